//! The `origo` client under test, and the steps the walkthrough tests share: registering and
//! approving a PV system, binding its meter, reading a transaction's events.

use crate::{cli_binary, Node};
use serde_json::Value;
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring;
use std::{
	process::{Command, Output},
	time::{SystemTime, UNIX_EPOCH},
};

/// The Miami sample year: 8,596,975 Wh.
pub const MIAMI: &str =
	concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/miami-fl-5kwp-hourly.csv");

/// The Greensboro sample year: 7,910,989 Wh.
pub const GREENSBORO: &str =
	concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/greensboro-nc-5kwp-hourly.csv");

/// `origo` against one node.
pub struct Origo<'a> {
	/// The node it talks to.
	pub node: &'a Node,
}

impl Origo<'_> {
	/// Runs `origo args` against the node.
	pub fn output(&self, args: &[&str]) -> Output {
		Command::new(cli_binary())
			.args(["--url", &self.node.ws_url()])
			.args(args)
			.output()
			.expect("origo can be started")
	}

	/// Runs `origo args --json`; panics with its error output if it fails.
	pub fn json(&self, args: &[&str]) -> Value {
		let output = self.output(&[args, &["--json"]].concat());
		assert!(
			output.status.success(),
			"origo {args:?} failed:\n{}",
			String::from_utf8_lossy(&output.stderr)
		);
		serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
			panic!(
				"origo {args:?} printed no JSON ({e}):\n{}",
				String::from_utf8_lossy(&output.stdout)
			)
		})
	}

	/// Runs `origo args`, which must fail; returns its error output.
	pub fn fails(&self, args: &[&str]) -> String {
		let output = self.output(args);
		assert_eq!(output.status.code(), Some(1), "origo {args:?} did not fail as it should");
		String::from_utf8_lossy(&output.stderr).into_owned()
	}
}

/// The SS58 address of a dev key.
pub fn address(key: Sr25519Keyring) -> String {
	key.to_account_id().to_ss58check()
}

/// Now, in Unix seconds.
pub fn now() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs()
}

/// The value of `field` in the first `pallet.event` of a transaction report.
pub fn event_field(report: &Value, event: &str, field: &str) -> Value {
	report["events"]
		.as_array()
		.and_then(|events| events.iter().find(|e| e["event"] == event))
		.map(|e| e["fields"][field].clone())
		.unwrap_or_else(|| panic!("no {event} event in {report}"))
}

/// The Wh of a list of holdings, as `origo certificates holdings --json` prints it.
pub fn total_wh(holdings: &Value) -> u64 {
	holdings
		.as_array()
		.expect("holdings are a list")
		.iter()
		.map(|holding| holding["wh"].as_str().and_then(|wh| wh.parse::<u64>().ok()).expect("Wh"))
		.sum()
}

/// Registers a PV system `name` of `capacity_w` of Ferdie in `US-FL`; returns its id.
pub fn register_pv(origo: &Origo, name: &str, capacity_w: &str) -> u64 {
	register_pv_in(origo, name, capacity_w, "US-FL")
}

/// Registers a PV system `name` of `capacity_w` of Ferdie in `zone`; returns its id.
pub fn register_pv_in(origo: &Origo, name: &str, capacity_w: &str, zone: &str) -> u64 {
	register_pv_of(origo, "//Ferdie", name, capacity_w, zone)
}

/// Registers a PV system `name` of `capacity_w` of `owner` in `zone`; returns its id.
pub fn register_pv_of(origo: &Origo, owner: &str, name: &str, capacity_w: &str, zone: &str) -> u64 {
	let registered = origo.json(&[
		"devices",
		"register",
		"--name",
		name,
		"--technology",
		"solar-pv",
		"--capacity-w",
		capacity_w,
		"--zone",
		zone,
		"--commissioned",
		"2024-06-01T00:00:00Z",
		"--suri",
		owner,
	]);
	event_field(&registered, "DeviceRegistered", "device").as_u64().expect("an id")
}

/// Registers a 5 kW (or `capacity_w`) PV system of Ferdie in `US-FL`, approved by `issuer`, with
/// `meter` bound; returns its id.
pub fn pv_device(origo: &Origo, issuer: &str, meter: &str, capacity_w: &str) -> u64 {
	let device = register_pv(origo, "Miami rooftop", capacity_w);
	origo.json(&["devices", "approve", &device.to_string(), "--suri", issuer]);
	origo.json(&[
		"meters",
		"bind",
		"--device",
		&device.to_string(),
		"--meter-suri",
		meter,
		"--suri",
		"//Ferdie",
	]);
	device
}

/// Governance (the dev chain's sudo key, Alice) appoints Charlie as the Florida (`US-FL`)
/// issuer.
pub fn appoint_florida_issuer(origo: &Origo) {
	let charlie = address(Sr25519Keyring::Charlie);
	origo.json(&[
		"issuers",
		"appoint",
		"--issuer",
		&charlie,
		"--name",
		"Florida PSC",
		"--zones",
		"US-FL",
		"--suri",
		"//Alice",
	]);
}

/// Ferdie's Miami rooftop (5 kW, approved by Charlie, meter `//miami-meter` bound) imports the
/// sample year, laid onto the year up to an hour ago: 8 MWh certified (batches 0-7). Returns
/// the device and the import's report.
pub fn miami_year(origo: &Origo) -> (u64, Value) {
	let device = pv_device(origo, "//Charlie", "//miami-meter", "5000");
	let end = (now() - 3_600).to_string();
	let imported = origo.json(&[
		"readings",
		"import",
		MIAMI,
		"--meter-suri",
		"//miami-meter",
		"--suri",
		"//Ferdie",
		"--shift-to-end",
		&end,
	]);
	(device, imported)
}

//! The chain's footprint on a real dev node: the model's figure from the first block; the node's
//! energy reporter metering its server from a file source through the feeless reading path; a
//! neutrality retirement offsetting it; the status API showing the period neutral.

use codec::Encode;
use origo_integration::{chain, registry, wait_until, Node, NodeOptions};
use origo_primitives::{
	registry::{sign_reading, DeviceKind, MeterKey, Reading, Technology, Zone},
	AccountId,
};
use origo_runtime::RuntimeCall;
use pallet_certificates::{Claim, Purpose};
use pallet_footprint::{NeutralityStatus, PeriodId, PeriodRecord};
use pallet_meters::DeviceDeclaration;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::{
	fs,
	time::{Duration, SystemTime, UNIX_EPOCH},
};

const NODE_METER_SEED: &str = "//origo-node-meter";

fn status(node: &Node) -> NeutralityStatus<AccountId> {
	chain::runtime_api(node, "FootprintApi_status", &[])
}

fn declaration(
	name: &[u8],
	capacity_w: u64,
	zone: &[u8],
	kind: DeviceKind,
) -> DeviceDeclaration<Vec<u8>> {
	DeviceDeclaration {
		name: name.to_vec(),
		technology: if kind == DeviceKind::Production {
			Technology::SolarPv
		} else {
			Technology::Other
		},
		capacity_w,
		zone: Zone::from_code(zone).expect("a valid zone"),
		commissioned: 1_700_000_000,
		location: None,
		kind,
	}
}

#[test]
fn a_reporting_node_is_metered_offset_and_shown_neutral() {
	let energy_dir = tempfile::tempdir().expect("a temporary directory");
	let energy_file = energy_dir.path().join("server-wh");
	fs::write(&energy_file, "0\n").expect("the energy file can be written");
	let mut node = Node::prepare(NodeOptions::dev("alice").with_args(&[
		"--energy-source",
		"file",
		"--energy-file",
		energy_file.to_str().expect("a UTF-8 path"),
		"--energy-interval",
		"2",
	]));
	node.insert_key("metr", NODE_METER_SEED);
	node.restart();
	node.wait_for_best(2);

	// Before any node meters itself, the model's figure stands alone.
	let modelled = status(&node);
	assert!(modelled.modelled_mj > 0, "{modelled:?}");
	assert_eq!(modelled.metered_wh, 0);
	assert_eq!(modelled.accounted_wh, modelled.modelled_mj.div_ceil(3_600_000));
	assert!(!modelled.neutral);
	assert_eq!(modelled.coefficients.idle_watts_per_validator, 60);

	// Eve runs the validator's server: a consumption device with the node's meter key.
	let server = registry::approved_device(
		&node,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Dave,
		declaration(b"Validator alice", 50_000, b"DE", DeviceKind::Consumption),
	);
	let node_meter_pair = sr25519::Pair::from_string(NODE_METER_SEED, None).expect("a valid seed");
	let node_meter = MeterKey::from(node_meter_pair.public());
	registry::bind_meter(&node, Sr25519Keyring::Eve, server, &node_meter_pair);
	// Governance (the dev chain's sudo) recognises the server as a chain node, and lets its
	// reporter read every 2 s rather than every 15 minutes.
	chain::sudo(
		&node,
		RuntimeCall::Footprint(pallet_footprint::Call::recognise_node { device: server }),
	);
	chain::sudo(
		&node,
		RuntimeCall::Meters(pallet_meters::Call::set_feeless_interval { seconds: 1 }),
	);
	let interval = pallet_meters::FeelessInterval::<origo_runtime::Runtime>::hashed_key();
	wait_until("governance to shorten the feeless interval", Duration::from_secs(60), || {
		chain::storage::<u64>(&node, &interval).filter(|seconds| *seconds == 1)
	});
	registry::wait_for_counter(&node, &node_meter, 0);
	fs::write(&energy_file, "20\n").expect("the energy file can be written");
	registry::wait_for_counter(&node, &node_meter, 20);
	wait_until("the footprint to count the metered Wh", Duration::from_secs(30), || {
		Some(status(&node)).filter(|status| status.metered_wh == 20)
	});

	// Ferdie's solar park produces 1 MWh, and Ferdie offsets the chain with part of it.
	let park = registry::approved_device(
		&node,
		Sr25519Keyring::Ferdie,
		Sr25519Keyring::Dave,
		declaration(b"Solar park", 5_000_000, b"US-FL", DeviceKind::Production),
	);
	let park_meter_pair = sr25519::Pair::from_string("//park-meter", None).expect("a valid seed");
	let park_meter = MeterKey::from(park_meter_pair.public());
	registry::bind_meter(&node, Sr25519Keyring::Ferdie, park, &park_meter_pair);
	let genesis = chain::chain_context(&node).genesis_hash;
	let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
	for (counter_wh, timestamp) in [(0, now - 3_600), (1_000_000, now - 60)] {
		let reading = Reading { meter: park_meter, counter_wh, timestamp };
		chain::submit_general(
			&node,
			RuntimeCall::Meters(pallet_meters::Call::submit_reading {
				reading: sign_reading(&park_meter_pair, reading, &genesis),
			}),
		);
		registry::wait_for_counter(&node, &park_meter, counter_wh);
	}
	chain::submit(
		&node,
		Sr25519Keyring::Ferdie,
		RuntimeCall::Certificates(pallet_certificates::Call::retire {
			batch: 0,
			wh: 1_000,
			claim: Claim {
				beneficiary: None,
				beneficiary_name: Some(b"Origo validators".to_vec()),
				purpose: Purpose::ChainNeutrality,
				consumption_country: None,
				consumption_period: None,
				message: b"offsetting the chain".to_vec(),
			},
		}),
	);
	let neutral = wait_until("the chain to turn neutral", Duration::from_secs(60), || {
		Some(status(&node)).filter(|status| status.neutral)
	});
	assert_eq!(neutral.offset_wh, 1_000);
	assert_eq!(neutral.metered_wh, 20);
	assert!(neutral.neutral_since.is_some());
	assert_eq!(neutral.surplus_wh, 1_000 - neutral.accounted_wh);

	let (period, open) = neutral.current.expect("a period is open");
	assert!(!open.closed);
	assert_eq!((open.metered_wh, open.offset_wh), (20, 1_000));
	assert!(open.accounted_wh() <= open.offset_wh, "the open period is offset: {open:?}");
	let history: Vec<(PeriodId, PeriodRecord)> =
		chain::runtime_api(&node, "FootprintApi_history", &(None::<PeriodId>, 10u32).encode());
	assert_eq!(history.last().map(|(id, _)| *id), Some(period));
	let nodes: Vec<(u64, u64)> = chain::runtime_api(
		&node,
		"FootprintApi_node_consumption",
		&(period, None::<u64>, 10u32).encode(),
	);
	assert_eq!(nodes, vec![(server, 20)]);
	node.wait_for_finalized(node.best_number());
	origo_integration::invariants::check(&node);
}

#[test]
fn the_reporter_refuses_to_start_without_a_meter_key_or_rapl() {
	let binary = origo_integration::node_binary();
	let run = |args: &[&str]| {
		let output = std::process::Command::new(&binary)
			.args(["--dev", "--tmp", "--rpc-port", "0", "--no-prometheus", "--no-telemetry"])
			.args(args)
			.output()
			.expect("origo-node can be started");
		assert!(!output.status.success(), "origo-node {args:?} started");
		String::from_utf8_lossy(&output.stderr).into_owned()
	};
	let root = tempfile::tempdir().expect("a temporary directory");
	let no_rapl =
		run(&["--energy-source", "rapl", "--energy-rapl-root", root.path().to_str().unwrap()]);
	assert!(no_rapl.contains("RAPL energy counters are not available"), "{no_rapl}");
	let no_key = run(&["--energy-source", "cpu", "--energy-watts-per-core", "10"]);
	assert!(no_key.contains("needs a meter key"), "{no_key}");
	let no_file = run(&["--energy-source", "file"]);
	assert!(no_file.contains("--energy-file"), "{no_file}");
}

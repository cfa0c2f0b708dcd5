//! The subcommands, one module per role's tool, and what they share: parsing zones and times,
//! and reporting a transaction's outcome.

mod audit;
mod certificates;
mod devices;
mod footprint;
mod issuers;
mod meters;
mod readings;

use crate::chain::{Chain, Error, GlobalOptions, Included, Result};
use origo_primitives::registry::{UnixTime, Zone};
use serde_json::{json, Value};

/// What `origo` does.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Issuing bodies: appoint (governance), remove, list.
	#[command(subcommand)]
	Issuers(issuers::Command),
	/// Devices: register, approve/reject, suspend/reinstate, show, list.
	#[command(subcommand)]
	Devices(devices::Command),
	/// Meter keys: bind to a device, retire, show.
	#[command(subcommand)]
	Meters(meters::Command),
	/// Meter readings: sign offline, submit, import a CSV.
	#[command(subcommand)]
	Readings(readings::Command),
	/// Certificates: holdings, batches, transfer, retire.
	#[command(subcommand)]
	Certificates(certificates::Command),
	/// Audit: retirements with provenance, receipts, batch supply, device history.
	#[command(subcommand)]
	Audit(audit::Command),
	/// The chain's own footprint: neutrality status, history, offsetting the chain.
	#[command(subcommand)]
	Footprint(footprint::Command),
}

/// Runs `command`.
pub async fn run(command: Command, global: &GlobalOptions) -> Result<()> {
	// Only signing a reading with a given genesis hash works offline.
	if let Command::Readings(readings::Command::Sign(sign)) = &command {
		if sign.genesis.is_some() {
			return readings::sign_offline(sign, global);
		}
	}
	let chain = Chain::connect(&global.url).await?;
	match command {
		Command::Issuers(command) => issuers::run(command, &chain, global).await,
		Command::Devices(command) => devices::run(command, &chain, global).await,
		Command::Meters(command) => meters::run(command, &chain, global).await,
		Command::Readings(command) => readings::run(command, &chain, global).await,
		Command::Certificates(command) => certificates::run(command, &chain, global).await,
		Command::Audit(command) => audit::run(command, &chain, global).await,
		Command::Footprint(command) => footprint::run(command, &chain, global).await,
	}
}

/// A zone code such as `DE` or `US-FL`.
pub fn parse_zone(code: &str) -> std::result::Result<Zone, String> {
	Zone::from_code(code.trim().as_bytes())
		.ok_or_else(|| format!("{code:?} is not a zone code (1-8 characters of A-Z, 0-9 and -)"))
}

/// A time: `YYYY-MM-DDTHH:MM:SSZ` or unix seconds.
pub fn parse_time(text: &str) -> std::result::Result<UnixTime, String> {
	origo_primitives::csv::parse_time(text)
		.ok_or_else(|| format!("{text:?} is not a UTC time (2025-01-31T00:00:00Z) or unix seconds"))
}

/// `bytes` if `value` is a JSON array of `len` bytes, or such an array wrapped in one more array
/// (a SCALE newtype as subxt renders it).
fn bytes_of(value: &Value, len: usize) -> Option<Vec<u8>> {
	let items = value.as_array()?;
	let items = match items.as_slice() {
		[inner] if inner.is_array() => inner.as_array()?,
		_ => items,
	};
	(items.len() == len).then(|| {
		items.iter().map(|item| item.as_u64().and_then(|b| u8::try_from(b).ok())).collect()
	})?
}

/// An event field as people read it: accounts in SS58, zones as codes, enum variants by name,
/// options as their value or null.
pub fn humanize(value: Value) -> Value {
	use sp_core::crypto::Ss58Codec;
	if let Some(raw) = bytes_of(&value, 32).and_then(|bytes| <[u8; 32]>::try_from(bytes).ok()) {
		return json!(sp_core::crypto::AccountId32::from(raw).to_ss58check());
	}
	if let Some(zone) = bytes_of(&value, 8).map(|bytes| Zone(bytes.try_into().expect("8 bytes"))) {
		if zone.is_valid() {
			return json!(String::from_utf8_lossy(zone.code()));
		}
	}
	match value {
		Value::Object(mut fields) if fields.len() == 2 && fields.contains_key("name") => {
			let name = fields.remove("name").unwrap_or_default();
			let values = fields.remove("values").unwrap_or_default();
			match (name.as_str().unwrap_or_default(), values) {
				("None", _) => Value::Null,
				(_, Value::Array(values)) if values.is_empty() => name,
				("Some", Value::Array(mut values)) if values.len() == 1 => {
					humanize(values.remove(0))
				},
				(variant, values) => json!({ variant: humanize(values) }),
			}
		},
		Value::Object(fields) => {
			Value::Object(fields.into_iter().map(|(key, field)| (key, humanize(field))).collect())
		},
		Value::Array(items) => Value::Array(items.into_iter().map(humanize).collect()),
		other => other,
	}
}

/// The events of our pallets in `included`, as JSON: `{pallet, event, fields}`.
fn registry_events(included: &Included) -> Result<Vec<Value>> {
	let mut events = Vec::new();
	for event in included.events.iter() {
		let event = event?;
		if matches!(event.pallet_name(), "System" | "TransactionPayment" | "Balances") {
			continue;
		}
		let fields = event
			.decode_fields_unchecked_as::<subxt::ext::scale_value::Composite<()>>()
			.map_err(|e| Error(format!("cannot decode an event: {e}")))?;
		events.push(json!({
			"pallet": event.pallet_name(),
			"event": event.event_name(),
			"fields": humanize(serde_json::to_value(&fields).map_err(|e| Error(e.to_string()))?),
		}));
	}
	Ok(events)
}

/// Reports a transaction the chain accepted: its block and our pallets' events.
pub fn report(global: &GlobalOptions, what: &str, included: &Included) -> Result<()> {
	let events = registry_events(included)?;
	if global.json {
		let report = json!({ "blockHash": format!("{:?}", included.block_hash), "events": events });
		crate::output::print(true, &report);
	} else {
		println!("{what} in block {:?}", included.block_hash);
		for event in &events {
			println!(
				"  {}.{} {}",
				event["pallet"].as_str().unwrap_or("?"),
				event["event"].as_str().unwrap_or("?"),
				event["fields"]
			);
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn event_fields_read_as_people_write_them() {
		let alice = [
			212u8, 53, 147, 199, 21, 253, 211, 28, 97, 20, 26, 189, 4, 169, 159, 214, 130, 44, 133,
			88, 133, 76, 205, 227, 154, 86, 132, 231, 165, 109, 162, 125,
		];
		let fields = json!({
			"owner": [alice.to_vec()],
			"zone": [[85, 83, 45, 70, 76, 0, 0, 0]],
			"purpose": {"name": "CarbonOffset", "values": []},
			"beneficiary": {"name": "None", "values": []},
			"name": {"name": "Some", "values": [7]},
			"wh": 5,
		});
		assert_eq!(
			humanize(fields),
			json!({
				"owner": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
				"zone": "US-FL",
				"purpose": "CarbonOffset",
				"beneficiary": null,
				"name": 7,
				"wh": 5,
			})
		);
	}
}

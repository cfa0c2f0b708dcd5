//! The subcommands, one module per role's tool, and what they share: parsing zones and times,
//! and reporting a transaction's outcome.

mod audit;
mod certificates;
mod devices;
mod footprint;
mod issuers;
mod market;
mod meters;
mod readings;

use crate::chain::{Chain, Error, GlobalOptions, Included, Result};
use origo_primitives::registry::{UnixTime, Zone};
use serde_json::{json, Value};
use subxt::ext::scale_value;

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
	/// The market: asks, bids, buying, selling, standing asks, local auctions, trades.
	#[command(subcommand)]
	Market(market::Command),
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
		Command::Market(command) => market::run(command, &chain, global).await,
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

/// The bytes of `value` if it is a sequence of `u8`s, or such a sequence wrapped in newtypes.
fn bytes_of(value: &scale_value::Value<u32>) -> Option<Vec<u8>> {
	use scale_value::{Composite, Primitive, ValueDef};
	match &value.value {
		ValueDef::Composite(Composite::Unnamed(items)) => match items.as_slice() {
			[inner] if !matches!(inner.value, ValueDef::Primitive(_)) => bytes_of(inner),
			items => items
				.iter()
				.map(|item| match item.value {
					ValueDef::Primitive(Primitive::U128(byte)) => u8::try_from(byte).ok(),
					_ => None,
				})
				.collect(),
		},
		_ => None,
	}
}

/// An event field as people read it, by its type in the runtime's metadata: accounts in SS58,
/// zones as codes, enum variants by name, options as their value or null, newtypes unwrapped,
/// numbers as numbers (as strings beyond 64 bits).
fn readable(value: &scale_value::Value<u32>, types: &scale_info::PortableRegistry) -> Value {
	use scale_value::{Composite, Primitive, ValueDef};
	let path = types.resolve(value.context).map(|ty| ty.path.segments.join("::"));
	match path.as_deref() {
		Some("sp_core::crypto::AccountId32") => {
			if let Some(raw) = bytes_of(value).and_then(|bytes| <[u8; 32]>::try_from(bytes).ok()) {
				use sp_core::crypto::Ss58Codec;
				return json!(sp_core::crypto::AccountId32::from(raw).to_ss58check());
			}
		},
		Some("origo_primitives::registry::Zone") => {
			if let Some(code) = bytes_of(value).and_then(|bytes| <[u8; 8]>::try_from(bytes).ok()) {
				return json!(String::from_utf8_lossy(Zone(code).code()));
			}
		},
		_ => {},
	}
	let composite = |composite: &Composite<u32>| match composite {
		Composite::Named(fields) => Value::Object(
			fields.iter().map(|(name, field)| (name.clone(), readable(field, types))).collect(),
		),
		Composite::Unnamed(items) => match items.as_slice() {
			[inner] => readable(inner, types),
			items => Value::Array(items.iter().map(|item| readable(item, types)).collect()),
		},
	};
	match &value.value {
		ValueDef::Composite(fields) => composite(fields),
		ValueDef::Variant(variant) => match (variant.name.as_str(), &variant.values) {
			("None", _) => Value::Null,
			("Some", values) => composite(values),
			(name, values) if values.is_empty() => json!(name),
			(name, values) => json!({ name: composite(values) }),
		},
		ValueDef::Primitive(Primitive::U128(number)) => match u64::try_from(*number) {
			Ok(number) => json!(number),
			Err(_) => json!(number.to_string()),
		},
		ValueDef::Primitive(Primitive::I128(number)) => match i64::try_from(*number) {
			Ok(number) => json!(number),
			Err(_) => json!(number.to_string()),
		},
		ValueDef::Primitive(Primitive::Bool(flag)) => json!(flag),
		ValueDef::Primitive(Primitive::Char(character)) => json!(character.to_string()),
		ValueDef::Primitive(Primitive::String(text)) => json!(text),
		ValueDef::Primitive(other) => json!(format!("{other:?}")),
		ValueDef::BitSequence(bits) => json!(format!("{bits:?}")),
	}
}

/// The fields of event `variant` of pallet `pallet`, SCALE-encoded in `bytes`, as people read
/// them.
fn event_fields(
	metadata: &subxt::Metadata,
	pallet: &str,
	variant: u8,
	mut bytes: &[u8],
) -> Result<Value> {
	let event = metadata
		.pallet_by_name(pallet)
		.and_then(|pallet| pallet.event_variant_by_index(variant))
		.ok_or_else(|| Error(format!("the metadata has no event {variant} of {pallet}")))?;
	let mut fields = event
		.fields
		.iter()
		.map(|field| subxt::ext::scale_decode::Field::new(field.ty.id, field.name.as_deref()));
	let decoded = scale_value::scale::decode_as_fields(&mut bytes, &mut fields, metadata.types())
		.map_err(|e| Error(format!("cannot decode {pallet}.{}: {e}", event.name)))?;
	let types = metadata.types();
	Ok(match decoded {
		scale_value::Composite::Named(fields) => Value::Object(
			fields.iter().map(|(name, field)| (name.clone(), readable(field, types))).collect(),
		),
		scale_value::Composite::Unnamed(items) => {
			Value::Array(items.iter().map(|item| readable(item, types)).collect())
		},
	})
}

/// The events of our pallets in `included`, as JSON: `{pallet, event, fields}`.
fn registry_events(included: &Included) -> Result<Vec<Value>> {
	let mut events = Vec::new();
	for event in included.events.iter() {
		let event = event?;
		if matches!(event.pallet_name(), "System" | "TransactionPayment" | "Balances") {
			continue;
		}
		let fields = event_fields(
			&included.metadata,
			event.pallet_name(),
			event.event_index(),
			event.field_bytes(),
		)?;
		events.push(json!({
			"pallet": event.pallet_name(),
			"event": event.event_name(),
			"fields": fields,
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
	use codec::Encode;
	use origo_primitives::testing::account;

	/// Event fields read by their types in Origo's metadata, not guessed from their shapes.
	#[test]
	fn event_fields_read_as_people_write_them() {
		let metadata = <subxt::Metadata as codec::Decode>::decode(
			&mut &include_bytes!("../../metadata/origo.scale")[..],
		)
		.expect("the client's metadata decodes");
		let index = |pallet: &str, event: &str| {
			let pallet = metadata.pallet_by_name(pallet).expect("the pallet");
			pallet.event_variants().unwrap().iter().find(|v| v.name == event).unwrap().index
		};
		let zone = Zone::from_code(b"US-FL").unwrap();
		let registered = (7u64, account("Alice"), zone).encode();
		assert_eq!(
			event_fields(&metadata, "Meters", index("Meters", "DeviceRegistered"), &registered)
				.unwrap(),
			json!({
				"device": 7,
				"owner": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
				"zone": "US-FL",
			})
		);
		// A 32-byte hash is not an account, nor an 8-byte name a zone: only their types say so.
		let mut retired =
			(3u64, 1u64, account("Eve"), Option::<origo_primitives::AccountId>::None).encode();
		retired.extend((2_000_000u64, 1u8, u64::MAX).encode());
		assert_eq!(
			event_fields(&metadata, "Certificates", index("Certificates", "Retired"), &retired)
				.unwrap(),
			json!({
				"retirement": 3,
				"batch": 1,
				"retirer": "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw",
				"beneficiary": null,
				"wh": 2_000_000,
				"purpose": "CarbonOffset",
				"avoided_g_co2e": u64::MAX,
			})
		);
		assert!(event_fields(&metadata, "Meters", 200, &[]).is_err());
	}
}

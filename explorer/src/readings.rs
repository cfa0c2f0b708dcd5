//! What meters measured: every reading, load profile and meter reset the chain accepted, sent
//! singly or in a gateway batch, as rows of the index with the energy each register adds to its
//! meter's previous one. These rows draw a device's production chart and list the readings
//! behind a batch.
//!
//! The chain emits no event per item of a gateway batch (the items are in the block's body,
//! and an event each would cost the batch more than it saves), so the items come from the
//! extrinsic's decoded arguments, less those its `ReadingRejected` and `ProfileRejected` events
//! refused; a failed extrinsic accepted nothing. A meter's device comes from its `MeterBound`
//! event; its baseline (no energy) is its first register or the register an issuer reset it to
//! (`MeterReset`). Energy is a register's difference from the meter's previous accepted
//! register, which is the chain's own measure (`verified + uncertified` of a device is the sum
//! of its rows, which the end-to-end test checks). Calls nested in another (`Sudo.sudo_as`)
//! are not unpacked: the meter's next register then spans the gap, so the totals stay right.

use crate::{
	calls,
	db::{insert_many, int, placeholders, Param, LOOKUP_CHUNK},
	decode::{own_json, own_type, FieldData},
	error::{Error, Result},
	index::EventRecord,
};
use origo_primitives::{meter_keys::MeterKey, profiles::SignedProfile, registry::SignedReading};
use scale_info::PortableRegistry;
use serde_json::Value;
use sqlx::{Any, Row, Transaction};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

/// A register a meter reported: when, and its cumulative count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Register {
	/// Unix seconds.
	pub time: u64,
	/// Wh.
	pub counter_wh: u64,
}

/// An item of a submission: a reading (one register) or a profile (one per interval).
#[derive(Debug, PartialEq, Eq)]
pub struct Submitted {
	/// Its position in its batch (0 for a single submission).
	pub index: u64,
	/// The meter's key, as the index names it ([`meter_name`]).
	pub meter: String,
	/// A profile's interval length, seconds; `None` for a reading.
	pub interval: Option<u64>,
	/// Its registers, in time order.
	pub registers: Vec<Register>,
}

/// A meter as the index follows it: its device and last accepted register.
#[derive(Clone, Copy, Debug)]
struct MeterState {
	device: i64,
	last: Option<Register>,
}

/// A row of the `readings` table.
#[derive(Debug, PartialEq, Eq)]
pub struct Measured {
	/// The item's position in its batch.
	pub item: u64,
	/// The device its meter measured.
	pub device: i64,
	/// The meter.
	pub meter: String,
	/// `reading`, `profile` or `reset`.
	pub kind: &'static str,
	/// When the energy starts: the meter's previous register's time, or a meter's first
	/// profile's start; `None` for a reading that is a meter's baseline.
	pub start_time: Option<u64>,
	/// Its last register's time.
	pub end_time: u64,
	/// Its last register.
	pub counter_wh: u64,
	/// The energy since the meter's previous register, Wh.
	pub wh: u64,
	/// A profile's interval length, seconds.
	pub interval_seconds: Option<u64>,
	/// A profile's energy per interval, Wh (the first from the meter's previous register).
	pub interval_wh: Option<Vec<u64>>,
}

/// A meter key as the index names it: its decoded JSON (`{"Sr25519":"0x…"}`), the same in
/// call arguments and events.
pub fn meter_name(key: &Value) -> String {
	key.to_string()
}

/// An unsigned integer of decoded JSON: a number, or a decimal string above 2^53.
fn unsigned(value: &Value, what: &str) -> Result<u64> {
	match value {
		Value::Number(number) => number.as_u64(),
		Value::String(text) => text.parse().ok(),
		_ => None,
	}
	.ok_or_else(|| Error::from(format!("{what} is not an unsigned integer: {value}")))
}

/// A reading's item: its meter's one register.
fn reading_item(index: usize, meter: String, time: u64, counter_wh: u64) -> Submitted {
	Submitted {
		index: index as u64,
		meter,
		interval: None,
		registers: vec![Register { time, counter_wh }],
	}
}

/// A profile's item: register `i` is read at `start + interval × (i + 1)`.
fn profile_item(
	index: usize,
	meter: String,
	(start, interval): (u64, u64),
	registers: impl Iterator<Item = u64>,
) -> Submitted {
	let registers = registers
		.enumerate()
		.map(|(position, counter_wh)| Register {
			time: start + interval * (position as u64 + 1),
			counter_wh,
		})
		.collect();
	Submitted { index: index as u64, meter, interval: Some(interval), registers }
}

impl calls::Reading {
	/// The item at `index` of its submission.
	fn item(self, index: usize) -> Submitted {
		reading_item(index, meter_name(&self.meter.0), self.timestamp, self.counter_wh)
	}
}

impl calls::Profile {
	/// The item at `index` of its submission.
	fn item(self, index: usize) -> Submitted {
		let meter = meter_name(&self.meter.0);
		profile_item(index, meter, (self.start, self.interval), self.registers.into_iter())
	}
}

/// The most meter names a thread keeps (see [`own_meter_name`]) before it starts afresh.
const METER_NAMES_KEPT: usize = 1 << 16;

thread_local! {
	/// The registry of the chain's meter key type, and the names of the keys a thread has seen:
	/// a meter sends every few minutes, and naming it took a tenth of reading a batch.
	static METER_NAMES: RefCell<((PortableRegistry, u32), BTreeMap<MeterKey, String>)> =
		RefCell::new((own_type::<MeterKey>(), BTreeMap::new()));
}

/// The name ([`meter_name`]) of a meter key of the chain's own type.
fn own_meter_name(key: &MeterKey) -> Result<String> {
	METER_NAMES.with_borrow_mut(|((types, id), names)| {
		if let Some(name) = names.get(key) {
			return Ok(name.clone());
		}
		if names.len() >= METER_NAMES_KEPT {
			names.clear();
		}
		let json =
			own_json((types, *id), key).map_err(|e| Error::from(format!("a meter key: {e}")))?;
		let name = meter_name(&json);
		names.insert(*key, name.clone());
		Ok(name)
	})
}

/// The item at `index` of a submission, from a reading of the chain's own type.
fn own_reading(index: usize, signed: &SignedReading) -> Result<Submitted> {
	let reading = &signed.reading;
	let meter = own_meter_name(&reading.meter)?;
	Ok(reading_item(index, meter, reading.timestamp, reading.counter_wh))
}

/// The item at `index` of a submission, from a profile of the chain's own type.
fn own_profile(index: usize, signed: &SignedProfile) -> Result<Submitted> {
	let profile = &signed.profile;
	let meter = own_meter_name(&profile.meter)?;
	let times = (profile.start, u64::from(profile.interval));
	Ok(profile_item(index, meter, times, profile.registers.iter().map(|register| register.0)))
}

/// The items the call `pallet`.`call` with the arguments `call_data` submitted, if it is one of
/// the meters' submissions: read as the chain's own types when its runtime's have their shape,
/// else through the metadata ([`calls`]), which reads only the fields needed.
pub fn submitted((pallet, call): (&str, &str), call_data: &FieldData) -> Result<Vec<Submitted>> {
	match (pallet, call) {
		("Meters", "submit_reading") => items(
			call_data,
			|signed: SignedReading| Ok(vec![own_reading(0, &signed)?]),
			|args: calls::OneReading| vec![args.reading.reading.item(0)],
		),
		("Meters", "submit_readings") => items(
			call_data,
			|batch: Vec<SignedReading>| {
				batch.iter().enumerate().map(|(index, signed)| own_reading(index, signed)).collect()
			},
			|args: calls::Readings| {
				let batch = args.readings.into_iter().enumerate();
				batch.map(|(index, signed)| signed.reading.item(index)).collect()
			},
		),
		("Meters", "submit_profile") => items(
			call_data,
			|signed: SignedProfile| Ok(vec![own_profile(0, &signed)?]),
			|args: calls::OneProfile| vec![args.profile.profile.item(0)],
		),
		("Meters", "submit_profiles") => items(
			call_data,
			|batch: Vec<SignedProfile>| {
				batch.iter().enumerate().map(|(index, signed)| own_profile(index, signed)).collect()
			},
			|args: calls::Profiles| {
				let batch = args.profiles.into_iter().enumerate();
				batch.map(|(index, signed)| signed.profile.item(index)).collect()
			},
		),
		_ => Ok(Vec::new()),
	}
	.map_err(|error| Error::from(format!("{pallet}.{call}: {error}")))
}

/// A submission's items: its one argument read as the chain's own type `Own` when the runtime's
/// has its shape (see [`FieldData::decode_own`]), else its arguments as `ByMetadata`.
fn items<Own, ByMetadata>(
	call_data: &FieldData,
	own: impl FnOnce(Own) -> Result<Vec<Submitted>>,
	by_metadata: impl FnOnce(ByMetadata) -> Vec<Submitted>,
) -> Result<Vec<Submitted>>
where
	Own: codec::Decode + scale_info::TypeInfo + 'static,
	ByMetadata: subxt::ext::scale_decode::DecodeAsFields,
{
	match call_data.decode_own::<Own>() {
		Some(decoded) => own(decoded.map_err(|e| Error::from(e.to_string()))?),
		None => Ok(by_metadata(call_data.decode().map_err(|e| Error::from(e.to_string()))?)),
	}
}

/// The items of each extrinsic that the chain refused, by the extrinsic's position.
fn rejections(events: &[EventRecord]) -> Result<BTreeMap<u32, BTreeSet<u64>>> {
	let mut rejected: BTreeMap<u32, BTreeSet<u64>> = BTreeMap::new();
	for event in events {
		let refusal = matches!(event.name.as_str(), "ReadingRejected" | "ProfileRejected");
		if let (Some(extrinsic), "Meters", true) = (event.extrinsic, event.pallet.as_str(), refusal)
		{
			let index = unsigned(event.fields.get("index").unwrap_or(&Value::Null), "an index")?;
			rejected.entry(extrinsic).or_default().insert(index);
		}
	}
	Ok(rejected)
}

/// Measures `item` against its meter's last register, and makes the item's last register the
/// meter's.
fn measure(state: &mut MeterState, item: &Submitted) -> Result<Measured> {
	let mut previous = state.last;
	let mut interval_wh = Vec::with_capacity(item.registers.len());
	for register in &item.registers {
		let wh = match previous {
			Some(previous) => {
				register.counter_wh.checked_sub(previous.counter_wh).ok_or_else(|| {
					Error::from(format!(
					"meter {}'s register went back from {} to {} Wh at {}: the chain refuses that",
					item.meter, previous.counter_wh, register.counter_wh, register.time
				))
				})?
			},
			None => 0,
		};
		interval_wh.push(wh);
		previous = Some(*register);
	}
	let last =
		previous.ok_or_else(|| Error::from(format!("meter {} sent no register", item.meter)))?;
	// A meter's first profile starts its baseline: its first interval has no energy, the
	// others do, so the row spans from the profile's start.
	let first_start = |interval| item.registers[0].time - interval;
	let measured = Measured {
		item: item.index,
		device: state.device,
		kind: if item.interval.is_some() { "profile" } else { "reading" },
		start_time: state.last.map(|register| register.time).or(item.interval.map(first_start)),
		end_time: last.time,
		counter_wh: last.counter_wh,
		wh: interval_wh.iter().sum(),
		interval_seconds: item.interval,
		interval_wh: item.interval.map(|_| interval_wh),
		meter: item.meter.clone(),
	};
	state.last = Some(last);
	Ok(measured)
}

/// What a block's readings need from it, worked out where the block is decoded: the items
/// its successful submissions sent that the chain accepted (less those its
/// `ReadingRejected` and `ProfileRejected` events refused), and every meter those items and
/// its `MeterBound` and `MeterReset` events name.
#[derive(Debug, Default)]
pub struct Submissions {
	/// The accepted items by their extrinsic's position.
	items: BTreeMap<u32, Vec<Submitted>>,
	meters: BTreeSet<String>,
}

impl Submissions {
	/// The items a block's extrinsics `submitted`, by their position (successful extrinsics
	/// only), less those its `events` refused, and the meters they and its events name.
	pub fn new(submitted: BTreeMap<u32, Vec<Submitted>>, events: &[EventRecord]) -> Result<Self> {
		let rejected = rejections(events)?;
		let mut items = BTreeMap::new();
		for (position, sent) in submitted {
			let refused = rejected.get(&position);
			let accepted: Vec<Submitted> = sent
				.into_iter()
				.filter(|item| !refused.is_some_and(|refused| refused.contains(&item.index)))
				.collect();
			if !accepted.is_empty() {
				items.insert(position, accepted);
			}
		}
		let mut meters: BTreeSet<String> =
			items.values().flatten().map(|item| item.meter.clone()).collect();
		for event in events {
			if event.pallet == "Meters"
				&& matches!(event.name.as_str(), "MeterBound" | "MeterReset")
			{
				meters.insert(meter_name(event.fields.get("meter").unwrap_or(&Value::Null)));
			}
		}
		Ok(Self { items, meters })
	}
}

/// A block's meters: the state of every meter it touches, read from the index once and moved
/// on in the block's order (a meter bound earlier in the block measures its device later in
/// it), and the readings rows they make; written at the block's end in a few statements
/// rather than a few per submission.
pub struct BlockMeters<'a> {
	number: u64,
	submissions: &'a Submissions,
	meters: BTreeMap<String, MeterState>,
	/// Each row with its extrinsic's position.
	rows: Vec<(u32, Measured)>,
}

impl<'a> BlockMeters<'a> {
	/// The meters block `number`'s `submissions` touch, as the index has them before it.
	pub async fn load(
		tx: &mut Transaction<'static, Any>,
		number: u64,
		submissions: &'a Submissions,
	) -> Result<Self> {
		let meters = load(tx, &submissions.meters).await?;
		Ok(Self { number, submissions, meters, rows: Vec::new() })
	}

	/// Takes in what the extrinsic at `position` submitted and the chain accepted (nothing, if
	/// it failed).
	pub fn submit(&mut self, position: u32) -> Result<()> {
		for item in self.submissions.items.get(&position).into_iter().flatten() {
			let state = self.meters.get_mut(&item.meter).ok_or_else(|| {
				Error::from(format!(
					"block {}: the chain accepted a register of meter {}, which no indexed \
					 `MeterBound` bound",
					self.number, item.meter
				))
			})?;
			self.rows.push((position, measure(state, item)?));
		}
		Ok(())
	}

	/// Takes in an event: a `MeterBound` or a `MeterReset` moves its meter on.
	pub fn take_in(&mut self, event: &EventRecord) -> Result<()> {
		match (event.pallet.as_str(), event.name.as_str()) {
			("Meters", "MeterBound") => self.bind(event),
			("Meters", "MeterReset") => self.reset(event),
			_ => Ok(()),
		}
	}

	/// The meter measures its device from now on, and keeps its last register (an unbound
	/// meter's old readings are never accepted again).
	fn bind(&mut self, event: &EventRecord) -> Result<()> {
		let device = unsigned(event.fields.get("device").unwrap_or(&Value::Null), "a device")?;
		let device = int(device)?;
		let meter = meter_name(event.fields.get("meter").unwrap_or(&Value::Null));
		self.meters
			.entry(meter)
			.and_modify(|state| state.device = device)
			.or_insert(MeterState { device, last: None });
		Ok(())
	}

	/// The reset register is the meter's new baseline, and what the meter measured since its
	/// last register is not known.
	fn reset(&mut self, event: &EventRecord) -> Result<()> {
		let field = |name: &str| event.fields.get(name).unwrap_or(&Value::Null);
		let register = Register {
			time: unsigned(field("timestamp"), "a reset's timestamp")?,
			counter_wh: unsigned(field("counter_wh"), "a reset's counter")?,
		};
		let meter = meter_name(field("meter"));
		let device = int(unsigned(field("device"), "a reset's device")?)?;
		let extrinsic =
			event.extrinsic.ok_or_else(|| Error::from("a meter reset outside an extrinsic"))?;
		let row = Measured {
			item: 0,
			device,
			meter: meter.clone(),
			kind: "reset",
			start_time: None,
			end_time: register.time,
			counter_wh: register.counter_wh,
			wh: 0,
			interval_seconds: None,
			interval_wh: None,
		};
		self.rows.push((extrinsic, row));
		self.meters.insert(meter, MeterState { device, last: Some(register) });
		Ok(())
	}

	/// Writes the block's readings rows and its meters' new state.
	pub async fn write(self, tx: &mut Transaction<'static, Any>) -> Result<()> {
		insert(tx, self.number, &self.rows).await?;
		store(tx, &self.meters).await
	}
}

/// The index's state of the meters `names`.
async fn load(
	tx: &mut Transaction<'static, Any>,
	names: &BTreeSet<String>,
) -> Result<BTreeMap<String, MeterState>> {
	let names: Vec<&String> = names.iter().collect();
	let mut meters = BTreeMap::new();
	for chunk in names.chunks(LOOKUP_CHUNK) {
		let sql = format!(
			"SELECT meter, device, counter_wh, read_at FROM meters WHERE meter IN ({})",
			placeholders(tx, 1, chunk.len())
		);
		let mut query = sqlx::query(&sql);
		for name in chunk {
			query = query.bind(name.as_str());
		}
		for row in query.fetch_all(&mut **tx).await? {
			let counter: Option<i64> = row.try_get("counter_wh")?;
			let time: Option<i64> = row.try_get("read_at")?;
			let last = counter
				.zip(time)
				.map(|(counter, time)| Register { time: time as u64, counter_wh: counter as u64 });
			meters
				.insert(row.try_get("meter")?, MeterState { device: row.try_get("device")?, last });
		}
	}
	Ok(meters)
}

/// Stores the meters' last registers.
async fn store(
	tx: &mut Transaction<'static, Any>,
	meters: &BTreeMap<String, MeterState>,
) -> Result<()> {
	let mut params = Vec::with_capacity(meters.len() * 4);
	for (meter, state) in meters {
		let last = state.last;
		params.extend([
			Param::from(meter.as_str()),
			state.device.into(),
			last.map(|register| int(register.counter_wh)).transpose()?.into(),
			last.map(|register| int(register.time)).transpose()?.into(),
		]);
	}
	insert_many(
		tx,
		"INSERT INTO meters (meter, device, counter_wh, read_at)",
		"ON CONFLICT (meter) DO UPDATE SET device = excluded.device, \
		 counter_wh = excluded.counter_wh, read_at = excluded.read_at",
		4,
		&params,
	)
	.await
}

/// Inserts `rows` of block `number`, each with its extrinsic's position.
async fn insert(
	tx: &mut Transaction<'static, Any>,
	number: u64,
	rows: &[(u32, Measured)],
) -> Result<()> {
	let mut params = Vec::with_capacity(rows.len() * 12);
	for (extrinsic, row) in rows {
		let interval_wh = row
			.interval_wh
			.as_ref()
			.map(|wh| wh.iter().map(u64::to_string).collect::<Vec<_>>().join(","));
		params.extend([
			Param::from(int(number)?),
			i64::from(*extrinsic).into(),
			int(row.item)?.into(),
			row.device.into(),
			row.meter.as_str().into(),
			row.kind.into(),
			row.start_time.map(int).transpose()?.into(),
			int(row.end_time)?.into(),
			int(row.counter_wh)?.into(),
			int(row.wh)?.into(),
			row.interval_seconds.map(int).transpose()?.into(),
			interval_wh.into(),
		]);
	}
	insert_many(
		tx,
		"INSERT INTO readings (block_number, extrinsic, item, device, meter, kind, start_time, \
		 end_time, counter_wh, wh, interval_seconds, interval_wh)",
		"",
		12,
		&params,
	)
	.await
}

/// A row's energy as spans of time: `(from, to, wh)`, Unix seconds. A reading spans the time
/// since its meter's previous register; a profile's first interval likewise, its others their
/// interval. A baseline has no span.
pub fn spans(
	start_time: Option<u64>,
	end_time: u64,
	wh: u64,
	interval_seconds: Option<u64>,
	interval_wh: Option<&str>,
) -> Result<Vec<(u64, u64, u64)>> {
	let Some(start) = start_time else { return Ok(Vec::new()) };
	let (Some(interval), Some(list)) = (interval_seconds, interval_wh) else {
		return Ok(vec![(start, end_time, wh)]);
	};
	let energies: Vec<u64> = list
		.split(',')
		.map(|wh| wh.parse().map_err(|_| Error::from(format!("a bad interval energy {wh:?}"))))
		.collect::<Result<_>>()?;
	let count = energies.len() as u64;
	let first_end = end_time - interval * count.saturating_sub(1);
	Ok(energies
		.into_iter()
		.enumerate()
		.map(|(position, wh)| {
			let end = first_end + interval * position as u64;
			let from = if position == 0 { start } else { end - interval };
			(from, end, wh)
		})
		.collect())
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	use codec::{Compact, Encode};
	use origo_primitives::{meter_keys::MeterSignature, profiles::Profile, registry::Reading};
	use scale_info::{TypeDef, TypeInfo};
	use sp_core::{ed25519, sr25519};

	/// An older runtime's types, with other signatures (plain bytes): not the chain's own
	/// shape, so read through the metadata.
	#[derive(Encode, TypeInfo)]
	enum OldMeterKey {
		Sr25519([u8; 32]),
		P256([u8; 33]),
	}

	#[derive(Encode, TypeInfo)]
	struct OldReading {
		meter: OldMeterKey,
		counter_wh: u64,
		timestamp: u64,
	}

	#[derive(Encode, TypeInfo)]
	struct OldSignedReading {
		reading: OldReading,
		signature: [u8; 64],
	}

	#[derive(Encode, TypeInfo)]
	struct OldProfile {
		meter: OldMeterKey,
		#[codec(compact)]
		start: u64,
		#[codec(compact)]
		interval: u32,
		registers: Vec<Compact<u64>>,
	}

	#[derive(Encode, TypeInfo)]
	struct OldSignedProfile {
		profile: OldProfile,
		signature: [u8; 64],
	}

	/// `submit_readings`' arguments, of either runtime.
	#[derive(Encode, TypeInfo)]
	struct SubmitReadings<R> {
		readings: Vec<R>,
	}

	/// `submit_profiles`' arguments, of either runtime.
	#[derive(Encode, TypeInfo)]
	struct SubmitProfiles<P> {
		profiles: Vec<P>,
	}

	/// `read` of the call data of a call whose arguments are `args` (the struct of its fields),
	/// and of the same less its last byte.
	fn with_call_data<T: Encode + TypeInfo + 'static, R>(
		args: T,
		read: impl Fn(&FieldData) -> R,
	) -> (R, R) {
		let (types, id) = own_type::<T>();
		let TypeDef::Composite(composite) = &types.resolve(id).unwrap().type_def else {
			panic!("arguments are a struct")
		};
		let bytes = args.encode();
		let cut = &bytes[..bytes.len() - 1];
		(
			read(&FieldData::of_fields(&bytes, &composite.fields, &types)),
			read(&FieldData::of_fields(cut, &composite.fields, &types)),
		)
	}

	/// What `Meters.{call}` with the arguments `args` submitted, and what the same less its
	/// last byte did.
	fn submitted_by<T: Encode + TypeInfo + 'static>(
		call: &str,
		args: T,
	) -> (Result<Vec<Submitted>>, Result<Vec<Submitted>>) {
		with_call_data(args, |call_data| submitted(("Meters", call), call_data))
	}

	fn old_reading(counter_wh: u64, timestamp: u64) -> OldSignedReading {
		OldSignedReading {
			reading: OldReading { meter: OldMeterKey::Sr25519([1; 32]), counter_wh, timestamp },
			signature: [9; 64],
		}
	}

	fn own_reading(counter_wh: u64, timestamp: u64) -> SignedReading {
		let meter = MeterKey::Sr25519(sr25519::Public::from_raw([1; 32]));
		SignedReading {
			reading: Reading { meter, counter_wh, timestamp },
			signature: MeterSignature::Ed25519(ed25519::Signature::from_raw([9; 64])),
		}
	}

	#[test]
	fn a_gateway_batch_gives_its_readings_and_a_profile_a_register_per_interval() {
		let batch = SubmitReadings {
			readings: vec![old_reading(1000, 3600), old_reading(9_007_199_254_740_993, 7200)],
		};
		let (items, cut) = submitted_by("submit_readings", batch);
		let items = items.unwrap();
		assert_eq!(items.len(), 2);
		assert_eq!(items[1].index, 1);
		assert_eq!(
			items[1].registers,
			vec![Register { time: 7200, counter_wh: 9_007_199_254_740_993 }]
		);
		// The meter named as events name it, so that its `MeterBound` finds it.
		assert_eq!(items[0].meter, format!("{{\"Sr25519\":\"0x{}\"}}", "01".repeat(32)));
		assert!(cut.is_err(), "arguments cut short are an error, not fewer items");

		let profile = OldProfile {
			meter: OldMeterKey::P256([2; 33]),
			start: 86_400,
			interval: 900,
			registers: vec![Compact(5), Compact(7), Compact(7)],
		};
		let batch =
			SubmitProfiles { profiles: vec![OldSignedProfile { profile, signature: [9; 64] }] };
		let items = submitted_by("submit_profiles", batch).0.unwrap();
		assert_eq!(items[0].interval, Some(900));
		assert_eq!(items[0].meter, format!("{{\"P256\":\"0x{}\"}}", "02".repeat(33)));
		let times: Vec<u64> = items[0].registers.iter().map(|r| r.time).collect();
		assert_eq!(times, vec![87_300, 88_200, 89_100]);
		let counters: Vec<u64> = items[0].registers.iter().map(|r| r.counter_wh).collect();
		assert_eq!(counters, vec![5, 7, 7]);

		// Another call submits nothing; a submission without its list is an error.
		let nothing = SubmitReadings::<OldSignedReading> { readings: vec![] };
		assert!(submitted_by("bind_meter", nothing).0.unwrap().is_empty());
		let wrong = SubmitReadings::<OldSignedReading> { readings: vec![] };
		let error = submitted_by("submit_profiles", wrong).0.unwrap_err();
		assert!(error.to_string().contains("Meters.submit_profiles"), "{error}");
	}

	#[test]
	fn the_chains_own_types_are_read_as_plain_scale_and_give_what_the_metadata_gives() {
		let own = || SubmitReadings {
			readings: vec![own_reading(1000, 3600), own_reading(9_007_199_254_740_993, 7200)],
		};
		let old = || SubmitReadings {
			readings: vec![old_reading(1000, 3600), old_reading(9_007_199_254_740_993, 7200)],
		};
		// The runtime's type of the argument has the chain's own shape, or not.
		let read_own =
			|call_data: &FieldData| call_data.decode_own::<Vec<SignedReading>>().is_some();
		assert_eq!(with_call_data(own(), read_own), (true, true));
		assert_eq!(with_call_data(old(), read_own), (false, false));
		let (fast, fast_cut) = submitted_by("submit_readings", own());
		assert_eq!(fast.unwrap(), submitted_by("submit_readings", old()).0.unwrap());
		assert!(fast_cut.is_err(), "arguments cut short are an error either way");

		let profile = |registers: Vec<u64>| SignedProfile {
			profile: Profile {
				meter: MeterKey::Sr25519(sr25519::Public::from_raw([1; 32])),
				start: 86_400,
				interval: 900,
				registers: registers.into_iter().map(Compact).collect(),
			},
			signature: MeterSignature::Ed25519(ed25519::Signature::from_raw([9; 64])),
		};
		let batch = SubmitProfiles { profiles: vec![profile(vec![5, 7]), profile(vec![8])] };
		let items = submitted_by("submit_profiles", batch).0.unwrap();
		assert_eq!(items[1].index, 1);
		assert_eq!(items[0].registers[1], Register { time: 88_200, counter_wh: 7 });
		assert_eq!(items[1].meter, items[0].meter);
	}

	#[test]
	fn energy_is_the_difference_from_the_meters_previous_register_and_a_first_one_is_a_baseline() {
		let item = |index, interval, registers: &[(u64, u64)]| Submitted {
			index,
			meter: "m".into(),
			interval,
			registers: registers
				.iter()
				.map(|&(time, counter_wh)| Register { time, counter_wh })
				.collect(),
		};
		// A meter's first profile: its first interval is the baseline, the next has energy.
		let mut fresh = MeterState { device: 4, last: None };
		let first = measure(&mut fresh, &item(0, Some(900), &[(1800, 10), (2700, 40)])).unwrap();
		assert_eq!((first.start_time, first.wh), (Some(900), 30));
		assert_eq!(first.interval_wh, Some(vec![0, 30]));
		assert_eq!(
			spans(first.start_time, first.end_time, first.wh, Some(900), Some("0,30")).unwrap(),
			vec![(900, 1800, 0), (1800, 2700, 30)]
		);

		let mut state = MeterState { device: 4, last: None };
		let baseline = measure(&mut state, &item(0, None, &[(3600, 1000)])).unwrap();
		assert_eq!((baseline.start_time, baseline.wh), (None, 0));
		let profile = measure(
			&mut state,
			&item(1, Some(3600), &[(10_800, 1500), (14_400, 1500), (18_000, 2300)]),
		)
		.unwrap();
		assert_eq!(profile.start_time, Some(3600));
		assert_eq!(profile.wh, 1300);
		assert_eq!(profile.interval_wh, Some(vec![500, 0, 800]));
		assert_eq!(profile.device, 4);
		let reading = measure(&mut state, &item(2, None, &[(21_600, 2400)])).unwrap();
		assert_eq!((reading.start_time, reading.end_time, reading.wh), (Some(18_000), 21_600, 100));
		// A register below the last is refused by the chain: finding one is an error.
		assert!(measure(&mut state, &item(3, None, &[(25_200, 10)])).is_err());

		// The profile's first interval spans the gap since the previous register.
		assert_eq!(
			spans(Some(3600), 18_000, 1300, Some(3600), Some("500,0,800")).unwrap(),
			vec![(3600, 10_800, 500), (10_800, 14_400, 0), (14_400, 18_000, 800)]
		);
		assert_eq!(
			spans(Some(18_000), 21_600, 100, None, None).unwrap(),
			vec![(18_000, 21_600, 100)]
		);
		assert_eq!(spans(None, 3600, 0, None, None).unwrap(), vec![]);
	}

	#[test]
	fn refused_items_are_found_by_their_extrinsic_and_index() {
		let event = |extrinsic, name: &str, index| {
			let fields = json!({"index": index, "meter": {}, "error": "BadSignature"});
			let fields = fields.as_object().unwrap().clone();
			EventRecord::new(
				0,
				("extrinsic", extrinsic),
				("Meters".into(), name.into()),
				fields,
				vec![],
			)
		};
		let events = [
			event(Some(1), "ReadingRejected", 3),
			event(Some(1), "ReadingRejected", 5),
			event(Some(2), "ProfileRejected", 0),
			event(Some(2), "BatchProcessed", 9),
		];
		let rejected = rejections(&events).unwrap();
		assert_eq!(rejected[&1], BTreeSet::from([3, 5]));
		assert_eq!(rejected[&2], BTreeSet::from([0]));
	}
}

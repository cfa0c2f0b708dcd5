//! The auditor RPC's answers (`origo_*`): plain JSON, the same types for the node that serves
//! them and the clients that read them, so a renamed field fails to compile rather than to parse.
//! Amounts are strings of Wh (or gCO2e), so no client loses precision above 2^53; times are ISO
//! 8601 UTC; accounts SS58; zones by code; texts UTF-8 (lossy).

#![deny(missing_docs)]

mod market;
pub mod units;
pub use market::{
	AskView, AuctionView, BidView, ClearingView, FiltersView, OrderBookView, OrderView,
	StandingAskView, TradeView,
};

use origo_primitives::{
	registry::{MeterKey, Technology, UnixTime, Wh, Zone},
	time::format_utc,
	AccountId, BlockNumber,
};
use pallet_certificates::{BatchDetails, BatchId, DeviceLedger, RetirementId, RetirementRecord};
use pallet_footprint::{NeutralityStatus, PeriodId, PeriodRecord};
use pallet_meters::{DeviceDetails, Meter};
use serde::{Deserialize, Serialize};
use sp_core::crypto::Ss58Codec;

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn zone(zone: &Zone) -> String {
	text(zone.code())
}

fn account(account: &AccountId) -> String {
	account.to_ss58check()
}

fn amount(wh: Wh) -> String {
	wh.to_string()
}

/// A period of unix seconds in ISO 8601.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Period {
	/// Its start.
	pub start: String,
	/// Its end.
	pub end: String,
}

impl Period {
	fn of(start: UnixTime, end: UnixTime) -> Self {
		Self { start: format_utc(start), end: format_utc(end) }
	}
}

/// A meter of a device.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MeterView {
	/// Its public key, SCALE-encoded `MultiSigner` in hex.
	pub key: String,
	/// The device it measures (or measured).
	pub device: u64,
	/// `Active`, `Retired`, or `Unbound` (by an issuer, bound in error).
	pub status: String,
	/// Its last accepted counter, Wh.
	pub last_counter_wh: Option<String>,
	/// When its last reading was taken.
	pub last_reading_at: Option<String>,
}

/// A device with its meters.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
	/// Its id.
	pub id: u64,
	/// Its owner.
	pub owner: String,
	/// Its name.
	pub name: String,
	/// `SolarPv`, `WindOnshore`, ...
	pub technology: Technology,
	/// `Production` or `Consumption`.
	pub kind: String,
	/// Nameplate capacity (or maximum draw), W.
	pub capacity_w: String,
	/// Country or bidding zone.
	pub zone: String,
	/// When it was commissioned.
	pub commissioned: String,
	/// Latitude and longitude in degrees, if disclosed.
	pub location: Option<(f64, f64)>,
	/// `Pending`, `Approved`, `Rejected` or `Suspended`.
	pub status: String,
	/// The issuer that approved it.
	pub issuer: Option<String>,
	/// Everything its meters attested and the registry certified or counted, Wh.
	pub verified_wh: String,
	/// What its meters measured across an instant that could not be certified (a suspension, a
	/// meter reset), Wh.
	pub uncertified_wh: String,
	/// Its high-water mark: production up to then is accounted for; no reading may start before.
	pub certified_until: String,
	/// Its billing meter, if one is bound.
	pub meter: Option<MeterView>,
	/// How many meter keys were ever bound to it (`origo_deviceMeters` pages them).
	pub meters_bound: u32,
	/// Its certification account, once it produced.
	pub certification: Option<CertificationView>,
}

/// A producing device's certification account: `issued + carried + voided = verified`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CertificationView {
	/// Production its meters attested, Wh.
	pub verified_wh: String,
	/// Of which minted into batches, Wh.
	pub issued_wh: String,
	/// Of which carried to the next batch, Wh.
	pub carried_wh: String,
	/// Of which voided by an issuer, Wh.
	pub voided_wh: String,
	/// The production period of the carried Wh.
	pub carried_period: Option<Period>,
}

impl From<DeviceLedger> for CertificationView {
	fn from(ledger: DeviceLedger) -> Self {
		let carried = ledger.carried;
		Self {
			verified_wh: amount(ledger.verified),
			issued_wh: amount(ledger.issued),
			carried_wh: amount(carried.wh),
			voided_wh: amount(ledger.voided),
			carried_period: (carried.wh > 0).then(|| Period::of(carried.start, carried.end)),
		}
	}
}

impl DeviceView {
	/// The view of a device and its certification account.
	pub fn new(details: DeviceDetails<AccountId>, ledger: Option<DeviceLedger>) -> Self {
		let device = details.device;
		let declaration = device.declaration;
		Self {
			id: details.id,
			owner: account(&device.owner),
			name: text(&declaration.name),
			technology: declaration.technology,
			kind: format!("{:?}", declaration.kind),
			capacity_w: declaration.capacity_w.to_string(),
			zone: zone(&declaration.zone),
			commissioned: format_utc(declaration.commissioned),
			location: declaration.location.as_ref().map(pallet_meters::Location::to_degrees),
			status: format!("{:?}", device.status),
			issuer: device.issuer.as_ref().map(account),
			verified_wh: amount(device.verified_wh),
			uncertified_wh: amount(device.uncertified_wh),
			certified_until: format_utc(device.certified_until),
			meter: details.meter.map(|(key, meter)| MeterView::new(&key, meter)),
			meters_bound: device.meters_bound,
			certification: ledger.map(CertificationView::from),
		}
	}
}

impl MeterView {
	/// The view of meter `key`.
	pub fn new(key: &MeterKey, meter: Meter) -> Self {
		Self {
			key: meter_key(key),
			device: meter.device,
			status: format!("{:?}", meter.status),
			last_counter_wh: meter.last.map(|last| amount(last.counter_wh)),
			last_reading_at: meter.last.map(|last| format_utc(last.timestamp)),
		}
	}
}

/// A meter key as hex of its SCALE encoding: what `origo meters` prints and takes.
pub fn meter_key(key: &MeterKey) -> String {
	sp_core::bytes::to_hex(&codec::Encode::encode(key), false)
}

/// Where a batch's Wh are.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SupplyView {
	/// Minted.
	pub issued_wh: String,
	/// In holders' accounts.
	pub held_wh: String,
	/// Retired.
	pub retired_wh: String,
	/// Expired.
	pub expired_wh: String,
	/// Revoked.
	pub revoked_wh: String,
	/// Whether `issued = held + retired + expired + revoked`.
	pub conserved: bool,
}

/// A batch of certificates.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BatchView {
	/// Its id.
	pub id: BatchId,
	/// The device that produced it.
	pub device: u64,
	/// The issuer that approved the device.
	pub issuer: String,
	/// The device's technology.
	pub technology: Technology,
	/// The device's zone.
	pub zone: String,
	/// The production it certifies.
	pub production: Period,
	/// When it was issued.
	pub issued_at: String,
	/// When its certificates expire.
	pub expires_at: String,
	/// Whether an issuer revoked it: its unretired certificates can no longer move.
	pub revoked: bool,
	/// Its supply.
	pub supply: SupplyView,
}

impl BatchView {
	/// The view of batch `id`.
	pub fn new(id: BatchId, details: BatchDetails<AccountId>) -> Self {
		let BatchDetails { batch, issuer, technology, zone: batch_zone } = details;
		let supply = batch.supply;
		Self {
			id,
			device: batch.device,
			issuer: account(&issuer),
			technology,
			zone: zone(&batch_zone),
			production: Period::of(batch.production_start, batch.production_end),
			issued_at: format_utc(batch.issued_at),
			expires_at: format_utc(batch.expires_at),
			revoked: batch.revoked,
			supply: SupplyView {
				issued_wh: amount(supply.issued),
				held_wh: amount(supply.held),
				retired_wh: amount(supply.retired),
				expired_wh: amount(supply.expired),
				revoked_wh: amount(supply.revoked),
				conserved: supply.is_conserved(),
			},
		}
	}
}

/// A holding.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HoldingView {
	/// The batch.
	pub batch: BatchId,
	/// Wh held.
	pub wh: String,
}

/// A retirement with its provenance.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RetirementView {
	/// Its id.
	pub id: RetirementId,
	/// Who retired: the holder of the certificates when retired.
	pub retirer: String,
	/// Who sent them to the retirer and had them retired in one call, if anyone.
	pub sent_by: Option<String>,
	/// Wh retired.
	pub wh: String,
	/// `Consumption`, `CarbonOffset` or `ChainNeutrality`.
	pub purpose: String,
	/// The beneficiary's account, if one was named (or the retirer's by default).
	pub beneficiary: Option<String>,
	/// The beneficiary's name, if given.
	pub beneficiary_name: Option<String>,
	/// Where the claimed consumption took place.
	pub consumption_country: Option<String>,
	/// When the claimed consumption took place.
	pub consumption_period: Option<Period>,
	/// The retirer's message.
	pub message: String,
	/// The avoided emissions, gCO2e: Wh x the zone's emission factor at production.
	pub avoided_g_co2e: String,
	/// The block that recorded it.
	pub block: BlockNumber,
	/// When.
	pub time: String,
	/// The batch it retired from, as it is now.
	pub batch: Option<BatchView>,
	/// The device that produced it, as it is now.
	pub device: Option<DeviceView>,
	/// The market trade that bought what it retired, if it was retired on fill: the price paid.
	pub trade: Option<TradeView>,
}

impl RetirementView {
	/// The view of retirement `id`, with its batch and device, and the trade that bought it.
	pub fn new(
		id: RetirementId,
		retirement: RetirementRecord<AccountId, BlockNumber>,
		batch: Option<BatchView>,
		device: Option<DeviceView>,
		trade: Option<TradeView>,
	) -> Self {
		let claim = retirement.claim.map_text(|bytes| text(&bytes));
		Self {
			id,
			retirer: account(&retirement.retirer),
			sent_by: retirement.sent_by.as_ref().map(account),
			wh: amount(retirement.wh),
			purpose: format!("{:?}", claim.purpose),
			beneficiary: claim.beneficiary.as_ref().map(account),
			beneficiary_name: claim.beneficiary_name,
			consumption_country: claim.consumption_country.as_ref().map(zone),
			consumption_period: claim.consumption_period.map(|(start, end)| Period::of(start, end)),
			message: claim.message,
			avoided_g_co2e: retirement.avoided_g_co2e.to_string(),
			block: retirement.block,
			time: format_utc(retirement.time),
			batch,
			device,
			trade,
		}
	}
}

/// An accounting period of the chain's footprint.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PeriodView {
	/// Its id.
	pub id: PeriodId,
	/// Its span.
	pub period: Period,
	/// Metered consumption, Wh.
	pub metered_wh: String,
	/// Modelled consumption, Wh (rounded up).
	pub modelled_wh: String,
	/// What it accounts for: the higher of the two, Wh.
	pub accounted_wh: String,
	/// Offsets, Wh.
	pub offset_wh: String,
	/// Of which from the reserve at its close, Wh.
	pub reserve_wh: String,
	/// The deficit the reserve could not cover at its close, Wh.
	pub shortfall_wh: String,
	/// Offsets beyond everything accounted for at its close, carried over, Wh.
	pub surplus_wh: String,
	/// Whether it has closed.
	pub closed: bool,
}

impl PeriodView {
	/// The view of period `id`.
	pub fn new(id: PeriodId, record: PeriodRecord) -> Self {
		Self {
			id,
			period: Period::of(record.start, record.end),
			metered_wh: amount(record.metered_wh),
			modelled_wh: amount(record.modelled_wh()),
			accounted_wh: amount(record.accounted_wh()),
			offset_wh: amount(record.offset_wh),
			reserve_wh: amount(record.reserve_wh),
			shortfall_wh: amount(record.shortfall_wh),
			surplus_wh: amount(record.surplus_wh),
			closed: record.closed,
		}
	}
}

/// The chain's neutrality.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NeutralityView {
	/// Whether offsets cover everything accounted for.
	pub neutral: bool,
	/// Since when.
	pub neutral_since: Option<String>,
	/// Accounted for and not offset, Wh.
	pub deficit_wh: String,
	/// Offset beyond what was accounted for, Wh.
	pub surplus_wh: String,
	/// Accounted for since genesis, Wh.
	pub accounted_wh: String,
	/// Metered since genesis, Wh.
	pub metered_wh: String,
	/// Modelled since genesis, Wh (rounded up).
	pub modelled_wh: String,
	/// Offset since genesis, Wh.
	pub offset_wh: String,
	/// Of which from the reserve, Wh.
	pub reserve_wh: String,
	/// The open period.
	pub current_period: Option<PeriodView>,
	/// The model's execution coefficient, pJ per ref_time (W per busy core).
	pub picojoules_per_ref_time: u32,
	/// The model's idle draw per validator, W.
	pub idle_watts_per_validator: u32,
	/// The neutrality reserve's account.
	pub reserve: String,
}

impl From<NeutralityStatus<AccountId>> for NeutralityView {
	fn from(status: NeutralityStatus<AccountId>) -> Self {
		Self {
			neutral: status.neutral,
			neutral_since: status.neutral_since.map(format_utc),
			deficit_wh: amount(status.deficit_wh),
			surplus_wh: amount(status.surplus_wh),
			accounted_wh: amount(status.accounted_wh),
			metered_wh: amount(status.metered_wh),
			modelled_wh: amount(status.modelled_wh()),
			offset_wh: amount(status.offset_wh),
			reserve_wh: amount(status.reserve_wh),
			current_period: status.current.map(|(id, record)| PeriodView::new(id, record)),
			picojoules_per_ref_time: status.coefficients.picojoules_per_ref_time,
			idle_watts_per_validator: status.coefficients.idle_watts_per_validator,
			reserve: account(&status.reserve),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	/// The JSON clients read: camelCase fields, amounts as strings, technology by its variant's
	/// name, as the auditor RPC has always answered; and what the node writes, the client reads.
	#[test]
	fn a_batch_reads_as_clients_expect_and_back() {
		let view = BatchView {
			id: 3,
			device: 0,
			issuer: "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y".into(),
			technology: Technology::SolarPv,
			zone: "US-FL".into(),
			production: Period::of(1_735_711_200, 1_735_714_800),
			issued_at: format_utc(1_735_714_806),
			expires_at: format_utc(1_767_250_800),
			revoked: false,
			supply: SupplyView {
				issued_wh: amount(1_000_000),
				held_wh: amount(1_000_000),
				retired_wh: amount(0),
				expired_wh: amount(0),
				revoked_wh: amount(0),
				conserved: true,
			},
		};
		let value = serde_json::to_value(&view).unwrap();
		assert_eq!(value["technology"], json!("SolarPv"));
		assert_eq!(value["production"]["start"], json!("2025-01-01T06:00:00Z"));
		assert_eq!(value["expiresAt"], json!("2026-01-01T07:00:00Z"));
		assert_eq!(value["supply"]["issuedWh"], json!("1000000"));
		assert_eq!(serde_json::from_value::<BatchView>(value).unwrap(), view);
	}
}

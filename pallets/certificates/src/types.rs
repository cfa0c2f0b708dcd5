//! The records pallet-certificates keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use origo_primitives::registry::{BatchId, RetirementId};
use origo_primitives::registry::{DeviceId, Technology, UnixTime, Wh, Zone};
use scale_info::TypeInfo;

/// Where a batch's issued Wh are now. `issued = held + retired + expired + revoked`, always.
/// Compact: most of these are zero or a few MWh, and every batch keeps one.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Supply {
	/// Minted.
	#[codec(compact)]
	pub issued: Wh,
	/// In holders' accounts; frozen there once the batch expired or was revoked, until pruned.
	#[codec(compact)]
	pub held: Wh,
	/// Retired: claimed, final.
	#[codec(compact)]
	pub retired: Wh,
	/// Expired unretired, pruned from holders' accounts.
	#[codec(compact)]
	pub expired: Wh,
	/// Revoked by the issuer, pruned from holders' accounts.
	#[codec(compact)]
	pub revoked: Wh,
}

impl Supply {
	/// Whether the four destinations add up to what was issued.
	pub fn is_conserved(&self) -> bool {
		[self.held, self.retired, self.expired, self.revoked]
			.iter()
			.try_fold(0u64, |sum, part| sum.checked_add(*part))
			== Some(self.issued)
	}
}

/// A batch of guarantees of origin. Its issuing body, technology and zone are its device's,
/// which never change once an issuer approved it, so the batch does not repeat them
/// ([`BatchDetails`] joins them); times are compact. State per issuance stays small.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug)]
pub struct Batch {
	/// The producing device (installation id).
	#[codec(compact)]
	pub device: DeviceId,
	/// First instant of the production the batch certifies, unix seconds.
	#[codec(compact)]
	pub production_start: UnixTime,
	/// Last instant of that production, unix seconds.
	#[codec(compact)]
	pub production_end: UnixTime,
	/// When it was issued, unix seconds.
	#[codec(compact)]
	pub issued_at: UnixTime,
	/// From when it can no longer be transferred or retired, unix seconds.
	#[codec(compact)]
	pub expires_at: UnixTime,
	/// Where its Wh are.
	pub supply: Supply,
	/// Whether an issuer revoked it: its unretired certificates can no longer move.
	pub revoked: bool,
	/// The device's batch issued before this one: a device's batches form a list, newest first,
	/// from its ledger's `latest_batch`.
	pub previous: Option<BatchId>,
}

impl Batch {
	/// Whether its certificates may still move or be retired at `now`.
	pub fn is_live(&self, now: UnixTime) -> bool {
		!self.revoked && now < self.expires_at
	}
}

/// A batch with the EECS fields it takes from its device, as queries return it.
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub struct BatchDetails<AccountId> {
	/// The batch.
	pub batch: Batch,
	/// The issuing body: the issuer that approved the device.
	pub issuer: AccountId,
	/// The device's technology.
	pub technology: Technology,
	/// The device's zone (country or bidding zone).
	pub zone: Zone,
}

/// Why certificates are retired.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Purpose {
	/// A renewable-consumption claim (scope 2): this much of the beneficiary's consumption was
	/// covered.
	Consumption,
	/// A carbon offset: the production's avoided emissions are claimed.
	CarbonOffset,
	/// An offset of the Origo chain's own energy use (pallet-footprint).
	ChainNeutrality,
}

/// What a retirement claims, as the retirer states it (I-REC / Energy Web Origin fields).
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct Claim<AccountId, Text> {
	/// The beneficiary's account; the retirer when neither it nor a name is given.
	pub beneficiary: Option<AccountId>,
	/// The beneficiary's name, UTF-8, for beneficiaries without an account.
	pub beneficiary_name: Option<Text>,
	/// Why.
	pub purpose: Purpose,
	/// Where the claimed consumption took place.
	pub consumption_country: Option<Zone>,
	/// When it took place: start and end, unix seconds.
	pub consumption_period: Option<(UnixTime, UnixTime)>,
	/// A short message, UTF-8.
	pub message: Text,
}

impl<AccountId, Text> Claim<AccountId, Text> {
	/// The same claim with its texts converted by `convert` (bounded on the way in, plain bytes
	/// on the way out), or `convert`'s first error.
	pub fn try_map_text<Other, E>(
		self,
		mut convert: impl FnMut(Text) -> Result<Other, E>,
	) -> Result<Claim<AccountId, Other>, E> {
		let Claim {
			beneficiary,
			beneficiary_name,
			purpose,
			consumption_country,
			consumption_period,
			message,
		} = self;
		Ok(Claim {
			beneficiary,
			beneficiary_name: beneficiary_name.map(&mut convert).transpose()?,
			purpose,
			consumption_country,
			consumption_period,
			message: convert(message)?,
		})
	}

	/// The same claim with its texts converted by `convert`.
	pub fn map_text<Other>(
		self,
		mut convert: impl FnMut(Text) -> Other,
	) -> Claim<AccountId, Other> {
		match self.try_map_text(|text| Ok::<_, core::convert::Infallible>(convert(text))) {
			Ok(claim) => claim,
			Err(never) => match never {},
		}
	}
}

/// A retirement: final, and the evidence of a claim.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug)]
pub struct Retirement<AccountId, BlockNumber, Text> {
	/// Who retired: the holder whose certificates they were when retired.
	pub retirer: AccountId,
	/// Who sent them to the retirer and had them retired there in one call
	/// (`transfer_and_retire`): the one who made the claim. `None` when the retirer retired its
	/// own.
	pub sent_by: Option<AccountId>,
	/// From which batch.
	pub batch: BatchId,
	/// How much, Wh.
	pub wh: Wh,
	/// The claim, with the beneficiary resolved.
	pub claim: Claim<AccountId, Text>,
	/// The block it happened in.
	pub block: BlockNumber,
	/// When, unix seconds.
	pub time: UnixTime,
	/// Avoided emissions, grams CO2e: `wh` x the batch zone's emission factor at production.
	pub avoided_g_co2e: u64,
}

impl<AccountId, BlockNumber, Text> Retirement<AccountId, BlockNumber, Text> {
	/// The same retirement with its claim's texts converted by `convert`.
	pub fn map_text<Other>(
		self,
		convert: impl FnMut(Text) -> Other,
	) -> Retirement<AccountId, BlockNumber, Other> {
		let Retirement { retirer, sent_by, batch, wh, claim, block, time, avoided_g_co2e } = self;
		let claim = claim.map_text(convert);
		Retirement { retirer, sent_by, batch, wh, claim, block, time, avoided_g_co2e }
	}
}

/// A retirement as the runtime API returns it: its claim's texts as plain bytes.
pub type RetirementRecord<AccountId, BlockNumber> =
	Retirement<AccountId, BlockNumber, alloc::vec::Vec<u8>>;

/// A device's production not yet certified: less than one quantum, carried to its next reading.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Carried {
	/// When the carried production began, unix seconds.
	pub start: UnixTime,
	/// When it ended (the last reading), unix seconds.
	pub end: UnixTime,
	/// How much, Wh; below the quantum.
	pub wh: Wh,
}

/// A device's certification account: everything verified is issued, carried or voided.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct DeviceLedger {
	/// All verified production handed over by the meter registry, Wh.
	pub verified: Wh,
	/// All of it issued in batches, Wh.
	pub issued: Wh,
	/// The rest, less what an issuer voided.
	pub carried: Carried,
	/// Its newest batch, the head of its batch list.
	pub latest_batch: Option<BatchId>,
	/// Carried production an issuer voided with a revocation (a meter fault, fraud), Wh: never
	/// certified.
	pub voided: Wh,
}

/// A zone's emission factor from a date on: grams CO2e per kWh of grid electricity.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct EmissionFactor {
	/// From when it applies, unix seconds.
	pub valid_from: UnixTime,
	/// gCO2e per kWh.
	pub g_co2e_per_kwh: u32,
}

/// Issued, retired, expired and revoked Wh of a zone.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct ZoneTotals {
	/// Issued, Wh.
	pub issued: Wh,
	/// Retired, Wh.
	pub retired: Wh,
	/// Expired, Wh.
	pub expired: Wh,
	/// Revoked, Wh.
	pub revoked: Wh,
	/// Avoided emissions of the retirements, grams CO2e.
	pub avoided_g_co2e: u64,
}

/// The key of a holding under its holder: the batch's production start and id, big-endian, so an
/// account's holdings iterate oldest production first.
pub fn holding_key(production_start: UnixTime, batch: BatchId) -> [u8; 16] {
	let mut key = [0u8; 16];
	key[..8].copy_from_slice(&production_start.to_be_bytes());
	key[8..].copy_from_slice(&batch.to_be_bytes());
	key
}

/// The batch of a holding key.
pub fn batch_of_holding_key(key: &[u8; 16]) -> BatchId {
	let mut id = [0u8; 8];
	id.copy_from_slice(&key[8..]);
	BatchId::from_be_bytes(id)
}

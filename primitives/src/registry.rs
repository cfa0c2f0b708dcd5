//! The registry's vocabulary: devices, zones, technologies, energy amounts and meter readings.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{DispatchError, DispatchResult};

#[cfg(feature = "std")]
pub use crate::meter_keys::MeterPair;
pub use crate::meter_keys::{
	MeterKey, MeterSignature, MeterSigner, P256Pair, P256Public, P256Signature,
};
#[cfg(feature = "std")]
pub use crate::profiles::sign_profile;
pub use crate::profiles::{Profile, SignedProfile, PROFILE_SIGNING_CONTEXT};

/// An amount of electrical energy in watt-hours. Every amount on the chain is exact to the Wh.
pub type Wh = u64;

/// Watt-hours in one megawatt-hour: the face value of an EECS guarantee of origin.
pub const WH_PER_MWH: Wh = 1_000_000;

/// The id of a registered device (an installation that produces or consumes electricity).
pub type DeviceId = u64;

/// Seconds since the unix epoch, as meters report time.
pub type UnixTime = u64;

/// A country (ISO 3166-1 alpha-2, `DE`) or bidding zone (`SE3`, `DE-LU`, `US-FL`) code:
/// 1 to 8 characters `A-Z`, `0-9` or `-`, stored left-aligned and padded with zero bytes.
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
	PartialOrd,
	Ord,
	Hash,
)]
pub struct Zone(pub [u8; 8]);

impl Zone {
	/// The zone for `code`, or `None` if `code` is empty, longer than 8 bytes, or has a character
	/// other than `A-Z`, `0-9` and `-`.
	pub fn from_code(code: &[u8]) -> Option<Self> {
		let valid = !code.is_empty()
			&& code.len() <= 8
			&& code.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'-');
		valid.then(|| {
			let mut bytes = [0u8; 8];
			bytes[..code.len()].copy_from_slice(code);
			Zone(bytes)
		})
	}

	/// Whether the stored bytes are a valid code (decoding does not check).
	pub fn is_valid(&self) -> bool {
		let len = self.0.iter().position(|b| *b == 0).unwrap_or(8);
		Self::from_code(&self.0[..len]).as_ref() == Some(self)
	}

	/// The code without its padding.
	pub fn code(&self) -> &[u8] {
		let len = self.0.iter().position(|b| *b == 0).unwrap_or(8);
		&self.0[..len]
	}
}

#[cfg(feature = "serde")]
impl serde::Serialize for Zone {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		let code = core::str::from_utf8(self.code()).map_err(serde::ser::Error::custom)?;
		serializer.serialize_str(code)
	}
}

/// Zones read and write as their code in JSON (genesis presets, RPC): `"US-FL"`.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Zone {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let code = alloc::string::String::deserialize(deserializer)?;
		Zone::from_code(code.as_bytes())
			.ok_or_else(|| serde::de::Error::custom("a zone is 1-8 characters of A-Z, 0-9 and -"))
	}
}

impl core::fmt::Debug for Zone {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match core::str::from_utf8(self.code()) {
			Ok(code) => write!(f, "Zone({code})"),
			Err(_) => write!(f, "Zone({:?})", self.0),
		}
	}
}

/// A location in WGS 84, in millionths of a degree (about 0.1 m).
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
pub struct Location {
	/// Latitude, -90,000,000 to 90,000,000.
	pub latitude_microdeg: i32,
	/// Longitude, -180,000,000 to 180,000,000.
	pub longitude_microdeg: i32,
}

impl Location {
	/// Whether the coordinates are on the globe.
	pub fn is_valid(&self) -> bool {
		self.latitude_microdeg.unsigned_abs() <= 90_000_000
			&& self.longitude_microdeg.unsigned_abs() <= 180_000_000
	}

	/// The location of `latitude` and `longitude` in degrees, rounded to the nearest
	/// millionth (off-globe values are kept, for [`Self::is_valid`] to refuse).
	#[cfg(feature = "std")]
	pub fn from_degrees(latitude: f64, longitude: f64) -> Self {
		Self {
			latitude_microdeg: (latitude * 1e6).round() as i32,
			longitude_microdeg: (longitude * 1e6).round() as i32,
		}
	}

	/// Latitude and longitude in degrees.
	pub fn to_degrees(&self) -> (f64, f64) {
		(f64::from(self.latitude_microdeg) / 1e6, f64::from(self.longitude_microdeg) / 1e6)
	}
}

/// How a device makes (or uses) electricity, after the EECS technology codes' main groups. In
/// JSON by its variant's name (`SolarPv`), as the auditor RPC has always shown it; users write
/// its [`Technology::name`] (`solar-pv`).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Technology {
	/// Photovoltaic solar.
	SolarPv,
	/// Concentrated solar thermal.
	SolarThermal,
	/// Onshore wind.
	WindOnshore,
	/// Offshore wind.
	WindOffshore,
	/// Run-of-river hydro.
	HydroRunOfRiver,
	/// Reservoir or pumped-storage hydro.
	HydroReservoir,
	/// Tidal, wave and other marine energy.
	Marine,
	/// Geothermal.
	Geothermal,
	/// Solid, liquid or gaseous biomass, including biogas.
	Biomass,
	/// Nuclear.
	Nuclear,
	/// Fossil fuels.
	Fossil,
	/// Anything else; for consumption devices, the technology is `Other`.
	Other,
}

impl Technology {
	/// Every technology, in declaration order.
	pub const ALL: [Technology; 12] = [
		Technology::SolarPv,
		Technology::SolarThermal,
		Technology::WindOnshore,
		Technology::WindOffshore,
		Technology::HydroRunOfRiver,
		Technology::HydroReservoir,
		Technology::Marine,
		Technology::Geothermal,
		Technology::Biomass,
		Technology::Nuclear,
		Technology::Fossil,
		Technology::Other,
	];

	/// Its name as users write it: `solar-pv`, `wind-onshore`, ...
	pub fn name(&self) -> &'static str {
		match self {
			Technology::SolarPv => "solar-pv",
			Technology::SolarThermal => "solar-thermal",
			Technology::WindOnshore => "wind-onshore",
			Technology::WindOffshore => "wind-offshore",
			Technology::HydroRunOfRiver => "hydro-run-of-river",
			Technology::HydroReservoir => "hydro-reservoir",
			Technology::Marine => "marine",
			Technology::Geothermal => "geothermal",
			Technology::Biomass => "biomass",
			Technology::Nuclear => "nuclear",
			Technology::Fossil => "fossil",
			Technology::Other => "other",
		}
	}
}

impl core::str::FromStr for Technology {
	type Err = alloc::string::String;

	/// A technology by its [`Technology::name`].
	fn from_str(name: &str) -> Result<Self, Self::Err> {
		Technology::ALL
			.into_iter()
			.find(|technology| technology.name() == name)
			.ok_or_else(|| alloc::format!("{name:?} is not a technology (see --help)"))
	}
}

/// Whether a device feeds electricity in (and earns certificates) or takes it out.
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
pub enum DeviceKind {
	/// A generator: its verified production is certified.
	Production,
	/// A consumer, such as a validator's server: its readings count as consumption.
	Consumption,
}

/// What a meter attests: its cumulative register at an instant.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct Reading {
	/// The meter's public key.
	pub meter: MeterKey,
	/// The cumulative energy register in Wh (export for a generator, import for a consumer).
	pub counter_wh: Wh,
	/// When the register was read, in unix seconds.
	pub timestamp: UnixTime,
}

/// The domain every reading is signed under, so a reading signature is never valid for anything
/// else (a transaction, another registry).
pub const READING_SIGNING_CONTEXT: &[u8; 16] = b"origo/reading/v1";

/// The keystore key type of meter keys a node signs its own energy readings with
/// (`origo-node key insert --key-type metr --scheme sr25519`).
pub const METER_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"metr");

impl Reading {
	/// The bytes the meter signs: the context, the chain's genesis hash (so a reading cannot be
	/// replayed on another chain) and the reading.
	pub fn signing_payload(&self, genesis_hash: &H256) -> alloc::vec::Vec<u8> {
		(READING_SIGNING_CONTEXT, genesis_hash, self).encode()
	}
}

/// A reading with the meter's signature over its [`Reading::signing_payload`].
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct SignedReading {
	/// The reading.
	pub reading: Reading,
	/// The meter's signature.
	pub signature: MeterSignature,
}

impl SignedReading {
	/// Whether the signature is the reading's meter's, in its scheme, on the chain with
	/// `genesis_hash`.
	pub fn verify(&self, genesis_hash: &H256) -> bool {
		self.reading.meter.verify(&self.reading.signing_payload(genesis_hash), &self.signature)
	}
}

/// The domain a meter's proof of possession is signed under: a meter binds itself to a device.
pub const BINDING_SIGNING_CONTEXT: &[u8; 13] = b"origo/bind/v1";

/// The bytes a meter signs to be bound to `device` of `owner` on the chain with `genesis_hash`:
/// its proof of possession. Naming the owner and the device means a proof seen in the pool
/// cannot bind the meter to anyone else's device.
pub fn binding_payload<AccountId: Encode>(
	genesis_hash: &H256,
	device: DeviceId,
	owner: &AccountId,
) -> alloc::vec::Vec<u8> {
	(BINDING_SIGNING_CONTEXT, genesis_hash, device, owner).encode()
}

/// The meter's proof of possession for binding it to `device` of `owner`.
#[cfg(feature = "std")]
pub fn sign_binding<AccountId: Encode>(
	meter: &impl MeterSigner,
	genesis_hash: &H256,
	device: DeviceId,
	owner: &AccountId,
) -> MeterSignature {
	meter.sign_as_meter(&binding_payload(genesis_hash, device, owner))
}

/// Signs `reading` off-chain with `meter`: for meters' firmware stand-ins, gateways, the CLI and
/// tests. (A signer that is not the reading's meter makes a forgery, which tests need.)
#[cfg(feature = "std")]
pub fn sign_reading(
	meter: &impl MeterSigner,
	reading: Reading,
	genesis_hash: &H256,
) -> SignedReading {
	let signature = meter.sign_as_meter(&reading.signing_payload(genesis_hash));
	SignedReading { reading, signature }
}

/// Energy a meter proved: `wh` Wh on `device` between two readings.
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
pub struct VerifiedEnergy {
	/// The device the meter measures.
	pub device: DeviceId,
	/// The previous reading's timestamp, unix seconds.
	pub from: UnixTime,
	/// This reading's timestamp, unix seconds.
	pub to: UnixTime,
	/// The energy between them, Wh (never zero).
	pub wh: Wh,
}

/// Receives verified energy from the meter registry: pallet-certificates for production,
/// pallet-footprint for consumption. The registry has already recorded the reading; a receiver
/// cannot refuse it, so it must not fail.
///
/// A reading is charged [`Self::max_weight`] for the hand-over before it runs (the meter
/// registry's benchmarks include that worst case); the receiver reports what it really used,
/// and the difference is refunded, so readings that only accumulate energy cost less than those
/// that issue a certificate.
pub trait OnVerifiedEnergy {
	/// Whether the receiver takes energy of `device`: the meter registry refuses a reading with
	/// this error before recording it. The default takes every device.
	fn check_device(_device: DeviceId) -> DispatchResult {
		Ok(())
	}
	/// Handles `energy`; returns the weight it used.
	fn on_verified_energy(energy: VerifiedEnergy) -> sp_runtime::Weight;
	/// The most weight one [`Self::on_verified_energy`] may use.
	fn max_weight() -> sp_runtime::Weight;
	/// The least weight one [`Self::on_verified_energy`] uses: its common case, which the
	/// benchmarks of the readings that hand energy over already include.
	fn min_weight() -> sp_runtime::Weight;
}

impl OnVerifiedEnergy for () {
	fn on_verified_energy(_: VerifiedEnergy) -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}

	fn max_weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}

	fn min_weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

/// What the certificate registry needs to know of a device to certify its production.
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub struct CertifiableDevice<AccountId> {
	/// The device's owner.
	pub owner: AccountId,
	/// The issuer that approved it.
	pub issuer: AccountId,
	/// Its zone.
	pub zone: Zone,
	/// Its technology.
	pub technology: Technology,
}

/// The device registry, as other pallets see it.
pub trait DeviceRegistry<AccountId> {
	/// The device, if it exists, produces, and was approved.
	fn certifiable_device(device: DeviceId) -> Option<CertifiableDevice<AccountId>>;
	/// The device's owner, if the device exists.
	fn device_owner(device: DeviceId) -> Option<AccountId>;
	/// Whether the device produces or consumes, if it exists.
	fn device_kind(device: DeviceId) -> Option<DeviceKind>;
	/// All energy the device's meters proved and the registry handed on as verified, Wh: what a
	/// receiver's own account of the device must add up to.
	fn verified_energy(device: DeviceId) -> Wh;
	/// Whether `who` is an issuer covering `zone`.
	fn is_issuer_of(who: &AccountId, zone: Zone) -> bool;
	/// Registers a device of `kind` of `owner` in `zone`, approved by `issuer` (made an issuer of
	/// `zone` if it is not), for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_approved_device(
		owner: &AccountId,
		issuer: &AccountId,
		zone: Zone,
		kind: DeviceKind,
	) -> DeviceId;
}

/// Receives the retirements made for the chain's own neutrality (purpose `ChainNeutrality`) from
/// the certificate registry's callers (retire, retire oldest, retire on send): pallet-footprint
/// counts them as offsets. The reserve's own draws ([`NeutralityReserve`]) are not reported. The
/// retirement is already final; a receiver cannot refuse it, so it must not fail.
pub trait OnNeutralityRetirement {
	/// `wh` Wh were retired to offset the chain's consumption.
	fn on_neutrality_retirement(wh: Wh);
}

impl OnNeutralityRetirement for () {
	fn on_neutrality_retirement(_: Wh) {}
}

/// What one draw on the neutrality reserve did.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct ReserveDraw {
	/// Wh retired.
	pub retired: Wh,
	/// Whether the reserve holds holdings the draw did not reach: a next draw may retire more.
	pub more_holdings: bool,
}

/// The certificate registry, as the neutrality ledger sees it: it retires the reserve's
/// certificates when an accounting period closes.
pub trait NeutralityReserve<AccountId> {
	/// Retires up to `wh` Wh of `holder`'s live certificates, oldest production first, with
	/// purpose `ChainNeutrality`, for the chain's consumption during `period` (unix seconds).
	/// Takes at most [`Self::max_batches`] holdings: holdings of expired or revoked batches it
	/// meets are pruned, so that a next draw gets further. Retires less when the holder has less.
	/// Its retirements are not reported to [`OnNeutralityRetirement`]: the caller, the
	/// neutrality ledger, books what the returned [`ReserveDraw`] says, so no call re-enters it
	/// while it closes a period.
	fn retire_for_neutrality(
		holder: &AccountId,
		wh: Wh,
		period: (UnixTime, UnixTime),
	) -> ReserveDraw;
	/// The most holdings one [`Self::retire_for_neutrality`] scans.
	fn max_batches() -> u32;
	/// Mints `batches` live batches of `wh` Wh each to `holder`, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn fund_for_benchmark(holder: &AccountId, batches: u32, wh: Wh);
}

/// A batch of certificates: one issuance from one device's production period.
pub type BatchId = u64;

/// A retirement record.
pub type RetirementId = u64;

/// A batch as a market sees it to list it and to match it against buyers' filters.
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub struct TradableBatch {
	/// The producing device.
	pub device: DeviceId,
	/// The device's zone.
	pub zone: Zone,
	/// The device's technology.
	pub technology: Technology,
	/// First instant of the production it certifies, unix seconds.
	pub production_start: UnixTime,
	/// Last instant of that production, unix seconds.
	pub production_end: UnixTime,
	/// Whether its certificates may still move: neither expired nor revoked.
	pub live: bool,
}

/// The certificate registry as a market sees it. A holder *lists* Wh of a holding: they stay
/// in the holding and in the batch's held supply, but the holder can neither transfer nor
/// retire them until the market unlists them or delivers them to a buyer. Only the market
/// lists and unlists, so what is listed is always what its open offers escrow.
pub trait CertificateEscrow<AccountId> {
	/// A retirement claim as a caller states it (texts unbounded).
	type ClaimInput: codec::FullCodec
		+ DecodeWithMemTracking
		+ TypeInfo
		+ Clone
		+ PartialEq
		+ Eq
		+ core::fmt::Debug;
	/// A checked retirement claim, as an offer stores it until it is filled.
	type Claim: codec::FullCodec
		+ DecodeWithMemTracking
		+ MaxEncodedLen
		+ TypeInfo
		+ Clone
		+ PartialEq
		+ Eq
		+ core::fmt::Debug;
	/// The batch, if it exists.
	fn tradable_batch(batch: BatchId) -> Option<TradableBatch>;
	/// What `who` holds of `batch` and has not listed, Wh.
	fn unlisted(who: &AccountId, batch: BatchId) -> Wh;
	/// What `who` has listed of `batch`, Wh.
	fn listed(who: &AccountId, batch: BatchId) -> Wh;
	/// Lists `wh` Wh of `who`'s holding of `batch`: the batch is live and `who` holds that much
	/// unlisted, or the registry's error.
	fn list(who: &AccountId, batch: BatchId, wh: Wh) -> DispatchResult;
	/// Returns `wh` listed Wh of `batch` to `who`'s unlisted holding, live batch or not.
	fn unlist(who: &AccountId, batch: BatchId, wh: Wh) -> DispatchResult;
	/// Checks a claim as [`Self::deliver`] would retire it for `retirer`: texts within bounds,
	/// valid country and period; the beneficiary is the retirer when none is named.
	fn check_claim(
		retirer: &AccountId,
		claim: Self::ClaimInput,
	) -> Result<Self::Claim, DispatchError>;
	/// Delivers `wh` of `seller`'s listed Wh of a live `batch` to `buyer`, or, with a claim,
	/// retires them there for it (the record names `buyer` as the retirer and `seller` as who
	/// sent them); returns the retirement's id. A delivery is not subject to the registry's
	/// minimum transfer and retirement: the buyer chose its amount and paid for it.
	fn deliver(
		seller: &AccountId,
		buyer: &AccountId,
		batch: BatchId,
		wh: Wh,
		claim: Option<Self::Claim>,
	) -> Result<Option<RetirementId>, DispatchError>;
	/// Every listed Wh, summed: for invariant checks only, as it reads every listing.
	fn total_listed() -> Wh;
	/// The claim that costs the most to check and to retire for, naming `beneficiary`, for
	/// benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_claim(beneficiary: &AccountId) -> Self::ClaimInput;
	/// Mints `count` live batches of `wh` Wh each to `holder`, each of its own device, for
	/// benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn mint_for_benchmark(holder: &AccountId, count: u32, wh: Wh) -> alloc::vec::Vec<BatchId>;
}

/// Told of every batch the certificate registry issues: the market lists it when its device's
/// owner set a standing ask. Issuance happens inside a meter's reading, which cannot be refused,
/// so a receiver must not fail: it reports what it could not do in its own events.
pub trait OnIssued<AccountId> {
	/// `recipient` was issued all `wh` Wh of the new `batch` of `device`; returns the weight
	/// used.
	fn on_issued(
		recipient: &AccountId,
		device: DeviceId,
		batch: BatchId,
		wh: Wh,
	) -> sp_runtime::Weight;
	/// The most weight one [`Self::on_issued`] may use; the issuance's charge includes it.
	fn max_weight() -> sp_runtime::Weight;
}

impl<AccountId> OnIssued<AccountId> for () {
	fn on_issued(_: &AccountId, _: DeviceId, _: BatchId, _: Wh) -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}

	fn max_weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn technologies_go_by_their_names_both_ways() {
		for technology in Technology::ALL {
			assert_eq!(technology.name().parse::<Technology>(), Ok(technology));
		}
		assert_eq!("solar-pv".parse::<Technology>(), Ok(Technology::SolarPv));
		assert!("solar".parse::<Technology>().unwrap_err().contains("not a technology"));
	}

	#[test]
	fn locations_convert_from_and_to_degrees() {
		let berlin = Location::from_degrees(52.520008, 13.404954);
		assert_eq!((berlin.latitude_microdeg, berlin.longitude_microdeg), (52_520_008, 13_404_954));
		assert_eq!(berlin.to_degrees(), (52.520008, 13.404954));
		assert!(berlin.is_valid());
		assert!(!Location::from_degrees(90.5, 0.0).is_valid());
	}
}

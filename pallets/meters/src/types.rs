//! The records pallet-meters keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use origo_primitives::registry::{DeviceKind, Technology, UnixTime, Wh, Zone};
use scale_info::TypeInfo;

/// An issuing body: a national GO registry, a cooperative, ... appointed by governance.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug)]
pub struct Issuer<Name, Zones> {
	/// The issuer's name, UTF-8.
	pub name: Name,
	/// The zones whose devices it approves and whose certificates it revokes.
	pub zones: Zones,
}

/// Where a device is in its lifecycle.
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
pub enum DeviceStatus {
	/// Registered by its owner, waiting for an issuer of its zone.
	Pending,
	/// Approved by an issuer: its meters' readings are accepted.
	Approved,
	/// Rejected by an issuer: final; the owner registers again with corrected data.
	Rejected,
	/// Suspended by an issuer (a fault, an audit): readings are refused until reinstated.
	Suspended,
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
}

/// What an owner declares when registering a device (EECS installation data).
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct DeviceDeclaration<Name> {
	/// The installation's name or id in the owner's or grid operator's books, UTF-8.
	pub name: Name,
	/// How it makes electricity.
	pub technology: Technology,
	/// Its nameplate capacity (or, for a consumer, its maximum draw) in W.
	pub capacity_w: u64,
	/// Its country or bidding zone.
	pub zone: Zone,
	/// When it was commissioned, in unix seconds.
	pub commissioned: UnixTime,
	/// Where it stands, if the owner discloses it.
	pub location: Option<Location>,
	/// Whether it produces or consumes.
	pub kind: DeviceKind,
}

/// A registered device.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug)]
pub struct Device<AccountId, Name> {
	/// Who registered it and binds its meters.
	pub owner: AccountId,
	/// What the owner declared.
	pub declaration: DeviceDeclaration<Name>,
	/// Where it is in its lifecycle.
	pub status: DeviceStatus,
	/// The issuer that approved it, once approved.
	pub issuer: Option<AccountId>,
	/// How many active meters are bound to it.
	pub meters: u32,
	/// All energy its meters have attested, in Wh.
	pub verified_wh: Wh,
}

/// The last reading a meter gave: the baseline of its next one.
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
pub struct LastReading {
	/// The cumulative register, Wh.
	pub counter_wh: Wh,
	/// When it was read, unix seconds.
	pub timestamp: UnixTime,
}

/// A meter key's binding. Kept after the meter is retired, so its key can never be bound again
/// and its old readings can never be replayed.
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
pub struct Meter {
	/// The device it measures.
	pub device: origo_primitives::registry::DeviceId,
	/// False once the owner retired it.
	pub active: bool,
	/// Its last accepted reading; `None` until the first, which sets the baseline.
	pub last: Option<LastReading>,
}

/// Energy a reading proved: `wh` Wh between `from` and `to` on `device`.
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
pub struct AcceptedReading {
	/// The device the meter measures.
	pub device: origo_primitives::registry::DeviceId,
	/// The reading's energy since the meter's previous reading, Wh (0 for a baseline).
	pub wh: Wh,
	/// The weight its receiver (certificates, footprint) used for the energy.
	pub handover: frame_support::weights::Weight,
}

/// What readings are checked against that is the same for every reading of a block: read once
/// per call rather than once per reading.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ReadingContext {
	/// The chain's genesis hash: readings are signed for it.
	pub genesis_hash: sp_core::H256,
	/// The block's time, unix seconds: readings may not be later (plus the allowed drift).
	pub now: UnixTime,
	/// Whether the signatures were verified already in this transaction: a single reading's
	/// authorization (`authorize_reading`) verifies it before the dispatch, which then need not
	/// pay for a second verification.
	pub signature_verified: bool,
}

/// A device and every meter key ever bound to it, as the runtime API returns them.
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub struct DeviceDetails<AccountId> {
	/// The device's id.
	pub id: origo_primitives::registry::DeviceId,
	/// The device.
	pub device: Device<AccountId, alloc::vec::Vec<u8>>,
	/// Its meters, active and retired.
	pub meters: alloc::vec::Vec<(origo_primitives::registry::MeterKey, Meter)>,
}

/// The longest page a list query returns.
pub const MAX_PAGE: u32 = 1_000;

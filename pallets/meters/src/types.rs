//! The records pallet-meters keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use origo_primitives::registry::{DeviceId, DeviceKind, MeterKey, Technology, UnixTime, Wh, Zone};
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

pub use origo_primitives::registry::Location;

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

impl<Name> DeviceDeclaration<Name> {
	/// The same declaration with its name converted by `convert`, or `convert`'s error.
	pub fn try_map_name<Other, E>(
		self,
		convert: impl FnOnce(Name) -> Result<Other, E>,
	) -> Result<DeviceDeclaration<Other>, E> {
		let DeviceDeclaration { name, technology, capacity_w, zone, commissioned, location, kind } =
			self;
		Ok(DeviceDeclaration {
			name: convert(name)?,
			technology,
			capacity_w,
			zone,
			commissioned,
			location,
			kind,
		})
	}

	/// The same declaration with its name converted by `convert`.
	pub fn map_name<Other>(self, convert: impl FnOnce(Name) -> Other) -> DeviceDeclaration<Other> {
		let converted = self.try_map_name(|name| Ok::<_, core::convert::Infallible>(convert(name)));
		match converted {
			Ok(declaration) => declaration,
			Err(never) => match never {},
		}
	}
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
	/// Its billing meter: the one active meter whose readings count.
	pub meter: Option<MeterKey>,
	/// How many meter keys were ever bound to it: the length of its meter history.
	pub meters_bound: u32,
	/// Its high-water mark, unix seconds: production up to this instant is accounted for
	/// (certified, or recorded as uncertified), and no reading may start before it. Set at
	/// approval to the later of commissioning and the backfill window's start.
	pub certified_until: UnixTime,
	/// All energy its meters attested and the registry handed on, in Wh.
	pub verified_wh: Wh,
	/// Energy its meters measured across instants that could not be certified (a suspension,
	/// a meter reset), in Wh: recorded for auditors, handed on to no one.
	pub uncertified_wh: Wh,
}

impl<AccountId, Name> Device<AccountId, Name> {
	/// The same device with its declared name converted by `convert`.
	pub fn map_name<Other>(self, convert: impl FnOnce(Name) -> Other) -> Device<AccountId, Other> {
		let Device {
			owner,
			declaration,
			status,
			issuer,
			meter,
			meters_bound,
			certified_until,
			verified_wh,
			uncertified_wh,
		} = self;
		Device {
			owner,
			declaration: declaration.map_name(convert),
			status,
			issuer,
			meter,
			meters_bound,
			certified_until,
			verified_wh,
			uncertified_wh,
		}
	}
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

/// Where a meter key is in its lifecycle.
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
pub enum MeterStatus {
	/// Bound to its device as the billing meter: its readings count.
	Active,
	/// Retired by the device's owner: its readings are refused, and it is bound again only
	/// once an issuer unbinds it (a meter moved to another site).
	Retired,
	/// Unbound by an issuer, from a device it was bound to in error or retired from: it may be
	/// bound again, and keeps its last reading, so its old readings are never accepted again.
	Unbound,
}

/// A meter key's binding. Kept for the registry's life, so its old readings can never be
/// replayed.
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
	/// The device it measures (or measured, once retired or unbound).
	pub device: DeviceId,
	/// Where it is in its lifecycle.
	pub status: MeterStatus,
	/// Its last accepted reading; `None` until the first, which sets the baseline.
	pub last: Option<LastReading>,
}

/// What a reading proves once checked: the energy since its meter's last reading, and whether
/// that interval is certifiable.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ReadingEnergy {
	/// The meter's first reading: it sets the baseline and proves nothing.
	Baseline,
	/// Energy over an interval after the device's high-water mark: handed on.
	Certifiable {
		/// The meter's previous reading, unix seconds.
		from: UnixTime,
		/// Wh.
		wh: Wh,
	},
	/// Energy over an interval that starts before the device's high-water mark (a suspension,
	/// a reset): recorded as uncertified.
	Uncertifiable {
		/// The meter's previous reading, unix seconds.
		from: UnixTime,
		/// Wh.
		wh: Wh,
	},
}

impl ReadingEnergy {
	/// The energy, Wh.
	pub fn wh(&self) -> Wh {
		match self {
			ReadingEnergy::Baseline => 0,
			ReadingEnergy::Certifiable { wh, .. } | ReadingEnergy::Uncertifiable { wh, .. } => *wh,
		}
	}
}

/// Why a profile was refused: the first rule it broke, and the interval that broke it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProfileRejection {
	/// The interval (0-based), or `None` when the profile as a whole was refused: its shape,
	/// meter, device, signature or totals.
	pub interval: Option<u32>,
	/// The error.
	pub error: sp_runtime::DispatchError,
}

/// The outcome of a reading or profile: `wh` Wh on `device`, and the hand-over's weight.
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
	pub device: DeviceId,
	/// The energy since the meter's previous reading, Wh (0 for a baseline).
	pub wh: Wh,
	/// Whether that energy was certifiable and handed on, rather than recorded as uncertified.
	pub certified: bool,
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

/// A device with its billing meter, as the runtime API returns it. Its meter history pages
/// separately (`device_meters`).
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub struct DeviceDetails<AccountId> {
	/// The device's id.
	pub id: DeviceId,
	/// The device.
	pub device: Device<AccountId, alloc::vec::Vec<u8>>,
	/// Its active billing meter, if one is bound.
	pub meter: Option<(MeterKey, Meter)>,
}

pub use origo_primitives::MAX_PAGE;

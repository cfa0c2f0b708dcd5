//! The arguments of the calls the index reads, as far as it reads them: a block's time and the
//! registers meters submitted. They are decoded by field name through the runtime's metadata,
//! so a runtime that adds a field or widens an integer still decodes; the rest of a call's
//! arguments (a reading's signature) is skipped.

use crate::decode::Json;
use subxt::ext::scale_decode::DecodeAsType;

/// `Timestamp.set`'s argument.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct TimestampSet {
	/// The block's time, ms since the Unix epoch.
	pub now: u64,
}

/// A signed reading, as far as the index reads it (the chain checked its signature).
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct SignedReading {
	/// The reading.
	pub reading: Reading,
}

/// A meter's register at an instant.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Reading {
	/// The meter's key, as JSON (`{"Sr25519": "0x…"}`).
	pub meter: Json,
	/// Its cumulative register, Wh.
	pub counter_wh: u64,
	/// When it was read, Unix seconds.
	pub timestamp: u64,
}

/// A signed load profile, as far as the index reads it.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct SignedProfile {
	/// The profile.
	pub profile: Profile,
}

/// A meter's registers at the end of each interval from `start`.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Profile {
	/// The meter's key, as JSON (`{"Sr25519": "0x…"}`).
	pub meter: Json,
	/// When its first interval starts, Unix seconds.
	pub start: u64,
	/// The length of each interval, seconds.
	pub interval: u64,
	/// The cumulative register at the end of each interval, Wh.
	pub registers: Vec<u64>,
}

/// `Meters.submit_reading`'s arguments.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct OneReading {
	/// The signed reading.
	pub reading: SignedReading,
}

/// `Meters.submit_readings`'s arguments: a gateway's batch.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Readings {
	/// The signed readings.
	pub readings: Vec<SignedReading>,
}

/// `Meters.submit_profile`'s arguments.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct OneProfile {
	/// The signed profile.
	pub profile: SignedProfile,
}

/// `Meters.submit_profiles`'s arguments: a gateway's batch.
#[derive(DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub struct Profiles {
	/// The signed profiles.
	pub profiles: Vec<SignedProfile>,
}

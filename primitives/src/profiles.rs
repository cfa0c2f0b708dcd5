//! Load profiles: a meter's registers at the end of each of a run of equal intervals, signed
//! once, as a DLMS/COSEM meter reports its load profile and an OCMF document signs a list of
//! readings.
//!
//! A profile is exactly the readings `(start + (i + 1) x interval, registers[i])`, each checked
//! by the reading rules, under its own signing domain. Registers are SCALE-compact: the meter's
//! own cumulative values, not differences, so the block shows what the meter read and a register
//! that goes down is refused by name (a difference could not express it). A compact register
//! takes 4 bytes up to 1 GWh, 5 up to 2^38 Wh.

use crate::{
	meter_keys::{MeterKey, MeterSignature},
	registry::{UnixTime, Wh},
};
use alloc::vec::Vec;
use codec::{Compact, Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_core::H256;

/// The domain every profile is signed under, so a profile signature is never valid for a reading,
/// a binding or another registry.
pub const PROFILE_SIGNING_CONTEXT: &[u8; 16] = b"origo/profile/v1";

/// Seconds in a day: a profile's interval divides it, so intervals line up with days.
pub const SECONDS_PER_DAY: u32 = 86_400;

/// What a meter attests in one signature: its cumulative register at the end of each interval.
#[derive(Clone, Encode, Decode, DecodeWithMemTracking, TypeInfo, PartialEq, Eq, Debug)]
pub struct Profile {
	/// The meter's public key.
	pub meter: MeterKey,
	/// When the first interval starts, unix seconds.
	#[codec(compact)]
	pub start: UnixTime,
	/// The length of every interval, seconds (it divides a day: 900 for 15 minutes, 3,600 for an
	/// hour).
	#[codec(compact)]
	pub interval: u32,
	/// The cumulative register, Wh, at the end of each interval, in order.
	pub registers: Vec<Compact<Wh>>,
}

impl Profile {
	/// The bytes the meter signs: the context, the chain's genesis hash (so a profile cannot be
	/// replayed on another chain) and the profile.
	pub fn signing_payload(&self, genesis_hash: &H256) -> Vec<u8> {
		(PROFILE_SIGNING_CONTEXT, genesis_hash, self).encode()
	}

	/// Whether the interval is a whole fraction of a day (and not zero).
	pub fn has_valid_interval(&self) -> bool {
		self.interval > 0 && SECONDS_PER_DAY.is_multiple_of(self.interval)
	}

	/// How many intervals it has.
	pub fn intervals(&self) -> u32 {
		self.registers.len() as u32
	}

	/// When interval `index` ends (0-based), saturating.
	pub fn interval_end(&self, index: u32) -> UnixTime {
		self.start
			.saturating_add(u64::from(index).saturating_add(1).saturating_mul(self.interval.into()))
	}

	/// When the last interval ends.
	pub fn end(&self) -> UnixTime {
		self.interval_end(self.intervals().saturating_sub(1))
	}

	/// The readings it attests: `(end of interval, register)` for each interval, in order.
	pub fn readings(&self) -> impl Iterator<Item = (UnixTime, Wh)> + '_ {
		self.registers
			.iter()
			.enumerate()
			.map(|(index, register)| (self.interval_end(index as u32), register.0))
	}
}

/// A profile with its meter's signature over its [`Profile::signing_payload`].
#[derive(Clone, Encode, Decode, DecodeWithMemTracking, TypeInfo, PartialEq, Eq, Debug)]
pub struct SignedProfile {
	/// The profile.
	pub profile: Profile,
	/// The meter's signature.
	pub signature: MeterSignature,
}

impl SignedProfile {
	/// Whether the signature is the profile's meter's, in its scheme, on the chain with
	/// `genesis_hash`.
	pub fn verify(&self, genesis_hash: &H256) -> bool {
		self.profile.meter.verify(&self.profile.signing_payload(genesis_hash), &self.signature)
	}
}

/// Signs `profile` off-chain with `meter` (a signer that is not the profile's meter makes a
/// forgery, which tests need).
#[cfg(feature = "std")]
pub fn sign_profile(
	meter: &impl crate::meter_keys::MeterSigner,
	profile: Profile,
	genesis_hash: &H256,
) -> SignedProfile {
	let signature = meter.sign_as_meter(&profile.signing_payload(genesis_hash));
	SignedProfile { profile, signature }
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::meter_keys::{MeterSigner as _, P256Pair};
	use sp_core::Pair as _;

	fn day(meter: MeterKey, intervals: u32, wh_per_interval: Wh) -> Profile {
		let register = |index: u32| Compact(5_000_000 + u64::from(index + 1) * wh_per_interval);
		Profile {
			meter,
			start: 1_700_006_400,
			interval: SECONDS_PER_DAY / intervals,
			registers: (0..intervals).map(register).collect(),
		}
	}

	#[test]
	fn a_profile_is_its_readings_at_the_ends_of_its_intervals() {
		let profile = day(P256Pair::from_phrase("//meter").meter_key(), 24, 1_000);
		assert_eq!(profile.intervals(), 24);
		assert!(profile.has_valid_interval());
		assert_eq!(profile.interval_end(0), 1_700_006_400 + 3_600);
		assert_eq!(profile.end(), 1_700_006_400 + 86_400);
		let readings: Vec<_> = profile.readings().collect();
		assert_eq!(readings[0], (1_700_010_000, 5_001_000));
		assert_eq!(readings[23], (1_700_092_800, 5_024_000));
	}

	#[test]
	fn intervals_must_divide_a_day() {
		let mut profile = day(P256Pair::from_phrase("//meter").meter_key(), 96, 100);
		for (interval, valid) in
			[(900, true), (3_600, true), (86_400, true), (0, false), (7, false), (172_800, false)]
		{
			profile.interval = interval;
			assert_eq!(profile.has_valid_interval(), valid, "{interval}");
		}
	}

	#[test]
	fn a_signature_covers_the_chain_and_every_register() {
		let genesis = H256::repeat_byte(7);
		let meter = sp_core::sr25519::Pair::from_string("//meter", None).unwrap();
		let signed = sign_profile(&meter, day(meter.meter_key(), 24, 1_000), &genesis);
		assert!(signed.verify(&genesis));
		assert!(!signed.verify(&H256::repeat_byte(8)));
		let mut altered = signed.clone();
		altered.profile.registers[12].0 += 1;
		assert!(!altered.verify(&genesis));
		// A reading's signature over the same bytes is no profile's: the domains differ.
		let reading_domain = meter.sign_as_meter(
			&(crate::registry::READING_SIGNING_CONTEXT, genesis, &signed.profile).encode(),
		);
		assert!(!SignedProfile { signature: reading_domain, ..signed }.verify(&genesis));
	}

	#[test]
	fn a_day_of_hourly_registers_fits_in_a_few_bytes_per_interval() {
		// A 5 kWp meter's registers (millions of Wh) take 4 bytes each; the key, the times and
		// the signature are shared by the day.
		for (meter, signature_len) in [
			(sp_core::sr25519::Pair::from_string("//meter", None).unwrap().meter_key(), 65),
			(P256Pair::from_phrase("//meter").meter_key(), 65),
		] {
			let profile = day(meter, 24, 4_000);
			let size = profile.encoded_size() + signature_len;
			assert_eq!(size, profile.meter.encoded_size() + 5 + 2 + 1 + 24 * 4 + signature_len);
			assert!(size as f64 / 24.0 < 8.5, "{size}");
		}
	}
}

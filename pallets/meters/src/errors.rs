//! The errors of the device registry

use frame_support::pallet_macros::pallet_section;

/// The errors of the device registry, imported into the pallet by `#[import_section]`.
#[pallet_section]
mod errors {
	/// Why a call of the device registry failed.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is already an issuer.
		AlreadyIssuer,
		/// The account is not an issuer.
		NotIssuer,
		/// An issuer must cover at least one zone.
		NoZones,
		/// More zones than `MaxZonesPerIssuer`.
		TooManyZones,
		/// The same zone was named twice.
		DuplicateZone,
		/// A zone code is not 1-8 characters of `A-Z`, `0-9` and `-`.
		InvalidZone,
		/// No issuer covers the zone, so no one could approve the device.
		UnknownZone,
		/// A name is longer than `MaxNameLength`.
		NameTooLong,
		/// A reason is longer than `MaxReasonLength`.
		ReasonTooLong,
		/// A device must have a capacity above zero.
		ZeroCapacity,
		/// The location is off the globe.
		InvalidLocation,
		/// No device has that id.
		UnknownDevice,
		/// The issuer does not cover the device's zone.
		WrongZone,
		/// Only a pending device can be approved or rejected.
		DeviceNotPending,
		/// The device is not approved.
		DeviceNotApproved,
		/// The device is suspended.
		DeviceSuspended,
		/// Only a suspended device can be reinstated.
		DeviceNotSuspended,
		/// Only the device's owner binds and retires its meters.
		NotDeviceOwner,
		/// The key is bound (to this or another device) or was retired.
		MeterAlreadyBound,
		/// The device has an active billing meter: retire it before binding another (one meter
		/// per device, so the same Wh are never counted twice).
		DeviceHasMeter,
		/// No meter has that key.
		UnknownMeter,
		/// The meter was retired.
		MeterRetired,
		/// An issuer unbound the key: it measures no device until it is bound again.
		MeterUnbound,
		/// The key is not a valid key of its scheme: a P-256 key must be a compressed point of the
		/// curve.
		InvalidMeterKey,
		/// The proof is not the meter's signature over its binding to this device and owner.
		BadProof,
		/// The signature is not the meter's over this chain's reading or profile payload.
		BadSignature,
		/// The timestamp is not after the meter's last reading, or the profile starts before it
		/// (a replayed or overlapping profile).
		StaleReading,
		/// The timestamp is more than `MaxClockDrift` ahead of the chain's clock.
		ReadingInFuture,
		/// The reading is before the device's high-water mark: its commissioning or backfill
		/// start, or production already accounted for.
		BackdatedReading,
		/// The counter is lower than the meter's last.
		CounterDecreased,
		/// More energy than capacity x elapsed time x tolerance.
		ImplausibleEnergy,
		/// The device's total energy would overflow.
		EnergyOverflow,
		/// The energy's receiver does not take this device (pallet-footprint: a consumption
		/// device that is not a recognised chain node). Gateway batches report the receiver's
		/// own error.
		EnergyRefused,
		/// A feeless reading must prove energy; zero readings go in a paid batch.
		NoEnergy,
		/// A feeless reading must come `FeelessInterval` after the meter's last; more frequent
		/// readings go in a paid batch.
		TooFrequent,
		/// More readings than `MaxReadingsPerBatch`.
		TooManyReadings,
		/// A batch must carry at least one reading.
		EmptyBatch,
		/// The issuer is the last of a zone that has devices: appoint another first.
		LastIssuerOfZone,
		/// Only a pending or rejected device can be removed: an approved device's production
		/// and certificates refer to it for good.
		DeviceNotRemovable,
		/// A profile must have at least one interval.
		EmptyProfile,
		/// More intervals than `MaxProfileIntervals`.
		TooManyIntervals,
		/// A profile's interval must be above zero and divide a day (900 s, 3,600 s, ...), so
		/// that its intervals line up with days.
		InvalidInterval,
		/// More profiles than `MaxProfilesPerBatch`.
		TooManyProfiles,
	}
}

//! The events of the device registry

use frame_support::pallet_macros::pallet_section;

/// The events of the device registry, imported into the pallet by `#[import_section]`.
#[pallet_section]
mod events {
	/// Events of the device registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance appointed an issuer.
		IssuerAppointed {
			/// The issuer's account.
			issuer: T::AccountId,
			/// The zones it covers.
			zones: ZonesOf<T>,
		},
		/// Governance removed an issuer; the devices it approved stay approved.
		IssuerRemoved {
			/// The issuer's account.
			issuer: T::AccountId,
		},
		/// An owner registered a device, pending approval.
		DeviceRegistered {
			/// The new device's id.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// Its zone.
			zone: Zone,
		},
		/// An issuer approved a device.
		DeviceApproved {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
			/// The earliest instant its production may be certified from, unix seconds.
			certifiable_from: UnixTime,
		},
		/// The owner removed a pending or rejected device; its deposit was released.
		DeviceRemoved {
			/// The device.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
		},
		/// An issuer rejected a device.
		DeviceRejected {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
			/// Why.
			reason: ReasonOf<T>,
		},
		/// An issuer suspended a device: its readings are refused.
		DeviceSuspended {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
			/// Why.
			reason: ReasonOf<T>,
		},
		/// An issuer reinstated a suspended device. Nothing produced before the reinstatement
		/// and after the device's last reading is certified.
		DeviceReinstated {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
		},
		/// The owner bound a meter key to a device as its billing meter.
		MeterBound {
			/// The device.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
		},
		/// The owner retired a meter key: it is never accepted again.
		MeterRetired {
			/// The device it measured.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
		},
		/// An issuer unbound a meter key, bound to the wrong device or retired from one: it may
		/// be bound again.
		MeterUnbound {
			/// The device it was bound to.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
			/// The issuer.
			issuer: T::AccountId,
		},
		/// An issuer reset a meter after its register was reset: the reading is its new baseline.
		MeterReset {
			/// The device it measures.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
			/// The issuer.
			issuer: T::AccountId,
			/// The register at the new baseline.
			counter_wh: Wh,
			/// When it was read, unix seconds.
			timestamp: UnixTime,
		},
		/// A single reading (`submit_reading`) was accepted. A gateway batch's accepted readings
		/// are counted in its `BatchProcessed` instead.
		ReadingAccepted {
			/// The meter.
			meter: MeterKey,
			/// Its device.
			device: DeviceId,
			/// The register.
			counter_wh: Wh,
			/// When it was read, unix seconds.
			timestamp: u64,
			/// Energy since the meter's previous reading (0 for its first).
			wh: Wh,
		},
		/// A reading's energy spans an instant before its device's high-water mark (a
		/// suspension, a meter reset): it was recorded as uncertified and handed on to no one.
		EnergyUncertified {
			/// The device.
			device: DeviceId,
			/// The meter.
			meter: MeterKey,
			/// The meter's previous reading, unix seconds.
			from: UnixTime,
			/// This reading, unix seconds.
			to: UnixTime,
			/// The energy between them, Wh.
			wh: Wh,
		},
		/// A reading in a gateway batch was refused; the rest of the batch went on.
		ReadingRejected {
			/// Its position in the batch.
			index: u32,
			/// The meter it claimed to come from.
			meter: MeterKey,
			/// Why it was refused: one of this pallet's errors, or the energy receiver's.
			error: DispatchError,
		},
		/// A feeless profile was accepted. Profiles in gateway batches get no event each: they
		/// are in the block's body, with every interval's register, and are counted in their
		/// batch's `BatchProcessed`.
		ProfileAccepted {
			/// The meter.
			meter: MeterKey,
			/// Its device.
			device: DeviceId,
			/// When its first interval started, unix seconds.
			start: UnixTime,
			/// When its last interval ended, unix seconds.
			end: UnixTime,
			/// How many intervals it has.
			intervals: u32,
			/// Energy since the meter's previous reading (0 for a meter's first profile's first
			/// interval, its baseline), Wh.
			wh: Wh,
		},
		/// A profile in a gateway batch was refused, whole; the rest of the batch went on.
		ProfileRejected {
			/// Its position in the batch.
			index: u32,
			/// The meter it claimed to come from.
			meter: MeterKey,
			/// The interval (0-based) that broke a reading rule, or `None` when the profile as a
			/// whole was refused (its shape, meter, device or signature).
			interval: Option<u32>,
			/// Why it was refused: one of this pallet's errors, or the energy receiver's.
			error: DispatchError,
		},
		/// A gateway batch of readings or profiles was processed.
		BatchProcessed {
			/// The gateway account that sent it.
			gateway: T::AccountId,
			/// How many readings or profiles were accepted.
			accepted: u32,
			/// How many were refused.
			rejected: u32,
		},
		/// Governance set the least time between two feeless readings of a meter.
		FeelessIntervalSet {
			/// Seconds.
			seconds: u64,
		},
	}
}

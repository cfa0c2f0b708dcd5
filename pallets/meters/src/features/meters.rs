//! Meter keys: bound by the device's owner with the meter's proof of possession and a deposit,
//! retired on a swap; unbound (releasing the deposit) and reset by an issuer of the device's zone.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Binds `meter` to `id` as its billing meter, if `proof` is the meter's signature over the
	/// binding.
	pub(crate) fn do_bind_meter(
		owner: T::AccountId,
		id: DeviceId,
		meter: MeterKey,
		proof: MeterSignature,
	) -> DispatchResult {
		let mut device = Devices::<T>::get(id).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.owner == owner, Error::<T>::NotDeviceOwner);
		Self::check_device_approved(&device)?;
		ensure!(device.meter.is_none(), Error::<T>::DeviceHasMeter);
		ensure!(meter.is_valid(), Error::<T>::InvalidMeterKey);
		// A key unbound by an issuer may be bound again and keeps its last reading; any other
		// key that was ever bound may not.
		let previous = Meters::<T>::get(&meter);
		ensure!(
			previous.is_none_or(|record| record.status == MeterStatus::Unbound),
			Error::<T>::MeterAlreadyBound
		);
		ensure!(
			meter.verify(&binding_payload(&Self::genesis_hash(), id, &owner), &proof),
			Error::<T>::BadProof
		);
		let deposit = T::MeterDeposit::new(&owner, Self::meter_footprint())?;
		MeterDeposits::<T>::insert(&meter, (owner, deposit));
		if !DeviceMeters::<T>::contains_key(id, &meter) {
			DeviceMeters::<T>::insert(id, &meter, ());
			device.meters_bound = device.meters_bound.saturating_add(1);
		}
		// A rebound key's readings continue its own timeline: nothing of the device before its
		// last reading is certified through it.
		let last = previous.and_then(|record| record.last);
		if let Some(last) = last {
			device.certified_until = device.certified_until.max(last.timestamp);
		}
		device.meter = Some(meter);
		Devices::<T>::insert(id, device);
		Meters::<T>::insert(&meter, Meter { device: id, status: MeterStatus::Active, last });
		Self::deposit_event(Event::MeterBound { device: id, meter });
		Ok(())
	}

	/// What a meter key takes of state: its record, keyed by the key, and its entry in its
	/// device's meter history.
	pub(crate) fn meter_footprint() -> Footprint {
		Footprint::from_mel::<(MeterKey, Meter, DeviceId, MeterKey)>()
	}

	/// The meter's record, if it is bound to a device.
	pub(crate) fn bound_meter(meter: &MeterKey) -> Result<Meter, Error<T>> {
		Meters::<T>::get(meter).ok_or(Error::<T>::UnknownMeter).and_then(Self::active)
	}

	/// `record`, if its meter is active.
	fn active(record: Meter) -> Result<Meter, Error<T>> {
		match record.status {
			MeterStatus::Active => Ok(record),
			MeterStatus::Retired => Err(Error::<T>::MeterRetired),
			MeterStatus::Unbound => Err(Error::<T>::MeterUnbound),
		}
	}

	pub(crate) fn do_retire_meter(owner: T::AccountId, meter: MeterKey) -> DispatchResult {
		let record = Meters::<T>::get(&meter).ok_or(Error::<T>::UnknownMeter)?;
		let mut device = Devices::<T>::get(record.device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.owner == owner, Error::<T>::NotDeviceOwner);
		let mut record = Self::active(record)?;
		record.status = MeterStatus::Retired;
		device.meter = None;
		Devices::<T>::insert(record.device, device);
		Meters::<T>::insert(&meter, record);
		Self::deposit_event(Event::MeterRetired { device: record.device, meter });
		Ok(())
	}

	/// Unbinds `meter` from the device it was bound to in error; what that device certified
	/// stays, for the issuer to revoke.
	pub(crate) fn do_unbind_meter(issuer: T::AccountId, meter: MeterKey) -> DispatchResult {
		let mut record = Meters::<T>::get(&meter).ok_or(Error::<T>::UnknownMeter)?;
		ensure!(record.status != MeterStatus::Unbound, Error::<T>::MeterUnbound);
		let mut device = Self::device_for_issuer(&issuer, record.device)?;
		if device.meter.as_ref() == Some(&meter) {
			device.meter = None;
			Devices::<T>::insert(record.device, device);
		}
		// Keys bound before deposits (storage version 2) may hold none.
		if let Some((depositor, deposit)) = MeterDeposits::<T>::take(&meter) {
			deposit.drop(&depositor)?;
		}
		record.status = MeterStatus::Unbound;
		Meters::<T>::insert(&meter, record);
		Self::deposit_event(Event::MeterUnbound { device: record.device, meter, issuer });
		Ok(())
	}

	/// Makes `signed` its meter's new baseline after a register reset; the device's high-water
	/// mark moves to it, so nothing before it is certified.
	pub(crate) fn do_reset_meter(issuer: T::AccountId, signed: SignedReading) -> DispatchResult {
		let reading = &signed.reading;
		let mut meter = Self::bound_meter(&reading.meter)?;
		let mut device = Self::device_for_issuer(&issuer, meter.device)?;
		ensure!(signed.verify(&Self::genesis_hash()), Error::<T>::BadSignature);
		Self::check_time(reading.timestamp, meter.last, &device, Self::now())?;
		meter.last =
			Some(LastReading { counter_wh: reading.counter_wh, timestamp: reading.timestamp });
		device.certified_until = reading.timestamp;
		Meters::<T>::insert(&reading.meter, meter);
		Devices::<T>::insert(meter.device, device);
		Self::deposit_event(Event::MeterReset {
			device: meter.device,
			meter: reading.meter,
			issuer,
			counter_wh: reading.counter_wh,
			timestamp: reading.timestamp,
		});
		Ok(())
	}
}

//! Devices: registered by their owners against a deposit, approved, rejected, suspended and
//! reinstated by an issuer of their zone; removed by their owners while pending or once rejected.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Registers a device and returns its id.
	pub fn do_register_device(
		owner: T::AccountId,
		declaration: DeviceDeclaration<Vec<u8>>,
	) -> Result<DeviceId, DispatchError> {
		let declaration = declaration.try_map_name(|name| {
			NameOf::<T>::try_from(name).map_err(|_| Error::<T>::NameTooLong)
		})?;
		ensure!(declaration.capacity_w > 0, Error::<T>::ZeroCapacity);
		let zone = declaration.zone;
		ensure!(zone.is_valid(), Error::<T>::InvalidZone);
		ensure!(ZoneIssuers::<T>::get(zone) > 0, Error::<T>::UnknownZone);
		ensure!(
			declaration.location.as_ref().is_none_or(Location::is_valid),
			Error::<T>::InvalidLocation
		);
		let id = NextDeviceId::<T>::get();
		let next = id.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
		let deposit = T::DeviceDeposit::new(&owner, Self::device_footprint())?;
		DeviceDeposits::<T>::insert(id, deposit);
		let device = Device {
			owner: owner.clone(),
			declaration,
			status: DeviceStatus::Pending,
			issuer: None,
			meter: None,
			meters_bound: 0,
			certified_until: 0,
			verified_wh: 0,
			uncertified_wh: 0,
		};
		Devices::<T>::insert(id, device);
		OwnerDevices::<T>::insert(&owner, id, ());
		ZoneDevices::<T>::insert(zone, id, ());
		NextDeviceId::<T>::put(next);
		Self::deposit_event(Event::DeviceRegistered { device: id, owner, zone });
		Ok(id)
	}

	/// What a device takes of state: its record, keyed by its id (its two index entries are
	/// keys alone).
	pub(crate) fn device_footprint() -> Footprint {
		Footprint::from_mel::<(DeviceId, DeviceOf<T>)>()
	}

	/// Removes `owner`'s pending or rejected device `id` and releases its deposit.
	pub(crate) fn do_remove_device(owner: T::AccountId, id: DeviceId) -> DispatchResult {
		let device = Devices::<T>::get(id).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.owner == owner, Error::<T>::NotDeviceOwner);
		ensure!(
			matches!(device.status, DeviceStatus::Pending | DeviceStatus::Rejected),
			Error::<T>::DeviceNotRemovable
		);
		// Devices registered before deposits (storage version 2) may hold none.
		if let Some(deposit) = DeviceDeposits::<T>::take(id) {
			deposit.drop(&owner)?;
		}
		Devices::<T>::remove(id);
		OwnerDevices::<T>::remove(&owner, id);
		ZoneDevices::<T>::remove(device.declaration.zone, id);
		Self::deposit_event(Event::DeviceRemoved { device: id, owner });
		Ok(())
	}

	/// The earliest instant a device approved now may have its production certified from: its
	/// commissioning, or the start of the backfill window if that is later.
	pub(crate) fn certifiable_start(declaration: &DeviceDeclaration<NameOf<T>>) -> UnixTime {
		declaration.commissioned.max(Self::now().saturating_sub(T::MaxBackfill::get()))
	}

	pub(crate) fn do_approve_device(issuer: T::AccountId, id: DeviceId) -> DispatchResult {
		let mut device = Self::device_for_issuer(&issuer, id)?;
		ensure!(device.status == DeviceStatus::Pending, Error::<T>::DeviceNotPending);
		let certifiable_from = Self::certifiable_start(&device.declaration);
		device.status = DeviceStatus::Approved;
		device.issuer = Some(issuer.clone());
		device.certified_until = certifiable_from;
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::DeviceApproved { device: id, issuer, certifiable_from });
		Ok(())
	}

	pub(crate) fn do_reject_device(
		issuer: T::AccountId,
		id: DeviceId,
		reason: Vec<u8>,
	) -> DispatchResult {
		let reason = Self::change_status(&issuer, id, reason, DeviceStatus::Rejected)?;
		Self::deposit_event(Event::DeviceRejected { device: id, issuer, reason });
		Ok(())
	}

	pub(crate) fn do_suspend_device(
		issuer: T::AccountId,
		id: DeviceId,
		reason: Vec<u8>,
	) -> DispatchResult {
		let reason = Self::change_status(&issuer, id, reason, DeviceStatus::Suspended)?;
		Self::deposit_event(Event::DeviceSuspended { device: id, issuer, reason });
		Ok(())
	}

	/// An issuer of its zone moves device `id` to status `to`, rejected from pending or
	/// suspended from approved, for `reason`, which it returns bounded.
	fn change_status(
		issuer: &T::AccountId,
		id: DeviceId,
		reason: Vec<u8>,
		to: DeviceStatus,
	) -> Result<ReasonOf<T>, DispatchError> {
		let reason: ReasonOf<T> = reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
		let mut device = Self::device_for_issuer(issuer, id)?;
		let (from, not_from) = match to {
			DeviceStatus::Rejected => (DeviceStatus::Pending, Error::<T>::DeviceNotPending),
			_ => (DeviceStatus::Approved, Error::<T>::DeviceNotApproved),
		};
		ensure!(device.status == from, not_from);
		device.status = to;
		Devices::<T>::insert(id, device);
		Ok(reason)
	}

	/// Reinstates a suspended device, moving its high-water mark to now: what it produced while
	/// suspended is never certified.
	pub(crate) fn do_reinstate_device(issuer: T::AccountId, id: DeviceId) -> DispatchResult {
		let mut device = Self::device_for_issuer(&issuer, id)?;
		ensure!(device.status == DeviceStatus::Suspended, Error::<T>::DeviceNotSuspended);
		device.status = DeviceStatus::Approved;
		device.certified_until = device.certified_until.max(Self::now());
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::DeviceReinstated { device: id, issuer });
		Ok(())
	}
}

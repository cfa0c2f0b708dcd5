//! Issuers: appointed and removed by governance, per zone.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Appoints `issuer` for `zones`.
	pub(crate) fn do_appoint_issuer(
		issuer: T::AccountId,
		name: Vec<u8>,
		zones: Vec<Zone>,
	) -> DispatchResult {
		ensure!(!Issuers::<T>::contains_key(&issuer), Error::<T>::AlreadyIssuer);
		let name: NameOf<T> = name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		ensure!(!zones.is_empty(), Error::<T>::NoZones);
		ensure!(zones.iter().all(Zone::is_valid), Error::<T>::InvalidZone);
		let mut sorted = zones.clone();
		sorted.sort();
		sorted.dedup();
		ensure!(sorted.len() == zones.len(), Error::<T>::DuplicateZone);
		let zones: ZonesOf<T> = zones.try_into().map_err(|_| Error::<T>::TooManyZones)?;
		for zone in zones.iter() {
			ZoneIssuers::<T>::mutate(zone, |count| *count = count.saturating_add(1));
		}
		Issuers::<T>::insert(&issuer, Issuer { name, zones: zones.clone() });
		Self::deposit_event(Event::IssuerAppointed { issuer, zones });
		Ok(())
	}

	/// Removes `issuer`, unless it is the last issuer of a zone that has devices: they would be
	/// left with no one to suspend them or revoke their certificates.
	pub(crate) fn do_remove_issuer(issuer: T::AccountId) -> DispatchResult {
		let record = Issuers::<T>::get(&issuer).ok_or(Error::<T>::NotIssuer)?;
		for zone in record.zones.iter() {
			let last = ZoneIssuers::<T>::get(zone) <= 1;
			ensure!(
				!(last && ZoneDevices::<T>::iter_key_prefix(zone).next().is_some()),
				Error::<T>::LastIssuerOfZone
			);
		}
		Issuers::<T>::remove(&issuer);
		for zone in record.zones.iter() {
			ZoneIssuers::<T>::mutate_exists(zone, |count| {
				*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
			});
		}
		Self::deposit_event(Event::IssuerRemoved { issuer });
		Ok(())
	}

	/// The device, if `issuer` is an issuer covering its zone.
	pub(crate) fn device_for_issuer(
		issuer: &T::AccountId,
		id: DeviceId,
	) -> Result<DeviceOf<T>, DispatchError> {
		let record = Issuers::<T>::get(issuer).ok_or(Error::<T>::NotIssuer)?;
		let device = Devices::<T>::get(id).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(record.zones.contains(&device.declaration.zone), Error::<T>::WrongZone);
		Ok(device)
	}
}

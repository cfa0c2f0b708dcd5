//! The registry's invariants, checked after every unit test and by `try-runtime`.

use crate::*;
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};

impl<T: Config> Pallet<T> {
	/// Checks the registry's invariants: every meter's device exists and lists it; a device's
	/// billing meter is its one active meter; a meter's last reading is neither in the future nor
	/// after its device's high-water mark; indexes match the records; zone counts match the
	/// issuers; deposits are held for devices and bound or retired keys only.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let horizon = Self::now().saturating_add(T::MaxClockDrift::get());
		let mut active: BTreeMap<DeviceId, Vec<MeterKey>> = BTreeMap::new();
		let mut history: BTreeMap<DeviceId, u32> = BTreeMap::new();
		for (device, key) in DeviceMeters::<T>::iter_keys() {
			ensure!(Meters::<T>::contains_key(&key), "the meter history names an unknown key");
			*history.entry(device).or_default() += 1;
		}
		for (key, meter) in Meters::<T>::iter() {
			let device =
				Devices::<T>::get(meter.device).ok_or("a meter's device does not exist")?;
			ensure!(
				DeviceMeters::<T>::contains_key(meter.device, &key),
				"a meter is missing from its device's history"
			);
			if meter.status == MeterStatus::Active {
				active.entry(meter.device).or_default().push(key);
			}
			if let Some(last) = meter.last {
				ensure!(last.timestamp <= horizon, "a meter's last reading is in the future");
				if meter.status == MeterStatus::Active {
					ensure!(
						last.timestamp <= device.certified_until,
						"an active meter's last reading is after its device's high-water mark"
					);
				}
			}
		}
		let next_id = NextDeviceId::<T>::get();
		let mut known: BTreeSet<DeviceId> = BTreeSet::new();
		for (id, device) in Devices::<T>::iter() {
			known.insert(id);
			ensure!(id < next_id, "a device id is not below NextDeviceId");
			let actives = active.remove(&id).unwrap_or_default();
			ensure!(actives.len() <= 1, "a device has more than one active meter");
			ensure!(actives.first() == device.meter.as_ref(), "a device's billing meter is wrong");
			ensure!(
				device.meters_bound == history.get(&id).copied().unwrap_or(0),
				"a device's meter history count is wrong"
			);
			ensure!(OwnerDevices::<T>::contains_key(&device.owner, id), "owner index is missing");
			ensure!(
				ZoneDevices::<T>::contains_key(device.declaration.zone, id),
				"zone index is missing"
			);
			let approved =
				matches!(device.status, DeviceStatus::Approved | DeviceStatus::Suspended);
			ensure!(
				approved == device.issuer.is_some(),
				"only approved (or suspended) devices have an approving issuer"
			);
			ensure!(approved || device.meter.is_none(), "a device not approved has a meter");
		}
		ensure!(history.keys().all(|id| known.contains(id)), "a meter history of no device");
		ensure!(
			OwnerDevices::<T>::iter_keys()
				.all(|(owner, id)| Devices::<T>::get(id).is_some_and(|d| d.owner == owner)),
			"the owner index names a device of another owner"
		);
		ensure!(
			ZoneDevices::<T>::iter_keys()
				.all(|(zone, id)| Devices::<T>::get(id).is_some_and(|d| d.declaration.zone == zone)),
			"the zone index names a device of another zone"
		);
		ensure!(
			DeviceDeposits::<T>::iter_keys().all(|id| known.contains(&id)),
			"a deposit is held for a device that does not exist"
		);
		for (key, (depositor, _)) in MeterDeposits::<T>::iter() {
			let meter = Meters::<T>::get(&key).ok_or("a deposit is held for an unknown key")?;
			ensure!(meter.status != MeterStatus::Unbound, "a deposit is held for an unbound key");
			ensure!(
				Devices::<T>::get(meter.device).is_some_and(|device| device.owner == depositor),
				"a key's deposit is held by another than its device's owner"
			);
		}
		let mut zone_counts: BTreeMap<Zone, u32> = BTreeMap::new();
		for issuer in Issuers::<T>::iter_values() {
			for zone in issuer.zones {
				*zone_counts.entry(zone).or_default() += 1;
			}
		}
		ensure!(
			ZoneIssuers::<T>::iter().collect::<BTreeMap<_, _>>() == zone_counts,
			"zone issuer counts do not match the issuers"
		);
		Ok(())
	}
}

//! The registry's queries, for the runtime API: every list pages, so each answer's cost is
//! bounded by its `limit` (at most [`MAX_PAGE`]).

use crate::*;

impl<T: Config> Pallet<T> {
	/// A device with its billing meter.
	pub fn device_details(id: DeviceId) -> Option<DeviceDetails<T::AccountId>> {
		let device = Devices::<T>::get(id)?.map_name(BoundedVec::into_inner);
		let meter = device.meter.and_then(|key| Meters::<T>::get(&key).map(|record| (key, record)));
		Some(DeviceDetails { id, device, meter })
	}

	/// The devices among the `count` ids from `first` (at most [`MAX_PAGE`]), in order, with
	/// their billing meters (runtime API): device ids are allotted in order, so runs of ids page
	/// through every device.
	pub fn devices_from(first: DeviceId, count: u32) -> Vec<DeviceDetails<T::AccountId>> {
		origo_primitives::id_run(first, count, NextDeviceId::<T>::get())
			.filter_map(Self::device_details)
			.collect()
	}

	/// A page of the meter keys ever bound to `device`, after `start_after`, with their records.
	pub fn device_meters(
		device: DeviceId,
		start_after: Option<MeterKey>,
		limit: u32,
	) -> Vec<(MeterKey, Meter)> {
		let keys: Vec<MeterKey> =
			origo_primitives::key_page!(DeviceMeters<T>, device, start_after, limit.min(MAX_PAGE));
		keys.into_iter()
			.filter_map(|key| Meters::<T>::get(&key).map(|record| (key, record)))
			.collect()
	}

	/// A page of `owner`'s devices after `start_after`.
	pub fn devices_of_owner(
		owner: T::AccountId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Vec<DeviceId> {
		origo_primitives::key_page!(OwnerDevices<T>, &owner, start_after, limit.min(MAX_PAGE))
	}

	/// A page of the devices in `zone` after `start_after`.
	pub fn devices_in_zone(zone: Zone, start_after: Option<DeviceId>, limit: u32) -> Vec<DeviceId> {
		origo_primitives::key_page!(ZoneDevices<T>, zone, start_after, limit.min(MAX_PAGE))
	}
}

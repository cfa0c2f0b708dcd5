//! Queries of the device registry, for RPC, the CLI and explorers.
//!
//! Lists page with a cursor: pass the last id of the previous page as `start_after`. Pages are in
//! storage order (stable, not numeric) and at most [`MAX_PAGE`] long.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use origo_primitives::registry::{DeviceId, MeterKey, Zone};
pub use pallet_meters::{DeviceDetails, Meter, MAX_PAGE};

sp_api::decl_runtime_apis! {
	/// The device registry's queries. Version 2 added `devices`.
	#[api_version(2)]
	pub trait MetersApi<AccountId> where AccountId: Codec {
		/// A device with its billing meter, if it exists.
		fn device(device: DeviceId) -> Option<DeviceDetails<AccountId>>;
		/// The devices among the `count` ids from `first` (at most [`MAX_PAGE`]), in order, with
		/// their billing meters: ids are allotted in order, so runs of ids page through every
		/// device.
		fn devices(first: DeviceId, count: u32) -> Vec<DeviceDetails<AccountId>>;
		/// The meter keys ever bound to `device`, with their records, a page after `start_after`.
		fn device_meters(device: DeviceId, start_after: Option<MeterKey>, limit: u32) -> Vec<(MeterKey, Meter)>;
		/// A meter key's binding and last reading, if it was ever bound.
		fn meter(meter: MeterKey) -> Option<Meter>;
		/// The devices of `owner`, a page after `start_after`.
		fn devices_of_owner(owner: AccountId, start_after: Option<DeviceId>, limit: u32) -> Vec<DeviceId>;
		/// The devices in `zone`, a page after `start_after`.
		fn devices_in_zone(zone: Zone, start_after: Option<DeviceId>, limit: u32) -> Vec<DeviceId>;
	}
}

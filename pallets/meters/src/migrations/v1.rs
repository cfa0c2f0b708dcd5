//! Storage version 0 to 1: every device gets its billing meter and its high-water mark, every
//! meter a status (security review C-1, H-1).
//!
//! Version 0 let a device have several active meters and kept no mark. The migration keeps, per
//! device, the active meter with the latest reading as its billing meter and retires the other
//! active ones; the mark is the latest reading of any of its meters, and for an approved device
//! at least its certifiable start as if it were approved at the upgrade. So no interval already
//! certified is ever certified again, and nothing before the backfill window is certified.
//!
//! It reads and writes every device and meter once, in one block: fine for the registry's size
//! today; a registry of millions of devices would need a multi-block migration.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::UncheckedOnRuntimeUpgrade;

/// The records as version 0 stored them.
pub(crate) mod v0 {
	use super::*;
	use codec::{Decode, Encode};

	/// A device as version 0 stored it.
	#[derive(Encode, Decode)]
	pub struct Device<AccountId, Name> {
		/// Its owner.
		pub owner: AccountId,
		/// What the owner declared.
		pub declaration: DeviceDeclaration<Name>,
		/// Where it is in its lifecycle.
		pub status: DeviceStatus,
		/// Its approving issuer.
		pub issuer: Option<AccountId>,
		/// How many active meters it had.
		pub meters: u32,
		/// Its verified energy, Wh.
		pub verified_wh: Wh,
	}

	/// A meter as version 0 stored it.
	#[derive(Encode, Decode)]
	pub struct Meter {
		/// Its device.
		pub device: DeviceId,
		/// Whether it was active.
		pub active: bool,
		/// Its last reading.
		pub last: Option<LastReading>,
	}

	/// Version 0's meters.
	#[frame_support::storage_alias]
	pub type Meters<T: Config> = StorageMap<Pallet<T>, Blake2_128Concat, MeterKey, Meter>;

	/// Version 0's devices.
	#[frame_support::storage_alias]
	pub type Devices<T: Config> = StorageMap<
		Pallet<T>,
		Twox64Concat,
		DeviceId,
		Device<<T as frame_system::Config>::AccountId, NameOf<T>>,
	>;
}

/// The migration's logic; run it as [`MigrateV0ToV1`], which checks and bumps the version.
pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut reads = 0u64;
		let mut writes = 0u64;
		// Per device: its latest reading, and its active meters with their latest reading.
		let mut latest: BTreeMap<DeviceId, UnixTime> = BTreeMap::new();
		let mut billing: BTreeMap<DeviceId, (MeterKey, Option<UnixTime>)> = BTreeMap::new();
		let mut meters: Vec<(MeterKey, v0::Meter)> = Vec::new();
		for (key, raw) in v0::Meters::<T>::iter() {
			reads += 1;
			let time = raw.last.map(|last| last.timestamp);
			if let Some(time) = time {
				let entry = latest.entry(raw.device).or_default();
				*entry = (*entry).max(time);
			}
			if raw.active {
				let better = billing.get(&raw.device).is_none_or(|(_, best)| time > *best);
				if better {
					billing.insert(raw.device, (key, time));
				}
			}
			meters.push((key, raw));
		}
		for (key, raw) in meters {
			let billing_meter = billing.get(&raw.device).map(|(key, _)| key);
			let status = if raw.active && billing_meter == Some(&key) {
				MeterStatus::Active
			} else {
				MeterStatus::Retired
			};
			Meters::<T>::insert(&key, Meter { device: raw.device, status, last: raw.last });
			writes += 1;
		}
		Devices::<T>::translate::<v0::Device<T::AccountId, NameOf<T>>, _>(|id, old| {
			reads += 2;
			writes += 1;
			let approved = matches!(old.status, DeviceStatus::Approved | DeviceStatus::Suspended);
			let start = if approved { Pallet::<T>::certifiable_start(&old.declaration) } else { 0 };
			let certified_until = start.max(latest.get(&id).copied().unwrap_or(0));
			Some(Device {
				owner: old.owner,
				declaration: old.declaration,
				status: old.status,
				issuer: old.issuer,
				meter: billing.get(&id).map(|(key, _)| *key),
				meters_bound: DeviceMeters::<T>::iter_key_prefix(id).count() as u32,
				certified_until,
				verified_wh: old.verified_wh,
				uncertified_wh: 0,
			})
		});
		T::DbWeight::get().reads_writes(reads, writes)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		use codec::Encode;
		let verified: BTreeMap<DeviceId, Wh> =
			v0::Devices::<T>::iter().map(|(id, device)| (id, device.verified_wh)).collect();
		let meters = v0::Meters::<T>::iter().count() as u64;
		Ok((verified, meters).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use codec::Decode;
		let (verified, meters): (BTreeMap<DeviceId, Wh>, u64) =
			Decode::decode(&mut &state[..]).map_err(|_| "the pre-upgrade state decodes")?;
		let now: BTreeMap<DeviceId, Wh> =
			Devices::<T>::iter().map(|(id, device)| (id, device.verified_wh)).collect();
		ensure!(now == verified, "every device and its verified energy are kept");
		ensure!(Meters::<T>::iter().count() as u64 == meters, "every meter is kept");
		Pallet::<T>::do_try_state()
	}
}

/// Storage version 0 to 1, run once: [`UncheckedMigrateV0ToV1`] behind a version check.
pub type MigrateV0ToV1<T> = frame_support::migrations::VersionedMigration<
	0,
	1,
	UncheckedMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

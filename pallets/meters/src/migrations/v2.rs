//! Storage version 1 to 2: devices and meter keys hold deposits (security review L-2).
//!
//! Version 1 took none. The migration holds each device's deposit from its owner, and each bound
//! or retired key's from its device's owner (who bound it), as a registration or binding made
//! now would. An owner who cannot hold a deposit keeps the record without one (a device it
//! removes, or a key an issuer unbinds, then releases nothing); the migration logs how many.
//!
//! It reads every device and meter once, in one block: fine for the registry's size today; a
//! registry of millions of devices would need a multi-block migration.

use crate::*;
use frame_support::traits::UncheckedOnRuntimeUpgrade;

/// The migration's logic; run it as [`MigrateV1ToV2`], which checks and bumps the version.
pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut reads = 0u64;
		let mut writes = 0u64;
		let mut unpaid = 0u32;
		for (id, device) in Devices::<T>::iter() {
			reads += 2;
			if DeviceDeposits::<T>::contains_key(id) {
				continue;
			}
			match T::DeviceDeposit::new(&device.owner, Pallet::<T>::device_footprint()) {
				Ok(deposit) => {
					DeviceDeposits::<T>::insert(id, deposit);
					writes += 2;
				},
				Err(_) => unpaid += 1,
			}
		}
		for (key, meter) in Meters::<T>::iter() {
			reads += 2;
			if meter.status == MeterStatus::Unbound || MeterDeposits::<T>::contains_key(&key) {
				continue;
			}
			reads += 1;
			let Some(owner) = Devices::<T>::get(meter.device).map(|device| device.owner) else {
				continue;
			};
			match T::MeterDeposit::new(&owner, Pallet::<T>::meter_footprint()) {
				Ok(deposit) => {
					MeterDeposits::<T>::insert(&key, (owner, deposit));
					writes += 2;
				},
				Err(_) => unpaid += 1,
			}
		}
		if unpaid > 0 {
			log::warn!(
				target: "runtime::meters",
				"{unpaid} devices or meter keys kept without a deposit: their owners could not \
				 hold it"
			);
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		use codec::Encode;
		Ok((Devices::<T>::iter().count() as u64, Meters::<T>::iter().count() as u64).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use codec::Decode;
		let (devices, meters): (u64, u64) =
			Decode::decode(&mut &state[..]).map_err(|_| "the pre-upgrade state decodes")?;
		ensure!(Devices::<T>::iter().count() as u64 == devices, "every device is kept");
		ensure!(Meters::<T>::iter().count() as u64 == meters, "every meter is kept");
		Pallet::<T>::do_try_state()
	}
}

/// Storage version 1 to 2, run once: [`UncheckedMigrateV1ToV2`] behind a version check.
pub type MigrateV1ToV2<T> = frame_support::migrations::VersionedMigration<
	1,
	2,
	UncheckedMigrateV1ToV2<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

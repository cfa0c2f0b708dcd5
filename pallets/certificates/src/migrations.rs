//! Storage migrations of pallet-certificates, one module per storage version.

/// Storage version 0 to 1: device ledgers gain the production an issuer voided (security review
/// M-1), zero for every ledger so far; retirements gain who sent them for retirement (L-3),
/// unknown (`None`) for every retirement so far.
pub mod v1 {
	use crate::*;
	use frame_support::traits::UncheckedOnRuntimeUpgrade;

	/// The records as version 0 stored them.
	pub(crate) mod v0 {
		use super::*;
		use codec::{Decode, Encode};

		/// A device ledger as version 0 stored it.
		#[derive(Encode, Decode)]
		pub struct DeviceLedger {
			/// Verified, Wh.
			pub verified: Wh,
			/// Issued, Wh.
			pub issued: Wh,
			/// Carried.
			pub carried: Carried,
			/// The newest batch.
			pub latest_batch: Option<BatchId>,
		}

		/// Version 0's ledgers.
		#[frame_support::storage_alias]
		pub type DeviceLedgers<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, DeviceId, DeviceLedger>;

		/// A retirement as version 0 stored it.
		#[derive(Encode, Decode)]
		pub struct Retirement<AccountId, BlockNumber, Text> {
			/// Who retired.
			pub retirer: AccountId,
			/// The batch.
			pub batch: BatchId,
			/// Wh.
			pub wh: Wh,
			/// The claim.
			pub claim: Claim<AccountId, Text>,
			/// The block.
			pub block: BlockNumber,
			/// When.
			pub time: UnixTime,
			/// Avoided emissions, g.
			pub avoided_g_co2e: u64,
		}

		/// Version 0's retirements.
		#[frame_support::storage_alias]
		pub type Retirements<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			RetirementId,
			Retirement<
				<T as frame_system::Config>::AccountId,
				frame_system::pallet_prelude::BlockNumberFor<T>,
				TextOf<T>,
			>,
		>;
	}

	/// The migration's logic; run it as [`MigrateV0ToV1`], which checks and bumps the version.
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			DeviceLedgers::<T>::translate::<v0::DeviceLedger, _>(|_, old| {
				count += 1;
				Some(DeviceLedger {
					verified: old.verified,
					issued: old.issued,
					carried: old.carried,
					latest_batch: old.latest_batch,
					voided: 0,
				})
			});
			Retirements::<T>::translate::<v0::Retirement<_, _, TextOf<T>>, _>(|_, old| {
				count += 1;
				Some(Retirement {
					retirer: old.retirer,
					sent_by: None,
					batch: old.batch,
					wh: old.wh,
					claim: old.claim,
					block: old.block,
					time: old.time,
					avoided_g_co2e: old.avoided_g_co2e,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let ledgers = v0::DeviceLedgers::<T>::iter().count() as u64;
			let retirements = v0::Retirements::<T>::iter().count() as u64;
			Ok((ledgers, retirements).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let (ledgers, retirements) = <(u64, u64)>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade counts decode")?;
			ensure!(DeviceLedgers::<T>::iter().count() as u64 == ledgers, "every ledger is kept");
			ensure!(
				Retirements::<T>::iter().count() as u64 == retirements,
				"every retirement is kept"
			);
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
}

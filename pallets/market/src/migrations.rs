//! Storage migrations of pallet-market, one module per storage version.

/// Storage version 0 to 1 (spec 108): asks and bids gain when they were placed and the local
/// auction they wait in. Every order so far is a direct one (`None`), placed at the latest by
/// the upgrade: the previous block's time.
pub mod v1 {
	use crate::*;
	use frame_support::traits::UncheckedOnRuntimeUpgrade;

	/// The records as version 0 stored them.
	pub(crate) mod v0 {
		use super::*;

		/// An ask as version 0 stored it.
		#[derive(Encode, Decode)]
		pub struct Ask<AccountId, Balance> {
			/// Who sells.
			pub seller: AccountId,
			/// The batch.
			pub batch: BatchId,
			/// Wh offered.
			pub wh: Wh,
			/// Plancks per MWh.
			pub price_per_mwh: Balance,
			/// Expiry.
			pub expires_at: Option<UnixTime>,
		}

		/// A bid as version 0 stored it.
		#[derive(Encode, Decode)]
		pub struct Bid<AccountId, Balance, Filters, Claim> {
			/// Who buys.
			pub buyer: AccountId,
			/// Wh wanted.
			pub wh: Wh,
			/// Plancks per MWh.
			pub max_price_per_mwh: Balance,
			/// Filters.
			pub filters: Filters,
			/// Expiry.
			pub expires_at: Option<UnixTime>,
			/// Claim.
			pub claim: Option<Claim>,
		}

		/// Version 0's asks.
		#[frame_support::storage_alias]
		pub type Asks<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			OrderId,
			Ask<<T as frame_system::Config>::AccountId, BalanceOf<T>>,
		>;

		/// Version 0's bids.
		#[frame_support::storage_alias]
		pub type Bids<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			OrderId,
			Bid<<T as frame_system::Config>::AccountId, BalanceOf<T>, FiltersOf<T>, ClaimOf<T>>,
		>;
	}

	/// The migration's logic; run it as [`MigrateV0ToV1`], which checks and bumps the version.
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let placed_at = Pallet::<T>::now();
			let mut count = 0u64;
			Asks::<T>::translate::<v0::Ask<T::AccountId, BalanceOf<T>>, _>(|_, old| {
				count += 1;
				Some(Ask {
					seller: old.seller,
					batch: old.batch,
					wh: old.wh,
					price_per_mwh: old.price_per_mwh,
					expires_at: old.expires_at,
					placed_at,
					auction: None,
				})
			});
			Bids::<T>::translate::<v0::Bid<T::AccountId, BalanceOf<T>, FiltersOf<T>, ClaimOf<T>>, _>(
				|_, old| {
					count += 1;
					Some(Bid {
						buyer: old.buyer,
						wh: old.wh,
						max_price_per_mwh: old.max_price_per_mwh,
						filters: old.filters,
						expires_at: old.expires_at,
						claim: old.claim,
						placed_at,
						auction: None,
					})
				},
			);
			T::DbWeight::get().reads_writes(count + 1, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let orders =
				v0::Asks::<T>::iter().count() as u64 + v0::Bids::<T>::iter().count() as u64;
			Ok(orders.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let orders =
				u64::decode(&mut &state[..]).map_err(|_| "the pre-upgrade count decodes")?;
			ensure!(
				Asks::<T>::iter().count() as u64 + Bids::<T>::iter().count() as u64 == orders,
				"every order is kept"
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

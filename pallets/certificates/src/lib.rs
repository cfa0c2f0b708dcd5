#![doc = include_str!("../README.md")]
//!
//! ## Example
//!
//! A company buys certificates and retires them as a carbon offset for a named beneficiary (a
//! unit test, so it compiles and runs with them):
#![doc = docify::embed!("src/tests/retirements.rs", retiring_records_the_claim_and_avoided_emissions)]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod errors;
mod events;
mod features;
#[cfg(test)]
mod fuzz;
mod impl_traits;
pub mod migrations;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{Consideration, Footprint, UnixTime as _},
};
use origo_primitives::registry::{
	CertificateEscrow, DeviceId, DeviceRegistry, NeutralityReserve, OnIssued,
	OnNeutralityRetirement, OnVerifiedEnergy, ReserveDraw, TradableBatch, UnixTime, VerifiedEnergy,
	Wh, Zone,
};
use sp_runtime::{traits::Zero, ArithmeticError};

#[frame_support::pallet_macros::import_section(events::events)]
#[frame_support::pallet_macros::import_section(errors::errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version: 1 added voided production to the device ledger
	/// ([`migrations::v1`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default configurations of this pallet, for test runtimes.
	pub mod config_preludes {
		use super::*;
		use frame_support::{
			derive_impl,
			traits::{ConstU32, ConstU64},
		};

		/// The test runtimes' registry: 1 MWh certificates that expire a year after their
		/// production, texts of up to 32 bytes, transfers and retirements from 1 Wh, 8 batches a
		/// call, 16 pruned holdings a call, 3 emission factors a zone, no deposits and no
		/// neutrality ledger. A mock sets its device registry, clock and origin, and overrides
		/// what its tests vary.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type Quantum = ConstU64<1_000_000>;
			type CertificateLifetime = ConstU64<{ 365 * 86_400 }>;
			type MaxTextLength = ConstU32<32>;
			type MinTransfer = ConstU64<1>;
			type MinRetirement = ConstU64<1>;
			type MaxBatchesPerCall = ConstU32<8>;
			type MaxPrunedPerCall = ConstU32<16>;
			type MaxFactorHistory = ConstU32<3>;
			type OnNeutralityRetirement = ();
			type OnIssued = ();
			type HoldingDeposit = ();
			type WeightInfo = ();
		}
	}

	/// Configuration of the certificate registry.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The device registry (pallet-meters): owners, issuers, zones.
		#[pallet::no_default]
		type Devices: DeviceRegistry<Self::AccountId>;
		/// The chain's clock.
		#[pallet::no_default]
		type UnixTime: frame_support::traits::UnixTime;
		/// Who sets emission factors.
		#[pallet::no_default]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The face value of one certificate, Wh: 1,000,000 for EECS GOs.
		#[pallet::constant]
		type Quantum: Get<Wh>;
		/// How long after its production ends a batch expires, seconds.
		#[pallet::constant]
		type CertificateLifetime: Get<u64>;
		/// The longest beneficiary name, message or revocation reason, bytes.
		#[pallet::constant]
		type MaxTextLength: Get<u32>;
		/// The least Wh one transfer may send: holdings sent to an account are never dust that
		/// takes one of the `MaxBatchesPerCall` places of its `retire_oldest` (or the neutrality
		/// reserve's draw) for next to nothing (security review M-3).
		#[pallet::constant]
		type MinTransfer: Get<Wh>;
		/// The least Wh one retirement call retires, unless it retires all the caller holds of
		/// the batch: a retirement record is kept forever, so it is never for next to nothing
		/// (security review L-2).
		#[pallet::constant]
		type MinRetirement: Get<Wh>;
		/// How many batches one call may touch (`transfer_many`, `transfer_oldest`,
		/// `retire_oldest`), and how many holdings the oldest-first calls scan.
		#[pallet::constant]
		type MaxBatchesPerCall: Get<u32>;
		/// How many holdings one `prune` call removes at most.
		#[pallet::constant]
		type MaxPrunedPerCall: Get<u32>;
		/// How many emission factors each zone keeps.
		#[pallet::constant]
		type MaxFactorHistory: Get<u32>;
		/// Told of every retirement for the chain's own neutrality (pallet-footprint).
		type OnNeutralityRetirement: OnNeutralityRetirement;
		/// Told of every batch issued, within the issuance's weight (pallet-market's standing
		/// asks).
		type OnIssued: OnIssued<Self::AccountId>;
		/// The deposit the sender of a transfer holds for a holding the transfer opens, until the
		/// holding is emptied or pruned (security review L-2).
		#[pallet::no_default_bounds]
		type HoldingDeposit: Consideration<Self::AccountId, Footprint>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a holding a transfer opened.
		HoldingDeposit,
	}

	/// A bounded text.
	pub type TextOf<T> = BoundedVec<u8, <T as Config>::MaxTextLength>;
	/// A claim as stored.
	pub type ClaimOf<T> = Claim<<T as frame_system::Config>::AccountId, TextOf<T>>;
	/// A claim as a caller gives it.
	pub type ClaimInputOf<T> = Claim<<T as frame_system::Config>::AccountId, Vec<u8>>;
	/// A retirement record.
	pub type RetirementOf<T> =
		Retirement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, TextOf<T>>;
	/// Batches by id.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Twox64Concat, BatchId, Batch>;

	/// The id the next batch gets.
	#[pallet::storage]
	pub type NextBatchId<T: Config> = StorageValue<_, BatchId, ValueQuery>;

	/// Holdings: Wh of a batch an account holds, keyed by [`holding_key`] so an account's
	/// holdings iterate oldest production first. Never zero: an emptied holding is removed.
	/// There is no index of a batch's holders: each would cost as much state as the holding;
	/// holdings of expired or revoked batches are pruned by naming them ([`Pallet::prune`]).
	#[pallet::storage]
	pub type Holdings<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, [u8; 16], Wh>;

	/// What a holder listed for sale of a holding (same keys as [`Holdings`]), through the
	/// market ([`origo_primitives::registry::CertificateEscrow`]): still held, but the holder can
	/// neither transfer, retire nor prune it until the market unlists or delivers it. Never zero,
	/// never above the holding.
	#[pallet::storage]
	pub type Listed<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, [u8; 16], Wh>;

	/// The deposit held for each holding a transfer opened, and who holds it: the sender.
	#[pallet::storage]
	pub type HoldingDeposits<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Identity,
		[u8; 16],
		(T::AccountId, T::HoldingDeposit),
	>;

	/// Retirements by id.
	#[pallet::storage]
	pub type Retirements<T: Config> = StorageMap<_, Twox64Concat, RetirementId, RetirementOf<T>>;

	/// The id the next retirement gets.
	#[pallet::storage]
	pub type NextRetirementId<T: Config> = StorageValue<_, RetirementId, ValueQuery>;

	/// Index: the retirements of each batch.
	#[pallet::storage]
	pub type BatchRetirements<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BatchId, Twox64Concat, RetirementId, ()>;

	/// Index: the retirements of each beneficiary account.
	#[pallet::storage]
	pub type BeneficiaryRetirements<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RetirementId, ()>;

	/// Each device's certification account, with the head of its list of batches.
	#[pallet::storage]
	pub type DeviceLedgers<T: Config> = StorageMap<_, Twox64Concat, DeviceId, DeviceLedger>;

	/// Where a device's certificates are minted, if not to its owner.
	#[pallet::storage]
	pub type DeviceBeneficiaries<T: Config> = StorageMap<_, Twox64Concat, DeviceId, T::AccountId>;

	/// Each zone's emission factors, oldest first.
	#[pallet::storage]
	pub type EmissionFactors<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		Zone,
		BoundedVec<EmissionFactor, T::MaxFactorHistory>,
		ValueQuery,
	>;

	/// Each zone's totals.
	#[pallet::storage]
	pub type ZoneTotalsOf<T: Config> =
		StorageMap<_, Blake2_128Concat, Zone, ZoneTotals, ValueQuery>;

	/// Emission factors at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(zone, valid from, gCO2e/kWh)`, each zone's in increasing `valid from`.
		pub emission_factors: Vec<(Zone, UnixTime, u32)>,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (zone, valid_from, g_co2e_per_kwh) in &self.emission_factors {
				Pallet::<T>::do_set_emission_factor(*zone, *valid_from, *g_co2e_per_kwh)
					.expect("genesis emission factors are valid and in order");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Sends `wh` Wh of `batch` to `to`.
		///
		/// Origin: signed, a holder of the batch.
		/// - `batch`: a live batch (neither expired nor revoked) the caller holds.
		/// - `to`: the recipient, not the caller. If it held none of the batch, the caller holds
		///   the new holding's deposit (`HoldingDeposit`) until the holding is emptied or pruned.
		/// - `wh`: at least `MinTransfer`, at most what the caller holds.
		///
		/// Emits `Transferred`.
		/// Errors: `BelowMinimumTransfer`, `ZeroAmount`, `TransferToSelf`, `UnknownBatch`,
		/// `BatchRevoked`, `BatchExpired`, `InsufficientBalance`, and the currency's when the
		/// caller cannot hold the deposit.
		#[pallet::call_index(0)]
		pub fn transfer(
			origin: OriginFor<T>,
			batch: BatchId,
			to: T::AccountId,
			wh: Wh,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_transfer(&from, &to, batch, wh)
		}

		/// Sends several amounts of several batches to `to`, all or nothing.
		///
		/// Origin: signed, a holder of the batches.
		/// - `to`: the recipient; each holding a transfer opens holds a deposit from the caller,
		///   as [`Pallet::transfer`].
		/// - `items`: `(batch, Wh)`, 1 to `MaxBatchesPerCall` of them, each as in
		///   [`Pallet::transfer`].
		///
		/// Emits `Transferred` per item.
		/// Errors: `NoBatches`, `TooManyBatches`, and [`Pallet::transfer`]'s.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::transfer_many(items.len() as u32))]
		pub fn transfer_many(
			origin: OriginFor<T>,
			to: T::AccountId,
			items: Vec<(BatchId, Wh)>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_transfer_many(&from, &to, items)
		}

		/// Sends `wh` Wh to `to` across the caller's live holdings, oldest production first,
		/// as [`Pallet::retire_oldest`] retires them; holdings of expired or revoked batches and
		/// holdings below `MinTransfer` are passed over.
		///
		/// Origin: signed, any holder.
		/// - `to`: the recipient, not the caller; each holding a part opens holds a deposit from
		///   the caller, as [`Pallet::transfer`].
		/// - `wh`: at most what the caller's first `MaxBatchesPerCall` holdings cover; every
		///   part, the last included, at least `MinTransfer`.
		///
		/// Emits `Transferred` per batch touched.
		/// Errors: `ZeroAmount`, `TransferToSelf`, `TooManyBatches` (more holdings than one call
		/// scans would be needed), `InsufficientBalance`, `BelowMinimumTransfer` (the last part),
		/// and the currency's when the caller cannot hold a deposit.
		#[pallet::call_index(11)]
		#[pallet::weight(<T as Config>::WeightInfo::transfer_oldest(T::MaxBatchesPerCall::get()))]
		pub fn transfer_oldest(origin: OriginFor<T>, to: T::AccountId, wh: Wh) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_transfer_oldest(&from, &to, wh)
		}

		/// Retires `wh` Wh of `batch` for `claim`: final.
		///
		/// Origin: signed, a holder of the batch.
		/// - `batch`: a live batch the caller holds.
		/// - `wh`: at least `MinRetirement`, or all the caller holds of the batch.
		/// - `claim`: the beneficiary (the caller if neither an account nor a name is given),
		///   the purpose, and where and when the claimed consumption took place; texts at most
		///   `MaxTextLength` bytes. A `ChainNeutrality` retirement counts as the chain's offset.
		///
		/// Emits `Retired` with the new retirement's id and its avoided emissions.
		/// Errors: `TextTooLong`, `InvalidZone`, `InvalidPeriod`, `BelowMinimumRetirement`,
		/// `ZeroAmount`, `UnknownBatch`, `BatchRevoked`, `BatchExpired`, `InsufficientBalance`.
		#[pallet::call_index(2)]
		pub fn retire(
			origin: OriginFor<T>,
			batch: BatchId,
			wh: Wh,
			claim: ClaimInputOf<T>,
		) -> DispatchResult {
			let retirer = ensure_signed(origin)?;
			Self::do_retire(&retirer, batch, wh, claim)
		}

		/// Retires `wh` Wh across the caller's live holdings, oldest production first, one
		/// retirement record per batch touched.
		///
		/// Origin: signed, any holder.
		/// - `wh`: at least `MinRetirement`, at most what the caller's first
		///   `MaxBatchesPerCall` holdings cover.
		/// - `claim`: as in [`Pallet::retire`].
		///
		/// Emits `Retired` per batch touched.
		/// Errors: `TextTooLong`, `InvalidZone`, `InvalidPeriod`, `BelowMinimumRetirement`,
		/// `ZeroAmount`, `TooManyBatches`, `InsufficientBalance`.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::retire_oldest(T::MaxBatchesPerCall::get()))]
		pub fn retire_oldest(
			origin: OriginFor<T>,
			wh: Wh,
			claim: ClaimInputOf<T>,
		) -> DispatchResult {
			let retirer = ensure_signed(origin)?;
			Self::do_retire_oldest(&retirer, wh, claim)
		}

		/// Sends `wh` Wh of `batch` to `to` and retires them there (retire on send). The record
		/// names `to` as the retirer and the caller as who sent them (`sent_by`), since `to`
		/// signed nothing.
		///
		/// Origin: signed, a holder of the batch.
		/// - `batch`, `to`: as in [`Pallet::transfer`].
		/// - `wh`: at least `MinRetirement`, or all the caller holds of the batch.
		/// - `claim`: as in [`Pallet::retire`], its beneficiary `to` by default.
		///
		/// Emits `Transferred`, then `Retired`.
		/// Errors: [`Pallet::retire`]'s, `TransferToSelf`, and the currency's when the caller
		/// cannot hold the deposit.
		#[pallet::call_index(4)]
		pub fn transfer_and_retire(
			origin: OriginFor<T>,
			batch: BatchId,
			to: T::AccountId,
			wh: Wh,
			claim: ClaimInputOf<T>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_transfer_and_retire(&from, batch, &to, wh, claim)
		}

		/// Removes holdings of expired or revoked batches from their holders' accounts into the
		/// batches' expired or revoked supply, all or nothing, and returns their deposits to
		/// whoever paid them. The `prunable_holdings` query lists an account's.
		///
		/// Origin: signed, anyone.
		/// - `holdings`: `(holder, batch)`, 1 to `MaxPrunedPerCall` of them.
		///
		/// What a holder listed for sale stays until the market returns it.
		///
		/// Emits `HoldingExpired` or `HoldingRevoked` per holding.
		/// Errors: `NoBatches`, `TooManyHoldings`, `UnknownBatch`, `BatchLive`, `NothingHeld`,
		/// `ListedForSale` (all of the holding is listed).
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::prune(holdings.len() as u32))]
		pub fn prune(
			origin: OriginFor<T>,
			holdings: Vec<(T::AccountId, BatchId)>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_prune(holdings)
		}

		/// Revokes `batch` (fraud, a meter fault): its unretired certificates can no longer
		/// move or be retired, and are moved to its revoked supply as they are pruned. Retired
		/// certificates stay retired.
		///
		/// Origin: signed, an issuer of the zone of the batch's device.
		/// - `reason`: at most `MaxTextLength` bytes, kept in the event.
		///
		/// Emits `Revoked`.
		/// Errors: `TextTooLong`, `UnknownBatch`, `NotIssuer`, `BatchRevoked`, `NothingHeld`.
		#[pallet::call_index(6)]
		pub fn revoke(origin: OriginFor<T>, batch: BatchId, reason: Vec<u8>) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_revoke(issuer, batch, reason)
		}

		/// Sets `zone`'s emission factor from `valid_from` on, until the zone's next factor; a
		/// factor set before from the same time is corrected. Retirements already made keep the
		/// avoided emissions they recorded.
		///
		/// Origin: governance.
		/// - `zone`: a valid zone code.
		/// - `valid_from`: unix seconds.
		/// - `g_co2e_per_kwh`: at most 2,000.
		///
		/// Emits `EmissionFactorSet`.
		/// Errors: `InvalidZone`, `FactorOutOfRange`, `TooManyFactors`.
		#[pallet::call_index(7)]
		pub fn set_emission_factor(
			origin: OriginFor<T>,
			zone: Zone,
			valid_from: UnixTime,
			g_co2e_per_kwh: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_emission_factor(zone, valid_from, g_co2e_per_kwh)
		}

		/// Removes `zone`'s emission factor valid from `valid_from`, set in error: the zone's
		/// previous factor applies in its place.
		///
		/// Origin: governance.
		///
		/// Emits `EmissionFactorRemoved`.
		/// Errors: `UnknownFactor`.
		#[pallet::call_index(10)]
		pub fn remove_emission_factor(
			origin: OriginFor<T>,
			zone: Zone,
			valid_from: UnixTime,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_emission_factor(zone, valid_from)
		}

		/// Voids `device`'s carried production (less than a quantum), as a revocation of its
		/// batches does for what they issued: the faulty readings behind them are never
		/// certified.
		///
		/// Origin: signed, an issuer of the device's zone.
		/// - `reason`: at most `MaxTextLength` bytes, kept in the event.
		///
		/// Emits `CarriedVoided`.
		/// Errors: `TextTooLong`, `UnknownDevice`, `NotIssuer`, `NothingCarried`.
		#[pallet::call_index(9)]
		pub fn void_carried(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_void_carried(issuer, device, reason)
		}

		/// Sets where `device`'s certificates are minted from now on.
		///
		/// Origin: signed, the device's owner.
		/// - `device`: an approved production device.
		/// - `beneficiary`: the account they are minted to; `None` for the owner.
		///
		/// Emits `BeneficiarySet`.
		/// Errors: `UnknownDevice`, `NotDeviceOwner`, `DeviceNotCertifiable`.
		#[pallet::call_index(8)]
		pub fn set_beneficiary(
			origin: OriginFor<T>,
			device: DeviceId,
			beneficiary: Option<T::AccountId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_set_beneficiary(owner, device, beneficiary)
		}
	}
}

pub use origo_primitives::MAX_PAGE;

/// A retirement as the runtime API returns it, for this runtime.
pub type RetirementRecordOf<T> = RetirementRecord<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// The highest emission factor governance may set: above any real grid's (coal is ~1,000).
const MAX_G_CO2E_PER_KWH: u32 = 2_000;

impl<T: Config> Pallet<T> {
	fn now() -> UnixTime {
		T::UnixTime::now().as_secs()
	}

	/// The zone of a batch's device. Batches are only issued for approved devices, which are
	/// never removed, so it is always there.
	fn zone_of(record: &Batch) -> Result<Zone, DispatchError> {
		T::Devices::certifiable_device(record.device)
			.map(|device| device.zone)
			.ok_or(Error::<T>::UnknownDevice.into())
	}
}

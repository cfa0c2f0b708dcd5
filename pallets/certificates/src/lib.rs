//! # pallet-certificates
//!
//! The registry itself: guarantee-of-origin certificates minted from verified production, moved
//! between holders, and retired once and forever for a consumption claim or a carbon offset.
//!
//! ## Lifecycle of a certificate
//!
//! 1. **Issuance.** pallet-meters hands over each reading's verified production
//!    ([`OnVerifiedEnergy`]). It accumulates per device; every whole [`Config::Quantum`] (1 MWh,
//!    as EECS GOs and SolarCoin, or down to 1 Wh for EnergyTag-style granular certificates) is
//!    minted into a [`Batch`] with its production period, to the device's owner or the
//!    beneficiary the owner set ([`Pallet::set_beneficiary`]). The remainder is carried with its
//!    production start, never lost and never certified twice: per device,
//!    `issued + carried = verified`. With a 1 Wh quantum every reading with energy mints one batch
//!    whose period is the reading's interval: hourly readings give hourly certificates.
//! 2. **Transfer.** A holder sends Wh of a batch ([`Pallet::transfer`]) or of several batches
//!    ([`Pallet::transfer_many`]), at least [`Config::MinTransfer`] each: no one fills another's
//!    account with dust that takes the first places of its `retire_oldest`. A transfer that opens
//!    a holding for its recipient holds a deposit from the sender ([`Config::HoldingDeposit`]),
//!    returned to the sender when the holding is emptied or pruned.
//! 3. **Retirement.** A holder retires Wh of a batch for a [`Claim`] ([`Pallet::retire`]); across
//!    its holdings, oldest production first ([`Pallet::retire_oldest`]); or while sending them
//!    ([`Pallet::transfer_and_retire`]). Each creates a [`Retirement`] record with the avoided
//!    emissions: Wh x the emission factor of the batch's zone valid at its production start. A
//!    retirement is final, and retires at least [`Config::MinRetirement`] or all its retirer
//!    holds of the batch: its record is kept forever.
//! 4. **Expiry.** A batch expires [`Config::CertificateLifetime`] after its production ends (12
//!    months for EU GOs); expired certificates cannot move.
//! 5. **Revocation.** An issuer of the batch's zone revokes the batch with a reason
//!    ([`Pallet::revoke`]): fraud, a meter fault. Its unretired certificates can no longer move;
//!    retired Wh stay retired.
//! 6. **Pruning.** Anyone removes holdings of expired or revoked batches from their holders'
//!    accounts into the batch's expired or revoked supply ([`Pallet::prune`]), naming them.
//!
//! A holding that reaches zero is removed, so a fully retired, expired or revoked batch keeps only
//! its record and its retirements in state. Per batch, `issued = held + retired + expired +
//! revoked` always holds ([`Supply`]).
//!
//! ## State per issuance
//!
//! Every batch costs state for as long as the chain lives, so it keeps what only it knows: its
//! device, production period, issue and expiry times, compact supply, whether it was revoked, and
//! the device's previous batch (a device's batches form a list from its ledger, newest first). Its
//! issuer, technology and zone are its device's and are joined in queries ([`BatchDetails`]).
//! Holdings are indexed by holder only; a batch's holders are not indexed, since that index would
//! cost as much as the holdings.
//!
//! Governance sets emission factors per zone with a validity start
//! ([`Pallet::set_emission_factor`]); the history is kept, and a factor set in error is corrected
//! (set again from the same start) or removed ([`Pallet::remove_emission_factor`]). Retirements
//! keep the avoided emissions they recorded.
//!
//! ## Example
//!
//! ```ignore
//! // A company retires 2 MWh of batch 3 for a named beneficiary, as a carbon offset.
//! Certificates::retire(company, 3, 2_000_000, Claim {
//!     beneficiary: None,
//!     beneficiary_name: Some(b"Acme Bakery".to_vec()),
//!     purpose: Purpose::CarbonOffset,
//!     consumption_country: Some(Zone::from_code(b"US-FL").unwrap()),
//!     consumption_period: Some((1_735_689_600, 1_767_225_599)),
//!     message: b"2025 ovens".to_vec(),
//! })?;
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod fuzz;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
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
	DeviceId, DeviceRegistry, NeutralityReserve, OnNeutralityRetirement, OnVerifiedEnergy,
	ReserveDraw, UnixTime, VerifiedEnergy, Wh, Zone,
};
use sp_runtime::{traits::Zero, ArithmeticError};

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

	/// Configuration of the certificate registry.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The device registry (pallet-meters): owners, issuers, zones.
		type Devices: DeviceRegistry<Self::AccountId>;
		/// The chain's clock.
		type UnixTime: frame_support::traits::UnixTime;
		/// Who sets emission factors.
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
		/// How many batches one call may touch (`transfer_many`, `retire_oldest`).
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
		/// Weights of this pallet's calls.
		/// The deposit the sender of a transfer holds for a holding the transfer opens, until the
		/// holding is emptied or pruned (security review L-2).
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

	/// Events of the certificate registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A batch was issued.
		Issued {
			/// The new batch.
			batch: BatchId,
			/// Its device.
			device: DeviceId,
			/// Who received it.
			recipient: T::AccountId,
			/// Wh issued.
			wh: Wh,
			/// Production start, unix seconds.
			production_start: UnixTime,
			/// Production end, unix seconds.
			production_end: UnixTime,
		},
		/// Certificates changed hands.
		Transferred {
			/// The batch.
			batch: BatchId,
			/// The sender.
			from: T::AccountId,
			/// The recipient.
			to: T::AccountId,
			/// Wh sent.
			wh: Wh,
		},
		/// Certificates were retired.
		Retired {
			/// The retirement record.
			retirement: RetirementId,
			/// The batch.
			batch: BatchId,
			/// Who retired them.
			retirer: T::AccountId,
			/// For whom (account), if an account.
			beneficiary: Option<T::AccountId>,
			/// Wh retired.
			wh: Wh,
			/// Why.
			purpose: Purpose,
			/// Avoided emissions, grams CO2e.
			avoided_g_co2e: u64,
		},
		/// An issuer revoked a batch: its unretired certificates can no longer move, and go to
		/// its revoked supply as their holdings are pruned.
		Revoked {
			/// The batch.
			batch: BatchId,
			/// The issuer.
			issuer: T::AccountId,
			/// Wh unretired at the revocation: held, now frozen.
			wh: Wh,
			/// Why.
			reason: TextOf<T>,
		},
		/// A holding of an expired batch was pruned into the batch's expired supply.
		HoldingExpired {
			/// The batch.
			batch: BatchId,
			/// Who held it.
			holder: T::AccountId,
			/// Wh expired.
			wh: Wh,
		},
		/// A holding of a revoked batch was pruned into the batch's revoked supply.
		HoldingRevoked {
			/// The batch.
			batch: BatchId,
			/// Who held it.
			holder: T::AccountId,
			/// Wh revoked.
			wh: Wh,
		},
		/// Governance set, or corrected, a zone's emission factor.
		EmissionFactorSet {
			/// The zone.
			zone: Zone,
			/// From when, unix seconds.
			valid_from: UnixTime,
			/// gCO2e per kWh.
			g_co2e_per_kwh: u32,
		},
		/// Governance removed a zone's emission factor set in error.
		EmissionFactorRemoved {
			/// The zone.
			zone: Zone,
			/// From when it was valid, unix seconds.
			valid_from: UnixTime,
		},
		/// An issuer voided a device's carried production: it is never certified.
		CarriedVoided {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
			/// Wh voided.
			wh: Wh,
			/// Why.
			reason: TextOf<T>,
		},
		/// A device owner chose where certificates are minted.
		BeneficiarySet {
			/// The device.
			device: DeviceId,
			/// The account, or `None` for the owner.
			beneficiary: Option<T::AccountId>,
		},
	}

	/// Why a call of the certificate registry failed.
	#[pallet::error]
	pub enum Error<T> {
		/// Amounts must be above zero.
		ZeroAmount,
		/// A transfer sends at least `MinTransfer` Wh, so that no one fills an account with dust.
		BelowMinimumTransfer,
		/// A retirement retires at least `MinRetirement` Wh, or all the caller holds of the
		/// batch: its record is kept forever.
		BelowMinimumRetirement,
		/// The caller holds less of the batch than the amount.
		InsufficientBalance,
		/// No batch has that id.
		UnknownBatch,
		/// The batch expired: it can no longer move.
		BatchExpired,
		/// An issuer revoked the batch: it can no longer move, nor be revoked again.
		BatchRevoked,
		/// The batch has neither expired nor been revoked: its holdings are live, not prunable.
		BatchLive,
		/// Sender and recipient are the same account.
		TransferToSelf,
		/// A name, message or reason is longer than `MaxTextLength`.
		TextTooLong,
		/// The consumption period ends before it starts.
		InvalidPeriod,
		/// The consumption country is not a valid zone code.
		InvalidZone,
		/// Only an issuer of the batch's zone revokes it.
		NotIssuer,
		/// More batches than `MaxBatchesPerCall`.
		TooManyBatches,
		/// More holdings than `MaxPrunedPerCall`.
		TooManyHoldings,
		/// A call must name at least one batch.
		NoBatches,
		/// No device has that id.
		UnknownDevice,
		/// Only the device's owner chooses its beneficiary.
		NotDeviceOwner,
		/// The zone has no emission factor valid from that time.
		UnknownFactor,
		/// The zone keeps `MaxFactorHistory` factors already.
		TooManyFactors,
		/// An emission factor above 2,000 gCO2e/kWh is not a real grid's.
		FactorOutOfRange,
		/// The account holds none of the batch (prune), or nothing of it is left to revoke.
		NothingHeld,
		/// The device carries no production to void.
		NothingCarried,
		/// The device is not an approved production device: nothing is minted for it (and a
		/// pending device may still be removed).
		DeviceNotCertifiable,
	}

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
		/// Sends `wh` Wh of `batch` to `to`: at least `MinTransfer`. If `to` held none of the
		/// batch, the caller holds the new holding's deposit until the holding is emptied or
		/// pruned.
		#[pallet::call_index(0)]
		pub fn transfer(
			origin: OriginFor<T>,
			batch: BatchId,
			to: T::AccountId,
			wh: Wh,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_send(&from, &to, batch, wh)
		}

		/// Sends several `(batch, Wh)` amounts to `to`, each at least `MinTransfer`, all or
		/// nothing; each holding it opens holds a deposit from the caller, as [`Pallet::transfer`].
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::transfer_many(items.len() as u32))]
		pub fn transfer_many(
			origin: OriginFor<T>,
			to: T::AccountId,
			items: Vec<(BatchId, Wh)>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			ensure!(!items.is_empty(), Error::<T>::NoBatches);
			ensure!(
				items.len() <= T::MaxBatchesPerCall::get() as usize,
				Error::<T>::TooManyBatches
			);
			for (batch, wh) in items {
				Self::do_send(&from, &to, batch, wh)?;
			}
			Ok(())
		}

		/// Retires `wh` Wh of `batch` for `claim`: at least `MinRetirement`, or all the caller
		/// holds of the batch.
		#[pallet::call_index(2)]
		pub fn retire(
			origin: OriginFor<T>,
			batch: BatchId,
			wh: Wh,
			claim: ClaimInputOf<T>,
		) -> DispatchResult {
			let retirer = ensure_signed(origin)?;
			let claim = Self::bound_claim(&retirer, claim)?;
			Self::ensure_retirement_size(&retirer, batch, wh)?;
			Self::do_retire(&retirer, None, batch, wh, claim).map(|_| ())
		}

		/// Retires `wh` Wh, at least `MinRetirement`, across the caller's holdings, oldest
		/// production first, one retirement record per batch touched.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::retire_oldest(T::MaxBatchesPerCall::get()))]
		pub fn retire_oldest(
			origin: OriginFor<T>,
			wh: Wh,
			claim: ClaimInputOf<T>,
		) -> DispatchResult {
			let retirer = ensure_signed(origin)?;
			let claim = Self::bound_claim(&retirer, claim)?;
			ensure!(
				wh.is_zero() || wh >= T::MinRetirement::get(),
				Error::<T>::BelowMinimumRetirement
			);
			Self::do_retire_oldest(&retirer, wh, claim)
		}

		/// Sends `wh` Wh of `batch` to `to` and retires them there (retire on send); the record
		/// names the caller as who sent them (`sent_by`), since `to` signed nothing. At least
		/// `MinRetirement`, or all the caller holds of the batch.
		#[pallet::call_index(4)]
		pub fn transfer_and_retire(
			origin: OriginFor<T>,
			batch: BatchId,
			to: T::AccountId,
			wh: Wh,
			claim: ClaimInputOf<T>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			let claim = Self::bound_claim(&to, claim)?;
			Self::ensure_retirement_size(&from, batch, wh)?;
			Self::do_transfer(&from, &to, batch, wh)?;
			Self::do_retire(&to, Some(&from), batch, wh, claim).map(|_| ())
		}

		/// Removes `(holder, batch)` holdings of expired or revoked batches from the holders'
		/// accounts into the batches' expired or revoked supply (anyone), all or nothing, and
		/// returns their deposits to whoever paid them. An
		/// account's holdings come oldest production first from the `holdings` query, so the
		/// expired ones are found at its front.
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::prune(holdings.len() as u32))]
		pub fn prune(
			origin: OriginFor<T>,
			holdings: Vec<(T::AccountId, BatchId)>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_prune(holdings)
		}

		/// Revokes `batch` (an issuer of its zone): its unretired certificates can no longer move
		/// or be retired, and are moved to its revoked supply as they are pruned. Retired
		/// certificates stay retired.
		#[pallet::call_index(6)]
		pub fn revoke(origin: OriginFor<T>, batch: BatchId, reason: Vec<u8>) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_revoke(issuer, batch, reason)
		}

		/// Sets `zone`'s emission factor from `valid_from` on, until the zone's next factor; a
		/// factor set before from the same time is corrected. Retirements already made keep the
		/// avoided emissions they recorded.
		///
		/// Origin: governance. Emits `EmissionFactorSet`. Errors: `InvalidZone`,
		/// `FactorOutOfRange`, `TooManyFactors`.
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
		/// Origin: governance. Emits `EmissionFactorRemoved`. Errors: `UnknownFactor`.
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
		/// Origin: signed, an issuer of the device's zone. Emits `CarriedVoided`. Errors:
		/// `TextTooLong`, `UnknownDevice`, `NotIssuer`, `NothingCarried`.
		#[pallet::call_index(9)]
		pub fn void_carried(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_void_carried(issuer, device, reason)
		}

		/// Sets where approved production `device`'s certificates are minted; `None` for its
		/// owner (the owner).
		#[pallet::call_index(8)]
		pub fn set_beneficiary(
			origin: OriginFor<T>,
			device: DeviceId,
			beneficiary: Option<T::AccountId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let actual = T::Devices::device_owner(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(actual == owner, Error::<T>::NotDeviceOwner);
			ensure!(
				T::Devices::certifiable_device(device).is_some(),
				Error::<T>::DeviceNotCertifiable
			);
			DeviceBeneficiaries::<T>::set(device, beneficiary.clone());
			Self::deposit_event(Event::BeneficiarySet { device, beneficiary });
			Ok(())
		}
	}
}

/// The longest page a list query returns.
pub const MAX_PAGE: u32 = 1_000;

/// A retirement as the runtime API returns it: texts as plain bytes.
pub type RetirementView<T> = Retirement<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	Vec<u8>,
>;

/// The highest emission factor governance may set: above any real grid's (coal is ~1,000).
const MAX_G_CO2E_PER_KWH: u32 = 2_000;

impl<T: Config> Pallet<T> {
	fn now() -> UnixTime {
		T::UnixTime::now().as_secs()
	}

	/// The batch, if it exists, has not expired and was not revoked.
	fn live_batch(batch: BatchId) -> Result<Batch, DispatchError> {
		let record = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(!record.revoked, Error::<T>::BatchRevoked);
		ensure!(Self::now() < record.expires_at, Error::<T>::BatchExpired);
		Ok(record)
	}

	/// The zone of a batch's device. Batches are only issued for approved devices, which are
	/// never removed, so it is always there.
	fn zone_of(record: &Batch) -> Result<Zone, DispatchError> {
		T::Devices::certifiable_device(record.device)
			.map(|device| device.zone)
			.ok_or(Error::<T>::UnknownDevice.into())
	}

	/// What `who` holds of batch `id` (whose record is `record`).
	pub fn holding(who: &T::AccountId, id: BatchId, record: &Batch) -> Wh {
		Holdings::<T>::get(who, holding_key(record.production_start, id)).unwrap_or(0)
	}

	/// What a holding takes of state: its amount, keyed by holder and batch, and its deposit's
	/// record.
	pub fn holding_footprint() -> Footprint {
		Footprint::from_mel::<(T::AccountId, [u8; 16], Wh, T::AccountId, T::HoldingDeposit)>()
	}

	/// Sets what `who` holds of batch `id`; a zero holding is removed, and its deposit released
	/// to whoever paid it.
	fn set_holding(who: &T::AccountId, id: BatchId, record: &Batch, wh: Wh) -> DispatchResult {
		let key = holding_key(record.production_start, id);
		if wh.is_zero() {
			Holdings::<T>::remove(who, key);
			if let Some((depositor, deposit)) = HoldingDeposits::<T>::take(who, key) {
				deposit.drop(&depositor)?;
			}
		} else {
			Holdings::<T>::insert(who, key, wh);
		}
		Ok(())
	}

	/// Mints whole quanta of `energy`'s device's accumulated production; carries the rest.
	/// Returns whether it issued a batch.
	fn do_certify(energy: VerifiedEnergy) -> bool {
		let mut ledger = DeviceLedgers::<T>::get(energy.device).unwrap_or_default();
		// pallet-meters refuses readings that would overflow a device's total, and this ledger
		// counts the same production, so these never saturate.
		ledger.verified = ledger.verified.saturating_add(energy.wh);
		if ledger.carried.wh.is_zero() {
			ledger.carried.start = energy.from;
		}
		ledger.carried.wh = ledger.carried.wh.saturating_add(energy.wh);
		ledger.carried.end = energy.to;
		let quantum = T::Quantum::get().max(1);
		let amount = ledger.carried.wh / quantum * quantum;
		// Most readings only carry: the device and the next id are read when a batch is due.
		let issuance = if amount > 0 {
			T::Devices::certifiable_device(energy.device)
				.zip(NextBatchId::<T>::get().checked_add(1))
		} else {
			None
		};
		let issues = issuance.is_some();
		if let Some((device, next_id)) = issuance {
			let id = next_id - 1;
			let recipient = DeviceBeneficiaries::<T>::get(energy.device).unwrap_or(device.owner);
			let record = Batch {
				device: energy.device,
				production_start: ledger.carried.start,
				production_end: ledger.carried.end,
				issued_at: Self::now(),
				expires_at: ledger.carried.end.saturating_add(T::CertificateLifetime::get()),
				supply: Supply { issued: amount, held: amount, ..Default::default() },
				revoked: false,
				previous: ledger.latest_batch,
			};
			// A new batch: the recipient's first holding of it, opened by no one's transfer.
			Holdings::<T>::insert(&recipient, holding_key(record.production_start, id), amount);
			ZoneTotalsOf::<T>::mutate(device.zone, |totals| {
				totals.issued = totals.issued.saturating_add(amount)
			});
			Self::deposit_event(Event::Issued {
				batch: id,
				device: energy.device,
				recipient,
				wh: amount,
				production_start: record.production_start,
				production_end: record.production_end,
			});
			Batches::<T>::insert(id, record);
			NextBatchId::<T>::put(next_id);
			ledger.issued = ledger.issued.saturating_add(amount);
			ledger.latest_batch = Some(id);
			ledger.carried.wh -= amount;
			// What is left was produced during the latest reading's interval.
			ledger.carried.start = energy.from;
		}
		DeviceLedgers::<T>::insert(energy.device, ledger);
		issues
	}

	/// A retirement of `wh` Wh of `batch` by `holder` is at least `MinRetirement`, or all it
	/// holds of the batch.
	fn ensure_retirement_size(holder: &T::AccountId, batch: BatchId, wh: Wh) -> DispatchResult {
		if wh.is_zero() || wh >= T::MinRetirement::get() {
			return Ok(());
		}
		let whole = Batches::<T>::get(batch)
			.is_some_and(|record| Self::holding(holder, batch, &record) == wh);
		ensure!(whole, Error::<T>::BelowMinimumRetirement);
		Ok(())
	}

	/// A transfer that leaves the Wh with `to`: at least `MinTransfer` of them.
	fn do_send(from: &T::AccountId, to: &T::AccountId, batch: BatchId, wh: Wh) -> DispatchResult {
		ensure!(wh.is_zero() || wh >= T::MinTransfer::get(), Error::<T>::BelowMinimumTransfer);
		Self::do_transfer(from, to, batch, wh)
	}

	fn do_transfer(
		from: &T::AccountId,
		to: &T::AccountId,
		batch: BatchId,
		wh: Wh,
	) -> DispatchResult {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::TransferToSelf);
		let record = Self::live_batch(batch)?;
		let rest = Self::holding(from, batch, &record)
			.checked_sub(wh)
			.ok_or(Error::<T>::InsufficientBalance)?;
		let before = Self::holding(to, batch, &record);
		let received = before.checked_add(wh).ok_or(ArithmeticError::Overflow)?;
		Self::set_holding(from, batch, &record, rest)?;
		Self::set_holding(to, batch, &record, received)?;
		if before.is_zero() {
			let deposit = T::HoldingDeposit::new(from, Self::holding_footprint())?;
			let key = holding_key(record.production_start, batch);
			HoldingDeposits::<T>::insert(to, key, (from.clone(), deposit));
		}
		Self::deposit_event(Event::Transferred { batch, from: from.clone(), to: to.clone(), wh });
		Ok(())
	}

	/// Checks a caller's claim and resolves its beneficiary: the retirer when none is named.
	fn bound_claim(
		retirer: &T::AccountId,
		claim: ClaimInputOf<T>,
	) -> Result<ClaimOf<T>, DispatchError> {
		let Claim {
			beneficiary,
			beneficiary_name,
			purpose,
			consumption_country,
			consumption_period,
			message,
		} = claim;
		let beneficiary_name: Option<TextOf<T>> = beneficiary_name
			.map(TryInto::try_into)
			.transpose()
			.map_err(|_| Error::<T>::TextTooLong)?;
		let message: TextOf<T> = message.try_into().map_err(|_| Error::<T>::TextTooLong)?;
		ensure!(consumption_country.as_ref().is_none_or(Zone::is_valid), Error::<T>::InvalidZone);
		ensure!(
			consumption_period.is_none_or(|(start, end)| start <= end),
			Error::<T>::InvalidPeriod
		);
		let beneficiary = match (beneficiary, &beneficiary_name) {
			(None, None) => Some(retirer.clone()),
			(beneficiary, _) => beneficiary,
		};
		Ok(Claim {
			beneficiary,
			beneficiary_name,
			purpose,
			consumption_country,
			consumption_period,
			message,
		})
	}

	/// The emission factor of `zone` valid at `time`, gCO2e/kWh; zero before the first one.
	pub fn emission_factor_at(zone: Zone, time: UnixTime) -> u32 {
		EmissionFactors::<T>::get(zone)
			.iter()
			.rev()
			.find(|factor| factor.valid_from <= time)
			.map_or(0, |factor| factor.g_co2e_per_kwh)
	}

	fn do_retire(
		retirer: &T::AccountId,
		sent_by: Option<&T::AccountId>,
		batch: BatchId,
		wh: Wh,
		claim: ClaimOf<T>,
	) -> Result<RetirementId, DispatchError> {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		let mut record = Self::live_batch(batch)?;
		let rest = Self::holding(retirer, batch, &record)
			.checked_sub(wh)
			.ok_or(Error::<T>::InsufficientBalance)?;
		let id = NextRetirementId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let zone = Self::zone_of(&record)?;
		// g = Wh x g/kWh / 1000, in u128 so it cannot overflow before it saturates.
		let factor = Self::emission_factor_at(zone, record.production_start);
		let avoided_g_co2e =
			u64::try_from(u128::from(wh) * u128::from(factor) / 1_000).unwrap_or(u64::MAX);
		// The holding covered `wh`, and held >= every holding, so these cannot underflow.
		record.supply.held -= wh;
		record.supply.retired += wh;
		Self::set_holding(retirer, batch, &record, rest)?;
		ZoneTotalsOf::<T>::mutate(zone, |totals| {
			totals.retired = totals.retired.saturating_add(wh);
			totals.avoided_g_co2e = totals.avoided_g_co2e.saturating_add(avoided_g_co2e);
		});
		Batches::<T>::insert(batch, record);
		let beneficiary = claim.beneficiary.clone();
		let purpose = claim.purpose;
		Retirements::<T>::insert(
			id,
			Retirement {
				retirer: retirer.clone(),
				sent_by: sent_by.cloned(),
				batch,
				wh,
				claim,
				block: frame_system::Pallet::<T>::block_number(),
				time: Self::now(),
				avoided_g_co2e,
			},
		);
		BatchRetirements::<T>::insert(batch, id, ());
		if let Some(account) = &beneficiary {
			BeneficiaryRetirements::<T>::insert(account, id, ());
		}
		NextRetirementId::<T>::put(next_id);
		if purpose == Purpose::ChainNeutrality {
			T::OnNeutralityRetirement::on_neutrality_retirement(wh);
		}
		Self::deposit_event(Event::Retired {
			retirement: id,
			batch,
			retirer: retirer.clone(),
			beneficiary,
			wh,
			purpose,
			avoided_g_co2e,
		});
		Ok(id)
	}

	/// The live holdings of `holder` that cover `wh`, oldest production first, scanning at most
	/// `MaxBatchesPerCall` holdings (expired ones are skipped but counted, so the scan stays
	/// within a call's weight): `(batch, Wh)`, the Wh they leave uncovered, and whether holdings
	/// beyond the scan were left unseen.
	fn oldest_holdings(holder: &T::AccountId, wh: Wh) -> (Vec<(BatchId, Wh)>, Wh, bool) {
		let now = Self::now();
		let mut remaining = wh;
		let mut plan = Vec::new();
		let mut scan = Holdings::<T>::iter_prefix(holder);
		for (key, held) in scan.by_ref().take(T::MaxBatchesPerCall::get() as usize) {
			let batch = batch_of_holding_key(&key);
			if !Batches::<T>::get(batch).is_some_and(|record| record.is_live(now)) {
				continue;
			}
			let take = held.min(remaining);
			plan.push((batch, take));
			remaining -= take;
			if remaining.is_zero() {
				return (plan, remaining, false);
			}
		}
		let more_holdings = scan.next().is_some();
		(plan, remaining, more_holdings)
	}

	fn do_retire_oldest(retirer: &T::AccountId, wh: Wh, claim: ClaimOf<T>) -> DispatchResult {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		let (plan, remaining, more_holdings) = Self::oldest_holdings(retirer, wh);
		ensure!(!(remaining > 0 && more_holdings), Error::<T>::TooManyBatches);
		ensure!(remaining.is_zero(), Error::<T>::InsufficientBalance);
		for (batch, take) in plan {
			Self::do_retire(retirer, None, batch, take, claim.clone())?;
		}
		Ok(())
	}

	/// Prunes each `(holder, batch)` holding of an expired or revoked batch into the batch's
	/// expired or revoked supply.
	fn do_prune(holdings: Vec<(T::AccountId, BatchId)>) -> DispatchResult {
		ensure!(!holdings.is_empty(), Error::<T>::NoBatches);
		ensure!(holdings.len() <= T::MaxPrunedPerCall::get() as usize, Error::<T>::TooManyHoldings);
		let now = Self::now();
		for (holder, id) in holdings {
			let record = Batches::<T>::get(id).ok_or(Error::<T>::UnknownBatch)?;
			ensure!(!record.is_live(now), Error::<T>::BatchLive);
			Self::prune_holding(holder, id, record)?;
		}
		Ok(())
	}

	/// Prunes `holder`'s holding of batch `id`, expired or revoked, into its expired or revoked
	/// supply.
	fn prune_holding(holder: T::AccountId, id: BatchId, mut record: Batch) -> DispatchResult {
		let wh = Self::holding(&holder, id, &record);
		ensure!(!wh.is_zero(), Error::<T>::NothingHeld);
		let zone = Self::zone_of(&record)?;
		Self::set_holding(&holder, id, &record, 0)?;
		// The holding was part of `held`, so this cannot underflow.
		record.supply.held -= wh;
		// A revoked batch's certificates are revoked, even once it has expired too.
		let event = if record.revoked {
			record.supply.revoked += wh;
			ZoneTotalsOf::<T>::mutate(zone, |totals| {
				totals.revoked = totals.revoked.saturating_add(wh)
			});
			Event::HoldingRevoked { batch: id, holder, wh }
		} else {
			record.supply.expired += wh;
			ZoneTotalsOf::<T>::mutate(zone, |totals| {
				totals.expired = totals.expired.saturating_add(wh)
			});
			Event::HoldingExpired { batch: id, holder, wh }
		};
		Batches::<T>::insert(id, record);
		Self::deposit_event(event);
		Ok(())
	}

	fn do_revoke(issuer: T::AccountId, id: BatchId, reason: Vec<u8>) -> DispatchResult {
		let reason: TextOf<T> = reason.try_into().map_err(|_| Error::<T>::TextTooLong)?;
		let mut record = Batches::<T>::get(id).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(T::Devices::is_issuer_of(&issuer, Self::zone_of(&record)?), Error::<T>::NotIssuer);
		ensure!(!record.revoked, Error::<T>::BatchRevoked);
		ensure!(!record.supply.held.is_zero(), Error::<T>::NothingHeld);
		record.revoked = true;
		let wh = record.supply.held;
		Batches::<T>::insert(id, record);
		Self::deposit_event(Event::Revoked { batch: id, issuer, wh, reason });
		Ok(())
	}

	fn do_void_carried(issuer: T::AccountId, device: DeviceId, reason: Vec<u8>) -> DispatchResult {
		let reason: TextOf<T> = reason.try_into().map_err(|_| Error::<T>::TextTooLong)?;
		let zone = T::Devices::certifiable_device(device).ok_or(Error::<T>::UnknownDevice)?.zone;
		ensure!(T::Devices::is_issuer_of(&issuer, zone), Error::<T>::NotIssuer);
		let mut ledger = DeviceLedgers::<T>::get(device).unwrap_or_default();
		let wh = ledger.carried.wh;
		ensure!(!wh.is_zero(), Error::<T>::NothingCarried);
		ledger.voided = ledger.voided.saturating_add(wh);
		ledger.carried = Carried::default();
		DeviceLedgers::<T>::insert(device, ledger);
		Self::deposit_event(Event::CarriedVoided { device, issuer, wh, reason });
		Ok(())
	}

	fn do_set_emission_factor(
		zone: Zone,
		valid_from: UnixTime,
		g_co2e_per_kwh: u32,
	) -> DispatchResult {
		ensure!(zone.is_valid(), Error::<T>::InvalidZone);
		ensure!(g_co2e_per_kwh <= MAX_G_CO2E_PER_KWH, Error::<T>::FactorOutOfRange);
		let factor = EmissionFactor { valid_from, g_co2e_per_kwh };
		EmissionFactors::<T>::try_mutate(zone, |factors| {
			match factors.binary_search_by_key(&valid_from, |factor| factor.valid_from) {
				Ok(index) => factors[index] = factor,
				Err(index) => {
					factors.try_insert(index, factor).map_err(|_| Error::<T>::TooManyFactors)?
				},
			}
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::EmissionFactorSet { zone, valid_from, g_co2e_per_kwh });
		Ok(())
	}

	fn do_remove_emission_factor(zone: Zone, valid_from: UnixTime) -> DispatchResult {
		EmissionFactors::<T>::try_mutate_exists(zone, |factors| {
			let list = factors.as_mut().ok_or(Error::<T>::UnknownFactor)?;
			let index = list
				.binary_search_by_key(&valid_from, |factor| factor.valid_from)
				.map_err(|_| Error::<T>::UnknownFactor)?;
			list.remove(index);
			if list.is_empty() {
				*factors = None;
			}
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::EmissionFactorRemoved { zone, valid_from });
		Ok(())
	}

	/// A page of `account`'s holdings after batch `start_after`, oldest production first
	/// (runtime API).
	pub fn holdings_of(
		account: &T::AccountId,
		start_after: Option<BatchId>,
		limit: u32,
	) -> Vec<(BatchId, Wh)> {
		let limit = limit.min(MAX_PAGE) as usize;
		let after = start_after
			.and_then(|id| Batches::<T>::get(id).map(|b| holding_key(b.production_start, id)));
		let holdings = match after {
			Some(key) => Holdings::<T>::iter_prefix_from(
				account,
				Holdings::<T>::hashed_key_for(account, key),
			),
			None => Holdings::<T>::iter_prefix(account),
		};
		holdings.take(limit).map(|(key, wh)| (batch_of_holding_key(&key), wh)).collect()
	}

	/// A retirement with plain texts (runtime API).
	pub fn retirement(id: RetirementId) -> Option<RetirementView<T>> {
		Retirements::<T>::get(id).map(|r| Retirement {
			retirer: r.retirer,
			sent_by: r.sent_by,
			batch: r.batch,
			wh: r.wh,
			claim: Claim {
				beneficiary: r.claim.beneficiary,
				beneficiary_name: r.claim.beneficiary_name.map(BoundedVec::into_inner),
				purpose: r.claim.purpose,
				consumption_country: r.claim.consumption_country,
				consumption_period: r.claim.consumption_period,
				message: r.claim.message.into_inner(),
			},
			block: r.block,
			time: r.time,
			avoided_g_co2e: r.avoided_g_co2e,
		})
	}

	/// A page of the retirements whose beneficiary is `account`, after `start_after`
	/// (runtime API).
	pub fn retirements_of(
		account: &T::AccountId,
		start_after: Option<RetirementId>,
		limit: u32,
	) -> Vec<(RetirementId, RetirementView<T>)> {
		let ids: Vec<RetirementId> = origo_primitives::key_page!(
			BeneficiaryRetirements<T>,
			account,
			start_after,
			limit.min(MAX_PAGE)
		);
		ids.into_iter().filter_map(|id| Self::retirement(id).map(|r| (id, r))).collect()
	}

	/// A batch with its device's issuer, technology and zone (runtime API).
	pub fn batch_details(id: BatchId) -> Option<BatchDetails<T::AccountId>> {
		let batch = Batches::<T>::get(id)?;
		let device = T::Devices::certifiable_device(batch.device)?;
		Some(BatchDetails {
			batch,
			issuer: device.issuer,
			technology: device.technology,
			zone: device.zone,
		})
	}

	/// A page of `device`'s batches, newest first, after `start_after` (runtime API): a walk
	/// down the device's batch list, one read per batch.
	pub fn device_batches(
		device: DeviceId,
		start_after: Option<BatchId>,
		limit: u32,
	) -> Vec<BatchId> {
		let first = match start_after {
			Some(id) => Batches::<T>::get(id)
				.filter(|batch| batch.device == device)
				.and_then(|batch| batch.previous),
			None => DeviceLedgers::<T>::get(device).and_then(|ledger| ledger.latest_batch),
		};
		let mut page = Vec::new();
		let mut next = first;
		while let Some(id) = next.filter(|_| page.len() < limit.min(MAX_PAGE) as usize) {
			page.push(id);
			next = Batches::<T>::get(id).and_then(|batch| batch.previous);
		}
		page
	}

	/// Checks the registry's invariants: supply conserved per batch, holdings sum to it,
	/// retirements sum to its retired Wh, periods not inverted, ids below the next ones; per
	/// device issued + carried + voided = verified = what the meter registry verified (security
	/// review T-1), less than a quantum carried, the batches sum to issued and its batch list holds
	/// exactly its batches, newest first; zone totals match the batches; emission factors in
	/// time order.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut held: BTreeMap<BatchId, Wh> = BTreeMap::new();
		for (_, key, wh) in Holdings::<T>::iter() {
			ensure!(!wh.is_zero(), "a zero holding was kept");
			let batch = batch_of_holding_key(&key);
			let record = Batches::<T>::get(batch).ok_or("a holding of a missing batch")?;
			ensure!(key == holding_key(record.production_start, batch), "a holding key is wrong");
			*held.entry(batch).or_default() += wh;
		}
		ensure!(
			HoldingDeposits::<T>::iter_keys()
				.all(|(holder, key)| Holdings::<T>::contains_key(holder, key)),
			"a deposit is held for a holding that does not exist"
		);
		let mut retired: BTreeMap<BatchId, Wh> = BTreeMap::new();
		for (id, retirement) in Retirements::<T>::iter() {
			ensure!(
				BatchRetirements::<T>::contains_key(retirement.batch, id),
				"a retirement is not indexed under its batch"
			);
			*retired.entry(retirement.batch).or_default() += retirement.wh;
		}
		// Per device: issued Wh and batches.
		let mut per_device: BTreeMap<DeviceId, (Wh, usize)> = BTreeMap::new();
		let mut zones: BTreeMap<Zone, ZoneTotals> = BTreeMap::new();
		let next_batch = NextBatchId::<T>::get();
		ensure!(
			Retirements::<T>::iter_keys().all(|id| id < NextRetirementId::<T>::get()),
			"a retirement id is not below NextRetirementId"
		);
		for (id, batch) in Batches::<T>::iter() {
			ensure!(id < next_batch, "a batch id is not below NextBatchId");
			ensure!(
				batch.production_start <= batch.production_end,
				"a batch's production ends before it starts"
			);
			ensure!(batch.supply.is_conserved(), "issued != held + retired + expired + revoked");
			ensure!(held.get(&id).copied().unwrap_or(0) == batch.supply.held, "holdings != held");
			ensure!(
				retired.get(&id).copied().unwrap_or(0) == batch.supply.retired,
				"retirement records != retired"
			);
			let device = per_device.entry(batch.device).or_default();
			device.0 += batch.supply.issued;
			device.1 += 1;
			let zone = T::Devices::certifiable_device(batch.device)
				.ok_or("a batch's device is not certifiable")?
				.zone;
			let totals = zones.entry(zone).or_default();
			totals.issued += batch.supply.issued;
			totals.retired += batch.supply.retired;
			totals.expired += batch.supply.expired;
			totals.revoked += batch.supply.revoked;
		}
		let quantum = T::Quantum::get().max(1);
		for (device, ledger) in DeviceLedgers::<T>::iter() {
			ensure!(
				[ledger.issued, ledger.carried.wh, ledger.voided]
					.iter()
					.try_fold(0u64, |sum, part| sum.checked_add(*part))
					== Some(ledger.verified),
				"issued + carried + voided != verified"
			);
			// The ledger counts what the meter registry handed over, not what it says of itself.
			ensure!(
				ledger.verified == T::Devices::verified_energy(device),
				"a device's ledger does not match the meter registry's verified energy"
			);
			ensure!(ledger.carried.wh < quantum, "a device carries a whole quantum");
			ensure!(
				ledger.carried.start <= ledger.carried.end,
				"a device's carried production ends before it starts"
			);
			let (issued, batches) = per_device.get(&device).copied().unwrap_or_default();
			ensure!(issued == ledger.issued, "a device's batches do not sum to its issued Wh");
			let mut listed = 0;
			let mut next = ledger.latest_batch;
			while let Some(id) = next {
				let batch = Batches::<T>::get(id).ok_or("a listed batch is missing")?;
				ensure!(batch.device == device, "a device lists another device's batch");
				ensure!(
					batch.previous.is_none_or(|previous| previous < id),
					"a list is not newest first"
				);
				listed += 1;
				next = batch.previous;
			}
			ensure!(listed == batches, "a device's batch list does not hold all its batches");
		}
		ensure!(
			per_device.keys().all(DeviceLedgers::<T>::contains_key),
			"a device with batches has no ledger"
		);
		for (zone, totals) in ZoneTotalsOf::<T>::iter() {
			let expected = zones.remove(&zone).unwrap_or_default();
			ensure!(
				(totals.issued, totals.retired, totals.expired, totals.revoked)
					== (expected.issued, expected.retired, expected.expired, expected.revoked),
				"zone totals do not match the batches"
			);
		}
		ensure!(zones.values().all(|t| t.issued.is_zero()), "a zone's issuance is not totalled");
		for factors in EmissionFactors::<T>::iter_values() {
			ensure!(!factors.is_empty(), "an empty emission-factor history was kept");
			ensure!(
				factors.windows(2).all(|pair| pair[0].valid_from < pair[1].valid_from),
				"a zone's emission factors are not in time order"
			);
		}
		Ok(())
	}
}

impl<T: Config> OnVerifiedEnergy for Pallet<T> {
	fn on_verified_energy(energy: VerifiedEnergy) -> Weight {
		if Self::do_certify(energy) {
			T::WeightInfo::certify_issuing()
		} else {
			T::WeightInfo::certify_carrying()
		}
	}

	fn max_weight() -> Weight {
		T::WeightInfo::certify_issuing().max(T::WeightInfo::certify_carrying())
	}

	fn min_weight() -> Weight {
		T::WeightInfo::certify_issuing().min(T::WeightInfo::certify_carrying())
	}
}

impl<T: Config> NeutralityReserve<T::AccountId> for Pallet<T> {
	/// Anyone may send certificates to the reserve, so its oldest holdings may be dust or of
	/// batches that expired or were revoked (security review M-3): the draw prunes the latter as
	/// it meets them, and says whether holdings are left beyond its bound, so that the neutrality
	/// ledger draws again in the next block rather than record a shortfall the reserve covers.
	fn retire_for_neutrality(
		holder: &T::AccountId,
		wh: Wh,
		period: (UnixTime, UnixTime),
	) -> ReserveDraw {
		if wh.is_zero() {
			return ReserveDraw::default();
		}
		let now = Self::now();
		let mut scan = Holdings::<T>::iter_prefix(holder);
		let taken: Vec<([u8; 16], Wh)> =
			scan.by_ref().take(T::MaxBatchesPerCall::get() as usize).collect();
		let more_holdings = scan.next().is_some();
		let claim = Claim {
			beneficiary: Some(holder.clone()),
			beneficiary_name: None,
			purpose: Purpose::ChainNeutrality,
			consumption_country: None,
			consumption_period: Some(period),
			message: TextOf::<T>::default(),
		};
		let mut retired: Wh = 0;
		for (key, held) in taken {
			let id = batch_of_holding_key(&key);
			let Some(record) = Batches::<T>::get(id) else { continue };
			// Each holding is the holder's and its batch exists, so these fail only if retirement
			// ids run out; what was done before stays done and is reported.
			if !record.is_live(now) {
				if Self::prune_holding(holder.clone(), id, record).is_err() {
					break;
				}
				continue;
			}
			let take = held.min(wh - retired);
			if Self::do_retire(holder, None, id, take, claim.clone()).is_err() {
				break;
			}
			retired += take;
			if retired == wh {
				return ReserveDraw { retired, more_holdings: false };
			}
		}
		ReserveDraw { retired, more_holdings }
	}

	fn max_batches() -> u32 {
		T::MaxBatchesPerCall::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn fund_for_benchmark(holder: &T::AccountId, batches: u32, wh: Wh) {
		Self::receive_for_benchmark(holder, batches, wh);
	}
}

/// The zone of the devices benchmarks create: the first of [`benchmark_zone`]'s.
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_ZONE: Zone = Zone(*b"B0000000");

/// The `index`th zone benchmarks create, `B0000000` on.
#[cfg(feature = "runtime-benchmarks")]
pub fn benchmark_zone(index: u32) -> Zone {
	let mut code = *b"B0000000";
	code[1..].copy_from_slice(&alloc::format!("{:07}", index % 10_000_000).as_bytes()[..7]);
	Zone(code)
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// `count` batches, each of `wh` Wh, minted to `owner`, production starting now, one hour
	/// apart, so they are live whatever the chain's clock says. The worst case of every call
	/// that walks batches (security review M-5): each batch is of its own device, in its own
	/// zone (issuer `account("issuer", i, 0)`), with a full emission-factor history, so every
	/// item reads its own device, factors and zone totals.
	pub fn mint_for_benchmark(owner: &T::AccountId, count: u32, wh: Wh) -> Vec<BatchId> {
		let quantum = T::Quantum::get().max(1);
		let now = Self::now();
		(0..count)
			.map(|i| {
				let zone = benchmark_zone(i);
				let issuer: T::AccountId = frame_benchmarking::account("issuer", i, 0);
				let device = T::Devices::register_approved_device(
					owner,
					&issuer,
					zone,
					origo_primitives::registry::DeviceKind::Production,
				);
				for valid_from in 0..u64::from(T::MaxFactorHistory::get()) {
					Self::do_set_emission_factor(zone, valid_from, 400)
						.expect("increasing starts, within bounds");
				}
				DeviceBeneficiaries::<T>::insert(device, owner.clone());
				let id = NextBatchId::<T>::get();
				let hour = u64::from(i);
				Self::do_certify(VerifiedEnergy {
					device,
					from: now + hour * 3_600,
					to: now + (hour + 1) * 3_600,
					wh: wh.max(quantum) / quantum * quantum,
				});
				id
			})
			.collect()
	}

	/// `count` batches as [`Self::mint_for_benchmark`] makes them, minted to another account
	/// and sent whole to `holder`: each holding carries its sender's deposit, which emptying or
	/// pruning it releases (their worst case).
	pub fn receive_for_benchmark(holder: &T::AccountId, count: u32, wh: Wh) -> Vec<BatchId> {
		let minter: T::AccountId = frame_benchmarking::account("minter", 0, 0);
		let ids = Self::mint_for_benchmark(&minter, count, wh);
		for &id in &ids {
			T::HoldingDeposit::ensure_successful(&minter, Self::holding_footprint());
			let record = Batches::<T>::get(id).expect("just minted");
			let amount = Self::holding(&minter, id, &record);
			Self::do_transfer(&minter, holder, id, amount).expect("the minter's live batch");
		}
		ids
	}
}

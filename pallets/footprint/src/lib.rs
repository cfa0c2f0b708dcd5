#![doc = include_str!("../README.md")]
//!
//! ## Example
//!
//! A chain node reports its consumption and a retirement offsets it (a unit test, so it compiles
//! and runs with them):
#![doc = docify::embed!("src/tests/offsets.rs", a_neutrality_retirement_offsets_the_chain_and_the_status_turns_neutral)]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
mod impl_traits;
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
use frame_support::{pallet_prelude::*, traits::UnixTime as _};
use origo_primitives::registry::{
	DeviceId, DeviceKind, DeviceRegistry, NeutralityReserve, OnNeutralityRetirement,
	OnVerifiedEnergy, UnixTime, VerifiedEnergy, Wh,
};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the neutrality ledger.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The chain's clock.
		type UnixTime: frame_support::traits::UnixTime;
		/// Who sets the energy model's coefficients and recognises chain nodes.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The device registry (pallet-meters): whether a device consumes.
		type Devices: DeviceRegistry<Self::AccountId>;
		/// The certificate registry, which retires the reserve's certificates.
		type Reserve: NeutralityReserve<Self::AccountId>;
		/// The neutrality reserve's account.
		type ReserveAccount: Get<Self::AccountId>;
		/// How many validators execute each block.
		type Validators: Get<u32>;
		/// The length of an accounting period, seconds; periods start at multiples of it.
		#[pallet::constant]
		type PeriodLength: Get<u64>;
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The energy model's coefficients.
	#[pallet::storage]
	pub type ModelCoefficients<T: Config> = StorageValue<_, Coefficients, ValueQuery>;

	/// Accounting periods by id.
	#[pallet::storage]
	pub type Periods<T: Config> = StorageMap<_, Twox64Concat, PeriodId, PeriodRecord>;

	/// The open period, once the first block has opened one.
	#[pallet::storage]
	pub type CurrentPeriod<T: Config> = StorageValue<_, PeriodId>;

	/// The chain's running account.
	#[pallet::storage]
	pub type StandingOf<T: Config> = StorageValue<_, Standing, ValueQuery>;

	/// Each node's metered consumption per period, Wh.
	#[pallet::storage]
	pub type NodeConsumption<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PeriodId, Twox64Concat, DeviceId, Wh, ValueQuery>;

	/// Each node's metered consumption since genesis, Wh.
	#[pallet::storage]
	pub type NodeTotals<T: Config> = StorageMap<_, Twox64Concat, DeviceId, Wh, ValueQuery>;

	/// The consumption devices governance recognised as the chain's own infrastructure (its
	/// validators' and RPC nodes' servers): only their readings count as the chain's
	/// consumption.
	#[pallet::storage]
	pub type ChainNodes<T: Config> = StorageMap<_, Twox64Concat, DeviceId, ()>;

	/// The previous block's time, ms: the idle model counts the time between blocks.
	#[pallet::storage]
	pub type LastBlockTime<T: Config> = StorageValue<_, u64>;

	/// Events of the neutrality ledger.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance set the energy model's coefficients.
		CoefficientsSet {
			/// The new coefficients.
			coefficients: Coefficients,
		},
		/// An accounting period opened.
		PeriodOpened {
			/// Its id.
			period: PeriodId,
			/// Its start, unix seconds.
			start: UnixTime,
			/// Its end, unix seconds.
			end: UnixTime,
		},
		/// An accounting period closed.
		PeriodClosed {
			/// Its id.
			period: PeriodId,
			/// Metered consumption, Wh.
			metered_wh: Wh,
			/// Modelled consumption, Wh (rounded up).
			modelled_wh: Wh,
			/// Offsets, Wh, the reserve's included.
			offset_wh: Wh,
			/// Retired from the reserve at the close, Wh.
			reserve_wh: Wh,
			/// The deficit the reserve could not cover, Wh.
			shortfall_wh: Wh,
			/// Offsets beyond everything accounted for, carried to the next period, Wh.
			surplus_wh: Wh,
		},
		/// An ended period's close drew on the reserve, which holds more than the draw reached:
		/// the next block draws again before the period closes.
		ReserveDrawnInPart {
			/// The period.
			period: PeriodId,
			/// Retired from the reserve so far at its close, Wh.
			reserve_wh: Wh,
			/// The deficit left to draw, Wh.
			deficit_wh: Wh,
		},
		/// Offsets came to cover everything the chain accounted for.
		BecameNeutral {
			/// When, unix seconds.
			since: UnixTime,
		},
		/// The chain accounted for more than it had offset.
		LostNeutrality {
			/// The deficit then, Wh.
			deficit_wh: Wh,
		},
		/// Governance recognised a consumption device as a chain node: its readings count.
		NodeRecognised {
			/// The device.
			device: DeviceId,
		},
		/// Governance withdrew a device's recognition as a chain node: its readings are refused.
		NodeForgotten {
			/// The device.
			device: DeviceId,
		},
	}

	/// Errors of the neutrality ledger.
	#[pallet::error]
	pub enum Error<T> {
		/// A coefficient is above its bound ([`MAX_PICOJOULES_PER_REF_TIME`],
		/// [`MAX_IDLE_WATTS_PER_VALIDATOR`]): no real server draws that.
		CoefficientOutOfRange,
		/// No device has that id.
		UnknownDevice,
		/// Only a consumption device can be a chain node.
		NotConsumptionDevice,
		/// The device is a recognised chain node already.
		AlreadyChainNode,
		/// The device is not a recognised chain node: its consumption is not the chain's, and
		/// its readings are refused.
		NotChainNode,
	}

	/// The energy model's coefficients at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The coefficients.
		pub coefficients: Coefficients,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.coefficients.is_within_bounds(),
				"genesis energy-model coefficients are out of range"
			);
			ModelCoefficients::<T>::put(self.coefficients);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Closes the open period if the previous block's time passed its end, and reserves the
		/// weight of this block's [`Hooks::on_finalize`].
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			// Charged for the most holdings the reserve's retirement may scan: once a period.
			let close_weight = match Self::close_period_if_ended() {
				None => T::DbWeight::get().reads(2),
				Some(false) => T::WeightInfo::close_period(0),
				Some(true) => T::WeightInfo::close_period(T::Reserve::max_batches()),
			};
			close_weight.saturating_add(T::WeightInfo::note_block())
		}

		/// Adds this block's modelled energy and updates the chain's standing.
		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::note_block();
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the energy model's coefficients: each block from now on is modelled with them.
		///
		/// Origin: governance.
		/// - `coefficients`: pJ per unit of `ref_time` and idle W per validator, each within its
		///   bound ([`MAX_PICOJOULES_PER_REF_TIME`], [`MAX_IDLE_WATTS_PER_VALIDATOR`]).
		///
		/// Emits `CoefficientsSet`.
		/// Errors: `CoefficientOutOfRange`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_coefficients())]
		pub fn set_coefficients(
			origin: OriginFor<T>,
			coefficients: Coefficients,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_coefficients(coefficients)
		}

		/// Recognises consumption `device` as a chain node (a validator's or RPC node's server):
		/// its meter's readings count as the chain's consumption from now on.
		///
		/// Origin: governance. Emits `NodeRecognised`. Errors: `UnknownDevice`,
		/// `NotConsumptionDevice`, `AlreadyChainNode`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::recognise_node())]
		pub fn recognise_node(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_recognise_node(device)
		}

		/// Withdraws `device`'s recognition as a chain node: its readings are refused from now
		/// on; what it consumed stays accounted for.
		///
		/// Origin: governance. Emits `NodeForgotten`. Errors: `NotChainNode`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::forget_node())]
		pub fn forget_node(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_forget_node(device)
		}
	}
}

pub use origo_primitives::MAX_PAGE;

impl<T: Config> Pallet<T> {
	fn now() -> UnixTime {
		T::UnixTime::now().as_secs()
	}
}

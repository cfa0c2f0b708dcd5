//! # pallet-footprint
//!
//! The chain's own energy use and its carbon-neutrality ledger: a registry of green energy that
//! shows, on chain, that it offsets what it consumes.
//!
//! ## Consumption, measured and modelled
//!
//! - **Metered.** Validators and other infrastructure register their servers in pallet-meters as
//!   consumption devices and bind a meter key (the node's energy reporter signs with it);
//!   governance recognises each as a chain node ([`Pallet::recognise_node`]). Readings of any
//!   other consumption device are refused ([`Error::NotChainNode`]), so no one inflates the
//!   chain's consumption and drains its reserve. Their
//!   readings pass the same checks as any meter's (signature, monotonic counter, plausibility
//!   against the declared power) and pallet-meters hands their energy here
//!   ([`OnVerifiedEnergy`]), never to the certificate registry. Each report counts in the period
//!   open when it arrives, per node.
//! - **Modelled.** Every block adds an estimate from the weight it consumed and the time since
//!   the previous block, with governance's [`Coefficients`]: `ref_time x pJ per ref_time +
//!   elapsed x idle W`, both per validator. So there is a figure before any node meters itself.
//!
//! The two are kept side by side and never added: a period accounts for the higher
//! ([`PeriodRecord::accounted_wh`]).
//!
//! ## Offsets and the neutrality reserve
//!
//! Every certificate retirement with purpose `ChainNeutrality` in pallet-certificates offsets the
//! chain's consumption ([`OnNeutralityRetirement`]): anyone can offset the chain. Certificates
//! sent to the neutrality reserve account ([`Config::ReserveAccount`]) are retired automatically:
//! when an accounting period ([`Config::PeriodLength`], a day) ends, the first block after it
//! closes it and retires from the reserve, oldest production first, whatever the chain's running
//! balance lacks. A block draws on a bounded number of the reserve's holdings; if the reserve
//! holds more and the deficit is not covered, the following blocks draw again before the period
//! closes ([`Event::ReserveDrawnInPart`]), so certificates anyone sends the reserve never make it
//! fall short while it holds enough. What the reserve cannot cover is recorded as the period's
//! shortfall; it never halts the chain.
//!
//! The chain is neutral while offsets since genesis cover everything accounted for since genesis,
//! the open period included; [`Standing::neutral_since`] says since when.
//!
//! ## Calls
//!
//! - [`Pallet::set_coefficients`]: governance sets the energy model's coefficients.
//! - [`Pallet::recognise_node`], [`Pallet::forget_node`]: governance says which consumption
//!   devices are the chain's nodes.
//!
//! ## Example
//!
//! ```ignore
//! // Governance: 25 W per executing core, 60 W idle per validator.
//! Footprint::set_coefficients(root, Coefficients {
//!     picojoules_per_ref_time: 25,
//!     idle_watts_per_validator: 60,
//! })?;
//! // Anyone offsets the chain: a retirement with purpose ChainNeutrality.
//! Certificates::retire_oldest(company, 5_000, Claim { purpose: Purpose::ChainNeutrality, .. })?;
//! assert!(Footprint::status().neutral);
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
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
		/// Sets the energy model's coefficients (governance).
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
			let kind = T::Devices::device_kind(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(kind == DeviceKind::Consumption, Error::<T>::NotConsumptionDevice);
			ensure!(!ChainNodes::<T>::contains_key(device), Error::<T>::AlreadyChainNode);
			ChainNodes::<T>::insert(device, ());
			Self::deposit_event(Event::NodeRecognised { device });
			Ok(())
		}

		/// Withdraws `device`'s recognition as a chain node: its readings are refused from now
		/// on; what it consumed stays accounted for.
		///
		/// Origin: governance. Emits `NodeForgotten`. Errors: `NotChainNode`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::forget_node())]
		pub fn forget_node(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(ChainNodes::<T>::take(device).is_some(), Error::<T>::NotChainNode);
			Self::deposit_event(Event::NodeForgotten { device });
			Ok(())
		}
	}
}

/// The longest page a list query returns.
pub const MAX_PAGE: u32 = 1_000;

impl<T: Config> Pallet<T> {
	fn now() -> UnixTime {
		T::UnixTime::now().as_secs()
	}

	fn do_set_coefficients(coefficients: Coefficients) -> DispatchResult {
		ensure!(coefficients.is_within_bounds(), Error::<T>::CoefficientOutOfRange);
		ModelCoefficients::<T>::put(coefficients);
		Self::deposit_event(Event::CoefficientsSet { coefficients });
		Ok(())
	}

	/// Opens period `id` for the current time.
	fn open_new_period(id: PeriodId) -> PeriodRecord {
		let length = T::PeriodLength::get().max(1);
		let start = Self::now() / length * length;
		let record =
			PeriodRecord { start, end: start.saturating_add(length), ..Default::default() };
		Periods::<T>::insert(id, record);
		CurrentPeriod::<T>::put(id);
		Self::deposit_event(Event::PeriodOpened { period: id, start, end: record.end });
		record
	}

	/// The open period, opening one for the current time if none is.
	fn open_period() -> (PeriodId, PeriodRecord) {
		let current = CurrentPeriod::<T>::get();
		match current.and_then(|id| Periods::<T>::get(id).filter(|r| !r.closed).map(|r| (id, r))) {
			Some(open) => open,
			None => {
				let id = current.map_or(0, |previous| previous.saturating_add(1));
				(id, Self::open_new_period(id))
			},
		}
	}

	/// Applies `change` to the open period.
	fn mutate_open_period(change: impl FnOnce(&mut PeriodRecord)) -> PeriodId {
		let (id, mut record) = Self::open_period();
		change(&mut record);
		Periods::<T>::insert(id, record);
		id
	}

	/// Offsets since genesis minus everything accounted for, the open period included.
	fn balance(standing: &Standing) -> i128 {
		let open = CurrentPeriod::<T>::get()
			.and_then(Periods::<T>::get)
			.filter(|record| !record.closed)
			.map_or(0, |record| record.accounted_wh());
		i128::from(standing.offset_wh) - i128::from(standing.accounted_closed_wh) - i128::from(open)
	}

	/// Closes the open period if the chain's time (the previous block's, in `on_initialize`)
	/// passed its end: retires the deficit from the reserve and opens the next period. A draw
	/// takes at most [`NeutralityReserve::max_batches`] holdings; while the reserve holds more
	/// than it reached and the deficit is not covered, the period stays open and the next block
	/// draws again (security review M-3: dust sent to the reserve only delays the close, it
	/// never makes it record a shortfall the reserve covers). Returns, if a period ended,
	/// whether the reserve was drawn on.
	pub(crate) fn close_period_if_ended() -> Option<bool> {
		let now = Self::now();
		let id = CurrentPeriod::<T>::get()?;
		let record = Periods::<T>::get(id)?;
		if now < record.end {
			return None;
		}
		let standing = StandingOf::<T>::get();
		let accounted_closed_wh =
			standing.accounted_closed_wh.saturating_add(record.accounted_wh());
		let balance = i128::from(standing.offset_wh) - i128::from(accounted_closed_wh);
		let deficit = Wh::try_from((-balance).max(0)).unwrap_or(Wh::MAX);
		// The period is still open, so the reserve's retirements count as its offsets.
		let draw = if deficit > 0 {
			T::Reserve::retire_for_neutrality(
				&T::ReserveAccount::get(),
				deficit,
				(record.start, record.end),
			)
		} else {
			Default::default()
		};
		let retired = draw.retired;
		let mut record = Periods::<T>::get(id).unwrap_or(record);
		record.reserve_wh = record.reserve_wh.saturating_add(retired);
		StandingOf::<T>::mutate(|standing| {
			standing.reserve_wh = standing.reserve_wh.saturating_add(retired)
		});
		if retired < deficit && draw.more_holdings {
			Periods::<T>::insert(id, record);
			Self::deposit_event(Event::ReserveDrawnInPart {
				period: id,
				reserve_wh: record.reserve_wh,
				deficit_wh: deficit - retired,
			});
			return Some(true);
		}
		StandingOf::<T>::mutate(|standing| standing.accounted_closed_wh = accounted_closed_wh);
		record.shortfall_wh = deficit.saturating_sub(retired);
		record.surplus_wh = Wh::try_from(balance.max(0)).unwrap_or(Wh::MAX);
		record.closed = true;
		Periods::<T>::insert(id, record);
		Self::deposit_event(Event::PeriodClosed {
			period: id,
			metered_wh: record.metered_wh,
			modelled_wh: record.modelled_wh(),
			offset_wh: record.offset_wh,
			reserve_wh: record.reserve_wh,
			shortfall_wh: record.shortfall_wh,
			surplus_wh: record.surplus_wh,
		});
		// Open the next period now, so that this block's reports land in it.
		Self::open_new_period(id.saturating_add(1));
		Some(deficit > 0)
	}

	/// The energy this block's execution and the time since the previous block cost, mJ.
	fn modelled_energy(ref_time: u64, elapsed_ms: u64) -> Millijoules {
		let coefficients = ModelCoefficients::<T>::get();
		let validators = u128::from(T::Validators::get());
		// ps x pJ/ps = pJ; 10^9 pJ = 1 mJ. ms x W = mJ.
		let execution =
			u128::from(ref_time) * u128::from(coefficients.picojoules_per_ref_time) / 1_000_000_000;
		let idle = u128::from(elapsed_ms) * u128::from(coefficients.idle_watts_per_validator);
		Millijoules::try_from((execution + idle) * validators).unwrap_or(Millijoules::MAX)
	}

	/// Adds this block's modelled energy to the open period and updates neutrality.
	pub(crate) fn note_block() {
		let now_ms = T::UnixTime::now().as_millis().try_into().unwrap_or(u64::MAX);
		let elapsed_ms = LastBlockTime::<T>::get().map_or(0, |last| now_ms.saturating_sub(last));
		LastBlockTime::<T>::put(now_ms);
		let ref_time = frame_system::Pallet::<T>::block_weight().total().ref_time();
		let energy = Self::modelled_energy(ref_time, elapsed_ms);
		Self::mutate_open_period(|record| {
			record.modelled_mj = record.modelled_mj.saturating_add(energy)
		});
		let mut standing = StandingOf::<T>::get();
		standing.modelled_mj = standing.modelled_mj.saturating_add(energy);
		let balance = Self::balance(&standing);
		match (balance >= 0, standing.neutral_since) {
			(true, None) => {
				let since = Self::now();
				standing.neutral_since = Some(since);
				Self::deposit_event(Event::BecameNeutral { since });
			},
			(false, Some(_)) => {
				standing.neutral_since = None;
				let deficit_wh = Wh::try_from(-balance).unwrap_or(Wh::MAX);
				Self::deposit_event(Event::LostNeutrality { deficit_wh });
			},
			_ => {},
		}
		StandingOf::<T>::put(standing);
	}

	/// The chain's neutrality now (runtime API).
	pub fn status() -> NeutralityStatus<T::AccountId> {
		let standing = StandingOf::<T>::get();
		let balance = Self::balance(&standing);
		let current = CurrentPeriod::<T>::get()
			.and_then(|id| Periods::<T>::get(id).map(|record| (id, record)));
		let open_accounted = current
			.filter(|(_, record)| !record.closed)
			.map_or(0, |(_, record)| record.accounted_wh());
		NeutralityStatus {
			neutral: balance >= 0,
			neutral_since: standing.neutral_since.filter(|_| balance >= 0),
			deficit_wh: Wh::try_from((-balance).max(0)).unwrap_or(Wh::MAX),
			surplus_wh: Wh::try_from(balance.max(0)).unwrap_or(Wh::MAX),
			accounted_wh: standing.accounted_closed_wh.saturating_add(open_accounted),
			metered_wh: standing.metered_wh,
			modelled_mj: standing.modelled_mj,
			offset_wh: standing.offset_wh,
			reserve_wh: standing.reserve_wh,
			current,
			coefficients: ModelCoefficients::<T>::get(),
			reserve: T::ReserveAccount::get(),
		}
	}

	/// A page of periods after `start_after`, oldest first (runtime API).
	pub fn history(start_after: Option<PeriodId>, limit: u32) -> Vec<(PeriodId, PeriodRecord)> {
		let first = start_after.map_or(Some(0), |last| last.checked_add(1));
		let Some(first) = first else { return Vec::new() };
		let Some(current) = CurrentPeriod::<T>::get() else { return Vec::new() };
		(first..=current)
			.take(limit.min(MAX_PAGE) as usize)
			.filter_map(|id| Periods::<T>::get(id).map(|record| (id, record)))
			.collect()
	}

	/// A page of the nodes' metered consumption in `period` after device `start_after`
	/// (runtime API).
	pub fn node_consumption(
		period: PeriodId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Vec<(DeviceId, Wh)> {
		let devices: Vec<DeviceId> = origo_primitives::key_page!(
			NodeConsumption<T>,
			period,
			start_after,
			limit.min(MAX_PAGE)
		);
		devices
			.into_iter()
			.map(|device| (device, NodeConsumption::<T>::get(period, device)))
			.collect()
	}

	/// Checks the ledger's invariants: the standing is the sum of the periods, each period's
	/// metered consumption the sum of its nodes', every node's total the sum of its periods',
	/// and only the current period is open.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let standing = StandingOf::<T>::get();
		let current = CurrentPeriod::<T>::get();
		let (mut metered, mut modelled, mut offset, mut reserve, mut accounted_closed) =
			(0u128, 0u128, 0u128, 0u128, 0u128);
		for (id, record) in Periods::<T>::iter() {
			ensure!(
				record.closed != (Some(id) == current),
				"a period other than the current one is open, or the current one is closed"
			);
			let nodes: u128 = NodeConsumption::<T>::iter_prefix_values(id).map(u128::from).sum();
			ensure!(nodes == u128::from(record.metered_wh), "a period's nodes do not add up");
			ensure!(record.reserve_wh <= record.offset_wh, "reserve retired more than offsets");
			metered += u128::from(record.metered_wh);
			modelled += u128::from(record.modelled_mj);
			offset += u128::from(record.offset_wh);
			reserve += u128::from(record.reserve_wh);
			if record.closed {
				accounted_closed += u128::from(record.accounted_wh());
			}
		}
		ensure!(
			(metered, modelled, offset, reserve, accounted_closed)
				== (
					u128::from(standing.metered_wh),
					u128::from(standing.modelled_mj),
					u128::from(standing.offset_wh),
					u128::from(standing.reserve_wh),
					u128::from(standing.accounted_closed_wh)
				),
			"the standing is not the sum of the periods"
		);
		ensure!(
			ChainNodes::<T>::iter_keys()
				.all(|device| T::Devices::device_kind(device) == Some(DeviceKind::Consumption)),
			"a chain node is not a consumption device"
		);
		let node_totals: u128 = NodeTotals::<T>::iter_values().map(u128::from).sum();
		ensure!(node_totals == metered, "the nodes' totals do not add up to the metered total");
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// What a node's reading costs here: booking its energy, and the check that the device is a
	/// chain node, which the reading made before ([`OnVerifiedEnergy::check_device`]).
	fn consumption_weight() -> Weight {
		T::WeightInfo::note_consumption().saturating_add(T::DbWeight::get().reads(1))
	}
}

impl<T: Config> OnVerifiedEnergy for Pallet<T> {
	/// Only recognised chain nodes' consumption is the chain's (security review M-2).
	fn check_device(device: DeviceId) -> DispatchResult {
		ensure!(ChainNodes::<T>::contains_key(device), Error::<T>::NotChainNode);
		Ok(())
	}

	fn max_weight() -> Weight {
		Self::consumption_weight()
	}

	fn min_weight() -> Weight {
		Self::consumption_weight()
	}

	fn on_verified_energy(energy: VerifiedEnergy) -> Weight {
		let period = Self::mutate_open_period(|record| {
			record.metered_wh = record.metered_wh.saturating_add(energy.wh)
		});
		NodeConsumption::<T>::mutate(period, energy.device, |wh| {
			*wh = wh.saturating_add(energy.wh)
		});
		NodeTotals::<T>::mutate(energy.device, |wh| *wh = wh.saturating_add(energy.wh));
		StandingOf::<T>::mutate(|standing| {
			standing.metered_wh = standing.metered_wh.saturating_add(energy.wh)
		});
		Self::consumption_weight()
	}
}

impl<T: Config> OnNeutralityRetirement for Pallet<T> {
	fn on_neutrality_retirement(wh: Wh) {
		Self::mutate_open_period(|record| record.offset_wh = record.offset_wh.saturating_add(wh));
		StandingOf::<T>::mutate(|standing| {
			standing.offset_wh = standing.offset_wh.saturating_add(wh)
		});
	}
}

//! The ledger as the other pallets see it: it takes the chain nodes' verified consumption
//! ([`OnVerifiedEnergy`]) and the retirements made for the chain's neutrality
//! ([`OnNeutralityRetirement`]).

use crate::*;

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

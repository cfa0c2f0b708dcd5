//! The energy model: each block adds its modelled consumption, from the weight it used and the
//! time since the previous block, with governance's coefficients.

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_coefficients(coefficients: Coefficients) -> DispatchResult {
		ensure!(coefficients.is_within_bounds(), Error::<T>::CoefficientOutOfRange);
		ModelCoefficients::<T>::put(coefficients);
		Self::deposit_event(Event::CoefficientsSet { coefficients });
		Ok(())
	}

	/// The energy this block's execution and the time since the previous block cost, mJ.
	pub(crate) fn modelled_energy(ref_time: u64, elapsed_ms: u64) -> Millijoules {
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
}

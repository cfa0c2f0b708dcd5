//! Emission factors: governance sets each zone's gCO2e/kWh with a validity start; retirements
//! record the avoided emissions at the factor valid when their batch's production started.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The emission factor of `zone` valid at `time`, gCO2e/kWh; zero before the first one.
	pub fn emission_factor_at(zone: Zone, time: UnixTime) -> u32 {
		EmissionFactors::<T>::get(zone)
			.iter()
			.rev()
			.find(|factor| factor.valid_from <= time)
			.map_or(0, |factor| factor.g_co2e_per_kwh)
	}

	pub(crate) fn do_set_emission_factor(
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

	pub(crate) fn do_remove_emission_factor(zone: Zone, valid_from: UnixTime) -> DispatchResult {
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
}

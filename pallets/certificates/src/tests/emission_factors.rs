use super::*;

/// L-5: a factor set in error is corrected or removed, even one valid from the end of
/// time, and the history stays in time order.
#[test]
fn l5_governance_corrects_and_removes_factors() {
	ExtBuilder.build_and_execute(|| {
		let fl = zone("US-FL");
		let history = || {
			crate::EmissionFactors::<Test>::get(fl)
				.iter()
				.map(|f| (f.valid_from, f.g_co2e_per_kwh))
				.collect::<Vec<_>>()
		};
		assert_ok!(Certificates::set_emission_factor(RuntimeOrigin::root(), fl, u64::MAX, 400));
		// Governance can still set a factor: before the typo, in time order.
		assert_ok!(Certificates::set_emission_factor(RuntimeOrigin::root(), fl, START, 500));
		assert_eq!(history(), vec![(START, 500), (u64::MAX, 400)]);
		// A correction replaces the factor from the same time.
		assert_ok!(Certificates::set_emission_factor(RuntimeOrigin::root(), fl, START, 450));
		assert_eq!(history(), vec![(START, 450), (u64::MAX, 400)]);
		assert_noop!(
			Certificates::remove_emission_factor(RuntimeOrigin::signed(owner()), fl, u64::MAX),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Certificates::remove_emission_factor(RuntimeOrigin::root(), fl, START + 1),
			Error::<Test>::UnknownFactor
		);
		assert_noop!(
			Certificates::remove_emission_factor(RuntimeOrigin::root(), zone("US-TX"), START),
			Error::<Test>::UnknownFactor
		);
		assert_ok!(Certificates::remove_emission_factor(RuntimeOrigin::root(), fl, u64::MAX));
		System::assert_last_event(
			Event::EmissionFactorRemoved { zone: fl, valid_from: u64::MAX }.into(),
		);
		assert_eq!(history(), vec![(START, 450)]);
		assert_eq!(Certificates::emission_factor_at(fl, u64::MAX), 450);
		// The last one removed, the zone keeps no history.
		assert_ok!(Certificates::remove_emission_factor(RuntimeOrigin::root(), fl, START));
		assert!(!crate::EmissionFactors::<Test>::contains_key(fl));
		assert_eq!(Certificates::emission_factor_at(fl, START), 0);
	});
}

#[test]
fn governance_sets_factors_with_history() {
	ExtBuilder.build_and_execute(|| {
		let set = |origin, zone, from, g| Certificates::set_emission_factor(origin, zone, from, g);
		assert_noop!(
			set(RuntimeOrigin::signed(owner()), zone("US-FL"), START, 400),
			DispatchError::BadOrigin
		);
		assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START - 10 * HOUR, 500));
		System::assert_last_event(
			Event::EmissionFactorSet {
				zone: zone("US-FL"),
				valid_from: START - 10 * HOUR,
				g_co2e_per_kwh: 500,
			}
			.into(),
		);
		assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR / 2, 300));
		assert_noop!(
			set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR, 2_001),
			Error::<Test>::FactorOutOfRange
		);
		assert_noop!(
			set(RuntimeOrigin::root(), origo_primitives::registry::Zone([0; 8]), START, 1),
			Error::<Test>::InvalidZone
		);
		assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR, 200));
		assert_noop!(
			set(RuntimeOrigin::root(), zone("US-FL"), START + 2 * HOUR, 100),
			Error::<Test>::TooManyFactors
		);
		// A full history can still be corrected.
		assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR, 200));
		// Production started at START: the factor valid then is 500 g/kWh.
		Quantum::set(1_000);
		produce(1, 2_000);
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(owner()),
			0,
			2_000,
			claim(Purpose::CarbonOffset)
		));
		assert_eq!(crate::Retirements::<Test>::get(0).unwrap().avoided_g_co2e, 1_000);
	});
}

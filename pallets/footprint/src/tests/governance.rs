use super::*;

const SET: Coefficients =
	Coefficients { picojoules_per_ref_time: 30, idle_watts_per_validator: 90 };

#[test]
fn genesis_sets_the_coefficients() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(
			crate::ModelCoefficients::<Test>::get(),
			Coefficients { picojoules_per_ref_time: 25, idle_watts_per_validator: 60 }
		);
	})
}

#[test]
#[should_panic(expected = "genesis energy-model coefficients are out of range")]
fn genesis_refuses_coefficients_out_of_range() {
	ExtBuilder::default()
		.coefficients(Coefficients {
			picojoules_per_ref_time: crate::MAX_PICOJOULES_PER_REF_TIME + 1,
			idle_watts_per_validator: 0,
		})
		.build();
}

#[test]
fn governance_sets_the_coefficients() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Footprint::set_coefficients(RuntimeOrigin::root(), SET));
		assert_eq!(crate::ModelCoefficients::<Test>::get(), SET);
		System::assert_last_event(Event::CoefficientsSet { coefficients: SET }.into());
		assert_eq!(Footprint::neutrality_status().coefficients, SET);
	})
}

#[test]
fn anyone_else_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Footprint::set_coefficients(RuntimeOrigin::signed(operator()), SET),
			DispatchError::BadOrigin
		);
	})
}

#[test]
fn coefficients_out_of_range_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		for coefficients in [
			Coefficients {
				picojoules_per_ref_time: crate::MAX_PICOJOULES_PER_REF_TIME + 1,
				idle_watts_per_validator: 60,
			},
			Coefficients {
				picojoules_per_ref_time: 25,
				idle_watts_per_validator: crate::MAX_IDLE_WATTS_PER_VALIDATOR + 1,
			},
		] {
			assert_noop!(
				Footprint::set_coefficients(RuntimeOrigin::root(), coefficients),
				Error::<Test>::CoefficientOutOfRange
			);
		}
	})
}

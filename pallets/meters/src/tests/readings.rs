use super::*;

#[test]
fn the_first_reading_sets_the_baseline() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 12_345, GENESIS_TIME - 3_600)));
		System::assert_last_event(
			Event::ReadingAccepted {
				meter: meter_a().public().into(),
				device: 0,
				counter_wh: 12_345,
				timestamp: GENESIS_TIME - 3_600,
				wh: 0,
			}
			.into(),
		);
		assert!(produced().is_empty());
		let meter = crate::Meters::<Test>::get(origo_primitives::registry::MeterKey::from(
			meter_a().public(),
		));
		assert_eq!(
			meter.unwrap().last,
			Some(LastReading { counter_wh: 12_345, timestamp: GENESIS_TIME - 3_600 })
		);
	});
}

#[test]
fn later_readings_hand_on_production() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 1_000, GENESIS_TIME - 3_600)));
		assert_ok!(submit(signed(&meter_a(), 5_500, GENESIS_TIME)));
		assert_eq!(
			produced(),
			vec![VerifiedEnergy {
				device: 0,
				from: GENESIS_TIME - 3_600,
				to: GENESIS_TIME,
				wh: 4_500
			}]
		);
		assert!(consumed().is_empty());
		assert_eq!(Meters::device_details(0).unwrap().device.verified_wh, 4_500);
		// No energy (a paid keep-alive), nothing handed on.
		set_time(GENESIS_TIME + 3_600);
		assert_ok!(Meters::submit_readings(
			RuntimeOrigin::signed(owner()),
			vec![signed(&meter_a(), 5_500, GENESIS_TIME + 3_600)]
		));
		System::assert_last_event(
			Event::BatchProcessed { gateway: owner(), accepted: 1, rejected: 0 }.into(),
		);
		assert_eq!(produced().len(), 1);
	});
}

#[test]
fn consumption_goes_to_the_consumption_hook() {
	ExtBuilder::default().build_and_execute(|| {
		let mut declaration = pv_declaration();
		declaration.kind = DeviceKind::Consumption;
		declaration.technology = Technology::Other;
		declaration.capacity_w = 400;
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), declaration));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
		assert_ok!(bind(owner(), 0, &meter_a()));
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 3_600)));
		assert_ok!(submit(signed(&meter_a(), 350, GENESIS_TIME)));
		assert!(produced().is_empty());
		assert_eq!(consumed()[0].wh, 350);
	});
}

#[test]
fn readings_are_checked_in_full() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let start = GENESIS_TIME - 3_600;
		assert_ok!(submit(signed(&meter_a(), 1_000, start)));
		// Not a bound meter.
		assert_noop!(
			submit(signed(&meter_pair("x"), 1, GENESIS_TIME)),
			Error::<Test>::UnknownMeter
		);
		// Signed by another key.
		let mut forged = signed(&meter_pair("x"), 2_000, GENESIS_TIME);
		forged.reading.meter = meter_a().public().into();
		assert_noop!(submit(forged), Error::<Test>::BadSignature);
		// Signed for another chain.
		let reading = Reading {
			meter: meter_a().public().into(),
			counter_wh: 2_000,
			timestamp: GENESIS_TIME,
		};
		let other_chain = sign_reading(&meter_a(), reading, &H256::repeat_byte(7));
		assert_noop!(submit(other_chain), Error::<Test>::BadSignature);
		// A replay, or anything not after the last reading.
		assert_noop!(submit(signed(&meter_a(), 1_000, start)), Error::<Test>::StaleReading);
		assert_noop!(submit(signed(&meter_a(), 1_500, start - 1)), Error::<Test>::StaleReading);
		// From the future.
		assert_noop!(
			submit(signed(&meter_a(), 1_500, GENESIS_TIME + 301)),
			Error::<Test>::ReadingInFuture
		);
		// The register went back.
		assert_noop!(
			submit(signed(&meter_a(), 999, GENESIS_TIME)),
			Error::<Test>::CounterDecreased
		);
		// 5 kW x 1 h x 110 % = 5,500 Wh at most.
		assert_noop!(
			submit(signed(&meter_a(), 1_000 + 5_501, GENESIS_TIME)),
			Error::<Test>::ImplausibleEnergy
		);
		assert_ok!(submit(signed(&meter_a(), 1_000 + 5_500, GENESIS_TIME)));
	});
}

#[test]
fn a_first_reading_from_the_future_is_refused() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_noop!(
			submit(signed(&meter_a(), 0, GENESIS_TIME + 301)),
			Error::<Test>::ReadingInFuture
		);
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME + 300)));
	});
}

#[test]
fn a_device_total_that_would_overflow_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let mut declaration = pv_declaration();
		declaration.capacity_w = u64::MAX;
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), declaration));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
		assert_ok!(bind(owner(), 0, &meter_a()));
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 7_200)));
		assert_ok!(submit(signed(&meter_a(), u64::MAX - 10, GENESIS_TIME - 3_600)));
		// A swap at the same instant; the new meter's energy would overflow the device's.
		assert_ok!(Meters::retire_meter(RuntimeOrigin::signed(owner()), meter_a().public().into()));
		assert_ok!(bind(owner(), 0, &meter_pair("b")));
		assert_ok!(submit(signed(&meter_pair("b"), 0, GENESIS_TIME - 3_600)));
		assert_noop!(
			submit(signed(&meter_pair("b"), 11, GENESIS_TIME)),
			Error::<Test>::EnergyOverflow
		);
	});
}

#[test]
fn only_the_authorization_may_submit_feeless() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_noop!(
			Meters::submit_reading(
				RuntimeOrigin::signed(owner()),
				signed(&meter_a(), 0, GENESIS_TIME)
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_pool_takes_valid_readings_one_per_meter() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let call =
			crate::Call::<Test>::submit_reading { reading: signed(&meter_a(), 0, GENESIS_TIME) };
		let (validity, _refund) = call
			.authorize(TransactionSource::External)
			.expect("submit_reading is authorized by its reading")
			.expect("a valid reading is valid in the pool");
		let later = crate::Call::<Test>::submit_reading {
			reading: signed(&meter_a(), 10, GENESIS_TIME + 60),
		};
		let (later_validity, _) = later.authorize(TransactionSource::External).unwrap().unwrap();
		// The same tag: the pool keeps one pending reading per meter.
		assert_eq!(validity.provides, later_validity.provides);
		assert_eq!(validity.longevity, 16);
	});
}

#[test]
fn the_pool_refuses_invalid_readings_with_the_error_index() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let code = |error: Error<Test>| match DispatchError::from(error) {
			DispatchError::Module(module) => module.error[0],
			_ => unreachable!("pallet errors are module errors"),
		};
		let mut forged = signed(&meter_pair("x"), 0, GENESIS_TIME);
		forged.reading.meter = meter_a().public().into();
		for (reading, error) in [
			(signed(&meter_pair("x"), 0, GENESIS_TIME), Error::<Test>::UnknownMeter),
			(forged, Error::<Test>::BadSignature),
			(signed(&meter_a(), 0, GENESIS_TIME + 301), Error::<Test>::ReadingInFuture),
		] {
			let call = crate::Call::<Test>::submit_reading { reading };
			assert_eq!(
				call.authorize(TransactionSource::External).unwrap(),
				Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code(error))))
			);
		}
	});
}

/// The crate's example: a device from its registration to its first verified hour.
#[docify::export]
#[test]
fn a_device_from_registration_to_its_first_verified_hour() {
	ExtBuilder::default().build_and_execute(|| {
		// Governance appointed an issuer for `DE`. An owner registers a 5 kW PV system, the
		// issuer approves it, and the owner binds its meter with the meter's own signature over
		// the binding.
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
		let meter = meter_pair("a");
		let proof = sign_binding(&meter, &Meters::genesis_hash(), 0, &owner());
		assert_ok!(Meters::bind_meter(
			RuntimeOrigin::signed(owner()),
			0,
			meter.public().into(),
			proof
		));
		// The meter signs its register, for this chain; a gateway submits its baseline and the
		// reading an hour later, and pays for the batch.
		let readings = vec![
			sign_reading(
				&meter,
				Reading { meter: meter.public().into(), counter_wh: 0, timestamp: GENESIS_TIME },
				&Meters::genesis_hash(),
			),
			sign_reading(
				&meter,
				Reading {
					meter: meter.public().into(),
					counter_wh: 4_200,
					timestamp: GENESIS_TIME + 3_600,
				},
				&Meters::genesis_hash(),
			),
		];
		set_time(GENESIS_TIME + 3_600);
		assert_ok!(Meters::submit_readings(RuntimeOrigin::signed(account("Gateway")), readings));
		// The hour's 4.2 kWh were handed on as verified production.
		assert_eq!(
			produced(),
			vec![VerifiedEnergy {
				device: 0,
				from: GENESIS_TIME,
				to: GENESIS_TIME + 3_600,
				wh: 4_200
			}]
		);
	});
}

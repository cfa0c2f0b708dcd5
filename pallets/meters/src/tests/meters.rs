use super::*;

#[test]
fn the_owner_binds_meters_of_any_scheme() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let ed = ed25519::Pair::from_string("//meter//ed", None).unwrap();
		assert_ok!(Meters::retire_meter(RuntimeOrigin::signed(owner()), meter_a().public().into()));
		assert_ok!(bind(owner(), 0, &ed));
		System::assert_last_event(
			Event::MeterBound { device: 0, meter: ed.public().into() }.into(),
		);
		let device = crate::Devices::<Test>::get(0).unwrap();
		assert_eq!(device.meter, Some(ed.public().into()));
		assert_eq!(device.meters_bound, 2);
		assert_eq!(
			crate::Meters::<Test>::get(origo_primitives::registry::MeterKey::from(ed.public())),
			Some(Meter { device: 0, status: MeterStatus::Active, last: None })
		);
		// The ed25519 meter's readings verify like the sr25519 one's.
		let reading =
			Reading { meter: ed.public().into(), counter_wh: 10, timestamp: GENESIS_TIME };
		assert_ok!(submit(sign_reading(&ed, reading, &Meters::genesis_hash())));
	});
}

#[test]
fn ecdsa_meters_are_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
		let ecdsa = sp_core::ecdsa::Pair::from_string("//meter//ecdsa", None).unwrap();
		assert_ok!(bind(owner(), 0, &ecdsa));
		let reading =
			|counter_wh, timestamp| Reading { meter: ecdsa.public().into(), counter_wh, timestamp };
		let genesis = Meters::genesis_hash();
		assert_ok!(submit(sign_reading(&ecdsa, reading(0, GENESIS_TIME - 3_600), &genesis)));
		assert_ok!(submit(sign_reading(&ecdsa, reading(1_000, GENESIS_TIME), &genesis)));
		assert_eq!(produced().last().unwrap().wh, 1_000);
	});
}

#[test]
fn binding_refuses_bad_input() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_noop!(bind(issuer(), 0, &meter_pair("b")), Error::<Test>::NotDeviceOwner);
		assert_noop!(bind(owner(), 9, &meter_pair("b")), Error::<Test>::UnknownDevice);
		assert_noop!(bind(owner(), 0, &meter_pair("b")), Error::<Test>::DeviceHasMeter);
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		assert_noop!(bind(owner(), 1, &meter_pair("b")), Error::<Test>::DeviceNotApproved);
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
		// A key bound to another device is a duplicate.
		assert_noop!(bind(owner(), 1, &meter_a()), Error::<Test>::MeterAlreadyBound);
		// A proof signed by another key, or for another device, is no proof.
		let other_key = sign_binding(&meter_pair("x"), &Meters::genesis_hash(), 1, &owner());
		let key = || meter_pair("b").public().into();
		assert_noop!(
			Meters::bind_meter(RuntimeOrigin::signed(owner()), 1, key(), other_key),
			Error::<Test>::BadProof
		);
		let other_device = sign_binding(&meter_pair("b"), &Meters::genesis_hash(), 0, &owner());
		assert_noop!(
			Meters::bind_meter(RuntimeOrigin::signed(owner()), 1, key(), other_device),
			Error::<Test>::BadProof
		);
		assert_ok!(Meters::suspend_device(RuntimeOrigin::signed(issuer()), 1, b"x".to_vec()));
		assert_noop!(bind(owner(), 1, &meter_pair("d")), Error::<Test>::DeviceSuspended);
	});
}

#[test]
fn a_retired_meter_is_refused_forever() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 100, GENESIS_TIME - 60)));
		assert_ok!(Meters::retire_meter(RuntimeOrigin::signed(owner()), meter_a().public().into()));
		System::assert_last_event(
			Event::MeterRetired { device: 0, meter: meter_a().public().into() }.into(),
		);
		assert_eq!(crate::Devices::<Test>::get(0).unwrap().meter, None);
		assert_noop!(submit(signed(&meter_a(), 200, GENESIS_TIME)), Error::<Test>::MeterRetired);
		assert_noop!(bind(owner(), 0, &meter_a()), Error::<Test>::MeterAlreadyBound);
		// A swap: the new meter starts its own baseline.
		assert_ok!(bind(owner(), 0, &meter_pair("b")));
		assert_ok!(submit(signed(&meter_pair("b"), 5, GENESIS_TIME)));
	});
}

#[test]
fn retiring_refuses_bad_input() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let key = || meter_a().public().into();
		assert_noop!(
			Meters::retire_meter(RuntimeOrigin::signed(owner()), meter_pair("z").public().into()),
			Error::<Test>::UnknownMeter
		);
		assert_noop!(
			Meters::retire_meter(RuntimeOrigin::signed(issuer()), key()),
			Error::<Test>::NotDeviceOwner
		);
		assert_ok!(Meters::retire_meter(RuntimeOrigin::signed(owner()), key()));
		assert_noop!(
			Meters::retire_meter(RuntimeOrigin::signed(owner()), key()),
			Error::<Test>::MeterRetired
		);
	});
}

use super::*;

#[test]
fn an_owner_registers_a_pending_device() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		System::assert_last_event(
			Event::DeviceRegistered { device: 0, owner: owner(), zone: zone("DE") }.into(),
		);
		let device = crate::Devices::<Test>::get(0).unwrap();
		assert_eq!(device.status, DeviceStatus::Pending);
		assert_eq!(device.owner, owner());
		assert_eq!(device.declaration.capacity_w, 5_000);
		assert!(crate::OwnerDevices::<Test>::contains_key(owner(), 0));
		assert!(crate::ZoneDevices::<Test>::contains_key(zone("DE"), 0));
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		assert_eq!(crate::NextDeviceId::<Test>::get(), 2);
	});
}

#[test]
fn registering_refuses_bad_input() {
	ExtBuilder::default().build_and_execute(|| {
		let register =
			|declaration| Meters::register_device(RuntimeOrigin::signed(owner()), declaration);
		assert_noop!(
			Meters::register_device(RuntimeOrigin::none(), pv_declaration()),
			DispatchError::BadOrigin
		);
		let mut declaration = pv_declaration();
		declaration.name = vec![b'x'; 33];
		assert_noop!(register(declaration), Error::<Test>::NameTooLong);
		let mut declaration = pv_declaration();
		declaration.capacity_w = 0;
		assert_noop!(register(declaration), Error::<Test>::ZeroCapacity);
		let mut declaration = pv_declaration();
		declaration.zone = Zone(*b"D E\0\0\0\0\0");
		assert_noop!(register(declaration), Error::<Test>::InvalidZone);
		let mut declaration = pv_declaration();
		declaration.zone = zone("US-FL");
		assert_noop!(register(declaration), Error::<Test>::UnknownZone);
		let mut declaration = pv_declaration();
		declaration.location =
			Some(crate::Location { latitude_microdeg: 91_000_000, longitude_microdeg: 0 });
		assert_noop!(register(declaration), Error::<Test>::InvalidLocation);
	});
}

#[test]
fn an_issuer_of_the_zone_approves() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
		System::assert_last_event(
			Event::DeviceApproved {
				device: 0,
				issuer: issuer(),
				certifiable_from: pv_declaration().commissioned,
			}
			.into(),
		);
		let device = crate::Devices::<Test>::get(0).unwrap();
		assert_eq!(device.status, DeviceStatus::Approved);
		assert_eq!(device.issuer, Some(issuer()));
	});
}

#[test]
fn approving_refuses_bad_input() {
	ExtBuilder::default().build_and_execute(|| {
		let florida = account("Florida");
		assert_ok!(Meters::appoint_issuer(
			RuntimeOrigin::root(),
			florida.clone(),
			b"FL".to_vec(),
			vec![zone("US-FL")]
		));
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		assert_noop!(
			Meters::approve_device(RuntimeOrigin::signed(owner()), 0),
			Error::<Test>::NotIssuer
		);
		assert_noop!(
			Meters::approve_device(RuntimeOrigin::signed(florida), 0),
			Error::<Test>::WrongZone
		);
		assert_noop!(
			Meters::approve_device(RuntimeOrigin::signed(issuer()), 7),
			Error::<Test>::UnknownDevice
		);
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
		assert_noop!(
			Meters::approve_device(RuntimeOrigin::signed(issuer()), 0),
			Error::<Test>::DeviceNotPending
		);
	});
}

#[test]
fn an_issuer_rejects_with_a_reason() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
		assert_noop!(
			Meters::reject_device(RuntimeOrigin::signed(issuer()), 0, vec![b'r'; 33]),
			Error::<Test>::ReasonTooLong
		);
		assert_ok!(Meters::reject_device(
			RuntimeOrigin::signed(issuer()),
			0,
			b"no grid connection".to_vec()
		));
		System::assert_last_event(
			Event::DeviceRejected {
				device: 0,
				issuer: issuer(),
				reason: b"no grid connection".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		assert_eq!(crate::Devices::<Test>::get(0).unwrap().status, DeviceStatus::Rejected);
		assert_noop!(
			Meters::approve_device(RuntimeOrigin::signed(issuer()), 0),
			Error::<Test>::DeviceNotPending
		);
		assert_noop!(
			Meters::reject_device(RuntimeOrigin::signed(issuer()), 0, b"again".to_vec()),
			Error::<Test>::DeviceNotPending
		);
	});
}

#[test]
fn an_issuer_suspends_and_reinstates() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_noop!(
			Meters::reinstate_device(RuntimeOrigin::signed(issuer()), 0),
			Error::<Test>::DeviceNotSuspended
		);
		assert_noop!(
			Meters::suspend_device(RuntimeOrigin::signed(issuer()), 0, vec![b'r'; 33]),
			Error::<Test>::ReasonTooLong
		);
		assert_ok!(Meters::suspend_device(
			RuntimeOrigin::signed(issuer()),
			0,
			b"meter audit".to_vec()
		));
		System::assert_last_event(
			Event::DeviceSuspended {
				device: 0,
				issuer: issuer(),
				reason: b"meter audit".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		assert_noop!(
			Meters::suspend_device(RuntimeOrigin::signed(issuer()), 0, b"again".to_vec()),
			Error::<Test>::DeviceNotApproved
		);
		assert_noop!(submit(signed(&meter_a(), 0, GENESIS_TIME)), Error::<Test>::DeviceSuspended);
		assert_ok!(Meters::reinstate_device(RuntimeOrigin::signed(issuer()), 0));
		System::assert_last_event(Event::DeviceReinstated { device: 0, issuer: issuer() }.into());
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME)));
	});
}

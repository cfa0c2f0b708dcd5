use super::*;

#[test]
fn governance_appoints_an_issuer() {
	ExtBuilder::default().build_and_execute(|| {
		let other = account("Other");
		assert_ok!(Meters::appoint_issuer(
			RuntimeOrigin::root(),
			other.clone(),
			b"Energinet".to_vec(),
			vec![zone("DK1"), zone("DE")],
		));
		System::assert_last_event(
			Event::IssuerAppointed {
				issuer: other.clone(),
				zones: vec![zone("DK1"), zone("DE")].try_into().unwrap(),
			}
			.into(),
		);
		assert_eq!(crate::ZoneIssuers::<Test>::get(zone("DE")), 2);
		assert_eq!(crate::ZoneIssuers::<Test>::get(zone("DK1")), 1);
	});
}

#[test]
fn appointing_needs_governance() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Meters::appoint_issuer(
				RuntimeOrigin::signed(owner()),
				owner(),
				b"Me".to_vec(),
				vec![zone("DE")]
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn appointing_refuses_bad_input() {
	ExtBuilder::default().build_and_execute(|| {
		let root = RuntimeOrigin::root;
		let other = account("Other");
		assert_noop!(
			Meters::appoint_issuer(root(), issuer(), b"Again".to_vec(), vec![zone("DE")]),
			Error::<Test>::AlreadyIssuer
		);
		assert_noop!(
			Meters::appoint_issuer(root(), other.clone(), vec![b'x'; 33], vec![zone("DE")]),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			Meters::appoint_issuer(root(), other.clone(), b"X".to_vec(), vec![]),
			Error::<Test>::NoZones
		);
		assert_noop!(
			Meters::appoint_issuer(
				root(),
				other.clone(),
				b"X".to_vec(),
				vec![Zone(*b"de\0\0\0\0\0\0")]
			),
			Error::<Test>::InvalidZone
		);
		assert_noop!(
			Meters::appoint_issuer(
				root(),
				other.clone(),
				b"X".to_vec(),
				vec![zone("DE"), zone("FR"), zone("DE")]
			),
			Error::<Test>::DuplicateZone
		);
		assert_noop!(
			Meters::appoint_issuer(
				root(),
				other,
				b"X".to_vec(),
				["AT", "BE", "CH", "DE", "ES"].iter().map(|z| zone(z)).collect()
			),
			Error::<Test>::TooManyZones
		);
	});
}

#[test]
fn removing_an_issuer_forgets_its_zones() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Meters::remove_issuer(RuntimeOrigin::root(), issuer()));
		System::assert_last_event(Event::IssuerRemoved { issuer: issuer() }.into());
		assert_eq!(crate::ZoneIssuers::<Test>::get(zone("DE")), 0);
		assert_noop!(
			Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()),
			Error::<Test>::UnknownZone
		);
	});
}

#[test]
fn removing_refuses_bad_input() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Meters::remove_issuer(RuntimeOrigin::signed(issuer()), issuer()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Meters::remove_issuer(RuntimeOrigin::root(), owner()),
			Error::<Test>::NotIssuer
		);
	});
}

use super::*;

#[test]
fn anyone_prunes_holdings_of_an_expired_batch() {
	with_batch(|| {
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1_000));
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(owner()),
			0,
			1_000,
			claim(Purpose::Consumption)
		));
		let anyone = RuntimeOrigin::signed(account("Anyone"));
		assert_noop!(
			Certificates::prune(anyone.clone(), vec![(owner(), 0)]),
			Error::<Test>::BatchLive
		);
		set_time(START + HOUR + 365 * 86_400);
		// Expired certificates do not move.
		assert_noop!(
			Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1),
			Error::<Test>::BatchExpired
		);
		assert_noop!(Certificates::prune(anyone.clone(), vec![]), Error::<Test>::NoBatches);
		assert_noop!(
			Certificates::prune(anyone.clone(), vec![(owner(), 0); 17]),
			Error::<Test>::TooManyHoldings
		);
		assert_noop!(
			Certificates::prune(anyone.clone(), vec![(owner(), 3)]),
			Error::<Test>::UnknownBatch
		);
		// All or nothing: the third account holds none of it.
		assert_noop!(
			Certificates::prune(anyone.clone(), vec![(owner(), 0), (account("Third"), 0)]),
			Error::<Test>::NothingHeld
		);
		assert_ok!(Certificates::prune(anyone.clone(), vec![(owner(), 0), (company(), 0)]));
		System::assert_has_event(
			Event::HoldingExpired { batch: 0, holder: owner(), wh: 3_000 }.into(),
		);
		System::assert_last_event(
			Event::HoldingExpired { batch: 0, holder: company(), wh: 1_000 }.into(),
		);
		let supply = crate::Batches::<Test>::get(0).unwrap().supply;
		assert_eq!(
			supply,
			Supply { issued: 5_000, held: 0, retired: 1_000, expired: 4_000, revoked: 0 }
		);
		assert_eq!(crate::ZoneTotalsOf::<Test>::get(zone("US-FL")).expired, 4_000);
		// Fully expired or retired: its holdings are gone, its record and retirements stay.
		assert_eq!(crate::Holdings::<Test>::iter().count(), 0);
		assert!(crate::Retirements::<Test>::contains_key(0));
		assert_noop!(Certificates::prune(anyone, vec![(owner(), 0)]), Error::<Test>::NothingHeld);
	});
}

#[test]
fn an_issuer_of_the_zone_revokes_a_batch() {
	with_batch(|| {
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 2_000));
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(company()),
			0,
			500,
			claim(Purpose::Consumption)
		));
		assert_noop!(
			Certificates::revoke(RuntimeOrigin::signed(company()), 0, b"fraud".to_vec()),
			Error::<Test>::NotIssuer
		);
		let texas = account("Texas");
		assert_ok!(Meters::appoint_issuer(
			RuntimeOrigin::root(),
			texas.clone(),
			b"TX".to_vec(),
			vec![zone("US-TX")]
		));
		assert_noop!(
			Certificates::revoke(RuntimeOrigin::signed(texas), 0, b"fraud".to_vec()),
			Error::<Test>::NotIssuer
		);
		assert_noop!(
			Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, vec![b'r'; 33]),
			Error::<Test>::TextTooLong
		);
		assert_noop!(
			Certificates::revoke(RuntimeOrigin::signed(issuer()), 9, b"fraud".to_vec()),
			Error::<Test>::UnknownBatch
		);
		assert_ok!(Certificates::revoke(
			RuntimeOrigin::signed(issuer()),
			0,
			b"meter fault".to_vec()
		));
		System::assert_last_event(
			Event::Revoked {
				batch: 0,
				issuer: issuer(),
				wh: 4_500,
				reason: b"meter fault".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		assert_noop!(
			Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, b"again".to_vec()),
			Error::<Test>::BatchRevoked
		);
		// Frozen: revoked certificates neither move nor retire.
		assert_noop!(
			Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1),
			Error::<Test>::BatchRevoked
		);
		assert_noop!(
			Certificates::retire(
				RuntimeOrigin::signed(company()),
				0,
				1,
				claim(Purpose::Consumption)
			),
			Error::<Test>::BatchRevoked
		);
		assert_noop!(
			Certificates::retire_oldest(
				RuntimeOrigin::signed(company()),
				1,
				claim(Purpose::Consumption)
			),
			Error::<Test>::InsufficientBalance
		);
		// Pruned at once, expired or not, into the revoked supply.
		assert_ok!(Certificates::prune(
			RuntimeOrigin::signed(account("Anyone")),
			vec![(owner(), 0), (company(), 0)]
		));
		System::assert_last_event(
			Event::HoldingRevoked { batch: 0, holder: company(), wh: 1_500 }.into(),
		);
		let supply = crate::Batches::<Test>::get(0).unwrap().supply;
		assert_eq!(
			supply,
			Supply { issued: 5_000, held: 0, retired: 500, expired: 0, revoked: 4_500 }
		);
		assert_eq!(crate::ZoneTotalsOf::<Test>::get(zone("US-FL")).revoked, 4_500);
	});
}

#[test]
fn a_batch_with_nothing_held_is_not_revoked() {
	with_batch(|| {
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(owner()),
			0,
			5_000,
			claim(Purpose::Consumption)
		));
		assert_noop!(
			Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, b"fraud".to_vec()),
			Error::<Test>::NothingHeld
		);
	});
}

use super::*;

#[docify::export]
#[test]
fn retiring_records_the_claim_and_avoided_emissions() {
	// Batch 0 holds 5 kWh of a Florida rooftop's production, minted to its owner.
	with_batch(|| {
		// Governance set Florida's emission factor; the owner sells 3 kWh to a company, which
		// retires 2 kWh as a carbon offset for a bakery that holds no account.
		assert_ok!(Certificates::set_emission_factor(
			RuntimeOrigin::root(),
			zone("US-FL"),
			START - 86_400,
			400
		));
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 3_000));
		let offset = Claim {
			beneficiary: None,
			beneficiary_name: Some(b"Acme Bakery".to_vec()),
			purpose: Purpose::CarbonOffset,
			consumption_country: Some(zone("US-FL")),
			consumption_period: Some((START, START + 86_400)),
			message: b"ovens".to_vec(),
		};
		assert_ok!(Certificates::retire(RuntimeOrigin::signed(company()), 0, 2_000, offset));
		// 2,000 Wh x 400 g/kWh = 800 g.
		System::assert_last_event(
			Event::Retired {
				retirement: 0,
				batch: 0,
				retirer: company(),
				beneficiary: None,
				wh: 2_000,
				purpose: Purpose::CarbonOffset,
				avoided_g_co2e: 800,
			}
			.into(),
		);
		let retirement = crate::Retirements::<Test>::get(0).unwrap();
		assert_eq!(
			retirement.claim.beneficiary_name.unwrap().into_inner(),
			b"Acme Bakery".to_vec()
		);
		assert_eq!(retirement.block, 1);
		assert_eq!(retirement.time, START + HOUR);
		let supply = crate::Batches::<Test>::get(0).unwrap().supply;
		assert_eq!((supply.held, supply.retired), (3_000, 2_000));
		assert_eq!(crate::ZoneTotalsOf::<Test>::get(zone("US-FL")).avoided_g_co2e, 800);
		// Retired certificates never move again.
		assert_noop!(
			Certificates::retire(
				RuntimeOrigin::signed(company()),
				0,
				1_001,
				claim(Purpose::Consumption)
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn the_beneficiary_defaults_to_the_retirer() {
	with_batch(|| {
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(owner()),
			0,
			10,
			claim(Purpose::Consumption)
		));
		let retirement = crate::Retirements::<Test>::get(0).unwrap();
		assert_eq!(retirement.claim.beneficiary, Some(owner()));
		assert!(crate::BeneficiaryRetirements::<Test>::contains_key(owner(), 0));
	});
}

#[test]
fn retiring_refuses_bad_input() {
	with_batch(|| {
		let retire = |batch, wh, claim| {
			Certificates::retire(RuntimeOrigin::signed(owner()), batch, wh, claim)
		};
		assert_noop!(retire(0, 0, claim(Purpose::Consumption)), Error::<Test>::ZeroAmount);
		assert_noop!(retire(5, 1, claim(Purpose::Consumption)), Error::<Test>::UnknownBatch);
		assert_noop!(
			retire(0, 5_001, claim(Purpose::Consumption)),
			Error::<Test>::InsufficientBalance
		);
		let mut long = claim(Purpose::Consumption);
		long.message = vec![b'm'; 33];
		assert_noop!(retire(0, 1, long), Error::<Test>::TextTooLong);
		let mut long_name = claim(Purpose::Consumption);
		long_name.beneficiary_name = Some(vec![b'n'; 33]);
		assert_noop!(retire(0, 1, long_name), Error::<Test>::TextTooLong);
		let mut backwards = claim(Purpose::Consumption);
		backwards.consumption_period = Some((START + 1, START));
		assert_noop!(retire(0, 1, backwards), Error::<Test>::InvalidPeriod);
		let mut bad_country = claim(Purpose::Consumption);
		bad_country.consumption_country =
			Some(origo_primitives::registry::Zone(*b"us\0\0\0\0\0\0"));
		assert_noop!(retire(0, 1, bad_country), Error::<Test>::InvalidZone);
		set_time(START + HOUR + 365 * 86_400);
		assert_noop!(retire(0, 1, claim(Purpose::Consumption)), Error::<Test>::BatchExpired);
	});
}

#[test]
fn retire_oldest_takes_the_oldest_production_first() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(3, 1_000);
		assert_ok!(Certificates::retire_oldest(
			RuntimeOrigin::signed(owner()),
			1_500,
			claim(Purpose::ChainNeutrality)
		));
		let retirements: Vec<_> =
			(0..2).map(|id| crate::Retirements::<Test>::get(id).unwrap()).collect();
		assert_eq!((retirements[0].batch, retirements[0].wh), (0, 1_000));
		assert_eq!((retirements[1].batch, retirements[1].wh), (1, 500));
		assert_noop!(
			Certificates::retire_oldest(
				RuntimeOrigin::signed(owner()),
				1_501,
				claim(Purpose::Consumption)
			),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Certificates::retire_oldest(
				RuntimeOrigin::signed(owner()),
				0,
				claim(Purpose::Consumption)
			),
			Error::<Test>::ZeroAmount
		);
	});
}

#[test]
fn retire_oldest_skips_expired_batches() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(1, 1_000);
		// A year later: batch 0 expired, batch 1 is new.
		let later = START + 365 * 86_400 + 2 * HOUR;
		set_time(later);
		read(2_000, later);
		assert_ok!(Certificates::retire_oldest(
			RuntimeOrigin::signed(owner()),
			1_000,
			claim(Purpose::Consumption)
		));
		assert_eq!(crate::Retirements::<Test>::get(0).unwrap().batch, 1);
	});
}

#[test]
fn transfer_and_retire_retires_for_the_recipient() {
	with_batch(|| {
		assert_ok!(Certificates::transfer_and_retire(
			RuntimeOrigin::signed(owner()),
			0,
			company(),
			1_000,
			claim(Purpose::Consumption)
		));
		let retirement = crate::Retirements::<Test>::get(0).unwrap();
		assert_eq!(
			(retirement.retirer.clone(), retirement.claim.beneficiary),
			(company(), Some(company()))
		);
		// Security review L-3: the record names who sent them for retirement.
		assert_eq!(retirement.sent_by, Some(owner()));
		assert_eq!(holding(&company(), 0), 0);
		assert_eq!(crate::Batches::<Test>::get(0).unwrap().supply.retired, 1_000);
		assert_noop!(
			Certificates::transfer_and_retire(
				RuntimeOrigin::signed(owner()),
				0,
				company(),
				4_001,
				claim(Purpose::Consumption)
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

use super::*;

/// Period 0 with 500 Wh metered, then the blocks that end and close it.
fn consume_500_and_close() {
	consume_500_after_and_close(START);
}

/// Blocks from `after` on: 500 Wh metered in period 0, then the blocks that end it and
/// close it (or, while the reserve's draw goes on, draw on it).
fn consume_500_after_and_close(after: UnixTime) {
	block(after + 6, 0);
	read(NODE, 500, after + 3_600);
	block(START + DAY, 0);
	block(START + DAY + 6, 0);
}

#[test]
fn the_first_block_after_the_end_closes_the_period_from_the_reserve_oldest_first() {
	metered_only(|| {
		mint_one_mwh();
		read(PV, 2_000_000, START + 2 * 3_600);
		let reserve = ReserveAccount::get();
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(producer()),
			1,
			reserve.clone(),
			1_000_000
		));
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(producer()),
			0,
			reserve.clone(),
			300
		));
		consume_500_and_close();

		let closed = period(0);
		assert!(closed.closed);
		assert_eq!((closed.offset_wh, closed.reserve_wh, closed.shortfall_wh), (500, 500, 0));
		assert_eq!(holding(&reserve, 0), 0, "the older batch went first");
		assert_eq!(holding(&reserve, 1), 999_800);
		let retirement = Certificates::retirement(0).expect("the reserve retired batch 0");
		assert_eq!(retirement.claim.purpose, pallet_certificates::Purpose::ChainNeutrality);
		assert_eq!(retirement.claim.consumption_period, Some((START, START + DAY)));
		assert_eq!(retirement.claim.beneficiary, Some(reserve));
		System::assert_has_event(
			Event::PeriodClosed {
				period: 0,
				metered_wh: 500,
				modelled_wh: 0,
				offset_wh: 500,
				reserve_wh: 500,
				shortfall_wh: 0,
				surplus_wh: 0,
			}
			.into(),
		);
		assert_eq!(CurrentPeriod::<Test>::get(), Some(1));
		assert_eq!((period(1).start, period(1).closed), (START + DAY, false));
		assert!(Footprint::neutrality_status().neutral);
	})
}

#[test]
fn an_empty_reserve_records_a_shortfall_and_the_chain_goes_on() {
	metered_only(|| {
		consume_500_and_close();
		let closed = period(0);
		assert_eq!((closed.reserve_wh, closed.shortfall_wh, closed.closed), (0, 500, true));
		assert_eq!(Footprint::neutrality_status().deficit_wh, 500);
		block(START + DAY + 12, 0);
		assert_eq!(System::block_number(), 5);
	})
}

#[test]
fn a_small_reserve_covers_what_it_holds() {
	metered_only(|| {
		mint_one_mwh();
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(producer()),
			0,
			ReserveAccount::get(),
			200
		));
		consume_500_and_close();
		let closed = period(0);
		assert_eq!((closed.reserve_wh, closed.shortfall_wh), (200, 300));
		assert_eq!(Footprint::neutrality_status().deficit_wh, 300);
	})
}

/// Five 1 MWh batches of the solar park, 12 minutes apart (ids 0..5, oldest first); the
/// reserve gets `front` Wh of each of the first four and all of the fifth.
fn reserve_with_four_in_front(front: Wh) {
	for h in 1..=5 {
		read(PV, h * 1_000_000, START + h * 720);
	}
	let reserve = ReserveAccount::get();
	for batch in 0..4 {
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(producer()),
			batch,
			reserve.clone(),
			front
		));
	}
	assert_ok!(Certificates::transfer(RuntimeOrigin::signed(producer()), 4, reserve, 1_000_000));
}

/// M-3: 1 Wh of each of four older batches, sent to the reserve, take the first places of
/// its draw (`MaxBatchesPerCall` = 4); the period stays open and the next block draws on the
/// rest, so the reserve covers the deficit rather than record a shortfall it could cover.
#[test]
fn m3_dust_does_not_stop_the_reserve() {
	metered_only(|| {
		reserve_with_four_in_front(1);
		consume_500_after_and_close(START + 3_600);
		assert!(!period(0).closed);
		assert_eq!(CurrentPeriod::<Test>::get(), Some(0));
		System::assert_has_event(
			Event::ReserveDrawnInPart { period: 0, reserve_wh: 4, deficit_wh: 496 }.into(),
		);
		block(START + DAY + 12, 0);
		let closed = period(0);
		assert_eq!((closed.reserve_wh, closed.shortfall_wh, closed.closed), (500, 0, true));
		assert_eq!(closed.offset_wh, 500);
		assert_eq!(holding(&ReserveAccount::get(), 4), 999_504);
		assert_eq!(CurrentPeriod::<Test>::get(), Some(1));
		assert!(Footprint::neutrality_status().neutral);
	})
}

/// M-3: the reserve's holdings of revoked (or expired) batches are pruned as its draw meets
/// them, so they never stall a close.
#[test]
fn m3_dead_holdings_in_the_reserve_are_pruned_by_its_draw() {
	metered_only(|| {
		reserve_with_four_in_front(1_000);
		for batch in 0..4 {
			assert_ok!(Certificates::revoke(
				RuntimeOrigin::signed(issuer()),
				batch,
				b"meter fault".to_vec()
			));
		}
		consume_500_after_and_close(START + 3_600);
		let reserve = ReserveAccount::get();
		for batch in 0..4 {
			assert_eq!(holding(&reserve, batch), 0);
			System::assert_has_event(
				pallet_certificates::Event::HoldingRevoked {
					batch,
					holder: reserve.clone(),
					wh: 1_000,
				}
				.into(),
			);
		}
		System::assert_has_event(
			Event::ReserveDrawnInPart { period: 0, reserve_wh: 0, deficit_wh: 500 }.into(),
		);
		block(START + DAY + 12, 0);
		assert_eq!((period(0).reserve_wh, period(0).shortfall_wh), (500, 0));
		assert_eq!(holding(&reserve, 4), 999_500);
	})
}

#[test]
fn a_surplus_carries_over_and_the_reserve_is_not_drawn() {
	metered_only(|| {
		mint_one_mwh();
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(producer()),
			0,
			2_000,
			neutrality_claim()
		));
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(producer()),
			0,
			ReserveAccount::get(),
			1_000
		));
		consume_500_and_close();
		assert_eq!(
			(period(0).reserve_wh, period(0).shortfall_wh, period(0).surplus_wh),
			(0, 0, 1_500)
		);
		read(NODE, 1_500, START + DAY + 3_600);
		block(START + DAY + 3_606, 0);
		let status = Footprint::neutrality_status();
		assert!(status.neutral);
		assert_eq!((status.accounted_wh, status.offset_wh), (1_500, 2_000));
		assert_eq!(holding(&ReserveAccount::get(), 0), 1_000);
	})
}

#[test]
fn a_halted_chain_resumes_in_the_period_of_its_time() {
	metered_only(|| {
		block(START + 6, 0);
		block(START + 10 * DAY, 0);
		block(START + 10 * DAY + 6, 0);
		assert_eq!(CurrentPeriod::<Test>::get(), Some(1));
		assert_eq!(period(1).start, START + 10 * DAY);
	})
}

#[test]
fn history_pages_oldest_first() {
	metered_only(|| {
		for day in 0..3 {
			block(START + day * DAY, 0);
			block(START + day * DAY + 6, 0);
		}
		let ids =
			|page: Vec<(u32, PeriodRecord)>| page.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
		assert_eq!(ids(Footprint::period_history(None, 2)), vec![0, 1]);
		assert_eq!(ids(Footprint::period_history(Some(1), 2)), vec![2]);
		assert_eq!(ids(Footprint::period_history(Some(2), 2)), Vec::<u32>::new());
		assert_eq!(ids(Footprint::period_history(Some(u32::MAX), 2)), Vec::<u32>::new());
	})
}

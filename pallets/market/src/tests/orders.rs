//! Placing and closing asks and bids.

use super::*;

#[test]
fn an_ask_lists_its_certificates_until_it_closes() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let (_, expiry) = expiring_ask(batch, 3_000);
		System::assert_last_event(
			Event::AskPlaced {
				ask: 0,
				seller: owner(),
				batch,
				wh: 3_000,
				price_per_mwh: PRICE,
				expires_at: Some(expiry),
				auction: None,
			}
			.into(),
		);
		assert_eq!((holding(&owner(), batch), listed(&owner(), batch)), (5_000, 3_000));
		// Listed certificates do not move outside the market.
		assert_noop!(
			Certificates::transfer(RuntimeOrigin::signed(owner()), batch, company(), 2_001),
			pallet_certificates::Error::<Test>::ListedForSale
		);
		assert_eq!(OrderCount::<Test>::get(owner()), 1);
		assert_ok!(Market::close_order(RuntimeOrigin::signed(owner()), 0));
		System::assert_last_event(
			Event::OrderClosed {
				order: 0,
				owner: owner(),
				reason: CloseReason::Cancelled,
				wh_returned: 3_000,
				released: 0,
			}
			.into(),
		);
		assert_eq!(listed(&owner(), batch), 0);
		assert_eq!(OrderCount::<Test>::get(owner()), 0);
		assert_noop!(
			Market::close_order(RuntimeOrigin::signed(owner()), 0),
			Error::<Test>::UnknownOrder
		);
	});
}

#[test]
fn a_bad_ask_is_refused_and_changes_nothing() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let place = |wh, price, expiry| {
			Market::place_ask(RuntimeOrigin::signed(owner()), batch, wh, price, expiry)
		};
		assert_noop!(place(0, PRICE, None), Error::<Test>::ZeroAmount);
		assert_noop!(place(1_000, 0, None), Error::<Test>::ZeroPrice);
		assert_noop!(place(1_000, PRICE + 1, None), Error::<Test>::PriceOffTick);
		assert_noop!(place(1_000, PRICE, Some(now())), Error::<Test>::ExpiryInPast);
		assert_noop!(place(5_001, PRICE, None), Error::<Test>::InsufficientHolding);
		assert_noop!(
			Market::place_ask(RuntimeOrigin::signed(owner()), 9, 1, PRICE, None),
			Error::<Test>::UnknownBatch
		);
		assert_noop!(
			Market::place_ask(RuntimeOrigin::signed(company()), batch, 1, PRICE, None),
			Error::<Test>::InsufficientHolding
		);
		// Listed once: the rest of the holding does not cover a second listing of it.
		ask(&owner(), batch, 4_000);
		assert_noop!(place(1_001, PRICE, None), Error::<Test>::InsufficientHolding);
		// At most four orders per account in the mock.
		for _ in 0..3 {
			ask(&owner(), batch, 250);
		}
		assert_noop!(place(250, PRICE, None), Error::<Test>::TooManyOrders);
	});
}

#[test]
fn an_expired_or_revoked_batch_cannot_be_listed() {
	ExtBuilder.build_and_execute(|| {
		let revoked = produce(0, 5);
		assert_ok!(Certificates::revoke(
			RuntimeOrigin::signed(issuer()),
			revoked,
			b"meter fault".to_vec()
		));
		assert_noop!(
			Market::place_ask(RuntimeOrigin::signed(owner()), revoked, 1, PRICE, None),
			Error::<Test>::BatchNotLive
		);
		let old = produce(0, 5);
		set_time(AFTER_EXPIRY);
		assert_noop!(
			Market::place_ask(RuntimeOrigin::signed(owner()), old, 1, PRICE, None),
			Error::<Test>::BatchNotLive
		);
	});
}

#[test]
fn anyone_closes_an_expired_ask_or_one_whose_batch_died() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let (_, expiry) = expiring_ask(batch, 2_000);
		let standing = ask(&owner(), batch, 3_000);
		let anyone = RuntimeOrigin::signed(account("Anyone"));
		assert_noop!(Market::close_order(anyone.clone(), 0), Error::<Test>::NotOrderOwner);
		set_time(expiry);
		assert_ok!(Market::close_order(anyone.clone(), 0));
		System::assert_last_event(
			Event::OrderClosed {
				order: 0,
				owner: owner(),
				reason: CloseReason::Expired,
				wh_returned: 2_000,
				released: 0,
			}
			.into(),
		);
		assert_noop!(Market::close_order(anyone.clone(), standing), Error::<Test>::NotOrderOwner);
		assert_ok!(Certificates::revoke(
			RuntimeOrigin::signed(issuer()),
			batch,
			b"meter fault".to_vec()
		));
		assert_ok!(Market::close_order(anyone, standing));
		System::assert_last_event(
			Event::OrderClosed {
				order: standing,
				owner: owner(),
				reason: CloseReason::BatchNotLive,
				wh_returned: 3_000,
				released: 0,
			}
			.into(),
		);
		// Returned, the revoked certificates are pruned as any others.
		assert_ok!(Certificates::prune(RuntimeOrigin::signed(bakery()), vec![(owner(), batch)]));
		assert_eq!(holding(&owner(), batch), 0);
	});
}

#[test]
fn a_bid_holds_its_cost_until_it_closes() {
	ExtBuilder.build_and_execute(|| {
		let expiry = now() + HOUR;
		assert_ok!(Market::place_bid(
			RuntimeOrigin::signed(bakery()),
			2_000,
			PRICE,
			any(),
			Some(expiry),
			Some(consumption())
		));
		let cost = PRICE * 2_000 / 1_000_000;
		System::assert_last_event(
			Event::BidPlaced {
				bid: 0,
				buyer: bakery(),
				wh: 2_000,
				max_price_per_mwh: PRICE,
				held: cost,
				expires_at: Some(expiry),
				retires: true,
				auction: None,
			}
			.into(),
		);
		assert_eq!((free(&bakery()), held(&bakery())), (ENDOWMENT - cost, cost));
		let anyone = RuntimeOrigin::signed(account("Anyone"));
		assert_noop!(Market::close_order(anyone.clone(), 0), Error::<Test>::NotOrderOwner);
		set_time(expiry);
		assert_ok!(Market::close_order(anyone, 0));
		System::assert_last_event(
			Event::OrderClosed {
				order: 0,
				owner: bakery(),
				reason: CloseReason::Expired,
				wh_returned: 0,
				released: cost,
			}
			.into(),
		);
		assert_eq!((free(&bakery()), held(&bakery())), (ENDOWMENT, 0));
		let cancelled = bid(&bakery(), 1_000, any());
		assert_ok!(Market::close_order(RuntimeOrigin::signed(bakery()), cancelled));
		assert_eq!((free(&bakery()), held(&bakery())), (ENDOWMENT, 0));
		assert!(Bids::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_bad_bid_is_refused_and_changes_nothing() {
	ExtBuilder.build_and_execute(|| {
		let place = |wh, price, filters, expiry, claim| {
			Market::place_bid(RuntimeOrigin::signed(bakery()), wh, price, filters, expiry, claim)
		};
		assert_noop!(place(0, PRICE, any(), None, None), Error::<Test>::ZeroAmount);
		assert_noop!(place(1, 0, any(), None, None), Error::<Test>::ZeroPrice);
		assert_noop!(place(1, 999_999, any(), None, None), Error::<Test>::PriceOffTick);
		assert_noop!(place(1, PRICE, any(), Some(now()), None), Error::<Test>::ExpiryInPast);
		let four_zones = FiltersInput { zones: vec![zone("US-FL"); 4], ..any() };
		assert_noop!(place(1, PRICE, four_zones, None, None), Error::<Test>::TooManyFilterItems);
		let four_devices = FiltersInput { devices: vec![0, 1, 2, 3], ..any() };
		assert_noop!(place(1, PRICE, four_devices, None, None), Error::<Test>::TooManyFilterItems);
		let bad_zone = FiltersInput {
			zones: vec![origo_primitives::registry::Zone(*b"us fl\0\0\0")],
			..any()
		};
		assert_noop!(place(1, PRICE, bad_zone, None, None), Error::<Test>::InvalidZone);
		let inverted =
			FiltersInput { produced_from: Some(START + 1), produced_until: Some(START), ..any() };
		assert_noop!(place(1, PRICE, inverted, None, None), Error::<Test>::InvalidWindow);
		let mut long = consumption();
		long.message = vec![b'x'; 33];
		assert_noop!(
			place(1, PRICE, any(), None, Some(long)),
			pallet_certificates::Error::<Test>::TextTooLong
		);
		// The endowment buys 200 MWh at 5,000 plancks per Wh; the account must stay alive.
		assert_noop!(
			place(200_000_000, PRICE, any(), None, None),
			Error::<Test>::InsufficientFunds
		);
		assert_noop!(
			place(Wh::MAX, u128::MAX / 1_000_000 * 1_000_000, any(), None, None),
			Error::<Test>::Overflow
		);
		for _ in 0..4 {
			bid(&bakery(), 1, any());
		}
		assert_noop!(place(1, PRICE, any(), None, None), Error::<Test>::TooManyOrders);
	});
}

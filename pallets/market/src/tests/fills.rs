//! Direct fills, settlement and the fee.

use super::*;

#[docify::export]
#[test]
fn a_buyer_takes_part_of_an_ask_and_retires_it() {
	ExtBuilder.build_and_execute(|| {
		// The rooftop's meter proved 5 kWh in an hour: a batch of 5,000 Wh, listed at 5,000
		// plancks per Wh (5,000 ORI-plancks x 10^6 per MWh).
		let batch = produce(0, 5);
		assert_ok!(Market::place_ask(RuntimeOrigin::signed(owner()), batch, 5_000, PRICE, None));

		// The bakery buys 2,000 Wh at no more than the ask's price and retires them at once.
		assert_ok!(Market::buy(
			RuntimeOrigin::signed(bakery()),
			0,
			2_000,
			PRICE,
			Some(consumption())
		));

		let payment = 5_000 * 2_000;
		System::assert_last_event(
			Event::Traded {
				trade: 0,
				ask: Some(0),
				bid: None,
				batch,
				seller: owner(),
				buyer: bakery(),
				wh: 2_000,
				price_per_mwh: PRICE,
				payment,
				fee: 0,
				retirement: Some(0),
			}
			.into(),
		);
		assert_eq!(free(&bakery()), ENDOWMENT - payment);
		assert_eq!(free(&owner()), ENDOWMENT + payment);
		let retirement = pallet_certificates::Retirements::<Test>::get(0).expect("retired");
		assert_eq!(retirement.claim.beneficiary, Some(bakery()));
		assert_eq!((retirement.retirer, retirement.sent_by), (bakery(), Some(owner())));
		// The rest of the ask stands, still listed.
		assert_eq!(Asks::<Test>::get(0).map(|ask| ask.wh), Some(3_000));
		assert_eq!((holding(&owner(), batch), listed(&owner(), batch)), (3_000, 3_000));
		let trade = crate::Trades::<Test>::get(0).expect("recorded");
		assert_eq!((trade.payment, trade.retirement), (payment, Some(0)));
	});
}

#[test]
fn buying_an_ask_whole_closes_it_and_delivers_the_certificates() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let order = ask(&owner(), batch, 5_000);
		assert_ok!(Market::buy(RuntimeOrigin::signed(company()), order, 5_000, PRICE * 2, None));
		assert!(!Asks::<Test>::contains_key(order));
		assert_eq!(OrderCount::<Test>::get(owner()), 0);
		assert_eq!(holding(&company(), batch), 5_000);
		assert_eq!((holding(&owner(), batch), listed(&owner(), batch)), (0, 0));
		// The buyer paid the ask's price, not its limit.
		assert_eq!(free(&company()), ENDOWMENT - 5_000 * 5_000);
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(company()), batch, bakery(), 1));
	});
}

#[test]
fn a_bad_buy_is_refused_and_changes_nothing() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let (_, expiry) = expiring_ask(batch, 3_000);
		let buy = |who: AccountId, order, wh, limit| {
			Market::buy(RuntimeOrigin::signed(who), order, wh, limit, None)
		};
		assert_noop!(buy(bakery(), 0, 0, PRICE), Error::<Test>::ZeroAmount);
		assert_noop!(buy(bakery(), 7, 1, PRICE), Error::<Test>::UnknownOrder);
		assert_noop!(buy(owner(), 0, 1, PRICE), Error::<Test>::OwnOrder);
		assert_noop!(buy(bakery(), 0, 3_001, PRICE), Error::<Test>::ExceedsOrder);
		assert_noop!(buy(bakery(), 0, 1, PRICE - 1_000_000), Error::<Test>::PriceAboveLimit);
		let poor = account("Poor");
		assert_noop!(buy(poor, 0, 1, PRICE), Error::<Test>::InsufficientFunds);
		let mut long = consumption();
		long.beneficiary_name = Some(vec![b'x'; 33]);
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(bakery()), 0, 1, PRICE, Some(long)),
			pallet_certificates::Error::<Test>::TextTooLong
		);
		// A bid of another of the owner's orders is not an ask.
		let other = bid(&company(), 1, any());
		assert_noop!(buy(bakery(), other, 1, PRICE), Error::<Test>::UnknownOrder);
		set_time(expiry);
		assert_noop!(buy(bakery(), 0, 1, PRICE), Error::<Test>::OrderExpired);
	});
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let order = ask(&owner(), batch, 3_000);
		assert_ok!(Certificates::revoke(RuntimeOrigin::signed(issuer()), batch, b"fault".to_vec()));
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(bakery()), order, 1, PRICE, None),
			Error::<Test>::BatchNotLive
		);
	});
}

#[test]
fn a_seller_fills_a_bid_that_accepts_its_batch_and_is_paid_from_the_hold() {
	ExtBuilder.build_and_execute(|| {
		let local = produce(0, 5);
		let far = produce(1, 5);
		let filters = FiltersInput {
			zones: vec![zone("US-FL")],
			technologies: vec![Technology::SolarPv],
			devices: vec![0],
			..any()
		};
		assert_ok!(Market::place_bid(
			RuntimeOrigin::signed(bakery()),
			3_000,
			PRICE,
			filters,
			None,
			Some(consumption())
		));
		assert_noop!(
			Market::sell(RuntimeOrigin::signed(neighbour()), 0, far, 1_000, PRICE),
			Error::<Test>::FiltersUnmet
		);
		assert_ok!(Market::sell(RuntimeOrigin::signed(owner()), 0, local, 1_000, PRICE));
		let payment = 5_000 * 1_000;
		assert_eq!(held(&bakery()), 5_000 * 2_000, "the rest of the bid stays held");
		assert_eq!(free(&bakery()), ENDOWMENT - 5_000 * 3_000);
		assert_eq!(free(&owner()), ENDOWMENT + payment);
		let retirement = pallet_certificates::Retirements::<Test>::get(0).expect("retired on fill");
		assert_eq!((retirement.retirer, retirement.wh), (bakery(), 1_000));
		assert_ok!(Market::sell(RuntimeOrigin::signed(owner()), 0, local, 2_000, 0));
		assert!(!Bids::<Test>::contains_key(0), "filled whole");
		assert_eq!((free(&bakery()), held(&bakery())), (ENDOWMENT - 5_000 * 3_000, 0));
		assert_eq!(holding(&owner(), local), 2_000);
	});
}

#[test]
fn a_bid_accepts_only_batches_its_filters_accept() {
	ExtBuilder.build_and_execute(|| {
		let first = produce(0, 5);
		let later = produce(0, 5);
		let end_of_first = now() - HOUR;
		let cases: Vec<(FiltersInput, bool)> = vec![
			(FiltersInput { zones: vec![zone("US-NC")], ..any() }, false),
			(FiltersInput { technologies: vec![Technology::WindOnshore], ..any() }, false),
			(FiltersInput { devices: vec![1], ..any() }, false),
			(FiltersInput { produced_from: Some(end_of_first + 1), ..any() }, false),
			(FiltersInput { produced_until: Some(end_of_first - 1), ..any() }, false),
			(FiltersInput { produced_until: Some(end_of_first), ..any() }, true),
			(FiltersInput { max_age: Some(HOUR - 1), ..any() }, false),
			(FiltersInput { max_age: Some(HOUR), ..any() }, true),
		];
		for (filters, accepts) in cases {
			let order = bid(&bakery(), 1, filters.clone());
			let sold = Market::sell(RuntimeOrigin::signed(owner()), order, first, 1, PRICE);
			if accepts {
				assert_ok!(sold);
			} else {
				assert_eq!(sold, Err(Error::<Test>::FiltersUnmet.into()), "{filters:?}");
				assert_ok!(Market::close_order(RuntimeOrigin::signed(bakery()), order));
			}
		}
		assert_eq!(holding(&owner(), later), 5_000);
	});
}

#[test]
fn a_bad_sale_is_refused_and_changes_nothing() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let other = produce(1, 5);
		let expiry = now() + HOUR;
		assert_ok!(Market::place_bid(
			RuntimeOrigin::signed(bakery()),
			2_000,
			PRICE,
			FiltersInput { zones: vec![zone("US-FL")], ..any() },
			Some(expiry),
			None
		));
		let sell = |who: AccountId, order, batch, wh, limit| {
			Market::sell(RuntimeOrigin::signed(who), order, batch, wh, limit)
		};
		assert_noop!(sell(owner(), 0, batch, 0, PRICE), Error::<Test>::ZeroAmount);
		assert_noop!(sell(owner(), 5, batch, 1, PRICE), Error::<Test>::UnknownOrder);
		assert_noop!(sell(bakery(), 0, batch, 1, PRICE), Error::<Test>::OwnOrder);
		assert_noop!(sell(owner(), 0, batch, 2_001, PRICE), Error::<Test>::ExceedsOrder);
		assert_noop!(sell(owner(), 0, batch, 1, PRICE + 1_000_000), Error::<Test>::PriceBelowLimit);
		assert_noop!(sell(owner(), 0, 9, 1, PRICE), Error::<Test>::UnknownBatch);
		assert_noop!(sell(neighbour(), 0, other, 1, PRICE), Error::<Test>::FiltersUnmet);
		assert_noop!(sell(company(), 0, batch, 1, PRICE), Error::<Test>::InsufficientHolding);
		ask(&owner(), batch, 4_000);
		assert_noop!(sell(owner(), 0, batch, 1_001, PRICE), Error::<Test>::InsufficientHolding);
		assert_ok!(Certificates::revoke(RuntimeOrigin::signed(issuer()), other, b"fault".to_vec()));
		let any_bid = bid(&company(), 1, any());
		assert_noop!(sell(neighbour(), any_bid, other, 1, PRICE), Error::<Test>::BatchNotLive);
		set_time(expiry);
		assert_noop!(sell(owner(), 0, batch, 1, PRICE), Error::<Test>::OrderExpired);
	});
}

#[test]
fn the_fee_goes_to_its_destination_out_of_the_payment_rounded_down() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Market::set_fee(RuntimeOrigin::signed(owner()), Permill::from_percent(1)),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Market::set_fee(RuntimeOrigin::root(), Permill::from_parts(50_001)),
			Error::<Test>::FeeTooHigh
		);
		// 3.3333 %: a fee with a remainder.
		let fee = Permill::from_parts(33_333);
		assert_ok!(Market::set_fee(RuntimeOrigin::root(), fee));
		System::assert_last_event(Event::FeeSet { fee }.into());
		let batch = produce(0, 5);
		let order = ask(&owner(), batch, 5_000);
		let issuance = Balances::total_issuance();
		assert_ok!(Market::buy(RuntimeOrigin::signed(company()), order, 7, PRICE, None));
		let payment: Balance = 5_000 * 7;
		// 35,000 x 0.033333 = 1,166.655: the destination gets 1,166, the seller the rest.
		let fee_paid: Balance = 1_166;
		assert_eq!(free(&treasury()), ENDOWMENT + fee_paid);
		// The seller also holds the deposit of the buyer's new holding, as any sender does.
		assert_eq!(Balances::total_balance(&owner()), ENDOWMENT + payment - fee_paid);
		assert_eq!(free(&company()), ENDOWMENT - payment);
		assert_eq!(Balances::total_issuance(), issuance, "no planck created or lost");
		let trade = crate::Trades::<Test>::get(0).unwrap();
		assert_eq!((trade.payment, trade.fee), (payment, fee_paid));
	});
}

#[test]
fn every_payment_is_exact() {
	// Prices are whole plancks per Wh, so price x Wh / 10^6 never rounds: the buyer pays exactly
	// what its limit allows at most, and the seller receives exactly its ask.
	for (wh, price) in
		[(1, 1_000_000), (7, 5_000_000_000), (999_999, 3_000_000), (u32::MAX as Wh, 10u128.pow(18))]
	{
		let cost = crate::Pallet::<Test>::cost(wh, price).unwrap();
		assert_eq!(cost * 1_000_000, price * wh as Balance);
	}
	assert!(matches!(
		crate::Pallet::<Test>::cost(Wh::MAX, u128::MAX),
		Err(Error::<Test>::Overflow)
	));
}

use sp_runtime::Permill;

/// Indexers page through every order, trade and retirement's trade by runs of ids.
#[test]
fn runs_of_ids_page_through_orders_trades_and_the_trades_of_retirements() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let sold = ask(&owner(), batch, 5_000);
		let standing = bid(&company(), 1_000, any());
		// Trade 0 retires (retirement 0); trade 1 takes the rest and closes the ask.
		assert_ok!(Market::buy(
			RuntimeOrigin::signed(bakery()),
			sold,
			2_000,
			PRICE,
			Some(consumption())
		));
		assert_ok!(Market::buy(RuntimeOrigin::signed(bakery()), sold, 3_000, PRICE, None));
		// Retirement 1 is made without the market: it has no trade.
		assert_ok!(Certificates::retire(RuntimeOrigin::signed(bakery()), batch, 1, consumption()));

		let order_ids = |first, count| -> Vec<u64> {
			Market::orders_from(first, count).iter().map(|order| order.id()).collect()
		};
		// The filled ask is gone; the open bid stays; nothing beyond the next id.
		assert_eq!(order_ids(0, 10), vec![standing]);
		assert_eq!(order_ids(0, 1), Vec::<u64>::new());
		assert!(Market::orders_from(u64::MAX, u32::MAX).is_empty());

		let trades = Market::trades_from(0, 10);
		assert_eq!(trades.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![0, 1]);
		assert_eq!(Market::trades_from(1, 1), vec![(1, crate::Trades::<Test>::get(1).unwrap())]);
		assert!(Market::trades_from(2, 10).is_empty());

		let trade = crate::Trades::<Test>::get(0).unwrap();
		assert_eq!(Market::retirement_trades_from(0, 10), vec![(0, 0, trade)]);
		assert!(Market::retirement_trades_from(1, 10).is_empty());
		assert!(Market::retirement_trades_from(u64::MAX, u32::MAX).is_empty());
	});
}

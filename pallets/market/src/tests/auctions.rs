//! Local auctions: the clearing rule on known books, its errors, `on_idle`, and property tests
//! against a brute-force reference auction written independently here.

use super::*;
use crate::{
	features::auctions::{match_book, BookEntry},
	AuctionBooks, AuctionOrders, Clearing, Clearings, Segment, PRICE_TICK,
};
use frame_support::{
	traits::{Get, Hooks},
	weights::Weight,
};
use origo_primitives::registry::Zone;
use std::collections::BTreeMap;

/// Solar certificates of `US-FL`.
fn florida() -> Segment {
	Segment { zone: zone("US-FL"), technology: Technology::SolarPv }
}

/// Solar certificates of `US-NC`.
fn carolina() -> Segment {
	Segment { zone: zone("US-NC"), technology: Technology::SolarPv }
}

/// `plancks_per_wh` as a price per MWh.
fn per_wh(plancks_per_wh: Balance) -> Balance {
	plancks_per_wh * PRICE_TICK as Balance
}

/// An auction ask of `seller`: its id.
fn auction_ask(seller: &AccountId, batch: u64, wh: Wh, plancks_per_wh: Balance) -> u64 {
	assert_ok!(Market::place_auction_ask(
		RuntimeOrigin::signed(seller.clone()),
		batch,
		wh,
		per_wh(plancks_per_wh),
		None
	));
	crate::NextOrderId::<Test>::get() - 1
}

/// An auction bid of `buyer` in `segment`: its id.
fn auction_bid(
	buyer: &AccountId,
	segment: Segment,
	wh: Wh,
	plancks_per_wh: Balance,
	claim: Option<Claim<AccountId, Vec<u8>>>,
) -> u64 {
	assert_ok!(Market::place_auction_bid(
		RuntimeOrigin::signed(buyer.clone()),
		segment.zone,
		segment.technology,
		wh,
		per_wh(plancks_per_wh),
		None,
		claim
	));
	crate::NextOrderId::<Test>::get() - 1
}

/// The clock moves to the start of the next period.
fn next_period() {
	set_time((now() / HOUR + 1) * HOUR);
}

/// Clears `segment`'s auction as anyone, for free.
fn clear(segment: Segment) {
	let info = Market::clear_auction(
		RuntimeOrigin::signed(account("Anyone")),
		segment.zone,
		segment.technology,
	)
	.expect("the auction is due");
	assert_eq!(info.pays_fee, frame_support::dispatch::Pays::No);
}

/// The `Traded` events so far: (ask, bid, seller, buyer, Wh, price per MWh).
fn auction_trades() -> Vec<(u64, u64, AccountId, AccountId, Wh, Balance)> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Market(Event::Traded {
				ask: Some(ask),
				bid: Some(bid),
				seller,
				buyer,
				wh,
				price_per_mwh,
				..
			}) => Some((ask, bid, seller, buyer, wh, price_per_mwh)),
			_ => None,
		})
		.collect()
}

#[test]
fn an_auction_clears_at_the_midpoint_of_its_marginal_orders() {
	ExtBuilder.build_and_execute(|| {
		let second = rooftop(&company(), "US-FL");
		let cheap = produce(0, 3);
		let dear = produce(second, 2);
		let owners_ask = auction_ask(&owner(), cheap, 3_000, 4_000);
		let companys_ask = auction_ask(&company(), dear, 2_000, 6_000);
		let bakerys_bid = auction_bid(&bakery(), florida(), 4_000, 7_000, Some(consumption()));
		let anyones_bid = auction_bid(&account("Anyone"), florida(), 2_000, 5_000, None);
		System::assert_last_event(
			Event::BidPlaced {
				bid: anyones_bid,
				buyer: account("Anyone"),
				wh: 2_000,
				max_price_per_mwh: per_wh(5_000),
				held: 10_000_000,
				expires_at: None,
				retires: false,
				auction: Some(florida()),
			}
			.into(),
		);
		let period_start = now() / HOUR * HOUR;
		let period_end = period_start + HOUR;
		next_period();
		clear(florida());

		// Bids 7,000 then 5,000; asks 4,000 then 6,000: the bakery takes the owner's 3 kWh and
		// 1 kWh of the company's; 5,000 < 6,000 stops it. Marginal: 7,000 and 6,000: 6,500.
		let price = per_wh(6_500);
		assert_eq!(
			auction_trades(),
			vec![
				(owners_ask, bakerys_bid, owner(), bakery(), 3_000, price),
				(companys_ask, bakerys_bid, company(), bakery(), 1_000, price),
			]
		);
		System::assert_last_event(
			Event::AuctionCleared {
				zone: zone("US-FL"),
				technology: Technology::SolarPv,
				period_start,
				period_end,
				price_per_mwh: Some(price),
				wh: 4_000,
				trades: 2,
			}
			.into(),
		);
		assert_eq!(
			Clearings::<Test>::get(florida()),
			Some(Clearing { period_start, period_end, price_per_mwh: price, wh: 4_000, trades: 2 })
		);
		// The bakery paid 6,500 a Wh, not its 7,000: the rest of its hold came back.
		assert_eq!((free(&bakery()), held(&bakery())), (ENDOWMENT - 26_000_000, 0));
		assert_eq!(Balances::total_balance(&owner()), ENDOWMENT + 19_500_000);
		assert!(pallet_certificates::Retirements::<Test>::iter_values().count() == 2);
		// The rest waits for the next period: 1 kWh at 6,000, and the 2 kWh bid at 5,000.
		assert_eq!(Asks::<Test>::get(companys_ask).map(|ask| ask.wh), Some(1_000));
		assert_eq!(Bids::<Test>::get(anyones_bid).map(|bid| bid.wh), Some(2_000));
		assert!(
			!Asks::<Test>::contains_key(owners_ask) && !Bids::<Test>::contains_key(bakerys_bid)
		);
		assert_eq!(AuctionBooks::<Test>::get(florida()).map(|book| book.orders), Some(2));
	});
}

#[test]
fn an_auction_clears_once_a_period_the_orders_placed_before_it_ended() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 4);
		auction_ask(&owner(), batch, 4_000, 4_000);
		auction_bid(&bakery(), florida(), 1_000, 5_000, None);
		let anyone = RuntimeOrigin::signed(account("Anyone"));
		let clear_now = || {
			Market::clear_auction(anyone.clone(), zone("US-FL"), Technology::SolarPv)
				.map_err(|error| error.error)
		};
		// Placed in this period: they wait for it to end.
		assert_noop!(clear_now(), Error::<Test>::AuctionNotDue);
		next_period();
		clear(florida());
		assert_eq!(auction_trades().len(), 1);
		// Once a period.
		assert_noop!(clear_now(), Error::<Test>::AuctionNotDue);
		// A bid placed now waits for the next clearing.
		auction_bid(&company(), florida(), 1_000, 5_000, None);
		next_period();
		clear(florida());
		assert_eq!(auction_trades().len(), 2);
		// No orders, nothing to clear.
		assert_noop!(
			Market::clear_auction(anyone, zone("US-NC"), Technology::SolarPv)
				.map_err(|error| error.error),
			Error::<Test>::AuctionNotDue
		);
	});
}

#[test]
fn ties_go_to_the_order_placed_first() {
	ExtBuilder.build_and_execute(|| {
		let second = rooftop(&company(), "US-FL");
		let later_batch = produce(second, 2);
		let earlier_batch = produce(0, 2);
		let first = auction_ask(&owner(), earlier_batch, 2_000, 4_000);
		auction_ask(&company(), later_batch, 2_000, 4_000);
		let bid = auction_bid(&bakery(), florida(), 1_500, 4_000, None);
		next_period();
		clear(florida());
		assert_eq!(auction_trades(), vec![(first, bid, owner(), bakery(), 1_500, per_wh(4_000))]);
	});
}

#[test]
fn a_clearing_closes_expired_orders_and_asks_of_dead_batches() {
	ExtBuilder.build_and_execute(|| {
		let revoked = produce(0, 2);
		let kept = produce(0, 3);
		let dead_ask = auction_ask(&owner(), revoked, 2_000, 4_000);
		let expiry = now() + HOUR / 2;
		assert_ok!(Market::place_auction_ask(
			RuntimeOrigin::signed(owner()),
			kept,
			3_000,
			per_wh(4_000),
			Some(expiry)
		));
		let expiring_ask = crate::NextOrderId::<Test>::get() - 1;
		assert_ok!(Market::place_auction_bid(
			RuntimeOrigin::signed(bakery()),
			zone("US-FL"),
			Technology::SolarPv,
			1_000,
			per_wh(5_000),
			Some(expiry),
			None
		));
		let expiring_bid = crate::NextOrderId::<Test>::get() - 1;
		assert_ok!(Certificates::revoke(
			RuntimeOrigin::signed(issuer()),
			revoked,
			b"audit".to_vec()
		));
		next_period();
		clear(florida());
		for (order, owner, reason, wh_returned, released) in [
			(dead_ask, owner(), CloseReason::BatchNotLive, 2_000, 0),
			(expiring_ask, owner(), CloseReason::Expired, 3_000, 0),
			(expiring_bid, bakery(), CloseReason::Expired, 0, 5_000_000),
		] {
			System::assert_has_event(
				Event::OrderClosed { order, owner, reason, wh_returned, released }.into(),
			);
		}
		assert!(auction_trades().is_empty());
		assert_eq!((listed(&owner(), kept), held(&bakery())), (0, 0));
		assert!(AuctionBooks::<Test>::get(florida()).is_none());
	});
}

#[test]
fn auction_orders_fill_only_in_their_auction() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 4);
		let ask = auction_ask(&owner(), batch, 2_000, 4_000);
		let bid = auction_bid(&bakery(), florida(), 1_000, 5_000, None);
		assert_noop!(
			Market::buy(RuntimeOrigin::signed(company()), ask, 1_000, per_wh(4_000), None),
			Error::<Test>::AuctionOrder
		);
		assert_noop!(
			Market::sell(RuntimeOrigin::signed(owner()), bid, batch, 1_000, per_wh(4_000)),
			Error::<Test>::AuctionOrder
		);
	});
}

#[test]
fn auction_orders_are_refused_on_bad_input() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 4);
		let owner_origin = RuntimeOrigin::signed(owner());
		let bakery_origin = RuntimeOrigin::signed(bakery());
		let fl = zone("US-FL");
		let solar = Technology::SolarPv;
		assert_noop!(
			Market::place_auction_ask(owner_origin.clone(), batch, 0, PRICE, None),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Market::place_auction_ask(owner_origin.clone(), batch, 5_000, PRICE, None),
			Error::<Test>::InsufficientHolding
		);
		assert_noop!(
			Market::place_auction_bid(bakery_origin.clone(), fl, solar, 1_000, 0, None, None),
			Error::<Test>::ZeroPrice
		);
		assert_noop!(
			Market::place_auction_bid(
				bakery_origin.clone(),
				fl,
				solar,
				1_000,
				PRICE + 1,
				None,
				None
			),
			Error::<Test>::PriceOffTick
		);
		assert_noop!(
			Market::place_auction_bid(
				bakery_origin.clone(),
				Zone([0; 8]),
				solar,
				1_000,
				PRICE,
				None,
				None
			),
			Error::<Test>::InvalidZone
		);
		assert_noop!(
			Market::place_auction_bid(
				bakery_origin.clone(),
				fl,
				solar,
				u64::MAX,
				PRICE,
				None,
				None
			),
			Error::<Test>::InsufficientFunds
		);
		// One side per account and auction: it would trade with itself.
		auction_ask(&owner(), batch, 1_000, 4_000);
		assert_noop!(
			Market::place_auction_bid(owner_origin.clone(), fl, solar, 1_000, PRICE, None, None),
			Error::<Test>::OppositeAuctionOrder
		);
		// The book is bounded.
		MaxAuctionOrders::set(2);
		auction_bid(&bakery(), florida(), 1_000, 5_000, None);
		assert_noop!(
			Market::place_auction_bid(
				RuntimeOrigin::signed(company()),
				fl,
				solar,
				1_000,
				PRICE,
				None,
				None
			),
			Error::<Test>::AuctionBookFull
		);
		assert_noop!(
			Market::place_auction_ask(owner_origin, batch, 1_000, PRICE, None),
			Error::<Test>::AuctionBookFull
		);
		// Another auction has room.
		auction_bid(&company(), carolina(), 1_000, 5_000, None);
	});
}

#[test]
fn on_idle_clears_due_auctions_within_the_weight_it_is_given() {
	ExtBuilder.build_and_execute(|| {
		let florida_batch = produce(0, 2);
		let carolina_batch = produce(1, 2);
		auction_ask(&owner(), florida_batch, 2_000, 4_000);
		auction_ask(&neighbour(), carolina_batch, 2_000, 4_000);
		auction_bid(&bakery(), florida(), 1_000, 4_000, None);
		auction_bid(&bakery(), carolina(), 1_000, 4_000, None);
		let cleared = || {
			System::events()
				.iter()
				.filter(|record| {
					matches!(record.event, RuntimeEvent::Market(Event::AuctionCleared { .. }))
				})
				.count()
		};
		// Before the period ends, nothing is due.
		Market::on_idle(1, Weight::MAX);
		assert_eq!(cleared(), 0);
		next_period();
		assert_eq!(Market::on_idle(1, Weight::zero()), Weight::zero());
		// Room for one book of two orders: one auction clears a block.
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		let one = db
			.reads(3)
			.saturating_add(db.writes(1))
			.saturating_add(<() as crate::WeightInfo>::clear_auction(2));
		assert!(Market::on_idle(1, one).all_lte(one));
		assert_eq!(cleared(), 1);
		Market::on_idle(1, one);
		assert_eq!((cleared(), auction_trades().len()), (2, 2));
		// Both cleared this period: the sweep is done until the next.
		assert_eq!(Market::on_idle(1, Weight::MAX), db.reads(3));
		assert_eq!(cleared(), 2);
	});
}

/// The reference auction: for every candidate price, the volume it would trade (the lesser of
/// the Wh bid at or above it and offered at or below it); the largest such volume goes to the
/// bids and asks in priority order (price, then id); the price is the midpoint of the last
/// bid's and ask's prices that receive Wh, floored to the tick. Returns the price and each
/// order's filled Wh.
fn reference_auction(
	bids: &[(u64, Balance, Wh)],
	asks: &[(u64, Balance, Wh)],
) -> Option<(Balance, BTreeMap<u64, Wh>)> {
	let candidates: Vec<Balance> = bids.iter().chain(asks).map(|order| order.1).collect();
	let volume = candidates
		.iter()
		.map(|&price| {
			let demand: Wh = bids.iter().filter(|bid| bid.1 >= price).map(|bid| bid.2).sum();
			let supply: Wh = asks.iter().filter(|ask| ask.1 <= price).map(|ask| ask.2).sum();
			demand.min(supply)
		})
		.max()
		.unwrap_or(0);
	if volume == 0 {
		return None;
	}
	let mut filled = BTreeMap::new();
	let mut allocate = |mut orders: Vec<(u64, Balance, Wh)>, descending: bool| {
		orders.sort_by_key(|order| {
			(if descending { Balance::MAX - order.1 } else { order.1 }, order.0)
		});
		let mut left = volume;
		let mut marginal = 0;
		for (id, price, wh) in orders {
			if left == 0 {
				break;
			}
			let take = wh.min(left);
			left -= take;
			filled.insert(id, take);
			marginal = price;
		}
		marginal
	};
	let bid_price = allocate(bids.to_vec(), true);
	let ask_price = allocate(asks.to_vec(), false);
	let tick = PRICE_TICK as Balance;
	Some(((bid_price + ask_price) / 2 / tick * tick, filled))
}

/// A xorshift generator: deterministic random numbers below a bound.
fn generator(seed: u64) -> impl FnMut(u64) -> u64 {
	let mut state = seed;
	move |bound| {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		state % bound.max(1)
	}
}

#[test]
fn every_clearing_matches_the_brute_force_reference() {
	let mut next = generator(0x2545_f491_4f6c_dd1d);
	for round in 0..3_000 {
		// Few distinct prices, so that ties and equal marginal prices are common.
		let bid_count = next(10);
		let ask_count = next(10);
		let mut order = |id: u64| (id, per_wh(next(8) as Balance * 250 + 1_000), next(5_000) + 1);
		let bids: Vec<_> = (0..bid_count).map(|i| order(2 * i)).collect();
		let asks: Vec<_> = (0..ask_count).map(|i| order(2 * i + 1)).collect();
		let entry = |&(order, price_per_mwh, wh): &(u64, Balance, Wh)| BookEntry {
			order,
			price_per_mwh,
			wh,
		};
		let (mut sorted_bids, mut sorted_asks): (Vec<_>, Vec<_>) =
			(bids.iter().map(entry).collect(), asks.iter().map(entry).collect());
		let matching = match_book(&mut sorted_bids, &mut sorted_asks, PRICE_TICK as Balance);
		let reference = reference_auction(&bids, &asks);
		let Some(matching) = matching else {
			assert_eq!(reference, None, "round {round}: the reference trades, the clearing not");
			continue;
		};
		let mut filled = BTreeMap::new();
		for fill in &matching.matches {
			assert!(fill.wh > 0);
			let (bid, ask) = (sorted_bids[fill.bid], sorted_asks[fill.ask]);
			*filled.entry(bid.order).or_insert(0) += fill.wh;
			*filled.entry(ask.order).or_insert(0) += fill.wh;
			// Nobody trades beyond its limit at the uniform price.
			assert!(bid.price_per_mwh >= matching.price_per_mwh, "round {round}");
			assert!(ask.price_per_mwh <= matching.price_per_mwh, "round {round}");
		}
		assert_eq!(
			Some((matching.price_per_mwh, filled)),
			reference,
			"round {round}: bids {bids:?}, asks {asks:?}"
		);
	}
}

#[test]
fn random_books_on_chain_clear_as_the_reference_says() {
	ExtBuilder.build_and_execute(|| {
		MaxOrdersPerAccount::set(64);
		MaxAuctionOrders::set(64);
		let sellers: Vec<(AccountId, u64)> = std::iter::once((owner(), 0))
			.chain((1..4).map(|i| {
				let seller = account(&format!("Seller{i}"));
				assert_ok!(Balances::force_set_balance(
					RuntimeOrigin::root(),
					seller.clone(),
					ENDOWMENT
				));
				let device = rooftop(&seller, "US-FL");
				(seller, device)
			}))
			.collect();
		let buyers = [bakery(), company(), account("Anyone"), neighbour()];
		let mut next = generator(0x9e37_79b9_7f4a_7c15);
		let mut clearings = 0;
		for _ in 0..25 {
			for (seller, device) in &sellers {
				let batch = produce(*device, next(5) + 1);
				if next(3) > 0 {
					let wh = next(holding(seller, batch)) + 1;
					auction_ask(seller, batch, wh, next(8) as Balance * 500 + 2_000);
				}
			}
			for buyer in &buyers {
				if next(2) == 0 {
					let claim = (next(2) == 0).then(consumption);
					auction_bid(
						buyer,
						florida(),
						next(6_000) + 1,
						next(8) as Balance * 500 + 2_000,
						claim,
					);
				}
			}
			// The book as the clearing will see it: every order was placed before the period ends.
			let (mut bids, mut asks) = (Vec::new(), Vec::new());
			for id in AuctionOrders::<Test>::iter_key_prefix(florida()) {
				if let Some(ask) = Asks::<Test>::get(id) {
					asks.push((id, ask.price_per_mwh, ask.wh));
				} else if let Some(bid) = Bids::<Test>::get(id) {
					bids.push((id, bid.max_price_per_mwh, bid.wh));
				}
			}
			let reference = reference_auction(&bids, &asks);
			System::reset_events();
			next_period();
			clear(florida());
			let mut filled: BTreeMap<u64, Wh> = BTreeMap::new();
			let mut prices = Vec::new();
			for (ask, bid, _, _, wh, price) in auction_trades() {
				*filled.entry(ask).or_default() += wh;
				*filled.entry(bid).or_default() += wh;
				prices.push(price);
			}
			prices.dedup();
			match reference {
				None => assert!(filled.is_empty()),
				Some((price, expected)) => {
					assert_eq!(prices, vec![price], "one price per clearing");
					assert_eq!(filled, expected);
					clearings += 1;
				},
			}
			Market::do_try_state().expect("market invariants hold after every clearing");
			Certificates::do_try_state().expect("certificate invariants hold after every clearing");
		}
		assert!(clearings > 10, "the books crossed ({clearings} clearings traded)");
	});
}

#[test]
fn governance_sets_the_auction_period_within_a_minute_and_a_week() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Market::set_auction_period(RuntimeOrigin::signed(owner()), 600),
			sp_runtime::DispatchError::BadOrigin
		);
		for seconds in [0, 59, 7 * 86_400 + 1] {
			assert_noop!(
				Market::set_auction_period(RuntimeOrigin::root(), seconds),
				Error::<Test>::InvalidAuctionPeriod
			);
		}
		let batch = produce(0, 2);
		auction_ask(&owner(), batch, 2_000, 4_000);
		auction_bid(&bakery(), florida(), 1_000, 4_000, None);
		// Ten-minute periods: the orders clear ten minutes on, not an hour.
		assert_ok!(Market::set_auction_period(RuntimeOrigin::root(), 600));
		System::assert_last_event(Event::AuctionPeriodSet { seconds: 600 }.into());
		set_time((now() / 600 + 1) * 600);
		clear(florida());
		assert_eq!(auction_trades().len(), 1);
		let clearing = Clearings::<Test>::get(florida()).expect("it traded");
		assert_eq!(clearing.period_end, now());
	});
}

//! Random order flows: after every step the invariants hold, a refused step changed nothing, and
//! each account's ORI is what a model of the trades says: no planck created or lost.

use super::*;
use std::collections::BTreeMap;

#[test]
fn random_order_flows_keep_the_invariants_and_conserve_ori() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Market::set_fee(RuntimeOrigin::root(), Permill::from_parts(12_345)));
		MaxOrdersPerAccount::set(32);
		MaxAuctionOrders::set(32);
		let traders = [owner(), neighbour(), bakery(), company()];
		let total = |who: &AccountId| Balances::total_balance(who);
		let mut model: BTreeMap<AccountId, Balance> =
			FUNDED.iter().map(|name| (account(name), total(&account(name)))).collect();
		let issuance = Balances::total_issuance();
		let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
		let mut next = move |bound: u64| {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			rng % bound.max(1)
		};
		let mut trades = 0;
		for _ in 0..1_500 {
			let who = traders[next(4) as usize].clone();
			let batches = pallet_certificates::NextBatchId::<Test>::get();
			let batch = next(batches + 1);
			// Mostly an open order of the kind the step needs, now and then any id.
			let asks: Vec<u64> = Asks::<Test>::iter_keys().collect();
			let bids: Vec<u64> = Bids::<Test>::iter_keys().collect();
			let mut pick = |open: &[u64]| match open.len() as u64 {
				count if count > 0 && next(8) > 0 => open[next(count) as usize],
				_ => next(crate::NextOrderId::<Test>::get() + 2),
			};
			let (ask, bid) = (pick(&asks), pick(&bids));
			let any_order = if next(2) == 0 { ask } else { bid };
			// Producers sell most; anyone may hold what it bought.
			let seller = [owner(), neighbour(), who.clone()][next(3) as usize].clone();
			// Mostly a batch the seller holds.
			let held: Vec<u64> = pallet_certificates::Holdings::<Test>::iter_key_prefix(&seller)
				.map(|key| pallet_certificates::batch_of_holding_key(&key))
				.collect();
			let sold = match held.len() as u64 {
				count if count > 0 && next(8) > 0 => held[next(count) as usize],
				_ => batch,
			};
			let wh = next(2_500) + 1;
			let price = (next(8) as Balance + 1) * 1_000_000_000;
			let expiry = (next(3) == 0).then(|| now() + next(4) * HOUR + 1);
			let op = next(22);
			if op < 2 {
				produce(next(2), next(5) + 1);
				continue;
			}
			if op == 2 {
				set_time(now() + next(48) * HOUR);
				continue;
			}
			if op == 15 && next(4) > 0 {
				continue;
			}
			let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
			let events = System::events().len();
			let zones = match next(3) {
				0 => vec![],
				1 => vec![zone("US-FL")],
				_ => vec![zone("US-NC"), zone("US-FL")],
			};
			let claim = (next(2) == 0).then(consumption);
			let origin = RuntimeOrigin::signed(who.clone());
			let result = match op {
				3..=5 => Market::place_ask(RuntimeOrigin::signed(seller), sold, wh, price, expiry),
				6 | 7 => Market::place_bid(
					origin,
					wh,
					price,
					FiltersInput { zones, max_age: Some(next(200) * 86_400), ..any() },
					expiry,
					claim,
				),
				8..=10 => Market::buy(origin, ask, wh, price, claim),
				11 | 12 => Market::sell(RuntimeOrigin::signed(seller), bid, sold, wh, price / 2),
				13 | 14 => Market::close_order(origin, any_order),
				15 => {
					Certificates::revoke(RuntimeOrigin::signed(issuer()), batch, b"audit".to_vec())
				},
				16 | 17 => Market::place_auction_ask(
					RuntimeOrigin::signed(seller),
					sold,
					wh,
					price,
					expiry,
				),
				18 | 19 => Market::place_auction_bid(
					origin,
					zones.last().copied().unwrap_or(zone("US-NC")),
					Technology::SolarPv,
					wh,
					price,
					expiry,
					claim,
				),
				20 => Market::clear_auction(
					origin,
					zones.first().copied().unwrap_or(zone("US-FL")),
					Technology::SolarPv,
				)
				.map(|_| ())
				.map_err(|error| error.error),
				_ => {
					Market::on_idle(System::block_number(), Weight::MAX);
					Ok(())
				},
			};
			match result {
				Err(_) => assert_eq!(
					sp_io::storage::root(sp_runtime::StateVersion::V1),
					before,
					"{result:?} changed state"
				),
				Ok(()) => {
					for record in &System::events()[events..] {
						if let RuntimeEvent::Market(Event::Traded {
							seller,
							buyer,
							payment,
							fee,
							..
						}) = &record.event
						{
							*model.get_mut(buyer).unwrap() -= payment;
							*model.get_mut(seller).unwrap() += payment - fee;
							*model.get_mut(&treasury()).unwrap() += fee;
							trades += 1;
						}
					}
				},
			}
			for (who, expected) in &model {
				assert_eq!(total(who), *expected, "{who:?}'s ORI differs from the trades");
			}
			assert_eq!(Balances::total_issuance(), issuance, "ORI was created or destroyed");
			Certificates::do_try_state().expect("certificate invariants hold after every step");
			Market::do_try_state().expect("market invariants hold after every step");
		}
		assert!(trades > 20, "the flow traded ({trades} trades)");
		assert!(
			traded_clearings() > 3,
			"auctions cleared with trades ({} times)",
			traded_clearings()
		);
		assert!(Asks::<Test>::iter().count() + Bids::<Test>::iter().count() > 0);
	});
}

use frame_support::{traits::Hooks, weights::Weight};
use sp_runtime::Permill;

/// How many clearings traded, by their events.
fn traded_clearings() -> usize {
	System::events()
		.iter()
		.filter(|record| {
			matches!(
				record.event,
				RuntimeEvent::Market(Event::AuctionCleared { price_per_mwh: Some(_), .. })
			)
		})
		.count()
}

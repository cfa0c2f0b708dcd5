//! Standing asks: a device's owner has every new batch listed at its price.

use super::*;
use crate::{StandingAskTerms, StandingAsks};

fn terms(auction: bool) -> Option<StandingAskTerms<Balance>> {
	Some(StandingAskTerms { price_per_mwh: PRICE, auction })
}

#[test]
fn a_standing_ask_lists_every_new_batch_of_the_device() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Market::set_standing_ask(RuntimeOrigin::signed(owner()), 0, terms(false)));
		System::assert_last_event(
			Event::StandingAskSet { device: 0, owner: owner(), terms: terms(false) }.into(),
		);
		let first = produce(0, 3);
		let second = produce(0, 2);
		let offered: Vec<_> = Asks::<Test>::iter_values()
			.map(|ask| (ask.seller, ask.batch, ask.wh, ask.price_per_mwh, ask.auction))
			.collect();
		assert_eq!(offered.len(), 2);
		for (batch, wh) in [(first, 3_000), (second, 2_000)] {
			assert!(offered.contains(&(owner(), batch, wh, PRICE, None)));
			assert_eq!(listed(&owner(), batch), wh);
		}
		// The neighbour's device has no standing ask: its batch is not listed.
		let other = produce(1, 4);
		assert_eq!(listed(&neighbour(), other), 0);
		// A company buys what the rooftop produced without its owner doing anything.
		let ask =
			Asks::<Test>::iter().find(|(_, ask)| ask.batch == first).map(|(id, _)| id).unwrap();
		assert_ok!(Market::buy(RuntimeOrigin::signed(company()), ask, 3_000, PRICE, None));
		assert_eq!(holding(&company(), first), 3_000);
		// Paid; the buyer's new holding's deposit is held, not spent.
		assert_eq!(Balances::total_balance(&owner()), ENDOWMENT + PRICE * 3_000 / 1_000_000);
	});
}

#[test]
fn a_standing_ask_in_the_auction_enters_the_devices_book() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Market::set_standing_ask(RuntimeOrigin::signed(owner()), 0, terms(true)));
		let batch = produce(0, 4);
		let (id, ask) = Asks::<Test>::iter().next().expect("listed");
		assert_eq!((ask.batch, ask.wh), (batch, 4_000));
		let segment = crate::Segment { zone: zone("US-FL"), technology: Technology::SolarPv };
		assert_eq!(ask.auction, Some(segment));
		assert!(crate::AuctionOrders::<Test>::contains_key(segment, id));
	});
}

#[test]
fn removing_a_standing_ask_stops_the_listing() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Market::set_standing_ask(RuntimeOrigin::signed(owner()), 0, terms(false)));
		assert_ok!(Market::set_standing_ask(RuntimeOrigin::signed(owner()), 0, None));
		System::assert_last_event(
			Event::StandingAskSet { device: 0, owner: owner(), terms: None }.into(),
		);
		assert!(!StandingAsks::<Test>::contains_key(0));
		let batch = produce(0, 2);
		assert_eq!(listed(&owner(), batch), 0);
		assert_eq!(Asks::<Test>::iter().count(), 0);
	});
}

#[test]
fn only_a_devices_owner_sets_a_standing_ask_at_a_price_on_the_tick() {
	ExtBuilder.build_and_execute(|| {
		let owner_origin = RuntimeOrigin::signed(owner());
		assert_noop!(
			Market::set_standing_ask(owner_origin.clone(), 7, terms(false)),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Market::set_standing_ask(RuntimeOrigin::signed(neighbour()), 0, terms(false)),
			Error::<Test>::NotDeviceOwner
		);
		let at = |price_per_mwh| Some(StandingAskTerms { price_per_mwh, auction: false });
		assert_noop!(
			Market::set_standing_ask(owner_origin.clone(), 0, at(0)),
			Error::<Test>::ZeroPrice
		);
		assert_noop!(
			Market::set_standing_ask(owner_origin, 0, at(PRICE + 1)),
			Error::<Test>::PriceOffTick
		);
	});
}

#[test]
fn an_issuance_the_standing_ask_cannot_list_stays_in_the_holding_and_says_why() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Market::set_standing_ask(RuntimeOrigin::signed(owner()), 0, terms(false)));
		MaxOrdersPerAccount::set(1);
		let listed_batch = produce(0, 1);
		assert_eq!(listed(&owner(), listed_batch), 1_000);
		let unlisted_batch = produce(0, 2);
		System::assert_has_event(
			Event::StandingAskFailed {
				device: 0,
				batch: unlisted_batch,
				error: Error::<Test>::TooManyOrders.into(),
			}
			.into(),
		);
		assert_eq!(
			(holding(&owner(), unlisted_batch), listed(&owner(), unlisted_batch)),
			(2_000, 0)
		);

		// The owner named a beneficiary: its batches are not the owner's to list.
		MaxOrdersPerAccount::set(4);
		assert_ok!(Certificates::set_beneficiary(
			RuntimeOrigin::signed(owner()),
			0,
			Some(company())
		));
		let given = produce(0, 1);
		System::assert_has_event(
			Event::StandingAskFailed {
				device: 0,
				batch: given,
				error: Error::<Test>::NotRecipient.into(),
			}
			.into(),
		);
		assert_eq!((holding(&company(), given), listed(&company(), given)), (1_000, 0));
	});
}

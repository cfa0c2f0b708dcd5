//! Unit tests of pallet-market: every call and error against real batches minted from readings,
//! and a property test of the invariants and of ORI's conservation over random order flows.

use crate::{mock::*, Asks, Bids, CloseReason, Error, Event, Filters, FiltersInput, OrderCount};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use origo_primitives::registry::{CertificateEscrow, Technology, UnixTime, Wh};
use pallet_certificates::{Claim, Purpose};

mod auctions;
mod fills;
mod migration;
mod orders;
mod random_flows;
mod standing_asks;

/// Filters that accept any batch.
fn any() -> FiltersInput {
	Filters {
		zones: vec![],
		technologies: vec![],
		devices: vec![],
		produced_from: None,
		produced_until: None,
		max_age: None,
	}
}

/// A consumption claim for the buyer.
fn consumption() -> Claim<AccountId, Vec<u8>> {
	Claim {
		beneficiary: None,
		beneficiary_name: None,
		purpose: Purpose::Consumption,
		consumption_country: Some(zone("US-FL")),
		consumption_period: None,
		message: b"bakery 2025".to_vec(),
	}
}

/// What `who` holds of `batch`, Wh.
fn holding(who: &AccountId, batch: u64) -> Wh {
	let record = pallet_certificates::Batches::<Test>::get(batch).expect("the batch exists");
	Certificates::holding(who, batch, &record)
}

/// What `who` listed of `batch`, Wh.
fn listed(who: &AccountId, batch: u64) -> Wh {
	<Certificates as CertificateEscrow<AccountId>>::listed(who, batch)
}

/// `who`'s free balance.
fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

/// What `who`'s bids hold.
fn held(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::Bid.into(), who)
}

/// An ask of `wh` Wh of `batch` by `seller` at [`PRICE`], standing: its id.
fn ask(seller: &AccountId, batch: u64, wh: Wh) -> u64 {
	assert_ok!(Market::place_ask(RuntimeOrigin::signed(seller.clone()), batch, wh, PRICE, None));
	crate::NextOrderId::<Test>::get() - 1
}

/// An ask of `wh` Wh of `batch` by the owner at [`PRICE`] that expires in an hour: its id and
/// expiry.
fn expiring_ask(batch: u64, wh: Wh) -> (u64, UnixTime) {
	let expiry = now() + HOUR;
	assert_ok!(Market::place_ask(RuntimeOrigin::signed(owner()), batch, wh, PRICE, Some(expiry)));
	(crate::NextOrderId::<Test>::get() - 1, expiry)
}

/// A bid of `buyer` for `wh` Wh at [`PRICE`] with `filters`, standing: its id.
fn bid(buyer: &AccountId, wh: Wh, filters: FiltersInput) -> u64 {
	assert_ok!(Market::place_bid(
		RuntimeOrigin::signed(buyer.clone()),
		wh,
		PRICE,
		filters,
		None,
		None
	));
	crate::NextOrderId::<Test>::get() - 1
}

/// Time after which a batch produced in the first hours has expired.
const AFTER_EXPIRY: UnixTime = START + 400 * 86_400;

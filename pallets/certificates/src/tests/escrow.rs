//! Listing for the market: listed certificates stay held but do not move until the market
//! unlists or delivers them.

use super::*;
use origo_primitives::registry::CertificateEscrow;

fn list(who: &AccountId, batch: u64, wh: Wh) -> sp_runtime::DispatchResult {
	<Certificates as CertificateEscrow<AccountId>>::list(who, batch, wh)
}

fn listed(who: &AccountId, batch: u64) -> Wh {
	<Certificates as CertificateEscrow<AccountId>>::listed(who, batch)
}

#[test]
fn listed_certificates_stay_held_but_do_not_move() {
	with_batch(|| {
		assert_ok!(list(&owner(), 0, 3_000));
		assert_eq!((holding(&owner(), 0), listed(&owner(), 0)), (5_000, 3_000));
		assert_eq!(<Certificates as CertificateEscrow<AccountId>>::unlisted(&owner(), 0), 2_000);
		assert_eq!(crate::Batches::<Test>::get(0).unwrap().supply.held, 5_000);
		let signed = RuntimeOrigin::signed(owner());
		assert_noop!(
			Certificates::transfer(signed.clone(), 0, company(), 2_001),
			Error::<Test>::ListedForSale
		);
		assert_noop!(
			Certificates::retire(signed.clone(), 0, 2_001, claim(Purpose::Consumption)),
			Error::<Test>::ListedForSale
		);
		assert_noop!(
			Certificates::transfer_and_retire(
				signed.clone(),
				0,
				company(),
				2_001,
				claim(Purpose::Consumption)
			),
			Error::<Test>::ListedForSale
		);
		// The oldest-first calls see only what is unlisted.
		assert_noop!(
			Certificates::retire_oldest(signed.clone(), 2_001, claim(Purpose::Consumption)),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Certificates::transfer_oldest(signed.clone(), company(), 2_001),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Certificates::transfer(signed, 0, company(), 2_000));
		assert_eq!((holding(&owner(), 0), listed(&owner(), 0)), (3_000, 3_000));
	});
}

#[test]
fn only_an_unlisted_live_holding_is_listed() {
	with_batch(|| {
		assert_noop!(list(&owner(), 0, 0), Error::<Test>::ZeroAmount);
		assert_noop!(list(&owner(), 7, 1), Error::<Test>::UnknownBatch);
		assert_noop!(list(&company(), 0, 1), Error::<Test>::InsufficientBalance);
		assert_noop!(list(&owner(), 0, 5_001), Error::<Test>::InsufficientBalance);
		assert_ok!(list(&owner(), 0, 4_000));
		// Listed once already: the rest of the holding does not cover it twice.
		assert_noop!(list(&owner(), 0, 1_001), Error::<Test>::ListedForSale);
		assert_ok!(list(&owner(), 0, 1_000));
		assert_eq!(listed(&owner(), 0), 5_000);
		assert_ok!(Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, b"audit".to_vec()));
		assert_ok!(<Certificates as CertificateEscrow<AccountId>>::unlist(&owner(), 0, 1_000));
		assert_noop!(list(&owner(), 0, 1), Error::<Test>::BatchRevoked);
	});
	with_batch(|| {
		set_time(START + HOUR + 365 * 86_400);
		assert_noop!(list(&owner(), 0, 1), Error::<Test>::BatchExpired);
	});
}

#[test]
fn unlisting_returns_what_was_listed_and_no_more() {
	with_batch(|| {
		let unlist = <Certificates as CertificateEscrow<AccountId>>::unlist;
		assert_ok!(list(&owner(), 0, 3_000));
		assert_noop!(unlist(&owner(), 0, 0), Error::<Test>::ZeroAmount);
		assert_noop!(unlist(&owner(), 9, 1), Error::<Test>::UnknownBatch);
		assert_noop!(unlist(&owner(), 0, 3_001), Error::<Test>::NotListed);
		assert_noop!(unlist(&company(), 0, 1), Error::<Test>::NotListed);
		assert_ok!(unlist(&owner(), 0, 1_000));
		assert_eq!(listed(&owner(), 0), 2_000);
		assert_ok!(unlist(&owner(), 0, 2_000));
		assert_eq!(crate::Listed::<Test>::iter().count(), 0, "an emptied listing is removed");
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 5_000));
	});
}

#[test]
fn delivery_sends_listed_certificates_or_retires_them_for_the_buyer() {
	with_batch(|| {
		let deliver = <Certificates as CertificateEscrow<AccountId>>::deliver;
		assert_ok!(list(&owner(), 0, 3_000));
		assert_noop!(deliver(&owner(), &company(), 0, 3_001, None), Error::<Test>::NotListed);
		assert_eq!(deliver(&owner(), &company(), 0, 1_000, None), Ok(None));
		assert_eq!((holding(&owner(), 0), listed(&owner(), 0)), (4_000, 2_000));
		assert_eq!(holding(&company(), 0), 1_000);
		let bakery = account("Third");
		let claim = <Certificates as CertificateEscrow<AccountId>>::check_claim(
			&bakery,
			claim(Purpose::Consumption),
		)
		.unwrap();
		assert_eq!(claim.beneficiary, Some(bakery.clone()), "the buyer by default");
		assert_eq!(deliver(&owner(), &bakery, 0, 500, Some(claim)), Ok(Some(0)));
		let retirement = crate::Retirements::<Test>::get(0).unwrap();
		assert_eq!(
			(retirement.retirer, retirement.sent_by, retirement.wh),
			(bakery.clone(), Some(owner()), 500)
		);
		assert_eq!(holding(&bakery, 0), 0);
		assert_eq!(crate::HoldingDeposits::<Test>::iter().count(), 1, "only the company's");
		set_time(START + HOUR + 365 * 86_400);
		assert_noop!(deliver(&owner(), &company(), 0, 1, None), Error::<Test>::BatchExpired);
	});
}

#[test]
fn a_claim_too_long_for_a_delivery_is_refused() {
	with_batch(|| {
		let mut long = claim(Purpose::Consumption);
		long.message = vec![b'x'; 33];
		assert_noop!(
			<Certificates as CertificateEscrow<AccountId>>::check_claim(&company(), long),
			Error::<Test>::TextTooLong
		);
	});
}

#[test]
fn pruning_leaves_what_is_listed_until_the_market_returns_it() {
	with_batch(|| {
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1_000));
		assert_ok!(list(&owner(), 0, 3_000));
		assert_ok!(list(&company(), 0, 1_000));
		set_time(START + HOUR + 365 * 86_400);
		let anyone = RuntimeOrigin::signed(account("Anyone"));
		assert_noop!(
			Certificates::prune(anyone.clone(), vec![(company(), 0)]),
			Error::<Test>::ListedForSale
		);
		assert_ok!(Certificates::prune(anyone.clone(), vec![(owner(), 0)]));
		assert_eq!((holding(&owner(), 0), listed(&owner(), 0)), (3_000, 3_000));
		assert_eq!(crate::Batches::<Test>::get(0).unwrap().supply.expired, 1_000);
		assert_ok!(<Certificates as CertificateEscrow<AccountId>>::unlist(&owner(), 0, 3_000));
		assert_ok!(Certificates::prune(anyone, vec![(owner(), 0)]));
		assert_eq!(holding(&owner(), 0), 0);
		assert_eq!(<Certificates as CertificateEscrow<AccountId>>::total_listed(), 1_000);
	});
}

use super::*;

#[test]
fn a_holder_transfers() {
	with_batch(|| {
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 3_000));
		System::assert_last_event(
			Event::Transferred { batch: 0, from: owner(), to: company(), wh: 3_000 }.into(),
		);
		assert_eq!((holding(&owner(), 0), holding(&company(), 0)), (2_000, 3_000));
		// Emptying a holding removes it.
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 2_000));
		assert_eq!(crate::Holdings::<Test>::iter_prefix(owner()).count(), 0);
	});
}

#[test]
fn transfers_refuse_bad_input() {
	with_batch(|| {
		let transfer = |from, batch, to, wh| {
			Certificates::transfer(RuntimeOrigin::signed(from), batch, to, wh)
		};
		assert_noop!(transfer(owner(), 0, company(), 0), Error::<Test>::ZeroAmount);
		assert_noop!(transfer(owner(), 7, company(), 1), Error::<Test>::UnknownBatch);
		assert_noop!(transfer(owner(), 0, owner(), 1), Error::<Test>::TransferToSelf);
		assert_noop!(transfer(owner(), 0, company(), 5_001), Error::<Test>::InsufficientBalance);
		assert_noop!(transfer(company(), 0, owner(), 1), Error::<Test>::InsufficientBalance);
		set_time(START + HOUR + 365 * 86_400);
		assert_noop!(transfer(owner(), 0, company(), 1), Error::<Test>::BatchExpired);
	});
}

/// M-3: a transfer sends at least `MinTransfer`, so nobody fills an account's oldest places
/// with dust; retire-on-send leaves nothing with the recipient and may send less.
#[test]
fn m3_transfers_below_the_minimum_are_refused() {
	with_batch(|| {
		MinTransfer::set(1_000);
		assert_noop!(
			Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 999),
			Error::<Test>::BelowMinimumTransfer
		);
		assert_noop!(
			Certificates::transfer_many(
				RuntimeOrigin::signed(owner()),
				company(),
				vec![(0, 1_000), (0, 1)]
			),
			Error::<Test>::BelowMinimumTransfer
		);
		assert_noop!(
			Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 0),
			Error::<Test>::ZeroAmount
		);
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1_000));
		assert_ok!(Certificates::transfer_and_retire(
			RuntimeOrigin::signed(owner()),
			0,
			company(),
			1,
			claim(Purpose::CarbonOffset)
		));
		assert_eq!(holding(&company(), 0), 1_000);
	});
}

/// L-2: a retirement record is kept forever, so a retirement retires at least
/// `MinRetirement`, or all the caller holds of the batch.
#[test]
fn l2_retirements_below_the_minimum_are_refused() {
	with_batch(|| {
		MinRetirement::set(1_000);
		let retire = |who, wh| {
			Certificates::retire(RuntimeOrigin::signed(who), 0, wh, claim(Purpose::CarbonOffset))
		};
		assert_noop!(retire(owner(), 999), Error::<Test>::BelowMinimumRetirement);
		assert_noop!(
			Certificates::retire_oldest(
				RuntimeOrigin::signed(owner()),
				999,
				claim(Purpose::CarbonOffset)
			),
			Error::<Test>::BelowMinimumRetirement
		);
		assert_noop!(
			Certificates::transfer_and_retire(
				RuntimeOrigin::signed(owner()),
				0,
				company(),
				999,
				claim(Purpose::CarbonOffset)
			),
			Error::<Test>::BelowMinimumRetirement
		);
		assert_noop!(retire(owner(), 0), Error::<Test>::ZeroAmount);
		assert_ok!(retire(owner(), 4_500));
		// What is left, below the minimum, retires whole.
		assert_ok!(retire(owner(), 500));
		assert_eq!(holding(&owner(), 0), 0);
	});
}

/// What `who` holds in holding deposits.
fn deposits_held(who: &AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&HoldingHoldReason::get(), who)
}

/// L-2: a transfer that opens a holding holds a deposit from its sender, returned to the
/// sender when the holding is emptied (sent on, retired) or pruned.
#[test]
fn l2_a_transfer_that_opens_a_holding_holds_the_senders_deposit() {
	with_batch(|| {
		let deposit = 100 + Certificates::holding_footprint().size as Balance;
		let third = account("Third");
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1_000));
		assert_eq!(deposits_held(&owner()), deposit);
		// The holding is open: no second deposit.
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1_000));
		assert_eq!(deposits_held(&owner()), deposit);
		// Sending back to the owner, who holds some, opens nothing.
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(company()), 0, owner(), 1_000));
		assert_eq!(deposits_held(&company()), 0);
		// Emptied: the owner's deposit is returned; the new holding is the company's.
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(company()),
			0,
			third.clone(),
			1_000
		));
		assert_eq!((deposits_held(&owner()), deposits_held(&company())), (0, deposit));
		assert_eq!(Balances::free_balance(owner()), ENDOWMENT);
		// Retired whole: returned.
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1_000));
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(company()),
			0,
			1_000,
			claim(Purpose::Consumption)
		));
		assert_eq!(deposits_held(&owner()), 0);
		// Retired on send: held and returned in the call.
		assert_ok!(Certificates::transfer_and_retire(
			RuntimeOrigin::signed(owner()),
			0,
			company(),
			1_000,
			claim(Purpose::Consumption)
		));
		assert_eq!(deposits_held(&owner()), 0);
		// Pruned after expiry: returned.
		set_time(START + HOUR + 365 * 86_400);
		assert_ok!(Certificates::prune(RuntimeOrigin::signed(account("Anyone")), vec![(third, 0)]));
		assert_eq!(deposits_held(&company()), 0);
		assert_eq!(Balances::free_balance(company()), ENDOWMENT);
		assert_eq!(crate::HoldingDeposits::<Test>::iter().count(), 0);
	});
}

/// L-2: a sender who cannot hold the deposit opens no holding; it may still send to a
/// holding that is open.
#[test]
fn l2_without_the_deposit_no_holding_is_opened() {
	with_batch(|| {
		let pauper = account("Pauper");
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(owner()),
			0,
			pauper.clone(),
			2_000
		));
		assert_noop!(
			Certificates::transfer(RuntimeOrigin::signed(pauper.clone()), 0, company(), 1_000),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(pauper), 0, owner(), 1_000));
	});
}

#[test]
fn transfer_many_is_all_or_nothing() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(2, 1_000);
		let to = RuntimeOrigin::signed(owner());
		assert_ok!(Certificates::transfer_many(to.clone(), company(), vec![(0, 400), (1, 1_000)]));
		assert_eq!((holding(&company(), 0), holding(&company(), 1)), (400, 1_000));
		assert_noop!(
			Certificates::transfer_many(to.clone(), company(), vec![(0, 100), (1, 1)]),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Certificates::transfer_many(to.clone(), company(), vec![]),
			Error::<Test>::NoBatches
		);
		assert_noop!(
			Certificates::transfer_many(to, company(), vec![(0, 1); 9]),
			Error::<Test>::TooManyBatches
		);
	});
}

/// `transfer_oldest` plans on chain, as `retire_oldest` does: holdings of expired or revoked
/// batches are passed over, where the client's own planner once put them into a transfer that
/// had to fail (code review: the CLI re-implemented the chain's planner).
#[test]
fn transfer_oldest_sends_live_holdings_oldest_first() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		// Batches 0 and 1 in the first hours; batch 0 is revoked.
		produce(2, 1_000);
		assert_ok!(Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, b"fault".to_vec()));
		// A year later batch 1 has expired too, and batches 2 and 3 are new.
		let later = START + 365 * 86_400 + 3 * HOUR;
		set_time(later);
		read(3_000, later);
		set_time(later + HOUR);
		read(4_000, later + HOUR);
		assert_ok!(Certificates::transfer_oldest(RuntimeOrigin::signed(owner()), company(), 1_500));
		assert_eq!(holding(&owner(), 0), 1_000, "the revoked holding stays to be pruned");
		assert_eq!(holding(&owner(), 1), 1_000, "the expired holding stays to be pruned");
		assert_eq!((holding(&company(), 2), holding(&company(), 3)), (1_000, 500));
		System::assert_has_event(
			Event::Transferred { batch: 2, from: owner(), to: company(), wh: 1_000 }.into(),
		);
		System::assert_last_event(
			Event::Transferred { batch: 3, from: owner(), to: company(), wh: 500 }.into(),
		);
	});
}

#[test]
fn transfer_oldest_refuses_bad_input_by_name() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(2, 1_000);
		let send =
			|wh| Certificates::transfer_oldest(RuntimeOrigin::signed(owner()), company(), wh);
		assert_noop!(send(0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Certificates::transfer_oldest(RuntimeOrigin::signed(owner()), owner(), 1_000),
			Error::<Test>::TransferToSelf
		);
		assert_noop!(send(2_001), Error::<Test>::InsufficientBalance);
		// Holdings below the least transfer are passed over; a last part below it is refused.
		MinTransfer::set(600);
		assert_noop!(send(1_100), Error::<Test>::BelowMinimumTransfer);
		assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 600));
		// Batch 0 now holds 400 Wh, below the least transfer: batch 1 is sent.
		assert_ok!(send(1_000));
		assert_eq!((holding(&owner(), 0), holding(&company(), 1)), (400, 1_000));
		assert_noop!(send(600), Error::<Test>::InsufficientBalance);
	});
}

/// More holdings than one call scans: the plan cannot be completed in one call.
#[test]
fn transfer_oldest_scans_at_most_max_batches_per_call() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(9, 1_000);
		assert_noop!(
			Certificates::transfer_oldest(RuntimeOrigin::signed(owner()), company(), 9_000),
			Error::<Test>::TooManyBatches
		);
		assert_ok!(Certificates::transfer_oldest(RuntimeOrigin::signed(owner()), company(), 8_000));
	});
}

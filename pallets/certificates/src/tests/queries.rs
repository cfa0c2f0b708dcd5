use super::*;

#[test]
fn holdings_retirements_and_batches_page() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(3, 1_000);
		// Oldest production first.
		assert_eq!(
			Certificates::holdings_of(&owner(), None, 10),
			vec![(0, 1_000), (1, 1_000), (2, 1_000)]
		);
		assert_eq!(Certificates::holdings_of(&owner(), Some(0), 1), vec![(1, 1_000)]);
		assert_eq!(Certificates::holdings_of(&owner(), Some(2), 10), vec![]);
		// One holding by batch: what the account holds of it, none of another's or an unknown.
		assert_eq!(Certificates::holding_of(&owner(), 1), Some(1_000));
		assert_eq!(Certificates::holding_of(&company(), 1), None);
		assert_eq!(Certificates::holding_of(&owner(), 99), None);
		// By a run of batch ids: what the account holds of those, in batch order.
		assert_eq!(Certificates::holdings_among(&owner(), 1, 10), vec![(1, 1_000), (2, 1_000)]);
		assert_eq!(Certificates::holdings_among(&owner(), 0, 1), vec![(0, 1_000)]);
		assert!(Certificates::holdings_among(&company(), 0, 10).is_empty());
		assert!(Certificates::holdings_among(&owner(), u64::MAX, u32::MAX).is_empty());
		// A run of batch ids: those that exist, in order, with their details.
		let ids = |page: Vec<(u64, crate::BatchDetails<AccountId>)>| -> Vec<u64> {
			page.into_iter().map(|(id, _)| id).collect()
		};
		assert_eq!(ids(Certificates::batches_from(1, 10)), vec![1, 2]);
		assert_eq!(ids(Certificates::batches_from(0, 2)), vec![0, 1]);
		assert!(Certificates::batches_from(3, 10).is_empty());
		assert!(Certificates::batches_from(u64::MAX, u32::MAX).is_empty());
		let (_, details) = Certificates::batches_from(2, 1).pop().expect("batch 2");
		assert_eq!(Some(details), Certificates::batch_details(2));

		let mut for_company = claim(Purpose::Consumption);
		for_company.beneficiary = Some(company());
		for batch in 0..3 {
			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(owner()),
				batch,
				100,
				for_company.clone()
			));
		}
		let first = Certificates::retirements_of(&company(), None, 2);
		let rest = Certificates::retirements_of(&company(), first.last().map(|(id, _)| *id), 2);
		let mut ids: Vec<_> = first.iter().chain(rest.iter()).map(|(id, _)| *id).collect();
		ids.sort();
		assert_eq!(ids, vec![0, 1, 2]);
		// A run of retirement ids: those that exist, in order, as one by one.
		let page = Certificates::retirements_from(1, 10);
		assert_eq!(page.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![1, 2]);
		assert_eq!(page[0].1, Certificates::retirement(1).expect("retirement 1"));
		assert!(Certificates::retirements_from(3, 10).is_empty());
		assert!(Certificates::retirements_from(u64::MAX, u32::MAX).is_empty());
		// Device 0 produced: its ledger; device 1 has none.
		let ledgers = Certificates::device_ledgers_from(0, 5);
		assert_eq!(ledgers, vec![(0, crate::DeviceLedgers::<Test>::get(0).expect("ledger"))]);
		assert!(Certificates::device_ledgers_from(1, u32::MAX).is_empty());
		assert!(Certificates::device_ledgers_from(u64::MAX, u32::MAX).is_empty());
		let retirement = Certificates::retirement(1).expect("retirement 1 exists");
		assert_eq!((retirement.batch, retirement.wh), (1, 100));
		assert_eq!(retirement.claim.message, b"2025 consumption".to_vec());
		assert_eq!(Certificates::retirement(3), None);

		// Newest first, paged by the last batch seen; another device's batch is no cursor.
		assert_eq!(Certificates::device_batches(0, None, 10), vec![2, 1, 0]);
		assert_eq!(Certificates::device_batches(0, None, 2), vec![2, 1]);
		assert_eq!(Certificates::device_batches(0, Some(1), 10), vec![0]);
		assert!(Certificates::device_batches(0, Some(0), 10).is_empty());
		assert!(Certificates::device_batches(1, None, 10).is_empty());
		assert!(Certificates::device_batches(1, Some(2), 10).is_empty());
		let totals = crate::ZoneTotalsOf::<Test>::get(zone("US-FL"));
		assert_eq!((totals.issued, totals.retired), (3_000, 300));
	});
}

/// What `prune` takes comes from the chain's own rule, page by page, for the client.
#[test]
fn prunable_holdings_are_the_expired_and_revoked_ones() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(3, 1_000);
		assert_eq!(Certificates::prunable_holdings_of(&owner(), None, 10), (vec![], None));
		assert_ok!(Certificates::revoke(RuntimeOrigin::signed(issuer()), 1, b"fault".to_vec()));
		assert_eq!(
			Certificates::prunable_holdings_of(&owner(), None, 10),
			(vec![(1, 1_000)], None)
		);
		// A page of two holdings ends after batch 1; the next one finds nothing more.
		assert_eq!(
			Certificates::prunable_holdings_of(&owner(), None, 2),
			(vec![(1, 1_000)], Some(1))
		);
		assert_eq!(Certificates::prunable_holdings_of(&owner(), Some(1), 2), (vec![], None));
		// A year on, all three have expired.
		set_time(START + 366 * 86_400);
		assert_eq!(Certificates::prunable_holdings_of(&owner(), None, 10).0.len(), 3);
	});
}

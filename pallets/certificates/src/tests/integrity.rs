//! Security review findings on the certificate side (`shared/reviews/security-review.md`).

use super::*;

/// T-1: the ledger's "issued + carried = verified" compared the ledger with itself; a Wh
/// invented at the meters -> certificates boundary went unseen.
#[test]
fn t1_the_ledger_is_checked_against_the_meter_registry() {
	ExtBuilder.build().execute_with(|| {
		Quantum::set(1_000);
		produce(1, 600);
		assert_ok!(Certificates::do_try_state());
		crate::DeviceLedgers::<Test>::mutate(0, |ledger| {
			let ledger = ledger.get_or_insert_with(Default::default);
			ledger.verified += 1;
			ledger.carried.wh += 1;
		});
		assert!(Certificates::do_try_state().is_err());
	});
}

/// M-1: a revocation left the device's carried remainder of the same faulty readings, minted
/// into its next batch; the issuer voids it.
#[test]
fn m1_an_issuer_voids_a_devices_carried_production() {
	with_batch(|| {
		set_time(START + 2 * HOUR);
		read(5_000 + 700, START + 2 * HOUR);
		assert_eq!(crate::DeviceLedgers::<Test>::get(0).unwrap().carried.wh, 700);
		assert_ok!(Certificates::revoke(
			RuntimeOrigin::signed(issuer()),
			0,
			b"meter fault".to_vec()
		));
		let void = |who: AccountId, device, reason: &[u8]| {
			Certificates::void_carried(RuntimeOrigin::signed(who), device, reason.to_vec())
		};
		assert_noop!(void(owner(), 0, b"fault"), Error::<Test>::NotIssuer);
		assert_noop!(void(issuer(), 9, b"fault"), Error::<Test>::UnknownDevice);
		assert_noop!(void(issuer(), 0, &[b'r'; 33]), Error::<Test>::TextTooLong);
		assert_ok!(void(issuer(), 0, b"meter fault"));
		System::assert_last_event(
			Event::CarriedVoided {
				device: 0,
				issuer: issuer(),
				wh: 700,
				reason: b"meter fault".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		assert_noop!(void(issuer(), 0, b"again"), Error::<Test>::NothingCarried);
		let ledger = crate::DeviceLedgers::<Test>::get(0).unwrap();
		assert_eq!((ledger.issued, ledger.carried.wh, ledger.voided), (5_000, 0, 700));
		// The next 300 Wh are not topped up by the voided 700 into a certificate.
		set_time(START + 3 * HOUR);
		read(5_700 + 300, START + 3 * HOUR);
		assert_eq!(crate::NextBatchId::<Test>::get(), 1);
	});
}

/// L-4: a second meter's older reading inverted a batch's period. A device has one meter and
/// one timeline now: the older interval is refused before it reaches the certificates.
#[test]
fn l4_batch_periods_are_never_inverted() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		set_time(START + HOUR);
		read(600, START + HOUR);
		let older = origo_primitives::registry::sign_reading(
			&meter(),
			origo_primitives::registry::Reading {
				meter: meter().public().into(),
				counter_wh: 1_100,
				timestamp: START - HOUR,
			},
			&Meters::genesis_hash(),
		);
		assert!(Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), older).is_err());
		set_time(START + 2 * HOUR);
		read(1_100, START + 2 * HOUR);
		let batch = crate::Batches::<Test>::get(0).unwrap();
		assert!(batch.production_start <= batch.production_end);
		assert_eq!((batch.production_start, batch.production_end), (START, START + 2 * HOUR));
	});
}

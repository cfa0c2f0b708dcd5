use super::*;

#[test]
fn a_batch_accepts_the_good_and_reports_the_bad() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let gateway = account("Gateway");
		let readings = vec![
			signed(&meter_a(), 0, GENESIS_TIME - 7_200),
			signed(&meter_a(), 4_000, GENESIS_TIME - 3_600),
			// Replays the previous one.
			signed(&meter_a(), 4_000, GENESIS_TIME - 3_600),
			signed(&meter_pair("x"), 1, GENESIS_TIME),
			signed(&meter_a(), 8_000, GENESIS_TIME),
		];
		assert_ok!(Meters::submit_readings(RuntimeOrigin::signed(gateway.clone()), readings));
		System::assert_has_event(
			Event::ReadingRejected {
				index: 2,
				meter: meter_a().public().into(),
				error: Error::<Test>::StaleReading.into(),
			}
			.into(),
		);
		System::assert_has_event(
			Event::ReadingRejected {
				index: 3,
				meter: meter_pair("x").public().into(),
				error: Error::<Test>::UnknownMeter.into(),
			}
			.into(),
		);
		System::assert_last_event(
			Event::BatchProcessed { gateway, accepted: 3, rejected: 2 }.into(),
		);
		// Accepted readings are reported by the batch's totals, not one event each.
		assert!(!System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Meters(Event::ReadingAccepted { .. })
		)));
		assert_eq!(produced().iter().map(|energy| energy.wh).sum::<u64>(), 8_000);
		assert_eq!(Meters::device_details(0).unwrap().device.verified_wh, 8_000);
	});
}

#[test]
fn a_batch_is_refunded_the_hand_over_weight_its_readings_did_not_use() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let readings = vec![
			signed(&meter_a(), 0, GENESIS_TIME - 7_200),
			signed(&meter_a(), 4_000, GENESIS_TIME - 3_600),
			signed(&meter_pair("x"), 1, GENESIS_TIME),
		];
		let info =
			Meters::submit_readings(RuntimeOrigin::signed(account("Gateway")), readings).unwrap();
		// Each reading is charged the benchmark plus the margin up to the most a receiver may
		// use. The baseline hands nothing over, the refused reading neither; the other uses
		// what the benchmark's receiver did.
		let charged = <() as crate::WeightInfo>::submit_readings(3)
			+ (MAX_HANDOVER - USED_HANDOVER).saturating_mul(3);
		let refund = MAX_HANDOVER.saturating_mul(2) + (MAX_HANDOVER - USED_HANDOVER);
		assert_eq!(info.actual_weight, Some(charged - refund));
		assert_eq!(
			info.actual_weight,
			Some(<() as crate::WeightInfo>::submit_readings(3) - USED_HANDOVER.saturating_mul(2))
		);
	});
}

#[test]
fn a_single_reading_is_refunded_likewise() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let benchmarked = <() as crate::WeightInfo>::submit_reading();
		let call = crate::Call::<Test>::submit_reading {
			reading: signed(&meter_a(), 0, GENESIS_TIME - 3_600),
		};
		// The meter, device, genesis hash and time were read by the authorization, and the
		// base weight charged a sender's signature check that a feeless reading does not do.
		let not_spent =
			<Test as frame_system::Config>::DbWeight::get().reads(4) + SenderSignatureCheck::get();
		let charged = benchmarked + (MAX_HANDOVER - USED_HANDOVER) - not_spent;
		assert_eq!(call.get_dispatch_info().call_weight, charged);
		let baseline = signed(&meter_a(), 0, GENESIS_TIME - 3_600);
		let info =
			Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), baseline).unwrap();
		assert_eq!(info.actual_weight, Some(charged - MAX_HANDOVER));
		let reading = signed(&meter_a(), 4_000, GENESIS_TIME);
		let info =
			Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), reading).unwrap();
		// A reading whose receiver did its common case costs what the benchmark measured, less
		// what the rest of its transaction was charged for it.
		assert_eq!(info.actual_weight, Some(benchmarked - not_spent));
	});
}

#[test]
fn batches_refuse_bad_input() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let gateway = RuntimeOrigin::signed(account("Gateway"));
		assert_noop!(Meters::submit_readings(gateway.clone(), vec![]), Error::<Test>::EmptyBatch);
		let too_many: Vec<_> =
			(0..17).map(|i| signed(&meter_a(), i, GENESIS_TIME - 3_600 + i)).collect();
		assert_noop!(Meters::submit_readings(gateway, too_many), Error::<Test>::TooManyReadings);
		assert_noop!(
			Meters::submit_readings(
				RuntimeOrigin::none(),
				vec![signed(&meter_a(), 0, GENESIS_TIME)]
			),
			DispatchError::BadOrigin
		);
	});
}

/// A whole year of a real 5 kWp PV system in Greensboro, NC, hour by hour.
#[test]
fn a_year_of_greensboro_verifies_every_wh() {
	let rows = origo_primitives::csv::sample_year("greensboro-nc-5kwp-hourly.csv");
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_eq!(rows.len(), 8_760);
		set_time(rows.last().unwrap().0);
		// The register reads 0 at the start of the first hour.
		let mut readings = vec![signed(&meter_a(), 0, rows[0].0 - 3_600)];
		let mut counter = 0;
		for (time, wh) in &rows {
			counter += wh;
			readings.push(signed(&meter_a(), counter, *time));
		}
		for batch in readings.chunks(16) {
			assert_ok!(Meters::submit_readings(RuntimeOrigin::signed(owner()), batch.to_vec()));
			System::assert_last_event(
				Event::BatchProcessed {
					gateway: owner(),
					accepted: batch.len() as u32,
					rejected: 0,
				}
				.into(),
			);
			System::reset_events();
		}
		assert_eq!(counter, 7_910_989);
		assert_eq!(Meters::device_details(0).unwrap().device.verified_wh, 7_910_989);
		assert_eq!(produced().iter().map(|energy| energy.wh).sum::<u64>(), 7_910_989);
	});
}

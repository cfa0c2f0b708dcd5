use super::*;

/// Replays a year of `../shared/data/<file>` through the meter (gateway batches of 32).
fn replay(file: &str) -> Wh {
	let rows = origo_primitives::csv::sample_year(file);
	// The ExtBuilder's baseline is at START; the file's first hour ends at 06:00Z.
	assert!(rows[0].0 > START);
	set_time(rows.last().unwrap().0);
	let mut counter = 0;
	let readings: Vec<_> = rows
		.iter()
		.map(|(time, wh)| {
			counter += wh;
			let reading = origo_primitives::registry::Reading {
				meter: meter().public().into(),
				counter_wh: counter,
				timestamp: *time,
			};
			origo_primitives::registry::sign_reading(&meter(), reading, &Meters::genesis_hash())
		})
		.collect();
	for batch in readings.chunks(32) {
		assert_ok!(Meters::submit_readings(RuntimeOrigin::signed(owner()), batch.to_vec()));
	}
	counter
}

fn issued_batches() -> Vec<Wh> {
	let mut batches: Vec<_> = crate::Batches::<Test>::iter().collect();
	batches.sort_by_key(|(id, _)| *id);
	batches.into_iter().map(|(_, batch)| batch.supply.issued).collect()
}

#[test]
fn greensboro_at_one_mwh_issues_seven_certificates() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(replay("greensboro-nc-5kwp-hourly.csv"), 7_910_989);
		assert_eq!(issued_batches(), vec![1_000_000; 7]);
		let ledger = crate::DeviceLedgers::<Test>::get(0).unwrap();
		assert_eq!((ledger.issued, ledger.carried.wh), (7_000_000, 910_989));
	});
}

#[test]
fn miami_at_one_mwh_issues_eight_certificates() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(replay("miami-fl-5kwp-hourly.csv"), 8_596_975);
		assert_eq!(issued_batches(), vec![1_000_000; 8]);
		assert_eq!(holding(&owner(), 7), 1_000_000);
		let ledger = crate::DeviceLedgers::<Test>::get(0).unwrap();
		assert_eq!((ledger.issued, ledger.carried.wh), (8_000_000, 596_975));
	});
}

#[test]
fn greensboro_at_one_wh_issues_one_batch_per_producing_hour() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1);
		replay("greensboro-nc-5kwp-hourly.csv");
		let batches: Vec<_> = crate::Batches::<Test>::iter_values().collect();
		let producing_hours = batches.len();
		assert!(batches.iter().all(|batch| batch.production_end - batch.production_start <= HOUR));
		assert_eq!(batches.iter().map(|batch| batch.supply.issued).sum::<Wh>(), 7_910_989);
		let expected = origo_primitives::csv::sample_year("greensboro-nc-5kwp-hourly.csv")
			.iter()
			.filter(|(_, wh)| *wh > 0)
			.count();
		assert_eq!(producing_hours, expected);
		assert_eq!(crate::DeviceLedgers::<Test>::get(0).unwrap().carried.wh, 0);
	});
}

use super::*;

#[test]
fn the_first_block_opens_the_period_its_time_falls_in() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(CurrentPeriod::<Test>::get(), None);
		block(START + 6, 0);
		assert_eq!(CurrentPeriod::<Test>::get(), Some(0));
		assert_eq!(period(0).start, START);
		assert_eq!(period(0).end, START + DAY);
		System::assert_has_event(
			Event::PeriodOpened { period: 0, start: START, end: START + DAY }.into(),
		);
	})
}

#[test]
fn a_block_costs_its_execution_and_the_idle_time_since_the_last_block_per_validator() {
	ExtBuilder::default().build_and_execute(|| {
		block(START + 6, 0);
		assert_eq!(period(0).modelled_mj, 0, "no previous block: no idle time yet");
		// 0.2 s of execution at 25 W = 5 J; 6 s idle at 60 W = 360 J; three validators.
		block(START + 12, 200_000_000_000);
		assert_eq!(period(0).modelled_mj, 3 * (5_000 + 360_000));
		assert_eq!(period(0).modelled_wh(), 1, "1,095 J rounds up to 1 Wh");
		Validators::set(1);
		block(START + 18, 0);
		assert_eq!(period(0).modelled_mj, 3 * 365_000 + 360_000);
		assert_eq!(Footprint::neutrality_status().modelled_mj, 3 * 365_000 + 360_000);
		assert_eq!(Footprint::neutrality_status().metered_wh, 0);
	})
}

#[test]
fn with_only_the_model_the_status_shows_the_modelled_figure() {
	ExtBuilder::default().build_and_execute(|| {
		block(START, 0);
		// An hour of blocks: 3 x 60 W x 1 h = 180 Wh idle.
		for i in 1..=600 {
			block(START + 6 * i, 0);
		}
		let status = Footprint::neutrality_status();
		assert_eq!(status.modelled_mj, 180 * 3_600_000);
		assert_eq!(status.accounted_wh, 180);
		assert_eq!(status.deficit_wh, 180);
		assert!(!status.neutral);
		assert_eq!(status.neutral_since, None);
	})
}

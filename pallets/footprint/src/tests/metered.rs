use super::*;

#[test]
fn a_nodes_reading_counts_in_the_open_period_and_for_the_node() {
	metered_only(|| {
		block(START + 6, 0);
		read(NODE, 500, START + 3_600);
		assert_eq!(period(0).metered_wh, 500);
		assert_eq!(crate::NodeConsumption::<Test>::get(0, NODE), 500);
		assert_eq!(crate::NodeTotals::<Test>::get(NODE), 500);
		assert_eq!(Footprint::node_consumption(0, None, 10), vec![(NODE, 500)]);
		assert_eq!(Footprint::neutrality_status().metered_wh, 500);
	})
}

#[test]
fn a_report_before_the_first_block_hook_opens_the_period() {
	metered_only(|| {
		read(NODE, 20, START + 60);
		assert_eq!(CurrentPeriod::<Test>::get(), Some(0));
		assert_eq!(period(0).metered_wh, 20);
	})
}

#[test]
fn production_is_never_counted_as_consumption() {
	metered_only(|| {
		block(START + 6, 0);
		mint_one_mwh();
		assert_eq!(period(0).metered_wh, 0);
		assert_eq!(Footprint::neutrality_status().metered_wh, 0);
		assert_eq!(holding(&producer(), 0), 1_000_000);
	})
}

#[test]
fn a_period_accounts_for_the_higher_figure_never_the_sum() {
	ExtBuilder::default().build_and_execute(|| {
		block(START, 0);
		for i in 1..=600 {
			block(START + 6 * i, 0);
		}
		assert_eq!(period(0).modelled_wh(), 180);
		read(NODE, 100, START + 3_600);
		assert_eq!(period(0).accounted_wh(), 180, "the model is higher");
		read(NODE, 1_000, START + 2 * 3_600);
		assert_eq!(period(0).accounted_wh(), 1_000, "the meters are higher");
		assert_eq!(Footprint::neutrality_status().accounted_wh, 1_000);
	})
}

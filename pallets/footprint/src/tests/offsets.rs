use super::*;

#[docify::export]
#[test]
fn a_neutrality_retirement_offsets_the_chain_and_the_status_turns_neutral() {
	metered_only(|| {
		// A solar park's hour mints 1 MWh to its producer; a chain node's meter reports 500 Wh.
		block(START + 6, 0);
		mint_one_mwh();
		read(NODE, 500, START + 3_600);
		block(START + 3_606, 0);
		assert!(!Footprint::neutrality_status().neutral);
		assert_eq!(Footprint::neutrality_status().deficit_wh, 500);

		// Anyone offsets the chain: a retirement with purpose `ChainNeutrality`.
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(producer()),
			0,
			800,
			neutrality_claim()
		));
		assert_eq!(period(0).offset_wh, 800);
		// The next block finds the chain neutral.
		block(START + 3_612, 0);
		System::assert_last_event(Event::BecameNeutral { since: START + 3_612 }.into());
		let status = Footprint::neutrality_status();
		assert!(status.neutral);
		assert_eq!(status.neutral_since, Some(START + 3_612));
		assert_eq!((status.surplus_wh, status.deficit_wh, status.offset_wh), (300, 0, 800));
	})
}

#[test]
fn other_purposes_do_not_offset_the_chain() {
	metered_only(|| {
		block(START + 6, 0);
		mint_one_mwh();
		let mut claim = neutrality_claim();
		claim.purpose = pallet_certificates::Purpose::CarbonOffset;
		assert_ok!(Certificates::retire(RuntimeOrigin::signed(producer()), 0, 800, claim));
		assert_eq!(period(0).offset_wh, 0);
		assert_eq!(Footprint::neutrality_status().offset_wh, 0);
	})
}

#[test]
fn new_consumption_beyond_the_offsets_loses_neutrality() {
	metered_only(|| {
		block(START + 6, 0);
		mint_one_mwh();
		assert_ok!(Certificates::retire(
			RuntimeOrigin::signed(producer()),
			0,
			100,
			neutrality_claim()
		));
		block(START + 12, 0);
		assert!(Footprint::neutrality_status().neutral);
		read(NODE, 150, START + 3_600);
		block(START + 3_606, 0);
		System::assert_last_event(Event::LostNeutrality { deficit_wh: 50 }.into());
		assert_eq!(Footprint::neutrality_status().neutral_since, None);
	})
}

//! Unit tests of pallet-footprint: the model, metered reports through the real meter registry,
//! offsets through the real certificate registry, period closes with and without a reserve, the
//! governance call and every error, and the queries.

use crate::{mock::*, Coefficients, CurrentPeriod, Error, Event, PeriodRecord, Periods};
use frame_support::{assert_noop, assert_ok};
use origo_primitives::registry::{UnixTime, Wh};
use sp_runtime::DispatchError;

/// Coefficients that model nothing, so a test sees only metered consumption.
const NO_MODEL: Coefficients =
	Coefficients { picojoules_per_ref_time: 0, idle_watts_per_validator: 0 };

fn metered_only(test: impl FnOnce()) {
	ExtBuilder::default().coefficients(NO_MODEL).build_and_execute(test)
}

fn period(id: u32) -> PeriodRecord {
	Periods::<Test>::get(id).expect("the period exists")
}

/// Mints one 1 MWh batch (id 0) to the producer from an hour of the solar park.
fn mint_one_mwh() {
	read(PV, 1_000_000, START + 3_600);
}

fn holding(who: &AccountId, batch: u64) -> Wh {
	let record = pallet_certificates::Batches::<Test>::get(batch).expect("minted");
	Certificates::holding(who, batch, &record)
}

mod model {
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
			assert_eq!(Footprint::status().modelled_mj, 3 * 365_000 + 360_000);
			assert_eq!(Footprint::status().metered_wh, 0);
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
			let status = Footprint::status();
			assert_eq!(status.modelled_mj, 180 * 3_600_000);
			assert_eq!(status.accounted_wh, 180);
			assert_eq!(status.deficit_wh, 180);
			assert!(!status.neutral);
			assert_eq!(status.neutral_since, None);
		})
	}
}

mod metered {
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
			assert_eq!(Footprint::status().metered_wh, 500);
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
			assert_eq!(Footprint::status().metered_wh, 0);
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
			assert_eq!(Footprint::status().accounted_wh, 1_000);
		})
	}
}

mod offsets {
	use super::*;

	#[test]
	fn a_neutrality_retirement_offsets_the_chain_and_the_status_turns_neutral() {
		metered_only(|| {
			block(START + 6, 0);
			mint_one_mwh();
			read(NODE, 500, START + 3_600);
			block(START + 3_606, 0);
			assert!(!Footprint::status().neutral);
			assert_eq!(Footprint::status().deficit_wh, 500);

			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(producer()),
				0,
				800,
				neutrality_claim()
			));
			assert_eq!(period(0).offset_wh, 800);
			block(START + 3_612, 0);
			System::assert_last_event(Event::BecameNeutral { since: START + 3_612 }.into());
			let status = Footprint::status();
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
			assert_eq!(Footprint::status().offset_wh, 0);
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
			assert!(Footprint::status().neutral);
			read(NODE, 150, START + 3_600);
			block(START + 3_606, 0);
			System::assert_last_event(Event::LostNeutrality { deficit_wh: 50 }.into());
			assert_eq!(Footprint::status().neutral_since, None);
		})
	}
}

mod periods {
	use super::*;

	/// Period 0 with 500 Wh metered, then the blocks that end and close it.
	fn consume_500_and_close() {
		consume_500_after_and_close(START);
	}

	/// Blocks from `after` on: 500 Wh metered in period 0, then the blocks that end it and
	/// close it (or, while the reserve's draw goes on, draw on it).
	fn consume_500_after_and_close(after: UnixTime) {
		block(after + 6, 0);
		read(NODE, 500, after + 3_600);
		block(START + DAY, 0);
		block(START + DAY + 6, 0);
	}

	#[test]
	fn the_first_block_after_the_end_closes_the_period_from_the_reserve_oldest_first() {
		metered_only(|| {
			mint_one_mwh();
			read(PV, 2_000_000, START + 2 * 3_600);
			let reserve = ReserveAccount::get();
			assert_ok!(Certificates::transfer(
				RuntimeOrigin::signed(producer()),
				1,
				reserve.clone(),
				1_000_000
			));
			assert_ok!(Certificates::transfer(
				RuntimeOrigin::signed(producer()),
				0,
				reserve.clone(),
				300
			));
			consume_500_and_close();

			let closed = period(0);
			assert!(closed.closed);
			assert_eq!((closed.offset_wh, closed.reserve_wh, closed.shortfall_wh), (500, 500, 0));
			assert_eq!(holding(&reserve, 0), 0, "the older batch went first");
			assert_eq!(holding(&reserve, 1), 999_800);
			let retirement = Certificates::retirement(0).expect("the reserve retired batch 0");
			assert_eq!(retirement.claim.purpose, pallet_certificates::Purpose::ChainNeutrality);
			assert_eq!(retirement.claim.consumption_period, Some((START, START + DAY)));
			assert_eq!(retirement.claim.beneficiary, Some(reserve));
			System::assert_has_event(
				Event::PeriodClosed {
					period: 0,
					metered_wh: 500,
					modelled_wh: 0,
					offset_wh: 500,
					reserve_wh: 500,
					shortfall_wh: 0,
					surplus_wh: 0,
				}
				.into(),
			);
			assert_eq!(CurrentPeriod::<Test>::get(), Some(1));
			assert_eq!((period(1).start, period(1).closed), (START + DAY, false));
			assert!(Footprint::status().neutral);
		})
	}

	#[test]
	fn an_empty_reserve_records_a_shortfall_and_the_chain_goes_on() {
		metered_only(|| {
			consume_500_and_close();
			let closed = period(0);
			assert_eq!((closed.reserve_wh, closed.shortfall_wh, closed.closed), (0, 500, true));
			assert_eq!(Footprint::status().deficit_wh, 500);
			block(START + DAY + 12, 0);
			assert_eq!(System::block_number(), 5);
		})
	}

	#[test]
	fn a_small_reserve_covers_what_it_holds() {
		metered_only(|| {
			mint_one_mwh();
			assert_ok!(Certificates::transfer(
				RuntimeOrigin::signed(producer()),
				0,
				ReserveAccount::get(),
				200
			));
			consume_500_and_close();
			let closed = period(0);
			assert_eq!((closed.reserve_wh, closed.shortfall_wh), (200, 300));
			assert_eq!(Footprint::status().deficit_wh, 300);
		})
	}

	/// Five 1 MWh batches of the solar park, 12 minutes apart (ids 0..5, oldest first); the
	/// reserve gets `front` Wh of each of the first four and all of the fifth.
	fn reserve_with_four_in_front(front: Wh) {
		for h in 1..=5 {
			read(PV, h * 1_000_000, START + h * 720);
		}
		let reserve = ReserveAccount::get();
		for batch in 0..4 {
			assert_ok!(Certificates::transfer(
				RuntimeOrigin::signed(producer()),
				batch,
				reserve.clone(),
				front
			));
		}
		assert_ok!(Certificates::transfer(
			RuntimeOrigin::signed(producer()),
			4,
			reserve,
			1_000_000
		));
	}

	/// M-3: 1 Wh of each of four older batches, sent to the reserve, take the first places of
	/// its draw (`MaxBatchesPerCall` = 4); the period stays open and the next block draws on the
	/// rest, so the reserve covers the deficit rather than record a shortfall it could cover.
	#[test]
	fn m3_dust_does_not_stop_the_reserve() {
		metered_only(|| {
			reserve_with_four_in_front(1);
			consume_500_after_and_close(START + 3_600);
			assert!(!period(0).closed);
			assert_eq!(CurrentPeriod::<Test>::get(), Some(0));
			System::assert_has_event(
				Event::ReserveDrawnInPart { period: 0, reserve_wh: 4, deficit_wh: 496 }.into(),
			);
			block(START + DAY + 12, 0);
			let closed = period(0);
			assert_eq!((closed.reserve_wh, closed.shortfall_wh, closed.closed), (500, 0, true));
			assert_eq!(closed.offset_wh, 500);
			assert_eq!(holding(&ReserveAccount::get(), 4), 999_504);
			assert_eq!(CurrentPeriod::<Test>::get(), Some(1));
			assert!(Footprint::status().neutral);
		})
	}

	/// M-3: the reserve's holdings of revoked (or expired) batches are pruned as its draw meets
	/// them, so they never stall a close.
	#[test]
	fn m3_dead_holdings_in_the_reserve_are_pruned_by_its_draw() {
		metered_only(|| {
			reserve_with_four_in_front(1_000);
			for batch in 0..4 {
				assert_ok!(Certificates::revoke(
					RuntimeOrigin::signed(issuer()),
					batch,
					b"meter fault".to_vec()
				));
			}
			consume_500_after_and_close(START + 3_600);
			let reserve = ReserveAccount::get();
			for batch in 0..4 {
				assert_eq!(holding(&reserve, batch), 0);
				System::assert_has_event(
					pallet_certificates::Event::HoldingRevoked {
						batch,
						holder: reserve.clone(),
						wh: 1_000,
					}
					.into(),
				);
			}
			System::assert_has_event(
				Event::ReserveDrawnInPart { period: 0, reserve_wh: 0, deficit_wh: 500 }.into(),
			);
			block(START + DAY + 12, 0);
			assert_eq!((period(0).reserve_wh, period(0).shortfall_wh), (500, 0));
			assert_eq!(holding(&reserve, 4), 999_500);
		})
	}

	#[test]
	fn a_surplus_carries_over_and_the_reserve_is_not_drawn() {
		metered_only(|| {
			mint_one_mwh();
			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(producer()),
				0,
				2_000,
				neutrality_claim()
			));
			assert_ok!(Certificates::transfer(
				RuntimeOrigin::signed(producer()),
				0,
				ReserveAccount::get(),
				1_000
			));
			consume_500_and_close();
			assert_eq!(
				(period(0).reserve_wh, period(0).shortfall_wh, period(0).surplus_wh),
				(0, 0, 1_500)
			);
			read(NODE, 1_500, START + DAY + 3_600);
			block(START + DAY + 3_606, 0);
			let status = Footprint::status();
			assert!(status.neutral);
			assert_eq!((status.accounted_wh, status.offset_wh), (1_500, 2_000));
			assert_eq!(holding(&ReserveAccount::get(), 0), 1_000);
		})
	}

	#[test]
	fn a_halted_chain_resumes_in_the_period_of_its_time() {
		metered_only(|| {
			block(START + 6, 0);
			block(START + 10 * DAY, 0);
			block(START + 10 * DAY + 6, 0);
			assert_eq!(CurrentPeriod::<Test>::get(), Some(1));
			assert_eq!(period(1).start, START + 10 * DAY);
		})
	}

	#[test]
	fn history_pages_oldest_first() {
		metered_only(|| {
			for day in 0..3 {
				block(START + day * DAY, 0);
				block(START + day * DAY + 6, 0);
			}
			let ids = |page: Vec<(u32, PeriodRecord)>| {
				page.into_iter().map(|(id, _)| id).collect::<Vec<_>>()
			};
			assert_eq!(ids(Footprint::history(None, 2)), vec![0, 1]);
			assert_eq!(ids(Footprint::history(Some(1), 2)), vec![2]);
			assert_eq!(ids(Footprint::history(Some(2), 2)), Vec::<u32>::new());
			assert_eq!(ids(Footprint::history(Some(u32::MAX), 2)), Vec::<u32>::new());
		})
	}
}

mod governance {
	use super::*;

	const SET: Coefficients =
		Coefficients { picojoules_per_ref_time: 30, idle_watts_per_validator: 90 };

	#[test]
	fn genesis_sets_the_coefficients() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(
				crate::ModelCoefficients::<Test>::get(),
				Coefficients { picojoules_per_ref_time: 25, idle_watts_per_validator: 60 }
			);
		})
	}

	#[test]
	#[should_panic(expected = "genesis energy-model coefficients are out of range")]
	fn genesis_refuses_coefficients_out_of_range() {
		ExtBuilder::default()
			.coefficients(Coefficients {
				picojoules_per_ref_time: crate::MAX_PICOJOULES_PER_REF_TIME + 1,
				idle_watts_per_validator: 0,
			})
			.build();
	}

	#[test]
	fn governance_sets_the_coefficients() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Footprint::set_coefficients(RuntimeOrigin::root(), SET));
			assert_eq!(crate::ModelCoefficients::<Test>::get(), SET);
			System::assert_last_event(Event::CoefficientsSet { coefficients: SET }.into());
			assert_eq!(Footprint::status().coefficients, SET);
		})
	}

	#[test]
	fn anyone_else_is_refused() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Footprint::set_coefficients(RuntimeOrigin::signed(operator()), SET),
				DispatchError::BadOrigin
			);
		})
	}

	#[test]
	fn coefficients_out_of_range_are_refused() {
		ExtBuilder::default().build_and_execute(|| {
			for coefficients in [
				Coefficients {
					picojoules_per_ref_time: crate::MAX_PICOJOULES_PER_REF_TIME + 1,
					idle_watts_per_validator: 60,
				},
				Coefficients {
					picojoules_per_ref_time: 25,
					idle_watts_per_validator: crate::MAX_IDLE_WATTS_PER_VALIDATOR + 1,
				},
			] {
				assert_noop!(
					Footprint::set_coefficients(RuntimeOrigin::root(), coefficients),
					Error::<Test>::CoefficientOutOfRange
				);
			}
		})
	}
}

/// Security review M-2: any approved consumption device counted as the chain's consumption and
/// drained the neutrality reserve.
mod chain_nodes {
	use super::*;
	use origo_primitives::registry::{sign_binding, DeviceKind};
	use sp_core::Pair;

	/// A 1 GW consumption device of Mallory's, approved, its meter bound: device 2.
	fn mallorys_server() -> u64 {
		let mallory = account("Mallory");
		assert_ok!(Meters::register_device(
			RuntimeOrigin::signed(mallory.clone()),
			declaration(b"not a node", 1_000_000_000, DeviceKind::Consumption)
		));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 2));
		let proof = sign_binding(&meter_of(2), &Meters::genesis_hash(), 2, &mallory);
		assert_ok!(Meters::bind_meter(
			RuntimeOrigin::signed(mallory),
			2,
			meter_of(2).public().into(),
			proof
		));
		2
	}

	#[test]
	fn m2_only_recognised_chain_nodes_count_as_chain_consumption() {
		metered_only(|| {
			let server = mallorys_server();
			assert_eq!(try_read(server, 0, START + 60), Err(Error::<Test>::NotChainNode.into()));
			// A gateway batch reports the footprint's refusal by name.
			assert_ok!(Meters::submit_readings(
				RuntimeOrigin::signed(account("Mallory")),
				vec![reading_of(server, 0, START + 60)]
			));
			System::assert_has_event(
				pallet_meters::Event::ReadingRejected {
					index: 0,
					meter: meter_of(server).public().into(),
					error: Error::<Test>::NotChainNode.into(),
				}
				.into(),
			);
			assert_eq!(crate::NodeTotals::<Test>::get(server), 0);

			assert_ok!(Footprint::recognise_node(RuntimeOrigin::root(), server));
			System::assert_last_event(Event::NodeRecognised { device: server }.into());
			read(server, 0, START + 60);
			read(server, 1_000, START + 3_600);
			assert_eq!(crate::NodeTotals::<Test>::get(server), 1_000);

			assert_ok!(Footprint::forget_node(RuntimeOrigin::root(), server));
			System::assert_last_event(Event::NodeForgotten { device: server }.into());
			assert_eq!(
				try_read(server, 2_000, START + 7_200),
				Err(Error::<Test>::NotChainNode.into())
			);
			assert_eq!(Footprint::status().metered_wh, 1_000);
		})
	}

	#[test]
	fn recognising_refuses_bad_input() {
		metered_only(|| {
			assert_noop!(
				Footprint::recognise_node(RuntimeOrigin::signed(operator()), NODE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Footprint::recognise_node(RuntimeOrigin::root(), 9),
				Error::<Test>::UnknownDevice
			);
			assert_noop!(
				Footprint::recognise_node(RuntimeOrigin::root(), PV),
				Error::<Test>::NotConsumptionDevice
			);
			assert_noop!(
				Footprint::recognise_node(RuntimeOrigin::root(), NODE),
				Error::<Test>::AlreadyChainNode
			);
			assert_noop!(
				Footprint::forget_node(RuntimeOrigin::signed(operator()), NODE),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Footprint::forget_node(RuntimeOrigin::root(), PV),
				Error::<Test>::NotChainNode
			);
		})
	}
}

//! Unit tests of pallet-certificates: issuance from real readings, every call and error, the
//! sample years, and a property test of the invariants over random operations.

use crate::{mock::*, Batch, Carried, Claim, Error, Event, Purpose, Supply};
use frame_support::{assert_noop, assert_ok};
use origo_primitives::registry::{Technology, UnixTime, Wh};
use sp_core::Pair;
use sp_runtime::DispatchError;

const HOUR: UnixTime = 3_600;

/// A claim for `purpose` with no beneficiary: the retirer.
fn claim(purpose: Purpose) -> Claim<AccountId, Vec<u8>> {
	Claim {
		beneficiary: None,
		beneficiary_name: None,
		purpose,
		consumption_country: None,
		consumption_period: None,
		message: b"2025 consumption".to_vec(),
	}
}

/// Readings of `wh_per_hour` for `hours` hours after [`START`]; returns the counter.
fn produce(hours: u64, wh_per_hour: Wh) -> Wh {
	let mut counter = 0;
	for hour in 1..=hours {
		counter += wh_per_hour;
		set_time(START + hour * HOUR);
		read(counter, START + hour * HOUR);
	}
	counter
}

/// Mints one batch (id 0) of 5,000 Wh to the owner with a 1 kWh quantum.
fn with_batch(test: impl FnOnce()) {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		produce(1, 5_000);
		test();
	})
}

fn holding(who: &AccountId, batch: u64) -> Wh {
	let record = crate::Batches::<Test>::get(batch).expect("the batch exists");
	Certificates::holding(who, batch, &record)
}

mod issuance {
	use super::*;

	#[test]
	fn whole_quanta_are_minted_and_the_rest_carried() {
		ExtBuilder.build_and_execute(|| {
			Quantum::set(1_000);
			set_time(START + HOUR);
			read(600, START + HOUR);
			assert_eq!(crate::NextBatchId::<Test>::get(), 0);
			set_time(START + 2 * HOUR);
			read(1_300, START + 2 * HOUR);
			System::assert_has_event(
				Event::Issued {
					batch: 0,
					device: 0,
					recipient: owner(),
					wh: 1_000,
					production_start: START,
					production_end: START + 2 * HOUR,
				}
				.into(),
			);
			let batch = crate::Batches::<Test>::get(0).unwrap();
			assert_eq!(
				batch,
				Batch {
					device: 0,
					production_start: START,
					production_end: START + 2 * HOUR,
					issued_at: START + 2 * HOUR,
					expires_at: START + 2 * HOUR + 365 * 86_400,
					supply: Supply { issued: 1_000, held: 1_000, ..Default::default() },
					revoked: false,
					previous: None,
				}
			);
			// The issuer, technology and zone are the device's, joined by the query.
			let details = Certificates::batch_details(0).expect("batch 0 exists");
			assert_eq!(
				(details.batch, details.issuer, details.technology, details.zone),
				(batch, issuer(), Technology::SolarPv, zone("US-FL"))
			);
			assert_eq!(holding(&owner(), 0), 1_000);
			let ledger = crate::DeviceLedgers::<Test>::get(0).unwrap();
			assert_eq!(ledger.verified, 1_300);
			assert_eq!(ledger.issued, 1_000);
			assert_eq!(
				ledger.carried,
				Carried { start: START + HOUR, end: START + 2 * HOUR, wh: 300 }
			);
		});
	}

	#[test]
	fn the_owner_may_send_issuance_to_a_beneficiary() {
		ExtBuilder.build_and_execute(|| {
			Quantum::set(1_000);
			assert_noop!(
				Certificates::set_beneficiary(RuntimeOrigin::signed(company()), 0, Some(company())),
				Error::<Test>::NotDeviceOwner
			);
			assert_noop!(
				Certificates::set_beneficiary(RuntimeOrigin::signed(owner()), 9, Some(company())),
				Error::<Test>::UnknownDevice
			);
			// A pending device may still be removed: nothing is minted for it.
			assert_ok!(Meters::register_device(
				RuntimeOrigin::signed(owner()),
				pallet_meters::Devices::<Test>::get(0)
					.unwrap()
					.declaration
					.map_name(|name| name.to_vec())
			));
			assert_noop!(
				Certificates::set_beneficiary(RuntimeOrigin::signed(owner()), 1, Some(company())),
				Error::<Test>::DeviceNotCertifiable
			);
			assert_ok!(Certificates::set_beneficiary(
				RuntimeOrigin::signed(owner()),
				0,
				Some(company())
			));
			System::assert_last_event(
				Event::BeneficiarySet { device: 0, beneficiary: Some(company()) }.into(),
			);
			produce(1, 2_000);
			assert_eq!(holding(&company(), 0), 2_000);
			assert_ok!(Certificates::set_beneficiary(RuntimeOrigin::signed(owner()), 0, None));
			set_time(START + 2 * HOUR);
			read(3_000, START + 2 * HOUR);
			assert_eq!(holding(&owner(), 1), 1_000);
		});
	}
}

mod sample_years {
	use super::*;

	/// Replays a year of `../shared/data/<file>` through the meter (gateway batches of 32).
	fn replay(file: &str) -> Wh {
		let path = format!("{}/../../../shared/data/{file}", env!("CARGO_MANIFEST_DIR"));
		let csv = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
		let rows: Vec<(UnixTime, Wh)> = csv
			.lines()
			.skip(1)
			.map(|line| {
				let (time, wh) = line.split_once(',').expect("two columns");
				(
					origo_primitives::time::parse_utc(time).expect("UTC times"),
					wh.trim().parse().expect("Wh are integers"),
				)
			})
			.collect();
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
			assert!(batches
				.iter()
				.all(|batch| batch.production_end - batch.production_start <= HOUR));
			assert_eq!(batches.iter().map(|batch| batch.supply.issued).sum::<Wh>(), 7_910_989);
			let path = format!(
				"{}/../../../shared/data/greensboro-nc-5kwp-hourly.csv",
				env!("CARGO_MANIFEST_DIR")
			);
			let expected = std::fs::read_to_string(path)
				.unwrap()
				.lines()
				.skip(1)
				.filter(|line| !line.ends_with(",0"))
				.count();
			assert_eq!(producing_hours, expected);
			assert_eq!(crate::DeviceLedgers::<Test>::get(0).unwrap().carried.wh, 0);
		});
	}
}

mod transfers {
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
			assert_noop!(
				transfer(owner(), 0, company(), 5_001),
				Error::<Test>::InsufficientBalance
			);
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
				Certificates::retire(
					RuntimeOrigin::signed(who),
					0,
					wh,
					claim(Purpose::CarbonOffset),
				)
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
			assert_ok!(Certificates::prune(
				RuntimeOrigin::signed(account("Anyone")),
				vec![(third, 0)]
			));
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
			assert_ok!(Certificates::transfer_many(
				to.clone(),
				company(),
				vec![(0, 400), (1, 1_000)]
			));
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
}

mod retirements {
	use super::*;

	#[test]
	fn retiring_records_the_claim_and_avoided_emissions() {
		with_batch(|| {
			assert_ok!(Certificates::set_emission_factor(
				RuntimeOrigin::root(),
				zone("US-FL"),
				START - 86_400,
				400
			));
			assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 3_000));
			let offset = Claim {
				beneficiary: None,
				beneficiary_name: Some(b"Acme Bakery".to_vec()),
				purpose: Purpose::CarbonOffset,
				consumption_country: Some(zone("US-FL")),
				consumption_period: Some((START, START + 86_400)),
				message: b"ovens".to_vec(),
			};
			assert_ok!(Certificates::retire(RuntimeOrigin::signed(company()), 0, 2_000, offset));
			// 2,000 Wh x 400 g/kWh = 800 g.
			System::assert_last_event(
				Event::Retired {
					retirement: 0,
					batch: 0,
					retirer: company(),
					beneficiary: None,
					wh: 2_000,
					purpose: Purpose::CarbonOffset,
					avoided_g_co2e: 800,
				}
				.into(),
			);
			let retirement = crate::Retirements::<Test>::get(0).unwrap();
			assert_eq!(
				retirement.claim.beneficiary_name.unwrap().into_inner(),
				b"Acme Bakery".to_vec()
			);
			assert_eq!(retirement.block, 1);
			assert_eq!(retirement.time, START + HOUR);
			let supply = crate::Batches::<Test>::get(0).unwrap().supply;
			assert_eq!((supply.held, supply.retired), (3_000, 2_000));
			assert_eq!(crate::ZoneTotalsOf::<Test>::get(zone("US-FL")).avoided_g_co2e, 800);
			// Retired certificates never move again.
			assert_noop!(
				Certificates::retire(
					RuntimeOrigin::signed(company()),
					0,
					1_001,
					claim(Purpose::Consumption)
				),
				Error::<Test>::InsufficientBalance
			);
		});
	}

	#[test]
	fn the_beneficiary_defaults_to_the_retirer() {
		with_batch(|| {
			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(owner()),
				0,
				10,
				claim(Purpose::Consumption)
			));
			let retirement = crate::Retirements::<Test>::get(0).unwrap();
			assert_eq!(retirement.claim.beneficiary, Some(owner()));
			assert!(crate::BeneficiaryRetirements::<Test>::contains_key(owner(), 0));
		});
	}

	#[test]
	fn retiring_refuses_bad_input() {
		with_batch(|| {
			let retire = |batch, wh, claim| {
				Certificates::retire(RuntimeOrigin::signed(owner()), batch, wh, claim)
			};
			assert_noop!(retire(0, 0, claim(Purpose::Consumption)), Error::<Test>::ZeroAmount);
			assert_noop!(retire(5, 1, claim(Purpose::Consumption)), Error::<Test>::UnknownBatch);
			assert_noop!(
				retire(0, 5_001, claim(Purpose::Consumption)),
				Error::<Test>::InsufficientBalance
			);
			let mut long = claim(Purpose::Consumption);
			long.message = vec![b'm'; 33];
			assert_noop!(retire(0, 1, long), Error::<Test>::TextTooLong);
			let mut long_name = claim(Purpose::Consumption);
			long_name.beneficiary_name = Some(vec![b'n'; 33]);
			assert_noop!(retire(0, 1, long_name), Error::<Test>::TextTooLong);
			let mut backwards = claim(Purpose::Consumption);
			backwards.consumption_period = Some((START + 1, START));
			assert_noop!(retire(0, 1, backwards), Error::<Test>::InvalidPeriod);
			let mut bad_country = claim(Purpose::Consumption);
			bad_country.consumption_country =
				Some(origo_primitives::registry::Zone(*b"us\0\0\0\0\0\0"));
			assert_noop!(retire(0, 1, bad_country), Error::<Test>::InvalidZone);
			set_time(START + HOUR + 365 * 86_400);
			assert_noop!(retire(0, 1, claim(Purpose::Consumption)), Error::<Test>::BatchExpired);
		});
	}

	#[test]
	fn retire_oldest_takes_the_oldest_production_first() {
		ExtBuilder.build_and_execute(|| {
			Quantum::set(1_000);
			produce(3, 1_000);
			assert_ok!(Certificates::retire_oldest(
				RuntimeOrigin::signed(owner()),
				1_500,
				claim(Purpose::ChainNeutrality)
			));
			let retirements: Vec<_> =
				(0..2).map(|id| crate::Retirements::<Test>::get(id).unwrap()).collect();
			assert_eq!((retirements[0].batch, retirements[0].wh), (0, 1_000));
			assert_eq!((retirements[1].batch, retirements[1].wh), (1, 500));
			assert_noop!(
				Certificates::retire_oldest(
					RuntimeOrigin::signed(owner()),
					1_501,
					claim(Purpose::Consumption)
				),
				Error::<Test>::InsufficientBalance
			);
			assert_noop!(
				Certificates::retire_oldest(
					RuntimeOrigin::signed(owner()),
					0,
					claim(Purpose::Consumption)
				),
				Error::<Test>::ZeroAmount
			);
		});
	}

	#[test]
	fn retire_oldest_skips_expired_batches() {
		ExtBuilder.build_and_execute(|| {
			Quantum::set(1_000);
			produce(1, 1_000);
			// A year later: batch 0 expired, batch 1 is new.
			let later = START + 365 * 86_400 + 2 * HOUR;
			set_time(later);
			read(2_000, later);
			assert_ok!(Certificates::retire_oldest(
				RuntimeOrigin::signed(owner()),
				1_000,
				claim(Purpose::Consumption)
			));
			assert_eq!(crate::Retirements::<Test>::get(0).unwrap().batch, 1);
		});
	}

	#[test]
	fn transfer_and_retire_retires_for_the_recipient() {
		with_batch(|| {
			assert_ok!(Certificates::transfer_and_retire(
				RuntimeOrigin::signed(owner()),
				0,
				company(),
				1_000,
				claim(Purpose::Consumption)
			));
			let retirement = crate::Retirements::<Test>::get(0).unwrap();
			assert_eq!(
				(retirement.retirer.clone(), retirement.claim.beneficiary),
				(company(), Some(company()))
			);
			// Security review L-3: the record names who sent them for retirement.
			assert_eq!(retirement.sent_by, Some(owner()));
			assert_eq!(holding(&company(), 0), 0);
			assert_eq!(crate::Batches::<Test>::get(0).unwrap().supply.retired, 1_000);
			assert_noop!(
				Certificates::transfer_and_retire(
					RuntimeOrigin::signed(owner()),
					0,
					company(),
					4_001,
					claim(Purpose::Consumption)
				),
				Error::<Test>::InsufficientBalance
			);
		});
	}
}

mod expiry_and_revocation {
	use super::*;

	#[test]
	fn anyone_prunes_holdings_of_an_expired_batch() {
		with_batch(|| {
			assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1_000));
			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(owner()),
				0,
				1_000,
				claim(Purpose::Consumption)
			));
			let anyone = RuntimeOrigin::signed(account("Anyone"));
			assert_noop!(
				Certificates::prune(anyone.clone(), vec![(owner(), 0)]),
				Error::<Test>::BatchLive
			);
			set_time(START + HOUR + 365 * 86_400);
			// Expired certificates do not move.
			assert_noop!(
				Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1),
				Error::<Test>::BatchExpired
			);
			assert_noop!(Certificates::prune(anyone.clone(), vec![]), Error::<Test>::NoBatches);
			assert_noop!(
				Certificates::prune(anyone.clone(), vec![(owner(), 0); 17]),
				Error::<Test>::TooManyHoldings
			);
			assert_noop!(
				Certificates::prune(anyone.clone(), vec![(owner(), 3)]),
				Error::<Test>::UnknownBatch
			);
			// All or nothing: the third account holds none of it.
			assert_noop!(
				Certificates::prune(anyone.clone(), vec![(owner(), 0), (account("Third"), 0)]),
				Error::<Test>::NothingHeld
			);
			assert_ok!(Certificates::prune(anyone.clone(), vec![(owner(), 0), (company(), 0)]));
			System::assert_has_event(
				Event::HoldingExpired { batch: 0, holder: owner(), wh: 3_000 }.into(),
			);
			System::assert_last_event(
				Event::HoldingExpired { batch: 0, holder: company(), wh: 1_000 }.into(),
			);
			let supply = crate::Batches::<Test>::get(0).unwrap().supply;
			assert_eq!(
				supply,
				Supply { issued: 5_000, held: 0, retired: 1_000, expired: 4_000, revoked: 0 }
			);
			assert_eq!(crate::ZoneTotalsOf::<Test>::get(zone("US-FL")).expired, 4_000);
			// Fully expired or retired: its holdings are gone, its record and retirements stay.
			assert_eq!(crate::Holdings::<Test>::iter().count(), 0);
			assert!(crate::Retirements::<Test>::contains_key(0));
			assert_noop!(
				Certificates::prune(anyone, vec![(owner(), 0)]),
				Error::<Test>::NothingHeld
			);
		});
	}

	#[test]
	fn an_issuer_of_the_zone_revokes_a_batch() {
		with_batch(|| {
			assert_ok!(Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 2_000));
			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(company()),
				0,
				500,
				claim(Purpose::Consumption)
			));
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(company()), 0, b"fraud".to_vec()),
				Error::<Test>::NotIssuer
			);
			let texas = account("Texas");
			assert_ok!(Meters::appoint_issuer(
				RuntimeOrigin::root(),
				texas.clone(),
				b"TX".to_vec(),
				vec![zone("US-TX")]
			));
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(texas), 0, b"fraud".to_vec()),
				Error::<Test>::NotIssuer
			);
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, vec![b'r'; 33]),
				Error::<Test>::TextTooLong
			);
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(issuer()), 9, b"fraud".to_vec()),
				Error::<Test>::UnknownBatch
			);
			assert_ok!(Certificates::revoke(
				RuntimeOrigin::signed(issuer()),
				0,
				b"meter fault".to_vec()
			));
			System::assert_last_event(
				Event::Revoked {
					batch: 0,
					issuer: issuer(),
					wh: 4_500,
					reason: b"meter fault".to_vec().try_into().unwrap(),
				}
				.into(),
			);
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, b"again".to_vec()),
				Error::<Test>::BatchRevoked
			);
			// Frozen: revoked certificates neither move nor retire.
			assert_noop!(
				Certificates::transfer(RuntimeOrigin::signed(owner()), 0, company(), 1),
				Error::<Test>::BatchRevoked
			);
			assert_noop!(
				Certificates::retire(
					RuntimeOrigin::signed(company()),
					0,
					1,
					claim(Purpose::Consumption)
				),
				Error::<Test>::BatchRevoked
			);
			assert_noop!(
				Certificates::retire_oldest(
					RuntimeOrigin::signed(company()),
					1,
					claim(Purpose::Consumption)
				),
				Error::<Test>::InsufficientBalance
			);
			// Pruned at once, expired or not, into the revoked supply.
			assert_ok!(Certificates::prune(
				RuntimeOrigin::signed(account("Anyone")),
				vec![(owner(), 0), (company(), 0)]
			));
			System::assert_last_event(
				Event::HoldingRevoked { batch: 0, holder: company(), wh: 1_500 }.into(),
			);
			let supply = crate::Batches::<Test>::get(0).unwrap().supply;
			assert_eq!(
				supply,
				Supply { issued: 5_000, held: 0, retired: 500, expired: 0, revoked: 4_500 }
			);
			assert_eq!(crate::ZoneTotalsOf::<Test>::get(zone("US-FL")).revoked, 4_500);
		});
	}

	#[test]
	fn a_batch_with_nothing_held_is_not_revoked() {
		with_batch(|| {
			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(owner()),
				0,
				5_000,
				claim(Purpose::Consumption)
			));
			assert_noop!(
				Certificates::revoke(RuntimeOrigin::signed(issuer()), 0, b"fraud".to_vec()),
				Error::<Test>::NothingHeld
			);
		});
	}
}

/// Security review findings on the certificate side (`shared/reviews/security-review.md`).
mod integrity {
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
			assert!(
				Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), older).is_err()
			);
			set_time(START + 2 * HOUR);
			read(1_100, START + 2 * HOUR);
			let batch = crate::Batches::<Test>::get(0).unwrap();
			assert!(batch.production_start <= batch.production_end);
			assert_eq!((batch.production_start, batch.production_end), (START, START + 2 * HOUR));
		});
	}
}

mod emission_factors {
	use super::*;

	/// L-5: a factor set in error is corrected or removed, even one valid from the end of
	/// time, and the history stays in time order.
	#[test]
	fn l5_governance_corrects_and_removes_factors() {
		ExtBuilder.build_and_execute(|| {
			let fl = zone("US-FL");
			let history = || {
				crate::EmissionFactors::<Test>::get(fl)
					.iter()
					.map(|f| (f.valid_from, f.g_co2e_per_kwh))
					.collect::<Vec<_>>()
			};
			assert_ok!(Certificates::set_emission_factor(RuntimeOrigin::root(), fl, u64::MAX, 400));
			// Governance can still set a factor: before the typo, in time order.
			assert_ok!(Certificates::set_emission_factor(RuntimeOrigin::root(), fl, START, 500));
			assert_eq!(history(), vec![(START, 500), (u64::MAX, 400)]);
			// A correction replaces the factor from the same time.
			assert_ok!(Certificates::set_emission_factor(RuntimeOrigin::root(), fl, START, 450));
			assert_eq!(history(), vec![(START, 450), (u64::MAX, 400)]);
			assert_noop!(
				Certificates::remove_emission_factor(RuntimeOrigin::signed(owner()), fl, u64::MAX),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Certificates::remove_emission_factor(RuntimeOrigin::root(), fl, START + 1),
				Error::<Test>::UnknownFactor
			);
			assert_noop!(
				Certificates::remove_emission_factor(RuntimeOrigin::root(), zone("US-TX"), START),
				Error::<Test>::UnknownFactor
			);
			assert_ok!(Certificates::remove_emission_factor(RuntimeOrigin::root(), fl, u64::MAX));
			System::assert_last_event(
				Event::EmissionFactorRemoved { zone: fl, valid_from: u64::MAX }.into(),
			);
			assert_eq!(history(), vec![(START, 450)]);
			assert_eq!(Certificates::emission_factor_at(fl, u64::MAX), 450);
			// The last one removed, the zone keeps no history.
			assert_ok!(Certificates::remove_emission_factor(RuntimeOrigin::root(), fl, START));
			assert!(!crate::EmissionFactors::<Test>::contains_key(fl));
			assert_eq!(Certificates::emission_factor_at(fl, START), 0);
		});
	}

	#[test]
	fn governance_sets_factors_with_history() {
		ExtBuilder.build_and_execute(|| {
			let set =
				|origin, zone, from, g| Certificates::set_emission_factor(origin, zone, from, g);
			assert_noop!(
				set(RuntimeOrigin::signed(owner()), zone("US-FL"), START, 400),
				DispatchError::BadOrigin
			);
			assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START - 10 * HOUR, 500));
			System::assert_last_event(
				Event::EmissionFactorSet {
					zone: zone("US-FL"),
					valid_from: START - 10 * HOUR,
					g_co2e_per_kwh: 500,
				}
				.into(),
			);
			assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR / 2, 300));
			assert_noop!(
				set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR, 2_001),
				Error::<Test>::FactorOutOfRange
			);
			assert_noop!(
				set(RuntimeOrigin::root(), origo_primitives::registry::Zone([0; 8]), START, 1),
				Error::<Test>::InvalidZone
			);
			assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR, 200));
			assert_noop!(
				set(RuntimeOrigin::root(), zone("US-FL"), START + 2 * HOUR, 100),
				Error::<Test>::TooManyFactors
			);
			// A full history can still be corrected.
			assert_ok!(set(RuntimeOrigin::root(), zone("US-FL"), START + HOUR, 200));
			// Production started at START: the factor valid then is 500 g/kWh.
			Quantum::set(1_000);
			produce(1, 2_000);
			assert_ok!(Certificates::retire(
				RuntimeOrigin::signed(owner()),
				0,
				2_000,
				claim(Purpose::CarbonOffset)
			));
			assert_eq!(crate::Retirements::<Test>::get(0).unwrap().avoided_g_co2e, 1_000);
		});
	}
}

/// Random readings, transfers, retirements, expiries and revocations; after every step the
/// invariants hold and a failed step changed nothing.
#[test]
fn invariants_hold_over_random_operations() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(2_000);
		let accounts = [owner(), company(), account("Third")];
		let mut rng = 0x2545_f491_4f6c_dd1d_u64;
		let mut next = move |bound: u64| {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			rng % bound
		};
		let (mut counter, mut time) = (0, START);
		for _ in 0..3_000 {
			let who = accounts[next(3) as usize].clone();
			let other = accounts[next(3) as usize].clone();
			let batch = next(crate::NextBatchId::<Test>::get().max(1));
			let wh = next(3_000) + 1;
			let op = next(8);
			if op < 2 {
				let elapsed = next(2 * HOUR) + 1;
				time += elapsed;
				counter += next(5_000 * elapsed / HOUR + 1);
			} else if op == 5 {
				time += next(60 * 86_400);
			}
			set_time(time);
			let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
			let result = match op {
				0 | 1 => Meters::submit_readings(
					RuntimeOrigin::signed(owner()),
					vec![origo_primitives::registry::sign_reading(
						&meter(),
						origo_primitives::registry::Reading {
							meter: meter().public().into(),
							counter_wh: counter,
							timestamp: time,
						},
						&Meters::genesis_hash(),
					)],
				)
				.map(|_| ())
				.map_err(|error| error.error),
				2 => Certificates::transfer(RuntimeOrigin::signed(who), batch, other, wh),
				3 => Certificates::retire(
					RuntimeOrigin::signed(who),
					batch,
					wh,
					claim(Purpose::Consumption),
				),
				4 => Certificates::retire_oldest(
					RuntimeOrigin::signed(who),
					wh,
					claim(Purpose::CarbonOffset),
				),
				5 => Certificates::prune(RuntimeOrigin::signed(who), vec![(other, batch)]),
				6 => {
					Certificates::revoke(RuntimeOrigin::signed(issuer()), batch, b"audit".to_vec())
				},
				_ => Certificates::transfer_and_retire(
					RuntimeOrigin::signed(who),
					batch,
					other,
					wh,
					claim(Purpose::ChainNeutrality),
				),
			};
			if result.is_err() {
				assert_eq!(
					sp_io::storage::root(sp_runtime::StateVersion::V1),
					before,
					"{result:?} changed state"
				);
			}
			Certificates::do_try_state().expect("invariants hold after every step");
		}
		assert!(crate::NextBatchId::<Test>::get() > 10, "the run issued batches");
		assert!(crate::NextRetirementId::<Test>::get() > 10, "the run retired certificates");
	});
}

mod queries {
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
}

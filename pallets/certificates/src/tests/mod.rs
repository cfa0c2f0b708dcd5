//! Unit tests of pallet-certificates: issuance from real readings, every call and error, the
//! sample years, and a property test of the invariants over random operations.

use crate::{mock::*, Batch, Carried, Claim, Error, Event, Purpose, Supply};
use frame_support::{assert_noop, assert_ok};
use origo_primitives::registry::{CertificateEscrow, Technology, UnixTime, Wh};
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
mod emission_factors;
mod escrow;
mod expiry_and_revocation;
mod integrity;
mod issuance;
mod queries;
mod retirements;
mod sample_years;
mod transfers;

/// Random readings, transfers, retirements, listings, expiries and revocations; after every step
/// the invariants hold and a failed step changed nothing.
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
			let op = next(11);
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
				8 => Certificates::transfer_oldest(RuntimeOrigin::signed(who), other, wh),
				9 => <Certificates as CertificateEscrow<AccountId>>::list(&who, batch, wh),
				10 => <Certificates as CertificateEscrow<AccountId>>::unlist(&who, batch, wh),
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

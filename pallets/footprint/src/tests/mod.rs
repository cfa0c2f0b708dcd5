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

mod chain_nodes;
mod governance;
mod metered;
mod model;
mod offsets;
mod periods;

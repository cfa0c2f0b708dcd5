//! Unit tests of pallet-meters: every call, every error, the pool path and a year of readings.

use crate::{mock::*, DeviceStatus, Error, Event, LastReading, Meter, MeterStatus};
use codec::Decode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
	traits::Authorize,
};
use origo_primitives::registry::{
	sign_binding, sign_reading, DeviceKind, Reading, Technology, VerifiedEnergy, Zone,
};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_runtime::DispatchError;

fn authorized() -> RuntimeOrigin {
	frame_system::RawOrigin::Authorized.into()
}

/// What `who` holds for `reason`.
fn held(reason: RuntimeHoldReason, who: &AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&reason, who)
}

fn meter_a() -> sr25519::Pair {
	meter_pair("a")
}

/// Submits `reading` through the feeless path as a block applies it: its authorization (which
/// the pool ran too), then its dispatch. A refused authorization reports its reading error.
fn submit(reading: origo_primitives::registry::SignedReading) -> sp_runtime::DispatchResult {
	let call = crate::Call::<Test>::submit_reading { reading: reading.clone() };
	match call.authorize(TransactionSource::External).expect("authorized by its reading") {
		Ok(_) => {},
		Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code))) => {
			return Err(Error::<Test>::decode(&mut &[code][..]).expect("a reading error").into())
		},
		Err(other) => panic!("a reading is refused with its error code, not {other:?}"),
	}
	Meters::submit_reading(authorized(), reading).map(|_| ()).map_err(|error| error.error)
}
mod batches;
mod devices;
mod integrity;
mod issuers;
mod meters;
mod migration;
mod profiles;
mod queries;
mod readings;

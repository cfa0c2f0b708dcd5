//! The registry's set-up steps on a running node, done through signed calls as users do them:
//! register a device, have the issuer approve it, bind a meter, read the meter's last reading.

use crate::{chain, wait_until, Node};
use origo_primitives::registry::{sign_binding, DeviceId, MeterKey};
use origo_runtime::{Runtime, RuntimeCall};
use pallet_meters::{Call, DeviceDeclaration, DeviceOf, DeviceStatus, Meter};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

/// `owner` registers `declaration` and `issuer` approves it; returns its id once approved.
pub fn approved_device(
	node: &Node,
	owner: Sr25519Keyring,
	issuer: Sr25519Keyring,
	declaration: DeviceDeclaration<Vec<u8>>,
) -> DeviceId {
	let next = pallet_meters::NextDeviceId::<Runtime>::hashed_key();
	let device = chain::storage::<DeviceId>(node, &next).unwrap_or(0);
	chain::submit(node, owner, RuntimeCall::Meters(Call::register_device { declaration }));
	let key = pallet_meters::Devices::<Runtime>::hashed_key_for(device);
	wait_until(&format!("device {device} to be registered"), TIMEOUT, || {
		chain::storage::<DeviceOf<Runtime>>(node, &key)
	});
	chain::submit(node, issuer, RuntimeCall::Meters(Call::approve_device { device }));
	wait_until(&format!("device {device} to be approved"), TIMEOUT, || {
		chain::storage::<DeviceOf<Runtime>>(node, &key)
			.filter(|record| record.status == DeviceStatus::Approved)
	});
	device
}

/// `owner` binds the meter `pair` to `device`, with the meter's proof of possession; returns once
/// it is bound.
pub fn bind_meter(node: &Node, owner: Sr25519Keyring, device: DeviceId, pair: &sr25519::Pair) {
	let genesis = chain::chain_context(node).genesis_hash;
	let proof = sign_binding(pair, &genesis, device, &owner.to_account_id());
	let meter = MeterKey::from(pair.public());
	chain::submit(node, owner, RuntimeCall::Meters(Call::bind_meter { device, meter, proof }));
	let key = pallet_meters::Meters::<Runtime>::hashed_key_for(&meter);
	wait_until("the meter to be bound", TIMEOUT, || chain::storage::<Meter>(node, &key));
}

/// Waits until `meter`'s last reading has the counter `counter_wh`.
pub fn wait_for_counter(node: &Node, meter: &MeterKey, counter_wh: u64) -> Meter {
	let key = pallet_meters::Meters::<Runtime>::hashed_key_for(meter);
	wait_until(&format!("a reading of {counter_wh} Wh"), TIMEOUT, || {
		chain::storage::<Meter>(node, &key)
			.filter(|meter| meter.last.is_some_and(|last| last.counter_wh == counter_wh))
	})
}

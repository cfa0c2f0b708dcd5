//! Meter readings on a real dev chain: registered, approved and bound through signed calls, then
//! submitted feeless by no account at all.

use origo_integration::{chain, registry, Node, NodeOptions};
use origo_primitives::registry::{sign_reading, DeviceKind, MeterKey, Reading, Technology, Zone};
use origo_runtime::RuntimeCall;
use pallet_meters::DeviceDeclaration;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::time::{SystemTime, UNIX_EPOCH};

#[test]
fn feeless_readings_reach_the_chain() {
	let node = Node::start(NodeOptions::dev("alice"));
	node.wait_for_best(1);
	let owner = Sr25519Keyring::Ferdie;
	let meter_pair = sr25519::Pair::from_string("//e2e-meter", None).expect("a valid seed");
	let meter = MeterKey::from(meter_pair.public());

	let device = registry::approved_device(
		&node,
		owner,
		Sr25519Keyring::Dave, // the development preset's issuer for US-FL
		DeviceDeclaration {
			name: b"Miami rooftop".to_vec(),
			technology: Technology::SolarPv,
			capacity_w: 5_000,
			zone: Zone::from_code(b"US-FL").expect("a valid zone"),
			commissioned: 1_700_000_000,
			location: None,
			kind: DeviceKind::Production,
		},
	);
	registry::bind_meter(&node, owner, device, &meter_pair);

	let genesis = chain::chain_context(&node).genesis_hash;
	let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
	let reading = |counter_wh, timestamp| {
		let reading = Reading { meter, counter_wh, timestamp };
		RuntimeCall::Meters(pallet_meters::Call::submit_reading {
			reading: sign_reading(&meter_pair, reading, &genesis),
		})
	};

	chain::submit_general(&node, reading(1_000, now - 3_600));
	registry::wait_for_counter(&node, &meter, 1_000);
	chain::submit_general(&node, reading(4_500, now - 60));
	registry::wait_for_counter(&node, &meter, 4_500);
	let device_key = pallet_meters::Devices::<origo_runtime::Runtime>::hashed_key_for(device);
	let device =
		chain::storage::<pallet_meters::DeviceOf<origo_runtime::Runtime>>(&node, &device_key)
			.expect("the device exists");
	assert_eq!(device.verified_wh, 3_500);

	// A replay is refused by the pool itself, naming the error.
	let refused = node
		.try_rpc(
			"author_submitExtrinsic",
			serde_json::json!([chain::to_hex(&codec::Encode::encode(
				&origo_runtime::signing::general_extrinsic(
					reading(4_500, now - 60),
					node.best_number()
				)
			))]),
		)
		.expect_err("a replayed reading is invalid");
	assert!(refused.contains("Custom error"), "{refused}");
}

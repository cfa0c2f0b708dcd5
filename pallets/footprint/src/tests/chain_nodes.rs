//! Security review M-2: any approved consumption device counted as the chain's consumption and
//! drained the neutrality reserve.

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
		assert_eq!(try_read(server, 2_000, START + 7_200), Err(Error::<Test>::NotChainNode.into()));
		assert_eq!(Footprint::neutrality_status().metered_wh, 1_000);
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

//! Security review M-6, end to end: on the `local` chain, which has no sudo, the registry council
//! upgrades the runtime. Three validators start on the runtime of spec 102 (a fixture) with a
//! device and a meter registered before deposits existed; two thirds of the council whitelist
//! the upgrade's authorization, a member dispatches it as Root, anyone uploads the code. The
//! new runtime's storage migration (meters v2) holds the deposits of the earlier device and key,
//! blocks keep finalizing, the registry's invariants hold on the migrated state, and the new
//! runtime's calls work with transactions signed for its versions. An explorer follows the chain
//! throughout: it indexes the blocks of both runtimes, each decoded with its own metadata.

use codec::Encode;
use frame_support::dispatch::GetDispatchInfo;
use origo_integration::{
	chain, explorer::Explorer, invariants, registry, start_network, wait_until, Node,
};
use origo_primitives::{
	registry::{DeviceKind, MeterKey, Technology, Zone},
	Balance,
};
use origo_runtime::{Runtime, RuntimeCall};
use pallet_collective::Instance1 as Council;
use pallet_meters::DeviceDeclaration;
use serde_json::{json, Value};
use sp_core::Pair;
use sp_io::hashing::twox_128;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
use sp_runtime::traits::{BlakeTwo256, Hash};
use std::time::Duration;

/// The runtime the chain starts on: spec 102, before deposits.
const OLD_RUNTIME: &[u8] =
	include_bytes!("../fixtures/origo_runtime-spec102.compact.compressed.wasm");

const TIMEOUT: Duration = Duration::from_secs(120);

/// A motion's votes as pallet-collective stores them (its fields are private).
#[derive(codec::Decode)]
struct Votes {
	_index: u32,
	_threshold: u32,
	ayes: Vec<origo_primitives::AccountId>,
	_nays: Vec<origo_primitives::AccountId>,
	_end: u32,
}

/// The `local` chain spec on the spec-102 runtime, with Dave as the issuer of `DE`.
fn old_local_spec(path: &std::path::Path) {
	let mut spec = origo_integration::chain_spec("local");
	spec["genesis"]["runtimeGenesis"]["code"] = chain::to_hex(OLD_RUNTIME).into();
	spec["genesis"]["runtimeGenesis"]["patch"]["meters"]["issuers"] =
		json!([[Dave.to_account_id().to_string(), b"Upgrade test issuer".to_vec(), ["DE"]]]);
	spec["id"] = "origo_local_upgrade".into();
	std::fs::write(path, serde_json::to_vec_pretty(&spec).expect("JSON serializes"))
		.expect("the spec can be written");
}

fn declaration(name: &[u8]) -> DeviceDeclaration<Vec<u8>> {
	DeviceDeclaration {
		name: name.to_vec(),
		technology: Technology::SolarPv,
		capacity_w: 5_000,
		zone: Zone::from_code(b"DE").expect("a valid zone"),
		commissioned: 1_700_000_000,
		location: None,
		kind: DeviceKind::Production,
	}
}

fn spec_version(node: &Node) -> u32 {
	chain::runtime_version(node, &Value::Null).0
}

/// Whether `key` has a value in the node's best state.
fn exists(node: &Node, key: &[u8]) -> bool {
	!node.rpc("state_getStorage", json!([chain::to_hex(key)])).is_null()
}

/// A pallet's on-chain storage version.
fn storage_version(node: &Node, pallet: &str) -> u16 {
	let key = [twox_128(pallet.as_bytes()), twox_128(b":__STORAGE_VERSION__:")].concat();
	chain::storage::<u16>(node, &key).unwrap_or(0)
}

/// Alice proposes `motion` to the council with a threshold of two; Alice and Bob vote aye and
/// Charlie closes it. Returns once it was executed: `executed` sees its effect.
fn pass_motion(node: &Node, motion: RuntimeCall, executed: impl Fn() -> bool) {
	let length_bound = motion.encoded_size() as u32;
	let weight = motion.get_dispatch_info().call_weight;
	let hash = BlakeTwo256::hash_of(&motion);
	let count_key = pallet_collective::ProposalCount::<Runtime, Council>::hashed_key();
	let index = chain::storage::<u32>(node, &count_key).unwrap_or(0);
	let council = |call| RuntimeCall::RegistryCouncil(call);
	chain::submit(
		node,
		Alice,
		council(pallet_collective::Call::propose {
			threshold: 2,
			proposal: Box::new(motion),
			length_bound,
		}),
	);
	let voting = pallet_collective::Voting::<Runtime, Council>::hashed_key_for(hash);
	wait_until("the motion to be proposed", TIMEOUT, || chain::storage::<Votes>(node, &voting));
	for member in [Alice, Bob] {
		chain::submit(
			node,
			member,
			council(pallet_collective::Call::vote { proposal: hash, index, approve: true }),
		);
	}
	wait_until("two ayes", TIMEOUT, || {
		chain::storage::<Votes>(node, &voting).filter(|votes| votes.ayes.len() == 2)
	});
	chain::submit(
		node,
		Charlie,
		council(pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight,
			length_bound,
		}),
	);
	wait_until("the motion to be executed", TIMEOUT, || executed().then_some(()));
}

#[test]
fn the_council_upgrades_the_runtime_without_sudo() {
	let spec = tempfile::Builder::new().suffix(".json").tempfile().expect("temp file");
	old_local_spec(spec.path());
	let chain_path = spec.path().to_str().expect("temp paths are UTF-8");
	let nodes = start_network(&["alice", "bob", "charlie"], chain_path);
	for node in &nodes {
		node.wait_for_finalized(2);
	}
	let node = &nodes[0];
	assert_eq!(spec_version(node), 102);
	let index = tempfile::tempdir().expect("a temporary directory");
	let explorer = Explorer::start(
		&node.ws_url(),
		index.path().join("explorer.sqlite").to_str().expect("temp paths are UTF-8"),
	);
	assert_eq!(storage_version(node, "Meters"), 1);

	// Before: a device and its meter key, registered when nothing held deposits.
	let device = registry::approved_device(node, Bob, Dave, declaration(b"Rooftop before"));
	let meter = sp_core::sr25519::Pair::from_string("//upgrade/meter", None).expect("a seed");
	registry::bind_meter(node, Bob, device, &meter);
	let device_deposit = pallet_meters::DeviceDeposits::<Runtime>::hashed_key_for(device);
	let meter_deposit =
		pallet_meters::MeterDeposits::<Runtime>::hashed_key_for(MeterKey::from(meter.public()));
	assert!(!exists(node, &device_deposit) && !exists(node, &meter_deposit));

	// The council authorizes the upgrade through the whitelist: Root without sudo.
	let code = origo_runtime::WASM_BINARY.expect("the runtime's wasm is built").to_vec();
	let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade {
		code_hash: BlakeTwo256::hash(&code),
	});
	let authorize_hash = BlakeTwo256::hash_of(&authorize);
	let whitelisted = pallet_whitelist::WhitelistedCall::<Runtime>::hashed_key_for(authorize_hash);
	pass_motion(
		node,
		RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call {
			call_hash: authorize_hash,
		}),
		|| exists(node, &whitelisted),
	);
	let dispatch =
		RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
			call: Box::new(authorize),
		});
	let length_bound = dispatch.encoded_size() as u32;
	chain::submit(
		node,
		Alice,
		RuntimeCall::RegistryCouncil(pallet_collective::Call::execute {
			proposal: Box::new(dispatch),
			length_bound,
		}),
	);
	let authorized = [twox_128(b"System"), twox_128(b"AuthorizedUpgrade")].concat();
	wait_until("the upgrade to be authorized", TIMEOUT, || exists(node, &authorized).then_some(()));
	// Anyone uploads the authorized code.
	chain::submit(
		node,
		Dave,
		RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code }),
	);
	for node in &nodes {
		// A node compiles the new runtime when it first needs it; its RPC may not answer
		// within a request's timeout meanwhile.
		let spec = origo_runtime::VERSION.spec_version;
		wait_until(&format!("{} to run spec {spec}", node.name()), TIMEOUT, || {
			let version = node.try_rpc("state_getRuntimeVersion", json!([])).ok()?;
			(version["specVersion"] == spec).then_some(())
		});
	}

	// After: blocks keep finalizing on every validator.
	let finalized = nodes.iter().map(Node::finalized_number).max().expect("nodes run");
	for node in &nodes {
		node.wait_for_finalized(finalized + 3);
	}
	// The migration ran once and held the earlier device's and key's deposits from Bob.
	assert_eq!(storage_version(node, "Meters"), 2);
	let held = |key: &[u8]| chain::storage::<Balance>(node, key).unwrap_or(0);
	assert!(held(&device_deposit) > 0, "the device's deposit is held");
	let meter_record =
		chain::storage::<(origo_primitives::AccountId, Balance)>(node, &meter_deposit)
			.expect("the key's deposit is held");
	assert_eq!(meter_record.0, Bob.to_account_id());
	assert!(meter_record.1 > 0);
	// The new runtime's calls, signed for its versions: a new device holds a deposit, and its
	// owner removes it while pending, which releases it.
	let next = chain::storage::<u64>(node, &pallet_meters::NextDeviceId::<Runtime>::hashed_key())
		.expect("devices were registered");
	chain::submit(
		node,
		Charlie,
		RuntimeCall::Meters(pallet_meters::Call::register_device {
			declaration: declaration(b"Rooftop after"),
		}),
	);
	let new_deposit = pallet_meters::DeviceDeposits::<Runtime>::hashed_key_for(next);
	wait_until("a deposit for the new device", TIMEOUT, || {
		exists(node, &new_deposit).then_some(())
	});
	chain::submit(
		node,
		Charlie,
		RuntimeCall::Meters(pallet_meters::Call::remove_device { device: next }),
	);
	wait_until("the new device to be removed", TIMEOUT, || {
		(!exists(node, &new_deposit)).then_some(())
	});
	// The registry's invariants hold on the upgraded chain's finalized state.
	let head = node.best_number();
	node.wait_for_finalized(head);
	invariants::check(node);
	explorer_read_both_runtimes(node, &explorer, device, next);
}

/// The explorer indexed every block across the upgrade: the block that applied it ran spec 102
/// and holds `System.CodeUpdated`, the next ran the new spec; the device registered before the
/// upgrade is as the node gives it now, and the one registered and removed after it has both
/// events.
fn explorer_read_both_runtimes(node: &Node, explorer: &Explorer, before: u64, after: u64) {
	let head = u64::from(node.finalized_number());
	explorer.wait_for_block(head, TIMEOUT);
	let spec = |number: u64| explorer.api(&format!("/blocks/{number}"))["specVersion"].as_u64();
	let new_spec = u64::from(origo_runtime::VERSION.spec_version);
	assert_eq!(spec(head), Some(new_spec));
	// The first block of the new runtime, by bisection: spec 102 below it.
	let (mut old, mut new) = (0, head);
	while new - old > 1 {
		let middle = (old + new) / 2;
		if spec(middle) == Some(102) {
			old = middle;
		} else {
			new = middle;
		}
	}
	assert_eq!((spec(old), spec(new)), (Some(102), Some(new_spec)));
	let events = explorer.api(&format!("/blocks/{old}"))["events"].clone();
	let names: Vec<&str> =
		events.as_array().unwrap().iter().filter_map(|event| event["name"].as_str()).collect();
	assert!(names.contains(&"System.CodeUpdated"), "block {old}'s events: {names:?}");
	// Each block's arguments decoded by the metadata of the runtime that ran it, which the
	// index keeps: the old one's for the block that applied the upgrade, the new one's after.
	for number in [old, new] {
		let extrinsics = explorer.api(&format!("/blocks/{number}"))["extrinsics"].clone();
		for row in extrinsics.as_array().unwrap() {
			let id = row["extrinsic"].as_str().unwrap();
			let extrinsic = explorer.api(&format!("/extrinsics/{id}"));
			assert!(extrinsic["args"].is_object(), "{id}: {extrinsic}");
			if extrinsic["pallet"] == "Timestamp" && extrinsic["call"] == "set" {
				assert!(extrinsic["args"]["now"].as_u64().unwrap() > 0, "{id}: {extrinsic}");
			}
		}
	}

	let page = explorer.api(&format!("/devices/{before}"));
	assert_eq!(page["device"], node.rpc("origo_device", json!([before])));
	// Removed, the device is gone from the index as from the chain; its events stay.
	assert_eq!(explorer.get(&format!("/devices/{after}")).status, 404);
	let events = explorer.get("/api/events?format=csv").body;
	for name in ["Meters.DeviceRegistered", "Meters.DeviceRemoved"] {
		let device = format!("device: {after}");
		assert!(
			events.lines().any(|line| line.contains(name) && line.contains(&device)),
			"{name} of device {after} is indexed"
		);
	}
}

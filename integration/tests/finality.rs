//! Validators on loopback: blocks are produced and finalized, a stopped validator is tolerated
//! as far as GRANDPA allows, and a restarted one catches up on its old database.

use origo_integration::{start_network, Node};
use std::{path::Path, time::Duration};

/// Stops `nodes[stopped]`, checks what the others do without it, restarts it and checks that it
/// catches up to the best block the others have finalized.
fn stop_and_restart(nodes: &mut [Node], stopped: usize, finality_continues: bool) {
	nodes[stopped].stop();
	// Let any round the stopped validator had already voted in complete.
	std::thread::sleep(Duration::from_secs(8));
	let running: Vec<&Node> =
		nodes.iter().enumerate().filter(|(i, _)| *i != stopped).map(|(_, n)| n).collect();
	let best = running[0].best_number();
	let finalized = running[0].finalized_number();

	// Aura: the remaining validators keep authoring in their own slots.
	for node in &running {
		node.wait_for_best(best + 3);
	}
	if finality_continues {
		for node in &running {
			node.wait_for_finalized(finalized + 3);
		}
	} else {
		assert_eq!(
			running[0].finalized_number(),
			finalized,
			"with one of three equal GRANDPA voters down, finality must wait for it"
		);
	}

	nodes[stopped].restart();
	let target = nodes.iter().map(Node::finalized_number).max().expect("nodes are running") + 1;
	for node in nodes.iter() {
		node.wait_for_finalized(target);
	}
	assert!(nodes[stopped].best_number() >= target);
}

/// The `local` chain's three validators. GRANDPA needs more than two thirds of the voters
/// (threshold `n - (n - 1) / 3`, i.e. all three of three), so with one down blocks are still
/// authored but finality waits; it resumes when the validator is back and has caught up.
#[test]
fn local_testnet_finalizes_and_a_restarted_validator_catches_up() {
	let mut nodes = start_network(&["alice", "bob", "charlie"], "local");
	for node in &nodes {
		node.wait_for_finalized(3);
	}
	stop_and_restart(&mut nodes, 2, false);
}

/// Four validators tolerate one fault: finality continues while one is down.
#[test]
fn four_validators_keep_finalizing_with_one_stopped() {
	let spec = tempfile::Builder::new().suffix(".json").tempfile().expect("temp file");
	four_validator_spec(spec.path());
	let chain = spec.path().to_str().expect("temp paths are UTF-8");
	let mut nodes = start_network(&["alice", "bob", "charlie", "dave"], chain);
	for node in &nodes {
		node.wait_for_finalized(3);
	}
	stop_and_restart(&mut nodes, 3, true);
}

/// The `local` chain spec with Dave added as a fourth validator.
fn four_validator_spec(path: &Path) {
	let mut spec = origo_integration::chain_spec("local");
	let patch = &mut spec["genesis"]["runtimeGenesis"]["patch"];
	let dave_aura = sp_keyring::Sr25519Keyring::Dave.to_account_id().to_string();
	let dave_grandpa =
		sp_core::crypto::Ss58Codec::to_ss58check(&sp_keyring::Ed25519Keyring::Dave.public());
	patch["aura"]["authorities"].as_array_mut().expect("aura authorities").push(dave_aura.into());
	patch["grandpa"]["authorities"]
		.as_array_mut()
		.expect("grandpa authorities")
		.push(serde_json::json!([dave_grandpa, 1]));
	spec["id"] = "origo_local_four".into();
	std::fs::write(path, serde_json::to_vec_pretty(&spec).expect("JSON serializes"))
		.expect("the spec can be written");
}

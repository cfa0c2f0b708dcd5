//! A node stopped and started again on the same base path keeps its chain and state.

use origo_integration::{chain, wait_until, Node, NodeOptions};
use origo_runtime::{BalancesCall, UNIT};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

#[test]
fn restarted_node_keeps_its_state() {
	let mut node = Node::start(NodeOptions::dev("alice"));
	node.wait_for_best(1);

	let ferdie = Sr25519Keyring::Ferdie.to_account_id();
	let before = chain::free_balance(&node, &ferdie);
	let amount = 1_234 * UNIT;
	chain::submit(
		&node,
		Sr25519Keyring::Alice,
		BalancesCall::transfer_keep_alive { dest: ferdie.clone().into(), value: amount }.into(),
	);
	wait_until("the transfer to land", Duration::from_secs(60), || {
		(chain::free_balance(&node, &ferdie) == before + amount).then_some(())
	});
	let best = node.best_number();
	node.wait_for_finalized(best);

	let metrics = ureq::get(&node.prometheus_url())
		.call()
		.expect("Prometheus answers")
		.into_string()
		.expect("metrics are text");
	assert!(metrics.contains("substrate_block_height"), "Prometheus exports block heights");

	node.stop();
	node.restart();

	assert!(node.finalized_number() >= best, "the finalized chain survives a restart");
	assert_eq!(chain::free_balance(&node, &ferdie), before + amount, "state survives a restart");
	node.wait_for_best(best + 2);
}

//! The registry's invariants on a real node's state: the pallets' `try_state` checks, run
//! natively on a snapshot of the node's finalized storage, as `try-runtime` would run them on a
//! live chain (security review T-5).

use crate::{chain, Node};
use serde_json::{json, Value};
use sp_io::hashing::twox_128;

/// The pallets whose state the checks read: the registry's three, the market, the clock they
/// ask, and the balances whose holds the market's bids keep.
const PALLETS: [&str; 6] =
	["Meters", "Certificates", "Footprint", "Market", "Timestamp", "Balances"];

/// Keys fetched per request.
const PAGE: u64 = 1_000;

/// Every key and value under `prefix` in `node`'s state at block `at`.
fn pairs_under(node: &Node, prefix: &[u8], at: &Value) -> Vec<(Vec<u8>, Vec<u8>)> {
	let mut pairs = Vec::new();
	let mut start: Option<String> = None;
	loop {
		let keys = node.rpc("state_getKeysPaged", json!([chain::to_hex(prefix), PAGE, start, at]));
		let keys: Vec<String> = serde_json::from_value(keys).expect("keys are hex strings");
		if keys.is_empty() {
			return pairs;
		}
		let changes = node.rpc("state_queryStorageAt", json!([keys, at]));
		for change in changes[0]["changes"].as_array().expect("a change set") {
			let key = chain::from_hex(change[0].as_str().expect("a hex key"));
			if let Some(value) = change[1].as_str() {
				pairs.push((key, chain::from_hex(value)));
			}
		}
		if (keys.len() as u64) < PAGE {
			return pairs;
		}
		start = keys.last().cloned();
	}
}

/// Runs every registry pallet's `try_state` on `node`'s finalized state; panics naming the
/// broken invariant.
pub fn check(node: &Node) {
	let at = node.rpc("chain_getFinalizedHead", json!([]));
	let mut storage = sp_core::storage::Storage::default();
	for pallet in PALLETS {
		storage.top.extend(pairs_under(node, &twox_128(pallet.as_bytes()), &at));
	}
	sp_io::TestExternalities::new(storage).execute_with(|| {
		use origo_runtime::Runtime;
		pallet_meters::Pallet::<Runtime>::do_try_state().expect("the registry's invariants hold");
		pallet_certificates::Pallet::<Runtime>::do_try_state()
			.expect("the certificates' invariants hold");
		pallet_footprint::Pallet::<Runtime>::do_try_state()
			.expect("the footprint's invariants hold");
		pallet_market::Pallet::<Runtime>::do_try_state().expect("the market's invariants hold");
	});
}

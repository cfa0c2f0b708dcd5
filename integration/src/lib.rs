//! Harness for end-to-end tests against real `origo-node` processes.
//!
//! A [`Node`] is one `origo-node` process on loopback with its own free ports and a temporary base
//! path that outlives the process, so a test can stop a node and start it again on the same
//! database. [`Node::rpc`] speaks JSON-RPC over HTTP. The binary is the `origo-node` built next to
//! the test executable (`target/<profile>/origo-node`), or the path in `ORIGO_NODE`.
//!
//! ```no_run
//! use origo_integration::{Node, NodeOptions};
//! let node = Node::start(NodeOptions::dev("alice"));
//! node.wait_for_finalized(2);
//! ```

#![deny(missing_docs)]

pub mod chain;
pub mod client;
pub mod explorer;
pub mod invariants;
mod node;
pub mod postgres;
pub mod registry;

pub use node::{cli_binary, free_port, node_binary, Node, NodeOptions};

/// Starts validators `names` on `chain`, each connecting to those started before it.
pub fn start_network(names: &[&str], chain: &str) -> Vec<Node> {
	let mut nodes: Vec<Node> = Vec::new();
	for name in names {
		let bootnodes = nodes.iter().map(Node::multiaddr).collect();
		nodes.push(Node::start(NodeOptions::validator(name, chain, bootnodes)));
	}
	nodes
}

/// The chain spec of the built-in chain `chain` (`dev`, `local`), as `origo-node` exports it.
pub fn chain_spec(chain: &str) -> serde_json::Value {
	let output = std::process::Command::new(node_binary())
		.args(["export-chain-spec", "--chain", chain])
		.output()
		.expect("origo-node runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	serde_json::from_slice(&output.stdout).expect("the chain spec is JSON")
}

use std::time::{Duration, Instant};

/// Polls `condition` every 100 ms until it returns `Some`, or returns `None` after `timeout`.
pub fn poll<T>(timeout: Duration, mut condition: impl FnMut() -> Option<T>) -> Option<T> {
	let deadline = Instant::now() + timeout;
	loop {
		if let Some(value) = condition() {
			return Some(value);
		}
		if Instant::now() > deadline {
			return None;
		}
		std::thread::sleep(Duration::from_millis(100));
	}
}

/// Polls `condition` until it returns `Some`, or panics after `timeout` naming `what`.
pub fn wait_until<T>(what: &str, timeout: Duration, condition: impl FnMut() -> Option<T>) -> T {
	poll(timeout, condition)
		.unwrap_or_else(|| panic!("timed out after {timeout:?} waiting for {what}"))
}

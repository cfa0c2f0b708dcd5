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
pub mod invariants;
mod node;
pub mod registry;

pub use node::{cli_binary, node_binary, Node, NodeOptions};

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

//! One `origo-node` process and its JSON-RPC.

use crate::{poll, wait_until};
use serde_json::{json, Value};
use std::{
	fs::{File, OpenOptions},
	io::Read,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::Duration,
};
use tempfile::TempDir;

/// How long a node may take to open its RPC port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a node may take to exit after SIGTERM before it is killed.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// A binary of this workspace under test: `$env_var` if set, else `name` next to the test
/// executable's directory (`target/<profile>/`).
pub(crate) fn workspace_binary(name: &str, env_var: &str) -> PathBuf {
	if let Some(path) = std::env::var_os(env_var) {
		return PathBuf::from(path);
	}
	// Binaries live in `target/<profile>/`, test executables in `target/<profile>/deps/`.
	let exe = std::env::current_exe().expect("the executable knows its own path");
	let dir = exe.parent().expect("the executable is inside a target directory");
	let path = [Some(dir), dir.parent()]
		.into_iter()
		.flatten()
		.map(|dir| dir.join(name))
		.find(|path| path.exists())
		.unwrap_or_else(|| dir.join(name));
	assert!(
		path.exists(),
		"{} does not exist: build the workspace first (see the README's test command) or set {env_var}",
		path.display()
	);
	path
}

/// The `origo-node` binary under test.
pub fn node_binary() -> PathBuf {
	workspace_binary("origo-node", "ORIGO_NODE")
}

/// The `origo` client binary under test.
pub fn cli_binary() -> PathBuf {
	workspace_binary("origo", "ORIGO_CLI")
}

/// A port no one listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.expect("the loopback interface has free ports")
		.port()
}

/// How to start a node.
#[derive(Clone, Debug)]
pub struct NodeOptions {
	/// The name of the node, also the dev key it validates with (`alice`, `bob`, ...), if any.
	pub name: String,
	/// `--chain`: `dev`, `local` or a path to a chain spec.
	pub chain: String,
	/// Whether the node validates with the dev keys of `name`.
	pub validator: bool,
	/// Peers to connect to at start, as multiaddresses.
	pub bootnodes: Vec<String>,
	/// More command-line arguments.
	pub extra_args: Vec<String>,
}

impl NodeOptions {
	/// A validator on the `dev` chain.
	pub fn dev(name: &str) -> Self {
		Self::validator(name, "dev", Vec::new())
	}

	/// A validator on `chain` with the dev keys of `name`, connecting to `bootnodes`.
	pub fn validator(name: &str, chain: &str, bootnodes: Vec<String>) -> Self {
		Self {
			name: name.into(),
			chain: chain.into(),
			validator: true,
			bootnodes,
			extra_args: Vec::new(),
		}
	}

	/// These options with `args` added to the command line.
	pub fn with_args(mut self, args: &[&str]) -> Self {
		self.extra_args.extend(args.iter().map(|arg| arg.to_string()));
		self
	}
}

/// A running (or stopped) `origo-node` process.
pub struct Node {
	options: NodeOptions,
	/// Base path: database, keystore and the node's log; kept across restarts.
	base_path: TempDir,
	/// The libp2p key, so a restarted node keeps its peer id.
	node_key: String,
	rpc_port: u16,
	p2p_port: u16,
	prometheus_port: u16,
	child: Option<Child>,
}

impl Node {
	/// Starts a node on free ports with a new temporary base path, and waits for its RPC.
	pub fn start(options: NodeOptions) -> Self {
		let mut node = Self::prepare(options);
		node.restart();
		node
	}

	/// A node's base path, key and ports, not started yet: for keys inserted before it starts.
	pub fn prepare(options: NodeOptions) -> Self {
		let base_path = tempfile::Builder::new()
			.prefix(&format!("origo-{}-", options.name))
			.tempdir()
			.expect("a temporary directory can be made");
		Self {
			options,
			base_path,
			node_key: random_node_key(),
			rpc_port: free_port(),
			p2p_port: free_port(),
			prometheus_port: free_port(),
			child: None,
		}
	}

	/// Inserts an sr25519 key of `key_type` from `suri` into the stopped node's keystore, as an
	/// operator would with `origo-node key insert`.
	pub fn insert_key(&self, key_type: &str, suri: &str) {
		assert!(self.child.is_none(), "{} is running", self.options.name);
		let status = Command::new(node_binary())
			.args(["key", "insert", "--chain", &self.options.chain, "--base-path"])
			.arg(self.base_path.path())
			.args(["--key-type", key_type, "--scheme", "sr25519", "--suri", suri])
			.status()
			.expect("origo-node can be started");
		assert!(status.success(), "`origo-node key insert` failed: {status}");
	}

	/// Starts the stopped (or prepared) node on its base path, key and ports.
	pub fn restart(&mut self) {
		assert!(self.child.is_none(), "{} is still running", self.options.name);
		self.spawn();
	}

	fn spawn(&mut self) {
		let log = OpenOptions::new()
			.create(true)
			.append(true)
			.open(self.log_path())
			.expect("the node's log file can be opened");
		let mut command = Command::new(node_binary());
		command
			.arg("--chain")
			.arg(&self.options.chain)
			.arg("--base-path")
			.arg(self.base_path.path())
			.args(["--name", &self.options.name])
			.args(["--node-key", &self.node_key])
			.args(["--rpc-port", &self.rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port)])
			.args(["--prometheus-port", &self.prometheus_port.to_string()])
			.args(["--no-telemetry", "--no-mdns", "--rpc-cors", "all"])
			.stdin(Stdio::null())
			.stdout(log.try_clone().expect("log file handles can be cloned"))
			.stderr(log);
		if self.options.validator {
			command.arg(format!("--{}", self.options.name));
		}
		for bootnode in &self.options.bootnodes {
			command.args(["--bootnodes", bootnode]);
		}
		command.args(&self.options.extra_args);
		self.child = Some(command.spawn().expect("origo-node can be started"));
		let name = self.options.name.clone();
		wait_until(&format!("{name}'s RPC"), STARTUP_TIMEOUT, || {
			self.assert_running();
			self.try_rpc("system_health", json!([])).ok()
		});
	}

	/// Stops the node with SIGTERM, as an operator would, and waits for it to exit.
	pub fn stop(&mut self) {
		let Some(mut child) = self.child.take() else { return };
		// SAFETY: `kill` has no memory effects; the pid is our own child's, not yet reaped.
		unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
		let exited = poll(SHUTDOWN_TIMEOUT, || child.try_wait().ok().flatten());
		if exited.is_none() {
			let _ = child.kill();
			let _ = child.wait();
			panic!("{} did not stop within {SHUTDOWN_TIMEOUT:?} of SIGTERM", self.options.name);
		}
	}

	/// Panics with the log's tail if the process has exited.
	fn assert_running(&mut self) {
		let child = self.child.as_mut().expect("the node was started");
		if let Ok(Some(status)) = child.try_wait() {
			panic!(
				"{} exited with {status}; the end of its log:\n{}",
				self.options.name,
				self.log_tail(40)
			);
		}
	}

	/// The node's name.
	pub fn name(&self) -> &str {
		&self.options.name
	}

	/// The node's RPC endpoint, `http://127.0.0.1:<port>` (WebSocket on the same port).
	pub fn rpc_url(&self) -> String {
		format!("http://127.0.0.1:{}", self.rpc_port)
	}

	/// The node's JSON-RPC endpoint over WebSocket, as clients such as `origo` use it.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The node's Prometheus endpoint.
	pub fn prometheus_url(&self) -> String {
		format!("http://127.0.0.1:{}/metrics", self.prometheus_port)
	}

	/// The node's base path.
	pub fn base_path(&self) -> &Path {
		self.base_path.path()
	}

	fn log_path(&self) -> PathBuf {
		self.base_path.path().join("node.log")
	}

	/// The last `lines` lines of the node's log.
	pub fn log_tail(&self, lines: usize) -> String {
		let mut text = String::new();
		if let Ok(mut file) = File::open(self.log_path()) {
			let _ = file.read_to_string(&mut text);
		}
		let all: Vec<&str> = text.lines().collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}

	/// Calls `method` and returns its result; panics on a transport or RPC error.
	pub fn rpc(&self, method: &str, params: Value) -> Value {
		self.try_rpc(method, params)
			.unwrap_or_else(|error| panic!("{} on {}: {error}", method, self.options.name))
	}

	/// Calls several methods in one JSON-RPC batch request; returns each one's result or error
	/// as text, in order.
	pub fn rpc_batch(&self, calls: &[(&str, Value)]) -> Vec<Result<Value, String>> {
		if calls.is_empty() {
			return Vec::new();
		}
		let requests: Vec<Value> = calls
			.iter()
			.enumerate()
			.map(|(id, (method, params))| {
				json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
			})
			.collect();
		let responses: Vec<Value> = ureq::post(&self.rpc_url())
			.timeout(Duration::from_secs(60))
			.send_json(Value::Array(requests))
			.and_then(|response| Ok(response.into_json()?))
			.unwrap_or_else(|error| {
				panic!("a batch RPC request to {} failed: {error}", self.options.name)
			});
		let mut results = vec![Err("no answer".to_string()); calls.len()];
		for response in responses {
			let Some(id) = response["id"].as_u64().map(|id| id as usize) else { continue };
			if let Some(slot) = results.get_mut(id) {
				*slot = match response.get("error") {
					Some(error) => Err(error.to_string()),
					None => Ok(response["result"].clone()),
				};
			}
		}
		results
	}

	/// Calls `method` and returns its result or the error as text.
	pub fn try_rpc(&self, method: &str, params: Value) -> Result<Value, String> {
		let request = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let response: Value = ureq::post(&self.rpc_url())
			.timeout(Duration::from_secs(10))
			.send_json(request)
			.map_err(|error| error.to_string())?
			.into_json()
			.map_err(|error| error.to_string())?;
		match response.get("error") {
			Some(error) => Err(error.to_string()),
			None => Ok(response["result"].clone()),
		}
	}

	/// The node's peer id.
	pub fn peer_id(&self) -> String {
		self.rpc("system_localPeerId", json!([])).as_str().expect("peer ids are strings").into()
	}

	/// The address other nodes reach this one at.
	pub fn multiaddr(&self) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", self.p2p_port, self.peer_id())
	}

	/// The number of the node's best block.
	pub fn best_number(&self) -> u32 {
		header_number(&self.rpc("chain_getHeader", json!([])))
	}

	/// The number of the node's last finalized block.
	pub fn finalized_number(&self) -> u32 {
		let hash = self.rpc("chain_getFinalizedHead", json!([]));
		header_number(&self.rpc("chain_getHeader", json!([hash])))
	}

	/// Waits until the node's best block is at least `number`.
	pub fn wait_for_best(&self, number: u32) {
		wait_until(
			&format!("{} to import block #{number}", self.name()),
			block_timeout(number),
			|| (self.best_number() >= number).then_some(()),
		)
	}

	/// Waits until the node has finalized block `number`.
	pub fn wait_for_finalized(&self, number: u32) {
		let what = format!("{} to finalize block #{number}", self.name());
		wait_until(&what, block_timeout(number), || {
			(self.finalized_number() >= number).then_some(())
		})
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// Enough time for a chain to reach block `number` from genesis, with slack for a loaded machine.
fn block_timeout(number: u32) -> Duration {
	let block = Duration::from_millis(origo_primitives::MILLISECS_PER_BLOCK);
	block * (number + 10)
}

fn header_number(header: &Value) -> u32 {
	let hex = header["number"].as_str().expect("headers have a hex number");
	u32::from_str_radix(hex.trim_start_matches("0x"), 16).expect("block numbers are hex")
}

/// A fresh libp2p ed25519 secret, hex, from the OS's random source.
fn random_node_key() -> String {
	let mut key = [0u8; 32];
	File::open("/dev/urandom")
		.and_then(|mut source| source.read_exact(&mut key))
		.expect("/dev/urandom is readable");
	key.iter().map(|byte| format!("{byte:02x}")).collect()
}

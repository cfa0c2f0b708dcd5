//! One `origo-explorer` process following a node, and its pages over HTTP.

use crate::{free_port, node::workspace_binary, poll, wait_until};
use serde_json::Value;
use std::{
	fs::{File, OpenOptions},
	io::Read,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::Duration,
};
use tempfile::TempDir;

/// How long the explorer may take to open its port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// The `origo-explorer` binary under test.
pub fn explorer_binary() -> PathBuf {
	workspace_binary("origo-explorer", "ORIGO_EXPLORER")
}

/// A running (or stopped) `origo-explorer`, with its log in a temporary directory.
pub struct Explorer {
	node_url: String,
	database: String,
	port: u16,
	dir: TempDir,
	child: Option<Child>,
}

/// An HTTP answer: status and body.
pub struct Answer {
	/// The HTTP status.
	pub status: u16,
	/// The `Content-Type` header.
	pub content_type: String,
	/// The body.
	pub body: String,
	/// How long the explorer took to answer, by its `Server-Timing` header, in ms.
	pub server_ms: Option<f64>,
}

impl Explorer {
	/// Starts an explorer of the node at `node_url` (WebSocket) on `database` (a SQLite file
	/// path or a `postgres://` URL), on a free port, and waits for its pages.
	pub fn start(node_url: &str, database: &str) -> Self {
		let dir = tempfile::Builder::new()
			.prefix("origo-explorer-")
			.tempdir()
			.expect("a temporary directory can be made");
		let mut explorer = Self {
			node_url: node_url.into(),
			database: database.into(),
			port: free_port(),
			dir,
			child: None,
		};
		explorer.restart();
		explorer
	}

	/// Starts the stopped explorer again, on the same database and port.
	pub fn restart(&mut self) {
		self.spawn(&[]);
	}

	/// Starts the stopped explorer with `--rebuild`: it drops its index and indexes again.
	pub fn rebuild(&mut self) {
		self.spawn(&["--rebuild"]);
	}

	fn spawn(&mut self, args: &[&str]) {
		assert!(self.child.is_none(), "the explorer is still running");
		let log = OpenOptions::new()
			.create(true)
			.append(true)
			.open(self.log_path())
			.expect("the explorer's log file can be opened");
		let child = Command::new(explorer_binary())
			.args(["--node", &self.node_url, "--db", &self.database])
			.args(["--listen", &format!("127.0.0.1:{}", self.port)])
			.args(args)
			.stdin(Stdio::null())
			.stdout(log.try_clone().expect("log file handles can be cloned"))
			.stderr(log)
			.spawn()
			.expect("origo-explorer can be started");
		self.child = Some(child);
		wait_until("the explorer's pages", STARTUP_TIMEOUT, || {
			self.assert_running();
			ureq::get(&self.url("/style.css")).call().ok()
		});
	}

	/// Stops the explorer (SIGKILL: it must not matter when it stops) and waits for it.
	pub fn kill(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}

	fn assert_running(&mut self) {
		let child = self.child.as_mut().expect("the explorer was started");
		if let Ok(Some(status)) = child.try_wait() {
			panic!("origo-explorer exited with {status}; its log:\n{}", self.log());
		}
	}

	fn log_path(&self) -> PathBuf {
		self.dir.path().join("explorer.log")
	}

	/// The explorer's log.
	pub fn log(&self) -> String {
		let mut text = String::new();
		if let Ok(mut file) = File::open(self.log_path()) {
			let _ = file.read_to_string(&mut text);
		}
		text
	}

	/// The address of `path` on the explorer.
	pub fn url(&self, path: &str) -> String {
		format!("http://127.0.0.1:{}{path}", self.port)
	}

	/// GETs `path`, whatever its status.
	pub fn get(&self, path: &str) -> Answer {
		let response = match ureq::get(&self.url(path)).call() {
			Ok(response) => response,
			Err(ureq::Error::Status(_, response)) => response,
			Err(error) => panic!("GET {path}: {error}"),
		};
		let status = response.status();
		let content_type = response.header("content-type").unwrap_or_default().to_owned();
		let server_ms = response
			.header("server-timing")
			.and_then(|timing| timing.split("dur=").nth(1))
			.and_then(|ms| ms.parse().ok());
		let body = response.into_string().expect("the body is text");
		Answer { status, content_type, body, server_ms }
	}

	/// GETs `/api{path}` (the overview's JSON is `/api`) and returns its JSON; panics unless it
	/// is a 200.
	pub fn api(&self, path: &str) -> Value {
		let path = if path == "/" { "" } else { path };
		let answer = self.get(&format!("/api{path}"));
		assert_eq!(answer.status, 200, "GET /api{path}: {}", answer.body);
		serde_json::from_str(&answer.body).expect("the API answers JSON")
	}

	/// The index's last block whose entities it has refreshed, as its status says.
	pub fn indexed(&self) -> Option<u64> {
		self.api("/status")["position"].as_u64()
	}

	/// Waits until the index holds block `number` and the entities its blocks touched.
	pub fn wait_for_block(&self, number: u64, timeout: Duration) {
		let reached = poll(timeout, || self.indexed().filter(|indexed| *indexed >= number));
		assert!(
			reached.is_some(),
			"the explorer did not index block {number}; its log:\n{}",
			self.log()
		);
	}
}

impl Drop for Explorer {
	fn drop(&mut self) {
		self.kill();
	}
}

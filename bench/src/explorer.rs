//! The explorer on the benchmark's final state: how fast it indexes the whole chain from
//! genesis (blocks and events per second, and as a multiple of the chain's own time), on SQLite
//! and on PostgreSQL, and how long the server takes for each page and API answer (p50/p99 of
//! its `Server-Timing`) on that index.

use crate::load::percentile;
use origo_integration::{explorer::Explorer, postgres::Postgres, Node};
use origo_primitives::time::parse_utc;
use serde_json::{json, Value};
use sp_core::{
	crypto::{AccountId32, Ss58Codec},
	sr25519, Pair,
};
use std::time::{Duration, Instant};

/// How long a catch-up may take before the benchmark gives up.
const CATCH_UP_LIMIT: Duration = Duration::from_secs(6 * 3600);

/// The time of block `number`, in Unix seconds, as the explorer shows it.
fn block_time(explorer: &Explorer, number: u64) -> u64 {
	let block = explorer.api(&format!("/blocks/{number}"));
	block["time"].as_str().and_then(parse_utc).unwrap_or_default()
}

/// Starts an explorer on the empty `database` and times its catch-up with the node's
/// finalized head; returns the explorer (caught up) and the figures.
fn catch_up(node: &Node, database: &str) -> (Explorer, Value) {
	let head = u64::from(node.finalized_number());
	let started = Instant::now();
	let explorer = Explorer::start(&node.ws_url(), database);
	explorer.wait_for_block(head, CATCH_UP_LIMIT);
	let seconds = started.elapsed().as_secs_f64();
	let status = explorer.api("/status");
	let blocks = status["blocks"].as_u64().unwrap_or(0);
	let events = status["events"].as_u64().unwrap_or(0);
	let chain_seconds = block_time(&explorer, head).saturating_sub(block_time(&explorer, 1));
	let (entities, snapshot_seconds) = snapshot_refreshes(&explorer.log());
	let figures = json!({
		"head": head,
		"seconds": seconds,
		"blocks": blocks,
		"events": events,
		"extrinsics": status["extrinsics"],
		"blocksPerSecond": blocks as f64 / seconds,
		"eventsPerSecond": events as f64 / seconds,
		"chainSeconds": chain_seconds,
		"timesRealTime": chain_seconds as f64 / seconds,
		"snapshots": { "entities": entities, "seconds": snapshot_seconds },
	});
	(explorer, figures)
}

/// The entities the explorer fetched snapshots of and the seconds that took, summed over the
/// refreshes its log reports (`indexer: N entities fetched at block B in S s`).
fn snapshot_refreshes(log: &str) -> (u64, f64) {
	log.lines()
		.filter_map(|line| {
			let (_, report) = line.split_once("indexer: ")?;
			let (entities, rest) = report.split_once(" entities fetched at block ")?;
			let seconds = rest.split_once(" in ")?.1.strip_suffix(" s")?;
			Some((entities.parse::<u64>().ok()?, seconds.parse::<f64>().ok()?))
		})
		.fold((0, 0.0), |(entities, seconds), (more, longer)| (entities + more, seconds + longer))
}

/// For request `i`, the path to ask for.
type PagePath = Box<dyn Fn(u64) -> String>;

/// The pages measured: a name and, for request `i`, the path (ids spread over what exists).
fn pages(explorer: &Explorer) -> Vec<(&'static str, PagePath)> {
	let status = explorer.api("/status");
	let head = status["indexedNumber"].as_u64().unwrap_or(1).max(1);
	let overview = explorer.api("/");
	let batches = overview["totals"]["batches"].as_u64().unwrap_or(1).max(1);
	let devices = csv_count(explorer, "/devices?format=csv").max(1);
	let retirements = csv_count(explorer, "/retirements?format=csv").max(1);
	// Bob holds nearly every batch; the buyers a few each.
	let accounts: Vec<String> = ["//Bob", "//bench-buyer/0", "//bench-buyer/1", "//bench-buyer/2"]
		.into_iter()
		.map(|suri| {
			let pair = sr25519::Pair::from_string(suri, None).expect("a valid seed");
			AccountId32::from(pair.public()).to_ss58check()
		})
		.collect();
	// A spread of ids: a large odd step visits them all in a scattered order.
	let spread = |i: u64, count: u64| (i.wrapping_mul(2_654_435_761)) % count;
	vec![
		("overview", Box::new(|_| "/".into())),
		("blocks", Box::new(|_| "/blocks".into())),
		("block", Box::new(move |i| format!("/blocks/{}", spread(i, head)))),
		("events", Box::new(|_| "/events".into())),
		("devices", Box::new(|_| "/devices".into())),
		("device", Box::new(move |i| format!("/devices/{}", spread(i, devices)))),
		(
			"device, hourly chart",
			Box::new(move |i| format!("/devices/{}?chart=hourly", spread(i, devices))),
		),
		("batches", Box::new(|_| "/batches".into())),
		("batch", Box::new(move |i| format!("/batches/{}", spread(i, batches)))),
		(
			"account",
			Box::new(move |i| format!("/accounts/{}", accounts[i as usize % accounts.len()])),
		),
		("retirements", Box::new(|_| "/retirements".into())),
		("retirement", Box::new(move |i| format!("/retirements/{}", spread(i, retirements)))),
		("market", Box::new(|_| "/market".into())),
		("neutrality", Box::new(|_| "/neutrality".into())),
		("search (beneficiary)", Box::new(|_| "/search?q=bakery".into())),
		("search (id)", Box::new(move |i| format!("/search?q={}", spread(i, batches)))),
		("api batch", Box::new(move |i| format!("/api/batches/{}", spread(i, batches)))),
		("api block", Box::new(move |i| format!("/api/blocks/{}", spread(i, head)))),
		(
			"export EECS (one batch)",
			Box::new(move |i| format!("/export/eecs.csv?batch={}", spread(i, batches))),
		),
	]
}

/// The rows of a CSV list, without its header.
fn csv_count(explorer: &Explorer, path: &str) -> u64 {
	explorer.get(&format!("/api{path}")).body.lines().count().saturating_sub(1) as u64
}

/// p50 and p99 of the server's time for each page, over `requests` requests each.
fn page_latency(explorer: &Explorer, requests: u32) -> Value {
	let mut figures = serde_json::Map::new();
	for (name, path) in pages(explorer) {
		let mut times = Vec::with_capacity(requests as usize);
		let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
		for i in 0..u64::from(requests) {
			let answer = explorer.get(&path(i));
			*statuses.entry(answer.status).or_default() += 1;
			times.extend(answer.server_ms);
		}
		times.sort_by(f64::total_cmp);
		figures.insert(
			name.into(),
			json!({
				"p50Ms": percentile(&times, 0.5),
				"p99Ms": percentile(&times, 0.99),
				"requests": requests,
				"statuses": statuses,
			}),
		);
	}
	Value::Object(figures)
}

/// The explorer's figures on SQLite and, if PostgreSQL is installed, on PostgreSQL.
pub fn run(node: &Node, requests: u32) -> Value {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let sqlite = dir.path().join("explorer.sqlite");
	eprintln!("origo-bench: the explorer's catch-up on SQLite");
	let (explorer, sqlite_catch_up) = catch_up(node, sqlite.to_str().expect("UTF-8 path"));
	eprintln!("origo-bench: the explorer's pages on SQLite");
	let sqlite_pages = page_latency(&explorer, requests);
	drop(explorer);
	let postgres = if std::path::Path::new("/usr/lib/postgresql").exists() {
		eprintln!("origo-bench: the explorer's catch-up on PostgreSQL");
		let server = Postgres::start();
		let (explorer, catch_up) = catch_up(node, &server.url());
		let pages = page_latency(&explorer, requests);
		json!({ "catchUp": catch_up, "pages": pages })
	} else {
		Value::Null
	};
	json!({
		"sqlite": { "catchUp": sqlite_catch_up, "pages": sqlite_pages },
		"postgres": postgres,
	})
}

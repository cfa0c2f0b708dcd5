//! `origo-explorer` against a real dev node: after a walkthrough (register, readings, transfer,
//! market trade, retirement, revocation), with the explorer killed mid-stream and the node
//! restarted under it, the index holds exactly the chain's blocks, extrinsics, events and
//! entities, on SQLite and on PostgreSQL; dropped and rebuilt, it holds them again. Bad
//! addresses and queries get a clear 400 or 404, never a 500.

use origo_integration::{
	client::{address, appoint_florida_issuer, event_field, miami_year, Origo},
	explorer::Explorer,
	postgres::Postgres,
	wait_until, Node, NodeOptions,
};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;
use std::{collections::BTreeSet, time::Duration};

/// How long the index may take to catch up with the node's finalized head.
const CATCH_UP: Duration = Duration::from_secs(180);

/// A dev node that keeps every block's state: an explorer reads old blocks' events.
fn archive_node() -> Node {
	let node = Node::start(NodeOptions::dev("alice").with_args(&["--state-pruning", "archive"]));
	node.wait_for_best(1);
	node
}

/// The node's finalized block number.
fn finalized(node: &Node) -> u64 {
	u64::from(node.finalized_number())
}

/// Rows of a CSV export (header first), split naively: the compared columns hold no commas.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
	text.lines().map(|line| line.split(',').map(str::to_owned).collect()).collect()
}

/// Ferdie transfers 3 MWh to Eve, sells Bob 1 MWh of batch 4 on the market (Bob retires it on
/// fill for Acme Bakery), Eve retires 1 MWh, Charlie revokes batch 7.
fn trade_retire_revoke(origo: &Origo) {
	let eve = address(Sr25519Keyring::Eve);
	origo.json(&[
		"certificates",
		"transfer",
		"--to",
		&eve,
		"--wh",
		"3000000",
		"--suri",
		"//Ferdie",
	]);
	let ask = origo.json(&[
		"market", "ask", "--batch", "4", "--wh", "1000000", "--price", "40", "--suri", "//Ferdie",
	]);
	let ask = event_field(&ask, "AskPlaced", "ask").as_u64().expect("an order id").to_string();
	origo.json(&[
		"market",
		"buy",
		"--ask",
		&ask,
		"--wh",
		"1000000",
		"--max-price",
		"40",
		"--retire-for",
		"consumption",
		"--beneficiary-name",
		"Acme Bakery",
		"--country",
		"US-FL",
		"--suri",
		"//Bob",
	]);
	origo.json(&[
		"certificates",
		"retire-oldest",
		"--wh",
		"1000000",
		"--purpose",
		"carbon-offset",
		"--beneficiary-name",
		"Sunrise Bakery",
		"--suri",
		"//Eve",
	]);
	// A bid for German wind stays open: nothing here fills it.
	origo.json(&[
		"market",
		"bid",
		"--wh",
		"500000",
		"--max-price",
		"45",
		"--zone",
		"DE",
		"--technology",
		"wind-onshore",
		"--suri",
		"//Eve",
	]);
	origo.json(&[
		"certificates",
		"revoke",
		"--batch",
		"7",
		"--reason",
		"meter fault",
		"--suri",
		"//Charlie",
	]);
}

/// Checks that the index holds exactly the chain up to the explorer's position: every block
/// once, with the node's hash and event count, and each entity as the node's RPC gives it.
fn assert_index_matches_chain(node: &Node, explorer: &Explorer) {
	let head = finalized(node);
	explorer.wait_for_block(head, CATCH_UP);
	let indexed = explorer.indexed().expect("the explorer has a position");

	// Blocks: 0..=indexed, each once, each with the chain's hash and number of events.
	let blocks = explorer.get("/api/blocks?format=csv");
	assert_eq!(blocks.status, 200);
	assert!(blocks.content_type.starts_with("text/csv"), "{}", blocks.content_type);
	let rows = csv_rows(&blocks.body);
	assert_eq!(rows[0][0], "block");
	let numbers: Vec<u64> = rows[1..].iter().map(|row| row[0].parse().expect("a number")).collect();
	let expected: Vec<u64> = (0..=numbers[0]).rev().collect();
	assert_eq!(numbers, expected, "every block from genesis, each once");
	assert!(numbers[0] >= indexed);
	for number in (0..=indexed).step_by(7).chain([indexed]) {
		let block = explorer.api(&format!("/blocks/{number}"));
		let hash = node.rpc("chain_getBlockHash", json!([number]));
		assert_eq!(block["hash"], hash, "block {number}'s hash");
		let chain_block = node.rpc("chain_getBlock", json!([hash]));
		let extrinsics = chain_block["block"]["extrinsics"].as_array().expect("extrinsics").len();
		assert_eq!(block["extrinsics"].as_array().unwrap().len(), extrinsics, "block {number}");
		// System.EventCount at the block: twox128("System") ++ twox128("EventCount").
		let key = "0x26aa394eea5630e07c48ae0c9558cef70a98fdbe9ce6c55837576c60c7af3850";
		let count = node.rpc("state_getStorage", json!([key, hash]));
		let count = count.as_str().map(|hex| {
			let bytes = hex::decode(hex.trim_start_matches("0x")).expect("hex");
			u32::from_le_bytes(bytes[..4].try_into().expect("a u32"))
		});
		assert_eq!(
			block["events"].as_array().unwrap().len(),
			count.unwrap_or(0) as usize,
			"block {number}'s events"
		);
	}

	// Entities: each as the node's RPC gives it now (nothing touched them since the index
	// fetched them, or the index would have fetched them again).
	let devices = csv_rows(&explorer.get("/api/devices?format=csv").body);
	assert!(devices.len() > 1, "the index holds the devices");
	for row in &devices[1..] {
		let id: u64 = row[0].parse().unwrap();
		let page = explorer.api(&format!("/devices/{id}"));
		let device = node.rpc("origo_device", json!([id]));
		assert_eq!(page["device"], device, "device {id}");
		// The registers the index read from the blocks (gateway batches' items included) add
		// up to what the chain verified, certifiable or not.
		let wh = |field: &str| device[field].as_str().unwrap().parse::<u64>().unwrap();
		let measured = wh("verifiedWh") + wh("uncertifiedWh");
		assert_eq!(page["production"]["measuredWh"], measured.to_string(), "device {id}");
		// The monthly chart (two years) spreads all of it over the months, losing nothing.
		let monthly = explorer.api(&format!("/devices/{id}?chart=monthly"));
		let kwh: f64 = monthly["production"]["kwh"]
			.as_array()
			.unwrap()
			.iter()
			.map(|v| v.as_f64().unwrap())
			.sum();
		assert!(
			(kwh * 1000.0 - measured as f64).abs() < 1e-3,
			"device {id}: {kwh} kWh charted, {measured} Wh measured"
		);
	}
	let batches = csv_rows(&explorer.get("/api/batches?format=csv").body);
	assert_eq!(batches.len() - 1, 8, "the year's 8 batches");
	let mut holders = BTreeSet::new();
	// The overview's totals, kept as snapshots replace each other, against the node's supplies.
	let mut supply_totals = [0u64; 5];
	for row in &batches[1..] {
		let id: u64 = row[0].parse().unwrap();
		let page = explorer.api(&format!("/batches/{id}"));
		let batch = node.rpc("origo_batch", json!([id]));
		assert_eq!(page["batch"], batch, "batch {id}");
		for (total, field) in supply_totals.iter_mut().zip([
			"issuedWh",
			"heldWh",
			"retiredWh",
			"expiredWh",
			"revokedWh",
		]) {
			*total += batch["supply"][field].as_str().unwrap().parse::<u64>().unwrap();
		}
		// The readings behind it, each in an extrinsic of the meters' that the index holds.
		let readings = page["readings"].as_array().unwrap();
		assert!(!readings.is_empty(), "batch {id} lists the readings behind it");
		let carrier = readings[0]["extrinsic"].as_str().unwrap();
		let extrinsic = explorer.api(&format!("/extrinsics/{carrier}"));
		assert_eq!(extrinsic["pallet"], "Meters", "{carrier}");
		// Its arguments, kept as SCALE and decoded for the page by its runtime's metadata: the
		// signed items the gateway sent.
		let items = match extrinsic["call"].as_str().unwrap() {
			"submit_readings" => extrinsic["args"]["readings"].clone(),
			"submit_profiles" => extrinsic["args"]["profiles"].clone(),
			call => panic!("{carrier} is {call}, not a gateway's batch"),
		};
		let first = &items.as_array().expect("a list of signed items")[0];
		let signed = first.get("reading").or_else(|| first.get("profile")).unwrap();
		assert!(signed["meter"].is_object() && !first["signature"].is_null(), "{first}");
		for holder in page["holders"].as_array().unwrap() {
			holders.insert(holder["holder"].as_str().unwrap().to_owned());
		}
	}
	// The node's pages of runs of ids, which the explorer reads, are the records one by one.
	for (one, page) in [
		("origo_batch", "origo_batches"),
		("origo_device", "origo_devices"),
		("origo_order", "origo_orders"),
		("origo_retirement", "origo_retirements"),
		("origo_trade", "origo_trades"),
	] {
		let one_by_one: Vec<Value> =
			(0..50).map(|id| node.rpc(one, json!([id]))).filter(|v| !v.is_null()).collect();
		assert!(!one_by_one.is_empty(), "{one}: the walkthrough made some");
		assert_eq!(node.rpc(page, json!([0, 50])), Value::Array(one_by_one), "{page}");
	}
	let overview = explorer.api("/");
	assert_eq!(overview["totals"]["batches"], 8);
	for (total, field) in
		supply_totals.iter().zip(["issuedWh", "heldWh", "retiredWh", "expiredWh", "revokedWh"])
	{
		assert_eq!(overview["totals"][field], total.to_string(), "the overview's {field}");
	}
	for account in [Sr25519Keyring::Ferdie, Sr25519Keyring::Eve, Sr25519Keyring::Bob] {
		let account = address(account);
		let page = explorer.api(&format!("/accounts/{account}"));
		let indexed: BTreeSet<(String, String)> = page["holdings"]
			.as_array()
			.unwrap()
			.iter()
			.map(|h| {
				(h["batch"].as_str().unwrap().to_owned(), h["holds"].as_str().unwrap().to_owned())
			})
			.collect();
		let on_chain: BTreeSet<(String, String)> = node
			.rpc("origo_holdings", json!([account, null, 1000]))
			.as_array()
			.unwrap()
			.iter()
			.map(|h| (h["batch"].to_string(), h["wh"].as_str().unwrap().to_owned()))
			.collect();
		assert_eq!(indexed, on_chain, "{account}'s holdings");
		assert_eq!(holders.contains(&account), !on_chain.is_empty());
	}
	let retirements = csv_rows(&explorer.get("/api/retirements?format=csv").body);
	assert_eq!(retirements.len() - 1, 2, "Bob's and Eve's retirements");
	for row in &retirements[1..] {
		let id: u64 = row[0].parse().unwrap();
		let page = explorer.api(&format!("/retirements/{id}"));
		assert_eq!(
			page["retirement"],
			node.rpc("origo_retirement", json!([id])),
			"retirement {id}"
		);
		assert_eq!(page["finalized"], true);
	}
	let market = explorer.api("/market");
	assert_eq!(market["asks"], json!([]), "the ask filled whole");
	let bob = explorer.api(&format!("/accounts/{}", address(Sr25519Keyring::Bob)));
	let trade = &bob["trades"][0];
	let on_chain =
		node.rpc("origo_trade", json!([trade["trade"].as_str().unwrap().parse::<u64>().unwrap()]));
	assert_eq!(trade["paid"], on_chain["payment"], "the API gives exact plancks");
	assert_eq!(trade["price"], "40000000000000", "plancks per MWh");
}

/// The whole scenario on `database`.
fn index_survives_restarts_and_matches_the_chain(database: &str) {
	let mut node = archive_node();
	let origo = Origo { node: &node };
	let mut explorer = Explorer::start(&node.ws_url(), database);
	// The walkthrough's first part: Charlie becomes the Florida issuer, Ferdie's rooftop
	// imports its year (8 batches).
	appoint_florida_issuer(&origo);
	miami_year(&origo);

	// The explorer is killed while the chain goes on, and started again: it continues.
	explorer.kill();
	let eve = address(Sr25519Keyring::Eve);
	origo.json(&["certificates", "transfer", "--to", &eve, "--wh", "100000", "--suri", "//Ferdie"]);
	explorer.restart();

	// The node is restarted under the explorer: it reconnects and continues.
	node.stop();
	node.restart();
	let origo = Origo { node: &node };
	trade_retire_revoke(&origo);
	node.wait_for_finalized(node.best_number());
	assert_index_matches_chain(&node, &explorer);

	// Dropped and rebuilt from the chain: the same index.
	explorer.kill();
	explorer.rebuild();
	assert_index_matches_chain(&node, &explorer);
	let log = explorer.log();
	assert!(!log.contains("ERROR"), "the explorer logged errors:\n{log}");
}

#[test]
fn the_index_holds_exactly_the_chain_on_sqlite() {
	let dir = tempfile::tempdir().unwrap();
	let database = dir.path().join("explorer.sqlite");
	index_survives_restarts_and_matches_the_chain(database.to_str().unwrap());
}

#[test]
fn the_index_holds_exactly_the_chain_on_postgresql() {
	let postgres = Postgres::start();
	index_survives_restarts_and_matches_the_chain(&postgres.url());
}

#[test]
fn bad_addresses_and_queries_get_a_clear_400_or_404_never_a_500() {
	let node = archive_node();
	let dir = tempfile::tempdir().unwrap();
	let database = dir.path().join("explorer.sqlite");
	let explorer = Explorer::start(&node.ws_url(), database.to_str().unwrap());
	explorer.wait_for_block(1, CATCH_UP);
	let cases: &[(&str, u16, &str)] = &[
		("/devices/abc", 400, "device ids are numbers"),
		("/devices/18446744073709551615", 400, "device ids are numbers"),
		("/devices/999999", 404, "there is no device 999999"),
		("/batches/-1", 400, "batch ids are numbers"),
		("/batches/424242", 404, "there is no batch 424242"),
		("/retirements/7", 404, "there is no retirement 7"),
		("/accounts/not-an-address", 400, "not an SS58 account address"),
		("/accounts/5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ", 400, "not an SS58"),
		("/blocks/0xzz", 400, "a block hash is 0x and 64 hex digits"),
		("/blocks/99999999", 404, "is not in the index"),
		(
			"/blocks/0x0000000000000000000000000000000000000000000000000000000000000000",
			404,
			"is not in the index",
		),
		("/extrinsics/1", 400, "block-position"),
		("/extrinsics/999-0", 404, "is not in the index"),
		("/blocks?page=99999999999", 400, "page must be a number from 1 to 1000000"),
		("/blocks?page=0", 400, "page must be a number"),
		("/blocks?format=xml", 400, "unknown format"),
		("/devices/1?chart=yearly", 400, "hourly, daily or monthly"),
		("/nowhere", 404, "there is no page at"),
		(&format!("/search?q={}", "x".repeat(201)), 400, "at most 200 characters"),
	];
	for (path, status, message) in cases {
		let answer = explorer.get(path);
		assert_eq!(answer.status, *status, "GET {path}: {}", answer.body);
		assert!(
			answer.content_type.starts_with("text/html"),
			"GET {path}: {}",
			answer.content_type
		);
		assert!(
			answer.body.contains(message),
			"GET {path} should say {message:?}:\n{}",
			answer.body
		);
		let api = explorer.get(&format!("/api{path}"));
		assert_eq!(api.status, *status, "GET /api{path}: {}", api.body);
		let error: Value = serde_json::from_str(&api.body).expect("the API's errors are JSON");
		assert!(error["error"].as_str().unwrap().contains(message), "GET /api{path}: {error}");
	}
	// Search text is data, never code: injection attempts find nothing and break nothing.
	for attempt in
		["' OR 1=1 --", "%", "_", "\\", "<script>alert(1)</script>", "'; DROP TABLE blocks; --"]
	{
		let answer = explorer.get(&format!("/search?q={}", urlencode(attempt)));
		assert_eq!(answer.status, 200, "search {attempt:?}: {}", answer.body);
		assert!(answer.body.contains("Nothing in the index matches"), "search {attempt:?}");
		assert!(!answer.body.contains("<script>alert"), "search {attempt:?} is escaped");
	}
	assert_eq!(explorer.get("/blocks/0").status, 200, "the blocks table survived");
	wait_until("the explorer to keep indexing", CATCH_UP, || {
		explorer.indexed().filter(|indexed| *indexed >= 3)
	});
}

/// `text` percent-encoded for a query string.
fn urlencode(text: &str) -> String {
	text.bytes()
		.map(|byte| match byte {
			b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'~' => {
				(byte as char).to_string()
			},
			_ => format!("%{byte:02X}"),
		})
		.collect()
}

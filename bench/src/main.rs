//! `origo-bench`: how fast Origo does its job, compared in the same run with a balance transfer.
//!
//! It starts its own `origo-node --dev` (the release build next to it, a temporary database),
//! registers devices with sr25519 and P-256 meters through the real calls, then drives phases of
//! load: signed balance transfers from many accounts (the baseline), feeless single readings,
//! gateway batches of readings, and gateway batches of daily load profiles (hourly and
//! 15-minute, of both schemes). For each it reports what the chain included per second (from
//! block contents and events, not from submissions), per block, and the time to inclusion; then
//! it issues batches through readings worth a certificate each until the chain holds
//! `--batches` of them, and reports the state each device costs per issuance period, what
//! retiring a batch prunes, and the auditor RPC's latency on that state. It prints a table and
//! writes the report as JSON.

#![deny(missing_docs)]

mod explorer;
mod load;
mod market;
mod setup;
mod state;
mod weights;

use clap::Parser;
use codec::Encode;
use load::{run_phase, Counted, PhaseResult};
use origo_integration::{chain, Node, NodeOptions};
use origo_primitives::registry::MeterSigner as _;
use origo_runtime::RuntimeCall;
use serde_json::{json, Value};
use setup::{MeterState, Scheme, Sender};
use sp_keyring::Sr25519Keyring;
use std::{path::PathBuf, time::Duration};

/// Throughput, state and latency benchmark of a real Origo dev node.
#[derive(Debug, Parser)]
#[command(name = "origo-bench", version, about)]
struct Options {
	/// Devices (one meter each) registered, approved and bound through real calls. The pool
	/// holds one pending reading per meter (a meter reads hourly), so single readings per block
	/// are bounded by the number of meters.
	#[arg(long, default_value_t = 10_000)]
	devices: u32,
	/// Accounts sending transfers in the baseline.
	#[arg(long, default_value_t = 256)]
	accounts: u32,
	/// Seconds of load for transfers and for single readings.
	#[arg(long, default_value_t = 60)]
	phase_seconds: u64,
	/// Seconds of load for gateway batches.
	#[arg(long, default_value_t = 300)]
	batch_seconds: u64,
	/// Readings per gateway batch.
	#[arg(long, default_value_t = 1_000)]
	batch_size: usize,
	/// Devices with a P-256 meter each, for the P-256 profile phases.
	#[arg(long, default_value_t = 2_000)]
	p256_devices: u32,
	/// Seconds of load for each phase of load profiles.
	#[arg(long, default_value_t = 300)]
	profile_seconds: u64,
	/// Profiles per gateway batch.
	#[arg(long, default_value_t = 100)]
	profile_batch_size: usize,
	/// Batches the auditor queries are measured over: after the load phases, gateway batches of
	/// readings worth one certificate each issue batches until this many exist.
	#[arg(long, default_value_t = 100_000)]
	batches: u64,
	/// Calls of each auditor RPC method for the latency figures.
	#[arg(long, default_value_t = 500)]
	queries: u32,
	/// Also measure the database's read and write costs on the benchmark's final state and write
	/// the runtime's `paritydb_weights.rs` into this directory.
	#[arg(long, value_name = "DIR")]
	db_weights: Option<PathBuf>,
	/// Also measure the explorer on the final state: its catch-up from genesis (SQLite, and
	/// PostgreSQL if installed) and each page's server time over this many requests (0: skip).
	#[arg(long, default_value_t = 0)]
	explorer_requests: u32,
	/// Where to write the report as JSON.
	#[arg(long, default_value = "bench-report.json")]
	out: PathBuf,
}

/// The machine: CPU model, cores, memory.
fn hardware() -> Value {
	let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
	let model = cpuinfo
		.lines()
		.find_map(|line| line.strip_prefix("model name").and_then(|rest| rest.split(':').nth(1)))
		.map_or("unknown".to_string(), |model| model.trim().to_string());
	let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
	let memory_kb = meminfo
		.lines()
		.find_map(|line| line.strip_prefix("MemTotal:"))
		.and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
		.unwrap_or(0);
	let cores = std::thread::available_parallelism().map_or(0, |cores| cores.get());
	json!({ "cpu": model, "cores": cores, "memoryGiB": memory_kb / 1_048_576 })
}

/// Meters in turn, each giving its next reading.
struct Readings {
	meters: Vec<MeterState>,
	next: usize,
	genesis: origo_primitives::Hash,
}

impl Readings {
	/// The next `count` profiles of `intervals` intervals of `interval` seconds, round robin over
	/// the meters, of the usual hourly energy.
	fn take_profiles(
		&mut self,
		count: usize,
		intervals: u32,
		interval: u32,
	) -> Vec<origo_primitives::registry::SignedProfile> {
		(0..count)
			.map(|_| {
				let index = self.next % self.meters.len();
				self.next += 1;
				self.meters[index].next_profile(
					&self.genesis,
					intervals,
					interval,
					setup::WH_PER_READING,
				)
			})
			.collect()
	}

	/// Gives every meter its baseline reading, in gateway batches of `batch_size` from Alice,
	/// and waits for the last.
	fn baselines(&mut self, node: &Node, batch_size: usize) {
		let mut alice = Sender::new(node, Sr25519Keyring::Alice.pair());
		let context = chain::chain_context(node);
		let baselines =
			alice.sign_reading_batches(&self.take(self.meters.len()), batch_size, context);
		setup::submit(node, &baselines);
		setup::wait_for_reading(node, self.meters.last().expect("at least one device"));
	}

	/// The next `count` readings, round robin over the meters, of the usual hourly energy.
	fn take(&mut self, count: usize) -> Vec<origo_primitives::registry::SignedReading> {
		self.take_of(count, setup::WH_PER_READING)
	}

	/// The next `count` readings, round robin over the meters, of `wh` each.
	fn take_of(&mut self, count: usize, wh: u64) -> Vec<origo_primitives::registry::SignedReading> {
		(0..count)
			.map(|_| {
				let index = self.next % self.meters.len();
				self.next += 1;
				self.meters[index].next_reading(&self.genesis, wh)
			})
			.collect()
	}
}

/// Issues batches through gateway batches of readings worth one certificate each, until
/// `target` batches exist: the large state the auditor queries are measured on.
fn fill_batches(node: &Node, readings: &mut Readings, target: u64, batch_size: usize) {
	let next_batch_key = pallet_certificates::NextBatchId::<origo_runtime::Runtime>::hashed_key();
	let issued = || chain::storage::<u64>(node, &next_batch_key).unwrap_or(0);
	loop {
		let before = issued();
		if before >= target {
			return;
		}
		// A few blocks' worth at a time, so a refusal is noticed early.
		let count = (target - before).min(20 * batch_size as u64) as usize;
		let mut gateway = Sender::new(node, Sr25519Keyring::Alice.pair());
		let context = chain::chain_context(node);
		let issuing = readings.take_of(count, setup::WH_PER_ISSUING_READING);
		let batches = gateway.sign_reading_batches(&issuing, batch_size, context);
		if let (_, Some(refusal)) = setup::submit(node, &batches) {
			panic!("the pool refused a batch of issuing readings: {refusal}");
		}
		origo_integration::wait_until(
			"the issuing readings to be included",
			Duration::from_secs(300),
			|| (chain::included_nonce(node, &gateway.account()) >= gateway.nonce).then_some(()),
		);
		assert!(issued() > before, "the issuing readings issued no batch");
	}
}

fn phase_json(phase: &PhaseResult, baseline: f64) -> Value {
	let items: Vec<u32> = phase.blocks.iter().map(|block| block.items).collect();
	// Block data per item over the steady blocks (the first was partly authored before load).
	let steady = phase.blocks.iter().skip(1);
	let (bytes, counted): (u64, u64) = steady.fold((0, 0), |(bytes, items), block| {
		(bytes + block.bytes, items + u64::from(block.items))
	});
	json!({
		"phase": phase.name,
		"item": phase.item,
		"itemsPerSecond": phase.items_per_second,
		"extrinsicsPerSecond": phase.extrinsics_per_second,
		"ratioToTransfers": if baseline > 0.0 { phase.items_per_second / baseline } else { 0.0 },
		"blocks": items.len(),
		"perBlock": {
			"min": items.iter().min(),
			"max": items.iter().max(),
			"mean": items.iter().map(|n| f64::from(*n)).sum::<f64>() / items.len().max(1) as f64,
		},
		"perBlockCounts": phase.blocks.iter().map(|block| json!({
			"block": block.number,
			"items": block.items,
			"extrinsics": block.extrinsics,
		})).collect::<Vec<_>>(),
		"refusedInBlocks": phase.blocks.iter().map(|block| block.refused).sum::<u32>(),
		"blockBytesPerItem": if counted > 0 { bytes as f64 / counted as f64 } else { 0.0 },
		"inclusionP50Ms": phase.inclusion_ms.0,
		"inclusionP99Ms": phase.inclusion_ms.1,
		"submitted": phase.submitted,
		"refusedAtSubmission": phase.refused_at_submit,
		"firstRefusal": phase.first_refusal,
	})
}

fn print_table(report: &Value) {
	println!(
		"\nOrigo benchmark on {} ({} cores)",
		report["hardware"]["cpu"], report["hardware"]["cores"]
	);
	println!(
		"{:<24} {:>10} {:>10} {:>8} {:>8} {:>22} {:>20}",
		"phase",
		"items/s",
		"xt/s",
		"ratio",
		"B/item",
		"per block min/mean/max",
		"inclusion p50/p99 ms"
	);
	let market_phases = report["market"]["phases"].as_array().into_iter().flatten();
	for phase in report["phases"].as_array().into_iter().flatten().chain(market_phases) {
		println!(
			"{:<24} {:>10.0} {:>10.0} {:>7.2}x {:>8.1} {:>22} {:>20}",
			phase["phase"].as_str().unwrap_or("?"),
			phase["itemsPerSecond"].as_f64().unwrap_or(0.0),
			phase["extrinsicsPerSecond"].as_f64().unwrap_or(0.0),
			phase["ratioToTransfers"].as_f64().unwrap_or(0.0),
			phase["blockBytesPerItem"].as_f64().unwrap_or(0.0),
			format!(
				"{}/{:.0}/{}",
				phase["perBlock"]["min"],
				phase["perBlock"]["mean"].as_f64().unwrap_or(0.0),
				phase["perBlock"]["max"]
			),
			format!(
				"{:.0}/{:.0}",
				phase["inclusionP50Ms"].as_f64().unwrap_or(0.0),
				phase["inclusionP99Ms"].as_f64().unwrap_or(0.0)
			),
		);
	}
	let clearing = &report["market"]["clearing"];
	println!(
		"auction clearing: a book of {} orders cleared in block {}: {} trades, {} Wh at {} plancks/MWh",
		clearing["cleared"]["orders"],
		clearing["block"],
		clearing["cleared"]["trades"],
		clearing["cleared"]["wh"],
		clearing["cleared"]["pricePerMwh"]
	);
	let state = &report["state"];
	println!(
		"state: {:.0} bytes per device per issuance period (batch), {} bytes fixed per device, {} batches",
		state["bytesPerIssuancePeriod"].as_f64().unwrap_or(0.0),
		state["bytesPerDeviceFixed"],
		state["batches"]
	);
	println!(
		"pruning: retiring a whole batch reclaims {} of its {} bytes and adds a {}-byte retirement record",
		report["pruning"]["reclaimedBytes"], report["pruning"]["bytesBefore"], report["pruning"]["retirementRecordBytes"]
	);
	for block in report["weightVersusExecution"].as_array().into_iter().flatten() {
		if let Some(error) = block["error"].as_str() {
			println!(
				"block of {:<24} could not be re-executed: {error}",
				block["phase"].as_str().unwrap_or("?")
			);
			continue;
		}
		println!(
			"block of {:<24} charged {:>6.1} ms of weight, took {:>6.1} ms cold ({:.0}%), {:>6.1} ms with the trie cache ({:.0}%)",
			block["phase"].as_str().unwrap_or("?"),
			block["weightNs"].as_f64().unwrap_or(0.0) / 1e6,
			block["executionNs"].as_f64().unwrap_or(0.0) / 1e6,
			block["percentOfWeight"].as_f64().unwrap_or(0.0),
			block["executionWithTrieCacheNs"].as_f64().unwrap_or(0.0) / 1e6,
			block["percentOfWeightWithTrieCache"].as_f64().unwrap_or(0.0),
		);
	}
	for (method, latency) in report["queries"].as_object().into_iter().flatten() {
		println!(
			"query {method:<22} p50 {:.2} ms  p99 {:.2} ms",
			latency["p50Ms"].as_f64().unwrap_or(0.0),
			latency["p99Ms"].as_f64().unwrap_or(0.0)
		);
	}
	for database in ["sqlite", "postgres"] {
		let figures = &report["explorer"][database];
		if figures.is_null() {
			continue;
		}
		let catch_up = &figures["catchUp"];
		println!(
			"explorer on {database}: caught up with {} blocks and {} events in {:.1} s: {:.1} blocks/s, {:.0} events/s, {:.1}x real time",
			catch_up["blocks"],
			catch_up["events"],
			catch_up["seconds"].as_f64().unwrap_or(0.0),
			catch_up["blocksPerSecond"].as_f64().unwrap_or(0.0),
			catch_up["eventsPerSecond"].as_f64().unwrap_or(0.0),
			catch_up["timesRealTime"].as_f64().unwrap_or(0.0),
		);
		println!(
			"  of which snapshots of {} entities: {:.1} s",
			catch_up["snapshots"]["entities"],
			catch_up["snapshots"]["seconds"].as_f64().unwrap_or(0.0),
		);
		for (page, latency) in figures["pages"].as_object().into_iter().flatten() {
			println!(
				"  {page:<26} p50 {:.2} ms  p99 {:.2} ms",
				latency["p50Ms"].as_f64().unwrap_or(0.0),
				latency["p99Ms"].as_f64().unwrap_or(0.0)
			);
		}
	}
}

fn main() {
	let options = Options::parse();
	let node = Node::start(NodeOptions::dev("alice").with_args(&[
		// Every phase's fullest block is re-executed at the end, on its parent's state.
		"--state-pruning",
		"archive-canonical",
		"--pool-limit",
		"200000",
		"--pool-kbytes",
		"1048576",
		"--rpc-max-connections",
		"1000",
	]));
	node.wait_for_best(1);
	eprintln!(
		"origo-bench: setting up {} devices and {} senders",
		options.devices, options.accounts
	);
	let mut senders = setup::funded_senders(&node, "bench", options.accounts);
	let meters = setup::devices(&node, options.devices, Scheme::Sr25519);
	let first_meter = meters[0].pair.meter_key();
	let genesis = chain::chain_context(&node).genesis_hash;
	let mut readings = Readings { meters, next: 0, genesis };
	let p256_meters = setup::devices(&node, options.p256_devices, Scheme::P256);
	let mut p256_readings = Readings { meters: p256_meters, next: 0, genesis };
	// Every meter's first reading is its baseline: give them all before measuring.
	readings.baselines(&node, options.batch_size);
	p256_readings.baselines(&node, options.batch_size);

	let phase = Duration::from_secs(options.phase_seconds);
	eprintln!("origo-bench: transfers for {}s", options.phase_seconds);
	let mut turn = 0usize;
	// Pools start about a block of 2,000 transfers or readings deep, and follow the fullest block.
	let transfers = run_phase(&node, "transfers", Counted::Transfers, phase, 2_000, |count| {
		let context = chain::chain_context(&node);
		(0..count)
			.map(|_| {
				let accounts = senders.len();
				let dest = senders[(turn + 1) % accounts].account();
				let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: dest.into(),
					value: origo_primitives::UNIT,
				});
				let xt = senders[turn % accounts].sign(call, context);
				turn += 1;
				(xt, 1)
			})
			.collect()
	});

	eprintln!("origo-bench: single feeless readings for {}s", options.phase_seconds);
	let singles = run_phase(&node, "single readings", Counted::Readings, phase, 2_000, |count| {
		let best_number = node.best_number();
		readings
			.take(count)
			.into_iter()
			.map(|reading| {
				let call = RuntimeCall::Meters(pallet_meters::Call::submit_reading { reading });
				(origo_runtime::signing::general_extrinsic(call, best_number).encode(), 1)
			})
			.collect()
	});

	eprintln!(
		"origo-bench: gateway batches of {} for {}s",
		options.batch_size, options.batch_seconds
	);
	let mut gateway = Sender::new(&node, Sr25519Keyring::Alice.pair());
	let batch_size = options.batch_size;
	let batches = run_phase(
		&node,
		"gateway batches",
		Counted::Readings,
		Duration::from_secs(options.batch_seconds),
		2_000,
		|count| {
			let context = chain::chain_context(&node);
			(0..(count / batch_size).max(1))
				.map(|_| {
					let call = RuntimeCall::Meters(pallet_meters::Call::submit_readings {
						readings: readings.take(batch_size),
					});
					(gateway.sign(call, context), batch_size)
				})
				.collect()
		},
	);

	let profile_phases: Vec<PhaseResult> = [
		("sr25519 hourly", Scheme::Sr25519, 24, 3_600),
		("sr25519 15-min", Scheme::Sr25519, 96, 900),
		("p256 hourly", Scheme::P256, 24, 3_600),
		("p256 15-min", Scheme::P256, 96, 900),
	]
	.into_iter()
	.map(|(name, scheme, intervals, interval)| {
		let meters = match scheme {
			Scheme::Sr25519 => &mut readings,
			Scheme::P256 => &mut p256_readings,
		};
		eprintln!(
			"origo-bench: {name} profiles, gateway batches of {} for {}s",
			options.profile_batch_size, options.profile_seconds
		);
		let batch_size = options.profile_batch_size;
		let items_per_batch = batch_size * intervals as usize;
		// A profile per meter at most at first (each is a day of its year of history), up to
		// 2,000 profiles: enough to fill the first blocks.
		let initial_backlog = meters.meters.len().min(2_000) * intervals as usize;
		run_phase(
			&node,
			&format!("{name} profiles"),
			Counted::Intervals(intervals),
			Duration::from_secs(options.profile_seconds),
			initial_backlog,
			|count| {
				let context = chain::chain_context(&node);
				(0..(count / items_per_batch).max(1))
					.map(|_| {
						let call = RuntimeCall::Meters(pallet_meters::Call::submit_profiles {
							profiles: meters.take_profiles(batch_size, intervals, interval),
						});
						(gateway.sign(call, context), items_per_batch)
					})
					.collect()
			},
		)
	})
	.collect();

	eprintln!("origo-bench: issuing batches until {} exist", options.batches);
	fill_batches(&node, &mut readings, options.batches, batch_size);

	eprintln!("origo-bench: state and queries");
	let owner = Sr25519Keyring::Bob.to_account_id();
	let state = state::state_per_device(&node, &owner, &first_meter, 200);
	let pruning = state::pruning(&node, 0, &owner, |held| {
		let mut bob = Sender::new(&node, Sr25519Keyring::Bob.pair());
		let call = RuntimeCall::Certificates(pallet_certificates::Call::retire {
			batch: 0,
			wh: held,
			claim: market::consumption(),
		});
		let (_, refusal) = setup::submit(&node, &[bob.sign(call, chain::chain_context(&node))]);
		if let Some(refusal) = refusal {
			panic!("the pool refused the retirement of batch 0: {refusal}");
		}
	});
	let queries = state::query_latency(
		&node,
		&owner,
		state["batches"].as_u64().unwrap_or(0),
		options.queries,
	);

	// The market, on the full state: Bob sells his newest batches.
	let next_batch = chain::storage::<u64>(
		&node,
		&pallet_certificates::NextBatchId::<origo_runtime::Runtime>::hashed_key(),
	)
	.unwrap_or(0);
	let newest: Vec<u64> = (next_batch.saturating_sub(512)..next_batch).collect();
	let market = market::run(&node, &newest, phase);
	let explorer = (options.explorer_requests > 0)
		.then(|| explorer::run(&node, options.explorer_requests))
		.unwrap_or(Value::Null);

	// Re-execute the fullest block of each phase, and the clearing's, on the stopped node's
	// database.
	let fullest: Vec<(String, u32)> = [&transfers, &singles, &batches]
		.into_iter()
		.chain(&profile_phases)
		.chain([&market.orders, &market.fills])
		.filter_map(|phase| {
			let block = phase.blocks.iter().max_by_key(|block| block.items)?;
			Some((phase.name.clone(), block.number))
		})
		.chain([("auction clearing".to_string(), market.clearing_block)])
		.collect();
	let mut node = node;
	node.stop();
	let weights = weights::measured_against_weight(&node, &fullest);
	let database = options.db_weights.as_deref().map(|dir| weights::measure_database(&node, dir));

	let baseline = transfers.items_per_second;
	let market_phases: Vec<Value> = [&market.orders, &market.fills]
		.into_iter()
		.map(|phase| phase_json(phase, baseline))
		.collect();
	let phases: Vec<Value> = [&transfers, &singles, &batches]
		.into_iter()
		.chain(&profile_phases)
		.map(|phase| phase_json(phase, baseline))
		.collect();
	let report = json!({
		"hardware": hardware(),
		"options": {
			"devices": options.devices,
			"accounts": options.accounts,
			"phaseSeconds": options.phase_seconds,
			"batchSeconds": options.batch_seconds,
			"batchSize": options.batch_size,
			"p256Devices": options.p256_devices,
			"profileSeconds": options.profile_seconds,
			"profileBatchSize": options.profile_batch_size,
			"batches": options.batches,
		},
		"phases": phases,
		"market": { "phases": market_phases, "clearing": market.clearing },
		"state": state,
		"pruning": pruning,
		"queries": queries,
		"weightVersusExecution": weights,
		"databaseWeights": database,
		"explorer": explorer,
	});
	print_table(&report);
	std::fs::write(&options.out, serde_json::to_string_pretty(&report).expect("JSON serializes"))
		.unwrap_or_else(|e| panic!("cannot write {}: {e}", options.out.display()));
	eprintln!("origo-bench: report written to {}", options.out.display());
}

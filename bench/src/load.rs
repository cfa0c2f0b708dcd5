//! Driving load and reading what the chain included: transactions are generated and submitted
//! in JSON-RPC batches while a backlog cap keeps the pool a couple of blocks deep; every new
//! block's body and events are read to count what was included and when.

use crate::setup::submit;
use codec::Decode;
use origo_integration::{chain, Node};
use origo_primitives::Hash;
use origo_runtime::RuntimeEvent;
use serde_json::json;
use std::{
	collections::HashMap,
	time::{Duration, Instant},
};

/// Milliseconds between blocks.
const BLOCK_MS: f64 = origo_primitives::MILLISECS_PER_BLOCK as f64;

/// What the chain did with one block.
#[derive(Clone, Debug, Default)]
pub struct BlockCount {
	/// Its number.
	pub number: u32,
	/// Extrinsics that are not inherents.
	pub extrinsics: u32,
	/// Items the phase counts in its events (transfers, accepted readings, or the intervals of
	/// accepted profiles).
	pub items: u32,
	/// Readings or profiles refused inside gateway batches.
	pub refused: u32,
	/// Bytes of the block's extrinsics that are not inherents: what it keeps on chain for good.
	pub bytes: u64,
}

/// What one phase of load achieved.
#[derive(Clone, Debug, Default)]
pub struct PhaseResult {
	/// Its name.
	pub name: String,
	/// What an item is: a transfer or a reading.
	pub item: String,
	/// Items included per second, over the blocks produced under load.
	pub items_per_second: f64,
	/// Extrinsics included per second, over the same blocks.
	pub extrinsics_per_second: f64,
	/// The blocks produced under load.
	pub blocks: Vec<BlockCount>,
	/// Time from submission until the transaction was seen in a best block: p50 and p99, ms.
	pub inclusion_ms: (f64, f64),
	/// Transactions submitted, and refused by the pool at submission.
	pub submitted: usize,
	/// Refused at submission (pool full, invalid).
	pub refused_at_submit: usize,
	/// The first refusal, to explain a non-zero count.
	pub first_refusal: Option<String>,
}

/// Which events a phase counts.
#[derive(Clone, Copy)]
pub enum Counted {
	/// `Balances::Transfer`.
	Transfers,
	/// Accepted readings: `Meters::ReadingAccepted` for single readings, the `accepted` count
	/// of `Meters::BatchProcessed` for gateway batches.
	Readings,
	/// The intervals of accepted profiles of `intervals` intervals each: the `accepted` count of
	/// `Meters::BatchProcessed` times `intervals`.
	Intervals(u32),
	/// Orders placed: `Market::AskPlaced` and `Market::BidPlaced`.
	Orders,
	/// Trades settled: `Market::Traded`.
	Trades,
}

/// The value at `fraction` (0 to 1) of `sorted`, nearest rank; zero if empty.
pub fn percentile(sorted: &[f64], fraction: f64) -> f64 {
	if sorted.is_empty() {
		return 0.0;
	}
	let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
	sorted[index.min(sorted.len() - 1)]
}

/// An extrinsic's hash, as the node and the pool compute it.
fn extrinsic_hash(extrinsic: &[u8]) -> Hash {
	<sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(extrinsic)
}

/// Follows a node's best blocks.
pub struct Follower<'a> {
	node: &'a Node,
	/// The last block read.
	pub last: u32,
}

impl<'a> Follower<'a> {
	/// Follows from the node's current best block.
	pub fn new(node: &'a Node) -> Self {
		Self { node, last: node.best_number() }
	}

	/// Block `number`'s extrinsics and events.
	fn block(&self, number: u32) -> (Vec<Vec<u8>>, Vec<RuntimeEvent>) {
		let hash = self.node.rpc("chain_getBlockHash", json!([number]));
		let block = self.node.rpc("chain_getBlock", json!([hash]));
		let extrinsics: Vec<Vec<u8>> = block["block"]["extrinsics"]
			.as_array()
			.expect("a block has extrinsics")
			.iter()
			.map(|xt| chain::from_hex(xt.as_str().expect("hex extrinsics")))
			.collect();
		// `System::Events` is private to frame-system; its key is public knowledge.
		let events_key = frame_support::storage::storage_prefix(b"System", b"Events");
		let events = self
			.node
			.rpc("state_getStorage", json!([chain::to_hex(&events_key), hash]))
			.as_str()
			.map(|hex| {
				Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(
					&mut &chain::from_hex(hex)[..],
				)
				.expect("events decode with the runtime's types")
			})
			.unwrap_or_default();
		(extrinsics, events.into_iter().map(|record| record.event).collect())
	}

	/// The events of the blocks after the last one read, by block number.
	pub fn events(&mut self) -> Vec<(u32, Vec<RuntimeEvent>)> {
		let best = self.node.best_number();
		let blocks = (self.last + 1..=best).map(|number| (number, self.block(number).1)).collect();
		self.last = best;
		blocks
	}

	/// Reads the blocks after the last one read: their extrinsics' hashes and their counts.
	pub fn new_blocks(&mut self, counted: Counted) -> Vec<(BlockCount, Vec<Hash>)> {
		let best = self.node.best_number();
		let mut blocks = Vec::new();
		for number in self.last + 1..=best {
			let (extrinsics, events) = self.block(number);
			let hashes = extrinsics.iter().map(|xt| extrinsic_hash(xt)).collect();
			let mut count = BlockCount {
				number,
				// The timestamp inherent is not load.
				extrinsics: extrinsics.len().saturating_sub(1) as u32,
				bytes: extrinsics.iter().skip(1).map(|xt| xt.len() as u64).sum(),
				..Default::default()
			};
			for event in events {
				match (&event, counted) {
					(
						RuntimeEvent::Balances(pallet_balances::Event::Transfer { .. }),
						Counted::Transfers,
					)
					| (
						RuntimeEvent::Meters(pallet_meters::Event::ReadingAccepted { .. }),
						Counted::Readings,
					)
					| (
						RuntimeEvent::Market(pallet_market::Event::AskPlaced { .. }),
						Counted::Orders,
					)
					| (
						RuntimeEvent::Market(pallet_market::Event::BidPlaced { .. }),
						Counted::Orders,
					)
					| (
						RuntimeEvent::Market(pallet_market::Event::Traded { .. }),
						Counted::Trades,
					) => count.items += 1,
					(
						RuntimeEvent::Meters(pallet_meters::Event::BatchProcessed {
							accepted, ..
						}),
						Counted::Readings,
					) => count.items += accepted,
					(
						RuntimeEvent::Meters(pallet_meters::Event::BatchProcessed {
							accepted, ..
						}),
						Counted::Intervals(intervals),
					) => count.items += accepted * intervals,
					(RuntimeEvent::Meters(pallet_meters::Event::ReadingRejected { .. }), _)
					| (RuntimeEvent::Meters(pallet_meters::Event::ProfileRejected { .. }), _) => {
						count.refused += 1
					},
					_ => {},
				}
			}
			blocks.push((count, hashes));
		}
		self.last = best;
		blocks
	}
}

/// Runs one phase: `generate(n)` makes up to `n` items' worth of encoded transactions, with
/// how many items each carries; load runs for `duration`, then the pool drains. The pool is kept
/// `initial_backlog` items deep at first, then twice the fullest block's.
pub fn run_phase(
	node: &Node,
	name: &str,
	counted: Counted,
	duration: Duration,
	initial_backlog: usize,
	mut generate: impl FnMut(usize) -> Vec<(Vec<u8>, usize)>,
) -> PhaseResult {
	let mut follower = Follower::new(node);
	let mut submitted_at: HashMap<Hash, Instant> = HashMap::new();
	let mut latencies = Vec::new();
	let mut result = PhaseResult {
		name: name.into(),
		item: match counted {
			Counted::Transfers => "transfer".into(),
			Counted::Readings => "reading".into(),
			Counted::Intervals(_) => "certified interval".into(),
			Counted::Orders => "order".into(),
			Counted::Trades => "trade".into(),
		},
		..Default::default()
	};
	let (mut items_submitted, mut items_included) = (0usize, 0usize);
	// Keep about two blocks' worth in the pool: enough to fill every block, little queueing.
	let mut backlog_cap = initial_backlog;
	let started = Instant::now();
	let mut loading_blocks = Vec::new();
	let mut drain_blocks = 0;
	loop {
		let loading = started.elapsed() < duration;
		if loading && items_submitted.saturating_sub(items_included) < backlog_cap {
			let batch = generate(backlog_cap / 4);
			let bytes: Vec<Vec<u8>> = batch.iter().map(|(xt, _)| xt.clone()).collect();
			let now = Instant::now();
			for (xt, _) in &batch {
				submitted_at.insert(extrinsic_hash(xt), now);
			}
			let (accepted, refusal) = submit(node, &bytes);
			result.submitted += bytes.len();
			result.refused_at_submit += bytes.len() - accepted;
			result.first_refusal = result.first_refusal.take().or(refusal);
			items_submitted += batch.iter().map(|(_, items)| items).sum::<usize>();
		} else {
			std::thread::sleep(Duration::from_millis(100));
		}
		for (count, hashes) in follower.new_blocks(counted) {
			let seen = Instant::now();
			for hash in hashes {
				if let Some(at) = submitted_at.remove(&hash) {
					latencies.push((seen - at).as_secs_f64() * 1_000.0);
				}
			}
			items_included += count.items as usize + count.refused as usize;
			backlog_cap = backlog_cap.max(2 * (count.items + count.refused) as usize);
			if loading {
				loading_blocks.push(count);
			} else {
				drain_blocks += 1;
			}
		}
		let drained = submitted_at.is_empty() || drain_blocks >= 3;
		if !loading && drained {
			break;
		}
	}
	// The first block under load was partly authored before it: leave it out of the rates.
	let steady: Vec<BlockCount> = loading_blocks.iter().skip(1).cloned().collect();
	let seconds = steady.len() as f64 * BLOCK_MS / 1_000.0;
	if seconds > 0.0 {
		result.items_per_second = steady.iter().map(|b| f64::from(b.items)).sum::<f64>() / seconds;
		result.extrinsics_per_second =
			steady.iter().map(|b| f64::from(b.extrinsics)).sum::<f64>() / seconds;
	}
	latencies.sort_by(|a, b| a.total_cmp(b));
	result.inclusion_ms = (percentile(&latencies, 0.5), percentile(&latencies, 0.99));
	result.blocks = loading_blocks;
	result
}

#[cfg(test)]
mod tests {
	use super::percentile;

	#[test]
	fn percentiles_pick_the_nearest_rank() {
		let sorted: Vec<f64> = (1..=100).map(f64::from).collect();
		assert_eq!(percentile(&sorted, 0.5), 51.0);
		assert_eq!(percentile(&sorted, 0.99), 99.0);
		assert_eq!(percentile(&[], 0.5), 0.0);
	}
}

//! Whether the weights the chain charged match what executing the blocks really takes: the
//! node's own `benchmark block` re-executes chosen blocks on the benchmark's database (the node
//! stopped) and compares each block's execution time with its consumed weight.

use origo_integration::{node_binary, Node};
use serde_json::{json, Value};
use std::process::Command;

/// One `benchmark block` result line: block, execution ns, weight ns.
fn parse(line: &str) -> Option<(u32, f64, f64)> {
	// "Block 12 with   301 tx used  48.10% of its weight ( 123,456 of 256,789 ns)"
	let rest = line.split("Block ").nth(1)?;
	let number = rest.split_whitespace().next()?.parse().ok()?;
	let inside = rest.split('(').nth(1)?.split(')').next()?;
	let numbers: Vec<f64> = inside
		.split(" of ")
		.map(|part| part.trim().trim_end_matches("ns").trim().replace(',', "").parse::<f64>())
		.collect::<Result<_, _>>()
		.ok()?;
	Some((number, *numbers.first()?, *numbers.get(1)?))
}

/// Re-executes `number` on `node`'s database, with or without the trie cache: execution and
/// weight in ns, or the last line the node printed.
fn re_execute(node: &Node, number: u32, trie_cache: bool) -> Result<(f64, f64), String> {
	// The first execution in a process compiles the runtime (about a second here), and the
	// command averages every repetition: the block before warms the executor up, and only
	// `number`'s line is read.
	let warm_up = number.saturating_sub(1).max(1);
	let mut command = Command::new(node_binary());
	command
		.args(["benchmark", "block", "--chain", "dev", "--base-path"])
		.arg(node.base_path())
		.args(["--from", &warm_up.to_string(), "--to", &number.to_string(), "--repeat", "3"]);
	if trie_cache {
		command.arg("--enable-trie-cache");
	}
	let output = command.output().expect("origo-node can be started");
	let log = String::from_utf8_lossy(&output.stderr).into_owned()
		+ &String::from_utf8_lossy(&output.stdout);
	log.lines()
		.filter_map(parse)
		.find(|(block, ..)| *block == number)
		.map(|(_, execution, weight)| (execution, weight))
		.ok_or_else(|| log.lines().last().unwrap_or("no output").to_string())
}

/// Re-executes `blocks` (`(phase, number)`) on `node`'s database: cold, each storage access
/// going to the database as the weights assume, and with the trie cache an importing node runs.
pub fn measured_against_weight(node: &Node, blocks: &[(String, u32)]) -> Value {
	let mut results = Vec::new();
	for (phase, number) in blocks {
		match (re_execute(node, *number, false), re_execute(node, *number, true)) {
			(Ok((execution, weight)), Ok((cached, _))) => results.push(json!({
				"phase": phase,
				"block": number,
				"executionNs": execution,
				"executionWithTrieCacheNs": cached,
				"weightNs": weight,
				"percentOfWeight": execution / weight * 100.0,
				"percentOfWeightWithTrieCache": cached / weight * 100.0,
			})),
			(Err(error), _) | (_, Err(error)) => {
				results.push(json!({ "phase": phase, "block": number, "error": error }))
			},
		}
	}
	Value::Array(results)
}

/// Measures the database's read and write costs on `node`'s state (the node stopped) with the
/// node's `benchmark storage`, and writes the runtime's `ParityDbWeight` file into `dir`.
pub fn measure_database(node: &Node, dir: &std::path::Path) -> Value {
	// Without the directory, the node would write the weights into a file of that name.
	std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
	let output = Command::new(node_binary())
		.args(["benchmark", "storage", "--chain", "dev", "--base-path"])
		.arg(node.base_path())
		// Writes are timed in batches, the storage root computed once per batch: a batch of
		// 1,000 (the tool's default is 100,000) is fewer writes than a full block makes, so the
		// root's share of each write is rather over- than underestimated.
		.args(["--state-version", "1", "--batch-size", "1000", "--weight-path"])
		.arg(dir)
		.output()
		.expect("origo-node can be started");
	let log = String::from_utf8_lossy(&output.stderr).into_owned();
	json!({
		"succeeded": output.status.success(),
		"weightFile": dir.join("paritydb_weights.rs").display().to_string(),
		"log": log.lines().filter(|line| line.contains("Average") || line.contains("Time summary") || line.contains("Writing weights")).collect::<Vec<_>>(),
	})
}

#[cfg(test)]
mod tests {
	use super::parse;

	#[test]
	fn a_benchmark_block_line_parses() {
		let line = "2026-11-24 02:00:00 Block 12 with   301 tx used  48.10% of its weight (       123,456 of        256,789 ns)";
		assert_eq!(parse(line), Some((12, 123_456.0, 256_789.0)));
		assert_eq!(parse("Block 12 with nothing"), None);
	}
}

//! The node's maintenance subcommands: chain specs, keys and pallet benchmarks.

use origo_integration::node_binary;
use serde_json::Value;
use std::{path::PathBuf, process::Command};

/// Runs `origo-node args` and returns its standard output; panics with stderr if it fails.
fn origo_node(args: &[&str]) -> Vec<u8> {
	let output = Command::new(node_binary()).args(args).output().expect("origo-node runs");
	assert!(
		output.status.success(),
		"origo-node {args:?} failed:\n{}",
		String::from_utf8_lossy(&output.stderr)
	);
	output.stdout
}

fn exported_spec(chain: &str) -> Value {
	serde_json::from_slice(&origo_node(&["export-chain-spec", "--chain", chain]))
		.expect("chain specs are JSON")
}

/// The spec without the runtime's code, which changes with every build of the runtime.
fn without_code(mut spec: Value) -> Value {
	let genesis = spec["genesis"]["runtimeGenesis"].as_object_mut().expect("a runtime genesis");
	assert!(genesis.remove("code").is_some(), "chain specs carry the runtime's code");
	spec
}

fn committed_spec(file: &str) -> Value {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-spec").join(file);
	let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
	serde_json::from_slice(&text).expect("committed chain specs are JSON")
}

/// `chain-spec/*.json` are what the presets produce now; regenerate them as the README says
/// when this fails.
#[test]
fn committed_chain_specs_match_the_presets() {
	for (chain, file) in [("dev", "dev.json"), ("local", "local.json")] {
		assert_eq!(
			without_code(committed_spec(file)),
			without_code(exported_spec(chain)),
			"chain-spec/{file} is out of date: regenerate it (see the README)"
		);
	}
}

#[test]
fn presets_have_the_documented_validators_and_sudo() {
	let dev = exported_spec("dev");
	let dev_patch = &dev["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(dev_patch["aura"]["authorities"].as_array().map(Vec::len), Some(1));
	assert!(dev_patch["sudo"]["key"].is_string(), "the development preset has a sudo key");

	let local = exported_spec("local");
	let local_patch = &local["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(local_patch["aura"]["authorities"].as_array().map(Vec::len), Some(3));
	assert_eq!(local_patch["grandpa"]["authorities"].as_array().map(Vec::len), Some(3));
	assert!(
		local_patch["sudo"]["key"].is_null(),
		"the local testnet is governed by its council, not sudo"
	);
	assert_eq!(
		local_patch["registryCouncilMembership"]["members"].as_array().map(Vec::len),
		Some(3)
	);
}

#[test]
fn build_spec_produces_a_raw_spec() {
	let raw: Value =
		serde_json::from_slice(&origo_node(&["build-spec", "--chain", "local", "--raw"]))
			.expect("raw chain specs are JSON");
	let top = raw["genesis"]["raw"]["top"].as_object().expect("a raw genesis has top storage");
	// `:code` is the runtime.
	assert!(top.contains_key("0x3a636f6465"));
	assert_eq!(raw["id"], "origo_local");
}

#[test]
fn key_generate_makes_a_fresh_key() {
	let key: Value =
		serde_json::from_slice(&origo_node(&["key", "generate", "--output-type", "json"]))
			.expect("keys print as JSON");
	let phrase = key["secretPhrase"].as_str().expect("a secret phrase");
	assert_eq!(phrase.split_whitespace().count(), 12);
	assert!(key["ss58Address"].as_str().is_some_and(|a| a.len() > 40));
}

/// `benchmark pallet` writes a weights file for a pallet of the runtime.
#[test]
fn benchmark_pallet_writes_weights() {
	let dir = tempfile::tempdir().expect("a temp dir");
	let output = dir.path().join("weights.rs");
	origo_node(&[
		"benchmark",
		"pallet",
		"--chain",
		"dev",
		"--pallet",
		"pallet_balances",
		"--extrinsic",
		"transfer_allow_death",
		"--steps",
		"2",
		"--repeat",
		"1",
		"--output",
		output.to_str().expect("temp paths are UTF-8"),
	]);
	let weights = std::fs::read_to_string(&output).expect("the weights file was written");
	assert!(weights.contains("fn transfer_allow_death"), "{weights}");
}

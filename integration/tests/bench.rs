//! A short run of `origo-bench` (seconds, a few devices), so the benchmark cannot rot: every
//! phase includes what it measures, and the report has its state and query figures.

use origo_integration::node_binary;
use std::process::Command;

#[test]
fn a_short_benchmark_run_reports_every_figure() {
	let bench = node_binary().with_file_name("origo-bench");
	let dir = tempfile::tempdir().expect("a temporary directory");
	let out = dir.path().join("report.json");
	let status = Command::new(&bench)
		.args([
			"--devices",
			"10",
			"--accounts",
			"16",
			// Three or more 6 s slots per phase: the first block under load is left out of the
			// rates, and on a slow machine a block of 2,000 transfers is seen a slot late.
			"--phase-seconds",
			"20",
			"--batch-seconds",
			"20",
		])
		.args(["--batch-size", "100", "--batches", "500", "--queries", "20"])
		.args(["--p256-devices", "10", "--profile-seconds", "20", "--profile-batch-size", "5"])
		.arg("--out")
		.arg(&out)
		.status()
		.unwrap_or_else(|e| panic!("{} can be started: {e}", bench.display()));
	assert!(status.success(), "origo-bench failed: {status}");
	let report: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(&out).expect("the report was written"))
			.expect("the report is JSON");
	let phases = report["phases"].as_array().expect("phases");
	assert_eq!(phases.len(), 7);
	for phase in phases {
		assert!(phase["itemsPerSecond"].as_f64().unwrap() > 0.0, "nothing included: {phase}");
		assert!(phase["inclusionP99Ms"].as_f64().unwrap() > 0.0, "no inclusion times: {phase}");
	}
	assert_eq!(phases[0]["ratioToTransfers"].as_f64(), Some(1.0));
	// The load profile issue's target: at most 12 bytes of block data per certified interval.
	for phase in &phases[3..] {
		let bytes = phase["blockBytesPerItem"].as_f64().unwrap();
		assert!(bytes > 0.0 && bytes <= 12.0, "{bytes} bytes per interval: {phase}");
	}
	// The benchmark issue's target: at most 200 bytes of state per device per issuance period.
	let per_period = report["state"]["bytesPerIssuancePeriod"].as_f64().unwrap();
	assert!(per_period > 0.0 && per_period <= 200.0, "{per_period} bytes per issuance period");
	assert!(report["state"]["batches"].as_u64().unwrap() >= 500, "too few batches: {report}");
	assert!(report["pruning"]["reclaimedBytes"].as_u64().unwrap() > 0);
	// The market: bids and trades included, and a full auction book cleared with every fill.
	for phase in report["market"]["phases"].as_array().expect("market phases") {
		assert!(phase["itemsPerSecond"].as_f64().unwrap() > 0.0, "nothing included: {phase}");
	}
	let cleared = &report["market"]["clearing"]["cleared"];
	assert_eq!(cleared["orders"], 256, "{cleared}");
	assert_eq!(cleared["trades"], 255, "{cleared}");
	assert!(
		report["weightVersusExecution"]
			.as_array()
			.unwrap()
			.iter()
			.any(|block| block["phase"] == "auction clearing" && block["error"].is_null()),
		"the clearing's block was not re-executed"
	);
	for method in
		["origo_batch", "origo_device", "origo_holdings", "origo_retirement", "origo_neutrality"]
	{
		assert!(report["queries"][method]["p99Ms"].as_f64().unwrap() > 0.0, "{method}");
	}
}

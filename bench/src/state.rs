//! What the registry keeps in state per device and per issuance period, measured from the keys
//! and values actually written, and what retiring a whole batch prunes; and how fast the auditor
//! RPC answers.

use crate::load::percentile;
use origo_integration::{chain, Node};
use origo_primitives::{registry::MeterKey, AccountId};
use origo_runtime::Runtime;
use pallet_certificates::{holding_key, Batch};
use serde_json::{json, Value};
use std::time::Instant;

/// The bytes (key + value) stored under `key`, zero if nothing is.
fn stored_bytes(node: &Node, key: &[u8]) -> usize {
	node.rpc("state_getStorageSize", json!([chain::to_hex(key)]))
		.as_u64()
		.map_or(0, |size| size as usize + key.len())
}

/// The state one batch of `owner` occupies: its record (with its place in its device's batch
/// list) and its holding.
fn batch_bytes(node: &Node, id: u64, batch: &Batch, owner: &AccountId) -> usize {
	let key = holding_key(batch.production_start, id);
	[
		pallet_certificates::Batches::<Runtime>::hashed_key_for(id),
		pallet_certificates::Holdings::<Runtime>::hashed_key_for(owner, key),
	]
	.iter()
	.map(|key| stored_bytes(node, key))
	.sum()
}

/// State per device: the fixed records, and per issuance period (one batch) the average over
/// up to `sample` batches held by `owner`.
pub fn state_per_device(node: &Node, owner: &AccountId, meter: &MeterKey, sample: u64) -> Value {
	let next =
		chain::storage::<u64>(node, &pallet_certificates::NextBatchId::<Runtime>::hashed_key())
			.unwrap_or(0);
	let mut per_batch = Vec::new();
	for id in 0..next.min(sample) {
		let key = pallet_certificates::Batches::<Runtime>::hashed_key_for(id);
		if let Some(batch) = chain::storage::<Batch>(node, &key) {
			per_batch.push(batch_bytes(node, id, &batch, owner));
		}
	}
	let device = 0u64;
	let zone = origo_primitives::registry::Zone::from_code(b"US-FL").expect("a valid zone");
	let fixed: usize = [
		pallet_meters::Devices::<Runtime>::hashed_key_for(device),
		pallet_meters::Meters::<Runtime>::hashed_key_for(meter),
		pallet_meters::DeviceMeters::<Runtime>::hashed_key_for(device, meter),
		pallet_meters::OwnerDevices::<Runtime>::hashed_key_for(owner, device),
		pallet_meters::ZoneDevices::<Runtime>::hashed_key_for(zone, device),
		pallet_certificates::DeviceLedgers::<Runtime>::hashed_key_for(device),
	]
	.iter()
	.map(|key| stored_bytes(node, key))
	.sum();
	let average = per_batch.iter().sum::<usize>() as f64 / per_batch.len().max(1) as f64;
	json!({
		"batches": next,
		"sampledBatches": per_batch.len(),
		"bytesPerIssuancePeriod": average,
		"bytesPerDeviceFixed": fixed,
	})
}

/// The state of batch `id` before and after its holder retires all of it (`retire(Wh held)`).
pub fn pruning(node: &Node, id: u64, owner: &AccountId, retire: impl FnOnce(u64)) -> Value {
	let key = pallet_certificates::Batches::<Runtime>::hashed_key_for(id);
	let Some(batch) = chain::storage::<Batch>(node, &key) else {
		return json!(null);
	};
	let before = batch_bytes(node, id, &batch, owner);
	retire(batch.supply.held);
	let retirement =
		|node: &Node| chain::storage::<Batch>(node, &key).filter(|batch| batch.supply.held == 0);
	origo_integration::wait_until(
		"the batch to be retired",
		std::time::Duration::from_secs(120),
		|| retirement(node),
	);
	let after = batch_bytes(node, id, &batch, owner);
	let retirement_id = chain::storage::<u64>(
		node,
		&pallet_certificates::NextRetirementId::<Runtime>::hashed_key(),
	)
	.unwrap_or(1)
	.saturating_sub(1);
	let record: usize = [
		pallet_certificates::Retirements::<Runtime>::hashed_key_for(retirement_id),
		pallet_certificates::BatchRetirements::<Runtime>::hashed_key_for(id, retirement_id),
		pallet_certificates::BeneficiaryRetirements::<Runtime>::hashed_key_for(
			owner,
			retirement_id,
		),
	]
	.iter()
	.map(|key| stored_bytes(node, key))
	.sum();
	json!({
		"batch": id,
		"bytesBefore": before,
		"bytesAfter": after,
		"reclaimedBytes": before.saturating_sub(after),
		"retirementRecordBytes": record,
	})
}

/// The parameters of a method's `i`th call.
type Params = Box<dyn Fn(u32) -> Value>;

/// p50 and p99 latency, ms, of `count` calls of each auditor method.
pub fn query_latency(node: &Node, owner: &AccountId, batches: u64, count: u32) -> Value {
	let batches = batches.max(1);
	let owner = owner.to_string();
	let methods: Vec<(&str, Params)> = vec![
		("origo_batch", Box::new(move |i| json!([u64::from(i) * 7_919 % batches]))),
		("origo_device", Box::new(|i| json!([i % 100]))),
		("origo_holdings", Box::new(move |_| json!([owner.clone(), null, 100]))),
		("origo_retirement", Box::new(|_| json!([0]))),
		("origo_neutrality", Box::new(|_| json!([]))),
	];
	let mut report = serde_json::Map::new();
	for (method, params) in methods {
		let mut millis: Vec<f64> = (0..count)
			.map(|i| {
				let params = params(i);
				let started = Instant::now();
				node.rpc(method, params);
				started.elapsed().as_secs_f64() * 1_000.0
			})
			.collect();
		millis.sort_by(|a, b| a.total_cmp(b));
		report.insert(
			method.into(),
			json!({ "p50Ms": percentile(&millis, 0.5), "p99Ms": percentile(&millis, 0.99) }),
		);
	}
	Value::Object(report)
}

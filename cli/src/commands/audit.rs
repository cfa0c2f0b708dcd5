//! `origo audit`: what an auditor checks: a retirement with its provenance, a keepable receipt
//! and its verification, a batch's supply, a device's history.

use super::certificates::batch;
use crate::{
	chain::{origo, Chain, GlobalOptions},
	error::{Error, Result},
	output::print,
	receipt::{self, ReceiptRecord},
};
use origo_rpc_types::RetirementView;
use serde_json::json;
use std::path::PathBuf;
use subxt::rpcs::rpc_params;

/// Audit commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// A retirement with its provenance: batch, device, issuer, production period.
	///
	/// Example: origo audit retirement 0
	Retirement {
		/// The retirement.
		id: u64,
	},
	/// Write a retirement receipt: a self-contained HTML page with the claim, its provenance,
	/// the block that recorded it, and how to verify it.
	///
	/// Example: origo audit receipt 0 --out receipt.html
	Receipt {
		/// The retirement.
		id: u64,
		/// Where to write the page.
		#[arg(long)]
		out: PathBuf,
	},
	/// Check a receipt against the chain: the block is on this chain and final, and the
	/// retirement there is the one the receipt shows.
	///
	/// Example: origo audit verify-receipt receipt.html
	VerifyReceipt {
		/// The receipt page.
		file: PathBuf,
	},
	/// Check a batch's supply: issued = held + retired + expired + revoked.
	///
	/// Example: origo audit supply 0
	Supply {
		/// The batch.
		batch: u64,
	},
	/// A device's history: the device, its certification account and every batch it produced,
	/// oldest first.
	///
	/// Example: origo audit device 0 --json
	Device {
		/// The device.
		id: u64,
	},
}

async fn retirement(chain: &Chain, id: u64, at: Option<&str>) -> Result<RetirementView> {
	let found: Option<RetirementView> = chain.rpc("origo_retirement", rpc_params![id, at]).await?;
	found.ok_or_else(|| Error(format!("there is no retirement {id}")))
}

async fn block_hash(chain: &Chain, number: u64) -> Result<Option<String>> {
	chain.rpc("chain_getBlockHash", rpc_params![number]).await
}

async fn receipt_record(chain: &Chain, id: u64) -> Result<ReceiptRecord> {
	let block_number = u64::from(retirement(chain, id, None).await?.block);
	let block_hash = block_hash(chain, block_number)
		.await?
		.ok_or_else(|| Error(format!("the node has no block {block_number}")))?;
	// The record as of the block that recorded it: what anyone can check there later.
	let retirement = retirement(chain, id, Some(&block_hash)).await?;
	Ok(ReceiptRecord {
		genesis_hash: format!("{:?}", chain.genesis_hash()),
		block_number,
		block_hash,
		// The record as the node's JSON has it: a receipt keeps its answer verbatim.
		retirement: serde_json::to_value(retirement)?,
	})
}

async fn verify(chain: &Chain, record: &ReceiptRecord) -> Result<serde_json::Value> {
	let genesis = format!("{:?}", chain.genesis_hash());
	if record.genesis_hash != genesis {
		return Err(Error(format!(
			"the receipt is for another chain (genesis {}, this node's is {genesis})",
			record.genesis_hash
		)));
	}
	if block_hash(chain, record.block_number).await?.as_deref() != Some(&record.block_hash) {
		return Err(Error(format!(
			"block {} of this chain is not {}: the receipt's block is not on the chain",
			record.block_number, record.block_hash
		)));
	}
	let id = record.retirement["id"]
		.as_u64()
		.ok_or_else(|| Error("the receipt names no retirement".into()))?;
	let on_chain = retirement(chain, id, Some(&record.block_hash)).await?;
	if serde_json::to_value(on_chain)? != record.retirement {
		return Err(Error(format!(
			"the receipt does not match retirement {id} as block {} recorded it",
			record.block_number
		)));
	}
	// A block that is not final may still be replaced, and the retirement with it.
	let finalized: String = chain.rpc("chain_getFinalizedHead", rpc_params![]).await?;
	let finalized_number = chain.block_number(Some(&finalized)).await?;
	if finalized_number < record.block_number {
		return Err(Error(format!(
			"block {} is not final yet (finalized: {finalized_number}): verify again once it is",
			record.block_number
		)));
	}
	Ok(json!({
		"valid": true,
		"retirement": id,
		"block": record.block_number,
		"blockHash": record.block_hash,
		"final": true,
	}))
}

/// Runs an audit command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	match command {
		Command::Retirement { id } => {
			print(global.json, &retirement(chain, id, None).await?);
			Ok(())
		},
		Command::Receipt { id, out } => {
			let record = receipt_record(chain, id).await?;
			std::fs::write(&out, receipt::render(&record, &global.url))
				.map_err(|e| Error(format!("cannot write {}: {e}", out.display())))?;
			print(
				global.json,
				&json!({ "receipt": out.display().to_string(), "retirement": id, "blockHash": record.block_hash }),
			);
			Ok(())
		},
		Command::VerifyReceipt { file } => {
			let html = std::fs::read_to_string(&file)
				.map_err(|e| Error(format!("cannot read {}: {e}", file.display())))?;
			let record = receipt::parse_unaltered(&html).map_err(Error)?;
			print(global.json, &verify(chain, &record).await?);
			Ok(())
		},
		Command::Supply { batch: id } => {
			// Conservation is the chain's rule (`Supply::is_conserved`); the node reports it.
			let supply = batch(chain, id).await?.supply;
			let conserved = supply.conserved;
			print(global.json, &json!({ "batch": id, "supply": supply, "conserved": conserved }));
			if !conserved {
				return Err(Error(format!("batch {id}'s supply is not conserved")));
			}
			Ok(())
		},
		Command::Device { id } => {
			let device = super::devices::device(chain, id).await?;
			let api = origo::runtime_apis().certificates_api();
			let mut batches = Vec::new();
			let mut start_after = None;
			loop {
				let page = chain
					.runtime_api(api.device_batches(id, start_after, origo_primitives::MAX_PAGE))
					.await?;
				let Some(last) = page.last().copied() else { break };
				for id in page {
					batches.push(batch(chain, id).await?);
				}
				start_after = Some(last);
			}
			// The chain lists a device's batches newest first; a history reads oldest first.
			batches.reverse();
			print(global.json, &json!({ "device": device, "batches": batches }));
			Ok(())
		},
	}
}

//! `origo readings import`: a meter data file signed reading by reading with the meter key and
//! sent in gateway batches, with a progress bar and a summary of what the chain refused.

use super::{
	csv::{self, CsvFormat},
	signed_reading,
};
use crate::{
	chain::{origo, Chain, GlobalOptions},
	error::{Error, Result},
	keys::SignerOptions,
	output::print,
};
use origo_primitives::{
	registry::{MeterKey, UnixTime},
	time::format_utc,
};
use serde_json::json;
use sp_core::{sr25519, Pair};
use std::{collections::BTreeMap, io::IsTerminal, path::PathBuf};
use subxt::utils::Static;

/// A progress bar on a terminal, a line per step otherwise.
struct Progress {
	total: usize,
	terminal: bool,
}

impl Progress {
	fn show(&self, done: usize, accepted: u32, rejected: u32) {
		let width = 40;
		let filled = done * width / self.total.max(1);
		let line = format!(
			"[{}{}] {done}/{} readings, {accepted} accepted, {rejected} refused",
			"#".repeat(filled),
			".".repeat(width - filled),
			self.total
		);
		if self.terminal {
			eprint!("\r{line}");
			if done == self.total {
				eprintln!();
			}
		} else {
			eprintln!("{line}");
		}
	}
}

/// The name of a dispatch error inside a `ReadingRejected` event.
fn error_name(chain: &Chain, error: &origo::runtime_types::sp_runtime::DispatchError) -> String {
	use origo::runtime_types::sp_runtime::DispatchError;
	match error {
		DispatchError::Module(module) => chain
			.metadata
			.pallet_by_error_index(module.index)
			.and_then(|pallet| {
				let variant = pallet.error_variant_by_index(module.error[0])?;
				Some(format!("{}.{}", pallet.name(), variant.name))
			})
			.unwrap_or_else(|| format!("{error:?}")),
		other => format!("{other:?}"),
	}
}

/// How to import a CSV.
pub struct ImportOptions {
	/// What the second column holds.
	pub format: CsvFormat,
	/// Re-date the file so that its last row is at this time.
	pub shift_to_end: Option<UnixTime>,
	/// Readings per transaction.
	pub batch_size: usize,
}

/// Imports `file`: see the module's docs.
pub async fn import(
	chain: &Chain,
	global: &GlobalOptions,
	file: PathBuf,
	options: ImportOptions,
	meter: &sr25519::Pair,
	signer: &SignerOptions,
) -> Result<()> {
	let ImportOptions { format, shift_to_end, batch_size } = options;
	let most = chain
		.at_best()
		.await?
		.constants()
		.entry(origo::constants().meters().max_readings_per_batch())? as usize;
	if batch_size > most {
		return Err(Error(format!(
			"--batch-size {batch_size} is above the chain's MaxReadingsPerBatch ({most})"
		)));
	}
	let text = std::fs::read_to_string(&file)
		.map_err(|e| Error(format!("cannot read {}: {e}", file.display())))?;
	let mut rows = csv::parse(&text)?;
	if let Some(end) = shift_to_end {
		rows = csv::shifted(rows, end)?;
	}
	let key = MeterKey::from(meter.public());
	let bound = chain
		.runtime_api(origo::runtime_apis().meters_api().meter(Static(key)))
		.await?
		.ok_or_else(|| {
			Error("the meter key is not bound to a device: `origo meters bind` first".into())
		})?;
	let last = bound.last.map(|last| (last.counter_wh, last.timestamp));
	let readings = csv::readings_of(&rows, format, last)?;
	let genesis = chain.genesis_hash();
	let signer = signer.signer()?;
	let progress = Progress { total: readings.len(), terminal: std::io::stderr().is_terminal() };

	// Submit every batch first, then wait for each.
	let first_nonce = chain.next_nonce(&signer).await?;
	let mut pending = Vec::new();
	for (nonce, batch) in (first_nonce..).zip(readings.chunks(batch_size)) {
		let signed = batch
			.iter()
			.map(|(counter, time)| Static(signed_reading(meter, *counter, *time, &genesis)))
			.collect();
		let tx = origo::transactions().meters().submit_readings(signed);
		pending.push((batch.len(), chain.submit_watch(&tx, &signer, nonce).await?));
	}
	let (mut done, mut accepted, mut rejected) = (0, 0u32, 0u32);
	let mut refusals: BTreeMap<String, u32> = BTreeMap::new();
	let mut blocks = Vec::new();
	for (count, watch) in pending {
		let included = chain.included(watch).await?;
		for event in included.events.find::<origo::meters::events::ReadingRejected>() {
			*refusals.entry(error_name(chain, &event?.error)).or_default() += 1;
		}
		if let Some(processed) =
			included.events.find_first::<origo::meters::events::BatchProcessed>()
		{
			let processed = processed?;
			accepted += processed.accepted;
			rejected += processed.rejected;
		}
		blocks.push(format!("{:?}", included.block_hash));
		done += count;
		progress.show(done, accepted, rejected);
	}
	let (first, last) = (readings[0], readings[readings.len() - 1]);
	let summary = json!({
		"file": file.display().to_string(),
		"readings": readings.len(),
		"accepted": accepted,
		"rejected": rejected,
		"refusals": refusals,
		"counterWh": { "from": first.0.to_string(), "to": last.0.to_string() },
		"period": { "start": format_utc(first.1), "end": format_utc(last.1) },
		"transactions": blocks.len(),
		"blocks": blocks.iter().collect::<std::collections::BTreeSet<_>>(),
	});
	print(global.json, &summary);
	if rejected > 0 {
		return Err(Error(format!("{rejected} of {} readings were refused", readings.len())));
	}
	Ok(())
}

//! `origo readings import`: a meter data file signed with the meter key, as daily load profiles
//! (or reading by reading), and sent in gateway batches, with a progress bar and a summary of
//! what the chain refused.

use super::{
	csv::{self, CsvFormat, ProfileRun},
	signed_reading,
};
use crate::{
	chain::{origo, Chain, GlobalOptions, Pending},
	error::{Error, Result},
	keys::{AccountSigner, MeterPair, SignerOptions},
	output::print,
};
use origo_primitives::{
	registry::{sign_profile, MeterSigner as _, Profile, UnixTime, Wh},
	time::format_utc,
};
use serde_json::json;
use std::{collections::BTreeMap, io::IsTerminal, path::PathBuf};
use subxt::{transactions::Payload, utils::Static};

/// A progress bar on a terminal, a line per step otherwise.
struct Progress {
	total: usize,
	unit: &'static str,
	terminal: bool,
}

impl Progress {
	fn show(&self, done: usize, accepted: u32, rejected: u32) {
		let width = 40;
		let filled = done * width / self.total.max(1);
		let line = format!(
			"[{}{}] {done}/{} {}, {accepted} accepted, {rejected} refused",
			"#".repeat(filled),
			".".repeat(width - filled),
			self.total,
			self.unit,
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

/// How to sign a file's readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
	/// As load profiles of at most this many intervals, each signed once.
	Profiles(u32),
	/// Reading by reading.
	Readings,
}

/// How to import a CSV.
pub struct ImportOptions {
	/// What the second column holds.
	pub format: CsvFormat,
	/// Re-date the file so that its last row is at this time.
	pub shift_to_end: Option<UnixTime>,
	/// How to sign the readings.
	pub signing: Signing,
	/// Profiles or readings per transaction; the default if `None`.
	pub batch_size: Option<u32>,
}

/// Submits `batches` (`(items, call)`) with consecutive nonces, without waiting for any.
async fn submit_all<C: Payload>(
	chain: &Chain,
	signer: &AccountSigner,
	batches: Vec<(usize, C)>,
) -> Result<Vec<(usize, Pending)>> {
	let first_nonce = chain.next_nonce(signer).await?;
	let mut pending = Vec::with_capacity(batches.len());
	for (nonce, (items, call)) in (first_nonce..).zip(batches) {
		pending.push((items, chain.submit_watch(&call, signer, nonce).await?));
	}
	Ok(pending)
}

/// Imports `file`: see the module's docs.
pub async fn import(
	chain: &Chain,
	global: &GlobalOptions,
	file: PathBuf,
	options: ImportOptions,
	meter: &MeterPair,
	signer: &SignerOptions,
) -> Result<()> {
	let ImportOptions { format, shift_to_end, signing, batch_size } = options;
	let best = chain.at_best().await?;
	let constants = best.constants();
	let (most, unit, default_size) = match signing {
		Signing::Profiles(intervals) => {
			let most_intervals =
				constants.entry(origo::constants().meters().max_profile_intervals())?;
			if intervals > most_intervals {
				return Err(Error(format!(
					"--profile-intervals {intervals} is above the chain's MaxProfileIntervals \
					 ({most_intervals})"
				)));
			}
			let most = constants.entry(origo::constants().meters().max_profiles_per_batch())?;
			(most, "MaxProfilesPerBatch", 100)
		},
		Signing::Readings => {
			let most = constants.entry(origo::constants().meters().max_readings_per_batch())?;
			(most, "MaxReadingsPerBatch", 500)
		},
	};
	let batch_size = batch_size.unwrap_or(default_size.min(most));
	if batch_size > most {
		return Err(Error(format!(
			"--batch-size {batch_size} is above the chain's {unit} ({most})"
		)));
	}
	let text = std::fs::read_to_string(&file)
		.map_err(|e| Error(format!("cannot read {}: {e}", file.display())))?;
	let mut rows = csv::parse(&text)?;
	if let Some(end) = shift_to_end {
		rows = csv::shifted(rows, end)?;
	}
	let key = meter.meter_key();
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
	let size = batch_size as usize;
	// Sign and submit every batch first, then wait for each.
	let (pending, item) = match signing {
		Signing::Profiles(intervals) => {
			let runs = csv::profiles_of(&readings, last.is_none(), intervals as usize)?;
			let batches = runs
				.chunks(size)
				.map(|runs| {
					let profiles = runs
						.iter()
						.map(|run| Static(sign_profile(meter, profile_of(meter, run), &genesis)))
						.collect();
					(runs.len(), origo::transactions().meters().submit_profiles(profiles))
				})
				.collect();
			(submit_all(chain, &signer, batches).await?, "profiles")
		},
		Signing::Readings => {
			let batches = readings
				.chunks(size)
				.map(|batch| {
					let signed = batch
						.iter()
						.map(|(counter, time)| {
							Static(signed_reading(meter, *counter, *time, &genesis))
						})
						.collect();
					(batch.len(), origo::transactions().meters().submit_readings(signed))
				})
				.collect();
			(submit_all(chain, &signer, batches).await?, "readings")
		},
	};
	let total = pending.iter().map(|(items, _)| items).sum();
	let progress = Progress { total, unit: item, terminal: std::io::stderr().is_terminal() };
	let (mut done, mut accepted, mut rejected) = (0, 0u32, 0u32);
	let mut refusals: BTreeMap<String, u32> = BTreeMap::new();
	let mut refused_profiles = Vec::new();
	let mut blocks = Vec::new();
	for (count, watch) in pending {
		let included = chain.included(watch).await?;
		for event in included.events.find::<origo::meters::events::ReadingRejected>() {
			*refusals.entry(error_name(chain, &event?.error)).or_default() += 1;
		}
		for event in included.events.find::<origo::meters::events::ProfileRejected>() {
			let event = event?;
			let error = error_name(chain, &event.error);
			*refusals.entry(error.clone()).or_default() += 1;
			refused_profiles.push(json!({
				"batchIndex": event.index,
				"interval": event.interval,
				"error": error,
			}));
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
		"signedAs": item,
		"readings": readings.len(),
		"submitted": total,
		"accepted": accepted,
		"rejected": rejected,
		"refusals": refusals,
		"refusedProfiles": refused_profiles,
		"counterWh": { "from": first.0.to_string(), "to": last.0.to_string() },
		"period": { "start": format_utc(first.1), "end": format_utc(last.1) },
		"transactions": blocks.len(),
		"blocks": blocks.iter().collect::<std::collections::BTreeSet<_>>(),
	});
	print(global.json, &summary);
	if rejected > 0 {
		return Err(Error(format!("{rejected} of {total} {item} were refused")));
	}
	Ok(())
}

/// The profile of `run`, for `meter`.
fn profile_of(meter: &MeterPair, run: &ProfileRun) -> Profile {
	Profile {
		meter: meter.meter_key(),
		start: run.start,
		interval: run.interval,
		registers: run
			.readings
			.iter()
			.map(|(register, _): &(Wh, UnixTime)| codec::Compact(*register))
			.collect(),
	}
}

//! `origo readings`: sign a meter reading offline, submit one feeless, or import a whole CSV of
//! interval energy or cumulative counters, signed with the meter key and sent in gateway batches.

use super::{parse_time, report};
use crate::{
	chain::{from_hex, origo, same_scale, to_hex, Chain, Error, GlobalOptions, Result},
	keys::{MeterKeyOptions, SignerOptions},
	output::print,
};
use codec::{Decode, Encode};
use origo_primitives::{
	registry::{sign_reading, MeterKey, Reading, SignedReading, UnixTime, Wh},
	time::format_utc,
};
use serde_json::json;
use sp_core::{sr25519, Pair, H256};
use std::{collections::BTreeMap, io::IsTerminal, path::PathBuf};

/// The most readings one gateway transaction carries (the runtime's `MaxReadingsPerBatch`).
const MAX_BATCH: usize = 1_000;

/// What a CSV's second column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvFormat {
	/// Energy in each interval, Wh (`interval_end_utc,ac_wh`): the register is the running sum.
	Interval,
	/// The meter's cumulative register, Wh (`time_utc,counter_wh`).
	Cumulative,
}

/// One reading's content, as given on the command line.
#[derive(Debug, clap::Args)]
pub struct ReadingArgs {
	/// The meter's cumulative register, Wh.
	#[arg(long)]
	counter_wh: Wh,
	/// When the register was read (UTC time or unix seconds).
	#[arg(long, value_parser = parse_time)]
	at: UnixTime,
	#[command(flatten)]
	meter: MeterKeyOptions,
}

/// Offline signing options.
#[derive(Debug, clap::Args)]
pub struct SignArgs {
	#[command(flatten)]
	reading: ReadingArgs,
	/// The chain's genesis hash, to sign without a node; otherwise it is asked of `--url`.
	#[arg(long)]
	pub genesis: Option<H256>,
}

/// Reading commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Sign a reading with a meter key, as the meter does; prints it as hex for `submit`.
	///
	/// Example: origo readings sign --meter-suri //miami-meter --counter-wh 1500
	/// --at 2025-01-01T12:00:00Z --genesis 0x1234...
	Sign(SignArgs),
	/// Submit one signed reading: feeless, the meter's signature authorizes it. The chain takes
	/// a meter's feeless readings if they prove energy, at most every 15 minutes (its feeless
	/// interval); others go in an `import` batch.
	///
	/// Example: origo readings submit 0x0001d43593c7...  (from `readings sign`), or
	/// origo readings submit --meter-suri //miami-meter --counter-wh 1500 --at 2025-01-01T12:00:00Z
	Submit(SignedReadingArgs),
	/// Import a CSV of readings: sign each with the meter key and submit them in gateway
	/// batches paid by the signing account; prints a summary, and exits with 1 if any reading
	/// was refused.
	///
	/// Example: origo readings import ../shared/data/miami-fl-5kwp-hourly.csv
	/// --meter-suri //miami-meter --suri //Ferdie
	Import {
		/// The CSV: a header line, then `UTC time,Wh` rows in time order.
		file: PathBuf,
		/// What the second column holds.
		#[arg(long, value_enum, default_value = "interval")]
		format: CsvFormat,
		/// Re-date the file so that its last row is at this time (UTC or unix seconds): lays a
		/// sample or typical year onto real time, e.g. the year up to now.
		#[arg(long, value_parser = parse_time)]
		shift_to_end: Option<UnixTime>,
		/// Readings per transaction (at most 1000).
		#[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=MAX_BATCH as i64))]
		batch_size: u32,
		#[command(flatten)]
		meter: MeterKeyOptions,
		#[command(flatten)]
		signer: SignerOptions,
	},
}

/// A signed reading: as hex from `origo readings sign`, or signed here with the meter key.
#[derive(Debug, clap::Args)]
pub struct SignedReadingArgs {
	/// A signed reading as hex, from `origo readings sign`.
	#[arg(conflicts_with_all = ["counter_wh", "at"])]
	signed: Option<String>,
	/// The meter's cumulative register, Wh (to sign it here).
	#[arg(long, requires = "at")]
	counter_wh: Option<Wh>,
	/// When the register was read.
	#[arg(long, value_parser = parse_time, requires = "counter_wh")]
	at: Option<UnixTime>,
	#[command(flatten)]
	meter: MeterKeyOptions,
}

impl SignedReadingArgs {
	/// The reading, checked to be its meter's on the chain with `genesis`.
	pub fn reading(&self, genesis: &H256) -> Result<SignedReading> {
		let signed = match (&self.signed, self.counter_wh, self.at) {
			(Some(hex), _, _) => SignedReading::decode(&mut &from_hex(hex)?[..]).map_err(|_| {
				Error("that is not a signed reading (see `origo readings sign`)".into())
			})?,
			(None, Some(counter_wh), Some(at)) => {
				signed_reading(&self.meter.pair()?, counter_wh, at, genesis)
			},
			_ => return Err(Error("give a signed reading, or --counter-wh and --at".into())),
		};
		if !signed.verify(genesis) {
			return Err(Error(
				"the reading's signature does not match its meter key on this chain".into(),
			));
		}
		Ok(signed)
	}
}

fn signed_reading(
	pair: &sr25519::Pair,
	counter_wh: Wh,
	at: UnixTime,
	genesis: &H256,
) -> SignedReading {
	let reading = Reading { meter: MeterKey::from(pair.public()), counter_wh, timestamp: at };
	sign_reading(pair, reading, genesis)
}

fn print_signed(global: &GlobalOptions, signed: &SignedReading) {
	let hex = to_hex(&signed.encode());
	if global.json {
		print(
			true,
			&json!({
				"signed": hex,
				"counterWh": signed.reading.counter_wh.to_string(),
				"at": format_utc(signed.reading.timestamp),
			}),
		);
	} else {
		println!("{hex}");
	}
}

/// Signs a reading for the given genesis hash, without a node.
pub fn sign_offline(args: &SignArgs, global: &GlobalOptions) -> Result<()> {
	let genesis = args.genesis.ok_or_else(|| Error("--genesis is required offline".into()))?;
	let reading = &args.reading;
	print_signed(
		global,
		&signed_reading(&reading.meter.pair()?, reading.counter_wh, reading.at, &genesis),
	);
	Ok(())
}

/// `(time, Wh)` rows of a CSV with a header line.
pub fn parse_csv(text: &str) -> Result<Vec<(UnixTime, Wh)>> {
	let mut rows = Vec::new();
	for (number, line) in text.lines().enumerate().skip(1) {
		let line = line.trim();
		if line.is_empty() {
			continue;
		}
		let row = number + 1;
		let (time, wh) = line
			.split_once(',')
			.ok_or_else(|| Error(format!("line {row}: expected `time,Wh`, found {line:?}")))?;
		let time = parse_time(time).map_err(|e| Error(format!("line {row}: {e}")))?;
		let wh = wh.trim().parse::<Wh>().map_err(|_| {
			Error(format!("line {row}: {:?} is not a whole number of Wh", wh.trim()))
		})?;
		if rows.last().is_some_and(|(last, _)| *last >= time) {
			return Err(Error(format!("line {row}: times must increase")));
		}
		rows.push((time, wh));
	}
	if rows.is_empty() {
		return Err(Error("the file has no readings".into()));
	}
	Ok(rows)
}

/// The meter readings a CSV stands for, after the meter's last reading on chain `last`
/// (`(counter, time)`), or from a zero baseline one interval before the first row.
pub fn readings_of(
	rows: &[(UnixTime, Wh)],
	format: CsvFormat,
	last: Option<(Wh, UnixTime)>,
) -> Result<Vec<(Wh, UnixTime)>> {
	if let Some((_, last_time)) = last {
		let stale = rows.iter().filter(|(time, _)| *time <= last_time).count();
		if stale > 0 {
			return Err(Error(format!(
				"{stale} of the file's {} readings are at or before the meter's last reading \
				 ({}): was this file imported already? Nothing was submitted.",
				rows.len(),
				format_utc(last_time)
			)));
		}
	}
	let mut readings = Vec::with_capacity(rows.len() + 1);
	let mut counter = match (format, last) {
		(_, Some((counter, _))) => counter,
		(CsvFormat::Interval, None) => {
			// A meter's first reading is its baseline: the register at the start of the first
			// interval, as long before the first row as the second row is after it.
			let interval = rows.get(1).map_or(3_600, |(second, _)| second - rows[0].0);
			readings.push((0, rows[0].0.saturating_sub(interval)));
			0
		},
		(CsvFormat::Cumulative, None) => 0,
	};
	for (time, wh) in rows {
		counter = match format {
			CsvFormat::Interval => counter
				.checked_add(*wh)
				.ok_or_else(|| Error("the running sum overflows a u64 Wh counter".into()))?,
			CsvFormat::Cumulative => *wh,
		};
		readings.push((counter, *time));
	}
	Ok(readings)
}

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
struct ImportOptions {
	format: CsvFormat,
	shift_to_end: Option<UnixTime>,
	batch_size: usize,
}

/// `rows` moved in time so that the last is at `end`.
fn shifted(rows: Vec<(UnixTime, Wh)>, end: UnixTime) -> Result<Vec<(UnixTime, Wh)>> {
	let last = rows.last().map_or(0, |(time, _)| *time);
	let shift = i128::from(end) - i128::from(last);
	rows.into_iter()
		.map(|(time, wh)| {
			UnixTime::try_from(i128::from(time) + shift)
				.map(|time| (time, wh))
				.map_err(|_| Error("--shift-to-end moves the file before 1970".into()))
		})
		.collect()
}

async fn import(
	chain: &Chain,
	global: &GlobalOptions,
	file: PathBuf,
	options: ImportOptions,
	meter: &sr25519::Pair,
	signer: &SignerOptions,
) -> Result<()> {
	let ImportOptions { format, shift_to_end, batch_size } = options;
	let text = std::fs::read_to_string(&file)
		.map_err(|e| Error(format!("cannot read {}: {e}", file.display())))?;
	let mut rows = parse_csv(&text)?;
	if let Some(end) = shift_to_end {
		rows = shifted(rows, end)?;
	}
	let key = MeterKey::from(meter.public());
	let bound = chain
		.runtime_api(origo::runtime_apis().meters_api().meter(same_scale(&key)?))
		.await?
		.ok_or_else(|| {
			Error("the meter key is not bound to a device: `origo meters bind` first".into())
		})?;
	let last = bound.last.map(|last| (last.counter_wh, last.timestamp));
	let readings = readings_of(&rows, format, last)?;
	let genesis = chain.genesis_hash();
	let signer = signer.signer()?;
	let progress = Progress { total: readings.len(), terminal: std::io::stderr().is_terminal() };

	// Submit every batch first, then wait for each.
	let first_nonce = chain.next_nonce(&signer).await?;
	let mut pending = Vec::new();
	for (nonce, batch) in (first_nonce..).zip(readings.chunks(batch_size)) {
		let signed = batch
			.iter()
			.map(|(counter, time)| same_scale(&signed_reading(meter, *counter, *time, &genesis)))
			.collect::<Result<Vec<_>>>()?;
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

/// Runs a reading command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	match command {
		Command::Sign(args) => {
			let reading = &args.reading;
			let pair = reading.meter.pair()?;
			print_signed(
				global,
				&signed_reading(&pair, reading.counter_wh, reading.at, &chain.genesis_hash()),
			);
			Ok(())
		},
		Command::Submit(reading) => {
			let signed = reading.reading(&chain.genesis_hash())?;
			let tx = origo::transactions().meters().submit_reading(same_scale(&signed)?);
			let included = chain.submit_general(&tx).await?;
			report(global, "Reading accepted", &included)
		},
		Command::Import { file, format, shift_to_end, batch_size, meter, signer } => {
			let options = ImportOptions { format, shift_to_end, batch_size: batch_size as usize };
			import(chain, global, file, options, &meter.pair()?, &signer).await
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_csv_parses_and_names_its_bad_lines() {
		let rows =
			parse_csv("interval_end_utc,ac_wh\n2025-01-01T06:00:00Z,0\n2025-01-01T07:00:00Z,12\n")
				.unwrap();
		assert_eq!(rows, vec![(1_735_711_200, 0), (1_735_714_800, 12)]);
		let error = parse_csv("h\n2025-01-01T06:00:00Z,1.5\n").err().unwrap();
		assert!(error.0.contains("line 2") && error.0.contains("whole number"), "{}", error.0);
		let error = parse_csv("h\nyesterday,1\n").err().unwrap();
		assert!(error.0.contains("line 2") && error.0.contains("UTC time"), "{}", error.0);
		let error = parse_csv("h\n2025-01-01T07:00:00Z,1\n2025-01-01T06:00:00Z,1\n").err().unwrap();
		assert!(error.0.contains("line 3: times must increase"), "{}", error.0);
		assert!(parse_csv("h\n").is_err());
	}

	#[test]
	fn interval_energy_becomes_a_register_with_a_baseline() {
		let rows = [(7_200, 5), (10_800, 7)];
		assert_eq!(
			readings_of(&rows, CsvFormat::Interval, None).unwrap(),
			vec![(0, 3_600), (5, 7_200), (12, 10_800)]
		);
		assert_eq!(
			readings_of(&rows, CsvFormat::Interval, Some((100, 3_600))).unwrap(),
			vec![(105, 7_200), (112, 10_800)]
		);
		assert_eq!(
			readings_of(&rows, CsvFormat::Cumulative, None).unwrap(),
			vec![(5, 7_200), (7, 10_800)]
		);
	}

	#[test]
	fn a_file_shifts_to_end_at_a_given_time() {
		assert_eq!(shifted(vec![(100, 1), (200, 2)], 1_000).unwrap(), vec![(900, 1), (1_000, 2)]);
		assert!(shifted(vec![(100, 1), (200, 2)], 50).is_err());
	}

	#[test]
	fn a_file_imported_before_is_refused_before_anything_is_sent() {
		let error =
			readings_of(&[(7_200, 5)], CsvFormat::Interval, Some((5, 7_200))).err().unwrap();
		assert!(error.0.contains("imported already"), "{}", error.0);
	}
}

//! `origo readings`: sign a meter reading offline, submit one feeless, or import a whole CSV of
//! interval energy or cumulative counters, signed with the meter key and sent in gateway batches.

mod csv;
mod import;

use super::{parse_time, report};
use crate::{
	chain::{origo, Chain, GlobalOptions},
	error::{Error, Result},
	keys::{MeterKeyOptions, MeterPair, SignerOptions},
	output::print,
};
use codec::{Decode, Encode};
pub use csv::CsvFormat;
use origo_primitives::{
	registry::{sign_reading, MeterSigner as _, Reading, SignedReading, UnixTime, Wh},
	time::format_utc,
};
use serde_json::json;
use sp_core::H256;
use std::path::PathBuf;
use subxt::utils::Static;

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
	/// Import a CSV of readings: sign them with the meter key as daily load profiles (each
	/// signed once, its intervals checked one by one), or reading by reading with --readings,
	/// and submit them in gateway batches paid by the signing account; prints a summary, and
	/// exits with 1 if anything was refused.
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
		/// Intervals per signed profile: 24 makes an hourly file's days, 96 a 15-minute file's.
		#[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..))]
		profile_intervals: u32,
		/// Sign every reading on its own instead of as profiles (files whose readings are not a
		/// whole fraction of a day apart).
		#[arg(long, conflicts_with = "profile_intervals")]
		readings: bool,
		/// Profiles (default 100) or readings (default 500) per transaction, at most the
		/// chain's `MaxProfilesPerBatch` or `MaxReadingsPerBatch`.
		#[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
		batch_size: Option<u32>,
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
			(Some(hex), _, _) => SignedReading::decode(&mut &crate::error::from_hex(hex)?[..])
				.map_err(|_| {
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

fn signed_reading(pair: &MeterPair, counter_wh: Wh, at: UnixTime, genesis: &H256) -> SignedReading {
	let reading = Reading { meter: pair.meter_key(), counter_wh, timestamp: at };
	sign_reading(pair, reading, genesis)
}

fn print_signed(global: &GlobalOptions, signed: &SignedReading) {
	let hex = sp_core::bytes::to_hex(&signed.encode(), false);
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
			let tx = origo::transactions().meters().submit_reading(Static(signed));
			let included = chain.submit_general(&tx).await?;
			report(global, "Reading accepted", &included)
		},
		Command::Import {
			file,
			format,
			shift_to_end,
			profile_intervals,
			readings,
			batch_size,
			meter,
			signer,
		} => {
			let signing = if readings {
				import::Signing::Readings
			} else {
				import::Signing::Profiles(profile_intervals)
			};
			let options = import::ImportOptions { format, shift_to_end, signing, batch_size };
			import::import(chain, global, file, options, &meter.pair()?, &signer).await
		},
	}
}

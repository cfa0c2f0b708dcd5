//! The node's energy reporter: meters the server the node runs on and submits the readings to the
//! chain through the same attested, feeless path as any meter, so the chain's footprint ledger
//! (pallet-footprint) counts measured energy, not only its model.
//!
//! Off by default. `--energy-source` names the source ([`source`]); the readings are signed with
//! the first sr25519 key of type `metr` in the node's keystore, which the node's operator binds
//! to a consumption device (their server) in pallet-meters. The cumulative counter is kept in
//! `energy-reporter-counter` in the chain's directory, so it survives restarts; it never goes
//! below the meter's last reading on chain either.

pub mod reporter;
pub mod source;

use origo_primitives::{AccountId, OpaqueBlock as Block};
use pallet_meters_runtime_api::MetersApi;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_keystore::KeystorePtr;
use std::{path::PathBuf, sync::Arc, time::Duration};

/// The energy reporter a node runs: its source and how often it reads it.
pub struct EnergyReporting {
	/// Where the figures come from.
	pub source: Box<dyn source::EnergySource>,
	/// Time between readings.
	pub interval: Duration,
}

/// Starts the reporter of `reporting` as a task of `spawner`, reading through `client`,
/// submitting to `pool`, signing with the first meter key in `keystore`, and keeping its counter
/// in `counter_path`. Fails, with the reason, when the keystore holds no meter key or the
/// counter file cannot be read.
pub fn spawn<Client, Pool>(
	reporting: EnergyReporting,
	client: Arc<Client>,
	pool: Arc<Pool>,
	keystore: KeystorePtr,
	counter_path: &std::path::Path,
	spawner: &sc_service::SpawnTaskHandle,
) -> Result<(), String>
where
	Client: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	Client::Api: MetersApi<Block, AccountId>,
	Pool: TransactionPool<Block = Block> + 'static,
{
	reporter::meter_keys(&keystore)?;
	let counter = reporter::Counter::load(counter_path)?;
	let EnergyReporting { source, interval } = reporting;
	let reporter = reporter::EnergyReporter { client, pool, keystore, source, counter, interval };
	spawner.spawn("energy-reporter", None, reporter.run());
	Ok(())
}

/// Which source the reporter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceKind {
	/// Linux RAPL package counters (`<rapl-root>/intel-rapl:N/energy_uj`).
	Rapl,
	/// A file holding a cumulative Wh counter, kept by another tool (`--energy-file`).
	File,
	/// This process's CPU time x `--energy-watts-per-core`: an estimate.
	Cpu,
}

/// The energy reporter's options.
#[derive(Debug, Clone, clap::Args)]
pub struct EnergyReporterParams {
	/// Report this server's energy use on chain, read from this source. Needs a meter key in the
	/// keystore: `origo-node key insert --key-type metr --scheme sr25519 --suri <secret>`.
	#[arg(long, value_enum)]
	pub energy_source: Option<SourceKind>,

	/// The file `--energy-source file` reads: one unsigned integer, cumulative Wh.
	#[arg(long, value_name = "PATH", required_if_eq("energy_source", "file"))]
	pub energy_file: Option<PathBuf>,

	/// The watts one fully busy core draws, for `--energy-source cpu`.
	#[arg(long, value_name = "WATTS", required_if_eq("energy_source", "cpu"))]
	pub energy_watts_per_core: Option<f64>,

	/// Where `--energy-source rapl` looks for the powercap zones.
	#[arg(long, value_name = "PATH", default_value = "/sys/class/powercap")]
	pub energy_rapl_root: PathBuf,

	/// Seconds between readings. Feeless readings of a meter come at least the chain's
	/// feeless interval apart (15 minutes on Origo's chains), so a shorter interval only
	/// sends readings the pool refuses.
	#[arg(long, value_name = "SECONDS", default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..))]
	pub energy_interval: u64,
}

impl EnergyReporterParams {
	/// Opens the chosen source, if any: fails, with the reason, when it cannot be read.
	pub fn open_source(&self) -> Result<Option<Box<dyn source::EnergySource>>, String> {
		let Some(kind) = self.energy_source else { return Ok(None) };
		let source: Box<dyn source::EnergySource> = match kind {
			SourceKind::Rapl => Box::new(source::RaplSource::open(&self.energy_rapl_root)?),
			SourceKind::File => {
				let path = self.energy_file.as_ref().ok_or("--energy-file is required")?;
				Box::new(source::FileSource::open(path)?)
			},
			SourceKind::Cpu => {
				let watts =
					self.energy_watts_per_core.ok_or("--energy-watts-per-core is required")?;
				Box::new(source::CpuSource::new(watts)?)
			},
		};
		Ok(Some(source))
	}
}

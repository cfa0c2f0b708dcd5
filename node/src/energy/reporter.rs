//! The reporting loop: sample the source, advance the cumulative counter, sign a reading with the
//! keystore's meter key and put it into the node's transaction pool as a feeless general
//! transaction.

use super::source::{EnergySource, Sample, MICROJOULES_PER_WH};
use codec::{Decode, Encode};
use origo_primitives::{
	registry::{MeterKey, Reading, SignedReading, METER_KEY_TYPE},
	AccountId, OpaqueBlock as Block,
};
use origo_runtime::signing::general_extrinsic;
use pallet_meters::MeterStatus;
use pallet_meters_runtime_api::MetersApi;
use sc_transaction_pool_api::{TransactionPool, TransactionSource};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::sr25519;
use sp_keystore::KeystorePtr;
use std::{
	fs,
	path::{Path, PathBuf},
	sync::Arc,
	time::{Duration, SystemTime, UNIX_EPOCH},
};

const LOG_TARGET: &str = "energy-reporter";

/// How often the reporter samples its source, at most: often enough that a RAPL counter cannot
/// wrap twice between two samples, whatever the reporting interval.
pub const SAMPLE_PERIOD: Duration = Duration::from_secs(60);

/// The reporter's cumulative counter, µJ, kept in a file so that it survives restarts, with the
/// last value a cumulative source showed, so that a source's reset is seen as one.
pub struct Counter {
	path: PathBuf,
	microjoules: u128,
	source_wh: Option<u64>,
}

impl Counter {
	/// Loads the counter from `path` (`<µJ>` and, once a cumulative source was read,
	/// `<source Wh>` on a second line), or starts at zero if there is none.
	pub fn load(path: &Path) -> Result<Self, String> {
		let corrupt =
			|text: &str| format!("{} is not an energy counter: {:?}", path.display(), text.trim());
		let (microjoules, source_wh) = match fs::read_to_string(path) {
			Ok(text) => {
				let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
				let microjoules = lines
					.next()
					.and_then(|line| line.parse().ok())
					.ok_or_else(|| corrupt(&text))?;
				let source_wh = lines
					.next()
					.map(|line| line.parse().map_err(|_| corrupt(&text)))
					.transpose()?;
				(microjoules, source_wh)
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => (0, None),
			Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
		};
		Ok(Self { path: path.to_path_buf(), microjoules, source_wh })
	}

	/// The counter in whole Wh.
	pub fn wh(&self) -> u64 {
		u64::try_from(self.microjoules / MICROJOULES_PER_WH).unwrap_or(u64::MAX)
	}

	/// Applies a sample: a delta is added. A cumulative source's first value is taken as the
	/// meter's register (never below this counter); after that its increase is added, and a value
	/// below its last is a reset of the source (a PDU's reboot): all of it is new energy.
	pub fn apply(&mut self, sample: Sample) {
		match sample {
			Sample::DeltaMicrojoules(delta) => self.microjoules += delta,
			Sample::CumulativeWh(wh) => {
				let whs = |wh: u64| u128::from(wh) * MICROJOULES_PER_WH;
				match self.source_wh {
					None => self.microjoules = self.microjoules.max(whs(wh)),
					Some(last) if wh >= last => self.microjoules += whs(wh - last),
					Some(_) => self.microjoules += whs(wh),
				}
				self.source_wh = Some(wh);
			},
		}
	}

	/// Raises the counter to at least `wh`: the meter's last reading on chain.
	pub fn raise_to(&mut self, wh: u64) {
		self.microjoules = self.microjoules.max(u128::from(wh) * MICROJOULES_PER_WH);
	}

	/// Writes the counter: to a temporary file first, so a crash never leaves half a number.
	pub fn save(&self) -> Result<(), String> {
		let temporary = self.path.with_extension("tmp");
		let text = match self.source_wh {
			Some(source_wh) => format!("{}\n{source_wh}\n", self.microjoules),
			None => format!("{}\n", self.microjoules),
		};
		fs::write(&temporary, text)
			.and_then(|()| fs::rename(&temporary, &self.path))
			.map_err(|e| format!("cannot write {}: {e}", self.path.display()))
	}
}

/// The meter keys in the keystore; refuses to start without one.
pub fn meter_keys(keystore: &KeystorePtr) -> Result<Vec<sr25519::Public>, String> {
	let keys = keystore.sr25519_public_keys(METER_KEY_TYPE);
	if keys.is_empty() {
		return Err("the energy reporter needs a meter key: insert one with `origo-node key \
		 insert --key-type metr --scheme sr25519 --suri <secret>` (same --base-path and --chain), \
		 bind it to your server's consumption device, and restart"
			.to_string());
	}
	Ok(keys)
}

/// The energy reporter of one node, over any client that answers the meter registry's queries.
pub struct EnergyReporter<Client, Pool> {
	/// The node's client.
	pub client: Arc<Client>,
	/// The node's transaction pool.
	pub pool: Arc<Pool>,
	/// The node's keystore, holding the meter keys.
	pub keystore: KeystorePtr,
	/// Where the figures come from.
	pub source: Box<dyn EnergySource>,
	/// The cumulative counter.
	pub counter: Counter,
	/// Time between readings.
	pub interval: Duration,
}

impl<Client, Pool> EnergyReporter<Client, Pool>
where
	Client: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	Client::Api: MetersApi<Block, AccountId>,
	Pool: TransactionPool<Block = Block> + 'static,
{
	/// Samples the source every [`SAMPLE_PERIOD`] (or interval, if shorter) and reports every
	/// interval, the first time right away, until the node stops.
	pub async fn run(mut self) {
		log::info!(
			target: LOG_TARGET,
			"⚡ Reporting this server's energy every {} s from {}",
			self.interval.as_secs(),
			self.source.describe(),
		);
		let mut ticker = tokio::time::interval(self.interval.min(SAMPLE_PERIOD));
		ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
		let mut last_report: Option<std::time::Instant> = None;
		loop {
			ticker.tick().await;
			match self.source.sample() {
				Ok(sample) => self.counter.apply(sample),
				Err(error) => log::warn!(target: LOG_TARGET, "⚡ Cannot sample: {error}"),
			}
			// A tick early by the timer's jitter still reports.
			let due = last_report
				.is_none_or(|at| at.elapsed() + Duration::from_millis(100) >= self.interval);
			if !due {
				continue;
			}
			last_report = Some(std::time::Instant::now());
			if let Err(error) = self.report().await {
				log::warn!(target: LOG_TARGET, "⚡ No energy reading this time: {error}");
			}
		}
	}

	/// The keystore's meter key that is its device's active meter on chain, with its record: a
	/// node whose keystore holds a retired key and its successor reports with the successor.
	fn active_meter(
		&self,
		at: <Block as sp_runtime::traits::Block>::Hash,
	) -> Result<(sr25519::Public, pallet_meters::Meter), String> {
		let api = self.client.runtime_api();
		let mut found = Vec::new();
		for key in meter_keys(&self.keystore)? {
			let record = api
				.meter(at, MeterKey::from(key))
				.map_err(|e| format!("cannot query the meter: {e}"))?;
			if let Some(record) = record {
				if record.status == MeterStatus::Active {
					return Ok((key, record));
				}
				found.push(record.status);
			}
		}
		Err(match found.first() {
			None => "no meter key of this node is bound to a device on chain yet; bind it to your \
			         server"
				.into(),
			Some(MeterStatus::Unbound) => {
				"an issuer unbound this node's meter key on chain; bind it again".into()
			},
			Some(_) => {
				"this node's meter keys were retired on chain; insert and bind a new one".into()
			},
		})
	}

	/// Submits a reading of the counter if the meter is bound and the counter advanced.
	async fn report(&mut self) -> Result<(), String> {
		let info = self.client.info();
		let best_hash = info.best_hash;
		let (meter, record) = self.active_meter(best_hash)?;
		let key = MeterKey::from(meter);
		if let Some(last) = record.last {
			self.counter.raise_to(last.counter_wh);
			if last.counter_wh == self.counter.wh() {
				self.counter.save()?;
				return Ok(());
			}
		}
		self.counter.save()?;
		let timestamp = SystemTime::now()
			.duration_since(UNIX_EPOCH)
			.map_err(|_| "the system clock is before 1970")?
			.as_secs();
		let reading = Reading { meter: key, counter_wh: self.counter.wh(), timestamp };
		let genesis_hash = info.genesis_hash;
		let signature = self
			.keystore
			.sr25519_sign(METER_KEY_TYPE, &meter, &reading.signing_payload(&genesis_hash))
			.map_err(|e| format!("the keystore cannot sign: {e}"))?
			.ok_or("the meter key left the keystore")?;
		let signed = SignedReading { reading, signature: signature.into() };
		let call = origo_runtime::RuntimeCall::Meters(pallet_meters::Call::submit_reading {
			reading: signed,
		});
		let extrinsic = general_extrinsic(call, info.best_number).encode();
		let opaque = Decode::decode(&mut &extrinsic[..])
			.map_err(|e| format!("cannot re-encode the transaction: {e}"))?;
		self.pool
			.submit_one(best_hash, TransactionSource::Local, opaque)
			.await
			.map_err(|e| format!("the transaction pool refused the reading: {e}"))?;
		log::info!(
			target: LOG_TARGET,
			"⚡ Submitted energy reading: counter {} Wh at {timestamp} with meter key {}",
			self.counter.wh(),
			sp_core::hexdisplay::HexDisplay::from(&meter.0),
		);
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_counter_survives_a_restart_and_never_goes_back() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("counter");
		let mut counter = Counter::load(&path).unwrap();
		assert_eq!(counter.wh(), 0);
		counter.apply(Sample::DeltaMicrojoules(MICROJOULES_PER_WH * 3 / 2));
		assert_eq!(counter.wh(), 1, "1.5 Wh is 1 whole Wh; the half is kept");
		counter.save().unwrap();

		let mut counter = Counter::load(&path).unwrap();
		counter.apply(Sample::DeltaMicrojoules(MICROJOULES_PER_WH / 2));
		assert_eq!(counter.wh(), 2);
		counter.apply(Sample::CumulativeWh(1));
		assert_eq!(counter.wh(), 2, "a cumulative source below the counter does not lower it");
		counter.raise_to(40);
		assert_eq!(counter.wh(), 40);
	}

	/// Security review L-6: a file counter that reset (a PDU's reboot) was ignored until it
	/// passed its old value.
	#[test]
	fn a_cumulative_source_that_resets_keeps_counting() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("counter");
		let mut counter = Counter::load(&path).unwrap();
		counter.apply(Sample::CumulativeWh(1_000));
		assert_eq!(counter.wh(), 1_000, "the first value is the register");
		counter.apply(Sample::CumulativeWh(1_050));
		assert_eq!(counter.wh(), 1_050);
		counter.save().unwrap();
		// Restarted, then the source reset to 0 and counted 30 Wh.
		let mut counter = Counter::load(&path).unwrap();
		counter.apply(Sample::CumulativeWh(30));
		assert_eq!(counter.wh(), 1_080);
		counter.apply(Sample::CumulativeWh(45));
		assert_eq!(counter.wh(), 1_095);
	}

	#[test]
	fn a_corrupt_counter_file_is_named() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("counter");
		fs::write(&path, "many").unwrap();
		let error = Counter::load(&path).err().unwrap();
		assert!(error.contains("is not an energy counter"), "{error}");
	}
}

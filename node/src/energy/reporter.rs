//! The reporting loop: sample the source, advance the cumulative counter, sign a reading with the
//! keystore's meter key and put it into the node's transaction pool as a feeless general
//! transaction.

use super::source::{EnergySource, Sample, MICROJOULES_PER_WH};
use crate::service::FullClient;
use codec::{Decode, Encode};
use origo_primitives::{
	registry::{MeterKey, Reading, SignedReading, METER_KEY_TYPE},
	OpaqueBlock as Block,
};
use origo_runtime::signing::{general_extrinsic, ChainContext};
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

/// The reporter's cumulative counter, µJ, kept in a file so that it survives restarts.
pub struct Counter {
	path: PathBuf,
	microjoules: u128,
}

impl Counter {
	/// Loads the counter from `path`, or starts at zero if there is none.
	pub fn load(path: &Path) -> Result<Self, String> {
		let microjoules = match fs::read_to_string(path) {
			Ok(text) => text.trim().parse().map_err(|_| {
				format!("{} is not an energy counter: {:?}", path.display(), text.trim())
			})?,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
			Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
		};
		Ok(Self { path: path.to_path_buf(), microjoules })
	}

	/// The counter in whole Wh.
	pub fn wh(&self) -> u64 {
		u64::try_from(self.microjoules / MICROJOULES_PER_WH).unwrap_or(u64::MAX)
	}

	/// Applies a sample: a delta is added; a cumulative counter is taken as it is, unless it is
	/// below this one (a source that went backwards cannot un-consume energy).
	pub fn apply(&mut self, sample: Sample) {
		match sample {
			Sample::DeltaMicrojoules(delta) => self.microjoules += delta,
			Sample::CumulativeWh(wh) => {
				self.microjoules = self.microjoules.max(u128::from(wh) * MICROJOULES_PER_WH)
			},
		}
	}

	/// Raises the counter to at least `wh`: the meter's last reading on chain.
	pub fn raise_to(&mut self, wh: u64) {
		self.apply(Sample::CumulativeWh(wh));
	}

	/// Writes the counter: to a temporary file first, so a crash never leaves half a number.
	pub fn save(&self) -> Result<(), String> {
		let temporary = self.path.with_extension("tmp");
		fs::write(&temporary, format!("{}\n", self.microjoules))
			.and_then(|()| fs::rename(&temporary, &self.path))
			.map_err(|e| format!("cannot write {}: {e}", self.path.display()))
	}
}

/// The first meter key in the keystore.
pub fn meter_key(keystore: &KeystorePtr) -> Result<sr25519::Public, String> {
	keystore.sr25519_public_keys(METER_KEY_TYPE).into_iter().next().ok_or_else(|| {
		"the energy reporter needs a meter key: insert one with `origo-node key insert \
		 --key-type metr --scheme sr25519 --suri <secret>` (same --base-path and --chain), bind \
		 it to your server's consumption device, and restart"
			.to_string()
	})
}

/// The energy reporter of one node.
pub struct EnergyReporter<Pool> {
	/// The node's client.
	pub client: Arc<FullClient>,
	/// The node's transaction pool.
	pub pool: Arc<Pool>,
	/// The node's keystore, holding the meter key.
	pub keystore: KeystorePtr,
	/// The meter key.
	pub meter: sr25519::Public,
	/// Where the figures come from.
	pub source: Box<dyn EnergySource>,
	/// The cumulative counter.
	pub counter: Counter,
	/// Time between readings.
	pub interval: Duration,
}

impl<Pool> EnergyReporter<Pool>
where
	Pool: TransactionPool<Block = Block> + 'static,
{
	/// Reports every interval, the first time right away, until the node stops.
	pub async fn run(mut self) {
		log::info!(
			target: LOG_TARGET,
			"⚡ Reporting this server's energy every {} s with meter key {} from {}",
			self.interval.as_secs(),
			sp_core::hexdisplay::HexDisplay::from(&self.meter.0),
			self.source.describe(),
		);
		let mut ticker = tokio::time::interval(self.interval);
		ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
		loop {
			ticker.tick().await;
			if let Err(error) = self.report().await {
				log::warn!(target: LOG_TARGET, "⚡ No energy reading this time: {error}");
			}
		}
	}

	/// Samples the source and submits a reading if the meter is bound and the counter advanced.
	async fn report(&mut self) -> Result<(), String> {
		let sample = self.source.sample()?;
		self.counter.apply(sample);
		let info = self.client.info();
		let best_hash = info.best_hash;
		let key = MeterKey::from(self.meter);
		let meter = self
			.client
			.runtime_api()
			.meter(best_hash, key.clone())
			.map_err(|e| format!("cannot query the meter: {e}"))?
			.ok_or("the meter key is not bound to a device on chain yet; bind it to your server")?;
		if !meter.active {
			return Err("the meter key was retired on chain; insert and bind a new one".into());
		}
		if let Some(last) = meter.last {
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
			.sr25519_sign(METER_KEY_TYPE, &self.meter, &reading.signing_payload(&genesis_hash))
			.map_err(|e| format!("the keystore cannot sign: {e}"))?
			.ok_or("the meter key left the keystore")?;
		let signed = SignedReading { reading, signature: signature.into() };
		let call = origo_runtime::RuntimeCall::Meters(pallet_meters::Call::submit_reading {
			reading: signed,
		});
		let chain = ChainContext { genesis_hash, best_hash, best_number: info.best_number };
		let extrinsic = general_extrinsic(call, chain).encode();
		let opaque = Decode::decode(&mut &extrinsic[..])
			.map_err(|e| format!("cannot re-encode the transaction: {e}"))?;
		self.pool
			.submit_one(best_hash, TransactionSource::Local, opaque)
			.await
			.map_err(|e| format!("the transaction pool refused the reading: {e}"))?;
		log::info!(
			target: LOG_TARGET,
			"⚡ Submitted energy reading: counter {} Wh at {timestamp}",
			self.counter.wh()
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

	#[test]
	fn a_corrupt_counter_file_is_named() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("counter");
		fs::write(&path, "many").unwrap();
		let error = Counter::load(&path).err().unwrap();
		assert!(error.contains("is not an energy counter"), "{error}");
	}
}

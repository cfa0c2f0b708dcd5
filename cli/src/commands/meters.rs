//! `origo meters`: device owners bind meter keys and retire them; anyone shows a meter.

use super::report;
use crate::{
	chain::{origo, same_scale, to_hex, Chain, Error, GlobalOptions, Result},
	keys::{meter_key, MeterKeyOptions, SignerOptions},
	output::print,
};
use origo_primitives::{registry::MeterKey, time::format_utc};
use serde_json::json;
use sp_core::Pair;

/// Which meter: a public key, or the key pair's secret.
#[derive(Debug, clap::Args)]
pub struct MeterChoice {
	/// The meter's public key: SS58, 32-byte hex, or SCALE hex as `origo meters show` prints.
	#[arg(long, value_parser = |text: &str| meter_key(text).map_err(|e| e.0))]
	meter: Option<MeterKey>,
	#[command(flatten)]
	key: MeterKeyOptions,
}

impl MeterChoice {
	/// The meter's public key.
	pub fn key(&self) -> Result<MeterKey> {
		match &self.meter {
			Some(key) => Ok(key.clone()),
			None => Ok(self.key.pair()?.public().into()),
		}
	}
}

/// Meter commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Bind a meter key to your device: its signed readings then count for the device.
	///
	/// Example: origo meters bind --device 0 --meter-suri //miami-meter --suri //Ferdie
	Bind {
		/// The device.
		#[arg(long)]
		device: u64,
		#[command(flatten)]
		meter: MeterChoice,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Retire a meter key of your device: it can never report again.
	///
	/// Example: origo meters retire --meter-suri //miami-meter --suri //Ferdie
	Retire {
		#[command(flatten)]
		meter: MeterChoice,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Show a meter: its device and last reading.
	///
	/// Example: origo meters show --meter-suri //miami-meter
	Show {
		#[command(flatten)]
		meter: MeterChoice,
	},
}

/// Runs a meter command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	match command {
		Command::Bind { device, meter, signer } => {
			let tx = origo::transactions().meters().bind_meter(device, same_scale(&meter.key()?)?);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Meter bound", &included)
		},
		Command::Retire { meter, signer } => {
			let tx = origo::transactions().meters().retire_meter(same_scale(&meter.key()?)?);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Meter retired", &included)
		},
		Command::Show { meter } => {
			let key = meter.key()?;
			let found = chain
				.runtime_api(origo::runtime_apis().meters_api().meter(same_scale(&key)?))
				.await?
				.ok_or_else(|| Error("that meter key was never bound to a device".into()))?;
			print(
				global.json,
				&json!({
					"key": to_hex(&codec::Encode::encode(&key)),
					"device": found.device,
					"active": found.active,
					"lastCounterWh": found.last.as_ref().map(|last| last.counter_wh.to_string()),
					"lastReadingAt": found.last.as_ref().map(|last| format_utc(last.timestamp)),
				}),
			);
			Ok(())
		},
	}
}

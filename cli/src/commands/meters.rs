//! `origo meters`: device owners bind meter keys and retire them; issuers unbind and reset them;
//! anyone shows a meter.

use super::{readings::SignedReadingArgs, report};
use crate::{
	chain::{origo, Chain, Error, GlobalOptions, Result},
	keys::{meter_key, MeterKeyOptions, SignerOptions},
	output::print,
};
use origo_primitives::{
	registry::{sign_binding, MeterKey, MeterSigner as _, P256Pair},
	time::format_utc,
};
use serde_json::json;
use sp_core::Pair;
use std::path::PathBuf;
use subxt::utils::Static;

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
			Some(key) => Ok(*key),
			None => Ok(self.key.pair()?.meter_key()),
		}
	}
}

/// Meter commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Bind a meter key to your device as its billing meter: its signed readings then count for
	/// the device. The meter signs the binding (its proof of possession), so its secret is needed.
	///
	/// Example: origo meters bind --device 0 --meter-suri //miami-meter --suri //Ferdie
	Bind {
		/// The device.
		#[arg(long)]
		device: u64,
		#[command(flatten)]
		meter: MeterKeyOptions,
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
	/// Unbind a meter key bound to the wrong device, as an issuer of that device's zone, so that
	/// the device it really measures can bind it.
	///
	/// Example: origo meters unbind --meter 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
	/// --suri //Dave
	Unbind {
		#[command(flatten)]
		meter: MeterChoice,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Make a meter's signed reading its new baseline after its register was reset, as an
	/// issuer of its device's zone: its counter may be lower than the last.
	///
	/// Example: origo meters reset --meter-suri //miami-meter --counter-wh 0
	/// --at 2026-11-28T12:00:00Z --suri //Charlie
	Reset {
		#[command(flatten)]
		reading: SignedReadingArgs,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Generate a P-256 meter key, as a smart meter's secure element holds one, into a new PKCS #8
	/// PEM file (readable by its owner only), and print its public key: for trying Origo with
	/// the scheme real meters sign with. A real meter's key comes from its vendor.
	///
	/// Example: origo meters new-key --out meter.pem
	NewKey {
		/// The file to write; it must not exist.
		#[arg(long, value_name = "PATH")]
		out: PathBuf,
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
			let pair = meter.pair()?;
			let signer = signer.signer()?;
			let owner = sp_core::crypto::AccountId32::from(signer.0.public());
			let proof = sign_binding(&pair, &chain.genesis_hash(), device, &owner);
			let key = pair.meter_key();
			let tx = origo::transactions().meters().bind_meter(device, Static(key), Static(proof));
			let included = chain.submit(&tx, &signer).await?;
			report(global, "Meter bound", &included)
		},
		Command::Retire { meter, signer } => {
			let tx = origo::transactions().meters().retire_meter(Static(meter.key()?));
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Meter retired", &included)
		},
		Command::Unbind { meter, signer } => {
			let tx = origo::transactions().meters().unbind_meter(Static(meter.key()?));
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Meter unbound", &included)
		},
		Command::Reset { reading, signer } => {
			let signed = reading.reading(&chain.genesis_hash())?;
			let tx = origo::transactions().meters().reset_meter(Static(signed));
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Meter reset", &included)
		},
		Command::NewKey { out } => new_key(global, &out),
		Command::Show { meter } => {
			let key = meter.key()?;
			let found = chain
				.runtime_api(origo::runtime_apis().meters_api().meter(Static(key)))
				.await?
				.ok_or_else(|| Error("that meter key was never bound to a device".into()))?;
			print(
				global.json,
				&json!({
					"key": sp_core::bytes::to_hex(&codec::Encode::encode(&key), false),
					"scheme": key.scheme(),
					"device": found.device,
					"status": format!("{:?}", found.status),
					"lastCounterWh": found.last.as_ref().map(|last| last.counter_wh.to_string()),
					"lastReadingAt": found.last.as_ref().map(|last| format_utc(last.timestamp)),
				}),
			);
			Ok(())
		},
	}
}

/// Writes a new P-256 key to `out`, readable by its owner only, and prints its public key.
fn new_key(global: &GlobalOptions, out: &PathBuf) -> Result<()> {
	use std::io::Write as _;
	let pair = P256Pair::generate();
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	options
		.open(out)
		.and_then(|mut file| file.write_all(pair.to_pkcs8_pem().as_bytes()))
		.map_err(|e| Error(format!("cannot write the key file {}: {e}", out.display())))?;
	let key = pair.meter_key();
	print(
		global.json,
		&json!({
			"file": out.display().to_string(),
			"scheme": key.scheme(),
			"key": sp_core::bytes::to_hex(&codec::Encode::encode(&key), false),
		}),
	);
	Ok(())
}

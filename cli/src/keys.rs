//! Keys: accounts that sign transactions and meter keys that sign readings and profiles. A secret
//! comes from a dev URI (`//Alice`), a mnemonic (optionally `//derived`), a file holding either
//! or a P-256 meter key (PEM or DER, as meter vendors ship them), or an environment variable; it
//! is never printed, logged, or put in an error message.

use crate::{
	chain::Config,
	error::{from_hex, Error, Result},
};
pub use origo_primitives::registry::MeterPair;
use origo_primitives::registry::{MeterKey, P256Pair};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use std::path::PathBuf;

/// An sr25519 key from a secret URI.
fn pair_from(secret: &str, what: &str) -> Result<sr25519::Pair> {
	sr25519::Pair::from_string(secret.trim(), None)
		.map_err(|_| Error(format!("the {what} secret is not a valid URI, seed or mnemonic")))
}

fn secret(uri: &Option<String>, file: &Option<PathBuf>, what: &str, flag: &str) -> Result<String> {
	match (uri, file) {
		(Some(uri), _) => Ok(uri.clone()),
		(None, Some(path)) => std::fs::read_to_string(path)
			.map_err(|e| Error(format!("cannot read the {what} key file {}: {e}", path.display()))),
		(None, None) => Err(Error(format!("this command needs {what}: pass {flag}"))),
	}
}

/// The account that signs: `--suri` or `--key-file`.
#[derive(Debug, Clone, clap::Args)]
pub struct SignerOptions {
	/// The signing account's secret: a dev URI (`//Alice`) or a mnemonic, with an optional
	/// `//derivation`. Prefer `--key-file` or ORIGO_SURI outside development.
	#[arg(long, env = "ORIGO_SURI", hide_env_values = true, value_name = "SECRET_URI")]
	pub suri: Option<String>,

	/// A file holding the signing account's secret URI or mnemonic.
	#[arg(long, value_name = "PATH", conflicts_with = "suri")]
	pub key_file: Option<PathBuf>,
}

impl SignerOptions {
	/// The signer.
	pub fn signer(&self) -> Result<AccountSigner> {
		let secret =
			secret(&self.suri, &self.key_file, "a signing account", "--suri or --key-file")?;
		Ok(AccountSigner(pair_from(&secret, "account")?))
	}
}

/// A meter key: `--meter-suri` or `--meter-key-file`.
#[derive(Debug, Clone, clap::Args)]
pub struct MeterKeyOptions {
	/// The meter key's secret, sr25519: a dev URI or a mnemonic. Prefer `--meter-key-file`.
	#[arg(long, env = "ORIGO_METER_SURI", hide_env_values = true, value_name = "SECRET_URI")]
	pub meter_suri: Option<String>,

	/// A file holding the meter key: a P-256 private key in PEM or DER (PKCS #8 or SEC1, as
	/// smart-meter vendors and `openssl ecparam -genkey` write it), or an sr25519 secret URI or
	/// mnemonic.
	#[arg(long, value_name = "PATH", conflicts_with = "meter_suri")]
	pub meter_key_file: Option<PathBuf>,
}

impl MeterKeyOptions {
	/// The meter's key pair.
	pub fn pair(&self) -> Result<MeterPair> {
		if let Some(path) = &self.meter_key_file {
			let bytes = std::fs::read(path).map_err(|e| {
				Error(format!("cannot read the meter key file {}: {e}", path.display()))
			})?;
			// PEM armour, or DER's leading SEQUENCE tag: a key file; anything else a secret URI.
			let pem = bytes.windows(10).any(|window| window == b"-----BEGIN");
			if pem || bytes.first() == Some(&0x30) {
				return P256Pair::from_key_file(&bytes)
					.map(MeterPair::P256)
					.map_err(|e| Error(format!("{}: {e}", path.display())));
			}
		}
		let secret = secret(
			&self.meter_suri,
			&self.meter_key_file,
			"a meter key",
			"--meter-suri or --meter-key-file",
		)?;
		pair_from(&secret, "meter").map(MeterPair::Sr25519)
	}
}

/// An account key that signs transactions for subxt.
pub struct AccountSigner(pub sr25519::Pair);

impl AccountSigner {
	/// Its account, SS58.
	pub fn address(&self) -> String {
		self.0.public().to_ss58check()
	}
}

impl subxt::transactions::Signer<Config> for AccountSigner {
	fn account_id(&self) -> subxt::utils::AccountId32 {
		subxt::utils::AccountId32(self.0.public().0)
	}

	fn sign(&self, payload: &[u8]) -> subxt::utils::MultiSignature {
		subxt::utils::MultiSignature::Sr25519(self.0.sign(payload).0)
	}
}

/// An account from SS58.
pub fn account(text: &str) -> Result<subxt::utils::AccountId32> {
	let account = sp_core::crypto::AccountId32::from_ss58check(text.trim())
		.map_err(|e| Error(format!("{text:?} is not an SS58 account address: {e:?}")))?;
	Ok(subxt::utils::AccountId32(account.into()))
}

/// A meter key from hex of its SCALE encoding (as `origo meters show` prints it) or an sr25519
/// public key in SS58 or 32-byte hex.
pub fn meter_key(text: &str) -> Result<MeterKey> {
	let text = text.trim();
	if let Ok(public) = sr25519::Public::from_ss58check(text) {
		return Ok(public.into());
	}
	let bytes = from_hex(text)?;
	if let Ok(raw) = <[u8; 32]>::try_from(&bytes[..]) {
		return Ok(sr25519::Public::from_raw(raw).into());
	}
	codec::Decode::decode(&mut &bytes[..])
		.map_err(|_| Error(format!("{text:?} is not a meter key (SS58, 32-byte hex or SCALE hex)")))
}

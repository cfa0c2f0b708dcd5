//! `origo issuers`: governance appoints and removes issuing bodies; anyone lists them.

use super::{parse_zone, report};
use crate::{
	chain::{origo, Chain, GlobalOptions, Result},
	keys::{account, SignerOptions},
	output::print,
};
use origo::runtime_types::{origo_runtime::RuntimeCall, pallet_meters::pallet::Call as MetersCall};
use origo_primitives::registry::Zone;
use serde_json::json;
use sp_core::crypto::Ss58Codec;
use subxt::utils::Static;

/// Issuer commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Appoint (or re-appoint) an issuer for zones, as governance (the sudo key on a dev chain).
	///
	/// Example: origo issuers appoint --issuer 5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy
	/// --name "Origo Dev Issuer" --zones DE,US-FL --suri //Alice
	Appoint {
		/// The issuer's account.
		#[arg(long)]
		issuer: String,
		/// The issuer's name.
		#[arg(long)]
		name: String,
		/// The zones it approves devices in, comma-separated.
		#[arg(long, value_delimiter = ',', required = true, value_parser = parse_zone)]
		zones: Vec<Zone>,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Remove an issuer, as governance.
	///
	/// Example: origo issuers remove 5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy --suri //Alice
	Remove {
		/// The issuer's account.
		issuer: String,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// List the issuers and their zones.
	///
	/// Example: origo issuers list --json
	List,
}

/// Runs an issuer command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	match command {
		Command::Appoint { issuer, name, zones, signer } => {
			let call = RuntimeCall::Meters(MetersCall::appoint_issuer {
				issuer: account(&issuer)?,
				name: name.into_bytes(),
				zones: zones.into_iter().map(Static).collect(),
			});
			let tx = origo::transactions().sudo().sudo(call);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Issuer appointed", &included)
		},
		Command::Remove { issuer, signer } => {
			let call = RuntimeCall::Meters(MetersCall::remove_issuer { issuer: account(&issuer)? });
			let tx = origo::transactions().sudo().sudo(call);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Issuer removed", &included)
		},
		Command::List => {
			let at = chain.at_best().await?;
			let entries = at.storage().entry(origo::storage().meters().issuers())?;
			let mut issuers = entries.iter(()).await?;
			let mut rows = Vec::new();
			while let Some(entry) = issuers.next().await {
				let entry = entry?;
				let (issuer,) = entry.key()?.decode()?;
				let record = entry.value().decode()?;
				let zones: Vec<Zone> = record.zones.0.into_iter().map(|zone| zone.0).collect();
				rows.push(json!({
					"issuer": sp_core::crypto::AccountId32::from(issuer.0).to_ss58check(),
					"name": String::from_utf8_lossy(&record.name.0),
					"zones": zones.iter().map(|zone| String::from_utf8_lossy(zone.code()).into_owned()).collect::<Vec<_>>(),
				}));
			}
			print(global.json, &json!(rows));
			Ok(())
		},
	}
}

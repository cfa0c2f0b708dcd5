//! `origo certificates`: holders see their holdings and batches, transfer certificates, and
//! retire them for a claim: on a batch, oldest production first, or while sending them.

use super::{parse_time, parse_zone, report};
use crate::{
	chain::{origo, Chain, GlobalOptions},
	error::{Error, Result},
	keys::{account, SignerOptions},
	output::print,
};
use origo::runtime_types::pallet_certificates::types::{Claim, Purpose};
use origo_primitives::{
	registry::{UnixTime, Wh, Zone},
	MAX_PAGE,
};
use origo_rpc_types::{BatchView, HoldingView};
use subxt::utils::Static;
use subxt::{rpcs::rpc_params, utils::AccountId32};

/// Why certificates are retired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PurposeArg {
	/// A renewable-consumption claim (scope 2).
	Consumption,
	/// A carbon offset: the production's avoided emissions.
	CarbonOffset,
	/// An offset of the Origo chain's own energy use.
	ChainNeutrality,
}

/// What a retirement claims.
#[derive(Debug, clap::Args)]
pub struct ClaimArgs {
	/// The beneficiary's account (default: the retirer, unless --beneficiary-name is given).
	#[arg(long)]
	beneficiary: Option<String>,
	/// The beneficiary's name, e.g. a company that holds no account.
	#[arg(long)]
	beneficiary_name: Option<String>,
	/// Where the claimed consumption took place.
	#[arg(long, value_parser = parse_zone)]
	country: Option<Zone>,
	/// Start of the claimed consumption period (UTC time or unix seconds).
	#[arg(long, value_parser = parse_time, requires = "period_end")]
	period_start: Option<UnixTime>,
	/// End of the claimed consumption period.
	#[arg(long, value_parser = parse_time, requires = "period_start")]
	period_end: Option<UnixTime>,
	/// A message kept with the retirement.
	#[arg(long, default_value = "")]
	message: String,
}

impl ClaimArgs {
	/// The claim for `purpose`.
	pub fn claim(self, purpose: PurposeArg) -> Result<Claim<AccountId32, Vec<u8>>> {
		Ok(Claim {
			beneficiary: self.beneficiary.as_deref().map(account).transpose()?,
			beneficiary_name: self.beneficiary_name.map(String::into_bytes),
			purpose: match purpose {
				PurposeArg::Consumption => Purpose::Consumption,
				PurposeArg::CarbonOffset => Purpose::CarbonOffset,
				PurposeArg::ChainNeutrality => Purpose::ChainNeutrality,
			},
			consumption_country: self.country.map(Static),
			consumption_period: self.period_start.zip(self.period_end),
			message: self.message.into_bytes(),
		})
	}
}

/// How much to retire, why, and who retires.
#[derive(Debug, clap::Args)]
pub struct RetireArgs {
	/// How many Wh.
	#[arg(long)]
	wh: Wh,
	/// Why.
	#[arg(long, value_enum)]
	purpose: PurposeArg,
	#[command(flatten)]
	claim: ClaimArgs,
	#[command(flatten)]
	signer: SignerOptions,
}

/// Certificate commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// An account's holdings, oldest production first.
	///
	/// Example: origo certificates holdings 5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL --json
	Holdings {
		/// The account (default: the --suri account).
		account: Option<String>,
		#[command(flatten)]
		signer: SignerOptions,
		/// Start after this batch (paging).
		#[arg(long)]
		start_after: Option<u64>,
		/// At most this many.
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// A batch: its device, production period, expiry and supply.
	///
	/// Example: origo certificates batch 0
	Batch {
		/// The batch.
		batch: u64,
	},
	/// Send Wh to another account: of one batch, or across your holdings oldest production
	/// first.
	///
	/// Example: origo certificates transfer --to 5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw
	/// --wh 3000000 --suri //Ferdie
	Transfer {
		/// The batch (default: your oldest holdings).
		#[arg(long)]
		batch: Option<u64>,
		/// The recipient.
		#[arg(long)]
		to: String,
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Retire Wh of a batch for a claim: final.
	///
	/// Example: origo certificates retire --batch 0 --wh 2000000 --purpose carbon-offset
	/// --beneficiary-name "Acme Bakery" --country US-FL --period-start 2025-01-01T00:00:00Z
	/// --period-end 2025-12-31T23:59:59Z --message "2025 ovens" --suri //Eve
	Retire {
		/// The batch.
		#[arg(long)]
		batch: u64,
		#[command(flatten)]
		retirement: RetireArgs,
	},
	/// Retire Wh across your holdings, oldest production first.
	///
	/// Example: origo certificates retire-oldest --wh 1500000 --purpose consumption --suri //Eve
	RetireOldest {
		#[command(flatten)]
		retirement: RetireArgs,
	},
	/// Send Wh of a batch and retire them on arrival, for the recipient.
	///
	/// Example: origo certificates transfer-and-retire --batch 0 --to 5HGj... --wh 1000000
	/// --purpose consumption --suri //Ferdie
	TransferAndRetire {
		/// The batch.
		#[arg(long)]
		batch: u64,
		/// The recipient, for whom they are retired.
		#[arg(long)]
		to: String,
		#[command(flatten)]
		retirement: RetireArgs,
	},
	/// Revoke a batch (an issuer of its zone): its unretired certificates can no longer move or
	/// be retired; retired ones stay retired.
	///
	/// Example: origo certificates revoke --batch 3 --reason "meter fault" --suri //Charlie
	Revoke {
		/// The batch.
		#[arg(long)]
		batch: u64,
		/// Why, kept in the chain's event.
		#[arg(long)]
		reason: String,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Void a device's carried production (less than one certificate), as an issuer of its zone:
	/// after revoking its batches for a meter fault or fraud, the rest of those readings is never
	/// certified either.
	///
	/// Example: origo certificates void-carried --device 0 --reason "meter fault" --suri //Charlie
	VoidCarried {
		/// The device.
		#[arg(long)]
		device: u64,
		/// Why, kept in the chain's event.
		#[arg(long)]
		reason: String,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Prune an account's holdings of expired or revoked batches (anyone may): they leave its
	/// account for the batches' expired or revoked supply, and their state is freed. One
	/// transaction of up to the chain's `MaxPrunedPerCall` holdings per run.
	///
	/// Example: origo certificates prune 5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw --suri //Alice
	Prune {
		/// The holder.
		holder: String,
		#[command(flatten)]
		signer: SignerOptions,
	},
}

/// A batch, as the auditor RPC returns it; an error if there is none.
pub async fn batch(chain: &Chain, id: u64) -> Result<BatchView> {
	let found: Option<BatchView> = chain.rpc("origo_batch", rpc_params![id]).await?;
	found.ok_or_else(|| Error(format!("there is no batch {id}")))
}

/// The batches of `holder`'s holdings that the chain would prune at the best block: expired or
/// revoked, as its own rule says (`prunable_holdings`).
async fn prunable_batches(chain: &Chain, holder: &AccountId32) -> Result<Vec<u64>> {
	let api = origo::runtime_apis().certificates_api();
	let mut prunable = Vec::new();
	let mut start_after = None;
	loop {
		let (page, next) =
			chain.runtime_api(api.prunable_holdings(*holder, start_after, MAX_PAGE)).await?;
		prunable.extend(page.into_iter().map(|(batch, _)| batch));
		match next {
			Some(next) => start_after = Some(next),
			None => return Ok(prunable),
		}
	}
}

/// Runs a certificate command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	let certificates = || origo::transactions().certificates();
	match command {
		Command::Holdings { account: holder, signer, start_after, limit } => {
			let holder = match holder {
				Some(holder) => holder,
				None => signer.signer()?.address(),
			};
			account(&holder)?;
			let page: Vec<HoldingView> =
				chain.rpc("origo_holdings", rpc_params![holder, start_after, limit]).await?;
			print(global.json, &page);
			Ok(())
		},
		Command::Batch { batch: id } => {
			print(global.json, &batch(chain, id).await?);
			Ok(())
		},
		Command::Transfer { batch: Some(batch), to, wh, signer } => {
			let tx = certificates().transfer(batch, account(&to)?, wh);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Transferred", &included)
		},
		Command::Transfer { batch: None, to, wh, signer } => {
			// The chain plans it: live holdings, oldest production first.
			let tx = certificates().transfer_oldest(account(&to)?, wh);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Transferred", &included)
		},
		Command::Retire { batch, retirement: RetireArgs { wh, purpose, claim, signer } } => {
			let tx = certificates().retire(batch, wh, claim.claim(purpose)?);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Retired", &included)
		},
		Command::RetireOldest { retirement: RetireArgs { wh, purpose, claim, signer } } => {
			let tx = certificates().retire_oldest(wh, claim.claim(purpose)?);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Retired", &included)
		},
		Command::TransferAndRetire {
			batch,
			to,
			retirement: RetireArgs { wh, purpose, claim, signer },
		} => {
			let tx =
				certificates().transfer_and_retire(batch, account(&to)?, wh, claim.claim(purpose)?);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Transferred and retired", &included)
		},
		Command::Revoke { batch, reason, signer } => {
			let tx = certificates().revoke(batch, reason.into_bytes());
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Revoked", &included)
		},
		Command::VoidCarried { device, reason, signer } => {
			let tx = certificates().void_carried(device, reason.into_bytes());
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Carried production voided", &included)
		},
		Command::Prune { holder, signer } => {
			let holder_id = account(&holder)?;
			let batches = prunable_batches(chain, &holder_id).await?;
			if batches.is_empty() {
				return Err(Error(format!(
					"{holder} holds nothing of an expired or revoked batch; nothing to prune"
				)));
			}
			let per_call = chain
				.at_best()
				.await?
				.constants()
				.entry(origo::constants().certificates().max_pruned_per_call())?
				as usize;
			let (now, later) = batches.split_at(batches.len().min(per_call));
			let holdings = now.iter().map(|batch| (holder_id, *batch)).collect();
			let included = chain.submit(&certificates().prune(holdings), &signer.signer()?).await?;
			if !later.is_empty() {
				eprintln!("{} more holdings to prune: run the command again", later.len());
			}
			report(global, "Pruned", &included)
		},
	}
}

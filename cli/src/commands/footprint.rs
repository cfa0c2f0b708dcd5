//! `origo footprint`: the chain's own energy use and neutrality; offsetting the chain, directly
//! or by funding the neutrality reserve.

use super::{
	certificates::{ClaimArgs, PurposeArg},
	report,
};
use crate::{
	chain::{origo, Chain, GlobalOptions},
	error::{Error, Result},
	keys::{account, SignerOptions},
	output::print,
};
use origo::runtime_types::{
	origo_runtime::RuntimeCall, pallet_footprint::pallet::Call as FootprintCall,
};
use origo_primitives::registry::Wh;
use origo_rpc_types::{NeutralityView, PeriodView};
use serde_json::{json, Value};
use subxt::rpcs::rpc_params;

/// Footprint commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Whether the chain is carbon neutral: since when, or its deficit; metered and modelled
	/// consumption; offsets; the open period.
	///
	/// Example: origo footprint status --json
	Status,
	/// The accounting periods, oldest first.
	///
	/// Example: origo footprint history --limit 30
	History {
		/// Start after this period (paging).
		#[arg(long)]
		start_after: Option<u32>,
		/// At most this many.
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Each node's metered consumption in a period.
	///
	/// Example: origo footprint nodes --period 0
	Nodes {
		/// The period (default: the open one).
		#[arg(long)]
		period: Option<u32>,
	},
	/// Offset the chain: retire Wh of your certificates, oldest first, for its neutrality.
	///
	/// Example: origo footprint offset --wh 5000 --beneficiary-name "Validator co-op" --suri //Ferdie
	Offset {
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		#[command(flatten)]
		claim: ClaimArgs,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Send Wh of a batch to the neutrality reserve, retired as accounting periods close.
	///
	/// Example: origo footprint fund-reserve --batch 0 --wh 100000 --suri //Ferdie
	FundReserve {
		/// The batch.
		#[arg(long)]
		batch: u64,
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Recognise a consumption device as a chain node (a validator's or RPC node's server), as
	/// governance (the sudo key on a dev chain): its readings count as the chain's consumption.
	///
	/// Example: origo footprint recognise-node --device 1 --suri //Alice
	RecogniseNode {
		/// The consumption device.
		#[arg(long)]
		device: u64,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Withdraw a device's recognition as a chain node, as governance: its readings are refused.
	///
	/// Example: origo footprint forget-node --device 1 --suri //Alice
	ForgetNode {
		/// The device.
		#[arg(long)]
		device: u64,
		#[command(flatten)]
		signer: SignerOptions,
	},
}

async fn status(chain: &Chain) -> Result<NeutralityView> {
	chain.rpc("origo_neutrality", rpc_params![]).await
}

/// Runs a footprint command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	match command {
		Command::Status => {
			print(global.json, &status(chain).await?);
			Ok(())
		},
		Command::History { start_after, limit } => {
			let page: Vec<PeriodView> =
				chain.rpc("origo_neutralityHistory", rpc_params![start_after, limit]).await?;
			print(global.json, &page);
			Ok(())
		},
		Command::Nodes { period } => {
			let period = match period {
				Some(period) => period,
				None => {
					status(chain)
						.await?
						.current_period
						.ok_or_else(|| Error("no accounting period has opened yet".into()))?
						.id
				},
			};
			let api = origo::runtime_apis().footprint_api();
			let nodes = chain
				.runtime_api(api.node_consumption(period, None, origo_primitives::MAX_PAGE))
				.await?;
			let rows: Vec<Value> = nodes
				.into_iter()
				.map(
					|(device, wh)| json!({ "period": period, "device": device, "meteredWh": wh.to_string() }),
				)
				.collect();
			print(global.json, &json!(rows));
			Ok(())
		},
		Command::Offset { wh, claim, signer } => {
			let tx = origo::transactions()
				.certificates()
				.retire_oldest(wh, claim.claim(PurposeArg::ChainNeutrality)?);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Offset the chain", &included)
		},
		Command::FundReserve { batch, wh, signer } => {
			let reserve = account(&status(chain).await?.reserve)?;
			let tx = origo::transactions().certificates().transfer(batch, reserve, wh);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Funded the neutrality reserve", &included)
		},
		Command::RecogniseNode { device, signer } => {
			let call = RuntimeCall::Footprint(FootprintCall::recognise_node { device });
			let tx = origo::transactions().sudo().sudo(call);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Chain node recognised", &included)
		},
		Command::ForgetNode { device, signer } => {
			let call = RuntimeCall::Footprint(FootprintCall::forget_node { device });
			let tx = origo::transactions().sudo().sudo(call);
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Chain node forgotten", &included)
		},
	}
}

//! The connection to a node: subxt for transactions, storage and runtime APIs (typed from the
//! runtime's metadata in `metadata/origo.scale`), JSON-RPC for the auditor methods, and the
//! translation of the chain's refusals into named errors.

pub use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use subxt::{
	client::OnlineClientAtBlockImpl,
	config::DefaultExtrinsicParamsBuilder,
	rpcs::{client::RpcParams, RpcClient},
	transactions::{Payload, Signer, TransactionStatus},
	OnlineClient, SubstrateConfig,
};

/// The runtime's types, calls, storage and APIs, generated from its metadata. Regenerate the
/// metadata with `ORIGO_BLESS=1 cargo test -p origo-integration --test metadata`.
///
/// Origo's own types are not generated but substituted: calls and answers take and give the
/// registry's types from `origo-primitives` as they are, encoded by their own SCALE codecs.
#[subxt::subxt(
	runtime_metadata_path = "metadata/origo.scale",
	derive_for_all_types = "Clone, PartialEq, Eq, codec::Encode, codec::Decode",
	substitute_type(
		path = "origo_primitives::registry::Zone",
		with = "::subxt::utils::Static<::origo_primitives::registry::Zone>"
	),
	substitute_type(
		path = "origo_primitives::meter_keys::MeterKey",
		with = "::subxt::utils::Static<::origo_primitives::registry::MeterKey>"
	),
	substitute_type(
		path = "origo_primitives::meter_keys::MeterSignature",
		with = "::subxt::utils::Static<::origo_primitives::registry::MeterSignature>"
	),
	substitute_type(
		path = "origo_primitives::profiles::SignedProfile",
		with = "::subxt::utils::Static<::origo_primitives::registry::SignedProfile>"
	),
	substitute_type(
		path = "origo_primitives::registry::SignedReading",
		with = "::subxt::utils::Static<::origo_primitives::registry::SignedReading>"
	),
	substitute_type(
		path = "origo_primitives::registry::Technology",
		with = "::subxt::utils::Static<::origo_primitives::registry::Technology>"
	),
	substitute_type(
		path = "origo_primitives::registry::DeviceKind",
		with = "::subxt::utils::Static<::origo_primitives::registry::DeviceKind>"
	),
	substitute_type(
		path = "origo_primitives::registry::Location",
		with = "::subxt::utils::Static<::origo_primitives::registry::Location>"
	),
	substitute_type(
		path = "sp_runtime::MultiSignature",
		with = "::subxt::utils::Static<::origo_primitives::Signature>"
	)
)]
pub mod origo {}

/// The metadata's bytes, unused: `include_bytes!` makes cargo rebuild the CLI when the metadata
/// is regenerated, which the `subxt` macro's reading of the file alone does not.
const _METADATA_TRACKED: &[u8] = include_bytes!("../metadata/origo.scale");

/// The chain's configuration, as subxt sees it: Substrate's defaults.
pub type Config = SubstrateConfig;

/// A transaction the chain included and executed successfully.
pub struct Included {
	/// The block it is in.
	pub block_hash: sp_core::H256,
	/// Its events.
	pub events: subxt::extrinsics::ExtrinsicEvents<Config>,
	/// The runtime's metadata, to read the events by their types.
	pub metadata: subxt::ArcMetadata,
}

/// Options every subcommand takes.
#[derive(Debug, clap::Args)]
pub struct GlobalOptions {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, env = "ORIGO_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,

	/// Print JSON instead of tables, for scripts.
	#[arg(long, global = true)]
	pub json: bool,
}

/// A connection to a node.
pub struct Chain {
	/// The subxt client.
	pub api: OnlineClient<Config>,
	/// The runtime's metadata: names of errors and events.
	pub metadata: subxt::ArcMetadata,
	rpc: RpcClient,
}

/// A transaction on its way into a block.
pub struct Pending {
	progress: subxt::transactions::TransactionProgress<Config, OnlineClientAtBlockImpl<Config>>,
	/// The pallet of its call: whose errors a refusal names.
	pallet: String,
}

impl Chain {
	/// Connects to the node at `url`.
	pub async fn connect(url: &str) -> Result<Self> {
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.map_err(|e| Error(format!("cannot connect to {url}: {e}")))?;
		let api = OnlineClient::<Config>::from_rpc_client(rpc.clone())
			.await
			.map_err(|e| Error(format!("cannot talk to the node at {url}: {e}")))?;
		let metadata = api.at_current_block().await?.metadata();
		Ok(Self { api, metadata, rpc })
	}

	/// Calls JSON-RPC `method` with `params`.
	pub async fn rpc<T: DeserializeOwned>(&self, method: &str, params: RpcParams) -> Result<T> {
		self.rpc.request(method, params).await.map_err(|e| Error(format!("{method}: {e}")))
	}

	/// The chain at its best block: what the auditor RPC answers for, and where the transaction
	/// pool validates (subxt's own default is the last finalized block).
	pub async fn at_best(&self) -> Result<subxt::OnlineClientAtBlock<Config>> {
		let number = self.block_number(None).await?;
		Ok(self.api.at_block(number).await?)
	}

	/// The number of block `hash`, or of the best block.
	pub async fn block_number(&self, hash: Option<&str>) -> Result<u64> {
		let mut params = RpcParams::new();
		if let Some(hash) = hash {
			params.push(hash)?;
		}
		let header: serde_json::Value = self.rpc("chain_getHeader", params).await?;
		header["number"]
			.as_str()
			.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| Error("the node's block header has no number".into()))
	}

	/// Calls a runtime API at the best block.
	pub async fn runtime_api<P>(&self, payload: P) -> Result<P::ReturnType>
	where
		P: subxt::runtime_apis::Payload,
	{
		Ok(self.at_best().await?.runtime_apis().call(payload).await?)
	}

	/// The genesis hash: what readings are signed for.
	pub fn genesis_hash(&self) -> sp_core::H256 {
		sp_core::H256(self.api.genesis_hash().0)
	}

	/// Signs `call` by `signer`, submits it, and waits until it is in a block; returns its
	/// events, or the chain's error by name.
	pub async fn submit<C: Payload>(
		&self,
		call: &C,
		signer: &impl Signer<Config>,
	) -> Result<Included> {
		let nonce = self.next_nonce(signer).await?;
		let watch = self.submit_watch(call, signer, nonce).await?;
		self.included(watch).await
	}

	/// The signer's next nonce, counting its transactions already in the pool.
	pub async fn next_nonce(&self, signer: &impl Signer<Config>) -> Result<u64> {
		let mut params = RpcParams::new();
		params.push(signer.account_id().to_string())?;
		self.rpc("system_accountNextIndex", params).await
	}

	/// Signs `call` by `signer` with `nonce` and submits it; [`Self::included`] waits for it.
	///
	/// A sender of several transactions counts nonces up itself from [`Self::next_nonce`]:
	/// asking the node again between submissions can return a nonce already in use while the
	/// pool moves to a new block, and the second transaction would then usurp the first.
	pub async fn submit_watch<C: Payload>(
		&self,
		call: &C,
		signer: &impl Signer<Config>,
		nonce: u64,
	) -> Result<Pending> {
		let at = self.at_best().await?;
		let params = DefaultExtrinsicParamsBuilder::<Config>::new().nonce(nonce).mortal(64).build();
		let progress = at
			.transactions()
			.sign_and_submit_then_watch(call, signer, params)
			.await
			.map_err(|e| self.refused(call.pallet_name(), e))?;
		Ok(Pending { progress, pallet: call.pallet_name().into() })
	}

	/// Submits `call` as a general transaction (no sender, no fee): for calls that authorize
	/// themselves, such as a meter's signed reading.
	pub async fn submit_general<C: Payload>(&self, call: &C) -> Result<Included> {
		let at = self.at_best().await?;
		// A general transaction carries no signature: the call's own authorization (the
		// reading's signature) stands in. Mortal for 64 blocks; the nonce is not checked.
		let params = DefaultExtrinsicParamsBuilder::<Config>::new()
			.nonce(0)
			.mortal_from_unchecked(64, at.block_number(), at.block_hash())
			.build();
		let mut signable = at.transactions().create_v5_signable_offline(call, params)?;
		let unsigned = signable.sign_with_account_and_signature(
			&subxt::utils::AccountId32([0; 32]),
			&subxt::utils::MultiSignature::Sr25519([0; 64]),
		)?;
		let progress =
			unsigned.submit_and_watch().await.map_err(|e| self.refused(call.pallet_name(), e))?;
		self.included(Pending { progress, pallet: call.pallet_name().into() }).await
	}

	/// Waits until a submitted transaction is in a block; returns its events, or the chain's
	/// error by name.
	pub async fn included(&self, pending: Pending) -> Result<Included> {
		let Pending { mut progress, pallet } = pending;
		while let Some(status) = progress.next().await {
			match status? {
				TransactionStatus::InBestBlock(block)
				| TransactionStatus::InFinalizedBlock(block) => {
					let events = block.wait_for_success().await.map_err(|e| dispatch_error(&e))?;
					return Ok(Included {
						block_hash: sp_core::H256(block.block_hash().0),
						events,
						metadata: self.metadata.clone(),
					});
				},
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => return Err(self.refused(&pallet, message)),
				_ => {},
			}
		}
		Err(Error("the node stopped reporting on the transaction".into()))
	}
}

/// The chain's refusal of a transaction, by name: a dispatch error's pallet and variant with its
/// documentation.
pub fn dispatch_error(error: &subxt::error::TransactionEventsError) -> Error {
	use subxt::error::{DispatchError, TransactionEventsError};
	match error {
		TransactionEventsError::ExtrinsicFailed(DispatchError::Module(module)) => {
			match module.details() {
				Ok(details) => Error(format!(
					"the chain refused the transaction: {}.{}: {}",
					details.pallet.name(),
					details.variant.name,
					details.variant.docs.join(" ").trim()
				)),
				Err(_) => Error(format!("the chain refused the transaction: {module}")),
			}
		},
		TransactionEventsError::ExtrinsicFailed(other) => {
			Error(format!("the chain refused the transaction: {other}"))
		},
		other => Error(other.to_string()),
	}
}

impl Chain {
	/// The node's refusal of a call of `pallet`, by name where the refusal is the pallet's
	/// custom validity error (the meter registry reports its error index so).
	fn refused(&self, pallet: &str, error: impl std::fmt::Display) -> Error {
		let message = error.to_string();
		let lowercase = message.to_lowercase();
		let custom = lowercase
			.split("custom error: ")
			.nth(1)
			.and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
			.and_then(|code| code.parse::<u8>().ok());
		let named = custom.and_then(|code| {
			let pallet = self.metadata.pallet_by_name(pallet)?;
			let variant = pallet.error_variant_by_index(code)?;
			Some(format!("{}.{}: {}", pallet.name(), variant.name, variant.docs.join(" ").trim()))
		});
		match named {
			Some(named) => Error(format!("the node refused the transaction: {named}")),
			None => Error(format!("the node refused the transaction: {message}")),
		}
	}
}

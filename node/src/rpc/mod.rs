//! The node's JSON-RPC methods beyond Substrate's standard ones: nonces, fees, and the
//! registry's auditor methods (`origo_*`, [`auditor`]: the registry and the market), which read through the pallets' runtime
//! APIs, so they answer for any block the node still has state for.

pub mod auditor;

use std::sync::Arc;

use jsonrpsee::RpcModule;
use origo_primitives::{AccountId, Balance, BlockNumber, Nonce, OpaqueBlock as Block};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client, to call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, for nonces that count pending transactions.
	pub pool: Arc<P>,
}

/// Builds the RPC module with every extension.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: sp_block_builder::BlockBuilder<Block>,
	C::Api: pallet_meters_runtime_api::MetersApi<Block, AccountId>,
	C::Api: pallet_certificates_runtime_api::CertificatesApi<Block, AccountId, BlockNumber>,
	C::Api: pallet_footprint_runtime_api::FootprintApi<Block, AccountId>,
	C::Api: auditor::MarketQueries,
	P: TransactionPool + 'static,
{
	use auditor::{Auditor, AuditorApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Auditor::new(client).into_rpc())?;

	Ok(module)
}

//! Extrinsic builders for the `benchmark overhead` and `benchmark extrinsic` subcommands.

use crate::service::FullClient;

use origo_primitives::{AccountId, Balance};
use origo_runtime as runtime;
use runtime::{
	signing::{sign_extrinsic, ChainContext},
	BalancesCall, SystemCall,
};
use sc_cli::Result;
use sc_client_api::BlockBackend;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::OpaqueExtrinsic;

use std::{sync::Arc, time::Duration};

/// Builds `System::remark` extrinsics: the cheapest signed call.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder signing with Bob's dev key on `client`'s chain.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = SystemCall::remark { remark: vec![] }.into();
		Ok(signed_extrinsic(self.client.as_ref(), Sr25519Keyring::Bob.pair(), call, nonce).into())
	}
}

/// Builds `Balances::transfer_keep_alive` extrinsics.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder sending `value` to `dest` from Bob's dev account.
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call =
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value }
				.into();
		Ok(signed_extrinsic(self.client.as_ref(), Sr25519Keyring::Bob.pair(), call, nonce).into())
	}
}

/// Signs `call` by `sender` against the client's best block.
fn signed_extrinsic(
	client: &FullClient,
	sender: sp_core::sr25519::Pair,
	call: runtime::RuntimeCall,
	nonce: u32,
) -> runtime::UncheckedExtrinsic {
	let info = client.chain_info();
	let version = client
		.runtime_version_at(info.best_hash, sp_core::traits::CallContext::Offchain)
		.expect("the best block has a runtime; qed");
	let chain = ChainContext {
		genesis_hash: client.block_hash(0).ok().flatten().expect("Genesis block exists; qed"),
		best_hash: info.best_hash,
		best_number: info.best_number,
		spec_version: version.spec_version,
		transaction_version: version.transaction_version,
	};
	sign_extrinsic(&sender, call, nonce, chain)
}

/// Inherent data for the overhead benchmark: a timestamp of zero.
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::from_millis(0).into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating inherent data: {:?}", e))?;
	Ok(inherent_data)
}

//! Building signed extrinsics off-chain: for the node's benchmark subcommands and for tests that
//! submit transactions to a running node without a full client library.

use crate::{tx_extension, RuntimeCall, Signature, SignedPayload, UncheckedExtrinsic};
use codec::Encode;
use origo_primitives::{BlockNumber, Hash, Nonce};
use sp_core::{sr25519, Pair};

/// The chain a transaction is for, the recent block its mortality counts from, and the versions
/// of the runtime there: a chain's runtime changes on an upgrade, and a transaction signed for
/// another version than the chain's is refused, so they are the chain's, not this crate's.
#[derive(Clone, Copy, Debug)]
pub struct ChainContext {
	/// The genesis hash (checked by `CheckGenesis`).
	pub genesis_hash: Hash,
	/// A recent block's hash (checked by `CheckEra`).
	pub best_hash: Hash,
	/// That block's number.
	pub best_number: BlockNumber,
	/// The runtime's `spec_version` at that block (checked by `CheckSpecVersion`).
	pub spec_version: u32,
	/// The runtime's `transaction_version` at that block (checked by `CheckTxVersion`).
	pub transaction_version: u32,
}

/// Signs `call` by `sender` with nonce `nonce` and every extension the runtime expects.
pub fn sign_extrinsic(
	sender: &sr25519::Pair,
	call: RuntimeCall,
	nonce: Nonce,
	chain: ChainContext,
) -> UncheckedExtrinsic {
	let tx_ext = tx_extension(nonce, chain.best_number);
	let payload = SignedPayload::from_raw(
		call.clone(),
		tx_ext.clone(),
		(
			(),
			(),
			chain.spec_version,
			chain.transaction_version,
			chain.genesis_hash,
			chain.best_hash,
			(),
			(),
			(),
			(),
		),
	);
	let signature = payload.using_encoded(|bytes| sender.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::AccountId32::from(sender.public()).into(),
		Signature::Sr25519(signature),
		tx_ext,
	)
}

/// A general transaction of `call`: no sender, no signature, no fee. Only calls that authorize
/// themselves (`#[pallet::authorize]`, such as a meter's signed reading) are valid this way.
/// Its mortality counts from block `best_number`.
pub fn general_extrinsic(call: RuntimeCall, best_number: BlockNumber) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(call, tx_extension(0, best_number))
}

//! Chain state through a node's RPC, encoded and decoded with the runtime's own types.

use crate::Node;
use codec::{Decode, Encode};
use origo_primitives::{AccountId, Balance, Hash, Nonce};
use origo_runtime::{
	signing::{general_extrinsic, sign_extrinsic, ChainContext},
	RuntimeCall,
};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;

/// `0x`-prefixed lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
	sp_core::bytes::to_hex(bytes, false)
}

/// Bytes of `0x`-prefixed hex.
pub fn from_hex(hex: &str) -> Vec<u8> {
	sp_core::bytes::from_hex(hex).expect("the node answers valid hex")
}

fn hash_of(value: &Value) -> Hash {
	let bytes = from_hex(value.as_str().expect("hashes are hex strings"));
	Hash::from_slice(&bytes)
}

/// The genesis hash and best block of `node`'s chain, and the runtime's versions there.
pub fn chain_context(node: &Node) -> ChainContext {
	let best_number = node.best_number();
	let best_hash = node.rpc("chain_getBlockHash", json!([best_number]));
	let (spec_version, transaction_version) = runtime_version(node, &best_hash);
	ChainContext {
		genesis_hash: hash_of(&node.rpc("chain_getBlockHash", json!([0]))),
		best_hash: hash_of(&best_hash),
		best_number,
		spec_version,
		transaction_version,
	}
}

/// The `spec_version` and `transaction_version` of the runtime at block `at` (a hash, or null
/// for the best block).
pub fn runtime_version(node: &Node, at: &Value) -> (u32, u32) {
	let version = node.rpc("state_getRuntimeVersion", json!([at]));
	let number = |field: &str| {
		version[field].as_u64().and_then(|n| u32::try_from(n).ok()).expect("versions are u32")
	};
	(number("specVersion"), number("transactionVersion"))
}

/// Signs `call` by the dev account `signer` with its next nonce and submits it to `node`;
/// returns the extrinsic's hash.
pub fn submit(node: &Node, signer: Sr25519Keyring, call: RuntimeCall) -> Hash {
	let nonce: Nonce = node
		.rpc("system_accountNextIndex", json!([signer.to_account_id().to_string()]))
		.as_u64()
		.expect("nonces are numbers") as Nonce;
	let extrinsic = sign_extrinsic(&signer.pair(), call, nonce, chain_context(node));
	hash_of(&node.rpc("author_submitExtrinsic", json!([to_hex(&extrinsic.encode())])))
}

/// Dispatches `call` as Root through the development chain's sudo key (Alice); returns the
/// extrinsic's hash.
pub fn sudo(node: &Node, call: RuntimeCall) -> Hash {
	let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) });
	submit(node, Sr25519Keyring::Alice, call)
}

/// Submits `call` to `node` as a general transaction (no sender, no fee); returns its hash.
pub fn submit_general(node: &Node, call: RuntimeCall) -> Hash {
	let extrinsic = general_extrinsic(call, node.best_number());
	hash_of(&node.rpc("author_submitExtrinsic", json!([to_hex(&extrinsic.encode())])))
}

/// The value at `key` in the node's best state, decoded as `T`, if there is one.
pub fn storage<T: Decode>(node: &Node, key: &[u8]) -> Option<T> {
	let stored = node.rpc("state_getStorage", json!([to_hex(key)]));
	stored.as_str().map(|hex| {
		T::decode(&mut &from_hex(hex)[..]).expect("the storage value decodes as its type")
	})
}

/// Calls runtime API `method` (`Trait_method`) with SCALE-encoded `args` at the node's best
/// block and decodes the answer as `T`.
pub fn runtime_api<T: Decode>(node: &Node, method: &str, args: &[u8]) -> T {
	let answer = node.rpc("state_call", json!([method, to_hex(args)]));
	let bytes = from_hex(answer.as_str().expect("state_call answers hex"));
	T::decode(&mut &bytes[..]).expect("the runtime API's answer decodes as its type")
}

/// `account`'s record at the node's best block, if it exists.
fn account_info(
	node: &Node,
	account: &AccountId,
) -> Option<frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>> {
	let key = frame_system::Account::<origo_runtime::Runtime>::hashed_key_for(account);
	storage(node, &key)
}

/// `account`'s free balance at the node's best block.
pub fn free_balance(node: &Node, account: &AccountId) -> Balance {
	account_info(node, account).map_or(0, |info| info.data.free)
}

/// `account`'s nonce at the node's best block: its transactions included so far.
pub fn included_nonce(node: &Node, account: &AccountId) -> Nonce {
	account_info(node, account).map_or(0, |info| info.nonce)
}

//! Types shared by the Origo runtime, the node and the `origo` client.
//!
//! Everything that must agree byte for byte between the chain and its users lives here, so that
//! the node and the client never import the runtime just to name an account or a balance. The
//! registry's vocabulary (devices, zones, Wh, signed meter readings) is in [`registry`].

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod csv;
pub mod meter_crypto;
pub mod meter_keys;
pub mod profiles;
pub mod registry;
#[cfg(feature = "std")]
pub mod testing;
pub mod time;

use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature, OpaqueExtrinsic,
};

/// A block number: blocks are 6 s apart, so `u32` lasts over 800 years.
pub type BlockNumber = u32;

/// The signature scheme of accounts: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account: the public key of its signature scheme (32 bytes).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of the chain's fee token, in its smallest unit (12 decimals).
pub type Balance = u128;

/// How many transactions an account has sent.
pub type Nonce = u32;

/// The hash of blocks and storage tries.
pub type Hash = sp_core::H256;

/// A moment: milliseconds since the unix epoch, as set by the timestamp inherent.
pub type Moment = u64;

/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// A block whose extrinsics are opaque bytes: what the node and client handle without knowing
/// the runtime's calls.
pub type OpaqueBlock = generic::Block<Header, OpaqueExtrinsic>;

/// One unit of the fee token (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;

/// The smallest balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = UNIT / 1_000;

/// Milliseconds between blocks.
pub const MILLISECS_PER_BLOCK: Moment = 6_000;

/// The SS58 address prefix: 42, Substrate's generic prefix, until Origo registers its own.
pub const SS58_PREFIX: u16 = 42;

/// The longest page any list query of the registry returns: the pallets' runtime APIs, the
/// node's `origo_*` RPC and the client all page by it.
pub const MAX_PAGE: u32 = 1_000;

/// The ids of a run of `count` ids from `first` (at most [`MAX_PAGE`]) that are below `next`,
/// the id the next record gets: a kind's ids are allotted in order, so runs of ids page through
/// all its records. Used by the registry pallets' pages for indexers.
pub fn id_run(first: u64, count: u32, next: u64) -> core::ops::Range<u64> {
	first..next.min(first.saturating_add(count.min(MAX_PAGE).into()))
}

/// A page of the second keys of FRAME double map `$map` under first key `$first`: the `$limit`
/// keys after `$start_after` (`Some(last key of the previous page)`), or the first `$limit`. Pages
/// are in storage order, which is stable. Used by the registry pallets' list queries.
#[macro_export]
macro_rules! key_page {
	($map:ty, $first:expr, $start_after:expr, $limit:expr) => {{
		let first = $first;
		let keys = match $start_after {
			Some(last) => <$map>::iter_key_prefix_from(
				first.clone(),
				<$map>::hashed_key_for(first.clone(), last),
			),
			None => <$map>::iter_key_prefix(first),
		};
		keys.take($limit as usize).collect()
	}};
}

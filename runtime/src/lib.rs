//! The Origo runtime.
//!
//! Origo is a guarantee-of-origin registry: attested electricity meters produce readings, readings
//! become certificates, certificates are transferred and retired, and the chain accounts for its
//! own energy use. This crate composes the FRAME pallets that do that into one runtime:
//!
//! - consensus: Aura block production (6 s slots) and GRANDPA finality;
//! - accounts and fees: Balances and TransactionPayment;
//! - governance: a registry council (Collective + Membership). [`configs::RegistryGovernance`] is
//!   Root or two thirds of that council; it appoints issuers and sets emission factors;
//! - Sudo, whose key is only set by the `development` genesis preset.
//!
//! Configuration is in [`configs`], runtime APIs in [`apis`], genesis presets in
//! [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(feature = "std")]
pub mod signing;
pub mod weights;

// The runtime macros expand to code that names `Vec`.
use alloc::vec::Vec;
use sp_runtime::{generic, impl_opaque_keys};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use origo_primitives::{
	AccountId, Balance, BlockNumber, Hash, Moment, Nonce, Signature, EXISTENTIAL_DEPOSIT,
	MILLISECS_PER_BLOCK, UNIT,
};
pub use pallet_balances::Call as BalancesCall;
#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// Types the node handles without knowing the runtime's calls.
pub mod opaque {
	use super::*;

	pub use origo_primitives::{Header, OpaqueBlock as Block};
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	impl_opaque_keys! {
		/// The keys a validator holds: Aura for authoring, GRANDPA for finality.
		pub struct SessionKeys {
			/// Block authoring key (sr25519).
			pub aura: Aura,
			/// Finality voting key (ed25519).
			pub grandpa: Grandpa,
		}
	}
}
pub use opaque::SessionKeys;

/// The runtime's version. Bump `spec_version` with every change of behaviour and
/// `transaction_version` with every change of a call's encoding.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("origo"),
	impl_name: alloc::borrow::Cow::Borrowed("origo"),
	authoring_version: 1,
	spec_version: 111,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// Aura's slot: one block per slot.
pub const SLOT_DURATION: Moment = MILLISECS_PER_BLOCK;

/// Blocks per minute, hour and day, for periods expressed in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// The address format of extrinsics.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;

/// The block header.
pub type Header = origo_primitives::Header;

/// A block of this runtime's extrinsics.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions every signed transaction carries, in order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of a transaction with nonce `nonce`, mortal from block `best_number` for about
/// half of the block hashes the runtime keeps, and no tip.
pub fn tx_extension(nonce: Nonce, best_number: BlockNumber) -> TxExtension {
	let period =
		configs::BlockHashCount::get().checked_next_power_of_two().map_or(2, |c| c / 2) as u64;
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(generic::Era::mortal(period, best_number.into())),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// An extrinsic as it travels: address, call, signature and extensions.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a sender signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on the next runtime upgrade, each once, by storage version: spec 100 to 101
/// gave each device one billing meter and a high-water mark (meters v1) and each device ledger
/// its voided production (certificates v1); spec 102 to 103 holds the deposits of devices and
/// meter keys registered before deposits (meters v2); spec 107 to 108 records when each order
/// was placed and its local auction (market v1).
type Migrations = (
	pallet_meters::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_certificates::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_meters::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_market::migrations::v1::MigrateV0ToV1<Runtime>,
);

/// Dispatches extrinsics and runs the pallets' hooks.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	/// The Origo runtime.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(10)]
	pub type RegistryCouncil = pallet_collective<Instance1>;

	#[runtime::pallet_index(11)]
	pub type RegistryCouncilMembership = pallet_membership<Instance1>;

	#[runtime::pallet_index(12)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(13)]
	pub type Whitelist = pallet_whitelist;

	#[runtime::pallet_index(20)]
	pub type Meters = pallet_meters;

	#[runtime::pallet_index(21)]
	pub type Certificates = pallet_certificates;

	#[runtime::pallet_index(22)]
	pub type Footprint = pallet_footprint;

	#[runtime::pallet_index(23)]
	pub type Market = pallet_market;
}

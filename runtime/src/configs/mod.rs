//! The configuration of every pallet in the runtime.

mod governance;
mod market;
mod registry;

pub use governance::*;
pub use market::MarketFeeAccount;

use alloc::vec::Vec;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{
		constants::{WEIGHT_REF_TIME_PER_NANOS, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{One, TransactionExtension},
	Perbill,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	System, EXISTENTIAL_DEPOSIT, SLOT_DURATION, VERSION,
};

/// Share of a block that ordinary transactions may fill; the rest is kept for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Two seconds of compute in a six-second block: the rest is for import and propagation.
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

parameter_types! {
	/// One sr25519 signature check, a sender's, on the machine the weights are measured on (a
	/// 2-core AMD EPYC): `origo-node benchmark machine` verifies 600.7 KiB/s of 32-byte messages
	/// on one core (the median of five runs, 451-622), 19,200 per second.
	pub const SenderSignatureCheck: Weight =
		Weight::from_parts(52_000 * WEIGHT_REF_TIME_PER_NANOS, 0);
}

/// What every extrinsic costs beyond its call and its transaction extensions. `benchmark
/// overhead` times a signed `System::remark` whole, its extensions included, while the extensions
/// charge their own benchmarked weights too (polkadot-sdk#9981): the base is the measured no-op
/// less what its extensions charge, and at least the sender's signature check, which no
/// extension charges. (The extensions' benchmarks count their storage at full database cost;
/// in a block of no-ops from one sender it is cached, so the difference can come out below the
/// signature check.) Feeless readings carry no sender's signature: pallet-meters leaves it out of
/// their dispatch weight (`SenderSignatureCheck`).
fn extrinsic_base_weight() -> Weight {
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
	let extensions = TransactionExtension::weight(&crate::tx_extension(0, 0), &remark);
	crate::weights::extrinsic_weights::ExtrinsicBaseWeight::get()
		.saturating_sub(extensions)
		.max(SenderSignatureCheck::get())
}

parameter_types! {
	/// How many recent block hashes the runtime keeps (mortal transactions refer to them).
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime version, as `frame_system` wants it.
	pub const Version: RuntimeVersion = VERSION;
	/// The block's weight limits, with the empty block's and the no-op extrinsic's costs as
	/// measured on the reference machine (`scripts/weights runtime`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(crate::weights::block_weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = extrinsic_base_weight();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational transactions may use what ordinary ones may not.
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// At most 5 MiB of extrinsics per block.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// The SS58 prefix of addresses.
	pub const SS58Prefix: u16 = origo_primitives::SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// The node stores its state in ParityDB; its costs as measured on the benchmark's state.
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	// The transaction extensions as benchmarked on the reference machine.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// Validators are a permissioned set: equivocations are handled by governance, not slashing.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fees do not float with congestion: a registry's users should know what a call costs.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::weights::extrinsic_weights::ExtrinsicBaseWeight;

	/// The base is no more than the measured no-op, and a signed no-op is charged, base and
	/// extensions, at least what it measured: never undercharged.
	#[test]
	fn the_extrinsic_base_is_the_no_op_less_its_extensions() {
		let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
		let measured = ExtrinsicBaseWeight::get().ref_time();
		assert!(base.ref_time() <= measured, "base {base:?}");
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
		let extensions = TransactionExtension::weight(&crate::tx_extension(0, 0), &remark);
		assert!(base.saturating_add(extensions).ref_time() >= measured);
	}
}

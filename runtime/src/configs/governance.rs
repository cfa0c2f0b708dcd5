//! Registry governance: a council whose two-thirds majority, or Root, appoints issuers and sets
//! emission factors.

use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;

use super::RuntimeBlockWeights;
use crate::{AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, DAYS};

/// The council instance of `pallet_collective` and `pallet_membership`.
pub type RegistryCouncilInstance = pallet_collective::Instance1;

/// The origin of registry governance: Root, or at least two thirds of the registry council.
pub type RegistryGovernance = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, RegistryCouncilInstance, 2, 3>,
>;

parameter_types! {
	/// How long a council motion stays open for votes.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// A motion may use at most half of a block.
	pub MaxCouncilProposalWeight: Weight =
		sp_runtime::Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<RegistryCouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	// Membership changes go through `pallet_membership`, which Root or the council itself controls.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = RegistryGovernance;
	type KillOrigin = RegistryGovernance;
	type Consideration = ();
}

impl pallet_membership::Config<RegistryCouncilInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = RegistryGovernance;
	type RemoveOrigin = RegistryGovernance;
	type SwapOrigin = RegistryGovernance;
	type ResetOrigin = RegistryGovernance;
	type PrimeOrigin = RegistryGovernance;
	type MembershipInitialized = crate::RegistryCouncil;
	type MembershipChanged = crate::RegistryCouncil;
	type MaxMembers = ConstU32<100>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

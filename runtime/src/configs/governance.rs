//! Registry governance: a council whose two-thirds majority, or Root, appoints issuers and sets
//! emission factors, and, without sudo, dispatches Root calls through the whitelist: a motion
//! whitelists the hash of exactly one call (a runtime upgrade, a GRANDPA recovery), then a
//! council member dispatches that call, with its preimage, as Root (security review M-6).

use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, EitherOfDiverse, LinearStoragePrice},
	weights::Weight,
};
use frame_system::EnsureRoot;

use super::RuntimeBlockWeights;
use crate::{
	AccountId, Balance, Balances, BlockNumber, Preimage, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, System, DAYS, UNIT,
};

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

parameter_types! {
	/// A noted preimage holds 1 ORI, plus 0.01 ORI per kB: a runtime upgrade's code, about
	/// 1.5 MB, holds about 16 ORI until it is used or removed.
	pub const PreimageBaseDeposit: Balance = UNIT;
	/// See [`PreimageBaseDeposit`].
	pub const PreimageByteDeposit: Balance = UNIT / 100_000;
	/// What a preimage's deposit is held for.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = RegistryGovernance;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	// Two thirds of the council approve one call, by its hash.
	type WhitelistOrigin = RegistryGovernance;
	// Any council member then dispatches it (`RegistryCouncil::execute`), as Root.
	type DispatchWhitelistedOrigin =
		pallet_collective::EnsureMember<AccountId, RegistryCouncilInstance>;
	type Preimages = Preimage;
	// A member's dispatch of a call not yet whitelisted waits a day for the motion.
	type DeferredDispatchExpiration = ConstU32<DAYS>;
	type BlockNumberProvider = System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{RegistryCouncil, Whitelist};
	use codec::Encode;
	use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
	use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
	use sp_runtime::traits::{BlakeTwo256, Hash};

	fn motion(proposer: sp_keyring::Sr25519Keyring, call: RuntimeCall) -> (u32, sp_core::H256) {
		let length = call.encoded_size() as u32;
		let hash = BlakeTwo256::hash_of(&call);
		let index = pallet_collective::ProposalCount::<Runtime, RegistryCouncilInstance>::get();
		assert_ok!(RegistryCouncil::propose(
			RuntimeOrigin::signed(proposer.to_account_id()),
			2,
			Box::new(call),
			length
		));
		(index, hash)
	}

	/// Security review M-6: on the `local` chain, which has no sudo, two thirds of the council
	/// whitelist a Root call and a member dispatches it; the council's own origin is not Root.
	#[test]
	fn m6_a_two_thirds_motion_dispatches_a_root_call() {
		crate::genesis_config_presets::tests::preset_ext("local_testnet").execute_with(|| {
			System::set_block_number(1);
			assert!(pallet_sudo::Key::<Runtime>::get().is_none());
			let code_hash = sp_core::H256::repeat_byte(7);
			let root_call =
				RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
			let root_call_hash = BlakeTwo256::hash_of(&root_call);
			let dispatch = RuntimeCall::Whitelist(
				pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
					call: Box::new(root_call.clone()),
				},
			);
			// The motion: Alice proposes, she and Bob vote aye; two of three.
			let whitelist = RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call {
				call_hash: root_call_hash,
			});
			let weight = whitelist.get_dispatch_info().call_weight;
			let length = whitelist.encoded_size() as u32;
			let (index, hash) = motion(Alice, whitelist);
			for member in [Alice, Bob] {
				assert_ok!(RegistryCouncil::vote(
					RuntimeOrigin::signed(member.to_account_id()),
					hash,
					index,
					true
				));
			}
			assert_ok!(RegistryCouncil::close(
				RuntimeOrigin::signed(Charlie.to_account_id()),
				hash,
				index,
				weight,
				length
			));
			assert!(pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(root_call_hash));
			// A non-member cannot dispatch it; a member does, as Root.
			assert_noop!(
				Whitelist::dispatch_whitelisted_call_with_preimage(
					RuntimeOrigin::signed(Dave.to_account_id()),
					Box::new(root_call.clone())
				),
				pallet_whitelist::Error::<Runtime>::DeferredDispatchNotFound
			);
			let length = dispatch.encoded_size() as u32;
			assert_ok!(RegistryCouncil::execute(
				RuntimeOrigin::signed(Charlie.to_account_id()),
				Box::new(dispatch),
				length
			));
			System::assert_has_event(
				frame_system::Event::UpgradeAuthorized { code_hash, check_version: true }.into(),
			);
			assert!(!pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(root_call_hash));
		});
	}

	/// The council's own origin, even unanimous, is not Root: a Root call goes through the
	/// whitelist.
	#[test]
	fn m6_the_councils_origin_is_not_root() {
		crate::genesis_config_presets::tests::preset_ext("local_testnet").execute_with(|| {
			let origin: RuntimeOrigin =
				pallet_collective::RawOrigin::<AccountId, RegistryCouncilInstance>::Members(3, 3)
					.into();
			assert_noop!(
				System::authorize_upgrade(origin, sp_core::H256::repeat_byte(7)),
				sp_runtime::DispatchError::BadOrigin
			);
		});
	}
}

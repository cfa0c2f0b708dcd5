//! A test runtime: System, Timestamp, Meters (the real device registry) and Certificates, with
//! Meters handing production to Certificates as in the Origo runtime.

use crate as pallet_certificates;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, LinearStoragePrice},
};
use frame_system::EnsureRoot;
use origo_primitives::registry::{
	sign_binding, sign_reading, DeviceKind, Reading, Technology, UnixTime, Wh,
};
use pallet_meters::DeviceDeclaration;
use sp_core::{sr25519, Pair};
use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, MultiSignature,
};

/// Accounts are `MultiSigner`-derived, as on the real chain.
pub type AccountId = <<MultiSignature as Verify>::Signer as IdentifyAccount>::AccountId;
pub use origo_primitives::testing::{account, zone};
type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeTask,
		RuntimeHoldReason,
		RuntimeFreezeReason
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Meters = pallet_meters;
	#[runtime::pallet_index(3)]
	pub type Certificates = pallet_certificates;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// Balances, in plancks.
pub type Balance = u128;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// What every account [`ExtBuilder`] funds starts with: enough for the deposits of every
/// holding a long fuzzer run opens.
pub const ENDOWMENT: Balance = 1_000_000_000_000;

/// The accounts [`ExtBuilder`] funds with [`ENDOWMENT`], to hold deposits; any other account
/// holds nothing.
pub const FUNDED: [&str; 5] = ["Owner", "Company", "Third", "Anyone", "Issuer"];

parameter_types! {
	pub const HoldingHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Certificates(pallet_certificates::HoldReason::HoldingDeposit);
}

/// A holding's deposit: 100 plancks and 1 per byte.
pub type HoldingDepositPrice = LinearStoragePrice<ConstU128<100>, ConstU128<1>, Balance>;

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

parameter_types! {
	/// The certificate quantum: 1 MWh unless a test sets 1 Wh.
	pub static Quantum: Wh = 1_000_000;
	/// The least transfer: 1 Wh unless a test sets more.
	pub static MinTransfer: Wh = 1;
	/// The least retirement: 1 Wh unless a test sets more.
	pub static MinRetirement: Wh = 1;
}

#[derive_impl(pallet_meters::config_preludes::TestDefaultConfig)]
impl pallet_meters::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type UnixTime = Timestamp;
	type OnProduction = Certificates;
	// Deposits are pallet-meters' own tests'.
}

#[derive_impl(pallet_certificates::config_preludes::TestDefaultConfig)]
impl pallet_certificates::Config for Test {
	type Devices = Meters;
	type UnixTime = Timestamp;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Quantum = Quantum;
	type MinTransfer = MinTransfer;
	type MinRetirement = MinRetirement;
	type HoldingDeposit =
		HoldConsideration<AccountId, Balances, HoldingHoldReason, HoldingDepositPrice>;
}

/// 2025-01-01T00:00:00Z.
pub const START: UnixTime = 1_735_689_600;

/// The issuer of `US-FL` and `US-NC`.
pub fn issuer() -> AccountId {
	account("Issuer")
}

/// The owner of device 0.
pub fn owner() -> AccountId {
	account("Owner")
}

/// A company that buys and retires certificates.
pub fn company() -> AccountId {
	account("Company")
}

/// Device 0's meter.
pub fn meter() -> sr25519::Pair {
	sr25519::Pair::from_string("//meter", None).expect("valid seed")
}

/// Sets the chain's clock, unix seconds.
pub fn set_time(time: UnixTime) {
	pallet_timestamp::Now::<Test>::put(time * 1_000);
}

/// Submits device 0's meter reading of `counter_wh` at `timestamp`.
pub fn read(counter_wh: Wh, timestamp: UnixTime) {
	let reading = Reading { meter: meter().public().into(), counter_wh, timestamp };
	let signed = sign_reading(&meter(), reading, &Meters::genesis_hash());
	Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), signed)
		.expect("a valid reading");
}

/// Builds test state: an issuer for `US-FL` and `US-NC`; device 0, a 5 kW PV system in `US-FL`
/// owned by [`owner`], approved, with [`meter`] bound and a baseline reading of 0 at [`START`].
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// The test state.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: FUNDED.iter().map(|name| (account(name), ENDOWMENT)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(sp_keystore::KeystoreExt::new(
			sp_keystore::testing::MemoryKeystore::new(),
		));
		ext.execute_with(|| {
			System::set_block_number(1);
			set_time(START);
			Meters::appoint_issuer(
				RuntimeOrigin::root(),
				issuer(),
				b"FL PUC".to_vec(),
				vec![zone("US-FL"), zone("US-NC")],
			)
			.unwrap();
			Meters::register_device(
				RuntimeOrigin::signed(owner()),
				DeviceDeclaration {
					name: b"Miami rooftop".to_vec(),
					technology: Technology::SolarPv,
					capacity_w: 5_000,
					zone: zone("US-FL"),
					commissioned: START - 86_400,
					location: None,
					kind: DeviceKind::Production,
				},
			)
			.unwrap();
			Meters::approve_device(RuntimeOrigin::signed(issuer()), 0).unwrap();
			let proof = sign_binding(&meter(), &Meters::genesis_hash(), 0, &owner());
			Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, meter().public().into(), proof)
				.unwrap();
			read(0, START);
		});
		ext
	}

	/// Runs `test` in the built state, then checks both pallets' invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Meters::do_try_state().expect("registry invariants hold after the test");
			Certificates::do_try_state().expect("certificate invariants hold after the test");
		});
	}
}

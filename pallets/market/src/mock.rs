//! A test runtime: System, Timestamp, Balances, Meters and Certificates as in the Origo runtime,
//! and the Market; two rooftops whose readings mint real batches.

use crate as pallet_market;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, ConstU32, LinearStoragePrice},
};
use frame_system::EnsureRoot;
use origo_primitives::registry::{
	sign_binding, sign_reading, BatchId, DeviceKind, Reading, Technology, UnixTime, Wh,
};
use pallet_meters::DeviceDeclaration;
use sp_core::{sr25519, Pair};
use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, MultiSignature, Permill,
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
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type Meters = pallet_meters;
	#[runtime::pallet_index(4)]
	pub type Certificates = pallet_certificates;
	#[runtime::pallet_index(5)]
	pub type Market = pallet_market;
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

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

#[derive_impl(pallet_meters::config_preludes::TestDefaultConfig)]
impl pallet_meters::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type UnixTime = Timestamp;
	type OnProduction = Certificates;
}

parameter_types! {
	pub const HoldingHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Certificates(pallet_certificates::HoldReason::HoldingDeposit);
	/// 1 kWh certificates, so that an hour of a rooftop mints a batch.
	pub const Quantum: Wh = 1_000;
	pub FeeDestination: AccountId = treasury();
	pub const MaxFee: Permill = Permill::from_percent(5);
	/// Open orders per account: 4 unless a test sets more.
	pub static MaxOrdersPerAccount: u32 = 4;
	/// Orders per local auction: 8 unless a test sets more.
	pub static MaxAuctionOrders: u32 = 8;
}

#[derive_impl(pallet_certificates::config_preludes::TestDefaultConfig)]
impl pallet_certificates::Config for Test {
	type Devices = Meters;
	type UnixTime = Timestamp;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Quantum = Quantum;
	type OnIssued = Market;
	type HoldingDeposit = HoldConsideration<
		AccountId,
		Balances,
		HoldingHoldReason,
		LinearStoragePrice<ConstU128<100>, ConstU128<1>, Balance>,
	>;
}

impl pallet_market::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Certificates = Certificates;
	type Devices = Meters;
	type UnixTime = Timestamp;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type FeeDestination = FeeDestination;
	type MaxFee = MaxFee;
	type MaxOrdersPerAccount = MaxOrdersPerAccount;
	type MaxFilterItems = ConstU32<3>;
	type DefaultAuctionPeriod = frame_support::traits::ConstU64<HOUR>;
	type MaxAuctionOrders = MaxAuctionOrders;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Clock;
}

/// Sets the test runtime's clock for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct Clock;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_market::BenchmarkHelper for Clock {
	fn set_time(unix_seconds: UnixTime) {
		set_time(unix_seconds);
	}
}

/// What every account [`ExtBuilder`] funds starts with.
pub const ENDOWMENT: Balance = 1_000_000_000_000;

/// The accounts [`ExtBuilder`] funds with [`ENDOWMENT`].
pub const FUNDED: [&str; 7] =
	["Owner", "Neighbour", "Bakery", "Company", "Treasury", "Issuer", "Anyone"];

/// 2025-01-01T00:00:00Z.
pub const START: UnixTime = 1_735_689_600;

/// An hour, seconds.
pub const HOUR: UnixTime = 3_600;

/// 5,000 plancks per Wh.
pub const PRICE: Balance = 5_000 * 1_000_000;

/// The issuer of `US-FL` and `US-NC`.
pub fn issuer() -> AccountId {
	account("Issuer")
}

/// The owner of device 0, a rooftop in `US-FL`.
pub fn owner() -> AccountId {
	account("Owner")
}

/// The owner of device 1, a rooftop in `US-NC`.
pub fn neighbour() -> AccountId {
	account("Neighbour")
}

/// A bakery that buys local certificates and retires them.
pub fn bakery() -> AccountId {
	account("Bakery")
}

/// A company that buys certificates.
pub fn company() -> AccountId {
	account("Company")
}

/// Where fees go.
pub fn treasury() -> AccountId {
	account("Treasury")
}

/// Device `device`'s meter.
pub fn meter(device: u64) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//meter{device}"), None).expect("valid seed")
}

/// Sets the chain's clock, unix seconds.
pub fn set_time(time: UnixTime) {
	pallet_timestamp::Now::<Test>::put(time * 1_000);
}

/// The chain's clock, unix seconds.
pub fn now() -> UnixTime {
	pallet_timestamp::Now::<Test>::get() / 1_000
}

/// Device `device`'s meter reads `counter_wh` at `timestamp`.
pub fn read(device: u64, counter_wh: Wh, timestamp: UnixTime) {
	let reading = Reading { meter: meter(device).public().into(), counter_wh, timestamp };
	let signed = sign_reading(&meter(device), reading, &Meters::genesis_hash());
	Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), signed)
		.expect("a valid reading");
}

/// An hour passes; device `device` produced `kwh` kWh (at most 5) in it and is issued one
/// batch of them: its id.
pub fn produce(device: u64, kwh: Wh) -> BatchId {
	let time = now() + HOUR;
	set_time(time);
	let key = origo_primitives::registry::MeterKey::from(meter(device).public());
	let counter = pallet_meters::Meters::<Test>::get(key)
		.and_then(|bound| bound.last)
		.map_or(0, |last| last.counter_wh);
	read(device, counter + kwh * 1_000, time);
	pallet_certificates::NextBatchId::<Test>::get() - 1
}

/// Registers a 5 kW rooftop of `holder` in `zone_code` (`US-FL` or `US-NC`), approves it, binds
/// its meter and reads it at 0 now: its id.
pub fn rooftop(holder: &AccountId, zone_code: &str) -> u64 {
	let device = pallet_meters::NextDeviceId::<Test>::get();
	Meters::register_device(
		RuntimeOrigin::signed(holder.clone()),
		DeviceDeclaration {
			name: b"rooftop".to_vec(),
			technology: Technology::SolarPv,
			capacity_w: 5_000,
			zone: zone(zone_code),
			commissioned: START - 86_400,
			location: None,
			kind: DeviceKind::Production,
		},
	)
	.unwrap();
	Meters::approve_device(RuntimeOrigin::signed(issuer()), device).unwrap();
	let proof = sign_binding(&meter(device), &Meters::genesis_hash(), device, holder);
	Meters::bind_meter(
		RuntimeOrigin::signed(holder.clone()),
		device,
		meter(device).public().into(),
		proof,
	)
	.unwrap();
	read(device, 0, now());
	device
}

/// Builds test state: an issuer for `US-FL` and `US-NC`; device 0, a 5 kW rooftop in `US-FL`
/// owned by [`owner`], and device 1, one in `US-NC` owned by [`neighbour`], both approved with
/// their meters bound and read at 0 at [`START`]; [`FUNDED`] accounts endowed.
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
				b"US PUC".to_vec(),
				vec![zone("US-FL"), zone("US-NC")],
			)
			.unwrap();
			rooftop(&owner(), "US-FL");
			rooftop(&neighbour(), "US-NC");
		});
		ext
	}

	/// Runs `test` in the built state, then checks every pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Meters::do_try_state().expect("registry invariants hold after the test");
			Certificates::do_try_state().expect("certificate invariants hold after the test");
			Market::do_try_state().expect("market invariants hold after the test");
		});
	}
}

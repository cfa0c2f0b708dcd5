//! A test runtime for pallet-meters: System, Timestamp and Meters, with recording energy hooks.

use crate as pallet_meters;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, ConstU32, LinearStoragePrice},
	weights::Weight,
};
use frame_system::EnsureRoot;
use origo_primitives::registry::{
	sign_binding, sign_profile, sign_reading, DeviceId, DeviceKind, MeterSigner, OnVerifiedEnergy,
	Profile, Reading, SignedProfile, SignedReading, Technology, UnixTime, VerifiedEnergy, Wh,
};
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
	pub type Balances = pallet_balances;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type DbWeight = StorageCosts;
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

/// What every account [`ExtBuilder`] funds starts with.
pub const ENDOWMENT: Balance = 1_000_000;

parameter_types! {
	pub const DeviceHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Meters(pallet_meters::HoldReason::DeviceDeposit);
	pub const MeterHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Meters(pallet_meters::HoldReason::MeterDeposit);
}

/// A deposit of 100 plancks and 1 per byte.
type Deposit = LinearStoragePrice<ConstU128<100>, ConstU128<1>, Balance>;

parameter_types! {
	/// What the base weight charges for a sender's signature.
	pub const SenderSignatureCheck: Weight = Weight::from_parts(30_000_000, 0);
	/// Storage costs, so tests see what a weight charges for storage.
	pub const StorageCosts: frame_support::weights::RuntimeDbWeight =
		frame_support::weights::RuntimeDbWeight { read: 1_000_000, write: 2_000_000 };
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

thread_local! {
	/// Energy handed to the production hook, in order.
	pub static PRODUCED: RefCell<Vec<VerifiedEnergy>> = const { RefCell::new(Vec::new()) };
	/// Energy handed to the consumption hook, in order.
	pub static CONSUMED: RefCell<Vec<VerifiedEnergy>> = const { RefCell::new(Vec::new()) };
}

/// What a receiver may use for one hand-over, and what the recording receivers use.
pub const MAX_HANDOVER: Weight = Weight::from_parts(5_000, 0);
/// What the recording receivers report using, and the least they may use.
pub const USED_HANDOVER: Weight = Weight::from_parts(1_000, 0);

/// Records production.
pub struct RecordProduction;
impl OnVerifiedEnergy for RecordProduction {
	fn on_verified_energy(energy: VerifiedEnergy) -> Weight {
		PRODUCED.with(|p| p.borrow_mut().push(energy));
		USED_HANDOVER
	}

	fn max_weight() -> Weight {
		MAX_HANDOVER
	}

	fn min_weight() -> Weight {
		USED_HANDOVER
	}
}

/// Records consumption.
pub struct RecordConsumption;
impl OnVerifiedEnergy for RecordConsumption {
	fn on_verified_energy(energy: VerifiedEnergy) -> Weight {
		CONSUMED.with(|c| c.borrow_mut().push(energy));
		USED_HANDOVER
	}

	fn max_weight() -> Weight {
		MAX_HANDOVER
	}

	fn min_weight() -> Weight {
		USED_HANDOVER
	}
}

parameter_types! {
	/// Five minutes of meter clock drift.
	pub const MaxClockDrift: u64 = 300;
	/// Production up to 400 days before a device's approval may be certified.
	pub const MaxBackfill: u64 = 400 * DAY;
	/// Feeless readings of a meter at least 15 minutes apart.
	pub const FeelessInterval: u64 = 15 * 60;
}

/// Seconds in a day.
pub const DAY: u64 = 86_400;

#[derive_impl(pallet_meters::config_preludes::TestDefaultConfig)]
impl pallet_meters::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type UnixTime = Timestamp;
	type OnProduction = RecordProduction;
	type OnConsumption = RecordConsumption;
	type MaxReadingsPerBatch = ConstU32<16>;
	type MaxClockDrift = MaxClockDrift;
	type MaxBackfill = MaxBackfill;
	type DefaultFeelessInterval = FeelessInterval;
	type SenderSignatureCheck = SenderSignatureCheck;
	type DeviceDeposit = HoldConsideration<AccountId, Balances, DeviceHoldReason, Deposit>;
	type MeterDeposit = HoldConsideration<AccountId, Balances, MeterHoldReason, Deposit>;
}

/// The chain's clock at the start of every test: 2025-01-01T00:00:00Z.
pub const GENESIS_TIME: UnixTime = 1_735_689_600;

/// The issuer the ExtBuilder appoints for `DE` and `FR`.
pub fn issuer() -> AccountId {
	account("Issuer")
}

/// The owner of the devices the ExtBuilder registers.
pub fn owner() -> AccountId {
	account("Owner")
}

/// A meter key pair from a seed name.
pub fn meter_pair(name: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//meter/{name}"), None).expect("valid seed")
}

/// A 5 kW PV installation in `DE`.
pub fn pv_declaration() -> crate::DeviceDeclaration<Vec<u8>> {
	crate::DeviceDeclaration {
		name: b"Rooftop PV 5 kWp".to_vec(),
		technology: Technology::SolarPv,
		capacity_w: 5_000,
		zone: zone("DE"),
		commissioned: GENESIS_TIME - 86_400 * 365,
		location: Some(crate::Location {
			latitude_microdeg: 52_520_008,
			longitude_microdeg: 13_404_954,
		}),
		kind: DeviceKind::Production,
	}
}

/// `pair`'s reading of `counter_wh` at `timestamp`, signed for the test chain.
pub fn signed(pair: &sr25519::Pair, counter_wh: Wh, timestamp: UnixTime) -> SignedReading {
	let reading = Reading { meter: pair.public().into(), counter_wh, timestamp };
	sign_reading(pair, reading, &Meters::genesis_hash())
}

/// `meter`'s profile of `registers` at the ends of `interval`-second intervals from `start`,
/// signed for the test chain.
pub fn profile(
	meter: &impl MeterSigner,
	start: UnixTime,
	interval: u32,
	registers: &[Wh],
) -> SignedProfile {
	let registers = registers.iter().copied().map(codec::Compact).collect();
	let profile = Profile { meter: meter.meter_key(), start, interval, registers };
	sign_profile(meter, profile, &Meters::genesis_hash())
}

/// Binds `meter`'s key to `device` as `owner`, with the meter's proof of possession.
pub fn bind(
	owner: AccountId,
	device: DeviceId,
	meter: &impl MeterSigner,
) -> sp_runtime::DispatchResult {
	let proof = sign_binding(meter, &Meters::genesis_hash(), device, &owner);
	Meters::bind_meter(RuntimeOrigin::signed(owner), device, meter.meter_key(), proof)
}

/// Sets the chain's clock to `time` (unix seconds).
pub fn set_time(time: UnixTime) {
	pallet_timestamp::Now::<Test>::put(time * 1_000);
}

/// The accounts [`ExtBuilder`] funds with [`ENDOWMENT`], to hold deposits; any other account
/// holds nothing.
pub const FUNDED: [&str; 7] = ["Issuer", "Owner", "Other", "Mallory", "Real", "Florida", "Gateway"];

/// Builds test state: an issuer for `DE` and `FR`, and optionally an approved PV device
/// (id 0) with one meter (`meter_pair("a")`).
#[derive(Default)]
pub struct ExtBuilder {
	with_device: bool,
}

impl ExtBuilder {
	/// Adds device 0, approved, with meter `a` bound.
	pub fn with_device(mut self) -> Self {
		self.with_device = true;
		self
	}

	/// The test state, with a keystore for benchmarks that sign readings.
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
			set_time(GENESIS_TIME);
			PRODUCED.with(|p| p.borrow_mut().clear());
			CONSUMED.with(|c| c.borrow_mut().clear());
			Meters::appoint_issuer(
				RuntimeOrigin::root(),
				issuer(),
				b"Umweltbundesamt".to_vec(),
				vec![zone("DE"), zone("FR")],
			)
			.unwrap();
			if self.with_device {
				Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()).unwrap();
				Meters::approve_device(RuntimeOrigin::signed(issuer()), 0).unwrap();
				bind(owner(), 0, &meter_pair("a")).unwrap();
			}
		});
		ext
	}

	/// Runs `test` in the built state, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Meters::do_try_state().expect("invariants hold after the test");
		});
	}
}

/// Energy the production hook received.
pub fn produced() -> Vec<VerifiedEnergy> {
	PRODUCED.with(|p| p.borrow().clone())
}

/// Energy the consumption hook received.
pub fn consumed() -> Vec<VerifiedEnergy> {
	CONSUMED.with(|c| c.borrow().clone())
}

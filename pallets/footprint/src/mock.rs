//! A test runtime: System, Timestamp, Meters, Certificates and Footprint wired as in the Origo
//! runtime: Meters hands production to Certificates and consumption to Footprint; Certificates
//! tells Footprint of neutrality retirements and retires the reserve's certificates for it.

use crate as pallet_footprint;
use frame_support::traits::Hooks;
use frame_support::{
	derive_impl, dispatch::DispatchClass, parameter_types, traits::ConstU32, weights::Weight,
};
use frame_system::EnsureRoot;
use origo_primitives::registry::{
	sign_binding, sign_reading, DeviceKind, Reading, SignedReading, Technology, UnixTime, Wh, Zone,
};
use pallet_certificates::{Claim, Purpose};
use pallet_meters::DeviceDeclaration;
use sp_core::{sr25519, Pair};
use sp_runtime::{
	traits::{IdentifyAccount, IdentityLookup, Verify},
	BuildStorage, DispatchResult, MultiSignature,
};

/// Accounts are `MultiSigner`-derived, as on the real chain.
pub type AccountId = <<MultiSignature as Verify>::Signer as IdentifyAccount>::AccountId;
pub use origo_primitives::testing::account;
type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeTask)]
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
	pub type Footprint = pallet_footprint;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
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
	type OnConsumption = Footprint;
}

#[derive_impl(pallet_certificates::config_preludes::TestDefaultConfig)]
impl pallet_certificates::Config for Test {
	type Devices = Meters;
	type UnixTime = Timestamp;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	// Anyone may send the reserve 1 Wh (the default least transfer): the close must still draw
	// on all it holds.
	type MaxBatchesPerCall = ConstU32<4>;
	type OnNeutralityRetirement = Footprint;
}

parameter_types! {
	/// How many validators execute each block.
	pub static Validators: u32 = 3;
	/// The neutrality reserve.
	pub ReserveAccount: AccountId = account("Reserve");
}

impl pallet_footprint::Config for Test {
	type UnixTime = Timestamp;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Devices = Meters;
	type Reserve = Certificates;
	type ReserveAccount = ReserveAccount;
	type Validators = Validators;
	type PeriodLength = frame_support::traits::ConstU64<DAY>;
	type WeightInfo = ();
}

/// A day, seconds: the accounting period.
pub const DAY: UnixTime = 86_400;

/// 2025-01-01T00:00:00Z, a period start.
pub const START: UnixTime = 1_735_689_600;

/// The production device.
pub const PV: u64 = 0;

/// The validator's server.
pub const NODE: u64 = 1;

/// The issuer of `DE`.
pub fn issuer() -> AccountId {
	account("Issuer")
}

/// The owner of the PV system, who receives its certificates.
pub fn producer() -> AccountId {
	account("Producer")
}

/// The validator operator, owner of the [`NODE`] device.
pub fn operator() -> AccountId {
	account("Operator")
}

/// The meter of `device`.
pub fn meter_of(device: u64) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//meter/{device}"), None).expect("valid seed")
}

/// Sets the chain's clock, unix seconds.
pub fn set_time(time: UnixTime) {
	pallet_timestamp::Now::<Test>::put(time * 1_000);
}

/// `device`'s meter reading of `counter_wh` at `timestamp`, signed.
pub fn reading_of(device: u64, counter_wh: Wh, timestamp: UnixTime) -> SignedReading {
	let pair = meter_of(device);
	let reading = Reading { meter: pair.public().into(), counter_wh, timestamp };
	sign_reading(&pair, reading, &Meters::genesis_hash())
}

/// Submits `device`'s meter reading of `counter_wh` at `timestamp` (and the chain's time).
pub fn try_read(device: u64, counter_wh: Wh, timestamp: UnixTime) -> DispatchResult {
	set_time(timestamp);
	Meters::submit_reading(
		frame_system::RawOrigin::Authorized.into(),
		reading_of(device, counter_wh, timestamp),
	)
	.map(|_| ())
	.map_err(|error| error.error)
}

/// Submits `device`'s meter reading of `counter_wh` at `timestamp` (and the chain's time).
pub fn read(device: u64, counter_wh: Wh, timestamp: UnixTime) {
	try_read(device, counter_wh, timestamp).expect("a valid reading");
}

/// Runs the footprint hooks of one block at `time` that consumed `ref_time` of weight.
pub fn block(time: UnixTime, ref_time: u64) {
	let number = System::block_number() + 1;
	System::set_block_number(number);
	Footprint::on_initialize(number);
	set_time(time);
	frame_system::BlockWeight::<Test>::kill();
	System::register_extra_weight_unchecked(Weight::from_parts(ref_time, 0), DispatchClass::Normal);
	Footprint::on_finalize(number);
}

/// A claim for the chain's neutrality.
pub fn neutrality_claim() -> Claim<AccountId, Vec<u8>> {
	Claim {
		beneficiary: None,
		beneficiary_name: None,
		purpose: Purpose::ChainNeutrality,
		consumption_country: None,
		consumption_period: None,
		message: b"Origo offset".to_vec(),
	}
}

/// A declaration of a device in `DE`, commissioned a day before [`START`].
pub fn declaration(name: &[u8], capacity_w: u64, kind: DeviceKind) -> DeviceDeclaration<Vec<u8>> {
	DeviceDeclaration {
		name: name.to_vec(),
		technology: match kind {
			DeviceKind::Production => Technology::SolarPv,
			DeviceKind::Consumption => Technology::Other,
		},
		capacity_w,
		zone: Zone::from_code(b"DE").expect("valid zone"),
		commissioned: START - DAY,
		location: None,
		kind,
	}
}

/// Builds test state at [`START`] (block 1, no period open yet): an issuer for `DE`; [`PV`], a 5 MW
/// solar plant owned by [`producer`], and [`NODE`], a validator's 10 kW server owned by
/// [`operator`], both approved with a meter bound and a baseline reading of 0.
pub struct ExtBuilder {
	coefficients: crate::Coefficients,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			coefficients: crate::Coefficients {
				picojoules_per_ref_time: 25,
				idle_watts_per_validator: 60,
			},
		}
	}
}

impl ExtBuilder {
	/// Genesis with these model coefficients instead of 25 pJ / 60 W.
	pub fn coefficients(mut self, coefficients: crate::Coefficients) -> Self {
		self.coefficients = coefficients;
		self
	}

	/// The test state.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_footprint::GenesisConfig::<Test> {
			coefficients: self.coefficients,
			_config: Default::default(),
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
				b"DE registry".to_vec(),
				vec![Zone::from_code(b"DE").expect("valid zone")],
			)
			.unwrap();
			for (owner, device) in [
				(producer(), declaration(b"Solar park", 5_000_000, DeviceKind::Production)),
				(operator(), declaration(b"Validator 1", 10_000, DeviceKind::Consumption)),
			] {
				Meters::register_device(RuntimeOrigin::signed(owner.clone()), device).unwrap();
				let id = pallet_meters::NextDeviceId::<Test>::get() - 1;
				Meters::approve_device(RuntimeOrigin::signed(issuer()), id).unwrap();
				let proof = sign_binding(&meter_of(id), &Meters::genesis_hash(), id, &owner);
				Meters::bind_meter(
					RuntimeOrigin::signed(owner),
					id,
					meter_of(id).public().into(),
					proof,
				)
				.unwrap();
				if id == NODE {
					Footprint::recognise_node(RuntimeOrigin::root(), id).unwrap();
				}
				read(id, 0, START);
			}
			System::reset_events();
		});
		ext
	}

	/// Runs `test` in the built state, then checks the ledger's and the registry's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			crate::Pallet::<Test>::do_try_state().expect("ledger invariants hold after the test");
			Certificates::do_try_state().expect("certificate invariants hold after the test");
			Meters::do_try_state().expect("registry invariants hold after the test");
		});
	}
}

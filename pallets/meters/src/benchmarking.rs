//! Benchmarks of pallet-meters (v2), worst cases: full names and reasons, readings that hand
//! energy on, batches of readings from distinct meters. The readings' receivers do their
//! common case (production carried, no certificate issued); the calls charge the rest of a
//! receiver's worst case on top ([`Pallet::handover_margin`]).

use super::*;
use alloc::{vec, vec::Vec};
use codec::Compact;
use frame_benchmarking::v2::*;
use frame_support::traits::{Authorize, EnsureOrigin};
use frame_system::RawOrigin;
use origo_primitives::registry::{
	MeterKey, MeterSignature, P256Pair, Profile, Reading, SignedProfile, Technology,
};
use sp_core::{crypto::KeyTypeId, ecdsa, ed25519, sr25519};

/// The energy of a benchmark reading: 1 Wh, which any runtime whose quantum is above it
/// carries without issuing (the receivers' common case).
const READING_WH: Wh = 1;

/// The key type benchmark meter keys are generated under in the benchmark keystore.
const METER_KEY_TYPE: KeyTypeId = KeyTypeId(*b"mtr0");

fn zone(index: u32) -> Zone {
	let mut code = *b"Z0000000";
	code[1..].copy_from_slice(&alloc::format!("{index:07}").as_bytes()[..7]);
	Zone(code)
}

fn max_name<T: Config>() -> Vec<u8> {
	vec![b'n'; T::MaxNameLength::get() as usize]
}

fn appoint<T: Config>(zones: u32) -> T::AccountId {
	let issuer: T::AccountId = account("issuer", 0, 0);
	Pallet::<T>::do_appoint_issuer(issuer.clone(), max_name::<T>(), (0..zones).map(zone).collect())
		.expect("a fresh issuer with valid zones");
	issuer
}

/// A device in zone 0 with a capacity no benchmark reading exceeds.
fn declaration<T: Config>() -> DeviceDeclaration<Vec<u8>> {
	DeviceDeclaration {
		name: max_name::<T>(),
		technology: Technology::SolarPv,
		capacity_w: 1_000_000_000_000,
		zone: zone(0),
		commissioned: 0,
		location: Some(Location { latitude_microdeg: 1, longitude_microdeg: 1 }),
		kind: DeviceKind::Production,
	}
}

/// Registers a device of [`declaration`], funding its deposit.
fn register<T: Config>(owner: &T::AccountId) -> DeviceId {
	T::DeviceDeposit::ensure_successful(owner, Pallet::<T>::device_footprint());
	Pallet::<T>::do_register_device(owner.clone(), declaration::<T>())
		.expect("zone 0 has an issuer")
}

fn approved_device<T: Config>() -> (T::AccountId, DeviceId) {
	let issuer = appoint::<T>(1);
	let owner: T::AccountId = account("owner", 0, 0);
	let device = register::<T>(&owner);
	Pallet::<T>::do_approve_device(issuer, device).expect("pending device of its zone");
	(owner, device)
}

/// A benchmark meter of one scheme; sr25519, ed25519 and ecdsa keys live in the benchmark
/// keystore, P-256 keys are derived in the runtime (the keystore has no P-256).
#[derive(Clone)]
enum BenchMeter {
	Sr25519(sr25519::Public),
	Ed25519(ed25519::Public),
	Ecdsa(ecdsa::Public),
	P256(P256Pair),
}

/// The schemes meters sign in.
#[derive(Clone, Copy)]
enum Scheme {
	Sr25519,
	Ed25519,
	Ecdsa,
	P256,
}

impl BenchMeter {
	/// Meter `index` of `scheme`.
	fn new(scheme: Scheme, index: u32) -> Self {
		// Hard derivation: ed25519 and ecdsa have no soft one.
		let seed = alloc::format!("//meter//{index}").into_bytes();
		match scheme {
			Scheme::Sr25519 => {
				Self::Sr25519(sp_io::crypto::sr25519_generate(METER_KEY_TYPE, Some(seed)))
			},
			Scheme::Ed25519 => {
				Self::Ed25519(sp_io::crypto::ed25519_generate(METER_KEY_TYPE, Some(seed)))
			},
			Scheme::Ecdsa => Self::Ecdsa(sp_io::crypto::ecdsa_generate(METER_KEY_TYPE, Some(seed))),
			Scheme::P256 => Self::P256(P256Pair::from_phrase(&alloc::format!("//meter//{index}"))),
		}
	}

	fn key(&self) -> MeterKey {
		match self {
			Self::Sr25519(key) => MeterKey::Sr25519(*key),
			Self::Ed25519(key) => MeterKey::Ed25519(*key),
			Self::Ecdsa(key) => MeterKey::Ecdsa(*key),
			Self::P256(pair) => MeterKey::P256(pair.public()),
		}
	}

	fn sign(&self, payload: &[u8]) -> MeterSignature {
		const IN_KEYSTORE: &str = "the key is in the benchmark keystore";
		match self {
			Self::Sr25519(key) => {
				sp_io::crypto::sr25519_sign(METER_KEY_TYPE, key, payload).expect(IN_KEYSTORE).into()
			},
			Self::Ed25519(key) => {
				sp_io::crypto::ed25519_sign(METER_KEY_TYPE, key, payload).expect(IN_KEYSTORE).into()
			},
			Self::Ecdsa(key) => {
				sp_io::crypto::ecdsa_sign(METER_KEY_TYPE, key, payload).expect(IN_KEYSTORE).into()
			},
			Self::P256(pair) => pair.sign(payload).into(),
		}
	}

	/// Its reading of `counter_wh` at `timestamp`, signed for this chain.
	fn reading<T: Config>(&self, counter_wh: Wh, timestamp: u64) -> SignedReading {
		let reading = Reading { meter: self.key(), counter_wh, timestamp };
		let signature = self.sign(&reading.signing_payload(&Pallet::<T>::genesis_hash()));
		SignedReading { reading, signature }
	}

	/// Its profile of `intervals` 1-second intervals from `start`, each of [`READING_WH`],
	/// signed for this chain. (A second divides a day, and keeps a long profile within the
	/// benchmark chain's clock.)
	fn profile<T: Config>(&self, start: u64, intervals: u32) -> SignedProfile {
		let registers = (1..=u64::from(intervals)).map(|i| Compact(i * READING_WH)).collect();
		let profile = Profile { meter: self.key(), start, interval: 1, registers };
		let signature = self.sign(&profile.signing_payload(&Pallet::<T>::genesis_hash()));
		SignedProfile { profile, signature }
	}

	/// Its proof of possession for binding it to `device` of `owner`.
	fn proof<T: Config>(&self, device: DeviceId, owner: &T::AccountId) -> MeterSignature {
		self.sign(&binding_payload(&Pallet::<T>::genesis_hash(), device, owner))
	}
}

/// The second after `device`'s high-water mark: when its meter's next reading may be taken.
fn next_time<T: Config>(device: DeviceId) -> u64 {
	Devices::<T>::get(device).map_or(0, |device| device.certified_until) + 1
}

/// Binds meter `index` of `scheme` to `device` and gives it a baseline reading of 0 Wh just
/// after the device's certifiable start, so its next reading proves energy and is handed on.
fn bound_meter<T: Config>(
	owner: &T::AccountId,
	device: DeviceId,
	scheme: Scheme,
	index: u32,
) -> BenchMeter {
	let meter = BenchMeter::new(scheme, index);
	T::MeterDeposit::ensure_successful(owner, Pallet::<T>::meter_footprint());
	Pallet::<T>::do_bind_meter(owner.clone(), device, meter.key(), meter.proof::<T>(device, owner))
		.expect("an approved device without a meter");
	let baseline = meter.reading::<T>(0, next_time::<T>(device));
	Pallet::<T>::do_accept_reading(&baseline, &Pallet::<T>::reading_context())
		.expect("a valid baseline");
	meter
}

/// A new approved device of `owner` in zone 0.
fn another_approved_device<T: Config>(owner: &T::AccountId) -> DeviceId {
	let device = register::<T>(owner);
	Pallet::<T>::do_approve_device(account("issuer", 0, 0), device)
		.expect("pending device of its zone");
	device
}

/// A gateway batch of `n` profiles of `scheme` of one interval each, from `n` devices (so every
/// profile writes its own device and meter), the first with `extra` more intervals.
fn profile_batch<T: Config>(scheme: Scheme, n: u32, extra: u32) -> Vec<SignedProfile> {
	let (owner, _) = approved_device::<T>();
	(0..n)
		.map(|i| {
			let device = another_approved_device::<T>(&owner);
			let meter = bound_meter::<T>(&owner, device, scheme, i);
			meter.profile::<T>(next_time::<T>(device), 1 + if i == 0 { extra } else { 0 })
		})
		.collect()
}

/// Runs a batch of profiles and checks every one was accepted.
fn submit_profile_batch<T: Config>(profiles: Vec<SignedProfile>) {
	let count = profiles.len() as u32;
	let gateway: T::AccountId = whitelisted_caller();
	Pallet::<T>::submit_profiles(RawOrigin::Signed(gateway.clone()).into(), profiles)
		.expect("a valid batch");
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		Event::BatchProcessed { gateway, accepted: count, rejected: 0 },
	));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn appoint_issuer(z: Linear<1, { T::MaxZonesPerIssuer::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let issuer: T::AccountId = account("issuer", 1, 0);
		let zones: Vec<Zone> = (0..z).map(zone).collect();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone(), max_name::<T>(), zones);

		assert!(Issuers::<T>::contains_key(&issuer));
		Ok(())
	}

	/// Worst case: every zone has devices and another issuer, so every check reads and passes.
	#[benchmark]
	fn remove_issuer(z: Linear<1, { T::MaxZonesPerIssuer::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let issuer = appoint::<T>(z);
		let other: T::AccountId = account("issuer", 2, 0);
		Pallet::<T>::do_appoint_issuer(other, max_name::<T>(), (0..z).map(zone).collect())
			.expect("a second issuer of the same zones");
		let owner: T::AccountId = account("owner", 0, 0);
		for index in 0..z {
			let mut declaration = declaration::<T>();
			declaration.zone = zone(index);
			T::DeviceDeposit::ensure_successful(&owner, Pallet::<T>::device_footprint());
			Pallet::<T>::do_register_device(owner.clone(), declaration).expect("a known zone");
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone());

		assert!(!Issuers::<T>::contains_key(&issuer));
		Ok(())
	}

	#[benchmark]
	fn register_device() {
		appoint::<T>(1);
		let owner: T::AccountId = whitelisted_caller();
		let declaration = DeviceDeclaration {
			name: max_name::<T>(),
			technology: Technology::WindOffshore,
			capacity_w: 8_000_000,
			zone: zone(0),
			commissioned: 0,
			location: Some(Location { latitude_microdeg: 1, longitude_microdeg: 1 }),
			kind: DeviceKind::Production,
		};
		T::DeviceDeposit::ensure_successful(&owner, Pallet::<T>::device_footprint());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), declaration);

		assert!(Devices::<T>::contains_key(0));
	}

	/// A rejected device, whose deposit is released.
	#[benchmark]
	fn remove_device() {
		let issuer = appoint::<T>(1);
		let owner: T::AccountId = account("owner", 0, 0);
		let device = register::<T>(&owner);
		Pallet::<T>::do_reject_device(issuer, device, vec![]).expect("a pending device");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert!(!Devices::<T>::contains_key(device));
	}

	#[benchmark]
	fn approve_device() {
		let issuer = appoint::<T>(T::MaxZonesPerIssuer::get());
		let device = register::<T>(&account("owner", 0, 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), device);

		assert_eq!(Devices::<T>::get(device).map(|d| d.status), Some(DeviceStatus::Approved));
	}

	#[benchmark]
	fn reject_device() {
		let issuer = appoint::<T>(T::MaxZonesPerIssuer::get());
		let device = register::<T>(&account("owner", 0, 0));
		let reason = vec![b'r'; T::MaxReasonLength::get() as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), device, reason);

		assert_eq!(Devices::<T>::get(device).map(|d| d.status), Some(DeviceStatus::Rejected));
	}

	#[benchmark]
	fn suspend_device() {
		let (_, device) = approved_device::<T>();
		let issuer: T::AccountId = account("issuer", 0, 0);
		let reason = vec![b'r'; T::MaxReasonLength::get() as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), device, reason);

		assert_eq!(Devices::<T>::get(device).map(|d| d.status), Some(DeviceStatus::Suspended));
	}

	#[benchmark]
	fn reinstate_device() {
		let (_, device) = approved_device::<T>();
		let issuer: T::AccountId = account("issuer", 0, 0);
		Pallet::<T>::do_suspend_device(issuer.clone(), device, vec![]).expect("approved");

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), device);

		assert_eq!(Devices::<T>::get(device).map(|d| d.status), Some(DeviceStatus::Approved));
	}

	/// Worst case: the key was unbound from another device, so its record is read and kept, and
	/// it is a P-256 key, whose proof is the dearest to verify.
	#[benchmark]
	fn bind_meter() {
		let (owner, device) = approved_device::<T>();
		let other = register::<T>(&owner);
		let issuer: T::AccountId = account("issuer", 0, 0);
		Pallet::<T>::do_approve_device(issuer.clone(), other).expect("pending device of its zone");
		let meter = bound_meter::<T>(&owner, other, Scheme::P256, 0);
		let key = meter.key();
		Pallet::<T>::do_unbind_meter(issuer, key).expect("a bound meter of its zone");
		let proof = meter.proof::<T>(device, &owner);
		T::MeterDeposit::ensure_successful(&owner, Pallet::<T>::meter_footprint());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, key, proof);

		assert_eq!(Devices::<T>::get(device).and_then(|d| d.meter), Some(key));
	}

	#[benchmark]
	fn retire_meter() {
		let (owner, device) = approved_device::<T>();
		let key = bound_meter::<T>(&owner, device, Scheme::Sr25519, 0).key();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key);

		assert_eq!(Meters::<T>::get(&key).map(|m| m.status), Some(MeterStatus::Retired));
	}

	#[benchmark]
	fn unbind_meter() {
		let (owner, device) = approved_device::<T>();
		let key = bound_meter::<T>(&owner, device, Scheme::Sr25519, 0).key();
		let issuer: T::AccountId = account("issuer", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), key);

		assert_eq!(Meters::<T>::get(&key).map(|m| m.status), Some(MeterStatus::Unbound));
	}

	#[benchmark]
	fn reset_meter() {
		let (owner, device) = approved_device::<T>();
		let meter = bound_meter::<T>(&owner, device, Scheme::Sr25519, 0);
		let issuer: T::AccountId = account("issuer", 0, 0);
		let at = next_time::<T>(device);
		let reading = meter.reading::<T>(0, at);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), reading);

		assert_eq!(Devices::<T>::get(device).map(|d| d.certified_until), Some(at));
	}

	#[benchmark]
	fn set_feeless_interval() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 3_600);

		assert_eq!(FeelessInterval::<T>::get(), 3_600);
		Ok(())
	}

	#[benchmark]
	fn submit_reading() {
		let (owner, device) = approved_device::<T>();
		let meter = bound_meter::<T>(&owner, device, Scheme::Sr25519, 0);
		let reading = meter.reading::<T>(READING_WH, next_time::<T>(device));

		#[extrinsic_call]
		_(RawOrigin::Authorized, reading);

		assert_eq!(Devices::<T>::get(device).map(|d| d.verified_wh), Some(READING_WH));
	}

	#[benchmark]
	fn authorize_submit_reading() -> Result<(), BenchmarkError> {
		let (owner, device) = approved_device::<T>();
		let meter = bound_meter::<T>(&owner, device, Scheme::Sr25519, 0);
		// The interval's length does not change the check's cost; 1 s keeps the reading within
		// the benchmark chain's clock.
		FeelessInterval::<T>::put(1);
		let reading = meter.reading::<T>(READING_WH, next_time::<T>(device));
		let call = Call::<T>::submit_reading { reading };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_reading is authorized by its reading")?
				.map_err(|_| "the reading is valid")?;
		}

		Ok(())
	}

	#[benchmark]
	fn submit_readings(n: Linear<1, { T::MaxReadingsPerBatch::get() }>) {
		let (owner, _) = approved_device::<T>();
		let gateway: T::AccountId = whitelisted_caller();
		// One device per reading, so every reading writes its own device and meter.
		let readings: Vec<SignedReading> = (0..n)
			.map(|i| {
				let device = register::<T>(&owner);
				Pallet::<T>::do_approve_device(account("issuer", 0, 0), device)
					.expect("pending device of its zone");
				let meter = bound_meter::<T>(&owner, device, Scheme::Sr25519, i);
				meter.reading::<T>(READING_WH, next_time::<T>(device))
			})
			.collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), readings);

		assert_eq!(Devices::<T>::get(n as DeviceId).map(|d| d.verified_wh), Some(READING_WH));
	}

	/// A feeless profile of `i` intervals; its signature was verified by its authorization.
	#[benchmark]
	fn submit_profile(i: Linear<1, { T::MaxProfileIntervals::get() }>) {
		let (owner, device) = approved_device::<T>();
		let meter = bound_meter::<T>(&owner, device, Scheme::Sr25519, 0);
		let profile = meter.profile::<T>(next_time::<T>(device), i);

		#[extrinsic_call]
		_(RawOrigin::Authorized, profile);

		let expected = u64::from(i) * READING_WH;
		assert_eq!(Devices::<T>::get(device).map(|d| d.verified_wh), Some(expected));
	}

	/// The authorization of a feeless sr25519 profile of `i` intervals: every rule and its
	/// signature. Other schemes add what their signatures cost in `submit_profiles_*`.
	#[benchmark]
	fn authorize_submit_profile(
		i: Linear<1, { T::MaxProfileIntervals::get() }>,
	) -> Result<(), BenchmarkError> {
		let (owner, device) = approved_device::<T>();
		let meter = bound_meter::<T>(&owner, device, Scheme::Sr25519, 0);
		FeelessInterval::<T>::put(1);
		let profile = meter.profile::<T>(next_time::<T>(device), i);
		let call = Call::<T>::submit_profile { profile };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_profile is authorized by its profile")?
				.map_err(|_| "the profile is valid")?;
		}

		Ok(())
	}

	/// A gateway batch of `n` sr25519 profiles of one interval: the batch's and a profile's
	/// weight.
	#[benchmark]
	fn submit_profiles_sr25519(n: Linear<1, { T::MaxProfilesPerBatch::get() }>) {
		let profiles = profile_batch::<T>(Scheme::Sr25519, n, 0);

		#[block]
		{
			submit_profile_batch::<T>(profiles);
		}
	}

	/// A gateway batch of one sr25519 profile of `i` intervals: an interval's weight. (Measured
	/// apart from the profiles' count: a two-component fit of both in one benchmark confounds
	/// them.)
	#[benchmark]
	fn submit_profile_intervals(i: Linear<1, { T::MaxProfileIntervals::get() }>) {
		let profiles = profile_batch::<T>(Scheme::Sr25519, 1, i - 1);

		#[block]
		{
			submit_profile_batch::<T>(profiles);
		}
	}

	/// A gateway batch of `n` ed25519 profiles of one interval.
	#[benchmark]
	fn submit_profiles_ed25519(n: Linear<1, { T::MaxProfilesPerBatch::get() }>) {
		let profiles = profile_batch::<T>(Scheme::Ed25519, n, 0);

		#[block]
		{
			submit_profile_batch::<T>(profiles);
		}
	}

	/// A gateway batch of `n` ecdsa (secp256k1) profiles of one interval.
	#[benchmark]
	fn submit_profiles_ecdsa(n: Linear<1, { T::MaxProfilesPerBatch::get() }>) {
		let profiles = profile_batch::<T>(Scheme::Ecdsa, n, 0);

		#[block]
		{
			submit_profile_batch::<T>(profiles);
		}
	}

	/// A gateway batch of `n` P-256 profiles of one interval.
	#[benchmark]
	fn submit_profiles_p256(n: Linear<1, { T::MaxProfilesPerBatch::get() }>) {
		let profiles = profile_batch::<T>(Scheme::P256, n, 0);

		#[block]
		{
			submit_profile_batch::<T>(profiles);
		}
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}

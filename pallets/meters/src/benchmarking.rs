//! Benchmarks of pallet-meters (v2), worst cases: full names and reasons, readings that hand
//! energy on, batches of readings from distinct meters. The readings' receivers do their
//! common case (production carried, no certificate issued); the calls charge the rest of a
//! receiver's worst case on top ([`Pallet::handover_margin`]).

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{Authorize, EnsureOrigin};
use frame_system::RawOrigin;
use origo_primitives::registry::{MeterKey, Reading, Technology};
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::MultiSignature;

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

fn meter_key(index: u32) -> sr25519::Public {
	let seed = alloc::format!("//meter/{index}");
	sp_io::crypto::sr25519_generate(METER_KEY_TYPE, Some(seed.into_bytes()))
}

/// A reading of meter `key`, signed for this chain by the benchmark keystore.
fn sign<T: Config>(key: sr25519::Public, counter_wh: Wh, timestamp: u64) -> SignedReading {
	let reading = Reading { meter: MeterKey::from(key), counter_wh, timestamp };
	let payload = reading.signing_payload(&Pallet::<T>::genesis_hash());
	let signature = sp_io::crypto::sr25519_sign(METER_KEY_TYPE, &key, &payload)
		.expect("the key is in the benchmark keystore");
	SignedReading { reading, signature: MultiSignature::Sr25519(signature) }
}

/// Meter `key`'s proof of possession for binding it to `device` of `owner`.
fn proof<T: Config>(
	key: sr25519::Public,
	device: DeviceId,
	owner: &T::AccountId,
) -> MultiSignature {
	let payload = binding_payload(&Pallet::<T>::genesis_hash(), device, owner);
	let signature = sp_io::crypto::sr25519_sign(METER_KEY_TYPE, &key, &payload)
		.expect("the key is in the benchmark keystore");
	MultiSignature::Sr25519(signature)
}

/// The second after `device`'s high-water mark: when its meter's next reading may be taken.
fn next_time<T: Config>(device: DeviceId) -> u64 {
	Devices::<T>::get(device).map_or(0, |device| device.certified_until) + 1
}

/// Binds meter `index` to `device` and gives it a baseline reading just after the device's
/// certifiable start, so its next reading proves energy and is handed on.
fn bound_meter<T: Config>(owner: &T::AccountId, device: DeviceId, index: u32) -> sr25519::Public {
	let key = meter_key(index);
	T::MeterDeposit::ensure_successful(owner, Pallet::<T>::meter_footprint());
	Pallet::<T>::do_bind_meter(
		owner.clone(),
		device,
		MeterKey::from(key),
		proof::<T>(key, device, owner),
	)
	.expect("an approved device without a meter");
	let baseline = sign::<T>(key, 0, next_time::<T>(device));
	Pallet::<T>::do_accept_reading(&baseline, &Pallet::<T>::reading_context())
		.expect("a valid baseline");
	key
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

	/// Worst case: the key was unbound from another device, so its record is read and kept.
	#[benchmark]
	fn bind_meter() {
		let (owner, device) = approved_device::<T>();
		let other = register::<T>(&owner);
		let issuer: T::AccountId = account("issuer", 0, 0);
		Pallet::<T>::do_approve_device(issuer.clone(), other).expect("pending device of its zone");
		let raw = bound_meter::<T>(&owner, other, 0);
		let key = MeterKey::from(raw);
		Pallet::<T>::do_unbind_meter(issuer, key.clone()).expect("a bound meter of its zone");
		let proof = proof::<T>(raw, device, &owner);
		T::MeterDeposit::ensure_successful(&owner, Pallet::<T>::meter_footprint());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, key.clone(), proof);

		assert_eq!(Devices::<T>::get(device).and_then(|d| d.meter), Some(key));
	}

	#[benchmark]
	fn retire_meter() {
		let (owner, device) = approved_device::<T>();
		let key = MeterKey::from(bound_meter::<T>(&owner, device, 0));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key.clone());

		assert_eq!(Meters::<T>::get(&key).map(|m| m.status), Some(MeterStatus::Retired));
	}

	#[benchmark]
	fn unbind_meter() {
		let (owner, device) = approved_device::<T>();
		let key = MeterKey::from(bound_meter::<T>(&owner, device, 0));
		let issuer: T::AccountId = account("issuer", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), key.clone());

		assert_eq!(Meters::<T>::get(&key).map(|m| m.status), Some(MeterStatus::Unbound));
	}

	#[benchmark]
	fn reset_meter() {
		let (owner, device) = approved_device::<T>();
		let key = bound_meter::<T>(&owner, device, 0);
		let issuer: T::AccountId = account("issuer", 0, 0);
		let at = next_time::<T>(device);
		let reading = sign::<T>(key, 0, at);

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
		let key = bound_meter::<T>(&owner, device, 0);
		let reading = sign::<T>(key, READING_WH, next_time::<T>(device));

		#[extrinsic_call]
		_(RawOrigin::Authorized, reading);

		assert_eq!(Devices::<T>::get(device).map(|d| d.verified_wh), Some(READING_WH));
	}

	#[benchmark]
	fn authorize_submit_reading() -> Result<(), BenchmarkError> {
		let (owner, device) = approved_device::<T>();
		let key = bound_meter::<T>(&owner, device, 0);
		// The interval's length does not change the check's cost; 1 s keeps the reading within
		// the benchmark chain's clock.
		FeelessInterval::<T>::put(1);
		let reading = sign::<T>(key, READING_WH, next_time::<T>(device));
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
				let key = bound_meter::<T>(&owner, device, i);
				sign::<T>(key, READING_WH, next_time::<T>(device))
			})
			.collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), readings);

		assert_eq!(Devices::<T>::get(n as DeviceId).map(|d| d.verified_wh), Some(READING_WH));
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}

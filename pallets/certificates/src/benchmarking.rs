//! Benchmarks of pallet-certificates (v2), worst cases: new holdings and emptied ones (a deposit
//! held, another released), full emission-factor histories, the most batches and holdings a call
//! may touch.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{Consideration, EnsureOrigin};
use frame_system::RawOrigin;

/// The zone of the devices benchmarks create: the first of [`benchmark_zone`]'s.
pub const BENCHMARK_ZONE: Zone = Zone(*b"B0000000");

/// The `index`th zone benchmarks create, `B0000000` on.
pub fn benchmark_zone(index: u32) -> Zone {
	let mut code = *b"B0000000";
	code[1..].copy_from_slice(&alloc::format!("{:07}", index % 10_000_000).as_bytes()[..7]);
	Zone(code)
}

impl<T: Config> Pallet<T> {
	/// `count` batches, each of `wh` Wh, minted to `owner`, production starting now, one hour
	/// apart, so they are live whatever the chain's clock says. The worst case of every call
	/// that walks batches (security review M-5): each batch is of its own device, in its own
	/// zone (issuer `account("issuer", i, 0)`), with a full emission-factor history, so every
	/// item reads its own device, factors and zone totals.
	pub fn mint_for_benchmark(owner: &T::AccountId, count: u32, wh: Wh) -> Vec<BatchId> {
		let quantum = T::Quantum::get().max(1);
		let now = Self::now();
		(0..count)
			.map(|i| {
				let zone = benchmark_zone(i);
				let issuer: T::AccountId = frame_benchmarking::account("issuer", i, 0);
				let device = T::Devices::register_approved_device(
					owner,
					&issuer,
					zone,
					origo_primitives::registry::DeviceKind::Production,
				);
				for valid_from in 0..u64::from(T::MaxFactorHistory::get()) {
					Self::do_set_emission_factor(zone, valid_from, 400)
						.expect("increasing starts, within bounds");
				}
				DeviceBeneficiaries::<T>::insert(device, owner.clone());
				let id = NextBatchId::<T>::get();
				let hour = u64::from(i);
				Self::do_certify(VerifiedEnergy {
					device,
					from: now + hour * 3_600,
					to: now + (hour + 1) * 3_600,
					wh: wh.max(quantum) / quantum * quantum,
				});
				id
			})
			.collect()
	}

	/// `count` batches as [`Self::mint_for_benchmark`] makes them, minted to another account
	/// and sent whole to `holder`: each holding carries its sender's deposit, which emptying or
	/// pruning it releases (their worst case).
	pub fn receive_for_benchmark(holder: &T::AccountId, count: u32, wh: Wh) -> Vec<BatchId> {
		let minter: T::AccountId = frame_benchmarking::account("minter", 0, 0);
		let ids = Self::mint_for_benchmark(&minter, count, wh);
		for &id in &ids {
			T::HoldingDeposit::ensure_successful(&minter, Self::holding_footprint());
			let record = Batches::<T>::get(id).expect("just minted");
			let amount = Self::holding(&minter, id, &record);
			Self::move_holding(&minter, holder, id, amount).expect("the minter's live batch");
		}
		ids
	}
}

/// `count` batches of one quantum each, minted to `owner`, each of its own device and zone with
/// a full emission-factor history.
fn batches<T: Config>(owner: &T::AccountId, count: u32) -> Vec<BatchId> {
	Pallet::<T>::mint_for_benchmark(owner, count, whole::<T>())
}

/// `count` batches as [`batches`] makes them, received by `holder`: each holding carries its
/// sender's deposit, which emptying or pruning it releases.
fn received<T: Config>(holder: &T::AccountId, count: u32) -> Vec<BatchId> {
	Pallet::<T>::receive_for_benchmark(holder, count, whole::<T>())
}

/// What one batch of [`batches`] holds: whole quanta, at least the least transfer and
/// retirement.
fn whole<T: Config>() -> Wh {
	let quantum = T::Quantum::get().max(1);
	T::MinTransfer::get().max(T::MinRetirement::get()).max(1).div_ceil(quantum) * quantum
}

/// Funds `who` for `count` holding deposits.
fn fund_deposits<T: Config>(who: &T::AccountId, count: u32) {
	for _ in 0..count {
		T::HoldingDeposit::ensure_successful(who, Pallet::<T>::holding_footprint());
	}
}

/// A certifiable device of a whitelisted owner, and the chain's time.
fn certifying_device<T: Config>() -> (DeviceId, UnixTime) {
	let owner: T::AccountId = whitelisted_caller();
	let issuer: T::AccountId = account("issuer", 0, 0);
	let device = T::Devices::register_approved_device(
		&owner,
		&issuer,
		BENCHMARK_ZONE,
		origo_primitives::registry::DeviceKind::Production,
	);
	(device, T::UnixTime::now().as_secs())
}

/// The zone's emission-factor history, full but for one.
fn factors<T: Config>() {
	for i in 0..T::MaxFactorHistory::get().saturating_sub(1) {
		Pallet::<T>::do_set_emission_factor(BENCHMARK_ZONE, u64::from(i) + 1, 400)
			.expect("increasing starts, within bounds");
	}
}

/// The claim that costs the most: every text at its longest, the neutrality purpose.
pub(crate) fn max_claim<T: Config>(beneficiary: &T::AccountId) -> ClaimInputOf<T> {
	let text = vec![b't'; T::MaxTextLength::get() as usize];
	Claim {
		beneficiary: Some(beneficiary.clone()),
		beneficiary_name: Some(text.clone()),
		// The purpose that also tells the neutrality ledger: the heaviest.
		purpose: Purpose::ChainNeutrality,
		consumption_country: Some(BENCHMARK_ZONE),
		consumption_period: Some((0, 1)),
		message: text,
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Production that only adds to the device's carried Wh.
	#[benchmark]
	fn certify_carrying() {
		let (device, now) = certifying_device::<T>();
		Pallet::<T>::do_certify(VerifiedEnergy { device, from: now, to: now + 1, wh: 1 });
		let energy = VerifiedEnergy { device, from: now + 1, to: now + 2, wh: 1 };
		let issued;

		#[block]
		{
			issued = Pallet::<T>::do_certify(energy);
		}

		assert!(issued.is_none());
	}

	/// Production that completes a certificate: a batch and its holding are written.
	#[benchmark]
	fn certify_issuing() {
		let (device, now) = certifying_device::<T>();
		let quantum = T::Quantum::get().max(1);
		Pallet::<T>::do_certify(VerifiedEnergy { device, from: now, to: now + 1, wh: quantum - 1 });
		let energy = VerifiedEnergy { device, from: now + 1, to: now + 2, wh: 1 };
		let issued;

		#[block]
		{
			issued = Pallet::<T>::do_certify(energy);
		}

		assert!(issued.is_some());
	}

	/// The sender's holding is emptied and the recipient's opened.
	#[benchmark]
	fn transfer() {
		let owner: T::AccountId = whitelisted_caller();
		let batch = received::<T>(&owner, 1)[0];
		let to: T::AccountId = account("to", 0, 0);
		let wh = whole::<T>();
		fund_deposits::<T>(&owner, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), batch, to.clone(), wh);

		let record = Batches::<T>::get(batch).expect("minted");
		assert_eq!(Pallet::<T>::holding(&to, batch, &record), wh);
	}

	#[benchmark]
	fn transfer_many(n: Linear<1, { T::MaxBatchesPerCall::get() }>) {
		let owner: T::AccountId = whitelisted_caller();
		let wh = whole::<T>();
		let items: Vec<(BatchId, Wh)> =
			received::<T>(&owner, n).into_iter().map(|b| (b, wh)).collect();
		let to: T::AccountId = account("to", 0, 0);
		fund_deposits::<T>(&owner, n);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), to.clone(), items);

		assert!(Holdings::<T>::iter_prefix(&to).count() == n as usize);
	}

	/// `n` holdings sent whole, each opening the recipient's holding and emptying the sender's.
	#[benchmark]
	fn transfer_oldest(n: Linear<1, { T::MaxBatchesPerCall::get() }>) {
		let owner: T::AccountId = whitelisted_caller();
		received::<T>(&owner, n);
		let wh = whole::<T>() * u64::from(n);
		let to: T::AccountId = account("to", 0, 0);
		fund_deposits::<T>(&owner, n);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), to.clone(), wh);

		assert!(Holdings::<T>::iter_prefix(&to).count() == n as usize);
		assert!(Holdings::<T>::iter_prefix(&owner).next().is_none());
	}

	/// The whole holding: emptied, its deposit released.
	#[benchmark]
	fn retire() {
		let owner: T::AccountId = whitelisted_caller();
		let batch = received::<T>(&owner, 1)[0];

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), batch, whole::<T>(), max_claim::<T>(&owner));

		assert!(Retirements::<T>::contains_key(0));
	}

	#[benchmark]
	fn retire_oldest(n: Linear<1, { T::MaxBatchesPerCall::get() }>) {
		let owner: T::AccountId = whitelisted_caller();
		received::<T>(&owner, n);
		let wh = whole::<T>() * u64::from(n);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), wh, max_claim::<T>(&owner));

		assert_eq!(NextRetirementId::<T>::get(), u64::from(n));
	}

	/// The whole holding: the sender's emptied, the recipient's opened and emptied.
	#[benchmark]
	fn transfer_and_retire() {
		let owner: T::AccountId = whitelisted_caller();
		let batch = received::<T>(&owner, 1)[0];
		let to: T::AccountId = account("to", 0, 0);
		fund_deposits::<T>(&owner, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), batch, to.clone(), whole::<T>(), max_claim::<T>(&to));

		assert!(Retirements::<T>::contains_key(0));
	}

	/// Each holding of another expired batch of another device and zone, with a deposit: every
	/// item reads and writes its own batch record, device and zone totals, and releases a deposit.
	#[benchmark]
	fn prune(n: Linear<1, { T::MaxPrunedPerCall::get() }>) {
		let owner: T::AccountId = whitelisted_caller();
		let holdings: Vec<(T::AccountId, BatchId)> =
			received::<T>(&owner, n).into_iter().map(|batch| (owner.clone(), batch)).collect();
		// The chain's clock is at zero in benchmarks: move the batches' expiry there.
		for (_, batch) in &holdings {
			Batches::<T>::mutate(batch, |record| {
				if let Some(record) = record {
					record.expires_at = 0;
				}
			});
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), holdings);

		assert_eq!(Holdings::<T>::iter_prefix(&owner).count(), 0);
	}

	#[benchmark]
	fn revoke() {
		let owner: T::AccountId = whitelisted_caller();
		let batch = batches::<T>(&owner, 1)[0];
		let reason = vec![b'r'; T::MaxTextLength::get() as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(account("issuer", 0, 0)), batch, reason);

		assert!(Batches::<T>::get(batch).is_some_and(|record| record.revoked));
	}

	#[benchmark]
	fn set_emission_factor() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		factors::<T>();

		// Before every factor: every factor moves.
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, BENCHMARK_ZONE, 0, 400);

		assert_eq!(
			EmissionFactors::<T>::get(BENCHMARK_ZONE).len() as u32,
			T::MaxFactorHistory::get()
		);
		Ok(())
	}

	#[benchmark]
	fn remove_emission_factor() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		factors::<T>();

		// The oldest: every later factor moves.
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, BENCHMARK_ZONE, 1);

		assert_eq!(
			EmissionFactors::<T>::get(BENCHMARK_ZONE).len() as u32,
			T::MaxFactorHistory::get() - 2
		);
		Ok(())
	}

	#[benchmark]
	fn set_beneficiary() {
		let owner: T::AccountId = whitelisted_caller();
		let device = T::Devices::register_approved_device(
			&owner,
			&account("issuer", 0, 0),
			BENCHMARK_ZONE,
			origo_primitives::registry::DeviceKind::Production,
		);
		let beneficiary: T::AccountId = account("beneficiary", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, Some(beneficiary.clone()));

		assert_eq!(DeviceBeneficiaries::<T>::get(device), Some(beneficiary));
	}

	#[benchmark]
	fn void_carried() {
		let (device, now) = certifying_device::<T>();
		Pallet::<T>::do_certify(VerifiedEnergy { device, from: now, to: now + 1, wh: 1 });
		let issuer: T::AccountId = account("issuer", 0, 0);
		let reason = vec![b'r'; T::MaxTextLength::get() as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), device, reason);

		assert_eq!(DeviceLedgers::<T>::get(device).map(|ledger| ledger.voided), Some(1));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder.build(), crate::mock::Test);
}

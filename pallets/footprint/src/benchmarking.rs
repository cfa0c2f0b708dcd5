//! Benchmarks of pallet-footprint (v2), worst cases: a block that turns the chain neutral, a
//! period close that retires the most holdings the reserve may scan.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;

/// An open period that has ended by the chain's clock, with `metered_wh` consumed and not offset.
fn ended_period<T: Config>(metered_wh: Wh) -> PeriodId {
	let now = Pallet::<T>::now();
	let id = 0;
	Periods::<T>::insert(
		id,
		PeriodRecord {
			start: now.saturating_sub(T::PeriodLength::get()),
			end: now,
			metered_wh,
			..Default::default()
		},
	);
	NodeConsumption::<T>::insert(id, 0, metered_wh);
	NodeTotals::<T>::insert(0, metered_wh);
	StandingOf::<T>::mutate(|standing| standing.metered_wh = metered_wh);
	CurrentPeriod::<T>::put(id);
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_coefficients() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let coefficients = Coefficients {
			picojoules_per_ref_time: MAX_PICOJOULES_PER_REF_TIME,
			idle_watts_per_validator: MAX_IDLE_WATTS_PER_VALIDATOR,
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, coefficients);

		assert_eq!(ModelCoefficients::<T>::get(), coefficients);
		Ok(())
	}

	#[benchmark]
	fn recognise_node() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let device = T::Devices::register_approved_device(
			&account("operator", 0, 0),
			&account("issuer", 0, 0),
			origo_primitives::registry::Zone(*b"BENCH\0\0\0"),
			DeviceKind::Consumption,
		);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert!(ChainNodes::<T>::contains_key(device));
		Ok(())
	}

	#[benchmark]
	fn forget_node() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		ChainNodes::<T>::insert(7, ());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 7);

		assert!(!ChainNodes::<T>::contains_key(7));
		Ok(())
	}

	/// A node's metered consumption arriving in a new period: it opens the period.
	#[benchmark]
	fn note_consumption() {
		let energy = VerifiedEnergy { device: 0, from: 0, to: 1, wh: 1 };

		#[block]
		{
			Pallet::<T>::on_verified_energy(energy);
		}

		assert_eq!(NodeTotals::<T>::get(0), 1);
	}

	/// A block whose model energy is offset already, so the chain turns neutral: every write.
	#[benchmark]
	fn note_block() {
		ModelCoefficients::<T>::put(Coefficients {
			picojoules_per_ref_time: 1,
			idle_watts_per_validator: 1,
		});
		LastBlockTime::<T>::put(0);
		StandingOf::<T>::mutate(|standing| standing.offset_wh = Wh::MAX / 2);

		#[block]
		{
			Pallet::<T>::note_block();
		}

		assert!(StandingOf::<T>::get().neutral_since.is_some());
	}

	/// Closing a period whose deficit the reserve covers with `n` batches.
	#[benchmark]
	fn close_period(n: Linear<0, { T::Reserve::max_batches() }>) {
		let wh_per_batch: Wh = 1_000_000;
		T::Reserve::fund_for_benchmark(&T::ReserveAccount::get(), n, wh_per_batch);
		let period = ended_period::<T>(u64::from(n).max(1) * wh_per_batch);

		#[block]
		{
			Pallet::<T>::close_period_if_ended();
		}

		let record = Periods::<T>::get(period).expect("closed, not removed");
		assert!(record.closed);
		assert_eq!(record.reserve_wh, u64::from(n) * wh_per_batch);
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}

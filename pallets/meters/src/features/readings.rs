//! Readings: checked against the registry, recorded, and their energy handed on; feeless one
//! by one, or in paid gateway batches.

use crate::*;

/// Seconds in an hour: capacity (W) x seconds / 3600 = Wh.
const SECONDS_PER_HOUR: u128 = 3_600;

/// How many storage items a single reading's or profile's authorization and its dispatch both
/// read: the meter, its device, the genesis hash and the time. The dispatch reads them again from
/// the state cache rather than the database.
const READS_SHARED_WITH_AUTHORIZATION: u64 = 4;

/// A reading that passed every rule: its meter's and device's records as they were, and what it
/// proves.
pub struct CheckedReading<T: Config> {
	/// The meter's record before the reading.
	pub meter: Meter,
	/// The device's record before the reading.
	pub device: DeviceOf<T>,
	/// What the reading proves.
	pub energy: ReadingEnergy,
}

impl<T: Config> Pallet<T> {
	/// Sets the least time between two feeless readings of a meter.
	pub(crate) fn do_set_feeless_interval(seconds: u64) -> DispatchResult {
		FeelessInterval::<T>::put(seconds);
		Self::deposit_event(Event::FeelessIntervalSet { seconds });
		Ok(())
	}

	/// The most weight a reading's hand-over to its receiver may use; each reading is refunded
	/// what its receiver did not use.
	pub(crate) fn max_handover() -> Weight {
		T::OnProduction::max_weight().max(T::OnConsumption::max_weight())
	}

	/// What a reading may cost beyond its benchmark. The benchmarks' readings hand their energy
	/// to production's receiver in its common case (carried, no certificate issued), which is
	/// what most readings do; a reading is charged up to the most either receiver may use, and
	/// the refund brings it back to what it used. Charging the benchmarked common case plus this
	/// margin, rather than a benchmark of the worst case, counts the storage both pallets touch
	/// (the device) once, as the block really does.
	pub(crate) fn handover_margin() -> Weight {
		Self::max_handover().saturating_sub(T::OnProduction::min_weight())
	}

	/// The weight `submit_reading` is charged before its refund: its benchmark and hand-over
	/// margin, less what the rest of its transaction was charged and it does not cost
	/// ([`Self::authorization_overlap`]).
	pub(crate) fn submit_reading_weight() -> Weight {
		<T as Config>::WeightInfo::submit_reading()
			.saturating_add(Self::handover_margin())
			.saturating_sub(Self::authorization_overlap())
	}

	/// What a feeless reading's or profile's transaction is charged and its dispatch does not
	/// cost: the storage its authorization read moments before, and the base weight's sender
	/// signature check.
	pub(crate) fn authorization_overlap() -> Weight {
		T::DbWeight::get()
			.reads(READS_SHARED_WITH_AUTHORIZATION)
			.saturating_add(T::SenderSignatureCheck::get())
	}

	/// The weight `submit_readings` of `count` readings is charged before its refund.
	pub(crate) fn submit_readings_weight(count: u32) -> Weight {
		<T as Config>::WeightInfo::submit_readings(count)
			.saturating_add(Self::handover_margin().saturating_mul(count.into()))
	}

	/// What every reading of a call is checked against, read once per call; signatures not yet
	/// verified.
	pub fn reading_context() -> ReadingContext {
		ReadingContext {
			genesis_hash: Self::genesis_hash(),
			now: Self::now(),
			signature_verified: false,
		}
	}

	/// Checks a reading's time: after the meter's `last`, not beyond the chain's clock plus the
	/// drift, not before the device's high-water mark.
	pub(crate) fn check_time(
		timestamp: UnixTime,
		last: Option<LastReading>,
		device: &DeviceOf<T>,
		now: UnixTime,
	) -> Result<(), Error<T>> {
		ensure!(last.is_none_or(|last| timestamp > last.timestamp), Error::<T>::StaleReading);
		ensure!(
			timestamp <= now.saturating_add(T::MaxClockDrift::get()),
			Error::<T>::ReadingInFuture
		);
		ensure!(timestamp >= device.certified_until, Error::<T>::BackdatedReading);
		Ok(())
	}

	/// The energy between the meter's `last` reading and a register of `counter_wh` at
	/// `timestamp` (after it): the register may not go back, and the energy may not exceed the
	/// device's capacity x elapsed time x tolerance.
	pub(crate) fn interval_energy(
		last: LastReading,
		counter_wh: Wh,
		timestamp: UnixTime,
		device: &DeviceOf<T>,
	) -> Result<Wh, Error<T>> {
		let wh = counter_wh.checked_sub(last.counter_wh).ok_or(Error::<T>::CounterDecreased)?;
		// wh <= capacity_w x seconds / 3600 x tolerance / 100, in u128 so nothing overflows.
		let elapsed = u128::from(timestamp.saturating_sub(last.timestamp));
		let allowed = u128::from(device.declaration.capacity_w)
			* elapsed * u128::from(T::CapacityTolerancePercent::get());
		ensure!(u128::from(wh) * SECONDS_PER_HOUR * 100 <= allowed, Error::<T>::ImplausibleEnergy);
		Ok(wh)
	}

	/// Checks the device a reading or profile measures: approved, not suspended.
	pub(crate) fn check_device_approved(device: &DeviceOf<T>) -> Result<(), Error<T>> {
		match device.status {
			DeviceStatus::Approved => Ok(()),
			DeviceStatus::Suspended => Err(Error::<T>::DeviceSuspended),
			_ => Err(Error::<T>::DeviceNotApproved),
		}
	}

	/// Whether the energy's receiver takes energy of `device`.
	pub(crate) fn check_receiver(id: DeviceId, device: &DeviceOf<T>) -> DispatchResult {
		match device.declaration.kind {
			DeviceKind::Production => T::OnProduction::check_device(id),
			DeviceKind::Consumption => T::OnConsumption::check_device(id),
		}
	}

	/// Hands certifiable `energy` of `device` (of `kind`) to its receiver; returns the weight it
	/// used.
	pub(crate) fn hand_over(kind: DeviceKind, energy: VerifiedEnergy) -> Weight {
		match kind {
			DeviceKind::Production => T::OnProduction::on_verified_energy(energy),
			DeviceKind::Consumption => T::OnConsumption::on_verified_energy(energy),
		}
	}

	/// Checks `signed` against the registry without changing it: every reading rule, in the
	/// order of the crate docs.
	pub fn check_reading(
		signed: &SignedReading,
		context: &ReadingContext,
	) -> Result<CheckedReading<T>, DispatchError> {
		let reading = &signed.reading;
		let meter = Self::bound_meter(&reading.meter)?;
		let device = Devices::<T>::get(meter.device).ok_or(Error::<T>::UnknownDevice)?;
		Self::check_device_approved(&device)?;
		ensure!(
			context.signature_verified || signed.verify(&context.genesis_hash),
			Error::<T>::BadSignature
		);
		Self::check_time(reading.timestamp, meter.last, &device, context.now)?;
		Self::check_receiver(meter.device, &device)?;
		let Some(last) = meter.last else {
			return Ok(CheckedReading { meter, device, energy: ReadingEnergy::Baseline });
		};
		let wh = Self::interval_energy(last, reading.counter_wh, reading.timestamp, &device)?;
		let from = last.timestamp;
		let energy = if from >= device.certified_until {
			ensure!(device.verified_wh.checked_add(wh).is_some(), Error::<T>::EnergyOverflow);
			ReadingEnergy::Certifiable { from, wh }
		} else {
			ensure!(device.uncertified_wh.checked_add(wh).is_some(), Error::<T>::EnergyOverflow);
			ReadingEnergy::Uncertifiable { from, wh }
		};
		Ok(CheckedReading { meter, device, energy })
	}

	/// Checks and records one reading, and hands its certifiable energy on. Deposits no event
	/// for the reading: the caller reports it (singly) or the batch.
	pub fn do_accept_reading(
		signed: &SignedReading,
		context: &ReadingContext,
	) -> Result<AcceptedReading, DispatchError> {
		let CheckedReading { mut meter, mut device, energy } =
			Self::check_reading(signed, context)?;
		let reading = &signed.reading;
		meter.last =
			Some(LastReading { counter_wh: reading.counter_wh, timestamp: reading.timestamp });
		Meters::<T>::insert(&reading.meter, meter);
		device.certified_until = reading.timestamp;
		let mut handover = Weight::zero();
		// `check_reading` proved the totals do not overflow.
		match energy {
			ReadingEnergy::Baseline => {},
			ReadingEnergy::Certifiable { wh: 0, .. } => {},
			ReadingEnergy::Certifiable { from, wh } => {
				device.verified_wh = device.verified_wh.saturating_add(wh);
				let energy =
					VerifiedEnergy { device: meter.device, from, to: reading.timestamp, wh };
				handover = Self::hand_over(device.declaration.kind, energy);
			},
			ReadingEnergy::Uncertifiable { from, wh } => {
				device.uncertified_wh = device.uncertified_wh.saturating_add(wh);
				Self::deposit_event(Event::EnergyUncertified {
					device: meter.device,
					meter: reading.meter,
					from,
					to: reading.timestamp,
					wh,
				});
			},
		}
		Devices::<T>::insert(meter.device, device);
		let certified = matches!(energy, ReadingEnergy::Certifiable { .. });
		Ok(AcceptedReading { device: meter.device, wh: energy.wh(), certified, handover })
	}

	/// Accepts one feeless reading, whose authorization verified its signature.
	pub(crate) fn do_submit_reading(reading: SignedReading) -> DispatchResultWithPostInfo {
		// Only `authorize_reading` grants the `Authorized` origin, and it verified the signature.
		let context = ReadingContext { signature_verified: true, ..Self::reading_context() };
		let accepted = Self::do_accept_reading(&reading, &context)?;
		Self::deposit_event(Event::ReadingAccepted {
			meter: reading.reading.meter,
			device: accepted.device,
			counter_wh: reading.reading.counter_wh,
			timestamp: reading.reading.timestamp,
			wh: accepted.wh,
		});
		let refund = Self::max_handover().saturating_sub(accepted.handover);
		Ok(Some(Self::submit_reading_weight().saturating_sub(refund)).into())
	}

	/// Accepts or rejects each reading; returns the weight to refund: the hand-over weight the
	/// readings were charged and did not use.
	pub(crate) fn do_submit_readings(
		gateway: T::AccountId,
		readings: Vec<SignedReading>,
	) -> Result<Weight, DispatchError> {
		ensure!(!readings.is_empty(), Error::<T>::EmptyBatch);
		ensure!(
			readings.len() <= T::MaxReadingsPerBatch::get() as usize,
			Error::<T>::TooManyReadings
		);
		Ok(Self::process_batch(
			gateway,
			&readings,
			Self::do_accept_reading,
			|index, reading, error| Event::ReadingRejected {
				index,
				meter: reading.reading.meter,
				error,
			},
		))
	}

	/// Accepts or rejects each item of a gateway batch with `accept`, reporting each rejection
	/// with `rejected(index, item, why)` and the batch with `BatchProcessed`; returns the weight
	/// to refund: the hand-over weight the items were charged and did not use.
	pub(crate) fn process_batch<Item, Rejection>(
		gateway: T::AccountId,
		items: &[Item],
		accept: impl Fn(&Item, &ReadingContext) -> Result<AcceptedReading, Rejection>,
		rejected: impl Fn(u32, &Item, Rejection) -> Event<T>,
	) -> Weight {
		let mut accepted_count = 0u32;
		let mut rejected_count = 0u32;
		let mut refund = Weight::zero();
		let max_handover = Self::max_handover();
		let context = Self::reading_context();
		for (index, item) in items.iter().enumerate() {
			match accept(item, &context) {
				Ok(accepted) => {
					accepted_count += 1;
					refund = refund.saturating_add(max_handover.saturating_sub(accepted.handover));
				},
				Err(rejection) => {
					rejected_count += 1;
					refund = refund.saturating_add(max_handover);
					Self::deposit_event(rejected(index as u32, item, rejection));
				},
			}
		}
		Self::deposit_event(Event::BatchProcessed {
			gateway,
			accepted: accepted_count,
			rejected: rejected_count,
		});
		refund
	}

	/// The rules a feeless reading adds to a checked one: after its baseline, a meter's free
	/// readings prove energy and come at least [`FeelessInterval`] apart, so a device cannot
	/// fill blocks with free extrinsics.
	fn check_feeless(signed: &SignedReading, checked: &CheckedReading<T>) -> Result<(), Error<T>> {
		let Some(last) = checked.meter.last else { return Ok(()) };
		ensure!(checked.energy.wh() > 0, Error::<T>::NoEnergy);
		ensure!(
			signed.reading.timestamp >= last.timestamp.saturating_add(FeelessInterval::<T>::get()),
			Error::<T>::TooFrequent
		);
		Ok(())
	}

	/// Pool validation of a feeless reading: every reading rule and the feeless rules, then one
	/// pending reading per meter.
	pub(crate) fn authorize_reading(
		_source: TransactionSource,
		reading: &SignedReading,
	) -> sp_runtime::transaction_validity::TransactionValidityWithRefund {
		let refuse = |error: DispatchError| {
			TransactionValidityError::from(InvalidTransaction::Custom(reading_error_code::<T>(
				error,
			)))
		};
		let checked = Self::check_reading(reading, &Self::reading_context()).map_err(refuse)?;
		Self::check_feeless(reading, &checked).map_err(|error| refuse(error.into()))?;
		Ok((Self::feeless_validity(&reading.reading.meter)?, Weight::zero()))
	}

	/// The pool's validity of a feeless reading or profile of `meter`: one pending per meter,
	/// whichever it is.
	pub(crate) fn feeless_validity(
		meter: &MeterKey,
	) -> Result<ValidTransaction, TransactionValidityError> {
		ValidTransaction::with_tag_prefix("OrigoReading")
			.and_provides(meter)
			.longevity(16)
			.propagate(true)
			.build()
	}
}

/// The code of a reading error in a pool rejection (`InvalidTransaction::Custom`): its index in
/// [`Error`], so a client can name it. A refusal by the energy's receiver, another pallet's
/// error, is reported as [`Error::EnergyRefused`].
pub(crate) fn reading_error_code<T: Config>(error: DispatchError) -> u8 {
	let own_index = <Pallet<T> as frame_support::traits::PalletInfoAccess>::index() as u8;
	let module = |error: DispatchError| match error {
		DispatchError::Module(module) => Some(module),
		_ => None,
	};
	match module(error) {
		Some(module) if module.index == own_index => module.error[0],
		_ => module(Error::<T>::EnergyRefused.into()).map_or(u8::MAX, |module| module.error[0]),
	}
}

//! Load profiles: a meter's registers at the end of each of a run of intervals, signed once,
//! each interval checked by the reading rules; feeless one by one, or in paid gateway batches.
//! A profile hands its certifiable energy on as one `VerifiedEnergy`, so the receivers see it as
//! one long reading.

use super::readings::reading_error_code;
use crate::*;
use origo_primitives::registry::Profile;

/// A profile that passed every rule: its meter's and device's records as they were, and what it
/// proves.
pub struct CheckedProfile<T: Config> {
	/// The meter's record before the profile.
	pub meter: Meter,
	/// The device's record before the profile.
	pub device: DeviceOf<T>,
	/// The first interval's energy, when it starts before the device's high-water mark (after a
	/// suspension, a reset or a rebinding): recorded, not certified.
	pub uncertified: Option<VerifiedEnergy>,
	/// The certifiable energy: from the start of the first certifiable interval to the
	/// profile's end (none for a meter's first profile of one interval, its baseline).
	pub certified: Option<VerifiedEnergy>,
}

impl<T: Config> CheckedProfile<T> {
	/// All the energy the profile proves, Wh.
	pub fn wh(&self) -> Wh {
		let wh = |energy: &Option<VerifiedEnergy>| energy.map_or(0, |energy| energy.wh);
		wh(&self.uncertified).saturating_add(wh(&self.certified))
	}
}

/// A refusal of the profile as a whole.
fn whole(error: impl Into<DispatchError>) -> ProfileRejection {
	ProfileRejection { interval: None, error: error.into() }
}

impl<T: Config> Pallet<T> {
	/// The weight of one profile in a gateway batch beyond the batch's own, by its key's scheme:
	/// the slope of that scheme's benchmark.
	fn profile_weight(meter: &MeterKey) -> Weight {
		let slope = |weight: fn(u32) -> Weight| weight(1).saturating_sub(weight(0));
		match meter {
			MeterKey::Sr25519(_) => slope(<T as Config>::WeightInfo::submit_profiles_sr25519),
			MeterKey::Ed25519(_) => slope(<T as Config>::WeightInfo::submit_profiles_ed25519),
			MeterKey::Ecdsa(_) => slope(<T as Config>::WeightInfo::submit_profiles_ecdsa),
			MeterKey::P256(_) => slope(<T as Config>::WeightInfo::submit_profiles_p256),
		}
	}

	/// The weight of each interval of a profile beyond its first.
	fn interval_weight() -> Weight {
		<T as Config>::WeightInfo::submit_profile_intervals(2)
			.saturating_sub(<T as Config>::WeightInfo::submit_profile_intervals(1))
	}

	/// What verifying a signature of `meter`'s scheme costs beyond an sr25519 one (the scheme
	/// of the single-profile benchmarks).
	fn scheme_surcharge(meter: &MeterKey) -> Weight {
		let sr25519 = MeterKey::Sr25519(Default::default());
		Self::profile_weight(meter).saturating_sub(Self::profile_weight(&sr25519))
	}

	/// The weight `submit_profiles` is charged before its refund: the batch, each profile by its
	/// scheme and intervals, and each profile's hand-over margin.
	pub(crate) fn submit_profiles_weight(profiles: &[SignedProfile]) -> Weight {
		profiles.iter().fold(
			<T as Config>::WeightInfo::submit_profiles_sr25519(0),
			|weight, signed| {
				let extra_intervals = signed.profile.intervals().saturating_sub(1);
				weight
					.saturating_add(Self::profile_weight(&signed.profile.meter))
					.saturating_add(Self::interval_weight().saturating_mul(extra_intervals.into()))
					.saturating_add(Self::handover_margin())
			},
		)
	}

	/// The weight `submit_profile` of `intervals` intervals is charged before its refund: as a
	/// feeless reading's, less what its authorization read and its missing sender's signature.
	pub(crate) fn submit_profile_weight(intervals: u32) -> Weight {
		<T as Config>::WeightInfo::submit_profile(intervals)
			.saturating_add(Self::handover_margin())
			.saturating_sub(Self::authorization_overlap())
	}

	/// The weight of a profile's authorization: every rule and its signature, by its scheme.
	pub(crate) fn authorize_profile_weight(signed: &SignedProfile) -> Weight {
		<T as Config>::WeightInfo::authorize_submit_profile(signed.profile.intervals())
			.saturating_add(Self::scheme_surcharge(&signed.profile.meter))
	}

	/// Checks a profile's shape: at least one interval, at most `MaxProfileIntervals`, an
	/// interval length that divides a day.
	fn check_shape(profile: &Profile) -> Result<(), Error<T>> {
		ensure!(!profile.registers.is_empty(), Error::<T>::EmptyProfile);
		ensure!(profile.intervals() <= T::MaxProfileIntervals::get(), Error::<T>::TooManyIntervals);
		ensure!(profile.has_valid_interval(), Error::<T>::InvalidInterval);
		Ok(())
	}

	/// Checks `signed` against the registry without changing it: its shape, then the reading
	/// rules for its meter, device and signature, then for each interval in turn; the first
	/// broken rule refuses it whole, naming the interval.
	pub fn check_profile(
		signed: &SignedProfile,
		context: &ReadingContext,
	) -> Result<CheckedProfile<T>, ProfileRejection> {
		let profile = &signed.profile;
		Self::check_shape(profile).map_err(whole)?;
		let meter = Self::bound_meter(&profile.meter).map_err(whole)?;
		let id = meter.device;
		let device = Devices::<T>::get(id).ok_or(Error::<T>::UnknownDevice).map_err(whole)?;
		Self::check_device_approved(&device).map_err(whole)?;
		ensure!(
			context.signature_verified || signed.verify(&context.genesis_hash),
			whole(Error::<T>::BadSignature)
		);
		Self::check_receiver(id, &device).map_err(whole)?;
		let at = |index: usize| {
			move |error: Error<T>| ProfileRejection {
				interval: Some(index as u32),
				error: error.into(),
			}
		};
		// A profile that starts before the meter's last reading was replayed or overlaps one.
		ensure!(
			meter.last.is_none_or(|last| profile.start >= last.timestamp),
			at(0)(Error::<T>::StaleReading)
		);
		let mut previous = meter.last;
		let mut uncertified = None;
		let mut certified: Option<VerifiedEnergy> = None;
		for (index, (timestamp, counter_wh)) in profile.readings().enumerate() {
			Self::check_time(timestamp, previous, &device, context.now).map_err(at(index))?;
			if let Some(last) = previous {
				let wh = Self::interval_energy(last, counter_wh, timestamp, &device)
					.map_err(at(index))?;
				if last.timestamp >= device.certified_until {
					let energy = certified.get_or_insert(VerifiedEnergy {
						device: id,
						from: last.timestamp,
						to: timestamp,
						wh: 0,
					});
					energy.to = timestamp;
					// Registers are u64 and never go back, so their differences add up to at
					// most the last register.
					energy.wh = energy.wh.saturating_add(wh);
				} else {
					// Only the first interval can start before the mark: every later one starts
					// at an interval end, which `check_time` held at or after it.
					uncertified = Some(VerifiedEnergy {
						device: id,
						from: last.timestamp,
						to: timestamp,
						wh,
					});
				}
			}
			previous = Some(LastReading { counter_wh, timestamp });
		}
		let total = |energy: &Option<VerifiedEnergy>, sum: Wh| {
			energy.map_or(Some(sum), |energy| sum.checked_add(energy.wh))
		};
		ensure!(
			total(&certified, device.verified_wh).is_some()
				&& total(&uncertified, device.uncertified_wh).is_some(),
			whole(Error::<T>::EnergyOverflow)
		);
		Ok(CheckedProfile { meter, device, uncertified, certified })
	}

	/// Checks and records one profile: its meter's last reading becomes the profile's last
	/// register, its device's high-water mark the profile's end, and its certifiable energy is
	/// handed on as one `VerifiedEnergy`. Deposits no event for the profile: the caller reports
	/// it (singly) or the batch.
	pub fn do_accept_profile(
		signed: &SignedProfile,
		context: &ReadingContext,
	) -> Result<AcceptedReading, ProfileRejection> {
		let checked = Self::check_profile(signed, context)?;
		let wh = checked.wh();
		let CheckedProfile { mut meter, mut device, uncertified, certified } = checked;
		let profile = &signed.profile;
		let end = profile.end();
		// `check_shape` refused an empty profile.
		let last_register = profile.registers.last().map_or(0, |register| register.0);
		meter.last = Some(LastReading { counter_wh: last_register, timestamp: end });
		Meters::<T>::insert(&profile.meter, meter);
		device.certified_until = end;
		// `check_profile` proved the totals do not overflow.
		if let Some(energy) = uncertified {
			device.uncertified_wh = device.uncertified_wh.saturating_add(energy.wh);
			Self::deposit_event(Event::EnergyUncertified {
				device: energy.device,
				meter: profile.meter,
				from: energy.from,
				to: energy.to,
				wh: energy.wh,
			});
		}
		let mut handover = Weight::zero();
		let certified = certified.filter(|energy| energy.wh > 0);
		if let Some(energy) = certified {
			device.verified_wh = device.verified_wh.saturating_add(energy.wh);
			handover = Self::hand_over(device.declaration.kind, energy);
		}
		Devices::<T>::insert(meter.device, device);
		Ok(AcceptedReading { device: meter.device, wh, certified: certified.is_some(), handover })
	}

	/// Accepts one feeless profile, whose authorization verified its signature.
	pub(crate) fn do_submit_profile(signed: SignedProfile) -> DispatchResultWithPostInfo {
		// Only `authorize_profile` grants the `Authorized` origin, and it verified the signature.
		let context = ReadingContext { signature_verified: true, ..Self::reading_context() };
		let accepted =
			Self::do_accept_profile(&signed, &context).map_err(|rejection| rejection.error)?;
		let profile = signed.profile;
		Self::deposit_event(Event::ProfileAccepted {
			meter: profile.meter,
			device: accepted.device,
			start: profile.start,
			end: profile.end(),
			intervals: profile.intervals(),
			wh: accepted.wh,
		});
		let refund = Self::max_handover().saturating_sub(accepted.handover);
		Ok(Some(Self::submit_profile_weight(profile.intervals()).saturating_sub(refund)).into())
	}

	/// Accepts or rejects each profile; returns the weight to refund: the hand-over weight the
	/// profiles were charged and did not use.
	pub(crate) fn do_submit_profiles(
		gateway: T::AccountId,
		profiles: Vec<SignedProfile>,
	) -> Result<Weight, DispatchError> {
		ensure!(!profiles.is_empty(), Error::<T>::EmptyBatch);
		ensure!(
			profiles.len() <= T::MaxProfilesPerBatch::get() as usize,
			Error::<T>::TooManyProfiles
		);
		Ok(Self::process_batch(
			gateway,
			&profiles,
			Self::do_accept_profile,
			|index, signed, ProfileRejection { interval, error }| Event::ProfileRejected {
				index,
				meter: signed.profile.meter,
				interval,
				error,
			},
		))
	}

	/// The rules a feeless profile adds to a checked one, as a feeless reading's: after its
	/// meter's baseline, it proves energy and ends at least [`FeelessInterval`] after the
	/// meter's last reading.
	fn check_feeless_profile(
		signed: &SignedProfile,
		checked: &CheckedProfile<T>,
	) -> Result<(), Error<T>> {
		let Some(last) = checked.meter.last else { return Ok(()) };
		ensure!(checked.wh() > 0, Error::<T>::NoEnergy);
		ensure!(
			signed.profile.end() >= last.timestamp.saturating_add(FeelessInterval::<T>::get()),
			Error::<T>::TooFrequent
		);
		Ok(())
	}

	/// Pool validation of a feeless profile: its shape, every reading rule and the feeless
	/// rules, then one pending reading or profile per meter.
	pub(crate) fn authorize_profile(
		_source: TransactionSource,
		signed: &SignedProfile,
	) -> sp_runtime::transaction_validity::TransactionValidityWithRefund {
		let refuse = |error: DispatchError| {
			TransactionValidityError::from(InvalidTransaction::Custom(reading_error_code::<T>(
				error,
			)))
		};
		let checked = Self::check_profile(signed, &Self::reading_context())
			.map_err(|rejection| refuse(rejection.error))?;
		Self::check_feeless_profile(signed, &checked).map_err(|error| refuse(error.into()))?;
		Ok((Self::feeless_validity(&signed.profile.meter)?, Weight::zero()))
	}
}

//! Retirements: Wh retired once and forever for a claim, with the emissions they avoided.

use crate::*;

impl<T: Config> Pallet<T> {
	/// A retirement of `wh` Wh of `batch` by `holder` is at least `MinRetirement`, or all it
	/// holds of the batch unlisted.
	pub(crate) fn ensure_retirement_size(
		holder: &T::AccountId,
		batch: BatchId,
		wh: Wh,
	) -> DispatchResult {
		if wh.is_zero() || wh >= T::MinRetirement::get() {
			return Ok(());
		}
		let whole = Batches::<T>::get(batch)
			.is_some_and(|record| Self::unlisted(holder, batch, &record) == wh);
		ensure!(whole, Error::<T>::BelowMinimumRetirement);
		Ok(())
	}

	/// Checks a caller's claim and resolves its beneficiary: the retirer when none is named.
	pub(crate) fn resolve_claim(
		retirer: &T::AccountId,
		claim: ClaimInputOf<T>,
	) -> Result<ClaimOf<T>, DispatchError> {
		let claim: ClaimOf<T> =
			claim.try_map_text(|text| text.try_into().map_err(|_| Error::<T>::TextTooLong))?;
		ensure!(
			claim.consumption_country.as_ref().is_none_or(Zone::is_valid),
			Error::<T>::InvalidZone
		);
		ensure!(
			claim.consumption_period.is_none_or(|(start, end)| start <= end),
			Error::<T>::InvalidPeriod
		);
		let beneficiary = match (claim.beneficiary, &claim.beneficiary_name) {
			(None, None) => Some(retirer.clone()),
			(beneficiary, _) => beneficiary,
		};
		Ok(Claim { beneficiary, ..claim })
	}

	/// Tells the neutrality ledger of `wh` Wh retired for `purpose`, if it is the chain's
	/// neutrality. The reserve's own draws are not told: the ledger books what they return.
	pub(crate) fn tell_neutrality_ledger(purpose: Purpose, wh: Wh) {
		if purpose == Purpose::ChainNeutrality {
			T::OnNeutralityRetirement::on_neutrality_retirement(wh);
		}
	}

	/// `retirer` retires `wh` Wh of `batch` for `claim`.
	pub(crate) fn do_retire(
		retirer: &T::AccountId,
		batch: BatchId,
		wh: Wh,
		claim: ClaimInputOf<T>,
	) -> DispatchResult {
		let claim = Self::resolve_claim(retirer, claim)?;
		Self::ensure_retirement_size(retirer, batch, wh)?;
		let purpose = claim.purpose;
		Self::retire_holding(retirer, None, batch, wh, claim)?;
		Self::tell_neutrality_ledger(purpose, wh);
		Ok(())
	}

	/// `retirer` retires `wh` Wh across its live holdings, oldest production first.
	pub(crate) fn do_retire_oldest(
		retirer: &T::AccountId,
		wh: Wh,
		claim: ClaimInputOf<T>,
	) -> DispatchResult {
		let claim = Self::resolve_claim(retirer, claim)?;
		ensure!(wh.is_zero() || wh >= T::MinRetirement::get(), Error::<T>::BelowMinimumRetirement);
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		let (plan, remaining, more_holdings) = Self::oldest_holdings(retirer, wh, 0);
		ensure!(!(remaining > 0 && more_holdings), Error::<T>::TooManyBatches);
		ensure!(remaining.is_zero(), Error::<T>::InsufficientBalance);
		let purpose = claim.purpose;
		for (batch, take) in plan {
			Self::retire_holding(retirer, None, batch, take, claim.clone())?;
		}
		Self::tell_neutrality_ledger(purpose, wh);
		Ok(())
	}

	/// `from` sends `wh` Wh of `batch` to `to`, where they are retired for `claim`.
	pub(crate) fn do_transfer_and_retire(
		from: &T::AccountId,
		batch: BatchId,
		to: &T::AccountId,
		wh: Wh,
		claim: ClaimInputOf<T>,
	) -> DispatchResult {
		let claim = Self::resolve_claim(to, claim)?;
		Self::ensure_retirement_size(from, batch, wh)?;
		Self::move_holding(from, to, batch, wh)?;
		let purpose = claim.purpose;
		Self::retire_holding(to, Some(from), batch, wh, claim)?;
		Self::tell_neutrality_ledger(purpose, wh);
		Ok(())
	}

	/// Retires `wh` Wh of `retirer`'s holding of `batch` for a resolved `claim` and records the
	/// retirement: the one place a retirement is made.
	pub(crate) fn retire_holding(
		retirer: &T::AccountId,
		sent_by: Option<&T::AccountId>,
		batch: BatchId,
		wh: Wh,
		claim: ClaimOf<T>,
	) -> Result<RetirementId, DispatchError> {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		let mut record = Self::live_batch(batch)?;
		let rest = Self::holding_after_taking(retirer, batch, &record, wh)?;
		let id = NextRetirementId::<T>::get();
		let next_id = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let zone = Self::zone_of(&record)?;
		// g = Wh x g/kWh / 1000, in u128 so it cannot overflow before it saturates.
		let factor = Self::emission_factor_at(zone, record.production_start);
		let avoided_g_co2e =
			u64::try_from(u128::from(wh) * u128::from(factor) / 1_000).unwrap_or(u64::MAX);
		// The holding covered `wh`, and held >= every holding, so these cannot underflow.
		record.supply.held -= wh;
		record.supply.retired += wh;
		Self::set_holding(retirer, batch, &record, rest)?;
		ZoneTotalsOf::<T>::mutate(zone, |totals| {
			totals.retired = totals.retired.saturating_add(wh);
			totals.avoided_g_co2e = totals.avoided_g_co2e.saturating_add(avoided_g_co2e);
		});
		Batches::<T>::insert(batch, record);
		let beneficiary = claim.beneficiary.clone();
		let purpose = claim.purpose;
		Retirements::<T>::insert(
			id,
			Retirement {
				retirer: retirer.clone(),
				sent_by: sent_by.cloned(),
				batch,
				wh,
				claim,
				block: frame_system::Pallet::<T>::block_number(),
				time: Self::now(),
				avoided_g_co2e,
			},
		);
		BatchRetirements::<T>::insert(batch, id, ());
		if let Some(account) = &beneficiary {
			BeneficiaryRetirements::<T>::insert(account, id, ());
		}
		NextRetirementId::<T>::put(next_id);
		Self::deposit_event(Event::Retired {
			retirement: id,
			batch,
			retirer: retirer.clone(),
			beneficiary,
			wh,
			purpose,
			avoided_g_co2e,
		});
		Ok(id)
	}
}

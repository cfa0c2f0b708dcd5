//! Escrow for the market: holders' listed certificates, which only the market unlists or
//! delivers to a buyer (or retires for the buyer's claim).

use crate::*;

impl<T: Config> Pallet<T> {
	/// `who` lists `wh` Wh of its unlisted holding of live `batch`.
	pub(crate) fn do_list(who: &T::AccountId, batch: BatchId, wh: Wh) -> DispatchResult {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		let record = Self::live_batch(batch)?;
		Self::holding_after_taking(who, batch, &record, wh)?;
		// The holding covers its listed Wh and these, so the sum cannot overflow.
		let listed = Self::listed(who, batch, &record) + wh;
		Listed::<T>::insert(who, holding_key(record.production_start, batch), listed);
		Ok(())
	}

	/// Returns `wh` of `who`'s listed Wh of `batch`, live or not, to its unlisted holding.
	pub(crate) fn do_unlist(who: &T::AccountId, batch: BatchId, wh: Wh) -> DispatchResult {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		let record = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
		let rest =
			Self::listed(who, batch, &record).checked_sub(wh).ok_or(Error::<T>::NotListed)?;
		let key = holding_key(record.production_start, batch);
		if rest.is_zero() {
			Listed::<T>::remove(who, key);
		} else {
			Listed::<T>::insert(who, key, rest);
		}
		Ok(())
	}

	/// Delivers `wh` of `seller`'s listed Wh of live `batch` to `buyer`, retired there for
	/// `claim` if one is given; returns the retirement.
	pub(crate) fn do_deliver(
		seller: &T::AccountId,
		buyer: &T::AccountId,
		batch: BatchId,
		wh: Wh,
		claim: Option<ClaimOf<T>>,
	) -> Result<Option<RetirementId>, DispatchError> {
		Self::live_batch(batch)?;
		Self::do_unlist(seller, batch, wh)?;
		Self::move_holding(seller, buyer, batch, wh)?;
		let Some(claim) = claim else { return Ok(None) };
		let purpose = claim.purpose;
		let retirement = Self::retire_holding(buyer, Some(seller), batch, wh, claim)?;
		Self::tell_neutrality_ledger(purpose, wh);
		Ok(Some(retirement))
	}
}

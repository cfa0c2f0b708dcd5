//! Holdings: what each account holds of each batch, and the deposits of the holdings that
//! transfers open.

use crate::*;

impl<T: Config> Pallet<T> {
	/// What `who` holds of batch `id` (whose record is `record`).
	pub fn holding(who: &T::AccountId, id: BatchId, record: &Batch) -> Wh {
		Holdings::<T>::get(who, holding_key(record.production_start, id)).unwrap_or(0)
	}

	/// What `who` listed for sale of batch `id` (whose record is `record`).
	pub fn listed(who: &T::AccountId, id: BatchId, record: &Batch) -> Wh {
		Listed::<T>::get(who, holding_key(record.production_start, id)).unwrap_or(0)
	}

	/// What `who` holds of batch `id` and may transfer, retire or prune: its holding less what
	/// it listed.
	pub fn unlisted(who: &T::AccountId, id: BatchId, record: &Batch) -> Wh {
		Self::holding(who, id, record).saturating_sub(Self::listed(who, id, record))
	}

	/// What `who`'s holding of batch `id` keeps once `wh` unlisted Wh leave it, or why they
	/// cannot: it holds less (`InsufficientBalance`), or listed the difference (`ListedForSale`).
	pub(crate) fn holding_after_taking(
		who: &T::AccountId,
		id: BatchId,
		record: &Batch,
		wh: Wh,
	) -> Result<Wh, DispatchError> {
		let rest = Self::holding(who, id, record)
			.checked_sub(wh)
			.ok_or(Error::<T>::InsufficientBalance)?;
		ensure!(rest >= Self::listed(who, id, record), Error::<T>::ListedForSale);
		Ok(rest)
	}

	/// What a holding takes of state: its amount, keyed by holder and batch, and its deposit's
	/// record.
	pub fn holding_footprint() -> Footprint {
		Footprint::from_mel::<(T::AccountId, [u8; 16], Wh, T::AccountId, T::HoldingDeposit)>()
	}

	/// Sets what `who` holds of batch `id`; a zero holding is removed, and its deposit released
	/// to whoever paid it.
	pub(crate) fn set_holding(
		who: &T::AccountId,
		id: BatchId,
		record: &Batch,
		wh: Wh,
	) -> DispatchResult {
		let key = holding_key(record.production_start, id);
		if wh.is_zero() {
			Holdings::<T>::remove(who, key);
			if let Some((depositor, deposit)) = HoldingDeposits::<T>::take(who, key) {
				deposit.drop(&depositor)?;
			}
		} else {
			Holdings::<T>::insert(who, key, wh);
		}
		Ok(())
	}

	/// The live unlisted holdings of `holder` of at least `least` Wh that cover `wh`, oldest production
	/// first, scanning at most `MaxBatchesPerCall` holdings (skipped ones are counted, so the
	/// scan stays within a call's weight): `(batch, Wh)`, the Wh they leave uncovered, and
	/// whether holdings beyond the scan were left unseen. The one planner of `retire_oldest` and
	/// `transfer_oldest`: holdings of expired or revoked batches are never planned.
	pub(crate) fn oldest_holdings(
		holder: &T::AccountId,
		wh: Wh,
		least: Wh,
	) -> (Vec<(BatchId, Wh)>, Wh, bool) {
		let now = Self::now();
		let mut remaining = wh;
		let mut plan = Vec::new();
		let mut scan = Holdings::<T>::iter_prefix(holder);
		for (key, held) in scan.by_ref().take(T::MaxBatchesPerCall::get() as usize) {
			let batch = batch_of_holding_key(&key);
			let unlisted = held.saturating_sub(Listed::<T>::get(holder, key).unwrap_or(0));
			if unlisted < least
				|| unlisted.is_zero()
				|| !Batches::<T>::get(batch).is_some_and(|record| record.is_live(now))
			{
				continue;
			}
			let take = unlisted.min(remaining);
			plan.push((batch, take));
			remaining -= take;
			if remaining.is_zero() {
				return (plan, remaining, false);
			}
		}
		let more_holdings = scan.next().is_some();
		(plan, remaining, more_holdings)
	}
}

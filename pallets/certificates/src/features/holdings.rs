//! Holdings: what each account holds of each batch, and the deposits of the holdings that
//! transfers open.

use crate::*;

impl<T: Config> Pallet<T> {
	/// What `who` holds of batch `id` (whose record is `record`).
	pub fn holding(who: &T::AccountId, id: BatchId, record: &Batch) -> Wh {
		Holdings::<T>::get(who, holding_key(record.production_start, id)).unwrap_or(0)
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

	/// The live holdings of `holder` of at least `least` Wh that cover `wh`, oldest production
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
			if held < least || !Batches::<T>::get(batch).is_some_and(|record| record.is_live(now)) {
				continue;
			}
			let take = held.min(remaining);
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

//! Transfers: holders send Wh of live batches to other accounts.

use crate::*;

impl<T: Config> Pallet<T> {
	/// `from` sends several `(batch, Wh)` amounts to `to`, each at least `MinTransfer`.
	pub(crate) fn do_transfer_many(
		from: &T::AccountId,
		to: &T::AccountId,
		items: Vec<(BatchId, Wh)>,
	) -> DispatchResult {
		ensure!(!items.is_empty(), Error::<T>::NoBatches);
		ensure!(items.len() <= T::MaxBatchesPerCall::get() as usize, Error::<T>::TooManyBatches);
		for (batch, wh) in items {
			Self::do_transfer(from, to, batch, wh)?;
		}
		Ok(())
	}

	/// `from` sends `wh` Wh to `to` from its live holdings, oldest production first, as
	/// `retire_oldest` retires them. Each part sent is at least `MinTransfer`: holdings below it
	/// are skipped, and a last part below it is refused (`BelowMinimumTransfer`).
	pub(crate) fn do_transfer_oldest(
		from: &T::AccountId,
		to: &T::AccountId,
		wh: Wh,
	) -> DispatchResult {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::TransferToSelf);
		let least = T::MinTransfer::get();
		let (plan, remaining, more_holdings) = Self::oldest_holdings(from, wh, least);
		ensure!(!(remaining > 0 && more_holdings), Error::<T>::TooManyBatches);
		ensure!(remaining.is_zero(), Error::<T>::InsufficientBalance);
		for (batch, take) in plan {
			Self::do_transfer(from, to, batch, take)?;
		}
		Ok(())
	}

	/// A transfer that leaves the Wh with `to`: at least `MinTransfer` of them.
	pub(crate) fn do_transfer(
		from: &T::AccountId,
		to: &T::AccountId,
		batch: BatchId,
		wh: Wh,
	) -> DispatchResult {
		ensure!(wh.is_zero() || wh >= T::MinTransfer::get(), Error::<T>::BelowMinimumTransfer);
		Self::move_holding(from, to, batch, wh)
	}

	/// Moves `wh` Wh of `batch` from `from` to `to`, opening `to`'s holding against `from`'s
	/// deposit: the one place certificates change hands.
	pub(crate) fn move_holding(
		from: &T::AccountId,
		to: &T::AccountId,
		batch: BatchId,
		wh: Wh,
	) -> DispatchResult {
		ensure!(!wh.is_zero(), Error::<T>::ZeroAmount);
		ensure!(from != to, Error::<T>::TransferToSelf);
		let record = Self::live_batch(batch)?;
		let rest = Self::holding_after_taking(from, batch, &record, wh)?;
		let before = Self::holding(to, batch, &record);
		let received = before.checked_add(wh).ok_or(ArithmeticError::Overflow)?;
		Self::set_holding(from, batch, &record, rest)?;
		Self::set_holding(to, batch, &record, received)?;
		if before.is_zero() {
			let deposit = T::HoldingDeposit::new(from, Self::holding_footprint())?;
			let key = holding_key(record.production_start, batch);
			HoldingDeposits::<T>::insert(to, key, (from.clone(), deposit));
		}
		Self::deposit_event(Event::Transferred { batch, from: from.clone(), to: to.clone(), wh });
		Ok(())
	}
}

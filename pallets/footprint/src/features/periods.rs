//! Accounting periods: consumption and offsets counted per period; a period's close draws on
//! the neutrality reserve for its deficit.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Opens period `id` for the current time.
	pub(crate) fn open_new_period(id: PeriodId) -> PeriodRecord {
		let length = T::PeriodLength::get().max(1);
		let start = Self::now() / length * length;
		let record =
			PeriodRecord { start, end: start.saturating_add(length), ..Default::default() };
		Periods::<T>::insert(id, record);
		CurrentPeriod::<T>::put(id);
		Self::deposit_event(Event::PeriodOpened { period: id, start, end: record.end });
		record
	}

	/// The open period, opening one for the current time if none is.
	pub(crate) fn open_period() -> (PeriodId, PeriodRecord) {
		let current = CurrentPeriod::<T>::get();
		match current.and_then(|id| Periods::<T>::get(id).filter(|r| !r.closed).map(|r| (id, r))) {
			Some(open) => open,
			None => {
				let id = current.map_or(0, |previous| previous.saturating_add(1));
				(id, Self::open_new_period(id))
			},
		}
	}

	/// Applies `change` to the open period.
	pub(crate) fn mutate_open_period(change: impl FnOnce(&mut PeriodRecord)) -> PeriodId {
		let (id, mut record) = Self::open_period();
		change(&mut record);
		Periods::<T>::insert(id, record);
		id
	}

	/// Offsets since genesis minus everything accounted for, the open period included.
	pub(crate) fn balance(standing: &Standing) -> i128 {
		let open = CurrentPeriod::<T>::get()
			.and_then(Periods::<T>::get)
			.filter(|record| !record.closed)
			.map_or(0, |record| record.accounted_wh());
		i128::from(standing.offset_wh) - i128::from(standing.accounted_closed_wh) - i128::from(open)
	}

	/// Closes the open period if the chain's time (the previous block's, in `on_initialize`)
	/// passed its end: retires the deficit from the reserve and opens the next period. A draw
	/// takes at most [`NeutralityReserve::max_batches`] holdings; while the reserve holds more
	/// than it reached and the deficit is not covered, the period stays open and the next block
	/// draws again (security review M-3: dust sent to the reserve only delays the close, it
	/// never makes it record a shortfall the reserve covers). Returns, if a period ended,
	/// whether the reserve was drawn on.
	pub(crate) fn close_period_if_ended() -> Option<bool> {
		let now = Self::now();
		let id = CurrentPeriod::<T>::get()?;
		let record = Periods::<T>::get(id)?;
		if now < record.end {
			return None;
		}
		let standing = StandingOf::<T>::get();
		let accounted_closed_wh =
			standing.accounted_closed_wh.saturating_add(record.accounted_wh());
		let balance = i128::from(standing.offset_wh) - i128::from(accounted_closed_wh);
		let deficit = Wh::try_from((-balance).max(0)).unwrap_or(Wh::MAX);
		// The reserve's retirements do not report back (`NeutralityReserve`): they are booked
		// here, as the period's offsets and as drawn from the reserve.
		let draw = if deficit > 0 {
			T::Reserve::retire_for_neutrality(
				&T::ReserveAccount::get(),
				deficit,
				(record.start, record.end),
			)
		} else {
			Default::default()
		};
		let retired = draw.retired;
		let mut record = record;
		record.offset_wh = record.offset_wh.saturating_add(retired);
		record.reserve_wh = record.reserve_wh.saturating_add(retired);
		StandingOf::<T>::mutate(|standing| {
			standing.offset_wh = standing.offset_wh.saturating_add(retired);
			standing.reserve_wh = standing.reserve_wh.saturating_add(retired);
		});
		if retired < deficit && draw.more_holdings {
			Periods::<T>::insert(id, record);
			Self::deposit_event(Event::ReserveDrawnInPart {
				period: id,
				reserve_wh: record.reserve_wh,
				deficit_wh: deficit - retired,
			});
			return Some(true);
		}
		StandingOf::<T>::mutate(|standing| standing.accounted_closed_wh = accounted_closed_wh);
		record.shortfall_wh = deficit.saturating_sub(retired);
		record.surplus_wh = Wh::try_from(balance.max(0)).unwrap_or(Wh::MAX);
		record.closed = true;
		Periods::<T>::insert(id, record);
		Self::deposit_event(Event::PeriodClosed {
			period: id,
			metered_wh: record.metered_wh,
			modelled_wh: record.modelled_wh(),
			offset_wh: record.offset_wh,
			reserve_wh: record.reserve_wh,
			shortfall_wh: record.shortfall_wh,
			surplus_wh: record.surplus_wh,
		});
		// Open the next period now, so that this block's reports land in it.
		Self::open_new_period(id.saturating_add(1));
		Some(deficit > 0)
	}
}

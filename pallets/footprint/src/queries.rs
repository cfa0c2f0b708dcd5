//! The ledger's queries, for the runtime API: lists page, at most [`MAX_PAGE`] a page.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The chain's neutrality now (runtime API).
	pub fn neutrality_status() -> NeutralityStatus<T::AccountId> {
		let standing = StandingOf::<T>::get();
		let balance = Self::balance(&standing);
		let current = CurrentPeriod::<T>::get()
			.and_then(|id| Periods::<T>::get(id).map(|record| (id, record)));
		let open_accounted = current
			.filter(|(_, record)| !record.closed)
			.map_or(0, |(_, record)| record.accounted_wh());
		NeutralityStatus {
			neutral: balance >= 0,
			neutral_since: standing.neutral_since.filter(|_| balance >= 0),
			deficit_wh: Wh::try_from((-balance).max(0)).unwrap_or(Wh::MAX),
			surplus_wh: Wh::try_from(balance.max(0)).unwrap_or(Wh::MAX),
			accounted_wh: standing.accounted_closed_wh.saturating_add(open_accounted),
			metered_wh: standing.metered_wh,
			modelled_mj: standing.modelled_mj,
			offset_wh: standing.offset_wh,
			reserve_wh: standing.reserve_wh,
			current,
			coefficients: ModelCoefficients::<T>::get(),
			reserve: T::ReserveAccount::get(),
		}
	}

	/// A page of periods after `start_after`, oldest first (runtime API).
	pub fn period_history(
		start_after: Option<PeriodId>,
		limit: u32,
	) -> Vec<(PeriodId, PeriodRecord)> {
		let first = start_after.map_or(Some(0), |last| last.checked_add(1));
		let Some(first) = first else { return Vec::new() };
		let Some(current) = CurrentPeriod::<T>::get() else { return Vec::new() };
		(first..=current)
			.take(limit.min(MAX_PAGE) as usize)
			.filter_map(|id| Periods::<T>::get(id).map(|record| (id, record)))
			.collect()
	}

	/// A page of the nodes' metered consumption in `period` after device `start_after`
	/// (runtime API).
	pub fn node_consumption(
		period: PeriodId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Vec<(DeviceId, Wh)> {
		let devices: Vec<DeviceId> = origo_primitives::key_page!(
			NodeConsumption<T>,
			period,
			start_after,
			limit.min(MAX_PAGE)
		);
		devices
			.into_iter()
			.map(|device| (device, NodeConsumption::<T>::get(period, device)))
			.collect()
	}
}

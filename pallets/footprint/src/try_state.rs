//! The ledger's invariants, checked after every unit test and by `try-runtime`.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the ledger's invariants: the standing is the sum of the periods, each period's
	/// metered consumption the sum of its nodes', every node's total the sum of its periods',
	/// and only the current period is open.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let standing = StandingOf::<T>::get();
		let current = CurrentPeriod::<T>::get();
		let (mut metered, mut modelled, mut offset, mut reserve, mut accounted_closed) =
			(0u128, 0u128, 0u128, 0u128, 0u128);
		for (id, record) in Periods::<T>::iter() {
			ensure!(
				record.closed != (Some(id) == current),
				"a period other than the current one is open, or the current one is closed"
			);
			let nodes: u128 = NodeConsumption::<T>::iter_prefix_values(id).map(u128::from).sum();
			ensure!(nodes == u128::from(record.metered_wh), "a period's nodes do not add up");
			ensure!(record.reserve_wh <= record.offset_wh, "reserve retired more than offsets");
			metered += u128::from(record.metered_wh);
			modelled += u128::from(record.modelled_mj);
			offset += u128::from(record.offset_wh);
			reserve += u128::from(record.reserve_wh);
			if record.closed {
				accounted_closed += u128::from(record.accounted_wh());
			}
		}
		ensure!(
			(metered, modelled, offset, reserve, accounted_closed)
				== (
					u128::from(standing.metered_wh),
					u128::from(standing.modelled_mj),
					u128::from(standing.offset_wh),
					u128::from(standing.reserve_wh),
					u128::from(standing.accounted_closed_wh)
				),
			"the standing is not the sum of the periods"
		);
		ensure!(
			ChainNodes::<T>::iter_keys()
				.all(|device| T::Devices::device_kind(device) == Some(DeviceKind::Consumption)),
			"a chain node is not a consumption device"
		);
		let node_totals: u128 = NodeTotals::<T>::iter_values().map(u128::from).sum();
		ensure!(node_totals == metered, "the nodes' totals do not add up to the metered total");
		Ok(())
	}
}

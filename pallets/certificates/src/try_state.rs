//! The registry's invariants, checked after every unit test and by `try-runtime`.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks the registry's invariants: supply conserved per batch, holdings sum to it, no
	/// listing above its holding, retirements sum to its retired Wh, periods not inverted, ids
	/// below the next ones; per device issued + carried + voided = verified = what the meter
	/// registry verified (security review T-1), less than a quantum carried, the batches sum to
	/// issued and its batch list holds exactly its batches, newest first; zone totals match the
	/// batches; emission factors in time order.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut held: BTreeMap<BatchId, Wh> = BTreeMap::new();
		for (_, key, wh) in Holdings::<T>::iter() {
			ensure!(!wh.is_zero(), "a zero holding was kept");
			let batch = batch_of_holding_key(&key);
			let record = Batches::<T>::get(batch).ok_or("a holding of a missing batch")?;
			ensure!(key == holding_key(record.production_start, batch), "a holding key is wrong");
			*held.entry(batch).or_default() += wh;
		}
		for (holder, key, listed) in Listed::<T>::iter() {
			ensure!(!listed.is_zero(), "a zero listing was kept");
			let held = Holdings::<T>::get(&holder, key).ok_or("a listing of no holding")?;
			ensure!(listed <= held, "more is listed than held");
		}
		ensure!(
			HoldingDeposits::<T>::iter_keys()
				.all(|(holder, key)| Holdings::<T>::contains_key(holder, key)),
			"a deposit is held for a holding that does not exist"
		);
		let mut retired: BTreeMap<BatchId, Wh> = BTreeMap::new();
		for (id, retirement) in Retirements::<T>::iter() {
			ensure!(
				BatchRetirements::<T>::contains_key(retirement.batch, id),
				"a retirement is not indexed under its batch"
			);
			*retired.entry(retirement.batch).or_default() += retirement.wh;
		}
		// Per device: issued Wh and batches.
		let mut per_device: BTreeMap<DeviceId, (Wh, usize)> = BTreeMap::new();
		let mut zones: BTreeMap<Zone, ZoneTotals> = BTreeMap::new();
		let next_batch = NextBatchId::<T>::get();
		ensure!(
			Retirements::<T>::iter_keys().all(|id| id < NextRetirementId::<T>::get()),
			"a retirement id is not below NextRetirementId"
		);
		for (id, batch) in Batches::<T>::iter() {
			ensure!(id < next_batch, "a batch id is not below NextBatchId");
			ensure!(
				batch.production_start <= batch.production_end,
				"a batch's production ends before it starts"
			);
			ensure!(batch.supply.is_conserved(), "issued != held + retired + expired + revoked");
			ensure!(held.get(&id).copied().unwrap_or(0) == batch.supply.held, "holdings != held");
			ensure!(
				retired.get(&id).copied().unwrap_or(0) == batch.supply.retired,
				"retirement records != retired"
			);
			let device = per_device.entry(batch.device).or_default();
			device.0 += batch.supply.issued;
			device.1 += 1;
			let zone = T::Devices::certifiable_device(batch.device)
				.ok_or("a batch's device is not certifiable")?
				.zone;
			let totals = zones.entry(zone).or_default();
			totals.issued += batch.supply.issued;
			totals.retired += batch.supply.retired;
			totals.expired += batch.supply.expired;
			totals.revoked += batch.supply.revoked;
		}
		let quantum = T::Quantum::get().max(1);
		for (device, ledger) in DeviceLedgers::<T>::iter() {
			ensure!(
				[ledger.issued, ledger.carried.wh, ledger.voided]
					.iter()
					.try_fold(0u64, |sum, part| sum.checked_add(*part))
					== Some(ledger.verified),
				"issued + carried + voided != verified"
			);
			// The ledger counts what the meter registry handed over, not what it says of itself.
			ensure!(
				ledger.verified == T::Devices::verified_energy(device),
				"a device's ledger does not match the meter registry's verified energy"
			);
			ensure!(ledger.carried.wh < quantum, "a device carries a whole quantum");
			ensure!(
				ledger.carried.start <= ledger.carried.end,
				"a device's carried production ends before it starts"
			);
			let (issued, batches) = per_device.get(&device).copied().unwrap_or_default();
			ensure!(issued == ledger.issued, "a device's batches do not sum to its issued Wh");
			let mut listed = 0;
			let mut next = ledger.latest_batch;
			while let Some(id) = next {
				let batch = Batches::<T>::get(id).ok_or("a listed batch is missing")?;
				ensure!(batch.device == device, "a device lists another device's batch");
				ensure!(
					batch.previous.is_none_or(|previous| previous < id),
					"a list is not newest first"
				);
				listed += 1;
				next = batch.previous;
			}
			ensure!(listed == batches, "a device's batch list does not hold all its batches");
		}
		ensure!(
			per_device.keys().all(DeviceLedgers::<T>::contains_key),
			"a device with batches has no ledger"
		);
		for (zone, totals) in ZoneTotalsOf::<T>::iter() {
			let expected = zones.remove(&zone).unwrap_or_default();
			ensure!(
				(totals.issued, totals.retired, totals.expired, totals.revoked)
					== (expected.issued, expected.retired, expected.expired, expected.revoked),
				"zone totals do not match the batches"
			);
		}
		ensure!(zones.values().all(|t| t.issued.is_zero()), "a zone's issuance is not totalled");
		for factors in EmissionFactors::<T>::iter_values() {
			ensure!(!factors.is_empty(), "an empty emission-factor history was kept");
			ensure!(
				factors.windows(2).all(|pair| pair[0].valid_from < pair[1].valid_from),
				"a zone's emission factors are not in time order"
			);
		}
		Ok(())
	}
}

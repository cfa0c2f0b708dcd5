//! The registry's queries, for the runtime API: every list pages, so each answer's cost is
//! bounded by its `limit` (at most [`MAX_PAGE`]).

use crate::*;

impl<T: Config> Pallet<T> {
	/// A page of `account`'s holdings after batch `start_after`, oldest production first
	/// (runtime API).
	pub fn holdings_of(
		account: &T::AccountId,
		start_after: Option<BatchId>,
		limit: u32,
	) -> Vec<(BatchId, Wh)> {
		let limit = limit.min(MAX_PAGE) as usize;
		let after = start_after
			.and_then(|id| Batches::<T>::get(id).map(|b| holding_key(b.production_start, id)));
		let holdings = match after {
			Some(key) => Holdings::<T>::iter_prefix_from(
				account,
				Holdings::<T>::hashed_key_for(account, key),
			),
			None => Holdings::<T>::iter_prefix(account),
		};
		holdings.take(limit).map(|(key, wh)| (batch_of_holding_key(&key), wh)).collect()
	}

	/// What `account` holds of `batch` (runtime API), `None` if nothing.
	pub fn holding_of(account: &T::AccountId, batch: BatchId) -> Option<Wh> {
		let production_start = Batches::<T>::get(batch)?.production_start;
		Holdings::<T>::get(account, holding_key(production_start, batch))
	}

	/// What `account` holds of the batches among the `count` ids from `first` (at most
	/// [`MAX_PAGE`]), in batch order (runtime API): a page of an account's holdings by a run of
	/// batch ids, which an indexer reads side by side, where the list pages one after another.
	pub fn holdings_among(
		account: &T::AccountId,
		first: BatchId,
		count: u32,
	) -> Vec<(BatchId, Wh)> {
		origo_primitives::id_run(first, count, NextBatchId::<T>::get())
			.filter_map(|batch| Some((batch, Self::holding_of(account, batch)?)))
			.collect()
	}

	/// The holdings of expired or revoked batches among the next `limit` holdings of `account`
	/// after batch `start_after` (runtime API): what `prune` takes, decided by the rule that
	/// refuses to move them ([`Batch::is_live`]). With the batch to continue after, `None` once
	/// all are scanned.
	pub fn prunable_holdings_of(
		account: &T::AccountId,
		start_after: Option<BatchId>,
		limit: u32,
	) -> (Vec<(BatchId, Wh)>, Option<BatchId>) {
		let limit = limit.min(MAX_PAGE);
		let page = Self::holdings_of(account, start_after, limit);
		let next = page.last().map(|(batch, _)| *batch).filter(|_| page.len() == limit as usize);
		let now = Self::now();
		let prunable = page
			.into_iter()
			.filter(|(batch, _)| {
				!Batches::<T>::get(batch).is_some_and(|record| record.is_live(now))
			})
			.collect();
		(prunable, next)
	}

	/// A retirement with plain texts (runtime API).
	pub fn retirement(id: RetirementId) -> Option<RetirementRecordOf<T>> {
		Retirements::<T>::get(id).map(|retirement| retirement.map_text(BoundedVec::into_inner))
	}

	/// A page of the retirements whose beneficiary is `account`, after `start_after`
	/// (runtime API).
	pub fn retirements_of(
		account: &T::AccountId,
		start_after: Option<RetirementId>,
		limit: u32,
	) -> Vec<(RetirementId, RetirementRecordOf<T>)> {
		let ids: Vec<RetirementId> = origo_primitives::key_page!(
			BeneficiaryRetirements<T>,
			account,
			start_after,
			limit.min(MAX_PAGE)
		);
		ids.into_iter().filter_map(|id| Self::retirement(id).map(|r| (id, r))).collect()
	}

	/// A batch with its device's issuer, technology and zone (runtime API).
	pub fn batch_details(id: BatchId) -> Option<BatchDetails<T::AccountId>> {
		let batch = Batches::<T>::get(id)?;
		let device = T::Devices::certifiable_device(batch.device)?;
		Some(BatchDetails {
			batch,
			issuer: device.issuer,
			technology: device.technology,
			zone: device.zone,
		})
	}

	/// The batches among the `count` ids from `first` (at most [`MAX_PAGE`]), with their
	/// details (runtime API). Batch ids are allotted in order, so a run of ids is a page of the
	/// registry's batches: one read per id below the next id, and one per batch for its device.
	pub fn batches_from(first: BatchId, count: u32) -> Vec<(BatchId, BatchDetails<T::AccountId>)> {
		origo_primitives::id_run(first, count, NextBatchId::<T>::get())
			.filter_map(|id| Some((id, Self::batch_details(id)?)))
			.collect()
	}

	/// The retirements among the `count` ids from `first` (at most [`MAX_PAGE`]), in order
	/// (runtime API): one read per id below the next id.
	pub fn retirements_from(
		first: RetirementId,
		count: u32,
	) -> Vec<(RetirementId, RetirementRecordOf<T>)> {
		origo_primitives::id_run(first, count, NextRetirementId::<T>::get())
			.filter_map(|id| Some((id, Self::retirement(id)?)))
			.collect()
	}

	/// The certification accounts of the devices among the `count` ids from `first` (at most
	/// [`MAX_PAGE`]), in order (runtime API): a device has one once it produced.
	pub fn device_ledgers_from(first: DeviceId, count: u32) -> Vec<(DeviceId, DeviceLedger)> {
		origo_primitives::id_run(first, count, DeviceId::MAX)
			.filter_map(|id| Some((id, DeviceLedgers::<T>::get(id)?)))
			.collect()
	}

	/// A page of `device`'s batches, newest first, after `start_after` (runtime API): a walk
	/// down the device's batch list, one read per batch.
	pub fn device_batches(
		device: DeviceId,
		start_after: Option<BatchId>,
		limit: u32,
	) -> Vec<BatchId> {
		let first = match start_after {
			Some(id) => Batches::<T>::get(id)
				.filter(|batch| batch.device == device)
				.and_then(|batch| batch.previous),
			None => DeviceLedgers::<T>::get(device).and_then(|ledger| ledger.latest_batch),
		};
		let mut page = Vec::new();
		let mut next = first;
		while let Some(id) = next.filter(|_| page.len() < limit.min(MAX_PAGE) as usize) {
			page.push(id);
			next = Batches::<T>::get(id).and_then(|batch| batch.previous);
		}
		page
	}
}

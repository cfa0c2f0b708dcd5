//! Expiry and revocation: expired or revoked batches no longer move, their holdings are pruned
//! into the batch's expired or revoked supply; an issuer revokes batches and voids carried
//! production.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The batch, if it exists, has not expired and was not revoked.
	pub(crate) fn live_batch(batch: BatchId) -> Result<Batch, DispatchError> {
		let record = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(!record.revoked, Error::<T>::BatchRevoked);
		ensure!(Self::now() < record.expires_at, Error::<T>::BatchExpired);
		Ok(record)
	}

	/// Prunes each `(holder, batch)` holding of an expired or revoked batch into the batch's
	/// expired or revoked supply.
	pub(crate) fn do_prune(holdings: Vec<(T::AccountId, BatchId)>) -> DispatchResult {
		ensure!(!holdings.is_empty(), Error::<T>::NoBatches);
		ensure!(holdings.len() <= T::MaxPrunedPerCall::get() as usize, Error::<T>::TooManyHoldings);
		let now = Self::now();
		for (holder, id) in holdings {
			let record = Batches::<T>::get(id).ok_or(Error::<T>::UnknownBatch)?;
			ensure!(!record.is_live(now), Error::<T>::BatchLive);
			Self::prune_holding(holder, id, record)?;
		}
		Ok(())
	}

	/// Prunes `holder`'s holding of batch `id`, expired or revoked, into its expired or revoked
	/// supply. What it listed stays until the market returns it (the listing can no longer
	/// fill), and is pruned then.
	pub(crate) fn prune_holding(
		holder: T::AccountId,
		id: BatchId,
		mut record: Batch,
	) -> DispatchResult {
		let listed = Self::listed(&holder, id, &record);
		let wh = Self::holding(&holder, id, &record).saturating_sub(listed);
		ensure!(listed.is_zero() || !wh.is_zero(), Error::<T>::ListedForSale);
		ensure!(!wh.is_zero(), Error::<T>::NothingHeld);
		let zone = Self::zone_of(&record)?;
		Self::set_holding(&holder, id, &record, listed)?;
		// The holding was part of `held`, so this cannot underflow.
		record.supply.held -= wh;
		// A revoked batch's certificates are revoked, even once it has expired too.
		let event = if record.revoked {
			record.supply.revoked += wh;
			ZoneTotalsOf::<T>::mutate(zone, |totals| {
				totals.revoked = totals.revoked.saturating_add(wh)
			});
			Event::HoldingRevoked { batch: id, holder, wh }
		} else {
			record.supply.expired += wh;
			ZoneTotalsOf::<T>::mutate(zone, |totals| {
				totals.expired = totals.expired.saturating_add(wh)
			});
			Event::HoldingExpired { batch: id, holder, wh }
		};
		Batches::<T>::insert(id, record);
		Self::deposit_event(event);
		Ok(())
	}

	pub(crate) fn do_revoke(issuer: T::AccountId, id: BatchId, reason: Vec<u8>) -> DispatchResult {
		let reason: TextOf<T> = reason.try_into().map_err(|_| Error::<T>::TextTooLong)?;
		let mut record = Batches::<T>::get(id).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(T::Devices::is_issuer_of(&issuer, Self::zone_of(&record)?), Error::<T>::NotIssuer);
		ensure!(!record.revoked, Error::<T>::BatchRevoked);
		ensure!(!record.supply.held.is_zero(), Error::<T>::NothingHeld);
		record.revoked = true;
		let wh = record.supply.held;
		Batches::<T>::insert(id, record);
		Self::deposit_event(Event::Revoked { batch: id, issuer, wh, reason });
		Ok(())
	}

	pub(crate) fn do_void_carried(
		issuer: T::AccountId,
		device: DeviceId,
		reason: Vec<u8>,
	) -> DispatchResult {
		let reason: TextOf<T> = reason.try_into().map_err(|_| Error::<T>::TextTooLong)?;
		let zone = T::Devices::certifiable_device(device).ok_or(Error::<T>::UnknownDevice)?.zone;
		ensure!(T::Devices::is_issuer_of(&issuer, zone), Error::<T>::NotIssuer);
		let mut ledger = DeviceLedgers::<T>::get(device).unwrap_or_default();
		let wh = ledger.carried.wh;
		ensure!(!wh.is_zero(), Error::<T>::NothingCarried);
		ledger.voided = ledger.voided.saturating_add(wh);
		ledger.carried = Carried::default();
		DeviceLedgers::<T>::insert(device, ledger);
		Self::deposit_event(Event::CarriedVoided { device, issuer, wh, reason });
		Ok(())
	}
}

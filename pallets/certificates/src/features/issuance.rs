//! Issuance: verified production accumulates per device and is minted in whole quanta into
//! batches, to the device's owner or the beneficiary it set.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Mints whole quanta of `energy`'s device's accumulated production; carries the rest.
	/// Returns, if it issued a batch, the weight [`Config::OnIssued`] used on it.
	pub(crate) fn do_certify(energy: VerifiedEnergy) -> Option<Weight> {
		let mut ledger = DeviceLedgers::<T>::get(energy.device).unwrap_or_default();
		// pallet-meters refuses readings that would overflow a device's total, and this ledger
		// counts the same production, so these never saturate.
		ledger.verified = ledger.verified.saturating_add(energy.wh);
		if ledger.carried.wh.is_zero() {
			ledger.carried.start = energy.from;
		}
		ledger.carried.wh = ledger.carried.wh.saturating_add(energy.wh);
		ledger.carried.end = energy.to;
		let quantum = T::Quantum::get().max(1);
		let amount = ledger.carried.wh / quantum * quantum;
		// Most readings only carry: the device and the next id are read when a batch is due.
		let issuance = if amount > 0 {
			T::Devices::certifiable_device(energy.device)
				.zip(NextBatchId::<T>::get().checked_add(1))
		} else {
			None
		};
		let mut issued = None;
		if let Some((device, next_id)) = issuance {
			let id = next_id - 1;
			let recipient = DeviceBeneficiaries::<T>::get(energy.device).unwrap_or(device.owner);
			let record = Batch {
				device: energy.device,
				production_start: ledger.carried.start,
				production_end: ledger.carried.end,
				issued_at: Self::now(),
				expires_at: ledger.carried.end.saturating_add(T::CertificateLifetime::get()),
				supply: Supply { issued: amount, held: amount, ..Default::default() },
				revoked: false,
				previous: ledger.latest_batch,
			};
			// A new batch: the recipient's first holding of it, opened by no one's transfer.
			Holdings::<T>::insert(&recipient, holding_key(record.production_start, id), amount);
			ZoneTotalsOf::<T>::mutate(device.zone, |totals| {
				totals.issued = totals.issued.saturating_add(amount)
			});
			Self::deposit_event(Event::Issued {
				batch: id,
				device: energy.device,
				recipient: recipient.clone(),
				wh: amount,
				production_start: record.production_start,
				production_end: record.production_end,
			});
			Batches::<T>::insert(id, record);
			NextBatchId::<T>::put(next_id);
			ledger.issued = ledger.issued.saturating_add(amount);
			ledger.latest_batch = Some(id);
			ledger.carried.wh -= amount;
			// What is left was produced during the latest reading's interval.
			ledger.carried.start = energy.from;
			issued = Some((recipient, id, amount));
		}
		DeviceLedgers::<T>::insert(energy.device, ledger);
		issued.map(|(recipient, id, amount)| {
			T::OnIssued::on_issued(&recipient, energy.device, id, amount)
		})
	}

	/// `owner` has `device`'s certificates minted to `beneficiary`, or to itself for `None`.
	pub(crate) fn do_set_beneficiary(
		owner: T::AccountId,
		device: DeviceId,
		beneficiary: Option<T::AccountId>,
	) -> DispatchResult {
		let actual = T::Devices::device_owner(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(actual == owner, Error::<T>::NotDeviceOwner);
		ensure!(T::Devices::certifiable_device(device).is_some(), Error::<T>::DeviceNotCertifiable);
		DeviceBeneficiaries::<T>::set(device, beneficiary.clone());
		Self::deposit_event(Event::BeneficiarySet { device, beneficiary });
		Ok(())
	}
}

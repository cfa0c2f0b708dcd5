//! The registry as the other pallets see it: it takes verified production ([`OnVerifiedEnergy`])
//! and retires the neutrality reserve ([`NeutralityReserve`]).

use crate::*;

impl<T: Config> OnVerifiedEnergy for Pallet<T> {
	fn on_verified_energy(energy: VerifiedEnergy) -> Weight {
		if Self::do_certify(energy) {
			T::WeightInfo::certify_issuing()
		} else {
			T::WeightInfo::certify_carrying()
		}
	}

	fn max_weight() -> Weight {
		T::WeightInfo::certify_issuing().max(T::WeightInfo::certify_carrying())
	}

	fn min_weight() -> Weight {
		T::WeightInfo::certify_issuing().min(T::WeightInfo::certify_carrying())
	}
}

impl<T: Config> NeutralityReserve<T::AccountId> for Pallet<T> {
	/// Anyone may send certificates to the reserve, so its oldest holdings may be dust or of
	/// batches that expired or were revoked (security review M-3): the draw prunes the latter as
	/// it meets them, and says whether holdings are left beyond its bound, so that the neutrality
	/// ledger draws again in the next block rather than record a shortfall the reserve covers.
	fn retire_for_neutrality(
		holder: &T::AccountId,
		wh: Wh,
		period: (UnixTime, UnixTime),
	) -> ReserveDraw {
		if wh.is_zero() {
			return ReserveDraw::default();
		}
		let now = Self::now();
		let mut scan = Holdings::<T>::iter_prefix(holder);
		let taken: Vec<([u8; 16], Wh)> =
			scan.by_ref().take(T::MaxBatchesPerCall::get() as usize).collect();
		let more_holdings = scan.next().is_some();
		let claim = Claim {
			beneficiary: Some(holder.clone()),
			beneficiary_name: None,
			purpose: Purpose::ChainNeutrality,
			consumption_country: None,
			consumption_period: Some(period),
			message: TextOf::<T>::default(),
		};
		let mut retired: Wh = 0;
		for (key, held) in taken {
			let id = batch_of_holding_key(&key);
			let Some(record) = Batches::<T>::get(id) else { continue };
			// Each holding is the holder's and its batch exists, so these fail only if retirement
			// ids run out; what was done before stays done and is reported.
			if !record.is_live(now) {
				if Self::prune_holding(holder.clone(), id, record).is_err() {
					break;
				}
				continue;
			}
			let take = held.min(wh - retired);
			if Self::retire_holding(holder, None, id, take, claim.clone()).is_err() {
				break;
			}
			retired += take;
			if retired == wh {
				return ReserveDraw { retired, more_holdings: false };
			}
		}
		ReserveDraw { retired, more_holdings }
	}

	fn max_batches() -> u32 {
		T::MaxBatchesPerCall::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn fund_for_benchmark(holder: &T::AccountId, batches: u32, wh: Wh) {
		Self::receive_for_benchmark(holder, batches, wh);
	}
}

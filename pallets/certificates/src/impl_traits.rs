//! The registry as the other pallets see it: it takes verified production ([`OnVerifiedEnergy`]),
//! retires the neutrality reserve ([`NeutralityReserve`]) and escrows what holders list on the
//! market ([`CertificateEscrow`]).

use crate::*;

impl<T: Config> OnVerifiedEnergy for Pallet<T> {
	fn on_verified_energy(energy: VerifiedEnergy) -> Weight {
		match Self::do_certify(energy) {
			Some(on_issued) => T::WeightInfo::certify_issuing().saturating_add(on_issued),
			None => T::WeightInfo::certify_carrying(),
		}
	}

	fn max_weight() -> Weight {
		T::WeightInfo::certify_issuing()
			.saturating_add(T::OnIssued::max_weight())
			.max(T::WeightInfo::certify_carrying())
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
			if !record.is_live(now) {
				// Refused, changing nothing, only when all of it is listed: the market returns
				// listings of dead batches, and a later draw prunes it.
				let _ = Self::prune_holding(holder.clone(), id, record);
				continue;
			}
			let take =
				held.saturating_sub(Listed::<T>::get(holder, key).unwrap_or(0)).min(wh - retired);
			if take.is_zero() {
				continue;
			}
			// The holding is the holder's and its batch is live, so this fails only if
			// retirement ids run out; what was done before stays done and is reported.
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

impl<T: Config> CertificateEscrow<T::AccountId> for Pallet<T> {
	type ClaimInput = ClaimInputOf<T>;
	type Claim = ClaimOf<T>;

	fn tradable_batch(batch: BatchId) -> Option<TradableBatch> {
		let record = Batches::<T>::get(batch)?;
		let device = T::Devices::certifiable_device(record.device)?;
		Some(TradableBatch {
			device: record.device,
			zone: device.zone,
			technology: device.technology,
			production_start: record.production_start,
			production_end: record.production_end,
			live: record.is_live(Self::now()),
		})
	}

	fn unlisted(who: &T::AccountId, batch: BatchId) -> Wh {
		Batches::<T>::get(batch).map_or(0, |record| Self::unlisted(who, batch, &record))
	}

	fn listed(who: &T::AccountId, batch: BatchId) -> Wh {
		Batches::<T>::get(batch).map_or(0, |record| Self::listed(who, batch, &record))
	}

	fn list(who: &T::AccountId, batch: BatchId, wh: Wh) -> DispatchResult {
		Self::do_list(who, batch, wh)
	}

	fn unlist(who: &T::AccountId, batch: BatchId, wh: Wh) -> DispatchResult {
		Self::do_unlist(who, batch, wh)
	}

	fn check_claim(
		retirer: &T::AccountId,
		claim: ClaimInputOf<T>,
	) -> Result<ClaimOf<T>, DispatchError> {
		Self::resolve_claim(retirer, claim)
	}

	fn deliver(
		seller: &T::AccountId,
		buyer: &T::AccountId,
		batch: BatchId,
		wh: Wh,
		claim: Option<ClaimOf<T>>,
	) -> Result<Option<RetirementId>, DispatchError> {
		Self::do_deliver(seller, buyer, batch, wh, claim)
	}

	fn total_listed() -> Wh {
		Listed::<T>::iter_values().fold(0, Wh::saturating_add)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_claim(beneficiary: &T::AccountId) -> ClaimInputOf<T> {
		crate::benchmarking::max_claim::<T>(beneficiary)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn mint_for_benchmark(holder: &T::AccountId, count: u32, wh: Wh) -> Vec<BatchId> {
		Self::mint_for_benchmark(holder, count, wh)
	}
}

//! Standing asks: a device owner has every batch its device is issued listed at its price
//! (NRGcoin's promise: paid for what one injects, with nothing to do).

use crate::*;
use frame_support::storage::with_storage_layer;
use origo_primitives::registry::OnIssued;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_standing_ask(
		owner: T::AccountId,
		device: DeviceId,
		terms: Option<StandingAskTerms<BalanceOf<T>>>,
	) -> DispatchResult {
		let actual = T::Devices::device_owner(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(actual == owner, Error::<T>::NotDeviceOwner);
		if let Some(terms) = &terms {
			Self::check_price(terms.price_per_mwh)?;
		}
		StandingAsks::<T>::set(
			device,
			terms.clone().map(|terms| StandingAsk { owner: owner.clone(), terms }),
		);
		Self::deposit_event(Event::StandingAskSet { device, owner, terms });
		Ok(())
	}

	/// What placing a standing ask costs at most.
	fn standing_ask_weight() -> Weight {
		T::DbWeight::get().reads(1).saturating_add(
			<T as Config>::WeightInfo::place_ask()
				.max(<T as Config>::WeightInfo::place_auction_ask()),
		)
	}
}

impl<T: Config> OnIssued<T::AccountId> for Pallet<T> {
	/// Lists the whole new batch at the device's standing ask, if its owner set one and was
	/// issued the batch (not a beneficiary it named). An ask that cannot be placed changes
	/// nothing and is reported in `StandingAskFailed`: issuance never fails.
	fn on_issued(recipient: &T::AccountId, device: DeviceId, batch: BatchId, wh: Wh) -> Weight {
		let Some(standing) = StandingAsks::<T>::get(device) else {
			return T::DbWeight::get().reads(1);
		};
		let placed = if standing.owner == *recipient {
			with_storage_layer(|| {
				Self::do_place_ask(
					recipient.clone(),
					batch,
					wh,
					standing.terms.price_per_mwh,
					None,
					standing.terms.auction,
				)
			})
			.map(|_| ())
		} else {
			Err(Error::<T>::NotRecipient.into())
		};
		if let Err(error) = placed {
			Self::deposit_event(Event::StandingAskFailed { device, batch, error });
		}
		Self::standing_ask_weight()
	}

	fn max_weight() -> Weight {
		Self::standing_ask_weight()
	}
}

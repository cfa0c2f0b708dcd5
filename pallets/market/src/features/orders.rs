//! Orders: asks list certificates, bids hold their cost; both close back to their owners.

use crate::*;
use alloc::vec::Vec;
use origo_primitives::registry::TradableBatch;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Whether an order of `expires_at` has expired at `now`.
	pub(crate) fn expired(expires_at: Option<UnixTime>, now: UnixTime) -> bool {
		expires_at.is_some_and(|expiry| now >= expiry)
	}

	/// An order's expiry, if any, is in the future.
	fn check_expiry(expires_at: Option<UnixTime>) -> DispatchResult {
		ensure!(!Self::expired(expires_at, Self::now()), Error::<T>::ExpiryInPast);
		Ok(())
	}

	/// The batch, if it exists and is live.
	pub(crate) fn live_batch(batch: BatchId) -> Result<TradableBatch, DispatchError> {
		let tradable = T::Certificates::tradable_batch(batch).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(tradable.live, Error::<T>::BatchNotLive);
		Ok(tradable)
	}

	/// A new order id for `owner`, counted against its `MaxOrdersPerAccount`.
	fn open_order(owner: &T::AccountId) -> Result<OrderId, DispatchError> {
		let count = OrderCount::<T>::get(owner);
		ensure!(count < T::MaxOrdersPerAccount::get(), Error::<T>::TooManyOrders);
		let id = NextOrderId::<T>::get();
		NextOrderId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		OrdersOf::<T>::insert(owner, id, ());
		OrderCount::<T>::insert(owner, count + 1);
		Ok(id)
	}

	/// Forgets `owner`'s order `id`, filled or closed.
	pub(crate) fn forget_order(owner: &T::AccountId, id: OrderId) {
		OrdersOf::<T>::remove(owner, id);
		OrderCount::<T>::mutate_exists(owner, |count| {
			*count = count.and_then(|count| count.checked_sub(1)).filter(|count| *count > 0)
		});
	}

	pub(crate) fn do_place_ask(
		seller: T::AccountId,
		batch: BatchId,
		wh: Wh,
		price_per_mwh: BalanceOf<T>,
		expires_at: Option<UnixTime>,
	) -> Result<OrderId, DispatchError> {
		ensure!(wh > 0, Error::<T>::ZeroAmount);
		Self::check_price(price_per_mwh)?;
		Self::check_expiry(expires_at)?;
		Self::live_batch(batch)?;
		ensure!(T::Certificates::unlisted(&seller, batch) >= wh, Error::<T>::InsufficientHolding);
		let ask = Self::open_order(&seller)?;
		T::Certificates::list(&seller, batch, wh)?;
		Asks::<T>::insert(
			ask,
			Ask { seller: seller.clone(), batch, wh, price_per_mwh, expires_at },
		);
		Self::deposit_event(Event::AskPlaced { ask, seller, batch, wh, price_per_mwh, expires_at });
		Ok(ask)
	}

	/// Bounds a caller's filters and checks their zones and window.
	fn bound_filters(filters: FiltersInput) -> Result<FiltersOf<T>, DispatchError> {
		let Filters { zones, technologies, devices, produced_from, produced_until, max_age } =
			filters;
		ensure!(zones.iter().all(|zone| zone.is_valid()), Error::<T>::InvalidZone);
		ensure!(
			produced_from.zip(produced_until).is_none_or(|(from, until)| from <= until),
			Error::<T>::InvalidWindow
		);
		fn bound<Item, S: Get<u32>, T: Config>(
			list: Vec<Item>,
		) -> Result<BoundedVec<Item, S>, Error<T>> {
			list.try_into().map_err(|_| Error::<T>::TooManyFilterItems)
		}
		Ok(Filters {
			zones: bound::<_, _, T>(zones)?,
			technologies: bound::<_, _, T>(technologies)?,
			devices: bound::<_, _, T>(devices)?,
			produced_from,
			produced_until,
			max_age,
		})
	}

	pub(crate) fn do_place_bid(
		buyer: T::AccountId,
		wh: Wh,
		max_price_per_mwh: BalanceOf<T>,
		filters: FiltersInput,
		expires_at: Option<UnixTime>,
		claim: Option<ClaimInputOf<T>>,
	) -> Result<OrderId, DispatchError> {
		ensure!(wh > 0, Error::<T>::ZeroAmount);
		Self::check_price(max_price_per_mwh)?;
		Self::check_expiry(expires_at)?;
		let filters = Self::bound_filters(filters)?;
		let claim = claim.map(|claim| T::Certificates::check_claim(&buyer, claim)).transpose()?;
		let held = Self::cost(wh, max_price_per_mwh)?;
		let bid = Self::open_order(&buyer)?;
		Self::hold_bid_funds(&buyer, held)?;
		let retires = claim.is_some();
		Bids::<T>::insert(
			bid,
			Bid { buyer: buyer.clone(), wh, max_price_per_mwh, filters, expires_at, claim },
		);
		Self::deposit_event(Event::BidPlaced {
			bid,
			buyer,
			wh,
			max_price_per_mwh,
			held,
			expires_at,
			retires,
		});
		Ok(bid)
	}

	pub(crate) fn do_close_order(caller: &T::AccountId, order: OrderId) -> DispatchResult {
		let now = Self::now();
		if let Some(ask) = Asks::<T>::get(order) {
			let reason = if *caller == ask.seller {
				CloseReason::Cancelled
			} else if Self::expired(ask.expires_at, now) {
				CloseReason::Expired
			} else if !T::Certificates::tradable_batch(ask.batch).is_some_and(|batch| batch.live) {
				CloseReason::BatchNotLive
			} else {
				return Err(Error::<T>::NotOrderOwner.into());
			};
			T::Certificates::unlist(&ask.seller, ask.batch, ask.wh)?;
			Asks::<T>::remove(order);
			Self::forget_order(&ask.seller, order);
			Self::deposit_event(Event::OrderClosed {
				order,
				owner: ask.seller,
				reason,
				wh_returned: ask.wh,
				released: Zero::zero(),
			});
			return Ok(());
		}
		let bid = Bids::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
		let reason = if *caller == bid.buyer {
			CloseReason::Cancelled
		} else if Self::expired(bid.expires_at, now) {
			CloseReason::Expired
		} else {
			return Err(Error::<T>::NotOrderOwner.into());
		};
		let released = Self::cost(bid.wh, bid.max_price_per_mwh)?;
		Self::release_bid_funds(&bid.buyer, released)?;
		Bids::<T>::remove(order);
		Self::forget_order(&bid.buyer, order);
		Self::deposit_event(Event::OrderClosed {
			order,
			owner: bid.buyer,
			reason,
			wh_returned: 0,
			released,
		});
		Ok(())
	}
}

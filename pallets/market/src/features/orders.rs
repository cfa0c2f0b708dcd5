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

	/// A new order id for `owner`, counted against its `MaxOrdersPerAccount`, and entered in
	/// `auction`'s book on `side` if it waits in one.
	fn open_order(
		owner: &T::AccountId,
		auction: Option<(Segment, Side)>,
	) -> Result<OrderId, DispatchError> {
		let count = OrderCount::<T>::get(owner);
		ensure!(count < T::MaxOrdersPerAccount::get(), Error::<T>::TooManyOrders);
		let id = NextOrderId::<T>::get();
		NextOrderId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		if let Some((segment, side)) = auction {
			Self::enter_auction(owner, segment, side, id)?;
		}
		OrdersOf::<T>::insert(owner, id, ());
		OrderCount::<T>::insert(owner, count + 1);
		Ok(id)
	}

	/// Forgets `owner`'s order `id`, filled or closed, and takes it out of its auction's book.
	pub(crate) fn forget_order(owner: &T::AccountId, id: OrderId, auction: Option<Segment>) {
		OrdersOf::<T>::remove(owner, id);
		OrderCount::<T>::mutate_exists(owner, |count| {
			*count = count.and_then(|count| count.checked_sub(1)).filter(|count| *count > 0)
		});
		if let Some(segment) = auction {
			Self::leave_auction(owner, segment, id);
		}
	}

	/// The filters of a bid in `segment`'s auction: its zone and technology.
	pub(crate) fn auction_filters(segment: Segment) -> FiltersOf<T> {
		Filters {
			zones: BoundedVec::truncate_from(alloc::vec![segment.zone]),
			technologies: BoundedVec::truncate_from(alloc::vec![segment.technology]),
			devices: BoundedVec::new(),
			produced_from: None,
			produced_until: None,
			max_age: None,
		}
	}

	/// Places an ask, in its batch's local auction if `in_auction`.
	pub(crate) fn do_place_ask(
		seller: T::AccountId,
		batch: BatchId,
		wh: Wh,
		price_per_mwh: BalanceOf<T>,
		expires_at: Option<UnixTime>,
		in_auction: bool,
	) -> Result<OrderId, DispatchError> {
		ensure!(wh > 0, Error::<T>::ZeroAmount);
		Self::check_price(price_per_mwh)?;
		Self::check_expiry(expires_at)?;
		let tradable = Self::live_batch(batch)?;
		ensure!(T::Certificates::unlisted(&seller, batch) >= wh, Error::<T>::InsufficientHolding);
		let auction =
			in_auction.then_some(Segment { zone: tradable.zone, technology: tradable.technology });
		let ask = Self::open_order(&seller, auction.map(|segment| (segment, Side::Sell)))?;
		T::Certificates::list(&seller, batch, wh)?;
		Asks::<T>::insert(
			ask,
			Ask {
				seller: seller.clone(),
				batch,
				wh,
				price_per_mwh,
				expires_at,
				placed_at: Self::now(),
				auction,
			},
		);
		Self::deposit_event(Event::AskPlaced {
			ask,
			seller,
			batch,
			wh,
			price_per_mwh,
			expires_at,
			auction,
		});
		Ok(ask)
	}

	/// Bounds a caller's filters and checks their zones and window.
	pub(crate) fn bound_filters(filters: FiltersInput) -> Result<FiltersOf<T>, DispatchError> {
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

	/// Places a bid, in `auction` if given (`filters` are then its zone and technology).
	pub(crate) fn do_place_bid(
		buyer: T::AccountId,
		wh: Wh,
		max_price_per_mwh: BalanceOf<T>,
		filters: FiltersOf<T>,
		expires_at: Option<UnixTime>,
		claim: Option<ClaimInputOf<T>>,
		auction: Option<Segment>,
	) -> Result<OrderId, DispatchError> {
		ensure!(wh > 0, Error::<T>::ZeroAmount);
		Self::check_price(max_price_per_mwh)?;
		Self::check_expiry(expires_at)?;
		let claim = claim.map(|claim| T::Certificates::check_claim(&buyer, claim)).transpose()?;
		let held = Self::cost(wh, max_price_per_mwh)?;
		let bid = Self::open_order(&buyer, auction.map(|segment| (segment, Side::Buy)))?;
		Self::hold_bid_funds(&buyer, held)?;
		let retires = claim.is_some();
		Bids::<T>::insert(
			bid,
			Bid {
				buyer: buyer.clone(),
				wh,
				max_price_per_mwh,
				filters,
				expires_at,
				claim,
				placed_at: Self::now(),
				auction,
			},
		);
		Self::deposit_event(Event::BidPlaced {
			bid,
			buyer,
			wh,
			max_price_per_mwh,
			held,
			expires_at,
			retires,
			auction,
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
			return Self::close_ask(order, ask, reason);
		}
		let bid = Bids::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
		let reason = if *caller == bid.buyer {
			CloseReason::Cancelled
		} else if Self::expired(bid.expires_at, now) {
			CloseReason::Expired
		} else {
			return Err(Error::<T>::NotOrderOwner.into());
		};
		Self::close_bid(order, bid, reason)
	}

	/// Closes `ask` for `reason`: its listed Wh return to its seller.
	pub(crate) fn close_ask(order: OrderId, ask: AskOf<T>, reason: CloseReason) -> DispatchResult {
		T::Certificates::unlist(&ask.seller, ask.batch, ask.wh)?;
		Asks::<T>::remove(order);
		Self::forget_order(&ask.seller, order, ask.auction);
		Self::deposit_event(Event::OrderClosed {
			order,
			owner: ask.seller,
			reason,
			wh_returned: ask.wh,
			released: Zero::zero(),
		});
		Ok(())
	}

	/// Closes `bid` for `reason`: what it holds returns to its buyer.
	pub(crate) fn close_bid(order: OrderId, bid: BidOf<T>, reason: CloseReason) -> DispatchResult {
		let released = Self::cost(bid.wh, bid.max_price_per_mwh)?;
		Self::release_bid_funds(&bid.buyer, released)?;
		Bids::<T>::remove(order);
		Self::forget_order(&bid.buyer, order, bid.auction);
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

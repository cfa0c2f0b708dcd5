//! Direct fills: a buyer takes an ask, a seller fills a bid.

use crate::{features::settlement::*, *};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_buy(
		buyer: T::AccountId,
		ask_id: OrderId,
		wh: Wh,
		max_price_per_mwh: BalanceOf<T>,
		claim: Option<ClaimInputOf<T>>,
	) -> Result<TradeId, DispatchError> {
		ensure!(wh > 0, Error::<T>::ZeroAmount);
		let mut ask = Asks::<T>::get(ask_id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(ask.auction.is_none(), Error::<T>::AuctionOrder);
		ensure!(ask.seller != buyer, Error::<T>::OwnOrder);
		ensure!(!Self::expired(ask.expires_at, Self::now()), Error::<T>::OrderExpired);
		Self::live_batch(ask.batch)?;
		ensure!(wh <= ask.wh, Error::<T>::ExceedsOrder);
		ensure!(ask.price_per_mwh <= max_price_per_mwh, Error::<T>::PriceAboveLimit);
		let claim = claim.map(|claim| T::Certificates::check_claim(&buyer, claim)).transpose()?;
		ensure!(
			Self::spendable(&buyer) >= Self::cost(wh, ask.price_per_mwh)?,
			Error::<T>::InsufficientFunds
		);
		let fill = Fill {
			ask: Some(ask_id),
			bid: None,
			batch: ask.batch,
			seller: ask.seller.clone(),
			buyer,
			wh,
			price_per_mwh: ask.price_per_mwh,
			claim,
		};
		ask.wh -= wh;
		if ask.wh == 0 {
			Asks::<T>::remove(ask_id);
			Self::forget_order(&ask.seller, ask_id, None);
		} else {
			Asks::<T>::insert(ask_id, ask);
		}
		Self::settle(fill, Funds::Free)
	}

	pub(crate) fn do_sell(
		seller: T::AccountId,
		bid_id: OrderId,
		batch: BatchId,
		wh: Wh,
		min_price_per_mwh: BalanceOf<T>,
	) -> Result<TradeId, DispatchError> {
		ensure!(wh > 0, Error::<T>::ZeroAmount);
		let mut bid = Bids::<T>::get(bid_id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(bid.auction.is_none(), Error::<T>::AuctionOrder);
		ensure!(bid.buyer != seller, Error::<T>::OwnOrder);
		let now = Self::now();
		ensure!(!Self::expired(bid.expires_at, now), Error::<T>::OrderExpired);
		ensure!(wh <= bid.wh, Error::<T>::ExceedsOrder);
		ensure!(bid.max_price_per_mwh >= min_price_per_mwh, Error::<T>::PriceBelowLimit);
		let tradable = Self::live_batch(batch)?;
		ensure!(bid.filters.accept(&tradable, now), Error::<T>::FiltersUnmet);
		ensure!(T::Certificates::unlisted(&seller, batch) >= wh, Error::<T>::InsufficientHolding);
		T::Certificates::list(&seller, batch, wh)?;
		let fill = Fill {
			ask: None,
			bid: Some(bid_id),
			batch,
			seller,
			buyer: bid.buyer.clone(),
			wh,
			price_per_mwh: bid.max_price_per_mwh,
			claim: bid.claim.clone(),
		};
		bid.wh -= wh;
		if bid.wh == 0 {
			Bids::<T>::remove(bid_id);
			Self::forget_order(&bid.buyer, bid_id, None);
		} else {
			Bids::<T>::insert(bid_id, bid);
		}
		Self::settle(fill, Funds::Held)
	}
}

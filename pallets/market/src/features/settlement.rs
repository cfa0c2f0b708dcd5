//! Settlement: prices, payments and fees, and the one place a trade is made.

use crate::*;
use frame_support::traits::{
	fungible::{Inspect, InspectHold, Mutate, MutateHold},
	tokens::{Fortitude, Precision, Preservation, Restriction},
};
use sp_runtime::traits::Zero;

/// Where a trade's payment comes from.
pub(crate) enum Funds {
	/// The buyer's free balance (a buyer takes an ask).
	Free,
	/// What the buyer's bid holds (a seller fills a bid).
	Held,
}

/// A trade about to settle: who sells what to whom, at which price, and the buyer's claim.
pub(crate) struct Fill<T: Config> {
	/// The ask filled, if any.
	pub ask: Option<OrderId>,
	/// The bid filled, if any.
	pub bid: Option<OrderId>,
	/// The batch.
	pub batch: BatchId,
	/// Who sells: its listed Wh are delivered.
	pub seller: T::AccountId,
	/// Who buys.
	pub buyer: T::AccountId,
	/// Wh traded.
	pub wh: Wh,
	/// Plancks per MWh.
	pub price_per_mwh: BalanceOf<T>,
	/// What the certificates are retired for on delivery, if anything.
	pub claim: Option<ClaimOf<T>>,
}

impl<T: Config> Pallet<T> {
	fn price_tick() -> BalanceOf<T> {
		PRICE_TICK.into()
	}

	/// A price is above zero and a whole number of plancks per Wh.
	pub(crate) fn check_price(price_per_mwh: BalanceOf<T>) -> DispatchResult {
		ensure!(!price_per_mwh.is_zero(), Error::<T>::ZeroPrice);
		ensure!((price_per_mwh % Self::price_tick()).is_zero(), Error::<T>::PriceOffTick);
		Ok(())
	}

	/// What `wh` Wh cost at `price_per_mwh`: `price x wh / 1,000,000` plancks, exactly, as
	/// every price is a whole number of plancks per Wh ([`PRICE_TICK`]).
	pub fn cost(wh: Wh, price_per_mwh: BalanceOf<T>) -> Result<BalanceOf<T>, Error<T>> {
		let wh = BalanceOf::<T>::try_from(wh).map_err(|_| Error::<T>::Overflow)?;
		(price_per_mwh / Self::price_tick()).checked_mul(&wh).ok_or(Error::<T>::Overflow)
	}

	/// What `who` can pay from its free balance and stay alive.
	pub(crate) fn spendable(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite)
	}

	/// What `who`'s bids hold.
	pub fn held_for_bids(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::Bid.into(), who)
	}

	/// Settles `fill`: the buyer pays from `funds`, the fee (rounded down) goes to the fee
	/// destination and the rest to the seller, then the registry delivers the seller's listed
	/// Wh to the buyer, or retires them for its claim. The one place a trade is made.
	pub(crate) fn settle(fill: Fill<T>, funds: Funds) -> Result<TradeId, DispatchError> {
		let Fill { ask, bid, batch, seller, buyer, wh, price_per_mwh, claim } = fill;
		let payment = Self::cost(wh, price_per_mwh)?;
		let fee = Fee::<T>::get().mul_floor(payment);
		let proceeds = payment - fee;
		let destination = T::FeeDestination::get();
		let pay = |to: &T::AccountId, amount: BalanceOf<T>| -> DispatchResult {
			if amount.is_zero() {
				return Ok(());
			}
			match funds {
				Funds::Free => {
					T::Currency::transfer(&buyer, to, amount, Preservation::Preserve).map(|_| ())
				},
				Funds::Held => T::Currency::transfer_on_hold(
					&HoldReason::Bid.into(),
					&buyer,
					to,
					amount,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Polite,
				)
				.map(|_| ()),
			}
		};
		pay(&seller, proceeds)?;
		pay(&destination, fee)?;
		let retirement = T::Certificates::deliver(&seller, &buyer, batch, wh, claim)?;
		let trade = NextTradeId::<T>::get();
		NextTradeId::<T>::put(trade.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Trades::<T>::insert(
			trade,
			Trade {
				ask,
				bid,
				batch,
				seller: seller.clone(),
				buyer: buyer.clone(),
				wh,
				price_per_mwh,
				payment,
				fee,
				retirement,
				block: frame_system::Pallet::<T>::block_number(),
				time: Self::now(),
			},
		);
		AccountTrades::<T>::insert(&seller, trade, ());
		AccountTrades::<T>::insert(&buyer, trade, ());
		BatchTrades::<T>::insert(batch, trade, ());
		if let Some(retirement) = retirement {
			RetirementTrades::<T>::insert(retirement, trade);
		}
		Self::deposit_event(Event::Traded {
			trade,
			ask,
			bid,
			batch,
			seller,
			buyer,
			wh,
			price_per_mwh,
			payment,
			fee,
			retirement,
		});
		Ok(trade)
	}

	/// Releases `amount` of what `who`'s bids hold.
	pub(crate) fn release_bid_funds(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::release(&HoldReason::Bid.into(), who, amount, Precision::Exact).map(|_| ())
	}

	/// Holds `amount` from `who`'s free balance for a bid, or `InsufficientFunds`.
	pub(crate) fn hold_bid_funds(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(Self::spendable(who) >= amount, Error::<T>::InsufficientFunds);
		T::Currency::hold(&HoldReason::Bid.into(), who, amount)
	}
}

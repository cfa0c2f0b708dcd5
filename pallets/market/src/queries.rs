//! The market's queries, for the runtime API: lists page with a cursor (the last id of the
//! previous page) and at most [`MAX_PAGE`] items, in storage order; an order book is sorted by
//! price, best first.

use crate::*;
use alloc::vec::Vec;
use origo_primitives::MAX_PAGE;

impl<T: Config> Pallet<T> {
	/// The open orders of `zone`, at most `limit` (at most [`MAX_PAGE`]) per side, best price
	/// first (runtime API).
	pub fn order_book(zone: Zone, limit: u32) -> OrderBook<AskOf<T>, BidOf<T>> {
		let limit = limit.min(MAX_PAGE) as usize;
		let mut asks: Vec<(OrderId, AskOf<T>)> = Asks::<T>::iter()
			.filter(|(_, ask)| {
				T::Certificates::tradable_batch(ask.batch).is_some_and(|batch| batch.zone == zone)
			})
			.collect();
		asks.sort_by(|(a_id, a), (b_id, b)| {
			a.price_per_mwh.cmp(&b.price_per_mwh).then(a_id.cmp(b_id))
		});
		asks.truncate(limit);
		let mut bids: Vec<(OrderId, BidOf<T>)> = Bids::<T>::iter()
			.filter(|(_, bid)| bid.filters.zones.is_empty() || bid.filters.zones.contains(&zone))
			.collect();
		bids.sort_by(|(a_id, a), (b_id, b)| {
			b.max_price_per_mwh.cmp(&a.max_price_per_mwh).then(a_id.cmp(b_id))
		});
		bids.truncate(limit);
		OrderBook { asks, bids }
	}

	/// A page of `account`'s open orders after order `start_after` (runtime API).
	pub fn orders_of(
		account: &T::AccountId,
		start_after: Option<OrderId>,
		limit: u32,
	) -> Vec<Order<AskOf<T>, BidOf<T>>> {
		let ids = match start_after {
			Some(id) => OrdersOf::<T>::iter_key_prefix_from(
				account,
				OrdersOf::<T>::hashed_key_for(account, id),
			),
			None => OrdersOf::<T>::iter_key_prefix(account),
		};
		ids.take(limit.min(MAX_PAGE) as usize).filter_map(Self::order).collect()
	}

	/// An open order by id (runtime API).
	pub fn order(id: OrderId) -> Option<Order<AskOf<T>, BidOf<T>>> {
		Asks::<T>::get(id)
			.map(|ask| Order::Ask(id, ask))
			.or_else(|| Bids::<T>::get(id).map(|bid| Order::Bid(id, bid)))
	}

	/// The open orders among the `count` ids from `first` (at most [`MAX_PAGE`]), in order
	/// (runtime API): an id missing below the next id is an order filled or cancelled.
	pub fn orders_from(first: OrderId, count: u32) -> Vec<Order<AskOf<T>, BidOf<T>>> {
		origo_primitives::id_run(first, count, NextOrderId::<T>::get())
			.filter_map(Self::order)
			.collect()
	}

	/// The trades among the `count` ids from `first` (at most [`MAX_PAGE`]), in order (runtime
	/// API).
	pub fn trades_from(first: TradeId, count: u32) -> Vec<(TradeId, TradeOf<T>)> {
		Self::trade_page(origo_primitives::id_run(first, count, NextTradeId::<T>::get()), MAX_PAGE)
	}

	/// The trades that bought what the retirements among the `count` ids from `first` (at most
	/// [`MAX_PAGE`]) retired, for those retired on fill (runtime API): `(retirement, trade id,
	/// trade)`, in order.
	pub fn retirement_trades_from(
		first: RetirementId,
		count: u32,
	) -> Vec<(RetirementId, TradeId, TradeOf<T>)> {
		origo_primitives::id_run(first, count, RetirementId::MAX)
			.filter_map(|retirement| {
				let (id, trade) = Self::retirement_trade(retirement)?;
				Some((retirement, id, trade))
			})
			.collect()
	}

	/// A page of `account`'s trades, as buyer or seller, after trade `start_after` (runtime
	/// API).
	pub fn trades_of(
		account: &T::AccountId,
		start_after: Option<TradeId>,
		limit: u32,
	) -> Vec<(TradeId, TradeOf<T>)> {
		let ids = match start_after {
			Some(id) => AccountTrades::<T>::iter_key_prefix_from(
				account,
				AccountTrades::<T>::hashed_key_for(account, id),
			),
			None => AccountTrades::<T>::iter_key_prefix(account),
		};
		Self::trade_page(ids, limit)
	}

	/// A page of `batch`'s trades after trade `start_after` (runtime API).
	pub fn batch_trades(
		batch: BatchId,
		start_after: Option<TradeId>,
		limit: u32,
	) -> Vec<(TradeId, TradeOf<T>)> {
		let ids = match start_after {
			Some(id) => BatchTrades::<T>::iter_key_prefix_from(
				batch,
				BatchTrades::<T>::hashed_key_for(batch, id),
			),
			None => BatchTrades::<T>::iter_key_prefix(batch),
		};
		Self::trade_page(ids, limit)
	}

	/// The trade that bought what retirement `retirement` retired, if it was retired on fill
	/// (runtime API).
	pub fn retirement_trade(retirement: RetirementId) -> Option<(TradeId, TradeOf<T>)> {
		let id = RetirementTrades::<T>::get(retirement)?;
		Trades::<T>::get(id).map(|trade| (id, trade))
	}

	fn trade_page(ids: impl Iterator<Item = TradeId>, limit: u32) -> Vec<(TradeId, TradeOf<T>)> {
		ids.take(limit.min(MAX_PAGE) as usize)
			.filter_map(|id| Trades::<T>::get(id).map(|trade| (id, trade)))
			.collect()
	}

	/// The last clearing that traded in each of `zone`'s auctions, by technology (runtime API).
	pub fn clearings(zone: Zone) -> Vec<(Technology, Clearing<BalanceOf<T>>)> {
		Technology::ALL
			.iter()
			.filter_map(|&technology| {
				Clearings::<T>::get(Segment { zone, technology })
					.map(|clearing| (technology, clearing))
			})
			.collect()
	}
}

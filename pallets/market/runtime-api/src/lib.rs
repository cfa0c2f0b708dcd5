//! Queries of the certificate market, for the auditor RPC, the CLI and explorers.
//!
//! Lists page with a cursor: pass the last id of the previous page as `start_after`; pages are
//! at most [`MAX_PAGE`] long, in storage order. An order book comes best price first.
//!
//! The API is generic over the runtime's records (`Ask`, `Bid`, `Trade`, `StandingAsk`:
//! `pallet_market::{AskOf, BidOf, TradeOf}<Runtime>` and `StandingAsk<AccountId, Balance>`),
//! whose bounds (filter lengths, claim texts) are the runtime's.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use origo_primitives::registry::{BatchId, DeviceId, RetirementId, Technology, Zone};
pub use origo_primitives::MAX_PAGE;
pub use pallet_market::{Clearing, Order, OrderBook, OrderId, TradeId};

sp_api::decl_runtime_apis! {
	/// The market's queries. Version 2 added `orders`, `trades` and `retirement_trades`.
	#[api_version(2)]
	pub trait MarketApi<AccountId, Balance, Ask, Bid, Trade, StandingAsk>
	where
		AccountId: Codec,
		Balance: Codec,
		Ask: Codec,
		Bid: Codec,
		Trade: Codec,
		StandingAsk: Codec,
	{
		/// The open orders of `zone`, at most `limit` per side: asks of its batches, lowest
		/// price first; bids that accept its certificates, highest first.
		fn order_book(zone: Zone, limit: u32) -> OrderBook<Ask, Bid>;
		/// A page of an account's open orders.
		fn orders_of(account: AccountId, start_after: Option<OrderId>, limit: u32) -> Vec<Order<Ask, Bid>>;
		/// An open order by id.
		fn order(order: OrderId) -> Option<Order<Ask, Bid>>;
		/// The open orders among the `count` ids from `first` (at most [`MAX_PAGE`]), in order:
		/// ids are allotted in order, so runs of ids page through every order ever placed.
		fn orders(first: OrderId, count: u32) -> Vec<Order<Ask, Bid>>;
		/// A page of an account's trades, as buyer or seller.
		fn trades_of(account: AccountId, start_after: Option<TradeId>, limit: u32) -> Vec<(TradeId, Trade)>;
		/// A page of a batch's trades.
		fn batch_trades(batch: BatchId, start_after: Option<TradeId>, limit: u32) -> Vec<(TradeId, Trade)>;
		/// A trade by id.
		fn trade(trade: TradeId) -> Option<Trade>;
		/// The trades among the `count` ids from `first` (at most [`MAX_PAGE`]), in order.
		fn trades(first: TradeId, count: u32) -> Vec<(TradeId, Trade)>;
		/// The trade that bought what a retirement retired, if it was retired on fill.
		fn retirement_trade(retirement: RetirementId) -> Option<(TradeId, Trade)>;
		/// The trades that bought what the retirements among the `count` ids from `first` (at
		/// most [`MAX_PAGE`]) retired, for those retired on fill: `(retirement, trade id, trade)`.
		fn retirement_trades(first: RetirementId, count: u32) -> Vec<(RetirementId, TradeId, Trade)>;
		/// The last clearing that traded in each of `zone`'s local auctions.
		fn clearings(zone: Zone) -> Vec<(Technology, Clearing<Balance>)>;
		/// A device's standing ask.
		fn standing_ask(device: DeviceId) -> Option<StandingAsk>;
	}
}

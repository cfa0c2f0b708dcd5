//! The market's answers: orders, trades, clearing prices and standing asks. Prices are plancks
//! per MWh and payments plancks, as strings (ORI has 12 decimals).

use crate::{account, amount, zone, Period};
use origo_primitives::{
	registry::{DeviceId, Technology, Zone},
	time::format_utc,
	AccountId, Balance, BlockNumber,
};
use pallet_certificates::{BatchId, Claim, RetirementId};
use pallet_market::{Ask, Bid, Clearing, Filters, OrderId, Segment, StandingAsk, Trade, TradeId};
use serde::{Deserialize, Serialize};

fn plancks(value: Balance) -> String {
	value.to_string()
}

/// A local auction: a zone and a technology.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct AuctionView {
	/// The zone's code.
	pub zone: String,
	/// The technology.
	pub technology: Technology,
}

impl From<Segment> for AuctionView {
	fn from(segment: Segment) -> Self {
		Self { zone: zone(&segment.zone), technology: segment.technology }
	}
}

/// An open ask.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AskView {
	/// Its id.
	pub id: OrderId,
	/// Who sells.
	pub seller: String,
	/// The batch.
	pub batch: BatchId,
	/// Wh still offered.
	pub wh: String,
	/// Plancks per MWh.
	pub price_per_mwh: String,
	/// When it expires, if it does.
	pub expires_at: Option<String>,
	/// When it was placed.
	pub placed_at: String,
	/// The local auction it waits in, if any.
	pub auction: Option<AuctionView>,
}

impl AskView {
	/// The view of ask `id`.
	pub fn new(id: OrderId, ask: Ask<AccountId, Balance>) -> Self {
		Self {
			id,
			seller: account(&ask.seller),
			batch: ask.batch,
			wh: amount(ask.wh),
			price_per_mwh: plancks(ask.price_per_mwh),
			expires_at: ask.expires_at.map(format_utc),
			placed_at: format_utc(ask.placed_at),
			auction: ask.auction.map(Into::into),
		}
	}
}

/// What a bid accepts; empty lists accept any.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FiltersView {
	/// Zone codes.
	pub zones: Vec<String>,
	/// Technologies.
	pub technologies: Vec<Technology>,
	/// Devices.
	pub devices: Vec<DeviceId>,
	/// The earliest production start.
	pub produced_from: Option<String>,
	/// The latest production end.
	pub produced_until: Option<String>,
	/// The most seconds since production ended, at the fill.
	pub max_age_seconds: Option<u64>,
}

/// An open bid.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BidView {
	/// Its id.
	pub id: OrderId,
	/// Who buys.
	pub buyer: String,
	/// Wh still wanted.
	pub wh: String,
	/// The most it pays, plancks per MWh.
	pub max_price_per_mwh: String,
	/// Which batches it accepts.
	pub filters: FiltersView,
	/// When it expires, if it does.
	pub expires_at: Option<String>,
	/// When it was placed.
	pub placed_at: String,
	/// If what it buys is retired on fill: for whom (SS58), or `null` for a bid that keeps it.
	pub retires_for: Option<String>,
	/// The local auction it waits in, if any.
	pub auction: Option<AuctionView>,
}

impl BidView {
	/// The view of bid `id`.
	pub fn new<Zones, Technologies, Devices, Text>(
		id: OrderId,
		bid: Bid<AccountId, Balance, Filters<Zones, Technologies, Devices>, Claim<AccountId, Text>>,
	) -> Self
	where
		Zones: AsRef<[Zone]>,
		Technologies: AsRef<[Technology]>,
		Devices: AsRef<[DeviceId]>,
	{
		let filters = &bid.filters;
		Self {
			id,
			buyer: account(&bid.buyer),
			wh: amount(bid.wh),
			max_price_per_mwh: plancks(bid.max_price_per_mwh),
			filters: FiltersView {
				zones: filters.zones.as_ref().iter().map(zone).collect(),
				technologies: filters.technologies.as_ref().to_vec(),
				devices: filters.devices.as_ref().to_vec(),
				produced_from: filters.produced_from.map(format_utc),
				produced_until: filters.produced_until.map(format_utc),
				max_age_seconds: filters.max_age,
			},
			expires_at: bid.expires_at.map(format_utc),
			placed_at: format_utc(bid.placed_at),
			retires_for: bid
				.claim
				.as_ref()
				.map(|claim| account(claim.beneficiary.as_ref().unwrap_or(&bid.buyer))),
			auction: bid.auction.map(Into::into),
		}
	}
}

/// An open order: an ask or a bid.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase", tag = "side")]
pub enum OrderView {
	/// An ask.
	Ask(AskView),
	/// A bid.
	Bid(BidView),
}

impl OrderView {
	/// The order's id.
	pub fn id(&self) -> OrderId {
		match self {
			OrderView::Ask(ask) => ask.id,
			OrderView::Bid(bid) => bid.id,
		}
	}
}

/// The open orders of a zone, best price first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct OrderBookView {
	/// The zone's code.
	pub zone: String,
	/// Asks of its batches, lowest price first.
	pub asks: Vec<AskView>,
	/// Bids that accept its certificates, highest price first.
	pub bids: Vec<BidView>,
}

/// A trade: what was paid for what.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TradeView {
	/// Its id.
	pub id: TradeId,
	/// The ask it filled, if any.
	pub ask: Option<OrderId>,
	/// The bid it filled, if any (both for a local auction's fill).
	pub bid: Option<OrderId>,
	/// The batch traded.
	pub batch: BatchId,
	/// Who sold.
	pub seller: String,
	/// Who bought.
	pub buyer: String,
	/// Wh traded.
	pub wh: String,
	/// Plancks per MWh.
	pub price_per_mwh: String,
	/// What the buyer paid, plancks.
	pub payment: String,
	/// The market's fee out of the payment, plancks.
	pub fee: String,
	/// The retirement made for the buyer's claim, if the trade retired what it bought.
	pub retirement: Option<RetirementId>,
	/// The block it settled in.
	pub block: BlockNumber,
	/// When.
	pub time: String,
}

impl TradeView {
	/// The view of trade `id`.
	pub fn new(id: TradeId, trade: Trade<AccountId, Balance, BlockNumber>) -> Self {
		Self {
			id,
			ask: trade.ask,
			bid: trade.bid,
			batch: trade.batch,
			seller: account(&trade.seller),
			buyer: account(&trade.buyer),
			wh: amount(trade.wh),
			price_per_mwh: plancks(trade.price_per_mwh),
			payment: plancks(trade.payment),
			fee: plancks(trade.fee),
			retirement: trade.retirement,
			block: trade.block,
			time: format_utc(trade.time),
		}
	}
}

/// A local auction's last clearing that traded.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClearingView {
	/// The auction.
	pub auction: AuctionView,
	/// The period cleared.
	pub period: Period,
	/// The price every fill paid, plancks per MWh.
	pub price_per_mwh: String,
	/// Wh traded.
	pub wh: String,
	/// Trades made.
	pub trades: u32,
}

impl ClearingView {
	/// The view of `segment`'s clearing.
	pub fn new(segment: Segment, clearing: Clearing<Balance>) -> Self {
		Self {
			auction: segment.into(),
			period: Period::of(clearing.period_start, clearing.period_end),
			price_per_mwh: plancks(clearing.price_per_mwh),
			wh: amount(clearing.wh),
			trades: clearing.trades,
		}
	}
}

/// A device's standing ask.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StandingAskView {
	/// The device.
	pub device: DeviceId,
	/// The owner that set it.
	pub owner: String,
	/// Plancks per MWh.
	pub price_per_mwh: String,
	/// Whether its asks wait in the device's local auction.
	pub auction: bool,
}

impl StandingAskView {
	/// The view of `device`'s standing ask.
	pub fn new(device: DeviceId, standing: StandingAsk<AccountId, Balance>) -> Self {
		Self {
			device,
			owner: account(&standing.owner),
			price_per_mwh: plancks(standing.terms.price_per_mwh),
			auction: standing.terms.auction,
		}
	}
}

//! The records pallet-market keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use origo_primitives::registry::{
	BatchId, DeviceId, RetirementId, Technology, TradableBatch, UnixTime, Wh, Zone,
};
use scale_info::TypeInfo;

/// An ask or a bid: both take their ids from one sequence.
pub type OrderId = u64;

/// A trade record.
pub type TradeId = u64;

/// How many plancks per MWh a price is a multiple of: one planck per Wh, so that every payment,
/// `price x Wh / 1,000,000`, is a whole number of plancks and nothing is rounded.
pub const PRICE_TICK: u32 = 1_000_000;

/// A holder's offer to sell Wh of one batch at a price: its Wh are listed (escrowed) in the
/// certificate registry until filled, cancelled or closed.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct Ask<AccountId, Balance> {
	/// Who sells.
	pub seller: AccountId,
	/// Of which batch.
	pub batch: BatchId,
	/// Wh still offered.
	pub wh: Wh,
	/// Plancks per MWh.
	pub price_per_mwh: Balance,
	/// From when it can no longer fill, unix seconds; `None` until cancelled.
	pub expires_at: Option<UnixTime>,
	/// When it was placed, unix seconds: an auction clears the orders placed before its period
	/// ended.
	pub placed_at: UnixTime,
	/// The local auction it waits in, if any: it then fills only there, at the clearing price.
	pub auction: Option<Segment>,
}

/// A local auction's market: the certificates of one technology produced in one zone. Its
/// orders have no other filter, so that one price clears it.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub struct Segment {
	/// Where the certificates' production took place.
	pub zone: Zone,
	/// How it was produced.
	pub technology: Technology,
}

/// What a bid accepts: a batch satisfies every filter given. An empty list accepts any.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct Filters<Zones, Technologies, Devices> {
	/// The zones the production may come from.
	pub zones: Zones,
	/// The technologies it may come from.
	pub technologies: Technologies,
	/// The devices it may come from (e.g. one's neighbours' rooftops).
	pub devices: Devices,
	/// The earliest its production may start, unix seconds.
	pub produced_from: Option<UnixTime>,
	/// The latest its production may end, unix seconds.
	pub produced_until: Option<UnixTime>,
	/// How long ago its production may have ended at the fill, seconds (recent certificates).
	pub max_age: Option<u64>,
}

impl<Zones, Technologies, Devices> Filters<Zones, Technologies, Devices>
where
	Zones: AsRef<[Zone]>,
	Technologies: AsRef<[Technology]>,
	Devices: AsRef<[DeviceId]>,
{
	/// Whether `batch` satisfies every filter at `now`.
	pub fn accept(&self, batch: &TradableBatch, now: UnixTime) -> bool {
		fn listed_or_any<Item: PartialEq>(list: &[Item], item: &Item) -> bool {
			list.is_empty() || list.contains(item)
		}
		listed_or_any(self.zones.as_ref(), &batch.zone)
			&& listed_or_any(self.technologies.as_ref(), &batch.technology)
			&& listed_or_any(self.devices.as_ref(), &batch.device)
			&& self.produced_from.is_none_or(|from| batch.production_start >= from)
			&& self.produced_until.is_none_or(|until| batch.production_end <= until)
			&& self.max_age.is_none_or(|age| now.saturating_sub(batch.production_end) <= age)
	}
}

/// Filters as a caller gives them.
pub type FiltersInput =
	Filters<alloc::vec::Vec<Zone>, alloc::vec::Vec<Technology>, alloc::vec::Vec<DeviceId>>;

/// A buyer's standing demand: up to `wh` Wh at up to a price from batches its filters accept.
/// The cost of what it still wants at its price is held from the buyer's balance.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct Bid<AccountId, Balance, Filters, Claim> {
	/// Who buys.
	pub buyer: AccountId,
	/// Wh still wanted.
	pub wh: Wh,
	/// The most it pays, plancks per MWh: what a seller filling it receives.
	pub max_price_per_mwh: Balance,
	/// Which batches it accepts.
	pub filters: Filters,
	/// From when it can no longer fill, unix seconds; `None` until cancelled.
	pub expires_at: Option<UnixTime>,
	/// If given, what it buys is retired on fill for this claim.
	pub claim: Option<Claim>,
	/// When it was placed, unix seconds.
	pub placed_at: UnixTime,
	/// The local auction it waits in, if any: its filters are then the auction's zone and
	/// technology, and it fills only there, at the clearing price.
	pub auction: Option<Segment>,
}

/// A trade: certificates for plancks, settled in one call.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug)]
pub struct Trade<AccountId, Balance, BlockNumber> {
	/// The ask it filled, if any.
	pub ask: Option<OrderId>,
	/// The bid it filled, if any.
	pub bid: Option<OrderId>,
	/// The batch traded.
	pub batch: BatchId,
	/// Who sold.
	pub seller: AccountId,
	/// Who bought.
	pub buyer: AccountId,
	/// Wh traded.
	pub wh: Wh,
	/// Plancks per MWh.
	pub price_per_mwh: Balance,
	/// What the buyer paid, plancks: `price_per_mwh x wh / 1,000,000`, exactly.
	pub payment: Balance,
	/// The market's fee, out of the payment, plancks; the seller received the rest.
	pub fee: Balance,
	/// The retirement made for the buyer's claim, if the trade retired what it bought.
	pub retirement: Option<RetirementId>,
	/// The block it settled in.
	pub block: BlockNumber,
	/// When, unix seconds.
	pub time: UnixTime,
}

/// Why an order was closed before it filled.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub enum CloseReason {
	/// Its owner cancelled it.
	Cancelled,
	/// It expired.
	Expired,
	/// Its batch expired or was revoked: it could no longer fill.
	BatchNotLive,
}

/// Which side of an auction an account is on.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Side {
	/// It sells: it has asks there.
	Sell,
	/// It buys: it has bids there.
	Buy,
}

/// An account's orders in one auction, all on one side: the auction never matches an account
/// with itself.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug)]
pub struct Participation {
	/// Its side.
	pub side: Side,
	/// How many open orders it has there.
	pub orders: u32,
}

/// A local auction's book: how many orders wait in it, and how far it cleared.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug, Default)]
pub struct AuctionBook {
	/// Open orders, asks and bids.
	pub orders: u32,
	/// The end of the last period it cleared (or, for a new book, of the period before its
	/// first order), unix seconds.
	pub cleared_until: UnixTime,
}

/// A clearing that traded: its period, uniform price and volume.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct Clearing<Balance> {
	/// The start of the period it cleared, unix seconds.
	pub period_start: UnixTime,
	/// The end of that period: the orders placed before it took part.
	pub period_end: UnixTime,
	/// The price every fill paid, plancks per MWh.
	pub price_per_mwh: Balance,
	/// Wh traded.
	pub wh: Wh,
	/// Trades made.
	pub trades: u32,
}

/// A device owner's standing offer: every batch its device is issued is listed at this price.
#[derive(
	Clone, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug,
)]
pub struct StandingAskTerms<Balance> {
	/// Plancks per MWh, on the tick.
	pub price_per_mwh: Balance,
	/// Whether the asks wait in the device's local auction rather than for a direct buyer.
	pub auction: bool,
}

/// A standing ask as stored: its owner's terms.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug)]
pub struct StandingAsk<AccountId, Balance> {
	/// The device's owner that set it: the asks list what it is issued.
	pub owner: AccountId,
	/// The price and venue.
	pub terms: StandingAskTerms<Balance>,
}

/// How far `on_idle` has cleared the local auctions for a period.
#[derive(Clone, Encode, Decode, MaxEncodedLen, TypeInfo, PartialEq, Eq, Debug, Default)]
pub struct AuctionSweep {
	/// The end of the period the sweep clears, unix seconds.
	pub period_end: UnixTime,
	/// The last auction it cleared or passed, in storage order.
	pub cursor: Option<Segment>,
	/// Whether it went through every auction.
	pub done: bool,
}

/// An open order, as queries return it.
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub enum Order<Ask, Bid> {
	/// An ask, by id.
	Ask(OrderId, Ask),
	/// A bid, by id.
	Bid(OrderId, Bid),
}

impl<Ask, Bid> Order<Ask, Bid> {
	/// The order's id.
	pub fn id(&self) -> OrderId {
		match self {
			Order::Ask(id, _) | Order::Bid(id, _) => *id,
		}
	}
}

/// The open orders of a zone, best price first, as queries return them.
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub struct OrderBook<Ask, Bid> {
	/// Asks of the zone's batches, lowest price first, then oldest.
	pub asks: alloc::vec::Vec<(OrderId, Ask)>,
	/// Bids that accept the zone's certificates (filters naming it, or no zone), highest price
	/// first, then oldest.
	pub bids: alloc::vec::Vec<(OrderId, Bid)>,
}

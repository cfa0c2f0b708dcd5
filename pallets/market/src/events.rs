//! The events of the market

use frame_support::pallet_macros::pallet_section;

/// The events of the market, imported into the pallet by `#[import_section]`.
#[pallet_section]
mod events {
	/// Events of the market.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A holder offered Wh of a batch for sale; they are listed (escrowed) until the ask
		/// fills or closes.
		AskPlaced {
			/// The new ask.
			ask: OrderId,
			/// Who sells.
			seller: T::AccountId,
			/// The batch.
			batch: BatchId,
			/// Wh offered.
			wh: Wh,
			/// Plancks per MWh.
			price_per_mwh: BalanceOf<T>,
			/// When it expires, unix seconds.
			expires_at: Option<UnixTime>,
			/// The local auction it waits in, if any.
			auction: Option<Segment>,
		},
		/// A buyer placed standing demand; its cost at its price is held from its balance.
		BidPlaced {
			/// The new bid.
			bid: OrderId,
			/// Who buys.
			buyer: T::AccountId,
			/// Wh wanted.
			wh: Wh,
			/// The most it pays, plancks per MWh.
			max_price_per_mwh: BalanceOf<T>,
			/// Plancks held: the cost of `wh` at that price.
			held: BalanceOf<T>,
			/// When it expires, unix seconds.
			expires_at: Option<UnixTime>,
			/// Whether what it buys is retired on fill.
			retires: bool,
			/// The local auction it waits in, if any.
			auction: Option<Segment>,
		},
		/// Certificates were sold: the buyer paid, the seller was paid less the fee, the
		/// certificates went to the buyer or were retired for its claim.
		Traded {
			/// The trade record.
			trade: TradeId,
			/// The ask filled, if any.
			ask: Option<OrderId>,
			/// The bid filled, if any.
			bid: Option<OrderId>,
			/// The batch.
			batch: BatchId,
			/// Who sold.
			seller: T::AccountId,
			/// Who bought.
			buyer: T::AccountId,
			/// Wh traded.
			wh: Wh,
			/// Plancks per MWh.
			price_per_mwh: BalanceOf<T>,
			/// Plancks the buyer paid.
			payment: BalanceOf<T>,
			/// Plancks of it that went to the fee destination.
			fee: BalanceOf<T>,
			/// The retirement made for the buyer's claim, if any.
			retirement: Option<RetirementId>,
		},
		/// An order closed before it filled: its listed Wh or held plancks went back to its
		/// owner.
		OrderClosed {
			/// The order.
			order: OrderId,
			/// Its owner.
			owner: T::AccountId,
			/// Why.
			reason: CloseReason,
			/// Wh an ask returned to its seller's holding (0 for a bid).
			wh_returned: Wh,
			/// Plancks a bid released to its buyer (0 for an ask).
			released: BalanceOf<T>,
		},
		/// A local auction cleared a period: every fill paid one price.
		AuctionCleared {
			/// The auction's zone.
			zone: Zone,
			/// The auction's technology.
			technology: Technology,
			/// The start of the period cleared, unix seconds.
			period_start: UnixTime,
			/// Its end: the orders placed before it took part.
			period_end: UnixTime,
			/// The uniform price, plancks per MWh; `None` if nothing traded.
			price_per_mwh: Option<BalanceOf<T>>,
			/// Wh traded.
			wh: Wh,
			/// Trades made.
			trades: u32,
		},
		/// A fill a clearing found could not settle (e.g. the seller could not hold the
		/// deposit of the buyer's new holding); both orders keep their Wh.
		AuctionFillFailed {
			/// The ask.
			ask: OrderId,
			/// The bid.
			bid: OrderId,
			/// Wh of the fill.
			wh: Wh,
			/// Why it failed.
			error: DispatchError,
		},
		/// A device's owner set (or, with `None`, stopped) its standing ask.
		StandingAskSet {
			/// The device.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// The price and venue every new batch is listed at.
			terms: Option<StandingAskTerms<BalanceOf<T>>>,
		},
		/// A new batch could not be listed at its device's standing ask; it stays in the
		/// recipient's holding.
		StandingAskFailed {
			/// The device.
			device: DeviceId,
			/// The batch.
			batch: BatchId,
			/// Why.
			error: DispatchError,
		},
		/// Governance set how long the local auctions' periods are.
		AuctionPeriodSet {
			/// Seconds.
			seconds: u64,
		},
		/// Governance set the market's fee.
		FeeSet {
			/// The share of each payment that goes to the fee destination.
			fee: Permill,
		},
	}
}

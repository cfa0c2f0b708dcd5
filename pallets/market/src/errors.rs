//! The errors of the market

use frame_support::pallet_macros::pallet_section;

/// The errors of the market, imported into the pallet by `#[import_section]`.
#[pallet_section]
mod errors {
	/// Why a call of the market failed.
	#[pallet::error]
	pub enum Error<T> {
		/// Amounts must be above zero.
		ZeroAmount,
		/// Prices must be above zero.
		ZeroPrice,
		/// A price is a whole number of plancks per Wh (a multiple of 1,000,000 plancks per
		/// MWh), so that every payment is exact.
		PriceOffTick,
		/// An order's expiry must be in the future.
		ExpiryInPast,
		/// No batch has that id.
		UnknownBatch,
		/// The batch expired or was revoked: its certificates can no longer be traded.
		BatchNotLive,
		/// The seller holds less of the batch unlisted than the amount: more than it holds, or
		/// listed already.
		InsufficientHolding,
		/// The buyer's free balance does not cover the payment or the bid's cost.
		InsufficientFunds,
		/// No ask or bid has that id (it may have filled or closed).
		UnknownOrder,
		/// Only the order's owner closes it before it expires (or, for an ask, before its batch
		/// dies).
		NotOrderOwner,
		/// One's own order cannot be filled by oneself.
		OwnOrder,
		/// The order expired: it can no longer fill, and anyone may close it.
		OrderExpired,
		/// The amount exceeds what the order still offers or wants.
		ExceedsOrder,
		/// The ask's price is above the buyer's limit.
		PriceAboveLimit,
		/// The bid's price is below the seller's limit.
		PriceBelowLimit,
		/// The batch does not satisfy the bid's filters.
		FiltersUnmet,
		/// A filter lists more than `MaxFilterItems` items.
		TooManyFilterItems,
		/// A zone in the filters is not a valid zone code.
		InvalidZone,
		/// The production window ends before it starts.
		InvalidWindow,
		/// The account has `MaxOrdersPerAccount` open orders already.
		TooManyOrders,
		/// The fee is above `MaxFee`.
		FeeTooHigh,
		/// A payment or a bid's cost does not fit in a balance.
		Overflow,
		/// The order waits in a local auction: it fills only when the auction clears, at its
		/// price.
		AuctionOrder,
		/// The local auction's book holds `MaxAuctionOrders` open orders already.
		AuctionBookFull,
		/// The account has orders on the other side of this local auction: the auction never
		/// matches an account with itself.
		OppositeAuctionOrder,
		/// The local auction has no open orders, or cleared the last period that ended already.
		AuctionNotDue,
		/// An auction period is from a minute to a week long.
		InvalidAuctionPeriod,
		/// No device has that id.
		UnknownDevice,
		/// Only a device's owner sets its standing ask.
		NotDeviceOwner,
		/// The device's batches are issued to a beneficiary its owner named, not to the owner
		/// whose standing ask would list them.
		NotRecipient,
	}
}

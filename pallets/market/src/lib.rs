#![doc = include_str!("../README.md")]
//!
//! ## Example
//!
//! A rooftop lists a MWh, a bakery buys half of it and retires it for its consumption in the
//! same call (a unit test, so it compiles and runs with them):
#![doc = docify::embed!("src/tests/fills.rs", a_buyer_takes_part_of_an_ask_and_retires_it)]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod errors;
mod events;
mod features;
pub mod migrations;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	dispatch::PostDispatchInfo,
	pallet_prelude::*,
	traits::{fungible, UnixTime as _},
};
use origo_primitives::registry::{
	BatchId, CertificateEscrow, DeviceId, DeviceRegistry, RetirementId, Technology, UnixTime, Wh,
	Zone,
};
use sp_runtime::Permill;

#[frame_support::pallet_macros::import_section(events::events)]
#[frame_support::pallet_macros::import_section(errors::errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::pallet_prelude::*;

	/// The storage version: 1 since asks and bids record when they were placed and their
	/// auction ([`migrations::v1`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the market.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The chain's currency (ORI): payments, and the plancks bids hold.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons, of which this pallet's.
		type RuntimeHoldReason: From<HoldReason>;
		/// The certificate registry, which escrows listed certificates and delivers them.
		type Certificates: CertificateEscrow<Self::AccountId>;
		/// The device registry: who owns a device that sets a standing ask.
		type Devices: DeviceRegistry<Self::AccountId>;
		/// The chain's clock.
		type UnixTime: frame_support::traits::UnixTime;
		/// Who sets the fee.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Where fees go (the treasury).
		type FeeDestination: Get<Self::AccountId>;
		/// The highest fee governance may set.
		#[pallet::constant]
		type MaxFee: Get<Permill>;
		/// How many open orders (asks and bids) one account may have.
		#[pallet::constant]
		type MaxOrdersPerAccount: Get<u32>;
		/// How many zones, technologies or devices one bid's filter may list.
		#[pallet::constant]
		type MaxFilterItems: Get<u32>;
		/// How long a local auction's period is, seconds, until governance or the genesis
		/// config sets another ([`AuctionPeriod`]).
		#[pallet::constant]
		type DefaultAuctionPeriod: Get<u64>;
		/// How many open orders (asks and bids) one local auction's book holds: the bound of a
		/// clearing's work.
		#[pallet::constant]
		type MaxAuctionOrders: Get<u32>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
		/// Sets the chain's clock in benchmarks, so that an auction's period can end.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// What the benchmarks need of the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper {
		/// Sets the chain's clock to `unix_seconds`.
		fn set_time(unix_seconds: UnixTime);
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The cost of an open bid at its price.
		Bid,
	}

	/// Balances of the chain's currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;
	/// A checked claim, as a bid keeps it.
	pub type ClaimOf<T> = <<T as Config>::Certificates as CertificateEscrow<
		<T as frame_system::Config>::AccountId,
	>>::Claim;
	/// A claim as a caller gives it.
	pub type ClaimInputOf<T> = <<T as Config>::Certificates as CertificateEscrow<
		<T as frame_system::Config>::AccountId,
	>>::ClaimInput;
	/// A bid's filters as stored.
	pub type FiltersOf<T> = Filters<
		BoundedVec<origo_primitives::registry::Zone, <T as Config>::MaxFilterItems>,
		BoundedVec<origo_primitives::registry::Technology, <T as Config>::MaxFilterItems>,
		BoundedVec<origo_primitives::registry::DeviceId, <T as Config>::MaxFilterItems>,
	>;
	/// An ask as stored.
	pub type AskOf<T> = Ask<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// A bid as stored.
	pub type BidOf<T> =
		Bid<<T as frame_system::Config>::AccountId, BalanceOf<T>, FiltersOf<T>, ClaimOf<T>>;
	/// A trade record.
	pub type TradeOf<T> =
		Trade<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// Open asks by id.
	#[pallet::storage]
	pub type Asks<T: Config> = StorageMap<_, Twox64Concat, OrderId, AskOf<T>>;

	/// Open bids by id.
	#[pallet::storage]
	pub type Bids<T: Config> = StorageMap<_, Twox64Concat, OrderId, BidOf<T>>;

	/// The id the next order gets.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// Index: each account's open orders.
	#[pallet::storage]
	pub type OrdersOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, OrderId, ()>;

	/// How many open orders each account has.
	#[pallet::storage]
	pub type OrderCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Trades by id: what was paid for what, kept as evidence (a retirement's price).
	#[pallet::storage]
	pub type Trades<T: Config> = StorageMap<_, Twox64Concat, TradeId, TradeOf<T>>;

	/// The id the next trade gets.
	#[pallet::storage]
	pub type NextTradeId<T: Config> = StorageValue<_, TradeId, ValueQuery>;

	/// Index: the trades of each account, as buyer or seller.
	#[pallet::storage]
	pub type AccountTrades<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, TradeId, ()>;

	/// Index: the trade that bought the certificates of each retirement made on fill (a
	/// retirement's receipt shows what was paid).
	#[pallet::storage]
	pub type RetirementTrades<T: Config> = StorageMap<_, Twox64Concat, RetirementId, TradeId>;

	/// Index: the trades of each batch.
	#[pallet::storage]
	pub type BatchTrades<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BatchId, Twox64Concat, TradeId, ()>;

	/// The share of each payment that goes to `FeeDestination`; none by default.
	#[pallet::storage]
	pub type Fee<T: Config> = StorageValue<_, Permill, ValueQuery>;

	/// Devices whose owners list every batch they are issued.
	#[pallet::storage]
	pub type StandingAsks<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, StandingAsk<T::AccountId, BalanceOf<T>>>;

	/// The local auctions with open orders.
	#[pallet::storage]
	pub type AuctionBooks<T: Config> = StorageMap<_, Blake2_128Concat, Segment, AuctionBook>;

	/// Index: the open orders of each local auction.
	#[pallet::storage]
	pub type AuctionOrders<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Segment, Twox64Concat, OrderId, ()>;

	/// The side each account is on in each local auction, and its orders there.
	#[pallet::storage]
	pub type AuctionParticipants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		Segment,
		Blake2_128Concat,
		T::AccountId,
		Participation,
	>;

	/// Each local auction's last clearing that traded: its price.
	#[pallet::storage]
	pub type Clearings<T: Config> =
		StorageMap<_, Blake2_128Concat, Segment, Clearing<BalanceOf<T>>>;

	/// The last period for which `on_idle` cleared every due auction, and where it stopped in
	/// the current sweep: it clears within the blocks' spare weight, a few auctions a block.
	#[pallet::storage]
	pub type Sweep<T: Config> = StorageValue<_, AuctionSweep, ValueQuery>;

	/// How long a local auction's period is, seconds: each auction clears once a period, over
	/// the orders placed before the period ended. Periods are aligned on the unix epoch.
	#[pallet::storage]
	pub type AuctionPeriod<T: Config> = StorageValue<_, u64, ValueQuery, T::DefaultAuctionPeriod>;

	/// The market at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The local auctions' period, seconds, if not `DefaultAuctionPeriod` (a dev chain
		/// clears every minute, so that a walkthrough need not wait an hour).
		pub auction_period: Option<u64>,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(seconds) = self.auction_period {
				Pallet::<T>::check_auction_period(seconds)
					.expect("the genesis auction period is from a minute to a week");
				AuctionPeriod::<T>::put(seconds);
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_block: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::sweep_auctions(remaining)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Offers `wh` Wh of `batch` at `price_per_mwh`; they are listed (escrowed) in the
		/// certificate registry: still the caller's, but they move only when the ask fills,
		/// and return when it closes.
		///
		/// Origin: signed, a holder of the batch.
		/// - `batch`: a live batch (neither expired nor revoked).
		/// - `wh`: at most what the caller holds of it and has not listed.
		/// - `price_per_mwh`: plancks per MWh, above zero, a multiple of 1,000,000 (a whole
		///   planck per Wh).
		/// - `expires_at`: unix seconds in the future, or `None` to stand until cancelled.
		///
		/// Emits `AskPlaced`.
		/// Errors: `ZeroAmount`, `ZeroPrice`, `PriceOffTick`, `ExpiryInPast`, `UnknownBatch`,
		/// `BatchNotLive`, `InsufficientHolding`, `TooManyOrders`.
		#[pallet::call_index(0)]
		pub fn place_ask(
			origin: OriginFor<T>,
			batch: BatchId,
			wh: Wh,
			price_per_mwh: BalanceOf<T>,
			expires_at: Option<UnixTime>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			Self::do_place_ask(seller, batch, wh, price_per_mwh, expires_at, false).map(|_| ())
		}

		/// Places standing demand for `wh` Wh at up to `max_price_per_mwh` from batches that
		/// `filters` accept; its cost at that price is held from the caller's balance until it
		/// fills, is cancelled or expires.
		///
		/// Origin: signed, any account.
		/// - `wh`: above zero.
		/// - `max_price_per_mwh`: plancks per MWh, above zero, a multiple of 1,000,000; what a
		///   seller filling the bid receives.
		/// - `filters`: zones, technologies, devices (each at most `MaxFilterItems`, empty for
		///   any), a production window and a maximum age.
		/// - `expires_at`: unix seconds in the future, or `None`.
		/// - `claim`: if given, what the bid buys is retired on fill for it (its beneficiary the
		///   caller unless named); texts within the registry's bounds.
		///
		/// Emits `BidPlaced`.
		/// Errors: `ZeroAmount`, `ZeroPrice`, `PriceOffTick`, `ExpiryInPast`,
		/// `TooManyFilterItems`, `InvalidZone`, `InvalidWindow`, `Overflow`,
		/// `InsufficientFunds`, `TooManyOrders`, and the registry's claim errors (`TextTooLong`,
		/// `InvalidZone`, `InvalidPeriod`).
		#[pallet::call_index(1)]
		pub fn place_bid(
			origin: OriginFor<T>,
			wh: Wh,
			max_price_per_mwh: BalanceOf<T>,
			filters: FiltersInput,
			expires_at: Option<UnixTime>,
			claim: Option<ClaimInputOf<T>>,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			let filters = Self::bound_filters(filters)?;
			Self::do_place_bid(buyer, wh, max_price_per_mwh, filters, expires_at, claim, None)
				.map(|_| ())
		}

		/// Buys `wh` Wh of an ask at its price, paying from the caller's free balance; retires
		/// them for `claim` in the same call if one is given.
		///
		/// Origin: signed, not the ask's seller.
		/// - `ask`: an open ask, not expired, of a live batch.
		/// - `wh`: at most what the ask still offers.
		/// - `max_price_per_mwh`: the most the caller pays: a guard against a changed ask.
		/// - `claim`: as in [`Pallet::place_bid`].
		///
		/// Emits `Traded`.
		/// Errors: `ZeroAmount`, `UnknownOrder`, `AuctionOrder`, `OwnOrder`, `OrderExpired`,
		/// `BatchNotLive`, `ExceedsOrder`, `PriceAboveLimit`, `InsufficientFunds`, the
		/// registry's claim errors,
		/// and the currency's when the seller cannot hold the buyer's new holding's deposit.
		#[pallet::call_index(2)]
		pub fn buy(
			origin: OriginFor<T>,
			ask: OrderId,
			wh: Wh,
			max_price_per_mwh: BalanceOf<T>,
			claim: Option<ClaimInputOf<T>>,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			Self::do_buy(buyer, ask, wh, max_price_per_mwh, claim).map(|_| ())
		}

		/// Sells `wh` Wh of `batch` into a bid at its price, paid from what the bid holds; the
		/// certificates go to the bid's buyer, or are retired for its claim.
		///
		/// Origin: signed, a holder of the batch, not the bid's buyer.
		/// - `bid`: an open bid, not expired, whose filters accept the batch.
		/// - `batch`: a live batch of which the caller holds `wh` unlisted.
		/// - `wh`: at most what the bid still wants.
		/// - `min_price_per_mwh`: the least the caller accepts: a guard against a changed bid.
		///
		/// Emits `Traded`.
		/// Errors: `ZeroAmount`, `UnknownOrder`, `AuctionOrder`, `OwnOrder`, `OrderExpired`,
		/// `ExceedsOrder`, `PriceBelowLimit`, `UnknownBatch`, `BatchNotLive`, `FiltersUnmet`,
		/// `InsufficientHolding`, and the currency's when the caller cannot hold the buyer's new
		/// holding's deposit.
		#[pallet::call_index(3)]
		pub fn sell(
			origin: OriginFor<T>,
			bid: OrderId,
			batch: BatchId,
			wh: Wh,
			min_price_per_mwh: BalanceOf<T>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			Self::do_sell(seller, bid, batch, wh, min_price_per_mwh).map(|_| ())
		}

		/// Closes an order: an ask's listed Wh return to its seller's holding, a bid's held
		/// plancks to its buyer.
		///
		/// Origin: signed, the order's owner; or anyone once the order expired, or an ask's
		/// batch expired or was revoked (it can no longer fill).
		///
		/// Emits `OrderClosed` with the reason.
		/// Errors: `UnknownOrder`, `NotOrderOwner`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::close_ask().max(<T as Config>::WeightInfo::close_bid()))]
		pub fn close_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_close_order(&caller, order)
		}

		/// Sets the share of each payment that goes to the fee destination.
		///
		/// Origin: governance.
		/// - `fee`: at most `MaxFee`.
		///
		/// Emits `FeeSet`.
		/// Errors: `FeeTooHigh`.
		#[pallet::call_index(5)]
		pub fn set_fee(origin: OriginFor<T>, fee: Permill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(fee <= T::MaxFee::get(), Error::<T>::FeeTooHigh);
			Fee::<T>::put(fee);
			Self::deposit_event(Event::FeeSet { fee });
			Ok(())
		}

		/// Offers `wh` Wh of `batch` in the local auction of its zone and technology, at
		/// `price_per_mwh` or more: they are listed as by [`Pallet::place_ask`], and fill only
		/// when that auction clears, at its uniform price.
		///
		/// Origin: signed, a holder of the batch with no bid in that auction.
		/// Arguments as [`Pallet::place_ask`]'s.
		///
		/// Emits `AskPlaced`.
		/// Errors: those of [`Pallet::place_ask`], `AuctionBookFull`, `OppositeAuctionOrder`.
		#[pallet::call_index(6)]
		pub fn place_auction_ask(
			origin: OriginFor<T>,
			batch: BatchId,
			wh: Wh,
			price_per_mwh: BalanceOf<T>,
			expires_at: Option<UnixTime>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			Self::do_place_ask(seller, batch, wh, price_per_mwh, expires_at, true).map(|_| ())
		}

		/// Bids for `wh` Wh of `technology` produced in `zone` at up to `max_price_per_mwh`, in
		/// that local auction: its cost at that price is held, and it fills only when the
		/// auction clears, at its uniform price; the difference is released.
		///
		/// Origin: signed, an account with no ask in that auction.
		/// - `zone`, `technology`: the auction.
		/// - `wh`, `max_price_per_mwh`, `expires_at`, `claim`: as [`Pallet::place_bid`]'s.
		///
		/// Emits `BidPlaced`.
		/// Errors: `InvalidZone`, those of [`Pallet::place_bid`], `AuctionBookFull`,
		/// `OppositeAuctionOrder`.
		#[pallet::call_index(7)]
		pub fn place_auction_bid(
			origin: OriginFor<T>,
			zone: Zone,
			technology: Technology,
			wh: Wh,
			max_price_per_mwh: BalanceOf<T>,
			expires_at: Option<UnixTime>,
			claim: Option<ClaimInputOf<T>>,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			ensure!(zone.is_valid(), Error::<T>::InvalidZone);
			let segment = Segment { zone, technology };
			let filters = Self::auction_filters(segment);
			Self::do_place_bid(
				buyer,
				wh,
				max_price_per_mwh,
				filters,
				expires_at,
				claim,
				Some(segment),
			)
			.map(|_| ())
		}

		/// Clears the local auction of `zone` and `technology` for the last period that ended:
		/// its orders placed before that period ended trade at one price, the midpoint of the
		/// marginal bid's and ask's prices rounded down to the tick; expired orders and asks of
		/// dead batches close. Free for the caller when it clears; `on_idle` clears due
		/// auctions too, within blocks' spare weight.
		///
		/// Origin: signed, anyone.
		/// - `zone`, `technology`: the auction.
		///
		/// Emits `AuctionCleared`, with a `Traded` per fill, `OrderClosed` per order closed, and
		/// `AuctionFillFailed` for a fill that could not settle.
		/// Errors: `AuctionNotDue`.
		#[pallet::call_index(8)]
		#[pallet::weight(<T as Config>::WeightInfo::clear_auction(T::MaxAuctionOrders::get()))]
		pub fn clear_auction(
			origin: OriginFor<T>,
			zone: Zone,
			technology: Technology,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let orders = Self::do_clear_auction(Segment { zone, technology })?;
			Ok(PostDispatchInfo {
				actual_weight: Some(<T as Config>::WeightInfo::clear_auction(orders)),
				pays_fee: Pays::No,
			})
		}

		/// Sets how long the local auctions' periods are. Each auction next clears the orders
		/// placed before the end of the new period that contains the current time.
		///
		/// Origin: governance.
		/// - `seconds`: from 60 (a minute) to 604,800 (a week).
		///
		/// Emits `AuctionPeriodSet`.
		/// Errors: `InvalidAuctionPeriod`.
		#[pallet::call_index(10)]
		pub fn set_auction_period(origin: OriginFor<T>, seconds: u64) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::check_auction_period(seconds)?;
			AuctionPeriod::<T>::put(seconds);
			Self::deposit_event(Event::AuctionPeriodSet { seconds });
			Ok(())
		}

		/// Has every batch `device` is issued listed at `terms` (or stops it, for `None`): a
		/// direct ask, or an ask in the device's local auction. The asks are the owner's orders
		/// like any other; an issuance that cannot list (too many orders, a full auction book)
		/// emits `StandingAskFailed` and leaves the batch in the owner's holding.
		///
		/// Origin: signed, the device's owner.
		/// - `device`: a registered device.
		/// - `terms`: the price per MWh (above zero, on the tick) and the venue.
		///
		/// Emits `StandingAskSet`.
		/// Errors: `UnknownDevice`, `NotDeviceOwner`, `ZeroPrice`, `PriceOffTick`.
		#[pallet::call_index(9)]
		pub fn set_standing_ask(
			origin: OriginFor<T>,
			device: DeviceId,
			terms: Option<StandingAskTerms<BalanceOf<T>>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_set_standing_ask(owner, device, terms)
		}
	}
}

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> UnixTime {
		T::UnixTime::now().as_secs()
	}
}

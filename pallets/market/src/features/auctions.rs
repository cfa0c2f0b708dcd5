//! Local auctions: for each zone and technology, a periodic uniform-price double auction over
//! the orders that wait in it.
//!
//! **The clearing rule.** The auction of a period takes the orders placed before the period
//! ended that are still open, not expired, and (asks) of live batches. Bids go by price
//! descending, asks by price ascending, ties by time (the order placed first goes first). Fills
//! walk down both lists, each as large as the current bid and ask both allow, while the bid's
//! price is at least the ask's: this trades the most Wh any single price could. Every fill pays
//! one price: the midpoint of the last (marginal) matched bid's and ask's prices, rounded down
//! to the tick, so at most every matched bid's price and at least every matched ask's. The
//! marginal orders may fill in part; what is left of any order waits for the next period.

use crate::{features::settlement::*, *};
use alloc::vec::Vec;
use frame_support::storage::with_storage_layer;
use sp_runtime::traits::{AtLeast32BitUnsigned, Saturating, Zero};

/// An order as the clearing sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BookEntry<Balance> {
	/// The order (its id is its time priority).
	pub order: OrderId,
	/// Its limit, plancks per MWh.
	pub price_per_mwh: Balance,
	/// Wh it offers or wants.
	pub wh: Wh,
}

/// A fill the clearing found: `wh` Wh of `asks[ask]` to `bids[bid]`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Match {
	/// Index in the sorted bids.
	pub bid: usize,
	/// Index in the sorted asks.
	pub ask: usize,
	/// Wh.
	pub wh: Wh,
}

/// What a book clears to: one price, and the fills.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Matching<Balance> {
	/// The uniform price, plancks per MWh.
	pub price_per_mwh: Balance,
	/// The fills, in priority order.
	pub matches: Vec<Match>,
}

/// Clears a book by the rule in this module's docs; `None` if no bid meets an ask. Sorts
/// `bids` and `asks` into priority order (the indices of the fills are into the sorted lists).
/// Prices are multiples of `tick`, and so is the clearing price.
pub fn match_book<Balance: AtLeast32BitUnsigned + Copy>(
	bids: &mut [BookEntry<Balance>],
	asks: &mut [BookEntry<Balance>],
	tick: Balance,
) -> Option<Matching<Balance>> {
	bids.sort_by(|a, b| b.price_per_mwh.cmp(&a.price_per_mwh).then(a.order.cmp(&b.order)));
	asks.sort_by(|a, b| a.price_per_mwh.cmp(&b.price_per_mwh).then(a.order.cmp(&b.order)));
	let mut matches = Vec::new();
	let (mut bid, mut ask) = (0, 0);
	let (mut wanted, mut offered) = (bids.first()?.wh, asks.first()?.wh);
	while bid < bids.len() && ask < asks.len() && bids[bid].price_per_mwh >= asks[ask].price_per_mwh
	{
		let wh = wanted.min(offered);
		matches.push(Match { bid, ask, wh });
		wanted -= wh;
		offered -= wh;
		if wanted == 0 {
			bid += 1;
			wanted = bids.get(bid).map_or(0, |entry| entry.wh);
		}
		if offered == 0 {
			ask += 1;
			offered = asks.get(ask).map_or(0, |entry| entry.wh);
		}
	}
	let marginal = matches.last()?;
	let (highest, lowest) = (bids[marginal.bid].price_per_mwh, asks[marginal.ask].price_per_mwh);
	let midpoint = lowest + (highest - lowest) / 2u32.into();
	Some(Matching { price_per_mwh: midpoint - midpoint % tick, matches })
}

impl<T: Config> Pallet<T> {
	/// The start of the auction period `now` is in: the end of the last that ended.
	fn period_start(now: UnixTime) -> UnixTime {
		now - now % AuctionPeriod::<T>::get().max(1)
	}

	/// An auction period is from a minute to a week long.
	pub(crate) fn check_auction_period(seconds: u64) -> DispatchResult {
		ensure!((60..=7 * 86_400).contains(&seconds), Error::<T>::InvalidAuctionPeriod);
		Ok(())
	}

	/// Enters order `id` of `owner` on `side` in `segment`'s book: within
	/// `MaxAuctionOrders`, and on the side `owner` is already on there.
	pub(crate) fn enter_auction(
		owner: &T::AccountId,
		segment: Segment,
		side: Side,
		id: OrderId,
	) -> DispatchResult {
		// A new book's orders are all placed in the current period: no earlier one is due.
		let mut book = AuctionBooks::<T>::get(segment).unwrap_or_else(|| AuctionBook {
			orders: 0,
			cleared_until: Self::period_start(Self::now()),
		});
		ensure!(book.orders < T::MaxAuctionOrders::get(), Error::<T>::AuctionBookFull);
		AuctionParticipants::<T>::try_mutate(segment, owner, |participation| {
			match participation {
				Some(participation) if participation.side != side => {
					return Err(Error::<T>::OppositeAuctionOrder)
				},
				Some(participation) => participation.orders += 1,
				None => *participation = Some(Participation { side, orders: 1 }),
			}
			Ok(())
		})?;
		book.orders += 1;
		AuctionBooks::<T>::insert(segment, book);
		AuctionOrders::<T>::insert(segment, id, ());
		Ok(())
	}

	/// Takes order `id` of `owner` out of `segment`'s book, filled or closed.
	pub(crate) fn leave_auction(owner: &T::AccountId, segment: Segment, id: OrderId) {
		AuctionOrders::<T>::remove(segment, id);
		AuctionParticipants::<T>::mutate_exists(segment, owner, |participation| {
			if let Some(left) = participation {
				left.orders = left.orders.saturating_sub(1);
				if left.orders == 0 {
					*participation = None;
				}
			}
		});
		AuctionBooks::<T>::mutate_exists(segment, |book| {
			if let Some(left) = book {
				left.orders = left.orders.saturating_sub(1);
				if left.orders == 0 {
					*book = None;
				}
			}
		});
	}

	/// Clears `segment`'s auction for the last period that ended; returns how many orders its
	/// book held (what the clearing's weight depends on).
	pub(crate) fn do_clear_auction(segment: Segment) -> Result<u32, DispatchError> {
		let mut book = AuctionBooks::<T>::get(segment).ok_or(Error::<T>::AuctionNotDue)?;
		let now = Self::now();
		// The period cleared ends where the current one starts; it began where the last
		// clearing ended, or a period earlier if the auction waited longer.
		let cutoff = Self::period_start(now);
		ensure!(book.cleared_until < cutoff, Error::<T>::AuctionNotDue);
		let period_start =
			book.cleared_until.max(cutoff.saturating_sub(AuctionPeriod::<T>::get().max(1)));
		let orders = book.orders;
		book.cleared_until = cutoff;
		AuctionBooks::<T>::insert(segment, book);

		let (mut bids, mut asks) = (Vec::new(), Vec::new());
		for id in AuctionOrders::<T>::iter_key_prefix(segment).collect::<Vec<_>>() {
			if let Some(ask) = Asks::<T>::get(id) {
				if Self::expired(ask.expires_at, now) {
					Self::close_ask(id, ask, CloseReason::Expired)?;
				} else if !T::Certificates::tradable_batch(ask.batch).is_some_and(|b| b.live) {
					Self::close_ask(id, ask, CloseReason::BatchNotLive)?;
				} else if ask.placed_at < cutoff {
					asks.push(BookEntry {
						order: id,
						price_per_mwh: ask.price_per_mwh,
						wh: ask.wh,
					});
				}
			} else if let Some(bid) = Bids::<T>::get(id) {
				if Self::expired(bid.expires_at, now) {
					Self::close_bid(id, bid, CloseReason::Expired)?;
				} else if bid.placed_at < cutoff {
					bids.push(BookEntry {
						order: id,
						price_per_mwh: bid.max_price_per_mwh,
						wh: bid.wh,
					});
				}
			}
		}

		let (mut wh, mut trades) = (0, 0);
		let matching = match_book(&mut bids, &mut asks, PRICE_TICK.into());
		let price_per_mwh = matching.as_ref().map(|matching| matching.price_per_mwh);
		for (fill, price) in matching.into_iter().flat_map(|matching| {
			let price = matching.price_per_mwh;
			matching.matches.into_iter().map(move |fill| (fill, price))
		}) {
			let (bid, ask) = (bids[fill.bid].order, asks[fill.ask].order);
			match with_storage_layer(|| Self::fill_in_auction(ask, bid, fill.wh, price)) {
				Ok(()) => {
					wh += fill.wh;
					trades += 1;
				},
				Err(error) => {
					Self::deposit_event(Event::AuctionFillFailed { ask, bid, wh: fill.wh, error })
				},
			}
		}
		let traded = price_per_mwh.filter(|_| trades > 0);
		if let Some(price_per_mwh) = traded {
			Clearings::<T>::insert(
				segment,
				Clearing { period_start, period_end: cutoff, price_per_mwh, wh, trades },
			);
		}
		Self::deposit_event(Event::AuctionCleared {
			zone: segment.zone,
			technology: segment.technology,
			period_start,
			period_end: cutoff,
			price_per_mwh: traded,
			wh,
			trades,
		});
		Ok(orders)
	}

	/// Settles one fill of a clearing: `wh` Wh of `ask_id` to `bid_id` at `price_per_mwh`;
	/// the bid's hold above that price is released.
	fn fill_in_auction(
		ask_id: OrderId,
		bid_id: OrderId,
		wh: Wh,
		price_per_mwh: BalanceOf<T>,
	) -> DispatchResult {
		let mut ask = Asks::<T>::get(ask_id).ok_or(Error::<T>::UnknownOrder)?;
		let mut bid = Bids::<T>::get(bid_id).ok_or(Error::<T>::UnknownOrder)?;
		let excess =
			Self::cost(wh, bid.max_price_per_mwh)?.saturating_sub(Self::cost(wh, price_per_mwh)?);
		let buyer = bid.buyer.clone();
		let fill = Fill {
			ask: Some(ask_id),
			bid: Some(bid_id),
			batch: ask.batch,
			seller: ask.seller.clone(),
			buyer: buyer.clone(),
			wh,
			price_per_mwh,
			claim: bid.claim.clone(),
		};
		ask.wh = ask.wh.checked_sub(wh).ok_or(Error::<T>::ExceedsOrder)?;
		bid.wh = bid.wh.checked_sub(wh).ok_or(Error::<T>::ExceedsOrder)?;
		if ask.wh == 0 {
			Asks::<T>::remove(ask_id);
			Self::forget_order(&ask.seller, ask_id, ask.auction);
		} else {
			Asks::<T>::insert(ask_id, ask);
		}
		if bid.wh == 0 {
			Bids::<T>::remove(bid_id);
			Self::forget_order(&bid.buyer, bid_id, bid.auction);
		} else {
			Bids::<T>::insert(bid_id, bid);
		}
		Self::settle(fill, Funds::Held)?;
		if !excess.is_zero() {
			Self::release_bid_funds(&buyer, excess)?;
		}
		Ok(())
	}

	/// Clears the auctions due, in storage order, as far as `remaining` weight allows; goes on
	/// in the next block where it stopped. Returns the weight used.
	pub(crate) fn sweep_auctions(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		// The clock, the period and the sweep's record; the record's write at the end.
		let mut used = db.reads(3);
		let finish = db.writes(1);
		if remaining.any_lt(used.saturating_add(finish)) {
			return Weight::zero();
		}
		let cutoff = Self::period_start(Self::now());
		let mut sweep = Sweep::<T>::get();
		if sweep.period_end != cutoff {
			sweep = AuctionSweep { period_end: cutoff, cursor: None, done: false };
		}
		if sweep.done {
			return used;
		}
		let start = sweep.cursor;
		let mut books = match start {
			Some(segment) => {
				AuctionBooks::<T>::iter_from(AuctionBooks::<T>::hashed_key_for(segment))
			},
			None => AuctionBooks::<T>::iter(),
		};
		// Each book read, and the clearing's worst case for its size.
		loop {
			if remaining.any_lt(used.saturating_add(db.reads(1)).saturating_add(finish)) {
				break;
			}
			used.saturating_accrue(db.reads(1));
			let Some((segment, book)) = books.next() else {
				sweep.done = true;
				break;
			};
			if book.cleared_until < cutoff {
				let clearing = T::WeightInfo::clear_auction(book.orders);
				if remaining.any_lt(used.saturating_add(clearing).saturating_add(finish)) {
					break;
				}
				used.saturating_accrue(clearing);
				// A book the clearing cannot settle is left as it was (the call would fail the
				// same way), and the sweep goes on.
				let _ = with_storage_layer(|| Self::do_clear_auction(segment));
			}
			sweep.cursor = Some(segment);
		}
		Sweep::<T>::put(sweep);
		used.saturating_add(finish)
	}
}

//! The market's invariants, checked after every unit test and by `try-runtime`.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Checks the market's invariants: each seller's listed Wh of a batch are what its open asks
	/// offer, and nothing else is listed; each account's plancks held for bids are the cost of
	/// what its open bids still want; every order is indexed under its owner and counted, within
	/// `MaxOrdersPerAccount`; ids below the next ones; prices on the tick; each local
	/// auction's book indexes and counts its orders (within `MaxAuctionOrders`), each account
	/// on one side of it; standing asks' prices on the tick.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next_order = NextOrderId::<T>::get();
		let mut owners: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut listed: BTreeMap<(T::AccountId, BatchId), Wh> = BTreeMap::new();
		// Per auction, its orders; per auction and account, its side and orders there.
		let mut books: BTreeMap<Segment, u32> = BTreeMap::new();
		let mut sides: BTreeMap<(Segment, T::AccountId), (Side, u32)> = BTreeMap::new();
		let mut enter = |segment: Segment, owner: &T::AccountId, side: Side, id: OrderId| {
			ensure!(
				AuctionOrders::<T>::contains_key(segment, id),
				"an auction order is not in its book"
			);
			*books.entry(segment).or_default() += 1;
			let entry = sides.entry((segment, owner.clone())).or_insert((side, 0));
			ensure!(entry.0 == side, "an account is on both sides of an auction");
			entry.1 += 1;
			Ok::<(), sp_runtime::TryRuntimeError>(())
		};
		for (id, ask) in Asks::<T>::iter() {
			if let Some(segment) = ask.auction {
				let batch =
					T::Certificates::tradable_batch(ask.batch).ok_or("an ask's batch is gone")?;
				ensure!(
					batch.zone == segment.zone && batch.technology == segment.technology,
					"an auction ask is not in its batch's auction"
				);
				enter(segment, &ask.seller, Side::Sell, id)?;
			}
			ensure!(id < next_order, "an ask id is not below NextOrderId");
			ensure!(ask.wh > 0, "an empty ask is open");
			ensure!(Self::check_price(ask.price_per_mwh).is_ok(), "an ask's price is off the tick");
			ensure!(OrdersOf::<T>::contains_key(&ask.seller, id), "an ask is not indexed");
			*owners.entry(ask.seller.clone()).or_default() += 1;
			*listed.entry((ask.seller, ask.batch)).or_default() += ask.wh;
		}
		let mut total_listed: Wh = 0;
		for ((seller, batch), wh) in listed {
			ensure!(
				T::Certificates::listed(&seller, batch) == wh,
				"a seller's listed Wh of a batch are not what its asks offer"
			);
			total_listed += wh;
		}
		ensure!(
			T::Certificates::total_listed() == total_listed,
			"certificates are listed that no ask offers"
		);
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, bid) in Bids::<T>::iter() {
			ensure!(id < next_order, "a bid id is not below NextOrderId");
			ensure!(!Asks::<T>::contains_key(id), "an order id is both an ask and a bid");
			ensure!(bid.wh > 0, "an empty bid is open");
			ensure!(
				Self::check_price(bid.max_price_per_mwh).is_ok(),
				"a bid's price is off the tick"
			);
			ensure!(OrdersOf::<T>::contains_key(&bid.buyer, id), "a bid is not indexed");
			if let Some(segment) = bid.auction {
				ensure!(
					bid.filters == Self::auction_filters(segment),
					"an auction bid has other filters than its auction's"
				);
				enter(segment, &bid.buyer, Side::Buy, id)?;
			}
			*owners.entry(bid.buyer.clone()).or_default() += 1;
			let cost = Self::cost(bid.wh, bid.max_price_per_mwh).map_err(|_| "a bid overflows")?;
			let sum = held.entry(bid.buyer).or_insert_with(Zero::zero);
			*sum += cost;
		}
		for (buyer, sum) in held {
			ensure!(
				Self::held_for_bids(&buyer) == sum,
				"an account's held plancks are not its bids' cost"
			);
		}
		for (owner, count) in OrderCount::<T>::iter() {
			ensure!(owners.remove(&owner) == Some(count), "an account's order count is wrong");
			ensure!(count <= T::MaxOrdersPerAccount::get(), "an account has too many orders");
		}
		ensure!(owners.is_empty(), "an account with orders has no count");
		ensure!(
			OrdersOf::<T>::iter().all(|(owner, id, ())| {
				Asks::<T>::get(id).is_some_and(|ask| ask.seller == owner)
					|| Bids::<T>::get(id).is_some_and(|bid| bid.buyer == owner)
			}),
			"an indexed order is not open, or not its owner's"
		);
		for (segment, book) in AuctionBooks::<T>::iter() {
			ensure!(
				books.remove(&segment) == Some(book.orders),
				"an auction's order count is wrong, or it is empty"
			);
			ensure!(book.orders <= T::MaxAuctionOrders::get(), "an auction's book is over-full");
		}
		ensure!(books.is_empty(), "an auction with orders has no book");
		ensure!(
			AuctionOrders::<T>::iter().all(|(segment, id, ())| {
				Asks::<T>::get(id).is_some_and(|ask| ask.auction == Some(segment))
					|| Bids::<T>::get(id).is_some_and(|bid| bid.auction == Some(segment))
			}),
			"an auction indexes an order not open in it"
		);
		for (segment, owner, participation) in AuctionParticipants::<T>::iter() {
			ensure!(
				sides.remove(&(segment, owner)) == Some((participation.side, participation.orders)),
				"an account's side or orders in an auction are wrong"
			);
		}
		ensure!(sides.is_empty(), "an account in an auction is not recorded there");
		ensure!(
			StandingAsks::<T>::iter_values()
				.all(|standing| Self::check_price(standing.terms.price_per_mwh).is_ok()),
			"a standing ask's price is off the tick"
		);
		let next_trade = NextTradeId::<T>::get();
		ensure!(
			RetirementTrades::<T>::iter().all(|(retirement, id)| {
				Trades::<T>::get(id).is_some_and(|trade| trade.retirement == Some(retirement))
			}),
			"a retirement's trade did not make it"
		);
		ensure!(
			Trades::<T>::iter_keys().all(|id| id < next_trade),
			"a trade id is not below NextTradeId"
		);
		Ok(())
	}
}

//! Benchmarks of the market's calls, each in its worst case: fills pay a fee, retire for the
//! longest claim and fill the order whole; bids carry full filters the batch meets last; closed
//! orders leave an auction's book; a clearing settles the most fills its book can make.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_system::RawOrigin;
use origo_primitives::registry::{DeviceId, Technology, Zone};

/// Wh of each benchmark batch: a MWh.
const WH: Wh = 1_000_000;

/// A price of 1,000 plancks per Wh.
fn price<T: Config>() -> BalanceOf<T> {
	BalanceOf::<T>::from(PRICE_TICK) * BalanceOf::<T>::from(1_000u32)
}

/// `who`, funded for any payment, hold and deposit of these benchmarks.
fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	fund::<T>(&who);
	who
}

fn fund<T: Config>(who: &T::AccountId) {
	let plenty = BalanceOf::<T>::from(u32::MAX) * BalanceOf::<T>::from(u32::MAX);
	T::Currency::set_balance(who, T::Currency::minimum_balance() + plenty);
}

/// A seller holding one live batch of [`WH`]; the fee at its highest, its destination alive.
fn seller_with_batch<T: Config>() -> (T::AccountId, BatchId) {
	let seller: T::AccountId = whitelisted_caller();
	fund::<T>(&seller);
	fund::<T>(&T::FeeDestination::get());
	Fee::<T>::put(T::MaxFee::get());
	let batch = T::Certificates::mint_for_benchmark(&seller, 1, WH)[0];
	(seller, batch)
}

fn later<T: Config>() -> Option<UnixTime> {
	Some(Pallet::<T>::now() + 86_400)
}

/// Filters with every list full, which accept `batch` only by their last items.
fn full_filters<T: Config>(batch: BatchId) -> FiltersInput {
	let tradable = T::Certificates::tradable_batch(batch).expect("minted");
	let items = T::MaxFilterItems::get();
	let others = items.saturating_sub(1);
	let mut zones: Vec<Zone> = (0..others)
		.map(|i| {
			let mut code = *b"F0000000";
			code[1..].copy_from_slice(&alloc::format!("{:07}", i).as_bytes()[..7]);
			Zone(code)
		})
		.collect();
	zones.push(tradable.zone);
	let mut technologies: Vec<Technology> =
		Technology::ALL.iter().copied().filter(|t| *t != tradable.technology).collect();
	technologies.truncate(others as usize);
	technologies.push(tradable.technology);
	let mut devices: Vec<DeviceId> =
		(0..u64::from(others)).map(|i| tradable.device + 1 + i).collect();
	devices.push(tradable.device);
	Filters {
		zones,
		technologies,
		devices,
		produced_from: Some(0),
		produced_until: Some(tradable.production_end),
		max_age: Some(u64::MAX),
	}
}

/// A bid of `buyer` for all of `batch` at [`price`], with full filters and the costliest claim.
fn full_bid<T: Config>(
	buyer: &T::AccountId,
	batch: BatchId,
	expires_at: Option<UnixTime>,
) -> OrderId {
	let claim = T::Certificates::benchmark_claim(buyer);
	let filters = Pallet::<T>::bound_filters(full_filters::<T>(batch)).expect("within bounds");
	Pallet::<T>::do_place_bid(
		buyer.clone(),
		WH,
		price::<T>(),
		filters,
		expires_at,
		Some(claim),
		None,
	)
	.expect("a valid bid")
}

/// The local auction of `batch`.
fn segment_of<T: Config>(batch: BatchId) -> Segment {
	let tradable = T::Certificates::tradable_batch(batch).expect("minted");
	Segment { zone: tradable.zone, technology: tradable.technology }
}

/// A bid of `buyer` for `wh` in `segment`'s auction at [`price`], with the costliest claim.
fn auction_bid<T: Config>(buyer: &T::AccountId, segment: Segment, wh: Wh) -> OrderId {
	let claim = T::Certificates::benchmark_claim(buyer);
	let filters = Pallet::<T>::auction_filters(segment);
	Pallet::<T>::do_place_bid(
		buyer.clone(),
		wh,
		price::<T>(),
		filters,
		None,
		Some(claim),
		Some(segment),
	)
	.expect("a valid bid")
}

/// An hour past the clock's start, so that orders placed now clear in the next period.
fn start_clock<T: Config>() {
	T::BenchmarkHelper::set_time(AuctionPeriod::<T>::get().max(1) * 1_000);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn place_ask() {
		let (seller, batch) = seller_with_batch::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller.clone()), batch, WH, price::<T>(), later::<T>());

		assert_eq!(T::Certificates::listed(&seller, batch), WH);
	}

	#[benchmark]
	fn place_bid() {
		let (_, batch) = seller_with_batch::<T>();
		let buyer: T::AccountId = whitelisted_caller();
		fund::<T>(&buyer);
		let filters = full_filters::<T>(batch);
		let claim = T::Certificates::benchmark_claim(&buyer);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), WH, price::<T>(), filters, later::<T>(), Some(claim));

		assert_eq!(
			Pallet::<T>::held_for_bids(&buyer),
			Pallet::<T>::cost(WH, price::<T>()).unwrap()
		);
	}

	#[benchmark]
	fn buy() {
		let (seller, batch) = seller_with_batch::<T>();
		let ask = Pallet::<T>::do_place_ask(seller, batch, WH, price::<T>(), later::<T>(), false)
			.expect("a valid ask");
		let buyer = funded::<T>("buyer");
		let claim = T::Certificates::benchmark_claim(&buyer);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), ask, WH, price::<T>(), Some(claim));

		assert!(!Asks::<T>::contains_key(ask));
		assert_eq!(NextTradeId::<T>::get(), 1);
	}

	#[benchmark]
	fn sell() {
		let (seller, batch) = seller_with_batch::<T>();
		let buyer = funded::<T>("buyer");
		let bid = full_bid::<T>(&buyer, batch, later::<T>());

		#[extrinsic_call]
		_(RawOrigin::Signed(seller), bid, batch, WH, price::<T>());

		assert!(!Bids::<T>::contains_key(bid));
		assert!(Pallet::<T>::held_for_bids(&buyer) == 0u32.into());
	}

	#[benchmark]
	fn close_ask() {
		let (seller, batch) = seller_with_batch::<T>();
		let ask = Pallet::<T>::do_place_ask(seller.clone(), batch, WH, price::<T>(), None, true)
			.expect("a valid ask");

		#[block]
		{
			Pallet::<T>::do_close_order(&seller, ask).expect("its seller closes it");
		}

		assert_eq!(T::Certificates::listed(&seller, batch), 0);
	}

	#[benchmark]
	fn close_bid() {
		let (_, batch) = seller_with_batch::<T>();
		let buyer: T::AccountId = whitelisted_caller();
		fund::<T>(&buyer);
		let bid = auction_bid::<T>(&buyer, segment_of::<T>(batch), WH);

		#[block]
		{
			Pallet::<T>::do_close_order(&buyer, bid).expect("its buyer closes it");
		}

		assert!(Pallet::<T>::held_for_bids(&buyer) == 0u32.into());
	}

	#[benchmark]
	fn set_fee() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxFee::get());

		assert_eq!(Fee::<T>::get(), T::MaxFee::get());
		Ok(())
	}

	#[benchmark]
	fn place_auction_ask() {
		let (seller, batch) = seller_with_batch::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(seller.clone()), batch, WH, price::<T>(), later::<T>());

		assert_eq!(AuctionBooks::<T>::get(segment_of::<T>(batch)).map(|book| book.orders), Some(1));
	}

	#[benchmark]
	fn place_auction_bid() {
		let (_, batch) = seller_with_batch::<T>();
		let segment = segment_of::<T>(batch);
		let buyer: T::AccountId = whitelisted_caller();
		fund::<T>(&buyer);
		let claim = T::Certificates::benchmark_claim(&buyer);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(buyer.clone()),
			segment.zone,
			segment.technology,
			WH,
			price::<T>(),
			later::<T>(),
			Some(claim),
		);

		assert_eq!(AuctionBooks::<T>::get(segment).map(|book| book.orders), Some(1));
	}

	/// A book of `n` orders, half asks (each of its own seller, device and batch) and half bids
	/// (each retiring for the costliest claim), sized so that every bid but the first spans two
	/// asks: the clearing settles `n - 1` fills.
	#[benchmark]
	fn clear_auction(n: Linear<2, { T::MaxAuctionOrders::get() }>) {
		start_clock::<T>();
		fund::<T>(&T::FeeDestination::get());
		Fee::<T>::put(T::MaxFee::get());
		let asks = n / 2;
		let bids = n - asks;
		let mut segment = None;
		for i in 0..asks {
			let seller: T::AccountId = account("seller", i, 0);
			fund::<T>(&seller);
			let batch = T::Certificates::mint_for_benchmark(&seller, 1, WH)[0];
			segment = Some(segment_of::<T>(batch));
			Pallet::<T>::do_place_ask(seller, batch, WH, price::<T>(), None, true)
				.expect("a valid ask");
		}
		let segment = segment.expect("at least one ask");
		for i in 0..bids {
			let buyer: T::AccountId = account("buyer", i, 0);
			fund::<T>(&buyer);
			let wh = if i == 0 { WH / 2 } else { WH };
			auction_bid::<T>(&buyer, segment, wh);
		}
		T::BenchmarkHelper::set_time(Pallet::<T>::now() + AuctionPeriod::<T>::get().max(1));
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), segment.zone, segment.technology);

		assert_eq!(NextTradeId::<T>::get(), u64::from(n - 1));
	}

	#[benchmark]
	fn set_auction_period() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 600);

		assert_eq!(AuctionPeriod::<T>::get(), 600);
		Ok(())
	}

	#[benchmark]
	fn set_standing_ask() {
		let owner: T::AccountId = whitelisted_caller();
		let issuer: T::AccountId = account("issuer", 0, 0);
		let device = T::Devices::register_approved_device(
			&owner,
			&issuer,
			Zone(*b"US-FL\0\0\0"),
			origo_primitives::registry::DeviceKind::Production,
		);
		let terms = StandingAskTerms { price_per_mwh: price::<T>(), auction: true };

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, Some(terms));

		assert!(StandingAsks::<T>::contains_key(device));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder.build(), crate::mock::Test);
}

//! The market's figures: bids placed and trades settled per second from many accounts, and a
//! full local auction book (`MaxAuctionOrders`) cleared by `on_idle` at the end of the dev
//! chain's one-minute period, whose block is re-executed against its weight with the others.

use crate::{
	load::{run_phase, Counted, Follower, PhaseResult},
	setup::{self, Sender},
};
use frame_support::traits::Get;
use origo_integration::{chain, wait_until, Node};
use origo_primitives::{
	registry::{Technology, Wh, Zone},
	Balance, UNIT,
};
use origo_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_certificates::{Claim, Purpose};
use pallet_market::{Call as MarketCall, Filters, Segment};
use serde_json::{json, Value};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

/// Prices: 1 ORI per MWh for asks, 2 for bids, so that every auction order crosses.
const ASK_PRICE: Balance = UNIT;
const BID_PRICE: Balance = 2 * UNIT;
/// What one bid of the orders phase wants, and one buy takes: a kWh.
const SMALL_WH: Wh = 1_000;
/// What each of Bob's asks offers: a whole benchmark batch.
const BATCH_WH: Wh = 1_000_000;

fn florida() -> Segment {
	Segment {
		zone: Zone::from_code(b"US-FL").expect("a valid zone"),
		technology: Technology::SolarPv,
	}
}

/// A consumption claim for the buyer, without texts.
pub fn consumption() -> Claim<origo_primitives::AccountId, Vec<u8>> {
	Claim {
		beneficiary: None,
		beneficiary_name: None,
		purpose: Purpose::Consumption,
		consumption_country: None,
		consumption_period: None,
		message: Vec::new(),
	}
}

/// What the market phases measured.
pub struct MarketResult {
	/// Bids placed per second.
	pub orders: PhaseResult,
	/// Asks bought (and retired on fill) per second.
	pub fills: PhaseResult,
	/// The full book's clearing: its block and what it traded.
	pub clearing: Value,
	/// The clearing's block, to re-execute against its weight.
	pub clearing_block: u32,
}

/// Runs the market phases with Bob (who holds every benchmark batch) as the seller of `batches`
/// (live, unlisted, whole) and as many funded buyers as an auction book has bids; each load
/// phase lasts `duration`.
pub fn run(node: &Node, batches: &[u64], duration: Duration) -> MarketResult {
	let max_orders: u32 = <Runtime as pallet_market::Config>::MaxOrdersPerAccount::get();
	let book: u32 = <Runtime as pallet_market::Config>::MaxAuctionOrders::get();
	let (asks, bids) = (book / 2, book - book / 2);
	assert!(batches.len() >= (2 * asks) as usize, "the market phases need {} batches", 2 * asks);
	let mut buyers = setup::funded_senders(node, "bench-buyer", bids);
	let mut bob = Sender::new(node, Sr25519Keyring::Bob.pair());

	// Bids from every buyer, each leaving room for one auction bid later.
	let per_buyer = max_orders.saturating_sub(1) as usize;
	let mut placed = vec![0usize; buyers.len()];
	let mut turn = 0usize;
	let filters = Filters {
		zones: vec![florida().zone],
		technologies: Vec::new(),
		devices: Vec::new(),
		produced_from: None,
		produced_until: None,
		max_age: None,
	};
	eprintln!("origo-bench: market bids for {}s", duration.as_secs());
	let orders = run_phase(node, "market bids", Counted::Orders, duration, 2_000, |count| {
		let context = chain::chain_context(node);
		let mut batch = Vec::new();
		for _ in 0..count {
			let Some(buyer) = (0..buyers.len())
				.map(|offset| (turn + offset) % buyers.len())
				.find(|index| placed[*index] < per_buyer)
			else {
				break;
			};
			turn = buyer + 1;
			placed[buyer] += 1;
			let call = RuntimeCall::Market(MarketCall::place_bid {
				wh: SMALL_WH,
				max_price_per_mwh: BID_PRICE,
				filters: filters.clone(),
				expires_at: None,
				claim: None,
			});
			batch.push((buyers[buyer].sign(call, context), 1));
		}
		batch
	});

	// Bob lists half the batches; buyers take a kWh at a time and retire it for consumption.
	let listings = whole_asks(node, &mut bob, &batches[..asks as usize], false);
	let first_ask = next_order_id(node);
	setup::submit_all(node, "Bob's asks", &listings);
	wait_until("Bob's asks to be listed", Duration::from_secs(300), || {
		(next_order_id(node) >= first_ask + u64::from(asks)).then_some(())
	});
	let mut next_ask = 0u64;
	eprintln!("origo-bench: market buys for {}s", duration.as_secs());
	let fills = run_phase(node, "market buys", Counted::Trades, duration, 1_000, |count| {
		let context = chain::chain_context(node);
		(0..count)
			.map(|_| {
				let ask = first_ask + next_ask % u64::from(asks);
				let buyer = (next_ask as usize) % buyers.len();
				next_ask += 1;
				let call = RuntimeCall::Market(MarketCall::buy {
					ask,
					wh: SMALL_WH,
					max_price_per_mwh: ASK_PRICE,
					claim: Some(consumption()),
				});
				(buyers[buyer].sign(call, context), 1)
			})
			.collect()
	});

	// A full book: Bob's other batches in the Florida solar auction, and one bid per buyer,
	// the first for half a batch so that every later bid spans two asks (the most fills).
	eprintln!("origo-bench: a full auction book of {book} orders");
	// Place it early in a minute, so that the whole book waits for the same period's end.
	wait_until("the start of a minute", Duration::from_secs(90), || {
		(setup::now() % 60 < 20).then_some(())
	});
	let mut book_orders =
		whole_asks(node, &mut bob, &batches[asks as usize..(2 * asks) as usize], true);
	let context = chain::chain_context(node);
	book_orders.extend(buyers.iter_mut().take(bids as usize).enumerate().map(|(i, buyer)| {
		let segment = florida();
		buyer.sign(
			RuntimeCall::Market(MarketCall::place_auction_bid {
				zone: segment.zone,
				technology: segment.technology,
				wh: if i == 0 { BATCH_WH / 2 } else { BATCH_WH },
				max_price_per_mwh: BID_PRICE,
				expires_at: None,
				claim: Some(consumption()),
			}),
			context,
		)
	}));
	let mut follower = Follower::new(node);
	setup::submit_all(node, "the auction book", &book_orders);
	let book_key = pallet_market::AuctionBooks::<Runtime>::hashed_key_for(florida());
	wait_until("the auction book to fill", Duration::from_secs(120), || {
		chain::storage::<pallet_market::AuctionBook>(node, &book_key)
			.filter(|filled| filled.orders == book)
	});
	let (block, cleared) = wait_until("the auction to clear", Duration::from_secs(180), || {
		follower.events().into_iter().find_map(|(number, events)| {
			events.iter().find_map(|event| match event {
				RuntimeEvent::Market(pallet_market::Event::AuctionCleared {
					wh,
					trades,
					price_per_mwh,
					..
				}) => Some((
					number,
					json!({
						"orders": book,
						"trades": trades,
						"wh": wh.to_string(),
						"pricePerMwh": price_per_mwh.map(|price| price.to_string()),
					}),
				)),
				_ => None,
			})
		})
	});
	MarketResult {
		orders,
		fills,
		clearing: json!({ "block": block, "cleared": cleared }),
		clearing_block: block,
	}
}

/// `seller`'s asks of each of `batches` whole at [`ASK_PRICE`], in the local auction if
/// `auction`, signed.
fn whole_asks(node: &Node, seller: &mut Sender, batches: &[u64], auction: bool) -> Vec<Vec<u8>> {
	let context = chain::chain_context(node);
	batches
		.iter()
		.map(|&batch| {
			let (wh, price_per_mwh, expires_at) = (BATCH_WH, ASK_PRICE, None);
			let call = if auction {
				MarketCall::place_auction_ask { batch, wh, price_per_mwh, expires_at }
			} else {
				MarketCall::place_ask { batch, wh, price_per_mwh, expires_at }
			};
			seller.sign(RuntimeCall::Market(call), context)
		})
		.collect()
}

fn next_order_id(node: &Node) -> u64 {
	chain::storage::<u64>(node, &pallet_market::NextOrderId::<Runtime>::hashed_key()).unwrap_or(0)
}

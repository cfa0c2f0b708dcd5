//! `origo market`: producers offer certificates (once, or every new batch of a device), buyers
//! bid (retiring on fill if they wish) or buy, sellers fill bids, anyone clears a local auction;
//! order books, orders, trades and clearing prices come from the auditor RPC. Prices are ORI per
//! MWh; the chain takes them to a whole planck per Wh (at most 6 decimals).

use super::{
	certificates::{ClaimArgs, PurposeArg},
	parse_time, parse_zone, report,
};
use crate::{
	chain::{origo, Chain, GlobalOptions},
	error::Result,
	keys::{account, SignerOptions},
	output::print,
};
use origo::runtime_types::pallet_market::types::{Filters, StandingAskTerms};
use origo_primitives::{
	registry::{Technology, UnixTime, Wh, Zone},
	Balance, UNIT,
};
use origo_rpc_types::{ClearingView, OrderBookView, OrderView, TradeView};
use subxt::{rpcs::rpc_params, utils::Static};

/// A price in ORI per MWh, e.g. `42` or `42.5`: its plancks per MWh.
pub fn parse_price(text: &str) -> std::result::Result<Balance, String> {
	let invalid = || format!("{text:?} is not a price in ORI per MWh (e.g. 42 or 42.5)");
	let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
	let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
	let decimals = UNIT.ilog10() as usize;
	if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > decimals {
		return Err(invalid());
	}
	let whole: Balance = whole.parse().map_err(|_| invalid())?;
	let fraction: Balance = format!("{fraction:0<decimals$}").parse().map_err(|_| invalid())?;
	whole.checked_mul(UNIT).and_then(|plancks| plancks.checked_add(fraction)).ok_or_else(invalid)
}

/// What is retired on fill, if anything.
#[derive(Debug, clap::Args)]
pub struct RetireOnFill {
	/// Retire what is bought for this purpose (default: keep it).
	#[arg(long, value_enum)]
	retire_for: Option<PurposeArg>,
	#[command(flatten)]
	claim: ClaimArgs,
}

impl RetireOnFill {
	fn claim(
		self,
	) -> Result<
		Option<
			origo::runtime_types::pallet_certificates::types::Claim<
				subxt::utils::AccountId32,
				Vec<u8>,
			>,
		>,
	> {
		self.retire_for.map(|purpose| self.claim.claim(purpose)).transpose()
	}
}

/// Market commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Offer Wh of a batch at a price: directly, or in its local auction (`--auction`).
	///
	/// Example: origo market ask --batch 0 --wh 2000000 --price 40 --suri //Ferdie
	Ask {
		/// The batch.
		#[arg(long)]
		batch: u64,
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		/// ORI per MWh (the least, in an auction).
		#[arg(long, value_parser = parse_price)]
		price: Balance,
		/// When the offer lapses (UTC time or unix seconds; default: never).
		#[arg(long, value_parser = parse_time)]
		expires: Option<UnixTime>,
		/// Wait in the local auction of the batch's zone and technology.
		#[arg(long)]
		auction: bool,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Bid for Wh up to a price from batches the filters accept; the cost is held until it
	/// fills, is closed or lapses.
	///
	/// Example: origo market bid --wh 1000000 --max-price 45 --zone US-FL --max-age-days 30
	/// --retire-for consumption --beneficiary-name "Acme Bakery" --suri //Eve
	Bid {
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		/// The most ORI per MWh.
		#[arg(long, value_parser = parse_price)]
		max_price: Balance,
		/// Accept production of these zones (repeat; default: any).
		#[arg(long, value_parser = parse_zone)]
		zone: Vec<Zone>,
		/// Accept these technologies, e.g. solar-pv (repeat; default: any).
		#[arg(long)]
		technology: Vec<Technology>,
		/// Accept these devices only, e.g. one's neighbours' (repeat; default: any).
		#[arg(long)]
		device: Vec<u64>,
		/// Production starting no earlier than this.
		#[arg(long, value_parser = parse_time)]
		produced_from: Option<UnixTime>,
		/// Production ending no later than this.
		#[arg(long, value_parser = parse_time)]
		produced_until: Option<UnixTime>,
		/// Production that ended at most this many days before the fill.
		#[arg(long)]
		max_age_days: Option<u64>,
		/// When the bid lapses.
		#[arg(long, value_parser = parse_time)]
		expires: Option<UnixTime>,
		#[command(flatten)]
		retire: RetireOnFill,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Bid in the local auction of a zone and technology: it fills when the auction clears, at
	/// its price.
	///
	/// Example: origo market auction-bid --zone US-FL --technology solar-pv --wh 1000000
	/// --max-price 45 --retire-for consumption --suri //Eve
	AuctionBid {
		/// The auction's zone.
		#[arg(long, value_parser = parse_zone)]
		zone: Zone,
		/// The auction's technology.
		#[arg(long)]
		technology: Technology,
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		/// The most ORI per MWh.
		#[arg(long, value_parser = parse_price)]
		max_price: Balance,
		/// When the bid lapses.
		#[arg(long, value_parser = parse_time)]
		expires: Option<UnixTime>,
		#[command(flatten)]
		retire: RetireOnFill,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Buy Wh of an ask at its price; retire them in the same transaction with --retire-for.
	///
	/// Example: origo market buy --ask 0 --wh 1000000 --max-price 40 --retire-for consumption
	/// --suri //Eve
	Buy {
		/// The ask.
		#[arg(long)]
		ask: u64,
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		/// The most ORI per MWh you pay (a guard against a changed ask).
		#[arg(long, value_parser = parse_price)]
		max_price: Balance,
		#[command(flatten)]
		retire: RetireOnFill,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Sell Wh of a batch into a bid, at its price.
	///
	/// Example: origo market sell --bid 1 --batch 0 --wh 1000000 --min-price 40 --suri //Ferdie
	Sell {
		/// The bid.
		#[arg(long)]
		bid: u64,
		/// The batch.
		#[arg(long)]
		batch: u64,
		/// How many Wh.
		#[arg(long)]
		wh: Wh,
		/// The least ORI per MWh you accept.
		#[arg(long, value_parser = parse_price)]
		min_price: Balance,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Close an order: yours, or anyone's that lapsed (or an ask whose batch expired or was
	/// revoked).
	///
	/// Example: origo market close 3 --suri //Eve
	Close {
		/// The order.
		order: u64,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Clear a local auction for the last period that ended (anyone may; free when it clears).
	///
	/// Example: origo market clear --zone US-FL --technology solar-pv --suri //Alice
	Clear {
		/// The auction's zone.
		#[arg(long, value_parser = parse_zone)]
		zone: Zone,
		/// The auction's technology.
		#[arg(long)]
		technology: Technology,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Offer every new batch of your device at a price (--stop to end it).
	///
	/// Example: origo market standing-ask --device 0 --price 40 --auction --suri //Ferdie
	StandingAsk {
		/// The device.
		#[arg(long)]
		device: u64,
		/// ORI per MWh.
		#[arg(long, value_parser = parse_price, required_unless_present = "stop")]
		price: Option<Balance>,
		/// List in the device's local auction.
		#[arg(long)]
		auction: bool,
		/// Stop listing new batches.
		#[arg(long, conflicts_with_all = ["price", "auction"])]
		stop: bool,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// A zone's order book, best price first.
	///
	/// Example: origo market book US-FL --json
	Book {
		/// The zone.
		#[arg(value_parser = parse_zone)]
		zone: Zone,
		/// At most this many orders a side.
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// An account's open orders.
	///
	/// Example: origo market orders 5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw
	Orders {
		/// The account (default: the --suri account).
		account: Option<String>,
		#[command(flatten)]
		signer: SignerOptions,
		/// Start after this order (paging).
		#[arg(long)]
		start_after: Option<u64>,
		/// At most this many.
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// Trades of an account (as buyer or seller) or of a batch: price, payment, fee, retirement.
	///
	/// Example: origo market trades --batch 0
	Trades {
		/// The account (default: the --suri account, unless --batch is given).
		account: Option<String>,
		/// A batch's trades instead.
		#[arg(long, conflicts_with = "account")]
		batch: Option<u64>,
		#[command(flatten)]
		signer: SignerOptions,
		/// Start after this trade (paging).
		#[arg(long)]
		start_after: Option<u64>,
		/// At most this many.
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
	/// The last clearing price of each of a zone's local auctions.
	///
	/// Example: origo market clearings US-FL
	Clearings {
		/// The zone.
		#[arg(value_parser = parse_zone)]
		zone: Zone,
	},
}

/// The account named, or the signer's.
fn account_or_signer(named: Option<String>, signer: &SignerOptions) -> Result<String> {
	let account_text = match named {
		Some(named) => named,
		None => signer.signer()?.address(),
	};
	account(&account_text)?;
	Ok(account_text)
}

/// Runs a market command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	let market = || origo::transactions().market();
	match command {
		Command::Ask { batch, wh, price, expires, auction, signer } => {
			let included = if auction {
				chain
					.submit(
						&market().place_auction_ask(batch, wh, price, expires),
						&signer.signer()?,
					)
					.await?
			} else {
				chain
					.submit(&market().place_ask(batch, wh, price, expires), &signer.signer()?)
					.await?
			};
			report(global, "Ask placed", &included)
		},
		Command::Bid {
			wh,
			max_price,
			zone,
			technology,
			device,
			produced_from,
			produced_until,
			max_age_days,
			expires,
			retire,
			signer,
		} => {
			let filters = Filters {
				zones: zone.into_iter().map(Static).collect(),
				technologies: technology.into_iter().map(Static).collect(),
				devices: device,
				produced_from,
				produced_until,
				max_age: max_age_days.map(|days| days.saturating_mul(86_400)),
			};
			let tx = market().place_bid(wh, max_price, filters, expires, retire.claim()?);
			report(global, "Bid placed", &chain.submit(&tx, &signer.signer()?).await?)
		},
		Command::AuctionBid { zone, technology, wh, max_price, expires, retire, signer } => {
			let tx = market().place_auction_bid(
				Static(zone),
				Static(technology),
				wh,
				max_price,
				expires,
				retire.claim()?,
			);
			report(global, "Auction bid placed", &chain.submit(&tx, &signer.signer()?).await?)
		},
		Command::Buy { ask, wh, max_price, retire, signer } => {
			let tx = market().buy(ask, wh, max_price, retire.claim()?);
			report(global, "Bought", &chain.submit(&tx, &signer.signer()?).await?)
		},
		Command::Sell { bid, batch, wh, min_price, signer } => {
			let tx = market().sell(bid, batch, wh, min_price);
			report(global, "Sold", &chain.submit(&tx, &signer.signer()?).await?)
		},
		Command::Close { order, signer } => {
			let tx = market().close_order(order);
			report(global, "Order closed", &chain.submit(&tx, &signer.signer()?).await?)
		},
		Command::Clear { zone, technology, signer } => {
			let tx = market().clear_auction(Static(zone), Static(technology));
			report(global, "Auction cleared", &chain.submit(&tx, &signer.signer()?).await?)
		},
		Command::StandingAsk { device, price, auction, stop: _, signer } => {
			let terms = price.map(|price_per_mwh| StandingAskTerms { price_per_mwh, auction });
			let tx = market().set_standing_ask(device, terms);
			report(global, "Standing ask set", &chain.submit(&tx, &signer.signer()?).await?)
		},
		Command::Book { zone, limit } => {
			let code = String::from_utf8_lossy(zone.code()).into_owned();
			let book: OrderBookView =
				chain.rpc("origo_orderBook", rpc_params![code, limit]).await?;
			print(global.json, &book);
			Ok(())
		},
		Command::Orders { account, signer, start_after, limit } => {
			let account = account_or_signer(account, &signer)?;
			let orders: Vec<OrderView> =
				chain.rpc("origo_ordersOf", rpc_params![account, start_after, limit]).await?;
			print(global.json, &orders);
			Ok(())
		},
		Command::Trades { account, batch, signer, start_after, limit } => {
			let trades: Vec<TradeView> = match batch {
				Some(batch) => {
					chain.rpc("origo_batchTrades", rpc_params![batch, start_after, limit]).await?
				},
				None => {
					let account = account_or_signer(account, &signer)?;
					chain.rpc("origo_tradesOf", rpc_params![account, start_after, limit]).await?
				},
			};
			print(global.json, &trades);
			Ok(())
		},
		Command::Clearings { zone } => {
			let code = String::from_utf8_lossy(zone.code()).into_owned();
			let clearings: Vec<ClearingView> =
				chain.rpc("origo_clearings", rpc_params![code]).await?;
			print(global.json, &clearings);
			Ok(())
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn prices_read_as_ori_per_mwh() {
		assert_eq!(parse_price("42"), Ok(42 * UNIT));
		assert_eq!(parse_price("42.5"), Ok(42 * UNIT + UNIT / 2));
		assert_eq!(parse_price("0.000001"), Ok(1_000_000));
		// Finer than a planck per MWh cannot be said; finer than a planck per Wh the chain refuses.
		assert!(parse_price("0.0000000000001").is_err());
		for bad in ["", ".5", "4x", "-1", "1.2.3", "1e3"] {
			assert!(parse_price(bad).is_err(), "{bad:?}");
		}
	}
}

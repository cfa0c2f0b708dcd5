//! The auditor's JSON-RPC methods (`origo_*`): read-only, over the pallets' runtime APIs, at the
//! best block or the block a caller names. Lists are paged (at most [`MAX_PAGE`] a page) and a
//! page's cost is bounded by its length: a list makes one runtime call (two for a run of devices
//! with their ledgers, or of retirements with their trades), plus, for retirements, at most
//! three per distinct batch of the page (its batch, device and ledger, each fetched once however
//! many retirements share it) and, for a beneficiary's, one per retirement (the trade that
//! bought it). An order book scans the open orders once. So the methods are safe to expose
//! publicly. Runs of ids (`origo_batches`, `origo_devices`, ...) page through every record of a
//! kind, as indexers read them.

use codec::Decode;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use origo_primitives::{
	registry::{MeterKey, Zone},
	AccountId, Balance, BlockNumber, Hash, OpaqueBlock as Block,
};
use origo_rpc_types::{
	AskView, BatchView, BidView, ClearingView, DeviceView, HoldingView, MeterView, NeutralityView,
	OrderBookView, OrderView, PeriodView, RetirementView, StandingAskView, TradeView,
};
use pallet_certificates::{BatchId, RetirementId};
use pallet_certificates_runtime_api::CertificatesApi;
use pallet_footprint::PeriodId;
use pallet_footprint_runtime_api::FootprintApi;
use pallet_market::{Order, OrderId, Segment, TradeId};
use pallet_market_runtime_api::MarketApi;
use pallet_meters_runtime_api::MetersApi;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use std::{
	collections::{btree_map::Entry, BTreeMap},
	sync::Arc,
};

/// A retirement record as the runtime API returns it.
type RetirementRecord = pallet_certificates::RetirementRecord<AccountId, BlockNumber>;

/// The market's records as the runtime keeps them, which its runtime API returns.
pub type AskRecord = pallet_market::AskOf<origo_runtime::Runtime>;
/// A bid as the runtime keeps it.
pub type BidRecord = pallet_market::BidOf<origo_runtime::Runtime>;
/// A trade as the runtime keeps it.
pub type TradeRecord = pallet_market::TradeOf<origo_runtime::Runtime>;
/// A standing ask as the runtime keeps it.
pub type StandingAskRecord = pallet_market::StandingAsk<AccountId, Balance>;
/// The market's runtime API over the runtime's records.
pub trait MarketQueries:
	MarketApi<Block, AccountId, Balance, AskRecord, BidRecord, TradeRecord, StandingAskRecord>
{
}
impl<Api> MarketQueries for Api where
	Api: MarketApi<Block, AccountId, Balance, AskRecord, BidRecord, TradeRecord, StandingAskRecord>
{
}

/// The certificate registry's runtime API as a type, whose version a block's runtime is asked
/// for.
type CertificatesVersion = dyn CertificatesApi<Block, AccountId, BlockNumber>;
/// The market's runtime API as a type, whose version a block's runtime is asked for.
type MarketVersion =
	dyn MarketApi<Block, AccountId, Balance, AskRecord, BidRecord, TradeRecord, StandingAskRecord>;

/// The longest page a list method returns: the runtime APIs' own.
pub use origo_primitives::MAX_PAGE;

/// The page length when a caller names none.
pub const DEFAULT_LIMIT: u32 = 100;

/// JSON-RPC error code: the runtime could not answer (e.g. the block's state is pruned).
const RUNTIME_ERROR: i32 = 1;
/// JSON-RPC error code: a parameter is out of range.
const INVALID_PARAMS: i32 = -32602;

/// The auditor's methods.
#[rpc(server)]
pub trait AuditorApi {
	/// A device with its meters and certification account.
	#[method(name = "origo_device")]
	fn device(&self, device: u64, at: Option<Hash>) -> RpcResult<Option<DeviceView>>;

	/// The devices among the `count` ids from `first` (default 100, at most 1,000), in order:
	/// device ids are allotted in order, so runs of ids page through every device.
	#[method(name = "origo_devices")]
	fn devices(
		&self,
		first: u64,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<DeviceView>>;

	/// A page of the meter keys ever bound to a device, after the key `start_after` (hex, as
	/// `origo_device` shows keys).
	#[method(name = "origo_deviceMeters")]
	fn device_meters(
		&self,
		device: u64,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<MeterView>>;

	/// A batch of certificates with its supply.
	#[method(name = "origo_batch")]
	fn batch(&self, batch: BatchId, at: Option<Hash>) -> RpcResult<Option<BatchView>>;

	/// The batches among the `count` ids from `first` (default 100, at most 1,000), in order:
	/// batch ids are allotted in order, so runs of ids page through every batch.
	#[method(name = "origo_batches")]
	fn batches(
		&self,
		first: BatchId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<BatchView>>;

	/// A page of an account's holdings, oldest production first.
	#[method(name = "origo_holdings")]
	fn holdings(
		&self,
		account: AccountId,
		start_after: Option<BatchId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HoldingView>>;

	/// What an account holds of a batch (`null` if nothing).
	#[method(name = "origo_holding")]
	fn holding(
		&self,
		account: AccountId,
		batch: BatchId,
		at: Option<Hash>,
	) -> RpcResult<Option<HoldingView>>;

	/// What an account holds of the batches among the `count` ids from `first` (default 100,
	/// at most 1,000), in batch order: pages of its holdings that can be read side by side.
	#[method(name = "origo_holdingsAmong")]
	fn holdings_among(
		&self,
		account: AccountId,
		first: BatchId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HoldingView>>;

	/// A retirement with its provenance: batch and device.
	#[method(name = "origo_retirement")]
	fn retirement(
		&self,
		retirement: RetirementId,
		at: Option<Hash>,
	) -> RpcResult<Option<RetirementView>>;

	/// The retirements among the `count` ids from `first` (default 100, at most 1,000), in
	/// order, with their provenance.
	#[method(name = "origo_retirements")]
	fn retirements(
		&self,
		first: RetirementId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RetirementView>>;

	/// A page of the retirements whose beneficiary is `account`.
	#[method(name = "origo_retirementsOf")]
	fn retirements_of(
		&self,
		account: AccountId,
		start_after: Option<RetirementId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RetirementView>>;

	/// The chain's neutrality: neutral since when, or its deficit; totals; the open period.
	#[method(name = "origo_neutrality")]
	fn neutrality(&self, at: Option<Hash>) -> RpcResult<NeutralityView>;

	/// A page of the chain's accounting periods, oldest first.
	#[method(name = "origo_neutralityHistory")]
	fn neutrality_history(
		&self,
		start_after: Option<PeriodId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<PeriodView>>;

	/// The open orders of a zone (its code, e.g. `US-FL`), at most `limit` per side: asks of
	/// its batches, lowest price first; bids that accept its certificates, highest first.
	#[method(name = "origo_orderBook")]
	fn order_book(
		&self,
		zone: String,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<OrderBookView>;

	/// An open order.
	#[method(name = "origo_order")]
	fn order(&self, order: OrderId, at: Option<Hash>) -> RpcResult<Option<OrderView>>;

	/// The open orders among the `count` ids from `first` (default 100, at most 1,000), in
	/// order: an id missing below the next order's is an order filled, cancelled or expired.
	#[method(name = "origo_orders")]
	fn orders(
		&self,
		first: OrderId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<OrderView>>;

	/// A page of an account's open orders.
	#[method(name = "origo_ordersOf")]
	fn orders_of(
		&self,
		account: AccountId,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<OrderView>>;

	/// A trade: what was paid for what, and the retirement it made, if any.
	#[method(name = "origo_trade")]
	fn trade(&self, trade: TradeId, at: Option<Hash>) -> RpcResult<Option<TradeView>>;

	/// The trades among the `count` ids from `first` (default 100, at most 1,000), in order.
	#[method(name = "origo_trades")]
	fn trades(
		&self,
		first: TradeId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<TradeView>>;

	/// A page of an account's trades, as buyer or seller.
	#[method(name = "origo_tradesOf")]
	fn trades_of(
		&self,
		account: AccountId,
		start_after: Option<TradeId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<TradeView>>;

	/// A page of a batch's trades.
	#[method(name = "origo_batchTrades")]
	fn batch_trades(
		&self,
		batch: BatchId,
		start_after: Option<TradeId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<TradeView>>;

	/// The last clearing price of each of a zone's local auctions (one per technology that
	/// traded).
	#[method(name = "origo_clearings")]
	fn clearings(&self, zone: String, at: Option<Hash>) -> RpcResult<Vec<ClearingView>>;

	/// A device's standing ask.
	#[method(name = "origo_standingAsk")]
	fn standing_ask(&self, device: u64, at: Option<Hash>) -> RpcResult<Option<StandingAskView>>;
}

/// The auditor's methods over a client.
pub struct Auditor<C> {
	client: Arc<C>,
}

impl<C> Auditor<C> {
	/// The methods over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, format!("the runtime could not answer: {error}"), None::<()>)
}

fn parse_zone(code: &str) -> RpcResult<Zone> {
	Zone::from_code(code.as_bytes()).ok_or_else(|| {
		ErrorObject::owned(
			INVALID_PARAMS,
			format!("{code:?} is not a zone code (e.g. DE, US-FL)"),
			None::<()>,
		)
	})
}

fn order_view(order: Order<AskRecord, BidRecord>) -> OrderView {
	match order {
		Order::Ask(id, ask) => OrderView::Ask(AskView::new(id, ask)),
		Order::Bid(id, bid) => OrderView::Bid(BidView::new(id, bid)),
	}
}

fn page_limit(limit: Option<u32>) -> RpcResult<u32> {
	match limit.unwrap_or(DEFAULT_LIMIT) {
		0 => Err(ErrorObject::owned(INVALID_PARAMS, "limit must be at least 1", None::<()>)),
		limit if limit > MAX_PAGE => Err(ErrorObject::owned(
			INVALID_PARAMS,
			format!("limit must be at most {MAX_PAGE}"),
			None::<()>,
		)),
		limit => Ok(limit),
	}
}

impl<C> Auditor<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MetersApi<Block, AccountId>
		+ CertificatesApi<Block, AccountId, BlockNumber>
		+ FootprintApi<Block, AccountId>
		+ MarketQueries,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

	/// Calls the runtime API at `at`, its failure as the RPC's error.
	fn query<R>(
		&self,
		at: Hash,
		call: impl FnOnce(&C::Api, Hash) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		call(&self.client.runtime_api(), at).map_err(runtime_error)
	}

	/// The records among the `count` ids from `first` (default 100, at most 1,000) at block
	/// `at`: one `page` (at the block, of the count) when the block's runtime has runtime API
	/// `Api` at `version` or later, else one by one (`one`), as the block's runtime answers.
	fn id_run<Api: sp_api::RuntimeApiInfo + ?Sized, V>(
		&self,
		first: u64,
		count: Option<u32>,
		at: Option<Hash>,
		version: u32,
		page: impl FnOnce(Hash, u32) -> RpcResult<Vec<V>>,
		mut one: impl FnMut(Hash, u64) -> RpcResult<Option<V>>,
	) -> RpcResult<Vec<V>> {
		let (count, at) = (page_limit(count)?, self.at(at));
		let found = self.client.runtime_api().api_version::<Api>(at).map_err(runtime_error)?;
		if found.is_some_and(|found| found >= version) {
			page(at, count)
		} else {
			(first..first.saturating_add(count.into()))
				.filter_map(|id| one(at, id).transpose())
				.collect()
		}
	}

	fn device_at(&self, at: Hash, device: u64) -> RpcResult<Option<DeviceView>> {
		let Some(details) = self.query(at, |api, at| api.device(at, device))? else {
			return Ok(None);
		};
		let ledger = self.query(at, |api, at| api.device_ledger(at, device))?;
		Ok(Some(DeviceView::new(details, ledger)))
	}

	fn batch_at(&self, at: Hash, batch: BatchId) -> RpcResult<Option<BatchView>> {
		let record = self.query(at, |api, at| api.batch(at, batch))?;
		Ok(record.map(|record| BatchView::new(batch, record)))
	}

	fn retirement_views(
		&self,
		at: Hash,
		page: Vec<(RetirementId, RetirementRecord)>,
	) -> RpcResult<Vec<RetirementView>> {
		with_provenance(
			page,
			|batch| self.batch_at(at, batch),
			|device| self.device_at(at, device),
			|retirement| {
				let trade = self.query(at, |api, at| api.retirement_trade(at, retirement))?;
				Ok(trade.map(|(id, trade)| TradeView::new(id, trade)))
			},
		)
	}
}

/// `fetch(key)`, fetched once per key of `fetched`.
fn fetch_once<K: Ord, V: Clone>(
	fetched: &mut BTreeMap<K, V>,
	key: K,
	fetch: impl FnOnce(&K) -> RpcResult<V>,
) -> RpcResult<V> {
	match fetched.entry(key) {
		Entry::Occupied(entry) => Ok(entry.get().clone()),
		Entry::Vacant(entry) => {
			let value = fetch(entry.key())?;
			Ok(entry.insert(value).clone())
		},
	}
}

/// The views of a page of retirements with their batches and devices, each fetched once however
/// many of the page's retirements share it, and the trade that bought each.
fn with_provenance(
	page: Vec<(RetirementId, RetirementRecord)>,
	mut fetch_batch: impl FnMut(BatchId) -> RpcResult<Option<BatchView>>,
	mut fetch_device: impl FnMut(u64) -> RpcResult<Option<DeviceView>>,
	mut fetch_trade: impl FnMut(RetirementId) -> RpcResult<Option<TradeView>>,
) -> RpcResult<Vec<RetirementView>> {
	let mut batches = BTreeMap::new();
	let mut devices = BTreeMap::new();
	page.into_iter()
		.map(|(id, retirement)| {
			let batch = fetch_once(&mut batches, retirement.batch, |id| fetch_batch(*id))?;
			let device = match &batch {
				Some(batch) => {
					fetch_once(&mut devices, batch.device, |device| fetch_device(*device))?
				},
				None => None,
			};
			Ok(RetirementView::new(id, retirement, batch, device, fetch_trade(id)?))
		})
		.collect()
}

#[async_trait]
impl<C> AuditorApiServer for Auditor<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MetersApi<Block, AccountId>
		+ CertificatesApi<Block, AccountId, BlockNumber>
		+ FootprintApi<Block, AccountId>
		+ MarketQueries,
{
	fn device(&self, device: u64, at: Option<Hash>) -> RpcResult<Option<DeviceView>> {
		self.device_at(self.at(at), device)
	}

	fn devices(
		&self,
		first: u64,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<DeviceView>> {
		// Pages came with MetersApi v2, and the ledgers' with CertificatesApi v5, both in spec
		// 111.
		let page = |at, count| {
			let devices = self.query(at, |api, at| api.devices(at, first, count))?;
			let mut ledgers: BTreeMap<_, _> = self
				.query(at, |api, at| api.device_ledgers(at, first, count))?
				.into_iter()
				.collect();
			Ok(devices
				.into_iter()
				.map(|details| {
					let ledger = ledgers.remove(&details.id);
					DeviceView::new(details, ledger)
				})
				.collect())
		};
		self.id_run::<dyn MetersApi<Block, AccountId>, _>(first, count, at, 2, page, |at, id| {
			self.device_at(at, id)
		})
	}

	fn device_meters(
		&self,
		device: u64,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<MeterView>> {
		let start_after = start_after
			.map(|hex| {
				sp_core::bytes::from_hex(&hex)
					.ok()
					.and_then(|bytes| MeterKey::decode(&mut &bytes[..]).ok())
					.ok_or_else(|| {
						ErrorObject::owned(
							INVALID_PARAMS,
							"startAfter is not a meter key (hex of its SCALE encoding)",
							None::<()>,
						)
					})
			})
			.transpose()?;
		let limit = page_limit(limit)?;
		let meters =
			self.query(self.at(at), |api, at| api.device_meters(at, device, start_after, limit))?;
		Ok(meters.into_iter().map(|(key, meter)| MeterView::new(&key, meter)).collect())
	}

	fn batch(&self, batch: BatchId, at: Option<Hash>) -> RpcResult<Option<BatchView>> {
		self.batch_at(self.at(at), batch)
	}

	fn batches(
		&self,
		first: BatchId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<BatchView>> {
		// Pages came with CertificatesApi v4 (spec 110).
		let page = |at, count| {
			let page = self.query(at, |api, at| api.batches(at, first, count))?;
			Ok(page.into_iter().map(|(id, record)| BatchView::new(id, record)).collect())
		};
		self.id_run::<CertificatesVersion, _>(first, count, at, 4, page, |at, id| {
			self.batch_at(at, id)
		})
	}

	fn holdings(
		&self,
		account: AccountId,
		start_after: Option<BatchId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HoldingView>> {
		let limit = page_limit(limit)?;
		let holdings =
			self.query(self.at(at), |api, at| api.holdings(at, account, start_after, limit))?;
		Ok(holdings
			.into_iter()
			.map(|(batch, wh)| HoldingView { batch, wh: wh.to_string() })
			.collect())
	}

	fn holding(
		&self,
		account: AccountId,
		batch: BatchId,
		at: Option<Hash>,
	) -> RpcResult<Option<HoldingView>> {
		let wh = self.query(self.at(at), |api, at| api.holding(at, account, batch))?;
		Ok(wh.map(|wh| HoldingView { batch, wh: wh.to_string() }))
	}

	fn holdings_among(
		&self,
		account: AccountId,
		first: BatchId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HoldingView>> {
		let view = |(batch, wh): (BatchId, u64)| HoldingView { batch, wh: wh.to_string() };
		// Pages came with CertificatesApi v5 (spec 111).
		let page = |at, count| {
			let page =
				self.query(at, |api, at| api.holdings_among(at, account.clone(), first, count))?;
			Ok(page.into_iter().map(view).collect())
		};
		self.id_run::<CertificatesVersion, _>(first, count, at, 5, page, |at, batch| {
			let wh = self.query(at, |api, at| api.holding(at, account.clone(), batch))?;
			Ok(wh.map(|wh| view((batch, wh))))
		})
	}

	fn retirement(
		&self,
		retirement: RetirementId,
		at: Option<Hash>,
	) -> RpcResult<Option<RetirementView>> {
		let at = self.at(at);
		let record = self.query(at, |api, at| api.retirement(at, retirement))?;
		let views = self.retirement_views(
			at,
			record.map(|record| (retirement, record)).into_iter().collect(),
		)?;
		Ok(views.into_iter().next())
	}

	fn retirements(
		&self,
		first: RetirementId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RetirementView>> {
		// Pages came with CertificatesApi v5, and their trades' with MarketApi v2, both in
		// spec 111.
		let page = |at, count| {
			let records = self.query(at, |api, at| api.retirements(at, first, count))?;
			let mut trades: BTreeMap<_, _> = self
				.query(at, |api, at| api.retirement_trades(at, first, count))?
				.into_iter()
				.map(|(retirement, id, trade)| (retirement, TradeView::new(id, trade)))
				.collect();
			with_provenance(
				records,
				|batch| self.batch_at(at, batch),
				|device| self.device_at(at, device),
				|retirement| Ok(trades.remove(&retirement)),
			)
		};
		self.id_run::<CertificatesVersion, _>(first, count, at, 5, page, |at, id| {
			self.retirement(id, Some(at))
		})
	}

	fn retirements_of(
		&self,
		account: AccountId,
		start_after: Option<RetirementId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RetirementView>> {
		let at = self.at(at);
		let limit = page_limit(limit)?;
		let page = self.query(at, |api, at| api.retirements_of(at, account, start_after, limit))?;
		self.retirement_views(at, page)
	}

	fn neutrality(&self, at: Option<Hash>) -> RpcResult<NeutralityView> {
		let status = self.query(self.at(at), |api, at| api.status(at))?;
		Ok(status.into())
	}

	fn neutrality_history(
		&self,
		start_after: Option<PeriodId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<PeriodView>> {
		let limit = page_limit(limit)?;
		let page = self.query(self.at(at), |api, at| api.history(at, start_after, limit))?;
		Ok(page.into_iter().map(|(id, record)| PeriodView::new(id, record)).collect())
	}

	fn order_book(
		&self,
		zone: String,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<OrderBookView> {
		let code = parse_zone(&zone)?;
		let limit = page_limit(limit)?;
		let book = self.query(self.at(at), |api, at| api.order_book(at, code, limit))?;
		Ok(OrderBookView {
			zone,
			asks: book.asks.into_iter().map(|(id, ask)| AskView::new(id, ask)).collect(),
			bids: book.bids.into_iter().map(|(id, bid)| BidView::new(id, bid)).collect(),
		})
	}

	fn order(&self, order: OrderId, at: Option<Hash>) -> RpcResult<Option<OrderView>> {
		Ok(self.query(self.at(at), |api, at| api.order(at, order))?.map(order_view))
	}

	fn orders(
		&self,
		first: OrderId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<OrderView>> {
		// Pages came with MarketApi v2 (spec 111).
		let page = |at, count| {
			let page = self.query(at, |api, at| api.orders(at, first, count))?;
			Ok(page.into_iter().map(order_view).collect())
		};
		self.id_run::<MarketVersion, _>(first, count, at, 2, page, |at, id| {
			self.order(id, Some(at))
		})
	}

	fn orders_of(
		&self,
		account: AccountId,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<OrderView>> {
		let limit = page_limit(limit)?;
		let page =
			self.query(self.at(at), |api, at| api.orders_of(at, account, start_after, limit))?;
		Ok(page.into_iter().map(order_view).collect())
	}

	fn trade(&self, trade: TradeId, at: Option<Hash>) -> RpcResult<Option<TradeView>> {
		let record = self.query(self.at(at), |api, at| api.trade(at, trade))?;
		Ok(record.map(|record| TradeView::new(trade, record)))
	}

	fn trades(
		&self,
		first: TradeId,
		count: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<TradeView>> {
		// Pages came with MarketApi v2 (spec 111).
		let page = |at, count| {
			let page = self.query(at, |api, at| api.trades(at, first, count))?;
			Ok(page.into_iter().map(|(id, trade)| TradeView::new(id, trade)).collect())
		};
		self.id_run::<MarketVersion, _>(first, count, at, 2, page, |at, id| {
			self.trade(id, Some(at))
		})
	}

	fn trades_of(
		&self,
		account: AccountId,
		start_after: Option<TradeId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<TradeView>> {
		let limit = page_limit(limit)?;
		let page =
			self.query(self.at(at), |api, at| api.trades_of(at, account, start_after, limit))?;
		Ok(page.into_iter().map(|(id, trade)| TradeView::new(id, trade)).collect())
	}

	fn batch_trades(
		&self,
		batch: BatchId,
		start_after: Option<TradeId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<TradeView>> {
		let limit = page_limit(limit)?;
		let page =
			self.query(self.at(at), |api, at| api.batch_trades(at, batch, start_after, limit))?;
		Ok(page.into_iter().map(|(id, trade)| TradeView::new(id, trade)).collect())
	}

	fn clearings(&self, zone: String, at: Option<Hash>) -> RpcResult<Vec<ClearingView>> {
		let code = parse_zone(&zone)?;
		let clearings = self.query(self.at(at), |api, at| api.clearings(at, code))?;
		Ok(clearings
			.into_iter()
			.map(|(technology, clearing)| {
				ClearingView::new(Segment { zone: code, technology }, clearing)
			})
			.collect())
	}

	fn standing_ask(&self, device: u64, at: Option<Hash>) -> RpcResult<Option<StandingAskView>> {
		let standing = self.query(self.at(at), |api, at| api.standing_ask(at, device))?;
		Ok(standing.map(|standing| StandingAskView::new(device, standing)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use origo_rpc_types::{Period, SupplyView};
	use pallet_certificates::{Claim, Purpose};
	use std::cell::Cell;

	fn retirement(batch: BatchId) -> RetirementRecord {
		RetirementRecord {
			retirer: AccountId::new([1; 32]),
			sent_by: None,
			batch,
			wh: 1,
			claim: Claim {
				beneficiary: Some(AccountId::new([2; 32])),
				beneficiary_name: None,
				purpose: Purpose::CarbonOffset,
				consumption_country: None,
				consumption_period: None,
				message: Vec::new(),
			},
			block: 1,
			time: 0,
			avoided_g_co2e: 0,
		}
	}

	fn batch_view(id: BatchId, device: u64) -> BatchView {
		let text = String::new;
		BatchView {
			id,
			device,
			issuer: text(),
			technology: origo_primitives::registry::Technology::SolarPv,
			zone: text(),
			production: Period { start: text(), end: text() },
			issued_at: text(),
			expires_at: text(),
			revoked: false,
			supply: SupplyView {
				issued_wh: text(),
				held_wh: text(),
				retired_wh: text(),
				expired_wh: text(),
				revoked_wh: text(),
				conserved: true,
			},
		}
	}

	/// M-7: a full page of retirements that share a few batches costs a fetch per distinct batch
	/// and device, not per retirement.
	#[test]
	fn a_page_fetches_each_batch_and_device_once() {
		let (batch_fetches, device_fetches) = (Cell::new(0), Cell::new(0));
		// Batches 0 and 1 of device 7; batch 2 is unknown (its record pruned or never made).
		let page: Vec<_> = (0..MAX_PAGE)
			.map(|id| (RetirementId::from(id), retirement(BatchId::from(id % 3))))
			.collect();
		let views = with_provenance(
			page,
			|batch| {
				batch_fetches.set(batch_fetches.get() + 1);
				Ok((batch < 2).then(|| batch_view(batch, 7)))
			},
			|_| {
				device_fetches.set(device_fetches.get() + 1);
				Ok(None)
			},
			|_| Ok(None),
		)
		.unwrap();
		assert_eq!(views.len(), MAX_PAGE as usize);
		assert_eq!((batch_fetches.get(), device_fetches.get()), (3, 1));
		assert_eq!(views.iter().filter(|view| view.batch.is_some()).count(), 667);
	}

	#[test]
	fn a_page_is_one_to_max_limit_long() {
		assert!(page_limit(Some(0)).is_err());
		assert!(page_limit(Some(MAX_PAGE + 1)).is_err());
		assert_eq!(page_limit(None).unwrap(), DEFAULT_LIMIT);
		assert_eq!(page_limit(Some(MAX_PAGE)).unwrap(), MAX_PAGE);
	}
}

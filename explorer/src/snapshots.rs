//! The registry's entities as the chain sees them: devices, batches, holdings, retirements,
//! orders, trades and the chain's neutrality, fetched from the node's `origo_*` RPC (the
//! auditor's methods) whenever an event touched them, and kept in the index with the columns
//! its pages search and sort on.
//!
//! The explorer never computes a supply, a holding or a neutrality status itself: the chain
//! does, and the index keeps what it answered, at the block it answered for. Each round of
//! indexing marks the entities its events touched as stale (in memory: the index keeps how far
//! the snapshots are current, and works the marks of later blocks out again from their events
//! after a restart); [`refresh`] fetches each stale entity once, however many events touched
//! it, at the node's finalized head.

use crate::{
	db::{
		delete_many, execute_for_rows, insert_many, int, placeholders, Database, Param,
		LOOKUP_CHUNK,
	},
	error::{Error, Result},
};
use futures::{stream, StreamExt};
use origo_rpc_types::{
	BatchView, DeviceView, HoldingView, MeterView, NeutralityView, OrderView, PeriodView,
	RetirementView, TradeView,
};
use serde::de::DeserializeOwned;
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use subxt::rpcs::RpcClient;

/// Snapshots written in one database transaction.
const CHUNK: usize = 1000;
/// RPC requests in flight at once.
const CONCURRENCY: usize = 64;
/// A page of the node's list methods (its maximum).
const PAGE: u32 = 1000;

/// An entity as the node answered for it.
enum Snapshot {
	Device { id: u64, view: Option<(DeviceView, Vec<MeterView>)> },
	Batch { id: u64, view: Option<BatchView> },
	Holding { account: String, batch: u64, wh: Option<u64> },
	Retirement { id: u64, view: Option<RetirementView> },
	Order { id: u64, view: Option<OrderView> },
	Trade { id: u64, view: Option<TradeView> },
	Neutrality { status: NeutralityView, periods: Vec<PeriodView> },
}

/// Calls `method` with `params` at block `at`.
async fn call<T: DeserializeOwned>(
	rpc: &RpcClient,
	method: &str,
	params: impl IntoIterator<Item = serde_json::Value>,
	at: &str,
) -> Result<T> {
	crate::index::request(rpc, method, params.into_iter().chain([serde_json::Value::from(at)]))
		.await
}

/// Every item of the list method `method`: its `params`, then `start_after` (the previous
/// page's last item's `key`) and [`PAGE`], until a page comes back short.
async fn all_pages<T: DeserializeOwned>(
	rpc: &RpcClient,
	method: &str,
	params: &[serde_json::Value],
	key: impl Fn(&T) -> serde_json::Value,
	at: &str,
) -> Result<Vec<T>> {
	let mut items: Vec<T> = Vec::new();
	loop {
		let after = items.last().map(&key).unwrap_or_default();
		let page_params = params.iter().cloned().chain([after, PAGE.into()]);
		let page: Vec<T> = call(rpc, method, page_params, at).await?;
		let full = page.len() == PAGE as usize;
		items.extend(page);
		if !full {
			return Ok(items);
		}
	}
}

/// What a holding the node gave holds, in Wh.
fn holding_wh(holding: &HoldingView) -> Result<u64> {
	holding.wh.parse().map_err(|_| Error::from(format!("bad holding {}", holding.wh)))
}

/// Parses a stale entity's id.
fn number(kind: &str, id: &str) -> Result<u64> {
	id.parse().map_err(|_| Error::from(format!("stale {kind} has a bad id {id:?}")))
}

/// A device with every meter key ever bound to it: its billing meter, when that is the only
/// one (`metersBound`, as most devices), else its list from the node.
async fn with_meters(
	rpc: &RpcClient,
	device: DeviceView,
	at: &str,
) -> Result<(DeviceView, Vec<MeterView>)> {
	let meters = match (device.meters_bound, &device.meter) {
		(0, _) => Vec::new(),
		(1, Some(meter)) => vec![meter.clone()],
		_ => {
			use serde_json::json;
			let params = [json!(device.id), json!(null), json!(PAGE)];
			call(rpc, "origo_deviceMeters", params, at).await?
		},
	};
	Ok((device, meters))
}

/// Fetches entity `kind`/`id` at block `at`.
async fn fetch(rpc: &RpcClient, kind: &str, id: &str, at: &str) -> Result<Snapshot> {
	use serde_json::json;
	Ok(match kind {
		"device" => {
			let id = number(kind, id)?;
			let view: Option<DeviceView> = call(rpc, "origo_device", [json!(id)], at).await?;
			let view = match view {
				Some(view) => Some(with_meters(rpc, view, at).await?),
				None => None,
			};
			Snapshot::Device { id, view }
		},
		"batch" => {
			let id = number(kind, id)?;
			Snapshot::Batch { id, view: call(rpc, "origo_batch", [json!(id)], at).await? }
		},
		"holding" => {
			let (account, batch) =
				id.split_once('/').ok_or_else(|| Error::from(format!("stale holding {id:?}")))?;
			let batch = number(kind, batch)?;
			let holding: Option<HoldingView> =
				call(rpc, "origo_holding", [json!(account), json!(batch)], at).await?;
			let wh = holding.as_ref().map(holding_wh).transpose()?;
			Snapshot::Holding { account: account.to_owned(), batch, wh }
		},
		"retirement" => {
			let id = number(kind, id)?;
			Snapshot::Retirement { id, view: call(rpc, "origo_retirement", [json!(id)], at).await? }
		},
		"order" => {
			let id = number(kind, id)?;
			Snapshot::Order { id, view: call(rpc, "origo_order", [json!(id)], at).await? }
		},
		"trade" => {
			let id = number(kind, id)?;
			Snapshot::Trade { id, view: call(rpc, "origo_trade", [json!(id)], at).await? }
		},
		"neutrality" => {
			let status = call(rpc, "origo_neutrality", [], at).await?;
			let periods = all_pages(
				rpc,
				"origo_neutralityHistory",
				&[],
				|period: &PeriodView| json!(period.id),
				at,
			)
			.await?;
			Snapshot::Neutrality { status, periods }
		},
		other => return Err(Error::from(format!("unknown stale entity kind {other:?}"))),
	})
}

/// A Wh amount the RPC gives as a decimal string.
fn wh(text: &str) -> Result<i64> {
	int(text.parse().map_err(|_| Error::from(format!("bad amount {text:?}")))?)
}

impl Snapshot {
	/// Adds the snapshot, fetched at block `at_block`, to the chunk's `rows`, which are written
	/// together; the chain's neutrality, one of its kind, is written at once.
	async fn write(
		self,
		tx: &mut Transaction<'static, Any>,
		at_block: i64,
		rows: &mut ChunkRows,
	) -> Result<()> {
		match self {
			Snapshot::Device { id, view: Some((view, meters)) } => rows.devices.extend([
				int(id)?.into(),
				view.owner.as_str().into(),
				view.name.as_str().into(),
				view.zone.as_str().into(),
				format!("{:?}", view.technology).into(),
				view.status.as_str().into(),
				at_block.into(),
				json(&view).into(),
				json(&meters).into(),
			]),
			// An owner removes a pending or rejected device (`DeviceRemoved`): the chain
			// forgets it, and so does the index (its events stay).
			Snapshot::Device { id, view: None } => rows.removed_devices.push(int(id)?.into()),
			Snapshot::Batch { id, view: Some(view) } => rows.batches.push((id, view)),
			Snapshot::Holding { account, batch, wh: Some(wh) } => {
				rows.held.extend([account.into(), int(batch)?.into(), int(wh)?.into()])
			},
			Snapshot::Holding { account, batch, wh: None } => {
				rows.released.extend([account.into(), int(batch)?.into()])
			},
			Snapshot::Retirement { id, view: Some(view) } => {
				let batch = view.batch.as_ref().map(|batch| batch.id).unwrap_or_default();
				rows.retirements.extend([
					int(id)?.into(),
					int(batch)?.into(),
					view.retirer.as_str().into(),
					view.beneficiary.clone().into(),
					view.beneficiary_name.clone().into(),
					view.purpose.as_str().into(),
					wh(&view.wh)?.into(),
					wh(&view.avoided_g_co2e)?.into(),
					i64::from(view.block).into(),
					json(&view).into(),
				]);
			},
			Snapshot::Order { id, view: Some(view) } => {
				rows.open_orders.extend([int(id)?.into(), json(&view).into()])
			},
			Snapshot::Order { id, view: None } => rows.closed_orders.push(int(id)?.into()),
			Snapshot::Trade { id, view: Some(view) } => rows.trades.extend([
				int(id)?.into(),
				int(view.batch)?.into(),
				view.seller.as_str().into(),
				view.buyer.as_str().into(),
				wh(&view.wh)?.into(),
				view.price_per_mwh.as_str().into(),
				i64::from(view.block).into(),
				json(&view).into(),
			]),
			Snapshot::Neutrality { status, periods } => {
				sqlx::query(
					"INSERT INTO neutrality (id, at_block, view) VALUES (0, $1, $2) \
					 ON CONFLICT (id) DO UPDATE SET at_block = excluded.at_block, \
					 view = excluded.view",
				)
				.bind(at_block)
				.bind(json(&status))
				.execute(&mut **tx)
				.await?;
				let periods: Vec<Param> = periods
					.iter()
					.flat_map(|period| [i64::from(period.id).into(), json(period).into()])
					.collect();
				insert_many(
					tx,
					"INSERT INTO neutrality_periods (id, view)",
					"ON CONFLICT (id) DO UPDATE SET view = excluded.view",
					2,
					&periods,
				)
				.await?;
			},
			// Batches, retirements and trades are kept: a pruned batch's last snapshot is its
			// record; an entity the node does not know (yet) has nothing to keep.
			Snapshot::Batch { view: None, .. }
			| Snapshot::Retirement { view: None, .. }
			| Snapshot::Trade { view: None, .. } => {},
		}
		Ok(())
	}
}

/// Adds `batches` batches and their `amounts` (issued, held, retired, expired, revoked Wh; a
/// replaced snapshot's negated) to the totals of `zone` and `technology`.
async fn add_to_totals(
	tx: &mut Transaction<'static, Any>,
	zone: &str,
	technology: &str,
	batches: i64,
	amounts: [i64; 5],
) -> Result<()> {
	let mut query = sqlx::query(
		"INSERT INTO batch_totals (zone, technology, batches, issued_wh, held_wh, retired_wh, \
		 expired_wh, revoked_wh) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
		 ON CONFLICT (zone, technology) DO UPDATE SET \
		 batches = batch_totals.batches + excluded.batches, \
		 issued_wh = batch_totals.issued_wh + excluded.issued_wh, \
		 held_wh = batch_totals.held_wh + excluded.held_wh, \
		 retired_wh = batch_totals.retired_wh + excluded.retired_wh, \
		 expired_wh = batch_totals.expired_wh + excluded.expired_wh, \
		 revoked_wh = batch_totals.revoked_wh + excluded.revoked_wh",
	)
	.bind(zone.to_owned())
	.bind(technology.to_owned())
	.bind(batches);
	for amount in amounts {
		query = query.bind(amount);
	}
	query.execute(&mut **tx).await?;
	Ok(())
}

/// A chunk's snapshots, written with a few statements of many rows each rather than one or
/// three each: a catch-up refreshes every entity of the chain.
#[derive(Default)]
struct ChunkRows {
	devices: Vec<Param>,
	removed_devices: Vec<Param>,
	batches: Vec<(u64, BatchView)>,
	held: Vec<Param>,
	released: Vec<Param>,
	retirements: Vec<Param>,
	open_orders: Vec<Param>,
	closed_orders: Vec<Param>,
	trades: Vec<Param>,
}

impl ChunkRows {
	async fn write(self, tx: &mut Transaction<'static, Any>, at_block: i64) -> Result<()> {
		insert_many(
			tx,
			"INSERT INTO devices (id, owner, name, zone, technology, status, at_block, view, \
			 meters)",
			"ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, name = excluded.name, \
			 zone = excluded.zone, technology = excluded.technology, status = excluded.status, \
			 at_block = excluded.at_block, view = excluded.view, meters = excluded.meters",
			9,
			&self.devices,
		)
		.await?;
		delete_many(tx, "devices", "id", &self.removed_devices).await?;
		write_batches(tx, self.batches, at_block).await?;
		insert_many(
			tx,
			"INSERT INTO holdings (account, batch, wh)",
			"ON CONFLICT (account, batch) DO UPDATE SET wh = excluded.wh",
			3,
			&self.held,
		)
		.await?;
		delete_many(tx, "holdings", "account, batch", &self.released).await?;
		insert_many(
			tx,
			"INSERT INTO retirements (id, batch, retirer, beneficiary, beneficiary_name, \
			 purpose, wh, avoided_g_co2e, block_number, view)",
			"ON CONFLICT (id) DO UPDATE SET view = excluded.view",
			10,
			&self.retirements,
		)
		.await?;
		// Orders are indexed when placed (with the block); a snapshot says whether one is
		// still open, and how much is left of it.
		execute_for_rows(tx, 2, &self.open_orders, |values| {
			format!(
				"UPDATE orders SET open = TRUE, view = v.column2 FROM (VALUES {values}) AS v \
				 WHERE orders.id = v.column1"
			)
		})
		.await?;
		execute_for_rows(tx, 1, &self.closed_orders, |values| {
			format!("UPDATE orders SET open = FALSE WHERE id IN (VALUES {values})")
		})
		.await?;
		insert_many(
			tx,
			"INSERT INTO trades (id, batch, seller, buyer, wh, price_per_mwh, block_number, \
			 view)",
			"ON CONFLICT (id) DO UPDATE SET view = excluded.view",
			8,
			&self.trades,
		)
		.await
	}
}

/// A batch's zone, technology and issued, held, retired, expired and revoked Wh.
type BatchTotals = (String, String, [i64; 5]);
/// A batch's id and its [`BatchTotals`] as a row of the index.
type BatchRow = (i64, String, String, i64, i64, i64, i64, i64);

/// Writes batch snapshots and moves their zones' totals by what changed since the index's
/// previous snapshots of them.
async fn write_batches(
	tx: &mut Transaction<'static, Any>,
	batches: Vec<(u64, BatchView)>,
	at_block: i64,
) -> Result<()> {
	let mut before: HashMap<i64, BatchTotals> = HashMap::new();
	for chunk in batches.chunks(LOOKUP_CHUNK) {
		let sql = format!(
			"SELECT id, zone, technology, issued_wh, held_wh, retired_wh, expired_wh, revoked_wh \
			 FROM batches WHERE id IN ({})",
			placeholders(tx, 1, chunk.len())
		);
		let mut query = sqlx::query_as(&sql);
		for (id, _) in chunk {
			query = query.bind(int(*id)?);
		}
		let rows: Vec<BatchRow> = query.fetch_all(&mut **tx).await?;
		for (id, zone, technology, issued, held, retired, expired, revoked) in rows {
			before.insert(id, (zone, technology, [issued, held, retired, expired, revoked]));
		}
	}
	// Batches and amounts added to each zone's and technology's totals.
	let mut totals: BTreeMap<(String, String), (i64, [i64; 5])> = BTreeMap::new();
	let mut add = |zone: &str, technology: &str, batches: i64, amounts: [i64; 5]| {
		let entry = totals.entry((zone.to_owned(), technology.to_owned())).or_default();
		entry.0 += batches;
		for (total, amount) in entry.1.iter_mut().zip(amounts) {
			*total += amount;
		}
	};
	let mut params = Vec::with_capacity(batches.len() * 12);
	for (id, view) in batches {
		let id = int(id)?;
		let supply = &view.supply;
		let technology = format!("{:?}", view.technology);
		let amounts = [
			wh(&supply.issued_wh)?,
			wh(&supply.held_wh)?,
			wh(&supply.retired_wh)?,
			wh(&supply.expired_wh)?,
			wh(&supply.revoked_wh)?,
		];
		match before.get(&id) {
			// A batch's zone and technology never change: its totals move by the change.
			Some((zone, old_technology, old))
				if *zone == view.zone && *old_technology == technology =>
			{
				add(zone, &technology, 0, std::array::from_fn(|i| amounts[i] - old[i]))
			},
			Some((zone, old_technology, old)) => {
				add(zone, old_technology, -1, old.map(|amount| -amount));
				add(&view.zone, &technology, 1, amounts);
			},
			None => add(&view.zone, &technology, 1, amounts),
		}
		params.extend([
			id.into(),
			int(view.device)?.into(),
			view.zone.as_str().into(),
			technology.into(),
			view.production.start.as_str().into(),
		]);
		params.extend(amounts.map(Param::from));
		params.extend([at_block.into(), json(&view).into()]);
	}
	for ((zone, technology), (batches, amounts)) in totals {
		add_to_totals(tx, &zone, &technology, batches, amounts).await?;
	}
	insert_many(
		tx,
		"INSERT INTO batches (id, device, zone, technology, production_start, issued_wh, \
		 held_wh, retired_wh, expired_wh, revoked_wh, at_block, view)",
		"ON CONFLICT (id) DO UPDATE SET held_wh = excluded.held_wh, \
		 retired_wh = excluded.retired_wh, expired_wh = excluded.expired_wh, \
		 revoked_wh = excluded.revoked_wh, at_block = excluded.at_block, view = excluded.view",
		12,
		&params,
	)
	.await
}

/// A view as JSON text (views are strings, numbers and lists: they always serialize).
fn json<T: serde::Serialize>(value: &T) -> String {
	serde_json::to_string(value).expect("views serialize to JSON")
}

/// What one request (or one run of list pages) fetches.
enum Unit {
	/// One stale entity, by its own method.
	One { kind: String, id: String },
	/// Many stale holdings of one account, read from its holdings list (`origo_holdings`, a
	/// page of [`PAGE`] per call) rather than one `origo_holding` call each.
	Holdings { account: String, batches: Vec<u64> },
	/// Stale entities of a kind among a run of ids, read from the node's page of that run
	/// (e.g. `origo_batches`) rather than one call each (`origo_batch`).
	Run { kind: Paged, first: u64, count: u32, ids: Vec<u64> },
	/// Stale holdings of an account among a run of batch ids, read from the node's page of
	/// that run (`origo_holdingsAmong`) rather than one `origo_holding` call each: unlike its
	/// list, a busy account's runs are read side by side.
	HoldingRun { account: String, first: u64, count: u32, batches: Vec<u64> },
}

/// The snapshots of `account`'s stale holdings of `batches`, from what the node says it holds:
/// none of a batch it did not list.
fn holding_snapshots(
	account: String,
	batches: Vec<u64>,
	holdings: &[HoldingView],
) -> Result<Vec<Snapshot>> {
	let held = holdings
		.iter()
		.map(|holding| Ok((holding.batch, holding_wh(holding)?)))
		.collect::<Result<HashMap<_, _>>>()?;
	Ok(batches
		.into_iter()
		.map(|batch| Snapshot::Holding {
			account: account.clone(),
			batch,
			wh: held.get(&batch).copied(),
		})
		.collect())
}

/// The kinds of entity whose ids the chain allots in order, so that the node reads a run of
/// them as one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Paged {
	Batch,
	Device,
	Order,
	Retirement,
	Trade,
}

impl Paged {
	/// The kind of a stale mark, if its entities page.
	fn of(kind: &str) -> Option<Self> {
		Some(match kind {
			"batch" => Paged::Batch,
			"device" => Paged::Device,
			"order" => Paged::Order,
			"retirement" => Paged::Retirement,
			"trade" => Paged::Trade,
			_ => return None,
		})
	}

	/// The stale marks' kind.
	fn kind(self) -> &'static str {
		match self {
			Paged::Batch => "batch",
			Paged::Device => "device",
			Paged::Order => "order",
			Paged::Retirement => "retirement",
			Paged::Trade => "trade",
		}
	}

	/// The snapshots of `ids` among the run of `count` ids from `first`, at block `at`, in one
	/// call of the node's page method.
	async fn fetch(
		self,
		rpc: &RpcClient,
		first: u64,
		count: u32,
		ids: &[u64],
		at: &str,
	) -> Result<Vec<Snapshot>> {
		Ok(match self {
			Paged::Batch => {
				let mut views =
					page(rpc, "origo_batches", first, count, at, |view: &BatchView| view.id)
						.await?;
				ids.iter().map(|&id| Snapshot::Batch { id, view: views.remove(&id) }).collect()
			},
			Paged::Device => {
				let views =
					page(rpc, "origo_devices", first, count, at, |view: &DeviceView| view.id)
						.await?;
				let mut snapshots = Vec::with_capacity(ids.len());
				for id in ids {
					let view = match views.get(id) {
						Some(view) => Some(with_meters(rpc, view.clone(), at).await?),
						None => None,
					};
					snapshots.push(Snapshot::Device { id: *id, view });
				}
				snapshots
			},
			Paged::Order => {
				let mut views = page(rpc, "origo_orders", first, count, at, OrderView::id).await?;
				ids.iter().map(|&id| Snapshot::Order { id, view: views.remove(&id) }).collect()
			},
			Paged::Retirement => {
				let mut views =
					page(rpc, "origo_retirements", first, count, at, |view: &RetirementView| {
						view.id
					})
					.await?;
				ids.iter().map(|&id| Snapshot::Retirement { id, view: views.remove(&id) }).collect()
			},
			Paged::Trade => {
				let mut views =
					page(rpc, "origo_trades", first, count, at, |view: &TradeView| view.id).await?;
				ids.iter().map(|&id| Snapshot::Trade { id, view: views.remove(&id) }).collect()
			},
		})
	}
}

/// The run of `count` ids from `first` of a page method (`origo_batches`, ...), by id.
async fn page<V: DeserializeOwned>(
	rpc: &RpcClient,
	method: &str,
	first: u64,
	count: u32,
	at: &str,
	id: impl Fn(&V) -> u64,
) -> Result<HashMap<u64, V>> {
	let page: Vec<V> = call(rpc, method, [first.into(), count.into()], at).await?;
	Ok(page.into_iter().map(|view| (id(&view), view)).collect())
}

/// Holdings a page reads, by its list (`origo_holdings`) or a run of batch ids
/// (`origo_holdingsAmong`), in the time of one call's own cost (the runtime call, the RPC
/// round): a page costs about one call plus its holdings over this (measured on the
/// benchmark's chain: a page of 1,000 holdings 7-9 ms either way, against about 0.26 ms a call).
const HOLDINGS_PER_CALL: u64 = 30;

/// Calls' worth of work to read the list of an account that holds at most `held` batches
/// (pages of [`PAGE`], one after another).
fn list_cost(held: usize) -> usize {
	held.div_ceil(PAGE as usize).max(1) + held / HOLDINGS_PER_CALL as usize
}

/// Ids one page of a run of devices, batches, retirements, orders or trades reads in the time
/// of one call's own cost: a page of a run costs about one call plus the ids over this
/// (measured on the benchmark's chain: a page of 1,000 batches 31-38 ms, 1,000 `origo_batch`
/// calls in one JSON-RPC batch 261 ms).
const IDS_PER_CALL: u64 = 8;

/// Whether `stale` entities among a run of `span` ids, of which a page reads `per_call` in the
/// time of a call, are fetched with fewer calls' worth of work as one page than one by one.
fn page_run(stale: usize, span: u64, per_call: u64) -> bool {
	stale as u64 > 1 + span / per_call
}

/// A run of stale ids: its first id, its span (at most a page) and the stale ids in it.
type IdRun = (u64, u64, Vec<u64>);

/// Splits stale ids into runs of at most a page of ids.
fn id_runs(mut ids: Vec<u64>) -> Vec<IdRun> {
	ids.sort_unstable();
	let mut runs = Vec::new();
	let mut rest = ids.as_slice();
	while let Some(&first) = rest.first() {
		let run = rest.partition_point(|id| *id - first < u64::from(PAGE));
		let (ids, after) = rest.split_at(run);
		runs.push((first, ids[ids.len() - 1] - first + 1, ids.to_vec()));
		rest = after;
	}
	runs
}

/// Calls' worth of work to read `runs`, each as a page (reading `per_call` ids in the time of a
/// call) or one by one, whichever is cheaper.
fn runs_cost(runs: &[IdRun], per_call: u64) -> usize {
	runs.iter().map(|(_, span, ids)| ids.len().min(1 + (span / per_call) as usize)).sum()
}

/// The units that read `runs`: each as one page (`page`) when that is cheaper (see
/// [`page_run`]), else one unit per id (`one`).
fn run_units(
	runs: Vec<IdRun>,
	per_call: u64,
	page: impl Fn(u64, u32, Vec<u64>) -> Unit,
	one: impl Fn(u64) -> Unit,
) -> Vec<Unit> {
	let mut units = Vec::new();
	for (first, span, ids) in runs {
		if page_run(ids.len(), span, per_call) {
			units.push(page(first, span as u32, ids));
		} else {
			units.extend(ids.into_iter().map(&one));
		}
	}
	units
}

/// Splits stale marks into units of fetching: an account's holdings go by its list or by runs
/// of batch ids, and runs of other ids by their page, when that is cheaper (see [`list_cost`],
/// [`runs_cost`], [`page_run`]), every other mark by itself. Lists come first: their pages are
/// read one after another, the longest wait of all, so they start while the rest is read.
async fn units(db: &Database, stale: BTreeSet<(&'static str, String)>) -> Result<Vec<Unit>> {
	let (mut lists, mut units) = (Vec::new(), Vec::new());
	let mut by_account: BTreeMap<String, Vec<String>> = Default::default();
	let mut runs: BTreeMap<Paged, Vec<u64>> = BTreeMap::new();
	for (kind, id) in stale {
		match (Paged::of(kind), id.split_once('/')) {
			(Some(paged), _) => runs.entry(paged).or_default().push(number(kind, &id)?),
			(None, Some((account, batch))) if kind == "holding" => {
				by_account.entry(account.to_owned()).or_default().push(batch.to_owned())
			},
			_ => units.push(Unit::One { kind: kind.to_owned(), id }),
		}
	}
	for (kind, ids) in runs {
		units.extend(run_units(
			id_runs(ids),
			IDS_PER_CALL,
			|first, count, ids| Unit::Run { kind, first, count, ids },
			|id| Unit::One { kind: kind.kind().into(), id: id.to_string() },
		));
	}
	for (account, batches) in by_account {
		let batches =
			batches.iter().map(|batch| number("holding", batch)).collect::<Result<Vec<_>>>()?;
		let runs = id_runs(batches);
		let by_runs = runs_cost(&runs, HOLDINGS_PER_CALL);
		// A list takes a call at least: only a dearer reading by runs needs the count.
		let listed = by_runs > 1 && {
			// The account holds at most what the index has plus what is stale.
			let indexed: i64 =
				sqlx::query_scalar("SELECT COUNT(*) FROM holdings WHERE account = $1")
					.bind(&account)
					.fetch_one(db.pool())
					.await?;
			let stale: usize = runs.iter().map(|(_, _, ids)| ids.len()).sum();
			list_cost(indexed as usize + stale) < by_runs
		};
		if listed {
			let batches = runs.into_iter().flat_map(|(_, _, ids)| ids).collect();
			lists.push(Unit::Holdings { account, batches });
		} else {
			units.extend(run_units(
				runs,
				HOLDINGS_PER_CALL,
				|first, count, batches| Unit::HoldingRun {
					account: account.clone(),
					first,
					count,
					batches,
				},
				|batch| Unit::One { kind: "holding".into(), id: format!("{account}/{batch}") },
			));
		}
	}
	lists.extend(units);
	Ok(lists)
}

impl Unit {
	/// Fetches the unit's entities at block `at`: a snapshot for each of its stale marks.
	async fn fetch(self, rpc: &RpcClient, at: &str) -> Result<Vec<Snapshot>> {
		use serde_json::json;
		match self {
			Unit::One { kind, id } => Ok(vec![fetch(rpc, &kind, &id, at).await?]),
			Unit::Holdings { account, batches } => {
				let holdings = all_pages(
					rpc,
					"origo_holdings",
					&[json!(account)],
					|holding: &HoldingView| json!(holding.batch),
					at,
				)
				.await?;
				holding_snapshots(account, batches, &holdings)
			},
			Unit::HoldingRun { account, first, count, batches } => {
				let params = [json!(account), json!(first), json!(count)];
				let holdings: Vec<HoldingView> =
					call(rpc, "origo_holdingsAmong", params, at).await?;
				holding_snapshots(account, batches, &holdings)
			},
			Unit::Run { kind, first, count, ids } => kind.fetch(rpc, first, count, &ids, at).await,
		}
	}
}

/// Fetches every `stale` entity at block `at` (its number and hash) and writes its snapshot,
/// then records that the snapshots are current after the events of blocks up to `through`
/// (a run that stops before that fetches the same entities again: see
/// `index::stale_after`). Fetching runs ahead of writing (in its own task), so the node and
/// the database work at the same time.
pub async fn refresh(
	db: &Database,
	rpc: &RpcClient,
	at: &(u64, String),
	stale: BTreeSet<(&'static str, String)>,
	through: u64,
) -> Result<usize> {
	let at_block = int(at.0)?;
	let started = std::time::Instant::now();
	let marks = stale.len();
	let units = units(db, stale).await?;
	tracing::debug!(
		"indexer: {marks} stale marks, {} units to fetch, at {:.3} s",
		units.len(),
		started.elapsed().as_secs_f64()
	);
	let (sender, mut receiver) = tokio::sync::mpsc::channel(CONCURRENCY * 4);
	let fetcher = {
		let (rpc, at) = (rpc.clone(), at.1.clone());
		tokio::spawn(async move {
			let mut fetched =
				stream::iter(units).map(|unit| unit.fetch(&rpc, &at)).buffer_unordered(CONCURRENCY);
			while let Some(result) = fetched.next().await {
				let failed = result.is_err();
				// The writer stopped (it failed): nothing more to do.
				if sender.send(result).await.is_err() || failed {
					return;
				}
			}
		})
	};
	let (mut refreshed, mut written) = (0, Vec::new());
	while let Some(result) = receiver.recv().await {
		written.extend(result?);
		if written.len() >= CHUNK {
			refreshed += write_chunk(db, std::mem::take(&mut written), at_block).await?;
		}
	}
	refreshed += write_chunk(db, written, at_block).await?;
	fetcher.await.map_err(|e| Error::from(format!("snapshot fetching stopped: {e}")))?;
	sqlx::query("UPDATE chain SET refreshed_number = $1 WHERE id = 0")
		.bind(int(through)?)
		.execute(db.pool())
		.await?;
	if refreshed > 0 {
		tracing::info!(
			"indexer: {refreshed} entities fetched at block {} in {:.3} s",
			at.0,
			started.elapsed().as_secs_f64()
		);
	}
	Ok(refreshed)
}

/// Writes fetched snapshots, in one transaction.
async fn write_chunk(db: &Database, snapshots: Vec<Snapshot>, at_block: i64) -> Result<usize> {
	let count = snapshots.len();
	let mut tx = db.pool().begin().await?;
	let mut rows = ChunkRows::default();
	for snapshot in snapshots {
		snapshot.write(&mut tx, at_block, &mut rows).await?;
	}
	rows.write(&mut tx, at_block).await?;
	tx.commit().await?;
	Ok(count)
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Units as words: what each fetches, and how.
	fn described(units: &[Unit]) -> Vec<String> {
		units
			.iter()
			.map(|unit| match unit {
				Unit::One { kind, id } => format!("{kind} {id}"),
				Unit::Holdings { account, batches } => {
					format!("{account}'s list for {} holdings", batches.len())
				},
				Unit::Run { kind, first, count, ids } => {
					format!("{} page {first}+{count} for {}", kind.kind(), ids.len())
				},
				Unit::HoldingRun { account, first, count, batches } => {
					format!("{account}'s page {first}+{count} for {} holdings", batches.len())
				},
			})
			.collect()
	}

	#[test]
	fn an_accounts_list_costs_its_pages_and_holdings() {
		// A page of a few holdings costs about one call.
		assert_eq!(list_cost(0), 1);
		assert_eq!(list_cost(8), 1);
		// 100,000 held: 100 pages plus 3,333 calls' worth of holdings read.
		assert_eq!(list_cost(100_000), 3_433);
	}

	#[test]
	fn runs_of_stale_ids_are_read_as_pages_and_scattered_ones_one_by_one() {
		// A page of 9 ids costs about two calls: two stale entities do not pay, three do.
		assert!(!page_run(2, 9, IDS_PER_CALL));
		assert!(page_run(3, 9, IDS_PER_CALL));
		// A page of 1,000 ids: one call plus 125 calls' worth of reads.
		assert!(!page_run(126, 1_000, IDS_PER_CALL));
		assert!(page_run(127, 1_000, IDS_PER_CALL));
		// A page of 1,000 holdings reads like 34 calls.
		assert!(page_run(35, 1_000, HOLDINGS_PER_CALL));
		// 1,500 issued in a row (unordered), then two far apart: two pages and two calls.
		let mut ids: Vec<u64> = (0..1_500).rev().collect();
		ids.extend([5_000, 9_000]);
		let units = run_units(
			id_runs(ids),
			IDS_PER_CALL,
			|first, count, ids| Unit::Run { kind: Paged::Batch, first, count, ids },
			|id| Unit::One { kind: "batch".into(), id: id.to_string() },
		);
		// Two pages cost 1 + 125 and 1 + 63 calls' worth; the others one call each.
		let runs = id_runs((0..1_500).chain([5_000, 9_000]).collect());
		assert_eq!(runs_cost(&runs, IDS_PER_CALL), 191);
		assert_eq!(
			described(&units),
			[
				"batch page 0+1000 for 1000",
				"batch page 1000+500 for 500",
				"batch 5000",
				"batch 9000"
			]
		);
	}

	#[test]
	fn a_kind_that_pages_is_known_by_its_stale_marks() {
		for kind in [Paged::Batch, Paged::Device, Paged::Order, Paged::Retirement, Paged::Trade] {
			assert_eq!(Paged::of(kind.kind()), Some(kind));
		}
		assert_eq!(Paged::of("holding"), None);
		assert_eq!(Paged::of("neutrality"), None);
	}

	#[tokio::test]
	async fn stale_marks_become_units_of_runs_lists_and_single_calls() {
		let dir = tempfile::tempdir().unwrap();
		let db = Database::open(dir.path().join("index.sqlite").to_str().unwrap()).await.unwrap();
		let mark = |kind: &'static str, id: String| (kind, id);
		let mut stale =
			BTreeSet::from([mark("batch", "4".into()), mark("holding", "quiet/4".into())]);
		// 30 holdings far apart: 30 calls one by one, one page of its list.
		stale.extend((0..30).map(|batch| mark("holding", format!("busy/{}", batch * 1_000))));
		stale.extend((100..120).map(|batch| mark("batch", batch.to_string())));
		stale.extend((0..3).map(|order| mark("order", order.to_string())));
		stale.extend([mark("trade", "7".into()), mark("neutrality", "0".into())]);
		// A whale holds 5,000 batches: its list is 6 pages and 176 calls' worth of reading, its
		// 300 stale holdings in a row one page of about 11, and one more far off a call.
		let held: Vec<Param> = (0..5_000_i64)
			.flat_map(|batch| [Param::from("whale"), batch.into(), 1_i64.into()])
			.collect();
		let mut tx = db.pool().begin().await.unwrap();
		insert_many(&mut tx, "INSERT INTO holdings (account, batch, wh)", "", 3, &held)
			.await
			.unwrap();
		tx.commit().await.unwrap();
		stale.extend(
			(2_000..2_300).chain([9_000]).map(|batch| mark("holding", format!("whale/{batch}"))),
		);
		let units = units(&db, stale).await.unwrap();
		assert_eq!(
			described(&units),
			[
				"busy's list for 30 holdings",
				"neutrality 0",
				// 21 of a run of 116 ids: cheaper as a page (about 15 calls) than one by one.
				"batch page 4+116 for 21",
				"order page 0+3 for 3",
				"trade 7",
				"holding quiet/4",
				"whale's page 2000+300 for 300 holdings",
				"holding whale/9000"
			]
		);
	}
}

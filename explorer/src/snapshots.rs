//! The registry's entities as the chain sees them: devices, batches, holdings, retirements,
//! orders, trades and the chain's neutrality, fetched from the node's `origo_*` RPC (the
//! auditor's methods) whenever an event touched them, and kept in the index with the columns
//! its pages search and sort on.
//!
//! The explorer never computes a supply, a holding or a neutrality status itself: the chain
//! does, and the index keeps what it answered, at the block it answered for. Each round of
//! indexing marks the entities its events touched as stale; [`refresh`] fetches each stale
//! entity once, however many events touched it, at the node's finalized head.

use crate::{
	db::{delete_many, insert_many, int, placeholders, Database, Param, LOOKUP_CHUNK},
	error::{Error, Result},
};
use futures::{stream, StreamExt};
use origo_rpc_types::{
	BatchView, DeviceView, HoldingView, MeterView, NeutralityView, OrderView, PeriodView,
	RetirementView, TradeView,
};
use serde::de::DeserializeOwned;
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, HashMap};
use subxt::rpcs::RpcClient;

/// Snapshots written in one database transaction.
const CHUNK: usize = 1000;
/// Stale marks read at once (each pass fetches them, then reads the next).
const MARKS_PER_PASS: i64 = 100_000;
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

/// Fetches entity `kind`/`id` at block `at`.
async fn fetch(rpc: &RpcClient, kind: &str, id: &str, at: &str) -> Result<Snapshot> {
	use serde_json::json;
	Ok(match kind {
		"device" => {
			let id = number(kind, id)?;
			let view: Option<DeviceView> = call(rpc, "origo_device", [json!(id)], at).await?;
			let view = match view {
				Some(view) => {
					let params = [json!(id), json!(null), json!(PAGE)];
					let meters = call(rpc, "origo_deviceMeters", params, at).await?;
					Some((view, meters))
				},
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
	/// Writes the snapshot, fetched at block `at_block`, into the index, or adds it to `rows`
	/// if it is of the many (batches and holdings), which are written together.
	async fn write(
		self,
		tx: &mut Transaction<'static, Any>,
		at_block: i64,
		rows: &mut ChunkRows,
	) -> Result<()> {
		match self {
			Snapshot::Device { id, view: Some((view, meters)) } => {
				sqlx::query(
					"INSERT INTO devices (id, owner, name, zone, technology, status, at_block, \
					 view, meters) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
					 ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, name = excluded.name, \
					 zone = excluded.zone, technology = excluded.technology, \
					 status = excluded.status, at_block = excluded.at_block, \
					 view = excluded.view, meters = excluded.meters",
				)
				.bind(int(id)?)
				.bind(&view.owner)
				.bind(&view.name)
				.bind(&view.zone)
				.bind(format!("{:?}", view.technology))
				.bind(&view.status)
				.bind(at_block)
				.bind(json(&view))
				.bind(json(&meters))
				.execute(&mut **tx)
				.await?;
			},
			Snapshot::Batch { id, view: Some(view) } => rows.batches.push((id, view)),
			Snapshot::Holding { account, batch, wh: Some(wh) } => {
				rows.held.extend([account.into(), int(batch)?.into(), int(wh)?.into()])
			},
			Snapshot::Holding { account, batch, wh: None } => {
				rows.released.extend([account.into(), int(batch)?.into()])
			},
			Snapshot::Retirement { id, view: Some(view) } => {
				let batch = view.batch.as_ref().map(|batch| batch.id).unwrap_or_default();
				sqlx::query(
					"INSERT INTO retirements (id, batch, retirer, beneficiary, beneficiary_name, \
					 purpose, wh, avoided_g_co2e, block_number, view) \
					 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
					 ON CONFLICT (id) DO UPDATE SET view = excluded.view",
				)
				.bind(int(id)?)
				.bind(int(batch)?)
				.bind(&view.retirer)
				.bind(&view.beneficiary)
				.bind(&view.beneficiary_name)
				.bind(&view.purpose)
				.bind(wh(&view.wh)?)
				.bind(wh(&view.avoided_g_co2e)?)
				.bind(i64::from(view.block))
				.bind(json(&view))
				.execute(&mut **tx)
				.await?;
			},
			Snapshot::Order { id, view: Some(view) } => {
				sqlx::query("UPDATE orders SET open = $1, view = $2 WHERE id = $3")
					.bind(true)
					.bind(json(&view))
					.bind(int(id)?)
					.execute(&mut **tx)
					.await?;
			},
			Snapshot::Order { id, view: None } => {
				sqlx::query("UPDATE orders SET open = $1 WHERE id = $2")
					.bind(false)
					.bind(int(id)?)
					.execute(&mut **tx)
					.await?;
			},
			Snapshot::Trade { id, view: Some(view) } => {
				sqlx::query(
					"INSERT INTO trades (id, batch, seller, buyer, wh, price_per_mwh, \
					 block_number, view) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
					 ON CONFLICT (id) DO UPDATE SET view = excluded.view",
				)
				.bind(int(id)?)
				.bind(int(view.batch)?)
				.bind(&view.seller)
				.bind(&view.buyer)
				.bind(wh(&view.wh)?)
				.bind(&view.price_per_mwh)
				.bind(i64::from(view.block))
				.bind(json(&view))
				.execute(&mut **tx)
				.await?;
			},
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
				for period in periods {
					sqlx::query(
						"INSERT INTO neutrality_periods (id, view) VALUES ($1, $2) \
						 ON CONFLICT (id) DO UPDATE SET view = excluded.view",
					)
					.bind(i64::from(period.id))
					.bind(json(&period))
					.execute(&mut **tx)
					.await?;
				}
			},
			// An owner removes a pending or rejected device (`DeviceRemoved`): the chain
			// forgets it, and so does the index (its events stay).
			Snapshot::Device { id, view: None } => {
				sqlx::query("DELETE FROM devices WHERE id = $1")
					.bind(int(id)?)
					.execute(&mut **tx)
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

/// A chunk's batch and holding snapshots, written with a few statements rather than one or
/// three each: a catch-up refreshes every batch and holding of the chain.
#[derive(Default)]
struct ChunkRows {
	batches: Vec<(u64, BatchView)>,
	held: Vec<Param>,
	released: Vec<Param>,
}

impl ChunkRows {
	async fn write(self, tx: &mut Transaction<'static, Any>, at_block: i64) -> Result<()> {
		write_batches(tx, self.batches, at_block).await?;
		insert_many(
			tx,
			"INSERT INTO holdings (account, batch, wh)",
			"ON CONFLICT (account, batch) DO UPDATE SET wh = excluded.wh",
			3,
			&self.held,
		)
		.await?;
		delete_many(tx, "holdings", "account, batch", &self.released).await
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
	Holdings { account: String, batches: Vec<String> },
	/// Stale batches among a run of ids, read from the node's page of that run
	/// (`origo_batches`) rather than one `origo_batch` call each.
	Batches { first: u64, count: u32, ids: Vec<u64> },
}

/// Holdings one page of `origo_holdings` reads in the time of one call's own cost (the runtime
/// call, the RPC round): a page costs about one call plus its holdings over this.
const HOLDINGS_PER_CALL: usize = 100;

/// Whether `stale` holdings of an account that holds at most `held` batches are fetched with
/// fewer calls' worth of work from its list (pages of [`PAGE`]) than one by one.
fn list_holdings(stale: usize, held: usize) -> bool {
	let pages = held.div_ceil(PAGE as usize).max(1);
	stale > pages + held / HOLDINGS_PER_CALL
}

/// Batches one page of `origo_batches` reads in the time of one call's own cost: a page of a
/// run of ids costs about one call plus the ids over this (measured on the benchmark's chain:
/// a page of 1,000 batches 31-38 ms, 1,000 `origo_batch` calls in one JSON-RPC batch 261 ms).
const BATCHES_PER_CALL: u64 = 8;

/// Whether `stale` batches among a run of `span` ids are fetched with fewer calls' worth of
/// work as one page of the run than one by one.
fn page_batches(stale: usize, span: u64) -> bool {
	stale as u64 > 1 + span / BATCHES_PER_CALL
}

/// Splits stale batch ids into units: runs of at most a page of ids, each read as one page
/// when that is cheaper (see [`page_batches`]), else one by one.
fn batch_units(mut ids: Vec<u64>) -> Vec<Unit> {
	ids.sort_unstable();
	let mut units = Vec::new();
	let mut rest = ids.as_slice();
	while let Some(&first) = rest.first() {
		let run = rest.partition_point(|id| *id - first < u64::from(PAGE));
		let (ids, after) = rest.split_at(run);
		let span = ids[ids.len() - 1] - first + 1;
		if page_batches(ids.len(), span) {
			units.push(Unit::Batches { first, count: span as u32, ids: ids.to_vec() });
		} else {
			units.extend(
				ids.iter().map(|id| Unit::One { kind: "batch".into(), id: id.to_string() }),
			);
		}
		rest = after;
	}
	units
}

/// Splits stale marks into units of fetching: an account's holdings go by its list and runs of
/// batches by their page when that is cheaper (see [`list_holdings`], [`page_batches`]), every
/// other mark by itself.
async fn units(db: &Database, stale: Vec<(String, String)>) -> Result<Vec<Unit>> {
	let mut units = Vec::new();
	let mut by_account: BTreeMap<String, Vec<String>> = Default::default();
	let mut batches = Vec::new();
	for (kind, id) in stale {
		match (kind.as_str(), id.split_once('/')) {
			("holding", Some((account, batch))) => {
				by_account.entry(account.to_owned()).or_default().push(batch.to_owned())
			},
			("batch", _) => batches.push(number(&kind, &id)?),
			_ => units.push(Unit::One { kind, id }),
		}
	}
	units.extend(batch_units(batches));
	for (account, batches) in by_account {
		// One holding is never cheaper by a list (which takes a call at least): no count.
		let listed = batches.len() > 1 && {
			// The account holds at most what the index has plus what is stale.
			let indexed: i64 =
				sqlx::query_scalar("SELECT COUNT(*) FROM holdings WHERE account = $1")
					.bind(&account)
					.fetch_one(db.pool())
					.await?;
			list_holdings(batches.len(), indexed as usize + batches.len())
		};
		if listed {
			units.push(Unit::Holdings { account, batches });
		} else {
			units.extend(batches.into_iter().map(|batch| Unit::One {
				kind: "holding".into(),
				id: format!("{account}/{batch}"),
			}));
		}
	}
	Ok(units)
}

impl Unit {
	/// Fetches the unit's entities at block `at`: each stale mark (kind, id) with its snapshot.
	async fn fetch(self, rpc: &RpcClient, at: &str) -> Result<Vec<(String, String, Snapshot)>> {
		use serde_json::json;
		match self {
			Unit::One { kind, id } => {
				let snapshot = fetch(rpc, &kind, &id, at).await?;
				Ok(vec![(kind, id, snapshot)])
			},
			Unit::Holdings { account, batches } => {
				let holdings = all_pages(
					rpc,
					"origo_holdings",
					&[json!(account)],
					|holding: &HoldingView| json!(holding.batch),
					at,
				)
				.await?;
				let held = holdings
					.iter()
					.map(|holding| Ok((holding.batch, holding_wh(holding)?)))
					.collect::<Result<HashMap<_, _>>>()?;
				batches
					.into_iter()
					.map(|batch| {
						let number = number("holding", &batch)?;
						let snapshot = Snapshot::Holding {
							account: account.clone(),
							batch: number,
							wh: held.get(&number).copied(),
						};
						Ok(("holding".to_owned(), format!("{account}/{batch}"), snapshot))
					})
					.collect()
			},
			Unit::Batches { first, count, ids } => {
				let page: Vec<BatchView> =
					call(rpc, "origo_batches", [json!(first), json!(count)], at).await?;
				let mut views: HashMap<u64, BatchView> =
					page.into_iter().map(|view| (view.id, view)).collect();
				Ok(ids
					.into_iter()
					.map(|id| {
						let snapshot = Snapshot::Batch { id, view: views.remove(&id) };
						("batch".to_owned(), id.to_string(), snapshot)
					})
					.collect())
			},
		}
	}
}

/// Fetches every stale entity at block `at` (its number and hash) and writes its snapshot; a
/// stale mark is cleared in the transaction that writes the snapshot. Fetching runs ahead of
/// writing (in its own task), so the node and the database work at the same time.
pub async fn refresh(db: &Database, rpc: &RpcClient, at: &(u64, String)) -> Result<usize> {
	let at_block = int(at.0)?;
	let started = std::time::Instant::now();
	let mut refreshed = 0;
	loop {
		let stale: Vec<(String, String)> =
			sqlx::query_as("SELECT kind, id FROM stale ORDER BY kind, id LIMIT $1")
				.bind(MARKS_PER_PASS)
				.fetch_all(db.pool())
				.await?;
		if stale.is_empty() {
			if refreshed > 0 {
				tracing::info!(
					"indexer: {refreshed} entities fetched at block {} in {:.3} s",
					at.0,
					started.elapsed().as_secs_f64()
				);
			}
			return Ok(refreshed);
		}
		let units = units(db, stale).await?;
		let (sender, mut receiver) = tokio::sync::mpsc::channel(CONCURRENCY * 4);
		let fetcher = {
			let (rpc, at) = (rpc.clone(), at.1.clone());
			tokio::spawn(async move {
				let mut fetched = stream::iter(units)
					.map(|unit| unit.fetch(&rpc, &at))
					.buffer_unordered(CONCURRENCY);
				while let Some(result) = fetched.next().await {
					let failed = result.is_err();
					// The writer stopped (it failed): nothing more to do.
					if sender.send(result).await.is_err() || failed {
						return;
					}
				}
			})
		};
		let mut written = Vec::new();
		while let Some(result) = receiver.recv().await {
			written.extend(result?);
			if written.len() >= CHUNK {
				refreshed += write_chunk(db, std::mem::take(&mut written), at_block).await?;
			}
		}
		refreshed += write_chunk(db, written, at_block).await?;
		fetcher.await.map_err(|e| Error::from(format!("snapshot fetching stopped: {e}")))?;
	}
}

/// Writes fetched snapshots and clears their stale marks, in one transaction.
async fn write_chunk(
	db: &Database,
	snapshots: Vec<(String, String, Snapshot)>,
	at_block: i64,
) -> Result<usize> {
	let count = snapshots.len();
	let mut tx = db.pool().begin().await?;
	let mut rows = ChunkRows::default();
	let mut marks = Vec::with_capacity(count * 2);
	for (kind, id, snapshot) in snapshots {
		snapshot.write(&mut tx, at_block, &mut rows).await?;
		marks.extend([Param::from(kind), id.into()]);
	}
	rows.write(&mut tx, at_block).await?;
	delete_many(&mut tx, "stale", "kind, id", &marks).await?;
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
				Unit::Batches { first, count, ids } => {
					format!("page {first}+{count} for {}", ids.len())
				},
			})
			.collect()
	}

	#[test]
	fn many_stale_holdings_of_an_account_are_cheaper_from_its_list() {
		// A page of a few holdings costs about one call: two stale holdings already pay.
		assert!(!list_holdings(1, 1));
		assert!(list_holdings(2, 8));
		// 100,000 held: 100 pages plus 1,000 calls' worth of holdings read.
		assert!(!list_holdings(1_100, 100_000));
		assert!(list_holdings(1_101, 100_000));
	}

	#[test]
	fn runs_of_stale_batches_are_read_as_pages_and_scattered_ones_one_by_one() {
		// A page of 9 ids costs about two calls: two stale batches do not pay, three do.
		assert!(!page_batches(2, 9));
		assert!(page_batches(3, 9));
		// A page of 1,000 ids: one call plus 125 calls' worth of reads.
		assert!(!page_batches(126, 1_000));
		assert!(page_batches(127, 1_000));
		// 1,500 issued in a row (unordered), then two far apart: two pages and two calls.
		let mut ids: Vec<u64> = (0..1_500).rev().collect();
		ids.extend([5_000, 9_000]);
		assert_eq!(
			described(&batch_units(ids)),
			["page 0+1000 for 1000", "page 1000+500 for 500", "batch 5000", "batch 9000"]
		);
	}

	#[tokio::test]
	async fn stale_marks_become_one_unit_each_but_a_busy_accounts_holdings_one_list() {
		let dir = tempfile::tempdir().unwrap();
		let db = Database::open(dir.path().join("index.sqlite").to_str().unwrap()).await.unwrap();
		let mark = |kind: &str, id: String| (kind.to_owned(), id);
		let mut stale = vec![mark("batch", "4".into()), mark("holding", "quiet/4".into())];
		stale.extend((0..30).map(|batch| mark("holding", format!("busy/{batch}"))));
		stale.extend((100..120).map(|batch| mark("batch", batch.to_string())));
		stale.push(mark("trade", "7".into()));
		let units = units(&db, stale).await.unwrap();
		assert_eq!(
			described(&units),
			[
				"trade 7",
				// 21 of a run of 116 ids: cheaper as a page (about 15 calls) than one by one.
				"page 4+116 for 21",
				"busy's list for 30 holdings",
				"holding quiet/4"
			]
		);
	}
}

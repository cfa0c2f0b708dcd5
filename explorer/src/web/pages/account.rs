//! An account: what it holds, its orders, its trades, the retirements it made and those made
//! for it as beneficiary, its devices, and its latest activity.

use super::{
	batch::trade_table, blocks::events_of, energy, retirement::retirements_where, technology_label,
	view, AppState, PageError, Rendered,
};
use crate::web::table::{Cell, Table};
use maud::html;
use origo_rpc_types::{OrderView, TradeView};
use serde_json::json;
use sp_core::crypto::{AccountId32, Ss58Codec};
use sqlx::Row;

/// Rows of each list on the page.
const LIMIT: i64 = 200;

/// An account's page, by SS58 address.
pub async fn page(state: &AppState, account: &str) -> Result<Rendered, PageError> {
	let account = AccountId32::from_ss58check(account)
		.map_err(|_| PageError::BadRequest(format!("{account:?} is not an SS58 account address")))?
		.to_ss58check();
	let pool = state.db.pool();

	let holdings = sqlx::query(
		"SELECT h.batch, h.wh, b.device, b.zone, b.technology, b.production_start \
		 FROM holdings h LEFT JOIN batches b ON b.id = h.batch \
		 WHERE h.account = $1 ORDER BY h.batch LIMIT $2",
	)
	.bind(&account)
	.bind(LIMIT)
	.fetch_all(pool)
	.await?;
	let held_wh: Option<i64> =
		sqlx::query_scalar("SELECT CAST(SUM(wh) AS BIGINT) FROM holdings WHERE account = $1")
			.bind(&account)
			.fetch_one(pool)
			.await?;
	let mut holding_table =
		Table::new(&["batch", "device", "zone", "technology", "production from (UTC)", "holds"]);
	for row in &holdings {
		let batch: i64 = row.try_get("batch")?;
		let device: Option<i64> = row.try_get("device")?;
		holding_table.push(vec![
			Cell::link(batch.to_string(), format!("/batches/{batch}")),
			match device {
				Some(device) => Cell::link(device.to_string(), format!("/devices/{device}")),
				None => Cell::text("-"),
			},
			Cell::text(row.try_get::<Option<String>, _>("zone")?.unwrap_or_default()),
			Cell::text(technology_label(
				&row.try_get::<Option<String>, _>("technology")?.unwrap_or_default(),
			)),
			Cell::text(row.try_get::<Option<String>, _>("production_start")?.unwrap_or_default()),
			Cell::wh(row.try_get("wh")?),
		]);
	}

	let orders = sqlx::query(
		"SELECT id, side, CASE WHEN open THEN 1 ELSE 0 END AS open, view FROM orders \
		 WHERE owner = $1 ORDER BY id DESC LIMIT $2",
	)
	.bind(&account)
	.bind(LIMIT)
	.fetch_all(pool)
	.await?;
	let mut order_table =
		Table::new(&["order", "side", "state", "amount", "price", "batch or filters"]);
	for row in &orders {
		let id: i64 = row.try_get("id")?;
		let side: String = row.try_get("side")?;
		let open = row.try_get::<i64, _>("open")? != 0;
		let (amount, price, what) = match view::<OrderView>(row, "view") {
			Ok(OrderView::Ask(ask)) => (
				Cell::wh_text(&ask.wh),
				Cell::price(&ask.price_per_mwh),
				format!("batch {}", ask.batch),
			),
			Ok(OrderView::Bid(bid)) => (
				Cell::wh_text(&bid.wh),
				Cell::price(&bid.max_price_per_mwh),
				serde_json::to_string(&bid.filters)?,
			),
			// An order closed before the index saw it open: only its placement is known.
			Err(_) => (Cell::text("-"), Cell::text("-"), "-".into()),
		};
		order_table.push(vec![
			Cell::text(id.to_string()),
			Cell::text(side),
			Cell::text(if open { "open" } else { "closed" }),
			amount,
			price,
			Cell::text(what),
		]);
	}

	// Two index walks merged, not `seller = $1 OR buyer = $1`, which makes SQLite sort every
	// trade of a busy account.
	let trades = sqlx::query(
		"SELECT id, view FROM \
		 (SELECT id, view FROM trades WHERE seller = $1 ORDER BY id DESC LIMIT $2) AS sold \
		 UNION SELECT id, view FROM \
		 (SELECT id, view FROM trades WHERE buyer = $1 ORDER BY id DESC LIMIT $2) AS bought \
		 ORDER BY id DESC LIMIT $2",
	)
	.bind(&account)
	.bind(LIMIT)
	.fetch_all(pool)
	.await?;
	let trades: Vec<TradeView> =
		trades.iter().map(|row| view(row, "view")).collect::<Result<_, _>>()?;
	let trade_table = trade_table(&trades);

	let made = retirements_where(state, "retirer = $1", &account, LIMIT).await?;
	let received = retirements_where(state, "beneficiary = $1", &account, LIMIT).await?;

	let devices = sqlx::query(
		"SELECT id, name, zone, status FROM devices WHERE owner = $1 ORDER BY id LIMIT $2",
	)
	.bind(&account)
	.bind(LIMIT)
	.fetch_all(pool)
	.await?;
	let mut device_table = Table::new(&["device", "name", "zone", "status"]);
	for row in &devices {
		let id: i64 = row.try_get("id")?;
		device_table.push(vec![
			Cell::link(id.to_string(), format!("/devices/{id}")),
			Cell::text(row.try_get::<String, _>("name")?),
			Cell::text(row.try_get::<String, _>("zone")?),
			Cell::text(row.try_get::<String, _>("status")?),
		]);
	}
	let activity = events_of(state, "account", &account, 50).await?;

	let title = format!("Account {account}");
	let held = energy(held_wh.unwrap_or_default());
	Ok(Rendered {
		html: html! {
			h1 { "Account " code { (account) } }
			div.cards {
				div.card { div.label { "Holds" } div.value { (held) } }
				div.card { div.label { "Holdings" } div.value { (holdings.len()) @if holdings.len() as i64 == LIMIT { "+" } } }
				div.card { div.label { "Retirements made" } div.value { (made.rows.len()) } }
				div.card { div.label { "Retirements received" } div.value { (received.rows.len()) } }
			}
			(holding_table.section("Holdings"))
			(order_table.section("Orders"))
			(trade_table.section("Trades"))
			(made.section("Retirements made"))
			(received.section("Retirements received as beneficiary"))
			(device_table.section("Devices"))
			(activity.section("Latest activity"))
		},
		json: json!({
			"account": account, "heldWh": held_wh.unwrap_or_default().to_string(),
			"holdings": holding_table.json(), "orders": order_table.json(),
			"trades": trade_table.json(), "retirementsMade": made.json(),
			"retirementsReceived": received.json(), "devices": device_table.json(),
			"activity": activity.json(),
		}),
		title,
		csv: None,
	})
}

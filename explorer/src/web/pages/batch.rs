//! Batches of certificates: the list, and a batch's page: where it came from (device, issuer,
//! production period, the readings behind it and their blocks), its supply, holders, listings,
//! trades and retirements.

use super::{
	account_link, block_link, list_page, parse_id, technology_label, view, AppState, ListQuery,
	PageError, Paging, Rendered,
};
use crate::web::{
	layout::facts,
	table::{Cell, Table},
};
use maud::html;
use origo_primitives::time::{format_utc, parse_utc};
use origo_rpc_types::{units, BatchView, OrderView, TradeView};
use serde_json::json;
use sqlx::Row;

/// The most readings a batch's page lists.
const READINGS_SHOWN: usize = 500;

/// A page of batches, newest first.
pub async fn list(state: &AppState, query: &ListQuery) -> Result<Rendered, PageError> {
	let paging = Paging::of(query)?;
	let rows = sqlx::query(
		"SELECT id, device, zone, technology, production_start, issued_wh, held_wh, retired_wh, \
		 expired_wh, revoked_wh FROM batches ORDER BY id DESC LIMIT $1 OFFSET $2",
	)
	.bind(paging.fetch_limit())
	.bind(paging.offset)
	.fetch_all(state.db.pool())
	.await?;
	let mut table = Table::new(&[
		"batch",
		"device",
		"zone",
		"technology",
		"production from (UTC)",
		"issued",
		"held",
		"retired",
		"expired",
		"revoked",
	]);
	for row in &rows {
		let id: i64 = row.try_get("id")?;
		let device: i64 = row.try_get("device")?;
		table.push(vec![
			Cell::link(id.to_string(), format!("/batches/{id}")),
			Cell::link(device.to_string(), format!("/devices/{device}")),
			Cell::text(row.try_get::<String, _>("zone")?),
			Cell::text(technology_label(&row.try_get::<String, _>("technology")?)),
			Cell::text(row.try_get::<String, _>("production_start")?),
			Cell::wh(row.try_get("issued_wh")?),
			Cell::wh(row.try_get("held_wh")?),
			Cell::wh(row.try_get("retired_wh")?),
			Cell::wh(row.try_get("expired_wh")?),
			Cell::wh(row.try_get("revoked_wh")?),
		]);
	}
	let intro = html! {
		p.exports {
			"Export: " a href="/batches?format=csv" { "this list as CSV" }
			a href="/export/eecs.csv" { "EECS fields (CSV)" }
			a href="/export/energytag.json" { "EnergyTag GC bundles (JSON)" }
		}
	};
	Ok(list_page(&paging, "/batches", "Batches", intro, table))
}

/// A batch's page.
pub async fn page(state: &AppState, id: &str) -> Result<Rendered, PageError> {
	let id = parse_id("batch", id)?;
	let row = sqlx::query("SELECT view, at_block FROM batches WHERE id = $1")
		.bind(id)
		.fetch_optional(state.db.pool())
		.await?
		.ok_or_else(|| PageError::NotFound(format!("there is no batch {id}")))?;
	let batch: BatchView = view(&row, "view")?;
	let at_block: i64 = row.try_get("at_block")?;
	let device_name: Option<String> = sqlx::query_scalar("SELECT name FROM devices WHERE id = $1")
		.bind(batch.device as i64)
		.fetch_optional(state.db.pool())
		.await?;

	// The readings behind it: the device's readings and profiles whose time overlaps the
	// production period (those that end in it, and the first to end after it), each with the
	// extrinsic that carried it.
	let (start, end) = (
		parse_utc(&batch.production.start).unwrap_or_default() as i64,
		parse_utc(&batch.production.end).unwrap_or_default() as i64,
	);
	let columns = "SELECT block_number, extrinsic, kind, start_time, end_time, wh, \
	               interval_seconds, interval_wh FROM readings WHERE device = $1 \
	               AND start_time IS NOT NULL";
	let mut readings = sqlx::query(&format!(
		"{columns} AND end_time > $2 AND end_time <= $3 ORDER BY end_time LIMIT {READINGS_SHOWN}"
	))
	.bind(batch.device as i64)
	.bind(start)
	.bind(end)
	.fetch_all(state.db.pool())
	.await?;
	if readings.len() < READINGS_SHOWN {
		let straddling =
			sqlx::query(&format!("{columns} AND end_time > $2 ORDER BY end_time LIMIT 1"))
				.bind(batch.device as i64)
				.bind(end)
				.fetch_optional(state.db.pool())
				.await?;
		readings.extend(straddling.filter(|row| {
			row.try_get::<Option<i64>, _>("start_time")
				.ok()
				.flatten()
				.is_some_and(|from| from < end)
		}));
	}
	let mut reading_table =
		Table::new(&["extrinsic", "what", "energy from (UTC)", "to (UTC)", "energy"]);
	for row in &readings {
		let block: i64 = row.try_get("block_number")?;
		let extrinsic: i64 = row.try_get("extrinsic")?;
		let what = match row.try_get::<Option<i64>, _>("interval_seconds")? {
			Some(seconds) => {
				let intervals = row
					.try_get::<Option<String>, _>("interval_wh")?
					.map_or(0, |list| list.split(',').count());
				format!("profile, {intervals} × {} min", seconds / 60)
			},
			None => row.try_get::<String, _>("kind")?,
		};
		let from: Option<i64> = row.try_get("start_time")?;
		reading_table.push(vec![
			Cell::link(format!("{block}-{extrinsic}"), format!("/extrinsics/{block}-{extrinsic}")),
			Cell::text(what),
			Cell::text(from.map(|from| format_utc(from as u64)).unwrap_or_default()),
			Cell::text(format_utc(row.try_get::<i64, _>("end_time")? as u64)),
			Cell::wh(row.try_get("wh")?),
		]);
	}

	// The block that issued it: its `Certificates.Issued` event.
	let issued_in: Option<i64> = sqlx::query_scalar(
		"SELECT e.block_number FROM event_subjects s JOIN events e \
		 ON e.block_number = s.block_number AND e.position = s.position \
		 WHERE s.kind = 'batch' AND s.id = $1 AND e.pallet = 'Certificates' AND e.name = 'Issued'",
	)
	.bind(id.to_string())
	.fetch_optional(state.db.pool())
	.await?;

	let holders =
		sqlx::query("SELECT account, wh FROM holdings WHERE batch = $1 ORDER BY wh DESC LIMIT 200")
			.bind(id)
			.fetch_all(state.db.pool())
			.await?;
	let mut holder_table = Table::new(&["holder", "holds"]);
	for row in &holders {
		let account: String = row.try_get("account")?;
		holder_table.push(vec![
			Cell::link(account.clone(), format!("/accounts/{account}")),
			Cell::wh(row.try_get("wh")?),
		]);
	}

	let listings =
		sqlx::query("SELECT view FROM orders WHERE batch = $1 AND open = $2 ORDER BY id")
			.bind(id)
			.bind(true)
			.fetch_all(state.db.pool())
			.await?;
	let mut listing_table = Table::new(&["ask", "seller", "amount", "price", "expires (UTC)"]);
	for row in &listings {
		if let Ok(OrderView::Ask(ask)) = view::<OrderView>(row, "view") {
			listing_table.push(vec![
				Cell::text(ask.id.to_string()),
				Cell::link(ask.seller.clone(), format!("/accounts/{}", ask.seller)),
				Cell::wh_text(&ask.wh),
				Cell::price(&ask.price_per_mwh),
				Cell::text(ask.expires_at.unwrap_or("never".into())),
			]);
		}
	}

	let trades = sqlx::query("SELECT view FROM trades WHERE batch = $1 ORDER BY id DESC LIMIT 200")
		.bind(id)
		.fetch_all(state.db.pool())
		.await?;
	let trade_table = trade_table(
		&trades.iter().map(|row| view(row, "view")).collect::<Result<Vec<TradeView>, _>>()?,
	);

	let retirements = sqlx::query(
		"SELECT id, retirer, beneficiary_name, purpose, wh, block_number FROM retirements \
		 WHERE batch = $1 ORDER BY id DESC LIMIT 200",
	)
	.bind(id)
	.fetch_all(state.db.pool())
	.await?;
	let mut retirement_table =
		Table::new(&["retirement", "by", "beneficiary", "purpose", "amount", "block"]);
	for row in &retirements {
		let retirement: i64 = row.try_get("id")?;
		let retirer: String = row.try_get("retirer")?;
		let block: i64 = row.try_get("block_number")?;
		retirement_table.push(vec![
			Cell::link(retirement.to_string(), format!("/retirements/{retirement}")),
			Cell::link(retirer.clone(), format!("/accounts/{retirer}")),
			Cell::text(row.try_get::<Option<String>, _>("beneficiary_name")?.unwrap_or("-".into())),
			Cell::text(row.try_get::<String, _>("purpose")?),
			Cell::wh(row.try_get("wh")?),
			Cell::link(block.to_string(), format!("/blocks/{block}")),
		]);
	}

	let supply = &batch.supply;
	let title = format!("Batch {id}");
	let status = if batch.revoked { "revoked" } else { "valid" };
	Ok(Rendered {
		html: html! {
			h1 { (title) }
			h2 { "Provenance" }
			(facts(&[
				("Device", html! { a href=(format!("/devices/{}", batch.device)) { (batch.device) } @if let Some(name) = &device_name { " (" (name) ")" } }),
				("Issuer", account_link(&batch.issuer)),
				("Technology", html! { (batch.technology.name()) }),
				("Zone", html! { (batch.zone) }),
				("Production (UTC)", html! { (batch.production.start) " to " (batch.production.end) }),
				("Issued (UTC)", html! { (batch.issued_at) @if let Some(block) = issued_in { ", in block " (block_link(block)) } }),
				("Expires (UTC)", html! { (batch.expires_at) }),
				("Status", html! { @if batch.revoked { span.status-bad { (status) } } @else { span.status-ok { (status) } } }),
				("As of block", block_link(at_block)),
			]))
			p.exports { "Export: "
				a href=(format!("/export/energytag.json?batch={id}")) { "EnergyTag GC bundle (JSON)" }
				a href=(format!("/export/eecs.csv?batch={id}")) { "EECS fields (CSV)" } }
			h2 { "Supply" }
			(facts(&[
				("Issued", html! { (units::energy(&supply.issued_wh)) }),
				("Held", html! { (units::energy(&supply.held_wh)) }),
				("Retired", html! { (units::energy(&supply.retired_wh)) }),
				("Expired", html! { (units::energy(&supply.expired_wh)) }),
				("Revoked", html! { (units::energy(&supply.revoked_wh)) }),
				("Conserved (issued = held + retired + expired + revoked)", html! { @if supply.conserved { span.status-ok { "yes" } } @else { span.status-bad { "no" } } }),
			]))
			(reading_table.section("Readings behind it"))
			(holder_table.section("Holders"))
			(listing_table.section("Listings"))
			(trade_table.section("Trades"))
			(retirement_table.section("Retirements"))
		},
		json: json!({
			"batch": batch, "issuedInBlock": issued_in, "asOfBlock": at_block, "readings": reading_table.json(),
			"holders": holder_table.json(), "listings": listing_table.json(),
			"trades": trade_table.json(), "retirements": retirement_table.json(),
		}),
		title,
		csv: None,
	})
}

/// Trades as a table.
pub fn trade_table(trades: &[TradeView]) -> Table {
	let mut table =
		Table::new(&["trade", "batch", "seller", "buyer", "amount", "price", "paid", "block"]);
	for trade in trades {
		table.push(vec![
			Cell::text(trade.id.to_string()),
			Cell::link(trade.batch.to_string(), format!("/batches/{}", trade.batch)),
			Cell::link(trade.seller.clone(), format!("/accounts/{}", trade.seller)),
			Cell::link(trade.buyer.clone(), format!("/accounts/{}", trade.buyer)),
			Cell::wh_text(&trade.wh),
			Cell::price(&trade.price_per_mwh),
			Cell::ori(&trade.payment),
			Cell::link(trade.block.to_string(), format!("/blocks/{}", trade.block)),
		]);
	}
	table
}

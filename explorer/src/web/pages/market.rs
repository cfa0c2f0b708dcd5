//! The market: each zone's order book (open asks of its certificates, lowest price first; open
//! bids, highest first) and the clearing prices of its local auctions over time.

use super::{chart_label, technology_label, view, AppState, PageError, Rendered};
use crate::web::{
	charts::{bars, Series},
	table::{Cell, Table},
};
use maud::html;
use origo_primitives::time::format_utc;
use origo_rpc_types::OrderView;
use serde_json::json;
use sqlx::Row;

/// Clearings shown per auction in the price chart.
const CLEARINGS: usize = 48;

/// Plancks per MWh as ORI per MWh, for charts.
fn ori_per_mwh(plancks: &str) -> f64 {
	plancks.parse::<u128>().map(|p| p as f64 / origo_primitives::UNIT as f64).unwrap_or(0.0)
}

/// The market page.
pub async fn page(state: &AppState) -> Result<Rendered, PageError> {
	let pool = state.db.pool();
	let asks = sqlx::query(
		"SELECT o.view, b.zone FROM orders o JOIN batches b ON b.id = o.batch \
		 WHERE o.open = $1 AND o.side = 'ask' ORDER BY b.zone, o.id LIMIT 2000",
	)
	.bind(true)
	.fetch_all(pool)
	.await?;
	let mut ask_rows = Vec::new();
	for row in &asks {
		if let Ok(OrderView::Ask(ask)) = view::<OrderView>(row, "view") {
			ask_rows.push((row.try_get::<String, _>("zone")?, ask));
		}
	}
	ask_rows.sort_by(|(zone_a, a), (zone_b, b)| {
		let price = |p: &str| p.parse::<u128>().unwrap_or(u128::MAX);
		(zone_a, price(&a.price_per_mwh), a.id).cmp(&(zone_b, price(&b.price_per_mwh), b.id))
	});
	let mut ask_table = Table::new(&[
		"zone",
		"ask",
		"batch",
		"seller",
		"amount",
		"price",
		"auction",
		"expires (UTC)",
	]);
	for (zone, ask) in &ask_rows {
		ask_table.push(vec![
			Cell::text(zone),
			Cell::text(ask.id.to_string()),
			Cell::link(ask.batch.to_string(), format!("/batches/{}", ask.batch)),
			Cell::link(ask.seller.clone(), format!("/accounts/{}", ask.seller)),
			Cell::wh_text(&ask.wh),
			Cell::price(&ask.price_per_mwh),
			Cell::text(
				ask.auction
					.as_ref()
					.map(|a| format!("{} {}", a.zone, a.technology.name()))
					.unwrap_or("no".into()),
			),
			Cell::text(ask.expires_at.clone().unwrap_or("never".into())),
		]);
	}

	let bids = sqlx::query(
		"SELECT view FROM orders WHERE open = $1 AND side = 'bid' ORDER BY id LIMIT 2000",
	)
	.bind(true)
	.fetch_all(pool)
	.await?;
	let mut bid_rows: Vec<_> = bids
		.iter()
		.filter_map(|row| match view::<OrderView>(row, "view") {
			Ok(OrderView::Bid(bid)) => Some(bid),
			_ => None,
		})
		.collect();
	bid_rows
		.sort_by_key(|bid| std::cmp::Reverse(bid.max_price_per_mwh.parse::<u128>().unwrap_or(0)));
	let mut bid_table = Table::new(&[
		"bid",
		"buyer",
		"amount",
		"max price",
		"zones",
		"technologies",
		"retires for",
		"auction",
	]);
	for bid in &bid_rows {
		let zones =
			if bid.filters.zones.is_empty() { "any".into() } else { bid.filters.zones.join(", ") };
		let technologies = if bid.filters.technologies.is_empty() {
			"any".into()
		} else {
			bid.filters.technologies.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ")
		};
		bid_table.push(vec![
			Cell::text(bid.id.to_string()),
			Cell::link(bid.buyer.clone(), format!("/accounts/{}", bid.buyer)),
			Cell::wh_text(&bid.wh),
			Cell::price(&bid.max_price_per_mwh),
			Cell::text(zones),
			Cell::text(technologies),
			Cell::text(bid.retires_for.clone().unwrap_or("-".into())),
			Cell::text(
				bid.auction
					.as_ref()
					.map(|a| format!("{} {}", a.zone, a.technology.name()))
					.unwrap_or("no".into()),
			),
		]);
	}

	let clearings = sqlx::query(
		"SELECT zone, technology, period_start, period_end, price_per_mwh, wh, trades, block_number \
		 FROM clearings ORDER BY block_number DESC, position DESC LIMIT 2000",
	)
	.fetch_all(pool)
	.await?;
	let mut clearing_table =
		Table::new(&["zone", "technology", "period (UTC)", "price", "traded", "trades", "block"]);
	// Each auction's clearings with a price, oldest first, for its chart.
	let mut charts: std::collections::BTreeMap<(String, String), Vec<(String, f64)>> =
		Default::default();
	for row in &clearings {
		let zone: String = row.try_get("zone")?;
		let technology = technology_label(&row.try_get::<String, _>("technology")?);
		let price: Option<String> = row.try_get("price_per_mwh")?;
		let end = format_utc(row.try_get::<i64, _>("period_end")? as u64);
		let block: i64 = row.try_get("block_number")?;
		if let Some(price) = &price {
			let points = charts.entry((zone.clone(), technology.clone())).or_default();
			if points.len() < CLEARINGS {
				points.push((chart_label(&end), ori_per_mwh(price)));
			}
		}
		clearing_table.push(vec![
			Cell::text(zone),
			Cell::text(technology),
			Cell::text(format!(
				"{} to {}",
				format_utc(row.try_get::<i64, _>("period_start")? as u64),
				end
			)),
			price.map(|price| Cell::price(&price)).unwrap_or_else(|| Cell::text("no trade")),
			Cell::wh(row.try_get("wh")?),
			Cell::number(row.try_get::<i64, _>("trades")?.to_string()),
			Cell::link(block.to_string(), format!("/blocks/{block}")),
		]);
	}
	clearing_table.rows.truncate(200);
	let chart_markup: Vec<_> = charts
		.iter()
		.map(|((zone, technology), points)| {
			let mut points = points.clone();
			points.reverse();
			let labels: Vec<String> = points.iter().map(|(label, _)| label.clone()).collect();
			let values = points.iter().map(|(_, price)| *price).collect();
			bars(
				&format!("Clearing price, {zone} {technology}"),
				"ORI/MWh",
				&labels,
				&[Series { name: "clearing price", color: "#0b5d1e", values }],
			)
		})
		.collect();

	Ok(Rendered {
		title: "Market".into(),
		html: html! {
			h1 { "Market" }
			p { "Open orders as of the last indexed block, and every local auction's clearing. Prices in ORI per MWh; amounts in Wh, kWh or MWh." }
			h2 { "Clearing prices over time" }
			@if chart_markup.is_empty() { p.empty { "No auction has cleared with trades yet." } }
			@for chart in &chart_markup { (chart) }
			(ask_table.section("Asks (sell orders), per zone, lowest price first"))
			(bid_table.section("Bids (buy orders), highest price first"))
			(clearing_table.section("Auction clearings"))
		},
		json: json!({
			"asks": ask_table.json(), "bids": bid_table.json(), "clearings": clearing_table.json(),
		}),
		csv: None,
	})
}

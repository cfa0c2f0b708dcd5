//! Retirements: the list, and a retirement's receipt: who retired what for whom and why, the
//! CO2e it avoided, where the certificates came from, and the finalized block that holds it.
//! The receipt prints on one A4 page.

use super::{
	block_link, list_page, parse_id, view, AppState, ListQuery, PageError, Paging, Rendered,
};
use crate::web::{
	layout::facts,
	table::{Cell, Table},
};
use maud::html;
use origo_rpc_types::{units, RetirementView};
use serde_json::json;
use sqlx::{any::AnyRow, Row};

/// The columns a retirement list reads.
const COLUMNS: &str =
	"id, batch, retirer, beneficiary, beneficiary_name, purpose, wh, avoided_g_co2e, block_number";

/// Retirements as a table.
fn retirement_table(rows: &[AnyRow]) -> Result<Table, PageError> {
	let mut table = Table::new(&[
		"retirement",
		"batch",
		"by",
		"beneficiary",
		"purpose",
		"amount",
		"avoided",
		"block",
	]);
	for row in rows {
		let id: i64 = row.try_get("id")?;
		let batch: i64 = row.try_get("batch")?;
		let retirer: String = row.try_get("retirer")?;
		let block: i64 = row.try_get("block_number")?;
		let beneficiary = row
			.try_get::<Option<String>, _>("beneficiary_name")?
			.or(row.try_get::<Option<String>, _>("beneficiary")?)
			.unwrap_or("-".into());
		table.push(vec![
			Cell::link(id.to_string(), format!("/retirements/{id}")),
			Cell::link(batch.to_string(), format!("/batches/{batch}")),
			Cell::link(retirer.clone(), format!("/accounts/{retirer}")),
			Cell::text(beneficiary),
			Cell::text(row.try_get::<String, _>("purpose")?),
			Cell::wh(row.try_get("wh")?),
			Cell::co2e(&row.try_get::<i64, _>("avoided_g_co2e")?.to_string()),
			Cell::link(block.to_string(), format!("/blocks/{block}")),
		]);
	}
	Ok(table)
}

/// The newest retirements that meet `condition` (SQL in which `$1` is `value`).
pub async fn retirements_where(
	state: &AppState,
	condition: &str,
	value: &str,
	limit: i64,
) -> Result<Table, PageError> {
	let rows = sqlx::query(&format!(
		"SELECT {COLUMNS} FROM retirements WHERE {condition} ORDER BY id DESC LIMIT $2"
	))
	.bind(value)
	.bind(limit)
	.fetch_all(state.db.pool())
	.await?;
	retirement_table(&rows)
}

/// A page of retirements, newest first.
pub async fn list(state: &AppState, query: &ListQuery) -> Result<Rendered, PageError> {
	let paging = Paging::of(query)?;
	let rows = sqlx::query(&format!(
		"SELECT {COLUMNS} FROM retirements ORDER BY id DESC LIMIT $1 OFFSET $2"
	))
	.bind(paging.fetch_limit())
	.bind(paging.offset)
	.fetch_all(state.db.pool())
	.await?;
	Ok(list_page(&paging, "/retirements", "Retirements", html! {}, retirement_table(&rows)?))
}

/// A retirement's receipt.
pub async fn page(state: &AppState, id: &str) -> Result<Rendered, PageError> {
	let id = parse_id("retirement", id)?;
	let row = sqlx::query("SELECT view FROM retirements WHERE id = $1")
		.bind(id)
		.fetch_optional(state.db.pool())
		.await?
		.ok_or_else(|| PageError::NotFound(format!("there is no retirement {id}")))?;
	let retirement: RetirementView = view(&row, "view")?;
	let block_hash: Option<String> =
		sqlx::query_scalar("SELECT hash FROM blocks WHERE number = $1")
			.bind(i64::from(retirement.block))
			.fetch_optional(state.db.pool())
			.await?;
	let beneficiary = match (&retirement.beneficiary_name, &retirement.beneficiary) {
		(Some(name), Some(account)) => {
			html! { (name) " (" a href=(format!("/accounts/{account}")) { (account) } ")" }
		},
		(Some(name), None) => html! { (name) },
		(None, Some(account)) => html! { a href=(format!("/accounts/{account}")) { (account) } },
		(None, None) => html! { "not named" },
	};
	let period = retirement
		.consumption_period
		.as_ref()
		.map(|period| format!("{} to {}", period.start, period.end))
		.unwrap_or("not stated".into());
	let title = format!("Retirement {id}");
	Ok(Rendered {
		html: html! {
			article.receipt {
				h1 { "Retirement receipt #" (id) }
				p { "Guarantees of origin retired on the Origo registry. Every value below is from the chain's finalized state; check it with "
					code { "origo audit retirement " (id) } " or the node's " code { "origo_retirement" } " method." }
				h2 { "Claim" }
				(facts(&[
					("Amount", html! { (units::mwh(&retirement.wh)) " (" (units::grouped(retirement.wh.parse().unwrap_or_default())) " Wh)" }),
					("Purpose", html! { (retirement.purpose) }),
					("Beneficiary", beneficiary),
					("Consumption country", html! { (retirement.consumption_country.clone().unwrap_or("not stated".into())) }),
					("Consumption period (UTC)", html! { (period) }),
					("Message", html! { @if retirement.message.is_empty() { "none" } @else { (retirement.message) } }),
					("Avoided emissions", html! { (units::co2e(&retirement.avoided_g_co2e)) }),
					("Retired by", html! { a href=(format!("/accounts/{}", retirement.retirer)) { (retirement.retirer) } }),
				]))
				@if let Some(trade) = &retirement.trade {
					h2 { "Bought on the market" }
					(facts(&[
						("Trade", html! { "#" (trade.id) " from " a href=(format!("/accounts/{}", trade.seller)) { (trade.seller) } }),
						("Price paid", html! { (units::ori(&trade.price_per_mwh)) "/MWh, " (units::ori(&trade.payment)) " in all (market fee " (units::ori(&trade.fee)) ")" }),
					]))
				}
				h2 { "Provenance" }
				@if let Some(batch) = &retirement.batch {
					(facts(&[
						("Batch", html! { a href=(format!("/batches/{}", batch.id)) { (batch.id) } }),
						("Device", html! { a href=(format!("/devices/{}", batch.device)) { (batch.device) }
							@if let Some(device) = &retirement.device { " (" (device.name) ", " (device.technology.name()) ", " (device.zone) ")" } }),
						("Production (UTC)", html! { (batch.production.start) " to " (batch.production.end) }),
						("Issuer", html! { a href=(format!("/accounts/{}", batch.issuer)) { (batch.issuer) } }),
					]))
				} @else { p { "The batch's record is not available." } }
				h2 { "Record" }
				(facts(&[
					("Block", block_link(i64::from(retirement.block))),
					("Block hash", html! { code { (block_hash.clone().unwrap_or("-".into())) } }),
					("Time (UTC)", html! { (retirement.time) }),
					("Finality", html! { span.status-ok { "finalized" } }),
				]))
			}
		},
		json: json!({ "retirement": retirement, "blockHash": block_hash, "finalized": true }),
		title,
		csv: None,
	})
}

//! The chain as any block explorer shows it: blocks, extrinsics with their decoded calls, and
//! events.

use super::{
	account_link, block_link, list_page, short, time_ms, AppState, ListQuery, PageError, Paging,
	Rendered,
};
use crate::{
	decode::{event_json, FieldData, JsonFields},
	web::{
		layout::{facts, pager},
		table::{Cell, Table},
	},
};
use maud::html;
use origo_primitives::time::format_utc;
use serde_json::{json, Value};
use sqlx::{any::AnyRow, Row};

/// A page of blocks, newest first.
pub async fn list(state: &AppState, query: &ListQuery) -> Result<Rendered, PageError> {
	let paging = Paging::of(query)?;
	let rows = sqlx::query(
		"SELECT number, hash, timestamp_ms, extrinsics, events, spec_version FROM blocks \
		 ORDER BY number DESC LIMIT $1 OFFSET $2",
	)
	.bind(paging.fetch_limit())
	.bind(paging.offset)
	.fetch_all(state.db.pool())
	.await?;
	let mut table = block_table();
	for row in &rows {
		table.push(block_row(row)?);
	}
	Ok(list_page(&paging, "/blocks", "Blocks", html! {}, table))
}

/// The columns of a list of blocks.
pub fn block_table() -> Table {
	Table::new(&["block", "time (UTC)", "extrinsics", "events", "runtime", "hash"])
}

/// A block as a row of [`block_table`].
pub fn block_row(row: &AnyRow) -> Result<Vec<Cell>, PageError> {
	let number: i64 = row.try_get("number")?;
	let hash: String = row.try_get("hash")?;
	Ok(vec![
		Cell::link(number.to_string(), format!("/blocks/{number}")),
		Cell::text(time_ms(row.try_get("timestamp_ms")?)),
		Cell::number(row.try_get::<i64, _>("extrinsics")?.to_string()),
		Cell::number(row.try_get::<i64, _>("events")?.to_string()),
		Cell::number(row.try_get::<i64, _>("spec_version")?.to_string()),
		Cell::link(short(&hash), format!("/blocks/{hash}")).exported_as(hash.clone()),
	])
}

/// Extrinsics and events a block's page lists at once (a full block holds thousands).
const BLOCK_ROWS: i64 = 200;

/// A block, by number or by hash: its header facts, and a page of its extrinsics and events
/// (`?format=csv`: all its events).
pub async fn block(
	state: &AppState,
	block: &str,
	query: &ListQuery,
) -> Result<Rendered, PageError> {
	let paging = Paging::of(query)?;
	let limit = if paging.csv { paging.limit } else { BLOCK_ROWS };
	let offset = (paging.page as i64 - 1) * limit;
	let row = if block.starts_with("0x") {
		if !is_hash(block) {
			return Err(PageError::BadRequest(format!(
				"a block hash is 0x and 64 hex digits, not {block:?}"
			)));
		}
		sqlx::query("SELECT * FROM blocks WHERE hash = $1")
			.bind(block.to_ascii_lowercase())
			.fetch_optional(state.db.pool())
			.await?
	} else {
		let number = super::parse_id("block", block)?;
		sqlx::query("SELECT * FROM blocks WHERE number = $1")
			.bind(number)
			.fetch_optional(state.db.pool())
			.await?
	};
	let row = row.ok_or_else(|| {
		PageError::NotFound(format!("block {block} is not in the index (not finalized yet?)"))
	})?;
	let number: i64 = row.try_get("number")?;
	let hash: String = row.try_get("hash")?;
	let parent: String = row.try_get("parent_hash")?;
	let time = time_ms(row.try_get("timestamp_ms")?);
	let spec_version: i64 = row.try_get("spec_version")?;

	let extrinsics = sqlx::query(
		"SELECT block_number, position, hash, pallet, call, signer, \
		 CASE WHEN success THEN 1 ELSE 0 END AS success, error FROM extrinsics \
		 WHERE block_number = $1 ORDER BY position LIMIT $2 OFFSET $3",
	)
	.bind(number)
	.bind(limit + 1)
	.bind(offset)
	.fetch_all(state.db.pool())
	.await?;
	let events = sqlx::query(&format!(
		"{EVENT_COLUMNS} FROM events e JOIN blocks b ON b.number = e.block_number \
		 WHERE e.block_number = $1 ORDER BY e.position LIMIT $2 OFFSET $3"
	))
	.bind(number)
	.bind(limit + 1)
	.bind(offset)
	.fetch_all(state.db.pool())
	.await?;
	let has_next = extrinsics.len() as i64 > limit || events.len() as i64 > limit;
	let mut extrinsic_table = extrinsic_table();
	for row in extrinsics.iter().take(limit as usize) {
		extrinsic_table.push(extrinsic_row(row)?);
	}
	let mut event_table = event_table(state, &events).await?;
	event_table.rows.truncate(limit as usize);
	let title = format!("Block #{number}");
	if paging.csv {
		return Ok(Rendered::csv(&format!("{title} events"), &event_table));
	}
	let (extrinsic_count, event_count): (i64, i64) =
		(row.try_get("extrinsics")?, row.try_get("events")?);
	Ok(Rendered {
		html: html! {
			h1 { (title) }
			(facts(&[
				("Hash", html! { code { (hash) } }),
				("Parent", if number > 0 { block_link(number - 1) } else { html! { "none (genesis)" } }),
				("Parent hash", html! { code { (parent) } }),
				("Time (UTC)", html! { (time) }),
				("Runtime version", html! { (spec_version) }),
				("Finality", html! { span.status-ok { "finalized" } }),
				("Extrinsics", html! { (extrinsic_count) }),
				("Events", html! { (event_count) }),
			]))
			(extrinsic_table.section("Extrinsics"))
			(event_table.section("Events"))
			@if has_next || paging.page > 1 { (pager(&format!("/blocks/{number}"), paging.page, has_next)) }
		},
		json: json!({
			"number": number, "hash": hash, "parentHash": parent, "time": time,
			"specVersion": spec_version, "finalized": true, "page": paging.page,
			"hasNext": has_next, "extrinsicCount": extrinsic_count, "eventCount": event_count,
			"extrinsics": extrinsic_table.json(), "events": event_table.json(),
		}),
		title,
		csv: None,
	})
}

/// Whether `text` is a 32-byte hash in `0x` hex.
pub fn is_hash(text: &str) -> bool {
	text.len() == 66 && text.starts_with("0x") && text[2..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The columns of a list of extrinsics.
fn extrinsic_table() -> Table {
	Table::new(&["extrinsic", "call", "signer", "result", "hash"])
}

/// An extrinsic as a row of [`extrinsic_table`].
fn extrinsic_row(row: &AnyRow) -> Result<Vec<Cell>, PageError> {
	let block: i64 = row.try_get("block_number")?;
	let position: i64 = row.try_get("position")?;
	let signer: Option<String> = row.try_get("signer")?;
	let success = row.try_get::<i64, _>("success")? != 0;
	let error: Option<String> = row.try_get("error")?;
	let hash: String = row.try_get("hash")?;
	let id = format!("{block}-{position}");
	Ok(vec![
		Cell::link(id.clone(), format!("/extrinsics/{id}")),
		Cell::text(format!(
			"{}.{}",
			row.try_get::<String, _>("pallet")?,
			row.try_get::<String, _>("call")?
		)),
		match signer {
			Some(signer) => Cell::link(signer.clone(), format!("/accounts/{signer}")),
			None => Cell::text("unsigned"),
		},
		Cell::text(if success { "success".to_owned() } else { error.unwrap_or("failed".into()) }),
		Cell::text(short(&hash)).exported_as(hash.clone()),
	])
}

/// The columns [`event_table`] and [`event_fields`] read: an event's, and its block's runtime
/// (`e` is the event, `b` its block).
pub const EVENT_COLUMNS: &str = "SELECT e.block_number, e.position, e.extrinsic, e.phase, \
	e.pallet, e.name, e.field_data, b.spec_version";

/// An event's fields (a row of [`EVENT_COLUMNS`]), decoded by its block's runtime.
pub async fn event_fields(state: &AppState, row: &AnyRow) -> Result<Value, PageError> {
	let (block, position): (i64, i64) = (row.try_get("block_number")?, row.try_get("position")?);
	let (pallet, name): (String, String) = (row.try_get("pallet")?, row.try_get("name")?);
	let metadata = state.runtimes.get(&state.db, row.try_get("spec_version")?).await?;
	let field_data: Vec<u8> = row.try_get("field_data")?;
	let fields = event_json(&metadata, (&pallet, &name), &field_data)
		.map_err(|e| PageError::Internal(format!("event {block}-{position}'s fields: {e}")))?;
	Ok(Value::Object(fields))
}

/// Events (rows of [`EVENT_COLUMNS`]) as a table: where, which, and their fields.
async fn event_table(state: &AppState, rows: &[AnyRow]) -> Result<Table, PageError> {
	let mut table = Table::new(&["event", "extrinsic", "name", "fields"]);
	for row in rows {
		let block: i64 = row.try_get("block_number")?;
		let position: i64 = row.try_get("position")?;
		let extrinsic: Option<i64> = row.try_get("extrinsic")?;
		let phase: String = row.try_get("phase")?;
		let fields = event_fields(state, row).await?;
		table.push(vec![
			Cell::link(format!("{block}-{position}"), format!("/blocks/{block}")),
			match extrinsic {
				Some(extrinsic) => Cell::link(
					format!("{block}-{extrinsic}"),
					format!("/extrinsics/{block}-{extrinsic}"),
				),
				None => Cell::text(phase),
			},
			Cell::text(format!(
				"{}.{}",
				row.try_get::<String, _>("pallet")?,
				row.try_get::<String, _>("name")?
			)),
			Cell::text(fields_text(&fields)),
		]);
	}
	Ok(table)
}

/// Fields that hold Unix seconds: shown as UTC times.
const TIME_FIELDS: &[&str] = &[
	"timestamp",
	"start",
	"end",
	"from",
	"to",
	"certifiable_from",
	"period_start",
	"period_end",
	"production_start",
	"production_end",
	"expires_at",
];

/// Fields that hold ORI in plancks (the balances' and the market's): shown in ORI.
const ORI_FIELDS: &[&str] =
	&["amount", "free", "reserved", "actual_fee", "tip", "held", "released", "payment"];
/// Fields that hold ORI per MWh, in plancks.
const PRICE_FIELDS: &[&str] = &["price_per_mwh", "max_price_per_mwh"];

/// A field's value in a line, with its unit where the field's name says what it holds: times
/// as UTC, energy (`wh`, `…_wh`) in Wh/kWh/MWh, ORI amounts and prices in ORI.
fn field_text(name: &str, value: &Value) -> String {
	// Amounts beyond 2^53 come as decimal strings (see `decode`), smaller ones as numbers.
	let amount = match value {
		Value::Number(number) => number.as_u64().map(|n| n.to_string()),
		Value::String(text) if text.bytes().all(|b| b.is_ascii_digit()) => Some(text.clone()),
		_ => None,
	};
	match (amount, value.as_u64()) {
		// Seconds from 2001 to 2286: a time, not a count that happens to share a field's name.
		(_, Some(seconds))
			if TIME_FIELDS.contains(&name)
				&& (1_000_000_000..10_000_000_000).contains(&seconds) =>
		{
			format_utc(seconds)
		},
		(Some(wh), _) if name == "wh" || name.contains("_wh") || name.starts_with("wh_") => {
			origo_rpc_types::units::energy(&wh)
		},
		(Some(plancks), _) if ORI_FIELDS.contains(&name) => origo_rpc_types::units::ori(&plancks),
		(Some(plancks), _) if PRICE_FIELDS.contains(&name) => {
			format!("{}/MWh", origo_rpc_types::units::ori(&plancks))
		},
		_ => match value {
			Value::String(text) => text.clone(),
			other => other.to_string(),
		},
	}
}

/// An event's fields in a line: `batch: 4, to: 5FHne…, wh: 1 kWh`, with units (see
/// [`field_text`]).
pub fn fields_text(fields: &Value) -> String {
	let Value::Object(map) = fields else { return fields.to_string() };
	map.iter()
		.map(|(name, value)| format!("{name}: {}", field_text(name, value)))
		.collect::<Vec<_>>()
		.join(", ")
}

/// An extrinsic, by `block-position`: its call with decoded arguments, its outcome, events.
pub async fn extrinsic(state: &AppState, id: &str) -> Result<Rendered, PageError> {
	let (block, position) = id
		.split_once('-')
		.and_then(|(block, position)| {
			Some((block.parse::<i64>().ok()?, position.parse::<i64>().ok()?))
		})
		.ok_or_else(|| {
			PageError::BadRequest(format!(
				"an extrinsic is named block-position (e.g. 12-1), not {id:?}"
			))
		})?;
	let row = sqlx::query(
		"SELECT x.hash, x.pallet, x.call, x.signer, \
		 CASE WHEN x.success THEN 1 ELSE 0 END AS success, x.error, x.call_data, b.spec_version \
		 FROM extrinsics x JOIN blocks b ON b.number = x.block_number \
		 WHERE x.block_number = $1 AND x.position = $2",
	)
	.bind(block)
	.bind(position)
	.fetch_optional(state.db.pool())
	.await?
	.ok_or_else(|| PageError::NotFound(format!("extrinsic {id} is not in the index")))?;
	let pallet: String = row.try_get("pallet")?;
	let call: String = row.try_get("call")?;
	let signer: Option<String> = row.try_get("signer")?;
	let success = row.try_get::<i64, _>("success")? != 0;
	let error: Option<String> = row.try_get("error")?;
	let metadata = state.runtimes.get(&state.db, row.try_get("spec_version")?).await?;
	let call_data: Vec<u8> = row.try_get("call_data")?;
	let args = FieldData::of_call(&metadata, (&pallet, &call), &call_data)
		.ok_or_else(|| format!("its runtime has no call {pallet}.{call}"))
		.and_then(|call_data| call_data.decode::<JsonFields>().map_err(|e| e.to_string()))
		.map_err(|e| PageError::Internal(format!("extrinsic {id}'s arguments: {e}")))?;
	let args = Value::Object(args.0);
	let hash: String = row.try_get("hash")?;
	let events = sqlx::query(&format!(
		"{EVENT_COLUMNS} FROM events e JOIN blocks b ON b.number = e.block_number \
		 WHERE e.block_number = $1 AND e.extrinsic = $2 ORDER BY e.position"
	))
	.bind(block)
	.bind(position)
	.fetch_all(state.db.pool())
	.await?;
	let event_table = event_table(state, &events).await?;
	let title = format!("Extrinsic {id}: {pallet}.{call}");
	let pretty = serde_json::to_string_pretty(&args)?;
	Ok(Rendered {
		html: html! {
			h1 { (title) }
			(facts(&[
				("Block", block_link(block)),
				("Hash", html! { code { (hash) } }),
				("Call", html! { (pallet) "." (call) }),
				("Signer", match &signer { Some(signer) => account_link(signer), None => html! { "unsigned (inherent or feeless)" } }),
				("Result", if success { html! { span.status-ok { "success" } } } else {
					html! { span.status-bad { "failed: " (error.clone().unwrap_or_default()) } }
				}),
			]))
			h2 { "Arguments" }
			pre { code { (pretty) } }
			(event_table.section("Events"))
		},
		json: json!({
			"id": id, "block": block, "position": position, "hash": hash, "pallet": pallet,
			"call": call, "signer": signer, "success": success, "error": error, "args": args,
			"events": event_table.json(),
		}),
		title,
		csv: None,
	})
}

/// A page of events, newest first.
pub async fn events(state: &AppState, query: &ListQuery) -> Result<Rendered, PageError> {
	let paging = Paging::of(query)?;
	let rows = sqlx::query(&format!(
		"{EVENT_COLUMNS} FROM events e JOIN blocks b ON b.number = e.block_number \
		 ORDER BY e.block_number DESC, e.position DESC LIMIT $1 OFFSET $2"
	))
	.bind(paging.fetch_limit())
	.bind(paging.offset)
	.fetch_all(state.db.pool())
	.await?;
	Ok(list_page(&paging, "/events", "Events", html! {}, event_table(state, &rows).await?))
}

/// The registry's latest events (its pallets', not fees' or the system's), for the overview.
pub async fn latest_registry_events(state: &AppState, count: i64) -> Result<Table, PageError> {
	// The condition is the partial index `registry_events`'s, word for word.
	let rows = sqlx::query(&format!(
		"{EVENT_COLUMNS} FROM events e JOIN blocks b ON b.number = e.block_number \
		 WHERE pallet IN ('Meters', 'Certificates', 'Market', 'Footprint') \
		 ORDER BY e.block_number DESC, e.position DESC LIMIT $1"
	))
	.bind(count)
	.fetch_all(state.db.pool())
	.await?;
	event_table(state, &rows).await
}

/// The latest events that concern an entity (`kind`, `id`), newest first.
pub async fn events_of(
	state: &AppState,
	kind: &str,
	id: &str,
	limit: i64,
) -> Result<Table, PageError> {
	let rows = sqlx::query(&format!(
		"{EVENT_COLUMNS} FROM event_subjects s JOIN events e \
		 ON e.block_number = s.block_number AND e.position = s.position \
		 JOIN blocks b ON b.number = e.block_number \
		 WHERE s.kind = $1 AND s.id = $2 ORDER BY s.block_number DESC, s.position DESC LIMIT $3"
	))
	.bind(kind)
	.bind(id)
	.bind(limit)
	.fetch_all(state.db.pool())
	.await?;
	event_table(state, &rows).await
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn event_fields_are_shown_with_their_units() {
		let fields = json!({
			"batch": 4,
			"wh": 1_500_000,
			"counter_wh": 2_500_000_000u64,
			"payment": "1500000000000",
			"price_per_mwh": "2000000000000",
			"period_end": 1_767_225_600,
			"trades": 3,
			"zone": "US-FL",
		});
		assert_eq!(
			fields_text(&fields),
			"batch: 4, counter_wh: 2.5 GWh, payment: 1.5 ORI, period_end: 2026-01-01T00:00:00Z, \
			 price_per_mwh: 2 ORI/MWh, trades: 3, wh: 1.5 MWh, zone: US-FL"
		);
	}
}

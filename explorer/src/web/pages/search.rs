//! Search: by device, batch or retirement id, block number or hash, extrinsic hash, account
//! (SS58), beneficiary name or device name. Text is only ever a bound parameter: a search
//! cannot change the query it runs in.

use super::{blocks::is_hash, retirement::retirements_where, AppState, PageError, Rendered};
use crate::web::table::{Cell, Table};
use maud::html;
use serde::Deserialize;
use serde_json::json;
use sp_core::crypto::{AccountId32, Ss58Codec};
use sqlx::Row;

/// The longest search text.
const MAX_LENGTH: usize = 200;
/// Matches shown per kind.
const LIMIT: i64 = 100;

/// The search's query string.
#[derive(Deserialize, Default)]
pub struct SearchQuery {
	/// What to look for.
	pub q: Option<String>,
}

/// `text` as a LIKE pattern that matches it anywhere, its own `%`, `_` and `\` taken literally.
fn like_pattern(text: &str) -> String {
	let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
	format!("%{}%", escaped.to_lowercase())
}

/// The search page.
pub async fn page(state: &AppState, query: &SearchQuery) -> Result<Rendered, PageError> {
	let text = query.q.as_deref().unwrap_or_default().trim();
	if text.chars().count() > MAX_LENGTH {
		return Err(PageError::BadRequest(format!(
			"search text is at most {MAX_LENGTH} characters"
		)));
	}
	let pool = state.db.pool();
	let mut found = Table::new(&["what", "match"]);
	if let Ok(number) = text.parse::<u64>() {
		if let Ok(id) = i64::try_from(number) {
			for (kind, table, key, link) in [
				("block", "blocks", "number", "blocks"),
				("device", "devices", "id", "devices"),
				("batch", "batches", "id", "batches"),
				("retirement", "retirements", "id", "retirements"),
			] {
				let query = format!("SELECT {key} FROM {table} WHERE {key} = $1");
				let exists: Option<i64> =
					sqlx::query_scalar(&query).bind(id).fetch_optional(pool).await?;
				if exists.is_some() {
					found.push(vec![
						Cell::text(kind),
						Cell::link(format!("{kind} {id}"), format!("/{link}/{id}")),
					]);
				}
			}
		}
	} else if is_hash(text) {
		let hash = text.to_ascii_lowercase();
		let block: Option<i64> = sqlx::query_scalar("SELECT number FROM blocks WHERE hash = $1")
			.bind(&hash)
			.fetch_optional(pool)
			.await?;
		if let Some(number) = block {
			found.push(vec![
				Cell::text("block"),
				Cell::link(format!("block {number}"), format!("/blocks/{number}")),
			]);
		}
		let extrinsics =
			sqlx::query("SELECT block_number, position FROM extrinsics WHERE hash = $1 LIMIT $2")
				.bind(&hash)
				.bind(LIMIT)
				.fetch_all(pool)
				.await?;
		for row in &extrinsics {
			let id = format!(
				"{}-{}",
				row.try_get::<i64, _>("block_number")?,
				row.try_get::<i64, _>("position")?
			);
			found.push(vec![
				Cell::text("extrinsic"),
				Cell::link(format!("extrinsic {id}"), format!("/extrinsics/{id}")),
			]);
		}
	} else if let Ok(account) = AccountId32::from_ss58check(text) {
		let account = account.to_ss58check();
		found.push(vec![
			Cell::text("account"),
			Cell::link(account.clone(), format!("/accounts/{account}")),
		]);
	} else if !text.is_empty() {
		let pattern = like_pattern(text);
		// Names are matched in the name indexes (`…_by_name`, names and ids only), then the
		// matching rows read: scanning the rows themselves reads every view.
		let retirements = retirements_where(
			state,
			"id IN (SELECT id FROM retirements WHERE LOWER(beneficiary_name) LIKE $1 ESCAPE '\\')",
			&pattern,
			LIMIT,
		)
		.await?;
		for row in retirements.rows {
			found.push(vec![
				Cell::text("retirement"),
				Cell::link(
					format!("retirement {} for {}", row[0].text, row[3].text),
					row[0].link.clone().unwrap_or_default(),
				),
			]);
		}
		let devices = sqlx::query(
			"SELECT id, name FROM devices WHERE id IN \
			 (SELECT id FROM devices WHERE LOWER(name) LIKE $1 ESCAPE '\\') ORDER BY id LIMIT $2",
		)
		.bind(&pattern)
		.bind(LIMIT)
		.fetch_all(pool)
		.await?;
		for row in &devices {
			let id: i64 = row.try_get("id")?;
			let name: String = row.try_get("name")?;
			found.push(vec![
				Cell::text("device"),
				Cell::link(format!("device {id}: {name}"), format!("/devices/{id}")),
			]);
		}
	}
	let title = if text.is_empty() { "Search".to_owned() } else { format!("Search: {text}") };
	Ok(Rendered {
		html: html! {
			h1 { (title) }
			@if text.is_empty() {
				p { "Search by device, batch or retirement id, block number or hash, extrinsic hash, account address, beneficiary name or device name." }
			} @else if found.rows.is_empty() {
				p.empty { "Nothing in the index matches " q { (text) } "." }
			} @else {
				(found.html("Matches"))
			}
		},
		json: json!({ "query": text, "matches": found.json() }),
		title,
		csv: None,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_search_text_is_matched_literally() {
		assert_eq!(like_pattern("Acme"), "%acme%");
		assert_eq!(like_pattern("100%_x\\"), "%100\\%\\_x\\\\%");
	}
}

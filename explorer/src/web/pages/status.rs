//! The index's own state: which chain, how far its blocks and its entities are, and how much
//! it holds.

use super::{AppState, PageError, Rendered};
use crate::web::layout::facts;
use maud::html;
use serde_json::json;

/// The status page.
pub async fn page(state: &AppState) -> Result<Rendered, PageError> {
	let pool = state.db.pool();
	let chain: Option<(String, i64)> =
		sqlx::query_as("SELECT genesis_hash, indexed_number FROM chain WHERE id = 0")
			.fetch_optional(pool)
			.await?;
	// Counted from the blocks' own counts: cheap however many events the index holds.
	let (blocks, extrinsics, events): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
		"SELECT COUNT(*), CAST(SUM(extrinsics) AS BIGINT), CAST(SUM(events) AS BIGINT) FROM blocks",
	)
	.fetch_one(pool)
	.await?;
	let (extrinsics, events) = (extrinsics.unwrap_or_default(), events.unwrap_or_default());
	let (genesis, indexed) = chain.unwrap_or_default();
	let position = *state.position.borrow();
	let backend = format!("{:?}", state.db.backend());
	Ok(Rendered {
		title: "Index status".into(),
		html: html! {
			h1 { "Index status" }
			(facts(&[
				("Chain (genesis hash)", html! { code { (genesis) } }),
				("Last block written", html! { (indexed) }),
				("Entities current as of block", html! { (position) }),
				("Blocks", html! { (blocks) }),
				("Extrinsics", html! { (extrinsics) }),
				("Events", html! { (events) }),
				("Database", html! { (backend) }),
			]))
		},
		json: json!({
			"genesisHash": genesis, "indexedNumber": indexed, "position": position,
			"blocks": blocks, "extrinsics": extrinsics, "events": events,
			"database": backend,
		}),
		csv: None,
	})
}

//! The overview: the registry's totals per zone and technology, the chain's neutrality, the
//! last clearing price of each local auction, and the latest blocks and registry events.

use super::{
	blocks::{block_row, block_table, latest_registry_events},
	energy, technology_label, view, AppState, PageError, Rendered,
};
use crate::web::table::{Cell, Table};
use maud::html;
use origo_rpc_types::{units, NeutralityView};
use serde_json::json;
use sqlx::Row;

/// The certificates' totals, in Wh, over some batches.
#[derive(Default, Clone, Copy)]
struct Totals {
	batches: i64,
	issued: i64,
	held: i64,
	retired: i64,
	expired: i64,
	revoked: i64,
}

/// The overview page.
pub async fn page(state: &AppState) -> Result<Rendered, PageError> {
	let pool = state.db.pool();
	let rows = sqlx::query(
		"SELECT zone, technology, batches, issued_wh AS issued, held_wh AS held, \
		 retired_wh AS retired, expired_wh AS expired, revoked_wh AS revoked FROM batch_totals \
		 WHERE batches > 0 ORDER BY zone, technology",
	)
	.fetch_all(pool)
	.await?;
	let mut all = Totals::default();
	let mut totals = Table::new(&[
		"zone",
		"technology",
		"batches",
		"issued",
		"held",
		"retired",
		"expired",
		"revoked",
	]);
	for row in &rows {
		let segment = Totals {
			batches: row.try_get("batches")?,
			issued: row.try_get("issued")?,
			held: row.try_get("held")?,
			retired: row.try_get("retired")?,
			expired: row.try_get("expired")?,
			revoked: row.try_get("revoked")?,
		};
		all.batches += segment.batches;
		all.issued += segment.issued;
		all.held += segment.held;
		all.retired += segment.retired;
		all.expired += segment.expired;
		all.revoked += segment.revoked;
		totals.push(vec![
			Cell::text(row.try_get::<String, _>("zone")?),
			Cell::text(technology_label(&row.try_get::<String, _>("technology")?)),
			Cell::number(segment.batches.to_string()),
			Cell::wh(segment.issued),
			Cell::wh(segment.held),
			Cell::wh(segment.retired),
			Cell::wh(segment.expired),
			Cell::wh(segment.revoked),
		]);
	}

	let neutrality: Option<NeutralityView> =
		match sqlx::query("SELECT view FROM neutrality WHERE id = 0").fetch_optional(pool).await? {
			Some(row) => Some(view(&row, "view")?),
			None => None,
		};

	// The latest clearing with trades of each auction (zone and technology).
	let clearings = sqlx::query(
		"SELECT zone, technology, period_end, price_per_mwh, wh FROM clearings \
		 WHERE price_per_mwh IS NOT NULL ORDER BY block_number DESC, position DESC LIMIT 1000",
	)
	.fetch_all(pool)
	.await?;
	let mut seen = std::collections::BTreeSet::new();
	let mut latest = Vec::new();
	for row in &clearings {
		let auction = (row.try_get::<String, _>("zone")?, row.try_get::<String, _>("technology")?);
		if seen.insert(auction.clone()) {
			latest.push((auction, row));
		}
	}
	latest.sort_by(|a, b| a.0.cmp(&b.0));
	let mut prices =
		Table::new(&["zone", "technology", "last clearing price", "traded", "period ended (UTC)"]);
	for ((zone, technology), row) in latest {
		prices.push(vec![
			Cell::text(zone),
			Cell::text(technology_label(&technology)),
			Cell::price(&row.try_get::<Option<String>, _>("price_per_mwh")?.unwrap_or_default()),
			Cell::wh(row.try_get("wh")?),
			Cell::text(origo_primitives::time::format_utc(
				row.try_get::<i64, _>("period_end")? as u64
			)),
		]);
	}

	let blocks = sqlx::query(
		"SELECT number, hash, timestamp_ms, extrinsics, events, spec_version FROM blocks \
		 ORDER BY number DESC LIMIT 8",
	)
	.fetch_all(pool)
	.await?;
	let mut block_list = block_table();
	for row in &blocks {
		block_list.push(block_row(row)?);
	}
	let events = latest_registry_events(state, 12).await?;

	let cards = [
		("Issued", energy(all.issued)),
		("Held", energy(all.held)),
		("Retired", energy(all.retired)),
		("Expired", energy(all.expired)),
		("Revoked", energy(all.revoked)),
		("Batches", units::grouped(all.batches as u128)),
	];
	Ok(Rendered {
		title: "Overview".into(),
		html: html! {
			h1 { "The Origo registry" }
			div.cards {
				@for (label, value) in &cards {
					div.card { div.label { (label) } div.value { (value) } }
				}
				div.card {
					div.label { "Chain" }
					div.value {
						@match &neutrality {
							Some(status) if status.neutral => span.status-ok { "carbon neutral" },
							Some(_) => span.status-bad { "not neutral" },
							None => span { "no accounting yet" },
						}
					}
					@if let Some(status) = &neutrality {
						a href="/neutrality" {
							@if status.neutral { "since " (status.neutral_since.clone().unwrap_or_default()) }
							@else { "deficit " (units::energy(&status.deficit_wh)) }
						}
					}
				}
			}
			(totals.section("Certificates per zone and technology"))
			(prices.section("Market prices"))
			(block_list.section("Latest blocks"))
			(events.section("Latest registry events"))
		},
		json: json!({
			"indexed": *state.position.borrow(),
			"totals": {
				"batches": all.batches, "issuedWh": all.issued.to_string(),
				"heldWh": all.held.to_string(), "retiredWh": all.retired.to_string(),
				"expiredWh": all.expired.to_string(), "revokedWh": all.revoked.to_string(),
			},
			"perZoneAndTechnology": totals.json(),
			"neutrality": neutrality,
			"prices": prices.json(),
			"latestBlocks": block_list.json(),
			"latestEvents": events.json(),
		}),
		csv: None,
	})
}

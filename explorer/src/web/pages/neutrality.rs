//! The chain's own footprint: its energy use per accounting period, modelled from the weight
//! its blocks used and metered at its nodes, against the certificates retired to offset it.

use super::{chart_label, view, AppState, PageError, Rendered};
use crate::web::{
	charts::{bars, Series},
	layout::facts,
	table::{Cell, Table},
};
use maud::html;
use origo_rpc_types::{units, NeutralityView, PeriodView};
use serde_json::json;

/// kWh of a Wh string, for charts.
fn kwh(wh: &str) -> f64 {
	wh.parse::<u64>().map(|wh| wh as f64 / 1000.0).unwrap_or(0.0)
}

/// The neutrality page.
pub async fn page(state: &AppState) -> Result<Rendered, PageError> {
	let pool = state.db.pool();
	let status: Option<NeutralityView> =
		match sqlx::query("SELECT view FROM neutrality WHERE id = 0").fetch_optional(pool).await? {
			Some(row) => Some(view(&row, "view")?),
			None => None,
		};
	let rows = sqlx::query("SELECT view FROM neutrality_periods ORDER BY id DESC LIMIT 96")
		.fetch_all(pool)
		.await?;
	let mut periods: Vec<PeriodView> =
		rows.iter().map(|row| view(row, "view")).collect::<Result<_, _>>()?;
	periods.reverse();
	let mut table = Table::new(&[
		"period",
		"from (UTC)",
		"to (UTC)",
		"metered",
		"modelled",
		"accounted",
		"offset",
		"shortfall",
		"closed",
	]);
	for period in periods.iter().rev() {
		table.push(vec![
			Cell::text(period.id.to_string()),
			Cell::text(&period.period.start),
			Cell::text(&period.period.end),
			Cell::wh_text(&period.metered_wh),
			Cell::wh_text(&period.modelled_wh),
			Cell::wh_text(&period.accounted_wh),
			Cell::wh_text(&period.offset_wh),
			Cell::wh_text(&period.shortfall_wh),
			Cell::text(if period.closed { "yes" } else { "open" }),
		]);
	}
	let labels: Vec<String> =
		periods.iter().map(|period| chart_label(&period.period.start)).collect();
	let chart = bars(
		"The chain's consumption against its offsets, per period",
		"kWh",
		&labels,
		&[
			Series {
				name: "consumption (accounted)",
				color: "#8a1c1c",
				values: periods.iter().map(|p| kwh(&p.accounted_wh)).collect(),
			},
			Series {
				name: "offset by retirements",
				color: "#0b5d1e",
				values: periods.iter().map(|p| kwh(&p.offset_wh)).collect(),
			},
		],
	);
	Ok(Rendered {
		title: "Neutrality".into(),
		html: html! {
			h1 { "The chain's carbon neutrality" }
			@match &status {
				None => p.empty { "The chain has not accounted a period yet." },
				Some(status) => (facts(&[
					("Status", html! { @if status.neutral { span.status-ok { "carbon neutral since " (status.neutral_since.clone().unwrap_or_default()) } } @else { span.status-bad { "not neutral: deficit " (units::energy(&status.deficit_wh)) } } }),
					("Consumption accounted", html! { (units::energy(&status.accounted_wh)) " (metered " (units::energy(&status.metered_wh)) ", modelled " (units::energy(&status.modelled_wh)) ")" }),
					("Offset by retirements", html! { (units::energy(&status.offset_wh)) }),
					("Surplus carried forward", html! { (units::energy(&status.surplus_wh)) }),
					("Reserve", html! { (units::energy(&status.reserve_wh)) " held by " a href=(format!("/accounts/{}", status.reserve)) { (status.reserve) } }),
					("Model", html! { (status.picojoules_per_ref_time) " pJ per unit of ref-time weight, " (status.idle_watts_per_validator) " W idle per validator" }),
				])),
			}
			@if !periods.is_empty() { (chart) }
			(table.section("Accounting periods"))
		},
		json: json!({ "status": status, "periods": periods }),
		csv: None,
	})
}

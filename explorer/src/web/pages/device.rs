//! Devices: the list, and a device's page: its declaration, status history (who approved or
//! suspended it, and why), meters, production chart and batches.

use super::{
	account_link,
	blocks::{event_fields, fields_text, EVENT_COLUMNS},
	list_page, parse_id, technology_label, view, AppState, ListQuery, PageError, Paging, Rendered,
};
use crate::readings;
use crate::web::{
	charts::{bars, Series},
	layout::facts,
	table::{Cell, Table},
};
use maud::html;
use origo_primitives::time::format_utc;
use origo_rpc_types::{DeviceView, MeterView};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;

/// A page of devices, by id.
pub async fn list(state: &AppState, query: &ListQuery) -> Result<Rendered, PageError> {
	let paging = Paging::of(query)?;
	let rows = sqlx::query(
		"SELECT id, owner, name, zone, technology, status FROM devices ORDER BY id LIMIT $1 OFFSET $2",
	)
	.bind(paging.fetch_limit())
	.bind(paging.offset)
	.fetch_all(state.db.pool())
	.await?;
	let mut table = Table::new(&["device", "name", "zone", "technology", "status", "owner"]);
	for row in &rows {
		let id: i64 = row.try_get("id")?;
		let owner: String = row.try_get("owner")?;
		table.push(vec![
			Cell::link(id.to_string(), format!("/devices/{id}")),
			Cell::text(row.try_get::<String, _>("name")?),
			Cell::text(row.try_get::<String, _>("zone")?),
			Cell::text(technology_label(&row.try_get::<String, _>("technology")?)),
			Cell::text(row.try_get::<String, _>("status")?),
			Cell::link(owner.clone(), format!("/accounts/{owner}")),
		]);
	}
	Ok(list_page(&paging, "/devices", "Devices", html! {}, table))
}

/// The production chart's resolution.
#[derive(Deserialize, Default)]
pub struct ChartQuery {
	/// `hourly`, `daily` (the default) or `monthly`.
	pub chart: Option<String>,
}

/// How production is grouped for the chart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resolution {
	Hourly,
	Daily,
	Monthly,
}

impl Resolution {
	fn of(query: &ChartQuery) -> Result<Self, PageError> {
		match query.chart.as_deref() {
			Some("hourly") => Ok(Resolution::Hourly),
			None | Some("") | Some("daily") => Ok(Resolution::Daily),
			Some("monthly") => Ok(Resolution::Monthly),
			Some(other) => Err(PageError::BadRequest(format!(
				"chart is hourly, daily or monthly, not {other:?}"
			))),
		}
	}

	/// The periods shown, ending with the device's last production.
	fn periods(self) -> usize {
		match self {
			Resolution::Hourly => 48,
			Resolution::Daily => 31,
			Resolution::Monthly => 24,
		}
	}

	/// The start of the period that holds `time` (Unix seconds), and its label.
	fn period_of(self, time: u64) -> (u64, String) {
		let iso = format_utc(time);
		match self {
			Resolution::Hourly => {
				(time - time % 3600, format!("{}h", &iso[5..13].replace('T', " ")))
			},
			Resolution::Daily => (time - time % 86_400, iso[5..10].to_owned()),
			Resolution::Monthly => {
				let (year, month) = (&iso[0..4], &iso[5..7]);
				// The month's first second: the day count of the ISO date's first day.
				let day: u64 = iso[8..10].parse().unwrap_or(1);
				let start = time - time % 86_400 - (day - 1) * 86_400;
				(start, format!("{year}-{month}"))
			},
		}
	}

	fn name(self) -> &'static str {
		match self {
			Resolution::Hourly => "hourly",
			Resolution::Daily => "daily",
			Resolution::Monthly => "monthly",
		}
	}
}

/// A device's production per period, from the registers its meters reported (single or in
/// gateway batches, see [`crate::readings`]): each reading's energy is spread evenly over the
/// time since its meter's previous register, each profile interval's over its interval.
/// Returns the periods' labels and kWh.
async fn production(
	state: &AppState,
	device: i64,
	resolution: Resolution,
) -> Result<(Vec<String>, Vec<f64>), PageError> {
	let last: Option<i64> =
		sqlx::query_scalar("SELECT MAX(end_time) FROM readings WHERE device = $1")
			.bind(device)
			.fetch_one(state.db.pool())
			.await?;
	let Some(last) = last else { return Ok((Vec::new(), Vec::new())) };
	// The chart's periods, oldest first, ending with the last one's.
	let mut periods: Vec<(u64, String)> = Vec::with_capacity(resolution.periods());
	let mut cursor = last as u64;
	for _ in 0..resolution.periods() {
		let (start, label) = resolution.period_of(cursor);
		periods.push((start, label));
		if start == 0 {
			break;
		}
		cursor = start - 1;
	}
	periods.reverse();
	let first = periods.first().map(|(start, _)| *start).unwrap_or_default();
	let rows = sqlx::query(
		"SELECT start_time, end_time, wh, interval_seconds, interval_wh FROM readings \
		 WHERE device = $1 AND end_time > $2",
	)
	.bind(device)
	.bind(first as i64)
	.fetch_all(state.db.pool())
	.await?;
	let starts: Vec<u64> = periods.iter().map(|(start, _)| *start).collect();
	let mut kwh = vec![0.0; periods.len()];
	for row in &rows {
		let spans = readings::spans(
			row.try_get::<Option<i64>, _>("start_time")?.map(|time| time as u64),
			row.try_get::<i64, _>("end_time")? as u64,
			row.try_get::<i64, _>("wh")? as u64,
			row.try_get::<Option<i64>, _>("interval_seconds")?.map(|seconds| seconds as u64),
			row.try_get::<Option<String>, _>("interval_wh")?.as_deref(),
		)?;
		for (from, to, wh) in spans {
			spread(&starts, &mut kwh, from, to, wh as f64 / 1000.0);
		}
	}
	Ok((periods.into_iter().map(|(_, label)| label).collect(), kwh))
}

/// Adds `kwh` spanning `from..to` to the periods starting at `starts` (ascending; the last
/// open-ended), in proportion to the overlap; an instant counts in the period that holds it.
fn spread(starts: &[u64], totals: &mut [f64], from: u64, to: u64, kwh: f64) {
	let end_of = |index: usize| starts.get(index + 1).copied().unwrap_or(u64::MAX);
	// The period that holds `from` (or the first, for a span that starts before it).
	let mut index = starts.partition_point(|&start| start <= from).saturating_sub(1);
	if to <= from {
		if starts.first().is_some_and(|&first| from >= first) {
			totals[index] += kwh;
		}
		return;
	}
	while index < starts.len() && starts[index] < to {
		let overlap = to.min(end_of(index)).saturating_sub(from.max(starts[index]));
		totals[index] += kwh * overlap as f64 / (to - from) as f64;
		index += 1;
	}
}

/// The events that change a device's status, with who made them and why.
const STATUS_EVENTS: &[&str] = &[
	"DeviceRegistered",
	"DeviceApproved",
	"DeviceRejected",
	"DeviceSuspended",
	"DeviceReinstated",
	"DeviceRemoved",
	"MeterBound",
	"MeterRetired",
	"MeterUnbound",
	"MeterReset",
	"CarriedVoided",
	"BeneficiarySet",
	"StandingAskSet",
];

/// A device's status history, oldest first: registration, approval or rejection, suspensions
/// and reinstatements (with the issuer and the reason), meters bound and retired.
async fn status_history(state: &AppState, device: i64) -> Result<Table, PageError> {
	let names = STATUS_EVENTS.iter().map(|name| format!("'{name}'")).collect::<Vec<_>>().join(", ");
	let rows = sqlx::query(&format!(
		"{EVENT_COLUMNS} FROM event_subjects s JOIN events e \
		 ON e.block_number = s.block_number AND e.position = s.position \
		 JOIN blocks b ON b.number = e.block_number \
		 WHERE s.kind = 'device' AND s.id = $1 AND e.name IN ({names}) \
		 ORDER BY s.block_number, s.position LIMIT 1000"
	))
	.bind(device.to_string())
	.fetch_all(state.db.pool())
	.await?;
	let mut table = Table::new(&["block", "what", "details"]);
	for row in &rows {
		let block: i64 = row.try_get("block_number")?;
		let fields = event_fields(state, row).await?;
		table.push(vec![
			Cell::link(block.to_string(), format!("/blocks/{block}")),
			Cell::text(row.try_get::<String, _>("name")?),
			Cell::text(fields_text(&fields)),
		]);
	}
	Ok(table)
}

/// A device's page.
pub async fn page(state: &AppState, id: &str, chart: &ChartQuery) -> Result<Rendered, PageError> {
	let id = parse_id("device", id)?;
	let resolution = Resolution::of(chart)?;
	let row = sqlx::query("SELECT view, meters FROM devices WHERE id = $1")
		.bind(id)
		.fetch_optional(state.db.pool())
		.await?
		.ok_or_else(|| PageError::NotFound(format!("there is no device {id}")))?;
	let device: DeviceView = view(&row, "view")?;
	let meters: Vec<MeterView> = view(&row, "meters")?;

	let status = status_history(state, id).await?;

	let mut meter_table =
		Table::new(&["meter key", "status", "last counter", "last reading (UTC)"]);
	for meter in &meters {
		meter_table.push(vec![
			Cell::text(&meter.key),
			Cell::text(&meter.status),
			meter.last_counter_wh.as_deref().map(Cell::wh_text).unwrap_or_else(|| Cell::text("-")),
			Cell::text(meter.last_reading_at.clone().unwrap_or("-".into())),
		]);
	}

	let batches = sqlx::query(
		"SELECT id, production_start, issued_wh, held_wh, retired_wh FROM batches WHERE device = $1 \
		 ORDER BY id DESC LIMIT 50",
	)
	.bind(id)
	.fetch_all(state.db.pool())
	.await?;
	let mut batch_table =
		Table::new(&["batch", "production from (UTC)", "issued", "held", "retired"]);
	for row in &batches {
		let batch: i64 = row.try_get("id")?;
		batch_table.push(vec![
			Cell::link(batch.to_string(), format!("/batches/{batch}")),
			Cell::text(row.try_get::<String, _>("production_start")?),
			Cell::wh(row.try_get("issued_wh")?),
			Cell::wh(row.try_get("held_wh")?),
			Cell::wh(row.try_get("retired_wh")?),
		]);
	}

	let (labels, kwh) = production(state, id, resolution).await?;
	let (measured_wh, registers): (Option<i64>, i64) =
		sqlx::query_as("SELECT CAST(SUM(wh) AS BIGINT), COUNT(*) FROM readings WHERE device = $1")
			.bind(id)
			.fetch_one(state.db.pool())
			.await?;
	let measured_wh = measured_wh.unwrap_or_default().to_string();
	let chart_title = format!("Production of device {id}, {}", resolution.name());
	let chart = bars(
		&chart_title,
		"kWh",
		&labels,
		&[Series { name: "measured by its meters", color: "#0b5d1e", values: kwh.clone() }],
	);
	let certification = device.certification.as_ref();
	let title = format!("Device {id}: {}", device.name);
	let capacity = origo_rpc_types::units::energy(&device.capacity_w).replace("Wh", "W");
	Ok(Rendered {
		html: html! {
			h1 { (title) }
			(facts(&[
				("Owner", account_link(&device.owner)),
				("Technology", html! { (device.technology.name()) }),
				("Kind", html! { (device.kind) }),
				("Capacity", html! { (capacity) }),
				("Zone", html! { (device.zone) }),
				("Location", html! { @if let Some((lat, lon)) = device.location { (format!("{lat:.5}, {lon:.5}")) } @else { "not declared" } }),
				("Commissioned (UTC)", html! { (device.commissioned) }),
				("Status", html! { (device.status) }),
				("Issuer", match &device.issuer { Some(issuer) => account_link(issuer), None => html! { "none yet" } }),
				("Verified production", html! { (origo_rpc_types::units::energy(&device.verified_wh)) }),
				("Measured, uncertifiable", html! { (origo_rpc_types::units::energy(&device.uncertified_wh)) }),
				("Readings and profiles indexed", html! { (registers) ", " (origo_rpc_types::units::energy(&measured_wh)) }),
				("Certified until (UTC)", html! { (device.certified_until) }),
				("Issued as certificates", html! { (certification.map(|c| origo_rpc_types::units::energy(&c.issued_wh)).unwrap_or("-".into())) }),
				("Carried to the next certificate", html! { (certification.map(|c| origo_rpc_types::units::energy(&c.carried_wh)).unwrap_or("-".into())) }),
			]))
			h2 { "Production" }
			nav.no-print aria-label="Chart resolution" {
				@for option in ["hourly", "daily", "monthly"] {
					@if option == resolution.name() { strong { (option) } " " }
					@else { a href=(format!("/devices/{id}?chart={option}")) { (option) } " " }
				}
			}
			@if labels.is_empty() { p.empty { "No readings yet." } }
			@else { (chart) }
			(status.section("Status history"))
			(meter_table.section("Meters"))
			(batch_table.section("Latest batches"))
		},
		json: json!({
			"device": device, "meters": meters, "statusHistory": status.json(),
			"production": {
				"resolution": resolution.name(), "unit": "kWh", "periods": labels, "kwh": kwh,
				"readingsIndexed": registers, "measuredWh": measured_wh,
			},
			"batches": batch_table.json(),
		}),
		title,
		csv: None,
	})
}

#[cfg(test)]
mod tests {
	use super::spread;

	#[test]
	fn energy_is_spread_over_the_periods_its_span_overlaps() {
		let starts = [0, 3600, 7200];
		let mut kwh = [0.0; 3];
		// Half an hour in the first period, a whole one in the second.
		spread(&starts, &mut kwh, 1800, 7200, 3.0);
		assert_eq!(kwh, [1.0, 2.0, 0.0]);
		// The last period is open-ended; a span from before the first counts only its overlap.
		let mut kwh = [0.0; 3];
		spread(&[3600, 7200], &mut kwh[..2], 0, 10_800, 3.0);
		assert_eq!(kwh[..2], [1.0, 1.0]);
		// An instant counts in the period that holds it; one before the first, nowhere.
		let mut kwh = [0.0; 3];
		spread(&starts, &mut kwh, 3600, 3600, 1.0);
		spread(&[3600, 7200], &mut kwh[1..], 10, 10, 5.0);
		assert_eq!(kwh, [0.0, 1.0, 0.0]);
	}
}

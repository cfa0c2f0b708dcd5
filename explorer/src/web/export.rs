//! Exports for auditors and other registries: batches and retirements as EnergyTag Granular
//! Certificate bundles (JSON) and as EECS certificate fields (CSV).
//!
//! # Field mapping
//!
//! Origo counts a batch's certificates in Wh (one certificate = 1 Wh of EnergyTag's face value;
//! EECS's face value is 1 MWh, which Origo's default issuance quantum also is). Origo keeps
//! amounts per batch and holder, not per certificate number, so an export numbers a batch's Wh
//! `1..=issued` and gives the ranges in the order held, retired, expired, revoked: the numbers
//! are an export's convention, the amounts are the chain's.
//!
//! | EnergyTag bundle field | EECS column | Origo |
//! | --- | --- | --- |
//! | `issuance_id` | `certificate_id` | `ORIGO-{zone}-{batch}` |
//! | `bundle_id_range_start`, `_end` | (range in `certificate_id`) | Wh numbers, see above |
//! | `bundle_quantity`, `face_value` (Wh) | `face_value_mwh` | the part's Wh; 1 Wh per certificate |
//! | `energy_carrier` | - | `Electricity` |
//! | `energy_source` | `technology_code` | the device's technology; EECS Fact Sheet 5 code |
//! | `device_id`, `device_name` | `installation_id` | `ORIGO-DEVICE-{device}`, its declared name |
//! | `device_capacity` (W) | `capacity_mw` | the device's declared capacity |
//! | `device_location` | - | its declared latitude, longitude |
//! | `production_starting_interval`, `_ending_interval` | `first_production_day`, `last_production_day` | the batch's production period (UTC) |
//! | `issuance_datestamp` | `issue_date` | when the batch was issued |
//! | `expiry_datestamp` | `expiry_date` | when it expires |
//! | `issuing_body` | `issuer` | the issuer (SS58) that approved the device |
//! | `country_of_issuance` | `country` | the zone's country (ISO 3166-1, its first two letters) |
//! | `issue_market_zone` | `zone` | the zone's code |
//! | `certificate_bundle_status` | `status` | `Active` (held), `Claimed` (retired), `Expired`, `Withdrawn` (revoked) |
//! | `beneficiary` | - | a retirement's beneficiary name, else its account |

use super::{
	pages::{parse_id, Paging, CSV_ROWS},
	table::{Cell, Table},
	AppState, ListQuery, PageError, Rendered,
};
use maud::html;
use origo_primitives::registry::Technology;
use origo_rpc_types::{BatchView, DeviceView, RetirementView};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::{any::AnyRow, Row};

/// What to export: one batch, one retirement, or a page of batches.
#[derive(Deserialize, Default)]
pub struct ExportQuery {
	/// One batch.
	pub batch: Option<String>,
	/// One retirement (EnergyTag only).
	pub retirement: Option<String>,
	/// A page of batches, from 1 (of 100,000 at a time).
	pub page: Option<String>,
}

/// The EECS technology code (Fact Sheet 5) of a technology.
pub fn eecs_technology(technology: Technology) -> &'static str {
	match technology {
		Technology::SolarPv => "T010100",
		Technology::SolarThermal => "T010200",
		Technology::WindOnshore => "T020001",
		Technology::WindOffshore => "T020002",
		Technology::HydroRunOfRiver => "T030100",
		Technology::HydroReservoir => "T030200",
		Technology::Marine => "T040000",
		Technology::Geothermal => "T050000",
		Technology::Biomass => "T050100",
		Technology::Fossil => "T050000",
		Technology::Nuclear => "T060000",
		Technology::Other => "T000000",
	}
}

/// The country of a zone: its code's first two letters (`US-FL` -> `US`).
fn country(zone: &str) -> &str {
	zone.get(..2).unwrap_or(zone)
}

/// The day of an ISO 8601 time: `2026-06-01T12:00:00Z` -> `2026-06-01`.
fn day(iso: &str) -> &str {
	iso.get(..10).unwrap_or(iso)
}

/// A batch's supply split into the parts an export shows: (status, first Wh, last Wh).
fn parts(batch: &BatchView) -> Vec<(&'static str, u64, u64)> {
	let supply = &batch.supply;
	let amounts = [
		("Active", &supply.held_wh),
		("Claimed", &supply.retired_wh),
		("Expired", &supply.expired_wh),
		("Withdrawn", &supply.revoked_wh),
	];
	let mut next = 1;
	let mut parts = Vec::new();
	for (status, wh) in amounts {
		let wh: u64 = wh.parse().unwrap_or_default();
		if wh > 0 {
			parts.push((status, next, next + wh - 1));
			next += wh;
		}
	}
	parts
}

/// The EnergyTag bundle of `batch`'s Wh numbered `first..=last` in `status`.
fn bundle(
	batch: &BatchView,
	device: Option<&DeviceView>,
	status: &str,
	first: u64,
	last: u64,
) -> Value {
	json!({
		"issuance_id": format!("ORIGO-{}-{}", batch.zone, batch.id),
		"bundle_id_range_start": first,
		"bundle_id_range_end": last,
		"bundle_quantity": last - first + 1,
		"face_value": 1,
		"face_value_unit": "Wh",
		"energy_carrier": "Electricity",
		"energy_source": format!("{:?}", batch.technology),
		"device_id": format!("ORIGO-DEVICE-{}", batch.device),
		"device_name": device.map(|device| device.name.clone()),
		"device_capacity": device.map(|device| device.capacity_w.clone()),
		"device_capacity_unit": "W",
		"device_location": device.and_then(|device| device.location).map(|(lat, lon)| json!({ "latitude": lat, "longitude": lon })),
		"production_starting_interval": batch.production.start,
		"production_ending_interval": batch.production.end,
		"issuance_datestamp": batch.issued_at,
		"expiry_datestamp": batch.expires_at,
		"issuing_body": batch.issuer,
		"country_of_issuance": country(&batch.zone),
		"issue_market_zone": batch.zone,
		"certificate_bundle_status": status,
	})
}

/// A batch and its device (if the index has it).
type BatchAndDevice = (BatchView, Option<DeviceView>);

/// The batches and devices the export queries select.
const BATCHES_WITH_DEVICES: &str =
	"SELECT b.view AS batch, d.view AS device FROM batches b LEFT JOIN devices d ON d.id = b.device";

/// A batch and its device, from a row of [`BATCHES_WITH_DEVICES`].
fn batch_and_device(row: &AnyRow) -> Result<BatchAndDevice, PageError> {
	let batch = serde_json::from_str(&row.try_get::<String, _>("batch")?)?;
	let device = row
		.try_get::<Option<String>, _>("device")?
		.map(|text| serde_json::from_str(&text))
		.transpose()?;
	Ok((batch, device))
}

/// Batches and their devices: one (`query.batch`) or a page of all, oldest first.
async fn batches(state: &AppState, query: &ExportQuery) -> Result<Vec<BatchAndDevice>, PageError> {
	if let Some(batch) = &query.batch {
		let id = parse_id("batch", batch)?;
		let row = sqlx::query(&format!("{BATCHES_WITH_DEVICES} WHERE b.id = $1"))
			.bind(id)
			.fetch_optional(state.db.pool())
			.await?
			.ok_or_else(|| PageError::NotFound(format!("there is no batch {id}")))?;
		return Ok(vec![batch_and_device(&row)?]);
	}
	let paging = Paging::of(&ListQuery { page: query.page.clone(), format: Some("csv".into()) })?;
	let rows = sqlx::query(&format!("{BATCHES_WITH_DEVICES} ORDER BY b.id LIMIT $1 OFFSET $2"))
		.bind(CSV_ROWS)
		.bind(paging.offset)
		.fetch_all(state.db.pool())
		.await?;
	rows.iter().map(batch_and_device).collect()
}

/// EnergyTag GC bundles of batches, or of one retirement.
pub async fn energytag(state: &AppState, query: &ExportQuery) -> Result<Rendered, PageError> {
	let bundles: Vec<Value> = if let Some(retirement) = &query.retirement {
		let id = parse_id("retirement", retirement)?;
		let row = sqlx::query("SELECT view FROM retirements WHERE id = $1")
			.bind(id)
			.fetch_optional(state.db.pool())
			.await?
			.ok_or_else(|| PageError::NotFound(format!("there is no retirement {id}")))?;
		let retirement: RetirementView = serde_json::from_str(&row.try_get::<String, _>("view")?)?;
		let batch = retirement.batch.as_ref().ok_or_else(|| {
			PageError::NotFound(format!("retirement {id}'s batch is not in the index"))
		})?;
		let wh: u64 = retirement.wh.parse().unwrap_or_default();
		let mut bundle = bundle(batch, retirement.device.as_ref(), "Claimed", 1, wh.max(1));
		bundle["bundle_quantity"] = json!(wh);
		bundle["beneficiary"] =
			json!(retirement.beneficiary_name.clone().or(retirement.beneficiary.clone()));
		bundle["retirement_id"] = json!(retirement.id);
		bundle["claim_purpose"] = json!(retirement.purpose);
		vec![bundle]
	} else {
		batches(state, query)
			.await?
			.iter()
			.flat_map(|(batch, device)| {
				parts(batch).into_iter().map(move |(status, first, last)| {
					bundle(batch, device.as_ref(), status, first, last)
				})
			})
			.collect()
	};
	Ok(Rendered {
		title: "EnergyTag GC bundles".into(),
		html: html! { pre { (serde_json::to_string_pretty(&bundles)?) } },
		json: json!({ "granular_certificate_bundles": bundles }),
		csv: None,
	})
}

/// EECS certificate fields of batches, as CSV.
pub async fn eecs(state: &AppState, query: &ExportQuery) -> Result<Rendered, PageError> {
	let mut table = Table::new(&[
		"certificate_id",
		"face_value_mwh",
		"first_production_day",
		"last_production_day",
		"installation_id",
		"technology_code",
		"capacity_mw",
		"country",
		"zone",
		"issuer",
		"issue_date",
		"expiry_date",
		"status",
	]);
	for (batch, device) in batches(state, query).await? {
		for (status, first, last) in parts(&batch) {
			let capacity = device
				.as_ref()
				.and_then(|device| device.capacity_w.parse::<u64>().ok())
				.map(|watts| format!("{}", watts as f64 / 1e6))
				.unwrap_or_default();
			table.push(vec![
				Cell::text(format!("ORIGO-{}-{}:{first}-{last}", batch.zone, batch.id)),
				Cell::number(format!("{}", (last - first + 1) as f64 / 1e6)),
				Cell::text(day(&batch.production.start)),
				Cell::text(day(&batch.production.end)),
				Cell::text(format!("ORIGO-DEVICE-{}", batch.device)),
				Cell::text(eecs_technology(batch.technology)),
				Cell::number(capacity),
				Cell::text(country(&batch.zone)),
				Cell::text(&batch.zone),
				Cell::text(&batch.issuer),
				Cell::text(day(&batch.issued_at)),
				Cell::text(day(&batch.expires_at)),
				Cell::text(status),
			]);
		}
	}
	Ok(Rendered::csv("eecs certificates", &table))
}

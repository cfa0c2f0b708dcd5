//! The pages, one module each, and what they share: paging, links, amounts with units.

mod account;
mod batch;
mod blocks;
mod device;
mod market;
mod neutrality;
mod overview;
mod retirement;
mod search;
mod status;

use super::{
	answer, layout, table::Table, AppState, Format, ListParams, ListQuery, PageError, PathParams,
	Rendered,
};
use axum::{
	extract::{Query, State},
	routing::get,
	Router,
};
use maud::{html, Markup};
use origo_primitives::time::format_utc;
use serde::de::DeserializeOwned;
use sqlx::{any::AnyRow, Row};

/// Rows of a list page.
pub const PAGE_SIZE: i64 = 50;
/// Rows of one CSV file (a longer list is exported in several, with `page`).
pub const CSV_ROWS: i64 = 100_000;
/// The highest page number a list accepts.
const MAX_PAGE: u64 = 1_000_000;

/// The routes of every page, answering in `format`.
pub fn routes(router: Router<AppState>, format: Format) -> Router<AppState> {
	router
		.route(
			"/",
			get(move |State(state): State<AppState>| async move {
				answer(format, state.clone(), overview::page(&state)).await
			}),
		)
		.route(
			"/blocks",
			get(move |State(state): State<AppState>, ListParams(query)| async move {
				answer(format, state.clone(), blocks::list(&state, &query)).await
			}),
		)
		.route(
			"/blocks/{block}",
			get(
				move |State(state): State<AppState>,
				      PathParams(block): PathParams<String>,
				      ListParams(query)| async move {
					answer(format, state.clone(), blocks::block(&state, &block, &query)).await
				},
			),
		)
		.route(
			"/extrinsics/{id}",
			get(
				move |State(state): State<AppState>, PathParams(id): PathParams<String>| async move {
					answer(format, state.clone(), blocks::extrinsic(&state, &id)).await
				},
			),
		)
		.route(
			"/events",
			get(move |State(state): State<AppState>, ListParams(query)| async move {
				answer(format, state.clone(), blocks::events(&state, &query)).await
			}),
		)
		.route(
			"/devices",
			get(move |State(state): State<AppState>, ListParams(query)| async move {
				answer(format, state.clone(), device::list(&state, &query)).await
			}),
		)
		.route(
			"/devices/{id}",
			get(
				move |State(state): State<AppState>,
				      PathParams(id): PathParams<String>,
				      Query(chart): Query<device::ChartQuery>| async move {
					answer(format, state.clone(), device::page(&state, &id, &chart)).await
				},
			),
		)
		.route(
			"/batches",
			get(move |State(state): State<AppState>, ListParams(query)| async move {
				answer(format, state.clone(), batch::list(&state, &query)).await
			}),
		)
		.route(
			"/batches/{id}",
			get(
				move |State(state): State<AppState>, PathParams(id): PathParams<String>| async move {
					answer(format, state.clone(), batch::page(&state, &id)).await
				},
			),
		)
		.route(
			"/accounts/{account}",
			get(
				move |State(state): State<AppState>, PathParams(account): PathParams<String>| async move {
					answer(format, state.clone(), account::page(&state, &account)).await
				},
			),
		)
		.route(
			"/retirements",
			get(move |State(state): State<AppState>, ListParams(query)| async move {
				answer(format, state.clone(), retirement::list(&state, &query)).await
			}),
		)
		.route(
			"/retirements/{id}",
			get(
				move |State(state): State<AppState>, PathParams(id): PathParams<String>| async move {
					answer(format, state.clone(), retirement::page(&state, &id)).await
				},
			),
		)
		.route(
			"/market",
			get(move |State(state): State<AppState>| async move {
				answer(format, state.clone(), market::page(&state)).await
			}),
		)
		.route(
			"/neutrality",
			get(move |State(state): State<AppState>| async move {
				answer(format, state.clone(), neutrality::page(&state)).await
			}),
		)
		.route(
			"/status",
			get(move |State(state): State<AppState>| async move {
				answer(format, state.clone(), status::page(&state)).await
			}),
		)
		.route(
			"/search",
			get(
				move |State(state): State<AppState>, Query(query): Query<search::SearchQuery>| async move {
					answer(format, state.clone(), search::page(&state, &query)).await
				},
			),
		)
}

/// Which part of a list is wanted.
pub struct Paging {
	/// The page, from 1.
	pub page: u64,
	/// Rows per page.
	pub limit: i64,
	/// Rows before the page.
	pub offset: i64,
	/// Whether the list is wanted as CSV.
	pub csv: bool,
}

impl Paging {
	/// The paging a list's query asks for: 400 for a page that is not a number from 1 to
	/// 1,000,000, or a format other than `csv`.
	pub fn of(query: &ListQuery) -> Result<Self, PageError> {
		let page = match query.page.as_deref() {
			None | Some("") => 1,
			Some(text) => {
				text.parse::<u64>().ok().filter(|page| (1..=MAX_PAGE).contains(page)).ok_or_else(
					|| {
						PageError::BadRequest(format!(
							"page must be a number from 1 to {MAX_PAGE}, not {text:?}"
						))
					},
				)?
			},
		};
		let csv = match query.format.as_deref() {
			None | Some("") | Some("html") => false,
			Some("csv") => true,
			Some(other) => {
				return Err(PageError::BadRequest(format!("unknown format {other:?}: use csv")))
			},
		};
		let limit = if csv { CSV_ROWS } else { PAGE_SIZE };
		Ok(Self { page, limit, offset: (page as i64 - 1) * limit, csv })
	}

	/// The rows to fetch: one more than a page, to know whether there is a next page.
	pub fn fetch_limit(&self) -> i64 {
		self.limit + 1
	}
}

/// A list page: `intro`, the table (a page of it), links to the other pages and the CSV; or
/// the CSV itself. `rows_fetched` is how many rows the query returned with
/// [`Paging::fetch_limit`].
pub fn list_page(
	paging: &Paging,
	path: &str,
	title: &str,
	intro: Markup,
	mut table: Table,
) -> Rendered {
	let has_next = table.rows.len() as i64 > paging.limit;
	table.rows.truncate(paging.limit as usize);
	if paging.csv {
		return Rendered::csv(title, &table);
	}
	Rendered {
		title: title.to_owned(),
		html: html! {
			h1 { (title) }
			(intro)
			(table.html(title))
			(layout::pager(path, paging.page, has_next))
		},
		json: serde_json::json!({ "page": paging.page, "hasNext": has_next, "rows": table.json() }),
		csv: None,
	}
}

impl Rendered {
	/// A CSV file of `table`, named after `title`.
	pub fn csv(title: &str, table: &Table) -> Self {
		let name: String = title
			.chars()
			.map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
			.collect();
		Rendered {
			title: title.to_owned(),
			html: html! {},
			json: serde_json::Value::Null,
			csv: Some((format!("origo-{name}.csv"), table.csv())),
		}
	}
}

/// An id in an address: 400 unless it is a number.
pub fn parse_id(kind: &str, text: &str) -> Result<i64, PageError> {
	text.parse::<u64>()
		.ok()
		.and_then(|id| i64::try_from(id).ok())
		.ok_or_else(|| PageError::BadRequest(format!("{kind} ids are numbers, not {text:?}")))
}

/// A JSON view stored in the index.
pub fn view<T: DeserializeOwned>(row: &AnyRow, column: &str) -> Result<T, PageError> {
	let text: String = row.try_get(column)?;
	Ok(serde_json::from_str(&text)?)
}

/// A block's time given in ms since the epoch, ISO 8601 UTC (the genesis block has none).
pub fn time_ms(ms: i64) -> String {
	if ms <= 0 {
		return "none (genesis)".into();
	}
	format_utc((ms / 1000) as u64)
}

/// A link to an account, its address shortened for reading (the whole in its title).
pub fn account_link(account: &str) -> Markup {
	html! { a href=(format!("/accounts/{account}")) title=(account) { (short(account)) } }
}

/// An address or hash shortened to its ends: `5Grwva…GKutQY`.
pub fn short(text: &str) -> String {
	if text.len() <= 16 || !text.is_ascii() {
		text.to_owned()
	} else {
		format!("{}…{}", &text[..6], &text[text.len() - 6..])
	}
}

/// An ISO 8601 time as a chart's label: `2026-06-01T12:00:00Z` -> `06-01 12:00`.
pub fn chart_label(iso: &str) -> String {
	iso.get(5..16).unwrap_or(iso).replace('T', " ")
}

/// Links to the block `number`.
pub fn block_link(number: i64) -> Markup {
	html! { a href=(format!("/blocks/{number}")) { "#" (number) } }
}

/// A Wh amount of a BIGINT column, in the unit that reads best.
pub fn energy(wh: i64) -> String {
	origo_rpc_types::units::energy(&wh.to_string())
}

/// A technology as users write it (`solar-pv`, as the CLI takes it), from its variant's name,
/// which the index keeps as the chain's events give it (`SolarPv`).
pub fn technology_label(variant: &str) -> String {
	origo_primitives::registry::Technology::ALL
		.into_iter()
		.find(|technology| format!("{technology:?}") == variant)
		.map_or_else(|| variant.to_owned(), |technology| technology.name().to_owned())
}

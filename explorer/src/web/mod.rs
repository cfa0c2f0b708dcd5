//! The web server: server-rendered pages of the index, the same data as JSON under `/api`, CSV
//! of every list (`?format=csv`), and server-sent events that tell open pages a new block was
//! indexed, so they update without a reload.
//!
//! Every page is a function from the request to a [`Rendered`]: its title, its HTML and its
//! JSON; the routes wrap it as a page or as an API answer.

mod charts;
mod error;
mod export;
mod layout;
mod pages;
mod table;

pub use error::PageError;

use crate::{db::Database, index::Position};
use axum::{
	extract::{FromRequestParts, Query, State},
	http::{header, request::Parts, StatusCode},
	response::{
		sse::{Event, KeepAlive, Sse},
		IntoResponse, Response,
	},
	routing::get,
	Json, Router,
};
use futures::Stream;
use maud::Markup;
use serde::Deserialize;
use std::{
	collections::HashMap,
	convert::Infallible,
	future::Future,
	sync::{Arc, Mutex},
};
use subxt::Metadata;
use tokio_stream::{wrappers::WatchStream, StreamExt};

/// What every page handler can reach.
#[derive(Clone)]
pub struct AppState {
	/// The index.
	pub db: Database,
	/// The index's position (its last block), announced by the indexer.
	pub position: Position,
	/// The runtimes' metadata, read from the index when first needed.
	pub runtimes: Runtimes,
}

impl AppState {
	/// Pages of the index `db`, whose position the indexer announces on `position`.
	pub fn new(db: Database, position: Position) -> Self {
		Self { db, position, runtimes: Runtimes::default() }
	}
}

/// The metadata of the runtimes the index's blocks ran, each read from the index and decoded
/// once: what decodes a call's arguments and an event's fields when a page shows them.
#[derive(Clone, Default)]
pub struct Runtimes(Arc<Mutex<HashMap<i64, Arc<Metadata>>>>);

impl Runtimes {
	/// The metadata of runtime `spec_version`, from the index `db`.
	pub async fn get(&self, db: &Database, spec_version: i64) -> Result<Arc<Metadata>, PageError> {
		if let Some(metadata) = self.0.lock().expect("no page panics holding it").get(&spec_version)
		{
			return Ok(metadata.clone());
		}
		let metadata = crate::index::kept_runtime(db, spec_version).await?;
		let metadata = Arc::new(metadata);
		self.0.lock().expect("no page panics holding it").insert(spec_version, metadata.clone());
		Ok(metadata)
	}
}

/// A page's content, as HTML and as JSON.
pub struct Rendered {
	/// The page's title.
	pub title: String,
	/// The page's main content.
	pub html: Markup,
	/// The same data for `/api`.
	pub json: serde_json::Value,
	/// A list wanted as CSV: the file's name and content, answered instead of the page.
	pub csv: Option<(String, String)>,
}

/// How a list is wanted: a page of it, or all of it as CSV.
#[derive(Deserialize, Default)]
pub struct ListQuery {
	/// The page, from 1.
	pub page: Option<String>,
	/// `csv` for a CSV file of the list.
	pub format: Option<String>,
}

/// The routes, HTML and JSON alike.
pub fn router(state: AppState) -> Router {
	let api = pages::routes(Router::new(), Format::Json);
	let html = pages::routes(Router::new(), Format::Html);
	Router::new()
		.merge(html)
		.nest("/api", api)
		.route(
			"/export/energytag.json",
			get(
				|State(state): State<AppState>, Query(query): Query<export::ExportQuery>| async move {
					answer(Format::Json, state.clone(), export::energytag(&state, &query)).await
				},
			),
		)
		.route(
			"/export/eecs.csv",
			get(
				|State(state): State<AppState>, Query(query): Query<export::ExportQuery>| async move {
					answer(Format::Html, state.clone(), export::eecs(&state, &query)).await
				},
			),
		)
		.route("/updates", get(updates))
		.route("/style.css", get(style))
		.fallback(not_found)
		.layer(axum::middleware::from_fn(server_timing))
		.with_state(state)
}

/// Adds how long the server took to the answer (`Server-Timing: app;dur=<ms>`), which
/// browsers' developer tools show and the benchmark reads.
async fn server_timing(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
	let started = std::time::Instant::now();
	let mut response = next.run(request).await;
	let duration = started.elapsed().as_secs_f64() * 1000.0;
	if let Ok(value) = header::HeaderValue::from_str(&format!("app;dur={duration:.3}")) {
		response.headers_mut().insert("server-timing", value);
	}
	response
}

/// Serves the explorer on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
	axum::serve(listener, router(state)).await
}

/// Whether a route answers with a page or with JSON.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
	/// An HTML page.
	Html,
	/// JSON, under `/api`.
	Json,
}

impl Format {
	/// The format a request's path asks for: JSON under `/api/`.
	pub fn of(uri: &axum::http::Uri) -> Self {
		if uri.path().starts_with("/api/") {
			Format::Json
		} else {
			Format::Html
		}
	}

	/// The answer for `rendered` in this format.
	pub fn respond(self, state: &AppState, rendered: Rendered) -> Response {
		if let Some((name, csv)) = rendered.csv {
			let disposition = format!("attachment; filename=\"{name}\"");
			return (
				[
					(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
					(header::CONTENT_DISPOSITION, disposition),
				],
				csv,
			)
				.into_response();
		}
		match self {
			Format::Html => layout::page(&rendered.title, *state.position.borrow(), rendered.html)
				.into_response(),
			Format::Json => Json(rendered.json).into_response(),
		}
	}

	/// The answer for `error` in this format.
	pub fn error(self, state: &AppState, error: PageError) -> Response {
		let status = error.status();
		if status == StatusCode::INTERNAL_SERVER_ERROR {
			tracing::error!("explorer: {}", error.message());
		}
		match self {
			Format::Html => {
				let body = layout::error_page(&error, *state.position.borrow());
				(status, body).into_response()
			},
			Format::Json => {
				(status, Json(serde_json::json!({ "error": error.message() }))).into_response()
			},
		}
	}
}

/// Runs a page function and answers in `format`.
pub async fn answer<F>(format: Format, state: AppState, page: F) -> Response
where
	F: Future<Output = Result<Rendered, PageError>>,
{
	match page.await {
		Ok(rendered) => format.respond(&state, rendered),
		Err(error) => format.error(&state, error),
	}
}

/// The path parameters of a route, with a clear 400 when they do not parse.
pub struct PathParams<T>(pub T);

impl<T> FromRequestParts<AppState> for PathParams<T>
where
	T: serde::de::DeserializeOwned + Send,
{
	type Rejection = Response;

	async fn from_request_parts(
		parts: &mut Parts,
		state: &AppState,
	) -> Result<Self, Self::Rejection> {
		match axum::extract::Path::<T>::from_request_parts(parts, state).await {
			Ok(axum::extract::Path(value)) => Ok(PathParams(value)),
			Err(rejection) => {
				let error =
					PageError::BadRequest(format!("bad address: {}", rejection.body_text()));
				Err(Format::of(&parts.uri).error(state, error))
			},
		}
	}
}

/// A list's query string, with a clear 400 when it does not parse.
pub struct ListParams(pub ListQuery);

impl<S: Send + Sync> FromRequestParts<S> for ListParams {
	type Rejection = Response;

	async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
		match Query::<ListQuery>::from_request_parts(parts, state).await {
			Ok(Query(query)) => Ok(ListParams(query)),
			Err(_) => Ok(ListParams(ListQuery::default())),
		}
	}
}

/// Server-sent events: the index's position, each time it moves.
async fn updates(
	State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
	let stream = WatchStream::new(state.position.clone())
		.map(|number| Ok(Event::default().event("block").data(number.to_string())));
	Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The stylesheet, one file for every page.
async fn style() -> impl IntoResponse {
	([(header::CONTENT_TYPE, "text/css; charset=utf-8")], layout::STYLE)
}

/// Any address the explorer has no page for.
async fn not_found(State(state): State<AppState>, uri: axum::http::Uri) -> Response {
	Format::of(&uri)
		.error(&state, PageError::NotFound(format!("there is no page at {}", uri.path())))
}

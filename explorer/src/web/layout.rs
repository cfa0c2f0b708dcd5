//! The frame of every page: header with navigation and search, the page's content in `main`,
//! and a footer with the index's position. No fonts, scripts or styles from elsewhere: the
//! explorer works offline. One small script listens for new blocks and replaces `main` with
//! the page's new content, so a page stays current without a reload.

use super::PageError;
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The stylesheet: readable on a phone and on paper (a receipt prints on one A4 page).
pub const STYLE: &str = r#"
:root { --ink: #1b1f23; --muted: #4f5660; --line: #d0d7de; --accent: #0b5d1e; --bg: #ffffff;
  --soft: #f3f6f4; --warn: #8a1c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus, button:focus, input:focus { outline: 3px solid #f2b600; outline-offset: 1px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 2; }
header { background: var(--accent); color: #fff; padding: .6rem 1rem; display: flex;
  flex-wrap: wrap; gap: .6rem 1.2rem; align-items: center; }
header a { color: #fff; text-decoration: none; }
header .brand { font-weight: 700; font-size: 1.2rem; }
header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1rem; margin: 0;
  padding: 0; }
header nav a:hover, header nav a:focus { text-decoration: underline; }
header form { margin-left: auto; display: flex; gap: .3rem; }
header input { padding: .35rem .5rem; border: 1px solid #fff; border-radius: 4px; min-width: 14rem;
  font-size: 1rem; }
header button { padding: .35rem .7rem; border: 1px solid #fff; background: #fff; color: var(--accent);
  border-radius: 4px; font-weight: 600; cursor: pointer; font-size: 1rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .6rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .6rem; }
.table-wrap { overflow-x: auto; margin-bottom: 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; color: var(--muted); }
section.list caption { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: break-word; }
th { white-space: nowrap; }
thead th { background: var(--soft); }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: .3rem 1rem;
  margin: 0 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .8rem;
  margin-bottom: 1rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.card .label { color: var(--muted); font-size: .9rem; }
.card .value { font-size: 1.3rem; font-weight: 600; }
.status-ok { color: var(--accent); font-weight: 600; }
.status-bad { color: var(--warn); font-weight: 600; }
.empty { color: var(--muted); }
.pager { display: flex; gap: 1rem; align-items: center; margin: .5rem 0 1.5rem; flex-wrap: wrap; }
.exports a { margin-right: 1rem; }
pre { background: var(--soft); padding: .6rem; overflow-x: auto; font-size: .85rem; }
figure { margin: 0 0 1rem; }
figure svg { width: 100%; height: auto; max-width: 48rem; }
figcaption { color: var(--muted); font-size: .9rem; }
footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1.5rem 1rem; }
@media (max-width: 40rem) {
  header form { margin-left: 0; width: 100%; }
  header input { flex: 1; min-width: 0; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
}
@media print {
  @page { size: A4; margin: 15mm; }
  header, footer, .no-print, .pager, .exports { display: none; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: var(--ink); text-decoration: none; }
}
"#;

/// Replaces `main` with the current page's when the index moves (server-sent events).
const LIVE: &str = r#"
(function () {
  if (!window.EventSource || !window.DOMParser) return;
  var shown = document.body.getAttribute('data-block');
  var source = new EventSource('/updates');
  source.addEventListener('block', function (event) {
    if (event.data === shown) return;
    shown = event.data;
    fetch(window.location.href, { headers: { 'Accept': 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (!text) return;
        var page = new DOMParser().parseFromString(text, 'text/html');
        var main = page.querySelector('main');
        var footer = page.querySelector('footer');
        if (main) document.querySelector('main').replaceWith(main);
        if (footer) document.querySelector('footer').replaceWith(footer);
        document.body.setAttribute('data-block', shown);
      });
  });
})();
"#;

/// The navigation: what the registry is made of.
const NAVIGATION: &[(&str, &str)] = &[
	("/", "Overview"),
	("/devices", "Devices"),
	("/batches", "Batches"),
	("/retirements", "Retirements"),
	("/market", "Market"),
	("/neutrality", "Neutrality"),
	("/blocks", "Blocks"),
	("/events", "Events"),
];

/// A whole page: `content` in the frame, `indexed` the index's last block.
pub fn page(title: &str, indexed: u64, content: Markup) -> Markup {
	html! {
		(DOCTYPE)
		html lang="en" {
			head {
				meta charset="utf-8";
				meta name="viewport" content="width=device-width, initial-scale=1";
				title { (title) " · Origo explorer" }
				link rel="stylesheet" href="/style.css";
			}
			body data-block=(indexed) {
				a.skip href="#content" { "Skip to content" }
				header {
					a.brand href="/" { "Origo explorer" }
					nav aria-label="Main" {
						ul { @for (href, label) in NAVIGATION { li { a href=(href) { (label) } } } }
					}
					form role="search" action="/search" method="get" {
						label for="search" class="skip" { "Search" }
						input #search type="search" name="q"
							placeholder="Device, batch, retirement, account, name, block";
						button type="submit" { "Search" }
					}
				}
				main #content { (content) }
				footer {
					"Indexed to finalized block " a href=(format!("/blocks/{indexed}")) { "#" (indexed) }
					" (" a href="/status" { "index status" } "). Amounts in Wh, kWh and MWh; 1 certificate = 1 MWh; times UTC."
				}
				script { (PreEscaped(LIVE)) }
			}
		}
	}
}

/// The page for an error: what was wrong, and the way back.
pub fn error_page(error: &PageError, indexed: u64) -> Markup {
	let heading = match error.status().as_u16() {
		404 => "Not found",
		400 => "Bad request",
		_ => "The explorer could not answer",
	};
	page(
		heading,
		indexed,
		html! {
			h1 { (heading) }
			p { (error.message()) }
			p { a href="/" { "Back to the overview" } " or search above." }
		},
	)
}

/// Links to the previous and next page of a list, and to its CSV export.
pub fn pager(path: &str, page: u64, has_next: bool) -> Markup {
	html! {
		nav.pager aria-label="Pages" {
			@if page > 1 { a href=(format!("{path}?page={}", page - 1)) rel="prev" { "← Previous" } }
			span { "Page " (page) }
			@if has_next { a href=(format!("{path}?page={}", page + 1)) rel="next" { "Next →" } }
			span.exports { a href=(format!("{path}?format=csv")) { "Download CSV" } }
		}
	}
}

/// Label/value pairs.
pub fn facts(rows: &[(&str, Markup)]) -> Markup {
	html! {
		dl.facts {
			@for (label, value) in rows { dt { (label) } dd { (value) } }
		}
	}
}

//! Lists: one value for a page's HTML table, its JSON array and its CSV file, so that every
//! list the explorer shows can be exported as it is shown. Amounts are shown with units and
//! exported exactly: Wh, plancks (and plancks per MWh for prices), gCO2e.

use maud::{html, Markup};
use origo_rpc_types::units;
use serde_json::{Map, Value};

/// A cell: its text, and the page it links to, if any.
#[derive(Clone, Debug)]
pub struct Cell {
	/// What is shown (and exported).
	pub text: String,
	/// Where it links.
	pub link: Option<String>,
	/// Whether it is a number, aligned to the right.
	pub numeric: bool,
	/// An amount's exact value (Wh, plancks, gCO2e) for JSON and CSV, where the page shows it
	/// with a unit.
	pub raw: Option<String>,
}

impl Cell {
	/// A cell of text.
	pub fn text(text: impl Into<String>) -> Self {
		Self { text: text.into(), link: None, numeric: false, raw: None }
	}
	/// A cell of text that links to `link`.
	pub fn link(text: impl Into<String>, link: impl Into<String>) -> Self {
		Self { text: text.into(), link: Some(link.into()), numeric: false, raw: None }
	}
	/// A number, aligned right.
	pub fn number(text: impl Into<String>) -> Self {
		Self { text: text.into(), link: None, numeric: true, raw: None }
	}
	/// An amount: shown as `text`, exported as `raw`.
	fn amount(text: String, raw: &str) -> Self {
		Self { text, link: None, numeric: true, raw: Some(raw.to_owned()) }
	}
	/// Energy, from Wh as a decimal string: shown in Wh, kWh or MWh, exported in Wh.
	pub fn wh_text(wh: &str) -> Self {
		Self::amount(units::energy(wh), wh)
	}
	/// Energy, from Wh.
	pub fn wh(wh: i64) -> Self {
		Self::wh_text(&wh.to_string())
	}
	/// ORI, from plancks: shown in ORI, exported in plancks.
	pub fn ori(plancks: &str) -> Self {
		Self::amount(units::ori(plancks), plancks)
	}
	/// A price, from plancks per MWh: shown in ORI/MWh, exported in plancks per MWh.
	pub fn price(plancks_per_mwh: &str) -> Self {
		Self::amount(format!("{}/MWh", units::ori(plancks_per_mwh)), plancks_per_mwh)
	}
	/// Emissions, from gCO2e: shown in kg or t, exported in g.
	pub fn co2e(grams: &str) -> Self {
		Self::amount(units::co2e(grams), grams)
	}

	/// This cell, exported as `raw` (e.g. a whole hash the page shortens).
	pub fn exported_as(mut self, raw: impl Into<String>) -> Self {
		self.raw = Some(raw.into());
		self
	}

	/// What JSON and CSV hold: the exact amount, or the text.
	fn exported(&self) -> &str {
		self.raw.as_deref().unwrap_or(&self.text)
	}
}

/// A list: named columns and rows of cells.
#[derive(Clone, Debug)]
pub struct Table {
	/// The columns' names.
	pub columns: Vec<&'static str>,
	/// The rows.
	pub rows: Vec<Vec<Cell>>,
}

impl Table {
	/// An empty list with `columns`.
	pub fn new(columns: &[&'static str]) -> Self {
		Self { columns: columns.to_vec(), rows: Vec::new() }
	}

	/// Adds a row (one cell per column).
	pub fn push(&mut self, row: Vec<Cell>) {
		debug_assert_eq!(row.len(), self.columns.len());
		self.rows.push(row);
	}

	/// The list as an HTML table, with `caption` (or a line saying it is empty).
	pub fn html(&self, caption: &str) -> Markup {
		if self.rows.is_empty() {
			return html! { p.empty { (caption) ": none." } };
		}
		html! {
			div.table-wrap {
				table {
					caption { (caption) }
					thead { tr { @for column in &self.columns { th scope="col" { (column) } } } }
					tbody {
						@for row in &self.rows {
							tr {
								@for cell in row {
									td.num[cell.numeric] {
										@if let Some(link) = &cell.link {
											a href=(link) { (cell.text) }
										} @else {
											(cell.text)
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}

	/// The list under a heading, which is also its caption (for screen readers only, as the
	/// heading shows it).
	pub fn section(&self, heading: &str) -> Markup {
		html! { section.list { h2 { (heading) } (self.html(heading)) } }
	}

	/// The list as JSON: one object per row, keyed by column.
	pub fn json(&self) -> Value {
		Value::Array(
			self.rows
				.iter()
				.map(|row| {
					let map: Map<String, Value> = self
						.columns
						.iter()
						.zip(row)
						.map(|(column, cell)| ((*column).to_owned(), Value::from(cell.exported())))
						.collect();
					Value::Object(map)
				})
				.collect(),
		)
	}

	/// The list as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted).
	pub fn csv(&self) -> String {
		let mut out = String::new();
		let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
			let fields: Vec<String> = cells.map(csv_field).collect();
			out.push_str(&fields.join(","));
			out.push_str("\r\n");
		};
		line(&mut self.columns.iter().copied(), &mut out);
		for row in &self.rows {
			line(&mut row.iter().map(Cell::exported), &mut out);
		}
		out
	}
}

/// A CSV field, quoted when it must be. A field that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first) is prefixed with `'`, so an exported name cannot become code.
pub fn csv_field(text: &str) -> String {
	let text = match text.chars().next() {
		Some('=' | '+' | '@') => format!("'{text}"),
		Some('-') if text.parse::<f64>().is_err() => format!("'{text}"),
		_ => text.to_owned(),
	};
	if text.contains([',', '"', '\n', '\r']) {
		format!("\"{}\"", text.replace('"', "\"\""))
	} else {
		text
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn csv_quotes_what_must_be_quoted_and_defuses_formulas() {
		let mut table = Table::new(&["name", "amount"]);
		table.push(vec![Cell::text("Acme, \"Bakery\""), Cell::wh(1_500_000)]);
		table.push(vec![Cell::text("=HYPERLINK(\"x\")"), Cell::number("-2")]);
		assert_eq!(
			table.csv(),
			"name,amount\r\n\"Acme, \"\"Bakery\"\"\",1500000\r\n\"'=HYPERLINK(\"\"x\"\")\",-2\r\n"
		);
		assert_eq!(table.rows[0][1].text, "1.5 MWh");
	}

	#[test]
	fn json_rows_are_keyed_by_column() {
		let mut table = Table::new(&["id", "owner"]);
		table.push(vec![Cell::link("7", "/devices/7"), Cell::text("5Grw")]);
		assert_eq!(table.json(), serde_json::json!([{ "id": "7", "owner": "5Grw" }]));
	}
}

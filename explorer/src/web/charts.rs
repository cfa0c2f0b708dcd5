//! Charts as inline SVG, drawn on the server: bars for one or more series over labelled
//! periods, a y axis with round ticks in the series' unit, a legend, and each bar's value in
//! its tooltip. The figure's caption (also the SVG's label) says what it shows in words; the
//! same numbers are in the page's JSON.

use maud::{html, Markup};

/// One series of a chart.
pub struct Series<'a> {
	/// Its name in the legend.
	pub name: &'a str,
	/// Its colour.
	pub color: &'a str,
	/// Its value per label.
	pub values: Vec<f64>,
}

/// Chart width and height in SVG units; the SVG scales to its container.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 280.0;
/// Room for the axis labels (left, bottom) and the legend (top).
const LEFT: f64 = 64.0;
const BOTTOM: f64 = 48.0;
const TOP: f64 = 28.0;
const RIGHT: f64 = 8.0;

/// A round step for about five ticks up to `max`: 1, 2 or 5 times a power of ten.
fn tick_step(max: f64) -> f64 {
	if max <= 0.0 {
		return 1.0;
	}
	let rough = max / 5.0;
	let power = 10f64.powf(rough.log10().floor());
	[1.0, 2.0, 5.0, 10.0]
		.into_iter()
		.map(|factor| factor * power)
		.find(|step| *step >= rough)
		.unwrap_or(10.0 * power)
}

/// A number for an axis or tooltip: no more decimals than it needs.
fn number(value: f64) -> String {
	if value == value.trunc() && value.abs() < 1e15 {
		format!("{}", value as i64)
	} else {
		let text = format!("{value:.3}");
		text.trim_end_matches('0').trim_end_matches('.').to_owned()
	}
}

/// A bar chart of `series` over `labels`, values in `unit`, titled `title`.
pub fn bars(title: &str, unit: &str, labels: &[String], series: &[Series]) -> Markup {
	let max = series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0, f64::max);
	let step = tick_step(max);
	let top_value = (max / step).ceil().max(1.0) * step;
	let plot_width = WIDTH - LEFT - RIGHT;
	let plot_height = HEIGHT - TOP - BOTTOM;
	let slot = plot_width / labels.len().max(1) as f64;
	let bar = (slot * 0.8) / series.len().max(1) as f64;
	let y = |value: f64| TOP + plot_height * (1.0 - value / top_value);
	let ticks: Vec<f64> =
		(0..=((top_value / step).round() as usize)).map(|i| i as f64 * step).collect();
	// Label every nth period so labels do not overlap: about 12 across.
	let label_every = labels.len().div_ceil(12).max(1);
	let summary = format!(
		"{title}: {} periods from {} to {}; largest value {} {unit}.",
		labels.len(),
		labels.first().map(String::as_str).unwrap_or("-"),
		labels.last().map(String::as_str).unwrap_or("-"),
		number(max),
	);
	html! {
		figure {
			svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(summary)
				xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="system-ui, sans-serif" {
				title { (title) }
				@for tick in &ticks {
					line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y(*tick)) y2=(y(*tick)) stroke="#d0d7de" {}
					text x=(LEFT - 6.0) y=(y(*tick) + 4.0) text-anchor="end" fill="#4f5660" { (number(*tick)) }
				}
				text x="4" y=(TOP - 10.0) fill="#4f5660" { (unit) }
				@for (index, label) in labels.iter().enumerate() {
					@for (position, serie) in series.iter().enumerate() {
						@let value = serie.values.get(index).copied().unwrap_or(0.0);
						@let x = LEFT + slot * index as f64 + slot * 0.1 + bar * position as f64;
						rect x=(x) y=(y(value)) width=(bar.max(0.5)) height=((y(0.0) - y(value)).max(0.0)) fill=(serie.color) {
							title { (label) ": " (serie.name) " " (number(value)) " " (unit) }
						}
					}
					@if index % label_every == 0 {
						text x=(LEFT + slot * (index as f64 + 0.5)) y=(HEIGHT - BOTTOM + 16.0) text-anchor="middle" fill="#4f5660" { (label) }
					}
				}
				line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y(0.0)) y2=(y(0.0)) stroke="#1b1f23" {}
				@for (position, serie) in series.iter().enumerate() {
					@let x = LEFT + 150.0 * position as f64 + 40.0;
					rect x=(x) y=(HEIGHT - 18.0) width="10" height="10" fill=(serie.color) {}
					text x=(x + 14.0) y=(HEIGHT - 9.0) fill="#1b1f23" { (serie.name) }
				}
			}
			figcaption { (summary) }
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ticks_are_round() {
		assert_eq!(tick_step(100.0), 20.0);
		assert_eq!(tick_step(7.0), 2.0);
		assert_eq!(tick_step(0.0), 1.0);
		assert_eq!(tick_step(1234.0), 500.0);
	}

	#[test]
	fn a_chart_holds_a_bar_per_value_and_says_what_it_shows() {
		let labels = vec!["01".to_owned(), "02".to_owned()];
		let chart = bars(
			"Production",
			"kWh",
			&labels,
			&[Series { name: "produced", color: "#0b5d1e", values: vec![1.5, 3.0] }],
		)
		.into_string();
		assert_eq!(chart.matches("<rect").count(), 3, "two bars and a legend key");
		assert!(chart.contains("02: produced 3 kWh"));
		assert!(chart.contains("2 periods from 01 to 02"));
	}
}

//! Meter data files: a header line, then `time,Wh` rows in time order, the time as UTC
//! (`2025-01-01T06:00:00Z`) or unix seconds. The one reader of the client's imports, the
//! benchmarks' and the pallets' tests' sample years.

use crate::registry::{UnixTime, Wh};
use alloc::{format, string::String, vec::Vec};

/// Unix seconds of `text`: a UTC time or a number of seconds.
pub fn parse_time(text: &str) -> Option<UnixTime> {
	text.trim().parse::<UnixTime>().ok().or_else(|| crate::time::parse_utc(text))
}

/// `(time, Wh)` rows of a meter data file; an error names the first bad line.
pub fn parse_rows(text: &str) -> Result<Vec<(UnixTime, Wh)>, String> {
	let mut rows = Vec::new();
	for (number, line) in text.lines().enumerate().skip(1) {
		let line = line.trim();
		if line.is_empty() {
			continue;
		}
		let row = number + 1;
		let (time, wh) = line
			.split_once(',')
			.ok_or(format!("line {row}: expected `time,Wh`, found {line:?}"))?;
		let time = parse_time(time).ok_or(format!(
			"line {row}: {:?} is not a UTC time (2025-01-31T00:00:00Z) or unix seconds",
			time.trim()
		))?;
		let wh = wh
			.trim()
			.parse::<Wh>()
			.map_err(|_| format!("line {row}: {:?} is not a whole number of Wh", wh.trim()))?;
		if rows.last().is_some_and(|(last, _)| *last >= time) {
			return Err(format!("line {row}: times must increase"));
		}
		rows.push((time, wh));
	}
	if rows.is_empty() {
		return Err("the file has no readings".into());
	}
	Ok(rows)
}

/// The rows of `shared/data/<file>`, one of the sample years the tests and benchmarks replay,
/// found above the running test's crate. Looked up when the test runs, not when this crate is
/// compiled: clones share one target directory, and a path compiled in could be another clone's.
#[cfg(feature = "std")]
pub fn sample_year(file: &str) -> Vec<(UnixTime, Wh)> {
	let start = std::env::var_os("CARGO_MANIFEST_DIR")
		.map(std::path::PathBuf::from)
		.unwrap_or_else(|| std::env::current_dir().expect("a working directory"));
	let path = start
		.ancestors()
		.map(|dir| dir.join("shared/data").join(file))
		.find(|path| path.exists())
		.unwrap_or_else(|| panic!("no shared/data/{file} above {}", start.display()));
	let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
	parse_rows(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_file_parses_and_names_its_bad_lines() {
		let rows =
			parse_rows("interval_end_utc,ac_wh\n2025-01-01T06:00:00Z,0\n1735714800,12\n").unwrap();
		assert_eq!(rows, [(1_735_711_200, 0), (1_735_714_800, 12)]);
		let error = parse_rows("h\n2025-01-01T06:00:00Z,1.5\n").unwrap_err();
		assert!(error.contains("line 2") && error.contains("whole number"), "{error}");
		let error = parse_rows("h\nyesterday,1\n").unwrap_err();
		assert!(error.contains("line 2") && error.contains("UTC time"), "{error}");
		let error = parse_rows("h\n2025-01-01T07:00:00Z,1\n2025-01-01T06:00:00Z,1\n").unwrap_err();
		assert!(error.contains("line 3: times must increase"), "{error}");
		let error = parse_rows("h\n2025-01-01T07:00:00Z\n").unwrap_err();
		assert!(error.contains("line 2: expected `time,Wh`"), "{error}");
		assert_eq!(parse_rows("h\n").unwrap_err(), "the file has no readings");
	}

	#[test]
	fn the_sample_years_are_a_year_of_hours() {
		let rows = sample_year("greensboro-nc-5kwp-hourly.csv");
		assert!(rows.len() >= 8_760, "{} rows", rows.len());
	}
}

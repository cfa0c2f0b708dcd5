//! A meter data file as readings: rows parsed by the registry's one reader
//! ([`origo_primitives::csv`]), moved in time if asked, and turned into register values.

use crate::error::{Error, Result};
use origo_primitives::{
	registry::{UnixTime, Wh},
	time::format_utc,
};

/// What a CSV's second column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvFormat {
	/// Energy in each interval, Wh (`interval_end_utc,ac_wh`): the register is the running sum.
	Interval,
	/// The meter's cumulative register, Wh (`time_utc,counter_wh`).
	Cumulative,
}

/// `(time, Wh)` rows of the meter data file `text`.
pub fn parse(text: &str) -> Result<Vec<(UnixTime, Wh)>> {
	origo_primitives::csv::parse_rows(text).map_err(Error)
}

/// The meter readings a CSV stands for, after the meter's last reading on chain `last`
/// (`(counter, time)`), or from a zero baseline one interval before the first row.
pub fn readings_of(
	rows: &[(UnixTime, Wh)],
	format: CsvFormat,
	last: Option<(Wh, UnixTime)>,
) -> Result<Vec<(Wh, UnixTime)>> {
	if let Some((_, last_time)) = last {
		let stale = rows.iter().filter(|(time, _)| *time <= last_time).count();
		if stale > 0 {
			return Err(Error(format!(
				"{stale} of the file's {} readings are at or before the meter's last reading \
				 ({}): was this file imported already? Nothing was submitted.",
				rows.len(),
				format_utc(last_time)
			)));
		}
	}
	let mut readings = Vec::with_capacity(rows.len() + 1);
	let mut counter = match (format, last) {
		(_, Some((counter, _))) => counter,
		(CsvFormat::Interval, None) => {
			// A meter's first reading is its baseline: the register at the start of the first
			// interval, as long before the first row as the second row is after it.
			let interval = rows.get(1).map_or(3_600, |(second, _)| second - rows[0].0);
			readings.push((0, rows[0].0.saturating_sub(interval)));
			0
		},
		(CsvFormat::Cumulative, None) => 0,
	};
	for (time, wh) in rows {
		counter = match format {
			CsvFormat::Interval => counter
				.checked_add(*wh)
				.ok_or_else(|| Error("the running sum overflows a u64 Wh counter".into()))?,
			CsvFormat::Cumulative => *wh,
		};
		readings.push((counter, *time));
	}
	Ok(readings)
}

/// A run of readings for one profile: the start of its first interval, the interval and the
/// register at the end of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRun {
	/// When its first interval starts.
	pub start: UnixTime,
	/// Seconds between its readings.
	pub interval: u32,
	/// `(register, time)` at the end of each interval.
	pub readings: Vec<(Wh, UnixTime)>,
}

/// `readings` (`(register, time)`, in time order) as profiles of at most `most` intervals: runs
/// of readings the file's interval apart (the first two readings' distance), a new run after a
/// gap. A `baseline` (a new meter's first reading, which proves nothing) is a profile of its own,
/// so that the others line up with the file's days.
pub fn profiles_of(
	readings: &[(Wh, UnixTime)],
	baseline: bool,
	most: usize,
) -> Result<Vec<ProfileRun>> {
	let rows = if baseline { &readings[1..] } else { readings };
	let interval = match rows {
		[(_, first), (_, second), ..] => second - first,
		_ => 3_600,
	};
	let interval = u32::try_from(interval)
		.ok()
		.filter(|interval| *interval > 0 && 86_400u32.is_multiple_of(*interval))
		.ok_or_else(|| {
			Error(format!(
				"the file's readings are {interval} s apart: a profile's interval must divide a 				 day (900, 3600, ...); import it with --readings"
			))
		})?;
	let step = u64::from(interval);
	let mut runs: Vec<ProfileRun> = Vec::new();
	if baseline {
		let (register, time) = readings[0];
		runs.push(ProfileRun {
			start: time.saturating_sub(step),
			interval,
			readings: vec![(register, time)],
		});
	}
	let mut current: Option<ProfileRun> = None;
	for &(register, time) in rows {
		let continues = current.as_ref().is_some_and(|run| {
			run.readings.len() < most && run.readings.last().is_some_and(|(_, t)| time == t + step)
		});
		if !continues {
			runs.extend(current.take());
			current =
				Some(ProfileRun { start: time.saturating_sub(step), interval, readings: vec![] });
		}
		if let Some(run) = current.as_mut() {
			run.readings.push((register, time));
		}
	}
	runs.extend(current);
	Ok(runs)
}

/// `rows` moved in time so that the last is at `end`.
pub fn shifted(rows: Vec<(UnixTime, Wh)>, end: UnixTime) -> Result<Vec<(UnixTime, Wh)>> {
	let last = rows.last().map_or(0, |(time, _)| *time);
	let shift = i128::from(end) - i128::from(last);
	rows.into_iter()
		.map(|(time, wh)| {
			UnixTime::try_from(i128::from(time) + shift)
				.map(|time| (time, wh))
				.map_err(|_| Error("--shift-to-end moves the file before 1970".into()))
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn interval_energy_becomes_a_register_with_a_baseline() {
		let rows = [(7_200, 5), (10_800, 7)];
		assert_eq!(
			readings_of(&rows, CsvFormat::Interval, None).unwrap(),
			vec![(0, 3_600), (5, 7_200), (12, 10_800)]
		);
		assert_eq!(
			readings_of(&rows, CsvFormat::Interval, Some((100, 3_600))).unwrap(),
			vec![(105, 7_200), (112, 10_800)]
		);
		assert_eq!(
			readings_of(&rows, CsvFormat::Cumulative, None).unwrap(),
			vec![(5, 7_200), (7, 10_800)]
		);
	}

	#[test]
	fn hourly_readings_become_daily_profiles_after_a_baseline_of_its_own() {
		let day = 86_400;
		// A baseline at midnight, then two days of hourly registers from 01:00.
		let readings: Vec<(Wh, UnixTime)> =
			(0..=48).map(|hour| (hour * 10, day + hour * 3_600)).collect();
		let runs = profiles_of(&readings, true, 24).unwrap();
		assert_eq!(runs.len(), 3);
		assert_eq!(
			runs[0],
			ProfileRun { start: day - 3_600, interval: 3_600, readings: vec![(0, day)] }
		);
		assert_eq!((runs[1].start, runs[1].readings.len()), (day, 24));
		assert_eq!(runs[1].readings[23], (240, 2 * day));
		assert_eq!((runs[2].start, runs[2].readings.len()), (2 * day, 24));
		// Quarter-days, and a gap of five hours starts a new run.
		let mut gapped = readings[1..13].to_vec();
		gapped.extend(readings[18..20].iter());
		let runs = profiles_of(&gapped, false, 6).unwrap();
		let lengths: Vec<_> = runs.iter().map(|run| run.readings.len()).collect();
		assert_eq!(lengths, [6, 6, 2]);
		assert_eq!(runs[2].start, day + 17 * 3_600);
	}

	#[test]
	fn readings_whose_distance_does_not_divide_a_day_need_the_readings_mode() {
		let error = profiles_of(&[(0, 0), (1, 7)], false, 24).unwrap_err();
		assert!(error.0.contains("7 s apart") && error.0.contains("--readings"), "{}", error.0);
	}

	#[test]
	fn a_file_shifts_to_end_at_a_given_time() {
		assert_eq!(shifted(vec![(100, 1), (200, 2)], 1_000).unwrap(), vec![(900, 1), (1_000, 2)]);
		assert!(shifted(vec![(100, 1), (200, 2)], 50).is_err());
	}

	#[test]
	fn a_file_imported_before_is_refused_before_anything_is_sent() {
		let error =
			readings_of(&[(7_200, 5)], CsvFormat::Interval, Some((5, 7_200))).err().unwrap();
		assert!(error.0.contains("imported already"), "{}", error.0);
	}
}

//! UTC calendar times and unix seconds, both ways, for the registry's users: meter data files,
//! the auditor RPC, receipts. Proleptic Gregorian calendar (days from civil and back, after
//! Howard Hinnant's algorithms); no leap seconds, as unix time.

use crate::registry::UnixTime;
use alloc::{format, string::String};

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
	let y = if month <= 2 { year - 1 } else { year };
	let era = y.div_euclid(400);
	let yoe = y - era * 400;
	let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
	era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The civil date of a day since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	(yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Unix seconds of `YYYY-MM-DDTHH:MM:SSZ` (or with a space for `T`, or a `+00:00` offset);
/// `None` if it is not such a UTC time or is before 1970.
pub fn parse_utc(text: &str) -> Option<UnixTime> {
	let text = text.trim();
	let text = text.strip_suffix('Z').or_else(|| text.strip_suffix("+00:00"))?;
	let bytes = text.as_bytes();
	if bytes.len() != 19
		|| bytes[4] != b'-'
		|| bytes[7] != b'-'
		|| !(bytes[10] == b'T' || bytes[10] == b' ')
		|| bytes[13] != b':'
		|| bytes[16] != b':'
	{
		return None;
	}
	let number = |range: core::ops::Range<usize>| -> Option<i64> {
		let digits = &text[range];
		digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok())?
	};
	let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
	let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
	let days_in_month = match month {
		1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
		4 | 6 | 9 | 11 => 30,
		2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
		2 => 28,
		_ => return None,
	};
	if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
		return None;
	}
	let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
	UnixTime::try_from(seconds).ok()
}

/// `YYYY-MM-DDTHH:MM:SSZ` of unix seconds.
pub fn format_utc(time: UnixTime) -> String {
	let days = (time / 86_400) as i64;
	let seconds = time % 86_400;
	let (year, month, day) = civil_from_days(days);
	format!(
		"{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
		seconds / 3_600,
		seconds % 3_600 / 60,
		seconds % 60
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn known_times_both_ways() {
		for (text, time) in [
			("1970-01-01T00:00:00Z", 0),
			("2000-02-29T12:34:56Z", 951_827_696),
			("2025-01-01T00:00:00Z", 1_735_689_600),
			("2024-12-31T23:59:59Z", 1_735_689_599),
		] {
			assert_eq!(parse_utc(text), Some(time), "{text}");
			assert_eq!(format_utc(time), text);
		}
		assert_eq!(parse_utc("2025-01-01 00:00:00+00:00"), Some(1_735_689_600));
	}

	#[test]
	fn every_day_of_four_centuries_round_trips() {
		let mut time = 0;
		while time < 4 * 146_097 * 86_400 {
			assert_eq!(parse_utc(&format_utc(time)), Some(time));
			time += 86_400 + 3_661;
		}
	}

	#[test]
	fn malformed_or_impossible_times_are_refused() {
		for text in [
			"2025-01-01T00:00:00",
			"2025-01-01T00:00:00+01:00",
			"2025-02-29T00:00:00Z",
			"2025-13-01T00:00:00Z",
			"2025-01-01T24:00:00Z",
			"1969-12-31T23:59:59Z",
			"2025-1-01T00:00:00Z",
			"+025-01-01T00:00:00Z",
		] {
			assert_eq!(parse_utc(text), None, "{text}");
		}
	}
}

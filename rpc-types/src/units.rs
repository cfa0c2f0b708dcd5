//! Amounts as people read them, with their units: what the CLI's receipts and the explorer's
//! pages show for the RPC's decimal strings. A string that is not a number is shown as it is.

/// Digits of `value / 10^decimals`, with as many decimals as it needs: (1500, 3) -> "1.5".
fn decimal(value: u128, decimals: u32) -> String {
	let unit = 10u128.pow(decimals);
	let (whole, fraction) = (value / unit, value % unit);
	if fraction == 0 {
		grouped(whole)
	} else {
		let fraction = format!("{fraction:0width$}", width = decimals as usize);
		format!("{}.{}", grouped(whole), fraction.trim_end_matches('0'))
	}
}

/// An integer with thousands separated by commas: 1234567 -> "1,234,567".
pub fn grouped(value: u128) -> String {
	let digits = value.to_string();
	let mut out = String::with_capacity(digits.len() + digits.len() / 3);
	for (position, digit) in digits.chars().enumerate() {
		if position > 0 && (digits.len() - position).is_multiple_of(3) {
			out.push(',');
		}
		out.push(digit);
	}
	out
}

/// Wh as MWh, with up to six decimals: "2000000" -> "2 MWh", "8596975" -> "8.596975 MWh".
pub fn mwh(wh: &str) -> String {
	match wh.parse::<u128>() {
		Ok(wh) => format!("{} MWh", decimal(wh, 6)),
		Err(_) => wh.to_owned(),
	}
}

/// Wh in the unit that reads best: Wh below 1 kWh, kWh below 1 MWh, MWh below 1 GWh, else GWh.
pub fn energy(wh: &str) -> String {
	let Ok(value) = wh.parse::<u128>() else { return wh.to_owned() };
	match value {
		0..1_000 => format!("{} Wh", grouped(value)),
		1_000..1_000_000 => format!("{} kWh", decimal(value, 3)),
		1_000_000..1_000_000_000 => format!("{} MWh", decimal(value, 6)),
		_ => format!("{} GWh", decimal(value, 9)),
	}
}

/// gCO2e as tCO2e with up to six decimals: "1500" -> "0.0015 tCO2e".
pub fn tonnes(grams: &str) -> String {
	match grams.parse::<u128>() {
		Ok(grams) => format!("{} tCO2e", decimal(grams, 6)),
		Err(_) => grams.to_owned(),
	}
}

/// gCO2e in kg below a tonne, else in t: "1500" -> "1.5 kg CO2e".
pub fn co2e(grams: &str) -> String {
	match grams.parse::<u128>() {
		Ok(grams) if grams < 1_000_000 => format!("{} kg CO2e", decimal(grams, 3)),
		Ok(grams) => format!("{} t CO2e", decimal(grams, 6)),
		Err(_) => grams.to_owned(),
	}
}

/// Plancks as ORI, with as many decimals as needed: "27500000000000" -> "27.5 ORI".
pub fn ori(plancks: &str) -> String {
	match plancks.parse::<u128>() {
		Ok(plancks) => format!("{} ORI", decimal(plancks, origo_primitives::UNIT.ilog10())),
		Err(_) => plancks.to_owned(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_read_with_their_units() {
		assert_eq!(mwh("8596975"), "8.596975 MWh");
		assert_eq!(mwh("3000000"), "3 MWh");
		assert_eq!(mwh("1234000000000"), "1,234,000 MWh");
		assert_eq!(energy("999"), "999 Wh");
		assert_eq!(energy("1500"), "1.5 kWh");
		assert_eq!(energy("2000000"), "2 MWh");
		assert_eq!(energy("2500000000"), "2.5 GWh");
		assert_eq!(tonnes("1500"), "0.0015 tCO2e");
		assert_eq!(co2e("1500"), "1.5 kg CO2e");
		assert_eq!(co2e("2000000"), "2 t CO2e");
		assert_eq!(ori("27500000000000"), "27.5 ORI");
		assert_eq!(ori("1"), "0.000000000001 ORI");
		assert_eq!(grouped(1234567), "1,234,567");
		assert_eq!(mwh("not a number"), "not a number");
	}
}

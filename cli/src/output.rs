//! Printing: JSON for scripts (`--json`), tables for people. Tables flatten nested records into
//! dotted field names, so every record the node returns prints without a custom layout.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde_json::Value;

/// The scalar fields of `value`, nested ones as `outer.inner`.
fn flatten(prefix: &str, value: &Value, into: &mut Vec<(String, String)>) {
	let name =
		|key: &str| if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
	match value {
		Value::Object(fields) => {
			for (key, field) in fields {
				flatten(&name(key), field, into);
			}
		},
		Value::Array(items) if items.iter().all(|item| !item.is_object()) => {
			into.push((prefix.to_string(), items.iter().map(scalar).collect::<Vec<_>>().join(", ")))
		},
		Value::Array(items) => {
			for (index, item) in items.iter().enumerate() {
				flatten(&name(&index.to_string()), item, into);
			}
		},
		other => into.push((prefix.to_string(), scalar(other))),
	}
}

fn scalar(value: &Value) -> String {
	match value {
		Value::Null => "-".into(),
		Value::String(text) => text.clone(),
		other => other.to_string(),
	}
}

/// Prints `value`: JSON, or a table (a list of records as rows, a record as field/value pairs).
pub fn print(json: bool, value: &impl serde::Serialize) {
	let value = serde_json::to_value(value).expect("the client's answers serialize to JSON");
	print_value(json, &value)
}

fn print_value(json: bool, value: &Value) {
	if json {
		println!("{}", serde_json::to_string_pretty(value).expect("JSON values serialize"));
		return;
	}
	let mut table = Table::new();
	table.load_preset(UTF8_FULL_CONDENSED);
	match value {
		Value::Array(rows) if rows.is_empty() => {
			println!("(none)");
			return;
		},
		Value::Array(rows) => {
			let rows: Vec<Vec<(String, String)>> = rows
				.iter()
				.map(|row| {
					let mut fields = Vec::new();
					flatten("", row, &mut fields);
					fields
				})
				.collect();
			table.set_header(rows[0].iter().map(|(name, _)| name.clone()));
			for row in rows {
				table.add_row(row.into_iter().map(|(_, value)| value));
			}
		},
		Value::Null => {
			println!("(not found)");
			return;
		},
		record => {
			let mut fields = Vec::new();
			flatten("", record, &mut fields);
			table.set_header(["field", "value"]);
			for (name, value) in fields {
				table.add_row([name, value]);
			}
		},
	}
	println!("{table}");
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn nested_records_flatten_to_dotted_fields() {
		let mut fields = Vec::new();
		flatten(
			"",
			&json!({"id": 3, "supply": {"heldWh": "10"}, "zones": ["DE", "FR"], "x": null}),
			&mut fields,
		);
		assert_eq!(
			fields,
			vec![
				("id".to_string(), "3".to_string()),
				("supply.heldWh".to_string(), "10".to_string()),
				("x".to_string(), "-".to_string()),
				("zones".to_string(), "DE, FR".to_string()),
			]
		);
	}
}

//! Retirement receipts: a self-contained HTML page a person can keep, with the retirement as the
//! chain recorded it embedded as JSON, so `origo audit verify-receipt` can check it against the
//! chain at the block that recorded it.

use origo_rpc_types::units::{mwh, ori, tonnes};
use serde_json::Value;

/// Where the receipt keeps its machine-readable record.
const RECORD_START: &str = "<script type=\"application/json\" id=\"origo-receipt\">";
const RECORD_END: &str = "</script>";
/// Around the node URL the page suggests for verifying: whatever the page's maker chose, so it
/// is the one part of the page not derived from the record.
const URL_START: &str = "<pre>origo --url ";
const URL_END: &str = " audit verify-receipt this-receipt.html</pre>";

/// What a receipt certifies: the retirement at the block that recorded it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptRecord {
	/// The chain's genesis hash.
	pub genesis_hash: String,
	/// The block that recorded the retirement.
	pub block_number: u64,
	/// Its hash.
	pub block_hash: String,
	/// The retirement as `origo_retirement` returned it at that block.
	pub retirement: Value,
}

fn escape(text: &str) -> String {
	text.replace('&', "&amp;")
		.replace('<', "&lt;")
		.replace('>', "&gt;")
		.replace('"', "&quot;")
		.replace('\'', "&#39;")
}

fn unescape(text: &str) -> String {
	text.replace("&quot;", "\"")
		.replace("&#39;", "'")
		.replace("&lt;", "<")
		.replace("&gt;", ">")
		.replace("&amp;", "&")
}

fn field<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
	path.iter().fold(value, |value, key| &value[*key])
}

fn text(value: &Value, path: &[&str]) -> String {
	match field(value, path) {
		Value::Null => "-".into(),
		Value::String(text) => text.clone(),
		other => other.to_string(),
	}
}

/// The receipt page for `record`, verifiable against the node at `url`.
pub fn render(record: &ReceiptRecord, url: &str) -> String {
	let r = &record.retirement;
	let row = |name: &str, value: String| {
		format!("<tr><th>{}</th><td>{}</td></tr>\n", escape(name), escape(&value))
	};
	let beneficiary = match (text(r, &["beneficiaryName"]), text(r, &["beneficiary"])) {
		(name, account) if name != "-" && account != "-" => format!("{name} ({account})"),
		(name, _) if name != "-" => name,
		(_, account) => account,
	};
	let period = match field(r, &["consumptionPeriod"]) {
		Value::Null => "-".to_string(),
		period => format!("{} to {}", text(period, &["start"]), text(period, &["end"])),
	};
	let mut claim = String::new();
	claim += &row("Retirement", format!("#{}", text(r, &["id"])));
	claim += &row("Amount", format!("{} ({} Wh)", mwh(&text(r, &["wh"])), text(r, &["wh"])));
	claim += &row("Beneficiary", beneficiary);
	claim += &row("Purpose", text(r, &["purpose"]));
	claim += &row(
		"Avoided emissions",
		format!("{} ({} gCO2e)", tonnes(&text(r, &["avoidedGCo2e"])), text(r, &["avoidedGCo2e"])),
	);
	claim += &row("Consumption country", text(r, &["consumptionCountry"]));
	claim += &row("Consumption period", period);
	claim += &row("Message", text(r, &["message"]));
	claim += &row("Retired by", text(r, &["retirer"]));
	claim += &row("Retired at", text(r, &["time"]));
	if let trade @ Value::Object(_) = field(r, &["trade"]) {
		claim += &row(
			"Bought on the market",
			format!(
				"trade #{} from {}: {} at {}/MWh",
				text(trade, &["id"]),
				text(trade, &["seller"]),
				mwh(&text(trade, &["wh"])),
				ori(&text(trade, &["pricePerMwh"])),
			),
		);
		claim += &row(
			"Price paid",
			format!(
				"{} (of which market fee {})",
				ori(&text(trade, &["payment"])),
				ori(&text(trade, &["fee"]))
			),
		);
	}
	let mut provenance = String::new();
	provenance += &row(
		"Device",
		format!(
			"#{} {} ({}, {} W, {})",
			text(r, &["device", "id"]),
			text(r, &["device", "name"]),
			text(r, &["device", "technology"]),
			text(r, &["device", "capacityW"]),
			text(r, &["device", "zone"])
		),
	);
	provenance += &row("Device owner", text(r, &["device", "owner"]));
	provenance += &row("Issuer", text(r, &["batch", "issuer"]));
	provenance += &row("Batch", format!("#{}", text(r, &["batch", "id"])));
	provenance += &row(
		"Production (metered readings)",
		format!(
			"{} to {}",
			text(r, &["batch", "production", "start"]),
			text(r, &["batch", "production", "end"])
		),
	);
	provenance += &row("Batch issued", mwh(&text(r, &["batch", "supply", "issuedWh"])));
	provenance += &row("Batch retired", mwh(&text(r, &["batch", "supply", "retiredWh"])));
	provenance += &row("Issued at", text(r, &["batch", "issuedAt"]));
	let mut chain = String::new();
	chain += &row("Block", format!("#{}", record.block_number));
	chain += &row("Block hash", record.block_hash.clone());
	chain += &row("Genesis hash", record.genesis_hash.clone());
	let embedded = serde_json::to_string_pretty(record)
		.expect("JSON values serialize")
		// Keep the record inside its script element whatever its texts contain.
		.replace("</", "<\\/");
	format!(
		r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Origo retirement receipt #{id}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #1d2b1f; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #9bb59f; }}
table {{ border-collapse: collapse; width: 100%; }}
th {{ text-align: left; width: 14rem; vertical-align: top; padding: .3rem .5rem .3rem 0; color: #4a5f4d; }}
td {{ padding: .3rem 0; word-break: break-all; }}
code, pre {{ background: #eef3ef; padding: .1rem .3rem; }} pre {{ padding: .6rem; overflow-x: auto; }}
</style>
</head>
<body>
<h1>Guarantee-of-origin retirement receipt</h1>
<p>{amount} of certified renewable electricity were retired on the Origo registry and can never
be transferred or claimed again.</p>
<h2>Claim</h2>
<table>
{claim}</table>
<h2>Provenance</h2>
<table>
{provenance}</table>
<h2>Recorded on chain</h2>
<table>
{chain}</table>
<h2>How to verify</h2>
<p>With the <code>origo</code> client, against any node of this chain:</p>
{URL_START}{url}{URL_END}
<p>It reads the retirement at block {block_hash} and compares it with the record embedded in this
page. Without the client, ask any node's JSON-RPC:</p>
<pre>curl -s -H 'Content-Type: application/json' -d '{{"jsonrpc":"2.0","id":1,"method":"origo_retirement","params":[{id},"{block_hash}"]}}' http://NODE:9944</pre>
{RECORD_START}
{embedded}
{RECORD_END}
</body>
</html>
"#,
		id = escape(&text(r, &["id"])),
		amount = escape(&mwh(&text(r, &["wh"]))),
		url = escape(url),
		block_hash = escape(&record.block_hash),
	)
}

/// The record a receipt page embeds.
pub fn parse(html: &str) -> Result<ReceiptRecord, String> {
	let start =
		html.find(RECORD_START).ok_or("this is not an Origo receipt: it has no embedded record")?
			+ RECORD_START.len();
	let end = html[start..].find(RECORD_END).ok_or("the receipt's record is cut off")? + start;
	serde_json::from_str(&html[start..end].replace("<\\/", "</"))
		.map_err(|e| format!("the receipt's record is damaged: {e}"))
}

/// The record of a receipt page that is exactly what [`render`] makes of that record: a page
/// whose visible table was edited (an amount, a beneficiary) is refused, whatever it embeds.
pub fn parse_unaltered(html: &str) -> Result<ReceiptRecord, String> {
	let record = parse(html)?;
	let start = html.find(URL_START).ok_or("the receipt's \"how to verify\" part is missing")?
		+ URL_START.len();
	let end =
		html[start..].find(URL_END).ok_or("the receipt's \"how to verify\" part is cut off")?
			+ start;
	if render(&record, &unescape(&html[start..end])) != html {
		return Err("the receipt's page does not match the record it embeds: it was edited".into());
	}
	Ok(record)
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	fn record() -> ReceiptRecord {
		ReceiptRecord {
			genesis_hash: "0x01".into(),
			block_number: 7,
			block_hash: "0xab".into(),
			retirement: json!({
				"id": 3, "wh": "2000000", "purpose": "CarbonOffset", "avoidedGCo2e": "772000",
				"beneficiaryName": "Acme <Bakery> </script>", "beneficiary": null,
				"batch": {"id": 1, "production": {"start": "2025-01-01T06:00:00Z"}},
				"device": {"id": 0, "name": "Miami rooftop"}
			}),
		}
	}

	#[test]
	fn a_receipt_embeds_its_record_and_escapes_texts() {
		let html = render(&record(), "ws://127.0.0.1:9944");
		assert!(html.contains("<td>Acme &lt;Bakery&gt; &lt;/script&gt;</td>"));
		assert_eq!(html.matches("</script>").count(), 1, "a text cannot close the record early");
		assert!(html.contains("2 MWh"));
		assert!(html.contains("0.772 tCO2e"));
		assert_eq!(parse(&html).unwrap(), record());
	}

	#[test]
	fn a_receipt_shows_the_price_its_certificates_were_bought_at() {
		let mut bought = record();
		bought.retirement["trade"] = json!({
			"id": 4, "seller": "5HGj", "wh": "1500000", "pricePerMwh": "55000000000000",
			"payment": "82500000000000", "fee": "0"
		});
		let html = render(&bought, "ws://127.0.0.1:9944");
		assert!(html.contains("trade #4 from 5HGj: 1.5 MWh at 55 ORI/MWh"), "{html}");
		assert!(html.contains("82.5 ORI (of which market fee 0 ORI)"));
		assert!(!render(&record(), "ws://x").contains("Price paid"));
	}

	#[test]
	fn a_page_without_a_record_is_refused() {
		assert!(parse("<html></html>").unwrap_err().contains("not an Origo receipt"));
		let html =
			render(&record(), "ws://x").replace("\"blockNumber\": 7", "\"blockNumber\": \"x\"");
		assert!(parse(&html).unwrap_err().contains("damaged"));
	}

	/// Security review L-7: the visible table could be edited and the receipt still verified.
	#[test]
	fn an_edited_page_is_refused() {
		let html = render(&record(), "ws://node.example:9944?a=1&b=2");
		assert_eq!(parse_unaltered(&html).unwrap(), record());
		let edited = html.replace("<td>2 MWh", "<td>200 MWh");
		assert_ne!(edited, html);
		assert!(parse_unaltered(&edited).unwrap_err().contains("was edited"));
		let renamed = html.replace("Acme &lt;Bakery&gt;", "Other Co");
		assert!(parse_unaltered(&renamed).unwrap_err().contains("was edited"));
	}
}

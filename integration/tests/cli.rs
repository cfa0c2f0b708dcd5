//! Every role through the `origo` client against a real dev node: the README's walkthrough as a
//! test (governance, issuer, PV owner, company, auditor), and bad input refused with a named
//! error, a non-zero exit code and no change on chain.

use origo_integration::{
	cli_binary,
	client::{
		address, appoint_florida_issuer, event_field, miami_year, now, pv_device, register_pv,
		register_pv_in, register_pv_of, total_wh, Origo, GREENSBORO, MIAMI,
	},
	Node, NodeOptions,
};
use serde_json::json;
use sp_keyring::Sr25519Keyring;
use std::{path::Path, process::Command};

#[test]
fn the_miami_year_from_meter_to_receipt() {
	let node = Node::start(NodeOptions::dev("alice"));
	node.wait_for_best(1);
	let origo = Origo { node: &node };
	let (ferdie, eve, charlie) = (
		address(Sr25519Keyring::Ferdie),
		address(Sr25519Keyring::Eve),
		address(Sr25519Keyring::Charlie),
	);

	// Governance (the dev chain's sudo key) appoints Charlie as the Florida issuer.
	appoint_florida_issuer(&origo);
	let issuers = origo.json(&["issuers", "list"]);
	assert!(
		issuers
			.as_array()
			.unwrap()
			.contains(&json!({"issuer": charlie, "name": "Florida PSC", "zones": ["US-FL"]})),
		"{issuers}"
	);

	// Ferdie registers the rooftop, Charlie approves it, Ferdie binds its meter and imports the
	// whole year, laid onto the year up to an hour ago.
	let (device, imported) = miami_year(&origo);
	// Signed as daily profiles: the meter's baseline, then 365 days of 24 hourly registers.
	assert_eq!(imported["signedAs"], "profiles");
	assert_eq!(imported["readings"], 8_761);
	assert_eq!(
		(imported["accepted"].as_u64(), imported["rejected"].as_u64()),
		(Some(366), Some(0))
	);

	// Exactly 8 MWh certified, 596,975 Wh carried.
	let holdings = origo.json(&["certificates", "holdings", &ferdie]);
	assert_eq!(holdings.as_array().unwrap().len(), 8);
	assert_eq!(total_wh(&holdings), 8_000_000);
	let shown = origo.json(&["devices", "show", &device.to_string()]);
	assert_eq!(shown["certification"]["issuedWh"], "8000000");
	assert_eq!(shown["certification"]["carriedWh"], "596975");
	assert_eq!(shown["verifiedWh"], "8596975");

	// Ferdie sells 3 MWh to Eve's company; Eve retires 2 MWh for Acme Bakery as a carbon offset.
	origo.json(&[
		"certificates",
		"transfer",
		"--to",
		&eve,
		"--wh",
		"3000000",
		"--suri",
		"//Ferdie",
	]);
	assert_eq!(total_wh(&origo.json(&["certificates", "holdings", &eve])), 3_000_000);
	let retired = origo.json(&[
		"certificates",
		"retire-oldest",
		"--wh",
		"2000000",
		"--purpose",
		"carbon-offset",
		"--beneficiary-name",
		"Acme Bakery",
		"--country",
		"US-FL",
		"--period-start",
		"2026-01-01T00:00:00Z",
		"--period-end",
		"2026-06-30T23:59:59Z",
		"--message",
		"ovens, first half",
		"--suri",
		"//Eve",
	]);
	assert_eq!(event_field(&retired, "Retired", "purpose"), "CarbonOffset");
	assert_eq!(total_wh(&origo.json(&["certificates", "holdings", &eve])), 1_000_000);

	// The auditor: over JSON-RPC and through `origo audit`, with provenance and avoided CO2e
	// (1 MWh at the US-FL factor of 386 gCO2e/kWh).
	let over_rpc = node.rpc("origo_retirement", json!([0]));
	let audited = origo.json(&["audit", "retirement", "0"]);
	assert_eq!(over_rpc, audited);
	assert_eq!(audited["wh"], "1000000");
	assert_eq!(audited["avoidedGCo2e"], "386000");
	assert_eq!(audited["beneficiaryName"], "Acme Bakery");
	assert_eq!(audited["batch"]["id"], 0);
	assert_eq!(audited["batch"]["issuer"], charlie.as_str());
	assert_eq!(audited["device"]["id"], device);
	assert_eq!(audited["device"]["owner"], ferdie.as_str());
	assert_eq!(node.rpc("origo_retirement", json!([1]))["avoidedGCo2e"], "386000");
	let supply = origo.json(&["audit", "supply", "0"]);
	assert_eq!(
		(supply["conserved"].as_bool(), &supply["supply"]["retiredWh"]),
		(Some(true), &json!("1000000"))
	);

	// A receipt to keep, and its verification against the chain.
	let dir = tempfile::tempdir().expect("a temporary directory");
	let receipt = dir.path().join("receipt.html");
	origo.json(&["audit", "receipt", "0", "--out", receipt.to_str().unwrap()]);
	let html = std::fs::read_to_string(&receipt).expect("the receipt was written");
	for expected in
		["Acme Bakery", "CarbonOffset", "0.386 tCO2e", "Miami rooftop", "verify-receipt"]
	{
		assert!(html.contains(expected), "the receipt lacks {expected:?}");
	}
	// A receipt verifies once its block is final.
	node.wait_for_finalized(node.best_number());
	let verified = origo.json(&["audit", "verify-receipt", receipt.to_str().unwrap()]);
	assert_eq!((verified["valid"].clone(), verified["final"].clone()), (json!(true), json!(true)));
	// Its visible table edited, it is refused, whatever it embeds (security review L-7).
	let edited = dir.path().join("edited.html");
	let inflated = html.replacen("<td>1 MWh", "<td>100 MWh", 1);
	assert_ne!(inflated, html, "the receipt shows the amount");
	std::fs::write(&edited, inflated).unwrap();
	assert!(origo
		.fails(&["audit", "verify-receipt", edited.to_str().unwrap()])
		.contains("was edited"));
	let forged = dir.path().join("forged.html");
	std::fs::write(&forged, html.replace("\"wh\": \"1000000\"", "\"wh\": \"9000000\"")).unwrap();
	assert!(origo
		.fails(&["audit", "verify-receipt", forged.to_str().unwrap()])
		.contains("does not match"));

	// The same certificates cannot be retired twice.
	let error = origo.fails(&[
		"certificates",
		"retire",
		"--batch",
		"0",
		"--wh",
		"1000000",
		"--purpose",
		"carbon-offset",
		"--suri",
		"//Eve",
	]);
	assert!(error.contains("Certificates.InsufficientBalance"), "{error}");
	assert_eq!(total_wh(&origo.json(&["certificates", "holdings", &eve])), 1_000_000);

	// The issuer's corrections. A firmware update reset the meter's register: Charlie makes a
	// reading of 0 taken now its new baseline.
	let at = now().to_string();
	let meter = ["--meter-suri", "//miami-meter"];
	let reset = origo.json(
		&[
			&["meters", "reset"][..],
			&meter,
			&["--counter-wh", "0", "--at", &at, "--suri", "//Charlie"],
		]
		.concat(),
	);
	assert_eq!(event_field(&reset, "MeterReset", "issuer"), json!(charlie));
	assert_eq!(origo.json(&[&["meters", "show"][..], &meter].concat())["lastCounterWh"], "0");
	// The fault also taints the production carried since the last certificate: Charlie voids it.
	let voided = origo.json(&[
		"certificates",
		"void-carried",
		"--device",
		&device.to_string(),
		"--reason",
		"meter fault",
		"--suri",
		"//Charlie",
	]);
	assert_eq!(event_field(&voided, "CarriedVoided", "wh").to_string().trim_matches('"'), "596975");
	assert_eq!(
		origo.json(&["devices", "show", &device.to_string()])["certification"]["carriedWh"],
		"0"
	);
	// The meter moves to another site: Ferdie retires it, Charlie unbinds it for its new owner.
	origo.json(&[&["meters", "retire"][..], &meter, &["--suri", "//Ferdie"]].concat());
	let unbound =
		origo.json(&[&["meters", "unbind"][..], &meter, &["--suri", "//Charlie"]].concat());
	assert_eq!(event_field(&unbound, "MeterUnbound", "device"), json!(device));
	// A device registered by mistake: Ferdie removes it while pending, and the deposit returns.
	let typo = register_pv(&origo, "Typo", "5000").to_string();
	origo.json(&["devices", "remove", &typo, "--suri", "//Ferdie"]);
	assert!(origo.fails(&["devices", "show", &typo]).contains("there is no device"));

	// The registry's invariants hold on the node's state after the walkthrough.
	node.wait_for_finalized(node.best_number());
	origo_integration::invariants::check(&node);
}

/// The market walkthrough: two Miami roofs offer every new certificate in the local auction at
/// their price (standing asks), a bakery bids there to retire what it buys; the auction clears
/// on its own at the end of the dev chain's minute, at the midpoint of the marginal prices, and
/// the bakery's receipt shows what it paid.
#[test]
fn two_roofs_and_a_bakery_trade_in_the_local_auction() {
	let node = Node::start(NodeOptions::dev("alice"));
	node.wait_for_best(1);
	let origo = Origo { node: &node };
	let (ferdie, bob, eve) = (
		address(Sr25519Keyring::Ferdie),
		address(Sr25519Keyring::Bob),
		address(Sr25519Keyring::Eve),
	);
	// Two 1 MW warehouse roofs in Miami, approved by the dev issuer, with their meters.
	let dir = tempfile::tempdir().expect("a temporary directory");
	let start = now() - 3 * 3_600;
	let csv = dir.path().join("roof.csv");
	std::fs::write(
		&csv,
		format!("time_utc,wh\n{},600000\n{},600000\n", start + 3_600, start + 7_200),
	)
	.unwrap();
	let csv = csv.to_str().unwrap();
	let mut roofs = Vec::new();
	for (owner, meter, price) in
		[("//Ferdie", "//ferdie-roof", "40"), ("//Bob", "//bob-roof", "50")]
	{
		let device = register_pv_of(&origo, owner, "warehouse roof", "1000000", "US-FL");
		let id = device.to_string();
		origo.json(&["devices", "approve", &id, "--suri", "//Dave"]);
		origo.json(&["meters", "bind", "--device", &id, "--meter-suri", meter, "--suri", owner]);
		// Every new certificate goes to the local auction at the owner's price, or more.
		let set = origo.json(&[
			"market",
			"standing-ask",
			"--device",
			&id,
			"--price",
			price,
			"--auction",
			"--suri",
			owner,
		]);
		assert_eq!(event_field(&set, "StandingAskSet", "device"), json!(device));
		// Two hours of production: one 1 MWh certificate, listed as it is issued.
		let imported =
			origo.json(&["readings", "import", csv, "--meter-suri", meter, "--suri", owner]);
		assert_eq!(imported["rejected"], 0, "{imported}");
		roofs.push(device);
	}
	let book = origo.json(&["market", "book", "US-FL"]);
	let asks = book["asks"].as_array().expect("asks");
	assert_eq!(asks.len(), 2, "{book}");
	// Cheapest first: Ferdie's 40 ORI/MWh, then Bob's 50.
	assert_eq!(
		(asks[0]["seller"].as_str(), asks[0]["pricePerMwh"].as_str(), asks[0]["wh"].as_str()),
		(Some(ferdie.as_str()), Some("40000000000000"), Some("1000000"))
	);
	assert_eq!(asks[1]["auction"], json!({"zone": "US-FL", "technology": "SolarPv"}));
	let bobs_ask = asks[1]["id"].as_u64().expect("an order id");

	// The bakery bids for 1.5 MWh of Miami solar at up to 60 ORI/MWh, retired on fill.
	let bid = origo.json(&[
		"market",
		"auction-bid",
		"--zone",
		"US-FL",
		"--technology",
		"solar-pv",
		"--wh",
		"1500000",
		"--max-price",
		"60",
		"--retire-for",
		"consumption",
		"--beneficiary-name",
		"Sunrise Bakery",
		"--country",
		"US-FL",
		"--suri",
		"//Eve",
	]);
	assert_eq!(event_field(&bid, "BidPlaced", "held"), json!(90_000_000_000_000u64));
	// Refused by name, changing nothing: auction orders fill only in their auction; only a
	// device's owner sets its standing ask; a seller does not bid against itself.
	let error = origo.fails(&[
		"market",
		"buy",
		"--ask",
		&bobs_ask.to_string(),
		"--wh",
		"1000",
		"--max-price",
		"60",
		"--suri",
		"//Eve",
	]);
	assert!(error.contains("Market.AuctionOrder"), "{error}");
	let error = origo.fails(&[
		"market",
		"standing-ask",
		"--device",
		&roofs[0].to_string(),
		"--price",
		"1",
		"--suri",
		"//Eve",
	]);
	assert!(error.contains("Market.NotDeviceOwner"), "{error}");
	let error = origo.fails(&[
		"market",
		"auction-bid",
		"--zone",
		"US-FL",
		"--technology",
		"solar-pv",
		"--wh",
		"1000",
		"--max-price",
		"60",
		"--suri",
		"//Bob",
	]);
	assert!(error.contains("Market.OppositeAuctionOrder"), "{error}");

	// The dev chain's auctions clear every minute, by themselves (on_idle).
	let clearings = origo_integration::wait_until(
		"the local auction clears",
		std::time::Duration::from_secs(150),
		|| {
			let clearings = origo.json(&["market", "clearings", "US-FL"]);
			(!clearings.as_array()?.is_empty()).then_some(clearings)
		},
	);
	// Bids 60; asks 40, 50: 1 MWh of Ferdie's, 0.5 of Bob's at the midpoint of 60 and 50.
	assert_eq!(clearings[0]["pricePerMwh"], "55000000000000", "{clearings}");
	assert_eq!(
		(clearings[0]["wh"].as_str(), clearings[0]["trades"].as_u64()),
		(Some("1500000"), Some(2))
	);
	let trades = origo.json(&["market", "trades", &eve]);
	let trades = trades.as_array().expect("trades");
	assert_eq!(trades.len(), 2);
	let from_bob = trades.iter().find(|trade| trade["seller"] == bob.as_str()).expect("Bob sold");
	assert_eq!(
		(from_bob["wh"].as_str(), from_bob["payment"].as_str()),
		(Some("500000"), Some("27500000000000"))
	);
	// Bob's other half MWh waits for the next auction.
	let bobs_orders = origo.json(&["market", "orders", &bob]);
	assert_eq!(bobs_orders[0]["wh"], "500000", "{bobs_orders}");

	// The bakery's receipt for what it bought from Bob shows the price it paid.
	let retirement = from_bob["retirement"].as_u64().expect("retired on fill").to_string();
	let audited = origo.json(&["audit", "retirement", &retirement]);
	assert_eq!(audited["beneficiaryName"], "Sunrise Bakery");
	assert_eq!(audited["trade"]["pricePerMwh"], "55000000000000");
	let receipt = dir.path().join("receipt.html");
	origo.json(&["audit", "receipt", &retirement, "--out", receipt.to_str().unwrap()]);
	let html = std::fs::read_to_string(&receipt).expect("the receipt was written");
	assert!(html.contains("0.5 MWh at 55 ORI/MWh"), "the receipt shows the price");
	assert!(html.contains("27.5 ORI"), "the receipt shows the payment");

	node.wait_for_finalized(node.best_number());
	origo_integration::invariants::check(&node);
}

/// A smart meter with a P-256 key, as vendors ship them (a PEM file), signs the Greensboro year
/// as daily load profiles: every Wh the file holds is certified, once.
#[test]
fn a_p256_meter_certifies_the_greensboro_year_as_daily_profiles() {
	let node = Node::start(NodeOptions::dev("alice"));
	node.wait_for_best(1);
	let origo = Origo { node: &node };
	let charlie = address(Sr25519Keyring::Charlie);
	origo.json(&[
		"issuers",
		"appoint",
		"--issuer",
		&charlie,
		"--name",
		"NC Utilities Commission",
		"--zones",
		"US-NC",
		"--suri",
		"//Alice",
	]);
	let device = register_pv_in(&origo, "Greensboro rooftop", "5000", "US-NC").to_string();
	origo.json(&["devices", "approve", &device, "--suri", "//Charlie"]);
	let keys = tempfile::tempdir().expect("a temporary directory");
	let pem = keys.path().join("meter.pem");
	let pem = pem.to_str().expect("a UTF-8 path");
	let created = origo.json(&["meters", "new-key", "--out", pem]);
	assert_eq!(created["scheme"], "p256");
	assert!(std::fs::read_to_string(pem).unwrap().starts_with("-----BEGIN PRIVATE KEY-----"));
	origo.json(&[
		"meters",
		"bind",
		"--device",
		&device,
		"--meter-key-file",
		pem,
		"--suri",
		"//Ferdie",
	]);
	let shown = origo.json(&["meters", "show", "--meter-key-file", pem]);
	assert_eq!(
		(shown["scheme"].as_str(), shown["key"].clone()),
		(Some("p256"), created["key"].clone())
	);

	let end = (now() - 3_600).to_string();
	let imported = origo.json(&[
		"readings",
		"import",
		GREENSBORO,
		"--meter-key-file",
		pem,
		"--suri",
		"//Ferdie",
		"--shift-to-end",
		&end,
	]);
	assert_eq!(imported["signedAs"], "profiles");
	assert_eq!(
		(imported["readings"].as_u64(), imported["submitted"].as_u64()),
		(Some(8_761), Some(366))
	);
	assert_eq!(
		(imported["accepted"].as_u64(), imported["rejected"].as_u64()),
		(Some(366), Some(0))
	);

	// 7 batches of 1 MWh and 910,989 Wh carried: 7,910,989 Wh, the file's total.
	let holdings = origo.json(&["certificates", "holdings", &address(Sr25519Keyring::Ferdie)]);
	assert_eq!(holdings.as_array().unwrap().len(), 7);
	assert_eq!(total_wh(&holdings), 7_000_000);
	let shown = origo.json(&["devices", "show", &device]);
	assert_eq!(shown["certification"]["issuedWh"], "7000000");
	assert_eq!(shown["certification"]["carriedWh"], "910989");
	assert_eq!(shown["verifiedWh"], "7910989");

	// The same file again: nothing is sent.
	let error = origo.fails(&[
		"readings",
		"import",
		GREENSBORO,
		"--meter-key-file",
		pem,
		"--suri",
		"//Ferdie",
		"--shift-to-end",
		&end,
	]);
	assert!(error.contains("imported already"), "{error}");
}

#[test]
fn bad_input_is_refused_by_name_and_changes_nothing() {
	let node = Node::start(NodeOptions::dev("alice"));
	node.wait_for_best(1);
	let origo = Origo { node: &node };
	let device = pv_device(&origo, "//Dave", "//meter", "5000000");
	let meter =
		|field: &str| origo.json(&["meters", "show", "--meter-suri", "//meter"])[field].clone();

	// Two hours of a 5 MW plant: one 1 MWh batch.
	let dir = tempfile::tempdir().expect("a temporary directory");
	let csv = dir.path().join("plant.csv");
	let start = now() - 3 * 3_600;
	std::fs::write(
		&csv,
		format!("time_utc,wh\n{},600000\n{},600000\n", start + 3_600, start + 7_200),
	)
	.unwrap();
	let csv = csv.to_str().unwrap();
	origo.json(&["readings", "import", csv, "--meter-suri", "//meter", "--suri", "//Ferdie"]);
	assert_eq!(meter("lastCounterWh"), "1200000");

	// A replayed file: nothing is sent.
	let error =
		origo.fails(&["readings", "import", csv, "--meter-suri", "//meter", "--suri", "//Ferdie"]);
	assert!(
		error.contains("imported already") && error.contains("Nothing was submitted"),
		"{error}"
	);
	assert_eq!(meter("lastCounterWh"), "1200000");

	// A reading signed by a key that is no device's meter: the node names the refusal.
	let at = now().to_string();
	let stranger = origo.json(&[
		"readings",
		"sign",
		"--meter-suri",
		"//stranger",
		"--counter-wh",
		"1300000",
		"--at",
		&at,
	]);
	let error = origo.fails(&["readings", "submit", stranger["signed"].as_str().unwrap()]);
	assert!(error.contains("Meters.UnknownMeter"), "{error}");
	// The bound meter's key with another key's signature: refused before it is sent.
	let signed = hex::decode(stranger["signed"].as_str().unwrap());
	let bound = hex::decode(
		origo.json(&["meters", "show", "--meter-suri", "//meter"])["key"].as_str().unwrap(),
	);
	let forged = [&bound[..], &signed[bound.len()..]].concat();
	let error = origo.fails(&["readings", "submit", &format!("0x{}", hex::encode(&forged))]);
	assert!(error.contains("signature does not match"), "{error}");
	assert_eq!(meter("lastCounterWh"), "1200000");
	assert_eq!(origo.json(&["devices", "show", &device.to_string()])["verifiedWh"], "1200000");

	// A transfer above the holding.
	let (ferdie, eve) = (address(Sr25519Keyring::Ferdie), address(Sr25519Keyring::Eve));
	let ferdie_sends_eve = |wh: &str| {
		let args = ["certificates", "transfer", "--batch", "0", "--to", &eve, "--wh", wh];
		origo.fails(&[&args[..], &["--suri", "//Ferdie"]].concat())
	};
	let error = ferdie_sends_eve("1000001");
	assert!(error.contains("Certificates.InsufficientBalance"), "{error}");
	let error = ferdie_sends_eve("999");
	assert!(error.contains("Certificates.BelowMinimumTransfer"), "{error}");
	assert_eq!(total_wh(&origo.json(&["certificates", "holdings", &ferdie])), 1_000_000);
	assert_eq!(origo.json(&["certificates", "holdings", &eve]), json!([]));

	// Revocation is an issuer's; a revoked batch is frozen, then anyone prunes its holdings.
	let revoke = |suri: &'static str| {
		vec!["certificates", "revoke", "--batch", "0", "--reason", "meter fault", "--suri", suri]
	};
	let error = origo.fails(&revoke("//Ferdie"));
	assert!(error.contains("Certificates.NotIssuer"), "{error}");
	let error = origo.fails(&["certificates", "prune", &ferdie, "--suri", "//Eve"]);
	assert!(error.contains("nothing to prune"), "{error}");
	origo.json(&revoke("//Dave"));
	assert_eq!(origo.json(&["certificates", "batch", "0"])["revoked"], true);
	let error = origo.fails(&revoke("//Dave"));
	assert!(error.contains("Certificates.BatchRevoked"), "{error}");
	let error = ferdie_sends_eve("1000");
	assert!(error.contains("Certificates.BatchRevoked"), "{error}");
	// Without --batch the chain plans the transfer (`transfer_oldest`) and passes over the
	// revoked holding, which the client's own planner once put into a transfer that had to fail.
	let oldest = ["certificates", "transfer", "--to", &eve, "--wh", "1000", "--suri", "//Ferdie"];
	let error = origo.fails(&oldest);
	assert!(error.contains("Certificates.InsufficientBalance"), "{error}");
	let next_hour = dir.path().join("next-hour.csv");
	std::fs::write(&next_hour, format!("time_utc,wh\n{},800000\n", start + 10_800)).unwrap();
	let next_hour = next_hour.to_str().unwrap();
	origo.json(&["readings", "import", next_hour, "--meter-suri", "//meter", "--suri", "//Ferdie"]);
	origo.json(&oldest);
	assert_eq!(
		origo.json(&["certificates", "holdings", &eve]),
		json!([{"batch": 1, "wh": "1000"}])
	);
	let pruned = origo.json(&["certificates", "prune", &ferdie, "--suri", "//Eve"]);
	// Amounts print as numbers or strings depending on their size: compare the digits.
	assert_eq!(
		event_field(&pruned, "HoldingRevoked", "wh").to_string().trim_matches('"'),
		"1000000"
	);
	assert_eq!(
		origo.json(&["certificates", "holdings", &ferdie]),
		json!([{"batch": 1, "wh": "999000"}])
	);
	let supply = origo.json(&["audit", "supply", "0"]);
	assert_eq!(
		(supply["conserved"].as_bool(), &supply["supply"]["revokedWh"]),
		(Some(true), &json!("1000000"))
	);

	// A device is removed by its owner only, and only before approval or once rejected; the
	// deposit returns with it.
	let error = origo.fails(&["devices", "remove", &device.to_string(), "--suri", "//Ferdie"]);
	assert!(error.contains("Meters.DeviceNotRemovable"), "{error}");
	let pending = register_pv(&origo, "Typo", "5000").to_string();
	let error = origo.fails(&["devices", "remove", &pending, "--suri", "//Eve"]);
	assert!(error.contains("Meters.NotDeviceOwner"), "{error}");
	let removed = origo.json(&["devices", "remove", &pending, "--suri", "//Ferdie"]);
	assert_eq!(event_field(&removed, "DeviceRemoved", "owner"), json!(ferdie));
	assert!(origo.fails(&["devices", "show", &pending]).contains("there is no device"));

	// Not an account, not a zone: refused before anything is sent.
	assert!(origo
		.fails(&["certificates", "holdings", "not-an-account"])
		.contains("not an SS58 account"));
	let output = origo.output(&["devices", "list", "--zone", "florida"]);
	assert_eq!(output.status.code(), Some(2), "a bad argument is a usage error");
	assert!(String::from_utf8_lossy(&output.stderr).contains("is not a zone code"));
}

/// Hex for forging a reading in the test.
mod hex {
	pub fn decode(text: &str) -> Vec<u8> {
		sp_core::bytes::from_hex(text).expect("hex")
	}

	pub fn encode(bytes: &[u8]) -> String {
		sp_core::hexdisplay::HexDisplay::from(&bytes).to_string()
	}
}

#[test]
fn every_subcommand_documents_an_example() {
	let groups = ["issuers", "devices", "meters", "readings", "certificates", "audit", "footprint"];
	for group in groups {
		let output =
			Command::new(cli_binary()).args([group, "--help"]).output().expect("origo runs");
		let help = String::from_utf8_lossy(&output.stdout);
		let commands: Vec<&str> = help
			.lines()
			.skip_while(|line| !line.starts_with("Commands:"))
			.skip(1)
			.take_while(|line| line.starts_with("  "))
			// A command's name is indented by two spaces; its wrapped description by more.
			.filter(|line| !line.starts_with("   "))
			.filter_map(|line| line.split_whitespace().next())
			.filter(|command| *command != "help")
			.collect();
		assert!(!commands.is_empty(), "origo {group} --help lists no commands:\n{help}");
		for command in commands {
			let output = Command::new(cli_binary())
				.args([group, command, "--help"])
				.output()
				.expect("origo runs");
			let help = String::from_utf8_lossy(&output.stdout);
			assert!(
				help.contains("Example: origo "),
				"origo {group} {command} --help has no example"
			);
		}
	}
	assert!(Path::new(MIAMI).exists(), "the sample data is at {MIAMI}");
}

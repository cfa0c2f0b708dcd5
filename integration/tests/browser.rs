//! The explorer in headless Chromium (Debian's `chromium` and `chromium-driver`), driven over
//! WebDriver: the overview, a search for a beneficiary, the retirement's receipt checked
//! against the chain, and its batch followed to its device and to the block that issued it. Each page's
//! screenshot is kept under the target directory (`explorer-screenshots/`), on a desktop and a
//! phone-sized window.

use fantoccini::{Client, ClientBuilder, Locator};
use origo_integration::{
	client::{appoint_florida_issuer, miami_year, Origo},
	explorer::Explorer,
	free_port, wait_until, Node, NodeOptions,
};
use serde_json::json;
use std::{
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::Duration,
};

/// ChromeDriver on a free port, stopped when dropped.
struct ChromeDriver {
	child: Child,
	port: u16,
}

impl ChromeDriver {
	fn start() -> Self {
		let port = free_port();
		let child = Command::new("chromedriver")
			.arg(format!("--port={port}"))
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.expect(
				"chromedriver is installed (Debian's chromium-driver; scripts/env.sh installs it)",
			);
		wait_until("chromedriver", Duration::from_secs(20), || {
			ureq::get(&format!("http://127.0.0.1:{port}/status")).call().ok()
		});
		Self { child, port }
	}
}

impl Drop for ChromeDriver {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// Where screenshots go: `<target>/<profile>/explorer-screenshots/`.
fn screenshot_dir() -> PathBuf {
	let exe = std::env::current_exe().unwrap();
	let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>/deps");
	let dir = profile_dir.join("explorer-screenshots");
	std::fs::create_dir_all(&dir).unwrap();
	dir
}

/// Saves the browser's view as `name.png`.
async fn screenshot(browser: &Client, name: &str) {
	let png = browser.screenshot().await.expect("a screenshot");
	std::fs::write(screenshot_dir().join(format!("{name}.png")), png).unwrap();
}

/// The text of the first element `css` matches.
async fn text(browser: &Client, css: &str) -> String {
	browser
		.find(Locator::Css(css))
		.await
		.unwrap_or_else(|e| panic!("{css}: {e}"))
		.text()
		.await
		.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_auditor_follows_a_retirement_from_search_to_device_and_block() {
	let node = Node::start(NodeOptions::dev("alice").with_args(&["--state-pruning", "archive"]));
	node.wait_for_best(1);
	let origo = Origo { node: &node };
	appoint_florida_issuer(&origo);
	let (device, _) = miami_year(&origo);
	origo.json(&[
		"certificates",
		"retire-oldest",
		"--wh",
		"1000000",
		"--purpose",
		"consumption",
		"--beneficiary-name",
		"Acme Bakery",
		"--country",
		"US-FL",
		"--suri",
		"//Ferdie",
	]);
	let retirement = node.rpc("origo_retirement", json!([0]));
	let head = node.best_number();
	node.wait_for_finalized(head);
	let dir = tempfile::tempdir().unwrap();
	let database = dir.path().join("explorer.sqlite");
	let explorer = Explorer::start(&node.ws_url(), database.to_str().unwrap());
	explorer.wait_for_block(u64::from(head), Duration::from_secs(180));

	let driver = ChromeDriver::start();
	let capabilities = json!({
		"browserName": "chrome",
		"goog:chromeOptions": {
			"binary": "/usr/bin/chromium",
			"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400"],
		},
	});
	// WebDriver on loopback is plain HTTP.
	let connector = hyper_util::client::legacy::connect::HttpConnector::new();
	let browser = ClientBuilder::new(connector)
		.capabilities(capabilities.as_object().unwrap().clone())
		.connect(&format!("http://127.0.0.1:{}", driver.port))
		.await
		.expect("a Chromium session");

	// The overview: the year's 8 MWh issued, 1 MWh retired.
	browser.goto(&explorer.url("/")).await.unwrap();
	assert_eq!(text(&browser, "h1").await, "The Origo registry");
	let cards = text(&browser, ".cards").await;
	assert!(cards.contains("Issued\n8 MWh"), "{cards}");
	assert!(cards.contains("Retired\n1 MWh"), "{cards}");
	screenshot(&browser, "overview").await;

	// Search the beneficiary, open the retirement.
	let search = browser.find(Locator::Css("input[name=q]")).await.unwrap();
	search.send_keys("acme").await.unwrap();
	browser.find(Locator::Css("header form button")).await.unwrap().click().await.unwrap();
	let result = browser
		.wait()
		.for_element(Locator::LinkText("retirement 0 for Acme Bakery"))
		.await
		.unwrap();
	screenshot(&browser, "search").await;
	result.click().await.unwrap();
	browser.wait().for_element(Locator::Css("article.receipt")).await.unwrap();
	let receipt = text(&browser, "article.receipt").await;
	assert!(receipt.contains("Retirement receipt #0"), "{receipt}");
	assert!(receipt.contains("Amount\n1 MWh (1,000,000 Wh)"), "{receipt}");
	assert!(receipt.contains("Beneficiary\nAcme Bakery"), "{receipt}");
	assert!(receipt.contains("Purpose\nConsumption"), "{receipt}");
	let avoided = origo_rpc_types::units::co2e(retirement["avoidedGCo2e"].as_str().unwrap());
	assert!(receipt.contains(&format!("Avoided emissions\n{avoided}")), "{receipt}");
	let block = retirement["block"].as_u64().unwrap();
	assert!(receipt.contains(&format!("Block\n#{block}")), "{receipt}");
	assert!(receipt.contains("Finality\nfinalized"), "{receipt}");
	screenshot(&browser, "retirement").await;

	// Its batch, then the batch's device, then the block that issued the batch.
	browser.find(Locator::LinkText("0")).await.unwrap().click().await.unwrap();
	browser.wait().for_element(Locator::XPath("//h1[text()='Batch 0']")).await.unwrap();
	let supply = text(&browser, "main").await;
	assert!(
		supply.contains("Conserved (issued = held + retired + expired + revoked)\nyes"),
		"{supply}"
	);
	// The readings behind it: the import's gateway batches, read from their extrinsics.
	browser
		.find(Locator::XPath("//table[caption='Readings behind it']/tbody/tr"))
		.await
		.expect("the batch lists the readings behind it");
	screenshot(&browser, "batch").await;
	browser.find(Locator::LinkText(&device.to_string())).await.unwrap().click().await.unwrap();
	let heading =
		browser.wait().for_element(Locator::Css("h1")).await.unwrap().text().await.unwrap();
	assert_eq!(heading, format!("Device {device}: Miami rooftop"));
	let facts = text(&browser, "dl.facts").await;
	assert!(facts.contains("Verified production\n8.596975 MWh"), "{facts}");
	// Its production chart, drawn from the registers of the readings it sent in batches.
	browser.find(Locator::Css("main svg")).await.expect("the device's production chart");
	screenshot(&browser, "device").await;
	browser.back().await.unwrap();
	let reading_block = browser
		.wait()
		.for_element(Locator::XPath("//dt[text()='Issued (UTC)']/following-sibling::dd[1]/a"))
		.await
		.unwrap();
	let number = reading_block.text().await.unwrap().trim_start_matches('#').to_owned();
	reading_block.click().await.unwrap();
	let heading =
		browser.wait().for_element(Locator::Css("h1")).await.unwrap().text().await.unwrap();
	assert_eq!(heading, format!("Block #{number}"));
	let hash = node.rpc("chain_getBlockHash", json!([number.parse::<u64>().unwrap()]));
	assert!(text(&browser, "dl.facts").await.contains(hash.as_str().unwrap()));
	screenshot(&browser, "block").await;

	// The other pages, and the overview on a phone.
	for (path, name) in [
		("/market", "market"),
		("/neutrality", "neutrality"),
		("/blocks", "blocks"),
		("/events", "events"),
	] {
		browser.goto(&explorer.url(path)).await.unwrap();
		browser.wait().for_element(Locator::Css("main h1")).await.unwrap();
		screenshot(&browser, name).await;
	}
	browser.set_window_size(390, 844).await.unwrap();
	browser.goto(&explorer.url("/")).await.unwrap();
	browser.wait().for_element(Locator::Css("main h1")).await.unwrap();
	screenshot(&browser, "overview-phone").await;
	browser.close().await.unwrap();
}

//! Following the chain: every finalized block, in order, decoded with the metadata of the
//! runtime that made it, and written to the index in one transaction with the chain's position.
//!
//! A block is in the index entirely or not at all, and the index always continues from the
//! block after its last one: a restart, a lost connection or a node restart loses nothing and
//! indexes nothing twice. Blocks are fetched a few ahead of the one being written, and the
//! snapshots of the registry's entities the blocks touched are fetched again after each round
//! (see [`crate::snapshots`]), and what meters measured is kept (see [`crate::readings`]). A
//! runtime upgrade needs nothing special: subxt reads each block with the metadata of the
//! runtime version that block ran, and the index keeps each runtime's metadata, by which pages
//! decode the extrinsics' arguments it keeps as SCALE.

use crate::{
	calls,
	db::{inserts, int, Backend, Database, Param, Statement},
	decode::{event_json, is_address, ss58, FieldData, JsonFields},
	error::{Error, Result},
	readings::{self, BlockMeters, Submissions, Submitted},
	snapshots,
};
use futures::{stream, StreamExt, TryStreamExt};
use serde_json::{Map, Value};
use sqlx::Row;
use std::{
	collections::{BTreeMap, BTreeSet},
	time::Duration,
};
use subxt::{
	events::Phase,
	rpcs::{client::RpcParams, RpcClient},
	OnlineClient, SubstrateConfig,
};
use tokio::sync::watch;

/// Blocks fetched and written in one round.
const ROUND: u64 = 200;
/// Rounds of a catch-up between two refreshes of the entities their blocks touched.
const ROUNDS_PER_REFRESH: u32 = 25;
/// Blocks fetched and decoded ahead of the one being written.
const FETCH_AHEAD: usize = 8;
/// How much less the threads that decode blocks count for the kernel's scheduler than the
/// writer's (a niceness): a catch-up is bound by its one writer, and the decoders need only
/// stay ahead of it, so they take what CPU the writer leaves.
const DECODER_NICENESS: i32 = 10;
/// How often the node is asked for a newly finalized block once the index has caught up.
const POLL: Duration = Duration::from_millis(500);
/// The storage key of a block's events: `twox128("System") ++ twox128("Events")`.
const SYSTEM_EVENTS: &str = "0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7";
/// The longest wait before reconnecting to a node that went away.
const MAX_RECONNECT_DELAY: Duration = Duration::from_secs(10);

/// A block, decoded and ready to be written.
#[derive(Debug)]
pub struct BlockRecord {
	/// Its number.
	pub number: u64,
	/// Its hash, `0x` hex.
	pub hash: String,
	/// Its parent's hash.
	pub parent_hash: String,
	/// The time its author set (`Timestamp.set`), in ms since the Unix epoch.
	pub timestamp_ms: u64,
	/// The spec version of the runtime that executed it (its parent's).
	pub spec_version: u32,
	/// Its extrinsics.
	pub extrinsics: Vec<ExtrinsicRecord>,
	/// Its events.
	pub events: Vec<EventRecord>,
	/// The statements that write its rows (see [`BlockRows`]).
	statements: Vec<Statement>,
	/// The snapshots its events make stale, each once.
	stale: BTreeSet<(&'static str, String)>,
	/// What its readings need from it (see [`Submissions`]).
	submissions: Submissions,
}

impl BlockRecord {
	/// Block `number` with its `hash` and `parent_hash`, its author's `timestamp_ms`, the
	/// `spec_version` that executed it, its `extrinsics` and `events`, the items its successful
	/// extrinsics `submitted` (by position; see [`readings::submitted`]), and the statements
	/// that write its rows to an index on `backend`. Blocks are decoded on every core and
	/// written on one, so every row that needs nothing from the index is made here, and its
	/// statements bound.
	pub fn new(
		backend: Backend,
		(number, hash, parent_hash): (u64, String, String),
		(timestamp_ms, spec_version): (u64, u32),
		extrinsics: Vec<ExtrinsicRecord>,
		events: Vec<EventRecord>,
		submitted: BTreeMap<u32, Vec<Submitted>>,
	) -> Result<Self> {
		let statements = BlockRows::new(number, &extrinsics, &events)?.statements(backend)?;
		let submissions = Submissions::new(submitted, &events)?;
		let stale = events.iter().flat_map(|event| event.stale.iter().cloned()).collect();
		Ok(Self {
			number,
			hash,
			parent_hash,
			timestamp_ms,
			spec_version,
			extrinsics,
			events,
			statements,
			stale,
			submissions,
		})
	}
}

/// An extrinsic, decoded.
#[derive(Debug)]
pub struct ExtrinsicRecord {
	/// Its position in the block.
	pub position: u32,
	/// Its hash.
	pub hash: String,
	/// The pallet of its call.
	pub pallet: String,
	/// Its call.
	pub call: String,
	/// Who signed it (SS58), if anyone did.
	pub signer: Option<String>,
	/// Whether its call succeeded.
	pub success: bool,
	/// Why it failed (`Pallet.Error`), if it did.
	pub error: Option<String>,
	/// Its arguments as SCALE (see [`FieldData`]).
	pub call_data: Vec<u8>,
}

impl ExtrinsicRecord {
	/// An extrinsic at `position` calling `pallet`.`call` with the arguments `call_data`,
	/// signed by `signer`, that failed with `error` or, without one, succeeded.
	pub fn new(
		position: u32,
		hash: String,
		(pallet, call): (String, String),
		signer: Option<String>,
		error: Option<String>,
		call_data: Vec<u8>,
	) -> Self {
		Self { position, hash, pallet, call, signer, success: error.is_none(), error, call_data }
	}
}

/// An event, decoded.
#[derive(Debug)]
pub struct EventRecord {
	/// Its position among the block's events.
	pub position: u32,
	/// The extrinsic that emitted it, if one did.
	pub extrinsic: Option<u32>,
	/// When in the block: `initialization`, `extrinsic` or `finalization`.
	pub phase: &'static str,
	/// Its pallet.
	pub pallet: String,
	/// Its name.
	pub name: String,
	/// Its fields.
	pub fields: Map<String, Value>,
	/// Its fields as SCALE, as the index keeps them (see [`FieldData`]).
	pub field_data: Vec<u8>,
	/// The registry's entities it concerns (see [`subjects`]).
	pub subjects: Vec<(&'static str, String)>,
	/// The snapshots it makes stale (see [`stale`]).
	pub stale: Vec<(&'static str, String)>,
}

impl EventRecord {
	/// The event at `position` of `pallet`.`name` with `fields` (decoded from `field_data`),
	/// emitted in `phase` (by `extrinsic`), with what the index derives from it. Blocks are
	/// decoded on every core and written on one, so what can be worked out from the event
	/// alone is worked out here.
	pub fn new(
		position: u32,
		(phase, extrinsic): (&'static str, Option<u32>),
		(pallet, name): (String, String),
		fields: Map<String, Value>,
		field_data: Vec<u8>,
	) -> Self {
		let subjects = subjects(&fields);
		let stale = stale(&pallet, &name, &subjects);
		Self { position, extrinsic, phase, pallet, name, fields, field_data, subjects, stale }
	}
}

/// Fields as JSON text (a map of JSON values always serializes).
fn json_text(fields: &Map<String, Value>) -> String {
	serde_json::to_string(fields).expect("JSON values serialize")
}

/// The index's position, which pages watch to update themselves.
pub type Position = watch::Receiver<u64>;

/// Follows the node at `url` forever, writing its finalized blocks into `db` and announcing
/// each new position on `position`; reconnects, with a growing delay, whenever the node goes
/// away.
pub async fn follow(db: Database, url: String, position: watch::Sender<u64>) {
	let mut delay = Duration::from_millis(250);
	loop {
		let mut connected = false;
		if let Err(error) = session(&db, &url, &position, &mut connected).await {
			tracing::warn!("indexer: {error}; retrying in {delay:?}");
		}
		if connected {
			delay = Duration::from_millis(250);
		}
		tokio::time::sleep(delay).await;
		delay = (delay * 2).min(MAX_RECONNECT_DELAY);
	}
}

/// One connection's work: catch up, then follow, until the connection fails.
async fn session(
	db: &Database,
	url: &str,
	position: &watch::Sender<u64>,
	connected: &mut bool,
) -> Result<()> {
	let rpc = RpcClient::from_insecure_url(url)
		.await
		.map_err(|e| Error::from(format!("cannot connect to {url}: {e}")))?;
	let api = OnlineClient::<SubstrateConfig>::from_rpc_client(rpc.clone())
		.await
		.map_err(|e| Error::from(format!("cannot talk to the node at {url}: {e}")))?;
	*connected = true;
	let genesis = format!("{:?}", api.genesis_hash());
	let (mut next, refreshed) = start(db, &genesis).await?;
	tracing::info!("indexer: following {url} from block {next}");
	// The entities of blocks a previous run wrote but did not fetch again are fetched first.
	if let Some(indexed) = next.checked_sub(1) {
		let stale = stale_after(db, refreshed).await?;
		snapshots::refresh(db, &rpc, &finalized_head(&rpc).await?, stale, indexed).await?;
		position.send_replace(indexed);
	}
	// The snapshots the blocks written since the last refresh made stale.
	let mut stale = BTreeSet::new();
	let mut runtimes: BTreeSet<i64> = sqlx::query_scalar("SELECT spec_version FROM runtimes")
		.fetch_all(db.pool())
		.await?
		.into_iter()
		.collect();
	let mut rounds_unrefreshed = 0;
	// The block written last: dropped while the next is written (freeing a busy block's many
	// values takes a while, and the database would wait for it).
	let mut written_last: Option<BlockRecord> = None;
	loop {
		let (head, _) = finalized_head(&rpc).await?;
		if next > head {
			tokio::time::sleep(POLL).await;
			continue;
		}
		let last = head.min(next + ROUND - 1);
		let started = std::time::Instant::now();
		let mut blocks = stream::iter(next..=last)
			.map(|number| {
				let (api, rpc) = (api.clone(), rpc.clone());
				// Decoding is CPU work: each block on its own task of the decoders, so blocks
				// decode on every core while the one before them is written.
				let backend = db.backend();
				decoders().spawn(async move { fetch(&api, &rpc, number, backend).await })
			})
			.buffered(FETCH_AHEAD);
		while let Some(block) = blocks.next().await {
			let mut block = block
				.map_err(|e| Error::from(format!("block {next}: decoding stopped: {e}")))??;
			if runtimes.insert(block.spec_version.into()) {
				keep_runtime(db, &rpc, &block).await?;
			}
			// The marks are merged, and the block before freed, while the database writes it.
			let marks = std::mem::take(&mut block.stale);
			let (written, ()) = tokio::join!(biased; write(db, &mut block), async {
				stale.extend(marks);
				drop(written_last.take());
			});
			written?;
			next = block.number + 1;
			written_last = Some(block);
		}
		tracing::debug!("indexer: blocks up to {last} written in {:.1?}", started.elapsed());
		rounds_unrefreshed += 1;
		// While catching up, an entity touched in many rounds is fetched once, when the index
		// reaches the head (or every few rounds on a long catch-up, so pages do not lag far).
		// At the finalized head rather than the round's last block: what pages show is the
		// registry now, and the head runs the newest runtime, whose API the node's RPC speaks
		// (an old block's runtime may predate a method or a type). An entity touched again
		// after the refresh is fetched again when that block is indexed.
		// The position announced is where blocks and the entities they touched are indexed.
		if last == head || rounds_unrefreshed == ROUNDS_PER_REFRESH {
			let at = finalized_head(&rpc).await?;
			snapshots::refresh(db, &rpc, &at, std::mem::take(&mut stale), last).await?;
			rounds_unrefreshed = 0;
			position.send_replace(last);
		}
	}
}

/// The runtime that fetches and decodes blocks: apart from the one that writes them and serves
/// pages, so that a decoding block never keeps the writer from its next statement, and on
/// threads of a lower priority (see [`DECODER_NICENESS`]). Made once, and never dropped.
fn decoders() -> &'static tokio::runtime::Handle {
	static DECODERS: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
	DECODERS
		.get_or_init(|| {
			tokio::runtime::Builder::new_multi_thread()
				.thread_name("origo-decoder")
				.on_thread_start(|| {
					// On Linux a niceness is a thread's (0: the calling thread). Should the
					// kernel refuse it, the decoders run at the writer's priority.
					// SAFETY: setpriority only reads its integer arguments.
					unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, DECODER_NICENESS) };
				})
				.enable_all()
				.build()
				.expect("the decoders' threads start")
		})
		.handle()
}

/// Keeps the metadata of the runtime that executed `block` (the one in its parent's state), by
/// which pages decode its extrinsics' arguments and its events' fields.
async fn keep_runtime(db: &Database, rpc: &RpcClient, block: &BlockRecord) -> Result<()> {
	let executed_by = if block.number == 0 { &block.hash } else { &block.parent_hash };
	let metadata: String = request(rpc, "state_getMetadata", [Value::from(executed_by.as_str())])
		.await
		.map_err(|e| block_error(block.number, e))?;
	sqlx::query(
		"INSERT INTO runtimes (spec_version, metadata) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	)
	.bind(i64::from(block.spec_version))
	.bind(hex_bytes(&metadata)?)
	.execute(db.pool())
	.await?;
	Ok(())
}

/// Where the index continues: the block after its last, after checking that the index is of
/// this chain; and the last block after whose events the snapshots were fetched (-1 for none).
/// A new index starts at the genesis block.
async fn start(db: &Database, genesis: &str) -> Result<(u64, i64)> {
	let row: Option<(String, i64, i64)> = sqlx::query_as(
		"SELECT genesis_hash, indexed_number, refreshed_number FROM chain WHERE id = 0",
	)
	.fetch_optional(db.pool())
	.await?;
	match row {
		Some((indexed_genesis, ..)) if indexed_genesis != genesis => Err(Error::from(format!(
			"the index is of the chain with genesis {indexed_genesis}, the node's genesis is \
			 {genesis}: start with --rebuild to index this chain instead"
		))),
		Some((_, number, refreshed)) => Ok(((number + 1) as u64, refreshed)),
		None => {
			sqlx::query(
				"INSERT INTO chain (id, genesis_hash, indexed_number, indexed_hash, \
				 refreshed_number) VALUES (0, $1, -1, '', -1)",
			)
			.bind(genesis)
			.execute(db.pool())
			.await?;
			Ok((0, -1))
		},
	}
}

/// The snapshots that the events of the blocks after `refreshed` made stale: what a run that
/// stopped before fetching them again left to fetch. Worked out from the index's own events,
/// as when they were first written, so that a catch-up keeps its stale marks in memory rather
/// than writing and deleting a row for each entity of the chain.
async fn stale_after(db: &Database, refreshed: i64) -> Result<BTreeSet<(&'static str, String)>> {
	let mut rows = sqlx::query(
		"SELECT e.block_number, e.position, e.pallet, e.name, e.field_data, b.spec_version \
		 FROM events e JOIN blocks b ON b.number = e.block_number WHERE e.block_number > $1",
	)
	.bind(refreshed)
	.fetch(db.pool());
	let mut runtimes: BTreeMap<i64, subxt::Metadata> = BTreeMap::new();
	let mut stale = BTreeSet::new();
	while let Some(row) = rows.try_next().await? {
		let spec_version: i64 = row.try_get("spec_version")?;
		if !runtimes.contains_key(&spec_version) {
			runtimes.insert(spec_version, kept_runtime(db, spec_version).await?);
		}
		let (pallet, name): (String, String) = (row.try_get("pallet")?, row.try_get("name")?);
		let field_data: Vec<u8> = row.try_get("field_data")?;
		let (block, position): (i64, i64) =
			(row.try_get("block_number")?, row.try_get("position")?);
		let fields = event_json(&runtimes[&spec_version], (&pallet, &name), &field_data)
			.map_err(|e| Error::from(format!("event {block}-{position}'s fields: {e}")))?;
		stale.extend(self::stale(&pallet, &name, &subjects(&fields)));
	}
	Ok(stale)
}

/// The metadata of runtime `spec_version`, as the index keeps it.
pub async fn kept_runtime(db: &Database, spec_version: i64) -> Result<subxt::Metadata> {
	let bytes: Option<Vec<u8>> =
		sqlx::query_scalar("SELECT metadata FROM runtimes WHERE spec_version = $1")
			.bind(spec_version)
			.fetch_optional(db.pool())
			.await?;
	let bytes = bytes.ok_or_else(|| {
		Error::from(format!("the index has no metadata of runtime {spec_version}"))
	})?;
	subxt::Metadata::decode_from(&bytes)
		.map_err(|e| Error::from(format!("the metadata of runtime {spec_version}: {e}")))
}

/// The node's last finalized block: its number and hash.
async fn finalized_head(rpc: &RpcClient) -> Result<(u64, String)> {
	let hash: String = rpc.request("chain_getFinalizedHead", RpcParams::new()).await?;
	let mut params = RpcParams::new();
	params.push(hash.clone())?;
	let header: Value = rpc.request("chain_getHeader", params).await?;
	let number = header["number"]
		.as_str()
		.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| Error::from("the node's finalized header has no number"))?;
	Ok((number, hash))
}

/// Explains a failure to read an old block: the usual cause is a node that prunes state.
fn block_error(number: u64, error: impl std::fmt::Display) -> Error {
	let text = error.to_string();
	let hint = if text.contains("discarded") || text.contains("pruned") {
		" (the node no longer has this block's state: follow an archive node, \
		 `--state-pruning archive`)"
	} else {
		""
	};
	Error::from(format!("block {number}: {text}{hint}"))
}

/// Calls the node's `method` with `params`.
pub(crate) async fn request<T: serde::de::DeserializeOwned>(
	rpc: &RpcClient,
	method: &str,
	params: impl IntoIterator<Item = Value>,
) -> Result<T> {
	let mut rpc_params = RpcParams::new();
	for param in params {
		rpc_params.push(param)?;
	}
	rpc.request(method, rpc_params).await.map_err(|e| Error::from(format!("{method}: {e}")))
}

/// Bytes from the node's `0x` hex.
fn hex_bytes(hex: &str) -> Result<Vec<u8>> {
	let hex = hex.trim_start_matches("0x");
	// Into a buffer of the right length: `hex::decode` collects byte by byte, and a busy
	// block's body is tens of MB of hex.
	let mut bytes = vec![0; hex.len() / 2];
	hex::decode_to_slice(hex, &mut bytes).map_err(|e| Error::from(format!("bad hex: {e}")))?;
	Ok(bytes)
}

/// Fetches block `number` and decodes it with the metadata of the runtime that executed it:
/// the one in its parent's state. A block that applies an upgrade (`System.CodeUpdated`) was
/// executed, and its events encoded, by the old runtime, though its own state holds the new.
pub async fn fetch(
	api: &OnlineClient<SubstrateConfig>,
	rpc: &RpcClient,
	number: u64,
	backend: Backend,
) -> Result<BlockRecord> {
	let hash: Option<String> = request(rpc, "chain_getBlockHash", [Value::from(number)]).await?;
	let hash = hash.ok_or_else(|| block_error(number, "the node does not know it"))?;
	let block: Value = request(rpc, "chain_getBlock", [Value::from(hash.clone())]).await?;
	let event_bytes: Option<String> =
		request(rpc, "state_getStorage", [Value::from(SYSTEM_EVENTS), Value::from(hash.clone())])
			.await
			.map_err(|e| block_error(number, e))?;
	let runtime =
		api.at_block(number.saturating_sub(1)).await.map_err(|e| block_error(number, e))?;
	let metadata = runtime.metadata();
	let body = block["block"]["extrinsics"]
		.as_array()
		.ok_or_else(|| block_error(number, "the node gave no extrinsics"))?
		.iter()
		.map(|extrinsic| hex_bytes(extrinsic.as_str().unwrap_or_default()))
		.collect::<Result<Vec<_>>>()?;
	let extrinsics = runtime.extrinsics().from_bytes(body).await;
	let events = runtime
		.events()
		.from_bytes(event_bytes.as_deref().map(hex_bytes).transpose()?.unwrap_or_default());

	let mut event_records = Vec::with_capacity(events.len() as usize);
	let mut outcomes = BTreeMap::new();
	for (position, event) in events.iter().enumerate() {
		let event = event.map_err(|e| block_error(number, e))?;
		let fields =
			event.decode_fields_unchecked_as::<JsonFields>().map_err(|e| block_error(number, e))?.0;
		let (phase, extrinsic) = match event.phase() {
			Phase::Initialization => ("initialization", None),
			Phase::ApplyExtrinsic(index) => ("extrinsic", Some(index)),
			Phase::Finalization => ("finalization", None),
		};
		let (pallet, name) = (event.pallet_name().to_owned(), event.event_name().to_owned());
		if let (Some(index), "System") = (extrinsic, pallet.as_str()) {
			match name.as_str() {
				"ExtrinsicSuccess" => {
					outcomes.insert(index, None);
				},
				"ExtrinsicFailed" => {
					let error = fields.get("dispatch_error").unwrap_or(&Value::Null);
					outcomes.insert(index, Some(dispatch_error_name(&metadata, error)));
				},
				_ => {},
			}
		}
		event_records.push(EventRecord::new(
			position as u32,
			(phase, extrinsic),
			(pallet, name),
			fields,
			event.field_bytes().to_vec(),
		));
	}

	let mut timestamp_ms = 0;
	let mut extrinsic_records = Vec::with_capacity(extrinsics.len());
	let mut submitted = BTreeMap::new();
	for extrinsic in extrinsics.iter() {
		let extrinsic = extrinsic.map_err(|e| block_error(number, e))?;
		let position = extrinsic.index() as u32;
		let names = (extrinsic.pallet_name(), extrinsic.call_name());
		let call_data = FieldData::of_call(&metadata, names, extrinsic.call_data_field_bytes())
			.ok_or_else(|| block_error(number, format!("{}.{} is not a call", names.0, names.1)))?;
		if names == ("Timestamp", "set") {
			let set: calls::TimestampSet =
				call_data.decode().map_err(|e| block_error(number, e))?;
			timestamp_ms = set.now;
		}
		let error = outcomes.get(&position).cloned().unwrap_or(None);
		if error.is_none() {
			let items =
				readings::submitted(names, &call_data).map_err(|e| block_error(number, e))?;
			if !items.is_empty() {
				submitted.insert(position, items);
			}
		}
		extrinsic_records.push(ExtrinsicRecord::new(
			position,
			format!("{:?}", extrinsic.hash()),
			(names.0.to_owned(), names.1.to_owned()),
			extrinsic.address_bytes().and_then(signer),
			error,
			extrinsic.call_data_field_bytes().to_vec(),
		));
	}
	let parent_hash = block["block"]["header"]["parentHash"].as_str().unwrap_or_default();
	BlockRecord::new(
		backend,
		(number, hash, parent_hash.to_owned()),
		(timestamp_ms, runtime.spec_version()),
		extrinsic_records,
		event_records,
		submitted,
	)
	.map_err(|e| block_error(number, e))
}

/// The SS58 address of a transaction's sender, from its `MultiAddress` (`Id` is variant 0).
fn signer(address: &[u8]) -> Option<String> {
	match address {
		[0, account @ ..] if account.len() == 32 => {
			let bytes: [u8; 32] = account.try_into().ok()?;
			Some(ss58(bytes))
		},
		_ => None,
	}
}

/// A dispatch error by name: `Pallet.Error` for a pallet's error, else the error's variant
/// (`BadOrigin`, `Token.FundsUnavailable`, ...).
pub fn dispatch_error_name(metadata: &subxt::Metadata, error: &Value) -> String {
	if let Some(module) = error.get("Module") {
		let pallet = module["index"].as_u64().and_then(|index| u8::try_from(index).ok());
		let variant = module["error"]
			.as_str()
			.and_then(|hex| hex::decode(hex.trim_start_matches("0x")).ok())
			.and_then(|bytes| bytes.first().copied());
		if let Some(pallet) = pallet.and_then(|index| metadata.pallet_by_error_index(index)) {
			if let Some(variant) = variant.and_then(|index| pallet.error_variant_by_index(index)) {
				return format!("{}.{}", pallet.name(), variant.name);
			}
		}
	}
	match error {
		Value::String(name) => name.clone(),
		Value::Object(map) if map.len() == 1 => {
			let (kind, detail) = map.iter().next().expect("one entry");
			match detail {
				Value::String(detail) => format!("{kind}.{detail}"),
				_ => kind.clone(),
			}
		},
		other => other.to_string(),
	}
}

/// The registry's entities an event concerns, by its fields: `device`, `batch`, `retirement`,
/// `trade`, orders (`ask`, `bid`, `order`), `zone`, and every account it names.
pub fn subjects(fields: &Map<String, Value>) -> Vec<(&'static str, String)> {
	let mut subjects = Vec::new();
	for (name, value) in fields {
		let kind = match name.as_str() {
			"device" => "device",
			"batch" => "batch",
			"retirement" => "retirement",
			"trade" => "trade",
			"ask" | "bid" | "order" => "order",
			"zone" => "zone",
			_ => match value {
				Value::String(text) if is_address(text) => "account",
				_ => continue,
			},
		};
		match value {
			Value::Number(number) => subjects.push((kind, number.to_string())),
			Value::String(text) => subjects.push((kind, text.clone())),
			_ => {},
		}
	}
	subjects.sort();
	subjects.dedup();
	subjects
}

/// The snapshots an event makes stale: the entities it names, each holding of a batch by an
/// account it names, and the chain's neutrality when the footprint or a retirement moved.
fn stale(
	pallet: &str,
	name: &str,
	subjects: &[(&'static str, String)],
) -> Vec<(&'static str, String)> {
	let mut stale: Vec<(&'static str, String)> = subjects
		.iter()
		.filter(|(kind, _)| matches!(*kind, "device" | "batch" | "retirement" | "trade" | "order"))
		.cloned()
		.collect();
	if let Some((_, batch)) = subjects.iter().find(|(kind, _)| *kind == "batch") {
		for (_, account) in subjects.iter().filter(|(kind, _)| *kind == "account") {
			stale.push(("holding", format!("{account}/{batch}")));
		}
	}
	if pallet == "Footprint" || (pallet, name) == ("Certificates", "Retired") {
		stale.push(("neutrality", "0".into()));
	}
	stale
}

/// Writes `block` into the index, with the chain's new position, in one transaction (which
/// spends the block's statements).
pub async fn write(db: &Database, block: &mut BlockRecord) -> Result<()> {
	let mut tx = db.pool().begin().await?;
	let number = int(block.number)?;
	sqlx::query(
		"INSERT INTO blocks (number, hash, parent_hash, timestamp_ms, spec_version, extrinsics, \
		 events) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	)
	.bind(number)
	.bind(&block.hash)
	.bind(&block.parent_hash)
	.bind(int(block.timestamp_ms)?)
	.bind(i64::from(block.spec_version))
	.bind(block.extrinsics.len() as i64)
	.bind(block.events.len() as i64)
	.execute(&mut *tx)
	.await?;
	// Each extrinsic's readings after its events and those before it, so that a meter bound
	// earlier in the block is known.
	let mut meters = BlockMeters::load(&mut tx, block.number, &block.submissions).await?;
	let mut events = block.events.iter().peekable();
	for extrinsic in &block.extrinsics {
		let up_to_it = |event: &&EventRecord| {
			event.extrinsic.map_or(event.phase == "initialization", |at| at <= extrinsic.position)
		};
		while let Some(event) = events.next_if(up_to_it) {
			meters.take_in(event)?;
		}
		meters.submit(extrinsic.position)?;
	}
	for event in events {
		meters.take_in(event)?;
	}
	meters.write(&mut tx).await?;
	for statement in std::mem::take(&mut block.statements) {
		statement.execute(&mut tx).await?;
	}
	sqlx::query("UPDATE chain SET indexed_number = $1, indexed_hash = $2 WHERE id = 0")
		.bind(number)
		.bind(&block.hash)
		.execute(&mut *tx)
		.await?;
	tx.commit().await?;
	Ok(())
}

/// A block's rows that need nothing from the index: its extrinsics, its events, the entities
/// they concern, the orders they placed and the auctions they cleared, each as the parameters
/// of its table's rows.
#[derive(Debug, Default)]
struct BlockRows {
	extrinsics: Vec<Param>,
	events: Vec<Param>,
	subjects: Vec<Param>,
	orders: Vec<Param>,
	clearings: Vec<Param>,
}

impl BlockRows {
	/// The rows of block `number`'s `extrinsics` and `events`.
	fn new(number: u64, extrinsics: &[ExtrinsicRecord], events: &[EventRecord]) -> Result<Self> {
		let number = int(number)?;
		let mut rows = Self::default();
		for extrinsic in extrinsics {
			rows.extrinsics.extend([
				Param::from(number),
				i64::from(extrinsic.position).into(),
				extrinsic.hash.as_str().into(),
				extrinsic.pallet.as_str().into(),
				extrinsic.call.as_str().into(),
				extrinsic.signer.clone().into(),
				extrinsic.success.into(),
				extrinsic.error.clone().into(),
				extrinsic.call_data.as_slice().into(),
			]);
		}
		// Subjects in key order, so that SQLite inserts them along its index.
		let mut subjects = BTreeSet::new();
		for event in events {
			let position = i64::from(event.position);
			rows.events.extend([
				Param::from(number),
				position.into(),
				event.extrinsic.map(i64::from).into(),
				event.phase.into(),
				event.pallet.as_str().into(),
				event.name.as_str().into(),
				event.field_data.as_slice().into(),
			]);
			subjects.extend(event.subjects.iter().map(|(kind, id)| (*kind, id, position)));
			rows.registry_facts(number, event)?;
		}
		rows.subjects = subjects
			.into_iter()
			.flat_map(|(kind, id, position)| {
				[Param::from(kind), id.as_str().into(), number.into(), position.into()]
			})
			.collect();
		Ok(rows)
	}

	/// Adds the rows an event of block `number` makes directly: an order placed, an auction
	/// cleared.
	fn registry_facts(&mut self, number: i64, event: &EventRecord) -> Result<()> {
		let field = |name: &str| event.fields.get(name).cloned().unwrap_or(Value::Null);
		let integer =
			|name: &str| field(name).as_u64().ok_or_else(|| missing(event, name)).and_then(int);
		match (event.pallet.as_str(), event.name.as_str()) {
			("Market", "AskPlaced") | ("Market", "BidPlaced") => {
				let (id, side, owner) = if event.name == "AskPlaced" {
					(integer("ask")?, "ask", field("seller"))
				} else {
					(integer("bid")?, "bid", field("buyer"))
				};
				self.orders.extend([
					Param::from(id),
					owner.as_str().unwrap_or_default().into(),
					side.into(),
					field("batch").as_u64().map(int).transpose()?.into(),
					true.into(),
					number.into(),
					json_text(&event.fields).into(),
				]);
			},
			("Market", "AuctionCleared") => {
				let price = match field("price_per_mwh") {
					Value::Null => None,
					Value::String(price) => Some(price),
					price => Some(price.to_string()),
				};
				self.clearings.extend([
					Param::from(number),
					i64::from(event.position).into(),
					field("zone").as_str().unwrap_or_default().into(),
					technology_name(&field("technology")).into(),
					integer("period_start")?.into(),
					integer("period_end")?.into(),
					price.into(),
					integer("wh")?.into(),
					integer("trades")?.into(),
				]);
			},
			_ => {},
		}
		Ok(())
	}

	/// The statements that insert the rows on `backend` (a repeated subject or order is one
	/// row).
	fn statements(&self, backend: Backend) -> Result<Vec<Statement>> {
		let tables: [(&str, &str, usize, &[Param]); 5] = [
			(
				"INSERT INTO extrinsics (block_number, position, hash, pallet, call, signer, \
				 success, error, call_data)",
				"",
				9,
				&self.extrinsics,
			),
			(
				"INSERT INTO events (block_number, position, extrinsic, phase, pallet, name, \
				 field_data)",
				"",
				7,
				&self.events,
			),
			(
				"INSERT INTO event_subjects (kind, id, block_number, position)",
				"ON CONFLICT DO NOTHING",
				4,
				&self.subjects,
			),
			(
				"INSERT INTO orders (id, owner, side, batch, open, placed_block, view)",
				"ON CONFLICT DO NOTHING",
				7,
				&self.orders,
			),
			(
				"INSERT INTO clearings (block_number, position, zone, technology, period_start, \
				 period_end, price_per_mwh, wh, trades)",
				"",
				9,
				&self.clearings,
			),
		];
		let mut statements = Vec::new();
		for (into, tail, columns, params) in tables {
			statements.extend(inserts(backend, (into, tail), columns, params)?);
		}
		Ok(statements)
	}
}

/// A technology as its variant's name.
fn technology_name(value: &Value) -> String {
	match value {
		Value::String(name) => name.clone(),
		Value::Object(map) => map.keys().next().cloned().unwrap_or_default(),
		other => other.to_string(),
	}
}

/// An event without a field the index reads from it: a runtime the explorer does not know.
fn missing(event: &EventRecord, field: &str) -> Error {
	Error::from(format!("{}.{} has no numeric field `{field}`", event.pallet, event.name))
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;
	use sp_core::crypto::{AccountId32, Ss58Codec};

	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	/// Bob's dev account.
	fn bob() -> String {
		use sp_core::Pair;
		let pair = sp_core::sr25519::Pair::from_string("//Bob", None).unwrap();
		AccountId32::from(pair.public()).to_ss58check()
	}

	#[test]
	fn an_event_concerns_the_entities_and_accounts_its_fields_name() {
		let fields = json!({
			"trade": 7, "ask": 3, "bid": null, "batch": 11, "seller": ALICE, "buyer": bob(),
			"wh": 1000, "price_per_mwh": "55000000000000", "retirement": null,
		});
		let subjects = subjects(fields.as_object().unwrap());
		assert_eq!(
			subjects,
			vec![
				("account", bob()),
				("account", ALICE.to_owned()),
				("batch", "11".to_owned()),
				("order", "3".to_owned()),
				("trade", "7".to_owned()),
			]
		);
	}

	#[test]
	fn a_transfer_makes_both_holdings_stale_and_a_footprint_event_the_neutrality() {
		let event = |pallet: &str, name: &str, fields: Value| {
			let fields = fields.as_object().unwrap().clone();
			EventRecord::new(
				0,
				("extrinsic", Some(1)),
				(pallet.into(), name.into()),
				fields,
				vec![],
			)
		};
		let transfer = event(
			"Certificates",
			"Transferred",
			json!({"batch": 4, "from": ALICE, "to": bob(), "wh": 5}),
		);
		assert_eq!(
			transfer.stale,
			vec![
				("batch", "4".to_owned()),
				("holding", format!("{}/4", bob())),
				("holding", format!("{ALICE}/4")),
			]
		);
		let closed = event("Footprint", "PeriodClosed", json!({"period": 2, "metered_wh": 9}));
		assert_eq!(closed.stale, vec![("neutrality", "0".to_owned())]);
	}

	/// Origo's metadata, which the client is built from (a test checks it is the runtime's).
	const METADATA: &[u8] = include_bytes!("../../cli/metadata/origo.scale");
	/// The spec version the tests' blocks ran.
	const SPEC_VERSION: u32 = 111;

	/// The account bytes of an SS58 address.
	fn account_bytes(address: &str) -> [u8; 32] {
		AccountId32::from_ss58check(address).unwrap().into()
	}

	/// A block with one event: Alice transfers 5 Wh of batch 4 to Bob.
	fn transfer_block(number: u64) -> BlockRecord {
		use codec::Encode;
		// `Certificates.Transferred { batch, from, to, wh }` as the runtime encodes it.
		let field_data = (4_u64, account_bytes(ALICE), account_bytes(&bob()), 5_u64).encode();
		BlockRecord::new(
			Backend::Sqlite,
			(number, format!("0x{number:064x}"), format!("0x{:064x}", number.saturating_sub(1))),
			(1_000 * number, SPEC_VERSION),
			Vec::new(),
			vec![EventRecord::new(
				0,
				("initialization", None),
				("Certificates".into(), "Transferred".into()),
				json!({"batch": 4, "from": ALICE, "to": bob(), "wh": 5})
					.as_object()
					.unwrap()
					.clone(),
				field_data,
			)],
			BTreeMap::new(),
		)
		.unwrap()
	}

	/// The marks a transfer of batch 4 from Alice to Bob makes.
	fn transfer_marks() -> BTreeSet<(&'static str, String)> {
		BTreeSet::from([
			("batch", "4".to_owned()),
			("holding", format!("{}/4", bob())),
			("holding", format!("{ALICE}/4")),
		])
	}

	#[tokio::test]
	async fn a_block_is_written_whole_once_and_the_index_continues_after_it() {
		let dir = tempfile::tempdir().unwrap();
		let db = Database::open(dir.path().join("index.sqlite").to_str().unwrap()).await.unwrap();
		assert_eq!(start(&db, "0xgenesis").await.unwrap(), (0, -1));
		let mut block = transfer_block(0);
		assert_eq!(block.stale, transfer_marks());
		write(&db, &mut block).await.unwrap();
		assert_eq!(start(&db, "0xgenesis").await.unwrap(), (1, -1));

		// Written again (a bug, or two indexers on one database): refused whole.
		assert!(write(&db, &mut transfer_block(0)).await.is_err());
		let events: i64 =
			sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(db.pool()).await.unwrap();
		assert_eq!(events, 1);

		// Another chain's node is refused; a rebuilt index starts again at genesis.
		let error = start(&db, "0xother").await.unwrap_err();
		assert!(error.to_string().contains("--rebuild"), "{error}");
		db.rebuild().await.unwrap();
		assert_eq!(start(&db, "0xother").await.unwrap(), (0, -1));
	}

	#[tokio::test]
	async fn the_marks_of_blocks_written_after_the_last_refresh_are_worked_out_from_their_events() {
		let dir = tempfile::tempdir().unwrap();
		let db = Database::open(dir.path().join("index.sqlite").to_str().unwrap()).await.unwrap();
		start(&db, "0xgenesis").await.unwrap();
		sqlx::query("INSERT INTO runtimes (spec_version, metadata) VALUES ($1, $2)")
			.bind(i64::from(SPEC_VERSION))
			.bind(METADATA)
			.execute(db.pool())
			.await
			.unwrap();
		for number in 0..2 {
			write(&db, &mut transfer_block(number)).await.unwrap();
		}
		// The index keeps the event's fields as the runtime encoded them, which its metadata
		// decodes to what the indexer read.
		let metadata = kept_runtime(&db, SPEC_VERSION.into()).await.unwrap();
		let field_data: Vec<u8> = sqlx::query_scalar("SELECT field_data FROM events LIMIT 1")
			.fetch_one(db.pool())
			.await
			.unwrap();
		let fields = event_json(&metadata, ("Certificates", "Transferred"), &field_data).unwrap();
		assert_eq!(Value::Object(fields), json!({"batch": 4, "from": ALICE, "to": bob(), "wh": 5}));
		let error = event_json(&metadata, ("Certificates", "Transfered"), &field_data).unwrap_err();
		assert_eq!(error, "its runtime has no event Certificates.Transfered");
		let error = event_json(&metadata, ("Certificates", "Transferred"), &field_data[..40]);
		assert!(error.is_err(), "fields cut short do not decode");

		// Nothing refreshed yet: both blocks' marks, each once; none once both are refreshed.
		assert_eq!(stale_after(&db, -1).await.unwrap(), transfer_marks());
		assert_eq!(stale_after(&db, 0).await.unwrap(), transfer_marks());
		assert_eq!(stale_after(&db, 1).await.unwrap(), BTreeSet::new());
		sqlx::query("UPDATE chain SET refreshed_number = 1").execute(db.pool()).await.unwrap();
		assert_eq!(start(&db, "0xgenesis").await.unwrap(), (2, 1));

		// A block of a runtime the index has no metadata of cannot be read again: named.
		let mut unknown = transfer_block(2);
		unknown.spec_version = 999;
		write(&db, &mut unknown).await.unwrap();
		let error = stale_after(&db, 1).await.unwrap_err();
		assert_eq!(error.to_string(), "the index has no metadata of runtime 999");
	}

	#[tokio::test]
	async fn a_gateway_batchs_accepted_items_are_indexed_with_their_meters_energy() {
		let dir = tempfile::tempdir().unwrap();
		let db = Database::open(dir.path().join("index.sqlite").to_str().unwrap()).await.unwrap();
		let meter = json!({"Sr25519": format!("0x{}", "01".repeat(32))});
		// The extrinsics' arguments are decoded where blocks are fetched (see
		// `readings::tests`): here, the items they sent.
		let extrinsic = |position, call: &str, success: bool| {
			ExtrinsicRecord::new(
				position,
				format!("0x{position:064x}"),
				("Meters".into(), call.into()),
				None,
				(!success).then(|| "Meters.BadSignature".to_owned()),
				Vec::new(),
			)
		};
		let event = |position, extrinsic, name: &str, fields: Value| {
			let fields = fields.as_object().unwrap().clone();
			EventRecord::new(
				position,
				("extrinsic", Some(extrinsic)),
				("Meters".into(), name.into()),
				fields,
				Vec::new(),
			)
		};
		let item = |index, interval, registers: &[(u64, u64)]| Submitted {
			index,
			meter: meter.to_string(),
			interval,
			registers: registers
				.iter()
				.map(|&(time, counter_wh)| readings::Register { time, counter_wh })
				.collect(),
		};
		let block = |number: u64, extrinsics, events, submitted| {
			let hashes =
				(format!("0x{number:064x}"), format!("0x{:064x}", number.saturating_sub(1)));
			let hashes = (number, hashes.0, hashes.1);
			BlockRecord::new(Backend::Sqlite, hashes, (0, 109), extrinsics, events, submitted)
				.unwrap()
		};
		// The meter is bound to device 3, then a batch of three readings: the second refused.
		let batch = vec![
			item(0, None, &[(3600, 100)]),
			item(1, None, &[(7200, 50)]),
			item(2, None, &[(10_800, 400)]),
		];
		write(
			&db,
			&mut block(
				0,
				vec![extrinsic(0, "bind_meter", true), extrinsic(1, "submit_readings", true)],
				vec![
					event(0, 0, "MeterBound", json!({"device": 3, "meter": meter})),
					event(
						1,
						1,
						"ReadingRejected",
						json!({"index": 1, "meter": meter, "error": "x"}),
					),
					event(2, 1, "BatchProcessed", json!({"accepted": 2, "rejected": 1})),
				],
				BTreeMap::from([(1, batch)]),
			),
		)
		.await
		.unwrap();
		// A profile continues from the meter's last register.
		let profile = item(0, Some(3600), &[(14_400, 450), (18_000, 600)]);
		write(
			&db,
			&mut block(
				1,
				vec![extrinsic(0, "submit_readings", false), extrinsic(1, "submit_profile", true)],
				Vec::new(),
				BTreeMap::from([(1, vec![profile])]),
			),
		)
		.await
		.unwrap();
		/// Block, item, device, kind, start, end, Wh, Wh per interval.
		type Row = (i64, i64, i64, String, Option<i64>, i64, i64, Option<String>);
		let rows: Vec<Row> = sqlx::query_as(
			"SELECT block_number, item, device, kind, start_time, end_time, wh, interval_wh \
				 FROM readings ORDER BY block_number, extrinsic, item",
		)
		.fetch_all(db.pool())
		.await
		.unwrap();
		assert_eq!(
			rows,
			vec![
				(0, 0, 3, "reading".into(), None, 3600, 0, None),
				(0, 2, 3, "reading".into(), Some(3600), 10_800, 300, None),
				(1, 0, 3, "profile".into(), Some(10_800), 18_000, 200, Some("50,150".into())),
			]
		);
	}

	#[test]
	fn only_well_formed_addresses_count_as_accounts() {
		assert!(is_address(ALICE));
		assert!(!is_address("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"));
		assert!(!is_address("Roof of Alice"));
	}
}

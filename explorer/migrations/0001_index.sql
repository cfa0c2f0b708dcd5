-- The explorer's index: one schema for SQLite and PostgreSQL (portable types only: BIGINT,
-- TEXT, BOOLEAN; JSON kept as TEXT). Amounts in Wh fit BIGINT; ORI amounts (u128) are TEXT.

-- What the index follows and how far it got: the last block written, and the last block whose
-- events' entities the snapshots have been fetched after (see `snapshots.rs`).
CREATE TABLE chain (
	id BIGINT PRIMARY KEY,
	genesis_hash TEXT NOT NULL,
	indexed_number BIGINT NOT NULL,
	indexed_hash TEXT NOT NULL,
	refreshed_number BIGINT NOT NULL
);

CREATE TABLE blocks (
	number BIGINT PRIMARY KEY,
	hash TEXT NOT NULL UNIQUE,
	parent_hash TEXT NOT NULL,
	timestamp_ms BIGINT NOT NULL,
	spec_version BIGINT NOT NULL,
	extrinsics BIGINT NOT NULL,
	events BIGINT NOT NULL
);

-- The metadata of each runtime the indexed blocks ran (SCALE, as the node's
-- `state_getMetadata` gives it), by its spec version: what decodes their call data.
CREATE TABLE runtimes (
	spec_version BIGINT PRIMARY KEY,
	metadata BYTEA NOT NULL
);

CREATE TABLE extrinsics (
	block_number BIGINT NOT NULL,
	position BIGINT NOT NULL,
	hash TEXT NOT NULL,
	pallet TEXT NOT NULL,
	call TEXT NOT NULL,
	signer TEXT,
	success BOOLEAN NOT NULL,
	error TEXT,
	-- Its arguments as SCALE, decoded by the metadata of its block's runtime (`runtimes`)
	-- when shown: a busy chain's call data decoded to JSON is several times its size.
	call_data BYTEA NOT NULL,
	PRIMARY KEY (block_number, position)
);
CREATE INDEX extrinsics_by_hash ON extrinsics (hash);
CREATE INDEX extrinsics_by_signer ON extrinsics (signer, block_number);

CREATE TABLE events (
	block_number BIGINT NOT NULL,
	position BIGINT NOT NULL,
	extrinsic BIGINT,
	phase TEXT NOT NULL,
	pallet TEXT NOT NULL,
	name TEXT NOT NULL,
	-- Its fields as SCALE, decoded by the metadata of its block's runtime when shown, as
	-- extrinsics' arguments are: the most numerous of a block's rows, in under half their JSON.
	field_data BYTEA NOT NULL,
	PRIMARY KEY (block_number, position)
);
-- The registry's own events (not fees' or the system's), newest first for the overview: a
-- partial index, so the latest few are found by walking it back rather than by sorting them all.
-- Its condition is the overview query's, word for word (SQLite uses a partial index only then).
CREATE INDEX registry_events ON events (block_number, position)
	WHERE pallet IN ('Meters', 'Certificates', 'Market', 'Footprint');

-- Which registry entities (device, batch, account, retirement, order, trade, zone) each event
-- concerns: an entity's history is its events.
CREATE TABLE event_subjects (
	kind TEXT NOT NULL,
	id TEXT NOT NULL,
	block_number BIGINT NOT NULL,
	position BIGINT NOT NULL,
	PRIMARY KEY (kind, id, block_number, position)
-- SQLite keeps the rows in their key's order, one B-tree rather than a table and its key's
-- index: an event names one or two entities, so these are the index's most numerous rows.
) /* SQLite: WITHOUT ROWID */;

-- Snapshots of the registry's entities, as the node's `origo_*` RPC gives them (the `view`
-- column) at block `at_block`, with the columns that pages filter and sort on.
CREATE TABLE devices (
	id BIGINT PRIMARY KEY,
	owner TEXT NOT NULL,
	name TEXT NOT NULL,
	zone TEXT NOT NULL,
	technology TEXT NOT NULL,
	status TEXT NOT NULL,
	at_block BIGINT NOT NULL,
	view TEXT NOT NULL,
	meters TEXT NOT NULL
);
-- With the id: an owner's devices in order without sorting them (an operator may own thousands).
CREATE INDEX devices_by_owner ON devices (owner, id);
CREATE INDEX devices_by_name ON devices (name, id);

CREATE TABLE batches (
	id BIGINT PRIMARY KEY,
	device BIGINT NOT NULL,
	zone TEXT NOT NULL,
	technology TEXT NOT NULL,
	production_start TEXT NOT NULL,
	issued_wh BIGINT NOT NULL,
	held_wh BIGINT NOT NULL,
	retired_wh BIGINT NOT NULL,
	expired_wh BIGINT NOT NULL,
	revoked_wh BIGINT NOT NULL,
	at_block BIGINT NOT NULL,
	view TEXT NOT NULL
);
CREATE INDEX batches_by_device ON batches (device, id);
CREATE INDEX batches_by_zone ON batches (zone, technology);

-- The batches' supply summed per zone and technology, kept with each batch snapshot (the
-- overview's totals, without summing every batch per request).
CREATE TABLE batch_totals (
	zone TEXT NOT NULL,
	technology TEXT NOT NULL,
	batches BIGINT NOT NULL,
	issued_wh BIGINT NOT NULL,
	held_wh BIGINT NOT NULL,
	retired_wh BIGINT NOT NULL,
	expired_wh BIGINT NOT NULL,
	revoked_wh BIGINT NOT NULL,
	PRIMARY KEY (zone, technology)
);

CREATE TABLE holdings (
	account TEXT NOT NULL,
	batch BIGINT NOT NULL,
	wh BIGINT NOT NULL,
	PRIMARY KEY (account, batch)
);
CREATE INDEX holdings_by_batch ON holdings (batch);
-- Covers an account's total held (the sum is read from the index alone).
CREATE INDEX holdings_by_account ON holdings (account, wh);

CREATE TABLE retirements (
	id BIGINT PRIMARY KEY,
	batch BIGINT NOT NULL,
	retirer TEXT NOT NULL,
	beneficiary TEXT,
	beneficiary_name TEXT,
	purpose TEXT NOT NULL,
	wh BIGINT NOT NULL,
	avoided_g_co2e BIGINT NOT NULL,
	block_number BIGINT NOT NULL,
	view TEXT NOT NULL
);
CREATE INDEX retirements_by_batch ON retirements (batch);
CREATE INDEX retirements_by_retirer ON retirements (retirer, id);
CREATE INDEX retirements_by_beneficiary ON retirements (beneficiary, id);
-- The search by beneficiary or device name scans these (names and ids only), not the rows.
CREATE INDEX retirements_by_name ON retirements (beneficiary_name, id);

-- Orders, open or closed: a closed order keeps its last open snapshot.
CREATE TABLE orders (
	id BIGINT PRIMARY KEY,
	owner TEXT NOT NULL,
	side TEXT NOT NULL,
	batch BIGINT,
	open BOOLEAN NOT NULL,
	placed_block BIGINT NOT NULL,
	view TEXT NOT NULL
);
CREATE INDEX orders_by_owner ON orders (owner, id);
CREATE INDEX orders_by_batch ON orders (batch);
-- The market's open asks and bids, in order.
CREATE INDEX orders_by_state ON orders (open, side, id);

CREATE TABLE trades (
	id BIGINT PRIMARY KEY,
	batch BIGINT NOT NULL,
	seller TEXT NOT NULL,
	buyer TEXT NOT NULL,
	wh BIGINT NOT NULL,
	price_per_mwh TEXT NOT NULL,
	block_number BIGINT NOT NULL,
	view TEXT NOT NULL
);
CREATE INDEX trades_by_batch ON trades (batch);
CREATE INDEX trades_by_seller ON trades (seller, id);
CREATE INDEX trades_by_buyer ON trades (buyer, id);

-- Every clearing of a local auction, from its event.
CREATE TABLE clearings (
	block_number BIGINT NOT NULL,
	position BIGINT NOT NULL,
	zone TEXT NOT NULL,
	technology TEXT NOT NULL,
	period_start BIGINT NOT NULL,
	period_end BIGINT NOT NULL,
	price_per_mwh TEXT,
	wh BIGINT NOT NULL,
	trades BIGINT NOT NULL,
	PRIMARY KEY (block_number, position)
);
CREATE INDEX clearings_by_zone ON clearings (zone, period_end);

-- What meters measured: every reading, profile and meter reset the chain accepted, single or
-- in a gateway batch (see `readings.rs`). `wh` is the difference from the meter's previous
-- accepted register (0 for a baseline, whose `start_time` is NULL); a profile keeps its energy
-- per interval in `interval_wh` (comma-separated Wh).
CREATE TABLE readings (
	block_number BIGINT NOT NULL,
	extrinsic BIGINT NOT NULL,
	item BIGINT NOT NULL,
	device BIGINT NOT NULL,
	meter TEXT NOT NULL,
	kind TEXT NOT NULL,
	start_time BIGINT,
	end_time BIGINT NOT NULL,
	counter_wh BIGINT NOT NULL,
	wh BIGINT NOT NULL,
	interval_seconds BIGINT,
	interval_wh TEXT,
	PRIMARY KEY (block_number, extrinsic, item)
);
CREATE INDEX readings_by_device ON readings (device, end_time);

-- Each meter's device and last accepted register, as the chain keeps them.
CREATE TABLE meters (
	meter TEXT PRIMARY KEY,
	device BIGINT NOT NULL,
	counter_wh BIGINT,
	read_at BIGINT
);

-- The chain's accounting periods and neutrality status, as the node gives them.
CREATE TABLE neutrality_periods (
	id BIGINT PRIMARY KEY,
	view TEXT NOT NULL
);
CREATE TABLE neutrality (
	id BIGINT PRIMARY KEY,
	at_block BIGINT NOT NULL,
	view TEXT NOT NULL
);

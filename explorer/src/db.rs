//! The index's database: SQLite (a file, the default) or PostgreSQL, through one pool and one
//! set of migrations (`migrations/`), written in the SQL both understand (see [`Migrations`]
//! for a clause only SQLite takes). Booleans are read as
//! `CASE WHEN column THEN 1 ELSE 0 END`: SQLite gives them back as integers, which sqlx's `Any`
//! driver does not decode as `bool`.

use crate::error::{Error, Result};
use futures::future::BoxFuture;
use sqlx::{
	any::{AnyArguments, AnyConnectOptions, AnyPoolOptions},
	error::BoxDynError,
	migrate::{Migration, MigrationSource, Migrator},
	Any, AnyConnection, AnyPool, Arguments, Executor, Sqlite, Transaction,
};
use std::str::FromStr;

/// Which database holds the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
	/// One SQLite file.
	Sqlite,
	/// A PostgreSQL database.
	Postgres,
}

/// The index's database.
#[derive(Clone)]
pub struct Database {
	pool: AnyPool,
	backend: Backend,
}

/// The URL of a database named on the command line: a `postgres://` URL, a `sqlite:` URL, or
/// a file path (for SQLite, created if missing).
pub fn database_url(name: &str) -> (String, Backend) {
	if name.starts_with("postgres://") || name.starts_with("postgresql://") {
		(name.to_owned(), Backend::Postgres)
	} else if name.starts_with("sqlite:") {
		(name.to_owned(), Backend::Sqlite)
	} else {
		(format!("sqlite://{name}?mode=rwc"), Backend::Sqlite)
	}
}

/// The migrations (`migrations/`) as `backend` takes them: a clause only SQLite takes is
/// written as a comment, `/* SQLite: … */`, that SQLite's copy turns into the clause.
#[derive(Debug)]
struct Migrations(Backend);

impl<'s> MigrationSource<'s> for Migrations {
	fn resolve(self) -> BoxFuture<'s, std::result::Result<Vec<Migration>, BoxDynError>> {
		Box::pin(async move {
			Ok(sqlx::migrate!("./migrations")
				.iter()
				.map(|migration| {
					let sql = match self.0 {
						Backend::Sqlite => sqlite_clauses(&migration.sql),
						Backend::Postgres => migration.sql.to_string(),
					};
					Migration::new(
						migration.version,
						migration.description.clone(),
						migration.migration_type,
						sql.into(),
						migration.no_tx,
					)
				})
				.collect())
		})
	}
}

/// `sql` with each `/* SQLite: clause */` made the clause.
fn sqlite_clauses(sql: &str) -> String {
	const OPEN: &str = "/* SQLite: ";
	let mut out = String::with_capacity(sql.len());
	let mut rest = sql;
	while let Some(start) = rest.find(OPEN) {
		let Some(length) = rest[start..].find("*/") else { break };
		out.push_str(&rest[..start]);
		out.push_str(rest[start + OPEN.len()..start + length].trim_end());
		rest = &rest[start + length + 2..];
	}
	out.push_str(rest);
	out
}

/// The tables the migrations create, dropped to rebuild the index (children first), and those
/// an earlier version's did (`stale`: snapshots to fetch again, now worked out from the events).
const TABLES: &[&str] = &[
	"neutrality",
	"neutrality_periods",
	"meters",
	"readings",
	"clearings",
	"trades",
	"orders",
	"retirements",
	"holdings",
	"batch_totals",
	"batches",
	"devices",
	"stale",
	"event_subjects",
	"events",
	"extrinsics",
	"runtimes",
	"blocks",
	"chain",
	"_sqlx_migrations",
];

impl Database {
	/// Opens the database `name` (see [`database_url`]) and brings its schema up to date.
	pub async fn open(name: &str) -> Result<Self> {
		sqlx::any::install_default_drivers();
		let (url, backend) = database_url(name);
		let options = AnyConnectOptions::from_str(&url)
			.map_err(|e| Error::from(format!("bad database URL {url}: {e}")))?;
		let pool = AnyPoolOptions::new()
			// SQLite has one writer; readers (the web pages) run beside it in WAL mode.
			.max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
			.after_connect(move |connection, _| {
				Box::pin(async move {
					// A catch-up writes index pages all over the file: a 64 MiB page cache
					// (SQLite's default is 2 MiB) and checkpoints every 64 MiB of log, not 4,
					// write each page fewer times.
					if backend == Backend::Sqlite {
						connection
							.execute(
								"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
								 PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
								 PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384; \
								 PRAGMA temp_store = MEMORY;",
							)
							.await?;
					}
					Ok(())
				})
			})
			.connect_with(options)
			.await
			.map_err(|e| Error::from(format!("cannot open the database {url}: {e}")))?;
		let database = Self { pool, backend };
		database.migrate().await?;
		Ok(database)
	}

	/// Applies the migrations the database has not had yet.
	pub async fn migrate(&self) -> Result<()> {
		let failed = |e: sqlx::migrate::MigrateError| {
			Error::from(format!(
				"cannot migrate the database: {e} (an index made by another version of \
					 origo-explorer is rebuilt with --rebuild)"
			))
		};
		let migrator = Migrator::new(Migrations(self.backend)).await.map_err(failed)?;
		migrator.run(&self.pool).await.map_err(failed)
	}

	/// Drops the whole index and creates it empty, to rebuild it from the chain.
	pub async fn rebuild(&self) -> Result<()> {
		for table in TABLES {
			sqlx::query(&format!("DROP TABLE IF EXISTS {table}")).execute(&self.pool).await?;
		}
		self.migrate().await
	}

	/// The connection pool.
	pub fn pool(&self) -> &AnyPool {
		&self.pool
	}

	/// Which database this is.
	pub fn backend(&self) -> Backend {
		self.backend
	}
}

/// A Wh amount or count as the database's BIGINT; amounts above `i64::MAX` (9.2 EWh) are not
/// a registry's, so they are refused rather than wrapped.
pub fn int(value: u64) -> Result<i64> {
	i64::try_from(value)
		.map_err(|_| Error::from(format!("{value} does not fit the index's BIGINT")))
}

/// A value bound to a statement of [`insert_many`].
#[derive(Clone, Debug)]
pub enum Param {
	/// A BIGINT, or NULL.
	Int(Option<i64>),
	/// A TEXT, or NULL.
	Text(Option<String>),
	/// A BOOLEAN.
	Bool(bool),
	/// A BYTEA (SQLite: BLOB).
	Bytes(Vec<u8>),
}

impl From<i64> for Param {
	fn from(value: i64) -> Self {
		Param::Int(Some(value))
	}
}

impl From<Option<i64>> for Param {
	fn from(value: Option<i64>) -> Self {
		Param::Int(value)
	}
}

impl From<String> for Param {
	fn from(value: String) -> Self {
		Param::Text(Some(value))
	}
}

impl From<&str> for Param {
	fn from(value: &str) -> Self {
		Param::Text(Some(value.to_owned()))
	}
}

impl From<Option<String>> for Param {
	fn from(value: Option<String>) -> Self {
		Param::Text(value)
	}
}

impl From<&[u8]> for Param {
	fn from(value: &[u8]) -> Self {
		Param::Bytes(value.to_owned())
	}
}

impl From<bool> for Param {
	fn from(value: bool) -> Self {
		Param::Bool(value)
	}
}

/// Keys looked up with one `IN (…)` query (bound parameters).
pub const LOOKUP_CHUNK: usize = 500;

/// The most parameters one statement of [`insert_many`] binds (SQLite allows 32,766,
/// PostgreSQL 65,535).
const MAX_PARAMS: usize = 3000;

/// `count` parameter placeholders from the `first`, for the backend of `connection` (see
/// [`Backend::placeholders`]).
pub fn placeholders(connection: &AnyConnection, first: usize, count: usize) -> String {
	Backend::of(connection).placeholders(first, count)
}

impl Backend {
	/// The backend of `connection`.
	fn of(connection: &AnyConnection) -> Self {
		if connection.backend_name() == <Sqlite as sqlx::Database>::NAME {
			Backend::Sqlite
		} else {
			Backend::Postgres
		}
	}

	/// `count` parameter placeholders from the `first`: `$first, $first+1, …` on PostgreSQL,
	/// anonymous `?, ?, …` on SQLite, which binds those in order. SQLite finds a numbered
	/// parameter's name by walking the list of all of a statement's names, so binding
	/// thousands of `$N` costs the square of their number: on a catch-up, more than the
	/// writing itself.
	pub fn placeholders(self, first: usize, count: usize) -> String {
		match self {
			Backend::Sqlite => vec!["?"; count].join(", "),
			Backend::Postgres => {
				(first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
			},
		}
	}
}

/// A statement ready to run: its SQL and its arguments, bound where its rows were made (a
/// block's, on the threads that decode blocks), so that the one writer only runs it.
pub struct Statement {
	sql: String,
	arguments: AnyArguments<'static>,
}

impl std::fmt::Debug for Statement {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "{} ({} arguments)", self.sql, self.arguments.len())
	}
}

impl Statement {
	/// Runs the statement in `tx`.
	pub async fn execute(self, tx: &mut Transaction<'static, Any>) -> Result<()> {
		sqlx::query_with(&self.sql, self.arguments).execute(&mut **tx).await?;
		Ok(())
	}
}

/// `params` bound in order.
fn arguments(params: &[Param]) -> Result<AnyArguments<'static>> {
	let mut arguments = AnyArguments::default();
	for param in params {
		match param {
			Param::Int(value) => arguments.add(*value),
			Param::Text(value) => arguments.add(value.clone()),
			Param::Bool(value) => arguments.add(*value),
			Param::Bytes(value) => arguments.add(value.clone()),
		}?;
	}
	Ok(arguments)
}

/// Inserts rows of `columns` values each, `params` row after row, with as few statements as
/// the parameter limit allows: `{into} VALUES (…), (…) {tail}`. A block's hundreds of events
/// take a few statements rather than one each, which is most of an index's writing time.
pub async fn insert_many(
	tx: &mut Transaction<'static, Any>,
	into: &str,
	tail: &str,
	columns: usize,
	params: &[Param],
) -> Result<()> {
	execute_for_rows(tx, columns, params, |values| format!("{into} VALUES {values} {tail}")).await
}

/// The statements of [`insert_many`] for `backend`, to run later.
pub fn inserts(
	backend: Backend,
	(into, tail): (&str, &str),
	columns: usize,
	params: &[Param],
) -> Result<Vec<Statement>> {
	statements_for_rows(backend, columns, params, |values| format!("{into} VALUES {values} {tail}"))
}

/// Deletes the rows of `table` whose `key` (columns, comma-separated) is one of `keys`, given
/// key after key, with as few statements as the parameter limit allows.
pub async fn delete_many(
	tx: &mut Transaction<'static, Any>,
	table: &str,
	key: &str,
	keys: &[Param],
) -> Result<()> {
	let columns = key.split(',').count();
	execute_for_rows(tx, columns, keys, |values| {
		format!("DELETE FROM {table} WHERE ({key}) IN (VALUES {values})")
	})
	.await
}

/// Executes `statement(values)` for `params`, rows of `columns` values each, as few times as the
/// parameter limit allows: `values` is the placeholders of a run of rows, `(…), (…)`, whose
/// columns a statement names `column1`, `column2`, … as both databases do (`VALUES … AS v`).
pub async fn execute_for_rows(
	tx: &mut Transaction<'static, Any>,
	columns: usize,
	params: &[Param],
	statement: impl Fn(&str) -> String,
) -> Result<()> {
	for prepared in statements_for_rows(Backend::of(tx), columns, params, statement)? {
		prepared.execute(tx).await?;
	}
	Ok(())
}

/// The statements of [`execute_for_rows`] for `backend`.
fn statements_for_rows(
	backend: Backend,
	columns: usize,
	params: &[Param],
	statement: impl Fn(&str) -> String,
) -> Result<Vec<Statement>> {
	debug_assert_eq!(params.len() % columns, 0, "whole rows");
	params
		.chunks(MAX_PARAMS / columns * columns)
		.map(|chunk| {
			let values = (0..chunk.len() / columns)
				.map(|row| format!("({})", backend.placeholders(row * columns + 1, columns)))
				.collect::<Vec<_>>()
				.join(", ");
			Ok(Statement { sql: statement(&values), arguments: arguments(chunk)? })
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sqlite_only_clauses_are_comments_that_sqlites_migrations_make_clauses() {
		let sql = "CREATE TABLE t (a INT PRIMARY KEY) /* SQLite: WITHOUT ROWID */;\n\
		           CREATE TABLE u (b INT) /* SQLite: STRICT */; -- /* a comment */";
		assert_eq!(
			sqlite_clauses(sql),
			"CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID;\n\
			 CREATE TABLE u (b INT) STRICT; -- /* a comment */"
		);
		assert_eq!(sqlite_clauses("no clause /* SQLite: open"), "no clause /* SQLite: open");
	}

	#[tokio::test]
	async fn rows_are_written_and_deleted_by_key_across_statements() {
		let dir = tempfile::tempdir().unwrap();
		let db = Database::open(dir.path().join("index.sqlite").to_str().unwrap()).await.unwrap();
		// 2,500 rows of 3 values: more than one statement's parameters, bound in order.
		let params: Vec<Param> = (0..2_500_i64)
			.flat_map(|n| [Param::from(format!("account{}", n % 7)), n.into(), (n * 10).into()])
			.collect();
		let mut tx = db.pool().begin().await.unwrap();
		insert_many(&mut tx, "INSERT INTO holdings (account, batch, wh)", "", 3, &params)
			.await
			.unwrap();
		// Every third row's key, again across statements.
		let gone: Vec<Param> =
			params.chunks(3).step_by(3).flat_map(|row| row[..2].to_vec()).collect();
		delete_many(&mut tx, "holdings", "account, batch", &gone).await.unwrap();
		tx.commit().await.unwrap();
		let rows: Vec<(String, i64, i64)> =
			sqlx::query_as("SELECT account, batch, wh FROM holdings")
				.fetch_all(db.pool())
				.await
				.unwrap();
		let mut ids: Vec<i64> = rows
			.iter()
			.map(|(account, batch, wh)| {
				assert_eq!(*account, format!("account{}", batch % 7), "row {batch}'s account");
				assert_eq!(*wh, batch * 10, "row {batch} kept its values together");
				*batch
			})
			.collect();
		ids.sort();
		assert_eq!(ids, (0..2_500).filter(|n| n % 3 != 0).collect::<Vec<_>>());
	}
}

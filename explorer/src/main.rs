//! `origo-explorer`: follows an Origo node's finalized blocks into an index and serves the
//! registry's pages. See the crate's library docs.

use clap::Parser;
use origo_explorer::{db::Database, index, web};
use std::net::SocketAddr;

/// The indexer decodes and writes millions of small values; jemalloc keeps up with that on
/// every core where the system's allocator does not.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The Origo registry in a browser: an index of a node's finalized blocks, and its pages.
#[derive(Parser, Debug)]
#[command(version)]
struct Options {
	/// The node's WebSocket RPC endpoint (an archive node: `--state-pruning archive`, so that
	/// old blocks' events can be read).
	#[arg(long, env = "ORIGO_URL", default_value = "ws://127.0.0.1:9944")]
	node: String,

	/// The index's database: a SQLite file (created if missing) or a `postgres://` URL.
	#[arg(long, env = "ORIGO_EXPLORER_DB", default_value = "origo-explorer.sqlite")]
	db: String,

	/// Where the web server listens.
	#[arg(long, default_value = "127.0.0.1:8080")]
	listen: SocketAddr,

	/// Drop the index and rebuild it from the chain.
	#[arg(long)]
	rebuild: bool,
}

#[tokio::main]
async fn main() {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env()
				.unwrap_or_else(|_| "info,sqlx=warn".into()),
		)
		.with_writer(std::io::stderr)
		.init();
	let options = Options::parse();
	if let Err(error) = run(options).await {
		eprintln!("origo-explorer: {error}");
		std::process::exit(1);
	}
}

async fn run(options: Options) -> origo_explorer::error::Result<()> {
	let db = Database::open(&options.db).await?;
	if options.rebuild {
		db.rebuild().await?;
		tracing::info!("the index was dropped; rebuilding it from the chain");
	}
	let indexed: Option<i64> = sqlx::query_scalar("SELECT indexed_number FROM chain WHERE id = 0")
		.fetch_optional(db.pool())
		.await?;
	let (position, watched) = tokio::sync::watch::channel(indexed.unwrap_or(0).max(0) as u64);
	tokio::spawn(index::follow(db.clone(), options.node.clone(), position));
	let listener = tokio::net::TcpListener::bind(options.listen).await.map_err(|e| {
		origo_explorer::error::Error::from(format!("cannot listen on {}: {e}", options.listen))
	})?;
	let address = listener.local_addr()?;
	// The line scripts and tests wait for: where the pages are.
	println!("origo-explorer: http://{address}/ (indexing {})", options.node);
	web::serve(listener, web::AppState::new(db, watched)).await?;
	Ok(())
}

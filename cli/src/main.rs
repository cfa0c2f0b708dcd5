//! `origo`: the Origo registry's client for every role: governance appoints issuers; issuers
//! approve devices; owners register devices, bind meters and import readings; holders transfer
//! and retire certificates; auditors check retirements, batches, devices and the chain's own
//! footprint; validators offset the chain.
//!
//! It talks to a node over WebSocket (`--url`). Keys come from `--suri` (a dev URI such as
//! `//Alice`, a mnemonic, optionally with `//derivation`), `--key-file` or the `ORIGO_SURI`
//! environment variable; they are never printed or logged. Read commands print tables, or JSON
//! with `--json`. A refused transaction prints the chain's error by name and exits with 1.

#![deny(missing_docs)]

mod chain;
mod commands;
mod error;
mod keys;
mod output;
mod receipt;

use clap::Parser;
use std::process::ExitCode;

/// The Origo registry's client.
#[derive(Debug, Parser)]
#[command(name = "origo", version, about, long_about = None)]
struct Cli {
	#[command(flatten)]
	global: chain::GlobalOptions,
	#[command(subcommand)]
	command: commands::Command,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	match commands::run(cli.command, &cli.global).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("error: {}", error.0);
			ExitCode::FAILURE
		},
	}
}

//! `origo-node`: the Origo full node.
//!
//! Aura block production (6 s slots), GRANDPA finality, ParityDB storage, and the registry's
//! JSON-RPC. `origo-node --dev` runs a one-validator development chain with a temporary database.

#![deny(missing_docs)]

mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod energy;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}

//! The ledger's logic, one file per feature; the calls and hooks in `lib.rs` call these.

mod chain_nodes;
mod model;
mod periods;

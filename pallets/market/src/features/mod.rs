//! The market's logic, one file per feature; the calls in `lib.rs` check their origin and call
//! these.

pub mod auctions;
mod fills;
mod orders;
mod settlement;
mod standing_asks;

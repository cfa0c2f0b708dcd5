//! The registry's logic, one file per feature; the calls in `lib.rs` check their origin and call
//! these.

mod emission_factors;
mod escrow;
mod expiry_and_revocation;
mod holdings;
mod issuance;
mod retirements;
mod transfers;

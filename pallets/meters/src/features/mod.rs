//! The registry's logic, one file per feature; the calls in `lib.rs` check their origin and call
//! these.

mod devices;
mod issuers;
mod meters;
mod profiles;
mod readings;

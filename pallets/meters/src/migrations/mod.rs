//! Storage migrations of pallet-meters, one module per storage version.

pub mod v1;

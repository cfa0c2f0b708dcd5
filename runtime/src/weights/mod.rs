//! Weights measured for this runtime on the reference machine, beyond the pallets' own.

pub mod paritydb_weights;

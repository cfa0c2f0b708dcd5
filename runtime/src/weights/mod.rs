//! Weights measured for this runtime on the reference machine, beyond the pallets' own.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod paritydb_weights;

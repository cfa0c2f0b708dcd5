//! The pallets whose benchmarks the node's `benchmark pallet` subcommand runs.
//!
//! `frame_system`'s own benchmarks are left out: its `set_code` benchmark embeds a 4 MB test
//! runtime in the wasm, and the runtime uses frame_system's default weights anyway.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_collective, RegistryCouncil]
	[pallet_membership, RegistryCouncilMembership]
	[pallet_preimage, Preimage]
	[pallet_whitelist, Whitelist]
	[pallet_meters, Meters]
	[pallet_certificates, Certificates]
	[pallet_footprint, Footprint]
	[pallet_market, Market]
);

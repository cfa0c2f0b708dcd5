//! The registry pallets: meters (devices, issuers, readings).

use frame_support::{parameter_types, traits::ConstU32};

use super::RegistryGovernance;
use crate::{Runtime, Timestamp};

parameter_types! {
	/// Meters' clocks may run up to five minutes ahead of the chain's.
	pub const MaxClockDrift: u64 = 300;
}

impl pallet_meters::Config for Runtime {
	type GovernanceOrigin = RegistryGovernance;
	type UnixTime = Timestamp;
	// Certificates and the footprint ledger take these over in their pallets.
	type OnProduction = ();
	type OnConsumption = ();
	type MaxNameLength = ConstU32<64>;
	type MaxReasonLength = ConstU32<256>;
	type MaxZonesPerIssuer = ConstU32<32>;
	type MaxMetersPerDevice = ConstU32<8>;
	type MaxReadingsPerBatch = ConstU32<1_000>;
	type MaxClockDrift = MaxClockDrift;
	// Inverters and meters may read up to 10 % above nameplate capacity.
	type CapacityTolerancePercent = ConstU32<110>;
	type WeightInfo = pallet_meters::weights::SubstrateWeight<Runtime>;
}

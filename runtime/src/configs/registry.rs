//! The registry pallets: meters (devices, issuers, readings) and certificates.

use frame_support::{parameter_types, traits::ConstU32};

use super::RegistryGovernance;
use crate::{Certificates, Meters, Runtime, Timestamp};

parameter_types! {
	/// Meters' clocks may run up to five minutes ahead of the chain's.
	pub const MaxClockDrift: u64 = 300;
	/// One certificate is one MWh, as an EECS guarantee of origin.
	pub const CertificateQuantum: origo_primitives::registry::Wh = origo_primitives::registry::WH_PER_MWH;
	/// Certificates expire 12 months (365 days) after their production ends, as EU GOs do.
	pub const CertificateLifetime: u64 = 365 * 24 * 60 * 60;
}

impl pallet_meters::Config for Runtime {
	type GovernanceOrigin = RegistryGovernance;
	type UnixTime = Timestamp;
	type OnProduction = Certificates;
	// The footprint ledger takes consumption over in its pallet.
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

impl pallet_certificates::Config for Runtime {
	type Devices = Meters;
	type UnixTime = Timestamp;
	type GovernanceOrigin = RegistryGovernance;
	type Quantum = CertificateQuantum;
	type CertificateLifetime = CertificateLifetime;
	type MaxTextLength = ConstU32<256>;
	type MaxBatchesPerCall = ConstU32<64>;
	type MaxHoldersPerCall = ConstU32<256>;
	type MaxFactorHistory = ConstU32<32>;
	type WeightInfo = pallet_certificates::weights::SubstrateWeight<Runtime>;
}

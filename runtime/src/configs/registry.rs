//! The registry pallets: meters (devices, issuers, readings), certificates, and the chain's own
//! footprint.

use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, LinearStoragePrice},
	PalletId,
};
use sp_runtime::traits::AccountIdConversion;

use super::RegistryGovernance;
use crate::{
	AccountId, Balance, Balances, Certificates, Footprint, Meters, Runtime, RuntimeHoldReason,
	Timestamp, UNIT,
};

parameter_types! {
	/// Meters' clocks may run up to five minutes ahead of the chain's.
	pub const MaxClockDrift: u64 = 300;
	/// One certificate is one MWh, as an EECS guarantee of origin.
	pub const CertificateQuantum: origo_primitives::registry::Wh = origo_primitives::registry::WH_PER_MWH;
	/// Certificates expire 12 months (365 days) after their production ends, as EU GOs do.
	pub const CertificateLifetime: u64 = 365 * 24 * 60 * 60;
	/// Production up to 13 months (396 days) before a device's approval may be certified: a
	/// registry's usual window to issue for production before registration.
	pub const MaxBackfill: u64 = 396 * 24 * 60 * 60;
	/// A meter's feeless readings come at least 15 minutes apart, the finest settlement
	/// interval of European markets; more frequent readings go in paid batches.
	pub const FeelessInterval: u64 = 15 * 60;
	/// A transfer sends at least 1 kWh: 64 holdings, the most one `retire_oldest` takes, are
	/// then at least 64 kWh, so dust cannot stand in an account's way.
	pub const MinTransfer: origo_primitives::registry::Wh = 1_000;
	/// A retirement retires at least 1 kWh, or all its retirer holds of the batch: its record
	/// (about 300 bytes) is kept forever.
	pub const MinRetirement: origo_primitives::registry::Wh = 1_000;
	/// What a device, a meter key or a holding opened by a transfer holds, besides its bytes:
	/// 0.1 ORI (security review L-2), returned when the state goes.
	pub const RegistryDepositBase: Balance = UNIT / 10;
	/// What each byte of such state holds, as a preimage's byte does.
	pub const RegistryByteDeposit: Balance = UNIT / 100_000;
	pub const DeviceHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Meters(pallet_meters::HoldReason::DeviceDeposit);
	pub const MeterHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Meters(pallet_meters::HoldReason::MeterDeposit);
	pub const HoldingHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Certificates(pallet_certificates::HoldReason::HoldingDeposit);
}

/// The price of registry state: [`RegistryDepositBase`] + [`RegistryByteDeposit`] per byte.
type RegistryDeposit = LinearStoragePrice<RegistryDepositBase, RegistryByteDeposit, Balance>;

impl pallet_meters::Config for Runtime {
	type GovernanceOrigin = RegistryGovernance;
	type UnixTime = Timestamp;
	type OnProduction = Certificates;
	// Consumption devices that governance recognised as the chain's nodes: their energy is the
	// chain's footprint; pallet-footprint refuses any other's.
	type OnConsumption = Footprint;
	type MaxNameLength = ConstU32<64>;
	type MaxReasonLength = ConstU32<256>;
	type MaxZonesPerIssuer = ConstU32<32>;
	type MaxReadingsPerBatch = ConstU32<1_000>;
	// A day of 15-minute intervals.
	type MaxProfileIntervals = ConstU32<96>;
	// 500 P-256 profiles of 96 intervals, the dearest batch, take well under a block.
	type MaxProfilesPerBatch = ConstU32<500>;
	type MaxClockDrift = MaxClockDrift;
	// Inverters and meters may read up to 10 % above nameplate capacity.
	type CapacityTolerancePercent = ConstU32<110>;
	type MaxBackfill = MaxBackfill;
	type DefaultFeelessInterval = FeelessInterval;
	type SenderSignatureCheck = super::SenderSignatureCheck;
	type DeviceDeposit = HoldConsideration<AccountId, Balances, DeviceHoldReason, RegistryDeposit>;
	type MeterDeposit = HoldConsideration<AccountId, Balances, MeterHoldReason, RegistryDeposit>;
	type WeightInfo = pallet_meters::weights::SubstrateWeight<Runtime>;
}

impl pallet_certificates::Config for Runtime {
	type Devices = Meters;
	type UnixTime = Timestamp;
	type GovernanceOrigin = RegistryGovernance;
	type Quantum = CertificateQuantum;
	type CertificateLifetime = CertificateLifetime;
	type MaxTextLength = ConstU32<256>;
	type MinTransfer = MinTransfer;
	type MinRetirement = MinRetirement;
	type MaxBatchesPerCall = ConstU32<64>;
	type MaxPrunedPerCall = ConstU32<256>;
	type MaxFactorHistory = ConstU32<32>;
	type OnNeutralityRetirement = Footprint;
	// Standing asks list a device's new batches.
	type OnIssued = crate::Market;
	type HoldingDeposit =
		HoldConsideration<AccountId, Balances, HoldingHoldReason, RegistryDeposit>;
	type WeightInfo = pallet_certificates::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// The neutrality reserve's account: certificates sent here offset the chain as periods close.
	pub NeutralityReserveAccount: AccountId = PalletId(*b"origo/nr").into_account_truncating();
	/// Accounting periods are UTC days.
	pub const FootprintPeriod: u64 = 24 * 60 * 60;
}

/// The validators that execute every block: the Aura authorities.
pub struct AuraValidators;

impl frame_support::traits::Get<u32> for AuraValidators {
	fn get() -> u32 {
		pallet_aura::Authorities::<Runtime>::decode_len().unwrap_or(0) as u32
	}
}

impl pallet_footprint::Config for Runtime {
	type UnixTime = Timestamp;
	type GovernanceOrigin = RegistryGovernance;
	type Devices = Meters;
	type Reserve = Certificates;
	type ReserveAccount = NeutralityReserveAccount;
	type Validators = AuraValidators;
	type PeriodLength = FootprintPeriod;
	type WeightInfo = pallet_footprint::weights::SubstrateWeight<Runtime>;
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::weights::Weight;
	use pallet_certificates::WeightInfo as _;
	use pallet_footprint::WeightInfo as _;

	type CertificateWeights = pallet_certificates::weights::SubstrateWeight<Runtime>;
	type FootprintWeights = pallet_footprint::weights::SubstrateWeight<Runtime>;

	fn storage(reads: u64, writes: u64) -> Weight {
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes)
	}

	/// Security review M-5: the calls that iterate were measured at their worst case, every item
	/// on its own device, zone and emission-factor history, so each item pays for its own
	/// device record and zone totals, not for a cache hit.
	#[test]
	fn m5_iterating_calls_pay_every_items_storage() {
		// A pruned holding: the holding, its batch, device and zone totals read; holding,
		// batch and zone totals written.
		assert!(CertificateWeights::prune(256).all_gte(storage(4 * 256, 3 * 256)));
		// A retired batch: holding, batch, device, zone totals and emission factors read;
		// holding, batch, zone totals, the record and its batch index written.
		assert!(CertificateWeights::retire_oldest(64).all_gte(storage(5 * 64, 5 * 64)));
		// The reserve's draw at a period's close retires as `retire_oldest` does.
		assert!(FootprintWeights::close_period(64).all_gte(storage(5 * 64, 5 * 64)));
	}
}

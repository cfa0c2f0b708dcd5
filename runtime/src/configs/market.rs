//! The certificate market: asks, bids, direct fills, standing asks and hourly local auctions,
//! settled in ORI.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};
use sp_runtime::{traits::AccountIdConversion, Permill};

use super::RegistryGovernance;
use crate::{AccountId, Balances, Certificates, Meters, Runtime, RuntimeHoldReason, Timestamp};

parameter_types! {
	/// Where the market's fees go: an account governance spends from. Endowed with the existential
	/// deposit at genesis, so that a fee of a few plancks can always be paid into it.
	pub MarketFeeAccount: AccountId = PalletId(*b"origo/mf").into_account_truncating();
	/// Governance may charge up to 5 % of each payment; the market starts without a fee.
	pub const MaxMarketFee: Permill = Permill::from_percent(5);
}

impl pallet_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Certificates = Certificates;
	type Devices = Meters;
	type UnixTime = Timestamp;
	type GovernanceOrigin = RegistryGovernance;
	type FeeDestination = MarketFeeAccount;
	type MaxFee = MaxMarketFee;
	// A producer lists each of its batches, a buyer bids per need: a few hundred each.
	type MaxOrdersPerAccount = ConstU32<256>;
	// Enough for a neighbourhood's rooftops or a country's zones in one bid.
	type MaxFilterItems = ConstU32<16>;
	// Local auctions clear hourly, as the readings that mint their certificates come (the dev
	// chain's genesis sets a minute).
	type DefaultAuctionPeriod = ConstU64<3_600>;
	// A neighbourhood's hour: a full book clears in a fraction of a block (see the weights).
	type MaxAuctionOrders = ConstU32<256>;
	type WeightInfo = pallet_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkClock;
}

/// Sets the clock in the market's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkClock;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_market::BenchmarkHelper for BenchmarkClock {
	fn set_time(unix_seconds: u64) {
		pallet_timestamp::Now::<Runtime>::put(unix_seconds * 1_000);
	}
}

//! The runtime APIs the node and clients call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Block, BlockNumber, Certificates, Executive, Footprint, Grandpa,
	InherentDataExt, Market, Meters, Nonce, Runtime, RuntimeCall, RuntimeGenesisConfig,
	SessionKeys, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// The key owner proof type is uninhabited (`Void`): there is no proof to make.
			None
		}
	}

	#[api_version(2)]
	impl pallet_meters_runtime_api::MetersApi<Block, AccountId> for Runtime {
		fn device(
			device: origo_primitives::registry::DeviceId,
		) -> Option<pallet_meters::DeviceDetails<AccountId>> {
			Meters::device_details(device)
		}

		fn devices(
			first: origo_primitives::registry::DeviceId,
			count: u32,
		) -> Vec<pallet_meters::DeviceDetails<AccountId>> {
			Meters::devices_from(first, count)
		}

		fn device_meters(
			device: origo_primitives::registry::DeviceId,
			start_after: Option<origo_primitives::registry::MeterKey>,
			limit: u32,
		) -> Vec<(origo_primitives::registry::MeterKey, pallet_meters::Meter)> {
			Meters::device_meters(device, start_after, limit)
		}

		fn meter(meter: origo_primitives::registry::MeterKey) -> Option<pallet_meters::Meter> {
			pallet_meters::Meters::<Runtime>::get(meter)
		}

		fn devices_of_owner(
			owner: AccountId,
			start_after: Option<origo_primitives::registry::DeviceId>,
			limit: u32,
		) -> Vec<origo_primitives::registry::DeviceId> {
			Meters::devices_of_owner(owner, start_after, limit)
		}

		fn devices_in_zone(
			zone: origo_primitives::registry::Zone,
			start_after: Option<origo_primitives::registry::DeviceId>,
			limit: u32,
		) -> Vec<origo_primitives::registry::DeviceId> {
			Meters::devices_in_zone(zone, start_after, limit)
		}
	}

	#[api_version(2)]
	impl pallet_market_runtime_api::MarketApi<
		Block,
		AccountId,
		Balance,
		pallet_market::AskOf<Runtime>,
		pallet_market::BidOf<Runtime>,
		pallet_market::TradeOf<Runtime>,
		pallet_market::StandingAsk<AccountId, Balance>,
	> for Runtime {
		fn order_book(
			zone: origo_primitives::registry::Zone,
			limit: u32,
		) -> pallet_market::OrderBook<pallet_market::AskOf<Runtime>, pallet_market::BidOf<Runtime>> {
			Market::order_book(zone, limit)
		}

		fn orders_of(
			account: AccountId,
			start_after: Option<pallet_market::OrderId>,
			limit: u32,
		) -> Vec<pallet_market::Order<pallet_market::AskOf<Runtime>, pallet_market::BidOf<Runtime>>> {
			Market::orders_of(&account, start_after, limit)
		}

		fn order(
			order: pallet_market::OrderId,
		) -> Option<pallet_market::Order<pallet_market::AskOf<Runtime>, pallet_market::BidOf<Runtime>>> {
			Market::order(order)
		}

		fn orders(
			first: pallet_market::OrderId,
			count: u32,
		) -> Vec<pallet_market::Order<pallet_market::AskOf<Runtime>, pallet_market::BidOf<Runtime>>> {
			Market::orders_from(first, count)
		}

		fn trades_of(
			account: AccountId,
			start_after: Option<pallet_market::TradeId>,
			limit: u32,
		) -> Vec<(pallet_market::TradeId, pallet_market::TradeOf<Runtime>)> {
			Market::trades_of(&account, start_after, limit)
		}

		fn batch_trades(
			batch: origo_primitives::registry::BatchId,
			start_after: Option<pallet_market::TradeId>,
			limit: u32,
		) -> Vec<(pallet_market::TradeId, pallet_market::TradeOf<Runtime>)> {
			Market::batch_trades(batch, start_after, limit)
		}

		fn trade(trade: pallet_market::TradeId) -> Option<pallet_market::TradeOf<Runtime>> {
			pallet_market::Trades::<Runtime>::get(trade)
		}

		fn trades(
			first: pallet_market::TradeId,
			count: u32,
		) -> Vec<(pallet_market::TradeId, pallet_market::TradeOf<Runtime>)> {
			Market::trades_from(first, count)
		}

		fn retirement_trades(
			first: origo_primitives::registry::RetirementId,
			count: u32,
		) -> Vec<(
			origo_primitives::registry::RetirementId,
			pallet_market::TradeId,
			pallet_market::TradeOf<Runtime>,
		)> {
			Market::retirement_trades_from(first, count)
		}

		fn retirement_trade(
			retirement: origo_primitives::registry::RetirementId,
		) -> Option<(pallet_market::TradeId, pallet_market::TradeOf<Runtime>)> {
			Market::retirement_trade(retirement)
		}

		fn clearings(
			zone: origo_primitives::registry::Zone,
		) -> Vec<(origo_primitives::registry::Technology, pallet_market::Clearing<Balance>)> {
			Market::clearings(zone)
		}

		fn standing_ask(
			device: origo_primitives::registry::DeviceId,
		) -> Option<pallet_market::StandingAsk<AccountId, Balance>> {
			pallet_market::StandingAsks::<Runtime>::get(device)
		}
	}

	#[api_version(5)]
	impl pallet_certificates_runtime_api::CertificatesApi<Block, AccountId, BlockNumber> for Runtime {
		fn batch(
			batch: pallet_certificates::BatchId,
		) -> Option<pallet_certificates::BatchDetails<AccountId>> {
			Certificates::batch_details(batch)
		}

		fn batches(
			first: pallet_certificates::BatchId,
			count: u32,
		) -> Vec<(pallet_certificates::BatchId, pallet_certificates::BatchDetails<AccountId>)> {
			Certificates::batches_from(first, count)
		}

		fn holdings(
			account: AccountId,
			start_after: Option<pallet_certificates::BatchId>,
			limit: u32,
		) -> Vec<(pallet_certificates::BatchId, origo_primitives::registry::Wh)> {
			Certificates::holdings_of(&account, start_after, limit)
		}

		fn holding(
			account: AccountId,
			batch: pallet_certificates::BatchId,
		) -> Option<origo_primitives::registry::Wh> {
			Certificates::holding_of(&account, batch)
		}

		fn holdings_among(
			account: AccountId,
			first: pallet_certificates::BatchId,
			count: u32,
		) -> Vec<(pallet_certificates::BatchId, origo_primitives::registry::Wh)> {
			Certificates::holdings_among(&account, first, count)
		}

		fn prunable_holdings(
			account: AccountId,
			start_after: Option<pallet_certificates::BatchId>,
			limit: u32,
		) -> (
			Vec<(pallet_certificates::BatchId, origo_primitives::registry::Wh)>,
			Option<pallet_certificates::BatchId>,
		) {
			Certificates::prunable_holdings_of(&account, start_after, limit)
		}

		fn retirement(
			retirement: pallet_certificates::RetirementId,
		) -> Option<pallet_certificates::RetirementRecordOf<Runtime>> {
			Certificates::retirement(retirement)
		}

		fn retirements(
			first: pallet_certificates::RetirementId,
			count: u32,
		) -> Vec<(pallet_certificates::RetirementId, pallet_certificates::RetirementRecordOf<Runtime>)> {
			Certificates::retirements_from(first, count)
		}

		fn retirements_of(
			account: AccountId,
			start_after: Option<pallet_certificates::RetirementId>,
			limit: u32,
		) -> Vec<(pallet_certificates::RetirementId, pallet_certificates::RetirementRecordOf<Runtime>)> {
			Certificates::retirements_of(&account, start_after, limit)
		}

		fn device_batches(
			device: origo_primitives::registry::DeviceId,
			start_after: Option<pallet_certificates::BatchId>,
			limit: u32,
		) -> Vec<pallet_certificates::BatchId> {
			Certificates::device_batches(device, start_after, limit)
		}

		fn device_ledger(
			device: origo_primitives::registry::DeviceId,
		) -> Option<pallet_certificates::DeviceLedger> {
			pallet_certificates::DeviceLedgers::<Runtime>::get(device)
		}

		fn device_ledgers(
			first: origo_primitives::registry::DeviceId,
			count: u32,
		) -> Vec<(origo_primitives::registry::DeviceId, pallet_certificates::DeviceLedger)> {
			Certificates::device_ledgers_from(first, count)
		}

		fn zone_totals(zone: origo_primitives::registry::Zone) -> pallet_certificates::ZoneTotals {
			pallet_certificates::ZoneTotalsOf::<Runtime>::get(zone)
		}
	}

	impl pallet_footprint_runtime_api::FootprintApi<Block, AccountId> for Runtime {
		fn status() -> pallet_footprint::NeutralityStatus<AccountId> {
			Footprint::neutrality_status()
		}

		fn history(
			start_after: Option<pallet_footprint::PeriodId>,
			limit: u32,
		) -> Vec<(pallet_footprint::PeriodId, pallet_footprint::PeriodRecord)> {
			Footprint::period_history(start_after, limit)
		}

		fn node_consumption(
			period: pallet_footprint::PeriodId,
			start_after: Option<origo_primitives::registry::DeviceId>,
			limit: u32,
		) -> Vec<(origo_primitives::registry::DeviceId, origo_primitives::registry::Wh)> {
			Footprint::node_consumption(period, start_after, limit)
		}

		fn node_total(device: origo_primitives::registry::DeviceId) -> origo_primitives::registry::Wh {
			pallet_footprint::NodeTotals::<Runtime>::get(device)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();

			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::extensions::Pallet as SystemExtensionsBench;
			use baseline::Pallet as BaselineBench;
			use super::*;

			impl frame_system_benchmarking::Config for Runtime {}
			impl pallet_transaction_payment::BenchmarkConfig for Runtime {}
			impl baseline::Config for Runtime {}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// A failing pre/post-upgrade check must stop right here, with a backtrace.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}

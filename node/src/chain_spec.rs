//! Chain specifications built from the runtime's genesis presets.

use origo_runtime::WASM_BINARY;
use sc_service::{ChainType, Properties};

/// A chain specification of Origo.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The token's symbol, decimals and the SS58 prefix, for wallets and explorers.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "ORI".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), origo_primitives::SS58_PREFIX.into());
	properties
}

/// A chain spec from the runtime's preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm was not built (SKIP_WASM_BUILD was set): rebuild without it".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// One validator (Alice): see the runtime's `development` preset.
pub fn development() -> Result<ChainSpec, String> {
	from_preset(
		"Origo Development",
		"origo_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// Three validators (Alice, Bob, Charlie) on one machine: see the `local_testnet` preset.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"Origo Local Testnet",
		"origo_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

//! Genesis presets: the starting state of the `development` and `local_testnet` chains.
//!
//! The node builds its `dev` and `local` chain specs from these presets, and the committed specs
//! in `chain-spec/` are exported from them (see the README).

use crate::{
	configs::MarketFeeAccount, AccountId, BalancesConfig, CertificatesConfig, FootprintConfig,
	MarketConfig, MetersConfig, RegistryCouncilMembershipConfig, RuntimeGenesisConfig, SudoConfig,
	EXISTENTIAL_DEPOSIT, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use origo_primitives::registry::Zone;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{ed25519, hex2array, sr25519};
use sp_genesis_builder::{self, PresetId};

/// What every dev account starts with: enough to pay fees for years of testing.
const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// A well-known development key (`//Alice`, ...): its sr25519 public key (account, Aura) and its
/// ed25519 public key (GRANDPA). Hard-coded because deriving them in the runtime would pull
/// mnemonic word lists and Unicode tables (megabytes) into the wasm; a test checks them against
/// `sp-keyring`.
pub struct DevKey {
	/// The seed's name, `Alice` for `//Alice`.
	pub name: &'static str,
	/// The sr25519 public key.
	pub sr25519: [u8; 32],
	/// The ed25519 public key.
	pub ed25519: [u8; 32],
}

impl DevKey {
	/// The account of the sr25519 key.
	pub fn account(&self) -> AccountId {
		AccountId::new(self.sr25519)
	}

	/// Aura and GRANDPA keys, for a validator.
	fn authority(&self) -> (AuraId, GrandpaId) {
		(
			sr25519::Public::from_raw(self.sr25519).into(),
			ed25519::Public::from_raw(self.ed25519).into(),
		)
	}
}

/// `//Alice`.
pub const ALICE: DevKey = DevKey {
	name: "Alice",
	sr25519: hex2array!("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"),
	ed25519: hex2array!("88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"),
};
/// `//Bob`.
pub const BOB: DevKey = DevKey {
	name: "Bob",
	sr25519: hex2array!("8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"),
	ed25519: hex2array!("d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69"),
};
/// `//Charlie`.
pub const CHARLIE: DevKey = DevKey {
	name: "Charlie",
	sr25519: hex2array!("90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22"),
	ed25519: hex2array!("439660b36c6c03afafca027b910b4fecf99801834c62a5e6006f27d978de234f"),
};
/// `//Dave`.
pub const DAVE: DevKey = DevKey {
	name: "Dave",
	sr25519: hex2array!("306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20"),
	ed25519: hex2array!("5e639b43e0052c47447dac87d6fd2b6ec50bdd4d0f614e4299c665249bbd09d9"),
};
/// `//Eve`.
pub const EVE: DevKey = DevKey {
	name: "Eve",
	sr25519: hex2array!("e659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e"),
	ed25519: hex2array!("1dfe3e22cc0d45c70779c1095f7489a8ef3cf52d62fbd8c2fa38c9f1723502b5"),
};
/// `//Ferdie`.
pub const FERDIE: DevKey = DevKey {
	name: "Ferdie",
	sr25519: hex2array!("1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c"),
	ed25519: hex2array!("568cb4a574c6d178feb39c27dfc8b3f789e5f5423e19c71633c748b9acf086b5"),
};

/// Every development key, funded in both presets.
pub const DEV_KEYS: [&DevKey; 6] = [&ALICE, &BOB, &CHARLIE, &DAVE, &EVE, &FERDIE];

/// An issuer at genesis: account, name, zones.
type GenesisIssuer = (AccountId, Vec<u8>, Vec<Zone>);

/// An emission factor at genesis: zone, valid from (unix seconds), gCO2e/kWh.
type GenesisEmissionFactor = (Zone, u64, u32);

/// The energy model's coefficients until governance measures better: a server core draws about
/// 25 W while it executes (25 pJ per ref_time picosecond), and a 1U server idles at about 60 W.
const MODEL_COEFFICIENTS: pallet_footprint::Coefficients =
	pallet_footprint::Coefficients { picojoules_per_ref_time: 25, idle_watts_per_validator: 60 };

/// The genesis shared by both presets.
fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	council: Vec<AccountId>,
	sudo: Option<AccountId>,
	issuers: Vec<GenesisIssuer>,
	emission_factors: Vec<GenesisEmissionFactor>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed
				.into_iter()
				.map(|account| (account, ENDOWMENT))
				// The market's fee account exists from genesis: any fee can be paid into it.
				.chain([(MarketFeeAccount::get(), EXISTENTIAL_DEPOSIT)])
				.collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities
				.iter()
				.map(|(_, grandpa)| (grandpa.clone(), 1))
				.collect::<Vec<_>>(),
		},
		registry_council_membership: RegistryCouncilMembershipConfig {
			members: council.try_into().expect("the dev council is below MaxMembers; qed"),
		},
		sudo: SudoConfig { key: sudo },
		meters: MetersConfig { issuers },
		certificates: CertificatesConfig { emission_factors, ..Default::default() },
		footprint: FootprintConfig { coefficients: MODEL_COEFFICIENTS },
	})
}

/// The dev accounts funded in both presets.
fn dev_accounts() -> Vec<AccountId> {
	DEV_KEYS.iter().map(|key| key.account()).collect()
}

/// The development issuer: Dave, for the zones of the sample data (`US-FL`, `US-NC`) and `DE`.
fn dev_issuer() -> GenesisIssuer {
	let zones = [&b"US-FL"[..], b"US-NC", b"DE"]
		.iter()
		.map(|code| Zone::from_code(code).expect("valid zone codes; qed"))
		.collect();
	(DAVE.account(), b"Origo Dev Issuer".to_vec(), zones)
}

/// Grid emission factors of the development issuer's zones from 2020 on, rounded published
/// figures (EPA eGRID 2022 for FRCC and SRVC, UBA 2023 for Germany). Illustrative for a dev chain:
/// governance sets the real ones.
fn dev_emission_factors() -> Vec<GenesisEmissionFactor> {
	const JAN_2020: u64 = 1_577_836_800;
	[(&b"US-FL"[..], 386), (b"US-NC", 268), (b"DE", 380)]
		.iter()
		.map(|(code, g)| (Zone::from_code(code).expect("valid zone codes; qed"), JAN_2020, *g))
		.collect()
}

/// One validator (Alice), funded dev accounts, Alice as sudo, Alice, Bob and Charlie on the
/// registry council, Dave as an issuer, emission factors for Dave's zones, and local auctions
/// that clear every minute (so that a walkthrough need not wait an hour).
pub fn development() -> Value {
	let mut patch = genesis(
		vec![ALICE.authority()],
		dev_accounts(),
		council(),
		Some(ALICE.account()),
		vec![dev_issuer()],
		dev_emission_factors(),
	);
	// Only the dev preset names the market: other presets keep its defaults, and so stay valid
	// for runtimes without the market's genesis config (the upgrade test's spec-102 runtime).
	patch["market"] =
		serde_json::to_value(MarketConfig { auction_period: Some(60), ..Default::default() })
			.expect("a genesis config serializes");
	patch
}

/// Three validators (Alice, Bob, Charlie), funded dev accounts, no sudo: governance is the
/// registry council alone.
pub fn local_testnet() -> Value {
	genesis(
		vec![ALICE.authority(), BOB.authority(), CHARLIE.authority()],
		dev_accounts(),
		council(),
		None,
		Vec::new(),
		Vec::new(),
	)
}

/// The registry council of the test presets.
fn council() -> Vec<AccountId> {
	[&ALICE, &BOB, &CHARLIE].iter().map(|key| key.account()).collect()
}

/// The JSON patch of the preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		_ => return None,
	};
	Some(serde_json::to_string(&patch).expect("a JSON value always serializes; qed").into_bytes())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

	/// The genesis of preset `id`.
	fn preset_genesis(id: &str) -> crate::RuntimeGenesisConfig {
		let patch = get_preset(&PresetId::from(id)).expect("a listed preset");
		let json: Value = serde_json::from_slice(&patch).expect("presets are JSON");
		let mut full =
			serde_json::to_value(crate::RuntimeGenesisConfig::default()).expect("serializes");
		json_merge(&mut full, json);
		serde_json::from_value(full).expect("the patch fits the genesis config")
	}

	/// Test externalities with the state of preset `id`'s genesis.
	pub(crate) fn preset_ext(id: &str) -> sp_io::TestExternalities {
		sp_runtime::BuildStorage::build_storage(&preset_genesis(id))
			.expect("the genesis builds")
			.into()
	}

	#[test]
	fn dev_keys_are_the_keyring_keys() {
		for key in DEV_KEYS {
			let sr: Sr25519Keyring = key.name.parse().expect("a keyring name");
			let ed: Ed25519Keyring = key.name.parse().expect("a keyring name");
			assert_eq!(key.sr25519, sr.public().0, "{}'s sr25519 key", key.name);
			assert_eq!(key.ed25519, ed.public().0, "{}'s ed25519 key", key.name);
		}
	}

	#[test]
	fn presets_build_a_genesis() {
		for id in preset_names() {
			let id = core::str::from_utf8(id.as_ref()).expect("preset ids are UTF-8");
			sp_runtime::BuildStorage::build_storage(&preset_genesis(id))
				.expect("the genesis builds");
		}
	}

	fn json_merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					json_merge(base.entry(key).or_insert(Value::Null), value);
				}
			},
			(base, patch) => *base = patch,
		}
	}
}

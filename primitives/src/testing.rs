//! What every Origo test builds its state from: dev accounts and zones, as the pallets' mocks,
//! the benchmarks' tests and the end-to-end tests name them.

use crate::{registry::Zone, AccountId};
use sp_core::{sr25519, Pair};
use sp_runtime::traits::IdentifyAccount;

/// The sr25519 dev key `//name`, e.g. `//Alice`.
pub fn dev_pair(name: &str) -> sr25519::Pair {
	// Deriving a dev key runs 2,048 rounds of PBKDF2, and tests name accounts thousands of
	// times: each thread keeps the keys it derived.
	std::thread_local! {
		static PAIRS: std::cell::RefCell<std::collections::HashMap<String, sr25519::Pair>> =
			Default::default();
	}
	PAIRS.with(|pairs| {
		pairs
			.borrow_mut()
			.entry(name.to_owned())
			.or_insert_with(|| {
				sr25519::Pair::from_string(&format!("//{name}"), None).expect("a dev seed is valid")
			})
			.clone()
	})
}

/// The account of [`dev_pair`]`(name)`.
pub fn account(name: &str) -> AccountId {
	sp_runtime::MultiSigner::from(dev_pair(name).public()).into_account()
}

/// A zone by its code, e.g. `US-FL`.
pub fn zone(code: &str) -> Zone {
	Zone::from_code(code.as_bytes()).expect("a valid zone code")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_accounts_are_the_well_known_ones() {
		// Alice's SS58 public key, as every Substrate tool shows it.
		assert_eq!(
			format!("{:?}", account("Alice")),
			"d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d (5GrwvaEF...)"
		);
		assert_eq!(zone("US-FL").code(), b"US-FL");
	}
}

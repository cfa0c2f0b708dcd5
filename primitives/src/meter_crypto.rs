//! The node's native verification of P-256 meter signatures, a host function of Origo's runtime.
//!
//! RustCrypto's `p256` verifies a signature in about 3.2 ms inside the wasm runtime (portable
//! 32-bit field arithmetic): a block would verify under 500 P-256 profiles, fewer than a real
//! meter fleet sends. The runtime therefore asks the node to verify natively
//! ([`meter_crypto::p256_verify`]), as `sp_io::crypto` does for sr25519, ed25519 and secp256k1:
//! the node checks the key and the low-S rule with `p256` and the ECDSA equation with `ring`'s
//! assembly, 91 µs in all on the reference machine.
//!
//! **Every node must provide it.** A runtime that imports a host function can only be executed
//! by nodes that register it: `origo-node` does, in its executor and its benchmark commands
//! ([`HostFunctions`]). Another node implementation (or an older `origo-node`) cannot import or
//! author blocks of this runtime, and a runtime upgrade that introduces such a function must wait
//! until the validators run a node that has it. The function is pure and deterministic (no state,
//! no randomness): every node computes the same answer from the same bytes.

use sp_runtime_interface::{
	pass_by::{PassFatPointerAndRead, PassPointerAndRead},
	runtime_interface,
};

/// Meter signature schemes the runtime verifies through the node.
#[runtime_interface]
pub trait MeterCrypto {
	/// Whether `signature` (r || s, big-endian) is the low-S ECDSA signature of the compressed
	/// P-256 key `key` over the SHA-256 of `payload`: the rules of
	/// [`P256Public::verify`](crate::meter_keys::P256Public::verify), evaluated natively.
	fn p256_verify(
		key: PassPointerAndRead<&[u8; 33], 33>,
		payload: PassFatPointerAndRead<&[u8]>,
		signature: PassPointerAndRead<&[u8; 64], 64>,
	) -> bool {
		crate::meter_keys::p256_verify_in_process(key, payload, signature)
	}
}

/// The host functions `origo-node` registers beside `sp_io`'s, so that it can run the runtime.
#[cfg(not(substrate_runtime))]
pub use meter_crypto::HostFunctions;

//! Meter keys and their signatures: sr25519, ed25519, ecdsa on secp256k1 (Substrate's three
//! schemes) and ECDSA on NIST P-256 with SHA-256 (the scheme of the secure elements in smart
//! meters, DLMS/COSEM and OCMF).
//!
//! A signature is verified with the scheme of the key it claims, against the raw public key
//! ([`MeterKey::verify`]), never through an account id: one secret is one meter key, an sr25519
//! secret cannot sign for an ed25519 key of the same bytes, nor an ecdsa secret for the 32-byte
//! hash of its public key.
//!
//! **P-256 signatures must be low-S.** ECDSA signatures are malleable: if `(r, s)` is valid, so
//! is `(r, n - s)`. Origo refuses the high-S form rather than normalising it, as Bitcoin's BIP 62
//! and Ethereum's EIP-2 do for secp256k1, so that a meter's signature has exactly one encoding
//! and no one can present a second, different-looking copy of a signed profile. Signers here
//! normalise ([`P256Pair::sign`]); a meter whose secure element emits high S needs its gateway to
//! replace `s` by `n - s` (which stays a valid signature of the same key).
//!
//! The runtime verifies P-256 signatures through the node ([`crate::meter_crypto`]), as it
//! verifies the other three through `sp_io`.
//!
//! The encodings of the first three schemes are [`sp_runtime::MultiSigner`]'s and
//! [`sp_runtime::MultiSignature`]'s, variant by variant, so keys and signatures stored or signed
//! before P-256 decode unchanged.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519};
use sp_runtime::traits::Verify;

/// A P-256 public key: its compressed SEC1 encoding (`02` or `03`, then x, 33 bytes).
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub struct P256Public(pub [u8; 33]);

/// A P-256 ECDSA signature over the SHA-256 of the payload: `r` then `s`, 32 bytes each,
/// big-endian; `s` in the lower half of the group order (low-S).
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct P256Signature(pub [u8; 64]);

impl P256Public {
	/// The key, if the bytes are a compressed point of the curve. Only the compressed tags
	/// (`02`, `03`) are taken: SEC1's 33-byte compact form (`05`) would give one key a second
	/// encoding, so a second meter key, and a retired meter could be bound again under it.
	fn verifying_key(&self) -> Option<p256::ecdsa::VerifyingKey> {
		matches!(self.0[0], 2 | 3)
			.then(|| p256::ecdsa::VerifyingKey::from_sec1_bytes(&self.0).ok())
			.flatten()
	}

	/// Whether the bytes are a compressed point of the curve.
	pub fn is_valid(&self) -> bool {
		self.verifying_key().is_some()
	}

	/// Whether `signature` is this key's low-S ECDSA signature over the SHA-256 of `payload`.
	/// The node evaluates it natively ([`crate::meter_crypto`]).
	pub fn verify(&self, payload: &[u8], signature: &P256Signature) -> bool {
		crate::meter_crypto::meter_crypto::p256_verify(&self.0, payload, &signature.0)
	}
}

/// The rules of [`P256Public::verify`], run in the calling process: by the node for the
/// runtime's host function, and directly in native builds.
#[cfg(not(substrate_runtime))]
pub(crate) fn p256_verify_in_process(key: &[u8; 33], payload: &[u8], signature: &[u8; 64]) -> bool {
	let Some(verifying_key) = P256Public(*key).verifying_key() else { return false };
	// `from_slice` takes r and s in [1, n - 1] only; `normalize_s` returns the low-S form only
	// when `s` is high: refused (module docs).
	match p256::ecdsa::Signature::from_slice(signature) {
		Ok(parsed) if parsed.normalize_s().is_none() => {},
		_ => return false,
	}
	verify_point(&verifying_key, payload, signature)
}

/// ECDSA verification of a parsed, low-S signature. The node uses `ring`, whose P-256 assembly
/// verifies in about a fifth of `p256`'s time (91 µs against 459 µs on the reference machine,
/// key decompression included); both are plain ECDSA over SHA-256 of the payload.
#[cfg(all(not(substrate_runtime), feature = "std"))]
fn verify_point(key: &p256::ecdsa::VerifyingKey, payload: &[u8], signature: &[u8; 64]) -> bool {
	use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};
	let point = key.to_encoded_point(false);
	UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point.as_bytes())
		.verify(payload, signature)
		.is_ok()
}

/// ECDSA verification of a parsed, low-S signature, for native builds without `std`.
#[cfg(all(not(substrate_runtime), not(feature = "std")))]
fn verify_point(key: &p256::ecdsa::VerifyingKey, payload: &[u8], signature: &[u8; 64]) -> bool {
	use p256::ecdsa::signature::Verifier as _;
	p256::ecdsa::Signature::from_slice(signature)
		.is_ok_and(|signature| key.verify(payload, &signature).is_ok())
}

/// A meter's public key, in one of the meter schemes.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub enum MeterKey {
	/// An ed25519 key.
	#[codec(index = 0)]
	Ed25519(ed25519::Public),
	/// An sr25519 key.
	#[codec(index = 1)]
	Sr25519(sr25519::Public),
	/// An ECDSA key on secp256k1, compressed; it signs the payload's blake2-256, as
	/// `sp_core::ecdsa::Pair::sign` does.
	#[codec(index = 2)]
	Ecdsa(ecdsa::Public),
	/// An ECDSA key on NIST P-256 (secp256r1), compressed; it signs the payload's SHA-256.
	#[codec(index = 3)]
	P256(P256Public),
}

/// A meter's signature, in its key's scheme.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub enum MeterSignature {
	/// An ed25519 signature.
	#[codec(index = 0)]
	Ed25519(ed25519::Signature),
	/// An sr25519 signature.
	#[codec(index = 1)]
	Sr25519(sr25519::Signature),
	/// A secp256k1 ECDSA signature with its recovery id.
	#[codec(index = 2)]
	Ecdsa(ecdsa::Signature),
	/// A P-256 ECDSA signature, low-S.
	#[codec(index = 3)]
	P256(P256Signature),
}

impl MeterKey {
	/// Whether the key can verify anything: a P-256 key must be a point of the curve. Keys of
	/// the other schemes are any bytes of their length (one that is no key verifies nothing).
	pub fn is_valid(&self) -> bool {
		match self {
			MeterKey::P256(key) => key.is_valid(),
			_ => true,
		}
	}

	/// The scheme's name: `sr25519`, `ed25519`, `ecdsa` or `p256`.
	pub fn scheme(&self) -> &'static str {
		match self {
			MeterKey::Ed25519(_) => "ed25519",
			MeterKey::Sr25519(_) => "sr25519",
			MeterKey::Ecdsa(_) => "ecdsa",
			MeterKey::P256(_) => "p256",
		}
	}

	/// Whether `signature` is this key's over `payload`, in the key's own scheme. Any other
	/// pairing of key and signature is false.
	pub fn verify(&self, payload: &[u8], signature: &MeterSignature) -> bool {
		match (self, signature) {
			(MeterKey::Sr25519(key), MeterSignature::Sr25519(signature)) => {
				signature.verify(payload, key)
			},
			(MeterKey::Ed25519(key), MeterSignature::Ed25519(signature)) => {
				signature.verify(payload, key)
			},
			(MeterKey::Ecdsa(key), MeterSignature::Ecdsa(signature)) => {
				signature.verify(payload, key)
			},
			(MeterKey::P256(key), MeterSignature::P256(signature)) => {
				key.verify(payload, signature)
			},
			_ => false,
		}
	}
}

impl From<sr25519::Public> for MeterKey {
	fn from(key: sr25519::Public) -> Self {
		MeterKey::Sr25519(key)
	}
}

impl From<ed25519::Public> for MeterKey {
	fn from(key: ed25519::Public) -> Self {
		MeterKey::Ed25519(key)
	}
}

impl From<ecdsa::Public> for MeterKey {
	fn from(key: ecdsa::Public) -> Self {
		MeterKey::Ecdsa(key)
	}
}

impl From<P256Public> for MeterKey {
	fn from(key: P256Public) -> Self {
		MeterKey::P256(key)
	}
}

impl From<sr25519::Signature> for MeterSignature {
	fn from(signature: sr25519::Signature) -> Self {
		MeterSignature::Sr25519(signature)
	}
}

impl From<ed25519::Signature> for MeterSignature {
	fn from(signature: ed25519::Signature) -> Self {
		MeterSignature::Ed25519(signature)
	}
}

impl From<ecdsa::Signature> for MeterSignature {
	fn from(signature: ecdsa::Signature) -> Self {
		MeterSignature::Ecdsa(signature)
	}
}

impl From<P256Signature> for MeterSignature {
	fn from(signature: P256Signature) -> Self {
		MeterSignature::P256(signature)
	}
}

/// What signs for a meter: a meter's firmware stand-in, a gateway, the CLI, tests, benchmarks.
pub trait MeterSigner {
	/// The meter's public key.
	fn meter_key(&self) -> MeterKey;
	/// The meter's signature over `payload`.
	fn sign_as_meter(&self, payload: &[u8]) -> MeterSignature;
}

#[cfg(feature = "std")]
impl<P> MeterSigner for P
where
	P: sp_core::Pair,
	P::Public: Into<MeterKey>,
	P::Signature: Into<MeterSignature>,
{
	fn meter_key(&self) -> MeterKey {
		self.public().into()
	}

	fn sign_as_meter(&self, payload: &[u8]) -> MeterSignature {
		self.sign(payload).into()
	}
}

/// A meter's key pair in a scheme off-chain signers hold: sr25519 from a secret URI, P-256 from a
/// vendor's key file.
#[cfg(feature = "std")]
pub enum MeterPair {
	/// sr25519.
	Sr25519(sr25519::Pair),
	/// ECDSA on P-256.
	P256(P256Pair),
}

#[cfg(feature = "std")]
impl MeterSigner for MeterPair {
	fn meter_key(&self) -> MeterKey {
		match self {
			MeterPair::Sr25519(pair) => pair.meter_key(),
			MeterPair::P256(pair) => pair.meter_key(),
		}
	}

	fn sign_as_meter(&self, payload: &[u8]) -> MeterSignature {
		match self {
			MeterPair::Sr25519(pair) => pair.sign_as_meter(payload),
			MeterPair::P256(pair) => pair.sign_as_meter(payload),
		}
	}
}

/// A P-256 meter's secret key: from the PEM or DER files meter vendors and OpenSSL write, or
/// from a seed for tests and benchmarks (which sign in the runtime: no keystore holds P-256).
#[derive(Clone)]
pub struct P256Pair(p256::ecdsa::SigningKey);

impl P256Pair {
	/// The key whose secret scalar is `seed` (32 bytes, big-endian; not zero, below the group
	/// order).
	pub fn from_seed(seed: &[u8; 32]) -> Option<Self> {
		p256::ecdsa::SigningKey::from_slice(seed).ok().map(Self)
	}

	/// A new random key, from the operating system's generator (through sp-core's, which seeds
	/// new keys of every scheme).
	#[cfg(feature = "std")]
	pub fn generate() -> Self {
		loop {
			let (_, seed) = <sp_core::ed25519::Pair as sp_core::Pair>::generate();
			// A seed at or above the group order (probability ~2^-32) is drawn again.
			if let Some(pair) = Self::from_seed(&seed) {
				return pair;
			}
		}
	}

	/// The key as a PKCS #8 PEM file (`-----BEGIN PRIVATE KEY-----`), as OpenSSL writes it.
	#[cfg(feature = "std")]
	pub fn to_pkcs8_pem(&self) -> alloc::string::String {
		use p256::pkcs8::{EncodePrivateKey as _, LineEnding};
		self.0.to_pkcs8_pem(LineEnding::LF).expect("a P-256 key encodes as PKCS #8").to_string()
	}

	/// A key derived from `phrase` (its blake2-256 as the secret scalar): deterministic keys for
	/// development and tests, like `//Alice` for sr25519. Never for a real meter.
	pub fn from_phrase(phrase: &str) -> Self {
		use sp_runtime::traits::{BlakeTwo256, Hash as _};
		let mut seed = BlakeTwo256::hash(phrase.as_bytes()).0;
		loop {
			// A hash at or above the group order (probability ~2^-32) is hashed again.
			if let Some(pair) = Self::from_seed(&seed) {
				return pair;
			}
			seed = BlakeTwo256::hash(&seed).0;
		}
	}

	/// The key in a file's bytes: PEM (`PRIVATE KEY`, PKCS #8, or `EC PRIVATE KEY`, SEC1, as
	/// `openssl ecparam -genkey` writes it) or DER of either.
	#[cfg(feature = "std")]
	pub fn from_key_file(bytes: &[u8]) -> Result<Self, alloc::string::String> {
		use p256::{
			elliptic_curve::SecretKey,
			pkcs8::{DecodePrivateKey as _, Error as Pkcs8Error},
		};
		let secret: Result<SecretKey<p256::NistP256>, alloc::string::String> =
			match core::str::from_utf8(bytes) {
				Ok(text) if text.contains("-----BEGIN") => {
					if text.contains("-----BEGIN EC PRIVATE KEY-----") {
						SecretKey::from_sec1_pem(text).map_err(|e| e.to_string())
					} else {
						SecretKey::from_pkcs8_pem(text).map_err(|e: Pkcs8Error| e.to_string())
					}
				},
				_ => SecretKey::from_pkcs8_der(bytes)
					.or_else(|_| SecretKey::from_sec1_der(bytes))
					.map_err(|e| e.to_string()),
			};
		secret.map(|secret| Self(secret.into())).map_err(|error| {
			alloc::format!(
				"not a P-256 private key in PEM or DER (PKCS #8 or SEC1 EC PRIVATE KEY): {error}"
			)
		})
	}

	/// The public key, compressed.
	pub fn public(&self) -> P256Public {
		let point = self.0.verifying_key().to_encoded_point(true);
		let mut bytes = [0u8; 33];
		bytes.copy_from_slice(point.as_bytes());
		P256Public(bytes)
	}

	/// A low-S signature over the SHA-256 of `payload` (RFC 6979, deterministic).
	pub fn sign(&self, payload: &[u8]) -> P256Signature {
		use p256::ecdsa::signature::Signer as _;
		let signature: p256::ecdsa::Signature = self.0.sign(payload);
		let signature = signature.normalize_s().unwrap_or(signature);
		let mut bytes = [0u8; 64];
		bytes.copy_from_slice(&signature.to_bytes());
		P256Signature(bytes)
	}
}

impl MeterSigner for P256Pair {
	fn meter_key(&self) -> MeterKey {
		MeterKey::P256(self.public())
	}

	fn sign_as_meter(&self, payload: &[u8]) -> MeterSignature {
		MeterSignature::P256(self.sign(payload))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair as _;

	#[test]
	fn each_scheme_verifies_its_own_signatures_only() {
		let payload = b"origo";
		let signers: [&dyn MeterSigner; 4] = [
			&sr25519::Pair::from_string("//meter", None).unwrap(),
			&ed25519::Pair::from_string("//meter", None).unwrap(),
			&ecdsa::Pair::from_string("//meter", None).unwrap(),
			&P256Pair::from_phrase("//meter"),
		];
		for signer in signers {
			let key = signer.meter_key();
			assert!(key.is_valid());
			assert!(key.verify(payload, &signer.sign_as_meter(payload)), "{}", key.scheme());
			assert!(!key.verify(b"origo!", &signer.sign_as_meter(payload)), "{}", key.scheme());
			for other in signers {
				if other.meter_key() != key {
					assert!(!key.verify(payload, &other.sign_as_meter(payload)));
				}
			}
		}
	}

	#[test]
	fn p256_refuses_high_s_and_out_of_range_scalars() {
		let pair = P256Pair::from_phrase("//meter");
		let key = MeterKey::P256(pair.public());
		let low = pair.sign(b"origo");
		assert!(key.verify(b"origo", &low.into()));
		// (r, n - s): the same signature's other, high-S, form.
		let signature = p256::ecdsa::Signature::from_slice(&low.0).unwrap();
		let (r, s) = signature.split_scalars();
		let high = p256::ecdsa::Signature::from_scalars(r, -*s).unwrap();
		let mut high_bytes = [0u8; 64];
		high_bytes.copy_from_slice(&high.to_bytes());
		assert!(!key.verify(b"origo", &P256Signature(high_bytes).into()));
		// r = 0, s = 0, r = n: not signatures at all.
		let order = hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
			.unwrap();
		let (low_r, low_s) = low.0.split_at(32);
		for (r, s) in [(&[0u8; 32][..], low_s), (low_r, &[0u8; 32][..]), (&order[..], low_s)] {
			let bytes: [u8; 64] = [r, s].concat().try_into().unwrap();
			assert!(!key.verify(b"origo", &P256Signature(bytes).into()));
		}
	}

	#[test]
	fn p256_keys_must_be_points_of_the_curve() {
		let pair = P256Pair::from_phrase("//meter");
		// The same x under SEC1's compact tag (05): a second encoding of the key, refused.
		let mut compact = pair.public();
		compact.0[0] = 5;
		assert!(!MeterKey::P256(compact).is_valid());
		assert!(!MeterKey::P256(compact).verify(b"origo", &pair.sign_as_meter(b"origo")));
		// x beyond the field.
		assert!(!MeterKey::P256(P256Public(
			[[2].as_slice(), &[0xff; 32]].concat().try_into().unwrap()
		))
		.is_valid());
		assert!(MeterKey::P256(pair.public()).is_valid());
	}

	#[test]
	fn keys_and_signatures_encode_as_substrate_multi_signers_and_signatures() {
		let pair = sr25519::Pair::from_string("//meter", None).unwrap();
		let key = MeterKey::from(pair.public());
		assert_eq!(key.encode(), sp_runtime::MultiSigner::from(pair.public()).encode());
		let signature = pair.sign(b"origo");
		assert_eq!(
			MeterSignature::from(signature).encode(),
			sp_runtime::MultiSignature::from(signature).encode()
		);
		let pair = ecdsa::Pair::from_string("//meter", None).unwrap();
		assert_eq!(
			MeterKey::from(pair.public()).encode(),
			sp_runtime::MultiSigner::from(pair.public()).encode()
		);
	}

	#[test]
	fn p256_keys_load_from_the_pem_and_der_files_vendors_ship() {
		let pem = P256Pair::from_key_file(include_bytes!("../tests/data/p256-pkcs8.pem")).unwrap();
		let der = P256Pair::from_key_file(include_bytes!("../tests/data/p256-pkcs8.der")).unwrap();
		let sec1 = P256Pair::from_key_file(include_bytes!("../tests/data/p256-sec1.pem")).unwrap();
		assert_eq!(pem.public(), der.public());
		assert_eq!(pem.public(), sec1.public());
		// The public key OpenSSL derived from the same file.
		assert_eq!(
			pem.public().0.to_vec(),
			include_bytes!("../tests/data/p256-public.bin").to_vec()
		);
		let error = P256Pair::from_key_file(
			b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
		)
		.err()
		.unwrap();
		assert!(error.contains("not a P-256 private key"), "{error}");
		assert!(P256Pair::from_key_file(b"\x30\x03\x02\x01\x00").is_err());
		// A generated key round-trips through its PEM file.
		let generated = P256Pair::generate();
		let reloaded = P256Pair::from_key_file(generated.to_pkcs8_pem().as_bytes()).unwrap();
		assert_eq!(reloaded.public(), generated.public());
		assert_ne!(P256Pair::generate().public(), generated.public());
	}
}

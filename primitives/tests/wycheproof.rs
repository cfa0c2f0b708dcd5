//! P-256 meter signatures against Wycheproof's ECDSA P-256/SHA-256 vectors, an independent
//! source: every signature ECDSA accepts is accepted in its low-S form and refused in its high-S
//! form (Origo's policy, `origo_primitives::meter_keys`), every one ECDSA refuses is refused.

use origo_primitives::meter_keys::{MeterKey, MeterSignature, P256Public, P256Signature};
use p256::{ecdsa::Signature, elliptic_curve::sec1::ToEncodedPoint as _, EncodedPoint, FieldBytes};

/// A coordinate, left-padded or stripped of leading zero bytes to 32 bytes.
fn coordinate(hex: &str) -> FieldBytes {
	let bytes = hex::decode(hex).unwrap();
	let bytes = if bytes.len() > 32 { &bytes[bytes.len() - 32..] } else { &bytes[..] };
	let mut padded = [0u8; 32];
	padded[32 - bytes.len()..].copy_from_slice(bytes);
	padded.into()
}

fn key(x: &str, y: &str) -> MeterKey {
	let point = EncodedPoint::from_affine_coordinates(&coordinate(x), &coordinate(y), false);
	let key =
		p256::PublicKey::from_sec1_bytes(point.as_bytes()).expect("the vectors' keys are valid");
	MeterKey::P256(P256Public(key.to_encoded_point(true).as_bytes().try_into().unwrap()))
}

fn meter_signature(signature: &Signature) -> MeterSignature {
	MeterSignature::P256(P256Signature(signature.to_bytes().as_slice().try_into().unwrap()))
}

#[test]
fn wycheproof_p256_sha256_vectors() {
	let vectors = include_str!("data/wycheproof-ecdsa-p256-sha256.txt");
	let (mut accepted, mut high_s, mut refused, mut unencodable) = (0, 0, 0, 0);
	for (line_number, line) in vectors.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
		let fields: Vec<&str> = line.split(' ').collect();
		let [x, y, message, der, valid] = fields[..] else { panic!("line {line_number}: {line}") };
		let unhex = |field: &str| if field == "-" { vec![] } else { hex::decode(field).unwrap() };
		let (message, der, valid) = (unhex(message), unhex(der), valid == "1");
		let key = key(x, y);
		// Meter signatures are fixed-size r || s: a signature whose DER does not parse into two
		// scalars in range cannot even be presented.
		let Ok(signature) = Signature::from_der(&der) else {
			assert!(!valid, "line {line_number}: a valid signature did not parse");
			unencodable += 1;
			continue;
		};
		match signature.normalize_s() {
			Some(low) => {
				assert!(
					!key.verify(&message, &meter_signature(&signature)),
					"line {line_number}: high S accepted"
				);
				assert_eq!(
					key.verify(&message, &meter_signature(&low)),
					valid,
					"line {line_number}"
				);
				high_s += usize::from(valid);
				refused += usize::from(!valid);
			},
			None => {
				assert_eq!(
					key.verify(&message, &meter_signature(&signature)),
					valid,
					"line {line_number}"
				);
				accepted += usize::from(valid);
				refused += usize::from(!valid);
			},
		}
	}
	// Every vector was run, and each kind occurs.
	assert_eq!(accepted + high_s + refused + unencodable, 386);
	assert!(accepted > 0 && high_s > 0 && refused > 0 && unencodable > 0);
	println!("{accepted} accepted, {high_s} valid only in low-S form, {refused} refused, {unencodable} not encodable");
}

//! Setting up the benchmark's chain through real calls: funded senders, and devices registered
//! by an owner, approved by the dev issuer and bound to one meter each.

use codec::Encode;
use origo_integration::{chain, wait_until, Node};
use origo_primitives::{
	registry::{
		sign_profile, DeviceKind, MeterPair, MeterSigner as _, P256Pair, Profile, Reading,
		SignedProfile, SignedReading, Technology, UnixTime, Zone,
	},
	AccountId, Hash, Nonce, UNIT,
};
use origo_runtime::{signing::ChainContext, RuntimeCall};
use pallet_meters::{Call as MetersCall, DeviceDeclaration, Meter};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long setup may wait for its transactions.
const SETUP_TIMEOUT: Duration = Duration::from_secs(600);

/// The benchmark's devices: 1 MW solar farms in `US-FL`, so that each issues certificates.
/// Their hourly energy is [`WH_PER_READING`] whether read hour by hour or in profiles.
pub const DEVICE_CAPACITY_W: u64 = 1_000_000;
/// Energy per hourly reading: within the capacity, so every reading is plausible; every tenth
/// completes a 1 MWh certificate.
pub const WH_PER_READING: u64 = 100_000;
/// Energy per reading when filling the state with batches: one certificate (1 MWh) each, a
/// full hour at capacity.
pub const WH_PER_ISSUING_READING: u64 = 1_000_000;

/// Unix seconds now.
pub fn now() -> UnixTime {
	SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs()
}

/// An account that signs transactions, with its next nonce kept locally.
pub struct Sender {
	/// Its key.
	pub pair: sr25519::Pair,
	/// Its next nonce.
	pub nonce: Nonce,
}

impl Sender {
	/// The sender for `pair`, with its next nonce from the node.
	pub fn new(node: &Node, pair: sr25519::Pair) -> Self {
		let account = AccountId::from(pair.public());
		let nonce = node
			.rpc("system_accountNextIndex", serde_json::json!([account.to_string()]))
			.as_u64()
			.expect("nonces are numbers") as Nonce;
		Self { pair, nonce }
	}

	/// Signs `call` with the next nonce.
	pub fn sign(&mut self, call: RuntimeCall, chain: ChainContext) -> Vec<u8> {
		let extrinsic = origo_runtime::signing::sign_extrinsic(&self.pair, call, self.nonce, chain);
		self.nonce += 1;
		extrinsic.encode()
	}

	/// Signs gateway batches of `batch_size` of `readings`, in order, with the next nonces.
	pub fn sign_reading_batches(
		&mut self,
		readings: &[SignedReading],
		batch_size: usize,
		chain: ChainContext,
	) -> Vec<Vec<u8>> {
		readings
			.chunks(batch_size)
			.map(|batch| {
				let readings = batch.to_vec();
				self.sign(RuntimeCall::Meters(MetersCall::submit_readings { readings }), chain)
			})
			.collect()
	}

	/// Its account.
	pub fn account(&self) -> AccountId {
		self.pair.public().into()
	}
}

/// The key scheme of a set of benchmark meters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
	/// sr25519, as Substrate's own keys.
	Sr25519,
	/// ECDSA on P-256, as smart meters' secure elements.
	P256,
}

/// A bound meter and the next reading it will give: hourly, from a year ago.
pub struct MeterState {
	/// Its key pair.
	pub pair: MeterPair,
	/// Its next reading's time.
	pub next_time: UnixTime,
	/// Its register at its last reading (or profile).
	pub counter_wh: u64,
}

impl MeterState {
	/// Signs the meter's next reading for `genesis`, `wh` after its last, and advances it by an
	/// hour.
	pub fn next_reading(&mut self, genesis: &Hash, wh: u64) -> SignedReading {
		self.counter_wh += wh;
		let reading = Reading {
			meter: self.pair.meter_key(),
			counter_wh: self.counter_wh,
			timestamp: self.next_time,
		};
		self.next_time += 3_600;
		origo_primitives::registry::sign_reading(&self.pair, reading, genesis)
	}

	/// Signs the meter's next load profile for `genesis`: `intervals` intervals of `interval`
	/// seconds from its last reading, `wh_per_hour` an hour; the meter's next reading is an hour
	/// after the profile's end.
	pub fn next_profile(
		&mut self,
		genesis: &Hash,
		intervals: u32,
		interval: u32,
		wh_per_hour: u64,
	) -> SignedProfile {
		let start = self.next_time - 3_600;
		let wh = wh_per_hour * u64::from(interval) / 3_600;
		let registers =
			(1..=u64::from(intervals)).map(|i| codec::Compact(self.counter_wh + i * wh)).collect();
		let profile = Profile { meter: self.pair.meter_key(), start, interval, registers };
		self.counter_wh += u64::from(intervals) * wh;
		self.next_time = start + u64::from(intervals) * u64::from(interval) + 3_600;
		sign_profile(&self.pair, profile, genesis)
	}
}

/// Waits until `meter` has a reading on chain.
pub fn wait_for_reading(node: &Node, meter: &MeterState) {
	let key =
		pallet_meters::Meters::<origo_runtime::Runtime>::hashed_key_for(meter.pair.meter_key());
	wait_until("the meters' baseline readings", SETUP_TIMEOUT, || {
		chain::storage::<Meter>(node, &key).filter(|meter| meter.last.is_some())
	});
}

/// Submits encoded extrinsics in JSON-RPC batches; returns how many the pool took and the first
/// refusal, if any.
pub fn submit(node: &Node, extrinsics: &[Vec<u8>]) -> (usize, Option<String>) {
	let mut accepted = 0;
	let mut refusal = None;
	for chunk in extrinsics.chunks(500) {
		let calls: Vec<(&str, serde_json::Value)> = chunk
			.iter()
			.map(|xt| ("author_submitExtrinsic", serde_json::json!([chain::to_hex(xt)])))
			.collect();
		for result in node.rpc_batch(&calls) {
			match result {
				Ok(_) => accepted += 1,
				Err(error) => refusal = refusal.or(Some(error)),
			}
		}
	}
	(accepted, refusal)
}

/// Submits `extrinsics`; panics naming `what` if the pool refuses any.
pub fn submit_all(node: &Node, what: &str, extrinsics: &[Vec<u8>]) {
	let (accepted, refusal) = submit(node, extrinsics);
	assert_eq!(accepted, extrinsics.len(), "setup: {what} refused: {refusal:?}");
}

/// Funds `count` sender accounts `//<name>/<i>` from Alice.
pub fn funded_senders(node: &Node, name: &str, count: u32) -> Vec<Sender> {
	let chain = chain::chain_context(node);
	let mut alice = Sender::new(node, Sr25519Keyring::Alice.pair());
	let pairs: Vec<sr25519::Pair> = (0..count)
		.map(|i| sr25519::Pair::from_string(&format!("//{name}/{i}"), None).expect("valid seed"))
		.collect();
	let transfers: Vec<Vec<u8>> = pairs
		.iter()
		.map(|pair| {
			let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: AccountId::from(pair.public()).into(),
				value: 1_000 * UNIT,
			});
			alice.sign(call, chain)
		})
		.collect();
	submit_all(node, "funding transfers", &transfers);
	let last = AccountId::from(pairs.last().expect("at least one sender").public());
	wait_until("the senders to be funded", SETUP_TIMEOUT, || {
		(chain::free_balance(node, &last) > 0).then_some(())
	});
	pairs.into_iter().map(|pair| Sender { pair, nonce: 0 }).collect()
}

/// Registers `count` devices owned by Bob, has Dave approve them and Bob bind a meter of `scheme`
/// to each; returns the meters, ready to read hourly from a year ago.
pub fn devices(node: &Node, count: u32, scheme: Scheme) -> Vec<MeterState> {
	let chain = chain::chain_context(node);
	let mut bob = Sender::new(node, Sr25519Keyring::Bob.pair());
	let mut dave = Sender::new(node, Sr25519Keyring::Dave.pair());
	let first = chain::storage::<u64>(
		node,
		&pallet_meters::NextDeviceId::<origo_runtime::Runtime>::hashed_key(),
	)
	.unwrap_or(0);
	let last = first + u64::from(count) - 1;
	let device_key = |id: u64| pallet_meters::Devices::<origo_runtime::Runtime>::hashed_key_for(id);

	let registrations: Vec<Vec<u8>> = (0..count)
		.map(|i| {
			let declaration = DeviceDeclaration {
				name: format!("bench solar farm {i}").into_bytes(),
				technology: Technology::SolarPv,
				capacity_w: DEVICE_CAPACITY_W,
				zone: Zone::from_code(b"US-FL").expect("a valid zone"),
				commissioned: 1_700_000_000,
				location: None,
				kind: DeviceKind::Production,
			};
			bob.sign(RuntimeCall::Meters(MetersCall::register_device { declaration }), chain)
		})
		.collect();
	submit_all(node, "device registrations", &registrations);
	wait_until("the devices to be registered", SETUP_TIMEOUT, || {
		chain::storage::<pallet_meters::DeviceOf<origo_runtime::Runtime>>(node, &device_key(last))
	});

	let approvals: Vec<Vec<u8>> = (first..=last)
		.map(|device| dave.sign(RuntimeCall::Meters(MetersCall::approve_device { device }), chain))
		.collect();
	submit_all(node, "approvals", &approvals);
	wait_until("the devices to be approved", SETUP_TIMEOUT, || {
		chain::storage::<pallet_meters::DeviceOf<origo_runtime::Runtime>>(node, &device_key(last))
			.filter(|device| device.status == pallet_meters::DeviceStatus::Approved)
	});

	let year_ago = now() - 365 * 24 * 3_600;
	let meters: Vec<MeterState> = (0..u64::from(count))
		.map(|i| MeterState {
			pair: match scheme {
				Scheme::Sr25519 => MeterPair::Sr25519(
					sr25519::Pair::from_string(&format!("//bench-meter/{i}"), None)
						.expect("valid seed"),
				),
				Scheme::P256 => MeterPair::P256(P256Pair::from_phrase(&format!(
					"//bench-p256-meter/{first}/{i}"
				))),
			},
			next_time: year_ago + i % 3_600,
			counter_wh: 0,
		})
		.collect();
	let bindings: Vec<Vec<u8>> = meters
		.iter()
		.zip(first..=last)
		.map(|(meter, device)| {
			let proof = origo_primitives::registry::sign_binding(
				&meter.pair,
				&chain.genesis_hash,
				device,
				&bob.account(),
			);
			let meter = meter.pair.meter_key();
			bob.sign(RuntimeCall::Meters(MetersCall::bind_meter { device, meter, proof }), chain)
		})
		.collect();
	submit_all(node, "meter bindings", &bindings);
	let last_meter = meters.last().expect("at least one device").pair.meter_key();
	let last_meter_key =
		pallet_meters::Meters::<origo_runtime::Runtime>::hashed_key_for(&last_meter);
	wait_until("the meters to be bound", SETUP_TIMEOUT, || {
		chain::storage::<Meter>(node, &last_meter_key)
	});
	meters
}

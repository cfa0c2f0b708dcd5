//! A model-based fuzzer of the registry (security review, "tests that would have caught this"):
//! random sequences of device registration, approval, suspension and reinstatement; meter
//! binding, retirement, swaps, register resets, issuer resets and unbinding; readings that are
//! honest, inflated, backdated, overlapping, from the future, replayed, forged or signed for
//! another chain, fed feeless or through paid batches; and transfers, retirements, prunes,
//! revocations and voids. After every step the registry is checked against a model that knows
//! what each device physically produced, and knows nothing of the pallets' rules:
//!
//! - a refused step changes no storage;
//! - per device, no instant is certified twice, nothing before its commissioning or the backfill
//!   window before its approval is certified, and nothing produced while it was suspended;
//! - per device, certified energy never exceeds capacity x time x tolerance over the instants it
//!   certified, and for a device whose meters only ever reported their true registers, never
//!   exceeds what it physically produced in those instants;
//! - every pallet's `try_state` holds (supply conserved, ledgers match the registry): every 100
//!   steps, or every 1 % of the steps so far in a long run.
//!
//! `ORIGO_FUZZ_STEPS` sets the number of steps (default 100,000) and `ORIGO_FUZZ_SEED` the seed.

use crate::{mock::*, Claim, Purpose};
use frame_support::{pallet_prelude::TransactionSource, traits::Authorize};
use origo_primitives::registry::{
	sign_binding, sign_reading, DeviceId, DeviceKind, MeterKey, Reading, SignedReading, Technology,
	UnixTime, Wh,
};
use pallet_meters::{DeviceDeclaration, Event as MetersEvent};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{DispatchError, DispatchResult};
use std::collections::BTreeMap;

/// The backfill window of the mock (400 days).
const BACKFILL: u64 = 400 * 86_400;
/// The mock's capacity tolerance, percent.
const TOLERANCE: u128 = 110;
/// The mock's clock drift allowance, seconds.
const DRIFT: u64 = 300;
/// How many submitted readings the fuzzer keeps to replay: a long run's memory stays bounded.
const REPLAY_POOL: usize = 100_000;

/// A xorshift generator: reproducible from its seed.
struct Rng(u64);

impl Rng {
	fn below(&mut self, bound: u64) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0 % bound.max(1)
	}

	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
}

/// What the model knows of a device: its physical production and what was observed of it.
struct DeviceModel {
	owner: AccountId,
	capacity_w: u64,
	/// Its true production rate, Wh per second: it produced `rate x (t - commissioned)` Wh by `t`.
	rate: u64,
	commissioned: UnixTime,
	/// When an issuer approved it.
	approved_at: Option<UnixTime>,
	/// Since when it is suspended, and the latest accepted reading before.
	suspended: Option<(UnixTime, UnixTime)>,
	/// Windows during which nothing it produced may be certified.
	gaps: Vec<(UnixTime, UnixTime)>,
	/// The instants certified so far: disjoint `[from, to)` intervals.
	certified: Vec<(UnixTime, UnixTime)>,
	/// Whether every reading its meters ever gave was their true register.
	honest: bool,
	/// Whether its owner sends false registers now and then.
	cheats: bool,
	/// The seconds of its certified intervals, summed.
	certified_seconds: u64,
	/// Its latest accepted reading's time.
	latest_reading: Option<UnixTime>,
}

impl DeviceModel {
	/// What it physically produced by `t`, Wh.
	fn produced(&self, t: UnixTime) -> i128 {
		i128::from(self.rate) * i128::from(t.saturating_sub(self.commissioned))
	}

	/// The earliest instant its production may be certified from.
	fn certifiable_start(&self) -> Option<UnixTime> {
		self.approved_at.map(|at| self.commissioned.max(at.saturating_sub(BACKFILL)))
	}
}

/// A meter key and the register it shows.
struct MeterModel {
	pair: sr25519::Pair,
	device: DeviceId,
	/// Its register at `t` is `offset + produced(device, t)`.
	offset: i128,
	/// Its last accepted reading, as the model saw it accepted.
	last: Option<(UnixTime, Wh)>,
}

struct Fuzzer {
	rng: Rng,
	now: UnixTime,
	devices: BTreeMap<DeviceId, DeviceModel>,
	meters: Vec<MeterModel>,
	/// Readings once submitted, for replays: the latest [`REPLAY_POOL`], then a random sample.
	submitted: Vec<SignedReading>,
	/// Each meter key's index in `meters`.
	keys: BTreeMap<MeterKey, usize>,
	accounts: [AccountId; 3],
	/// The zones' issuer. Derived once: a dev account's derivation runs PBKDF2, which would
	/// otherwise dominate a step's time.
	issuer: AccountId,
	/// A key no meter is bound to, for forged readings.
	forger: sr25519::Pair,
	/// Counts of what the run did, by step.
	done: BTreeMap<&'static str, (u64, u64)>,
	/// The storage root a refused step must leave, when the step moved the clock first.
	before: Option<Vec<u8>>,
}

fn root() -> Vec<u8> {
	// Events are a block's log, not the registry's state: a refused reading in a batch is
	// reported in them.
	System::reset_events();
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

impl Fuzzer {
	fn new(seed: u64) -> Self {
		let accounts = [owner(), company(), account("Third")];
		let mut fuzzer = Self {
			rng: Rng(seed | 1),
			now: START,
			devices: BTreeMap::new(),
			meters: Vec::new(),
			submitted: Vec::new(),
			keys: BTreeMap::from([(MeterKey::from(meter().public()), 0)]),
			accounts,
			issuer: issuer(),
			forger: sr25519::Pair::from_string("//forger", None).expect("a valid seed"),
			done: BTreeMap::new(),
			before: None,
		};
		// The ExtBuilder's device 0: 5 kW, commissioned a day before START, approved at START,
		// its meter's baseline 0 at START.
		let commissioned = START - 86_400;
		fuzzer.devices.insert(
			0,
			DeviceModel {
				owner: owner(),
				capacity_w: 5_000,
				rate: 1,
				commissioned,
				approved_at: Some(START),
				suspended: None,
				gaps: Vec::new(),
				certified: Vec::new(),
				honest: true,
				cheats: false,
				certified_seconds: 0,
				latest_reading: Some(START),
			},
		);
		fuzzer.meters.push(MeterModel {
			pair: meter(),
			device: 0,
			offset: -i128::from(START - commissioned),
			last: Some((START, 0)),
		});
		fuzzer
	}

	fn register(&mut self, meter: usize, t: UnixTime) -> i128 {
		let model = &self.meters[meter];
		model.offset + self.devices[&model.device].produced(t)
	}

	fn reading(&self, meter: usize, counter_wh: Wh, timestamp: UnixTime) -> SignedReading {
		let pair = &self.meters[meter].pair;
		let reading = Reading { meter: pair.public().into(), counter_wh, timestamp };
		sign_reading(pair, reading, &Meters::genesis_hash())
	}

	fn new_meter(&mut self, device: DeviceId) -> usize {
		let index = self.meters.len();
		// From a seed, not a derivation path: no PBKDF2 per key.
		let seed = sp_io::hashing::blake2_256(format!("fuzz/meter/{index}").as_bytes());
		let pair = sr25519::Pair::from_seed(&seed);
		let offset =
			i128::from(self.rng.below(1_000_000)) - self.devices[&device].produced(self.now);
		self.keys.insert(MeterKey::from(pair.public()), index);
		self.meters.push(MeterModel { pair, device, offset, last: None });
		index
	}

	/// Submits `reading` feeless (authorized, then dispatched) or in a paid batch; returns
	/// whether it was accepted.
	fn submit(&mut self, reading: SignedReading) -> bool {
		if self.submitted.len() < REPLAY_POOL {
			self.submitted.push(reading.clone());
		} else {
			let slot = self.rng.below(REPLAY_POOL as u64) as usize;
			self.submitted[slot] = reading.clone();
		}
		if self.rng.chance(50) {
			let call = pallet_meters::Call::<Test>::submit_reading { reading: reading.clone() };
			match call.authorize(TransactionSource::External) {
				Some(Ok(_)) => {},
				_ => return false,
			}
			Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), reading).is_ok()
		} else {
			let gateway = self.accounts[self.rng.below(3) as usize].clone();
			Meters::submit_readings(RuntimeOrigin::signed(gateway), vec![reading])
				.expect("a batch of one is well-formed");
			System::events().iter().any(|record| {
				matches!(
					record.event,
					RuntimeEvent::Meters(MetersEvent::BatchProcessed { accepted: 1, .. })
				)
			})
		}
	}

	/// A reading of a random meter at a random time: honest mostly, sometimes inflated,
	/// backdated, overlapping or from the future. Checks what it certified against the model.
	fn step_reading(&mut self) -> (&'static str, DispatchResult) {
		if self.meters.is_empty() {
			return ("reading", Ok(()));
		}
		// Mostly a device's billing meter; sometimes any key ever made, retired or unbound.
		let devices: Vec<DeviceId> = self.devices.keys().copied().collect();
		let chosen = devices[self.rng.below(devices.len() as u64) as usize];
		let meter = match self.active_meter(chosen) {
			Some(meter) if self.rng.chance(90) => meter,
			_ => self.rng.below(self.meters.len() as u64) as usize,
		};
		let device = self.meters[meter].device;
		let last = self.meters[meter].last.map_or(self.now, |(t, _)| t);
		let timestamp = match self.rng.below(12) {
			// Backdated before its last reading, overlapping what it or another meter read.
			0 => last.saturating_sub(self.rng.below(3 * 86_400)),
			// Up to twice the allowed clock drift ahead.
			1 => self.now + self.rng.below(2 * DRIFT),
			// Before the backfill window.
			2 => self.now.saturating_sub(BACKFILL + self.rng.below(86_400)),
			// Honest: the meter reads on, 15 minutes to hours later, as the chain's time moves.
			_ => {
				let t = last + 900 + self.rng.below(4 * 3_600);
				self.now = self.now.max(t.saturating_sub(self.rng.below(DRIFT)));
				set_time(self.now);
				// The clock moved before the reading: that is the state a refusal must keep.
				self.before = Some(root());
				t.min(self.now + DRIFT)
			},
		};
		let honest = self.register(meter, timestamp).max(0) as Wh;
		let cheats = self.devices[&device].cheats;
		let (kind, counter) = match self.rng.below(20) {
			0 if cheats => ("reading (inflated)", honest.saturating_add(self.rng.below(50_000))),
			1 if cheats => ("reading (zero)", self.meters[meter].last.map_or(0, |(_, c)| c)),
			_ => ("reading", honest),
		};
		let device_before = pallet_meters::Devices::<Test>::get(device).expect("a device");
		let signed = self.reading(meter, counter, timestamp);
		if !self.submit(signed) {
			return (kind, Err(DispatchError::Other("refused")));
		}
		if counter != honest {
			self.devices.get_mut(&device).expect("a modelled device").honest = false;
		}
		self.observe_certified(meter, device, &device_before, timestamp, counter);
		(kind, Ok(()))
	}

	/// Records meter `meter`'s accepted reading of `counter` at `timestamp` and checks what it
	/// certified on `device`: its delta, over an interval never certified before, after the
	/// device's certifiable start, outside its suspensions.
	fn observe_certified(
		&mut self,
		meter: usize,
		device: DeviceId,
		device_before: &pallet_meters::DeviceOf<Test>,
		timestamp: UnixTime,
		counter: Wh,
	) {
		let device_after = pallet_meters::Devices::<Test>::get(device).expect("a device");
		let previous = self.meters[meter].last;
		self.meters[meter].last = Some((timestamp, counter));
		let model = self.devices.get_mut(&device).expect("a modelled device");
		model.latest_reading = Some(model.latest_reading.unwrap_or(0).max(timestamp));
		let certified = device_after.verified_wh - device_before.verified_wh;
		if certified > 0 {
			let (from, from_counter) = previous.expect("a baseline certifies nothing");
			assert_eq!(
				Wh::from(certified),
				counter - from_counter,
				"a reading certified its delta"
			);
			// No instant twice.
			for (a, b) in &model.certified {
				assert!(timestamp <= *a || from >= *b, "[{from}, {timestamp}) certified twice");
			}
			// Not before the certifiable start, not in a suspension.
			let start = model.certifiable_start().expect("an approved device");
			assert!(from >= start, "production before {start} certified from {from}");
			for (s, r) in &model.gaps {
				assert!(timestamp <= *s || from >= *r, "suspended [{s}, {r}) certified");
			}
			model.certified.push((from, timestamp));
			model.certified_seconds += timestamp - from;
		}
	}

	/// The security review's C-1 attack, by the device's owner with a software key: a fresh meter
	/// whose baseline is backdated (before the backfill window, before the device's last reading,
	/// inside a suspension), then a reading now of the most energy capacity x time allows.
	fn step_attack(&mut self, device: DeviceId) -> (&'static str, DispatchResult) {
		let owner = self.devices[&device].owner.clone();
		if let Some(meter) = self.active_meter(device) {
			let key = MeterKey::from(self.meters[meter].pair.public());
			if Meters::retire_meter(RuntimeOrigin::signed(owner.clone()), key).is_err() {
				return ("attack", Ok(()));
			}
		}
		let meter = self.new_meter(device);
		let proof = sign_binding(&self.meters[meter].pair, &Meters::genesis_hash(), device, &owner);
		let key = MeterKey::from(self.meters[meter].pair.public());
		if Meters::bind_meter(RuntimeOrigin::signed(owner), device, key, proof).is_err() {
			self.meters.pop();
			return ("attack", Ok(()));
		}
		let model = &self.devices[&device];
		let back = match self.rng.below(3) {
			0 => BACKFILL + 86_400,
			1 => model.latest_reading.map_or(3_600, |t| self.now.saturating_sub(t) + 3_600),
			_ => self.rng.below(30 * 86_400),
		};
		let baseline_at = self.now.saturating_sub(back).max(1);
		let capacity = model.capacity_w;
		self.devices.get_mut(&device).expect("modelled").honest = false;
		if self.submit(self.reading(meter, 0, baseline_at)) {
			self.meters[meter].last = Some((baseline_at, 0));
		}
		let now = self.now;
		let most = u128::from(capacity) * u128::from(now - baseline_at) * TOLERANCE / 100 / 3_600;
		let counter = Wh::try_from(most).unwrap_or(Wh::MAX);
		let device_before = pallet_meters::Devices::<Test>::get(device).expect("a device");
		let accepted = self.submit(self.reading(meter, counter, now));
		if accepted {
			self.observe_certified(meter, device, &device_before, now, counter);
		}
		("attack", Ok(()))
	}

	/// Checks every device's certified energy against capacity and, for honest devices, against
	/// what it physically produced in the instants it certified.
	fn check_devices(&self) {
		for (id, model) in &self.devices {
			let device = pallet_meters::Devices::<Test>::get(id).expect("a modelled device");
			let seconds = model.certified_seconds;
			assert!(
				u128::from(device.verified_wh) * 3_600 * 100
					<= u128::from(model.capacity_w) * u128::from(seconds) * TOLERANCE,
				"device {id} certified {} Wh in {seconds} s of {} W",
				device.verified_wh,
				model.capacity_w
			);
			if model.honest {
				// Production is linear, so what it produced in its certified instants is its rate
				// times their length.
				let physical = i128::from(model.rate) * i128::from(seconds);
				assert!(
					i128::from(device.verified_wh) <= physical,
					"device {id} certified {} Wh of {physical} Wh produced",
					device.verified_wh
				);
			}
			let ledger = crate::DeviceLedgers::<Test>::get(id).unwrap_or_default();
			assert_eq!(ledger.verified, device.verified_wh, "the ledger matches the registry");
		}
	}

	fn step(&mut self) -> (&'static str, DispatchResult) {
		let devices: Vec<DeviceId> = self.devices.keys().copied().collect();
		let device = devices[self.rng.below(devices.len() as u64) as usize];
		let who = self.accounts[self.rng.below(3) as usize].clone();
		let other = self.accounts[self.rng.below(3) as usize].clone();
		let batch = self.rng.below(crate::NextBatchId::<Test>::get().max(1));
		let wh = self.rng.below(60_000) + 1;
		match self.rng.below(42) {
			0 if self.devices.len() < 12 => {
				let k = self.rng.below(10) + 1;
				let capacity_w = k * 3_600 + self.rng.below(3_600);
				let commissioned = self.now.saturating_sub(self.rng.below(2 * BACKFILL));
				let declaration = DeviceDeclaration {
					name: b"fuzz".to_vec(),
					technology: Technology::SolarPv,
					capacity_w,
					zone: zone("US-FL"),
					commissioned,
					location: None,
					kind: DeviceKind::Production,
				};
				let id = pallet_meters::NextDeviceId::<Test>::get();
				let result =
					Meters::register_device(RuntimeOrigin::signed(who.clone()), declaration);
				if result.is_ok() {
					self.devices.insert(
						id,
						DeviceModel {
							owner: who,
							capacity_w,
							rate: k,
							commissioned,
							approved_at: None,
							suspended: None,
							gaps: Vec::new(),
							certified: Vec::new(),
							honest: true,
							cheats: self.rng.chance(30),
							certified_seconds: 0,
							latest_reading: None,
						},
					);
				}
				("register", result)
			},
			1 => {
				let result =
					Meters::approve_device(RuntimeOrigin::signed(self.issuer.clone()), device);
				if result.is_ok() {
					self.devices.get_mut(&device).expect("modelled").approved_at = Some(self.now);
				}
				("approve", result)
			},
			2 if self.rng.chance(25) => {
				let result = Meters::suspend_device(
					RuntimeOrigin::signed(self.issuer.clone()),
					device,
					vec![],
				);
				if result.is_ok() {
					let model = self.devices.get_mut(&device).expect("modelled");
					model.suspended = Some((self.now, model.latest_reading.unwrap_or(0)));
				}
				("suspend", result)
			},
			3 => {
				let result =
					Meters::reinstate_device(RuntimeOrigin::signed(self.issuer.clone()), device);
				if result.is_ok() {
					let model = self.devices.get_mut(&device).expect("modelled");
					let (since, latest) = model.suspended.take().expect("it was suspended");
					// Nothing produced while it was suspended: from the suspension (or its last
					// reading, which a meter's clock may put up to the drift ahead) to now.
					model.gaps.push((since.max(latest), self.now));
				}
				("reinstate", result)
			},
			4 => {
				// Bind a new key with its proof; sometimes a proof by another key.
				let meter = self.new_meter(device);
				let owner = self.devices[&device].owner.clone();
				let signer = if self.rng.chance(10) { meter.saturating_sub(1) } else { meter };
				let proof = sign_binding(
					&self.meters[signer].pair,
					&Meters::genesis_hash(),
					device,
					&owner,
				);
				let key = MeterKey::from(self.meters[meter].pair.public());
				let result = Meters::bind_meter(RuntimeOrigin::signed(owner), device, key, proof);
				if result.is_err() {
					self.meters.pop();
				}
				("bind", result)
			},
			5 | 6 => {
				// Retire a meter, or swap: retire it and bind a new one whose baseline is at
				// the old one's last reading.
				let Some(meter) = self.active_meter(device) else { return ("retire", Ok(())) };
				let owner = self.devices[&device].owner.clone();
				let key = MeterKey::from(self.meters[meter].pair.public());
				let result = Meters::retire_meter(RuntimeOrigin::signed(owner.clone()), key);
				if result.is_err() || self.rng.chance(50) {
					return ("retire", result);
				}
				let new = self.new_meter(device);
				let proof =
					sign_binding(&self.meters[new].pair, &Meters::genesis_hash(), device, &owner);
				let key = MeterKey::from(self.meters[new].pair.public());
				if Meters::bind_meter(RuntimeOrigin::signed(owner), device, key, proof).is_err() {
					self.meters.pop();
					return ("retire", Ok(()));
				}
				if let Some((at, _)) = self.meters[meter].last {
					let counter = self.register(new, at).max(0) as Wh;
					let baseline = self.reading(new, counter, at);
					if self.submit(baseline) {
						self.meters[new].last = Some((at, counter));
					}
				}
				("swap", Ok(()))
			},
			7 => {
				// The physical register resets to zero; an issuer resets the meter sometimes.
				let Some(meter) = self.active_meter(device) else { return ("reset", Ok(())) };
				let now = self.now;
				self.meters[meter].offset = -self.devices[&device].produced(now);
				if !self.rng.chance(50) {
					return ("register reset", Ok(()));
				}
				let reading = self.reading(meter, 0, now);
				let result =
					Meters::reset_meter(RuntimeOrigin::signed(self.issuer.clone()), reading);
				if result.is_ok() {
					self.meters[meter].last = Some((now, 0));
					let model = self.devices.get_mut(&device).expect("modelled");
					model.latest_reading = Some(model.latest_reading.unwrap_or(0).max(now));
				}
				("issuer reset", result)
			},
			8 if self.rng.chance(25) => {
				// An issuer unbinds a meter; it is bound to another device, where it measures
				// that device from its last register on.
				let Some(meter) = self.active_meter(device) else { return ("unbind", Ok(())) };
				let key = MeterKey::from(self.meters[meter].pair.public());
				let result = Meters::unbind_meter(RuntimeOrigin::signed(self.issuer.clone()), key);
				let target = devices[self.rng.below(devices.len() as u64) as usize];
				if result.is_ok() {
					let owner = self.devices[&target].owner.clone();
					let proof = sign_binding(
						&self.meters[meter].pair,
						&Meters::genesis_hash(),
						target,
						&owner,
					);
					let register = self.register(meter, self.now);
					if Meters::bind_meter(RuntimeOrigin::signed(owner), target, key, proof).is_ok()
					{
						let model = &mut self.meters[meter];
						model.device = target;
						model.offset = register - self.devices[&target].produced(self.now);
						// Its next interval mixes what it measured on both devices.
						self.devices.get_mut(&target).expect("modelled").honest = false;
					}
				}
				("unbind", result)
			},
			9 => {
				// A replay of anything submitted before.
				if self.submitted.is_empty() {
					return ("replay", Ok(()));
				}
				let index = self.rng.below(self.submitted.len() as u64) as usize;
				let reading = self.submitted[index].clone();
				let accepted = self.submit(reading.clone());
				// A replayed reading is accepted only if it was never accepted before: it is
				// then the model's reading, checked the next time.
				if accepted {
					let meter = self.keys[&reading.reading.meter];
					self.meters[meter].last =
						Some((reading.reading.timestamp, reading.reading.counter_wh));
					let device = self.meters[meter].device;
					self.devices.get_mut(&device).expect("modelled").honest = false;
				}
				("replay", Ok(()))
			},
			10 => {
				// Forged (signed by another key) or signed for another chain.
				let Some(meter) = self.active_meter(device) else { return ("forged", Ok(())) };
				let key = MeterKey::from(self.meters[meter].pair.public());
				let reading = Reading { meter: key, counter_wh: u64::MAX / 2, timestamp: self.now };
				let signed = if self.rng.chance(50) {
					sign_reading(&self.forger, reading, &Meters::genesis_hash())
				} else {
					sign_reading(&self.meters[meter].pair, reading, &H256::repeat_byte(7))
				};
				assert!(!self.submit(signed), "a forged or foreign reading is refused");
				("forged", Ok(()))
			},
			21 | 22 => self.step_attack(device),
			11..=13 => {
				let hours = if self.rng.chance(5) { 24 * self.rng.below(60) } else { 1 };
				self.now += 1 + self.rng.below(hours * 3_600);
				set_time(self.now);
				("time", Ok(()))
			},
			14 => {
				("transfer", Certificates::transfer(RuntimeOrigin::signed(who), batch, other, wh))
			},
			15 => ("retire", Certificates::retire(RuntimeOrigin::signed(who), batch, wh, claim())),
			16 => (
				"retire oldest",
				Certificates::retire_oldest(RuntimeOrigin::signed(who), wh, claim()),
			),
			17 => ("prune", Certificates::prune(RuntimeOrigin::signed(who), vec![(other, batch)])),
			18 => (
				"revoke",
				Certificates::revoke(
					RuntimeOrigin::signed(self.issuer.clone()),
					batch,
					b"audit".to_vec(),
				),
			),
			19 => (
				"void",
				Certificates::void_carried(
					RuntimeOrigin::signed(self.issuer.clone()),
					device,
					b"fault".to_vec(),
				),
			),
			20 => (
				"transfer and retire",
				Certificates::transfer_and_retire(
					RuntimeOrigin::signed(who),
					batch,
					other,
					wh,
					claim(),
				),
			),
			_ => self.step_reading(),
		}
	}

	fn active_meter(&self, device: DeviceId) -> Option<usize> {
		let key = pallet_meters::Devices::<Test>::get(device)?.meter?;
		self.keys.get(&key).copied()
	}

	/// One step, then the checks: a refused step changed nothing, new batches are within
	/// their device's certifiable time, devices within their bounds; every `check_every` steps
	/// the pallets' invariants too.
	fn run_step(&mut self, check_state: bool) {
		let mut before = root();
		let batches_before = crate::NextBatchId::<Test>::get();
		let (name, result) = self.step();
		if let Some(moved) = self.before.take() {
			before = moved;
		}
		let counts = self.done.entry(name).or_default();
		if result.is_ok() {
			counts.0 += 1;
		} else {
			counts.1 += 1;
			assert_eq!(root(), before, "a refused {name} ({result:?}) changed storage");
		}
		for id in batches_before..crate::NextBatchId::<Test>::get() {
			let batch = crate::Batches::<Test>::get(id).expect("issued");
			let start = self.devices[&batch.device].certifiable_start().expect("approved");
			assert!(batch.production_start >= start, "batch {id} predates {start}");
			assert!(batch.production_start <= batch.production_end, "batch {id} inverted");
		}
		self.check_devices();
		if check_state {
			Meters::do_try_state().expect("the registry's invariants hold");
			crate::Pallet::<Test>::do_try_state().expect("the certificates' invariants hold");
		}
	}
}

fn claim() -> Claim<AccountId, Vec<u8>> {
	Claim {
		beneficiary: None,
		beneficiary_name: None,
		purpose: Purpose::Consumption,
		consumption_country: None,
		consumption_period: None,
		message: b"fuzz".to_vec(),
	}
}

fn env_or(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

#[test]
fn the_registry_holds_its_promise_over_random_operations() {
	let steps = env_or("ORIGO_FUZZ_STEPS", 100_000);
	let seed = env_or("ORIGO_FUZZ_SEED", 0x2545_f491_4f6c_dd1d);
	// The pallets' invariants read all state, which grows with the run (meter keys are kept
	// for life): every 100 steps, or every 1 % of the steps so far once that is longer, so a
	// long run's checks cost in proportion to its length; and after the last.
	let mut next_check = 100;
	let mut ext = ExtBuilder.build();
	let mut fuzzer = ext.execute_with(|| {
		Quantum::set(100_000);
		Fuzzer::new(seed)
	});
	let started = std::time::Instant::now();
	for step in 1..=steps {
		let check_state = step == next_check || step == steps;
		if check_state {
			next_check = step + (step / 100).max(100);
		}
		ext.execute_with(|| fuzzer.run_step(check_state));
		// Committed, so that a storage root costs what the step changed, not the whole run.
		ext.commit_all().expect("the overlay commits");
		if step % 1_000_000 == 0 {
			println!("fuzz: {step} steps, {:.1} s", started.elapsed().as_secs_f64());
		}
	}
	ext.execute_with(|| {
		println!(
			"fuzz: {steps} steps, seed {seed:#x}, {:.1} s, {} devices, {} meters, {} batches, \
			 0 violations",
			started.elapsed().as_secs_f64(),
			fuzzer.devices.len(),
			fuzzer.meters.len(),
			crate::NextBatchId::<Test>::get(),
		);
		for (name, (ok, refused)) in &fuzzer.done {
			println!("fuzz: {name:>20}: {ok} done, {refused} refused");
		}
		// The run exercised what it claims to.
		for name in ["reading", "bind", "swap", "approve", "suspend", "reinstate", "transfer"] {
			assert!(fuzzer.done.get(name).is_some_and(|(ok, _)| *ok > 0), "no {name} succeeded");
		}
		assert!(crate::NextBatchId::<Test>::get() > 10, "the run issued batches");
	});
}

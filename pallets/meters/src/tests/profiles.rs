//! Load profiles: every interval checked by the reading rules, one bad interval refuses the whole
//! profile by name, both ways in, and P-256 meters.

use super::*;
use crate::{Devices, ProfileRejection};
use codec::{Compact, Encode};
use origo_primitives::registry::{
	sign_profile, MeterKey, MeterSignature, MeterSigner, P256Pair, P256Signature, Profile,
	SignedProfile, UnixTime, Wh,
};

/// The start of the day before genesis, when device 0 was long commissioned.
const DAY: UnixTime = GENESIS_TIME - 86_400;

/// Cumulative registers from `first` after each interval's `energy`.
fn registers(first: Wh, energy: &[Wh]) -> Vec<Wh> {
	energy
		.iter()
		.scan(first, |register, wh| {
			*register += wh;
			Some(*register)
		})
		.collect()
}

/// A day of hourly PV energy, Wh: nothing at night, up to 4 kWh at noon (a 5 kWp roof).
fn sunny_day() -> Vec<Wh> {
	(0..24u64)
		.map(|hour| if (6..18).contains(&hour) { 4_000 - (hour.abs_diff(12)) * 600 } else { 0 })
		.collect()
}

/// Meter a's baseline at `DAY` with a register of 1,000,000 Wh, then its profile of `energy`
/// from there in `interval`-second intervals.
fn after_baseline(energy: &[Wh], interval: u32) -> SignedProfile {
	assert_ok!(submit(signed(&meter_a(), 1_000_000, DAY)));
	profile(&meter_a(), DAY, interval, &registers(1_000_000, energy))
}

/// Submits `profile` through the feeless path as a block applies it: its authorization, then
/// its dispatch. A refused authorization reports its error by its code.
fn submit_feeless(profile: SignedProfile) -> sp_runtime::DispatchResult {
	let call = crate::Call::<Test>::submit_profile { profile: profile.clone() };
	match call.authorize(TransactionSource::External).expect("authorized by its profile") {
		Ok(_) => {},
		Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code))) => {
			return Err(Error::<Test>::decode(&mut &[code][..]).expect("a meter error").into())
		},
		Err(other) => panic!("a profile is refused with its error code, not {other:?}"),
	}
	Meters::submit_profile(authorized(), profile).map(|_| ()).map_err(|error| error.error)
}

/// Submits `profiles` in a gateway batch; returns the rejections it reported.
fn submit_batch(profiles: Vec<SignedProfile>) -> Vec<(u32, ProfileRejection)> {
	System::reset_events();
	assert_ok!(Meters::submit_profiles(RuntimeOrigin::signed(account("Gateway")), profiles));
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Meters(Event::ProfileRejected { index, interval, error, .. }) => {
				Some((index, ProfileRejection { interval, error }))
			},
			_ => None,
		})
		.collect()
}

fn meter_a_key() -> MeterKey {
	meter_a().meter_key()
}

#[test]
fn a_days_profile_hands_its_energy_on_as_one_verified_energy() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let day = sunny_day();
		let wh: Wh = day.iter().sum();
		assert_ok!(submit_feeless(after_baseline(&day, 3_600)));
		System::assert_last_event(
			Event::ProfileAccepted {
				meter: meter_a_key(),
				device: 0,
				start: DAY,
				end: DAY + 86_400,
				intervals: 24,
				wh,
			}
			.into(),
		);
		assert_eq!(produced(), vec![VerifiedEnergy { device: 0, from: DAY, to: GENESIS_TIME, wh }]);
		let meter = crate::Meters::<Test>::get(meter_a_key()).unwrap();
		assert_eq!(
			meter.last,
			Some(LastReading { counter_wh: 1_000_000 + wh, timestamp: GENESIS_TIME })
		);
		let device = Devices::<Test>::get(0).unwrap();
		assert_eq!((device.verified_wh, device.certified_until), (wh, GENESIS_TIME));
	});
}

#[test]
fn a_meters_first_profile_sets_its_baseline_with_its_first_register() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		// 15-minute intervals: the first register is the baseline, the other 95 are energy.
		let energy: Vec<Wh> = (0..96).map(|quarter| quarter % 7 * 100).collect();
		let profile = profile(&meter_a(), DAY, 900, &registers(50, &energy));
		assert_ok!(submit_feeless(profile));
		let certified: Wh = energy[1..].iter().sum();
		assert_eq!(
			produced(),
			vec![VerifiedEnergy { device: 0, from: DAY + 900, to: GENESIS_TIME, wh: certified }]
		);
		assert_eq!(Devices::<Test>::get(0).unwrap().verified_wh, certified);
	});
}

#[test]
fn a_profile_certifies_exactly_what_its_readings_would() {
	// An independent model: the same registers as single readings in a batch, in another
	// registry. Both must end in the same state, for seeded random days.
	let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
	let mut next = move |bound: u64| {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		seed % bound
	};
	for _ in 0..12 {
		let interval = [900u32, 1_800, 3_600, 7_200][next(4) as usize];
		// Within the day before genesis (the chain's clock), and at most 16 intervals: the mock's
		// readings batch takes 16 readings.
		let count = 1 + next(u64::from(86_400 / interval).min(16)) as usize;
		// Up to the 5 kW device's capacity over the interval, sometimes nothing.
		let most = 5 * u64::from(interval) / 3_600 * 1_000;
		let energy: Vec<Wh> = (0..count).map(|_| next(most + 1)).collect();
		let registers = registers(1_000_000, &energy);
		let by_profile = ExtBuilder::default().with_device().build().execute_with(|| {
			assert_ok!(submit(signed(&meter_a(), 1_000_000, DAY)));
			assert_eq!(submit_batch(vec![profile(&meter_a(), DAY, interval, &registers)]), vec![]);
			(Devices::<Test>::get(0), crate::Meters::<Test>::get(meter_a_key()), produced())
		});
		let by_readings = ExtBuilder::default().with_device().build().execute_with(|| {
			assert_ok!(submit(signed(&meter_a(), 1_000_000, DAY)));
			let readings = registers
				.iter()
				.enumerate()
				.map(|(i, register)| {
					signed(&meter_a(), *register, DAY + (i as u64 + 1) * u64::from(interval))
				})
				.collect();
			assert_ok!(Meters::submit_readings(
				RuntimeOrigin::signed(account("Gateway")),
				readings
			));
			(Devices::<Test>::get(0), crate::Meters::<Test>::get(meter_a_key()), produced())
		});
		assert_eq!(by_profile.0, by_readings.0, "{interval} s x {count}: {energy:?}");
		assert_eq!(by_profile.1, by_readings.1);
		// The readings hand on each interval's energy, the profile all of it at once.
		let total = |energy: &Vec<VerifiedEnergy>| energy.iter().map(|e| e.wh).sum::<Wh>();
		assert_eq!(total(&by_profile.2), total(&by_readings.2));
		assert!(by_profile.2.len() <= 1);
	}
}

/// Every way a profile can be wrong, each refused whole in a batch with its error and the
/// interval at fault, and nothing changed.
#[test]
fn bad_profiles_are_refused_whole_by_name_and_change_nothing() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let day = sunny_day();
		let good = after_baseline(&day, 3_600);
		let at = |interval: Option<u32>, error: Error<Test>| ProfileRejection {
			interval,
			error: error.into(),
		};
		let with = |interval: u32, energy: &[Wh], start: UnixTime| {
			profile(&meter_a(), start, interval, &registers(1_000_000, energy))
		};
		let mut down = registers(1_000_000, &day);
		down[9] = down[8] - 1;
		let mut too_much = day.clone();
		too_much[3] = 5_501; // capacity 5 kW x 1 h x 110 % = 5,500 Wh
		let mut forged = good.clone();
		forged.signature =
			meter_pair("b").sign_as_meter(&good.profile.signing_payload(&Meters::genesis_hash()));
		let cross_chain = sign_profile(&meter_a(), good.profile.clone(), &H256::repeat_byte(1));
		// Ends 24 h after `GENESIS_TIME`: beyond the chain's clock from interval 0 on.
		let future = with(3_600, &day, GENESIS_TIME);
		let too_many = with(900, &vec![0; 97], DAY);
		let cases: Vec<(SignedProfile, ProfileRejection)> = vec![
			(with(3_600, &[], DAY), at(None, Error::EmptyProfile)),
			(too_many, at(None, Error::TooManyIntervals)),
			(with(0, &day, DAY), at(None, Error::InvalidInterval)),
			(with(7, &day, DAY), at(None, Error::InvalidInterval)),
			(with(172_800, &day[..1], DAY), at(None, Error::InvalidInterval)),
			(profile(&meter_a(), DAY, 3_600, &down), at(Some(9), Error::CounterDecreased)),
			(with(3_600, &too_much, DAY), at(Some(3), Error::ImplausibleEnergy)),
			(forged, at(None, Error::BadSignature)),
			(cross_chain, at(None, Error::BadSignature)),
			(with(3_600, &day, DAY - 3_600), at(Some(0), Error::StaleReading)),
			(future, at(Some(0), Error::ReadingInFuture)),
			(
				profile(&meter_pair("b"), DAY, 3_600, &registers(0, &day)),
				at(None, Error::UnknownMeter),
			),
		];
		let before = (Devices::<Test>::get(0), crate::Meters::<Test>::get(meter_a_key()));
		let count = cases.len();
		let (profiles, expected): (Vec<_>, Vec<_>) = cases.into_iter().unzip();
		let rejections = submit_batch(profiles);
		assert_eq!(
			rejections,
			expected.into_iter().enumerate().map(|(i, r)| (i as u32, r)).collect::<Vec<_>>()
		);
		System::assert_last_event(
			Event::BatchProcessed {
				gateway: account("Gateway"),
				accepted: 0,
				rejected: count as u32,
			}
			.into(),
		);
		assert_eq!((Devices::<Test>::get(0), crate::Meters::<Test>::get(meter_a_key())), before);
		assert!(produced().is_empty());

		// The good profile goes in; replayed, it is stale.
		assert_eq!(submit_batch(vec![good.clone()]), vec![]);
		assert_eq!(submit_batch(vec![good]), vec![(0, at(Some(0), Error::StaleReading))]);
		assert_eq!(produced().len(), 1);
	});
}

#[test]
fn a_profile_reaching_into_the_future_names_its_first_interval_there() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		// Starts 20 h before now: intervals 0-19 end by now, 20 ends 5 minutes (the drift)
		// ahead or less, 21 beyond.
		let start = GENESIS_TIME - 20 * 3_600;
		assert_ok!(submit(signed(&meter_a(), 0, start)));
		let profile = profile(&meter_a(), start, 3_600, &registers(0, &[100; 24]));
		assert_eq!(
			submit_batch(vec![profile]),
			vec![(
				0,
				ProfileRejection {
					interval: Some(20),
					error: Error::<Test>::ReadingInFuture.into()
				}
			)]
		);
	});
}

#[test]
fn batches_of_profiles_are_bounded() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let gateway = RuntimeOrigin::signed(account("Gateway"));
		assert_noop!(Meters::submit_profiles(gateway.clone(), vec![]), Error::<Test>::EmptyBatch);
		let day = profile(&meter_a(), DAY, 3_600, &registers(0, &sunny_day()));
		assert_noop!(
			Meters::submit_profiles(gateway, vec![day; 17]),
			Error::<Test>::TooManyProfiles
		);
	});
}

#[test]
fn the_pool_refuses_bad_feeless_profiles_by_name() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let day = sunny_day();
		let good = after_baseline(&day, 3_600);
		let with = |interval: u32, energy: &[Wh], start: UnixTime| {
			profile(&meter_a(), start, interval, &registers(1_000_000, energy))
		};
		let mut down = registers(1_000_000, &day);
		down[9] = down[8] - 1;
		let cases = [
			(with(3_600, &[], DAY), Error::<Test>::EmptyProfile),
			(with(900, &vec![0; 97], DAY), Error::TooManyIntervals),
			(with(7, &day, DAY), Error::InvalidInterval),
			(profile(&meter_a(), DAY, 3_600, &down), Error::CounterDecreased),
			(
				sign_profile(&meter_a(), good.profile.clone(), &H256::repeat_byte(1)),
				Error::BadSignature,
			),
			// No energy in a day: free profiles must prove some; it goes in a paid batch.
			(with(3_600, &[0; 24], DAY), Error::NoEnergy),
			// An hour's profile 15 minutes after the last reading: sooner than the feeless
			// interval allows.
			(with(600, &[10], DAY), Error::TooFrequent),
		];
		for (profile, error) in cases {
			assert_noop!(submit_feeless(profile), error);
		}
		assert_ok!(submit_feeless(good.clone()));
		assert_noop!(submit_feeless(good), Error::<Test>::StaleReading);
	});
}

#[test]
fn the_pool_holds_one_pending_reading_or_profile_per_meter() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let profile = after_baseline(&sunny_day(), 3_600);
		let reading = signed(&meter_a(), 1_000_100, GENESIS_TIME);
		let provides = |call: crate::Call<Test>| {
			call.authorize(TransactionSource::External).unwrap().unwrap().0.provides
		};
		assert_eq!(
			provides(crate::Call::submit_profile { profile }),
			provides(crate::Call::submit_reading { reading })
		);
	});
}

#[test]
fn a_profile_after_a_reinstatement_records_its_first_interval_uncertified() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 1_000_000, DAY)));
		assert_ok!(Meters::suspend_device(RuntimeOrigin::signed(issuer()), 0, b"audit".to_vec()));
		set_time(DAY + 7_200);
		assert_ok!(Meters::reinstate_device(RuntimeOrigin::signed(issuer()), 0));
		set_time(GENESIS_TIME);
		// Its first interval ends after the reinstatement but starts before it.
		let profile = profile(
			&meter_a(),
			DAY + 3 * 3_600,
			3_600,
			&registers(1_000_000, &[900, 1_000, 1_100]),
		);
		assert_ok!(submit_feeless(profile));
		let device = Devices::<Test>::get(0).unwrap();
		assert_eq!((device.uncertified_wh, device.verified_wh), (900, 2_100));
		assert!(System::events().iter().any(|record| record.event
			== RuntimeEvent::Meters(Event::EnergyUncertified {
				device: 0,
				meter: meter_a_key(),
				from: DAY,
				to: DAY + 4 * 3_600,
				wh: 900
			})));
		assert_eq!(
			produced(),
			vec![VerifiedEnergy {
				device: 0,
				from: DAY + 4 * 3_600,
				to: DAY + 6 * 3_600,
				wh: 2_100
			}]
		);
	});
}

#[test]
fn a_p256_meter_signs_its_profiles_and_its_high_s_twin_is_refused() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(Meters::retire_meter(RuntimeOrigin::signed(owner()), meter_a_key()));
		let meter = P256Pair::from_phrase("//meter//p256");
		assert_ok!(bind(owner(), 0, &meter));
		assert_ok!(submit_feeless(profile(&meter, DAY - 3_600, 3_600, &[7_000_000])));
		let day = profile(&meter, DAY, 3_600, &registers(7_000_000, &sunny_day()));
		// (r, n - s): valid ECDSA, but not the one low-S encoding Origo takes.
		let MeterSignature::P256(P256Signature(low)) = day.signature else { unreachable!() };
		let mut high = day.clone();
		high.signature = MeterSignature::P256(P256Signature(high_s(low)));
		assert_eq!(
			submit_batch(vec![high]),
			vec![(
				0,
				ProfileRejection { interval: None, error: Error::<Test>::BadSignature.into() }
			)]
		);
		assert_ok!(submit_feeless(day));
		assert_eq!(Devices::<Test>::get(0).unwrap().verified_wh, sunny_day().iter().sum::<Wh>());
	});
}

/// `r || s` with `s` replaced by `n - s`, the group order's complement.
fn high_s(low: [u8; 64]) -> [u8; 64] {
	const ORDER: [u8; 32] = [
		0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
		0x25, 0x51,
	];
	let mut out = low;
	let mut borrow = 0i16;
	for i in (0..32).rev() {
		let difference = i16::from(ORDER[i]) - i16::from(low[32 + i]) - borrow;
		out[32 + i] = difference.rem_euclid(256) as u8;
		borrow = i16::from(difference < 0);
	}
	out
}

#[test]
fn profiles_are_charged_by_scheme_and_intervals() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let sr25519 = profile(&meter_a(), DAY, 3_600, &registers(0, &[1; 24]));
		let p256 = profile(&P256Pair::from_phrase("//p256"), DAY, 3_600, &registers(0, &[1; 24]));
		let quarters = profile(&meter_a(), DAY, 900, &registers(0, &[1; 96]));
		let weight = |profiles: Vec<SignedProfile>| {
			crate::Call::<Test>::submit_profiles { profiles }.get_dispatch_info().call_weight
		};
		let one = weight(vec![sr25519.clone()]);
		assert!(weight(vec![sr25519.clone(), sr25519.clone()]).ref_time() > one.ref_time());
		assert!(weight(vec![p256]).ref_time() > one.ref_time());
		assert!(weight(vec![quarters]).ref_time() > one.ref_time());
	});
}

/// Profiles round-trip their compact registers through SCALE, as clients build them.
#[test]
fn a_profile_decodes_as_signed() {
	let profile = Profile {
		meter: meter_a().meter_key(),
		start: DAY,
		interval: 3_600,
		registers: vec![Compact(1), Compact(u64::MAX)],
	};
	assert_eq!(Profile::decode(&mut &profile.encode()[..]).unwrap(), profile);
}

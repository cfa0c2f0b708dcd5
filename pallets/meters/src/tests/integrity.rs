//! The security review's findings (`shared/reviews/security-review.md`), each with the call
//! sequence that broke the registry before and is refused now.

use super::*;
use origo_primitives::registry::{MeterKey, MeterSignature, MeterSigner as _, P256Pair};

fn device() -> crate::DeviceOf<Test> {
	crate::Devices::<Test>::get(0).expect("device 0 exists")
}

fn retire(pair: &sr25519::Pair) -> sp_runtime::DispatchResult {
	Meters::retire_meter(RuntimeOrigin::signed(owner()), pair.public().into())
}

/// C-1: a 5 kW rooftop certified 2,700 MWh with a baseline at t = 1 s.
#[test]
fn c1_a_baseline_cannot_predate_commissioning() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let commissioned = pv_declaration().commissioned;
		assert_eq!(device().certified_until, commissioned);
		assert_noop!(submit(signed(&meter_a(), 0, 1)), Error::<Test>::BackdatedReading);
		assert_noop!(
			submit(signed(&meter_a(), 0, commissioned - 1)),
			Error::<Test>::BackdatedReading
		);
		assert_ok!(submit(signed(&meter_a(), 0, commissioned)));
	});
}

/// C-1: a device commissioned long ago is certifiable only from `MaxBackfill` before its
/// approval.
#[test]
fn c1_a_baseline_cannot_predate_the_backfill_window() {
	ExtBuilder::default().build_and_execute(|| {
		let mut declaration = pv_declaration();
		declaration.commissioned = 946_684_800; // 2000-01-01
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), declaration));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
		let start = GENESIS_TIME - MaxBackfill::get();
		System::assert_last_event(
			Event::DeviceApproved { device: 0, issuer: issuer(), certifiable_from: start }.into(),
		);
		assert_ok!(bind(owner(), 0, &meter_a()));
		assert_noop!(submit(signed(&meter_a(), 0, start - 1)), Error::<Test>::BackdatedReading);
		assert_ok!(submit(signed(&meter_a(), 0, start)));
	});
}

/// C-1: retiring a meter and binding a fresh key re-opened the same window.
#[test]
fn c1_a_new_meter_cannot_recertify_an_interval() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 3_600)));
		assert_ok!(submit(signed(&meter_a(), 5_500, GENESIS_TIME)));
		assert_ok!(retire(&meter_a()));
		assert_ok!(bind(owner(), 0, &meter_pair("b")));
		assert_noop!(
			submit(signed(&meter_pair("b"), 0, GENESIS_TIME - 3_600)),
			Error::<Test>::BackdatedReading
		);
		assert_eq!(device().verified_wh, 5_500);
		assert_eq!(device().certified_until, GENESIS_TIME);
	});
}

/// H-1: two meters on one device each proved capacity x time; now a device has one billing
/// meter, and a check meter beside it is refused.
#[test]
fn h1_a_check_meter_cannot_be_bound_beside_the_billing_meter() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_noop!(bind(owner(), 0, &meter_pair("b")), Error::<Test>::DeviceHasMeter);
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 3_600)));
		assert_ok!(submit(signed(&meter_a(), 5_500, GENESIS_TIME)));
		assert_eq!(device().verified_wh, 5_500);
	});
}

/// H-1: a swap closes the old meter's interval and opens the new one's at the same instant;
/// the device's intervals follow each other without a gap or an overlap.
#[test]
fn h1_a_swap_closes_and_opens_at_the_same_instant() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let t0 = GENESIS_TIME - 7_200;
		let t1 = GENESIS_TIME - 3_600;
		assert_ok!(submit(signed(&meter_a(), 100, t0)));
		assert_ok!(submit(signed(&meter_a(), 4_100, t1)));
		assert_ok!(retire(&meter_a()));
		assert_ok!(bind(owner(), 0, &meter_pair("b")));
		assert_ok!(submit(signed(&meter_pair("b"), 777, t1)));
		assert_ok!(submit(signed(&meter_pair("b"), 777 + 5_000, GENESIS_TIME)));
		assert_eq!(
			produced(),
			vec![
				VerifiedEnergy { device: 0, from: t0, to: t1, wh: 4_000 },
				VerifiedEnergy { device: 0, from: t1, to: GENESIS_TIME, wh: 5_000 },
			]
		);
		assert_eq!(device().meters_bound, 2);
	});
}

/// H-1: a new meter whose interval would overlap what the old one certified is refused.
#[test]
fn h1_an_overlap_is_refused() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 7_200)));
		assert_ok!(submit(signed(&meter_a(), 5_000, GENESIS_TIME - 3_600)));
		assert_ok!(retire(&meter_a()));
		assert_ok!(bind(owner(), 0, &meter_pair("b")));
		assert_noop!(
			submit(signed(&meter_pair("b"), 0, GENESIS_TIME - 3_601)),
			Error::<Test>::BackdatedReading
		);
		// The same in a gateway batch: refused and reported, nothing certified.
		assert_ok!(Meters::submit_readings(
			RuntimeOrigin::signed(owner()),
			vec![signed(&meter_pair("b"), 0, GENESIS_TIME - 5_000)]
		));
		System::assert_has_event(
			Event::ReadingRejected {
				index: 0,
				meter: meter_pair("b").public().into(),
				error: Error::<Test>::BackdatedReading.into(),
			}
			.into(),
		);
		assert_eq!(device().verified_wh, 5_000);
	});
}

/// H-2: Mallory bound a victim's meter key she does not hold, and took its production.
#[test]
fn h2_binding_requires_the_meters_signature() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let mallory = account("Mallory");
		assert_ok!(Meters::register_device(
			RuntimeOrigin::signed(mallory.clone()),
			pv_declaration()
		));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
		let victim = meter_pair("victim");
		let genesis = Meters::genesis_hash();
		// Her own signature, or the victim's proof for someone else's binding, is no proof.
		let own = sign_binding(&meter_pair("mallory"), &genesis, 1, &mallory);
		let others = sign_binding(&victim, &genesis, 1, &owner());
		for proof in [own, others] {
			assert_noop!(
				Meters::bind_meter(
					RuntimeOrigin::signed(mallory.clone()),
					1,
					victim.public().into(),
					proof
				),
				Error::<Test>::BadProof
			);
		}
	});
}

/// H-2: an issuer of the zone unbinds a key bound in error, and the device it measures binds
/// it; its old readings are never accepted again.
#[test]
fn h2_an_issuer_unbinds_a_key_bound_in_error() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 1_000, GENESIS_TIME - 7_200)));
		assert_ok!(submit(signed(&meter_a(), 3_000, GENESIS_TIME - 3_600)));
		let key = || MeterKey::from(meter_a().public());
		assert_noop!(
			Meters::unbind_meter(RuntimeOrigin::signed(owner()), key()),
			Error::<Test>::NotIssuer
		);
		assert_noop!(
			Meters::unbind_meter(RuntimeOrigin::signed(issuer()), meter_pair("x").public().into()),
			Error::<Test>::UnknownMeter
		);
		let florida = account("Florida");
		assert_ok!(Meters::appoint_issuer(
			RuntimeOrigin::root(),
			florida.clone(),
			b"FL".to_vec(),
			vec![zone("US-FL")]
		));
		assert_noop!(
			Meters::unbind_meter(RuntimeOrigin::signed(florida), key()),
			Error::<Test>::WrongZone
		);
		assert_ok!(Meters::unbind_meter(RuntimeOrigin::signed(issuer()), key()));
		System::assert_last_event(
			Event::MeterUnbound { device: 0, meter: key(), issuer: issuer() }.into(),
		);
		assert_noop!(
			Meters::unbind_meter(RuntimeOrigin::signed(issuer()), key()),
			Error::<Test>::MeterUnbound
		);
		assert_noop!(submit(signed(&meter_a(), 4_000, GENESIS_TIME)), Error::<Test>::MeterUnbound);
		assert_eq!(device().meter, None);
		// Its real owner binds it to the device it measures.
		let real = account("Real");
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(real.clone()), pv_declaration()));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
		assert_ok!(bind(real, 1, &meter_a()));
		assert_noop!(
			submit(signed(&meter_a(), 3_000, GENESIS_TIME - 3_600)),
			Error::<Test>::StaleReading
		);
		assert_ok!(submit(signed(&meter_a(), 5_000, GENESIS_TIME)));
		let moved = crate::Devices::<Test>::get(1).unwrap();
		assert_eq!((moved.verified_wh, moved.meters_bound), (2_000, 1));
		assert_eq!(Meters::device_meters(0, None, 10).len(), 1);
	});
}

/// A retired meter moved to another site: an issuer unbinds it and the new site binds it,
/// from its last reading on.
#[test]
fn h2_a_retired_meter_moves_to_another_site() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let key = || MeterKey::from(meter_a().public());
		assert_ok!(submit(signed(&meter_a(), 1_000, GENESIS_TIME - 7_200)));
		assert_ok!(Meters::retire_meter(RuntimeOrigin::signed(owner()), key()));
		let other = account("Other");
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(other.clone()), pv_declaration()));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
		assert_noop!(bind(other.clone(), 1, &meter_a()), Error::<Test>::MeterAlreadyBound);
		assert_ok!(Meters::unbind_meter(RuntimeOrigin::signed(issuer()), key()));
		assert_ok!(bind(other, 1, &meter_a()));
		assert_noop!(
			submit(signed(&meter_a(), 1_000, GENESIS_TIME - 7_200)),
			Error::<Test>::StaleReading
		);
		assert_ok!(submit(signed(&meter_a(), 2_000, GENESIS_TIME - 3_600)));
		assert_eq!(crate::Devices::<Test>::get(1).unwrap().verified_wh, 1_000);
	});
}

/// L-2: registering a device holds a deposit from its owner, returned when the owner
/// removes it while pending or once rejected; an approved device stays.
#[test]
fn l2_a_device_holds_a_deposit_until_it_is_removed() {
	ExtBuilder::default().build_and_execute(|| {
		let deposit = 100 + crate::Pallet::<Test>::device_footprint().size as Balance;
		let register = || Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration());
		assert_ok!(register());
		assert_eq!(held(DeviceHoldReason::get(), &owner()), deposit);
		assert_ok!(register());
		assert_eq!(held(DeviceHoldReason::get(), &owner()), 2 * deposit);
		assert_noop!(
			Meters::remove_device(RuntimeOrigin::signed(owner()), 2),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Meters::remove_device(RuntimeOrigin::signed(account("Other")), 0),
			Error::<Test>::NotDeviceOwner
		);
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
		assert_noop!(
			Meters::remove_device(RuntimeOrigin::signed(owner()), 1),
			Error::<Test>::DeviceNotRemovable
		);
		assert_ok!(Meters::suspend_device(RuntimeOrigin::signed(issuer()), 1, vec![]));
		assert_noop!(
			Meters::remove_device(RuntimeOrigin::signed(owner()), 1),
			Error::<Test>::DeviceNotRemovable
		);
		assert_ok!(Meters::reject_device(RuntimeOrigin::signed(issuer()), 0, b"no".to_vec()));
		assert_ok!(Meters::remove_device(RuntimeOrigin::signed(owner()), 0));
		System::assert_last_event(Event::DeviceRemoved { device: 0, owner: owner() }.into());
		assert_eq!(held(DeviceHoldReason::get(), &owner()), deposit);
		assert_eq!(Balances::free_balance(owner()), ENDOWMENT - deposit);
		assert!(crate::Devices::<Test>::get(0).is_none());
		assert!(!crate::OwnerDevices::<Test>::contains_key(owner(), 0));
		assert!(!crate::ZoneDevices::<Test>::contains_key(zone("DE"), 0));
		// A pending device goes too, and ids are not reused.
		assert_ok!(register());
		assert_ok!(Meters::remove_device(RuntimeOrigin::signed(owner()), 2));
		assert_eq!(crate::NextDeviceId::<Test>::get(), 3);
	});
}

/// L-2: who cannot hold the deposit registers and binds nothing.
#[test]
fn l2_without_the_deposit_nothing_is_registered_or_bound() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let nobody = account("Nobody");
		assert_noop!(
			Meters::register_device(RuntimeOrigin::signed(nobody), pv_declaration()),
			sp_runtime::TokenError::FundsUnavailable
		);
		let other = account("Other");
		assert_ok!(Meters::register_device(RuntimeOrigin::signed(other.clone()), pv_declaration()));
		assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
		let free = Balances::free_balance(&other);
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(other.clone()),
			owner(),
			free - 1
		));
		assert_noop!(bind(other, 1, &meter_pair("b")), sp_runtime::TokenError::FundsUnavailable);
	});
}

/// L-2: binding a meter key holds a deposit from the owner for as long as the key's record
/// binds it to the device (retired keys stay, so that their readings are never replayed);
/// an issuer's unbinding releases it.
#[test]
fn l2_a_meter_key_holds_a_deposit_until_it_is_unbound() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let deposit = 100 + crate::Pallet::<Test>::meter_footprint().size as Balance;
		assert_eq!(held(MeterHoldReason::get(), &owner()), deposit);
		assert_ok!(retire(&meter_a()));
		assert_eq!(held(MeterHoldReason::get(), &owner()), deposit);
		assert_ok!(bind(owner(), 0, &meter_pair("b")));
		assert_eq!(held(MeterHoldReason::get(), &owner()), 2 * deposit);
		assert_ok!(Meters::unbind_meter(
			RuntimeOrigin::signed(issuer()),
			meter_a().public().into()
		));
		assert_eq!(held(MeterHoldReason::get(), &owner()), deposit);
		assert!(!crate::MeterDeposits::<Test>::contains_key(MeterKey::from(meter_a().public())));
	});
}

/// L-1: an sr25519 secret signed for the ed25519 key of the same bytes, through the account
/// id; signatures now verify in the key's own scheme.
#[test]
fn l1_a_key_verifies_only_in_its_own_scheme() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let pair = meter_a();
		assert_ok!(retire(&pair));
		let alias = MeterKey::Ed25519(ed25519::Public::from_raw(pair.public().0));
		let proof: MeterSignature = pair
			.sign(&origo_primitives::registry::binding_payload(
				&Meters::genesis_hash(),
				0,
				&owner(),
			))
			.into();
		assert_noop!(
			Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, alias, proof),
			Error::<Test>::BadProof
		);
		let reading = Reading { meter: alias, counter_wh: 0, timestamp: GENESIS_TIME };
		let payload = reading.signing_payload(&Meters::genesis_hash());
		let forged = origo_primitives::registry::SignedReading {
			signature: MeterSignature::Sr25519(pair.sign(&payload)),
			reading,
		};
		assert!(!forged.verify(&Meters::genesis_hash()));
	});
}

/// L-1: an ecdsa secret signed for the sr25519 key that is the hash of its public key.
#[test]
fn l1_an_ecdsa_secret_is_one_meter_key() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let ecdsa = sp_core::ecdsa::Pair::from_string("//meter//ecdsa", None).unwrap();
		let hashed = sp_io::hashing::blake2_256(ecdsa.public().as_ref());
		let alias = MeterKey::Sr25519(sr25519::Public::from_raw(hashed));
		let payload =
			origo_primitives::registry::binding_payload(&Meters::genesis_hash(), 0, &owner());
		let proof = MeterSignature::Ecdsa(ecdsa.sign(&payload));
		assert!(!alias.verify(&payload, &proof));
		assert!(MeterKey::from(ecdsa.public()).verify(&payload, &proof));
	});
}

/// A P-256 key must be a compressed point of the curve: the same x under SEC1's compact tag
/// would be a second key for one meter, and bytes off the curve are no key. (The fourth scheme
/// of `MultiSigner`, `Eth`, whose keys were refused here, is P-256's index now.)
#[test]
fn p256_keys_off_the_curve_or_in_a_second_encoding_are_refused() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(retire(&meter_a()));
		let pair = P256Pair::from_phrase("//meter//p256");
		let payload =
			origo_primitives::registry::binding_payload(&Meters::genesis_hash(), 0, &owner());
		let proof = pair.sign_as_meter(&payload);
		let mut compact = pair.public();
		compact.0[0] = 5;
		let mut off_curve = pair.public();
		off_curve.0[1..].copy_from_slice(&[0xff; 32]);
		for key in [compact, off_curve] {
			assert_noop!(
				Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, MeterKey::P256(key), proof),
				Error::<Test>::InvalidMeterKey
			);
		}
		assert_ok!(Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, pair.meter_key(), proof));
	});
}

/// M-1: the first reading after a reinstatement certified everything produced while the
/// device was suspended.
#[test]
fn m1_production_during_a_suspension_is_not_certified() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME)));
		assert_ok!(Meters::suspend_device(RuntimeOrigin::signed(issuer()), 0, b"fault".to_vec()));
		let reinstated = GENESIS_TIME + 10 * DAY;
		set_time(reinstated);
		assert_ok!(Meters::reinstate_device(RuntimeOrigin::signed(issuer()), 0));
		assert_eq!(device().certified_until, reinstated);
		assert_ok!(submit(signed(&meter_a(), 1_200_000, reinstated + 60)));
		assert!(produced().is_empty());
		System::assert_has_event(
			Event::EnergyUncertified {
				device: 0,
				meter: meter_a().public().into(),
				from: GENESIS_TIME,
				to: reinstated + 60,
				wh: 1_200_000,
			}
			.into(),
		);
		assert_eq!((device().verified_wh, device().uncertified_wh), (0, 1_200_000));
		// From that reading on, the device certifies again.
		set_time(reinstated + 3_660);
		assert_ok!(submit(signed(&meter_a(), 1_205_000, reinstated + 3_660)));
		assert_eq!(
			produced(),
			vec![VerifiedEnergy {
				device: 0,
				from: reinstated + 60,
				to: reinstated + 3_660,
				wh: 5_000
			}]
		);
	});
}

/// M-4: zero readings every second were free, forever.
#[test]
fn m4_a_feeless_reading_must_prove_energy_or_wait() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let t = GENESIS_TIME - 3_600;
		assert_ok!(submit(signed(&meter_a(), 0, t)));
		assert_noop!(submit(signed(&meter_a(), 0, t + 1)), Error::<Test>::NoEnergy);
		assert_noop!(submit(signed(&meter_a(), 0, t + 900)), Error::<Test>::NoEnergy);
		assert_noop!(submit(signed(&meter_a(), 10, t + 899)), Error::<Test>::TooFrequent);
		assert_ok!(submit(signed(&meter_a(), 10, t + 900)));
		// Paid, a keep-alive may come at any time.
		assert_ok!(Meters::submit_readings(
			RuntimeOrigin::signed(owner()),
			vec![signed(&meter_a(), 10, t + 901)]
		));
		System::assert_last_event(
			Event::BatchProcessed { gateway: owner(), accepted: 1, rejected: 0 }.into(),
		);
	});
}

/// M-4: a block's worth of free readings from one device: all but one refused by the pool.
#[test]
fn m4_one_device_cannot_fill_a_block_with_free_extrinsics() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let t = GENESIS_TIME - 3_600;
		assert_ok!(submit(signed(&meter_a(), 0, t)));
		// A reading every 10 s for 20 minutes, each with energy.
		let valid = (1..=120u64)
			.filter(|i| {
				let reading = signed(&meter_a(), *i, t + 10 * *i);
				crate::Call::<Test>::submit_reading { reading }
					.authorize(TransactionSource::External)
					.expect("authorized by its reading")
					.is_ok()
			})
			.count();
		// Only readings 900 s after the baseline pass, and the pool keeps one per meter.
		assert_eq!(valid, 120 - 89);
		assert_noop!(bind(owner(), 0, &meter_pair("b")), Error::<Test>::DeviceHasMeter);
	});
}

#[test]
fn m4_governance_sets_the_feeless_interval() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_noop!(
			Meters::set_feeless_interval(RuntimeOrigin::signed(owner()), 60),
			DispatchError::BadOrigin
		);
		assert_eq!(crate::FeelessInterval::<Test>::get(), 900);
		assert_ok!(Meters::set_feeless_interval(RuntimeOrigin::root(), 60));
		System::assert_last_event(Event::FeelessIntervalSet { seconds: 60 }.into());
		let t = GENESIS_TIME - 3_600;
		assert_ok!(submit(signed(&meter_a(), 0, t)));
		assert_noop!(submit(signed(&meter_a(), 10, t + 59)), Error::<Test>::TooFrequent);
		assert_ok!(submit(signed(&meter_a(), 10, t + 60)));
	});
}

/// L-8: a register reset bricked the meter's key forever.
#[test]
fn l8_an_issuer_resets_a_meter_after_a_register_reset() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		let t = GENESIS_TIME - 7_200;
		assert_ok!(submit(signed(&meter_a(), 10_000, t)));
		assert_ok!(submit(signed(&meter_a(), 12_000, t + 3_600)));
		assert_noop!(submit(signed(&meter_a(), 50, GENESIS_TIME)), Error::<Test>::CounterDecreased);
		let reset =
			|who: AccountId, reading| Meters::reset_meter(RuntimeOrigin::signed(who), reading);
		assert_noop!(reset(owner(), signed(&meter_a(), 0, GENESIS_TIME)), Error::<Test>::NotIssuer);
		let mut forged = signed(&meter_pair("x"), 0, GENESIS_TIME);
		forged.reading.meter = meter_a().public().into();
		assert_noop!(reset(issuer(), forged), Error::<Test>::BadSignature);
		assert_noop!(
			reset(issuer(), signed(&meter_a(), 0, t + 3_600)),
			Error::<Test>::StaleReading
		);
		assert_noop!(
			reset(issuer(), signed(&meter_a(), 0, GENESIS_TIME + 301)),
			Error::<Test>::ReadingInFuture
		);
		assert_noop!(
			reset(issuer(), signed(&meter_pair("x"), 0, GENESIS_TIME)),
			Error::<Test>::UnknownMeter
		);
		assert_ok!(reset(issuer(), signed(&meter_a(), 0, GENESIS_TIME - 60)));
		System::assert_last_event(
			Event::MeterReset {
				device: 0,
				meter: meter_a().public().into(),
				issuer: issuer(),
				counter_wh: 0,
				timestamp: GENESIS_TIME - 60,
			}
			.into(),
		);
		set_time(GENESIS_TIME + 3_600);
		assert_ok!(submit(signed(&meter_a(), 3_000, GENESIS_TIME + 3_540)));
		assert_eq!(device().verified_wh, 2_000 + 3_000);
		assert_ok!(retire(&meter_a()));
		assert_noop!(
			reset(issuer(), signed(&meter_a(), 0, GENESIS_TIME + 3_600)),
			Error::<Test>::MeterRetired
		);
	});
}

/// L-8: after a reinstatement, a reset may not start before the reinstatement.
#[test]
fn l8_a_reset_cannot_backdate_the_device() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 3_600)));
		assert_ok!(Meters::suspend_device(RuntimeOrigin::signed(issuer()), 0, vec![]));
		set_time(GENESIS_TIME + DAY);
		assert_ok!(Meters::reinstate_device(RuntimeOrigin::signed(issuer()), 0));
		assert_noop!(
			Meters::reset_meter(
				RuntimeOrigin::signed(issuer()),
				signed(&meter_a(), 0, GENESIS_TIME)
			),
			Error::<Test>::BackdatedReading
		);
	});
}

/// L-9: removing a zone's last issuer left its devices certifying with nobody to suspend them.
#[test]
fn l9_a_zones_last_issuer_stays_while_the_zone_has_devices() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_noop!(
			Meters::remove_issuer(RuntimeOrigin::root(), issuer()),
			Error::<Test>::LastIssuerOfZone
		);
		assert_ok!(Meters::appoint_issuer(
			RuntimeOrigin::root(),
			account("Other"),
			b"BNetzA".to_vec(),
			vec![zone("DE")]
		));
		assert_ok!(Meters::remove_issuer(RuntimeOrigin::root(), issuer()));
		assert_eq!(crate::ZoneIssuers::<Test>::get(zone("DE")), 1);
	});
}

/// M-7: a device listed every meter ever bound; its history now pages.
#[test]
fn m7_the_meter_history_pages() {
	ExtBuilder::default().with_device().build_and_execute(|| {
		assert_ok!(retire(&meter_a()));
		for i in 0..50 {
			let pair = meter_pair(&format!("churn/{i}"));
			assert_ok!(bind(owner(), 0, &pair));
			assert_ok!(retire(&pair));
		}
		let details = Meters::device_details(0).unwrap();
		assert_eq!((details.meter, details.device.meters_bound), (None, 51));
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = Meters::device_meters(0, after, 20);
			assert!(page.len() <= 20);
			let Some((last, _)) = page.last() else { break };
			after = Some(*last);
			seen.extend(page.into_iter().map(|(key, meter)| {
				assert_eq!(meter.status, MeterStatus::Retired);
				key
			}));
		}
		assert_eq!(seen.len(), 51);
		assert_eq!(Meters::device_meters(0, None, u32::MAX).len(), 51);
	});
}

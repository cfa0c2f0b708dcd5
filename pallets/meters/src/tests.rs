//! Unit tests of pallet-meters: every call, every error, the pool path and a year of readings.

use crate::{mock::*, DeviceStatus, Error, Event, LastReading, Meter, MeterStatus};
use codec::Decode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
	traits::Authorize,
};
use origo_primitives::registry::{
	sign_binding, sign_reading, DeviceKind, Reading, Technology, VerifiedEnergy, Zone,
};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_runtime::DispatchError;

fn authorized() -> RuntimeOrigin {
	frame_system::RawOrigin::Authorized.into()
}

/// What `who` holds for `reason`.
fn held(reason: RuntimeHoldReason, who: &AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&reason, who)
}

fn meter_a() -> sr25519::Pair {
	meter_pair("a")
}

/// Submits `reading` through the feeless path as a block applies it: its authorization (which
/// the pool ran too), then its dispatch. A refused authorization reports its reading error.
fn submit(reading: origo_primitives::registry::SignedReading) -> sp_runtime::DispatchResult {
	let call = crate::Call::<Test>::submit_reading { reading: reading.clone() };
	match call.authorize(TransactionSource::External).expect("authorized by its reading") {
		Ok(_) => {},
		Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code))) => {
			return Err(Error::<Test>::decode(&mut &[code][..]).expect("a reading error").into())
		},
		Err(other) => panic!("a reading is refused with its error code, not {other:?}"),
	}
	Meters::submit_reading(authorized(), reading).map(|_| ()).map_err(|error| error.error)
}

mod issuers {
	use super::*;

	#[test]
	fn governance_appoints_an_issuer() {
		ExtBuilder::default().build_and_execute(|| {
			let other = account("Other");
			assert_ok!(Meters::appoint_issuer(
				RuntimeOrigin::root(),
				other.clone(),
				b"Energinet".to_vec(),
				vec![zone("DK1"), zone("DE")],
			));
			System::assert_last_event(
				Event::IssuerAppointed {
					issuer: other.clone(),
					zones: vec![zone("DK1"), zone("DE")].try_into().unwrap(),
				}
				.into(),
			);
			assert_eq!(crate::ZoneIssuers::<Test>::get(zone("DE")), 2);
			assert_eq!(crate::ZoneIssuers::<Test>::get(zone("DK1")), 1);
		});
	}

	#[test]
	fn appointing_needs_governance() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Meters::appoint_issuer(
					RuntimeOrigin::signed(owner()),
					owner(),
					b"Me".to_vec(),
					vec![zone("DE")]
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn appointing_refuses_bad_input() {
		ExtBuilder::default().build_and_execute(|| {
			let root = RuntimeOrigin::root;
			let other = account("Other");
			assert_noop!(
				Meters::appoint_issuer(root(), issuer(), b"Again".to_vec(), vec![zone("DE")]),
				Error::<Test>::AlreadyIssuer
			);
			assert_noop!(
				Meters::appoint_issuer(root(), other.clone(), vec![b'x'; 33], vec![zone("DE")]),
				Error::<Test>::NameTooLong
			);
			assert_noop!(
				Meters::appoint_issuer(root(), other.clone(), b"X".to_vec(), vec![]),
				Error::<Test>::NoZones
			);
			assert_noop!(
				Meters::appoint_issuer(
					root(),
					other.clone(),
					b"X".to_vec(),
					vec![Zone(*b"de\0\0\0\0\0\0")]
				),
				Error::<Test>::InvalidZone
			);
			assert_noop!(
				Meters::appoint_issuer(
					root(),
					other.clone(),
					b"X".to_vec(),
					vec![zone("DE"), zone("FR"), zone("DE")]
				),
				Error::<Test>::DuplicateZone
			);
			assert_noop!(
				Meters::appoint_issuer(
					root(),
					other,
					b"X".to_vec(),
					["AT", "BE", "CH", "DE", "ES"].iter().map(|z| zone(z)).collect()
				),
				Error::<Test>::TooManyZones
			);
		});
	}

	#[test]
	fn removing_an_issuer_forgets_its_zones() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Meters::remove_issuer(RuntimeOrigin::root(), issuer()));
			System::assert_last_event(Event::IssuerRemoved { issuer: issuer() }.into());
			assert_eq!(crate::ZoneIssuers::<Test>::get(zone("DE")), 0);
			assert_noop!(
				Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()),
				Error::<Test>::UnknownZone
			);
		});
	}

	#[test]
	fn removing_refuses_bad_input() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Meters::remove_issuer(RuntimeOrigin::signed(issuer()), issuer()),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Meters::remove_issuer(RuntimeOrigin::root(), owner()),
				Error::<Test>::NotIssuer
			);
		});
	}
}

mod devices {
	use super::*;

	#[test]
	fn an_owner_registers_a_pending_device() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			System::assert_last_event(
				Event::DeviceRegistered { device: 0, owner: owner(), zone: zone("DE") }.into(),
			);
			let device = crate::Devices::<Test>::get(0).unwrap();
			assert_eq!(device.status, DeviceStatus::Pending);
			assert_eq!(device.owner, owner());
			assert_eq!(device.declaration.capacity_w, 5_000);
			assert!(crate::OwnerDevices::<Test>::contains_key(owner(), 0));
			assert!(crate::ZoneDevices::<Test>::contains_key(zone("DE"), 0));
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			assert_eq!(crate::NextDeviceId::<Test>::get(), 2);
		});
	}

	#[test]
	fn registering_refuses_bad_input() {
		ExtBuilder::default().build_and_execute(|| {
			let register =
				|declaration| Meters::register_device(RuntimeOrigin::signed(owner()), declaration);
			assert_noop!(
				Meters::register_device(RuntimeOrigin::none(), pv_declaration()),
				DispatchError::BadOrigin
			);
			let mut declaration = pv_declaration();
			declaration.name = vec![b'x'; 33];
			assert_noop!(register(declaration), Error::<Test>::NameTooLong);
			let mut declaration = pv_declaration();
			declaration.capacity_w = 0;
			assert_noop!(register(declaration), Error::<Test>::ZeroCapacity);
			let mut declaration = pv_declaration();
			declaration.zone = Zone(*b"D E\0\0\0\0\0");
			assert_noop!(register(declaration), Error::<Test>::InvalidZone);
			let mut declaration = pv_declaration();
			declaration.zone = zone("US-FL");
			assert_noop!(register(declaration), Error::<Test>::UnknownZone);
			let mut declaration = pv_declaration();
			declaration.location =
				Some(crate::Location { latitude_microdeg: 91_000_000, longitude_microdeg: 0 });
			assert_noop!(register(declaration), Error::<Test>::InvalidLocation);
		});
	}

	#[test]
	fn an_issuer_of_the_zone_approves() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
			System::assert_last_event(
				Event::DeviceApproved {
					device: 0,
					issuer: issuer(),
					certifiable_from: pv_declaration().commissioned,
				}
				.into(),
			);
			let device = crate::Devices::<Test>::get(0).unwrap();
			assert_eq!(device.status, DeviceStatus::Approved);
			assert_eq!(device.issuer, Some(issuer()));
		});
	}

	#[test]
	fn approving_refuses_bad_input() {
		ExtBuilder::default().build_and_execute(|| {
			let florida = account("Florida");
			assert_ok!(Meters::appoint_issuer(
				RuntimeOrigin::root(),
				florida.clone(),
				b"FL".to_vec(),
				vec![zone("US-FL")]
			));
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			assert_noop!(
				Meters::approve_device(RuntimeOrigin::signed(owner()), 0),
				Error::<Test>::NotIssuer
			);
			assert_noop!(
				Meters::approve_device(RuntimeOrigin::signed(florida), 0),
				Error::<Test>::WrongZone
			);
			assert_noop!(
				Meters::approve_device(RuntimeOrigin::signed(issuer()), 7),
				Error::<Test>::UnknownDevice
			);
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
			assert_noop!(
				Meters::approve_device(RuntimeOrigin::signed(issuer()), 0),
				Error::<Test>::DeviceNotPending
			);
		});
	}

	#[test]
	fn an_issuer_rejects_with_a_reason() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			assert_noop!(
				Meters::reject_device(RuntimeOrigin::signed(issuer()), 0, vec![b'r'; 33]),
				Error::<Test>::ReasonTooLong
			);
			assert_ok!(Meters::reject_device(
				RuntimeOrigin::signed(issuer()),
				0,
				b"no grid connection".to_vec()
			));
			System::assert_last_event(
				Event::DeviceRejected {
					device: 0,
					issuer: issuer(),
					reason: b"no grid connection".to_vec().try_into().unwrap(),
				}
				.into(),
			);
			assert_eq!(crate::Devices::<Test>::get(0).unwrap().status, DeviceStatus::Rejected);
			assert_noop!(
				Meters::approve_device(RuntimeOrigin::signed(issuer()), 0),
				Error::<Test>::DeviceNotPending
			);
			assert_noop!(
				Meters::reject_device(RuntimeOrigin::signed(issuer()), 0, b"again".to_vec()),
				Error::<Test>::DeviceNotPending
			);
		});
	}

	#[test]
	fn an_issuer_suspends_and_reinstates() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_noop!(
				Meters::reinstate_device(RuntimeOrigin::signed(issuer()), 0),
				Error::<Test>::DeviceNotSuspended
			);
			assert_noop!(
				Meters::suspend_device(RuntimeOrigin::signed(issuer()), 0, vec![b'r'; 33]),
				Error::<Test>::ReasonTooLong
			);
			assert_ok!(Meters::suspend_device(
				RuntimeOrigin::signed(issuer()),
				0,
				b"meter audit".to_vec()
			));
			System::assert_last_event(
				Event::DeviceSuspended {
					device: 0,
					issuer: issuer(),
					reason: b"meter audit".to_vec().try_into().unwrap(),
				}
				.into(),
			);
			assert_noop!(
				Meters::suspend_device(RuntimeOrigin::signed(issuer()), 0, b"again".to_vec()),
				Error::<Test>::DeviceNotApproved
			);
			assert_noop!(
				submit(signed(&meter_a(), 0, GENESIS_TIME)),
				Error::<Test>::DeviceSuspended
			);
			assert_ok!(Meters::reinstate_device(RuntimeOrigin::signed(issuer()), 0));
			System::assert_last_event(
				Event::DeviceReinstated { device: 0, issuer: issuer() }.into(),
			);
			assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME)));
		});
	}
}

mod meters {
	use super::*;

	#[test]
	fn the_owner_binds_meters_of_any_scheme() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let ed = ed25519::Pair::from_string("//meter//ed", None).unwrap();
			assert_ok!(Meters::retire_meter(
				RuntimeOrigin::signed(owner()),
				meter_a().public().into()
			));
			assert_ok!(bind(owner(), 0, &ed));
			System::assert_last_event(
				Event::MeterBound { device: 0, meter: ed.public().into() }.into(),
			);
			let device = crate::Devices::<Test>::get(0).unwrap();
			assert_eq!(device.meter, Some(ed.public().into()));
			assert_eq!(device.meters_bound, 2);
			assert_eq!(
				crate::Meters::<Test>::get(origo_primitives::registry::MeterKey::from(ed.public())),
				Some(Meter { device: 0, status: MeterStatus::Active, last: None })
			);
			// The ed25519 meter's readings verify like the sr25519 one's.
			let reading =
				Reading { meter: ed.public().into(), counter_wh: 10, timestamp: GENESIS_TIME };
			assert_ok!(submit(sign_reading(&ed, reading, &Meters::genesis_hash())));
		});
	}

	#[test]
	fn ecdsa_meters_are_accepted() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
			let ecdsa = sp_core::ecdsa::Pair::from_string("//meter//ecdsa", None).unwrap();
			assert_ok!(bind(owner(), 0, &ecdsa));
			let reading = |counter_wh, timestamp| Reading {
				meter: ecdsa.public().into(),
				counter_wh,
				timestamp,
			};
			let genesis = Meters::genesis_hash();
			assert_ok!(submit(sign_reading(&ecdsa, reading(0, GENESIS_TIME - 3_600), &genesis)));
			assert_ok!(submit(sign_reading(&ecdsa, reading(1_000, GENESIS_TIME), &genesis)));
			assert_eq!(produced().last().unwrap().wh, 1_000);
		});
	}

	#[test]
	fn binding_refuses_bad_input() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_noop!(bind(issuer(), 0, &meter_pair("b")), Error::<Test>::NotDeviceOwner);
			assert_noop!(bind(owner(), 9, &meter_pair("b")), Error::<Test>::UnknownDevice);
			assert_noop!(bind(owner(), 0, &meter_pair("b")), Error::<Test>::DeviceHasMeter);
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			assert_noop!(bind(owner(), 1, &meter_pair("b")), Error::<Test>::DeviceNotApproved);
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
			// A key bound to another device is a duplicate.
			assert_noop!(bind(owner(), 1, &meter_a()), Error::<Test>::MeterAlreadyBound);
			// A proof signed by another key, or for another device, is no proof.
			let other_key = sign_binding(&meter_pair("x"), &Meters::genesis_hash(), 1, &owner());
			let key = || meter_pair("b").public().into();
			assert_noop!(
				Meters::bind_meter(RuntimeOrigin::signed(owner()), 1, key(), other_key),
				Error::<Test>::BadProof
			);
			let other_device = sign_binding(&meter_pair("b"), &Meters::genesis_hash(), 0, &owner());
			assert_noop!(
				Meters::bind_meter(RuntimeOrigin::signed(owner()), 1, key(), other_device),
				Error::<Test>::BadProof
			);
			assert_ok!(Meters::suspend_device(RuntimeOrigin::signed(issuer()), 1, b"x".to_vec()));
			assert_noop!(bind(owner(), 1, &meter_pair("d")), Error::<Test>::DeviceSuspended);
		});
	}

	#[test]
	fn a_retired_meter_is_refused_forever() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_ok!(submit(signed(&meter_a(), 100, GENESIS_TIME - 60)));
			assert_ok!(Meters::retire_meter(
				RuntimeOrigin::signed(owner()),
				meter_a().public().into()
			));
			System::assert_last_event(
				Event::MeterRetired { device: 0, meter: meter_a().public().into() }.into(),
			);
			assert_eq!(crate::Devices::<Test>::get(0).unwrap().meter, None);
			assert_noop!(
				submit(signed(&meter_a(), 200, GENESIS_TIME)),
				Error::<Test>::MeterRetired
			);
			assert_noop!(bind(owner(), 0, &meter_a()), Error::<Test>::MeterAlreadyBound);
			// A swap: the new meter starts its own baseline.
			assert_ok!(bind(owner(), 0, &meter_pair("b")));
			assert_ok!(submit(signed(&meter_pair("b"), 5, GENESIS_TIME)));
		});
	}

	#[test]
	fn retiring_refuses_bad_input() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let key = || meter_a().public().into();
			assert_noop!(
				Meters::retire_meter(
					RuntimeOrigin::signed(owner()),
					meter_pair("z").public().into()
				),
				Error::<Test>::UnknownMeter
			);
			assert_noop!(
				Meters::retire_meter(RuntimeOrigin::signed(issuer()), key()),
				Error::<Test>::NotDeviceOwner
			);
			assert_ok!(Meters::retire_meter(RuntimeOrigin::signed(owner()), key()));
			assert_noop!(
				Meters::retire_meter(RuntimeOrigin::signed(owner()), key()),
				Error::<Test>::MeterRetired
			);
		});
	}
}

mod readings {
	use super::*;

	#[test]
	fn the_first_reading_sets_the_baseline() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_ok!(submit(signed(&meter_a(), 12_345, GENESIS_TIME - 3_600)));
			System::assert_last_event(
				Event::ReadingAccepted {
					meter: meter_a().public().into(),
					device: 0,
					counter_wh: 12_345,
					timestamp: GENESIS_TIME - 3_600,
					wh: 0,
				}
				.into(),
			);
			assert!(produced().is_empty());
			let meter = crate::Meters::<Test>::get(origo_primitives::registry::MeterKey::from(
				meter_a().public(),
			));
			assert_eq!(
				meter.unwrap().last,
				Some(LastReading { counter_wh: 12_345, timestamp: GENESIS_TIME - 3_600 })
			);
		});
	}

	#[test]
	fn later_readings_hand_on_production() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_ok!(submit(signed(&meter_a(), 1_000, GENESIS_TIME - 3_600)));
			assert_ok!(submit(signed(&meter_a(), 5_500, GENESIS_TIME)));
			assert_eq!(
				produced(),
				vec![VerifiedEnergy {
					device: 0,
					from: GENESIS_TIME - 3_600,
					to: GENESIS_TIME,
					wh: 4_500
				}]
			);
			assert!(consumed().is_empty());
			assert_eq!(Meters::device_details(0).unwrap().device.verified_wh, 4_500);
			// No energy (a paid keep-alive), nothing handed on.
			set_time(GENESIS_TIME + 3_600);
			assert_ok!(Meters::submit_readings(
				RuntimeOrigin::signed(owner()),
				vec![signed(&meter_a(), 5_500, GENESIS_TIME + 3_600)]
			));
			System::assert_last_event(
				Event::BatchProcessed { gateway: owner(), accepted: 1, rejected: 0 }.into(),
			);
			assert_eq!(produced().len(), 1);
		});
	}

	#[test]
	fn consumption_goes_to_the_consumption_hook() {
		ExtBuilder::default().build_and_execute(|| {
			let mut declaration = pv_declaration();
			declaration.kind = DeviceKind::Consumption;
			declaration.technology = Technology::Other;
			declaration.capacity_w = 400;
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), declaration));
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
			assert_ok!(bind(owner(), 0, &meter_a()));
			assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 3_600)));
			assert_ok!(submit(signed(&meter_a(), 350, GENESIS_TIME)));
			assert!(produced().is_empty());
			assert_eq!(consumed()[0].wh, 350);
		});
	}

	#[test]
	fn readings_are_checked_in_full() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let start = GENESIS_TIME - 3_600;
			assert_ok!(submit(signed(&meter_a(), 1_000, start)));
			// Not a bound meter.
			assert_noop!(
				submit(signed(&meter_pair("x"), 1, GENESIS_TIME)),
				Error::<Test>::UnknownMeter
			);
			// Signed by another key.
			let mut forged = signed(&meter_pair("x"), 2_000, GENESIS_TIME);
			forged.reading.meter = meter_a().public().into();
			assert_noop!(submit(forged), Error::<Test>::BadSignature);
			// Signed for another chain.
			let reading = Reading {
				meter: meter_a().public().into(),
				counter_wh: 2_000,
				timestamp: GENESIS_TIME,
			};
			let other_chain = sign_reading(&meter_a(), reading, &H256::repeat_byte(7));
			assert_noop!(submit(other_chain), Error::<Test>::BadSignature);
			// A replay, or anything not after the last reading.
			assert_noop!(submit(signed(&meter_a(), 1_000, start)), Error::<Test>::StaleReading);
			assert_noop!(submit(signed(&meter_a(), 1_500, start - 1)), Error::<Test>::StaleReading);
			// From the future.
			assert_noop!(
				submit(signed(&meter_a(), 1_500, GENESIS_TIME + 301)),
				Error::<Test>::ReadingInFuture
			);
			// The register went back.
			assert_noop!(
				submit(signed(&meter_a(), 999, GENESIS_TIME)),
				Error::<Test>::CounterDecreased
			);
			// 5 kW x 1 h x 110 % = 5,500 Wh at most.
			assert_noop!(
				submit(signed(&meter_a(), 1_000 + 5_501, GENESIS_TIME)),
				Error::<Test>::ImplausibleEnergy
			);
			assert_ok!(submit(signed(&meter_a(), 1_000 + 5_500, GENESIS_TIME)));
		});
	}

	#[test]
	fn a_first_reading_from_the_future_is_refused() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_noop!(
				submit(signed(&meter_a(), 0, GENESIS_TIME + 301)),
				Error::<Test>::ReadingInFuture
			);
			assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME + 300)));
		});
	}

	#[test]
	fn a_device_total_that_would_overflow_is_refused() {
		ExtBuilder::default().build_and_execute(|| {
			let mut declaration = pv_declaration();
			declaration.capacity_w = u64::MAX;
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), declaration));
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 0));
			assert_ok!(bind(owner(), 0, &meter_a()));
			assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 7_200)));
			assert_ok!(submit(signed(&meter_a(), u64::MAX - 10, GENESIS_TIME - 3_600)));
			// A swap at the same instant; the new meter's energy would overflow the device's.
			assert_ok!(Meters::retire_meter(
				RuntimeOrigin::signed(owner()),
				meter_a().public().into()
			));
			assert_ok!(bind(owner(), 0, &meter_pair("b")));
			assert_ok!(submit(signed(&meter_pair("b"), 0, GENESIS_TIME - 3_600)));
			assert_noop!(
				submit(signed(&meter_pair("b"), 11, GENESIS_TIME)),
				Error::<Test>::EnergyOverflow
			);
		});
	}

	#[test]
	fn only_the_authorization_may_submit_feeless() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_noop!(
				Meters::submit_reading(
					RuntimeOrigin::signed(owner()),
					signed(&meter_a(), 0, GENESIS_TIME)
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn the_pool_takes_valid_readings_one_per_meter() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let call = crate::Call::<Test>::submit_reading {
				reading: signed(&meter_a(), 0, GENESIS_TIME),
			};
			let (validity, _refund) = call
				.authorize(TransactionSource::External)
				.expect("submit_reading is authorized by its reading")
				.expect("a valid reading is valid in the pool");
			let later = crate::Call::<Test>::submit_reading {
				reading: signed(&meter_a(), 10, GENESIS_TIME + 60),
			};
			let (later_validity, _) =
				later.authorize(TransactionSource::External).unwrap().unwrap();
			// The same tag: the pool keeps one pending reading per meter.
			assert_eq!(validity.provides, later_validity.provides);
			assert_eq!(validity.longevity, 16);
		});
	}

	#[test]
	fn the_pool_refuses_invalid_readings_with_the_error_index() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let code = |error: Error<Test>| match DispatchError::from(error) {
				DispatchError::Module(module) => module.error[0],
				_ => unreachable!("pallet errors are module errors"),
			};
			let mut forged = signed(&meter_pair("x"), 0, GENESIS_TIME);
			forged.reading.meter = meter_a().public().into();
			for (reading, error) in [
				(signed(&meter_pair("x"), 0, GENESIS_TIME), Error::<Test>::UnknownMeter),
				(forged, Error::<Test>::BadSignature),
				(signed(&meter_a(), 0, GENESIS_TIME + 301), Error::<Test>::ReadingInFuture),
			] {
				let call = crate::Call::<Test>::submit_reading { reading };
				assert_eq!(
					call.authorize(TransactionSource::External).unwrap(),
					Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code(error))))
				);
			}
		});
	}
}

mod batches {
	use super::*;

	#[test]
	fn a_batch_accepts_the_good_and_reports_the_bad() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let gateway = account("Gateway");
			let readings = vec![
				signed(&meter_a(), 0, GENESIS_TIME - 7_200),
				signed(&meter_a(), 4_000, GENESIS_TIME - 3_600),
				// Replays the previous one.
				signed(&meter_a(), 4_000, GENESIS_TIME - 3_600),
				signed(&meter_pair("x"), 1, GENESIS_TIME),
				signed(&meter_a(), 8_000, GENESIS_TIME),
			];
			assert_ok!(Meters::submit_readings(RuntimeOrigin::signed(gateway.clone()), readings));
			System::assert_has_event(
				Event::ReadingRejected {
					index: 2,
					meter: meter_a().public().into(),
					error: Error::<Test>::StaleReading.into(),
				}
				.into(),
			);
			System::assert_has_event(
				Event::ReadingRejected {
					index: 3,
					meter: meter_pair("x").public().into(),
					error: Error::<Test>::UnknownMeter.into(),
				}
				.into(),
			);
			System::assert_last_event(
				Event::BatchProcessed { gateway, accepted: 3, rejected: 2 }.into(),
			);
			// Accepted readings are reported by the batch's totals, not one event each.
			assert!(!System::events().iter().any(|record| matches!(
				record.event,
				RuntimeEvent::Meters(Event::ReadingAccepted { .. })
			)));
			assert_eq!(produced().iter().map(|energy| energy.wh).sum::<u64>(), 8_000);
			assert_eq!(Meters::device_details(0).unwrap().device.verified_wh, 8_000);
		});
	}

	#[test]
	fn a_batch_is_refunded_the_hand_over_weight_its_readings_did_not_use() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let readings = vec![
				signed(&meter_a(), 0, GENESIS_TIME - 7_200),
				signed(&meter_a(), 4_000, GENESIS_TIME - 3_600),
				signed(&meter_pair("x"), 1, GENESIS_TIME),
			];
			let info = Meters::submit_readings(RuntimeOrigin::signed(account("Gateway")), readings)
				.unwrap();
			// Each reading is charged the benchmark plus the margin up to the most a receiver may
			// use. The baseline hands nothing over, the refused reading neither; the other uses
			// what the benchmark's receiver did.
			let charged = <() as crate::WeightInfo>::submit_readings(3)
				+ (MAX_HANDOVER - USED_HANDOVER).saturating_mul(3);
			let refund = MAX_HANDOVER.saturating_mul(2) + (MAX_HANDOVER - USED_HANDOVER);
			assert_eq!(info.actual_weight, Some(charged - refund));
			assert_eq!(
				info.actual_weight,
				Some(
					<() as crate::WeightInfo>::submit_readings(3) - USED_HANDOVER.saturating_mul(2)
				)
			);
		});
	}

	#[test]
	fn a_single_reading_is_refunded_likewise() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let benchmarked = <() as crate::WeightInfo>::submit_reading();
			let call = crate::Call::<Test>::submit_reading {
				reading: signed(&meter_a(), 0, GENESIS_TIME - 3_600),
			};
			// The meter, device, genesis hash and time were read by the authorization, and the
			// base weight charged a sender's signature check that a feeless reading does not do.
			let not_spent = <Test as frame_system::Config>::DbWeight::get().reads(4)
				+ SenderSignatureCheck::get();
			let charged = benchmarked + (MAX_HANDOVER - USED_HANDOVER) - not_spent;
			assert_eq!(call.get_dispatch_info().call_weight, charged);
			let baseline = signed(&meter_a(), 0, GENESIS_TIME - 3_600);
			let info = Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), baseline)
				.unwrap();
			assert_eq!(info.actual_weight, Some(charged - MAX_HANDOVER));
			let reading = signed(&meter_a(), 4_000, GENESIS_TIME);
			let info = Meters::submit_reading(frame_system::RawOrigin::Authorized.into(), reading)
				.unwrap();
			// A reading whose receiver did its common case costs what the benchmark measured, less
			// what the rest of its transaction was charged for it.
			assert_eq!(info.actual_weight, Some(benchmarked - not_spent));
		});
	}

	#[test]
	fn batches_refuse_bad_input() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let gateway = RuntimeOrigin::signed(account("Gateway"));
			assert_noop!(
				Meters::submit_readings(gateway.clone(), vec![]),
				Error::<Test>::EmptyBatch
			);
			let too_many: Vec<_> =
				(0..17).map(|i| signed(&meter_a(), i, GENESIS_TIME - 3_600 + i)).collect();
			assert_noop!(
				Meters::submit_readings(gateway, too_many),
				Error::<Test>::TooManyReadings
			);
			assert_noop!(
				Meters::submit_readings(
					RuntimeOrigin::none(),
					vec![signed(&meter_a(), 0, GENESIS_TIME)]
				),
				DispatchError::BadOrigin
			);
		});
	}

	/// A whole year of a real 5 kWp PV system in Greensboro, NC, hour by hour.
	#[test]
	fn a_year_of_greensboro_verifies_every_wh() {
		let path = concat!(
			env!("CARGO_MANIFEST_DIR"),
			"/../../../shared/data/greensboro-nc-5kwp-hourly.csv"
		);
		let csv = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
		ExtBuilder::default().with_device().build_and_execute(|| {
			let rows: Vec<(u64, u64)> = csv
				.lines()
				.skip(1)
				.map(|line| {
					let (time, wh) = line.split_once(',').expect("two columns");
					(
						origo_primitives::time::parse_utc(time).expect("UTC times"),
						wh.trim().parse().expect("Wh are integers"),
					)
				})
				.collect();
			assert_eq!(rows.len(), 8_760);
			set_time(rows.last().unwrap().0);
			// The register reads 0 at the start of the first hour.
			let mut readings = vec![signed(&meter_a(), 0, rows[0].0 - 3_600)];
			let mut counter = 0;
			for (time, wh) in &rows {
				counter += wh;
				readings.push(signed(&meter_a(), counter, *time));
			}
			for batch in readings.chunks(16) {
				assert_ok!(Meters::submit_readings(RuntimeOrigin::signed(owner()), batch.to_vec()));
				System::assert_last_event(
					Event::BatchProcessed {
						gateway: owner(),
						accepted: batch.len() as u32,
						rejected: 0,
					}
					.into(),
				);
				System::reset_events();
			}
			assert_eq!(counter, 7_910_989);
			assert_eq!(Meters::device_details(0).unwrap().device.verified_wh, 7_910_989);
			assert_eq!(produced().iter().map(|energy| energy.wh).sum::<u64>(), 7_910_989);
		});
	}
}

mod queries {
	use super::*;

	#[test]
	fn a_device_shows_with_its_meters() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_ok!(submit(signed(&meter_a(), 7, GENESIS_TIME)));
			let details = Meters::device_details(0).expect("device 0 exists");
			assert_eq!(details.id, 0);
			assert_eq!(details.device.owner, owner());
			assert_eq!(details.device.declaration.name, b"Rooftop PV 5 kWp".to_vec());
			assert_eq!(details.device.status, DeviceStatus::Approved);
			assert_eq!(
				details.meter,
				Some((
					meter_a().public().into(),
					Meter {
						device: 0,
						status: MeterStatus::Active,
						last: Some(LastReading { counter_wh: 7, timestamp: GENESIS_TIME })
					}
				))
			);
			assert_eq!(Meters::device_details(1), None);
		});
	}

	#[test]
	fn lists_page_by_owner_and_zone() {
		ExtBuilder::default().build_and_execute(|| {
			for _ in 0..5 {
				assert_ok!(Meters::register_device(
					RuntimeOrigin::signed(owner()),
					pv_declaration()
				));
			}
			let mut french = pv_declaration();
			french.zone = zone("FR");
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(issuer()), french));

			let first = Meters::devices_of_owner(owner(), None, 2);
			assert_eq!(first.len(), 2);
			let second = Meters::devices_of_owner(owner(), first.last().copied(), 2);
			let third = Meters::devices_of_owner(owner(), second.last().copied(), 2);
			assert_eq!(third.len(), 1);
			let mut all: Vec<_> = first.into_iter().chain(second).chain(third).collect();
			all.sort();
			assert_eq!(all, vec![0, 1, 2, 3, 4]);

			assert_eq!(Meters::devices_in_zone(zone("FR"), None, 10), vec![5]);
			assert_eq!(Meters::devices_in_zone(zone("DE"), None, 10).len(), 5);
			assert!(Meters::devices_of_owner(account("Nobody"), None, 10).is_empty());
		});
	}
}

/// The security review's findings (`shared/reviews/security-review.md`), each with the call
/// sequence that broke the registry before and is refused now.
mod integrity {
	use super::*;
	use origo_primitives::registry::MeterKey;
	use sp_runtime::{MultiSignature, MultiSigner};

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
				Event::DeviceApproved { device: 0, issuer: issuer(), certifiable_from: start }
					.into(),
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
				Meters::unbind_meter(
					RuntimeOrigin::signed(issuer()),
					meter_pair("x").public().into()
				),
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
			assert_noop!(
				submit(signed(&meter_a(), 4_000, GENESIS_TIME)),
				Error::<Test>::MeterUnbound
			);
			assert_eq!(device().meter, None);
			// Its real owner binds it to the device it measures.
			let real = account("Real");
			assert_ok!(Meters::register_device(
				RuntimeOrigin::signed(real.clone()),
				pv_declaration()
			));
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
			assert_ok!(Meters::register_device(
				RuntimeOrigin::signed(other.clone()),
				pv_declaration()
			));
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
			let register =
				|| Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration());
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
			assert_ok!(Meters::register_device(
				RuntimeOrigin::signed(other.clone()),
				pv_declaration()
			));
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
			let free = Balances::free_balance(&other);
			assert_ok!(Balances::transfer_allow_death(
				RuntimeOrigin::signed(other.clone()),
				owner(),
				free - 1
			));
			assert_noop!(
				bind(other, 1, &meter_pair("b")),
				sp_runtime::TokenError::FundsUnavailable
			);
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
			assert!(!crate::MeterDeposits::<Test>::contains_key(MeterKey::from(
				meter_a().public()
			)));
		});
	}

	/// L-1: an sr25519 secret signed for the ed25519 key of the same bytes, through the account
	/// id; signatures now verify in the key's own scheme.
	#[test]
	fn l1_a_key_verifies_only_in_its_own_scheme() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			let pair = meter_a();
			assert_ok!(retire(&pair));
			let alias = MeterKey(MultiSigner::Ed25519(ed25519::Public::from_raw(pair.public().0)));
			let proof: MultiSignature = pair
				.sign(&origo_primitives::registry::binding_payload(
					&Meters::genesis_hash(),
					0,
					&owner(),
				))
				.into();
			assert_noop!(
				Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, alias.clone(), proof),
				Error::<Test>::BadProof
			);
			let reading = Reading { meter: alias, counter_wh: 0, timestamp: GENESIS_TIME };
			let payload = reading.signing_payload(&Meters::genesis_hash());
			let forged = origo_primitives::registry::SignedReading {
				signature: MultiSignature::Sr25519(pair.sign(&payload)),
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
			let alias = MeterKey(MultiSigner::Sr25519(sr25519::Public::from_raw(hashed)));
			let payload =
				origo_primitives::registry::binding_payload(&Meters::genesis_hash(), 0, &owner());
			let proof = MultiSignature::Ecdsa(ecdsa.sign(&payload));
			assert!(!alias.verify(&payload, &proof));
			assert!(MeterKey::from(ecdsa.public()).verify(&payload, &proof));
		});
	}

	/// L-1: `Eth` keys are not meter keys.
	#[test]
	fn l1_eth_keys_are_refused() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_ok!(retire(&meter_a()));
			let ecdsa = sp_core::ecdsa::Pair::from_string("//meter//eth", None).unwrap();
			let eth = MeterKey(MultiSigner::Eth(sp_core::ecdsa::KeccakPublic::from_raw(
				ecdsa.public().0,
			)));
			let proof = MultiSignature::Ecdsa(ecdsa.sign(b"anything"));
			assert_noop!(
				Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, eth, proof),
				Error::<Test>::UnsupportedScheme
			);
		});
	}

	/// M-1: the first reading after a reinstatement certified everything produced while the
	/// device was suspended.
	#[test]
	fn m1_production_during_a_suspension_is_not_certified() {
		ExtBuilder::default().with_device().build_and_execute(|| {
			assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME)));
			assert_ok!(Meters::suspend_device(
				RuntimeOrigin::signed(issuer()),
				0,
				b"fault".to_vec()
			));
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
			assert_noop!(
				submit(signed(&meter_a(), 50, GENESIS_TIME)),
				Error::<Test>::CounterDecreased
			);
			let reset =
				|who: AccountId, reading| Meters::reset_meter(RuntimeOrigin::signed(who), reading);
			assert_noop!(
				reset(owner(), signed(&meter_a(), 0, GENESIS_TIME)),
				Error::<Test>::NotIssuer
			);
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
				let page = Meters::device_meters(0, after.clone(), 20);
				assert!(page.len() <= 20);
				let Some((last, _)) = page.last() else { break };
				after = Some(last.clone());
				seen.extend(page.into_iter().map(|(key, meter)| {
					assert_eq!(meter.status, MeterStatus::Retired);
					key
				}));
			}
			assert_eq!(seen.len(), 51);
			assert_eq!(Meters::device_meters(0, None, u32::MAX).len(), 51);
		});
	}
}

/// Storage version 0 to 1 on a registry written as version 0 stored it.
mod migration {
	use super::*;
	use crate::migrations::v1::{v0, MigrateV0ToV1};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use origo_primitives::registry::MeterKey;

	#[test]
	fn v1_gives_each_device_one_billing_meter_and_its_high_water_mark() {
		ExtBuilder::default().build_and_execute(|| {
			StorageVersion::new(0).put::<Meters>();
			let declaration =
				pv_declaration().map_name(|name| crate::NameOf::<Test>::try_from(name).unwrap());
			let old = |status, issuer: Option<AccountId>, meters| v0::Device {
				owner: owner(),
				declaration: declaration.clone(),
				status,
				issuer,
				meters,
				verified_wh: 9_000,
			};
			v0::Devices::<Test>::insert(0, old(DeviceStatus::Approved, Some(issuer()), 2));
			v0::Devices::<Test>::insert(1, old(DeviceStatus::Pending, None, 0));
			crate::NextDeviceId::<Test>::put(2);
			for id in [0, 1] {
				crate::OwnerDevices::<Test>::insert(owner(), id, ());
				crate::ZoneDevices::<Test>::insert(zone("DE"), id, ());
			}
			let key = |name| MeterKey::from(meter_pair(name).public());
			let last = |timestamp| Some(LastReading { counter_wh: 9, timestamp });
			for (name, active, reading) in [
				("a", true, last(GENESIS_TIME - 60)),
				("b", true, last(GENESIS_TIME - 30)),
				("c", false, last(GENESIS_TIME - 10)),
			] {
				v0::Meters::<Test>::insert(
					key(name),
					v0::Meter { device: 0, active, last: reading },
				);
				crate::DeviceMeters::<Test>::insert(0, key(name), ());
			}

			MigrateV0ToV1::<Test>::on_runtime_upgrade();

			assert_eq!(Meters::on_chain_storage_version(), 1);
			let migrated = crate::Devices::<Test>::get(0).unwrap();
			// The active meter with the latest reading bills; the other active one is retired.
			assert_eq!(migrated.meter, Some(key("b")));
			assert_eq!(crate::Meters::<Test>::get(key("a")).unwrap().status, MeterStatus::Retired);
			assert_eq!(crate::Meters::<Test>::get(key("b")).unwrap().status, MeterStatus::Active);
			assert_eq!(crate::Meters::<Test>::get(key("c")).unwrap().status, MeterStatus::Retired);
			// Nothing before any meter's latest reading is certified again.
			assert_eq!(migrated.certified_until, GENESIS_TIME - 10);
			assert_eq!((migrated.meters_bound, migrated.verified_wh), (3, 9_000));
			let pending = crate::Devices::<Test>::get(1).unwrap();
			assert_eq!((pending.meter, pending.certified_until), (None, 0));
			// It runs once.
			let again = MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(again, <Test as frame_system::Config>::DbWeight::get().reads(1));
		});
	}

	/// L-2: version 2 holds the deposits of devices and keys registered before deposits, from
	/// owners who can hold them; who cannot keeps its records without one.
	#[test]
	fn v2_holds_the_deposits_of_earlier_devices_and_keys() {
		use crate::migrations::v2::MigrateV1ToV2;
		ExtBuilder::default().with_device().build_and_execute(|| {
			let nobody = account("Nobody");
			assert_ok!(Balances::transfer_allow_death(
				RuntimeOrigin::signed(account("Other")),
				nobody.clone(),
				1
			));
			assert_ok!(Meters::register_device(
				RuntimeOrigin::signed(account("Other")),
				pv_declaration()
			));
			crate::Devices::<Test>::mutate(1, |device| {
				device.as_mut().unwrap().owner = nobody.clone()
			});
			crate::OwnerDevices::<Test>::remove(account("Other"), 1);
			crate::OwnerDevices::<Test>::insert(&nobody, 1, ());
			// As version 1 left them: no deposits.
			for (id, deposit) in crate::DeviceDeposits::<Test>::drain() {
				let owner = crate::Devices::<Test>::get(id).unwrap().owner;
				frame_support::traits::Consideration::drop(deposit, &owner).unwrap();
			}
			for (_, (depositor, deposit)) in crate::MeterDeposits::<Test>::drain() {
				frame_support::traits::Consideration::drop(deposit, &depositor).unwrap();
			}
			assert_eq!(held(DeviceHoldReason::get(), &owner()), 0);
			StorageVersion::new(1).put::<Meters>();

			MigrateV1ToV2::<Test>::on_runtime_upgrade();

			assert_eq!(Meters::on_chain_storage_version(), 2);
			let device_deposit = 100 + crate::Pallet::<Test>::device_footprint().size as Balance;
			let meter_deposit = 100 + crate::Pallet::<Test>::meter_footprint().size as Balance;
			assert_eq!(held(DeviceHoldReason::get(), &owner()), device_deposit);
			assert_eq!(held(MeterHoldReason::get(), &owner()), meter_deposit);
			assert!(crate::DeviceDeposits::<Test>::contains_key(0));
			// Nobody has 1 planck: its device is kept without a deposit.
			assert!(crate::Devices::<Test>::contains_key(1));
			assert!(!crate::DeviceDeposits::<Test>::contains_key(1));
			// It runs once.
			let again = MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(again, <Test as frame_system::Config>::DbWeight::get().reads(1));
		});
	}
}

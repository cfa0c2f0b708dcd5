//! Unit tests of pallet-meters: every call, every error, the pool path and a year of readings.

use crate::{mock::*, DeviceStatus, Error, Event, LastReading, Meter};
use codec::Decode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
	traits::Authorize,
};
use origo_primitives::registry::{
	sign_reading, DeviceKind, Reading, Technology, VerifiedEnergy, Zone,
};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_runtime::DispatchError;

fn authorized() -> RuntimeOrigin {
	frame_system::RawOrigin::Authorized.into()
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
			System::assert_last_event(Event::DeviceApproved { device: 0, issuer: issuer() }.into());
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
			assert_ok!(Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, ed.public().into()));
			System::assert_last_event(
				Event::MeterBound { device: 0, meter: ed.public().into() }.into(),
			);
			assert_eq!(crate::Devices::<Test>::get(0).unwrap().meters, 2);
			assert_eq!(
				crate::Meters::<Test>::get(origo_primitives::registry::MeterKey::from(ed.public())),
				Some(Meter { device: 0, active: true, last: None })
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
			assert_ok!(Meters::bind_meter(
				RuntimeOrigin::signed(owner()),
				0,
				ecdsa.public().into()
			));
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
			let bind = |who, device, pair: &sr25519::Pair| {
				Meters::bind_meter(RuntimeOrigin::signed(who), device, pair.public().into())
			};
			assert_noop!(bind(issuer(), 0, &meter_pair("b")), Error::<Test>::NotDeviceOwner);
			assert_noop!(bind(owner(), 9, &meter_pair("b")), Error::<Test>::UnknownDevice);
			assert_noop!(bind(owner(), 0, &meter_a()), Error::<Test>::MeterAlreadyBound);
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
			assert_noop!(bind(owner(), 1, &meter_pair("b")), Error::<Test>::DeviceNotApproved);
			assert_ok!(Meters::approve_device(RuntimeOrigin::signed(issuer()), 1));
			// A key bound to another device is a duplicate too.
			assert_noop!(bind(owner(), 1, &meter_a()), Error::<Test>::MeterAlreadyBound);
			assert_ok!(bind(owner(), 0, &meter_pair("b")));
			assert_noop!(bind(owner(), 0, &meter_pair("c")), Error::<Test>::TooManyMeters);
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
			assert_eq!(crate::Devices::<Test>::get(0).unwrap().meters, 0);
			assert_noop!(
				submit(signed(&meter_a(), 200, GENESIS_TIME)),
				Error::<Test>::MeterRetired
			);
			assert_noop!(
				Meters::bind_meter(RuntimeOrigin::signed(owner()), 0, meter_a().public().into()),
				Error::<Test>::MeterAlreadyBound
			);
			// A swap: the new meter starts its own baseline.
			assert_ok!(Meters::bind_meter(
				RuntimeOrigin::signed(owner()),
				0,
				meter_pair("b").public().into()
			));
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
			// No energy, nothing handed on.
			set_time(GENESIS_TIME + 3_600);
			assert_ok!(submit(signed(&meter_a(), 5_500, GENESIS_TIME + 3_600)));
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
			assert_ok!(Meters::bind_meter(
				RuntimeOrigin::signed(owner()),
				0,
				meter_a().public().into()
			));
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
			assert_ok!(Meters::bind_meter(
				RuntimeOrigin::signed(owner()),
				0,
				meter_a().public().into()
			));
			assert_ok!(submit(signed(&meter_a(), 0, GENESIS_TIME - 7_200)));
			assert_ok!(submit(signed(&meter_a(), u64::MAX - 10, GENESIS_TIME - 3_600)));
			assert_ok!(Meters::bind_meter(
				RuntimeOrigin::signed(owner()),
				0,
				meter_pair("b").public().into()
			));
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
				details.meters,
				vec![(
					meter_a().public().into(),
					Meter {
						device: 0,
						active: true,
						last: Some(LastReading { counter_wh: 7, timestamp: GENESIS_TIME })
					}
				)]
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

//! Storage version 0 to 1 on a registry written as version 0 stored it.

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
			v0::Meters::<Test>::insert(key(name), v0::Meter { device: 0, active, last: reading });
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
		crate::Devices::<Test>::mutate(1, |device| device.as_mut().unwrap().owner = nobody.clone());
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

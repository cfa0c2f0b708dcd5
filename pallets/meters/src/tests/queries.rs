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
			assert_ok!(Meters::register_device(RuntimeOrigin::signed(owner()), pv_declaration()));
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

		// A run of ids: the devices that exist, in order; a removed one leaves a gap.
		assert_ok!(Meters::remove_device(RuntimeOrigin::signed(owner()), 1));
		let ids = |first, count| -> Vec<u64> {
			Meters::devices_from(first, count).iter().map(|details| details.id).collect()
		};
		assert_eq!(ids(0, 3), vec![0, 2]);
		assert_eq!(ids(4, 10), vec![4, 5]);
		assert!(ids(6, 10).is_empty());
		assert!(ids(u64::MAX, u32::MAX).is_empty());
		assert_eq!(Meters::devices_from(5, 1).pop(), Meters::device_details(5));
	});
}

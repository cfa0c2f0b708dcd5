use super::*;

#[test]
fn whole_quanta_are_minted_and_the_rest_carried() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		set_time(START + HOUR);
		read(600, START + HOUR);
		assert_eq!(crate::NextBatchId::<Test>::get(), 0);
		set_time(START + 2 * HOUR);
		read(1_300, START + 2 * HOUR);
		System::assert_has_event(
			Event::Issued {
				batch: 0,
				device: 0,
				recipient: owner(),
				wh: 1_000,
				production_start: START,
				production_end: START + 2 * HOUR,
			}
			.into(),
		);
		let batch = crate::Batches::<Test>::get(0).unwrap();
		assert_eq!(
			batch,
			Batch {
				device: 0,
				production_start: START,
				production_end: START + 2 * HOUR,
				issued_at: START + 2 * HOUR,
				expires_at: START + 2 * HOUR + 365 * 86_400,
				supply: Supply { issued: 1_000, held: 1_000, ..Default::default() },
				revoked: false,
				previous: None,
			}
		);
		// The issuer, technology and zone are the device's, joined by the query.
		let details = Certificates::batch_details(0).expect("batch 0 exists");
		assert_eq!(
			(details.batch, details.issuer, details.technology, details.zone),
			(batch, issuer(), Technology::SolarPv, zone("US-FL"))
		);
		assert_eq!(holding(&owner(), 0), 1_000);
		let ledger = crate::DeviceLedgers::<Test>::get(0).unwrap();
		assert_eq!(ledger.verified, 1_300);
		assert_eq!(ledger.issued, 1_000);
		assert_eq!(ledger.carried, Carried { start: START + HOUR, end: START + 2 * HOUR, wh: 300 });
	});
}

#[test]
fn the_owner_may_send_issuance_to_a_beneficiary() {
	ExtBuilder.build_and_execute(|| {
		Quantum::set(1_000);
		assert_noop!(
			Certificates::set_beneficiary(RuntimeOrigin::signed(company()), 0, Some(company())),
			Error::<Test>::NotDeviceOwner
		);
		assert_noop!(
			Certificates::set_beneficiary(RuntimeOrigin::signed(owner()), 9, Some(company())),
			Error::<Test>::UnknownDevice
		);
		// A pending device may still be removed: nothing is minted for it.
		assert_ok!(Meters::register_device(
			RuntimeOrigin::signed(owner()),
			pallet_meters::Devices::<Test>::get(0)
				.unwrap()
				.declaration
				.map_name(|name| name.to_vec())
		));
		assert_noop!(
			Certificates::set_beneficiary(RuntimeOrigin::signed(owner()), 1, Some(company())),
			Error::<Test>::DeviceNotCertifiable
		);
		assert_ok!(Certificates::set_beneficiary(
			RuntimeOrigin::signed(owner()),
			0,
			Some(company())
		));
		System::assert_last_event(
			Event::BeneficiarySet { device: 0, beneficiary: Some(company()) }.into(),
		);
		produce(1, 2_000);
		assert_eq!(holding(&company(), 0), 2_000);
		assert_ok!(Certificates::set_beneficiary(RuntimeOrigin::signed(owner()), 0, None));
		set_time(START + 2 * HOUR);
		read(3_000, START + 2 * HOUR);
		assert_eq!(holding(&owner(), 1), 1_000);
	});
}

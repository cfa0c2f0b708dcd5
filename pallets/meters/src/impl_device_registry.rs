//! The registry as other pallets see it ([`DeviceRegistry`]).

use crate::*;
use origo_primitives::registry::{CertifiableDevice, DeviceRegistry};

impl<T: Config> DeviceRegistry<T::AccountId> for Pallet<T> {
	fn certifiable_device(id: DeviceId) -> Option<CertifiableDevice<T::AccountId>> {
		let device = Devices::<T>::get(id)?;
		if device.declaration.kind != DeviceKind::Production {
			return None;
		}
		Some(CertifiableDevice {
			owner: device.owner,
			issuer: device.issuer?,
			zone: device.declaration.zone,
			technology: device.declaration.technology,
		})
	}

	fn device_owner(id: DeviceId) -> Option<T::AccountId> {
		Devices::<T>::get(id).map(|device| device.owner)
	}

	fn device_kind(id: DeviceId) -> Option<DeviceKind> {
		Devices::<T>::get(id).map(|device| device.declaration.kind)
	}

	fn verified_energy(id: DeviceId) -> Wh {
		Devices::<T>::get(id).map_or(0, |device| device.verified_wh)
	}

	fn is_issuer_of(who: &T::AccountId, zone: Zone) -> bool {
		Issuers::<T>::get(who).is_some_and(|issuer| issuer.zones.contains(&zone))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_approved_device(
		owner: &T::AccountId,
		issuer: &T::AccountId,
		zone: Zone,
		kind: DeviceKind,
	) -> DeviceId {
		if !Self::is_issuer_of(issuer, zone) {
			Self::do_appoint_issuer(
				issuer.clone(),
				b"benchmark issuer".to_vec(),
				alloc::vec![zone],
			)
			.expect("a fresh issuer of one valid zone");
		}
		T::DeviceDeposit::ensure_successful(owner, Self::device_footprint());
		let id = Self::do_register_device(
			owner.clone(),
			DeviceDeclaration {
				name: b"benchmark device".to_vec(),
				technology: origo_primitives::registry::Technology::SolarPv,
				capacity_w: 1_000_000_000,
				zone,
				commissioned: 0,
				location: None,
				kind,
			},
		)
		.expect("the zone has an issuer");
		Self::do_approve_device(issuer.clone(), id).expect("a pending device of its zone");
		id
	}
}

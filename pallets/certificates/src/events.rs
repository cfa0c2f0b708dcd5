//! The events of the certificate registry

use frame_support::pallet_macros::pallet_section;

/// The events of the certificate registry, imported into the pallet by `#[import_section]`.
#[pallet_section]
mod events {
	/// Events of the certificate registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A batch was issued.
		Issued {
			/// The new batch.
			batch: BatchId,
			/// Its device.
			device: DeviceId,
			/// Who received it.
			recipient: T::AccountId,
			/// Wh issued.
			wh: Wh,
			/// Production start, unix seconds.
			production_start: UnixTime,
			/// Production end, unix seconds.
			production_end: UnixTime,
		},
		/// Certificates changed hands.
		Transferred {
			/// The batch.
			batch: BatchId,
			/// The sender.
			from: T::AccountId,
			/// The recipient.
			to: T::AccountId,
			/// Wh sent.
			wh: Wh,
		},
		/// Certificates were retired.
		Retired {
			/// The retirement record.
			retirement: RetirementId,
			/// The batch.
			batch: BatchId,
			/// Who retired them.
			retirer: T::AccountId,
			/// For whom (account), if an account.
			beneficiary: Option<T::AccountId>,
			/// Wh retired.
			wh: Wh,
			/// Why.
			purpose: Purpose,
			/// Avoided emissions, grams CO2e.
			avoided_g_co2e: u64,
		},
		/// An issuer revoked a batch: its unretired certificates can no longer move, and go to
		/// its revoked supply as their holdings are pruned.
		Revoked {
			/// The batch.
			batch: BatchId,
			/// The issuer.
			issuer: T::AccountId,
			/// Wh unretired at the revocation: held, now frozen.
			wh: Wh,
			/// Why.
			reason: TextOf<T>,
		},
		/// A holding of an expired batch was pruned into the batch's expired supply.
		HoldingExpired {
			/// The batch.
			batch: BatchId,
			/// Who held it.
			holder: T::AccountId,
			/// Wh expired.
			wh: Wh,
		},
		/// A holding of a revoked batch was pruned into the batch's revoked supply.
		HoldingRevoked {
			/// The batch.
			batch: BatchId,
			/// Who held it.
			holder: T::AccountId,
			/// Wh revoked.
			wh: Wh,
		},
		/// Governance set, or corrected, a zone's emission factor.
		EmissionFactorSet {
			/// The zone.
			zone: Zone,
			/// From when, unix seconds.
			valid_from: UnixTime,
			/// gCO2e per kWh.
			g_co2e_per_kwh: u32,
		},
		/// Governance removed a zone's emission factor set in error.
		EmissionFactorRemoved {
			/// The zone.
			zone: Zone,
			/// From when it was valid, unix seconds.
			valid_from: UnixTime,
		},
		/// An issuer voided a device's carried production: it is never certified.
		CarriedVoided {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
			/// Wh voided.
			wh: Wh,
			/// Why.
			reason: TextOf<T>,
		},
		/// A device owner chose where certificates are minted.
		BeneficiarySet {
			/// The device.
			device: DeviceId,
			/// The account, or `None` for the owner.
			beneficiary: Option<T::AccountId>,
		},
	}
}

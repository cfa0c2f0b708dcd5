//! The errors of the certificate registry

use frame_support::pallet_macros::pallet_section;

/// The errors of the certificate registry, imported into the pallet by `#[import_section]`.
#[pallet_section]
mod errors {
	/// Why a call of the certificate registry failed.
	#[pallet::error]
	pub enum Error<T> {
		/// Amounts must be above zero.
		ZeroAmount,
		/// A transfer sends at least `MinTransfer` Wh, so that no one fills an account with dust.
		BelowMinimumTransfer,
		/// A retirement retires at least `MinRetirement` Wh, or all the caller holds of the
		/// batch: its record is kept forever.
		BelowMinimumRetirement,
		/// The caller holds less of the batch than the amount.
		InsufficientBalance,
		/// The caller holds the amount, but listed part of it for sale: listed certificates move
		/// only through the market until their listing is cancelled.
		ListedForSale,
		/// The holder listed less of the batch than the amount to unlist or deliver.
		NotListed,
		/// No batch has that id.
		UnknownBatch,
		/// The batch expired: it can no longer move.
		BatchExpired,
		/// An issuer revoked the batch: it can no longer move, nor be revoked again.
		BatchRevoked,
		/// The batch has neither expired nor been revoked: its holdings are live, not prunable.
		BatchLive,
		/// Sender and recipient are the same account.
		TransferToSelf,
		/// A name, message or reason is longer than `MaxTextLength`.
		TextTooLong,
		/// The consumption period ends before it starts.
		InvalidPeriod,
		/// The consumption country is not a valid zone code.
		InvalidZone,
		/// Only an issuer of the batch's zone revokes it.
		NotIssuer,
		/// More batches than `MaxBatchesPerCall`.
		TooManyBatches,
		/// More holdings than `MaxPrunedPerCall`.
		TooManyHoldings,
		/// A call must name at least one batch.
		NoBatches,
		/// No device has that id.
		UnknownDevice,
		/// Only the device's owner chooses its beneficiary.
		NotDeviceOwner,
		/// The zone has no emission factor valid from that time.
		UnknownFactor,
		/// The zone keeps `MaxFactorHistory` factors already.
		TooManyFactors,
		/// An emission factor above 2,000 gCO2e/kWh is not a real grid's.
		FactorOutOfRange,
		/// The account holds none of the batch (prune), or nothing of it is left to revoke.
		NothingHeld,
		/// The device carries no production to void.
		NothingCarried,
		/// The device is not an approved production device: nothing is minted for it (and a
		/// pending device may still be removed).
		DeviceNotCertifiable,
	}
}

//! Queries of the certificate registry, for the auditor RPC, the CLI and explorers.
//!
//! Lists page with a cursor: pass the last id of the previous page as `start_after`; pages are at
//! most [`MAX_PAGE`] long. Holdings come oldest production first, a device's batches newest
//! first; other lists in storage order.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use origo_primitives::registry::{DeviceId, Wh, Zone};
pub use pallet_certificates::{
	Batch, BatchDetails, BatchId, DeviceLedger, RetirementId, RetirementRecord, ZoneTotals,
	MAX_PAGE,
};

sp_api::decl_runtime_apis! {
	/// The certificate registry's queries. Version 2 added `prunable_holdings`, version 3
	/// `holding`, version 4 `batches`, version 5 `retirements`, `device_ledgers` and
	/// `holdings_among`.
	#[api_version(5)]
	pub trait CertificatesApi<AccountId, BlockNumber> where AccountId: Codec, BlockNumber: Codec {
		/// A batch with its supply, and its device's issuer, technology and zone.
		fn batch(batch: BatchId) -> Option<BatchDetails<AccountId>>;
		/// The batches among the `count` ids from `first` (at most [`MAX_PAGE`]), in order, with
		/// their details: ids are allotted in order, so runs of ids page through every batch.
		fn batches(first: BatchId, count: u32) -> Vec<(BatchId, BatchDetails<AccountId>)>;
		/// A page of an account's holdings: `(batch, Wh)`.
		fn holdings(account: AccountId, start_after: Option<BatchId>, limit: u32) -> Vec<(BatchId, Wh)>;
		/// What an account holds of a batch, `None` if nothing.
		fn holding(account: AccountId, batch: BatchId) -> Option<Wh>;
		/// What an account holds of the batches among the `count` ids from `first` (at most
		/// [`MAX_PAGE`]), in batch order: `(batch, Wh)`.
		fn holdings_among(account: AccountId, first: BatchId, count: u32) -> Vec<(BatchId, Wh)>;
		/// A retirement by id.
		fn retirement(retirement: RetirementId) -> Option<RetirementRecord<AccountId, BlockNumber>>;
		/// The retirements among the `count` ids from `first` (at most [`MAX_PAGE`]), in order.
		fn retirements(
			first: RetirementId,
			count: u32,
		) -> Vec<(RetirementId, RetirementRecord<AccountId, BlockNumber>)>;
		/// A page of the retirements whose beneficiary is `account`.
		fn retirements_of(
			account: AccountId,
			start_after: Option<RetirementId>,
			limit: u32,
		) -> Vec<(RetirementId, RetirementRecord<AccountId, BlockNumber>)>;
		/// A page of a device's batches, newest first.
		fn device_batches(device: DeviceId, start_after: Option<BatchId>, limit: u32) -> Vec<BatchId>;
		/// A device's certification account: verified, issued, carried.
		fn device_ledger(device: DeviceId) -> Option<DeviceLedger>;
		/// The certification accounts of the devices among the `count` ids from `first` (at
		/// most [`MAX_PAGE`]), in order.
		fn device_ledgers(first: DeviceId, count: u32) -> Vec<(DeviceId, DeviceLedger)>;
		/// A zone's issued, retired, expired and revoked Wh and avoided emissions.
		fn zone_totals(zone: Zone) -> ZoneTotals;
		/// The holdings of expired or revoked batches, which `prune` removes, among the next
		/// `limit` (at most [`MAX_PAGE`]) of an account's holdings after `start_after`:
		/// `(batch, Wh)`, and the batch to continue after, `None` once the account's holdings
		/// are all scanned.
		fn prunable_holdings(
			account: AccountId,
			start_after: Option<BatchId>,
			limit: u32,
		) -> (Vec<(BatchId, Wh)>, Option<BatchId>);
	}
}

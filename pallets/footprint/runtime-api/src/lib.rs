//! Queries of the neutrality ledger, for the auditor RPC, the CLI and explorers.
//!
//! Lists page with a cursor: pass the last id of the previous page as `start_after`; pages are at
//! most [`MAX_PAGE`] long. Periods come oldest first.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use origo_primitives::registry::{DeviceId, Wh};
pub use pallet_footprint::{NeutralityStatus, PeriodId, PeriodRecord, MAX_PAGE};

sp_api::decl_runtime_apis! {
	/// The neutrality ledger's queries.
	pub trait FootprintApi<AccountId> where AccountId: Codec {
		/// The chain's neutrality now: neutral since when, or its deficit; totals; the open period.
		fn status() -> NeutralityStatus<AccountId>;
		/// A page of accounting periods after `start_after`, oldest first.
		fn history(start_after: Option<PeriodId>, limit: u32) -> Vec<(PeriodId, PeriodRecord)>;
		/// A page of the nodes' metered consumption in `period`: `(device, Wh)`.
		fn node_consumption(period: PeriodId, start_after: Option<DeviceId>, limit: u32) -> Vec<(DeviceId, Wh)>;
		/// A node's metered consumption since genesis, Wh.
		fn node_total(device: DeviceId) -> Wh;
	}
}

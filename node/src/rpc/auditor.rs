//! The auditor's JSON-RPC methods (`origo_*`): read-only, over the pallets' runtime APIs, at the
//! best block or the block a caller names. Lists are paged (at most [`MAX_PAGE`] a page) and a
//! page's cost is bounded by its length: a list makes one runtime call, plus, for retirements,
//! at most three per distinct batch of the page (its batch, device and ledger, each fetched
//! once however many retirements share it). So the methods are safe to expose publicly.

use codec::Decode;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use origo_primitives::{registry::MeterKey, AccountId, BlockNumber, Hash, OpaqueBlock as Block};
use origo_rpc_types::{
	BatchView, DeviceView, HoldingView, MeterView, NeutralityView, PeriodView, RetirementView,
};
use pallet_certificates::{BatchId, RetirementId};
use pallet_certificates_runtime_api::CertificatesApi;
use pallet_footprint::PeriodId;
use pallet_footprint_runtime_api::FootprintApi;
use pallet_meters_runtime_api::MetersApi;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::{
	collections::{btree_map::Entry, BTreeMap},
	sync::Arc,
};

/// A retirement record as the runtime API returns it.
type RetirementRecord = pallet_certificates::RetirementRecord<AccountId, BlockNumber>;

/// The longest page a list method returns: the runtime APIs' own.
pub use origo_primitives::MAX_PAGE;

/// The page length when a caller names none.
pub const DEFAULT_LIMIT: u32 = 100;

/// JSON-RPC error code: the runtime could not answer (e.g. the block's state is pruned).
const RUNTIME_ERROR: i32 = 1;
/// JSON-RPC error code: a parameter is out of range.
const INVALID_PARAMS: i32 = -32602;

/// The auditor's methods.
#[rpc(server)]
pub trait AuditorApi {
	/// A device with its meters and certification account.
	#[method(name = "origo_device")]
	fn device(&self, device: u64, at: Option<Hash>) -> RpcResult<Option<DeviceView>>;

	/// A page of the meter keys ever bound to a device, after the key `start_after` (hex, as
	/// `origo_device` shows keys).
	#[method(name = "origo_deviceMeters")]
	fn device_meters(
		&self,
		device: u64,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<MeterView>>;

	/// A batch of certificates with its supply.
	#[method(name = "origo_batch")]
	fn batch(&self, batch: BatchId, at: Option<Hash>) -> RpcResult<Option<BatchView>>;

	/// A page of an account's holdings, oldest production first.
	#[method(name = "origo_holdings")]
	fn holdings(
		&self,
		account: AccountId,
		start_after: Option<BatchId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HoldingView>>;

	/// A retirement with its provenance: batch and device.
	#[method(name = "origo_retirement")]
	fn retirement(
		&self,
		retirement: RetirementId,
		at: Option<Hash>,
	) -> RpcResult<Option<RetirementView>>;

	/// A page of the retirements whose beneficiary is `account`.
	#[method(name = "origo_retirementsOf")]
	fn retirements_of(
		&self,
		account: AccountId,
		start_after: Option<RetirementId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RetirementView>>;

	/// The chain's neutrality: neutral since when, or its deficit; totals; the open period.
	#[method(name = "origo_neutrality")]
	fn neutrality(&self, at: Option<Hash>) -> RpcResult<NeutralityView>;

	/// A page of the chain's accounting periods, oldest first.
	#[method(name = "origo_neutralityHistory")]
	fn neutrality_history(
		&self,
		start_after: Option<PeriodId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<PeriodView>>;
}

/// The auditor's methods over a client.
pub struct Auditor<C> {
	client: Arc<C>,
}

impl<C> Auditor<C> {
	/// The methods over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, format!("the runtime could not answer: {error}"), None::<()>)
}

fn page_limit(limit: Option<u32>) -> RpcResult<u32> {
	match limit.unwrap_or(DEFAULT_LIMIT) {
		0 => Err(ErrorObject::owned(INVALID_PARAMS, "limit must be at least 1", None::<()>)),
		limit if limit > MAX_PAGE => Err(ErrorObject::owned(
			INVALID_PARAMS,
			format!("limit must be at most {MAX_PAGE}"),
			None::<()>,
		)),
		limit => Ok(limit),
	}
}

impl<C> Auditor<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MetersApi<Block, AccountId>
		+ CertificatesApi<Block, AccountId, BlockNumber>
		+ FootprintApi<Block, AccountId>,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

	/// Calls the runtime API at `at`, its failure as the RPC's error.
	fn query<R>(
		&self,
		at: Hash,
		call: impl FnOnce(&C::Api, Hash) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		call(&self.client.runtime_api(), at).map_err(runtime_error)
	}

	fn device_at(&self, at: Hash, device: u64) -> RpcResult<Option<DeviceView>> {
		let Some(details) = self.query(at, |api, at| api.device(at, device))? else {
			return Ok(None);
		};
		let ledger = self.query(at, |api, at| api.device_ledger(at, device))?;
		Ok(Some(DeviceView::new(details, ledger)))
	}

	fn batch_at(&self, at: Hash, batch: BatchId) -> RpcResult<Option<BatchView>> {
		let record = self.query(at, |api, at| api.batch(at, batch))?;
		Ok(record.map(|record| BatchView::new(batch, record)))
	}

	fn retirement_views(
		&self,
		at: Hash,
		page: Vec<(RetirementId, RetirementRecord)>,
	) -> RpcResult<Vec<RetirementView>> {
		with_provenance(page, |batch| self.batch_at(at, batch), |device| self.device_at(at, device))
	}
}

/// `fetch(key)`, fetched once per key of `fetched`.
fn fetch_once<K: Ord, V: Clone>(
	fetched: &mut BTreeMap<K, V>,
	key: K,
	fetch: impl FnOnce(&K) -> RpcResult<V>,
) -> RpcResult<V> {
	match fetched.entry(key) {
		Entry::Occupied(entry) => Ok(entry.get().clone()),
		Entry::Vacant(entry) => {
			let value = fetch(entry.key())?;
			Ok(entry.insert(value).clone())
		},
	}
}

/// The views of a page of retirements with their batches and devices, each fetched once however
/// many of the page's retirements share it.
fn with_provenance(
	page: Vec<(RetirementId, RetirementRecord)>,
	mut fetch_batch: impl FnMut(BatchId) -> RpcResult<Option<BatchView>>,
	mut fetch_device: impl FnMut(u64) -> RpcResult<Option<DeviceView>>,
) -> RpcResult<Vec<RetirementView>> {
	let mut batches = BTreeMap::new();
	let mut devices = BTreeMap::new();
	page.into_iter()
		.map(|(id, retirement)| {
			let batch = fetch_once(&mut batches, retirement.batch, |id| fetch_batch(*id))?;
			let device = match &batch {
				Some(batch) => {
					fetch_once(&mut devices, batch.device, |device| fetch_device(*device))?
				},
				None => None,
			};
			Ok(RetirementView::new(id, retirement, batch, device))
		})
		.collect()
}

#[async_trait]
impl<C> AuditorApiServer for Auditor<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MetersApi<Block, AccountId>
		+ CertificatesApi<Block, AccountId, BlockNumber>
		+ FootprintApi<Block, AccountId>,
{
	fn device(&self, device: u64, at: Option<Hash>) -> RpcResult<Option<DeviceView>> {
		self.device_at(self.at(at), device)
	}

	fn device_meters(
		&self,
		device: u64,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<MeterView>> {
		let start_after = start_after
			.map(|hex| {
				sp_core::bytes::from_hex(&hex)
					.ok()
					.and_then(|bytes| MeterKey::decode(&mut &bytes[..]).ok())
					.ok_or_else(|| {
						ErrorObject::owned(
							INVALID_PARAMS,
							"startAfter is not a meter key (hex of its SCALE encoding)",
							None::<()>,
						)
					})
			})
			.transpose()?;
		let limit = page_limit(limit)?;
		let meters =
			self.query(self.at(at), |api, at| api.device_meters(at, device, start_after, limit))?;
		Ok(meters.into_iter().map(|(key, meter)| MeterView::new(&key, meter)).collect())
	}

	fn batch(&self, batch: BatchId, at: Option<Hash>) -> RpcResult<Option<BatchView>> {
		self.batch_at(self.at(at), batch)
	}

	fn holdings(
		&self,
		account: AccountId,
		start_after: Option<BatchId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<HoldingView>> {
		let limit = page_limit(limit)?;
		let holdings =
			self.query(self.at(at), |api, at| api.holdings(at, account, start_after, limit))?;
		Ok(holdings
			.into_iter()
			.map(|(batch, wh)| HoldingView { batch, wh: wh.to_string() })
			.collect())
	}

	fn retirement(
		&self,
		retirement: RetirementId,
		at: Option<Hash>,
	) -> RpcResult<Option<RetirementView>> {
		let at = self.at(at);
		let record = self.query(at, |api, at| api.retirement(at, retirement))?;
		let views = self.retirement_views(
			at,
			record.map(|record| (retirement, record)).into_iter().collect(),
		)?;
		Ok(views.into_iter().next())
	}

	fn retirements_of(
		&self,
		account: AccountId,
		start_after: Option<RetirementId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<RetirementView>> {
		let at = self.at(at);
		let limit = page_limit(limit)?;
		let page = self.query(at, |api, at| api.retirements_of(at, account, start_after, limit))?;
		self.retirement_views(at, page)
	}

	fn neutrality(&self, at: Option<Hash>) -> RpcResult<NeutralityView> {
		let status = self.query(self.at(at), |api, at| api.status(at))?;
		Ok(status.into())
	}

	fn neutrality_history(
		&self,
		start_after: Option<PeriodId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<PeriodView>> {
		let limit = page_limit(limit)?;
		let page = self.query(self.at(at), |api, at| api.history(at, start_after, limit))?;
		Ok(page.into_iter().map(|(id, record)| PeriodView::new(id, record)).collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use origo_rpc_types::{Period, SupplyView};
	use pallet_certificates::{Claim, Purpose};
	use std::cell::Cell;

	fn retirement(batch: BatchId) -> RetirementRecord {
		RetirementRecord {
			retirer: AccountId::new([1; 32]),
			sent_by: None,
			batch,
			wh: 1,
			claim: Claim {
				beneficiary: Some(AccountId::new([2; 32])),
				beneficiary_name: None,
				purpose: Purpose::CarbonOffset,
				consumption_country: None,
				consumption_period: None,
				message: Vec::new(),
			},
			block: 1,
			time: 0,
			avoided_g_co2e: 0,
		}
	}

	fn batch_view(id: BatchId, device: u64) -> BatchView {
		let text = String::new;
		BatchView {
			id,
			device,
			issuer: text(),
			technology: origo_primitives::registry::Technology::SolarPv,
			zone: text(),
			production: Period { start: text(), end: text() },
			issued_at: text(),
			expires_at: text(),
			revoked: false,
			supply: SupplyView {
				issued_wh: text(),
				held_wh: text(),
				retired_wh: text(),
				expired_wh: text(),
				revoked_wh: text(),
				conserved: true,
			},
		}
	}

	/// M-7: a full page of retirements that share a few batches costs a fetch per distinct batch
	/// and device, not per retirement.
	#[test]
	fn a_page_fetches_each_batch_and_device_once() {
		let (batch_fetches, device_fetches) = (Cell::new(0), Cell::new(0));
		// Batches 0 and 1 of device 7; batch 2 is unknown (its record pruned or never made).
		let page: Vec<_> = (0..MAX_PAGE)
			.map(|id| (RetirementId::from(id), retirement(BatchId::from(id % 3))))
			.collect();
		let views = with_provenance(
			page,
			|batch| {
				batch_fetches.set(batch_fetches.get() + 1);
				Ok((batch < 2).then(|| batch_view(batch, 7)))
			},
			|_| {
				device_fetches.set(device_fetches.get() + 1);
				Ok(None)
			},
		)
		.unwrap();
		assert_eq!(views.len(), MAX_PAGE as usize);
		assert_eq!((batch_fetches.get(), device_fetches.get()), (3, 1));
		assert_eq!(views.iter().filter(|view| view.batch.is_some()).count(), 667);
	}

	#[test]
	fn a_page_is_one_to_max_limit_long() {
		assert!(page_limit(Some(0)).is_err());
		assert!(page_limit(Some(MAX_PAGE + 1)).is_err());
		assert_eq!(page_limit(None).unwrap(), DEFAULT_LIMIT);
		assert_eq!(page_limit(Some(MAX_PAGE)).unwrap(), MAX_PAGE);
	}
}

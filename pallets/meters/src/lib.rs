//! # pallet-meters
//!
//! The evidence behind every certificate: who may approve devices (issuers), the devices
//! themselves, the meter keys bound to them, and the signed readings those meters send.
//!
//! ## Lifecycle of a device
//!
//! 1. Governance appoints an issuer for a set of zones ([`Pallet::appoint_issuer`]). A zone is
//!    *known* while at least one issuer covers it.
//! 2. An owner registers a device in a known zone ([`Pallet::register_device`]): status `Pending`.
//! 3. An issuer of that zone approves it ([`Pallet::approve_device`]) or rejects it with a reason
//!    ([`Pallet::reject_device`], final). It may later suspend ([`Pallet::suspend_device`]) and
//!    reinstate ([`Pallet::reinstate_device`]) it.
//! 4. The owner binds meter keys (sr25519, ed25519 or ecdsa) to the approved device
//!    ([`Pallet::bind_meter`]) and retires them on a meter swap ([`Pallet::retire_meter`]). A key is
//!    bound once in the registry's life: a retired key cannot come back, so neither can its
//!    readings.
//!
//! ## Reading rules
//!
//! A reading is `Reading { meter, counter_wh, timestamp }`: the meter's cumulative register and
//! the unix second it was read, signed by the meter over
//! [`Reading::signing_payload`](origo_primitives::registry::Reading::signing_payload), which
//! includes this chain's genesis hash. It is accepted only if, in this order:
//! the meter is bound ([`Error::UnknownMeter`]) and active ([`Error::MeterRetired`]); its device
//! is approved ([`Error::DeviceNotApproved`], [`Error::DeviceSuspended`]); the signature is the
//! meter's ([`Error::BadSignature`]); the timestamp is after the meter's last
//! ([`Error::StaleReading`]) and at most [`Config::MaxClockDrift`] seconds ahead of the chain
//! ([`Error::ReadingInFuture`]); the counter did not go back ([`Error::CounterDecreased`]); the
//! energy since the last reading is at most capacity x elapsed time x
//! [`Config::CapacityTolerancePercent`] ([`Error::ImplausibleEnergy`]); and the device's total
//! stays representable ([`Error::EnergyOverflow`]). A meter's first reading sets its baseline and
//! proves no energy.
//!
//! Every accepted reading with energy is handed on as a
//! [`VerifiedEnergy`](origo_primitives::registry::VerifiedEnergy): production to
//! [`Config::OnProduction`] (pallet-certificates), consumption to [`Config::OnConsumption`]
//! (pallet-footprint). This pallet knows nothing of either.
//!
//! ## Two ways in
//!
//! - [`Pallet::submit_reading`]: one reading, feeless, by anyone, as a general transaction
//!   authorized by the reading itself (`#[pallet::authorize]`): invalid readings never enter the
//!   pool, and the pool holds at most one pending reading per meter.
//! - [`Pallet::submit_readings`]: a gateway account sends a batch of readings from many meters and
//!   pays for it; each is checked on its own, bad ones are reported in events and do not stop the
//!   good ones. The good ones are counted in the batch's `BatchProcessed` event rather than one
//!   event each, which keeps a full block of readings from writing megabytes of events.
//!
//! ## Example
//!
//! ```ignore
//! // Governance: an issuer for Germany.
//! Meters::appoint_issuer(root, issuer, b"UBA".to_vec(), vec![Zone::from_code(b"DE").unwrap()])?;
//! // The owner registers a 5 kW PV system; the issuer approves it; the owner binds a meter.
//! Meters::register_device(owner.clone(), declaration)?;
//! Meters::approve_device(issuer, 0)?;
//! Meters::bind_meter(owner, 0, meter_pair.public().into())?;
//! // The meter signs its register; anyone submits it.
//! let reading = Reading { meter: meter_pair.public().into(), counter_wh: 1_250, timestamp };
//! Meters::submit_reading(authorized, sign_reading(&meter_pair, reading, &genesis_hash))?;
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::UnixTime as _};
use origo_primitives::registry::{
	CertifiableDevice, DeviceId, DeviceKind, DeviceRegistry, MeterKey, OnVerifiedEnergy,
	SignedReading, VerifiedEnergy, Wh, Zone,
};
use sp_core::H256;
use sp_runtime::traits::Zero;

/// Seconds in an hour: capacity (W) x seconds / 3600 = Wh.
const SECONDS_PER_HOUR: u128 = 3_600;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the device registry.
	#[pallet::config]
	pub trait Config: frame_system::Config<Hash = H256, RuntimeEvent: From<Event<Self>>> {
		/// Who appoints and removes issuers.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The chain's clock, to refuse readings from the future.
		type UnixTime: frame_support::traits::UnixTime;
		/// Receives verified production.
		type OnProduction: OnVerifiedEnergy;
		/// Receives verified consumption.
		type OnConsumption: OnVerifiedEnergy;
		/// The longest name of an issuer or device, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;
		/// The longest reason for a rejection or suspension, in bytes.
		#[pallet::constant]
		type MaxReasonLength: Get<u32>;
		/// How many zones one issuer may cover.
		#[pallet::constant]
		type MaxZonesPerIssuer: Get<u32>;
		/// How many active meters one device may have.
		#[pallet::constant]
		type MaxMetersPerDevice: Get<u32>;
		/// How many readings one gateway batch may carry.
		#[pallet::constant]
		type MaxReadingsPerBatch: Get<u32>;
		/// How far, in seconds, a reading may be ahead of the chain's clock.
		#[pallet::constant]
		type MaxClockDrift: Get<u64>;
		/// How much energy a reading may show, in percent of capacity x elapsed time (meters and
		/// inverters slightly exceed nameplate ratings).
		#[pallet::constant]
		type CapacityTolerancePercent: Get<u32>;
		/// The sender's signature check that the runtime's extrinsic base weight charges every
		/// extrinsic. A feeless reading has no sender, so its dispatch is charged that much less
		/// (its reading's own signature is charged by its authorization).
		type SenderSignatureCheck: Get<Weight>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// A name, bounded.
	pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;
	/// A reason, bounded.
	pub type ReasonOf<T> = BoundedVec<u8, <T as Config>::MaxReasonLength>;
	/// An issuer's zones, bounded.
	pub type ZonesOf<T> = BoundedVec<Zone, <T as Config>::MaxZonesPerIssuer>;
	/// An issuer record.
	pub type IssuerOf<T> = Issuer<NameOf<T>, ZonesOf<T>>;
	/// A device record.
	pub type DeviceOf<T> = Device<<T as frame_system::Config>::AccountId, NameOf<T>>;

	/// Issuers by account.
	#[pallet::storage]
	pub type Issuers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IssuerOf<T>>;

	/// How many issuers cover each zone; a zone is known while this is above zero.
	#[pallet::storage]
	pub type ZoneIssuers<T: Config> = StorageMap<_, Blake2_128Concat, Zone, u32, ValueQuery>;

	/// Devices by id.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Twox64Concat, DeviceId, DeviceOf<T>>;

	/// The id the next registered device gets.
	#[pallet::storage]
	pub type NextDeviceId<T: Config> = StorageValue<_, DeviceId, ValueQuery>;

	/// Index: the devices of each owner.
	#[pallet::storage]
	pub type OwnerDevices<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		DeviceId,
		(),
		OptionQuery,
	>;

	/// Index: the devices in each zone.
	#[pallet::storage]
	pub type ZoneDevices<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Zone, Twox64Concat, DeviceId, (), OptionQuery>;

	/// Meter keys, bound or retired, with their last reading.
	#[pallet::storage]
	pub type Meters<T: Config> = StorageMap<_, Blake2_128Concat, MeterKey, Meter>;

	/// Index: the meter keys ever bound to each device.
	#[pallet::storage]
	pub type DeviceMeters<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DeviceId, Blake2_128Concat, MeterKey, (), OptionQuery>;

	/// Events of the device registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance appointed an issuer.
		IssuerAppointed {
			/// The issuer's account.
			issuer: T::AccountId,
			/// The zones it covers.
			zones: ZonesOf<T>,
		},
		/// Governance removed an issuer; the devices it approved stay approved.
		IssuerRemoved {
			/// The issuer's account.
			issuer: T::AccountId,
		},
		/// An owner registered a device, pending approval.
		DeviceRegistered {
			/// The new device's id.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// Its zone.
			zone: Zone,
		},
		/// An issuer approved a device.
		DeviceApproved {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
		},
		/// An issuer rejected a device.
		DeviceRejected {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
			/// Why.
			reason: ReasonOf<T>,
		},
		/// An issuer suspended a device: its readings are refused.
		DeviceSuspended {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
			/// Why.
			reason: ReasonOf<T>,
		},
		/// An issuer reinstated a suspended device.
		DeviceReinstated {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
		},
		/// The owner bound a meter key to a device.
		MeterBound {
			/// The device.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
		},
		/// The owner retired a meter key: it is never accepted again.
		MeterRetired {
			/// The device it measured.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
		},
		/// A single reading (`submit_reading`) was accepted. A gateway batch's accepted readings
		/// are counted in its `BatchProcessed` instead.
		ReadingAccepted {
			/// The meter.
			meter: MeterKey,
			/// Its device.
			device: DeviceId,
			/// The register.
			counter_wh: Wh,
			/// When it was read, unix seconds.
			timestamp: u64,
			/// Energy since the meter's previous reading (0 for its first).
			wh: Wh,
		},
		/// A reading in a gateway batch was refused; the rest of the batch went on.
		ReadingRejected {
			/// Its position in the batch.
			index: u32,
			/// The meter it claimed to come from.
			meter: MeterKey,
			/// Why it was refused: one of this pallet's errors.
			error: DispatchError,
		},
		/// A gateway batch was processed.
		BatchProcessed {
			/// The gateway account that sent it.
			gateway: T::AccountId,
			/// How many readings were accepted.
			accepted: u32,
			/// How many were refused.
			rejected: u32,
		},
	}

	/// Why a call of the device registry failed.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is already an issuer.
		AlreadyIssuer,
		/// The account is not an issuer.
		NotIssuer,
		/// An issuer must cover at least one zone.
		NoZones,
		/// More zones than `MaxZonesPerIssuer`.
		TooManyZones,
		/// The same zone was named twice.
		DuplicateZone,
		/// A zone code is not 1-8 characters of `A-Z`, `0-9` and `-`.
		InvalidZone,
		/// No issuer covers the zone, so no one could approve the device.
		UnknownZone,
		/// A name is longer than `MaxNameLength`.
		NameTooLong,
		/// A reason is longer than `MaxReasonLength`.
		ReasonTooLong,
		/// A device must have a capacity above zero.
		ZeroCapacity,
		/// The location is off the globe.
		InvalidLocation,
		/// No device has that id.
		UnknownDevice,
		/// The issuer does not cover the device's zone.
		WrongZone,
		/// Only a pending device can be approved or rejected.
		DeviceNotPending,
		/// The device is not approved.
		DeviceNotApproved,
		/// The device is suspended.
		DeviceSuspended,
		/// Only a suspended device can be reinstated.
		DeviceNotSuspended,
		/// Only the device's owner binds and retires its meters.
		NotDeviceOwner,
		/// The key is already bound (to this or another device) or was retired.
		MeterAlreadyBound,
		/// The device has `MaxMetersPerDevice` active meters.
		TooManyMeters,
		/// No meter has that key.
		UnknownMeter,
		/// The meter was retired.
		MeterRetired,
		/// The signature is not the meter's over this chain's reading payload.
		BadSignature,
		/// The timestamp is not after the meter's last reading.
		StaleReading,
		/// The timestamp is more than `MaxClockDrift` ahead of the chain's clock.
		ReadingInFuture,
		/// The counter is lower than the meter's last.
		CounterDecreased,
		/// More energy than capacity x elapsed time x tolerance.
		ImplausibleEnergy,
		/// The device's total verified energy would overflow.
		EnergyOverflow,
		/// More readings than `MaxReadingsPerBatch`.
		TooManyReadings,
		/// A batch must carry at least one reading.
		EmptyBatch,
	}

	/// Issuers appointed at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(account, name, zones)` of each issuer.
		pub issuers: Vec<(T::AccountId, Vec<u8>, Vec<Zone>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (issuer, name, zones) in &self.issuers {
				Pallet::<T>::do_appoint_issuer(issuer.clone(), name.clone(), zones.clone())
					.expect("genesis issuers are valid and distinct");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Appoints `issuer` for `zones` (governance).
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::appoint_issuer(zones.len() as u32))]
		pub fn appoint_issuer(
			origin: OriginFor<T>,
			issuer: T::AccountId,
			name: Vec<u8>,
			zones: Vec<Zone>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_appoint_issuer(issuer, name, zones)
		}

		/// Removes `issuer` (governance). Devices it approved stay approved.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_issuer(T::MaxZonesPerIssuer::get()))]
		pub fn remove_issuer(origin: OriginFor<T>, issuer: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_issuer(issuer)
		}

		/// Registers a device owned by the caller, pending an issuer's approval.
		#[pallet::call_index(2)]
		pub fn register_device(
			origin: OriginFor<T>,
			declaration: DeviceDeclaration<Vec<u8>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_device(owner, declaration).map(|_| ())
		}

		/// Approves a pending device (an issuer of its zone).
		#[pallet::call_index(3)]
		pub fn approve_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_approve_device(issuer, device)
		}

		/// Rejects a pending device with a reason (an issuer of its zone). Final.
		#[pallet::call_index(4)]
		pub fn reject_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_reject_device(issuer, device, reason)
		}

		/// Suspends an approved device with a reason (an issuer of its zone).
		#[pallet::call_index(5)]
		pub fn suspend_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_suspend_device(issuer, device, reason)
		}

		/// Reinstates a suspended device (an issuer of its zone).
		#[pallet::call_index(6)]
		pub fn reinstate_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_reinstate_device(issuer, device)
		}

		/// Binds a meter key to an approved device (its owner).
		#[pallet::call_index(7)]
		pub fn bind_meter(
			origin: OriginFor<T>,
			device: DeviceId,
			meter: MeterKey,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_bind_meter(owner, device, meter)
		}

		/// Retires a meter key (its device's owner): its readings are refused from now on.
		#[pallet::call_index(8)]
		pub fn retire_meter(origin: OriginFor<T>, meter: MeterKey) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_retire_meter(owner, meter)
		}

		/// Submits one signed reading, feeless: the reading itself authorizes the transaction.
		#[pallet::call_index(9)]
		#[pallet::weight(Pallet::<T>::submit_reading_weight())]
		#[pallet::authorize(Pallet::<T>::authorize_reading)]
		pub fn submit_reading(
			origin: OriginFor<T>,
			reading: SignedReading,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			// Only `authorize_reading` grants this origin, and it verified the signature.
			let context = ReadingContext { signature_verified: true, ..Self::reading_context() };
			let accepted = Self::do_accept_reading(&reading, &context)?;
			Self::deposit_event(Event::ReadingAccepted {
				meter: reading.reading.meter,
				device: accepted.device,
				counter_wh: reading.reading.counter_wh,
				timestamp: reading.reading.timestamp,
				wh: accepted.wh,
			});
			let refund = Self::max_handover().saturating_sub(accepted.handover);
			Ok(Some(Self::submit_reading_weight().saturating_sub(refund)).into())
		}

		/// Submits a batch of signed readings from any meters (a gateway, paying the fee). Each
		/// reading is checked on its own: refused ones are reported as `ReadingRejected` events,
		/// the batch's totals as `BatchProcessed`. Accepted readings get no event each: they are
		/// in the block's body, and an event per reading would cost a batch more than it saves.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::submit_readings_weight(readings.len() as u32))]
		pub fn submit_readings(
			origin: OriginFor<T>,
			readings: Vec<SignedReading>,
		) -> DispatchResultWithPostInfo {
			let gateway = ensure_signed(origin)?;
			let count = readings.len() as u32;
			let refund = Self::do_submit_readings(gateway, readings)?;
			Ok(Some(Self::submit_readings_weight(count).saturating_sub(refund)).into())
		}
	}
}

/// How many storage items a single reading's authorization and its dispatch both read.
const READS_SHARED_WITH_AUTHORIZATION: u64 = 4;

impl<T: Config> Pallet<T> {
	/// The most weight a reading's hand-over to its receiver may use; each reading is refunded
	/// what its receiver did not use.
	fn max_handover() -> Weight {
		T::OnProduction::max_weight().max(T::OnConsumption::max_weight())
	}

	/// What a reading may cost beyond its benchmark. The benchmarks' readings hand their energy
	/// to production's receiver in its common case (carried, no certificate issued), which is
	/// what most readings do; a reading is charged up to the most either receiver may use, and
	/// the refund brings it back to what it used. Charging the benchmarked common case plus this
	/// margin, rather than a benchmark of the worst case, counts the storage both pallets touch
	/// (the device) once, as the block really does.
	fn handover_margin() -> Weight {
		Self::max_handover().saturating_sub(T::OnProduction::min_weight())
	}

	/// The weight `submit_reading` is charged before its refund: its benchmark and hand-over
	/// margin, less what the rest of its transaction was charged and it does not cost: the
	/// storage its authorization read moments before (the meter, its device, the genesis hash
	/// and the time), which the dispatch reads again from the state cache rather than the
	/// database, and the base weight's sender signature check, as it has no sender.
	fn submit_reading_weight() -> Weight {
		<T as Config>::WeightInfo::submit_reading()
			.saturating_add(Self::handover_margin())
			.saturating_sub(T::DbWeight::get().reads(READS_SHARED_WITH_AUTHORIZATION))
			.saturating_sub(T::SenderSignatureCheck::get())
	}

	/// The weight `submit_readings` of `count` readings is charged before its refund.
	fn submit_readings_weight(count: u32) -> Weight {
		<T as Config>::WeightInfo::submit_readings(count)
			.saturating_add(Self::handover_margin().saturating_mul(count.into()))
	}

	/// The hash the chain's readings are signed against.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
		)
	}

	/// What every reading of a call is checked against, read once per call; signatures not yet
	/// verified.
	pub fn reading_context() -> ReadingContext {
		ReadingContext {
			genesis_hash: Self::genesis_hash(),
			now: T::UnixTime::now().as_secs(),
			signature_verified: false,
		}
	}

	/// Pool validation of a feeless reading: every check of [`Self::check_reading`], then one
	/// pending reading per meter.
	fn authorize_reading(
		_source: TransactionSource,
		reading: &SignedReading,
	) -> sp_runtime::transaction_validity::TransactionValidityWithRefund {
		Self::check_reading(reading, &Self::reading_context()).map_err(|error| {
			TransactionValidityError::from(InvalidTransaction::Custom(reading_error_code::<T>(
				error,
			)))
		})?;
		let validity = ValidTransaction::with_tag_prefix("OrigoReading")
			.and_provides(&reading.reading.meter)
			.longevity(16)
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	fn do_appoint_issuer(issuer: T::AccountId, name: Vec<u8>, zones: Vec<Zone>) -> DispatchResult {
		ensure!(!Issuers::<T>::contains_key(&issuer), Error::<T>::AlreadyIssuer);
		let name: NameOf<T> = name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		ensure!(!zones.is_empty(), Error::<T>::NoZones);
		ensure!(zones.iter().all(Zone::is_valid), Error::<T>::InvalidZone);
		let mut sorted = zones.clone();
		sorted.sort();
		sorted.dedup();
		ensure!(sorted.len() == zones.len(), Error::<T>::DuplicateZone);
		let zones: ZonesOf<T> = zones.try_into().map_err(|_| Error::<T>::TooManyZones)?;
		for zone in zones.iter() {
			ZoneIssuers::<T>::mutate(zone, |count| *count = count.saturating_add(1));
		}
		Issuers::<T>::insert(&issuer, Issuer { name, zones: zones.clone() });
		Self::deposit_event(Event::IssuerAppointed { issuer, zones });
		Ok(())
	}

	fn do_remove_issuer(issuer: T::AccountId) -> DispatchResult {
		let record = Issuers::<T>::take(&issuer).ok_or(Error::<T>::NotIssuer)?;
		for zone in record.zones.iter() {
			ZoneIssuers::<T>::mutate_exists(zone, |count| {
				*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
			});
		}
		Self::deposit_event(Event::IssuerRemoved { issuer });
		Ok(())
	}

	/// Registers a device and returns its id.
	pub fn do_register_device(
		owner: T::AccountId,
		declaration: DeviceDeclaration<Vec<u8>>,
	) -> Result<DeviceId, DispatchError> {
		let DeviceDeclaration { name, technology, capacity_w, zone, commissioned, location, kind } =
			declaration;
		let name: NameOf<T> = name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		ensure!(capacity_w > 0, Error::<T>::ZeroCapacity);
		ensure!(zone.is_valid(), Error::<T>::InvalidZone);
		ensure!(ZoneIssuers::<T>::get(zone) > 0, Error::<T>::UnknownZone);
		ensure!(location.as_ref().is_none_or(Location::is_valid), Error::<T>::InvalidLocation);
		let id = NextDeviceId::<T>::get();
		let next = id.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
		let device = Device {
			owner: owner.clone(),
			declaration: DeviceDeclaration {
				name,
				technology,
				capacity_w,
				zone,
				commissioned,
				location,
				kind,
			},
			status: DeviceStatus::Pending,
			issuer: None,
			meters: 0,
			verified_wh: 0,
		};
		Devices::<T>::insert(id, device);
		OwnerDevices::<T>::insert(&owner, id, ());
		ZoneDevices::<T>::insert(zone, id, ());
		NextDeviceId::<T>::put(next);
		Self::deposit_event(Event::DeviceRegistered { device: id, owner, zone });
		Ok(id)
	}

	/// The device, if `issuer` is an issuer covering its zone.
	fn device_for_issuer(
		issuer: &T::AccountId,
		id: DeviceId,
	) -> Result<DeviceOf<T>, DispatchError> {
		let record = Issuers::<T>::get(issuer).ok_or(Error::<T>::NotIssuer)?;
		let device = Devices::<T>::get(id).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(record.zones.contains(&device.declaration.zone), Error::<T>::WrongZone);
		Ok(device)
	}

	fn do_approve_device(issuer: T::AccountId, id: DeviceId) -> DispatchResult {
		let mut device = Self::device_for_issuer(&issuer, id)?;
		ensure!(device.status == DeviceStatus::Pending, Error::<T>::DeviceNotPending);
		device.status = DeviceStatus::Approved;
		device.issuer = Some(issuer.clone());
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::DeviceApproved { device: id, issuer });
		Ok(())
	}

	fn do_reject_device(issuer: T::AccountId, id: DeviceId, reason: Vec<u8>) -> DispatchResult {
		let reason: ReasonOf<T> = reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
		let mut device = Self::device_for_issuer(&issuer, id)?;
		ensure!(device.status == DeviceStatus::Pending, Error::<T>::DeviceNotPending);
		device.status = DeviceStatus::Rejected;
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::DeviceRejected { device: id, issuer, reason });
		Ok(())
	}

	fn do_suspend_device(issuer: T::AccountId, id: DeviceId, reason: Vec<u8>) -> DispatchResult {
		let reason: ReasonOf<T> = reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
		let mut device = Self::device_for_issuer(&issuer, id)?;
		ensure!(device.status == DeviceStatus::Approved, Error::<T>::DeviceNotApproved);
		device.status = DeviceStatus::Suspended;
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::DeviceSuspended { device: id, issuer, reason });
		Ok(())
	}

	fn do_reinstate_device(issuer: T::AccountId, id: DeviceId) -> DispatchResult {
		let mut device = Self::device_for_issuer(&issuer, id)?;
		ensure!(device.status == DeviceStatus::Suspended, Error::<T>::DeviceNotSuspended);
		device.status = DeviceStatus::Approved;
		Devices::<T>::insert(id, device);
		Self::deposit_event(Event::DeviceReinstated { device: id, issuer });
		Ok(())
	}

	fn do_bind_meter(owner: T::AccountId, id: DeviceId, meter: MeterKey) -> DispatchResult {
		let mut device = Devices::<T>::get(id).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.owner == owner, Error::<T>::NotDeviceOwner);
		match device.status {
			DeviceStatus::Approved => {},
			DeviceStatus::Suspended => return Err(Error::<T>::DeviceSuspended.into()),
			_ => return Err(Error::<T>::DeviceNotApproved.into()),
		}
		ensure!(!Meters::<T>::contains_key(&meter), Error::<T>::MeterAlreadyBound);
		ensure!(device.meters < T::MaxMetersPerDevice::get(), Error::<T>::TooManyMeters);
		device.meters += 1;
		Devices::<T>::insert(id, device);
		Meters::<T>::insert(&meter, Meter { device: id, active: true, last: None });
		DeviceMeters::<T>::insert(id, &meter, ());
		Self::deposit_event(Event::MeterBound { device: id, meter });
		Ok(())
	}

	fn do_retire_meter(owner: T::AccountId, meter: MeterKey) -> DispatchResult {
		let mut record = Meters::<T>::get(&meter).ok_or(Error::<T>::UnknownMeter)?;
		let mut device = Devices::<T>::get(record.device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.owner == owner, Error::<T>::NotDeviceOwner);
		ensure!(record.active, Error::<T>::MeterRetired);
		record.active = false;
		device.meters = device.meters.saturating_sub(1);
		Devices::<T>::insert(record.device, device);
		Meters::<T>::insert(&meter, record);
		Self::deposit_event(Event::MeterRetired { device: record.device, meter });
		Ok(())
	}

	/// Checks `signed` against the registry without changing it; returns the meter's record,
	/// its device and the energy the reading proves.
	pub fn check_reading(
		signed: &SignedReading,
		context: &ReadingContext,
	) -> Result<(Meter, DeviceOf<T>, Wh), Error<T>> {
		let reading = &signed.reading;
		let meter = Meters::<T>::get(&reading.meter).ok_or(Error::<T>::UnknownMeter)?;
		ensure!(meter.active, Error::<T>::MeterRetired);
		let device = Devices::<T>::get(meter.device).ok_or(Error::<T>::UnknownDevice)?;
		match device.status {
			DeviceStatus::Approved => {},
			DeviceStatus::Suspended => return Err(Error::<T>::DeviceSuspended),
			_ => return Err(Error::<T>::DeviceNotApproved),
		}
		ensure!(
			context.signature_verified || signed.verify(&context.genesis_hash),
			Error::<T>::BadSignature
		);
		let horizon = context.now.saturating_add(T::MaxClockDrift::get());
		let Some(last) = meter.last else {
			ensure!(reading.timestamp <= horizon, Error::<T>::ReadingInFuture);
			return Ok((meter, device, 0));
		};
		ensure!(reading.timestamp > last.timestamp, Error::<T>::StaleReading);
		ensure!(reading.timestamp <= horizon, Error::<T>::ReadingInFuture);
		let wh =
			reading.counter_wh.checked_sub(last.counter_wh).ok_or(Error::<T>::CounterDecreased)?;
		// wh <= capacity_w x seconds / 3600 x tolerance / 100, in u128 so nothing overflows.
		let elapsed = u128::from(reading.timestamp - last.timestamp);
		let allowed = u128::from(device.declaration.capacity_w)
			* elapsed * u128::from(T::CapacityTolerancePercent::get());
		ensure!(u128::from(wh) * SECONDS_PER_HOUR * 100 <= allowed, Error::<T>::ImplausibleEnergy);
		ensure!(device.verified_wh.checked_add(wh).is_some(), Error::<T>::EnergyOverflow);
		Ok((meter, device, wh))
	}

	/// Checks and records one reading, and hands its energy on. Deposits no event: the caller
	/// reports the reading (singly) or the batch.
	pub fn do_accept_reading(
		signed: &SignedReading,
		context: &ReadingContext,
	) -> Result<AcceptedReading, DispatchError> {
		let (mut meter, mut device, wh) = Self::check_reading(signed, context)?;
		let reading = &signed.reading;
		let from = meter.last.map(|last| last.timestamp);
		meter.last =
			Some(LastReading { counter_wh: reading.counter_wh, timestamp: reading.timestamp });
		Meters::<T>::insert(&reading.meter, meter);
		let mut handover = Weight::zero();
		if wh > 0 {
			// `check_reading` proved this does not overflow.
			device.verified_wh = device.verified_wh.saturating_add(wh);
			let kind = device.declaration.kind;
			Devices::<T>::insert(meter.device, device);
			let energy = VerifiedEnergy {
				device: meter.device,
				from: from.unwrap_or(reading.timestamp),
				to: reading.timestamp,
				wh,
			};
			handover = match kind {
				DeviceKind::Production => T::OnProduction::on_verified_energy(energy),
				DeviceKind::Consumption => T::OnConsumption::on_verified_energy(energy),
			};
		}
		Ok(AcceptedReading { device: meter.device, wh, handover })
	}

	/// Accepts or rejects each reading; returns the weight to refund: the hand-over weight the
	/// readings were charged and did not use.
	fn do_submit_readings(
		gateway: T::AccountId,
		readings: Vec<SignedReading>,
	) -> Result<Weight, DispatchError> {
		ensure!(!readings.is_empty(), Error::<T>::EmptyBatch);
		ensure!(
			readings.len() <= T::MaxReadingsPerBatch::get() as usize,
			Error::<T>::TooManyReadings
		);
		let mut accepted = 0u32;
		let mut rejected = 0u32;
		let mut refund = Weight::zero();
		let max_handover = Self::max_handover();
		let context = Self::reading_context();
		for (index, reading) in readings.iter().enumerate() {
			match Self::do_accept_reading(reading, &context) {
				Ok(reading) => {
					accepted += 1;
					refund = refund.saturating_add(max_handover.saturating_sub(reading.handover));
				},
				Err(error) => {
					rejected += 1;
					refund = refund.saturating_add(max_handover);
					Self::deposit_event(Event::ReadingRejected {
						index: index as u32,
						meter: reading.reading.meter.clone(),
						error,
					});
				},
			}
		}
		Self::deposit_event(Event::BatchProcessed { gateway, accepted, rejected });
		Ok(refund)
	}

	/// A device with its meters (runtime API).
	pub fn device_details(id: DeviceId) -> Option<DeviceDetails<T::AccountId>> {
		let Device { owner, declaration, status, issuer, meters, verified_wh } =
			Devices::<T>::get(id)?;
		let declaration = DeviceDeclaration {
			name: declaration.name.into_inner(),
			technology: declaration.technology,
			capacity_w: declaration.capacity_w,
			zone: declaration.zone,
			commissioned: declaration.commissioned,
			location: declaration.location,
			kind: declaration.kind,
		};
		Some(DeviceDetails {
			id,
			device: Device { owner, declaration, status, issuer, meters, verified_wh },
			meters: DeviceMeters::<T>::iter_key_prefix(id)
				.filter_map(|key| Meters::<T>::get(&key).map(|meter| (key, meter)))
				.collect(),
		})
	}

	/// A page of `owner`'s devices after `start_after` (runtime API).
	pub fn devices_of_owner(
		owner: T::AccountId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Vec<DeviceId> {
		origo_primitives::key_page!(OwnerDevices<T>, &owner, start_after, limit.min(MAX_PAGE))
	}

	/// A page of the devices in `zone` after `start_after` (runtime API).
	pub fn devices_in_zone(zone: Zone, start_after: Option<DeviceId>, limit: u32) -> Vec<DeviceId> {
		origo_primitives::key_page!(ZoneDevices<T>, zone, start_after, limit.min(MAX_PAGE))
	}

	/// Checks the registry's invariants: every meter's device exists and counts it, indexes match
	/// the records, zone counts match the issuers, last readings are not in the future.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut active_meters: BTreeMap<DeviceId, u32> = BTreeMap::new();
		let horizon = T::UnixTime::now().as_secs().saturating_add(T::MaxClockDrift::get());
		for (key, meter) in Meters::<T>::iter() {
			ensure!(Devices::<T>::contains_key(meter.device), "a meter's device does not exist");
			ensure!(
				DeviceMeters::<T>::contains_key(meter.device, &key),
				"a meter is missing from its device's index"
			);
			if meter.active {
				*active_meters.entry(meter.device).or_default() += 1;
			}
			if let Some(last) = meter.last {
				ensure!(last.timestamp <= horizon, "a meter's last reading is in the future");
			}
		}
		ensure!(
			DeviceMeters::<T>::iter_keys().all(|(device, key)| {
				Meters::<T>::get(&key).is_some_and(|meter| meter.device == device)
			}),
			"the device-meter index names a meter of another device"
		);
		let next_id = NextDeviceId::<T>::get();
		for (id, device) in Devices::<T>::iter() {
			ensure!(id < next_id, "a device id is not below NextDeviceId");
			ensure!(
				device.meters == active_meters.get(&id).copied().unwrap_or(0),
				"a device's meter count is wrong"
			);
			ensure!(OwnerDevices::<T>::contains_key(&device.owner, id), "owner index is missing");
			ensure!(
				ZoneDevices::<T>::contains_key(device.declaration.zone, id),
				"zone index is missing"
			);
			ensure!(
				(device.status == DeviceStatus::Pending || device.status == DeviceStatus::Rejected)
					== device.issuer.is_none(),
				"only approved (or suspended) devices have an approving issuer"
			);
		}
		ensure!(
			OwnerDevices::<T>::iter_keys()
				.all(|(owner, id)| Devices::<T>::get(id).is_some_and(|d| d.owner == owner)),
			"the owner index names a device of another owner"
		);
		ensure!(
			ZoneDevices::<T>::iter_keys()
				.all(|(zone, id)| Devices::<T>::get(id).is_some_and(|d| d.declaration.zone == zone)),
			"the zone index names a device of another zone"
		);
		let mut zone_counts: BTreeMap<Zone, u32> = BTreeMap::new();
		for issuer in Issuers::<T>::iter_values() {
			for zone in issuer.zones {
				*zone_counts.entry(zone).or_default() += 1;
			}
		}
		ensure!(
			ZoneIssuers::<T>::iter().collect::<BTreeMap<_, _>>() == zone_counts,
			"zone issuer counts do not match the issuers"
		);
		Ok(())
	}
}

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

	fn is_issuer_of(who: &T::AccountId, zone: Zone) -> bool {
		Issuers::<T>::get(who).is_some_and(|issuer| issuer.zones.contains(&zone))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_certifiable_device(
		owner: &T::AccountId,
		issuer: &T::AccountId,
		zone: Zone,
	) -> DeviceId {
		if !Self::is_issuer_of(issuer, zone) {
			Self::do_appoint_issuer(
				issuer.clone(),
				b"benchmark issuer".to_vec(),
				alloc::vec![zone],
			)
			.expect("a fresh issuer of one valid zone");
		}
		let id = Self::do_register_device(
			owner.clone(),
			DeviceDeclaration {
				name: b"benchmark device".to_vec(),
				technology: origo_primitives::registry::Technology::SolarPv,
				capacity_w: 1_000_000_000,
				zone,
				commissioned: 0,
				location: None,
				kind: DeviceKind::Production,
			},
		)
		.expect("the zone has an issuer");
		Self::do_approve_device(issuer.clone(), id).expect("a pending device of its zone");
		id
	}
}

/// The code of a reading error in a pool rejection (`InvalidTransaction::Custom`): its index in
/// [`Error`], so a client can name it.
fn reading_error_code<T: Config>(error: Error<T>) -> u8 {
	match sp_runtime::DispatchError::from(error) {
		sp_runtime::DispatchError::Module(module) => module.error[0],
		_ => u8::MAX,
	}
}

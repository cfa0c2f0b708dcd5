//! # pallet-meters
//!
//! The evidence behind every certificate: who may approve devices (issuers), the devices
//! themselves, the meter keys bound to them, and the signed readings those meters send.
//!
//! ## Lifecycle of a device
//!
//! 1. Governance appoints an issuer for a set of zones ([`Pallet::appoint_issuer`]). A zone is
//!    *known* while at least one issuer covers it; its last issuer cannot be removed while the
//!    zone has devices ([`Error::LastIssuerOfZone`]), so every device keeps someone who can
//!    suspend it and revoke its certificates.
//! 2. An owner registers a device in a known zone ([`Pallet::register_device`]): status `Pending`.
//!    The owner holds a deposit for it ([`Config::DeviceDeposit`]), returned when it removes the
//!    device while pending or once rejected ([`Pallet::remove_device`]).
//! 3. An issuer of that zone approves it ([`Pallet::approve_device`]) or rejects it with a reason
//!    ([`Pallet::reject_device`], final). It may later suspend ([`Pallet::suspend_device`]) and
//!    reinstate ([`Pallet::reinstate_device`]) it.
//! 4. The owner binds the device's billing meter ([`Pallet::bind_meter`]) with the meter's own
//!    signature over the binding (its proof of possession, [`binding_payload`]), and retires it
//!    on a meter swap ([`Pallet::retire_meter`]). A retired key cannot come back, so neither can
//!    its readings. An issuer of the zone unbinds a key bound to the wrong device
//!    ([`Pallet::unbind_meter`]), so that the device it measures can bind it, and authorizes a
//!    new baseline after a register reset ([`Pallet::reset_meter`]). Binding holds a deposit
//!    from the owner ([`Config::MeterDeposit`]) for as long as the key's record binds it to the
//!    device: bound or retired, the key is kept for life so that its readings are never replayed;
//!    an issuer's unbinding returns the deposit to whoever bound it.
//!
//! ## The metering model: one billing meter, one timeline per device
//!
//! A device has at most one active meter, its billing meter: the meter at its export point whose
//! register is the evidence. A site with several export points registers one device per point.
//! A check meter on the same export is not bound: two meters would count the same Wh
//! ([`Error::DeviceHasMeter`]).
//!
//! Each device keeps a high-water mark, [`Device::certified_until`]: the instant up to which its
//! production has been accounted for. Approval sets it to the device's certifiable start, the
//! later of its commissioning and [`Config::MaxBackfill`] before the approval. Every reading moves
//! it to the reading's time, and no reading's interval may start before it
//! ([`Error::BackdatedReading`]), whatever meters are bound, retired or rebound: no interval is
//! certified twice, and nothing before commissioning or the backfill window ever is. A swap
//! closes the old meter's interval and opens the new one's at the same instant: the old meter's
//! last reading at `t`, the new meter's first (its baseline) at `t` or later.
//!
//! Reinstating a suspended device moves the mark to the reinstatement, and an issuer's meter
//! reset to the new baseline. A meter whose last reading is before the mark then measures an
//! interval that is partly not certifiable: its next reading's energy is recorded on the device
//! as uncertified ([`Device::uncertified_wh`], [`Event::EnergyUncertified`]) and handed on to
//! no one, and the reading becomes the meter's new baseline. So nothing produced while a device
//! was suspended is ever certified.
//!
//! ## Reading rules
//!
//! A reading is `Reading { meter, counter_wh, timestamp }`: the meter's cumulative register and
//! the unix second it was read, signed by the meter, in the meter key's own scheme, over
//! [`Reading::signing_payload`](origo_primitives::registry::Reading::signing_payload), which
//! includes this chain's genesis hash. It is accepted only if, in this order:
//! the meter is bound ([`Error::UnknownMeter`], [`Error::MeterUnbound`]) and active
//! ([`Error::MeterRetired`]); its device is approved ([`Error::DeviceNotApproved`],
//! [`Error::DeviceSuspended`]); the signature is the meter's ([`Error::BadSignature`]); the
//! timestamp is after the meter's last ([`Error::StaleReading`]), at most
//! [`Config::MaxClockDrift`] seconds ahead of the chain ([`Error::ReadingInFuture`]) and not
//! before the device's high-water mark ([`Error::BackdatedReading`]); the energy's receiver
//! takes the device (pallet-footprint takes only recognised chain nodes' consumption); the
//! counter did not go back ([`Error::CounterDecreased`]); the energy since the last reading is
//! at most capacity x elapsed time x [`Config::CapacityTolerancePercent`]
//! ([`Error::ImplausibleEnergy`]); and the device's totals stay representable
//! ([`Error::EnergyOverflow`]). A meter's first reading sets its baseline and proves no energy.
//!
//! Every accepted reading with certifiable energy is handed on as a
//! [`VerifiedEnergy`](origo_primitives::registry::VerifiedEnergy): production to
//! [`Config::OnProduction`] (pallet-certificates), consumption to [`Config::OnConsumption`]
//! (pallet-footprint). This pallet knows nothing of either.
//!
//! ## Two ways in
//!
//! - [`Pallet::submit_reading`]: one reading, feeless, by anyone, as a general transaction
//!   authorized by the reading itself (`#[pallet::authorize]`): invalid readings never enter the
//!   pool, and the pool holds at most one pending reading per meter. A feeless reading must prove
//!   energy ([`Error::NoEnergy`]) and come at least [`FeelessInterval`] after the meter's last
//!   ([`Error::TooFrequent`]); a meter's baseline is free too, once per binding, which its owner
//!   paid for. So one device, with its one meter, puts at most one free extrinsic on chain per
//!   interval.
//! - [`Pallet::submit_readings`]: a gateway account sends a batch of readings from many meters and
//!   pays for it; each is checked on its own, bad ones are reported in events and do not stop the
//!   good ones. The good ones are counted in the batch's `BatchProcessed` event rather than one
//!   event each, which keeps a full block of readings from writing megabytes of events. Zero
//!   readings and keep-alives go this way.
//!
//! ## Example
//!
//! A device from its registration to its first verified hour (a unit test, so it compiles and
//! runs with them):
#![doc = docify::embed!("src/tests/readings.rs", a_device_from_registration_to_its_first_verified_hour)]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
mod impl_device_registry;
pub mod migrations;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{Consideration, Footprint, UnixTime as _},
};
use origo_primitives::registry::{
	binding_payload, DeviceId, DeviceKind, MeterKey, OnVerifiedEnergy, SignedReading, UnixTime,
	VerifiedEnergy, Wh, Zone,
};
use sp_core::H256;
use sp_runtime::{traits::Zero, MultiSignature};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version: 1 added the device's billing meter and high-water mark and
	/// the meter's status ([`migrations::v1`]); 2 the deposits of devices and meter keys
	/// ([`migrations::v2`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default configurations of this pallet, for test runtimes.
	pub mod config_preludes {
		use super::*;
		use frame_support::{
			derive_impl,
			traits::{ConstU32, ConstU64},
		};

		/// The test runtimes' registry: names and reasons of up to 32 bytes, 4 zones per issuer,
		/// 32 readings per batch, 5 minutes of clock drift, 10 % over capacity, 400 days of
		/// backfill, a feeless reading every 15 minutes, no deposits and no energy receivers.
		/// A mock sets its origin and clock, and overrides what its tests vary.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type OnProduction = ();
			type OnConsumption = ();
			type MaxNameLength = ConstU32<32>;
			type MaxReasonLength = ConstU32<32>;
			type MaxZonesPerIssuer = ConstU32<4>;
			type MaxReadingsPerBatch = ConstU32<32>;
			type MaxClockDrift = ConstU64<300>;
			type CapacityTolerancePercent = ConstU32<110>;
			type MaxBackfill = ConstU64<{ 400 * 86_400 }>;
			type DefaultFeelessInterval = ConstU64<900>;
			type SenderSignatureCheck = ();
			type DeviceDeposit = ();
			type MeterDeposit = ();
			type WeightInfo = ();
		}
	}

	/// Configuration of the device registry.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config<Hash = H256, RuntimeEvent: From<Event<Self>>> {
		/// Who appoints and removes issuers and sets the feeless interval.
		#[pallet::no_default]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The chain's clock, to refuse readings from the future.
		#[pallet::no_default]
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
		/// How long before its approval, in seconds, a device's production may still be certified
		/// (never before its commissioning).
		#[pallet::constant]
		type MaxBackfill: Get<u64>;
		/// The least time, in seconds, between two feeless readings of a meter until governance
		/// sets another ([`FeelessInterval`]).
		#[pallet::constant]
		type DefaultFeelessInterval: Get<u64>;
		/// The sender's signature check that the runtime's extrinsic base weight charges every
		/// extrinsic. A feeless reading has no sender, so its dispatch is charged that much less
		/// (its reading's own signature is charged by its authorization).
		type SenderSignatureCheck: Get<Weight>;
		/// The deposit a device's owner holds while the device is registered, for its
		/// footprint in state (security review L-2).
		#[pallet::no_default_bounds]
		type DeviceDeposit: Consideration<Self::AccountId, Footprint>;
		/// The deposit who binds a meter key holds while the key's record binds it.
		#[pallet::no_default_bounds]
		type MeterDeposit: Consideration<Self::AccountId, Footprint>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A device's deposit.
		DeviceDeposit,
		/// A meter key's deposit.
		MeterDeposit,
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

	/// Meter keys, bound, retired or unbound, with their last reading. A key stays here for the
	/// registry's life, so its old readings can never be replayed.
	#[pallet::storage]
	pub type Meters<T: Config> = StorageMap<_, Blake2_128Concat, MeterKey, Meter>;

	/// Index: the meter keys ever bound to each device, its meter history.
	#[pallet::storage]
	pub type DeviceMeters<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DeviceId, Blake2_128Concat, MeterKey, (), OptionQuery>;

	/// The deposit held for each device from its owner.
	#[pallet::storage]
	pub type DeviceDeposits<T: Config> = StorageMap<_, Twox64Concat, DeviceId, T::DeviceDeposit>;

	/// The deposit held for each bound or retired meter key, and who holds it.
	#[pallet::storage]
	pub type MeterDeposits<T: Config> =
		StorageMap<_, Blake2_128Concat, MeterKey, (T::AccountId, T::MeterDeposit)>;

	/// The least time, in seconds, between two feeless readings of one meter.
	#[pallet::storage]
	pub type FeelessInterval<T: Config> =
		StorageValue<_, u64, ValueQuery, <T as Config>::DefaultFeelessInterval>;

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
			/// The earliest instant its production may be certified from, unix seconds.
			certifiable_from: UnixTime,
		},
		/// The owner removed a pending or rejected device; its deposit was released.
		DeviceRemoved {
			/// The device.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
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
		/// An issuer reinstated a suspended device. Nothing produced before the reinstatement
		/// and after the device's last reading is certified.
		DeviceReinstated {
			/// The device.
			device: DeviceId,
			/// The issuer.
			issuer: T::AccountId,
		},
		/// The owner bound a meter key to a device as its billing meter.
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
		/// An issuer unbound a meter key, bound to the wrong device or retired from one: it may
		/// be bound again.
		MeterUnbound {
			/// The device it was bound to.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
			/// The issuer.
			issuer: T::AccountId,
		},
		/// An issuer reset a meter after its register was reset: the reading is its new baseline.
		MeterReset {
			/// The device it measures.
			device: DeviceId,
			/// The meter's key.
			meter: MeterKey,
			/// The issuer.
			issuer: T::AccountId,
			/// The register at the new baseline.
			counter_wh: Wh,
			/// When it was read, unix seconds.
			timestamp: UnixTime,
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
		/// A reading's energy spans an instant before its device's high-water mark (a
		/// suspension, a meter reset): it was recorded as uncertified and handed on to no one.
		EnergyUncertified {
			/// The device.
			device: DeviceId,
			/// The meter.
			meter: MeterKey,
			/// The meter's previous reading, unix seconds.
			from: UnixTime,
			/// This reading, unix seconds.
			to: UnixTime,
			/// The energy between them, Wh.
			wh: Wh,
		},
		/// A reading in a gateway batch was refused; the rest of the batch went on.
		ReadingRejected {
			/// Its position in the batch.
			index: u32,
			/// The meter it claimed to come from.
			meter: MeterKey,
			/// Why it was refused: one of this pallet's errors, or the energy receiver's.
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
		/// Governance set the least time between two feeless readings of a meter.
		FeelessIntervalSet {
			/// Seconds.
			seconds: u64,
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
		/// The key is bound (to this or another device) or was retired.
		MeterAlreadyBound,
		/// The device has an active billing meter: retire it before binding another (one meter
		/// per device, so the same Wh are never counted twice).
		DeviceHasMeter,
		/// No meter has that key.
		UnknownMeter,
		/// The meter was retired.
		MeterRetired,
		/// An issuer unbound the key: it measures no device until it is bound again.
		MeterUnbound,
		/// Meter keys are sr25519, ed25519 or ecdsa; this scheme is not supported.
		UnsupportedScheme,
		/// The proof is not the meter's signature over its binding to this device and owner.
		BadProof,
		/// The signature is not the meter's over this chain's reading payload.
		BadSignature,
		/// The timestamp is not after the meter's last reading.
		StaleReading,
		/// The timestamp is more than `MaxClockDrift` ahead of the chain's clock.
		ReadingInFuture,
		/// The reading is before the device's high-water mark: its commissioning or backfill
		/// start, or production already accounted for.
		BackdatedReading,
		/// The counter is lower than the meter's last.
		CounterDecreased,
		/// More energy than capacity x elapsed time x tolerance.
		ImplausibleEnergy,
		/// The device's total energy would overflow.
		EnergyOverflow,
		/// The energy's receiver does not take this device (pallet-footprint: a consumption
		/// device that is not a recognised chain node). Gateway batches report the receiver's
		/// own error.
		EnergyRefused,
		/// A feeless reading must prove energy; zero readings go in a paid batch.
		NoEnergy,
		/// A feeless reading must come `FeelessInterval` after the meter's last; more frequent
		/// readings go in a paid batch.
		TooFrequent,
		/// More readings than `MaxReadingsPerBatch`.
		TooManyReadings,
		/// A batch must carry at least one reading.
		EmptyBatch,
		/// The issuer is the last of a zone that has devices: appoint another first.
		LastIssuerOfZone,
		/// Only a pending or rejected device can be removed: an approved device's production
		/// and certificates refer to it for good.
		DeviceNotRemovable,
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
		/// Appoints `issuer` for `zones`.
		///
		/// Origin: governance. Emits `IssuerAppointed`. Errors: `AlreadyIssuer`, `NameTooLong`,
		/// `NoZones`, `InvalidZone`, `DuplicateZone`, `TooManyZones`.
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

		/// Removes `issuer`. Devices it approved stay approved.
		///
		/// Origin: governance. Emits `IssuerRemoved`. Errors: `NotIssuer`, `LastIssuerOfZone`
		/// (it is the only issuer of a zone with devices).
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_issuer(T::MaxZonesPerIssuer::get()))]
		pub fn remove_issuer(origin: OriginFor<T>, issuer: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_issuer(issuer)
		}

		/// Registers a device owned by the caller, pending an issuer's approval, and holds the
		/// device's deposit from the caller.
		///
		/// Origin: signed, the owner. Emits `DeviceRegistered`. Errors: `NameTooLong`,
		/// `ZeroCapacity`, `InvalidZone`, `UnknownZone`, `InvalidLocation`, and the currency's
		/// when the caller cannot hold the deposit.
		#[pallet::call_index(2)]
		pub fn register_device(
			origin: OriginFor<T>,
			declaration: DeviceDeclaration<Vec<u8>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_device(owner, declaration).map(|_| ())
		}

		/// Approves a pending `device`; its production is certifiable from the later of its
		/// commissioning and `MaxBackfill` before now.
		///
		/// Origin: signed, an issuer of the device's zone. Emits `DeviceApproved`. Errors:
		/// `NotIssuer`, `UnknownDevice`, `WrongZone`, `DeviceNotPending`.
		#[pallet::call_index(3)]
		pub fn approve_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_approve_device(issuer, device)
		}

		/// Rejects a pending `device` for `reason`. Final.
		///
		/// Origin: signed, an issuer of the device's zone. Emits `DeviceRejected`. Errors:
		/// `ReasonTooLong`, `NotIssuer`, `UnknownDevice`, `WrongZone`, `DeviceNotPending`.
		#[pallet::call_index(4)]
		pub fn reject_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_reject_device(issuer, device, reason)
		}

		/// Suspends an approved `device` for `reason`: its readings are refused.
		///
		/// Origin: signed, an issuer of the device's zone. Emits `DeviceSuspended`. Errors:
		/// `ReasonTooLong`, `NotIssuer`, `UnknownDevice`, `WrongZone`, `DeviceNotApproved`.
		#[pallet::call_index(5)]
		pub fn suspend_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_suspend_device(issuer, device, reason)
		}

		/// Reinstates a suspended `device`. Its high-water mark moves to now: nothing it produced
		/// before is certified, and its meter's next reading is recorded as uncertified.
		///
		/// Origin: signed, an issuer of the device's zone. Emits `DeviceReinstated`. Errors:
		/// `NotIssuer`, `UnknownDevice`, `WrongZone`, `DeviceNotSuspended`.
		#[pallet::call_index(6)]
		pub fn reinstate_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_reinstate_device(issuer, device)
		}

		/// Binds `meter` to the approved `device` as its billing meter, holding the key's deposit
		/// from the caller. `proof` is the meter's signature, in its own scheme, over
		/// [`binding_payload`](origo_primitives::registry::binding_payload)`(genesis hash,
		/// device, caller)`: only who holds the meter binds it.
		///
		/// Origin: signed, the device's owner. Emits `MeterBound`. Errors: `UnknownDevice`,
		/// `NotDeviceOwner`, `DeviceNotApproved`, `DeviceSuspended`, `DeviceHasMeter`,
		/// `UnsupportedScheme`, `MeterAlreadyBound`, `BadProof`, and the currency's when the
		/// caller cannot hold the deposit.
		#[pallet::call_index(7)]
		pub fn bind_meter(
			origin: OriginFor<T>,
			device: DeviceId,
			meter: MeterKey,
			proof: MultiSignature,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_bind_meter(owner, device, meter, proof)
		}

		/// Retires `meter`: its readings are refused from now on, and the key is bound again only
		/// once an issuer unbinds it (a meter moved to another site). The device may bind a new
		/// meter (a swap).
		///
		/// Origin: signed, the device's owner. Emits `MeterRetired`. Errors: `UnknownMeter`,
		/// `UnknownDevice`, `NotDeviceOwner`, `MeterRetired`, `MeterUnbound`.
		#[pallet::call_index(8)]
		pub fn retire_meter(origin: OriginFor<T>, meter: MeterKey) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_retire_meter(owner, meter)
		}

		/// Submits one signed reading, feeless: the reading itself authorizes the transaction.
		/// Beyond the reading rules, it must prove energy and come `FeelessInterval` after the
		/// meter's last (its baseline excepted).
		///
		/// Origin: authorized by the reading (a general transaction). Emits `ReadingAccepted`,
		/// and `EnergyUncertified` for energy before the device's high-water mark. Errors: the
		/// reading rules' (crate docs), `NoEnergy`, `TooFrequent`.
		#[pallet::call_index(9)]
		#[pallet::weight(Pallet::<T>::submit_reading_weight())]
		#[pallet::authorize(Pallet::<T>::authorize_reading)]
		pub fn submit_reading(
			origin: OriginFor<T>,
			reading: SignedReading,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			Self::do_submit_reading(reading)
		}

		/// Submits a batch of signed readings from any meters, paying the fee. Each reading is
		/// checked on its own. Accepted readings get no event each: they are in the block's body,
		/// and an event per reading would cost a batch more than it saves.
		///
		/// Origin: signed, any gateway. Emits `ReadingRejected` per refused reading,
		/// `EnergyUncertified` per reading with uncertified energy, then `BatchProcessed`.
		/// Errors: `EmptyBatch`, `TooManyReadings`.
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

		/// Unbinds `meter`, active or retired, so that the device it really measures can bind
		/// it: a key bound in error, or a retired meter moved to another site. It keeps its last
		/// reading: its old readings are never accepted again. The key's deposit is released to
		/// whoever bound it.
		///
		/// Origin: signed, an issuer of the zone of the device it is bound to. Emits
		/// `MeterUnbound`. Errors: `UnknownMeter`, `MeterUnbound`, `NotIssuer`, `UnknownDevice`,
		/// `WrongZone`.
		#[pallet::call_index(11)]
		pub fn unbind_meter(origin: OriginFor<T>, meter: MeterKey) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_unbind_meter(issuer, meter)
		}

		/// Makes `reading`, signed by an active meter whose register was reset (a firmware
		/// reset, a rollover), that meter's new baseline: its counter may be lower than the
		/// last. What the meter measured since its last reading is not certified.
		///
		/// Origin: signed, an issuer of the device's zone. Emits `MeterReset`. Errors:
		/// `UnknownMeter`, `MeterRetired`, `MeterUnbound`, `NotIssuer`, `UnknownDevice`,
		/// `WrongZone`, `BadSignature`, `StaleReading`, `ReadingInFuture`, `BackdatedReading`.
		#[pallet::call_index(12)]
		pub fn reset_meter(origin: OriginFor<T>, reading: SignedReading) -> DispatchResult {
			let issuer = ensure_signed(origin)?;
			Self::do_reset_meter(issuer, reading)
		}

		/// Sets the least time, in `seconds`, between two feeless readings of a meter.
		///
		/// Origin: governance. Emits `FeelessIntervalSet`.
		#[pallet::call_index(13)]
		pub fn set_feeless_interval(origin: OriginFor<T>, seconds: u64) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_feeless_interval(seconds)
		}

		/// Removes the caller's pending or rejected `device` and releases its deposit. Its id is
		/// not reused.
		///
		/// Origin: signed, the device's owner. Emits `DeviceRemoved`. Errors: `UnknownDevice`,
		/// `NotDeviceOwner`, `DeviceNotRemovable`.
		#[pallet::call_index(14)]
		pub fn remove_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_remove_device(owner, device)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The hash the chain's readings and bindings are signed against.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
		)
	}

	/// The chain's time, unix seconds.
	fn now() -> UnixTime {
		T::UnixTime::now().as_secs()
	}
}

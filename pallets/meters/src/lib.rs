#![doc = include_str!("../README.md")]
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
mod errors;
mod events;
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
	binding_payload, DeviceId, DeviceKind, MeterKey, MeterSignature, OnVerifiedEnergy,
	SignedProfile, SignedReading, UnixTime, VerifiedEnergy, Wh, Zone,
};
use sp_core::H256;
use sp_runtime::traits::Zero;

#[frame_support::pallet_macros::import_section(events::events)]
#[frame_support::pallet_macros::import_section(errors::errors)]
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
		/// 32 readings or 16 profiles of up to 96 intervals per batch, 5 minutes of clock drift, 10 % over capacity, 400 days of
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
			type MaxProfileIntervals = ConstU32<96>;
			type MaxProfilesPerBatch = ConstU32<16>;
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
		/// How many intervals one profile may have (96: a day of 15-minute intervals).
		#[pallet::constant]
		type MaxProfileIntervals: Get<u32>;
		/// How many profiles one gateway batch may carry.
		#[pallet::constant]
		type MaxProfilesPerBatch: Get<u32>;
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
		/// [`binding_payload`]`(genesis hash, device, caller)`: only who holds the meter binds it.
		///
		/// Origin: signed, the device's owner. Emits `MeterBound`. Errors: `UnknownDevice`,
		/// `NotDeviceOwner`, `DeviceNotApproved`, `DeviceSuspended`, `DeviceHasMeter`,
		/// `InvalidMeterKey`, `MeterAlreadyBound`, `BadProof`, and the currency's when the
		/// caller cannot hold the deposit.
		#[pallet::call_index(7)]
		pub fn bind_meter(
			origin: OriginFor<T>,
			device: DeviceId,
			meter: MeterKey,
			proof: MeterSignature,
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

		/// Submits one signed load profile, feeless: the profile itself authorizes the
		/// transaction. Every interval is checked by the reading rules; one bad interval refuses
		/// the whole profile. Beyond them, it must prove energy and end `FeelessInterval` after
		/// the meter's last reading (its baseline excepted), as a feeless reading.
		///
		/// Origin: authorized by the profile (a general transaction). Emits `ProfileAccepted`,
		/// and `EnergyUncertified` for energy before the device's high-water mark. Errors:
		/// `EmptyProfile`, `TooManyIntervals`, `InvalidInterval`, the reading rules' (crate
		/// docs), `NoEnergy`, `TooFrequent`.
		#[pallet::call_index(15)]
		#[pallet::weight(Pallet::<T>::submit_profile_weight(profile.profile.intervals()))]
		#[pallet::authorize(Pallet::<T>::authorize_profile)]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_profile_weight(profile))]
		pub fn submit_profile(
			origin: OriginFor<T>,
			profile: SignedProfile,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			Self::do_submit_profile(profile)
		}

		/// Submits a batch of signed load profiles from any meters, paying the fee. Each profile
		/// is checked on its own and refused whole if one of its intervals breaks a reading
		/// rule. Accepted profiles get no event each: they are in the block's body.
		///
		/// Origin: signed, any gateway. Emits `ProfileRejected` per refused profile (with the
		/// interval at fault), `EnergyUncertified` per profile with uncertified energy, then
		/// `BatchProcessed`. Errors: `EmptyBatch`, `TooManyProfiles`.
		#[pallet::call_index(16)]
		#[pallet::weight(Pallet::<T>::submit_profiles_weight(profiles))]
		pub fn submit_profiles(
			origin: OriginFor<T>,
			profiles: Vec<SignedProfile>,
		) -> DispatchResultWithPostInfo {
			let gateway = ensure_signed(origin)?;
			let charged = Self::submit_profiles_weight(&profiles);
			let refund = Self::do_submit_profiles(gateway, profiles)?;
			Ok(Some(charged.saturating_sub(refund)).into())
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

//! The records pallet-footprint keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use origo_primitives::registry::{UnixTime, Wh};
use scale_info::TypeInfo;

/// An accounting period, numbered from 0 in the order the chain opened them.
pub type PeriodId = u32;

/// Millijoules: the unit of the modelled energy, fine enough for one block's execution.
pub type Millijoules = u64;

/// Millijoules in one Wh.
pub const MILLIJOULES_PER_WH: Millijoules = 3_600_000;

/// The highest execution coefficient governance may set: a 1 kW core.
pub const MAX_PICOJOULES_PER_REF_TIME: u32 = 1_000;

/// The highest idle draw governance may set: a 10 kW server.
pub const MAX_IDLE_WATTS_PER_VALIDATOR: u32 = 10_000;

/// The coefficients of the energy model, set by governance.
///
/// One unit of `ref_time` weight is one picosecond of execution on the reference machine, so
/// picojoules per unit of `ref_time` are the watts the executing core draws.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Coefficients {
	/// Energy per unit of `ref_time` weight consumed, pJ (= the executing core's W). Every
	/// validator executes every block, so this counts once per validator.
	pub picojoules_per_ref_time: u32,
	/// What each validator draws when idle, W, over the time between blocks.
	pub idle_watts_per_validator: u32,
}

impl Coefficients {
	/// Whether both coefficients are within the bounds governance may set.
	pub fn is_within_bounds(&self) -> bool {
		self.picojoules_per_ref_time <= MAX_PICOJOULES_PER_REF_TIME
			&& self.idle_watts_per_validator <= MAX_IDLE_WATTS_PER_VALIDATOR
	}
}

/// One accounting period's consumption and offsets.
///
/// Metered and modelled consumption are kept side by side and never added: the period accounts
/// for the higher of the two ([`Self::accounted_wh`]), so a chain whose nodes meter only part of
/// their servers still accounts for at least the model, and a model that underestimates is
/// overruled by the meters.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct PeriodRecord {
	/// Its start, unix seconds.
	pub start: UnixTime,
	/// Its end (exclusive), unix seconds. It closes at the first block after this.
	pub end: UnixTime,
	/// Consumption the nodes' meters attested while it was open, Wh.
	pub metered_wh: Wh,
	/// Consumption the model estimated from the blocks produced while it was open, mJ.
	pub modelled_mj: Millijoules,
	/// Certificates retired for the chain's neutrality while it was open, Wh, the reserve's
	/// retirement at its close included.
	pub offset_wh: Wh,
	/// Of those, what the neutrality reserve retired at its close, Wh.
	pub reserve_wh: Wh,
	/// The chain's deficit the reserve could not cover at its close, Wh: everything consumed
	/// since genesis and not offset.
	pub shortfall_wh: Wh,
	/// Offsets beyond everything the chain accounted for since genesis at its close, Wh: carried
	/// over. With the shortfall, the running balance (`surplus - shortfall`).
	pub surplus_wh: Wh,
	/// Whether it has closed.
	pub closed: bool,
}

impl PeriodRecord {
	/// The modelled consumption in whole Wh, rounded up: offsets are never smaller than use.
	pub fn modelled_wh(&self) -> Wh {
		self.modelled_mj.div_ceil(MILLIJOULES_PER_WH)
	}

	/// What the period accounts for: the higher of metered and modelled consumption.
	pub fn accounted_wh(&self) -> Wh {
		self.metered_wh.max(self.modelled_wh())
	}
}

/// The chain's running account since genesis.
#[derive(
	Clone,
	Copy,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Standing {
	/// Metered consumption, Wh, all periods.
	pub metered_wh: Wh,
	/// Modelled consumption, mJ, all periods.
	pub modelled_mj: Millijoules,
	/// What the closed periods accounted for, Wh.
	pub accounted_closed_wh: Wh,
	/// Offsets, Wh, all periods.
	pub offset_wh: Wh,
	/// Of those, what the reserve retired, Wh.
	pub reserve_wh: Wh,
	/// Since when every Wh the chain accounted for has been offset, unix seconds; `None` while
	/// it is in deficit.
	pub neutral_since: Option<UnixTime>,
}

/// The chain's neutrality as the runtime API reports it.
#[derive(Clone, Encode, Decode, TypeInfo, PartialEq, Eq, Debug)]
pub struct NeutralityStatus<AccountId> {
	/// Whether offsets cover everything accounted for, the open period included.
	pub neutral: bool,
	/// Since when, unix seconds, if neutral.
	pub neutral_since: Option<UnixTime>,
	/// Accounted for and not offset, Wh.
	pub deficit_wh: Wh,
	/// Offset beyond what was accounted for, Wh.
	pub surplus_wh: Wh,
	/// Accounted for since genesis, the open period included, Wh.
	pub accounted_wh: Wh,
	/// Metered since genesis, Wh.
	pub metered_wh: Wh,
	/// Modelled since genesis, mJ.
	pub modelled_mj: Millijoules,
	/// Offset since genesis, Wh.
	pub offset_wh: Wh,
	/// Of that, retired from the reserve, Wh.
	pub reserve_wh: Wh,
	/// The open period, if one has opened.
	pub current: Option<(PeriodId, PeriodRecord)>,
	/// The energy model's coefficients.
	pub coefficients: Coefficients,
	/// The neutrality reserve: certificates sent here are retired as periods close.
	pub reserve: AccountId,
}

impl<AccountId> NeutralityStatus<AccountId> {
	/// The modelled consumption since genesis in whole Wh, rounded up, as periods count it.
	pub fn modelled_wh(&self) -> Wh {
		self.modelled_mj.div_ceil(MILLIJOULES_PER_WH)
	}
}

//! `origo devices`: owners register devices and remove them while pending or once rejected;
//! issuers approve, reject, suspend and reinstate them; anyone shows and lists them.

use super::{parse_time, parse_zone, report};
use crate::{
	chain::{origo, Chain, GlobalOptions},
	error::{Error, Result},
	keys::{account, SignerOptions},
	output::print,
};
use origo::runtime_types::pallet_meters::types::DeviceDeclaration;
use origo_primitives::registry::{DeviceKind, Location, Technology, UnixTime, Zone};
use origo_rpc_types::DeviceView;
use serde_json::json;
use subxt::rpcs::rpc_params;
use subxt::utils::Static;

/// Device commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
	/// Register a device (you become its owner); an issuer of its zone then approves it. The
	/// chain holds a deposit from you (Meters.DeviceDeposit) until you remove the device.
	///
	/// Example: origo devices register --name "Miami rooftop" --technology solar-pv
	/// --capacity-w 5000 --zone US-FL --commissioned 2024-06-01T00:00:00Z --suri //Ferdie
	Register {
		/// Its name or id in your books.
		#[arg(long)]
		name: String,
		/// How it makes electricity: solar-pv, solar-thermal, wind-onshore, wind-offshore,
		/// hydro-run-of-river, hydro-reservoir, marine, geothermal, biomass, nuclear, fossil,
		/// other.
		#[arg(long, value_parser = str::parse::<Technology>, default_value = "solar-pv")]
		technology: Technology,
		/// Nameplate capacity (or, for a consumer, maximum draw), W.
		#[arg(long)]
		capacity_w: u64,
		/// Its country or bidding zone.
		#[arg(long, value_parser = parse_zone)]
		zone: Zone,
		/// When it was commissioned (UTC time or unix seconds).
		#[arg(long, value_parser = parse_time)]
		commissioned: UnixTime,
		/// Latitude, degrees (with --longitude).
		#[arg(long, requires = "longitude", allow_hyphen_values = true)]
		latitude: Option<f64>,
		/// Longitude, degrees (with --latitude).
		#[arg(long, requires = "latitude", allow_hyphen_values = true)]
		longitude: Option<f64>,
		/// It consumes (a server, a site) instead of producing.
		#[arg(long)]
		consumption: bool,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Remove your device while pending or once rejected; its deposit is released.
	///
	/// Example: origo devices remove 3 --suri //Ferdie
	Remove {
		/// The device.
		device: u64,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Approve a device, as an issuer of its zone.
	///
	/// Example: origo devices approve 0 --suri //Dave
	Approve {
		/// The device.
		device: u64,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Reject a pending device, as an issuer of its zone.
	///
	/// Example: origo devices reject 0 --reason "capacity does not match the grid record" --suri //Dave
	Reject {
		/// The device.
		device: u64,
		/// Why.
		#[arg(long)]
		reason: String,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Suspend an approved device (its readings are refused), as an issuer of its zone.
	///
	/// Example: origo devices suspend 0 --reason "meter audit" --suri //Dave
	Suspend {
		/// The device.
		device: u64,
		/// Why.
		#[arg(long)]
		reason: String,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Reinstate a suspended device, as an issuer of its zone.
	///
	/// Example: origo devices reinstate 0 --suri //Dave
	Reinstate {
		/// The device.
		device: u64,
		#[command(flatten)]
		signer: SignerOptions,
	},
	/// Show a device, its meters and its certification account.
	///
	/// Example: origo devices show 0 --json
	Show {
		/// The device.
		device: u64,
	},
	/// List devices by owner or by zone.
	///
	/// Example: origo devices list --owner 5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL
	List {
		/// The owner's account.
		#[arg(long, conflicts_with = "zone", required_unless_present = "zone")]
		owner: Option<String>,
		/// The zone.
		#[arg(long, value_parser = parse_zone)]
		zone: Option<Zone>,
		/// Start after this device id (paging).
		#[arg(long)]
		start_after: Option<u64>,
		/// At most this many.
		#[arg(long, default_value_t = 100)]
		limit: u32,
	},
}

/// A device by id, as the auditor RPC returns it; an error if there is none.
pub async fn device(chain: &Chain, id: u64) -> Result<DeviceView> {
	let found: Option<DeviceView> = chain.rpc("origo_device", rpc_params![id]).await?;
	found.ok_or_else(|| Error(format!("there is no device {id}")))
}

/// Runs a device command.
pub async fn run(command: Command, chain: &Chain, global: &GlobalOptions) -> Result<()> {
	let meters = || origo::transactions().meters();
	match command {
		Command::Register {
			name,
			technology,
			capacity_w,
			zone,
			commissioned,
			latitude,
			longitude,
			consumption,
			signer,
		} => {
			let kind = if consumption { DeviceKind::Consumption } else { DeviceKind::Production };
			let declaration = DeviceDeclaration {
				name: name.into_bytes(),
				technology: Static(technology),
				capacity_w,
				zone: Static(zone),
				commissioned,
				location: latitude.zip(longitude).map(|(latitude, longitude)| {
					Static(Location::from_degrees(latitude, longitude))
				}),
				kind: Static(kind),
			};
			let included =
				chain.submit(&meters().register_device(declaration), &signer.signer()?).await?;
			report(global, "Device registered", &included)
		},
		Command::Remove { device, signer } => {
			let included = chain.submit(&meters().remove_device(device), &signer.signer()?).await?;
			report(global, "Device removed", &included)
		},
		Command::Approve { device, signer } => {
			let included =
				chain.submit(&meters().approve_device(device), &signer.signer()?).await?;
			report(global, "Device approved", &included)
		},
		Command::Reject { device, reason, signer } => {
			let tx = meters().reject_device(device, reason.into_bytes());
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Device rejected", &included)
		},
		Command::Suspend { device, reason, signer } => {
			let tx = meters().suspend_device(device, reason.into_bytes());
			let included = chain.submit(&tx, &signer.signer()?).await?;
			report(global, "Device suspended", &included)
		},
		Command::Reinstate { device, signer } => {
			let included =
				chain.submit(&meters().reinstate_device(device), &signer.signer()?).await?;
			report(global, "Device reinstated", &included)
		},
		Command::Show { device: id } => {
			print(global.json, &device(chain, id).await?);
			Ok(())
		},
		Command::List { owner, zone, start_after, limit } => {
			let api = origo::runtime_apis().meters_api();
			let ids = match (owner, zone) {
				(Some(owner), _) => {
					chain
						.runtime_api(api.devices_of_owner(account(&owner)?, start_after, limit))
						.await?
				},
				(None, Some(zone)) => {
					chain.runtime_api(api.devices_in_zone(Static(zone), start_after, limit)).await?
				},
				(None, None) => return Err(Error("pass --owner or --zone".into())),
			};
			let mut rows = Vec::new();
			for id in ids {
				let found = device(chain, id).await?;
				rows.push(json!({
					"id": id,
					"name": found.name,
					"kind": found.kind,
					"technology": found.technology,
					"zone": found.zone,
					"status": found.status,
					"verifiedWh": found.verified_wh,
				}));
			}
			print(global.json, &json!(rows));
			Ok(())
		},
	}
}

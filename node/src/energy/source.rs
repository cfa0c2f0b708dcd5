//! Where the energy reporter's figures come from: Linux RAPL counters, a file another tool keeps
//! updated, or the node process's CPU time times a watts-per-core figure.

use std::{
	fs,
	path::{Path, PathBuf},
};

/// Microjoules in one Wh.
pub const MICROJOULES_PER_WH: u128 = 3_600_000_000;

/// What one sample of a source says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
	/// The cumulative counter, Wh, as a meter reports it.
	CumulativeWh(u64),
	/// Energy used since the previous sample, µJ.
	DeltaMicrojoules(u128),
}

/// A source of energy figures.
pub trait EnergySource: Send {
	/// What it is, for logs.
	fn describe(&self) -> String;
	/// Reads it.
	fn sample(&mut self) -> Result<Sample, String>;
}

/// A file holding a cumulative Wh counter (one unsigned integer), kept by another tool such as a
/// smart-meter or PDU exporter.
pub struct FileSource {
	path: PathBuf,
}

impl FileSource {
	/// Checks the file can be read and holds a counter.
	pub fn open(path: &Path) -> Result<Self, String> {
		let source = Self { path: path.to_path_buf() };
		source.read()?;
		Ok(source)
	}

	fn read(&self) -> Result<u64, String> {
		let text = fs::read_to_string(&self.path)
			.map_err(|e| format!("cannot read energy file {}: {e}", self.path.display()))?;
		text.trim().parse::<u64>().map_err(|_| {
			format!(
				"energy file {} must hold one cumulative Wh counter (an unsigned integer), found {:?}",
				self.path.display(),
				text.trim()
			)
		})
	}
}

impl EnergySource for FileSource {
	fn describe(&self) -> String {
		format!("cumulative Wh counter in {}", self.path.display())
	}

	fn sample(&mut self) -> Result<Sample, String> {
		self.read().map(Sample::CumulativeWh)
	}
}

/// One RAPL power zone: its counter file, its wrap-around range and its last value.
struct RaplZone {
	energy_path: PathBuf,
	max_range_uj: u128,
	last_uj: u128,
}

/// Linux RAPL (running average power limit) counters: the top-level zones under
/// `/sys/class/powercap/intel-rapl:N` named `package-*` (their subzones, core, uncore and dram,
/// are parts of the package and are not added again). A `psys` zone (the whole platform, on
/// client machines) already includes the packages, so it is used only where there is no
/// package zone. The counters wrap at `max_energy_range_uj`: sampled at least once per wrap
/// (the reporter samples every minute), no wrap is missed.
pub struct RaplSource {
	root: PathBuf,
	zones: Vec<RaplZone>,
}

fn read_u128(path: &Path) -> Result<u128, String> {
	let text =
		fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
	text.trim()
		.parse()
		.map_err(|_| format!("{} does not hold a counter: {:?}", path.display(), text.trim()))
}

impl RaplSource {
	/// Finds the package zones under `root` (`/sys/class/powercap`); refuses when there are none
	/// readable, as in most virtual machines, rather than inventing figures.
	pub fn open(root: &Path) -> Result<Self, String> {
		let unavailable = |why: String| {
			format!(
				"RAPL energy counters are not available on this machine ({why}); virtual machines \
				 rarely expose them. Use --energy-source file or --energy-source cpu instead."
			)
		};
		let entries =
			fs::read_dir(root).map_err(|e| unavailable(format!("{}: {e}", root.display())))?;
		let mut names: Vec<String> = entries
			.filter_map(|entry| entry.ok()?.file_name().into_string().ok())
			.filter(|name| {
				name.strip_prefix("intel-rapl:").is_some_and(|rest| {
					!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
				})
			})
			.collect();
		names.sort();
		let zone_name = |name: &String| {
			fs::read_to_string(root.join(name).join("name")).map(|text| text.trim().to_string())
		};
		let named: Vec<(String, String)> = names
			.into_iter()
			.map(|name| {
				let kind = zone_name(&name).map_err(|e| {
					unavailable(format!(
						"cannot read {}: {e}",
						root.join(&name).join("name").display()
					))
				})?;
				Ok((name, kind))
			})
			.collect::<Result<_, String>>()?;
		let packages: Vec<String> = named
			.iter()
			.filter(|(_, kind)| kind.starts_with("package-"))
			.map(|(name, _)| name.clone())
			.collect();
		let names = if packages.is_empty() {
			named.into_iter().filter(|(_, kind)| kind == "psys").map(|(name, _)| name).collect()
		} else {
			packages
		};
		if names.is_empty() {
			return Err(unavailable(format!(
				"no intel-rapl:N package or psys zone under {}",
				root.display()
			)));
		}
		let zones = names
			.iter()
			.map(|name| {
				let zone = root.join(name);
				let energy_path = zone.join("energy_uj");
				Ok(RaplZone {
					last_uj: read_u128(&energy_path)?,
					max_range_uj: read_u128(&zone.join("max_energy_range_uj"))?,
					energy_path,
				})
			})
			.collect::<Result<Vec<_>, String>>()
			.map_err(unavailable)?;
		Ok(Self { root: root.to_path_buf(), zones })
	}
}

impl EnergySource for RaplSource {
	fn describe(&self) -> String {
		format!("RAPL, {} package zone(s) under {}", self.zones.len(), self.root.display())
	}

	fn sample(&mut self) -> Result<Sample, String> {
		let mut delta = 0u128;
		for zone in &mut self.zones {
			let now = read_u128(&zone.energy_path)?;
			// The counter wraps at max_energy_range_uj; sampled every minute, it wraps at most once
			// between two samples below range / 60 s (about 4 kW for the usual 262 kJ range).
			delta += if now >= zone.last_uj {
				now - zone.last_uj
			} else {
				zone.max_range_uj.saturating_sub(zone.last_uj) + now
			};
			zone.last_uj = now;
		}
		Ok(Sample::DeltaMicrojoules(delta))
	}
}

/// The node process's CPU time times the watts one busy core draws: an estimate, for machines
/// without meters or RAPL.
pub struct CpuSource {
	watts_per_core: f64,
	last_cpu_us: u128,
}

/// The CPU time this process has used, user and system, µs.
fn process_cpu_micros() -> u128 {
	// SAFETY: getrusage writes into the zeroed struct it is given and reads nothing else.
	let usage = unsafe {
		let mut usage: libc::rusage = std::mem::zeroed();
		libc::getrusage(libc::RUSAGE_SELF, &mut usage);
		usage
	};
	let micros = |t: libc::timeval| t.tv_sec.max(0) as u128 * 1_000_000 + t.tv_usec.max(0) as u128;
	micros(usage.ru_utime) + micros(usage.ru_stime)
}

impl CpuSource {
	/// Starts counting from now with `watts_per_core` (> 0, at most 1,000).
	pub fn new(watts_per_core: f64) -> Result<Self, String> {
		if !(watts_per_core > 0.0 && watts_per_core <= 1_000.0) {
			return Err(format!(
				"--energy-watts-per-core must be above 0 and at most 1000, got {watts_per_core}"
			));
		}
		Ok(Self { watts_per_core, last_cpu_us: process_cpu_micros() })
	}
}

impl EnergySource for CpuSource {
	fn describe(&self) -> String {
		format!("estimate: this process's CPU time x {} W per core", self.watts_per_core)
	}

	fn sample(&mut self) -> Result<Sample, String> {
		let now = process_cpu_micros();
		let cpu_us = now.saturating_sub(self.last_cpu_us);
		self.last_cpu_us = now;
		// µs x W = µJ.
		Ok(Sample::DeltaMicrojoules((cpu_us as f64 * self.watts_per_core) as u128))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn zone(root: &Path, name: &str, energy: u128, max: u128) {
		let dir = root.join(name);
		fs::create_dir_all(&dir).unwrap();
		fs::write(dir.join("energy_uj"), format!("{energy}\n")).unwrap();
		fs::write(dir.join("max_energy_range_uj"), format!("{max}\n")).unwrap();
		let index = name.trim_start_matches("intel-rapl:");
		let kind =
			if index.contains(':') { "core".to_string() } else { format!("package-{index}") };
		if !dir.join("name").exists() {
			fs::write(dir.join("name"), format!("{kind}\n")).unwrap();
		}
	}

	/// Security review L-6: a client machine's `psys` zone already includes its package.
	#[test]
	fn rapl_does_not_add_the_platform_zone_to_the_package() {
		let root = tempfile::tempdir().unwrap();
		fs::create_dir_all(root.path().join("intel-rapl:1")).unwrap();
		fs::write(root.path().join("intel-rapl:1").join("name"), "psys\n").unwrap();
		zone(root.path(), "intel-rapl:0", 100, 1_000);
		zone(root.path(), "intel-rapl:1", 100, 1_000);
		let mut rapl = RaplSource::open(root.path()).unwrap();
		assert!(rapl.describe().contains("1 package zone(s)"));
		zone(root.path(), "intel-rapl:0", 150, 1_000);
		zone(root.path(), "intel-rapl:1", 400, 1_000);
		assert_eq!(rapl.sample().unwrap(), Sample::DeltaMicrojoules(50));
		// Where there is no package zone, the platform zone counts alone.
		let client = tempfile::tempdir().unwrap();
		fs::create_dir_all(client.path().join("intel-rapl:0")).unwrap();
		fs::write(client.path().join("intel-rapl:0").join("name"), "psys\n").unwrap();
		zone(client.path(), "intel-rapl:0", 10, 1_000);
		let mut psys = RaplSource::open(client.path()).unwrap();
		zone(client.path(), "intel-rapl:0", 70, 1_000);
		assert_eq!(psys.sample().unwrap(), Sample::DeltaMicrojoules(60));
	}

	#[test]
	fn rapl_adds_the_packages_and_handles_wrap_around() {
		let root = tempfile::tempdir().unwrap();
		zone(root.path(), "intel-rapl:0", 900, 1_000);
		zone(root.path(), "intel-rapl:1", 10, 1_000);
		// A subzone is part of its package: never added again.
		zone(root.path(), "intel-rapl:0:0", 5, 1_000);
		let mut rapl = RaplSource::open(root.path()).unwrap();
		assert!(rapl.describe().contains("2 package zone(s)"));
		zone(root.path(), "intel-rapl:0", 50, 1_000);
		zone(root.path(), "intel-rapl:1", 30, 1_000);
		zone(root.path(), "intel-rapl:0:0", 500, 1_000);
		// Package 0 wrapped: 100 to the range, then 50; package 1: 20.
		assert_eq!(rapl.sample().unwrap(), Sample::DeltaMicrojoules(170));
		assert_eq!(rapl.sample().unwrap(), Sample::DeltaMicrojoules(0));
	}

	#[test]
	fn rapl_refuses_a_machine_without_counters() {
		let root = tempfile::tempdir().unwrap();
		let error = RaplSource::open(root.path()).err().unwrap();
		assert!(error.contains("RAPL energy counters are not available"), "{error}");
		let error = RaplSource::open(&root.path().join("missing")).err().unwrap();
		assert!(error.contains("Use --energy-source file"), "{error}");
	}

	#[test]
	fn rapl_refuses_an_unreadable_counter() {
		let root = tempfile::tempdir().unwrap();
		fs::create_dir_all(root.path().join("intel-rapl:0")).unwrap();
		let error = RaplSource::open(root.path()).err().unwrap();
		assert!(error.contains("name"), "{error}");
		fs::write(root.path().join("intel-rapl:0").join("name"), "package-0\n").unwrap();
		let error = RaplSource::open(root.path()).err().unwrap();
		assert!(error.contains("energy_uj"), "{error}");
	}

	#[test]
	fn the_file_source_reads_a_cumulative_counter_and_names_bad_content() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("wh");
		assert!(FileSource::open(&path).err().unwrap().contains("cannot read energy file"));
		fs::write(&path, "12.5\n").unwrap();
		assert!(FileSource::open(&path).err().unwrap().contains("unsigned integer"));
		fs::write(&path, "1200\n").unwrap();
		let mut source = FileSource::open(&path).unwrap();
		assert_eq!(source.sample().unwrap(), Sample::CumulativeWh(1_200));
		fs::write(&path, "1300").unwrap();
		assert_eq!(source.sample().unwrap(), Sample::CumulativeWh(1_300));
	}

	#[test]
	fn the_cpu_source_charges_cpu_time_at_the_given_watts() {
		assert!(CpuSource::new(0.0).is_err());
		assert!(CpuSource::new(f64::NAN).is_err());
		let mut cpu = CpuSource::new(10.0).unwrap();
		let started = std::time::Instant::now();
		let mut spin = 0u64;
		while started.elapsed() < std::time::Duration::from_millis(50) {
			spin = spin.wrapping_add(1);
		}
		assert!(spin > 0);
		let Sample::DeltaMicrojoules(uj) = cpu.sample().unwrap() else { panic!("a delta") };
		// At least ~40 ms of CPU at 10 W: 0.4 J.
		assert!(uj >= 300_000, "{uj} µJ");
	}
}

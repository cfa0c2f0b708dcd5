//! A throwaway PostgreSQL server for tests: Debian's `postgresql` package, a new cluster in a
//! temporary directory on a free port, stopped and deleted when dropped.

use crate::free_port;
use std::{
	path::{Path, PathBuf},
	process::Command,
};
use tempfile::TempDir;

/// A running PostgreSQL cluster with one database, `explorer`, owned by user `origo` (trust
/// authentication on loopback).
pub struct Postgres {
	dir: TempDir,
	bin: PathBuf,
	port: u16,
}

/// The directory of the newest installed PostgreSQL's programs (`initdb`, `pg_ctl`).
fn bin_dir() -> PathBuf {
	let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
		.expect("PostgreSQL is installed (Debian's postgresql package; scripts/env.sh installs it)")
		.flatten()
		.filter_map(|entry| {
			Some((entry.file_name().to_str()?.parse().ok()?, entry.path().join("bin")))
		})
		.collect();
	versions.sort();
	versions.pop().expect("a PostgreSQL version is installed").1
}

/// Runs `program` of PostgreSQL with `args` as a user PostgreSQL accepts: itself, or, for
/// root (which `initdb` refuses), the `postgres` user.
fn run(bin: &Path, program: &str, args: &[&str]) {
	assert!(try_run(bin, program, args), "{program} {args:?} failed");
}

/// [`run`], saying whether it succeeded.
fn try_run(bin: &Path, program: &str, args: &[&str]) -> bool {
	let path = bin.join(program);
	let status = if is_root() {
		Command::new("runuser").args(["-u", "postgres", "--"]).arg(&path).args(args).status()
	} else {
		Command::new(&path).args(args).status()
	};
	status.is_ok_and(|status| status.success())
}

fn is_root() -> bool {
	// SAFETY: `geteuid` only reads the process's credentials.
	unsafe { libc::geteuid() == 0 }
}

impl Postgres {
	/// Creates and starts the cluster, and creates the database.
	pub fn start() -> Self {
		let dir = tempfile::Builder::new()
			.prefix("origo-postgres-")
			.tempdir()
			.expect("a temporary directory can be made");
		if is_root() {
			let status = Command::new("chown")
				.args(["postgres:postgres"])
				.arg(dir.path())
				.status()
				.expect("chown runs");
			assert!(status.success(), "the postgres user owns the cluster's directory");
		}
		let bin = bin_dir();
		let port = free_port();
		let data = dir.path().join("data");
		let data = data.to_str().expect("temporary paths are UTF-8");
		let socket_dir = dir.path().to_str().expect("temporary paths are UTF-8");
		run(
			&bin,
			"initdb",
			&["-D", data, "-U", "origo", "--auth=trust", "-E", "UTF8", "--no-sync"],
		);
		let log = dir.path().join("postgres.log");
		let options = format!(
			"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off \
			 -c synchronous_commit=off"
		);
		run(
			&bin,
			"pg_ctl",
			&["-D", data, "-l", log.to_str().expect("UTF-8"), "-o", &options, "-w", "start"],
		);
		let port_text = port.to_string();
		run(&bin, "createdb", &["-h", "127.0.0.1", "-p", &port_text, "-U", "origo", "explorer"]);
		Self { dir, bin, port }
	}

	/// The database's URL.
	pub fn url(&self) -> String {
		format!("postgres://origo@127.0.0.1:{}/explorer", self.port)
	}
}

impl Drop for Postgres {
	fn drop(&mut self) {
		let data = self.dir.path().join("data");
		if let Some(data) = data.to_str() {
			try_run(&self.bin, "pg_ctl", &["-D", data, "-m", "immediate", "-w", "stop"]);
		}
	}
}

//! The `origo` client is typed from the runtime's metadata, committed in `cli/metadata/`. This
//! fails when the runtime changed and the file did not; `ORIGO_BLESS=1` rewrites it (then rebuild
//! the client).

use std::path::Path;

#[test]
fn the_clients_metadata_is_the_runtimes() {
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cli/metadata/origo.scale");
	let current = origo_runtime::Runtime::metadata_at_version(16)
		.expect("the runtime provides metadata v16")
		.to_vec();
	if std::env::var_os("ORIGO_BLESS").is_some() {
		std::fs::write(&path, &current).expect("the metadata file can be written");
	}
	let committed = std::fs::read(&path).unwrap_or_default();
	assert!(
		committed == current,
		"cli/metadata/origo.scale is not the runtime's metadata: run \
		 `ORIGO_BLESS=1 scripts/test metadata` and commit it"
	);
}

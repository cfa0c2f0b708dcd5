# Shared by the scripts: installs what a fresh machine lacks and sets the build's environment.
# Source it; it is idempotent and quick when everything is already there.
set -euo pipefail

# One target directory for every clone of the repository, so CI reuses a developer's build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/origo-target}"
mkdir -p "$CARGO_TARGET_DIR"
# The runtime's wasm build must find this workspace's Cargo.lock from outside the target dir.
export WASM_BUILD_WORKSPACE_HINT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Every build and test uses the same profile and features, so they share all artifacts.
ORIGO_CARGO_FLAGS=(--release --workspace --locked --features origo-node/runtime-benchmarks)

# The wasm runtime needs the wasm32v1-none target and the standard library's source.
installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32v1-none <<<"$installed_targets"; then
	rustup target add wasm32v1-none
fi
installed_components=$(rustup component list --installed)
for component in rust-src rustfmt clippy; do
	if ! grep -q "^$component" <<<"$installed_components"; then
		rustup component add "$component"
	fi
done

# Installs Debian packages, as root or through sudo.
apt_install() {
	local sudo_cmd=()
	[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@"
}

# libp2p's protocol buffers are compiled by protoc.
if ! command -v protoc >/dev/null; then
	apt_install protobuf-compiler
fi

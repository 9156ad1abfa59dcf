#!/usr/bin/env bash
# Builds opplan's Debian package with cargo-deb (configured in Cargo.toml,
# [package.metadata.deb]) and prints the path of the .deb on its last line.
#
#   packaging/build-deb.sh            a release build, then the package
#                                     (about ten minutes on two cores)
#   packaging/build-deb.sh --dev      no build: packages target/debug/opplan,
#                                     the binary `cargo test` already built
#                                     (what the package test does)
#   ... -o DIR                        write the .deb into DIR
#                                     (default target/debian)
#
# Install with: sudo apt install ./target/debian/opplan_*.deb
# Needs cargo-deb at the version in packaging/cargo-deb.version:
#   cargo install cargo-deb --locked --version "$(cat packaging/cargo-deb.version)"
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(cat packaging/cargo-deb.version)
have=$(cargo deb --version 2>/dev/null || true)
if [[ $have != *"$want"* ]]; then
  echo "build-deb.sh: cargo-deb $want is needed (found: ${have:-none});" \
    "install it with: cargo install cargo-deb --locked --version $want" >&2
  exit 3
fi
args=(--locked)
if [[ ${1:-} == --dev ]]; then
  shift
  # cargo-deb warns that the dev profile is meant for tests only: it is
  args+=(--profile dev --no-build --offline --fast)
fi
cargo deb "${args[@]}" "$@"

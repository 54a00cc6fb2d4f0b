#!/usr/bin/env bash
# Everything CI checks: formatting, lints, all tests, and the core building for WASM.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy (-D warnings)"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace
echo "== core for wasm32-unknown-unknown"
cargo build -p dockwright --target wasm32-unknown-unknown --release
echo "all checks passed"

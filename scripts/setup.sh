#!/usr/bin/env bash
# Install what a fresh Debian machine lacks to build and test dockwright.
# Every step runs only when its tool is missing, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

if ! have cargo; then
  echo "setup: cargo is missing; install Rust with rustup first (https://rustup.rs)" >&2
  exit 1
fi
if have rustup; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown' \
    || rustup target add wasm32-unknown-unknown
fi

# Peer tools (BuildKit's parser, hadolint, ...) for the comparison tests, only when the
# shared material sits beside the checkout (it does in CI).
peers=${PEERS_DIR:-$HOME/.cache/dockwright-peers}
if [ -f ../shared/peers/setup.sh ] && [ ! -x "$peers/venv/bin/hadolint" ]; then
  have jq || { apt-get update -qq && apt-get install -y -qq jq; }
  bash ../shared/peers/setup.sh
fi

#!/usr/bin/env bash
# Installs whatever this machine is missing to build (and, with "test", to test) Descent Lab.
# Idempotent: every step checks first, so a second run on a ready machine takes seconds.
#   scripts/setup.sh build   wasm target, wasm-bindgen-cli, Trunk, node packages (wasm-opt, bench peers)
#   scripts/setup.sh test    the above + Chromium, ChromeDriver and the DejaVu font (native drawing tests)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-build}"
WASM_BINDGEN_VERSION="0.2.130"   # must equal the wasm-bindgen pin in Cargo.toml
TRUNK_VERSION="0.21.14"          # newer Trunk needs a newer rustc than this machine has
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Not --locked: one locked dependency of this release is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing Trunk $TRUNK_VERSION (about 11 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION" --force
fi

# Node packages (pinned in package-lock.json): binaryen (a wasm-opt that produces modules browsers
# accept), playwright-core, and the peers of `make bench` (TensorFlow.js 4.22 with its wasm backend;
# only the benchmark loads them, never the page).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/@tensorflow/tfjs/dist/tf.min.js ] \
   || [ ! -f node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm ]; then
  say "installing node packages (npm ci)"
  npm ci --no-audit --no-fund
fi

if [ "$MODE" = "test" ]; then
  # The native tests draw every view as a bitmap with text, in this font (src/render/font.rs).
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    say "installing Chromium, ChromeDriver and fonts-dejavu-core from Debian"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-dejavu-core
  fi
fi
say "tools ready ($MODE)"

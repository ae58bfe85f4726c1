# Shared helpers for the scripts in this folder. Source it; it defines functions and PATH only.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Node tooling (binaryen's wasm-opt, playwright-core, ...) lives in tests/node_modules and comes
# first on PATH: Debian's wasm-opt 108 corrupts the externref table wasm-bindgen 0.2.130 emits.
export PATH="$repo_root/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export TRUNK_OFFLINE=true

step() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

optimize_wasm() {
  local file="$1"
  wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$file.opt" "$file"
  mv "$file.opt" "$file"
}

# Shared helpers for the scripts in this folder. Source it; it defines functions and PATH only.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Node tooling (binaryen's wasm-opt, playwright-core, ...) lives in tests/node_modules and comes
# first on PATH: Debian's wasm-opt 108 corrupts the externref table wasm-bindgen 0.2.130 emits.
export PATH="$repo_root/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export TRUNK_OFFLINE=true

step() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# The npm wasm's size pass. --converge repeats -Oz while it still shrinks the module: about 600
# bytes of gzip (of the 350 KB budget) for 20 s more per file.
# --low-memory-unused lets wasm-opt fold constant offsets into loads and stores (about 3 KB
# gzip): Rust's wasm32 linker puts the 1 MiB stack first, so the low 1 KiB is only ever the far
# end of a full stack, which the depth limits never reach.
# --merge-similar-functions (with --local-cse and --code-folding) before -Oz folds functions that
# differ only in constants into one (about 1 KB gzip; after -Oz it finds nothing left to merge).
# --rse (drop a local.set of the value the local holds already) before -Oz takes about 270
# bytes. (--ignore-implicit-traps would take as much again, but a stack overflow is caught only
# by the trap of a load out of bounds, so it stays off.)
optimize_wasm() {
  local file="$1"
  wasm-opt --merge-similar-functions --local-cse --code-folding --rse -Oz --converge --low-memory-unused --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$file.opt" "$file"
  mv "$file.opt" "$file"
}

# The Python peers (awscli, boto3, botocore, moto, cfn-lint, python-hcl2, pytest) in a venv from
# PyPI; reinstalled only when the pinned requirements change or an import fails.
peers_venv=target/peers-venv
ensure_peers_venv() {
  local requirements=tests/peers/requirements.txt stamp="$peers_venv/.muster-requirements"
  if [ ! -x "$peers_venv/bin/python" ]; then
    step "creating the Python venv for the peers ($peers_venv)"
    python3 -m venv "$peers_venv" || return 1
  fi
  if ! cmp -s "$requirements" "$stamp" \
    || ! "$peers_venv/bin/python" -c 'import awscli, boto3, botocore, moto, cfnlint, hcl2, pytest, yaml, ruamel.yaml' 2>/dev/null; then
    step "installing the Python peers (awscli, boto3, moto, cfn-lint, python-hcl2, pytest)"
    "$peers_venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" || return 1
    cp "$requirements" "$stamp"
  fi
}

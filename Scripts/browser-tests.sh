#!/usr/bin/env bash
# The web application's journeys in a real browser: `gongkai demo` on a fresh SQLite file, then
# Tests/Browser/journeys.py (Playwright driving Debian's chromium) against it.
#   Scripts/browser-tests.sh [BIN] [--screenshots DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/gongkai}
shift || true
work=$(mktemp -d)
port=${GONGKAI_BROWSER_PORT:-18080}
# A fixed day: deadlines fall in years the bundled calendar counts, and the run is repeatable.
as_of=2026-11-16
"$bin" demo --db "$work/demo.sqlite" --as-of "$as_of" --no-serve > "$work/seed.log"
"$bin" demo --db "$work/demo.sqlite" --as-of "$as_of" --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
python3 Tests/Browser/journeys.py "http://127.0.0.1:$port" --year 2025 "$@"

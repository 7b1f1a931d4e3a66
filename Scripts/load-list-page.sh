#!/usr/bin/env bash
# A bounded load test of the staff's request list on loopback: N synthetic requests in a fresh
# SQLite store, `gongkai serve` on 127.0.0.1, wrk for SECONDS on C connections, then stopped.
# Usage: Scripts/load-list-page.sh [gongkai] [N=10000] [SECONDS=30] [C=4]   (needs wrk: apt-get install wrk)
set -euo pipefail
bin=$(realpath "${1:-.build/release/gongkai}")
count=${2:-10000} seconds=${3:-30} connections=${4:-4}
dir=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$bin" office load --db "$dir/office.sqlite" --count "$count" >/dev/null
echo "password-clerk" | "$bin" staff add --db "$dir/office.sqlite" --name clerk --role clerk >/dev/null
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$dir/office.sqlite" --host 127.0.0.1 --port "$port" >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/session" -H 'Content-Type: application/json' \
  -d '{"name":"clerk","password":"password-clerk"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
echo "list pages of 50, $count requests stored, $connections connections, $seconds s:"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/applications?limit=50" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|errors"

#!/usr/bin/env bash
# A bounded load test of the web pages and the API on loopback (Docs/Performance.md):
# `gongkai demo`'s sample data plus 100,000 synthetic requests in a SQLite store, then wrk for
# 30 s on each mix of pages, 4 connections on 2 threads.
#   Scripts/web-load.sh [BIN] [REQUESTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/gongkai}
count=${2:-100000}
seconds=${3:-30}
work=${GONGKAI_LOAD_DIR:-/tmp/gongkai-web-load}
port=18090
mkdir -p "$work"
db="$work/load.sqlite"
if [ ! -f "$db" ]; then
  "$bin" demo --db "$db" --as-of 2026-11-16 --no-serve > /dev/null
  "$bin" office load --db "$db" --count "$count" --from 2024 --through 2025 | tail -1
fi
"$bin" demo --db "$db" --as-of 2026-11-16 --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"

# A logged-in member's session cookie (through the login form, as a browser logs in), and an API token.
log_in() {
  local jar="$work/cookies-$1"
  rm -f "$jar"
  curl -s -c "$jar" "$base/login" > /dev/null
  local csrf
  csrf=$(awk '$6 == "gongkai_csrf" {print $7}' "$jar")
  curl -s -b "$jar" -c "$jar" -o /dev/null --data "_csrf=$csrf&name=$1&password=gongkai-demo" "$base/login"
  awk '$6 == "gongkai_session" {print $7}' "$jar"
}
session=$(log_in clerk)
supervisor=$(log_in supervisor)
token=$(curl -s "$base/api/session" -H 'content-type: application/json' -d '{"name":"clerk","password":"gongkai-demo"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')

# Each mix of pages twice: wrk as fast as the server answers (its capacity), then a fixed 200
# requests/s with every latency counted from when the request was due (Scripts/rate-load.py).
mix() {  # mix NAME HEADER PATH...   (HEADER "Name: value", or "")
  local name=$1 header=$2
  shift 2
  local list="" lua_header=""
  for p in "$@"; do list="$list\"$p\","; done
  if [ -n "$header" ]; then lua_header="[\"${header%%: *}\"] = \"${header#*: }\""; fi
  cat > "$work/$name.lua" <<LUA
local paths = {$list}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {$lua_header})
end
LUA
  echo "== $name"
  wrk -t2 -c4 -d"${seconds}s" --latency -s "$work/$name.lua" "$base" | grep -E "Requests/sec|Non-2xx|50%|99%|Socket errors" | sed 's/^/  wrk: /'
  local args=()
  if [ -n "$header" ]; then args=(--header "$header"); fi
  printf '  200/s: '
  python3 Scripts/rate-load.py "$base" --rate 200 --seconds "$seconds" "${args[@]}" "$@"
}

mix public "" / /apply /track /reports /statistics /reports/2024
mix office "Cookie: gongkai_session=$session" /office/requests/DEMO-001 /office/requests/S1-1000-0000123 "/office/requests?state=closed" /office/items /office/reviews
mix desk "Cookie: gongkai_session=$session" /office "/office/requests?state=open"
mix api "Authorization: Bearer $token" /api/applications/S1-1000-0000042 "/api/applications?limit=50" /api/calendar/years "/api/deadline?from=2026-03-02"
mix supervision "Cookie: gongkai_session=$supervisor" "/supervision?year=2025" "/supervision/agencies/finance?year=2025"

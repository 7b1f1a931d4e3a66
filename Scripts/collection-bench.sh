#!/usr/bin/env bash
# The collection at national scale: a synthetic year of ~100,000 reports across a five-level
# register, collected into a store; then the year's status, findings and export timed.
#
#   Scripts/collection-bench.sh [BINARY] [AGENCIES] [STORE]
#
# BINARY defaults to .build/release/gongkai, AGENCIES to 100000, STORE to a new SQLite file
# (give postgres://… for PostgreSQL; the database must be empty). The reports are made once
# into /tmp/gongkai-bench-AGENCIES and kept for the next run.
set -euo pipefail
bin=${1:-.build/release/gongkai}
agencies=${2:-100000}
data=/tmp/gongkai-bench-$agencies
store=${3:-$data/collection-$$.sqlite}
year=2024

if [ ! -f "$data/register.csv" ]; then
  "$bin" collection synthesize --agencies "$agencies" --year "$year" -o "$data"
fi
reports=$(ls "$data/reports" | wc -l)
bytes=$(du -sb "$data/reports" | cut -f1)
echo "register: $agencies agencies; reports: $reports files, $((bytes / 1048576)) MB"
"$bin" agencies import "$data/register.csv" --db "$store"

seconds() { date +%s.%N; }
start=$(seconds)
/usr/bin/time -f "collect: %e s wall, %U s user, peak RSS %M KB" "$bin" collect "$data/reports" --db "$store" 2>&1 >/dev/null | grep -v '^collected'
end=$(seconds)
echo "collect: $(echo "$reports / ($end - $start)" | bc) reports/s"

timed() {
  local label=$1
  shift
  local s
  s=$(seconds)
  "$@" >/dev/null
  echo "$label: $(echo "($(seconds) - $s)" | bc | sed 's/^\./0./') s"
}
timed "status (--json)" "$bin" collection status --year "$year" --db "$store" --json
timed "findings (--json)" "$bin" collection findings --year "$year" --db "$store" --json
timed "missing (--json)" "$bin" collection missing --year "$year" --db "$store" --json
timed "export csv" "$bin" collection export --year "$year" --to csv -o "$data/export-$$.csv" --db "$store"
timed "export xlsx" "$bin" collection export --year "$year" --to xlsx -o "$data/export-$$.xlsx" --db "$store"
timed "export long csv" "$bin" collection export --year "$year" --to csv --long -o "$data/export-long-$$.csv" --db "$store"
ls -l "$data"/export*-$$.* | awk '{print "  " $5 " bytes  " $9}'
rm -f "$data"/export*-$$.*

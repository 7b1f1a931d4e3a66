#!/usr/bin/env bash
# The same year of an office's work, entered once through the command line and once through the
# JSON API (gongkai serve), must give the same annual report: both doors call the same use cases.
# Usage: Scripts/doors-agree.sh [path/to/gongkai]   (prints "doors agree: N cells" or fails)
set -euo pipefail
bin=$(realpath "${1:-.build/release/gongkai}")
dir=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
cd "$dir"

# The command line.
cli() { "$bin" "$@" --db cli.sqlite --by cli:test >/dev/null; }
cli case add --id A1 --applicant 自然人 --channel 在线 --received 2025-03-03 --request "某项目的环评批复"
cli case event A1 decided --on 2025-03-20 --outcome 予以公开 --basis "第二十七条"
cli case add --id A2 --applicant commercial --channel letter --received 2025-04-01 --submitted 2025-03-28 --request "某合同"
cli case event A2 correction-requested --on 2025-04-03 --due-by 2025-04-18
cli case event A2 correction-lapsed --on 2025-04-21
cli case add --id A3 --applicant natural --channel online --received 2025-06-02 --request "某会议纪要"
cli case event A3 fee-noticed --on 2025-06-10 --monthly-count 12
cli case event A3 fee-paid --on 2025-06-12
cli case event A3 decided --on 2025-06-25 --outcome partial --basis "第三十七条"
cli case add --id A4 --applicant 法律服务机构 --channel 当面 --received 2025-12-29 --request "某档案"
cli item add --id P1 --title "某办法" --category 1 --formed 2025-05-06 --document rules
cli review add --id R1 --route review --application A1 --filed 2025-05-01
cli review decide R1 --result upheld --on 2025-07-01
cli tally --year 2025 --licensing 12 --penalty 3 --coercion 1 --fees 0.5
"$bin" report --db cli.sqlite --year 2025 --agency 某镇人民政府 --problems "无" --to md -o cli.md
"$bin" parse cli.md --cells > cli.json

# The API, on a store of its own.
for role in admin clerk reviewer head; do echo "password-$role" | "$bin" staff add --db api.sqlite --name "$role" --role "$role" >/dev/null; done
port=$((20000 + RANDOM % 20000))
"$bin" serve --db api.sqlite --port "$port" >server.log 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
api() { # METHOD PATH TOKEN JSON
  curl -sf -X "$1" "http://127.0.0.1:$port$2" -H "Content-Type: application/json" ${3:+-H "Authorization: Bearer $3"} ${4:+--data "$4"}
}
token() { api POST /api/session "" "{\"name\":\"$1\",\"password\":\"password-$1\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
clerk=$(token clerk); reviewer=$(token reviewer); head=$(token head)
api POST /api/applications "$clerk" '{"id":"A1","applicant":"自然人","channel":"在线","receivedOn":"2025-03-03","request":"某项目的环评批复"}' >/dev/null
api POST /api/applications/A1/events "$reviewer" '{"kind":"decided","on":"2025-03-20","outcome":"予以公开","basis":"第二十七条"}' >/dev/null
api POST /api/applications "$clerk" '{"id":"A2","applicant":"commercial","channel":"letter","receivedOn":"2025-04-01","submittedOn":"2025-03-28","request":"某合同"}' >/dev/null
api POST /api/applications/A2/events "$clerk" '{"kind":"correction-requested","on":"2025-04-03","dueBy":"2025-04-18"}' >/dev/null
api POST /api/applications/A2/events "$clerk" '{"kind":"correction-lapsed","on":"2025-04-21"}' >/dev/null
api POST /api/applications "$clerk" '{"id":"A3","applicant":"natural","channel":"online","receivedOn":"2025-06-02","request":"某会议纪要"}' >/dev/null
api POST /api/applications/A3/events "$clerk" '{"kind":"fee-noticed","on":"2025-06-10","monthlyCount":12}' >/dev/null
api POST /api/applications/A3/events "$clerk" '{"kind":"fee-paid","on":"2025-06-12"}' >/dev/null
api POST /api/applications/A3/events "$reviewer" '{"kind":"decided","on":"2025-06-25","outcome":"partial","basis":"第三十七条"}' >/dev/null
api POST /api/applications "$clerk" '{"id":"A4","applicant":"法律服务机构","channel":"当面","receivedOn":"2025-12-29","request":"某档案"}' >/dev/null
api POST /api/items "$clerk" '{"id":"P1","title":"某办法","category":1,"formedOn":"2025-05-06","documentKind":"rules"}' >/dev/null
api POST /api/reviews "$clerk" '{"id":"R1","route":"review","applicationId":"A1","filedOn":"2025-05-01"}' >/dev/null
api POST /api/reviews/R1/decision "$clerk" '{"result":"upheld","on":"2025-07-01"}' >/dev/null
api PUT /api/tallies/2025 "$clerk" '{"year":2025,"licensingDecisions":12,"penaltyDecisions":3,"coercionDecisions":1,"adminFeesTenThousandYuan":"0.5"}' >/dev/null
api GET "/api/reports/2025?agency=%E6%9F%90%E9%95%87%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C" "$reviewer" > api.json

python3 - <<'PY'
import json, sys
cli = json.load(open("cli.json"))["cells"]
api = json.load(open("api.json"))["cells"]
differ = sorted(k for k in set(cli) | set(api) if cli.get(k) != api.get(k))
if differ or len(cli) < 150:
    print("the doors disagree:", [(k, cli.get(k), api.get(k)) for k in differ][:20], file=sys.stderr)
    sys.exit(1)
assert api["t3.granted.natural"] == 1 and api["t3.other_handling.no_correction.commercial"] == 1
assert api["t3.partial.natural"] == 1 and api["t3.carried_out.legal_service"] == 1 and api["t4.review.upheld"] == 1
print(f"doors agree: {len(cli)} cells")
PY

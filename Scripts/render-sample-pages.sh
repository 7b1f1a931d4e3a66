#!/usr/bin/env bash
# Regenerates the page images the README shows: a bundled sample report (Examples/) read,
# rendered to PDF in the official format (LibreOffice), and the pages with tables 二/三 and 四
# turned into PNG with pdftoppm.
#   Docs/images/sample-tables-2-3.png   tables 二 and 三
#   Docs/images/sample-table-4.png      table 四 and the closing sections
# Needs a release build (swift build -c release), libreoffice-writer, fonts-noto-cjk and
# poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-Examples/html/pingtan-2023.html}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p Docs/images
.build/release/gongkai render "$src" --to pdf -o "$tmp/report.pdf"
# The first page whose text holds each table's heading.
page_of() {
  local pages n
  pages=$(pdfinfo "$tmp/report.pdf" | awk '/^Pages:/ { print $2 }')
  for n in $(seq 1 "$pages"); do
    if pdftotext -f "$n" -l "$n" "$tmp/report.pdf" - | grep -q "$1"; then echo "$n"; return; fi
  done
  echo "no page holds $1" >&2
  exit 1
}
p3=$(page_of "三、收到和处理政府信息公开申请情况")
p4=$(page_of "四、政府信息公开行政复议")
pdftoppm -r 80 -png -f "$p3" -l "$p3" -singlefile "$tmp/report.pdf" Docs/images/sample-tables-2-3
pdftoppm -r 80 -png -f "$p4" -l "$p4" -singlefile "$tmp/report.pdf" Docs/images/sample-table-4
ls -l Docs/images

#!/usr/bin/env bash
# Regenerates the scanned-document fixtures from a corpus PDF with a text layer:
#   Tests/Fixtures/scan/hongze-qu-2023-pages-3-4.pdf  pages 3–4 (tables 二 and 三) as a PDF of
#                                                      gray 300 dpi JPEG scans, no text layer
#   Tests/Fixtures/scan/hongze-qu-2023-page-3.png     page 3 as a black-and-white 300 dpi PNG
#   Tests/Fixtures/pdf-broken/password.pdf            page 5, encrypted with a user password
# Needs poppler-utils, img2pdf and qpdf (Debian packages of those names).
set -euo pipefail
cd "$(dirname "$0")/.."
src=Tests/Fixtures/pdf/hongze-qu-2023.pdf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p Tests/Fixtures/scan Tests/Fixtures/pdf-broken
pdftoppm -r 300 -gray -jpeg -jpegopt quality=75 -f 3 -l 4 "$src" "$tmp/page"
img2pdf "$tmp"/page-*.jpg -o Tests/Fixtures/scan/hongze-qu-2023-pages-3-4.pdf
pdftoppm -r 300 -mono -png -f 3 -l 3 -singlefile "$src" Tests/Fixtures/scan/hongze-qu-2023-page-3
qpdf --empty --pages "$src" 5 -- "$tmp/page5.pdf"
qpdf --encrypt secret secret 256 -- "$tmp/page5.pdf" Tests/Fixtures/pdf-broken/password.pdf

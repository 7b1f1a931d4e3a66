#!/usr/bin/env bash
# libFuzzer on the readers and the checker: builds the reading libraries with coverage
# instrumentation (swift build --sanitize fuzzer, its own scratch folder), links each target of
# Fuzz/ against them, and runs it from the corpus documents as seeds.
# Usage: Scripts/fuzz.sh TARGET [RUNS=100000] [SECONDS=600]   TARGET: text | html | docx | pdf-layout | all
# Every input must end within a second in under 1 GiB: a crash, a slow input or too much memory
# stops the run with the input saved in .build-fuzz/findings/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?text, html, docx, pdf-layout or all}
runs=${2:-100000}
seconds=${3:-600}
build=.build-fuzz/release
if [ "$target" = all ]; then
  for t in text html docx pdf-layout; do "$0" "$t" "$runs" "$seconds"; done
  exit 0
fi
mkdir -p .build-fuzz
for module in GongkaiChecks GongkaiDocuments; do
  swift build -c release --sanitize fuzzer --scratch-path .build-fuzz -Xswiftc -enable-testing --target "$module" >.build-fuzz/build.log 2>&1 \
    || { cat .build-fuzz/build.log >&2; exit 2; }
done
objects=$(ls $build/GongkaiModel.build/*.o $build/GongkaiReading.build/*.o $build/GongkaiChecks.build/*.o $build/GongkaiDocuments.build/*.o)
swiftc -O -sanitize=fuzzer -parse-as-library -I $build/Modules -I Sources/CLibXML2 -I Sources/CZlibInflate -I Sources/CMalloc \
  -Xcc -I/usr/include/libxml2 "Fuzz/$target.swift" $objects -lxml2 -lz -o "$build/fuzz-$target"

# Seeds: the corpus documents of the target's kind (for the PDF layout, their word boxes).
seeds=.build-fuzz/seeds/$target
rm -rf "$seeds" && mkdir -p "$seeds" .build-fuzz/findings
case "$target" in
  text) cp Tests/Fixtures/seeds/*.txt Tests/Fixtures/text/*.txt "$seeds/" ;;
  html) for f in Tests/Fixtures/text/*.html; do tail -c +7 "$f" > "$seeds/$(basename "$f")"; done ;;
  docx) for f in Tests/Fixtures/docx/*.docx; do tail -c +5 "$f" > "$seeds/$(basename "$f")"; done ;;
  pdf-layout) for f in Tests/Fixtures/pdf/*.pdf; do pdftotext -bbox-layout "$f" "$seeds/$(basename "$f" .pdf).html"; done ;;
esac
for f in Tests/Fixtures/fuzz-finds/*; do
  case "$target:$f" in text:*.txt|html:*.html) cp "$f" "$seeds/" ;; docx:*.docx) tail -c +5 "$f" > "$seeds/$(basename "$f")" ;; esac
done
echo "fuzz-$target: up to $runs runs or $seconds s"
"$build/fuzz-$target" -runs="$runs" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=1024 -max_len=262144 \
  -artifact_prefix=".build-fuzz/findings/$target-" -print_final_stats=1 "$seeds" 2>&1 \
  | grep -E "^Done|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Test unit written" || true
# libFuzzer's own exit status is lost in the pipe: a finding is a file.
if ls .build-fuzz/findings/"$target"-* >/dev/null 2>&1; then echo "fuzz-$target: findings in .build-fuzz/findings/" >&2; exit 1; fi

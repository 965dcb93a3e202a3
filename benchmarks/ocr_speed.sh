#!/usr/bin/env bash
# Speed of comparing an image-only scan with a text-layer agreement (OCR),
# cold and warm, and peak memory. A text-layer pair of the same model is
# timed in the same hyperfine session as the baseline: the machine is shared
# and noisy, so read the medians as ratios to it.
#
#   cold: the cache folder is deleted before every run (every page is OCR'd)
#   warm: the cache is kept (hyperfine --warmup 1 fills it)
#
# Usage: bash benchmarks/ocr_speed.sh   (RUNS_COLD=3, RUNS_WARM=10)
# Needs Debian's hyperfine and GNU time, and ../shared/moa.
# Writes benchmarks/out/ocr-{cold,warm}.json and ocr-mem.time.
set -euo pipefail
cd "$(dirname "$0")/.."
M=../shared/moa
OUT=benchmarks/out
mkdir -p "$OUT"
CACHE=$(mktemp -d)
trap 'rm -rf "$CACHE"' EXIT
SCAN="$M/LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf"      # 11 pages, no text layer
TEXT="$M/GraysonCountyDCKY_JEM_MOA_030425.pdf"            # 11 pages, born-digital
BASE="$M/HamiltonCoIN_JEM_MOA_03.03.2025.pdf"             # 11 pages, scanner's OCR layer
MD=.venv/bin/moadiff
# A 12-page image-only agreement: Galveston's 2020 JEM printed to page images
# (200 dpi, slight blur and rotation: the image-only benchmark's treatment).
SCAN12="$CACHE/galveston-image-only.pdf"
.venv/bin/python -c "import random; from benchmarks.ocrnoise import image_only; \
image_only('$M/287gJEM_GalvestonCoTX_06-08-2020.pdf', '$SCAN12', random.Random(1))"

hyperfine --runs "${RUNS_COLD:-3}" -i --export-json "$OUT/ocr-cold.json" \
  --prepare "rm -rf $CACHE/c" \
  -n "cold: scan vs text (OCR 11 pages)" "$MD compare $TEXT $SCAN --cache-dir $CACHE/c -o /dev/null -f json" \
  -n "cold: 12-page image-only vs text (OCR 12 pages)" "$MD compare $TEXT $SCAN12 --cache-dir $CACHE/c -o /dev/null -f json" \
  -n "baseline: text vs text" "$MD compare $TEXT $BASE --cache-dir $CACHE/c -o /dev/null -f json"
hyperfine --runs "${RUNS_WARM:-10}" --warmup 1 -i --export-json "$OUT/ocr-warm.json" \
  -n "warm: scan vs text (cached OCR)" "$MD compare $TEXT $SCAN --cache-dir $CACHE/w -o /dev/null -f json" \
  -n "warm: 12-page image-only vs text (cached OCR)" "$MD compare $TEXT $SCAN12 --cache-dir $CACHE/w -o /dev/null -f json" \
  -n "baseline: text vs text" "$MD compare $TEXT $BASE --cache-dir $CACHE/w -o /dev/null -f json"
rm -rf "$CACHE/m"
/usr/bin/time -v -o "$OUT/ocr-mem.time" $MD compare "$TEXT" "$SCAN" --cache-dir "$CACHE/m" -o /dev/null -f json || true
grep -E "Maximum resident|Elapsed" "$OUT/ocr-mem.time"

#!/usr/bin/env bash
# Warm runs (everything served from the cache) of this tree against another
# build of moadiff, in one hyperfine session each, so that the ratio holds
# on a shared, noisy machine: what reading the cache costs.
#
#   single: `moadiff compare` of an image-only scan (11 pages, every page's
#           OCR from the cache) with a born-digital agreement
#   batch:  `moadiff batch` of the benchmark corpus against its baselines
#           (benchmarks/batch.sh's corpus; every parsed document and
#           comparison from the cache)
#
# Usage: bash benchmarks/cache_speed.sh OTHER_TREE   (RUNS=10)
#   OTHER_TREE: a checkout of another moadiff (e.g. `git worktree add --detach
#   /tmp/base main`), run with this venv and PYTHONPATH=OTHER_TREE.
# Each build fills its own cache first (hyperfine --warmup 1). Needs
# hyperfine, ../shared/moa and benchmarks/out/corpus (bash benchmarks/batch.sh
# makes it). Writes benchmarks/out/cache-{single,batch}.json.
set -euo pipefail
cd "$(dirname "$0")/.."
other=$(cd "${1:?usage: bash benchmarks/cache_speed.sh OTHER_TREE}" && pwd)
M=../shared/moa
OUT=benchmarks/out
corpus=$OUT/corpus
runs=${RUNS:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MD="$PWD/.venv/bin/moadiff"
SCAN="$M/LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf"
TEXT="$M/GraysonCountyDCKY_JEM_MOA_030425.pdf"
mapfile -t baselines < <(.venv/bin/python -c '
import json, sys
for b in json.load(open(sys.argv[1] + "/truth.json"))["baselines"]:
    print("--baseline " + sys.argv[1] + "/" + b["file"])' "$corpus")

hyperfine --runs "$runs" --warmup 1 -i --export-json "$OUT/cache-single.json" \
  -n "this tree: warm compare scan vs text" "$MD compare $TEXT $SCAN --cache-dir $tmp/new -o /dev/null -f json" \
  -n "other: warm compare scan vs text" \
  "env PYTHONPATH=$other $MD compare $TEXT $SCAN --cache-dir $tmp/old -o /dev/null -f json"
hyperfine --runs "$runs" --warmup 1 -i --export-json "$OUT/cache-batch.json" \
  -n "this tree: warm batch" \
  "$MD batch $corpus/agreements ${baselines[*]} -o $tmp/out-new --cache-dir $tmp/new -j 2" \
  -n "other: warm batch" \
  "env PYTHONPATH=$other $MD batch $corpus/agreements ${baselines[*]} -o $tmp/out-old --cache-dir $tmp/old -j 2"
du -sh "$tmp/new" "$tmp/old"

#!/usr/bin/env bash
# The scaling curve of `moadiff batch` in cluster mode (no baseline), cold:
# wall time, CPU time of the whole process tree (user + sys, which a loaded
# machine disturbs less than wall time) and peak memory of the tree (PSS,
# benchmarks/treemem.py), for the first N agreements of a generated corpus.
#
# Usage: bash benchmarks/curve.sh CORPUS N...   (JOBS=2)
#   CORPUS: a folder made by `python -m benchmarks.corpus --count 400 --seed 1 --out CORPUS`
#   e.g.    bash benchmarks/curve.sh benchmarks/out/corpus400 50 100 200 400
# Writes benchmarks/out/curve-N.{json,time,stderr} and prints one line per N.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: bash benchmarks/curve.sh CORPUS N...}
shift
out=benchmarks/out
jobs=${JOBS:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%6s %9s %9s %10s %9s\n' N wall_s cpu_s peak_pss clusters
for n in "$@"; do
  mkdir -p "$tmp/in-$n"
  find "$corpus/agreements" -type f | sort | sed -n "1,${n}p" | while read -r f; do ln -s "$(realpath "$f")" "$tmp/in-$n/"; done
  /usr/bin/time -v -o "$out/curve-$n.time" .venv/bin/python -m benchmarks.treemem --json "$out/curve-$n.json" -- \
    .venv/bin/moadiff batch "$tmp/in-$n" -o "$tmp/out-$n" --cache-dir "$tmp/cache-$n" -j "$jobs" \
    2>"$out/curve-$n.stderr" >/dev/null || true
  .venv/bin/python - "$out/curve-$n" "$n" "$tmp/out-$n/summary.json" <<'PY'
import json, re, sys
base, n, summary = sys.argv[1], sys.argv[2], sys.argv[3]
mem = json.load(open(base + ".json"))
t = open(base + ".time").read()
cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", t).group(1)) for k in ("User", "System"))
clusters = len(json.load(open(summary))["clusters"])
print(f"{n:>6} {mem['wall_s']:>9.1f} {cpu:>9.1f} {mem['peak_tree_pss_mb']:>7.0f} MB {clusters:>9}")
PY
  rm -rf "$tmp/cache-$n" "$tmp/out-$n"
done

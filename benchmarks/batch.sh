#!/usr/bin/env bash
# Speed and peak memory of `moadiff batch` on the benchmark corpus
# (benchmarks/corpus.py: 100 agreements, 20% of them DOCX, and one baseline per
# model), cold and warm. Raw text extraction of the same files
# (benchmarks/raw_extract.py: pypdfium2 for the PDFs, python-docx for the DOCX,
# one process) is timed in the same hyperfine session: the machine is shared
# and noisy, so read the medians as ratios to it.
#
#   cold: the output folder and the cache are deleted before every run
#   warm: both kept from the run before (hyperfine --warmup 1 fills them)
#
# Peak memory. /usr/bin/time -v's "Maximum resident set size" is the kernel's
# ru_maxrss of the children it waited for: the peak of the largest *single*
# process, not of the process tree. Checked: a pool of two workers holding
# 300 MB each at the same time reads 311 MB there, while the tree held 616 MB.
# So each memory run goes through benchmarks/treemem.py too, which samples the
# tree from /proc every 50 ms and reports the peak sum of PSS (shared pages
# split between the processes that share them), the peak sum of RSS and the
# largest process. (/usr/bin/time wraps treemem, a ~15 MB Python process, so
# its figure is still that of the largest moadiff process.)
#
# Usage: bash benchmarks/batch.sh [--raw-only]
#   --raw-only  time the raw-extraction baseline alone (works without `moadiff batch`)
# Environment: RUNS_COLD (3), RUNS_WARM (5), JOBS (2); COUNT (100) when the
# corpus has to be generated. Needs Debian's hyperfine and GNU time.
# Writes benchmarks/out/batch-{cold,warm}.json (hyperfine),
# batch-mem-{cold,warm}.{json,time} and batch-summary.json.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MOADIFF=${MOADIFF:-.venv/bin/moadiff}  # override to measure another build
out=benchmarks/out
corpus=$out/corpus
batch_out=$out/batch
cache=$out/cache
jobs=${JOBS:-2}
runs_cold=${RUNS_COLD:-3}
runs_warm=${RUNS_WARM:-5}
raw_only=0
case "${1:-}" in
  --raw-only) raw_only=1 ;;
  "") ;;
  *) echo "usage: bash benchmarks/batch.sh [--raw-only]" >&2; exit 2 ;;
esac

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "batch.sh: $tool is not installed" >&2; exit 2; }
done
if (( ! raw_only )) && ! "$MOADIFF" batch --help >/dev/null 2>&1; then
  echo "batch.sh: 'moadiff batch' is not available from $MOADIFF (no batch command in this moadiff)." >&2
  echo "batch.sh: 'bash benchmarks/batch.sh --raw-only' times the raw-extraction baseline alone." >&2
  exit 2
fi

mkdir -p "$out"
if [[ ! -f $corpus/truth.json || ! -d $corpus/agreements ]]; then
  echo "batch.sh: no corpus in $corpus; generating it" >&2
  "$PY" -m benchmarks.corpus --count "${COUNT:-100}" --seed 1 --out "$corpus" --jobs "$jobs"
fi
mapfile -t baselines < <("$PY" -c '
import json, sys
for b in json.load(open(sys.argv[1] + "/truth.json"))["baselines"]:
    print(sys.argv[1] + "/" + b["file"])' "$corpus")
n_agreements=$(find "$corpus/agreements" -type f | wc -l)
n_docx=$(find "$corpus/agreements" -type f -name '*.docx' | wc -l)
n_files=$((n_agreements + ${#baselines[@]}))
echo "corpus: $n_agreements agreements ($n_docx DOCX) in $corpus/agreements, ${#baselines[@]} baselines" >&2

raw_name="raw text of the $n_files files"
raw="$PY -m benchmarks.raw_extract $corpus/agreements $corpus/baselines"
batch_args=("$MOADIFF" batch "$corpus/agreements" -o "$batch_out")
for b in "${baselines[@]}"; do batch_args+=(--baseline "$b"); done
batch_args+=(--cache-dir "$cache" --jobs "$jobs")
batch="${batch_args[*]}"  # no path here has a space in it (the corpus's file names do, but batch gets the folder)
clean="rm -rf $batch_out $cache"

if (( raw_only )); then
  hyperfine --warmup 1 --runs "$runs_warm" --export-json "$out/batch-raw.json" -n "$raw_name" "$raw"
  exit 0
fi

# One run with the memory measured, which also checks that the command works.
memory_run() {  # $1: cold | warm
  local status=0
  /usr/bin/time -v -o "$out/batch-mem-$1.time" \
    "$PY" -m benchmarks.treemem --label "$1" --json "$out/batch-mem-$1.json" -- "${batch_args[@]}" \
    >"$out/batch-$1.stdout" 2>"$out/batch-$1.stderr" || status=$?
  tail -n 1 "$out/batch-$1.stderr" >&2
  if (( status > 1 )); then
    # 1 = differences found; 2 = some file failed (or worse).
    echo "batch.sh: moadiff batch exited with $status ($1 run); its stderr is in $out/batch-$1.stderr:" >&2
    grep -v '^treemem' "$out/batch-$1.stderr" | head -n 5 >&2
    if [[ ! -e $batch_out/summary.json ]]; then
      echo "batch.sh: no $batch_out/summary.json: giving up" >&2
      exit 2
    fi
  fi
}

echo "== cold: memory" >&2
$clean
memory_run cold
echo "== cold: time" >&2
hyperfine --prepare "$clean" --runs "$runs_cold" --ignore-failure --export-json "$out/batch-cold.json" \
  -n "$raw_name" "$raw" -n "moadiff batch, cold" "$batch"
echo "== warm: memory" >&2
memory_run warm
echo "== warm: time" >&2
hyperfine --warmup 1 --runs "$runs_warm" --ignore-failure --export-json "$out/batch-warm.json" \
  -n "$raw_name" "$raw" -n "moadiff batch, warm" "$batch"

"$PY" - "$out" "$n_agreements" "$n_docx" "${#baselines[@]}" "$jobs" <<'PY'
import json, re, sys
from pathlib import Path
out, n, n_docx, n_base, jobs = Path(sys.argv[1]), *map(int, sys.argv[2:])
summary = {"agreements": n, "docx": n_docx, "baselines": n_base, "jobs": jobs}
print(f"\nmoadiff batch on {n} agreements ({n_docx} DOCX) and {n_base} baselines, --jobs {jobs}")
print(f"{'':34}{'median':>9}{'min':>9}{'max':>9}{'runs':>6}{'x raw':>8}")
for phase in ("cold", "warm"):
    results = json.load(open(out / f"batch-{phase}.json"))["results"]
    raw = next(r for r in results if r["command"].startswith("raw"))
    for r in results:
        ratio = r["median"] / raw["median"]
        name = f"{r['command'][:26]} ({phase})" if r is raw else r["command"]
        print(f"{name[:33]:34}{r['median']:>8.2f}s{r['min']:>8.2f}s{r['max']:>8.2f}s{len(r['times']):>6}"
              f"{ratio:>8.1f}")
        summary.setdefault(phase, {})["raw" if r is raw else "batch"] = {
            "median_s": round(r["median"], 3), "min_s": round(r["min"], 3), "max_s": round(r["max"], 3),
            "runs": len(r["times"]), "exit_codes": sorted(set(r.get("exit_codes", []))), "ratio_to_raw": round(ratio, 2)}
for phase in ("cold", "warm"):
    mem = json.load(open(out / f"batch-mem-{phase}.json"))
    time_v = (out / f"batch-mem-{phase}.time").read_text()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_v)
    maxrss = int(m.group(1)) / 1024 if m else float("nan")
    print(f"peak memory, {phase}: process tree {mem['peak_tree_pss_mb']:.0f} MB PSS "
          f"({mem['peak_tree_rss_mb']:.0f} MB RSS summed, up to {mem['max_processes']} processes); "
          f"largest process {mem['peak_single_rss_mb']:.0f} MB sampled, {maxrss:.0f} MB by /usr/bin/time -v; "
          f"{mem['wall_s']:.1f} s, exit {mem['exit_status']}")
    summary[phase]["memory"] = mem | {"time_v_max_rss_mb": round(maxrss, 1)}
(out / "batch-summary.json").write_text(json.dumps(summary, indent=2) + "\n")
PY

#!/usr/bin/env bash
# End-to-end speed of one comparison against raw text extraction of the same
# two files, measured together (the machine is shared and noisy: compare the
# medians as a ratio; CPU time, the mean user + system of the process tree, is
# steadier than the clock under load). Needs Debian's hyperfine.
# Usage: bash benchmarks/speed.sh
#        BASE=/path/to/another/checkout bash benchmarks/speed.sh   # that checkout's json and html runs too,
#        in the same hyperfine run (with this checkout's .venv), to compare two versions of the code
set -euo pipefail
cd "$(dirname "$0")/.."
# Timed as a user's install runs: pip compiles the package's bytecode when it
# installs it, so a run never compiles moadiff's modules from source. A shell
# that sets PYTHONDONTWRITEBYTECODE would make every run do so; unset here.
unset PYTHONDONTWRITEBYTECODE
MOA=../shared/moa
OLD=$MOA/287gJEM_GalvestonCoTX_06-08-2020.pdf   # 12 pages, OCR text layer
NEW=$MOA/287gWSO_HernandoCoFl2019-05-06.pdf     # 12 pages, OCR text layer
PY=.venv/bin/python
out=benchmarks/out; mkdir -p "$out"
base=()
if [ -n "${BASE:-}" ]; then
  here=$PWD a=$(realpath "$OLD") b=$(realpath "$NEW")
  base=(-n "BASE compare -> json" "cd $BASE && $here/$PY -m moadiff compare $a $b -o $here/$out/speed-base.json"
        -n "BASE compare -> html" "cd $BASE && $here/$PY -m moadiff compare $a $b -o $here/$out/speed-base.html")
fi
hyperfine --warmup 2 --runs ${RUNS:-15} --ignore-failure --export-json "$out/speed.json" \
  -n "raw pypdfium2 text (2 files)" "$PY -m benchmarks.raw_extract $OLD $NEW" \
  -n "moadiff compare -> json" "$PY -m moadiff compare $OLD $NEW -o $out/speed-report.json" \
  -n "moadiff compare -> html" "$PY -m moadiff compare $OLD $NEW -o $out/speed-report.html" \
  "${base[@]}" \
  -n "moadiff compare --engine pdfplumber" "$PY -m moadiff compare --engine pdfplumber $OLD $NEW -o $out/speed-plumber.json"
$PY - "$out/speed.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
raw = r["raw pypdfium2 text (2 files)"]
base, cpu = raw["median"], raw["user"] + raw["system"]
for name, x in r.items():
    print(f"{name:40s} median {x['median']:.3f} s   ratio to raw {x['median'] / base:.2f}   "
          f"CPU (mean) {x['user'] + x['system']:.3f} s   ratio to raw {(x['user'] + x['system']) / cpu:.2f}")
PY

#!/usr/bin/env bash
# End-to-end speed of one comparison against raw text extraction of the same
# two files, measured together (the machine is shared and noisy: compare the
# medians as a ratio; CPU time, the mean user + system of the process tree, is
# steadier than the clock under load). Needs Debian's hyperfine.
#
#   cold: moadiff's cache is emptied before every run, as on a first
#         comparison of the pair (the re-reading stage reads the scans'
#         doubtful regions with Tesseract: reread.py)
#   cold, word list kept: the same but for the word list, which the first
#         run with a cache folder makes there once (lexicon.py: about 0.15 s),
#         as a first comparison of the pair on a machine that compared before
#   warm: the cache kept from the run before (the warm-up runs fill it)
#
# The pair is two 12-page scans with OCR text layers, of two agencies and two
# models (the most edits, so the most regions to read again); a pair of
# born-digital agreements (nothing to read again: cold is warm) is timed too.
# Usage: bash benchmarks/speed.sh
#        BASE=/path/to/another/checkout bash benchmarks/speed.sh   # that checkout's cold json and html runs too,
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
DIG_OLD=$MOA/SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf   # 14 pages, born-digital
DIG_NEW=$MOA/ArcadiaPDFL_TFM_MOA_030425.pdf                 # 14 pages, born-digital
PY=.venv/bin/python
out=benchmarks/out; mkdir -p "$out"
cache=$out/speed-cache
empty="rm -rf $cache"
# Everything but the word list (made by the warm-up runs).
fresh="mkdir -p $cache && find $cache -mindepth 1 ! -name 'words-*' -delete"
run=(-n "raw pypdfium2 text (2 files)" --prepare true "$PY -m benchmarks.raw_extract $OLD $NEW"
     -n "moadiff compare -> json, cold" --prepare "$empty" "$PY -m moadiff compare --cache-dir $cache $OLD $NEW -o $out/speed-report.json"
     -n "moadiff compare -> html, cold" --prepare "$empty" "$PY -m moadiff compare --cache-dir $cache $OLD $NEW -o $out/speed-report.html")
if [ -n "${BASE:-}" ]; then
  here=$PWD a=$(realpath "$OLD") b=$(realpath "$NEW") c=$(realpath -m "$cache")
  run+=(-n "BASE compare -> json, cold" --prepare "rm -rf $c" "cd $BASE && $here/$PY -m moadiff compare --cache-dir $c $a $b -o $here/$out/speed-base.json"
        -n "BASE compare -> html, cold" --prepare "rm -rf $c" "cd $BASE && $here/$PY -m moadiff compare --cache-dir $c $a $b -o $here/$out/speed-base.html")
fi
run+=(-n "moadiff compare -> json, warm" --prepare true "$PY -m moadiff compare --cache-dir $cache-warm $OLD $NEW -o $out/speed-report.json"
      -n "moadiff compare -> html, warm" --prepare true "$PY -m moadiff compare --cache-dir $cache-warm $OLD $NEW -o $out/speed-report.html"
      -n "moadiff compare --engine pdfplumber, warm" --prepare true "$PY -m moadiff compare --cache-dir $cache-warm --engine pdfplumber $OLD $NEW -o $out/speed-plumber.json"
      -n "raw pypdfium2 text (born-digital pair)" --prepare true "$PY -m benchmarks.raw_extract $DIG_OLD $DIG_NEW"
      -n "born-digital pair -> html, cold" --prepare "$empty" "$PY -m moadiff compare --cache-dir $cache $DIG_OLD $DIG_NEW -o $out/speed-digital.html"
      -n "born-digital pair -> html, cold, word list kept" --prepare "$fresh" "$PY -m moadiff compare --cache-dir $cache $DIG_OLD $DIG_NEW -o $out/speed-digital.html"
      -n "moadiff compare -> json, cold, word list kept" --prepare "$fresh" "$PY -m moadiff compare --cache-dir $cache $OLD $NEW -o $out/speed-report.json")
hyperfine --warmup 2 --runs ${RUNS:-15} --ignore-failure --export-json "$out/speed.json" "${run[@]}"
$PY - "$out/speed.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for name, x in r.items():
    raw = r["raw pypdfium2 text (born-digital pair)" if "born-digital" in name else "raw pypdfium2 text (2 files)"]
    base, cpu = raw["median"], raw["user"] + raw["system"]
    print(f"{name:42s} median {x['median']:.3f} s   ratio to raw {x['median'] / base:.2f}   "
          f"CPU (mean) {x['user'] + x['system']:.3f} s   ratio to raw {(x['user'] + x['system']) / cpu:.2f}")
PY

"""Where one comparison's time goes: each stage of the pipeline, timed in this process.

    .venv/bin/python benchmarks/stages.py OLD NEW [--runs 5]

Reads both files in this process (no reader children), then times each stage
of :func:`moadiff.pipeline.compare_parsed` as it calls them, and the JSON and
HTML renderers. Each run is a fresh interpreter (the stages keep caches of
their own, so a second run in one process would be faster than any real
one); the table gives each stage's median over the runs, in CPU milliseconds
(``time.process_time``: steadier than the clock on a shared machine).

To measure another checkout with the same interpreter, set
``PYTHONPATH=<checkout>``: this file is run by its path, so the working
directory does not come first on the import path (as it would with ``-m``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from typing import Any


def _one(old: str, new: str) -> dict[str, float]:
    """One run: CPU seconds of each stage."""
    started = time.process_time()
    from moadiff import lexicon, output, pipeline
    from moadiff.align import align
    from moadiff.cache import default_dir
    from moadiff.caveats import caveats
    from moadiff.extractors import extract_all
    from moadiff.fillins import label_fillins
    from moadiff.model import Options, Resources
    from moadiff.moves import find_moves
    from moadiff.noise import label_noise
    from moadiff.reread import rereader, settle
    from moadiff.watch import mark_watched
    from moadiff.xrefs import stale_references

    times: dict[str, float] = {"imports": time.process_time() - started}

    def timed(name: str, fn: Any, *args: Any) -> Any:
        start = time.process_time()
        result = fn(*args)
        times[name] = times.get(name, 0.0) + time.process_time() - start
        return result

    options = Options()
    timed("word list", lexicon.load, default_dir())
    docs = timed("extract (both files)", extract_all, [old, new], options,
                 Resources(isolate=False, cache_dir=default_dir()))
    parsed = [timed("clean, segment, profile", pipeline.parsed, d, options) for d in docs]
    o, n = timed("recut", pipeline._recovered, *parsed)
    pairings = timed("align", align, o.clauses, n.clauses, options)
    changes = timed("word diff", lambda: [pipeline._change(p) for p in pairings])
    changes = timed("noise", label_noise, changes, o.clauses, n.clauses)
    changes = timed("fill-ins", label_fillins, changes, o.info.profile, n.info.profile, None)
    changes = timed("reread", settle, changes, o.info, n.info, rereader(default_dir(), docs))
    changes = timed("moves", find_moves, changes)
    changes = timed("watch", mark_watched, changes, options)
    timed("xrefs, caveats", lambda: (stale_references(changes),
                                     caveats(o.info, n.info, o.clauses, n.clauses)))
    comparison = pipeline.compare_parsed(parsed[0], parsed[1], options)
    for fmt in ("json", "html"):
        timed(f"render {fmt}", output.render, comparison, fmt)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a single run, as JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.old, args.new)))
        return
    runs = [json.loads(subprocess.run([sys.executable, __file__, args.old, args.new, "--one"], check=True,
                                      capture_output=True, text=True).stdout) for _ in range(args.runs)]
    for name in runs[0]:
        print(f"{name:26s} {statistics.median(r[name] for r in runs) * 1000:7.0f} ms")
    print(f"{'total':26s} {statistics.median(sum(r.values()) for r in runs) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()

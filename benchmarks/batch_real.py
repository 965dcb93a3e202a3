"""`moadiff batch` on the real agreements, scored against the revisions read by hand.

    .venv/bin/python -m benchmarks.batch_real [--runs-cold 1] [--runs-warm 3] [--jobs 2]
        [--time-limit SECONDS] [--score-only DIR]

makes a folder of links to ``../shared/corpus`` (48 agreements) and
``../shared/moa`` (14), runs ``moadiff batch FOLDER -o OUT`` with no baseline
(cluster mode) cold (fresh cache and output folder, OCR included) and warm
(both kept), and scores the clusters against ``benchmarks/revisions_gold.csv``
(the template revision of each file, established by reading the agreements;
the file says how for each). Each run's wall time and the CPU time of its
whole process tree (user + system of every process it waited for: the pool's
workers, their reading children and OCR's processes) are given; on a shared
machine the CPU time is the figure to compare. The peak memory of the
process tree comes from one more cold run and one more warm run under
benchmarks/treemem.py, which reads /proc 20 times a second: that costs about
a sixth of a core and slows a cold run of the 62 by about 8%, so the timed
runs go without it. ``--time-limit`` raises
moadiff's limit on reading one file: on a loaded machine a long scan's OCR
can take longer than the default allows, and a file that fails spoils the
score. The scores:

- clusters found and gold revisions; a cluster "matches" a revision when it
  holds exactly that revision's files;
- pairwise precision / recall: of the pairs of agreements put in one
  cluster, the share that share a gold revision, and the reverse;
- rows in the index, and agreements left uncompared (no row, or a row with
  no comparison);
- per cluster, its label, baseline and members, each with its gold revision
  (a "!" marks a member whose gold revision is not the cluster's majority).

``--score-only DIR`` scores an existing output folder (its summary.json) and
runs nothing. Prints the figures and writes them to
``benchmarks/out/batch-real.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "benchmarks" / "revisions_gold.csv"


def gold() -> dict[str, str]:
    with GOLD.open(newline="") as f:
        return {r["file"]: r["revision"] for r in csv.DictReader(f)}


def make_folder(where: Path) -> Path:
    folder = where / "agreements"
    folder.mkdir()
    for sub in ("corpus", "moa"):
        for pdf in sorted((SHARED / sub).glob("*.pdf")):
            (folder / pdf.name).symlink_to(pdf.resolve())
    return folder


def score(summary: dict[str, Any], truth: dict[str, str]) -> dict[str, Any]:
    docs = summary["documents"]
    name = {d: docs[d]["name"] for d in docs}
    clusters = summary["clusters"]
    found = {c["label"]: [name[m] for m in c["members"]] for c in clusters}
    revisions = Counter(truth.values())
    exact = sum(1 for members in found.values()
                if len({truth.get(m) for m in members}) == 1 and len(members) == revisions[truth.get(members[0], "")])
    same_found = {frozenset(p) for members in found.values() for p in combinations(sorted(members), 2)}
    same_gold = {frozenset(p) for p in combinations(sorted(truth), 2) if truth[p[0]] == truth[p[1]]}
    rows = summary["rows"]
    compared = {r["new"] for r in rows if r["report"]}
    uncompared = sorted(name[d] for d in docs if d not in compared)
    return {
        "documents": len(docs), "rows": len(rows), "uncompared": uncompared,
        "clusters": len(clusters), "gold_revisions": len(revisions), "clusters_matching_a_revision": exact,
        "pair_precision": round(len(same_found & same_gold) / max(1, len(same_found)), 3),
        "pair_recall": round(len(same_found & same_gold) / max(1, len(same_gold)), 3),
        "outliers": sorted(name[r["new"]] for r in rows if r.get("role") == "outlier"),
        "membership": [{"label": c["label"], "baseline": name[c["baseline"]],
                        "members": sorted(name[m] for m in c["members"])} for c in clusters],
    }


def show(s: dict[str, Any], truth: dict[str, str]) -> None:
    for c in s["membership"]:
        majority = Counter(truth.get(m, "?") for m in c["members"]).most_common(1)[0][0]
        print(f"\n{c['label']}  ({len(c['members'])}; gold: {majority}; baseline {c['baseline']})")
        for m in c["members"]:
            mark = " " if truth.get(m) == majority else "!"
            print(f"  {mark} {m:55} {truth.get(m, '?')}")
    print(f"\nclusters {s['clusters']} for {s['gold_revisions']} gold revisions; "
          f"{s['clusters_matching_a_revision']} match a revision exactly; "
          f"pairs: precision {s['pair_precision']}, recall {s['pair_recall']}")
    print(f"rows {s['rows']} for {s['documents']} agreements; uncompared: {len(s['uncompared'])} "
          f"{s['uncompared'] or ''}; outliers: {s['outliers'] or 'none'}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(folder: Path, out: Path, cache: Path, jobs: int, label: str, mem_json: Path | None = None,
        time_limit: float = 0) -> dict[str, Any]:
    """One run of the batch: timed, or (``mem_json``) under treemem for its peak memory."""
    cmd = [sys.executable, "-m", "moadiff", "batch", str(folder), "-o", str(out), "--cache-dir", str(cache),
           "-j", str(jobs), *(["--time-limit", str(time_limit)] if time_limit else [])]
    if mem_json is not None:
        cmd = [sys.executable, "-m", "benchmarks.treemem", "--label", label, "--json", str(mem_json), "--", *cmd]
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if proc.returncode > 1:
        print(proc.stderr[-2000:], file=sys.stderr)
    figures: dict[str, Any] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 1), "exit": proc.returncode}
    if mem_json is not None:
        mem = json.loads(mem_json.read_text())
        figures |= {"peak_tree_pss_mb": mem["peak_tree_pss_mb"], "peak_tree_rss_mb": mem["peak_tree_rss_mb"],
                    "max_processes": mem["max_processes"]}
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs-cold", type=int, default=1)
    ap.add_argument("--runs-warm", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=0, metavar="SECONDS",
                    help="moadiff's limit on reading one file (default: moadiff's own)")
    ap.add_argument("--score-only", type=Path, help="score this output folder's summary.json; run nothing")
    args = ap.parse_args()
    truth = gold()
    figures: dict[str, Any] = {}
    if args.score_only:
        summary = json.loads((args.score_only / "summary.json").read_text())
    else:
        with tempfile.TemporaryDirectory(prefix="batch-real-") as tmp:
            where = Path(tmp)
            folder = make_folder(where)
            out, cache = where / "out", where / "cache"
            colds: list[dict[str, Any]] = []
            warms: list[dict[str, Any]] = []
            memory: list[dict[str, Any]] = []
            for k in range(args.runs_cold + 1):
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(cache, ignore_errors=True)
                sampled = k == args.runs_cold  # the last cold run, for memory only
                r = run(folder, out, cache, args.jobs, f"cold {k}", where / "mem.json" if sampled else None,
                        args.time_limit)
                (memory if sampled else colds).append(r)
                print(f"cold{' (memory)' if sampled else ''}: {r}", file=sys.stderr)
            for k in range(args.runs_warm + 1):
                sampled = k == args.runs_warm
                r = run(folder, out, cache, args.jobs, f"warm {k}", where / "mem.json" if sampled else None,
                        args.time_limit)
                (memory if sampled else warms).append(r)
                print(f"warm{' (memory)' if sampled else ''}: {r}", file=sys.stderr)
            figures = {"cold": colds, "warm": warms, "memory": memory,
                       "cold_median_s": statistics.median(r["wall_s"] for r in colds) if colds else None,
                       "cold_median_cpu_s": statistics.median(r["cpu_s"] for r in colds) if colds else None,
                       "warm_median_s": statistics.median(r["wall_s"] for r in warms) if warms else None}
            summary = json.loads((out / "summary.json").read_text())
            for name in ("revisions.md", "deviations.csv"):
                dest = ROOT / "benchmarks" / "out" / f"batch-real-{name}"
                dest.parent.mkdir(exist_ok=True)
                shutil.copyfile(out / name, dest)
    s = score(summary, truth)
    show(s, truth)
    if figures:
        cold_mem, warm_mem = figures["memory"]
        print(f"\ncold {figures['cold_median_s']} s, {figures['cold_median_cpu_s']} CPU-s (medians of "
              f"{len(figures['cold'])}), "
              f"warm {figures['warm_median_s']} s (median of {len(figures['warm'])}); peak memory of the "
              f"process tree (a run of each under treemem): cold {cold_mem['peak_tree_pss_mb']:.0f} MB PSS "
              f"({cold_mem['peak_tree_rss_mb']:.0f} MB RSS summed; that run {cold_mem['wall_s']} s), "
              f"warm {warm_mem['peak_tree_pss_mb']:.0f} MB PSS")
    dest = ROOT / "benchmarks" / "out" / "batch-real.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps({"score": s, "timing": figures}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

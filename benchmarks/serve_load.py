"""Load on ``moadiff serve``: many comparisons submitted at once.

    .venv/bin/python -m benchmarks.serve_load [--n 20] [--jobs 2] [--old FILE --new FILE] [--json FILE]

Starts the real server (``python -m moadiff serve --port 0 --no-cache``) on a
free port, posts ``--n`` comparisons of one pair at the same moment (the
default pair: two 12-page 2020 Jail Enforcement agreements from
``../shared/moa``), and meanwhile

- asks the server for its home page and job list every 0.2 s, and records
  how long each answer took (the server must keep answering);
- samples the memory of the server's process tree (benchmarks/treemem.py:
  the sum of PSS, and of RSS) every 0.1 s.

The baseline is the CLI alone on the same pair (``moadiff compare --no-cache``
writing the same five reports, median of 3), from which the best throughput of ``--jobs`` workers follows.
Each job must finish ``done`` with the same summary as the library's own
``moadiff.compare`` of the pair. Prints the queueing time (created ->
started), the run time (started -> finished), the throughput and the
peaks, as medians and maxima.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from benchmarks.treemem import memory, tree

ROOT = Path(__file__).resolve().parents[1]
MOA = ROOT.parent / "shared" / "moa"
sys.path.insert(0, str(ROOT / "tests"))
from servetools import server


def _pid_of(url: str) -> int:
    """The server's process: the one listening on the URL's port."""
    import os

    port = int(url.rsplit(":", 1)[1])
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            if int(parts[1].rsplit(":", 1)[1], 16) == port and parts[3] == "0A":
                inode = parts[9]
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return int(pid)
        except OSError:
            continue
    raise RuntimeError("cannot find the server's process")


class Sampler(threading.Thread):
    """Memory of the server's tree, and latency of its other answers, until stopped."""

    def __init__(self, url: str, pid: int) -> None:
        super().__init__(daemon=True)
        self.url, self.pid = url, pid
        self.stop = threading.Event()
        self.peak_pss = self.peak_rss = self.most = 0
        self.latency: list[float] = []
        self.failures = 0

    def run(self) -> None:
        last_probe = 0.0
        with httpx.Client(timeout=30) as client:
            while not self.stop.is_set():
                pids = tree(self.pid)
                rss, pss = zip(*(memory(p) for p in pids)) if pids else ((0,), (0,))
                self.peak_rss, self.peak_pss = max(self.peak_rss, sum(rss)), max(self.peak_pss, sum(pss))
                self.most = max(self.most, len(pids))
                if time.monotonic() - last_probe > 0.2:
                    last_probe = time.monotonic()
                    for path in ("/", "/api/jobs"):
                        t0 = time.perf_counter()
                        try:
                            ok = client.get(self.url + path).status_code == 200
                        except httpx.HTTPError:
                            ok = False
                        self.latency.append(time.perf_counter() - t0)
                        self.failures += not ok
                time.sleep(0.1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--old", type=Path, default=MOA / "287gJEM_GalvestonCoTX_06-08-2020.pdf")
    parser.add_argument("--new", type=Path, default=MOA / "287gJEM_PinalCoAz2020-06-09.pdf")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    import subprocess

    import moadiff

    expected = moadiff.compare(args.old, args.new).summary
    # The baseline: the same comparison by the CLI, alone, with no cache, writing the
    # same five reports a job writes (median of 3).
    cli = []
    with tempfile.TemporaryDirectory(prefix="moadiff-cli-") as out:
        targets = [a for ext in ("html", "json", "docx", "md", "csv") for a in ("-o", f"{out}/r.{ext}")]
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "moadiff", "compare", str(args.old), str(args.new), "--no-cache",
                            *targets], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            cli.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory(prefix="moadiff-load-") as tmp, \
            server(Path(tmp) / "data", "--jobs", str(args.jobs), "--no-cache") as url:
        sampler = Sampler(url, _pid_of(url))
        sampler.start()
        old, new = args.old.read_bytes(), args.new.read_bytes()

        def submit(_: int) -> str:
            res = httpx.post(url + "/api/compare", timeout=120,
                             files={"old": (args.old.name, old), "new": (args.new.name, new)})
            res.raise_for_status()
            return str(res.json()["job"])

        t0 = time.time()
        with ThreadPoolExecutor(args.n) as pool:
            ids = list(pool.map(submit, range(args.n)))
        submitted = time.time() - t0
        final: dict[str, dict[str, Any]] = {}
        with httpx.Client(timeout=30) as client:
            while len(final) < len(ids):
                for job in ids:
                    if job not in final:
                        status = client.get(f"{url}/api/jobs/{job}").json()
                        if status["state"] in ("done", "failed"):
                            final[job] = status
                time.sleep(0.25)
            summaries = [client.get(url + s["outputs"]["json"]).json()["summary"] if s["state"] == "done" else None
                         for s in final.values()]
        sampler.stop.set()
        sampler.join()
    wall = max(s["finished"] for s in final.values()) - t0
    queued = [s["started"] - s["created"] for s in final.values()]
    ran = [s["finished"] - s["started"] for s in final.values()]
    want = {"modified": expected.modified, "added": expected.added, "removed": expected.removed,
            "edits": dict(expected.edits)}
    correct = sum(1 for s in summaries if s and {k: s[k] for k in want} == want)
    out = {
        "n": args.n, "jobs": args.jobs, "pair": [args.old.name, args.new.name], "correct": correct,
        "failed": sum(1 for s in final.values() if s["state"] != "done"),
        "upload_seconds": round(submitted, 2), "wall_seconds": round(wall, 1),
        "throughput_per_minute": round(60 * args.n / wall, 1),
        "queued_median": round(statistics.median(queued), 1), "queued_max": round(max(queued), 1),
        "run_median": round(statistics.median(ran), 2), "run_max": round(max(ran), 2),
        "probe_answers": len(sampler.latency), "probe_failures": sampler.failures,
        "probe_median_ms": round(1000 * statistics.median(sampler.latency), 1),
        "probe_max_ms": round(1000 * max(sampler.latency), 1),
        "peak_pss_mb": round(sampler.peak_pss / 1024), "peak_rss_mb": round(sampler.peak_rss / 1024),
        "most_processes": sampler.most,
        "cli_seconds_median": round(statistics.median(cli), 2),
        # What --jobs workers could do at best if each comparison took as long as the CLI alone.
        "throughput_vs_cli_ideal": round((args.n / wall) / (args.jobs / statistics.median(cli)), 2),
        # The CLI run n times back to back, against the server's wall time (> 1: the server is faster).
        "throughput_vs_cli_back_to_back": round(args.n * statistics.median(cli) / wall, 2),
    }
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0 if correct == args.n else 1


if __name__ == "__main__":
    sys.exit(main())

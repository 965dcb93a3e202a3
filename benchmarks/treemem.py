"""Peak memory of a command together with all its child processes.

    .venv/bin/python -m benchmarks.treemem [--interval 0.05] [--json FILE] -- CMD [ARGS...]

``/usr/bin/time -v`` reports "Maximum resident set size" from the kernel's
``ru_maxrss`` for the children it waited for: the peak of the *largest single
process* in the tree, not of the tree. With a process pool (``moadiff batch
--jobs 2``: a parent and two workers) the real peak is higher. This samples
``/proc`` every ``--interval`` seconds while the command runs and reports,
for its process tree (the command and every descendant):

- the peak sum of PSS (proportional set size: a page shared by n processes,
  as after fork, counts 1/n in each, so the sum is what the tree holds);
- the peak sum of RSS (counts shared pages once per process: an upper bound);
- the largest RSS of one process (what ``/usr/bin/time -v`` reports, but sampled);
- the most processes seen at once.

A peak shorter than the interval can be missed. Linux only (reads
``/proc/<pid>/smaps_rollup``). Exits with the command's exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree(root: int) -> list[int]:
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) if it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--interval", type=float, default=0.05, help="seconds between samples (default 0.05)")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--label", default="", help="a name for the figures")
    ap.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD [ARGS...]")
    args = ap.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command given")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak_pss = peak_rss = peak_one = most = samples = 0
    while proc.poll() is None:
        pids = tree(proc.pid)
        mem = [memory(p) for p in pids]
        alive = [m for m in mem if m[0]]
        peak_rss = max(peak_rss, sum(m[0] for m in alive))
        peak_pss = max(peak_pss, sum(m[1] for m in alive))
        peak_one = max(peak_one, max((m[0] for m in alive), default=0))
        most = max(most, len(alive))
        samples += 1
        time.sleep(args.interval)
    wall = time.perf_counter() - t0
    figures = {
        "label": args.label,
        "command": cmd,
        "exit_status": proc.returncode,
        "wall_s": round(wall, 3),
        "samples": samples,
        "peak_tree_pss_mb": round(peak_pss / 1024, 1),
        "peak_tree_rss_mb": round(peak_rss / 1024, 1),
        "peak_single_rss_mb": round(peak_one / 1024, 1),
        "max_processes": most,
    }
    print(f"treemem{' ' + args.label if args.label else ''}: peak tree PSS {figures['peak_tree_pss_mb']} MB "
          f"(RSS sum {figures['peak_tree_rss_mb']} MB, largest process {figures['peak_single_rss_mb']} MB, "
          f"up to {most} processes; {samples} samples over {wall:.1f} s; exit {proc.returncode})", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())

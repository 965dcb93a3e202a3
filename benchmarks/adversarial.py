"""Adversarial pairs: does every comparison finish within 10 s and 500 MB?

    .venv/bin/python -m benchmarks.adversarial [--runs 3] [--cases alt20k,long300k,...] [--out DIR]
        [--pythonpath DIR] [--timeout 120]

Issue 6, item 5: inputs built to make a diff quadratic. Each case is a pair
of plain-text files, compared by the whole command (``python -m moadiff
compare OLD NEW -o r.json -o r.html``: reading, comparing, and writing both
reports), in a fresh process, ``--runs`` times, round-robin so that the
machine's load falls on every case alike. A normal comparison of
``samples/old.pdf`` and ``samples/new.pdf`` (same outputs) runs in the same
rounds, as the baseline of this session. Printed per case: the median wall
time, its ratio to the baseline, the peak RSS of the largest process (as
GNU time reports it), and whether the result says it is approximate.

The cases (see the generators below):

- ``alt2k``, ``alt20k``: 2,000 and 20,000 paragraphs, every other one the
  same sentence on both sides and every other one a different random
  sentence of the same 16 words (difflib's SequenceMatcher with
  autojunk=False takes 54 s on the 2,000);
- ``long300k``: one paragraph of 300,000 characters, every 97th word
  changed (rapidfuzz's opcodes on it would take 4.9 GB);
- ``same3k``: 3,000 clauses "A. SAME TITLE" with the same sentence,
  cycling letters (after Z the letters continue no list, so most of it is
  one clause of 6,000 identical paragraphs);
- ``ident3k``: 3,140 numbered clauses (I-XX, A-Z, 1-5) with identical
  titles and text; the new side changes one item and drops nine paragraphs;
- ``similar2.6k``: 2,620 numbered clauses, every one of them changed by a
  word on the new side, so that no clause is an exact anchor.

``--pythonpath`` runs another copy of the package (e.g. an export of the
previous commit) for before/after figures; a run that passes ``--timeout``
is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "adversarial"

WORDS = ["the", "agency", "shall", "provide", "officer", "training", "report", "data", "within", "days",
         "after", "notice", "of", "any", "complaint"]
SAME = "The LEA agrees to the terms of this agreement."


def alternating(paragraphs: int, seed: int) -> str:
    """Every other paragraph SAME, the others random sentences of WORDS."""
    r = random.Random(seed)

    def para() -> str:
        return " ".join(r.choice(WORDS) for _ in range(12)).capitalize() + "."

    return "\n\n".join(SAME if i % 2 == 0 else para() for i in range(paragraphs)) + "\n"


def long_paragraph(chars: int = 300_000, every: int = 97, seed: int = 3) -> tuple[str, str]:
    """One paragraph of ``chars`` characters with no sentence end, and the
    same with every ``every``-th word replaced by another word."""
    r = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < chars:
        words.append(r.choice(WORDS))
        size += len(words[-1]) + 1
    new = [w if i % every else r.choice([x for x in WORDS if x != w]) for i, w in enumerate(words)]
    return " ".join(words) + "\n", " ".join(new) + "\n"


def same_clauses(clauses: int = 3000) -> str:
    """The issue's "thousands of identical clauses": "A. SAME TITLE" and the
    same sentence, cycling letters."""
    return "\n\n".join(f"{chr(65 + i % 26)}. SAME TITLE\n\nThe LEA shall report the same text every time."
                       for i in range(clauses)) + "\n"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def numbered_clauses(changed: bool) -> str:
    """3,140 clauses with real numbering (sections I-XX, subsections A-Z,
    items 1-5), all with the same title and text. The new side changes one
    item and drops nine paragraphs in section XVII."""
    out: list[str] = []
    for s in range(1, 21):
        out.append(f"{_roman(s)}. SAME SECTION TITLE")
        for k in range(26):
            out.append(f"{chr(65 + k)}. SAME TITLE")
            out.append("The LEA shall report the same text every time.")
            for n in range(1, 6):
                text = "The LEA shall report the same item text every time."
                if changed and (s, k, n) == (7, 3, 2):
                    text = "The LEA shall report a different item text every single time."
                out.append(f"{n}. {text}")
    if changed:
        del out[3000:3009]
    return "\n\n".join(out) + "\n"


def similar_clauses(changed: bool) -> str:
    """2,620 numbered clauses of random sentences; on the new side every
    title and sentence has one word changed, so no clause matches exactly."""
    r = random.Random(9)
    out: list[str] = []
    for s in range(1, 21):
        out.append(f"{_roman(s)}. SECTION {s} TITLE" + (" REVISED" if changed else ""))
        for k in range(26):
            body = [r.choice(WORDS) for _ in range(20)]
            at = r.randrange(20)
            if changed:
                body[at] = "changed"
            out.append(f"{chr(65 + k)}. TITLE {s} {k}")
            out.append(" ".join(body).capitalize() + ".")
            for n in range(1, 5):
                item = [r.choice(WORDS) for _ in range(15)]
                at = r.randrange(15)
                if changed:
                    item[at] = "altered"
                out.append(f"{n}. " + " ".join(item).capitalize() + ".")
    return "\n\n".join(out) + "\n"


#: Case name -> (what it is, a function giving the old and new texts).
CASES: dict[str, tuple[str, Callable[[], tuple[str, str]]]] = {
    "alt2k": ("2,000 alternating identical and unique paragraphs", lambda: (alternating(2000, 1), alternating(2000, 2))),
    "alt20k": ("20,000 alternating identical and unique paragraphs",
               lambda: (alternating(20000, 1), alternating(20000, 2))),
    "long300k": ("one 300,000-character paragraph, every 97th word changed", long_paragraph),
    "same3k": ("3,000 identical clauses, cycling letters", lambda: (same_clauses(), same_clauses())),
    "ident3k": ("3,140 numbered identical clauses, one changed, nine paragraphs dropped",
                lambda: (numbered_clauses(False), numbered_clauses(True))),
    "similar2.6k": ("2,620 numbered clauses, every one changed by a word",
                    lambda: (similar_clauses(False), similar_clauses(True))),
}


def write_case(name: str, folder: Path) -> tuple[Path, Path]:
    """The case's two files in ``folder`` (written once)."""
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / f"{name}-old.txt", folder / f"{name}-new.txt"
    if not (old.exists() and new.exists()):
        a, b = CASES[name][1]()
        old.write_text(a, encoding="utf-8")
        new.write_text(b, encoding="utf-8")
    return old, new


TIME = Path("/usr/bin/time")


def run(old: Path, new: Path, out: Path, *, timeout: float, pythonpath: str | None = None
        ) -> tuple[float, float, int | None]:
    """(wall seconds, peak RSS in MB, exit status or None on timeout) of one
    whole ``moadiff compare`` writing a JSON and an HTML report.

    The peak RSS is the largest process's, read by GNU time when it is
    there: a process forked from a big one (pytest) inherits that one's
    peak in its own rusage (wait4), which time's small fork does not."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, "-m", "moadiff", "compare", str(old), str(new),
           "-o", f"{out}.json", "-o", f"{out}.html"]
    rss_file = Path(f"{out}.rss")
    rss_file.unlink(missing_ok=True)
    if TIME.exists():
        cmd = [str(TIME), "-f", "%M", "-o", str(rss_file), *cmd]
    start = time.perf_counter()
    # Not run from the repository, where "-m moadiff" would find ./moadiff
    # before PYTHONPATH's. A session of its own, to be killed whole.
    proc = subprocess.Popen(cmd, env=env, cwd=out.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        status: int | None = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        status = None
    wall = time.perf_counter() - start
    try:
        kb = float(rss_file.read_text(encoding="utf-8").split()[-1])
    except (OSError, ValueError, IndexError):
        kb = float(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # at least an upper bound
    return wall, kb / 1024, status


def approximate(report: Path) -> str:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "-"
    n = sum(1 for c in data["changes"] if c.get("approximate"))
    return f"{n} clause{'s' if n != 1 else ''}" if n else "no"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated, of: " + ", ".join(CASES))
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    ap.add_argument("--pythonpath", default=None, help="run the moadiff package found here instead")
    ap.add_argument("--json", default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    out = Path(args.out)
    names = [c for c in args.cases.split(",") if c]
    unknown = [c for c in names if c not in CASES]
    if unknown:
        ap.error(f"unknown case(s): {', '.join(unknown)}")
    inputs = {name: write_case(name, out) for name in names}
    inputs["baseline"] = (ROOT / "samples" / "old.pdf", ROOT / "samples" / "new.pdf")
    runs: dict[str, list[tuple[float, float, int | None]]] = {name: [] for name in inputs}
    for k in range(args.runs):
        for name, (old, new) in inputs.items():
            if runs[name] and runs[name][-1][2] is None:
                continue  # timed out once: not again
            runs[name].append(run(old, new, out / f"{name}-report", timeout=args.timeout,
                                  pythonpath=args.pythonpath))
            wall, rss, status = runs[name][-1]
            print(f"run {k + 1}/{args.runs} {name:12s} {wall:7.2f} s {rss:6.0f} MB exit {status}",
                  file=sys.stderr, flush=True)
    base = statistics.median(w for w, _, _ in runs["baseline"])
    figures = []
    print(f"\n{'case':12s} {'median':>9s} {'min':>7s} {'max':>7s} {'x base':>7s} {'peak RSS':>9s}  approximate  "
          "bar (10 s, 500 MB)")
    for name, rs in runs.items():
        walls = [w for w, _, _ in rs]
        timed_out = any(s is None for _, _, s in rs)
        med = statistics.median(walls)
        rss = max(r for _, r, _ in rs)
        approx = approximate(out / f"{name}-report.json") if name != "baseline" else "-"
        ok = not timed_out and med <= 10 and rss <= 500
        shown = f">{args.timeout:.0f} s" if timed_out else f"{med:.2f} s"
        ratio = "-" if timed_out else f"{med / base:.1f}x"
        print(f"{name:12s} {shown:>9s} {min(walls):6.2f}s {max(walls):6.2f}s {ratio:>7s} {rss:7.0f} MB  "
              f"{approx:11s}  {'ok' if ok else 'MISSED'}")
        figures.append({"case": name, "what": CASES[name][0] if name in CASES else "samples/old.pdf vs new.pdf",
                        "median_s": None if timed_out else med, "walls_s": walls, "peak_rss_mb": rss,
                        "ratio_to_baseline": None if timed_out else med / base, "approximate": approx})
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

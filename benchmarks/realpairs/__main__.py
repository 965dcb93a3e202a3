"""Real-pairs benchmark: per-pair and summary figures (see the package docstring).

    .venv/bin/python -m benchmarks.realpairs [--cache-dir D] [--time-limit S] [--only NAME] [--json out.json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import tomllib

import moadiff
from benchmarks.realpairs.score import Expected, PairScore, Unit, score_units, units_of

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"


@dataclass(frozen=True, slots=True)
class Pair:
    name: str
    kind: str  # "same" or "cross"
    old: Path
    new: Path
    note: str
    expected: tuple[Expected, ...]


def load_gold(path: Path = HERE / "gold.toml") -> list[Pair]:
    """The pairs of gold.toml, with their files resolved under ../shared."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Pair(p["name"], p["kind"], SHARED / p["old"], SHARED / p["new"], p.get("note", ""),
                 tuple(Expected(e.get("old", ""), e.get("new", ""), e.get("note", "")) for e in p.get("expected", ())))
            for p in data["pair"]]


def _p95(values: list[int]) -> int:
    """The value at or under which 95% of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _show(units: list[Unit]) -> None:
    for u in units:
        print(f"      - {' '.join(u.old)[:150]!r} -> {' '.join(u.new)[:150]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.realpairs")
    ap.add_argument("--cache-dir", default=None, help="moadiff's cache folder (OCR'd pages are kept there)")
    ap.add_argument("--time-limit", type=float, default=900.0, help="moadiff's limit on reading one file, seconds")
    ap.add_argument("--only", action="append", default=[], help="run only pairs whose name contains this")
    ap.add_argument("--json", type=Path, help="write the per-pair figures here")
    ap.add_argument("--verbose", action="store_true", help="list the substantive units of every pair")
    args = ap.parse_args(argv)
    pairs = [p for p in load_gold() if not args.only or any(o in p.name for o in args.only)]
    rows: list[tuple[Pair, PairScore]] = []
    print(f"{'pair':<44} {'kind':<5} {'found':>5} {'missed':>6} {'claimed':>7} {'beyond':>6}")
    for pair in pairs:
        result = moadiff.compare(pair.old, pair.new, cache_dir=args.cache_dir, time_limit=args.time_limit)
        units = units_of(result)
        score = score_units(units, pair.expected)
        rows.append((pair, score))
        print(f"{pair.name:<44} {pair.kind:<5} {score.found:>5} {score.missed:>6} {score.claimed:>7} "
              f"{score.beyond:>6}", flush=True)
        for note in score.missed_notes:
            print(f"      missed: {note}")
        if args.verbose:
            _show(units)
    same = [s.beyond for p, s in rows if p.kind == "same"]
    cross = [s for p, s in rows if p.kind == "cross"]
    if same:
        print(f"same-template pairs: {len(same)}; words claimed beyond the expected: median {statistics.median(same):g}, "
              f"95th percentile {_p95(same)}, total {sum(same)}; pairs at 0: {same.count(0)}")
    if cross:
        print(f"cross-revision pairs: {len(cross)}; expected changes found {sum(s.found for s in cross)} "
              f"of {sum(s.found + s.missed for s in cross)}; words beyond expected: {sum(s.beyond for s in cross)}")
    if args.json:
        args.json.write_text(json.dumps([{"name": p.name, "kind": p.kind, **asdict(s)} for p, s in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

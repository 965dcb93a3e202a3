"""Clause ids of the 62 real agreements, to compare two versions of the segmenter.

    .venv/bin/python -m benchmarks.segment_ids dump after.json [--paragraphs DIR]
    (cd ../other-worktree && python -m benchmarks.segment_ids dump before.json --paragraphs DIR)
    .venv/bin/python -m benchmarks.segment_ids diff before.json after.json
    .venv/bin/python -m benchmarks.segment_ids time [--against ../other-worktree/moadiff/clauses.py] [--paragraphs DIR]

``dump`` reads each agreement of ../shared/moa and ../shared/corpus
(extract, clean, segment, in this process: scans are OCR'd) and writes each
clause's id and title. With ``--paragraphs DIR`` the clean paragraphs are
kept in DIR (a pickle per file, by its SHA-256) and read from there next
time, so a second dump from another worktree costs no OCR and differs only
by its segmenter. ``diff`` prints, per agreement, the ids inserted, removed or
replaced and the titles changed: every difference is to be read against the
document. ``time`` segments the two 12-page agreements of benchmarks/speed.sh
(paragraphs read once), alternating with another version of clauses.py if
given, and prints the fastest and median times.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib.util
import json
import pickle
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.planted.sources import SHARED, all_source_paths

#: The two 12-page agreements benchmarks/speed.sh compares.
SPEED_PAIR = ("287gJEM_GalvestonCoTX_06-08-2020.pdf", "287gWSO_HernandoCoFl2019-05-06.pdf")


def _paragraphs(path: Path, cache: Path | None) -> Any:
    from moadiff import extract
    from moadiff.clean import clean

    stored = cache / f"{hashlib.sha256(path.read_bytes()).hexdigest()}.pickle" if cache else None
    if stored is not None and stored.is_file():
        return pickle.loads(stored.read_bytes())  # our own file, written below
    paragraphs = clean(extract(path))
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_bytes(pickle.dumps(paragraphs))
    return paragraphs


def dump(out: Path, cache: Path | None) -> int:
    from moadiff.clauses import segment

    result: dict[str, Any] = {}
    for path in all_source_paths():
        try:
            result[path.name] = [[c.id, c.title] for c in segment(_paragraphs(path, cache))]
        except Exception as exc:  # noqa: BLE001 (one unreadable file is a row, not the end)
            result[path.name] = f"{type(exc).__name__}: {exc}"
        print(path.name, len(result[path.name]), file=sys.stderr)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One line per difference, by agreement.

    >>> differences({"a.pdf": [["I", "PARTIES"], ["II", "PURPOSE"]]}, {"a.pdf": [["I", "PARTIES"]]})
    ["a.pdf: delete ['II'] -> []"]
    """
    lines = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        if not isinstance(a, list) or not isinstance(b, list):
            lines.append(f"{name}: {a!r:.80} -> {b!r:.80}")
            continue
        ia, ib = [c[0] for c in a], [c[0] for c in b]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ia, ib, autojunk=False).get_opcodes():
            if op != "equal":
                lines.append(f"{name}: {op} {ia[i1:i2]} -> {ib[j1:j2]}")
            else:
                lines += [f"{name}: {x[0]} title {x[1]!r} -> {y[1]!r}"
                          for x, y in zip(a[i1:i2], b[j1:j2]) if x[1] != y[1]]
    return lines


def time_segment(cache: Path | None, against: Path | None, runs: int = 40) -> int:
    from moadiff import clauses

    docs = [_paragraphs(SHARED / name, cache) for name in SPEED_PAIR]
    versions: dict[str, Any] = {"this": clauses}
    if against is not None:
        spec = importlib.util.spec_from_file_location("other_clauses", against)
        assert spec is not None and spec.loader is not None
        other = importlib.util.module_from_spec(spec)
        sys.modules["other_clauses"] = other  # dataclasses look their module up
        spec.loader.exec_module(other)
        versions = {"other": other, "this": clauses}
    times: dict[str, list[float]] = {name: [] for name in versions}
    for _ in range(runs):
        for name, module in versions.items():
            t0 = time.perf_counter()
            for paragraphs in docs:
                module.segment(paragraphs)
            times[name].append(time.perf_counter() - t0)
    for name, ts in times.items():
        print(f"{name}: fastest {min(ts) * 1000:.1f} ms, median {statistics.median(ts) * 1000:.1f} ms "
              f"(both agreements, {runs} runs)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.segment_ids", description=(__doc__ or "").split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write the clause ids and titles of the 62 agreements")
    d.add_argument("out", type=Path)
    d.add_argument("--paragraphs", type=Path, help="keep and reuse the clean paragraphs here")
    c = sub.add_parser("diff", help="print how two dumps differ")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    t = sub.add_parser("time", help="time segmenting the two 12-page agreements of benchmarks/speed.sh")
    t.add_argument("--against", type=Path, help="another version's moadiff/clauses.py, timed alternately")
    t.add_argument("--paragraphs", type=Path, help="keep and reuse the clean paragraphs here")
    args = ap.parse_args(argv)
    if args.command == "time":
        return time_segment(args.paragraphs, args.against)
    if args.command == "dump":
        return dump(args.out, args.paragraphs)
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    lines = differences(before, after)
    print("\n".join(lines) if lines else "no differences")
    print(f"{len({line.split(':')[0] for line in lines})} of {len(after)} agreements differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())

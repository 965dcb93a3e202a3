"""What reading the cache costs, per entry: msgspec JSON (the cache's form)
against pickle (its form before), on the same values, in CPU time.

    .venv/bin/python -m benchmarks.cache_decode CACHE_DIR [--repeat 5]

Every entry of the cache in ``CACHE_DIR`` (made by any moadiff run: OCR'd
pages, parsed documents, comparisons) is read back as its dataclass, then
pickled; both forms are decoded ``--repeat`` times and the best CPU time
(``time.process_time``, which a loaded machine disturbs far less than wall
time) per table is printed, with the stored sizes. A warm ``moadiff batch``
of N agreements against baselines reads about N parsed documents and N
comparisons, so the per-entry figures times N are what the cache costs it.
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import moadiff.extractors.ocr  # noqa: F401 - its _Reading is a stored type
from moadiff.cache import SCHEMA, Cache, _resolve, decode


def _best(fn: Any, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache_dir")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    Cache(args.cache_dir).close()
    db = sqlite3.connect(Path(args.cache_dir) / "moadiff-cache.sqlite3")
    rows: dict[str, list[tuple[Any, bytes, bytes]]] = defaultdict(list)
    for tab, type_name, value in db.execute("SELECT tab, type, value FROM plain WHERE schema = ?", (SCHEMA,)):
        target = Any if type_name == "json" else _resolve(type_name)
        obj = decode(value, target)
        rows[tab].append((target, value, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)))
    db.close()
    print(f"{'table':12}{'entries':>8}{'json KB':>9}{'pickle KB':>10}{'json ms':>9}{'pickle ms':>10}{'ratio':>7}"
          "   (per entry; best CPU time of the repeats)")
    for tab, entries in sorted(rows.items()):
        n = len(entries)
        j = _best(lambda e=entries: [decode(v, t) for t, v, _ in e], args.repeat) / n * 1000
        p = _best(lambda e=entries: [pickle.loads(b) for _, _, b in e], args.repeat) / n * 1000
        jk = sum(len(v) for _, v, _ in entries) / n / 1024
        pk = sum(len(b) for _, _, b in entries) / n / 1024
        print(f"{tab:12}{n:>8}{jk:>9.1f}{pk:>10.1f}{j:>9.3f}{p:>10.3f}{j / p if p else float('nan'):>7.2f}")


if __name__ == "__main__":
    main()

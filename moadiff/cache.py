"""A cache of OCR'd pages, parsed documents and comparisons in one SQLite file.

Keys are content hashes (the file's SHA-256, the options that change a
result, and moadiff's version), never paths: a renamed file is a hit, an
edited one a miss. Values are pickled moadiff dataclasses. The cache folder
is trusted like any cache of one's own: do not point ``--cache-dir`` at a
folder someone else can write to.

SQLite (in the standard library) gives atomic writes and safe concurrent
readers for free. A batch's parent process writes parsed documents and
comparisons; OCR'd pages are written by whichever process reads them, and
a writer waits (up to 60 s) for another's transaction to end.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     cache = Cache(d)
...     cache.put("parsed", "k", {"a": 1})
...     cache.get("parsed", "k"), cache.get("parsed", "other")
({'a': 1}, None)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any

__all__ = ["Cache", "NoCache", "default_dir", "key"]

_SCHEMA = 1


def default_dir() -> str:
    """The user's cache folder for moadiff: ``$XDG_CACHE_HOME/moadiff``
    (``~/.cache/moadiff`` by default)."""
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "moadiff")


def key(*parts: object) -> str:
    """A cache key from the parts that determine a result."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


class Cache:
    """``get``/``put`` of picklable values by (table, key)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path / "moadiff-cache.sqlite3", isolation_level=None, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS entries "
                         "(tab TEXT, key TEXT, schema INTEGER, value BLOB, PRIMARY KEY (tab, key))")

    def get(self, table: str, k: str) -> Any | None:
        row = self._db.execute("SELECT value FROM entries WHERE tab = ? AND key = ? AND schema = ?",
                               (table, k, _SCHEMA)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # noqa: BLE001 - a stale or damaged entry is a miss
            return None

    def put(self, table: str, k: str, value: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                         (table, k, _SCHEMA, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def close(self) -> None:
        self._db.close()


class NoCache(Cache):
    """``--no-cache``: every lookup misses, nothing is stored."""

    def __init__(self) -> None:
        pass

    def get(self, table: str, k: str) -> Any | None:
        return None

    def put(self, table: str, k: str, value: Any) -> None:
        pass

    def close(self) -> None:
        pass

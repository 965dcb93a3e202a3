"""A cache of OCR'd pages, parsed documents and comparisons in one SQLite file.

Keys are content hashes (the file's SHA-256, the options that change a
result, and moadiff's version), never paths: a renamed file is a hit, an
edited one a miss. Several machines can therefore share what they cached
(see the README, "Sharing the cache").

Values are plain data: JSON, written and read by msgspec, never pickles.
Loading a value builds moadiff's own frozen dataclasses field by field
from JSON text, so whoever can write to the cache folder can make a lookup
miss (or return wrong words), but can never make moadiff run code. The
stored form is versioned (:data:`SCHEMA`, part of every lookup): an entry of
another schema, a damaged one, or one that does not fit its type (a planted
pickle, a field of the wrong type) is a miss.

A value is a moadiff dataclass (recorded by name and rebuilt as that type)
or any JSON value (str, number, list, dict: lists come back as lists); give
``get`` a ``type`` to rebuild anything else, ``tuple[Clause, ...]`` say.

SQLite (in the standard library) gives atomic writes and safe concurrent
readers for free. A batch's parent process writes parsed documents and
comparisons; OCR'd pages are written by whichever process reads them, and
a writer waits (up to 60 s) for another's transaction to end.

>>> import tempfile
>>> from moadiff.model import Notice
>>> with tempfile.TemporaryDirectory() as d:
...     cache = Cache(d)
...     cache.put("parsed", "k", {"a": 1})
...     cache.put("notice", "k", Notice("ocr", "page 2 was read by OCR", (2,)))
...     cache.get("parsed", "k"), cache.get("parsed", "other"), cache.get("notice", "k")
({'a': 1}, None, Notice(code='ocr', message='page 2 was read by OCR', pages=(2,)))
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec

from moadiff.cachedir import default_dir
from moadiff.errors import CacheError, MoadiffError

__all__ = ["SCHEMA", "Cache", "NoCache", "decode", "default_dir", "encode", "key"]

#: Version of the stored form. 1 was pickles (never read again: the table
#: that held them is dropped); 2 is msgspec's JSON of the dataclasses.
SCHEMA = 2
#: Recorded for a value that is not a moadiff dataclass: read back as plain JSON.
_JSON = "json"
_ENCODER = msgspec.json.Encoder()


def key(*parts: object) -> str:
    """A cache key from the parts that determine a result."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def _type_name(value: object) -> str:
    """``module:Qualname`` of a moadiff dataclass, else "json"."""
    cls = type(value)
    if dataclasses.is_dataclass(cls) and cls.__module__.split(".")[0] == "moadiff":
        return f"{cls.__module__}:{cls.__qualname__}"
    return _JSON


def _resolve(name: str) -> type | None:
    """The dataclass a stored name stands for, looked up among moadiff's
    modules already imported (nothing is imported, no attribute hook runs):
    a name from the cache file can only ever pick one of moadiff's own
    dataclasses, which are rebuilt field by field."""
    module, _, qualname = name.partition(":")
    if module.split(".")[0] != "moadiff" or module not in sys.modules:
        return None
    obj = vars(sys.modules[module]).get(qualname)
    return obj if isinstance(obj, type) and dataclasses.is_dataclass(obj) else None


@lru_cache(maxsize=64)
def _decoder(target: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(target)


def encode(value: object) -> bytes:
    """``value`` (dataclasses, tuples, dicts, str, numbers, None) as compact JSON.

    >>> from moadiff.model import Notice
    >>> encode(Notice("ocr", "read by OCR", (2,)))
    b'{"code":"ocr","message":"read by OCR","pages":[2]}'
    """
    return _ENCODER.encode(value)


def decode(data: bytes | str, target: Any = Any) -> Any:
    """``data`` read back as ``target`` (a dataclass or a type expression),
    or raise ``ValueError`` if it is not JSON of that shape.

    >>> from moadiff.model import Notice
    >>> decode(b'{"code":"ocr","message":"read by OCR","pages":[2]}', Notice)
    Notice(code='ocr', message='read by OCR', pages=(2,))
    """
    try:
        return _decoder(target).decode(data)
    except (msgspec.MsgspecError, MoadiffError) as exc:  # not JSON, not that shape, a value refused when made
        raise ValueError(str(exc)) from None


def _write_ahead(db: sqlite3.Connection, wait: float = 60.0) -> None:
    """Put ``db`` in write-ahead-log mode (kept in the file: the first
    process to open a new cache sets it for all). Setting it needs the file
    to itself, and SQLite does not wait for that as it waits for a write: a
    comparison's two readers opening a new cache folder at once found it
    "locked" one time in four. The other one is setting it, so try again."""
    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


class Cache:
    """``get``/``put`` of plain values by (table, key)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self._folder = os.fspath(folder)
        path = Path(folder)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path / "moadiff-cache.sqlite3", isolation_level=None, timeout=60)
            _write_ahead(self._db)
            # A commit is written to the log, not flushed to the disk each time
            # (a batch stores hundreds): a process that dies loses nothing, a
            # machine that loses power only the last entries, which are made again.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS plain (tab TEXT, key TEXT, schema INTEGER, type TEXT, "
                             "value BLOB, PRIMARY KEY (tab, key, schema))")
        except (sqlite3.Error, OSError) as exc:
            raise self._unusable(exc) from exc
        try:  # schema 1's pickles: never loaded, so not kept either
            self._db.execute("DROP TABLE IF EXISTS entries")
        except sqlite3.Error:
            pass

    def _unusable(self, exc: BaseException) -> CacheError:
        """The error a user reads when the cache folder fails (a damaged or
        foreign file, a read-only or full disk): never one about their agreements."""
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return CacheError(f"{self._folder}: the cache folder cannot be used ({reason.lower()}); remove it, "
                          "or run with --no-cache or another --cache-dir")

    def get(self, table: str, k: str, type: Any = None) -> Any | None:
        """The value stored under (``table``, ``k``), rebuilt as ``type`` (by
        default, as the dataclass it was stored as); None if there is none
        or it does not fit."""
        try:
            row = self._db.execute("SELECT type, value FROM plain WHERE tab = ? AND key = ? AND schema = ?",
                                   (table, k, SCHEMA)).fetchone()
        except sqlite3.Error as exc:
            raise self._unusable(exc) from exc
        if row is None:
            return None
        target = type if type is not None else Any if row[0] == _JSON else _resolve(row[0])
        if target is None:
            return None
        try:
            return decode(row[1], target)
        except (ValueError, TypeError):  # a damaged, planted or stale entry is a miss
            return None

    def put(self, table: str, k: str, value: Any) -> None:
        data = encode(value)
        try:
            self._db.execute("INSERT OR REPLACE INTO plain VALUES (?, ?, ?, ?, ?)",
                             (table, k, SCHEMA, _type_name(value), data))
        except sqlite3.Error as exc:
            raise self._unusable(exc) from exc

    def absorb(self, folder: str | os.PathLike[str]) -> int:
        """Add the entries of the cache in ``folder`` that this one lacks
        (keys are content hashes, so two caches never disagree on one);
        return how many were added. Nothing in them is decoded here."""
        path = Path(folder) / "moadiff-cache.sqlite3"
        if not path.is_file():
            return 0
        before = self._db.total_changes
        self._db.execute("ATTACH DATABASE ? AS other", (str(path),))
        try:
            self._db.execute("INSERT OR IGNORE INTO plain SELECT tab, key, schema, type, value "
                             "FROM other.plain WHERE schema = ?", (SCHEMA,))
        except sqlite3.OperationalError:  # no table of this schema there
            pass
        finally:
            self._db.execute("DETACH DATABASE other")
        return self._db.total_changes - before

    def close(self) -> None:
        self._db.close()


class NoCache(Cache):
    """``--no-cache``: every lookup misses, nothing is stored."""

    def __init__(self) -> None:
        pass

    def get(self, table: str, k: str, type: Any = None) -> Any | None:
        return None

    def put(self, table: str, k: str, value: Any) -> None:
        pass

    def close(self) -> None:
        pass

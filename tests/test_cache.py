"""The cache holds plain data: every dataclass it stores comes back equal,
and nothing planted in the cache file runs."""

from __future__ import annotations

import dataclasses
import pickle
import sqlite3
import types
import typing
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from moadiff import model
from moadiff.cache import SCHEMA, Cache, decode, encode
from moadiff.model import Comparison, Document, Options, Parsed

finite = st.floats(allow_nan=False, allow_infinity=False)
text = st.text(max_size=12)


def strategy(tp: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the type hint ``tp``, read from the dataclasses' own hints:
    a field added to model.py is drawn too."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is Options:  # validated when made: draw valid ones
        return st.builds(Options, engine=st.sampled_from(model.ENGINES), ocr=st.sampled_from(model.OCR_MODES),
                         match_cutoff=st.floats(0, 100), watch=st.lists(st.sampled_from(["cost*", "fee"]),
                                                                        max_size=2).map(tuple))
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return st.builds(tp, **{f.name: strategy(hints[f.name], depth + 1) for f in dataclasses.fields(tp)
                                if f.init})
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(strategy(a, depth) for a in args))
    if origin is tuple:
        size = 2 if depth > 3 else 3
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(strategy(args[0], depth + 1), max_size=size).map(tuple)
        return st.tuples(*(strategy(a, depth + 1) for a in args))
    if origin is dict:
        return st.dictionaries(strategy(args[0], depth + 1), strategy(args[1], depth + 1), max_size=3)
    simple: dict[Any, st.SearchStrategy[Any]] = {str: text, int: st.integers(), float: finite, bool: st.booleans(),
                                                 type(None): st.none()}
    return simple[tp]


@settings(max_examples=40, deadline=None)
@given(st.one_of(strategy(Document), strategy(Parsed), strategy(Comparison)))
def test_every_dataclass_comes_back_equal(value: Any) -> None:
    assert decode(encode(value), type(value)) == value


@settings(max_examples=15, deadline=None)
@given(strategy(Comparison))
def test_the_cache_gives_back_what_it_was_given(value: Comparison) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        cache = Cache(d)
        cache.put("comparison", "k", value)
        cache.close()
        again = Cache(d)  # another process, as a batch's next run
        got = again.get("comparison", "k")
        again.close()
    assert type(got) is Comparison and got == value
    assert all(isinstance(c, model.ClauseChange) for c in got.changes)


class _Boom:
    """Unpickling this runs a command that leaves a file: the attack."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        import os

        return (os.system, (f"touch {self.marker}",))


def _plant(folder: Path, table: str, k: str, type_name: str, value: bytes, schema: int = SCHEMA) -> None:
    Cache(folder).close()  # makes the file and its table
    db = sqlite3.connect(folder / "moadiff-cache.sqlite3")
    db.execute("INSERT OR REPLACE INTO plain VALUES (?, ?, ?, ?, ?)", (table, k, schema, type_name, value))
    db.commit()
    db.close()


def test_a_planted_pickle_is_not_run_and_is_a_miss(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Boom(marker))
    folder = tmp_path / "cache"
    for type_name in ("moadiff.model:Parsed", "json", "builtins:object", "os:system"):
        _plant(folder, "parsed", "k", type_name, payload)
        cache = Cache(folder)
        assert cache.get("parsed", "k") is None
        assert cache.get("parsed", "k", Parsed) is None
        cache.close()
    assert not marker.exists()


def test_schema_1_pickles_are_dropped_unread(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    folder = tmp_path / "cache"
    folder.mkdir()
    db = sqlite3.connect(folder / "moadiff-cache.sqlite3")
    db.execute("CREATE TABLE entries (tab TEXT, key TEXT, schema INTEGER, value BLOB, PRIMARY KEY (tab, key))")
    db.execute("INSERT INTO entries VALUES ('parsed', 'k', 1, ?)", (pickle.dumps(_Boom(marker)),))
    db.commit()
    db.close()
    cache = Cache(folder)
    assert cache.get("parsed", "k") is None
    cache.close()
    db = sqlite3.connect(folder / "moadiff-cache.sqlite3")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert tables == {"plain"} and not marker.exists()


def test_wrong_shapes_and_other_schemas_are_misses(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    good = encode(Parsed(model.DocumentInfo("a.pdf", "a.pdf", "0" * 64, "pdf", 1, "pdfium"), ()))
    _plant(folder, "parsed", "old", "moadiff.model:Parsed", good, schema=SCHEMA - 1)
    _plant(folder, "parsed", "shape", "moadiff.model:Parsed", b'{"info": 3, "clauses": []}')
    _plant(folder, "parsed", "cut", "moadiff.model:Parsed", good[:-5])
    _plant(folder, "parsed", "refused", "moadiff.model:Options", b'{"max_pages": 0}')  # Options checks it
    _plant(folder, "parsed", "ok", "moadiff.model:Parsed", good)
    cache = Cache(folder)
    assert [cache.get("parsed", k) for k in ("old", "shape", "cut", "refused")] == [None] * 4
    assert isinstance(cache.get("parsed", "ok"), Parsed)


def test_absorb_adds_what_is_missing(tmp_path: Path) -> None:
    a, b = Cache(tmp_path / "a"), Cache(tmp_path / "b")
    a.put("t", "shared", "from a")
    b.put("t", "shared", "from b")
    b.put("t", "only b", [1, 2])
    b.close()
    assert a.absorb(tmp_path / "b") == 1
    assert a.get("t", "shared") == "from a" and a.get("t", "only b") == [1, 2]
    assert a.absorb(tmp_path / "nothing here") == 0


def test_processes_opening_a_new_cache_at_once_all_get_it(tmp_path: Path) -> None:
    """A comparison's two readers open a new cache folder at once: the one
    that finds the file locked while the other puts it in write-ahead mode
    waits for it (SQLite's busy timeout does not cover that), instead of
    failing the comparison. Without the wait, 7 of 120 such openings failed."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    for round_ in range(8):
        folder = tmp_path / str(round_)
        barrier = ctx.Barrier(4)
        procs = [ctx.Process(target=_open_at_once, args=(folder, barrier, n)) for n in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0, 0, 0, 0]
        cache = Cache(folder)
        assert [cache.get("t", str(n)) for n in range(4)] == ["0", "1", "2", "3"]
        cache.close()


def _open_at_once(folder: Path, barrier: Any, n: int) -> None:
    barrier.wait()
    cache = Cache(folder)
    cache.put("t", str(n), str(n))
    cache.close()

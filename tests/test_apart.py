"""Work split between this process and a forked child (apart.py), and the
noise stage judging half of a comparison's changed clauses that way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from moadiff import apart, noise
from moadiff.extractors import extract
from moadiff.model import Options
from moadiff.noise import label_noise
from moadiff.pipeline import _change, _recovered, parsed

fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


@fork_only
def test_both_runs_the_two_halves_in_two_processes() -> None:
    there, here = apart.both(os.getpid, os.getpid)
    assert here == os.getpid() and there is not None and there != here


@fork_only
def test_a_failing_child_gives_none_and_the_half_here_stands() -> None:
    def boom() -> int:
        raise RuntimeError("child fails")

    assert apart.both(boom, lambda: 7) == (None, 7)
    assert apart.both(lambda: (lambda: 1), lambda: 2) == (None, 2)  # a result that cannot be pickled


def _changes(moa: Path) -> tuple[list, list, list]:  # type: ignore[type-arg]
    from moadiff.align import align

    opts = Options()
    a = parsed(extract(moa / "287gJEM_GalvestonCoTX_06-08-2020.pdf", opts), opts)
    b = parsed(extract(moa / "287gWSO_HernandoCoFl2019-05-06.pdf", opts), opts)
    a, b = _recovered(a, b)
    return [_change(p) for p in align(a.clauses, b.clauses, opts)], list(a.clauses), list(b.clauses)


@fork_only
def test_noise_judged_apart_is_noise_judged_in_order(moa: Path) -> None:
    changes, old, new = _changes(moa)  # two agencies and models: many replaced runs
    calls: list[bool] = []
    real_both = apart.both

    def spy(there, here):  # type: ignore[no-untyped-def]
        out = real_both(there, here)
        calls.append(out[0] is not None)
        return out

    apart.both = spy  # type: ignore[assignment]
    try:
        together = label_noise(changes, old, new, apart=True)
    finally:
        apart.both = real_both  # type: ignore[assignment]
    assert calls == [True]  # the child's half was used
    assert together == label_noise(changes, old, new)
    assert any(e.kind == "ocr-noise" for c in together for e in c.edits)


@fork_only
def test_noise_apart_falls_back_when_the_halves_spend_the_budget(moa: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With a budget the two halves exhaust between them, judging in order
    # would have cut some runs approximately: the stage judges them all here.
    changes, old, new = _changes(moa)
    monkeypatch.setattr(noise, "NOISE_CELLS", 2_000)
    assert label_noise(changes, old, new, apart=True) == label_noise(changes, old, new)


@fork_only
def test_little_work_is_not_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two versions of one template: a few hundred table cells, not worth a fork.
    def no_fork(there, here):  # type: ignore[no-untyped-def]
        raise AssertionError("forked for a small comparison")

    monkeypatch.setattr(apart, "both", no_fork)
    old = "The LEA shall perform the functions of an immigration officer under this agreement."
    new = "The LEA shall perfonn the functions of an immigration offcer under this Agreement today."
    from moadiff.model import Clause, ClauseChange
    from moadiff.worddiff import diff_words

    def clause(text: str) -> Clause:
        return Clause("I", "I.", "", text, 1, 1, 1, "section")

    changes = [ClauseChange("modified", False, clause(a), clause(b), 0.9, diff_words(a, b))
               for a, b in ((old, new), (new, old))]
    olds, news = [c.old for c in changes], [c.new for c in changes]
    assert label_noise(changes, olds, news, apart=True) == label_noise(changes, olds, news)  # type: ignore[arg-type]

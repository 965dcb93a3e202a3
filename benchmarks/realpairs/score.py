"""Score one comparison against the expected template changes of its pair.

A comparison is reduced to *units*: each substantive edit (its old and new
words) and each clause added or removed whole (its words on one side). An
expected change found in a whole clause accounts for all its words.

>>> score_units([Unit(("a", "b"), ())], []).claimed
2
>>> s = score_units([Unit((), ("a", "b"), moved=True)], [Expected("", "a b")])
>>> s.found, s.claimed
(1, 0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from moadiff.model import Comparison

__all__ = ["Expected", "PairScore", "Unit", "score_units", "units_of"]

_PUNCT = re.compile(r"[^\w@]+")
#: The letter shapes OCR confuses most (l, I, 1, |; O, 0; e, c): folded, so
#: that a change a scan's text layer spells "Jointlntake(@" or "Agcncy:" is
#: still the change read on the page ("JointIntake@", "Agency:"). It decides
#: only which unit holds an expected change; what a unit claims is counted in
#: words, whatever their spelling.
_SHAPES = str.maketrans({"l": "i", "1": "i", "|": "i", "0": "o", "c": "e"})


@dataclass(frozen=True, slots=True)
class Unit:
    """Words one substantive edit, added or removed clause claims."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    #: A clause added or removed whole: an expected change found in it
    #: accounts for all its words ("V.C COMMUNITY OUTREACH removed").
    whole: bool = False
    #: Text moved between clauses: reports show it as moved, not as new
    #: language, so it can find an expected change but claims nothing.
    moved: bool = False


@dataclass(frozen=True, slots=True)
class Expected:
    """A template change found by reading both documents."""

    old: str
    new: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class PairScore:
    found: int
    missed: int
    claimed: int
    beyond: int
    missed_notes: tuple[str, ...] = ()


def _keys(words: Sequence[str]) -> list[str]:
    """Case-, punctuation- and OCR-shape-blind keys; words of punctuation only drop out."""
    keys = (_PUNCT.sub("", w.lower()).translate(_SHAPES) for w in words)
    return [k for k in keys if k]


def _find(needle: list[str], hay: list[str], used: set[int]) -> list[int] | None:
    """Positions of ``needle``'s words in ``hay``, in order (not necessarily
    adjacent: an edit may carry a word more, "and their" -> "within their
    respective"), avoiding positions ``used``."""
    out: list[int] = []
    i = 0
    for word in needle:
        while i < len(hay) and (hay[i] != word or i in used):
            i += 1
        if i == len(hay):
            return None
        out.append(i)
        i += 1
    return out


def score_units(units: Sequence[Unit], expected: Sequence[Expected]) -> PairScore:
    """Found and missed expected changes, words claimed, and words claimed beyond them."""
    keyed = [(_keys(u.old), _keys(u.new)) for u in units]
    used_old: list[set[int]] = [set() for _ in units]
    used_new: list[set[int]] = [set() for _ in units]
    found, missed_notes = 0, []
    for exp in expected:
        eo, en = _keys(exp.old.split()), _keys(exp.new.split())
        for k, (uo, un) in enumerate(keyed):
            po, pn = _find(eo, uo, used_old[k]), _find(en, un, used_new[k])
            if po is not None and pn is not None:
                used_old[k].update(po)
                used_new[k].update(pn)
                found += 1
                break
        else:
            missed_notes.append(exp.note or f"{exp.old!r} -> {exp.new!r}")
    claimed = sum(len(o) + len(n) for u, (o, n) in zip(units, keyed) if not u.moved)
    accounted = sum(len(o) + len(n) if u.whole and (a or b) else len(a) + len(b)
                    for u, (o, n), a, b in zip(units, keyed, used_old, used_new) if not u.moved)
    return PairScore(found, len(missed_notes), claimed, claimed - accounted, tuple(missed_notes))


def units_of(comparison: Comparison) -> list[Unit]:
    """The units a comparison reports: substantive edits, text moved
    between clauses, clauses added or removed whole."""
    out: list[Unit] = []
    for change in comparison.changes:
        if change.status == "added" and change.new is not None:
            out.append(Unit((), tuple(f"{change.new.title} {change.new.text}".split()), whole=True))
        elif change.status == "removed" and change.old is not None:
            out.append(Unit(tuple(f"{change.old.title} {change.old.text}".split()), (), whole=True))
        else:
            out.extend(Unit(tuple(e.old.split()), tuple(e.new.split()), moved=e.kind == "moved")
                       for e in change.edits if e.kind in ("substantive", "moved"))
    return out

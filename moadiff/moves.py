"""Stage 5b: text that moved from one clause to another.

A sentence taken out of one clause and put in another (an addendum folded
into the body, a paragraph moved to another section) comes out of the
clause-by-clause word diffs as a substantive deletion in one clause and a
substantive insertion in another, or as part of a removed or an added
clause. It is not new language, and reporting it as such would have a
reader publish a "new" provision that already existed.

This stage pairs such text: a run of at least :data:`MIN_WORDS` words,
identical by loose key (:func:`moadiff.worddiff.loose_key`: case and
punctuation aside), that one clause lost and another clause gained. Each
run becomes an edit of kind ``"moved"`` carrying where its words are in
the other version (:class:`moadiff.model.Moved`): an insertion says where
its words came from, a deletion where they went. The rest of a changed run
keeps its kind. An added or removed clause has no edits; its moved words
are listed in ``ClauseChange.moved_text``. Within one clause nothing is
paired: the word diff has already placed that text.

Shorter text moves only across the boundary of two neighbouring clauses
(:func:`_edge_runs`): at least :data:`EDGE_WORDS` words at an end of the
clause that lost them and of the one that gained them, all of one of the
two edits (a closing line or a label that two layouts put on either side
of a boundary).

Runs are found through their first :data:`MIN_WORDS` words (shingles,
hashed), so the work is linear in the changed words; a shingle found in
more than :data:`MAX_HITS` places (boilerplate) starts no run. Longest
runs are paired first; a word moves at most once.

>>> from moadiff.model import Clause, ClauseChange
>>> from moadiff.worddiff import diff_words
>>> s = "ICE reserves the right to conduct an internal review of this MOA every three years."
>>> add = Clause("ADDENDUM", "", "ADDENDUM", "The parties agree to add: " + s, 9, 9, 1, "addendum")
>>> old8 = Clause("VIII", "VIII.", "TERM", "This MOA is effective on signature.", 5, 5, 1, "section")
>>> new8 = Clause("VIII", "VIII.", "TERM", "This MOA is effective on signature. " + s, 5, 5, 1, "section")
>>> changes = [ClauseChange("modified", False, old8, new8, 0.6, diff_words(old8.full_text, new8.full_text)),
...            ClauseChange("removed", False, add, None, 0.0)]
>>> viii, addendum = find_moves(changes)
>>> [(e.op, e.kind, e.moved.clause) for e in viii.edits if e.op != "equal"]
[('insert', 'moved', 'ADDENDUM')]
>>> [(a, b, m.clause) for a, b, m in addendum.moved_text]
[(6, 21, 'VIII')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from moadiff.model import ClauseChange, Edit, Moved
from moadiff.worddiff import loose_key

__all__ = ["EDGE_WORDS", "MAX_HITS", "MIN_WORDS", "find_moves"]

#: The fewest words a moved run has: shorter common phrases ("of this MOA
#: by the LEA") turn up by chance in unrelated insertions and deletions.
MIN_WORDS = 8
#: A shingle in more places than this, on the losing side, starts no run.
MAX_HITS = 16
#: The fewest words of text that crossed a boundary between neighbouring
#: clauses (see :func:`_edge_runs`).
EDGE_WORDS = 3
#: The kinds of edit whose text can cross a boundary.
_EDGE_KINDS = ("substantive", "fill-in")


@dataclass(frozen=True, slots=True)
class _Region:
    """Words one side lost (old words) or gained (new words): all of a
    removed or added clause (``edit`` -1), or one edit's span."""

    change: int
    edit: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Run:
    """``length`` words from ``lost`` (old, at ``at_old``) found in ``gained`` (new, at ``at_new``)."""

    length: int
    gained: _Region
    at_new: int
    lost: _Region
    at_old: int


#: What a changed clause's edits lose and gain (clause index, change).
_Within = Callable[[int, ClauseChange], tuple[list[_Region], list[_Region]]]


def _lost_and_gained(changes: Sequence[ClauseChange], within: _Within, least: int
                     ) -> tuple[list[_Region], list[_Region]]:
    """Text lost (old side) and gained (new side), regions of ``least`` words
    or more: a removed or added clause whole, and in any other what
    ``within`` finds in its edits."""
    lost: list[_Region] = []
    gained: list[_Region] = []
    for k, c in enumerate(changes):
        if c.status == "removed" and c.old is not None:
            lost.append(_Region(k, -1, 0, len(c.old.full_text.split())))
        elif c.status == "added" and c.new is not None:
            gained.append(_Region(k, -1, 0, len(c.new.full_text.split())))
        else:
            old, new = within(k, c)
            lost += old
            gained += new
    return [r for r in lost if r.end - r.start >= least], [r for r in gained if r.end - r.start >= least]


def _regions(changes: Sequence[ClauseChange]) -> tuple[list[_Region], list[_Region]]:
    """Substantive or fill-in text lost (old side) and gained (new side),
    each edit a region (:func:`_runs` pairs no fill-in with a fill-in)."""
    def within(k: int, c: ClauseChange) -> tuple[list[_Region], list[_Region]]:
        edits = [(x, e) for x, e in enumerate(c.edits) if e.op != "equal" and e.kind in _EDGE_KINDS]
        return [_Region(k, x, e.i1, e.i2) for x, e in edits], [_Region(k, x, e.j1, e.j2) for x, e in edits]

    return _lost_and_gained(changes, within, MIN_WORDS)


def _keys(changes: Sequence[ClauseChange], regions: list[_Region], side: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in regions:
        clause = getattr(changes[r.change], side)
        if r.change not in out and clause is not None:
            out[r.change] = [loose_key(w) for w in clause.full_text.split()]
    return out


def _filled(changes: Sequence[ClauseChange], r: _Region) -> bool:
    """Whether region ``r`` is a fill-in edit's (not a whole clause's)."""
    return r.edit >= 0 and changes[r.change].edits[r.edit].kind == "fill-in"


def _runs(changes: Sequence[ClauseChange]) -> list[_Run]:
    """Every maximal common run of at least MIN_WORDS words between a lost
    and a gained region of different clauses, one of them substantive text
    or a whole clause: a signature block a fill-in where it was lost (the
    end of an addendum) and substantive where a section moved before it
    took it. Fill-ins on both sides (an agency's name written twice) are
    no move."""
    lost, gained = _regions(changes)
    if not lost or not gained:
        return []
    ko, kn = _keys(changes, lost, "old"), _keys(changes, gained, "new")
    index: dict[tuple[str, ...], list[tuple[_Region, int]]] = defaultdict(list)
    for r in lost:
        words = ko[r.change]
        for q in range(r.start, r.end - MIN_WORDS + 1):
            index[tuple(words[q:q + MIN_WORDS])].append((r, q))
    runs: list[_Run] = []
    for g in gained:
        words = kn[g.change]
        for p in range(g.start, g.end - MIN_WORDS + 1):
            hits = index.get(tuple(words[p:p + MIN_WORDS]), ())
            if len(hits) > MAX_HITS:
                continue
            for r, q in hits:
                old = ko[r.change]
                if r.change == g.change or (p > g.start and q > r.start and old[q - 1] == words[p - 1]):
                    continue  # the same clause, or not the start of a maximal run
                if _filled(changes, r) and _filled(changes, g):
                    continue
                n = MIN_WORDS
                while p + n < g.end and q + n < r.end and old[q + n] == words[p + n]:
                    n += 1
                runs.append(_Run(n, g, p, r, q))
    return runs


def _edge_regions(changes: Sequence[ClauseChange]) -> tuple[list[_Region], list[_Region]]:
    """Text lost and gained, for :func:`_edge_runs`: of the kinds that can
    cross a boundary, consecutive edits that touch on a side as one region
    (a closing line read as text, then the names read as fill-ins);
    ``edit`` is the first of them."""
    def within(k: int, c: ClauseChange) -> tuple[list[_Region], list[_Region]]:
        edits = [(x, e) for x, e in enumerate(c.edits) if _crosses(e)]
        return (_touching(k, [(x, e.i1, e.i2) for x, e in edits]),
                _touching(k, [(x, e.j1, e.j2) for x, e in edits]))

    return _lost_and_gained(changes, within, EDGE_WORDS)


def _crosses(e: Edit) -> bool:
    return e.op != "equal" and e.kind in _EDGE_KINDS


def _touching(change: int, spans: list[tuple[int, int, int]]) -> list[_Region]:
    """Regions of ``spans`` (edit, start, end) on one side, those that
    touch (one's end is the next one's start) joined; empty spans skipped."""
    out: list[_Region] = []
    for x, a, b in spans:
        if a >= b:
            continue
        if out and out[-1].end == a:
            out[-1] = _Region(change, out[-1].edit, out[-1].start, b)
        else:
            out.append(_Region(change, x, a, b))
    return out


def _edge_runs(changes: Sequence[ClauseChange]) -> list[_Run]:
    """Text that crossed the boundary between two neighbouring clauses: a
    run of at least :data:`EDGE_WORDS` words at an end of the clause that
    lost it and at an end of the clause that gained it, all of one of the
    two edits. Two layouts (or OCR) put a heading's label, a closing line
    or a date on either side of a boundary ("B." printed mid-line, "For the
    LEA:" before or after the signature block): it is too short for a move
    found anywhere (:data:`MIN_WORDS`), but at the boundary it is the same
    text, not a deletion and an insertion. Names read as fill-ins move too
    (a signature line that follows a section added at the end)."""
    lost, gained = _edge_regions(changes)
    # The gained regions by where their clauses stand, so that each lost
    # region looks only at its neighbours' (linear in the regions).
    at: dict[tuple[str, int], list[_Region]] = defaultdict(list)
    for g in gained:
        for side in ("old", "new"):
            clause = getattr(changes[g.change], side)
            if clause is not None:
                at[(side, clause.index)].append(g)
    keys: dict[tuple[int, str], list[str]] = {}

    def words(change: int, side: str) -> list[str]:
        """A clause's word keys, made once (a clause may hold thousands of regions)."""
        if (change, side) not in keys:
            clause = getattr(changes[change], side)
            keys[(change, side)] = [loose_key(w) for w in clause.full_text.split()]
        return keys[(change, side)]

    runs: list[_Run] = []
    for r in lost:
        assert changes[r.change].old is not None
        near = dict.fromkeys(g for side in ("old", "new") if (mine := getattr(changes[r.change], side)) is not None
                             for d in (-1, 1) for g in at.get((side, mine.index + d), ()))
        for g in near:
            if g.change == r.change or changes[g.change].new is None:
                continue
            runs += [_Run(n, g, at_new, r, at_old)
                     for at_old, at_new, n in _edge_matches(words(r.change, "old"), r, words(g.change, "new"), g)]
    return runs


def _edge_matches(old: list[str], r: _Region, new: list[str], g: _Region) -> list[tuple[int, int, int]]:
    """The runs (old start, new start, length) that are all of the shorter
    of ``r`` and ``g`` and stand at an end of the other, each region
    standing at that end of its clause (its last words, or its first)."""
    n = min(r.end - r.start, g.end - g.start)
    out = []
    for old_end in (True, False):
        if (r.end != len(old)) if old_end else (r.start != 0):
            continue
        at_old = r.end - n if old_end else r.start
        for new_end in (True, False):
            if (g.end != len(new)) if new_end else (g.start != 0):
                continue
            at_new = g.end - n if new_end else g.start
            if old[at_old:at_old + n] == new[at_new:at_new + n]:
                out.append((at_old, at_new, n))
    return out


def _pick(runs: list[_Run]) -> list[_Run]:
    """Longest runs first (then earliest in the new version, then the old); a word moves at most once."""
    taken_new: dict[int, set[int]] = defaultdict(set)
    taken_old: dict[int, set[int]] = defaultdict(set)
    out: list[_Run] = []
    for run in sorted(runs, key=lambda r: (-r.length, r.gained.change, r.at_new, r.lost.change, r.at_old)):
        span_new = range(run.at_new, run.at_new + run.length)
        span_old = range(run.at_old, run.at_old + run.length)
        if taken_new[run.gained.change].isdisjoint(span_new) and taken_old[run.lost.change].isdisjoint(span_old):
            taken_new[run.gained.change].update(span_new)
            taken_old[run.lost.change].update(span_old)
            out.append(run)
    return out


def _cut(lo: int, hi: int, marks: list[tuple[int, int, Moved]]) -> list[tuple[int, int, Moved | None]]:
    """``lo:hi`` cut into pieces: the marked spans, and the plain rest."""
    out: list[tuple[int, int, Moved | None]] = []
    at = lo
    for a, b, m in sorted(marks, key=lambda x: x[0]):
        if a > at:
            out.append((at, a, None))
        out.append((a, b, m))
        at = b
    if at < hi:
        out.append((at, hi, None))
    return out


def _split(edit: Edit, old_words: list[str], new_words: list[str], old_marks: list[tuple[int, int, Moved]],
           new_marks: list[tuple[int, int, Moved]]) -> list[Edit]:
    """``edit`` cut at its moved spans: deletions of its old pieces, then
    insertions of its new ones, the moved ones of kind "moved"; the last
    plain old piece and the first plain new piece, when they meet, stay
    one replacement of the edit's own kind."""
    pieces: list[Edit] = []
    for a, b, m in _cut(edit.i1, edit.i2, old_marks):
        pieces.append(Edit("delete", " ".join(old_words[a:b]), "", "moved" if m else edit.kind, edit.approximate,
                           a, b, edit.j1, edit.j1, m))
    for a, b, m in _cut(edit.j1, edit.j2, new_marks):
        pieces.append(Edit("insert", "", " ".join(new_words[a:b]), "moved" if m else edit.kind, edit.approximate,
                           edit.i2, edit.i2, a, b, m))
    out: list[Edit] = []
    for e in pieces:
        last = out[-1] if out else None
        if (last is not None and last.op == "delete" and e.op == "insert" and last.moved is None
                and e.moved is None):
            out[-1] = replace(last, op="replace", new=e.new, j1=e.j1, j2=e.j2)
        else:
            out.append(e)
    return out


def _mark(marks: dict[int, list[tuple[int, int, Moved]]], change: ClauseChange, edit: int, side: str, at: int,
          length: int, other: str, other_at: int) -> None:
    """Mark ``length`` words at ``at`` as moved (to or from ``other_at`` of
    clause ``other``): on the whole clause (``edit`` -1), else on each edit
    from ``edit`` on that holds some of them (a region of several edits)."""
    if edit < 0:
        marks[-1].append((at, at + length, Moved(other, other_at, other_at + length)))
        return
    for x in range(edit, len(change.edits)):
        e = change.edits[x]
        lo, hi = (e.i1, e.i2) if side == "old" else (e.j1, e.j2)
        a, b = max(lo, at), min(hi, at + length)
        if lo >= at + length:
            break
        if a < b:
            marks[x].append((a, b, Moved(other, other_at + a - at, other_at + b - at)))


def find_moves(changes: Sequence[ClauseChange]) -> tuple[ClauseChange, ...]:
    """``changes`` with the text that moved between clauses paired (see the
    module docstring)."""
    picked = _pick(_runs(changes) + _edge_runs(changes))
    if not picked:
        return tuple(changes)
    # change -> edit (-1: the whole clause) -> marks, on each side
    old_marks: dict[int, dict[int, list[tuple[int, int, Moved]]]] = defaultdict(lambda: defaultdict(list))
    new_marks: dict[int, dict[int, list[tuple[int, int, Moved]]]] = defaultdict(lambda: defaultdict(list))
    for run in picked:
        g, r = changes[run.gained.change], changes[run.lost.change]
        assert g.new is not None and r.old is not None
        _mark(new_marks[run.gained.change], g, run.gained.edit, "new", run.at_new, run.length, r.old.id, run.at_old)
        _mark(old_marks[run.lost.change], r, run.lost.edit, "old", run.at_old, run.length, g.new.id, run.at_new)
    out: list[ClauseChange] = []
    for k, c in enumerate(changes):
        olds, news = old_marks.get(k, {}), new_marks.get(k, {})
        if not olds and not news:
            out.append(c)
        elif c.old is None or c.new is None:
            whole = sorted(olds.get(-1, []) + news.get(-1, []), key=lambda m: m[0])
            out.append(replace(c, moved_text=tuple(whole)))
        else:
            ow, nw = c.old.full_text.split(), c.new.full_text.split()
            edits: list[Edit] = []
            for x, e in enumerate(c.edits):
                if x in olds or x in news:
                    edits += _split(e, ow, nw, olds.get(x, []), news.get(x, []))
                else:
                    edits.append(e)
            out.append(replace(c, edits=tuple(edits)))
    return tuple(out)

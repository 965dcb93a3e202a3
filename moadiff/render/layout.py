"""Lay a clause's word diff out onto its paragraphs, side by side.

Every report that shows a clause's own paragraphs reads this layout (the
HTML report draws it); renderers never re-split an edit's words. An edit
says where its words are (its spans, see :class:`moadiff.model.Edit`), so
laying it out is a matter of cutting each paragraph at those words::

    ClauseChange --layout()--> Layout: rows of (old paragraphs, new paragraphs)
                                        each paragraph a list of Runs: plain text,
                                        or the words of one edit ("del"/"ins")

Words are found in a paragraph by splitting the *clause's* text (its title,
then its body paragraphs, as ``Clause.full_text`` orders them), never the
edits' text. Rows pair paragraphs that share unchanged words, as the
heaviest set of non-crossing pairs (a table, or beyond :data:`_PARA_CELLS`
pairs a sparse chain).

>>> from moadiff.model import Clause, ClauseChange, Edit, placed
>>> old = Clause("I", "I.", "", "Pay 90 days.", 1, 1, 1, "section")
>>> new = Clause("I", "I.", "", "Pay 60 days.", 1, 1, 1, "section")
>>> edits = placed([Edit("equal", "Pay", "Pay"), Edit("replace", "90", "60", "substantive"),
...                 Edit("equal", "days.", "days.")])
>>> [(r.mark, r.text) for r in layout(ClauseChange("modified", False, old, new, 0.9, edits)).rows[0][1][0].runs]
[('', 'Pay '), ('ins', '60'), ('', ' days.')]
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from moadiff.chain import monotone_pairs
from moadiff.model import KINDS, Clause, ClauseChange, Edit
from moadiff.render.common import approximate_note, moved_note
from moadiff.worddiff import bounded_opcodes

__all__ = ["Layout", "Para", "Run", "layout"]


@dataclass(slots=True)
class Run:
    """A stretch of one paragraph: plain text, or the words of one edit."""

    text: str
    mark: str = ""  # "", "del" or "ins"
    kind: str = ""  # the edit's kind when marked
    edit: int = -1  # index of the edit in ClauseChange.edits
    #: The run "next change" stops at: the edit's first run on the new side,
    #: or on the old side for a pure deletion.
    target: bool = False
    #: OCR read these words with low confidence: the lowest, 0-100.
    low: float | None = None
    #: Words that moved between clauses: "moved from ADDENDUM" (common.moved_note).
    note: str = ""


@dataclass(slots=True)
class Para:
    runs: list[Run]
    is_title: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(slots=True)
class Layout:
    """Rows of (old paragraphs, new paragraphs); either side may be empty."""

    rows: list[tuple[list[Para], list[Para]]]
    #: Set when the clause was compared approximately (ClauseChange.approximate).
    approximate: str = ""


_WORD = re.compile(r"\S+")  # \S agrees with str.split() on every code point
#: Paragraph pairs above which a clause's rows come from sparse pairs, not a full table.
_PARA_CELLS = 40_000


def _paragraphs(clause: Clause | None) -> list[tuple[str, bool]]:
    """The clause's title (if any) and body paragraphs, in the word order the
    edits follow (Clause.full_text). Blank paragraphs carry no words and are
    dropped; anything else, even a lone control character, is kept."""
    if clause is None:
        return []
    out: list[tuple[str, bool]] = []
    if clause.title:
        out.append((clause.title, True))
    for p in clause.text.split("\n"):
        if p.strip(" \t"):
            out.append((p, False))
    return out


def _owners(edits: Sequence[Edit], side: str, words: int) -> list[int]:
    """For each of a side's ``words``, the index of the changing edit whose
    span holds it; -1 for a word of an equal run."""
    owners = [-1] * words
    for k, e in enumerate(edits):
        if e.op != "equal":
            lo, hi = (e.i1, e.i2) if side == "old" else (e.j1, e.j2)
            owners[lo:hi] = [k] * (hi - lo)
    return owners


def _add_plain(runs: list[Run], s: str) -> None:
    if not s:
        return
    if runs and not runs[-1].mark and runs[-1].low is None:
        runs[-1].text += s
    else:
        runs.append(Run(s))


def _mark_side(
    paras: list[tuple[str, bool]], edits: Sequence[Edit], owners: list[int] | None, mark: str,
    low: dict[int, float] | None = None,
) -> tuple[list[Para], list[range]]:
    """Cut each paragraph into runs: plain text, or the words of one edit.

    Returns the paragraphs and, for each, the indices (counted over the whole
    side) of its words. ``owners`` gives each word's edit (:func:`_owners`);
    None means: no markup. The whitespace between two words of one edit
    stays inside its mark; whitespace next to plain text stays plain.
    ``low`` maps word indices OCR read with low confidence to that
    confidence; such words get runs of their own.
    """
    low = low or {}
    out: list[Para] = []
    word_ix: list[range] = []
    seen: set[int] = set()
    n = 0
    for text, is_title in paras:
        count = len(text.split())  # as many as _WORD finds
        ids = owners[n : n + count] if owners is not None else [-1] * count
        n += count
        word_ix.append(range(n - count, n))
        if not low and all(i < 0 for i in ids):
            out.append(Para([Run(text)] if text else [], is_title))  # nothing marked: one plain run
            continue
        words = list(_WORD.finditer(text))
        runs: list[Run] = []
        pos = k = 0
        first = n - len(words)
        last = len(words) - 1
        while k <= last:
            j = k
            is_low = bool(low) and first + k in low
            if low:
                while j < last and ids[j + 1] == ids[k] and (first + j + 1 in low) == is_low:
                    j += 1
            else:
                while j < last and ids[j + 1] == ids[k]:
                    j += 1
            conf = min(low[first + w] for w in range(k, j + 1)) if is_low else None
            if ids[k] < 0 and conf is None:
                _add_plain(runs, text[pos : words[j].end()])
            elif ids[k] < 0:
                _add_plain(runs, text[pos : words[k].start()])
                runs.append(Run(text[words[k].start() : words[j].end()], low=conf))
            else:
                edit = edits[ids[k]]
                _add_plain(runs, text[pos : words[k].start()])
                # a pure deletion is stopped at on the old side; anything else where it inserts
                target = ids[k] not in seen and (mark == "ins" or edit.j1 == edit.j2)
                seen.add(ids[k])
                # an unclassified change is treated as the most important kind
                kind = edit.kind if edit.kind in KINDS else "substantive"
                note = moved_note(edit.moved, edit.op) if edit.moved is not None else ""
                runs.append(Run(text[words[k].start() : words[j].end()], mark, kind, ids[k], target, conf, note))
            pos = words[j].end()
            k = j + 1
        _add_plain(runs, text[pos:])
        out.append(Para(runs, is_title))
    return out, word_ix


def _shared_words(
    edits: Sequence[Edit], old_ix: list[range], new_ix: list[range]
) -> dict[tuple[int, int], int]:
    """How many unchanged words each (old paragraph, new paragraph) share.

    The paragraphs' word ranges are walked along the equal edits' spans, a
    stretch of words sharing both paragraphs at a time (linear in edits +
    paragraphs)."""
    old_ends = [ws.stop for ws in old_ix]
    new_ends = [ws.stop for ws in new_ix]
    shared: dict[tuple[int, int], int] = {}
    po = pn = 0  # the paragraphs holding words o and n
    for e in edits:
        if e.op != "equal":
            continue
        o, n = e.i1, e.j1
        # an "equal" run may be spelt with a different number of words
        # ("70- percent" / "70-percent"); pair its words as far as they go
        k, m = 0, min(e.i2 - e.i1, e.j2 - e.j1)
        while k < m:
            while po < len(old_ends) and old_ends[po] <= o + k:
                po += 1
            while pn < len(new_ends) and new_ends[pn] <= n + k:
                pn += 1
            step = m - k
            if po < len(old_ends):
                step = min(step, old_ends[po] - (o + k))
            if pn < len(new_ends):
                step = min(step, new_ends[pn] - (n + k))
            key = (po if po < len(old_ends) else -1, pn if pn < len(new_ends) else -1)
            shared[key] = shared.get(key, 0) + step
            k += step
    return shared


def _text_weights(old: list[Para], new: list[Para]) -> dict[tuple[int, int], int]:
    """Without a usable word diff: identical paragraphs, in order (difflib,
    or beyond :data:`_PARA_CELLS` pairs the bounded diff of worddiff.py)."""
    weight: dict[tuple[int, int], int] = {}
    a, b = [p.text for p in old], [p.text for p in new]
    opcodes: list[tuple[str, int, int, int, int]]
    if len(a) * len(b) <= _PARA_CELLS:
        opcodes = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    else:
        opcodes, _ = bounded_opcodes(a, b)
    for tag, i1, i2, j1, _ in opcodes:
        if tag == "equal":
            for k in range(i2 - i1):
                weight[(i1 + k, j1 + k)] = 1
    return weight


def _rows(n_old: int, n_new: int, weight: dict[tuple[int, int], int]) -> list[tuple[list[int], list[int]]]:
    """Rows of paragraph indices, both sides in order.

    Each anchor pair opens a row. A paragraph left over between two rows
    joins the neighbouring row whose other side it shares words with (a
    paragraph split in two, or two merged into one, stays on one row);
    the rest of a gap is set side by side by position.
    """

    # Who shares words with whom, and what each row holds: O(degree) a test,
    # where scanning a row's members is quadratic on a huge clause.
    partners_o: dict[int, set[int]] = {}
    partners_n: dict[int, set[int]] = {}
    for (i, j), w in weight.items():
        if w > 0:
            partners_o.setdefault(i, set()).add(j)
            partners_n.setdefault(j, set()).add(i)

    def shares(i: int | None, j: int | None, row: tuple[list[int], list[int]], held: tuple[set[int], set[int]]
               ) -> bool:
        if i is not None:
            return not partners_o.get(i, set()).isdisjoint(held[1])
        assert j is not None  # one of the two is given
        return not partners_n.get(j, set()).isdisjoint(held[0])

    blocks: list[tuple[list[int], list[int]]] = [([i], [j]) for i, j in monotone_pairs(n_old, n_new, weight, _PARA_CELLS)]
    rows: list[tuple[list[int], list[int]]] = []
    held_prev: tuple[set[int], set[int]] = (set(), set())
    oi = ni = 0
    for k in range(len(blocks) + 1):
        nxt = blocks[k] if k < len(blocks) else None
        prev = rows[-1] if rows and k > 0 else None
        held_next: tuple[set[int], set[int]] = (set(nxt[0]), set(nxt[1])) if nxt else (set(), set())
        gap_old = deque(range(oi, nxt[0][0] if nxt else n_old))
        gap_new = deque(range(ni, nxt[1][0] if nxt else n_new))
        while prev and gap_old and shares(gap_old[0], None, prev, held_prev):
            prev[0].append(gap_old[0])
            held_prev[0].add(gap_old.popleft())
        while prev and gap_new and shares(None, gap_new[0], prev, held_prev):
            prev[1].append(gap_new[0])
            held_prev[1].add(gap_new.popleft())
        front_old: list[int] = []
        front_new: list[int] = []
        while nxt and gap_old and shares(gap_old[-1], None, nxt, held_next):
            front_old.append(gap_old[-1])
            held_next[0].add(gap_old.pop())
        while nxt and gap_new and shares(None, gap_new[-1], nxt, held_next):
            front_new.append(gap_new[-1])
            held_next[1].add(gap_new.pop())
        if nxt:
            nxt = (front_old[::-1] + nxt[0], front_new[::-1] + nxt[1])
        rest_old, rest_new = list(gap_old), list(gap_new)
        for g in range(max(len(rest_old), len(rest_new))):
            rows.append((rest_old[g : g + 1], rest_new[g : g + 1]))
        if nxt:
            rows.append(nxt)
            held_prev = held_next
            oi, ni = nxt[0][-1] + 1, nxt[1][-1] + 1
    return rows


def _low_words(clause: Clause | None, paras: list[tuple[str, bool]]) -> dict[int, float]:
    """Low-confidence OCR words by index over the side's shown words (the
    clause's full_text words, as long as blank paragraphs carry none)."""
    if clause is None or not clause.low_confidence:
        return {}
    if sum(len(t.split()) for t, _ in paras) != len(clause.full_text.split()):
        return {}
    return dict(clause.low_confidence)


def _words(paras: list[tuple[str, bool]]) -> int:
    return sum(len(t.split()) for t, _ in paras)


def _moved_edits(change: ClauseChange) -> tuple[Edit, ...]:
    """An added or removed clause's moved words as edits of kind "moved"
    (spans only: what the layout needs to mark them)."""
    clause = change.old if change.old is not None else change.new
    words = clause.full_text.split() if clause is not None else []
    out = []
    for a, b, m in change.moved_text:
        text = " ".join(words[a:b])
        if change.old is not None:
            out.append(Edit("delete", text, "", "moved", i1=a, i2=b, moved=m))
        else:
            out.append(Edit("insert", "", text, "moved", j1=a, j2=b, moved=m))
    return tuple(out)


def layout(change: ClauseChange) -> Layout:
    """Lay a clause's edits out onto its paragraphs, side by side.

    The n-th word of the old clause (title, then body) is old word n of the
    edits' spans, likewise new (pipeline.py has checked that the spans tile
    both texts). An added or removed clause is shown without marks.
    """
    old_p, new_p = _paragraphs(change.old), _paragraphs(change.new)
    old_owners: list[int] | None = None
    new_owners: list[int] | None = None
    edits = change.edits
    if change.old is not None and change.new is not None:
        old_owners = _owners(edits, "old", _words(old_p))
        new_owners = _owners(edits, "new", _words(new_p))
    elif change.moved_text:
        # An added or removed clause: only its words that moved are marked.
        edits = _moved_edits(change)
        if change.old is not None:
            old_owners = _owners(edits, "old", _words(old_p))
        else:
            new_owners = _owners(edits, "new", _words(new_p))
    old, old_ix = _mark_side(old_p, edits, old_owners, "del", _low_words(change.old, old_p))
    new, new_ix = _mark_side(new_p, edits, new_owners, "ins", _low_words(change.new, new_p))
    if old_owners is not None and change.edits:
        weight = _shared_words(change.edits, old_ix, new_ix)
    else:
        weight = _text_weights(old, new)  # no word diff: one side is absent
    # titles face each other, whatever their words
    if old and new and old[0].is_title and new[0].is_title:
        weight[(0, 0)] = weight.get((0, 0), 0) + 10**6
    rows = [([old[i] for i in o], [new[j] for j in n]) for o, n in _rows(len(old), len(new), weight)]
    # The clause heading already shows the title: drop a title row that
    # says nothing more (the same words both sides, nothing marked).
    rows = [
        (o, n)
        for o, n in rows
        if not (
            len(o) == len(n) == 1
            and o[0].is_title
            and n[0].is_title
            and o[0].text == n[0].text
            and not any(r.mark for r in o[0].runs + n[0].runs)
        )
    ]
    return Layout(rows, approximate_note(change))

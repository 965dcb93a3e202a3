"""Stage 3b: the safety net. One document's structural failure must never
become mass removal and addition.

When a heading is damaged ("I. PURPOSE" read by OCR as "1 PURPOSE"), the
segmenter can swallow every later section into one clause: compared clause
by clause, every section of the other version would be "removed" and one
giant clause "added". Here such a clause is found by its text, not its
headings: a clause of one side that holds the words of a run of
consecutive clauses of the other side (at least :data:`MIN_RUN` of them,
none of which alone is most of it). It is re-cut at the other side's
clause boundaries, found by aligning the words (the same bounded LCS as
the word diff, :func:`moadiff.worddiff.bounded_opcodes`); each piece takes
the id, label, title and level of the clause it stands for, and a list
label left at a piece's end ("II.") goes to the piece it opens. The text
alignment then decides what changed, and the clause tree only how it is
shown. The side re-cut gets a notice (code ``structure-recovered``), which
every report shows.

>>> from moadiff.model import Clause
>>> mk = lambda i, cid, title, text: Clause(cid, cid + ".", title, text, 1, 1, 1, "section", index=i)
>>> words = lambda n, w: " ".join(f"{w}{k}" for k in range(n))
>>> other = [mk(0, "I", "PURPOSE", words(30, "p")), mk(1, "II", "AUTHORITY", words(30, "a")),
...          mk(2, "III", "POLICY", words(30, "q"))]
>>> swallowed = mk(0, "1", "PURPOSE", words(30, "p") + "\\nII. AUTHORITY " + words(30, "a") + "\\nIII. POLICY " + words(30, "q"))
>>> cut, notice = recut([swallowed], other, "new")
>>> [(c.id, c.label, c.title, len(c.text.split())) for c in cut]
[('I', 'I.', 'PURPOSE', 30), ('II', 'II.', 'AUTHORITY', 30), ('III', 'III.', 'POLICY', 30)]
>>> notice.code
'structure-recovered'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from moadiff.model import Clause, Notice
from moadiff.worddiff import bounded_opcodes, loose_key

__all__ = ["MIN_RUN", "recut"]

#: A clause is re-cut only when it holds at least this many clauses of the other side.
MIN_RUN = 3
#: A clause of the other side counts as held when this share of its words
#: (as a multiset) are words of the big clause ...
COVER = 0.8
#: ... and it has at least this many words (shorter ones join a run they sit in).
MIN_WORDS = 5
#: Clauses shorter than this are never re-cut (a swallowed document is long).
MIN_BIG = 60
#: Word look-ups the search may spend in all (it is linear; this bounds a
#: pathological input with thousands of long clauses).
BUDGET = 2_000_000
#: How many opening words of a held clause ``big`` must hold as they are.
_HEAD = 3
#: A list label that a heading left at the end of the previous piece.
_LABEL = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z]|\d{1,3}|[a-z]|[ivx]{1,4})[.)]?$|^(?:APPENDIX|ADDENDUM|SECTION)$",
                    re.IGNORECASE)


def _keys(clause: Clause) -> list[str]:
    return [loose_key(w) for w in clause.full_text.split()]


def _covered(big: Counter[str], small: Counter[str], size: int) -> bool:
    found = sum(min(n, big[w]) for w, n in small.items() if w in big)
    return found >= COVER * size


def _run(big: list[str], other: Sequence[list[str]], counts: Sequence[Counter[str]]) -> tuple[int, int] | None:
    """The run ``[a, b)`` of the other side's clauses that ``big`` holds, if
    it is worth re-cutting: at least MIN_RUN held clauses, in a row (short
    clauses between them join), together most of ``big``, none alone.
    ``counts``: the other side's clauses' words, counted."""
    # A held clause's first words are in ``big`` as they are: a cheap test
    # first (most clauses hold no other), then its words counted.
    starts = {tuple(big[k:k + _HEAD]) for k in range(len(big) - _HEAD + 1)}
    maybe = [k for k, words in enumerate(other) if MIN_WORDS <= len(words) <= len(big)
             and tuple(words[:_HEAD]) in starts]
    if len(maybe) < MIN_RUN:
        return None
    have = Counter(big)
    held = [k for k in maybe if _covered(have, counts[k], len(other[k]))]
    best: tuple[int, int] | None = None
    best_words = 0
    start = 0
    for x in range(1, len(held) + 1):
        # a run breaks at a clause of some length that is not held
        if x == len(held) or any(len(other[k]) >= MIN_WORDS for k in range(held[x - 1] + 1, held[x])):
            a, b = held[start], held[x - 1] + 1
            size = sum(len(w) for w in other[a:b])
            if x - start >= MIN_RUN and size > best_words:
                best, best_words = (a, b), size
            start = x
    if best is None:
        return None
    largest = max(len(w) for w in other[best[0]:best[1]])
    if best_words < 0.5 * len(big) or largest > 0.6 * len(big):
        return None
    return best


def _in_order(big: list[str], run: Sequence[list[str]], a: int, b: int) -> tuple[int, int] | None:
    """``[a, b)`` less the clauses at its ends whose words ``big`` does not
    hold in order (a title whose words occur here and there in the body):
    at least half of each end clause's words must align with ``big``'s."""
    flat = [w for words in run[a:b] for w in words]
    owner = [k for k in range(a, b) for _ in run[k]]
    aligned = Counter[int]()
    ops, _ = bounded_opcodes(flat, big)
    for tag, i1, i2, _j1, _j2 in ops:
        if tag == "equal":
            aligned.update(owner[i1:i2])
    while a < b and 2 * aligned[a] < len(run[a]):
        a += 1
    while b > a and 2 * aligned[b - 1] < len(run[b - 1]):
        b -= 1
    return (a, b) if b - a >= MIN_RUN else None


def _cuts(big: list[str], run: Sequence[list[str]]) -> list[int]:
    """Where each clause of ``run`` starts in ``big`` (word indices, rising),
    from an alignment of their words with ``big``'s."""
    flat = [w for words in run for w in words]
    starts, at = [], 0
    for words in run:
        starts.append(at)
        at += len(words)
    ops, _ = bounded_opcodes(flat, big)
    where: dict[int, int] = {}
    for tag, i1, i2, j1, _j2 in ops:
        for i in range(i1, i2):
            if i not in where:
                where[i] = j1 + (i - i1) if tag == "equal" else j1
    cuts = [where.get(s, len(big)) for s in starts]
    for k in range(1, len(cuts)):
        cuts[k] = max(cuts[k], cuts[k - 1])
    return cuts


def _lines(clause: Clause) -> list[tuple[str, bool]]:
    """The clause's words, each with whether a line (paragraph) ends after it."""
    out: list[tuple[str, bool]] = []
    for line in clause.full_text.split("\n"):
        words = line.split()
        out.extend((w, k == len(words) - 1) for k, w in enumerate(words))
    return out


def _text(words: list[tuple[str, bool]]) -> str:
    out: list[str] = []
    for w, end in words:
        out.append(w + ("\n" if end else " "))
    return "".join(out).strip()


def _piece(big: Clause, words: list[tuple[str, bool]], first: int, like: Clause) -> Clause:
    """``big``'s words ``first:`` (``words``) as the clause ``like`` stands for."""
    label = like.label
    opening = like.full_text.split()[:1]
    if words and _LABEL.match(words[0][0]) and [loose_key(words[0][0])] != [loose_key(w) for w in opening]:
        label, words, first = words[0][0], words[1:], first + 1
    low = tuple((k - first, c) for k, c in big.low_confidence if first <= k < first + len(words))
    title_n = len(like.title.split())
    title = ""
    if title_n and [loose_key(w) for w, _ in words[:title_n]] == [loose_key(w) for w in like.title.split()]:
        title = " ".join(w for w, _ in words[:title_n])
        words = words[title_n:]
    return replace(big, id=like.id, label=label, title=title, text=_text(words), level=like.level, kind=like.kind,
                   parent=like.parent, low_confidence=low)


def _split(big: Clause, run: Sequence[Clause], run_keys: Sequence[list[str]]) -> list[Clause]:
    words = _lines(big)
    keys = [loose_key(w) for w, _ in words]
    cuts = _cuts(keys, run_keys)
    # A label the heading left at the end of the previous piece ("II.")
    # opens the piece it labels.
    for k in range(1, len(cuts)):
        if cuts[k] > cuts[k - 1] and _LABEL.match(words[cuts[k] - 1][0]):
            cuts[k] -= 1
    pieces: list[Clause] = []
    title_n = len(big.title.split())
    if 0 < cuts[0] and (cuts[0] <= title_n or (cuts[0] <= 2 and _LABEL.match(words[0][0]))):
        cuts[0] = 0  # only the big clause's heading (or a label) comes first: the first piece's
    if cuts[0] > 0:  # the big clause's own start, before the first clause it holds
        pieces.append(replace(big, text=_text(words[title_n:cuts[0]]),
                              low_confidence=tuple(x for x in big.low_confidence if x[0] < cuts[0])))
    bounds = [*cuts, len(words)]
    for k, like in enumerate(run):
        pieces.append(_piece(big, words[bounds[k]:bounds[k + 1]], bounds[k], like))
    return pieces


def _under(clause: Clause, renamed: dict[str, str]) -> Clause:
    """``clause`` with its ancestor's id changed as ``renamed`` says: the
    subsections that followed a re-cut clause's text belong to its last piece
    ("II.A" under a clause re-cut into II, III and IV becomes "IV.A")."""
    for old, new in renamed.items():
        if clause.id.startswith((old + ".", old + "(")):
            parent = clause.parent
            if parent is not None and (parent == old or parent.startswith((old + ".", old + "("))):
                parent = new + parent[len(old):]
            return replace(clause, id=new + clause.id[len(old):], parent=parent)
    return clause


def recut(clauses: Sequence[Clause], other: Sequence[Clause], side: str
          ) -> tuple[tuple[Clause, ...], Notice | None]:
    """``clauses`` with each clause that swallowed a run of ``other``'s
    clauses re-cut at their boundaries, and the notice to give (None when
    nothing was re-cut). ``side`` names this side in the notice ("old" or
    "new")."""
    other_keys = [_keys(c) for c in other]
    total_other = sum(len(k) for k in other_keys)
    counts: list[Counter[str]] = []
    budget = BUDGET
    out: list[Clause] = []
    recut_ids: list[str] = []
    renamed: dict[str, str] = {}  # a re-cut clause's id -> the id of its last piece, which keeps its children
    for clause in clauses:
        clause = _under(clause, renamed)
        keys = _keys(clause)
        run = None
        if len(keys) >= MIN_BIG and budget >= total_other:
            budget -= total_other
            counts = counts or [Counter(k) for k in other_keys]
            run = _run(keys, other_keys, counts)
            if run is not None:
                run = _in_order(keys, other_keys, *run)
        if run is None:
            out.append(clause)
            continue
        a, b = run
        pieces = _split(clause, other[a:b], other_keys[a:b])
        out.extend(pieces)
        recut_ids.append(clause.id)
        if pieces[-1].id != clause.id:
            renamed[clause.id] = pieces[-1].id
    if not recut_ids:
        return tuple(clauses), None
    taken: Counter[str] = Counter()
    final = []
    for k, c in enumerate(out):
        taken[c.id] += 1
        cid = c.id if taken[c.id] == 1 else f"{c.id}#{taken[c.id]}"
        final.append(replace(c, id=cid, index=k))
    names = ", ".join(recut_ids)
    message = (f"structure recovered from the other version: the {side} version's clause{'s' if len(recut_ids) > 1 else ''}"
               f" {names} held the text of several clauses of the other version (a damaged heading?), and "
               f"{'were' if len(recut_ids) > 1 else 'was'} cut at that version's clause boundaries")
    return tuple(final), Notice("structure-recovered", message)

"""Render a Comparison as one self-contained, side-by-side HTML report.

The only module that imports jinja2. The report is a single file with its CSS
and JS inlined, pinned by a Content-Security-Policy that allows exactly those
two inline blocks (by sha256) and nothing from the network, so a published
report cannot be made to load or run anything else.

Document text never becomes markup here: Python splits it into plain
segments and control-character markers (:func:`segments`) and lays the word
diff out onto paragraphs (:func:`layout`); the template, with autoescape on,
turns those into elements. Example::

    >>> segments("a\\u202eb")
    [('text', 'a'), ('ctl', 'U+202E'), ('text', 'b')]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import deque
from dataclasses import dataclass

import jinja2
from markupsafe import Markup, escape

from moadiff.model import KINDS, Clause, ClauseChange, Comparison, Edit, Options, StaleReference
from moadiff.render import Target
from moadiff.render._page import content_security_policy, environment, read_asset
from moadiff.watch import spans, topics
from moadiff.worddiff import bounded_opcodes

__all__ = ["anchors", "approximate_note", "layout", "pagelist", "plain", "segments", "to_html"]

#: Kinds whose marks are hidden until their toggle is ticked.
HIDDEN_BY_DEFAULT: tuple[str, ...] = ("fill-in", "ocr-noise")

KIND_LABELS: dict[str, str] = {
    "substantive": "substantive",
    "fill-in": "fill-in",
    "formatting": "formatting (case or punctuation)",
    "ocr-noise": "OCR noise",
}

# ---------------------------------------------------------------------------
# Control characters
# ---------------------------------------------------------------------------

# Characters that are invisible or that reorder what the reader sees (bidi
# overrides, zero-width joiners, NUL, line separators...). A redline must
# show them: a U+202E in a clause can make the text read differently from
# what it says. Every format (Cf), control (Cc), surrogate (Cs) and
# line/paragraph separator (Zl, Zp) character is shown as a marker; tab is
# the one control left as text (it is ordinary whitespace in extracted text).
_MARKED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"})
_UNMARKED = frozenset("\t")


def _is_marked(ch: str) -> bool:
    if ch in _UNMARKED:
        return False
    cp = ord(ch)
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:  # noncharacters
        return True
    return unicodedata.category(ch) in _MARKED_CATEGORIES


def _label(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def segments(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ``("text", s)`` and ``("ctl", "U+XXXX")`` pieces.

    The template escapes the text pieces and draws each ``ctl`` piece as a
    visible marker, so no invisible or reordering character reaches the page.
    """
    if text.isprintable():
        # Every marked character is unprintable to Python ("Other" and
        # separator categories): most text needs no look at each character.
        return [("text", text)] if text else []
    out: list[tuple[str, str]] = []
    start = 0
    for i, ch in enumerate(text):
        if _is_marked(ch):
            if i > start:
                out.append(("text", text[start:i]))
            out.append(("ctl", _label(ch)))
            start = i + 1
    if start < len(text):
        out.append(("text", text[start:]))
    return out


def plain(text: str) -> str:
    """``text`` with marked characters spelt out, for places that cannot hold
    elements (``<title>``, attribute values)."""
    return "".join(f"\u27e8{v}\u27e9" if k == "ctl" else v for k, v in segments(text))


# ---------------------------------------------------------------------------
# Laying the word diff out onto paragraphs
# ---------------------------------------------------------------------------


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
    #: Set when the edits could not be placed on the text (shown to the reader).
    note: str = ""
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


def _side_states(edits: tuple[Edit, ...], side: str) -> list[tuple[int, Edit]]:
    """One (edit index, edit) per word on one side of the diff."""
    out: list[tuple[int, Edit]] = []
    for i, e in enumerate(edits):
        out.extend([(i, e)] * len((e.old if side == "old" else e.new).split()))
    return out


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", "".join(c for c in word if not _is_marked(c))).casefold()


def _add_plain(runs: list[Run], s: str) -> None:
    if not s:
        return
    if runs and not runs[-1].mark and runs[-1].low is None:
        runs[-1].text += s
    else:
        runs.append(Run(s))


def _mark_side(
    paras: list[tuple[str, bool]], states: list[tuple[int, Edit]] | None, mark: str,
    low: dict[int, float] | None = None,
) -> tuple[list[Para], list[range]]:
    """Cut each paragraph into runs: plain text, or the words of one edit.

    Returns the paragraphs and, for each, the indices (counted over the whole
    side) of its words. ``states`` None means: no markup. The whitespace
    between two words of one edit stays inside its mark; whitespace next to
    plain text stays plain. ``low`` maps word indices OCR read with low
    confidence to that confidence; such words get runs of their own.
    """
    low = low or {}
    out: list[Para] = []
    word_ix: list[range] = []
    seen: set[int] = set()
    n = 0
    for text, is_title in paras:
        count = len(text.split())  # as many as _WORD finds
        here = states[n : n + count] if states is not None else []
        n += count
        word_ix.append(range(n - count, n))
        if not low and all(e.op == "equal" for _, e in here):
            out.append(Para([Run(text)] if text else [], is_title))  # nothing marked: one plain run
            continue
        words = list(_WORD.finditer(text))
        if states is not None:
            ids = [i if e.op != "equal" else -1 for i, e in here]
            keys: list[Edit | None] = [e if e.op != "equal" else None for _, e in here]
        else:
            ids, keys = [-1] * len(words), [None] * len(words)
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
            edit = keys[k]
            conf = min(low[first + w] for w in range(k, j + 1)) if is_low else None
            if edit is None and conf is None:
                _add_plain(runs, text[pos : words[j].end()])
            elif edit is None:
                _add_plain(runs, text[pos : words[k].start()])
                runs.append(Run(text[words[k].start() : words[j].end()], low=conf))
            else:
                _add_plain(runs, text[pos : words[k].start()])
                target = ids[k] not in seen and (mark == "ins" or not edit.new.split())
                seen.add(ids[k])
                # an unclassified change is treated as the most important kind
                kind = edit.kind if edit.kind in KINDS else "substantive"
                runs.append(Run(text[words[k].start() : words[j].end()], mark, kind, ids[k], target, conf))
            pos = words[j].end()
            k = j + 1
        _add_plain(runs, text[pos:])
        out.append(Para(runs, is_title))
    return out, word_ix


def _count_mismatches(paras: list[tuple[str, bool]], edits: tuple[Edit, ...], side: str) -> int:
    clause_words = [w for text, _ in paras for w in text.split()]
    diff_words = [w for e in edits for w in (e.old if side == "old" else e.new).split()]
    return sum(1 for a, b in zip(clause_words, diff_words) if a != b and _norm(a) != _norm(b))


def _shared_words(
    edits: tuple[Edit, ...], old_ix: list[range], new_ix: list[range]
) -> dict[tuple[int, int], int]:
    """How many unchanged words each (old paragraph, new paragraph) share.

    The paragraphs' word ranges are walked along the edits, a stretch of
    words sharing both paragraphs at a time (linear in edits + paragraphs)."""
    old_ends = [ws.stop for ws in old_ix]
    new_ends = [ws.stop for ws in new_ix]
    shared: dict[tuple[int, int], int] = {}
    o = n = 0
    po = pn = 0  # the paragraphs holding words o and n
    for e in edits:
        ow, nw = len(e.old.split()), len(e.new.split())
        # an "equal" run may be spelt with a different number of words
        # ("70- percent" / "70-percent"); pair its words as far as they go
        if e.op == "equal":
            k, m = 0, min(ow, nw)
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
        o += ow
        n += nw
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


def _monotone_pairs(n_old: int, n_new: int, weight: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """The heaviest set of non-crossing (old, new) paragraph pairs: a table
    over all pairs up to :data:`_PARA_CELLS`, else :func:`_heaviest_chain`."""
    if n_old * n_new > _PARA_CELLS:
        return _heaviest_chain(weight)
    # best[i][j]: the heaviest set among old[:i], new[:j]
    best = [[0] * (n_new + 1) for _ in range(n_old + 1)]
    for i in range(1, n_old + 1):
        for j in range(1, n_new + 1):
            w = weight.get((i - 1, j - 1), 0)
            best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + w if w > 0 else 0)
    pairs: list[tuple[int, int]] = []
    i, j = n_old, n_new
    while i > 0 and j > 0:
        w = weight.get((i - 1, j - 1), 0)
        if w > 0 and best[i][j] == best[i - 1][j - 1] + w:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _heaviest_chain(weight: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """The heaviest chain of pairs increasing on both sides, from the pairs
    that share words only: O(k log k) for k such pairs (a Fenwick tree of
    maxima over new indices), where the table is O(n_old·n_new).

    >>> _heaviest_chain({(0, 1): 1, (1, 0): 5, (2, 2): 1})
    [(1, 0), (2, 2)]
    """
    pairs = sorted(p for p, w in weight.items() if w > 0)
    if not pairs:
        return []
    size = max(j for _, j in pairs) + 1
    tree = [(0, -1)] * (size + 1)  # (heaviest chain ending at a new index <= pos, its last pair)
    best = [0] * len(pairs)
    back = [-1] * len(pairs)
    k = 0
    while k < len(pairs):
        run = k  # pairs of one old paragraph cannot chain with each other
        while run < len(pairs) and pairs[run][0] == pairs[k][0]:
            run += 1
        for m in range(k, run):
            top, pos = (0, -1), pairs[m][1]  # the best chain ending before new index j
            while pos > 0:
                if tree[pos][0] > top[0]:
                    top = tree[pos]
                pos -= pos & -pos
            best[m], back[m] = top[0] + weight[pairs[m]], top[1]
        for m in range(k, run):
            pos = pairs[m][1] + 1
            while pos <= size:
                if best[m] > tree[pos][0]:
                    tree[pos] = (best[m], m)
                pos += pos & -pos
        k = run
    m = max(range(len(pairs)), key=lambda x: (best[x], -x))
    chain: list[tuple[int, int]] = []
    while m >= 0:
        chain.append(pairs[m])
        m = back[m]
    return chain[::-1]


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
        return not partners_n.get(j, set()).isdisjoint(held[0])  # type: ignore[arg-type]

    blocks: list[tuple[list[int], list[int]]] = [([i], [j]) for i, j in _monotone_pairs(n_old, n_new, weight)]
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


def layout(change: ClauseChange) -> Layout:
    """Lay a clause's edits out onto its paragraphs, side by side.

    Words are matched by position: the n-th word of the old clause (title,
    then body) is the n-th word on the old side of the edits, likewise new.
    If the counts disagree the texts are shown unmarked, with a note.
    """
    old_p, new_p = _paragraphs(change.old), _paragraphs(change.new)
    note = ""
    old_states: list[tuple[int, Edit]] | None = None
    new_states: list[tuple[int, Edit]] | None = None
    if change.old is not None and change.new is not None:
        os_, ns_ = _side_states(change.edits, "old"), _side_states(change.edits, "new")
        n_old = sum(len(t.split()) for t, _ in old_p)
        n_new = sum(len(t.split()) for t, _ in new_p)
        if len(os_) == n_old and len(ns_) == n_new:
            old_states, new_states = os_, ns_
            bad = _count_mismatches(old_p, change.edits, "old")
            bad += _count_mismatches(new_p, change.edits, "new")
            if bad:
                note = (
                    f"{bad} word(s) of the word diff differ from the clause text; "
                    "the marks are placed by word position."
                )
        elif any(e.op != "equal" for e in change.edits) or change.old.full_text != change.new.full_text:
            note = (
                "The word diff does not match this clause's text "
                f"(old: {len(os_)} diff words for {n_old} in the text; "
                f"new: {len(ns_)} for {n_new}). Both texts are shown in full, without marks: "
                "compare them by eye."
            )
    old, old_ix = _mark_side(old_p, old_states, "del", _low_words(change.old, old_p))
    new, new_ix = _mark_side(new_p, new_states, "ins", _low_words(change.new, new_p))
    if old_states is not None:
        weight = _shared_words(change.edits, old_ix, new_ix)
    else:
        weight = _text_weights(old, new)
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
    return Layout(rows, note, approximate_note(change))


def similarity_label(score: float) -> str:
    """A clause pair's similarity as a percentage that never rounds a change
    away: 0.997 is ">99%", not "100%".

    >>> [similarity_label(s) for s in (0.997, 0.994, 0.5, 1.0, 0.001, 0.0)]
    ['>99%', '99%', '50%', '100%', '<1%', '0%']
    """
    percent = score * 100 if score <= 1 else score
    if percent < 100 and round(percent) >= 100:
        return ">99%"
    if percent > 0 and round(percent) <= 0:
        return "<1%"
    return f"{percent:.0f}%"


def approximate_note(change: ClauseChange) -> str:
    """What a reader must know about a clause compared within a bound (""
    when it was compared exactly); every report format words it the same."""
    if not change.approximate:
        return ""
    if change.old is None or change.new is None:
        return ("there were too many clauses to compare every pair, so this clause was not compared with "
                "every clause of the other version: it may have a counterpart there, moved or rewritten.")
    return ("this clause is too large to compare word by word within moadiff's limits, so its changes are "
            "marked in coarser runs: a marked run may include words that did not change, and some runs were "
            "not checked for OCR noise. No text is left out: both versions are shown in full.")


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------

# The report's own element ids; a clause anchor never takes one of these (or
# anything starting "md-", the prefix of the rest).
_RESERVED_IDS = frozenset(
    {"top", "documents", "documents-h", "notices-h", "summary", "summary-h", "legend", "legend-h"}
    | {"toc", "toc-h", "changes", "changes-h", "attention", "attention-h", "watch-h", "stale-h"}
)


def _anchor(raw: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-.") or "clause"
    if base.startswith("md-") or base in _RESERVED_IDS:
        base = f"clause-{base}"
    anchor, k = base, 1
    while anchor in taken:
        k += 1
        anchor = f"{base}-{k}"
    taken.add(anchor)
    return anchor


def _pages(clause: Clause | None) -> str:
    if clause is None:
        return ""
    if clause.first_page == clause.last_page:
        return f"p.\u00a0{clause.first_page}"
    return f"pp.\u00a0{clause.first_page}\u2013{clause.last_page}"


@dataclass(slots=True)
class ClauseView:
    n: int
    anchor: str
    change: ClauseChange
    old_id: str
    new_id: str
    title: str
    old_pages: str
    new_pages: str
    is_change: bool
    counts: dict[str, int]
    layout: Layout
    #: Stale cross-references written in this clause.
    stale: list[StaleReference]


def highlights(text: str, view: ClauseView, options: Options) -> list[tuple[str, str, str]]:
    """``text`` cut into ``(piece, class, title)``: class "watch" for a
    mention of a watched topic (in a watched clause), "xref" for a stale
    cross-reference, "" for the rest."""
    marks = [(a, b, "watch", f"watch list: {name}") for a, b, name in spans(text, options)] if view.change.watch else []
    for ref in view.stale:
        marks += [(m.start(), m.end(), "xref", "stale cross-reference") for m in re.finditer(re.escape(ref.text), text)]
    marks.sort(key=lambda m: (m[0], -m[1]))
    out: list[tuple[str, str, str]] = []
    at = 0
    for a, b, cls, title in marks:
        if a < at:
            continue
        if a > at:
            out.append((text[at:a], "", ""))
        out.append((text[a:b], cls, title))
        at = b
    if at < len(text) or not out:
        out.append((text[at:], "", ""))
    return out


# The paragraphs of the clauses are drawn here rather than by template macros:
# a long clause has tens of thousands of runs, and a Jinja macro call per run
# (and per word highlight) costs more than the rest of the report. The markup
# is the template's (report.html.j2 describes the rest of the page); every
# piece of document text goes through escape().


def _t_html(text: str) -> str:
    """Text with control characters as visible markers (the template's ``t``)."""
    if text.isprintable():
        return str(escape(text))  # no marked character (see segments)
    out = []
    for kind, value in segments(text):
        if kind == "ctl":
            out.append(f'<span class="ctl" title="invisible or control character {escape(value)}">'
                       f"&#x27E8;{escape(value)}&#x27E9;</span>")
        else:
            out.append(str(escape(value)))
    return "".join(out)


def _words_html(run: Run, view: ClauseView, options: Options, seen: dict[str, str]) -> str:
    """A run's words, watched mentions and stale references marked, and an
    amber underline if OCR read them with low confidence. ``seen`` holds the
    clause's runs already drawn, by text (a long clause repeats itself)."""
    inner = seen.get(run.text)
    if inner is None:
        inner = seen[run.text] = "".join(
            f'<mark class="{escape(cls)}" title="{escape(why)}">{_t_html(piece)}</mark>' if cls
            else _t_html(piece)
            for piece, cls, why in highlights(run.text, view, options)
        )
    if run.low is not None:
        return (f'<span class="lowconf" title="OCR read this with low confidence ({int(round(run.low, 0))}%): '
                f'check the scan">{inner}</span>')
    return inner


_TABINDEX = ' tabindex="-1"'


def para_html(p: Para, view: ClauseView, options: Options, seen: dict[str, str] | None = None) -> Markup:
    """One paragraph of a clause as HTML: plain runs, ``<del>`` and ``<ins>``.
    ``seen``: runs of this clause already drawn (see _words_html)."""
    seen = {} if seen is None else seen
    out = [f'<p class="{"ptitle" if p.is_title else "ptext"}">']
    for r in p.runs:
        if r.mark in ("del", "ins"):
            label = "deleted" if r.mark == "del" else "inserted"
            out.append(
                f'<{r.mark} class="m k-{escape(r.kind)}{" nav-target" if r.target else ""}" '
                f'data-kind="{escape(r.kind)}" data-edit="{view.n}-{r.edit}" '
                f'title="{label} ({escape(KIND_LABELS[r.kind])})"{_TABINDEX if r.target else ""}>'
                f"{_words_html(r, view, options, seen)}</{r.mark}>")
        else:
            out.append(_words_html(r, view, options, seen))
    out.append("</p>")
    return Markup("".join(out))


def rows_html(view: ClauseView, options: Options) -> Markup:
    """The clause's rows, old and new side by side (the inside of its
    ``<div class="rows">``)."""
    change = view.change
    out: list[str] = []
    seen: dict[str, str] = {}
    for k, (old, new) in enumerate(view.layout.rows):
        title = bool(old and old[0].is_title) or bool(new and new[0].is_title)
        cells = []
        for side, paras, clause, name in (("old", old, change.old, "Old"), ("new", new, change.new, "New")):
            label = f'<span class="sr">{name} version: </span>' if k == 0 else ""
            absent = f'<p class="absent">Not in the {side} version.</p>' if k == 0 and clause is None else ""
            body = "".join(para_html(p, view, options, seen) for p in paras)
            cells.append(f'          <div class="cell {side}">{label}{body}{absent}</div>\n')
        out.append(f'        <div class="row{" trow" if title else ""}">\n{cells[0]}{cells[1]}        </div>\n')
    if not view.layout.rows:
        out.append('        <div class="row"><div class="cell old"><p class="absent">'
                   f'{"(no text)" if change.old else "Not in the old version."}</p></div><div class="cell new">'
                   f'<p class="absent">{"(no text)" if change.new else "Not in the new version."}</p></div></div>\n')
    return Markup("".join(out))


def anchors(comparison: Comparison) -> list[str]:
    """The report's anchor (element id) of each change, in order: other
    formats written beside the HTML link to ``report.html#anchor``."""
    taken: set[str] = set()
    out = []
    for change in comparison.changes:
        primary = change.new if change.new is not None else change.old
        out.append(_anchor(primary.id if primary is not None else "", taken))
    return out


def _view(n: int, change: ClauseChange, anchor: str, stale: list[StaleReference]) -> ClauseView:
    old, new = change.old, change.new
    primary = new if new is not None else old
    counts: dict[str, int] = {k: change.count(k) for k in KINDS}
    return ClauseView(
        n=n,
        anchor=anchor,
        change=change,
        old_id=old.id if old else "",
        new_id=new.id if new else "",
        title=(primary.title if primary else "") or "",
        old_pages=_pages(old),
        new_pages=_pages(new),
        is_change=change.status != "unchanged" or change.moved or any(v for v in counts.values()),
        counts=counts,
        layout=layout(change),
        stale=[r for r in stale if change.new is not None and r.clause == change.new.id],
    )


def pagelist(pages: tuple[int, ...]) -> str:
    """``(3, 4, 5, 9)`` -> ``"pages 3–5, 9"``."""
    nums = sorted(set(pages))
    spans: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        spans.append(str(nums[i]) if i == j else f"{nums[i]}\u2013{nums[j]}")
        i = j + 1
    return ("page " if len(nums) == 1 else "pages ") + ", ".join(spans)


def _environment() -> jinja2.Environment:
    env = environment()
    env.filters["segments"] = segments
    env.filters["plain"] = plain
    env.filters["pagelist"] = pagelist
    return env


_ENV: jinja2.Environment | None = None


def to_html(comparison: Comparison, *, print_css: str = "") -> str:
    """The comparison as one self-contained HTML document. ``print_css`` (our
    own rules, see pdf.py) is appended to the stylesheet."""
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    css, js = read_asset("report.css") + print_css, read_asset("report.js")
    if "</style" in print_css.lower():
        raise ValueError("print_css must not contain </style")
    csp = content_security_policy(css, js)
    stale = list(comparison.references)
    views = [_view(i, c, a, stale) for i, (c, a) in enumerate(zip(comparison.changes, anchors(comparison), strict=True))]
    template = _ENV.get_template("report.html.j2")
    return template.render(
        c=comparison,
        summary=comparison.summary,
        views=views,
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        hidden_by_default=HIDDEN_BY_DEFAULT,
        n_changes=sum(1 for v in views if v.is_change),
        n_approximate=sum(1 for v in views if v.change.approximate),
        watched=[v for v in views if v.change.watch],
        stale_views=[v for v in views if v.stale],
        watch_topics=[t.name for t in topics(comparison.options)],
        rows=lambda view: rows_html(view, comparison.options),
        similar=similarity_label,
        has_low_confidence=any(side is not None and side.low_confidence
                               for ch in comparison.changes for side in (ch.old, ch.new)),
        # Our own strings and files (hashes, checked CSS/JS); never document text.
        csp=Markup(csp),
        css=Markup(css),
        js=Markup(js),
        data={"kinds": list(KINDS), "hidden": list(HIDDEN_BY_DEFAULT)},
    )


def render(comparison: Comparison, target: Target) -> bytes:
    """The HTML report, UTF-8 (the renderer table's entry point, see moadiff.render)."""
    return to_html(comparison).encode("utf-8")

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
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from moadiff.model import KINDS, Clause, ClauseChange, Comparison, Edit, Options, StaleReference
from moadiff.render._page import content_security_policy, environment, read_asset
from moadiff.watch import spans, topics

__all__ = ["anchors", "layout", "pagelist", "plain", "segments", "to_html"]

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


_WORD = re.compile(r"\S+")  # \S agrees with str.split() on every code point


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
        words = (e.old if side == "old" else e.new).split()
        out.extend((i, e) for _ in words)
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
) -> tuple[list[Para], list[list[int]]]:
    """Cut each paragraph into runs: plain text, or the words of one edit.

    Returns the paragraphs and, for each, the indices (counted over the whole
    side) of its words. ``states`` None means: no markup. The whitespace
    between two words of one edit stays inside its mark; whitespace next to
    plain text stays plain. ``low`` maps word indices OCR read with low
    confidence to that confidence; such words get runs of their own.
    """
    low = low or {}
    out: list[Para] = []
    word_ix: list[list[int]] = []
    seen: set[int] = set()
    n = 0
    for text, is_title in paras:
        words = list(_WORD.finditer(text))
        keys: list[Edit | None] = []
        ids: list[int] = []
        for _ in words:
            if states is not None and states[n][1].op != "equal":
                ids.append(states[n][0])
                keys.append(states[n][1])
            else:
                ids.append(-1)
                keys.append(None)
            n += 1
        word_ix.append(list(range(n - len(words), n)))
        runs: list[Run] = []
        pos = k = 0
        first = n - len(words)
        while k < len(words):
            j = k
            is_low = first + k in low
            while j + 1 < len(words) and ids[j + 1] == ids[k] and (first + j + 1 in low) == is_low:
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
    return sum(1 for a, b in zip(clause_words, diff_words) if _norm(a) != _norm(b))


def _shared_words(
    edits: tuple[Edit, ...], old_ix: list[list[int]], new_ix: list[list[int]]
) -> dict[tuple[int, int], int]:
    """How many unchanged words each (old paragraph, new paragraph) share."""
    old_para = {w: p for p, ws in enumerate(old_ix) for w in ws}
    new_para = {w: p for p, ws in enumerate(new_ix) for w in ws}
    shared: dict[tuple[int, int], int] = {}
    o = n = 0
    for e in edits:
        ow, nw = len(e.old.split()), len(e.new.split())
        # an "equal" run may be spelt with a different number of words
        # ("70- percent" / "70-percent"); pair its words as far as they go
        if e.op == "equal":
            for k in range(min(ow, nw)):
                key = (old_para.get(o + k, -1), new_para.get(n + k, -1))
                shared[key] = shared.get(key, 0) + 1
        o += ow
        n += nw
    return shared


def _text_weights(old: list[Para], new: list[Para]) -> dict[tuple[int, int], int]:
    """Without a usable word diff: identical paragraphs, in order."""
    weight: dict[tuple[int, int], int] = {}
    sm = difflib.SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    for tag, i1, i2, j1, _ in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                weight[(i1 + k, j1 + k)] = 1
    return weight


def _monotone_pairs(n_old: int, n_new: int, weight: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """The heaviest set of non-crossing (old, new) paragraph pairs."""
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


def _rows(n_old: int, n_new: int, weight: dict[tuple[int, int], int]) -> list[tuple[list[int], list[int]]]:
    """Rows of paragraph indices, both sides in order.

    Each anchor pair opens a row. A paragraph left over between two rows
    joins the neighbouring row whose other side it shares words with (a
    paragraph split in two, or two merged into one, stays on one row);
    the rest of a gap is set side by side by position.
    """

    def shares(i: int | None, j: int | None, row: tuple[list[int], list[int]]) -> bool:
        if i is not None:
            return any(weight.get((i, jj), 0) > 0 for jj in row[1])
        return any(weight.get((ii, j), 0) > 0 for ii in row[0])  # type: ignore[arg-type]

    blocks: list[tuple[list[int], list[int]]] = [([i], [j]) for i, j in _monotone_pairs(n_old, n_new, weight)]
    rows: list[tuple[list[int], list[int]]] = []
    oi = ni = 0
    for k in range(len(blocks) + 1):
        nxt = blocks[k] if k < len(blocks) else None
        prev = rows[-1] if rows and k > 0 else None
        gap_old = list(range(oi, nxt[0][0] if nxt else n_old))
        gap_new = list(range(ni, nxt[1][0] if nxt else n_new))
        while prev and gap_old and shares(gap_old[0], None, prev):
            prev[0].append(gap_old.pop(0))
        while prev and gap_new and shares(None, gap_new[0], prev):
            prev[1].append(gap_new.pop(0))
        while nxt and gap_old and shares(gap_old[-1], None, nxt):
            nxt[0].insert(0, gap_old.pop())
        while nxt and gap_new and shares(None, gap_new[-1], nxt):
            nxt[1].insert(0, gap_new.pop())
        for g in range(max(len(gap_old), len(gap_new))):
            rows.append((gap_old[g : g + 1], gap_new[g : g + 1]))
        if nxt:
            rows.append(nxt)
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
    return Layout(rows, note)


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
        watched=[v for v in views if v.change.watch],
        stale_views=[v for v in views if v.stale],
        watch_topics=[t.name for t in topics(comparison.options)],
        highlights=lambda text, view: highlights(text, view, comparison.options),
        has_low_confidence=any(side is not None and side.low_confidence
                               for ch in comparison.changes for side in (ch.old, ch.new)),
        # Our own strings and files (hashes, checked CSS/JS); never document text.
        csp=Markup(csp),
        css=Markup(css),
        js=Markup(js),
        data={"kinds": list(KINDS), "hidden": list(HIDDEN_BY_DEFAULT)},
    )

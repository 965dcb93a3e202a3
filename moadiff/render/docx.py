"""Render a Comparison as a Word redline: the new agreement, with every change
from the old one as a real tracked change a lawyer can accept or reject.

The one module that writes WordprocessingML. It needs no third-party library:
the package is a handful of XML parts written with the standard library and
zipped in a fixed order with fixed timestamps, so the same comparison (and
the same ``SOURCE_DATE_EPOCH``) gives the same bytes.

**The invariant.** Accepting every change gives the new agreement's words,
clause by clause (label, title, text); rejecting every change gives the old
agreement's, in the old order. Two kinds of edit are deliberately left out of
the tracking, so rejecting them keeps the new words: ``ocr-noise`` (the old
side is a misreading, not what the agreement says) and ``formatting`` (case
and punctuation), as are ``equal`` runs spelt differently ("70- percent").

**How a clause becomes paragraphs.** Each side of a clause is its label, its
title (a Heading 1/2/3 paragraph by ``level``) and its body paragraphs; the
word diff says which words are on both sides, which only old, which only new.
The two sides' paragraph breaks are laid on one stream of words: a break of
one side may sit anywhere between that side's neighbouring words, and where a
break of each side can share a place, it becomes one untracked paragraph
mark. A break of one side only is a tracked paragraph mark (``w:ins`` or
``w:del`` in the mark's run properties), so that accepting or rejecting joins
the paragraphs as the other side has them. Word cannot track the document's
last paragraph mark, so a redline ending in a tracked one gets an empty last
paragraph (it carries no words).

**Spaces** are given a state of their own: a space is needed in a view
(accept or reject) before a word that survives there, when the previous
surviving thing is a word and not a paragraph mark. Needed in both views it
is plain; in one, it is inserted or deleted with the words it separates.

**Moves** use Word's move markup: at the clause's old place its old words are
``w:moveFrom`` inside a ``w:moveFromRangeStart``/``End`` pair, at its new
place its new words are ``w:moveTo`` inside a ``moveToRange`` pair with the
same ``w:name``. Words the move also changed are plain ``w:del`` at the old
place and ``w:ins`` at the new one, so each word is tracked once and
reject-all restores the old order exactly. LibreOffice (7.4) shows them as
moves and accepts and rejects them as Word does (tests/test_render_docx.py,
benchmarks/redline.py), so no comment has to stand in for them.

**The cover page** (:func:`cover`) comes first: the title, the headline,
both agreements, the warnings, the watch list, how to read the redline and
where it came from. It is not tracked, so both views start with it.

**Authors.** Changes to the language are tracked under ``moadiff``, fill-in
edits under ``moadiff (fill-in)``, so Word and LibreOffice colour them
apart. A signature block is written one paragraph per label ("For the
LEA:", "Date:", ... see :func:`paragraphs`): a scan of two columns of
signatories reads as one line.

**Comments** (``word/comments.xml``): each clause heading carries its old and
new page numbers ("IV.B: old pp. 3–4; new p. 3."); a fill-in edit carries "fill-in: old →
new"; a stale cross-reference carries its message, anchored on exactly the
reference's characters; a changed clause that mentions watch-list topics
carries "Watch list: …" on its heading, and a clause compared within
moadiff's limits carries "Approximate: …" with the HTML report's reason. A
comment on deleted words only (a removed clause's heading) is a point after
them. A comment adds no text to either view.

**Text safety.** Document text is data. Characters XML 1.0 cannot hold (NUL,
most C0 controls, lone surrogates, U+FFFE) and characters that are invisible
or reorder what the reader sees (bidi overrides, zero-width joiners, soft
hyphens...) are written as a visible ``⟨U+XXXX⟩`` marker, as the HTML
report shows them.

>>> visible("Section\\u202eV")
'Section⟨U+202E⟩V'
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Literal

from moadiff.model import Clause, ClauseChange, Comparison, DocumentInfo, Edit, StaleReference
from moadiff.render import Target
from moadiff.render.common import (
    approximate_note,
    headline,
    moved_note,
    notice_pages,
    options_line,
    provenance,
    report_date,
    report_title,
    shown_agency,
)

__all__ = ["AUTHOR", "FILL_AUTHOR", "UNTRACKED", "cover", "heading_style", "paragraphs", "to_docx", "visible"]

#: The author of every tracked change and comment...
AUTHOR = "moadiff"
#: ...except fill-in changes, tracked under their own author so that Word
#: and LibreOffice colour them apart from changes to the language.
FILL_AUTHOR = "moadiff (fill-in)"
#: Edit kinds shown as the new words, untracked.
UNTRACKED: frozenset[str] = frozenset({"ocr-noise", "formatting"})

State = Literal["same", "ins", "del", "moveFrom", "moveTo"]
Mode = Literal["normal", "from", "to"]

_IN_ACCEPT: frozenset[str] = frozenset({"same", "ins", "moveTo"})
_IN_REJECT: frozenset[str] = frozenset({"same", "del", "moveFrom"})

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC, _DCTERMS = "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
for _prefix, _uri in (("w", W), ("r", _R), ("cp", _CP), ("dc", _DC), ("dcterms", _DCTERMS), ("xsi", _XSI)):
    ET.register_namespace(_prefix, _uri)

# ---------------------------------------------------------------------------
# Text safety
# ---------------------------------------------------------------------------

_MARKED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _is_marked(ch: str) -> bool:
    cp = ord(ch)
    if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:  # noncharacters
        return True
    return unicodedata.category(ch) in _MARKED_CATEGORIES


def visible(text: str) -> str:
    """``text`` with every control, format, surrogate, private-use or
    unassigned character written as ``⟨U+XXXX⟩``: what remains is legal XML
    and reads as it is stored."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"\u27e8U+{ord(ch):04X}\u27e9" if _is_marked(ch) else ch for ch in text)


def _words(text: str) -> list[str]:
    return [visible(w) for w in text.split()]


def _sentence(text: str, limit: int = 300) -> str:
    """Free text (a comment, a header) on one line, visible, and not too long."""
    out = " ".join(_words(text))
    return out if len(out) <= limit else out[: limit - 1] + "\u2026"


def _timestamp() -> str:
    """Now (UTC), or ``SOURCE_DATE_EPOCH`` for reproducible output."""
    return report_date()


# ---------------------------------------------------------------------------
# The stream: words, paragraph marks and zero-width tags, in document order
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Text:
    """A word (or the space before one) in one state."""

    text: str
    state: State
    #: Part of the previous word (a word cut by a comment range): no space before.
    glue: bool = False
    #: The words of a fill-in edit: tracked under FILL_AUTHOR.
    fill: bool = False


@dataclass(slots=True)
class _Mark:
    """The end of a paragraph; its state tracks the paragraph mark itself."""

    state: State
    style: str = "Normal"


TagKind = Literal["comment-start", "comment-end", "comment-point",
                  "moveFrom-start", "moveFrom-end", "moveTo-start", "moveTo-end"]


@dataclass(slots=True)
class _Tag:
    """Zero-width markup: a comment range or a move range boundary."""

    kind: TagKind
    ref: int  # the comment's index, or the move's number


Token = _Text | _Mark | _Tag


@dataclass(slots=True)
class _Gap:
    """What goes between two words of a clause: comment ends, paragraph
    marks and comment starts, in that order."""

    ends: list[_Tag] = field(default_factory=list)
    marks: list[_Mark] = field(default_factory=list)
    starts: list[_Tag] = field(default_factory=list)


def heading_style(level: int) -> str:
    """The Word style of a clause title: sections Heading 1, subsections
    Heading 2, anything deeper Heading 3."""
    return f"Heading{min(max(level, 0), 2) + 1}"


_FIELD_LABEL = re.compile(r"^[A-Z][a-z]+:$")


def _labels(words: Sequence[str]) -> list[tuple[int, int]]:
    """The labels of a signature block's words, as (first, one past the
    last) word: "For the LEA:", "For ICE:", "Date:", "Name:" ..."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        end = next((k for k in range(i + 1, min(i + 4, len(words))) if words[k].endswith(":")), None)
        if words[i] == "For" and end is not None:
            out.append((i, end + 1))
            i = end + 1
            continue
        if _FIELD_LABEL.match(words[i]):
            out.append((i, i + 1))
        i += 1
    return out


def _signature_lines(para: str) -> list[str]:
    """A signature block's line cut before each label ("For the LEA:",
    "Date:", "Name:", ...): a scan of two signature columns reads as one line."""
    words = para.split()
    starts = [a for a, _ in _labels(words)]
    cuts = [0, *(k for k in starts if k > 0), len(words)]
    return [" ".join(words[a:b]) for a, b in pairwise(cuts) if b > a]


def paragraphs(clause: Clause) -> list[str]:
    """The clause's body paragraphs as the redline writes them: as the
    agreement has them, except that a signature block has one paragraph per
    label, so the two columns of signatories do not run together.

    >>> from moadiff.model import Clause
    >>> sig = Clause("S", "", "", "For the LEA: For ICE:\\nName: ____ Jason Woosley Name: ____", 9, 9, 0, "signature")
    >>> paragraphs(sig)
    ['For the LEA:', 'For ICE:', 'Name: ____ Jason Woosley', 'Name: ____']
    """
    paras = clause.text.split("\n")
    if clause.kind != "signature":
        return paras
    return [line for para in paras for line in _signature_lines(para)]


def _paragraph_breaks(clause: Clause | None, words: int) -> tuple[list[int], int | None]:
    """Where the clause's paragraphs end, as counts of its words (title first),
    and the count that ends its title (None: no title paragraph). The last
    break is always ``words``, the clause's end."""
    if clause is None:
        return [], None
    counts: list[int] = []
    title: int | None = None
    n = 0
    paras = ([clause.title] if clause.title else []) + paragraphs(clause)
    for k, para in enumerate(paras):
        size = len(para.split())
        if size == 0:
            continue
        n += size
        if n >= words:
            break
        counts.append(n)
        if k == 0 and clause.title.split():
            title = n
    if clause.title.split() and title is None and len(clause.title.split()) >= words:
        title = words  # a clause that is only its title
    return counts + [words], title


def _tracked(edit: Edit) -> bool:
    return edit.op != "equal" and edit.kind not in UNTRACKED


def _state(edit: Edit, side: str, mode: Mode) -> State | None:
    """How one side's words of an edit are shown at a site (None: not shown)."""
    tracked = _tracked(edit)
    if mode == "normal":
        if side == "new":
            return "ins" if tracked else "same"
        return "del" if tracked else None
    if mode == "from":
        return None if side == "new" else ("del" if tracked else "moveFrom")
    return None if side == "old" else ("ins" if tracked else "moveTo")


def _clause_words(clause: Clause | None) -> list[str]:
    """The words the edits' spans count (Edit): title, then body."""
    return clause.full_text.split() if clause is not None else []


def _site_edits(change: ClauseChange, old: list[str], new: list[str]) -> tuple[Edit, ...]:
    """The change's edits (their spans tile both clauses' words, as
    pipeline.py checks); for an added or removed clause, which has none, one
    edit that inserts or deletes all its words."""
    if change.old is not None and change.new is not None:
        return change.edits
    if old:
        return (Edit("delete", " ".join(old), "", "substantive", i1=0, i2=len(old)),)
    if new:
        return (Edit("insert", "", " ".join(new), "substantive", j1=0, j2=len(new)),)
    return ()


@dataclass(slots=True)
class _Site:
    """One place a clause is written: its tokens between gaps, and what each
    gap holds. ``gaps[g]`` sits before ``tokens[g]`` (``gaps[-1]`` at the end)."""

    tokens: list[_Text]
    gaps: list[_Gap]
    old_at: list[int]  # old words consumed before each gap
    new_at: list[int]
    #: Edit index -> (first token, one past the last) of its shown words.
    edit_span: dict[int, tuple[int, int]]
    #: New word index -> its token, where new words are shown.
    new_token: dict[int, int]
    #: Token -> tags that fall inside it, at a character offset.
    cuts: dict[int, list[tuple[int, _Tag]]] = field(default_factory=dict)

    def tokens_out(self) -> list[Token]:
        out: list[Token] = []
        for g, gap in enumerate(self.gaps):
            out.extend(gap.ends)
            out.extend(gap.marks)
            out.extend(gap.starts)
            if g < len(self.tokens):
                out.extend(self._cut(g))
        return out

    def _cut(self, k: int) -> list[Token]:
        token = self.tokens[k]
        if k not in self.cuts:
            return [token]
        out: list[Token] = []
        at = 0
        for offset, tag in sorted(self.cuts[k], key=lambda c: c[0]):
            if offset > at:
                out.append(_Text(token.text[at:offset], token.state, glue=at > 0, fill=token.fill))
                at = offset
            out.append(tag)
        out.append(_Text(token.text[at:], token.state, glue=at > 0, fill=token.fill))
        return out


def _label_tokens(change: ClauseChange, mode: Mode) -> list[_Text]:
    old = _words(change.old.label) if change.old is not None and mode != "to" else None
    new = _words(change.new.label) if change.new is not None and mode != "from" else None
    if old is not None and new is not None and old == new:
        return [_Text(w, "same") for w in new]
    same_label = change.old is not None and change.new is not None and change.old.label.split() == change.new.label.split()
    out: list[_Text] = []
    if old is not None:
        out += [_Text(w, "moveFrom" if mode == "from" and same_label else "del") for w in old]
    if new is not None:
        out += [_Text(w, "moveTo" if mode == "to" and same_label else "ins") for w in new]
    return out


def _walk(change: ClauseChange, edits: Sequence[Edit], words: dict[str, list[str]], mode: Mode) -> _Site:
    """The site's tokens (labels, then the words the mode shows) and the
    running counts of old and new words at each gap. ``words``: each side's
    words, which the edits' spans index."""
    tokens = _label_tokens(change, mode)
    old_at, new_at = [0] * (len(tokens) + 1), [0] * (len(tokens) + 1)
    # In a signature block, a fill-in edit's labels ("For the LEA:", "Date:")
    # are the template's words: tracked as changes to the language, and only
    # the values (names, titles, dates) under the fill-in author.
    labels: dict[str, set[int]] = {"old": set(), "new": set()}
    for side, clause in (("old", change.old), ("new", change.new)):
        if clause is not None and clause.kind == "signature":
            labels[side] = {k for a, b in _labels(words[side]) for k in range(a, b)}
    spans: dict[int, tuple[int, int]] = {}
    new_token: dict[int, int] = {}
    o = n = 0
    for i, e in enumerate(edits):
        first = len(tokens)
        spans_of = {"old": (e.i1, e.i2), "new": (e.j1, e.j2)}
        counts = {"old": e.i2 - e.i1, "new": e.j2 - e.j1}
        shown = [s for s in ("old", "new") if _state(e, s, mode) is not None]
        # The words of a side not shown here are counted along the shown
        # side's words, in proportion ("equal" runs word for word), so that
        # a paragraph break of that side falls where its words are.
        hidden = "new" if shown == ["old"] else "old" if shown == ["new"] else None
        base = {"old": o, "new": n}
        for side in shown:
            state = _state(e, side, mode)
            assert state is not None
            lo, hi = spans_of[side]
            shown_words = words[side][lo:hi]
            for k, w in enumerate(shown_words):
                if side == "old":
                    o += 1
                else:
                    n += 1
                    new_token[n - 1] = len(tokens)
                if hidden is not None:
                    part = base[hidden] + (k + 1) * counts[hidden] // len(shown_words)
                    o, n = (part, n) if hidden == "old" else (o, part)
                tokens.append(_Text(visible(w), state, fill=e.kind == "fill-in" and lo + k not in labels[side]))
                old_at.append(o)
                new_at.append(n)
        # whatever is left (a side with no words shown here) counts at the current gap
        o, n = base["old"] + counts["old"], base["new"] + counts["new"]
        old_at[-1], new_at[-1] = o, n
        if len(tokens) > first:
            spans[i] = (first, len(tokens))
    return _Site(tokens, [_Gap() for _ in range(len(tokens) + 1)], old_at, new_at, spans, new_token)


def _interval(at: list[int], count: int) -> tuple[int, int]:
    """The gaps where a break after ``count`` words of one side may sit."""
    lo = min(bisect.bisect_left(at, count), len(at) - 1)
    hi = max(lo, bisect.bisect_right(at, count) - 1)
    return lo, hi


def _place_marks(site: _Site, change: ClauseChange, mode: Mode, linked: bool = True) -> None:
    """Lay both sides' paragraph breaks on the site (see the module docstring).
    ``linked``: a site of a marked move (its lone marks are the move's)."""
    show_old = change.old is not None and mode != "to"
    show_new = change.new is not None and mode != "from"
    old_breaks, old_title = _paragraph_breaks(change.old if show_old else None, site.old_at[-1])
    new_breaks, new_title = _paragraph_breaks(change.new if show_new else None, site.new_at[-1])
    old_level = change.old.level if change.old is not None else 0
    new_level = change.new.level if change.new is not None else 0
    lone_old: State = "moveFrom" if mode == "from" and linked else "del"
    lone_new: State = "moveTo" if mode == "to" and linked else "ins"
    end = len(site.tokens)

    def style(ob: int | None, nb: int | None) -> str:
        if nb is not None:
            return heading_style(new_level) if nb == new_title else "Normal"
        return heading_style(old_level) if ob == old_title else "Normal"

    def put(gap: int, state: State, ob: int | None, nb: int | None) -> None:
        if 0 < gap < end:  # a break at either end would only make an empty paragraph
            site.gaps[gap].marks.append(_Mark(state, style(ob, nb)))

    olds = [(c, _interval(site.old_at, c)) for c in old_breaks[:-1]]
    news = [(c, _interval(site.new_at, c)) for c in new_breaks[:-1]]
    i = j = 0
    while i < len(olds) or j < len(news):
        if i < len(olds) and j < len(news):
            (oc, (olo, ohi)), (nc, (nlo, nhi)) = olds[i], news[j]
            if olo <= nhi and nlo <= ohi:  # one place suits both: an untracked mark
                put(max(olo, nlo), "same", oc, nc)
                i, j = i + 1, j + 1
            elif ohi < nlo:
                put(olo, lone_old, oc, None)
                i += 1
            else:
                put(nlo, lone_new, None, nc)
                j += 1
        elif i < len(olds):
            put(olds[i][1][0], lone_old, olds[i][0], None)
            i += 1
        else:
            put(news[j][1][0], lone_new, None, news[j][0])
            j += 1
    # The clause's own end: both sides end here.
    ob = old_breaks[-1] if old_breaks else None
    nb = new_breaks[-1] if new_breaks else None
    if ob is not None or nb is not None:
        state: State = "same" if ob is not None and nb is not None else (lone_old if nb is None else lone_new)
        site.gaps[end].marks.append(_Mark(state, style(ob, nb)))


# ---------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------


def _quote(words: str) -> str:
    return f"\u201c{_sentence(words, 120)}\u201d"


def _page_span(clause: Clause) -> str:
    if clause.first_page == clause.last_page:
        return f"p. {clause.first_page}"
    return f"pp. {clause.first_page}\u2013{clause.last_page}"


def _pages_note(change: ClauseChange) -> str:
    """Where the clause is in the two documents: "IV.B: old p. 3–4; new p. 3."."""
    old = f"old {_page_span(change.old)}" if change.old is not None else "not in the old version"
    new = f"new {_page_span(change.new)}" if change.new is not None else "not in the new version"
    clause = change.new if change.new is not None else change.old
    return f"{clause.id + ': ' if clause is not None and clause.id else ''}{old}; {new}."


def _fill_note(edit: Edit) -> str:
    if edit.j1 == edit.j2:
        return f"fill-in: {_quote(edit.old)} removed"
    if edit.i1 == edit.i2:
        return f"fill-in: {_quote(edit.new)} added"
    return f"fill-in: {_quote(edit.old)} \u2192 {_quote(edit.new)}"


def _anchor(site: _Site, comments: list[str], text: str, start: int, stop: int) -> None:
    """A comment over the tokens ``start:stop`` of the site (a point comment
    after them when none of them is kept by accepting)."""
    ref = len(comments)
    comments.append(_sentence(text, 2000))
    if all(t.state in ("del", "moveFrom") for t in site.tokens[start:stop]):
        # On deleted words only, a comment is a point after them: LibreOffice
        # (7.4) aborts when a comment whose range is exactly a deletion is
        # removed, and accepting the deletion would leave an empty range.
        site.gaps[stop].ends.append(_Tag("comment-point", ref))
        return
    site.gaps[start].starts.append(_Tag("comment-start", ref))
    site.gaps[stop].ends.append(_Tag("comment-end", ref))


def _anchor_within(site: _Site, comments: list[str], text: str, start: tuple[int, int], end: tuple[int, int]
                   ) -> None:
    """A comment over exactly the characters from ``start`` to ``end``
    ((token, character offset) each), cutting a word where the range does."""
    ref = len(comments)
    comments.append(_sentence(text, 2000))
    (k, at), (m, stop) = start, end
    if at == 0:
        site.gaps[k].starts.append(_Tag("comment-start", ref))
    else:
        site.cuts.setdefault(k, []).append((at, _Tag("comment-start", ref)))
    if stop >= len(site.tokens[m].text):
        site.gaps[m + 1].ends.append(_Tag("comment-end", ref))
    else:
        site.cuts.setdefault(m, []).append((stop, _Tag("comment-end", ref)))


def _heading_span(site: _Site) -> tuple[int, int]:
    """The first paragraph of the site: its tokens up to the first mark."""
    for g, gap in enumerate(site.gaps):
        if gap.marks:
            return 0, g
    return 0, len(site.tokens)


def _find_words(words: list[str], phrase: str, after: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where ``phrase`` (space-joined words) is in ``words``, from word
    ``after`` on: (first word, offset in it), (last word, end offset in it)."""
    joined = " ".join(words)
    starts = [0]
    for w in words:
        starts.append(starts[-1] + len(w) + 1)
    at = joined.find(phrase, starts[min(after, len(words))]) if phrase else -1
    if at < 0:
        return None
    first = bisect.bisect_right(starts, at) - 1
    end = at + len(phrase)
    last = bisect.bisect_right(starts, end - 1) - 1
    return (first, at - starts[first]), (last, end - starts[last])


def _comment_site(site: _Site, change: ClauseChange, edits: Sequence[Edit], new_words: list[str], mode: Mode,
                  primary: bool, refs: Sequence[StaleReference], comments: list[str]) -> None:
    """Put the site's comments: fill-ins, stale references, the watch list,
    and the note on a clause compared approximately. ``new_words``: the new
    clause's words (the edits' new spans index them)."""
    for i, e in enumerate(edits):
        if e.kind != "fill-in" or not _tracked(e) or i not in site.edit_span:
            continue
        # A moved fill-in is noted once: where its new words are, or where the old ones were.
        if mode == "from" and e.j2 > e.j1:
            continue
        _anchor(site, comments, _fill_note(e), *site.edit_span[i])
    for i, e in enumerate(edits):  # text that moved between clauses says from or to where
        if e.moved is not None and i in site.edit_span and not (mode == "from" and e.j2 > e.j1):
            note = moved_note(e.moved, e.op)
            _anchor(site, comments, f"{note[0].upper()}{note[1:]}: {_quote(e.old or e.new)}",
                    *site.edit_span[i])
    if not primary:
        return
    if change.moved_text:
        clause = change.old if change.old is not None else change.new
        words = clause.full_text.split() if clause is not None else []
        op = "delete" if change.new is None else "insert"
        _anchor(site, comments, "; ".join(f"{_quote(' '.join(words[a:b]))} {moved_note(m, op)}"
                                          for a, b, m in change.moved_text), *_heading_span(site))
    _anchor(site, comments, _pages_note(change), *_heading_span(site))
    if change.watch:
        _anchor(site, comments, "Watch list: " + ", ".join(change.watch), *_heading_span(site))
    if change.approximate:
        _anchor(site, comments, "Approximate: " + approximate_note(change), *_heading_span(site))
    words = [visible(w) for w in new_words]
    searched: dict[str, int] = {}
    for ref in refs:
        phrase = " ".join(_words(ref.text))
        found = _find_words(words, phrase, searched.get(phrase, 0))
        if found is not None and all(k in site.new_token for k in range(found[0][0], found[1][0] + 1)):
            (first, start), (last, end) = found
            searched[phrase] = last + 1
            _anchor_within(site, comments, ref.message, (site.new_token[first], start), (site.new_token[last], end))
        else:  # not found as written: note it on the clause's heading
            _anchor(site, comments, ref.message, *_heading_span(site))


# ---------------------------------------------------------------------------
# From clauses to one stream
# ---------------------------------------------------------------------------


def _clause_refs(change: ClauseChange, refs: Sequence[StaleReference]) -> list[StaleReference]:
    if change.new is None:
        return []
    ids = {change.new.id, *change.new_parts}
    return [r for r in refs if r.clause in ids]


def _site_tokens(change: ClauseChange, mode: Mode, move: int, refs: Sequence[StaleReference],
                 comments: list[str]) -> list[Token]:
    """One site's tokens. ``move`` numbers a marked move (0: none); a moved
    clause whose other place is empty is plainly deleted and inserted."""
    words = {"old": _clause_words(change.old), "new": _clause_words(change.new)}
    edits = _site_edits(change, words["old"], words["new"])
    site = _walk(change, edits, words, mode)
    if not site.tokens:
        return []  # no words either side: nothing to accept or reject
    if mode != "normal" and not move:
        for t in site.tokens:
            t.state = "del" if t.state == "moveFrom" else "ins" if t.state == "moveTo" else t.state
    _place_marks(site, change, mode, linked=bool(move))
    primary = mode != "from"
    _comment_site(site, change, edits, words["new"], mode, primary, _clause_refs(change, refs) if primary else (),
                  comments)
    out = site.tokens_out()
    if not move:
        return out
    # The move range spans the whole site: its start opens the first
    # paragraph, its end closes the last one (before the final mark).
    last_mark = max(k for k, t in enumerate(out) if isinstance(t, _Mark))
    start, end = _MOVE_TAGS["from" if mode == "from" else "to"]
    out.insert(last_mark, _Tag(end, move))
    out.insert(0, _Tag(start, move))
    return out


#: The range tags (start, end) of a move's old place ("from") and new place ("to").
_MOVE_TAGS: dict[str, tuple[TagKind, TagKind]] = {"from": ("moveFrom-start", "moveFrom-end"),
                                                   "to": ("moveTo-start", "moveTo-end")}


def _has_words(clause: Clause | None) -> bool:
    return clause is not None and bool(clause.label.split() or clause.full_text.split())


def _is_move(change: ClauseChange) -> bool:
    """A clause written at both its old and its new place."""
    return change.moved and change.old is not None and change.new is not None


def _order(changes: Sequence[ClauseChange]) -> list[tuple[ClauseChange, Mode, bool]]:
    """The sites in document order: the changes in the new order, and each
    moved clause's old place just before the first clause that followed it
    in the old order and stayed in place. The flag says a move is marked as
    one (both places have words)."""
    anchors = [(k, c.old.index) for k, c in enumerate(changes) if c.old is not None and not _is_move(c)]
    ghosts: dict[int, list[ClauseChange]] = {}
    for c in changes:
        if _is_move(c):
            assert c.old is not None
            at = next((k for k, idx in anchors if idx > c.old.index), len(changes))
            ghosts.setdefault(at, []).append(c)
    out: list[tuple[ClauseChange, Mode, bool]] = []
    for k in range(len(changes) + 1):
        for g in sorted(ghosts.get(k, []), key=lambda c: c.old.index if c.old else 0):
            out.append((g, "from", _has_words(g.old) and _has_words(g.new)))
        if k < len(changes):
            c = changes[k]
            out.append((c, "to" if _is_move(c) else "normal", _is_move(c) and _has_words(c.old) and _has_words(c.new)))
    return out


def _space_state(word: State, need: tuple[bool, bool], before: tuple[str, str]) -> State | None:
    """The state of the space before ``word``: plain where both views need it,
    else inserted or deleted (a move's own kind next to moved words)."""
    need_a, need_r = need
    if need_a and need_r:
        return "same"
    if need_a:
        return word if word in ("ins", "moveTo") else ("moveTo" if before[0] == "moveTo" else "ins")
    if need_r:
        return word if word in ("del", "moveFrom") else ("moveFrom" if before[1] == "moveFrom" else "del")
    return None


def _opens(token: Token) -> bool:
    """A tag that opens a range (a comment's or a move's)."""
    return isinstance(token, _Tag) and token.kind.endswith("-start")


def _with_spaces(stream: list[Token]) -> list[Token]:
    """Insert the space before each word, in the state that makes it appear
    exactly where it separates two words (see the module docstring).

    A space one view needs across a paragraph mark the other view keeps
    (two paragraphs that one side joins) ends the earlier paragraph rather
    than starting the next, where a struck or underlined space would show.
    """
    out: list[Token] = []
    prev_word = [False, False]  # accept, reject: the last thing kept was a word
    prev_state = ["same", "same"]
    after_word = 0  # where the last word ended in ``out``
    marks_since = False
    for t in stream:
        if isinstance(t, _Mark):
            marks_since = True
            prev_word = [prev_word[0] and t.state not in _IN_ACCEPT, prev_word[1] and t.state not in _IN_REJECT]
        elif isinstance(t, _Text) and t.glue:
            out.append(t)
            after_word, marks_since = len(out), False
            continue
        elif isinstance(t, _Text):
            need = (t.state in _IN_ACCEPT and prev_word[0], t.state in _IN_REJECT and prev_word[1])
            state = _space_state(t.state, need, (prev_state[0], prev_state[1]))
            if state is not None:
                if marks_since and state != "same":
                    k = after_word
                else:
                    k = len(out)
                    while k > 0 and _opens(out[k - 1]):
                        k -= 1
                out.insert(k, _Text(" ", state, fill=t.fill and state == t.state))
            for v, keep in enumerate((_IN_ACCEPT, _IN_REJECT)):
                if t.state in keep:
                    prev_word[v], prev_state[v] = True, t.state
            out.append(t)
            after_word, marks_since = len(out), False
            continue
        out.append(t)
    return out


def _keep_insertions_apart(stream: list[Token]) -> list[Token]:
    """End a paragraph with a plain space where it ends with inserted words,
    its mark is kept, and the next paragraph begins with inserted words.

    LibreOffice (7.4) joins two such insertions into one across the kept
    mark, so rejecting it would join the two paragraphs ("JIC." + "in" ->
    "JIC.in"); a plain character between them keeps them apart. Deletions
    are not joined that way.
    """
    inserted = ("ins", "moveTo")
    texts = [k for k, t in enumerate(stream) if isinstance(t, _Text)]
    out: list[Token] = []
    for k, t in enumerate(stream):
        if isinstance(t, _Mark) and t.state == "same":
            at = bisect.bisect_left(texts, k)
            before = stream[texts[at - 1]] if at > 0 else None
            after = stream[texts[at]] if at < len(texts) else None
            if (isinstance(before, _Text) and isinstance(after, _Text) and before.state in inserted
                    and after.state in inserted and not any(isinstance(x, _Mark) for x in stream[texts[at - 1]:k])
                    and not any(isinstance(x, _Mark) for x in stream[k + 1:texts[at]])):
                out.append(_Text(" ", "same", glue=True))
        out.append(t)
    return out


def _stream(comparison: Comparison, comments: list[str]) -> list[Token]:
    stream: list[Token] = []
    moves: dict[int, int] = {}
    for change, mode, linked in _order(comparison.changes):
        move = moves.setdefault(id(change), len(moves) + 1) if linked else 0
        stream += _site_tokens(change, mode, move, comparison.references, comments)
    stream = _keep_insertions_apart(_with_spaces(stream))
    # Word cannot track the last paragraph mark: end on an untracked one.
    marks = [t for t in stream if isinstance(t, _Mark)]
    if not marks or marks[-1].state != "same" or not isinstance(stream[-1], _Mark):
        stream.append(_Mark("same"))
    return stream


# ---------------------------------------------------------------------------
# The cover page
# ---------------------------------------------------------------------------


def _side_line(name: str, info: DocumentInfo) -> str:
    p = info.profile
    facts = [shown_agency(p) or "agency not found", p.model_name or "",
             f"template revised {p.revision}" if p.revision else "", f"signed {p.signed}" if p.signed else "",
             f"file {info.name}, {info.pages} page{'s' if info.pages != 1 else ''}"]
    return f"{name}: " + "; ".join(f for f in facts if f) + "."


def cover(comparison: Comparison, date: str | None = None) -> list[tuple[str, str]]:
    """The cover page, as (style, text) paragraphs before the agreement: the
    title, the headline, both agreements, the warnings, the watch list, how
    to read the redline and where it came from (made on ``date``, by
    default now or ``SOURCE_DATE_EPOCH``). It is not tracked, so it stays in
    both the accepted and the rejected text."""
    c = comparison
    out = [("Title", report_title(c)), ("CoverHeadline", headline(c) + "."),
           ("CoverText", _side_line("Old version", c.old)), ("CoverText", _side_line("New version", c.new))]
    warnings = [n.message for n in c.warnings]
    for side, d in (("Old", c.old), ("New", c.new)):
        for n in d.notices:
            pages = f", {notice_pages(n)}" if notice_pages(n) else ""
            warnings.append(f"{side} version{pages}: {n.message}")
    if warnings:
        out.append(("CoverHeading", "Warnings"))
        out += [("CoverText", w[:1].upper() + w[1:] + ("" if w.endswith(".") else ".")) for w in warnings]
    out.append(("CoverHeading", "Watch list"))
    watched = [ch for ch in c.changes if ch.watch]
    for ch in watched:
        clause = ch.new or ch.old
        assert clause is not None
        where = _pages_note(ch).rstrip(".").split(": ", 1)[-1]
        out.append(("CoverText", f"{clause.id} {clause.title}".strip() + f" ({where}): {', '.join(ch.watch)}."))
    if not watched:
        out.append(("CoverText", "No changed clause mentions a watched topic."))
    how = (f"Changes to the agreement\u2019s language are tracked under the author \u201c{AUTHOR}\u201d; "
           f"fill-ins (agency names, places, signatories, dates, contacts) under \u201c{FILL_AUTHOR}\u201d, "
           "so they show in another colour. OCR misreadings and changes of case or punctuation are not "
           "tracked. Each clause heading has a comment with its old and new page numbers. Accept every change to get "
           "the new agreement after this page; reject every change to get the old one.")
    p = provenance(c, date)
    made = (f"Made by moadiff {p['version']} on {p['date']}. Old SHA-256 {p['old_sha256']}. "
            f"New SHA-256 {p['new_sha256']}. Options that change results: {options_line(c)}.")
    out += [("CoverHeading", "How to read this redline"), ("CoverText", how),
            ("CoverSmall", made)]
    return [(style, _sentence(text, 2000)) for style, text in out]


def _cover_xml(body: ET.Element, paras: list[tuple[str, str]]) -> None:
    for k, (style, text) in enumerate(paras):
        p = ET.SubElement(body, _w("p"))
        ET.SubElement(ET.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), style)
        _run(p, text)
        if k == len(paras) - 1:  # the agreement starts on a page of its own
            ET.SubElement(ET.SubElement(p, _w("r")), _w("br")).set(_w("type"), "page")


# ---------------------------------------------------------------------------
# WordprocessingML
# ---------------------------------------------------------------------------


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class _Ids:
    """Unique ``w:id``s: comments take 0..n-1, revisions and ranges follow."""

    def __init__(self, first: int, date: str) -> None:
        self.next = first
        self.date = date

    def revision(self, el: ET.Element, author: str = AUTHOR) -> ET.Element:
        el.set(_w("id"), str(self.next))
        el.set(_w("author"), author)
        el.set(_w("date"), self.date)
        self.next += 1
        return el


def _run(parent: ET.Element, text: str, deleted: bool = False) -> None:
    r = ET.SubElement(parent, _w("r"))
    t = ET.SubElement(r, _w("delText" if deleted else "t"))
    t.set(_XML_SPACE, "preserve")
    t.text = text


def _paragraph(content: list[_Text | _Tag], mark: _Mark, ids: _Ids, move_ids: dict[tuple[str, int], int],
               ) -> ET.Element:
    p = ET.Element(_w("p"))
    ppr = ET.SubElement(p, _w("pPr"))
    if mark.style != "Normal":
        ET.SubElement(ppr, _w("pStyle")).set(_w("val"), mark.style)
    if mark.state != "same":
        ids.revision(ET.SubElement(ET.SubElement(ppr, _w("rPr")), _w(mark.state)))
    if len(ppr) == 0:
        p.remove(ppr)
    k = 0
    while k < len(content):
        item = content[k]
        if isinstance(item, _Tag):
            _tag(p, item, ids, move_ids)
            k += 1
            continue
        texts = [item]  # the run of texts in one state
        j = k + 1
        while j < len(content):
            nxt = content[j]
            if not isinstance(nxt, _Text) or nxt.state != item.state or nxt.fill != item.fill:
                break
            texts.append(nxt)
            j += 1
        text = "".join(t.text for t in texts)
        if item.state == "same":
            _run(p, text)
        else:
            wrapper = ids.revision(ET.SubElement(p, _w(item.state)), FILL_AUTHOR if item.fill else AUTHOR)
            _run(wrapper, text, deleted=item.state == "del")
        k = j
    return p


def _tag(p: ET.Element, tag: _Tag, ids: _Ids, move_ids: dict[tuple[str, int], int]) -> None:
    if tag.kind == "comment-start":
        ET.SubElement(p, _w("commentRangeStart")).set(_w("id"), str(tag.ref))
    elif tag.kind in ("comment-end", "comment-point"):
        if tag.kind == "comment-end":
            ET.SubElement(p, _w("commentRangeEnd")).set(_w("id"), str(tag.ref))
        r = ET.SubElement(p, _w("r"))
        ET.SubElement(ET.SubElement(r, _w("rPr")), _w("rStyle")).set(_w("val"), "CommentReference")
        ET.SubElement(r, _w("commentReference")).set(_w("id"), str(tag.ref))
    else:
        side, edge = tag.kind.split("-")
        if edge == "start":
            el = ids.revision(ET.SubElement(p, _w(f"{side}RangeStart")))
            el.set(_w("name"), f"move{tag.ref}")
            move_ids[(side, tag.ref)] = int(el.get(_w("id"), "0"))
        else:
            ET.SubElement(p, _w(f"{side}RangeEnd")).set(_w("id"), str(move_ids[(side, tag.ref)]))


def _document_xml(stream: list[Token], ids: _Ids, front: list[tuple[str, str]]) -> bytes:
    root = ET.Element(_w("document"))
    body = ET.SubElement(root, _w("body"))
    _cover_xml(body, front)
    move_ids: dict[tuple[str, int], int] = {}
    content: list[_Text | _Tag] = []
    for t in stream:
        if isinstance(t, _Mark):
            body.append(_paragraph(content, t, ids, move_ids))
            content = []
        else:
            content.append(t)
    sect = ET.SubElement(body, _w("sectPr"))
    for kind, rid in (("header", "rIdHeader"), ("footer", "rIdFooter")):
        ref = ET.SubElement(sect, _w(f"{kind}Reference"))
        ref.set(_w("type"), "default")
        ref.set(f"{{{_R}}}id", rid)
    size = ET.SubElement(sect, _w("pgSz"))
    size.set(_w("w"), "12240")
    size.set(_w("h"), "15840")
    margins = ET.SubElement(sect, _w("pgMar"))
    for k, v in (("top", "1440"), ("right", "1440"), ("bottom", "1440"), ("left", "1440"),
                 ("header", "720"), ("footer", "720"), ("gutter", "0")):
        margins.set(_w(k), v)
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body


def _comments_xml(comments: list[str], date: str) -> bytes:
    root = ET.Element(_w("comments"))
    for k, text in enumerate(comments):
        c = ET.SubElement(root, _w("comment"))
        c.set(_w("id"), str(k))
        c.set(_w("author"), AUTHOR)
        c.set(_w("date"), date)
        c.set(_w("initials"), "md")
        p = ET.SubElement(c, _w("p"))
        ET.SubElement(ET.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), "CommentText")
        r = ET.SubElement(p, _w("r"))
        ET.SubElement(ET.SubElement(r, _w("rPr")), _w("rStyle")).set(_w("val"), "CommentReference")
        ET.SubElement(r, _w("annotationRef"))
        _run(p, text)
    return _xml(root)


def _header_xml(kind: str, text: str) -> bytes:
    root = ET.Element(_w("hdr" if kind == "header" else "ftr"))
    p = ET.SubElement(root, _w("p"))
    ET.SubElement(ET.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), kind.capitalize())
    if kind == "header":
        _run(p, text)
        return _xml(root)
    _run(p, "Page ")
    for piece in ("begin", " PAGE ", "separate", "1", "end"):
        r = ET.SubElement(p, _w("r"))
        if piece in ("begin", "separate", "end"):
            ET.SubElement(r, _w("fldChar")).set(_w("fldCharType"), piece)
        elif piece == " PAGE ":
            instr = ET.SubElement(r, _w("instrText"))
            instr.set(_XML_SPACE, "preserve")
            instr.text = piece
        else:
            ET.SubElement(r, _w("t")).text = piece
    return _xml(root)


def _core_xml(title: str, date: str) -> bytes:
    cp, dc, dcterms, xsi = _CP, _DC, _DCTERMS, _XSI
    root = ET.Element(f"{{{cp}}}coreProperties")
    ET.SubElement(root, f"{{{dc}}}title").text = title
    ET.SubElement(root, f"{{{dc}}}creator").text = AUTHOR
    for name in ("created", "modified"):
        el = ET.SubElement(root, f"{{{dcterms}}}{name}")
        el.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
        el.text = date
    return _xml(root)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>
"""

_PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>
"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
</Relationships>
"""

_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>moadiff</Application></Properties>
"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>
"""


def _heading(n: int, size: int, before: int) -> str:
    return (f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
            f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="80"/>'
            f'<w:outlineLvl w:val="{n - 1}"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="{size}"/>'
            f'<w:szCs w:val="{size}"/></w:rPr></w:style>')


_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
{_heading(1, 28, 360)}
{_heading(2, 24, 240)}
{_heading(3, 22, 200)}
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="160"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="34"/><w:szCs w:val="34"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="CoverHeadline"><w:name w:val="Cover Headline"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="120" w:after="200"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="CoverHeading"><w:name w:val="Cover Heading"/><w:basedOn w:val="Normal"/><w:next w:val="CoverText"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/></w:pPr><w:rPr><w:b/><w:bCs/><w:caps/><w:color w:val="404040"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="CoverText"><w:name w:val="Cover Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="CoverSmall"><w:name w:val="Cover Small"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Header"/></w:style>
<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
</w:styles>
"""


def _zip(parts: Iterable[tuple[str, bytes]], date: str) -> bytes:
    """A deterministic zip: parts in the order given, all stamped ``date``."""
    when = datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ")
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second - when.second % 2)
    if when.year < 1980:
        stamp = (1980, 1, 1, 0, 0, 0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def _recovered(comparison: Comparison) -> str:
    """The notice that a document's structure was recovered from the other
    version (recut.py), for every page's header: it bears on every clause."""
    return " ".join(_sentence(n.message, 400) for d in (comparison.old, comparison.new) for n in d.notices
                    if n.code == "structure-recovered")


def to_docx(comparison: Comparison) -> bytes:
    """The comparison as a Word redline (the bytes of a .docx file): the new
    agreement, with the changes from the old one tracked (see the module
    docstring for what is tracked, and how)."""
    date = _timestamp()
    comments: list[str] = []
    stream = _stream(comparison, comments)
    ids = _Ids(len(comments), date)
    names = f"{_sentence(comparison.old.name, 200)} \u2192 {_sentence(comparison.new.name, 200)}"
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES.encode()),
        ("_rels/.rels", _PACKAGE_RELS.encode()),
        ("word/document.xml", _document_xml(stream, ids, cover(comparison, date))),
        ("word/_rels/document.xml.rels", _DOCUMENT_RELS.encode()),
        ("word/styles.xml", _STYLES.encode()),
        ("word/settings.xml", _SETTINGS.encode()),
        ("word/comments.xml", _comments_xml(comments, date)),
        ("word/header1.xml", _header_xml("header", " \u2014 ".join(filter(None, [f"Redline: {names}",
                                                                                 _recovered(comparison)])))),
        ("word/footer1.xml", _header_xml("footer", "")),
        ("docProps/core.xml", _core_xml(f"Redline: {names}", date)),
        ("docProps/app.xml", _APP.encode()),
    ]
    return _zip(parts, date)


def render(comparison: Comparison, target: Target) -> bytes:
    """The Word redline (the renderer table's entry point, see moadiff.render)."""
    return to_docx(comparison)

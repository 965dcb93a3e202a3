"""What several report formats share: how text is made visible, how kinds,
pages and similarities are named, and how clauses are anchored and linked.

Renderers import these from here, never from each other (the HTML report,
the Markdown summary, the CSV, the Word redline and the batch pages all
word an approximate clause, a page list or a control character the same
way). Nothing here knows a format's syntax beyond what its name says.

Characters that are invisible or that reorder what the reader sees are
shown, never passed on (:func:`segments`, :func:`plain`)::

    >>> segments("a\\u202eb")
    [('text', 'a'), ('ctl', 'U+202E'), ('text', 'b')]
    >>> plain("a\\u202eb")
    'a⟨U+202E⟩b'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import quote

from moadiff.model import ClauseChange, Comparison, Moved

__all__ = [
    "KIND_LABELS", "anchors", "approximate_note", "is_marked", "moved_note", "pagelist", "plain", "relative_href",
    "segments", "similarity_label",
]

KIND_LABELS: dict[str, str] = {
    "substantive": "substantive",
    "fill-in": "fill-in",
    "formatting": "formatting (case or punctuation)",
    "ocr-noise": "OCR noise",
    "moved": "moved between clauses",
}


def moved_note(moved: Moved, op: str) -> str:
    """Where text that moved between clauses is in the other version, for
    people: "moved from ADDENDUM" (an insertion), "moved to VIII" (a deletion)."""
    return f"moved {'to' if op == 'delete' else 'from'} {moved.clause}"

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


def is_marked(ch: str) -> bool:
    """Is ``ch`` shown as a ``U+XXXX`` marker rather than as itself?"""
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

    The HTML template escapes the text pieces and draws each ``ctl`` piece
    as a visible marker, so no invisible or reordering character reaches the
    page.
    """
    if text.isprintable():
        # Every marked character is unprintable to Python ("Other" and
        # separator categories): most text needs no look at each character.
        return [("text", text)] if text else []
    out: list[tuple[str, str]] = []
    start = 0
    for i, ch in enumerate(text):
        if is_marked(ch):
            if i > start:
                out.append(("text", text[start:i]))
            out.append(("ctl", _label(ch)))
            start = i + 1
    if start < len(text):
        out.append(("text", text[start:]))
    return out


def plain(text: str) -> str:
    """``text`` with marked characters spelt out, for places that cannot hold
    elements (``<title>``, attribute values, Markdown, CSV cells)."""
    return "".join(f"\u27e8{v}\u27e9" if k == "ctl" else v for k, v in segments(text))


# ---------------------------------------------------------------------------
# Names of things
# ---------------------------------------------------------------------------


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
# Anchors and links
# ---------------------------------------------------------------------------

# The HTML report's own element ids; a clause anchor never takes one of these
# (or anything starting "md-", the prefix of the rest).
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


def anchors(comparison: Comparison) -> list[str]:
    """The HTML report's anchor (element id) of each change, in order: other
    formats written beside the HTML link to ``report.html#anchor``."""
    taken: set[str] = set()
    out = []
    for change in comparison.changes:
        primary = change.new if change.new is not None else change.old
        out.append(_anchor(primary.id if primary is not None else "", taken))
    return out


def relative_href(path: Any) -> str | None:
    """``path`` as an ``href`` if it is a relative path inside the output
    folder, else None.

    Refused: a scheme or drive (any ``:``), a leading ``/``, a backslash
    (browsers read it as ``/``), an empty, ``.`` or ``..`` segment, and any
    control character (browsers drop tabs and newlines from URLs, which could
    rejoin ``.\\t.`` into ``..``). What passes is percent-encoded, so ``%``,
    ``?`` and ``#`` name the file literally::

        >>> relative_href("reports/Harris #2.html")
        'reports/Harris%20%232.html'
        >>> relative_href("../../etc/passwd") is None
        True
    """
    if not isinstance(path, str) or not path:
        return None
    if ":" in path or "\\" in path or path.startswith("/"):
        return None
    if any(unicodedata.category(ch) == "Cc" for ch in path):
        return None
    if any(seg in ("", ".", "..") for seg in path.split("/")):
        return None
    return quote(path, safe="/")

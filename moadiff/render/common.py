"""What several report formats share: how text is made visible, how kinds,
pages and similarities are named, how clauses are anchored and linked, and
what every report leads with (its title, headline, clause badges, glossary
and provenance).

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
from collections import Counter
from dataclasses import fields
from typing import Any
from urllib.parse import quote

from moadiff import __version__
from moadiff.clock import now_iso
from moadiff.model import ClauseChange, Comparison, Moved, Notice
from moadiff.profile import shown_agency

__all__ = [
    "BADGES", "GLOSSARY", "KIND_LABELS", "anchors", "approximate_note", "badge", "headline", "is_marked",
    "is_signature", "left_blank", "moved_note", "notice_pages", "options_line", "pagelist", "plain", "provenance",
    "relative_href",
    "report_date", "report_title", "result_options", "segments", "shown_agency", "signature_labels",
    "signature_other", "signature_wording", "similarity_label",
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


def notice_pages(notice: Notice) -> str:
    """The pages a document notice's line names before its message
    (``pages 3–5``), or "" where the message names them itself ("pages 1-10
    of 10 were read by OCR") or the notice has none.

    >>> notice_pages(Notice("glyph-shift", "text in a font without a Unicode map was repaired", (3, 4)))
    'pages 3–4'
    >>> notice_pages(Notice("ocr", "pages 1-10 of 10 were read by OCR (Tesseract)", tuple(range(1, 11))))
    ''
    """
    if not notice.pages or notice.message.startswith(("page ", "pages ")):
        return ""
    return pagelist(notice.pages)


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


# ---------------------------------------------------------------------------
# What every report leads with: headline, badges, title, glossary, provenance
# ---------------------------------------------------------------------------

#: A clause's badge: what its changes amount to (see :func:`badge`).
BADGES: dict[str, str] = {
    "added": "added",
    "removed": "removed",
    "moved": "moved",
    "substantive": "substantive",
    "moved-text": "text moved in or out",
    "fill-in": "fill-in only",
    "minor": "formatting / OCR only",
    "unchanged": "unchanged",
}


def headline(comparison: Comparison) -> str:
    """The one sentence every format leads with: clauses changed in
    substance and substantive edits (``Summary.substantive_clauses`` and
    ``Summary.edits["substantive"]``), worded the same everywhere.

    >>> from moadiff.model import DocumentInfo
    >>> doc = DocumentInfo("a.txt", "a.txt", "", "txt", 1, "")
    >>> headline(Comparison(doc, doc, ()))
    'No clause changed in substance'
    """
    s = comparison.summary
    n, edits = s.substantive_clauses, s.edits.get("substantive", 0)
    if not n:
        return "No clause changed in substance"
    return (f"{n} clause{'s' if n != 1 else ''} changed in substance, "
            f"{edits} substantive edit{'s' if edits != 1 else ''}")


def badge(change: ClauseChange) -> str:
    """A key of :data:`BADGES`: what the clause's changes amount to. Only
    "added", "removed", "moved" and "substantive" count in the headline."""
    if change.status in ("added", "removed"):
        return change.status
    if change.count("substantive"):
        return "substantive"
    if change.moved:
        return "moved"
    if change.count("moved"):  # text from another clause: not new language, but a reader must see it
        return "moved-text"
    if change.count("fill-in"):
        return "fill-in"
    if change.count("formatting") or change.count("ocr-noise") or any(
            e.op != "equal" and e.kind is None for e in change.edits):
        return "minor"
    return "unchanged"


def is_signature(change: ClauseChange) -> bool:
    """A signature block: summarised ("signatories and dates changed"), not
    diffed word by word, in the summaries."""
    return any(c is not None and c.kind == "signature" for c in (change.old, change.new))


def _is_label(words: str) -> bool:
    """Whether ``words`` are signature-block labels and nothing else ("Name:", "For the LEA: Date:")."""
    from moadiff.fillins import signature_labels as labels

    split = words.split()
    found = labels(split)
    return bool(split) and sum(end - start for start, end, _ in found) == len(split)


def signature_labels(change: ClauseChange) -> tuple[str, str]:
    """A signature block's template words removed and added, each listed and
    counted ("Name:, Agency: ×2"; "" for none). In a signature block the
    substantive edits are its labels ("Name:", "For ICE:"): the names, titles
    and dates written against them are fill-ins. A substantive edit that is
    not all labels (a sentence of the agreement read into the block) is no
    label: :func:`signature_other` counts its words.

    >>> from moadiff.model import Edit
    >>> edits = (Edit("insert", "", "Agency:", "substantive"), Edit("insert", "", "Name:", "substantive"),
    ...          Edit("insert", "", "Agency:", "substantive"), Edit("replace", "J. Doe", "A. Roe", "fill-in"),
    ...          Edit("delete", "civil or criminal.", "", "substantive"))
    >>> signature_labels(ClauseChange("modified", False, None, None, 0.9, edits))
    ('', 'Agency: ×2, Name:')

    A label's colon that OCR read as a dot or semicolon ("Name•") counts as
    the label.
    """
    def listed(labels: list[str]) -> str:
        counted = Counter(label[:-1] + ":" if label[-1:] in _COLON_MISREAD else label for label in labels)
        return ", ".join(f"{label} ×{n}" if n > 1 else label for label, n in counted.items())

    substantive = [e for e in change.edits if e.op != "equal" and e.kind == "substantive"]
    return (listed([e.old for e in substantive if e.old and _is_label(e.old)]),
            listed([e.new for e in substantive if e.new and _is_label(e.new)]))


def signature_other(change: ClauseChange) -> int:
    """The substantive words of a signature block's change that are not
    labels (a sentence read into the block): 0 in a block that changed only
    in labels and fill-ins. Such a block is shown word by word, not only
    summarised.

    >>> from moadiff.model import Edit
    >>> edits = (Edit("insert", "", "Name:", "substantive"), Edit("delete", "civil or criminal.", "", "substantive"))
    >>> signature_other(ClauseChange("modified", False, None, None, 0.9, edits))
    3
    """
    return sum(len(side.split()) for e in change.edits if e.op != "equal" and e.kind == "substantive"
               for side in (e.old, e.new) if side and not _is_label(side))


#: What OCR reads a label's colon as.
_COLON_MISREAD = frozenset("•·;")


def signature_wording(change: ClauseChange) -> str:
    """What changed in a signature block, in a phrase for the summaries:
    "signatories and dates changed; labels added: Name:, Agency: ×2"."""
    if change.status in ("added", "removed"):
        return f"{change.status} in the new version"
    gone, came = signature_labels(change)
    parts = ["signatories and dates changed"]
    parts += [f"labels {how}: {listed}" for how, listed in (("removed", gone), ("added", came)) if listed]
    other = signature_other(change)
    if other:
        parts.append(f"{other} other {'word' if other == 1 else 'words'} changed in substance")
    return "; ".join(parts)


_BLANK = re.compile(r"^[\s_.,:;\-–—]*$")


def left_blank(old: str, new: str) -> bool:
    """A fill-in whose value the new version leaves blank ("126 Northpoint
    Drive …" → "." or "____"); a value simply deleted is not "left blank".

    >>> left_blank("126 Northpoint Drive, Houston", "."), left_blank("Galveston", "Grayson"), left_blank("Houston", "")
    (True, False, False)
    """
    return bool(old.strip() and new.strip()) and not _BLANK.match(old) and bool(_BLANK.match(new))


def _year(profile_date: str | None) -> str:
    return profile_date[:4] if profile_date else ""


def report_title(comparison: Comparison) -> str:
    """The report's title from what the agreements say about themselves:
    "Jail Enforcement Model: Galveston County Sheriff's Office (2020) →
    Grayson County Detention Center (2025)"; the two file names when
    neither names its agency or model. Plain text (escape it per format)."""
    old, new = comparison.old.profile, comparison.new.profile
    if not (shown_agency(old) or shown_agency(new) or old.model_name or new.model_name):
        return f"{comparison.old.name} \u2192 {comparison.new.name}"
    models = " \u2192 ".join(dict.fromkeys(m for m in (old.model_name, new.model_name) if m))

    def side(p: Any, info: Any) -> str:
        year = _year(p.signed) or _year(p.revision)
        name = shown_agency(p) or info.name
        return f"{name} ({year})" if year else name

    body = f"{side(old, comparison.old)} \u2192 {side(new, comparison.new)}"
    return f"{models}: {body}" if models else body


#: Plain-language meanings of the words the reports use, in reading order.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("substantive", "a change to the agreement's own language: what it requires, allows or forbids."),
    ("fill-in", ("a value each agency writes into the template: its name, county, signatories, dates, addresses "
                "and contacts. Listed, not counted as a change.")),
    ("OCR noise", ("a scanner's misreading of the same word (\u201cperfonn\u201d for \u201cperform\u201d), "
                   "not a real change.")),
    ("formatting", "capitals, punctuation, spacing or hyphenation only."),
    ("stale cross-reference", ("a reference in the new agreement (\u201cSection V(D)\u201d) that still points "
                               "at the old numbering.")),
    ("shifted glyphs", ("a PDF font that maps letters to the wrong characters; moadiff repaired its text, so "
                       "check those pages against the original.")),
    ("watch list", ("topics readers usually check first (costs, liability, training, complaints, civil rights "
                    "\u2026); a changed clause that mentions one is listed first.")),
)


def report_date(comparison: Comparison | None = None) -> str:
    """When the report's comparison was made (``Comparison.made``), ISO 8601
    UTC; for a comparison without one, now (or ``SOURCE_DATE_EPOCH``)."""
    return comparison.made if comparison is not None and comparison.made else now_iso()


def result_options(comparison: Comparison) -> dict[str, Any]:
    """The options that change a result, as given (a password only as "given")."""
    out: dict[str, Any] = {}
    for f in fields(comparison.options):
        value = getattr(comparison.options, f.name)
        if f.name == "password":
            out[f.name] = "given" if value else None
        else:
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def provenance(comparison: Comparison, date: str | None = None) -> dict[str, Any]:
    """Where a report came from: moadiff's version, the date (``date``, or
    :func:`report_date`), both files' full SHA-256 and the options that
    change results (JSON's ``generated``; the other formats word the same
    values)."""
    return {
        "tool": "moadiff", "version": __version__, "date": date or report_date(comparison),
        "old_sha256": comparison.old.sha256, "new_sha256": comparison.new.sha256,
        "options": result_options(comparison),
    }


def options_line(comparison: Comparison) -> str:
    """The options that change results on one line, for people."""
    o = result_options(comparison)
    watch = ", ".join(o["watch"]) if o["watch"] else ""
    parts = [f"engine {o['engine']}", f"OCR {o['ocr']}", f"match cutoff {o['match_cutoff']:g}",
             f"move cutoff {o['move_cutoff']:g}", f"max pages {o['max_pages']}",
             "built-in watch list " + ("on" if o["watch_defaults"] else "off")]
    if watch:
        parts.append(f"watch terms: {watch}")
    if o["allow_empty"]:
        parts.append("empty documents allowed")
    if o["password"]:
        parts.append("password given")
    return "; ".join(parts)

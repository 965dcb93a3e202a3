"""What every PDF engine does once it has lines: repair shifted glyphs across
the whole document, judge each page's text layer, and say what was left out."""

from __future__ import annotations

import math
from dataclasses import replace

from moadiff.extractors import glyphs
from moadiff.extractors.quality import page_quality
from moadiff.model import Line, Notice, Page

#: A character turned this many degrees or more off both the horizontal and
#: the vertical is slanted text: a watermark ("DRAFT" across the page) or a
#: stamp, never an agreement's running text, which reads along the page or
#: (turned) across it; a scan's text layer lies at most a few degrees off.
SLANT_DEGREES = 15.0
#: Text this large (points) in pale ink (:data:`PALE`) is a watermark laid
#: across the page ("CONFIDENTIAL" in light grey), not a heading.
WATERMARK_SIZE = 36.0
#: Ink whose darkest channel is at least this light (0 black, 1 white), or
#: that is at least half transparent, is pale.
PALE = 150 / 255
#: A watermark or a stamp is told from a run (a line) of at least this many characters.
MARK_CHARS = 3


def watermark(radians: float, size: float, darkest: float | None, alpha: float = 1.0) -> bool:
    """Whether a character of a text layer is a watermark's or a stamp's,
    left out of the clauses (with a notice, :func:`build_pages`): turned
    ``radians`` (counter-clockwise) by :data:`SLANT_DEGREES` or more off the
    page's axes, or :data:`WATERMARK_SIZE` points or larger in pale ink
    (``darkest``: its darkest colour channel, 0-1, None if unknown; ``alpha``:
    its opacity).

    >>> watermark(math.radians(45), 110, 0.8), watermark(math.radians(1.5), 10, 0.0)
    (True, False)
    >>> watermark(0.0, 72, 0.85), watermark(0.0, 48, 0.0), watermark(math.radians(90), 10, 0.0)
    (True, False, False)
    """
    off = math.degrees(radians) % 90.0
    if SLANT_DEGREES <= off <= 90.0 - SLANT_DEGREES:
        return True
    return size >= WATERMARK_SIZE and ((darkest is not None and darkest >= PALE) or alpha <= 0.5)


def build_pages(raw_pages: list[tuple[list[Line], float, float]], hidden: dict[int, int] | None = None,
                empty: frozenset[int] = frozenset(), marks: dict[int, list[str]] | None = None,
                ) -> tuple[list[Page], list[Notice]]:
    """Pages from (lines, width, height) per page, with glyph-repair notices,
    one for ``hidden`` (page number -> words of hidden text left out) and one
    for ``marks`` (page number -> the text of the watermarks and stamps left
    out, quoted so that nothing is left out unsaid). The pages numbered
    in ``empty`` have no content at all: they are blank."""
    shift = glyphs.find_shift([line.text for lines, _, _ in raw_pages for line in lines])
    pages: list[Page] = []
    repaired: list[int] = []
    unrepaired: list[int] = []
    for number, (lines, width, height) in enumerate(raw_pages, start=1):
        texts, failed = glyphs.repair_lines([line.text for line in lines], shift)
        if any(t != line.text for t, line in zip(texts, lines)):
            repaired.append(number)
            lines = [replace(line, text=t) for t, line in zip(texts, lines)]
        if failed:
            unrepaired.append(number)
        quality = "blank" if number in empty and not lines else page_quality(lines)
        pages.append(Page(number, tuple(lines), width, height, quality))
    notices: list[Notice] = []
    if hidden:
        total = sum(hidden.values())
        notices.append(Notice("hidden-text", f"{total} word{'s' if total != 1 else ''} of hidden text (invisible, "
                              "white, or outside the page) left out: a reader of the page does not see "
                              f"{'them' if total != 1 else 'it'}", tuple(sorted(hidden))))
    if marks:
        notices.append(Notice("watermark", _marks_message(marks), tuple(sorted(marks))))
    if repaired:
        notices.append(Notice("glyph-shift", "text in a font without a Unicode map was repaired "
                              "(shifted glyphs)", tuple(repaired)))
    if unrepaired:
        notices.append(Notice("glyph-unreadable", "some text in a font without a Unicode map could "
                              "not be read", tuple(unrepaired)))
    return pages, notices


#: The most distinct marks quoted in the notice.
_QUOTED = 3


def _marks_message(marks: dict[int, list[str]]) -> str:
    """What the watermark notice says: the marks left out, the most
    frequent first.

    >>> _marks_message({1: ["DRAFT"], 2: ["DRAFT"], 3: ["DRAFT", "RECEIVED MAR 3"]})
    'a watermark or stamp (slanted or large pale text, not part of any clause) left out: "DRAFT" (3 times), "RECEIVED MAR 3"'
    """
    from collections import Counter

    counts = Counter(_spaced_out(text)[:60] for texts in marks.values() for text in texts)
    quoted = [f'"{text}"' + (f" ({n} times)" if n > 1 else "") for text, n in counts.most_common(_QUOTED)]
    more = len(counts) - len(quoted)
    return ("a watermark or stamp (slanted or large pale text, not part of any clause) left out: " + ", ".join(quoted)
            + (f" and {more} more" if more else ""))


def _spaced_out(text: str) -> str:
    """A mark set letter by letter ("S A MP L E", each letter placed on its
    own) as one word; other text as it is.

    >>> _spaced_out("S A MP L E"), _spaced_out("RECEIVED MAR 3 2025")
    ('SAMPLE', 'RECEIVED MAR 3 2025')
    """
    words = text.split()
    return "".join(words) if len(words) > 2 and all(len(w) <= 2 for w in words) else text

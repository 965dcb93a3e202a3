"""What every PDF engine does once it has lines: repair shifted glyphs across
the whole document, judge each page's text layer, and say what was left out."""

from __future__ import annotations

from dataclasses import replace

from moadiff.extractors import glyphs
from moadiff.extractors.quality import page_quality
from moadiff.model import Line, Notice, Page


def build_pages(raw_pages: list[tuple[list[Line], float, float]], hidden: dict[int, int] | None = None,
                empty: frozenset[int] = frozenset()) -> tuple[list[Page], list[Notice]]:
    """Pages from (lines, width, height) per page, with glyph-repair notices
    and one for ``hidden`` (page number -> words of hidden text left out).
    The pages numbered in ``empty`` have no content at all: they are blank."""
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
    if repaired:
        notices.append(Notice("glyph-shift", "text in a font without a Unicode map was repaired "
                              "(shifted glyphs)", tuple(repaired)))
    if unrepaired:
        notices.append(Notice("glyph-unreadable", "some text in a font without a Unicode map could "
                              "not be read", tuple(unrepaired)))
    return pages, notices

"""What every PDF engine does once it has lines: repair shifted glyphs across
the whole document, then judge each page's text layer."""

from __future__ import annotations

from dataclasses import replace

from moadiff.extract import glyphs
from moadiff.extract.quality import page_quality
from moadiff.model import Line, Notice, Page


def build_pages(raw_pages: list[tuple[list[Line], float, float]]) -> tuple[list[Page], list[Notice]]:
    """Pages from (lines, width, height) per page, with glyph-repair notices."""
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
        pages.append(Page(number, tuple(lines), width, height, page_quality(lines)))
    notices: list[Notice] = []
    if repaired:
        notices.append(Notice("glyph-shift", "text in a font without a Unicode map was repaired "
                              "(shifted glyphs)", tuple(repaired)))
    if unrepaired:
        notices.append(Notice("glyph-unreadable", "some text in a font without a Unicode map could "
                              "not be read", tuple(unrepaired)))
    return pages, notices

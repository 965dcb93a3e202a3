"""Judge whether a page's text layer is usable, and say so in notices.

A page is "none" when it has (almost) no text (an image-only scan), "poor"
when most of its tokens are not word-like (a scrambled font, OCR gibberish),
else "good". The judgement is cheap (no dictionary) because it runs on every
page of every document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from moadiff.model import Line, Notice, Page

_WORDLIKE = re.compile(r"^[\"'(\[]*[A-Za-z][a-z]*(?:['’-][A-Za-z]+)*[.,;:)\]\"'’]*$|^[A-Z]{2,}[.,;:)]*$")
MIN_CHARS = 40


def page_quality(lines: Sequence[Line]) -> str:
    text = " ".join(line.text for line in lines)
    if sum(c.isalnum() for c in text) < MIN_CHARS:
        return "none"
    tokens = [t for t in text.split() if any(c.isalpha() for c in t)]
    if not tokens:
        return "none"
    wordlike = sum(1 for t in tokens if _WORDLIKE.match(t))
    return "good" if wordlike / len(tokens) >= 0.6 else "poor"


def _sparse_pages(pages: Sequence[Page]) -> tuple[int, ...]:
    """Pages with some text, but far less than a typical page of the document."""
    sizes = {p.number: sum(len(line.text) for line in p.lines) for p in pages if p.text_quality != "none"}
    if len(sizes) < 3:
        return ()
    typical = sorted(sizes.values())[len(sizes) // 2]
    return tuple(n for n, size in sizes.items() if size < typical * 0.05)


def page_ranges(pages: Sequence[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    out: list[str] = []
    nums = sorted(set(pages))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(out)


def quality_notices(pages: Sequence[Page]) -> list[Notice]:
    notices: list[Notice] = []
    none = tuple(p.number for p in pages if p.text_quality == "none")
    poor = tuple(p.number for p in pages if p.text_quality == "poor")
    if none:
        notices.append(Notice(
            "no-text-layer",
            f"page{'s' if len(none) > 1 else ''} {page_ranges(none)} of {len(pages)} "
            "have no usable text layer (image-only scan?); their text is missing from this comparison",
            none,
        ))
    sparse = _sparse_pages(pages)
    if sparse:
        notices.append(Notice(
            "little-text",
            f"page{'s' if len(sparse) > 1 else ''} {page_ranges(sparse)} carry much less text than the "
            "others (partly scanned?); some of their content may be missing from this comparison",
            sparse,
        ))
    if poor:
        notices.append(Notice(
            "poor-text-layer",
            f"page{'s' if len(poor) > 1 else ''} {page_ranges(poor)} have a poor text layer "
            "(scrambled font or bad OCR); expect false differences there",
            poor,
        ))
    return notices

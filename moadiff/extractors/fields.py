"""Form-field values put at their blanks, by position: what both PDF engines
do with the values of AcroForm widgets once they have the text layer's lines.

The 2025 Word-made agreements hold the agency's name, the field office, the
signatories and the dates only in form fields; the text layer has the blank
("the____________, pursuant", "Date:______"). Each value belongs where its
widget is drawn:

- **its line**: the text line its widget covers most (at least
  :data:`MIN_COVER` of the line's height, horizontally within
  :data:`REACH` points). A widget is usually taller than the line it fills,
  its bottom on the blank's underline, so its vertical middle may lie above
  the line: overlap decides, not the middle. A line of underscores alone is
  no host (the value is written above it, as its own line).
- **its place in the line**: before the first character right of the
  widget's left edge; inside a word, at the start of the blank it fills
  ("the|____", "Date:|____", "at|____"), else at the start of the word.
  The value takes the place of the underscores of its blank: "the
  Arcadia Police Dept (APD), pursuant", never "the , pursuant".
- **no line**: a line of its own, placed in reading order (rows top down,
  left to right within a row) by the middle of its widget, where its text is
  drawn: "For the LEA:  City Marshal Quinn Jones" reads on one row.

>>> line = Box(60, 100, 300, 110)
>>> host(Box(88, 85, 250, 109), [line], [False])  # taller than the line, on its underline
0
>>> fill("Date:_______ Title:", [62, 68, 70, 74, 78, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220], [(88, "March 5, 2025")])
'Date: March 5, 2025 Title:'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MIN_COVER", "REACH", "Box", "fill", "host", "is_blank", "place", "slot"]

#: Share of a line's height a widget must cover to fill a blank on it.
MIN_COVER = 0.4
#: How far (points) left or right of a line a widget may start or end and
#: still fill it: a blank just after a short label ("Date:").
REACH = 20.0
#: Lines whose tops are this close (points) share a row.
ROW = 3.0
#: Half the height given to a value's own line, around its widget's middle.
_HALF = 4.0
#: What a blank is made of.
_BLANK = frozenset("_-.…")
#: Punctuation that follows a value without a space: "(APD), pursuant".
_CLOSING = frozenset(",.;:)")


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in points, origin at the top left (``top`` < ``bottom``)."""

    x0: float
    top: float
    x1: float
    bottom: float


def is_blank(text: str) -> bool:
    """A line with no letter or digit: an underline drawn with "____"."""
    return not any(ch.isalnum() for ch in text)


def host(widget: Box, lines: Sequence[Box], blank: Sequence[bool]) -> int | None:
    """The index of the line ``widget`` fills, or None (see the module docstring)."""
    best: tuple[float, float] | None = None
    found = None
    mid = (widget.top + widget.bottom) / 2
    for i, box in enumerate(lines):
        if blank[i] or not (widget.x0 < box.x1 + REACH and widget.x1 > box.x0 - REACH):
            continue
        height = max(box.bottom - box.top, 1.0)
        cover = (min(widget.bottom, box.bottom) - max(widget.top, box.top)) / height
        if cover < MIN_COVER:
            continue
        rank = (min(cover, 1.0), -abs((box.top + box.bottom) / 2 - mid))
        if best is None or rank > best:
            best, found = rank, i
    return found


def _cut(text: str, xs: Sequence[float], x0: float) -> int:
    """Where in ``text`` (character centres ``xs``) a value starting at ``x0`` goes."""
    at = next((j for j, x in enumerate(xs) if x > x0 and not text[j].isspace()), len(text))
    if 0 < at < len(text) and not text[at - 1].isspace():
        if text[at] in _BLANK or text[at - 1] in _BLANK:
            while at > 0 and text[at - 1] in _BLANK:
                at -= 1  # to the start of the blank: "Date:|____"
        elif text[at - 1] != ":":
            while at > 0 and not text[at - 1].isspace():
                at -= 1  # to the start of the word
    return at


def fill(text: str, xs: Sequence[float], values: Sequence[tuple[float, str]]) -> str:
    """``text`` with each ``(x0, value)`` put in at its place. All places are
    found on the line as it was, so several values may share a line.

    >>> fill("Title: ______ Title:______", [60, 63, 66, 69, 72, 75, 80, 85, 90, 95, 100, 105, 110, 115,
    ...      310, 313, 316, 319, 322, 325, 330, 340, 350, 360, 370, 380],
    ...      [(337, "Acting Director"), (89, "Sheriff")])
    'Title: Sheriff Title: Acting Director'
    """
    cuts = sorted(((_cut(text, xs, x0), x0, value) for x0, value in values), reverse=True)
    for at, _, value in cuts:
        rest = text[at:]
        # The value is written on its blank's underline: the blank is filled, not kept.
        rest = rest[len(rest) - len(rest.lstrip("_")):] if rest.startswith("_") else rest
        rest = rest.lstrip()
        text = f"{text[:at].rstrip()} {value}{'' if rest[:1] in _CLOSING else ' '}{rest}".strip()
    return text


def slot(widget: Box) -> Box:
    """The box of a value written on a line of its own: a line's height
    around the middle of its widget, where the value is drawn."""
    mid = (widget.top + widget.bottom) / 2
    return Box(widget.x0, mid - _HALF, widget.x1, mid + _HALF)


def place(lines: Sequence[Box], box: Box) -> int:
    """Where a line at ``box`` goes among ``lines`` (in reading order): before
    the first line on a later row, or on its row further right.

    >>> place([Box(80, 336, 140, 344), Box(183, 349, 333, 350)], slot(Box(183, 329, 333, 351)))
    1
    """
    for i, other in enumerate(lines):
        if other.top - box.top >= ROW or (abs(other.top - box.top) < ROW and other.x0 > box.x0):
            return i
    return len(lines)

"""Lines Tesseract's page layout skipped: bands of ink that no line read covers.

Tesseract's layout analysis now and then leaves a line or two of plain
body text out of every block, silently: on a scan resampled to the
rendering resolution, the first line of an indented paragraph is the usual
victim ("Approved participating LEA personnel will be ..." gone, the rest
of the paragraph read). The words are then missing from that side, and a
comparison reports them inserted on the other. This module finds such
bands on the page image, so that ocr.py can read each one again as a
single block of text, and puts the lines read back in their place:

    image + lines read -> missed_bands -> (ocr.py reads each band) -> merged

A band is a run of pixel rows with ink in them that no line's box (with a
small margin) covers, tall enough for a line of text and with enough ink
(a speck is not a line). Whatever is read there must still look like text
(:func:`kept`): a signature, a seal or a logo that Tesseract rightly left
out reads as a few low-confidence fragments and is dropped.

The same rows of ink tell ocr.py when the layout lost more than a line or
two (:func:`uncovered_share`: a page scanned askew, read as one picture)
and, where too few lines were read to show their slope, the angle that
levels the page's ink (:func:`level_angle`), so that the page is read again
straightened.

>>> from PIL import Image, ImageDraw
>>> from moadiff.model import Line
>>> page = Image.new("L", (600, 400), 255)
>>> draw = ImageDraw.Draw(page)
>>> for top in (50, 100, 150):  # three "lines of text": dark bars
...     draw.rectangle((60, top, 540, top + 20), fill=0)
>>> read = [Line("first", 1, 14.4, 12.0, 129.6, 16.8), Line("third", 1, 14.4, 36.0, 129.6, 40.8)]
>>> missed_bands(page, read, 300)  # the middle bar: rows 100-120
[(100, 121)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from moadiff.model import Line

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["MAX_BANDS", "crop_box", "kept", "level_angle", "merged", "missed_bands", "uncovered_share", "within"]

#: A pixel darker than this is ink.
INK = 128
#: Rows with fewer dark pixels than this are blank (specks, scanner dust).
ROW_INK = 3
#: Margin (points) around each line read, counted as covered: the tails
#: and accents of its letters.
MARGIN_PT = 1.0
#: A band of ink shorter than this (points) is not a line of text.
MIN_HEIGHT_PT = 3.5
#: ... and one with fewer dark pixels a row, on average, than this many
#: points of width is a speck trail, not words.
MIN_INK_PT = 10.0
#: Padding (points) added above and below a band before it is read again:
#: a line on a page turned by a degree drops 8 points across the page.
PAD_PT = 8.0
#: A page with more missed bands than this is a picture, a form or a bad
#: scan, not body text with a line left out: none is read again.
MAX_BANDS = 6
#: A line read again is kept when its words' mean confidence is at least
#: this, and it has at least :data:`MIN_WORDS` words.
MIN_CONFIDENCE = 75.0
MIN_WORDS = 2


def _row_ink(image: Image.Image) -> list[float]:
    """Dark pixels in each row of a grayscale image."""
    from PIL import Image as PILImage

    ink = image.point(lambda v: 255 if v < INK else 0)
    column = ink.resize((1, image.height), PILImage.Resampling.BOX)
    return [v * image.width / 255 for v in column.tobytes()]


def _covered(lines: Sequence[Line], height: int, scale: float) -> list[bool]:
    covered = [False] * height
    margin = MARGIN_PT * scale
    for line in lines:
        for y in range(max(0, int(line.top * scale - margin)), min(height, int(line.bottom * scale + margin) + 1)):
            covered[y] = True
    return covered


def missed_bands(image: Image.Image, lines: Sequence[Line], dpi: int) -> list[tuple[int, int]]:
    """Pixel rows ``(top, bottom)`` of the bands of ink outside every line of
    ``lines`` (in points, as read from ``image`` at ``dpi``); none when
    there are more than :data:`MAX_BANDS` (a picture, not a line left out)."""
    scale = dpi / 72.0
    rows = _row_ink(image)
    covered = _covered(lines, len(rows), scale)
    bands: list[tuple[int, int]] = []
    y = 0
    while y < len(rows):
        if rows[y] < ROW_INK or covered[y]:
            y += 1
            continue
        top = y
        while y < len(rows) and rows[y] >= ROW_INK and not covered[y]:
            y += 1
        if y - top >= MIN_HEIGHT_PT * scale and sum(rows[top:y]) / (y - top) >= MIN_INK_PT * scale:
            bands.append((top, y))
    return bands if len(bands) <= MAX_BANDS else []


def uncovered_share(image: Image.Image, lines: Sequence[Line], dpi: int) -> float:
    """The share of ``image``'s ink (dark pixels) in rows that no line of
    ``lines`` covers: near 0 for a page of text read whole, more for a
    signature or a seal, most of the page when the layout lost its text
    (a page scanned askew, its lines read as one picture).

    >>> from PIL import Image, ImageDraw
    >>> from moadiff.model import Line
    >>> page = Image.new("L", (600, 400), 255)
    >>> for top in (50, 100, 150):
    ...     ImageDraw.Draw(page).rectangle((60, top, 540, top + 20), fill=0)
    >>> uncovered_share(page, [Line("first", 1, 14.4, 12.0, 129.6, 16.8)], 300)
    0.667
    """
    rows = _row_ink(image)
    total = sum(rows)
    if not total:
        return 0.0
    covered = _covered(lines, len(rows), dpi / 72.0)
    return round(sum(ink for ink, c in zip(rows, covered) if not c) / total, 3)


def level_angle(image: Image.Image, dpi: int, most: float = 5.0) -> float:
    """The angle (degrees counter-clockwise, within ``most`` either way)
    that levels the lines of ink on ``image``: the one whose rows of ink
    are the most sharply separated (the projection profile's sum of
    squares is largest), tried in half degrees, then tenths, on a copy at
    about 50 dpi. For a page whose lines Tesseract's layout lost, so that
    the lines read cannot tell their slope.

    >>> from PIL import Image, ImageDraw
    >>> page = Image.new("L", (1200, 900), 255)
    >>> for top in range(100, 800, 60):
    ...     ImageDraw.Draw(page).rectangle((100, top, 1100, top + 20), fill=0)
    >>> level_angle(page.rotate(-2.0, fillcolor=255), 300)
    2.0
    """
    from PIL import Image as PILImage
    from PIL import ImageStat

    factor = max(1, round(dpi / 50))
    small = image.reduce(factor).point(lambda v: 255 if v < INK else 0)

    def sharpness(angle: float) -> float:
        turned = small.rotate(angle, resample=PILImage.Resampling.BILINEAR)
        rows = turned.resize((1, small.height), PILImage.Resampling.BOX)
        return float(ImageStat.Stat(rows).sum2[0])

    steps = round(most * 2)
    best = max((sharpness(k / 2), k / 2) for k in range(-steps, steps + 1))[1]
    best = max((sharpness(best + k / 10), best + k / 10) for k in range(-4, 5))[1]
    return round(best, 1)


def crop_box(band: tuple[int, int], image: Image.Image, dpi: int) -> tuple[int, int, int, int]:
    """The part of the page to read again for ``band``: the band with
    :data:`PAD_PT` above and below, into the lines around it, for a turned
    page's line runs across the rows of its neighbours.

    >>> from PIL import Image
    >>> crop_box((100, 121), Image.new("L", (600, 400), 255), 300)
    (0, 67, 600, 154)
    """
    pad = round(PAD_PT * dpi / 72.0)
    return 0, max(0, band[0] - pad), image.width, min(image.height, band[1] + pad)


def within(line: Line, band: tuple[int, int], dpi: int) -> bool:
    """Whether a line read in :func:`crop_box` of ``band`` is the band's
    (its middle in the band), not a neighbour the padding cut into.

    >>> within(Line("x", 1, top=25.0, bottom=28.0), (100, 121), 300)
    True
    >>> within(Line("y", 1, top=20.0, bottom=22.0), (100, 121), 300)
    False
    """
    middle = (line.top + line.bottom) / 2 * dpi / 72.0
    return band[0] <= middle <= band[1]


def kept(line: Line) -> bool:
    """Whether a line read again in a missed band looks like text: enough
    words, read with confidence.

    >>> kept(Line("Approved participating LEA personnel", 1, confidences=(96.0, 95.5, 97.1, 96.3)))
    True
    >>> kept(Line("~ ,/ J", 1, confidences=(31.0, 12.5, 40.2)))
    False
    """
    confs = line.confidences
    return len(confs) >= MIN_WORDS and sum(confs) / len(confs) >= MIN_CONFIDENCE


def merged(lines: Sequence[Line], extra: Sequence[Line]) -> tuple[Line, ...]:
    """``lines`` with each of ``extra`` put before the first line that starts
    below it (the reading order of a page of body text).

    >>> a, c = Line("a", 1, top=10.0, bottom=20.0), Line("c", 1, top=50.0, bottom=60.0)
    >>> [x.text for x in merged([a, c], [Line("b", 1, top=30.0, bottom=40.0)])]
    ['a', 'b', 'c']
    """
    out = list(lines)
    for line in sorted(extra, key=lambda x: x.top):
        at = next((k for k, other in enumerate(out) if other.top > line.top), len(out))
        out.insert(at, line)
    return tuple(out)

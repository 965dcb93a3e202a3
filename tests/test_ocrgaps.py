"""Lines Tesseract's page layout left out are found and read again (ocrgaps.py, ocr.py)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from moadiff.extractors import ocr
from moadiff.extractors.ocrgaps import merged, missed_bands

LINES = [
    "The LEA is expected to pursue to completion all criminal charges",
    "Approved participating LEA personnel will be authorized to perform",
    "those immigration officer functions set forth in the Standard",
    "Operating Procedures in Appendix A.",
]


def _font() -> ImageFont.FreeTypeFont:
    import reportlab

    return ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 42)


def _page(lines: list[str], scribble: bool = False) -> Image.Image:
    """A 300-dpi page image with ``lines`` of 10-point text, 24 points apart."""
    image = Image.new("L", (2550, 1200), 255)
    draw = ImageDraw.Draw(image)
    for k, text in enumerate(lines):
        draw.text((300, 150 + 100 * k), text, font=_font(), fill=0)
    if scribble:  # a signature under the text: ink, but no words
        rng = random.Random(3)
        points = [(300 + 12 * i, 1000 + rng.randint(-40, 40)) for i in range(60)]
        draw.line(points, fill=0, width=5)
    return image


@pytest.fixture(scope="module")
def readers() -> ocr._Readers:
    folder = ocr.tessdata_dir()
    if folder is None:
        pytest.skip("Tesseract's English data is not installed")
    return ocr._Readers(folder)


def test_a_line_left_out_is_read_again_and_put_in_its_place(readers: ocr._Readers) -> None:
    image = _page(LINES)
    reading = ocr._recognise(readers, image, 1, 300)
    assert [line.text for line in reading.lines] == LINES
    # What Tesseract's layout analysis does now and then: the first line of
    # a paragraph is in no block, and so in no line read.
    skipped = replace(reading, lines=(reading.lines[0], *reading.lines[2:]))
    missed = ocr._recognise_missed(readers, image, skipped, 1, 300)
    assert [line.text for line in missed.lines] == [LINES[1]]
    assert [line.text for line in ocr._with_missed(skipped, missed).lines] == LINES
    # Its box is where it is on the page, not in the band cut out to read it.
    assert abs(missed.lines[0].top - reading.lines[1].top) < 1.0


def test_nothing_is_read_again_when_every_line_was_read(readers: ocr._Readers) -> None:
    image = _page(LINES)
    reading = ocr._recognise(readers, image, 1, 300)
    assert missed_bands(image, reading.lines, 300) == []
    assert ocr._recognise_missed(readers, image, reading, 1, 300).lines == ()


def test_a_signature_outside_the_lines_is_not_read_as_text(readers: ocr._Readers) -> None:
    image = _page(LINES, scribble=True)
    reading = ocr._recognise(readers, image, 1, 300)
    text = [line for line in reading.lines if line.text in LINES]
    assert ocr._recognise_missed(readers, image, replace(reading, lines=tuple(text)), 1, 300).lines == ()


def test_merged_keeps_reading_order() -> None:
    from moadiff.model import Line

    read = [Line("one", 1, top=10.0, bottom=20.0), Line("three", 1, top=50.0, bottom=60.0),
            Line("four", 1, top=70.0, bottom=80.0)]
    extra = [Line("five", 1, top=90.0, bottom=95.0), Line("two", 1, top=30.0, bottom=40.0)]
    assert [line.text for line in merged(read, extra)] == ["one", "two", "three", "four", "five"]

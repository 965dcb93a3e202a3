"""A pale watermark under a scanned page's text, cleared before OCR.

A draft or a sample scanned with "DRAFT" or "NOT FOR DISTRIBUTION" printed
across it in light grey under the text: Tesseract reads the edges of the big
grey letters where they pass between words as letters of their own
("transfervof thewaliensto", "LBA" for "LEA"). Text never makes such a
mark: a stroke of print is dark, and its grey edge (anti-aliasing, a
scanner's halo) is a pixel or two wide. So a page holds a pale layer when
it has areas of light grey :data:`CORE_PX` pixels across (at half the
resolution) that make up :data:`MIN_SHARE` of the page or more; then every
pixel lighter than print in and around those areas (the grey, and the
fading edges of the grey) is made white, and the dark print over them is
left as it is:

    image -> pale_layer (areas of light grey) -> cleared (those pixels white) -> OCR

A scan without such areas (all 196 scanned pages of the shared agreements,
faint or speckled ones included) is not touched, byte for byte.

>>> from PIL import Image, ImageDraw
>>> page = Image.new("L", (800, 600), 255)
>>> draw = ImageDraw.Draw(page)
>>> draw.rectangle((100, 100, 700, 400), fill=210)  # a pale block, a watermark's stroke
>>> draw.rectangle((120, 240, 680, 260), fill=0)  # a line of print over it
>>> out = cleared(page)
>>> out.getpixel((110, 110)), out.getpixel((400, 250)), cleared(Image.new("L", (800, 600), 255)) is None
(255, 0, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["MIN_SHARE", "cleared"]

#: Grey levels of a pale layer: lighter than print, darker than paper.
PALE = range(170, 240)
#: A pale area is at least this many pixels across, at half the page's resolution
#: (7 pixels at 150 dpi: about 1.2 mm, far wider than the grey edge of a stroke).
CORE_PX = 7
#: ... and such areas make up at least this share of the page.
MIN_SHARE = 0.001

_PALE = [255 if v in PALE else 0 for v in range(256)]
_LIGHT = [255 if v >= PALE.start else 0 for v in range(256)]
_WHOLE = [255 if v >= 250 else 0 for v in range(256)]
_ANY = [255 if v else 0 for v in range(256)]


def cleared(image: Image.Image) -> Image.Image | None:
    """``image`` (8-bit grey) with its pale layer made white, or None when it
    has none (then nothing was changed)."""
    from PIL import Image as PILImage
    from PIL import ImageChops, ImageFilter

    half = image.reduce(2)
    blur = ImageFilter.BoxBlur(CORE_PX // 2)
    core = half.point(_PALE).filter(blur).point(_WHOLE)  # pixels whose whole neighbourhood is pale
    if core.histogram()[255] < MIN_SHARE * half.width * half.height:
        return None
    around = core.filter(ImageFilter.BoxBlur(CORE_PX)).point(_ANY).resize(image.size, PILImage.Resampling.NEAREST)
    pale = ImageChops.darker(around, image.point(_LIGHT))  # what is not print, in and around those areas
    out = image.copy()
    out.paste(255, mask=pale)
    return out

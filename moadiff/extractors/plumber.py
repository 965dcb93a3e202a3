"""PDF reader on pdfplumber (pdfminer.six): the alternative engine.

About 20x slower than PDFium here (see README, "Speed"), but pure Python and
with its own layout analysis; ``--engine pdfplumber`` selects it. Form-field
values (AcroForm widgets, values inherited from /Parent) are put at the
blank their widget covers, as in the default engine (fields.py). Hidden text is left out as
there (see pdf.py). A page whose text does not read left to right as pdfplumber
lays it out (a page shown sideways by its /Rotate: pdfplumber turns the page,
and the text with it) is turned back the way its characters run, as pdf.py
measures a page's reading direction. This is the only module that imports pdfplumber.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections import Counter
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import chars_to_textmap

from moadiff.errors import ExtractionError
from moadiff.extractors import fields
from moadiff.extractors.pages import MARK_CHARS, build_pages, watermark
from moadiff.extractors.quality import quality_notices
from moadiff.model import Document, Line, Options

# pdfminer logs its complaints about damaged files ("Refusing to execute
# circular reference ..."); an error, if any, is ours to report, in one line.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())
logging.getLogger("pdfminer").propagate = False


_PLAIN_SPACES = {"DeviceGray", "CalGray", "DeviceRGB", "CalRGB", "DeviceCMYK", "ICCBased"}


def _alpha(value: Any) -> float:
    value = resolve1(value)
    return min(max(float(value), 0.0), 1.0) if isinstance(value, (int, float)) else 1.0


#: The attribute that carries (fill, stroke) alpha on pdfminer's objects.
_ALPHA = "moadiff_alpha"


def _get_alpha(obj: object) -> tuple[float, float]:
    value: tuple[float, float] = getattr(obj, _ALPHA, (1.0, 1.0))
    return value


class _Interpreter(PDFPageInterpreter):
    """Tracks the fill and stroke alpha (ExtGState ``/ca`` and ``/CA``),
    which pdfminer ignores (its ``gs`` operator does nothing). They are kept
    on the graphics state, saved and restored by ``q``/``Q``, and a Form
    XObject starts with its caller's (PDF 1.7, 8.10.1)."""

    _inherited: tuple[float, float] = (1.0, 1.0)

    def init_state(self, ctm: Any) -> None:
        super().init_state(ctm)
        setattr(self.graphicstate, _ALPHA, self._inherited)

    def get_current_state(self) -> Any:
        ctm, text, graphic = super().get_current_state()
        setattr(graphic, _ALPHA, _get_alpha(self.graphicstate))
        return ctm, text, graphic

    def subinterp(self) -> PDFPageInterpreter:
        interp = super().subinterp()  # pdfminer makes it with self.__class__
        if isinstance(interp, _Interpreter):
            interp._inherited = _get_alpha(self.graphicstate)
        return interp

    def do_gs(self, name: Any) -> None:
        states = resolve1((self.resources or {}).get("ExtGState"))
        state = resolve1(states.get(getattr(name, "name", name))) if isinstance(states, dict) else None
        if isinstance(state, dict):
            fill, stroke = _get_alpha(self.graphicstate)
            setattr(self.graphicstate, _ALPHA, (_alpha(state.get("ca", fill)), _alpha(state.get("CA", stroke))))

    def do_TJ(self, seq: Any) -> None:
        # The device gets a copy of the graphics state without our field
        # (PDFGraphicState.copy); Tj, ' and " all come through here.
        setattr(self.device, _ALPHA, _get_alpha(self.graphicstate))
        super().do_TJ(seq)


class _Device(PDFPageAggregatorWithMarkedContent):
    """Records each character's text render mode and ink alpha, which
    pdfminer does not."""

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        before = len(self.cur_item._objs)
        super().render_string(textstate, seq, ncs, graphicstate)
        alpha = _get_alpha(self)
        for item in self.cur_item._objs[before:]:
            setattr(item, "moadiff_mode", textstate.render)  # noqa: B010 - pdfminer's objects have no such field
            setattr(item, _ALPHA, alpha)


class _Page(Page):
    """A pdfplumber page whose characters carry ``render_mode``."""

    @property
    def layout(self) -> Any:
        if not hasattr(self, "_layout"):
            device = _Device(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams)
            try:
                _Interpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            except Exception as exc:
                raise PdfminerException(exc) from exc
            self._layout = device.get_result()
        return self._layout

    def process_object(self, obj: Any) -> Any:
        attr = super().process_object(obj)
        if hasattr(obj, "moadiff_mode"):
            attr["render_mode"] = obj.moadiff_mode
            attr["fill_alpha"], attr["stroke_alpha"] = _get_alpha(obj)
        return attr


def _white(color: Any, space: Any) -> bool:
    """Gray 1, RGB 1 1 1 or CMYK 0 0 0 0. In other colour spaces (Separation:
    1 is full ink) a colour is never taken for white."""
    if space not in _PLAIN_SPACES or not isinstance(color, tuple) \
            or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) in (1, 3):
        return bool(min(color) >= 0.98)
    return len(color) == 4 and max(color) <= 0.02


def _over(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1 for x0, top, x1, bottom in boxes)


#: Ink this transparent (alpha) leaves no visible mark.
_CLEAR = 0.02


def _unseen(char: dict[str, Any]) -> bool:
    """Drawn in render mode 3 (invisible) or 7 (clip only), or in ink a
    reader cannot see: transparent (the alpha of the ink each mode paints
    with), or filled (only) with white. pdfminer does not give the stroking
    colour's space, so stroked text is not taken for white."""
    mode = char.get("render_mode", 0)
    if mode in (3, 7):
        return True
    fill, stroke = char.get("fill_alpha", 1.0), char.get("stroke_alpha", 1.0)
    clear = {0: fill, 4: fill, 1: stroke, 5: stroke, 2: max(fill, stroke), 6: max(fill, stroke)}.get(mode, 1.0)
    if clear <= _CLEAR:
        return True
    return mode in (0, 4) and _white(char.get("non_stroking_color"), char.get("ncs"))


def _hidden_chars(page: Page) -> list[int]:
    """Indices into ``page.chars`` of characters a reader cannot see (see
    :func:`_unseen`) unless over an image (a scan's OCR layer), and of
    those whose centre lies outside the page's visible area."""
    area = [page.bbox if "CropBox" not in page.page_obj.attrs else page.cropbox]
    images = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
    hidden = []
    for i, char in enumerate(page.chars):
        if char["text"].isspace():
            continue
        if not _over(char, area) or (_unseen(char) and not _over(char, images)):
            hidden.append(i)
    return hidden


def _darkest(color: Any, space: Any) -> float | None:
    """The darkest channel of a fill colour, 0 (black) to 1 (white); None in
    a colour space where that is not known (see :func:`_white`)."""
    if space not in _PLAIN_SPACES or not isinstance(color, tuple) or not color \
            or not all(isinstance(v, (int, float)) for v in color):
        return None
    if len(color) in (1, 3):
        return float(min(color))
    return 1.0 - float(max(color)) if len(color) == 4 else None


def _marks(page: Page) -> tuple[list[int], list[str]]:
    """Indices into ``page.chars`` of a watermark's or a stamp's characters
    (:func:`moadiff.extractors.pages.watermark`), and their runs as text."""
    marked: list[int] = []
    for i, char in enumerate(page.chars):
        a, b = char["matrix"][0], char["matrix"][1]
        if not char["text"].isspace() and watermark(math.atan2(b, a), char["size"],
                                                   _darkest(char.get("non_stroking_color"), char.get("ncs")),
                                                   char.get("fill_alpha", 1.0)):
            marked.append(i)
    runs: list[list[int]] = []
    for k, i in enumerate(marked):
        if k and i == marked[k - 1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    # A run too short to tell (a lone dash of a scan's text layer set askew) stays.
    runs = [run for run in runs if sum(not page.chars[i]["text"].isspace() for i in run) >= MARK_CHARS]
    texts = [" ".join("".join(page.chars[i]["text"] for i in run).split()) for run in runs]
    return [i for run in runs for i in run], texts


def _without(page: Page, indices: list[int]) -> Page:
    """``page`` without the characters at ``indices`` of ``page.chars``."""
    ids = {id(page.chars[i]) for i in indices}
    return page.filter(lambda obj: id(obj) not in ids)


def _words(indices: list[int]) -> int:
    """Hidden words: runs of hidden characters in drawing order."""
    return 1 + sum(1 for a, b in itertools.pairwise(indices) if b != a + 1)


def _cause(exc: Exception) -> BaseException:
    """The pdfminer error that pdfplumber wrapped."""
    cause: BaseException = exc
    while isinstance(cause, PdfminerException) and cause.args and isinstance(cause.args[0], BaseException):
        cause = cause.args[0]
    return cause


def _detail(exc: Exception) -> str:
    """What pdfminer said (for --debug, never the reason), short; a memory or
    recursion error is raised instead, so that isolate.py names the limit
    that was hit."""
    cause = _cause(exc)
    if isinstance(cause, (MemoryError, RecursionError)):
        raise cause
    detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return "pdfminer: " + " ".join(detail.split())[:300]


def _text(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", errors="replace")
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


def _field_value(data: dict[str, Any]) -> str:
    """A widget's value, following /Parent as PDF form fields inherit it."""
    seen = 0
    while data and seen < 32:
        if "V" in data:
            return " ".join(_text(data["V"]).split())
        data = resolve1(data.get("Parent")) or {}
        seen += 1
    return ""


def _pages(path: str, pdf: PDF, options: Options) -> list[_Page]:
    """The pages, or an error: none, or more than ``options.max_pages``
    (found without walking the rest of a huge page tree)."""
    try:
        found = list(itertools.islice(PDFPage.create_pages(pdf.doc), options.max_pages + 1))
    except Exception as exc:  # noqa: BLE001
        raise ExtractionError(path, "cannot list the pages, the PDF's structure is damaged; "
                                    "--engine pdfium may read it", detail=_detail(exc)) from None
    if not found:
        raise ExtractionError(path, "the PDF has no pages")
    if len(found) > options.max_pages:
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages") or {}).get("Count"))
        count = f"{declared} pages" if isinstance(declared, int) and declared > options.max_pages else \
            f"more than {options.max_pages} pages"
        raise ExtractionError(path, f"has {count}, more than --max-pages {options.max_pages}")
    pages, doctop = [], 0.0
    for number, page_obj in enumerate(found, start=1):
        page = _Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        pages.append(page)
        doctop += float(page.height)
    return pages


def _xs(text: str, chars: list[dict[str, Any]]) -> list[float]:
    """The centre x of each character of a line's ``text`` (its spaces take
    the x of the character before), matched in order to its ``chars``."""
    inked = iter(c for c in chars if not c["text"].isspace())
    xs: list[float] = []
    for ch in text:
        c = None if ch.isspace() else next(inked, None)
        xs.append((c["x0"] + c["x1"]) / 2 if c is not None else (xs[-1] if xs else 0.0))
    return xs


def _direction(chars: list[dict[str, Any]]) -> str:
    """The way most of a page's characters read, from their text matrices:
    "right" (upright), "down", "up" or "left" (upside down). pdfplumber lays
    a page out as its /Rotate shows it: text drawn upright on a page that
    /Rotate shows sideways (a signature page turned by a scanner or an
    editor) reads down or up there.

    >>> _direction([{"text": "T", "matrix": (0, -12, 12, 0, 710, 540)}, {"text": " ", "matrix": (1, 0, 0, 1, 0, 0)}])
    'down'
    """
    count: Counter[str] = Counter()
    for c in chars:
        if not c["text"].isspace():
            a, b = c["matrix"][:2]
            if abs(a) >= abs(b):
                count["right" if a > 0 else "left"] += 1
            else:
                count["down" if b < 0 else "up"] += 1
    return count.most_common(1)[0][0] if count else "right"


def _turned(box: dict[str, Any], direction: str, width: float, height: float) -> tuple[float, float, float, float]:
    """``box`` (x0, top, x1, bottom) in the frame where text reading
    ``direction`` reads left to right, top down (as pdf.py's _Geometry)."""
    x0, top, x1, bottom = float(box["x0"]), float(box["top"]), float(box["x1"]), float(box["bottom"])
    if direction == "down":  # reading along +top; lines advance along -x
        return top, width - x1, bottom, width - x0
    if direction == "up":  # reading along -top; lines advance along +x
        return height - bottom, x0, height - top, x1
    if direction == "left":
        return width - x1, height - bottom, width - x0, height - top
    return x0, top, x1, bottom


def _upright(page: Page) -> tuple[list[dict[str, Any]], list[tuple[fields.Box, str]], float, float]:
    """A page's text lines (with their characters) and form-field widgets,
    turned so that its text reads left to right, and its size so turned."""
    widgets = [(a, v) for a in page.annots if (v := _field_value(a.get("data") or {}))]
    width, height = float(page.width), float(page.height)
    direction = _direction(page.chars)
    if direction == "right":
        return (page.extract_text_lines(return_chars=True),
                [(fields.Box(a["x0"], a["top"], a["x1"], a["bottom"]), v) for a, v in widgets], width, height)
    chars = []
    for c in page.chars:
        x0, top, x1, bottom = _turned(c, direction, width, height)
        chars.append({**c, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "doctop": top, "upright": True,
                      "width": x1 - x0, "height": bottom - top})
    if direction in ("down", "up"):
        width, height = height, width
    rows = chars_to_textmap(chars, layout_bbox=(0, 0, width, height), layout_width=width,
                            layout_height=height).extract_text_lines(return_chars=True)
    return rows, [(fields.Box(*_turned(a, direction, float(page.width), float(page.height))), v) for a, v in widgets], \
        width, height


def _with_fields(rows: list[dict[str, Any]], widgets: list[tuple[fields.Box, str]], number: int) -> list[Line]:
    """A page's lines in reading order, each form-field value at its blank or
    on a line of its own (see fields.py)."""
    rows = sorted(rows, key=lambda r: (round(r["top"]), r["x0"]))
    boxes = [fields.Box(r["x0"], r["top"], r["x1"], r["bottom"]) for r in rows]
    blank = [fields.is_blank(r["text"]) for r in rows]
    hosted: dict[int, list[tuple[float, str]]] = {}
    alone: list[tuple[fields.Box, str]] = []
    for widget, value in widgets:
        at = fields.host(widget, boxes, blank)
        if at is None:
            alone.append((fields.slot(widget), value))
        else:
            hosted.setdefault(at, []).append((widget.x0, value))
    out = [Line(fields.fill(r["text"], _xs(r["text"], r["chars"]), hosted[i]) if i in hosted else r["text"],
                number, r["x0"], r["top"], r["x1"], r["bottom"], source="text+form" if i in hosted else "text")
           for i, r in enumerate(rows)]
    for box, value in sorted(alone, key=lambda a: (a[0].top, a[0].x0)):
        at = fields.place([fields.Box(ln.x0, ln.top, ln.x1, ln.bottom) for ln in out], box)
        out.insert(at, Line(value, number, box.x0, box.top, box.x1, box.bottom, source="form"))
    return out


def extract_pdf(path: str, data: bytes, sha256: str, options: Options) -> Document:
    import io

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=options.password or "")
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types on damaged files
        cause = _cause(exc)
        if isinstance(cause, PDFPasswordIncorrect):
            reason = ("the password given does not open this encrypted PDF" if options.password
                      else "encrypted and needs a password (use --password)")
            raise ExtractionError(path, reason) from None
        if b"/Encrypt" in data:  # pdfminer fails on some permissions, e.g. /P 0
            raise ExtractionError(path, "encrypted in a way the pdfplumber engine cannot open; "
                                        "--engine pdfium may read it", detail=_detail(exc)) from None
        raise ExtractionError(path, "not a valid PDF (damaged or truncated); --engine pdfium may read it",
                              detail=_detail(exc)) from None
    # Not ``with pdf``: PDF.close() walks the whole page tree, which a file of
    # 20,000 pages makes slow. The stream is ours and each page is closed here.
    pdf_pages = _pages(path, pdf, options)
    raw_pages: list[tuple[list[Line], float, float]] = []
    hidden: dict[int, int] = {}
    marked: dict[int, list[str]] = {}  # page number -> the watermarks and stamps left out
    for number, whole in enumerate(pdf_pages, start=1):
        try:
            page: Page = whole
            unseen = _hidden_chars(whole)
            if unseen:
                hidden[number] = _words(unseen)
            in_marks, marks = _marks(whole)
            if marks:
                marked[number] = marks
            if unseen or in_marks:
                page = _without(whole, sorted(set(unseen) | set(in_marks)))
            rows, widgets, width, height = _upright(page)
        except Exception as exc:  # noqa: BLE001
            raise ExtractionError(path, "cannot read the page, the PDF is damaged; --engine pdfium may read it",
                                  page=number, detail=_detail(exc)) from None
        page_lines = _with_fields(rows, widgets, number)
        raw_pages.append((page_lines, width, height))
        whole.close()
    pages, notices = build_pages(raw_pages, hidden, marks=marked)
    notices.extend(quality_notices(pages))
    return Document(path, sha256, "pdf", tuple(pages), engine="pdfplumber", notices=tuple(notices))

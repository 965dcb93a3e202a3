"""PDF reader on pypdfium2 (PDFium): the default engine, about 20x faster than
pdfplumber on these agreements (see README, "Speed").

For each page it yields the text layer's lines in PDFium's reading order with
their boxes, and merges in the values of form fields (AcroForm widgets):
2025 agreements often hold the agency name, field office, signatories and
dates only there ("the , hereinafter" in the text layer). A value is put at
the blank its widget covers, or becomes a line of its own (fields.py).
Shifted glyphs (fonts without a Unicode map) are repaired page by page.
Text a reader of the page cannot see (render mode 3 or 7, white or fully
transparent ink, outside the page) is left out, with a notice: hidden words
must not be compared as if they were printed. Invisible text over an image
is kept, since that is how a scanner lays its OCR layer over the picture.

This is the only module that imports pypdfium2.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
from pypdfium2 import raw

from moadiff.errors import ExtractionError
from moadiff.extractors import fields as fields_
from moadiff.extractors.pages import MARK_CHARS, WATERMARK_SIZE, build_pages, watermark
from moadiff.extractors.quality import quality_notices
from moadiff.model import Document, Line, Options

if TYPE_CHECKING:
    from PIL import Image

_TEXT_FIELDS = {raw.FPDF_FORMFIELD_TEXTFIELD, raw.FPDF_FORMFIELD_COMBOBOX, raw.FPDF_FORMFIELD_LISTBOX}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# PDFium's load errors, as a user would say them.
_LOAD_ERRORS = {
    raw.FPDF_ERR_FILE: "cannot be opened",
    raw.FPDF_ERR_FORMAT: "is not a valid PDF (damaged or truncated)",
    raw.FPDF_ERR_PASSWORD: "is encrypted and needs a password (use --password)",
    raw.FPDF_ERR_SECURITY: "uses an unsupported security handler",
    # PDFium loads the file but finds no page tree, or an empty one.
    raw.FPDF_ERR_SUCCESS: "has no pages (its list of pages is empty or damaged)",
}


@dataclass(frozen=True, slots=True)
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float


class _Geometry:
    """Maps PDF user space to a frame where text reads left to right, top down.

    Neither /Rotate nor user space can be trusted alone: a landscape
    signature page may be upright text on a rotated page, and a scanner may
    write its OCR layer sideways and rely on /Rotate. So the reading
    direction is measured from the characters themselves (first to last
    character of the longer lines), and one of four orientations is chosen.
    """

    def __init__(self, page: pdfium.PdfPage, direction: str) -> None:
        left, bottom, right, top = page.get_mediabox()
        self.w, self.h = right - left, top - bottom
        self._left, self._bottom = left, bottom
        self.direction = direction
        if self.direction in ("up", "down"):
            self.w, self.h = self.h, self.w

    def box(self, left: float, bottom: float, right: float, top: float) -> _Box:
        x0, y0, x1, y1 = left - self._left, bottom - self._bottom, right - self._left, top - self._bottom
        d = self.direction
        if d == "down":  # reading along -y, lines advance along -x
            xs, ys = (self.w - y1, self.w - y0), (self.h - x1, self.h - x0)
        elif d == "up":  # reading along +y, lines advance along +x
            xs, ys = (y0, y1), (x0, x1)
        elif d == "left":  # upside down
            xs, ys = (self.w - x1, self.w - x0), (y0, y1)
        else:
            xs, ys = (x0, x1), (self.h - y1, self.h - y0)
        return _Box(xs[0], ys[0], xs[1], ys[1])


_Rect = tuple[float, float, float, float]  # left, bottom, right, top in page space
_Ends = list[tuple[str, int, _Rect | None, _Rect | None]]  # line, start, boxes of its first and last characters


def _reading_direction(ends: _Ends) -> str:
    """"right" (normal), "down", "up" or "left", from the longer lines."""
    dx = dy = 0.0
    seen = 0
    for line, _, a, b in ends:
        if a is None or b is None or len(line.strip()) < 20:
            continue
        la, ba, ra, ta = a
        lb, bb, rb, tb = b
        dx += (lb + rb) / 2 - (la + ra) / 2
        dy += (bb + tb) / 2 - (ba + ta) / 2
        seen += 1
        if seen >= 25:
            break
    if abs(dy) > abs(dx):
        return "down" if dy < 0 else "up"
    return "left" if dx < 0 else "right"


class _Chars:
    """Boxes of a text page's characters by text index, in page space.

    Hot (both ends of every line): PDFium's two calls made directly, into
    buffers made once per page, not through pypdfium2's get_charbox (which
    makes four ctypes doubles a call)."""

    __slots__ = ("_b", "_l", "_r", "_t", "_tp")

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self._tp = textpage.raw
        self._l, self._r, self._b, self._t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()

    def box(self, text_index: int) -> _Rect | None:
        """(left, bottom, right, top) of the character at ``text_index``;
        None for one PDFium generated (a space or line break it inferred)."""
        ci = raw.FPDFText_GetCharIndexFromTextIndex(self._tp, text_index)
        if ci < 0:
            return None
        if not raw.FPDFText_GetCharBox(self._tp, ci, self._l, self._r, self._b, self._t):
            raise pdfium.PdfiumError("Failed to get charbox.")
        return self._l.value, self._b.value, self._r.value, self._t.value

    def watermark(self, text_index: int, box: _Rect | None = None) -> bool:
        """Whether the character at ``text_index`` is a watermark's or a
        stamp's (:func:`moadiff.extractors.pages.watermark`); never one
        PDFium generated. ``box``, its box if known: one less than a third
        of a watermark's size tall is not asked its size (a line's ends, on
        every page: the common case)."""
        ci = raw.FPDFText_GetCharIndexFromTextIndex(self._tp, text_index)
        if ci < 0:
            return False
        angle = raw.FPDFText_GetCharAngle(self._tp, ci)  # clockwise, or -1 if unknown
        small = box is not None and box[3] - box[1] < WATERMARK_SIZE / 3
        size = 0.0 if small else raw.FPDFText_GetFontSize(self._tp, ci)
        if size < WATERMARK_SIZE:
            return angle >= 0 and watermark(-angle, size, None)
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        filled = raw.FPDFText_GetFillColor(self._tp, ci, r, g, b, a)
        darkest = min(r.value, g.value, b.value) / 255 if filled else None
        return watermark(-max(angle, 0.0), size, darkest, a.value / 255 if filled else 1.0)


def _line_ends(textpage: pdfium.PdfTextPage, text: str) -> _Ends:
    """Each non-blank line of ``text``, where it starts, and the boxes of
    its first and last characters: read once, for both the reading
    direction and the lines' boxes."""
    chars = _Chars(textpage)
    out: _Ends = []
    pos = 0
    for m in _LINE_BREAK.finditer(text + "\n"):
        line, start, pos = text[pos : m.start()], pos, m.end()
        if not line or line.isspace():
            continue
        first = start + len(line) - len(line.lstrip())
        last = start + len(line.rstrip()) - 1
        out.append((line, start, chars.box(first), chars.box(last)))
    return out


def _read_layer(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage,
                text: str) -> tuple[_Geometry, list[_TextLine], list[str]]:
    """The geometry of the page and the lines of ``text`` (its text layer,
    hidden characters blanked), in reading order; and the text of the
    watermarks and stamps left out of them (:func:`_without_marks`)."""
    ends = _line_ends(textpage, text)
    text, marks = _without_marks(textpage, text, ends)
    if marks:
        ends = _line_ends(textpage, text)
    geo = _Geometry(page, _reading_direction(ends))
    return geo, _text_lines(textpage, geo, ends), marks


def _without_marks(textpage: pdfium.PdfTextPage, text: str, ends: _Ends) -> tuple[str, list[str]]:
    """``text`` with the characters of watermarks and stamps blanked
    (:meth:`_Chars.watermark`; runs of at least :data:`MARK_CHARS`), and
    the text of each run. They are looked for in the lines of ``ends`` that
    begin or end with one: a watermark drawn under the text opens a line of
    PDFium's, one drawn over it closes one, and PDFium may join either to a
    line of the page's own (a page number); those lines are looked at
    character by character, so that an ordinary page costs two looks a line."""
    chars = _Chars(textpage)
    marked: list[int] = []
    for line, start, first_box, last_box in ends:
        first, last = start + len(line) - len(line.lstrip()), start + len(line.rstrip()) - 1
        if chars.watermark(first, first_box) or chars.watermark(last, last_box):
            marked += [i for i in range(first, last + 1) if not text[i].isspace() and chars.watermark(i)]
    runs: list[list[int]] = []
    for i in marked:
        if runs and not text[runs[-1][-1] + 1:i].strip():
            runs[-1].append(i)  # the same run: only blanks (PDFium's spaces between placed letters) between
        else:
            runs.append([i])
    runs = [run for run in runs if len(run) >= MARK_CHARS]  # a lone turned symbol is no watermark
    if not runs:
        return text, []
    blanked = list(text)
    for run in runs:
        for i in run:
            blanked[i] = " "
    return "".join(blanked), [" ".join(text[run[0]:run[-1] + 1].split()) for run in runs]


def _open(path: str, data: bytes, options: Options) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=options.password)
    except pdfium.PdfiumError:
        code = _load_error(data, options.password)
        if code == raw.FPDF_ERR_PASSWORD and options.password:
            reason = "the password given does not open this encrypted PDF"
        else:
            reason = _LOAD_ERRORS.get(code, "is not a readable PDF")
        raise ExtractionError(path, reason.replace("is ", "", 1) if reason.startswith("is ") else reason) from None


def _load_error(data: bytes, password: str | None) -> int | None:
    """Why PDFium cannot load ``data``. PDFium sets its last error only for
    some failures (not for a missing or empty page tree) and otherwise keeps
    an earlier one, even one inherited from the parent process. So the error
    is first set to FPDF_ERR_FILE, which loading from memory never gives,
    and the load is tried again: FPDF_ERR_FILE then means "none given"."""
    raw.FPDF_LoadDocument(b"", None)  # no such file
    try:
        pdfium.PdfDocument(data, password=password).close()
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        return raw.FPDF_ERR_SUCCESS if code == raw.FPDF_ERR_FILE else code
    return None


def _wide_string(fn: Callable[..., int], *args: object) -> str:
    """Call a PDFium getter that fills a UTF-16LE buffer."""
    size = fn(*args, None, 0)
    if size <= 2:
        return ""
    buf = ctypes.create_string_buffer(size)
    fn(*args, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
    return buf.raw[: size - 2].decode("utf-16-le", errors="replace")


def _field_values(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, geo: _Geometry) -> list[tuple[_Box, str]]:
    form = pdf.formenv.raw if pdf.formenv is not None else None
    if form is None:
        return []
    out: list[tuple[_Box, str]] = []
    for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, k)
        if not annot:
            continue
        try:
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
                continue
            if raw.FPDFAnnot_GetFlags(annot) & raw.FPDF_ANNOT_FLAG_HIDDEN:
                continue
            if raw.FPDFAnnot_GetFormFieldType(form, annot) not in _TEXT_FIELDS:
                continue
            # The value is often held on the parent field; PDFium follows /Parent.
            value = " ".join(_wide_string(raw.FPDFAnnot_GetFormFieldValue, form, annot).split())
            if not value:
                continue
            rect = raw.FS_RECTF()
            if not raw.FPDFAnnot_GetRect(annot, rect):
                continue
            out.append((geo.box(rect.left, rect.bottom, rect.right, rect.top), value))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return out


_UNSEEN_MODES = {raw.FPDF_TEXTRENDERMODE_INVISIBLE, raw.FPDF_TEXTRENDERMODE_CLIP}
_FILL_MODES = {raw.FPDF_TEXTRENDERMODE_FILL, raw.FPDF_TEXTRENDERMODE_FILL_CLIP,
               raw.FPDF_TEXTRENDERMODE_FILL_STROKE, raw.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP}
_STROKE_MODES = {raw.FPDF_TEXTRENDERMODE_STROKE, raw.FPDF_TEXTRENDERMODE_STROKE_CLIP,
                 raw.FPDF_TEXTRENDERMODE_FILL_STROKE, raw.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP}
#: Page objects looked at per page before giving up and checking every character.
_SURVEY_BUDGET = 50_000
#: More drawings than this and a page may hold text drawn as outlines (a
#: "print to PDF" that converts fonts to curves), which only OCR can read.
_PLAIN_PATHS = 100


def _unseen_ink(getter: Callable[..., int], obj: object,
                ink: tuple[ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint] | None = None) -> bool:
    r, g, b, a = ink or tuple(ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 250


def _invisible(obj: object,
               ink: tuple[ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint] | None = None) -> bool:
    """Whether a text object leaves no mark: render mode 3 (neither fill nor
    stroke) or 7 (clip only), or white or fully transparent ink. ``ink``:
    four numbers for the colour getters to fill, reused (a page holds
    thousands of text objects)."""
    mode = raw.FPDFTextObj_GetTextRenderMode(obj)
    if mode in _UNSEEN_MODES:
        return True
    fill, stroke = mode in _FILL_MODES, mode in _STROKE_MODES
    if not (fill or stroke):
        return False
    return ((not fill or _unseen_ink(raw.FPDFPageObj_GetFillColor, obj, ink))
            and (not stroke or _unseen_ink(raw.FPDFPageObj_GetStrokeColor, obj, ink)))


def _inside(rect: _Rect, area: _Rect, slack: float = 1.0) -> bool:
    return (rect[0] >= area[0] - slack and rect[1] >= area[1] - slack
            and rect[2] <= area[2] + slack and rect[3] <= area[3] + slack)


def _survey(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage,
            area: _Rect) -> tuple[bool, list[_Rect], bool | None]:
    """One pass over the page's objects, much cheaper than one per character:
    whether any text may not show, where the images are, and whether the
    page is plain (:func:`_plain`; None if the pass stopped short). Text may not
    show when a text or form object reaches outside ``area``, or when a text
    object in invisible ink holds more than blanks and is not over an image
    (Word writes invisible spaces; a scanner, its OCR layer over the picture).

    Objects inside a Form XObject are placed by the form's matrix, so they
    are judged by the bounds of their top-level form.
    """
    suspect = False
    images: list[_Rect] = []
    unseen: list[tuple[object, _Rect]] = []
    budget = _SURVEY_BUDGET
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    ink = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    # Hot (every object of every page): PDFium's functions looked up once.
    get_type, get_bounds = raw.FPDFPageObj_GetType, raw.FPDFPageObj_GetBounds
    text_kind, image_kind, form_kind = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
    path_kind = raw.FPDF_PAGEOBJ_PATH
    top_paths, top_heavy = 0, False  # what _plain counts: the page's own drawings, images and forms

    def visit(count: Callable[..., int], get: Callable[..., object], parent: object,
              outer: _Rect | None, depth: int) -> None:
        nonlocal suspect, budget, top_paths, top_heavy
        for k in range(max(0, count(parent))):
            budget -= 1
            if budget < 0:
                suspect = True  # too many objects to survey: check every character
                return
            obj = get(parent, k)
            if not obj:
                continue
            kind = get_type(obj)
            if depth == 0:
                top_paths += kind == path_kind
                top_heavy = top_heavy or kind == image_kind or kind == form_kind
            if kind != text_kind and kind != image_kind and kind != form_kind:
                continue  # a drawing: where it is matters to nothing here
            bounds = outer
            if bounds is None:
                if not get_bounds(obj, left, bottom, right, top):
                    continue
                bounds = (left.value, bottom.value, right.value, top.value)
                if kind != image_kind and not _inside(bounds, area):
                    suspect = True
            if kind == text_kind:
                if not suspect and _invisible(obj, ink):
                    unseen.append((obj, bounds))
            elif kind == image_kind:
                images.append(bounds)
            elif depth < 8:
                visit(raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, obj, bounds, depth + 1)

    visit(raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page.raw, None, 0)
    suspect = suspect or any(not any(_inside(rect, image) for image in images)
                             and _wide_string(raw.FPDFTextObj_GetText, obj, textpage.raw).strip()
                             for obj, rect in unseen)
    plain = None if budget < 0 else not top_heavy and top_paths <= _PLAIN_PATHS
    return suspect, images, plain


def _visible_text(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> tuple[str, int, bool]:
    """``text`` with the characters a reader cannot see blanked out (so that
    text indices still match PDFium's), how many hidden words there were,
    and whether the page is plain (:func:`_plain`, known from the same pass).

    Hidden: invisible ink (see :func:`_invisible`) unless over an image (a
    scan's OCR layer), and anything whose centre lies outside the page's
    visible area (CropBox within MediaBox).
    """
    media, crop = page.get_mediabox(), page.get_cropbox()
    area = (max(media[0], crop[0]), max(media[1], crop[1]), min(media[2], crop[2]), min(media[3], crop[3]))
    suspect, images, surveyed = _survey(page, textpage, area)
    plain = surveyed if surveyed is not None else _plain(page)
    if not suspect:
        return text, 0, plain
    tp = textpage.raw
    verdicts: dict[int | None, bool] = {}
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    hidden: list[int] = []
    for ci in range(raw.FPDFText_CountChars(tp)):
        obj = raw.FPDFText_GetTextObject(tp, ci)
        if not obj or chr(raw.FPDFText_GetUnicode(tp, ci)).isspace():
            continue  # a generated space or line break, or a blank
        raw.FPDFText_GetCharBox(tp, ci, left, right, bottom, top)
        x, y = (left.value + right.value) / 2, (bottom.value + top.value) / 2
        if not _inside((x, y, x, y), area):
            unseen = True
        else:
            key = ctypes.cast(obj, ctypes.c_void_p).value
            if key not in verdicts:
                verdicts[key] = _invisible(obj)
            unseen = verdicts[key] and not any(_inside((x, y, x, y), image) for image in images)
        if unseen:
            ti = raw.FPDFText_GetTextIndexFromCharIndex(tp, ci)
            if 0 <= ti < len(text):
                hidden.append(ti)
    if not hidden:
        return text, 0, plain
    chars = list(text)
    for ti in hidden:
        chars[ti] = " "
    hidden.sort()
    words = 1 + sum(1 for a, b in itertools.pairwise(hidden) if b != a + 1)
    return "".join(chars), words, plain


class _TextLine:
    """A line of the text layer: its text, box, and (on demand) character x's."""

    __slots__ = ("_geo", "_start", "_textpage", "_xs", "box", "text")

    def __init__(self, text: str, box: _Box, start: int, textpage: pdfium.PdfTextPage, geo: _Geometry) -> None:
        self.text, self.box, self._start, self._textpage, self._geo = text, box, start, textpage, geo
        self._xs: list[float] | None = None

    def xs(self) -> list[float]:
        """Centre x of each character (only needed where a form field lands)."""
        if self._xs is None:
            xs: list[float] = []
            for i, ch in enumerate(self.text):
                ci = raw.FPDFText_GetCharIndexFromTextIndex(self._textpage.raw, self._start + i)
                if ch.isspace() or ci < 0:
                    xs.append(xs[-1] if xs else self.box.x0)
                    continue
                b = self._geo.box(*self._textpage.get_charbox(ci))
                xs.append((b.x0 + b.x1) / 2)
            self._xs = xs
        return self._xs


def _text_lines(textpage: pdfium.PdfTextPage, geo: _Geometry, ends: _Ends) -> list[_TextLine]:
    """The text layer's lines with their boxes, in PDFium's reading order.

    A line's box comes from its first and last characters only: one PDFium
    call per line end instead of one per character keeps extraction within a
    few times raw text extraction.
    """
    out: list[_TextLine] = []
    box_of = geo.box
    for line, start, a, b in ends:
        if a is None:
            if b is None:
                continue
            box = box_of(*b)
        elif b is None:
            box = box_of(*a)
        else:  # the union of the two turned boxes (each side of a turned box is one
            # coordinate's monotone function: the same, to the bit, as turning the union)
            first, last = box_of(*a), box_of(*b)
            box = _Box(min(first.x0, last.x0), min(first.top, last.top), max(first.x1, last.x1),
                       max(first.bottom, last.bottom))
            if first.x0 > last.x1 and first.top < last.bottom and last.top < first.bottom:
                # Its first character right of its last, on one row: PDFium ordered the line as
                # a page turned by /Rotate shows it ("For ICE: For the LEA:" on a
                # page shown upside down). Its characters are put in reading order.
                out += _merged([_TextLine(line, box, start, textpage, geo)])
                continue
        out.append(_TextLine(line, box, start, textpage, geo))
    return _reading_order(out)


def _reading_order(lines: list[_TextLine]) -> list[_TextLine]:
    """Sort lines top to bottom, left to right within a row.

    Content-stream order is usually reading order, but Word puts text boxes
    (signature blocks) first, which would cut a sentence running across the
    page break in two. Lines whose tops are within 3 points share a row.
    """
    ordered = sorted(lines, key=lambda t: t.box.top)
    rows: list[list[_TextLine]] = []
    for line in ordered:
        if rows and line.box.top - rows[-1][0].box.top < 3:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in _interleaved(sorted(row, key=lambda t: t.box.x0))]


def _interleaved(row: list[_TextLine]) -> list[_TextLine]:
    """A row's lines, those that run through one another merged by the
    positions of their characters.

    Some scanners write a few letters of an OCR layer in text objects of
    their own, drawn before the rest ("s s" then "Pur uant to ... thi MOA"):
    PDFium reads them as a line of their own on the same row. Lines of one
    row whose boxes overlap are one line read in pieces; columns never overlap.
    """
    groups: list[list[_TextLine]] = []
    for line in row:  # in order of left edges
        if groups and line.box.x0 < max(t.box.x1 for t in groups[-1]) - 1:
            groups[-1].append(line)
        else:
            groups.append([line])
    return [line for group in groups for line in (group if len(group) == 1 else _merged(group))]


def _merged(lines: list[_TextLine]) -> list[_TextLine]:
    """One line of the characters of ``lines`` in the order of their
    left edges. Two characters of one line that stay next to each other keep
    the space (or none) the line had between them; elsewhere a space goes
    where the gap is wider than half the median character width.

    Unless characters of two of the lines lie on one another: that is text
    written over text (a value typed on a line of underscores), not one
    line read in pieces, and ``lines`` are kept as they are."""
    chars: list[tuple[float, float, str, int, int]] = []  # x0, x1, char, line, word
    for n, line in enumerate(lines):
        word = 0
        for i, ch in enumerate(line.text):
            ci = raw.FPDFText_GetCharIndexFromTextIndex(line._textpage.raw, line._start + i)
            if ch.isspace() or ci < 0:
                word += ch.isspace()
                continue
            box = line._geo.box(*line._textpage.get_charbox(ci))
            chars.append((box.x0, box.x1, ch, n, word))
    if not chars:
        return lines
    chars.sort()
    for (p0, p1, _, pn, _), (x0, x1, _, n, _) in itertools.pairwise(chars):
        if pn != n and p1 - x0 > 0.3 * min(p1 - p0, x1 - x0):
            return lines
    widths = sorted(c[1] - c[0] for c in chars)
    gap = widths[len(widths) // 2] / 2 if widths else 1.0
    text, xs = "", []
    for k, (x0, x1, ch, n, word) in enumerate(chars):
        if k:
            p0, p1, _, pn, pword = chars[k - 1]
            if pn == n and pword != word or pn != n and x0 - p1 > gap:
                text += " "
                xs.append(p1)
        text += ch
        xs.append((x0 + x1) / 2)
    box = _Box(min(chars[0][0], *(t.box.x0 for t in lines)), min(t.box.top for t in lines),
               max(max(c[1] for c in chars), *(t.box.x1 for t in lines)), max(t.box.bottom for t in lines))
    merged = _TextLine(text, box, lines[0]._start, lines[0]._textpage, lines[0]._geo)
    merged._xs = xs  # its characters are not one run of the text page: their x's are given
    return [merged]


def _merge_fields(lines: list[_TextLine], fields: list[tuple[_Box, str]], page_no: int) -> list[Line]:
    """Put each form-field value at its blank, or on a line of its own (see fields.py)."""
    if not fields:  # most pages
        return [Line(t.text, page_no, t.box.x0, t.box.top, t.box.x1, t.box.bottom, source="text") for t in lines]
    boxes = [fields_.Box(t.box.x0, t.box.top, t.box.x1, t.box.bottom) for t in lines]
    blank = [fields_.is_blank(t.text) for t in lines]
    hosted: dict[int, list[tuple[float, str]]] = {}
    alone: list[tuple[fields_.Box, str]] = []
    for fbox, value in fields:
        widget = fields_.Box(fbox.x0, fbox.top, fbox.x1, fbox.bottom)
        at = fields_.host(widget, boxes, blank)
        if at is None:
            alone.append((fields_.slot(widget), value))
        else:
            hosted.setdefault(at, []).append((widget.x0, value))
    out = [
        Line(fields_.fill(tl.text, tl.xs(), hosted[i]) if i in hosted else tl.text, page_no,
             tl.box.x0, tl.box.top, tl.box.x1, tl.box.bottom, source="text+form" if i in hosted else "text")
        for i, tl in enumerate(lines)
    ]
    for box, value in sorted(alone, key=lambda a: (a[0].top, a[0].x0)):
        at = fields_.place([fields_.Box(ln.x0, ln.top, ln.x1, ln.bottom) for ln in out], box)
        out.insert(at, Line(value, page_no, box.x0, box.top, box.x1, box.bottom, source="form"))
    return out


def _page(path: str, pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    try:
        return pdf[index]
    except pdfium.PdfiumError:
        raise ExtractionError(path, "cannot read the page (its page object is damaged or missing)",
                              page=index + 1) from None


def _plain(page: pdfium.PdfPage) -> bool:
    """Whether the page is drawn from text alone: no image, no form XObject
    (which may hold one) and at most :data:`_PLAIN_PATHS` drawings. OCR of
    such a page finds no words its text layer lacks (a short last page, a
    signature page), so a sparse one need not be OCR'd."""
    paths = 0
    for k in range(max(0, raw.FPDFPage_CountObjects(page.raw))):
        kind = raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, k))
        if kind in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM):
            return False
        paths += kind == raw.FPDF_PAGEOBJ_PATH
        if paths > _PLAIN_PATHS:
            return False
    return True


def extract_pdf(path: str, data: bytes, sha256: str, options: Options) -> Document:
    pdf = _open(path, data, options)
    try:
        count = len(pdf)
        if count == 0:
            raise ExtractionError(path, "the PDF has no pages")
        if count > options.max_pages:
            raise ExtractionError(path, f"has {count} pages, more than --max-pages {options.max_pages}")
        try:
            pdf.init_forms()
        except pdfium.PdfiumError:
            pass  # no form environment: the text layer alone
        raw_pages: list[tuple[list[Line], float, float]] = []
        hidden: dict[int, int] = {}
        marked: dict[int, list[str]] = {}  # page number -> the watermarks and stamps left out
        empty: set[int] = set()  # pages with nothing on them: no text, image or drawing
        plain: set[int] = set()  # pages drawn from text alone (Document.plain_pages)
        layer: list[tuple[Line, ...]] = []  # Document.layer_lines
        for index in range(count):
            page = _page(path, pdf, index)
            try:
                textpage = page.get_textpage()
                full = textpage.get_text_range()
                text, words, is_plain = _visible_text(page, textpage, full)
                if words:
                    hidden[index + 1] = words
                geo, lines, marks = _read_layer(page, textpage, text)
                if marks:
                    marked[index + 1] = marks
                fields = _field_values(pdf, page, geo)
                raw_pages.append((_merge_fields(lines, fields, index + 1), geo.w, geo.h))
                if not lines and not fields and raw.FPDFPage_CountObjects(page.raw) == 0:
                    empty.add(index + 1)
                if is_plain:
                    plain.add(index + 1)
                    layer.append(())
                else:  # what scan_lines would read again, made from this reading when it is the same text
                    layer.append(_layer(page, textpage, index, full, (geo, lines) if text == full else None))
            except pdfium.PdfiumError as exc:
                raise ExtractionError(path, "cannot read the page (its content is damaged)", page=index + 1,
                                      detail=f"PDFium: {exc}") from None
            finally:
                page.close()
        pages, notices = build_pages(raw_pages, hidden, frozenset(empty), marked)
        notices.extend(quality_notices(pages))
        return Document(path, sha256, "pdf", tuple(pages), engine="pdfium", notices=tuple(notices),
                        plain_pages=tuple(sorted(plain)),
                        # scan_lines opens the file with no password: one that needs it keeps none
                        layer_lines=tuple(layer) if options.password is None else ())
    finally:
        pdf.close()


@contextmanager
def page_renderer(path: str, data: bytes, options: Options) -> Iterator[Callable[[int, int], Image.Image]]:
    """A function rendering page ``index`` at ``dpi`` as a grayscale image,
    form-field values drawn, for OCR. Call it from one thread only. The
    PDF is opened at the first page drawn: most text-layer PDFs draw none."""
    opened: list[pdfium.PdfDocument] = []

    def document() -> pdfium.PdfDocument:
        if not opened:
            opened.append(_open(path, data, options))
            try:
                opened[0].init_forms()
            except pdfium.PdfiumError:
                pass
        return opened[0]

    def render(index: int, dpi: int) -> Image.Image:
        page = _page(path, document(), index)
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
            image: Image.Image = bitmap.to_pil().convert("L")
            return image
        except pdfium.PdfiumError as exc:
            raise ExtractionError(path, "cannot draw the page to read it by OCR (its content is damaged)",
                                  page=index + 1, detail=f"PDFium: {exc}") from None
        finally:
            page.close()

    try:
        yield render
    finally:
        for pdf in opened:
            pdf.close()


# ---------------------------------------------------------------------------
# Regions of a scanned page, for re-reading (reread.py)
# ---------------------------------------------------------------------------


#: The reading direction (see _Geometry) of text that reads upright once a
#: page is turned by its /Rotate: then the text layer's boxes are where the
#: page drawn as it says shows the text.
_UPRIGHT = {0: "right", 180: "left"}


def scanned_pages(path: str) -> frozenset[int]:
    """The pages (0-based) of a PDF not drawn from text alone: scans, or
    pages holding an image (see :func:`_plain`). Empty for an unreadable file."""
    with closing(ScanPages()) as scans:
        return scans.scanned(path)


#: A sampled page with fewer characters in its text layer than this is
#: counted as one OCR will read (a scan; a stamp or a page number over it).
_BARE_CHARS = 200


#: Pages :func:`ocr_estimate` looks at, spread evenly over the file.
_ESTIMATE_SAMPLES = 4


def ocr_estimate(path: str) -> float:
    """About how many pages of the PDF ``path`` OCR will read: its page count
    times the share of :data:`_ESTIMATE_SAMPLES` pages, spread from the first
    to the last, with next to no text layer. A guess that loads those pages
    (a few milliseconds), for a batch to start its longest readings first
    (with two, the first and the middle, a scan whose two pages held text was
    put among the short ones, read last and alone); 0 for an unreadable file."""
    try:
        pdf = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError):
        return 0.0
    try:
        n = len(pdf)
        sampled = sorted({round(k * (n - 1) / (_ESTIMATE_SAMPLES - 1)) for k in range(_ESTIMATE_SAMPLES)}) if n else []
        bare = 0
        for index in sampled:
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                bare += textpage.count_chars() < _BARE_CHARS
            finally:
                textpage.close()
                page.close()
        return n * bare / len(sampled) if sampled else 0.0
    except pdfium.PdfiumError:
        return 0.0
    finally:
        pdf.close()


def scan_lines(path: str, index: int) -> tuple[Line, ...]:
    """The text-layer lines of page ``index`` (0-based), with their boxes,
    when the page is a scan: drawn from an image, its text laid over it by a
    scanner's OCR. Empty for a page drawn from text alone (its text layer is
    what it shows: nothing to re-read), one whose text does not read upright
    once the page is turned as it says (/Rotate), and an unreadable file."""
    with closing(ScanPages()) as scans:
        return scans.lines(path, index)


def _layer(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, index: int, text: str,
           made: tuple[_Geometry, list[_TextLine]] | None = None) -> tuple[Line, ...]:
    """The lines of :func:`scan_lines` on a page that is not plain, its
    whole text layer ``text``; ``made`` is that text's geometry and lines if
    they were already made (by extraction)."""
    geo, lines = made if made is not None else _read_layer(page, textpage, text)[:2]
    if _UPRIGHT.get(page.get_rotation() % 360) != geo.direction:
        return ()
    return tuple(Line(t.text, index + 1, t.box.x0, t.box.top, t.box.x1, t.box.bottom) for t in lines)


#: The most pixels a region is drawn with: a third of a letter page at 400 dpi is under 6 million.
_REGION_PIXELS = 20_000_000


def render_region(path: str, index: int, box: tuple[float, float, float, float], dpi: int) -> Image.Image | None:
    """Part of page ``index`` (0-based) as an 8-bit grayscale image at ``dpi``:
    ``box`` is (x0, top, x1, bottom) in points from the page's top left, as
    :func:`scan_lines` gives them. None if the page cannot be drawn."""
    with closing(ScanPages()) as scans:
        return scans.draw(path, index, box, dpi)


class ScanPages:
    """:func:`scanned_pages`, :func:`scan_lines` and :func:`render_region`
    for many calls, from one thread: the files last asked about stay open
    (at most :data:`OPEN_FILES`, the least recently used closed first), each
    with the page last asked about. PDFium decodes a scan's image once a page
    load, so the lines of a page and the regions drawn from it after cost one
    load and one decoding, not one a call. A file is known by its path and
    the ``sha256`` the caller gives (a file replaced under the same path is
    opened again). Close it when done."""

    #: Files kept open at once (the two sides of a comparison).
    OPEN_FILES = 2

    def __init__(self) -> None:
        self._open: dict[tuple[str, str], _OpenFile] = {}  # least recently used first

    def scanned(self, path: str, sha256: str = "") -> frozenset[int]:
        opened = self._file(path, sha256)
        out: set[int] = set()
        try:
            for index in range(len(opened.pdf) if opened is not None else 0):
                page = self._page(path, sha256, index)
                if page is not None and not _plain(page):
                    out.add(index)
        except pdfium.PdfiumError:
            pass
        return frozenset(out)

    def lines(self, path: str, index: int, sha256: str = "") -> tuple[Line, ...]:
        try:
            page = self._page(path, sha256, index)
            if page is None or _plain(page):
                return ()
            textpage = page.get_textpage()
            try:
                return _layer(page, textpage, index, textpage.get_text_range())
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            return ()

    def draw(self, path: str, index: int, box: tuple[float, float, float, float], dpi: int,
             sha256: str = "") -> Image.Image | None:
        try:
            page = self._page(path, sha256, index)
            return _drawn(page, box, dpi) if page is not None else None
        except pdfium.PdfiumError:
            return None

    def close(self) -> None:
        while self._open:
            self._open.pop(next(iter(self._open))).close()

    def _file(self, path: str, sha256: str) -> _OpenFile | None:
        at = (path, sha256)
        if at in self._open:
            self._open[at] = self._open.pop(at)  # now the most recently used
            return self._open[at]
        try:
            pdf = pdfium.PdfDocument(path)
        except (pdfium.PdfiumError, OSError):
            return None
        while len(self._open) >= self.OPEN_FILES:
            self._open.pop(next(iter(self._open))).close()
        self._open[at] = _OpenFile(pdf)
        return self._open[at]

    def _page(self, path: str, sha256: str, index: int) -> pdfium.PdfPage | None:
        opened = self._file(path, sha256)
        if opened is None or not 0 <= index < len(opened.pdf):
            return None
        if opened.page is None or opened.index != index:
            opened.close_page()
            opened.page, opened.index = opened.pdf[index], index
        return opened.page


@dataclass
class _OpenFile:
    """A file :class:`ScanPages` keeps open, with the page last asked about."""

    pdf: pdfium.PdfDocument
    index: int = -1
    page: pdfium.PdfPage | None = None

    def close_page(self) -> None:
        if self.page is not None:
            self.page.close()
            self.page = None

    def close(self) -> None:
        self.close_page()
        self.pdf.close()


def _drawn(page: pdfium.PdfPage, box: tuple[float, float, float, float], dpi: int) -> Image.Image | None:
    w, h = page.get_size()  # of the page turned as it says
    x0, y0 = max(0.0, box[0]), max(0.0, box[1])
    x1, y1 = min(w, box[2]), min(h, box[3])
    if x1 - x0 < 1 or y1 - y0 < 1 or (x1 - x0) * (y1 - y0) * (dpi / 72) ** 2 > _REGION_PIXELS:
        return None  # nothing to draw, or more than a block of lines (a hostile page size)
    bitmap = page.render(scale=dpi / 72, grayscale=True, crop=(x0, h - y1, w - x1, y0))
    image: Image.Image = bitmap.to_pil().convert("L")
    return image
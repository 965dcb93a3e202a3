"""PDF reader on pypdfium2 (PDFium): the default engine, about 20x faster than
pdfplumber on these agreements (see README, "Speed").

For each page it yields the text layer's lines in PDFium's reading order with
their boxes, and merges in the values of form fields (AcroForm widgets):
2025 agreements often hold the agency name, field office, signatories and
dates only there ("the , hereinafter" in the text layer). A value is put into
the text line it sits on, at its horizontal position, or becomes a line of its
own. Shifted glyphs (fonts without a Unicode map) are repaired page by page.

This is the only module that imports pypdfium2.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from moadiff.errors import ExtractionError
from moadiff.extract.pages import build_pages
from moadiff.extract.quality import quality_notices
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

    def __init__(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> None:
        left, bottom, right, top = page.get_mediabox()
        self.w, self.h = right - left, top - bottom
        self._left, self._bottom = left, bottom
        self.direction = _reading_direction(textpage, text)
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


def _reading_direction(textpage: pdfium.PdfTextPage, text: str) -> str:
    """"right" (normal), "down", "up" or "left", from the longer lines."""
    dx = dy = 0.0
    pos = 0
    seen = 0
    for m in _LINE_BREAK.finditer(text + "\n"):
        line, start, pos = text[pos : m.start()], pos, m.end()
        if len(line.strip()) < 20:
            continue
        first = start + len(line) - len(line.lstrip())
        last = start + len(line.rstrip()) - 1
        a = raw.FPDFText_GetCharIndexFromTextIndex(textpage.raw, first)
        b = raw.FPDFText_GetCharIndexFromTextIndex(textpage.raw, last)
        if a < 0 or b < 0:
            continue
        la, ba, ra, ta = textpage.get_charbox(a)
        lb, bb, rb, tb = textpage.get_charbox(b)
        dx += (lb + rb) / 2 - (la + ra) / 2
        dy += (bb + tb) / 2 - (ba + ta) / 2
        seen += 1
        if seen >= 25:
            break
    if abs(dy) > abs(dx):
        return "down" if dy < 0 else "up"
    return "left" if dx < 0 else "right"


def _open(path: str, data: bytes, options: Options) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=options.password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD and options.password:
            reason = "the password given does not open this encrypted PDF"
        else:
            reason = _LOAD_ERRORS.get(code, "is not a readable PDF")
        raise ExtractionError(path, reason.replace("is ", "", 1) if reason.startswith("is ") else reason) from None


def _wide_string(fn: object, *args: object) -> str:
    """Call a PDFium getter that fills a UTF-16LE buffer."""
    size = fn(*args, None, 0)  # type: ignore[operator]
    if size <= 2:
        return ""
    buf = ctypes.create_string_buffer(size)
    fn(*args, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)  # type: ignore[operator]
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


class _TextLine:
    """A line of the text layer: its text, box, and (on demand) character x's."""

    __slots__ = ("text", "box", "_start", "_textpage", "_geo", "_xs")

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


def _char_box(textpage: pdfium.PdfTextPage, geo: _Geometry, text_index: int) -> _Box | None:
    ci = raw.FPDFText_GetCharIndexFromTextIndex(textpage.raw, text_index)
    if ci < 0:
        return None
    return geo.box(*textpage.get_charbox(ci))


def _text_lines(textpage: pdfium.PdfTextPage, geo: _Geometry, text: str) -> list[_TextLine]:
    """The text layer's lines with their boxes, in PDFium's reading order.

    A line's box comes from its first and last characters only: one PDFium
    call per line end instead of one per character keeps extraction within a
    few times raw text extraction.
    """
    out: list[_TextLine] = []
    pos = 0
    for m in _LINE_BREAK.finditer(text + "\n"):
        line, start, pos = text[pos : m.start()], pos, m.end()
        stripped = line.strip()
        if not stripped:
            continue
        first = start + len(line) - len(line.lstrip())
        last = start + len(line.rstrip()) - 1
        a, b = _char_box(textpage, geo, first), _char_box(textpage, geo, last)
        boxes = [x for x in (a, b) if x is not None]
        if not boxes:
            continue
        box = _Box(min(x.x0 for x in boxes), min(x.top for x in boxes),
                   max(x.x1 for x in boxes), max(x.bottom for x in boxes))
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
    return [line for row in rows for line in sorted(row, key=lambda t: t.box.x0)]


def _merge_fields(lines: list[_TextLine], fields: list[tuple[_Box, str]], page_no: int) -> list[Line]:
    """Put each form-field value into the line it sits on, or on a line of its own."""
    texts = [t.text for t in lines]
    extra: list[tuple[int, Line]] = []
    for fbox, value in fields:
        mid = (fbox.top + fbox.bottom) / 2
        host = None
        for i, tl in enumerate(lines):
            box = tl.box
            if box.top - 2 <= mid <= box.bottom + 2 and fbox.x0 < box.x1 + 20 and fbox.x1 > box.x0 - 20:
                host = i
                break
        if host is not None:
            xs = lines[host].xs()
            text = texts[host]
            cut = next((j for j, x in enumerate(xs) if x > fbox.x0 and not text[j].isspace()), len(text))
            # Move the cut back to a word boundary.
            while 0 < cut < len(text) and not text[cut - 1].isspace() and not text[cut].isspace():
                cut -= 1
            texts[host] = f"{text[:cut].rstrip()} {value} {text[cut:].lstrip()}".strip()
            continue
        after = sum(1 for tl in lines if tl.box.top <= fbox.top)
        extra.append((after, Line(value, page_no, fbox.x0, fbox.top, fbox.x1, fbox.bottom, source="form")))
    out = [
        Line(texts[i], page_no, tl.box.x0, tl.box.top, tl.box.x1, tl.box.bottom,
             source="text+form" if texts[i] != tl.text else "text")
        for i, tl in enumerate(lines)
    ]
    for after, line in sorted(extra, key=lambda e: e[0], reverse=True):
        out.insert(after, line)
    return out


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
        for index in range(count):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                geo = _Geometry(page, textpage, text)
                lines = _text_lines(textpage, geo, text)
                fields = _field_values(pdf, page, geo)
                raw_pages.append((_merge_fields(lines, fields, index + 1), geo.w, geo.h))
            except pdfium.PdfiumError as exc:
                raise ExtractionError(path, f"cannot read the page ({exc})", page=index + 1) from None
            finally:
                page.close()
        pages, notices = build_pages(raw_pages)
        notices.extend(quality_notices(pages))
        return Document(path, sha256, "pdf", tuple(pages), engine="pdfium", notices=tuple(notices))
    finally:
        pdf.close()


@contextmanager
def page_renderer(path: str, data: bytes, options: Options) -> Iterator[Callable[[int, int], Image.Image]]:
    """A function rendering page ``index`` at ``dpi`` as a grayscale image,
    form-field values drawn, for OCR. Call it from one thread only."""
    pdf = _open(path, data, options)
    try:
        pdf.init_forms()
    except pdfium.PdfiumError:
        pass

    def render(index: int, dpi: int) -> Image.Image:
        page = pdf[index]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
            return bitmap.to_pil().convert("L")
        except pdfium.PdfiumError as exc:
            raise ExtractionError(path, f"cannot render the page for OCR ({exc})", page=index + 1) from None
        finally:
            page.close()

    try:
        yield render
    finally:
        pdf.close()

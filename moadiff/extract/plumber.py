"""PDF reader on pdfplumber (pdfminer.six): the alternative engine.

About 20x slower than PDFium here (see README, "Speed"), but pure Python and
with its own layout analysis; ``--engine pdfplumber`` selects it. Form-field
values (AcroForm widgets, values inherited from /Parent) are merged into the
line they sit on, as in the default engine. This is the only module that
imports pdfplumber.
"""

from __future__ import annotations

from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1

from moadiff.errors import ExtractionError
from moadiff.extract.pages import build_pages
from moadiff.extract.quality import quality_notices
from moadiff.model import Document, Line, Options


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


def extract_pdf(path: str, data: bytes, sha256: str, options: Options) -> Document:
    import io

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=options.password or "")
    except PDFPasswordIncorrect:
        raise ExtractionError(path, "encrypted and needs a password (use --password)") from None
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise ExtractionError(path, f"not a valid PDF ({type(exc).__name__})") from None
    with pdf:
        count = len(pdf.pages)
        if count == 0:
            raise ExtractionError(path, "the PDF has no pages")
        if count > options.max_pages:
            raise ExtractionError(path, f"has {count} pages, more than --max-pages {options.max_pages}")
        raw_pages: list[tuple[list[Line], float, float]] = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                rows = page.extract_text_lines(return_chars=True)
                lines = [[r["text"], r["x0"], r["top"], r["x1"], r["bottom"], r["chars"]] for r in rows]
                extra: list[Line] = []
                for annot in page.annots:
                    value = _field_value(annot.get("data") or {})
                    if not value:
                        continue
                    mid = (annot["top"] + annot["bottom"]) / 2
                    host = next((ln for ln in lines if ln[2] - 2 <= mid <= ln[4] + 2), None)
                    if host is None:
                        extra.append(Line(value, number, annot["x0"], annot["top"], annot["x1"], annot["bottom"],
                                          source="form"))
                        continue
                    # Cut the line's own text (which has its spaces) after as many
                    # visible characters as lie left of the field.
                    keep = sum(1 for c in host[5] if c["x0"] < annot["x0"] and not c["text"].isspace())
                    text, cut = host[0], 0
                    while cut < len(text) and keep:
                        keep -= not text[cut].isspace()
                        cut += 1
                    host[0] = f"{text[:cut].rstrip()} {value} {text[cut:].lstrip()}".strip()
            except Exception as exc:  # noqa: BLE001
                raise ExtractionError(path, f"cannot read the page ({type(exc).__name__})", page=number) from None
            page_lines = [Line(t, number, x0, top, x1, bottom) for t, x0, top, x1, bottom, _ in lines]
            page_lines = sorted(page_lines + extra, key=lambda ln: (round(ln.top), ln.x0))
            raw_pages.append((page_lines, float(page.width), float(page.height)))
            page.close()
    pages, notices = build_pages(raw_pages)
    notices.extend(quality_notices(pages))
    return Document(path, sha256, "pdf", tuple(pages), engine="pdfplumber", notices=tuple(notices))

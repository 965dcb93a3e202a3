"""Reading the base agreements: the shared PDFs with a text layer, and the
text of any rendered PDF or DOCX (what the difflib baseline compares).

pypdfium2 and python-docx are imported where they are used, so that the
planting and scoring modules load without them.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.docwriter import Agreement
from benchmarks.planted.parsing import parse_pages

#: The benchmarks folder; the shared agreements sit beside the repository.
BENCHMARKS = Path(__file__).resolve().parents[1]
SHARED = BENCHMARKS.parent.parent / "shared" / "moa"
#: Image-only scans: no text layer to plant edits in.
IMAGE_ONLY = ("LeeCo", "DeWittCo", "KeyWest")


def source_paths(folder: Path = SHARED) -> list[Path]:
    """The shared agreements with a text layer, sorted by name."""
    return [p for p in sorted(folder.glob("*.pdf")) if not p.name.startswith(IMAGE_ONLY)]


def pdf_page_texts(path: str | os.PathLike[str]) -> list[str]:
    """The text layer of each page, as pypdfium2 reads it."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(os.fspath(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def docx_text(path: str | os.PathLike[str]) -> str:
    """Body paragraphs and then footer paragraphs of a DOCX (the baseline's view)."""
    import docx

    d = docx.Document(os.fspath(path))
    parts = [p.text for p in d.paragraphs]
    for section in d.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def document_text(path: str | os.PathLike[str]) -> str:
    """The text of a rendered PDF or DOCX, as the difflib baseline reads it."""
    if str(path).endswith(".docx"):
        return docx_text(path)
    return "\n".join(pdf_page_texts(path))


def parse_pdf(path: str | os.PathLike[str]) -> Agreement:
    """A shared agreement read and parsed into the Agreement model."""
    return parse_pages(pdf_page_texts(path))

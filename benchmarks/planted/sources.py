"""Reading the base agreements: the real PDFs (``../shared/moa`` and
``../shared/corpus``), and the text of any rendered PDF or DOCX (what the
difflib baseline compares).

A page with a text layer is read with pypdfium2; a page without one (an
image-only scan, or the scanned pages of a mixed file) is read by moadiff's
own OCR, once: the page texts are kept in a JSON file per source under the
output folder (``sources/<sha256>.json``), so later runs cost no OCR.

pypdfium2, python-docx and moadiff are imported where they are used, so that
the planting and scoring modules load without them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from benchmarks.docwriter import Agreement
from benchmarks.planted.parsing import parse_pages

#: The benchmarks folder; the shared agreements sit beside the repository.
BENCHMARKS = Path(__file__).resolve().parents[1]
SHARED = BENCHMARKS.parent.parent / "shared" / "moa"
#: 48 more real agreements of every model, template year and kind of scan.
CORPUS = BENCHMARKS.parent.parent / "shared" / "corpus"
#: Image-only scans of ../shared/moa: no text layer to plant edits in (the
#: other benchmarks, which read text layers only, leave them out).
IMAGE_ONLY = ("LeeCo", "DeWittCo", "KeyWest")
#: A page with fewer characters of text layer than this is read by OCR.
_MIN_PAGE_CHARS = 40


def source_paths(folder: Path = SHARED) -> list[Path]:
    """The shared agreements with a text layer, sorted by name."""
    return [p for p in sorted(folder.glob("*.pdf")) if not p.name.startswith(IMAGE_ONLY)]


def all_source_paths(folders: Sequence[Path] = (SHARED, CORPUS)) -> list[Path]:
    """Every PDF in ``folders`` (the 62 real agreements by default), scans
    included, sorted by name within each folder."""
    return [p for folder in folders for p in sorted(Path(folder).glob("*.pdf"))]


def has_text_layer(path: str | os.PathLike[str]) -> bool:
    """Whether every page of the PDF has a text layer (no page needs OCR)."""
    return all(len(t.strip()) >= _MIN_PAGE_CHARS for t in pdf_page_texts(path))


def page_texts(path: str | os.PathLike[str], cache: Path | None = None) -> list[str]:
    """The text of each page: the text layer, or moadiff's OCR of the page
    where it has none (kept in ``cache``, a folder, when given)."""
    texts = pdf_page_texts(path)
    bare = [i for i, t in enumerate(texts) if len(t.strip()) < _MIN_PAGE_CHARS]
    if not bare:
        return texts
    key = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    stored = cache / f"{key}.json" if cache is not None else None
    if stored is not None and stored.is_file():
        return list(json.loads(stored.read_text(encoding="utf-8")))
    import moadiff
    from moadiff.model import Options

    # "always" re-reads noisy text-layer pages too; "auto" only the bare ones.
    document = moadiff.extract(os.fspath(path), Options(ocr="auto"))
    by_page = {p.number: "\n".join(line.text for line in p.lines) for p in document.pages}
    texts = [by_page.get(i + 1, "") if i in bare else t for i, t in enumerate(texts)]
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(texts), encoding="utf-8")
    return texts


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


def parse_any(path: str | os.PathLike[str], cache: Path | None = None) -> Agreement:
    """A real agreement, scan or not, read (see :func:`page_texts`) and parsed."""
    return parse_pages(page_texts(path, cache))

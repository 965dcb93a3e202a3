"""Stage 1: read a file into a :class:`~moadiff.model.Document`.

The format is decided by content, not by the file name: ``%PDF`` is a PDF,
a zip with ``word/document.xml`` is a DOCX, and UTF-8 (or Latin-1) text
without NUL bytes is plain text. Each format's reader is its own module and
the only one that touches its third-party library. PDF pages without a
usable text layer are then read by OCR (ocr.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from moadiff import lexicon, progress
from moadiff.errors import ExtractionError, InputError, MoadiffError, UnsupportedFormat
from moadiff.model import Document, Options, Resources

__all__ = ["extract", "extract_all", "file_sha256", "sniff_format"]

#: Microsoft's compound file: an old .doc, or a DOCX encrypted with a password.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff_format(path: str | os.PathLike[str], head: bytes) -> str:
    """Return "pdf", "docx" or "txt" from the first bytes of a file."""
    if head.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        import zipfile  # here: only a DOCX needs it

        try:
            with zipfile.ZipFile(path) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExtractionError(path, "a damaged DOCX or zip file that cannot be opened",
                                  detail=f"zipfile: {type(exc).__name__}: {exc}") from None
        raise UnsupportedFormat(path, "a zip archive without word/document.xml is not a DOCX file")
    if head[:8] == _OLE_MAGIC:
        raise UnsupportedFormat(path, "a password-protected DOCX or an old Word .doc file; "
                                      "save it as a Word Document (.docx) or PDF")
    if b"\x00" in head:
        raise UnsupportedFormat(path, "not a PDF, DOCX or text file (binary content)")
    lowered = head[:512].lower()
    if lowered.lstrip().startswith((b"<!doctype html", b"<html")):
        raise UnsupportedFormat(path, "an HTML page, not a PDF, DOCX or text file")
    return "txt"


def extract(path: str | os.PathLike[str], options: Options | None = None,
            resources: Resources | None = None) -> Document:
    """Read ``path`` into a Document, or raise an :class:`InputError`. The
    reading runs in a child process under ``resources``' time and memory
    limits (isolate.py) unless ``resources.isolate`` is off.

    >>> extract("agreement.txt").pages[0].lines[0].text  # doctest: +SKIP
    'MEMORANDUM OF AGREEMENT'
    """
    return extract_all([path], options, resources)[0]


def extract_all(paths: Sequence[str | os.PathLike[str]], options: Options | None = None,
                resources: Resources | None = None, meanwhile: Callable[[], object] | None = None) -> list[Document]:
    """Read several files, at once when isolated (a child process each, see
    :func:`extract`); their Documents in order, or the error of the first
    file that failed. ``meanwhile()``, if given, runs once while the
    children read (or, not isolated, after reading). One file, in a
    process that keeps a reader (a batch's worker, isolate.keep_readers),
    is read by that reader."""
    from moadiff.extractors import isolate, quality

    options = options or Options()
    resources = resources or Resources()
    if not paths:
        if meanwhile is not None:
            meanwhile()
        return []
    if not (resources.isolate and isolate.supported()):
        if resources.cache_dir is not None:
            lexicon.load(resources.cache_dir)  # from the cache folder, not decoded anew (lexicon.py)
        documents = [_guarded(path, options, resources) for path in paths]
        if meanwhile is not None:
            meanwhile()
        return documents
    _preload(paths, resources)
    jobs = [(partial(_extract, path, options, resources), os.fspath(path)) for path in paths]
    reader = isolate.kept_reader(resources) if len(paths) == 1 and meanwhile is None else None
    documents = [reader.run(*jobs[0])] if reader is not None else isolate.run_all(jobs, resources, meanwhile)
    if isolate.keeps_readers():  # for the readers this process forks next (a batch's worker)
        for document in documents:
            quality.remember(document.pages)
    return documents


def _preload(paths: Sequence[str | os.PathLike[str]], resources: Resources) -> None:
    """Load, once, before forking, what every reader child would load for
    itself: the word list (page quality; the comparison needs it too) and,
    for PDFs, PDFium and the OCR stage (which judges every page's text
    layer). A child inherits them, already loaded."""
    lexicon.load(resources.cache_dir)
    for path in paths:
        try:
            with open(path, "rb") as f:
                head = f.read(1024)
        except OSError:
            continue  # the child says why, in one line
        if b"%PDF-" in head:
            import moadiff.extractors.ocr
            import moadiff.extractors.pdf  # noqa: F401 - pypdfium2, loaded once for both children
            return


def _guarded(path: str | os.PathLike[str], options: Options, resources: Resources) -> Document:
    """:func:`_extract` in this process: a library's crash is reported as
    isolated reading reports it, in one line of moadiff's own words."""
    from moadiff.extractors import isolate

    try:
        return _extract(path, options, resources)
    except MoadiffError:
        raise
    except Exception as exc:  # a library crashed on this file
        raise isolate.reader_crashed(os.fspath(path), exc) from exc


def _extract(path: str | os.PathLike[str], options: Options, resources: Resources) -> Document:
    progress.report("reading", os.fspath(path))
    document = _read(path, options, resources)
    progress.report("read", os.fspath(path), document.page_count, document.page_count)
    return document


def _read(path: str | os.PathLike[str], options: Options, resources: Resources) -> Document:
    p = Path(path)
    if p.is_dir():
        raise InputError(path, "is a directory, not a document")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    if not data.strip():
        raise InputError(path, "the file is empty")
    fmt = sniff_format(path, data[:4096])
    digest = file_sha256(data)
    if fmt == "pdf":
        if options.engine == "pdfplumber":
            from moadiff.extractors.plumber import extract_pdf
        else:
            from moadiff.extractors.pdf import extract_pdf
        from moadiff.extractors import ocr
        from moadiff.extractors.pdf import page_renderer

        document = extract_pdf(os.fspath(path), data, digest, options)
        with page_renderer(os.fspath(path), data, options) as render:
            return ocr.apply(document, render, options, resources)
    if fmt == "docx":
        from moadiff.extractors.docx import extract_docx

        return extract_docx(os.fspath(path), data, digest, options)
    from moadiff.extractors.text import extract_text

    return extract_text(os.fspath(path), data, digest, options)

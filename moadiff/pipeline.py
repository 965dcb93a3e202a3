"""The pipeline: extract (+ OCR) -> clean -> clauses (+ confidence, profile) -> align -> worddiff -> noise -> fillins
-> watch -> xrefs -> Comparison.

>>> import moadiff
>>> result = moadiff.compare("samples/old.txt", "samples/new.txt")  # doctest: +SKIP
>>> result.summary.modified  # doctest: +SKIP
4
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from moadiff.align import align
from moadiff.clauses import segment
from moadiff.clean import clean
from moadiff.confidence import mark_low_confidence
from moadiff.errors import EmptyDocument, OptionError
from moadiff.extractors import extract_all
from moadiff.fillins import Slots, label_fillins
from moadiff.noise import label_noise
from moadiff.model import Clause, ClauseChange, Comparison, Document, DocumentInfo, Options, PageInfo, Pairing, Parsed, Profile
from moadiff.profile import profile
from moadiff.watch import mark_watched
from moadiff.worddiff import diff_words
from moadiff.xrefs import stale_references

__all__ = ["compare", "compare_documents", "compare_parsed", "make_options", "parse", "parsed"]

#: A document with fewer words than this in all its clauses is "empty".
MIN_WORDS = 20


def make_options(options: Options | None = None, **overrides: Any) -> Options:
    """``options`` with ``overrides`` applied; unknown names are an OptionError."""
    base = options or Options()
    known = {f.name for f in fields(Options)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise OptionError(f"unknown option{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}")
    return replace(base, **overrides) if overrides else base


def parse(document: Document, options: Options) -> tuple[Clause, ...]:
    """A document's clauses; refuses one that yields (almost) no text."""
    clauses = mark_low_confidence(document, segment(clean(document)))
    words = sum(len(c.full_text.split()) for c in clauses)
    if words < MIN_WORDS and not options.allow_empty:
        blank = tuple(p.number for p in document.pages if p.text_quality == "none")
        why = ("has no text layer (an image-only scan?); OCR it first, or pass --allow-empty"
               if blank else "contains almost no text; pass --allow-empty to compare it anyway")
        raise EmptyDocument(document.path, why, pages=blank)
    return clauses


def _info(document: Document, profile: Profile) -> DocumentInfo:
    return DocumentInfo(
        path=document.path, name=Path(document.path).name, sha256=document.sha256,
        format=document.format, pages=document.page_count, engine=document.engine,
        notices=document.notices, profile=profile,
        page_info=tuple(PageInfo(p.number, p.text_quality, p.ocr, p.word_share, p.confidence)
                        for p in document.pages),
    )


def _merge(parts: tuple[Clause, ...]) -> Clause:
    """One clause standing for several that were split or merged."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    return replace(
        first,
        id=" + ".join(c.id for c in parts),
        text="\n".join(filter(None, [first.text] + [c.full_text for c in parts[1:]])),
        first_page=min(c.first_page for c in parts),
        last_page=max(c.last_page for c in parts),
    )


def _change(pairing: Pairing) -> ClauseChange:
    if not pairing.new:
        (old,) = pairing.old
        return ClauseChange("removed", False, old, None, 0.0, approximate_alignment=pairing.approximate)
    if not pairing.old:
        (new,) = pairing.new
        return ClauseChange("added", False, None, new, 0.0, approximate_alignment=pairing.approximate)
    old, new = _merge(pairing.old), _merge(pairing.new)
    edits = diff_words(old.full_text, new.full_text)
    changed = any(e.op != "equal" for e in edits)
    return ClauseChange(
        "modified" if changed else "unchanged", pairing.moved, old, new, round(pairing.similarity, 4), edits,
        old_parts=tuple(c.id for c in pairing.old) if len(pairing.old) > 1 else (),
        new_parts=tuple(c.id for c in pairing.new) if len(pairing.new) > 1 else (),
        approximate_alignment=pairing.approximate,
    )


def compare_documents(old: Document, new: Document, options: Options) -> Comparison:
    """Compare two extracted documents."""
    return compare_parsed(parsed(old, options), parsed(new, options), options)


def parsed(document: Document, options: Options) -> Parsed:
    """A document's clauses and profile: everything a comparison needs of it."""
    clauses = parse(document, options)
    return Parsed(_info(document, profile(document, clauses)), clauses)


def compare_parsed(old: Parsed, new: Parsed, options: Options, slots: Slots | None = None) -> Comparison:
    """Compare two parsed documents (a batch parses each one once).
    ``slots`` are fill-in slots learnt from a corpus for ``old``'s clauses."""
    pairings = align(old.clauses, new.clauses, options)
    changes = label_noise([_change(p) for p in pairings], old.clauses, new.clauses)
    changes = label_fillins(changes, old.info.profile, new.info.profile, slots)
    changes = mark_watched(changes, options)
    return Comparison(old.info, new.info, changes, options, stale_references(changes))


def compare(
    old: str | os.PathLike[str] | Document,
    new: str | os.PathLike[str] | Document,
    *,
    options: Options | None = None,
    **overrides: Any,
) -> Comparison:
    """Compare two agreements (paths to PDF, DOCX or text files, or Documents).

    Keyword overrides are fields of :class:`Options`, e.g. ``engine="pdfplumber"``.
    Raises a :class:`moadiff.errors.MoadiffError` naming the file on bad input.
    """
    opts = make_options(options, **overrides)
    paths = [p for p in (old, new) if not isinstance(p, Document)]
    read = iter(extract_all(paths, opts))  # both files at once, when both are paths
    old_doc = old if isinstance(old, Document) else next(read)
    new_doc = new if isinstance(new, Document) else next(read)
    return compare_documents(old_doc, new_doc, opts)

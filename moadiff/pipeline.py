"""The pipeline: extract (+ OCR) -> clean -> clauses (+ confidence, profile) -> align -> worddiff -> noise -> fillins
-> reread
-> moves -> watch -> xrefs -> caveats -> Comparison; a side whose structure failed is first re-cut at the other's
clause boundaries (recut).

>>> import moadiff
>>> result = moadiff.compare("samples/old.txt", "samples/new.txt")  # doctest: +SKIP
>>> result.summary.modified  # doctest: +SKIP
4

The stages are imported when first used, not with this module: :func:`compare`
imports them while its reader children read the two files (see
extractors/isolate.py), in time the parent would otherwise spend waiting.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moadiff.errors import EmptyDocument, OptionError
from moadiff.extractors import extract_all
from moadiff.model import (
    Clause,
    ClauseChange,
    Comparison,
    Document,
    DocumentInfo,
    Options,
    PageInfo,
    Pairing,
    Parsed,
    Profile,
    Resources,
)

if TYPE_CHECKING:
    from moadiff.fillins import Slots
    from moadiff.reread import Rereader

__all__ = ["compare", "compare_documents", "compare_parsed", "configure", "make_options", "make_resources", "parse",
           "parsed"]

#: A document with fewer words than this in all its clauses is "empty".
MIN_WORDS = 20


_OPTIONS = frozenset(f.name for f in fields(Options))
_RESOURCES = frozenset(f.name for f in fields(Resources))


def _refuse_unknown(names: Iterable[str], known: frozenset[str], hint: str = "") -> None:
    unknown = sorted(set(names) - known)
    if unknown:
        raise OptionError(f"unknown option{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}{hint}")


def make_options(options: Options | None = None, **overrides: Any) -> Options:
    """``options`` with ``overrides`` applied and checked; unknown names are
    an OptionError.

    >>> make_options(engine="pdfplumber").engine
    'pdfplumber'
    >>> make_options(ocr="sometimes")
    Traceback (most recent call last):
    ...
    moadiff.errors.OptionError: ocr must be one of 'auto', 'always', 'never', not 'sometimes'
    """
    hint = " (a resource: see make_resources)" if set(overrides) & _RESOURCES else ""
    _refuse_unknown(overrides, _OPTIONS, hint)
    base = options or Options()
    return replace(base, **overrides) if overrides else base


def make_resources(resources: Resources | None = None, **overrides: Any) -> Resources:
    """``resources`` with ``overrides`` applied and checked; unknown names
    are an OptionError."""
    hint = " (an option: see make_options)" if set(overrides) & _OPTIONS else ""
    _refuse_unknown(overrides, _RESOURCES, hint)
    base = resources or Resources()
    return replace(base, **overrides) if overrides else base


def configure(options: Options | None = None, resources: Resources | None = None,
              **overrides: Any) -> tuple[Options, Resources]:
    """``options`` and ``resources`` with ``overrides`` applied, each name
    to the object that has it; unknown names are an OptionError.

    >>> opts, res = configure(match_cutoff=60, time_limit=10)
    >>> opts.match_cutoff, res.time_limit
    (60, 10)
    """
    _refuse_unknown(overrides, _OPTIONS | _RESOURCES)
    return (make_options(options, **{k: v for k, v in overrides.items() if k in _OPTIONS}),
            make_resources(resources, **{k: v for k, v in overrides.items() if k in _RESOURCES}))


def parse(document: Document, options: Options) -> tuple[Clause, ...]:
    """A document's clauses; refuses one that yields (almost) no text."""
    from moadiff.clauses import segment
    from moadiff.clean import clean
    from moadiff.confidence import mark_low_confidence

    clauses = mark_low_confidence(document, segment(clean(document)))
    words = sum(len(c.full_text.split()) for c in clauses)
    if words < MIN_WORDS and not options.allow_empty:
        blank = tuple(p.number for p in document.pages if p.text_quality == "none")
        why = ("has no text layer (an image-only scan?); OCR it first, or pass --allow-empty"
               if blank else "contains almost no text; pass --allow-empty to compare it anyway")
        if not blank and document.pages and all(p.text_quality == "blank" for p in document.pages):
            blank = tuple(p.number for p in document.pages)
            why = (f"{'its page is' if len(blank) == 1 else f'all {len(blank)} of its pages are'} blank "
                   "(nothing to read on them, even by OCR); pass --allow-empty to compare it anyway")
        raise EmptyDocument(document.path, why, pages=blank)
    return clauses


def _info(document: Document, profile: Profile) -> DocumentInfo:
    return DocumentInfo(
        path=document.path, name=Path(document.path).name, sha256=document.sha256,
        format=document.format, pages=document.page_count, engine=document.engine,
        notices=document.notices, profile=profile,
        page_info=tuple(PageInfo(p.number, p.text_quality, p.ocr, p.word_share, p.confidence,
                                 p.number in document.plain_pages) for p in document.pages),
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
    from moadiff.worddiff import diff_words

    old, new = _merge(pairing.old), _merge(pairing.new)
    edits = diff_words(old.full_text, new.full_text)
    changed = any(e.op != "equal" for e in edits)
    return ClauseChange(
        "modified" if changed else "unchanged", pairing.moved, old, new, round(pairing.similarity, 4), edits,
        old_parts=tuple(c.id for c in pairing.old) if len(pairing.old) > 1 else (),
        new_parts=tuple(c.id for c in pairing.new) if len(pairing.new) > 1 else (),
        approximate_alignment=pairing.approximate,
    )


def _check_edits(change: ClauseChange) -> None:
    """Make sure the change's edits rebuild both clause texts, their word
    spans tiling both word lists in order (see Edit): checked once, here,
    so that no renderer has to. A failure is a bug of moadiff's, not bad
    input, and stops the comparison rather than print a wrong report."""
    if change.old is None or change.new is None:
        clause = change.old or change.new
        if change.edits and clause is not None:
            raise AssertionError(f"moadiff bug: the {change.status} clause {clause.id!r} carries edits")
        return
    old, new = change.old.full_text.split(), change.new.full_text.split()
    i = j = 0
    for k, e in enumerate(change.edits):
        bad = ((e.i1, e.j1) != (i, j) or e.i2 < e.i1 or e.j2 < e.j1 or e.i2 > len(old) or e.j2 > len(new)
               or (e.op == "insert" and e.i2 > e.i1) or (e.op == "delete" and e.j2 > e.j1)
               or e.old != " ".join(old[e.i1:e.i2]) or e.new != " ".join(new[e.j1:e.j2]))
        if bad:
            raise AssertionError(
                f"moadiff bug: edit {k} of clause {change.new.id!r} ({e.op} old words {e.i1}:{e.i2}, new "
                f"words {e.j1}:{e.j2}) does not follow on from old word {i} and new word {j} with the clause's "
                "own words")
        i, j = e.i2, e.j2
    if (i, j) != (len(old), len(new)):
        raise AssertionError(f"moadiff bug: the edits of clause {change.new.id!r} end at old word {i} of "
                             f"{len(old)} and new word {j} of {len(new)}")


def compare_documents(old: Document, new: Document, options: Options, reread: Rereader | None = None, *,
                      apart: bool = False) -> Comparison:
    """Compare two extracted documents; with ``reread``, a scan's doubtful
    edits are checked against its page images (reread.py); ``apart``: see
    :func:`compare_parsed` (the new document is parsed in a forked child
    meanwhile, too)."""
    if apart:
        from moadiff.apart import both

        there, old_parsed = both(lambda: parsed(new, options), lambda: parsed(old, options))
        new_parsed = there if there is not None else parsed(new, options)
    else:
        old_parsed, new_parsed = parsed(old, options), parsed(new, options)
    return compare_parsed(old_parsed, new_parsed, options, reread=reread, apart=apart)


def parsed(document: Document, options: Options) -> Parsed:
    """A document's clauses and profile: everything a comparison needs of it."""
    from moadiff.profile import profile

    clauses = parse(document, options)
    return Parsed(_info(document, profile(document, clauses)), clauses)


def _recovered(old: Parsed, new: Parsed) -> tuple[Parsed, Parsed]:
    """The safety net (recut.py): a clause of one side that swallowed
    several of the other's is re-cut at their boundaries, with a notice.
    The new side is re-cut against the old one as it then stands."""
    from moadiff.recut import recut

    def one(this: Parsed, other: Parsed, name: str) -> Parsed:
        clauses, notice = recut(this.clauses, other.clauses, name)
        if notice is None:
            return this
        return Parsed(replace(this.info, notices=(*this.info.notices, notice)), clauses)

    old = one(old, new, "old")
    return old, one(new, old, "new")


def compare_parsed(old: Parsed, new: Parsed, options: Options, slots: Slots | None = None,
                   reread: Rereader | None = None, *, apart: bool = False) -> Comparison:
    """Compare two parsed documents (a batch parses each one once).
    ``slots`` are fill-in slots learnt from a corpus for ``old``'s clauses;
    ``reread`` reads regions of scanned pages again (reread.py); ``apart``:
    the noise stage may judge half of the changed clauses in a forked child
    at the same time (apart.py; the same result, on a second core)."""
    from moadiff.align import align
    from moadiff.caveats import caveats
    from moadiff.clock import now_iso
    from moadiff.fillins import label_fillins
    from moadiff.moves import find_moves
    from moadiff.noise import label_noise
    from moadiff.reread import settle
    from moadiff.watch import mark_watched
    from moadiff.xrefs import stale_references

    old, new = _recovered(old, new)
    pairings = align(old.clauses, new.clauses, options)
    changes = label_noise([_change(p) for p in pairings], old.clauses, new.clauses, apart=apart)
    changes = label_fillins(changes, old.info.profile, new.info.profile, slots)
    changes = settle(changes, old.info, new.info, reread)
    changes = find_moves(changes)
    for change in changes:
        _check_edits(change)
    changes = mark_watched(changes, options)
    return Comparison(old.info, new.info, changes, options, stale_references(changes),
                      caveats(old.info, new.info, old.clauses, new.clauses), made=now_iso())


def _load_stages() -> None:
    """Import every stage of the comparison (see the module docstring)."""
    import moadiff.align
    import moadiff.caveats
    import moadiff.clauses
    import moadiff.clean
    import moadiff.clock
    import moadiff.confidence
    import moadiff.fillins
    import moadiff.moves
    import moadiff.noise
    import moadiff.profile
    import moadiff.recut
    import moadiff.reread
    import moadiff.watch
    import moadiff.worddiff
    import moadiff.xrefs  # noqa: F401


def compare(
    old: str | os.PathLike[str] | Document,
    new: str | os.PathLike[str] | Document,
    *,
    options: Options | None = None,
    resources: Resources | None = None,
    meanwhile: Callable[[], object] | None = None,
    apart: bool = False,
    **overrides: Any,
) -> Comparison:
    """Compare two agreements (paths to PDF, DOCX or text files, or Documents).

    Keyword overrides are fields of :class:`Options` or :class:`Resources`,
    e.g. ``engine="pdfplumber"`` or ``time_limit=60``; a bad value is an
    :class:`moadiff.errors.OptionError`. Raises a
    :class:`moadiff.errors.MoadiffError` naming the file on bad input.
    ``meanwhile()``, if given, runs once while the files are read (the
    moadiff command loads its report's renderer then). ``apart``: see
    :func:`compare_parsed` (the moadiff command's own comparison, where the
    process has no threads to lose in a fork and a second core idles).
    """
    opts, res = configure(options, resources, **overrides)
    paths = [p for p in (old, new) if not isinstance(p, Document)]

    def waiting() -> None:
        _load_stages()
        if meanwhile is not None:
            meanwhile()

    read = iter(extract_all(paths, opts, res, waiting))  # both files at once, when both are paths
    old_doc = old if isinstance(old, Document) else next(read)
    new_doc = new if isinstance(new, Document) else next(read)
    from moadiff.reread import rereader

    threads = res.ocr_threads or os.cpu_count() or 1  # regions read again on every core, as pages are by OCR
    return compare_documents(old_doc, new_doc, opts, rereader(res.cache_dir, (old_doc, new_doc), threads),
                             apart=apart)

"""The data model every stage shares: frozen, slotted dataclasses.

Data flows one way through these types::

    extract  -> Document (pages of positioned lines, notices)
    clean    -> tuple[Paragraph]   (running headers/footers gone, lines rejoined)
    clauses  -> tuple[Clause]      (the document's own numbering, flattened in order)
    align    -> tuple[Pairing]     (old clause(s) <-> new clause(s), by content)
    worddiff -> tuple[Edit]        (per pairing: difflib op names, word spans on both sides)
    noise, fillins -> Edit.kind    (what kind of edit each one is)
    moves    -> Edit.moved         (text that moved between clauses: kind "moved", and from or to where)
    watch    -> ClauseChange.watch (the watch-list topics a changed clause mentions)
    xrefs    -> tuple[StaleReference] (cross-references left pointing at the old numbering)
    caveats  -> tuple[Notice]      (warnings about the comparison as a whole)
    compare  -> Comparison         (what every renderer reads)

What a comparison is asked for comes in two objects, as black keeps its
``Mode`` apart from how it runs: :class:`Options` change the result (and
make up its cache key), :class:`Resources` say what reading may use (cache,
threads, limits) and never change a result. Both check their values when
made and raise :class:`moadiff.errors.OptionError` with one line naming the
bad value.

Nothing here imports a third-party library or another moadiff module, so
every stage can depend on it (the OptionError class is imported only to
raise it, from errors.py, itself a leaf).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from moadiff.errors import OptionError

Op = Literal["equal", "insert", "delete", "replace"]
Kind = Literal["substantive", "formatting", "ocr-noise", "fill-in", "moved"]
Status = Literal["unchanged", "modified", "added", "removed"]
Engine = Literal["pdfium", "pdfplumber"]
OcrMode = Literal["auto", "always", "never"]

#: The PDF text engines, the default first.
ENGINES: tuple[Engine, ...] = get_args(Engine)
#: The OCR modes (see Options.ocr), the default first.
OCR_MODES: tuple[OcrMode, ...] = get_args(OcrMode)
#: The least memory (bytes) that reading a file may be limited to.
MIN_MEMORY = 64 * 2**20

#: An OCR'd word read with less confidence (0-100) than this is marked in reports.
LOW_CONFIDENCE = 60.0

#: Every kind of edit, in the order reports list them. "moved": words that
#: moved from one clause to another (see Moved), not new language.
KINDS: tuple[Kind, ...] = ("substantive", "fill-in", "formatting", "ocr-noise", "moved")


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about an input that the user must see (never a silent gap).

    ``code`` is stable and machine-readable ("no-text-layer", "glyph-shift",
    "tracked-changes", ...); ``pages`` names the pages concerned, if any.
    """

    code: str
    message: str
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as laid out on a page.

    Positions are PDF points with the origin at the top left of the page
    (``top`` < ``bottom``). Formats without layout (txt, docx) give 0 for all
    four, and mark paragraph starts with ``starts_paragraph``.
    """

    text: str
    page: int
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    #: "text" (text layer), "form" (a form-field value), "ocr", "docx", "txt".
    source: str = "text"
    #: Known to begin a paragraph (docx, txt); layout formats leave it False
    #: and let the cleaner decide from positions.
    starts_paragraph: bool = False
    #: OCR'd lines: Tesseract's confidence (0-100) of each word of ``text``
    #: (``text.split()``); empty for every other source.
    confidences: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    width: float = 0.0
    height: float = 0.0
    #: "good", "poor" (too little text or gibberish), "none" (no text layer)
    #: or "blank" (nothing to read: no content, or no text even by OCR).
    text_quality: str = "good"
    #: The page's text comes from moadiff's own OCR of the page image.
    ocr: bool = False
    #: Share (0-1) of the page's words that are English dictionary words: a
    #: quality estimate of noisy OCR; None when the page has no words.
    word_share: float | None = None
    #: Mean OCR word confidence (0-100) when ``ocr``.
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    sha256: str
    format: Literal["pdf", "docx", "txt"]
    pages: tuple[Page, ...]
    #: The extraction engine that produced the pages ("pdfium", "pdfplumber", ...).
    engine: str = ""
    notices: tuple[Notice, ...] = ()
    #: Header and footer text kept apart from the body (DOCX only).
    furniture: tuple[str, ...] = ()
    #: Pages (numbers) drawn from text alone: no image, no form XObject and
    #: few drawings, so OCR could read nothing that their text layer lacks
    #: (PDF only; unknown elsewhere).
    plain_pages: tuple[int, ...] = ()
    #: Each page's text-layer lines as a scan's re-reading finds an edit on
    #: them (``extractors.pdf.scan_lines``, none for a page drawn from text
    #: alone), kept from extraction so that re-reading (reread.py) need not
    #: open the file for them; empty when not kept (read from the file then).
    layer_lines: tuple[tuple[Line, ...], ...] = ()

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of body text after cleaning, with the pages it spans."""

    text: str
    first_page: int
    last_page: int


@dataclass(frozen=True, slots=True)
class Clause:
    """One numbered unit of an agreement: a section, subsection, item or appendix.

    ``id`` is the full path of labels ("IV.B", "APPENDIX B.3.A"); ``label`` is
    the label as printed ("B."); ``text`` is the clause's own body (not its
    children's), paragraphs separated by "\\n".
    """

    id: str
    label: str
    title: str
    text: str
    first_page: int
    last_page: int
    level: int
    #: "title", "section", "subsection", "item", "appendix", "addendum",
    #: "signature" or "preamble".
    kind: str
    parent: str | None = None
    #: Position in its document's clause order (0-based).
    index: int = 0
    #: OCR words read with low confidence: (word index in ``full_text.split()``,
    #: confidence 0-100).
    low_confidence: tuple[tuple[int, float], ...] = ()

    @property
    def pages(self) -> tuple[int, int]:
        return (self.first_page, self.last_page)

    @property
    def full_text(self) -> str:
        """Title and body, as compared word by word."""
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass(frozen=True, slots=True)
class Moved:
    """Where words that moved between clauses stand in the other version:
    that clause's id and the words' span in its ``full_text.split()``
    (see moves.py)."""

    clause: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    """One run of a word diff: as difflib's opcode ``(op, i1, i2, j1, j2)``,
    ``op`` turns the old words ``[i1:i2]`` into the new words ``[j1:j2]``.

    The indices count the words of the two texts compared, as ``str.split``
    cuts them: ``ClauseChange.old.full_text.split()`` and
    ``ClauseChange.new.full_text.split()`` (for a split or merge, of the
    merged clause the change holds). ``old`` and ``new`` are those words
    joined by single spaces. An ``equal`` run may be spelt with a different
    number of words on each side ("70- percent" / "70-percent"). The edits of
    a change tile both word lists in order and rebuild both texts; that is
    checked once, where the comparison is made (pipeline.py), so renderers
    place words by these spans and never re-split ``old`` or ``new``.
    Edits written by hand get their spans from :func:`placed`.

    >>> e = Edit("replace", "90", "60", "substantive", i1=3, i2=4, j1=3, j2=4)
    >>> e.old_span, e.new_span
    ((3, 4), (3, 4))
    """

    op: Op
    old: str
    new: str
    kind: Kind | None = None  # None for "equal"
    #: Made where a bound was hit (see README, "Complexity"): a word diff too
    #: large to be exact (the run may be longer than the words that really
    #: changed), or an edit too large to check for OCR noise. Its two sides
    #: are still exactly the clause's words.
    approximate: bool = False
    #: Word spans: old words ``[i1:i2]``, new words ``[j1:j2]`` (see above).
    i1: int = 0
    i2: int = 0
    j1: int = 0
    j2: int = 0
    #: An edit of kind "moved": where its words are in the other version,
    #: an old clause for an insertion (moved from), a new one for a
    #: deletion (moved to).
    moved: Moved | None = None

    @property
    def old_span(self) -> tuple[int, int]:
        return (self.i1, self.i2)

    @property
    def new_span(self) -> tuple[int, int]:
        return (self.j1, self.j2)


def placed(edits: Iterable[Edit]) -> tuple[Edit, ...]:
    """``edits`` (in order, covering both texts) with their word spans
    counted from their words: for edit lists written by hand (tests,
    examples); the pipeline's stages set spans themselves.

    >>> [e.old_span + e.new_span for e in placed([Edit("equal", "a b", "a b"), Edit("insert", "", "c", "substantive")])]
    [(0, 2, 0, 2), (2, 2, 2, 3)]
    """
    out: list[Edit] = []
    i = j = 0
    for e in edits:
        n, m = len(e.old.split()), len(e.new.split())
        out.append(replace(e, i1=i, i2=i + n, j1=j, j2=j + m))
        i, j = i + n, j + m
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Pairing:
    """What alignment decides: which old clauses correspond to which new ones.

    One-to-one pairs have one clause a side; a split has one old and several
    new clauses, a merge the reverse; added and removed have an empty side.
    """

    old: tuple[Clause, ...]
    new: tuple[Clause, ...]
    similarity: float
    moved: bool = False
    #: Made where the alignment's budget ran out (see align.py): a clause
    #: left added or removed might have matched one that was not scored, or
    #: the similarity of two huge clauses is estimated from their words.
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """One entry of a comparison: a clause (or group) and how it changed."""

    status: Status
    moved: bool
    old: Clause | None
    new: Clause | None
    similarity: float
    edits: tuple[Edit, ...] = ()
    #: Ids of the clauses that were split or merged into this entry.
    old_parts: tuple[str, ...] = ()
    new_parts: tuple[str, ...] = ()
    #: Watch-list topics (see watch.py) that this changed clause mentions.
    watch: tuple[str, ...] = ()
    #: The pairing that made this entry was approximate (Pairing.approximate).
    approximate_alignment: bool = False
    #: An added or removed clause (it has no edits): spans ``(start, end)``
    #: of its words that moved from or to another clause, and where they
    #: are in the other version (moves.py).
    moved_text: tuple[tuple[int, int, Moved], ...] = ()

    @property
    def approximate(self) -> bool:
        """A bound was hit comparing this entry (its alignment or one of its
        edits): the changes shown may be coarser than the real ones, and
        none is lost."""
        return self.approximate_alignment or any(e.approximate for e in self.edits)

    def count(self, kind: Kind) -> int:
        return sum(1 for e in self.edits if e.op != "equal" and e.kind == kind)

    @property
    def is_substantive(self) -> bool:
        """Added, removed, moved or carrying a substantive edit."""
        if self.status in ("added", "removed") or self.moved:
            return True
        return self.count("substantive") > 0


@dataclass(frozen=True, slots=True)
class Profile:
    """What an agreement says about itself (see profile.py); None when not found."""
    #: "JEM", "WSO" or "TFM".
    model: str | None = None
    model_name: str | None = None
    #: The template revision: the footer's "Revised" date, ISO.
    revision: str | None = None
    agency: str | None = None
    abbreviations: tuple[str, ...] = ()
    #: The latest date of the signature block, ISO.
    signed: str | None = None
    #: County, city and field-office names.
    places: tuple[str, ...] = ()
    #: Capitalised words of the signature block and points of contact.
    people: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What a comparison keeps of each page: where its text came from and
    how good it looks."""

    number: int
    text_quality: str
    ocr: bool = False
    word_share: float | None = None
    confidence: float | None = None
    #: Drawn from text alone (Document.plain_pages): its text layer is what
    #: it shows, with no page image to read again.
    plain: bool = False


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a comparison keeps of each input document."""

    path: str
    name: str
    sha256: str
    format: str
    pages: int
    engine: str
    notices: tuple[Notice, ...] = ()
    profile: Profile = field(default_factory=Profile)
    page_info: tuple[PageInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document ready to compare: what is kept of it, and its clauses."""

    info: DocumentInfo
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    unchanged: int = 0
    modified: int = 0
    added: int = 0
    removed: int = 0
    moved: int = 0
    #: Counts of non-equal edits by kind.
    edits: dict[Kind, int] = field(default_factory=dict)
    #: The headline every report leads with: clauses changed in substance
    #: (ClauseChange.is_substantive: added, removed, moved, or carrying a
    #: substantive edit); with ``edits["substantive"]``.
    substantive_clauses: int = 0


def _option_error(name: str, value: object, allowed: str) -> OptionError:
    """One line naming the option, what is allowed and the bad value."""
    from moadiff.errors import OptionError  # here, not above: model.py imports no moadiff module

    return OptionError(f"{name} must be {allowed}, not {value!r}")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _one_of(allowed: tuple[str, ...]) -> str:
    return "one of " + ", ".join(map(repr, allowed))


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that changes a comparison, and nothing else (see
    :class:`Resources`): all of it makes up the cache key. Make variants with
    ``dataclasses.replace(options, ...)``; never mutate. A value that makes
    no sense is refused when the options are made:

    >>> Options(match_cutoff=500)
    Traceback (most recent call last):
    ...
    moadiff.errors.OptionError: match_cutoff must be a number from 0 to 100, not 500
    """

    #: PDF text engine (one of ENGINES): "pdfium" (fast, the default) or "pdfplumber".
    engine: Engine = "pdfium"
    #: Refuse PDFs with more pages than this.
    max_pages: int = 500
    #: Password for an encrypted PDF.
    password: str | None = None
    #: Compare documents that yield (almost) no text instead of failing.
    allow_empty: bool = False
    #: rapidfuzz score (0-100) below which two clauses are not the same clause.
    match_cutoff: float = 55.0
    #: A clause pairing found outside its order is a move only at or above this.
    move_cutoff: float = 80.0
    #: OCR of PDF pages (one of OCR_MODES): "auto" reads pages without a
    #: usable text layer; "always" also re-reads pages whose text layer looks
    #: noisy and keeps the better reading; "never" reads none.
    ocr: OcrMode = "auto"
    #: Watch-list terms of the user's own, each a topic of its own.
    watch: tuple[str, ...] = ()
    #: Whether the built-in 287(g) watch list (watch.DEFAULT_TOPICS) applies.
    watch_defaults: bool = True

    def __post_init__(self) -> None:
        checks: tuple[tuple[bool, str, str], ...] = (
            (self.engine in ENGINES, "engine", _one_of(ENGINES)),
            (_is_whole(self.max_pages) and self.max_pages >= 1, "max_pages", "a whole number of at least 1"),
            (self.password is None or isinstance(self.password, str), "password", "a string or None"),
            (isinstance(self.allow_empty, bool), "allow_empty", "True or False"),
            (_is_number(self.match_cutoff) and 0 <= self.match_cutoff <= 100, "match_cutoff",
             "a number from 0 to 100"),
            (_is_number(self.move_cutoff) and 0 <= self.move_cutoff <= 100, "move_cutoff",
             "a number from 0 to 100"),
            (self.ocr in OCR_MODES, "ocr", _one_of(OCR_MODES)),
            (isinstance(self.watch, tuple) and all(isinstance(t, str) and t.strip() for t in self.watch),
             "watch", "a tuple of non-empty terms"),
            (isinstance(self.watch_defaults, bool), "watch_defaults", "True or False"),
        )
        for ok, name, allowed in checks:
            if not ok:
                raise _option_error(name, getattr(self, name), allowed)

    def key(self) -> str:
        """The options, as a cache-key part: every one of them changes a result."""
        return "|".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))


@dataclass(frozen=True, slots=True)
class Resources:
    """What reading and comparing may use: a cache, threads, time and memory.
    None of it changes a result, so none of it is part of a Comparison or of
    a cache key. Checked when made, like :class:`Options`:

    >>> Resources(time_limit=0)
    Traceback (most recent call last):
    ...
    moadiff.errors.OptionError: time_limit must be a number of seconds above 0, not 0
    """

    #: Folder of the cache (OCR'd pages, the word list; in a batch, parsed
    #: documents and comparisons); None: nothing is read from or written to
    #: a cache folder.
    cache_dir: str | os.PathLike[str] | None = None
    #: OCR threads (0: one per core).
    ocr_threads: int = 0
    #: Limits on reading one file (extractors/isolate.py): wall-clock seconds
    #: before OCR's per-page allowance, and bytes of address space. Reading
    #: runs in a child process unless ``isolate`` is off.
    time_limit: float = 30.0
    memory_limit: int = 2 * 1024**3
    isolate: bool = True

    def __post_init__(self) -> None:
        checks: tuple[tuple[bool, str, str], ...] = (
            (self.cache_dir is None or isinstance(self.cache_dir, (str, os.PathLike)), "cache_dir",
             "a folder name or None"),
            (_is_whole(self.ocr_threads) and self.ocr_threads >= 0, "ocr_threads",
             "a whole number of at least 0 (0: one per core)"),
            (_is_number(self.time_limit) and self.time_limit > 0, "time_limit", "a number of seconds above 0"),
            (_is_whole(self.memory_limit) and self.memory_limit >= MIN_MEMORY, "memory_limit",
             f"a whole number of bytes of at least {MIN_MEMORY} (64 MiB)"),
            (isinstance(self.isolate, bool), "isolate", "True or False"),
        )
        for ok, name, allowed in checks:
            if not ok:
                raise _option_error(name, getattr(self, name), allowed)


@dataclass(frozen=True, slots=True)
class StaleReference:
    """A cross-reference in the new agreement that points at the old numbering:
    "Pursuant to Section V(D)" after V.D became V.C."""

    #: Id of the new clause the reference is written in.
    clause: str
    #: The reference as written ("Section V(D)").
    text: str
    #: The clause id it names ("V.D").
    target: str
    #: "missing": no clause has that id now; "renumbered": the clause the
    #: same words named in the old agreement now has another id, and the id
    #: names a different clause.
    reason: Literal["missing", "renumbered"]
    #: Where the clause the reference named in the old agreement is now
    #: (its new id), or None if it was removed or the id was never there.
    now: str | None
    #: One sentence for people.
    message: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of comparing two agreements; every renderer reads this
    (``moadiff.render.render(comparison, "json")``, see moadiff/render)."""

    old: DocumentInfo
    new: DocumentInfo
    changes: tuple[ClauseChange, ...]
    options: Options = field(default_factory=Options)
    #: Cross-references in the new agreement left pointing at the old numbering.
    references: tuple[StaleReference, ...] = ()
    #: Warnings about the comparison as a whole (see caveats.py): identical
    #: files, agreements of two agencies, two noisy scans.
    warnings: tuple[Notice, ...] = ()
    #: When the comparison was made, ISO 8601 UTC (``SOURCE_DATE_EPOCH`` when
    #: set): the date its reports give ("" for one made by hand: now).
    made: str = ""

    @property
    def summary(self) -> Summary:
        counts = {"unchanged": 0, "modified": 0, "added": 0, "removed": 0}
        edits: dict[Kind, int] = {k: 0 for k in KINDS}
        for change in self.changes:
            counts[change.status] += 1
            for e in change.edits:
                if e.op != "equal" and e.kind is not None:
                    edits[e.kind] += 1
        moved = sum(1 for c in self.changes if c.moved)
        substantive = sum(1 for c in self.changes if c.is_substantive)
        return Summary(moved=moved, edits=edits, substantive_clauses=substantive, **counts)

    @property
    def approximate(self) -> bool:
        """Some entry was compared approximately (ClauseChange.approximate)."""
        return any(c.approximate for c in self.changes)

    @property
    def has_substantive_changes(self) -> bool:
        return any(c.is_substantive for c in self.changes)

    @property
    def exit_status(self) -> int:
        """diff(1)'s convention: 0 the same, 1 different."""
        return 1 if self.has_substantive_changes else 0

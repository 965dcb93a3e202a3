"""The data model every stage shares: frozen, slotted dataclasses.

Data flows one way through these types::

    extract  -> Document (pages of positioned lines, notices)
    clean    -> tuple[Paragraph]   (running headers/footers gone, lines rejoined)
    clauses  -> tuple[Clause]      (the document's own numbering, flattened in order)
    align    -> tuple[Pairing]     (old clause(s) <-> new clause(s), by content)
    worddiff -> tuple[Edit]        (per pairing, difflib op names)
    noise, fillins -> Edit.kind    (what kind of edit each one is)
    watch    -> ClauseChange.watch (the watch-list topics a changed clause mentions)
    xrefs    -> tuple[StaleReference] (cross-references left pointing at the old numbering)
    compare  -> Comparison         (what every renderer reads)

Nothing here imports a third-party library, so every stage can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal

Op = Literal["equal", "insert", "delete", "replace"]
Kind = Literal["substantive", "formatting", "ocr-noise", "fill-in"]
Status = Literal["unchanged", "modified", "added", "removed"]

#: An OCR'd word read with less confidence (0-100) than this is marked in reports.
LOW_CONFIDENCE = 60.0

#: Every kind of edit, in the order reports list them.
KINDS: tuple[Kind, ...] = ("substantive", "fill-in", "formatting", "ocr-noise")


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
    #: "good", "poor" (too little text or gibberish) or "none" (no text layer).
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
class Edit:
    """One run of a word diff. ``old``/``new`` are space-joined words."""

    op: Op
    old: str
    new: str
    kind: Kind | None = None  # None for "equal"
    #: Made where a bound was hit (see README, "Complexity"): a word diff too
    #: large to be exact (the run may be longer than the words that really
    #: changed), or an edit too large to check for OCR noise. Its two sides
    #: are still exactly the clause's words.
    approximate: bool = False


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
    edits: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that changes a comparison. Make variants with
    ``dataclasses.replace(options, ...)``; never mutate."""

    #: PDF text engine: "pdfium" (fast, the default) or "pdfplumber".
    engine: Literal["pdfium", "pdfplumber"] = "pdfium"
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
    #: OCR of PDF pages: "auto" reads pages without a usable text layer;
    #: "always" also re-reads pages whose text layer looks noisy and keeps
    #: the better reading; "never" reads none.
    ocr: Literal["auto", "always", "never"] = "auto"
    #: Folder of the OCR cache (page-image hash -> words); None: no cache.
    #: Where results are kept, not what they are: not part of cache keys.
    cache_dir: str | None = field(default=None, metadata={"key": False})
    #: OCR threads (0: one per core). Not part of cache keys either.
    ocr_threads: int = field(default=0, metadata={"key": False})
    #: Limits on reading one file (extract/isolate.py): wall-clock seconds
    #: before OCR's per-page allowance, and bytes of address space. Reading
    #: runs in a child process unless ``isolate`` is off. None of these
    #: changes a result, so none is part of cache keys.
    time_limit: float = field(default=30.0, metadata={"key": False})
    memory_limit: int = field(default=2 * 1024**3, metadata={"key": False})
    isolate: bool = field(default=True, metadata={"key": False})
    #: Watch-list terms of the user's own, each a topic of its own.
    watch: tuple[str, ...] = ()
    #: Whether the built-in 287(g) watch list (watch.DEFAULT_TOPICS) applies.
    watch_defaults: bool = True

    def key(self) -> str:
        """The options that change a result, as a cache-key part."""
        return "|".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.metadata.get("key", True))


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
    """The result of comparing two agreements; every renderer reads this."""

    old: DocumentInfo
    new: DocumentInfo
    changes: tuple[ClauseChange, ...]
    options: Options = field(default_factory=Options)
    #: Cross-references in the new agreement left pointing at the old numbering.
    references: tuple[StaleReference, ...] = ()

    @property
    def summary(self) -> Summary:
        counts = {"unchanged": 0, "modified": 0, "added": 0, "removed": 0}
        edits = {k: 0 for k in KINDS}
        for change in self.changes:
            counts[change.status] += 1
            for e in change.edits:
                if e.op != "equal" and e.kind is not None:
                    edits[e.kind] += 1
        moved = sum(1 for c in self.changes if c.moved)
        return Summary(moved=moved, edits=edits, **counts)

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

    def to_dict(self) -> dict[str, object]:
        from moadiff.render.json import to_dict

        return to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        from moadiff.render.json import to_json

        return to_json(self, indent=indent)

    def to_html(self) -> str:
        from moadiff.render.html import to_html

        return to_html(self)

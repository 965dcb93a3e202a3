"""What a batch found, as typed values: one row per comparison or failure.

:func:`moadiff.batch.run_batch` computes a :class:`BatchResult` and writes
nothing; :func:`moadiff.batch.write_batch` turns it into files, and
render/batch.py into pages and ``summary.json`` ("moadiff.batch/1"). A file
that fails is a row whose ``error`` is the :class:`MoadiffError` itself, and
the result's :attr:`~BatchResult.return_code` is black's ``Report``'s::

    >>> ok = BatchRow("b", "a", "b", "different", counts=Counts(substantive=2))
    >>> BatchResult("baseline", rows=(ok,)).return_code
    1
    >>> bad = BatchRow.failed("c", "a", "c", MoadiffError("c.pdf: not a PDF"))
    >>> BatchResult("baseline", rows=(ok, bad)).return_code
    2
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal

from moadiff.batch.plan import Cluster, Mode, Role, separation
from moadiff.errors import MoadiffError
from moadiff.model import Comparison

__all__ = [
    "BatchDocument", "BatchResult", "BatchRow", "Cell", "ClauseMatrix", "Counts", "Mode", "Reports",
    "Revision", "RowStatus",
]

#: A row's outcome: compared with no substantive change, with some, not at
#: all (an error), or alone (the only agreement of its kind: nothing to compare with).
RowStatus = Literal["same", "different", "error", "alone"]
#: A cell of the clause matrix: what became of one baseline clause in one agreement.
Cell = Literal["unchanged", "fill-in", "modified", "moved", "removed", "missing"]


@dataclass(frozen=True, slots=True)
class Counts:
    """Edits by kind (model.KINDS) and clauses by status of one comparison."""

    substantive: int = 0
    fill_in: int = 0
    formatting: int = 0
    ocr_noise: int = 0
    unchanged: int = 0
    modified: int = 0
    added: int = 0
    removed: int = 0
    moved: int = 0

    @classmethod
    def of(cls, comparison: Comparison) -> Counts:
        s = comparison.summary
        return cls(s.edits.get("substantive", 0), s.edits.get("fill-in", 0), s.edits.get("formatting", 0),
                   s.edits.get("ocr-noise", 0), s.unchanged, s.modified, s.added, s.removed, s.moved)

    def as_dict(self) -> dict[str, int]:
        """By the names of ``summary.json``, in its order.

        >>> list(Counts(fill_in=3).as_dict().items())[:2]
        [('substantive', 0), ('fill-in', 3)]
        """
        return {f.name.replace("_", "-"): getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Reports:
    """Where a comparison's reports are, relative to the output folder."""

    html: str
    json: str

    @classmethod
    def named(cls, stem: str) -> Reports:
        return cls(f"reports/{stem}.html", f"reports/{stem}.json")


@dataclass(frozen=True, slots=True)
class BatchDocument:
    """One input file: where it is, and what profile.py read from it."""

    id: str  # a slug, unique in the batch (run.slug)
    name: str
    path: str
    sha256: str | None = None
    pages: int | None = None
    agency: str | None = None
    abbreviation: str | None = None
    model: str | None = None
    model_name: str | None = None
    revision: str | None = None
    signed: str | None = None
    #: Id of its cluster (cluster mode).
    cluster: int | None = None
    #: A baseline: given as one (baseline mode), or its revision's (cluster mode).
    baseline: bool = False
    #: Why it could not be read; None if it was.
    error: MoadiffError | None = None
    notices: tuple[str, ...] = ()


def _substantive_clauses(comparison: Comparison) -> tuple[str, ...]:
    return tuple(side.id for c in comparison.changes if c.is_substantive
                 for side in ((c.new or c.old),) if side is not None)


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One planned comparison (``old`` -> ``new``, document ids) and its outcome.
    ``old`` is None for a file that failed before it could be planned."""

    id: str  # also the stem of its reports
    old: str | None
    new: str
    status: RowStatus
    error: MoadiffError | None = None
    counts: Counts | None = None
    #: Ids of the clauses with substantive changes.
    changed_clauses: tuple[str, ...] = ()
    report: Reports | None = None
    #: What the reports are made of (None for a failure; not compared).
    comparison: Comparison | None = field(default=None, repr=False, compare=False)
    #: Cluster mode: "member", "baseline" (its revision's; compared with its
    #: nearest fellow member) or "outlier" (fits no revision; ``note`` says why).
    role: Role = "member"
    note: str = ""
    #: Words of template language that separate it from what it was
    #: compared with (plan.separation): how far it deviates.
    deviation: int | None = None

    @classmethod
    def done(cls, row_id: str, old: str, new: str, comparison: Comparison, role: Role = "member",
             note: str = "", ranked: bool = True) -> BatchRow:
        """A comparison made; ``ranked``: its separation is a deviation (not
        for the one agreement of a revision, compared with another)."""
        status: RowStatus = "different" if comparison.exit_status else "same"
        return cls(row_id, old, new, status, None, Counts.of(comparison), _substantive_clauses(comparison),
                   Reports.named(row_id), comparison, role, note, separation(comparison) if ranked else None)

    @classmethod
    def failed(cls, row_id: str, old: str | None, new: str, error: MoadiffError) -> BatchRow:
        return cls(row_id, old, new, "error", error)


@dataclass(frozen=True, slots=True)
class Revision:
    """What separates one template revision (a cluster) from the next of
    its model: their baselines compared."""

    old: int  # cluster ids ("from" and "to" in summary.json)
    new: int
    label: str
    id: str  # the stem of its reports
    counts: Counts
    changed_clauses: tuple[str, ...]
    report: Reports
    comparison: Comparison | None = field(default=None, repr=False, compare=False)
    #: (change, edit) positions of the substantive edits that one baseline
    #: alone reads, its revision's other agreements reading as the other
    #: revision does (corroborate.py): no change of the template.
    contradicted: frozenset[tuple[int, int]] = frozenset()

    @classmethod
    def of(cls, old: Cluster, new: Cluster, comparison: Comparison,
           contradicted: frozenset[tuple[int, int]] = frozenset()) -> Revision:
        # "--": no agreement's own row id (a slug) can take this name.
        stem = f"revision--{old.id}-to-{new.id}"
        return cls(old.id, new.id, f"{old.label} → {new.label}", stem, Counts.of(comparison),
                   _substantive_clauses(comparison), Reports.named(stem), comparison, contradicted)


@dataclass(frozen=True, slots=True)
class ClauseMatrix:
    """What became of each clause of one baseline in each agreement compared with it."""

    baseline: str  # document id
    #: (clause id, title) of the baseline's clauses, in order.
    clauses: tuple[tuple[str, str], ...]
    #: Row ids, one column each.
    columns: tuple[str, ...]
    #: One line per clause, one cell per column.
    cells: tuple[tuple[Cell, ...], ...]
    #: Clauses each column's agreement adds (they have no baseline clause to sit on).
    added: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Everything a batch found; files are written from it, never during it."""

    mode: Mode
    #: The inputs, as given.
    folder: str = ""
    #: moadiff's version and a digest of its code (run._version).
    version: str = ""
    documents: Mapping[str, BatchDocument] = field(default_factory=dict)
    rows: tuple[BatchRow, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    revisions: tuple[Revision, ...] = ()
    matrices: tuple[ClauseMatrix, ...] = ()

    @property
    def failed(self) -> tuple[BatchRow, ...]:
        return tuple(r for r in self.rows if r.status == "error")

    @property
    def different(self) -> int:
        return sum(1 for r in self.rows if r.status == "different")

    @property
    def return_code(self) -> int:
        """diff(1)'s convention, as black's Report: 2 if some file failed,
        else 1 if some agreement differs substantively, else 0."""
        if self.failed or any(d.error is not None for d in self.documents.values()):
            return 2
        return 1 if self.different else 0

    @property
    def exit_status(self) -> int:
        return self.return_code

    def comparisons(self) -> dict[str, Comparison]:
        """Report stem -> comparison, for every report to write."""
        out = {r.id: r.comparison for r in self.rows if r.comparison is not None}
        out.update((r.id, r.comparison) for r in self.revisions if r.comparison is not None)
        return out

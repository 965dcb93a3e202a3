"""Render the outputs of ``moadiff batch`` from its typed result (batch/result.py).

Pure functions, a :class:`~moadiff.batch.result.BatchResult` in and a file's
text out; writing the files is batch/write.py's job:

- :func:`index_html`: the batch's ``index.html``: one sortable, filterable
  row per comparison, the clusters and the revisions between them.
- :func:`matrix_html`: the clause matrix as a heat map, one per baseline.
- :func:`summary_json`: ``summary.json``, schema "moadiff.batch/1"
  (:func:`summary_dict` is the same as Python values).
- :func:`summary_csv`: one CSV row per row of the result.
- :func:`matrix_csv`: the clause matrix in long form, one CSV row per cell.

The HTML pages are built like the single-comparison report (html.py): one
self-contained file, CSS and JS inlined and pinned by a CSP, every piece of
data escaped by the template (render/_page.py's environment). Links to the
per-agreement reports come from the data; only a relative path inside the
output folder becomes an ``href`` (:func:`relative_href`), anything else is
shown as text. CSV cells that a spreadsheet would run as a formula get a
leading apostrophe. Example::

    >>> from moadiff.batch.result import BatchDocument, BatchResult, BatchRow
    >>> from moadiff.errors import MoadiffError
    >>> doc = BatchDocument("d1", "d1.pdf", "/in/d1.pdf", agency="=HYPERLINK(1)")
    >>> row = BatchRow.failed("r1", None, "d1", MoadiffError("not a PDF"))
    >>> result = BatchResult("baseline", documents={"d1": doc}, rows=(row,))
    >>> line = next(csv.DictReader(io.StringIO(summary_csv(result))))
    >>> line["agency"], line["status"], line["error"]
    ("'=HYPERLINK(1)", 'error', 'not a PDF')
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from moadiff.output import one_line
from moadiff.render._page import content_security_policy, csv_cell, environment, read_asset
from moadiff.render.common import plain, relative_href, segments

if TYPE_CHECKING:  # the renderer reads these values; it needs none of their code
    from moadiff.batch.result import BatchDocument, BatchResult, BatchRow, ClauseMatrix, Counts, Reports
    from moadiff.errors import MoadiffError

__all__ = ["index_html", "matrix_csv", "matrix_html", "relative_href", "summary_csv", "summary_dict",
           "summary_json"]

#: The JSON contract of summary.json.
SCHEMA = "moadiff.batch/1"

#: The keys of a row's (and a revision's) "counts", in display order.
COUNT_KEYS: tuple[str, ...] = (
    "substantive", "fill-in", "formatting", "ocr-noise",
    "unchanged", "modified", "added", "removed", "moved",
)

MODES: dict[str, str] = {
    "baseline": "every agreement compared with one baseline document",
    "pairs": "each agreement compared with its own older version",
    "cluster": "agreements grouped by template; each compared with its group's baseline",
}

EXIT_STATUS: dict[int, str] = {
    0: "no substantive changes in any agreement",
    1: "substantive changes in at least one agreement",
    2: "at least one file could not be read or compared",
}

STATUS_LABELS: dict[str, str] = {"same": "Same", "different": "Different", "error": "Error",
                                 "alone": "Alone"}

#: Matrix cell status -> (CSS class suffix, symbol, words). The symbol keeps
#: the map readable without colour (and in black-and-white print).
CELL: dict[str, tuple[str, str, str]] = {
    "unchanged": ("u", "\u00b7", "unchanged"),
    "fill-in": ("f", "f", "fill-in changes only"),
    "modified": ("m", "M", "modified (substantive changes)"),
    "moved": ("v", "\u2195", "moved"),
    "removed": ("r", "R", "removed"),
    "missing": ("x", "?", "no result"),
}
#: Cell statuses counted as a substantive change of the clause.
SUBSTANTIVE_CELLS = frozenset({"modified", "removed"})

SUMMARY_COLUMNS: tuple[str, ...] = (
    "id", "status", "agency", "abbreviation", "file", "model", "model_name", "revision", "signed",
    "baseline_id", "baseline", "baseline_file", *COUNT_KEYS, "changed_clauses", "error",
    "report_html", "report_json", "cluster", "sha256", "path", "role", "deviation", "note",
)
MATRIX_COLUMNS: tuple[str, ...] = (
    "baseline_id", "baseline", "clause_key", "clause_title", "row_id", "agency", "file", "status",
)


# ---------------------------------------------------------------------------
# Reading the result
# ---------------------------------------------------------------------------


def _doc(result: BatchResult, doc_id: str | None) -> BatchDocument:
    """The document ``doc_id``, or a blank one (no id, or none of that id)."""
    doc = result.documents.get(doc_id) if doc_id is not None else None
    if doc is None:
        from moadiff.batch.result import BatchDocument
        return BatchDocument("", "", "")
    return doc


def _display(result: BatchResult, doc_id: str | None) -> str:
    """A document's agency if known, else its file name, else its id."""
    d = _doc(result, doc_id)
    return d.agency or d.name or doc_id or ""


def _message(error: MoadiffError | None) -> str:
    """An error as one line of text ("" for none)."""
    return one_line(str(error)) if error is not None else ""


def _counts(counts: Counts | None) -> dict[str, int | None]:
    if counts is None:
        return dict.fromkeys(COUNT_KEYS)
    return dict(counts.as_dict())


# ---------------------------------------------------------------------------
# Links (relative_href, in render/common.py, is re-exported from here)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    text: str  # the path as given
    href: str | None  # None: refused, shown as text


def _link(report: Reports | None, kind: str) -> Link | None:
    path = (report.html if kind == "html" else report.json) if report is not None else ""
    return Link(path, relative_href(path)) if path else None


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowView:
    n: int
    id: str
    agency: str
    file: str
    model: str
    model_name: str
    revision: str
    signed: str
    baseline: str
    baseline_file: str
    status: str  # same | different | error
    status_class: str  # same | different | error | other
    error: str
    notices: list[str]
    counts: dict[str, int | None]
    changed: list[str]
    html: Link | None
    json: Link | None
    search: str
    role: str = "member"
    note: str = ""
    deviation: int | None = None
    rank: int | None = None


def _row_view(result: BatchResult, n: int, row: BatchRow) -> RowView:
    new, old = _doc(result, row.new), _doc(result, row.old)
    agency = new.agency or new.name or row.new or row.id
    # a row's own error first; a document that could not be read explains one without
    error = _message(row.error) or _message(new.error) or _message(old.error)
    file, model, model_name, revision = new.name, new.model or "", new.model_name or "", new.revision or ""
    baseline = _display(result, row.old) if row.old is not None else ""
    words = (agency, new.abbreviation or "", file, model, model_name, revision, row.id, baseline)
    return RowView(
        n=n,
        id=row.id,
        agency=agency,
        file=file,
        model=model,
        model_name=model_name,
        revision=revision,
        signed=new.signed or "",
        baseline=baseline,
        baseline_file=old.name,
        status=row.status,
        status_class=row.status if row.status in STATUS_LABELS else "other",
        error=error if row.status == "error" or row.error is not None else "",
        notices=list(new.notices),
        counts=_counts(row.counts),
        changed=list(row.changed_clauses),
        html=_link(row.report, "html"),
        json=_link(row.report, "json"),
        # what the filter box matches, lower-cased as the page's JS does
        search=plain(" ".join(w for w in (*words, row.role if row.role != "member" else "") if w)).lower(),
        role=row.role,
        note=row.note,
        deviation=row.deviation,
    )


def ranked(result: BatchResult) -> list[BatchRow]:
    """The rows, most deviating first (words of template language that
    separate an agreement from what it was compared with); rows with no
    comparison last, in their order."""
    order = sorted(range(len(result.rows)), key=lambda k: (result.rows[k].deviation is None,
                                                          -(result.rows[k].deviation or 0), k))
    return [result.rows[k] for k in order]


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    file: str
    html: Link | None


@dataclass(frozen=True, slots=True)
class ClusterView:
    id: str
    label: str
    model: str
    model_name: str
    revision: str
    baseline: str
    baseline_file: str
    cohesion: str
    members: list[Member]


def _clusters(result: BatchResult) -> list[ClusterView]:
    report_of: dict[str, Reports | None] = {}
    for r in result.rows:
        report_of.setdefault(r.new, r.report)
    out: list[ClusterView] = []
    for c in result.clusters:
        base = _doc(result, c.baseline)
        model = c.model or ""
        members = [Member(name=_display(result, m), file=_doc(result, m).name, html=_link(report_of.get(m), "html"))
                   for m in c.members]
        out.append(
            ClusterView(
                id=str(c.id),
                label=c.label,
                model=model,
                model_name=(base.model_name or "") if (base.model or "") == model else "",
                revision=c.revision or "",
                baseline=_display(result, c.baseline),
                baseline_file=base.name,
                cohesion=f"{c.cohesion:.2f}",
                members=members,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class RevisionView:
    label: str
    old: str
    new: str
    old_baseline: str
    old_file: str
    new_baseline: str
    new_file: str
    counts: dict[str, int | None]
    changed: list[str]
    html: Link | None
    json: Link | None


def _revisions(result: BatchResult) -> list[RevisionView]:
    # old/new are cluster ids: name the clusters when we know them
    names = {c.id: c.label for c in result.clusters}
    bases = {c.id: c.baseline for c in result.clusters}
    return [
        RevisionView(
            label=r.label,
            old=names.get(r.old) or f"cluster {r.old}",
            new=names.get(r.new) or f"cluster {r.new}",
            old_baseline=_display(result, bases.get(r.old)),
            old_file=_doc(result, bases.get(r.old)).name,
            new_baseline=_display(result, bases.get(r.new)),
            new_file=_doc(result, bases.get(r.new)).name,
            counts=_counts(r.counts),
            changed=list(r.changed_clauses),
            html=_link(r.report, "html"),
            json=_link(r.report, "json"),
        )
        for r in result.revisions
    ]


@dataclass(frozen=True, slots=True)
class Column:
    id: str
    agency: str
    file: str
    revision: str
    title: str  # for the header's tooltip: name, file, revision
    html: Link | None
    added: int
    total: int  # clauses changed substantively (modified, removed) plus added ones


@dataclass(frozen=True, slots=True)
class MatrixRow:
    key: str
    title: str
    cells: list[tuple[str, str]]  # (CSS class suffix, symbol)
    total: int  # columns where this clause changed substantively


@dataclass(frozen=True, slots=True)
class MatrixView:
    n: int
    baseline: str
    baseline_file: str
    model: str
    revision: str
    columns: list[Column]
    rows: list[MatrixRow]
    added_total: int
    total: int
    changed_clauses: int


def _columns(result: BatchResult, m: ClauseMatrix) -> list[Column]:
    rows = {r.id: r for r in result.rows}
    columns: list[Column] = []
    for j, cid in enumerate(m.columns):
        row = rows.get(cid)
        doc = _doc(result, row.new if row else None)
        agency = _display(result, row.new) if row else cid
        revision = doc.revision or ""
        n_added = m.added[j] if j < len(m.added) else 0
        columns.append(
            Column(
                id=cid,
                agency=agency,
                file=doc.name,
                revision=revision,
                title=" \u00b7 ".join(plain(x) for x in (agency, doc.name, revision) if x),
                html=_link(row.report if row else None, "html"),
                added=n_added,
                total=n_added + sum(1 for line in m.cells if line[j] in SUBSTANTIVE_CELLS),
            )
        )
    return columns


def _matrices(result: BatchResult) -> list[MatrixView]:
    out: list[MatrixView] = []
    for n, m in enumerate(result.matrices):
        columns = _columns(result, m)
        mrows = [
            MatrixRow(
                key=key,
                title=title,
                cells=[CELL[s][:2] for s in line],
                total=sum(1 for s in line if s in SUBSTANTIVE_CELLS),
            )
            for (key, title), line in zip(m.clauses, m.cells)
        ]
        base = _doc(result, m.baseline)
        out.append(
            MatrixView(
                n=n + 1,
                baseline=_display(result, m.baseline),
                baseline_file=base.name,
                model=base.model or "",
                revision=base.revision or "",
                columns=columns,
                rows=mrows,
                added_total=sum(c.added for c in columns),
                total=sum(c.total for c in columns),
                changed_clauses=sum(1 for r in mrows if r.total),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Totals:
    documents: int
    rows: int
    compared: int
    different: int
    errors: int


def _totals(result: BatchResult, rows: list[RowView]) -> Totals:
    return Totals(
        documents=len(result.documents),
        rows=len(rows),
        compared=sum(1 for r in rows if r.status in ("same", "different")),
        different=sum(1 for r in rows if r.status == "different"),
        errors=sum(1 for r in rows if r.status == "error"),
    )


def _unlisted_errors(result: BatchResult) -> list[tuple[str, str, str]]:
    """(name, file, error) of documents that failed and appear in no row."""
    used = {x for r in result.rows for x in (r.old, r.new) if x is not None}
    return [(_display(result, doc_id), d.name, _message(d.error))
            for doc_id, d in result.documents.items() if d.error is not None and doc_id not in used]


# ---------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------

# Made when the module is first imported (no template is read until a page is rendered).
_ENV = environment()
_ENV.filters["segments"] = segments
_ENV.filters["plain"] = plain


def _render(template: str, result: BatchResult, **context: Any) -> str:
    css, js = read_asset("batch.css"), read_asset("batch.js")
    return _ENV.get_template(template).render(
        version=result.version,
        mode=result.mode,
        mode_text=MODES.get(result.mode, ""),
        folder=result.folder,
        exit_status=result.exit_status,
        exit_text=EXIT_STATUS.get(result.exit_status, ""),
        # Our own strings and files (hashes, checked CSS/JS); never data.
        csp=Markup(content_security_policy(css, js)),
        css=Markup(css),
        js=Markup(js),
        **context,
    )


def index_html(result: BatchResult) -> str:
    """The batch's ``index.html``: one self-contained HTML document."""
    rows = [replace(_row_view(result, n, r), rank=n + 1 if r.deviation is not None else None)
            for n, r in enumerate(ranked(result) if result.mode == "cluster" else result.rows)]
    models = sorted({(r.model, r.model_name) for r in rows if r.model})
    statuses = [s for s in STATUS_LABELS if any(r.status == s for r in rows)]
    return _render(
        "batch_index.html.j2",
        result,
        rows=rows,
        totals=_totals(result, rows),
        clusters=_clusters(result),
        revisions=_revisions(result),
        unlisted=_unlisted_errors(result),
        models=models,
        statuses=statuses,
        status_labels=STATUS_LABELS,
        has_matrix=bool(result.matrices),
        revisions_page=result.mode == "cluster",
    )


def matrix_html(result: BatchResult) -> str:
    """The clause matrix as a heat map, one table per baseline, in one
    self-contained HTML document."""
    return _render("batch_matrix.html.j2", result, matrices=_matrices(result), cell=CELL)


# ---------------------------------------------------------------------------
# summary.json
# ---------------------------------------------------------------------------


def _document_dict(d: BatchDocument) -> dict[str, Any]:
    return {
        "name": d.name, "path": d.path, "sha256": d.sha256, "pages": d.pages, "agency": d.agency,
        "abbreviation": d.abbreviation, "model": d.model, "model_name": d.model_name,
        "revision": d.revision, "signed": d.signed, "cluster": d.cluster, "baseline": d.baseline,
        "error": _message(d.error) or None, "notices": list(d.notices),
    }


def _report_dict(report: Reports | None) -> dict[str, str] | None:
    return {"html": report.html, "json": report.json} if report is not None else None


def summary_dict(result: BatchResult) -> dict[str, Any]:
    """``summary.json`` as Python values (schema "moadiff.batch/1")."""
    return {
        "schema": SCHEMA, "moadiff": result.version, "mode": result.mode, "folder": result.folder,
        "exit_status": result.exit_status,
        "documents": {doc_id: _document_dict(d) for doc_id, d in result.documents.items()},
        "rows": [{"id": r.id, "old": r.old, "new": r.new, "status": r.status,
                  "error": (_message(r.error) or None) if r.status == "error" else None,
                  "counts": r.counts.as_dict() if r.counts is not None else None,
                  "changed_clauses": list(r.changed_clauses), "report": _report_dict(r.report),
                  "role": r.role, "note": r.note or None, "deviation": r.deviation}
                 for r in result.rows],
        "clusters": [{"id": c.id, "label": c.label, "model": c.model, "revision": c.revision,
                      "baseline": c.baseline, "members": list(c.members), "cohesion": c.cohesion,
                      "when": c.when}
                     for c in result.clusters],
        "revisions": [{"from": r.old, "to": r.new, "label": r.label, "counts": r.counts.as_dict(),
                       "changed_clauses": list(r.changed_clauses), "report": _report_dict(r.report),
                       "set_aside": len(r.contradicted)}
                      for r in result.revisions],
        "matrix": [{"baseline": m.baseline, "clauses": [{"key": k, "title": t} for k, t in m.clauses],
                    "columns": list(m.columns), "cells": [list(line) for line in m.cells],
                    "added": list(m.added)}
                   for m in result.matrices],
    }


def summary_json(result: BatchResult) -> str:
    """``summary.json``: :func:`summary_dict` as indented UTF-8 JSON text."""
    return json.dumps(summary_dict(result), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

def _csv(header: Iterable[str], lines: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)  # RFC 4180: CRLF line ends, quoting as needed
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in line] for line in lines)
    return buf.getvalue()


def _summary_line(result: BatchResult, r: BatchRow) -> list[Any]:
    new, old = _doc(result, r.new), _doc(result, r.old)
    counts = _counts(r.counts)
    error = _message(r.error) or _message(new.error) or (_message(old.error) if r.status == "error" else "")
    return [
        r.id, r.status,
        new.agency, new.abbreviation, new.name, new.model, new.model_name, new.revision, new.signed,
        r.old, _display(result, r.old) if r.old is not None else "", old.name,
        *(counts[k] for k in COUNT_KEYS),
        "; ".join(r.changed_clauses),
        error,
        r.report.html if r.report else None, r.report.json if r.report else None,
        new.cluster, new.sha256, new.path, r.role, r.deviation, r.note,
    ]


def summary_csv(result: BatchResult) -> str:
    """One CSV row per row of the result (columns: SUMMARY_COLUMNS)."""
    return _csv(SUMMARY_COLUMNS, [_summary_line(result, r) for r in result.rows])


def matrix_csv(result: BatchResult) -> str:
    """The clause matrix in long form: one CSV row per (baseline, clause,
    compared agreement) with its status (columns: MATRIX_COLUMNS). Added
    clauses have no baseline clause to sit on: their count per agreement is
    the "added" column of :func:`summary_csv`."""
    rows = {r.id: r for r in result.rows}
    lines: list[list[Any]] = []
    for m in result.matrices:
        base = _display(result, m.baseline)
        for (key, title), line in zip(m.clauses, m.cells):
            for cid, status in zip(m.columns, line):
                row = rows.get(cid)
                lines.append([m.baseline, base, key, title, cid, _display(result, row.new) if row else "",
                              _doc(result, row.new if row else None).name, status])
    return _csv(MATRIX_COLUMNS, lines)

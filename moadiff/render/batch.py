"""Render the outputs of ``moadiff batch`` from its summary (schema "moadiff.batch/1").

Four pure functions, a summary dict in and a file's text out; writing the
files is the caller's job:

- :func:`index_html`: the batch's ``index.html``: one sortable, filterable
  row per comparison, the clusters and the revisions between them.
- :func:`matrix_html`: the clause matrix as a heat map, one per baseline.
- :func:`summary_csv`: one CSV row per entry of ``summary["rows"]``.
- :func:`matrix_csv`: the clause matrix in long form, one CSV row per cell.

The HTML pages are built like the single-comparison report (html.py): one
self-contained file, CSS and JS inlined and pinned by a CSP, every piece of
data escaped by the template. Links to the per-agreement reports come from
the data; only a relative path inside the output folder becomes an ``href``
(:func:`relative_href`), anything else is shown as text. CSV cells that a
spreadsheet would run as a formula get a leading apostrophe. Example::

    >>> summary = {"documents": {"d1": {"agency": "=HYPERLINK(1)"}},
    ...            "rows": [{"id": "r1", "new": "d1", "status": "error", "error": "not a PDF"}]}
    >>> row = next(csv.DictReader(io.StringIO(summary_csv(summary))))
    >>> row["agency"], row["status"], row["error"]
    ("'=HYPERLINK(1)", 'error', 'not a PDF')
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from moadiff.render._page import content_security_policy, csv_cell, environment, read_asset
from moadiff.render.html import plain, segments

__all__ = ["index_html", "matrix_csv", "matrix_html", "relative_href", "summary_csv"]

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

STATUS_LABELS: dict[str, str] = {"same": "Same", "different": "Different", "error": "Error"}

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
_CELL_UNKNOWN = ("x", "?", "no result")
#: Cell statuses counted as a substantive change of the clause.
SUBSTANTIVE_CELLS = frozenset({"modified", "removed"})

SUMMARY_COLUMNS: tuple[str, ...] = (
    "id", "status", "agency", "abbreviation", "file", "model", "model_name", "revision", "signed",
    "baseline_id", "baseline", "baseline_file", *COUNT_KEYS, "changed_clauses", "error",
    "report_html", "report_json", "cluster", "sha256", "path",
)
MATRIX_COLUMNS: tuple[str, ...] = (
    "baseline_id", "baseline", "clause_key", "clause_title", "row_id", "agency", "file", "status",
)


# ---------------------------------------------------------------------------
# Reading the summary leniently
# ---------------------------------------------------------------------------

# The summary is produced by our own batch code, but a renderer that fails on
# one odd field loses the whole index; missing or mistyped fields render as
# blanks instead.


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _doc(summary: Mapping[str, Any], doc_id: Any) -> Mapping[str, Any]:
    if not isinstance(doc_id, str):
        return {}
    return _map(_map(summary.get("documents")).get(doc_id))


def _display(summary: Mapping[str, Any], doc_id: Any) -> str:
    """A document's agency if known, else its file name, else its id."""
    d = _doc(summary, doc_id)
    return _s(d.get("agency")) or _s(d.get("name")) or _s(doc_id)


def _counts(value: Any) -> dict[str, int | None]:
    raw = _map(value)
    return {k: _int(raw.get(k)) for k in COUNT_KEYS}


# ---------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------


def relative_href(path: Any) -> str | None:
    """``path`` as an ``href`` if it is a relative path inside the output
    folder, else None.

    Refused: a scheme or drive (any ``:``), a leading ``/``, a backslash
    (browsers read it as ``/``), an empty, ``.`` or ``..`` segment, and any
    control character (browsers drop tabs and newlines from URLs, which could
    rejoin ``.\\t.`` into ``..``). What passes is percent-encoded, so ``%``,
    ``?`` and ``#`` name the file literally::

        >>> relative_href("reports/Harris #2.html")
        'reports/Harris%20%232.html'
        >>> relative_href("../../etc/passwd") is None
        True
    """
    if not isinstance(path, str) or not path:
        return None
    if ":" in path or "\\" in path or path.startswith("/"):
        return None
    if any(unicodedata.category(ch) == "Cc" for ch in path):
        return None
    if any(seg in ("", ".", "..") for seg in path.split("/")):
        return None
    return quote(path, safe="/")


@dataclass(frozen=True, slots=True)
class Link:
    text: str  # the path as given
    href: str | None  # None: refused, shown as text


def _link(report: Any, key: str) -> Link | None:
    path = _map(report).get(key)
    if path is None or path == "":
        return None
    return Link(_s(path), relative_href(path))


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
    status: str  # same | different | error, or whatever the data says
    status_class: str  # same | different | error | other
    error: str
    notices: list[str]
    counts: dict[str, int | None]
    changed: list[str]
    html: Link | None
    json: Link | None
    search: str


def _row_view(summary: Mapping[str, Any], n: int, row: Mapping[str, Any]) -> RowView:
    new, old = _doc(summary, row.get("new")), _doc(summary, row.get("old"))
    status = _s(row.get("status"))
    agency = _s(new.get("agency")) or _s(new.get("name")) or _s(row.get("new")) or _s(row.get("id"))
    # a row's own error first; a document that could not be read explains one without
    error = _s(row.get("error")) or _s(new.get("error")) or _s(old.get("error"))
    file, model, model_name, revision = (_s(new.get(k)) for k in ("name", "model", "model_name", "revision"))
    baseline = _display(summary, row.get("old")) if row.get("old") is not None else ""
    words = (agency, _s(new.get("abbreviation")), file, model, model_name, revision, _s(row.get("id")), baseline)
    return RowView(
        n=n,
        id=_s(row.get("id")),
        agency=agency,
        file=file,
        model=model,
        model_name=model_name,
        revision=revision,
        signed=_s(new.get("signed")),
        baseline=baseline,
        baseline_file=_s(old.get("name")),
        status=status,
        status_class=status if status in STATUS_LABELS else "other",
        error=error if status == "error" or row.get("error") else "",
        notices=[_s(x) for x in _list(new.get("notices"))],
        counts=_counts(row.get("counts")),
        changed=[_s(c) for c in _list(row.get("changed_clauses"))],
        html=_link(row.get("report"), "html"),
        json=_link(row.get("report"), "json"),
        # what the filter box matches, lower-cased as the page's JS does
        search=plain(" ".join(w for w in words if w)).lower(),
    )


def _rows(summary: Mapping[str, Any]) -> list[RowView]:
    return [_row_view(summary, n, _map(r)) for n, r in enumerate(_list(summary.get("rows")))]


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


def _clusters(summary: Mapping[str, Any]) -> list[ClusterView]:
    report_of: dict[str, Any] = {}
    for r in _list(summary.get("rows")):
        r = _map(r)
        if isinstance(r.get("new"), str):
            report_of.setdefault(r["new"], r.get("report"))
    out: list[ClusterView] = []
    for c in _list(summary.get("clusters")):
        c = _map(c)
        base = _doc(summary, c.get("baseline"))
        model = _s(c.get("model"))
        cohesion = c.get("cohesion")
        members = [
            Member(
                name=_display(summary, m),
                file=_s(_doc(summary, m).get("name")),
                html=_link(report_of.get(m), "html") if isinstance(m, str) else None,
            )
            for m in _list(c.get("members"))
        ]
        out.append(
            ClusterView(
                id=_s(c.get("id")),
                label=_s(c.get("label")) or f"Cluster {_s(c.get('id'))}",
                model=model,
                model_name=_s(base.get("model_name")) if _s(base.get("model")) == model else "",
                revision=_s(c.get("revision")),
                baseline=_display(summary, c.get("baseline")),
                baseline_file=_s(base.get("name")),
                cohesion=f"{cohesion:.2f}" if isinstance(cohesion, (int, float)) and not isinstance(
                    cohesion, bool) else "",
                members=members,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class RevisionView:
    label: str
    old: str
    new: str
    counts: dict[str, int | None]
    changed: list[str]
    html: Link | None
    json: Link | None


def _revisions(summary: Mapping[str, Any]) -> list[RevisionView]:
    # "from"/"to" are cluster ids: name the clusters when we know them
    names = {_map(c).get("id"): _s(_map(c).get("label")) for c in _list(summary.get("clusters"))}
    out: list[RevisionView] = []
    for r in _list(summary.get("revisions")):
        r = _map(r)
        old, new = r.get("from"), r.get("to")
        out.append(
            RevisionView(
                label=_s(r.get("label")),
                old=names.get(old) or (f"cluster {old}" if old is not None else ""),
                new=names.get(new) or (f"cluster {new}" if new is not None else ""),
                counts=_counts(r.get("counts")),
                changed=[_s(c) for c in _list(r.get("changed_clauses"))],
                html=_link(r.get("report"), "html"),
                json=_link(r.get("report"), "json"),
            )
        )
    return out


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


def _matrix_statuses(m: Mapping[str, Any], n_clauses: int, n_columns: int) -> list[list[str]]:
    """The cells as a full clauses x columns grid of status strings."""
    cells = _list(m.get("cells"))
    out: list[list[str]] = []
    for i in range(n_clauses):
        line = _list(cells[i]) if i < len(cells) else []
        out.append([_s(line[j]) if j < len(line) else "missing" for j in range(n_columns)])
    return out


def _matrices(summary: Mapping[str, Any]) -> list[MatrixView]:
    rows = {_s(_map(r).get("id")): _map(r) for r in _list(summary.get("rows"))}
    out: list[MatrixView] = []
    for n, m in enumerate(_list(summary.get("matrix"))):
        m = _map(m)
        clauses = [_map(c) for c in _list(m.get("clauses"))]
        col_ids = [_s(c) for c in _list(m.get("columns"))]
        grid = _matrix_statuses(m, len(clauses), len(col_ids))
        added = _list(m.get("added"))
        columns: list[Column] = []
        for j, cid in enumerate(col_ids):
            row = rows.get(cid, {})
            doc = _doc(summary, row.get("new"))
            agency = _display(summary, row.get("new")) if row else cid
            file, revision = _s(doc.get("name")), _s(doc.get("revision"))
            n_added = (_int(added[j]) if j < len(added) else None) or 0
            columns.append(
                Column(
                    id=cid,
                    agency=agency,
                    file=file,
                    revision=revision,
                    title=" \u00b7 ".join(plain(x) for x in (agency, file, revision) if x),
                    html=_link(row.get("report"), "html"),
                    added=n_added,
                    total=n_added + sum(1 for line in grid if line[j] in SUBSTANTIVE_CELLS),
                )
            )
        mrows = [
            MatrixRow(
                key=_s(c.get("key")),
                title=_s(c.get("title")),
                cells=[CELL.get(s, _CELL_UNKNOWN)[:2] for s in line],
                total=sum(1 for s in line if s in SUBSTANTIVE_CELLS),
            )
            for c, line in zip(clauses, grid)
        ]
        base = _doc(summary, m.get("baseline"))
        out.append(
            MatrixView(
                n=n + 1,
                baseline=_display(summary, m.get("baseline")),
                baseline_file=_s(base.get("name")),
                model=_s(base.get("model")),
                revision=_s(base.get("revision")),
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


def _totals(summary: Mapping[str, Any], rows: list[RowView]) -> Totals:
    return Totals(
        documents=len(_map(summary.get("documents"))),
        rows=len(rows),
        compared=sum(1 for r in rows if r.status in ("same", "different")),
        different=sum(1 for r in rows if r.status == "different"),
        errors=sum(1 for r in rows if r.status == "error"),
    )


def _unlisted_errors(summary: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(name, file, error) of documents that failed and appear in no row."""
    used: set[str] = set()
    for r in _list(summary.get("rows")):
        r = _map(r)
        used.update(x for x in (r.get("old"), r.get("new")) if isinstance(x, str))
    out: list[tuple[str, str, str]] = []
    for doc_id, d in _map(summary.get("documents")).items():
        d = _map(d)
        if d.get("error") and doc_id not in used:
            out.append((_display(summary, doc_id), _s(d.get("name")), _s(d.get("error"))))
    return out


# ---------------------------------------------------------------------------
# The pages
# ---------------------------------------------------------------------------

_ENV: jinja2.Environment | None = None


def _environment() -> jinja2.Environment:
    global _ENV
    if _ENV is None:
        env = environment()
        env.filters["segments"] = segments
        env.filters["plain"] = plain
        _ENV = env
    return _ENV


def _render(template: str, summary: Mapping[str, Any], **context: Any) -> str:
    css, js = read_asset("batch.css"), read_asset("batch.js")
    mode = _s(summary.get("mode"))
    exit_status = _int(summary.get("exit_status"))
    return _environment().get_template(template).render(
        version=_s(summary.get("moadiff")),
        mode=mode,
        mode_text=MODES.get(mode, ""),
        folder=_s(summary.get("folder")),
        exit_status=exit_status,
        exit_text=EXIT_STATUS.get(exit_status, "") if exit_status is not None else "",
        # Our own strings and files (hashes, checked CSS/JS); never data.
        csp=Markup(content_security_policy(css, js)),
        css=Markup(css),
        js=Markup(js),
        **context,
    )


def index_html(summary: Mapping[str, Any]) -> str:
    """The batch's ``index.html``: one self-contained HTML document."""
    rows = _rows(summary)
    models = sorted({(r.model, r.model_name) for r in rows if r.model})
    statuses = [s for s in STATUS_LABELS if any(r.status == s for r in rows)]
    statuses += sorted({r.status for r in rows if r.status_class == "other"})
    return _render(
        "batch_index.html.j2",
        summary,
        rows=rows,
        totals=_totals(summary, rows),
        clusters=_clusters(summary),
        revisions=_revisions(summary),
        unlisted=_unlisted_errors(summary),
        models=models,
        statuses=statuses,
        status_labels=STATUS_LABELS,
        has_matrix=bool(_list(summary.get("matrix"))),
    )


def matrix_html(summary: Mapping[str, Any]) -> str:
    """The clause matrix as a heat map, one table per baseline, in one
    self-contained HTML document."""
    return _render(
        "batch_matrix.html.j2",
        summary,
        matrices=_matrices(summary),
        cell=CELL,
    )


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

def _csv(header: Iterable[str], lines: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)  # RFC 4180: CRLF line ends, quoting as needed
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in line] for line in lines)
    return buf.getvalue()


def summary_csv(summary: Mapping[str, Any]) -> str:
    """One CSV row per entry of ``summary["rows"]`` (columns: SUMMARY_COLUMNS)."""
    lines: list[list[Any]] = []
    for r in _list(summary.get("rows")):
        r = _map(r)
        new, old = _doc(summary, r.get("new")), _doc(summary, r.get("old"))
        counts = _counts(r.get("counts"))
        report = _map(r.get("report"))
        lines.append(
            [
                r.get("id"), r.get("status"),
                new.get("agency"), new.get("abbreviation"), new.get("name"),
                new.get("model"), new.get("model_name"), new.get("revision"), new.get("signed"),
                r.get("old"), _display(summary, r.get("old")) if r.get("old") is not None else "",
                old.get("name"),
                *(counts[k] for k in COUNT_KEYS),
                "; ".join(_s(c) for c in _list(r.get("changed_clauses"))),
                r.get("error") or new.get("error") or (old.get("error") if r.get("status") == "error" else None),
                report.get("html"), report.get("json"),
                new.get("cluster"), new.get("sha256"), new.get("path"),
            ]
        )
    return _csv(SUMMARY_COLUMNS, lines)


def matrix_csv(summary: Mapping[str, Any]) -> str:
    """The clause matrix in long form: one CSV row per (baseline, clause,
    compared agreement) with its status (columns: MATRIX_COLUMNS). Added
    clauses have no baseline clause to sit on: their count per agreement is
    the "added" column of :func:`summary_csv`."""
    rows = {_s(_map(r).get("id")): _map(r) for r in _list(summary.get("rows"))}
    lines: list[list[Any]] = []
    for m in _list(summary.get("matrix")):
        m = _map(m)
        clauses = [_map(c) for c in _list(m.get("clauses"))]
        col_ids = [_s(c) for c in _list(m.get("columns"))]
        grid = _matrix_statuses(m, len(clauses), len(col_ids))
        base_id = m.get("baseline")
        base = _display(summary, base_id)
        for c, line in zip(clauses, grid):
            for cid, status in zip(col_ids, line):
                row = rows.get(cid, {})
                doc = _doc(summary, row.get("new"))
                lines.append(
                    [base_id, base, c.get("key"), c.get("title"), cid,
                     _display(summary, row.get("new")) if row else "", doc.get("name"), status]
                )
    return _csv(MATRIX_COLUMNS, lines)

"""Render a Comparison as CSV: one row per change, for spreadsheets and scripts.

Rows, in document order (the order of ``Comparison.changes``):

- one per non-equal edit of each clause, with its op and kind, so a
  spreadsheet can filter out fill-ins and OCR noise or count changes by kind;
- an added or removed clause as one row holding its whole text (title and
  body, as the word diff compares them), kind ``substantive``;
- a clause that moved, or was renumbered, without any edit as one row with
  an empty op and kind, so that the new numbering can still be looked up.

Columns (:data:`COLUMNS`): ``old_id``, ``new_id``, ``title`` (as printed,
new version's where there is one), ``status``, ``moved`` (``true`` or
``false``), ``op`` (``insert``/``delete``/``replace``), ``kind``
(``substantive``, ``fill-in``, ``formatting``, ``ocr-noise``, ``moved``),
``old_words``, ``new_words``, ``old_pages``, ``new_pages`` (``3`` or
``3–4`` with an en dash, which no spreadsheet reads as a date),
``watch`` (the clause's watch-list topics joined with ``"; "``) and
``approximate`` (``true`` where the row was compared within moadiff's
limits: a coarser run of a huge clause, or a clause not compared with every
clause of the other version; see :func:`moadiff.render.common.approximate_note`)
and ``moved_text`` (text that moved between clauses: on a row of kind
``moved``, "moved from ADDENDUM" or "moved to VIII"; on an added or removed
clause's row, its words that moved and where to or from). The last five
say where every row came from, as the other formats' provenance does:
``made`` (when the comparison was made, ISO 8601 UTC), ``moadiff`` (its
version), ``old_sha256``, ``new_sha256`` and ``options`` (the options that
change results). They repeat on every row so that a row copied or filtered
out of the file still carries them; a header line of their own would break
every CSV reader.

Why document order, with a ``watch`` column, rather than the watched
clauses first as in the Markdown summary: a CSV is data to sort and filter,
and every spreadsheet sorts or filters on a column in one step, while an
order imposed here would have to be undone to read the agreement through.
Document order also keeps the rows of one clause together and makes two
runs' CSVs line up in a diff.

Safety: the text is UTF-8 with a header row, written by the csv module
(RFC 4180 quoting and CRLF line ends). A cell that a spreadsheet would run
as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF, or a
full-width ``=``/``+``/``-``/``@``) gets a leading apostrophe, the same rule
as the batch CSVs (:mod:`moadiff.render.batch`): a spreadsheet then shows
it as text, and a script reading the file sees the apostrophe. Invisible
and reordering characters (bidi controls, zero-width characters, NUL) are
spelt out as in the HTML report (``⟨U+202E⟩``); whitespace runs become one
space. Example::

    >>> import csv, io
    >>> from moadiff.model import Clause, ClauseChange, DocumentInfo, Edit, placed
    >>> doc = DocumentInfo("a.txt", "a.txt", "", "txt", 1, "")
    >>> old = Clause("IV.B", "B.", "FEES", "Pay =1+1 now", 2, 2, 2, "subsection")
    >>> new = Clause("IV.B", "B.", "FEES", "Pay =2+2 now", 2, 3, 2, "subsection")
    >>> edits = placed([Edit("equal", "FEES Pay", "FEES Pay"), Edit("replace", "=1+1", "=2+2", "substantive"),
    ...                 Edit("equal", "now", "now")])
    >>> change = ClauseChange("modified", False, old, new, 0.9, edits, watch=("costs",))
    >>> rows = list(csv.reader(io.StringIO(to_csv(Comparison(doc, doc, (change,))))))
    >>> rows[1][:14]
    ['IV.B', 'IV.B', 'FEES', 'modified', 'false', 'replace', 'substantive', "'=1+1", "'=2+2", '2', '2–3', 'costs', 'false', '']
    >>> rows[0][14:]
    ['made', 'moadiff', 'old_sha256', 'new_sha256', 'options']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from moadiff.model import Clause, ClauseChange, Comparison
from moadiff.render import Target
from moadiff.render._page import csv_cell
from moadiff.render.common import moved_note, options_line, plain, provenance

__all__ = ["COLUMNS", "rows", "to_csv"]

#: The header row.
COLUMNS: tuple[str, ...] = (
    "old_id", "new_id", "title", "status", "moved", "op", "kind",
    "old_words", "new_words", "old_pages", "new_pages", "watch", "approximate", "moved_text",
    "made", "moadiff", "old_sha256", "new_sha256", "options",
)


#: The columns of the edit itself; the rest are the provenance.
_EDIT_COLUMNS = 14


def _text(value: str) -> str:
    return " ".join(plain(value.replace("\r\n", " ").replace("\n", " ")).split())


def _pages(clause: Clause | None) -> str:
    if clause is None:
        return ""
    if clause.first_page == clause.last_page:
        return str(clause.first_page)
    return f"{clause.first_page}\u2013{clause.last_page}"


def _clause_words(clause: Clause | None) -> str:
    """The clause's words as the word diff splits them (title, then body)."""
    return "" if clause is None else " ".join(clause.full_text.split())


def rows(comparison: Comparison) -> Iterator[tuple[str, ...]]:
    """The CSV's rows after the header, as text (before formula neutralising)."""
    p = provenance(comparison)
    where = (p["date"], p["version"], p["old_sha256"], p["new_sha256"], options_line(comparison))
    for change in comparison.changes:
        for line in _change_rows(change):
            yield line + where


def _change_rows(change: ClauseChange) -> Iterator[tuple[str, ...]]:
    old, new = change.old, change.new
    primary = new if new is not None else old
    base = {
        "old_id": old.id if old is not None else "",
        "new_id": new.id if new is not None else "",
        "title": primary.title if primary is not None else "",
        "status": change.status,
        "moved": "true" if change.moved else "false",
        "old_pages": _pages(old),
        "new_pages": _pages(new),
        "watch": "; ".join(change.watch),
    }

    def row(op: str, kind: str, old_words: str, new_words: str, approximate: bool, moved: str = "") -> tuple[str, ...]:
        values = dict(base, op=op, kind=kind, old_words=old_words, new_words=new_words,
                      approximate="true" if approximate else "false", moved_text=moved)
        return tuple(_text(values[c]) for c in COLUMNS[:_EDIT_COLUMNS])

    if change.status in ("added", "removed"):
        op = "insert" if change.status == "added" else "delete"
        clause = old if old is not None else new
        words = clause.full_text.split() if clause is not None else []
        moved = "; ".join(f"{' '.join(words[a:b])} ({moved_note(m, op)})" for a, b, m in change.moved_text)
        yield row(op, "substantive", _clause_words(old), _clause_words(new), change.approximate, moved)
        return
    edits = [e for e in change.edits if e.op != "equal"]
    for e in edits:
        # an unclassified change is treated as the most important kind, as in the reports
        yield row(e.op, e.kind or "substantive", e.old, e.new, e.approximate or change.approximate_alignment,
                  moved_note(e.moved, e.op) if e.moved is not None else "")
    renumbered = old is not None and new is not None and old.id != new.id
    if not edits and (change.moved or renumbered):
        yield row("", "", "", "", change.approximate)


def to_csv(comparison: Comparison) -> str:
    """The comparison as CSV text: a header row (:data:`COLUMNS`), then one
    row per change (see the module docstring)."""
    buf = io.StringIO()
    writer = csv.writer(buf)  # RFC 4180: CRLF line ends, quoting as needed
    writer.writerow(COLUMNS)
    writer.writerows([csv_cell(v) for v in line] for line in rows(comparison))
    return buf.getvalue()


def render(comparison: Comparison, target: Target) -> bytes:
    """The CSV, UTF-8 with a byte-order mark so that Excel reads it as UTF-8."""
    return to_csv(comparison).encode("utf-8-sig")

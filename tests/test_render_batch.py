"""The batch outputs: index.html, matrix.html, summary.csv, matrix.csv.

Escaping, the CSP, links that must stay inside the output folder, every row
present, and CSV that parses back with formulas defused.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from moadiff.batch.plan import Cluster
from moadiff.batch.result import (
    BatchDocument,
    BatchResult,
    BatchRow,
    Cell,
    ClauseMatrix,
    Counts,
    Reports,
    Revision,
)
from moadiff.errors import MoadiffError
from moadiff.render import batch
from moadiff.render.batch import index_html, matrix_csv, matrix_html, relative_href, summary_csv

EVIL = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(2)'
BAD_LINKS = ("javascript:alert(1)", "../../etc/passwd")


def doc(doc_id: str, name: str, agency: str | None, model: str | None = "JEM", **extra: Any) -> BatchDocument:
    return BatchDocument(
        doc_id, name, f"/in/{name}", sha256="ab" * 32, pages=12, agency=agency, abbreviation=None, model=model,
        model_name={"JEM": "Jail Enforcement Model", "TFM": "Task Force Model"}.get(model or ""),
        revision="2025-02-15", signed="2025-03-01", cluster=0, **extra,
    )


def counts(substantive: int, fill: int = 2, **extra: int) -> Counts:
    return Counts(substantive=substantive, fill_in=fill, formatting=1, ocr_noise=0, unchanged=20, modified=2,
                  **extra)


def report(stem: str) -> Reports:
    return Reports.named(stem)


@pytest.fixture(scope="module")
def summary() -> BatchResult:
    documents = [
        doc("base", "jem-template-2025.pdf", None),
        doc("harris", "harris.pdf", "Harris County Sheriff's Office"),
        doc("evil", f"evil{ATTR}.pdf", f"Evil {EVIL} County{ATTR}", notices=(f"page 3: {EVIL}",)),
        doc("broken", f"broken {EVIL}.pdf", "Broken & Co", error=MoadiffError(f"not a PDF: {EVIL}")),
        doc("formula", "formula.pdf", "=HYPERLINK(\"x\")", model="TFM"),
        doc("rtl", "rtl.pdf", "Agency\u202eeman"),
        doc("lonely", f"lonely{EVIL}.pdf", None, error=MoadiffError(f"unreadable {ATTR}")),
    ]
    rows = (
        BatchRow("01-harris", "base", "harris", "different", counts=counts(5), changed_clauses=("IV.B", "VII"),
                 report=report("01-harris")),
        BatchRow("02-evil", "base", "evil", "different", counts=counts(3), changed_clauses=(f"IX{EVIL}",),
                 report=Reports(*BAD_LINKS)),
        BatchRow.failed("03-broken", "base", "broken", MoadiffError(f"could not read {EVIL} & stop")),
        BatchRow("04-formula", "base", "formula", "same", counts=counts(0), report=report("04-formula")),
        BatchRow("05-rtl", "base", "rtl", "same", counts=counts(0, 0), report=report("05 rtl #1")),
    )
    clauses = (("I", "Purpose"), ("IV.B", f"Training {EVIL}"), ("VII", f"-cmd{ATTR}"), ("IX", "Liability"))
    cells = (
        ("unchanged", "fill-in", "missing", "unchanged", "unchanged"),
        ("modified", "unchanged", "missing", "unchanged", "unchanged"),
        ("removed", "moved", "missing", "unchanged", "fill-in"),
        ("unchanged", "modified", "missing", "unchanged", "unchanged"),
    )
    return BatchResult(
        mode="cluster",
        folder=f"in/{EVIL}",
        version="0.1.0",
        documents={d.id: d for d in documents},
        rows=rows,
        # the label is "model · revision"
        clusters=(Cluster(0, "JEM", f"2025 {EVIL}", "base", ("harris", "evil", "broken", "formula", "rtl"), 0.91),),
        revisions=(Revision(0, 7, f"2020 → 2025 {ATTR}", "rev-0-7", counts(40), ("IV.B", "X"),
                            Reports("reports/rev-0-7.html", "/etc/x")),),
        matrices=(ClauseMatrix("base", clauses, tuple(r.id for r in rows), cells, (2, 0, 0, 0, 1)),),
    )


@pytest.fixture(scope="module")
def index(summary: BatchResult) -> str:
    return index_html(summary)


@pytest.fixture(scope="module")
def matrix(summary: BatchResult) -> str:
    return matrix_html(summary)


@pytest.fixture(scope="module", params=["index", "matrix"])
def page(request: pytest.FixtureRequest, index: str, matrix: str) -> str:
    return index if request.param == "index" else matrix


# ---------------------------------------------------------------------------
# A small HTML reader
# ---------------------------------------------------------------------------


class Parsed(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._raw: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._raw = ""

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw += data

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None:
            (self.styles if tag == "style" else self.scripts).append(self._raw)
        self._raw = None

    def attrs(self, name: str) -> list[str]:
        return [a[name] or "" for _, a in self.tags if name in a]


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# ---------------------------------------------------------------------------
# Safety, both pages
# ---------------------------------------------------------------------------


def test_data_is_escaped(page: str) -> None:
    # the raw strings, and the raw bidi override, appear nowhere (text or attribute)
    assert EVIL not in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert ATTR not in page
    assert "\u202e" not in page and "U+202E" in page


def test_no_event_handler_attributes(page: str) -> None:
    names = {name for _, attrs in Parsed(page).tags for name in attrs}
    assert not [n for n in names if n.startswith("on")]
    # the same by eye on the source: outside quoted attribute values (where an
    # escaped `" onmouseover=` is harmless text), no tag has an on...= attribute
    for tag in re.findall(r"<[a-zA-Z][^>]*>", page):
        assert not re.search(r"\son\w+\s*=", re.sub(r'"[^"]*"', '""', tag)), tag


def test_csp_pins_the_inline_style_and_script(page: str) -> None:
    parsed = Parsed(page)
    metas = [
        a for t, a in parsed.tags
        if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(metas) == 1
    policy = {d.split()[0]: d.split()[1:] for d in (metas[0]["content"] or "").split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'none'"]
    assert len(parsed.styles) == 1 and len(parsed.scripts) == 1
    assert len(re.findall(r"<script", page, re.IGNORECASE)) == 1
    assert policy["style-src"] == [sha(parsed.styles[0])]
    assert policy["script-src"] == [sha(parsed.scripts[0])]
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_no_inline_style_attributes(page: str) -> None:
    assert not [a for _, a in Parsed(page).tags if "style" in a]


def test_no_network_resources(page: str) -> None:
    assert "http://" not in page and "https://" not in page
    for value in Parsed(page).attrs("href") + Parsed(page).attrs("src"):
        assert not value.strip().lower().startswith(("http:", "https:", "//", "ftp:", "file:")), value
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)


def test_unsafe_links_are_text_not_href(page: str) -> None:
    hrefs = Parsed(page).attrs("href")
    for h in hrefs:
        assert relative_href(h) is not None or h.startswith("#") or h == "data:,", h
        assert ":" not in h or h == "data:,"
        assert ".." not in h.split("/")
    assert not any("javascript" in h.lower() or "passwd" in h for h in hrefs)


def test_element_ids_are_unique(page: str) -> None:
    ids = Parsed(page).attrs("id")
    assert len(ids) == len(set(ids))


def test_autoescape_is_on() -> None:
    assert batch._ENV.autoescape is True


@pytest.mark.parametrize(
    ("path", "href"),
    [
        ("reports/01-harris.html", "reports/01-harris.html"),
        ("reports/05 rtl #1.html", "reports/05%20rtl%20%231.html"),
        ("reports/%2e%2e/x.html", "reports/%252e%252e/x.html"),
        ("x.json", "x.json"),
    ],
)
def test_relative_href_accepts_paths_inside_the_folder(path: str, href: str) -> None:
    assert relative_href(path) == href


@pytest.mark.parametrize(
    "path",
    [
        *BAD_LINKS, "JavaScript:alert(1)", "/etc/passwd", "//host/x", "https://example.org/r.html",
        "C:/x.html", "reports\\..\\x", "reports/../../x", "reports/./x", "./x", "reports//x", "",
        ".\t./x", "reports/\nx", "data:text/html,hi", None, 3,
    ],
)
def test_relative_href_refuses_anything_else(path: Any) -> None:
    assert relative_href(path) is None


# ---------------------------------------------------------------------------
# index.html
# ---------------------------------------------------------------------------


def test_every_row_is_listed(index: str, summary: BatchResult) -> None:
    parsed = Parsed(index)
    trs = [a for t, a in parsed.tags if t == "tr" and (a.get("id") or "").startswith("row-")]
    assert len(trs) == len(summary.rows)
    assert [a["data-status"] for a in trs] == [r.status for r in summary.rows]
    assert "Harris County Sheriff&#39;s Office" in index
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; County&#34; onmouseover=&#34;alert(2)" in index


def test_safe_reports_are_linked(index: str) -> None:
    hrefs = Parsed(index).attrs("href")
    for stem in ("01-harris", "04-formula"):
        assert f"reports/{stem}.html" in hrefs and f"reports/{stem}.json" in hrefs
    assert "reports/05%20rtl%20%231.html" in hrefs
    assert "reports/rev-0-7.html" in hrefs


def test_unsafe_reports_are_shown_as_text(index: str) -> None:
    assert "javascript:alert(1)" in index
    assert "../../etc/passwd" in index
    assert "/etc/x" in index
    assert index.count("link refused") == 3


def test_error_row_shows_its_message(index: str) -> None:
    row = index[index.index('id="row-2"'):]
    row = row[: row.index("</tr>")]
    assert "could not read &lt;script&gt;alert(1)&lt;/script&gt; &amp; stop" in row
    assert 'class="badge b-error"' in row and "Error" in row
    assert 'class="errmsg"' in row


def test_document_that_is_in_no_row_is_reported(index: str) -> None:
    assert "Files that could not be read" in index
    assert "unreadable &#34; onmouseover=&#34;alert(2)" in index


def test_header_counts_mode_and_exit_status(index: str) -> None:
    assert re.search(r"<dt>Compared</dt><dd>4</dd>", index)
    assert re.search(r"<dt>With substantive changes</dt><dd>2</dd>", index)
    assert re.search(r"<dt>Errors</dt><dd>1</dd>", index)
    assert "Exit status 2: at least one file could not be read or compared." in index
    assert "<strong>cluster</strong>" in index
    assert "moadiff 0.1.0" in index


def test_links_to_the_other_outputs(index: str) -> None:
    hrefs = Parsed(index).attrs("href")
    for name in ("matrix.html", "summary.csv", "summary.json", "matrix.csv"):
        assert name in hrefs


def test_sortable_and_filterable(index: str) -> None:
    parsed = Parsed(index)
    sorts = [a["data-sort"] for t, a in parsed.tags if t == "th" and a.get("data-sort")]
    # counts, changed clauses, and (cluster mode) the rank by deviation
    assert sorts.count("num") == 5 and "text" in sorts
    # the filter bar is shown by the script; without it the table stands alone
    (bar,) = [a for t, a in parsed.tags if a.get("id") == "bx-filters"]
    assert "hidden" in bar
    options = [a["value"] for t, a in parsed.tags if t == "option"]
    assert {"JEM", "TFM", "same", "different", "error"} <= set(options)
    # numbers sort on data-v; an error row's counts are blank (sorted last)
    assert 'data-v="5"' in index and 'data-v=""' in index


def test_changed_clause_ids_are_shown(index: str) -> None:
    assert re.search(r'title="IV\.B, VII"', index)
    assert "<bdi>IV.B</bdi>, <bdi>VII</bdi>" in index


def test_clusters_and_revisions(index: str) -> None:
    assert 'id="clusters"' in index and 'id="revisions"' in index
    assert "JEM · 2025 &lt;script&gt;" in index
    assert "cohesion 0.91" in index
    # "from"/"to" are cluster ids: a known one is named, an unknown one numbered
    assert "cluster 7" in index


def test_notices_are_shown(index: str) -> None:
    assert "page 3: &lt;script&gt;alert(1)&lt;/script&gt;" in index


def test_pairs_mode_names_the_older_version() -> None:
    out = index_html(BatchResult("pairs"))
    assert "No agreements were compared." in out
    assert 'id="clusters"' not in out


def test_an_empty_or_sparse_summary_still_renders() -> None:
    for fn in (index_html, matrix_html, summary_csv, matrix_csv):
        assert isinstance(fn(BatchResult("cluster")), str)
    # a row and a matrix that name documents and rows the result does not have
    # (a typed row cannot carry an unknown status, as the dict summary could)
    sparse = BatchResult("cluster", rows=(BatchRow("x", None, "missing-doc", "same"),),
                         matrices=(ClauseMatrix("nope", (("I", ""),), ("x", "y"), (("modified", "missing"),),
                                                (0, 0)),))
    assert "missing-doc" in index_html(sparse)
    assert "?" in matrix_html(sparse)  # the cell with no result
    assert len(list(csv.reader(io.StringIO(matrix_csv(sparse))))) == 1 + 2


# ---------------------------------------------------------------------------
# matrix.html
# ---------------------------------------------------------------------------


def heat_rows(page: str) -> list[list[str]]:
    """Each body row of the first heat map as its cells' text."""
    table = page[page.index('<table class="heat"'):page.index("</table>")]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL):
        out.append([re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.DOTALL)])
    return out


def test_cells_carry_a_symbol_as_well_as_a_colour(matrix: str) -> None:
    rows = heat_rows(matrix)
    assert rows[0] == ["\u00b7", "f", "?", "\u00b7", "\u00b7", "0"]
    assert rows[1] == ["M", "\u00b7", "?", "\u00b7", "\u00b7", "1"]
    assert rows[2] == ["R", "\u2195", "?", "\u00b7", "f", "1"]
    assert rows[3] == ["\u00b7", "M", "?", "\u00b7", "\u00b7", "1"]
    assert rows[4] == ["2", "0", "0", "0", "1", "3"]  # added clauses
    assert re.findall(r'<td class="s-(\w)">', matrix)[:5] == ["u", "f", "x", "u", "u"]


def test_column_totals(matrix: str) -> None:
    foot = matrix[matrix.index("<tfoot>"):matrix.index("</tfoot>")]
    assert [c for c in re.findall(r"<td[^>]*>(\d+)</td>", foot)] == ["4", "1", "0", "0", "1", "6"]


def test_columns_name_the_agency_and_link_safely(matrix: str) -> None:
    parsed = Parsed(matrix)
    cols = [a for t, a in parsed.tags if t == "th" and a.get("class") == "col"]
    assert len(cols) == 5
    assert cols[0]["title"] == "Harris County Sheriff's Office \u00b7 harris.pdf \u00b7 2025-02-15"
    assert cols[1]["data-name"] == f"Evil {EVIL} County{ATTR}"  # escaped in the source, intact when parsed
    hrefs = parsed.attrs("href")
    assert "reports/01-harris.html" in hrefs
    assert not any("javascript" in h for h in hrefs)


def test_clause_titles_are_escaped(matrix: str) -> None:
    assert "Training &lt;script&gt;alert(1)&lt;/script&gt;" in matrix
    assert "legend" in matrix and "modified (substantive changes)" in matrix


def test_no_matrix_says_so() -> None:
    out = matrix_html(BatchResult("pairs"))
    assert "There is no clause matrix for this batch: in pairs mode" in out


def test_large_matrix_is_compact() -> None:
    n_cols, n_clauses = 400, 40
    docs = {f"d{j}": BatchDocument(f"d{j}", "", "", agency=f"Agency {j}") for j in range(n_cols)}
    rows = tuple(BatchRow(f"r{j}", "b", f"d{j}", "different", report=report(f"r{j}")) for j in range(n_cols))
    statuses: tuple[Cell, ...] = ("unchanged", "fill-in", "modified", "moved", "removed")
    m = ClauseMatrix("b", tuple((str(i), "T") for i in range(n_clauses)), tuple(r.id for r in rows),
                     tuple(tuple(statuses[(i + j) % 5] for j in range(n_cols)) for i in range(n_clauses)),
                     (0,) * n_cols)
    out = matrix_html(BatchResult("cluster", documents=docs, rows=rows, matrices=(m,)))
    assert out.count('<td class="s-') == n_cols * n_clauses
    assert len(out) < 1_000_000  # each cell stays a few bytes


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_summary_csv_has_one_row_per_comparison(summary: BatchResult) -> None:
    rows = read_csv(summary_csv(summary))
    assert len(rows) == len(summary.rows)
    assert list(rows[0]) == list(batch.SUMMARY_COLUMNS)
    assert [r["id"] for r in rows] == [r.id for r in summary.rows]
    harris = rows[0]
    assert harris["agency"] == "Harris County Sheriff's Office"
    assert harris["substantive"] == "5" and harris["fill-in"] == "2"
    assert harris["changed_clauses"] == "IV.B; VII"
    assert harris["report_html"] == "reports/01-harris.html"
    assert harris["baseline"] == "jem-template-2025.pdf"
    broken = rows[2]
    assert broken["status"] == "error" and broken["error"] == f"could not read {EVIL} & stop"
    assert broken["substantive"] == ""
    # data with quotes, commas-free but hostile, round-trips intact
    assert rows[1]["agency"] == f"Evil {EVIL} County{ATTR}"


def test_summary_csv_defuses_formulas(summary: BatchResult) -> None:
    rows = read_csv(summary_csv(summary))
    assert rows[3]["agency"] == "'=HYPERLINK(\"x\")"
    for r in rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@")), value


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1"])
def test_every_formula_start_is_defused(text: str) -> None:
    out = summary_csv(BatchResult("cluster", documents={"d": BatchDocument("d", "", "", agency=text)},
                                  rows=(BatchRow("r", None, "d", "same"),)))
    assert read_csv(out)[0]["agency"] == "'" + text


def test_numbers_are_left_alone() -> None:
    out = summary_csv(BatchResult("cluster", rows=(BatchRow("r", None, "x", "same",
                                                            counts=Counts(substantive=0, removed=3)),)))
    row = read_csv(out)[0]
    assert row["substantive"] == "0" and row["removed"] == "3"


def test_matrix_csv_is_long_form(summary: BatchResult) -> None:
    rows = read_csv(matrix_csv(summary))
    m = summary.matrices[0]
    assert len(rows) == len(m.clauses) * len(m.columns)
    assert list(rows[0]) == list(batch.MATRIX_COLUMNS)
    first = rows[0]
    assert (first["baseline_id"], first["clause_key"], first["row_id"], first["status"]) == (
        "base", "I", "01-harris", "unchanged")
    by_key = {(r["clause_key"], r["row_id"]): r for r in rows}
    assert by_key[("IV.B", "01-harris")]["status"] == "modified"
    assert by_key[("IV.B", "01-harris")]["clause_title"] == f"Training {EVIL}"
    assert by_key[("VII", "05-rtl")]["status"] == "fill-in"
    # a title starting with "-" is defused
    assert by_key[("VII", "01-harris")]["clause_title"] == f"'-cmd{ATTR}"
    assert by_key[("I", "04-formula")]["agency"] == "'=HYPERLINK(\"x\")"


def test_words_moved_between_clauses_are_shown_where_they_landed() -> None:
    """A revision that folds an addendum's sentence into a section changes no
    word of that section substantively; the history still shows the
    sentence where it now stands, and where it came from."""
    from moadiff.model import Clause, ClauseChange, Edit, Moved, placed
    from moadiff.render.revisions import changed_clauses

    moved = "ICE reserves the right to conduct an internal review of this MOA every three years."
    old = Clause("VIII", "VIII.", "TERMINATION", "This MOA becomes effective upon signature.", 5, 5, 1, "section")
    new = Clause("VIII", "VIII.", "TERMINATION", f"This MOA becomes effective upon signature. {moved}", 5, 5, 1,
                 "section")
    change = ClauseChange("modified", False, old, new, 0.8, placed((
        Edit("equal", "This MOA becomes effective upon signature.", "This MOA becomes effective upon signature."),
        Edit("insert", "", moved, "moved", moved=Moved("ADDENDUM", 30, 45)))))
    assert not change.is_substantive
    [view] = changed_clauses([change])
    assert view.heading == "VIII TERMINATION" and view.excerpts[0].new == moved
    assert view.excerpts[0].moved_from == "ADDENDUM" and view.words == len(moved.split())
    # A clause with nothing but fill-ins and noise is still left out.
    quiet = ClauseChange("modified", False, old, old, 1.0, placed((Edit("equal", old.text, old.text),)))
    assert changed_clauses([quiet]) == []


def test_a_revision_history_lists_the_signature_labels_it_adds() -> None:
    """A revision that adds "Name:" and "Agency:" lines to the signature
    block changed template language; the names written against them are
    fill-ins and are not listed. Deviations leave signature blocks out."""
    from moadiff.model import Clause, ClauseChange, Edit, placed
    from moadiff.render.revisions import _md_excerpt, changed_clauses

    old = Clause("SIGNATURES", "", "", "For ICE: Date: Todd Lyons", 9, 9, 1, "signature")
    new = Clause("SIGNATURES", "", "", "For ICE: Date: Name: Caleb Vitello Agency: ICE Name:", 9, 9, 1, "signature")
    change = ClauseChange("modified", False, old, new, 0.5, placed((
        Edit("equal", "For ICE: Date:", "For ICE: Date:"), Edit("insert", "", "Name:", "substantive"),
        Edit("replace", "Todd Lyons", "Caleb Vitello", "fill-in"), Edit("insert", "", "Agency:", "substantive"),
        Edit("insert", "", "ICE", "fill-in"), Edit("insert", "", "Name:", "substantive"))))
    [view] = changed_clauses([change], history=True)
    assert view.heading == "Signature block" and view.words == 3
    assert _md_excerpt(view.excerpts[0]) == "labels added: **Name: ×2, Agency:**"
    assert changed_clauses([change]) == []


def test_a_revision_history_shows_a_subtitle_dropped() -> None:
    """ICE's 02/14/2025 Task Force text drops the subtitle "287(g) Task
    Force Model": template language, shown between revisions; an agency's
    title block is not a deviation of its own."""
    from moadiff.model import Clause, ClauseChange, Edit, placed
    from moadiff.render.revisions import changed_clauses

    old = Clause("TITLE", "", "", "MEMORANDUM OF AGREEMENT 287(g) Task Force Model", 1, 1, 0, "title")
    new = Clause("TITLE", "", "", "MEMORANDUM OF AGREEMENT", 1, 1, 0, "title")
    change = ClauseChange("modified", False, old, new, 0.7, placed((
        Edit("equal", "MEMORANDUM OF AGREEMENT", "MEMORANDUM OF AGREEMENT"),
        Edit("delete", "287(g) Task Force Model", "", "substantive"))))
    [view] = changed_clauses([change], history=True)
    assert view.excerpts[0].old == "287(g) Task Force Model"
    assert changed_clauses([change]) == []


def test_changes_close_together_share_one_passage() -> None:
    """Three edits a word or two apart are one passage, read in order, not
    three lines that each repeat the others' words; all are counted."""
    from moadiff.model import Clause, ClauseChange, Edit, placed
    from moadiff.render.revisions import _md_excerpt, changed_clauses

    old_text = "pertinent to their activities and their jurisdictions, and have been trained on it"
    new_text = "pertinent to their activities within their respective jurisdictions, have been trained on it"
    old = Clause("IV.B", "B.", "NOMINATION", old_text, 2, 2, 1, "section")
    new = Clause("IV.B", "B.", "NOMINATION", new_text, 2, 2, 1, "section")
    change = ClauseChange("modified", False, old, new, 0.9, placed((
        Edit("equal", "pertinent to their activities", "pertinent to their activities"),
        Edit("replace", "and", "within", "substantive"), Edit("equal", "their", "their"),
        Edit("insert", "", "respective", "substantive"), Edit("equal", "jurisdictions,", "jurisdictions,"),
        Edit("delete", "and", "", "substantive"), Edit("equal", "have been trained on it", "have been trained on it"))))
    [view] = changed_clauses([change])
    [passage] = view.excerpts
    assert _md_excerpt(passage) == ("… pertinent to their activities ~~and~~ **within** their **respective** "
                                    "jurisdictions, ~~and~~ have been trained on it …")
    assert passage.news == ["within", "respective"] and passage.olds == ["and", "and"] and view.words == 3

"""What every report leads with: one headline, the same in every format;
the warnings due; where the report came from.

The headline ("8 clauses changed in substance, 9 substantive edits") is
read back out of each format as a reader or a script would find it (the
JSON summary, the HTML's verdict, the Markdown's bold line, the Word
redline's cover page, the CSV's rows) and checked against a count made
here from the comparison's clauses, over the golden cases and real pairs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import moadiff
from moadiff.caveats import caveats
from moadiff.model import Clause, Comparison, DocumentInfo, PageInfo, Profile
from moadiff.render import render
from moadiff.render.common import badge, headline

CASES = Path(__file__).parent / "cases"
GOLDEN = Path(__file__).parent / "golden"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Real pairs of ../shared/moa: two revisions of the JEM template (two agencies),
#: two Task Force agreements of one revision, two 2025 JEM agreements, and a file against itself.
REAL = [
    ("287gJEM_GalvestonCoTX_06-08-2020.pdf", "GraysonCountyDCKY_JEM_MOA_030425.pdf"),
    ("ArcadiaPDFL_TFM_MOA_030425.pdf", "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf"),
    ("HamiltonCoIN_JEM_MOA_03.03.2025.pdf", "LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf"),
    ("GraysonCountyDCKY_JEM_MOA_030425.pdf", "GraysonCountyDCKY_JEM_MOA_030425.pdf"),
]


def expected(result: Comparison) -> tuple[int, int]:
    """(clauses changed in substance, substantive edits), counted here from the clauses."""
    clauses = sum(1 for c in result.changes
                  if c.status in ("added", "removed") or c.moved
                  or any(e.op != "equal" and e.kind in ("substantive", None) for e in c.edits))
    edits = sum(1 for c in result.changes for e in c.edits if e.op != "equal" and e.kind == "substantive")
    return clauses, edits


_HEADLINE = re.compile(r"(?:(\d+) clauses? changed in substance, (\d+) substantive edits?|No clause changed in substance)")


def numbers(text: str) -> tuple[int, int]:
    m = _HEADLINE.search(text)
    assert m, text[:300]
    return (int(m.group(1)), int(m.group(2))) if m.group(1) else (0, 0)


def from_json(result: Comparison) -> tuple[int, int]:
    s = json.loads(render(result, "json"))["summary"]
    return s["substantive_clauses"], s["edits"]["substantive"]


def from_html(result: Comparison) -> tuple[int, int]:
    page = render(result, "html").decode()
    m = re.search(r'id="headline">([^<]*)<', page)
    assert m
    return numbers(m.group(1))


def from_markdown(result: Comparison) -> tuple[int, int]:
    lines = render(result, "md").decode().splitlines()
    bold = [line for line in lines[:8] if line.startswith("**") and "substance" in line]
    assert len(bold) == 1, lines[:8]
    return numbers(bold[0])


def from_docx(result: Comparison) -> tuple[int, int]:
    with zipfile.ZipFile(io.BytesIO(render(result, "docx"))) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    for p in root.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == "CoverHeadline":
            return numbers("".join(t.text or "" for t in p.iter(W + "t")))
    raise AssertionError("no headline on the cover page")


def from_csv(result: Comparison) -> tuple[int, int]:
    """A script's count: clauses with a substantive or moved row; substantive
    edit rows (an added or removed clause's one row is not an edit)."""
    rows = list(csv.DictReader(io.StringIO(render(result, "csv").decode("utf-8-sig"))))
    clauses = {(r["old_id"], r["new_id"]) for r in rows if r["kind"] == "substantive" or r["moved"] == "true"}
    edits = sum(1 for r in rows if r["kind"] == "substantive" and r["status"] not in ("added", "removed"))
    return len(clauses), edits


FORMATS = {"json": from_json, "html": from_html, "md": from_markdown, "docx": from_docx, "csv": from_csv}


def check_headline(result: Comparison) -> None:
    want = expected(result)
    got = {fmt: read(result) for fmt, read in FORMATS.items()}
    assert got == dict.fromkeys(FORMATS, want)
    assert numbers(headline(result)) == want


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_headline_is_the_same_in_every_format_golden(case: str) -> None:
    folder = CASES / case
    options = json.loads((folder / "options.json").read_text())
    check_headline(moadiff.compare(next(folder.glob("old.*")), next(folder.glob("new.*")), **options))


@pytest.fixture(scope="module")
def real_results(moa: Path) -> dict[tuple[str, str], Comparison]:
    return {(a, b): moadiff.compare(moa / a, moa / b) for a, b in REAL}


@pytest.mark.parametrize("pair", REAL, ids=[f"{a[:14]}-{b[:14]}" for a, b in REAL])
def test_headline_is_the_same_in_every_format_real(real_results: dict[tuple[str, str], Comparison],
                                                   pair: tuple[str, str]) -> None:
    check_headline(real_results[pair])


def test_jem_pair_headline_counts_what_changed(real_results: dict[tuple[str, str], Comparison]) -> None:
    # Read from both agreements: V.C COMMUNITY OUTREACH, the ADDENDUM and the
    # old second signature page are gone; IV.B, IV.F, IV.H, VIII and APPENDIX B
    # change their language. The second signature page is scan debris, so the
    # Markdown summarises it rather than quoting it.
    result = real_results[REAL[0]]
    removed = {c.old.id for c in result.changes if c.status == "removed" and c.old is not None}
    assert {"V.C", "ADDENDUM"} <= removed
    substantive = {c.new.id for c in result.changes if c.count("substantive") and c.new is not None}
    assert {"IV.B", "IV.F", "APPENDIX B"} <= substantive
    # VIII gains the review sentence the old ADDENDUM held: moved text, shown
    # open under its own badge, not new language and not "formatting / OCR only".
    viii = next(c for c in result.changes if c.new is not None and c.new.id == "VIII")
    assert badge(viii) == "moved-text" and not viii.count("substantive")
    page = render(result, "html").decode()
    section = page[page.index('id="VIII"'):]
    summary = section[:section.index("</summary>")]
    assert "<details open>" in summary and "b-moved-text" in summary


# ---------------------------------------------------------------------------
# Warnings
# ---------------------------------------------------------------------------


def warning_codes(result: Comparison) -> list[str]:
    return [w["code"] for w in json.loads(render(result, "json"))["warnings"]]


def test_identical_files_are_warned_about_in_every_format(real_results: dict[tuple[str, str], Comparison]) -> None:
    result = real_results[REAL[3]]
    assert warning_codes(result) == ["identical"]
    for fmt in ("html", "md", "docx"):
        data = render(result, fmt)
        if fmt == "docx":
            data = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        assert b"the same file was given twice" in data, fmt


def test_two_agencies_are_warned_about(real_results: dict[tuple[str, str], Comparison]) -> None:
    assert "different-agencies" in warning_codes(real_results[REAL[0]])  # Galveston, TX vs Grayson, KY
    md = render(real_results[REAL[0]], "md").decode()
    assert "These are agreements of two agencies" in md and "agency details are shown as fill-ins" in md


def test_versions_of_one_agency_are_not_warned_about() -> None:
    samples = Path(__file__).resolve().parents[1] / "samples"
    result = moadiff.compare(samples / "old.txt", samples / "new.txt")
    assert result.old.profile.agency and result.new.profile.agency
    assert warning_codes(result) == []


def test_a_foia_release_is_warned_about_and_its_redacted_names_are_fill_ins(tmp_path: Path) -> None:
    # A FOIA release of the new version: the signatories' names under
    # "(b)(6), (b)(7)(C)", and one sentence under "(b)(7)(E)".
    text = (SAMPLES / "new.txt").read_text(encoding="utf-8")
    sentence = "The LEA will provide effective communication to individuals with disabilities."
    assert text.count("Dana R. Whitfield") == 1 and sentence in text
    released = tmp_path / "released.txt"
    released.write_text(text.replace("Dana R. Whitfield", "(b)(6), (b)(7)(C)")
                        .replace("Morgan T. Ellery", "(b)(6);(b)(7)(C)").replace(sentence, "(b)(7)(E)"),
                        encoding="utf-8")
    result = moadiff.compare(SAMPLES / "new.txt", released)
    (notice,) = [n for n in result.warnings if n.code == "redacted"]
    assert notice.message.startswith("the new version is redacted (3 places, under FOIA exemption codes "
                                     "(b)(6), (b)(7)(C), (b)(7)(E))")
    edits = {(e.old.rstrip(","), e.new.rstrip(",")): e.kind for c in result.changes for e in c.edits if e.op != "equal"}
    assert edits[("Dana R. Whitfield", "(b)(6), (b)(7)(C)")] == "fill-in"
    assert edits[("Morgan T. Ellery", "(b)(6);(b)(7)(C)")] == "fill-in"
    hidden = [kind for (old, new), kind in edits.items() if new == "(b)(7)(E)"]
    assert hidden == ["substantive"]  # a passage under a redaction shows as removed
    assert "the new version is redacted" in render(result, "md").decode().lower()
    assert [n.code for n in moadiff.compare(released, released).warnings if n.code == "redacted"] == ["redacted"]


def _scan(name: str, share: float) -> tuple[DocumentInfo, tuple[Clause, ...]]:
    pages = tuple(PageInfo(n, "good", ocr=True, word_share=0.95, confidence=80.0) for n in (1, 2))
    words = " ".join(["word"] * 100)
    low = tuple((i, 40.0) for i in range(int(share * 101)))
    clause = Clause("I", "I.", "PARTIES", words, 1, 2, 0, "section", low_confidence=low)
    return DocumentInfo(name, name, name, "pdf", 2, "pdfium", page_info=pages, profile=Profile()), (clause,)


def test_two_noisy_scans_are_warned_about_with_their_shares() -> None:
    (a, ca), (b, cb) = _scan("a.pdf", 0.05), _scan("b.pdf", 0.03)
    (notice,) = caveats(a, b, ca, cb)
    assert notice.code == "noisy-scans"
    assert "5.0% of the old version's words and 3.0% of the new version's" in notice.message
    clean = _scan("c.pdf", 0.0)
    assert caveats(a, clean[0], ca, clean[1]) == ()  # one noisy scan: its pages' notices say enough


# ---------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------


def test_every_report_says_where_it_came_from(real_results: dict[tuple[str, str], Comparison]) -> None:
    result = real_results[REAL[0]]
    generated = json.loads(render(result, "json"))["generated"]
    assert generated["version"] == moadiff.__version__
    assert generated["date"] == "2026-01-01T00:00:00Z"  # SOURCE_DATE_EPOCH, set in conftest.py
    assert (generated["old_sha256"], generated["new_sha256"]) == (result.old.sha256, result.new.sha256)
    assert generated["options"]["engine"] == "pdfium" and generated["options"]["password"] is None
    docx = render(result, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        cover = zf.read("word/document.xml")
    for data in (render(result, "html"), render(result, "md"), cover):
        text = data.decode()
        assert result.old.sha256 in text and result.new.sha256 in text  # in full, never cut
        assert f"moadiff {moadiff.__version__}" in text and "2026-01-01T00:00:00Z" in text
        assert "match cutoff 55" in text


# ---------------------------------------------------------------------------
# The Markdown of the 2020 -> 2025 Jail Enforcement pair, kept as a golden file
# ---------------------------------------------------------------------------


def test_jem_markdown_golden(real_results: dict[tuple[str, str], Comparison], regen: bool) -> None:
    got = render(real_results[REAL[0]], "md").decode().replace(f"moadiff {moadiff.__version__} ", "moadiff (version) ")
    path = GOLDEN / "jem-2020-2025.md"
    if regen or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
    assert got.startswith("# Jail Enforcement Model: Galveston County Sheriff's Office (2020) → "
                          "Grayson County Detention Center (2025)\n")
    assert "*left blank in the new version*" in got and "## Words used here" in got


def test_an_agency_name_ocr_garbled_is_not_printed(tmp_path: Path) -> None:
    # A scan's PARTIES sentence read as "Lay Comaly Shuntts Ofin" names no kind
    # of agency: the reports say "not found" and use the file name, never the
    # misreading as if it were a name.
    from moadiff.render.docx import cover

    text = (SAMPLES / "new.txt").read_text(encoding="utf-8")
    garbled = tmp_path / "scan.txt"
    garbled.write_text(text.replace("the Riverside County Sheriff's Office", "the Lay Comaly Shuntts Ofin"),
                       encoding="utf-8")
    result = moadiff.compare(SAMPLES / "old.txt", garbled)
    assert result.new.profile.agency == "Lay Comaly Shuntts Ofin"  # still the fill-in vocabulary
    title = render(result, "md").decode().splitlines()[0]
    assert "scan.txt" in title and "Comaly" not in title
    page = render(result, "html").decode()
    assert "Comaly" not in page[page.index("<title>"):page.index("</title>")]
    assert "Comaly" not in page[page.index('id="documents-h"'):page.index("</table>")]
    assert not any("Comaly" in text for _, text in cover(result))
    warning = next(w for w in result.warnings if w.code == "different-agencies")
    assert "Comaly" not in warning.message and "scan.txt: its agency's name unreadable" in warning.message

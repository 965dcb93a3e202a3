"""Cleaning: furniture by repetition and position, paragraphs, characters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from moadiff import extract
from moadiff.clean import clean, normalize_text
from moadiff.model import Document, Line, Options, Page


def pdf_page(number: int, rows: list[tuple[str, float]], height: float = 792) -> Page:
    lines = tuple(Line(text, number, 72, top, 540 if len(text) > 60 else 300, top + 10) for text, top in rows)
    return Page(number, lines, 612, height)


def test_running_footer_and_page_numbers_go() -> None:
    pages = tuple(
        pdf_page(n, [
            (f"Paragraph {'ABCD'[n - 1] * n} of the agreement text that runs across the page to the margin.", 100),
            (f"Grayson County Detention Center {n} Revised 02/15/2025", 750),
            (str(n), 770),
        ])
        for n in range(1, 5)
    )
    paras = clean(Document("x.pdf", "", "pdf", pages))
    text = " ".join(p.text for p in paras)
    assert "Revised" not in text and "Grayson" not in text
    assert "Paragraph CCC of" in text


def test_furniture_with_ocr_variants_goes() -> None:
    names = ["Pinal County Sheriff's Office", "Pinal County Sherifrs Office", "Pinal County Sheriffs Office"]
    pages = tuple(
        pdf_page(n, [("Text of the page that is long enough to reach the right margin of it.", 100),
                     (str(n), 740), (names[n % 3], 755)])
        for n in range(1, 7)
    )
    text = " ".join(p.text for p in clean(Document("x.pdf", "", "pdf", pages)))
    assert "Pinal" not in text


def test_a_heading_on_a_few_pages_is_not_furniture() -> None:
    pages = tuple(
        pdf_page(n, [(f"APPENDIX {'ABCDEFGH'[n]}", 60), ("Body text of the appendix, long enough to fill a line.", 100)])
        for n in range(8)
    )
    text = " ".join(p.text for p in clean(Document("x.pdf", "", "pdf", pages)))
    assert "APPENDIX C" in text


def test_paragraph_broken_across_pages_is_rejoined() -> None:
    pages = (
        pdf_page(1, [("The LEA will use due diligence to screen and nominate candidates for ICE", 680),
                     ("training and approval under this MOA and", 694)]),
        pdf_page(2, [("have the authority to enforce rules.", 72), ("B. NOMINATION OF PERSONNEL", 100)]),
    )
    paras = clean(Document("x.pdf", "", "pdf", pages))
    assert paras[0].text.endswith("under this MOA and have the authority to enforce rules.")
    assert (paras[0].first_page, paras[0].last_page) == (1, 2)
    assert paras[1].text == "B. NOMINATION OF PERSONNEL"


def test_characters_and_bullets_are_normalised() -> None:
    assert normalize_text("“certified” ﬁeld\u00a0office – DHS’s") == '"certified" field office - DHS\'s'
    pages = (Page(1, tuple(Line(t, 1, source="txt", starts_paragraph=True) for t in (
        "Authorities listed below:", "x The power to interrogate", "o Upon transfer of custody",
        "(cid:120) The power to serve warrants", "investi-", ))),)
    texts = [p.text for p in clean(Document("x.txt", "", "txt", pages))]
    assert texts[1:4] == ["• The power to interrogate", "• Upon transfer of custody", "• The power to serve warrants"]


def test_end_of_line_hyphenation_joins() -> None:
    pages = (pdf_page(1, [("The LEA shall cooperate with any Federal investi-", 100),
                          ("gation related to this MOA to the full extent.", 114)]),)
    assert "investigation related" in clean(Document("x.pdf", "", "pdf", pages))[0].text.replace("-", "")


def test_real_footers_removed(moa: Path) -> None:
    for name, footer in (("GraysonCountyDCKY_JEM_MOA_030425.pdf", "Revised 02/15/2025"),
                         ("287gJEM_PinalCoAz2020-06-09.pdf", "Sherifrs")):
        text = " ".join(p.text for p in clean(extract(moa / name)))
        assert footer not in text
        assert re.search("APPENDIX ?A", text) and re.search("APPENDIX ?C", text)


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Footers of real scans that a scanner's OCR layer read differently on one
# page (a date with its slashes read as 1s, the words in another order, the
# page number inside the agency's name, two letters misread, the footer
# split in two lines): each line below is the footer of its page, at the
# same place as on the other pages, and no part of the agreement.
SCANNED_FOOTERS = [
    ("moa/FranklinCountyAL_WSO_MOA_030625.pdf", "Alabama 10 Revised 02/15/2025", "Alabama"),
    ("moa/HamiltonCoIN_JEM_MOA_03.03.2025.pdf", "Revised 02/15/2025", "Sheriff"),
    ("moa/HillsboroughCoSheriffsOffice_TFM_MOA_02.26.2025.pdf", "Revised 02/1 2/2025", "Hillsborough"),
    ("corpus/BartowPDFL_TFM_MOA_042925.pdf", "(FL) 7 Revised 03/07/2025", "(FL)"),
    ("corpus/BedfordCountySheriffVA_TFM_MOA_030725.pdf", "Rcviscd 02/12/2025", "Revised 02/12/2025"),
    ("corpus/DouglasCoNV_WSO_MOA_02.19.25.pdf", "Rev 2114/25", "Rev 2/14/25"),
    ("corpus/gilchristCoSheriffOffice_WSO_MOA_02.20.2025.pdf", "Gilchrist Revised 02/14/2025 County", "Revised"),
    ("corpus/jeffersonCountySherrifsOffice_TF_MOA_03122025.pdf", "Revised 0211212025", "ReYised 02/12/2025"),
    ("corpus/TerrellCoTX_WSO_MOA_04.16.2025.pdf", "Texas 10 Revised 02/15/2025", "Texas"),
]


@pytest.mark.parametrize(("name", "variant", "also"), SCANNED_FOOTERS, ids=[n for n, _, _ in SCANNED_FOOTERS])
def test_ocr_variants_of_a_real_running_footer_go(name: str, variant: str, also: str) -> None:
    path = (CORPUS.parent / name)
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared")
    doc = extract(path, Options(ocr="never"))
    assert any(variant in line.text for page in doc.pages for line in page.lines)  # it is there to go
    paragraphs = clean(doc)
    text = " ".join(p.text for p in paragraphs)
    assert variant not in text
    # No footer text is left at the end of a paragraph, and the body is whole.
    assert not re.search(r"R\S{1,2}[vY]\S{0,2}s\S{0,2}d?\s+[0-9O]{1,2}[/1]", text), re.findall(r".{40}Revised.{20}", text)
    assert len(text.split()) > 3000 and "APPENDIX" in text.upper()


def test_a_body_line_near_the_footer_stays() -> None:
    """A footer's variants are attached by words and position: the last line
    of a paragraph that happens to hold the agency's name stays."""
    pages = tuple(
        pdf_page(n, [("The LEA shall give its reports to the field office of ICE and to the", 600),
                     ("Bay County Sheriff's Office.", 614),
                     (f"Bay County Sheriff's Office {n} Revised 02/15/2025", 750)])
        for n in range(1, 6)
    )
    text = " ".join(p.text for p in clean(Document("x.pdf", "", "pdf", pages)))
    assert text.count("Bay County Sheriff's Office.") == 5 and "Revised" not in text


def test_a_label_ocr_read_apart_from_its_heading_goes_back_to_it() -> None:
    """Tesseract read "V. REPORTING AND DOCUMENTATION" as two blocks, the
    label first in the page's order: the label joins its heading, instead of
    ending the paragraph at the top of the page."""
    ocr = lambda text, x0, top, x1: Line(text, 5, x0, top, x1, top + 7.0, source="ocr",
                                         confidences=(90.0,) * len(text.split()))
    page = Page(5, (ocr("V.", 67.0, 707.0, 78.0),
                    ocr("assist LEA personnel with the request.", 86.0, 60.0, 500.0),
                    ocr("REPORTING AND DOCUMENTATION", 86.0, 707.0, 256.0),
                    ocr("The LEA will report monthly.", 86.0, 720.0, 400.0)))
    texts = [p.text for p in clean(Document("scan.pdf", "", "pdf", (page,)))]
    assert texts == ["assist LEA personnel with the request.", "V. REPORTING AND DOCUMENTATION",
                     "The LEA will report monthly."]
    # A short line far from the next one on its row (a form's two columns) stays apart.
    from moadiff.clean import _side_by_side

    date, name = ocr("Date:", 72.0, 100.0, 100.0), ocr("Sheriff John Doe", 320.0, 100.0, 420.0)
    assert [t for _, t in _side_by_side([(date, date.text), (name, name.text)])] == ["Date:", "Sheriff John Doe"]

"""Cleaning: furniture by repetition and position, paragraphs, characters."""

from __future__ import annotations

import re
from pathlib import Path

from moadiff import extract
from moadiff.clean import clean, normalize_text
from moadiff.model import Document, Line, Page


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

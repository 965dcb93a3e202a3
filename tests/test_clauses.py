"""Clause segmentation: numbering read in context, OCR'd labels, real structures."""

from __future__ import annotations

from pathlib import Path

import pytest

from moadiff import extract
from moadiff.clauses import int_to_roman, roman_to_int, segment
from moadiff.clean import clean
from moadiff.model import Paragraph


def ids(*texts: str) -> list[str]:
    return [c.id for c in segment([Paragraph(t, 1, 1) for t in texts])]


@pytest.mark.parametrize("first", ["D AA", "Il. PURPOSE", "III. AUTHORITY"])
def test_a_document_that_starts_at_a_later_section(first: str) -> None:
    # No section I before it: nothing to recover, and no crash (found by fuzzing).
    assert ids(first, "Text.")[0] in ("II", "III")


def test_letter_i_after_h_is_a_subsection() -> None:
    assert ids("I. PARTIES", "Text.", "II. PURPOSE", "III. AUTHORITY", "IV. RESPONSIBILITIES", "A. ONE", "Text.", "B. TWO", "C. THREE",
               "D. FOUR", "E. FIVE", "F. SIX", "G. SEVEN", "H. EIGHT", "I. CIVIL RIGHTS", "Text.",
               "V. REPORTING") == ["I", "II", "III", "IV", "IV.A", "IV.B", "IV.C", "IV.D", "IV.E", "IV.F", "IV.G",
                                   "IV.H", "IV.I", "V"]


def test_title_block_and_titles() -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "MEMORANDUM OF AGREEMENT", "287(g) Jail Enforcement Model", "I. PARTIES", "This MOA is made.")])
    assert [(c.id, c.kind) for c in clauses] == [("TITLE", "title"), ("I", "section")]
    assert clauses[1].title == "PARTIES" and clauses[1].text == "This MOA is made."


@pytest.mark.parametrize("block", [
    # a scanner's reading of two digital signatures side by side
    ("CHRISTOPHER Digltallysignedby Date: 5 I 1 j AO Date: ------- CHRISTOPHER M CRONEN",
     "C.M. Cronen Assistant Director Sheriff"),
    ("Jane Roe Digitally signed by Jane Roe Date: 2025.02.26 10:55:08 -05'00'", "Assistant Director"),
])
def test_a_signature_block_is_found_by_its_stamps(block: tuple[str, str]) -> None:
    # No "For the LEA:" line: two date fields side by side, or a digital
    # signature stamp, still open the signature block.
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. PARTIES", "This MOA is made.", "II. EFFECTIVE DATE",
        "By signing this MOA, each party represents it is authorized.", *block,
        "APPENDIX A", "STANDARD OPERATING PROCEDURE")])
    assert [(c.id, c.kind) for c in clauses][:4] == [("I", "section"), ("II", "section"),
                                                     ("SIGNATURES", "signature"), ("APPENDIX A", "appendix")]
    assert clauses[1].text == "By signing this MOA, each party represents it is authorized."


@pytest.mark.parametrize("body", [
    "This MOA may be digitally signed by the parties; it takes effect on the later date of signature.",
    # a layout that ran the last sentence into the stamp: the sentence is not a signature
    "All other provisions of the MOA remain in full force and effect. Date: X Digitally signed by Y",
])
def test_body_text_before_or_about_a_stamp_is_no_signature_block(body: str) -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. PARTIES", "This MOA is made.", "II. EFFECTIVE DATE", body, "III. MODIFICATIONS", "Text.")])
    assert [(c.id, c.kind) for c in clauses] == [("I", "section"), ("II", "section"), ("III", "section")]


@pytest.mark.parametrize("mangled, expected", [
    ("D. PURPOSE", "II"), ("Il. PURPOSE", "II"), ("n. PURPOSE", "II"),
])
def test_ocr_mangled_section_two(mangled: str, expected: str) -> None:
    assert ids("I. PARTIES", "Text.", mangled, "Text.")[-1] == expected


SECTIONS = ["PARTIES", "PURPOSE", "AUTHORITY", "RESPONSIBILITIES", "REPORTING", "MODIFICATIONS",
            "POINTS OF CONTACT", "EFFECTIVE DATE"]


@pytest.mark.parametrize("position, mangled", [
    (2, "il."), (3, "lil."), (3, "IH."), (3, "Il,"), (5, "Vv."), (7, "VIL"), (7, "Vil."), (8, "VILL."),
    (8, "Vil."), (6, "VI,"),
])
def test_headings_survive_ocr(position: int, mangled: str) -> None:
    texts = []
    for n, title in enumerate(SECTIONS, start=1):
        label = mangled if n == position else f"{int_to_roman(n)}."
        texts += [f"{label} {title}", "The parties agree to this."]
    assert ids(*texts) == [int_to_roman(n) for n in range(1, 9)]


def test_subsection_labels_survive_ocr() -> None:
    # Tesseract's readings of "D." "E." "F." and "V." (seen in real scans).
    got = ids("I. PARTIES", "x.", "II. PURPOSE", "x.", "III. AUTHORITY", "x.", "IV. RESPONSIBILITIES", "x.", "A. ONE", "x.", "B. TWO", "x.", "C. THREE", "x.",
              "D, CERTIFICATION AND AUTHORIZATION", "x.", "XE. COSTS AND EXPENDITURES", "x.",
              "I, ICE SUPERVISION", "x.", "G. INTERPRETATION", "x.", "H. LIABILITY", "x.",
              "I, CIVIL RIGHTS STANDARDS", "x.", "Vv. REPORTING AND DOCUMENTATION", "x.", "A. COMPLAINTS")
    assert got == ["I", "II", "III", "IV", "IV.A", "IV.B", "IV.C", "IV.D", "IV.E", "IV.F", "IV.G", "IV.H", "IV.I",
                   "V", "V.A"]


def test_a_comma_after_a_letter_in_a_sentence_is_no_label() -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. RESPONSIBILITIES", "A. ONE", "x.", "B, and C. shall be read together.")])
    assert [c.id for c in clauses] == ["I", "I.A"]


def test_a_label_on_its_own_line_joins_its_title() -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. DESIGNATION", "Text.", "II.", "RESOLUTION OF LOCAL CHARGES", "Text.", "III. NOMINATION", "Text.")])
    assert [(c.id, c.title) for c in clauses] == [
        ("I", "DESIGNATION"), ("II", "RESOLUTION OF LOCAL CHARGES"), ("III", "NOMINATION")]


def test_a_section_whose_label_ocr_lost_is_recovered() -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. PURPOSE", "Text.", "II. DESIGNATION", "The LEA may act.", "RESOLUTION OF LOCAL CHARGES",
        "The LEA is expected to pursue charges.", "IV. NOMINATION", "Text.")])
    assert [(c.id, c.title, c.text) for c in clauses][1:] == [
        ("II", "DESIGNATION", "The LEA may act."),
        ("III", "RESOLUTION OF LOCAL CHARGES", "The LEA is expected to pursue charges."),
        ("IV", "NOMINATION", "Text.")]


def test_ocr_mangled_sections_later() -> None:
    got = ids("I. PARTIES", "x.", "II. PURPOSE", "x.", "ID. AUIBORITY", "x.", "IV. RESPONSIBILITIES", "x.",
              "V. REPORTING", "x.", "VI. MODIFICATIONS", "x.", "Vil. POINTS OF CONTACT", "x.",
              "vm. EFFECTIVE DATE")
    assert got == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def test_labels_that_fit_nowhere_are_body_text() -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "ADDENDUM TO MODIFY MEMORANDUM OF AGREEMENT", "Some text.", "C. M. Cronen", "Assistant Director")])
    assert [c.id for c in clauses] == ["ADDENDUM"]
    assert "C. M. Cronen" in clauses[0].text


def test_appendix_items_and_titles() -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. PARTIES", "x.", "APPENDIXB", "COMPLAINT PROCEDURE", "Intro.", "1. Complaint Reporting Procedures",
        "A. Telephonically to the ICE OPR at the toll-free number; or", "B. Via email.",
        "2. Review of Complaints", "Text.")])
    assert [c.id for c in clauses] == ["I", "APPENDIX B", "APPENDIX B.1", "APPENDIX B.1.A", "APPENDIX B.1.B",
                                       "APPENDIX B.2"]
    assert clauses[1].title == "COMPLAINT PROCEDURE"
    assert clauses[2].title == "Complaint Reporting Procedures"
    assert clauses[3].title == "" and clauses[3].text.startswith("Telephonically")


def test_roman_numerals() -> None:
    assert [roman_to_int(s) for s in ("I", "IV", "XVIII", "IIII", "VX", "")] == [1, 4, 18, None, None, None]
    assert all(roman_to_int(int_to_roman(n)) == n for n in range(1, 200))


JEM = ["TITLE", "I", "II", "III", "IV", "IV.A", "IV.B", "IV.C", "IV.D", "IV.E", "IV.F", "IV.G", "IV.H", "IV.I",
       "V", "V.A", "V.B", "V.C"]


@pytest.mark.parametrize("name, extra", [
    ("287gJEM_GalvestonCoTX_06-08-2020.pdf", ["V.D", "VI", "VII", "VIII"]),
    ("287gJEM_PinalCoAz2020-06-09.pdf", ["V.D", "VI", "VII", "VIII"]),
    ("GraysonCountyDCKY_JEM_MOA_030425.pdf", ["VI", "VII", "VIII"]),
    ("HamiltonCoIN_JEM_MOA_03.03.2025.pdf", ["VI", "VII", "VIII"]),
])
def test_real_jem_structure(moa: Path, name: str, extra: list[str]) -> None:
    clauses = segment(clean(extract(moa / name)))
    got = [c.id for c in clauses]
    assert got[: len(JEM) + len(extra)] == JEM + extra
    assert "APPENDIX A" in got and "APPENDIX B" in got
    by_id = {c.id: c for c in clauses}
    assert by_id["IV.I"].title == "CIVIL RIGHTS STANDARDS" and by_id["IV.I"].kind == "subsection"
    assert by_id["IV.B"].title == "NOMINATION OF PERSONNEL"
    assert by_id["IV.B"].first_page <= by_id["IV.B"].last_page


def test_real_task_force_structure(moa: Path) -> None:
    got = [c.id for c in segment(clean(extract(moa / "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf")))]
    assert got[1:19] == [int_to_roman(n) for n in range(1, 19)]
    assert "APPENDIX B.3.D" in got


# -- one bad token cannot derail the reading ---------------------------------------

def sections(first_label: str, *, position: int = 1) -> list[str]:
    texts = ["MEMORANDUM OF AGREEMENT"]
    for n, title in enumerate(SECTIONS, start=1):
        texts += [f"{first_label if n == position else int_to_roman(n) + '.'} {title}", "The parties agree to this."]
    return ids(*texts)


@pytest.mark.parametrize("mangled", ["1", "1.", "i", "i.", "l.", "l", "|", "I"])
def test_section_one_misread_as_an_item_or_a_letter_is_section_one(mangled: str) -> None:
    # "1. PARTIES" reads cleanly as a numbered item, "i. PARTIES" as a
    # lower-case one; read one at a time, every later section fell inside it.
    assert sections(mangled) == ["TITLE"] + [int_to_roman(n) for n in range(1, 9)]


@pytest.mark.parametrize("position, mangled", [
    (2, "1I."), (2, "Il"), (3, "IIl"), (4, "lV"), (5, "v"), (6, "Vl"), (6, "V1."), (7, "VlI,"), (8, "VIIl")])
def test_a_section_label_misread_anywhere_keeps_every_section(position: int, mangled: str) -> None:
    assert sections(mangled, position=position) == ["TITLE"] + [int_to_roman(n) for n in range(1, 9)]


def test_a_well_formed_label_is_not_renumbered_to_fit() -> None:
    # "II." after "I." is II, even when III is missing after it: a lost
    # heading explains that better than a misread "II".
    assert ids("I. PURPOSE", "x.", "II. DESIGNATION", "x.", "IV. NOMINATION", "x.") == ["I", "II", "IV"]


@pytest.mark.parametrize("damaged", ["APPENDIXB", "APPEND[X B", "APPENDlX B", "APPEND1XB"])
def test_damaged_appendix_headings_open_the_next_appendix(damaged: str) -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. PARTIES", "x.", "APPENDIX A", "STANDARD OPERATING PROCEDURE", "Text.", damaged, "COMPLAINT PROCEDURE",
        "Text.", "APPEND[X Q is not the next appendix, so this is text.")])
    assert [(c.id, c.title) for c in clauses] == [
        ("I", "PARTIES"), ("APPENDIX A", "STANDARD OPERATING PROCEDURE"), ("APPENDIX B", "COMPLAINT PROCEDURE")]
    assert clauses[-1].text.endswith("so this is text.")


def test_a_label_run_into_its_title_and_a_misread_roman() -> None:
    got = ids("I. PARTIES", "x.", "II. PURPOSE", "x.", "III. AUTHORITY", "x.", "IV. RESPONSIBILITIES", "A. ONE", "x.",
              "B. TWO", "x.", "¥. REPORTING AND DOCUMENTATION", "A.COMPLAINT PROCEDURES", "x.", "B. COMMUNICATION",
              "x.", "VI. MODIFICATIONS", "x.")
    assert got == ["I", "II", "III", "IV", "IV.A", "IV.B", "V", "V.A", "V.B", "VI"]


def test_an_appendix_heading_run_into_the_paragraph_before_it() -> None:
    # A running header, or the last contact of section XVIII, joined to the
    # heading by the layout: the next appendix's heading before an ALL-CAPS title.
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. PARTIES", "x.", "APPENDIX A", "POINTS OF CONTACT", "Jane Roe jroe@example.org APPENDIX B",
        "COMPLAINT PROCEDURE", "Text.", "See Appendix B", "Department of Homeland Security APPENDIXC",
        "PUBLIC INFORMATION POINTS OF CONTACT", "Text.", "as listed in APPENDIX Q", "Text.")])
    assert [(c.id, c.title) for c in clauses] == [
        ("I", "PARTIES"), ("APPENDIX A", "POINTS OF CONTACT"), ("APPENDIX B", "COMPLAINT PROCEDURE"),
        ("APPENDIX C", "PUBLIC INFORMATION POINTS OF CONTACT")]
    assert clauses[1].text == "Jane Roe jroe@example.org"
    assert clauses[2].text == "Text.\nSee Appendix B\nDepartment of Homeland Security"


def test_a_t_for_an_i_in_a_section_label() -> None:
    assert sections("Til.", position=3) == ["TITLE"] + [int_to_roman(n) for n in range(1, 9)]


@pytest.mark.parametrize("heading", [
    # the signatories' names typed beside the headings
    "For the LEA: Daniel J. Coverley For ICE: Caleb Vitello",
    # OCR ran "For the" together and lost the "LEA:" a signature covers
    "Forthe For ICE:",
])
def test_a_signature_block_opens_at_its_headings(heading: str) -> None:
    clauses = segment([Paragraph(t, 1, 1) for t in (
        "I. PARTIES", "This MOA is made.", "II. EFFECTIVE DATE",
        "By signing this MOA, each party represents it is authorized.", heading, "February 19, 2025",
        "Title: Sheriff Title: Acting Director", "APPENDIX A", "STANDARD OPERATING PROCEDURE")])
    assert [(c.id, c.kind) for c in clauses][:4] == [("I", "section"), ("II", "section"),
                                                     ("SIGNATURES", "signature"), ("APPENDIX A", "appendix")]
    assert clauses[2].full_text.startswith(heading)

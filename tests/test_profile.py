"""Profiles read from the content of the shared agreements, not their names."""

from __future__ import annotations

from pathlib import Path

import pytest

from moadiff.extractors import extract
from moadiff.model import Options
from moadiff.pipeline import parse
from moadiff.profile import abbreviation_of, dates_in, initials, model_of, profile

SHARED = Path(__file__).resolve().parents[2] / "shared" / "moa"


def test_dates_in_many_formats() -> None:
    text = "March 5, 2025; 2/19/2025; 2020.06.23; 06-08-2020; 5 May 2019; 13/45/2020"
    assert [d.isoformat() for _, _, d in dates_in(text)] == [
        "2025-03-05", "2025-02-19", "2020-06-23", "2020-06-08", "2019-05-05"]


def test_initials_and_abbreviation() -> None:
    assert initials("Marlow County Sheriff's Office") == "MCSO"
    body = "The MCSO and ICE agree. MCSO personnel. The MCSO shall. OHS OHS OHS DHS. AND AND AND"
    assert abbreviation_of(body, "Marlow County Sheriff's Office") == "MCSO"


def test_model_from_phrases() -> None:
    assert model_of("287(g) Jail Enforcement Model ... (JEM) Program") == "JEM"
    assert model_of("facilitate the custodial transfer of designated aliens ... custodial transfer") == "WSO"
    assert model_of("287(g) Task Force Model") == "TFM"
    assert model_of("a memorandum") is None


EXPECTED = {  # from ../shared/moa/README.md, by file
    "287gJEM_GalvestonCoTX_06-08-2020.pdf": ("JEM", None, "Galveston"),
    "287gWSO_HernandoCoFl2019-05-06.pdf": ("WSO", None, "Hernando"),
    "GraysonCountyDCKY_JEM_MOA_030425.pdf": ("JEM", "2025-02-15", "Grayson"),
    "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf": ("WSO", "2025-02-14", "Union"),
    "ArcadiaPDFL_TFM_MOA_030425.pdf": ("TFM", "2025-02-12", "Arcadia"),
}


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/moa")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_profile_of_real_agreements(name: str) -> None:
    options = Options()
    document = extract(SHARED / name, options)
    p = profile(document, parse(document, options))
    model, revision, agency_word = EXPECTED[name]
    assert (p.model, p.revision) == (model, revision)
    assert p.agency is not None and agency_word in p.agency
    assert p.abbreviations


@pytest.mark.parametrize("read, name", [
    ("Tarrant County, by and through the Tarrant County Sheriffs Office that is",
     "Tarrant County, by and through the Tarrant County Sheriffs Office"),
    ("Henry County Sheriff's Office _", "Henry County Sheriff's Office"),
    ("Kinney County Texas Sheriff's Office |", "Kinney County Texas Sheriff's Office"),
    ("Rusk County Sheriffs Ofte s", "Rusk County Sheriffs Ofte"),
    ("City of St. Augustine,", "City of St. Augustine"),
])
def test_the_agency_name_leaves_what_trails_it(read: str, name: str, tmp_path: Path) -> None:
    """What the PARTIES sentence runs on with, or a scan reads after the
    name, is no part of it (the name's words are fill-ins wherever they
    stand, so "that" and "is" must not be among them)."""
    sentence = (f"I. PARTIES\nThis Memorandum of Agreement constitutes an agreement between U.S. Immigration and "
                f"Customs Enforcement (ICE), a component of the Department of Homeland Security (DHS), and {read}, "
                "hereinafter the law enforcement agency (LEA), pursuant to which ICE delegates authority.\n")
    (tmp_path / "parties.txt").write_text(sentence, encoding="utf-8")
    document = extract(tmp_path / "parties.txt", Options())
    assert profile(document, parse(document, Options())).agency == name


def test_a_points_of_contact_title_spaced_by_a_scan_is_still_one() -> None:
    from moadiff.model import Clause
    from moadiff.profile import contact_zone

    assert contact_zone(Clause("VII", "VII.", "POINTS OF CONT ACT", "For the LEA: Sheriff", 6, 6, 1, "section"))
    assert not contact_zone(Clause("IV", "IV.", "CONTRACT TERMS", "The LEA shall", 6, 6, 1, "section"))


@pytest.mark.parametrize(("sentence", "agency"), [
    # A smudged print: "and" read "end", a speck read as a lone letter, another glued to "hereinafter".
    ("Security (DHS), end e the Lamb County Sheriff's Office, OH ,ehereinafter the law enforcement agency",
     "Lamb County Sheriff's Office, OH"),
    ("Security (DHS), aod the Lamb County Sheriff's Office (LCSO), hereinafter the LEA", "Lamb County Sheriff's Office"),
    # "and" itself, and no agency where the sentence names none.
    ("Security (DHS), and the Lamb County Jail, hereinafter the LEA", "Lamb County Jail"),
    ("Security (DHS), under which the LEA, hereinafter the LEA", None),
])
def test_the_parties_sentence_as_a_smudged_print_reads_it(sentence: str, agency: str | None) -> None:
    from moadiff.model import Clause
    from moadiff.profile import agency_of
    assert agency_of([Clause("I", "I.", "PARTIES", sentence, 1, 1, 1, "section")])[0] == agency


def test_a_received_stamp_with_its_days_digits_spaced_is_a_date() -> None:
    """A scan's "RECEIVED OCT 1 5 2019" stamp: OCR spaced the day's digits."""
    text = "RECEIVED OCT 1 5 2019; signed March 5 2025; Section 1 5 2019"
    assert [d.isoformat() for _, _, d in dates_in(text)] == ["2019-10-15", "2025-03-05"]

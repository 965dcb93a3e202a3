"""Stale cross-references: references in the new agreement that still name the old numbering."""

from __future__ import annotations

from pathlib import Path

import pytest

import moadiff
from moadiff.xrefs import references_in

FILLER = ("The parties agree that this subsection governs the conduct of participating personnel, "
          "and that each party will keep records of the actions it takes under it.")


def agreement(sections: dict[str, str], appendix: str) -> str:
    """A small agreement: section V with the given lettered subsections, and an appendix."""
    parts = ["MEMORANDUM OF AGREEMENT", ""]
    for number, title in (("I", "PARTIES"), ("II", "PURPOSE"), ("III", "AUTHORITY"), ("IV", "RESPONSIBILITIES"),
                          ("V", "REPORTING")):
        parts += [f"{number}. {title}", "", FILLER, ""]
    for letter, title in sections.items():
        parts += [f"{letter}. {title}", "", f"{FILLER} This is the {title.lower()} subsection.", ""]
    parts += ["VI. MODIFICATIONS", "", FILLER, "", "APPENDIX C", "", "PUBLIC INFORMATION", "", appendix, ""]
    return "\n".join(parts)


OLD_SECTIONS = {"A": "COMPLAINT PROCEDURES", "B": "COMMUNICATION", "C": "COMMUNITY OUTREACH",
                "D": "RELEASE OF INFORMATION"}
NEW_SECTIONS = {"A": "COMPLAINT PROCEDURES", "B": "COMMUNICATION", "C": "RELEASE OF INFORMATION"}


def pair(tmp_path: Path, old_appendix: str, new_appendix: str) -> moadiff.Comparison:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(agreement(OLD_SECTIONS, old_appendix))
    new.write_text(agreement(NEW_SECTIONS, new_appendix))
    return moadiff.compare(old, new)


def test_reference_to_a_deleted_id_is_missing_and_says_where_the_clause_went(tmp_path: Path) -> None:
    text = "Pursuant to Section V(D) of this MOA, the signatories will coordinate releases to the media."
    result = pair(tmp_path, text, text)
    (ref,) = result.references
    assert (ref.clause, ref.text, ref.target, ref.reason, ref.now) == ("APPENDIX C", "Section V(D)", "V.D",
                                                                       "missing", "V.C")
    assert "V.D" in ref.message and "now V.C" in ref.message


def test_reference_rewritten_for_the_new_numbering_is_not_stale(tmp_path: Path) -> None:
    result = pair(tmp_path, "Pursuant to Section V(D) of this MOA, releases are coordinated.",
                  "Pursuant to Section V(C) of this MOA, releases are coordinated.")
    assert result.references == ()


def test_unchanged_reference_whose_id_now_names_another_clause_is_renumbered(tmp_path: Path) -> None:
    text = "Outreach events follow Section V.C of this MOA, and the signatories will coordinate them."
    result = pair(tmp_path, text, text)
    (ref,) = result.references
    assert (ref.target, ref.reason, ref.now) == ("V.C", "renumbered", None)
    assert "Release of Information" in ref.message and "was removed" in ref.message


def test_statutes_and_ids_that_never_existed_are_not_references(tmp_path: Path) -> None:
    text = "Under Section 287(g) of the INA and Section XII of this MOA, and Appendix Z, releases are coordinated."
    assert pair(tmp_path, text, text).references == ()
    assert [cid for _, cid in references_in(text)] == ["XII", "APPENDIX Z"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Section V(D)", ["V.D"]),
    ("Section V (D)", ["V.D"]),
    ("section IV.C and Section VIII", ["IV.C", "VIII"]),
    ("Appendix A; Appendices are attached", ["APPENDIX A"]),
    ("Section 504 of the Rehabilitation Act", []),
    ("Section VIII.", ["VIII"]),
    ("Section IIII", []),  # not a Roman numeral
])
def test_reference_forms(text: str, expected: list[str]) -> None:
    assert [cid for _, cid in references_in(text)] == expected


def test_real_2025_template_kept_section_v_d_in_appendix_c(moa: Path) -> None:
    result = moadiff.compare(moa / "287gJEM_GalvestonCoTX_06-08-2020.pdf", moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf")
    stale = [(r.clause, r.target, r.reason, r.now) for r in result.references]
    assert stale == [("APPENDIX C", "V.D", "missing", "V.C")]


@pytest.mark.parametrize(("old", "new"), [
    ("GraysonCountyDCKY_JEM_MOA_030425.pdf", "HamiltonCoIN_JEM_MOA_03.03.2025.pdf"),
    ("287gWSO_BayCoFl2019-10-15.pdf", "287gWSO_HernandoCoFl2019-05-06.pdf"),
    ("KeyWestPDFL_TFM_MOA_030425.pdf", "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf"),
])
def test_same_revision_pairs_have_no_stale_references(moa: Path, old: str, new: str) -> None:
    assert moadiff.compare(moa / old, moa / new).references == ()

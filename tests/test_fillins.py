"""Fill-in labelling: swaps of agency values are fill-ins, template language is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from moadiff.fillins import Vocabulary, fill_kind, label_fillins
from moadiff.model import Clause, ClauseChange, Edit, Profile, placed

OLD = Vocabulary(Profile(agency="Galveston County Sheriff's Office", abbreviations=("GCSO",),
                         places=("Galveston", "Houston")))
NEW = Vocabulary(Profile(agency="Grayson County Detention Center", abbreviations=("GCDC",), places=("Grayson",)))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "moa"


@pytest.mark.parametrize("old, new", [
    ("Galveston", "Grayson"),
    ("Sheriff's Office,", "Detention Center ,"),
    ("GCSO", "the LEA"),
    ("March 5, 2025", "06/08/2020"),
    ("____", "Grayson County"),
    ("126 Northpoint Drive Room 2020, Houston, TX, 77060.", "."),
])
def test_agency_values_are_fill_ins(old: str, new: str) -> None:
    assert fill_kind(Edit("replace", old, new, "substantive"), OLD, NEW) == "fill-in"


@pytest.mark.parametrize("op, old, new", [
    ("replace", "90", "60"),                                  # a changed number
    ("replace", "ICE", "LEA"),                                # who is obliged
    ("insert", "", "the LEA"),                                # placeholder alone
    ("delete", "Office", ""),                                 # a generic word alone
    ("replace", "JointIntake@cbp.dhs.gov.", "ICEOPRIntake@ice.dhs.gov."),  # ICE's own e-mail
    ("replace", "Galveston County shall", "Grayson County may"),  # fill-in mixed with a real change
    ("insert", "", "not more frequently than"),
])
def test_template_language_stays_substantive(op: str, old: str, new: str) -> None:
    assert fill_kind(Edit(op, old, new, "substantive"), OLD, NEW) is None


def test_signature_blocks_and_contacts_are_fill_ins_but_not_references() -> None:
    e = Edit("replace", "Sheriff Henry A. Trochesset 409-766-2300", "Jailer Jason Woosley", "substantive")
    assert fill_kind(e, OLD, NEW, zone=True) == "fill-in"
    assert fill_kind(Edit("replace", "V(D)", "V(C)", "substantive"), OLD, NEW, zone=True) is None
    assert fill_kind(Edit("insert", "", "shall not", "substantive"), OLD, NEW, zone=True) is None


def test_label_relabels_only_substantive_edits_and_uses_slots() -> None:
    old = Clause("VII", "VII.", "TERMS", "notice of 90 days to Marlow", 1, 1, 1, "section")
    new = Clause("VII", "VII.", "TERMS", "notice of 60 days to Harlan", 1, 1, 1, "section")
    edits = placed((Edit("equal", "TERMS notice of", "TERMS notice of"), Edit("replace", "90", "60", "substantive"),
                    Edit("equal", "days to", "days to"), Edit("replace", "Marlow", "Harlan", "substantive")))
    change = ClauseChange("modified", False, old, new, 0.9, edits)
    (plain,) = label_fillins([change], Profile(), Profile())
    assert [e.kind for e in plain.edits if e.op != "equal"] == ["substantive", "substantive"]
    # The corpus says word 6 of VII (Marlow) is filled in differently by every agency.
    (slotted,) = label_fillins([change], Profile(), Profile(), {"VII": frozenset({6})})
    assert [e.kind for e in slotted.edits if e.op != "equal"] == ["substantive", "fill-in"]
    # Relabelling changes the kind only: the word spans survive.
    assert [(e.old_span, e.new_span) for e in slotted.edits] == [(e.old_span, e.new_span) for e in edits]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/moa")
def test_two_agencies_of_one_2025_template_differ_almost_only_in_fill_ins() -> None:
    import moadiff
    result = moadiff.compare(SHARED / "ArcadiaPDFL_TFM_MOA_030425.pdf", SHARED / "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf")
    edits = result.summary.edits
    assert edits["fill-in"] >= 10
    assert edits["substantive"] <= 2
    assert result.new.profile.agency == "Smith County Sheriff's Office"

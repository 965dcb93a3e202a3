"""Fill-in labelling: swaps of agency values are fill-ins, template language is not."""

from __future__ import annotations

from dataclasses import replace
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


def _block(old: str, new: str) -> ClauseChange:
    """A signature block whose old and new texts differ in one replaced run."""
    a, b = Clause("SIGNATURES", "", "", old, 7, 7, 0, "signature"), Clause("SIGNATURES", "", "", new, 7, 7, 0, "signature")
    return ClauseChange("modified", False, a, b, 0.5, placed((Edit("replace", old, new, "substantive"),)))


def _kinds(change: ClauseChange) -> list[tuple[str, str, str | None]]:
    (out,) = label_fillins([change], Profile(agency="Galveston County Sheriff's Office"),
                           Profile(agency="Grayson County Detention Center"))
    return [(e.old, e.new, e.kind) for e in out.edits if e.op != "equal"]


def test_a_signature_label_added_is_substantive_and_its_value_a_fill_in() -> None:
    kinds = _kinds(_block("Date: Henry A. Trochesset Sheriff",
                          "Date: Name: Jason Woosley Title: Jailer Agency: Grayson County Detention Center"))
    substantive = [e[1] for e in kinds if e[2] == "substantive"]
    assert substantive == ["Name:", "Title:", "Agency:"]
    assert all(kind == "fill-in" for _, _, kind in kinds if kind != "substantive")
    # The pieces rebuild both sides, in order.
    assert " ".join(e[0] for e in kinds if e[0]) == "Date: Henry A. Trochesset Sheriff"
    assert " ".join(e[1] for e in kinds if e[1]) == "Date: Name: Jason Woosley Title: Jailer Agency: Grayson County Detention Center"


def test_a_signature_label_removed_is_substantive() -> None:
    kinds = _kinds(_block("Name: Henry A. Trochesset Title: Sheriff", "Jason Woosley Title: Jailer"))
    assert [e[0] for e in kinds if e[2] == "substantive"] == ["Name:"]


def test_signature_values_changed_under_the_same_labels_are_fill_ins() -> None:
    kinds = _kinds(_block("Name: Henry A. Trochesset Title: Sheriff Date: 06/08/2020",
                          "Name: Jason Woosley Title: Jailer Date: March 4, 2025"))
    assert {kind for _, _, kind in kinds} == {"fill-in"}


def test_a_signature_block_read_in_another_order_is_no_change_of_language() -> None:
    kinds = _kinds(_block("For the LEA: For ICE:", "For For ICE: the LEA:"))
    assert [kind for _, _, kind in kinds] == ["formatting"]


def test_a_digital_signature_stamp_is_a_fill_in_not_a_date_label() -> None:
    kinds = _kinds(_block("Date: Henry A. Trochesset",
                          "Date: Digitally signed by Jason Woosley Date: 2025.03.24 14:45:58 -05'00' Jason Woosley"))
    assert {kind for _, _, kind in kinds} == {"fill-in"}


def test_a_date_changed_only_in_its_day_is_a_fill_in() -> None:
    old = Clause("ADD", "", "ADDENDUM", "that was effective on June 8, 2020 by which", 1, 1, 1, "section")
    new = Clause("ADD", "", "ADDENDUM", "that was effective on June 9, 2020 by which", 1, 1, 1, "section")
    edits = placed((Edit("equal", "ADDENDUM that was effective on June", "ADDENDUM that was effective on June"),
                    Edit("replace", "8,", "9,", "substantive"), Edit("equal", "2020 by which", "2020 by which")))
    (out,) = label_fillins([ClauseChange("modified", False, old, new, 0.9, edits)], Profile(), Profile())
    assert [e.kind for e in out.edits if e.op != "equal"] == ["fill-in"]
    # Two numbers that are no date stay substantive.
    assert fill_kind(Edit("replace", "8,", "9,", "substantive"), OLD, NEW) is None


def test_agency_words_as_ocr_read_them_are_fill_ins() -> None:
    marion = Vocabulary(Profile(agency="Marion County Sheriff's Office", abbreviations=("MCSO",)))
    osceola = Vocabulary(Profile(agency="Osceola County Corrections Department", abbreviations=("OCCD",)))
    for old, new in [("Marion County Sherifrs Office", "OCCD"), ("Sheri ffs Office", "Corrections Department"),
                     ("Marion County's", "OCCD's"), ("Marion County Jail", "OCCD")]:
        assert fill_kind(Edit("replace", old, new, "substantive"), marion, osceola) == "fill-in", old
    # A template word near an agency word is still template language.
    assert fill_kind(Edit("replace", "Sheriffs shall", "Sheriffs may", "substantive"), marion, osceola) is None


@pytest.mark.parametrize("old, new", [
    ("Salt Lake City", "The Miami Field Office"),
    ("2975 South Decker Lake Drive, West Valley, UT 84119.",
     "U.S. Department of Homeland Security, Orlando Office of Chief Counsel, 3535 Lawton Rd., Ste. 100, Orlando, FL 32803"),
    ("at .", "at_M_ia_m_i,_F_lo_rid_a ____"),
    ("126 Northpoint Drive, Houston, TX 77060", "New Orleans, LA ERO Field Office"),  # address for office
    ("Miami, FL .", "3077 Veveras Drive, Jacksonville, Florida 32258."),
    ("at 333 s. Miami Avenue. Suite 200 Miami. FL 33130.", "at_M_ia_m_i,_F_lo_rid_a ____"),  # for its blank
])
def test_field_offices_and_counsel_addresses_are_fill_ins(old: str, new: str) -> None:
    assert fill_kind(Edit("replace", old, new, "substantive"), OLD, NEW) == "fill-in"


def test_the_sentence_before_a_contact_list_is_template() -> None:
    intro = "approved by both the ICE Privacy Officer and Public {} Officer, regarding actions. The points of contact are:"
    old = Clause("APPENDIX C", "APPENDIX C", "PUBLIC INFORMATION POINTS OF CONTACT",
                 intro.format("Affairs") + " For the LEA: Sheriff Henry Trochesset", 10, 10, 1, "appendix")
    new = Clause("APPENDIX C", "APPENDIX C", "PUBLIC INFORMATION POINTS OF CONTACT",
                 intro.format("Information") + " For the LEA: Jailer Jason Woosley", 10, 10, 1, "appendix")
    a, b = old.full_text.split(), new.full_text.split()
    k = a.index("Affairs")
    edits = placed((Edit("equal", " ".join(a[:k]), " ".join(b[:k])), Edit("replace", "Affairs", "Information", "substantive"),
                    Edit("equal", " ".join(a[k + 1:-3]), " ".join(b[k + 1:-3])),
                    Edit("replace", "Sheriff Henry Trochesset", "Jailer Jason Woosley", "substantive")))
    (out,) = label_fillins([ClauseChange("modified", False, old, new, 0.9, edits)], Profile(), Profile())
    assert [(e.old, e.kind) for e in out.edits if e.op != "equal"] == [("Affairs", "substantive"),
                                                                       ("Sheriff Henry Trochesset", "fill-in")]


@pytest.mark.parametrize("op, text", [
    ("delete", "Miami field Office-Orlando, FL Sub-Office"),
    ("delete", "Miami, Florida"),
    ("insert", "Houston Field Office"),   # a place the document names
])
def test_a_field_office_or_city_only_one_side_names_is_a_fill_in(op: str, text: str) -> None:
    edit = Edit(op, text if op == "delete" else "", text if op == "insert" else "", "substantive")
    assert fill_kind(edit, OLD, Vocabulary(Profile(agency="Harris County", places=("Houston",)))) == "fill-in"


@pytest.mark.parametrize("op, text", [
    ("insert", "Field Office"),            # the template's words, no place named
    ("delete", "the local ICE Field Office"),
    ("insert", "Public Affairs Officer"),
])
def test_an_office_the_template_names_stays_substantive(op: str, text: str) -> None:
    edit = Edit(op, text if op == "delete" else "", text if op == "insert" else "", "substantive")
    assert fill_kind(edit, OLD, NEW) is None


@pytest.mark.parametrize("old, new", [
    ("Galveston", "theGrayson"),                   # "the" run into the name
    ("GCSO", "Grayson Cow1ty Detention Center"),   # a misread letter of the name
    ("Galveston County Texas in", "~rayso.. !.Cou¥tt\\lin"),  # a name OCR could not read
    ("Hiisoo,oughcoomyshernrsorr", "Grayson County Detention Center"),
])
def test_agency_names_as_poor_readings_give_them_are_fill_ins(old: str, new: str) -> None:
    assert fill_kind(Edit("replace", old, new, "substantive"), OLD, NEW) == "fill-in"


def test_a_signature_label_written_against_dashes_is_a_label() -> None:
    from moadiff.fillins import signature_labels
    assert [k for *_, k in signature_labels(["Date:------,-------", "Title:------", "Name:", "X"])] == [
        "date", "title", "name"]


@pytest.mark.parametrize("label", ["Name•", "Agcncy:", "Tit1e:"])
def test_a_signature_label_as_ocr_reads_it_is_a_label(label: str) -> None:
    # A scan's reading of the label ("•" for ":", "c" for "e", "1" for "l")
    # is still the label: added, it is substantive, and its value a fill-in.
    kinds = _kinds(_block("Date: Henry A. Trochesset", f"Date: Jason Woosley {label} Grayson County"))
    assert [e[1] for e in kinds if e[2] == "substantive"] == [label]
    assert all(kind == "fill-in" for _, _, kind in kinds if kind != "substantive")


def test_a_word_that_only_looks_like_a_label_is_none() -> None:
    from moadiff.fillins import signature_labels
    assert signature_labels(["Nature:", "name:", "Agenda:", "Titles"]) == []


def test_a_field_office_for_ices_office_in_a_place_of_the_document_is_a_fill_in() -> None:
    # The template's blank for the counsel's location, filled with a field
    # office in one agreement and "ICE OPLA <city>" in the other.
    old = Vocabulary(Profile(agency="Union County Sheriff's Office", places=("Miami", "Orlando FL Sub-Office")))
    new = Vocabulary(Profile(agency="Franklin County Sheriff's Office", places=("New Orleans",)))
    assert fill_kind(Edit("replace", "Miami field Office-Orlando, FL Sub-Office.", "ICE OPLA New Orleans .",
                          "substantive"), old, new) == "fill-in"
    # ICE's office with no place of the document's own stays the template's.
    for other in ("ICE Headquarters", "the Joint Intake Center", "ICE OPLA"):
        assert fill_kind(Edit("replace", "Miami Field Office", other, "substantive"), old, new) is None

def _labelled_kinds(old: str, new: str) -> list[str | None]:
    from moadiff.fillins import label_fillins
    from moadiff.model import Clause, ClauseChange, Profile
    from moadiff.worddiff import diff_words

    def clause(text: str) -> Clause:
        return Clause("IV.H", "H.", "", text, 1, 1, 1, "subsection")

    c = ClauseChange("modified", False, clause(old), clause(new), 0.9, diff_words(old, new))
    (out,) = label_fillins([c], Profile(), Profile())
    return [e.kind for e in out.edits if e.op != "equal"]


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("the Chief Counsel at Salt Lake City Field Office OPLA.", "the Chief Counsel at Chicago Field Office OPLA.", "fill-in"),
    ("the Chief Counsel at Miami Field Office OPLA.", "the Chief Counsel at New Orleans Field Office OPLA.", "fill-in"),
    ("the Chief Counsel at ERO Field Office OPLA.", "the Chief Counsel at HSI Field Office OPLA.", "substantive"),
    ("notify the Deputy Field Office Director", "notify the Assistant Field Office Director", "substantive"),
])
def test_a_name_before_a_place_word_is_a_fill_in(old: str, new: str, kind: str) -> None:
    assert _labelled_kinds(old, new) == [kind]


def _labelled(old: str, new: str, old_profile: Profile, new_profile: Profile) -> list[tuple[str, str, str | None]]:
    from moadiff.worddiff import diff_words

    def clause(text: str) -> Clause:
        return Clause("IV.H", "H.", "", text, 1, 1, 1, "subsection")

    c = ClauseChange("modified", False, clause(old), clause(new), 0.9, diff_words(old, new))
    (out,) = label_fillins([c], old_profile, new_profile)
    return [(e.old, e.new, e.kind) for e in out.edits if e.op != "equal" and e.kind != "formatting"]


@pytest.mark.parametrize(("old", "new", "office"), [
    ("Office of the Chief Counsel at ICE OPLA New Orleans. The Office", "Office of the Chief Counsel at OPLA, Dallas TX. The Office", "ICE"),
    ("Office of the Chief Counsel at OPLA New Orleans. The Office", "Office of the Chief Counsel at ICE OPLA, Dallas TX. The Office", "ICE"),
    ("Office of the Chief Counsel at ICE OPLA New Orleans. The Office", "Office of the Chief Counsel at Dallas TX. The Office", "ICE OPLA"),
    ("Chief Counsel at New Orleans ICE OPLA. The Office", "Chief Counsel at Dallas TX. The Office", "ICE OPLA"),
])
def test_an_office_of_ice_one_side_names_beside_a_place_filled_in_is_a_fill_in(old: str, new: str, office: str) -> None:
    franklin = Profile(agency="Franklin County Sheriff's Office", places=("New Orleans",))
    terrell = Profile(agency="Terrell County Sheriff's Office", places=("Dallas",))
    kinds = _labelled(old, new, franklin, terrell)
    assert any(office in (o + " " + n) for o, n, _ in kinds)
    assert all(kind == "fill-in" for *_, kind in kinds)


@pytest.mark.parametrize(("old", "new"), [
    ("The LEA represents City of Key West in the implementation", "The LEA represents the City of St. Augustine in the implementation"),
    ("certified officers or employees of the KWPD (hereinafter", "certified officers or employees ofthe City of St. Augustine (hereinafter"),
    ("the Chief Counsel at Miami. The Office", "the Chief Counsel at the City of Orlando. The Office"),
])
def test_the_words_around_a_name_one_side_writes_are_part_of_the_value(old: str, new: str) -> None:
    key_west = Profile(agency="Key West Police Department", abbreviations=("KWPD",), places=("Key West", "Miami"))
    st_augustine = Profile(agency="St. Augustine Police Department", places=("St. Augustine", "Orlando"))
    kinds = _labelled(old, new, key_west, st_augustine)
    assert kinds and all(kind == "fill-in" for *_, kind in kinds)


@pytest.mark.parametrize(("old", "new"), [
    ("the LEA will notify ICE of any complaint at New Orleans. The Office",
     "the LEA will notify of any complaint at Dallas TX. The Office"),   # far from the place
    ("notify ICE OPLA and the LEA", "notify the LEA"),                   # no place filled in
    ("notify the LEA and the City of New Orleans", "notify the ICE and the City of Dallas TX"),  # a replace, not carried
])
def test_an_office_of_ice_removed_from_template_language_stays_substantive(old: str, new: str) -> None:
    franklin = Profile(agency="Franklin County Sheriff's Office", places=("New Orleans",))
    terrell = Profile(agency="Terrell County Sheriff's Office", places=("Dallas",))
    kinds = _labelled(old, new, franklin, terrell)
    assert any(kind == "substantive" and ("ICE" in (o + n) or "LEA" in (o + n)) for o, n, kind in kinds)


@pytest.mark.parametrize("heading", ["ForDHS:", "ForICE:", "FortheLEA:", "ForTheGCSO:"])
def test_a_party_heading_run_together_is_still_the_heading(heading: str) -> None:
    # A scan's text layer runs "For DHS:" together; the other side prints it
    # apart. The heading is on both sides: no label added or removed.
    party = "For DHS:" if heading in ("ForDHS:", "ForICE:") else "For the LEA:"
    kinds = _kinds(_block(f"Date: Henry A. Trochesset {party} Salt Lake City Field Office",
                          f"Date: Jason Woosley {heading} The Miami Field Office"))
    assert kinds and all(kind != "substantive" for *_, kind in kinds)
    # A word that only starts like one is no heading.
    kinds = _kinds(_block("Date: Henry A. Trochesset For DHS: Salt Lake City", "Date: Jason Woosley Forth: Miami"))
    assert any(kind == "substantive" and "DHS:" in old for old, _, kind in kinds)


@pytest.mark.parametrize("placeholder", ["(to be completed by ICE)", "(lo be completed by ICE)", "(To be filled in by the LEA)."])
def test_a_blanks_placeholder_filled_in_is_a_fill_in(placeholder: str) -> None:
    # The template's instruction in the blank for the OPLA field location,
    # and the address an agreement wrote there instead.
    address = "12445 East Caley Ave, Centennial, CO 80111"
    for old, new in ((placeholder, address), (address, placeholder)):
        assert fill_kind(Edit("replace", old, new, "substantive"), OLD, NEW) == "fill-in"
    # The same words in a sentence of the template are its language.
    assert fill_kind(Edit("replace", "training to be completed by ICE", "training to be completed by the LEA",
                          "substantive"), OLD, NEW) is None


@pytest.mark.parametrize("scribble", ["-o C.M.;Cro n Frank", ": 1/4;iaz..o e -~ Osborne", "n e Frank",
                                      "{!#,,er ,;e /J4t:.-/C"])
def test_a_scribbled_signature_read_as_single_letters_is_a_fill_in(scribble: str) -> None:
    # OCR reads a handwritten signature as marks and lone letters ("n", "e"):
    # no template language, whatever the dictionary says of one letter.
    kinds = _kinds(_block("~CJ.lo", scribble))
    assert kinds and all(kind == "fill-in" for *_, kind in kinds)
    # A real word of the template in the block still is one.
    kinds = _kinds(_block("Date: Henry", f"Date: {scribble} shall not be construed to create any rights"))
    assert any(kind == "substantive" for *_, kind in kinds)


def test_a_party_heading_naming_its_agency_in_full_is_the_heading() -> None:
    # "For the Marion County Sheriffs Office:" on one side, "ForOCCD:" on the
    # other: the LEA's heading on both, no label added or removed.
    kinds = _kinds(_block("For the Marion County Sheriffs Office: Sheriff Billy Woods For ICE: John Doe",
                          "ForOCCD: Major Yuberky Almonte For ICE: Jane Roe"))
    assert kinds and all(kind != "substantive" for *_, kind in kinds)
    from moadiff.fillins import signature_labels
    # Words of a sentence before a colon are no heading.
    assert signature_labels(["For", "purposes", "of", "this", "MOA,", "the", "points", "of", "contact", "are:"]) == []


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("Marion County Sheriffs Office Professional Standards Bureau.", "OCCD's Internal Investigations Unit.", "fill-in"),
    ("Galveston County Internal Affairs Division", "Professional Standards Unit", "fill-in"),
    # ICE's units, or units no agency is named with, are the template's.
    ("Office of Professional Responsibility", "Joint Intake Center", None),
    ("Internal Investigations Unit", "Professional Standards Bureau", None),
])
def test_an_agencys_own_unit_for_anothers_is_a_fill_in(old: str, new: str, kind: str | None) -> None:
    marion = Vocabulary(Profile(agency="Marion County Sheriff's Office", abbreviations=("MCSO",)))
    osceola = Vocabulary(Profile(agency="Osceola County Corrections Department", abbreviations=("OCCD",)))
    galveston = Vocabulary(Profile(agency="Galveston County Sheriff's Office", abbreviations=("GCSO",)))
    vocab = galveston if old.startswith("Galveston") else marion
    assert fill_kind(Edit("replace", old, new, "substantive"), vocab, osceola) == kind


@pytest.mark.parametrize(("old", "new"), [
    ("between ICE and the Dickinson Police, pursuant", "between ICE and the VirginiaState Police, pursuant"),
    ("between ICE and the Dickinson Police, pursuant", "between ICE and the VirginiaStatePolice, pursuant"),
])
def test_an_agency_name_read_as_one_word_is_a_fill_in(old: str, new: str) -> None:
    """OCR runs an agency's name together ("VirginiaState"): still its name."""
    kinds = _labelled(old, new, Profile(agency="Dickinson Police"), Profile(agency="Virginia State Police"))
    assert kinds and all(kind == "fill-in" for *_, kind in kinds)
    # A template word that merely contains agency words is no name ("statement").
    kinds = _labelled("a written notice to ICE", "a written statement to ICE", Profile(agency="Dickinson Police"),
                      Profile(agency="Virginia State Police"))
    assert [k for *_, k in kinds] == ["substantive"]


def test_an_abbreviation_run_into_the_next_word_is_still_a_fill_in() -> None:
    gallatin = Vocabulary(Profile(agency="Gallatin County Sheriff's Office", abbreviations=("GCSO",)))
    martin = Vocabulary(Profile(agency="Martin County Sheriff's Office", abbreviations=("MCSO",)))
    assert fill_kind(Edit("replace", "GCSOpersonnel", "MCSO personnel", "substantive"), gallatin, martin) == "fill-in"
    # The word after it changed too: a change of language.
    assert fill_kind(Edit("replace", "GCSOpersonnel", "MCSO officers", "substantive"), gallatin, martin) is None
    assert fill_kind(Edit("replace", "GCSOshall", "MCSO may", "substantive"), gallatin, martin) is None


@pytest.mark.parametrize(("old", "new", "kinds"), [
    # A form field's small print read with its case wrong: the agency's abbreviation.
    ("officers or employees of the BPD (hereinafter", "officers or employees of the kSpP (hereinafter", ["fill-in"]),
    ("officers or employees of the BPD (hereinafter", "officers or employees of the ySp (hereinafter", ["fill-in"]),
    # A template word, or a name printed in mixed case, is no misreading.
    ("officers or employees of the BPD (hereinafter", "officers or contractors of the BPD (hereinafter",
     ["substantive"]),
])
def test_an_abbreviation_read_in_no_printed_case_is_a_fill_in(old: str, new: str, kinds: list[str]) -> None:
    got = _labelled(old, new, Profile(agency="Bixby Police Department", abbreviations=("BPD",)),
                    Profile(agency="Kansas State Patrol", abbreviations=("KSP",)))
    assert [k for *_, k in got] == kinds


@pytest.mark.parametrize(("old", "new", "kinds"), [
    # A state written after the agency's name on one side only.
    ("Security (DHS), and the Otter County Sheriff's Office, hereinafter the LEA",
     "Security (DHS), and the Lamb County Sheriff's Office, OH, hereinafter the LEA", ["fill-in", "fill-in"]),
    ("Security (DHS), and the Otter County Sheriff's Office, Ohio, hereinafter the LEA",
     "Security (DHS), and the Lamb County Sheriff's Office, hereinafter the LEA", ["fill-in", "fill-in"]),
    # The same word elsewhere, or lower case, is the template's.
    ("the LEA will assist ICE, hereinafter the LEA", "the LEA will assist ICE in, hereinafter the LEA",
     ["substantive"]),
])
def test_a_state_after_the_agencys_name_is_a_fill_in(old: str, new: str, kinds: list[str]) -> None:
    got = _labelled(old, new, Profile(agency="Otter County Sheriff's Office"),
                    Profile(agency="Lamb County Sheriff's Office, OH" if "OH" in new else "Lamb County Sheriff's Office"))
    assert [k for *_, k in got] == kinds


def test_a_state_abbreviation_that_is_a_word_is_no_fill_in_word() -> None:
    """ "Noble County Sheriff's Office, IN": "in" and "or" stay template words."""
    noble = Vocabulary(Profile(agency="Noble County Sheriff's Office, IN"))
    otter = Vocabulary(Profile(agency="Otter County Sheriff's Office, OR"))
    assert fill_kind(Edit("replace", "in", "on", "substantive"), otter, noble) is None
    assert fill_kind(Edit("replace", "or", "and", "substantive"), otter, noble) is None
    assert fill_kind(Edit("replace", "Otter", "Noble", "substantive"), otter, noble) == "fill-in"


def test_an_agencys_own_unit_beside_changed_template_words_is_cut_out_as_a_fill_in() -> None:
    old = "will refer complaints involving BCSO personnel to the BCSO's Internal Affairs Unit for resolution. The BCSO Captain will inform ICE"
    new = "will refer complaints involving KCSO personnel to the KCSO's Office of Professional Standards Bureau. The OPSB Captain will inform ICE"
    got = _labelled(old, new, Profile(agency="Bixby County Sheriff's Office", abbreviations=("BCSO",)),
                    Profile(agency="Kane County Sheriff's Office", abbreviations=("KCSO",)))
    assert ("BCSO's Internal Affairs Unit", "KCSO's Office of Professional Standards Bureau.", "fill-in") in got
    assert ("for resolution.", "", "substantive") in got
    assert ("BCSO", "OPSB", "fill-in") in got
    # Without the agency's name before it, a unit is the template's own ("ICE's Joint Intake Center").
    got = _labelled("to the ICE Joint Intake Unit for review. The JIU", "to the ICE Office of Professional Responsibility. The OPR",
                    Profile(agency="Bixby County Sheriff's Office", abbreviations=("BCSO",)),
                    Profile(agency="Kane County Sheriff's Office", abbreviations=("KCSO",)))
    assert all(kind == "substantive" for *_, kind in got)


def test_a_received_stamp_only_one_scan_has_is_a_fill_in() -> None:
    old = "agrees to be bound thereto to the fullest extent allowed by law. OCT 1 5 2019"
    new = "agrees to be bound thereto to the fullest extent allowed by law."
    got = _labelled(old, new, Profile(agency="Bixby County Sheriff's Office"), Profile(agency="Kane County Sheriff's Office"))
    assert [k for *_, k in got] == ["fill-in"]


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("The PSB Captain will inform ICE", "The Internal Affairs Unit Supervisor will inform ICE", "fill-in"),
    ("The BCSO Lieutenant will inform ICE", "The KCSO Sergeant will inform ICE", "fill-in"),
    # Not a unit of the agency's: the template's own office, or no rank.
    ("The ICE Captain will inform ICE", "The Internal Affairs Unit Supervisor will inform ICE", "substantive"),
    ("The PSB Captain will inform ICE", "The Internal Affairs Unit staff will inform ICE", "substantive"),
])
def test_one_of_the_agencys_unit_officers_for_another_is_a_fill_in(old: str, new: str, kind: str) -> None:
    got = _labelled(f"to the BCSO Professional Standards Bureau. {old}", f"to the KCSO's Internal Affairs Unit. {new}",
                    Profile(agency="Bixby County Sheriff's Office", abbreviations=("BCSO",)),
                    Profile(agency="Kane County Sheriff's Office", abbreviations=("KCSO",)))
    assert [k for o, n, k in got if "Captain" in o or "Lieutenant" in o or "Supervisor" in n or "staff" in n] == [kind]


@pytest.mark.parametrize("old, new", [
    ("Brad Whitehead", "(b)(6), (b)(7)(C)"),
    ("(386) 496-2501", "(b)(6);(b)(7)(C)"),
    ("John Miller", "(b) (6)"),
    ("Miller", "(bX6), (bX7XC)"),  # as OCR reads a released scan
])
def test_a_name_or_number_under_a_foia_redaction_is_a_fill_in(old: str, new: str) -> None:
    assert fill_kind(Edit("replace", old, new, "substantive"), OLD, NEW) == "fill-in"
    assert fill_kind(Edit("replace", new, old, "substantive"), OLD, NEW) == "fill-in"
    assert fill_kind(Edit("replace", old, new, "substantive"), OLD, NEW, zone=True) == "fill-in"
    # Over a signature, which has no text on the other side.
    assert fill_kind(Edit("insert", "", new, "substantive"), OLD, NEW) == "fill-in"


def test_a_cited_subsection_is_no_redaction() -> None:
    # Two codes are two citations as much as two redactions, and a long
    # passage under a redaction is more than a value: both stay substantive.
    assert fill_kind(Edit("replace", "(b)(2)", "(b)(3)", "substantive"), OLD, NEW) is None
    hidden = "participating LEA personnel will be trained on the use of force policy of ICE"
    assert fill_kind(Edit("replace", hidden, "(b)(7)(E)", "substantive"), OLD, NEW) is None


def test_a_signature_block_that_ends_an_addendum_is_fill_ins_after_its_signing_sentence() -> None:
    from moadiff.worddiff import diff_words

    body = ("ICE reserves the right to conduct an internal review of this MOA every {} years. By signing this "
            "addendum, each party represents it is fully authorized to enter into this addendum and agrees to be "
            "bound thereto to the fullest extent allowed by law. {}")
    old_text = body.format("three", "C. M. Cronen arryl Daniels Assistant Director Sheriff Date:")
    new_text = body.format("five", "C. M. Cronen Rau onz s Assistant Director Sheriff Date: Name:")
    old, new = (Clause("ADDENDUM", "ADDENDUM", "", t, 9, 9, 0, "addendum") for t in (old_text, new_text))
    edits = tuple(replace(e, kind="substantive") if e.op != "equal" else e for e in diff_words(old_text, new_text))
    kinds = _kinds(ClauseChange("modified", False, old, new, 0.9, edits))
    # The template's words before the block stay substantive, and so does a
    # label the block adds; a signatory's name as OCR read it is a fill-in.
    assert kinds == [("three", "five", "substantive"), ("arryl Daniels", "Rau onz s", "fill-in"),
                     ("", "Name:", "substantive")]

"""Whole comparisons of real agreements: the changes ICE made must surface."""

from __future__ import annotations

from pathlib import Path

import pytest

import moadiff
from moadiff.render.json import to_dict
from moadiff.worddiff import rebuild


@pytest.fixture(scope="module")
def jem_2020_2025(moa: Path) -> moadiff.Comparison:
    return moadiff.compare(moa / "287gJEM_GalvestonCoTX_06-08-2020.pdf", moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf")


def by_old(result: moadiff.Comparison, cid: str) -> moadiff.ClauseChange:
    return next(c for c in result.changes if c.old is not None and c.old.id == cid)


def substantive(change: moadiff.ClauseChange) -> list[tuple[str, str]]:
    return [(e.old, e.new) for e in change.edits if e.kind == "substantive"]


def test_community_outreach_deleted_and_later_subsection_renumbered(jem_2020_2025: moadiff.Comparison) -> None:
    removed = by_old(jem_2020_2025, "V.C")
    assert removed.status == "removed" and removed.old is not None
    assert removed.old.title == "COMMUNITY OUTREACH"
    renumbered = by_old(jem_2020_2025, "V.D")
    assert renumbered.new is not None and renumbered.new.id == "V.C"
    assert renumbered.status == "unchanged" and not renumbered.moved


def test_complaint_email_changed(jem_2020_2025: moadiff.Comparison) -> None:
    edits = substantive(by_old(jem_2020_2025, "APPENDIX B"))
    assert any("JointIntake@cbp.dhs.gov" in o and "ICEOPRIntake@ice.dhs.gov" in n for o, n in edits)


def test_internal_review_sentence_moved_from_the_addendum(jem_2020_2025: moadiff.Comparison) -> None:
    # The 2020 ADDENDUM added the three-year review sentence to VIII; the
    # 2025 agreement has it in VIII. It moved: it is not new language.
    sentence = "internal review of this MOA every three years"
    viii = by_old(jem_2020_2025, "VIII")
    assert not any(sentence in n for _, n in substantive(viii))
    (moved,) = [e for e in viii.edits if e.kind == "moved"]
    assert sentence in moved.new and moved.op == "insert"
    assert moved.moved is not None and moved.moved.clause == "ADDENDUM"
    (addendum,) = [c for c in jem_2020_2025.changes if c.old is not None and c.old.id == "ADDENDUM"]
    assert addendum.status == "removed"
    ((a, b, to),) = addendum.moved_text
    words = addendum.old.full_text.split()
    assert sentence in " ".join(words[a:b]) and to.clause == "VIII"
    assert (to.start, to.end) == moved.new_span


def test_little_noise_between_template_revisions(jem_2020_2025: moadiff.Comparison) -> None:
    # Galveston's text layer is clean: the sections ICE did not touch compare equal.
    same = {c.old.id for c in jem_2020_2025.changes if c.status == "unchanged" and c.old}
    assert {"II", "III", "IV.A", "IV.D", "IV.E", "IV.G", "V.A", "V.B", "VI"} <= same
    assert not any(c.moved for c in jem_2020_2025.changes)
    assert jem_2020_2025.exit_status == 1


def test_edits_rebuild_the_clause_texts(jem_2020_2025: moadiff.Comparison) -> None:
    for change in jem_2020_2025.changes:
        if change.old and change.new:
            old, new = rebuild(change.edits)
            assert old == " ".join(change.old.full_text.split())
            assert new == " ".join(change.new.full_text.split())


def test_same_template_two_agencies_mostly_fill_ins(moa: Path) -> None:
    result = moadiff.compare(moa / "ArcadiaPDFL_TFM_MOA_030425.pdf", moa / "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf")
    assert result.summary.added == 0 and result.summary.removed == 0
    assert result.summary.unchanged >= 20


@pytest.mark.parametrize("name", ["GraysonCountyDCKY_JEM_MOA_030425.pdf", "287gWSO_BayCoFl2019-10-15.pdf",
                                  "HillsboroughCoSheriffsOffice_TFM_MOA_02.26.2025.pdf"])
def test_document_against_itself_is_the_same(moa: Path, name: str) -> None:
    result = moadiff.compare(moa / name, moa / name)
    assert all(c.status == "unchanged" and not c.moved for c in result.changes)
    assert result.exit_status == 0


def test_image_only_scan_without_ocr_is_an_error_not_an_empty_diff(moa: Path) -> None:
    with pytest.raises(moadiff.EmptyDocument, match="no text layer"):
        moadiff.compare(moa / "KeyWestPDFL_TFM_MOA_030425.pdf", moa / "ArcadiaPDFL_TFM_MOA_030425.pdf", ocr="never")
    result = moadiff.compare(moa / "KeyWestPDFL_TFM_MOA_030425.pdf", moa / "ArcadiaPDFL_TFM_MOA_030425.pdf",
                             allow_empty=True, ocr="never")
    assert any(n.code == "no-text-layer" for n in result.old.notices)


def test_json_contract(jem_2020_2025: moadiff.Comparison) -> None:
    d = to_dict(jem_2020_2025)
    assert d["schema"] == "moadiff.comparison/1"
    assert set(d["summary"]) >= {"unchanged", "modified", "added", "removed", "moved"}
    assert d["old"]["pages"] == 12 and len(d["old"]["sha256"]) == 64
    for ch in d["changes"]:
        assert ch["status"] in ("unchanged", "modified", "added", "removed")
        for side in ("old", "new"):
            if ch[side] is not None:
                assert set(ch[side]) >= {"id", "title", "text", "pages", "index"}
        for e in ch["edits"]:
            assert e["op"] in ("equal", "insert", "delete", "replace")
            assert e["kind"] in (None, "substantive", "formatting", "ocr-noise", "fill-in", "moved")
    new_order = [ch["new"]["index"] for ch in d["changes"] if ch["new"]]
    assert new_order == sorted(new_order)


def test_moved_sentence_in_json(jem_2020_2025: moadiff.Comparison) -> None:
    from moadiff.render.json import to_dict

    data = to_dict(jem_2020_2025)
    (viii,) = [c for c in data["changes"] if c["old"] and c["old"]["id"] == "VIII"]
    (moved,) = [e for e in viii["edits"] if e["kind"] == "moved"]
    assert moved["moved_from"]["clause"] == "ADDENDUM"
    (addendum,) = [c for c in data["changes"] if c["old"] and c["old"]["id"] == "ADDENDUM"]
    assert [m["clause"] for m in addendum["moved_to"]] == ["VIII"]
    assert data["summary"]["edits"]["moved"] == 1

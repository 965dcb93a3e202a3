"""Text that moved between clauses is paired, not reported as new or removed language (moves.py)."""

from __future__ import annotations

import pytest

from moadiff.model import Clause, ClauseChange
from moadiff.moves import MIN_WORDS, find_moves
from moadiff.pipeline import _check_edits
from moadiff.worddiff import diff_words, rebuild

REVIEW = "ICE reserves the right to conduct an internal review of this MOA every three years."


def _clause(cid: str, text: str, title: str = "") -> Clause:
    return Clause(cid, cid + ".", title, text, 1, 1, 1, "section")


def _modified(cid: str, old: str, new: str) -> ClauseChange:
    a, b = _clause(cid, old), _clause(cid, new)
    return ClauseChange("modified", False, a, b, 0.8, diff_words(a.full_text, b.full_text))


def _check(changes: tuple[ClauseChange, ...]) -> None:
    for c in changes:
        _check_edits(c)
        if c.old is not None and c.new is not None:
            assert rebuild(c.edits) == (" ".join(c.old.full_text.split()), " ".join(c.new.full_text.split()))


def test_a_sentence_moved_between_two_clauses_is_moved_on_both_sides() -> None:
    a = _modified("II", "The LEA keeps records. " + REVIEW + " Records are kept.", "The LEA keeps records. Records are kept.")
    b = _modified("VIII", "This MOA is effective on signature.", "This MOA is effective on signature. " + REVIEW)
    out = find_moves([a, b])
    _check(out)
    (gone,) = [e for e in out[0].edits if e.op != "equal"]
    (came,) = [e for e in out[1].edits if e.op != "equal"]
    assert (gone.op, gone.kind, came.op, came.kind) == ("delete", "moved", "insert", "moved")
    assert gone.moved is not None and came.moved is not None
    assert (gone.moved.clause, came.moved.clause) == ("VIII", "II")
    assert (gone.moved.start, gone.moved.end) == came.new_span
    assert (came.moved.start, came.moved.end) == gone.old_span
    assert not any(c.count("substantive") for c in out)


def test_moved_text_inside_a_larger_change_is_cut_out_of_it() -> None:
    removed = ClauseChange("removed", False, _clause("ADDENDUM", "The parties agree to add: " + REVIEW), None, 0.0)
    new_words = "and more duties shall apply to the LEA. "
    b = _modified("VIII", "This MOA is effective on signature.",
                  "This MOA is effective on signature " + new_words + REVIEW + " Also this.")
    out = find_moves([b, removed])
    _check(out)
    kinds = [(e.op, e.kind) for e in out[0].edits if e.op != "equal"]
    assert ("insert", "moved") in kinds and any(k == "substantive" for _, k in kinds)
    moved = [e for e in out[0].edits if e.kind == "moved"]
    assert [e.new for e in moved] == [REVIEW]
    assert "duties shall apply" in " ".join(e.new for e in out[0].edits if e.kind == "substantive")
    ((a, b_, to),) = out[1].moved_text
    assert " ".join(out[1].old.full_text.split()[a:b_]) == REVIEW and to.clause == "VIII"


def test_short_common_phrases_and_text_within_one_clause_are_not_moves() -> None:
    phrase = " ".join(["of", "this", "MOA", "by", "the", "LEA", "now"][:MIN_WORDS - 1])
    a = _modified("II", "Records are kept " + phrase + " here.", "Records are kept here.")
    b = _modified("III", "Notice is given.", "Notice is given " + phrase + ".")
    assert find_moves([a, b]) == (a, b)
    # The same clause loses and gains a sentence: the word diff placed it.
    c = _modified("IV", REVIEW + " Notice is given.", "Notice is given. " + REVIEW)
    assert find_moves([c]) == (c,)


@pytest.mark.parametrize("kind", ["fill-in", "formatting"])
def test_only_substantive_text_moves(kind: str) -> None:
    from dataclasses import replace

    def labelled(change: ClauseChange, kind: str) -> ClauseChange:
        return replace(change, edits=tuple(replace(e, kind=kind) if e.op != "equal" else e for e in change.edits))

    a = labelled(_modified("II", "Keep. " + REVIEW, "Keep."), kind)
    b = _modified("VIII", "Go.", "Go. " + REVIEW)
    out = find_moves([a, b])
    if kind == "formatting":
        assert out[0] == a and [e.kind for e in out[1].edits if e.op != "equal"] == ["substantive"]
    else:
        # A fill-in where it was lost (a signature block ending an addendum)
        # is text that moved where it is substantive, as substantive text is.
        assert [e.kind for c in out for e in c.edits if e.op != "equal"] == ["moved", "moved"]
    # Fill-ins on both sides (an agency's name written in two places) are no move.
    both = find_moves([a, labelled(b, kind)])
    assert both == (a, labelled(b, kind))


def _at(change: ClauseChange, index: int) -> ClauseChange:
    """``change`` with its clauses at position ``index`` of their versions."""
    from dataclasses import replace

    return replace(change, old=replace(change.old, index=index) if change.old else None,
                   new=replace(change.new, index=index) if change.new else None)


def test_a_closing_line_on_the_other_side_of_a_boundary_is_moved_not_new() -> None:
    # One layout ends section VII with "For the LEA: For ICE:", the other
    # opens the signature block with it: too short for a move anywhere,
    # but at the boundary of two neighbouring clauses it is the same text.
    closing = "For the LEA: For ICE:"
    a = _at(_modified("VII", "This MOA ends on notice. " + closing, "This MOA ends on notice."), 7)
    b = _at(_modified("SIG", "Sheriff Date: Director Date:", closing + " Sheriff Date: Director Date:"), 8)
    out = find_moves([a, b])
    _check(out)
    assert [(e.op, e.kind) for e in out[0].edits if e.op != "equal"] == [("delete", "moved")]
    assert [(e.op, e.kind) for e in out[1].edits if e.op != "equal"] == [("insert", "moved")]


def test_a_label_run_into_the_previous_clause_is_moved_out_of_an_added_clause() -> None:
    # "B. The supervisor of any participating LEA personnel." printed
    # mid-line in one layout stays in A; in the other it is clause B.
    tail = "The supervisor of any participating LEA personnel."
    a = _at(_modified("A", "Reports go to ICE. B. " + tail, "Reports go to ICE."), 3)
    added = ClauseChange("added", False, None, Clause("B", "B.", "", tail, 1, 1, 1, "subsection", index=4), 0.0)
    out = find_moves([a, added])
    assert [e.kind for e in out[0].edits if e.op != "equal"] == ["substantive", "moved"]  # "B." stays
    assert [(x, y) for x, y, _ in out[1].moved_text] == [(0, 7)]


def test_short_text_at_an_edge_is_not_moved_between_clauses_far_apart_or_in_part() -> None:
    closing = "For the LEA: For ICE:"
    a = _modified("VII", "This MOA ends on notice. " + closing, "This MOA ends on notice.")
    b = _modified("SIG", "Sheriff Date:", closing + " Sheriff Date:")
    # not neighbours: sections II and VIII
    assert find_moves([_at(a, 2), _at(b, 8)]) == (_at(a, 2), _at(b, 8))
    # neighbours, but the words are only part of both edits (a deleted and an inserted sentence that end alike)
    c = _at(_modified("III", "Keep records. Notice goes to the LEA.", "Keep records."), 3)
    d = _at(_modified("IV", "Train staff.", "Train staff. Reports are sent by the LEA."), 4)
    assert find_moves([c, d]) == (c, d)


def test_a_signature_line_read_as_fill_ins_moves_to_a_section_added_after_it() -> None:
    # The last section ends with the signatories' names (read as fill-ins);
    # a section added after it now ends with them instead.
    names = "C.M. Cronen Assistant Director, Enforcement"
    from dataclasses import replace

    a = _at(_modified("V", "Contacts are listed. " + names, "Contacts are listed."), 5)
    a = replace(a, edits=tuple(replace(e, kind="fill-in") if e.op != "equal" else e for e in a.edits))
    added = ClauseChange("added", False, None, Clause("VI", "VI.", "USE OF FORCE", "Force is reported. " + names,
                                                      1, 1, 1, "section", index=6), 0.0)
    out = find_moves([a, added])
    assert [e.kind for e in out[0].edits if e.op != "equal"] == ["moved"]
    assert [(x, y) for x, y, _ in out[1].moved_text] == [(6, 11)]


def test_a_closing_line_and_the_names_after_it_cross_a_boundary_together() -> None:
    # "For the SRSO:" (substantive) then the signatories' names (fill-ins):
    # two edits that touch, at the end of VI; the signature block opens with
    # both. Together they are the text at the boundary.
    from dataclasses import replace

    closing, names = "For the SRSO:", "Major Smith, Department of Corrections"
    a = _at(_modified("VI", "Notice is given. " + closing + " " + names, "Notice is given."), 6)
    b = _at(_modified("SIG", "Date:", closing + " " + names + " Date:"), 7)

    def name_edits(c: ClauseChange, side: str) -> ClauseChange:
        # the diff made one edit of the eight words: cut it into the closing (3) and the names (5)
        (e,) = [e for e in c.edits if e.op != "equal"]
        lo, hi = (e.i1, e.i2) if side == "old" else (e.j1, e.j2)
        ws = (c.old if side == "old" else c.new).full_text.split()  # type: ignore[union-attr]
        first = replace(e, **({"old": " ".join(ws[lo:lo + 3]), "i2": lo + 3} if side == "old"
                              else {"new": " ".join(ws[lo:lo + 3]), "j2": lo + 3}))
        second = replace(e, kind="fill-in", **({"old": " ".join(ws[lo + 3:hi]), "i1": lo + 3} if side == "old"
                                                else {"new": " ".join(ws[lo + 3:hi]), "j1": lo + 3}))
        edits = [x for x in c.edits]
        k = edits.index(e)
        return replace(c, edits=tuple(edits[:k] + [first, second] + edits[k + 1:]))

    a, b = name_edits(a, "old"), name_edits(b, "new")
    out = find_moves([a, b])
    _check(out)
    assert [e.kind for e in out[0].edits if e.op != "equal"] == ["moved", "moved"]
    assert [e.kind for e in out[1].edits if e.op != "equal"] == ["moved", "moved"]

"""Alignment: by content, order-aware, moves, splits, merges, determinism."""

from __future__ import annotations

from moadiff.align import align
from moadiff.model import Clause

TEXTS = {
    "A": "The LEA will use due diligence to screen and nominate candidates for training.",
    "B": "Before participating personnel receive authorization they must complete training.",
    "C": "The LEA is responsible for personnel expenses including salaries and benefits.",
    "D": "Immigration enforcement activities will be supervised and directed by ICE officers.",
    "E": "Participating personnel will provide an opportunity to request an interpreter.",
    "F": "The complaint reporting procedure is set forth in Appendix B of this agreement.",
}


def clauses(spec: str) -> list[Clause]:
    """'ABC' -> clauses with those texts, ids numbered by position."""
    return [Clause(f"X.{i + 1}", f"{i + 1}.", "", TEXTS[k], 1, 1, 1, "item", index=i) for i, k in enumerate(spec)]


def shape(old: str, new: str) -> list[tuple[str, str, bool]]:
    out = []
    for p in align(clauses(old), clauses(new)):
        o = "".join(c.text and next(k for k, v in TEXTS.items() if v == c.text) for c in p.old)
        n = "".join(c.text and next(k for k, v in TEXTS.items() if v == c.text) for c in p.new)
        out.append((o, n, p.moved))
    return out


def test_identical() -> None:
    assert shape("ABCD", "ABCD") == [("A", "A", False), ("B", "B", False), ("C", "C", False), ("D", "D", False)]


def test_deleted_clause_renumbers_without_changes() -> None:
    pairs = align(clauses("ABCD"), clauses("ABD"))
    assert [(tuple(c.id for c in p.old), tuple(c.id for c in p.new)) for p in pairs] == [
        (("X.1",), ("X.1",)), (("X.2",), ("X.2",)), (("X.3",), ()), (("X.4",), ("X.3",))]
    assert pairs[3].similarity == 1.0


def test_moved_clause_is_one_pairing_flagged_moved() -> None:
    got = shape("ABCDEF", "ABDEFC")
    assert ("C", "C", True) in got
    assert sum(1 for g in got if g[2]) == 1
    assert [g[1] for g in got] == list("ABDEFC")  # new document order


def test_moved_and_edited_clause() -> None:
    old = clauses("ABCDEF")
    new = clauses("ABDEF") + [Clause("X.6", "6.", "", TEXTS["C"].replace("salaries", "wages"), 1, 1, 1, "item",
                                     index=5)]
    pairs = align(old, new)
    moved = [p for p in pairs if p.moved]
    assert len(moved) == 1 and moved[0].old[0].text == TEXTS["C"] and moved[0].similarity < 1


def test_added_and_removed() -> None:
    assert shape("ABC", "AC") == [("A", "A", False), ("B", "", False), ("C", "C", False)]
    assert shape("AC", "ABC") == [("A", "A", False), ("", "B", False), ("C", "C", False)]


def test_merge_and_split() -> None:
    merged = Clause("X.2", "2.", "", TEXTS["B"] + " " + TEXTS["C"], 1, 1, 1, "item", index=1)
    pairs = align(clauses("ABCD"), [clauses("A")[0], merged, clauses("AAD")[2]])
    merge = next(p for p in pairs if len(p.old) == 2)
    assert [c.text for c in merge.old] == [TEXTS["B"], TEXTS["C"]] and merge.similarity > 0.95
    pairs = align([clauses("A")[0], merged, clauses("AAD")[2]], clauses("ABCD"))
    split = next(p for p in pairs if len(p.new) == 2)
    assert [c.text for c in split.new] == [TEXTS["B"], TEXTS["C"]]


def test_deterministic() -> None:
    a, b = clauses("ABCDEF"), clauses("FEDCBA")
    assert align(a, b) == align(a, b)


def test_unrelated_clauses_do_not_pair() -> None:
    assert shape("A", "F") == [("A", "", False), ("", "F", False)]


def test_section_moved_with_its_subsections_is_what_moved() -> None:
    # Old: 1 (A), 2 (B), 3 (C) with subsections 3.a-3.c (D, E, F); new: 3 first.
    # Keeping 3 and its three subsections in place is the longer chain, but
    # a reader sees one section move, not two.
    def tree(order: str) -> list[Clause]:
        out: list[Clause] = []
        for top in order:
            n = len([c for c in out if c.level == 1]) + 1
            out.append(Clause(f"{n}", f"{n}.", "", TEXTS[top], 1, 1, 1, "section", index=len(out)))
            if top == "C":
                for k, sub in enumerate("DEF"):
                    out.append(Clause(f"{n}.{k}", f"{k}.", "", TEXTS[sub], 1, 1, 2, "item",
                                      parent=f"{n}", index=len(out)))
        return out

    pairs = align(tree("ABC"), tree("CAB"))
    moved = {p.old[0].text for p in pairs if p.moved}
    assert TEXTS["C"] in moved
    assert TEXTS["A"] not in moved and TEXTS["B"] not in moved
    assert all(not p.moved for p in pairs if p.old[0].text in (TEXTS["A"], TEXTS["B"]))


def test_moved_clause_with_a_sentence_inserted_and_a_word_changed_is_one_move() -> None:
    # Short clauses: the inserted sentence brings the similarity below the
    # move cutoff, but the old clause's words are (nearly) all in the new one.
    old = clauses("ABCDEF")
    edited = TEXTS["C"].replace("salaries", "wages") + " The LEA shall keep payroll records for five years."
    new = clauses("ABDEF") + [Clause("X.6", "6.", "", edited, 1, 1, 1, "item", index=5)]
    from moadiff.align import clause_key, similarity
    assert similarity(clause_key(old[2]), clause_key(new[5])) < 80  # the move cutoff
    pairs = align(old, new)
    (moved,) = [p for p in pairs if p.moved]
    assert [c.text for c in moved.old] == [TEXTS["C"]] and [c.text for c in moved.new] == [edited]
    assert all(p.old and p.new for p in pairs)  # nothing removed, nothing added


def test_unrelated_leftovers_do_not_pair_as_moves() -> None:
    # A section removed and an unrelated one added elsewhere stay removed and added.
    old = clauses("ABCDE")
    new = clauses("ABDE") + [Clause("X.5", "5.", "", "Detainees will be screened for medical conditions on "
                                    "arrival at the facility by qualified staff.", 1, 1, 1, "item", index=4)]
    pairs = align(old, new)
    assert not any(p.moved for p in pairs)
    assert sum(1 for p in pairs if not p.new) == 1 and sum(1 for p in pairs if not p.old) == 1


def test_a_new_section_after_one_that_gained_a_sentence_is_added_not_split() -> None:
    # Old X; new X + a sentence, then a new section Y. Y's words are not
    # words of X, so X is not "split" into X' + Y (Y's heading would count
    # as inserted text in X).
    from moadiff.align import _completes
    x = "the lea shall keep records"
    assert _completes("of all training", x, x + " of all training")
    assert not _completes("medical screening detainees will be screened", x + " for five years", x)
    old = [Clause("II", "II.", "DUTIES", TEXTS["A"] + " " + TEXTS["B"], 1, 1, 1, "section", index=0),
           Clause("III", "III.", "END", TEXTS["F"], 1, 1, 1, "section", index=1)]
    new = [Clause("II", "II.", "DUTIES", TEXTS["A"] + " " + TEXTS["B"] + " " + TEXTS["E"], 1, 1, 1, "section",
                  index=0),
           Clause("III", "III.", "TRAINING", TEXTS["B"][:40], 1, 1, 1, "section", index=1),
           Clause("IV", "IV.", "END", TEXTS["F"], 1, 1, 1, "section", index=2)]
    pairs = align(old, new)
    assert [(len(p.old), len(p.new)) for p in pairs] == [(1, 1), (0, 1), (1, 1)]


def test_a_heading_read_as_text_on_one_side_splits_the_clause_that_swallowed_it() -> None:
    # Old: "IV. MODIFICATIONS ..." was read as text, so old III.C holds it;
    # new: III.C (a word changed) and IV (a sentence inserted). Joining IV
    # raises III.C's score by a point or two only (it is short beside III.C),
    # but it leaves far fewer words unmatched: one split, nothing added.
    long_text = " ".join(TEXTS[k] for k in "ABCDE") * 2
    short = "MODIFICATIONS TO THIS MOA Modifications must be proposed in writing and signed by both parties."
    old = [Clause("III.C", "C.", "", long_text + " IV. " + short, 1, 1, 1, "subsection", index=0),
           Clause("V", "V.", "END", TEXTS["F"], 1, 1, 1, "section", index=1)]
    new = [Clause("III.C", "C.", "", long_text.replace("salaries", "wages", 1), 1, 1, 1, "subsection", index=0),
           Clause("IV", "IV.", "", short.replace("writing and", "writing. The LEA names one contact and"), 1, 1, 1,
                  "section", index=1),
           Clause("V", "V.", "END", TEXTS["F"], 1, 1, 1, "section", index=2)]
    pairs = align(old, new)
    assert [(len(p.old), len(p.new)) for p in pairs] == [(1, 2), (1, 1)]


def test_a_moved_section_split_in_two_on_one_side_is_still_moved() -> None:
    # Old: A, B, C+D (one clause: D's heading run into C's text); new: C and
    # D first, then A and B. C+D is paired with C and D (a split), and it is
    # what moved: A and B kept their order.
    cd = Clause("X.3", "3.", "", TEXTS["C"] + " " + TEXTS["D"], 1, 1, 1, "item", index=2)
    old = [*clauses("AB"), cd]
    new = [Clause(f"X.{k + 1}", f"{k + 1}.", "", TEXTS[t], 1, 1, 1, "item", index=k) for k, t in enumerate("CDAB")]
    pairs = align(old, new)
    split = next(p for p in pairs if len(p.new) == 2)
    assert [c.text for c in split.new] == [TEXTS["C"], TEXTS["D"]] and split.moved
    assert [p.moved for p in pairs if len(p.new) == 1] == [False, False]
    # and the mirror image: a merge
    pairs = align(new, old)
    merge = next(p for p in pairs if len(p.old) == 2)
    assert merge.moved and [p.moved for p in pairs if len(p.old) == 1] == [False, False]


def test_a_clause_alone_under_the_same_heading_pairs_however_little_of_its_text_is_left() -> None:
    """OCR lost two of a subsection's three lines (or an edit rewrote it):
    between the clauses that match around it, the one clause on each side
    under the same heading is the same clause, modified, not one removed
    and another added. Two clauses under different headings do not pair so."""
    def make(texts: list[tuple[str, str, str]]) -> list[Clause]:
        return [Clause(f"III.{label}", label, title, text, 1, 1, 2, "subsection", index=i)
                for i, (label, title, text) in enumerate(texts)]

    full = ("Approved participating LEA personnel will be authorized to perform only those immigration officer "
            "functions set forth in the Standard Operating Procedures (SOP) in Appendix A.")
    around = [("B.", "NOMINATION OF PERSONNEL", TEXTS["A"]), ("C.", "TRAINING OF PERSONNEL", TEXTS["B"])]
    old = make([("A.", "DESIGNATION OF AUTHORIZED FUNCTIONS", "Procedures (SOP) in Appendix A."), *around])
    new = make([("A.", "DESIGNATION OF AUTHORIZED FUNCTIONS", full), *around])
    pairs = align(old, new)
    assert [(tuple(c.label for c in p.old), tuple(c.label for c in p.new)) for p in pairs] == [
        (("A.",), ("A.",)), (("B.",), ("B.",)), (("C.",), ("C.",))]
    renamed = make([("A.", "COSTS AND EXPENDITURES", full), *around])
    assert len(align(old, renamed)) == 4  # removed and added

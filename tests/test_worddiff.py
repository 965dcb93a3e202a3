"""Word diff: ops, kinds, layout-only differences, and the rebuild invariant."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moadiff import worddiff
from moadiff.model import Edit
from moadiff.worddiff import diff_words, rebuild


def ops(old: str, new: str) -> list[tuple[str, str, str, str | None]]:
    return [(e.op, e.old, e.new, e.kind) for e in diff_words(old, new)]


def test_inserted_word_is_substantive() -> None:
    assert ops("not more frequently every two years", "not more frequently than every two years") == [
        ("equal", "not more frequently", "not more frequently", None),
        ("insert", "", "than", "substantive"),
        ("equal", "every two years", "every two years", None),
    ]


def test_changed_number() -> None:
    assert ("replace", "70-percent", "75-percent", "substantive") in ops("a 70-percent rating", "a 75-percent rating")


def test_case_and_punctuation_are_formatting() -> None:
    kinds = {e.kind for e in diff_words("The LEA, shall comply.", "the LEA shall comply")}
    assert kinds == {None, "formatting"}


def test_whitespace_line_breaks_and_hyphenation_are_not_changes() -> None:
    for old, new in [("score of 70- percent", "score of 70-percent"), ("re-take the exam", "retake the\nexam"),
                     ("a  b\n c", "a b c")]:
        assert all(e.op == "equal" for e in diff_words(old, new)), (old, new)


def test_empty_sides() -> None:
    assert ops("", "new text") == [("insert", "", "new text", "substantive")]
    assert ops("old text", "") == [("delete", "old text", "", "substantive")]
    assert ops("", "") == []


words = st.lists(st.sampled_from(["the", "LEA", "shall", "ICE", "may", "not", "70", "days.", "(DHS),", "re-take",
                                  "retake", "The", "§", "-"]), max_size=40)


def tiles(edits: tuple[Edit, ...], old: str, new: str) -> bool:
    """The edits' spans tile both word lists in order and name their own words."""
    a, b = old.split(), new.split()
    i = j = 0
    for e in edits:
        if (e.i1, e.j1) != (i, j) or e.old != " ".join(a[e.i1:e.i2]) or e.new != " ".join(b[e.j1:e.j2]):
            return False
        i, j = e.i2, e.j2
    return (i, j) == (len(a), len(b))


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_edits_rebuild_both_texts(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), " ".join(b)
    edits = diff_words(old, new)
    assert rebuild(edits) == (old, new)
    assert tiles(edits, old, new)


def test_spans_of_an_equal_run_spelt_with_fewer_words() -> None:
    edits = diff_words("Pay the 70- percent rate.", "pay the 70-percent rate")
    assert [(e.op, e.old_span, e.new_span) for e in edits] == [
        ("replace", (0, 1), (0, 1)), ("equal", (1, 4), (1, 3)), ("replace", (4, 5), (3, 4))]


@settings(max_examples=200, deadline=None)
@given(words)
def test_text_against_itself_is_all_equal(a: list[str]) -> None:
    assert all(e.op == "equal" for e in diff_words(" ".join(a), " ".join(a)))


def test_long_texts_are_bounded() -> None:
    # Beyond MAX_CELLS the diff runs sentence by sentence; it must still rebuild.
    old = " ".join(f"Sentence {i} says the LEA shall act." for i in range(1500))
    new = old.replace("Sentence 700 says", "Sentence 700 now says")
    edits = diff_words(old, new)
    assert rebuild(edits) == (old, new)
    assert tiles(edits, old, new)
    assert [e.new for e in edits if e.op != "equal"] == ["now"]


def test_approximate_edits_tile_both_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    # A tiny budget sends every diff through the bounded pieces and windows.
    monkeypatch.setattr(worddiff, "MAX_CELLS", 16)
    rng = random.Random(7)
    pool = ["the", "LEA", "shall.", "ICE", "may", "not;", "70", "days.", "The", "re-take", "retake"]
    approximate = 0
    for _ in range(200):
        old = " ".join(rng.choice(pool) for _ in range(rng.randint(0, 60)))
        new = " ".join(rng.choice(pool) for _ in range(rng.randint(0, 60)))
        edits = diff_words(old, new)
        assert rebuild(edits) == (old, new) and tiles(edits, old, new)
        approximate += any(e.approximate for e in edits)
    assert approximate > 50


def test_a_deleted_sentence_is_reported_whole_not_slid_across_its_twin() -> None:
    """Two sentences that open alike ("The LEA is ..."): deleting the first
    is one deletion of that sentence, not of its end and the next one's
    opening words, which the LCS finds equally short."""
    kept = "The LEA is also responsible for providing the necessary equipment."
    gone = "The LEA is responsible for providing all administrative supplies for normal office operations."
    old = f"ICE will pay for travel. {gone} {kept}"
    edits = [e for e in diff_words(old, f"ICE will pay for travel. {kept}") if e.op != "equal"]
    assert [(e.op, e.old) for e in edits] == [("delete", gone)]
    edits = [e for e in diff_words(f"ICE will pay for travel. {kept}", old) if e.op != "equal"]
    assert [(e.op, e.new) for e in edits] == [("insert", gone)]


def test_a_deleted_sentence_is_one_deletion_not_split_around_a_word_matched_inside_it() -> None:
    """The LCS may match the next sentence's opening "This" with a "this"
    inside the deleted sentence (two deletions around it); a reader deleted
    the sentence. A heading before it counts as a sentence end."""
    gone = ("The purpose of this collaboration is to enhance the safety and security of communities by "
            "focusing resources on identifying and processing removable aliens who have been arrested and "
            "booked into the LEA's jail/correctional facilities.")
    rest = ("This MOA sets forth the terms and conditions pursuant to which selected LEA personnel "
            "(participating LEA personnel) will be nominated, trained, and approved by ICE to perform certain "
            "limited functions of an immigration officer within the LEA's jail/correctional facilities. Nothing "
            "contained herein shall otherwise limit the jurisdiction and powers normally possessed by "
            "participating LEA personnel as members of the LEA. However, the exercise of the immigration "
            "enforcement authority delegated under this MOA to participating LEA personnel shall occur only as "
            "provided in this MOA.")
    scanned = rest.replace("herein", "lierein")  # as OCR read the old side
    edits = [e for e in diff_words(f"PURPOSE {gone} {scanned}", f"PURPOSE {rest}") if e.op != "equal"]
    assert [(e.op, e.old) for e in edits] == [("delete", gone), ("replace", "lierein")]
    edits = [e for e in diff_words(f"PURPOSE {scanned}", f"PURPOSE {gone} {rest}") if e.op != "equal"]
    assert [(e.op, e.new) for e in edits] == [("insert", gone), ("replace", "herein")]

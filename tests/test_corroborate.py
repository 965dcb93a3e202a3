"""A change between two revisions that one baseline alone reads is left out of the history."""

from __future__ import annotations

from pathlib import Path

import moadiff
from moadiff.batch.corroborate import contradicted, member_words

OLD = """I. PURPOSE
The LEA nominee who fails to attain a 70 percent rating on an examination will not be certified.
II. COMPLAINTS
The Office of the Chief Counsel in turn will notify the ICE Headquarters Office of any claim.
"""
# The newer revision as its scanned baseline reads it: one real change
# ("will not be certified" -> "may not be certified"), and a misreading
# that is a word too ("fails" read "foils").
NEW = OLD.replace("who fails", "who foils").replace("will not be certified", "may not be certified")


def _words_changed(tmp_path: Path, old_members: list[str], new_members: list[str]) -> set[tuple[str, str]]:
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(NEW, encoding="utf-8")
    comparison = moadiff.compare(tmp_path / "old.txt", tmp_path / "new.txt")
    out = contradicted(comparison, member_words(old_members), member_words(new_members))
    return {(comparison.changes[i].edits[k].old, comparison.changes[i].edits[k].new) for i, k in out}


def test_what_the_baselines_fellow_members_read_otherwise_is_its_own(tmp_path: Path) -> None:
    fellows = [NEW.replace("who foils", "who fails"), NEW.replace("who foils", "who fails").replace("LEA", "County")]
    assert _words_changed(tmp_path, [OLD], fellows) == {("fails", "foils")}


def test_a_change_the_fellow_members_share_is_the_templates(tmp_path: Path) -> None:
    # The members read "foils" nowhere, but every one has "may not be certified".
    fellows = [NEW.replace("who foils", "who fails")] * 3
    changed = _words_changed(tmp_path, [OLD], fellows)
    assert ("will", "may") not in changed


def test_a_member_that_cannot_be_read_there_settles_nothing(tmp_path: Path) -> None:
    # The only fellow member is garbled at that place: nothing is contradicted.
    fellows = [NEW.replace("who foils to attain", "wh0 f-ls tu atta1n")]
    assert _words_changed(tmp_path, [OLD], fellows) == set()
    # Nor without fellow members at all.
    assert _words_changed(tmp_path, [], []) == set()


def test_an_insertion_is_placed_by_context_on_both_sides(tmp_path: Path) -> None:
    """Words a revision inserts: a fellow member without them must lack
    them at that very place, not merely have the words before them."""
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    added = OLD.replace("of any claim.", "of any claim within 48 hours.")
    (tmp_path / "new.txt").write_text(added, encoding="utf-8")
    comparison = moadiff.compare(tmp_path / "old.txt", tmp_path / "new.txt")
    # The other old-revision agreement has "of any claim" (at the clause's end): no evidence either way.
    assert contradicted(comparison, member_words([OLD + " a claim of any claim"]), member_words([added])) == set()

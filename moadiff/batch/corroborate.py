"""What the other agreements of two revisions say about a change between them.

Two template revisions are compared baseline to baseline (plan.py chooses
each revision's cleanest central member). A baseline's own words, the
misreadings of its scan that the noise stage could not tell from words
("fails" read "foils", "turn" read "tum") or language its agency
negotiated, would be published as ICE's changes. The other agreements of
its revision settle it: where most of a baseline's fellow members read
what the other revision's baseline reads, the difference is that
baseline's, not the template's. :func:`contradicted` finds those edits;
the revision history leaves them out (the comparison of the two files
keeps them: they are real differences between those two documents).

A passage is looked for with up to :data:`CONTEXT` words on each side, in
the members' words lower-cased and stripped of punctuation, so a change of
one common word is found only where it stands::

    >>> texts = ["ICE will train the officers to perform certain functions",
    ...          "ICE will train officers to perform certain functions of an officer"]
    >>> said(["to", "perform", "certain"], member_words(texts))
    2
    >>> said(["to", "perfonu", "certain"], member_words(texts))
    0
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from moadiff.model import Comparison, Edit

__all__ = ["CONTEXT", "contradicted", "member_words", "said"]

#: Words of context on each side of a changed passage.
CONTEXT = 3


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def member_words(texts: Sequence[str]) -> list[str]:
    """Each member's text as a string of its words, space-separated and padded."""
    return [f" {' '.join(_words(t))} " for t in texts]


def said(phrase: Sequence[str], members: Sequence[str]) -> int:
    """How many of ``members`` (from :func:`member_words`) have ``phrase``."""
    needle = f" {' '.join(phrase)} "
    return sum(needle in m for m in members)


#: The context tried, most telling first (words before, words after): a
#: scan's misreading of a word nearby spoils one side of it, not both.
_SPANS = ((CONTEXT, CONTEXT), (2, 2), (CONTEXT, 0), (0, CONTEXT))


def _phrases(edits: Sequence[Edit], k: int) -> list[tuple[list[str], list[str]]]:
    """Edit ``k`` of a change with its context, as (the old side's words,
    the new side's words), for each of :data:`_SPANS` that has the context."""
    sides = []
    for side in ("old", "new"):
        before = [w for e in edits[:k] for w in _words(getattr(e, side))]
        after = [w for e in edits[k + 1:] for w in _words(getattr(e, side))]
        sides.append((before, _words(getattr(edits[k], side)), after))
    out = []
    # Words inserted or deleted are placed by context on both sides: one
    # side's context alone is found anywhere.
    spans = _SPANS if edits[k].op == "replace" else [(b, a) for b, a in _SPANS if b and a]
    for b, a in spans:
        if all(len(before) >= b and len(after) >= a for before, _, after in sides):
            old, new = ((before[len(before) - b:] + words + after[:a]) for before, words, after in sides)
            out.append((old, new))
    return out


def _contradicted(edits: Sequence[Edit], k: int, members: Sequence[str], old_side: bool) -> bool:
    """Do most of ``members`` (of the old revision if ``old_side``, else of
    the new) read the other revision's words where this baseline reads its
    own? Each member is judged by the most telling context it has."""
    phrases = [(old, new) if old_side else (new, old) for old, new in _phrases(edits, k)]
    mine = theirs = 0
    for member in members:
        for own, other in phrases:
            has_own, has_other = said(own, [member]), said(other, [member])
            if has_own or has_other:
                mine, theirs = mine + (has_own > has_other), theirs + (has_other > has_own)
                break
    return theirs * 2 > len(members) and theirs > mine


def contradicted(comparison: Comparison, old_members: Sequence[str], new_members: Sequence[str]
                 ) -> frozenset[tuple[int, int]]:
    """Where two revisions' baselines differ (``comparison``) but one
    baseline's fellow members read as the other revision does: (change,
    edit) positions of those substantive edits (see the module docstring).
    ``old_members`` and ``new_members``: the other agreements of each
    revision (:func:`member_words`)."""
    out = set()
    for i, change in enumerate(comparison.changes):
        for k, e in enumerate(change.edits):
            if e.op == "equal" or e.kind != "substantive":
                continue
            if (new_members and _contradicted(change.edits, k, new_members, False)) or \
                    (old_members and _contradicted(change.edits, k, old_members, True)):
                out.add((i, k))
    return frozenset(out)

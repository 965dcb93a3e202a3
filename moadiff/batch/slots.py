"""Fill-in slots learnt from a corpus: what many agencies fill in differently.

Comparing many agreements with one baseline, a span of a baseline clause
that most of them replace, each with its own words (the agency's name in
PARTIES, its sheriff in VII), is a blank of the template even where no
pattern knows it. A span that many replace with the *same* words is the
opposite: the template changed there, and it stays substantive.

>>> from moadiff.model import Clause, ClauseChange, Edit
>>> base = Clause("I", "I.", "PARTIES", "between ICE and Marlow County", 1, 1, 1, "section")
>>> def change(name):
...     return ClauseChange("modified", False, base, base, 0.9, (
...         Edit("equal", "PARTIES between ICE and", "PARTIES between ICE and"),
...         Edit("replace", "Marlow", name, "substantive"), Edit("equal", "County", "County")))
>>> learn_slots([change(n) for n in ("Harlan", "Bexley", "Tolland", "Wren")], 4)
{'I': frozenset({4})}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from moadiff.fillins import Slots
from moadiff.model import ClauseChange

__all__ = ["learn_slots"]

#: A slot is changed by at least this share of the agreements (and 3)...
MIN_SHARE = 0.2
#: ...with at least this share of distinct new values among those changes.
MIN_DISTINCT = 0.5


def learn_slots(changes: Iterable[ClauseChange], agreements: int) -> Slots:
    """Slots of the baseline (the ``old`` side of every change), from the
    changes of all agreements compared with it (one ``agreements`` each)."""
    seen: dict[tuple[str, int], list[str]] = defaultdict(list)
    for change in changes:
        if change.old is None:
            continue
        pos = 0
        for e in change.edits:
            n = len(e.old.split())
            if e.op != "equal" and e.kind in ("substantive", "fill-in"):
                for p in (range(pos, pos + n) if n else (pos,)):
                    seen[(change.old.id, p)].append(" ".join(e.new.lower().split()))
            pos += n
    need = max(3, MIN_SHARE * agreements)
    slots: dict[str, set[int]] = defaultdict(set)
    for (clause_id, p), values in seen.items():
        if len(values) >= need and len(set(values)) >= max(2, MIN_DISTINCT * len(values)):
            slots[clause_id].add(p)
    return {k: frozenset(v) for k, v in sorted(slots.items())}


def learn_for(groups: dict[str, Sequence[Sequence[ClauseChange]]]) -> dict[str, Slots]:
    """Slots per baseline id, from each baseline's comparisons' changes."""
    return {b: learn_slots((c for comp in comps for c in comp), len(comps)) for b, comps in groups.items()}

"""OCR-damaged headings (``--damaged-headings SHARE``): in that share of the
pairs, one section or appendix label is printed on one side as OCR reads a
scan ("I." as "1", "i" or "l.", "VI." as "Vl", "APPENDIX C" as "APPENDIXC" or
"APPEND[X C").

A label is not a word of the ground truth (see ``model``), so a damaged
label plants no change: the segmenter must still find the heading, and a
heading it misses shows up as false words (its title read as the previous
clause's text) or as a collapse of the clauses that follow.

>>> from benchmarks.docwriter import Agreement, Clause
>>> a = Agreement(["MOA"], [Clause("I.", "PARTIES", ["Text."]), Clause("APPENDIX A", "SOP", [])])
>>> detail = damage_heading(a, random.Random(3))
>>> detail, [c.label for c in a.clauses]
("'I.' -> 'l'", ['l', 'APPENDIX A'])
"""

from __future__ import annotations

import random
import re

from benchmarks.docwriter import Agreement

#: How OCR reads the label of section I (seen in real scans).
_FIRST = ("1", "i", "l.", "1.", "l", "I")
#: Misreadings of the strokes of a roman numeral: one of them is applied.
_STROKE = {"I": ("l", "1", "i", "|"), "V": ("v",), "X": ("x",)}


def _mangle_roman(label: str, rng: random.Random) -> str:
    core = label.rstrip(".")
    if core == "I":
        return rng.choice(_FIRST)
    spots = [k for k, ch in enumerate(core) if ch in _STROKE]
    k = rng.choice(spots)
    core = core[:k] + rng.choice(_STROKE[core[k]]) + core[k + 1:]
    return core + rng.choice(("", ".", ","))  # the full stop lost, kept, or read as a comma


def _mangle_appendix(label: str, rng: random.Random) -> str:
    letter = label.split()[-1]
    return rng.choice((f"APPENDIX{letter}", f"APPEND[X {letter}", f"APPENDlX {letter}", f"APPEND1X{letter}"))


def damage_heading(agreement: Agreement, rng: random.Random) -> str | None:
    """Misread one section or appendix label of ``agreement`` (in place) as
    OCR would; what was done ("'VI.' -> 'Vl'"), or None if it has none."""
    spots = [k for k, c in enumerate(agreement.clauses)
             if c.level == 0 and (re.fullmatch(r"[IVX]+\.", c.label) or re.fullmatch(r"APPENDIX [A-Z]", c.label))]
    if not spots:
        return None
    first = [k for k in spots if agreement.clauses[k].label == "I."]
    # Section I a third of the time: misread, it is the one a greedy reader cannot recover from.
    clause = agreement.clauses[first[0] if first and rng.random() < 1 / 3 else rng.choice(spots)]
    old = clause.label
    clause.label = _mangle_appendix(old, rng) if old.startswith("APPENDIX") else _mangle_roman(old, rng)
    return f"{old!r} -> {clause.label!r}"

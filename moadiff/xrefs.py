"""Stale cross-references: the new agreement still naming the old numbering.

ICE's 2025 Jail Enforcement template deleted subsection V.C, so V.D became
V.C, but Appendix C kept "Pursuant to Section V(D)". This stage reads every
reference to a section, subsection or appendix in the new agreement's
clauses ("Section VIII", "Section V(D)", "Section IV.C", "Appendix B") and
checks it against the clause pairing:

- **missing**: the id named existed in the old agreement and no clause has
  it now;
- **renumbered**: the same words were in the old version of the clause,
  where they named a clause that now has another id (or was removed), and
  the id now names a different clause.

A reference rewritten in the new version is taken to follow the new
numbering, and an id that never existed is left alone (a statute such as
"Section 287(g)" is not a clause id).

>>> [m.group(0) for m in _REFERENCE.finditer("under Section 287(g), per Section V(D) and Appendix B")]
['Section V(D)', 'Appendix B']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from moadiff.model import Clause, ClauseChange, StaleReference

__all__ = ["references_in", "stale_references"]

_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_REFERENCE = re.compile(
    r"\b(?:(?i:sections?|subsections?|articles?|paragraphs?)\s+(?P<major>[IVXLC]{1,7})"
    r"(?:\s*\(\s*(?P<sub1>[A-Z])\s*\)|\.(?P<sub2>[A-Z])(?![a-z]))?"
    r"|(?i:appendix)\s+(?P<appendix>[A-Z])\b)"
    r"(?![\w(])"
)


def references_in(text: str) -> list[tuple[str, str]]:
    """``(as written, clause id)`` of each clause reference in ``text``."""
    out: list[tuple[str, str]] = []
    for m in _REFERENCE.finditer(text):
        if m["appendix"]:
            out.append((m.group(0), f"APPENDIX {m['appendix']}"))
            continue
        if not _ROMAN.fullmatch(m["major"]):
            continue
        sub = m["sub1"] or m["sub2"]
        out.append((" ".join(m.group(0).split()), f"{m['major']}.{sub}" if sub else m["major"]))
    return out


def _ids(change: ClauseChange, side: str) -> tuple[str, ...]:
    clause = getattr(change, side)
    parts = change.old_parts if side == "old" else change.new_parts
    if clause is None:
        return ()
    return parts or (clause.id,)


_SMALL = frozenset(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"])


def _title(title: str, body: str) -> str:
    """A heading in title case, as a sentence quotes it ("ICE Supervision",
    "Release of Information"): a word the clause's body also writes in
    capitals is an acronym and stays so."""
    words = title.split()
    if not title.isupper():
        return " ".join(words)
    acronyms = {w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", body)}
    return " ".join(w if w in acronyms else w.lower() if i and w.lower() in _SMALL else w.capitalize()
                    for i, w in enumerate(words))


def _name(clause: Clause | None, cid: str) -> str:
    if clause is None or not clause.title:
        return cid
    return f"{cid} {_title(clause.title, clause.text)}"


def stale_references(changes: Sequence[ClauseChange]) -> tuple[StaleReference, ...]:
    """References in the new agreement's clauses that point at the old numbering."""
    old_clauses: dict[str, Clause] = {}
    new_clauses: dict[str, Clause] = {}
    now: dict[str, str | None] = {}  # old id -> the new id of its counterpart (None: removed)
    for change in changes:
        old_ids, new_ids = _ids(change, "old"), _ids(change, "new")
        for cid in old_ids:
            if change.old is not None:
                old_clauses.setdefault(cid, change.old)
            now.setdefault(cid, new_ids[0] if new_ids else None)
        for cid in new_ids:
            if change.new is not None:
                new_clauses.setdefault(cid, change.new)
    out: list[StaleReference] = []
    seen: set[tuple[str, str]] = set()
    for change in changes:
        if change.new is None:
            continue
        here = change.new.id
        before = {text for text, _ in references_in(change.old.full_text)} if change.old is not None else set()
        for text, target in references_in(change.new.full_text):
            if (here, text) in seen or target not in old_clauses:
                continue
            moved_to = now.get(target)
            if target not in new_clauses:
                where = (f"the clause it named in the old agreement ({_name(old_clauses[target], target)}) "
                         + (f"is now {moved_to}" if moved_to else "was removed"))
                out.append(StaleReference(here, text, target, "missing", moved_to,
                                          f"“{text}” in {here} names {target}, which no longer exists; {where}."))
            elif text in before and moved_to != target:
                where = f"is now {moved_to}" if moved_to else "was removed"
                out.append(StaleReference(
                    here, text, target, "renumbered", moved_to,
                    f"“{text}” in {here} now names {_name(new_clauses[target], target)}; in the old agreement "
                    f"it named {_name(old_clauses[target], target)}, which {where}."))
            else:
                continue
            seen.add((here, text))
    return tuple(out)

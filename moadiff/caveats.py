"""Warnings about a comparison as a whole, which every report shows first.

A comparison can be right word for word and still mislead its reader:

- **identical files**: the same file given twice (same SHA-256) finds
  nothing, and the reader should know why;
- **two agencies**: the PARTIES sentences name different agencies (their
  names, without "the"/"of", are under 90 similar by token sort, the rule
  ``moadiff batch --pairs`` pairs versions of one agency by), so these are
  not versions of one agreement, and the agency's own words are labelled
  fill-in rather than counted as changes;
- **two noisy scans**: both sides were mostly read by OCR and are noisy
  (at least :data:`NOISY_SHARE` of their words read with low confidence, or
  fewer than :data:`WORD_SHARE` of them dictionary words), so some "changes"
  may be misreadings; the warning gives each side's share of words read
  uncertainly;
- **redacted**: a side is a FOIA release, its redactions printed as their
  exemption codes ("(b)(6), (b)(7)(C)"). What a redaction hides cannot be
  compared: a name or a number under one is a fill-in (fillins.py), a
  longer passage under one shows as removed. The warning says which side,
  in how many places, and under which codes.

Each warning is a :class:`moadiff.model.Notice` with a stable ``code``
(``identical``, ``different-agencies``, ``noisy-scans``, ``redacted``).

>>> from moadiff.model import DocumentInfo, Profile
>>> a = DocumentInfo("a.pdf", "a.pdf", "ab12", "pdf", 1, "pdfium", profile=Profile(agency="Galveston County Sheriff's Office"))
>>> b = DocumentInfo("b.pdf", "b.pdf", "cd34", "pdf", 1, "pdfium", profile=Profile(agency="Grayson County Detention Center"))
>>> [n.code for n in caveats(a, b, (), ())]
['different-agencies']
>>> [n.code for n in caveats(a, a, (), ())]
['identical']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from moadiff.fillins import redactions
from moadiff.model import Clause, DocumentInfo, Notice
from moadiff.profile import shown_agency

__all__ = ["NOISY_SHARE", "WORD_SHARE", "caveats", "same_agency", "uncertain_share"]

#: A scan with at least this share of its words read with low confidence is noisy.
NOISY_SHARE = 0.02
#: ...as is one whose pages have, on average, fewer dictionary words than this.
WORD_SHARE = 0.85


def _agency_key(name: str) -> str:
    words = re.findall(r"[a-z]+", name.lower().replace("'s", "s").replace("\u2019s", "s"))
    return " ".join(w for w in words if w not in ("the", "of"))


def same_agency(a: str, b: str) -> bool:
    """Do two PARTIES names name one agency (allowing OCR slips and a dropped "the")?

    >>> same_agency("the Galveston County Sheriff's Office", "Galveston County Sheriffs Office")
    True
    """
    return fuzz.token_sort_ratio(_agency_key(a), _agency_key(b)) >= 90


def uncertain_share(clauses: Sequence[Clause]) -> float:
    """The share of the clauses' words OCR read with low confidence."""
    words = sum(len(c.full_text.split()) for c in clauses)
    return sum(len(c.low_confidence) for c in clauses) / words if words else 0.0


def _noisy_scan(info: DocumentInfo, share: float) -> bool:
    pages = info.page_info
    scanned = [p for p in pages if p.ocr or p.text_quality != "good"]
    if not pages or len(scanned) * 2 < len(pages):
        return False
    shares = [p.word_share for p in scanned if p.word_share is not None]
    return share >= NOISY_SHARE or bool(shares and sum(shares) / len(shares) < WORD_SHARE)


def caveats(old: DocumentInfo, new: DocumentInfo, old_clauses: Sequence[Clause],
            new_clauses: Sequence[Clause]) -> tuple[Notice, ...]:
    """The warnings due on comparing ``old`` with ``new`` (see the module docstring)."""
    out: list[Notice] = []
    if old.sha256 and old.sha256 == new.sha256:
        out.append(Notice("identical", "the two files are identical (the same SHA-256): the same file was "
                                       "given twice, so there is nothing to compare"))
    a, b = old.profile.agency, new.profile.agency
    if a and b and not same_agency(a, b):
        names = "; ".join(shown_agency(d.profile) or f"{d.name}: its agency's name unreadable" for d in (old, new))
        out.append(Notice("different-agencies", f"these are agreements of two agencies ({names}), not two "
                                                "versions of one agreement; agency details are shown as fill-ins"))
    shares = uncertain_share(old_clauses), uncertain_share(new_clauses)
    if _noisy_scan(old, shares[0]) and _noisy_scan(new, shares[1]):
        out.append(Notice("noisy-scans", f"both inputs are noisy scans read by OCR ({shares[0]:.1%} of the old "
                                         f"version's words and {shares[1]:.1%} of the new version's were read "
                                         "uncertainly): some changes may be misreadings; check them against the "
                                         "originals"))
    redacted = _redacted(old_clauses, new_clauses)
    if redacted is not None:
        out.append(redacted)
    return tuple(out)


def _redacted(old_clauses: Sequence[Clause], new_clauses: Sequence[Clause]) -> Notice | None:
    """The ``redacted`` warning, when either side holds FOIA redactions."""
    found = [[r for c in clauses for r in redactions(c.full_text)] for clauses in (old_clauses, new_clauses)]
    if not any(found):
        return None
    shown = ", ".join(sorted({code for side in found for run in side for code in run}))

    def places(n: int) -> str:
        return f"{n} place{'s' if n != 1 else ''}"

    if found[0] and found[1]:
        which = f"both versions are redacted (the old in {places(len(found[0]))}, the new in {places(len(found[1]))}"
    else:
        side = "old" if found[0] else "new"
        which = f"the {side} version is redacted ({places(len(found[0] or found[1]))}"
    return Notice("redacted", f"{which}, under FOIA exemption codes {shown}): what a redaction hides cannot be "
                              "compared; a name or number under one is shown as a fill-in, a longer passage "
                              "under one as removed")

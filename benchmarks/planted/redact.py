"""--redact: the new side as a FOIA release prints it.

A released agreement hides the names and telephone numbers of the people
in it under black boxes labelled with the exemption's code. Here a person's
name after a rank or a label ("Sheriff Henry A. Trochesset", "Chief Deputy
Justin Trulove", "Name: Thaddeus C. Cleveland") and the telephone number
that follows it (not an office's, as ICE's complaint line) become "(b)(6), (b)(7)(C)" in the new side, and one redaction in a third of
them is spaced or read as OCR reads a released scan ("(b) (6)", "(bX6)").
The hidden words and the codes are marked as fill-in values on both sides
(``Tok.fill``, an occurrence of its own), as the agency's name is with
--fill-ins: the scoring counts any of them reported as substantive as a
false word. A word a planted edit changed is never redacted.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from benchmarks.planted.model import Node, Pair, Tok

#: Words a person's name follows.
_RANKS = frozenset(("Sheriff", "Chief", "Deputy", "Major", "Captain", "Lieutenant", "Lt.", "Sergeant", "Sgt.",
                    "Colonel", "Col.", "Commander", "Undersheriff", "Name:", "Jailer", "Warden", "Superintendent"))
#: Capitalised words that are no part of a name.
_NOT_NAME = frozenset(("County", "Office", "Sheriff", "Sheriff's", "Sheriffs", "Field", "Director", "Deputy",
                       "Department", "Police", "Chief", "Jail", "Detention", "Center", "Corrections", "Date:",
                       "Title:", "Signature:", "Name:", "For", "The", "ICE", "DHS", "LEA", "Acting", "Assistant",
                       "Executive", "Associate", "Enforcement", "Removal", "Operations", "State", "City",
                       "Information", "Security", "Officer", "Privacy", "Public", "Affairs", "Counsel",
                       "Inspector", "General", "Supervisor", "Administrator", "Special", "Agent", "Office's"))
#: A telephone number is a person's within this many words after a name redacted.
_CONTACT_WORDS = 12
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?|[A-Z]\.)[,.;]?$")
_PHONE = re.compile(r"^\(?\d{3}\)?[-.]?\d{3}-\d{4}[,.;]?$")
#: Fill-in occurrence ids of redactions start here (the agency's name's are small).
_FIRST_ID = 1_000_000
#: How a redaction is printed, and as OCR reads a released scan.
_CODES = (("(b)(6),", "(b)(7)(C)"), ("(b)(6);(b)(7)(C)",), ("(b)", "(6)"), ("(bX6),", "(bX7XC)"))


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _name_end(para: list[Tok], start: int) -> int:
    """Where the name starting at ``start`` ends (two to four name words), or ``start``."""
    end = start
    while end < len(para) and end - start < 4 and _NAME_WORD.match(para[end].text) \
            and para[end].text.rstrip(",.;") not in _NOT_NAME and para[end].edit is None:
        end += 1
        if para[end - 1].text[-1] in ",;" or para[end - 1].text.endswith(".") and len(para[end - 1].text) > 2:
            break  # the name ends at its comma ("Trulove,")
    if end < len(para) and para[end].text.rstrip(",.;") in _NOT_NAME:
        return start  # the name of a place: "Santa Rosa County"
    return end if end - start >= 2 else start


def _find(node: Node, words: list[str]) -> tuple[list[Tok], int] | None:
    """The paragraph of ``node`` holding ``words`` unchanged and unmarked, and where."""
    for para in node.paras:
        for k in range(len(para) - len(words) + 1):
            if [t.text for t in para[k:k + len(words)]] == words and all(
                    t.edit is None and t.fill is None for t in para[k:k + len(words)]):
                return para, k
    return None


def redact(pair: Pair, rng: random.Random) -> list[str]:
    """Redact the people's names and telephone numbers in the new side of
    ``pair``, in place, marking them and the old side's words as fill-ins;
    the words hidden, one entry a redaction."""
    old_nodes = {n.uid: n for n in _walk(pair.old.nodes)}
    hidden: list[str] = []
    for node in _walk(pair.new.nodes):
        for para in node.paras:
            k = 0
            while k < len(para):
                end = _name_end(para, k + 1) if para[k].text in _RANKS else k + 1
                if end > k + 1:
                    start = k + 1
                elif _PHONE.match(para[k].text) and para[k].edit is None and para[k].fill is None and any(
                        t.fill is not None and t.fill >= _FIRST_ID for t in para[max(0, k - _CONTACT_WORDS):k]):
                    start, end = k, k + 1
                else:
                    k += 1
                    continue
                words = [t.text for t in para[start:end]]
                found = _find(old_nodes[node.uid], words) if node.uid in old_nodes else None
                if found is None:
                    k = end
                    continue
                occurrence = _FIRST_ID + len(hidden)
                old_para, at = found
                for t in old_para[at:at + len(words)]:
                    t.fill = occurrence
                codes = _CODES[0] if rng.random() < 2 / 3 else rng.choice(_CODES[1:])
                tail = words[-1][-1] if words[-1][-1] in ",;." and not codes[-1].endswith(",") else ""
                para[start:end] = [Tok(c, fill=occurrence) for c in codes[:-1]] + [
                    Tok(codes[-1] + tail, fill=occurrence)]
                hidden.append(" ".join(words))
                k = start + len(codes)
    return hidden

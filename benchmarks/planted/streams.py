"""Words and streams: every word of a document in order, as the ground truth
has it (``truth_stream``), as a comparison reports it (``reported_streams``)
or as a plain difflib word diff of the whole texts does (``baseline_streams``).
Words are compared by ``norm``: lower case, punctuation gone.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.planted.model import Doc, flatten


def norm(word: str) -> str:
    """How words are compared: lower case, punctuation gone."""
    return re.sub(r"[\W_]+", "", word.lower())


@dataclass
class Word:
    norm: str
    flag: bool
    #: Ground truth: the planted edit (or None) and the clause uid.
    edit: int | None = None
    clause: int = -1
    #: Reported: the index of the change entry the word came from.
    entry: int = -1
    #: Ground truth (--fill-ins): a word of a replaced agency name that
    #: differs between the sides (``fill``), or any word of one (``fill_ctx``).
    fill: bool = False
    fill_ctx: bool = False
    #: Ground truth (--ocr-noise): a word misread on purpose (old side), or
    #: any word of such a misreading or its clean counterpart.
    noise: bool = False
    noise_ctx: bool = False
    #: Reported: the kind of the non-equal edit the word is in (None: equal).
    kind: str | None = None


def truth_stream(doc: Doc) -> list[Word]:
    """Every word of the document in order: title block, then each clause's
    title and paragraphs (labels are not content)."""
    out = [Word(norm(w), False) for line in doc.title_lines for w in line.split() if norm(w)]
    for n in flatten(doc):
        for t in n.tokens():
            w = norm(t.text)
            if w:
                ctx = t.fill is not None and t.edit is None
                out.append(Word(w, t.edit is not None, t.edit, n.uid, fill=ctx and not t.fill_same, fill_ctx=ctx,
                                noise=t.noise, noise_ctx=t.noise_ctx))
    return out


def _words(text: str | None) -> list[str]:
    return [w for w in (norm(x) for x in (text or "").split()) if w]


def _whole_clause(clause: dict[str, Any], moved: list[dict[str, Any]], entry: int) -> list[Word]:
    """The words of an added or removed clause, all reported substantive but
    those the report says moved to or from another clause (``moved``: spans
    of word indices in its title and text, as moadiff splits them); those
    are scored as a moved edit of a changed clause is, not substantive."""
    title, text = clause.get("title") or "", clause.get("text") or ""
    raw = (f"{title}\n{text}" if title else text).split()
    still = [True] * len(raw)
    for m in moved:
        a, b = m["span"]
        still[a:b] = [False] * (b - a)
    return [Word(norm(w), flag, entry=entry, kind=None if flag else "moved")
            for w, flag in zip(raw, still) if norm(w)]


def reported_streams(report: dict[str, Any]) -> tuple[list[Word], list[Word], int]:
    """The old and new word streams of a comparison, in document order, with
    the words it reports as substantively changed flagged.

    Returns the streams and the number of entries whose edits did not spell
    out their clause's title and text (a breach of the JSON contract).
    """
    mismatches = 0
    sides: dict[str, list[tuple[int, list[Word]]]] = {"old": [], "new": []}
    for e, change in enumerate(report.get("changes", [])):
        status = change.get("status")
        for side in ("old", "new"):
            clause = change.get(side)
            if not clause:
                continue
            expected = _words(clause.get("title")) + _words(clause.get("text"))
            if status in ("removed", "added"):
                words = _whole_clause(clause, change.get("moved_to" if status == "removed" else "moved_from", []), e)
            elif change.get("edits"):
                words = []
                for edit in change["edits"]:
                    flagged = edit.get("op") != "equal" and edit.get("kind") == "substantive"
                    kind = edit.get("kind") if edit.get("op") != "equal" else None
                    words += [Word(w, flagged, entry=e, kind=kind) for w in _words(edit.get(side))]
                if [w.norm for w in words] != expected:
                    mismatches += 1
            else:
                words = [Word(w, False, entry=e) for w in expected]
            sides[side].append((int(clause.get("index", 0)), words))
    streams = []
    for side in ("old", "new"):
        stream: list[Word] = []
        for _, words in sorted(sides[side], key=lambda x: x[0]):
            stream += words
        streams.append(stream)
    return streams[0], streams[1], mismatches


def plain_stream(text: str, flags: Sequence[bool] | None = None) -> list[Word]:
    words = _words(text)
    return [Word(w, bool(flags[i]) if flags else False) for i, w in enumerate(words)]


def baseline_streams(old_text: str, new_text: str) -> tuple[list[Word], list[Word]]:
    """A plain difflib word diff of two whole texts: every non-equal word is reported."""
    a, b = _words(old_text), _words(new_text)
    fa, fb = [False] * len(a), [False] * len(b)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            fa[i1:i2] = [True] * (i2 - i1)
            fb[j1:j2] = [True] * (j2 - j1)
    return [Word(w, f) for w, f in zip(a, fa)], [Word(w, f) for w, f in zip(b, fb)]


def opcodes(a: list[str], b: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    """difflib-style opcodes of a longest common subsequence of two word lists
    (rapidfuzz's Indel, fast; difflib's longest blocks can pair repeated text
    across an edit)."""
    try:
        from rapidfuzz.distance import Indel

        return [(o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end) for o in Indel.opcodes(a, b)]
    except ImportError:  # pragma: no cover
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

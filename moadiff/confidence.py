"""Stage 3b: find the words of each clause that OCR read with low confidence.

Tesseract gives every word it reads a confidence (0-100), kept on the OCR'd
lines (Line.confidences). Cleaning drops furniture, normalises characters
and rejoins hyphenated words, so a clause's words are not the lines' words
one for one. Each clause's words are therefore aligned (by loose key, with
rapidfuzz's Indel alignment) with the words of the pages it spans; a clause
word matched to an OCR'd word below :data:`~moadiff.model.LOW_CONFIDENCE`
is recorded with that confidence (Clause.low_confidence), for the reports
to mark. Documents without OCR'd pages pass through untouched.

Cost: one alignment per clause against the words of its pages, O(n·m/64);
beyond worddiff.MAX_CELLS word pairs, the bounded diff of worddiff.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import cast

from rapidfuzz.distance import Indel

from moadiff.clean import normalize_text
from moadiff.model import LOW_CONFIDENCE, Clause, Document
from moadiff.worddiff import MAX_CELLS, Opcode, bounded_opcodes, loose_key

__all__ = ["mark_low_confidence"]


def _page_words(document: Document) -> dict[int, list[tuple[str, float | None]]]:
    """Per page: (loose key, confidence or None) of each word, in line order."""
    out: dict[int, list[tuple[str, float | None]]] = {}
    for page in document.pages:
        words: list[tuple[str, float | None]] = []
        for line in page.lines:
            raw = line.text.split()
            confs: Sequence[float | None] = line.confidences if len(line.confidences) == len(raw) else [None] * len(raw)
            for word, conf in zip(raw, confs):
                for part in normalize_text(word).split():
                    words.append((loose_key(part), conf))
        out[page.number] = words
    return out


def mark_low_confidence(document: Document, clauses: Sequence[Clause]) -> tuple[Clause, ...]:
    """``clauses`` with ``low_confidence`` filled in from ``document``'s OCR'd pages."""
    if not any(page.ocr for page in document.pages):
        return tuple(clauses)
    pages = _page_words(document)
    out: list[Clause] = []
    for clause in clauses:
        stream = [w for n in range(clause.first_page, clause.last_page + 1) for w in pages.get(n, [])]
        if not any(c is not None and c < LOW_CONFIDENCE for _, c in stream):
            out.append(clause)
            continue
        keys = [loose_key(t) for t in clause.full_text.split()]
        page_keys = [k for k, _ in stream]
        opcodes: list[Opcode]
        if len(keys) * len(page_keys) <= MAX_CELLS:
            # as_list() gives plain tuples; rapidfuzz's stub calls them Opcode objects.
            opcodes = cast(list[Opcode], Indel.opcodes(keys, page_keys).as_list())
        else:
            opcodes, _ = bounded_opcodes(keys, page_keys)  # a huge clause: bounded, maybe approximate
        low: list[tuple[int, float]] = []
        for tag, i1, i2, j1, _ in opcodes:
            if tag != "equal":
                continue
            for k in range(i2 - i1):
                conf = stream[j1 + k][1]
                if conf is not None and conf < LOW_CONFIDENCE:
                    low.append((i1 + k, conf))
        out.append(replace(clause, low_confidence=tuple(low)) if low else clause)
    return tuple(out)

"""Stage 5: a word diff of two clause texts, with each edit given a kind.

Words are compared by a *loose key* (lowercase, letters and digits only) so
that the longest-common-subsequence alignment is not thrown off by case,
quotes or punctuation; what differs only in those is then split out as
"formatting". Whitespace, line breaks and hyphenation never count: a
replaced run whose keys join to the same letters ("70- percent" /
"70-percent", "re-take" / "retake") is an ``equal`` edit whose two sides are
spelled differently.

The LCS is rapidfuzz's bit-parallel Indel alignment, O(n·m/64) time and
memory on word lists; beyond :data:`MAX_CELLS` it diffs sentence by sentence
first and marks nothing as lost (see README, "Complexity").

>>> [(e.op, e.old, e.new, e.kind) for e in diff_words("Notice of 90 days.", "notice of 60 days")]
[('replace', 'Notice', 'notice', 'formatting'), ('equal', 'of', 'of', None), ('replace', '90', '60', 'substantive'), ('replace', 'days.', 'days', 'formatting')]
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence

from rapidfuzz.distance import Indel

from moadiff.model import Edit, Kind

__all__ = ["diff_words", "tokens", "loose_key", "rebuild"]

#: Above this many word pairs (n * m), diff in sentence-sized pieces.
MAX_CELLS = 4_000_000
_NON_KEY = re.compile(r"[^0-9a-z]+")
_SENTENCE = re.compile(r"(?<=[.;:])\s+")

#: A classifier may relabel a substantive edit (fill-in, ocr-noise); it gets
#: the two sides and returns a kind or None to leave it substantive.
Classifier = Callable[[str, str], "Kind | None"]


def tokens(text: str) -> list[str]:
    return text.split()


def loose_key(token: str) -> str:
    """What a word is compared by: lowercase letters and digits.

    >>> loose_key("“Certified”"), loose_key("(DHS),"), loose_key("§")
    ('certified', 'dhs', '§')
    """
    key = _NON_KEY.sub("", token.lower())
    # Pure punctuation keeps itself, so "§" and "-" still align with their twin.
    return key if key else token


def _raw_opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    if not a or not b:
        if a:
            return [("delete", 0, len(a), 0, 0)]
        if b:
            return [("insert", 0, 0, 0, len(b))]
        return []
    return [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Indel.opcodes(a, b)]


def _opcodes(a: Sequence[str], b: Sequence[str], ends_a: Sequence[bool] = (), ends_b: Sequence[bool] = ()
             ) -> list[tuple[str, int, int, int, int]]:
    """Word opcodes with adjacent delete+insert merged into replace.

    ``ends_a``/``ends_b`` mark words that end a sentence, used to cut huge
    texts into pieces (see :func:`_chunked_opcodes`).
    """
    if len(a) * len(b) > MAX_CELLS:
        return _chunked_opcodes(a, b, ends_a, ends_b)
    merged: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in _raw_opcodes(a, b):
        if merged and tag in ("insert", "delete") and merged[-1][0] in ("insert", "delete", "replace"):
            _, pi1, pi2, pj1, pj2 = merged[-1]
            if pi2 == i1 and pj2 == j1:
                merged[-1] = ("replace", pi1, i2, pj1, j2)
                continue
        merged.append((tag, i1, i2, j1, j2))
    return [(("replace" if t == "replace" and i1 < i2 and j1 < j2 else
              ("delete" if j1 == j2 else "insert") if t == "replace" else t), i1, i2, j1, j2)
            for t, i1, i2, j1, j2 in merged]


def _pieces(words: Sequence[str], ends: Sequence[bool]) -> list[tuple[int, int]]:
    """Cut a word list at sentence ends; long runs without one are cut where a
    word's checksum says so, so both texts cut at the same words (content-
    defined chunking) and resynchronise after an insertion."""
    out, start = [], 0
    for i, w in enumerate(words):
        size = i + 1 - start
        if (i < len(ends) and ends[i]) or (size >= 40 and zlib.crc32(w.encode()) % 16 == 0) or size >= 400:
            out.append((start, i + 1))
            start = i + 1
    if start < len(words):
        out.append((start, len(words)))
    return out


def _chunked_opcodes(a: Sequence[str], b: Sequence[str], ends_a: Sequence[bool], ends_b: Sequence[bool]
                     ) -> list[tuple[str, int, int, int, int]]:
    """Bounded fallback for huge texts: align sentences as units, then words
    inside each unequal run of sentences (each run small enough, else it is
    reported as deleted and inserted whole)."""
    sa, sb = _pieces(a, ends_a), _pieces(b, ends_b)
    ka = [" ".join(a[s:e]) for s, e in sa]
    kb = [" ".join(b[s:e]) for s, e in sb]

    def span(pieces: list[tuple[int, int]], lo: int, hi: int, total: int) -> tuple[int, int]:
        if lo < hi:
            return pieces[lo][0], pieces[hi - 1][1]
        at = pieces[lo][0] if lo < len(pieces) else total
        return at, at

    blocks: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in _raw_opcodes(ka, kb):
        if tag != "equal" and blocks and blocks[-1][0] == "change":
            _, pi1, _, pj1, _ = blocks[-1]
            blocks[-1] = ("change", pi1, i2, pj1, j2)
        else:
            blocks.append(("equal" if tag == "equal" else "change", i1, i2, j1, j2))
    out: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in blocks:
        ai1, ai2 = span(sa, i1, i2, len(a))
        bj1, bj2 = span(sb, j1, j2, len(b))
        if tag == "equal":
            out.append(("equal", ai1, ai2, bj1, bj2))
        elif (ai2 - ai1) * (bj2 - bj1) <= MAX_CELLS:
            out.extend((t, i + ai1, k + ai1, j + bj1, m + bj1)
                       for t, i, k, j, m in _opcodes(a[ai1:ai2], b[bj1:bj2]))
        else:
            if ai2 > ai1:
                out.append(("delete", ai1, ai2, bj1, bj1))
            if bj2 > bj1:
                out.append(("insert", ai2, ai2, bj1, bj2))
    return out


def _is_layout_only(old: Sequence[str], new: Sequence[str]) -> bool:
    """Same letters once spaces and hyphens are gone: line breaks, hyphenation."""
    return "".join(loose_key(t) for t in old) == "".join(loose_key(t) for t in new)


def _is_formatting(old: Sequence[str], new: Sequence[str]) -> bool:
    """Differs only in case, punctuation or spacing."""
    strip = lambda ts: "".join(_NON_KEY.sub("", t.lower()) for t in ts)  # noqa: E731
    return strip(old) == strip(new)


def diff_words(old: str, new: str, *, classify: Classifier | None = None) -> tuple[Edit, ...]:
    """Word-level edits turning ``old`` into ``new``.

    Joining the ``old`` sides of the result (with spaces) gives ``old``'s
    words; joining the ``new`` sides gives ``new``'s.
    """
    a, b = tokens(old), tokens(new)
    ka, kb = [loose_key(t) for t in a], [loose_key(t) for t in b]
    edits: list[Edit] = []

    def emit(op: str, oa: Sequence[str], nb: Sequence[str], kind: Kind | None) -> None:
        o, n = " ".join(oa), " ".join(nb)
        if edits and edits[-1].op == op and edits[-1].kind == kind and op == "equal":
            prev = edits[-1]
            edits[-1] = Edit("equal", f"{prev.old} {o}".strip(), f"{prev.new} {n}".strip(), None)
            return
        edits.append(Edit(op, o, n, kind))  # type: ignore[arg-type]

    ends = lambda ts: [t.endswith((".", ";", ":", "?", "!")) for t in ts]  # noqa: E731
    for tag, i1, i2, j1, j2 in _opcodes(ka, kb, ends(a), ends(b)):
        if tag == "equal":
            # Equal keys; split out words whose spelling differs (case, punctuation).
            run_start = i1
            for off in range(i2 - i1):
                ta, tb = a[i1 + off], b[j1 + off]
                if ta != tb and ta.replace("-", "") != tb.replace("-", ""):
                    if run_start < i1 + off:
                        s = run_start - i1
                        emit("equal", a[run_start:i1 + off], b[j1 + s:j1 + off], None)
                    emit("replace", [ta], [tb], "formatting")
                    run_start = i1 + off + 1
            if run_start < i2:
                s = run_start - i1
                emit("equal", a[run_start:i2], b[j1 + s:j2], None)
            continue
        oa, nb = a[i1:i2], b[j1:j2]
        if oa and nb and _is_layout_only(oa, nb):
            emit("equal", oa, nb, None)
            continue
        if (oa or nb) and _is_formatting(oa, nb):
            emit(tag, oa, nb, "formatting")
            continue
        kind: Kind = "substantive"
        if classify is not None:
            kind = classify(" ".join(oa), " ".join(nb)) or "substantive"
        emit(tag, oa, nb, kind)
    return _merge_formatting(edits)


def _merge_formatting(edits: list[Edit]) -> tuple[Edit, ...]:
    """Join neighbouring formatting replaces into one edit for readability."""
    out: list[Edit] = []
    for e in edits:
        if out and e.kind == "formatting" and out[-1].kind == "formatting" and e.op == out[-1].op == "replace":
            prev = out[-1]
            out[-1] = Edit("replace", f"{prev.old} {e.old}", f"{prev.new} {e.new}", "formatting")
        else:
            out.append(e)
    return tuple(out)


def rebuild(edits: Sequence[Edit]) -> tuple[str, str]:
    """The two texts an edit list stands for (words joined by single spaces)."""
    old = " ".join(e.old for e in edits if e.old)
    new = " ".join(e.new for e in edits if e.new)
    return old, new

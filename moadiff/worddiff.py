"""Stage 5: a word diff of two clause texts, with each edit given a kind.

Words are compared by a *loose key* (lowercase, letters and digits only) so
that the longest-common-subsequence alignment is not thrown off by case,
quotes or punctuation; what differs only in those is then split out as
"formatting". Whitespace, line breaks and hyphenation never count: a
replaced run whose keys join to the same letters ("70- percent" /
"70-percent", "re-take" / "retake") is an ``equal`` edit whose two sides are
spelled differently.

The LCS is rapidfuzz's bit-parallel Indel alignment, O(n·m/64) time and
n·m/8 bytes on word lists. Beyond :data:`MAX_CELLS` word pairs (past the
common prefix and suffix) the diff is bounded (:func:`bounded_opcodes`):
sentence-sized pieces are aligned first, anchored on the pieces and words
that are unique on both sides as patience diff does, and what still has no
anchor is diffed through sliding windows. Such edits are marked
``approximate``; they still rebuild both texts (see README, "Complexity").

>>> [(e.op, e.old, e.new, e.kind) for e in diff_words("Notice of 90 days.", "notice of 60 days")]
[('replace', 'Notice', 'notice', 'formatting'), ('equal', 'of', 'of', None), ('replace', '90', '60', 'substantive'), ('replace', 'days.', 'days', 'formatting')]
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from typing import cast

from rapidfuzz.distance import Indel

from moadiff.model import Edit, Kind, Op

__all__ = ["MAX_CELLS", "bounded_opcodes", "diff_words", "loose_key", "rebuild", "tokens"]

#: Above this many word pairs (n * m), diff in sentence-sized pieces.
MAX_CELLS = 4_000_000
_NON_KEY = re.compile(r"[^0-9a-z]+")
_SENTENCE = re.compile(r"(?<=[.;:])\s+")

#: difflib's opcode: (tag, i1, i2, j1, j2).
Opcode = tuple[str, int, int, int, int]
_OPS: dict[str, Op] = {"equal": "equal", "insert": "insert", "delete": "delete", "replace": "replace"}

#: A classifier may relabel a substantive edit (fill-in, ocr-noise); it gets
#: the two sides and returns a kind or None to leave it substantive.
Classifier = Callable[[str, str], "Kind | None"]


def tokens(text: str) -> list[str]:
    return text.split()


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 16)  # hot: the noise stage asks about the same tokens cell after cell
def loose_key(token: str) -> str:
    """What a word is compared by: lowercase letters and digits.

    >>> loose_key("“Certified”"), loose_key("(DHS),"), loose_key("§")
    ('certified', 'dhs', '§')
    """
    key = _NON_KEY.sub("", token.lower())
    # Pure punctuation keeps itself, so "§" and "-" still align with their twin.
    return key if key else token


def _raw_opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    if not a or not b:
        if a:
            return [("delete", 0, len(a), 0, 0)]
        if b:
            return [("insert", 0, 0, 0, len(b))]
        return []
    # as_list() gives plain tuples; rapidfuzz's stub calls them Opcode objects.
    return cast(list[Opcode], Indel.opcodes(a, b).as_list())


def _merge_runs(ops: Sequence[Opcode]) -> list[Opcode]:
    """Adjacent runs of the same op, and adjacent delete and insert runs,
    merged (a delete next to an insert is one replace)."""
    merged: list[Opcode] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if i1 == i2 and j1 == j2:
            continue
        if merged:
            pt, pi1, _, pj1, _ = merged[-1]
            if (tag == "equal") == (pt == "equal"):
                if tag != "equal":
                    tag = "replace" if pi1 < i2 and pj1 < j2 else tag
                merged[-1] = (tag, pi1, i2, pj1, j2)
                continue
        merged.append(op)
    return merged


def _opcodes(a: Sequence[str], b: Sequence[str], ends_a: Sequence[bool] = (), ends_b: Sequence[bool] = ()
             ) -> tuple[list[Opcode], bool]:
    """Word opcodes with adjacent delete+insert merged into replace, and
    whether they are approximate (see :func:`bounded_opcodes`).

    ``ends_a``/``ends_b`` mark words that end a sentence, used to cut huge
    texts into pieces (see :func:`_piecewise_opcodes`).
    """
    if len(a) * len(b) <= MAX_CELLS:
        return _merge_runs(_raw_opcodes(a, b)), False
    ops, approximate = _piecewise_opcodes(a, b, ends_a, ends_b)
    return (_coarsen(ops) if approximate else ops), approximate


#: In an approximate diff, equal runs of at most this many words between two
#: changes at least as long are folded into them.
_FOLD_WORDS = 2


def _coarsen(ops: list[Opcode]) -> list[Opcode]:
    """Fold short equal runs into the changes around them ("the" kept
    between two rewritten passages): fewer, longer edits, as a reader would
    mark them; the texts they rebuild are the same.

    >>> _coarsen([("replace", 0, 3, 0, 3), ("equal", 3, 4, 3, 4), ("delete", 4, 6, 4, 4)])
    [('replace', 0, 6, 0, 4)]
    """
    out: list[Opcode] = []
    for op in ops:
        out.append(op)
        while len(out) >= 3 and out[-1][0] != "equal" and out[-2][0] == "equal" and out[-3][0] != "equal":
            last, same, first = out[-1], out[-2], out[-3]
            if same[2] - same[1] > min(_FOLD_WORDS, max(last[2] - last[1], last[4] - last[3]),
                                       max(first[2] - first[1], first[4] - first[3])):
                break
            del out[-3:]
            out.append(("replace", first[1], last[2], first[3], last[4]))
    return _merge_runs(out)


def _pieces(words: Sequence[str], ends: Sequence[bool], lo: int, hi: int) -> list[tuple[int, int]]:
    """Cut ``words[lo:hi]`` at sentence ends; long runs without one are cut
    where a word's checksum says so, so both texts cut at the same words
    (content-defined chunking) and resynchronise after an insertion."""
    out, start = [], lo
    for i in range(lo, hi):
        size = i + 1 - start
        if (i < len(ends) and ends[i]) or (size >= 40 and zlib.crc32(words[i].encode()) % 16 == 0) or size >= 400:
            out.append((start, i + 1))
            start = i + 1
    if start < hi:
        out.append((start, hi))
    return out


def _common_ends(a: Sequence[Hashable], b: Sequence[Hashable], i1: int, i2: int, j1: int, j2: int
                 ) -> tuple[int, int]:
    """Lengths of the common prefix and suffix of a[i1:i2] and b[j1:j2]."""
    pre = 0
    while i1 + pre < i2 and j1 + pre < j2 and a[i1 + pre] == b[j1 + pre]:
        pre += 1
    suf = 0
    while i2 - suf > i1 + pre and j2 - suf > j1 + pre and a[i2 - suf - 1] == b[j2 - suf - 1]:
        suf += 1
    return pre, suf


def _unique_anchors(a: Sequence[Hashable], b: Sequence[Hashable], i1: int, i2: int, j1: int, j2: int
                    ) -> list[tuple[int, int]]:
    """Patience diff's anchors: items that occur exactly once in a[i1:i2]
    and once in b[j1:j2], the longest chain of them in the same order on
    both sides (O(k log k) patience sorting)."""
    count_a = Counter(a[i1:i2])
    count_b = Counter(b[j1:j2])
    where_b = {b[j]: j for j in range(j1, j2) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(i1, i2) if count_a[a[i]] == 1 and a[i] in where_b]
    # Longest increasing subsequence of the b positions, in a order.
    tails: list[int] = []  # tails[k]: index into pairs of the chain of length k+1 ending lowest
    tail_js: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tail_js, j)
        back[k] = tails[at - 1] if at else -1
        if at == len(tails):
            tails.append(k)
            tail_js.append(j)
        else:
            tails[at] = k
            tail_js[at] = j
    chain: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _windowed(a: Sequence[Hashable], b: Sequence[Hashable], i1: int, i2: int, j1: int, j2: int,
              cells: int, out: list[Opcode]) -> None:
    """The last resort: an exact diff of a window of each side at a time
    (√cells items), keeping what it settles in the window's first half and
    sliding on. Linear in the lengths; where a window has nothing in
    common, half of each window is reported replaced."""
    width = max(16, math.isqrt(cells))
    half = width // 2
    while i1 < i2 and j1 < j2:
        e1, e2 = min(i2, i1 + width), min(j2, j1 + width)
        ops = _raw_opcodes(a[i1:e1], b[j1:e2])
        if e1 == i2 and e2 == j2:
            out.extend((t, i1 + p, i1 + q, j1 + r, j1 + s) for t, p, q, r, s in ops)
            return
        # Keep the runs that end in the first half of both windows (a side
        # whose window reaches its end has no half: all of it counts).
        lim_a = half if e1 < i2 else width
        lim_b = half if e2 < j2 else width
        keep = 0
        while keep < len(ops) and ops[keep][2] <= lim_a and ops[keep][4] <= lim_b:
            keep += 1
        if keep == 0:
            # A long change opens the window: keep it, up to its first equal run.
            keep = next((k + 1 for k, op in enumerate(ops) if op[0] == "equal"), 0)
        if keep == 0:
            # Nothing in common in either window: give up on half of each.
            step_a, step_b = min(half, e1 - i1), min(half, e2 - j1)
            out.append(("replace", i1, i1 + step_a, j1, j1 + step_b))
            i1, j1 = i1 + step_a, j1 + step_b
            continue
        out.extend((t, i1 + p, i1 + q, j1 + r, j1 + s) for t, p, q, r, s in ops[:keep])
        i1, j1 = i1 + ops[keep - 1][2], j1 + ops[keep - 1][4]
    if i1 < i2:
        out.append(("delete", i1, i2, j1, j1))
    elif j1 < j2:
        out.append(("insert", i1, i1, j1, j2))


def bounded_opcodes(a: Sequence[Hashable], b: Sequence[Hashable], *, cells: int = MAX_CELLS
                    ) -> tuple[list[Opcode], bool]:
    """difflib-style opcodes turning ``a`` into ``b`` within a bounded budget,
    and whether they are approximate.

    The common prefix and suffix are taken first (as every longest common
    subsequence may). If what remains has at most ``cells`` item pairs, its
    diff is rapidfuzz's exact LCS (O(n·m/64) time, n·m/8 bytes). Otherwise,
    as patience diff does, items unique on both sides anchor the diff and the
    gaps between them are diffed the same way; a gap with no such anchor is
    diffed through sliding windows of √cells items. The result is then not
    necessarily a *longest* common subsequence, and is marked approximate;
    it always covers both sequences, so no item is ever lost.

    >>> bounded_opcodes("abcd", "abxd")
    ([('equal', 0, 2, 0, 2), ('replace', 2, 3, 2, 3), ('equal', 3, 4, 3, 4)], False)
    """
    out: list[Opcode] = []
    approximate = False
    # Anchor scans cost O(gap) each; a budget keeps a pathological cascade
    # of one-anchor gaps linear (then the windows take over).
    scan_budget = 8 * (len(a) + len(b)) + 1_000_000
    # Work to do, popped in order: a gap to diff ("gap", i1, i2, j1, j2) or
    # an opcode to emit.
    stack: list[Opcode] = [("gap", 0, len(a), 0, len(b))]
    while stack:
        task = stack.pop()
        if task[0] != "gap":
            out.append(task)
            continue
        _, i1, i2, j1, j2 = task
        pre, suf = _common_ends(a, b, i1, i2, j1, j2)
        if pre:
            out.append(("equal", i1, i1 + pre, j1, j1 + pre))
        m1, m2, n1, n2 = i1 + pre, i2 - suf, j1 + pre, j2 - suf
        if suf:
            stack.append(("equal", m2, i2, n2, j2))
        if m1 == m2 or n1 == n2 or (m2 - m1) * (n2 - n1) <= cells:
            out.extend((t, m1 + p, m1 + q, n1 + r, n1 + s) for t, p, q, r, s in _raw_opcodes(a[m1:m2], b[n1:n2]))
            continue
        approximate = True
        anchors: list[tuple[int, int]] = []
        if scan_budget > 0:
            scan_budget -= (m2 - m1) + (n2 - n1)
            anchors = _unique_anchors(a, b, m1, m2, n1, n2)
        if not anchors:
            _windowed(a, b, m1, m2, n1, n2, cells, out)
            continue
        # The gaps between anchors and the anchors, pushed to pop in order.
        bounds = [(m1 - 1, n1 - 1), *anchors, (m2, n2)]
        for (x0, y0), (x1, y1) in reversed(list(itertools.pairwise(bounds))):
            if (x1, y1) != (m2, n2):
                stack.append(("equal", x1, x1 + 1, y1, y1 + 1))
            stack.append(("gap", x0 + 1, x1, y0 + 1, y1))
    return _merge_runs(out), approximate


def _piecewise_opcodes(a: Sequence[str], b: Sequence[str], ends_a: Sequence[bool], ends_b: Sequence[bool]
                       ) -> tuple[list[Opcode], bool]:
    """Bounded diff of huge texts: the common prefix and suffix, then the
    middle cut into sentence-sized pieces aligned as units, then words inside
    each unequal run of pieces (every step through :func:`bounded_opcodes`)."""
    n, m = len(a), len(b)
    pre, suf = _common_ends(a, b, 0, n, 0, m)
    m1, m2, n1, n2 = pre, n - suf, pre, m - suf
    ops: list[Opcode] = [("equal", 0, pre, 0, pre)] if pre else []
    if (m2 - m1) * (n2 - n1) <= MAX_CELLS:
        ops += [(t, m1 + p, m1 + q, n1 + r, n1 + s) for t, p, q, r, s in _raw_opcodes(a[m1:m2], b[n1:n2])]
        approximate = False
    else:
        approximate = True
        sa, sb = _pieces(a, ends_a, m1, m2), _pieces(b, ends_b, n1, n2)
        ka = [" ".join(a[s:e]) for s, e in sa]
        kb = [" ".join(b[s:e]) for s, e in sb]
        piece_ops, _ = bounded_opcodes(ka, kb)
        for tag, i1, i2, j1, j2 in piece_ops:
            ai1 = sa[i1][0] if i1 < len(sa) else m2
            ai2 = sa[i2 - 1][1] if i2 > i1 else ai1
            bj1 = sb[j1][0] if j1 < len(sb) else n2
            bj2 = sb[j2 - 1][1] if j2 > j1 else bj1
            if tag == "equal":
                ops.append(("equal", ai1, ai2, bj1, bj2))
                continue
            # Words inside an unequal run of pieces (all of it, if no piece
            # is shared: then the words' own anchors and windows decide). A
            # run that keeps under half its words is a rewrite: one replace,
            # not a scatter of "the" and "of" kept by chance.
            inner, _ = bounded_opcodes(a[ai1:ai2], b[bj1:bj2])
            kept = sum(q - p for t, p, q, _, _ in inner if t == "equal")
            if 4 * kept < (ai2 - ai1) + (bj2 - bj1):
                inner = [("replace", 0, ai2 - ai1, 0, bj2 - bj1)]
            ops += [(t, ai1 + p, ai1 + q, bj1 + r, bj1 + s) for t, p, q, r, s in inner]
    if suf:
        ops.append(("equal", m2, n, n2, m))
    return _merge_runs(ops), approximate


def _is_layout_only(old: Sequence[str], new: Sequence[str]) -> bool:
    """Same letters once spaces and hyphens are gone: line breaks, hyphenation."""
    return "".join(loose_key(t) for t in old) == "".join(loose_key(t) for t in new)


@lru_cache(maxsize=1 << 16)
def _letters(token: str) -> str:
    return _NON_KEY.sub("", token.lower())


def _is_formatting(old: Sequence[str], new: Sequence[str]) -> bool:
    """Differs only in case, punctuation or spacing."""
    return "".join(map(_letters, old)) == "".join(map(_letters, new))


def _sentence_ends(words: Sequence[str]) -> list[bool]:
    return [t.endswith((".", ";", ":", "?", "!")) for t in words]


def _whole(ends: Sequence[bool], start: int, end: int) -> bool:
    """Whether words ``start:end`` are whole sentences."""
    return end > start and ends[end - 1] and (start == 0 or ends[start - 1])


#: Regrouping looks across equal runs of at most this many words.
_REGROUP_WORDS = 6


def _regrouped(ops: list[Opcode], ka: Sequence[str], kb: Sequence[str], ends_a: Sequence[bool],
               ends_b: Sequence[bool]) -> list[Opcode]:
    """Deletions (or insertions) split by a few words the LCS matched inside
    them, regrouped as one run of whole sentences when the same words stand
    at its other end.

    Deleting "ICE is responsible for the salaries ... supervisors." before
    "The LEA is ..." can match the new side's "The" with the deleted
    sentence's "the" (two deletions around it) or with the next sentence's
    "The" (one deletion): the same length to the LCS; a reader deleted a
    sentence.

    >>> old = "ICE pays for the salaries. The LEA pays.".split()
    >>> new = "The LEA pays.".split()
    >>> ops = [("delete", 0, 3, 0, 0), ("equal", 3, 4, 0, 1), ("delete", 4, 6, 1, 1), ("equal", 6, 8, 1, 3)]
    >>> _regrouped(ops, [w.lower() for w in old], [w.lower() for w in new], _sentence_ends(old), _sentence_ends(new))
    [('delete', 0, 5, 0, 0), ('equal', 5, 6, 0, 1), ('equal', 6, 8, 1, 3)]
    """
    out: list[Opcode] = []
    n = 0
    while n < len(ops):
        found = _regroup_at(ops, n, ka, kb, ends_a, ends_b)
        if found is None:
            out.append(ops[n])
            n += 1
        else:
            out += found[0]
            n = found[1]
    return out


def _regroup_at(ops: list[Opcode], n: int, ka: Sequence[str], kb: Sequence[str], ends_a: Sequence[bool],
                ends_b: Sequence[bool]) -> tuple[list[Opcode], int] | None:
    """The longest run of ``ops`` from ``n`` that :func:`_regrouped` can
    make one change of whole sentences and one equal run, and where it ends."""
    tag = ops[n][0]
    if tag not in ("delete", "insert"):
        return None
    last = n
    m = n + 1
    while m < len(ops) and (ops[m][0] == tag or (ops[m][0] == "equal" and ops[m][2] - ops[m][1] <= _REGROUP_WORDS)):
        if ops[m][0] == tag:
            last = m
        m += 1
    for end in range(last, n + 1, -1):
        if ops[end][0] != tag:
            continue
        i1, i2, j1, j2 = ops[n][1], ops[end][2], ops[n][3], ops[end][4]
        if tag == "delete":
            whole, kept, ends, lo, hi = ka[i1:i2], kb[j1:j2], ends_a, i1, i2
        else:
            whole, kept, ends, lo, hi = kb[j1:j2], ka[i1:i2], ends_b, j1, j2
        size = len(kept)
        if list(whole[len(whole) - size:]) == list(kept) and _whole(ends, lo, hi - size):
            changed = (tag, i1, i2 - size, j1, j1) if tag == "delete" else (tag, i1, i1, j1, j2 - size)
            same = ("equal", i2 - size, i2, j1, j2) if tag == "delete" else ("equal", i1, i2, j2 - size, j2)
            return [changed, same], end + 1
        if list(whole[:size]) == list(kept) and _whole(ends, lo + size, hi):
            same = ("equal", i1, i1 + size, j1, j2) if tag == "delete" else ("equal", i1, i2, j1, j1 + size)
            changed = (tag, i1 + size, i2, j2, j2) if tag == "delete" else (tag, i2, i2, j1 + size, j2)
            return [same, changed], end + 1
    return None


def _slid(ops: list[Opcode], ka: Sequence[str], kb: Sequence[str], ends_a: Sequence[bool],
          ends_b: Sequence[bool]) -> list[Opcode]:
    """Inserted and deleted runs slid to whole sentences where they can be.

    A run between two equal runs can slide while the word it gives up at one
    end is the word it takes at the other: deleting "The LEA is responsible
    ... operations." before "The LEA is also ..." reads the same to the LCS
    as deleting "responsible ... operations. The LEA is". A reader deleted
    the sentence, so the run is placed to start after a sentence end and end
    on one, when some place within its slide does; else it stays.

    >>> k = "a. the lea is x. the lea is y.".split()
    >>> _slid([("equal", 0, 4, 0, 4), ("delete", 4, 8, 4, 4), ("equal", 8, 11, 4, 7)],
    ...       k, k[:1] + k[5:], _sentence_ends(k), [])
    [('equal', 0, 1, 0, 1), ('delete', 1, 5, 1, 1), ('equal', 5, 11, 1, 7)]
    """
    out = list(ops)
    for n in range(1, len(out) - 1):
        (pt, pi1, _, pj1, _), (tag, i1, i2, j1, j2), (nt, _, ni2, _, nj2) = out[n - 1], out[n], out[n + 1]
        if pt != "equal" or nt != "equal" or tag not in ("delete", "insert"):
            continue
        keys, ends, lo, hi, lo_bound, hi_bound = ((ka, ends_a, i1, i2, pi1, ni2) if tag == "delete"
                                                  else (kb, ends_b, j1, j2, pj1, nj2))
        if not ends:
            continue
        start = lo
        while start > lo_bound and keys[start - 1] == keys[start - 1 + hi - lo]:
            start -= 1
        best = None
        for at in range(start, hi_bound - (hi - lo) + 1):
            if at > lo and keys[at - 1] != keys[at - 1 + hi - lo]:
                break
            if ends[at + hi - lo - 1] and (at == 0 or ends[at - 1]):
                best = at if best is None or abs(at - lo) < abs(best - lo) else best
        if best is None or best == lo:
            continue
        d = best - lo  # both sides move: the run's empty side sits where it is cut
        out[n - 1] = (pt, pi1, out[n - 1][2] + d, pj1, out[n - 1][4] + d)
        out[n] = (tag, i1 + d, i2 + d, j1 + d, j2 + d)
        out[n + 1] = (nt, out[n + 1][1] + d, ni2, out[n + 1][3] + d, nj2)
    return [op for op in out if op[1] < op[2] or op[3] < op[4]]


def _breaks(words: Sequence[str]) -> list[bool]:
    """Words after which a sentence starts: sentence ends, and a heading's
    last word (upper case) before a capitalised one ("PURPOSE The ...").

    >>> _breaks("II. PURPOSE The purpose of it. This".split())
    [True, True, False, False, False, True, False]
    """
    ends = _sentence_ends(words)
    return [end or (w.isupper() and len(w) > 1 and k + 1 < len(words) and words[k + 1][:1].isupper())
            for k, (w, end) in enumerate(zip(words, ends))]


def diff_words(old: str, new: str, *, classify: Classifier | None = None) -> tuple[Edit, ...]:
    """Word-level edits turning ``old`` into ``new``.

    Joining the ``old`` sides of the result (with spaces) gives ``old``'s
    words; joining the ``new`` sides gives ``new``'s. Each edit's span
    (``i1:i2``, ``j1:j2``) indexes ``old.split()`` and ``new.split()``, and
    the spans tile both word lists in order.

    >>> [(e.op, e.old_span, e.new_span) for e in diff_words("pay 90 days", "pay 60 days")]
    [('equal', (0, 1), (0, 1)), ('replace', (1, 2), (1, 2)), ('equal', (2, 3), (2, 3))]
    """
    a, b = tokens(old), tokens(new)
    ka, kb = [loose_key(t) for t in a], [loose_key(t) for t in b]
    opcodes, approximate = _opcodes(ka, kb, _sentence_ends(a), _sentence_ends(b))
    breaks_a, breaks_b = _breaks(a), _breaks(b)
    opcodes = _slid(_regrouped(opcodes, ka, kb, breaks_a, breaks_b), ka, kb, breaks_a, breaks_b)
    # Runs as opcodes with a kind, joined into words once at the end (joining
    # as we go is quadratic on a huge clause): (op, i1, i2, j1, j2, kind).
    runs: list[tuple[Op, int, int, int, int, Kind | None]] = []

    def emit(op: Op, i1: int, i2: int, j1: int, j2: int, kind: Kind | None) -> None:
        # Neighbouring equal runs join, and so do neighbouring formatting replaces.
        if runs and runs[-1][0] == op and runs[-1][5] == kind and (
                op == "equal" or (op == "replace" and kind == "formatting")):
            runs[-1] = (op, runs[-1][1], i2, runs[-1][3], j2, kind)
            return
        runs.append((op, i1, i2, j1, j2, kind))

    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            # Equal keys; split out words whose spelling differs (case, punctuation).
            run_start = i1
            for off in range(i2 - i1):
                ta, tb = a[i1 + off], b[j1 + off]
                if ta != tb and ta.replace("-", "") != tb.replace("-", ""):
                    if run_start < i1 + off:
                        emit("equal", run_start, i1 + off, j1 + run_start - i1, j1 + off, None)
                    emit("replace", i1 + off, i1 + off + 1, j1 + off, j1 + off + 1, "formatting")
                    run_start = i1 + off + 1
            if run_start < i2:
                emit("equal", run_start, i2, j1 + run_start - i1, j2, None)
            continue
        op = _OPS[tag]
        oa, nb = a[i1:i2], b[j1:j2]
        if oa and nb and _is_layout_only(oa, nb):
            emit("equal", i1, i2, j1, j2, None)
            continue
        if (oa or nb) and _is_formatting(oa, nb):
            emit(op, i1, i2, j1, j2, "formatting")
            continue
        kind: Kind = "substantive"
        if classify is not None:
            kind = classify(" ".join(oa), " ".join(nb)) or "substantive"
        emit(op, i1, i2, j1, j2, kind)
    # In an approximate diff every change is marked: its run may be longer
    # than the words that really changed.
    return tuple(Edit(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]), kind, approximate and op != "equal",
                      i1, i2, j1, j2)
                 for op, i1, i2, j1, j2, kind in runs)


def rebuild(edits: Sequence[Edit]) -> tuple[str, str]:
    """The two texts an edit list stands for (words joined by single spaces)."""
    old = " ".join(e.old for e in edits if e.old)
    new = " ".join(e.new for e in edits if e.new)
    return old, new

"""Stage 4: decide which old clause is which new clause, by content.

Ids are not trusted: "V.D" in 2020 is "V.C" in 2025 once V.C is deleted, and
OCR mangles labels. The alignment is global, order-aware and deterministic,
and its work is bounded:

1. **Anchors.** Clauses whose text is identical (by loose key) and unique on
   both sides, plus *mutual best* fuzzy pairs scoring at least
   ``move_cutoff``, are candidate anchors. The heaviest chain of them that
   keeps both documents' order (a weighted LIS, O(k log k)) is kept in
   place (:func:`moadiff.chain.heaviest_chain`); the other candidates are
   clauses that moved. A section counts once, whatever its subsections:
   moving a long section ahead of two short siblings reports the long one
   as moved, as a reader would.
2. **Gaps.** Between consecutive anchors the unmatched clauses are aligned by
   a weighted LCS (dynamic programming, O(g·h) per gap:
   :func:`moadiff.chain.table_chain`) over rapidfuzz similarity, counting
   only pairs at or above ``match_cutoff``.
3. **Leftovers.** Unmatched clauses anywhere are paired best-score-first
   (ties by position) when at least ``move_cutoff``: these moved and changed.
   Then, by content, a clause that moved *and* was edited (a sentence
   inserted, a word changed), which scores lower: pairs at or above
   ``match_cutoff`` where most of the shorter clause's words are in the
   longer one (:data:`MOVE_COVER`, :func:`_cover`).
4. **Splits and merges.** A leftover clause next to a matched one whose text
   it completes (old B ≈ new B1 + B2) joins that pairing, when most of its
   own words are words of B that B1 lacks (:func:`_completes`): a new
   section inserted after one that gained a sentence is added, not merged.
   The join must also pay (:func:`_gains`): 5 points of similarity more,
   or fewer characters left unmatched than the pairing alone (a short
   section whose heading one side read as text, beside a long one).

Whatever is still unmatched is added or removed. Finally, the pairings
outside the heaviest order-keeping chain are flagged ``moved`` (a split or
merge by the pair it grew from).

Each phase is a function (``_anchor``, ``_gaps`` and ``_fill_gap``,
``_pair_leftovers``, ``_join``, then ``_pairings``). What they share is one
working state, ``_Work`` (the keys, the scores, the pairs matched so far),
made by ``_start``; each phase only adds to it, in that order.

Similarity is rapidfuzz's normalised Indel similarity on the clauses' loose
word keys. The work is bounded (see README, "Complexity"):

- with more than :data:`MAX_PAIRS` clause pairs, fuzzy matching is limited
  to the gaps;
- a gap with more than :data:`MAX_PAIRS` pairs first pairs its identical
  clauses in order (an exact LCS of their keys, :func:`worddiff.bounded_opcodes`),
  and scores only the smaller gaps that leaves;
- a gap still too large is scored along its diagonal only, in a band of
  :data:`MAX_PAIRS` pairs;
- scoring stops when it has compared :data:`SCORE_CELLS` character pairs in
  all (the global pass is skipped if it alone would pass that);
- a gap too large for the DP of step 2 takes the same optimum from a sparse
  heaviest chain of its scored pairs;
- two clauses too long to compare character by character
  (:data:`SIM_CELLS`) get a similarity estimated from their words.

Where a bound cost a clause its chance of a match, or a similarity was
estimated, the pairing is marked ``approximate``.

>>> from moadiff.model import Clause
>>> c = lambda i, cid, text: Clause(cid, cid, "", text, 1, 1, 1, "subsection", index=i)
>>> old = [c(0, "V.A", "complaints go to OPR"), c(1, "V.B", "outreach to the community"),
...        c(2, "V.C", "release of information to third parties")]
>>> new = [c(0, "V.A", "complaints go to OPR"), c(1, "V.B", "release of information to third parties")]
>>> [([o.id for o in p.old], [n.id for n in p.new]) for p in align(old, new)]
[(['V.A'], ['V.A']), (['V.B'], []), (['V.C'], ['V.B'])]
"""

from __future__ import annotations

import bisect
import itertools
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from moadiff.chain import heaviest_chain, table_chain
from moadiff.model import Clause, Options, Pairing
from moadiff.worddiff import bounded_opcodes, loose_key

__all__ = ["align", "clause_key", "similarity"]

_ROLE_KINDS = ("signature", "title", "preamble")
#: Weight ratio between a clause level and the next one down (chain choice).
_LEVEL_BASE = 1e4
#: Above this many (old x new) clause pairs, skip the global fuzzy passes.
MAX_PAIRS = 250_000
#: Character pairs (len(a) * len(b)) above which a similarity is estimated
#: from word counts (rapidfuzz compares 2-4e10 character pairs a second).
SIM_CELLS = 1_000_000_000
#: Character pairs that fuzzy scoring may compare in all, in one alignment
#: (about a second; a 60-page agreement against another takes a third).
SCORE_CELLS = 40_000_000_000
#: Gaps with more (old x new) pairs than this take the sparse chain, not the DP.
DP_CELLS = 40_000

_Pair = tuple[int, int]  # (old index, new index)


def clause_key(clause: Clause) -> str:
    """The text a clause is matched by: its title and body as loose words."""
    return " ".join(loose_key(t) for t in clause.full_text.split())


def similarity(a: str, b: str) -> float:
    """0-100; a blank pair is identical. Above :data:`SIM_CELLS` it is
    :func:`estimated_similarity`."""
    if not a and not b:
        return 100.0
    if len(a) * len(b) > SIM_CELLS:
        return estimated_similarity(a, b)
    return float(fuzz.ratio(a, b))


@lru_cache(maxsize=4)  # a huge pair is scored, then scored again as a pairing
def estimated_similarity(a: str, b: str) -> float:
    """0-100: the share of characters in words the two texts have in common,
    ignoring order. Linear time: what :func:`similarity` gives for texts too
    long to compare character by character.

    >>> estimated_similarity("a b c", "c b a"), estimated_similarity("a b", "c d")
    (100.0, 0.0)
    """
    if not a and not b:
        return 100.0
    ca, cb = Counter(a.split()), Counter(b.split())
    common = sum(min(n, cb[w]) * (len(w) + 1) for w, n in ca.items() if w in cb)
    return min(100.0, 200.0 * common / (len(a) + len(b) + 2))


class _Budget:
    """Character pairs fuzzy scoring may still compare (see SCORE_CELLS)."""

    __slots__ = ("cells",)

    def __init__(self, cells: int) -> None:
        self.cells = cells

    def spend(self, olds: Sequence[int], news: Sequence[int], ko: Sequence[str], kn: Sequence[str]) -> bool:
        """Take the cost of scoring olds x news, if it fits: len(a)·len(b)
        character pairs each, or len(a) + len(b) for a pair long enough to
        be estimated (O((g + h) log h) with sorted lengths)."""
        lengths = sorted(len(kn[j]) for j in news)
        prefix = list(itertools.accumulate(lengths, initial=0))
        cost = 0
        for i in olds:
            la = len(ko[i])
            k = bisect.bisect_right(lengths, SIM_CELLS // la) if la else len(lengths)
            cost += la * prefix[k] + (len(lengths) - k) * la + prefix[-1] - prefix[k]
            if cost > self.cells:
                return False
        self.cells -= cost
        return True


def _scores(olds: Sequence[int], news: Sequence[int], ko: Sequence[str], kn: Sequence[str],
            cutoff: float, into: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """Similarity of every (old, new) pair at or above ``cutoff`` (rapidfuzz's
    C loop, one query row at a time; no numpy needed). Pairs too long to
    compare exactly are estimated; those are returned."""
    estimated: set[tuple[int, int]] = set()
    news = list(news)
    choices = [kn[j] for j in news]
    longest = max((len(c) for c in choices), default=0)
    for i in olds:
        if len(ko[i]) * longest <= SIM_CELLS:
            rows = news
        else:
            rows = [j for j in news if len(ko[i]) * len(kn[j]) <= SIM_CELLS]
            for j in news:
                if len(ko[i]) * len(kn[j]) > SIM_CELLS and (s := estimated_similarity(ko[i], kn[j])) >= cutoff:
                    into[(i, j)] = s
                    estimated.add((i, j))
        row_choices = choices if rows is news else [kn[j] for j in rows]
        for _, s, y in process.extract(ko[i], row_choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            into[(i, rows[y])] = float(s)
    return estimated


#: What a pair (or a chain of pairs) is worth, then two tie-breaks that read
#: the same when old and new trade places (:class:`_Ties`); compared as tuples.
_Weight = tuple[float, float, float, float]
_NOTHING: _Weight = (0.0, 0.0, 0.0, 0.0)


def _add(a: _Weight, b: _Weight) -> _Weight:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


class _Ties:
    """Tie-breaks between pairings worth the same, so that comparing B with
    A reports what comparing A with B does, mirrored. Without them the first
    index wins a tie, and which is first depends on which document is the
    old one; a tied choice of anchor or gap pair then changes the gaps, and
    what pairs in them.

    First, the pair that strays less from the diagonal (its position as a
    share of each document); then the pair earlier in both documents (the
    sum of those shares: one of two identical clauses); then, between two
    clauses swapped, a checksum of the two clauses' texts in sorted order:
    arbitrary, but the same whichever document is the old one, and the
    same from run to run."""

    def __init__(self, ko: Sequence[str], kn: Sequence[str]) -> None:
        self.ko, self.kn = ko, kn

    def at_old(self, i: int) -> float:
        return (i + 0.5) / len(self.ko)

    def at_new(self, j: int) -> float:
        return (j + 0.5) / len(self.kn)

    def __call__(self, i: int, j: int) -> tuple[float, float, float]:
        at_o, at_n = self.at_old(i), self.at_new(j)
        return -abs(at_o - at_n), -(at_o + at_n), self.checksum(self.ko[i], self.kn[j])

    @staticmethod
    def checksum(a: str, b: str) -> float:
        """A number from two texts, the same in either order (0 to 1)."""
        return zlib.crc32("\x00".join(sorted((a, b))).encode("utf-8")) / 2**32

    def weight(self, i: int, j: int, worth: float) -> _Weight:
        return (worth, *self(i, j))


def _unit_weights(pairs: Iterable[_Pair], old: Sequence[Clause], new: Sequence[Clause],
                  ties: _Ties) -> dict[tuple[int, int], _Weight]:
    """Weights that make the order-keeping chain count moved *sections*, not
    clauses: a clause outweighs any number of clauses deeper than it, so a
    section that moves with its subsections counts once."""
    return {(i, j): ties.weight(i, j, _LEVEL_BASE ** -min(old[i].level, new[j].level, 8)) for i, j in pairs}


def _gap_pairs(olds: list[int], news: list[int], score: Mapping[_Pair, float],
               cutoff: float, ties: _Ties) -> list[_Pair]:
    """Order-keeping pairs of a gap maximising the total similarity (then
    the tie-breaks of :class:`_Ties`), in order.

    A table over the whole gap up to :data:`DP_CELLS` cells
    (:func:`chain.table_chain`); beyond, the same optimum as the heaviest
    chain of the gap's scored pairs, O(k log k) (:func:`chain.heaviest_chain`)."""
    if not olds or not news:
        return []
    if len(olds) * len(news) > DP_CELLS:
        in_gap_o, in_gap_n = set(olds), set(news)
        sparse = {p: ties.weight(*p, s) for p, s in score.items()
                  if s >= cutoff and p[0] in in_gap_o and p[1] in in_gap_n}
        return heaviest_chain(sparse, zero=_NOTHING, add=_add)
    weights: dict[_Pair, _Weight] = {}
    for i in olds:
        for j in news:
            s = score.get((i, j))
            if s is not None and s >= cutoff:
                weights[(i, j)] = ties.weight(i, j, s)
    return table_chain(olds, news, weights, zero=_NOTHING, add=_add)


def _exact_runs(olds: list[int], news: list[int], ko: Sequence[str], kn: Sequence[str]
                ) -> list[tuple[int, int]]:
    """Identical clauses of a gap, paired in order (a longest common
    subsequence of their keys, bounded: worddiff.bounded_opcodes).

    Among identical clauses the LCS may pair each with its neighbour's twin
    and leave a changed clause's old and new versions in different gaps
    ("D.2 added, D.5 removed" where D.2 changed). As diff's sliders do, a
    deletion or insertion slides along a run of identical clauses to meet
    the insertion or deletion across it, so that the two face each other."""
    a, b = [ko[i] for i in olds], [kn[j] for j in news]
    ops, _ = bounded_opcodes(a, b)
    k = 0
    while k + 2 < len(ops):
        x, e, y = ops[k], ops[k + 1], ops[k + 2]
        if e[0] == "equal" and {x[0], y[0]} == {"insert", "delete"}:
            length = e[2] - e[1]
            if y[0] == "delete":  # slide the deletion up, before the equal run
                p, d = y[1], y[2] - y[1]
                if all(a[p - t] == a[p + d - t] for t in range(1, length + 1)):
                    ops[k:k + 3] = [("replace", e[1], e[1] + d, x[3], x[4]),
                                    ("equal", e[1] + d, e[2] + d, e[3], e[4])]
                    continue
            else:  # slide the insertion up
                q, d = y[3], y[4] - y[3]
                if all(b[q - t] == b[q + d - t] for t in range(1, length + 1)):
                    ops[k:k + 3] = [("replace", x[1], x[2], e[3], e[3] + d),
                                    ("equal", e[1], e[2], e[3] + d, e[4] + d)]
                    continue
        k += 1
    return [(olds[x], news[y]) for tag, i1, i2, j1, _ in ops if tag == "equal"
            for x, y in zip(range(i1, i2), range(j1, j1 + i2 - i1))]


@dataclass(slots=True, eq=False)
class _Work:
    """What the phases of :func:`align` share. Each phase adds to it, in
    order, and none undoes what an earlier one did."""

    old: Sequence[Clause]
    new: Sequence[Clause]
    options: Options
    ko: list[str]  # clause keys, old side
    kn: list[str]
    ties: _Ties
    budget: _Budget
    #: Every pair fitted the bounds and is scored: anchors may be fuzzy.
    global_fuzzy: bool
    #: Similarities known, at or above ``match_cutoff`` (and identical pairs).
    score: dict[_Pair, float] = field(default_factory=dict)
    #: Pairs whose similarity is estimated, and clauses a bound kept from
    #: being compared with some candidates: their pairings are approximate.
    estimated: set[_Pair] = field(default_factory=set)
    unscored_o: set[int] = field(default_factory=set)
    unscored_n: set[int] = field(default_factory=set)
    #: Old index -> new index, one to one.
    matched: dict[int, int] = field(default_factory=dict)
    #: New indices taken: those of ``matched``, and the extra parts of splits.
    taken_n: set[int] = field(default_factory=set)

    def pair(self, i: int, j: int) -> None:
        self.matched[i] = j
        self.taken_n.add(j)


def align(old: Sequence[Clause], new: Sequence[Clause], options: Options | None = None) -> tuple[Pairing, ...]:
    """Pair the clauses of two documents; see the module docstring."""
    work = _start(old, new, options or Options())
    anchors = _anchor(work)  # 1
    for olds, news in _gaps(work, anchors):  # 2
        _fill_gap(work, olds, news)
    _pair_leftovers(work)  # 3
    groups_o, extra_n = _join(work)  # 4
    return _in_report_order(_pairings(work, groups_o, extra_n))


def _start(old: Sequence[Clause], new: Sequence[Clause], options: Options) -> _Work:
    """The clause keys, and the scores of every pair if the bounds allow."""
    ko = [clause_key(c) for c in old]
    kn = [clause_key(c) for c in new]
    n_old, n_new = len(old), len(new)
    budget = _Budget(SCORE_CELLS)
    global_fuzzy = n_old * n_new <= MAX_PAIRS and budget.spend(range(n_old), range(n_new), ko, kn)
    work = _Work(old, new, options, ko, kn, _Ties(ko, kn), budget, global_fuzzy)
    # Scores of every pair, vectorised (C); sparse when bounded.
    if global_fuzzy and n_old and n_new:
        work.estimated |= _scores(range(n_old), range(n_new), ko, kn, options.match_cutoff, work.score)
    elif n_old and n_new:
        # Moved-and-changed clauses are only looked for inside gaps: any
        # clause left over may have had a counterpart elsewhere.
        work.unscored_o.update(range(n_old))
        work.unscored_n.update(range(n_new))
    return work


def _anchor(work: _Work) -> list[_Pair]:
    """Phase 1: pair the anchor candidates (unique exact keys, then mutual
    best fuzzy pairs); return those in order, the heaviest chain of them."""
    ko, kn = work.ko, work.kn
    count_o, count_n = Counter(ko), Counter(kn)
    pos_n = {k: j for j, k in enumerate(kn) if count_n[k] == 1}
    candidates = {(i, pos_n[k]) for i, k in enumerate(ko) if count_o[k] == 1 and k in pos_n}
    for i, j in candidates:
        work.score[(i, j)] = 100.0
    if work.global_fuzzy:
        candidates |= _mutual_best(work.score, candidates, work.options.move_cutoff)
    for i, j in candidates:
        work.pair(i, j)
    return heaviest_chain(_unit_weights(candidates, work.old, work.new, work.ties), zero=_NOTHING, add=_add)


def _mutual_best(score: Mapping[_Pair, float], taken: set[_Pair], cutoff: float) -> set[_Pair]:
    """Pairs scoring at least ``cutoff`` whose clauses are each the other's
    best match (ties to the lower index), among clauses not ``taken``."""
    best_o: dict[int, tuple[float, int]] = {}
    best_n: dict[int, tuple[float, int]] = {}
    for (i, j), s in score.items():
        if s > best_o.get(i, (-1.0, 0))[0] or (s == best_o[i][0] and j < best_o[i][1]):
            best_o[i] = (s, j)
        if s > best_n.get(j, (-1.0, 0))[0] or (s == best_n[j][0] and i < best_n[j][1]):
            best_n[j] = (s, i)
    taken_o = {i for i, _ in taken}
    taken_n = {j for _, j in taken}
    return {(i, j) for i, (s, j) in best_o.items()
            if s >= cutoff and best_n[j][1] == i and i not in taken_o and j not in taken_n}


def _gaps(work: _Work, anchors: list[_Pair]) -> list[tuple[list[int], list[int]]]:
    """Phase 2a: the unmatched clauses between consecutive anchors, each
    side in order. A gap with too many pairs to score first pairs its
    identical clauses in order, and gives the smaller gaps between them."""
    bounds = [(-1, -1), *anchors, (len(work.old), len(work.new))]
    gaps: list[tuple[list[int], list[int]]] = []
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        olds = [i for i in range(i0 + 1, i1) if i not in work.matched]
        news = [j for j in range(j0 + 1, j1) if j not in work.taken_n]
        if len(olds) * len(news) <= MAX_PAIRS:
            gaps.append((olds, news))
            continue
        runs = _exact_runs(olds, news, work.ko, work.kn)
        for i, j in runs:
            work.pair(i, j)
            work.score[(i, j)] = 100.0  # identical, as an anchor
        edges = [(i0, j0), *runs, (i1, j1)]
        for (x0, y0), (x1, y1) in itertools.pairwise(edges):
            # olds and news are sorted: the clauses strictly between two edges.
            gaps.append((olds[bisect.bisect_right(olds, x0):bisect.bisect_left(olds, x1)],
                         news[bisect.bisect_right(news, y0):bisect.bisect_left(news, y1)]))
    return gaps


def _fill_gap(work: _Work, olds: list[int], news: list[int]) -> None:
    """Phase 2b: pair a gap's clauses by a weighted LCS of their scores."""
    if not olds or not news:
        return
    ko, kn, old, new, cutoff = work.ko, work.kn, work.old, work.new, work.options.match_cutoff
    # The gap's scores: all of them already (global pass), or its own.
    here = work.score if work.global_fuzzy else {}
    if not work.global_fuzzy:
        # A gap too large to score whole is scored along its diagonal, in
        # a band of MAX_PAIRS pairs; its clauses stay marked unscored
        # (approximate) unless they find a match.
        width = len(news) if len(olds) * len(news) <= MAX_PAIRS else max(1, MAX_PAIRS // (2 * len(olds)))
        for x, i in enumerate(olds):
            mid = x * len(news) // len(olds)
            row = news[max(0, mid - width):mid + width + 1]
            if not work.budget.spend((i,), row, ko, kn):
                break  # out of budget: the rest of the gap stays unscored
            work.estimated |= _scores((i,), row, ko, kn, cutoff, here)
    # Blocks made mostly of fill-ins (signatures, title) pair by role
    # when they sit in the same gap, however different their words.
    for i in (i for i in olds if old[i].kind in _ROLE_KINDS):
        for j in news:
            if old[i].kind == new[j].kind and (i, j) not in work.score and (i, j) not in here:
                here[(i, j)] = max(cutoff, similarity(ko[i], kn[j]))
    # One clause on each side, under the same heading: the same clause,
    # however much of its text OCR lost or an edit rewrote.
    if len(olds) == len(news) == 1 and _same_heading(old[olds[0]], new[news[0]]):
        here[(olds[0], news[0])] = max(cutoff, here.get((olds[0], news[0]), 0.0))
    for i, j in _gap_pairs(olds, news, here, cutoff, work.ties):
        work.pair(i, j)
    if here is not work.score:
        work.score.update(here)


def _same_heading(a: Clause, b: Clause) -> bool:
    """Same label and a title of two words or more, read alike.

    >>> from moadiff.model import Clause
    >>> c = lambda label, title: Clause(label, label, title, "", 1, 1, 1, "subsection")
    >>> _same_heading(c("A.", "DESIGNATION OF AUTHORIZED FUNCTIONS"), c("A.", "Designation of Authorized Functions"))
    True
    >>> _same_heading(c("A.", "PURPOSE"), c("A.", "PURPOSE")), _same_heading(c("A.", "COSTS AND FEES"), c("B.", "COSTS AND FEES"))
    (False, False)
    """
    title = [loose_key(w) for w in a.title.split()]
    return (bool(a.label) and a.label == b.label and len(title) >= 2
            and title == [loose_key(w) for w in b.title.split()])


#: A clause moved and edited pairs below ``move_cutoff`` when this share of
#: the shorter one's words (multiset) are words of the longer one.
MOVE_COVER = 0.8
#: ... and the shorter one has at least this many words.
MOVE_WORDS = 8


def _cover(a: str, b: str) -> float:
    """The share of the shorter text's words (as a multiset) found in the
    longer one: 1.0 when one clause is the other with a sentence inserted.

    >>> _cover("a b c", "a b x c d e"), _cover("a b c d", "a x y z")
    (1.0, 0.25)
    """
    short, long_ = sorted((a.split(), b.split()), key=len)
    if not short:
        return 0.0
    have = Counter(long_)
    return sum(min(n, have[w]) for w, n in Counter(short).items()) / len(short)


def _pair_leftovers(work: _Work) -> None:
    """Phase 3: unmatched clauses anywhere, best score first (ties as
    :class:`_Ties`), when at least ``move_cutoff``: moved and changed; then
    those at least ``match_cutoff`` that one contains most of the other's
    words: moved and edited (a sentence inserted, a word changed)."""
    left_o = {i for i in range(len(work.old)) if i not in work.matched}
    left_n = {j for j in range(len(work.new)) if j not in work.taken_n}
    ties = work.ties
    ko, kn = work.ko, work.kn
    for cutoff in (work.options.move_cutoff, work.options.match_cutoff):
        pool = sorted(((-s, *(-t for t in ties(i, j))), i, j) for (i, j), s in work.score.items()
                      if s >= cutoff and i in left_o and j in left_n and i not in work.matched
                      and j not in work.taken_n)
        for _, i, j in pool:
            if i in work.matched or j in work.taken_n:
                continue
            if cutoff < work.options.move_cutoff and (
                    min(len(ko[i].split()), len(kn[j].split())) < MOVE_WORDS or _cover(ko[i], kn[j]) < MOVE_COVER):
                continue
            work.pair(i, j)
    # Blocks of fill-ins (signature blocks) left on both sides pair by role,
    # in document order, however different their words: an agreement's
    # signature block is never "removed" because another agency signed it.
    for kind in _ROLE_KINDS:
        olds = sorted(i for i in left_o if i not in work.matched and work.old[i].kind == kind)
        news = sorted(j for j in left_n if j not in work.taken_n and work.new[j].kind == kind)
        for i, j in zip(olds, news):
            work.score.setdefault((i, j), max(work.options.match_cutoff, similarity(work.ko[i], work.kn[j])))
            work.pair(i, j)


#: The share of a joined part's words (by count, any order) that must be
#: words of the other side's clause that its partner lacks.
JOIN_COVER = 0.5


def _completes(part: str, partner: str, whole: str) -> bool:
    """Does ``part`` supply words ``whole`` has and ``partner`` lacks? Most
    of ``part``'s words (:data:`JOIN_COVER`) must be in ``whole`` minus
    ``partner``, as multisets: a split's second half is the rest of the old
    clause, while a new section that happens to follow a longer version of
    it is not (its heading would count as inserted text).

    >>> _completes("c d", "a b", "a b c d"), _completes("x y", "a b c", "a b c")
    (True, False)
    """
    words = part.split()
    rest = Counter(whole.split())
    rest.subtract(partner.split())
    found = sum(min(n, rest[w]) for w, n in Counter(words).items() if rest[w] > 0)
    return found >= JOIN_COVER * len(words)


def _gains(joined_score: float, pair_score: float, joined: str, partner: str, whole: str, cutoff: float) -> bool:
    """Is joining worth it? The joined text must score at least ``cutoff``
    against ``whole`` and either 5 points more than the pairing alone, or
    leave fewer characters unmatched than the pairing alone does: a short
    clause split off a long one raises the long pairing's score by a
    point or two only, yet it is text the pairing lacked (a heading one
    side read as text). Joining a clause that is not the rest of ``whole``
    leaves more unmatched (its own characters), and never passes.

    >>> whole = "a" * 300 + " " + "b" * 60
    >>> _gains(97.0, 94.0, "a" * 290 + " " + "b" * 60, "a" * 290, whole, 55.0)
    True
    >>> _gains(90.0, 94.0, "a" * 290 + " " + "c" * 60, "a" * 290, whole, 55.0)
    False
    """
    if joined_score < cutoff:
        return False
    if joined_score >= pair_score + 5:
        return True
    left_joined = (1 - joined_score / 100) * (len(joined) + len(whole))
    left_alone = (1 - pair_score / 100) * (len(partner) + len(whole))
    return left_joined < left_alone


#: A candidate join: its rank, "merge" or "split", the leftover clause, the
#: pairing (old, new) it joins, and the clauses of the joined side.
_Join = tuple[tuple[float, float, float], str, int, int, int, list[int]]


def _joins(work: _Work) -> list[_Join]:
    """Leftover clauses next to a matched pair whose text they complete:
    old B ≈ new B1 + B2 (a split) or the mirror image (a merge)."""
    ko, kn, score, ties, cutoff = work.ko, work.kn, work.score, work.ties, work.options.match_cutoff
    matched = work.matched
    owner_of = {j: i for i, j in matched.items()}  # one to one
    joins: list[_Join] = []
    for i in (i for i in range(len(work.old)) if i not in matched):
        for nb, j in ((nb, matched[nb]) for nb in (i - 1, i + 1) if nb in matched):
            parts = sorted([nb, i])
            joined = " ".join(ko[p] for p in parts)
            s = similarity(joined, kn[j])
            if _gains(s, score.get((nb, j), 0.0), joined, ko[nb], kn[j], cutoff) and _completes(ko[i], ko[nb], kn[j]):
                at = sum(ties.at_old(p) for p in parts) + ties.at_new(j)
                joins.append(((-s, at, _Ties.checksum(joined, kn[j])), "merge", i, nb, j, parts))
    for j in (j for j in range(len(work.new)) if j not in work.taken_n):
        for nb, owner in ((nb, owner_of[nb]) for nb in (j - 1, j + 1) if nb in owner_of):
            parts = sorted([nb, j])
            joined = " ".join(kn[p] for p in parts)
            s = similarity(ko[owner], joined)
            if _gains(s, score.get((owner, nb), 0.0), joined, kn[nb], ko[owner], cutoff) \
                    and _completes(kn[j], kn[nb], ko[owner]):
                at = ties.at_old(owner) + sum(ties.at_new(p) for p in parts)
                joins.append(((-s, at, _Ties.checksum(ko[owner], joined)), "split", j, owner, nb, parts))
    return joins


def _join(work: _Work) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Phase 4: splits and merges next to a matched pair, the best-scoring
    join first (a merge and a split are mirror images: neither goes first).
    Returns the old clauses of each new one matched, and the new clauses
    of each old one split."""
    groups_o: dict[int, list[int]] = {j: [i] for i, j in work.matched.items()}  # new j -> old ids
    extra_n: dict[int, list[int]] = {}  # old i -> its new ids (split)
    joined_pairs: set[_Pair] = set()  # a pairing takes one join at most
    used: set[tuple[str, int]] = set()
    for _, kind, left, i, j, parts in sorted(_joins(work)):
        if (i, j) in joined_pairs or (kind, left) in used:
            continue
        if kind == "merge":
            groups_o[j] = parts
        else:
            extra_n[i] = parts
            work.taken_n.add(left)
        joined_pairs.add((i, j))
        used.add((kind, left))
    return groups_o, extra_n


def _pairings(work: _Work, groups_o: dict[int, list[int]], extra_n: dict[int, list[int]]) -> list[Pairing]:
    """The pairings, moves flagged, then the clauses removed and added."""
    old, new, ko, kn = work.old, work.new, work.ko, work.kn
    merged_old = {i for parts in groups_o.values() if len(parts) > 1 for i in parts}
    # Moves: pairs outside the heaviest order-keeping chain. A split or
    # merged pairing takes part in the chain by the pair it grew from (so
    # that a merge and its mirror image, a split, place the other clauses
    # alike), and is moved when that pair is: a section moved whose heading
    # one side printed apart from its first paragraph is still one move.
    pairs = list(work.matched.items())
    keep = set(heaviest_chain(_unit_weights(pairs, old, new, work.ties), zero=_NOTHING, add=_add))
    pairings: list[Pairing] = []
    placed_o: set[int] = set()
    for i, j in sorted(work.matched.items(), key=lambda p: p[1]):
        if i in placed_o:
            continue
        olds = groups_o[j]
        news = extra_n.get(i, [j])
        placed_o.update(olds)
        key_o = " ".join(ko[p] for p in olds)
        key_n = " ".join(kn[p] for p in news)
        pairings.append(Pairing(
            tuple(old[p] for p in olds), tuple(new[p] for p in news),
            similarity(key_o, key_n) / 100.0,
            moved=(i, j) not in keep,
            approximate=len(key_o) * len(key_n) > SIM_CELLS or (i, j) in work.estimated,
        ))
    for i in range(len(old)):
        if i not in placed_o and i not in merged_old:
            pairings.append(Pairing((old[i],), (), 0.0, approximate=i in work.unscored_o))
    for j in range(len(new)):
        if j not in work.taken_n:
            pairings.append(Pairing((), (new[j],), 0.0, approximate=j in work.unscored_n))
    return pairings


def _in_report_order(pairings: list[Pairing]) -> tuple[Pairing, ...]:
    """New document order; a removed clause right after the pairing that
    holds the old clause before it (its old position)."""
    with_new = sorted((p for p in pairings if p.new), key=lambda p: p.new[0].index)
    removed = sorted((p for p in pairings if not p.new), key=lambda p: p.old[0].index)
    out: list[Pairing] = []
    after: dict[int, list[Pairing]] = {}
    leading: list[Pairing] = []
    old_pos = {c.index: k for k, p in enumerate(with_new) if not p.moved for c in p.old}
    for r in removed:
        prev = r.old[0].index - 1
        while prev >= 0 and prev not in old_pos:
            prev -= 1
        if prev < 0:
            leading.append(r)
        else:
            after.setdefault(old_pos[prev], []).append(r)
    # A run of removed clauses whose predecessor was also removed stays in order.
    out.extend(leading)
    for k, p in enumerate(with_new):
        out.append(p)
        out.extend(after.get(k, []))
    return tuple(out)

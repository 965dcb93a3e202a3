"""Stage 4: decide which old clause is which new clause, by content.

Ids are not trusted: "V.D" in 2020 is "V.C" in 2025 once V.C is deleted, and
OCR mangles labels. The alignment is global, order-aware and deterministic,
and its work is bounded:

1. **Anchors.** Clauses whose text is identical (by loose key) and unique on
   both sides, plus *mutual best* fuzzy pairs scoring at least
   ``move_cutoff``, are candidate anchors. The heaviest chain of them that
   keeps both documents' order (a weighted LIS, O(k log k)) is kept in
   place; the other candidates are clauses that moved. A section counts
   once, whatever its subsections: moving a long section ahead of two short
   siblings reports the long one as moved, as a reader would.
2. **Gaps.** Between consecutive anchors the unmatched clauses are aligned by
   a weighted LCS (dynamic programming, O(g·h) per gap) over rapidfuzz
   similarity, counting only pairs at or above ``match_cutoff``.
3. **Leftovers.** Unmatched clauses anywhere are paired best-score-first
   (ties by position) when at least ``move_cutoff``: these moved and changed.
4. **Splits and merges.** A leftover clause next to a matched one whose text
   it completes (old B ≈ new B1 + B2) joins that pairing.

Whatever is still unmatched is added or removed. Finally, among one-to-one
pairs, those outside the heaviest order-keeping chain are flagged ``moved``.

Similarity is rapidfuzz's normalised Indel similarity on the clauses' loose
word keys; with more than :data:`MAX_PAIRS` clause pairs, fuzzy matching is
limited to the gaps, where it is bounded by the gap sizes.

>>> from moadiff.model import Clause
>>> c = lambda i, cid, text: Clause(cid, cid, "", text, 1, 1, 1, "subsection", index=i)
>>> old = [c(0, "V.A", "complaints go to OPR"), c(1, "V.B", "outreach to the community"),
...        c(2, "V.C", "release of information to third parties")]
>>> new = [c(0, "V.A", "complaints go to OPR"), c(1, "V.B", "release of information to third parties")]
>>> [([o.id for o in p.old], [n.id for n in p.new]) for p in align(old, new)]
[(['V.A'], ['V.A']), (['V.B'], []), (['V.C'], ['V.B'])]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from moadiff.model import Clause, Options, Pairing
from moadiff.worddiff import loose_key

__all__ = ["align", "clause_key", "similarity"]

_ROLE_KINDS = ("signature", "title", "preamble")
#: Weight ratio between a clause level and the next one down (chain choice).
_LEVEL_BASE = 1e4
#: Above this many (old x new) clause pairs, skip the global fuzzy passes.
MAX_PAIRS = 250_000


def clause_key(clause: Clause) -> str:
    """The text a clause is matched by: its title and body as loose words."""
    return " ".join(loose_key(t) for t in clause.full_text.split())


def similarity(a: str, b: str) -> float:
    """0-100; a blank pair is identical."""
    if not a and not b:
        return 100.0
    return float(fuzz.ratio(a, b))


def _scores(olds: Sequence[int], news: Sequence[int], ko: Sequence[str], kn: Sequence[str],
            cutoff: float, into: dict[tuple[int, int], float]) -> None:
    """Similarity of every (old, new) pair at or above ``cutoff`` (rapidfuzz's
    C loop, one query row at a time; no numpy needed)."""
    choices = [kn[j] for j in news]
    for i in olds:
        for _, s, y in process.extract(ko[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            into[(i, news[y])] = float(s)


def _lis(pairs: Sequence[tuple[int, int]], weight: Mapping[tuple[int, int], float] | None = None,
         ) -> set[tuple[int, int]]:
    """The heaviest chain of (old, new) index pairs increasing in both
    (weight 1 each unless given); O(k log k) with a Fenwick tree of maxima."""
    pairs = sorted(set(pairs))
    if not pairs:
        return set()
    weight = weight or {}
    size = max(j for _, j in pairs) + 2
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # (best total, pair index)
    best: list[float] = [0.0] * len(pairs)
    prev: list[int] = [-1] * len(pairs)
    k = 0
    while k < len(pairs):
        # Pairs with the same old index cannot chain with each other.
        run = k
        while run < len(pairs) and pairs[run][0] == pairs[k][0]:
            run += 1
        for m in range(k, run):
            j = pairs[m][1]
            top, pos = (0.0, -1), j  # best chain ending at a new index < j
            while pos > 0:
                if tree[pos][0] > top[0]:
                    top = tree[pos]
                pos -= pos & -pos
            best[m] = top[0] + weight.get(pairs[m], 1.0)
            prev[m] = top[1]
        for m in range(k, run):
            pos = pairs[m][1] + 1
            while pos <= size:
                if best[m] > tree[pos][0]:
                    tree[pos] = (best[m], m)
                pos += pos & -pos
        k = run
    m = max(range(len(pairs)), key=lambda x: (best[x], -x))
    chain: set[tuple[int, int]] = set()
    while m >= 0:
        chain.add(pairs[m])
        m = prev[m]
    return chain


def _unit_weights(pairs: Sequence[tuple[int, int]], old: Sequence[Clause],
                  new: Sequence[Clause]) -> dict[tuple[int, int], float]:
    """Weights that make the order-keeping chain count moved *sections*, not
    clauses: a clause outweighs any number of clauses deeper than it, so a
    section that moves with its subsections counts once."""
    return {(i, j): _LEVEL_BASE ** -min(old[i].level, new[j].level, 8) for i, j in pairs}


def _gap_dp(olds: list[int], news: list[int], score: dict[tuple[int, int], float],
            cutoff: float) -> list[tuple[int, int]]:
    """Order-keeping pairs of a gap maximising the total similarity."""
    g, h = len(olds), len(news)
    if not g or not h:
        return []
    best = [[0.0] * (h + 1) for _ in range(g + 1)]
    for x in range(g - 1, -1, -1):
        for y in range(h - 1, -1, -1):
            s = score.get((olds[x], news[y]), 0.0)
            take = best[x + 1][y + 1] + s if s >= cutoff else -1.0
            best[x][y] = max(take, best[x + 1][y], best[x][y + 1])
    out: list[tuple[int, int]] = []
    x = y = 0
    while x < g and y < h:
        s = score.get((olds[x], news[y]), 0.0)
        if s >= cutoff and best[x][y] == best[x + 1][y + 1] + s:
            out.append((olds[x], news[y]))
            x += 1
            y += 1
        elif best[x][y] == best[x + 1][y]:
            x += 1
        else:
            y += 1
    return out


def align(old: Sequence[Clause], new: Sequence[Clause], options: Options | None = None) -> tuple[Pairing, ...]:
    """Pair the clauses of two documents; see the module docstring."""
    options = options or Options()
    ko = [clause_key(c) for c in old]
    kn = [clause_key(c) for c in new]
    n_old, n_new = len(old), len(new)
    global_fuzzy = n_old * n_new <= MAX_PAIRS

    # Scores of every pair, vectorised (C); sparse when bounded.
    score: dict[tuple[int, int], float] = {}
    if global_fuzzy and n_old and n_new:
        _scores(range(n_old), range(n_new), ko, kn, options.match_cutoff, score)

    # 1. Anchor candidates: unique exact keys, then mutual best fuzzy pairs.
    count_o, count_n = Counter(ko), Counter(kn)
    pos_n = {k: j for j, k in enumerate(kn) if count_n[k] == 1}
    candidates = {(i, pos_n[k]) for i, k in enumerate(ko) if count_o[k] == 1 and k in pos_n}
    for i, j in candidates:
        score[(i, j)] = 100.0
    if global_fuzzy:
        best_o: dict[int, tuple[float, int]] = {}
        best_n: dict[int, tuple[float, int]] = {}
        for (i, j), s in score.items():
            if s > best_o.get(i, (-1.0, 0))[0] or (s == best_o[i][0] and j < best_o[i][1]):
                best_o[i] = (s, j)
            if s > best_n.get(j, (-1.0, 0))[0] or (s == best_n[j][0] and i < best_n[j][1]):
                best_n[j] = (s, i)
        taken_o = {i for i, _ in candidates}
        taken_n = {j for _, j in candidates}
        for i, (s, j) in best_o.items():
            if s >= options.move_cutoff and best_n[j][1] == i and i not in taken_o and j not in taken_n:
                candidates.add((i, j))
    in_order = _lis(list(candidates), _unit_weights(list(candidates), old, new))
    matched: dict[int, int] = {}
    for i, j in candidates:
        matched[i] = j

    # 2. Gaps between in-order anchors.
    anchors = sorted(in_order)
    bounds = [(-1, -1), *anchors, (n_old, n_new)]
    taken_n = set(matched.values())
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        olds = [i for i in range(i0 + 1, i1) if i not in matched]
        news = [j for j in range(j0 + 1, j1) if j not in taken_n]
        if not global_fuzzy and olds and news and len(olds) * len(news) <= MAX_PAIRS:
            _scores(olds, news, ko, kn, options.match_cutoff, score)
        if len(olds) * len(news) > MAX_PAIRS:
            continue  # left unmatched: reported as removed + added, never hung on
        # Blocks made mostly of fill-ins (signatures, title) pair by role
        # when they sit in the same gap, however different their words.
        for i in olds:
            for j in news:
                if old[i].kind == new[j].kind and old[i].kind in _ROLE_KINDS and (i, j) not in score:
                    score[(i, j)] = max(options.match_cutoff, similarity(ko[i], kn[j]))
        for i, j in _gap_dp(olds, news, score, options.match_cutoff):
            matched[i] = j
            taken_n.add(j)

    # 3. Leftovers anywhere: moved and changed.
    left_o = [i for i in range(n_old) if i not in matched]
    left_n = [j for j in range(n_new) if j not in taken_n]
    pool = sorted(((-score[(i, j)], i, j) for i in left_o for j in left_n
                   if score.get((i, j), 0.0) >= options.move_cutoff))
    for _, i, j in pool:
        if i not in matched and j not in taken_n:
            matched[i] = j
            taken_n.add(j)

    # 4. Splits and merges next to a matched pair.
    groups_o: dict[int, list[int]] = {j: [i] for i, j in matched.items()}  # new j -> old ids
    extra_n: dict[int, list[int]] = {}  # old i -> extra new ids (split)
    for i in range(n_old):
        if i in matched:
            continue
        for nb in (i - 1, i + 1):
            j = matched.get(nb)
            if j is None or len(groups_o[j]) > 1 or i in extra_n:
                continue
            parts = sorted([nb, i])
            joined = " ".join(ko[p] for p in parts)
            if similarity(joined, kn[j]) >= max(options.match_cutoff, score.get((nb, j), 0.0) + 5):
                groups_o[j] = parts
                break
    merged_old = {i for parts in groups_o.values() if len(parts) > 1 for i in parts}
    for j in range(n_new):
        if j in taken_n:
            continue
        for nb in (j - 1, j + 1):
            owner = next((i for i, jj in matched.items() if jj == nb and i not in merged_old), None)
            if owner is None or owner in extra_n:
                continue
            parts = sorted([nb, j])
            joined = " ".join(kn[p] for p in parts)
            if similarity(ko[owner], joined) >= max(options.match_cutoff, score.get((owner, nb), 0.0) + 5):
                extra_n[owner] = parts
                taken_n.add(j)
                break

    # Moves: one-to-one pairs outside the heaviest order-keeping chain.
    one_to_one = [(i, j) for i, j in matched.items() if len(groups_o[j]) == 1]
    keep = _lis(one_to_one, _unit_weights(one_to_one, old, new))
    pairings: list[Pairing] = []
    placed_o: set[int] = set()
    for i, j in sorted(matched.items(), key=lambda p: p[1]):
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
            moved=len(olds) == 1 and (i, j) not in keep,
        ))
    for i in range(n_old):
        if i not in placed_o and not any(i in g for g in groups_o.values()):
            pairings.append(Pairing((old[i],), (), 0.0))
    for j in range(n_new):
        if j not in taken_n:
            pairings.append(Pairing((), (new[j],), 0.0))
    return _in_report_order(pairings)


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

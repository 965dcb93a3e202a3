"""The heaviest-chain module shared by align and the HTML layout.

The reference oracles below are the implementations chain.py replaced,
copied as they were: the HTML layout's `_heaviest_chain` and
`_monotone_pairs`, and align's `_lis` and `_gap_dp`. The shared functions
must give exactly what they gave, ties included."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from moadiff import align as align_mod
from moadiff.chain import heaviest_chain, monotone_pairs, table_chain

Pair = tuple[int, int]
W4 = tuple[float, float, float, float]
ZERO4: W4 = (0.0, 0.0, 0.0, 0.0)


def add4(a: W4, b: W4) -> W4:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


# ---------------------------------------------------------------------------
# Reference oracles (copied unchanged but for names and the cells argument)
# ---------------------------------------------------------------------------


def html_monotone_pairs(n_old: int, n_new: int, weight: dict[Pair, int], cells: int = 40_000) -> list[Pair]:
    if n_old * n_new > cells:
        return html_heaviest_chain(weight)
    best = [[0] * (n_new + 1) for _ in range(n_old + 1)]
    for i in range(1, n_old + 1):
        for j in range(1, n_new + 1):
            w = weight.get((i - 1, j - 1), 0)
            best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + w if w > 0 else 0)
    pairs: list[Pair] = []
    i, j = n_old, n_new
    while i > 0 and j > 0:
        w = weight.get((i - 1, j - 1), 0)
        if w > 0 and best[i][j] == best[i - 1][j - 1] + w:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def html_heaviest_chain(weight: dict[Pair, int]) -> list[Pair]:
    pairs = sorted(p for p, w in weight.items() if w > 0)
    if not pairs:
        return []
    size = max(j for _, j in pairs) + 1
    tree = [(0, -1)] * (size + 1)
    best = [0] * len(pairs)
    back = [-1] * len(pairs)
    k = 0
    while k < len(pairs):
        run = k
        while run < len(pairs) and pairs[run][0] == pairs[k][0]:
            run += 1
        for m in range(k, run):
            top, pos = (0, -1), pairs[m][1]
            while pos > 0:
                if tree[pos][0] > top[0]:
                    top = tree[pos]
                pos -= pos & -pos
            best[m], back[m] = top[0] + weight[pairs[m]], top[1]
        for m in range(k, run):
            pos = pairs[m][1] + 1
            while pos <= size:
                if best[m] > tree[pos][0]:
                    tree[pos] = (best[m], m)
                pos += pos & -pos
        k = run
    m = max(range(len(pairs)), key=lambda x: (best[x], -x))
    chain: list[Pair] = []
    while m >= 0:
        chain.append(pairs[m])
        m = back[m]
    return chain[::-1]


def align_lis(pairs: Sequence[Pair], weight: Mapping[Pair, W4] | None = None) -> set[Pair]:
    pairs = sorted(set(pairs))
    if not pairs:
        return set()
    weight = weight or {}
    size = max(j for _, j in pairs) + 2
    tree: list[tuple[W4, int]] = [(ZERO4, -1)] * (size + 1)
    best: list[W4] = [ZERO4] * len(pairs)
    prev: list[int] = [-1] * len(pairs)
    k = 0
    while k < len(pairs):
        run = k
        while run < len(pairs) and pairs[run][0] == pairs[k][0]:
            run += 1
        for m in range(k, run):
            j = pairs[m][1]
            top, pos = (ZERO4, -1), j
            while pos > 0:
                if tree[pos][0] > top[0]:
                    top = tree[pos]
                pos -= pos & -pos
            best[m] = add4(top[0], weight.get(pairs[m], (1.0, 0.0, 0.0, 0.0)))
            prev[m] = top[1]
        for m in range(k, run):
            pos = pairs[m][1] + 1
            while pos <= size:
                if best[m] > tree[pos][0]:
                    tree[pos] = (best[m], m)
                pos += pos & -pos
        k = run
    m = max(range(len(pairs)), key=lambda x: (best[x], -x))
    chain: set[Pair] = set()
    while m >= 0:
        chain.add(pairs[m])
        m = prev[m]
    return chain


def align_gap_dp(olds: list[int], news: list[int], score: dict[Pair, float], cutoff: float,
                 ties: align_mod._Ties, cells: int) -> list[Pair]:
    g, h = len(olds), len(news)
    if not g or not h:
        return []
    if g * h > cells:
        in_gap_o, in_gap_n = set(olds), set(news)
        weights = {p: ties.weight(*p, s) for p, s in score.items()
                   if s >= cutoff and p[0] in in_gap_o and p[1] in in_gap_n}
        return sorted(align_lis(list(weights), weights))
    best = [[ZERO4] * (h + 1) for _ in range(g + 1)]
    gain: dict[Pair, W4] = {}
    for x in range(g - 1, -1, -1):
        for y in range(h - 1, -1, -1):
            here = max(best[x + 1][y], best[x][y + 1])
            s = score.get((olds[x], news[y]), 0.0)
            if s >= cutoff:
                gain[(x, y)] = ties.weight(olds[x], news[y], s)
                here = max(here, add4(best[x + 1][y + 1], gain[(x, y)]))
            best[x][y] = here
    out: list[Pair] = []
    x = y = 0
    while x < g and y < h:
        if (x, y) in gain and best[x][y] == add4(best[x + 1][y + 1], gain[(x, y)]):
            out.append((olds[x], news[y]))
            x += 1
            y += 1
        elif best[x][y] == best[x + 1][y]:
            x += 1
        else:
            y += 1
    return out


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

# Small ranges and few distinct weights: ties, shared old indices and
# crossing pairs are the common case, not the rare one.
int_weights = st.dictionaries(st.tuples(st.integers(0, 9), st.integers(0, 9)), st.integers(-1, 4), max_size=30)
tuple_weight = st.tuples(st.integers(1, 3), st.integers(-2, 0), st.integers(-2, 0), st.integers(0, 2)).map(
    lambda t: (float(t[0]), float(t[1]), float(t[2]), float(t[3])))
tuple_weights = st.dictionaries(st.tuples(st.integers(0, 9), st.integers(0, 9)), tuple_weight, max_size=30)


def is_chain(pairs: list[Pair]) -> bool:
    return all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(pairs))


# ---------------------------------------------------------------------------
# The layout's API: exactly what html.py returned
# ---------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(int_weights)
def test_heaviest_chain_is_the_layouts(weight: dict[Pair, int]) -> None:
    assert heaviest_chain(weight) == html_heaviest_chain(weight)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10), st.integers(0, 10), int_weights, st.sampled_from([0, 12, 40_000]))
def test_monotone_pairs_are_the_layouts(n_old: int, n_new: int, weight: dict[Pair, int], cells: int) -> None:
    assert monotone_pairs(n_old, n_new, weight, cells) == html_monotone_pairs(n_old, n_new, weight, cells)


@settings(max_examples=300, deadline=None)
@given(int_weights)
def test_the_table_and_the_sparse_chain_weigh_the_same(weight: dict[Pair, int]) -> None:
    table = table_chain(range(10), range(10), weight)
    chain = heaviest_chain(weight)
    assert is_chain(table) and is_chain(chain)
    assert all(weight[p] > 0 for p in table + chain)
    assert sum(weight[p] for p in table) == sum(weight[p] for p in chain)


# ---------------------------------------------------------------------------
# Align's use: tuple weights, exactly what align's private copies returned
# ---------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(tuple_weights)
def test_heaviest_chain_is_aligns_lis(weight: dict[Pair, W4]) -> None:
    got = heaviest_chain(weight, zero=ZERO4, add=add4)
    assert got == sorted(align_lis(list(weight), weight))


texts = st.lists(st.sampled_from(["a", "b", "c", "a b", "b c"]), min_size=1, max_size=9)


@settings(max_examples=400, deadline=None)
@given(texts, texts, st.data(), st.sampled_from([0, 10, 40_000]))
def test_gap_pairs_are_aligns_gap_dp(ko: list[str], kn: list[str], data: st.DataObject, cells: int) -> None:
    olds = data.draw(st.lists(st.sampled_from(range(len(ko))), unique=True).map(sorted))
    news = data.draw(st.lists(st.sampled_from(range(len(kn))), unique=True).map(sorted))
    score = data.draw(st.dictionaries(st.tuples(st.sampled_from(range(len(ko))), st.sampled_from(range(len(kn)))),
                                      st.sampled_from([0.0, 40.0, 55.0, 70.0, 100.0]), max_size=40))
    cutoff = data.draw(st.sampled_from([0.0, 55.0]))
    ties = align_mod._Ties(ko, kn)
    want = align_gap_dp(olds, news, score, cutoff, ties, cells)
    saved = align_mod.DP_CELLS
    try:
        align_mod.DP_CELLS = cells
        got = align_mod._gap_pairs(olds, news, score, cutoff, ties)
    finally:
        align_mod.DP_CELLS = saved
    if cells < len(olds) * len(news) and cutoff <= 0 and not any(
            s > 0 for (i, j), s in score.items() if i in olds and j in news):
        # The one deliberate difference: with a cutoff of 0, align's sparse
        # chain paired two clauses of similarity 0 when nothing better was
        # in the gap (its table never did); a pair worth nothing now never pairs.
        assert got == [] and len(want) <= 1
    else:
        assert got == want


# ---------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------


def test_pairs_worth_nothing_are_never_taken() -> None:
    assert heaviest_chain({}) == []
    assert heaviest_chain({(0, 0): 0, (1, 1): -3}) == []
    assert table_chain([0, 1], [0, 1], {(0, 0): 0, (1, 1): -3}) == []
    assert monotone_pairs(2, 2, {(0, 0): 0}) == []


def test_one_index_pairs_once() -> None:
    assert heaviest_chain({(0, 0): 2, (0, 1): 2, (0, 2): 2}) == [(0, 0)]
    assert heaviest_chain({(0, 3): 2, (1, 3): 2, (2, 3): 2}) == [(0, 3)]


def test_ties_go_first_in_the_table_and_last_in_the_layout() -> None:
    weight = {(0, 0): 1, (1, 1): 1, (0, 1): 1, (1, 0): 1}
    assert table_chain(range(2), range(2), {(0, 0): 1, (0, 1): 1}) == [(0, 0)]
    assert monotone_pairs(2, 2, {(0, 0): 1, (0, 1): 1}) == [(0, 1)]
    assert table_chain(range(2), range(2), weight) == monotone_pairs(2, 2, weight) == [(0, 0), (1, 1)]


def test_the_table_keeps_the_order_it_is_given() -> None:
    # Backwards on the new side: a chain decreasing there.
    assert table_chain([0, 1, 2], [2, 1, 0], {(0, 2): 1, (1, 1): 1, (2, 0): 1, (0, 0): 1}) == [
        (0, 2), (1, 1), (2, 0)]


def test_tuple_weights_add_element_by_element() -> None:
    weight = {(0, 0): (1.0, -0.1, 0.0, 0.0), (1, 1): (1.0, -0.1, 0.0, 0.0), (0, 1): (1.5, 0.0, 0.0, 0.0)}
    assert heaviest_chain(weight, zero=ZERO4, add=add4) == [(0, 0), (1, 1)]
    assert table_chain([0, 1], [0, 1], weight, zero=ZERO4, add=add4) == [(0, 0), (1, 1)]
    assert monotone_pairs(2, 2, weight, zero=ZERO4, add=add4) == [(0, 0), (1, 1)]


def test_a_long_chain_is_fast_and_whole() -> None:
    n = 20_000
    weight = {(i, i): 1 for i in range(n)} | {(i, n - 1 - i): 1 for i in range(0, n, 7)}
    chain = heaviest_chain(weight)
    assert len(chain) == n and is_chain(chain)
    assert monotone_pairs(n, n, weight) == chain

"""Heaviest order-keeping chains: the one implementation that pairs clauses
(:mod:`moadiff.align`) and lays paragraphs side by side (the HTML layout).

A *chain* is a set of (old, new) index pairs increasing on both sides: no two
pairs cross or share an index, so both documents keep their order. Given a
weight for some pairs, the heaviest chain is the one whose weights sum
highest; pairs weighing no more than nothing are never taken.

Weights are ints by default. Any ordered type will do with its own ``zero``
and ``add``: align weighs a pair by a tuple, similarity first and then
tie-breaks, added element by element (a tuple's own ``+`` concatenates).

Two ways to the same optimum, which differ only between chains that weigh
the same:

- :func:`heaviest_chain` looks only at the k weighted pairs, O(k log k)
  with a Fenwick tree of maxima over new indices: for large, sparse inputs.
  Ties go to the pair earliest in (old, new) order at the chain's end.
- :func:`table_chain` fills a table over every pair of two index
  sequences, O(g·h): for small gaps, where it costs little and its ties go
  to the pairs earliest in the order given.

:func:`monotone_pairs` is the layout's choice between them: the table up to
a number of cells, run from the end (ties go to the latest pairs), else the
sparse chain.

>>> heaviest_chain({(0, 1): 1, (1, 0): 5, (2, 2): 1})
[(1, 0), (2, 2)]
>>> table_chain([0, 1, 2], [0, 1, 2], {(0, 1): 1, (1, 0): 5, (2, 2): 1})
[(1, 0), (2, 2)]
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar, overload

__all__ = ["heaviest_chain", "monotone_pairs", "table_chain"]

Pair = tuple[int, int]


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...

    def __gt__(self, other: Any, /) -> bool: ...


W = TypeVar("W", bound=_Ordered)


@overload
def heaviest_chain(weight: Mapping[Pair, int]) -> list[Pair]: ...


@overload
def heaviest_chain(weight: Mapping[Pair, W], *, zero: W, add: Callable[[W, W], W]) -> list[Pair]: ...


def heaviest_chain(weight: Mapping[Pair, Any], *, zero: Any = 0,
                   add: Callable[[Any, Any], Any] = operator.add) -> list[Pair]:
    """The heaviest chain among the pairs weighing more than ``zero``, in
    order: O(k log k) for k such pairs, where a table is O(n_old·n_new).

    Ties: the chain ends at its earliest pair in (old, new) order, and
    each pair extends the heaviest chain before it that the tree recorded
    first (a later one replaces it only when strictly heavier).

    >>> heaviest_chain({(0, 1): 1, (1, 0): 5, (2, 2): 1})
    [(1, 0), (2, 2)]
    >>> heaviest_chain({(0, 0): 1, (0, 1): 1, (1, 1): 0})  # one old index pairs once
    [(0, 0)]
    >>> add = lambda a, b: (a[0] + b[0], a[1] + b[1])
    >>> heaviest_chain({(0, 0): (1.0, -0.5), (0, 1): (1.0, 0.0)}, zero=(0.0, 0.0), add=add)
    [(0, 1)]
    """
    pairs = sorted(p for p, w in weight.items() if w > zero)
    if not pairs:
        return []
    size = max(j for _, j in pairs) + 1
    # tree[pos]: (the heaviest chain ending at a new index the Fenwick node
    # pos covers (new index j is stored at j + 1), its last pair's index).
    tree: list[tuple[Any, int]] = [(zero, -1)] * (size + 1)
    best: list[Any] = [zero] * len(pairs)
    back = [-1] * len(pairs)
    k = 0
    while k < len(pairs):
        run = k  # pairs of one old index cannot chain with each other: query all, then insert
        while run < len(pairs) and pairs[run][0] == pairs[k][0]:
            run += 1
        for m in range(k, run):
            top, pos = (zero, -1), pairs[m][1]  # the best chain ending before new index j
            while pos > 0:
                if tree[pos][0] > top[0]:
                    top = tree[pos]
                pos -= pos & -pos
            best[m], back[m] = add(top[0], weight[pairs[m]]), top[1]
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


@overload
def table_chain(olds: Sequence[int], news: Sequence[int], weight: Mapping[Pair, int]) -> list[Pair]: ...


@overload
def table_chain(olds: Sequence[int], news: Sequence[int], weight: Mapping[Pair, W], *, zero: W,
                add: Callable[[W, W], W]) -> list[Pair]: ...


def table_chain(olds: Sequence[int], news: Sequence[int], weight: Mapping[Pair, Any], *, zero: Any = 0,
                add: Callable[[Any, Any], Any] = operator.add) -> list[Pair]:
    """The heaviest chain among ``olds`` x ``news``, keeping the order of
    the two sequences as given (pairs absent from ``weight`` or weighing no
    more than ``zero`` are never taken): a table over all g·h pairs.

    Ties: walking the table from the start, take the pair at hand if a
    heaviest chain does, else skip an old index if one does, else a new
    one; ties go to the earliest pairs. Given the sequences backwards, the
    walk runs from the end instead.

    >>> table_chain([0], [0, 1], {(0, 0): 1, (0, 1): 1})
    [(0, 0)]
    >>> table_chain([0], [1, 0], {(0, 0): 1, (0, 1): 1})
    [(0, 1)]
    """
    g, h = len(olds), len(news)
    if not g or not h:
        return []
    # best[x][y]: the heaviest chain among olds[x:] x news[y:].
    best: list[list[Any]] = [[zero] * (h + 1) for _ in range(g + 1)]
    get = weight.get
    for x in range(g - 1, -1, -1):
        row, below, i = best[x], best[x + 1], olds[x]
        for y in range(h - 1, -1, -1):
            # max(below[y], row[y + 1], diagonal), without max()'s call:
            # this loop is where a large gap's time goes (a third faster).
            here, right = below[y], row[y + 1]
            here = right if right > here else here  # noqa: FURB136 - see above
            w = get((i, news[y]))
            if w is not None and w > zero:
                diagonal = add(below[y + 1], w)
                here = diagonal if diagonal > here else here  # noqa: FURB136 - see above
            row[y] = here
    out: list[Pair] = []
    x = y = 0
    while x < g and y < h:
        w = weight.get((olds[x], news[y]))
        if w is not None and w > zero and best[x][y] == add(best[x + 1][y + 1], w):
            out.append((olds[x], news[y]))
            x += 1
            y += 1
        elif best[x][y] == best[x + 1][y]:
            x += 1
        else:
            y += 1
    return out


@overload
def monotone_pairs(n_old: int, n_new: int, weight: Mapping[Pair, int], cells: int = 40_000) -> list[Pair]: ...


@overload
def monotone_pairs(n_old: int, n_new: int, weight: Mapping[Pair, W], cells: int = 40_000, *, zero: W,
                   add: Callable[[W, W], W]) -> list[Pair]: ...


def monotone_pairs(n_old: int, n_new: int, weight: Mapping[Pair, Any], cells: int = 40_000, *,
                   zero: Any = 0, add: Callable[[Any, Any], Any] = operator.add) -> list[Pair]:
    """The heaviest chain among ``range(n_old)`` x ``range(n_new)``, in
    order: :func:`table_chain` run from the end (ties go to the latest
    pairs) up to ``cells`` pairs, else :func:`heaviest_chain`.

    >>> monotone_pairs(1, 2, {(0, 0): 1, (0, 1): 1})
    [(0, 1)]
    >>> monotone_pairs(1, 2, {(0, 0): 1, (0, 1): 1}, cells=1)
    [(0, 0)]
    """
    if n_old * n_new > cells:
        return heaviest_chain(weight, zero=zero, add=add)
    return table_chain(range(n_old - 1, -1, -1), range(n_new - 1, -1, -1), weight, zero=zero, add=add)[::-1]

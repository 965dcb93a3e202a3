"""Worker processes for a batch: ``map`` over a process pool, and a progress bar.

The unit of work stays one file or one comparison; functions given to
:meth:`Pool.map` must be picklable (module level, or a ``functools.partial``
of one).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Self, TypeVar

__all__ = ["Pool", "progress"]

T = TypeVar("T")
R = TypeVar("R")


class Pool:
    """``map()`` over a process pool, or in-process with one job."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool = ProcessPoolExecutor(max_workers=self.jobs) if self.jobs > 1 else None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``fn`` of each item, in order, as they are done."""
        if self._pool is None or len(items) < 2:
            return map(fn, items)
        return self._pool.map(fn, items, chunksize=max(1, len(items) // (self.jobs * 8)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress(items: Iterable[T], total: int, desc: str, show: bool) -> Iterable[T]:
    """``items``, with a progress bar on stderr if ``show``."""
    if not show:
        return items
    from tqdm import tqdm
    return tqdm(items, total=total, desc=desc, unit="file", leave=False, file=sys.stderr)

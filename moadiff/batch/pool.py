"""Worker processes for a batch: ``map`` over a process pool, and progress.

The unit of work stays one file or one comparison; functions given to
:meth:`Pool.map` must be picklable (module level, or a ``functools.partial``
of one). :func:`moadiff.batch.executors.make_pool` picks this pool or a Dask
cluster (executors.py); both have the same ``map``.

:func:`progress` shows what is done: on a terminal, a bar with the count,
the pages read by OCR so far and the time left; elsewhere (a log, CI, a
job's output), one line per finished file, which never starts with
``moadiff:`` (those lines are kept for errors and the final summary).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Literal, Self, TextIO, TypeVar

__all__ = ["Pool", "Show", "describe", "progress"]

T = TypeVar("T")
R = TypeVar("R")

#: How progress is shown: a bar (a terminal), lines (anything else), or not at all.
Show = bool | Literal["bar", "lines"]


class Pool:
    """``map()`` over a process pool, or in-process with one job."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool = ProcessPoolExecutor(max_workers=self.jobs) if self.jobs > 1 else None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``fn`` of each item, in order, as they are done."""
        if self._pool is None or len(items) < 2:
            return map(fn, items)
        return self._pool.map(fn, items)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe(item: object) -> tuple[str, int]:
    """What a finished item is called in a progress line, and how many of
    its pages were read by OCR: a parsed document, a comparison, an error.

    >>> from moadiff.model import DocumentInfo, PageInfo, Parsed
    >>> describe(Parsed(DocumentInfo("a/x.pdf", "x.pdf", "0", "pdf", 2, "pdfium",
    ...                              page_info=(PageInfo(1, "good", ocr=True), PageInfo(2, "good"))), ()))
    ('x.pdf', 1)
    """
    info = getattr(item, "info", None)
    if info is not None and hasattr(info, "page_info"):  # Parsed
        return str(info.name), sum(1 for p in info.page_info if p.ocr)
    old, new = getattr(item, "old", None), getattr(item, "new", None)
    if old is not None and new is not None and hasattr(old, "name") and hasattr(new, "name"):  # Comparison
        return f"{old.name} -> {new.name}", 0
    error = getattr(item, "error", None)  # run._Failure
    if callable(error):
        return str(error()), 0
    return "", 0


def _lines(items: Iterable[T], total: int, desc: str, out: TextIO) -> Iterator[T]:
    from moadiff.output import one_line  # a file's name may hold a line break or U+202E

    for n, item in enumerate(items, 1):
        name, pages = describe(item)
        name = one_line(name)
        note = f" ({pages} page{'s' if pages != 1 else ''} read by OCR)" if pages else ""
        print(f"[{desc} {n}/{total}] {name}{note}".rstrip(), file=out, flush=True)
        yield item


def _bar(items: Iterable[T], total: int, desc: str, out: TextIO) -> Iterator[T]:
    from tqdm import tqdm

    ocr_pages = 0
    with tqdm(total=total, desc=desc, unit="file", leave=False, file=out, dynamic_ncols=True) as bar:
        for item in items:
            pages = describe(item)[1]
            if pages:
                ocr_pages += pages
                bar.set_postfix_str(f"{ocr_pages} pages OCR'd", refresh=False)
            bar.update()
            yield item


def progress(items: Iterable[T], total: int, desc: str, show: Show, out: TextIO | None = None) -> Iterable[T]:
    """``items``, passed through as they come, with progress on ``out``
    (stderr): a bar if ``show`` is True or "bar" (with the files done, the
    pages OCR'd and the time left), a line per item if "lines"."""
    if not show or not total:
        return items
    stream = out or sys.stderr
    if show == "lines":
        return _lines(items, total, desc, stream)
    return _bar(items, total, desc, stream)

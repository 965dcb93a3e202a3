"""Where a batch's work runs: this machine's process pool, or a Dask cluster.

``--executor local`` (the default) is :class:`moadiff.batch.pool.Pool`.
``--executor dask://HOST:PORT`` sends the same units of work (read one
file, compare one pair) to the scheduler of a Dask distributed cluster
through its futures interface, and takes the results back in order, so a
batch comes out the same whichever executor ran it. Dask is an optional
extra (``pip install 'moadiff[dask]'``); this is the only module that
imports it.

The workers read the files by their paths, so every worker must see the
input folders at the same paths as the machine that runs ``moadiff batch``
(a shared file system), and have the same moadiff installed. Each worker
caches OCR'd pages in its own ``--cache-dir`` (see the README, "Sharing
the cache").

>>> make_pool("local", 1).jobs
1
>>> make_pool("ftp://x", 1)
Traceback (most recent call last):
...
moadiff.errors.OptionError: executor must be 'local' or 'dask://HOST:PORT', not 'ftp://x'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, Self, TypeVar

from moadiff.batch.pool import Pool
from moadiff.errors import OptionError

__all__ = ["DaskPool", "Executor", "dask_address", "make_pool"]

T = TypeVar("T")
R = TypeVar("R")

_DASK = re.compile(r"dask://(?P<host>\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})/?")


class Executor(Protocol):
    """What run.py and write.py need of a pool of workers."""

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


def dask_address(spec: str) -> str | None:
    """The scheduler address of ``dask://HOST:PORT``, None for "local",
    or an OptionError.

    >>> dask_address("dask://10.0.0.5:8786"), dask_address("local")
    ('tcp://10.0.0.5:8786', None)
    """
    if spec == "local":
        return None
    m = _DASK.fullmatch(spec)
    if m is None or not 0 < int(m["port"]) < 65536:
        raise OptionError(f"executor must be 'local' or 'dask://HOST:PORT', not {spec!r}")
    return f"tcp://{m['host']}:{m['port']}"


def make_pool(spec: str, jobs: int) -> Pool | DaskPool:
    """The executor ``spec`` names: "local" (a pool of ``jobs`` processes)
    or "dask://HOST:PORT" (the cluster's scheduler there)."""
    address = dask_address(spec)
    return Pool(jobs) if address is None else DaskPool(address)


class DaskPool:
    """``map()`` on a Dask distributed cluster: one task per item."""

    def __init__(self, address: str, timeout: float = 30.0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise OptionError("--executor dask:// needs Dask: pip install 'moadiff[dask]'") from None
        try:
            self._client: Any = Client(address, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise OptionError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        workers = self._client.scheduler_info().get("workers", {})
        self.jobs = max(1, sum(w.get("nthreads", 1) for w in workers.values()))

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``fn`` of each item, in order, as they are done. ``pure=False``:
        the work is keyed by position, not by hashing the (large) items."""
        if not items:
            return iter(())
        futures = self._client.map(fn, list(items), pure=False)
        return self._in_order(futures)

    @staticmethod
    def _in_order(futures: list[Any]) -> Iterator[R]:
        try:
            for i, future in enumerate(futures):
                yield future.result()
                futures[i] = None  # the cluster may forget a result once it is taken
        finally:
            for future in futures:
                if future is not None:
                    future.cancel()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

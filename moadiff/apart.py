"""Two halves of one piece of work at once: one in a forked child, one here.

A single comparison's stages run in one process, on one core, after the two
reader children are done: on a machine with two cores the other one idles.
:func:`both` lets a stage give half of its work to a child forked for it
(which inherits everything loaded so far, so it starts at once) and do the
other half itself. The child's result comes back pickled through a pipe.

Only the ``moadiff`` command asks for this (a batch keeps every core busy
with comparisons of its own, and a library caller's process may hold threads
that a fork would not copy). Where there is no ``fork``, or the child fails
in any way, the caller gets ``None`` for its half and does that half itself,
so the outcome never depends on the child::

    >>> both(lambda: sum(range(10)), lambda: 2 + 2)
    (45, 4)
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable
from typing import TypeVar

__all__ = ["both"]

A = TypeVar("A")
B = TypeVar("B")


def both(there: Callable[[], A], here: Callable[[], B]) -> tuple[A | None, B]:
    """``there()`` in a forked child and ``here()`` in this process, at the
    same time; ``there()``'s result, or None if it could not be had."""
    if not hasattr(os, "fork"):
        return None, here()
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None, here()
    if pid == 0:  # the child: one result, then out without running the parent's exit handlers
        # Its collector never walks the objects it inherited: a walk writes to
        # each of them, and so copies every page of the parent's heap.
        gc.freeze()
        os.close(read)
        code = 1
        try:
            data = pickle.dumps(there(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    try:
        mine = here()
    finally:
        with os.fdopen(read, "rb") as f:
            data = f.read()
        _, status = os.waitpid(pid, 0)
    if status != 0 or not data:  # the child failed, or died: do its half here
        return None, mine
    theirs: A = pickle.loads(data)  # whole: the child exits 0 only once it has written it all
    return theirs, mine

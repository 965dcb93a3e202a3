"""Run one extraction in a child process, under time, CPU and memory limits.

The PDF and DOCX libraries parse whatever a file contains, and some inputs
make them hang or blow up (pdfminer.six #909, #879, #1113; pdfplumber
#1339; decompression bombs). So :func:`run` forks a child that does the
reading and sends the Document back over a pipe, while the parent waits
(:func:`run_all` reads several files at once, one child each, and waits for
them together):

- **time**: the parent kills the child when ``resources.time_limit`` seconds
  (wall clock) have passed. OCR is slow by nature, so before it starts the
  child calls :func:`extend` to add a per-page allowance, and the CPU limit
  below is raised with it;
- **CPU**: ``RLIMIT_CPU``, twice the time limit (OCR uses every core);
- **memory**: ``RLIMIT_AS``, ``resources.memory_limit`` bytes of address space.
  Python raises MemoryError, a C library aborts: either way one line says so.

A moadiff error raised in the child is rebuilt in the parent with the same
type, file, reason and notes. Any other exception is a library crashing on
the file: :func:`reader_crashed` turns it into an :class:`ExtractionError`
that says so in the user's terms ("could not be read: the PDF's structure
is damaged (the reader crashed on it)"), never in the library's, and keeps
the library's exception and traceback as a note for ``--debug``; a
programming error raised in moadiff's own code is named as moadiff's fault,
not the file's. Where there
is no ``fork`` (Windows), extraction runs in this process, unbounded.

Long work inside a child can be split over processes of its own:
:func:`forked` runs one part in a grandchild and passes on what it sends.
Whatever that part leaves behind (a C library's allocator arenas, a PDF
engine's caches) ends with its process, so a child's memory stays flat
however many parts there are (OCR of a long scan, a few pages a part). A
grandchild has the child's limits (address space and CPU time are counted
per process) and is killed with it when the time limit ends the child.

A batch's worker reads file after file: :func:`keep_readers` gives it one
:class:`Reader`, a child that reads them one at a time, each under the same
limits (the CPU limit counted per file). A fork per file cost 15-25 ms of
CPU, and the child's caches started cold each time. A file that fails in
any way ends the reader; the next one starts a new reader, as does every
25th file, so nothing a library leaves behind piles up.

The pipe carries length-prefixed pickles; the parent reads only its own
child's messages, so the pickles are trusted like the rest of this process.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from moadiff.errors import ExtractionError, InputError, MoadiffError
from moadiff.model import Document, Resources

__all__ = ["Reader", "extend", "forked", "in_child", "keep_readers", "keeps_readers", "kept_reader", "reader_crashed", "run", "run_all",
           "supported"]

_HEADER = struct.Struct("!Q")
#: The pipe's write end in a child, for :func:`extend`; None in the parent.
_channel: int | None = None


def supported() -> bool:
    """Whether extraction can be isolated here (POSIX fork and rlimits)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return hasattr(os, "fork")


def extend(seconds: float) -> None:
    """In an isolated child, ask for ``seconds`` more time (and CPU time) before
    slow, legitimate work such as OCR. Does nothing outside a child."""
    if _channel is None or seconds <= 0:
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft != resource.RLIM_INFINITY:
        more = soft + int(seconds * (os.cpu_count() or 1)) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (more if hard == resource.RLIM_INFINITY else min(more, hard), hard))
    _send(_channel, ("extend", seconds))


def in_child() -> bool:
    """Whether this is an isolated reader child (where :func:`forked` forks)."""
    return _channel is not None


def forked(work: Callable[[Callable[[Any], None]], None], path: str, resources: Resources) -> Iterator[Any]:
    """In an isolated child, ``work(send)`` in a process forked from this one,
    and each item it sends, yielded here as it comes; its error is raised
    here as the child's would be. Call it with no other thread running (a
    fork copies only the calling thread). Outside a child, ``work`` runs in
    this process and its items are yielded when it is done.

    >>> list(forked(lambda send: [send(n * n) for n in range(3)], "a.pdf", Resources()))
    [0, 1, 4]
    """
    if _channel is None:
        items: list[Any] = []
        work(items.append)
        yield from items
        return
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the grandchild
        os.close(read_fd)
        _apart(work, path, write_fd, parent)
    os.close(write_fd)
    try:
        for message in _messages(read_fd):
            if message[0] == "item":
                yield message[1]
            elif message[0] == "done":
                return
            elif message[0] == "error":
                raise _rebuild(path, message[1])
            else:  # "limit": this child reports it as its own
                raise MemoryError
        raise _died(pid, path, resources)
    finally:
        os.close(read_fd)
        _reap(pid)


def _apart(work: Callable[[Callable[[Any], None]], None], path: str, fd: int, parent: int) -> None:
    """The grandchild of :func:`forked`: ``work``, its items and its outcome
    sent on ``fd``; it dies with its parent (a time limit kills the child)."""
    global _channel
    _channel = None  # time is asked for by the child, not here
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    try:
        if os.getppid() != parent:
            return  # the parent ended before the line above took effect
        message = _outcome(lambda: work(lambda item: _send(fd, ("item", item))), path)
        _send(fd, ("done",) if message[0] == "ok" else message)
    except BaseException:  # noqa: BLE001, S110 - the parent sees the pipe close and says so
        pass
    finally:
        os._exit(0)


def _messages(fd: int) -> Iterator[tuple[Any, ...]]:
    """The messages read from ``fd`` (blocking) until it is closed."""
    buffer = bytearray()
    while chunk := os.read(fd, 1 << 20):
        buffer += chunk
        while len(buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(buffer)
            if len(buffer) < _HEADER.size + size:
                break
            message: tuple[Any, ...] = pickle.loads(bytes(buffer[_HEADER.size:_HEADER.size + size]))
            del buffer[:_HEADER.size + size]
            yield message


def _send(fd: int, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _limit(resources: Resources) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (max(1, int(resources.time_limit * 2) + 1), resource.RLIM_INFINITY))
    memory = int(resources.memory_limit)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or memory < hard:
        resource.setrlimit(resource.RLIMIT_AS, (memory, hard))


def reader_crashed(path: str, exc: BaseException) -> ExtractionError:
    """What a user reads when a library raised ``exc`` while reading ``path``:
    what happened, in moadiff's words; the library's own exception and its
    traceback only as a note (shown with ``--debug``).

    >>> err = reader_crashed("a.txt", KeyError("/Kids"))
    >>> str(err)
    "a.txt: could not be read: the file's content is damaged (the reader crashed on it)"
    >>> "KeyError: '/Kids'" in err.__notes__[0]
    True
    """
    import traceback

    detail = "".join(traceback.format_exception(exc)).rstrip()
    what = _what(path)
    fault = _own_fault(exc)
    if fault is not None:
        reason = (f"could not be read: moadiff failed on it ({type(exc).__name__} in {fault}), a fault in "
                  "moadiff, not known to be in the file; please report it (--debug shows where)")
    elif isinstance(exc, RecursionError):
        reason = f"could not be read: {what} nests too deeply to read"
    elif isinstance(exc, UnicodeError):
        reason = f"could not be read: {what} holds text that cannot be decoded (the reader crashed on it)"
    elif isinstance(exc, MemoryError):
        reason = "could not be read: it needed more memory than this machine has"
    elif isinstance(exc, OSError) and exc.strerror:
        reason = f"could not be read: {exc.strerror.lower()}"
    else:
        reason = f"could not be read: {what} is damaged (the reader crashed on it)"
    return ExtractionError(path, reason, detail=f"the reader's own error:\n{detail}")


#: Exceptions that are a program's mistakes, not a file's: raised in one of
#: moadiff's own modules, they are moadiff's fault (:func:`_own_fault`).
_FAULTS = (AssertionError, AttributeError, IndexError, KeyError, NameError, TypeError, ZeroDivisionError)


def _own_fault(exc: BaseException) -> str | None:
    """The moadiff module where ``exc``, a programming error, was raised (its
    innermost frame), or None when a library raised it or it is of another
    kind: a library that trips over a file is the file's doing; moadiff
    tripping over its own code is not, whatever the file holds.

    >>> def oops() -> None:
    ...     [][0]
    >>> try:
    ...     oops()
    ... except IndexError as exc:
    ...     _own_fault(exc) is None  # raised here, in a doctest, not in moadiff
    True
    """
    from pathlib import Path

    tb = exc.__traceback__
    if tb is None or not isinstance(exc, _FAULTS):
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    package = Path(__file__).resolve().parent.parent
    where = Path(tb.tb_frame.f_code.co_filename).resolve()
    if not where.is_relative_to(package):
        return None
    return ".".join(("moadiff", *where.relative_to(package).with_suffix("").parts))


def _what(path: str) -> str:
    """The part of the file a reader crashed on, named by its format."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        head = b""
    if b"%PDF-" in head:
        return "the PDF's structure"
    if head[:4] == b"PK\x03\x04":
        return "the DOCX file's structure"
    return "the file's content"


def _describe(exc: BaseException) -> tuple[Any, ...]:
    """A moadiff error as plain data: (kind, module, class, ..., notes)."""
    cls = type(exc)
    notes = tuple(getattr(exc, "__notes__", ()))
    if isinstance(exc, InputError):
        return ("input", cls.__module__, cls.__qualname__, exc.path, exc.reason, exc.page,
                tuple(getattr(exc, "pages", ())), notes)
    return ("other", cls.__module__, cls.__qualname__, str(exc), notes)


def _rebuild(path: str, info: tuple[Any, ...]) -> MoadiffError:
    import importlib

    kind, module, name, notes = info[0], info[1], info[2], info[-1]
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        cls = ExtractionError if kind == "input" else MoadiffError
    if kind == "input":
        epath, reason, page, pages = info[3:7]
        if pages:
            err = cls(epath, reason, pages=pages)
        else:
            err = cls(epath, reason, page=page)
        err = err if isinstance(err, MoadiffError) else ExtractionError(path, reason)
    else:
        err = cls(info[3])
        err = err if isinstance(err, MoadiffError) else ExtractionError(path, info[3])
    for note in notes:
        err.add_note(note)
    return err


def _child(job: Callable[[], Document], path: str, resources: Resources, fd: int) -> None:
    global _channel
    _channel = fd
    try:
        import faulthandler

        faulthandler.disable()  # a crash here is the parent's to report, in one line
        gc.freeze()  # see apart.py: a collection here would copy every page of the parent's heap
        _limit(resources)
        _answer(job, path, fd)
    finally:
        os._exit(0)


def _outcome(job: Callable[[], Any], path: str) -> tuple[Any, ...]:
    """The message for the parent about ``job()``: ("ok", its result), or the
    error it raised, or a limit error, never an exception."""
    try:
        return ("ok", job())
    except MoadiffError as exc:
        return ("error", _describe(exc))
    except MemoryError:
        return ("limit", "memory")
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as one line
        return ("error", _describe(reader_crashed(path, exc)))


def _answer(job: Callable[[], Document], path: str, fd: int) -> bool:
    """Do ``job`` and send the parent its Document, or the error it raised,
    or a limit error: whether the reader can go on (the job went well)."""
    message = _outcome(job, path)
    try:
        _send(fd, message)
    except MemoryError:
        _send(fd, ("limit", "memory"))
        return False
    return bool(message[0] == "ok")


def run(job: Callable[[], Document], path: str, resources: Resources) -> Document:
    """``job()`` (which reads ``path``) in a child process under ``resources``'
    limits; its Document, or the error it raised, or a limit error."""
    return run_all([(job, path)], resources)[0]


class _Child:
    """A forked reader: its pipe, what it has sent so far, and its deadline."""

    def __init__(self, job: Callable[[], Document] | None, path: str, resources: Resources,
                 reader: tuple[int, int] | None = None) -> None:
        """Fork a child for ``job``, or wait for the kept ``reader`` (its
        pid and pipe) to read ``path``."""
        self.path, self.resources = path, resources
        if reader is None:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child
                os.close(read_fd)
                _child(job, path, resources, write_fd)  # type: ignore[arg-type]  # a job when not a reader
            os.close(write_fd)
            reader = pid, read_fd
        self.pid, self.fd = reader
        self.allowed = resources.time_limit
        self.deadline = time.monotonic() + resources.time_limit
        self.buffer = bytearray()

    def late(self) -> ExtractionError:
        return ExtractionError(self.path, f"reading took longer than {self.allowed:.0f} s, the time limit "
                                          "(--time-limit); the file may be damaged or hostile")

    def feed(self) -> Document | None:
        """Read what the child sent: its Document once complete (None until
        then), or raise its error."""
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            raise _died(self.pid, self.path, self.resources) from None
        self.buffer += chunk
        while len(self.buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self.buffer)
            if len(self.buffer) < _HEADER.size + size:
                break
            message = pickle.loads(bytes(self.buffer[_HEADER.size:_HEADER.size + size]))
            del self.buffer[:_HEADER.size + size]
            if message[0] == "extend":
                self.deadline += message[1]
                self.allowed += message[1]
            elif message[0] == "ok":
                document: Document = message[1]
                return document
            elif message[0] == "error":
                raise _rebuild(self.path, message[1]) from None
            elif message[0] == "limit":
                raise ExtractionError(self.path, f"reading needed more than {_size(self.resources.memory_limit)} "
                                                 "of memory, the limit (--memory-limit); the file may be a "
                                                 "decompression bomb")
            else:
                raise ExtractionError(self.path, "the reader stopped without an answer; the file may be damaged")
        return None

    def close(self) -> None:
        os.close(self.fd)
        _reap(self.pid)


def run_all(jobs: Sequence[tuple[Callable[[], Document], str]], resources: Resources,
            meanwhile: Callable[[], object] | None = None) -> list[Document]:
    """Each ``(job, path)`` in a child process of its own, all at once, each
    under ``resources``' limits; their Documents in order. If some fail, the
    error of the first of them (in ``jobs`` order) is raised, so that the
    outcome does not depend on which child finishes first: a failure stops
    the children after it, and those before it are still waited for.
    ``meanwhile()``, if given, runs here once the children have started
    (work of the caller's that needs no Document, such as its imports)."""
    children: list[_Child] = []
    try:
        for job, path in jobs:
            children.append(_Child(job, path, resources))
        if meanwhile is not None:
            meanwhile()
        done: dict[int, Document] = {}
        failed: dict[int, BaseException] = {}
        while True:
            first_failure = min(failed, default=len(children))
            waiting = [k for k in range(first_failure) if k not in done]
            if not waiting:
                break
            now = time.monotonic()
            for k in waiting:
                if children[k].deadline <= now:
                    failed[k] = children[k].late()
            waiting = [k for k in waiting if k not in failed]
            if not waiting:
                continue
            left = min(children[k].deadline for k in waiting) - now
            ready, _, _ = select.select([children[k].fd for k in waiting], [], [], max(left, 0.0))
            for k in waiting:
                if children[k].fd in ready:
                    try:
                        document = children[k].feed()
                    except MoadiffError as exc:
                        failed[k] = exc
                        continue
                    if document is not None:
                        done[k] = document
        if failed:
            raise failed[min(failed)]
        return [done[k] for k in range(len(children))]
    finally:
        for child in children:
            child.close()


def _reap(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _died(pid: int, path: str, resources: Resources) -> ExtractionError:
    """The child ended without an answer: say how."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 0
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return ExtractionError(path, "reading used more CPU time than the limit (--time-limit); "
                                         "the file may be damaged or hostile")
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return ExtractionError(path, f"the reader crashed ({name}), possibly out of memory (limit "
                                     f"{_size(resources.memory_limit)}, --memory-limit); the file may be damaged")
    return ExtractionError(path, "the reader stopped without an answer; the file may be damaged")


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


# ---------------------------------------------------------------------------
# A reader child kept from one file to the next (a batch's workers)
# ---------------------------------------------------------------------------

#: Files a kept reader reads before it is replaced: whatever a long batch
#: leaves in a reader's heap or a library's caches stays bounded.
_RECYCLE = 25
#: The kept readers, by (process, thread), once :func:`keep_readers` has been
#: called. A process forked from one that kept readers (a pool's worker forked
#: after the parent read one file itself) inherits this dict: the parent's
#: readers in it are the parent's, never used nor closed by the child.
_kept: dict[tuple[int, int], Reader] | None = None


def keep_readers() -> None:
    """From now on, :func:`kept_reader` gives this process one reader child
    that reads file after file (a batch's worker calls this): no fork per
    file, and the reader's caches (the words it has judged, PDFium's
    fonts) stay warm from one file to the next."""
    global _kept
    if _kept is None:
        _kept = {}
        # Reaped when this process ends, so that its CPU time is counted
        # with this process's: a pool's worker ends by os._exit, after
        # multiprocessing's finalizers (atexit is not run there).
        import atexit
        from multiprocessing import util

        atexit.register(_close_kept)
        util.Finalize(None, _close_kept, exitpriority=0)


def keeps_readers() -> bool:
    """Whether :func:`keep_readers` was called in this process (or the one it was forked from)."""
    return _kept is not None


def _close_kept() -> None:
    here = os.getpid()
    for (pid, _), reader in (_kept or {}).items():
        if pid == here:
            reader.close()


def kept_reader(resources: Resources) -> Reader | None:
    """This thread's kept reader for ``resources``, or None unless
    :func:`keep_readers` was called in this process."""
    if _kept is None or not supported():
        return None
    import threading

    # One reader a thread (a Dask worker runs tasks in threads) and a process:
    # two processes writing to one reader's pipe would take each other's answers.
    key = (os.getpid(), threading.get_ident())
    reader = _kept.get(key)
    if reader is None or reader.resources != resources:
        if reader is not None:
            reader.close()
        reader = _kept[key] = Reader(resources)
    return reader


class Reader:
    """A child process that reads one file after another, each under the
    limits :func:`run` sets for one: ``resources.time_limit`` seconds from
    when the file is handed over (and :func:`extend`), CPU time twice that
    per file, ``resources.memory_limit`` of address space. A file that fails
    in any way ends the child (a library that crashed may have left it in
    any state); the next file starts a new one, as does every
    :data:`_RECYCLE`-th file."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self._pid: int | None = None
        self._to = self._from = -1
        self._read = 0

    def _start(self) -> None:
        requests_read, requests_write = os.pipe()
        answers_read, answers_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the reader
            os.close(requests_write)
            os.close(answers_read)
            _serve(requests_read, answers_write, self.resources)
        os.close(requests_read)
        os.close(answers_write)
        self._pid, self._to, self._from, self._read = pid, requests_write, answers_read, 0

    def run(self, job: Callable[[], Document], path: str) -> Document:
        """``job()`` (which reads ``path``, and pickles) in the reader; its
        Document, or the error it raised, or a limit error."""
        if self._pid is None or self._read >= _RECYCLE:
            self.close()
            self._start()
        self._read += 1
        try:
            _send(self._to, (job, path))
        except OSError:  # the reader is gone: a new one
            self.close()
            self._start()
            _send(self._to, (job, path))
        assert self._pid is not None
        child = _Child(None, path, self.resources, (self._pid, self._from))
        try:
            while True:
                left = child.deadline - time.monotonic()
                if left <= 0:
                    raise child.late()
                ready, _, _ = select.select([child.fd], [], [], left)
                if ready and (document := child.feed()) is not None:
                    return document
        except BaseException:
            self.close()  # it ends after a failure; a late one is killed
            raise

    def close(self) -> None:
        if self._pid is not None:
            os.close(self._to)
            os.close(self._from)
            _reap(self._pid)
            self._pid = None


def _serve(requests: int, fd: int, resources: Resources) -> None:
    """The kept reader: each (job, path) read from ``requests`` is done as
    :func:`_child` does one, until the pipe closes or a job fails."""
    global _channel
    _channel = fd
    try:
        import faulthandler
        import resource

        faulthandler.disable()  # a crash here is the parent's to report, in one line
        _limit(resources)
        for job, path in _messages(requests):
            used = resource.getrusage(resource.RUSAGE_SELF)
            # RLIMIT_CPU counts the process's whole life: each file gets its own allowance on top.
            allowance = int(used.ru_utime + used.ru_stime) + max(1, int(resources.time_limit * 2) + 1)
            resource.setrlimit(resource.RLIMIT_CPU, (allowance, resource.RLIM_INFINITY))
            if not _answer(job, path, fd):
                break
    finally:
        os._exit(0)

"""Every error moadiff raises on purpose.

::

    MoadiffError                 base: str(e) is one line a user can act on
    ├── InputError               an input file cannot be used (has .path)
    │   ├── UnsupportedFormat    not a PDF, DOCX or text file
    │   ├── ExtractionError      the file is damaged, encrypted, or unreadable
    │   └── EmptyDocument        no usable text at all (has .pages)
    ├── OutputError              a report cannot be written (has .path)
    ├── CacheError               the cache folder cannot be used
    └── OptionError              an option or resource value makes no sense

The CLI prints ``moadiff: <str(e)>`` and exits 2 for all of them. The
reason is moadiff's own words; what a library said (its exception, a
traceback) is kept as a note on the error (``detail=``), which ``--debug``
shows with the traceback and ``str(e)`` never does.
"""

from __future__ import annotations

import os


class MoadiffError(Exception):
    """Base class of moadiff's own errors."""


class InputError(MoadiffError):
    """An input file cannot be read or used."""

    def __init__(self, path: str | os.PathLike[str], reason: str, *, page: int | None = None,
                 detail: str | None = None) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        self.page = page
        where = f"{self.path}: page {page}" if page is not None else self.path
        super().__init__(f"{where}: {reason}")
        if detail:
            self.add_note(detail)


class UnsupportedFormat(InputError):
    """The file is not a PDF, DOCX or plain-text document."""


class ExtractionError(InputError):
    """The file is damaged, encrypted or otherwise unreadable."""


class EmptyDocument(InputError):
    """The document yields no usable text, so comparing it would be a lie."""

    def __init__(self, path: str | os.PathLike[str], reason: str, *, pages: tuple[int, ...] = ()) -> None:
        super().__init__(path, reason)
        self.pages = pages


class OutputError(MoadiffError):
    """A report cannot be written."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class CacheError(MoadiffError):
    """The cache folder cannot be used (damaged, read-only, full): ``str(e)``
    names the folder, the reason, and how to go on without it."""


class OptionError(MoadiffError):
    """An option value makes no sense (raised by Options and Resources when
    made): ``str(e)`` names the option, what is allowed and the value."""

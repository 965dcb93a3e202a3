"""Write reports safely: never over an input, atomically, never via a planted link.

A report is written to a temporary file in the target's folder and renamed
over the target, so a reader never sees half a report and an interrupted run
leaves the old one intact. A target that is one of the inputs (by name,
through a symbolic link, or as a hard link) is refused. A symbolic link
planted at the target is replaced, never followed.

:func:`one_line` makes text (a file name in an error) safe for one line of a
terminal.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from moadiff.errors import OutputError
from moadiff.model import Comparison
from moadiff.render import Target
from moadiff.render import render as _render

#: Report formats and the file extensions that select them.
FORMATS = {
    ".html": "html", ".htm": "html", ".json": "json", ".docx": "docx", ".md": "md", ".markdown": "md",
    ".csv": "csv", ".pdf": "pdf",
}
#: Formats that are not text: never written to a terminal.
BINARY = frozenset({"docx", "pdf"})


def one_line(text: str) -> str:
    r"""``text`` for one line of a terminal or log: line breaks, control
    characters and invisible formatting characters (such as U+202E, which
    reverses the text after it) shown escaped, as Python writes them.

    >>> print(one_line("two\nlines\u202efdp.exe: the file is empty"))
    two\nlines\u202efdp.exe: the file is empty
    """
    return "".join(ch if ch == " " or ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def format_for(path: str | os.PathLike[str], default: str | None = None) -> str:
    fmt = FORMATS.get(Path(path).suffix.lower(), default)
    if fmt is None:
        raise OutputError(path, f"cannot tell the report format from the extension; use one of "
                                f"{', '.join(sorted(FORMATS))} or --format")
    return fmt


def render(comparison: Comparison, fmt: str, *, path: str | os.PathLike[str] = "-",
           html_href: str | None = None) -> bytes:
    """The report in format ``fmt`` for the target ``path`` (see :func:`moadiff.render.render`)."""
    return _render(comparison, fmt, Target(os.fspath(path), html_href))


def html_beside(path: str | os.PathLike[str], targets: Iterable[tuple[str, str]]) -> str | None:
    """The file name of an HTML report written to the same folder as
    ``path``, for links from it; None if there is none."""
    folder = Path(path).resolve().parent
    for other, fmt in targets:
        if fmt == "html" and Path(other).resolve().parent == folder:
            return Path(other).name
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(path: str | os.PathLike[str], data: bytes, *, inputs: Iterable[str] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    target = Path(path)
    for src in inputs:
        if _same_file(target, Path(src)) or target.resolve() == Path(src).resolve():
            raise OutputError(target, "refusing to overwrite an input document")
    if target.is_dir() and not target.is_symlink():
        raise OutputError(target, "is a folder; give a file name for the report")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(target, f"no such folder: {folder}")
    # A short prefix: the target's own name may already be as long as a name can be.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:32]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); a report gets the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        # os.replace renames the temporary file over the target: a symlink
        # planted at the target is replaced, never followed.
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(target, exc.strerror or str(exc)) from None

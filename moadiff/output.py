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
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Inputs:
    """The input documents, looked up once (a batch writes hundreds of
    reports against the same inputs): their resolved paths, and their
    (device, inode) pairs, which a hard link shares."""

    paths: frozenset[Path]
    files: frozenset[tuple[int, int]]

    @classmethod
    def of(cls, paths: Iterable[str | os.PathLike[str]]) -> Inputs:
        resolved, files = set(), set()
        for p in paths:
            resolved.add(Path(p).resolve())
            try:
                st = os.stat(p)
            except OSError:
                continue
            files.add((st.st_dev, st.st_ino))
        return cls(frozenset(resolved), frozenset(files))

    def holds(self, target: Path) -> bool:
        """Whether writing ``target`` would overwrite one of the inputs."""
        if target.resolve() in self.paths:
            return True
        try:
            st = os.stat(target)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) in self.files


def write_atomic(path: str | os.PathLike[str], data: bytes, *,
                 inputs: Inputs | Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    target = Path(path)
    if (inputs if isinstance(inputs, Inputs) else Inputs.of(inputs)).holds(target):
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

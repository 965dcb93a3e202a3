"""Uploads: a multipart body streamed into a job's folder, within limits, and
the documents in it recognised from their bytes.

Nothing from the request names a file on disk: parts are written as
``part-1``, ``part-2`` ... in the job's ``in/`` folder as they arrive, then
renamed to a name made from ``[A-Za-z0-9._-]`` and the extension of the type
their bytes show (:func:`document`). The body is counted as it streams, so a
body over the limit stops at the limit, whatever its Content-Length says.

A ZIP (:func:`unzip`) is checked from its central directory before anything
is inflated (entry count, total size, compression ratio, absolute paths,
``..``, links), then inflated entry by entry with the bytes counted again,
since the sizes a ZIP declares can lie.

>>> safe_stem("../../Grayson County MOA (final).PDF")
'Grayson_County_MOA_final'
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from python_multipart.multipart import MultipartParser, parse_options_header

from moadiff.errors import InputError, MoadiffError
from moadiff.extractors import sniff_format
from moadiff.serve.settings import Settings

__all__ = ["Form", "Upload", "UploadError", "document", "receive", "safe_stem", "unzip"]

#: Extensions of the documents moadiff reads, by the type their bytes show.
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "txt": ".txt"}
_NAMES = {".pdf": "PDF", ".docx": "DOCX", ".txt": "text"}
#: A form field that is not a file (options, a watch list).
MAX_FIELD_BYTES = 64 * 1024
MAX_FIELDS = 50


class UploadError(MoadiffError):
    """A request the server refuses: ``status`` is its HTTP status, and
    ``str(e)`` one line saying why."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: its form field, where it was written, and the name
    the client gave it (shown to people, never used as a path)."""

    field: str
    path: Path
    filename: str
    size: int


@dataclass(frozen=True, slots=True)
class Form:
    files: tuple[Upload, ...] = ()
    fields: dict[str, list[str]] = field(default_factory=dict)

    def value(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[-1] if values else default

    def named(self, name: str) -> list[Upload]:
        return [f for f in self.files if f.field == name]


def safe_stem(filename: str) -> str:
    """A file stem of ASCII letters, digits, ``.``, ``_`` and ``-`` (never
    first or last), made from the last part of ``filename``: any folders in
    it are dropped, other characters become ``_``. It keeps the name a
    reader recognises in the report."""
    base = re.split(r"[\\/]", filename)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:80].strip("._-") or "document"


class _Parts:
    """The parser's callbacks: headers, then data to a file or a field."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder, self.settings = folder, settings
        self.files: list[Upload] = []
        self.fields: dict[str, list[str]] = {}
        self.total = 0
        self._headers: dict[bytes, bytes] = {}
        self._name = self._value = b""
        self._field = ""
        self._filename: str | None = None
        self._fh: int | None = None
        self._path: Path | None = None
        self._size = 0
        self._buffer = bytearray()

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._name += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def header_end(self) -> None:
        self._headers[self._name.lower()] = self._value
        self._name = self._value = b""

    def headers_finished(self) -> None:
        disposition, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        if disposition != b"form-data" or b"name" not in params:
            raise UploadError(400, "a part of the upload has no form field name")
        self._field = params[b"name"].decode("utf-8", "replace")
        raw = params.get(b"filename")
        self._filename = raw.decode("utf-8", "replace") if raw is not None else None
        self._size = 0
        self._buffer.clear()
        if self._filename is not None:
            if len(self.files) >= self.settings.max_files:
                raise UploadError(413, f"too many files: at most {self.settings.max_files} in one upload")
            self._path = self.folder / f"part-{len(self.files) + 1}"
            self._fh = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        elif sum(len(v) for v in self.fields.values()) >= MAX_FIELDS:
            raise UploadError(413, f"too many form fields: at most {MAX_FIELDS}")

    def part_data(self, data: bytes, start: int, end: int) -> None:
        self._size += end - start
        if self._fh is not None:
            if self._size > self.settings.max_file_bytes:
                raise UploadError(413, f"{self._filename}: larger than {_mib(self.settings.max_file_bytes)}, "
                                       "the limit for one file")
            view = memoryview(data)[start:end]
            while view:
                view = view[os.write(self._fh, view):]
        else:
            if self._size > MAX_FIELD_BYTES:
                raise UploadError(413, f"the form field {self._field!r} is longer than {MAX_FIELD_BYTES} bytes")
            self._buffer += data[start:end]

    def part_end(self) -> None:
        if self._fh is not None and self._path is not None:
            os.close(self._fh)
            self._fh = None
            self.files.append(Upload(self._field, self._path, self._filename or "", self._size))
        else:
            self.fields.setdefault(self._field, []).append(self._buffer.decode("utf-8", "replace"))
        self._headers = {}

    def close(self) -> None:
        if self._fh is not None:
            os.close(self._fh)
            self._fh = None


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


async def receive(headers: dict[str, str], body: AsyncIterator[bytes], folder: Path, settings: Settings) -> Form:
    """Stream a ``multipart/form-data`` body into ``folder`` (which must
    exist), or raise an :class:`UploadError`; the caller removes ``folder``
    on failure."""
    ctype, params = parse_options_header(headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or not params.get(b"boundary"):
        raise UploadError(415, "send the files as multipart/form-data")
    limit = settings.max_total_bytes + 2**20  # the files, plus room for the form's own fields and headers
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise UploadError(413, f"the upload is larger than {_mib(settings.max_total_bytes)}, the limit")
    parts = _Parts(folder, settings)
    callbacks = {"on_header_field": parts.header_field, "on_header_value": parts.header_value,
                 "on_header_end": parts.header_end, "on_headers_finished": parts.headers_finished,
                 "on_part_data": parts.part_data, "on_part_end": parts.part_end}
    parser = MultipartParser(params[b"boundary"], callbacks)  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in body:
            received += len(chunk)
            if received > limit:
                raise UploadError(413, f"the upload is larger than {_mib(settings.max_total_bytes)}, the limit")
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-multipart's errors: a malformed body
        raise UploadError(400, f"the upload is not valid multipart/form-data ({type(exc).__name__})") from None
    finally:
        parts.close()
    return Form(tuple(parts.files), parts.fields)


def document(upload: Upload, folder: Path, taken: set[str]) -> Path:
    """Rename ``upload`` in ``folder`` to a safe name with the extension its
    bytes show, or raise an :class:`UploadError` if it is not a PDF, DOCX
    or text file, or if its name claims another of those types."""
    shown = upload.filename or upload.field
    if upload.size == 0:
        raise UploadError(422, f"{shown}: the file is empty")
    with open(upload.path, "rb") as fh:
        head = fh.read(4096)
    try:
        fmt = sniff_format(upload.path, head)
    except InputError as exc:
        raise UploadError(415, f"{shown}: {exc.reason}") from None
    claimed = os.path.splitext(upload.filename)[1].lower()
    ext = EXTENSIONS[fmt]
    if claimed in _NAMES and claimed != ext:
        raise UploadError(415, f"{shown}: named {_NAMES[claimed]} ({claimed}) but its content is a "
                               f"{_NAMES[ext]} file; check that it is the file you meant")
    if claimed not in _NAMES and fmt == "txt":
        raise UploadError(415, f"{shown}: not a PDF, DOCX or text file")
    stem, n = safe_stem(upload.filename or upload.field), 2
    name = stem + ext
    while name in taken:
        name, n = f"{stem}-{n}{ext}", n + 1
    taken.add(name)
    target = folder / name
    os.rename(upload.path, target)
    return target


def _unsafe(info: zipfile.ZipInfo) -> str | None:
    """Why a ZIP entry must not be unpacked, or None."""
    name = info.filename
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if ".." in re.split(r"[\\/]", name):
        return "a path with '..'"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if info.flag_bits & 0x1:
        return "an encrypted entry"
    return None


def unzip(upload: Upload, folder: Path, settings: Settings, taken: set[str]) -> list[Upload]:
    """The documents in the ZIP ``upload``, unpacked into ``folder`` under
    server-made names (then recognised by :func:`document`); entries that
    are not .pdf, .docx or .txt, folders and hidden files are left out."""
    shown = upload.filename or "the ZIP file"
    try:
        archive = zipfile.ZipFile(upload.path)
    except (zipfile.BadZipFile, OSError):
        raise UploadError(415, f"{shown}: not a valid ZIP file") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > settings.max_zip_entries:
            raise UploadError(413, f"{shown}: {len(entries)} entries, more than the limit of "
                                   f"{settings.max_zip_entries}")
        for info in entries:
            why = _unsafe(info)
            if why:
                raise UploadError(422, f"{shown}: refused, the entry {info.filename!r} is {why}")
            if info.compress_size and info.file_size / info.compress_size > settings.max_zip_ratio:
                raise UploadError(413, f"{shown}: refused, the entry {info.filename!r} is compressed more than "
                                       f"{settings.max_zip_ratio:.0f} to 1 (a ZIP bomb?)")
        if sum(i.file_size for i in entries) > settings.max_zip_bytes:
            raise UploadError(413, f"{shown}: unpacks to more than {_mib(settings.max_zip_bytes)}, the limit")
        out: list[Upload] = []
        total = 0
        for info in entries:
            path = PurePosixPath(info.filename.replace("\\", "/"))
            if info.is_dir() or any(p.startswith((".", "__MACOSX")) for p in path.parts):
                continue
            if path.suffix.lower() not in _NAMES:
                continue
            if len(out) >= settings.max_files:
                raise UploadError(413, f"{shown}: more than {settings.max_files} documents, the limit")
            target = folder / f"zip-{len(out) + 1}"
            size = _inflate(archive, info, target, settings, settings.max_zip_bytes - total, shown)
            total += size
            out.append(Upload("files", target, path.name, size))
    return [Upload(u.field, document(u, folder, taken), u.filename, u.size) for u in out]


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, settings: Settings, room: int,
             shown: str) -> int:
    """Unpack one entry to ``target``, counting the bytes it really inflates to."""
    size = 0
    try:
        with archive.open(info) as src, open(target, "xb") as dst:
            while chunk := src.read(1 << 16):
                size += len(chunk)
                if size > min(settings.max_file_bytes, room):
                    raise UploadError(413, f"{shown}: the entry {info.filename!r} unpacks to more than "
                                           "the limit (a ZIP bomb?)")
                dst.write(chunk)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise UploadError(415, f"{shown}: the entry {info.filename!r} cannot be unpacked ({exc})") from None
    return size

"""Fuzzing extraction and segmentation: only moadiff's own errors may escape.

Hypothesis mutates real seed files (a PDF, a DOCX, its document.xml, and
text) byte by byte, and each mutant is read, cleaned, segmented and profiled
in this process (``isolate=False``, so that a bug is a bug here and not
hidden by the child process's catch-all). The contract: the result is a
list of clauses, or a :class:`MoadiffError`, nothing else.

``MOADIFF_FUZZ_EXAMPLES`` sets the inputs per target (default 40; .ci/run
asks for more, a few minutes in all). Hypothesis shrinks a failure to a
minimal mutation; add it below as an ``@example`` so it stays a regression
test.
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from moadiff.errors import MoadiffError
from moadiff.extractors import extract
from moadiff.model import Options, Resources
from moadiff.pipeline import parsed

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EXAMPLES = int(os.environ.get("MOADIFF_FUZZ_EXAMPLES", "40"))
OPTIONS = Options(ocr="never", max_pages=50)
RESOURCES = Resources(isolate=False)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# A mutation: (operation, where as a fraction of the length, a byte, a length).
mutation = st.tuples(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat", "zero"]),
                     st.floats(0, 1, allow_nan=False), st.integers(0, 255), st.integers(1, 64))


def mutate(data: bytes, mutations: list[tuple[str, float, int, int]]) -> bytes:
    out = bytearray(data)
    for op, where, value, length in mutations:
        at = min(int(where * len(out)), max(0, len(out) - 1))
        if op == "flip" and out:
            out[at] ^= value or 1
        elif op == "insert":
            out[at:at] = bytes([value]) * length
        elif op == "delete":
            del out[at:at + length]
        elif op == "truncate":
            del out[at:]
        elif op == "repeat":
            out[at:at] = out[at:at + length] * 3
        elif op == "zero":
            out[at:at + length] = bytes(len(out[at:at + length]))
    return bytes(out)


@lru_cache(maxsize=1)
def seed_pdf() -> bytes:
    """The sample's first two pages: small, so that many mutants run."""
    import pypdfium2

    src = pypdfium2.PdfDocument(str(SAMPLES / "old.pdf"))
    dst = pypdfium2.PdfDocument.new()
    try:
        dst.import_pages(src, [0, 1])
        buf = io.BytesIO()
        dst.save(buf)
        return buf.getvalue()
    finally:
        dst.close()
        src.close()


def read(tmp_path: Path, name: str, data: bytes) -> None:
    """The fuzz target: extraction, cleaning, segmentation and profiling."""
    path = tmp_path / name
    path.write_bytes(data)
    try:
        parsed(extract(path, OPTIONS, RESOURCES), OPTIONS)
    except MoadiffError as exc:
        assert "\n" not in str(exc), "errors are one line"


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=6))
@example([("truncate", 0.5, 0, 1)])
@example([("zero", 0.0, 0, 64)])
def test_fuzz_pdf(tmp_path: Path, mutations: list[tuple[str, float, int, int]]) -> None:
    read(tmp_path, "mutant.pdf", mutate(seed_pdf(), mutations))


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=6))
def test_fuzz_docx_package(tmp_path: Path, mutations: list[tuple[str, float, int, int]]) -> None:
    read(tmp_path, "mutant.docx", mutate((SAMPLES / "old.docx").read_bytes(), mutations))


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=8))
def test_fuzz_docx_xml(tmp_path: Path, mutations: list[tuple[str, float, int, int]]) -> None:
    """The package stays a valid zip; its main part is mutated."""
    with zipfile.ZipFile(SAMPLES / "old.docx") as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts["word/document.xml"] = mutate(parts["word/document.xml"], mutations)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    read(tmp_path, "mutant.docx", buf.getvalue())


@FUZZ
@given(st.text(min_size=0, max_size=3000))
@example("I.\n\nII.\n\nA.\n\n" * 50)
@example("\u202e\x00\ufeffI. PARTIES\r\n" * 30)
@example("D AA")  # found by a CI-sized run: an OCR-read "II." heading first, nothing before it
def test_fuzz_text(tmp_path: Path, text: str) -> None:
    read(tmp_path, "mutant.txt", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=8))
def test_fuzz_agreement_text(tmp_path: Path, mutations: list[tuple[str, float, int, int]]) -> None:
    read(tmp_path, "mutant.txt", mutate((SAMPLES / "old.txt").read_bytes(), mutations))


def test_seed_files_read_cleanly(tmp_path: Path) -> None:
    for name, data in (("seed.pdf", seed_pdf()), ("seed.docx", (SAMPLES / "old.docx").read_bytes())):
        path = tmp_path / name
        path.write_bytes(data)
        assert len(parsed(extract(path, OPTIONS, RESOURCES), OPTIONS).clauses) > 3


pytest.importorskip("pypdfium2")

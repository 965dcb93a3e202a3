"""Hostile PDF input ends in a clean, bounded result, with either engine.

A file that cannot be compared gives exit status 2 and one line,
``moadiff: FILE: reason``, never a traceback; a file that can be read is
compared correctly (against its plain-text twin: no differences); hidden
text is left out, with a notice. Every case must end within 30 s. The files
are built by tests/hostile_pdf.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import hostile_pdf as h
import pytest
from click.testing import CliRunner

from moadiff.cli import cli
from moadiff.extractors import isolate

pytestmark = pytest.mark.skipif(not isolate.supported(), reason="no fork or rlimits on this system")
ENGINES = ("pdfium", "pdfplumber")
BOUND = 30.0  # seconds, the default --time-limit


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile")
    (path / "agreement.txt").write_text(h.agreement_txt(), encoding="utf-8")
    (path / "agreement.pdf").write_bytes(h.agreement())
    return path


_built: dict[str, Path] = {}


def build(folder: Path, name: str, make: Callable[[], bytes]) -> Path:
    """Write ``make()`` to NAME.pdf once per module (the bomb takes a second)."""
    if name not in _built or not _built[name].exists():
        path = folder / f"{name}.pdf"
        path.write_bytes(make())
        _built[name] = path
    return _built[name]


def run(*args: str) -> tuple[int, str, str, float]:
    """``moadiff compare ARGS`` through the CLI: exit code, stdout, stderr, seconds."""
    start = time.monotonic()
    res = CliRunner().invoke(cli, ["compare", *args])
    return res.exit_code, res.stdout, res.stderr, time.monotonic() - start


def run_process(*args: str) -> tuple[int, str, str, float]:
    """The same in a real process: what a C library writes to fd 2 shows too."""
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "moadiff", "compare", *args], check=False,
                         capture_output=True, text=True, timeout=120)
    return res.returncode, res.stdout, res.stderr, time.monotonic() - start


def assert_one_line(path: Path, code: int, out: str, err: str, seconds: float, reason: str) -> None:
    import re

    assert code == 2, (out, err)
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"moadiff: {path}: "), lines[0]
    assert re.search(reason, lines[0]), lines[0]
    assert seconds < BOUND


def assert_same_as_text(code: int, out: str, err: str, seconds: float) -> dict:  # type: ignore[type-arg]
    """Read correctly: no differences from the plain-text twin (warnings aside)."""
    assert "Traceback" not in err and all(line.startswith(("moadiff: warning: ", "moadiff: note: "))
                                          for line in err.splitlines()), err
    assert code == 0, [(c["status"], c["old"] and c["old"]["text"], c["new"] and c["new"]["text"])
                       for c in json.loads(out)["changes"] if c["status"] != "unchanged"]
    assert seconds < BOUND
    return json.loads(out)  # type: ignore[no-any-return]


# --- files that cannot be compared: exit 2, one line ----------------------------

UNREADABLE = {
    "empty": (lambda: b"", {"pdfium": "the file is empty", "pdfplumber": "the file is empty"}),
    "html": (h.html, {"pdfium": "an HTML page", "pdfplumber": "an HTML page"}),
    "png": (h.png, {"pdfium": "not a PDF, DOCX or text file", "pdfplumber": "not a PDF, DOCX or text file"}),
    "truncated": (h.truncated, {"pdfium": r"not a valid PDF \(damaged or truncated\)$",
                                "pdfplumber": r"not a valid PDF \(damaged or truncated\); --engine pdfium may read it$"}),
    "locked": (lambda: h.encrypted("secret", "owner", -4),
               {"pdfium": r"encrypted and needs a password \(use --password\)$",
                "pdfplumber": r"encrypted and needs a password \(use --password\)$"}),
    "zero-pages": (h.zero_pages, {"pdfium": r"has no pages", "pdfplumber": r"the PDF has no pages$"}),
    "20000-pages": (h.many_pages, {"pdfium": r"has 20000 pages, more than --max-pages 500$",
                                   "pdfplumber": r"has 20000 pages, more than --max-pages 500$"}),
    # PDFium aborts when an allocation fails; pdfminer raises MemoryError.
    "flate-bomb": (h.flate_bomb, {"pdfium": r"crashed \(SIGABRT\), possibly out of memory|memory",
                                  "pdfplumber": r"needed more than 2\.0 GiB of memory"}),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(UNREADABLE))
def test_unreadable_file_is_one_line(folder: Path, case: str, engine: str) -> None:
    make, reasons = UNREADABLE[case]
    path = build(folder, case, make)
    runner = run_process if case == "flate-bomb" else run  # a C library's abort writes to fd 2
    code, out, err, seconds = runner(str(path), str(folder / "agreement.txt"), "--engine", engine)
    assert_one_line(path, code, out, err, seconds, reasons[engine])


def test_wrong_password_is_one_line(folder: Path) -> None:
    path = build(folder, "locked", lambda: h.encrypted("secret", "owner", -4))
    for engine in ENGINES:
        code, out, err, seconds = run(str(path), str(folder / "agreement.txt"), "--engine", engine,
                                      "--password", "guess")
        assert_one_line(path, code, out, err, seconds, r"the password given does not open this encrypted PDF$")


def test_a_font_without_descendant_fonts(folder: Path) -> None:
    # PDFium reads the page (the broken font's two glyphs as "AB"); pdfminer
    # fails on the font, and the whole file is refused in one line.
    path = build(folder, "type0", h.type0_without_descendants)
    code, out, err, seconds = run_process(str(path), str(folder / "agreement.txt"), "--engine", "pdfplumber")
    assert_one_line(path, code, out, err, seconds,
                    r"page 1: cannot read the page, the PDF is damaged; --engine pdfium may read it$")
    assert "KeyError" not in err  # pdfminer's words are for --debug only
    code, out, err, seconds = run_process(str(path), str(folder / "agreement.txt"), "--engine", "pdfplumber",
                                          "--debug")
    assert code == 2 and "KeyError: 'DescendantFonts'" in err
    code, out, err, seconds = run_process(str(path), str(folder / "agreement.txt"))
    assert code == 1 and err == "" and seconds < BOUND
    edits = [e for c in json.loads(out)["changes"] for e in c["edits"] if e["op"] != "equal"]
    assert [(e["op"], e["old"].split()) for e in edits] == [("delete", ["AB"])]


def test_owner_password_with_p_0(folder: Path) -> None:
    # Permissions (/P 0: no copying, no printing) bind editing tools, not
    # readers: reading the text to compare it is what any viewer does, and
    # PDFium opens the file with the empty user password. pdfminer cannot
    # (it reads /P 0 as 2**32), which is said in one line.
    path = build(folder, "owner-p0", lambda: h.encrypted("", "owner", 0))
    assert_same_as_text(*run(str(path), str(folder / "agreement.txt")))
    code, out, err, seconds = run(str(path), str(folder / "agreement.txt"), "--engine", "pdfplumber")
    assert_one_line(path, code, out, err, seconds,
                    r"encrypted in a way the pdfplumber engine cannot open; --engine pdfium may read it$")


# --- files that can be read: compared correctly -----------------------------------

READABLE: dict[str, tuple[Callable[[], bytes], tuple[str, ...]]] = {
    "plain": (h.agreement, ()),
    "broken-xref": (h.broken_xref, ()),  # repaired by both engines
    "locked": (lambda: h.encrypted("secret", "owner", -4), ("--password", "secret")),
    "no-copying": (lambda: h.encrypted("", "owner", -3904), ()),  # every permission bit off
    "count-2000000000": (h.huge_count, ()),  # both engines walk the tree, not /Count
    "nested-arrays-content": (h.nested_arrays_in_content, ()),
    "nested-arrays-page": (h.nested_arrays_in_page, ()),
    "self-drawing-form": (h.self_drawing_form, ()),
    "scan-ocr-layer": (h.scanned_with_ocr_layer, ()),  # invisible text over an image is kept
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(READABLE))
def test_readable_file_compares_correctly(folder: Path, case: str, engine: str) -> None:
    make, extra = READABLE[case]
    path = build(folder, case, make)
    runner = run_process if case == "self-drawing-form" else run  # pdfminer would log the cycle on stderr
    code, out, err, seconds = runner(str(path), str(folder / "agreement.txt"), "--engine", engine, *extra)
    data = assert_same_as_text(code, out, err, seconds)
    assert err == ""
    assert not [n for n in data["old"]["notices"] if n["code"] == "hidden-text"]


@pytest.mark.parametrize("engine", ENGINES)
def test_page_tree_cycle(folder: Path, engine: str) -> None:
    # The root's /Kids hold the page and a node whose /Kids point back at the
    # root. pdfminer skips what it has seen: one page. PDFium shows the page
    # twice, as Chrome (built on PDFium) does; that is a reading, not an error.
    path = build(folder, "cycle", h.page_tree_cycle)
    code, out, err, seconds = run_process(str(path), str(folder / "agreement.txt"), "--engine", engine)
    assert err == "" and seconds < BOUND
    data = json.loads(out)
    assert data["old"]["pages"] == (2 if engine == "pdfium" else 1)
    assert code == (1 if engine == "pdfium" else 0)


@pytest.mark.parametrize("engine", ENGINES)
def test_60000_glyphs_on_one_page(folder: Path, engine: str) -> None:
    # Legible in principle (2-point type), so compared: the rows of letters
    # make the page look like gibberish, and OCR reads it as well. pdfminer
    # is slow on it (about 10 s here), so it runs under a 20 s limit: either
    # it finishes, or the limit ends it in one line.
    path = build(folder, "glyphs", h.many_glyphs)
    code, out, err, seconds = run(str(path), str(folder / "agreement.txt"), "--engine", engine, "--time-limit", "20")
    assert seconds < BOUND and "Traceback" not in err
    if code == 2:
        assert engine == "pdfplumber" and err.count("\n") == 1 and "longer than 20 s, the time limit" in err
    else:
        assert code in (0, 1) and json.loads(out)["old"]["pages"] == 1


# --- hidden text: left out, with a notice -------------------------------------------

HIDDEN = {
    "white": h.hidden_white,
    "invisible": h.hidden_invisible,
    "off-page": h.hidden_off_page,
    "in-form-off-page": h.hidden_in_form,
    "transparent": h.hidden_transparent,
    "transparent-saved": h.hidden_transparent_saved,
    "transparent-form": h.hidden_transparent_form,
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(HIDDEN))
def test_hidden_text_is_left_out_with_a_notice(folder: Path, case: str, engine: str) -> None:
    import pypdfium2 as pdfium

    data = HIDDEN[case]()
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "not" in text.split() or "LIABILITY" in text  # the hidden words are in the text layer
    path = build(folder, f"hidden-{case}", lambda: data)
    # The old version is the plain agreement: "shall report"; the new one
    # says the same on paper, but its text layer adds "not" (or a clause).
    code, out, err, seconds = run(str(folder / "agreement.pdf"), str(path), "--engine", engine)
    result = assert_same_as_text(code, out, err, seconds)
    assert err.startswith(f"moadiff: warning: {path}: ") and "hidden text" in err and err.count("\n") == 1, err
    notices = [n for n in result["new"]["notices"] if n["code"] == "hidden-text"]
    assert len(notices) == 1 and notices[0]["pages"] == [1], result["new"]["notices"]
    assert "hidden text" in notices[0]["message"] and "left out" in notices[0]["message"]
    assert not result["old"]["notices"]


WATERMARKS = {
    "slanted": (h.watermark_slanted, ['"DRAFT"', '"RECEIVED"']),
    "letters": (h.watermark_letters, ['"SAMPLE"']),
    "pale": (h.watermark_pale, ['"CONFIDENTIAL"']),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(WATERMARKS))
def test_a_watermark_or_stamp_is_left_out_and_quoted(folder: Path, case: str, engine: str) -> None:
    make, quoted = WATERMARKS[case]
    path = build(folder, f"watermark-{case}", make)
    code, out, err, seconds = run(str(folder / "agreement.pdf"), str(path), "--engine", engine)
    result = assert_same_as_text(code, out, err, seconds)  # no word of the marks in any clause
    assert err == f"moadiff: note: {path}: {result['new']['notices'][0]['message']}\n", err
    notices = [n for n in result["new"]["notices"] if n["code"] == "watermark"]
    assert len(notices) == 1 and notices[0]["pages"] == [1], result["new"]["notices"]
    assert all(q in notices[0]["message"] for q in quoted), notices[0]["message"]
    assert not result["old"]["notices"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("make", [h.large_dark_title, h.scan_layer_askew], ids=["large-dark-title", "askew-layer"])
def test_large_dark_text_and_a_layer_a_little_askew_are_kept(folder: Path, make: Callable[[], bytes],
                                                             engine: str) -> None:
    path = build(folder, make.__name__, make)
    code, out, err, seconds = run(str(folder / "agreement.txt"), str(path), "--engine", engine)
    if make is h.scan_layer_askew and engine == "pdfplumber":
        # pdfplumber groups a turned layer's characters into rows by height, so
        # its lines interleave (the pdfium engine reads them): nothing is left out here.
        assert "watermark" not in err and code in (0, 1)
        return
    result = assert_same_as_text(code, out, err, seconds)
    assert not result["new"]["notices"] and not err, (result["new"]["notices"], err)


def test_pdfium_error_is_not_a_stale_one(folder: Path) -> None:
    # PDFium keeps its last error when a load fails without setting one (an
    # empty page tree), even across fork: the reason must be this file's.
    from moadiff.errors import ExtractionError
    from moadiff.extractors import extract
    from moadiff.model import Resources

    locked = build(folder, "locked", lambda: h.encrypted("secret", "owner", -4))
    empty = build(folder, "zero-pages", h.zero_pages)
    for first in (locked, build(folder, "truncated", h.truncated)):
        with pytest.raises(ExtractionError):
            extract(first, resources=Resources(isolate=False))
        for isolate_ in (False, True):
            with pytest.raises(ExtractionError, match=r"has no pages \(its list of pages is empty or damaged\)$"):
                extract(empty, resources=Resources(isolate=isolate_))

"""The command line: exit codes after diff(1), one-line errors, outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

OLD = "I. PARTIES\n\nThis agreement is between ICE and the LEA for a term of 90 days.\n\nII. PURPOSE\n\nThe purpose is cooperation.\n"
NEW = OLD.replace("90 days", "60 days")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moadiff", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120, check=False)


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD)
    new.write_text(NEW)
    return old, new


def test_different_exits_1_and_writes_json_to_stdout(pair: tuple[Path, Path]) -> None:
    r = run("compare", str(pair[0]), str(pair[1]))
    assert r.returncode == 1, r.stderr
    d = json.loads(r.stdout)
    assert d["summary"]["modified"] == 1


def test_same_exits_0(pair: tuple[Path, Path]) -> None:
    r = run("compare", str(pair[0]), str(pair[0]), "-f", "json")
    assert r.returncode == 0
    # the same file twice is said, not left to a silent "no changes"
    assert "moadiff: warning: the two files are identical" in r.stderr
    assert json.loads(r.stdout)["warnings"][0]["code"] == "identical"


def test_outputs_by_extension(pair: tuple[Path, Path], tmp_path: Path) -> None:
    r = run("compare", str(pair[0]), str(pair[1]), "-o", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.html"))
    assert r.returncode == 1 and r.stdout == ""
    assert json.loads((tmp_path / "r.json").read_text())["schema"] == "moadiff.comparison/1"
    assert (tmp_path / "r.html").read_text().lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize("make, reason", [
    (lambda p: p / "missing.pdf", "no such file"),
    (lambda p: p, "is a directory"),
    (lambda p: (p / "e.pdf", (p / "e.pdf").write_bytes(b""))[0], "empty"),
    (lambda p: (p / "h.pdf", (p / "h.pdf").write_text("<html><body>x</body></html>"))[0], "HTML"),
    (lambda p: (p / "t.pdf", (p / "t.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<"))[0], "PDF"),
])
def test_trouble_exits_2_with_one_line(pair: tuple[Path, Path], tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    bad = make(tmp_path)
    r = run("compare", str(bad), str(pair[1]))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"moadiff: {bad}") and reason in lines[0]
    assert "Traceback" not in r.stderr


def test_debug_shows_traceback(pair: tuple[Path, Path], tmp_path: Path) -> None:
    r = run("compare", str(tmp_path / "missing.txt"), str(pair[1]), "--debug")
    assert r.returncode == 2 and "Traceback" in r.stderr


def test_never_overwrites_an_input(pair: tuple[Path, Path]) -> None:
    before = pair[1].read_bytes()
    r = run("compare", str(pair[0]), str(pair[1]), "-o", str(pair[1]), "-f", "json")
    assert r.returncode == 2 and "input" in r.stderr
    assert pair[1].read_bytes() == before


def test_unknown_extension_needs_format(pair: tuple[Path, Path], tmp_path: Path) -> None:
    r = run("compare", str(pair[0]), str(pair[1]), "-o", str(tmp_path / "report.xyz"))
    assert r.returncode == 2 and "format" in r.stderr


def test_image_only_scan_is_read_by_ocr_or_fails_without_it(moa: Path, tmp_path: Path) -> None:
    scan, digital = moa / "LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf", moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf"
    r = run("compare", str(scan), str(digital), "--ocr", "never")
    assert r.returncode == 2 and "no text layer" in r.stderr and "Traceback" not in r.stderr
    out = tmp_path / "r.json"
    r = run("compare", str(scan), str(digital), "-o", str(out))
    assert r.returncode in (0, 1), r.stderr
    assert "read by OCR" in r.stderr and scan.name in r.stderr
    pages = json.loads(out.read_text())["old"]["page_info"]
    assert len(pages) == 11 and all(p["ocr"] for p in pages)


def test_version_and_help() -> None:
    assert run("--version").returncode == 0
    assert "Exit status" in run("compare", "--help").stdout


@pytest.mark.parametrize("args, line", [
    (["--engine", "foo"], "moadiff: engine must be one of 'pdfium', 'pdfplumber', not 'foo'"),
    (["--match-cutoff", "500"], "moadiff: match_cutoff must be a number from 0 to 100, not 500.0"),
    (["--ocr", "sometimes"], "moadiff: ocr must be one of 'auto', 'always', 'never', not 'sometimes'"),
    (["--max-pages", "-1"], "moadiff: max_pages must be a whole number of at least 1, not -1"),
    (["--time-limit", "0"], "moadiff: time_limit must be a number of seconds above 0, not 0.0"),
])
def test_a_bad_option_is_one_line_and_exits_2(pair: tuple[Path, Path], args: list[str], line: str) -> None:
    # The same line as the library's OptionError: Options checks, the CLI only parses.
    r = run("compare", str(pair[0]), str(pair[1]), *args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [line]


def test_no_cache_writes_nothing_to_the_cache_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    samples = Path(__file__).resolve().parents[1] / "samples"
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    for old, new in (("old.pdf", "new.pdf"), ("old.txt", "new.docx")):
        r = subprocess.run([sys.executable, "-m", "moadiff", "compare", str(samples / old), str(samples / new),
                            "--no-cache", "-o", str(tmp_path / "r.json")], capture_output=True, text=True,
                           env=env, timeout=120, check=False)
        assert r.returncode in (0, 1), r.stderr
    assert list(home.rglob("*")) == []
    # Without --no-cache, the same run keeps the word list there.
    subprocess.run([sys.executable, "-m", "moadiff", "compare", str(samples / "old.pdf"), str(samples / "new.pdf"),
                    "-o", str(tmp_path / "r.json")], capture_output=True, env=env, timeout=120, check=False)
    assert list((home / ".cache" / "moadiff").glob("words-*.marshal"))


def test_a_damaged_cache_is_named_never_the_agreements(moa: Path, tmp_path: Path) -> None:
    """A cache file that is not SQLite's (damaged, or another program's) is
    the reason given, in one line naming the folder: not a damaged PDF. (A
    scan's OCR readings are cached; it was "the PDF's structure is damaged".)"""
    samples = Path(__file__).resolve().parents[1] / "samples"
    scan = moa / "DeWittCo_WSO_MOA_022625.pdf"  # image-only
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "moadiff-cache.sqlite3").write_bytes(b"not a database " * 20)
    r = run("compare", str(samples / "old.pdf"), str(scan), "--cache-dir", str(cache), "-o", str(tmp_path / "r.json"))
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr
    assert str(cache) in lines[0] and "cache folder cannot be used" in lines[0] and "--no-cache" in lines[0]
    assert scan.name not in lines[0] and "PDF" not in lines[0]


def test_no_arguments_prints_the_usage_on_lines_of_its_own() -> None:
    r = run()
    assert r.returncode == 2
    assert r.stderr.startswith("Usage: moadiff [OPTIONS] COMMAND")
    assert "\\n" not in r.stderr and "compare" in r.stderr and "batch" in r.stderr


@pytest.mark.parametrize("command", ["compare", "batch"])
def test_a_usage_error_names_its_command_help(command: str) -> None:
    r = run(command)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("moadiff: Missing argument")
    assert r.stderr.rstrip().endswith(f"(see 'moadiff {command} --help')")


def test_writing_reports_says_what_was_found_and_where(pair: tuple[Path, Path], tmp_path: Path) -> None:
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    r = run("compare", str(pair[0]), str(pair[1]), "-o", str(html), "-o", str(md))
    assert r.returncode == 1
    assert r.stderr == (f"moadiff: 1 clause changed in substance, 1 substantive edit "
                        f"(exit status 1: different); wrote {html}, {md}\n")
    same = run("compare", str(pair[0]), str(pair[0]), "-o", str(tmp_path / "s.json"))
    assert same.returncode == 0
    warning, summary = same.stderr.splitlines()
    assert warning.startswith("moadiff: warning: the two files are identical")
    assert summary.startswith("moadiff: no substantive changes (exit status 0); wrote ")

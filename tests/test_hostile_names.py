"""Hostile file names: the one-line error stays one line, reports escape the name.

A name can carry markup (``<img src=x onerror=alert(1)>.pdf``), a
right-to-left override (U+202E) that makes ``fdp.exe`` read as ``exe.pdf``,
a line break that forges a second line of output, or be as long as the file
system allows. The error line shows such characters escaped (``\\n``,
``\\u202e``), and every report shows the name as text, never as markup.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from moadiff.cli import cli
from moadiff.output import one_line

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
OLD_TXT = SAMPLES / "old.txt"

HTML_NAME = "<img src=x onerror=alert(1)>.pdf"
RLO_NAME = "contract\u202efdp.exe"  # shows as "contractexe.pdf"
NEWLINE_NAME = "agreement.pdf\nmoadiff: all files compared.pdf"
NAMES = {"html": HTML_NAME, "rlo": RLO_NAME, "newline": NEWLINE_NAME,
         "long": "a" * (255 - len(".txt")) + ".txt"}


def name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def hostile(tmp_path: Path, key: str, content: bytes) -> Path:
    name = NAMES[key]
    if key == "long":
        name = "a" * (name_max(tmp_path) - len(".txt")) + ".txt"
        assert len(name.encode()) >= 255
    path = tmp_path / name
    path.write_bytes(content)
    return path


def compare(*args: str) -> tuple[Result, float]:
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["compare", *args])
    return result, time.monotonic() - start


def assert_one_line(result: Result, seconds: float, path: Path, reason: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"moadiff: {one_line(str(path))}: "), lines[0]
    assert reason in lines[0]
    assert seconds < 30
    return lines[0]


# -- the error line ------------------------------------------------------------------------


def test_one_line_escapes_what_a_terminal_would_act_on() -> None:
    assert one_line("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert one_line(RLO_NAME) == "contract\\u202efdp.exe"
    assert one_line("\x1b[2Jwiped") == "\\x1b[2Jwiped"
    assert one_line("\u2028\u200b\udcff") == "\\u2028\\u200b\\udcff"  # line separator, zero width, a raw byte
    assert one_line(HTML_NAME) == HTML_NAME  # printable: a terminal shows markup as text
    assert one_line("Café – § 287(g) “MOA”.pdf") == "Café – § 287(g) “MOA”.pdf"


@pytest.mark.parametrize("key", ["html", "long"])
def test_unreadable_file_with_a_hostile_name_is_one_line(tmp_path: Path, key: str) -> None:
    path = hostile(tmp_path, key, b"")
    assert_one_line(*compare(str(path), str(OLD_TXT)), path, "the file is empty")


@pytest.mark.parametrize("key", ["rlo", "newline"])
def test_invisible_characters_in_a_name_are_shown_escaped(tmp_path: Path, key: str) -> None:
    path = hostile(tmp_path, key, b"")
    line = assert_one_line(*compare(str(path), str(OLD_TXT)), path, "the file is empty")
    assert "\u202e" not in line
    assert ("\\u202e" if key == "rlo" else "\\n") in line


@pytest.mark.parametrize("key", ["rlo", "newline"])
def test_invisible_characters_in_a_name_never_make_a_second_line(tmp_path: Path, key: str) -> None:
    path = hostile(tmp_path, key, b"")
    result, seconds = compare(str(path), str(OLD_TXT))
    assert result.exit_code == 2 and seconds < 30
    assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output


def test_a_path_longer_than_a_name_can_be(tmp_path: Path) -> None:
    # One component is at most 255 bytes on Linux; a path can be far longer.
    folder = tmp_path / ("d" * 100) / ("e" * 100) / ("f" * 100)
    folder.mkdir(parents=True)
    missing = folder / "agreement.pdf"
    assert len(str(missing).encode()) > 300
    assert_one_line(*compare(str(missing), str(OLD_TXT)), missing, "no such file")
    missing.write_bytes(OLD_TXT.read_bytes())
    result, _ = compare(str(missing), str(OLD_TXT), "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["old"]["path"] == str(missing)


def test_a_directory_and_a_missing_file_with_hostile_names(tmp_path: Path) -> None:
    folder = tmp_path / NEWLINE_NAME
    folder.mkdir()
    result, seconds = compare(str(folder), str(OLD_TXT))
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1 and "is a directory" in result.output
    result, seconds = compare(str(tmp_path / HTML_NAME), str(OLD_TXT))
    assert_one_line(result, seconds, tmp_path / HTML_NAME, "no such file")


# -- the reports ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["html", "rlo", "newline", "long"])
def test_reports_show_a_hostile_name_as_text(tmp_path: Path, key: str) -> None:
    path = hostile(tmp_path, key, (SAMPLES / "new.txt").read_bytes())
    html_out, md_out, json_out = tmp_path / "r.html", tmp_path / "r.md", tmp_path / "r.json"
    result, seconds = compare(str(OLD_TXT), str(path), "-o", str(html_out), "-o", str(md_out), "-o", str(json_out))
    assert result.exit_code == 1, result.output
    assert seconds < 30
    html = html_out.read_text(encoding="utf-8")
    assert "<img" not in html and "onerror=alert(1)>" not in html
    assert "\u202e" not in html and "\u202e" not in md_out.read_text(encoding="utf-8")
    if key == "html":
        assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in html
    if key == "rlo":
        assert "U+202E" in html and "U+202E" in md_out.read_text(encoding="utf-8")
    if key == "newline":
        # The name is on one line of the title, its line break shown as a marker.
        title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
        assert title and "\n" not in title.group(1)
    assert json.loads(json_out.read_text(encoding="utf-8"))["new"]["name"] == path.name


def test_batch_index_and_errors_escape_hostile_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / HTML_NAME).write_bytes((SAMPLES / "new.txt").read_bytes())
    (folder / "broken\u202efdp.txt").write_bytes(b"")
    (folder / "two\nlines.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(out), "--baseline", str(OLD_TXT),
                                      "-j", "1", "--no-cache"])
    assert result.exit_code == 2, result.output
    messages = [line for line in result.output.splitlines() if line.startswith("moadiff: ")]
    assert len(messages) == 3, result.output  # two failures and the summary, one line each
    assert "\u202e" not in result.output and "broken\\u202efdp.txt: the file is empty" in result.output
    assert "two\\nlines.txt: the file is empty" in result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "&lt;img src=x onerror=alert(1)&gt;.pdf" in index
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {d["name"] for d in summary["documents"].values()} >= {HTML_NAME, "two\nlines.txt"}
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["img-src-x-onerror-alert-1.html",
                                                                    "img-src-x-onerror-alert-1.json"]

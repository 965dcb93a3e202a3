"""The PDF report: the HTML report printed by headless Chromium."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner

import moadiff
from moadiff.cli import cli
from moadiff.render.pdf import chromium, page_css, to_pdf

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
needs_chromium = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (apt-get install chromium)")


def _text(pdf: bytes) -> list[str]:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def test_page_css_escapes_hostile_names() -> None:
    result = moadiff.compare(SAMPLES / "old.txt", SAMPLES / "new.txt")
    hostile = 'a"; } body { display: none } </style><script>x</script>\n\u202e.pdf'
    css = page_css(replace(result, old=replace(result.old, name=hostile)))
    body = css.split("content: ", 1)[1].split(";", 1)[0]
    assert body.startswith('"') and body.endswith('"')
    assert not set(body[1:-1]) & set('"}{;<>\n\u202e')


@needs_chromium
def test_pdf_has_running_headers_and_page_numbers() -> None:
    result = moadiff.compare(SAMPLES / "old.pdf", SAMPLES / "new.pdf")
    pages = _text(to_pdf(result))
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        flat = " ".join(text.split())
        assert "old.pdf" in flat and "new.pdf" in flat, f"page {number} has no running header"
        assert f"Page {number} of {len(pages)}" in flat
    everything = " ".join(" ".join(pages).split())
    assert "75-percent" in everything  # a changed clause is printed open


@needs_chromium
def test_several_formats_in_one_run(tmp_path: Path) -> None:
    outs = [tmp_path / f"report.{ext}" for ext in ("html", "json", "pdf")]
    args = ["compare", str(SAMPLES / "old.txt"), str(SAMPLES / "new.txt")]
    for out in outs:
        args += ["-o", str(out)]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1, res.output
    assert outs[0].read_text().startswith("<!DOCTYPE html>")
    assert outs[1].read_text().lstrip().startswith("{")
    assert outs[2].read_bytes().startswith(b"%PDF")


def test_missing_chromium_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOADIFF_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "r.pdf"
    res = CliRunner().invoke(cli, ["compare", str(SAMPLES / "old.txt"), str(SAMPLES / "new.txt"), "-o", str(out)])
    assert res.exit_code == 2
    assert res.output.strip().count("\n") == 0
    assert "r.pdf" in res.output and "Chromium" in res.output
    assert not out.exists()


def test_format_from_extension_is_unknown_for_odd_extensions(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["compare", str(SAMPLES / "old.txt"), str(SAMPLES / "new.txt"),
                                   "-o", str(tmp_path / "r.xyz")])
    assert res.exit_code == 2 and ".docx" in res.output and ".pdf" in res.output

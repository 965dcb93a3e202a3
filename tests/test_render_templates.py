"""The templates' stored Python source (render/_page.py): current, used, and
ignored once stale, so that a report is the same whichever way its
template was compiled."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from moadiff.render import _page, html
from moadiff.render.common import pagelist, plain, segments
from moadiff.render.html import _environment, to_html
from tests.test_render_html import FULL  # a comparison with every kind of change


def _current() -> dict[str, str]:
    return _page.compiled_sources(segments=segments, plain=plain, pagelist=pagelist)


def test_every_template_has_its_current_stored_source(regen: bool) -> None:
    current = _current()
    assert "report.html.j2" + _page.COMPILED_SUFFIX in current
    if regen:
        for stale in _page.TEMPLATES.glob("*" + _page.COMPILED_SUFFIX):
            stale.unlink()
        for name, text in current.items():
            (_page.TEMPLATES / name).write_text(text, encoding="utf-8")
    stored = {p.name: p.read_text(encoding="utf-8") for p in _page.TEMPLATES.glob("*" + _page.COMPILED_SUFFIX)}
    assert stored == current, "a template changed: run pytest tests/test_render_templates.py --regen"


def test_a_template_is_compiled_from_its_stored_source(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled from the template's source")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert _environment().get_template("report.html.j2").render  # from the stored source alone


def test_a_stale_stored_source_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for template in _page.TEMPLATES.iterdir():
        (tmp_path / template.name).write_bytes(template.read_bytes())
    stored = tmp_path / ("report.html.j2" + _page.COMPILED_SUFFIX)
    # Stored Python that would write something else, under a fingerprint of another source.
    stored.write_text(stored.read_text(encoding="utf-8").replace("<html", "<stale-html"), encoding="utf-8")
    source = tmp_path / "report.html.j2"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(_page, "TEMPLATES", tmp_path)
    monkeypatch.setattr(html, "_ENV", None)  # a new environment, with its loader in tmp_path
    page = to_html(FULL)
    assert "<stale-html" not in page and "<html" in page


def test_the_report_is_the_same_from_the_stored_source_and_from_the_template(monkeypatch: pytest.MonkeyPatch
                                                                               ) -> None:
    monkeypatch.setattr(html, "_ENV", None)
    fast = to_html(FULL)
    monkeypatch.setattr(_page, "COMPILED_SUFFIX", ".none")
    monkeypatch.setattr(html, "_ENV", None)
    assert to_html(FULL) == fast

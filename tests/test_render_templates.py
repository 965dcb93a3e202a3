"""The templates' generated modules (render/_page.py): current, used, and
ignored once stale, so that a report is the same whichever way its
template was compiled."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from moadiff.render import _page, compiled, html
from moadiff.render.common import pagelist, plain, segments
from moadiff.render.html import _environment, to_html
from tests.test_render_html import FULL  # a comparison with every kind of change


def _current() -> dict[str, str]:
    return _page.compiled_sources(segments=segments, plain=plain, pagelist=pagelist)


FOLDER = Path(compiled.__file__).parent


def test_every_template_has_its_current_module(regen: bool) -> None:
    current = _current()
    assert "report_html.py" in current
    if regen:
        for stale in FOLDER.glob("*.py"):
            if stale.name != "__init__.py":
                stale.unlink()
        for name, text in current.items():
            (FOLDER / name).write_text(text, encoding="utf-8")
    stored = {p.name: p.read_text(encoding="utf-8") for p in FOLDER.glob("*.py") if p.name != "__init__.py"}
    assert stored == current, "a template changed: run pytest tests/test_render_templates.py --regen"


def test_a_template_runs_from_its_module(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled from the template's source")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert _environment().get_template("report.html.j2").render  # from the generated module alone


def test_a_stale_module_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for template in _page.TEMPLATES.iterdir():
        (tmp_path / template.name).write_bytes(template.read_bytes())
    source = tmp_path / "report.html.j2"  # edited since its module was generated
    source.write_text(source.read_text(encoding="utf-8").replace("<html", "<html data-edited", 1), encoding="utf-8")
    monkeypatch.setattr(_page, "TEMPLATES", tmp_path)
    monkeypatch.setattr(html, "_ENV", None)  # a new environment, with its loader in tmp_path
    assert "<html data-edited" in to_html(FULL)


def test_the_report_is_the_same_from_the_stored_source_and_from_the_template(monkeypatch: pytest.MonkeyPatch
                                                                               ) -> None:
    monkeypatch.setattr(html, "_ENV", None)
    fast = to_html(FULL)
    monkeypatch.setattr(_page, "COMPILED", "moadiff.render.none")
    monkeypatch.setattr(html, "_ENV", None)
    assert to_html(FULL) == fast

"""What every moadiff HTML page shares: the jinja2 environment (this is the one
module that imports jinja2), the inlined CSS/JS assets, and the
Content-Security-Policy that pins them.

Turning a template into Python is most of the time an HTML report takes
(about 0.05 s of a 0.1 s render), so each template's generated Python is
kept as a module of :mod:`moadiff.render.compiled` (``report.html.j2`` as
``report_html.py``), loaded from its bytecode like the rest of the package.
:func:`compiled_sources` writes them; ``pytest tests/test_render_templates.py
--regen`` rewrites them. Each module's last line is a fingerprint of its
template's source, the jinja2 version and the environment's syntax
settings; a module whose fingerprint does not match (a template edited
since, another jinja2) is ignored and the template compiled from its
source as before. The modules are part of the package, as trusted as its
code; nothing executable is read from the user's cache folder.

A page carries exactly one inline ``<style>`` and one inline ``<script>``; the
policy allows those two by sha256 and nothing else (no network, no other
inline code), so a published page cannot be made to load or run anything::

    >>> content_security_policy("a{}", "1;").split("; ")[0]
    "default-src 'none'"
"""

from __future__ import annotations

import base64
import hashlib
import importlib.abc
import importlib.util
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


def read_asset(name: str) -> str:
    """A CSS or JS file from the templates folder, checked for inlining."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    tag = "style" if name.endswith(".css") else "script"
    # the asset is inlined verbatim; a closing tag in it would end the element early
    if f"</{tag}" in text.lower():
        raise ValueError(f"{name} must not contain </{tag}")
    return text


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    """The policy for a page whose only style is ``css`` and only script ``js``."""
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {csp_hash(css)}",
            f"script-src {csp_hash(js)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


#: The template environment's type, for the renderers (which never import jinja2).
Environment = jinja2.Environment


#: The package of the templates' generated modules.
COMPILED = "moadiff.render.compiled"
#: Environment settings that change the Python a template compiles to.
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
           "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
           "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "autoescape")
#: A generated module's last line, before its fingerprint.
_STAMP = "# fingerprint of the template, jinja2 and its settings: "


def module_name(template: str) -> str:
    """The generated module of a template: "report.html.j2" -> "report_html"."""
    return template.removesuffix(".j2").replace(".", "_")


def _fingerprint(env: jinja2.Environment, source: str) -> str:
    """What a template's generated Python depends on: its source, jinja2's
    version, the environment's syntax settings and extensions."""
    settings = repr([getattr(env, name) for name in _SYNTAX] + sorted(env.extensions))
    return hashlib.sha256(f"{jinja2.__version__}\x1f{settings}\x1f{source}".encode()).hexdigest()


class _Loader(jinja2.FileSystemLoader):
    """Templates from TEMPLATES, run from their generated module's bytecode
    when it was generated from this very template (see the module docstring)."""

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        source, _, uptodate = self.get_source(environment, name)
        fullname = f"{COMPILED}.{module_name(name)}"
        try:
            spec = importlib.util.find_spec(fullname)
        except ImportError:  # no such package
            spec = None
        code = None
        loader = spec.loader if spec is not None else None
        if spec is not None and spec.origin is not None and isinstance(loader, importlib.abc.InspectLoader):
            try:
                stamp = Path(spec.origin).read_text(encoding="utf-8").rstrip("\n").rpartition("\n")[2]
            except OSError:
                stamp = ""
            if stamp == _STAMP + _fingerprint(environment, source):
                code = loader.get_code(fullname)  # the bytecode pip compiled, not the source
        if code is None:
            return super().load(environment, name, globals)
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)


def compiled_sources(**filters: Callable[..., Any]) -> dict[str, str]:
    """Each template's generated module as it should be now: file name in
    :mod:`moadiff.render.compiled` -> text (jinja2's Python, then the
    fingerprint). ``filters``: every filter the templates use (jinja2 checks
    that they exist; the Python it writes looks them up when a template renders)."""
    env = environment(**filters)
    out = {}
    for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        python = env.compile(source, name, raw=True)
        out[module_name(name) + ".py"] = (
            f"{python}\n\n# Generated by jinja2 from templates/{name}: see moadiff/render/_page.py.\n"
            f"# ruff: noqa\n# mypy: ignore-errors\n{_STAMP}{_fingerprint(env, source)}\n")
    return out


def environment(**filters: Callable[..., Any]) -> jinja2.Environment:
    """A template environment with autoescape on, undefined names fatal, and
    the renderer's own ``filters``."""
    env = jinja2.Environment(
        loader=_Loader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    return env


# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...) leaking data, DDE payloads); an apostrophe makes it text.
# Tab and CR/LF are included because some spreadsheets strip them first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> str | int | float:
    """A value for a CSV cell that no spreadsheet runs as a formula.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell(None), csv_cell(True), csv_cell(3)
    ("'=HYPERLINK(1)", '', 'true', 3)
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text

"""One way out: :func:`render` turns a Comparison into the bytes of one report format.

Each format is one module with one entry point, listed in :data:`RENDERERS`
and imported when first used (the PDF printer and the Word writer cost
nothing to a JSON run)::

    Comparison --render(c, "html")--> bytes     render/html.py
                        "json"                  render/json.py
                        "md"                    render/markdown.py
                        "csv"                   render/rows.py
                        "docx"                  render/docx.py
                        "pdf"                   render/pdf.py (prints the HTML in Chromium)

Renderers read the Comparison, never each other's output. What several of
them need is shared, not re-derived: ``layout.py`` lays a clause's edits
onto its paragraphs by their word spans, ``common.py`` holds the labels,
page lists and notes every format words the same, and ``_page.py`` the
jinja2 environment and Content-Security-Policy of the HTML pages (the batch
index and matrix, ``batch.py``, and the revision history, ``revisions.py``,
use it too).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from moadiff.errors import OutputError
from moadiff.model import Comparison

__all__ = ["RENDERERS", "Target", "prepare", "render"]


@dataclass(frozen=True, slots=True)
class Target:
    """Where a report goes, for the renderers that need to know.

    ``path`` names the report in errors ("-" for standard output);
    ``html_href`` is an HTML report written beside it (a Markdown summary
    links to its clauses)."""

    path: str = "-"
    html_href: str | None = None


class Renderer(Protocol):
    def __call__(self, comparison: Comparison, target: Target) -> bytes: ...


#: Format name -> the module whose ``render(comparison, target) -> bytes`` writes it.
RENDERERS: dict[str, str] = {
    "csv": "moadiff.render.rows",
    "docx": "moadiff.render.docx",
    "html": "moadiff.render.html",
    "json": "moadiff.render.json",
    "md": "moadiff.render.markdown",
    "pdf": "moadiff.render.pdf",
}


def render(comparison: Comparison, fmt: str, target: Target | None = None) -> bytes:
    """The report of ``comparison`` in format ``fmt`` (a key of :data:`RENDERERS`)."""
    module = RENDERERS.get(fmt)
    if module is None:
        raise OutputError(target.path if target else "-", f"unknown report format {fmt!r}; use one of "
                                                           f"{', '.join(sorted(RENDERERS))}")
    renderer: Renderer = importlib.import_module(module).render
    return renderer(comparison, target or Target())


def prepare(fmt: str) -> None:
    """Import the renderer of ``fmt`` now (the HTML one loads jinja2), so that
    a caller can do it while it waits for something else: the moadiff
    command, while its files are read. An unknown format, or a renderer
    that cannot be imported, is left to :func:`render` to report."""
    module = RENDERERS.get(fmt)
    if module is not None:
        try:
            importlib.import_module(module)
        except ImportError:
            pass

"""What every moadiff HTML page shares: the jinja2 environment (this is the one
module that imports jinja2), the inlined CSS/JS assets, and the
Content-Security-Policy that pins them.

A page carries exactly one inline ``<style>`` and one inline ``<script>``; the
policy allows those two by sha256 and nothing else (no network, no other
inline code), so a published page cannot be made to load or run anything::

    >>> content_security_policy("a{}", "1;").split("; ")[0]
    "default-src 'none'"
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
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


def environment(**filters: Callable[..., Any]) -> jinja2.Environment:
    """A template environment with autoescape on, undefined names fatal, and
    the renderer's own ``filters``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
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

"""The HTML report printed to PDF by headless Chromium.

The report's own print stylesheet lays the pages out (letter, both columns
side by side, marks that survive black and white). For the PDF, a page rule
adds running headers naming both documents and "Page X of Y" footers, in
CSS page-margin boxes (Chromium 131 and later), and every clause is opened.
Chromium's own header and footer (date, file URL) are switched off.

Chromium runs as a child process on a temporary copy of the report with a
throw-away profile and no network: the page's Content-Security-Policy
already forbids loading anything, and the background-networking flags keep
the browser itself quiet. The binary is ``$MOADIFF_CHROMIUM`` or the first of
chromium, chromium-browser, google-chrome on the PATH (Debian: ``apt-get
install chromium``).

This is the only module that starts a browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from moadiff.errors import OutputError
from moadiff.model import Comparison
from moadiff.render import Target

__all__ = ["chromium", "page_css", "to_pdf"]

#: Seconds Chromium may take to print one report.
TIMEOUT = 180
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: A file name longer than this is shortened in the running header.
_NAME_MAX = 60


def chromium() -> str | None:
    """The Chromium binary to print with, or None."""
    own = os.environ.get("MOADIFF_CHROMIUM")
    if own:
        return own if shutil.which(own) else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal: everything but plain letters,
    digits and spaces hex-escaped, so no name can end the string or the rule."""
    out = []
    for ch in text:
        out.append(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


def _short(name: str) -> str:
    return name if len(name) <= _NAME_MAX else name[: _NAME_MAX - 1] + "\u2026"


def page_css(comparison: Comparison) -> str:
    """The page rule with running headers and page numbers for ``comparison``."""
    header = _css_string(f"{_short(comparison.old.name)} \u2192 {_short(comparison.new.name)}")
    return (
        "@page {\n"
        f"  @top-left {{ content: {header}; font: 8pt sans-serif; color: #444; }}\n"
        '  @top-right { content: "moadiff comparison"; font: 8pt sans-serif; color: #444; }\n'
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; }\n'
        "}\n"
    )


def to_pdf(comparison: Comparison, *, path: str = "-") -> bytes:
    """The report as a PDF. ``path`` names the target in error messages."""
    from moadiff.render.html import to_html

    binary = chromium()
    if binary is None:
        raise OutputError(path, "PDF output needs Chromium: apt-get install chromium, or set MOADIFF_CHROMIUM "
                                "to a Chromium or Chrome binary")
    html = to_html(comparison, print_css=page_css(comparison))
    with tempfile.TemporaryDirectory(prefix="moadiff-pdf-") as work:
        page, pdf = Path(work, "report.html"), Path(work, "report.pdf")
        page.write_text(html, encoding="utf-8")
        command = [
            binary, "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-quic",
            f"--user-data-dir={Path(work, 'profile')}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", page.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise OutputError(path, f"Chromium did not print the report within {TIMEOUT} s") from None
        except OSError as exc:
            raise OutputError(path, f"cannot run Chromium ({binary}): {exc.strerror or exc}") from None
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data.startswith(b"%PDF"):
            last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
            raise OutputError(path, f"Chromium did not print the report (exit {done.returncode}): {last}")
        return data


def render(comparison: Comparison, target: Target) -> bytes:
    """The PDF of the HTML report; target.path names it in errors."""
    return to_pdf(comparison, path=target.path)

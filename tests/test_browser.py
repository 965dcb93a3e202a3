"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

The report is opened from a file:// URL, as a reader opens a downloaded
report. Every request the page makes and every console message is recorded.
Skipped (with the reason) only when Playwright or Chromium is missing;
.ci/run installs both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsertools import launched

import moadiff
from moadiff.render import render
from moadiff.render.pdf import chromium

pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
BROWSER = chromium()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium)")

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
#: US Letter minus the print stylesheet's 12 mm side margins, in CSS pixels.
PRINT_WIDTH = round((8.5 * 25.4 - 24) / 25.4 * 96)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert BROWSER is not None  # else the module is skipped
    with launched(BROWSER) as b:
        yield b


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "report.html"
    # The sample pair, with the agency renamed (fill-ins) and one word misread (OCR noise).
    new = folder / "new.txt"
    new.write_text((SAMPLES / "new.txt").read_text(encoding="utf-8").replace("Riverside", "Lakeview")
                   .replace("perform ", "perfonn ", 1), encoding="utf-8")
    result = moadiff.compare(SAMPLES / "old.txt", new)
    assert result.summary.edits["fill-in"] and result.summary.edits["ocr-noise"]
    path.write_bytes(render(result, "html"))
    return path


class Page:
    """A loaded report with its console messages and requests."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any, report: Path) -> Iterator[Page]:
    p = Page(browser, report.as_uri(), viewport={"width": 1280, "height": 900})
    yield p
    p.close()


def test_loads_with_no_console_errors_and_no_network(page: Page, report: Path) -> None:
    assert page.errors == []
    assert [m for m in page.console if m.startswith(("error", "warning"))] == []
    assert page.requests == [report.as_uri()]
    # the CSP let our inline script run: the position counter was filled in by it
    assert page.page.locator(".clause").count() > 5


def test_keyboard_next_and_previous_move_focus(page: Page) -> None:
    p = page.page
    p.locator("body").click(position={"x": 5, "y": 5})
    seen = []
    for _ in range(3):
        p.keyboard.press("n")
        seen.append(p.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        assert p.evaluate("document.activeElement.classList.contains('nav-target')")
    assert len(set(seen)) == 3, "each 'n' moves to a new change"
    p.keyboard.press("p")
    assert p.evaluate("document.activeElement.outerHTML.slice(0, 80)") == seen[1]
    assert "of" in (p.locator("#md-pos").text_content() or ""), "the position counter follows the focus"


def _style(p: Any, kind: str) -> str:
    return str(p.evaluate(f"getComputedStyle(document.querySelector('main ins.k-{kind}')).backgroundColor"))


@pytest.mark.parametrize("kind", ["fill-in", "ocr-noise"])
def test_toggles_mark_and_unmark(page: Page, kind: str) -> None:
    p = page.page
    hidden = _style(p, kind)
    assert hidden in ("rgba(0, 0, 0, 0)", "transparent"), f"{kind} edits are unmarked by default"
    p.check(f"#md-show-{kind}")
    assert _style(p, kind) != hidden
    p.uncheck(f"#md-show-{kind}")
    assert _style(p, kind) == hidden


def test_keyboard_skips_unmarked_kinds(page: Page) -> None:
    p = page.page
    # a stop hidden by its toggle is skipped by the keyboard, and found once shown
    p.locator("body").click(position={"x": 5, "y": 5})
    kinds = set()
    for _ in range(40):
        p.keyboard.press("n")
        kinds.add(p.evaluate("document.activeElement.getAttribute('data-kind')"))
    assert "fill-in" not in kinds
    p.check("#md-show-fill-in")
    for _ in range(60):
        p.keyboard.press("n")
        kinds.add(p.evaluate("document.activeElement.getAttribute('data-kind')"))
    assert "fill-in" in kinds


def test_printed_layout_fits_the_page(browser: Any, report: Path) -> None:
    p = Page(browser, report.as_uri(), viewport={"width": PRINT_WIDTH, "height": 1000})
    try:
        p.page.emulate_media(media="print")
        overflow = p.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the printed report is {overflow}px wider than the page"
        assert p.page.evaluate("getComputedStyle(document.querySelector('.toolbar .tools')).display") == "none"
        pdf = p.page.pdf(format="Letter")
        assert pdf.startswith(b"%PDF")
    finally:
        p.close()


def test_only_substantive_clauses_open_and_a_ticked_kind_opens_its_clauses(page: Page) -> None:
    p = page.page
    opened = p.evaluate("Array.from(document.querySelectorAll('.clause')).map("
                        "c => [c.classList.contains('is-substantive'), c.querySelector('details').open,"
                        " c.getAttribute('data-kinds')])")
    assert opened and all(is_sub == is_open for is_sub, is_open, _ in opened)
    fill_only = [k for k, (is_sub, _, kinds) in enumerate(opened) if not is_sub and "fill-in" in kinds.split()]
    assert fill_only, "the renamed agency leaves some clause with fill-ins only"
    p.check("#md-show-fill-in")
    now = p.evaluate("Array.from(document.querySelectorAll('.clause details')).map(d => d.open)")
    assert all(now[k] for k in fill_only)

"""``moadiff serve`` in a real browser: Debian's Chromium, driven by Playwright,
against the real command on a free port.

A lawyer's run: two real agreements (one an image-only scan) dropped on the
home page, the progress followed, the report read, the Word redline and the
Markdown downloaded; a ZIP of five agreements; an encrypted PDF and its
password; the whole of a comparison with the keyboard alone. On every page:
no console errors, no request to another origin, and no axe-core violation.

axe-core comes from npm (``.ci/run`` installs it into ``.ci/node``); the
accessibility checks are skipped, with the reason, where it is missing.
Set MOADIFF_SCREENSHOTS=DIR to keep a screenshot of each page.
"""

from __future__ import annotations

import base64
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hostile_pdf
import pytest
from browsertools import launched
from lotools import xml_paragraphs
from servetools import server

from moadiff.render.docx import visible
from moadiff.render.pdf import chromium

pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
BROWSER = chromium()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium)")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
#: An image-only scan, and a born-digital agreement of the same model and revision.
SCAN, DIGITAL = "LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf", "GraysonCountyDCKY_JEM_MOA_030425.pdf"
FIVE = ["GraysonCountyDCKY_JEM_MOA_030425.pdf", "FranklinCountyAL_WSO_MOA_030625.pdf",
        "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf", "ArcadiaPDFL_TFM_MOA_030425.pdf",
        "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf"]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # No cache: the scan is read by OCR whatever the session read before, so its progress shows.
    with server(tmp_path_factory.mktemp("serve") / "data", "--jobs", "2", "--no-cache") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert BROWSER is not None  # else the module is skipped
    with launched(BROWSER) as b:
        yield b


class Tab:
    """A browser tab on the app, recording console messages, page errors and requests."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base, self.browser = base, browser
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
                     else None)
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.context.on("request", lambda r: self.requests.append(r.url))

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def check_clean(self) -> None:
        assert self.console == [], self.console
        elsewhere = [u for u in self.requests if not u.startswith((self.base + "/", "data:", "about:", "blob:"))]
        assert elsewhere == [], elsewhere

    def axe(self, what: str, wait: str = "body", **options: Any) -> None:
        """No axe-core violation on the page now shown, opened afresh in a
        context that lets axe's script in (the pages' CSP would refuse it)."""
        if not AXE.is_file():
            pytest.skip(f"axe-core is missing ({AXE}); .ci/run installs it with npm")
        context = self.browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        try:
            page = context.new_page()
            page.goto(self.page.url)
            page.wait_for_selector(wait)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("(o) => axe.run(document, o)", {"resultTypes": ["violations"], **options})
        finally:
            context.close()
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert found == [], f"axe-core on {what}: {found}"

    def shot(self, name: str) -> None:
        folder = os.environ.get("MOADIFF_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)

    def wait_done(self, timeout: float = 240_000) -> None:
        self.page.wait_for_selector("#result-box:not([hidden]), #failed-box:not([hidden])", timeout=timeout)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any, url: str) -> Iterator[Tab]:
    t = Tab(browser, url)
    yield t
    t.close()


def _drop(page: Any, zone: str, path: Path) -> None:
    """Drop ``path`` on a drop zone, as a file dragged from the desktop."""
    page.evaluate(
        """([selector, name, data]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "application/pdf" }));
            const zone = document.querySelector(selector);
            zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }""", [zone, path.name, base64.b64encode(path.read_bytes()).decode("ascii")])


#: The styles of the redline's cover page (moadiff.render.docx.cover).
COVER_STYLES = frozenset({"Title", "CoverHeadline", "CoverText", "CoverHeading", "CoverSmall"})


def _new_words(report: dict[str, Any]) -> list[str]:
    """The later version's words, clause by clause, from the JSON report."""
    out: list[str] = []
    for change in report["changes"]:
        side = change["new"]
        if side:
            out += [visible(w) for part in (side["label"], side["title"], side["text"]) for w in part.split()]
    return out


def test_two_agreements_one_a_scan(tab: Tab, moa: Path, tmp_path: Path) -> None:
    p = tab.page
    tab.goto("/")
    tab.shot("home")
    tab.axe("the home page")
    _drop(p, ".zone[data-input=old-file]", moa / SCAN)
    _drop(p, ".zone[data-input=new-file]", moa / DIGITAL)
    assert p.locator("#old-chosen").text_content() == SCAN
    assert p.locator("#new-chosen").text_content() == DIGITAL
    p.click("#swap")
    assert p.locator("#old-chosen").text_content() == DIGITAL
    p.click("#swap")
    assert p.locator("#old-chosen").text_content() == SCAN
    p.fill("#pair-watch", "training")
    p.click("#pair-form button[type=submit]")
    p.wait_for_url("**/jobs/*")
    # The progress, as announced: the scan is read by OCR page by page.
    seen: list[str] = []
    checked = False
    for _ in range(1500):
        text = p.locator("#status").text_content() or ""
        if text and text not in seen:
            seen.append(text)
        if "OCR" in text and not checked:
            tab.shot("progress")
            tab.axe("the progress page", wait="#progress-box:not([hidden])")
            checked = True
        if p.locator("#result-box").is_visible() or p.locator("#failed-box").is_visible():
            break
        p.wait_for_timeout(200)
    assert any("by OCR: page" in s and SCAN in s for s in seen), seen
    tab.wait_done()
    assert p.locator("#result-box").is_visible(), p.locator("#error").text_content()
    # The report, in the page: both files named, clauses listed.
    frame = p.frame_locator("#report")
    frame.locator(".clause").first.wait_for()
    assert frame.locator(".clause").count() > 10
    assert DIGITAL.split("_")[0].lower() in (frame.locator("header").first.text_content() or "").lower().replace(" ", "")
    tab.shot("result")
    tab.axe("the result page", wait="#result-box:not([hidden])", iframes=False)
    # Downloads: the Word redline and the Markdown.
    with p.expect_download() as got:
        p.get_by_role("link", name="Word redline").click()
    docx = tmp_path / "redline.docx"
    got.value.save_as(docx)
    with p.expect_download() as got:
        p.get_by_role("link", name="Markdown").click()
    md = tmp_path / "summary.md"
    got.value.save_as(md)
    assert md.read_text(encoding="utf-8").startswith("#")
    import docx as python_docx

    python_docx.Document(str(docx))  # the redline opens
    report = json.loads(tab.context.request.get(tab.base + p.locator("a", has_text="JSON").get_attribute("href")).body())
    paragraphs = xml_paragraphs(docx.read_bytes(), "accept")
    # The cover page (untracked, in both views) comes first; the agreement follows it.
    start = next(k for k, (style, _) in enumerate(paragraphs) if style not in COVER_STYLES)
    accepted = [w for _, text in paragraphs[start:] for w in text.split()]
    assert accepted == _new_words(report), "accept all gives the later version"
    tab.check_clean()


def test_the_served_report_is_accessible(tab: Tab) -> None:
    tab.goto("/")
    tab.page.set_input_files("#old-file", str(SAMPLES / "old.pdf"))
    tab.page.set_input_files("#new-file", str(SAMPLES / "new.pdf"))
    tab.page.check("#show-fillins")
    tab.page.click("#pair-form button[type=submit]")
    tab.wait_done()
    # "Mark fill-ins" turned the report's own toggle on.
    assert tab.page.frame_locator("#report").locator("#md-show-fill-in").is_checked()
    html = tab.page.locator("#report").get_attribute("src")
    tab.goto(html)
    tab.axe("the HTML report")
    tab.check_clean()


def test_a_zip_of_five_agreements_gives_the_batch_index(tab: Tab, moa: Path, tmp_path: Path) -> None:
    archive = tmp_path / "agreements.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in FIVE:
            zf.write(moa / name, f"agreements/{name}")
    p = tab.page
    tab.goto("/")
    p.click("#tab-folder")
    p.set_input_files("#folder-files", str(archive))
    p.click("#folder-form button[type=submit]")
    p.wait_for_url("**/jobs/*")
    tab.wait_done(timeout=300_000)
    assert p.locator("#result-box").is_visible(), p.locator("#error").text_content()
    frame = p.frame_locator("#report")
    frame.locator("table").first.wait_for()
    tab.shot("batch")
    index = p.locator("#report").get_attribute("src")
    summary = json.loads(tab.context.request.get(tab.base + index.replace("index.html", "summary.json")).body())
    assert len(summary["documents"]) == 5
    assert all(r["status"] != "error" for r in summary["rows"])
    tab.goto(index)
    tab.axe("the batch index")
    tab.goto(index.replace("index.html", "matrix.html"))
    tab.axe("the clause matrix")
    tab.check_clean()


def test_an_encrypted_pdf_asks_for_its_password(tab: Tab, tmp_path: Path) -> None:
    locked = tmp_path / "scan.pdf"
    locked.write_bytes(hostile_pdf.encrypted("s3cret", "owner", -4))
    p = tab.page
    tab.goto("/")
    p.set_input_files("#old-file", str(SAMPLES / "old.pdf"))
    p.set_input_files("#new-file", str(locked))
    p.click("#pair-form button[type=submit]")
    tab.wait_done()
    assert p.locator("#failed-box").is_visible()
    error = p.locator("#error").text_content() or ""
    assert error.startswith("scan.pdf: ") and "password" in error and "\n" not in error
    assert p.evaluate("document.activeElement.id") == "password", "the password field has the focus"
    tab.shot("failed")
    tab.axe("the failed job page", wait="#failed-box:not([hidden])")
    p.keyboard.type("s3cret")
    p.keyboard.press("Enter")
    tab.wait_done()
    p.locator("#result-box").wait_for(state="visible", timeout=120_000)
    tab.check_clean()


def _tab_to(page: Any, element_id: str, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_keyboard_only(tab: Tab) -> None:
    p = tab.page
    tab.goto("/")
    _tab_to(p, "tab-pair")
    p.keyboard.press("ArrowRight")
    assert p.locator("#panel-folder").is_visible()
    p.keyboard.press("ArrowLeft")
    assert p.locator("#panel-pair").is_visible()
    for field, path in (("old-file", SAMPLES / "old.txt"), ("new-file", SAMPLES / "new.txt")):
        _tab_to(p, field)
        with p.expect_file_chooser() as chooser:
            p.locator(f"#{field}").press("Space")  # the focused field, once it is ready for input
        chooser.value.set_files(str(path))
        # the chooser has closed and the file is taken before the next one opens
        p.wait_for_function(f"document.getElementById('{field}').files.length === 1")
    _tab_to(p, "pair-watch")
    p.keyboard.type("training")
    _tab_to(p, "show-fillins")
    p.keyboard.press("Space")
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.textContent") == "Compare"
    p.keyboard.press("Enter")
    p.wait_for_url("**/jobs/*")
    tab.wait_done()
    assert p.locator("#result-box").is_visible()
    # The downloads, then the report's own keyboard navigation.
    for _ in range(20):
        p.keyboard.press("Tab")
        if p.evaluate("document.activeElement.textContent") == "Markdown":
            break
    with p.expect_download() as got:
        p.keyboard.press("Enter")
    assert got.value.suggested_filename.endswith(".md")
    frame = p.frame_locator("#report")
    frame.locator(".clause").first.wait_for()
    p.locator("#report").focus()
    report = p.frame(name="report")
    assert report is not None
    report.locator("body").press("n")
    assert report.evaluate("document.activeElement.classList.contains('nav-target')")
    tab.check_clean()

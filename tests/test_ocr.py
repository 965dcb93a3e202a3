"""OCR of pages without a usable text layer (Tesseract through tesserocr, for real)."""

from __future__ import annotations

import difflib
import io
import json
import random
import sys
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter

import moadiff
from moadiff.extractors import extract, ocr
from moadiff.model import Line, Options, Page, Resources
from moadiff.render import render
from moadiff.render.json import to_dict

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def scan(source: Path, target: Path, *, dpi: int = 200, seed: int = 1, fed: dict[int, int] | None = None,
         askew: dict[int, float] | None = None, watermark: str = "") -> Path:
    """An image-only PDF of ``source``: each page rendered, slightly blurred
    and turned, as a scanner would give it; no text layer at all. ``fed``:
    pages (0-based) fed the wrong way, by the angle they lie at (degrees
    counter-clockwise: 180 upside down, 90 or 270 sideways); ``askew``:
    pages scanned crooked, by the angle (a degree or a few, either way);
    ``watermark``: printed across every page in light grey, under the text."""
    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(source)
    images = []
    for index, page in enumerate(pdf):
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if watermark:
            image = ImageChops.darker(image, _watermark(image.size, watermark))
        image = image.filter(ImageFilter.GaussianBlur(0.6))
        image = image.rotate(rng.uniform(-0.6, 0.6), expand=False, fillcolor=255)
        if askew and index in askew:
            image = image.rotate(askew[index], resample=Image.Resampling.BICUBIC, fillcolor=255)
        images.append(image.rotate((fed or {}).get(index, 0), expand=True))
    pdf.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def _watermark(size: tuple[int, int], text: str) -> Image.Image:
    """``text`` in large light-grey letters across a white page of ``size``, at 45 degrees."""
    from PIL import ImageDraw, ImageFont

    mark = Image.new("L", (size[0] * 2, size[1]), 255)
    ImageDraw.Draw(mark).text((size[0] // 2, size[1] // 3), text, fill=205, stroke_width=size[0] // 120,
                              stroke_fill=205, font=ImageFont.load_default(size=size[0] // 5))
    mark = mark.rotate(45, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return mark.crop((size[0] // 2, 0, size[0] // 2 + size[0], size[1]))


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scan(SAMPLES / "old.pdf", tmp_path_factory.mktemp("scan") / "old-scan.pdf")


def test_a_scan_is_read_and_compares_clean_with_its_source(scanned: Path, ocr_cache: str) -> None:
    res = Resources(cache_dir=ocr_cache)
    doc = extract(scanned, resources=res)
    assert all(p.ocr for p in doc.pages) and doc.engine.endswith("+tesseract")
    assert any(n.code == "ocr" for n in doc.notices)
    assert not any(n.code == "no-text-layer" for n in doc.notices)
    for page in doc.pages:
        assert page.word_share is not None and page.word_share > 0.9
        assert page.confidence is not None and page.confidence > 80
        assert all(len(line.confidences) == len(line.text.split()) for line in page.lines)
    result = moadiff.compare(SAMPLES / "old.pdf", scanned, resources=res)
    # The same agreement: every clause is found, nothing is added or removed,
    # and what OCR misread is not a change of language.
    assert result.summary.added == result.summary.removed == result.summary.moved == 0
    assert result.summary.edits["substantive"] <= 2, [
        (c.new.id, e.old, e.new) for c in result.changes for e in c.edits if e.kind == "substantive"]
    data = to_dict(result)
    assert all(p["ocr"] and 0 < p["word_share"] <= 1 for p in data["new"]["page_info"])
    assert not any(p["ocr"] for p in data["old"]["page_info"])


def test_a_sheet_fed_upside_down_or_sideways_is_read_turned_upright(scanned: Path, tmp_path: Path,
                                                                      ocr_cache: str) -> None:
    """Upside down, a page reads as gibberish; sideways, as lines standing on
    end in no order. Each is read again turned upright, said in a notice,
    and the scan compares clean with the one fed the right way."""
    fed = scan(SAMPLES / "old.pdf", tmp_path / "fed.pdf", fed={1: 180, 3: 90, 5: 270})
    res = Resources(cache_dir=ocr_cache)
    upright, doc = extract(scanned, resources=res), extract(fed, resources=res)
    assert not any(n.code == "turned" for n in upright.notices)
    assert [n.pages for n in doc.notices if n.code == "turned"] == [(2, 4, 6)]
    for a, b in zip(upright.pages, doc.pages, strict=True):
        assert b.width < b.height  # a letter page, upright
        read, again = (" ".join(line.text for line in p.lines).split() for p in (a, b))
        assert difflib.SequenceMatcher(None, read, again, autojunk=False).ratio() > 0.95
    # The re-reading stage (reread.py) draws regions of the page as it lies:
    # a page read turned offers no lines to find them on.
    assert ocr.cached_lines(doc.sha256, 1, ocr_cache) == ()
    assert ocr.cached_lines(doc.sha256, 0, ocr_cache)
    result = moadiff.compare(scanned, fed, resources=res)
    assert result.summary.added == result.summary.removed == result.summary.moved == 0
    assert result.summary.edits["substantive"] == 0, [
        (c.new.id, e.old, e.new) for c in result.changes for e in c.edits if e.kind == "substantive"]


def test_a_page_scanned_askew_is_read_straightened(scanned: Path, tmp_path: Path, ocr_cache: str) -> None:
    """Turned clockwise by two degrees or more, a page loses most of its
    lines to Tesseract's layout; the other way, its lines break in two and
    are read out of order. Each such page is read again straightened, said
    in a notice, and the scan compares clean with the one scanned straight;
    a page a fraction of a degree off is read as it is."""
    crooked = scan(SAMPLES / "old.pdf", tmp_path / "askew.pdf", askew={0: -2.5, 2: 2.5, 4: -2.0, 6: 0.3})
    res = Resources(cache_dir=ocr_cache)
    straight, doc = extract(scanned, resources=res), extract(crooked, resources=res)
    assert not any(n.code == "straightened" for n in straight.notices)
    assert [n.pages for n in doc.notices if n.code == "straightened"] == [(1, 3, 5)]
    for a, b in zip(straight.pages, doc.pages, strict=True):
        read, again = (" ".join(line.text for line in p.lines).split() for p in (a, b))
        assert difflib.SequenceMatcher(None, read, again, autojunk=False).ratio() > 0.95, b.number
    assert ocr.cached_lines(doc.sha256, 0, ocr_cache) == ()  # its boxes are the straightened page's
    result = moadiff.compare(scanned, crooked, resources=res)
    assert result.summary.added == result.summary.removed == result.summary.moved == 0
    assert result.summary.edits["substantive"] == 0, [
        (c.new.id, e.old, e.new) for c in result.changes for e in c.edits if e.kind == "substantive"]


def test_a_pale_watermark_under_a_scans_text_is_cleared_before_ocr(scanned: Path, tmp_path: Path,
                                                                     ocr_cache: str) -> None:
    """The edges of a watermark's big grey letters, where they pass between
    words, are read as letters of their own; the watermark is cleared from
    the page images first, said in a notice, and the scan compares clean
    with the one without it. A scan without one is not touched."""
    from moadiff.extractors import pale

    marked = scan(SAMPLES / "old.pdf", tmp_path / "draft.pdf", watermark="DRAFT")
    res = Resources(cache_dir=ocr_cache)
    plain, doc = extract(scanned, resources=res), extract(marked, resources=res)
    assert not any(n.code == "watermark" for n in plain.notices)
    assert [n.pages for n in doc.notices if n.code == "watermark"] == [tuple(range(1, len(doc.pages) + 1))]
    for page in pdfium.PdfDocument(scanned):
        assert pale.cleared(page.render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L")) is None
    result = moadiff.compare(scanned, marked, resources=res)
    assert result.summary.added == result.summary.removed == result.summary.moved == 0
    assert result.summary.edits["substantive"] == 0, [
        (c.new.id, e.old, e.new) for c in result.changes for e in c.edits if e.kind == "substantive"]


def test_the_cache_skips_rendering_and_ocr(scanned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    res = Resources(cache_dir=str(tmp_path / "cache"))
    first = extract(scanned, resources=res)

    def no_ocr(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR ran although the cache holds the page")

    monkeypatch.setattr(ocr, "_recognise", no_ocr)
    assert extract(scanned, resources=res).pages == first.pages
    # The same page images in another file: found by image hash.
    copy = tmp_path / "renamed copy.pdf"
    copy.write_bytes(scanned.read_bytes() + b"\n% a different file\n")
    assert extract(copy, resources=res).pages == first.pages


def test_ocr_never_leaves_the_scan_empty(scanned: Path) -> None:
    with pytest.raises(moadiff.EmptyDocument, match="no text layer"):
        moadiff.compare(SAMPLES / "old.pdf", scanned, ocr="never")


def test_missing_data_says_how_to_install_it(scanned: Path, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setattr(ocr, "_SYSTEM_TESSDATA", ())
    with pytest.raises(ocr.OcrUnavailable) as err:
        extract(scanned, Options())
    message = str(err.value)
    assert str(scanned) in message and "pages 1-" in message
    assert "pip install" in message and "tesseract-ocr-eng" in message and "TESSDATA_PREFIX" in message


def test_tessdata_prefix_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "tessdata").mkdir()
    (tmp_path / "tessdata" / "eng.traineddata").write_bytes(b"x")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert ocr.tessdata_dir() == str(tmp_path / "tessdata")


def _page(n: int, text: str, quality: str = "good", share: float | None = 1.0) -> Page:
    return Page(n, tuple(Line(t, n) for t in text.split("\n")) if text else (), 612, 792, quality,
                word_share=share)


def test_which_pages_are_read() -> None:
    body = "\n".join(["The LEA shall perform the functions described in this agreement."] * 20)
    pages = [_page(1, body), _page(2, "", "none", None), _page(3, "x#$ %%q", "poor", 0.0),
             _page(4, "Page 4"), _page(5, body, share=0.8), _page(6, body)]
    assert ocr.pages_to_read(pages, "never") == []
    # No text, gibberish, and a page with a small fraction of its neighbours' text.
    assert ocr.pages_to_read(pages, "auto") == [1, 2, 3]
    # Also the noisy text layer.
    assert ocr.pages_to_read(pages, "always") == [1, 2, 3, 4]


def test_a_sparse_page_drawn_from_text_alone_is_not_read() -> None:
    """A born-digital agreement's short last page (one closing line) is far
    sparser than its neighbours, but OCR can read nothing there that its text
    layer lacks; the same line stamped on a scanned image still is read, and
    so is a page of outlined text (many drawings) under a short text layer."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from moadiff.extractors.pdf import extract_pdf

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for _ in range(4):
        for k in range(30):
            c.drawString(72, 720 - 20 * k, "The LEA shall perform the functions described in this agreement.")
        c.showPage()
    closing = "regarding the resolution of the complaint.   Thornbury Police Department   Revised 02/15/2025"
    c.drawString(72, 720, closing)  # page 5: text alone
    c.showPage()
    c.drawImage(ImageReader(Image.new("L", (850, 1100), 255)), 0, 0, *letter)  # page 6: a scan under a stamp
    c.drawString(72, 720, closing)
    c.showPage()
    for k in range(150):  # page 7: text drawn as curves, and a short text layer
        c.rect(72 + (k % 30) * 15, 700 - (k // 30) * 20, 10, 12, fill=1)
    c.drawString(72, 720, closing)
    c.showPage()
    c.save()
    document = extract_pdf("a.pdf", buf.getvalue(), "0", Options())
    assert sorted(document.plain_pages) == [1, 2, 3, 4, 5]
    pages = list(document.pages)
    assert ocr.pages_to_read(pages, "auto") == [4, 5, 6]
    assert ocr.pages_to_read(pages, "auto", document.plain_pages) == [5, 6]


def _noisy_layer_pdf(path: Path) -> Path:
    """A scanned page (an image of clean text) under an invisible text layer
    as a poor scanner writes it: word-like, but full of misreadings."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    clean = ["I. PARTIES", "The Law Enforcement Agency shall perform the functions described in this",
             "agreement and will provide the names of personnel to Immigration and Customs",
             "Enforcement for training, in accordance with the terms of this agreement."] * 4
    noisy = [line.replace("m", "rn").replace("ll", "II") for line in clean]

    def page(lines: list[str], *, hidden: list[str] | None = None, image: Image.Image | None = None) -> bytes:
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=letter)
        if image is not None:
            c.drawImage(ImageReader(image), 0, 0, *letter)
        y = 700
        for line in hidden or lines:
            t = c.beginText(72, y)
            t.setTextRenderMode(3 if hidden else 0)  # 3: invisible, the "OCR layer"
            t.setFont("Times-Roman", 12)
            t.textLine(line)
            c.drawText(t)
            y -= 20
        c.save()
        return buf.getvalue()

    pdf = pdfium.PdfDocument(page(clean))
    image = pdf[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    pdf.close()
    path.write_bytes(page(clean, hidden=noisy, image=image))
    return path


def test_ocr_always_rereads_a_noisy_text_layer(tmp_path: Path, ocr_cache: str) -> None:
    pdf = _noisy_layer_pdf(tmp_path / "noisy.pdf")
    auto = extract(pdf, resources=Resources(cache_dir=ocr_cache))
    assert not auto.pages[0].ocr and "perforrn" in auto.pages[0].lines[1].text
    assert 0.5 < (auto.pages[0].word_share or 0) < ocr.NOISY_SHARE
    always = extract(pdf, Options(ocr="always"), Resources(cache_dir=ocr_cache))
    page = always.pages[0]
    assert page.ocr and page.word_share is not None and page.word_share > (auto.pages[0].word_share or 0)
    assert "shall perform the functions" in " ".join(line.text for line in page.lines)


def test_low_confidence_words_are_marked(moa: Path, ocr_cache: str) -> None:
    result = moadiff.compare(moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf",
                             moa / "LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf", cache_dir=ocr_cache)
    low = [(c.new, i, conf) for c in result.changes if c.new for i, conf in c.new.low_confidence]
    assert low and all(0 <= conf < 60 for _, _, conf in low)
    data = to_dict(result)
    marked = [w for ch in data["changes"] if ch["new"] for w in ch["new"]["low_confidence"]]
    assert len(marked) == len(low)
    for clause, i, _ in low[:20]:
        assert any(w["text"] == clause.full_text.split()[i] for w in marked)
    page = render(result, "html").decode("utf-8")
    assert page.count('class="lowconf"') >= len(low) // 2
    assert "read by OCR" in json.dumps(data["new"]["notices"])


class _Word:
    """A word of Tesseract's result iterator; ``text`` None is a region with no text."""

    def __init__(self, text: str | None, new_line: bool) -> None:
        self.text, self.new_line = text, new_line

    def IsAtBeginningOf(self, level: int) -> bool:
        return self.new_line

    def GetUTF8Text(self, level: int) -> str:
        if self.text is None:
            raise RuntimeError("No text returned")  # what tesserocr raises for an empty region
        return self.text

    def BoundingBox(self, level: int) -> tuple[int, int, int, int]:
        return (10, 10, 50, 30)

    def Confidence(self, level: int) -> float:
        return 90.0


class _Api:
    def SetImage(self, image: object) -> None: ...
    def Recognize(self) -> None: ...
    def Clear(self) -> None: ...
    def GetIterator(self) -> object:
        return object()


def test_a_word_region_with_no_text_is_skipped_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A speck on a blank page makes Tesseract report a word with no text,
    and tesserocr raises RuntimeError("No text returned") for it: that word
    is skipped, and the rest of the page is read."""
    import tesserocr

    words = [_Word("Memorandum", True), _Word(None, False), _Word("of", False), _Word("Agreement", True)]
    monkeypatch.setattr(tesserocr, "iterate_level", lambda it, level: iter(words))

    class Readers:
        def get(self) -> _Api:
            return _Api()

    reading = ocr._recognise(Readers(), Image.new("L", (200, 100), 255), 3, 300)  # type: ignore[arg-type]
    assert [line.text for line in reading.lines] == ["Memorandum of", "Agreement"]
    assert all(line.page == 3 for line in reading.lines)


def _with_pages(source: Path, target: Path, inserts: dict[int, Image.Image | None]) -> Path:
    """``source`` with pages put in before the 0-based positions of
    ``inserts``: a page image (a scanned sheet), or None for an empty page."""
    pdf = pdfium.PdfDocument(source)
    for at in sorted(inserts, reverse=True):
        image = inserts[at]
        if image is None:
            pdf.new_page(612, 792, index=at)
            continue
        data = io.BytesIO()
        image.save(data, "PDF", resolution=200)
        sheet = pdfium.PdfDocument(data.getvalue())
        pdf.import_pages(sheet, [0], index=at)
        sheet.close()
    pdf.save(target)
    pdf.close()
    return target


def _white_sheet(specks: bool = False) -> Image.Image:
    """The back of a scanned sheet: a white page image at 200 dpi, with a
    few specks of dust if asked."""
    image = Image.new("L", (1700, 2200), 255)
    if specks:
        rng = random.Random(5)
        for _ in range(12):
            x, y = rng.randrange(100, 1600), rng.randrange(100, 2100)
            image.paste(80, (x, y, x + 3, y + 3))
    return image


def test_a_blank_scanned_page_is_noted_and_the_rest_read(tmp_path: Path, ocr_cache: str) -> None:
    """The back of a sheet in a scan has no text layer and no text in its
    image: it is a blank page, noted as such, never "no usable text layer"."""
    doc_path = _with_pages(SAMPLES / "old.pdf", tmp_path / "with-blank.pdf", {1: _white_sheet(specks=True)})
    doc = extract(doc_path, resources=Resources(cache_dir=ocr_cache))
    assert doc.pages[1].text_quality == "blank" and not doc.pages[1].lines
    notices = {n.code: n for n in doc.notices}
    assert "no-text-layer" not in notices and "little-text" not in notices
    assert notices["blank"].pages == (2,) and notices["blank"].message.startswith("page 2 of ")
    result = moadiff.compare(SAMPLES / "old.pdf", doc_path, resources=Resources(cache_dir=ocr_cache))
    assert result.exit_status == 0 and result.summary.added == result.summary.removed == 0
    assert to_dict(result)["new"]["page_info"][1]["text_quality"] == "blank"


def test_an_empty_page_is_blank_without_ocr(tmp_path: Path) -> None:
    doc_path = _with_pages(SAMPLES / "old.pdf", tmp_path / "with-empty.pdf", {1: None})
    doc = extract(doc_path, Options(ocr="never"))
    assert [p.number for p in doc.pages if p.text_quality == "blank"] == [2]
    assert not any(n.code == "no-text-layer" for n in doc.notices)
    assert any(n.code == "blank" for n in doc.notices)


def test_a_document_of_blank_pages_fails_with_one_line(tmp_path: Path, ocr_cache: str) -> None:
    from click.testing import CliRunner

    from moadiff.cli import cli

    blank = tmp_path / "blank.pdf"
    _white_sheet().save(blank, "PDF", resolution=200, save_all=True, append_images=[_white_sheet(specks=True)])
    with pytest.raises(moadiff.EmptyDocument, match="all 2 of its pages are blank") as err:
        moadiff.compare(SAMPLES / "old.pdf", blank, resources=Resources(cache_dir=ocr_cache))
    assert err.value.pages == (1, 2)
    run = CliRunner().invoke(cli, ["compare", str(SAMPLES / "old.pdf"), str(blank), "--cache-dir", ocr_cache])
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and str(blank) in lines[0] and "blank" in lines[0] and "image-only" not in lines[0]


def test_pages_are_read_one_at_a_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A long scan costs time, not memory: rendering runs at most one page
    ahead of each reader, so no more than threads + 1 page images are ever
    alive, whatever the number of pages."""
    import threading
    import time
    import weakref

    from moadiff.cache import NoCache
    from moadiff.model import Document

    rendered: list[weakref.ref[Image.Image]] = []
    most = 0
    lock = threading.Lock()

    def render(index: int, dpi: int) -> Image.Image:
        nonlocal most
        image = Image.new("L", (50, 60), index % 256)
        with lock:
            rendered.append(weakref.ref(image))
            most = max(most, sum(ref() is not None for ref in rendered))
        return image

    def recognise(readers: object, image: Image.Image, page: int, dpi: int) -> ocr._Reading:
        time.sleep(0.02)  # reading is slower than rendering
        return ocr._Reading((Line(f"page {page}", page, source="ocr", confidences=(90.0,)),), 612, 792, skew=0.0)

    monkeypatch.setattr(ocr, "_recognise", recognise)
    monkeypatch.setattr(ocr, "_recognise_missed", lambda readers, image, reading, page, dpi: replace(reading, lines=()))
    monkeypatch.setattr(ocr, "_Readers", lambda folder: type("R", (), {"close": lambda self: None,
                                                                         "orientation": lambda self: None})())
    document = Document(str(tmp_path / "scan.pdf"), "0" * 64, "pdf", ())
    pages = [(i, f"source-{i}") for i in range(40)]
    out = ocr._recognise_pages(document, pages, render, Resources(ocr_threads=2), NoCache(), "engine")
    assert sorted(out) == list(range(40)) and out[39].lines[0].text == "page 40"
    assert most <= 3, most


def test_a_batch_reads_each_scanned_page_once_with_every_core(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                               scanned: Path) -> None:
    """In ``moadiff batch -j 2`` every scanned page is read once, and a
    worker reads a scan's pages on more than one thread, so that a long
    scan left to one worker at the end still keeps every core busy."""
    import os
    import shutil
    import threading

    from click.testing import CliRunner

    from moadiff.cli import cli

    log = tmp_path / "readings.log"
    # In each reader child (they are forked, so each has its own): how many
    # readings are under way at once. A reading waits (a while) for a
    # second one to start, as Tesseract's second or so of work would.
    state = {"now": 0, "most": 0}
    turn = threading.Condition()

    def recognise(readers: object, image: Image.Image, page: int, dpi: int) -> ocr._Reading:
        with turn:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
            turn.notify_all()
            turn.wait_for(lambda: state["most"] >= 2, timeout=3)
            state["now"] -= 1
            most = state["most"]
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {page} {most}\n")
        return ocr._Reading((Line(f"page {page}", page, source="ocr", confidences=(90.0,)),), 612, 792, skew=0.0)

    monkeypatch.setattr(ocr, "_recognise", recognise)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(scanned, folder / "a.pdf")
    scan(SAMPLES / "new.pdf", folder / "b.pdf")
    shutil.copyfile(SAMPLES / "old.txt", folder / "c.txt")
    CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out"), "-j", "2",
                             "--cache-dir", str(tmp_path / "cache")])
    readings = [line.split() for line in log.read_text().splitlines()]
    pages = sum(len(pdfium.PdfDocument(folder / name)) for name in ("a.pdf", "b.pdf"))
    assert len(readings) == pages, readings  # no page read twice, none left out
    most = {pid: int(n) for pid, _, n in readings}
    assert len(most) == 2  # one reader child per scan
    assert all(n >= 2 for n in most.values()), readings  # each read pages on two threads at once


def test_a_long_scan_is_read_a_few_pages_a_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                    scanned: Path) -> None:
    """In an isolated reader, every PAGES_PER_PROCESS pages are read by a
    process of their own, whose memory goes with it when it ends: each page
    once, and the document is the one read in a single process."""
    import os

    log = tmp_path / "readings.log"

    def recognise(readers: object, image: Image.Image, page: int, dpi: int) -> ocr._Reading:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {page}\n")
        words = f"page {page} of the agreement between the parties"
        return ocr._Reading((Line(words, page, 72, 72, 400, 84, source="ocr", confidences=(90.0,) * 8),), 612, 792,
                            skew=0.0)

    monkeypatch.setattr(ocr, "_recognise", recognise)
    monkeypatch.setattr(ocr, "PAGES_PER_PROCESS", 2)
    n = len(pdfium.PdfDocument(scanned))
    assert n >= 3
    apart = extract(scanned, resources=Resources(isolate=True))
    readings = [line.split() for line in log.read_text().splitlines()]
    assert sorted(int(page) for _, page in readings) == list(range(1, n + 1))  # each page once
    by_process: dict[str, list[int]] = {}
    for pid, page in readings:
        by_process.setdefault(pid, []).append(int(page))
    assert sorted(sorted(pages) for pages in by_process.values()) == [
        list(range(k, min(k + 2, n + 1))) for k in range(1, n + 1, 2)]
    assert str(os.getpid()) not in by_process
    together = extract(scanned, resources=Resources(isolate=False))
    assert apart.pages == together.pages and apart.notices == together.notices


def test_a_reading_process_that_crashes_is_one_line(monkeypatch: pytest.MonkeyPatch, scanned: Path) -> None:
    """Tesseract crashing in the process that reads a few pages ends the
    reading with moadiff's own one-line reason, as a crash of the reader does."""
    import os
    import signal

    from moadiff.errors import ExtractionError

    def recognise(readers: object, image: Image.Image, page: int, dpi: int) -> ocr._Reading:
        os.kill(os.getpid(), signal.SIGSEGV)
        raise AssertionError("not reached")

    monkeypatch.setattr(ocr, "_recognise", recognise)
    with pytest.raises(ExtractionError) as err:
        extract(scanned, resources=Resources(isolate=True))
    assert str(scanned) in str(err.value) and "crashed (SIGSEGV)" in str(err.value)
    assert "\n" not in str(err.value)


def test_versions_in_cache_keys_are_importlib_metadatas() -> None:
    # Cache keys name the engines' versions, read from their dist-info
    # folders without importing importlib.metadata: the same versions.
    from importlib import metadata

    for name in ("pypdfium2", "msgspec"):
        assert ocr._version(name) == metadata.version(name)
    assert ocr._version("no-such-distribution-here") == "none"

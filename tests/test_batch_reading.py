"""The order a batch reads its files in: the ones likely to take longest first."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pypdfium2 as pdfium
from PIL import ImageFilter

from moadiff.batch.run import _longest_first
from moadiff.extractors.pdf import ocr_estimate

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def _scan(source: Path, target: Path) -> Path:
    """An image-only PDF of ``source`` (no text layer), as a scanner gives it."""
    rng = random.Random(1)
    pdf = pdfium.PdfDocument(source)
    images = [page.render(scale=150 / 72, grayscale=True).to_pil().convert("L").filter(ImageFilter.GaussianBlur(0.6))
              .rotate(rng.uniform(-0.6, 0.6), fillcolor=255) for page in pdf]
    pdf.close()
    images[0].save(target, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return target


def _work(jobs: int) -> Any:
    """What _longest_first looks at of a run: its pool's size."""
    return SimpleNamespace(pool=SimpleNamespace(jobs=jobs))


def test_a_scan_is_estimated_at_its_page_count_and_a_text_layer_at_none(tmp_path: Path) -> None:
    scan = _scan(SAMPLES / "old.pdf", tmp_path / "scan.pdf")
    pages = len(pdfium.PdfDocument(scan))
    assert ocr_estimate(str(scan)) == pages
    assert ocr_estimate(str(SAMPLES / "old.pdf")) == 0
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot a PDF at all")
    assert ocr_estimate(str(broken)) == 0


def test_a_scan_whose_first_and_middle_pages_hold_text_is_estimated_a_scan(tmp_path: Path) -> None:
    """As a real packet has it: a typed cover page, then scanned pages, and
    one more typed page in the middle. Its pages are mostly OCR's work."""
    scan = pdfium.PdfDocument(_scan(SAMPLES / "old.pdf", tmp_path / "scan.pdf"))
    text = pdfium.PdfDocument(SAMPLES / "old.pdf")
    packet = pdfium.PdfDocument.new()
    for k in range(10):
        packet.import_pages(text if k in (0, 5) else scan, [0])
    packet.save(tmp_path / "packet.pdf")
    assert ocr_estimate(str(tmp_path / "packet.pdf")) >= 5


def test_with_several_workers_the_scans_are_read_first(tmp_path: Path) -> None:
    """Scans before text-layer files (the bigger first among those), so that
    no long scan is left to one worker at the end; with one worker the
    listing's order stays."""
    text_pdf = shutil.copyfile(SAMPLES / "new.pdf", tmp_path / "a-text.pdf")
    big_txt = tmp_path / "b-big.txt"
    big_txt.write_text("Section I. PURPOSE\n" + "The parties agree to this. " * 4000)
    scan = _scan(SAMPLES / "old.pdf", tmp_path / "c-scan.pdf")
    todo = [("a", text_pdf), ("b", big_txt), ("c", scan)]
    assert [d for d, _ in _longest_first(_work(2), todo)] == ["c", "b", "a"]
    assert _longest_first(_work(1), todo) == todo

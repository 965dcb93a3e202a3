"""PDF extraction on the real agreements and on PDFs made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from moadiff import ExtractionError, InputError, UnsupportedFormat, extract
from moadiff.extractors.glyphs import find_shift, repair_lines
from moadiff.model import Options


def body(doc) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(line.text for page in doc.pages for line in page.lines)


def test_form_field_values_join_the_text(moa: Path) -> None:
    # The text layer of page 1 reads "the , hereinafter"; the name is a form field.
    doc = extract(moa / "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf")
    page1 = " ".join(line.text for line in doc.pages[0].lines)
    assert "the Union County Sheriff's Office, hereinafter" in page1
    assert "Miami Field Office Director" in body(doc)  # a value held on the parent field
    assert any(line.source == "text+form" for line in doc.pages[0].lines)


def _form_pdf(path: Path) -> Path:
    """A page whose blanks are filled by form fields, laid out as Word lays
    them: a widget taller than its line, its bottom on the blank's underline."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    top = letter[1]
    c.setFont("Times-Roman", 11)
    c.drawString(60, top - 150, "Security (DHS), and the____________________, pursuant to which ICE delegates")
    left = 60 + c.stringWidth("Security (DHS), and the", "Times-Roman", 11)
    c.acroForm.textfield(name="agency", value="Marlow County Sheriff's Office", x=left, y=top - 154, width=120,
                         height=20, borderWidth=0, fontSize=8, fillColor=None)
    c.drawString(60, top - 300, "For the LEA:")
    c.drawString(310, top - 300, "For ICE:")
    c.drawString(60, top - 340, "Date:______________________")
    c.drawString(310, top - 340, "Date:______________________")
    for x, value in ((90, "February 28, 2025"), (340, "March 5, 2025")):
        c.acroForm.textfield(name=f"date{x}", value=value, x=x, y=top - 341, width=150, height=26, borderWidth=0,
                             fontSize=9, fillColor=None)
    c.drawString(60, top - 400, "For the LEA:")
    c.drawString(180, top - 414, "___________________________")
    c.acroForm.textfield(name="contact", value="Sheriff Jane Roe", x=180, y=top - 413, width=150, height=22,
                         borderWidth=0, fontSize=9, fillColor=None)
    c.save()
    return path


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_form_field_values_fill_their_blanks(tmp_path: Path, engine: str) -> None:
    doc = extract(_form_pdf(tmp_path / "form.pdf"), Options(engine=engine, ocr="never"))
    lines = [line.text for line in doc.pages[0].lines]
    # At the blank, after "the" it is glued to, in place of its underscores: no "the , pursuant" gap.
    assert "Security (DHS), and the Marlow County Sheriff's Office, pursuant to which ICE delegates" in lines
    # A widget whose middle lies above its line fills the blank of that line, each in its column.
    assert "Date: February 28, 2025 Date: March 5, 2025" in lines
    # Over a line of underscores alone: a line of its own, after the heading it answers.
    assert lines.index("Sheriff Jane Roe") == lines.index("For the LEA:", 2) + 1


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_real_form_fields_fill_their_blanks(moa: Path, engine: str) -> None:
    doc = extract(moa / "ArcadiaPDFL_TFM_MOA_030425.pdf", Options(engine=engine, ocr="never"))
    text = body(doc)
    assert "and the Arcadia Police Dept (APD), pursuant" in text
    assert "field location at Orlando, FL Sub-Office. OPLA" in text
    assert "Date: 02/28/2025 Date: March 5, 2025" in text
    assert "This MOA is an agreement between ICE and the APD, hereinafter" in text
    smith = body(extract(moa / "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf", Options(engine=engine, ocr="never")))
    assert "Title: Smith County Sheriff" in smith and "Title: Acting Director" in smith
    assert "Date: February 17, 2025" in smith


def test_letters_drawn_apart_rejoin_their_words(moa: Path) -> None:
    # This scan's OCR layer draws some letters ("s", "e") in text objects of
    # their own; PDFium reads them as lines of their own on the same row.
    doc = extract(moa.parent / "corpus" / "CarrollCo_WSO_MOA_03.03.25.pdf", Options(ocr="never"))
    page = [line.text.strip() for line in doc.pages[9].lines]
    assert "Pursuant to Section VD) of this MOA. the signatories agree to coordinate appropriate release of" in page
    assert not any(text in ("s s", "e", "s") for text in page)
    # Text typed over a line of underscores is not interleaved with it.
    grayson = body(extract(moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf"))
    assert "Acting Director" in grayson


def test_shifted_glyphs_are_repaired(moa: Path) -> None:
    for name in ("GraysonCountyDCKY_JEM_MOA_030425.pdf", "FranklinCountyAL_WSO_MOA_030625.pdf"):
        doc = extract(moa / name)
        text = body(doc)
        assert ")RUWKH/($" not in text and "6LJQDWXUH" not in text
        assert "For the LEA:" in text and "Signature:" in text
        assert any(n.code == "glyph-shift" for n in doc.notices)


def test_no_false_glyph_repairs_on_clean_text(moa: Path) -> None:
    doc = extract(moa / "287gJEM_PinalCoAz2020-06-09.pdf")
    assert not any(n.code.startswith("glyph") for n in doc.notices)
    assert "Section V(D) of this MOA" in body(doc)


def test_glyph_repair_unit() -> None:
    lines = [")RUWKH/($\x1d )RU,&(\x1d", "6LJQDWXUH\x1dBBBBBBBB", "1DPHShannon", "(DHS) V(D) DHS/ICE at\x1d"]
    assert find_shift(lines) == 29
    fixed, failed = repair_lines(lines)
    assert fixed == ["For the LEA: For ICE:", "Signature:____", "Name Shannon", "(DHS) V(D) DHS/ICE at:"]
    assert failed == 0


def test_image_only_pages_are_reported_without_ocr(moa: Path) -> None:
    doc = extract(moa / "LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf", Options(ocr="never"))
    notice = next(n for n in doc.notices if n.code == "no-text-layer")
    assert 1 in notice.pages and len(notice.pages) >= 9
    assert "1-6" in notice.message


def test_running_footers_have_positions(moa: Path) -> None:
    doc = extract(moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf")
    footer = [line for line in doc.pages[0].lines if "Revised 02/15/2025" in line.text]
    assert footer and footer[0].top > doc.pages[0].height * 0.85


@pytest.mark.parametrize("data, error", [
    (b"", InputError),
    (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", ExtractionError),
    (b"<!DOCTYPE html><html><body>hi</body></html>", UnsupportedFormat),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", UnsupportedFormat),
])
def test_bad_files_raise_one_error(tmp_path: Path, data: bytes, error: type) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(error) as info:
        extract(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_truncated_real_pdf(tmp_path: Path, moa: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes((moa / "ArcadiaPDFL_TFM_MOA_030425.pdf").read_bytes()[:2000])
    with pytest.raises(ExtractionError, match="not a valid PDF"):
        extract(path)


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=128)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(72, 700, "I. PARTIES This Memorandum of Agreement constitutes an agreement.")
    c.save()
    with pytest.raises(ExtractionError, match="password"):
        extract(path)
    from moadiff import Options

    doc = extract(path, Options(password="secret"))
    assert "Memorandum of Agreement" in body(doc)


def test_max_pages(tmp_path: Path, moa: Path) -> None:
    from moadiff import Options

    with pytest.raises(ExtractionError, match="max-pages"):
        extract(moa / "ArcadiaPDFL_TFM_MOA_030425.pdf", Options(max_pages=3))


#: How a page turned by /Rotate must be drawn to read upright: the matrix
#: from the upright page's points to the unturned page's (a letter page
#: turned a quarter is 792 x 612 unturned; reportlab swaps its size itself).
_TURNS = {90: (0, 1, -1, 0, 792, 0), 180: (-1, 0, 0, -1, 612, 792), 270: (0, -1, 1, 0, 0, 612)}


def _turned_pdf(path: Path, rotate: int, upright: bool) -> Path:
    """Page 1 upright; page 2 turned by /Rotate: drawn so that it reads
    upright once turned (``upright``), or drawn upright, so that a viewer
    shows it sideways or upside down (a page a scanner or an editor turned)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(612, 792))
    c.setFont("Times-Roman", 12)
    c.drawString(72, 700, "I. PURPOSE The first page reads upright.")
    c.showPage()
    c.setPageRotation(rotate)
    if upright:
        c.transform(*_TURNS[rotate])
    else:
        c.setPageSize((792, 612) if rotate in (90, 270) else (612, 792))  # the unturned page: letter, portrait
    c.setFont("Times-Roman", 12)
    for n, text in enumerate(["This MOA does not create any rights, substantive or procedural.",
                              "By signing this MOA, each party represents it is fully authorized.",
                              "For the LEA:"]):
        c.drawString(72, 700 - 24 * n, text)
    c.drawString(330, 700 - 48, "For ICE:")
    c.save()
    return path


@pytest.mark.parametrize("upright", [True, False])
@pytest.mark.parametrize("rotate", [90, 180, 270])
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_page_turned_by_rotate_reads_the_way_its_text_runs(tmp_path: Path, engine: str, rotate: int,
                                                            upright: bool) -> None:
    doc = extract(_turned_pdf(tmp_path / "turned.pdf", rotate, upright), Options(engine=engine, ocr="never"))
    page = doc.pages[1]
    assert (page.width, page.height) == (612, 792)
    lines = [line.text for line in page.lines]
    assert lines[:2] == ["This MOA does not create any rights, substantive or procedural.",
                         "By signing this MOA, each party represents it is fully authorized."]
    assert " ".join(lines[2:]).split() == ["For", "the", "LEA:", "For", "ICE:"]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_real_page_turned_by_rotate_reads_upright(moa: Path, engine: str) -> None:
    # Union County's signature page is drawn sideways and turned by /Rotate 90.
    doc = extract(moa / "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf", Options(engine=engine, ocr="never"))
    lines = [line.text for line in doc.pages[6].lines]
    assert lines[0].startswith("This MOA does not, is not intended to, shall not be construed to")
    assert any(x.startswith("to the fullest extent allowed by law.") for x in lines[:8])

def test_page_judgements_are_the_same_from_a_warm_memo() -> None:
    # page_quality and word_share keep each token's verdict for the pages
    # after it: a verdict looked up must be the verdict computed.
    from moadiff.extractors import quality
    from moadiff.model import Line

    pages = [[Line("The LEA shall perfonn its duties (DHS/ICE).", 1), Line("287(g) -- ___ 12 Agencies' 'x'", 1)],
             [Line("tHe lEa sHall pErform iTs dUties uNder tHe sUpervision oF iCE 4gency", 2)], [Line("12 34", 3)], []]
    quality._KINDS.clear()
    quality._WORD_KINDS.clear()
    cold = [(quality.page_quality(p), quality.word_share(p)) for p in pages]
    assert quality._WORD_KINDS and quality._KINDS  # remembered
    warm = [(quality.page_quality(p), quality.word_share(p)) for p in pages]
    # (as computed before there was a memo)
    assert warm == cold == [("good", 0.6), ("poor", 0.917), ("none", None), ("none", None)]


def test_isolated_reading_teaches_the_process_that_forks_the_readers(moa: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # A batch's worker forks reader children: the words they judged are
    # remembered there, so that the next child starts with them. A process
    # that forks no more readers (the moadiff command's) does not look them up.
    from moadiff.extractors import extract_all, isolate, quality
    from moadiff.model import Resources

    if not isolate.supported():
        pytest.skip("no fork here")
    path = moa / "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf"
    quality._WORD_KINDS.clear()
    monkeypatch.setattr(isolate, "keeps_readers", lambda: False)  # whatever an earlier test of this process kept
    doc = extract_all([path], resources=Resources(isolate=True))[0]
    tokens = {t for page in doc.pages for line in page.lines for t in line.text.split()}
    assert not tokens & set(quality._WORD_KINDS)
    monkeypatch.setattr(isolate, "keeps_readers", lambda: True)
    extract_all([path], resources=Resources(isolate=True))
    assert tokens <= set(quality._WORD_KINDS)

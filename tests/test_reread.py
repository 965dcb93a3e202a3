"""reread.py: a scan's small substantive edits settled by reading the page image again.

The page images here are stand-ins (a Rereader whose lines and readings are
given), so each test says exactly what the image shows; one test reads a
real image with Tesseract.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from moadiff.model import Clause, ClauseChange, DocumentInfo, Line
from moadiff.reread import MAX_REGIONS, MAX_WORDS, Rereader, settle, words_between
from moadiff.worddiff import diff_words, rebuild

_TEMPLATE = ("The LEA will cooperate with ICE in any investigation. Failure {0} any participating LEA "
             "employee to cooperate in any investigation may result in the termination of this MOA, "
             "and related system {1} records notices apply.")


def _change(old_text: str, new_text: str, page: int = 4) -> ClauseChange:
    old = Clause("IV.H", "H.", "", old_text, page, page, 2, "subsection")
    new = replace(old, text=new_text)
    edits = tuple(replace(e, kind="substantive") if e.op != "equal" else e for e in diff_words(old_text, new_text))
    return ClauseChange("modified", False, old, new, 0.9, edits)


def _info(name: str, fmt: str = "pdf") -> DocumentInfo:
    return DocumentInfo(path=f"/scans/{name}.pdf", name=name, sha256=name * 8, format=fmt, pages=9, engine="pdfium")


def _lines(text: str, page: int) -> tuple[Line, ...]:
    """A page's text layer: the text in lines of eight words, 14 points apart."""
    words = text.split()
    return tuple(Line(" ".join(words[k:k + 8]), page, 72, 72 + 14 * n, 540, 84 + 14 * n)
                 for n, k in enumerate(range(0, len(words), 8)))


def _reader(layers: dict[str, str], images: dict[str, str], reads: list[str] | None = None) -> Rereader:
    """Text layers and what each file's page image shows (all on page 4)."""

    def lines(path: str, sha256: str, index: int) -> tuple[tuple[Line, ...], ...]:
        return (_lines(layers[path], index + 1),) if index == 3 and path in layers else ()

    def read(path: str, sha256: str, index: int, box: tuple[float, float, float, float]) -> list[str] | None:
        if reads is not None:
            reads.append(path)
        return images[path].split()  # the region's words, and (harmlessly) the rest of the page's

    return Rereader(lines, read)


def _kinds(changes: tuple[ClauseChange, ...]) -> list[tuple[str, str, str | None]]:
    return [(e.old, e.new, e.kind) for c in changes for e in c.edits if e.op != "equal"]


def test_a_misread_word_the_image_shows_rightly_is_noise() -> None:
    old_text, new_text = _TEMPLATE.format("of", "of"), _TEMPLATE.format("or", "or")
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text},
                     {"/scans/a.pdf": old_text, "/scans/b.pdf": old_text})  # b's image says "of"
    settled = settle([_change(old_text, new_text)], _info("a"), _info("b"), reader)
    assert _kinds(settled) == [("of", "or", "ocr-noise"), ("of", "or", "ocr-noise")]


def test_a_real_change_reads_the_same_again() -> None:
    for a, b in (("of", "or"), ("shall", "may"), ("70", "10")):
        old_text, new_text = _TEMPLATE.format(a, "of"), _TEMPLATE.format(b, "of")
        reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text},
                         {"/scans/a.pdf": old_text, "/scans/b.pdf": new_text})
        settled = settle([_change(old_text, new_text)], _info("a"), _info("b"), reader)
        assert _kinds(settled) == [(a, b, "substantive")]


def test_a_dropped_word_the_image_shows_is_noise_but_an_image_showing_nothing_settles_nothing() -> None:
    full, dropped = _TEMPLATE.format("of", "of"), _TEMPLATE.format("of", "of").replace("termination of", "termination")
    # The new scan's text layer lost "of"; its image has it.
    reader = _reader({"/scans/a.pdf": full, "/scans/b.pdf": dropped}, {"/scans/a.pdf": full, "/scans/b.pdf": full})
    assert _kinds(settle([_change(full, dropped)], _info("a"), _info("b"), reader)) == [("of", "", "ocr-noise")]
    # A word only the new text layer has, that its image does not show: no
    # evidence either way (a faint word read again may be lost), so it stays.
    reader = _reader({"/scans/a.pdf": dropped, "/scans/b.pdf": full}, {"/scans/a.pdf": dropped, "/scans/b.pdf": dropped})
    assert _kinds(settle([_change(dropped, full)], _info("a"), _info("b"), reader)) == [("", "of", "substantive")]


def test_nothing_is_read_without_pages_to_read() -> None:
    old_text, new_text = _TEMPLATE.format("of", "of"), _TEMPLATE.format("or", "of")
    reads: list[str] = []
    reader = _reader({}, {"/scans/a.pdf": old_text, "/scans/b.pdf": old_text}, reads)
    change = _change(old_text, new_text)
    # Pages that are no scans (no lines to re-read), documents that are no PDF, no reader.
    assert _kinds(settle([change], _info("a"), _info("b"), reader)) == [("of", "or", "substantive")]
    assert _kinds(settle([change], _info("a", "docx"), _info("b", "txt"), reader)) == [("of", "or", "substantive")]
    assert _kinds(settle([change], _info("a"), _info("b"), None)) == [("of", "or", "substantive")]
    assert reads == []


def test_long_rewrites_are_not_reread_and_reading_is_bounded() -> None:
    old_text = _TEMPLATE.format("of", "of")
    new_text = old_text.replace("will cooperate with ICE in any investigation", "shall assist the agency always")
    reads: list[str] = []
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text},
                     {"/scans/a.pdf": old_text, "/scans/b.pdf": old_text}, reads)
    assert _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader))[0][2] == "substantive"
    assert reads == []
    many = _TEMPLATE.format("or", "of")
    changes = [_change(_TEMPLATE.format("of", "of"), many)] * (MAX_REGIONS + 5)
    reader = _reader({"/scans/a.pdf": _TEMPLATE.format("of", "of"), "/scans/b.pdf": many},
                     {"/scans/a.pdf": _TEMPLATE.format("of", "of"), "/scans/b.pdf": many}, reads)
    settle(changes, _info("a"), _info("b"), reader)
    assert len(reads) == MAX_REGIONS


def test_two_wordings_are_not_read_but_a_look_alike_or_a_short_word_is() -> None:
    base = _TEMPLATE.format("of", "of")
    cases = [("will cooperate with ICE", "shall assist the agency", False),  # dictionary words, unlike
             ("cooperate with", "cooperate wlth", True),  # a non-word: may be a misreading
             ("cooperate", "corporate", True),  # two words, alike to an OCR engine
             ("will", "may", True)]  # short words misread oddly ("are" / "me")
    for old_words, new_words, read_expected in cases:
        new_text = base.replace(old_words, new_words, 1)
        reads: list[str] = []
        reader = _reader({"/scans/a.pdf": base, "/scans/b.pdf": new_text},
                         {"/scans/a.pdf": base, "/scans/b.pdf": new_text}, reads)
        settle([_change(base, new_text)], _info("a"), _info("b"), reader)
        assert bool(reads) == read_expected, (old_words, new_words)


def test_an_insertion_is_read_on_the_side_that_lacks_it_and_the_other_only_when_that_shows_words() -> None:
    full = _TEMPLATE.format("of", "of")
    dropped = full.replace("termination of", "termination")
    for old_text, new_text, lacking in ((dropped, full, "/scans/a.pdf"), (full, dropped, "/scans/b.pdf")):
        # The side without "of" shows nothing there either: the other side's
        # image could match neither its words nor its image, so it is not read.
        reads: list[str] = []
        reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text},
                         {"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, reads)
        assert [k for *_, k in _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader))] \
            == ["substantive"]
        assert reads == [lacking]
    # Its image shows a word of its own ("or"), and so does the other side's
    # image where its text layer has "of": both images show "or" alike.
    shows_or = full.replace("termination of", "termination or")
    reads = []
    reader = _reader({"/scans/a.pdf": dropped, "/scans/b.pdf": full},
                     {"/scans/a.pdf": shows_or, "/scans/b.pdf": shows_or}, reads)
    assert _kinds(settle([_change(dropped, full)], _info("a"), _info("b"), reader)) == [("", "of", "ocr-noise")]
    assert reads == ["/scans/a.pdf", "/scans/b.pdf"]


def test_the_edit_is_found_by_its_context_not_by_a_repeated_word() -> None:
    # "For" twice near the edit: the reading between the wrong "For"s is not taken.
    reading = ["points", "of", "contact", "for", "coordinating", "such", "activities", "are:", "For", "the", "LEA:", "For", "ICE:"]
    assert words_between(reading, ["activities", "are:", "For"], ["For", "ICE:"]) == ["the", "LEA:"]
    assert words_between(reading, ["nothing", "alike"], ["For", "ICE:"]) is None


def test_a_region_is_read_by_tesseract() -> None:
    pytest.importorskip("tesserocr")
    from PIL import Image, ImageDraw, ImageFont

    from moadiff.extractors import ocr

    if ocr.tessdata_dir() is None:
        pytest.skip("no English data for Tesseract")
    image = Image.new("L", (1400, 120), 255)
    try:
        font = ImageFont.load_default(size=48)
    except TypeError:  # Pillow < 10.1: a bitmap font too small to read
        pytest.skip("no scalable default font")
    ImageDraw.Draw(image).text((20, 30), "this MOA. Failure of any participating", fill=0, font=font)
    text = ocr.read_region(image)
    assert text is not None
    assert words_between(text.split(), ["this", "MOA.", "Failure"], ["any", "participating"]) == ["of"]


def _signatures(old_text: str, new_text: str) -> ClauseChange:
    from moadiff.fillins import label_fillins
    from moadiff.model import Profile

    old = Clause("SIGNATURES", "", "", old_text, 4, 4, 1, "signature")
    new = replace(old, text=new_text)
    edits = tuple(replace(e, kind="substantive") if e.op != "equal" else e for e in diff_words(old_text, new_text))
    (change,) = label_fillins([ClauseChange("modified", False, old, new, 0.9, edits)],
                              Profile(agency="DeWitt County Sheriff's Office"), Profile(agency="Henry County Sheriff's Office"))
    return change


_DEWITT = "For the LEA: For ICE: Signature: Name: Carl Bowen Name: Caleb Vitello Title: Sheriff Title: Acting Director"
_HENRY = ("For the LEA: For ICE: Date: March 17, 2025 Date: Signature: Signature: Name: Eric Blankenship Name: "
          "Todd Lyons Title: Sheriff Title: Acting Director")


def test_a_signature_label_under_handwriting_that_the_image_shows_is_no_label_added() -> None:
    # DeWitt's text layer lost both "Date:" labels (one under a handwritten
    # date); the page image shows them.
    shown = _DEWITT.replace("For ICE:", "For ICE: Date: 02-19-2025 Date: February 26, 2025")
    change = _signatures(_DEWITT, _HENRY)
    assert [e.new for e in change.edits if e.kind == "substantive"] == ["Date:", "Date:"]
    reader = _reader({"/scans/a.pdf": _DEWITT, "/scans/b.pdf": _HENRY}, {"/scans/a.pdf": shown, "/scans/b.pdf": _HENRY})
    (settled,) = settle([change], _info("a"), _info("b"), reader)
    assert [e.new for e in settled.edits if e.kind == "substantive"] == []
    assert [e.new for e in settled.edits if e.kind == "ocr-noise"] == ["Date:", "Date:"]


def test_a_signature_label_the_image_does_not_show_was_added() -> None:
    # A template revision that adds "Date:" lines: the old image has none.
    change = _signatures(_DEWITT, _HENRY)
    reader = _reader({"/scans/a.pdf": _DEWITT, "/scans/b.pdf": _HENRY}, {"/scans/a.pdf": _DEWITT, "/scans/b.pdf": _HENRY})
    (settled,) = settle([change], _info("a"), _info("b"), reader)
    assert [e.new for e in settled.edits if e.kind == "substantive"] == ["Date:", "Date:"]
    # One "Date:" shown: one of the two insertions is the text layer's loss, the other stays.
    one = _DEWITT.replace("For ICE:", "For ICE: Date: February 26, 2025")
    reader = _reader({"/scans/a.pdf": _DEWITT, "/scans/b.pdf": _HENRY}, {"/scans/a.pdf": one, "/scans/b.pdf": _HENRY})
    (settled,) = settle([change], _info("a"), _info("b"), reader)
    assert [e.new for e in settled.edits if e.kind == "substantive"] == ["Date:"]


def test_an_image_read_again_into_a_plain_misreading_of_the_other_side_settles_it() -> None:
    # The text layer's "111011: uently" reads "more Fequently" again: a
    # misreading of the other side's "more frequently", as noise.py judges it.
    old_text = "training as needed, but not 111011: uently than every two years after the course"
    new_text = "training as needed, but not more frequently than every two years after the course"
    shown = "training as needed, but not more Fequently than every two years after the course"
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": shown, "/scans/b.pdf": new_text})
    assert _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader)) == [
        ("111011: uently", "more frequently", "ocr-noise")]
    # Read again as another word of the language, it stays: "less" is no misreading of "more".
    shown = shown.replace("more Fequently", "less frequently")
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": shown, "/scans/b.pdf": new_text})
    assert _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader))[0][2] == "substantive"


def test_a_real_scan_read_again_shows_what_its_text_layer_misread(moa: Path) -> None:
    # Hamilton County's scanner wrote "taught by I CE instructors"; the page
    # image, cut at the text layer's box for that line and read again, says ICE.
    pytest.importorskip("tesserocr")
    from moadiff.extractors import ocr, pdf
    from moadiff.reread import REGION_DPI

    if ocr.tessdata_dir() is None:
        pytest.skip("no English data for Tesseract")
    hamilton = str(moa / "HamiltonCoIN_JEM_MOA_03.03.2025.pdf")
    assert 1 in pdf.scanned_pages(hamilton)
    (line,) = [x for x in pdf.scan_lines(hamilton, 1) if "taught by I CE instructors" in x.text]
    image = pdf.render_region(hamilton, 1, (line.x0 - 4, line.top - 4, line.x1 + 4, line.bottom + 4), REGION_DPI)
    assert image is not None and image.width > 2000  # the line at 400 dpi
    text = ocr.read_region(image)
    assert text is not None
    assert words_between(text.split(), ["will", "be", "taught", "by"], ["instructors", "and", "tailored"]) == ["ICE"]
    # A page drawn from text alone has nothing to read again.
    grayson = str(moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf")
    assert 0 not in pdf.scanned_pages(grayson) and pdf.scan_lines(grayson, 0) == ()


def test_a_line_read_with_words_run_together_and_apart_is_settled_as_one_run() -> None:
    # Each text layer joined and split other words of one line; edit by
    # edit nothing reads alike, but both images read the line the same.
    old_text = "no participating LEA personnel will be expected orrequired toviolate or otherwisefail to maintain the rules"
    new_text = "no participating LEA personnel will beeeXpected or required to violate or otherwise afil to maintain the rules"
    shown = "no participating LEA personnel will be expected or required to violate or otherwise fail to maintain the rules"
    change = _change(old_text, new_text)
    assert sum(e.op != "equal" for e in change.edits) > 1
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": shown, "/scans/b.pdf": shown})
    assert {kind for *_, kind in _kinds(settle([change], _info("a"), _info("b"), reader))} == {"ocr-noise"}
    # A real change inside the run reads differently again: the run stays.
    changed = shown.replace("or required", "and required")
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": shown, "/scans/b.pdf": changed})
    assert "substantive" in {kind for *_, kind in _kinds(settle([change], _info("a"), _info("b"), reader))}


def test_a_comparison_that_only_decides_a_revision_settles_only_what_the_decision_counts() -> None:
    """A batch deciding whether two agreements are one template revision
    counts only longer edits (batch.plan.revision_distance): it leaves the
    short edits read alone as they are and reads nothing for them, and
    still settles a run of them (which may hold a longer one)."""
    from moadiff.batch.plan import COUNTED_WORDS

    assert MAX_WORDS < COUNTED_WORDS
    old_text, new_text = _TEMPLATE.format("of", "of"), _TEMPLATE.format("or", "or")
    reads: list[str] = []
    reader = replace(_reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text},
                             {"/scans/a.pdf": old_text, "/scans/b.pdf": old_text}, reads), singles=False)
    settled = settle([_change(old_text, new_text)], _info("a"), _info("b"), reader)
    assert _kinds(settled) == [("of", "or", "substantive"), ("of", "or", "substantive")] and reads == []
    old_text = "no participating LEA personnel will be expected orrequired toviolate or otherwisefail to maintain the rules"
    new_text = "no participating LEA personnel will beeeXpected or required to violate or otherwise afil to maintain the rules"
    shown = "no participating LEA personnel will be expected or required to violate or otherwise fail to maintain the rules"
    reader = replace(_reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text},
                             {"/scans/a.pdf": shown, "/scans/b.pdf": shown}), singles=False)
    assert {kind for *_, kind in _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader))} \
        == {"ocr-noise"}


def test_files_drawn_from_text_alone_are_not_opened_again() -> None:
    """Born-digital agreements (every page drawn from text alone) have no
    page image to read: the stage does not even look at the files."""
    from moadiff.model import PageInfo

    old_text, new_text = _TEMPLATE.format("of", "of"), _TEMPLATE.format("or", "or")
    reads: list[str] = []
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text},
                     {"/scans/a.pdf": old_text, "/scans/b.pdf": old_text}, reads)
    plain = tuple(PageInfo(n, "good", plain=True) for n in range(1, 10))
    a, b = replace(_info("a"), page_info=plain), replace(_info("b"), page_info=plain)
    settled = settle([_change(old_text, new_text)], a, b, reader)
    assert reads == [] and {k for _, _, k in _kinds(settled)} == {"substantive"}
    # One side a scan: read again as before.
    settle([_change(old_text, new_text)], a, _info("b"), reader)
    assert reads


def test_an_extracted_scan_is_not_opened_again_for_its_text_layer(moa: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text-layer lines a region is found on come from extraction, the
    same as read from the file again; a page drawn from text alone has none."""
    from moadiff.extractors import extract, pdf
    from moadiff.model import Options, Resources
    from moadiff.reread import rereader

    scan, born = str(moa / "HamiltonCoIN_JEM_MOA_03.03.2025.pdf"), str(moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf")
    docs = [extract(p, Options(ocr="never"), Resources(isolate=False)) for p in (scan, born)]
    from_files = rereader(None)
    expected = {(d.path, k): from_files.lines(d.path, d.sha256, k) for d in docs for k in range(len(d.pages))}
    assert expected[(scan, 1)] and expected[(born, 0)] == ()

    def opened(*args: object) -> None:
        raise AssertionError("the file was opened again")

    monkeypatch.setattr(pdf.ScanPages, "lines", opened)
    monkeypatch.setattr(pdf.ScanPages, "scanned", opened)
    kept = rereader(None, docs)
    assert {(d.path, k): kept.lines(d.path, d.sha256, k) for d in docs for k in range(len(d.pages))} == expected


def test_without_tesseracts_data_no_region_is_drawn(moa: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing could read a region: drawing one at 400 dpi would be waste."""
    from moadiff.extractors import ocr, pdf
    from moadiff.reread import rereader

    def drawn(*args: object) -> None:
        raise AssertionError("a region was drawn")

    monkeypatch.setattr(ocr, "tessdata_dir", lambda: None)
    monkeypatch.setattr(pdf.ScanPages, "draw", drawn)
    hamilton = str(moa / "HamiltonCoIN_JEM_MOA_03.03.2025.pdf")
    assert rereader(None).read(hamilton, "0" * 64, 1, (72.0, 72.0, 540.0, 100.0)) is None

def test_a_speck_the_image_shows_beside_a_word_is_no_word() -> None:
    # The new scan's text layer read "as" as "age"; its image shows "as" and
    # a speck read as "e" beside it.
    old_text, new_text = _TEMPLATE.format("as", "of"), _TEMPLATE.format("age", "of")
    shown = _TEMPLATE.format("as e", "of")
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": old_text, "/scans/b.pdf": shown})
    assert _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader)) == [("as", "age", "ocr-noise")]
    # A speck alone, where the other side has a word, shows nothing.
    shown = _TEMPLATE.format("e", "of")
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": old_text, "/scans/b.pdf": shown})
    assert _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader)) == [("as", "age", "substantive")]


def test_a_contact_label_under_a_value_is_found_where_the_blocks_first_words_recur() -> None:
    # The page's prose says "points of contact" before the list does; the
    # new text layer lost "For DHS:" under the value written over it.
    prose = "The points of contact for ICE and the LEA for this purpose are identified in Appendix C. "
    old_text = "ICE and the LEA points of contact are: For the LEA: Jane Roe For DHS: Miami Field Office"
    new_text = "ICE and the LEA points of contact are: For the LEA: John Doe Chicago Field Office"
    shown = "POINTS OF CONTACT " + new_text.replace("Doe", "Doe For DHS:")

    def contacts(text: str) -> Clause:
        return Clause("VII", "VII.", "POINTS OF CONTACT", text, 4, 4, 1, "section")

    from moadiff.fillins import label_fillins
    from moadiff.model import Profile
    edits = tuple(replace(e, kind="substantive") if e.op != "equal" else e for e in diff_words(old_text, new_text))
    (change,) = label_fillins([ClauseChange("modified", False, contacts(old_text), contacts(new_text), 0.9, edits)],
                              Profile(agency="Roe County Sheriff's Office"), Profile(agency="Doe County Sheriff's Office"))
    assert [e.old for e in change.edits if e.kind == "substantive"] == ["For DHS:"]
    reader = _reader({"/scans/a.pdf": f"{prose}POINTS OF CONTACT {old_text}",
                      "/scans/b.pdf": f"{prose}POINTS OF CONTACT {new_text}"},
                     {"/scans/a.pdf": old_text, "/scans/b.pdf": shown})
    (settled,) = settle([change], _info("a"), _info("b"), reader)
    assert [e.old for e in settled.edits if e.kind == "ocr-noise"] == ["For DHS:"]


def test_a_label_a_revision_added_that_handwriting_hid_from_the_text_layer_is_reported_added() -> None:
    # The new revision adds "Name:" lines; the new scan's text layer read the
    # ICE one and the signature over it as one garbled run.
    old_text = "For the LEA: For ICE: Signature: Signature: Title: Sheriff Title: Acting Director"
    new_text = ("For the LEA: For ICE: Signature: Signature: Name: Carl Bowen N~rn~ Caleb Vitello "
                "Title: Sheriff Title: Acting Director")
    shown = new_text.replace("N~rn~", "Name:")
    change = _signatures(old_text, new_text)
    assert [e.new for e in change.edits if e.kind == "substantive"] == ["Name:"]
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": old_text, "/scans/b.pdf": shown})
    (settled,) = settle([change], _info("a"), _info("b"), reader)
    assert [e.new for e in settled.edits if e.kind == "substantive"] == ["Name:", "Name:"]
    assert settled.new is not None and settled.new.text.endswith("\nName:")
    assert rebuild(settled.edits) == (" ".join(settled.old.full_text.split()),  # type: ignore[union-attr]
                                      " ".join(settled.new.full_text.split()))
    # The image shows no more labels than the text layer: nothing is added.
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": old_text, "/scans/b.pdf": new_text})
    (settled,) = settle([change], _info("a"), _info("b"), reader)
    assert settled == change
    # Same template: the other side's image shows the label its text lost, so no label was added at all.
    both = old_text.replace("Title: Sheriff", "Name: Ann Lee Name: Todd Lyons Title: Sheriff")
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}, {"/scans/a.pdf": both, "/scans/b.pdf": shown})
    (settled,) = settle([change], _info("a"), _info("b"), reader)
    assert [e.new for e in settled.edits if e.kind == "substantive"] == []


def _two_columns(lea_rows: list[str], ice_rows: list[str]) -> tuple[Line, ...]:
    """A signature block's text layer: the LEA's column at x 80, ICE's at
    x 325, a row every 30 points; a row with no text has no line."""
    lines = [Line("For the LEA: For ICE:", 7, 80, 450, 380, 462)]
    for n, (lea, ice) in enumerate(zip(lea_rows, ice_rows)):
        top = 480 + 30 * n
        lines += [Line(text, 7, x, top, x + 6 * len(text), top + 10) for text, x in ((lea, 80), (ice, 325)) if text]
    return tuple(lines)


def _block_reader(layer: tuple[Line, ...], at_edge: dict[tuple[int, int], str],
                  reads: list[tuple[float, float, float, float]]) -> Rereader:
    """The block's image reads as its text layer whole; a label-sized box
    at a column's edge reads ``at_edge[(x, top)]`` (nothing there otherwise)."""

    def lines(path: str, sha256: str, index: int) -> tuple[tuple[Line, ...], ...]:
        return (layer,) if index == 6 else ()

    def read(path: str, sha256: str, index: int, box: tuple[float, float, float, float]) -> list[str] | None:
        reads.append(box)
        if box[2] - box[0] > 200:  # the whole block
            return " ".join(x.text for x in layer).split()
        return at_edge.get((round(box[0] + 4), round(box[1] + 4)), "").split()

    return Rereader(lines, read)


def test_a_label_signed_over_in_one_column_is_read_at_that_columns_edge() -> None:
    # Hamilton County (2025): the sheriff signed across the LEA's "Signature:"
    # and OCR kept neither; ICE's column has the row's label. That label's
    # width at the LEA column's edge reads "Signature" again.
    from moadiff.reread import _Budget, _labels_shown

    layer = _two_columns(["", "", "Name: Dennis Quakenbush", "Title: Sheriff"],
                         ["Date:", "Signature:", "Name: Caleb Vitello", "Title: Acting Director"])
    clause = Clause("SIGNATURES", "", "", " ".join(x.text for x in layer), 7, 7, 1, "signature")
    reads: list[tuple[float, float, float, float]] = []
    reader = _block_reader(layer, {(80, 480): "2/24/2025", (80, 510): "Signaturé>"}, reads)
    assert _labels_shown(_info("b"), clause, reader, _Budget(MAX_REGIONS)) == {"signature": 1}
    # The whole block, then the two rows only ICE labels, each the width of ICE's label.
    assert len(reads) == 3 and [round(b[2] - b[0]) for b in reads[1:]] == [38, 68]
    # A reading that is not the label, letter for letter, counts for nothing.
    reader = _block_reader(layer, {(80, 510): "Signat"}, [])
    assert _labels_shown(_info("b"), clause, reader, _Budget(MAX_REGIONS)) == {}
    # Rows both columns label are not read again; nor is a one-column block.
    both = _two_columns(["Date:", "Signature:"], ["Date:", "Signature:"])
    reads.clear()
    clause = Clause("SIGNATURES", "", "", " ".join(x.text for x in both), 7, 7, 1, "signature")
    assert _labels_shown(_info("b"), clause, _block_reader(both, {}, reads), _Budget(MAX_REGIONS)) == {}
    assert len(reads) == 1
    one = tuple(x for x in both if x.x0 < 300)
    clause = Clause("SIGNATURES", "", "", " ".join(x.text for x in one), 7, 7, 1, "signature")
    reads.clear()
    assert _labels_shown(_info("b"), clause, _block_reader(one, {}, reads), _Budget(MAX_REGIONS)) == {}
    assert len(reads) == 1


def test_a_real_label_under_a_signature_is_read_at_its_columns_edge(moa: Path) -> None:
    # Hamilton's text layer has ICE's "Date:" and "Signature:" rows and not
    # the LEA's, under the sheriff's handwritten date and signature; read
    # alone at the LEA column's edge, both labels show in the page image.
    pytest.importorskip("tesserocr")
    from moadiff.extractors import ocr, pdf
    from moadiff.reread import _Budget, _row_labels, rereader

    if ocr.tessdata_dir() is None:
        pytest.skip("no English data for Tesseract")
    hamilton = str(moa / "HamiltonCoIN_JEM_MOA_03.03.2025.pdf")
    lines = pdf.scan_lines(hamilton, 6)
    start = next(n for n, x in enumerate(lines) if x.text.startswith("For the LEA"))
    held = lines[start:start + 20]
    info = DocumentInfo(path=hamilton, name="Hamilton", sha256="hamilton-row-labels", format="pdf", pages=7,
                        engine="pdfium")
    assert _row_labels(info, 6, held, rereader(None), _Budget(MAX_REGIONS)) == {"date": 1, "signature": 1}


def test_reading_ahead_is_handed_every_region_a_pass_reads_before_it_reads_one() -> None:
    # A run of substantive edits and single ones, some the images settle on
    # their first side (so a real pass reads fewer regions than it may).
    old_text, new_text = _TEMPLATE.format("of", "of"), _TEMPLATE.format("or", "af")
    layers = {"/scans/a.pdf": old_text, "/scans/b.pdf": new_text}
    images = {"/scans/a.pdf": old_text, "/scans/b.pdf": old_text}
    read: list[tuple[str, int, tuple[float, float, float, float]]] = []
    handed: list[list[tuple[str, int, tuple[float, float, float, float]]]] = []
    plain = _reader(layers, images)

    def reading(path: str, sha256: str, index: int, box: tuple[float, float, float, float]) -> list[str] | None:
        read.append((path, index, box))
        return plain.read(path, sha256, index, box)

    @contextmanager
    def ahead(regions: Sequence[tuple[str, str, int, tuple[float, float, float, float]]]) -> Iterator[None]:
        assert not read  # handed over before the first reading
        handed.append([(path, index, box) for path, _, index, box in regions])
        yield

    changes = [_change(old_text, new_text), _change(old_text, new_text, page=4)]
    with_ahead = settle(changes, _info("a"), _info("b"), Rereader(plain.lines, reading, ahead))
    assert with_ahead == settle(changes, _info("a"), _info("b"), plain)  # the same answer, whatever was read ahead
    assert len(handed) == 1 and read and set(read) <= set(handed[0])


def test_a_real_comparison_settles_the_same_reading_ahead_on_two_threads(moa: Path) -> None:
    # Two scans whose text layers differ in many small edits: the regions are
    # read by Tesseract one by one, then ahead on two threads; same labels.
    pytest.importorskip("tesserocr")
    from moadiff.extractors import ocr
    from moadiff.pipeline import compare

    if ocr.tessdata_dir() is None:
        pytest.skip("no English data for Tesseract")
    old, new = moa / "287gJEM_GalvestonCoTX_06-08-2020.pdf", moa / "HamiltonCoIN_JEM_MOA_03.03.2025.pdf"
    one = compare(old, new, ocr_threads=1, isolate=False)
    two = compare(old, new, ocr_threads=2, isolate=False)
    kinds = [[(e.old, e.new, e.kind) for e in c.edits] for c in one.changes]
    assert kinds == [[(e.old, e.new, e.kind) for e in c.edits] for c in two.changes]
    assert any(e.kind == "ocr-noise" for c in one.changes for e in c.edits)


def test_an_edit_is_not_read_where_a_page_holds_only_part_of_its_context() -> None:
    # Both agreements open the clause with "noted in this MOA or allowed by
    # Federal law" (page 4); the edit, "derive from" / "derived
    # under" between "under this MOA" and "Federal authority", is on page 5.
    # Page 4 has three of its context words around other words ("this MOA
    # or allowed by Federal"): read there, both images would show "or
    # allowed by" alike, and a real change would pass for OCR noise.
    opening = "Except as otherwise noted in this MOA or allowed by Federal law, the LEA will bear the costs."
    body = ("As the activities of participating personnel under this MOA {} Federal authority, the "
            "participating personnel will comply with Federal standards.")
    old_text, new_text = f"{opening} {body.format('derive from')}", f"{opening} {body.format('derived under')}"
    pages = {"/scans/a.pdf": (opening, body.format("derive from")),
             "/scans/b.pdf": (opening, body.format("derived under"))}
    read: list[tuple[str, int]] = []

    def lines(path: str, sha256: str, index: int) -> tuple[tuple[Line, ...], ...]:
        return (_lines(pages[path][index - 3], index + 1),) if index in (3, 4) else ()

    def reading(path: str, sha256: str, index: int, box: tuple[float, float, float, float]) -> list[str] | None:
        read.append((path, index))
        return pages[path][index - 3].split()  # each image shows what its text layer says

    change = _change(old_text, new_text)
    change = replace(change, old=replace(change.old, last_page=5), new=replace(change.new, last_page=5))
    kinds = _kinds(settle([change], _info("a"), _info("b"), Rereader(lines, reading)))
    assert kinds == [("derive from", "derived under", "substantive")]
    assert read == [("/scans/a.pdf", 4), ("/scans/b.pdf", 4)]  # read on page 5, where the edit is


def _two_pages(old_pages: tuple[str, str], new_pages: tuple[str, str],
               shown: dict[str, tuple[str, str]]) -> tuple[Rereader, list[tuple[str, int]]]:
    """Text layers of pages 4 and 5 of each file, and what their images show."""
    layers = {"/scans/a.pdf": old_pages, "/scans/b.pdf": new_pages}
    read: list[tuple[str, int]] = []

    def lines(path: str, sha256: str, index: int) -> tuple[tuple[Line, ...], ...]:
        return (_lines(layers[path][index - 3], index + 1),) if index in (3, 4) else ()

    def reading(path: str, sha256: str, index: int, box: tuple[float, float, float, float]) -> list[str] | None:
        read.append((path, index))
        return shown[path][index - 3].split()

    return Rereader(lines, reading), read


def test_a_misreading_that_opens_a_page_is_read_on_that_page() -> None:
    # "duties under this MOA." ends page 4; page 5 opens "All LEA candidates",
    # which one scan read "AU". Neither page holds the context on both sides.
    end, start = "candidate prior to personnel being authorized to perform duties under this MOA.", \
        "{} LEA candidates must be approved by ICE and must be able to qualify."
    old_text, new_text = f"{end} {start.format('All')}", f"{end} {start.format('AU')}"
    reader, read = _two_pages((end, start.format("All")), (end, start.format("AU")),
                              {"/scans/a.pdf": (end, start.format("All")), "/scans/b.pdf": (end, start.format("All"))})
    change = _change(old_text, new_text)
    change = replace(change, old=replace(change.old, last_page=5), new=replace(change.new, last_page=5))
    assert _kinds(settle([change], _info("a"), _info("b"), reader)) == [("All", "AU", "ocr-noise")]
    assert read == [("/scans/a.pdf", 4), ("/scans/b.pdf", 4)]
    # A real change that opens a page reads the same again.
    reader, _ = _two_pages((end, start.format("All")), (end, start.format("No")),
                           {"/scans/a.pdf": (end, start.format("All")), "/scans/b.pdf": (end, start.format("No"))})
    change = _change(old_text, f"{end} {start.format('No')}")
    change = replace(change, old=replace(change.old, last_page=5), new=replace(change.new, last_page=5))
    assert _kinds(settle([change], _info("a"), _info("b"), reader)) == [("All", "No", "substantive")]


def test_a_list_label_the_clause_holds_as_its_label_is_no_other_word_in_the_text_layer() -> None:
    # The text layer has "D." between the contexts where the clause's text has
    # nothing (the label is the clause's, not among its words); the other
    # scan's text has the label misread into its words, "D..".
    page = "of the functions to be performed. D. CERTIFICATION AND AUTHORIZATION Upon completion"
    old_text = "of the functions to be performed. D.. CERTIFICATION AND AUTHORIZATION Upon completion"
    new_text = "of the functions to be performed. CERTIFICATION AND AUTHORIZATION Upon completion"
    reader = _reader({"/scans/a.pdf": old_text, "/scans/b.pdf": page}, {"/scans/a.pdf": page, "/scans/b.pdf": page})
    assert _kinds(settle([_change(old_text, new_text)], _info("a"), _info("b"), reader)) == [("D..", "", "ocr-noise")]

"""The planted-edit benchmark's own machinery: parser, planting, scoring, writers.

These run on small synthetic agreements (no moadiff.compare involved); one
test renders a pair from a real agreement when ../shared/moa is there.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks import docwriter, planted
from benchmarks.docwriter import Agreement, Clause, Layout
from benchmarks.planted import streams

ROOT = Path(__file__).resolve().parents[1]


def synthetic() -> Agreement:
    def sub(label: str, title: str, n: int) -> Clause:
        return Clause(
            label,
            title,
            [
                (f"The LEA shall report each {title.lower()} matter to ICE within {n} hours. "
                 f"ICE will review the report and may request more information. "
                 f"Participating LEA personnel must keep records for {n + 2} days."),
                f"Nothing in subsection {label} limits the authority of the FOD over {title.lower()}.",
            ],
            level=1,
        )

    return Agreement(
        title_lines=["MEMORANDUM OF AGREEMENT", "287(g) Jail Enforcement Model"],
        clauses=[
            Clause("I.", "PARTIES", ["This MOA is made between ICE and the LEA. Both parties agree to its terms."]),
            Clause("II.", "PURPOSE", [("The purpose of this MOA is to set out how the program will work. "
                                       "It applies only within the LEA's jail facilities.")]),
            Clause("III.", "AUTHORITY", [("Section 287(g) of the INA authorizes this MOA. The Secretary has "
                                          "delegated the authority to ICE.")]),
            Clause("IV.", "RESPONSIBILITIES", ["ICE keeps sole discretion over its resources."]),
            sub("A.", "DESIGNATION", 24),
            sub("B.", "NOMINATION", 48),
            sub("C.", "TRAINING", 70),
            sub("D.", "CERTIFICATION", 12),
            sub("E.", "COSTS", 30),
            Clause("V.", "REPORTING", []),
            sub("A.", "COMPLAINTS", 48),
            sub("B.", "COMMUNICATION", 12),
            sub("C.", "OUTREACH", 90),
            Clause("VI.", "MODIFICATIONS", ["Modifications must be made in writing. Both parties must sign them."]),
            Clause("APPENDIX A", "STANDARD OPERATING PROCEDURE", [("This appendix sets out procedures. "
                                                                   "They apply to all participating personnel.")]),
        ],
        agency="Example County Sheriff's Office",
    )


def labels(group: list[planted.Node]) -> list[str]:
    return [n.label for n in group]


def group_titled(doc: planted.Doc, title: str) -> list[planted.Node]:
    node = next(n for n in planted.flatten(doc) if " ".join(t.text for t in n.title) == title)
    return node.children


# --------------------------------------------------------------------------- parsing


def test_parse_pages_headings_footers_and_paragraphs() -> None:
    body = "x" * 70
    pages = [
        ("MEMORANDUM OF AGREEMENT\nI. PARTIES\nThis MOA is made between ICE and the LEA, and it is made in good faith by\n"
         "both parties.\nIV. RESPONSIBILITIES\nH. LIABILITY AND RESPONSIBILITY\nThe LEA is responsible.\n"
         "Example County 1 Revised 02/15/2025"),
        (f"I. CIVIL RIGHTS STANDARDS\nParticipating personnel follow the law {body}\n"
         f"Example County 2 Revised 02/15/2025"),
        ("continued text of the same paragraph.\n)RUWKH/($ )RU,&(\n1DPHBBBBBBBBBBBB\nV. REPORTING\n"
         "A. COMPLAINT PROCEDURES\nSee Appendix B.\nExample County 3 Revised 02/15/2025"),
        "APPENDIX B\nCOMPLAINT PROCEDURE\nComplaints go to ICE.\n4",
    ]
    a = planted.parse_pages(pages)
    assert a.title_lines == ["MEMORANDUM OF AGREEMENT"]
    heads = [(c.label, c.title, c.level) for c in a.clauses]
    assert heads == [
        ("I.", "PARTIES", 0),
        ("IV.", "RESPONSIBILITIES", 0),
        ("H.", "LIABILITY AND RESPONSIBILITY", 1),
        ("I.", "CIVIL RIGHTS STANDARDS", 1),  # a subsection after H., not section I
        ("V.", "REPORTING", 0),
        ("A.", "COMPLAINT PROCEDURES", 1),
        ("APPENDIX B", "COMPLAINT PROCEDURE", 0),
    ]
    text = " ".join(p for c in a.clauses for p in c.paragraphs)
    assert "Revised" not in text and "Example County" not in text  # running footers
    assert "RUWKH" not in text and "BBBB" not in text  # glyph-shifted signature lines
    assert a.clauses[0].paragraphs == [
        "This MOA is made between ICE and the LEA, and it is made in good faith by both parties."
    ]
    # A paragraph broken across a page is joined again.
    assert a.clauses[3].paragraphs == [f"Participating personnel follow the law {body} continued text of the same paragraph."]
    assert a.clauses[-1].paragraphs == ["Complaints go to ICE."]  # the bare page number is gone


def test_roman_numerals() -> None:
    assert [planted.to_roman(n) for n in (1, 4, 9, 14, 18)] == ["I", "IV", "IX", "XIV", "XVIII"]
    assert planted.roman_value("XVIII") == 18 and planted.roman_value("IIII") is None


# --------------------------------------------------------------------------- planting


def rendered(doc: planted.Doc) -> str:
    return docwriter.to_text(planted.to_agreement(doc))


def test_planting_is_deterministic_for_a_seed() -> None:
    doc = planted.to_doc(synthetic())
    runs = [planted.plant(doc, random.Random(11)) for _ in range(2)]
    assert rendered(runs[0].new) == rendered(runs[1].new)
    assert [(e.type, e.detail) for e in runs[0].edits] == [(e.type, e.detail) for e in runs[1].edits]
    assert rendered(runs[0].old) == rendered(doc)  # the old side is the source, unchanged
    others = {rendered(planted.plant(doc, random.Random(s)).new) for s in range(5)}
    assert len(others) > 1


def test_deleting_a_subsection_renumbers_the_later_ones() -> None:
    doc = planted.to_doc(synthetic())
    for seed in range(50):
        p = planted.Planter(doc, random.Random(seed))
        assert p.plant("delete-subsection")
        (edit,) = p.edits
        group = next(g for g in planted.sibling_groups(p.old) if any(n.uid == edit.clause for n in g))
        k = next(i for i, n in enumerate(group) if n.uid == edit.clause)
        if group[k].style == "letter" and k + 1 < len(group):
            break
    else:
        pytest.fail("no subsection deleted from the middle of a group")
    deleted, following = group[k], group[k + 1]
    new_following = next(n for n in planted.flatten(p.new) if n.uid == following.uid)
    assert new_following.label == deleted.label  # "D." became "C."
    new_group = next(g for g in planted.sibling_groups(p.new) if new_following in g)
    assert labels(new_group) == [f"{chr(65 + i)}." for i in range(len(group) - 1)]
    assert all(t.edit == edit.id for t in deleted.tokens())
    assert edit.clause not in {n.uid for n in planted.flatten(p.new)}
    # Only the deleted clause's words are flagged on the old side; none on the new.
    assert all(w.flag == (w.clause == edit.clause) for w in planted.truth_stream(p.old))
    assert not any(w.flag for w in planted.truth_stream(p.new))


def test_inserting_a_subsection_renumbers_and_flags_its_words() -> None:
    doc = planted.to_doc(synthetic())
    p = planted.Planter(doc, random.Random(5))
    assert p.plant("insert-subsection")
    (edit,) = p.edits
    for group in planted.sibling_groups(p.new):
        letters = [n.label for n in group if n.style == "letter"]
        assert letters == [f"{chr(65 + k)}." for k in range(len(letters))]
    new_words = planted.truth_stream(p.new)
    assert {w.clause for w in new_words if w.flag} == {edit.clause}
    assert sum(w.flag for w in new_words) >= 10


def test_a_move_changes_position_and_labels_but_no_words() -> None:
    doc = planted.to_doc(synthetic())
    for seed in range(20):
        p = planted.Planter(doc, random.Random(seed))
        if p.plant("move"):
            break
    (uid,) = p.moved
    old_order = [n.uid for n in planted.flatten(p.old)]
    new_order = [n.uid for n in planted.flatten(p.new)]
    assert old_order != new_order and sorted(old_order) == sorted(new_order)
    assert not any(w.flag for w in planted.truth_stream(p.old) + planted.truth_stream(p.new))
    # Its neighbours keep their relative order: only the planted clause moved.
    assert [u for u in old_order if u != uid] == [u for u in new_order if u != uid]
    for group in planted.sibling_groups(p.new):
        romans = [n.label for n in group if n.style == "roman"]
        assert romans == [f"{planted.to_roman(k + 1)}." for k in range(len(romans))]


@pytest.mark.parametrize("kind", ["change-word", "change-number", "insert-sentence", "delete-sentence"])
def test_text_edits_flag_only_their_words(kind: str) -> None:
    doc = planted.to_doc(synthetic())
    p = planted.Planter(doc, random.Random(2))
    assert p.plant(kind)
    old_flags = [w for w in planted.truth_stream(p.old) if w.flag]
    new_flags = [w for w in planted.truth_stream(p.new) if w.flag]
    if kind == "insert-sentence":
        assert not old_flags and len(new_flags) >= 5
    elif kind == "delete-sentence":
        assert len(old_flags) >= 4 and not new_flags
    else:
        assert len(old_flags) == len(new_flags) == 1 and old_flags[0].norm != new_flags[0].norm


# --------------------------------------------------------------------------- scoring


def pairs(n: int = 6) -> list[planted.Pair]:
    doc = planted.to_doc(synthetic())
    return [planted.plant(doc, random.Random(seed)) for seed in range(n)]


def scored(pair: planted.Pair, report: dict) -> planted.Score:
    old, new, mismatches = planted.reported_streams(report)
    assert mismatches == 0
    return planted.score(pair, old, new, report)


def test_a_perfect_report_scores_one() -> None:
    total = planted.Score()
    for pair in pairs():
        total.add(scored(pair, planted.fake_report(pair, mode="perfect")))
    assert total.tp > 0
    assert total.precision == 1.0 and total.recall == 1.0
    assert total.moves_found == total.moves_planted and total.false_moves == 0
    assert all(found == n for n, found in total.edits.values())


def test_reporting_everything_has_low_precision() -> None:
    total = planted.Score()
    for pair in pairs():
        total.add(scored(pair, planted.fake_report(pair, mode="everything")))
    assert total.recall == 1.0
    assert total.precision < 0.3
    assert total.moves_found == 0


def test_a_missed_edit_lowers_recall_only() -> None:
    pair = next(p for p in pairs(20) if any(e.type == "change-word" for e in p.edits))
    report = planted.fake_report(pair)
    # Drop the change-word edit: report it as formatting, not substantive.
    edit = next(e for e in pair.edits if e.type == "change-word")
    old_word, new_word = edit.detail.split(" -> ")
    hit = 0
    for change in report["changes"]:
        for e in change["edits"]:
            if e["op"] == "replace" and e["old"] == old_word.strip("'") and e["new"] == new_word.strip("'"):
                e["kind"] = "formatting"
                hit += 1
    assert hit == 1
    s = scored(pair, report)
    assert s.precision == 1.0 and s.recall < 1.0
    assert s.by_type["change-word"][1] == 2  # its old and its new word are missed
    assert s.edits["change-word"][1] == s.edits["change-word"][0] - 1


def test_false_words_are_charged_to_their_clause() -> None:
    pair = pairs(1)[0]
    report = planted.fake_report(pair)
    # An unchanged entry that did not move hosts no planted edit.
    change = next(c for c in report["changes"] if c["status"] == "unchanged" and not c["moved"] and c["edits"])
    change["edits"][0]["op"] = "replace"
    change["edits"][0]["kind"] = "substantive"
    n = len(streams._words(change["edits"][0]["old"]))
    s = scored(pair, report)
    assert s.recall == 1.0
    assert s.fp == 2 * n  # both sides
    assert s.by_type["other"][2] == 2 * n


def test_reported_streams_follow_document_order() -> None:
    pair = pairs(1)[0]
    report = planted.fake_report(pair)
    report["changes"].reverse()
    old, new, _ = planted.reported_streams(report)
    assert [w.norm for w in old] == [w.norm for w in planted.truth_stream(pair.old)][-len(old):]
    assert [w.norm for w in new] == [w.norm for w in planted.truth_stream(pair.new)][-len(new):]


def test_baseline_streams_flag_every_unequal_word() -> None:
    old, new = planted.baseline_streams("a b c d", "a x c d e")
    assert [w.flag for w in old] == [False, True, False, False]
    assert [w.flag for w in new] == [False, True, False, False, True]


# --------------------------------------------------------------------------- writers


def test_writers_round_trip_every_word(tmp_path: Path) -> None:
    pypdfium2 = pytest.importorskip("pypdfium2")
    del pypdfium2
    agreement = synthetic()
    truth = planted.truth_stream(planted.to_doc(agreement))
    for i, layout in enumerate([Layout(), docwriter.random_layout(random.Random(4)), Layout(font="Courier", font_size=10)]):
        for ext, write in (("pdf", docwriter.write_pdf), ("docx", docwriter.write_docx)):
            path = tmp_path / f"a{i}.{ext}"
            write(agreement, path, layout=layout)
            where = planted.align(truth, planted.plain_stream(planted.document_text(path)))
            assert sum(1 for w in where if w >= 0) == len(truth), (ext, layout)
    docwriter.write_txt(agreement, tmp_path / "a.txt")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert "IV. RESPONSIBILITIES\n\nICE keeps sole discretion" in text


def test_writers_are_reproducible(tmp_path: Path) -> None:
    agreement = synthetic()
    for ext, write in (("pdf", docwriter.write_pdf), ("docx", docwriter.write_docx)):
        a, b = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
        write(agreement, a, layout=Layout(header="Revised 02/15/2025"))
        write(agreement, b, layout=Layout(header="Revised 02/15/2025"))
        assert a.read_bytes() == b.read_bytes(), ext


@pytest.mark.parametrize("mark", [
    {"watermark": "DRAFT", "watermark_angle": 45.0},
    {"watermark": "NOT FOR DISTRIBUTION", "watermark_angle": -54.0},
    {"watermark": "CONFIDENTIAL", "watermark_angle": 0.0, "watermark_size": 60.0, "watermark_gray": 0.85},
], ids=["draft", "long-text", "level-pale"])
def test_a_watermark_is_planted_in_the_text_layer_and_moadiff_leaves_it_out(tmp_path: Path,
                                                                            mark: dict[str, object]) -> None:
    import pypdfium2

    from moadiff.extractors import extract
    from moadiff.model import Document, Resources

    agreement = synthetic()
    plain, marked = tmp_path / "plain.pdf", tmp_path / "marked.pdf"
    docwriter.write_pdf(agreement, plain)
    docwriter.write_pdf(agreement, marked, layout=Layout(**mark))  # type: ignore[arg-type]
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(marked))
    assert str(mark["watermark"]).split()[0] in text  # the benchmark plants it where a reader of the text finds it
    def words(document: Document) -> list[list[str]]:  # a page's lines may break otherwise: its words count
        return [" ".join(line.text for line in page.lines).split() for page in document.pages]

    pages = words(extract(plain, resources=Resources(isolate=False)))
    document = extract(marked, resources=Resources(isolate=False))
    assert words(document) == pages
    assert [(n.code, n.pages) for n in document.notices] == [("watermark", tuple(range(1, len(pages) + 1)))]


def test_image_only_pages_are_the_same_bytes_for_a_seed(tmp_path: Path) -> None:
    """moadiff's OCR cache is keyed by the file's digest: a re-run of the
    benchmark (--cache-dir) reads no page again only if the page images are
    written byte for byte the same, dates included."""
    import time

    from benchmarks.ocrnoise import image_only

    docwriter.write_pdf(synthetic(), tmp_path / "text.pdf", layout=Layout())
    image_only(tmp_path / "text.pdf", tmp_path / "a.pdf", random.Random("1:3:image-only"), dpi=100)
    time.sleep(1.1)  # another second on the clock
    image_only(tmp_path / "text.pdf", tmp_path / "b.pdf", random.Random("1:3:image-only"), dpi=100)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_pages_fed_the_wrong_way_or_askew_change_no_other_page(tmp_path: Path) -> None:
    """--wrong-way and --askew draw from streams of their own: with neither,
    the scan is the same bytes as before they existed; with them, the pages
    they name lie as named (sideways ones with their sides swapped) and the
    other pages are the same images."""
    import pypdfium2 as pdfium

    from benchmarks.ocrnoise import image_only

    docwriter.write_pdf(synthetic(), tmp_path / "text.pdf", layout=Layout())
    plain = image_only(tmp_path / "text.pdf", tmp_path / "a.pdf", random.Random("1:3:image-only"), dpi=100)
    quiet = image_only(tmp_path / "text.pdf", tmp_path / "b.pdf", random.Random("1:3:image-only"), dpi=100,
                       fed=random.Random("1:3:fed"), crooked=random.Random("1:3:askew"))
    assert plain == quiet == [] and (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    turned = image_only(tmp_path / "text.pdf", tmp_path / "c.pdf", random.Random("1:3:image-only"), dpi=100,
                        fed=random.Random("1:3:fed"), wrong_way=0.5, crooked=random.Random("1:3:askew"), askew=0.5)
    assert turned
    a, c = pdfium.PdfDocument(tmp_path / "a.pdf"), pdfium.PdfDocument(tmp_path / "c.pdf")
    angles: dict[int, list[float]] = {}
    for page, angle in turned:
        angles.setdefault(page, []).append(angle)
    for index in range(len(a)):
        size, other = a[index].get_size(), c[index].get_size()
        sideways = any(x in (90, 270) for x in angles.get(index + 1, []))
        assert other == (size[::-1] if sideways else size)
        if index + 1 not in angles:
            assert a[index].render().to_pil().tobytes() == c[index].render().to_pil().tobytes()
    assert all(x in (90, 180, 270) or 1.5 <= abs(x) <= 3.0 for xs in angles.values() for x in xs)


def test_the_cache_folder_reaches_moadiff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import moadiff
    from benchmarks.planted.__main__ import _jobs, _parser

    seen: list[dict[str, object]] = []

    def compare(old: str, new: str, **kwargs: object) -> object:
        seen.append(kwargs)
        raise RuntimeError("stop here")

    monkeypatch.setattr(moadiff, "compare", compare)
    args = _parser().parse_args(["--pairs", "1", "--cache-dir", str(tmp_path / "cache"), "--out", str(tmp_path)])
    result = planted.run_pair(_jobs(args, [("synthetic", synthetic())], "moadiff")[0])
    assert seen == [{"cache_dir": str(tmp_path / "cache")}] and "stop here" in result["error"]


def test_samples_text_is_current(tmp_path: Path) -> None:
    from samples import make_samples

    for name, agreement in (("old", make_samples.old_agreement()), ("new", make_samples.new_agreement())):
        committed = ROOT / "samples" / f"{name}.txt"
        if committed.exists():
            assert committed.read_text(encoding="utf-8") == docwriter.to_text(agreement)
    new = docwriter.to_text(make_samples.new_agreement())
    assert "C. RELEASE OF INFORMATION TO THIRD PARTIES" in new and "COMMUNITY OUTREACH" not in new
    assert "I. CIVIL RIGHTS STANDARDS" in new


# --------------------------------------------------------------------------- a real agreement


def test_one_real_pair_renders_and_scores(moa: Path, tmp_path: Path) -> None:
    path = moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf"
    if not path.exists():
        pytest.skip("Grayson agreement missing")
    agreement = planted.parse_pdf(path)
    assert [c.label for c in agreement.clauses if c.level == 0][:8] == [
        "I.", "II.", "III.", "IV.", "V.", "VI.", "VII.", "VIII."
    ]
    assert any(c.label == "I." and c.level == 1 and c.title == "CIVIL RIGHTS STANDARDS" for c in agreement.clauses)
    pair, old_layout, new_layout = planted.make_pair(agreement, random.Random(1), name="t")
    docwriter.write_pdf(planted.to_agreement(pair.old), tmp_path / "old.pdf", layout=old_layout)
    docwriter.write_pdf(planted.to_agreement(pair.new), tmp_path / "new.pdf", layout=new_layout)
    for side, doc in (("old", pair.old), ("new", pair.new)):
        truth = planted.truth_stream(doc)
        where = planted.align(truth, planted.plain_stream(planted.document_text(tmp_path / f"{side}.pdf")))
        assert sum(1 for w in where if w >= 0) == len(truth)
    s = scored(pair, planted.fake_report(pair))
    assert s.precision == s.recall == 1.0


# --------------------------------------------------------------------------- the long tail


def test_damaged_headings_misread_one_label_and_plant_no_words() -> None:
    from benchmarks.planted.headings import damage_heading

    seen = set()
    for seed in range(150):
        agreement = synthetic()
        before = [c.label for c in agreement.clauses]
        detail = damage_heading(agreement, random.Random(seed))
        after = [c.label for c in agreement.clauses]
        changed = [(a, b) for a, b in zip(before, after) if a != b]
        assert detail is not None and len(changed) == 1, detail
        old, new = changed[0]
        assert old == "I." or old.startswith("APPENDIX") or old.rstrip(".") in ("II", "III", "IV", "V", "VI")
        seen.add(new)
        # The label is not a word: the ground truth is the same whatever it reads.
        assert planted.truth_stream(planted.to_doc(agreement)) == planted.truth_stream(planted.to_doc(synthetic()))
    assert {"1", "i", "l."} <= seen and any(s.startswith(("APPENDIXA", "APPEND[X")) for s in seen)


def test_outliers_are_listed_per_pair() -> None:
    from benchmarks.planted.__main__ import outliers

    def result(name: str, true: int, false: int, missed: int) -> dict[str, object]:
        return {"pair": name, "source": "x.pdf", "score": {"true": true, "false": false, "missed": missed}}

    results = [result("calm", 100, 60, 0), result("collapsed", 115, 1048, 0), result("edge", 100, 70, 0),
               {"pair": "failed", "source": "y.pdf", "error": "boom"}]
    assert outliers(results) == [{"pair": "collapsed", "source": "x.pdf", "claimed": 1163, "planted": 115}]


def test_dpi_takes_one_resolution_or_a_range() -> None:
    import argparse

    from benchmarks.planted.__main__ import _dpi

    assert _dpi("200") == (200, 200) and _dpi("150-300") == (150, 300)
    for bad in ("300-150", "abc", "10"):
        with pytest.raises(argparse.ArgumentTypeError):
            _dpi(bad)


def test_sources_are_all_the_real_agreements(moa: Path) -> None:
    from benchmarks.planted.sources import CORPUS, all_source_paths

    paths = all_source_paths()
    assert {p.name for p in moa.glob("*.pdf")} <= {p.name for p in paths}
    if CORPUS.is_dir():
        assert len(paths) == len(list(moa.glob("*.pdf"))) + len(list(CORPUS.glob("*.pdf")))


def test_a_scan_is_read_by_ocr_once(moa: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.planted import sources

    scan = moa / "DeWittCo_WSO_MOA_022625.pdf"
    monkeypatch.setattr(sources, "pdf_page_texts", lambda path: [""] * 2)  # two pages with no text layer
    calls = []

    import moadiff
    from moadiff.model import Document, Line, Page

    fake = Document(str(scan), "0", "pdf", tuple(Page(n, (Line(f"page {n} text", n),)) for n in (1, 2)))
    monkeypatch.setattr(moadiff, "extract", lambda path, options: calls.append(path) or fake)
    assert sources.page_texts(scan, tmp_path) == ["page 1 text", "page 2 text"]
    assert sources.page_texts(scan, tmp_path) == ["page 1 text", "page 2 text"]
    assert len(calls) == 1 and len(list(tmp_path.glob("*.json"))) == 1


def test_words_of_a_removed_clause_that_moved_are_not_scored_substantive() -> None:
    from benchmarks.planted.streams import reported_streams

    report = {"changes": [
        {"status": "removed", "old": {"index": 0, "title": "B", "text": "The supervisor of any LEA personnel. Gone."},
         "moved_to": [{"span": [1, 7], "clause": "A", "words": [4, 10]}]},
    ]}
    old, new, mismatches = reported_streams(report)
    assert [(w.norm, w.flag) for w in old] == [("b", True)] + [(w, False) for w in
                                                                 ("the", "supervisor", "of", "any", "lea", "personnel")] + [("gone", True)]
    assert new == [] and mismatches == 0


def test_a_redacted_new_side_hides_names_and_their_telephones_as_fill_ins() -> None:
    from benchmarks.planted.redact import redact

    agreement = synthetic()
    agreement.clauses.insert(-1, Clause("VII.", "POINTS OF CONTACT", [
        "For the LEA: Sheriff Henry Trochesset, 409-766-2300.",
        "For ICE: Field Office Director, Houston Field Office. Complaints: 202-732-4242.",
        "Santa Rosa County Sheriff's Office and Chief Information Security Officer."]))
    for seed in range(8):
        pair = planted.plant(planted.to_doc(agreement), random.Random(seed))
        hidden = redact(pair, random.Random(seed))
        # The person's name and line; not an office's number, a place, or a title.
        assert hidden == ["Henry Trochesset,", "409-766-2300."], hidden
        new_words = [t.text for n in planted.flatten(pair.new) for t in n.tokens()]
        assert "Trochesset," not in new_words and "202-732-4242." in new_words
        assert any(w.startswith(("(b)", "(bX")) for w in new_words)
        total = scored(pair, planted.fake_report(pair, mode="perfect"))
        assert total.precision == 1.0 and total.recall == 1.0 and total.fill_words > 0
        # A report calling the redaction a substantive change is charged for it.
        everything = scored(pair, planted.fake_report(pair, mode="everything"))
        assert everything.fill_as_substantive > 0

"""The Word redline (render/docx.py): real tracked changes that accept to the
new agreement and reject to the old one.

Two independent readings of each redline: :func:`lotools.xml_view` applies
the change marks to the XML, and LibreOffice (headless, through
:class:`lotools.Office`) accepts or rejects every change itself.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lotools import Office, soffice, xml_paragraphs, xml_view
from lxml import etree

import moadiff
from moadiff.model import KINDS, Clause, ClauseChange, Comparison, DocumentInfo, Edit, StaleReference
from moadiff.render.docx import (
    AUTHOR,
    FILL_AUTHOR,
    UNTRACKED,
    cover,
    heading_style,
    paragraphs,
    to_docx,
    visible,
)
from moadiff.worddiff import diff_words

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REAL_OLD, REAL_NEW = "287gJEM_GalvestonCoTX_06-08-2020.pdf", "GraysonCountyDCKY_JEM_MOA_030425.pdf"

# --------------------------------------------------------------------------- what the views must say


def words(text: str) -> list[str]:
    return [visible(w) for w in text.split()]


def side_paragraphs(clause: Clause) -> list[tuple[str, list[str]]]:
    """(style, words) of each paragraph of one side of a clause: the label and
    title as a heading, then the body; a clause without a title puts its
    label before its first paragraph."""
    label = words(clause.label)
    out: list[tuple[str, list[str]]] = []
    if clause.title.split():
        out.append((heading_style(clause.level), label + words(clause.title)))
        label = []
    for para in paragraphs(clause):  # a signature block's labels each start a paragraph
        if para.split():
            out.append(("Normal", label + words(para)))
            label = []
    if label:
        out.append(("Normal", label))
    return out


def new_paragraphs(result: Comparison) -> list[tuple[str, list[str]]]:
    return [p for c in result.changes if c.new is not None for p in side_paragraphs(c.new)]


def new_words(result: Comparison) -> list[str]:
    return [w for _, ws in new_paragraphs(result) for w in ws]


def tracked(edit: Edit) -> bool:
    return edit.op != "equal" and edit.kind not in UNTRACKED


def old_words(result: Comparison) -> list[str]:
    """The old agreement's words in its own order, except that edits left
    untracked (OCR noise, formatting) keep their new words where the clause
    stayed in place; a moved clause is restored exactly."""
    out: list[str] = []
    for c in sorted((c for c in result.changes if c.old is not None), key=lambda c: c.old.index):  # type: ignore[union-attr]
        assert c.old is not None
        if c.new is None or c.moved or not c.edits:
            out += [w for _, ws in side_paragraphs(c.old) for w in ws]
            continue
        out += words(c.old.label)
        out += [w for e in c.edits for w in words(e.old if tracked(e) else e.new)]
    return out


def has_untracked(result: Comparison) -> bool:
    return any(e.op != "equal" and not tracked(e) or (e.op == "equal" and e.old != e.new)
               for c in result.changes for e in c.edits)


def old_paragraphs(result: Comparison) -> list[list[str]]:
    return [ws for c in sorted((c for c in result.changes if c.old is not None), key=lambda c: c.old.index)  # type: ignore[union-attr]
            for _, ws in side_paragraphs(c.old)]  # type: ignore[arg-type]


def body_paragraphs(docx: bytes, mode: str, result: Comparison) -> list[tuple[str, str]]:
    """The paragraphs after the cover page, which both views keep as it is."""
    front = cover(result)
    paras = xml_paragraphs(docx, mode)
    assert [(s, t.split()) for s, t in paras[:len(front)]] == [(s, t.split()) for s, t in front]
    return paras[len(front):]


def view_words(docx: bytes, mode: str, result: Comparison) -> list[str]:
    return " ".join(t for _, t in body_paragraphs(docx, mode, result)).split()


def assert_round_trip(result: Comparison, docx: bytes) -> None:
    """After the cover page, accept-all gives the new clauses paragraph for
    paragraph, headings styled; reject-all gives the old clauses' words (and
    paragraphs, when no edit is left untracked)."""
    accepted = [(style, text.split()) for style, text in body_paragraphs(docx, "accept", result) if text.split()]
    assert [ws for _, ws in accepted] == [ws for _, ws in new_paragraphs(result)]
    assert [s for s, _ in accepted] == [s for s, _ in new_paragraphs(result)]
    assert view_words(docx, "reject", result) == old_words(result)
    if not has_untracked(result):
        rejected = [text.split() for _, text in body_paragraphs(docx, "reject", result) if text.split()]
        assert rejected == old_paragraphs(result)


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        assert zf.testzip() is None
        return {n: zf.read(n) for n in zf.namelist()}


def document(docx: bytes) -> etree._Element:
    return etree.fromstring(parts(docx)["word/document.xml"])


# --------------------------------------------------------------------------- comparisons to render


@pytest.fixture(scope="module")
def samples() -> Comparison:
    return moadiff.compare(SAMPLES / "old.pdf", SAMPLES / "new.pdf")


@pytest.fixture(scope="module")
def real(moa: Path) -> Comparison:
    return moadiff.compare(moa / REAL_OLD, moa / REAL_NEW)


def info(name: str) -> DocumentInfo:
    return DocumentInfo(path=name, name=name, sha256="0" * 64, format="txt", pages=1, engine="text")


def clause(cid: str, label: str, title: str, text: str, index: int, level: int = 0) -> Clause:
    return Clause(id=cid, label=label, title=title, text=text, first_page=1, last_page=1, level=level,
                  kind="section" if level == 0 else "subsection", index=index)


def pair(old: Clause | None, new: Clause | None, *, moved: bool = False, kinds: dict[str, str] | None = None,
         watch: tuple[str, ...] = ()) -> ClauseChange:
    """A ClauseChange as compare() makes it; ``kinds`` relabels the edits
    whose new (or, for deletions, old) words are given."""
    if old is None:
        return ClauseChange("added", False, None, new, 0.0, watch=watch)
    if new is None:
        return ClauseChange("removed", False, old, None, 0.0, watch=watch)
    edits = diff_words(old.full_text, new.full_text)
    kinds = kinds or {}
    # replace() keeps each edit's word spans.
    edits = tuple(replace(e, kind=kinds.get(e.new or e.old, e.kind)) for e in edits)  # type: ignore[arg-type]
    status = "modified" if any(e.op != "equal" for e in edits) else "unchanged"
    return ClauseChange(status, moved, old, new, 0.9, edits, watch=watch)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def synthetic() -> Comparison:
    """Every case at once: a move (also edited), an added and a removed
    clause, a fill-in, OCR noise, a formatting edit, a renumbered label, a
    split paragraph, a watched clause, a stale reference, control and bidi
    characters in the text, and a paragraph ending with inserted words before
    one beginning with them (which LibreOffice would join)."""
    o = [
        clause("I", "I.", "PARTIES", "This MOA is between ICE and the Bay County Sheriff\u2019s Office (BCSO).", 0),
        clause("II", "II.", "PURPOSE", "The purpose is to set out the terms.\nICE will perfonn the training.", 1),
        clause("II.A", "A.", "COSTS", "The LEA pays its own costs.\nICE pays for travel.", 2, 1),
        clause("II.B", "B.", "OUTREACH", "The LEA will do outreach as needed.", 3, 1),
        clause("II.C", "C.", "RELEASE", "Release of information is governed by Section II(C).", 4, 1),
        clause("III", "III.", "TERM", "This MOA lasts 90 days. Notice goes to the FOD\u202e in writing\x00.", 5),
    ]
    n = [
        clause("I", "I.", "PARTIES", "This MOA is between ICE and the Marlow County Sheriff\u2019s Office (MCSO).", 0),
        clause("II", "II.", "PURPOSE", "The purpose is to set out the terms now.\nSo ICE will perform the Training.", 1),
        clause("II.B", "B.", "RELEASE", "Release of information is governed by Section II(C).", 2, 1),
        clause("II.C", "C.", "COSTS", "The LEA pays its own costs and any overtime.\nICE pays for travel.", 3, 1),
        clause("III", "III.", "TERM", "This MOA lasts 60 days.\nNotice goes to the FOD\u202e in writing\x00.", 4),
        clause("IV", "IV.", "LIABILITY", "Each party is liable for its own acts.", 5),
    ]
    changes = (
        pair(o[0], n[0], kinds={"Marlow": "fill-in", "(MCSO).": "fill-in"}),
        pair(o[1], n[1], kinds={"perform": "ocr-noise"}),
        pair(o[3], None, watch=("community outreach",)),
        pair(o[4], n[2]),
        pair(o[2], n[3], moved=True, watch=("costs and reimbursement",)),
        pair(o[5], n[4]),
        pair(None, n[5], watch=("liability and indemnification",)),
    )
    refs = (StaleReference("II.B", "Section II(C)", "II.C", "renumbered", "II.B",
                           "\u201cSection II(C)\u201d in II.B now names II.C COSTS; it named II.C RELEASE."),)
    return Comparison(info("old \u202eagreement.txt"), info("new.txt"), changes, references=refs)


# --------------------------------------------------------------------------- round trips (XML)


def test_samples_accept_to_new_and_reject_to_old(samples: Comparison) -> None:
    assert samples.summary.moved and samples.summary.removed  # the sample pair exercises both
    assert_round_trip(samples, to_docx(samples))


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_samples_in_other_formats_round_trip(fmt: str) -> None:
    result = moadiff.compare(SAMPLES / f"old.{fmt}", SAMPLES / f"new.{fmt}")
    assert_round_trip(result, to_docx(result))


def test_real_pair_round_trips(real: Comparison) -> None:
    kinds = Counter(e.kind for c in real.changes for e in c.edits if e.op != "equal")
    assert kinds["fill-in"] and kinds["ocr-noise"] and kinds["formatting"] and real.summary.removed
    assert_round_trip(real, to_docx(real))


def test_synthetic_round_trips(synthetic: Comparison) -> None:
    assert_round_trip(synthetic, to_docx(synthetic))


# --------------------------------------------------------------------------- the markup itself


def revision_elements(root: etree._Element) -> list[etree._Element]:
    tags = ("ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart")
    return [el for el in root.iter() if el.tag in {W + t for t in tags}]


def test_tracked_changes_carry_author_date_and_unique_ids(synthetic: Comparison,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    docx = to_docx(synthetic)
    root = document(docx)
    revisions = revision_elements(root)
    assert revisions
    assert {el.get(W + "author") for el in revisions} == {AUTHOR, FILL_AUTHOR}
    # fill-ins are tracked under their own author, so Word colours them apart
    by_author = {a: " ".join(t.text or "" for el in revisions if el.get(W + "author") == a
                             for t in el.iter(W + "t", W + "delText")) for a in (AUTHOR, FILL_AUTHOR)}
    assert "Marlow" in by_author[FILL_AUTHOR] and "Bay" in by_author[FILL_AUTHOR]
    assert "Marlow" not in by_author[AUTHOR] and "60" in by_author[AUTHOR]
    assert {el.get(W + "date") for el in revisions} == {"2026-01-01T00:00:00Z"}
    comments = etree.fromstring(parts(docx)["word/comments.xml"])
    ids = [el.get(W + "id") for el in revisions] + [c.get(W + "id") for c in comments.iter(W + "comment")]
    assert len(ids) == len(set(ids))
    # deleted text is w:delText inside w:del, and nowhere else
    for el in root.iter(W + "delText"):
        assert any(a.tag == W + "del" for a in el.iterancestors())
    for d in root.iter(W + "del"):
        assert d.find(f".//{W}t") is None


def test_output_is_reproducible_under_source_date_epoch(synthetic: Comparison,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert to_docx(synthetic) == to_docx(synthetic)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    date = document(to_docx(synthetic)).find(f".//{W}ins").get(W + "date")
    age = datetime.now(timezone.utc) - datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs(age.total_seconds()) < 120


def test_bad_source_date_epoch_is_an_option_error(synthetic: Comparison, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(moadiff.MoadiffError, match="SOURCE_DATE_EPOCH"):
        to_docx(synthetic)


def test_move_uses_word_move_markup(synthetic: Comparison) -> None:
    root = document(to_docx(synthetic))
    body = list(root.iter())
    starts = {kind: {el.get(W + "name"): el for el in root.iter(W + f"{kind}RangeStart")} for kind in ("moveFrom", "moveTo")}
    assert starts["moveFrom"] and starts["moveFrom"].keys() == starts["moveTo"].keys()
    for name, start in starts["moveFrom"].items():
        end = [e for e in root.iter(W + "moveFromRangeEnd") if e.get(W + "id") == start.get(W + "id")]
        assert len(end) == 1
        to = starts["moveTo"][name]
        assert body.index(start) < body.index(end[0]) < body.index(to)  # moved down: the old place comes first
    moved_from = "".join(t.text for m in root.iter(W + "moveFrom") for t in m.iter(W + "t"))
    moved_to = "".join(t.text for m in root.iter(W + "moveTo") for t in m.iter(W + "t"))
    assert "The LEA pays its own costs." in moved_from and "The LEA pays its own costs" in moved_to
    inserted = "".join(t.text for m in root.iter(W + "ins") for t in m.iter(W + "t"))
    assert "overtime." in inserted  # the moved clause's own edit is tracked once, at its new place
    assert "overtime" not in moved_from


def test_headings_by_level_and_tracked_label(synthetic: Comparison) -> None:
    docx = to_docx(synthetic)
    accepted = xml_paragraphs(docx, "accept")
    assert ("Heading1", "I. PARTIES") in accepted
    assert ("Heading2", "B. RELEASE") in accepted  # was C.: renumbered, tracked like text
    rejected = xml_paragraphs(docx, "reject")
    assert ("Heading2", "C. RELEASE") in rejected and ("Heading2", "B. OUTREACH") in rejected


def test_noise_and_formatting_untracked_fill_ins_tracked_with_a_comment(synthetic: Comparison) -> None:
    docx = to_docx(synthetic)
    root = document(docx)
    marked = " ".join(t.text or "" for tag in ("ins", "del") for m in root.iter(W + tag)
                      for t in m.iter(W + "t", W + "delText"))
    assert "perfonn" not in marked and "perform" not in marked  # ocr-noise
    assert "Training" not in marked  # formatting (case)
    assert "perfonn" not in " ".join(xml_view(docx, "reject"))
    assert "Marlow" in marked and "Bay" in marked  # fill-in, tracked
    assert "60" in marked and "90" in marked  # substantive, tracked
    texts = comment_texts(docx)
    assert any(t.startswith("fill-in:") and "Bay" in t and "Marlow" in t for t in texts)
    assert not any("60" in t for t in texts)  # substantive edits carry no comment


def comment_texts(docx: bytes) -> list[str]:
    root = etree.fromstring(parts(docx)["word/comments.xml"])
    return ["".join(t.text or "" for t in c.iter(W + "t")) for c in root.iter(W + "comment")]


def anchored(docx: bytes) -> dict[str, str]:
    """Comment text -> the body text its range spans (as written, both sides)."""
    root = document(docx)
    texts = dict(zip((c.get(W + "id") for c in etree.fromstring(parts(docx)["word/comments.xml"]).iter(W + "comment")),
                     comment_texts(docx)))
    out: dict[str, str] = {}
    open_: dict[str, list[str]] = {}
    for el in root.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "t", W + "delText", W + "commentReference"):
        cid = el.get(W + "id")
        if el.tag == W + "commentRangeStart":
            open_[cid] = []
        elif el.tag == W + "commentRangeEnd":
            out[texts[cid]] = "".join(open_.pop(cid))
        elif el.tag == W + "commentReference":
            out.setdefault(texts[cid], "")
        else:
            for buf in open_.values():
                buf.append(el.text or "")
    return out


def test_comments_on_stale_references_and_watched_headings(synthetic: Comparison) -> None:
    docx = to_docx(synthetic)
    spans = anchored(docx)
    (ref,) = synthetic.references
    assert spans[ref.message] == "Section II(C)"
    assert spans["Watch list: costs and reimbursement"] == "C. COSTS"
    assert spans["Watch list: liability and indemnification"] == "IV. LIABILITY"
    # a removed clause: its comment is a point after the deleted heading
    assert "Watch list: community outreach" in spans
    assert len(spans) == len(comment_texts(docx))


def test_real_pair_comments(real: Comparison) -> None:
    docx = to_docx(real)
    spans = anchored(docx)
    for ref in real.references:
        assert spans[ref.message] == ref.text
    watched = [c for c in real.changes if c.watch]
    fills = [e for c in real.changes for e in c.edits if e.kind == "fill-in" and e.op != "equal"]
    # text moved between clauses says from or to where: on its edit, or on a removed clause's heading
    moved = [e for c in real.changes for e in c.edits if e.moved is not None]
    moved_out = [c for c in real.changes if c.moved_text]
    assert moved and moved_out
    assert any("Moved from ADDENDUM" in t for t in comment_texts(docx))
    # and each clause heading one with its old and new pages
    assert len(comment_texts(docx)) == (len(real.references) + len(watched) + len(fills) + len(moved) + len(moved_out)
                                        + len(real.changes))
    assert "IV.B: old pp. 1\u20132; new pp. 1\u20132." in spans


def test_header_names_both_documents_and_is_not_body_text(synthetic: Comparison) -> None:
    docx = to_docx(synthetic)
    header = etree.fromstring(parts(docx)["word/header1.xml"])
    text = "".join(t.text for t in header.iter(W + "t"))
    assert "old \u27e8U+202E\u27e9agreement.txt" in text and "new.txt" in text
    assert "new.txt" not in " ".join(t for _, t in body_paragraphs(docx, "accept", synthetic))


def test_python_docx_opens_it(synthetic: Comparison) -> None:
    import docx as python_docx

    d = python_docx.Document(io.BytesIO(to_docx(synthetic)))
    styles = [p.style.name for p in d.paragraphs]
    assert "Heading 1" in styles and "Heading 2" in styles
    assert len(d.comments) == len(comment_texts(to_docx(synthetic)))


# --------------------------------------------------------------------------- robustness


def test_control_and_bidi_characters_are_visible_and_legal() -> None:
    assert visible("a\x00b") == "a\u27e8U+0000\u27e9b"
    assert visible("FOD\u202e") == "FOD\u27e8U+202E\u27e9"
    assert visible("x\ud800\ufffe") == "x\u27e8U+D800\u27e9\u27e8U+FFFE\u27e9"
    assert visible("§ 287(g) “quoted” Ω") == "§ 287(g) “quoted” Ω"
    text = "Bad\x01 chars\x0b here \x1f and\u2028lines \u200b\u202d\ud83d end\x7f"
    old = clause("I", "I.", "T\x00TLE", text, 0)
    new = clause("I", "I.", "TITLE", text.replace("here", "there"), 0)
    result = Comparison(info("a\x00.txt"), info("b.txt"), (pair(old, new),))
    docx = to_docx(result)
    for name, data in parts(docx).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data)  # strict XML parser: raises on any illegal character
    assert_round_trip(result, docx)
    assert "Bad\u27e8U+0001\u27e9" in view_words(docx, "accept", result)


def test_very_long_clause() -> None:
    body = " ".join(f"word{k % 97}" for k in range(60_000))
    old = clause("I", "I.", "LONG", body, 0)
    new = clause("I", "I.", "LONG", body.replace("word5 ", "term5 ", 40), 0)
    result = Comparison(info("a"), info("b"), (pair(old, new),))
    docx = to_docx(result)
    assert_round_trip(result, docx)
    assert len(revision_elements(document(docx))) >= 80


def test_empty_comparison_and_empty_clauses() -> None:
    empty = Comparison(info("a"), info("b"), ())
    assert [t for _, t in body_paragraphs(to_docx(empty), "accept", empty)] == [""]
    blank = clause("X", "", "", "", 0)
    result = Comparison(info("a"), info("b"), (pair(blank, None), pair(None, clause("Y", "Y.", "", "", 0))))
    assert_round_trip(result, to_docx(result))


# --------------------------------------------------------------------------- generated comparisons

VOCAB = ["the", "LEA", "shall", "ICE", "may", "not", "90", "days", "(a)", "§", "officer", "Section", "V(D)",
         "a\u202eb", "x\x00y", "\u200bq", "\ud800", "“quoted”", "Ω", "\ufffe", "training"]
SEPARATORS = [" ", " ", " ", "  ", "\t", "\x0b", "\u2028"]


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    ws = draw(st.lists(st.sampled_from(VOCAB), max_size=8))
    return "".join(w + draw(st.sampled_from(SEPARATORS)) for w in ws).strip(" ")


@st.composite
def agreement_clause(draw: st.DrawFn, index: int) -> Clause:
    title = draw(st.sampled_from(["", "TITLE", "LONG TITLE HERE", " "]))
    paras = draw(st.lists(paragraph(), max_size=3))
    label = draw(st.sampled_from(["", f"{index + 1}.", "APPENDIX A"]))
    return clause(f"C{index}", label, title, "\n".join(paras), index, draw(st.integers(0, 3)))


@st.composite
def edited(draw: st.DrawFn, old: Clause, index: int) -> Clause:
    paras = old.text.split("\n")
    out = []
    for p in paras:
        ws = p.split()
        for _ in range(draw(st.integers(0, 2))):
            at = draw(st.integers(0, len(ws)))
            ws[at: at + draw(st.integers(0, 2))] = draw(st.lists(st.sampled_from(VOCAB), max_size=3))
        if ws and draw(st.booleans()):  # split the paragraph
            at = draw(st.integers(0, len(ws)))
            out += [" ".join(ws[:at]), " ".join(ws[at:])]
        else:
            out.append(" ".join(ws))
    if len(out) > 1 and draw(st.booleans()):  # join two paragraphs
        out[0:2] = [out[0] + " " + out[1]]
    title = draw(st.sampled_from([old.title, old.title, "OTHER TITLE"]))
    label = draw(st.sampled_from([old.label, old.label, f"{index + 1}."]))
    return clause(old.id, label, title, "\n".join(out), index, old.level)


def lis(seq: list[int]) -> set[int]:
    """The members of one longest increasing subsequence."""
    best: list[list[int]] = []
    for x in seq:
        cands = [b for b in best if b[-1] < x]
        best.append(max(cands, key=len) + [x] if cands else [x])
    return set(max(best, key=len)) if best else set()


@st.composite
def comparisons(draw: st.DrawFn) -> Comparison:
    n = draw(st.integers(1, 6))
    olds = [draw(agreement_clause(k)) for k in range(n)]
    fate = [draw(st.sampled_from(["keep", "edit", "edit", "remove"])) for _ in olds]
    kept = draw(st.permutations([k for k in range(n) if fate[k] != "remove"]))
    slots: list[int | None] = list(kept)
    for _ in range(draw(st.integers(0, 2))):
        slots.insert(draw(st.integers(0, len(slots))), None)
    stay = lis(list(kept))
    changes: list[ClauseChange] = []
    removed = [k for k in range(n) if fate[k] == "remove"]
    for pos, k in enumerate(slots):
        if k is not None and k in stay:
            while removed and removed[0] < k:
                changes.append(pair(olds[removed.pop(0)], None))
        if k is None:
            added = clause(f"N{pos}", f"{pos + 1}.", draw(st.sampled_from(["", "ADDED"])), draw(paragraph()), pos)
            changes.append(pair(None, added, watch=("training",) if draw(st.booleans()) else ()))
            continue
        old = olds[k]
        new = draw(edited(old, pos)) if fate[k] == "edit" else clause(old.id, old.label, old.title, old.text, pos, old.level)
        change = pair(old, new, moved=k not in stay, watch=("training",) if draw(st.booleans()) else ())
        kinds = [draw(st.sampled_from(KINDS)) for _ in change.edits]
        edits = tuple(e if e.op == "equal" else replace(e, kind=kind) for e, kind in zip(change.edits, kinds))
        changes.append(ClauseChange(change.status, change.moved, old, new, 0.9, edits, watch=change.watch))
    changes += [pair(olds[k], None) for k in removed]
    return Comparison(info("old.txt"), info("new.txt"), tuple(changes))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(comparisons())
def test_generated_comparisons_round_trip(result: Comparison) -> None:
    docx = to_docx(result)
    assert_round_trip(result, docx)
    root = document(docx)
    names = Counter(el.get(W + "name") for el in root.iter(W + "moveFromRangeStart", W + "moveToRangeStart"))
    assert all(v == 2 for v in names.values())  # every move range has its partner


# --------------------------------------------------------------------------- LibreOffice

needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) with python3-uno is not installed")


@pytest.fixture(scope="session")
def office() -> Iterator[Office]:
    """One LibreOffice for the session, ended (with its soffice) at the end."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) with python3-uno is not installed")
    with Office() as o:
        yield o


def check_in_libreoffice(office: Office, result: Comparison, tmp_path: Path) -> None:
    docx = to_docx(result)
    path = tmp_path / "redline.docx"
    path.write_bytes(docx)
    opened = office.view(path, "open")
    assert "error" not in opened, opened
    changes = len(revision_elements(document(docx)))
    assert (opened["redlines"] > 0) == (changes > 0)
    assert opened["comments"] == len(comment_texts(docx))
    # before accepting, deleted and inserted words stand side by side ("E.F.")
    assert all(w in opened["text"] for w in set(new_words(result)))
    # the cover page is not tracked: both views start with it
    front = " ".join(t for _, t in cover(result)).split()
    accepted = office.view(path, "accept")
    assert "error" not in accepted, accepted
    assert accepted["after"] == 0
    assert accepted["text"].split() == front + new_words(result)
    rejected = office.view(path, "reject")
    assert "error" not in rejected, rejected
    assert rejected["after"] == 0
    assert rejected["text"].split() == front + old_words(result)


@needs_office
def test_libreoffice_samples(office: Office, samples: Comparison, tmp_path: Path) -> None:
    check_in_libreoffice(office, samples, tmp_path)


@needs_office
def test_libreoffice_real_pair(office: Office, real: Comparison, tmp_path: Path) -> None:
    check_in_libreoffice(office, real, tmp_path)


@needs_office
def test_libreoffice_synthetic(office: Office, synthetic: Comparison, tmp_path: Path) -> None:
    check_in_libreoffice(office, synthetic, tmp_path)


@needs_office
def test_libreoffice_generated(office: Office, tmp_path: Path) -> None:
    """A few generated comparisons, through LibreOffice too."""
    results: list[Comparison] = []

    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(comparisons())
    def collect(result: Comparison) -> None:
        if any(c.new is not None for c in result.changes) and len(results) < 8:
            results.append(result)

    collect()
    assert results
    for k, result in enumerate(results):
        folder = tmp_path / str(k)
        folder.mkdir()
        check_in_libreoffice(office, result, folder)


def test_real_signature_block_labels_tracked_values_fill_in_one_paragraph_each(real: Comparison) -> None:
    docx = to_docx(real)
    root = document(docx)
    by_author: dict[str, list[str]] = {AUTHOR: [], FILL_AUTHOR: []}
    for el in revision_elements(root):
        by_author[el.get(W + "author")].append("".join(t.text or "" for t in el.iter(W + "t", W + "delText")))
    inserted_fill = " ".join(by_author[FILL_AUTHOR])
    assert "Jason Woosley" in inserted_fill and "Caleb Vitello" in inserted_fill  # signatories: fill-ins
    assert any("For the LEA:" in t for t in by_author[AUTHOR])  # a label: the template's words
    assert "For the LEA:" not in inserted_fill
    accepted = [text.strip() for text in xml_view(docx, "accept")]
    assert "For the LEA:" in accepted and "For ICE:" in accepted  # one paragraph each, not merged

"""The Markdown change summary: escaping, order, links, compactness, the real 2020 -> 2025 JEM pair."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import moadiff
from moadiff.render import markdown
from moadiff.render.common import anchors, is_signature, plain
from moadiff.render.markdown import escape, to_markdown

FILLER = ("The parties agree that this subsection governs the conduct of participating personnel, "
          "and that each party will keep records of the actions it takes under it.")

HOSTILE = ("<script>alert(1)</script> [x](javascript:alert(1)) **pay** _under_ `code` | cell # not a heading "
           "~~gone~~ $x$ {#id onclick=alert(1)} &amp; \\ end\u202eevil\u200bhidden")


def agreement(subsections: dict[str, str], tail: str = "") -> str:
    """A small agreement in the text format: sections I-IV, subsections of IV
    (title -> body), then section V."""
    parts = ["MEMORANDUM OF AGREEMENT", ""]
    for number, title in (("I", "PARTIES"), ("II", "PURPOSE"), ("III", "AUTHORITY"), ("IV", "RESPONSIBILITIES")):
        parts += [f"{number}. {title}", "", FILLER, ""]
    for letter, (title, body) in zip("ABCDEFGH", subsections.items(), strict=False):
        parts += [f"{letter}. {title}", "", body, ""]
    parts += ["V. MODIFICATIONS", "", FILLER + tail, ""]
    return "\n".join(parts)


def compare(tmp_path: Path, old: dict[str, str], new: dict[str, str], **options: Any) -> moadiff.Comparison:
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(agreement(old), encoding="utf-8")
    b.write_text(agreement(new), encoding="utf-8")
    return moadiff.compare(a, b, **options)


def unescape(md: str) -> str:
    """What a CommonMark renderer shows for escaped text."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", md))


def links(md: str) -> list[str]:
    """Destinations of the Markdown links (unescaped ``](``) in ``md``."""
    return re.findall(r"(?<!\\)\]\(([^)\s]*)\)", md)


def section(md: str, start: str, stops: tuple[str, ...] = ("## ",)) -> list[str]:
    """The lines of ``md`` from the first line starting with ``start`` up to
    the next line starting with one of ``stops`` (not counting it)."""
    lines = md.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith(start))
    end = next((i for i in range(begin + 1, len(lines)) if lines[i].startswith(stops)), len(lines))
    return lines[begin:end]


# ---------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------

SYNTAX = set("\\`*_{}[]#|~$^")


def assert_inert(md: str) -> None:
    """Every Markdown-significant character of ``md`` is escaped, and ``&``
    only starts the three entities escape() writes."""
    i = 0
    while i < len(md):
        ch = md[i]
        if ch == "\\":
            assert i + 1 < len(md) and md[i + 1] in SYNTAX, md
            i += 2
            continue
        assert ch not in SYNTAX and ch not in "<>", md
        if ch == "&":
            assert re.match(r"&(amp|lt|gt);", md[i:]), md
        i += 1


@pytest.mark.parametrize("text", [HOSTILE, "a\x00b", "line one\nline two\r\nthree", "\u2028x\u2029", "1. item"])
def test_escape_is_inert_one_line_and_loses_nothing(text: str) -> None:
    md = escape(text)
    assert_inert(md)
    assert "\n" not in md and "\r" not in md
    # control, bidi and zero-width characters are spelt out, never passed through
    assert not any(ch in md for ch in "\x00\u202e\u200b\u2028\u2029")
    assert unescape(md) == " ".join(plain(text.replace("\r\n", " ").replace("\n", " ")).split())


@given(st.text())
def test_escape_round_trips_any_text(text: str) -> None:
    md = escape(text)
    assert_inert(md)
    assert unescape(md) == " ".join(plain(text.replace("\r\n", " ").replace("\n", " ")).split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> moadiff.Comparison:
    tmp = tmp_path_factory.mktemp("hostile")
    body = "The LEA shall pay for travel of nominated personnel to every session that ICE holds each year."
    old = {"DESIGNATION OF FUNCTIONS": FILLER, "NOMINATION OF PERSONNEL": body}
    new = {
        "DESIGNATION OF FUNCTIONS": FILLER,
        "NOMINATION OF PERSONNEL": body.replace("pay for", HOSTILE),
        "NEW DUTY <IMG SRC=X ONERROR=ALERT(1)> [EVIL](JAVASCRIPT:X)": "- 1. <b>Added</b> **text** \u202e here.",
    }
    return compare(tmp, old, new)


def test_document_text_cannot_inject_markdown_or_html(hostile: moadiff.Comparison) -> None:
    md = to_markdown(hostile, "report.html")
    for raw in ("<script", "<b>", "<IMG", "{#id", "\u202e", "\u200b"):
        assert raw not in md
    # the only links are ours, to the report
    assert links(md) and all(href.startswith("report.html") for href in links(md))
    # and the reader sees the text as written, invisible characters as markers
    shown = unescape(md).casefold()  # headings in capitals are shown in title case
    for text in ("<script>alert(1)</script>", "[x](javascript:alert(1))", "**pay**", "_under_", "`code`",
                 "{#id onclick=alert(1)}", "&amp;", "end⟨U+202E⟩evil⟨U+200B⟩hidden",
                 "<IMG SRC=X ONERROR=ALERT(1)>", "<b>Added</b> **text** ⟨U+202E⟩ here."):
        assert text.casefold() in shown


def test_text_that_starts_a_line_cannot_start_a_list(hostile: moadiff.Comparison) -> None:
    md = to_markdown(hostile)
    (quote,) = [line for line in md.splitlines() if line.startswith("> ") and "Added" in unescape(line)]
    assert quote.startswith("> \\- 1.")
    for line in md.splitlines():
        assert not re.match(r"(> |- )+([-+=]|\d+[.)])(\s|$)", line), line


def test_escaped_title_and_headings_name_both_versions(hostile: moadiff.Comparison) -> None:
    md = to_markdown(hostile)
    first = md.splitlines()[0]
    assert first.startswith("# ") and "old.txt" in first and "new.txt" in first
    headings = [unescape(line[4:]) for line in md.splitlines() if line.startswith("### ")]
    assert "IV.B Nomination of Personnel" in headings
    assert any(h.startswith("IV.C New Duty") and "[evil](javascript:x)" in h.casefold() for h in headings)


# ---------------------------------------------------------------------------
# Content and order
# ---------------------------------------------------------------------------

LONG = " ".join(f"word{i}" for i in range(200))


def test_changes_are_excerpts_and_added_or_removed_clauses_are_quoted_shortened(tmp_path: Path) -> None:
    para = " ".join(f"term{i}" for i in range(80))
    old = {"ALPHA": para, "BETA": LONG, "GAMMA": FILLER}
    new = {"ALPHA": para.replace("term40", "changed40"), "GAMMA": FILLER, "DELTA": "A short new duty."}
    md = to_markdown(compare(tmp_path, old, new))
    alpha = "\n".join(section(md, "### IV.A", ("### ", "## ")))
    assert "~~term40~~ **changed40**" in alpha
    # a few words of context, not the whole clause
    assert "term35" in alpha and "term45" in alpha and "term10" not in alpha and "term70" not in alpha
    beta = "\n".join(section(md, "### IV.B Beta", ("### ", "## ")))
    assert "**Removed**" in beta and "word0" in beta and "word199" not in beta
    assert f"shortened: {markdown.QUOTE_HEAD} of its 200 words" in beta
    added = [line for line in md.splitlines() if line.startswith("> ") and "A short new duty." in line]
    assert len(added) == 1 and "shortened" not in added[0]


def test_watched_clauses_come_first_with_their_topics(tmp_path: Path) -> None:
    old = {"ALPHA": FILLER + " The rate is low.", "BETA": FILLER + " The tortoise walks slowly."}
    new = {"ALPHA": FILLER + " The rate is high.", "BETA": FILLER + " The tortoise walks quickly."}
    result = compare(tmp_path, old, new, watch=("tortoise",), watch_defaults=False)
    md = to_markdown(result)
    headings = [line for line in md.splitlines() if line.startswith(("## ", "### "))]
    beta = next(i for i, h in enumerate(headings) if h.startswith("### IV.B"))
    alpha = next(i for i, h in enumerate(headings) if h.startswith("### IV.A"))
    assert headings[0].startswith("## Watch list") and beta < alpha
    meta = section(md, "### IV.B", ("### ", "## "))[1]
    assert "**tortoise**" in meta
    assert "tortoise" not in section(md, "### IV.A", ("### ", "## "))[1]


def test_links_only_with_html_href_and_to_the_reports_anchors(hostile: moadiff.Comparison) -> None:
    assert links(to_markdown(hostile)) == []
    md = to_markdown(hostile, "report.html")
    targets = [href.split("#", 1)[1] for href in links(md) if "#" in href]
    known = anchors(hostile)
    assert targets and set(targets) <= set(known)
    for change, anchor in zip(hostile.changes, known, strict=True):
        if change.is_substantive:
            assert f"report.html#{anchor}" in links(md)


@pytest.mark.parametrize("href", ["javascript:alert(1)", "//evil.example/r.html", "my report (1).html"])
def test_html_href_always_stays_a_relative_link(hostile: moadiff.Comparison, href: str) -> None:
    for dest in links(to_markdown(hostile, href)):
        assert ":" not in dest.split("#")[0] and not dest.startswith("/") and " " not in dest


# ---------------------------------------------------------------------------
# The real 2020 -> 2025 Jail Enforcement Model pair
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jem(moa: Path) -> moadiff.Comparison:
    return moadiff.compare(moa / "287gJEM_GalvestonCoTX_06-08-2020.pdf", moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf")


def substantive_section(md: str) -> list[str]:
    return section(md, ("## Watch list", "## Substantive changes"), ("## Signature blocks", "## Stale", "## Not substantive"))


def test_real_pair_substantive_list_fits_one_screen(jem: moadiff.Comparison) -> None:
    md = to_markdown(jem, "report.html")
    lines = substantive_section(md)
    assert len(lines) <= 60
    body = "\n".join(lines)
    # every substantively changed clause has its entry, watched ones first;
    # signature blocks have a line each in their own section
    main = [c for c in jem.changes if c.is_substantive and not is_signature(c)]
    assert sum(1 for line in lines if line.startswith("### ")) == len(main)
    signatures = "\n".join(section(md, "## Signature blocks", ("## ",)))
    anchor_of = dict(zip(map(id, jem.changes), anchors(jem), strict=True))
    for c in jem.changes:
        if is_signature(c) and c.is_substantive:
            assert f"report.html#{anchor_of[id(c)]})" in signatures
            # the labels the 2025 template added are named, not "some of its wording"
            labels = [w for e in c.edits if e.op != "equal" and e.kind == "substantive" for w in (e.old, e.new) if w]
            assert all(escape(label.rstrip("•·;")) in signatures for label in labels)
            assert labels or c.status in ("added", "removed")
    assert "Digitally" not in md and "CRONE" not in md  # no scan debris of the signatures
    ordered = [c for c in main if c.watch] + [c for c in main if not c.watch]
    anchor_of = dict(zip(map(id, jem.changes), anchors(jem), strict=True))
    positions = [body.index(f"report.html#{anchor_of[id(c)]})") for c in ordered]
    assert positions == sorted(positions)
    assert "~~utilized~~ **followed**" in body
    assert "**ICEOPRIntake@ice.dhs.gov.**" in body


def test_real_pair_summary_line_counts(jem: moadiff.Comparison) -> None:
    s = jem.summary
    top = "\n".join(to_markdown(jem).splitlines()[:8])
    assert f"{s.edits['substantive']} substantive edits" in top
    assert f"Clauses added: {s.added}, removed: {s.removed}, moved: {s.moved}." in top
    assert f"**{s.substantive_clauses} clauses changed in substance, {s.edits['substantive']} substantive edits.**" in top
    assert f"{s.edits['fill-in']} fill-in" in top and f"{s.edits['ocr-noise']} OCR noise" in top


def test_real_pair_fill_ins_and_noise_are_listed_apart(jem: moadiff.Comparison) -> None:
    md = to_markdown(jem)
    main = "\n".join(substantive_section(md))
    rest = "\n".join(section(md, "## Not substantive", ("## ",)))
    for change in jem.changes:
        if is_signature(change):
            continue  # summarised in their own section
        for kind in ("fill-in", "ocr-noise"):
            edits = [e for e in change.edits if e.op != "equal" and e.kind == kind]
            for e in edits[: markdown.MAX_COMPACT_EDITS]:  # a clause's first few, then "… and N more"
                if e.old.split():
                    shown = escape(" ".join(e.old.split()[: markdown.COMPACT_WORDS]))
                    assert f"~~{shown}" in rest
            if len(edits) > markdown.MAX_COMPACT_EDITS:
                assert f"*… and {len(edits) - markdown.MAX_COMPACT_EDITS} more*" in rest
            for e in edits:  # (a one-word edit such as "and" may be struck there for a real change)
                if len(e.old.split()) > 1:
                    assert f"~~{escape(e.old)}~~" not in main
    assert "**Fill-ins (besides signature blocks)**" in rest and "**OCR noise**" in rest
    # V.D became V.C without other change: said once, compactly
    assert "V.D → V.C Release of Information to Third Parties" in unescape(rest)


def test_real_pair_many_fill_ins_become_counts(jem: moadiff.Comparison, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown, "MAX_COMPACT_CLAUSES", 1)
    rest = section(to_markdown(jem), "## Not substantive", ("## ",))
    (line,) = [line for line in rest if line.startswith("**Fill-ins (besides signature blocks)**")]
    clauses = sum(1 for c in jem.changes if c.count("fill-in") and not is_signature(c))
    assert f"in {clauses} clauses:" in line and "~~" not in line


def test_real_pair_stale_reference_has_its_section(jem: moadiff.Comparison) -> None:
    md = to_markdown(jem, "report.html")
    refs = section(md, "## Stale cross-references")
    assert any("Section V(D)" in unescape(line) and "APPENDIX C" in line for line in refs)
    assert any("report.html#APPENDIX-C" in line for line in refs)


def test_a_sentence_read_into_a_signature_block_is_shown_not_listed_as_labels(jem: moadiff.Comparison) -> None:
    # A block whose text gained a sentence of the agreement (a page read in
    # the wrong order) changed in more than labels: the sentence is shown as
    # any clause's change would be, and no word of it is called a label.
    from dataclasses import replace

    from moadiff.model import Edit

    (k, block) = next((k, c) for k, c in enumerate(jem.changes) if is_signature(c) and c.status == "modified")
    assert block.new is not None
    sentence = "This MOA does not create any rights enforceable at law."
    m, n = len(block.old.full_text.split()) if block.old else 0, len(block.new.full_text.split())
    read_in = Edit("insert", "", sentence, "substantive", i1=m, i2=m, j1=n, j2=n + len(sentence.split()))
    changed = replace(block, new=replace(block.new, text=f"{block.new.text}\n{sentence}"), edits=(*block.edits, read_in))
    md = to_markdown(replace(jem, changes=(*jem.changes[:k], changed, *jem.changes[k + 1:])))
    signatures = "\n".join(section(md, "## Signature blocks", ("## ",)))
    assert "10 other words changed in substance" in signatures
    assert "rights" not in signatures  # not among the labels
    assert "**This MOA does not create any rights enforceable at law.**" in "\n".join(substantive_section(md))


def test_a_notice_names_its_pages_once_in_every_format(tmp_path: Path) -> None:
    """A notice whose message names its pages ("pages 1-2 of 2 were read by
    OCR") is not also prefixed with them; one whose message does not
    ("text in a font without a Unicode map was repaired") is."""
    from dataclasses import replace

    from moadiff.model import Notice
    from moadiff.render import render
    from moadiff.render.docx import cover

    c = compare(tmp_path, {"A": "The LEA shall report."}, {"A": "The LEA must report."})
    notices = (Notice("ocr", "pages 1-2 of 2 were read by OCR (Tesseract)", (1, 2)),
               Notice("glyph-shift", "text in a font without a Unicode map was repaired (shifted glyphs)", (2,)))
    c = replace(c, new=replace(c.new, notices=notices))
    md = to_markdown(c)
    page = html.unescape(re.sub(r"<[^>]+>", "", render(c, "html").decode()))
    word = " ".join(text for _, text in cover(c))
    for out in (md, page, word):
        assert "pages 1-2 of 2 were read by OCR" in out
        assert "pages 1–2: pages 1-2" not in out and "pages 1, 2: pages 1-2" not in out
        assert "page 2: text in a font without a Unicode map was repaired" in out

"""The HTML report: escaping, CSP, anchors, marks, and that no text is lost."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from moadiff.model import Clause, ClauseChange, Comparison, DocumentInfo, Edit, Notice, placed
from moadiff.render import html as html_mod
from moadiff.render.common import pagelist, plain, segments
from moadiff.render.html import to_html
from moadiff.render.layout import layout

TEMPLATES = Path(html_mod.__file__).parent / "templates"

EVIL = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(2)'


# ---------------------------------------------------------------------------
# Building comparisons by hand
# ---------------------------------------------------------------------------


def clause(cid: str, title: str, text: str, first: int = 1, last: int | None = None) -> Clause:
    return Clause(
        id=cid,
        label=cid.rsplit(".", 1)[-1] + ".",
        title=title,
        text=text,
        first_page=first,
        last_page=first if last is None else last,
        level=cid.count(".") + 1,
        kind="section",
    )


def eq(words: str) -> Edit:
    return Edit("equal", words, words)


def same(c: Clause) -> tuple[Edit, ...]:
    return placed([eq(" ".join(c.full_text.split()))])


def info(name: str, notices: tuple[Notice, ...] = ()) -> DocumentInfo:
    return DocumentInfo(
        path=f"/in/{name}",
        name=name,
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        format="pdf",
        pages=12,
        engine="pdfium",
        notices=notices,
    )


MOD_OLD = clause("IV.B", "Training", f"The LEA shall pay for {EVIL} travel.\nSecond paragraph stays.", 3, 4)
MOD_NEW = clause("IV.B", "Training", f"The LEA shall not cover {EVIL} travel.\nSecond paragraph stays.", 3)
MODIFIED = ClauseChange(
    "modified",
    False,
    MOD_OLD,
    MOD_NEW,
    0.9,
    placed((
        eq("Training The LEA shall"),
        Edit("replace", "pay for", "not cover", "substantive"),
        eq(f"{EVIL} travel. Second paragraph stays."),
    )),
)

ADDED_NEW = clause("IV.C", f"New duty {ATTR}", "ICE will provide\u202e reports.", 5)
ADDED = ClauseChange(
    "added", False, None, ADDED_NEW, 0.0, (Edit("insert", "", ADDED_NEW.full_text, "substantive"),)
)

REMOVED_OLD = clause("VI", "Old section", "This clause is gone.", 7)
REMOVED = ClauseChange(
    "removed", False, REMOVED_OLD, None, 0.0, (Edit("delete", REMOVED_OLD.full_text, "", "substantive"),)
)

MOVED_OLD = clause("V.D", "Liability", "The LEA is liable.", 6)
MOVED_NEW = clause("V.C", "Liability", "The LEA is liable.", 5)
MOVED = ClauseChange("unchanged", True, MOVED_OLD, MOVED_NEW, 1.0, same(MOVED_OLD))

UNCH = clause("I", "Parties", "This agreement is between ICE and the LEA.", 1)
UNCHANGED = ClauseChange("unchanged", False, UNCH, UNCH, 1.0, same(UNCH))

MERGED_OLD = clause("II.A", "Purpose", "Promote safety.\nTransfer custody.", 2)
MERGED_NEW = clause("II.A", "Purpose", "Promote public safety. Transfer custody.", 2)
MERGED = ClauseChange(
    "modified",
    False,
    MERGED_OLD,
    MERGED_NEW,
    0.8,
    placed((eq("Purpose Promote"), Edit("insert", "", "public", "substantive"), eq("safety. Transfer custody."))),
    old_parts=("II.A", "II.B"),
)

SPLIT_OLD = clause("III", "Authority", "Section 287(g) authorizes it.", 2)
SPLIT = ClauseChange(
    "modified", False, SPLIT_OLD, SPLIT_OLD, 0.9, same(SPLIT_OLD), new_parts=("III.A", "III.B")
)

FILL_OLD = clause("VII", "Contacts", "For the LEA: [Agency Name], Sheriff.", 8)
FILL_NEW = clause("VII", "Contacts", "For the LEA: Galveston County, Sheriff.", 8)
FILL = ClauseChange(
    "modified",
    False,
    FILL_OLD,
    FILL_NEW,
    0.9,
    placed((
        eq("Contacts For the LEA:"),
        Edit("replace", "[Agency Name],", "Galveston County,", "fill-in"),
        eq("Sheriff."),
    )),
)

EVIL_ID_OLD = clause(f"IX{ATTR}", EVIL, f"Text with {ATTR} and {EVIL}.", 9)
EVIL_ID = ClauseChange("unchanged", False, EVIL_ID_OLD, EVIL_ID_OLD, 1.0, same(EVIL_ID_OLD))

NOTICES = (
    Notice("no-text-layer", "Page has no text layer; <b>OCR</b> needed.", (3, 4, 5, 9)),
    Notice("glyph-shift", f"Shifted glyphs {EVIL}", (2,)),
)


def comparison(*changes: ClauseChange) -> Comparison:
    return Comparison(
        old=info(f"old {EVIL}.pdf", NOTICES),
        new=info(f"new{ATTR}\u202e.pdf"),
        changes=changes,
    )


FULL = comparison(MODIFIED, ADDED, REMOVED, MOVED, UNCHANGED, MERGED, SPLIT, FILL, EVIL_ID)


@pytest.fixture(scope="module")
def page() -> str:
    return to_html(FULL)


# ---------------------------------------------------------------------------
# A small HTML reader
# ---------------------------------------------------------------------------


class Parsed(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._raw: str | None = None
        self._attrs: dict[str, str | None] = {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._raw, self._attrs = "", dict(attrs)

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._raw is not None:
            self.styles.append(self._raw)
        elif tag == "script" and self._raw is not None:
            self.scripts.append((self._attrs, self._raw))
        self._raw = None

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]  # type: ignore[misc]


def section_text(page: str, anchor: str, side: str) -> str:
    """The visible text of one side of one clause, markers spelt out."""

    class Grab(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth = 0  # >0 inside the wanted section
            self.cell = 0  # >0 inside a cell of the wanted side
            self.out: list[str] = []
            self.skip = 0  # cell depth of a skipped element

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if self.depth:
                self.depth += tag not in VOID
                if self.cell:
                    self.cell += tag not in VOID
                    if a.get("class") == "sr":  # screen-reader labels are not document text
                        self.skip = self.cell
                elif tag == "div" and f"cell {side}" == a.get("class"):
                    self.cell = 1
            elif tag == "section" and a.get("id") == anchor:
                self.depth = 1

        def handle_endtag(self, tag: str) -> None:
            if self.depth:
                self.depth -= 1
                if self.cell:
                    if self.skip == self.cell:
                        self.skip = 0
                    self.cell -= 1
                    if tag == "p":
                        self.out.append(" ")

        def handle_data(self, data: str) -> None:
            if self.cell and not self.skip:
                self.out.append(data)

    g = Grab()
    g.feed(page)
    return "".join(g.out)


VOID = {"meta", "link", "input", "br", "hr", "img"}


# ---------------------------------------------------------------------------
# Safety
# ---------------------------------------------------------------------------


def test_document_text_is_escaped(page: str) -> None:
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>OCR</b>" not in page


def test_no_event_handler_attributes(page: str) -> None:
    parsed = Parsed(page)
    names = {name for _, attrs in parsed.tags for name in attrs}
    assert not [n for n in names if n.startswith("on")]
    assert not re.search(r"<[^>]*\son\w+\s*=", page)


def test_exactly_two_script_elements(page: str) -> None:
    assert len(re.findall(r"<script", page, re.IGNORECASE)) == 2
    parsed = Parsed(page)
    kinds = sorted(a.get("type") or "" for a, _ in parsed.scripts)
    assert kinds == ["", "application/json"]
    data_attrs, data = next((a, d) for a, d in parsed.scripts if a.get("type") == "application/json")
    assert data_attrs.get("id") == "md-data"
    assert json.loads(data)["hidden"] == ["fill-in", "ocr-noise"]


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_pins_the_inline_style_and_script(page: str) -> None:
    parsed = Parsed(page)
    metas = [
        a
        for t, a in parsed.tags
        if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(metas) == 1
    policy = {d.split()[0]: d.split()[1:] for d in (metas[0]["content"] or "").split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
    assert len(parsed.styles) == 1
    assert policy["style-src"] == [sha(parsed.styles[0])]
    (code,) = [d for a, d in parsed.scripts if not a.get("type")]
    assert policy["script-src"] == [sha(code)]
    # the CSP comes before anything it governs
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_no_inline_style_attributes(page: str) -> None:
    # style="" would need 'unsafe-inline' / 'unsafe-hashes' under the CSP
    assert not [a for _, a in Parsed(page).tags if "style" in a]


def test_no_network_resources(page: str) -> None:
    for tag, attrs in Parsed(page).tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.IGNORECASE)
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)


def test_template_never_marks_data_safe() -> None:
    for path in TEMPLATES.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), path
        assert "autoescape false" not in text.lower(), path


def test_autoescape_is_on() -> None:
    assert html_mod._environment().autoescape is True


def test_control_characters_become_markers(page: str) -> None:
    assert "\u202e" not in page
    assert "U+202E" in page
    text = "a\u202ab\u2066c\u200bd\ufeffe\x00f\u200dg\u2069"
    out = to_html(
        comparison(ClauseChange("unchanged", False, clause("X", "T", text), clause("X", "T", text), 1.0, ()))
    )
    for ch in "\u202a\u2066\u200b\ufeff\x00\u200d\u2069":
        assert ch not in out
        assert re.search(
            f'<span class="ctl" title="[^"]*U\\+{ord(ch):04X}">&#x27E8;U\\+{ord(ch):04X}&#x27E9;</span>', out
        )
    assert segments("a\u202eb") == [("text", "a"), ("ctl", "U+202E"), ("text", "b")]
    assert plain("x\u200by") == "x\u27e8U+200B\u27e9y"


def test_lone_surrogate_does_not_break_the_page() -> None:
    c = clause("X", "T", "bad \ud800 char")
    out = to_html(comparison(ClauseChange("unchanged", False, c, c, 1.0, same(c))))
    out.encode("utf-8")
    assert "U+D800" in out


# ---------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------


def test_anchors_are_unique_and_cover_every_clause(page: str) -> None:
    ids = Parsed(page).ids()
    assert len(ids) == len(set(ids))
    for anchor in ("IV.B", "IV.C", "VI", "V.C", "I", "II.A", "III", "VII"):
        assert f'id="{anchor}"' in page
        assert f'href="#{anchor}"' in page
    # the attribute-breaking id is reduced to a safe one
    evil = [i for i in ids if i.startswith("IX")]
    assert evil and all(re.fullmatch(r"[A-Za-z0-9._-]+", i) for i in evil)


def test_duplicate_ids_get_a_suffix() -> None:
    a = clause("APPENDIX B.3", "A", "one")
    b = clause("APPENDIX B.3", "B", "two")
    out = to_html(comparison(*(ClauseChange("unchanged", False, c, c, 1.0, same(c)) for c in (a, b))))
    ids = Parsed(out).ids()
    assert "APPENDIX-B.3" in ids and "APPENDIX-B.3-2" in ids


def test_changed_words_are_marked(page: str) -> None:
    assert re.search(r"<del [^>]*k-substantive[^>]*>pay for</del>", page)
    assert re.search(r"<ins [^>]*k-substantive[^>]*>not cover</ins>", page)
    assert re.search(r"<ins [^>]*>public</ins>", page)
    # fill-in marked with its kind, and a title saying so
    assert re.search(
        r'<ins class="m k-fill-in[^"]*"[^>]*title="inserted \(fill-in\)"[^>]*>Galveston County,</ins>', page
    )


def test_nav_targets_are_focusable(page: str) -> None:
    targets = [(t, a) for t, a in Parsed(page).tags if "nav-target" in (a.get("class") or "").split()]
    tags = {t for t, _ in targets}
    assert tags == {"summary", "ins"}  # a pure deletion stops on its <del> (see the layout tests)
    for tag, attrs in targets:
        # a <summary> is focusable already; marks need tabindex=-1 for .focus()
        assert tag == "summary" or attrs.get("tabindex") == "-1"
    # one stop per changed clause (7) and per edit of a modified clause (3)
    assert len(targets) == 7 + 3
    assert 'id="md-next"' in page and 'id="md-prev"' in page


def test_notices_are_shown(page: str) -> None:
    assert "Page has no text layer; &lt;b&gt;OCR&lt;/b&gt; needed." in page
    assert "pages 3\u20135, 9" in page
    assert "page 2:" in page
    assert "no-text-layer" in page


def test_header_names_both_documents(page: str) -> None:
    assert "old &lt;script&gt;alert(1)&lt;/script&gt;.pdf" in page
    assert "new&#34; onmouseover=&#34;alert(2)" in page
    assert hashlib.sha256(b"old " + EVIL.encode() + b".pdf").hexdigest() in page  # in full
    assert "pdfium" in page


def test_statuses_and_badges(page: str) -> None:
    assert ">added</span>" in page and ">removed</span>" in page
    assert "&rarr;</span> <bdi>—" not in page and "<bdi>—</bdi>" not in page  # never "V.C → —"
    assert "Not in the old version." in page and "Not in the new version." in page
    assert re.search(r"Moved from <bdi>V\.D</bdi> \(old p\.\u00a06\)", page)
    assert re.search(r"Merged from <bdi>II\.A</bdi> \+ <bdi>II\.B</bdi>", page)
    assert re.search(r"Split into <bdi>III\.A</bdi> \+ <bdi>III\.B</bdi>", page)
    assert re.search(r"<bdi>V\.D</bdi> <span aria-label=\"becomes\">&rarr;</span> <bdi>V\.C</bdi>", page)
    assert "pp.\u00a03\u20134" in page


def test_unchanged_collapsed_changes_open(page: str) -> None:
    def details_of(anchor: str) -> str:
        m = re.search(rf'<section [^>]*id="{re.escape(anchor)}"[^>]*>\s*<details([^>]*)>', page)
        assert m, anchor
        return m.group(1)

    assert "open" not in details_of("I")
    for anchor in ("IV.B", "IV.C", "VI", "V.C"):  # the moved one opens too
        assert "open" in details_of(anchor)


def test_kind_toggles(page: str) -> None:
    parsed = Parsed(page)
    boxes = {a["id"]: "checked" in a for t, a in parsed.tags if t == "input"}
    assert boxes == {
        "md-show-fill-in": False,
        "md-show-formatting": True,
        "md-show-moved": True,
        "md-show-ocr-noise": False,
        "md-show-unchanged": False,
    }


def test_basics(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert re.search(r"<h1[ >]", page) and "<h2" in page and "<h3" in page
    assert 'id="legend"' in page
    assert len(page) < 60_000


def test_empty_comparison() -> None:
    out = to_html(comparison())
    assert "Neither document has any clauses." in out


# ---------------------------------------------------------------------------
# Nothing dropped
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("change", [MODIFIED, ADDED, REMOVED, MOVED, UNCHANGED, MERGED, SPLIT, FILL])
def test_every_word_is_shown(page: str, change: ClauseChange) -> None:
    anchor = (change.new or change.old).id  # type: ignore[union-attr]
    for side, c in (("old", change.old), ("new", change.new)):
        if c is None:
            continue
        shown = section_text(page, anchor, side).split()
        # an identical title is shown only in the heading
        expected = c.text.split() if shown[: len(c.title.split())] != c.title.split() else c.full_text.split()
        assert shown == [plain(w) for w in expected], (anchor, side)


def test_marks_follow_the_spans_not_the_words_of_the_edits() -> None:
    # Words are placed by their spans: an edit's own text is never re-split
    # to find them (pipeline.py checks that the two agree).
    old = clause("X", "T", "alpha beta gamma")
    new = clause("X", "T", "alpha delta gamma")
    edits = (Edit("equal", "T alpha", "T alpha", i1=0, i2=2, j1=0, j2=2),
             Edit("replace", "beta", "delta", "substantive", i1=2, i2=3, j1=2, j2=3),
             Edit("equal", "gamma", "gamma", i1=3, i2=4, j1=3, j2=4))
    assert edits == placed(edits)
    out = to_html(comparison(ClauseChange("modified", False, old, new, 0.5, edits)))
    assert re.search(r"<del [^>]*>beta</del>", out) and re.search(r"<ins [^>]*>delta</ins>", out)
    assert "Not marked" not in out


def test_anchors_avoid_the_reports_own_ids() -> None:
    changes = [
        ClauseChange("unchanged", False, c, c, 1.0, same(c))
        for c in (clause("toc", "", "x"), clause("md-next", "", "y"))
    ]
    ids = Parsed(to_html(comparison(*changes))).ids()
    assert len(ids) == len(set(ids))
    assert "clause-toc" in ids and "clause-md-next" in ids


def test_a_long_agreement_stays_small() -> None:
    body = " ".join(["The LEA shall comply with the terms of this agreement."] * 8)
    changes = []
    for i in range(80):
        old = clause(f"A.{i}", f"Clause {i}", body + "\n" + body, 1 + i // 7)
        new_text = body.replace("shall", "must", 1) + "\n" + body
        new = clause(f"A.{i}", f"Clause {i}", new_text, 1 + i // 7)
        words = old.full_text.split()
        k = words.index("shall")
        edits = placed((
            eq(" ".join(words[:k])),
            Edit("replace", "shall", "must", "substantive"),
            eq(" ".join(words[k + 1 :])),
        ))
        changes.append(
            ClauseChange(
                "modified" if i % 2 else "unchanged",
                False,
                old,
                new if i % 2 else old,
                0.95,
                edits if i % 2 else same(old),
            )
        )
    out = to_html(comparison(*changes))
    text = sum(len(c.old.full_text) + len(c.new.full_text) for c in changes)  # type: ignore[union-attr]
    assert len(out) < 2 * text + 60_000  # markup stays a fraction of the text itself
    assert len(re.findall(r"<ins [^>]*data-edit=", out)) == 40


# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------


def runs(p: object) -> list[tuple[str, str]]:
    return [(r.mark, r.text) for r in p.runs]  # type: ignore[attr-defined]


def one(cell: list[object]) -> object:
    assert len(cell) == 1
    return cell[0]


def test_layout_places_edits_on_paragraphs() -> None:
    rows = layout(MODIFIED).rows
    assert len(rows) == 2  # the identical title row is left to the heading
    old, new = (one(c) for c in rows[0])
    assert runs(old) == [("", "The LEA shall "), ("del", "pay for"), ("", f" {EVIL} travel.")]
    assert runs(new) == [("", "The LEA shall "), ("ins", "not cover"), ("", f" {EVIL} travel.")]
    assert [r.target for r in new.runs] == [False, True, False]  # type: ignore[attr-defined]
    assert runs(one(rows[1][0])) == [("", "Second paragraph stays.")]


def test_layout_edit_across_paragraphs_and_title() -> None:
    old = clause("X", "Old title", "one two\nthree four")
    new = clause("X", "New title", "one\nfour five")
    change = ClauseChange(
        "modified",
        False,
        old,
        new,
        0.5,
        placed((
            Edit("replace", "Old", "New", "substantive"),
            eq("title one"),
            Edit("delete", "two three", "", "substantive"),
            eq("four"),
            Edit("insert", "", "five", "substantive"),
        )),
    )
    lay = layout(change)
    (t_old, t_new), (p1o, p1n), (p2o, p2n) = ((one(o), one(n)) for o, n in lay.rows)
    assert t_old.is_title and t_new.is_title  # type: ignore[attr-defined]
    assert runs(t_old) == [("del", "Old"), ("", " title")]
    assert runs(p1o) == [("", "one "), ("del", "two")]
    assert runs(p1n) == [("", "one")]
    assert runs(p2o) == [("del", "three"), ("", " four")]
    assert runs(p2n) == [("", "four "), ("ins", "five")]
    # a deletion spread over two paragraphs is one stop, at its start
    assert [r.target for r in p1o.runs + p2o.runs] == [False, True, False, False]  # type: ignore[attr-defined]


def test_layout_aligns_inserted_paragraph() -> None:
    old = clause("X", "", "First para here.\nLast para here.")
    new = clause("X", "", "First para here.\nA brand new paragraph.\nLast para here.")
    change = ClauseChange(
        "modified",
        False,
        old,
        new,
        0.7,
        placed((
            eq("First para here."),
            Edit("insert", "", "A brand new paragraph.", "substantive"),
            eq("Last para here."),
        )),
    )
    rows = layout(change).rows
    assert [(len(o), len(n)) for o, n in rows] == [(1, 1), (0, 1), (1, 1)]
    assert one(rows[2][0]).text == one(rows[2][1]).text == "Last para here."  # type: ignore[attr-defined]


def test_layout_keeps_a_split_paragraph_on_one_row() -> None:
    old = clause("X", "", "Intro stays.\nalpha beta gamma delta epsilon zeta eta")
    new = clause("X", "", "Intro stays.\nalpha beta new words.\ngamma delta epsilon zeta eta")
    change = ClauseChange(
        "modified",
        False,
        old,
        new,
        0.7,
        placed((
            eq("Intro stays. alpha beta"),
            Edit("insert", "", "new words.", "substantive"),
            eq("gamma delta epsilon zeta eta"),
        )),
    )
    rows = layout(change).rows
    assert [(len(o), len(n)) for o, n in rows] == [(1, 1), (1, 2)]


def test_layout_without_word_diff_pairs_identical_paragraphs() -> None:
    old = clause("X", "", "Same one.\nOld middle.\nSame two.")
    new = clause("X", "", "Same one.\nNew middle.\nExtra.\nSame two.")
    lay = layout(ClauseChange("modified", False, old, new, 0.5, ()))
    texts = [([p.text for p in o], [p.text for p in n]) for o, n in lay.rows]
    assert texts == [
        (["Same one."], ["Same one."]),
        (["Old middle."], ["New middle."]),
        ([], ["Extra."]),
        (["Same two."], ["Same two."]),
    ]


def test_unclassified_change_counts_as_substantive() -> None:
    old, new = clause("X", "", "a b"), clause("X", "", "a c")
    change = ClauseChange("modified", False, old, new, 0.5, placed((eq("a"), Edit("replace", "b", "c", None))))
    assert [r.kind for r in one(layout(change).rows[0][1]).runs if r.mark] == ["substantive"]  # type: ignore[attr-defined]


def test_pagelist() -> None:
    assert pagelist((1,)) == "page 1"
    assert pagelist((5, 3, 4, 9, 10)) == "pages 3\u20135, 9\u201310"

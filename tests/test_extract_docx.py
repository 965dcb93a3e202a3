"""The DOCX reader: Word's list labels, tracked changes, tables, furniture, pages, errors.

Documents are built in tmp_path: with python-docx where it can, and with raw
WordprocessingML (appended to a python-docx document, or zipped by hand)
where it cannot.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import docx
import pytest
from docx.oxml.parser import parse_xml
from hypothesis import given
from hypothesis import strategies as st

from moadiff.errors import ExtractionError, InputError
from moadiff.extractors import extract
from moadiff.extractors.docx import extract_docx, format_number
from moadiff.model import Document, Options

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

# A legal outline: I. / A. / 1. / (a), and a "1.1" style multi-level list.
OUTLINE = """
<w:abstractNum w:abstractNumId="100">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%4)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="101">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="100"><w:abstractNumId w:val="100"/></w:num>
<w:num w:numId="101"><w:abstractNumId w:val="101"/></w:num>
"""


def p(
    text: str = "", *, num: int | None = None, ilvl: int = 0, style: str | None = None, ppr: str = ""
) -> str:
    """A paragraph of one run, optionally numbered."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{props}{ppr}</w:pPr>{run}</w:p>"


def make_docx(
    tmp_path: Path,
    body: str,
    *,
    numbering: str = "",
    styles: str = "",
    name: str = "test.docx",
) -> Path:
    """A python-docx document whose body is ``body`` (raw paragraphs and tables),
    with extra numbering definitions and styles appended."""
    document = docx.Document()
    element = document.element.body
    sect = element[-1]
    for child in list(element)[:-1]:
        element.remove(child)
    for child in parse_xml(f"<w:body {NS}>{body}</w:body>"):
        sect.addprevious(child)
    if numbering:
        root = document.part.numbering_part.element
        first_num = next(c for c in root if c.tag == f"{{{W_NS}}}num")
        for child in parse_xml(f"<w:numbering {NS}>{numbering}</w:numbering>"):
            # abstractNum elements must precede num elements
            (first_num.addprevious if child.tag.endswith("abstractNum") else root.append)(child)
    if styles:
        for child in parse_xml(f"<w:styles {NS}>{styles}</w:styles>"):
            document.styles.element.append(child)
    path = tmp_path / name
    document.save(str(path))
    return path


def texts(doc: Document) -> list[str]:
    return [line.text for page in doc.pages for line in page.lines]


def paged(doc: Document) -> list[tuple[int, str]]:
    return [(line.page, line.text) for page in doc.pages for line in page.lines]


def read(path: Path) -> Document:
    return extract_docx(str(path), path.read_bytes(), "0" * 64, Options())


def zip_docx(path: Path, parts: Mapping[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return path


def document_xml(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {NS}><w:body>{body}</w:body></w:document>'
    )


# -- numbering ---------------------------------------------------------------------------


def test_outline_numbering_with_nested_levels_and_resets(tmp_path: Path) -> None:
    body = "".join(
        [
            p("MEMORANDUM OF AGREEMENT"),
            p("PURPOSE", num=100),
            p("AUTHORITY", num=100),
            p("First", num=100, ilvl=1),
            p("Second", num=100, ilvl=1),
            p("Deep", num=100, ilvl=2),
            p("Deeper", num=100, ilvl=3),
            p("Deeper still", num=100, ilvl=3),
            p("Back up", num=100, ilvl=2),
            p("Under it", num=100, ilvl=3),
            p("POLICY", num=100),
            p("Restarted", num=100, ilvl=1),
        ]
    )
    doc = read(make_docx(tmp_path, body, numbering=OUTLINE))
    assert texts(doc) == [
        "MEMORANDUM OF AGREEMENT",
        "I. PURPOSE",
        "II. AUTHORITY",
        "A. First",
        "B. Second",
        "1. Deep",
        "(a) Deeper",
        "(b) Deeper still",
        "2. Back up",
        "(a) Under it",
        "III. POLICY",
        "A. Restarted",
    ]


def test_multilevel_decimal_and_parenthesised_roman(tmp_path: Path) -> None:
    body = "".join(
        [
            p("Scope", num=101),
            p("One one", num=101, ilvl=1),
            p("One two", num=101, ilvl=1),
            p("item", num=101, ilvl=2),
            p("item", num=101, ilvl=2),
            p("item", num=101, ilvl=2),
            p("item", num=101, ilvl=2),
            p("Terms", num=101),
            p("Two one", num=101, ilvl=1),
        ]
    )
    doc = read(make_docx(tmp_path, body, numbering=OUTLINE))
    assert texts(doc) == [
        "1. Scope",
        "1.1. One one",
        "1.2. One two",
        "(i) item",
        "(ii) item",
        "(iii) item",
        "(iv) item",
        "2. Terms",
        "2.1. Two one",
    ]


def test_start_value_and_letters_past_z(tmp_path: Path) -> None:
    numbering = """
    <w:abstractNum w:abstractNumId="110">
      <w:lvl w:ilvl="0"><w:start w:val="25"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>
    </w:abstractNum>
    <w:num w:numId="110"><w:abstractNumId w:val="110"/></w:num>"""
    body = "".join(p(f"item {i}", num=110) for i in range(5))
    assert texts(read(make_docx(tmp_path, body, numbering=numbering))) == [
        "Y. item 0",
        "Z. item 1",
        "AA. item 2",
        "BB. item 3",
        "CC. item 4",
    ]


def test_nums_sharing_an_abstract_continue_unless_start_override(tmp_path: Path) -> None:
    numbering = (
        OUTLINE
        + """
    <w:num w:numId="102"><w:abstractNumId w:val="101"/></w:num>
    <w:num w:numId="103"><w:abstractNumId w:val="101"/>
      <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    <w:num w:numId="104"><w:abstractNumId w:val="101"/>
      <w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>"""
    )
    body = "".join(
        [
            p("a", num=101),
            p("b", num=101),
            p("c", num=102),
            p("restart", num=103),
            p("continue", num=103),
            p("seven", num=104),
            p("sub", num=104, ilvl=1),
        ]
    )
    assert texts(read(make_docx(tmp_path, body, numbering=numbering))) == [
        "1. a",
        "2. b",
        "3. c",
        "1. restart",
        "2. continue",
        "7. seven",
        "7.1. sub",
    ]


def test_lvl_restart_zero_never_restarts(tmp_path: Path) -> None:
    numbering = """
    <w:abstractNum w:abstractNumId="120">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/>
        <w:lvlRestart w:val="0"/></w:lvl>
    </w:abstractNum>
    <w:num w:numId="120"><w:abstractNumId w:val="120"/></w:num>"""
    body = p("A", num=120) + p("x", num=120, ilvl=1) + p("B", num=120) + p("y", num=120, ilvl=1)
    assert texts(read(make_docx(tmp_path, body, numbering=numbering))) == ["I. A", "1. x", "II. B", "2. y"]


def test_legal_numbering_shows_arabic_numerals(tmp_path: Path) -> None:
    numbering = """
    <w:abstractNum w:abstractNumId="130">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="ARTICLE %1"/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%2"/></w:lvl>
    </w:abstractNum>
    <w:num w:numId="130"><w:abstractNumId w:val="130"/></w:num>"""
    body = p("", num=130) + p("Definitions", num=130) + p("Terms", num=130, ilvl=1)
    # The empty first paragraph shows "ARTICLE I" in Word, so it still takes a number.
    assert texts(read(make_docx(tmp_path, body, numbering=numbering))) == [
        "ARTICLE II Definitions",
        "2.1 Terms",
    ]


def test_numbering_inherited_from_built_in_list_styles(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Intro")
    document.add_paragraph("first duty", style="List Number")
    document.add_paragraph("second duty", style="List Number")
    document.add_paragraph("a point", style="List Bullet")
    path = tmp_path / "styles.docx"
    document.save(str(path))
    assert texts(read(path)) == ["Intro", "1. first duty", "2. second duty", "• a point"]


def test_numbering_inherited_through_based_on_and_level_style_link(tmp_path: Path) -> None:
    styles = """
    <w:style w:type="paragraph" w:styleId="MoaBase"><w:name w:val="MoaBase"/>
      <w:pPr><w:numPr><w:numId w:val="100"/></w:numPr></w:pPr></w:style>
    <w:style w:type="paragraph" w:styleId="MoaSection"><w:name w:val="MoaSection"/>
      <w:basedOn w:val="MoaBase"/></w:style>
    <w:style w:type="paragraph" w:styleId="MoaSub"><w:name w:val="MoaSub"/>
      <w:basedOn w:val="MoaBase"/></w:style>"""
    numbering = OUTLINE.replace(
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>',
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:pStyle w:val="MoaSub"/><w:numFmt w:val="upperLetter"/>',
    )
    body = p("PURPOSE", style="MoaSection") + p("Detail", style="MoaSub") + p("AUTHORITY", style="MoaSection")
    assert texts(read(make_docx(tmp_path, body, numbering=numbering, styles=styles))) == [
        "I. PURPOSE",
        "A. Detail",
        "II. AUTHORITY",
    ]


def test_num_id_zero_turns_style_numbering_off(tmp_path: Path) -> None:
    body = (
        p("numbered", style="ListNumber")
        + '<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>'
        "<w:r><w:t>plain</w:t></w:r></w:p>" + p("numbered again", style="ListNumber")
    )
    assert texts(read(make_docx(tmp_path, body))) == ["1. numbered", "plain", "2. numbered again"]


def test_missing_start_is_zero_and_deeper_placeholders_void_the_label(tmp_path: Path) -> None:
    numbering = """
    <w:abstractNum w:abstractNumId="140">
      <w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>
    </w:abstractNum>
    <w:num w:numId="140"><w:abstractNumId w:val="140"/></w:num>"""
    body = p("zero", num=140) + p("one", num=140) + p("no label", num=140, ilvl=1)
    assert texts(read(make_docx(tmp_path, body, numbering=numbering))) == ["0) zero", "1) one", "no label"]


def test_numbering_style_link_uses_the_defining_list(tmp_path: Path) -> None:
    numbering = """
    <w:abstractNum w:abstractNumId="150"><w:styleLink w:val="MoaList"/>
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl>
    </w:abstractNum>
    <w:abstractNum w:abstractNumId="151"><w:numStyleLink w:val="MoaList"/></w:abstractNum>
    <w:num w:numId="150"><w:abstractNumId w:val="150"/></w:num>
    <w:num w:numId="151"><w:abstractNumId w:val="151"/></w:num>"""
    body = p("first", num=151) + p("second", num=151)
    assert texts(read(make_docx(tmp_path, body, numbering=numbering))) == ["A) first", "B) second"]


def test_unknown_num_id_and_level_are_not_numbered(tmp_path: Path) -> None:
    body = p("no such list", num=999) + p("no such level", num=101, ilvl=7)
    assert texts(read(make_docx(tmp_path, body, numbering=OUTLINE))) == ["no such list", "no such level"]


def test_a_long_numbered_document(tmp_path: Path) -> None:
    body = "".join(p(f"clause {i}", num=101) for i in range(1, 501))
    doc = read(make_docx(tmp_path, body, numbering=OUTLINE))
    assert len(texts(doc)) == 500
    assert texts(doc)[-1] == "500. clause 500"


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "decimal", "1"),
        (4, "upperRoman", "IV"),
        (1994, "upperRoman", "MCMXCIV"),
        (9, "lowerRoman", "ix"),
        (1, "upperLetter", "A"),
        (26, "upperLetter", "Z"),
        (27, "upperLetter", "AA"),
        (28, "lowerLetter", "bb"),
        (53, "upperLetter", "AAA"),
        (3, "ordinal", "3rd"),
        (12, "ordinal", "12th"),
        (22, "ordinal", "22nd"),
        (21, "cardinalText", "Twenty-one"),
        (2, "ordinalText", "Second"),
        (20, "ordinalText", "Twentieth"),
        (5, "decimalZero", "05"),
        (3, "none", ""),
        (3, "bullet", ""),
        (7, "someFutureFormat", "7"),
    ],
)
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_read_back(n: int) -> None:
    roman = format_number(n, "upperRoman")
    values = [ROMAN_VALUES[c] for c in roman]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    assert total == n
    assert format_number(n, "lowerRoman") == roman.lower()


@given(st.integers(min_value=1, max_value=2000))
def test_letters_repeat_one_letter(n: int) -> None:
    label = format_number(n, "upperLetter")
    assert set(label) == {chr(ord("A") + (n - 1) % 26)}
    assert len(label) == (n - 1) // 26 + 1


# -- tracked changes, hidden text, special characters ---------------------------------------


def test_tracked_changes_are_read_as_accepted(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">The term is </w:t></w:r>'
        '<w:del w:id="1" w:author="ICE"><w:r><w:delText>three</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="ICE"><w:r><w:t>two</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> years.</w:t></w:r></w:p>'
        '<w:p><w:moveFrom w:id="3" w:author="ICE"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>'
        '<w:r><w:t xml:space="preserve">Stays </w:t></w:r>'
        '<w:moveTo w:id="4" w:author="ICE"><w:r><w:t>moved here</w:t></w:r></w:moveTo></w:p>'
    )
    doc = read(make_docx(tmp_path, body))
    assert texts(doc) == ["The term is two years.", "Stays moved here"]
    [notice] = doc.notices
    assert notice.code == "tracked-changes"
    assert "read as accepted" in notice.message
    assert "(1 insertion, 1 deletion, 2 moves)" in notice.message
    assert notice.pages == (1,)


def test_deleted_paragraph_vanishes_and_gives_up_its_number(tmp_path: Path) -> None:
    deleted = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="101"/></w:numPr>'
        '<w:rPr><w:del w:id="9" w:author="ICE"/></w:rPr></w:pPr>'
        '<w:del w:id="10" w:author="ICE"><w:r><w:delText>Struck clause</w:delText></w:r></w:del></w:p>'
    )
    joined = (
        '<w:p><w:pPr><w:rPr><w:del w:id="11" w:author="ICE"/></w:rPr></w:pPr>'
        '<w:r><w:t xml:space="preserve">Joined </w:t></w:r></w:p>'
    )
    bookmark = '<w:bookmarkStart w:id="0" w:name="here"/>'
    body = p("one", num=101) + deleted + p("two", num=101) + joined + bookmark + p("paragraph")
    doc = read(make_docx(tmp_path, body, numbering=OUTLINE))
    assert texts(doc) == ["1. one", "2. two", "Joined paragraph"]
    assert [n.code for n in doc.notices] == ["tracked-changes"]


def test_deleted_table_row_is_dropped(tmp_path: Path) -> None:
    body = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>kept</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:del w:id="1" w:author="ICE"/></w:trPr>'
        "<w:tc><w:p><w:r><w:t>gone</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    doc = read(make_docx(tmp_path, body))
    assert texts(doc) == ["kept"]
    assert doc.notices[0].code == "tracked-changes"


def test_formatting_only_changes_are_reported(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="ICE"><w:rPr/></w:rPrChange></w:rPr>'
        "<w:t>Bold now</w:t></w:r></w:p>"
    )
    doc = read(make_docx(tmp_path, body))
    assert texts(doc) == ["Bold now"]
    assert "1 formatting change)" in doc.notices[0].message


def test_hidden_text_is_left_out_with_a_notice(tmp_path: Path) -> None:
    styles = """
    <w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>
      <w:rPr><w:vanish/></w:rPr></w:style>"""
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Visible </w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>drafting note </w:t></w:r>"
        '<w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>styled secret </w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>text.</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="101"/></w:numPr>'
        "<w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>Hidden clause</w:t></w:r></w:p>"
        + p("Shown clause", num=101)
    )
    doc = read(make_docx(tmp_path, body, numbering=OUTLINE, styles=styles))
    assert texts(doc) == ["Visible text.", "1. Shown clause"]
    [notice] = doc.notices
    assert notice.code == "hidden-text"
    assert notice.message.startswith("3 runs of hidden text")


def test_tabs_breaks_hyphens_and_symbols(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>Name:</w:t><w:tab/><w:t>Sheriff</w:t><w:br/><w:t>County</w:t><w:cr/>"
        "<w:t>non</w:t><w:noBreakHyphen/><w:t>binding</w:t><w:softHyphen/><w:t>ly </w:t>"
        '<w:sym w:font="Wingdings" w:char="F0FE"/><w:t xml:space="preserve"> Yes </w:t>'
        '<w:sym w:font="Wingdings" w:char="F0A8"/><w:t xml:space="preserve"> No </w:t>'
        '<w:sym w:font="Symbol" w:char="F0B3"/><w:t>18</w:t></w:r></w:p>'
    )
    assert texts(read(make_docx(tmp_path, body))) == ["Name:\tSheriff County non-bindingly ☑ Yes ☐ No ≥18"]


def test_fields_keep_their_result_and_check_boxes_show_state(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/>'
        "</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> Agency: </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DOCPROPERTY Agency </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Lee County</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> 2025</w:t></w:r></w:fldSimple></w:p>'
    )
    assert texts(read(make_docx(tmp_path, body))) == ["☒ Agency: Lee County 2025"]


def test_content_controls_hyperlinks_and_text_boxes_keep_their_text(tmp_path: Path) -> None:
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("In a block control") + "</w:sdtContent></w:sdt>"
        '<w:p><w:r><w:t xml:space="preserve">Signed by </w:t></w:r>'
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Sheriff Smith</w:t></w:r></w:sdtContent></w:sdt>"
        '<w:hyperlink r:id="rId99"><w:r><w:t xml:space="preserve"> (ice.gov)</w:t></w:r></w:hyperlink>'
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        + p("Box text")
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + p("Box text")
        + "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    assert texts(read(make_docx(tmp_path, body))) == [
        "In a block control",
        "Signed by Sheriff Smith (ice.gov)",
        "Box text",
    ]


def test_empty_paragraphs_give_no_line(tmp_path: Path) -> None:
    body = p("") + p("   ") + "<w:p><w:r><w:tab/></w:r></w:p>" + p("text")
    doc = read(make_docx(tmp_path, body))
    assert texts(doc) == ["text"]
    line = doc.pages[0].lines[0]
    assert (line.source, line.starts_paragraph, line.x0, line.top, line.x1, line.bottom) == (
        "docx",
        True,
        0,
        0,
        0,
        0,
    )


# -- tables --------------------------------------------------------------------------------


def test_tables_row_by_row_with_merged_cells_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Before")
    table = document.add_table(rows=3, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Merged across"
    table.cell(0, 2).text = "Top right"
    tall = table.cell(1, 0).merge(table.cell(2, 0))
    tall.text = "Merged down"
    table.cell(1, 1).text = "Middle"
    table.cell(1, 2).paragraphs[0].text = "Two"
    table.cell(1, 2).add_paragraph("paragraphs")
    table.cell(2, 1).text = "Bottom"
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Nested A"
    inner.cell(0, 1).text = "Nested B"
    document.add_paragraph("After")
    path = tmp_path / "table.docx"
    document.save(str(path))
    assert texts(extract(path)) == [
        "Before",
        "Merged across",
        "Top right",
        "Merged down",
        "Middle",
        "Two",
        "paragraphs",
        "Bottom",
        "Nested A",
        "Nested B",
        "After",
    ]


def test_numbering_continues_through_table_cells(tmp_path: Path) -> None:
    body = (
        p("one", num=101)
        + "<w:tbl><w:tr><w:tc>"
        + p("two", num=101)
        + "</w:tc><w:tc>"
        + p("three", num=101)
        + "</w:tc></w:tr></w:tbl>"
        + p("four", num=101)
    )
    assert texts(read(make_docx(tmp_path, body, numbering=OUTLINE))) == [
        "1. one",
        "2. two",
        "3. three",
        "4. four",
    ]


# -- headers and footers -------------------------------------------------------------------


def test_headers_and_footers_go_to_furniture_not_the_body(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "287(g) Memorandum of Agreement"
    section.header.add_paragraph("Lee County")
    section.footer.paragraphs[0].text = "Page 1 of 12"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "DRAFT"
    document.add_paragraph("Body text")
    document.add_section()
    document.sections[1].header.is_linked_to_previous = False
    document.sections[1].header.paragraphs[0].text = "Appendix header"
    document.add_paragraph("Appendix text")
    path = tmp_path / "hf.docx"
    document.save(str(path))
    doc = extract(path)
    assert texts(doc) == ["Body text", "Appendix text"]
    assert set(doc.furniture) == {
        "287(g) Memorandum of Agreement",
        "Lee County",
        "DRAFT",
        "Appendix header",
        "Page 1 of 12",
    }
    assert doc.furniture.index("Lee County") == doc.furniture.index("287(g) Memorandum of Agreement") + 1
    assert doc.furniture[-1] == "Page 1 of 12"


# -- pages ---------------------------------------------------------------------------------


def test_hard_page_breaks_number_pages(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("page one")
    document.add_page_break()
    document.add_paragraph("page two")
    document.add_page_break()
    document.add_page_break()  # a blank page 3: pages without text do not exist
    document.add_paragraph("page four")
    document.add_page_break()  # nothing after it: no trailing empty page
    path = tmp_path / "pages.docx"
    document.save(str(path))
    doc = extract(path)
    assert paged(doc) == [(1, "page one"), (2, "page two"), (4, "page four")]
    assert [page.number for page in doc.pages] == [1, 2, 4]
    assert {page.text_quality for page in doc.pages} == {"good"}


def test_rendered_page_breaks_and_their_echo_of_a_hard_break(tmp_path: Path) -> None:
    body = (
        p("one")
        + "<w:p><w:r><w:t>runs on</w:t><w:lastRenderedPageBreak/><w:t> to page two</w:t></w:r></w:p>"
        + p("two")
        + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        # Word records the hard break again at the top of the new page.
        + "<w:p><w:r><w:lastRenderedPageBreak/><w:t>three</w:t></w:r></w:p>"
        + "<w:p><w:r><w:lastRenderedPageBreak/><w:t>four</w:t></w:r></w:p>"
        + '<w:p><w:r><w:t>still four</w:t><w:br w:type="page"/><w:t>five</w:t></w:r></w:p>'
        + "<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:lastRenderedPageBreak/><w:t>six</w:t></w:r></w:p>"
    )
    doc = read(make_docx(tmp_path, body))
    assert paged(doc) == [
        (1, "one"),
        (1, "runs on to page two"),
        (2, "two"),
        (3, "three"),
        (4, "four"),
        (4, "still four five"),
        (6, "six"),
    ]


def test_section_breaks_start_pages_unless_continuous(tmp_path: Path) -> None:
    # A sectPr ends its section; the next sectPr's type says how the next section starts.
    body = (
        p("one", ppr="<w:sectPr/>")
        + p("still one", ppr='<w:sectPr><w:type w:val="continuous"/></w:sectPr>')
        + p("two", ppr='<w:sectPr><w:type w:val="nextPage"/></w:sectPr>')
        + p("three")  # the body's own sectPr (no type: a new page) describes this last section
    )
    assert paged(read(make_docx(tmp_path, body))) == [(1, "one"), (1, "still one"), (2, "two"), (3, "three")]


def test_odd_page_section_skips_a_page(tmp_path: Path) -> None:
    parts = {
        "word/document.xml": document_xml(
            p("one")
            + p("ends section 1", ppr="<w:sectPr/>")
            + p("three")
            + '<w:sectPr><w:type w:val="oddPage"/></w:sectPr>'
        ),
    }
    doc = read(zip_docx(tmp_path / "odd.docx", parts))
    assert paged(doc) == [(1, "one"), (1, "ends section 1"), (3, "three")]


def test_rendered_breaks_in_every_cell_of_a_row_count_once(tmp_path: Path) -> None:
    cell = "<w:tc><w:p><w:r><w:lastRenderedPageBreak/><w:t>{}</w:t></w:r></w:p></w:tc>"
    body = (
        p("page one")
        + "<w:tbl><w:tr>"
        + cell.format("a")
        + cell.format("b")
        + cell.format("c")
        + "</w:tr>"
        + "<w:tr><w:tc>"
        + p("d")
        + "</w:tc></w:tr></w:tbl>"
        + p("after")
    )
    assert paged(read(make_docx(tmp_path, body))) == [
        (1, "page one"),
        (2, "a"),
        (2, "b"),
        (2, "c"),
        (2, "d"),
        (2, "after"),
    ]


# -- the dispatcher, errors and hostile input --------------------------------------------


def test_extract_dispatches_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("MEMORANDUM OF AGREEMENT")
    path = tmp_path / "moa.docx"
    document.save(str(path))
    doc = extract(path)
    assert (doc.format, doc.engine, doc.path, len(doc.sha256)) == ("docx", "python-docx", str(path), 64)
    assert doc.page_count == 1
    assert doc.pages[0].lines[0].text == "MEMORANDUM OF AGREEMENT"
    assert doc.notices == ()


def test_minimal_hand_made_package_without_relationships(tmp_path: Path) -> None:
    # No [Content_Types].xml and no _rels: Word's location is used.
    path = zip_docx(tmp_path / "bare.docx", {"word/document.xml": document_xml(p("Bare"))})
    assert texts(extract(path)) == ["Bare"]


def test_relationship_names_the_main_part(tmp_path: Path) -> None:
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="/word/Document%20Main.xml"/></Relationships>'
    )
    parts = {
        "_rels/.rels": rels,
        "word/document.xml": document_xml(p("decoy")),
        "word/Document Main.xml": document_xml(p("real")),
    }
    assert texts(read(zip_docx(tmp_path / "rel.docx", parts))) == ["real"]


def test_not_a_zip_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="not a zip archive"):
        extract_docx("x.docx", b"PK\x03\x04 this is not really a zip", "0" * 64, Options())
    with pytest.raises(ExtractionError, match=r"\.doc file"):
        extract_docx("x.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "0" * 64, Options())


def test_zip_without_document_xml(tmp_path: Path) -> None:
    path = zip_docx(tmp_path / "other.docx", {"xl/workbook.xml": "<workbook/>"})
    with pytest.raises(ExtractionError, match="no word/document.xml"):
        read(path)
    with pytest.raises(InputError):
        extract(path)


def test_malformed_xml_is_one_line(tmp_path: Path) -> None:
    path = zip_docx(tmp_path / "bad.docx", {"word/document.xml": document_xml("<w:p><w:r><w:t>oops</w:r>")})
    with pytest.raises(ExtractionError) as info:
        extract(path)
    message = str(info.value)
    assert "malformed XML in word/document.xml" in message
    assert "\n" not in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_malformed_numbering_part(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("x")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    parts["word/numbering.xml"] = b"<w:numbering"
    with pytest.raises(ExtractionError, match="word/numbering.xml"):
        read(zip_docx(tmp_path / "badnum.docx", parts))


def test_corrupt_member_is_an_extraction_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", document_xml(p("payload text")))
    damaged = buffer.getvalue().replace(b"payload", b"PAYLOAD")  # the CRC no longer matches
    with pytest.raises(ExtractionError, match="cannot decompress word/document.xml"):
        extract_docx("x.docx", damaged, "0" * 64, Options())


def test_oversized_part_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # By module object: ``moadiff.extract`` is also the name of a function in moadiff's namespace.
    reader = importlib.import_module("moadiff.extractors.docx")
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 100)
    path = zip_docx(tmp_path / "big.docx", {"word/document.xml": document_xml(p("x" * 200))})
    with pytest.raises(ExtractionError, match="too large"):
        read(path)


def test_strict_open_xml_is_refused_clearly(tmp_path: Path) -> None:
    strict = '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>'
    with pytest.raises(ExtractionError, match="Strict Open XML"):
        read(zip_docx(tmp_path / "strict.docx", {"word/document.xml": strict}))


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    prolog = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY lol "lollollollollollollollollollol">]>'
    )
    body = "<w:p><w:r><w:t>before &xxe; &lol; after</w:t></w:r></w:p>"
    path = zip_docx(tmp_path / "xxe.docx", {"word/document.xml": document_xml(body, prolog)})
    doc = extract(path)
    flat = " ".join(texts(doc))
    assert "TOP-SECRET" not in flat
    assert "lollol" not in flat
    assert flat.startswith("before") and flat.endswith("after")

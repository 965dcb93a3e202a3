"""DOCX reader: body paragraphs as lines, headers and footers kept apart.

python-docx's ``paragraph.text`` leaves out the list numbers Word draws
("II.", "(a)"), which are most of an agreement's clause labels, and it mixes
deleted with inserted text when changes are tracked. So this module walks the
WordprocessingML itself and reproduces what Word prints:

- list labels from ``numbering.xml`` (direct or through a paragraph style),
  counted the way Word counts them;
- tracked changes read as accepted (insertions kept, deletions dropped), and
  hidden text left out, each reported as a :class:`~moadiff.model.Notice`
  (the hidden words are quoted: "shall [hidden: not] disclose" prints as
  "shall disclose", and the reader must be told);
- paragraphs in tables, content controls and text boxes, in document order;
- pages from the page breaks Word recorded when it last laid the file out
  (``w:lastRenderedPageBreak``), hard page breaks and section breaks.

Every paragraph becomes one :class:`~moadiff.model.Line` (``source="docx"``,
``starts_paragraph=True``, positions 0); headers and footers go to
``Document.furniture``. Example::

    >>> from moadiff.extractors import extract
    >>> doc = extract("moa-2025.docx")                          # doctest: +SKIP
    >>> [(l.page, l.text) for l in doc.pages[0].lines][:2]      # doctest: +SKIP
    [(1, 'MEMORANDUM OF AGREEMENT'), (1, 'I. PURPOSE')]
    >>> doc.furniture                                           # doctest: +SKIP
    ('287(g) Memorandum of Agreement', 'Page 1 of 12')

The package is read with :mod:`zipfile` and its parts found through their
relationships, rather than with ``docx.Document()``: python-docx loads every
part a relationship names and fails on files Word opens without complaint
(a hyperlink relationship to ``#_top`` or ``NULL``, python-docx issues #797
and #1351). Only the parts needed here are read, each parsed with
python-docx's own parser, which neither resolves entities nor loads a DTD.

Hostile packages meet limits before they cost much: a part is inflated a
chunk at a time, and refused once it, or all parts read together, pass
:data:`MAX_PART_BYTES`, whatever the zip says; libxml2 refuses elements
nested over 256 deep and entities that expand far beyond their size
("billion laughs"). The child process that reads (isolate.py) bounds the rest.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from moadiff.errors import ExtractionError
from moadiff.model import Document, Line, Notice, Options, Page

if TYPE_CHECKING:
    Element = Any  # lxml ships no type information; its elements are duck-typed here.

__all__ = ["extract_docx"]

#: Refuse to inflate the XML parts read beyond this, together (a zip bomb, not an agreement).
MAX_PART_BYTES = 256 * 1024 * 1024

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Tags, resolved once: comparing strings is most of the walk's work.
W_BODY, W_DOCUMENT = qn("w:body"), qn("w:document")
W_P, W_PPR, W_R, W_RPR, W_T = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t")
W_TBL, W_TR, W_TC, W_TRPR, W_TCPR = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:trPr"), qn("w:tcPr")
W_VMERGE, W_HMERGE = qn("w:vMerge"), qn("w:hMerge")
W_SDT, W_SDTCONTENT, W_CUSTOMXML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
W_INS, W_DEL, W_MOVEFROM, W_MOVETO = qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")
W_HYPERLINK, W_SMARTTAG, W_FLDSIMPLE = qn("w:hyperlink"), qn("w:smartTag"), qn("w:fldSimple")
W_DIR, W_BDO = qn("w:dir"), qn("w:bdo")
W_TAB, W_PTAB, W_BR, W_CR = qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
W_NOBREAKHYPHEN, W_SOFTHYPHEN, W_SYM = qn("w:noBreakHyphen"), qn("w:softHyphen"), qn("w:sym")
W_LASTRENDERED = qn("w:lastRenderedPageBreak")
W_DRAWING, W_PICT, W_OBJECT, W_TXBXCONTENT = (
    qn("w:drawing"),
    qn("w:pict"),
    qn("w:object"),
    qn("w:txbxContent"),
)
W_FLDCHAR, W_FFDATA, W_CHECKBOX = qn("w:fldChar"), qn("w:ffData"), qn("w:checkBox")
W_CHECKED, W_DEFAULT = qn("w:checked"), qn("w:default")
W_VANISH, W_RSTYLE, W_PSTYLE, W_BASEDON = qn("w:vanish"), qn("w:rStyle"), qn("w:pStyle"), qn("w:basedOn")
W_NUMPR, W_NUMID, W_ILVL = qn("w:numPr"), qn("w:numId"), qn("w:ilvl")
W_PAGEBREAKBEFORE = qn("w:pageBreakBefore")
W_SECTPR, W_SECTPRCHANGE, W_TYPE = qn("w:sectPr"), qn("w:sectPrChange"), qn("w:type")
W_HEADERREF, W_FOOTERREF = qn("w:headerReference"), qn("w:footerReference")
W_STYLE, W_DOCDEFAULTS, W_RPRDEFAULT = qn("w:style"), qn("w:docDefaults"), qn("w:rPrDefault")
W_ABSTRACTNUM, W_NUM, W_ABSTRACTNUMID = qn("w:abstractNum"), qn("w:num"), qn("w:abstractNumId")
W_LVL, W_LVLOVERRIDE, W_STARTOVERRIDE = qn("w:lvl"), qn("w:lvlOverride"), qn("w:startOverride")
W_START, W_NUMFMT, W_LVLTEXT, W_LVLRESTART = (
    qn("w:start"),
    qn("w:numFmt"),
    qn("w:lvlText"),
    qn("w:lvlRestart"),
)
W_ISLGL, W_NUMSTYLELINK, W_STYLELINK = qn("w:isLgl"), qn("w:numStyleLink"), qn("w:styleLink")
W_VAL, W_TYPE_ATTR, W_STYLEID = qn("w:val"), qn("w:type"), qn("w:styleId")
W_ILVL_ATTR, W_NUMID_ATTR, W_ABSTRACTNUMID_ATTR = qn("w:ilvl"), qn("w:numId"), qn("w:abstractNumId")
W_CHAR, W_FONT = qn("w:char"), qn("w:font")
R_ID = qn("r:id")
M_OMATH, M_OMATHPARA, M_T = qn("m:oMath"), qn("m:oMathPara"), qn("m:t")
MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"

#: Formatting-only revisions: nothing to accept in the text, but still tracked changes.
_FORMAT_CHANGES = tuple(
    qn(f"w:{name}")
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
    )
)
#: Wrappers whose runs are part of the paragraph as printed.
_INLINE_WRAPPERS = frozenset({W_HYPERLINK, W_SMARTTAG, W_CUSTOMXML, W_FLDSIMPLE, W_DIR, W_BDO})
#: Block-level elements other than w:p that hold (or remove) paragraphs.
_BLOCK_CONTAINERS = frozenset({W_TBL, W_SDT, W_CUSTOMXML, W_INS, W_MOVETO, W_DEL, W_MOVEFROM, MC_ALTERNATE})
_PAGE_SECTIONS = frozenset({"nextPage", "oddPage", "evenPage"})
_OFF = frozenset({"0", "false", "off"})

# Symbol-font code points (after removing Word's U+F000 private-use offset) that
# carry meaning in a form; the rest of those fonts' glyphs are decoration.
_WINGDINGS = {
    0x6C: "●",
    0x6E: "■",
    0x6F: "☐",
    0x71: "❑",
    0x9F: "•",
    0xA7: "▪",
    0xA8: "☐",
    0xD8: "➢",
    0xFB: "✗",
    0xFC: "✓",
    0xFD: "☒",
    0xFE: "☑",
}
_SYMBOL = {
    0x2D: "-",
    0xA3: "≤",
    0xB0: "°",
    0xB1: "±",
    0xB3: "≥",
    0xB4: "×",
    0xB7: "•",
    0xB8: "÷",
    0xD2: "®",
    0xD3: "©",
    0xD4: "™",
    0xE2: "®",
    0xE3: "©",
    0xE4: "™",
}


def extract_docx(path: str, data: bytes, sha256: str, options: Options) -> Document:
    """Read a DOCX file's bytes into a Document, or raise ExtractionError.

    ``options`` is accepted for symmetry with the other readers; nothing in
    it concerns DOCX yet.
    """
    package = _Package(path, data)
    main = package.main_document()
    root = package.xml(main)
    if root is None:  # pragma: no cover - main_document() checked it exists
        raise ExtractionError(path, f"damaged DOCX: {main} is missing")
    if root.tag != W_DOCUMENT:
        if isinstance(root.tag, str) and root.tag.startswith(f"{{{_STRICT_W}}}"):
            raise ExtractionError(
                path, "Strict Open XML DOCX is not supported; save it as a Word Document (.docx)"
            )
        raise ExtractionError(path, f"{main} is not a WordprocessingML document")
    body = root.find(W_BODY)
    if body is None:
        raise ExtractionError(path, f"damaged DOCX: {main} has no body")

    rels = package.rels(main)
    styles = _Styles(package.xml(_first(rels, "/styles")))
    numbering_root = package.xml(_first(rels, "/numbering"))
    tally = _Tally()

    sections = [s for s in body.iter(W_SECTPR) if s.getparent().tag != W_SECTPRCHANGE]
    walker = _Walker(styles, _Numbering(numbering_root), tally, _section_breaks(sections))
    walker.block(body)

    furniture = _Walker(styles, _Numbering(numbering_root), tally, {}, paginate=False)
    for part in _header_footer_parts(sections, rels):
        part_root = package.xml(part)
        if part_root is not None:
            furniture.block(part_root)

    tally.formatting += sum(1 for _ in root.iter(*_FORMAT_CHANGES))
    return Document(
        path=path,
        sha256=sha256,
        format="docx",
        pages=_pages(walker.paragraphs),
        engine="python-docx",
        notices=tally.notices(),
        furniture=tuple(dict.fromkeys(text for _, text in furniture.paragraphs)),
    )


# -- the package --------------------------------------------------------------


class _Package:
    """The zip's parts, found through relationships as Word finds them."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        if data[:8] == _OLE_MAGIC:
            raise ExtractionError(
                path, "a password-protected DOCX or an old .doc file, not a DOCX zip archive"
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise ExtractionError(path, "not a DOCX file: not a zip archive") from None
        # OPC part names are case-insensitive; zip member names are not.
        self._names = {name.lower(): name for name in self._zip.namelist()}
        #: Bytes that the parts read so far may still inflate to, all together.
        self._budget = MAX_PART_BYTES

    def has(self, part: str) -> bool:
        return part.lower() in self._names

    def read(self, part: str) -> bytes | None:
        """The part's bytes, None if absent.

        A zip bomb is refused before it is inflated: by the size the archive
        states for the part, and for all parts read, and then by the size it
        really inflates to, read a chunk at a time (zipfile alone would
        inflate a whole member at once, whatever it states).
        """
        name = self._names.get(part.lower())
        if name is None:
            return None
        info = self._zip.getinfo(name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Word writes only these; bzip2 and LZMA inflate too fast to bound chunk by chunk.
            raise ExtractionError(self.path, f"damaged DOCX: {part} is compressed in a way Word never uses")
        if info.file_size > self._budget:
            raise self._too_large(part, info.file_size)
        chunks, size = [], 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(1 << 20):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > self._budget:
                        raise self._too_large(part, size)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
            # RuntimeError covers encrypted members; BadZipFile a checksum that
            # fails, as when a part inflates to more than its stated size.
            raise ExtractionError(self.path, f"damaged DOCX: cannot decompress {part}") from None
        self._budget -= size
        return b"".join(chunks)

    def _too_large(self, part: str, size: int) -> ExtractionError:
        limit = f"more than the {MAX_PART_BYTES // 2**20} MB a Word document could need"
        if size > MAX_PART_BYTES:
            what = f"{part} is too large ({size // 2**20:,} MB unpacked, {limit})"
        else:
            what = f"the parts of the DOCX are too large together ({limit}, unpacked)"
        return ExtractionError(self.path, f"{what}; the file may be a decompression bomb")

    def xml(self, part: str | None) -> Element | None:
        """The parsed part, None if absent; malformed XML is an ExtractionError."""
        if part is None:
            return None
        blob = self.read(part)
        if blob is None:
            return None
        try:
            return parse_xml(blob)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise ExtractionError(self.path, _xml_error(part, exc), detail=f"lxml: {exc}") from None

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of the part's internal relationships."""
        folder, name = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        if root is None:
            return []
        found = []
        for rel in root:
            if not isinstance(rel.tag, str):  # a comment
                continue
            target = rel.get("Target")
            if rel.get("TargetMode") == "External" or not target:
                continue
            target = unquote(target.split("#", 1)[0])
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            found.append((rel.get("Id") or "", rel.get("Type") or "", resolved))
        return found

    def main_document(self) -> str:
        target = _first(self.rels(""), "/officeDocument")
        if target is not None and self.has(target):
            return target
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise ExtractionError(self.path, "not a DOCX file: no word/document.xml in the archive")


def _xml_error(part: str, exc: Exception) -> str:
    """Why a part's XML was refused, in words. libxml2's own limits stop the
    two XML attacks before they cost anything: elements nested more than 256
    deep, and entities that expand to far more text than they take (the
    "billion laughs")."""
    message = str(exc)
    if "Excessive depth" in message:
        return (f"{part} nests its elements more than 256 levels deep, which Word never does; "
                "the file is damaged or hostile")
    if "amplification" in message or "entity reference loop" in message:
        return (f"{part} defines entities that expand to a huge amount of text (a \"billion laughs\" "
                "attack), which Word never does; the file is damaged or hostile")
    line = getattr(exc, "lineno", None)
    where = f" (line {line})" if line else ""
    return f"damaged DOCX: malformed XML in {part}{where}"


def _first(rels: list[tuple[str, str, str]], type_suffix: str) -> str | None:
    """Target of the first relationship whose type ends with ``type_suffix``.

    Matching the suffix accepts both the transitional and the strict
    relationship namespaces.
    """
    return next((target for _, rtype, target in rels if rtype.endswith(type_suffix)), None)


def _header_footer_parts(sections: list[Element], rels: list[tuple[str, str, str]]) -> list[str]:
    """Header parts then footer parts, in section order, each once.

    Only parts a section refers to are shown by Word, so unreferenced
    header relationships are ignored.
    """
    by_id = {rid: target for rid, _, target in rels}
    parts: list[str] = []
    for ref_tag in (W_HEADERREF, W_FOOTERREF):
        for section in sections:
            for ref in section.iterchildren(ref_tag):
                target = by_id.get(ref.get(R_ID) or "")
                if target is not None and target not in parts:
                    parts.append(target)
    return parts


def _section_breaks(sections: list[Element]) -> dict[Element, str]:
    """For each section's closing sectPr, how the *next* section starts.

    A sectPr describes the section it ends, and its ``w:type`` says how that
    section begins; the break after a paragraph-level sectPr is therefore
    given by the following sectPr (default "nextPage").
    """
    return {current: _section_type(following) for current, following in itertools.pairwise(sections)}


def _section_type(sect: Element) -> str:
    kind = sect.find(W_TYPE)
    return (kind.get(W_VAL) if kind is not None else None) or "nextPage"


# -- styles and numbering ---------------------------------------------------------


def _on(element: Element | None) -> bool | None:
    """A WordprocessingML toggle: absent is None, present is on unless val says off."""
    if element is None:
        return None
    return (element.get(W_VAL) or "true").lower() not in _OFF


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Styles:
    """Paragraph and character styles, resolved through ``w:basedOn``."""

    def __init__(self, root: Element | None) -> None:
        self._by_id: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        self.default_hidden = False
        self._chains: dict[str, tuple[Element, ...]] = {}
        self._hidden: dict[str, bool | None] = {}
        if root is None:
            return
        for style in root.iterchildren(W_STYLE):
            sid = style.get(W_STYLEID)
            if sid is None:
                continue
            self._by_id.setdefault(sid, style)
            if style.get(W_TYPE_ATTR) == "paragraph" and _on_attr(style.get(W_DEFAULT)):
                self.default_paragraph = sid
        defaults = root.find(W_DOCDEFAULTS)
        if defaults is not None:
            rpr = defaults.find(f"{W_RPRDEFAULT}/{W_RPR}")
            self.default_hidden = bool(rpr is not None and _on(rpr.find(W_VANISH)))

    def chain(self, style_id: str | None) -> tuple[Element, ...]:
        """The style, then the styles it is based on (a cycle stops the walk)."""
        if style_id is None:
            return ()
        cached = self._chains.get(style_id)
        if cached is not None:
            return cached
        chain: list[Element] = []
        sid: str | None = style_id
        seen: set[str] = set()
        while sid is not None and sid not in seen and sid in self._by_id:
            seen.add(sid)
            style = self._by_id[sid]
            chain.append(style)
            based = style.find(W_BASEDON)
            sid = based.get(W_VAL) if based is not None else None
        self._chains[style_id] = result = tuple(chain)
        return result

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives its paragraphs, nearest first."""
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            numpr = style.find(f"{W_PPR}/{W_NUMPR}")
            if numpr is None:
                continue
            if num_id is None:
                num_id = _val(numpr.find(W_NUMID))
            if ilvl is None:
                ilvl = _int(_val(numpr.find(W_ILVL)))
        return num_id, ilvl

    def hidden(self, style_id: str | None) -> bool | None:
        """Whether a style's run properties hide text (None: it does not say)."""
        if style_id is None:
            return None
        if style_id not in self._hidden:
            found = None
            for style in self.chain(style_id):
                found = _on(style.find(f"{W_RPR}/{W_VANISH}"))
                if found is not None:
                    break
            self._hidden[style_id] = found
        return self._hidden[style_id]

    def page_break_before(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            found = _on(style.find(f"{W_PPR}/{W_PAGEBREAKBEFORE}"))
            if found is not None:
                return found
        return False


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


def _val(element: Element | None) -> str | None:
    return element.get(W_VAL) if element is not None else None


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of a list definition (``w:lvl``)."""

    fmt: str = "decimal"
    text: str = ""
    #: The standard's default when ``w:start`` is absent is 0 (Word writes it always).
    start: int = 0
    #: ``w:lvlRestart``: restart after a use of a level numbered (1-based) up to
    #: this; 0 never restarts; None is Word's default, after any shallower level.
    restart: int | None = None
    legal: bool = False
    style: str | None = None

    @classmethod
    def parse(cls, lvl: Element) -> _Level:
        fmt = lvl.find(W_NUMFMT)
        text = lvl.find(W_LVLTEXT)
        return cls(
            fmt=(fmt.get(W_VAL) if fmt is not None else None) or "decimal",
            text=(text.get(W_VAL) if text is not None else None) or "",
            start=_int(_val(lvl.find(W_START))) or 0,
            restart=_int(_val(lvl.find(W_LVLRESTART))),
            legal=bool(_on(lvl.find(W_ISLGL))),
            style=_val(lvl.find(W_PSTYLE)),
        )


@dataclass(frozen=True, slots=True)
class _Num:
    """A ``w:num``: which list it continues, with its own overrides."""

    abstract: str
    levels: dict[int, _Level]
    start_overrides: dict[int, int]


@dataclass(slots=True)
class _ListState:
    """The counters of one list: level -> last number shown there.

    A level absent from ``counters`` has been reset (or never used): its next
    use shows ``pending`` (a startOverride) or the level's start.
    """

    counters: dict[int, int] = field(default_factory=dict)
    pending: dict[int, int] = field(default_factory=dict)


_PLACEHOLDER = re.compile(r"%([1-9])")


class _Numbering:
    """Word's list numbering: definitions from numbering.xml, counters as Word keeps them.

    Counters belong to the abstract definition, not to the ``w:num`` a
    paragraph names: Word continues one list across several numIds that share
    an abstractNum. A num with ``w:startOverride`` restarts the overridden
    levels the first time one of its paragraphs appears, then continues.
    """

    def __init__(self, root: Element | None) -> None:
        self._nums: dict[str, _Num] = {}
        self._states: dict[str, _ListState] = {}
        self._started: set[str] = set()
        if root is None:
            return
        abstracts: dict[str, dict[int, _Level]] = {}
        links: dict[str, str] = {}  # abstractNumId -> numStyleLink style
        owners: dict[str, str] = {}  # styleLink style -> abstractNumId defining it
        for abstract in root.iterchildren(W_ABSTRACTNUM):
            aid = abstract.get(W_ABSTRACTNUMID_ATTR)
            if aid is None:
                continue
            abstracts[aid] = _levels(abstract)
            if (link := _val(abstract.find(W_NUMSTYLELINK))) is not None:
                links[aid] = link
            if (owned := _val(abstract.find(W_STYLELINK))) is not None:
                owners.setdefault(owned, aid)
        for num in root.iterchildren(W_NUM):
            num_id = num.get(W_NUMID_ATTR)
            aid = _val(num.find(W_ABSTRACTNUMID))
            if num_id is None or aid is None:
                continue
            # A numbering style (numStyleLink) points at the list that defines it.
            if aid in links:
                aid = owners.get(links[aid], aid)
            levels = dict(abstracts.get(aid, {}))
            starts: dict[int, int] = {}
            for override in num.iterchildren(W_LVLOVERRIDE):
                ilvl = _int(override.get(W_ILVL_ATTR))
                if ilvl is None:
                    continue
                if (lvl := override.find(W_LVL)) is not None:
                    levels[ilvl] = _Level.parse(lvl)
                if (start := _int(_val(override.find(W_STARTOVERRIDE)))) is not None:
                    starts[ilvl] = start
            self._nums[num_id] = _Num(aid, levels, starts)

    def label(self, num_id: str, ilvl: int | None, style_id: str | None) -> str | None:
        """Advance the list and return the paragraph's label ("II.", "(a)", "•"), or None."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        if ilvl is None:
            # A style linked to a level (w:lvl/w:pStyle) picks that level.
            ilvl = next((i for i, lvl in num.levels.items() if style_id and lvl.style == style_id), 0)
        level = num.levels.get(ilvl)
        if level is None:
            return None
        state = self._states.setdefault(num.abstract, _ListState())
        if num_id not in self._started:
            self._started.add(num_id)
            for at, start in num.start_overrides.items():
                state.counters.pop(at, None)
                state.pending[at] = start
        current = state.counters.get(ilvl)
        state.counters[ilvl] = state.pending.pop(ilvl, level.start) if current is None else current + 1
        for deeper in [d for d in state.counters if d > ilvl]:
            restart = num.levels[deeper].restart if deeper in num.levels else None
            if restart is None or ilvl < restart:
                del state.counters[deeper]
        if level.fmt == "bullet":
            return "•"

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            shown = num.levels.get(at, _Level())
            value = state.counters.get(at, state.pending.get(at, shown.start))
            fmt = "decimal" if level.legal and shown.fmt not in ("none", "bullet") else shown.fmt
            return format_number(value, fmt)

        # Word drops the whole label if it names a level deeper than its own.
        if any(int(n) - 1 > ilvl for n in _PLACEHOLDER.findall(level.text)):
            return None
        label = _PLACEHOLDER.sub(number, level.text).strip()
        return label or None


def _levels(abstract: Element) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in abstract.iterchildren(W_LVL):
        ilvl = _int(lvl.get(W_ILVL_ATTR))
        if ilvl is not None:
            levels[ilvl] = _Level.parse(lvl)
    return levels


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def format_number(n: int, fmt: str) -> str:
    """A list counter as Word shows it in format ``fmt`` (a ``w:numFmt`` value).

    Letters repeat rather than carry, as in Word: 26 is "Z", 27 "AA", 28 "BB".

    >>> [format_number(n, f) for n, f in ((4, "upperRoman"), (27, "upperLetter"), (2, "ordinal"))]
    ['IV', 'AA', '2nd']
    """
    if fmt in ("none", "bullet"):
        return ""
    if n <= 0 and fmt != "decimal":
        return str(n)
    if fmt in ("upperRoman", "lowerRoman"):
        out = []
        for value, numeral in _ROMAN:
            count, n = divmod(n, value)
            out.append(numeral * count)
        roman = "".join(out)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A" if fmt == "upperLetter" else "a") + (n - 1) % 26)
        return letter * ((n - 1) // 26 + 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt in ("cardinalText", "ordinalText") and n < 1000:
        words = _words(n)
        if fmt == "ordinalText":
            head, _, last = words.rpartition("-" if "-" in words else " ")
            sep = words[len(head)] if head else ""
            last = _ORDINAL_WORDS.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
            words = f"{head}{sep}{last}"
        return words[0].upper() + words[1:]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalEnclosedCircle" and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "chicago":
        return "*†‡§"[(n - 1) % 4] * ((n - 1) // 4 + 1)
    return str(n)


def _words(n: int) -> str:
    """English words for 0 <= n < 1000 ("one hundred twenty-one")."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" {_words(rest)}" if rest else "")


# -- the walk -----------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    """What the walk met that the user must hear about."""

    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    formatting: int = 0
    hidden: int = 0
    change_pages: set[int] = field(default_factory=set)
    hidden_pages: set[int] = field(default_factory=set)
    #: The first few hidden runs' words, quoted in the notice: hidden text can
    #: change the meaning ("shall [not] disclose"), so the reader must see it.
    hidden_words: list[str] = field(default_factory=list)

    def hide(self, text: str, pages: set[int]) -> None:
        self.hidden += 1
        self.hidden_pages |= pages
        if len(self.hidden_words) < _QUOTED:
            words = " ".join(text.split())
            self.hidden_words.append(words if len(words) <= 60 else words[:59] + "…")

    def notices(self) -> tuple[Notice, ...]:
        notices = []
        changes = self.insertions + self.deletions + self.moves + self.formatting
        if changes:
            parts = [
                _plural(count, name)
                for count, name in (
                    (self.insertions, "insertion"),
                    (self.deletions, "deletion"),
                    (self.moves, "move"),
                    (self.formatting, "formatting change"),
                )
                if count
            ]
            notices.append(
                Notice(
                    "tracked-changes",
                    f"the document has tracked changes ({', '.join(parts)}); the tracked changes were "
                    "read as accepted: inserted text is compared, deleted text is not",
                    tuple(sorted(self.change_pages)),
                )
            )
        if self.hidden:
            notices.append(
                Notice(
                    "hidden-text",
                    f"{_plural(self.hidden, 'run')} of hidden text (formatted as hidden, "
                    f"not printed by Word) left out: {_quoted(self.hidden_words, self.hidden)}",
                    tuple(sorted(self.hidden_pages)),
                )
            )
        return tuple(notices)


#: Hidden runs quoted in the notice.
_QUOTED = 5


def _quoted(words: list[str], count: int) -> str:
    """The first hidden runs, quoted: '"a", "b" and 3 more'."""
    quoted = ", ".join(f'"{w}"' for w in words)
    return quoted + (f" and {count - len(words)} more" if count > len(words) else "")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _Text:
    """One paragraph's text as it is collected, with the page it starts on."""

    __slots__ = ("boxes", "page", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.page: int | None = None
        #: Text-box contents met in the paragraph, read after it.
        self.boxes: list[Element] = []

    def text(self) -> str:
        return "".join(self.parts).strip()


class _Walker:
    """Walks block content (body, cell, header) in document order.

    ``paragraphs`` collects (page, text) per non-empty paragraph. Pages follow
    the breaks Word recorded at its last layout (``w:lastRenderedPageBreak``)
    plus explicit ones (page breaks, page-starting section breaks, "page break
    before"). Word records an explicit break a second time as a rendered break
    at the top of the new page, so a rendered break met before any text since
    an explicit one is that same break, not a new page.
    """

    def __init__(
        self,
        styles: _Styles,
        numbering: _Numbering,
        tally: _Tally,
        section_breaks: dict[Element, str],
        *,
        paginate: bool = True,
    ) -> None:
        self.styles = styles
        self.numbering = numbering
        self.tally = tally
        self.section_breaks = section_breaks
        self.paginate = paginate
        self.page = 1
        self.paragraphs: list[tuple[int, str]] = []
        self._fresh = False  # an explicit break was taken and no text shown since
        self._seen = False  # a paragraph has been met (page-break-before is moot on the first)

    # -- pages

    def _hard_break(self) -> None:
        self.page += 1
        self._fresh = True

    def _rendered_break(self) -> None:
        if self._fresh:
            self._fresh = False
        else:
            self.page += 1

    def _where(self) -> set[int]:
        """The pages to name in a notice: none for headers and footers."""
        return {self.page} if self.paginate else set()

    # -- blocks

    def block(self, container: Element) -> None:
        """Paragraphs and tables of a body, cell, content control or header."""
        carry: _Text | None = None
        for child in container:
            tag = child.tag
            if tag == W_P:
                carry = self._paragraph(child, carry)
                continue
            # Bookmarks, permissions and the like between paragraphs do not
            # stop a paragraph with a deleted mark from joining the next one.
            if tag not in _BLOCK_CONTAINERS:
                continue
            self._flush(carry)
            carry = None
            if tag == W_TBL:
                self._table(child)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self.block(content)
            elif tag in (W_DEL, W_MOVEFROM):
                self._count_removal(tag)
            elif tag == MC_ALTERNATE:
                self.block(_choose(child))
            else:  # w:customXml, w:ins, w:moveTo
                self.block(child)
        self._flush(carry)

    def _flush(self, carry: _Text | None) -> None:
        """Emit text left by a paragraph whose mark was deleted and had nothing to join."""
        if carry is not None and (text := carry.text()):
            self.paragraphs.append((carry.page or self.page, text))

    def _table(self, tbl: Element) -> None:
        """Rows in order, cells left to right.

        Cells of a row sit side by side: each starts on the row's page, and
        the row ends on the furthest page any cell reached. (Word also marks
        a rendered break in every cell of a row that starts a page; counting
        them one after another would add a page per cell.)
        """
        for row in _children(tbl, W_TR):
            trpr = row.find(W_TRPR)
            if trpr is not None and trpr.find(W_DEL) is not None:
                self.tally.deletions += 1
                self.tally.change_pages |= self._where()
                continue
            if trpr is not None and trpr.find(W_INS) is not None:
                self.tally.insertions += 1
                self.tally.change_pages |= self._where()
            start, fresh, end = self.page, self._fresh, self.page
            for cell in _children(row, W_TC):
                if _merged_continuation(cell):
                    continue
                self.page, self._fresh = start, fresh
                self.block(cell)
                end = max(end, self.page)
            self.page = end

    # -- paragraphs

    def _paragraph(self, p: Element, carry: _Text | None) -> _Text | None:
        """Add one paragraph; return its text if it must join the next one.

        A deleted paragraph mark (``w:pPr/w:rPr/w:del``) merges the paragraph
        into the next once the deletion is accepted: its text is carried over,
        and it takes no list number.
        """
        ppr = p.find(W_PPR)
        style_id = _val(ppr.find(W_PSTYLE)) if ppr is not None else None
        style_id = style_id or self.styles.default_paragraph
        if self.paginate:
            direct = _on(ppr.find(W_PAGEBREAKBEFORE)) if ppr is not None else None
            before = direct if direct is not None else self.styles.page_break_before(style_id)
            if before and self._seen:
                self._hard_break()
        self._seen = True

        out = carry if carry is not None else _Text()
        self._inline(p, out, style_id)

        mark = ppr.find(W_RPR) if ppr is not None else None
        if mark is not None:
            if mark.find(W_DEL) is not None or mark.find(W_MOVEFROM) is not None:
                self._count_removal(W_DEL)
                return out
            if mark.find(W_INS) is not None or mark.find(W_MOVETO) is not None:
                self.tally.insertions += 1
                self.tally.change_pages |= self._where()

        text = out.text()
        # Word gives no number to a paragraph that is wholly hidden, mark included.
        wholly_hidden = not text and mark is not None and bool(_on(mark.find(W_VANISH)))
        label = None if wholly_hidden else self._label(ppr, style_id)
        if text:
            self.paragraphs.append((out.page or self.page, f"{label} {text}" if label else text))
        for box in out.boxes:
            self.block(box)
        if self.paginate and ppr is not None:
            sect = ppr.find(W_SECTPR)
            if sect is not None and self.section_breaks.get(sect) in _PAGE_SECTIONS:
                self._hard_break()
                kind = self.section_breaks[sect]
                if (kind == "oddPage" and self.page % 2 == 0) or (kind == "evenPage" and self.page % 2):
                    self.page += 1  # Word inserts a blank page
        return None

    def _label(self, ppr: Element | None, style_id: str | None) -> str | None:
        """The list label of a paragraph, from its own numPr or its style's.

        Direct properties win over the style field by field; numId 0 (direct
        or inherited) turns numbering off.
        """
        numpr = ppr.find(W_NUMPR) if ppr is not None else None
        num_id = _val(numpr.find(W_NUMID)) if numpr is not None else None
        ilvl = _int(_val(numpr.find(W_ILVL))) if numpr is not None else None
        if num_id is None or ilvl is None:
            style_num, style_ilvl = self.styles.numbering(style_id)
            if num_id is None:
                num_id = style_num
                ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id.strip() == "0":
            return None
        return self.numbering.label(num_id.strip(), ilvl, style_id)

    def _inline(self, container: Element, out: _Text, style_id: str | None) -> None:
        """Runs of a paragraph, through the wrappers that keep their text."""
        for child in container:
            tag = child.tag
            if tag == W_R:
                self._run(child, out, style_id)
            elif tag in _INLINE_WRAPPERS:
                self._inline(child, out, style_id)
            elif tag == W_INS or tag == W_MOVETO:
                if tag == W_INS:
                    self.tally.insertions += 1
                else:
                    self.tally.moves += 1
                self.tally.change_pages |= self._where()
                self._inline(child, out, style_id)
            elif tag == W_DEL or tag == W_MOVEFROM:
                self._count_removal(tag)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self._inline(content, out, style_id)
            elif tag == MC_ALTERNATE:
                self._inline(_choose(child), out, style_id)
            elif tag == M_OMATHPARA or tag == M_OMATH:
                self._add(out, "".join(t.text or "" for t in child.iter(M_T)))

    def _count_removal(self, tag: str) -> None:
        if tag == W_MOVEFROM:
            self.tally.moves += 1
        else:
            self.tally.deletions += 1
        self.tally.change_pages |= self._where()

    def _add(self, out: _Text, text: str) -> None:
        out.parts.append(text)
        if out.page is None and text.strip():
            out.page = self.page
        if text.strip():
            self._fresh = False

    def _run(self, run: Element, out: _Text, style_id: str | None) -> None:
        rpr = run.find(W_RPR)
        hidden = self._hidden(rpr, style_id)
        for child in run:
            tag = child.tag
            if tag == W_T:
                text = _element_text(child)
                if not hidden:
                    self._add(out, text)
                elif text.strip():
                    self.tally.hide(text, self._where())
            elif tag == W_LASTRENDERED:
                if self.paginate:
                    self._rendered_break()
            elif hidden:
                continue
            elif tag == W_TAB or tag == W_PTAB:
                out.parts.append("\t")
            elif tag == W_BR:
                if child.get(W_TYPE_ATTR) == "page" and self.paginate:
                    self._hard_break()
                out.parts.append(" ")
            elif tag == W_CR:
                out.parts.append(" ")
            elif tag == W_NOBREAKHYPHEN:
                self._add(out, "-")
            elif tag == W_SYM:
                self._add(out, _symbol(child))
            elif tag == W_FLDCHAR:
                self._add(out, _checkbox(child))
            elif tag in (W_DRAWING, W_PICT, W_OBJECT, MC_ALTERNATE):
                _find_textboxes(child, out.boxes)
            # w:softHyphen shows nothing mid-line; w:delText, w:instrText and
            # w:rPr are not text.

    def _hidden(self, rpr: Element | None, style_id: str | None) -> bool:
        """Whether a run is hidden: its own properties, its character style,
        its paragraph style, then the document defaults, nearest first."""
        if rpr is not None:
            direct = _on(rpr.find(W_VANISH))
            if direct is not None:
                return direct
            char_style = self.styles.hidden(_val(rpr.find(W_RSTYLE)))
            if char_style is not None:
                return char_style
        para_style = self.styles.hidden(style_id)
        if para_style is not None:
            return para_style
        return self.styles.default_hidden


def _children(parent: Element, tag: str) -> Iterator[Element]:
    """Children with ``tag``, looking through content controls and custom XML,
    which can wrap table rows and cells."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOMXML:
            yield from _children(child, tag)


def _merged_continuation(cell: Element) -> bool:
    """A cell that only continues a merge started above or to the left.

    Its content (normally empty) is not shown; reading it would repeat or
    invent text.
    """
    tcpr = cell.find(W_TCPR)
    if tcpr is None:
        return False
    for tag in (W_VMERGE, W_HMERGE):
        merge = tcpr.find(tag)
        if merge is not None and merge.get(W_VAL) != "restart":
            return True
    return False


def _choose(alternate: Element) -> Element:
    """One branch of an ``mc:AlternateContent``: the first Choice, else the
    Fallback. Reading both would repeat the same content (a text box is
    stored once as DrawingML and once as VML)."""
    for child in alternate:
        if child.tag == MC_CHOICE:
            return child
    fallback = alternate.find(MC_FALLBACK)
    return fallback if fallback is not None else etree.Element("empty")


def _find_textboxes(element: Element, found: list[Element]) -> None:
    """Outermost ``w:txbxContent`` under a drawing; nested boxes are reached
    when their host box is read."""
    if element.tag == MC_ALTERNATE:
        element = _choose(element)
    for child in element:
        tag = child.tag
        if tag == W_TXBXCONTENT:
            found.append(child)
        elif isinstance(tag, str):
            _find_textboxes(child, found)


def _element_text(t: Element) -> str:
    """A w:t's text. Unresolved entity references (the parser never resolves
    them) are child nodes: skip them, keep the text around them."""
    text = t.text or ""
    for child in t:
        text += child.tail or ""
    return text


def _symbol(sym: Element) -> str:
    """Best effort for ``w:sym`` (a glyph of a symbol font): the few that
    matter in forms (check boxes, bullets, signs); others are left out."""
    try:
        code = int(sym.get(W_CHAR) or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000  # Word stores symbol-font glyphs in the private use area
    font = (sym.get(W_FONT) or "").lower()
    if "wingdings" in font:
        return _WINGDINGS.get(code, "")
    if "symbol" in font:
        return _SYMBOL.get(code, "")
    if "dings" in font:  # Webdings and the like: pictures, not text
        return ""
    return chr(code) if 0x20 <= code and chr(code).isprintable() else ""


def _checkbox(fld_char: Element) -> str:
    """A legacy check-box form field draws its box itself: show its state."""
    box = fld_char.find(f"{W_FFDATA}/{W_CHECKBOX}")
    if box is None:
        return ""
    checked = _on(box.find(W_CHECKED))
    if checked is None:
        checked = _val(box.find(W_DEFAULT)) in ("1", "true", "on")
    return "☒" if checked else "☐"


def _pages(paragraphs: list[tuple[int, str]]) -> tuple[Page, ...]:
    """Group lines by page; pages without text do not exist.

    Page numbers never go backwards: in a table row, a cell can end a page
    later than the next cell starts, and document order matters more to the
    comparison than that cell's exact page.
    """
    grouped: dict[int, list[Line]] = {}
    last = 1
    for page, text in paragraphs:
        last = max(last, page)
        grouped.setdefault(last, []).append(Line(text, last, source="docx", starts_paragraph=True))
    return tuple(Page(number, tuple(lines)) for number, lines in grouped.items())

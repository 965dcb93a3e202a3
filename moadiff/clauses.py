"""Stage 3: cut clean paragraphs into clauses along the document's own numbering.

A label alone does not say what it is: "I." is section I at the start and
subsection IV.I after "IV.H."; OCR reads "II." as "D.", "Il." or "n.", and
"VIII." as "vm.". So each label is read against the numbering open at that
point (a stack such as ``[IV (roman), H (letter)]``):

* a label that *continues* an open level (the next roman, the next letter,
  ...) closes the deeper levels and takes its place; the deepest such level
  wins;
* a label that *starts* a style not open yet ("A", "1", "(1)", "(a)") opens a
  new level below the current one;
* anything else is body text: "C. M. Cronen" in a signature block is not a
  subsection C.

A label that fits nowhere but stands before an ALL-CAPS title is read as
OCR's mangling of the next label at an open level: a roman section when its
strokes spell that numeral ("ID." -> III, "vm." -> VIII, "VIL" -> VII), or
the next section or letter when it is one character off ("Vv." -> V,
"XE." -> E, "D," -> D); the deepest level wins a tie.

Appendices ("APPENDIX B", OCR'd "APPENDIXB"), addenda, the title block
before section I, and the signature block get clauses of their own. A clause
is a mutable draft while its paragraphs are read (a heading found later may
take some back), and is frozen into a :class:`~moadiff.model.Clause` at the end.

>>> from moadiff.model import Paragraph
>>> subsections = [f"{letter}. TITLE {letter}" for letter in "ABCDEFGH"]
>>> paras = [Paragraph(t, 1, 1) for t in (
...     "I. PARTIES", "II. PURPOSE", "III. AUTHORITY", "IV. RESPONSIBILITIES", *subsections,
...     "I. CIVIL RIGHTS STANDARDS", "Text.", "V. REPORTING")]
>>> [c.id for c in segment(paras)][-3:]
['IV.H', 'IV.I', 'V']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from moadiff.model import Clause, Paragraph

__all__ = ["int_to_roman", "roman_to_int", "segment"]

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_LABEL = re.compile(
    r"^(?P<label>\((?P<pnum>\d{1,2}|l)\)|\((?P<plet>[a-z]{1,4})\)|(?P<num>\d{1,2})[.)]"
    r"|(?P<up>[A-Z]{1,7})(?P<upstop>[.,])|(?P<low>[a-z]{1,4})[.)])\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
_OCR_LABEL = re.compile(r"^(?P<label>[A-Za-z0-9|!\]\[]{1,5})(?P<stop>[.,:;]?)\s+(?P<rest>\S.*)$", re.DOTALL)
# Strokes each OCR misreading of a roman numeral stands for (no agreement
# has 50 sections, so "L" is a misread "I" too).
_OCR_STROKES = {
    **dict.fromkeys("Il1|!][tjJiL", "I"), "V": "V", "v": "V", "X": "X", "x": "X",
    "D": "II", "H": "II", "U": "II", "n": "II", "m": "III",
}
_APPENDIX = re.compile(r"^APPENDIX\s*(?P<label>[A-Z]|\d{1,2})\b[\s.:\-–]*(?P<rest>.*)$", re.DOTALL)
_ADDENDUM = re.compile(r"^ADDENDUM\b.*$", re.DOTALL)
_SIGNATURE_FIELD = re.compile(r"\b(?:Signature|Date|Name|Title|Agency)\s*:")
#: A digital-signature stamp ("Digitally signed by ... Date: 2020.06.08",
#: as OCR reads it: "Digltallysignedby"), within the first words of a
#: paragraph that has a "Date:" field, opens a signature block whatever
#: name the line starts with. A sentence about signing digitally has no
#: "Date:" field, and a paragraph that runs on from body text into a stamp
#: (a layout that joined them) is left to the other rules.
_SIGNATURE_STAMP = re.compile(r"\bdig\w{2,8}\s*sign\w{0,4}\s*by\b", re.IGNORECASE)
_STAMP_WITHIN = 40
#: "For For ICE: the LEA:" is the two headings of a two-column block read across.
_SIGNATURE_START = re.compile(r"^(?:For\s+(?:For\s+)?(?:the\s+)?[A-Z]{2,5}\b|Signature|Date|Name|Title)\s*:?",
                              re.IGNORECASE)
_CAPS_WORD = re.compile(r"^[\"'(\[]*[A-Z0-9][A-Z0-9&/.,'\-()\[\]:]*$")


def roman_to_int(text: str) -> int | None:
    """Value of a well-formed roman numeral, else None.

    >>> roman_to_int("XIV"), roman_to_int("IIII")
    (14, None)
    """
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total if total > 0 and int_to_roman(total) == text else None


def int_to_roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letter_value(text: str) -> int | None:
    """A=1 ... Z=26, AA=27 (Word's doubled letters)."""
    if len(set(text)) == 1 and len(text) <= 3:
        return (ord(text[0].upper()) - 64) + 26 * (len(text) - 1)
    return None


@dataclass(frozen=True, slots=True)
class _Frame:
    """One open level of the numbering."""

    style: str  # "R", "A", "1", "(1)", "(a)", "a", "APPENDIX", "ADDENDUM", "TOP"
    number: int
    id: str


@dataclass(frozen=True, slots=True)
class _Heading:
    style: str
    number: int
    label: str  # as printed
    id_part: str  # as it appears in the id ("IV", "B", "(1)")
    rest: str


def _interpretations(text: str) -> list[_Heading]:
    """Every way the start of ``text`` can be read as a label."""
    m = _LABEL.match(text)
    if not m:
        return []
    label, rest = m.group("label"), m.group("rest")
    out: list[_Heading] = []
    if m.group("pnum"):
        n = 1 if m.group("pnum") == "l" else int(m.group("pnum"))
        out.append(_Heading("(1)", n, label, f"({n})", rest))
    elif m.group("plet"):
        s = m.group("plet")
        if (v := _letter_value(s)) is not None:
            out.append(_Heading("(a)", v, label, f"({s})", rest))
        if (r := roman_to_int(s.upper())) is not None:
            out.append(_Heading("(i)", r, label, f"({s})", rest))
    elif m.group("num"):
        out.append(_Heading("1", int(m.group("num")), label, m.group("num"), rest))
    elif m.group("up"):
        s = m.group("up")
        if m.group("upstop") == "," and not _is_caps_title(rest.split("  ")[0]) and not (
                len(s) == 1 and re.match(r"[A-Z][a-z]{2,}\b", rest)):
            # "A, B and C ..." is a sentence; "D, CERTIFICATION" and
            # "A, Telephonically to ..." are OCR'd labels.
            return []
        if (r := roman_to_int(s)) is not None:
            out.append(_Heading("R", r, label, s, rest))
        if len(s) == 1:
            out.append(_Heading("A", ord(s) - 64, label, s, rest))
    elif m.group("low"):
        s = m.group("low")
        if len(s) == 1:
            out.append(_Heading("a", ord(s) - 96, label, s, rest))
        if (r := roman_to_int(s.upper())) is not None:
            out.append(_Heading("i", r, label, s, rest))
    return out


@lru_cache(maxsize=4096)  # asked of the same text by several readings of a paragraph
def _is_caps_title(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 16:
        return False
    letters = "".join(filter(str.isalpha, text))  # C loops: this runs on every paragraph
    return len(letters) >= 2 and sum(map(str.isupper, letters)) / len(letters) >= 0.85


@dataclass(slots=True)
class _Draft:
    """A clause still being read: paragraphs are added to it (and a lost
    heading may take some back) until the document ends; then it is frozen
    into a :class:`~moadiff.model.Clause`, once."""

    id: str
    label: str
    title: str
    first_page: int
    last_page: int
    level: int
    kind: str
    parent: str | None = None
    paras: list[str] = field(default_factory=list)
    #: A heading with no title yet ("APPENDIX A"): an ALL-CAPS paragraph
    #: right after it is its title, not its text.
    awaiting_title: bool = False

    def take(self, para: Paragraph) -> None:
        """Add ``para``: as the title it awaits, else as text."""
        if self.awaiting_title and not self.paras and _is_caps_title(para.text):
            self.title = para.text  # "APPENDIX A" then "STANDARD OPERATING PROCEDURE (SOP)"
        else:
            self.paras.append(para.text)
        self.awaiting_title = False
        self.last_page = para.last_page

    def freeze(self, index: int) -> Clause:
        return Clause(id=self.id, label=self.label, title=self.title, text="\n".join(self.paras),
                      first_page=self.first_page, last_page=self.last_page, level=max(0, self.level),
                      kind=self.kind, parent=self.parent, index=index)


def _split_title(rest: str, *, short_title_ok: bool) -> tuple[str, str]:
    """Split what follows a label into (title, body).

    An ALL-CAPS run is a title ("RESPONSIBILITIES"); so is a short line in
    title case without a full stop ("Complaint Reporting Procedures"). A
    sentence is body ("Telephonically to the ICE OPR ...").
    """
    if _is_caps_title(rest):
        return rest.strip(), ""
    words = rest.split()
    caps = 0
    while caps < len(words) and _CAPS_WORD.match(words[caps]) and sum(c.isalpha() for c in words[caps]) != 1:
        caps += 1
    if caps >= 2:
        return " ".join(words[:caps]), " ".join(words[caps:])
    if short_title_ok and len(words) <= 10 and not re.search(r"[.;:,]$", rest.strip()):
        return rest.strip(), ""
    return "", rest.strip()


class _Segmenter:
    """Reads a document's paragraphs in order against the numbering open at
    each point (``stack``), building the clauses as drafts."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = paragraphs
        #: The paragraph texts, for looking ahead, and the index of the one being fed.
        self.texts = [p.text for p in paragraphs]
        self.at = 0
        #: Whether each paragraph has a signature field ("Date:", "Name:").
        self.fields = [bool(_SIGNATURE_FIELD.search(t)) for t in self.texts]
        self.stack: list[_Frame] = []
        self.clauses: list[_Draft] = []
        self.ids: set[str] = set()
        self.repeats: dict[str, int] = {}
        self.in_signature = False
        self.addenda = 0

    def run(self) -> tuple[Clause, ...]:
        for at, para in enumerate(self.paragraphs):
            self.at = at
            self.feed(para)
        return tuple(draft.freeze(index) for index, draft in enumerate(self.clauses))

    # -- numbering ---------------------------------------------------------
    def _place(self, cands: list[_Heading]) -> tuple[int, _Heading] | None:
        """Where a heading goes: (depth to put it at, the reading chosen)."""
        best: tuple[int, int, _Heading] | None = None  # (score, depth, heading)
        open_styles = {f.style for f in self.stack}
        for h in cands:
            for depth, frame in enumerate(self.stack):
                if frame.style == h.style and h.number == frame.number + 1:
                    score = 30 + depth
                    if best is None or score > best[0]:
                        best = (score, depth, h)
                # One heading lost to OCR or a page break: a clean label
                # before an ALL-CAPS title may skip a number.
                if (frame.style == h.style and h.style in ("R", "A") and h.number == frame.number + 2
                        and _is_caps_title(h.rest.split("  ")[0])):
                    score = 10 + depth
                    if best is None or score > best[0]:
                        best = (score, depth, h)
            if h.style not in open_styles and h.number == 1:
                depth = len(self.stack)
                # Roman sections live at the top, or right under an appendix/addendum.
                if h.style == "R" and depth > 0 and self.stack[-1].style not in ("APPENDIX", "ADDENDUM", "TOP"):
                    continue
                score = 20
                if best is None or score > best[0]:
                    best = (score, depth, h)
            # The first section heading(s) lost to OCR: "II. PURPOSE" opens
            # the numbering (and _recover_lost_heading looks for I's title).
            if h.style == "R" and "R" not in open_styles and h.number in (2, 3) and \
                    (not self.stack or self.stack[-1].style == "TOP") and _is_caps_title(h.rest.split("  ")[0]):
                score = 5
                if best is None or score > best[0]:
                    best = (score, len(self.stack), h)
        return (best[1], best[2]) if best else None

    def _ocr_heading(self, text: str) -> tuple[int, _Heading] | None:
        """A section or letter label mangled by OCR, before an ALL-CAPS title."""
        m = _OCR_LABEL.match(text)
        if not m:
            return None
        rest, label = m.group("rest"), m.group("label")
        if not _is_caps_title(rest.split("  ")[0]) and not _split_title(rest, short_title_ok=False)[0]:
            return None
        strokes = "".join(_OCR_STROKES.get(c, "?") for c in label)
        best: tuple[int, int, _Heading] | None = None  # (score, depth, heading)
        roman_depth = next((d for d, f in enumerate(self.stack) if f.style == "R"), None)
        for depth, frame in enumerate(self.stack):
            if frame.style not in ("R", "A"):
                continue
            n = frame.number + 1
            want = int_to_roman(n) if frame.style == "R" else chr(64 + n) if n <= 26 else ""
            spelt = strokes if frame.style == "R" and "?" not in strokes else label.upper()
            if frame.style == "R" and roman_to_int(strokes) == n:
                score = 40  # the strokes spell it
            elif (m.group("stop") or (len(label) == 1 and frame.style == "A")) and want \
                    and Levenshtein.distance(spelt, want) <= 1:
                score = 20 + depth  # one character off: the deepest level wins
            else:
                continue
            h = _Heading(frame.style, n, label + m.group("stop"), want, rest)
            if best is None or score > best[0]:
                best = (score, depth, h)
        value = roman_to_int(strokes)
        if best is None and roman_depth is None and value in (1, 2, 3) and _is_caps_title(rest.split("  ")[0]) \
                and (not self.stack or self.stack[-1].style in ("TOP", "APPENDIX", "ADDENDUM")):
            # The first section: "Il." is I or II, which the next heading tells.
            n = value
            following = self._next_section()
            if following is not None:
                nxt, clean = following
                n = nxt - 1 if clean else (value - 1 if nxt == value else value)
            if 1 <= n <= 3 and abs(n - value) <= 1:
                depth = len(self.stack) if self.stack and self.stack[-1].style in ("APPENDIX", "ADDENDUM") else 0
                if self.stack and self.stack[0].style == "TOP":
                    depth = 0
                return depth, _Heading("R", n, label + m.group("stop"), int_to_roman(n), rest)
        return (best[1], best[2]) if best else None

    # -- building ------------------------------------------------------------
    def _unique(self, cid: str) -> str:
        if cid not in self.ids:
            self.ids.add(cid)
            return cid
        # "X#2", "X#3" ...: counting on from the last one keeps thousands of
        # repeats of one id linear.
        n = self.repeats.get(cid, 2)
        while f"{cid}#{n}" in self.ids:
            n += 1
        self.repeats[cid] = n + 1
        self.ids.add(f"{cid}#{n}")
        return f"{cid}#{n}"

    def _open(self, depth: int, frame: _Frame, label: str, title: str, kind: str,
              para: Paragraph, body: str) -> _Draft:
        """Open the clause of ``frame`` at ``depth``, closing the deeper levels;
        its id is made unique here."""
        del self.stack[depth:]
        parent = self.stack[-1].id if self.stack and self.stack[-1].style != "TOP" else None
        frame = _Frame(frame.style, frame.number, self._unique(frame.id))
        self.stack.append(frame)
        self.in_signature = False
        level = len(self.stack) - 1 if self.stack[0].style != "TOP" else len(self.stack) - 2
        draft = _Draft(frame.id, label, title, para.first_page, para.last_page, level, kind, parent,
                       [body] if body else [], awaiting_title=not title)
        self.clauses.append(draft)
        return draft

    def _child_id(self, h: _Heading, depth: int) -> str:
        parent = self.stack[depth - 1].id if depth > 0 and self.stack[depth - 1].style != "TOP" else ""
        if not parent:
            return h.id_part
        return f"{parent}{h.id_part}" if h.id_part.startswith("(") else f"{parent}.{h.id_part}"

    def feed(self, para: Paragraph) -> None:
        text = para.text
        if m := _APPENDIX.match(text):
            title, body = _split_title(m.group("rest"), short_title_ok=True) if m.group("rest") else ("", "")
            frame = _Frame("APPENDIX", 0, f"APPENDIX {m.group('label')}")
            self._open(0, frame, f"APPENDIX {m.group('label')}", title, "appendix", para, body)
            return
        if _ADDENDUM.match(text) and _is_caps_title(text):
            self.addenda += 1
            cid = "ADDENDUM" if self.addenda == 1 else f"ADDENDUM {self.addenda}"
            self._open(0, _Frame("ADDENDUM", 0, cid), "", text, "addendum", para, "")
            return
        placed = self._place(_interpretations(text))
        if placed is None:
            placed = self._ocr_heading(text)
        if placed is not None and self.in_signature and not (
            placed[1].style == "R" and _is_caps_title(placed[1].rest)
        ):
            placed = None  # inside a signature block only a real section heading ends it
        if placed is not None:
            depth, h = placed
            skips_one = depth < len(self.stack) and self.stack[depth].style == h.style == "R" \
                and h.number == self.stack[depth].number + 2  # "V." then "VII."
            opens_late = h.style == "R" and h.number in (2, 3) and not any(f.style == "R" for f in self.stack)
            if skips_one or opens_late:
                self._recover_lost_heading(depth, para, h.number - 1)
            is_section = h.style == "R"
            title, body = _split_title(h.rest, short_title_ok=is_section or h.style == "1")
            if is_section and not title:
                placed = None  # "I. The LEA shall ..." is not how sections start here
            else:
                kind = "section" if is_section else ("subsection" if h.style == "A" else "item")
                self._open(depth, _Frame(h.style, h.number, self._child_id(h, depth)), h.label, title,
                           kind, para, body)
                return
        if not self.clauses:
            title_block = self._open(0, _Frame("TOP", 0, "TITLE"), "", "", "title", para, "")
            title_block.awaiting_title = False  # its first paragraph is text, whatever its case
        if self._starts_signature(text):
            self.in_signature = True
            top = self.stack[0] if self.stack else None
            del self.stack[1:]
            self.clauses.append(_Draft(self._unique("SIGNATURES"), "", "", para.first_page, para.last_page,
                                       0, "signature"))
            if top is not None and top.style == "TOP":
                self.stack = [top]
        self.clauses[-1].take(para)

    def _next_section(self) -> tuple[int, bool] | None:
        """The value of the next section-like label ahead, and whether it is
        a clean roman numeral ("IV.") rather than an OCR'd one ("Ill.")."""
        # The paragraphs after the current one (a few dozen).
        for text in self.texts[self.at + 1 : self.at + 40]:
            m = _OCR_LABEL.match(text)
            if not m or not _is_caps_title(m.group("rest").split("  ")[0]):
                continue
            label = m.group("label")
            if (v := roman_to_int(label)) is not None and m.group("stop") == ".":
                return v, True
            v = roman_to_int("".join(_OCR_STROKES.get(c, "?") for c in label))
            if v is not None and len(label) > 1:
                return v, False
        return None

    def _recover_lost_heading(self, depth: int, para: Paragraph, number: int) -> None:
        """Section ``number`` is skipped ("V." then "VII."): if an ALL-CAPS
        title stands alone in the text since "V.", it is VI's heading whose
        label OCR lost ("RESOLUTION OF LOCAL CHARGES", ". PARTIES")."""
        if not self.clauses:
            return  # the document starts with this heading: nothing before it to recover
        current = self.clauses[-1]
        paras = current.paras
        if current.kind == "title" and current.title == "" and not paras:
            return
        k = next((i for i in range(len(paras) - 1, -1, -1) if _is_caps_title(paras[i])
                  and len(paras[i].split()) >= 2), None)
        if k is None:
            return
        title, body = paras[k], paras[k + 1:]
        if (m := re.match(r"^(?:\S{1,4}[.,]?|[.,])\s+(?=[A-Z]{3})", title)) and len(title.split()) >= 2:
            title = title[m.end():]  # "L PARTIES": what is left of the label
        del paras[k:]
        missing = _Frame("R", number, self._child_id(_Heading("R", number, "", int_to_roman(number), ""), depth))
        recovered = self._open(depth, missing, "", title, "section",
                               Paragraph(title, current.last_page, para.first_page), "")
        recovered.paras = body
        recovered.awaiting_title = False

    def _starts_signature(self, text: str) -> bool:
        if self.in_signature or (self.stack and self.stack[0].style == "APPENDIX"):
            return False
        stamp = _SIGNATURE_STAMP.search(text)
        if stamp is not None and re.search(r"\bDate\s*:", text) and (
                stamp.start() <= _STAMP_WITHIN
                # or after a scribbled date or signature OCR read as debris ("IJ.$'- IA/ - ~d ..:2.. a Date:"),
                # not after a sentence
                or stamp.start() <= 3 * _STAMP_WITHIN and len(re.findall(r"\b[a-z]{3,}\b", text[:stamp.start()])) < 3):
            return True
        return bool(_SIGNATURE_START.match(text)) and len(_SIGNATURE_FIELD.findall(text)) >= 1 or (
            bool(re.match(r"^For\s+(?:For\s+)?(?:the\s+)?[A-Z]{2,5}\s*:", text)) and len(text.split()) <= 8
            and any(self.fields[self.at + 1 : self.at + 3])  # signature fields follow
        )


_BARE_LABEL = re.compile(r"^(?:[IVXLivxl1|]{1,6}|[A-Z])[.,]?$")


def _join_bare_labels(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """"VII." on a line of its own, then "NOMINATION OF PERSONNEL": one heading
    (OCR and some layouts put a label and its title in separate blocks)."""
    out: list[Paragraph] = []
    skip = False
    for i, para in enumerate(paragraphs):
        if skip:
            skip = False
            continue
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if nxt is not None and _BARE_LABEL.match(para.text.strip()) and _is_caps_title(nxt.text) \
                and not re.match(r"^\S{1,6}[.,]\s", nxt.text) and not _APPENDIX.match(nxt.text) \
                and not _ADDENDUM.match(nxt.text):
            out.append(Paragraph(f"{para.text.strip()} {nxt.text}", para.first_page, nxt.last_page))
            skip = True
        else:
            out.append(para)
    return out


def segment(paragraphs: Sequence[Paragraph]) -> tuple[Clause, ...]:
    """Clauses of a document, in order, from its clean paragraphs."""
    return _Segmenter(_join_bare_labels(paragraphs)).run()

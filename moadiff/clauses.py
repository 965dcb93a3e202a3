"""Stage 3: cut clean paragraphs into clauses along the document's own numbering.

A label alone does not say what it is: "I." is section I at the start and
subsection IV.I after "IV.H."; OCR reads "II." as "D.", "Il." or "n.",
"VIII." as "vm.", and "I. PURPOSE" as "1. PURPOSE" or "i PURPOSE". So every
way of reading each paragraph's label is scored against the numbering open
before it (a stack such as ``[IV (roman), H (letter)]``), and the best
sequence of readings over the whole document is chosen by dynamic
programming (:func:`_plan`, Viterbi over the numbering states), not one
label at a time. What scores:

* numbering continuity: a label that *continues* an open level (the next
  roman, the next letter, ...) scores most, the deeper the level the more; one
  that *starts* a style not open yet ("A", "1", "(1)", "(a)") a little less;
  one that skips a number before an ALL-CAPS title (a heading lost to OCR or
  a page break) little;
* OCR's manglings of a section or letter label before an ALL-CAPS title: the
  strokes spell the numeral ("ID." -> III, "Vl" -> VI, "1" -> I), or the
  label is one character off ("Vv." -> V, "XE." -> E); each scores a little
  below the same fit printed cleanly, and a label well formed as printed
  ("II.") scores below a lost heading when read as another number;
* an ALL-CAPS title after the label;
* position: a label counts only at the start of a paragraph (a label on a
  line of its own joins the title after it; "A.COMPLAINT" is split). The
  paragraphs carry no typography (no font, weight or indent), so none is
  used.

Anything read as no label is body text: "C. M. Cronen" in a signature block
is not a subsection C. A misread label is read in the light of the labels
after it: "1. PURPOSE" read as an item would leave "II." and every later
section nowhere to go, so the reading that makes it section I wins.

Appendices ("APPENDIX B", OCR'd "APPENDIXB", and "APPEND[X B" when B is the
next appendix), addenda, the title block before section I, and the
signature block get clauses of their own. A clause is a mutable draft while
its paragraphs are read (a heading found later may take some back), and is
frozen into a :class:`~moadiff.model.Clause` at the end.

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
from collections.abc import Iterator, Sequence
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
#: A label run into its ALL-CAPS title by the layout or OCR ("A.COMPLAINT PROCEDURES").
_GLUED = re.compile(r"^(?P<label>(?:[A-Z]{1,4}|\d{1,2})\.)(?P<rest>[A-Z]{3}.*)$", re.DOTALL)
_OCR_LABEL = re.compile(r"^(?P<label>[A-Za-z0-9|!\]\[¥]{1,5})(?P<stop>[.,:;]?)\s+(?P<rest>\S.*)$", re.DOTALL)
# Strokes each OCR misreading of a roman numeral stands for (no agreement
# has 50 sections, so "L" is a misread "I" too).
_OCR_STROKES = {
    **dict.fromkeys("Il1|!][tTjJiL", "I"), "V": "V", "v": "V", "¥": "V", "X": "X", "x": "X",
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
#: "For For ICE: the LEA:" is the two headings of a two-column block read across
#: ("Forthe For ICE:", when OCR ran "For the" together and lost a scribbled-over "LEA:").
#: A date stamped above the fields ("OCT 1 5 2019 Date: ____") opens one too.
_SIGNATURE_START = re.compile(r"^(?:For(?:the)?\s+(?:For\s+)?(?:the\s+)?[A-Z]{2,5}\b|Signature|Date|Name|Title"
                              r"|[A-Z][A-Za-z]{2,8}\.?\s+[\d\s]{1,5},?\s+(?:19|20)\d\d\s+Date"
                              r"|\d{1,2}/\d{1,2}/(?:19|20)?\d\d\s+Date)\s*:?",
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


@lru_cache(maxsize=256)
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
    if not m and (glued := _GLUED.match(text)) and _is_caps_title(glued.group("rest").split("  ")[0]):
        m = _LABEL.match(f"{glued.group('label')} {glued.group('rest')}")  # "A.COMPLAINT PROCEDURES"
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


# -- reading the numbering: every heading candidate scored, the best sequence chosen --------

#: The numbering open at a point: (style, number) of each level, outermost first.
_Stack = tuple[tuple[str, int], ...]
#: A state of the reading: the numbering open, and whether a signature block is.
_State = tuple[_Stack, bool]
#: How many states the reading keeps after each paragraph (the best ones),
#: and how far behind the best one a state may fall before it is dropped
#: (two headings' worth: a reading that far behind has lost). These bound
#: the work to a few states a paragraph, as the greedy reading was.
_BEAM = 8
_MARGIN = 64
#: A document with more labels than this (no agreement has a tenth of it)
#: keeps two states a paragraph: linear work, as the greedy reading was.
_MANY_LABELS = 2_000
_TOP_LIKE = ("TOP", "APPENDIX", "ADDENDUM")
#: A clean label that continues an open level scores at least _CONTINUES;
#: reading it as text costs _DROPPED.
_CONTINUES = 30
_DROPPED = 30


@dataclass(frozen=True, slots=True)
class _Reading:
    """A label as printed, read one way, with what its title says."""

    heading: _Heading
    caps: bool  # an ALL-CAPS title follows the label
    #: A section heading with an ALL-CAPS title: the only heading that ends a signature block.
    ends_signature: bool


@dataclass(frozen=True, slots=True)
class _Mangled:
    """A label OCR may have mangled ("Il.", "vm.", "1", "Vl"), before a title."""

    label: str
    stop: str
    rest: str
    strokes: str  # the roman strokes it stands for, "?" for a character that is none
    value: int | None  # the numeral the strokes spell
    caps: bool
    ends_signature: bool
    #: What follows can be a section's title (else it reads only as a letter).
    section_title: bool


@dataclass(frozen=True, slots=True)
class _Cue:
    """What one paragraph offers the numbering, whatever is open before it."""

    event: str  # "appendix", "addendum" or "" (then the readings below)
    readings: tuple[_Reading, ...] = ()
    mangled: _Mangled | None = None
    #: It would open a signature block, read as body text outside one.
    signature: bool = False
    #: Appendix: its label ("B").
    label: str = ""
    #: Appendix: what follows its label.
    rest: str = ""
    #: Appendix: text before its heading in the same paragraph (it stays where it was).
    lead: str = ""


def _caps_rest(rest: str) -> bool:
    return _is_caps_title(rest.split("  ")[0])


def _readings(text: str) -> tuple[_Reading, ...]:
    # "I. The LEA shall ..." is not how sections start here: a section needs a title.
    return tuple(_Reading(h, _caps_rest(h.rest), h.style == "R" and _is_caps_title(h.rest))
                 for h in _interpretations(text)
                 if h.style != "R" or _split_title(h.rest, short_title_ok=True)[0])


def _mangled(text: str) -> _Mangled | None:
    m = _OCR_LABEL.match(text)
    if not m:
        return None
    rest, label = m.group("rest"), m.group("label")
    caps = _caps_rest(rest)
    if not caps and not _split_title(rest, short_title_ok=False)[0]:
        return None
    strokes = "".join(_OCR_STROKES.get(c, "?") for c in label)
    return _Mangled(label, m.group("stop"), rest, strokes, roman_to_int(strokes), caps, _is_caps_title(rest),
                    bool(_split_title(rest, short_title_ok=True)[0]))


#: What a heading option is: (score, depth, heading).
_Fit = tuple[int, int, _Heading]


def _clean_options(stack: _Stack, readings: Sequence[_Reading], in_signature: bool) -> Iterator[_Fit]:
    """The labels as printed: continuing an open level (the deeper, the
    better), skipping one number of a section or letter before an ALL-CAPS
    title (a heading lost to OCR or a page break), starting a new level, or
    a first section II or III whose label I was lost."""
    open_styles = {style for style, _ in stack}
    for r in readings:
        if in_signature and not r.ends_signature:
            continue  # inside a signature block only a real section heading ends it
        h, caps = r.heading, r.caps
        bonus = 2 if caps else 0  # an ALL-CAPS title is evidence of a heading, whatever its label
        for depth, (style, number) in enumerate(stack):
            if style == h.style and h.number == number + 1:
                yield 30 + depth + bonus, depth, h
            elif style == h.style and h.style in ("R", "A") and h.number == number + 2 and caps:
                yield 10 + depth + bonus, depth, h
        # Roman sections live at the top, or right under an appendix/addendum.
        if h.style not in open_styles and h.number == 1 and (h.style != "R" or not stack or stack[-1][0] in _TOP_LIKE):
            yield 20 + bonus, len(stack), h
        if h.style == "R" and "R" not in open_styles and h.number in (2, 3) and caps \
                and (not stack or stack[-1][0] == "TOP"):
            yield 5 + bonus, len(stack), h


def _ocr_options(stack: _Stack, g: _Mangled, in_signature: bool) -> Iterator[_Fit]:
    """A mangled label read as the next section or letter of an open level:
    the strokes spell it ("ID." -> III, "Vl" -> VI), or it is one character
    off ("Vv." -> V, "XE." -> E); or as the first section ("1 PURPOSE",
    "i PURPOSE", "Il." -> I or II, which the headings after it tell). Each
    scores a little less than the same fit printed cleanly."""
    if in_signature and not g.ends_signature:
        return
    bonus = 2 if g.caps else 0
    for depth, (style, number) in enumerate(stack):
        if style not in ("R", "A") or (style == "R" and not g.section_title) or (style == "A" and in_signature):
            continue
        n = number + 1
        want = int_to_roman(n) if style == "R" else chr(64 + n) if n <= 26 else ""
        spelt = g.strokes if style == "R" and "?" not in g.strokes else g.label.upper()
        if style == "R" and g.value == n:
            score = 28 + depth
        elif (g.stop or (len(g.label) == 1 and style == "A")) and want \
                and (distance := Levenshtein.distance(spelt, want)) <= 1:
            # A label that is well formed as it stands ("II.", "I,") is
            # less likely misread than lost: reading it as another number
            # scores below skipping one.
            well_formed = roman_to_int(g.label) is not None if style == "R" else g.label.isupper() and len(g.label) == 1
            score = (4 if distance and well_formed else 18) + depth
        else:
            continue
        yield score + bonus, depth, _Heading(style, n, g.label + g.stop, want, g.rest)
    if g.value in (1, 2, 3) and g.caps and g.section_title and all(style != "R" for style, _ in stack) \
            and (not stack or stack[-1][0] in _TOP_LIKE):
        depth = len(stack) if stack and stack[-1][0] in ("APPENDIX", "ADDENDUM") else 0
        for n in (g.value, g.value - 1, g.value + 1):
            if 1 <= n <= 3:
                yield (18 if n == g.value else 14) + bonus, depth, _Heading("R", n, g.label + g.stop, int_to_roman(n),
                                                                             g.rest)


def _step(beam: dict[_State, int], cue: _Cue) -> dict[_State, tuple[int, _State, _Fit | None]]:
    """Every state the paragraph of ``cue`` can lead to from ``beam``, with
    its best score and how it was reached."""
    reached: dict[_State, tuple[int, _State, _Fit | None]] = {}
    for state, score in beam.items():
        stack, in_signature = state
        if cue.event:  # an appendix or addendum opens at the top, whatever was open
            options: list[tuple[_State, int, _Fit | None]] = [((((cue.event.upper(), 0),), False), score, None)]
        else:
            clean = list(_clean_options(stack, cue.readings, in_signature))
            options = [((stack[:fit[1]] + ((fit[2].style, fit[2].number),), False), score + fit[0], fit)
                       for fit in clean]
            if cue.mangled is not None:
                options += [((stack[:fit[1]] + ((fit[2].style, fit[2].number),), False), score + fit[0], fit)
                            for fit in _ocr_options(stack, cue.mangled, in_signature)]
            body = stack or (("TOP", 0),)  # text before any heading is the title block
            # A label printed cleanly that continues an open level ("2." after
            # "1.") is read as text only at a cost: else keeping a deeper
            # level going ("B.", "C." under "1.") would outscore it.
            if any(fit[0] >= _CONTINUES for fit in clean):
                score -= _DROPPED
            if cue.signature and not in_signature and body[0][0] != "APPENDIX":
                options.append(((body[:1], True), score, None))
            else:
                options.append(((body, in_signature), score, None))
        for target, total, fit in options:
            if target not in reached or total > reached[target][0]:
                reached[target] = (total, state, fit)
    return reached


def _plan(cues: Sequence[_Cue]) -> list[_Fit | None]:
    """The heading reading of each paragraph (None: not a heading) on the
    best-scoring path through the whole document (Viterbi over the
    numbering states, keeping after each paragraph the best ``_BEAM`` states
    within ``_MARGIN`` of the best).

    A greedy reader commits to each label as it comes; here a label is read
    in the light of every later one, so "1. PURPOSE" (OCR's "I.") is section
    I when "II." and "III." follow, not an item that swallows them.
    """
    width = _BEAM if sum(1 for c in cues if c.readings or c.mangled) <= _MANY_LABELS else 2
    beam: dict[_State, int] = {((), False): 0}
    back: list[dict[_State, tuple[_State, _Fit | None]] | None] = []
    for cue in cues:
        if not (cue.event or cue.readings or cue.mangled or cue.signature) and all(stack for stack, _ in beam):
            back.append(None)  # body text, most paragraphs: every state stays as it is
            continue
        reached = _step(beam, cue)
        # Best first; a tie keeps the order the states were reached in.
        best = sorted(reached, key=lambda st: -reached[st][0])[:width]
        floor = reached[best[0]][0] - _MARGIN
        best = [st for st in best if reached[st][0] >= floor]
        back.append({st: (reached[st][1], reached[st][2]) for st in best})
        beam = {st: reached[st][0] for st in best}
    state = max(beam, key=lambda st: beam[st])
    plan: list[_Fit | None] = []
    for step in reversed(back):
        state, option = step[state] if step is not None else (state, None)
        plan.append(option)
    plan.reverse()
    return plan


_TRAILING_APPENDIX = re.compile(r"^(?P<lead>.*\S)\s+(?P<head>[A-Z\[\]|!1l]{7,9}\s*[A-Z])$", re.DOTALL)
_FUZZY_APPENDIX = re.compile(r"^(?P<word>[A-Z\[\]|!1l]{7,9})\s*(?P<label>[A-Z])\b[\s.:\-–]*(?P<rest>.*)$", re.DOTALL)


def _appendix(text: str, expected: str) -> re.Match[str] | None:
    """An appendix heading: "APPENDIX B", or one OCR damaged ("APPEND[X B",
    "APPENDlX C") when its letter is the ``expected`` next one."""
    m = _APPENDIX.match(text)
    if m is None and (f := _FUZZY_APPENDIX.match(text)) and f.group("label") == expected \
            and Levenshtein.distance(f.group("word"), "APPENDIX") <= 1:
        m = f
    return m


def _cues(texts: Sequence[str]) -> list[_Cue]:
    """What each paragraph offers the numbering. A damaged appendix heading
    counts when its letter is the next one: a reference to an appendix in a
    body paragraph names any letter. So does the next appendix's heading at
    the end of a paragraph, before an ALL-CAPS title ("Department of
    Homeland Security APPENDIXA", a running header the layout ran into it)."""
    fields = [bool(_SIGNATURE_FIELD.search(t)) for t in texts]
    cues: list[_Cue] = []
    appendices = 0
    for at, text in enumerate(texts):
        expected, lead = chr(65 + appendices), ""
        m = _appendix(text, expected)
        # A damaged "APPENDIX" keeps one of its halves whole: look only then.
        if m is None and ("APPE" in text[-15:] or "NDIX" in text[-15:]) and (t := _TRAILING_APPENDIX.match(text)) \
                and at + 1 < len(texts) \
                and _is_caps_title(texts[at + 1]) and (m := _appendix(t.group("head"), expected)) is not None:
            lead = t.group("lead")
            if m.group("label") != expected or m.group("rest"):
                m = None
        if m is not None:
            label = m.group("label")
            appendices = ord(label) - 64 if len(label) == 1 and label.isalpha() else appendices
            cues.append(_Cue("appendix", label=label, rest=m.group("rest"), lead=lead))
        elif _ADDENDUM.match(text) and _is_caps_title(text):
            cues.append(_Cue("addendum"))
        else:
            cues.append(_Cue("", _readings(text), _mangled(text), _opens_signature(texts, fields, at)))
    return cues


def _opens_signature(texts: Sequence[str], fields: Sequence[bool], at: int) -> bool:
    """Whether paragraph ``at``, read as body text, opens a signature block:
    a digital-signature stamp with a "Date:" field, a line that starts like
    a signature field, or "For the LEA:" with fields right after it."""
    text = texts[at]
    if "Date" in text:  # cheap first: this runs on every paragraph
        stamp = _SIGNATURE_STAMP.search(text, 0, 3 * _STAMP_WITHIN + 60)
        if stamp is not None and re.search(r"\bDate\s*:", text) and (
                stamp.start() <= _STAMP_WITHIN
                # or after a scribbled date or signature OCR read as debris ("IJ.$'- IA/ - ~d ..:2.. a Date:"),
                # not after a sentence
                or stamp.start() <= 3 * _STAMP_WITHIN and len(re.findall(r"\b[a-z]{3,}\b", text[:stamp.start()])) < 3):
            return True
    return bool(_SIGNATURE_START.match(text)) and _SIGNATURE_FIELD.search(text) is not None or (
        # with the signatories' names typed beside the headings ("For the LEA: Daniel J. Coverley For ICE: ...")
        bool(re.match(r"^For(?:the)?\s+(?:For\s+)?(?:the\s+)?[A-Z]{2,5}\s*:", text)) and len(text.split()) <= 16
        and any(fields[at + 1 : at + 3])  # signature fields follow
    )


class _Segmenter:
    """Builds the clauses as drafts, paragraph by paragraph, following the
    reading :func:`_plan` chose; ``stack`` is the numbering open at each
    point, with the clause ids."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self.cues = _cues([p.text for p in paragraphs])
        self.plan = _plan(self.cues)
        self.stack: list[_Frame] = []
        self.clauses: list[_Draft] = []
        self.ids: set[str] = set()
        self.repeats: dict[str, int] = {}
        self.in_signature = False
        self.addenda = 0

    def run(self) -> tuple[Clause, ...]:
        for para, cue, option in zip(self.paragraphs, self.cues, self.plan):
            self.feed(para, cue, option)
        return tuple(draft.freeze(index) for index, draft in enumerate(self.clauses))

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

    def feed(self, para: Paragraph, cue: _Cue, option: _Fit | None) -> None:
        if cue.event == "appendix":
            if cue.lead and self.clauses:
                self.clauses[-1].take(Paragraph(cue.lead, para.first_page, para.first_page))
            title, body = _split_title(cue.rest, short_title_ok=True) if cue.rest else ("", "")
            frame = _Frame("APPENDIX", 0, f"APPENDIX {cue.label}")
            self._open(0, frame, f"APPENDIX {cue.label}", title, "appendix", para, body)
            return
        if cue.event == "addendum":
            self.addenda += 1
            cid = "ADDENDUM" if self.addenda == 1 else f"ADDENDUM {self.addenda}"
            self._open(0, _Frame("ADDENDUM", 0, cid), "", para.text, "addendum", para, "")
            return
        if option is not None:
            _, depth, h = option
            skips_one = depth < len(self.stack) and self.stack[depth].style == h.style == "R" \
                and h.number == self.stack[depth].number + 2  # "V." then "VII."
            opens_late = h.style == "R" and h.number in (2, 3) and not any(f.style == "R" for f in self.stack)
            if skips_one or opens_late:
                self._recover_lost_heading(depth, para, h.number - 1)
            title, body = _split_title(h.rest, short_title_ok=h.style in ("R", "1"))
            kind = "section" if h.style == "R" else ("subsection" if h.style == "A" else "item")
            self._open(depth, _Frame(h.style, h.number, self._child_id(h, depth)), h.label, title, kind, para, body)
            return
        if not self.clauses:
            title_block = self._open(0, _Frame("TOP", 0, "TITLE"), "", "", "title", para, "")
            title_block.awaiting_title = False  # its first paragraph is text, whatever its case
        if cue.signature and not self.in_signature and self.stack[0].style != "APPENDIX":
            self.in_signature = True
            del self.stack[1:]
            self.clauses.append(_Draft(self._unique("SIGNATURES"), "", "", para.first_page, para.last_page,
                                       0, "signature"))
        self.clauses[-1].take(para)

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
        if k is None or (k == 0 and current.kind == "title"):
            return  # the document's first line is its title, not a lost heading
        title, body = paras[k], paras[k + 1:]
        if (m := re.match(r"^(?:\S{1,4}[.,]?|[.,])\s+(?=[A-Z]{3})", title)) and len(title.split()) >= 2:
            title = title[m.end():]  # "L PARTIES": what is left of the label
        del paras[k:]
        missing = _Frame("R", number, self._child_id(_Heading("R", number, "", int_to_roman(number), ""), depth))
        recovered = self._open(depth, missing, "", title, "section",
                               Paragraph(title, current.last_page, para.first_page), "")
        recovered.paras = body
        recovered.awaiting_title = False


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

"""Planted-edit benchmark: word-level precision and recall of moadiff's substantive changes.

    .venv/bin/python benchmarks/planted.py --pairs 40 --seed 1 [--docx-share 0.25] [--json out.json] [--fill-ins]
        [--ocr-noise 0.02] [--image-only]

1. The real agreements in ../shared/moa/ that have a text layer are read
   with pypdfium2 and parsed (by a simple parser of our own, below) into
   docwriter's Agreement model: running footers dropped, lines rejoined into
   paragraphs, headings found.
2. For each pair, seeded edits are planted in a copy: a word or a number
   changed, a sentence inserted or deleted, a subsection inserted or deleted
   (later ones renumber), a leaf clause moved. Every word of the title and
   paragraphs of every clause carries the id of the edit that changed it (or
   none), on the old side and on the new side. Labels are not words: a
   renumbered "D." that became "C." is no change.
3. Old and new are rendered with different layouts (PDF; some new sides as
   DOCX) under benchmarks/out/, and compared with ``moadiff.compare``.
4. The words moadiff reports as substantively changed are aligned with the
   ground truth, side by side: precision = true / reported, recall = true /
   planted. Moves are scored apart: a moved clause must come out ``moved``.
5. A plain difflib word diff of the two whole extracted texts is scored the
   same way, as the baseline.

With ``--fill-ins`` the new side of each pair also belongs to another,
made-up agency: every place the source names its agency (the name as the
text spells it, OCR variants included, its abbreviation "BCSO", "Bay County"
in "Bay County Jail"; see fillvalues.py) reads the new agency's instead, and
the empty form fields of the 2025 forms are filled (with the real agency on
the old side). The words that differ are fill-ins ("fill-in-agency"), not
planted changes: moadiff should report them with kind "fill-in". Reported as
"substantive" they are false positives; precision is printed over all words
and excluding the words of replaced agency names, and fill-in recall is the
share of fill-in words reported as "fill-in". The planted edits are drawn as
without the flag (the agency comes from a separate random stream), except
for the forms with empty fields, whose text the filling changes.

With ``--ocr-noise RATE`` the old side of each pair is damaged before it is
rendered, as a scanner's OCR would read it: RATE of its words (never words
of a planted edit or of an agency name) are misread with the confusions of
ocrnoise.py ("perform" -> "perfonn", "(1)" -> "(l)", "DHS" -> "OHS",
"Joint Intake" -> "Jointlntake", a dropped or doubled letter, stray
punctuation). The injected words ("ocr-noise-injected") are not planted
changes: reported as "substantive" they are false positives (like their
clean counterparts on the new side); noise recall is the share of injected
words not reported substantive (reported "ocr-noise", another kind, or not
at all).

With ``--image-only`` the old side's PDF becomes a PDF of page images (200
dpi grayscale, slightly blurred and rotated, no text layer), which moadiff
must OCR. The ground truth is unchanged: the images show the same words.
The difflib baseline reads the text-layer PDF from before the imaging.

The parsed text is the ground truth only because it is what we render; it
does not need to be a perfect reading of the real agreement.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from docwriter import Agreement, Clause, Layout, random_layout, write_docx, write_pdf
from fillvalues import Agency, SourceAgency, Span, agency_spans, find_agency, make_agency, substitute
from ocrnoise import image_only, misread

SHARED = HERE.parent.parent / "shared" / "moa"
OUT = HERE / "out"
#: Image-only scans: no text layer to plant edits in.
IMAGE_ONLY = ("LeeCo", "DeWittCo", "KeyWest")

EDIT_TYPES = (
    "change-word",
    "change-number",
    "insert-sentence",
    "delete-sentence",
    "insert-subsection",
    "delete-subsection",
    "move",
)
#: Not a planted change: the words of a replaced agency name (--fill-ins).
FILL_TYPE = "fill-in-agency"
#: Not a planted change: words misread on purpose (--ocr-noise) and their clean counterparts.
NOISE_TYPE = "ocr-noise-injected"

# --------------------------------------------------------------------------- reading the sources


def source_paths(folder: Path = SHARED) -> list[Path]:
    """The shared agreements with a text layer, sorted by name."""
    return [p for p in sorted(folder.glob("*.pdf")) if not p.name.startswith(IMAGE_ONLY)]


def pdf_page_texts(path: str | os.PathLike[str]) -> list[str]:
    """The text layer of each page, as pypdfium2 reads it."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(os.fspath(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def docx_text(path: str | os.PathLike[str]) -> str:
    """Body paragraphs and then footer paragraphs of a DOCX (the baseline's view)."""
    import docx

    d = docx.Document(os.fspath(path))
    parts = [p.text for p in d.paragraphs]
    for section in d.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def document_text(path: str | os.PathLike[str]) -> str:
    if str(path).endswith(".docx"):
        return docx_text(path)
    return "\n".join(pdf_page_texts(path))


# --------------------------------------------------------------------------- parsing

_KEEP = str.maketrans({"\r": None, "\ufffe": "-", "\x02": "-", "\uf0b7": "\u2022", "\u00b7": "\u2022",
                       "\u00a0": " ", "\t": " ", "\x0c": None})


def _clean_line(line: str) -> str:
    line = line.translate(_KEEP)
    # Only characters the built-in PDF fonts can draw (cp1252) survive.
    line = "".join(ch for ch in line if ch.isprintable() and ch.encode("cp1252", "ignore"))
    return re.sub(r"\s+", " ", line).strip()


_SHIFT_WORDS = ("name", "date", "signature", "title", "agency", "for", "the", "ice", "lea")


def _is_shifted(token: str) -> bool:
    """A word from a font without a Unicode map: every glyph code is 29 below
    the letter (")RUWKH/($" is "FortheLEA", "6LJQDWXUH" is "Signature")."""
    if len(token) < 3 or token.isalpha():
        return False
    decoded = "".join(chr(ord(c) + 29) for c in token)
    return decoded.isalpha() and any(w in decoded.lower() for w in _SHIFT_WORDS)


def _is_gibberish(line: str) -> bool:
    if "BBBB" in line or "____" in line and not re.search(r"[a-z]{3}", line):
        return True
    if sum(ch.isalnum() for ch in line) < 2:
        return True
    return any(_is_shifted(t) for t in line.split())


def _furniture_key(line: str) -> str:
    return re.sub(r"\d", "#", re.sub(r"[^0-9a-z]", "", line.lower()))


_PAGE_NUMBER = re.compile(r"(?i)(page\s*)?[0-9IlOoSs]{1,3}(\s*of\s*\d+)?")


def strip_furniture(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """Drop running headers and footers: lines near the top or bottom of a
    page that repeat on several pages once digits are masked, and bare page
    numbers. OCR spells a footer differently from page to page ("Sheriffs",
    "Sherifrs"), so a near match of a repeated line counts too."""
    from rapidfuzz import fuzz

    n = len(pages)

    def zone(lines: Sequence[str]) -> set[int]:
        return set(range(min(2, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines)))

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(lines[i]) for i in zone(lines)})
    need = max(3, int(0.3 * n))
    repeated = [k for k, c in counts.items() if c >= need and len(k) >= 3]
    out = []
    for lines in pages:
        z = zone(lines)
        kept = []
        for i, line in enumerate(lines):
            if i in z:
                key = _furniture_key(line)
                if _PAGE_NUMBER.fullmatch(line.replace(" ", "")) and len(line.replace(" ", "")) <= 3:
                    continue
                if key in repeated or (
                    len(key) >= 8 and any(fuzz.ratio(key, r) >= 88 for r in repeated if len(r) >= 8)
                ):
                    continue
            kept.append(line)
        out.append(kept)
    return out


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(s: str) -> int | None:
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b in _ROMAN and _ROMAN[b] > v else v
    return total if to_roman(total) == s else None


def to_roman(n: int) -> str:
    out = ""
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _caps(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


_HEAD = re.compile(r"^([IVXLl1]{1,6}|[A-Z])\s?\.\s+(\S.*)$")
_APPENDIX = re.compile(r"^APPENDIX\s?([A-Z])\b\.?\s*(.*)$")
_ADDENDUM = re.compile(r"^(ADDENDUM)\b\s*(.*)$")
_ITEM = re.compile(r"^(\d{1,2})\.\s+([A-Z][^.:;]{2,70})$")
_BULLET = re.compile(r"^(\u2022|x|o|-)\s+(?=\S)")
_TERMINAL = re.compile(r"[.:;!?][\"'\u201d\u2019)]*$")


def parse_pages(page_texts: Sequence[str]) -> Agreement:
    """Parse the text of an agreement's pages into an Agreement.

    >>> a = parse_pages(["MEMORANDUM OF AGREEMENT\\nI. PARTIES\\nThis MOA is an agreement."])
    >>> a.title_lines, a.clauses[0].heading, a.clauses[0].paragraphs
    (['MEMORANDUM OF AGREEMENT'], 'I. PARTIES', ['This MOA is an agreement.'])
    """
    pages = [[c for c in (_clean_line(x) for x in t.splitlines()) if c] for t in page_texts]
    pages = strip_furniture(pages)
    lines = [line for page in pages for line in page if not _is_gibberish(line)]
    body_lengths = sorted(len(x) for x in lines if len(x) > 20)
    typical = body_lengths[int(0.75 * (len(body_lengths) - 1))] if body_lengths else 80

    title_lines: list[str] = []
    clauses: list[Clause] = []
    section = 0  # value of the current roman section
    letter: str | None = None  # the current lettered subsection
    in_appendix = False
    para: list[str] = []

    def current() -> Clause:
        if not clauses:
            clauses.append(Clause("", "", [], 0))
        return clauses[-1]

    def flush() -> None:
        if para:
            current().paragraphs.append(_join(para))
            para.clear()

    def open_clause(label: str, title: str, level: int) -> None:
        flush()
        clauses.append(Clause(label, title, [], level))

    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not clauses and not para and len(title_lines) < 4 and len(line) < 60 and not _TERMINAL.search(line) \
                and not _HEAD.match(line):
            title_lines.append(line)
            continue
        m = _APPENDIX.match(line)
        if m:
            title = m.group(2)
            if not title and i < len(lines) and _caps(lines[i]) and len(lines[i]) < 80:
                title = lines[i]
                i += 1
            open_clause(f"APPENDIX {m.group(1)}", title, 0)
            in_appendix, letter = True, None
            continue
        m = _ADDENDUM.match(line)
        if m and _caps(line):
            open_clause("ADDENDUM", m.group(2), 0)
            in_appendix, letter = True, None
            continue
        m = _HEAD.match(line)
        if m and _caps(m.group(2)) and len(m.group(2)) <= 90 and not in_appendix:
            raw, title = m.group(1), m.group(2)
            roman = roman_value(raw.replace("l", "I").replace("1", "I"))
            expected_letter = chr(ord(letter) + 1) if letter else "A"
            if len(raw) == 1 and raw == expected_letter and (letter or raw == "A") and section:
                letter = raw
                open_clause(f"{raw}.", title, 1)
                continue
            if roman is not None and roman > section:
                section, letter = roman, None
                open_clause(f"{to_roman(roman)}.", title, 0)
                continue
            if len(raw) == 1 and raw.isupper() and section:
                letter = raw
                open_clause(f"{raw}.", title, 1)
                continue
        m = _ITEM.match(line)
        if m and in_appendix and len(line) < 0.8 * typical and not _TERMINAL.search(line):
            open_clause(f"{m.group(1)}.", m.group(2), 1)
            continue
        # Body text: does this line start a new paragraph?
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            marker = "o" if bullet.group(1) == "o" else "\u2022"
            line = f"{marker} {line[bullet.end():]}"
        para.append(line)
        if len(line) < 0.6 * typical or (_TERMINAL.search(line) and len(line) < 0.85 * typical):
            flush()
    flush()
    clauses = [c for c in clauses if c.title or c.paragraphs or c.label]
    return Agreement(title_lines=title_lines, clauses=_split_signatures(clauses))


_SIGNATURE_WORD = re.compile(
    r"^([A-Z][a-z]{0,14}|[a-z]{1,14}|[A-Z]{1,12}|[A-Z]\.([A-Z]\.)?|U\.S\.|&|\d{1,2}|\d{4})[,:.;]?$"
)


def _split_signatures(clauses: list[Clause]) -> list[Clause]:
    """Move the lines after "By signing this MOA ..." into an unnumbered
    clause of their own, keeping only the lines that read as words (names,
    titles, "Date:"); scanned stamps and signatures come out as gibberish."""
    out: list[Clause] = []
    for c in clauses:
        k = next((i for i, p in enumerate(c.paragraphs) if p.startswith("By signing this")), None)
        out.append(c)
        if k is None or k + 1 == len(c.paragraphs):
            continue
        rest = c.paragraphs[k + 1 :]
        c.paragraphs = c.paragraphs[: k + 1]
        lines = [p for p in rest if all(_SIGNATURE_WORD.match(w) for w in p.split())]
        if lines:
            out.append(Clause("", "", lines, 0))
    return out


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if out.endswith("-") and out[-2:-1].isalpha() and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out


def parse_pdf(path: str | os.PathLike[str]) -> Agreement:
    return parse_pages(pdf_page_texts(path))


# --------------------------------------------------------------------------- the planting model


@dataclass
class Tok:
    """A word and the id of the planted edit that changed it (None: unchanged).

    With --fill-ins, ``fill`` is the id of the agency-name occurrence the
    word belongs to, and ``fill_same`` says it reads the same on both sides
    ("County" in "Bay County Sheriff's Office" -> "Marlow County Sheriff's Office")."""

    text: str
    edit: int | None = None
    fill: int | None = None
    fill_same: bool = False
    #: --ocr-noise: misread on purpose (old side), or the counterpart of such a word (new side).
    noise: bool = False
    noise_ctx: bool = False


@dataclass
class Node:
    uid: int
    label: str
    style: str  # "roman", "letter", "digit", "appendix" or "" (unnumbered)
    title: list[Tok]
    paras: list[list[Tok]]
    children: list[Node] = field(default_factory=list)

    def tokens(self) -> Iterable[Tok]:
        yield from self.title
        for p in self.paras:
            yield from p

    def __deepcopy__(self, memo: dict[int, Any]) -> Node:
        # copy.deepcopy's generic walk is most of the time a pair took (no
        # word or node is shared, so a plain recursive copy is the same).
        def toks(ts: list[Tok]) -> list[Tok]:
            return [Tok(t.text, t.edit, t.fill, t.fill_same, t.noise, t.noise_ctx) for t in ts]

        return Node(self.uid, self.label, self.style, toks(self.title), [toks(p) for p in self.paras],
                    [copy.deepcopy(c, memo) for c in self.children])


@dataclass
class Doc:
    title_lines: list[str]
    nodes: list[Node]
    agency: str = ""


@dataclass
class Planted:
    """One planted edit. ``clause`` is the uid of the clause it lives in."""

    id: int
    type: str
    clause: int
    detail: str


@dataclass
class Pair:
    name: str
    old: Doc
    new: Doc
    edits: list[Planted]
    moved: list[int]
    #: --fill-ins: the agencies and how many occurrences and words were replaced.
    fill_ins: dict[str, Any] | None = None
    #: --ocr-noise: how many words were misread.
    ocr_noise: dict[str, Any] | None = None


def _style(label: str, level: int) -> str:
    if not label:
        return ""
    if label.startswith("APPENDIX"):
        return "appendix"
    core = label.rstrip(".")
    if core.isdigit():
        return "digit"
    if level == 0 and roman_value(core) is not None:
        return "roman"
    if len(core) == 1 and core.isalpha():
        return "letter"
    return ""


def to_doc(agreement: Agreement) -> Doc:
    """Turn a flat Agreement into a tree, numbering clauses by position."""
    uid = 0
    top: list[Node] = []
    stack: list[tuple[int, Node]] = []
    for c in agreement.clauses:
        node = Node(uid, c.label, _style(c.label, c.level), _toks(c.title), [_toks(p) for p in c.paragraphs])
        uid += 1
        while stack and stack[-1][0] >= c.level:
            stack.pop()
        (stack[-1][1].children if stack else top).append(node)
        stack.append((c.level, node))
    doc = Doc(list(agreement.title_lines), top, agreement.agency)
    for group in _groups(doc):
        _renumber(group)
    return doc


def _toks(text: str) -> list[Tok]:
    return [Tok(w) for w in text.split()]


def to_agreement(doc: Doc) -> Agreement:
    clauses: list[Clause] = []

    def walk(nodes: list[Node], level: int) -> None:
        for n in nodes:
            clauses.append(
                Clause(n.label, " ".join(t.text for t in n.title), [" ".join(t.text for t in p) for p in n.paras], level)
            )
            walk(n.children, level + 1)

    walk(doc.nodes, 0)
    return Agreement(list(doc.title_lines), clauses, doc.agency)


def flatten(doc: Doc) -> list[Node]:
    out: list[Node] = []

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            out.append(n)
            walk(n.children)

    walk(doc.nodes)
    return out


def _groups(doc: Doc) -> list[list[Node]]:
    """Every list of siblings, top level first."""
    out = [doc.nodes]
    for n in flatten(doc):
        if n.children:
            out.append(n.children)
    return out


def _label(style: str, k: int) -> str:
    if style == "roman":
        return f"{to_roman(k + 1)}."
    if style == "letter":
        return f"{chr(ord('A') + k)}." if k < 26 else f"{chr(ord('A') + k // 26 - 1)}{chr(ord('A') + k % 26)}."
    if style == "digit":
        return f"{k + 1}."
    if style == "appendix":
        return f"APPENDIX {chr(ord('A') + k)}"
    raise ValueError(style)


def _renumber(group: list[Node]) -> None:
    """Label the numbered members of a sibling list by position, per style."""
    seen: Counter[str] = Counter()
    for n in group:
        if n.style:
            n.label = _label(n.style, seen[n.style])
            seen[n.style] += 1


# --------------------------------------------------------------------------- planting

SENTENCES = [
    "The LEA will designate a single point of contact for all matters arising under this MOA.",
    "Participating LEA personnel shall complete annual ethics training provided by the LEA.",
    "ICE may audit the records kept under this MOA at any time upon reasonable notice.",
    "The LEA shall retain all records created under this MOA for a period of five years.",
    "Any change in the LEA's chain of command must be reported to the FOD within ten business days.",
    "The parties will review the staffing of the program at each annual meeting.",
    "Nothing in this paragraph requires the LEA to hire additional personnel.",
    "The FOD may request a written summary of program activities at the end of each quarter.",
    "Participating LEA personnel must wear their issued credentials at all times while on duty in the facility.",
    "The LEA shall notify ICE in writing of any participating LEA personnel who leave its employment.",
    "Requests for additional training slots must be submitted to ICE at least sixty days in advance.",
    "ICE will provide the LEA with updated policy guidance as it becomes available.",
    "The LEA will make reasonable efforts to provide private interview space for ICE personnel.",
    "All information systems used under this MOA are subject to monitoring by DHS.",
    "A participating officer who is placed on administrative leave shall not exercise delegated authority.",
    "The LEA will submit monthly statistics on encounters under this MOA to the FOD.",
    "ICE will bear the cost of replacing any equipment that fails through normal use.",
    "Language access services shall be made available at no cost to the individual.",
    "The LEA shall post a copy of the complaint procedure in each booking area.",
    "Disputes under this section will first be referred to the points of contact for resolution.",
    "The LEA agrees to maintain liability insurance in an amount consistent with State law.",
    "Participating LEA personnel shall not use delegated authority for any personal purpose.",
    "ICE retains the right to withdraw any credential issued under this MOA without prior notice.",
    "The parties will meet within thirty days of any significant incident involving participating LEA personnel.",
    "The LEA will give ICE access to booking records needed to carry out this MOA.",
    "Training materials provided by ICE remain the property of ICE and may not be copied.",
    "Participating LEA personnel will document each interview in the system designated by ICE.",
    "The FOD will inform the LEA of any change to the field office's area of responsibility.",
    "The LEA shall designate a supervisor to attend each quarterly review meeting.",
    "A summary of each review meeting will be shared with both parties in writing.",
    "Any detainee who requests medical attention shall be referred to the facility's medical staff promptly.",
    "The LEA will ensure that participating LEA personnel have access to a secure telephone line.",
    "The obligations in this paragraph survive the termination of this MOA.",
    "ICE will notify the LEA in writing of any change to the training curriculum.",
    "The LEA shall keep a current roster of all participating LEA personnel and share it with ICE.",
    "Requests for public records that concern ICE information shall be forwarded to ICE within five days.",
]

SUBSECTION_TITLES = [
    "DATA SECURITY AND RECORDS",
    "USE OF FORCE REPORTING",
    "LANGUAGE ACCESS PLAN",
    "TRAINING RECORDS",
    "PERFORMANCE REVIEWS",
    "MEDICAL SCREENING OF DETAINEES",
    "VEHICLES AND EQUIPMENT",
    "AUDITS AND INSPECTIONS",
    "CONFLICTS OF INTEREST",
    "STATISTICAL REPORTING",
    "STAFFING AND SCHEDULING",
    "RECORDS RETENTION",
]

SWAPS = {
    "shall": "may", "may": "shall", "will": "shall", "must": "should", "should": "must",
    "written": "oral", "promptly": "immediately", "immediately": "promptly", "annually": "quarterly",
    "all": "any", "any": "all", "minimum": "maximum", "maximum": "minimum", "approved": "reviewed",
    "reviewed": "approved", "federal": "state", "state": "federal", "local": "regional",
    "appropriate": "applicable", "timely": "prompt", "certified": "qualified", "supervision": "oversight",
    "training": "instruction", "policies": "procedures", "procedures": "policies", "personnel": "officers",
    "complaint": "grievance", "notice": "notification", "days": "weeks", "hours": "days",
    "required": "permitted", "director": "administrator", "media": "press", "officer": "agent",
    "responsible": "liable", "terminate": "suspend", "suspend": "terminate", "include": "exclude",
}
_ABBREV = {"u.s.", "u.s.c.", "c.f.r.", "e.g.", "i.e.", "no.", "pub.", "l.", "mr.", "dr.", "st.", "v.", "seq.", "etc."}
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "ten", "twelve", "thirty", "sixty", "ninety")
_UNITS = {"day", "days", "hour", "hours", "week", "weeks", "month", "months", "year", "years", "percent",
          "business", "calendar", "working", "minutes"}
_NUMBER = re.compile(
    r"^(\d{1,3}|(?i:" + "|".join(_NUMBER_WORDS) + r"))(-(?:day|hour|week|month|year|percent)s?)?([,.;:]?)$"
)


def _sentence_starts(words: list[Tok]) -> list[int]:
    """Indices at which a sentence starts (0 included)."""
    starts = [0]
    for i in range(1, len(words)):
        prev, cur = words[i - 1].text, words[i].text
        if re.search(r"[.;!?][\"\u201d)]?$", prev) and prev.lower() not in _ABBREV and cur[:1].isupper():
            starts.append(i)
    return starts


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Planter:
    """Plants edits in a copy of a document; the old side only gets flags."""

    def __init__(self, doc: Doc, rng: random.Random):
        self.rng = rng
        self.old = copy.deepcopy(doc)
        self.new = copy.deepcopy(doc)
        self.edits: list[Planted] = []
        self.moved: list[int] = []
        self.touched: set[int] = set()
        self.next_uid = max((n.uid for n in flatten(doc)), default=0) + 1
        self.sentences = list(SENTENCES)
        rng.shuffle(self.sentences)
        self.titles = [t for t in SUBSECTION_TITLES if t not in {" ".join(x.text for x in n.title) for n in flatten(doc)}]
        rng.shuffle(self.titles)

    # helpers
    def _nodes(self, doc: Doc) -> dict[int, Node]:
        return {n.uid: n for n in flatten(doc)}

    def _new_edit(self, type_: str, clause: int, detail: str) -> int:
        e = Planted(len(self.edits), type_, clause, detail)
        self.edits.append(e)
        self.touched.add(clause)
        return e.id

    def _candidate_clauses(self) -> list[Node]:
        # Not the signature block (unnumbered, untitled, after the preamble).
        first = flatten(self.new)[0].uid
        return [n for n in flatten(self.new) if n.uid not in self.touched and n.uid in self._nodes(self.old)
                and any(len(p) >= 8 for p in n.paras) and (n.label or n.title or n.uid == first)]

    def plant(self, type_: str) -> bool:
        return bool(getattr(self, "_" + type_.replace("-", "_"))())

    # text edits: the clause keeps its paragraphs, so old and new positions agree
    def _change_word(self) -> bool:
        return self._swap_token(
            "change-word",
            lambda para, i: re.sub(r"[^\w]", "", para[i].text).lower() in SWAPS,
            lambda t: _replace_core(t.text, lambda w: _case_like(SWAPS[w.lower()], w)),
        )

    def _change_number(self) -> bool:
        """A quantity: "70-percent", "90-day", "48 hours", "two years" (not a
        citation like "8 U.S.C." nor a list number "2)")."""

        def is_quantity(para: list[Tok], i: int) -> bool:
            m = _NUMBER.match(para[i].text)
            if not m:
                return False
            after = norm(para[i + 1].text) if i + 1 < len(para) else ""
            return bool(m.group(2)) or after in _UNITS

        def new_number(text: str) -> str:
            m = _NUMBER.match(text)
            assert m
            core = m.group(1)
            if core.isdigit():
                n = int(core)
                top = 100 if "percent" in text else 10_000
                options = [str(x) for x in (n + 5, n + 10, n * 2, n // 2, n - 5) if 0 < x <= top and x != n]
            else:
                options = [w for w in _NUMBER_WORDS if w != core.lower()]
            return f"{_case_like(self.rng.choice(options), core)}{m.group(2) or ''}{m.group(3)}"

        return self._swap_token("change-number", is_quantity, lambda t: new_number(t.text))

    def _swap_token(self, type_: str, ok: Any, make: Any) -> bool:
        old_nodes = self._nodes(self.old)
        spots = [
            (n, p, i)
            for n in self._candidate_clauses()
            for p, para in enumerate(n.paras)
            for i in range(len(para))
            if ok(para, i)
        ]
        if not spots:
            return False
        node, p, i = self.rng.choice(spots)
        old_tok = old_nodes[node.uid].paras[p][i]
        new_text = make(node.paras[p][i])
        eid = self._new_edit(type_, node.uid, f"{old_tok.text!r} -> {new_text!r}")
        old_tok.edit = eid
        node.paras[p][i] = Tok(new_text, eid)
        return True

    def _insert_sentence(self) -> bool:
        clauses = self._candidate_clauses()
        if not clauses or not self.sentences:
            return False
        node = self.rng.choice(clauses)
        p = self.rng.choice([k for k, para in enumerate(node.paras) if len(para) >= 8])
        starts = _sentence_starts(node.paras[p]) + [len(node.paras[p])]
        at = self.rng.choice(starts)
        sentence = self.sentences.pop()
        eid = self._new_edit("insert-sentence", node.uid, sentence)
        node.paras[p][at:at] = [Tok(w, eid) for w in sentence.split()]
        return True

    def _delete_sentence(self) -> bool:
        old_nodes = self._nodes(self.old)
        spots = []
        for n in self._candidate_clauses():
            for p, para in enumerate(n.paras):
                bounds = _sentence_starts(para) + [len(para)]
                for a, b in zip(bounds, bounds[1:]):
                    if len(bounds) > 2 and 4 <= b - a <= 60:
                        spots.append((n, p, a, b))
        if not spots:
            return False
        node, p, a, b = self.rng.choice(spots)
        old_para = old_nodes[node.uid].paras[p]
        eid = self._new_edit("delete-sentence", node.uid, " ".join(t.text for t in old_para[a:b]))
        for t in old_para[a:b]:
            t.edit = eid
        del node.paras[p][a:b]
        return True

    # structural edits
    def _numbered_groups(self, min_size: int) -> list[list[Node]]:
        return [g for g in _groups(self.new)
                if sum(1 for n in g if n.style in ("roman", "letter", "digit")) >= min_size]

    def _insert_subsection(self) -> bool:
        groups = self._numbered_groups(2)
        if not groups or not self.titles:
            return False
        group = self.rng.choice(groups)
        numbered = [k for k, n in enumerate(group) if n.style in ("roman", "letter", "digit")]
        style = group[numbered[0]].style
        # Between two numbered siblings or after the last one.
        at = self.rng.choice([k for k in numbered[1:]] + [numbered[-1] + 1])
        uid = self.next_uid
        self.next_uid += 1
        title = self.titles.pop()
        eid = self._new_edit("insert-subsection", uid, title)
        paras = []
        for _ in range(self.rng.randint(1, 2)):
            text = " ".join(self.sentences.pop() for _ in range(min(len(self.sentences), self.rng.randint(2, 3))))
            paras.append([Tok(w, eid) for w in text.split()])
        group.insert(at, Node(uid, "", style, [Tok(w, eid) for w in title.split()], paras))
        _renumber(group)
        return True

    def _leaves(self, min_size: int) -> list[tuple[list[Node], int]]:
        return [
            (g, k)
            for g in self._numbered_groups(min_size)
            for k, n in enumerate(g)
            if n.style in ("roman", "letter", "digit") and not n.children and n.uid not in self.touched
            and n.uid in self._nodes(self.old)
        ]

    def _delete_subsection(self) -> bool:
        spots = self._leaves(3)
        if not spots:
            return False
        group, k = self.rng.choice(spots)
        node = group.pop(k)
        eid = self._new_edit("delete-subsection", node.uid, " ".join(t.text for t in node.title))
        for t in self._nodes(self.old)[node.uid].tokens():
            t.edit = eid
        _renumber(group)
        return True

    def _move(self) -> bool:
        # Not the clause that closes with "By signing this MOA": the signature
        # block follows it in every agreement.
        spots = [(g, k) for g, k in self._leaves(3) if sum(len(p) for p in g[k].paras) >= 10
                 and not any(p and p[0].text == "By" and p[1].text == "signing" for p in g[k].paras if len(p) > 1)]
        self.rng.shuffle(spots)
        for group, k in spots:
            node = group[k]
            same_style = [g for g in _groups(self.new) if any(n.style == node.style and n is not node for n in g)]
            target = self.rng.choice(same_style)
            numbered = [j for j, n in enumerate(target) if n.style == node.style and n is not node]
            if target is group:
                # At least two places away, so that this clause, not its
                # neighbours, is what moved.
                rest = [n for n in group if n is not node]
                last = max(j for j, n in enumerate(rest) if n.style == node.style)
                places = [j for j in range(last + 2)
                          if abs(j - k) >= 2 and (j == last + 1 or rest[j].style == node.style)]
                if not places:
                    continue
                j = self.rng.choice(places)
                group.pop(k)
                group.insert(j, node)
                _renumber(group)
            else:
                j = self.rng.choice(numbered + [numbered[-1] + 1])
                group.pop(k)
                target.insert(j, node)
                _renumber(group)
                _renumber(target)
            self._new_edit("move", node.uid, " ".join(t.text for t in node.title))
            self.moved.append(node.uid)
            return True
        return False


def _replace_core(text: str, fn: Any) -> str:
    m = re.match(r"^(\W*)(\w+)(.*)$", text)
    if not m:
        return text
    return m.group(1) + fn(m.group(2)) + m.group(3)


def plant(doc: Doc, rng: random.Random, *, name: str = "") -> Pair:
    """Plant 3-7 edits in a copy of ``doc``: each structural kind at most once
    (with probability one half), two to four text edits.

    >>> a = Agreement(["MOA"], [Clause("I.", "PARTIES", ["One two three. Four five six seven eight."])])
    >>> pair = plant(to_doc(a), random.Random(1))
    >>> [e.type for e in pair.edits] != []
    True
    """
    p = Planter(doc, rng)
    kinds = [k for k in ("move", "insert-subsection", "delete-subsection") if rng.random() < 0.5]
    kinds += [rng.choice(EDIT_TYPES[:4]) for _ in range(rng.randint(2, 4))]
    rng.shuffle(kinds)
    for kind in kinds:
        if not p.plant(kind):
            p.plant(rng.choice(EDIT_TYPES[:4]))
    return Pair(name, p.old, p.new, p.edits, p.moved)


# --------------------------------------------------------------------------- words and streams


def norm(word: str) -> str:
    """How words are compared: lower case, punctuation gone."""
    return re.sub(r"[\W_]+", "", word.lower())


@dataclass
class Word:
    norm: str
    flag: bool
    #: Ground truth: the planted edit (or None) and the clause uid.
    edit: int | None = None
    clause: int = -1
    #: Reported: the index of the change entry the word came from.
    entry: int = -1
    #: Ground truth (--fill-ins): a word of a replaced agency name that
    #: differs between the sides (``fill``), or any word of one (``fill_ctx``).
    fill: bool = False
    fill_ctx: bool = False
    #: Ground truth (--ocr-noise): a word misread on purpose (old side), or
    #: any word of such a misreading or its clean counterpart.
    noise: bool = False
    noise_ctx: bool = False
    #: Reported: the kind of the non-equal edit the word is in (None: equal).
    kind: str | None = None


def truth_stream(doc: Doc) -> list[Word]:
    """Every word of the document in order: title block, then each clause's
    title and paragraphs (labels are not content)."""
    out = [Word(norm(w), False) for line in doc.title_lines for w in line.split() if norm(w)]
    for n in flatten(doc):
        for t in n.tokens():
            w = norm(t.text)
            if w:
                ctx = t.fill is not None and t.edit is None
                out.append(Word(w, t.edit is not None, t.edit, n.uid, fill=ctx and not t.fill_same, fill_ctx=ctx,
                                noise=t.noise, noise_ctx=t.noise_ctx))
    return out


def _words(text: str | None) -> list[str]:
    return [w for w in (norm(x) for x in (text or "").split()) if w]


def reported_streams(report: dict[str, Any]) -> tuple[list[Word], list[Word], int]:
    """The old and new word streams of a comparison, in document order, with
    the words it reports as substantively changed flagged.

    Returns the streams and the number of entries whose edits did not spell
    out their clause's title and text (a breach of the JSON contract).
    """
    mismatches = 0
    sides: dict[str, list[tuple[int, list[Word]]]] = {"old": [], "new": []}
    for e, change in enumerate(report.get("changes", [])):
        status = change.get("status")
        for side in ("old", "new"):
            clause = change.get(side)
            if not clause:
                continue
            expected = _words(clause.get("title")) + _words(clause.get("text"))
            if status in ("removed", "added"):
                words = [Word(w, True, entry=e) for w in expected]
            elif change.get("edits"):
                words = []
                for edit in change["edits"]:
                    flagged = edit.get("op") != "equal" and edit.get("kind") == "substantive"
                    kind = edit.get("kind") if edit.get("op") != "equal" else None
                    words += [Word(w, flagged, entry=e, kind=kind) for w in _words(edit.get(side))]
                if [w.norm for w in words] != expected:
                    mismatches += 1
            else:
                words = [Word(w, False, entry=e) for w in expected]
            sides[side].append((int(clause.get("index", 0)), words))
    streams = []
    for side in ("old", "new"):
        stream: list[Word] = []
        for _, words in sorted(sides[side], key=lambda x: x[0]):
            stream += words
        streams.append(stream)
    return streams[0], streams[1], mismatches


def plain_stream(text: str, flags: Sequence[bool] | None = None) -> list[Word]:
    words = _words(text)
    return [Word(w, bool(flags[i]) if flags else False) for i, w in enumerate(words)]


def baseline_streams(old_text: str, new_text: str) -> tuple[list[Word], list[Word]]:
    """A plain difflib word diff of two whole texts: every non-equal word is reported."""
    a, b = _words(old_text), _words(new_text)
    fa, fb = [False] * len(a), [False] * len(b)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            fa[i1:i2] = [True] * (i2 - i1)
            fb[j1:j2] = [True] * (j2 - j1)
    return [Word(w, f) for w, f in zip(a, fa)], [Word(w, f) for w, f in zip(b, fb)]


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    #: Per edit type: [true, missed, false] word counts.
    by_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    #: Per edit type: [planted, found] edits; an edit is found when at least
    #: half of its words are reported (a move: when it is reported moved).
    edits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    #: Per planted edit id: [true, missed] words (one pair only).
    by_edit: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    moves_planted: int = 0
    moves_found: int = 0
    false_moves: int = 0
    contract_mismatches: int = 0
    #: --fill-ins: the words of replaced agency names that differ between the
    #: sides, and what the report made of those it has: kind "fill-in",
    #: "substantive" or another kind (the rest are equal or not found).
    fill_words: int = 0
    fill_as_fill: int = 0
    fill_as_substantive: int = 0
    fill_as_other: int = 0
    #: False words (counted in ``fp`` too) that belong to a replaced agency name.
    fill_fp: int = 0
    #: --ocr-noise: the words misread on purpose, and what the report made of
    #: those it has: kind "ocr-noise", "substantive" or another kind.
    noise_words: int = 0
    noise_as_noise: int = 0
    noise_as_substantive: int = 0
    noise_as_other: int = 0
    #: False words (counted in ``fp`` too) of a misreading or its counterpart.
    noise_fp: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for k, v in other.by_type.items():
            mine = self.by_type[k]
            for i in range(3):
                mine[i] += v[i]
        for k, v in other.edits.items():
            self.edits[k][0] += v[0]
            self.edits[k][1] += v[1]
        for e, v in other.by_edit.items():
            self.by_edit[e][0] += v[0]
            self.by_edit[e][1] += v[1]
        self.moves_planted += other.moves_planted
        self.moves_found += other.moves_found
        self.false_moves += other.false_moves
        self.contract_mismatches += other.contract_mismatches
        self.fill_words += other.fill_words
        self.fill_as_fill += other.fill_as_fill
        self.fill_as_substantive += other.fill_as_substantive
        self.fill_as_other += other.fill_as_other
        self.fill_fp += other.fill_fp
        self.noise_words += other.noise_words
        self.noise_as_noise += other.noise_as_noise
        self.noise_as_substantive += other.noise_as_substantive
        self.noise_as_other += other.noise_as_other
        self.noise_fp += other.noise_fp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def precision_without_fill(self) -> float:
        """Precision as if the words of replaced agency names were not there."""
        fp = self.fp - self.fill_fp
        return self.tp / (self.tp + fp) if self.tp + fp else 1.0

    @property
    def precision_without_noise(self) -> float:
        """Precision as if the injected misreadings (and counterparts) were not there."""
        fp = self.fp - self.noise_fp
        return self.tp / (self.tp + fp) if self.tp + fp else 1.0

    @property
    def noise_recall(self) -> float:
        """Share of injected words not reported substantive."""
        return 1 - self.noise_as_substantive / self.noise_words if self.noise_words else 1.0

    @property
    def fill_recall(self) -> float:
        return self.fill_as_fill / self.fill_words if self.fill_words else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "true": self.tp,
            "false": self.fp,
            "missed": self.fn,
            "by_type": {k: dict(zip(("true", "missed", "false"), v)) for k, v in sorted(self.by_type.items())},
            "edits": {k: dict(zip(("planted", "found"), v)) for k, v in sorted(self.edits.items())},
            "moves_planted": self.moves_planted,
            "moves_found": self.moves_found,
            "false_moves": self.false_moves,
            "contract_mismatches": self.contract_mismatches,
        } | ({"fill_ins": {
            "words": self.fill_words,
            "reported_fill_in": self.fill_as_fill,
            "reported_substantive": self.fill_as_substantive,
            "reported_other_kind": self.fill_as_other,
            "false_words": self.fill_fp,
            "recall": round(self.fill_recall, 4),
            "precision_excluding_fill_ins": round(self.precision_without_fill, 4),
        }} if self.fill_words or self.fill_fp else {}) | ({"ocr_noise": {
            "words": self.noise_words,
            "reported_ocr_noise": self.noise_as_noise,
            "reported_substantive": self.noise_as_substantive,
            "reported_other_kind": self.noise_as_other,
            "false_words": self.noise_fp,
            "recall": round(self.noise_recall, 4),
            "precision_excluding_noise": round(self.precision_without_noise, 4),
        }} if self.noise_words or self.noise_fp else {})


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    try:
        from rapidfuzz.distance import Indel

        return [(o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end) for o in Indel.opcodes(a, b)]
    except ImportError:  # pragma: no cover
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def align(truth: list[Word], reported: list[Word]) -> list[int]:
    """For each reported word, the index of the truth word it aligns with (-1: none)."""
    where = [-1] * len(reported)
    for op, i1, i2, j1, j2 in _opcodes([w.norm for w in truth], [w.norm for w in reported]):
        if op == "equal":
            for k in range(i2 - i1):
                where[j1 + k] = i1 + k
    return where


def score_side(truth: list[Word], reported: list[Word], types: dict[int, str],
               hosts: dict[int, str]) -> tuple[Score, list[int]]:
    """Transfer flags across aligned words and count.

    ``types`` maps an edit id to its type; ``hosts`` maps a clause uid to the
    type of the edit planted in it, so that a false word in that clause is
    charged to that type ("other" elsewhere).
    """
    s = Score()
    where = align(truth, reported)
    matched = [False] * len(truth)
    last_clause = -1
    for j, i in enumerate(where):
        w = reported[j]
        if i >= 0:
            matched[i] = True
            last_clause = truth[i].clause
            t = truth[i]
            if t.fill:
                if w.kind == "fill-in":
                    s.fill_as_fill += 1
                elif w.flag:
                    s.fill_as_substantive += 1
                elif w.kind is not None:
                    s.fill_as_other += 1
            if t.noise:
                if w.kind == "ocr-noise":
                    s.noise_as_noise += 1
                elif w.flag:
                    s.noise_as_substantive += 1
                elif w.kind is not None:
                    s.noise_as_other += 1
            if t.flag and w.flag:
                s.tp += 1
                s.by_type[types[t.edit]][0] += 1  # type: ignore[index]
                s.by_edit[t.edit][0] += 1  # type: ignore[index]
            elif t.flag:
                s.fn += 1
                s.by_type[types[t.edit]][1] += 1  # type: ignore[index]
                s.by_edit[t.edit][1] += 1  # type: ignore[index]
            elif w.flag and t.fill_ctx:
                s.fp += 1
                s.fill_fp += 1
                s.by_type[FILL_TYPE][2] += 1
            elif w.flag and t.noise_ctx:
                s.fp += 1
                s.noise_fp += 1
                s.by_type[NOISE_TYPE][2] += 1
            elif w.flag:
                s.fp += 1
                s.by_type[hosts.get(t.clause, "other")][2] += 1
        elif w.flag:
            s.fp += 1
            s.by_type[hosts.get(last_clause, "other")][2] += 1
    for i, t in enumerate(truth):
        s.fill_words += t.fill
        s.noise_words += t.noise
        if t.flag and not matched[i]:
            s.fn += 1
            s.by_type[types[t.edit]][1] += 1  # type: ignore[index]
            s.by_edit[t.edit][1] += 1  # type: ignore[index]
    return s, where


def score(pair: Pair, old_reported: list[Word], new_reported: list[Word],
          report: dict[str, Any] | None = None) -> Score:
    """Score one comparison (or baseline) of a planted pair."""
    types = {e.id: e.type for e in pair.edits}
    hosts = {e.clause: e.type for e in pair.edits}
    old_truth, new_truth = truth_stream(pair.old), truth_stream(pair.new)
    total = Score()
    for e in pair.edits:
        total.by_type[e.type]  # every planted type shows up in the table
    s_old, _ = score_side(old_truth, old_reported, types, hosts)
    s_new, where = score_side(new_truth, new_reported, types, hosts)
    total.add(s_old)
    total.add(s_new)
    moved_found: set[int] = set()
    if report is not None:
        changes = report.get("changes", [])
        # Which entry holds most of each clause's new-side words.
        entry_votes: dict[int, Counter[int]] = defaultdict(Counter)
        clause_votes: dict[int, Counter[int]] = defaultdict(Counter)
        for j, i in enumerate(where):
            if i >= 0:
                entry_votes[new_truth[i].clause][new_reported[j].entry] += 1
                clause_votes[new_reported[j].entry][new_truth[i].clause] += 1
        total.moves_planted = len(pair.moved)
        for uid in pair.moved:
            votes = entry_votes.get(uid)
            if votes:
                entry = votes.most_common(1)[0][0]
                if 0 <= entry < len(changes) and changes[entry].get("moved"):
                    total.moves_found += 1
                    moved_found.add(uid)
        for e, change in enumerate(changes):
            if change.get("moved"):
                votes = clause_votes.get(e)
                if not votes or votes.most_common(1)[0][0] not in pair.moved:
                    total.false_moves += 1
    for e in pair.edits:
        planted_found = total.edits[e.type]
        planted_found[0] += 1
        if e.type == "move":
            planted_found[1] += e.clause in moved_found
        else:
            tp, fn = total.by_edit.get(e.id, [0, 0])
            planted_found[1] += tp + fn > 0 and tp >= fn
    total.by_edit.clear()
    return total


# --------------------------------------------------------------------------- fake reports


def fake_report(pair: Pair, *, mode: str = "perfect") -> dict[str, Any]:
    """A comparison dict in the moadiff.comparison/1 shape, made from the
    ground truth: "perfect" reports exactly the planted words and moves;
    "everything" reports every word of every clause as changed."""
    old_nodes = {n.uid: (k, n) for k, n in enumerate(flatten(pair.old))}
    new_nodes = {n.uid: (k, n) for k, n in enumerate(flatten(pair.new))}
    changes: list[dict[str, Any]] = []

    def side(k: int, n: Node) -> dict[str, Any]:
        return {
            "id": n.label or str(n.uid),
            "title": " ".join(t.text for t in n.title),
            "text": "\n".join(" ".join(t.text for t in p) for p in n.paras),
            "pages": [1, 1],
            "index": k,
        }

    for uid in sorted(set(old_nodes) | set(new_nodes), key=lambda u: (new_nodes.get(u, old_nodes.get(u)))[0]):
        o, n = old_nodes.get(uid), new_nodes.get(uid)
        entry: dict[str, Any] = {
            "old": side(*o) if o else None,
            "new": side(*n) if n else None,
            "moved": mode == "perfect" and uid in pair.moved,
            "similarity": 1.0,
            "edits": [],
        }
        if o and n:
            ot, nt = list(o[1].tokens()), list(n[1].tokens())
            if mode == "everything":
                edits = [{"op": "replace", "old": " ".join(t.text for t in ot),
                          "new": " ".join(t.text for t in nt), "kind": "substantive"}]
            else:
                edits = _edits_from_flags(ot, nt)
            entry["edits"] = edits
            entry["status"] = "modified" if any(e["op"] != "equal" for e in edits) else "unchanged"
        else:
            entry["status"] = "removed" if o else "added"
        changes.append(entry)
    return {"schema": "moadiff.comparison/1", "changes": changes}


def _category(t: Tok) -> str | None:
    """"s": a planted change; "f": a fill-in word that differs; "n": a
    misreading (--ocr-noise) or its counterpart; None: equal."""
    if t.edit is not None:
        return "s"
    if t.noise_ctx:
        return "n"
    return "f" if t.fill is not None and not t.fill_same else None


def _edits_from_flags(old: list[Tok], new: list[Tok]) -> list[dict[str, Any]]:
    """Runs of unflagged words are equal on both sides; flagged runs between
    them are the edits (kind "fill-in" for runs of fill-in words)."""
    edits: list[dict[str, Any]] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and _category(old[i]) is None and _category(new[j]) is None:
            a = i
            while i < len(old) and j < len(new) and _category(old[i]) is None and _category(new[j]) is None:
                i += 1
                j += 1
            text = " ".join(t.text for t in old[a:i])
            edits.append({"op": "equal", "old": text, "new": text, "kind": None})
            continue
        cat = (_category(old[i]) if i < len(old) else None) or (_category(new[j]) if j < len(new) else None)
        if cat is None:  # only unflagged words left on one side: a ground-truth bug
            raise AssertionError("unflagged words differ between old and new")
        a, b = i, j
        while i < len(old) and _category(old[i]) == cat:
            i += 1
        while j < len(new) and _category(new[j]) == cat:
            j += 1
        if a == i and b == j:  # only unflagged words left on one side: a ground-truth bug
            raise AssertionError("unflagged words differ between old and new")
        op = "replace" if i > a and j > b else ("delete" if i > a else "insert")
        edits.append({"op": op, "old": " ".join(t.text for t in old[a:i]),
                      "new": " ".join(t.text for t in new[b:j]),
                      "kind": {"f": "fill-in", "n": "ocr-noise"}.get(cat, "substantive")})
    return edits


# --------------------------------------------------------------------------- fill-ins (--fill-ins)


def fill_blanks(agreement: Agreement, src: SourceAgency) -> Agreement:
    """The agreement with the empty form fields that hold the agency's name
    (2025 forms: "and the , pursuant to") filled with ``src``'s name."""
    if src.in_text:
        return agreement

    def fill(text: str) -> str:
        blanks = [s for s in agency_spans(text, src) if s.kind == "blank"]
        return " ".join(substitute(text, blanks, src).split()) if blanks else text

    clauses = [Clause(c.label, fill(c.title), [fill(p) for p in c.paragraphs], c.level) for c in agreement.clauses]
    return Agreement(list(agreement.title_lines), clauses, agreement.agency)


def mark_agency(doc: Doc, src: SourceAgency) -> dict[int, tuple[str, list[Span]]]:
    """Give each word of each place ``doc`` names its agency the id of that
    occurrence (``Tok.fill``). Returns, per id, the text of its words and the
    spans in that text that name the agency."""
    occurrences: dict[int, tuple[str, list[Span]]] = {}
    for node in flatten(doc):
        for toks in [node.title, *node.paras]:
            text = " ".join(t.text for t in toks)
            starts, at = [], 0
            for t in toks:
                starts.append(at)
                at += len(t.text) + 1
            runs: list[tuple[int, int, list[Span]]] = []  # token range and spans, merged when they share a word
            for span in agency_spans(text, src):
                if span.start == span.end:
                    continue
                a = max(k for k, st in enumerate(starts) if st <= span.start)
                b = max(k for k, st in enumerate(starts) if st < span.end) + 1
                if runs and a < runs[-1][1]:
                    runs[-1] = (runs[-1][0], max(b, runs[-1][1]), runs[-1][2] + [span])
                else:
                    runs.append((a, b, [span]))
            for a, b, spans in runs:
                k = len(occurrences)
                base = starts[a]
                occurrences[k] = (" ".join(t.text for t in toks[a:b]),
                                  [Span(sp.start - base, sp.end - base, sp.kind, sp.state) for sp in spans])
                for t in toks[a:b]:
                    t.fill = k
    return occurrences


def _fill_runs(doc: Doc) -> dict[int, list[Tok]]:
    runs: dict[int, list[Tok]] = defaultdict(list)
    for node in flatten(doc):
        for t in node.tokens():
            if t.fill is not None:
                runs[t.fill].append(t)
    return runs


def apply_agency(pair: Pair, occurrences: dict[int, tuple[str, list[Span]]], src: SourceAgency,
                 new: Agency) -> dict[str, int]:
    """Make every marked occurrence on the new side name ``new``; mark the
    words that read the same on both sides. An occurrence a planted edit
    touched is left alone and unmarked (its words are the edit's)."""
    old_runs = _fill_runs(pair.old)
    replaced: set[int] = set()

    def rebuild(toks: list[Tok]) -> list[Tok]:
        out: list[Tok] = []
        i = 0
        while i < len(toks):
            k = toks[i].fill
            if k is None:
                out.append(toks[i])
                i += 1
                continue
            j = i
            while j < len(toks) and toks[j].fill == k:
                j += 1
            run = toks[i:j]
            text, spans = occurrences[k]
            intact = (" ".join(t.text for t in run) == text and all(t.edit is None for t in run)
                      and all(t.edit is None for t in old_runs.get(k, [])) and k not in replaced)
            if intact:
                out += [Tok(w, None, k) for w in substitute(text, spans, new, state_style=src.state).split()]
                replaced.add(k)
            else:
                out += run
            i = j
        return out

    for node in flatten(pair.new):
        node.title = rebuild(node.title)
        node.paras = [rebuild(p) for p in node.paras]
    new_runs = _fill_runs(pair.new)
    words = 0
    for k in set(old_runs) | set(new_runs):
        old_toks, new_toks = old_runs.get(k, []), new_runs.get(k, [])
        if k not in replaced:
            for t in old_toks + new_toks:
                t.fill = None
            continue
        matcher = difflib.SequenceMatcher(None, [norm(t.text) for t in old_toks], [norm(t.text) for t in new_toks],
                                          autojunk=False)
        for block in matcher.get_matching_blocks():
            for d in range(block.size):
                old_toks[block.a + d].fill_same = new_toks[block.b + d].fill_same = True
        words += sum(1 for t in old_toks + new_toks if not t.fill_same and norm(t.text))
    return {"occurrences": len(replaced), "words": words}


# --------------------------------------------------------------------------- OCR noise (--ocr-noise)


def inject_noise(pair: Pair, rate: float, rng: random.Random) -> dict[str, Any]:
    """Misread ``rate`` of the old side's words, as a scanner's OCR would
    (ocrnoise.py), in place. Words of a planted edit or of an agency name are
    left alone. The misread words are marked ``noise``, and they and their
    counterparts on the new side ``noise_ctx``; one in ten misreadings joins
    a word with the next ("Joint Intake" -> "Jointlntake")."""
    new_nodes = {n.uid: n for n in flatten(pair.new)}
    runs: list[tuple[list[Tok], dict[int, Tok]]] = []  # old words, and each one's counterpart
    for node in flatten(pair.old):
        other = new_nodes.get(node.uid)
        if other is None:
            continue
        for old_toks, new_toks in zip([node.title, *node.paras], [other.title, *other.paras]):
            # A longest common subsequence (not difflib's longest blocks, which
            # can pair repeated text across a planted edit).
            twin = {i1 + d: new_toks[j1 + d]
                    for op, i1, i2, j1, _ in _opcodes([t.text for t in old_toks], [t.text for t in new_toks])
                    if op == "equal" for d in range(i2 - i1)}
            runs.append((old_toks, twin))

    def free(toks: list[Tok], twin: dict[int, Tok], i: int) -> bool:
        t = toks[i]
        return (i in twin and t.edit is None and t.fill is None and twin[i].edit is None and twin[i].fill is None
                and not t.noise_ctx and bool(norm(t.text)))

    spots = [(r, i) for r, (toks, twin) in enumerate(runs) for i in range(len(toks)) if free(toks, twin, i)]
    want = min(round(rate * len(truth_stream(pair.old))), len(spots))
    chosen = sorted(rng.sample(spots, want), reverse=True)  # right to left: indices stay valid
    misread_count = joined = 0
    for r, i in chosen:
        toks, twin = runs[r]
        t = toks[i]
        if rng.random() < 0.1 and i + 1 < len(toks) and free(toks, twin, i + 1) and (r, i + 1) not in chosen:
            text = t.text + toks[i + 1].text
            if rng.random() < 0.5:
                text = misread(text, rng, "confuse") or text
            toks[i:i + 2] = [Tok(text, noise=True, noise_ctx=True)]
            twin[i].noise_ctx = twin[i + 1].noise_ctx = True
            misread_count += 1
            joined += 1
            continue
        new = misread(t.text, rng)
        if new is None:
            continue
        toks[i:i + 1] = [Tok(w, noise=w != t.text, noise_ctx=True) for w in new.split()]
        twin[i].noise_ctx = True
        misread_count += 1
    words = sum(1 for w in truth_stream(pair.old) if w.noise)
    return {"misread": misread_count, "joined": joined, "words": words}


# --------------------------------------------------------------------------- one pair

AGENCIES = [
    "Harlow County Sheriff's Office",
    "Mesa Verde Police Department",
    "Cedar Falls County Jail",
    "Pine Ridge County Sheriff's Office",
    "Bluewater Detention Center",
    "Northfield Police Department",
]


def make_pair(agreement: Agreement, rng: random.Random, *, name: str,
              fill: tuple[SourceAgency, Agency] | None = None) -> tuple[Pair, Layout, Layout]:
    """Plant edits in a copy of ``agreement`` and draw two layouts. With
    ``fill`` (the source's agency and a new one), the new side names the new
    agency wherever the old one names the source's."""
    if fill:
        doc = to_doc(fill_blanks(agreement, fill[0]))
        occurrences = mark_agency(doc, fill[0])
    else:
        doc = to_doc(agreement)
    pair = plant(doc, rng, name=name)
    agency = rng.choice(AGENCIES)
    pair.old.agency = pair.new.agency = agency
    if fill:
        src, new = fill
        pair.old.agency, pair.new.agency = src.name, new.name
        pair.fill_ins = {"source_agency": src.name, "source_abbr": src.abbr, "agency": new.name, "abbr": new.abbr,
                         **apply_agency(pair, occurrences, src, new)}
    old_layout = random_layout(rng, revised="06/01/2020")
    new_layout = random_layout(rng, revised="02/15/2025")
    while (new_layout.font, new_layout.font_size) == (old_layout.font, old_layout.font_size):
        new_layout = random_layout(rng, revised="02/15/2025")
    return pair, old_layout, new_layout


def run_pair(job: dict[str, Any]) -> dict[str, Any]:
    """Plant, render, compare and score one pair (runs in a worker process)."""
    k, seed, source, agreement = job["k"], job["seed"], job["source"], job["agreement"]
    rng = random.Random(f"{seed}:{k}")
    fill = None
    if job.get("fill_ins"):
        # A stream of its own, so that the planted edits and layouts are drawn as without --fill-ins.
        src = job["agency"]
        fill = (src, make_agency(random.Random(f"{seed}:{k}:fill-ins"), avoid=[src.place]))
    pair, old_layout, new_layout = make_pair(agreement, rng, name=f"pair-{k:03d}", fill=fill)
    new_ext = "docx" if rng.random() < job["docx_share"] else "pdf"
    if job.get("ocr_noise"):
        # Streams of their own, so that edits and layouts are drawn as without the flags.
        pair.ocr_noise = inject_noise(pair, job["ocr_noise"], random.Random(f"{seed}:{k}:ocr-noise"))
    out = Path(job["out"])
    out.mkdir(parents=True, exist_ok=True)
    old_path, new_path = out / f"{pair.name}-old.pdf", out / f"{pair.name}-new.{new_ext}"
    text_path = out / f"{pair.name}-old.text.pdf" if job.get("image_only") else old_path
    t0 = time.perf_counter()
    write_pdf(to_agreement(pair.old), text_path, layout=old_layout)
    if job.get("image_only"):
        image_only(text_path, old_path, random.Random(f"{seed}:{k}:image-only"))
    (write_docx if new_ext == "docx" else write_pdf)(to_agreement(pair.new), new_path, layout=new_layout)
    t1 = time.perf_counter()
    result: dict[str, Any] = {
        "pair": pair.name,
        "source": source,
        "new_format": new_ext,
        "edits": [{"type": e.type, "detail": e.detail} for e in pair.edits],
        "render_s": round(t1 - t0, 3),
    }
    if pair.fill_ins is not None:
        result["fill_ins"] = pair.fill_ins
    if pair.ocr_noise is not None:
        result["ocr_noise"] = pair.ocr_noise
    if job["mode"] == "moadiff":
        import moadiff

        try:
            t2 = time.perf_counter()
            report = moadiff.compare(str(old_path), str(new_path)).to_dict()
            result["compare_s"] = round(time.perf_counter() - t2, 3)
        except Exception as exc:  # one failure does not stop the batch
            result["error"] = f"{type(exc).__name__}: {exc}"
            report = None
    else:
        report = fake_report(pair, mode=job["mode"])
        result["compare_s"] = 0.0
    if report is not None:
        old_rep, new_rep, mismatches = reported_streams(report)
        s = score(pair, old_rep, new_rep, report)
        s.contract_mismatches = mismatches
        result["score"] = s.to_dict()
    t3 = time.perf_counter()
    b_old, b_new = baseline_streams(document_text(text_path), document_text(new_path))
    result["baseline"] = score(pair, b_old, b_new).to_dict()
    result["baseline_s"] = round(time.perf_counter() - t3, 3)
    return result


def _score_from_dict(d: dict[str, Any]) -> Score:
    s = Score(d["true"], d["false"], d["missed"])
    for k, v in d["by_type"].items():
        s.by_type[k] = [v["true"], v["missed"], v["false"]]
    for k, v in d["edits"].items():
        s.edits[k] = [v["planted"], v["found"]]
    s.moves_planted, s.moves_found, s.false_moves = d["moves_planted"], d["moves_found"], d["false_moves"]
    s.contract_mismatches = d["contract_mismatches"]
    f = d.get("fill_ins", {})
    s.fill_words, s.fill_as_fill = f.get("words", 0), f.get("reported_fill_in", 0)
    s.fill_as_substantive, s.fill_as_other = f.get("reported_substantive", 0), f.get("reported_other_kind", 0)
    s.fill_fp = f.get("false_words", 0)
    n = d.get("ocr_noise", {})
    s.noise_words, s.noise_as_noise = n.get("words", 0), n.get("reported_ocr_noise", 0)
    s.noise_as_substantive, s.noise_as_other = n.get("reported_substantive", 0), n.get("reported_other_kind", 0)
    s.noise_fp = n.get("false_words", 0)
    return s


# --------------------------------------------------------------------------- CLI


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _ratio(a: int, b: int) -> str:
    return _fmt(a / b) if b else "-"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docx-share", type=float, default=0.25, help="share of pairs whose new side is a DOCX")
    ap.add_argument("--json", help="write per-pair and total results here")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--sources", default=str(SHARED), help="folder of real agreements (PDF)")
    ap.add_argument("--out", default=str(OUT), help="where the rendered pairs go (default benchmarks/out)")
    ap.add_argument("--fake", choices=("perfect", "everything"),
                    help="score a report made from the ground truth instead of moadiff.compare")
    ap.add_argument("--fill-ins", action="store_true",
                    help="give the new side of each pair another (made-up) agency, and score fill-in labelling")
    ap.add_argument("--ocr-noise", type=float, default=0.0, metavar="RATE",
                    help="misread this share of the old side's words, as OCR would (e.g. 0.02), and score it")
    ap.add_argument("--image-only", action="store_true",
                    help="make the old side an image-only PDF (blurred, slightly rotated) that moadiff must OCR")
    args = ap.parse_args(argv)
    if not 0 <= args.ocr_noise < 0.5:
        ap.error("--ocr-noise takes a share of words, from 0 to 0.5")

    mode = args.fake or "moadiff"
    if mode == "moadiff":
        try:
            import moadiff

            moadiff.compare  # noqa: B018
        except (ImportError, AttributeError) as exc:
            print(f"planted: moadiff.compare is not available ({exc}); try --fake perfect", file=sys.stderr)
            return 1
    paths = source_paths(Path(args.sources))
    if not paths:
        print(f"planted: no agreements with a text layer in {args.sources}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    sources = [(p.name, parse_pdf(p)) for p in paths]
    t_parse = time.perf_counter() - t0
    jobs = [
        {"k": k, "seed": args.seed, "source": sources[k % len(sources)][0], "agreement": sources[k % len(sources)][1],
         "docx_share": args.docx_share, "out": args.out, "mode": mode}
        for k in range(args.pairs)
    ]
    if args.fill_ins:
        agencies = {name: find_agency([p for c in a.clauses for p in [c.title, *c.paragraphs]], name)
                    for name, a in sources}
        for job in jobs:
            job["fill_ins"], job["agency"] = True, agencies[job["source"]]
    for job in jobs:
        job["ocr_noise"], job["image_only"] = args.ocr_noise, args.image_only
    t1 = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(run_pair, jobs))
    else:
        results = [run_pair(j) for j in jobs]
    wall = time.perf_counter() - t1

    total, base = Score(), Score()
    planted_count: Counter[str] = Counter()
    for r in results:
        for e in r["edits"]:
            planted_count[e["type"]] += 1
        if "score" in r:
            total.add(_score_from_dict(r["score"]))
        base.add(_score_from_dict(r["baseline"]))
    failed = [r for r in results if "error" in r]
    n_docx = sum(1 for r in results if r["new_format"] == "docx")

    label = "moadiff" if mode == "moadiff" else f"fake report ({mode})"
    print(f"planted-edit benchmark: {len(results)} pairs (seed {args.seed}; {n_docx} with a DOCX new side) "
          f"from {len(sources)} agreements; scoring {label}")
    print()
    print(f"{'':<18}{'edits':>13}{'words':>24}{'word-level':>20}{'baseline':>18}")
    print(f"{'edit type':<18}{'planted':>8}{'found':>7}{'planted':>9}{'true':>7}{'false':>7}"
          f"{'precision':>11}{'recall':>8}{'precision':>11}{'recall':>8}")
    for t in EDIT_TYPES + ("other", FILL_TYPE, NOISE_TYPE):
        tp, fn, fp = total.by_type.get(t, [0, 0, 0])
        btp, bfn, bfp = base.by_type.get(t, [0, 0, 0])
        if not (tp or fn or fp or planted_count[t] or bfp):
            continue
        found = total.edits.get(t, [0, 0])[1]
        if t in (FILL_TYPE, NOISE_TYPE):  # not planted: only the false words
            print(f"{t:<18}{'':>8}{'':>7}{'':>9}{'':>7}{fp:>7}{_ratio(tp, tp + fp):>11}{'-':>8}"
                  f"{_ratio(btp, btp + bfp):>11}{'-':>8}")
            continue
        print(f"{t:<18}{planted_count[t]:>8}{found if t != 'other' else '':>7}{tp + fn:>9}{tp:>7}{fp:>7}"
              f"{_ratio(tp, tp + fp):>11}{_ratio(tp, tp + fn):>8}{_ratio(btp, btp + bfp):>11}{_ratio(btp, btp + bfn):>8}")
    found = sum(v[1] for v in total.edits.values())
    print(f"{'overall':<18}{sum(planted_count.values()):>8}{found:>7}{total.tp + total.fn:>9}{total.tp:>7}{total.fp:>7}"
          f"{_fmt(total.precision):>11}{_fmt(total.recall):>8}{_fmt(base.precision):>11}{_fmt(base.recall):>8}")
    print("(an edit is found when at least half of its words are reported, a move when its clause is reported\n"
          " moved; false words are charged to the edit planted in the clause where they appear, or to 'other')")
    print()
    if total.moves_planted:
        print(f"moves: {total.moves_found}/{total.moves_planted} reported as moved "
              f"({total.moves_found / total.moves_planted:.3f}); {total.false_moves} entries moved that were not")
    print(f"baseline (difflib word diff of the whole extracted texts): precision {_fmt(base.precision)} "
          f"recall {_fmt(base.recall)}")
    if args.fill_ins:
        occurrences = sum(r["fill_ins"]["occurrences"] for r in results)
        print()
        print(f"fill-ins: {occurrences} places naming the agency replaced ({FILL_TYPE}, not counted as planted); "
              f"{total.fill_words} of their words differ (old and new sides, as scored)")
        print(f"  reported as fill-in {total.fill_as_fill} (fill-in recall {_fmt(total.fill_recall)}), "
              f"as substantive {total.fill_as_substantive}, as another kind {total.fill_as_other}, "
              f"equal or not found {total.fill_words - total.fill_as_fill - total.fill_as_substantive - total.fill_as_other}")
        print(f"  precision over all words {_fmt(total.precision)}; excluding the words of replaced agency names "
              f"{_fmt(total.precision_without_fill)} ({total.fill_fp} false words were theirs)")
        print(f"  baseline precision over all {_fmt(base.precision)}; excluding them {_fmt(base.precision_without_fill)}")
    if args.ocr_noise:
        misread = sum(r["ocr_noise"]["misread"] for r in results)
        joined = sum(r["ocr_noise"]["joined"] for r in results)
        print()
        print(f"ocr-noise: {misread} misreadings injected into the old sides ({joined} joined two words; "
              f"{NOISE_TYPE}, not counted as planted); {total.noise_words} of their words differ")
        print(f"  reported as ocr-noise {total.noise_as_noise}, as another kind {total.noise_as_other}, "
              f"equal or not found {total.noise_words - total.noise_as_noise - total.noise_as_other - total.noise_as_substantive}, "
              f"as substantive {total.noise_as_substantive} (noise recall {_fmt(total.noise_recall)})")
        print(f"  precision over all words {_fmt(total.precision)}; excluding the words of misreadings and their "
              f"counterparts {_fmt(total.precision_without_noise)} ({total.noise_fp} false words were theirs)")
    if args.image_only:
        print()
        print("image-only: the old sides were page images without a text layer (OCR'd by moadiff); "
              "the baseline read their text-layer originals")
    if total.contract_mismatches:
        print(f"warning: {total.contract_mismatches} entries whose edits do not spell out their clause's title and text")
    if failed:
        print(f"failed: {len(failed)} pairs")
        for r in failed[:5]:
            print(f"  {r['pair']} ({r['source']}): {r['error']}")
    compare_times = [r["compare_s"] for r in results if "compare_s" in r]
    print()
    print(f"timings: parse sources {t_parse:.2f}s; pairs {wall:.1f}s wall on {args.jobs} worker(s); "
          f"per pair: render {statistics.mean(r['render_s'] for r in results):.2f}s, "
          f"compare {statistics.mean(compare_times) if compare_times else 0:.2f}s "
          f"(max {max(compare_times, default=0):.2f}s), baseline {statistics.mean(r['baseline_s'] for r in results):.2f}s")
    if args.json:
        payload = {
            "pairs": len(results),
            "seed": args.seed,
            "docx_share": args.docx_share,
            "mode": mode,
            **({"fill_ins": True} if args.fill_ins else {}),
            **({"ocr_noise": args.ocr_noise} if args.ocr_noise else {}),
            **({"image_only": True} if args.image_only else {}),
            "moadiff": total.to_dict(),
            "baseline": base.to_dict(),
            "planted": dict(planted_count),
            "timings": {"parse_s": round(t_parse, 3), "wall_s": round(wall, 3)},
            "results": results,
        }
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

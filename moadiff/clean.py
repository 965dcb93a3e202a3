"""Stage 2: turn a Document's pages of lines into clean paragraphs of body text.

Three jobs, in order:

1. Drop page furniture: running headers, footers and page numbers. They are
   found by *repetition and position*, never by hard-coded strings: a line
   near the top or bottom of a page whose shape (numbers masked, case,
   spacing and punctuation folded) recurs near the top or bottom of many
   pages is furniture. OCR varies such lines slightly, so shapes are
   compared fuzzily; and a variant OCR made of a running line on a page or
   two (its words in another order, split in two lines, letters misread)
   goes with it when it stands where the running line stands.
2. Normalise characters: Unicode compatibility forms (ligatures, non-breaking
   spaces), curly quotes, dashes, and the many bullets PDFs produce ("•",
   Wingdings' "o"/"x"/"", "(cid:120)").
3. Rejoin lines into paragraphs, including paragraphs broken across pages in
   mid-sentence, and end-of-line hyphenation.

A running footer ("Agency 1", "Agency 2", "Agency 3") goes, and a sentence
broken across a page joins up:

>>> from moadiff.model import Document, Line, Page
>>> line = lambda text, n, starts=True: Line(text, n, source="txt", starts_paragraph=starts)
>>> doc = Document("x", "", "txt", (
...     Page(1, (line("I. PARTIES", 1), line("ICE and the", 1), line("Agency 1", 1))),
...     Page(2, (line("LEA agree.", 2, starts=False), line("Agency 2", 2))),
...     Page(3, (line("II. PURPOSE", 3), line("Agency 3", 3)))))
>>> [p.text for p in clean(doc)]
['I. PARTIES', 'ICE and the LEA agree.', 'II. PURPOSE']
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from moadiff.model import Document, Line, Page, Paragraph

__all__ = ["clean", "furniture_lines", "normalize_text"]

# Characters NFKC leaves alone that still only vary by typesetting.
_CHAR_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": "",  # soft hyphen
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
    "\uf0b7": "•", "\uf0a7": "•", "\uf076": "•", "\uf0d8": "•", "\uf0fc": "•",
    "\u25aa": "•", "\u25cf": "•", "\u25e6": "•", "\u2023": "•", "\u2043": "•", "\u00b7": "•",
    "\u27a2": "•", "\u2022": "•", "\u25a0": "•", "\u25a1": "•",
})
# Bidi controls and zero-width characters are kept (reports show them as
# visible markers); other C0 controls are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CID = re.compile(r"\(cid:\d+\)")
_BLANKS = re.compile(r"_{2,}")
# A bullet at the start of a line: real bullets, or Wingdings bullets that the
# text layer reads as a lone "o", "x", "q", "§", "-" or "*" before a capital.
_BULLET = re.compile(r"^\s*(?:•|[oxq§v\-*>](?=\s+[A-Z(\"']))\s*")
# How Tesseract reads a bullet at the start of a line: "e", "°", "«", "¢" ...
_OCR_BULLET = re.compile(r"^\s*[e°«»*¢©@·oc](?=\s+[A-Za-z(\"'])\s*")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE
)
_HEADING_START = re.compile(
    r"^\s*(?:[IVXLivxl]{1,6}|[A-Z]|\d{1,2}|\([0-9a-zA-Z]{1,3}\))[.)]\s|^\s*(?:APPENDIX|ADDENDUM)\b"
)
_SENTENCE_END = re.compile(r"[.:;!?]['\")\]]*$")
_LABEL_START = re.compile(r"^\S{1,6}[.,]\s+(?=\S)")
#: Share of lines per page, from the top and from the bottom, that may be furniture.
_EDGE_LINES = 3
#: Line-shape comparisons the fuzzy grouping of running lines may make in all
#: (rapidfuzz, a few million a second); a 500-page scan needs under 1 in 10.
FUZZY_PAIRS = 5_000_000


def normalize_text(text: str) -> str:
    """Fold typesetting variants of characters; keep the words as they are.

    >>> normalize_text("“Certified” ﬁeld\u00a0office (cid:120) x")
    '"Certified" field office • x'
    """
    if text.isascii() and text.isprintable() and "(cid:" not in text and "__" not in text:
        # Nothing below changes printable ASCII but the spacing: most lines.
        return " ".join(text.split())
    text = _CID.sub("•", text)
    text = unicodedata.normalize("NFKC", text.translate(_CHAR_MAP))
    text = _CONTROL.sub(" ", text)
    # A blank to fill in is a blank whatever its length.
    text = _BLANKS.sub(" ____ ", text)
    return " ".join(text.split())


_DIGITS = re.compile(r"\d")


def _shape_tokens(text: str) -> list[str]:
    """A line's words, folded for spotting repetition: lower case, letters
    only, and every token that is mostly digits masked as "#". OCR reads a
    running date differently on each page ("02/15/2025", "0211512025",
    "02/1512025", "O2/15/2O25"): a number, whatever its punctuation, is one
    mask."""
    out: list[str] = []
    for token in text.lower().split():
        digits = len(_DIGITS.findall(token))
        if digits and digits * 2 >= sum(c.isalnum() for c in token):
            if not out or out[-1] != "#":
                out.append("#")
            continue
        letters = "".join(c for c in token if "a" <= c <= "z")
        if digits:  # "Office3": the page number run into a word
            letters += "#"
        if letters:
            out.append(letters)
    return out


def _shape(text: str) -> str:
    """A line's shape: its folded words run together.

    >>> _shape("Grayson County 3 Revised 02/15/2025")
    'graysoncounty#revised#'
    >>> {_shape(t) for t in ("Revised 02/15/2025", "Revised 0211512025", "REVISED O2/15/2O25")}
    {'revised#'}
    """
    return "".join(_shape_tokens(text))


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A line near the top or bottom of a page that may be furniture."""

    page: int
    index: int
    shape: str
    #: Headings ("APPENDIX B") and short lines must repeat exactly, never fuzzily.
    exact_only: bool
    bottom_zone: bool
    top: float
    text: str


def _edges(page: Page) -> list[tuple[int, Line]]:
    """The lines near the top and bottom of a page: furniture candidates.

    With positions (PDF), the top 12% and bottom 15% of the page; without
    (txt, docx), the first and last few lines.
    """
    lines = list(enumerate(page.lines))
    if page.height > 0 and any(line.bottom > 0 for _, line in lines):
        top_zone, bottom_zone = page.height * 0.12, page.height * 0.85
        return [(i, line) for i, line in lines if line.bottom <= top_zone or line.top >= bottom_zone]
    # Without positions, a running line stands alone: a line inside a
    # paragraph is never one, nor is a sentence (four words or more ending
    # in a full stop), which a footer never is.
    alone = [
        (i, line) for i, line in lines
        if line.starts_paragraph and (i + 1 == len(lines) or lines[i + 1][1].starts_paragraph)
        and not (line.text.rstrip().endswith(".") and len(line.text.split()) >= 4)
    ]
    if len(lines) <= 2 * _EDGE_LINES:
        edge = lines[:1] + lines[-1:] if len(lines) > 1 else lines
    else:
        edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
    return [x for x in edge if x in alone]


def furniture_lines(pages: Sequence[Page]) -> set[tuple[int, int]]:
    """(page number, line index) of every running header, footer and page number.

    Two steps. A running line is first found by repetition: a group of
    near-identical shapes at the page edges on at least 30% of the pages
    (:func:`_running_groups`). Then the variants OCR made of it on a page or
    two are attached to it (:func:`_variants`): a line that reads its words
    in another order, misreads two letters of a short one ("Rcviscd"), or
    holds only a part of it, the rest read as a line of its own.
    """
    furniture, candidates = _candidates(pages)
    n_pages = sum(1 for p in pages if p.lines)
    if n_pages < 3:
        return furniture  # two pages are too little evidence of a running line
    need = max(3, round(0.3 * n_pages))
    running = [members for page_set, members in _running_groups(candidates) if len(page_set) >= need]
    furniture.update((c.page, c.index) for members in running for c in members)
    furniture.update(_variants(candidates, running, furniture))
    return furniture


def _candidates(pages: Sequence[Page]) -> tuple[set[tuple[int, int]], list[_Candidate]]:
    """Page numbers and blank marks at the page edges (furniture already),
    and the other edge lines short enough to be running lines."""
    furniture: set[tuple[int, int]] = set()
    candidates: list[_Candidate] = []
    for page in pages:
        for i, line in _edges(page):
            text = line.text.strip()
            if _PAGE_NUMBER.match(text) or not any(c.isalnum() for c in text):
                furniture.add((page.number, i))
                continue
            shape = _shape(text)
            # Running headers and footers are short; body sentences are not.
            # (Counted on the text: "Rev 2/14/25 2" is a footer, its shape "rev#" short.)
            if sum(c.isalnum() for c in text) >= 6 and shape and len(text.split()) <= 14:
                lower_half = line.top >= page.height * 0.5 if page.height else i >= len(page.lines) / 2
                candidates.append(_Candidate(page.number, i, shape,
                                             bool(_HEADING_START.match(text)) or len(shape) < 16,
                                             lower_half, line.top, text))
    return furniture, candidates


def _running_groups(candidates: Sequence[_Candidate]) -> list[tuple[set[int], list[_Candidate]]]:
    """Candidates grouped by equal or nearly equal shapes (OCR noise), each
    group with the distinct pages it is on.

    A line joins a group when it is near any member (single link): OCR's
    "Lee County Sheriif's Otfice" and "Loe County Shoriff's Office" each
    vary from the last by a little, not all from the first by a little.
    It joins the first group (in order of creation) that it is equal or
    near to. Equal shapes are looked up; near ones are found by rapidfuzz
    over the distinct long shapes seen so far, in C, until FUZZY_PAIRS
    comparisons are spent (then only equal shapes group).
    """
    groups: list[tuple[set[int], list[_Candidate]]] = []
    exact: dict[str, int] = {}  # shape -> the first group holding it
    long_shapes: list[str] = []  # distinct shapes of 16+ letters, in order seen
    long_groups: list[set[int]] = []  # the groups each of those is in
    long_index: dict[str, int] = {}
    fuzzy_left = FUZZY_PAIRS
    for cand in candidates:
        shape = cand.shape
        found = exact.get(shape, len(groups))
        if not cand.exact_only and len(shape) >= 16 and long_shapes and fuzzy_left > 0:
            fuzzy_left -= len(long_shapes)
            for rep, score, k in process.extract(shape, long_shapes, scorer=fuzz.ratio, score_cutoff=80,
                                                 limit=None):
                if score >= (80 if min(len(rep), len(shape)) >= 24 else 86):
                    found = min(found, min(long_groups[k]))
        if found == len(groups):
            groups.append((set(), []))
        page_set, members = groups[found]
        page_set.add(cand.page)
        members.append(cand)
        exact.setdefault(shape, found)
        exact[shape] = min(exact[shape], found)
        if len(shape) >= 16:
            if shape not in long_index:
                long_index[shape] = len(long_shapes)
                long_shapes.append(shape)
                long_groups.append(set())
            long_groups[long_index[shape]].add(found)
    return groups


#: Points a variant of a running line may sit above the highest of its lines
#: (a footer read as two lines, a page scanned a little askew).
_VARIANT_RISE = 16.0
#: Points around the tops of a running line's lines that are its band.
_BAND_SLACK = 3.0


def _variants(candidates: Sequence[_Candidate], running: Sequence[Sequence[_Candidate]],
              furniture: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The candidates that are OCR's variants of a running line, though too
    rare to make a group of their own: at the same edge of the page, no
    nearer the body than the running lines there (body text ends above a
    footer), and

    - the same words in another order ("10 Revised 02/15/2025 Franklin
      County" for "Franklin County 9 Revised 02/15/2025"), or a short line
      with a letter or two misread ("Rcviscd 02/12/2025"): near in
      token-sorted words;
    - or a part of it of two words or more ("Revised 02/15/2025" on a page
      whose agency name was read as a line of its own): found inside a
      running line's shape, give or take a letter;
    - or, on the running line's own band of the page (where body text never
      is), a line with as many numbers and most of its letters ("RcYiscd
      02112/2025" for "Revised 02/12/2025").

    A heading ("APPENDIX B") is never a variant: it must repeat exactly.
    Comparisons are made in C (rapidfuzz), within FUZZY_PAIRS in all.
    """
    out: set[tuple[int, int]] = set()
    left = FUZZY_PAIRS
    for zone in (False, True):
        anchors = {c.shape: c for members in running for c in members if c.bottom_zone == zone}
        if not anchors:
            continue
        tops = [c.top for c in anchors.values()]
        # Without positions (txt, docx) every top is 0 and nothing is excluded.
        limit = min(tops) - _VARIANT_RISE if zone else max(tops) + _VARIANT_RISE
        band = (min(tops) - _BAND_SLACK, max(tops) + _BAND_SLACK) if any(tops) else None
        shapes = list(anchors)
        words = [" ".join(_shape_tokens(c.text)) for c in anchors.values()]
        for cand in candidates:
            if (cand.bottom_zone != zone or (cand.page, cand.index) in furniture or _HEADING_START.match(cand.text)
                    or (cand.top < limit if zone else cand.top > limit)):
                continue
            left -= 2 * len(shapes)
            if left < 0:
                return out
            in_band = band is not None and band[0] <= cand.top <= band[1]
            if _is_variant(cand, shapes, words, in_band):
                out.add((cand.page, cand.index))
    return out


def _is_variant(cand: _Candidate, shapes: Sequence[str], words: Sequence[str], in_band: bool) -> bool:
    """Whether ``cand`` is a variant of one of the running lines of
    ``shapes`` (and their ``words``), as :func:`_variants` says."""
    own = " ".join(_shape_tokens(cand.text))
    if process.extractOne(own, words, scorer=fuzz.token_sort_ratio, score_cutoff=80 if len(cand.shape) >= 12 else 75):
        return True
    longer = [s for s in shapes if len(s) > len(cand.shape)]
    if len(own.split()) >= 2 and len(cand.shape) >= 8 and longer and process.extractOne(
            cand.shape, longer, scorer=fuzz.partial_ratio, score_cutoff=90):
        return True
    return in_band and len(cand.shape) >= 6 and any(
        s.count("#") == cand.shape.count("#") and fuzz.ratio(cand.shape, s) >= 60 for s in shapes)


def _line_spacing(pages: Sequence[Page]) -> float:
    gaps = []
    for page in pages:
        for a, b in zip(page.lines, page.lines[1:]):
            gap = b.top - a.top
            if 4 < gap < 40:
                gaps.append(gap)
    if not gaps:
        return 0.0
    # statistics.median's arithmetic, without its 5 ms import every run.
    gaps.sort()
    half = len(gaps) // 2
    return gaps[half] if len(gaps) % 2 else (gaps[half - 1] + gaps[half]) / 2


def _right_edge(pages: Sequence[Page]) -> float:
    ends = sorted(line.x1 for page in pages for line in page.lines if line.x1 > 0)
    return ends[int(len(ends) * 0.9)] if ends else 0.0


@lru_cache(maxsize=256)  # asked of each line, then again as the next line's predecessor
def _is_heading_line(text: str) -> bool:
    # The label does not count: OCR writes "III." as "Ill." or "lil.".
    text = _LABEL_START.sub("", text)
    if len(text.split()) > 14 or text.rstrip().endswith(","):
        return False
    letters = "".join(filter(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, letters)) / len(letters) > 0.8


def clean(document: Document) -> tuple[Paragraph, ...]:
    """Body paragraphs of ``document``, furniture removed, lines rejoined."""
    pages = document.pages
    # DOCX keeps its headers and footers apart already (Document.furniture);
    # repeated body lines there are content.
    drop = furniture_lines(pages) if document.format != "docx" else set()
    spacing = _line_spacing(pages)
    right = _right_edge(pages)
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    first_page = last_page = 0
    prev: Line | None = None
    prev_text = ""

    def flush() -> None:
        nonlocal current
        if current:
            text = _join(current)
            if text:
                paragraphs.append(Paragraph(text, first_page, last_page))
        current = []

    for page in pages:
        kept = [(line, normalize_text(line.text)) for i, line in enumerate(page.lines) if (page.number, i) not in drop]
        for line, text in _side_by_side(kept):
            if not text:
                continue
            bullet = _BULLET.match(text) or (_OCR_BULLET.match(text) if line.source == "ocr" else None)
            if bullet:
                text = "• " + text[bullet.end():]
            if current and _starts_new(prev, prev_text, line, text, spacing, right, bool(bullet)):
                flush()
            if not current:
                first_page = page.number
            current.append(text)
            last_page = page.number
            prev, prev_text = line, text
    flush()
    return tuple(paragraphs)


#: A line of at most this many words that OCR read apart from the line
#: beside it, on the same row, is that line's start.
SIDE_WORDS = 2


def _side_by_side(lines: Sequence[tuple[Line, str]]) -> list[tuple[Line, str]]:
    """A page's OCR'd lines, joined where Tesseract read one printed line as
    two side by side: a short piece (a section label, "V.", read as a block
    of its own, often out of order) goes to the start of the line to its
    right on the same row. Read apart, the label lands elsewhere in the text,
    and the heading is lost.

    >>> a = Line("Vv.", 5, 67.0, 707.0, 78.0, 713.0, source="ocr", confidences=(52.4,))
    >>> b = Line("REPORTING AND DOCUMENTATION", 5, 86.0, 707.0, 256.0, 714.0, source="ocr")
    >>> c = Line("the first line", 5, 70.0, 60.0, 300.0, 67.0, source="ocr")
    >>> [t for _, t in _side_by_side([(a, a.text), (c, c.text), (b, b.text)])]
    ['the first line', 'Vv. REPORTING AND DOCUMENTATION']
    """
    out = list(lines)
    for k in range(len(out) - 1, -1, -1):
        left, left_text = out[k]
        if not _short_ocr(out[k]):
            continue  # most lines: no pass over the page's others (a text file's page has thousands)
        rights = [m for m in range(len(out)) if m != k and _beside(out[k], out[m])]
        if not rights:
            continue
        m = min(rights, key=lambda m: out[m][0].x0)
        line, text = out[m]
        out[m] = (replace(line, text=f"{left.text} {line.text}", x0=left.x0, top=min(left.top, line.top),
                          bottom=max(left.bottom, line.bottom), confidences=left.confidences + line.confidences),
                  f"{left_text} {text}")
        del out[k]
    return out


def _short_ocr(line: tuple[Line, str]) -> bool:
    """An OCR'd line of at most :data:`SIDE_WORDS` words: a piece that may
    belong beside another."""
    a, a_text = line
    return a.source == "ocr" and bool(a_text) and len(a_text.split()) <= SIDE_WORDS


def _beside(left: tuple[Line, str], right: tuple[Line, str]) -> bool:
    (a, _), (b, _) = left, right
    if not _short_ocr(left) or b.source != "ocr":
        return False
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    height = min(a.bottom - a.top, b.bottom - b.top)
    return height > 0 and overlap >= height / 2 and a.x1 <= b.x0 + 1 and b.x0 - a.x1 < 3 * height


def _starts_new(
    prev: Line | None, prev_text: str, line: Line, text: str, spacing: float, right: float, bullet: bool
) -> bool:
    """Does ``line`` begin a new paragraph after ``prev``?"""
    if prev is None:
        return True
    if bullet or _HEADING_START.match(text) or _is_heading_line(prev_text):
        return True
    if _is_heading_line(text) and _SENTENCE_END.search(prev_text):
        return True
    if line.source in ("txt", "docx"):
        return line.starts_paragraph
    if line.page != prev.page:
        # Broken across pages: continue unless the last line ended a sentence
        # well short of the margin.
        return bool(_SENTENCE_END.search(prev_text)) and (right <= 0 or prev.x1 < right - 40)
    if spacing and line.top - prev.top > spacing * 1.45:
        return True
    # A short line that ends a sentence ends its paragraph.
    return bool(_SENTENCE_END.search(prev_text)) and right > 0 and prev.x1 < right - 60


def _join(lines: list[str]) -> str:
    out = lines[0]
    for nxt in lines[1:]:
        # End-of-line hyphenation: "investi-" + "gation". The hyphen is kept
        # ("re-take" is a word too); word comparison ignores hyphens.
        if re.search(r"[A-Za-z]-$", out) and nxt[:1].islower():
            out += nxt
        else:
            out += " " + nxt
    return out.strip()


def page_text_stats(paragraphs: Sequence[Paragraph]) -> dict[int, int]:
    """Characters of body text per page, for spotting empty pages."""
    counts: dict[int, int] = defaultdict(int)
    for p in paragraphs:
        counts[p.first_page] += len(p.text)
    return dict(counts)

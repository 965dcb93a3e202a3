"""Parsing an agreement's page texts into docwriter's Agreement model:
running headers and footers dropped, lines rejoined into paragraphs,
headings found (roman sections, lettered subsections, appendices, numbered
items), the signature block split off.

A simple parser of our own: the parsed text is the benchmark's ground truth
only because it is what gets rendered, so it need not be a perfect reading
of the real agreement.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from benchmarks.docwriter import Agreement, Clause

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


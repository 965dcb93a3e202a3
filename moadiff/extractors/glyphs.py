"""Repair text whose glyphs come out shifted by a constant.

Word-made PDFs sometimes embed subset fonts without a Unicode map; the text
layer then holds glyph ids, which for these fonts are the character codes
minus a constant (29 in the 287(g) agreements): ")RUWKH/($" is "For the LEA",
"6LJQDWXUH\\x1d" is "Signature:", runs of "B" are underscores. Spaces are
lost too, so repaired letters are re-split into words with the lexicon.

Detection is cheap and needs no dictionary: a shifted lowercase letter
becomes an uppercase letter or one of ``$&()\\/'``, a shifted colon a
control character. Only lines with such tokens are tested, and only then is
the lexicon loaded to pick the shift that turns them into English.

A line is repaired once the shift is certain, from enough of the page's
tokens (one short line alone is not evidence enough, and stays as it is):

>>> repair_lines([")RUWKH/($\\x1d )RU,&(\\x1d", "6LJQDWXUH\\x1d", "'DWH\\x1d"])
(['For the LEA: For ICE:', 'Signature:', 'Date:'], 0)
>>> repair_lines([")RUWKH/($\\x1d )RU,&(\\x1d"])[1]  # suspect tokens left unrepaired
2
"""

from __future__ import annotations

import re
from functools import lru_cache

from moadiff import lexicon

# A token with no lowercase letters that carries a shift's fingerprints.
_FINGERPRINT = re.compile(r"[\x01-\x1f]|[$&()\\/'][A-Z]|[A-Z][$&()\\/']|^[0-9][A-Z]{2}|BBBB")
_SHIFTED_PREFIX = re.compile(r"^(.*?)([A-Z][a-z]{2,}.*)?$", re.DOTALL)
_BLANKS = re.compile(r"B{1,3}|B{4,}")
_LETTERS = re.compile(r"[A-Za-z]+")
# str.split() would also split on \x1c-\x1f, which are shifted punctuation here.
_TOKEN = re.compile(r"[^ \t\n]+")


# Shapes of real text that happen to carry a fingerprint: "(DHS)", "V(D)",
# "1357(g)", "DHS/ICE", "BCSO'S".
_LEGIT = re.compile(
    r"[(\[]?[A-Z]{2,}[)\]]{0,2}[.,;:]?"
    r"|[A-Z0-9]+(?:\([A-Za-z0-9]{1,4}\))+[.,;:]?"
    r"|[A-Z]{2,}(?:/[A-Z]{2,})+[.,;:]?"
    r"|[A-Z]{2,}'S[.,;:]?"
)


@lru_cache(maxsize=1 << 14)  # the same tokens on every page, and every line is tested twice
def _suspect(token: str) -> bool:
    head = _shifted_part(token)
    if re.search(r"[\x01-\x1f]|BBBB", head):
        return True
    if _LEGIT.fullmatch(head):
        return False
    return bool(head) and not any(c.islower() for c in head) and bool(_FINGERPRINT.search(head))


def _strong(token: str) -> bool:
    """A suspect that cannot be real text: control characters or blanks."""
    return _suspect(token) and bool(re.search(r"[\x01-\x1f]|BBBB", token))


def _shift(text: str, k: int) -> str:
    return "".join(chr(ord(c) + k) if ord(c) + k < 0x7F else c for c in text)


_CONTROLS = re.compile(r"[\x01-\x1f]")
_MIXED_BLANK = re.compile(r"_+B{3,}_*|B{3,}_+")
_LINE_FINGERPRINT = re.compile(r"[\x01-\x1f$&\\]|BBB|[A-Z][()/'][A-Z]|[()/'][A-Z]{2}|\b[0-9][A-Z]{2}")
_PLAUSIBLE = re.compile(r"[A-Za-z0-9_.,:;'()/&\- ]+")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


def _reads_as_english(text: str) -> bool:
    """Most letter runs of ``text`` split into known words."""
    # Cheap rejections first, so most of the 63 candidate shifts never reach
    # the lexicon (and a document without shifted glyphs never loads it).
    if not _PLAUSIBLE.fullmatch(text) or (any(c.isalpha() for c in text) and not _VOWEL.search(text)):
        return False
    runs = _LETTERS.findall(text)
    if not runs:
        return "_" in text  # a run of blanks-to-fill-in
    known = total = 0
    for run in runs:
        for word in lexicon.segment(run):
            total += len(word)
            if lexicon.is_word(word) and (len(word) > 1 or word in "aAI"):
                known += len(word)
    return total > 0 and known / total >= 0.8


def _plausible(text: str) -> bool:
    return bool(_PLAUSIBLE.fullmatch(text)) and not (any(c.isalpha() for c in text) and not _VOWEL.search(text))


def _suspects(lines: list[str]) -> list[str]:
    return [t for line in lines for t in _line_suspects(line)]


@lru_cache(maxsize=1 << 14)  # a document's lines, tested by find_shift and again page by page
def _line_suspects(line: str) -> tuple[str, ...]:
    if not _LINE_FINGERPRINT.search(line):
        return ()
    return tuple(t for t in _TOKEN.findall(line) if _suspect(t))


def find_shift(lines: list[str]) -> int | None:
    """The constant that turns this document's suspect tokens into English,
    or None. Decided once per document: a page may hold a single suspect.

    Candidate shifts are ranked by a character-class test alone; only the
    best is checked against the lexicon, so a clean document never loads it.
    """
    sample = sorted(set(_suspects(lines)))[:60]
    if len(sample) < 2:
        return None
    heads = [_shifted_part(t) for t in sample]
    ranked = sorted(((sum(_plausible(_shift(h, k)) for h in heads), -k) for k in range(1, 64)), reverse=True)
    for plausible, neg_k in ranked[:2]:
        k = -neg_k
        if plausible < max(2, len(sample) / 2):
            break
        good = [h for h in heads if _reads_as_english(_shift(h, k))]
        words = sum(1 for h in good if sum(c.isalpha() for c in h) >= 4)
        if words >= 2 and len(good) >= len(sample) / 2:
            return k
    return None


def _shifted_part(token: str) -> str:
    """The leading part of a token that is shifted ("1DPH" of "1DPHShannon")."""
    m = _SHIFTED_PREFIX.match(token)
    return m.group(1) if m else token


def _repair_token(token: str, k: int) -> str | None:
    m = _SHIFTED_PREFIX.match(token)
    head, tail = (m.group(1), m.group(2) or "") if m else (token, "")
    fixed = _shift(head, k)
    if not _reads_as_english(fixed):
        return None
    fixed = re.sub(r"_{3,}", "____", fixed)
    words = [" ".join(lexicon.segment(run)) if len(run) > 3 and not lexicon.is_word(run) else run
             for run in re.split(r"([A-Za-z]+)", fixed)]
    out = "".join(words)
    return f"{out} {tail}" if tail else out


def repair_lines(lines: list[str], k: int | None = -1) -> tuple[list[str], int]:
    """Repair shifted tokens in ``lines``; return the lines and how many
    suspect tokens could not be repaired. ``k`` is the shift from
    :func:`find_shift` (found from ``lines`` themselves when not given)."""
    if k == -1:
        k = find_shift(lines)
    if k is None:
        failed = sum(1 for t in _suspects(lines) if _strong(t) and not _MIXED_BLANK.fullmatch(t))
        # (no "BBB", no mixed blank: most lines)
        return [_MIXED_BLANK.sub("____", line) if "BBB" in line else line for line in lines], failed
    out: list[str] = []
    failed = 0
    for line in lines:
        tokens = _TOKEN.findall(line) if _LINE_FINGERPRINT.search(line) else []
        if not any(_suspect(t) or _MIXED_BLANK.fullmatch(t) for t in tokens):
            out.append(line)
            continue
        fixed_tokens = []
        for t in _TOKEN.findall(line):
            if _MIXED_BLANK.fullmatch(t):  # "______BBBB": real and shifted underscores
                fixed_tokens.append("____")
                continue
            bare = _CONTROLS.sub("", t)
            if _CONTROLS.search(t) and bare and not _suspect(bare):
                # A normal word with a shifted punctuation mark: "at\x1d" is "at:".
                fixed_tokens.append(_CONTROLS.sub(lambda m: _shift(m.group(), k), t))
                continue
            if _BLANKS.fullmatch(t) and _shift("B", k) == "_":
                fixed_tokens.append("____")
                continue
            if not _suspect(t):
                fixed_tokens.append(t)
                continue
            fixed = _repair_token(t, k)
            if fixed is None:
                if _strong(t):
                    failed += 1
                fixed_tokens.append(t)
            else:
                fixed_tokens.append(fixed)
        out.append(" ".join(fixed_tokens))
    return out, failed

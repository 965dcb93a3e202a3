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

>>> repair_lines([")RUWKH/($\\x1d )RU,&(\\x1d"])
(['For the LEA: For ICE:'], 0)
"""

from __future__ import annotations

import re

from moadiff import lexicon

# A token with no lowercase letters that carries a shift's fingerprints.
_FINGERPRINT = re.compile(r"[\x01-\x1f]|[$&()\\/'][A-Z]|[A-Z][$&()\\/']|^[0-9][A-Z]{2}|BBBB")
_SHIFTED_PREFIX = re.compile(r"^(.*?)([A-Z][a-z]{2,}.*)?$", re.S)
_BLANKS = re.compile(r"B{1,3}|B{4,}")
_LETTERS = re.compile(r"[A-Za-z]+")
# str.split() would also split on \x1c-\x1f, which are shifted punctuation here.
_TOKEN = re.compile(r"[^ \t\n]+")


# Shapes of real text that happen to carry a fingerprint: "(DHS)", "V(D)",
# "1357(g)", "DHS/ICE", "BCSO'S".
_LEGIT = re.compile(
    r"[(\[]?[A-Z]{2,}[)\]]?[.,;:]?"
    r"|[A-Z0-9]+(?:\([A-Za-z0-9]{1,4}\))+[.,;:]?"
    r"|[A-Z]{2,}(?:/[A-Z]{2,})+[.,;:]?"
    r"|[A-Z]{2,}'S[.,;:]?"
)


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


def _reads_as_english(text: str) -> bool:
    """Most letter runs of ``text`` split into known words."""
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


def find_shift(lines: list[str]) -> int | None:
    """The constant that turns this document's suspect tokens into English,
    or None. Decided once per document: a page may hold a single suspect."""
    sample = sorted({t for line in lines for t in _TOKEN.findall(line) if _suspect(t)})[:60]
    if len(sample) < 2:
        return None
    best_k, best_score = None, 0
    for k in range(1, 64):
        good = {t for t in sample if _reads_as_english(_shift(_shifted_part(t), k))}
        # Evidence must include real words, not just blanks or letters.
        words = sum(1 for t in good if sum(c.isalpha() for c in _shifted_part(t)) >= 4)
        if words >= 2 and len(good) > best_score:
            best_k, best_score = k, len(good)
    if best_k is None or best_score < len(sample) / 2:
        return None
    return best_k


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
        return lines, sum(1 for line in lines for t in _TOKEN.findall(line) if _strong(t))
    out: list[str] = []
    failed = 0
    for line in lines:
        tokens = _TOKEN.findall(line)
        if not any(_suspect(t) for t in tokens):
            out.append(line)
            continue
        fixed_tokens = []
        for t in tokens:
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

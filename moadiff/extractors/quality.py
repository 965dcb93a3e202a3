"""Judge whether a page's text layer is usable, and say so in notices.

A page is "none" when it has (almost) no text (an image-only scan), "poor"
when most of its tokens are not word-like (a scrambled font, OCR gibberish),
else "good". That judgement is cheap (no dictionary). A page is "blank"
when there is nothing on it to read: no page content at all, or an image
in which OCR read no text (the back of a scanned sheet). A blank page is
noted, never taken for a missing text layer. :func:`word_share`,
the share of a page's words that are English words, is the finer estimate
of how noisy a text layer or an OCR reading is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import islice

from moadiff.model import Line, Notice, Page

_WORDLIKE = re.compile(r"^[\"'(\[]*[A-Za-z][a-z]*(?:['’-][A-Za-z]+)*[.,;:)\]\"'’]*$|^[A-Z]{2,}[.,;:)]*$")
MIN_CHARS = 40
#: Text qualities of pages with no text to compare.
TEXTLESS = ("none", "blank")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def page_quality(lines: Sequence[Line]) -> str:
    text = " ".join(line.text for line in lines)
    # Enough letters or digits? Counting stops at MIN_CHARS: every character
    # of every page would pass here.
    if next(islice(filter(str.isalnum, text), MIN_CHARS - 1, None), None) is None:
        return "none"
    kinds = _kinds(text.split(), _KINDS, _token_kind)
    tokens = len(kinds) - kinds.count(0)
    if not tokens:
        return "none"
    return "good" if kinds.count(2) / tokens >= 0.6 else "poor"


def _kinds(tokens: list[str], memo: dict[str, int], kind: Callable[[str], int]) -> list[int]:
    """``kind`` of each token, from ``memo`` where it is there (looked up at C speed)."""
    kinds: list[int | None] = list(map(memo.get, tokens))
    if None in kinds:
        return [kind(t) if k is None else k for t, k in zip(tokens, kinds)]
    return kinds  # type: ignore[return-value]  # no None in it


#: Memo of :func:`_token_kind` and :func:`_word_kind`: the same tokens come
#: back page after page. Bounded: cleared when full.
_KINDS: dict[str, int] = {}
_WORD_KINDS: dict[str, int] = {}
_MEMO_SIZE = 1 << 16


def _token_kind(token: str) -> int:
    """0: no letter in ``token``; 1: letters, not word-like; 2: word-like."""
    kind = _KINDS.get(token)
    if kind is None:
        kind = 0 if not any(map(str.isalpha, token)) else 2 if _WORDLIKE.match(token) else 1
        if len(_KINDS) >= _MEMO_SIZE:
            _KINDS.clear()
        _KINDS[token] = kind
    return kind


def word_share(lines: Sequence[Line]) -> float | None:
    """Share (0-1) of the words with letters that are dictionary words
    (case and surrounding punctuation ignored); None without such words.

    >>> word_share([Line("The LEA shall perfonn its duties.", 1)])
    0.833
    """
    kinds = _kinds(" ".join(line.text for line in lines).split(), _WORD_KINDS, _word_kind)
    words = len(kinds) - kinds.count(0)
    if not words:
        return None
    return round(kinds.count(2) / words, 3)


def _word_kind(token: str) -> int:
    """0: no letter in ``token`` once its edges are stripped; 1: letters,
    not a dictionary word (nor with an "s" dropped); 2: a dictionary word."""
    kind = _WORD_KINDS.get(token)
    if kind is None:
        from moadiff.lexicon import is_word

        w = _EDGE.sub("", token)
        kind = 0 if not any(map(str.isalpha, w)) else 2 if is_word(w) or is_word(w.rstrip("s")) else 1
        if len(_WORD_KINDS) >= _MEMO_SIZE:
            _WORD_KINDS.clear()
        _WORD_KINDS[token] = kind
    return kind


def remember(pages: Sequence[Page]) -> None:
    """Learn the tokens of ``pages``, read in another process: a process
    that forks reader children (isolate.py) and keeps this module's memos
    warm hands them to every child it forks later. Within one batch, most
    of a file's words were on a page of an earlier file, and a child that
    looks a word up anew costs a copy of the word list's pages it touches."""
    for page in pages:
        page_quality(page.lines)
        word_share(page.lines)


def _sparse_pages(pages: Sequence[Page]) -> tuple[int, ...]:
    """Pages with some text, but far less than a typical page of the document."""
    sizes = {p.number: sum(len(line.text) for line in p.lines) for p in pages if p.text_quality not in TEXTLESS}
    if len(sizes) < 3:
        return ()
    typical = sorted(sizes.values())[len(sizes) // 2]
    return tuple(n for n, size in sizes.items() if size < typical * 0.05)


def page_ranges(pages: Sequence[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    out: list[str] = []
    nums = sorted(set(pages))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(out)


def quality_notices(pages: Sequence[Page]) -> list[Notice]:
    """Notices of blank pages, and warnings of pages whose text is missing or poor.

    >>> [n.message for n in quality_notices([Page(1, (), text_quality="blank"), Page(2, (), text_quality="none")])]
    ['page 1 of 2 is blank', 'page 2 of 2 has no usable text layer (image-only scan?); its text is missing from this comparison']
    """
    notices: list[Notice] = []
    blank = tuple(p.number for p in pages if p.text_quality == "blank")
    if blank:
        notices.append(Notice("blank", f"page{'s' if len(blank) > 1 else ''} {page_ranges(blank)} of {len(pages)} "
                              f"{'are' if len(blank) > 1 else 'is'} blank", blank))
    # A page OCR read is what it is: too little text there is not a missing text layer.
    none = tuple(p.number for p in pages if p.text_quality == "none" and not p.ocr)
    poor = tuple(p.number for p in pages if p.text_quality == "poor")
    if none:
        notices.append(Notice(
            "no-text-layer",
            f"page{'s' if len(none) > 1 else ''} {page_ranges(none)} of {len(pages)} "
            f"{'have' if len(none) > 1 else 'has'} no usable text layer (image-only scan?); "
            f"{'their' if len(none) > 1 else 'its'} text is missing from this comparison",
            none,
        ))
    sparse = _sparse_pages(pages)
    if sparse:
        notices.append(Notice(
            "little-text",
            f"page{'s' if len(sparse) > 1 else ''} {page_ranges(sparse)} "
            f"{'carry' if len(sparse) > 1 else 'carries'} much less text than the "
            f"others (partly scanned?); some of {'their' if len(sparse) > 1 else 'its'} content may be missing from this comparison",
            sparse,
        ))
    if poor:
        notices.append(Notice(
            "poor-text-layer",
            f"page{'s' if len(poor) > 1 else ''} {page_ranges(poor)} "
            f"{'have' if len(poor) > 1 else 'has'} a poor text layer "
            "(scrambled font or bad OCR); expect false differences there",
            poor,
        ))
    return notices

"""An English word list with frequencies, loaded lazily.

The words come from pyspellchecker's English frequency dictionary; this is
the only module that touches that package's data (it is never imported).
Decoding its JSON takes about 0.25 s, so :func:`load` given a cache folder
(``Resources.cache_dir``) keeps the filtered list there in :mod:`marshal`
form, named after the source file's size and time: the words sorted, and
their counts as one array of machine integers (about 0.02 s to load; a
dict of the 160,000 words took 0.05 s to build, and the few thousand words
a comparison asks about are found by bisection, each answer cached);
if the folder cannot be written, the JSON is decoded each time. Without a
cache folder (``--no-cache``), or when a stage needs the list before
anything loaded it, the list is built in memory and no file is read or
written. A PDF's page quality and the OCR-noise stage need the list; a
process that forks readers loads it first, so that they share it.
"""

from __future__ import annotations

import marshal
import math
import os
from array import array
from bisect import bisect_left
from functools import lru_cache

# gzip and json (decoding the source), tempfile (writing the cache) and
# rapidfuzz (near) are imported where used: a process that forks readers
# loads this module before it forks, and most runs need none of them there.

__all__ = ["cost", "is_word", "load", "near", "segment"]

#: Words below this count in the source corpus are mostly noise ("aa's").
_MIN_COUNT = 100


#: The list, once loaded (by :func:`load`, or by the first stage that
#: needs it): the words in sorted order, and each one's count.
_loaded: tuple[list[str], array[int]] | None = None


def _words() -> tuple[list[str], array[int]]:
    return _loaded if _loaded is not None else _load(None)


def _load(folder: str | os.PathLike[str] | None) -> tuple[list[str], array[int]]:
    global _loaded
    _loaded = _cached(folder) if folder is not None else _sorted(_decode())
    is_word.cache_clear()
    _count.cache_clear()
    return _loaded


def _sorted(counts: dict[str, int]) -> tuple[list[str], array[int]]:
    words = sorted(counts)
    return words, array("q", (counts[w] for w in words))


def _cached(folder: str | os.PathLike[str]) -> tuple[list[str], array[int]]:
    """The list from ``folder``, made and kept there if missing."""
    path = os.path.join(folder, f"words-{_source_key()}-{_MIN_COUNT}-sorted.marshal")
    try:
        with open(path, "rb") as f:
            stored = marshal.loads(f.read())  # marshal.load(f) reads the file in many small pieces: 3-5x slower
        words, raw = stored
        counts = array("q")
        counts.frombytes(raw)
        if isinstance(words, list) and len(words) == len(counts):
            return words, counts
    except (OSError, EOFError, ValueError, TypeError):
        pass
    words, counts = _sorted(_decode())
    import tempfile

    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as tmp:
            marshal.dump((words, counts.tobytes()), tmp)
        os.replace(tmp.name, path)
    except OSError:
        pass
    return words, counts


def _source() -> str:
    """pyspellchecker's English word list, found without importing the
    package (nor importlib.metadata: tens of milliseconds a run)."""
    import importlib.util

    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyspellchecker is not installed")
    return os.path.join(next(iter(spec.submodule_search_locations)), "resources", "en.json.gz")


def _source_key() -> str:
    """Names the cached list after the source file's size and time, so that
    an upgrade of pyspellchecker rebuilds it."""
    try:
        st = os.stat(_source())
    except OSError:
        return "missing"
    return f"{st.st_size}-{st.st_mtime_ns}"


def _decode() -> dict[str, int]:
    import gzip
    import json

    with open(_source(), "rb") as f:
        blob = f.read()
    counts: dict[str, int] = json.loads(gzip.decompress(blob))
    words = {w: c for w, c in counts.items() if c >= _MIN_COUNT or len(w) > 3}
    # Words of these agreements that a general English list lacks.
    for extra in ("lea", "ice", "dhs", "moa", "fod", "opr", "sop", "ero", "llc", "hsi"):
        words.setdefault(extra, _MIN_COUNT)
    return words


def load(cache_dir: str | os.PathLike[str] | None = None) -> None:
    """Load the word list now, if nothing has (a process about to fork
    readers shares it): from ``cache_dir`` (made and kept there if missing),
    or, without one, built in memory."""
    if _loaded is None:
        _load(cache_dir)


@lru_cache(maxsize=1 << 16)
def _count(word: str) -> int | None:
    """How often ``word`` (lower case) occurs in the source corpus; None if it is no word."""
    words, counts = _words()
    i = bisect_left(words, word)
    return counts[i] if i < len(words) and words[i] == word else None


@lru_cache(maxsize=1 << 16)  # hot: the noise stage asks about the same words cell after cell
def is_word(word: str) -> bool:
    """True if ``word`` (any case) is an English word."""
    return _count(word.lower()) is not None


def cost(word: str) -> float:
    """Negative log frequency: low for common words, high for unknown ones."""
    count = _count(word.lower())
    if count is None:
        return 30.0 + 3.0 * len(word)
    return 25.0 - math.log(count)


@lru_cache(maxsize=4096)
def segment(run: str, *, max_word: int = 20) -> list[str]:
    """Split a run of letters with lost spaces into the likeliest words.

    >>> segment("FortheLEA")
    ['For', 'the', 'LEA']
    """
    n = len(run)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - max_word), end):
            c = best[start][0] + cost(run[start:end])
            if c < best[end][0]:
                best[end] = (c, start)
    words: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]
        words.append(run[start:end])
        end = start
    return words[::-1]


@lru_cache(maxsize=4096)
def near(word: str, edits: int = 3) -> tuple[str, ...]:
    """The lexicon's words at most ``edits`` plain edits from ``word``
    (lower case), for telling what a misreading stands for (some 40 ms).

    >>> "headquarters" in near("headqumters")
    True
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    return tuple(w for w, _, _ in process.extract(word, _words()[0], scorer=Levenshtein.distance,
                                                   score_cutoff=edits, limit=None))

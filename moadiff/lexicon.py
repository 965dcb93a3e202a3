"""An English word list with frequencies, loaded lazily.

The words come from pyspellchecker's English frequency dictionary; this is
the only module that touches that package. Decoding its JSON takes about
0.25 s, so the filtered list is kept in the user's cache folder in
:mod:`marshal` form (about 0.07 s to load), keyed by the package's
version; if the folder cannot be written, the JSON is decoded each time. Stages call :func:`is_word` and
:func:`frequency` only when they meet text that looks wrong, so a clean
comparison never pays for loading it.
"""

from __future__ import annotations

import gzip
import json
import marshal
import math
import os
import tempfile
from functools import lru_cache
from importlib import metadata, resources

#: Words below this count in the source corpus are mostly noise ("aa's").
_MIN_COUNT = 100


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    from moadiff.cache import default_dir

    folder = default_dir()
    path = os.path.join(folder, f"words-{metadata.version('pyspellchecker')}-{_MIN_COUNT}.marshal")
    try:
        with open(path, "rb") as f:
            words = marshal.load(f)
        if isinstance(words, dict):
            return words
    except (OSError, EOFError, ValueError, TypeError):
        pass
    words = _decode()
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp", delete=False) as f:
            marshal.dump(words, f)
        os.replace(f.name, path)
    except OSError:
        pass
    return words


def _decode() -> dict[str, int]:
    blob = resources.files("spellchecker").joinpath("resources", "en.json.gz").read_bytes()
    counts: dict[str, int] = json.loads(gzip.decompress(blob))
    words = {w: c for w, c in counts.items() if c >= _MIN_COUNT or len(w) > 3}
    # Words of these agreements that a general English list lacks.
    for extra in ("lea", "ice", "dhs", "moa", "fod", "opr", "sop", "ero", "llc", "hsi"):
        words.setdefault(extra, _MIN_COUNT)
    return words


def load() -> None:
    """Load the word list now (a process about to fork readers shares it)."""
    _words()


def is_word(word: str) -> bool:
    """True if ``word`` (any case) is an English word."""
    return word.lower() in _words()


def cost(word: str) -> float:
    """Negative log frequency: low for common words, high for unknown ones."""
    count = _words().get(word.lower())
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

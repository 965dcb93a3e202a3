"""Stage 6a: tell OCR misreadings from changed language (kind ``ocr-noise``).

A scanned agreement's text layer reads "perfonn" for "perform", "OHS" for
"DHS", "(l)" for "(1)", "Jointlntake" for "Joint Intake". Word diff reports
each as a ``substantive`` edit; this stage relabels the ones whose two sides
differ only by such misreadings. It never touches another kind, and never
changes what the edits spell out (``worddiff.rebuild`` gives back both texts)
or where their words are (the pieces of a cut edit tile its word spans).

**What counts as a misreading.** Both sides are reduced to their *shape*:
lower case, letters and digits only, each confusion class written as one
letter (l 1 i t | ! [ ] { } £ -> l; o 0 d q -> o; s 5 -> s; e c -> c; h b -> b;
z 2 -> z; g 9 -> g). A weighted edit distance between shapes then treats
these as free: rn/m, nn/m, in/m, ni/m, rm/nn, cl/d, li/h, ri/n, rr/n, vv/w,
lc/k, p/f, e/f, b/6, Ivl/M, JI/n. A lost or stray thin stroke (l, r, t, f, j) costs 0.5, any other
letter 1. Spaces and punctuation are not part of the shape, so split and
joined words ("Jointlntake" / "Joint Intake", "l 357(g)" / "1357(g)") are
*confusion-equal* (distance 0) like a single misread letter.

An edit is ``ocr-noise`` when:

- its two sides are confusion-equal; or
- one side is one non-word and the other one dictionary word (lexicon.py)
  near it ("supeivision" / "supervision": one letter in up to 7 letters, two
  in up to 11, three beyond; only free changes and stray thin strokes in a
  word of 3 letters or fewer, "IflCE" / "ICE"), no other word of either
  document is nearer, the non-word is not words run together ("ofthe"
  is "of the", not a misread "other") and not nearer to the word with
  another ending ("perfonn" / "performed"); or
- one side has marks OCR writes for letters it could not read ("~rform",
  "O~ent", "fon:e": no agreement's language has them inside a word) and
  its readable letters are the other side's (:func:`garbled_match`); or
- it only inserts or deletes stray characters (a lone non-word lower-case
  letter, "s" or "l", or marks without a letter or digit; not a blank
  "____" of the template);
- its two sides are single strokes ("l" / "I" in "§ l 357(g)");
- its two sides are non-words, two misreadings of the one word both are
  nearest to ("headqumters" / "headquaiiers": "headquarters", looked up in
  the documents, else in the lexicon).

**Guard rails**, so that nothing real is hidden:

- two different dictionary words ("form" / "from", "hold" / "bold") are not
  noise, unless they are confusion-equal and one is a *minority variant in
  its own document*: rarer there than its counterpart ("POD" once in a
  document that says "FOD" six times). A real renaming has the new form
  dominant in the new document, so it stays substantive. Single letters
  count as words here. Inside a longer rewritten run only acronyms get this
  benefit of the doubt ("he" / "be" there is as likely the alignment's
  coincidence);
- an acronym that is no dictionary word, swapped for another one
  ("HCSO's" / "BCSO's": two agencies), is not noise unless it is such a
  minority variant;
- legally significant words (:data:`PROTECTED`: shall, may, not, any, and,
  or, within, unless, ...) are never noise against another dictionary word
  ("and" / "arid");
- two numbers are never noise ("70" / "10", "2020" / "2025"); a token that
  mixes letters and digits can be ("1O" / "10", "(l)" / "(1)");
- list labels in parentheses that are two different letters ("287.5(c)" /
  "287.5(e)") are not noise ("V(O)" / "V(D)" and "(I)" / "(l)" are: no
  list uses O, and an "l" there is a misread "1" or "I");
- inserting or deleting a real word is never noise.

**Poor readings.** A whole edit (the word diff found the same words on
both sides around it) is also noise when:

- one side is a *one-off*: a token found at most twice in its own document
  and never in the other, that is no dictionary word ("TIDS" / "THIS",
  "linuted" / "limited", "aed" / "and": one letter in up to 3 letters, two
  in up to 7, three in up to 11), or a rare word its own document uses once
  where it elsewhere uses the other side's word ("patty" / "party", "tum" /
  "turn"). No other word of the documents may be a whole letter nearer,
  and two forms of one word ("designee" / "designated") are never one;
- it is words a poor reading ran together and misread ("orHomeland" / "of
  Homeland"), never reading a PROTECTED word into another ("ofthe" / "or the"),
  or one word read as two, one a fragment ("r CE" / "ICE");
- one side is a one-off token near an acronym the documents use ("nc." /
  "JIC.", "010" / "OIG", "JJC." / "JIC." where the other is no rarer), and
  no other acronym of theirs is as near;
- its letters differ only by misreadings *this scan makes again and again*,
  learnt from the comparison's own edits (:func:`learn_misreadings`: a scan
  that drops every "s", or reads "n" as "e"). Four different runs spoilt
  the same way, one of them into no word, make a habit.

Outside signature blocks and contact lists, these are noise too: a small
word (:data:`DROPPABLE`: "the", "of", "this"; never "and", "or", "not",
"as") or a stroke ("I", "1") only one side has, where the side without it
reads poorly within six words (a token with OCR's marks, or lower-case
letters that make no word and that the other document never has); a word
of two or three letters read as one character that is no word ("is" / "&",
"it" / "d", "or" / "0"), where that side reads poorly within six words; and a
run of three or more tokens that reads as no language (what OCR made of a
seal or specks: a high mean lexicon cost, no number or e-mail); and glyph
garbage read two ways, an edit whose tokens are mostly characters no
template sentence holds ("41916803;19=", "\u00ddU\u00d1O", a font without a
Unicode map) and none a word of four letters or more. A run
deleted in one place of a clause and inserted, read alike, in another is
a line read in another order: ``formatting``, both; so are a few words
(no PROTECTED one, nor across one) read alike or misread a few words from
their place ("the JIC." / "JIC. the"). A list label alone inserted or
deleted ("or 8. Via mail" / "or Via mail") is ``formatting`` too. Nearby
substantive edits (two equal words apart or less) are also judged together
as one whole edit, alone and with one equal word more either side: a word
split or joined across two edits ("violations ofthe terms of the" /
"violations of the terms ofthe") is a misreading.

A replaced run that mixes both is split (a word alignment with groups of up
to three words for split and joined words), so that "(QPR) via the Joint
Intake Center (JIC)" / "(OPR)" gives an ``ocr-noise`` replace and a
``substantive`` delete. Signature blocks and contact lists are not split:
the fill-in stage (which runs next) judges their edits whole.

Word counts and the lexicon (about 0.2 s to load) are only touched once a
substantive edit is met; two 12-page scans take 0.05-0.2 s more. Cutting
mixed runs is bounded per comparison (:data:`NOISE_CELLS`): past it, a
mixed run is judged whole only, and marked approximate.

>>> is_noise("perfonn", "perform"), is_noise("tenns", "terms"), is_noise("Jointlntake", "Joint Intake")
(True, True, True)
>>> is_noise("form", "from"), is_noise("70", "10"), is_noise("", "than"), is_noise("arid", "and")
(False, False, False, False)
>>> from moadiff.model import Edit
>>> edit = Edit("replace", "OHS shall", "DHS may", "substantive", i1=4, i2=6, j1=4, j2=6)
>>> [(e.op, e.old, e.new, e.kind, e.old_span) for e in split_edit(edit)]
[('replace', 'OHS', 'DHS', 'ocr-noise', (4, 5)), ('replace', 'shall', 'may', 'substantive', (5, 6))]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from moadiff.lexicon import cost as lexicon_cost
from moadiff.lexicon import is_word, segment
from moadiff.lexicon import near as lexicon_near
from moadiff.model import Clause, ClauseChange, Edit, Kind, Op
from moadiff.profile import contact_zone
from moadiff.worddiff import loose_key

__all__ = ["PROTECTED", "confusion_distance", "garbled_match", "is_garbled", "is_noise", "label_noise", "shape", "split_edit"]

#: Words whose swap for another word changes an obligation; never noise
#: against a different dictionary word.
PROTECTED = frozenset((
    "shall", "may", "must", "will", "should", "can", "cannot", "could", "would", "might", "not", "no", "nor",
    "never", "none", "neither", "any", "all", "each", "every", "only", "some", "both", "either", "and", "or",
    "but", "with", "without", "within", "before", "after", "prior", "until", "upon", "including", "include",
    "includes", "excluding", "except", "unless", "if", "than", "more", "less", "least", "most", "fewer",
    "greater", "under", "over", "above", "below", "same", "other", "written", "oral"
))

#: One letter per confusion class (applied after lower-casing).
_CLASSES = str.maketrans("1it0dq5e2h9", "lllooosczbg")
#: Multi-letter misreadings, in shape letters, free in both directions.
_PAIRS_ONE_WAY = (
    ("m", "rn"), ("m", "nn"), ("m", "ln"), ("m", "nl"), ("nn", "rm"),  # rn/m, in/m, "perfonn"
    ("o", "cl"),   # cl/d (d is in o's class)
    ("b", "ll"),   # li/h (h is in b's class)
    ("n", "rl"),   # ri/n
    ("n", "rr"),   # "cany" / "carry"
    ("w", "vv"),
    ("k", "lc"),
    ("f", "p"),    # P/F: "POD" / "FOD"
    ("f", "c"),    # F/E: "C.E.R." / "C.F.R." (e is in c's class)
    ("f", "l"),    # f/t: "fo" / "to" (t is in l's class)
    ("n", "jl"),   # "nc." / "JIC.": J and I run together
    ("s", "8"), ("b", "8"),  # S/8, B/8 ("8§" / "§§"); two numbers are never noise anyway
    ("b", "6"),    # b/6: "287(6)" / "287(b)"; two numbers are never noise anyway
    ("m", "lvl"),  # "IvlOA" / "MOA": an M read as its three strokes
)
_PAIRS: dict[str, tuple[tuple[str, str], ...]] = {}
for _x, _y in _PAIRS_ONE_WAY + tuple((y, x) for x, y in _PAIRS_ONE_WAY):
    _PAIRS[_x[0]] = _PAIRS.get(_x[0], ()) + ((_x, _y),)
#: Thin strokes: a stray or lost one is half a mistake.
_THIN = frozenset("lrtfj")
#: "|" is always a stroke; "!" only inside a word (else it ends a sentence).
_INNER_BAR = re.compile(r"\||(?<=[0-9A-Za-z])!|!(?=[0-9A-Za-z])")
_NON_SHAPE = re.compile(r"[^0-9a-z]+")
#: Marks no agreement uses, that Tesseract reads for a stroke ("[CE", "{CE",
#: "£357(g)", "(b)(])") or a "c"/"e" ("(¢.g.").
#: A parenthesis Tesseract made of a "t": "(o" for "to", "i(" for "it"
#: (unbalanced, and glued to lower-case letters only).
_STRAY_PAREN = re.compile(r"^\((?=[a-z]+[.,;:]?$)|(?<=^[a-z])\((?=[.,;:]?$)|(?<=^[a-z]{2})\((?=[.,;:]?$)")
_BRACKET_I = str.maketrans({"[": "I", "{": "I"})  # "[CE" is the acronym ICE
_STROKE_MARKS = str.maketrans({"[": "l", "]": "l", "{": "l", "}": "l", "£": "l", "¢": "c", "©": "c"})
_MARKS = str.maketrans({"§": "s", "$": "s", ";": "l", ":": "l"})
#: A list label in parentheses: "(c)", "(iv)", "(1)" (not an acronym: "(OHS)").
_LABEL = re.compile(r"\(([A-Za-z]|[ivxIVX]{1,5}|[0-9]{1,3})\)")
#: An acronym: capitals not glued to a digit or to more letters after them
#: ("HCSO" in "ofHCSO's"; not "TEC" in "TEC5" nor "VII" in "VIIl").
_ACRONYM = re.compile(r"(?<![A-Z0-9])[A-Z]{2,}(?![A-Za-z0-9])")
_PUNCT = "\"'“”‘’()[]{},.;:!?"
#: Above this many word pairs, a replaced run is first cut at confusion-equal words.
_MAX_CELLS = 2500
#: Word pairs (cells of _segments' table) that cutting mixed runs into noise
#: and real changes may examine in one comparison, each some microseconds of
#: Python. Two shared agreements of different models (WSO 2019 vs JEM 2025)
#: need under 5,000, an OCR-noisy planted pair under 100; a run met after the
#: budget is spent is judged whole only, and marked approximate.
NOISE_CELLS = 20_000
#: Table cells (word pairs of replaced runs) below which the noise stage is
#: not worth splitting between two processes (see label_noise's ``apart``):
#: two versions of one template have a few hundred, two agencies' agreements
#: of two models thousands.
APART_CELLS = 2_000
#: Plain edits between a non-word and the words looked up as its readings.
_MAX_READING = 3


@lru_cache(maxsize=1 << 16)
def shape(text: str, *, marks: bool = False) -> str:
    """What a word looks like to an OCR engine: letters and digits, each
    confusion class as one letter, no spaces or punctuation. With ``marks``,
    the marks OCR reads as letters are kept as those ("§" as s, ";" and ":"
    as l: "1357(g)i" is "1357(g);").

    >>> shape("(l)"), shape("(1)"), shape("OHS"), shape("DHS"), shape("Joint Intake")
    ('l', 'l', 'obs', 'obs', 'jolnllnlakc')
    >>> shape("1357(g);", marks=True) == shape("1357(g)i", marks=True)
    True
    """
    if "|" in text or "!" in text or "(" in text:  # what the two patterns look for (most words have none)
        text = _STRAY_PAREN.sub("l", _INNER_BAR.sub("l", text).translate(_STROKE_MARKS))
    else:
        text = text.translate(_STROKE_MARKS)
    if marks:
        text = text.translate(_MARKS)
    return _alnum_lower(text.lower()).translate(_CLASSES)


def _alnum_lower(text: str) -> str:
    """A lower-case ``text``'s letters and digits (a-z, 0-9) only."""
    return text if text.isascii() and text.isalnum() else _NON_SHAPE.sub("", text)


@lru_cache(maxsize=65536)
def confusion_distance(x: str, y: str, limit: float = float("inf")) -> tuple[float, int]:
    """Weighted edit distance between two shapes, and how many of its steps
    are "hard" (a letter that is no known misreading of the other); (inf, 0)
    when it is above ``limit``.

    >>> confusion_distance(shape("perfonn"), shape("perform"))
    (0.0, 0)
    >>> confusion_distance(shape("IflCE"), shape("ICE"))
    (1.0, 0)
    >>> confusion_distance(shape("agrement"), shape("agreement"))
    (1.0, 1)
    >>> confusion_distance(shape("agrement"), shape("agreement"), 0.5)
    (inf, 0)
    """
    # Most calls (the noise stage's table) are two unrelated runs of words:
    # a count of their letters tells most of them apart without the table.
    if limit != float("inf") and (_surplus(x, y, limit) > limit or _surplus(y, x, limit) > limit):
        return (float("inf"), 0)
    return _distance_table(x, y, limit)


def _distance_table(x: str, y: str, limit: float) -> tuple[float, int]:
    """confusion_distance's table, filled from the cells within ``limit``."""
    n, m = len(x), len(y)
    # Hot (thousands of calls a comparison): each cell is one int, cost in
    # half steps times ``span`` plus hard steps, so that comparing ints
    # compares (cost, hard) as tuples would. A cell above the limit is
    # dropped (no step lowers the cost): lo[i]..hi[i] bound the row's cells
    # within it, and only they are visited.
    span = n + m + 1
    half = 2 * (n + m) if limit == float("inf") else math.floor(2 * limit)
    cap = (half + 1) * span  # this and above: over the limit
    hard, thin = 2 * span + 1, span
    skip_x = [thin if ch in _THIN else hard for ch in x] + [0]
    skip_y = [thin if ch in _THIN else hard for ch in y]
    d = [[cap] * (m + 1) for _ in range(n + 2)]  # a spare row for the last one's steps down
    d[0][0] = 0
    lo, hi = [m + 1] * (n + 2), [-1] * (n + 2)
    lo[0] = hi[0] = 0
    # Consecutive rows entirely above the limit: the table stops at two, as it
    # always has (though "lvl" / "m" steps over two rows; see RESULTS.md).
    above = 0
    for i in range(n + 1):
        if hi[i] < 0:
            above += 1
            if above >= 2:
                return (float("inf"), 0)
            continue
        above = 0
        row, down, step = d[i], d[i + 1], skip_x[i]
        xi = x[i] if i < n else ""
        pairs = _PAIRS.get(xi, ())  # none for the last row
        j = lo[i]
        while j <= hi[i]:
            v = row[j]
            j += 1  # from here on, j is the next column
            if v >= cap:
                continue
            if i < n:
                w = v + step
                if w < down[j - 1]:
                    down[j - 1] = w
                    if w < cap:
                        lo[i + 1] = min(lo[i + 1], j - 1)
                        hi[i + 1] = max(hi[i + 1], j - 1)
                if j <= m:
                    w = v if xi == y[j - 1] else v + hard
                    if w < down[j]:
                        down[j] = w
                        if w < cap:
                            lo[i + 1] = min(lo[i + 1], j)
                            hi[i + 1] = max(hi[i + 1], j)
            if j <= m:
                w = v + skip_y[j - 1]
                if w < row[j]:
                    row[j] = w
                    if w < cap:
                        hi[i] = max(hi[i], j)
            for a, b in pairs:
                if x.startswith(a, i) and y.startswith(b, j - 1):
                    r, c = i + len(a), j - 1 + len(b)
                    if v < d[r][c]:
                        d[r][c] = v
                        lo[r], hi[r] = min(lo[r], c), max(hi[r], c)
    v = d[n][m]
    if v >= cap:
        return (float("inf"), 0)
    cost, steps = divmod(v, span)
    return (cost / 2, steps)


def _gives() -> dict[str, tuple[tuple[int, str, int, str, int], ...]]:
    """For each shape letter, the known misreadings that read it as other
    letters: (how many of it one takes; the one or two letters it gives,
    each with how many)."""
    out: dict[str, list[tuple[int, str, int, str, int]]] = {}
    for a, b in _PAIRS_ONE_WAY + tuple((y, x) for x, y in _PAIRS_ONE_WAY):
        gives = sorted(Counter(b).items()) + [("", 1)]
        for ch, k in Counter(a).items():
            entry = (k, gives[0][0], gives[0][1], gives[1][0], gives[1][1])
            if entry not in out.setdefault(ch, []):
                out[ch].append(entry)
    return {ch: tuple(v) for ch, v in out.items()}


_GIVES = _gives()
_WEIGHT = {ch: 0.5 for ch in _THIN}


@lru_cache(maxsize=1 << 14)
def _letters(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def _surplus(x: str, y: str, limit: float) -> float:
    """A lower bound of confusion_distance(x, y) (exact once above ``limit``):
    the letters of ``x`` that ``y`` has too few of to match, and that no
    known misreading can read as ``y``'s other letters, each costs at least
    its lost stroke (0.5 for a thin one, else 1), whatever the alignment.

    >>> _surplus(shape("agreement"), shape("argument"), 9.0), _surplus(shape("rn"), shape("m"), 9.0)
    (2.0, 0.0)
    """
    have, want = _letters(x), _letters(y)
    total = 0.0
    for ch, k in have.items():
        over = k - want.get(ch, 0)
        if over <= 0:
            continue
        for used, a, na, b, nb in _GIVES.get(ch, ()):
            # Each use of this misreading takes ``used`` of ch and na a's (and nb b's) of y.
            uses = want.get(a, 0) // na
            if b and uses:
                uses = min(uses, want.get(b, 0) // nb)
            over -= used * uses
            if over <= 0:
                break
        else:
            total += over * _WEIGHT.get(ch, 1.0)
            if total > limit:
                break
    return total


@lru_cache(maxsize=65536)
def free_misreading(x: str, y: str) -> bool:
    """Does ``x`` become ``y`` by free steps alone: equal letters and known
    misreadings ("rn" for "m")? The same as ``confusion_distance(x, y) == 0``,
    found by walking the few states those steps reach instead of filling the
    whole table (most calls ask exactly this, and most answers are no).

    >>> free_misreading(shape("perfonn"), shape("perform")), free_misreading(shape("IflCE"), shape("ICE"))
    (True, False)
    """
    n, m = len(x), len(y)
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if i == n and j == m:
            return True
        if (i, j) in seen or i == n or j == m:
            continue
        seen.add((i, j))
        if x[i] == y[j]:
            todo.append((i + 1, j + 1))
        for a, b in _PAIRS.get(x[i], ()):
            if x.startswith(a, i) and y.startswith(b, j):
                todo.append((i + len(a), j + len(b)))
    return False


def _cost(x: str, y: str, limit: float) -> tuple[float, int]:
    """confusion_distance, or (inf, 0) when a cheap bound says it is above
    ``limit`` (with ``limit`` 0, only whether the steps are all free)."""
    if x == y:
        return (0.0, 0)
    if limit == 0.0:
        return (0.0, 0) if free_misreading(x, y) else (float("inf"), 0)
    # Each free multi-letter step costs at most 2 plain edits; a real change
    # of this size is far from both.
    if abs(len(x) - len(y)) > 2 * limit + 4:
        return (float("inf"), 0)
    cutoff = int(2 * limit) + 3 + max(len(x), len(y)) // 4
    if Levenshtein.distance(x, y, score_cutoff=cutoff) > cutoff:
        return (float("inf"), 0)
    if len(x) * len(y) > 40_000:
        return (float("inf"), 0)
    return confusion_distance(x, y, limit)


def _near_limit(length: int) -> float:
    """How far a non-word may be from the word it misreads."""
    return 1.0 if length <= 7 else 2.0 if length <= 11 else 3.0


class _Documents:
    """Word counts of both documents (built on first use) and a cache."""

    __slots__ = ("_acronyms", "_clauses", "_counts", "_vocab", "budget", "cache", "learnt")

    def __init__(self, old: Sequence[Clause], new: Sequence[Clause]) -> None:
        self._clauses = (old, new)
        self._counts: tuple[Counter[str], Counter[str]] | None = None
        self._vocab: dict[str, list[str]] | None = None
        self._acronyms: frozenset[str] | None = None
        self.cache: dict[tuple[str, str, bool], bool] = {}
        #: Word pairs _segments may still examine (see NOISE_CELLS).
        self.budget = NOISE_CELLS
        #: The misreadings this scan makes again and again (see learn_misreadings).
        self.learnt: frozenset[tuple[str, str]] = frozenset()

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        if self._counts is None:
            self._counts = (_word_counts(self._clauses[0]), _word_counts(self._clauses[1]))
        assert self._counts is not None
        return self._counts

    def vocabulary(self) -> dict[str, list[str]]:
        """The dictionary words of both documents, by shape."""
        if self._vocab is None:
            vocab: dict[str, list[str]] = {}
            old, new = self.counts()
            for key in sorted(set(old) | set(new)):
                if len(key) > 1 and key.isalpha() and is_word(key):
                    vocab.setdefault(shape(key), []).append(key)
            self._vocab = vocab
        return self._vocab

    def minority(self, old_key: str, new_key: str) -> bool:
        """One side is rarer in its own document than the other side is there."""
        old, new = self.counts()
        return old[old_key] < old[new_key] or new[new_key] < new[old_key]

    def acronyms(self) -> frozenset[str]:
        """The acronyms of both documents ("ICE", "OPLA", "HCSO")."""
        if self._acronyms is None:
            self._acronyms = frozenset(x for clauses in self._clauses for c in clauses
                                       for x in _ACRONYM.findall(c.full_text))
        return self._acronyms

    def nearest(self, nonword: str, word: str, cost: float) -> bool:
        """No other word of the two documents is nearer to ``nonword`` than ``word``."""
        vocab = self.vocabulary()
        # Plain edits overcount free confusions ("rn" / "m" is two): a margin.
        cutoff = int(2 * cost) + 2
        for cand, _, _ in process.extract(nonword, vocab.keys(), scorer=Levenshtein.distance,
                                          score_cutoff=cutoff, limit=None):
            if all(k == word for k in vocab[cand]):
                continue
            if _cost(nonword, cand, cost)[0] < cost:
                return False
        return True


def _word_counts(clauses: Sequence[Clause]) -> Counter[str]:
    """How many words of ``clauses`` have each key; acronyms inside words
    count too: "HCSO" in "HCSO's", "ofHCSO". (Each different word is looked
    at once: most are repeated.)"""
    counts: Counter[str] = Counter()
    known: dict[str, set[str]] = {}
    for clause in clauses:
        for w in clause.full_text.split():
            keys = known.get(w)
            if keys is None:
                keys = known[w] = {loose_key(w)}
                if w.lower() != w:  # only a word with capitals holds an acronym
                    keys.update(x.lower() for x in _ACRONYM.findall(w))
            for k in keys:
                counts[k] += 1
    return counts


@lru_cache(maxsize=1 << 16)
def _wordlike(key: str) -> bool:
    return key.isalpha() and (len(key) == 1 or is_word(key))


@lru_cache(maxsize=1 << 16)
def _labels(text: str) -> tuple[str, ...]:
    return tuple(_LABEL.findall(text))


@lru_cache(maxsize=1 << 16)
def _alnum(text: str) -> str:
    """Lower-case letters and digits only. (_segments asks about the same
    runs of words once per cell of its table: these small helpers are cached.)"""
    return _alnum_lower(text.lower())


def _labels_differ(old: str, new: str) -> bool:
    """Parenthesised list labels that are two different letters: "(c)" / "(e)"."""
    a, b = _labels(old), _labels(new)
    # "O" is no list label anyone uses ("(O)" is a misread "(D)"), and "(l)"
    # is a misread "(1)" or "(I)", not the twelfth item.
    return len(a) == len(b) and any(
        x.lower() != y.lower() and x.isalpha() and y.isalpha() and not {x.lower(), y.lower()} & {"o", "l"}
        for x, y in zip(a, b)
    )


def _acronyms_differ(old: str, new: str, docs: _Documents) -> bool:
    """Each side has an acronym the other lacks, neither a dictionary word
    ("HCSO's" / "BCSO's": two agencies), and neither is a minority variant."""
    a = {x.lower() for x in _ACRONYM.findall(old.translate(_BRACKET_I))}
    b = {x.lower() for x in _ACRONYM.findall(new.translate(_BRACKET_I))}
    lost = [x for x in a - b if not is_word(x)]
    gained = [x for x in b - a if not is_word(x)]
    return any(not docs.minority(x, y) for x in lost for y in gained)


def _both_numbers(old: str, new: str) -> bool:
    ka, kb = _alnum(old), _alnum(new)
    return ka.isdigit() and kb.isdigit() and ka != kb


def _stray(token: str) -> bool:
    """A character OCR made up: no letter or digit, or one lower-case letter
    that is not a word ("s", "l", "e")."""
    key = loose_key(token)
    if not any(ch.isalnum() for ch in token):
        return "__" not in token  # a blank of the template is not debris
    # "a" and "i" are words; "e" or "o" alone is a bullet or a speck (a list
    # label comes in parentheses, "(e)").
    return len(key) == 1 and key.isalpha() and token == token.lower() and key not in "ai"


#: Marks no agreement's language uses inside a word, that OCR writes where
#: it could not read a letter: "~rform", "O~ent", "fon:e", "eng8'ed", "wiJ•", "certi&".
#: An apostrophe ending a word, or before its last "s", is the language's
#: own, in a run of words too ("of BCSO's facilities", "the agencies' staff").
_DEBRIS = re.compile(r"[~•^`\\|<>*=«»■□]+|(?<=[a-z])&|(?<=[A-Za-z0-9])[!?:;\"“”]+(?=[A-Za-z0-9])"
                     r"|(?<=[A-Za-z0-9])'(?![sS]?(?:\s|$))(?=\S)")


@lru_cache(maxsize=1 << 16)
def _garbled(text: str) -> bool:
    return bool(_DEBRIS.search(text))


def is_garbled(text: str) -> bool:
    """Has ``text`` marks OCR writes for letters it could not read ("~rform", "fon:e")?

    >>> is_garbled("~roe.."), is_garbled("for the LEA:"), is_garbled("eng8'ed")
    (True, False, True)
    >>> is_garbled("of BCSO's facilities"), is_garbled("the agencies' staff")
    (False, False)
    """
    return _garbled(text)


def garbled_match(garbled: str, clean: str) -> bool:
    """Does ``garbled`` (with marks OCR wrote for letters it could not read)
    read as ``clean``? Each run of marks stands for up to 6 letters; the
    readable letters must be ``clean``'s, in order (a known misreading of
    several letters, "m" for "in", counts as theirs), save one misread
    letter in four, and make up at least a third of them.

    >>> garbled_match("~rform", "perform"), garbled_match("O~ent", "Department"), garbled_match("fon:e", "force")
    (True, True, True)
    >>> garbled_match("~au~tam", "to maintain")
    True
    >>> garbled_match("m~y", "must"), garbled_match("D~", "shall"), garbled_match("~", "not")
    (False, False, False)
    """
    target = shape(clean)
    # The garbled side as shape letters, "?" for each run of marks.
    text = "?".join(shape(p) for p in _DEBRIS.split(garbled))
    readable = len(text) - text.count("?")
    if not target or readable == 0 or 3 * readable < len(target) or len(text) * len(target) > 4000:
        return False
    allowed = readable // 4
    if readable - len(target) > allowed:
        return False  # each readable letter past the target's length is a stray one: no need for the table
    inf = allowed + 1
    # cost[j]: best cost of reading text[:i] as target[:j].
    cost = [0] + [inf] * len(target)
    for ch in text:
        nxt = [inf] * (len(target) + 1)
        for j, c in enumerate(cost):
            if c > allowed:
                continue
            if ch == "?":
                for k in range(j, min(len(target), j + 6) + 1):
                    nxt[k] = min(nxt[k], c)
                continue
            nxt[j] = min(nxt[j], c + 1)  # a stray letter
            if j < len(target):
                nxt[j + 1] = min(nxt[j + 1], c if target[j] == ch else c + 1)
            for a, b in _PAIRS.get(ch, ()):  # a known misreading of several letters: "m" for "in"
                if len(a) == 1 and target.startswith(b, j):
                    nxt[j + len(b)] = min(nxt[j + len(b)], c)
        for j in range(len(target)):  # a lost letter
            nxt[j + 1] = min(nxt[j + 1], nxt[j] + 1)
        cost = nxt
    return cost[len(target)] <= allowed


def _pair(old: str, new: str, docs: _Documents, alone: bool) -> bool:
    """Is one word read as another a misreading? ``alone``: the two are the
    whole edit, not words paired up inside a longer replaced run."""
    if _strict_pair(old, new, docs, alone):
        return True
    # The looser readings only for a whole edit, where the word diff found
    # the same words around both sides: inside a longer run, the pairing of
    # two words is the alignment's guess ("Decker" / "Office" of two addresses).
    return alone and (_one_off(old, new, docs) or (
        not _both_numbers(old, new) and not _acronyms_differ(old, new, docs)
        and _learnt(shape(old), shape(new), docs)))


def _strict_pair(old: str, new: str, docs: _Documents, alone: bool) -> bool:
    """The rules of the module docstring, save the one-off misreadings."""
    ko, kn = loose_key(old), loose_key(new)
    if ko == kn or _BAR.match(old.strip(_PUNCT)) and _BAR.match(new.strip(_PUNCT)):
        return True  # "l" / "I": one stroke read as another letter, whatever it was
    if _both_numbers(old, new) or _labels_differ(old, new):
        return False
    if _garbled(old) != _garbled(new):
        # One side is plainly a misreading: it reads as the other or not at all.
        return garbled_match(old, new) if _garbled(old) else garbled_match(new, old)
    so, sn = shape(old), shape(new)
    wo, wn = _wordlike(ko), _wordlike(kn)
    if wo and wn and not alone and so and sn and not _acronym_pair(old, new):
        return False  # what the rule for two words below says, without its questions (most pairs of a run)
    if so != sn and (not so or not sn or _cost(so, sn, 0.0)[0] != 0.0):
        # Marks read as letters: "1357(g)(7)i" / "1357(g)(7);", "8§" / "§§".
        mo, mn = shape(old, marks=True), shape(new, marks=True)
        if (mo != so or mn != sn) and mo and mn and _cost(mo, mn, 0.0)[0] == 0.0:
            so, sn = mo, mn
    if not so or not sn:
        # A bullet read as a round letter ("•" / "e"); never a number or a word like "a".
        letter, mark = (old, new) if so else (new, old)
        return letter in ("e", "o", "c") and len(mark) <= 2 and any(ch not in _PUNCT + "-_" for ch in mark)
    if wo and wn:
        # Two words are a misreading only at no cost at all: skip the table.
        cost, hard = (0.0, 0) if so == sn or free_misreading(so, sn) else (float("inf"), 0)
    else:
        cost, hard = _cost(so, sn, 3.0)
    if cost > 3.0:
        return False
    if _acronyms_differ(old, new, docs):
        return False
    if wo and wn:
        if cost != 0.0 or ko in PROTECTED or kn in PROTECTED:
            return False
        # Inside a rewritten passage, two short words that look alike ("he" /
        # "be") are as likely a coincidence of the alignment; acronyms are not.
        return (alone or _acronym_pair(old, new)) and docs.minority(ko, kn)
    if cost == 0.0:
        return True
    if wo == wn:  # two non-words, not confusion-equal: misreadings of one word (a whole edit only)?
        return alone and _misread_twice(ko, kn, so, sn, docs)
    word, other, other_key = (ko, sn, kn) if wo else (kn, so, ko)
    if len(word) < 2 or len(other) < 2 or not any(ch.isalpha() for ch in other_key):
        return False
    if len(word) <= 3:
        if cost > 1.0 or hard:
            return False
    elif cost > _near_limit(len(word)):
        return False
    if _joined_words(other_key, word, cost):
        return False  # "ofthe" is "of the" run together, not a misread "other"
    if _inflected(other, word):
        return False  # "perfonn" / "performed": the ending changed
    return docs.nearest(other, word, cost)


def _acronym_pair(old: str, new: str) -> bool:
    """Are both tokens acronyms ("OHS" / "DHS")?"""
    return all(_ACRONYM_TOKEN.fullmatch(t.strip(_PUNCT)) for t in (old, new))


_ACRONYM_TOKEN = re.compile(r"[A-Z]{2,}")


def _misread_twice(ko: str, kn: str, so: str, sn: str, docs: _Documents) -> bool:
    """Two non-words that are two misreadings of one word ("headqumters" /
    "headquaiiers" for "headquarters"): the one word both are nearest to
    (:func:`_readings`), each as near to it as a lone non-word may be."""
    if not (ko.isalpha() and kn.isalpha()) or min(len(ko), len(kn)) < 5:
        return False
    both = _readings(ko, so, docs) & _readings(kn, sn, docs)
    if len(both) != 1:
        return False
    (word,) = both
    return not any(_joined_words(k, word, _cost(sh, shape(word), 3.0)[0]) or _inflected(sh, word)
                   for k, sh in ((ko, so), (kn, sn)))


def _readings(key: str, form: str, docs: _Documents) -> frozenset[str]:
    """The words a non-word (its key and shape) is nearest to, as near as
    :func:`_near_limit` allows: among the documents' words, or if none is,
    among the lexicon's (a word misread wherever it occurs)."""
    vocab = docs.vocabulary()
    found = [(_cost(form, cand, _near_limit(len(cand)))[0], word)
             for cand, _, _ in process.extract(form, vocab.keys(), scorer=Levenshtein.distance,
                                               score_cutoff=_MAX_READING, limit=None)
             for word in vocab[cand]]
    if not any(c <= _near_limit(len(w)) for c, w in found):
        found = [(_cost(form, shape(w), _near_limit(len(w)))[0], w) for w in lexicon_near(key)]
    found = [(c, w) for c, w in found if c <= _near_limit(len(w))]
    least = min((c for c, _ in found), default=0.0)
    return frozenset(w for c, w in found if c == least)


def _garbage(token: str, key: str) -> bool:
    """A token no document's language has: no dictionary word or number
    ("aed", "linuted", "TIDS", "wdl")."""
    return not is_word(key) and sum(ch.isalpha() for ch in key) >= 2


def _other_ending(key: str, word: str) -> bool:
    """The two differ only in their last letters ("designee" / "designated"):
    perhaps another form of the word, not a misreading."""
    common = next((k for k, (x, y) in enumerate(zip(key, word)) if x != y), min(len(key), len(word)))
    return common >= 3 and len(key) - common <= 4 and len(word) - common <= 4


def _numbers_differ(old: str, new: str) -> bool:
    """Both carry digits, and not the same ones: "70-percent" / "75-percent"."""
    a, b = re.sub(r"\D", "", old), re.sub(r"\D", "", new)
    return bool(a) and bool(b) and a != b


_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")


def _misread_numeral(this: str, that: str) -> bool:
    """A section's numeral misread into none ("VT", "VIH", "VIO" for "VI",
    "VIII"): one letter off, and no numeral itself (a reference changed
    from one section to another stays a change)."""
    a, b = this.strip(_PUNCT), that.strip(_PUNCT)
    return (bool(b) and bool(_ROMAN.match(b)) and not _ROMAN.match(a) and a.isupper()
            and len(a) <= 6 and Levenshtein.distance(a, b) <= (1 if len(b) <= 3 else 2))


def _nearest_by_a_step(form: str, word: str, cost: float, docs: _Documents) -> bool:
    """No other word of the documents is nearer to ``form`` than ``word`` by
    a whole letter: a misreading is near several words, and the alignment
    put this one beside it."""
    return cost < 1.0 or docs.nearest(form, word, cost - 1.0)


def _one_off_limit(length: int) -> float:
    """How far a one-off misreading may be from the word it stands for."""
    return 1.0 if length <= 3 else 2.0 if length <= 7 else 3.0 if length <= 11 else 4.0


def _one_off(old: str, new: str, docs: _Documents) -> bool:
    """A misreading found once in its own document, against a word the
    other side reads: a template change never writes a word nowhere else
    used ("aed" / "and", "TIDS" / "THIS", "linuted" / "limited"), nor a
    rare word in place of a common one its own document uses ("patty" /
    "party", "tum" / "turn"). See the module docstring."""
    ko, kn = loose_key(old), loose_key(new)
    counts = docs.counts()
    for k, (this, that, key, other) in enumerate(((old, new, ko, kn), (new, old, kn, ko))):
        own, far = counts[k], counts[1 - k]
        if own[key] > 2 or far[key] > 0 or len(other) < 2 or _both_numbers(this, that) or _numbers_differ(this, that):
            continue
        a, b = shape(this), shape(that)
        if not a or not b:
            continue
        if _misread_numeral(this, that) or len(b) >= 8 and not _wordlike(other) and _cost(a, b, 1.0)[0] <= 1.0:
            return True  # "VT" / "VI"; "ICLEOPRintake@ice.dhs.gov." / "ICEOPRIntake@ice.dhs.gov."
        if _misread_acronym(this, that, own, far, docs):
            return True
        if not _wordlike(other):
            continue
        if _garbage(this, key) and not _other_ending(key, other):
            cost, _ = _cost(a, b, _one_off_limit(len(b)))
            if cost <= _one_off_limit(len(b)) and not _joined_words(key, other, cost) \
                    and _nearest_by_a_step(a, other, cost, docs):
                return True
        elif (_wordlike(key) and len(key) >= 3 and len(other) >= 3 and own[key] <= 1
              and not {key, other} & PROTECTED and own[other] >= 1 and not _other_ending(key, other)):
            cost, _ = _cost(a, b, 1.5)
            if cost <= (1.0 if len(b) <= 3 else 1.5) and _nearest_by_a_step(a, other, cost, docs):
                return True
    return False


def _misread_acronym(this: str, that: str, own: Counter[str], far: Counter[str], docs: _Documents) -> bool:
    """A one-off token (counted ``own`` in its document, ``far`` in the
    other) read for an acronym ("nc." / "JIC.", "010" / "OIG", "D!JS" /
    "DHS", "DHSACE" / "DHS/ICE"): near it (a letter and a half), no other
    acronym of the documents as near. The acronym must be used elsewhere:
    twice in the other document and once in this one, unless the token has
    digits or marks (no language has "010" for a name). An acronym token
    ("JJC.") qualifies only if no commoner in its document than the other
    (a real renaming has the new form dominant)."""
    acronyms = _ACRONYM.findall(that.translate(_BRACKET_I))
    core = re.sub(r"['’][sS]$", "", this.strip(_PUNCT))  # "HCSO's" is the acronym HCSO
    if not acronyms or not re.fullmatch(r"[A-Z]{2,}(?:/[A-Z]{2,})?", that.strip(_PUNCT)) \
            or is_word(loose_key(this)):
        return False
    if any(far[x.lower()] < 2 or own[x.lower()] < 1 for x in acronyms) and core.isalpha():
        return False
    if re.fullmatch(r"[A-Z]{2,4}", core) and any(own[core.lower()] > own[x.lower()] for x in acronyms):
        return False
    a, b = shape(this), shape(that)
    cost = _cost(a, b, 1.5)[0]
    if cost > 1.5 or not a:
        return False
    return not any(_cost(a, shape(x), cost)[0] < cost for x in docs.acronyms() if shape(x) not in (a, b))


_ENDINGS = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "ion", "ions", "al", "ment", "ments")


def _inflected(nonword: str, word: str) -> bool:
    """The non-word (a shape) is an exact misreading of the word with
    another ending, or without its own ("perfonn" is "perform", not
    "performed"; "perfonns" is "performs", not "perform")."""
    for end in _ENDINGS:
        variants = [word + end]
        if word.endswith(end) and len(word) > len(end) + 2:
            variants.append(word[: -len(end)])
        if any(is_word(v) and _cost(nonword, shape(v), 0.0)[0] == 0.0 for v in variants):
            return True
    return False


#: How much likelier (in lexicon cost, a negative log frequency) a reading
#: as words run together must be, per unit of misreading it saves.
_JOIN_PENALTY = 5.0


def _joined_words(key: str, word: str, cost: float) -> bool:
    """The non-word reads better as dictionary words run together than as a
    misread ``word``: "ofthe" is "of the", not "other"; but "cooperrate" is
    "cooperate", not "cooper rate"."""
    parts = segment(key)
    if len(parts) < 2 or not all(len(p) > 1 and is_word(p) for p in parts):
        return False
    if word in (p.lower() for p in parts):
        return True  # "ofparticipating" / "participating": a word was lost, not misread
    return sum(lexicon_cost(p) for p in parts) < lexicon_cost(word) + _JOIN_PENALTY * cost


def _group(old: Sequence[str], new: Sequence[str], docs: _Documents, alone: bool = False,
           spans: tuple[_Span, _Span] | None = None) -> bool:
    """Are these words, read together, a misreading of those (split or joined words)?
    ``spans``: the two runs described (:class:`_Spans`), when _segments has them."""
    if len(old) == 1 and len(new) == 1:
        key = (old[0], new[0], alone)
        hit = docs.cache.get(key)
        if hit is None:
            hit = docs.cache[key] = _pair(old[0], new[0], docs, alone)
        return hit
    if not old or not new:
        tokens = (*old, *new)
        # Specks read as a run of lone letters and marks ("e s )", "C s V").
        specks = len(tokens) >= 2 and all(len(t) <= 2 and len(loose_key(t)) <= 1 for t in tokens) \
            and any(_stray(t) for t in tokens)
        return specks or all(_stray(t) for t in tokens)
    a, b = " ".join(old), " ".join(new)
    if _both_numbers(a, b) or _labels_differ(a, b):
        return False
    if _alnum(a) == _alnum(b):
        return True  # only spaces and punctuation moved: "direct ly" / "directly"
    if _garbled(a) != _garbled(b):
        return garbled_match(a, b) if _garbled(a) else garbled_match(b, a)
    if spans is not None:
        if _splits(spans[0], spans[1], docs):
            return True
    elif _split_word(old, new, docs) or _split_word(new, old, docs, pieces_old=False):
        return True
    if alone and (_run_on(old, new, docs) or _run_on(new, old, docs) or _fragment(old, new, docs)):
        return True
    # A word of one side that became a different word of the other must
    # pass the word-to-word rules alone.
    ko, kn = {loose_key(t) for t in old}, {loose_key(t) for t in new}
    lost = [k for k in ko - kn if _wordlike(k)]
    gained = [k for k in kn - ko if _wordlike(k)]
    if lost and gained or _acronyms_differ(a, b, docs):
        return False
    # Same strokes on both sides, or only this scan's own misreadings.
    return _cost(shape(a), shape(b), 0.0)[0] == 0.0 or alone and _learnt(shape(a), shape(b), docs)


def _split_word(pieces: Sequence[str], whole: Sequence[str], docs: _Documents, pieces_old: bool = True) -> bool:
    """One word read as pieces that lost a letter or two ("per onnel",
    "tran fer s" for "personnel", "transfer"): the pieces run together are
    no word, and are near the word as a lone non-word would be."""
    if len(whole) != 1 or len(pieces) < 2:
        return False
    word, joined = loose_key(whole[0]), "".join(loose_key(t) for t in pieces)
    if not (word.isalpha() and joined.isalpha() and is_word(word)) or is_word(joined) or len(word) < 4:
        return False
    return _split_shapes(shape(joined), word, shape(word), docs, pieces_old)


def _split_shapes(joined: str, word: str, form: str, docs: _Documents, pieces_old: bool) -> bool:
    """:func:`_split_word`, past its questions about the words: ``joined``
    the shape of the pieces run together, ``word`` the whole word's key and
    ``form`` its shape."""
    a, b = (joined, form) if pieces_old else (form, joined)
    if _learnt(a, b, docs):
        return True  # "a ume" / "assume" from a scan that drops every "s"
    cost, _ = _cost(joined, form, _near_limit(len(word)))
    return cost <= _near_limit(len(word)) and not _inflected(joined, word) and docs.nearest(joined, word, cost)


def _fragment(old: Sequence[str], new: Sequence[str], docs: _Documents) -> bool:
    """One token read as two, one of them a fragment of two characters or
    fewer ("r CE" / "ICE", "LEA' s" / "LEA's"): a misreading if the two run
    together are one, by the rules for two single tokens."""
    pieces, whole = (old, new) if len(old) == 2 else (new, old)
    if len(pieces) != 2 or len(whole) != 1 or min(len(loose_key(t)) for t in pieces) > 2:
        return False
    joined = "".join(pieces)
    return _pair(joined, whole[0], docs, True) if pieces is old else _pair(whole[0], joined, docs, True)


def _run_on(joined: Sequence[str], words: Sequence[str], docs: _Documents) -> bool:
    """Words a poor reading ran together and misread ("orHomeland" / "of
    Homeland", "henengaged" / "when engaged"): one token that is no word,
    near the other side's two or three words read as one."""
    if len(joined) != 1 or not 2 <= len(words) <= 3 or not _wordlike(loose_key(words[0])):
        return False
    key = loose_key(joined[0])
    if not _garbage(joined[0], key) or _acronyms_differ(joined[0], " ".join(words), docs):
        return False
    if any(k in PROTECTED and k not in key for k in map(loose_key, words)):
        return False  # "ofthe" / "or the": never read "or" into a lost "of"
    a, b = shape(joined[0]), shape(" ".join(words))
    # "ofICE" / "of ICE as": the other words run together exactly, and one
    # word gone whole. That word was deleted, or dropped (_dropped's rule
    # for small words), not misread into the run.
    for k, word in enumerate(words):
        rest = shape(" ".join([*words[:k], *words[k + 1:]]))
        if loose_key(word) not in DROPPABLE and _cost(a, rest, 0.0)[0] == 0.0:
            return False
    limit = _one_off_limit(len(b))
    return _cost(a, b, limit)[0] <= limit


#: Shape letters that no known misreading writes or reads (derived from the
#: pairs): a reading at no cost keeps them all, in order.
_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789".translate(_CLASSES)) - frozenset(
    "".join(a + b for a, b in _PAIRS_ONE_WAY))

#: What :func:`_may_group` needs of a run of words: its letters and digits,
#: whether it has OCR's marks, its shape's kept letters, whether it is one
#: dictionary word of four letters or more, and whether it is several words
#: of letters that run together make no word (:func:`_split_word`'s two sides);
#: then, for either of those two, its keys run together and their shape (what
#: :func:`_split_word` measures).
_Span = tuple[str, bool, str, bool, bool, str, str]


#: Deletes every shape letter but the kept ones.
_UNKEPT = str.maketrans("", "", "".join(sorted(set("abcdefghijklmnopqrstuvwxyz0123456789") - _KEPT)))


class _Spans:
    """The runs of up to three words of one side of a replaced run, each
    described (:data:`_Span`) once, not once per cell of _segments' table."""

    __slots__ = ("_keys", "_known", "_tokens")

    def __init__(self, tokens: Sequence[str]) -> None:
        self._tokens = tokens
        self._keys = [loose_key(t) for t in tokens]  # each word's once, not once per run it is in
        self._known: dict[tuple[int, int], _Span] = {}

    def at(self, i: int, p: int) -> _Span:
        span = self._known.get((i, p))
        if span is None:
            tokens = self._tokens[i:i + p]
            text, keys = " ".join(tokens), self._keys[i:i + p]
            word = p == 1 and keys[0].isalpha() and len(keys[0]) >= 4 and is_word(keys[0])
            kept = shape(text).translate(_UNKEPT)
            joined = "".join(keys)  # split_word's pieces: letters, and no word run together
            pieces = p > 1 and joined.isalpha() and not is_word(joined)
            sh = shape(joined) if word or pieces else ""
            span = self._known[(i, p)] = (_alnum(text), _garbled(text), kept, word, pieces, joined, sh)
        return span


def _may_group(old: _Span, new: _Span) -> bool:
    """Can :func:`_group` find these runs (several words on a side, not a
    whole edit) a misreading? Its rules accept such runs only when they are
    the same letters and digits, when either has OCR's marks, when one is a
    word the other splits into pieces of letters (:func:`_split_word`), or
    when their shapes are equal by free misreadings, which keep every
    :data:`_KEPT` letter. Most cells of the table are none of these, and
    are not asked (tests/test_noise.py checks this against the rules)."""
    return (old[0] == new[0] or old[1] or new[1] or old[2] == new[2]
            or (new[3] and old[4]) or (old[3] and new[4]))


def _worth_asking(old: _Span, new: _Span, docs: _Documents) -> bool:
    """:func:`_may_group`, sharpened: runs it lets through only as a word
    and pieces of letters are asked :func:`_split_word` (the one rule of
    :func:`_group` that can accept them) first, alone. Most such cells are
    two unrelated runs, and the rest of _group's questions are wasted on them."""
    if old[0] == new[0] or old[1] or new[1] or old[2] == new[2]:
        return True
    return _splits(old, new, docs)


def _splits(old: _Span, new: _Span, docs: _Documents) -> bool:
    """:func:`_split_word` of these runs, either way, asked only of runs
    that are a word and pieces of letters (its own first questions, known
    from the spans) whose shapes are near enough (:func:`_may_split`)."""
    learnt = bool(docs.learnt)
    return bool((new[3] and old[4] and _may_split(old, new, learnt)
                 and _split_shapes(old[6], new[5], new[6], docs, True))
                or (old[3] and new[4] and _may_split(new, old, learnt)
                    and _split_shapes(new[6], old[5], old[6], docs, False)))


def _may_split(pieces: _Span, word: _Span, learnt: bool) -> bool:
    """Can :func:`_split_word` accept these pieces as this word? Not when
    their shapes are further apart, in plain edits, than :func:`_cost` lets
    through to the table at the word's limit, nor (with misreadings learnt)
    than :func:`_learnt`'s three steps. One C call instead of _split_word's
    questions: most cells that reach it are two unrelated runs."""
    a, b = pieces[6], word[6]
    if a == b:
        return True
    limit = _near_limit(len(word[5]))
    cutoff = int(2 * limit) + 3 + max(len(a), len(b)) // 4 if abs(len(a) - len(b)) <= 2 * limit + 4 else -1
    if learnt:
        cutoff = max(cutoff, 3)
    return cutoff >= 0 and Levenshtein.distance(a, b, score_cutoff=cutoff) <= cutoff


#: A piece of a replaced run: its old words, its new words, and whether it is noise.
_Piece = tuple[list[str], list[str], bool]


def _segments(old: Sequence[str], new: Sequence[str], docs: _Documents) -> list[_Piece]:
    """Cut a replaced run into pieces, each noise or not, covering as many
    words with noise as a monotone alignment allows (groups of up to 3)."""
    n, m = len(old), len(new)
    if n * m > _MAX_CELLS:
        docs.budget -= n + m  # its pieces pay for themselves
        return _big_segments(old, new, docs)
    docs.budget -= (n + 1) * (m + 1)
    best = [[-1] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int, bool]] = {}
    best[0][0] = 0
    steps = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))
    stray_old, stray_new = [_stray(t) for t in old], [_stray(t) for t in new]  # once a word, not once a cell
    # The runs of 1, 2 and 3 words starting at each word, described once.
    spans_old, spans_new = _Spans(old), _Spans(new)
    runs_old = [[spans_old.at(i, p) for i in range(n - p + 1)] if p else [] for p in range(4)]
    runs_new = [[spans_new.at(j, q) for j in range(m - q + 1)] if q else [] for q in range(4)]
    for i in range(n + 1):
        for j in range(m + 1):
            s = best[i][j]
            if s < 0:
                continue
            moves: list[tuple[int, int, bool]] = []
            if i < n:
                moves.append((1, 0, stray_old[i]))
            if j < m:
                moves.append((0, 1, stray_new[j]))
            for p, q in steps:
                if i + p <= n and j + q <= m and (p == q == 1 or _worth_asking(
                        runs_old[p][i], runs_new[q][j], docs)) \
                        and _group(old[i:i + p], new[j:j + q], docs,
                                   spans=None if p == q == 1 else (runs_old[p][i], runs_new[q][j])):
                    moves.append((p, q, True))
            for p, q, noisy in moves:
                gain = s + (p + q if noisy else 0)
                if gain > best[i + p][j + q]:
                    best[i + p][j + q] = gain
                    back[(i + p, j + q)] = (p, q, noisy)
    pieces: list[_Piece] = []
    i, j = n, m
    while i or j:
        p, q, noisy = back[(i, j)]
        pieces.append((list(old[i - p:i]), list(new[j - q:j]), noisy))
        i, j = i - p, j - q
    return pieces[::-1]


def _big_segments(old: Sequence[str], new: Sequence[str], docs: _Documents) -> list[_Piece]:
    """A long replaced run: cut at words of the same shape, then align the
    runs between them one by one (a run still too long stays as it is)."""
    pieces: list[_Piece] = []
    shapes_a, shapes_b = [shape(t) or t for t in old], [shape(t) or t for t in new]
    for op in Indel.opcodes(shapes_a, shapes_b):
        a, b = list(old[op.src_start:op.src_end]), list(new[op.dest_start:op.dest_end])
        if op.tag == "equal":
            pieces += [([x], [y], _group([x], [y], docs)) for x, y in zip(a, b)]
        elif len(a) * len(b) <= _MAX_CELLS:
            pieces += _segments(a, b, docs)
        else:
            pieces.append((a, b, False))
    return pieces


def _edit(old: list[str], new: list[str], kind: Kind, approximate: bool, i1: int, j1: int) -> Edit:
    """A piece of a cut edit, its words starting at old word ``i1``, new ``j1``."""
    op: Op = "replace" if old and new else "delete" if old else "insert"
    return Edit(op, " ".join(old), " ".join(new), kind, approximate, i1, i1 + len(old), j1, j1 + len(new))


def split_edit(edit: Edit, docs: _Documents | None = None, *, split: bool = True) -> tuple[Edit, ...]:
    """A substantive edit, relabelled ``ocr-noise`` or (``split``) split into
    noise and substantive pieces that tile its word spans; any other edit as
    it is."""
    if edit.op == "equal" or edit.kind != "substantive":
        return (edit,)
    docs = docs or _Documents((), ())
    old, new = edit.old.split(), edit.new.split()
    if _group(old, new, docs, alone=True):
        return (replace(edit, kind="ocr-noise"),)
    if not split or not old or not new or len(old) + len(new) <= 2:
        return (edit,)
    if docs.budget <= 0:
        return (replace(edit, approximate=True),)  # not cut into noise and real changes
    merged: list[_Piece] = []
    for a, b, noisy in _segments(old, new, docs):
        if merged and merged[-1][2] == noisy:
            merged[-1][0].extend(a)
            merged[-1][1].extend(b)
        else:
            merged.append((list(a), list(b), noisy))
    # Stray characters alone are not worth cutting a real change into pieces.
    if not any(noisy and not all(_stray(t) for t in a + b) for a, b, noisy in merged):
        return (edit,)
    out: list[Edit] = []
    i, j = edit.i1, edit.j1  # the pieces tile the edit's spans in order
    for a, b, noisy in merged:
        out.append(_edit(a, b, "ocr-noise" if noisy else "substantive", edit.approximate, i, j))
        i, j = i + len(a), j + len(b)
    return tuple(out)


def is_noise(old: str, new: str) -> bool:
    """Is replacing ``old`` by ``new`` (words separated by spaces) an OCR
    misreading, judged without the documents (so without the minority rule)?"""
    return _group(old.split(), new.split(), _Documents((), ()), alone=True)


def _steps(a: str, b: str) -> list[tuple[str, str]]:
    """The letters changed between two shapes, as (old letter, new letter)
    pairs ("" for none): "and" / "aed" is [("n", "c")]."""
    out = []
    for op in Levenshtein.editops(a, b):
        out.append((a[op.src_pos] if op.tag != "insert" else "", b[op.dest_pos] if op.tag != "delete" else ""))
    return out


def _learnt(a: str, b: str, docs: _Documents) -> bool:
    """Do two shapes differ only by misreadings this scan makes again and
    again (at most three of them, and fewer than a third of the letters)?"""
    if not docs.learnt or not a or not b or a == b:
        return False
    steps = _steps(a, b)
    return 0 < len(steps) <= min(3, max(len(a), len(b)) // 3 + 1) and all(s in docs.learnt for s in steps)


#: How many different words a misreading must spoil before it counts as
#: the scan's own habit.
LEARN_MIN = 4


def learn_misreadings(changes: Sequence[ClauseChange]) -> frozenset[tuple[str, str]]:
    """The letter misreadings one side's reading makes again and again: a
    scan that drops every "s" ("functions" / "function", "are" / "ar"), or
    reads "n" as "e" ("and" / "aed", "in" / "ie"). Each must spoil at least
    :data:`LEARN_MIN` different short runs of words (one letter apart), one
    of them at least into no word at all: a template revision that makes
    four words plural is no misreading.

    >>> from moadiff.model import Edit
    >>> edits = [Edit("replace", w, w[:-1], "substantive") for w in ("aliens", "hours", "process", "functions")]
    >>> sorted(learn_misreadings([ClauseChange("modified", False, None, None, 0.9, tuple(edits))]))
    [('s', '')]
    >>> sorted(learn_misreadings([ClauseChange("modified", False, None, None, 0.9, tuple(edits[:3]))]))
    []
    """
    seen: dict[tuple[str, str], set[tuple[str, str]]] = {}
    spoilt: set[tuple[str, str]] = set()
    for change in changes:
        for e in change.edits:
            if e.op != "replace" or e.kind != "substantive" or len(e.old.split()) > 3 or len(e.new.split()) > 3:
                continue
            a, b = shape(e.old), shape(e.new)
            if not a or not b or a == b or Levenshtein.distance(a, b, score_cutoff=2) > 1 or _both_numbers(e.old, e.new):
                continue
            (step,) = _steps(a, b)
            seen.setdefault(step, set()).add((a, b))
            if not all(_wordlike(loose_key(t)) for t in (*e.old.split(), *e.new.split())):
                spoilt.add(step)
    return frozenset(s for s, pairs in seen.items() if len(pairs) >= LEARN_MIN and s in spoilt)


#: Small words a poor reading drops or makes up without a trace, whose
#: loss changes no obligation ("and", "or", "not", "as" are not among them).
DROPPABLE = frozenset(("the", "a", "an", "of", "this", "that", "be", "is", "in", "by", "on", "at"))
#: A stroke read as a word of its own: "I", "1", "l", "|".
_BAR = re.compile(r"^[Il1|!]$")
#: How many words either side of a dropped word to look for a misreading.
_DROP_WINDOW = 6


def _misread_token(token: str, k: int, docs: _Documents) -> bool:
    """A token of document ``k`` (0 old, 1 new) that only a poor reading
    writes: marks inside a word ("~onn"), or lower-case letters that make no
    dictionary word and that the other document never has ("ofthe", "tenns")."""
    if _garbled(token):
        return True
    key = loose_key(token)
    word = token.strip(_PUNCT)
    return (len(key) >= 2 and key.isalpha() and word[:1].islower() and not is_word(key)
            and docs.counts()[1 - k][key] == 0)


def _dropped(edit: Edit, words: tuple[list[str], list[str]], docs: _Documents) -> bool:
    """A small word (or a stroke) only one side has, where the side without
    it reads poorly around the gap: the reading dropped it, or made it up."""
    token = (edit.old or edit.new).strip()
    if edit.op == "equal" or edit.kind != "substantive" or " " in token or not token:
        return False
    if loose_key(token) not in DROPPABLE and not _BAR.match(token):
        return False
    # The side without the word: the new one for a deletion, the old one for an insertion.
    k, at = (1, edit.j1) if edit.op == "delete" else (0, edit.i1)
    near = words[k][max(0, at - _DROP_WINDOW):at + _DROP_WINDOW]
    if _BAR.match(token):  # a stroke the other side lacks, beside a poor reading on its own side
        k, at = 1 - k, (edit.i1 if k == 1 else edit.j1)
        near = words[k][max(0, at - _DROP_WINDOW):at + _DROP_WINDOW + 1]
    return any(_misread_token(t, k, docs) for t in near)


def _lone_character(edit: Edit, words: tuple[list[str], list[str]], docs: _Documents) -> bool:
    """A word of two or three letters read as one character that is no
    word ("is" / "&", "in" / "2", "it" / "d", "TO" / "O"), where the side
    with the character reads poorly around it (as :func:`_dropped` judges):
    a smudged print or a poor scan, since no template writes a lone digit
    or mark for a word.

    >>> from moadiff.model import Edit
    >>> docs = _Documents((), ())
    >>> poor = (["the", "purpose", "is", "to", "promote"], ["the", "purpose", "&", "to", "eromote"])
    >>> _lone_character(Edit("replace", "is", "&", "substantive", i1=2, i2=3, j1=2, j2=3), poor, docs)
    True
    >>> clean = (poor[0], ["the", "purpose", "&", "to", "promote"])
    >>> _lone_character(Edit("replace", "is", "&", "substantive", i1=2, i2=3, j1=2, j2=3), clean, docs)
    False
    """
    if edit.op != "replace" or edit.kind != "substantive" or " " in edit.old.strip() or " " in edit.new.strip():
        return False
    for k, (word, char) in enumerate(((edit.old, edit.new), (edit.new, edit.old))):
        key, mark = word.strip(_PUNCT), char.strip(_PUNCT) or char.strip()
        if not (2 <= len(key) <= 3 and key.isalpha() and len(mark) == 1 and mark.lower() not in "ai"):
            continue
        side, at = (1, edit.j1) if k == 0 else (0, edit.i1)
        near = words[side][max(0, at - _DROP_WINDOW):at + _DROP_WINDOW + 1]
        if any(_misread_token(t, side, docs) for t in near):
            return True
    return False


#: A list label alone: "B.", "8.", "(c)", "IV.", "2)".
_LONE_LABEL = re.compile(r"^\(?(?:[A-Z]|[0-9]{1,2}|[IVX]{1,4})[.)]$")


def _lone_label(edit: Edit) -> bool:
    """A list label alone inserted or deleted ("or 8. Via mail" / "or Via
    mail"): a label one reading cut off as a clause's and the other kept in
    the text (misread, "8." for "B."). It holds no language: layout."""
    token = (edit.old or edit.new).strip()
    return edit.op in ("insert", "delete") and edit.kind == "substantive" and bool(_LONE_LABEL.match(token))


#: How far (in words) a small word may stray from its place, read in
#: another order ("made to JIC. the 287(g)" / "made to the JIC. 287(g)").
_STRAY_WORD = 3


def _small_swap(delete: Edit, insert: Edit, new_words: Sequence[str], docs: _Documents) -> bool:
    """The same words deleted and inserted a few words apart, small words
    (:data:`DROPPABLE`) or across small words only ("to the JIC." / "to
    JIC. the"), or a few words and their misreading ("the JJC." / "JIC.
    the"): read in another order, not added or removed. Never a word that changes an
    obligation (:data:`PROTECTED`: "not", "only" moved is a change), nor
    words moved across one ("shall only notify" / "shall notify only")."""
    old, new = delete.old.split(), insert.new.split()
    if abs(delete.j1 - insert.j1) > _STRAY_WORD or len(old) > _STRAY_WORD or len(new) > _STRAY_WORD:
        return False
    between = new_words[min(delete.j1, insert.j1):max(delete.j1, insert.j1)]
    if any(loose_key(t) in PROTECTED for t in (*old, *new, *between)):
        return False
    keys = [loose_key(t) for t in old]
    if keys == [loose_key(t) for t in new]:
        # Small words moved, or moved across: "County" moved across "Sheriff of
        # Bedford" is an agency's name written another way, a fill-in.
        a, b = sorted((delete.j1, insert.j1))
        jumped = [loose_key(t) for t in new_words[a:b]][len(new) if insert.j1 < delete.j1 else 0:]
        return all(k in DROPPABLE for k in keys) or all(k in DROPPABLE for k in jumped)
    return _group(old, new, docs, alone=True)


def _reordered(edits: list[Edit], new_words: Sequence[str], docs: _Documents) -> list[Edit]:
    """A run of words deleted in one place of a clause and inserted in
    another, read alike: lines read in another order ("including
    instructors and supervisors."), or a small word a few words from its
    place (:func:`_small_swap`), relabelled ``formatting``, both."""
    runs = [k for k, e in enumerate(edits) if e.kind == "substantive" and e.op in ("delete", "insert")]
    out = list(edits)
    used: set[int] = set()
    for k in runs:
        if k in used or edits[k].op != "delete":
            continue
        a = shape(edits[k].old)
        for m in runs:
            if m in used or edits[m].op != "insert":
                continue
            b = shape(edits[m].new)
            limit = max(1.0, min(len(a), len(b)) / 8)
            if (min(len(a), len(b)) >= 8 and _cost(a, b, limit)[0] <= limit) or _small_swap(edits[k], edits[m], new_words, docs):
                out[k], out[m] = replace(edits[k], kind="formatting"), replace(edits[m], kind="formatting")
                used.update((k, m))
                break
    return out


#: How many equal words may lie between two edits judged together.
_NEAR = 2
#: The most words (both sides) a run of nearby edits is judged together with.
_NEAR_WORDS = 16
#: The most edits of one run tried together, in all their shorter runs.
_NEAR_EDITS = 6


def _clusters(edits: Sequence[Edit]) -> list[list[int]]:
    """Runs of substantive edits (their indices) at most :data:`_NEAR` words apart."""
    out: list[list[int]] = []
    for k, e in enumerate(edits):
        if e.op == "equal" or e.kind != "substantive":
            continue
        if out and e.i1 - edits[out[-1][-1]].i2 <= _NEAR and e.j1 - edits[out[-1][-1]].j2 <= _NEAR:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _piece(edits: Sequence[Edit], k: int) -> bool:
    """Was edit ``k`` cut from a longer run beside a misreading ("DHS OIG" /
    "OHS 010" into "DHS" / "OHS" and "OIG" / "010")? Then the words around it
    are read alike, as around a whole edit, and it is judged as one."""
    return any(0 <= m < len(edits) and edits[m].op != "equal" and edits[m].kind == "ocr-noise"
               for m in (k - 1, k + 1))


def _spanning(edits: list[Edit], words: tuple[list[str], list[str]], docs: _Documents) -> list[Edit]:
    """Substantive edits that are a misreading read together with their
    neighbours: a word split or joined across two edits ("violations ofthe
    terms of the" / "violations of the terms ofthe"), or an insertion that
    is a piece of the word beside it ("LEA' s" / "LEA's"). The old and the
    new words from the first edit of a run (:func:`_clusters`) to its last,
    then with one equal word more either side, are judged as one whole edit
    (:func:`_group`); if they are a misreading, so is each edit of the run.
    A run that is not is tried in shorter runs, longest first. A piece cut
    beside a misreading is judged as a whole edit too (:func:`_piece`)."""
    out = list(edits)
    for cluster in _clusters(edits):
        cluster = cluster[:_NEAR_EDITS]
        done: set[int] = set()
        for size in range(len(cluster), 0, -1):
            for start in range(len(cluster) - size + 1):
                run = cluster[start:start + size]
                if not done.intersection(run) and _run_noise(edits, run, words, docs):
                    done.update(run)
                    for k in run:
                        out[k] = replace(edits[k], kind="ocr-noise")
    return out


def _run_noise(edits: list[Edit], run: list[int], words: tuple[list[str], list[str]], docs: _Documents) -> bool:
    """Are the words of a run of edits, alone or with one equal word more
    either side, a misreading read as one whole edit?"""
    first, last = edits[run[0]], edits[run[-1]]
    for pad in (0, 1):
        if pad == 0 and len(run) == 1 and not _piece(edits, run[0]):
            continue  # judged alone already
        i1, i2 = max(0, first.i1 - pad), min(len(words[0]), last.i2 + pad)
        j1, j2 = max(0, first.j1 - pad), min(len(words[1]), last.j2 + pad)
        if i2 - i1 + j2 - j1 > _NEAR_WORDS:
            return False
        if _group(words[0][i1:i2], words[1][j1:j2], docs, alone=True):
            return True
    return False


#: Mean lexicon cost (capped at :data:`_COST_CAP`) above which a run of
#: words reads as no language: English sentences of the templates score
#: 11-17, specks and seals OCR read as letters ("i pn ers 9 re 8 yy te
#: ree", "See ee ane NEAT RRS SOTO") 19 and more.
_NO_LANGUAGE = 18.5
_COST_CAP = 30.0
#: A run with this many dictionary words of :data:`_LANGUAGE_WORD` letters
#: or more, a third of its tokens at least, is language however costly the
#: rest: "within 48 hours ofthe LEA receiving notice ofthe complaint." costs
#: 20 a token (a number, two words run together), "participating PCSO
#: personnel." 23 (an acronym); no seal or specks OCR read ("See ee ane
#: NEAT RRS SOTO") has two such words.
_LANGUAGE_WORDS = 2
_LANGUAGE_WORD = 5


def _no_language(edit: Edit) -> bool:
    """An inserted or deleted run of three or more tokens that reads as no
    language: what OCR made of a seal, a stamp or specks. Numbers (dates,
    addresses) and e-mail addresses are left to the fill-in stage."""
    if edit.op not in ("insert", "delete") or edit.kind != "substantive":
        return False
    tokens = (edit.old or edit.new).split()
    keys = [k for k in map(loose_key, tokens) if k]
    if len(keys) < 3 or any(sum(ch.isdigit() for ch in t) >= 3 or "@" in t for t in tokens):
        return False
    words = sum(len(k) >= _LANGUAGE_WORD and k.isalpha() and is_word(k) for k in keys)
    if words >= _LANGUAGE_WORDS and 3 * words >= len(keys):
        return False  # a sentence a poor scan read with words run together ("ofthe LEA receiving notice")
    return sum(min(lexicon_cost(k), _COST_CAP) for k in keys) / len(keys) >= _NO_LANGUAGE


#: Characters no template sentence holds but glyph garbage is full of (a
#: font without a Unicode map read as text, then read again by OCR).
_JUNK = frozenset("#^*<>={}|~`+\\\u00a4\u00ac\u00bf\u00a1\u00f7\u00d7\u00a6\u2044\u00bc\u00bd\u00be")
#: Non-ASCII characters real agreements print: section and paragraph signs,
#: curly quotes, dashes, bullets, the ellipsis.
_PRINTED = frozenset("\u00a7\u00b6\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u2026\u00a9\u00ae\u00b0")


def _junk(token: str) -> bool:
    """A token of glyph garbage: a character no template sentence holds
    ("41916803;19=", "\u00ddU\u00d1O", "#\u00f8@"); an e-mail address or an amount is not."""
    core = token.strip(".,;:!?'\"()")
    if not core or re.fullmatch(r"[\w.+-]+@[\w-]+\.[\w.]+", core) or re.fullmatch(r"\$[\d,.]+", core):
        return False
    # a digit between letters ("Dd6ne"), a quote inside a word ('a"L')
    return bool(re.search(r"[A-Za-z]\d+[A-Za-z]|\w\"\w|\$(?![\d,.])|(?<=.)\$", core)) or any(
        ch in _JUNK or (ord(ch) > 127 and ch not in _PRINTED) for ch in core)


def _glyph_garbage(edit: Edit) -> bool:
    """A substantive edit that is glyph garbage read two ways: a third of
    its tokens or more junk (:func:`_junk`), and not one a word of four
    letters or more, nor a word that changes an obligation (:data:`PROTECTED`). A PDF's font without a Unicode map gives such text; two versions
    (or OCR of each) read it differently, and no reader could tell a change
    of language in it."""
    if edit.op == "equal" or edit.kind != "substantive":
        return False
    tokens = f"{edit.old} {edit.new}".split()
    if any(loose_key(t) in PROTECTED or re.search(r"@\w+\.", t) for t in tokens):
        return False  # "not", "shall", "or", an e-mail address even misread: never noise
    junk = sum(map(_junk, tokens))
    return 3 * junk >= len(tokens) > 0 and not any(
        len(k) >= 4 and k.isalpha() and is_word(k) for t in tokens if not _junk(t) and (k := loose_key(t)))


def label_noise(changes: Sequence[ClauseChange], old: Sequence[Clause], new: Sequence[Clause], *,
                apart: bool = False) -> tuple[ClauseChange, ...]:
    """``changes`` with the substantive edits that are OCR misreadings
    relabelled ``ocr-noise`` (split off when mixed with a real change).
    ``old`` and ``new`` are all clauses of each document: how often a word
    occurs in its own document decides between two dictionary words.
    ``apart``: half of the changed clauses are judged in a forked child at
    the same time (apart.py; the same result, sooner on a second core)."""
    todo = [k for k, change in enumerate(changes)
            if any(e.op != "equal" and e.kind == "substantive" for e in change.edits)]
    out = list(changes)
    if not todo:
        return tuple(out)
    docs = _Documents(old, new)
    docs.learnt = learn_misreadings(changes)
    done = _in_two(changes, todo, docs) if apart and len(todo) > 1 else None
    for k in todo:
        edits = done[k] if done is not None else _labelled(changes[k], docs)
        if edits != list(changes[k].edits):
            out[k] = replace(changes[k], edits=tuple(edits))
    return tuple(out)


def _labelled(change: ClauseChange, docs: _Documents) -> list[Edit]:
    """The edits of one changed clause, its misreadings relabelled."""
    # A signature block or contact list is judged whole by the fill-in
    # stage; pieces of it would read as template words.
    split = not any(c is not None and contact_zone(c) for c in (change.old, change.new))
    edits: list[Edit] = []
    for e in change.edits:
        edits.extend(split_edit(e, docs, split=split))
    if split and change.old is not None and change.new is not None:
        words = (change.old.full_text.split(), change.new.full_text.split())
        edits = _reordered(_spanning([replace(e, kind="ocr-noise")
                                      if _dropped(e, words, docs) or _lone_character(e, words, docs)
                                      or _no_language(e) or _glyph_garbage(e)
                                      else replace(e, kind="formatting") if _lone_label(e) else e
                                      for e in edits], words, docs), words[1], docs)
    return edits


def _in_two(changes: Sequence[ClauseChange], todo: list[int], docs: _Documents) -> dict[int, list[Edit]] | None:
    """:func:`_labelled` of each changed clause ``todo``, half of the work in
    a forked child; None (judge them all here) when there is too little work
    to share (:data:`APART_CELLS`), when the child failed, or when
    the two halves spent the whole cell budget between them: only below it
    is the outcome that of judging them one after another (the budget decides
    which runs are cut, and it is spent in order)."""
    from moadiff.apart import both

    # Balance the halves by their replaced runs' table cells, largest first.
    def weight(k: int) -> int:
        return sum((len(e.old.split()) + 1) * (len(e.new.split()) + 1) for e in changes[k].edits if e.op != "equal")

    if sum(map(weight, todo)) < APART_CELLS:
        return None  # a fork and its copied pages would cost more than half of this
    halves: tuple[list[int], list[int]] = ([], [])
    loads = [0, 0]
    for k in sorted(todo, key=weight, reverse=True):
        side = 0 if loads[0] <= loads[1] else 1
        halves[side].append(k)
        loads[side] += weight(k)

    def half(ks: list[int]) -> tuple[dict[int, list[Edit]], int]:
        got = {k: _labelled(changes[k], docs) for k in ks}
        return got, NOISE_CELLS - docs.budget

    docs.counts(), docs.vocabulary(), docs.acronyms()  # made once, before the fork, for both halves
    theirs, mine = both(lambda: half(halves[0]), lambda: half(halves[1]))
    if theirs is None or theirs[1] + mine[1] >= NOISE_CELLS:
        docs.budget = NOISE_CELLS
        return None
    return {**theirs[0], **mine[0]}

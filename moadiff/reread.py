"""Stage 6c: settle a scan's doubtful edits by reading the page image again.

A scanned agreement's text layer is one OCR reading of its page images,
made by the scanner. Where it read "or" for "of", "810" for "8101" or
"Jener" for "letter", or dropped a word, the comparison sees an edit that
no rule of noise.py can tell from a real one: "of" / "or" are two words,
"810" / "8101" two numbers. But the page image still shows what is printed.
So a small edit (at most :data:`MAX_WORDS` words a side), or a run of
nearby ones (at most :data:`RUN_WORDS` words a side, a line read with words
run together and split apart), still labelled ``substantive`` after the
noise and fill-in stages is checked against the images. For each side on a
scanned page (a scanner's text layer, or a page moadiff read by OCR, its
lines taken from the cache), the lines holding the edit and a few words
around it are cut from the page, drawn at :data:`REGION_DPI` and read again
by Tesseract as one block of text; the words the new reading has between
the edit's two neighbours are what that side's image shows. The edit is
``ocr-noise`` when

- one side's image shows the *other* side's words ("Failure or any" reads
  "Failure of any" again), or
- both sides' images show the same words;

"the same words" being the same letters and digits, or a misreading of them
as noise.py judges a pair of readings ("more Fequently" read again for
"111011: uently", against "more frequently"); a lone lower-case letter that
is no word (a speck read as "e") is no word of either.

Only words seen settle an edit: an image that shows nothing where its text
layer has a word is no evidence (a faint word read again may be lost).

**Signature labels under handwriting.** A label only one side's text layer
has ("Date:" on one, none on the other) reads as a label added or removed
(fillins.py). The signature block of the side without it is read again
whole (from its first words, as many as make them one place on the page:
a list's "POINTS OF CONTACT" recurs in the prose); a label its image shows
more often than its text layer (the "Date:" a handwritten date covered, the
"For DHS:" a contact written over) is ``ocr-noise``, never more of them than the
image shows. A label a revision really adds is on no image of the old side.
The other way round, a label a revision added that the *adding* side's text
layer lost (OCR read it and the handwriting over it as one garbled run, so
only one of two "Name:" labels is in the text) is found the same way: that
side's block read again shows more of the added label than its text layer
has, and each one more joins the end of its block as a substantive
insertion (a deletion, for a label removed): the only words this stage adds.
A block of two columns prints its labels row by row: where one column
labels a row and the other column has no label on it (a signature across
"Signature:", which the block read whole shows as a scrawl), that label's
width at the other column's edge is read alone, and counts when it reads
as the label letter for letter.

Otherwise it is left as it is: a real change ("shall" / "may", "70" / "10")
reads the same again, and noise.py never takes one dictionary word for
another nor one number for another. Pages drawn from text alone (a text
layer shows what is printed) and documents other than PDF are never
re-read; nor is a region whose neighbours cannot be found, in the text layer
(a unique place, :data:`MIN_CONTEXT` words of context matching, that holds
the edit's own words between them, list labels aside; or, for an edit that
opens a page, the page's first words, then its right context) or in the
new reading.

**Why here, and one way.** Which words are in doubt is only known once the
two documents are compared, so this is a stage of the comparison, after
fill-ins. It takes nothing from the report: it reads the source file again
(the PDF module draws the region, the OCR module reads it: they own
pypdfium2 and Tesseract), and it relabels edits, never their words, save the
labels a revision added that a text layer lost (above).
A comparison of documents without their files (a batch's parsed ones, a
Document built in memory whose path is gone) skips it. Region readings are
cached like page readings, by the file's hash, the page, the region, the
resolution and the engine; at most :data:`MAX_REGIONS` regions are read per
comparison (about 0.1-0.3 s each). A comparison of two files
(``pipeline.compare``) reads them ahead on every core: a pass that reads
nothing lists the regions deciding may read, they are drawn one by one and
read by Tesseract on several threads, and the pass that decides takes each
reading when it needs it, so the labels are those of one thread (a batch's
workers, already one a core, read as they go). The text-layer lines an
edit is found on are the ones extraction kept (``Document.layer_lines``) when the
comparison has the Documents, so that no page is opened again for them;
no region is drawn where Tesseract's data is missing (nothing could read it).

>>> words_between("MOA. Failure of any LEA".split(), ["MOA.", "Failure"], ["any", "LEA"])
['of']
>>> words_between("MOA. Fai1ure any LEA".split(), ["MOA.", "Failure"], ["any", "LEA"])
[]
>>> words_between("for any MOA".split(), ["MOA.", "Failure"], ["any", "LEA"]) is None
True
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from moadiff.fillins import signature_labels
from moadiff.lexicon import is_word
from moadiff.model import Clause, ClauseChange, Document, DocumentInfo, Edit, Line
from moadiff.noise import is_noise, shape
from moadiff.worddiff import loose_key

if TYPE_CHECKING:
    from concurrent.futures import Future

    from PIL import Image

    from moadiff.cache import Cache

__all__ = ["MAX_REGIONS", "MAX_WORDS", "REGION_DPI", "Rereader", "rereads", "settle", "words_between"]

#: Resolution a region is drawn at: finer than a page's 300 dpi, so that
#: Tesseract sees what a scanner's OCR at lower resolution misread.
REGION_DPI = 400
#: Edits with more words than this on either side are not re-read: a
#: rewritten run is not one misreading.
MAX_WORDS = 3
#: Nearby substantive edits (at most this many equal words apart, at most
#: RUN_WORDS words a side in all) are also read again as one run.
RUN_GAP = 2
RUN_WORDS = 10
#: Words of context either side of the edit used to find it on the page.
CONTEXT = 4
#: Context words that must match the text layer to place an edit there.
MIN_CONTEXT = 3
#: Regions read at most per comparison.
MAX_REGIONS = 80
#: Points added around the lines read (a descender, a line's own slant).
_PAD = 4.0

#: (file path, sha256, page index) -> readings of the page's lines with their
#: boxes: its text layer if it is a scan, and what OCR read on it when the
#: document was extracted (none for a page drawn from text alone).
LinesOf = Callable[[str, str, int], tuple[tuple[Line, ...], ...]]
#: (file path, sha256, page index, box) -> the words read in that region, or None.
ReadRegion = Callable[[str, str, int, tuple[float, float, float, float]], "list[str] | None"]
#: A box on a page, in points from its top left: (x0, top, x1, bottom).
Box = tuple[float, float, float, float]
#: A region of a page: (file path, sha256, page index, box).
Region = tuple[str, str, int, Box]
#: Starts reading regions on other threads; what it returns, on leaving,
#: drops those no one asked for yet.
ReadAhead = Callable[[Sequence[Region]], AbstractContextManager[None]]


@dataclass(frozen=True, slots=True)
class Rereader:
    """Where a stage gets a scanned page's lines and a region's new reading;
    ``ahead``, if given, reads regions before they are asked for. Without
    ``singles``, an edit of at most :data:`MAX_WORDS` words a side read on
    its own is left as it is (runs of them and signature labels are still
    settled): for a comparison that only decides, by its edits of more words
    (``batch.plan.revision_distance``), whether two agreements are one
    template revision, and that no one sees."""

    lines: LinesOf
    read: ReadRegion
    ahead: ReadAhead | None = None
    singles: bool = True


@lru_cache(maxsize=65536)
def _shape_key(word: str) -> str:
    return shape(word) or loose_key(word)


def _match_at(keys: Sequence[str], k: int, left: Sequence[str], right: Sequence[str],
              gap: int) -> tuple[int, int, int] | None:
    """Context matched around position ``k`` (the left neighbour there):
    (score, end of the gap, position of the right neighbour)."""
    score = 0
    for d, word in enumerate(reversed(left)):
        if k - d < 0 or keys[k - d] != word:
            break
        score += 1
    best: tuple[int, int, int] | None = None
    for r in range(k + 1, min(len(keys), k + 2 + gap)):
        if keys[r] != right[0]:
            continue
        s = _run(keys, r, right)
        if best is None or s > best[0]:
            best = (s, r, r)
    if best is None:
        return None
    return score + best[0], best[1], best[2]


def _run(keys: Sequence[str], r: int, words: Sequence[str]) -> int:
    """How many of ``words`` ``keys`` holds in order from position ``r``."""
    n = 0
    while n < len(words) and r + n < len(keys) and keys[r + n] == words[n]:
        n += 1
    return n


def _locate(keys: Sequence[str], left: Sequence[str], right: Sequence[str], gap: int,
            need: int, at: dict[str, list[int]] | None = None) -> tuple[int, int] | None:
    """The one place where ``left`` ends and ``right`` starts at most
    ``gap`` words later, matching at least ``need`` context words:
    (index after the left neighbour, index of the right neighbour).
    ``at``: where each key is in ``keys``, if known (a page's, see _keyed)."""
    if not left or not right:
        return None
    found: list[tuple[int, int, int]] = []
    starts = at.get(left[-1], ()) if at is not None else [k for k, key in enumerate(keys) if key == left[-1]]
    for k in starts:
        m = _match_at(keys, k, left, right, gap)
        if m is not None and m[0] >= need:
            found.append((m[0], k + 1, m[2]))
    if not found:
        return None
    found.sort(reverse=True)
    if len(found) > 1 and found[1][0] == found[0][0]:
        return None  # two places fit as well: not sure which was meant
    return found[0][1], found[0][2]


def words_between(reading: Sequence[str], left: Sequence[str], right: Sequence[str],
                  gap: int = MAX_WORDS + 3) -> list[str] | None:
    """The words of ``reading`` between ``left``'s last word and ``right``'s
    first (matched by their OCR shape, with as much of the rest of ``left``
    and ``right`` as follows), or None if they are not found in one place."""
    keys = [_shape_key(w) for w in reading]
    place = _locate(keys, [_shape_key(w) for w in left], [_shape_key(w) for w in right], gap, MIN_CONTEXT)
    if place is None:
        return None
    return list(reading[place[0]:place[1]])


@lru_cache(maxsize=64)
def _keyed(lines: tuple[Line, ...]) -> tuple[tuple[str, ...], tuple[int, ...], dict[str, list[int]], tuple[str, ...]]:
    """A page's words as :func:`_shape_key` has them, the line of each,
    where each key is (in order), and the words themselves: made once a
    page, not once an edit."""
    words: list[str] = []
    line_of: list[int] = []
    at: dict[str, list[int]] = {}
    text: list[str] = []
    for n, line in enumerate(lines):
        for w in line.text.split():
            key = _shape_key(w)
            at.setdefault(key, []).append(len(words))
            words.append(key)
            line_of.append(n)
            text.append(w)
    return tuple(words), tuple(line_of), at, tuple(text)


def _region(lines: Sequence[Line], left: Sequence[str], right: Sequence[str],
            own: Sequence[str]) -> tuple[Box, bool] | None:
    """The box of the lines that hold the edit (``own``, its words on this
    side) and its context, and whether the edit opens the page (its left
    context is on the page before: the region holds the edit and its right
    context only); or None. The place must hold the edit's own words
    between the context found (:func:`_holds`): a page may hold part of the
    context elsewhere ("this MOA or allowed by Federal" for "this MOA derive
    from Federal authority"), and both sides' images would show those other
    words alike."""
    words, line_of, at, text = _keyed(tuple(lines))
    right_keys = [_shape_key(w) for w in right]
    place = _locate(words, [_shape_key(w) for w in left], right_keys, len(own) + 2, MIN_CONTEXT, at)
    if place is not None and _holds(text[place[0]:place[1]], own):
        first = line_of[max(0, place[0] - len(left))]
        last = line_of[min(len(words) - 1, place[1] + len(right) - 1)]
        return _box(lines[first:last + 1]), False
    start = _opening(words, right_keys, len(own) + 2)
    if start is not None and _holds(text[:start], own):
        return _box(lines[:line_of[min(len(words) - 1, start + len(right) - 1)] + 1]), True
    return None


#: A list label ("D.", "(1)", "iv.", "VIII."): a clause's text holds it as
#: its label, not among its words, where the text layer has it in the line.
_LABEL = re.compile(r"\(?(?:[A-Za-z]|[0-9]{1,2}|[ivxIVX]{1,5})[.)]")


def _holds(layer: Sequence[str], own: Sequence[str]) -> bool:
    """Whether the text layer's words ``layer`` are the edit's own words,
    letter for letter, list labels aside."""
    return _key(layer) == _key(own) or _key([w for w in layer if not _LABEL.fullmatch(w)]) == _key(own)


def _opening(keys: Sequence[str], right: Sequence[str], gap: int) -> int | None:
    """Where ``right`` (as shape keys) starts, at most ``gap`` words into
    ``keys``, matching at least :data:`MIN_CONTEXT` of its words: the one
    such place, or None."""
    found = [(n, r) for r in range(min(gap, len(keys)) + 1) if (n := _run(keys, r, right)) >= MIN_CONTEXT]
    found.sort(reverse=True)
    if not found or len(found) > 1 and found[1][0] == found[0][0]:
        return None
    return found[0][1]


def _block(lines: Sequence[Line], words: Sequence[str]) -> Sequence[Line] | None:
    """The lines from the one holding the first words of a block (a
    signature block) to the one holding its last words, or None."""
    keys, line_of, _, _ = _keyed(tuple(lines))
    tail = tuple(_shape_key(w) for w in words[-3:])
    # A block's first words may recur on its page ("POINTS OF CONTACT" and the
    # prose's "points of contact"): as many more as make them one place.
    head: tuple[str, ...] = ()
    starts: list[int] = []
    for n in range(min(3, len(words)), min(len(words), 9) + 1):
        head = tuple(_shape_key(w) for w in words[:n])
        starts = [k for k in range(len(keys) - len(head) + 1) if keys[k:k + len(head)] == head]
        if len(starts) <= 1:
            break
    ends = [k for k in range(len(keys) - len(tail) + 1) if keys[k:k + len(tail)] == tail]
    if len(starts) != 1 or not ends or ends[-1] < starts[0]:
        return None
    return lines[line_of[starts[0]]:line_of[ends[-1] + len(tail) - 1] + 1]


def _box(held: Sequence[Line]) -> tuple[float, float, float, float]:
    """The box around ``held``, padded by :data:`_PAD`."""
    return (min(x.x0 for x in held) - _PAD, min(x.top for x in held) - _PAD,
            max(x.x1 for x in held) + _PAD, max(x.bottom for x in held) + _PAD)


@dataclass(slots=True)
class _Budget:
    left: int


def _shown(info: DocumentInfo, pages: range, words: Sequence[str], i1: int, i2: int, reader: Rereader,
           budget: _Budget) -> list[str] | None:
    """What the page image shows between the words ``i1 - 1`` and ``i2`` of a
    clause, or None when that cannot be read again."""
    left = words[max(0, i1 - CONTEXT):i1]
    right = words[i2:i2 + CONTEXT]
    if not left or not right:
        return None
    for page in pages:
        places = (_region(lines, left, right, words[i1:i2]) for lines in reader.lines(info.path, info.sha256, page - 1))
        place = next((p for p in places if p is not None), None)
        if place is None:
            continue
        if budget.left <= 0:
            return None
        budget.left -= 1
        reading = reader.read(info.path, info.sha256, page - 1, place[0])
        if reading is None:
            return None
        if place[1]:  # the edit opens the page: the words its image shows before the right context
            start = _opening([_shape_key(w) for w in reading], [_shape_key(w) for w in right], i2 - i1 + 3)
            return None if start is None else list(reading[:start])
        return words_between(reading, left, right, i2 - i1 + 3)
    return None


def _key(words: Sequence[str]) -> str:
    return "".join(loose_key(w) for w in words if any(c.isalnum() for c in w))


#: A lone lower-case letter that is no word: a speck or a bullet, as OCR reads it.
_SPECK = re.compile(r"^[b-hj-z]$")


def _alike(shown: Sequence[str] | None, other: Sequence[str]) -> bool:
    """Whether an image's new reading says what ``other`` says: the same
    letters and digits, or a misreading of them as noise.py judges a pair
    ("more Fequently" / "more frequently"; never "shall" / "may", "70" / "10").
    Nothing read settles nothing. A lone lower-case letter that is no word
    (a speck or a bullet read as "e") is no word on either side.

    >>> _alike(["as", "e"], ["as"]), _alike(["ICEPrivacy", "e"], ["ICE", "Privacy"]), _alike(["e"], ["as"])
    (True, True, False)
    """
    shown = [w for w in shown or () if not _SPECK.match(w)]
    other = [w for w in other if not _SPECK.match(w)]
    if not shown or not other or not _key(shown):
        return False
    if _key(shown) == _key(other):
        return True
    a, b = list(shown), list(other)
    while a and b and _key(a[:1]) == _key(b[:1]):  # the words read alike are no question
        a, b = a[1:], b[1:]
    while a and b and _key(a[-1:]) == _key(b[-1:]):
        a, b = a[:-1], b[:-1]
    return bool(a and b) and is_noise(" ".join(a), " ".join(b))


def _settled(edit: Edit, change: ClauseChange, old: DocumentInfo, new: DocumentInfo, reader: Rereader,
             budget: _Budget) -> bool:
    """Whether the page images show the edit's two sides alike: one side's
    image shows the other side's words, or both images show the same words.

    A side is read only when its reading can settle something (each region
    costs Tesseract about 70 ms): a side whose image could only show the
    other side's words when the other side has words, or one that could
    match the other image's reading when that reading shows words. So of an
    insertion or a deletion (one side has no words), the side that lacks the
    words is read first, and the other only when that image shows words of
    its own ("Jener" where the other side's layer has nothing): most are
    read once, not twice."""
    assert change.old is not None and change.new is not None
    ow, nw = change.old.full_text.split(), change.new.full_text.split()
    own_old, own_new = ow[edit.i1:edit.i2], nw[edit.j1:edit.j2]
    if _key(own_old) == _key(own_new):
        return False  # differs in marks only: not for a re-reading to settle
    if _two_wordings(own_old, own_new):
        return False

    old_clause, new_clause = change.old, change.new

    def seen(side: str) -> list[str] | None:
        info, clause, words, a, b = ((old, old_clause, ow, edit.i1, edit.i2) if side == "old"
                                     else (new, new_clause, nw, edit.j1, edit.j2))
        if not info.path or info.format != "pdf":
            return None
        return _shown(info, range(clause.first_page, clause.last_page + 1), words, a, b, reader, budget)

    # The side whose image may show the other side's words goes first: old
    # unless the old side has words and the new side has none (a deletion).
    first, second = ("new", "old") if _words(own_old) and not _words(own_new) else ("old", "new")
    own = {"old": own_old, "new": own_new}
    shown = {first: seen(first)}
    if _alike(shown[first], own[second]):
        return True
    if not _words(own[first]) and not _words(shown[first] or ()):
        return False  # the second image could match neither the first side's words nor its image
    shown[second] = seen(second)
    if _alike(shown[second], own[first]):
        return True
    return shown["old"] is not None and _alike(shown["new"], shown["old"])


#: A word as a text layer prints it, with the punctuation around it.
_SPELLED = re.compile(r"[(\"'“‘]*([A-Za-z]+(?:['’][A-Za-z]+)?)[)\"'”’.,;:!?]*")
#: Letters a side must have, after the words both sides share at their ends,
#: before two runs of dictionary words can be told to be two wordings.
WORDING_LETTERS = 4
#: Below this share of like letters (rapidfuzz's ratio of the two sides'
#: OCR shapes, 0-100), two runs of dictionary words are two wordings.
WORDING_LIKENESS = 50.0


def _two_wordings(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether an edit's two sides are two wordings that no misreading of
    one could give: every word on both sides a dictionary word spelled
    right, and, the words they share at their ends aside, each side of
    :data:`WORDING_LETTERS` letters or more and under half alike in their
    OCR shapes ("enhance the safety and security" / "promote public safety
    by facilitating"). A scanner's OCR changes a word's look a little ("tum"
    for "turn", "foe," for "fee,") or makes a non-word; the images of two
    wordings would only show them again, so neither is read (each region
    costs Tesseract about 70 ms). Short words ("are" / "me") are read.

    >>> _two_wordings("enhance the safety".split(), "promote public safety".split())
    True
    >>> _two_wordings(["turn"], ["tum"]), _two_wordings(["are"], ["me"]), _two_wordings(["Jener"], ["letter"])
    (False, False, False)
    """
    a, b = list(old), list(new)
    while a and b and shape(a[0]) == shape(b[0]):
        a, b = a[1:], b[1:]
    while a and b and shape(a[-1]) == shape(b[-1]):
        a, b = a[:-1], b[:-1]
    shape_a, shape_b = shape(" ".join(a)), shape(" ".join(b))
    if min(len(shape_a), len(shape_b)) < WORDING_LETTERS:
        return False
    for word in (*a, *b):
        spelled = _SPELLED.fullmatch(word)
        if spelled is None or not is_word(spelled.group(1)):
            return False
    return fuzz.ratio(shape_a, shape_b) < WORDING_LIKENESS


def _words(words: Sequence[str]) -> bool:
    """Whether ``words`` hold anything :func:`_alike` would weigh (not only specks)."""
    return any(not _SPECK.match(w) for w in words)


def _labels_shown(info: DocumentInfo, clause: Clause, reader: Rereader, budget: _Budget) -> Counter[str]:
    """The labels the image of a signature block shows that its text layer
    lacks ("Date:" under a handwritten date): how many more of each. The
    block is read whole, and a row that one column labels and the other
    does not is read again at the other column's label (:func:`_row_labels`);
    each label counts as often as the reading that sees more of it."""
    words = clause.full_text.split()
    if clause.first_page != clause.last_page or len(words) < 6 or not info.path or info.format != "pdf":
        return Counter()
    page = clause.first_page - 1
    blocks = (_block(lines, words) for lines in reader.lines(info.path, info.sha256, page))
    held = next((b for b in blocks if b is not None), None)
    if held is None or budget.left <= 0:
        return Counter()
    budget.left -= 1
    reading = reader.read(info.path, info.sha256, page, _box(held))
    if reading is None:
        return Counter()
    layer = Counter(k for *_, k in signature_labels(words))
    shown = Counter(k for *_, k in signature_labels(reading))
    return (shown | (layer + _row_labels(info, page, held, reader, budget))) - layer


#: Points a label may stand off its column's left edge and still be of it.
_COLUMN_SLACK = 12.0


def _line_labels(line: Line) -> list[tuple[str, float]]:
    """The labels ``line`` opens with: ``(key, width in points)``, the
    width the label's share of the line's characters (one label a line)."""
    words = line.text.split()
    found = signature_labels(words)
    if not found or found[0][0] != 0:
        return []
    start, end, key = found[0]
    text = " ".join(words[start:end])
    return [(key, (line.x1 - line.x0) * len(text) / max(1, len(" ".join(words))))]


def _columns(starts: Sequence[Line]) -> list[float]:
    """The left edges of a block's columns: the lines opening with a label,
    grouped by where they start."""
    edges: list[float] = []
    for x in sorted(line.x0 for line in starts):
        if not edges or x - edges[-1] > _COLUMN_SLACK:
            edges.append(x)
    return edges


def _row_labels(info: DocumentInfo, page: int, held: Sequence[Line], reader: Rereader,
                budget: _Budget) -> Counter[str]:
    """Field labels a signature block's rows show where its text layer has
    none. A block of two columns (the LEA's, ICE's) prints its labels row
    by row; where one column has a row's label and the other column has
    nothing labelled on that row (the sheriff signed over "Signature:", and
    OCR read label and ink as one garbled run, or dropped both), the other
    column's label is read again alone: the label's width at that column's
    left edge. It counts when that reads as the label, letter for letter.

    A one-column block, or a row both columns label, reads nothing.
    """
    starts = [line for line in held if _line_labels(line)]
    edges = _columns(starts)
    found: Counter[str] = Counter()
    if len(edges) < 2:
        return found
    for line in starts:
        ((key, width),) = _line_labels(line)
        if key not in _FIELD_TEXT:
            continue
        for n, edge in enumerate(edges):
            right = edges[n + 1] - _COLUMN_SLACK if n + 1 < len(edges) else float("inf")
            if edge - _COLUMN_SLACK <= line.x0 < right:
                continue  # the label's own column
            if any(edge - _COLUMN_SLACK <= other.x0 < right and other.top < line.bottom
                   and other.bottom > line.top and signature_labels(other.text.split()) for other in held):
                continue  # that column labels the row too
            if budget.left <= 0:
                return found
            budget.left -= 1
            box = (edge - _PAD, line.top - _PAD, edge + width + _PAD, line.bottom + _PAD)
            reading = reader.read(info.path, info.sha256, page, box)
            if reading is not None and _letters("".join(reading)) == _letters(_FIELD_TEXT[key]):
                found[key] += 1
    return found


def _letters(text: str) -> str:
    """``text``'s letters, lower-case and without accents ("Signaturé>" -> "signature")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if "a" <= c <= "z")


def _label_of(edit: Edit) -> str | None:
    """The one label an insertion or deletion holds whole ("Date:", "For the LEA:"), or None."""
    words = (edit.old or edit.new).split()
    if edit.op not in ("insert", "delete"):
        return None
    found = signature_labels(words)
    return found[0][2] if len(found) == 1 and found[0][:2] == (0, len(words)) else None


def _hidden_labels(change: ClauseChange, old: DocumentInfo, new: DocumentInfo, reader: Rereader,
                   budget: _Budget) -> tuple[Edit, ...]:
    """The change's edits, with a label only one text layer has relabelled
    ``ocr-noise`` where the other side's image shows it."""
    assert change.old is not None and change.new is not None
    hidden: dict[str, Counter[str]] = {}
    out: list[Edit] = []
    for e in change.edits:
        key = _label_of(e) if e.kind == "substantive" else None
        if key is not None:
            lacking = "new" if e.op == "delete" else "old"
            if lacking not in hidden:
                clause, info = (change.new, new) if lacking == "new" else (change.old, old)
                hidden[lacking] = _labels_shown(info, clause, reader, budget)
            if hidden[lacking][key] > 0:
                hidden[lacking][key] -= 1
                e = replace(e, kind="ocr-noise")
        out.append(e)
    return tuple(out)


#: A field label as a block prints it, by its key (fillins.signature_labels).
_FIELD_TEXT = {"date": "Date:", "signature": "Signature:", "name": "Name:", "title": "Title:", "agency": "Agency:"}


def _unread_labels(change: ClauseChange, old: DocumentInfo, new: DocumentInfo, reader: Rereader,
                   budget: _Budget) -> ClauseChange:
    """``change`` with the field labels a revision added (or removed) that
    the adding side's text layer lost under handwriting: its block read again
    shows more of an added label ("Name:") than its text layer has, and the
    other side has none of it (:func:`_hidden_labels` left its insertion
    substantive). Each such label joins the end of that side's block, as a
    substantive insertion (or deletion): the comparison reports every label
    the page shows added, not only those OCR read."""
    assert change.old is not None and change.new is not None
    for side in ("new", "old"):
        op = "insert" if side == "new" else "delete"
        keys = Counter(k for e in change.edits if e.kind == "substantive" and e.op == op
                       and (k := _label_of(e)) in _FIELD_TEXT)
        if not keys:
            continue
        clause, info = (change.new, new) if side == "new" else (change.old, old)
        shown = _labels_shown(info, clause, reader, budget)
        labels = [_FIELD_TEXT[k] for k in sorted(keys) for _ in range(shown[k])]
        if labels:
            change = _with_labels(change, side, labels)
    return change


def _with_labels(change: ClauseChange, side: str, labels: Sequence[str]) -> ClauseChange:
    """``change`` with ``labels`` added to the end of one side's clause, as
    one substantive insertion (new side) or deletion (old side)."""
    assert change.old is not None and change.new is not None
    n_old, n_new, words = len(change.old.full_text.split()), len(change.new.full_text.split()), " ".join(labels)
    if side == "new":
        edit = Edit("insert", "", words, "substantive", i1=n_old, i2=n_old, j1=n_new, j2=n_new + len(labels))
        return replace(change, new=replace(change.new, text=f"{change.new.text}\n{words}"), edits=(*change.edits, edit))
    edit = Edit("delete", words, "", "substantive", i1=n_old, i2=n_old + len(labels), j1=n_new, j2=n_new)
    return replace(change, old=replace(change.old, text=f"{change.old.text}\n{words}"), edits=(*change.edits, edit))


def _doubtful(edit: Edit) -> bool:
    return (edit.kind == "substantive" and len(edit.old.split()) <= MAX_WORDS
            and len(edit.new.split()) <= MAX_WORDS)


def rereads(old: DocumentInfo, new: DocumentInfo) -> bool:
    """Whether :func:`settle` may read anything again for these documents:
    not when every page of both is drawn from text alone (or neither is a PDF)."""
    return any(d.format == "pdf" and not (d.page_info and all(p.plain for p in d.page_info)) for d in (old, new))


def settle(changes: Sequence[ClauseChange], old: DocumentInfo, new: DocumentInfo,
           reader: Rereader | None) -> tuple[ClauseChange, ...]:
    """``changes`` with the small substantive edits the page images show
    alike relabelled ``ocr-noise``. Where ``reader`` reads ahead, the
    regions this may read are handed to it first (:func:`_wanted`), so that
    they are read on other cores while this goes through them in order."""
    if reader is None or not rereads(old, new):
        return tuple(changes)
    if reader.ahead is None:
        return _settle_all(changes, old, new, reader, _Budget(MAX_REGIONS))
    with reader.ahead(_wanted(changes, old, new, reader)):
        return _settle_all(changes, old, new, reader, _Budget(MAX_REGIONS))


def _wanted(changes: Sequence[ClauseChange], old: DocumentInfo, new: DocumentInfo,
            reader: Rereader) -> list[Region]:
    """The regions :func:`_settle_all` may read, in its order: what it asks
    for when every reading shows nothing. No edit then settles on its first
    side, so both sides of each are asked for: a superset of what a real
    pass reads, up to the same budget (a region a real pass reaches only
    because it read fewer is read when asked)."""
    asked: list[Region] = []

    def note(path: str, sha256: str, index: int, box: tuple[float, float, float, float]) -> None:
        asked.append((path, sha256, index, box))

    _settle_all(changes, old, new, Rereader(reader.lines, note, singles=reader.singles), _Budget(MAX_REGIONS))
    return asked


def _settle_all(changes: Sequence[ClauseChange], old: DocumentInfo, new: DocumentInfo, reader: Rereader,
                budget: _Budget) -> tuple[ClauseChange, ...]:
    out: list[ClauseChange] = []
    for change in changes:
        if change.old is None or change.new is None or not any(e.kind == "substantive" for e in change.edits):
            out.append(change)
            continue
        if change.new.kind == "signature" or change.old.kind == "signature" or any(
                _label_of(e) for e in change.edits if e.kind == "substantive"):
            change = replace(change, edits=_hidden_labels(change, old, new, reader, budget))
            change = _unread_labels(change, old, new, reader, budget)
        edits = _runs_settled(change, old, new, reader, budget)
        edits = tuple(replace(e, kind="ocr-noise")
                      if reader.singles and _doubtful(e) and _settled(e, change, old, new, reader, budget) else e
                      for e in edits)
        out.append(replace(change, edits=edits))
    return tuple(out)


def _runs(edits: Sequence[Edit]) -> list[list[int]]:
    """Runs of substantive edits at most :data:`RUN_GAP` equal words apart,
    with at most :data:`RUN_WORDS` words a side from first to last."""
    runs: list[list[int]] = []
    for k, e in enumerate(edits):
        if e.kind != "substantive":
            continue
        if runs:
            last = edits[runs[-1][-1]]
            first = edits[runs[-1][0]]
            near = e.i1 - last.i2 <= RUN_GAP and e.j1 - last.j2 <= RUN_GAP
            if near and e.i2 - first.i1 <= RUN_WORDS and e.j2 - first.j1 <= RUN_WORDS:
                runs[-1].append(k)
                continue
        runs.append([k])
    return [r for r in runs if len(r) > 1]


def _runs_settled(change: ClauseChange, old: DocumentInfo, new: DocumentInfo, reader: Rereader,
                  budget: _Budget) -> tuple[Edit, ...]:
    """The change's edits, with each run of nearby substantive edits (a line
    a scan read with words run together and split apart: "be expected
    orrequired toviolate or otherwisefail" / "beeeXpected or required to
    violate or otherwise afil") relabelled ``ocr-noise`` when the images
    show the whole run alike, as :func:`_settled` judges one edit."""
    edits = list(change.edits)
    for run in _runs(edits):
        first, last = edits[run[0]], edits[run[-1]]
        whole = Edit("replace", "", "", "substantive", i1=first.i1, i2=last.i2, j1=first.j1, j2=last.j2)
        if _settled(whole, change, old, new, reader, budget):
            for k in run:
                edits[k] = replace(edits[k], kind="ocr-noise")
    return tuple(edits)


def rereader(cache_dir: str | os.PathLike[str] | None, documents: Sequence[Document] = (),
             threads: int = 1) -> Rereader:
    """A Rereader over the files themselves, its readings cached in
    ``cache_dir``. The text-layer lines of ``documents`` (the files as just
    extracted) are taken as extraction kept them, not read from the file again.
    With ``threads`` above 1 it reads ahead: the regions a comparison may
    read are drawn first, one by one (PDFium serves one thread), and read
    by Tesseract on that many threads, each with an instance of its own."""
    from moadiff.extractors import ocr, pdf

    kept = {d.sha256: d for d in documents if d.format == "pdf" and len(d.layer_lines) == len(d.pages) > 0}
    scans = pdf.ScanPages()  # the files and pages looked at, kept open (used from the calling thread only)
    stores: dict[tuple[int, int], Cache] = {}
    coming: dict[str, Future[str | None]] = {}  # regions being read ahead, by cache key
    known: dict[str, str | None] = {}  # regions read by this Rereader (read again with no cache)

    def store() -> Cache:
        """One cache connection for all lookups, per process and thread (SQLite's crosses neither)."""
        at = (os.getpid(), threading.get_ident())
        if at not in stores:
            from moadiff.cache import Cache, NoCache

            stores[at] = Cache(cache_dir) if cache_dir else NoCache()
        return stores[at]

    @lru_cache(maxsize=16)
    def scanned(path: str, sha256: str) -> frozenset[int]:
        return scans.scanned(path, sha256)  # one look at a born-digital file, and no more

    @lru_cache(maxsize=64)
    def lines(path: str, sha256: str, index: int) -> tuple[tuple[Line, ...], ...]:
        doc = kept.get(sha256)
        if doc is None or (not doc.layer_lines and doc.engine != "pdfium"):
            # not kept, or read by an engine that keeps no text-layer lines (pdfplumber)
            if index not in scanned(path, sha256):
                return ()
            layer = scans.lines(path, index, sha256)
        elif 0 <= index < len(doc.layer_lines) and index + 1 not in doc.plain_pages:
            layer = doc.layer_lines[index]
        else:
            return ()  # drawn from text alone, or a file that needs a password (PDFium kept no lines)
        cached = ocr.cached_lines(sha256, index, cache_dir, store()) if cache_dir else ()
        return tuple(x for x in (layer, cached) if x)

    @lru_cache(maxsize=1)
    def have_data() -> bool:
        return ocr.tessdata_dir() is not None  # looked for once a comparison, not once a region

    def place(sha256: str, index: int, box: tuple[float, float, float, float]) -> tuple[Box, str]:
        """A region's box as it is drawn, and its cache key."""
        from moadiff.cache import key

        rounded = (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))
        return rounded, key(sha256, index, rounded, REGION_DPI, ocr.region_engine())

    def recognised(image: Image.Image | None) -> str | None:
        try:
            return ocr.read_region(image) if image is not None else None
        except RuntimeError:  # Tesseract refused the image: no evidence, not a failed comparison
            return None

    def read(path: str, sha256: str, index: int, box: tuple[float, float, float, float]) -> list[str] | None:
        if not have_data():
            return None  # no Tesseract data: nothing could read the region (nor was one cached), so it is not drawn
        rounded, k = place(sha256, index, box)
        if k not in known:
            hit = store().get("region", k)
            if isinstance(hit, str):
                return hit.split()
            ahead = coming.pop(k, None)
            known[k] = text = (ahead.result() if ahead is not None
                               else recognised(scans.draw(path, index, rounded, REGION_DPI, sha256)))
            if text is not None:
                store().put("region", k, text)
        text = known[k]
        return None if text is None else text.split()

    @contextmanager
    def read_ahead(regions: Sequence[Region]) -> Iterator[None]:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="moadiff-region")
        try:
            by_file: dict[tuple[str, str], dict[str, tuple[int, Box]]] = {}
            for path, sha256, index, box in regions if regions and have_data() else ():  # none: no cache opened
                rounded, k = place(sha256, index, box)
                if k not in known and not isinstance(store().get("region", k), str):
                    by_file.setdefault((path, sha256), {})[k] = (index, rounded)
            for (path, sha256), wanted in by_file.items():
                for k, (index, rounded) in wanted.items():
                    coming[k] = pool.submit(recognised, scans.draw(path, index, rounded, REGION_DPI, sha256))
            yield
        finally:
            coming.clear()  # read ahead, never asked for
            pool.shutdown(wait=False, cancel_futures=True)

    return Rereader(lines, read, read_ahead if threads > 1 else None)

"""The watch list: topics whose changed clauses reports list first.

A topic is a name and a pattern. The built-in list covers what advocates
and lawyers look for first in a 287(g) agreement (costs, liability,
training, complaints, civil rights, detainers, warrantless arrest,
suspension and termination, language access, data and reporting). Users
add their own terms with ``--watch TERM`` or ``--watch-file``; each term is
a topic of its own, matched case-insensitively as a whole word or phrase
(any run of spaces between words), and a trailing ``*`` matches any ending
("indemnif*").

:func:`mark_watched` records on each substantively changed clause the
topics *its changes* mention: the changed words of each substantive edit,
or the sentence they stand in, or the clause's title, which says what all
of it is about (a changed e-mail address in "Complaint Procedure"); the
clause's other text does not count (an edit that only drops "as" in a
sentence about liability is not about liability, see :func:`edit_topics`). An added, removed or moved clause is
a change of all its text. :func:`spans` finds the mentions in a text, for
renderers that highlight them.

>>> [t.name for t in topics(Options(watch=("body camera*",), watch_defaults=False))]
['body camera*']
>>> text = "Body cameras are required."
>>> [(text[a:b], name) for a, b, name in spans(text, Options(watch=("body camera*",), watch_defaults=False))]
[('Body cameras', 'body camera*')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from moadiff.errors import OptionError
from moadiff.model import Clause, ClauseChange, Edit, Options
from moadiff.noise import PROTECTED

__all__ = ["DEFAULT_TOPICS", "Topic", "edit_topics", "mark_watched", "read_watch_file", "spans", "topics"]


@dataclass(frozen=True, slots=True)
class Topic:
    """A watch-list topic: its name and the pattern of its mentions."""

    name: str
    pattern: re.Pattern[str]
    #: Casefolded literal beginnings, one of which every mention contains:
    #: a text holding none of them is not searched (the pattern, which
    #: starts with a look-behind, tries every position of the text).
    hints: tuple[str, ...]

    def occurs(self, folded: str) -> bool:
        """Can the pattern match a text whose casefolded form is ``folded``?"""
        return any(map(folded.__contains__, self.hints))  # map(): called for every text of a report


def _hint(alternative: str) -> str:
    """The literal beginning of a pattern alternative: ``r"costs?"`` → "cost"."""
    end = 0
    while end < len(alternative) and alternative[end] not in "\\()[]{}?*+|.^$":
        end += 1
    if end < len(alternative) and alternative[end] in "?*{":
        end -= 1  # the character before is optional
    if end <= 0:
        raise ValueError(f"watch pattern {alternative!r} starts with no literal")
    return alternative[:end].casefold()


def _topic(name: str, *alternatives: str) -> Topic:
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
    return Topic(name, pattern, tuple(dict.fromkeys(_hint(a) for a in alternatives)))


#: The built-in 287(g) watch list, in the order reports list the topics.
DEFAULT_TOPICS: tuple[Topic, ...] = (
    _topic("costs and reimbursement", r"costs?", r"expenses?", r"expenditures?", r"reimburs\w*",
           r"fund(?:s|ed|ing)?", r"payments?", r"overtime", r"compensat\w*"),
    _topic("liability and indemnification", r"liab\w*", r"indemni\w*", r"torts?", r"claims?", r"lawsuits?",
           r"damages", r"immunity"),
    _topic("training", r"train\w*", r"refresher", r"curricul\w*"),
    _topic("complaints", r"complain\w*", r"grievances?", r"misconduct", r"allegations?"),
    _topic("civil rights", r"civil\s+rights", r"civil\s+liberties", r"CRCL", r"discriminat\w*", r"profiling",
           r"Title\s+VI"),
    _topic("detainers", r"detainers?", r"I-247\w*"),
    _topic("warrantless arrest", r"warrantless", r"without\s+(?:an?\s+)?(?:administrative\s+)?warrants?",
           r"arrests?\s+without"),
    _topic("suspension and termination", r"suspen\w*", r"terminat\w*", r"revoc\w*", r"revok\w*", r"rescind\w*"),
    _topic("language access", r"language\s+access", r"languages?", r"interpret(?:er|ers|ation|ing)",
           r"translat\w*", r"limited\s+English", r"LEP"),
    _topic("data and reporting", r"data", r"statistic\w*", r"report(?:s|ing|ed)?", r"records?",
           r"recordkeeping", r"documentation"),
)


def _user_topic(term: str) -> Topic:
    words = term.strip().split()
    if not words or not any(ch.isalnum() for ch in term):
        raise OptionError(f"watch term {term!r} has no letters or digits")
    stem = words[-1].endswith("*")
    if stem:
        words[-1] = words[-1].rstrip("*")
    body = r"\s+".join(re.escape(w) for w in words) + (r"\w*" if stem else "")
    pattern = re.compile(r"(?<![\w-])" + body + r"(?![\w-])", re.IGNORECASE)
    return Topic(" ".join(term.split()), pattern, (words[0].casefold(),) if words[0] else ())


@lru_cache(maxsize=16)
def _topics(user: tuple[str, ...], defaults: bool) -> tuple[Topic, ...]:
    own = tuple(_user_topic(t) for t in dict.fromkeys(t for t in user if t.strip()))
    return (DEFAULT_TOPICS if defaults else ()) + own


def topics(options: Options) -> tuple[Topic, ...]:
    """The watch list ``options`` ask for: the built-in topics (unless
    ``watch_defaults`` is off), then the user's terms."""
    return _topics(tuple(options.watch), options.watch_defaults)


def read_watch_file(path: str | Path) -> tuple[str, ...]:
    """Terms from a watch file: one a line; blank lines and ``#`` comments skipped."""
    from moadiff.errors import InputError

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a UTF-8 text file"
        raise InputError(str(path), f"cannot read the watch file: {reason}") from None
    terms = tuple(line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(t for t in terms if t)


def spans(text: str, options: Options) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, topic)`` mentions of watched topics in
    ``text``, in order; where two overlap, the earlier (then longer) wins."""
    folded = text.casefold()
    found = [(m.start(), m.end(), t.name) for t in topics(options) if t.occurs(folded)
             for m in t.pattern.finditer(text)]
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for span in found:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def _mentions(texts: Iterable[str], watch: Sequence[Topic]) -> tuple[str, ...]:
    joined = "\n".join(texts)
    folded = joined.casefold()
    return tuple(t.name for t in watch if t.occurs(folded) and t.pattern.search(joined))


#: Words that shape a sentence's grammar, not what it says. An edit that
#: changes only these (and no word of :data:`moadiff.noise.PROTECTED`:
#: "shall", "not", "and" ... change obligations) says nothing new about the
#: sentence's topic, so the sentence is not its context.
_GRAMMAR = frozenset((
    "a", "an", "the", "as", "of", "to", "in", "on", "at", "by", "for", "from", "into", "onto", "that", "which",
    "who", "whom", "whose", "this", "these", "those", "such", "it", "its", "they", "them", "their", "is", "are",
    "was", "were", "be", "been", "being", "has", "have", "had", "there", "thereof", "herein", "so", "also",
)) - PROTECTED
_SENTENCE_END = (".", ";", "?", "!")
_KEY = re.compile(r"[^0-9a-z]+")


def _bounds(text: str) -> list[tuple[int, int]]:
    """For each word of ``text.split()``, the word span of the sentence it
    stands in: sentences end at . ; ? ! and at line ends (a clause's title
    and each paragraph are lines). "U.S.C." cuts a sentence short, which
    only narrows the context.

    >>> _bounds("TITLE\\nOne two. Three")
    [(0, 1), (1, 3), (1, 3), (3, 4)]
    """
    out: list[tuple[int, int]] = []
    for line in text.split("\n"):
        words = line.split()
        first = len(out)
        start = 0
        for k, w in enumerate(words):
            if w.endswith(_SENTENCE_END) or k == len(words) - 1:
                out.extend([(first + start, first + k + 1)] * (k + 1 - start))
                start = k + 1
    return out


def _context(words: list[str], bounds: list[tuple[int, int]], lo: int, hi: int) -> str:
    """The sentences holding words ``lo:hi`` (empty: none)."""
    if hi <= lo:
        return ""
    return " ".join(words[bounds[lo][0]:bounds[hi - 1][1]])


def _is_grammar(words: str) -> bool:
    keys = [_KEY.sub("", w.lower()) for w in words.split()]
    return all(k in _GRAMMAR or not k for k in keys)


def edit_topics(edit: Edit, old: Clause, new: Clause, watch: Sequence[Topic]) -> tuple[str, ...]:
    """The topics a substantive ``edit`` between ``old`` and ``new`` is
    about: those its changed words mention, or the sentences they stand in
    (on each side), unless it changes only grammar words (:data:`_GRAMMAR`).

    >>> from moadiff.model import Clause
    >>> c = lambda text: Clause("IV.H", "H.", "", text, 1, 1, 2, "subsection")
    >>> old = c("Officers acting as authorized are immune from liability. Costs are shared.")
    >>> new = c("Officers acting authorized are immune from liability. Costs are paid.")
    >>> watch = topics(Options())
    >>> edit_topics(Edit("delete", "as", "", "substantive", i1=2, i2=3, j1=2, j2=2), old, new, watch)
    ()
    >>> edit_topics(Edit("replace", "shared.", "paid.", "substantive", i1=10, i2=11, j1=9, j2=10), old, new, watch)
    ('costs and reimbursement',)
    """
    sides = [(c.full_text.split(), _bounds(c.full_text)) for c in (old, new)]
    return _edit_topics(edit, sides[0], sides[1], watch)


_Side = tuple[list[str], list[tuple[int, int]]]  # a clause's words, and each word's sentence


def _edit_topics(edit: Edit, old: _Side, new: _Side, watch: Sequence[Topic]) -> tuple[str, ...]:
    texts = [edit.old, edit.new]
    if not (_is_grammar(edit.old) and _is_grammar(edit.new)):
        for (words, bounds), (lo, hi) in ((old, edit.old_span), (new, edit.new_span)):
            texts.append(_context(words, bounds, lo, hi))
    return _mentions(texts, watch)


def _change_topics(change: ClauseChange, watch: Sequence[Topic]) -> tuple[str, ...]:
    old, new = change.old, change.new
    if old is None or new is None:
        # Added or removed: the change is all of the clause's text, but for
        # words that moved to or from another clause (not new language).
        clause = old if old is not None else new
        assert clause is not None  # a change has a clause on one side at least
        words = clause.full_text.split()
        for a, b, _ in change.moved_text:
            words[a:b] = ["\u2026"] * (b - a)  # a gap no phrase spans
        return _mentions([" ".join(words)], watch)
    if change.moved:
        # Moved: the change is all of the clause's text.
        return _mentions([old.full_text, new.full_text], watch)
    found: dict[str, None] = {}
    sides: list[_Side] = []
    for e in change.edits:
        if e.op != "equal" and e.kind == "substantive":
            sides = sides or [(c.full_text.split(), _bounds(c.full_text)) for c in (old, new)]
            found.update(dict.fromkeys(_edit_topics(e, sides[0], sides[1], watch)))
            if not (_is_grammar(e.old) and _is_grammar(e.new)):
                # A clause's title says what all of it is about ("Complaint Procedure").
                found.update(dict.fromkeys(_mentions([old.title, new.title], watch)))
    return tuple(t.name for t in watch if t.name in found)


def mark_watched(changes: Sequence[ClauseChange], options: Options) -> tuple[ClauseChange, ...]:
    """``changes`` with ``watch`` set on each substantively changed clause to
    the topics its changes mention (see the module docstring)."""
    watch = topics(options)
    out: list[ClauseChange] = []
    for change in changes:
        if watch and change.is_substantive:
            hit = _change_topics(change, watch)
            if hit != change.watch:
                change = replace(change, watch=hit)
        out.append(change)
    return tuple(out)

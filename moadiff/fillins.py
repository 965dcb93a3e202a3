"""Stage 6: tell fill-ins from changed template language.

A template leaves blanks each agency fills in: its name and abbreviation,
county, state and field office, signatories and their titles, dates,
addresses, phone numbers and contact e-mails. An edit between two agreements
that only swaps such values is kind ``fill-in``, not ``substantive``.

Each word of an edit's two sides is judged against *its own* document:

- **fillable**: a word of that document's agency name or abbreviation, its
  county, city or field office (see profile.py); part of a date; a blank
  ("____"); in a signature block or points of contact, any capitalised word
  or number (names and titles), phone number, e-mail or address; elsewhere,
  contact details that name the agency or one of its places;
- **neutral**: "the", "of", "and", punctuation;
- **template**: anything else.

An edit is a fill-in when it has a fillable word and no template word. A
bare insertion or deletion needs a *distinctive* fillable word (not just
"County" or "Office"), and the template's placeholder "LEA" counts only when
the other side names the agency ("the LEA" <-> "BCSO"). In a batch, slots
learnt from the corpus (spans of a baseline clause that many agreements fill
differently) add to this: an edit confined to a slot is a fill-in too.

>>> from moadiff.model import Edit, Profile
>>> old = Profile(agency="Galveston County Sheriff's Office", abbreviations=("GCSO",))
>>> new = Profile(agency="Grayson County Detention Center", abbreviations=("GCDC",))
>>> fill_kind(Edit("replace", "Galveston", "Grayson", "substantive"), Vocabulary(old), Vocabulary(new))
'fill-in'
>>> fill_kind(Edit("replace", "90", "60", "substantive"), Vocabulary(old), Vocabulary(new)) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from moadiff.lexicon import is_word
from moadiff.model import ClauseChange, Edit, Profile
from moadiff.profile import GENERIC_AGENCY_WORDS, contact_zone, dates_in
from moadiff.worddiff import loose_key

__all__ = ["Slots", "Vocabulary", "fill_kind", "label_fillins"]

#: Old-side word positions, per baseline clause id, that the corpus fills in.
Slots = Mapping[str, frozenset[int]]

_NEUTRAL = frozenset(("the", "a", "an", "of", "and", "for", "at", "in", "to", "by", "on", "or"))
#: The templates' own stand-ins for the agency.
_PLACEHOLDERS = frozenset(("lea", "leas", "law", "enforcement", "agency"))
_STATES = frozenset((
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana",
    "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana",
    "nebraska", "nevada", "hampshire", "jersey", "mexico", "york", "carolina", "dakota", "ohio", "oklahoma",
    "oregon", "pennsylvania", "rhode", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
    "wisconsin", "wyoming", "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il",
    "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj",
    "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa",
    "wv", "wi", "wy"
))
_PHONE = re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\b1-\d{3}-[\dA-Z-]{7,9}\b")
_EMAIL = re.compile(r"\b[\w.+-]+(?:@|\(@)[\w-]+(?:\.[\w-]+)+\b")
_STREET = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w.]*\s+){1,4}"
    r"(?:Street|St|Avenue|Ave|Drive|Dr|Road|Rd|Boulevard|Blvd|Lane|Ln|Highway|Hwy|Way|Court|Ct|Place|Pl|"
    r"Parkway|Pkwy|Circle|Cir|Plaza|Square|Sq|Trail|Pike|Loop)\b\.?"
    r"|\b(?:Suite|Ste|Room|Rm|Floor|Unit|Building|Bldg)\.?\s+#?\w+"
    r"|\bP\.?\s?O\.?\s+Box\s+\d+"
    r"|\b\d{5}(?:-\d{4})?\b",
)
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\S+")
#: A blank of the template, or a redaction ("XXXXXXXX").
_BLANK = re.compile(r"^(?:[_\-.\s]+|X{3,}[,.;:]?)$")
#: A cross-reference to a section: "V(D)", "287(g)", "XIII".
_REFERENCE = re.compile(r"\w\(\w{1,4}\)|^[IVX]+[.,;:]?$")
#: A capitalised name or title word ("Woosley", "Lt.", "O'Neil,"), not a
#: cross-reference such as "V(D)".
_NAME = re.compile(r"^[\"“(]?[A-Z][A-Za-z'’.\-]*[,:;)”\"]?$")


class Vocabulary:
    """One document's fill-in words, as loose keys."""

    __slots__ = ("agency", "distinctive")

    def __init__(self, profile: Profile) -> None:
        words: set[str] = set()
        for text in (profile.agency or "", *profile.places):
            words.update(loose_key(w) for w in text.split())
        for abbr in profile.abbreviations:
            key = loose_key(abbr)
            words.update((key, key + "s"))  # "BCSO's"
        words.discard("")
        self.agency = frozenset(words)
        # A state counts when the agency's name carries it ("..., Alabama").
        self.distinctive = frozenset(w for w in words if w not in GENERIC_AGENCY_WORDS)


def _spans(text: str, *, contacts: bool) -> list[tuple[int, int]]:
    """Character spans of dates, and in contact details of phones, e-mails
    and addresses. Outside points of contact a phone number or e-mail is
    the template's own (ICE's complaint line), not a fill-in."""
    # Every date has a digit (its year): most edits have none, and are spared the patterns.
    spans = [(s, e) for s, e, _ in dates_in(text)] if _DIGIT.search(text) else []
    if contacts:
        for pattern in (_PHONE, _EMAIL, _STREET):
            spans.extend(m.span() for m in pattern.finditer(text))
    return spans


def _judge(text: str, vocab: Vocabulary, zone: bool, *, until_template: bool = False) -> list[str]:
    """Each word of ``text``: "distinctive", "fillable", "placeholder",
    "neutral" or "template" (``until_template``: up to the first "template",
    which is all some callers need)."""
    keys = [loose_key(w) for w in text.split()]
    # Contact details (address, phone, e-mail) outside points of contact are
    # fill-ins only beside the agency's own name or places (a field office's
    # street, not ICE's complaint line).
    address = ((zone or any(k in vocab.distinctive for k in keys))
               and bool(_STREET.search(text) or _PHONE.search(text) or _EMAIL.search(text)))
    spans = _spans(text, contacts=zone or address)
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        word, key = m.group(), loose_key(m.group())
        inside = bool(spans) and any(s <= m.start() and m.end() <= e + 1 for s, e in spans)
        if _BLANK.match(word) or inside or key in vocab.distinctive:
            out.append("distinctive")
        elif key in vocab.agency or key in _STATES and word[:1].isupper():
            out.append("fillable")
        elif (zone or address) and (_NAME.match(word) or key.isdigit()):
            out.append("distinctive")
        elif key in _PLACEHOLDERS:
            out.append("placeholder")
        elif key in _NEUTRAL or not any(ch.isalnum() for ch in word):
            out.append("neutral")
        elif zone and not _REFERENCE.search(word) and not (key.isalpha() and is_word(key)):
            out.append("neutral")  # a scribbled signature read by OCR: "~t--Yl"
        else:
            out.append("template")
            if until_template:
                break
    return out


def fill_kind(edit: Edit, old: Vocabulary, new: Vocabulary, *, zone: bool = False) -> str | None:
    """"fill-in" when ``edit`` only swaps fill-in values, else None."""
    if zone and edit.op != "equal":
        # A signature block or contact list is fill-ins throughout, save
        # the template words of its labels, which stay the same.
        a, b = _judge(edit.old, old, zone), _judge(edit.new, new, zone)
        return "fill-in" if all(j != "template" for j in a + b) or _mostly_names(a + b) else None
    if edit.op == "replace" and (_all_blank(edit.old) or _all_blank(edit.new)) \
            and max(len(edit.old.split()), len(edit.new.split())) <= 8:
        return "fill-in"  # the template's blank, filled in (or emptied)
    # One template word on either side settles it: most edits stop there.
    a = _judge(edit.old, old, zone, until_template=True)
    if "template" in a:
        return None
    b = _judge(edit.new, new, zone, until_template=True)
    if "template" in b:
        return None
    named_a = any(j in ("distinctive", "fillable") for j in a)
    named_b = any(j in ("distinctive", "fillable") for j in b)
    if "placeholder" in a and not named_b or "placeholder" in b and not named_a:
        return None
    if edit.op == "replace" and (named_a or named_b):
        return "fill-in"
    return "fill-in" if "distinctive" in a or "distinctive" in b else None


def _all_blank(text: str) -> bool:
    words = text.split()
    return bool(words) and all(_BLANK.match(w) or w in ",.;:" for w in words)


def _mostly_names(judged: Sequence[str]) -> bool:
    """Signature blocks carry OCR debris ("Digitallysignedby"); a run that
    is at least two-thirds names, dates and blanks is still a fill-in."""
    named = sum(j in ("distinctive", "fillable") for j in judged)
    return named >= 2 * sum(j == "template" for j in judged)


def _slot_kind(edit: Edit, slots: frozenset[int]) -> bool:
    """The edit's old words lie in a slot (an insertion: next to one)."""
    if edit.i2 > edit.i1:
        return all(p in slots for p in range(edit.i1, edit.i2))
    return edit.i1 in slots or edit.i1 - 1 in slots


def _label(change: ClauseChange, old: Vocabulary, new: Vocabulary, slots: frozenset[int]) -> ClauseChange:
    zone = any(c is not None and contact_zone(c) for c in (change.old, change.new))
    edits: list[Edit] = []
    changed = False
    for e in change.edits:
        if e.op != "equal" and e.kind == "substantive" and (
                fill_kind(e, old, new, zone=zone) or (slots and _slot_kind(e, slots))):
            # replace() keeps the edit's word spans: only its kind changes.
            e = replace(e, kind="fill-in")
            changed = True
        edits.append(e)
    return replace(change, edits=tuple(edits)) if changed else change


def label_fillins(changes: Sequence[ClauseChange], old: Profile, new: Profile,
                  slots: Slots | None = None) -> tuple[ClauseChange, ...]:
    """``changes`` with their fill-in edits relabelled ``fill-in``."""
    vo, vn = Vocabulary(old), Vocabulary(new)
    slots = slots or {}
    empty: frozenset[int] = frozenset()
    return tuple(
        _label(c, vo, vn, slots.get(c.old.id, empty) if c.old is not None else empty) if c.edits else c
        for c in changes
    )


"""Stage 6: tell fill-ins from changed template language.

A template leaves blanks each agency fills in (some hold a placeholder,
"(to be completed by ICE)"): its name and abbreviation,
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

**Signature blocks and points of contact** are parsed into labels and
values. The labels ("Date:", "Signature:", "Name:", "Title:", "Agency:",
"For the LEA:", "For ICE:") are the template's; what is written against them
is filled in. A label one side of the block has and the other has nowhere
(not even misread) was added or removed. An edit there whose two sides carry
the same labels is judged by its values alone (only the same words in another order, as a two-column
block read across, "For For ICE: the LEA:", is ``formatting``); a label
added or removed is cut out of the edit and stays ``substantive``, and the
values around it are judged apart. A digital-signature stamp's own "Date:"
("Digitally signed by ... Date: 2025.03.24 14:45:58 -05'00'") is no label.

A replaced run that names a place or gives a postal address on both sides
(a field office for a counsel's address, or for the template's blank) is a
fill-in, and so is a field office or a city and its state only one side
names ("Miami, Florida"). So are the words a value carries along that one
side writes beside a fill-in and the other not: an office of ICE's ("at
ICE OPLA New Orleans" / "at OPLA, Dallas TX"), "the City of" before a name
("represents the City of St. Augustine" / "represents City of Key West").
An agency's own unit for another's, when one of them names its agency
("Marion County Sheriffs Office Professional Standards Bureau" / "OCCD's
Internal Investigations Unit"), is a fill-in too; after the agency's name
with template words beside it ("the GCSO's Internal Investigations Unit for
resolution." / "the MCSO's Professional Standards Bureau."), the units are
cut out as a fill-in and the rest stays substantive. So is the agency's
abbreviation for the initials of such a unit the same clause names ("The
GCSO Captain" / "The PSB Captain"), and one of its officers for another
("PSB Captain" / "Internal Investigation Unit Supervisor": a unit and a rank). "Unit", "Suite" or "Room" makes an
address only before a number or a letter ("Suite 200"), not "Unit for". Poor readings of a name say nothing of the
template: a long run of letters that is no word ("Hiisoo,oughcoomyshernrsorr"),
a token with OCR's marks ("~roe..") or a digit between letters ("Cow1ty")
is neutral, and so is a short token in no printed case ("ySpP" for "VSP": a
lower-case letter before a capital); "the" run into a name ("theBedford")
is read apart. A state only one side writes after the agency's name ("the
Noble County Sheriff's Office, IN, hereinafter") is part of the name; a
state's abbreviation that is a word ("IN", "OR") is no fill-in word
elsewhere.

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
>>> cut = zone_edits(Edit("insert", "", "Name: Jason Woosley", "substantive", i1=4, i2=4, j1=4, j2=7),
...                  Vocabulary(old), Vocabulary(new))
>>> [(e.new, e.kind, e.new_span) for e in cut]
[('Name:', 'substantive', (4, 5)), ('Jason Woosley', 'fill-in', (5, 7))]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from moadiff.lexicon import is_word, segment
from moadiff.model import Clause, ClauseChange, Edit, Op, Profile
from moadiff.noise import confusion_distance, is_garbled, shape
from moadiff.profile import GENERIC_AGENCY_WORDS, TEMPLATE_ACRONYMS, contact_zone, dates_in, initials
from moadiff.worddiff import loose_key

__all__ = ["Slots", "Vocabulary", "fill_kind", "label_fillins", "redactions", "signature_labels", "zone_edits"]

#: Old-side word positions, per baseline clause id, that the corpus fills in.
Slots = Mapping[str, frozenset[int]]

_NEUTRAL = frozenset(("the", "a", "an", "of", "and", "for", "at", "in", "to", "by", "on", "or"))
#: The templates' own stand-ins for the agency.
_PLACEHOLDERS = frozenset(("lea", "leas", "law", "enforcement", "agency"))
#: Words of the name of an agency's facility, where the template's own
#: language has none of them alone.
_FACILITY = frozenset(("jail", "jails", "detention", "center", "correctional", "corrections", "sheriffs"))
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
    r"|\b(?:Suite|Ste|Room|Rm|Floor|Unit|Building|Bldg)\.?\s+#?(?:[A-Z]?\d[\w-]*|[A-Z]\b)"  # "Suite 200", "Unit B"; not "Unit for"
    r"|\bP\.?\s?O\.?\s+Box\s+\d+"
    r"|\b\d{5}(?:-\d{4})?\b",
)
_DIGIT = re.compile(r"\d")
#: A place: capitalised words before a state's abbreviation or a field
#: office ("Orlando, FL", "Miami field Office", "Chicago Field Office").
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|"
    "Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
_PLACE = re.compile(r"(?:\b[A-Z][\w'’.\-]*,?\s+){1,3}(?:[A-Z]{2}\b|(?:[Ff]ield\s+)?Office\b|Sub-Office\b|"
                    rf"(?:{_STATE_NAMES})\b)")
_PLACE_WORDS = frozenset(("city", "county", "field", "office", "suboffice", "parish", "township", "borough"))
#: A postal address: a street, or a city, state and ZIP code.
_POSTAL = re.compile(r"\b[A-Z][a-z]+,?\s+[A-Z]{2},?\s+\d{5}\b")
_TOKEN = re.compile(r"\S+")
#: A digit between letters: a misread letter ("Cow1ty"), not "287(g)" or "I-9".
_MIXED = re.compile(r"[A-Za-z][0-9]+[a-z]")
_GLUED = re.compile(r"^(?:the|of)(\w{3,})$")
#: A city and its state: "Miami, Florida", "Orlando, FL".
_CITY_STATE = re.compile(rf"^(?:[A-Z][\w.'’\-]*,?\s+){{1,3}}(?:{_STATE_NAMES}|[A-Z]{{2}})\s*[.,;]?$")
#: A blank of the template, or a redaction ("XXXXXXXX").
_BLANK = re.compile(r"^(?:[_\-.\s]+|X{3,}[,.;:]?)$")
#: A FOIA redaction as a released copy prints it over what it hides: the
#: exemption's code, "(b)(6)", "(b)(7)(C)", several run together or listed
#: ("(b)(6),", "(b)(6);(b)(7)(C)"), spaced "(b) (6)" or read by OCR with
#: ")(" as "X" ("(bX6)", "(bX7XC)").
_CODE_SEP = r"(?:\)\s?\(|[Xx])"
#: (b)(1) and (b)(2) are left out: the agreements cite subsections so
#: ("8 U.S.C. § 1225(b)(1)"), and releases of them hardly use the two.
_CODE = rf"\(b{_CODE_SEP}([3-9])(?:{_CODE_SEP}([A-Fa-f]))?\)"
#: An edit's side made of codes alone; a run of codes in a clause's text.
_REDACTION = re.compile(rf"^(?:{_CODE}[,;.:]?)+$")
_REDACTION_RUN = re.compile(rf"{_CODE}(?:[,;.:]?\s*{_CODE})*")
#: A subsection as a citation gives it ("(b)(2)", "(e)"): against one, a code is one too.
_SUBSECTION = re.compile(r"\((?:[a-z]{1,2}|[0-9]{1,2})\)")
#: A blank written over by hand or a form ("at_M_ia_m_i,_F_lo_rid_a").
_FILLED_BLANK = re.compile(r"_")
#: A cross-reference to a section: "V(D)", "287(g)", "XIII".
_REFERENCE = re.compile(r"\w\(\w{1,4}\)|^[IVX]+[.,;:]?$")
#: A capitalised name or title word ("Woosley", "Lt.", "O'Neil,"), not a
#: cross-reference such as "V(D)".
_NAME = re.compile(r"^[\"“(]?[A-Z][A-Za-z'’.\-]*[,:;)”\"]?$")
#: A label of a signature block, with the mark or blank OCR and forms put
#: after it ("Name·", "Date:_____"); capitalised, so not "name" in a sentence.
_FIELD_LABEL = re.compile(r"^(Signature|Date|Name|Title|Agency)(?:\s*[:;·•.,]|:?[_\-.,:•]+\w*)?$")
#: A label as OCR may misread it, its mark still after it ("Agcncy:",
#: "Tit1e:", "Signat-u-re_:"): a capitalised word whose letters have the
#: label's shape (noise.py).
_MISREAD_LABEL = re.compile(r"^([A-Z][A-Za-z0-9\-]{2,11}?)_?[:;·•]")
_FIELD_SHAPES = {shape(k): k.lower() for k in ("Signature", "Date", "Name", "Title", "Agency")}
#: A party's heading: the last word of "For the LEA:", "For ICE:", "For DHS:",
#: "For GCSO:" (an agency's abbreviation stands for "the LEA").
_PARTY_LABEL = re.compile(r"^([A-Z]{2,6})[:;]$")
#: A party's heading a scan's text layer ran together: "ForDHS:", "FortheLEA:".
_GLUED_PARTY = re.compile(r"^For(?:the)?([A-Z]{2,6})[:;]$", re.IGNORECASE)
#: What follows a digital-signature stamp's "Date:": "2025.03.24", "-~~~~020.06.08".
_STAMP_DATE = re.compile(r"\d{2,4}\s*[.]\s*\d{2}\s*[.]\s*\d")
_STAMP_WORDS = re.compile(r"signed|digital", re.IGNORECASE)


def _field_key(word: str) -> str | None:
    """The signature-block label ``word`` is ("date", "name" ...), as
    printed or as OCR misread it, or None.

    >>> [_field_key(w) for w in ("Name:", "Name•", "Agcncy:", "Signat-u-re_:", "name:", "Nature:")]
    ['name', 'name', 'agency', 'signature', None, None]
    """
    exact = _FIELD_LABEL.match(word)
    if exact:
        return exact.group(1).lower()
    misread = _MISREAD_LABEL.match(word)
    return _FIELD_SHAPES.get(shape(misread.group(1))) if misread else None


class Vocabulary:
    """One document's fill-in words, as loose keys."""

    __slots__ = ("_misread", "_shapes", "agency", "by_initial", "distinctive")

    def __init__(self, profile: Profile) -> None:
        words: set[str] = set()
        for text in (profile.agency or "", *profile.places):
            words.update(loose_key(w) for w in text.split())
        for abbr in profile.abbreviations:
            words.add(loose_key(abbr))
        # A state's abbreviation that is a word ("Noble County Sheriff's
        # Office, IN"): "in" and "or" are the template's words too.
        words -= {w for w in words if len(w) == 2 and w in _STATES and is_word(w)}
        words.update([w + "s" for w in words])  # "BCSO's", "County's"
        words.discard("")
        # The agency's facility ("Marion County Jail") fills in too.
        self.agency = frozenset(words | _FACILITY)
        # A state counts when the agency's name carries it ("..., Alabama").
        self.distinctive = frozenset(w for w in words if w not in GENERIC_AGENCY_WORDS)
        self._shapes = {shape(w): w for w in sorted(self.agency) if len(w) >= 5}
        #: The agency's words of three letters or more by their first letter,
        #: each list in the set's own order (what :func:`_unglue` looks for).
        self.by_initial: dict[str, list[str]] = {}
        for w in self.agency:
            if len(w) >= 3:
                self.by_initial.setdefault(w[0], []).append(w)
        self._misread: dict[str, str | None] = {}  # the same keys come back, edit after edit

    def joined(self, key: str) -> tuple[str, ...]:
        """The agency's words ``key`` runs together ("virginiastate" for
        "Virginia State"), two or more of them, else ()."""
        if len(key) < 6 or not key.isalpha():
            return ()
        best: dict[int, tuple[str, ...]] = {0: ()}  # letters consumed -> the words that took them
        for i in range(len(key)):
            if i not in best:
                continue
            for j in range(i + 2, len(key) + 1):
                if key[i:j] in self.agency and j not in best:
                    best[j] = (*best[i], key[i:j])
        return best.get(len(key), ()) if len(best.get(len(key), ())) >= 2 else ()

    def misread(self, key: str) -> str | None:
        """The agency word ``key`` is an OCR misreading of ("Sherifrs" for
        "Sheriffs"), if any: only for a non-dictionary word of 5 letters or more."""
        if len(key) < 5 or not key.isalpha():
            return None
        if key in self._misread:
            return self._misread[key]
        found = self._misread[key] = self._find_misread(key)
        return found

    def _find_misread(self, key: str) -> str | None:
        if is_word(key):
            return None
        form = shape(key)
        if form in self._shapes:
            return self._shapes[form]
        for known, word in self._shapes.items():
            if abs(len(known) - len(form)) <= 1 and confusion_distance(form, known, 1.0)[0] <= 1.0:
                return word
        return None


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


def _judge(text: str, vocab: Vocabulary, zone: bool, *, until_template: bool = False,
           dated: frozenset[int] = frozenset()) -> list[str]:
    """Each word of ``text``: "distinctive", "fillable", "placeholder",
    "neutral" or "template" (``until_template``: up to the first "template",
    which is all some callers need). ``dated``: positions of words that are
    part of a date in the clause around them ("8," of "June 8, 2020")."""
    keys = [loose_key(w) for w in text.split()]
    # Contact details (address, phone, e-mail) outside points of contact are
    # fill-ins only beside the agency's own name or places (a field office's
    # street, not ICE's complaint line).
    address = ((zone or any(k in vocab.distinctive for k in keys))
               and bool(_STREET.search(text) or _PHONE.search(text) or _EMAIL.search(text)))
    spans = _spans(text, contacts=zone or address)
    # A place named by a word no dictionary has ("Miami", "Orlando") is the agency's.
    spans += [m.span() for m in _PLACE.finditer(text)
              if any(w[:1].isupper() and w.isalpha() and not is_word(w.lower())
                     for w in re.findall(r"[A-Za-z]+", m.group()))]
    out: list[str] = []
    tokens = list(_TOKEN.finditer(text))
    for k, m in enumerate(tokens):
        word, key = m.group(), loose_key(m.group())
        # An agency word as OCR read it: misread ("Sherifrs"), or cut in two ("Sheri ffs").
        near = vocab.misread(key) or next(
            (vocab.misread(j) or j for j in (key + loose_key(t.group()) for t in tokens[k + 1:k + 2])
             if j in vocab.agency or vocab.misread(j)), None
        ) or next((vocab.misread(j) or j for j in (loose_key(t.group()) + key for t in tokens[max(0, k - 1):k])
                   if j in vocab.agency or vocab.misread(j)), None)
        if near is not None and key not in vocab.agency:
            key = near
        # "the" run into the name after it: "theBedford".
        glued = _GLUED.match(key)
        if glued and key not in vocab.agency and glued.group(1) in vocab.agency:
            key = glued.group(1)
        # The agency's name read as one word: "VirginiaState", "MarionCounty".
        if key not in vocab.agency and (parts := vocab.joined(key)):
            key = next((w for w in parts if w in vocab.distinctive), parts[0])
        inside = k in dated or bool(spans) and any(s <= m.start() and m.end() <= e + 1 for s, e in spans)
        if _BLANK.match(word) or _FILLED_BLANK.search(word) or inside or key in vocab.distinctive:
            out.append("distinctive")
        elif key in vocab.agency or key in _STATES and word[:1].isupper():
            out.append("fillable")
        elif (zone or address) and (_NAME.match(word) or key.isdigit()):
            out.append("distinctive")
        elif zone and (_field_key(word) or _PARTY_LABEL.match(word)):
            out.append("neutral")  # a label matched on the other side (zone_edits cuts out the others)
        elif key in _PLACEHOLDERS:
            out.append("placeholder")
        elif key in _NEUTRAL or not any(ch.isalnum() for ch in word):
            out.append("neutral")
        elif zone and not _REFERENCE.search(word) and (not (key.isalpha() and is_word(key) and len(key) > 1)
                                                       or sum(ch.isalnum() for ch in word) * 2 < len(word)):
            out.append("neutral")  # a scribbled signature read by OCR: "~t--Yl", "n", "e", "{!#,,er"
        elif _unreadable(word, key) or is_garbled(word) or _MIXED.search(word):
            # An agency's name OCR could not read: "Hiisoo,oughcoomyshernrsorr", "~roe..", "Cow1ty".
            out.append("neutral")
        else:
            out.append("template")
            if until_template:
                break
    return out


#: A short token whose case no print has: a lower-case letter before a
#: capital ("ySpP" for "VSP", read off a form field's small font).
_CASE_NOISE = re.compile(r"^[^A-Za-z]*[a-z]+[A-Z][A-Za-z]*[^A-Za-z]*$")


def _unreadable(word: str, key: str) -> bool:
    """A long run of letters that is no word, nor words run together, in
    lower case or mixed: what is left of a name OCR could not read (it
    says nothing of the template, whose words the dictionary has). So is a
    short token starting in lower case with a capital inside ("ySpP" for
    the agency's "VSP"): no word of the template is printed so.

    >>> _unreadable("ySpP", "yspp"), _unreadable("DeWitt", "dewitt"), _unreadable("iS", "is")
    (True, False, False)
    """
    if len(key) <= 6 and key.isalpha() and _CASE_NOISE.match(word) and not is_word(key):
        return True
    if len(key) < 8 or is_word(key) or word.isupper() or not any(ch.islower() for ch in word):
        return False
    parts = segment(key)
    return not all(len(p) > 1 and is_word(p) for p in parts)


def fill_kind(edit: Edit, old: Vocabulary, new: Vocabulary, *, zone: bool = False,
              dated: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())) -> str | None:
    """"fill-in" when ``edit`` only swaps fill-in values, else None.
    ``dated``: word positions, in the old and the new clause, of dates."""
    in_old = frozenset(p - edit.i1 for p in dated[0] if edit.i1 <= p < edit.i2)
    in_new = frozenset(p - edit.j1 for p in dated[1] if edit.j1 <= p < edit.j2)
    if zone and edit.op != "equal":
        # A signature block or contact list is fill-ins throughout, save
        # the template words of its labels, which stay the same.
        a, b = _judge(edit.old, old, zone, dated=in_old), _judge(edit.new, new, zone, dated=in_new)
        return "fill-in" if all(j != "template" for j in a + b) or _mostly_names(a + b) else None
    if edit.op == "replace" and (inner := _without_glued_words(edit, old, new)) is not None \
            and fill_kind(inner, old, new) == "fill-in":
        return "fill-in"  # "GCSOpersonnel" / "MCSO personnel": GCSO / MCSO
    if edit.op == "replace" and (_all_blank(edit.old) or _all_blank(edit.new)) \
            and max(len(edit.old.split()), len(edit.new.split())) <= 8:
        return "fill-in"  # the template's blank, filled in (or emptied)
    if _redacted_value(edit):
        return "fill-in"
    if edit.op == "replace" and (_location(edit.old) or _filled(edit.old)) and (
            _location(edit.new) or _filled(edit.new)) and not (_filled(edit.old) and _filled(edit.new)):
        return "fill-in"  # one field office, city or address for another, or for its blank
    if edit.op == "replace" and (_location(edit.old) and _office_of(edit.new, new)
                                 or _location(edit.new) and _office_of(edit.old, old)):
        return "fill-in"  # a field office for ICE's office in a place: "Miami Field Office" -> "ICE OPLA New Orleans"
    if edit.op == "replace" and _own_unit(edit.old, old) and _own_unit(edit.new, new) and (
            _names_agency(edit.old, old) or _names_agency(edit.new, new)):
        return "fill-in"  # the agency's own unit: "Professional Standards Bureau" / "OCCD's Internal Investigations Unit"
    if edit.op != "replace" and _place_name(edit.old or edit.new) and (
            _unknown_name(edit.old or edit.new) or _CITY_STATE.match(edit.old or edit.new) or any(
                loose_key(w) in (old if edit.old else new).distinctive for w in (edit.old or edit.new).split())):
        return "fill-in"  # a field office or city only one side names ("Miami Field Office")
    # One template word on either side settles it: most edits stop there.
    a = _judge(edit.old, old, zone, until_template=True, dated=in_old)
    if "template" in a:
        return None
    b = _judge(edit.new, new, zone, until_template=True, dated=in_new)
    if "template" in b:
        return None
    named_a = any(j in ("distinctive", "fillable") for j in a)
    named_b = any(j in ("distinctive", "fillable") for j in b)
    if "placeholder" in a and not named_b or "placeholder" in b and not named_a:
        return None
    if edit.op == "replace" and (named_a or named_b):
        return "fill-in"
    return "fill-in" if "distinctive" in a or "distinctive" in b else None


def _unglue(text: str, vocab: Vocabulary) -> list[str]:
    """``text``'s words, with an agency word a reading ran into the word
    after it cut off ("GCSOpersonnel": "GCSO", "personnel")."""
    out: list[str] = []
    for word in text.split():
        key = loose_key(word)
        cut = next((len(w) for w in vocab.by_initial.get(key[:1], ()) if key.startswith(w) and len(key) - len(w) >= 3
                    and is_word(key[len(w):])), 0) if key not in vocab.agency and key.isalpha() else 0
        out += [word[:cut], word[cut:]] if cut and word[:cut].lower() == key[:cut] else [word]
    return out


def _without_glued_words(edit: Edit, old: Vocabulary, new: Vocabulary) -> Edit | None:
    """``edit`` without the words its two sides share once an agency word
    run into the next is cut off; None if no word was so run in."""
    a, b = _unglue(edit.old, old), _unglue(edit.new, new)
    if len(a) == len(edit.old.split()) and len(b) == len(edit.new.split()):
        return None
    while a and b and loose_key(a[-1]) == loose_key(b[-1]):
        a, b = a[:-1], b[:-1]
    while a and b and loose_key(a[0]) == loose_key(b[0]):
        a, b = a[1:], b[1:]
    if not a or not b or (len(a), len(b)) == (len(edit.old.split()), len(edit.new.split())):
        return None
    return Edit("replace", " ".join(a), " ".join(b), edit.kind)


#: ICE's offices, which the template names beside the place it fills in.
_OFFICES = frozenset(("ice", "opla", "ero", "hsi", "dhs"))


def _office_of(text: str, vocab: Vocabulary) -> bool:
    """A short run that names one of the document's own places, with at most
    ICE's office before it ("ICE OPLA New Orleans"): the office's location."""
    keys = [loose_key(w) for w in text.split()]
    judged = _judge(text, vocab, False)
    return 0 < len(keys) <= 8 and "distinctive" in judged and all(
        j != "template" or k in _OFFICES for k, j in zip(keys, judged))


#: The last word of the name of a unit of an agency.
_UNITS = frozenset(("bureau", "unit", "division", "section", "squad", "department", "office"))


def _own_unit(text: str, vocab: Vocabulary | None) -> bool:
    """A short run of capitalised words (and "of", "the") naming a unit:
    "Marion County Sheriffs Office Professional Standards Bureau.", "OCCD's
    Internal Investigations Unit." (not "Joint Intake Center")."""
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    return 1 < len(words) <= 8 and loose_key(words[-1]) in _UNITS and all(
        w[:1].isupper() or loose_key(w) in ("of", "the", "and") for w in words)


def _names_agency(text: str, vocab: Vocabulary) -> bool:
    """Whether ``text`` names the agency (its name's distinctive words or its abbreviation)."""
    return any(loose_key(w) in vocab.distinctive or loose_key(w).removesuffix("s") in vocab.distinctive
               for w in text.split())


def _place_name(text: str) -> bool:
    """A short run of capitalised words naming a place: "Salt Lake City",
    "The Miami Field Office", "Miami field Office-Orlando, FL Sub-Office"
    (not "Public Affairs Officer")."""
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    return 0 < len(words) <= 8 and all(
        w[:1].isupper() or loose_key(w) in _NEUTRAL or loose_key(w) in _PLACE_WORDS for w in words) and any(
        loose_key(w) in _PLACE_WORDS or loose_key(w) in _STATES and w[:1].isupper()
        or any(k in _PLACE_WORDS for k in map(loose_key, w.split("-"))) for w in words)


@lru_cache(maxsize=8)
def _words_of(text: str) -> tuple[str, ...]:
    """A clause's words, split once for all its edits (a clause of 20,000
    paragraphs has thousands)."""
    return tuple(text.split())


def _names_a_place(edit: Edit, change: ClauseChange) -> bool:
    """One name for another before the same place word on both sides
    ("at Salt Lake City Field Office" / "at Chicago Field Office"): the
    name of the agency's field office, county or city, a fill-in. Only
    capitalised words that are no acronym ("ERO Field Office" / "HSI Field
    Office" stays a change), and not before a title ("Deputy Field Office
    Director" / "Assistant Field Office Director" stays a change)."""
    if edit.op != "replace" or change.old is None or change.new is None:
        return False
    words = edit.old.split() + edit.new.split()
    if not (all(len(side.split()) <= 4 for side in (edit.old, edit.new)) and all(
            w[:1].isupper() and not w.strip(".,;:").isupper() for w in words)):
        return False
    after_old = _words_of(change.old.full_text)[edit.i2:edit.i2 + 4]
    after_new = _words_of(change.new.full_text)[edit.j2:edit.j2 + 4]
    places = 0
    while places < min(len(after_old), len(after_new)) and loose_key(after_old[places]) in _PLACE_WORDS \
            and loose_key(after_new[places]) == loose_key(after_old[places]):
        places += 1
    if not places:
        return False
    # "Field Office Director": the words name a title, not a place.
    title = [w for w in (after_old[places:places + 1] + after_new[places:places + 1])
             if w[:1].isupper() and not w.strip(".,;:").isupper()]
    return not title


def _agency_state(edit: Edit, change: ClauseChange, old: Vocabulary, new: Vocabulary) -> bool:
    """A state only one side writes after the agency's name ("the Noble
    County Sheriff's Office, IN, hereinafter" / "the Mineral County
    Sheriff's office, hereinafter"): part of the name filled in.

    >>> from moadiff.model import Clause
    >>> def clause(text): return Clause("I", "I.", "PARTIES", text, 1, 1, 1, "section")
    >>> a = clause("and the Mineral County Sheriff's Office, hereinafter the LEA")
    >>> b = clause("and the Noble County Sheriff's Office, IN, hereinafter the LEA")
    >>> change = ClauseChange("modified", False, a, b, 0.9, ())
    >>> va = Vocabulary(Profile(agency="Mineral County Sheriff's Office"))
    >>> vb = Vocabulary(Profile(agency="Noble County Sheriff's Office"))
    >>> _agency_state(Edit("insert", "", "IN,", "substantive", i1=6, i2=6, j1=6, j2=7), change, va, vb)
    True
    >>> _agency_state(Edit("insert", "", "IN, '", "substantive", i1=6, i2=6, j1=6, j2=8), change, va, vb)
    True
    >>> _agency_state(Edit("insert", "", "in", "substantive", i1=6, i2=6, j1=6, j2=7), change, va, vb)
    False
    """
    words = [w for w in (edit.old or edit.new).split() if any(ch.isalnum() for ch in w)]  # marks aside: "IN '"
    if edit.op not in ("insert", "delete") or len(words) != 1 or not words[0][:1].isupper() \
            or loose_key(words[0]) not in _STATES:
        return False
    clause, at, vocab = (change.old, edit.i1, old) if edit.op == "delete" else (change.new, edit.j1, new)
    if clause is None or at == 0:
        return False
    return loose_key(_words_of(clause.full_text)[at - 1]) in vocab.agency


def _after_agency(words: Sequence[str], at: int, vocab: Vocabulary) -> bool:
    """Whether one of the two words before ``at`` names the agency ("the
    GCSO' s [unit]", "the MCSO's [unit]")."""
    return any(_names_agency(w, vocab) for w in words[max(0, at - 2):at])


def _unit_words(words: Sequence[str]) -> int:
    """How many of ``words``, from the first, name a unit ("Internal
    Investigations Unit" of "Internal Investigations Unit for resolution."), or 0."""
    return next((n for n in range(min(len(words), 8), 1, -1) if _own_unit(" ".join(words[:n]), None)), 0)


def _unit_cut(edit: Edit, change: ClauseChange, old: Vocabulary, new: Vocabulary) -> list[Edit] | None:
    """An agency's own unit for another's, after the agency's name on both
    sides, and template words beside it ("the GCSO's Internal Investigations
    Unit for resolution." / "the MCSO's Professional Standards Bureau."): the
    units cut out as a fill-in, the rest left substantive. None when the edit
    is not so.

    >>> from moadiff.model import Clause
    >>> a = Clause("B", "B.", "", "refer complaints to the GCSO's Internal Affairs Unit for resolution. The", 1, 1, 1, "item")
    >>> b = Clause("B", "B.", "", "refer complaints to the MCSO's Professional Standards Bureau. The", 1, 1, 1, "item")
    >>> e = Edit("replace", "Internal Affairs Unit for resolution.", "Professional Standards Bureau.", "substantive",
    ...          i1=5, i2=10, j1=5, j2=8)
    >>> gcso, mcso = Vocabulary(Profile(abbreviations=("GCSO",))), Vocabulary(Profile(abbreviations=("MCSO",)))
    >>> [(x.old, x.new, x.kind) for x in _unit_cut(e, ClauseChange("modified", False, a, b, 0.9, (e,)), gcso, mcso)]
    [('Internal Affairs Unit', 'Professional Standards Bureau.', 'fill-in'), ('for resolution.', '', 'substantive')]
    """
    if edit.op != "replace" or change.old is None or change.new is None:
        return None
    ow, nw = edit.old.split(), edit.new.split()
    # The agency's name may open the edit ("GCSO's Internal ..." / "MCSO's Professional ...").
    lo = next((n for n in (2, 1) if len(ow) > n and _names_agency(" ".join(ow[:n]), old)), 0)
    ln = next((n for n in (2, 1) if len(nw) > n and _names_agency(" ".join(nw[:n]), new)), 0)
    po, pn = lo + _unit_words(ow[lo:]), ln + _unit_words(nw[ln:])
    if po == lo or pn == ln or (po, pn) == (len(ow), len(nw)):
        return None
    if not ((lo or _after_agency(_words_of(change.old.full_text), edit.i1, old))
            and (ln or _after_agency(_words_of(change.new.full_text), edit.j1, new))):
        return None
    rest_old, rest_new = ow[po:], nw[pn:]
    op: Op = "replace" if rest_old and rest_new else "delete" if rest_old else "insert"
    return [Edit("replace", " ".join(ow[:po]), " ".join(nw[:pn]), "fill-in", i1=edit.i1, i2=edit.i1 + po,
                 j1=edit.j1, j2=edit.j1 + pn),
            Edit(op, " ".join(rest_old), " ".join(rest_new), "substantive", i1=edit.i1 + po, i2=edit.i2,
                 j1=edit.j1 + pn, j2=edit.j2)]


def _unit_abbreviation(edit: Edit, change: ClauseChange, old: Vocabulary, new: Vocabulary) -> bool:
    """The agency's abbreviation for the initials of a unit the other side
    names in the same clause ("The GCSO Captain" / "The PSB Captain", the
    Professional Standards Bureau's): one of its own for another.

    >>> from moadiff.model import Clause
    >>> a = Clause("B", "B.", "", "to the GCSO's Internal Affairs Unit. The GCSO Captain will", 1, 1, 1, "item")
    >>> b = Clause("B", "B.", "", "to the MCSO's Professional Standards Bureau. The PSB Captain will", 1, 1, 1, "item")
    >>> e = Edit("replace", "GCSO", "PSB", "substantive", i1=8, i2=9, j1=8, j2=9)
    >>> gcso, mcso = Vocabulary(Profile(abbreviations=("GCSO",))), Vocabulary(Profile(abbreviations=("MCSO",)))
    >>> change = ClauseChange("modified", False, a, b, 0.9, (e,))
    >>> _unit_abbreviation(e, change, gcso, mcso), _unit_abbreviation(replace(e, new="FBI"), change, gcso, mcso)
    (True, False)
    """
    if edit.op != "replace" or change.old is None or change.new is None or " " in edit.old or " " in edit.new:
        return False
    for mine, theirs, vocab, clause in ((edit.old, edit.new, old, change.new), (edit.new, edit.old, new, change.old)):
        if loose_key(mine) in vocab.distinctive and _unit_initials(theirs, clause):
            return True
    return False


def _unit_initials(token: str, clause: Clause) -> bool:
    """Whether ``token`` is an acronym (no template's, no word) made of the
    initials of a unit ``clause`` names ("PSB": "Professional Standards Bureau")."""
    token = token.strip(".,;:()'’\"")
    if not (2 <= len(token) <= 6 and token.isupper()) or token in TEMPLATE_ACRONYMS or is_word(token.lower()):
        return False
    words = [w.strip(".,;:()") for w in _words_of(clause.full_text)]
    for k in range(len(words)):
        n = _unit_words(words[k:k + len(token) + 2])  # "of", "the" have no letter in it
        if n and initials(" ".join(words[k:k + n])) == token:
            return True
    return False


#: The rank of a unit's officer, after the unit's name ("the PSB Captain").
_RANKS = frozenset(("captain", "lieutenant", "sergeant", "commander", "supervisor", "chief", "major", "manager"))


def _unit_officer(edit: Edit, change: ClauseChange, old: Vocabulary, new: Vocabulary) -> bool:
    """One of the agency's own officers for another: a unit (its name, the
    initials of a unit the clause names, or the agency's abbreviation) and a
    rank, on both sides ("PSB Captain" / "Internal Investigation Unit
    Supervisor").

    >>> from moadiff.model import Clause
    >>> a = Clause("B", "B.", "", "to the MCSO Professional Standards Bureau. The PSB Captain will", 1, 1, 1, "item")
    >>> b = Clause("B", "B.", "", "to the OCCD's Internal Investigation Unit. The Internal Investigation Unit "
    ...            "Supervisor will", 1, 1, 1, "item")
    >>> e = Edit("replace", "PSB Captain", "Internal Investigation Unit Supervisor", "substantive", i1=9, i2=11, j1=9, j2=13)
    >>> v = Vocabulary(Profile(abbreviations=("MCSO",))), Vocabulary(Profile(abbreviations=("OCCD",)))
    >>> change = ClauseChange("modified", False, a, b, 0.9, (e,))
    >>> _unit_officer(e, change, *v), _unit_officer(replace(e, old="ICE Captain"), change, *v)
    (True, False)
    """
    if edit.op != "replace" or change.old is None or change.new is None:
        return False
    for text, vocab, clause in ((edit.old, old, change.old), (edit.new, new, change.new)):
        words = text.split()
        if len(words) < 2 or not words[-1][:1].isupper() or loose_key(words[-1]) not in _RANKS:
            return False
        head = words[:-1]
        if not (_own_unit(" ".join(head), None) or len(head) == 1 and (
                loose_key(head[0]) in vocab.distinctive or _unit_initials(head[0], clause))):
            return False
    return True


def _filled(text: str) -> bool:
    """A blank of the template, empty or written over ("at_M_ia_m_i,_F_lo_rid_a ____")."""
    words = text.split()
    return any(_BLANK.match(w) or _FILLED_BLANK.search(w) for w in words) and all(
        _BLANK.match(w) or _FILLED_BLANK.search(w) or loose_key(w) in _NEUTRAL or w in ",.;:" for w in words)


def _location(text: str) -> bool:
    """A place's name or a postal address: an office's location."""
    return _place_name(text) or _postal(text)


def _unknown_name(text: str) -> bool:
    """A capitalised word no dictionary has ("Miami", "Orlando"): a proper name."""
    return any(w[:1].isupper() and not is_word(w.lower()) for w in re.findall(r"[A-Za-z]+", text))


def _postal(text: str) -> bool:
    """A postal address, and no more than one: an office's location."""
    return len(text.split()) <= 30 and bool(_STREET.search(text) or _POSTAL.search(text))


#: The template's instruction written in a blank, as printed or as OCR read
#: it: "(to be completed by ICE)", "(lo be completed by ICE)".
_PLACEHOLDER = re.compile(r"^\(\s*[tl1]o\s+be\s+(?:completed|filled(?:\s+in)?|provided|inserted)\s+by\s+"
                          r"[\w .]{1,30}\)[.,;:]?$", re.IGNORECASE)


def _all_blank(text: str) -> bool:
    """A blank of the template: underscores, a redaction, or its placeholder
    ("(to be completed by ICE)")."""
    words = text.split()
    return bool(words) and (all(_BLANK.match(w) or w in ",.;:" for w in words)
                            or bool(_PLACEHOLDER.match(" ".join(words))))


def _all_redacted(text: str) -> bool:
    """Whether ``text`` is only FOIA redaction codes ("(b)(6), (b)(7)(C)").
    Only against words that are no such codes is it a fill-in: two codes
    are two citations as much as two redactions ("(b)(2)" / "(b)(3)")."""
    return bool(text.strip()) and _REDACTION.match(" ".join(text.split()).replace(" (", "(")) is not None


def _redacted_value(edit: Edit) -> bool:
    """Whether ``edit`` hides a value under a redaction: up to eight words
    against codes alone ("Brad Whitehead" / "(b)(6), (b)(7)(C)"), never a
    subsection a citation names; or codes where the other side has no text
    (a signature's image)."""
    if edit.op != "replace":
        return _all_redacted(edit.old or edit.new)
    old_codes, new_codes = _all_redacted(edit.old), _all_redacted(edit.new)
    value = edit.old if new_codes else edit.new
    return old_codes != new_codes and not _SUBSECTION.search(value) \
        and max(len(edit.old.split()), len(edit.new.split())) <= 8


def redactions(text: str) -> list[tuple[str, ...]]:
    """The FOIA redactions in ``text``: each run of exemption codes once,
    as its codes written out ("(b)(7)(C)" for "(bX7XC)").

    >>> redactions("Title: Sheriff (b)(6), (b)(7)(C) Date: (bX6)")
    [('(b)(6)', '(b)(7)(C)'), ('(b)(6)',)]
    >>> redactions("8 C.F.R. §§ 241.2(b)(2), 287.5(e)(3); 8 U.S.C. § 1225 (b)(7)")
    []
    """
    out: list[tuple[str, ...]] = []
    for run in _REDACTION_RUN.finditer(text):
        before = text[max(0, run.start() - 12):run.start()]
        if before and (before[-1].isalnum() or before[-1] in ".)" or before.rstrip()[-1:].isdigit()):
            continue  # a subsection of a citation: "241.2(b)(3)", "§ 1225 (b)(3)"
        out.append(tuple(f"(b)({n})" + (f"({c.upper()})" if c else "")
                         for n, c in re.findall(_CODE, run.group())))
    return out


def _mostly_names(judged: Sequence[str]) -> bool:
    """Signature blocks carry OCR debris ("Digitallysignedby"); a run that
    is at least two-thirds names, dates and blanks is still a fill-in."""
    named = sum(j in ("distinctive", "fillable") for j in judged)
    return named >= 2 * sum(j == "template" for j in judged)


def _list_start(clause: Clause | None) -> int:
    """Where the list of a points-of-contact clause starts: the word after
    its "... are:" (0 for a signature block, or when there is none)."""
    if clause is None or clause.kind == "signature":
        return 0
    words = clause.full_text.split()
    return next((k + 1 for k, w in enumerate(words) if w.lower() in ("are:", "are;")), 0)


#: The end of the template's signing sentence: "By signing this MOA (this
#: addendum), each party represents ... to the fullest extent allowed by law."
_SIGNING = re.compile(r"\bby\s+signing\b.{0,400}?\ballowed\s+by\s+law\b\S*", re.IGNORECASE | re.DOTALL)


def _signed_from(clause: Clause) -> int | None:
    """Where the signature block after a clause's signing sentence starts
    (the word after "... allowed by law."), or None without one. A clause
    that ends an agreement or its addendum with the signatures (the block
    not cut off as a clause of its own) is a signature block from there on."""
    text = clause.full_text
    ends = [m.end() for m in _SIGNING.finditer(text)]
    return len(text[:ends[-1]].split()) if ends else None


def _dated(text: str) -> frozenset[int]:
    """Positions (as ``str.split`` counts words) of the words of ``text``
    that are part of a date: an edit may hold only the day ("8," -> "9,")."""
    found = dates_in(text) if _DIGIT.search(text) else []
    if not found:
        return frozenset()
    out: set[int] = set()
    for k, m in enumerate(_TOKEN.finditer(text)):
        if any(s <= m.start() and m.end() <= e + 1 for s, e, _ in found):
            out.add(k)
    return frozenset(out)


def _slot_kind(edit: Edit, slots: frozenset[int]) -> bool:
    """The edit's old words lie in a slot (an insertion: next to one)."""
    if edit.i2 > edit.i1:
        return all(p in slots for p in range(edit.i1, edit.i2))
    return edit.i1 in slots or edit.i1 - 1 in slots


def _named_party(words: Sequence[str], k: int, floor: int) -> tuple[int, int, str] | None:
    """A party's heading that names it in full, ending at word ``k``: "For
    the Marion County Sheriffs Office:" (capitalised words after "For", at
    most six, none before ``floor``)."""
    word = words[k]
    if not word.endswith(":") or not word[:1].isupper() or _field_key(word):
        return None
    for start in range(k - 1, max(floor, k - 7) - 1, -1):
        w = words[start]
        if w in ("For", "FOR"):
            named = list(words[start + 1:k]) + [word]
            ice = any(loose_key(x) in ("ice", "dhs", "immigration") for x in named)
            return (start, k + 1, "for-ice" if ice else "for-lea") if start < k - 1 else None
        if not (w[:1].isupper() or w.lower() == "the"):
            return None
    return None


def signature_labels(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """The labels among ``words`` of a signature block or contact list:
    ``(start, end, key)`` word spans. A party heading takes its "For the"
    along; a stamp's "Date:" is none.

    >>> signature_labels("For the LEA: Name: Jason Woosley Digitally signed by X Date: 2025.03.04".split())
    [(0, 3, 'for-lea'), (3, 4, 'name')]
    >>> signature_labels("ForDHS: The Miami Field Office FortheLEA: Forth:".split())
    [(0, 1, 'for-ice'), (5, 6, 'for-lea')]
    >>> signature_labels("For the Marion County Sheriffs Office: Sheriff For ICE:".split())
    [(0, 6, 'for-lea'), (7, 9, 'for-ice')]
    """
    out: list[tuple[int, int, str]] = []
    for k, word in enumerate(words):
        party = _PARTY_LABEL.match(word)
        if party and not (k > 0 and words[k - 1].lower() in ("for", "the", "forthe")):
            party = None  # "ICE:" alone is no heading
        glued = None if party else _GLUED_PARTY.match(word)
        if glued and glued.group(1).isupper():
            out.append((k, k + 1, "for-ice" if glued.group(1) in ("ICE", "DHS") else "for-lea"))
            continue
        named = None if party else _named_party(words, k, out[-1][1] if out else 0)
        if named:
            out.append(named)
            continue
        key = None if party else _field_key(word)
        if party:
            start = k
            while start > 0 and k - start < 2 and words[start - 1].lower() in ("for", "the", "forthe") \
                    and not (out and out[-1][1] > start - 1):
                start -= 1
            out.append((start, k + 1, "for-ice" if party.group(1) in ("ICE", "DHS") else "for-lea"))
        elif key:
            after = " ".join(words[k + 1:k + 3])
            if key == "date" and (_STAMP_DATE.search(after) or _STAMP_WORDS.search(" ".join(words[max(0, k - 6):k]))):
                continue  # the stamp's date, part of the signature itself
            out.append((k, k + 1, key))
    return out


def _runs(words: list[str], extra: Counter[str]) -> list[tuple[int, int, bool]]:
    """``words`` cut into runs ``(start, end, is_label)``: the labels counted
    in ``extra`` (taken from the first found on), and what lies between."""
    left = Counter(extra)
    cuts: list[tuple[int, int, bool]] = []
    at = 0
    for start, end, key in signature_labels(words):
        if left[key] > 0:
            left[key] -= 1
            if start > at:
                cuts.append((at, start, False))
            cuts.append((start, end, True))
            at = end
    if at < len(words):
        cuts.append((at, len(words), False))
    return cuts


def zone_edits(edit: Edit, old: Vocabulary, new: Vocabulary,
               extra_old: Counter[str] | None = None, extra_new: Counter[str] | None = None,
               dated: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())) -> list[Edit]:
    """A substantive edit of a signature block or contact list, judged as
    labels and values (see the module docstring): the edit relabelled, or
    cut into pieces that tile its word spans. ``extra_old`` and ``extra_new``
    are the labels only one side of the clause has (by default, those only
    one side of the edit has); the others are matched, wherever they stand."""
    a, b = edit.old.split(), edit.new.split()
    if extra_old is None or extra_new is None:
        la = Counter(k for _, _, k in signature_labels(a))
        lb = Counter(k for _, _, k in signature_labels(b))
        extra_old, extra_new = la - lb, lb - la
    if not extra_old and not extra_new:
        if Counter(map(loose_key, a)) == Counter(map(loose_key, b)):
            return [replace(edit, kind="formatting")]  # the same block read in another order
        return [replace(edit, kind="fill-in")] if fill_kind(edit, old, new, zone=True, dated=dated) else [edit]
    pieces: list[Edit] = []
    for side, words, extra in (("old", a, extra_old), ("new", b, extra_new)):
        for start, end, is_label in _runs(words, extra):
            text = " ".join(words[start:end])
            if side == "old":
                piece = Edit("delete", text, "", "substantive", i1=edit.i1 + start, i2=edit.i1 + end,
                             j1=edit.j1, j2=edit.j1)
            else:
                piece = Edit("insert", "", text, "substantive", i1=edit.i2, i2=edit.i2,
                             j1=edit.j1 + start, j2=edit.j1 + end)
            if not is_label and fill_kind(piece, old, new, zone=True, dated=dated):
                piece = replace(piece, kind="fill-in")
            pieces.append(replace(piece, approximate=edit.approximate))
    return pieces


#: Each label as OCR may read it, run together with its neighbours: its
#: letters in shape (noise.py), without spaces or marks.
_LABEL_SHAPES = {"signature": "slgnalur", "date": "oalc", "name": "namc", "title": "llllc", "agency": "agcncy",
                 "for-lea": "forlbclca", "for-ice": "forlcc"}


def _misread_labels(text: str) -> Counter[str]:
    """How often each label's letters occur in ``text``, however spaced or
    misread ("Signa t u r ~", "FortheLEA:", "T itle:")."""
    letters = shape(text)
    return Counter({key: letters.count(form) for key, form in _LABEL_SHAPES.items()})


def _take(words: Sequence[str], left: Counter[str]) -> Counter[str]:
    """The labels of ``words`` still ``left`` to place, taken from ``left``."""
    out: Counter[str] = Counter()
    for _, _, key in signature_labels(words):
        if left[key] > 0:
            left[key] -= 1
            out[key] += 1
    return out


def _label(change: ClauseChange, old: Vocabulary, new: Vocabulary, slots: frozenset[int]) -> ClauseChange:
    zone = any(c is not None and contact_zone(c) for c in (change.old, change.new))
    dated = (_dated(change.old.full_text) if change.old is not None else frozenset(),
             _dated(change.new.full_text) if change.new is not None else frozenset())
    edits: list[Edit] = []
    changed = False
    # Where the fill-ins start (word positions in the old and the new
    # clause): a list of contacts is fill-ins, the sentence that introduces
    # it ("... approved by both the ICE Privacy Officer and Public Affairs
    # Officer ... are:") template; a signature block that ends a clause of
    # another kind (an addendum's) starts after its signing sentence.
    block: tuple[int, int] | None = None
    if zone:
        block = (_list_start(change.old), _list_start(change.new))
    elif change.old is not None and change.new is not None:
        signed = (_signed_from(change.old), _signed_from(change.new))
        block = (signed[0], signed[1]) if signed[0] is not None and signed[1] is not None else None
    left_old: Counter[str] = Counter()
    left_new: Counter[str] = Counter()
    if block is not None and change.old is not None and change.new is not None:
        # Labels are matched across the whole block, not edit by edit: a
        # block read in another order moves a label from one edit to another.
        block_old = change.old.full_text.split()[block[0]:]
        block_new = change.new.full_text.split()[block[1]:]
        lo = Counter(k for _, _, k in signature_labels(block_old))
        ln = Counter(k for _, _, k in signature_labels(block_new))
        # A label is added or removed when one side has none of it: how many
        # times a side has it depends on its layout and its OCR, which drops
        # or misreads some ("Signa t u r", "FortheLEA").
        seen_old = lo | _misread_labels(" ".join(block_old))
        seen_new = ln | _misread_labels(" ".join(block_new))
        left_old = Counter({k: n for k, n in lo.items() if not seen_new[k]})
        left_new = Counter({k: n for k, n in ln.items() if not seen_old[k]})
    for e in change.edits:
        in_block = block is not None and e.i1 >= block[0] and e.j1 >= block[1]
        if in_block and e.op != "equal" and e.kind == "substantive":
            pieces = zone_edits(e, old, new, _take(e.old.split(), left_old), _take(e.new.split(), left_new), dated)
            changed = changed or pieces != [e]
            edits.extend(pieces)
            continue
        if e.op != "equal" and e.kind == "substantive" and not zone and (cut := _unit_cut(e, change, old, new)) \
                and not fill_kind(e, old, new, dated=dated):
            edits.extend(cut)
            changed = True
            continue
        if e.op != "equal" and e.kind == "substantive" and (
                fill_kind(e, old, new, zone=in_block, dated=dated)
                or (slots and _slot_kind(e, slots)) or _names_a_place(e, change) or _agency_state(e, change, old, new)
                or _unit_abbreviation(e, change, old, new) or _unit_officer(e, change, old, new)):
            # replace() keeps the edit's word spans: only its kind changes.
            e = replace(e, kind="fill-in")
            changed = True
        edits.append(e)
    if changed:
        edits = _carried_with_values(edits)
    return replace(change, edits=tuple(edits)) if changed else change


#: Words a value written in a blank carries along, that one agreement
#: writes and another not: ICE's offices ("ICE OPLA New Orleans" / "OPLA,
#: Dallas TX"), the words around a place's name ("the City of St.
#: Augustine" / "the KWPD"). No PROTECTED word of noise.py among them.
_CARRIED = _OFFICES | _PLACE_WORDS | frozenset(("the", "of", "ofthe", "a", "an"))


def _carried_words(edit: Edit) -> int | None:
    """How many words ``edit`` holds (on whichever side has words) if all
    are words a value carries along (:data:`_CARRIED`) or punctuation; else None."""
    keys = [loose_key(w) for w in (edit.old or edit.new).split()]
    words = [k for k in keys if any(ch.isalnum() for ch in k)]
    return len(words) if all(k in _CARRIED for k in words) else None


def _carried_with_values(edits: list[Edit]) -> list[Edit]:
    """Words a value carries along that only one side writes, beside a
    fill-in ("at ICE OPLA New Orleans" / "at OPLA, Dallas TX"; "The LEA
    represents the City of St. Augustine" / "represents City of Key West"):
    part of the value written in the template's blank, so fill-ins too.
    Only a bare insertion or deletion of at most three such words, with at
    most two such words between it and the fill-in ("notify ICE" / "notify"
    elsewhere stays a change)."""
    out = list(edits)
    for k, e in enumerate(edits):
        if e.kind != "substantive" or e.op not in ("insert", "delete") or not 0 < (_carried_words(e) or 0) <= 3:
            continue
        for step in (1, -1):
            between, j = 0, k + step
            while 0 <= j < len(edits) and edits[j].kind != "fill-in":
                n = _carried_words(edits[j]) if edits[j].kind != "substantive" else None
                between += n if n is not None else 3
                if between > 2:
                    break
                j += step
            if 0 <= j < len(edits) and edits[j].kind == "fill-in" and between <= 2:
                out[k] = replace(e, kind="fill-in")
                break
    return out


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


"""What an agreement says about itself: model, template revision, agency, dates.

Read from the content, never the file name (real names are unreliable:
"2878gJEM", "_TF_", seven date formats):

- **model**: the 287(g) programme, from the phrases each template uses about
  itself ("Jail Enforcement Model", "Warrant Service Officer", "Task Force
  Model") and, for 2019 templates without a subtitle, the WSO's "custodial
  transfer" language and the JEM's "(JEM) Program";
- **revision**: the "Revised MM/DD/YYYY" (or "Rev M/D/YY") of the running
  footer (read from the raw page lines, before cleaning removes the footer);
- **agency** and its **abbreviation**: from the PARTIES sentence "... (DHS),
  and [the] <agency>[ (ABBR)], hereinafter ..." (as OCR reads it too:
  "(DI-IS)", "theBedford", an abbreviation that lost its ")"); an
  abbreviation not spelt out there is the agency's initials;
- **signed**: the latest date in the signature block;
- **places** and **people**: county, city and field-office names, and the
  capitalised words of the signature block and points of contact. These are
  the fill-in vocabulary the fill-in labeller uses (see fillins.py).

>>> from moadiff.model import Clause
>>> parties = Clause("I", "I.", "PARTIES", "This MOA constitutes an agreement between "
...     "U.S. Immigration and Customs Enforcement (ICE), a component of the Department of "
...     "Homeland Security (DHS), and the Marlow County Sheriff's Office (MCSO), hereinafter "
...     "the law enforcement agency (LEA).", 1, 1, 1, "section")
>>> agency_of([parties])
("Marlow County Sheriff's Office", 'MCSO')
>>> smudged = Clause("I", "I.", "PARTIES", "... Homeland Security (DHS), end e the Noble County "
...     "Sheriff's Office, IN ,ehereinafter the law enforcement agency (LEA)", 1, 1, 1, "section")
>>> agency_of([smudged])
("Noble County Sheriff's Office, IN", None)
>>> blank = Clause("I", "I.", "PURPOSE", "This MOA is entered into by ICE, a component of the Department of Homeland "
...     "Security (DHS), and the , pursuant to which ICE delegates to nominated, trained, and certified "
...     "officers or employees of the (hereinafter the law enforcement agency (LEA)).", 1, 1, 1, "section")
>>> agency_of([blank])
(None, None)
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from moadiff.lexicon import is_word
from moadiff.model import Clause, Document, Profile

__all__ = ["MODEL_NAMES", "agency_of", "contact_zone", "dates_in", "initials", "profile", "shown_agency"]

MODEL_NAMES = {"JEM": "Jail Enforcement Model", "WSO": "Warrant Service Officer", "TFM": "Task Force Model"}

#: (phrase, weight) per model; a phrase counts at most three times.
_MODEL_PHRASES: dict[str, tuple[tuple[str, int], ...]] = {
    "JEM": (("jail enforcement model", 5), ("(jem)", 3), ("identify and process removable", 2)),
    "WSO": (("warrant service officer", 5), ("(wso)", 3), ("custodial transfer", 2)),
    "TFM": (("task force model", 5), ("task force", 3), ("(tfm)", 3)),
}

_MONTHS = {m: k for k, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(m[:3] + r"\.?" for m in _MONTHS)
_DATE_PATTERNS = (
    # March 5, 2025 / Mar. 5 2025 / a received stamp's "OCT 1 5 2019" (OCR spaced the day's digits)
    (re.compile(rf"\b({_MONTH_RE})\s+(\d(?: ?\d)?)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE),
     "mdy_name"),
    # 5 March 2025
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\s+((?:19|20)\d\d)\b", re.IGNORECASE), "dmy_name"),
    # 2020.06.23 / 2020-06-23
    (re.compile(r"\b((?:19|20)\d\d)[./-](\d{1,2})[./-](\d{1,2})\b"), "ymd"),
    # 02/28/2025, 2-19-25, 06.08.2020
    (re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)?\d\d)\b"), "mdy"),
)
_DIGIT = re.compile(r"\d")
#: "Revised 02/15/2025", and the short form some 2025 footers use, "Rev 2/14/25"
#: (OCR may join the page number to it: "Rev 2/14/2510").
_REVISED = re.compile(r"\bRev(?:ised|\.)?\s*:?\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d|\d\d)", re.IGNORECASE)

#: OCR reads "(DHS)" as "(OHS)" or "(DI-IS)", runs "the" into the name
#: ("theBedford County ..."), and may lose an abbreviation's ")" ("(Peso,").
#: A smudged print reads "and" as "end" or "aod", with a speck read as a
#: lone letter after it or glued to "hereinafter" ("end e the Noble County
#: Sheriff's Office, IN ,ehereinafter").
_PARTIES = re.compile(
    r"Security\s*\([A-Z][A-Za-z\-]{1,4}\)\s*,?\s*[ae][nor]d\s+(?:[b-hj-z]\s+)?(?:the\s+|the(?=[A-Z]))?"
    r"(?P<name>[^()]{3,120}?)\s*"
    r"(?:\((?P<abbr>[A-Z][A-Za-z&.]{1,9})[)\],])?[\s'\"’,]*(?:the\s+_+\s*)?,?\s*[b-hj-z]?"
    r"(?:\(?\s*hereinafter|pursuant\b)",
)
#: What a name read from the PARTIES sentence may trail: quotes and commas,
#: marks a scan read as words ("_", "|"), and the sentence's own small words
#: ("... Sheriffs Office that is", "... Sheriffs Ofte s").
_DEBRIS = re.compile(r"[^A-Za-z0-9]+|[a-z]{1,2}|that|which|who|are|its|the|and")


def _without_debris(name: str) -> str:
    """``name`` without what it trails (:data:`_DEBRIS`).

    >>> _without_debris("Tarrant County Sheriffs Office that is")
    'Tarrant County Sheriffs Office'
    >>> _without_debris("Henry County Sheriff's Office _ ,")
    "Henry County Sheriff's Office"
    """
    words = name.split()
    while words and _DEBRIS.fullmatch(words[-1].rstrip("'\"’,") or ","):
        words.pop()
    return " ".join(words).rstrip("'\"’,")
#: Acronyms of the templates themselves, never an agency's.
TEMPLATE_ACRONYMS = frozenset(
    ["ICE", "DHS", "MOA", "LEA", "ERO", "FOD", "OPR", "SOP", "JEM", "WSO", "TFM", "OPLA", "USC", "CFR",
     "OIG", "DOJ", "POC", "POCS", "PIO", "EAD", "HSI", "CRCL", "JIC", "NCIC", "FBI", "SAC", "ACRIMe",
     "IDENT", "EARM", "EID", "PII", "FOIA", "US", "USA", "AFOD", "SDDO", "IEA", "OPLA", "GS", "NW", "DC",
     "PO"]
)
_BLANK = re.compile(r"^[\s_.,]*$")
#: What a PARTIES sentence goes on with where its agency's name is left
#: blank, not even a line drawn ("and the , pursuant to which ICE ..."): never a name.
_AFTER_BLANK = re.compile(r"(?:pursuant|hereinafter)\b", re.IGNORECASE)
#: Words that describe an agency's kind rather than name it.
GENERIC_AGENCY_WORDS = frozenset(
    ["the", "of", "and", "county", "city", "town", "village", "parish", "sheriff", "sheriffs", "sheriff's",
     "office", "police", "department", "dept", "detention", "center", "centre", "jail", "correctional",
     "corrections", "correction", "facility", "public", "safety", "marshal", "marshals", "marshal's",
     "service", "division", "bureau", "law", "enforcement", "agency", "state", "highway", "patrol",
     "regional", "authority", "commission", "board", "field", "suboffice"]
)
_CONTACT_TITLE = re.compile(r"\bPOINTS? OF CONT ?ACTS?\b|\bCONTACTS?\b", re.IGNORECASE)  # "CONT ACT": a scan's spacing


def _norm(text: str) -> str:
    return " ".join(text.split())  # re.sub(r"\s+", " ", text).strip(), faster on a long text


def model_of(text: str) -> str | None:
    """The 287(g) model whose phrases the text uses most, or None."""
    low = _norm(text).lower()
    scores = {m: sum(w * min(low.count(p), 3) for p, w in phrases) for m, phrases in _MODEL_PHRASES.items()}
    best = max(scores, key=lambda m: (scores[m], m))
    return best if scores[best] >= 3 else None


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d) if 1990 <= y <= 2100 else None
    except ValueError:
        return None


def dates_in(text: str) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every date written in ``text``.

    >>> [(s, e, d.isoformat()) for s, e, d in dates_in("signed March 5, 2025 and 02/28/2025")]
    [(7, 20, '2025-03-05'), (25, 35, '2025-02-28')]
    >>> [d.isoformat() for _, _, d in dates_in("RECEIVED OCT 1 5 2019")]
    ['2019-10-15']
    """
    out: list[tuple[int, int, dt.date]] = []
    taken: list[tuple[int, int]] = []
    if not _DIGIT.search(text):
        return out  # every form has a digit: a long text without one is spared four scans
    for pattern, form in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groups()
            if form == "mdy_name":
                d = _date(_year(g[2]), _month(g[0]), int(g[1].replace(" ", "")))
            elif form == "dmy_name":
                d = _date(_year(g[2]), _month(g[1]), int(g[0]))
            elif form == "ymd":
                d = _date(int(g[0]), int(g[1]), int(g[2]))
            else:
                d = _date(_year(g[2]), int(g[0]), int(g[1]))
            if d is not None:
                out.append((m.start(), m.end(), d))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda t: t[0])


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    return next(v for k, v in _MONTHS.items() if k.startswith(w[:3]))


def initials(name: str) -> str:
    """ "Marlow County Sheriff's Office" -> "MCSO" (words of two letters or more)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", name) if w.lower() not in ("of", "the", "and")]
    return "".join(w[0].upper() for w in words)


def agency_of(clauses: Sequence[Clause]) -> tuple[str | None, str | None]:
    """The agency and its abbreviation named in the PARTIES sentence."""
    for clause in clauses[:6]:
        m = _PARTIES.search(_norm(clause.full_text))
        if not m:
            continue
        name = m.group("name").strip(" ,")
        if _BLANK.match(name) or len(re.findall(r"[A-Za-z]", name)) < 3 or _AFTER_BLANK.match(name):
            return None, m.group("abbr")
        return name, m.group("abbr")
    return None, None


def _near_template_acronym(word: str) -> bool:
    """ "OHS" (DHS) and "FOO" (FOD): OCR misreadings of a template acronym."""
    return any(len(a) == len(word) and sum(x != y for x, y in zip(a, word)) <= 1 for a in TEMPLATE_ACRONYMS)


def abbreviation_of(body: str, agency: str | None) -> str | None:
    """The agency's abbreviation when the PARTIES sentence does not give it:
    the most frequent capitalised acronym that is not the template's own
    (2019 templates write "BCSO" where 2025 ones write "LEA")."""
    counts: Counter[str] = Counter(w for w in re.findall(r"\b[A-Z]{3,6}\b", body)
                     if w not in TEMPLATE_ACRONYMS and not _near_template_acronym(w)
                     and not is_word(w.lower()))  # "AND", "THIS" of capitalised headings
    first = agency[0].upper() if agency else None
    for word, n in counts.most_common():
        if n < 3:
            break
        if first is None or word[0] == first:
            return word
    return None


def contact_zone(clause: Clause) -> bool:
    """A clause made of fill-ins: the signature block, points of contact."""
    return clause.kind == "signature" or bool(_CONTACT_TITLE.search(clause.title))


def _capitalised(text: str) -> Iterable[str]:
    for word in re.findall(r"[A-Za-z][A-Za-z'’.\-]*", text):
        if word[0].isupper():
            yield word


def revision_of(document: Document) -> str | None:
    """The most common "Revised MM/DD/YYYY" date of the running footers, ISO."""
    texts = [line.text for page in document.pages for line in page.lines] + list(document.furniture)
    found: Counter[str] = Counter()
    for text in texts:
        for m in _REVISED.finditer(text):
            d = _date(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
            if d:
                found[d.isoformat()] += 1
    return found.most_common(1)[0][0] if found else None


def shown_agency(profile: Profile) -> str | None:
    """The agency's name as a report shows it: None when what the PARTIES
    sentence gave names no kind of agency (no "Sheriff", "Office",
    "Department", "County" ...), which is OCR misreading a scanned name
    ("Lay Comaly Shuntts Ofin"): a report says "not found" rather than
    print it. (Fill-in labelling still uses the words as read.)

    >>> shown_agency(Profile(agency="Galveston County Sheriff's Office"))
    "Galveston County Sheriff's Office"
    >>> shown_agency(Profile(agency="Lay Comaly Shuntts Ofin")) is None
    True
    """
    name = profile.agency
    if not name or not set(re.findall(r"[a-z']+", name.lower())) & GENERIC_AGENCY_WORDS:
        return None
    return name


def profile(document: Document, clauses: Sequence[Clause]) -> Profile:
    """What the agreement says about itself; see the module docstring."""
    body = "\n".join(c.full_text for c in clauses)
    agency, abbr = agency_of(clauses)
    if agency:
        agency = _without_debris(agency)
        if len(re.findall(r"(?:^|\s)[A-Za-z][A-Za-z'’.&-]*(?=\s|$|,)", agency)) < 2:
            agency = None  # OCR garbage, not a name
    abbr = abbr or abbreviation_of(body, agency)
    # Initials of the name without a trailing state (", Alabama", ", IN").
    abbreviations = {a for a in (abbr, initials(agency.split(",")[0]) if agency else None) if a and len(a) >= 2}
    signed = [d for c in clauses if c.kind == "signature" for _, _, d in dates_in(c.full_text)]
    if not signed:  # no signature block found (OCR): the latest date of the last clauses
        signed = [d for c in clauses[-8:] for _, _, d in dates_in(c.full_text)]
    places: set[str] = set()
    for m in re.finditer(r"\b([A-Z][a-z]+)[ ]+(?:County|Parish)\b", body):
        places.add(m.group(1))
    for m in re.finditer(r"\b((?:[A-Z][a-z]+[ ])?[A-Z][a-z]+),?([ ][A-Z]{2})?[ ]+(Field[ ]+Office|Sub-Office)\b", body):
        words = [w for w in m.group(1).split() if w.lower() not in ("the", "local", "ice", "for", "operations", "removal")]
        if words:
            places.add(" ".join(words) + (m.group(2) or "") + (" Sub-Office" if m.group(3) == "Sub-Office" else ""))
    people = {w for c in clauses if contact_zone(c) for w in _capitalised(c.full_text)}
    model = model_of(body)
    return Profile(
        model=model,
        model_name=MODEL_NAMES.get(model or ""),
        revision=revision_of(document),
        agency=agency,
        abbreviations=tuple(sorted(abbreviations)),
        signed=max(signed).isoformat() if signed else None,
        places=tuple(sorted(places)),
        people=tuple(sorted(people)),
    )

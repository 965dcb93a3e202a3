"""Fill-in values for the benchmarks: a real agreement's agency, and made-up ones.

Each 287(g) agreement fills a template with its agency's values: the agency
name ("Galveston County Sheriff's Office") and abbreviation ("GCSO"), county
and state, field office, signatories, dates and contacts. The planted-edit
benchmark (``benchmarks.planted --fill-ins``) and the corpus generator
(``benchmarks.corpus``) swap the agency of a real agreement for a fictional one, so
they need to know where a source names its agency:

>>> src = find_agency(["... of Homeland Security (OHS), and the Hernando County Sheriffs Office (HCSO), pursuant to"])
>>> src.name, src.abbr, src.place
("Hernando County Sheriff's Office", 'HCSO', 'Hernando')
>>> text = "the Hernando County Sheriffs Office and HCSO's jail"
>>> [(text[s.start:s.end], s.kind) for s in agency_spans(text, src)]
[('Hernando County Sheriffs Office', 'name'), ('HCSO', 'abbr')]

:func:`find_agency` reads the name from the opening clause ("... and [the]
<Agency>[ (ABBR)], hereinafter ..." or "... pursuant to ..."). Where the
text layer has no name (the 2025 forms keep it in form fields, so the text
reads "and the , pursuant to"), or OCR garbled it, the name comes from
:data:`BY_FILE`, checked by hand against the PDFs. ``python -m
benchmarks.fillvalues`` prints what is found in each shared agreement.

The made-up places, people and numbers are invented; phone numbers use the
fictional 555-01xx range.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "Agency",
    "SourceAgency",
    "Span",
    "agency_spans",
    "find_agency",
    "make_agency",
    "replacement",
]

# --------------------------------------------------------------------------- made-up values

#: Invented county or city names (none of them a shared agreement's).
PLACES = [
    "Marlow", "Brannock", "Tillbury", "Wrenfield", "Ostrander", "Quillan", "Ferrisburg", "Pellham",
    "Larkspur", "Cobbleton", "Yarrow", "Merrimont", "Vexford", "Birchmont", "Stanwick", "Rookwood",
    "Elderton", "Corvell", "Ashgrove", "Nettleton", "Kilbride", "Fairhollow", "Dunmore", "Glenrock",
    "Lindell", "Maplecrest", "Thornbury", "Oakhurst", "Wickham", "Saltmarsh", "Cedar Bluff", "Silver Mesa",
    "Red Hollow", "Pine Hollow", "Stone Ferry", "Iron Ridge", "Eastwater", "Juniper", "Kettering",
    "Ravensworth", "Sable", "Quarry", "Blackwood", "Coldspring", "Drummond", "Everly", "Foxhall",
    "Greystone", "Ivywood", "Longmeadow",
]

#: (kind, name pattern, abbreviation suffix).
KINDS = [
    ("Sheriff's Office", "{place} County Sheriff's Office", "CSO"),
    ("Police Department", "{place} Police Department", "PD"),
    ("Detention Center", "{place} County Detention Center", "CDC"),
]

STATES = [
    ("Alabama", "AL"), ("Arizona", "AZ"), ("Arkansas", "AR"), ("Florida", "FL"), ("Georgia", "GA"),
    ("Idaho", "ID"), ("Indiana", "IN"), ("Iowa", "IA"), ("Kansas", "KS"), ("Kentucky", "KY"),
    ("Louisiana", "LA"), ("Mississippi", "MS"), ("Missouri", "MO"), ("Montana", "MT"), ("Nebraska", "NE"),
    ("North Carolina", "NC"), ("Ohio", "OH"), ("Oklahoma", "OK"), ("South Carolina", "SC"),
    ("Tennessee", "TN"), ("Texas", "TX"), ("Utah", "UT"), ("Virginia", "VA"), ("Wyoming", "WY"),
]

#: ICE Enforcement and Removal Operations field offices (the real list: they are not per agency).
FIELD_OFFICES = [
    "Atlanta", "Baltimore", "Boston", "Buffalo", "Chicago", "Dallas", "Denver", "Detroit", "El Paso",
    "Harlingen", "Houston", "Los Angeles", "Miami", "New Orleans", "New York City", "Newark",
    "Philadelphia", "Phoenix", "Salt Lake City", "San Antonio", "San Diego", "San Francisco", "Seattle",
    "St. Paul", "Washington",
]

FIRST_NAMES = [
    "Alden", "Bridget", "Calvin", "Dana", "Elaine", "Fletcher", "Greta", "Harold", "Imogen", "Jerome",
    "Kendra", "Lionel", "Marisol", "Nolan", "Opal", "Preston", "Rosalind", "Silas", "Tamsin", "Virgil",
    "Wanda", "Yvette", "Conrad", "Delia", "Everett", "Frances", "Gideon", "Hazel", "Ignatius", "Jolene",
]
LAST_NAMES = [
    "Ashcombe", "Birtwhistle", "Calloway", "Dunstan", "Ellery", "Fairweather", "Gorman", "Hollister",
    "Ingleby", "Jessop", "Kinsley", "Lockhart", "Merriweather", "Norcott", "Ormsby", "Pettigrew",
    "Quarles", "Radcliffe", "Stallworth", "Thackeray", "Upshaw", "Vantassel", "Whitcombe", "Yardley",
    "Abernathy", "Brewster", "Crandall", "Delacroix", "Eastman", "Fenwick",
]
STREETS = ["Main Street", "Courthouse Square", "Justice Way", "Oak Avenue", "Industrial Parkway",
           "Market Street", "County Road 12", "Liberty Boulevard", "Highway 41 North", "Sheriff's Lane"]
POC_TITLES = ["Public Information Officer", "Chief Deputy", "Major", "Captain", "Public Affairs Specialist",
              "Lieutenant", "Community Relations Officer", "Undersheriff"]
ICE_TITLES = ["Acting Director", "Director", "Assistant Director, Enforcement", "Executive Associate Director",
              "Acting Executive Associate Director"]
HEAD_TITLES = {"Sheriff's Office": "Sheriff", "Police Department": "Chief of Police",
               "Detention Center": "Jailer"}


def initials(place: str) -> str:
    return "".join(w[0].upper() for w in place.split())


@dataclass(frozen=True)
class Agency:
    """A (fictional) agency: "Marlow County Sheriff's Office", "MCSO"."""

    name: str
    abbr: str
    place: str
    kind: str
    state: str  # full name
    state_code: str

    @property
    def head_title(self) -> str:
        return HEAD_TITLES[self.kind]


def make_agency(rng: random.Random, *, avoid: Sequence[str] = (), place: str | None = None,
                kind: str | None = None) -> Agency:
    """A made-up agency whose place does not start like any of ``avoid``
    (so that its abbreviation differs from theirs)."""
    taken = {initials(a)[:1] for a in avoid if a}
    if place is None:
        place = rng.choice([p for p in PLACES if initials(p)[:1] not in taken] or PLACES)
    kind_, pattern, suffix = next(k for k in KINDS if k[0] == kind) if kind else rng.choice(KINDS)
    state, code = rng.choice(STATES)
    return Agency(pattern.format(place=place), initials(place) + suffix, place, kind_, state, code)


def person(rng: random.Random) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.5 else ""
    return f"{first}{middle} {last}"


def phone(rng: random.Random) -> str:
    """A fictional number (555-0100 to 555-0199 are reserved for fiction)."""
    return f"{rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}"


# --------------------------------------------------------------------------- a real agreement's agency


@dataclass(frozen=True)
class SourceAgency:
    """The agency a real agreement names, and how its text spells it."""

    name: str  # canonical: "Bay County Sheriff's Office"
    abbr: str
    place: str
    kind: str
    #: The state after the name in the opening clause ("Alabama", "IN"), if any.
    state: str = ""
    #: Whether the text layer holds the name (False: blank form fields).
    in_text: bool = True
    #: Spellings the patterns do not catch (OCR garbage, a cut-off line).
    variants: tuple[str, ...] = field(default=())


#: Checked by hand against the PDFs: agreements whose text layer lacks the
#: agency name (form fields) or garbles it, and OCR spellings of it.
BY_FILE: dict[str, dict[str, object]] = {
    "ArcadiaPDFL": {"name": "Arcadia Police Department", "abbr": "APD"},
    "SmithCoSheriffsOffice": {"name": "Smith County Sheriff's Office", "abbr": "SCSO"},
    "UnionCoSheriffsOffice": {"name": "Union County Sheriff's Office", "abbr": "UCSO"},
    "HillsboroughCoSheriffsOffice": {
        "name": "Hillsborough County Sheriff's Office", "abbr": "HCSO",
        "variants": ('Hiisoo,oughcoomyshernrsorr""\'',),  # OCR of the stamped name on page 1
    },
    "287gJEM_PinalCo": {"variants": ("ounty Sheriffs Office",)},  # the signature line, cut by the scan
}

_OPENING = re.compile(
    r"Homeland Security \(\w{3}\),? and (?:the\b\s*)?(?P<body>[^\n]*?)\s*,?\s*(?:hereinafter|pursuant to)\b"
)
_NAME = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'-]*?)\s+(?P<kind>County\s+Sher\S{0,5}\s+Office|County\s+Detention\s+Center"
    r"|Police\s+Department|County\s+Jail)"
    r"(?:\s*\((?P<abbr>[A-Z]{2,6})\))?(?:\s*,\s*(?P<state>[A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z]{2}))?\W*$"
)


def _kind_of(text: str) -> str:
    if "Police" in text:
        return "Police Department"
    if "Detention" in text or "Jail" in text:
        return "Detention Center"
    return "Sheriff's Office"


def _canonical(place: str, kind: str) -> str:
    return next(p for k, p, _ in KINDS if k == kind).format(place=place)


def find_agency(paragraphs: Sequence[str], filename: str = "") -> SourceAgency:
    """Find the agency an agreement names; ``paragraphs`` are its text, in order."""
    text = "\n".join(paragraphs)
    hand: dict[str, object] = next((v for k, v in BY_FILE.items() if filename.startswith(k)), {})
    variants = tuple(str(v) for v in hand.get("variants", ()))  # type: ignore[attr-defined]
    m = _OPENING.search(text)
    named = _NAME.match(m.group("body")) if m else None
    if named and "name" not in hand:
        place = named.group("place")
        squashed = re.sub(r"\s+", "", place)
        if squashed != place and squashed.lower() in filename.lower():
            place = squashed  # "B ay" (OCR) is Bay
        kind = _kind_of(named.group("kind"))
        name, abbr, state, in_text = _canonical(place, kind), named.group("abbr"), named.group("state") or "", True
    elif "name" in hand:
        name = str(hand["name"])
        kind = _kind_of(name)
        place = name.split(" County")[0].split(" Police")[0]
        abbr, state = str(hand.get("abbr", "")), ""
        in_text = bool(named) or bool(re.search(re.escape(place) + r"\s+(County|Police)", text))
    else:
        raise ValueError(f"{filename or 'agreement'}: no agency name in the opening clause; add it to BY_FILE")
    if not abbr:
        suffix = {"Sheriff's Office": "CSO", "Police Department": "PD", "Detention Center": "CDC"}[kind]
        candidates = [initials(place) + suffix, initials(place) + "SO", initials(place) + "DC"]
        abbr = next((c for c in candidates if re.search(rf"(?<![A-Z]){c}(?![A-Z])", text)), candidates[0])
    return SourceAgency(name, abbr, place, kind, state, in_text, variants)


# --------------------------------------------------------------------------- where the text names it


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of a text name the agency; ``kind`` is "name"
    (with the state after it when ``state``), "abbr", "place" ("Bay County"
    in "Bay County Jail") or "blank" (an empty form field, ``start == end``
    or a run of underscores)."""

    start: int
    end: int
    kind: str
    state: bool = False


def _loose(words: str) -> str:
    """A pattern for a name as OCR spells it: a letter may be split off
    ("B ay"), "Sheriff's" may read "Sheriffs", "Sheritrs" or "Sheriff’s"."""
    parts = []
    for w in words.split():
        if w.startswith("Sheriff"):
            parts.append(r"Sh\s?er\S{0,5}")
        else:
            parts.append(r"\s?".join(re.escape(c) for c in w))
    return r"\s+".join(parts)


#: Empty form fields where the agency name goes, in the 2025 templates.
_BLANKS = [
    re.compile(r"(?<=\bthe)\s*_{3,}\s*(?=,)"),  # "and the____________________, pursuant"
    re.compile(r"(?<=\bthe) (?=, (?:pursuant|hereinafter))"),  # "and the , pursuant"
    re.compile(r"(?<=\bof the) (?=\(hereinafter)"),  # "employees of the (hereinafter"
    re.compile(r"(?<=The LEA represents) ?_*(?=\s*in the implementation)"),
    re.compile(r"(?<=^The) (?=and ICE enter)"),
    re.compile(r"(?<=\bthe )X{4,}(?=,)"),  # "ICE and the XXXXXXXXX, hereinafter"
]


def agency_spans(text: str, src: SourceAgency) -> list[Span]:
    """Where ``text`` names the agency ``src``, in order, not overlapping."""
    found: list[Span] = []
    state = rf"(?:\s*,\s*{re.escape(src.state)}\b)?" if src.state else ""
    patterns: list[tuple[str, str]] = [(_loose(src.name) + state, "name")]
    patterns += [(re.escape(v), "name") for v in src.variants]
    patterns += [(rf"(?<![A-Z]){re.escape(src.abbr)}(?![A-Z])", "abbr"),
                 (rf"\b{_loose(src.place)}\s+County\b", "place")]
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken) if a < b else all(not (x < a < y) for x, y in taken)

    for pattern, kind in patterns:
        for m in re.finditer(pattern, text):
            if free(m.start(), m.end()):
                found.append(Span(m.start(), m.end(), kind, kind == "name" and bool(src.state)
                                  and text[m.start():m.end()].rstrip().endswith(src.state)))
                taken.append((m.start(), m.end()))
    if not src.in_text:
        for blank in _BLANKS:
            for m in blank.finditer(text):
                if free(m.start(), m.end()):
                    found.append(Span(m.start(), m.end(), "blank"))
                    taken.append((m.start(), m.end()))
    return sorted(found, key=lambda s: s.start)


def replacement(span: Span, agency: Agency | SourceAgency, *, state_style: str = "") -> str:
    """What a span reads for ``agency``. A state after the name is written
    the way the source wrote it (``state_style``: a full name or a code)."""
    if span.kind == "abbr":
        return agency.abbr
    if span.kind == "place":
        return f"{agency.place} County"
    name = agency.name
    if span.state:
        if isinstance(agency, Agency):
            name += ", " + (agency.state_code if len(state_style) == 2 else agency.state)
        else:
            name += ", " + agency.state
    return f" {name} " if span.kind == "blank" else name


def substitute(text: str, spans: Sequence[Span], agency: Agency | SourceAgency, state_style: str = "") -> str:
    """``text`` with every span replaced for ``agency``; blanks are padded
    with spaces (collapse them with ``" ".join(text.split())``)."""
    out, at = [], 0
    for s in spans:
        out.append(text[at:s.start])
        out.append(replacement(s, agency, state_style=state_style))
        at = s.end
    out.append(text[at:])
    return "".join(out)


# --------------------------------------------------------------------------- check by hand


def main(argv: Sequence[str] | None = None) -> int:
    """Print the agency found in each shared agreement and how often each spelling occurs."""
    from collections import Counter

    # Here, not at the top: benchmarks.planted imports this module.
    from benchmarks.planted import parse_pdf, source_paths

    for path in source_paths():
        a = parse_pdf(path)
        paras = [p for c in a.clauses for p in ([c.title] if c.title else []) + c.paragraphs]
        src = find_agency(paras, path.name)
        seen: Counter[tuple[str, str]] = Counter()
        for p in paras:
            for s in agency_spans(p, src):
                seen[(s.kind, p[s.start:s.end] or "(empty)")] += 1
        print(f"{path.name}\n  {src}")
        for (kind, spelling), n in sorted(seen.items()):
            print(f"    {kind:<6} {n:>3}  {spelling!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

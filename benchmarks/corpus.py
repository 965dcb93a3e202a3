"""Generate a corpus of agreements for the batch benchmark (``moadiff batch``).

    .venv/bin/python -m benchmarks.corpus --count 100 --seed 1 --out benchmarks/out/corpus [--jobs 2]
    .venv/bin/python -m benchmarks.corpus --check benchmarks/out/corpus

writes

- ``<out>/baselines/``: one clean rendering per model of a 2025 shared
  agreement (see :data:`BASELINES`), with its own fill-ins;
- ``<out>/agreements/``: ``--count`` agreements (PDF, ``--docx-share`` of
  them DOCX), each derived from one of the 11 shared agreements with a text
  layer (round robin over a seeded shuffle, so all three models and the
  2019/2020 template revisions are in it). Each has the fill-ins of another,
  made-up agency (name and abbreviation everywhere, state, field office,
  signatories and their titles, dates, and the addresses, phone numbers and
  e-mails of its points of contact), 0-4 edits planted by benchmarks.planted's
  :class:`Planter`, a random layout, and a realistic, unreliable file name
  (some name no model, some the wrong one);
- ``<out>/truth.json``: per file, the source, its model and template
  revision, the agency, the fill-in values used and the planted edits.

The same seed gives the same files, byte for byte. ``--check`` reads every
file back (pypdfium2, python-docx) and fails if a source agency's name,
abbreviation, people or towns are left in it, or the new agency's name is
missing.

Which words hold fill-ins is found by pattern where there is one (the
opening clause, dates, phone numbers, e-mails, street lines) and otherwise
from :data:`PEOPLE`, checked by hand against the PDFs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.docwriter import Agreement, Clause, Layout, random_layout, write_docx, write_pdf
from benchmarks.fillvalues import (
    FIELD_OFFICES,
    ICE_TITLES,
    POC_TITLES,
    STREETS,
    Agency,
    SourceAgency,
    agency_spans,
    find_agency,
    make_agency,
    person,
    phone,
    substitute,
)
from benchmarks.planted import (
    EDIT_TYPES,
    SHARED,
    Planter,
    document_text,
    flatten,
    parse_pdf,
    to_agreement,
    to_doc,
)

HERE = Path(__file__).resolve().parent

OUT = HERE / "out" / "corpus"

#: Model and template revision of each shared agreement with a text layer
#: (../shared/moa/README.md).
SOURCE_INFO = {
    "287gJEM_GalvestonCoTX_06-08-2020.pdf": ("JEM", "2020"),
    "287gJEM_PinalCoAz2020-06-09.pdf": ("JEM", "2020"),
    "GraysonCountyDCKY_JEM_MOA_030425.pdf": ("JEM", "2025"),
    "HamiltonCoIN_JEM_MOA_03.03.2025.pdf": ("JEM", "2025"),
    "287gWSO_BayCoFl2019-10-15.pdf": ("WSO", "2019"),
    "287gWSO_HernandoCoFl2019-05-06.pdf": ("WSO", "2019"),
    "FranklinCountyAL_WSO_MOA_030625.pdf": ("WSO", "2025"),
    "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf": ("WSO", "2025"),
    "ArcadiaPDFL_TFM_MOA_030425.pdf": ("TFM", "2025"),
    "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf": ("TFM", "2025"),
    "HillsboroughCoSheriffsOffice_TFM_MOA_02.26.2025.pdf": ("TFM", "2025"),
}
MODEL_NAMES = {"JEM": "Jail Enforcement Model", "WSO": "Warrant Service Officer", "TFM": "Task Force Model"}
#: One 2025 agreement per model. Franklin over Union (Union's section VIII
#: comes out of the PDF in jumbled order), Arcadia over Smith (Smith's opening
#: paragraph is split where a form field sits).
BASELINES = {
    "JEM": "GraysonCountyDCKY_JEM_MOA_030425.pdf",
    "WSO": "FranklinCountyAL_WSO_MOA_030625.pdf",
    "TFM": "ArcadiaPDFL_TFM_MOA_030425.pdf",
}

#: The people (and towns) each shared agreement names, as its text layer
#: spells them, checked by hand; the template says what replaces each.
#: Fields: {head} and {head_title} (who signs for the agency), {poc},
#: {poc_title}, {poc2}, {poc2_title} (its contacts), {ice}, {ICE} (capitals),
#: {ice_short} ("C.M. Cronen" style), {ICE_FIRST}, {ICE_LAST}, {ice_title}
#: (who signs for ICE), {city}, {st}.
PEOPLE: dict[str, list[tuple[str, str]]] = {
    "287gJEM_Galveston": [
        ("Sheriff Henry A. Trochesset", "{head_title} {head}"),
        ("CHRISTOPHER M CRONEN", "{ICE}"), ("CHRISTOPHER M cRONEIII", "{ICE}"), ("R M CRON EN", "{ICE_LAST}"),
        ("CH RISTQPHE", "{ICE_FIRST}"), ("C.M. Cronen", "{ice_short}"), ("C. M. Cronen", "{ice_short}"),
        ("Assistant Director, Enforcement", "{ice_title}"),
    ],
    "287gJEM_Pinal": [
        ("Lauren Reimer", "{poc}"), ("Public Information Officer", "{poc_title}"),
        ("CHRISfflPI IER M CR8NEN", "{ICE}"), ("CHBISIQPHEB", "{ICE_FIRST}"), ("MCRONEN", "{ICE_LAST}"),
        ("C.M. Cronen", "{ice_short}"), ("C. M. Cronen", "{ice_short}"),
        ("Assistant Director, Enforcement", "{ice_title}"),
    ],
    "287gWSO_Bay": [
        ("Major Rick Anglin", "{poc_title} {poc}"), ("Ruth Corley", "{poc2}"),
        ("Public Affairs Specialist", "{poc2_title}"), ("Tommy Ford", "{head}"), ("Sh eriff•", "{head_title}"),
        ("Timothy S. Robbins", "{ice}"), ("Acting Executive Associate Director", "{ice_title}"),
    ],
    "287gWSO_Hernando": [("Public Affairs Officer", "{poc_title}")],
    "Franklin": [
        ("Todd M. Lyons", "{ice}"), ("Acting Director", "{ice_title}"), ("Shannon Oliver", "{head}"),
        ("Chief Deputy Justin Trulove", "{poc_title} {poc}"), ("Russellville", "{city}"),
    ],
    "Grayson": [("Jailer Jason Woosley", "{head_title} {head}"), ("Caleb Vitello", "{ice}"),
                ("Acting Director", "{ice_title}")],
    "Hamilton": [
        ("Dennis J. Quakenbush II", "{head}"), ("Sheriff Title:", "{head_title} Title:"),
        ("Caleb Vitello", "{ice}"), ("Acting Director", "{ice_title}"), ("Noblesville, IN", "{city}, {st}"),
    ],
    "Hillsborough": [
        ("Sheriff Chad Chronister", "{head_title} {head}"), ("Chad Chronister", "{head}"),
        ("Chad Cronister", "{head}"), ("Caleb Vitello", "{ice}"), ("Acting Director", "{ice_title}"),
    ],
}
#: Towns in the sources' contact addresses (for --check: none may be left).
TOWNS = ["Galveston", "Florence", "Panama City", "Brooksville", "Russellville", "Noblesville"]

MODEL_CODES = {"JEM": ["JEM", "JEM", "Jail", "JailEnforcement"], "WSO": ["WSO", "WSO", "Warrant", "WSOP"],
               "TFM": ["TFM", "TFM", "TF", "TaskForce"]}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# --------------------------------------------------------------------------- tidying a parse


_LONG_DATE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})\b")


def tidy(agreement: Agreement) -> Agreement:
    """Take signature lines out of the paragraph they were read into.

    In Grayson's PDF the ICE signature block sits beside section VIII, and
    the text layer reads "... (2) the length of the March 5, 2025 / Caleb
    Vitello / Acting Director / ... / temporary suspension, and (3) ...".
    The date and the short lines move into a signature clause after the
    clause that says "By signing this MOA"; the sentence is joined again.
    """
    clauses = [Clause(c.label, c.title, list(c.paragraphs), c.level) for c in agreement.clauses]
    moved: list[str] = []
    for c in clauses:
        paras = c.paragraphs
        i = 0
        while i < len(paras):
            m = _LONG_DATE.search(paras[i])
            if m and m.end() == len(paras[i].rstrip()) and len(paras[i].split()) > 12:
                j = i + 1
                while j < len(paras) and len(paras[j].split()) <= 6 and not paras[j][:1].islower():
                    j += 1
                if j > i + 1 and j < len(paras) and paras[j][:1].islower():
                    moved += [m.group(0), *paras[i + 1:j]]
                    paras[i:j + 1] = [paras[i][:m.start()].rstrip() + " " + paras[j]]
            i += 1
    if moved:
        at = next(k for k, c in enumerate(clauses) if any(p.startswith("By signing this") for p in c.paragraphs))
        nxt = clauses[at + 1] if at + 1 < len(clauses) else None
        if nxt is not None and not nxt.label and not nxt.title:
            nxt.paragraphs[:0] = moved
        else:
            clauses.insert(at + 1, Clause("", "", moved, 0))
    return Agreement(list(agreement.title_lines), clauses, agreement.agency)


# --------------------------------------------------------------------------- fill-in values


@dataclass(frozen=True)
class Plan:
    """What the main process decides for one file (so that names are unique)."""

    k: int
    source: str
    model: str
    revision: str
    agency: Agency
    date: str  # ISO date the agreement is signed
    fmt: str  # "pdf" or "docx"
    filename: str


@dataclass(frozen=True)
class Values:
    """Every fill-in value one file uses."""

    agency: Agency
    field_office: str
    date: dt.date
    head: str
    head_title: str
    poc: str
    poc_title: str
    poc2: str
    poc2_title: str
    ice: str
    ice_title: str
    street: str
    city: str
    zip: str
    phones: tuple[str, str]
    email_domain: str

    def fields(self) -> dict[str, str]:
        first, *_, last = self.ice.split()
        initials = "".join(w[0] + "." for w in self.ice.split()[:-1])
        return {
            "head": self.head, "head_title": self.head_title, "poc": self.poc, "poc_title": self.poc_title,
            "poc2": self.poc2, "poc2_title": self.poc2_title, "ice": self.ice, "ICE": self.ice.upper(),
            "ice_short": f"{initials} {last}", "ICE_FIRST": first.upper(), "ICE_LAST": last.upper(),
            "ice_title": self.ice_title, "city": self.city, "st": self.agency.state_code,
        }


def make_values(agency: Agency, date: dt.date, rng: random.Random) -> Values:
    head, poc, poc2, ice = (person(rng) for _ in range(4))
    titles = rng.sample(POC_TITLES, 2)
    town = agency.place if agency.kind == "Police Department" or rng.random() < 0.5 else rng.choice(
        ["Fairview", "Centerville", "Millbrook", "Riverton", "Oak Grove", "Lakeside", "Springdale"])
    domain = re.sub(r"[^a-z]", "", agency.place.lower()) + rng.choice(
        {"Sheriff's Office": ["so.gov", "sheriff.org", "county.gov"], "Police Department": ["pd.gov", "police.org"],
         "Detention Center": ["county.gov", "dc.gov"]}[agency.kind])
    return Values(
        agency=agency,
        field_office=rng.choice(FIELD_OFFICES),
        date=date,
        head=head,
        head_title=agency.head_title,
        poc=poc,
        poc_title=titles[0],
        poc2=poc2,
        poc2_title=titles[1],
        ice=ice,
        ice_title=rng.choice(ICE_TITLES),
        street=f"{rng.randint(100, 9800)} {rng.choice(STREETS)}",
        city=town,
        zip=f"{rng.randint(30000, 79999)}",
        phones=(phone(rng), phone(rng)),
        email_domain=domain,
    )


def _email(name: str, domain: str) -> str:
    words = [re.sub(r"[^a-z]", "", w.lower()) for w in name.split() if not w.endswith(".")]
    return f"{words[0]}.{words[-1]}@{domain}"


def _format_like(date: dt.date, original: str) -> str:
    """``date`` written the way ``original`` writes its date."""
    if _LONG_DATE.fullmatch(original):
        return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
    if re.fullmatch(r"\d{4}\.\d{2}\.\d{2}", original):
        return date.strftime("%Y.%m.%d")
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", original):
        return date.strftime("%m/%d/%Y")
    return date.strftime("%b %d %Y").upper()


_ANY_DATE = re.compile(
    _LONG_DATE.pattern
    + r"|\b(\d{4})\.(\d{2})\.(\d{2})\b"
    + r"|(?<!Revised )\b(\d{1,2})/(\d{1,2})/(\d{4})\b"
    + r"|\b(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(\d(?:\s?\d)?)\s+(\d{4})\b"
)


def _parse_date(m: re.Match[str]) -> dt.date | None:
    g = m.groups()
    try:
        if g[0]:
            return dt.date(int(g[2]), MONTHS.index(g[0]) + 1, int(g[1]))
        if g[3]:
            return dt.date(int(g[3]), int(g[4]), int(g[5]))
        if g[6]:
            return dt.date(int(g[8]), int(g[6]), int(g[7]))
        return dt.date(int(g[11]), [s[:3].upper() for s in MONTHS].index(g[9]) + 1, int(g[10].replace(" ", "")))
    except ValueError:
        return None


_PHONE = re.compile(r"(?<![\d-])\(?\d{3}\)?[-. ]\d{3}-\d{4}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STREET = re.compile(r"^\d{2,6}\s+(?!U\.S\.C)[A-Z0-9][\w.]*(?:\s+\S+){1,8}$")
_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
    "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
    "Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
#: "Galveston, Texas 77551", "Panama City, FL": a town, a state, maybe a ZIP code.
_CITY_LINE = re.compile(rf"^[A-Z][A-Za-z .]+,\s*(?:[A-Z]{{2}}|{_US_STATES})(?:\s+\d{{5}})?$")
_ICE_MARK = re.compile(r"\bFor\s?(?:ICE|DHS|OHS)\b")
_LEA_MARK = re.compile(r"\bFor (?:the )?(?:LEA|[A-Z]{2,6})\b(?<!ICE)(?<!DHS)(?<!OHS)")


class Filler:
    """Writes one file's fill-in values into an agreement, counting what it replaced."""

    def __init__(self, src: SourceAgency, source_name: str, values: Values):
        self.src, self.v = src, values
        self.people = sorted(next((p for k, p in PEOPLE.items() if source_name.startswith(k)), []),
                             key=lambda x: -len(x[0]))
        self.used: Counter[str] = Counter()
        self.roles: set[str] = set()
        self.dates: dict[dt.date, dt.date] = {}
        self.emails: list[str] = []

    def _count(self, what: str, n: int = 1) -> None:
        if n:
            self.used[what] += n

    # one paragraph -------------------------------------------------------
    def text(self, text: str, *, zone: str) -> str:
        """``zone``: "lea" or "ice" inside a signature block or points of
        contact (the part for that party), "" elsewhere."""
        v, a = self.v, self.v.agency
        if zone == "lea":
            # Contact lines first, on the source's text (a replaced "Name, Major" must not read as a town).
            if _STREET.match(text):
                town = re.search(r"\s([A-Z][a-z]+),\s*[A-Z]{2}\s+\d{5}$", text)
                self._count("address")
                return v.street + (f" {v.city}, {a.state_code} {v.zip}" if town else "")
            if _CITY_LINE.match(text) and not text.startswith(("For ", "Washington")):
                self._count("address")
                state = a.state_code if re.search(r", [A-Z]{2}\b", text) else a.state
                return f"{v.city}, {state} {v.zip}"
            text, n = _PHONE.subn(lambda m: v.phones[self.used["phone"] % 2], text)
            self._count("phone", n)
            text, n = _EMAIL.subn(lambda m: self._new_email(), text)
            self._count("email", n)
        spans = agency_spans(text, self.src)
        if spans:
            for s in spans:
                self._count("agency " + s.kind)
            text = " ".join(substitute(text, spans, a, state_style=self.src.state).split())
        text, n = re.subn(r"\b(?:The\s+)?(" + "|".join(re.escape(f) for f in FIELD_OFFICES)
                          + r")(?=,?\s+Field\s+Office)", lambda m: m.group(0).replace(m.group(1), v.field_office), text)
        self._count("field office", n)
        text = _ANY_DATE.sub(self._date, text)
        if len(text.split()) <= 12:
            # Names and titles sit on lines of their own ("Public Affairs
            # Officer" in a sentence of the template is not a fill-in).
            fields = v.fields()
            for literal, template in self.people:
                if literal in text:
                    self._count("people")
                    self.roles |= set(re.findall(r"\{(\w+)\}", template))
                    text = text.replace(literal, template.format(**fields))
            # "For the HCSO: Hernando County Sheriff", "..., Sheriff", a lone "Sheriff" line
            head_phrase = {"Sheriff's Office": f"{a.place} County Sheriff", "Police Department":
                           f"{a.place} Chief of Police", "Detention Center": f"{a.place} County Jailer"}[a.kind]
            text, n1 = re.subn(rf"\b{re.escape(a.place)} County Sheriff\b(?!['\u2019]?s\b)", head_phrase, text)
            text, n2 = re.subn(r"\bSheriff\b(?!['\u2019]?s\b)(?! Title)", v.head_title, text)
            self._count("head title", n1 + n2)
            if n1 + n2:
                self.roles.add("head_title")
        return text

    def _new_email(self) -> str:
        """The contact person's address (the sources give one per agency)."""
        self.emails.append(_email(self.v.poc, self.v.email_domain))
        self.roles.add("poc")
        return self.emails[-1]

    def _date(self, m: re.Match[str]) -> str:
        old = _parse_date(m)
        if old is None:
            return m.group(0)
        if old not in self.dates:
            # The first date found is the signing date; the others keep their distance to it.
            first = next(iter(self.dates), old)
            self.dates[old] = self.v.date + (old - first)
        self._count("date")
        return _format_like(self.dates[old], m.group(0))

    # the whole agreement -------------------------------------------------
    def agreement(self, agreement: Agreement) -> Agreement:
        v = self.v
        clauses: list[Clause] = []
        for k, c in enumerate(agreement.clauses):
            signature = k > 0 and not c.label and not c.title
            contact = signature or "CONTACT" in c.title.upper().replace("CONT ACT", "CONTACT") \
                or c.label == "ADDENDUM"
            zone = "lea" if contact else ""
            paras: list[str] = []
            for p in c.paragraphs:
                marks = [(m.start(), "ice") for m in _ICE_MARK.finditer(p)] + \
                        [(m.start(), "lea") for m in _LEA_MARK.finditer(p)]
                paras.append(self.text(p, zone=zone))
                if contact and marks:
                    zone = max(marks)[1]  # the last marker says whose lines follow
            paras = self._fill_empty(c, paras, signature, contact)
            clauses.append(Clause(c.label, self.text(c.title, zone=""), paras, c.level))
        return Agreement([self.text(t, zone="") for t in agreement.title_lines], clauses, v.agency.name)

    def _fill_empty(self, clause: Clause, paras: list[str], signature: bool, contact: bool) -> list[str]:
        """Contacts and signatures the text layer leaves empty (form fields)."""
        v, a = self.v, self.v.agency
        if signature and all(re.fullmatch(r"(For (the )?(LEA|ICE):\s*)+", p) for p in paras):
            self._count("signature block")
            self.roles |= {"head", "head_title", "ice", "ice_title"}
            date = _format_like(v.date, "March 1, 2025")
            return paras + [v.head, v.head_title, a.name, f"Date: {date}", v.ice, v.ice_title,
                            "U.S. Immigration and Customs Enforcement", f"Date: {date}"]
        out = []
        for i, p in enumerate(paras):
            nxt = paras[i + 1] if i + 1 < len(paras) else ""
            lea_empty = p.rstrip().endswith("For the LEA:") and (not nxt or _ICE_MARK.search(nxt)
                                                                 or nxt.startswith("Department of Homeland"))
            if clause.label.startswith("APPENDIX") and lea_empty:
                self._count("contact block")
                self.roles |= {"poc", "poc_title", "city"}
                out += [p, f"{v.poc_title} {v.poc}", a.name, v.street, f"{v.city}, {a.state_code} {v.zip}",
                        v.phones[0], self._new_email()]
            elif contact and not clause.label.startswith("APPENDIX") and p.strip() == "For the LEA:":
                self._count("head title")
                self.roles.add("head_title")
                out.append(f"For the LEA: {a.name}, {v.head_title}")
            elif contact and not clause.label.startswith("APPENDIX") and p.strip() in ("For DHS:", "ForDHS:"):
                self._count("field office")
                out.append(f"For DHS: {v.field_office} Field Office Director")
            else:
                out.append(p)
        return out

    def used_values(self) -> dict[str, Any]:
        v, u = self.v, self.used
        out: dict[str, Any] = {"agency": v.agency.name, "abbreviation": v.agency.abbr,
                               "state": v.agency.state, "replaced": dict(sorted(u.items()))}
        if u["field office"]:
            out["field_office"] = v.field_office
        if self.dates:
            out["dates"] = {o.isoformat(): n.isoformat() for o, n in self.dates.items()}
        fields = v.fields()
        # {ICE}, {ice_short}, {ICE_FIRST}, {ICE_LAST} are ICE's signatory too.
        roles = {"ice" if r.lower().startswith("ice") and "title" not in r else r for r in self.roles}
        people = {r: fields[r] for r in ("head", "head_title", "poc", "poc_title", "poc2", "poc2_title", "ice",
                                         "ice_title") if r in roles}
        if people:
            out["people"] = people
        if u["address"] or u["contact block"] or {"city", "st"} & roles:
            out["address"] = {"street": v.street, "city": v.city, "zip": v.zip}
        if u["phone"] or u["contact block"]:
            out["phones"] = sorted(set(v.phones[: max(1, min(2, u["phone"]))]))
        if self.emails:
            out["emails"] = sorted(set(self.emails))
        return out


# --------------------------------------------------------------------------- planting


def plant_some(agreement: Agreement, rng: random.Random) -> tuple[Agreement, list[dict[str, Any]]]:
    """0-4 edits planted by benchmarks.planted's Planter; not in the signature block
    nor in the points of contact (whose words are fill-ins)."""
    doc = to_doc(agreement)
    p = Planter(doc, rng)
    p.touched.update(n.uid for n in flatten(doc)
                     if "CONTACT" in " ".join(t.text for t in n.title).upper().replace("CONT ACT", "CONTACT"))
    kinds: list[str] = []
    for _ in range(rng.randint(0, 4)):
        structural = [k for k in ("move", "insert-subsection", "delete-subsection") if k not in kinds]
        kinds.append(rng.choice(structural) if structural and rng.random() < 0.3 else rng.choice(EDIT_TYPES[:4]))
    for kind in kinds:
        if not p.plant(kind):
            p.plant(rng.choice(EDIT_TYPES[:4]))
    old_nodes = {n.uid: n for n in flatten(p.old)}
    new_nodes = {n.uid: n for n in flatten(p.new)}
    planted = []
    for e in p.edits:
        host = new_nodes.get(e.clause) or old_nodes.get(e.clause)
        old_host = old_nodes.get(e.clause)
        planted.append({
            "type": e.type,
            "clause": {"old": _heading(old_host) if old_host else None,
                       "new": _heading(new_nodes[e.clause]) if e.clause in new_nodes else None},
            "detail": e.detail,
            "old_words": " ".join(t.text for n in flatten(p.old) for t in n.tokens() if t.edit == e.id),
            "new_words": " ".join(t.text for n in flatten(p.new) for t in n.tokens() if t.edit == e.id),
        } | ({"title": " ".join(t.text for t in host.title)} if e.type == "move" and host else {}))
    return to_agreement(p.new), planted


def _heading(node: Any) -> str:
    return " ".join(x for x in (node.label, " ".join(t.text for t in node.title)) if x)


# --------------------------------------------------------------------------- file names


def file_name(rng: random.Random, plan_model: str, agency: Agency, date: dt.date, n: int) -> str:
    """A name such as people give these files: some name the model, some
    the wrong one (mislabelled uploads), some only the agency or nothing."""
    model = plan_model if rng.random() < 0.85 else rng.choice([m for m in MODEL_CODES if m != plan_model])
    code = rng.choice(MODEL_CODES[model])
    place = agency.place.replace(" ", "")
    st = agency.state_code
    kind_tag = {"Sheriff's Office": rng.choice(["CountySO", "CoSheriffsOffice", "CoSO", "SO"]),
                "Police Department": rng.choice(["PD", "PoliceDept", "PD"]),
                "Detention Center": rng.choice(["CountyDC", "CoDC", "DetentionCtr"])}[agency.kind]
    styles: list[Callable[[], str]] = [
        lambda: f"287g{code}_{place}Co{st}_{date:%Y-%m-%d}",
        lambda: f"287g{code}_{place}Co{st.title()}{date:%Y-%m-%d}",
        lambda: f"{place}{kind_tag}{st}_{code}_MOA_{date:%m%d%y}",
        lambda: f"{place}{kind_tag}_{code}_MOA_{date:%m.%d.%Y}",
        lambda: f"{place}{kind_tag}_{code}_MOA_{date:%m.%d.%y}",
        lambda: f"{agency.place.lower()} moa final",
        lambda: f"{agency.place} {rng.choice(['MOA', '287g MOA', '287(g) agreement'])} signed",
        lambda: f"{agency.abbr}_287g_{date:%Y%m%d}",
        lambda: f"{agency.abbr} {code} MOA {date:%Y}",
        lambda: f"Agreement ({n})",
        lambda: f"MOA ({n})",
        lambda: f"scan{rng.randint(1, 9999):04d}",
        lambda: f"287g MOA - {agency.name.replace(chr(39), '')}",
        lambda: f"{place}_{rng.choice(['MOA', 'moa', 'Agreement'])}_{rng.choice(['final', 'FINAL', 'v2', 'signed', 'rev'])}",
    ]
    return rng.choice(styles)()


# --------------------------------------------------------------------------- one file


def make_file(job: dict[str, Any]) -> dict[str, Any]:
    """Fill in, plant, lay out and write one agreement (runs in a worker process)."""
    plan: Plan = job["plan"]
    rng = random.Random(f"{job['seed']}:{plan.k}")
    src: SourceAgency = job["agency"]
    values = make_values(plan.agency, dt.date.fromisoformat(plan.date), rng)
    filler = Filler(src, plan.source, values)
    filled = filler.agreement(tidy(job["agreement"]))
    agreement, planted = plant_some(filled, rng)
    revised = {"2025": "02/15/2025", "2020": "06/01/2020", "2019": "01/01/2019"}[plan.revision]
    layout = random_layout(rng, revised=revised)
    path = Path(job["out"]) / "agreements" / plan.filename
    t0 = time.perf_counter()
    (write_docx if plan.fmt == "docx" else write_pdf)(agreement, path, layout=layout)
    return {
        "file": f"agreements/{plan.filename}",
        "format": plan.fmt,
        "source": plan.source,
        "model": plan.model,
        "model_name": MODEL_NAMES[plan.model],
        "template_revision": plan.revision,
        "baseline": f"baselines/{baseline_name(plan.model)}",
        "source_agency": {"name": src.name, "abbreviation": src.abbr},
        "agency": asdict(plan.agency),
        "fill_ins": filler.used_values(),
        "planted": planted,
        "layout": {"font": layout.font, "font_size": layout.font_size, "footer": list(layout.footer)},
        "_render_s": round(time.perf_counter() - t0, 3),
    }


def baseline_name(model: str) -> str:
    return f"{model.lower()}-2025-{BASELINES[model].split('_')[0].replace('County', '').lower()}.pdf"


def make_baseline(job: dict[str, Any]) -> dict[str, Any]:
    """A clean rendering of a shared agreement: its own fill-ins, no edits, a plain layout."""
    model, name = job["model"], BASELINES[job["model"]]
    src: SourceAgency = job["agency"]
    agreement = tidy(job["agreement"])
    agreement.agency = src.name if src.in_text else ""
    path = Path(job["out"]) / "baselines" / baseline_name(model)
    write_pdf(agreement, path, layout=Layout())
    return {"file": f"baselines/{baseline_name(model)}", "model": model, "model_name": MODEL_NAMES[model],
            "source": name, "template_revision": SOURCE_INFO[name][1], "agency": src.name}


# --------------------------------------------------------------------------- the corpus


def plans(count: int, seed: int, docx_share: float, agencies: dict[str, SourceAgency]) -> list[Plan]:
    """Source, agency, date, format and file name of each file (drawn here,
    in one process, so that agencies and names do not repeat)."""
    rng = random.Random(f"corpus:{seed}")
    names = sorted(SOURCE_INFO)
    order: list[str] = []
    while len(order) < count:
        batch = list(names)
        rng.shuffle(batch)
        order += batch
    docx = set(rng.sample(range(count), round(count * docx_share)))
    out: list[Plan] = []
    used_names: set[str] = set()
    used_agencies: set[str] = set()
    for k, source in enumerate(order[:count]):
        model, revision = SOURCE_INFO[source]
        src = agencies[source]
        for _ in range(50):
            agency = make_agency(rng, avoid=[src.place])
            if agency.name not in used_agencies:
                break
        used_agencies.add(agency.name)
        year = int(revision)
        start = dt.date(year, 2, 16) if year == 2025 else dt.date(year, 1, 10)
        date = start + dt.timedelta(days=rng.randint(0, 150))
        fmt = "docx" if k in docx else "pdf"
        n = 1
        while True:
            stem = file_name(rng, model, agency, date, n)
            if (stem + "." + fmt).lower() not in used_names:
                break
            n += 1
        used_names.add((stem + "." + fmt).lower())
        out.append(Plan(k, source, model, revision, agency, date.isoformat(), fmt, f"{stem}.{fmt}"))
    return out


def generate(count: int, seed: int, out: Path, *, docx_share: float = 0.2, jobs: int = 2,
             sources: Path = SHARED) -> dict[str, Any]:
    t0 = time.perf_counter()
    parsed = {name: parse_pdf(sources / name) for name in sorted(SOURCE_INFO)}
    agencies = {name: find_agency([p for c in a.clauses for p in [c.title, *c.paragraphs]], name)
                for name, a in parsed.items()}
    t_parse = time.perf_counter() - t0
    for sub in ("agreements", "baselines"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    file_jobs = [{"plan": p, "seed": seed, "agency": agencies[p.source], "agreement": parsed[p.source],
                  "out": str(out)} for p in plans(count, seed, docx_share, agencies)]
    base_jobs = [{"model": m, "agency": agencies[BASELINES[m]], "agreement": parsed[BASELINES[m]], "out": str(out)}
                 for m in sorted(BASELINES)]
    t1 = time.perf_counter()
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            baselines = list(pool.map(make_baseline, base_jobs))
            files = list(pool.map(make_file, file_jobs, chunksize=4))
    else:
        baselines = [make_baseline(j) for j in base_jobs]
        files = [make_file(j) for j in file_jobs]
    wall = time.perf_counter() - t1
    render = [f.pop("_render_s") for f in files]
    truth = {
        "generator": "benchmarks/corpus.py",
        "seed": seed,
        "count": count,
        "docx_share": docx_share,
        "models": MODEL_NAMES,
        "baselines": baselines,
        "files": {f["file"]: {k: v for k, v in f.items() if k != "file"} for f in files},
    }
    (out / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"parse_s": t_parse, "wall_s": wall, "render_s": sum(render) / max(1, len(render)), "truth": truth}


# --------------------------------------------------------------------------- checking the output


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check_file(item: tuple[str, dict[str, Any], str]) -> list[str]:
    """Problems with one generated file: source fill-ins left in it, the
    new agency's name or a planted insertion missing."""
    rel, info, root = item
    text = _squash(document_text(Path(root) / rel))
    problems = []
    src_place = info["source_agency"]["name"].split(" County")[0].split(" Police")[0]
    forbidden = [(src_place, rf"\b{re.escape(src_place)}\b"),
                 (info["source_agency"]["abbreviation"],
                  rf"(?<![A-Z]){re.escape(info['source_agency']['abbreviation'])}(?![A-Z])")]
    for literal, _ in next((p for k, p in PEOPLE.items() if info["source"].startswith(k)), []):
        if literal[:1].isupper() and len(literal.split()) >= 2 and "Director" not in literal \
                and not literal.startswith(("Public", "Sheriff Title")):
            forbidden.append((literal, re.escape(literal)))
    forbidden += [(t, rf"\b{re.escape(t)}\b") for t in TOWNS]
    for what, pattern in forbidden:
        if re.search(pattern, text):
            problems.append(f"{rel}: source value {what!r} is left")
    agency = info["agency"]
    if agency["name"] not in text.replace("\u2019", "'"):
        problems.append(f"{rel}: new agency name {agency['name']!r} is missing")
    for e in info["planted"]:
        # A running footer may sit between two words of it (a page break).
        gapped = r"\s+(?:\S+\s+){0,12}?".join(re.escape(w) for w in e["detail"].split())
        if e["type"] in ("insert-sentence", "insert-subsection") and not re.search(gapped, text):
            problems.append(f"{rel}: planted {e['type']} {e['detail'][:40]!r}... is missing")
    return problems


def check(out: Path, jobs: int = 2) -> int:
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    items = [(rel, info, str(out)) for rel, info in truth["files"].items()]
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            problems = [p for ps in pool.map(check_file, items, chunksize=4) for p in ps]
    else:
        problems = [p for item in items for p in check_file(item)]
    for b in truth["baselines"]:
        if not (out / b["file"]).is_file():
            problems.append(f"{b['file']}: missing")
    for p in problems:
        print(p)
    print(f"checked {len(items)} agreements and {len(truth['baselines'])} baselines: "
          f"{'OK' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(OUT), help="output folder (default benchmarks/out/corpus)")
    ap.add_argument("--docx-share", type=float, default=0.2, help="share of agreements written as DOCX")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--sources", default=str(SHARED), help="folder of the shared agreements")
    ap.add_argument("--check", metavar="DIR", help="check a generated corpus instead of generating one")
    args = ap.parse_args(argv)
    if args.check:
        return check(Path(args.check), args.jobs)
    missing = [n for n in SOURCE_INFO if not (Path(args.sources) / n).is_file()]
    if missing:
        print(f"corpus: not in {args.sources}: {', '.join(missing)}", file=sys.stderr)
        return 1
    out = Path(args.out)
    r = generate(args.count, args.seed, out, docx_share=args.docx_share, jobs=args.jobs, sources=Path(args.sources))
    files = r["truth"]["files"].values()
    by_model = Counter(f["model"] for f in files)
    by_rev = Counter(f"{f['model']} {f['template_revision']}" for f in files)
    planted = Counter(e["type"] for f in files for e in f["planted"])
    print(f"corpus: {len(files)} agreements ({sum(f['format'] == 'docx' for f in files)} DOCX) and "
          f"{len(r['truth']['baselines'])} baselines in {out} (seed {args.seed})")
    print(f"  models: {dict(sorted(by_model.items()))}; revisions: {dict(sorted(by_rev.items()))}")
    print(f"  planted edits: {sum(planted.values())} {dict(sorted(planted.items()))}; "
          f"files without any: {sum(1 for f in files if not f['planted'])}")
    print(f"  timings: parse sources {r['parse_s']:.2f}s; files {r['wall_s']:.1f}s wall on {args.jobs} worker(s), "
          f"render {r['render_s']:.2f}s per file")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Which agreement is compared with which: the three batch modes.

- **baselines**: each agreement against the given baseline of its own model
  (JEM, WSO, TFM, read from the content by profile.py); among several
  baselines of one model, the most similar one (same "Revised" date first).
- **pairs**: versions of one agency, matched by the agency name found in the
  text (fuzzy, so OCR's "B ay County" is Bay County), compared old -> new in
  date order.
- **clusters**: agreements grouped by template revision with no baseline
  given. Two agreements share a revision when what separates them, once
  fill-ins are labelled, is small: clauses added or removed, and substantive
  edits of four words or more (OCR noise and changed words are shorter),
  together under :data:`REVISION_GAP` of the shorter text. Leader clustering
  keeps this to O(n x clusters) comparisons; each cluster's baseline is its
  most central member (highest mean similarity to the others).

:func:`plan` puts them together: documents in, the rows to compare out
(:class:`Plan`). It reads and writes nothing; cluster mode is given the
comparing to do as a ``distance`` function.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePath
from typing import Literal, get_args

from rapidfuzz import fuzz

from moadiff.align import clause_key
from moadiff.errors import InputError, OptionError
from moadiff.model import Comparison, Parsed
from moadiff.profile import dates_in

__all__ = ["Cluster", "Mode", "Plan", "Planned", "assign_baselines", "cluster", "pair_versions", "plan", "separation",
           "text_key"]

#: Who is compared with whom (see the module docstring).
Mode = Literal["baseline", "pairs", "cluster"]

#: Share of the shorter agreement's words that may differ between two
#: agreements of one template revision (see the module docstring).
REVISION_GAP = 0.03
#: Below this resemblance (word-pair Jaccard) two agreements are not one model.
_SAME_MODEL = 65.0


def text_key(doc: Parsed) -> str:
    return " ".join(clause_key(c) for c in doc.clauses)


def shingles(doc: Parsed) -> frozenset[int]:
    """Hashed word pairs of the agreement: a cheap fingerprint."""
    words = text_key(doc).split()
    # crc32, not hash(): the same in every process, whatever PYTHONHASHSEED.
    return frozenset(zlib.crc32(f"{a} {b}".encode()) for a, b in pairwise(words))


def resemblance(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two fingerprints, 0-100 (milliseconds, where a
    character-level ratio of two 30,000-character texts takes tens)."""
    if not a and not b:
        return 100.0
    return 100.0 * len(a & b) / len(a | b)


def separation(comparison: Comparison) -> int:
    """Words of template language that separate two agreements: clauses
    added or removed, and substantive edits of four words or more."""
    words = 0
    for change in comparison.changes:
        if change.status in ("added", "removed"):
            clause = change.new or change.old
            if clause is not None and clause.kind not in ("signature", "title"):
                words += len(clause.full_text.split())
            continue
        for e in change.edits:
            if e.op != "equal" and e.kind == "substantive":
                n = max(len(e.old.split()), len(e.new.split()))
                if n >= 4:
                    words += n
    return words


def assign_baselines(docs: Mapping[str, Parsed], baselines: Sequence[str]) -> dict[str, str]:
    """doc id -> baseline id, for every doc that is not a baseline."""
    keys = {b: shingles(docs[b]) for b in baselines}
    out: dict[str, str] = {}
    for doc_id, doc in docs.items():
        if doc_id in baselines:
            continue
        p = doc.info.profile
        same_model = [b for b in baselines if p.model and docs[b].info.profile.model == p.model]
        pool = same_model or list(baselines)
        same_rev = [b for b in pool if p.revision and docs[b].info.profile.revision == p.revision]
        pool = same_rev or pool
        if len(pool) == 1:
            out[doc_id] = pool[0]
            continue
        key = shingles(doc)
        out[doc_id] = max(pool, key=lambda b: (resemblance(key, keys[b]), b))
    return out


def _agency_key(name: str) -> str:
    words = re.findall(r"[a-z]+", name.lower().replace("'s", "s"))
    return " ".join(w for w in words if w not in ("the", "of"))


def pair_versions(docs: Mapping[str, Parsed], order: Callable[[str], tuple[str, ...]]) -> list[tuple[str, str]]:
    """(old id, new id) of consecutive versions of one agency and model.
    Agencies match when their names are at least 90 similar (token sort);
    ``order`` sorts one agency's versions, oldest first."""
    groups: list[tuple[str, str | None, list[str]]] = []  # (agency key, model, ids)
    for doc_id in sorted(docs):
        p = docs[doc_id].info.profile
        name = p.agency or (p.abbreviations[0] if p.abbreviations else "")
        if not name:
            continue
        k = _agency_key(name)
        for gk, gm, ids in groups:
            if gm == p.model and fuzz.token_sort_ratio(gk, k) >= 90:
                ids.append(doc_id)
                break
        else:
            groups.append((k, p.model, [doc_id]))
    pairs: list[tuple[str, str]] = []
    for _, _, ids in groups:
        ids.sort(key=order)
        pairs.extend(pairwise(ids))
    return pairs


@dataclass(frozen=True, slots=True)
class Cluster:
    id: int
    model: str | None
    revision: str | None
    baseline: str
    members: tuple[str, ...]
    cohesion: float

    @property
    def label(self) -> str:
        return " · ".join(x for x in (self.model or "unknown model", self.revision or "undated") if x)


def cluster(docs: Mapping[str, Parsed], distance: Callable[[str, str], int]) -> list[Cluster]:
    """Group ``docs`` by template revision; ``distance`` is
    :func:`separation` of comparing two of them."""
    keys = {d: shingles(p) for d, p in docs.items()}
    words = {d: max(1, len(k) + 1) for d, k in keys.items()}
    # Leaders are tried in a fixed order: by model, revision date, then id.
    order = sorted(docs, key=lambda d: (docs[d].info.profile.model or "~", docs[d].info.profile.revision or "",
                                        docs[d].info.profile.signed or "", d))
    leaders: list[str] = []
    members: dict[str, list[str]] = defaultdict(list)
    for d in order:
        p = docs[d].info.profile
        best: tuple[float, str] | None = None
        for lead in leaders:
            q = docs[lead].info.profile
            if p.model and q.model and p.model != q.model:
                continue
            if resemblance(keys[d], keys[lead]) < _SAME_MODEL:
                continue
            share = distance(lead, d) / min(words[d], words[lead])
            if share <= REVISION_GAP and (best is None or share < best[0]):
                best = (share, lead)
        if best is None:
            leaders.append(d)
            members[d].append(d)
        else:
            members[best[1]].append(d)
    clusters: list[Cluster] = []
    for lead in leaders:
        ids = members[lead]
        central, cohesion = _central(ids, keys)
        profiles = [docs[i].info.profile for i in ids]
        revisions = Counter(p.revision for p in profiles if p.revision)
        signed = sorted(p.signed[:4] for p in profiles if p.signed)
        revision = (revisions.most_common(1)[0][0] if revisions else
                    f"signed {signed[0]}" + (f"-{signed[-1]}" if signed[-1] != signed[0] else "") if signed else None)
        models = Counter(p.model for p in profiles if p.model)
        clusters.append(Cluster(0, models.most_common(1)[0][0] if models else None, revision, central,
                                tuple(sorted(ids)), cohesion))
    # Oldest revision first within a model: by revision date, else signing year.
    clusters.sort(key=lambda c: (c.model or "~", (c.revision or "").removeprefix("signed "), c.baseline))
    return [Cluster(k, c.model, c.revision, c.baseline, c.members, c.cohesion) for k, c in enumerate(clusters, 1)]


def _central(ids: Sequence[str], keys: Mapping[str, frozenset[int]], sample: int = 25) -> tuple[str, float]:
    """The member with the highest mean similarity to (up to ``sample``) others."""
    if len(ids) == 1:
        return ids[0], 100.0
    ordered = sorted(ids)
    step = max(1, len(ordered) // sample)
    probe = ordered[::step][:sample]
    best = max(ordered, key=lambda i: (sum(resemblance(keys[i], keys[j]) for j in probe if j != i)
                                       / max(1, len([j for j in probe if j != i])), i))
    mean = sum(resemblance(keys[best], keys[j]) for j in ordered if j != best) / (len(ordered) - 1)
    return best, round(mean, 2)


@dataclass(frozen=True, slots=True)
class Planned:
    """One comparison to make: ``old`` -> ``new`` (document ids) under the
    row id ``row``. ``old`` is None for a document that could not be read."""

    row: str
    old: str | None
    new: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Who is compared with whom, and (cluster mode) the template revisions."""

    rows: tuple[Planned, ...]
    clusters: tuple[Cluster, ...] = ()
    #: Consecutive template revisions of one model, older first.
    revisions: tuple[tuple[Cluster, Cluster], ...] = ()


def plan(mode: Mode, ids: Sequence[str], docs: Mapping[str, Parsed], *, baselines: Sequence[str] = (),
         names: Mapping[str, str] | None = None, distance: Callable[[str, str], int] | None = None) -> Plan:
    """The plan for ``mode`` over the documents ``ids`` (in input order),
    of which ``docs`` are the readable ones.

    ``baselines`` (ids) are needed in "baseline" mode; ``names`` (id -> file
    name, whose dates only order one agency's versions when the content has
    none) in "pairs" mode; ``distance`` (see :func:`cluster`) in "cluster"
    mode. A document that could not be read (not in ``docs``) gets a row of
    its own, with no ``old``:

    >>> plan("pairs", ["scan-2019", "scan-2025"], {}).rows
    (Planned(row='scan-2019', old=None, new='scan-2019'), Planned(row='scan-2025', old=None, new='scan-2025'))
    """
    failed = [Planned(d, None, d) for d in ids if d not in docs]
    if mode == "baseline":
        if not baselines:
            raise InputError(".", "--baseline mode needs at least one baseline file")
        assigned = assign_baselines(docs, baselines)
        return Plan(tuple(Planned(d, assigned.get(d), d) for d in ids if d not in baselines))
    if mode == "pairs":
        def order(d: str) -> tuple[str, ...]:
            # Dates from the content first; a date in the file name only as a hint.
            p = docs[d].info.profile
            hint = dates_in(PurePath((names or {}).get(d, "")).stem.replace("_", " "))
            return (p.signed or p.revision or "", hint[0][2].isoformat() if hint else "", d)
        pairs = [Planned(f"{old}--{new}", old, new) for old, new in pair_versions(docs, order)]
        return Plan(tuple(pairs + failed))
    if mode != "cluster":
        raise OptionError(f"mode must be one of {', '.join(map(repr, get_args(Mode)))}, not {mode!r}")
    if distance is None:
        raise TypeError("cluster mode needs a distance function")
    clusters = cluster(docs, distance)
    rows = [Planned(m, c.baseline, m) for c in clusters for m in c.members if m != c.baseline]
    return Plan(tuple(rows + failed), tuple(clusters), _revisions(clusters))


def _revisions(clusters: Sequence[Cluster]) -> tuple[tuple[Cluster, Cluster], ...]:
    by_model: dict[str | None, list[Cluster]] = defaultdict(list)
    for c in clusters:
        by_model[c.model].append(c)
    return tuple(pair for group in by_model.values() for pair in pairwise(group))

"""Which agreement is compared with which: the three batch modes.

- **baselines**: each agreement against the given baseline of its own model
  (JEM, WSO, TFM, read from the content by profile.py); among several
  baselines of one model, the most similar one (same "Revised" date first).
- **pairs**: versions of one agency, matched by the agency name found in the
  text (fuzzy, so OCR's "B ay County" is Bay County), compared old -> new in
  date order.
- **clusters**: agreements grouped by template revision with no baseline
  given (:func:`cluster`). ICE's "Revised" date names a revision where an
  agreement carries one; the others are placed by content. Two agreements
  share a revision when what separates them, once fill-ins are labelled,
  is small: substantive edits of four words or more (OCR noise and changed
  words are shorter), and clauses one has and the other lacks whose words
  the other holds elsewhere, together under :data:`REVISION_GAP` of the
  shorter text (:func:`revision_distance`). A clause of the baseline that
  an agreement lacks outright (a page a scan missed) is a deviation, not
  another revision. Fingerprints shortlist the
  candidates and full comparisons (in the worker pool, a round at a time)
  confirm them. Each cluster's baseline is its cleanest central member;
  every agreement gets a row (:class:`Planned`), the baselines too. One
  that fits no revision but lies on the way from one revision to another
  (what separates it from the first, the second changed too) is a revision
  of its own, the only agreement of it in the folder; any other that fits
  none is an outlier, compared with the nearest baseline of its model.

:func:`plan` puts them together: documents in, the rows to compare out
(:class:`Plan`). It reads and writes nothing; cluster mode is given the
comparing to do as a ``distance`` function (:data:`Distances`), which takes
many pairs at once.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import PurePath
from typing import Literal, get_args

from rapidfuzz import fuzz

from moadiff.align import clause_key
from moadiff.errors import InputError, OptionError
from moadiff.model import Comparison, Parsed
from moadiff.profile import dates_in

__all__ = ["COUNTED_WORDS", "Cluster", "Clustering", "Distances", "Mode", "Plan", "Planned", "Role", "assign_baselines", "cluster",
           "infer_models", "noise", "pair_versions", "plan", "revision_distance", "separation", "text_key"]

#: Who is compared with whom (see the module docstring).
Mode = Literal["baseline", "pairs", "cluster"]

#: Share of the shorter agreement's words that may differ between two
#: agreements of one template revision (see the module docstring).
REVISION_GAP = 0.03
#: Substantive edits shorter than this (words on the longer side) are not
#: counted in what separates two agreements: OCR noise and changed words are
#: shorter. (So a comparison that only decides a revision need not settle the
#: edits reread.py reads alone, which are shorter still.)
COUNTED_WORDS = 4
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
    added or removed, and substantive edits of four words or more. How far
    an agreement deviates from its baseline (a page it lacks included);
    :func:`revision_distance` is what places it in a revision."""
    return _separation(comparison, lost=True)


def revision_distance(comparison: Comparison) -> int:
    """:func:`separation` of a baseline (``old``) and an agreement (``new``)
    without the baseline's clauses that the agreement lacks outright, none
    of their words found anywhere in it: a page a scan missed, a section
    left out. That is a deviation (deviations.csv lists it), not another
    template revision. What revisions do still counts: reworded text,
    clauses the agreement has and the baseline lacks, and clauses one side
    has whose words the other holds elsewhere (an addendum folded into the
    body, a section split up), and a clause dropped with the ones after it
    renumbered into its place (a page lost leaves a gap). So an agreement missing its ADDENDUM page
    stays with its revision, not with a later one that dropped the ADDENDUM
    and moved its sentence into the body; a revision that drops a section
    and rewords others still separates by the rewording."""
    return _separation(comparison, lost=False)


def _separation(comparison: Comparison, lost: bool) -> int:
    words = 0
    # A clause a page lost leaves its number unused; a revision that drops
    # a clause renumbers the ones after it into that number.
    taken = {c.new.id for c in comparison.changes if c.new is not None}
    for change in comparison.changes:
        if change.status in ("added", "removed"):
            clause = change.new or change.old
            # Lost: a clause of the old side (the baseline) that the new lacks
            # outright, its number unused there.
            gone = change.status == "removed" and not change.moved_text and change.old is not None \
                and change.old.id not in taken
            if clause is not None and clause.kind not in ("signature", "title") and (lost or not gone):
                words += len(clause.full_text.split())
            continue
        for e in change.edits:
            if e.op != "equal" and e.kind == "substantive":
                n = max(len(e.old.split()), len(e.new.split()))
                if n >= COUNTED_WORDS:
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
    """One template revision: its members (document ids), and the member
    every other one is compared with."""

    id: int
    model: str | None
    #: ICE's "Revised" date (ISO), or "signed 2019-2020" for an undated one.
    revision: str | None
    baseline: str
    members: tuple[str, ...]
    cohesion: float
    #: What orders the revisions of one model: the "Revised" date, else the
    #: members' median signing date, else a date in their file names.
    when: str = ""

    @property
    def label(self) -> str:
        return " · ".join(x for x in (self.model or "unknown model", self.revision or "undated") if x)


#: Revision distance (template words, :func:`revision_distance`) of comparing
#: two documents, ``old`` -> ``new``; given many pairs at once, so that they
#: are compared in the worker pool.
Distances = Callable[[Sequence[tuple[str, str]]], Sequence[int]]

#: Candidate revisions tried for an agreement, by fingerprint, before it is
#: compared in full; and the lowest resemblance worth a full comparison.
SHORTLIST = 3
_FLOOR = 20.0


@dataclass(frozen=True, slots=True)
class Clustering:
    """What :func:`cluster` found: the clusters, the agreements that fit
    none (id -> (nearest baseline, reason)), and the model each document was
    given (its own, or the nearest by content)."""

    clusters: tuple[Cluster, ...]
    outliers: Mapping[str, tuple[str | None, str]]
    models: Mapping[str, str | None]
    separations: Mapping[tuple[str, str], int]
    #: Each document's :func:`shingles`, made once.
    fingerprints: Mapping[str, frozenset[int]] = field(default_factory=dict)


def infer_models(docs: Mapping[str, Parsed], keys: Mapping[str, frozenset[int]]) -> dict[str, str | None]:
    """doc id -> model: the one its text names, else (the title lost to OCR)
    the model of the documents it resembles most (mean of the three nearest)."""
    named = {d: p.info.profile.model for d, p in docs.items()}
    by_model: dict[str, list[str]] = defaultdict(list)
    for d, m in named.items():
        if m:
            by_model[m].append(d)
    out = dict(named)
    for d, m in named.items():
        if m or not by_model:
            continue
        def score(model: str, d: str = d) -> tuple[float, str]:
            near = sorted((resemblance(keys[d], keys[o]) for o in by_model[model]), reverse=True)[:3]
            return sum(near) / len(near), model
        out[d] = max(by_model, key=score)
    return out


def noise(doc: Parsed) -> tuple[int, float]:
    """How far a document is from clean text, for choosing a baseline:
    (0 born-digital or a clean text layer, 1 a scanner's OCR layer, 2 pages
    moadiff had to OCR), then the share of its words that are no dictionary
    word.

    >>> from moadiff.model import DocumentInfo, PageInfo
    >>> scan = Parsed(DocumentInfo("a.pdf", "a.pdf", "", "pdf", 1, "pdfium",
    ...                            page_info=(PageInfo(1, "none", ocr=True, word_share=0.9),)), ())
    >>> noise(scan)
    (2, 0.1)
    """
    pages = doc.info.page_info
    shares = [p.word_share for p in pages if p.word_share is not None]
    share = sum(shares) / len(shares) if shares else 1.0
    if any(p.ocr for p in pages):
        kind = 2
    elif any(p.text_quality != "good" for p in pages) or share < CLEAN_TEXT:
        kind = 1
    else:
        kind = 0
    return kind, round(1.0 - share, 3)


#: Share of dictionary words above which a text layer reads as clean
#: (born-digital text; a scanner's OCR layer misreads more).
CLEAN_TEXT = 0.93


def _years(docs: Mapping[str, Parsed], names: Mapping[str, str], ids: Sequence[str], months: bool = False
           ) -> str | None:
    """An undated revision's name: "signed 2019-2020" (its members' signing
    years), else "files dated 2019-2020" (dates in their file names); with
    ``months``, "signed 2020-03 to 2020-06" (two revisions of one year)."""
    cut = 7 if months else 4
    signed = sorted(s[:cut] for i in ids if (s := docs[i].info.profile.signed))
    what = "signed"
    if not signed:
        what = "files dated"
        signed = sorted(h[0][:cut] for i in ids if (h := _name_dates(names.get(i, ""))))
    if not signed:
        return None
    return f"{what} {signed[0]}" + (f"{' to ' if months else '-'}{signed[-1]}" if signed[-1] != signed[0] else "")


def _revision_key(docs: Mapping[str, Parsed], names: Mapping[str, str], ids: Sequence[str]) -> str:
    """What orders a revision among its model's: "Revised" date, else the
    members' median signing date, else the median date in their file names."""
    revised = sorted(r for i in ids if (r := docs[i].info.profile.revision))
    if revised:
        return revised[len(revised) // 2]
    signed = sorted(s for i in ids if (s := docs[i].info.profile.signed))
    if signed:
        return signed[len(signed) // 2]
    hinted = sorted(h[0] for i in ids if (h := _name_dates(names.get(i, ""))))
    return hinted[len(hinted) // 2] if hinted else "~"


def cluster(docs: Mapping[str, Parsed], distances: Distances, names: Mapping[str, str] | None = None
            ) -> Clustering:
    """Group ``docs`` by template revision (``distances``: the :func:`revision_distance`
    of comparing pairs of them). A "Revised" date names a revision outright;
    the rest are placed in rounds: fingerprints shortlist the :data:`SHORTLIST`
    nearest revisions, full comparisons of one round together confirm one
    within :data:`REVISION_GAP`, and what is left starts new revisions
    (:func:`_leader_rounds`). Full comparisons grow as agreements x
    (shortlist + undated revisions): close to linear in the folder."""
    names = names or {}
    keys = {d: shingles(p) for d, p in docs.items()}
    words = {d: max(1, len(text_key(p).split())) for d, p in docs.items()}
    models = infer_models(docs, keys)
    seps: dict[tuple[str, str], int] = {}

    def measure(pairs: Sequence[tuple[str, str]]) -> None:
        todo = list(dict.fromkeys(p for p in pairs if p not in seps))
        if not todo:
            return
        for pair, n in zip(todo, distances(todo)):
            seps[pair] = n

    def share(base: str, d: str) -> float:
        return seps[(base, d)] / min(words[d], words[base])

    # Cleanest first, then the most complete: a leader missing a page would
    # draw every revision that lacks it (revision_distance forgives a page
    # the agreement lacks, not one its baseline lacks).
    order = sorted(docs, key=lambda d: (noise(docs[d])[0], -words[d], noise(docs[d])[1], d))
    # 1. Dated agreements: one revision per model and "Revised" date.
    labels = _revision_labels(docs, models)
    groups: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for d in order:
        if d in labels:
            groups[(models[d], labels[d])].append(d)
    found: list[list[str]] = list(groups.values())
    dated: list[str | None] = [rev for _, rev in groups]
    bases = [_cleanest_central(g, docs, keys) for g in found]
    undated = [d for d in order if d not in labels]

    # 2. Undated agreements: the nearest dated revisions of their model, confirmed.
    signed = {d: _signed(docs[d], names.get(d, "")) or "" for d in docs}

    def before(d: str, revised: str | None) -> bool:
        """Signed before the revision was written: not that revision."""
        return bool(signed[d] and revised and signed[d] < revised)

    def shortlist(d: str, among: Sequence[int]) -> list[int]:
        near = sorted(((resemblance(keys[d], keys[bases[k]]), k) for k in among
                       if models[bases[k]] == models[d] and not before(d, dated[k])), reverse=True)
        return [k for r, k in near[:SHORTLIST] if r >= _FLOOR]

    def place(cands: Mapping[str, list[int]]) -> list[str]:
        measure([(bases[k], d) for d, ks in cands.items() for k in ks])
        left: list[str] = []
        for d, ks in cands.items():
            # Ties (ICE dated the same words twice): the revision more agreements use.
            fits = sorted((share(bases[k], d), -len(found[k]), k) for k in ks if share(bases[k], d) <= REVISION_GAP)
            if fits:
                found[fits[0][2]].append(d)
            else:
                left.append(d)
        return left

    left = place({d: shortlist(d, range(len(found))) for d in undated})
    # 3. The rest start revisions of their own, one leader per model a round.
    outliers = _leader_rounds(left, models, found, bases, dated, place, shortlist)
    # 4. With the baselines as finally chosen (they moved since the leaders
    # were tried): undated revisions of one model within the gap of each
    # other are one, and a leader nothing joined has one last try.
    keep = [k for k, g in enumerate(found) if not (len(g) == 1 and g[0] in outliers)]
    for k in keep:
        bases[k] = _cleanest_central(found[k], docs, keys)
    keep = _merge_undated(keep, found, bases, dated, models, measure, share)
    lonely = place({d: shortlist(d, keep) for d in outliers})
    # 5. One that lies on the way from one revision to another is a revision
    # of its own that no other agreement in the folder uses.
    between = _between(lonely, [bases[k] for k in keep], models, measure, seps)
    lonely = [d for d in lonely if d not in between]
    clusters = _finish([found[k] for k in keep] + [[d] for d in between], docs, keys, names, models, labels)
    revised = {c.baseline: c.revision for c in clusters if c.revision in set(labels.values())}
    same = {d: [c.baseline for c in clusters if c.model == models[d]] for d in lonely}
    # The nearest revision it could follow; failing that, the nearest of its model.
    allowed = {d: [b for b in bs if not before(d, revised.get(b))] or bs for d, bs in same.items()}
    return Clustering(clusters, _outliers(allowed, clusters, keys, measure, seps, words), models, seps, keys)


def _name_dates(name: str) -> list[str]:
    """ISO dates written in a file name ("PolkCoFl2019-05-06.pdf")."""
    stem = re.sub(r"(?<=[A-Za-z])(?=\d)", " ", PurePath(name).stem.replace("_", " "))
    return [d.isoformat() for _, _, d in dates_in(stem)]


def _signed(doc: Parsed, name: str) -> str | None:
    """When an agreement was signed: the signature block's date, else (lost
    to a scan) a date in its file name; only to rule out revisions written later."""
    dates = _name_dates(name)
    return doc.info.profile.signed or (dates[0] if dates else None)


def _leader_rounds(left: list[str], models: Mapping[str, str | None], found: list[list[str]], bases: list[str],
                   dated: list[str | None], place: Callable[[Mapping[str, list[int]]], list[str]],
                   shortlist: Callable[[str, Sequence[int]], list[int]]) -> list[str]:
    """Agreements that joined no revision start new ones: each round, the
    cleanest left of each model leads, and the rest of its model are
    shortlisted against it and confirmed (``place``). Leaders nothing joined
    are returned: the outliers."""
    outliers: list[str] = []
    while left:
        leaders: dict[str | None, str] = {}
        for d in left:
            leaders.setdefault(models[d], d)
        start = len(found)
        for lead in leaders.values():
            found.append([lead])
            bases.append(lead)
            dated.append(None)
        rest = [d for d in left if d not in leaders.values()]
        new = range(start, len(found))
        left = place({d: shortlist(d, new) for d in rest})
        outliers += [found[k][0] for k in new if len(found[k]) == 1]
    return outliers


def _between(lonely: Sequence[str], bases: Sequence[str], models: Mapping[str, str | None],
             measure: Callable[[Sequence[tuple[str, str]]], None], seps: Mapping[tuple[str, str], int]
             ) -> list[str]:
    """Of the agreements that fit no revision, those that lie between two
    revisions of their model: what separates each from the first is, within
    a quarter, what the second changed too (old -> it -> new costs what
    old -> new does). ICE carries a revision's changes into the next; an
    agency's own language, or a scan's misreadings, are in neither, and add
    to the way instead. Such an agreement is a revision of its own, the only
    one of it in the folder (a template revised in July 2020 between the
    March 2020 and the 2025 ones)."""
    ways = {d: [(a, b) for a in bases for b in bases if a != b and models[a] == models[b] == models[d]]
            for d in lonely}
    measure([p for d, ab in ways.items() for a, b in ab for p in ((a, d), (d, b), (a, b))])
    out = []
    for d, ab in ways.items():
        for a, b in ab:
            there, on = seps[(a, d)], seps[(d, b)]
            if there and on and there + on - seps[(a, b)] <= min(there, on) // 4:
                out.append(d)
                break
    return out


def _merge_undated(keep: Sequence[int], found: list[list[str]], bases: list[str], dated: Sequence[str | None],
                   models: Mapping[str, str | None], measure: Callable[[Sequence[tuple[str, str]]], None],
                   share: Callable[[str, str], float]) -> list[int]:
    """Fold each undated revision into a larger one of its model whose
    baseline is within the gap of its own; the revisions left."""
    undated = sorted((k for k in keep if dated[k] is None), key=lambda k: (-len(found[k]), k))
    pairs = [(a, b) for i, a in enumerate(undated) for b in undated[i + 1:] if models[bases[a]] == models[bases[b]]]
    measure([(bases[a], bases[b]) for a, b in pairs])
    gone: set[int] = set()
    for a, b in pairs:  # a is the larger
        if a not in gone and b not in gone and share(bases[a], bases[b]) <= REVISION_GAP:
            found[a].extend(found[b])
            gone.add(b)
    return [k for k in keep if k not in gone]


def _revision_labels(docs: Mapping[str, Parsed], models: Mapping[str, str | None]) -> dict[str, str]:
    """doc id -> its "Revised" date, where it has one. OCR misreads digits
    ("02/16/2025" for "02/15/2025"): a date that only scans moadiff OCR'd
    carry, one character away from a date of the model that more
    agreements carry, is taken for that one."""
    read = {d: p.info.profile.revision for d, p in docs.items() if p.info.profile.revision}
    counts = Counter((models[d], r) for d, r in read.items())
    from_text = {(models[d], r) for d, r in read.items() if noise(docs[d])[0] < 2}
    out: dict[str, str] = {}
    for d, r in read.items():
        near = [(n, other) for (m, other), n in counts.items()
                if m == models[d] and n > counts[(models[d], r)] and len(other) == len(r)
                and sum(a != b for a, b in zip(other, r)) == 1]
        out[d] = max(near)[1] if near and (models[d], r) not in from_text else r
    return out


def _cleanest_central(ids: Sequence[str], docs: Mapping[str, Parsed], keys: Mapping[str, frozenset[int]]) -> str:
    """The baseline of a revision: among its cleanest members (born-digital
    before an OCR layer before an image-only scan, then the fewest
    non-words, within a point), the most central."""
    kinds = {i: noise(docs[i]) for i in ids}
    best = min(kinds.values())
    clean = [i for i in ids if kinds[i][0] == best[0] and kinds[i][1] <= best[1] + 0.01]
    return _central(clean, keys, among=ids)[0]


def _finish(groups: Sequence[Sequence[str]], docs: Mapping[str, Parsed], keys: Mapping[str, frozenset[int]],
            names: Mapping[str, str], models: Mapping[str, str | None], labels: Mapping[str, str]
            ) -> tuple[Cluster, ...]:
    clusters: list[Cluster] = []
    for ids in groups:
        central = _cleanest_central(ids, docs, keys)
        cohesion = _central([central], keys, among=ids)[1]
        revisions = Counter(labels[i] for i in ids if i in labels)
        revision = revisions.most_common(1)[0][0] if revisions else _years(docs, names, ids)
        model = Counter(models[i] for i in ids).most_common(1)[0][0]
        when = revisions.most_common(1)[0][0] if revisions else _revision_key(docs, names, ids)
        clusters.append(Cluster(0, model, revision, central, tuple(sorted(ids)), cohesion, when))
    # Two undated revisions of one model named alike: name them by month.
    alike = Counter(c.label for c in clusters)
    clusters = [replace(c, revision=_years(docs, names, c.members, months=True) or c.revision)
                if alike[c.label] > 1 and not any(i in labels for i in c.members) else c for c in clusters]
    # Oldest revision first within a model.
    clusters.sort(key=lambda c: (c.model or "~", c.when, c.baseline))
    return tuple(Cluster(k, c.model, c.revision, c.baseline, c.members, c.cohesion, c.when)
                 for k, c in enumerate(clusters, 1))


def _outliers(allowed: Mapping[str, Sequence[str]], clusters: Sequence[Cluster],
              keys: Mapping[str, frozenset[int]], measure: Callable[[Sequence[tuple[str, str]]], None],
              seps: Mapping[tuple[str, str], int], words: Mapping[str, int]) -> dict[str, tuple[str | None, str]]:
    """id -> (nearest baseline of its model it could follow, why it fits
    none). ``allowed``: per outlier, the baselines of its model whose
    revision it could follow (none written after it was signed)."""
    def nearest(d: str, bs: Sequence[str]) -> list[str]:
        return sorted(bs, key=lambda b: (-resemblance(keys[d], keys[b]), b))[:SHORTLIST]

    near = {d: nearest(d, bs) for d, bs in allowed.items()}
    measure([(b, d) for d, bs in near.items() for b in bs])
    label = {c.baseline: c.label for c in clusters}
    out: dict[str, tuple[str | None, str]] = {}
    for d, bs in near.items():
        if not bs:
            out[d] = (None, "no other agreement of its model: nothing to compare it with")
            continue
        best = min(bs, key=lambda b: (seps[(b, d)], b))
        pct = 100 * seps[(best, d)] / min(words[d], words[best])
        why = (f"fits no template revision: {seps[(best, d)]} words of template language "
               f"({pct:.1f}%) separate it from the nearest it could follow, {label[best]}")
        out[d] = (best, why)
    return out


def _central(ids: Sequence[str], keys: Mapping[str, frozenset[int]], sample: int = 25,
             among: Sequence[str] = ()) -> tuple[str, float]:
    """The one of ``ids`` with the highest mean similarity to (up to
    ``sample`` of) the others of ``among`` (default: ``ids``), and that mean."""
    among = among or ids
    if len(among) == 1:
        return ids[0], 100.0
    ordered = sorted(among)
    step = max(1, len(ordered) // sample)
    probe = ordered[::step][:sample]

    def mean(i: str, over: Sequence[str]) -> float:
        others = [j for j in over if j != i]
        return sum(resemblance(keys[i], keys[j]) for j in others) / max(1, len(others))

    best = max(sorted(ids), key=lambda i: (mean(i, probe), i))
    return best, round(mean(best, ordered), 2)


#: What a row is: an agreement compared with its revision's baseline, the
#: baseline itself (compared with its nearest fellow member), or an agreement
#: that fits no revision (compared with the nearest baseline of its model).
Role = Literal["member", "baseline", "outlier"]


@dataclass(frozen=True, slots=True)
class Planned:
    """One comparison to make: ``old`` -> ``new`` (document ids) under the
    row id ``row``. ``old`` is None for a document that could not be read,
    or that has nothing to be compared with (``note`` says which)."""

    row: str
    old: str | None
    new: str
    role: Role = "member"
    note: str = ""
    #: Whether what separates the two is a deviation to rank by: not for
    #: the one agreement of a revision, compared with another revision.
    ranked: bool = True


@dataclass(frozen=True, slots=True)
class Plan:
    """Who is compared with whom, and (cluster mode) the template revisions."""

    rows: tuple[Planned, ...]
    clusters: tuple[Cluster, ...] = ()
    #: Consecutive template revisions of one model, older first.
    revisions: tuple[tuple[Cluster, Cluster], ...] = ()
    #: Model of each document, read or (the title lost) nearest by content.
    models: Mapping[str, str | None] = field(default_factory=dict)


def plan(mode: Mode, ids: Sequence[str], docs: Mapping[str, Parsed], *, baselines: Sequence[str] = (),
         names: Mapping[str, str] | None = None, distance: Distances | None = None) -> Plan:
    """The plan for ``mode`` over the documents ``ids`` (in input order),
    of which ``docs`` are the readable ones.

    ``baselines`` (ids) are needed in "baseline" mode; ``names`` (id -> file
    name, whose dates only order versions or revisions when the content has
    none) in "pairs" and "cluster" mode; ``distance`` (a :data:`Distances`)
    in "cluster" mode. A document that could not be read (not in ``docs``) gets a row of
    its own, with no ``old``:

    >>> [(p.row, p.old, p.new) for p in plan("pairs", ["scan-2019", "scan-2025"], {}).rows]
    [('scan-2019', None, 'scan-2019'), ('scan-2025', None, 'scan-2025')]
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
    found = cluster(docs, distance, names)
    rows = _cluster_rows(found, docs)
    return Plan(tuple(rows + failed), found.clusters, _revisions(found.clusters), found.models)


def _cluster_rows(found: Clustering, docs: Mapping[str, Parsed]) -> list[Planned]:
    """A row for every agreement read: members against their baseline; the
    baseline against its nearest fellow member (or, alone in its revision,
    the nearest other baseline of its model); outliers against the nearest
    baseline of their model."""
    keys = found.fingerprints or {d: shingles(p) for d, p in docs.items()}
    rows: list[Planned] = []
    for c in found.clusters:
        others = [m for m in c.members if m != c.baseline]
        alone = not others
        if alone:
            others = [o.baseline for o in found.clusters if o.model == c.model and o is not c]
        peer = max(others, key=lambda m: (resemblance(keys[c.baseline], keys[m]), m)) if others else None
        for m in c.members:
            if m == c.baseline:
                note = f"baseline of {c.label}" + ("" if peer else "; nothing to compare it with")
                if alone and peer:
                    note += "; the only agreement of its revision, compared with another revision's baseline"
                rows.append(Planned(m, peer, m, "baseline", note, ranked=not alone))
            else:
                rows.append(Planned(m, c.baseline, m))
    for d, (base, why) in sorted(found.outliers.items()):
        rows.append(Planned(d, base, d, "outlier", why))
    return rows


def _revisions(clusters: Sequence[Cluster]) -> tuple[tuple[Cluster, Cluster], ...]:
    by_model: dict[str | None, list[Cluster]] = defaultdict(list)
    for c in clusters:
        by_model[c.model].append(c)
    return tuple(pair for group in by_model.values() for pair in pairwise(group))

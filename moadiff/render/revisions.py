"""What the template revisions and the deviations from them say, for publishing.

Pure functions, a cluster-mode :class:`~moadiff.batch.result.BatchResult`
in and a file's text out (batch/write.py writes them):

- :func:`revisions_md` and :func:`revisions_html`: "What ICE changed in the
  287(g) agreements". For each model, its template revisions in date order
  with the agreements that use each; then, for each revision and the next,
  the clauses whose template language changed, with their words (watch-list
  topics first), as the single-comparison report shows them, and words
  moved in from another clause with where they came from. Fill-ins, OCR
  noise and formatting are left out, and so are points of contact, which
  are all fill-in; of a signature block, only the labels added or removed
  ("Name:", "Agency:") are listed.
- :func:`deviations_csv`: one row per clause in which an agreement's
  language departs from its revision's baseline (DEVIATION_COLUMNS): what it
  has that the template lacks (``added``, the inserted words) and what it
  lacks that the template has (``removed``, the deleted words).

Both read the same view (:func:`changed_clauses`) of a comparison::

    >>> from moadiff.model import Clause, ClauseChange, Edit
    >>> old = Clause("IV.C", "C.", "TRAINING", "not more frequently every two years", 3, 3, 2, "section")
    >>> new = Clause("IV.C", "C.", "TRAINING", "not more frequently than every two years", 3, 3, 2, "section")
    >>> change = ClauseChange("modified", False, old, new, 0.9, (
    ...     Edit("equal", "TRAINING not more frequently", "TRAINING not more frequently"),
    ...     Edit("insert", "", "than", "substantive"), Edit("equal", "every two years", "every two years")),
    ...     watch=("training",))
    >>> [(v.heading, v.excerpts[0].new, v.watch) for v in changed_clauses([change])]
    [('IV.C TRAINING', 'than', ('training',))]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from moadiff.model import ClauseChange, Edit
from moadiff.profile import MODEL_NAMES, contact_zone
from moadiff.render._page import content_security_policy, environment, read_asset
from moadiff.render.batch import _csv, _display, _doc, ranked
from moadiff.render.common import plain, relative_href, segments, signature_labels, signature_other
from moadiff.render.markdown import escape

if TYPE_CHECKING:
    from moadiff.batch.result import BatchResult, Revision

__all__ = ["DEVIATION_COLUMNS", "changed_clauses", "deviations_csv", "revisions_html", "revisions_md"]

#: Words of context shown on each side of a changed passage, and the most
#: words shown of one side of it.
CONTEXT = 6
LIMIT = 60
#: Excerpts shown per clause.
MAX_EXCERPTS = 8

DEVIATION_COLUMNS: tuple[str, ...] = (
    "rank", "row_id", "agency", "file", "model", "revision", "baseline", "baseline_file", "role",
    "clause", "title", "status", "has_not_in_template", "lacks_from_template", "words", "watch", "report_html",
)


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One changed passage: the words around it, and what was deleted and inserted."""

    before: str
    old: str
    new: str
    after: str
    #: Where inserted words came from when they moved here from another
    #: clause (its id); empty for words new to the text.
    moved_from: str = ""
    #: A signature block's labels, listed (``old`` removed, ``new`` added),
    #: not a passage of text.
    labels: bool = False
    #: Further changes close enough to share the passage: (the words
    #: between, deleted, inserted), each after the one before it.
    more: tuple[tuple[str, str, str], ...] = ()

    @property
    def olds(self) -> list[str]:
        return [x for x in (self.old, *(o for _, o, _ in self.more)) if x]

    @property
    def news(self) -> list[str]:
        return [x for x in (self.new, *(n for _, _, n in self.more)) if x]


@dataclass(frozen=True, slots=True)
class ClauseView:
    clause: str  # the clause's id (the new one, else the old)
    heading: str
    status: str  # added | removed | modified | moved
    watch: tuple[str, ...]
    excerpts: tuple[Excerpt, ...]
    #: The whole clause, for one added or removed (cut at LIMIT * 2 words).
    quote: str
    words: int  # words inserted plus deleted


def _cut(text: str, limit: int = LIMIT) -> str:
    words = text.split()
    return " ".join(words) if len(words) <= limit else " ".join(words[:limit]) + " …"


def _shown(e: Edit) -> bool:
    """A substantive edit, or words moved in from another clause."""
    return e.op != "equal" and (e.kind == "substantive" or (e.kind == "moved" and e.op == "insert"
                                                             and e.moved is not None))


def _excerpts(change: ClauseChange, skip: Collection[int] = ()) -> list[Excerpt]:
    """One passage for each run of changes whose contexts would meet: the
    :data:`CONTEXT` words before the first, every change with the words
    between, and the words after the last. Edits at ``skip`` are not shown
    (their words stand as the new side has them)."""
    edits = change.edits
    words = [e.new.split() for e in edits]
    shown = [k for k, e in enumerate(edits) if _shown(e) and k not in skip]
    runs: list[list[int]] = []
    for k in shown:
        if runs and sum(len(w) for w in words[runs[-1][-1] + 1:k]) <= CONTEXT:
            runs[-1].append(k)
        else:
            runs.append([k])
    out: list[Excerpt] = []
    for run in runs:
        first, last = edits[run[0]], run[-1]
        before = " ".join([w for ws in words[:run[0]] for w in ws][-CONTEXT:])
        after = " ".join([w for ws in words[last + 1:] for w in ws][:CONTEXT])
        more = tuple((" ".join(w for ws in words[a + 1:b] for w in ws), _cut(edits[b].old), _cut(edits[b].new))
                     for a, b in pairwise(run))
        origin = first.moved.clause if first.kind == "moved" and first.moved else ""
        out.append(Excerpt(before, _cut(first.old), _cut(first.new), after, origin, more=more))
    return out


def _signature_labels(change: ClauseChange) -> ClauseView | None:
    """A signature block's template part, the labels added or removed
    ("Name:", "For ICE:"), counted, with no context: the names and dates
    around them are fill-ins, and where the block starts or ends is layout."""
    clause = change.new or change.old
    if clause is None or change.status != "modified":
        return None
    gone, came = signature_labels(change)
    if not gone and not came:
        return None
    excerpt = Excerpt("", gone, came, "", labels=True)
    return ClauseView(clause.id, "Signature block", "modified", (), (excerpt,), "",
                      sum(e.op != "equal" and e.kind == "substantive" for e in change.edits))


def changed_clauses(changes: Iterable[ClauseChange], history: bool = False,
                    skip: Collection[tuple[int, int]] = ()) -> list[ClauseView]:
    """The clauses whose template language changed, watch-list ones first:
    added, removed, moved, or carrying a substantive edit. Points of contact
    (all fill-in) are left out, and so are title and signature blocks unless
    ``history`` (two revisions compared, where a subtitle dropped is ICE's
    doing): then a title block's words changed are shown, and a signature
    block's labels added or removed are listed (:func:`_signature_labels`), or, when it
    changed in other words too, its excerpts as any clause's.
    ``skip``: (change, edit) positions of edits not to show."""
    out: list[ClauseView] = []
    for i, ch in enumerate(changes):
        clause = ch.new or ch.old
        if clause is not None and clause.kind == "signature" and history and not signature_other(ch):
            if (view := _signature_labels(ch)) is not None:
                out.append(view)
            continue
        if clause is None or contact_zone(clause) or (clause.kind == "title" and not (history and ch.status == "modified")):
            continue  # where a title block starts or ends is layout
        hidden = {k for j, k in skip if j == i}
        excerpts = _excerpts(ch, hidden)
        if not excerpts and (not ch.is_substantive or hidden and ch.status == "modified" and not ch.moved):
            continue  # words moved here from another clause are shown
        heading = " ".join(x for x in (clause.id, clause.title) if x)
        if ch.old is not None and ch.new is not None and ch.old.id != ch.new.id:
            heading = f"{ch.old.id} → {heading}"
        if ch.status in ("added", "removed"):
            words = len(clause.full_text.split())
        else:
            words = sum(max(len(o.split()), len(n.split())) for x in excerpts
                        for _, o, n in (("", x.old, x.new), *x.more))
        if ch.status == "modified" and not excerpts and not ch.moved:
            continue
        status = "moved" if ch.moved else ch.status
        quote = _cut(clause.full_text, LIMIT * 2) if ch.status in ("added", "removed") else ""
        out.append(ClauseView(clause.id, heading, status, ch.watch, tuple(excerpts[:MAX_EXCERPTS]), quote, words))
    return sorted(out, key=lambda v: not v.watch)  # stable: document order within each group


# ---------------------------------------------------------------------------
# The revision history
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RevisionRow:
    label: str
    when: str
    count: int
    baseline: str
    baseline_file: str
    members: tuple[tuple[str, str], ...]  # (agency, file)


@dataclass(frozen=True, slots=True)
class Step:
    old: str
    new: str
    old_baseline: str
    new_baseline: str
    substantive: int
    added: int
    removed: int
    clauses: tuple[ClauseView, ...]
    report: str | None  # relative href of the full report
    #: Edits left out: one baseline alone reads them (Revision.contradicted).
    set_aside: int = 0

    @property
    def set_aside_note(self) -> str:
        n = self.set_aside
        return _SET_ASIDE.format(n=n, s="s" if n != 1 else "") if n else ""


@dataclass(frozen=True, slots=True)
class ModelHistory:
    model: str
    name: str
    revisions: tuple[RevisionRow, ...]
    steps: tuple[Step, ...]


def _named(result: BatchResult, doc_id: str) -> str:
    d = _doc(result, doc_id)
    agency = _display(result, doc_id)
    return f"{agency} ({d.name})" if d.name and d.name != agency else agency


def _step(result: BatchResult, r: Revision) -> Step:
    clusters = {c.id: c for c in result.clusters}
    old, new = clusters[r.old], clusters[r.new]
    views = changed_clauses(r.comparison.changes, True, r.contradicted) if r.comparison is not None else []
    return Step(old.label, new.label, _named(result, old.baseline), _named(result, new.baseline),
                r.counts.substantive - len(r.contradicted), sum(v.status == "added" for v in views),
                sum(v.status == "removed" for v in views), tuple(views), relative_href(r.report.html),
                len(r.contradicted))


def history(result: BatchResult) -> list[ModelHistory]:
    """Per model, its revisions in date order and what changed from each to the next."""
    out: list[ModelHistory] = []
    for model in dict.fromkeys(c.model for c in result.clusters):
        clusters = [c for c in result.clusters if c.model == model]
        ids = {c.id for c in clusters}
        rows = tuple(RevisionRow(c.label, c.when, len(c.members), _display(result, c.baseline),
                                 _doc(result, c.baseline).name,
                                 tuple((_display(result, m), _doc(result, m).name) for m in c.members))
                     for c in clusters)
        steps = tuple(_step(result, r) for r in result.revisions if r.old in ids)
        out.append(ModelHistory(model or "unknown model", MODEL_NAMES.get(model or "", "Unknown model"), rows, steps))
    return out


def _md_excerpt(x: Excerpt) -> str:
    if x.labels:
        return "; ".join(f"{what}: {mark}{escape(text)}{mark}" for what, mark, text in (
            ("labels added", "**", x.new), ("labels removed", "~~", x.old)) if text)
    parts = [f"… {escape(x.before)}" if x.before else "…"]
    for k, (between, old, new) in enumerate((("", x.old, x.new), *x.more)):
        if between:
            parts.append(escape(between))
        if old:
            parts.append(f"~~{escape(old)}~~")
        if new:
            parts.append(f"**{escape(new)}**")
        if x.moved_from and k == 0:
            parts[-1] += f" (moved here from {escape(x.moved_from)})"
    parts.append(f"{escape(x.after)} …" if x.after else "…")
    return " ".join(parts)


def _md_clause(v: ClauseView) -> list[str]:
    meta = {"added": "**Added**", "removed": "**Removed**", "moved": "**Moved**", "modified": "Modified"}[v.status]
    if v.watch:
        meta += " · watch list: " + ", ".join(f"**{escape(w)}**" for w in v.watch)
    lines = [f"#### {escape(v.heading)}", "", meta, ""]
    if v.quote:
        lines += [f"> {escape(v.quote)}", ""]
    lines += [f"- {_md_excerpt(x)}" for x in v.excerpts]
    return lines + ([""] if v.excerpts else [])


def revisions_md(result: BatchResult) -> str:
    """``revisions.md``: the revision history (see the module docstring)."""
    lines = ["# What ICE changed in the 287(g) agreements", "",
             (f"{len(result.documents)} agreements from {escape(result.folder or '—')}, grouped by the template "
             "revision they follow. Between each revision and the next, the clauses whose template language "
             "changed, watch-list topics first: ~~struck~~ words were deleted, **bold** words inserted. "
             "Agency fill-ins, OCR noise and formatting are left out."), ""]
    for h in history(result):
        lines += [f"## {escape(h.name)} ({escape(h.model)})", "",
                  "| Revision | Agreements | Baseline (compared) |", "|---|---:|---|"]
        for r in h.revisions:
            base = escape(r.baseline) + (f" ({escape(r.baseline_file)})" if r.baseline_file != r.baseline else "")
            lines.append(f"| {escape(r.label)} | {r.count} | {base} |")
        lines.append("")
        for r in h.revisions:
            names = "; ".join(escape(a) + (f" ({escape(f)})" if f and f != a else "") for a, f in r.members)
            lines += [f"*{escape(r.label)}:* {names}.", ""]
        if not h.steps:
            lines += ["Only one revision of this model is in the folder.", ""]
        for s in h.steps:
            lines += _md_step(s)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) + "\n"


#: What a step says of the edits it leaves out (Step.set_aside).
_SET_ASIDE = ("{n} more difference{s} between the two baselines left out: one baseline alone reads them, "
              "and the other agreements of its revision read as the other revision does.")


def _md_step(s: Step) -> list[str]:
    lines = [f"### {escape(s.old)} → {escape(s.new)}", "",
             f"Baselines compared: {escape(s.old_baseline)} → {escape(s.new_baseline)}."
             + (f" Full report: [{escape(s.report)}]({s.report})." if s.report else ""), ""]
    if s.set_aside:
        lines += [escape(s.set_aside_note), ""]
    if not s.clauses:
        return lines + ["No change to the template's language: the two revisions say the same thing.", ""]
    lines += [(f"{len(s.clauses)} clauses changed ({s.added} added, {s.removed} removed), "
              f"{s.substantive} substantive edits."), ""]
    for v in s.clauses:
        lines += _md_clause(v)
    return lines


_ENV = environment()
_ENV.filters["segments"] = segments
_ENV.filters["plain"] = plain


def revisions_html(result: BatchResult) -> str:
    """``revisions.html``: the revision history as one self-contained page."""
    css = read_asset("batch.css")
    js = read_asset("batch.js")
    return _ENV.get_template("batch_revisions.html.j2").render(
        version=result.version, folder=result.folder, histories=history(result), documents=len(result.documents),
        csp=Markup(content_security_policy(css, js)), css=Markup(css), js=Markup(js))


# ---------------------------------------------------------------------------
# deviations.csv
# ---------------------------------------------------------------------------


def _deviation_lines(result: BatchResult) -> Iterable[list[Any]]:
    rank = 0
    for row in ranked(result):
        if row.comparison is None or row.deviation is None:
            continue  # not compared, or a revision's one agreement (revisions.md has what separates it)
        rank += 1
        new, old = _doc(result, row.new), _doc(result, row.old)
        for v in changed_clauses(row.comparison.changes):
            has = " … ".join(n for x in v.excerpts for n in x.news)
            lacks = " … ".join(o for x in v.excerpts for o in x.olds)
            if v.status == "added":
                has = v.quote
            elif v.status == "removed":
                lacks = v.quote
            yield [rank, row.id, new.agency or "", new.name, new.model or "", new.revision or "",
                   _display(result, row.old), old.name, row.role, v.clause, v.heading, v.status, has, lacks,
                   v.words, "; ".join(v.watch), row.report.html if row.report else ""]


def deviations_csv(result: BatchResult) -> str:
    """One CSV row per clause in which an agreement departs from what it was
    compared with (its revision's baseline), most deviating agreements first."""
    return _csv(DEVIATION_COLUMNS, _deviation_lines(result))

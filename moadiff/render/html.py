"""Render a Comparison as one self-contained, side-by-side HTML report.

The report is a single file with its CSS
and JS inlined, pinned by a Content-Security-Policy that allows exactly those
two inline blocks (by sha256) and nothing from the network, so a published
report cannot be made to load or run anything else.

Document text never becomes markup here: Python splits it into plain
segments and control-character markers (:func:`moadiff.render.common.segments`)
and lays the word diff out onto paragraphs (:func:`moadiff.render.layout.layout`);
the template, with autoescape on, turns those into elements. Example::

    >>> _t_html("a<b\\u202e")
    'a&lt;b<span class="ctl" title="invisible or control character U+202E">&#x27E8;U+202E&#x27E9;</span>'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from moadiff.model import KINDS, Clause, ClauseChange, Comparison, Options, StaleReference
from moadiff.render import Target
from moadiff.render._page import Environment, content_security_policy, environment, read_asset
from moadiff.render.common import (
    BADGES,
    GLOSSARY,
    KIND_LABELS,
    anchors,
    badge,
    headline,
    is_signature,
    notice_pages,
    options_line,
    pagelist,
    plain,
    provenance,
    report_title,
    segments,
    shown_agency,
    signature_wording,
    similarity_label,
)
from moadiff.render.layout import Layout, Para, Run, layout
from moadiff.watch import spans, topics

__all__ = ["para_html", "rows_html", "to_html"]

#: Kinds whose marks are hidden until their toggle is ticked.
HIDDEN_BY_DEFAULT: tuple[str, ...] = ("fill-in", "ocr-noise")

# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def _pages(clause: Clause | None) -> str:
    if clause is None:
        return ""
    if clause.first_page == clause.last_page:
        return f"p.\u00a0{clause.first_page}"
    return f"pp.\u00a0{clause.first_page}\u2013{clause.last_page}"


@dataclass(slots=True)
class ClauseView:
    n: int
    anchor: str
    change: ClauseChange
    old_id: str
    new_id: str
    title: str
    old_pages: str
    new_pages: str
    is_change: bool
    #: What the clause's changes amount to (a key of common.BADGES); only
    #: substantive clauses (added, removed, moved, substantive) open by default.
    badge: str
    is_substantive: bool
    counts: dict[str, int]
    layout: Layout
    #: Stale cross-references written in this clause.
    stale: list[StaleReference]


def highlights(text: str, view: ClauseView, options: Options) -> list[tuple[str, str, str]]:
    """``text`` cut into ``(piece, class, title)``: class "watch" for a
    mention of a watched topic (in a watched clause), "xref" for a stale
    cross-reference, "" for the rest."""
    marks = [(a, b, "watch", f"watch list: {name}") for a, b, name in spans(text, options)] if view.change.watch else []
    for ref in view.stale:
        marks += [(m.start(), m.end(), "xref", "stale cross-reference") for m in re.finditer(re.escape(ref.text), text)]
    marks.sort(key=lambda m: (m[0], -m[1]))
    out: list[tuple[str, str, str]] = []
    at = 0
    for a, b, cls, title in marks:
        if a < at:
            continue
        if a > at:
            out.append((text[at:a], "", ""))
        out.append((text[a:b], cls, title))
        at = b
    if at < len(text) or not out:
        out.append((text[at:], "", ""))
    return out


# The paragraphs of the clauses are drawn here rather than by template macros:
# a long clause has tens of thousands of runs, and a Jinja macro call per run
# (and per word highlight) costs more than the rest of the report. The markup
# is the template's (report.html.j2 describes the rest of the page); every
# piece of document text goes through escape().


def _t_html(text: str) -> str:
    """Text with control characters as visible markers (the template's ``t``)."""
    if text.isprintable():
        return str(escape(text))  # no marked character (see segments)
    out = []
    for kind, value in segments(text):
        if kind == "ctl":
            out.append(f'<span class="ctl" title="invisible or control character {escape(value)}">'
                       f"&#x27E8;{escape(value)}&#x27E9;</span>")
        else:
            out.append(str(escape(value)))
    return "".join(out)


def _words_html(run: Run, view: ClauseView, options: Options, seen: dict[str, str]) -> str:
    """A run's words, watched mentions and stale references marked, and an
    amber underline if OCR read them with low confidence. ``seen`` holds the
    clause's runs already drawn, by text (a long clause repeats itself)."""
    inner = seen.get(run.text)
    if inner is None:
        inner = seen[run.text] = "".join(
            f'<mark class="{escape(cls)}" title="{escape(why)}">{_t_html(piece)}</mark>' if cls
            else _t_html(piece)
            for piece, cls, why in highlights(run.text, view, options)
        )
    if run.low is not None:
        return (f'<span class="lowconf" title="OCR read this with low confidence ({int(round(run.low, 0))}%): '
                f'check the scan">{inner}</span>')
    return inner


_TABINDEX = ' tabindex="-1"'


def para_html(p: Para, view: ClauseView, options: Options, seen: dict[str, str] | None = None) -> Markup:
    """One paragraph of a clause as HTML: plain runs, ``<del>`` and ``<ins>``.
    ``seen``: runs of this clause already drawn (see _words_html)."""
    seen = {} if seen is None else seen
    out = [f'<p class="{"ptitle" if p.is_title else "ptext"}">']
    for r in p.runs:
        if r.mark in ("del", "ins"):
            label = "deleted" if r.mark == "del" else "inserted"
            out.append(
                f'<{r.mark} class="m k-{escape(r.kind)}{" nav-target" if r.target else ""}" '
                f'data-kind="{escape(r.kind)}" data-edit="{view.n}-{r.edit}" '
                f'title="{label} ({escape(r.note or KIND_LABELS[r.kind])})"{_TABINDEX if r.target else ""}>'
                f"{_words_html(r, view, options, seen)}</{r.mark}>")
            if r.note and r.target:  # where moved text came from or went to, once per edit
                out.append(f'<span class="movednote">{_t_html(r.note)}</span>')
        else:
            out.append(_words_html(r, view, options, seen))
    out.append("</p>")
    return Markup("".join(out))


def rows_html(view: ClauseView, options: Options) -> Markup:
    """The clause's rows, old and new side by side (the inside of its
    ``<div class="rows">``)."""
    change = view.change
    out: list[str] = []
    seen: dict[str, str] = {}
    for k, (old, new) in enumerate(view.layout.rows):
        title = bool(old and old[0].is_title) or bool(new and new[0].is_title)
        cells = []
        for side, paras, clause, name in (("old", old, change.old, "Old"), ("new", new, change.new, "New")):
            label = f'<span class="sr">{name} version: </span>' if k == 0 else ""
            absent = f'<p class="absent">Not in the {side} version.</p>' if k == 0 and clause is None else ""
            body = "".join(para_html(p, view, options, seen) for p in paras)
            cells.append(f'          <div class="cell {side}">{label}{body}{absent}</div>\n')
        out.append(f'        <div class="row{" trow" if title else ""}">\n{cells[0]}{cells[1]}        </div>\n')
    if not view.layout.rows:
        out.append('        <div class="row"><div class="cell old"><p class="absent">'
                   f'{"(no text)" if change.old else "Not in the old version."}</p></div><div class="cell new">'
                   f'<p class="absent">{"(no text)" if change.new else "Not in the new version."}</p></div></div>\n')
    return Markup("".join(out))


def _view(n: int, change: ClauseChange, anchor: str, stale: list[StaleReference]) -> ClauseView:
    old, new = change.old, change.new
    primary = new if new is not None else old
    counts: dict[str, int] = {k: change.count(k) for k in KINDS}
    return ClauseView(
        n=n,
        anchor=anchor,
        change=change,
        old_id=old.id if old else "",
        new_id=new.id if new else "",
        title=(primary.title if primary else "") or "",
        old_pages=_pages(old),
        new_pages=_pages(new),
        is_change=change.status != "unchanged" or change.moved or any(v for v in counts.values()),
        badge=badge(change),
        is_substantive=change.is_substantive,
        counts=counts,
        layout=layout(change),
        stale=[r for r in stale if change.new is not None and r.clause == change.new.id],
    )


def _environment() -> Environment:
    return environment(segments=segments, plain=plain, pagelist=pagelist, notice_pages=notice_pages)


_ENV: Environment | None = None


def to_html(comparison: Comparison, *, print_css: str = "") -> str:
    """The comparison as one self-contained HTML document. ``print_css`` (our
    own rules, see pdf.py) is appended to the stylesheet."""
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    css, js = read_asset("report.css") + print_css, read_asset("report.js")
    if "</style" in print_css.lower():
        raise ValueError("print_css must not contain </style")
    csp = content_security_policy(css, js)
    stale = list(comparison.references)
    views = [_view(i, c, a, stale) for i, (c, a) in enumerate(zip(comparison.changes, anchors(comparison), strict=True))]
    template = _ENV.get_template("report.html.j2")
    return template.render(
        c=comparison,
        summary=comparison.summary,
        views=views,
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        hidden_by_default=HIDDEN_BY_DEFAULT,
        n_changes=sum(1 for v in views if v.is_change),
        n_substantive=comparison.summary.substantive_clauses,
        headline=headline(comparison),
        title=report_title(comparison),
        agencies=[shown_agency(d.profile) for d in (comparison.old, comparison.new)],
        badges=BADGES,
        badge_counts={k: sum(1 for v in views if v.badge == k) for k in BADGES},
        glossary=GLOSSARY,
        provenance=provenance(comparison),
        options_line=options_line(comparison),
        is_signature=is_signature,
        signature_wording=signature_wording,
        n_approximate=sum(1 for v in views if v.change.approximate),
        watched=[v for v in views if v.change.watch],
        stale_views=[v for v in views if v.stale],
        watch_topics=[t.name for t in topics(comparison.options)],
        rows=lambda view: rows_html(view, comparison.options),
        similar=similarity_label,
        has_low_confidence=any(side is not None and side.low_confidence
                               for ch in comparison.changes for side in (ch.old, ch.new)),
        # Our own strings and files (hashes, checked CSS/JS); never document text.
        csp=Markup(csp),
        css=Markup(css),
        js=Markup(js),
        data={"kinds": list(KINDS), "hidden": list(HIDDEN_BY_DEFAULT)},
    )


def render(comparison: Comparison, target: Target) -> bytes:
    """The HTML report, UTF-8 (the renderer table's entry point, see moadiff.render)."""
    return to_html(comparison).encode("utf-8")

"""Render a Comparison as a Markdown change summary that people can publish.

The HTML report shows every clause side by side; this summary is what an
advocate or a journalist pastes into an article or an issue: what changed,
in words, most important first, short enough to read on one screen.

Layout, top to bottom:

1. a title from what the agreements say about themselves ("Jail
   Enforcement Model: Galveston County Sheriff's Office (2020) → Grayson
   County Detention Center (2025)"; the file names when they say nothing),
   the agencies with their dates and the file names, the headline every
   format shares (:func:`moadiff.render.common.headline`), and one line of
   counts (clauses added, removed and moved, fill-ins, OCR noise,
   formatting);
2. warnings: about the comparison (identical files, two agencies, two noisy
   scans) and the inputs (pages OCR'd, repaired fonts...), one line each;
3. the substantive changes, one entry per clause: clauses that mention a
   watch-list topic first (the topics in bold), then the rest, each in
   document order. An entry gives the clause's id and title in both
   versions ("V.D → V.C Release of Information to Third Parties"), its
   pages, and each change as an excerpt of the new text: ~~deleted~~ and
   **inserted** words with a few words of context. Edits close together
   share one excerpt. An added or removed clause is quoted instead,
   shortened (and saying so) when long;
4. signature blocks, one line each, the labels added or removed named
   ("signatories and dates changed; labels added: Name: ×2"): a scanned
   signature reads as debris, never worth quoting word by word;
5. stale cross-references, one line each;
6. what is not substantive, compactly: fill-ins and OCR noise one line per
   clause (a count per clause when there are many; a value the new version
   leaves blank reads "left blank in the new version"), formatting edits
   only counted, clauses renumbered without other change;
7. a short glossary, and the provenance line (moadiff's version, the date,
   both files' SHA-256, the options that change results).

Inside an excerpt only substantive edits are marked; a fill-in or an OCR
misreading next to them reads as its new words, and is listed in section 6.

Everything taken from the documents goes through :func:`escape`, so no text
in an agreement can become Markdown or HTML in the summary: ``&``, ``<``
and ``>`` become entities (which every Markdown flavour decodes, unlike
backslash escapes, which Markdown.pl does not apply to ``<``); the other
characters a renderer reads as syntax (emphasis, code, links, tables,
headings, strikethrough, math, Pandoc attributes) get a backslash; line
breaks and runs of whitespace become one space; and invisible or
reordering characters (bidi controls, zero-width characters, NUL) are
spelt out as the HTML report's markers (``⟨U+202E⟩``, see
:func:`moadiff.render.common.plain`). Text that starts a line (a quote, a
list item) also has a leading list or quote marker escaped. A bare URL or
e-mail address in a clause may still be made a link by GitHub's autolinks;
such a link goes where its visible text says. Example::

    >>> escape("**Pay** <b>[x](javascript:alert(1))</b>\\u202e")
    '\\\\*\\\\*Pay\\\\*\\\\* &lt;b&gt;\\\\[x\\\\](javascript:alert(1))&lt;/b&gt;⟨U+202E⟩'

Links to the HTML report written beside the summary (``html_href``) use
its clause anchors (:func:`moadiff.render.common.anchors`); the name is
percent-encoded, so it always stays a relative link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from moadiff.model import Clause, ClauseChange, Comparison, DocumentInfo, Edit
from moadiff.render import Target
from moadiff.render.common import (
    GLOSSARY,
    KIND_LABELS,
    anchors,
    approximate_note,
    headline,
    is_signature,
    left_blank,
    moved_note,
    notice_pages,
    options_line,
    pagelist,
    plain,
    provenance,
    relative_href,
    report_title,
    shown_agency,
    signature_other,
    signature_wording,
)

__all__ = ["escape", "to_markdown"]

#: Words of context each side of a change.
CONTEXT = 5
#: An added or removed clause is quoted in full up to this many words...
QUOTE_WORDS = 60
#: ...and beyond that, its first this many.
QUOTE_HEAD = 40
#: An inserted or deleted run longer than this many words is shortened...
MARK_WORDS = 30
#: ...to its first this many.
MARK_HEAD = 20
#: Excerpts shown per clause; the rest are counted.
MAX_EXCERPTS = 5
#: Fill-ins or OCR noise in more clauses than this are counted per clause.
MAX_COMPACT_CLAUSES = 12
#: Edits shown on one compact line; the rest are counted.
MAX_COMPACT_EDITS = 3
#: Words shown of each side of an edit on a compact line.
COMPACT_WORDS = 12

# ---------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------

# Backslash-escaped: emphasis (* _), code (`), links and images ([ ]),
# tables (|), headings (#), strikethrough and subscript (~), math ($),
# superscript (^), Pandoc/kramdown attribute blocks ({ }), and the backslash.
_SYNTAX = re.compile(r"[\\`*_{}\[\]#|~$^]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ENTITY = re.compile("[&<>]")
# What a line may not start with: a list item ("-", "+", "1." "1)"), a
# setext underline ("="). ("#", ">", "*" are escaped everywhere.)
_ORDERED = re.compile(r"\d{1,9}(?=[.)])")


def escape(text: str) -> str:
    """``text`` as Markdown that renders as exactly those characters, on one
    line: no markup, no HTML, invisible characters spelt out (see the module
    docstring)."""
    # Line breaks are ordinary whitespace here; every other control
    # character (a lone CR, U+2028, NUL...) is marked by plain().
    text = " ".join(plain(text.replace("\r\n", " ").replace("\n", " ")).split())
    text = _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], text)
    return _SYNTAX.sub(r"\\\g<0>", text)


def _line_start(md: str) -> str:
    """Escaped Markdown made safe to start a line (or a list item, or a quote)."""
    m = _ORDERED.match(md)
    if m:
        return f"{md[: m.end()]}\\{md[m.end():]}"
    if md[:1] in ("-", "+", "="):
        return "\\" + md
    return md


# ---------------------------------------------------------------------------
# Names, titles, pages
# ---------------------------------------------------------------------------

_SMALL = frozenset(("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
                    "to", "with"))
_LETTERS = re.compile(r"[A-Za-z]+")


def _acronyms(changes: Iterable[ClauseChange]) -> frozenset[str]:
    """Capitalised words the agreements write in capitals inside ordinary
    sentences (ICE, MOA, LEA, SOP): a heading in capitals keeps them when
    it is set in title case. Lines mostly in capitals (headings, the title
    block) are no evidence and are skipped."""
    found: set[str] = set()
    seen: set[int] = set()
    for change in changes:
        for clause in (change.old, change.new):
            if clause is None or id(clause) in seen:
                continue
            seen.add(id(clause))
            for para in clause.text.split("\n"):
                words = _LETTERS.findall(para)
                caps = [w for w in words if len(w) > 1 and w.isupper()]
                if len(caps) * 2 < len(words):
                    found.update(caps)
    return frozenset(found)


def _title_case(title: str, acronyms: frozenset[str]) -> str:
    """A heading printed in capitals, as a sentence would quote it:
    "ICE SUPERVISION" -> "ICE Supervision". Other headings are left as they are.

    >>> _title_case("RELEASE OF THE LEA'S INFORMATION", frozenset({"LEA"}))
    "Release of the LEA's Information"
    """
    title = " ".join(title.split())
    if not title.isupper():
        return title
    first = True

    def case(m: re.Match[str]) -> str:
        nonlocal first
        run, is_first = m.group(0), first
        first = False
        if run in acronyms:
            return run
        if m.start() > 0 and m.string[m.start() - 1] in "'’" and len(run) == 1:
            return run.lower()  # LEA'S -> LEA's
        if not is_first and run.lower() in _SMALL:
            return run.lower()
        return run[0] + run[1:].lower()

    return _LETTERS.sub(case, title)


def _pages(clause: Clause) -> str:
    return pagelist(tuple(range(clause.first_page, clause.last_page + 1)))


def _kind_name(kind: str, n: int) -> str:
    names = {"substantive": ("substantive edit", "substantive edits"), "fill-in": ("fill-in", "fill-ins"),
             "ocr-noise": ("OCR misreading", "OCR misreadings"), "formatting": ("formatting edit", "formatting edits")}
    one, many = names.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# ---------------------------------------------------------------------------
# Edits as Markdown
# ---------------------------------------------------------------------------


def _shown(edit: Edit) -> bool:
    """Marked in the substantive list. An unclassified edit is treated as the
    most important kind, as in the HTML report."""
    return edit.op != "equal" and edit.kind not in ("fill-in", "ocr-noise", "formatting")


def _run(words: list[str], limit: int, head: int) -> tuple[str, str]:
    """A run of words, shortened when long: (Markdown, note after its mark)."""
    if len(words) <= limit:
        return escape(" ".join(words)), ""
    return escape(" ".join(words[:head])) + " …", f" *({len(words)} words)*"


#: A change's old and new words, which its edits' spans index (see Edit).
_Words = tuple[list[str], list[str]]


def _side_words(change: ClauseChange) -> _Words:
    return (change.old.full_text.split() if change.old is not None else [],
            change.new.full_text.split() if change.new is not None else [])


def _mark(edit: Edit, words: _Words, limit: int = MARK_WORDS, head: int = MARK_HEAD) -> str:
    """``~~old~~ **new**`` for one edit."""
    parts = []
    old, new = words
    for side, delim in ((old[edit.i1:edit.i2], "~~"), (new[edit.j1:edit.j2], "**")):
        if side:
            md, note = _run(side, limit, head)
            parts.append(f"{delim}{md}{delim}{note}")
    if edit.moved is not None:  # not new language: say where it was or went
        parts.append(f"*({escape(moved_note(edit.moved, edit.op))})*")
    return " ".join(parts)


def _excerpts(change: ClauseChange) -> list[str]:
    """The clause's substantive edits with CONTEXT words of the new text
    each side; edits whose contexts meet share one excerpt."""
    words = _side_words(change)
    # One token per context word, one per marked edit.
    tokens: list[tuple[bool, str]] = []
    for e in change.edits:
        if _shown(e):
            tokens.append((True, _mark(e, words)))
        else:
            tokens.extend((False, escape(w)) for w in words[1][e.j1:e.j2])
    marks = [i for i, (marked, _) in enumerate(tokens) if marked]
    groups: list[list[int]] = []
    for i in marks:
        if groups and i - groups[-1][-1] - 1 <= 2 * CONTEXT:
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for group in groups:
        lo, hi = max(0, group[0] - CONTEXT), min(len(tokens), group[-1] + CONTEXT + 1)
        text = " ".join(md for _, md in tokens[lo:hi])
        out.append(("… " if lo > 0 else "") + text + (" …" if hi < len(tokens) else ""))
    return out


def _quote(clause: Clause) -> str:
    """The body of an added or removed clause as one quoted line, paragraphs
    separated by ¶; shortened to QUOTE_HEAD words when over QUOTE_WORDS."""
    paras = [p.split() for p in clause.text.split("\n") if p.split()]
    total = sum(len(p) for p in paras)
    if not total:
        return "> *(no text besides its heading)*"
    budget = total if total <= QUOTE_WORDS else QUOTE_HEAD
    shown: list[str] = []
    for words in paras:
        if budget <= 0:
            break
        shown.append(escape(" ".join(words[:budget])))
        budget -= len(words)
    text = " ¶ ".join(shown)
    if total > QUOTE_WORDS:
        text += f" … *(shortened: {QUOTE_HEAD} of its {total} words)*"
    return "> " + _line_start(text)


def _compact(edit: Edit, words: _Words) -> str:
    if left_blank(edit.old, edit.new):
        old = words[0][edit.i1:edit.i2]
        md, note = _run(old, COMPACT_WORDS, COMPACT_WORDS)
        return f"~~{md}~~{note} *left blank in the new version*"
    return _mark(edit, words, COMPACT_WORDS, COMPACT_WORDS)


# ---------------------------------------------------------------------------
# The summary
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    change: ClauseChange
    href: str | None  # link to the clause in the HTML report


class _Summary:
    def __init__(self, comparison: Comparison, html_href: str | None) -> None:
        self.c = comparison
        self.acronyms = _acronyms(comparison.changes)
        base = None
        if html_href:
            # A relative path stays as it is (percent-encoded); anything else
            # (a scheme, an absolute path) is encoded whole, so it cannot
            # become a link elsewhere.
            base = relative_href(html_href) or quote(html_href, safe="")
        self.base = base
        links = [f"{base}#{a}" for a in anchors(comparison)] if base else [None] * len(comparison.changes)
        self.entries = [_Entry(ch, href) for ch, href in zip(comparison.changes, links, strict=True)]

    # -- pieces ------------------------------------------------------------

    def _title(self, clause: Clause) -> str:
        return escape(_title_case(clause.title, self.acronyms))

    def heading(self, change: ClauseChange) -> str:
        """The clause's ids and title: "IV.B Nomination of Personnel", "V.D → V.C
        Release of ...", or both ids and titles when the title itself changed."""
        old, new = change.old, change.new
        if old is None or new is None:
            clause = old or new
            assert clause is not None
            return " ".join(filter(None, [escape(clause.id), self._title(clause)]))
        old_t, new_t = self._title(old), self._title(new)
        if old_t.casefold() == new_t.casefold():
            ids = escape(new.id) if old.id == new.id else f"{escape(old.id)} → {escape(new.id)}"
            return " ".join(filter(None, [ids, new_t]))
        return " ".join(filter(None, [escape(old.id), old_t, "→", escape(new.id), new_t]))

    def _ref(self, change: ClauseChange) -> str:
        clause = change.new or change.old
        return escape(clause.id) if clause is not None else ""

    def _link(self, entry: _Entry, text: str) -> str:
        return f"[{text}]({entry.href})" if entry.href else text

    def meta(self, entry: _Entry) -> str:
        ch = entry.change
        parts: list[str] = []
        if ch.status == "added":
            parts.append("**Added**")
        elif ch.status == "removed":
            parts.append("**Removed**")
        elif ch.moved and ch.old is not None:
            parts.append(f"**Moved** from {escape(ch.old.id)}" + (" and modified" if ch.status == "modified" else ""))
        else:
            parts.append("Modified")
        if len(ch.old_parts) > 1:
            parts.append("merged from " + " + ".join(escape(p) for p in ch.old_parts))
        if len(ch.new_parts) > 1:
            parts.append("split into " + " + ".join(escape(p) for p in ch.new_parts))
        if ch.old is not None and ch.new is not None:
            parts.append(f"old {_pages(ch.old)}, new {_pages(ch.new)}")
        elif ch.old is not None:
            parts.append(f"old {_pages(ch.old)}")
        elif ch.new is not None:
            parts.append(f"new {_pages(ch.new)}")
        if ch.watch:
            parts.append("watch list: " + ", ".join(f"**{escape(t)}**" for t in ch.watch))
        if ch.approximate:
            parts.append("*approximate*")
        if entry.href:
            parts.append(self._link(entry, "see the report"))
        return " · ".join(parts)

    def entry(self, entry: _Entry) -> list[str]:
        ch = entry.change
        lines = [f"### {self.heading(ch)}", self.meta(entry)]
        if ch.status in ("added", "removed"):
            clause = ch.new if ch.status == "added" else ch.old
            if clause is not None:
                lines.append(_quote(clause))
                words = clause.full_text.split()
                op = "insert" if ch.status == "added" else "delete"
                for a, b, m in ch.moved_text:  # words that moved, not new or removed language
                    md, note = _run(words[a:b], MARK_WORDS, MARK_HEAD)
                    lines.append(f"- *Not {'new' if op == 'insert' else 'removed'}:* “{md}”{note} "
                                 f"*({escape(moved_note(m, op))})*")
            return lines
        excerpts = _excerpts(ch)
        for text in excerpts[:MAX_EXCERPTS]:
            lines.append("- " + _line_start(text))
        if len(excerpts) > MAX_EXCERPTS:
            more = len(excerpts) - MAX_EXCERPTS
            lines.append(f"- *… and {_plural(more, 'more change')} in this clause*")
        if not excerpts and ch.moved:
            other = any(e.op != "equal" for e in ch.edits)
            lines.append("- *No substantive edit to its words.*" if other else "- *Its words did not change.*")
        return lines

    # -- sections ------------------------------------------------------------

    def header(self) -> list[str]:
        c, s = self.c, self.c.summary
        lines = [f"# {escape(report_title(c))}", ""]
        files = f"Compared: {escape(c.old.name)} → {escape(c.new.name)}"
        about = self._about()
        lines += [f"{about}. {files}." if about else f"{files}.", ""]
        lines += [f"**{headline(c)}.**", ""]
        edits = s.edits
        counts = (
            f"Clauses added: {s.added}, removed: {s.removed}, moved: {s.moved}. "
            f"Not substantive: {_kind_name('fill-in', edits.get('fill-in', 0))}, "
            f"{edits.get('ocr-noise', 0)} OCR noise, {_kind_name('formatting', edits.get('formatting', 0))}."
        )
        if c.references:
            counts += f" {_plural(len(c.references), 'stale cross-reference')}."
        lines.append(counts)
        lines.append("")
        approximate = [ch for ch in c.changes if ch.approximate]
        if approximate:
            why = " ".join(n[0].upper() + n[1:] for n in dict.fromkeys(approximate_note(ch) for ch in approximate))
            lines += [(f"**Approximate:** {_plural(len(approximate), 'clause was', 'clauses were')} compared "
                       f"within moadiff's limits rather than exactly (marked *approximate* below). {why}"), ""]
        how = "Excerpts read as the new version: ~~struck~~ words were deleted, **bold** words inserted."
        if self.base:
            how += f" Side by side: [the full report]({self.base})."
        lines += [how, ""]
        notices = [(side, n) for side, d in (("Old version", c.old), ("New version", c.new)) for n in d.notices]
        if notices or c.warnings:
            lines.append("**Warnings** (check the pages named against the originals):")
            for n in c.warnings:  # about the comparison as a whole
                lines.append(f"- {escape(n.message[:1].upper() + n.message[1:])}.")
            for side, n in notices:
                where = f", {notice_pages(n)}" if notice_pages(n) else ""
                lines.append(f"- {side}{where}: {escape(n.message)}")
            lines.append("")
        return lines

    def _about(self) -> str:
        """The agencies with their dates (the title has the model): "Galveston
        County Sheriff's Office (signed 2020-06-08) → Grayson County ...
        (template revised 2025-02-15, signed 2025-03-05)"."""

        def side(d: DocumentInfo) -> str:
            p = d.profile
            when = [f"template revised {p.revision}" if p.revision else "", f"signed {p.signed}" if p.signed else ""]
            detail = ", ".join(w for w in when if w)
            agency = shown_agency(p)
            name = escape(agency) if agency else "agency not found"
            return f"{name} ({escape(detail)})" if detail else name

        old, new = self.c.old.profile, self.c.new.profile
        if not (shown_agency(old) or shown_agency(new)):
            return ""
        old_side, new_side = side(self.c.old), side(self.c.new)
        return f"{old_side}, both versions" if old_side == new_side else f"{old_side} → {new_side}"

    def substantive(self) -> list[str]:
        main = [e for e in self.entries if e.change.is_substantive
                and (not is_signature(e.change) or signature_other(e.change))]
        watched = [e for e in main if e.change.watch]
        rest = [e for e in main if not e.change.watch]
        if not main and not self._signatures():
            return ["## Substantive changes", "", "None: the two versions say the same thing.", ""]
        lines: list[str] = []
        groups = [("Watch list", watched), ("Other substantive changes" if watched else "Substantive changes", rest)]
        for name, group in groups:
            if not group:
                continue
            lines += [f"## {name} ({_plural(len(group), 'clause')})", ""]
            if name == "Watch list":
                lines += ["Changed clauses that mention a topic on the watch list.", ""]
            for e in group:
                lines += self.entry(e) + [""]
        return lines

    def _signatures(self) -> list[_Entry]:
        return [e for e in self.entries if is_signature(e.change)
                and (e.change.is_substantive or any(x.op != "equal" for x in e.change.edits))]

    def signatures(self) -> list[str]:
        """Signature blocks in one line each: what changed, never the scan's debris word by word."""
        found = self._signatures()
        if not found:
            return []
        lines = ["## Signature blocks", ""]
        for e in found:
            ch = e.change
            what = escape(signature_wording(ch))
            where = "; ".join(f"{side} {_pages(cl)}" for side, cl in (("old", ch.old), ("new", ch.new)) if cl)
            lines.append(f"- {self._link(e, self.heading(ch))}: {what} ({where}).")
        why = ("Names, titles and dates in signature blocks are fill-ins; a scanned signature often reads as "
               "stray letters, so these blocks are summarised rather than compared word by word.")
        return [*lines, "", why, ""]

    def glossary(self) -> list[str]:
        lines = ["## Words used here", ""]
        lines += [f"- **{term}**: {meaning}" for term, meaning in GLOSSARY]
        return lines + [""]

    def made_by(self) -> list[str]:
        p, c = provenance(self.c), self.c
        line = (f"*Made by moadiff {escape(p['version'])} on {p['date']}. "
                f"Old: {escape(c.old.name)}, SHA-256 {p['old_sha256']}. "
                f"New: {escape(c.new.name)}, SHA-256 {p['new_sha256']}. "
                f"Options that change results: {escape(options_line(c))}.*")
        return ["---", "", line, ""]

    def references(self) -> list[str]:
        if not self.c.references:
            return []
        where = {e.change.new.id: e for e in self.entries if e.change.new is not None}
        lines = ["## Stale cross-references", ""]
        for ref in self.c.references:
            entry = where.get(ref.clause)
            line = f"- {escape(ref.message)}"
            if entry is not None and entry.change.new is not None:
                line += f" ({self._link(entry, 'new ' + _pages(entry.change.new))})"
            lines.append(line)
        return lines + [""]

    def not_substantive(self) -> list[str]:
        lines: list[str] = []
        for kind, what in (("fill-in", "Fill-ins (besides signature blocks)"), ("ocr-noise", "OCR noise")):
            lines += self._kind_lines(kind, what)
        formatting = [e for e in self.entries if e.change.count("formatting") and not is_signature(e.change)]
        if formatting:
            n = sum(e.change.count("formatting") for e in formatting)
            ids = ", ".join(self._link(e, self._ref(e.change)) for e in formatting)
            lines += [f"**{KIND_LABELS['formatting'].capitalize()}:** {_plural(n, 'edit')}, in {ids}.", ""]
        renumbered = [
            e for e in self.entries
            if not e.change.is_substantive and e.change.old is not None and e.change.new is not None
            and e.change.old.id != e.change.new.id
        ]
        if renumbered:
            names = "; ".join(self._link(e, self.heading(e.change)) for e in renumbered)
            lines += [f"**Renumbered, words unchanged:** {names}.", ""]
        if not lines:
            return []
        return ["## Not substantive", ""] + lines

    def _kind_lines(self, kind: str, what: str) -> list[str]:
        found = [(e, [x for x in e.change.edits if x.op != "equal" and x.kind == kind]) for e in self.entries
                 if not is_signature(e.change)]
        found = [(e, xs) for e, xs in found if xs]
        if not found:
            return []
        n = sum(len(xs) for _, xs in found)
        head = f"**{what}** ({_plural(n, 'edit')}"
        head += ": agency names, places, people, dates, contacts)" if kind == "fill-in" else ")"
        if len(found) > MAX_COMPACT_CLAUSES:
            per = ", ".join(f"{self._link(e, self._ref(e.change))} ({len(xs)})" for e, xs in found)
            return [f"{head} in {len(found)} clauses: {per}.", ""]
        items = []
        for e, xs in found:
            words = _side_words(e.change)
            shown = " · ".join(_compact(x, words) for x in xs[:MAX_COMPACT_EDITS])
            if len(xs) > MAX_COMPACT_EDITS:
                shown += f" · *… and {len(xs) - MAX_COMPACT_EDITS} more*"
            items.append(f"{self._link(e, self._ref(e.change))}: {shown}")
        if len(items) == 1:
            return [f"{head}: {items[0]}", ""]
        return [f"{head}:"] + [f"- {_line_start(i)}" for i in items] + [""]

    def render(self) -> str:
        lines = (self.header() + self.substantive() + self.signatures() + self.references() + self.not_substantive()
                 + self.glossary() + self.made_by())
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(line.rstrip() for line in lines) + "\n"


def to_markdown(comparison: Comparison, html_href: str | None = None) -> str:
    """The comparison as a Markdown change summary.

    ``html_href`` names the HTML report written beside the summary (a file
    name or relative path); each clause then links to its anchor there.
    """
    return _Summary(comparison, html_href).render()


def render(comparison: Comparison, target: Target) -> bytes:
    """The Markdown summary, UTF-8; it links to the HTML report beside it, if any."""
    return to_markdown(comparison, target.html_href).encode("utf-8")

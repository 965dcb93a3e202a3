"""Fill-ins (``--fill-ins``): the new side of a pair names another, made-up
agency wherever the old side names its own (see benchmarks/fillvalues.py),
and the empty form fields of the 2025 forms are filled. The words that
differ are marked as fill-ins, not planted changes.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from benchmarks.docwriter import Agreement, Clause
from benchmarks.fillvalues import Agency, SourceAgency, Span, agency_spans, substitute
from benchmarks.planted.model import Doc, Pair, Tok, flatten
from benchmarks.planted.streams import norm


def fill_blanks(agreement: Agreement, src: SourceAgency) -> Agreement:
    """The agreement with the empty form fields that hold the agency's name
    (2025 forms: "and the , pursuant to") filled with ``src``'s name."""
    if src.in_text:
        return agreement

    def fill(text: str) -> str:
        blanks = [s for s in agency_spans(text, src) if s.kind == "blank"]
        return " ".join(substitute(text, blanks, src).split()) if blanks else text

    clauses = [Clause(c.label, fill(c.title), [fill(p) for p in c.paragraphs], c.level) for c in agreement.clauses]
    return Agreement(list(agreement.title_lines), clauses, agreement.agency)


def mark_agency(doc: Doc, src: SourceAgency) -> dict[int, tuple[str, list[Span]]]:
    """Give each word of each place ``doc`` names its agency the id of that
    occurrence (``Tok.fill``). Returns, per id, the text of its words and the
    spans in that text that name the agency."""
    occurrences: dict[int, tuple[str, list[Span]]] = {}
    for node in flatten(doc):
        for toks in [node.title, *node.paras]:
            text = " ".join(t.text for t in toks)
            starts, at = [], 0
            for t in toks:
                starts.append(at)
                at += len(t.text) + 1
            runs: list[tuple[int, int, list[Span]]] = []  # token range and spans, merged when they share a word
            for span in agency_spans(text, src):
                if span.start == span.end:
                    continue
                a = max(k for k, st in enumerate(starts) if st <= span.start)
                b = max(k for k, st in enumerate(starts) if st < span.end) + 1
                if runs and a < runs[-1][1]:
                    runs[-1] = (runs[-1][0], max(b, runs[-1][1]), runs[-1][2] + [span])
                else:
                    runs.append((a, b, [span]))
            for a, b, spans in runs:
                k = len(occurrences)
                base = starts[a]
                occurrences[k] = (" ".join(t.text for t in toks[a:b]),
                                  [Span(sp.start - base, sp.end - base, sp.kind, sp.state) for sp in spans])
                for t in toks[a:b]:
                    t.fill = k
    return occurrences


def _fill_runs(doc: Doc) -> dict[int, list[Tok]]:
    runs: dict[int, list[Tok]] = defaultdict(list)
    for node in flatten(doc):
        for t in node.tokens():
            if t.fill is not None:
                runs[t.fill].append(t)
    return runs


def apply_agency(pair: Pair, occurrences: dict[int, tuple[str, list[Span]]], src: SourceAgency,
                 new: Agency) -> dict[str, int]:
    """Make every marked occurrence on the new side name ``new``; mark the
    words that read the same on both sides. An occurrence a planted edit
    touched is left alone and unmarked (its words are the edit's)."""
    old_runs = _fill_runs(pair.old)
    replaced: set[int] = set()

    def rebuild(toks: list[Tok]) -> list[Tok]:
        out: list[Tok] = []
        i = 0
        while i < len(toks):
            k = toks[i].fill
            if k is None:
                out.append(toks[i])
                i += 1
                continue
            j = i
            while j < len(toks) and toks[j].fill == k:
                j += 1
            run = toks[i:j]
            text, spans = occurrences[k]
            intact = (" ".join(t.text for t in run) == text and all(t.edit is None for t in run)
                      and all(t.edit is None for t in old_runs.get(k, [])) and k not in replaced)
            if intact:
                out += [Tok(w, None, k) for w in substitute(text, spans, new, state_style=src.state).split()]
                replaced.add(k)
            else:
                out += run
            i = j
        return out

    for node in flatten(pair.new):
        node.title = rebuild(node.title)
        node.paras = [rebuild(p) for p in node.paras]
    new_runs = _fill_runs(pair.new)
    words = 0
    for k in set(old_runs) | set(new_runs):
        old_toks, new_toks = old_runs.get(k, []), new_runs.get(k, [])
        if k not in replaced:
            for t in old_toks + new_toks:
                t.fill = None
            continue
        matcher = difflib.SequenceMatcher(None, [norm(t.text) for t in old_toks], [norm(t.text) for t in new_toks],
                                          autojunk=False)
        for block in matcher.get_matching_blocks():
            for d in range(block.size):
                old_toks[block.a + d].fill_same = new_toks[block.b + d].fill_same = True
        words += sum(1 for t in old_toks + new_toks if not t.fill_same and norm(t.text))
    return {"occurrences": len(replaced), "words": words}

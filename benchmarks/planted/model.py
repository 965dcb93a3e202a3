"""The planting model: an agreement as a tree of clauses whose words each
carry the id of the planted edit that changed them (or none).

    Agreement (docwriter) --to_doc--> Doc of Nodes of Toks --to_agreement--> Agreement

Labels are not words: ``renumber`` relabels siblings by position, so a
renumbered "D." that became "C." is no change.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from benchmarks.docwriter import Agreement, Clause
from benchmarks.planted.parsing import roman_value, to_roman

EDIT_TYPES = (
    "change-word",
    "change-number",
    "insert-sentence",
    "delete-sentence",
    "insert-subsection",
    "delete-subsection",
    "move",
)
#: Not a planted change: the words of a replaced agency name (--fill-ins).
FILL_TYPE = "fill-in-agency"
#: Not a planted change: words misread on purpose (--ocr-noise) and their clean counterparts.
NOISE_TYPE = "ocr-noise-injected"


@dataclass
class Tok:
    """A word and the id of the planted edit that changed it (None: unchanged).

    With --fill-ins, ``fill`` is the id of the agency-name occurrence the
    word belongs to, and ``fill_same`` says it reads the same on both sides
    ("County" in "Bay County Sheriff's Office" -> "Marlow County Sheriff's Office")."""

    text: str
    edit: int | None = None
    fill: int | None = None
    fill_same: bool = False
    #: --ocr-noise: misread on purpose (old side), or the counterpart of such a word (new side).
    noise: bool = False
    noise_ctx: bool = False


@dataclass
class Node:
    uid: int
    label: str
    style: str  # "roman", "letter", "digit", "appendix" or "" (unnumbered)
    title: list[Tok]
    paras: list[list[Tok]]
    children: list[Node] = field(default_factory=list)

    def tokens(self) -> Iterable[Tok]:
        yield from self.title
        for p in self.paras:
            yield from p

    def __deepcopy__(self, memo: dict[int, Any]) -> Node:
        # copy.deepcopy's generic walk is most of the time a pair took (no
        # word or node is shared, so a plain recursive copy is the same).
        def toks(ts: list[Tok]) -> list[Tok]:
            return [Tok(t.text, t.edit, t.fill, t.fill_same, t.noise, t.noise_ctx) for t in ts]

        return Node(self.uid, self.label, self.style, toks(self.title), [toks(p) for p in self.paras],
                    [copy.deepcopy(c, memo) for c in self.children])


@dataclass
class Doc:
    title_lines: list[str]
    nodes: list[Node]
    agency: str = ""


@dataclass
class Planted:
    """One planted edit. ``clause`` is the uid of the clause it lives in."""

    id: int
    type: str
    clause: int
    detail: str


@dataclass
class Pair:
    name: str
    old: Doc
    new: Doc
    edits: list[Planted]
    moved: list[int]
    #: --fill-ins: the agencies and how many occurrences and words were replaced.
    fill_ins: dict[str, Any] | None = None
    #: --ocr-noise: how many words were misread.
    ocr_noise: dict[str, Any] | None = None


def _style(label: str, level: int) -> str:
    if not label:
        return ""
    if label.startswith("APPENDIX"):
        return "appendix"
    core = label.rstrip(".")
    if core.isdigit():
        return "digit"
    if level == 0 and roman_value(core) is not None:
        return "roman"
    if len(core) == 1 and core.isalpha():
        return "letter"
    return ""


def to_doc(agreement: Agreement) -> Doc:
    """Turn a flat Agreement into a tree, numbering clauses by position."""
    top: list[Node] = []
    stack: list[tuple[int, Node]] = []
    for uid, c in enumerate(agreement.clauses):
        node = Node(uid, c.label, _style(c.label, c.level), _toks(c.title), [_toks(p) for p in c.paragraphs])
        while stack and stack[-1][0] >= c.level:
            stack.pop()
        (stack[-1][1].children if stack else top).append(node)
        stack.append((c.level, node))
    doc = Doc(list(agreement.title_lines), top, agreement.agency)
    for group in sibling_groups(doc):
        renumber(group)
    return doc


def _toks(text: str) -> list[Tok]:
    return [Tok(w) for w in text.split()]


def to_agreement(doc: Doc) -> Agreement:
    clauses: list[Clause] = []

    def walk(nodes: list[Node], level: int) -> None:
        for n in nodes:
            clauses.append(
                Clause(n.label, " ".join(t.text for t in n.title), [" ".join(t.text for t in p) for p in n.paras], level)
            )
            walk(n.children, level + 1)

    walk(doc.nodes, 0)
    return Agreement(list(doc.title_lines), clauses, doc.agency)


def flatten(doc: Doc) -> list[Node]:
    out: list[Node] = []

    def walk(nodes: list[Node]) -> None:
        for n in nodes:
            out.append(n)
            walk(n.children)

    walk(doc.nodes)
    return out


def sibling_groups(doc: Doc) -> list[list[Node]]:
    """Every list of siblings, top level first."""
    out = [doc.nodes]
    for n in flatten(doc):
        if n.children:
            out.append(n.children)
    return out


def _label(style: str, k: int) -> str:
    if style == "roman":
        return f"{to_roman(k + 1)}."
    if style == "letter":
        return f"{chr(ord('A') + k)}." if k < 26 else f"{chr(ord('A') + k // 26 - 1)}{chr(ord('A') + k % 26)}."
    if style == "digit":
        return f"{k + 1}."
    if style == "appendix":
        return f"APPENDIX {chr(ord('A') + k)}"
    raise ValueError(style)


def renumber(group: list[Node]) -> None:
    """Label the numbered members of a sibling list by position, per style."""
    seen: Counter[str] = Counter()
    for n in group:
        if n.style:
            n.label = _label(n.style, seen[n.style])
            seen[n.style] += 1

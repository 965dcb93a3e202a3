"""Planting seeded edits in a copy of a document: a word or a number
changed, a sentence inserted or deleted, a subsection inserted or deleted
(later ones renumber), a leaf clause moved. The new side gets the edits; the
old side only gets the flags of the words an edit removed or changed.
"""

from __future__ import annotations

import copy
import itertools
import random
import re
from collections.abc import Callable
from typing import Any

from benchmarks.planted.model import (
    EDIT_TYPES,
    Doc,
    Node,
    Pair,
    Planted,
    Tok,
    flatten,
    renumber,
    sibling_groups,
)
from benchmarks.planted.streams import norm

SENTENCES = [
    "The LEA will designate a single point of contact for all matters arising under this MOA.",
    "Participating LEA personnel shall complete annual ethics training provided by the LEA.",
    "ICE may audit the records kept under this MOA at any time upon reasonable notice.",
    "The LEA shall retain all records created under this MOA for a period of five years.",
    "Any change in the LEA's chain of command must be reported to the FOD within ten business days.",
    "The parties will review the staffing of the program at each annual meeting.",
    "Nothing in this paragraph requires the LEA to hire additional personnel.",
    "The FOD may request a written summary of program activities at the end of each quarter.",
    "Participating LEA personnel must wear their issued credentials at all times while on duty in the facility.",
    "The LEA shall notify ICE in writing of any participating LEA personnel who leave its employment.",
    "Requests for additional training slots must be submitted to ICE at least sixty days in advance.",
    "ICE will provide the LEA with updated policy guidance as it becomes available.",
    "The LEA will make reasonable efforts to provide private interview space for ICE personnel.",
    "All information systems used under this MOA are subject to monitoring by DHS.",
    "A participating officer who is placed on administrative leave shall not exercise delegated authority.",
    "The LEA will submit monthly statistics on encounters under this MOA to the FOD.",
    "ICE will bear the cost of replacing any equipment that fails through normal use.",
    "Language access services shall be made available at no cost to the individual.",
    "The LEA shall post a copy of the complaint procedure in each booking area.",
    "Disputes under this section will first be referred to the points of contact for resolution.",
    "The LEA agrees to maintain liability insurance in an amount consistent with State law.",
    "Participating LEA personnel shall not use delegated authority for any personal purpose.",
    "ICE retains the right to withdraw any credential issued under this MOA without prior notice.",
    "The parties will meet within thirty days of any significant incident involving participating LEA personnel.",
    "The LEA will give ICE access to booking records needed to carry out this MOA.",
    "Training materials provided by ICE remain the property of ICE and may not be copied.",
    "Participating LEA personnel will document each interview in the system designated by ICE.",
    "The FOD will inform the LEA of any change to the field office's area of responsibility.",
    "The LEA shall designate a supervisor to attend each quarterly review meeting.",
    "A summary of each review meeting will be shared with both parties in writing.",
    "Any detainee who requests medical attention shall be referred to the facility's medical staff promptly.",
    "The LEA will ensure that participating LEA personnel have access to a secure telephone line.",
    "The obligations in this paragraph survive the termination of this MOA.",
    "ICE will notify the LEA in writing of any change to the training curriculum.",
    "The LEA shall keep a current roster of all participating LEA personnel and share it with ICE.",
    "Requests for public records that concern ICE information shall be forwarded to ICE within five days.",
]

SUBSECTION_TITLES = [
    "DATA SECURITY AND RECORDS",
    "USE OF FORCE REPORTING",
    "LANGUAGE ACCESS PLAN",
    "TRAINING RECORDS",
    "PERFORMANCE REVIEWS",
    "MEDICAL SCREENING OF DETAINEES",
    "VEHICLES AND EQUIPMENT",
    "AUDITS AND INSPECTIONS",
    "CONFLICTS OF INTEREST",
    "STATISTICAL REPORTING",
    "STAFFING AND SCHEDULING",
    "RECORDS RETENTION",
]

SWAPS = {
    "shall": "may", "may": "shall", "will": "shall", "must": "should", "should": "must",
    "written": "oral", "promptly": "immediately", "immediately": "promptly", "annually": "quarterly",
    "all": "any", "any": "all", "minimum": "maximum", "maximum": "minimum", "approved": "reviewed",
    "reviewed": "approved", "federal": "state", "state": "federal", "local": "regional",
    "appropriate": "applicable", "timely": "prompt", "certified": "qualified", "supervision": "oversight",
    "training": "instruction", "policies": "procedures", "procedures": "policies", "personnel": "officers",
    "complaint": "grievance", "notice": "notification", "days": "weeks", "hours": "days",
    "required": "permitted", "director": "administrator", "media": "press", "officer": "agent",
    "responsible": "liable", "terminate": "suspend", "suspend": "terminate", "include": "exclude",
}
_ABBREV = {"u.s.", "u.s.c.", "c.f.r.", "e.g.", "i.e.", "no.", "pub.", "l.", "mr.", "dr.", "st.", "v.", "seq.", "etc."}
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "ten", "twelve", "thirty", "sixty", "ninety")
_UNITS = {"day", "days", "hour", "hours", "week", "weeks", "month", "months", "year", "years", "percent",
          "business", "calendar", "working", "minutes"}
_NUMBER = re.compile(
    r"^(\d{1,3}|(?i:" + "|".join(_NUMBER_WORDS) + r"))(-(?:day|hour|week|month|year|percent)s?)?([,.;:]?)$"
)


def _sentence_starts(words: list[Tok]) -> list[int]:
    """Indices at which a sentence starts (0 included)."""
    starts = [0]
    for i in range(1, len(words)):
        prev, cur = words[i - 1].text, words[i].text
        if re.search(r"[.;!?][\"\u201d)]?$", prev) and prev.lower() not in _ABBREV and cur[:1].isupper():
            starts.append(i)
    return starts


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Planter:
    """Plants edits in a copy of a document; the old side only gets flags."""

    def __init__(self, doc: Doc, rng: random.Random, *, move_edits: bool = False):
        self.rng = rng
        #: --move-edits: a moved clause is also edited (see _edit_moved).
        self.move_edits = move_edits
        self.old = copy.deepcopy(doc)
        self.new = copy.deepcopy(doc)
        self.edits: list[Planted] = []
        self.moved: list[int] = []
        self.touched: set[int] = set()
        self.next_uid = max((n.uid for n in flatten(doc)), default=0) + 1
        self.sentences = list(SENTENCES)
        rng.shuffle(self.sentences)
        self.titles = [t for t in SUBSECTION_TITLES if t not in {" ".join(x.text for x in n.title) for n in flatten(doc)}]
        rng.shuffle(self.titles)

    # helpers
    def _nodes(self, doc: Doc) -> dict[int, Node]:
        return {n.uid: n for n in flatten(doc)}

    def _new_edit(self, type_: str, clause: int, detail: str) -> int:
        e = Planted(len(self.edits), type_, clause, detail)
        self.edits.append(e)
        self.touched.add(clause)
        return e.id

    def _candidate_clauses(self) -> list[Node]:
        # Not the signature block (unnumbered, untitled, after the preamble).
        first = flatten(self.new)[0].uid
        return [n for n in flatten(self.new) if n.uid not in self.touched and n.uid in self._nodes(self.old)
                and any(len(p) >= 8 for p in n.paras) and (n.label or n.title or n.uid == first)]

    def plant(self, type_: str) -> bool:
        return bool(getattr(self, "_" + type_.replace("-", "_"))())

    # text edits: the clause keeps its paragraphs, so old and new positions agree
    def _change_word(self) -> bool:
        return self._swap_token(
            "change-word",
            lambda para, i: re.sub(r"[^\w]", "", para[i].text).lower() in SWAPS,
            lambda t: _replace_core(t.text, lambda w: _case_like(SWAPS[w.lower()], w)),
        )

    def _change_number(self) -> bool:
        """A quantity: "70-percent", "90-day", "48 hours", "two years" (not a
        citation like "8 U.S.C." nor a list number "2)")."""

        def is_quantity(para: list[Tok], i: int) -> bool:
            m = _NUMBER.match(para[i].text)
            if not m:
                return False
            after = norm(para[i + 1].text) if i + 1 < len(para) else ""
            return bool(m.group(2)) or after in _UNITS

        def new_number(text: str) -> str:
            m = _NUMBER.match(text)
            assert m
            core = m.group(1)
            if core.isdigit():
                n = int(core)
                top = 100 if "percent" in text else 10_000
                options = [str(x) for x in (n + 5, n + 10, n * 2, n // 2, n - 5) if 0 < x <= top and x != n]
            else:
                options = [w for w in _NUMBER_WORDS if w != core.lower()]
            return f"{_case_like(self.rng.choice(options), core)}{m.group(2) or ''}{m.group(3)}"

        return self._swap_token("change-number", is_quantity, lambda t: new_number(t.text))

    def _swap_token(self, type_: str, ok: Any, make: Any) -> bool:
        old_nodes = self._nodes(self.old)
        spots = [
            (n, p, i)
            for n in self._candidate_clauses()
            for p, para in enumerate(n.paras)
            for i in range(len(para))
            if ok(para, i)
        ]
        if not spots:
            return False
        node, p, i = self.rng.choice(spots)
        old_tok = old_nodes[node.uid].paras[p][i]
        new_text = make(node.paras[p][i])
        eid = self._new_edit(type_, node.uid, f"{old_tok.text!r} -> {new_text!r}")
        old_tok.edit = eid
        node.paras[p][i] = Tok(new_text, eid)
        return True

    def _insert_sentence(self) -> bool:
        clauses = self._candidate_clauses()
        if not clauses or not self.sentences:
            return False
        node = self.rng.choice(clauses)
        p = self.rng.choice([k for k, para in enumerate(node.paras) if len(para) >= 8])
        starts = _sentence_starts(node.paras[p]) + [len(node.paras[p])]
        at = self.rng.choice(starts)
        sentence = self.sentences.pop()
        eid = self._new_edit("insert-sentence", node.uid, sentence)
        node.paras[p][at:at] = [Tok(w, eid) for w in sentence.split()]
        return True

    def _delete_sentence(self) -> bool:
        old_nodes = self._nodes(self.old)
        spots = []
        for n in self._candidate_clauses():
            for p, para in enumerate(n.paras):
                bounds = _sentence_starts(para) + [len(para)]
                for a, b in itertools.pairwise(bounds):
                    if len(bounds) > 2 and 4 <= b - a <= 60:
                        spots.append((n, p, a, b))
        if not spots:
            return False
        node, p, a, b = self.rng.choice(spots)
        old_para = old_nodes[node.uid].paras[p]
        eid = self._new_edit("delete-sentence", node.uid, " ".join(t.text for t in old_para[a:b]))
        for t in old_para[a:b]:
            t.edit = eid
        del node.paras[p][a:b]
        return True

    # structural edits
    def _numbered_groups(self, min_size: int) -> list[list[Node]]:
        return [g for g in sibling_groups(self.new)
                if sum(1 for n in g if n.style in ("roman", "letter", "digit")) >= min_size]

    def _insert_subsection(self) -> bool:
        groups = self._numbered_groups(2)
        if not groups or not self.titles:
            return False
        group = self.rng.choice(groups)
        numbered = [k for k, n in enumerate(group) if n.style in ("roman", "letter", "digit")]
        style = group[numbered[0]].style
        # Between two numbered siblings or after the last one.
        at = self.rng.choice([k for k in numbered[1:]] + [numbered[-1] + 1])
        uid = self.next_uid
        self.next_uid += 1
        title = self.titles.pop()
        eid = self._new_edit("insert-subsection", uid, title)
        paras = []
        for _ in range(self.rng.randint(1, 2)):
            text = " ".join(self.sentences.pop() for _ in range(min(len(self.sentences), self.rng.randint(2, 3))))
            paras.append([Tok(w, eid) for w in text.split()])
        group.insert(at, Node(uid, "", style, [Tok(w, eid) for w in title.split()], paras))
        renumber(group)
        return True

    def _leaves(self, min_size: int) -> list[tuple[list[Node], int]]:
        return [
            (g, k)
            for g in self._numbered_groups(min_size)
            for k, n in enumerate(g)
            if n.style in ("roman", "letter", "digit") and not n.children and n.uid not in self.touched
            and n.uid in self._nodes(self.old)
        ]

    def _delete_subsection(self) -> bool:
        spots = self._leaves(3)
        if not spots:
            return False
        group, k = self.rng.choice(spots)
        node = group.pop(k)
        eid = self._new_edit("delete-subsection", node.uid, " ".join(t.text for t in node.title))
        for t in self._nodes(self.old)[node.uid].tokens():
            t.edit = eid
        renumber(group)
        return True

    def _move(self) -> bool:
        # Not the clause that closes with "By signing this MOA": the signature
        # block follows it in every agreement.
        spots = [(g, k) for g, k in self._leaves(3) if sum(len(p) for p in g[k].paras) >= 10
                 and not any(p and p[0].text == "By" and p[1].text == "signing" for p in g[k].paras if len(p) > 1)]
        self.rng.shuffle(spots)
        for group, k in spots:
            node = group[k]
            same_style = [g for g in sibling_groups(self.new) if any(n.style == node.style and n is not node for n in g)]
            target = self.rng.choice(same_style)
            numbered = [j for j, n in enumerate(target) if n.style == node.style and n is not node]
            if target is group:
                # At least two places away, so that this clause, not its
                # neighbours, is what moved.
                rest = [n for n in group if n is not node]
                last = max(j for j, n in enumerate(rest) if n.style == node.style)
                places = [j for j in range(last + 2)
                          if abs(j - k) >= 2 and (j == last + 1 or rest[j].style == node.style)]
                if not places:
                    continue
                j = self.rng.choice(places)
                group.pop(k)
                group.insert(j, node)
                renumber(group)
            else:
                j = self.rng.choice(numbered + [numbered[-1] + 1])
                group.pop(k)
                target.insert(j, node)
                renumber(group)
                renumber(target)
            self._new_edit("move", node.uid, " ".join(t.text for t in node.title))
            self.moved.append(node.uid)
            if self.move_edits:
                self._edit_moved(node)
            return True
        return False

    def _edit_moved(self, node: Node) -> None:
        """--move-edits: the moved clause is edited too, as ICE's revisions
        do: a word changed (where one of SWAPS is) and a sentence inserted.
        The clause is still one change, moved and modified."""
        old_node = self._nodes(self.old)[node.uid]
        spots = [(p, i) for p, para in enumerate(node.paras) for i in range(len(para))
                 if re.sub(r"[^\w]", "", para[i].text).lower() in SWAPS]
        if spots:  # first, while old and new token positions still agree
            p, i = self.rng.choice(spots)
            new_text = _replace_core(node.paras[p][i].text, lambda w: _case_like(SWAPS[w.lower()], w))
            eid = self._new_edit("change-word", node.uid, f"{node.paras[p][i].text!r} -> {new_text!r}")
            old_node.paras[p][i].edit = eid
            node.paras[p][i] = Tok(new_text, eid)
        paras = [k for k, para in enumerate(node.paras) if para]
        if paras and self.sentences:
            p = self.rng.choice(paras)
            at = self.rng.choice(_sentence_starts(node.paras[p]) + [len(node.paras[p])])
            sentence = self.sentences.pop()
            eid = self._new_edit("insert-sentence", node.uid, sentence)
            node.paras[p][at:at] = [Tok(w, eid) for w in sentence.split()]


def _replace_core(text: str, fn: Callable[[str], str]) -> str:
    m = re.match(r"^(\W*)(\w+)(.*)$", text)
    if not m:
        return text
    return m.group(1) + fn(m.group(2)) + m.group(3)


def plant(doc: Doc, rng: random.Random, *, name: str = "", move_edits: bool = False) -> Pair:
    """Plant 3-7 edits in a copy of ``doc``: each structural kind at most once
    (with probability one half), two to four text edits. With
    ``move_edits``, a moved clause is also edited (a word, a sentence).

    >>> from benchmarks.docwriter import Agreement, Clause
    >>> from benchmarks.planted.model import to_doc
    >>> a = Agreement(["MOA"], [Clause("I.", "PARTIES", ["One two three. Four five six seven eight."])])
    >>> pair = plant(to_doc(a), random.Random(1))
    >>> [e.type for e in pair.edits] != []
    True
    """
    p = Planter(doc, rng, move_edits=move_edits)
    kinds = [k for k in ("move", "insert-subsection", "delete-subsection") if rng.random() < 0.5]
    kinds += [rng.choice(EDIT_TYPES[:4]) for _ in range(rng.randint(2, 4))]
    rng.shuffle(kinds)
    for kind in kinds:
        if not p.plant(kind):
            p.plant(rng.choice(EDIT_TYPES[:4]))
    return Pair(name, p.old, p.new, p.edits, p.moved)

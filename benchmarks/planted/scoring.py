"""Scoring: the reported words are aligned with the ground truth, side by
side, and flags transferred across aligned words: precision = true /
reported, recall = true / planted. Moves are scored apart: a moved clause
must come out ``moved``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from benchmarks.planted.model import FILL_TYPE, NOISE_TYPE, Pair
from benchmarks.planted.streams import Word, opcodes, truth_stream


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    #: Per edit type: [true, missed, false] word counts.
    by_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    #: Per edit type: [planted, found] edits; an edit is found when at least
    #: half of its words are reported (a move: when it is reported moved).
    edits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    #: Per planted edit id: [true, missed] words (one pair only).
    by_edit: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    moves_planted: int = 0
    moves_found: int = 0
    false_moves: int = 0
    contract_mismatches: int = 0
    #: --fill-ins: the words of replaced agency names that differ between the
    #: sides, and what the report made of those it has: kind "fill-in",
    #: "substantive" or another kind (the rest are equal or not found).
    fill_words: int = 0
    fill_as_fill: int = 0
    fill_as_substantive: int = 0
    fill_as_other: int = 0
    #: False words (counted in ``fp`` too) that belong to a replaced agency name.
    fill_fp: int = 0
    #: --ocr-noise: the words misread on purpose, and what the report made of
    #: those it has: kind "ocr-noise", "substantive" or another kind.
    noise_words: int = 0
    noise_as_noise: int = 0
    noise_as_substantive: int = 0
    noise_as_other: int = 0
    #: False words (counted in ``fp`` too) of a misreading or its counterpart.
    noise_fp: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for k, v in other.by_type.items():
            mine = self.by_type[k]
            for i in range(3):
                mine[i] += v[i]
        for k, v in other.edits.items():
            self.edits[k][0] += v[0]
            self.edits[k][1] += v[1]
        for e, v in other.by_edit.items():
            self.by_edit[e][0] += v[0]
            self.by_edit[e][1] += v[1]
        self.moves_planted += other.moves_planted
        self.moves_found += other.moves_found
        self.false_moves += other.false_moves
        self.contract_mismatches += other.contract_mismatches
        self.fill_words += other.fill_words
        self.fill_as_fill += other.fill_as_fill
        self.fill_as_substantive += other.fill_as_substantive
        self.fill_as_other += other.fill_as_other
        self.fill_fp += other.fill_fp
        self.noise_words += other.noise_words
        self.noise_as_noise += other.noise_as_noise
        self.noise_as_substantive += other.noise_as_substantive
        self.noise_as_other += other.noise_as_other
        self.noise_fp += other.noise_fp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def precision_without_fill(self) -> float:
        """Precision as if the words of replaced agency names were not there."""
        fp = self.fp - self.fill_fp
        return self.tp / (self.tp + fp) if self.tp + fp else 1.0

    @property
    def precision_without_noise(self) -> float:
        """Precision as if the injected misreadings (and counterparts) were not there."""
        fp = self.fp - self.noise_fp
        return self.tp / (self.tp + fp) if self.tp + fp else 1.0

    @property
    def noise_recall(self) -> float:
        """Share of injected words not reported substantive."""
        return 1 - self.noise_as_substantive / self.noise_words if self.noise_words else 1.0

    @property
    def fill_recall(self) -> float:
        return self.fill_as_fill / self.fill_words if self.fill_words else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "true": self.tp,
            "false": self.fp,
            "missed": self.fn,
            "by_type": {k: dict(zip(("true", "missed", "false"), v)) for k, v in sorted(self.by_type.items())},
            "edits": {k: dict(zip(("planted", "found"), v)) for k, v in sorted(self.edits.items())},
            "moves_planted": self.moves_planted,
            "moves_found": self.moves_found,
            "false_moves": self.false_moves,
            "contract_mismatches": self.contract_mismatches,
        } | ({"fill_ins": {
            "words": self.fill_words,
            "reported_fill_in": self.fill_as_fill,
            "reported_substantive": self.fill_as_substantive,
            "reported_other_kind": self.fill_as_other,
            "false_words": self.fill_fp,
            "recall": round(self.fill_recall, 4),
            "precision_excluding_fill_ins": round(self.precision_without_fill, 4),
        }} if self.fill_words or self.fill_fp else {}) | ({"ocr_noise": {
            "words": self.noise_words,
            "reported_ocr_noise": self.noise_as_noise,
            "reported_substantive": self.noise_as_substantive,
            "reported_other_kind": self.noise_as_other,
            "false_words": self.noise_fp,
            "recall": round(self.noise_recall, 4),
            "precision_excluding_noise": round(self.precision_without_noise, 4),
        }} if self.noise_words or self.noise_fp else {})


def align(truth: list[Word], reported: list[Word]) -> list[int]:
    """For each reported word, the index of the truth word it aligns with (-1: none)."""
    where = [-1] * len(reported)
    for op, i1, i2, j1, j2 in opcodes([w.norm for w in truth], [w.norm for w in reported]):
        if op == "equal":
            for k in range(i2 - i1):
                where[j1 + k] = i1 + k
    return where


def score_side(truth: list[Word], reported: list[Word], types: dict[int, str],
               hosts: dict[int, str]) -> tuple[Score, list[int]]:
    """Transfer flags across aligned words and count.

    ``types`` maps an edit id to its type; ``hosts`` maps a clause uid to the
    type of the edit planted in it, so that a false word in that clause is
    charged to that type ("other" elsewhere).
    """
    s = Score()
    where = align(truth, reported)
    matched = [False] * len(truth)
    last_clause = -1
    for j, i in enumerate(where):
        w = reported[j]
        if i >= 0:
            matched[i] = True
            last_clause = truth[i].clause
            t = truth[i]
            if t.fill:
                if w.kind == "fill-in":
                    s.fill_as_fill += 1
                elif w.flag:
                    s.fill_as_substantive += 1
                elif w.kind is not None:
                    s.fill_as_other += 1
            if t.noise:
                if w.kind == "ocr-noise":
                    s.noise_as_noise += 1
                elif w.flag:
                    s.noise_as_substantive += 1
                elif w.kind is not None:
                    s.noise_as_other += 1
            if t.flag and w.flag:
                s.tp += 1
                s.by_type[types[t.edit]][0] += 1  # type: ignore[index]
                s.by_edit[t.edit][0] += 1  # type: ignore[index]
            elif t.flag:
                s.fn += 1
                s.by_type[types[t.edit]][1] += 1  # type: ignore[index]
                s.by_edit[t.edit][1] += 1  # type: ignore[index]
            elif w.flag and t.fill_ctx:
                s.fp += 1
                s.fill_fp += 1
                s.by_type[FILL_TYPE][2] += 1
            elif w.flag and t.noise_ctx:
                s.fp += 1
                s.noise_fp += 1
                s.by_type[NOISE_TYPE][2] += 1
            elif w.flag:
                s.fp += 1
                s.by_type[hosts.get(t.clause, "other")][2] += 1
        elif w.flag:
            s.fp += 1
            s.by_type[hosts.get(last_clause, "other")][2] += 1
    for i, t in enumerate(truth):
        s.fill_words += t.fill
        s.noise_words += t.noise
        if t.flag and not matched[i]:
            s.fn += 1
            s.by_type[types[t.edit]][1] += 1  # type: ignore[index]
            s.by_edit[t.edit][1] += 1  # type: ignore[index]
    return s, where


def score(pair: Pair, old_reported: list[Word], new_reported: list[Word],
          report: dict[str, Any] | None = None) -> Score:
    """Score one comparison (or baseline) of a planted pair."""
    types = {e.id: e.type for e in pair.edits}
    hosts = {e.clause: e.type for e in pair.edits}
    old_truth, new_truth = truth_stream(pair.old), truth_stream(pair.new)
    total = Score()
    for e in pair.edits:
        total.by_type[e.type]  # every planted type shows up in the table
    s_old, _ = score_side(old_truth, old_reported, types, hosts)
    s_new, where = score_side(new_truth, new_reported, types, hosts)
    total.add(s_old)
    total.add(s_new)
    moved_found: set[int] = set()
    if report is not None:
        changes = report.get("changes", [])
        # Which entry holds most of each clause's new-side words.
        entry_votes: dict[int, Counter[int]] = defaultdict(Counter)
        clause_votes: dict[int, Counter[int]] = defaultdict(Counter)
        for j, i in enumerate(where):
            if i >= 0:
                entry_votes[new_truth[i].clause][new_reported[j].entry] += 1
                clause_votes[new_reported[j].entry][new_truth[i].clause] += 1
        total.moves_planted = len(pair.moved)
        for uid in pair.moved:
            votes = entry_votes.get(uid)
            if votes:
                entry = votes.most_common(1)[0][0]
                if 0 <= entry < len(changes) and changes[entry].get("moved"):
                    total.moves_found += 1
                    moved_found.add(uid)
        for k, change in enumerate(changes):
            if change.get("moved"):
                votes = clause_votes.get(k)
                if not votes or votes.most_common(1)[0][0] not in pair.moved:
                    total.false_moves += 1
    for e in pair.edits:
        planted_found = total.edits[e.type]
        planted_found[0] += 1
        if e.type == "move":
            planted_found[1] += e.clause in moved_found
        else:
            tp, fn = total.by_edit.get(e.id, [0, 0])
            planted_found[1] += tp + fn > 0 and tp >= fn
    total.by_edit.clear()
    return total


def score_from_dict(d: dict[str, Any]) -> Score:
    """The Score a worker sent back as ``Score.to_dict()``."""
    s = Score(d["true"], d["false"], d["missed"])
    for k, v in d["by_type"].items():
        s.by_type[k] = [v["true"], v["missed"], v["false"]]
    for k, v in d["edits"].items():
        s.edits[k] = [v["planted"], v["found"]]
    s.moves_planted, s.moves_found, s.false_moves = d["moves_planted"], d["moves_found"], d["false_moves"]
    s.contract_mismatches = d["contract_mismatches"]
    f = d.get("fill_ins", {})
    s.fill_words, s.fill_as_fill = f.get("words", 0), f.get("reported_fill_in", 0)
    s.fill_as_substantive, s.fill_as_other = f.get("reported_substantive", 0), f.get("reported_other_kind", 0)
    s.fill_fp = f.get("false_words", 0)
    n = d.get("ocr_noise", {})
    s.noise_words, s.noise_as_noise = n.get("words", 0), n.get("reported_ocr_noise", 0)
    s.noise_as_substantive, s.noise_as_other = n.get("reported_substantive", 0), n.get("reported_other_kind", 0)
    s.noise_fp = n.get("false_words", 0)
    return s


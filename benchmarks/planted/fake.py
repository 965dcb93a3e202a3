"""Fake reports: comparison dicts in the moadiff.comparison/1 shape made from
the ground truth (``--fake``), to check the scoring itself: a perfect report
must score 1.0 / 1.0.
"""

from __future__ import annotations

from typing import Any

from benchmarks.planted.model import Node, Pair, Tok, flatten


def fake_report(pair: Pair, *, mode: str = "perfect") -> dict[str, Any]:
    """A comparison dict in the moadiff.comparison/1 shape, made from the
    ground truth: "perfect" reports exactly the planted words and moves;
    "everything" reports every word of every clause as changed."""
    old_nodes = {n.uid: (k, n) for k, n in enumerate(flatten(pair.old))}
    new_nodes = {n.uid: (k, n) for k, n in enumerate(flatten(pair.new))}
    changes: list[dict[str, Any]] = []

    def side(k: int, n: Node) -> dict[str, Any]:
        return {
            "id": n.label or str(n.uid),
            "title": " ".join(t.text for t in n.title),
            "text": "\n".join(" ".join(t.text for t in p) for p in n.paras),
            "pages": [1, 1],
            "index": k,
        }

    for uid in sorted(set(old_nodes) | set(new_nodes), key=lambda u: (new_nodes.get(u) or old_nodes[u])[0]):
        o, n = old_nodes.get(uid), new_nodes.get(uid)
        entry: dict[str, Any] = {
            "old": side(*o) if o else None,
            "new": side(*n) if n else None,
            "moved": mode == "perfect" and uid in pair.moved,
            "similarity": 1.0,
            "edits": [],
        }
        if o and n:
            ot, nt = list(o[1].tokens()), list(n[1].tokens())
            if mode == "everything":
                edits = [{"op": "replace", "old": " ".join(t.text for t in ot),
                          "new": " ".join(t.text for t in nt), "kind": "substantive"}]
            else:
                edits = _edits_from_flags(ot, nt)
            entry["edits"] = edits
            entry["status"] = "modified" if any(e["op"] != "equal" for e in edits) else "unchanged"
        else:
            entry["status"] = "removed" if o else "added"
        changes.append(entry)
    return {"schema": "moadiff.comparison/1", "changes": changes}


def _category(t: Tok) -> str | None:
    """"s": a planted change; "f": a fill-in word that differs; "n": a
    misreading (--ocr-noise) or its counterpart; None: equal."""
    if t.edit is not None:
        return "s"
    if t.noise_ctx:
        return "n"
    return "f" if t.fill is not None and not t.fill_same else None


def _edits_from_flags(old: list[Tok], new: list[Tok]) -> list[dict[str, Any]]:
    """Runs of unflagged words are equal on both sides; flagged runs between
    them are the edits (kind "fill-in" for runs of fill-in words)."""
    edits: list[dict[str, Any]] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and _category(old[i]) is None and _category(new[j]) is None:
            a = i
            while i < len(old) and j < len(new) and _category(old[i]) is None and _category(new[j]) is None:
                i += 1
                j += 1
            text = " ".join(t.text for t in old[a:i])
            edits.append({"op": "equal", "old": text, "new": text, "kind": None})
            continue
        cat = (_category(old[i]) if i < len(old) else None) or (_category(new[j]) if j < len(new) else None)
        if cat is None:  # only unflagged words left on one side: a ground-truth bug
            raise AssertionError("unflagged words differ between old and new")
        a, b = i, j
        while i < len(old) and _category(old[i]) == cat:
            i += 1
        while j < len(new) and _category(new[j]) == cat:
            j += 1
        if a == i and b == j:  # only unflagged words left on one side: a ground-truth bug
            raise AssertionError("unflagged words differ between old and new")
        op = "replace" if i > a and j > b else ("delete" if i > a else "insert")
        edits.append({"op": op, "old": " ".join(t.text for t in old[a:i]),
                      "new": " ".join(t.text for t in new[b:j]),
                      "kind": {"f": "fill-in", "n": "ocr-noise"}.get(cat, "substantive")})
    return edits

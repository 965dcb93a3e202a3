"""The JSON report, schema "moadiff.comparison/1" (documented in the README).

Later features add fields; the ones here keep their meaning.
"""

from __future__ import annotations

import json
from typing import Any

from moadiff.model import Clause, ClauseChange, Comparison, DocumentInfo, Edit, Moved, StaleReference
from moadiff.render import Target
from moadiff.render.common import provenance
from moadiff.watch import topics

SCHEMA = "moadiff.comparison/1"


def _document(info: DocumentInfo) -> dict[str, Any]:
    p = info.profile
    return {
        "path": info.path, "name": info.name, "sha256": info.sha256, "format": info.format,
        "pages": info.pages, "engine": info.engine,
        "notices": [{"code": n.code, "message": n.message, "pages": list(n.pages)} for n in info.notices],
        "profile": {
            "model": p.model, "model_name": p.model_name, "revision": p.revision, "agency": p.agency,
            "abbreviations": list(p.abbreviations), "signed": p.signed,
        },
        "page_info": [
            {"page": pg.number, "text_quality": pg.text_quality, "ocr": pg.ocr, "word_share": pg.word_share,
             "ocr_confidence": pg.confidence}
            for pg in info.page_info
        ],
    }


def _clause(clause: Clause | None) -> dict[str, Any] | None:
    if clause is None:
        return None
    words = clause.full_text.split()
    return {
        "id": clause.id, "label": clause.label, "title": clause.title, "text": clause.text,
        "pages": [clause.first_page, clause.last_page], "index": clause.index, "kind": clause.kind,
        "level": clause.level, "parent": clause.parent,
        "low_confidence": [{"word": i, "text": words[i], "confidence": c} for i, c in clause.low_confidence],
    }


def _edit(edit: Edit) -> dict[str, Any]:
    out: dict[str, Any] = {"op": edit.op, "old": edit.old, "new": edit.new, "kind": edit.kind}
    if edit.approximate:
        out["approximate"] = True
    if edit.moved is not None:  # text that moved between clauses: where it is in the other version
        out["moved_to" if edit.op == "delete" else "moved_from"] = _moved(edit.moved)
    return out


def _moved(m: Moved) -> dict[str, Any]:
    return {"clause": m.clause, "words": [m.start, m.end]}


def _change(change: ClauseChange) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": change.status, "moved": change.moved, "approximate": change.approximate,
        "old": _clause(change.old), "new": _clause(change.new),
        "similarity": change.similarity,
        "edits": [_edit(e) for e in change.edits],
    }
    if change.old_parts:
        out["merged_from"] = list(change.old_parts)
    if change.new_parts:
        out["split_into"] = list(change.new_parts)
    out["watch"] = list(change.watch)
    if change.moved_text:  # an added or removed clause's words that moved from or to another clause
        key = "moved_to" if change.new is None else "moved_from"
        out[key] = [{"span": [a, b], **_moved(m)} for a, b, m in change.moved_text]
    return out


def _reference(ref: StaleReference) -> dict[str, Any]:
    return {"clause": ref.clause, "text": ref.text, "target": ref.target, "reason": ref.reason, "now": ref.now,
            "message": ref.message}


def to_dict(comparison: Comparison) -> dict[str, Any]:
    s = comparison.summary
    return {
        "schema": SCHEMA,
        "old": _document(comparison.old),
        "new": _document(comparison.new),
        "summary": {
            "unchanged": s.unchanged, "modified": s.modified, "added": s.added, "removed": s.removed,
            "moved": s.moved, "edits": dict(s.edits),
            # The headline: clauses changed in substance (with edits["substantive"]).
            "substantive_clauses": s.substantive_clauses,
            "substantive": comparison.has_substantive_changes,
            # Some clause was compared within a bound (see its "approximate").
            "approximate": comparison.approximate,
        },
        "watch": {
            "topics": [t.name for t in topics(comparison.options)],
            # Indices into "changes" of the changed clauses that mention a
            # watched topic: reports list these first, in document order.
            "changes": [i for i, c in enumerate(comparison.changes) if c.watch],
        },
        "stale_references": [_reference(r) for r in comparison.references],
        "warnings": [{"code": n.code, "message": n.message} for n in comparison.warnings],
        "generated": provenance(comparison),
        "changes": [_change(c) for c in comparison.changes],
    }



def to_json(comparison: Comparison, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(comparison), indent=indent, ensure_ascii=False) + "\n"


def render(comparison: Comparison, target: Target) -> bytes:
    """The JSON report, UTF-8 (the renderer table's entry point, see moadiff.render)."""
    return to_json(comparison).encode("utf-8")

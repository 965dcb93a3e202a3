"""The CSV of changes: one row per change, every edit with its kind, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import moadiff
from moadiff.model import ClauseChange, Comparison
from moadiff.render.common import plain
from moadiff.render.rows import COLUMNS, to_csv

ROOT = Path(__file__).resolve().parents[1]
FILLER = ("The parties agree that this subsection governs the conduct of participating personnel, "
          "and that each party will keep records of the actions it takes under it.")
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def agreement(subsections: dict[str, str]) -> str:
    parts = ["MEMORANDUM OF AGREEMENT", ""]
    for number, title in (("I", "PARTIES"), ("II", "PURPOSE"), ("III", "AUTHORITY"), ("IV", "RESPONSIBILITIES")):
        parts += [f"{number}. {title}", "", FILLER, ""]
    for letter, (title, body) in zip("ABCDEFGH", subsections.items(), strict=False):
        parts += [f"{letter}. {title}", "", body, ""]
    parts += ["V. MODIFICATIONS", "", FILLER, ""]
    return "\n".join(parts)


def compare(tmp_path: Path, old: dict[str, str], new: dict[str, str], **options: Any) -> Comparison:
    a, b = tmp_path / "old.txt", tmp_path / "new.txt"
    a.write_text(agreement(old), encoding="utf-8")
    b.write_text(agreement(new), encoding="utf-8")
    return moadiff.compare(a, b, **options)


def read(comparison: Comparison) -> list[dict[str, str]]:
    text = to_csv(comparison)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert tuple(header) == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


def cell(text: str) -> str:
    """What the CSV should hold for ``text``: its words, invisible characters
    spelt out, a formula start neutralised."""
    value = " ".join(plain(" ".join(text.split())).split())
    return "'" + value if value.startswith(FORMULA) else value


def ids(change: ClauseChange) -> tuple[str, str]:
    return (change.old.id if change.old else "", change.new.id if change.new else "")


def check_every_change_has_its_rows(comparison: Comparison) -> list[dict[str, str]]:
    rows = read(comparison)
    expected: Counter[tuple[str, ...]] = Counter()
    for change in comparison.changes:
        old_id, new_id = ids(change)
        if change.status in ("added", "removed"):
            clause = change.new or change.old
            assert clause is not None
            words = cell(clause.full_text)
            op = "insert" if change.status == "added" else "delete"
            expected[(old_id, new_id, change.status, op, "substantive",
                      "" if change.old is None else words, "" if change.new is None else words)] += 1
            continue
        edits = [e for e in change.edits if e.op != "equal"]
        for e in edits:
            expected[(old_id, new_id, change.status, e.op, e.kind or "substantive", cell(e.old), cell(e.new))] += 1
        if not edits and (change.moved or old_id != new_id):
            expected[(old_id, new_id, change.status, "", "", "", "")] += 1
    got = Counter(tuple(r[k] for k in ("old_id", "new_id", "status", "op", "kind", "old_words", "new_words"))
                  for r in rows)
    assert got == expected
    return rows


def test_sample_round_trip_has_every_edit_with_its_kind() -> None:
    result = moadiff.compare(ROOT / "samples" / "old.txt", ROOT / "samples" / "new.txt")
    rows = check_every_change_has_its_rows(result)
    (moved,) = [r for r in rows if r["moved"] == "true"]
    assert moved["op"] == "" and moved["old_id"] != moved["new_id"]
    assert all(r["moved"] in ("true", "false") for r in rows)


def test_rows_keep_document_order_and_carry_the_watch_topics() -> None:
    result = moadiff.compare(ROOT / "samples" / "old.txt", ROOT / "samples" / "new.txt")
    rows = read(result)
    order = [ids(c) for c in result.changes]
    positions = [order.index((r["old_id"], r["new_id"])) for r in rows]
    assert positions == sorted(positions)
    topics = {ids(c): "; ".join(c.watch) for c in result.changes}
    assert any(r["watch"] for r in rows)
    for r in rows:
        assert r["watch"] == topics[(r["old_id"], r["new_id"])]


def test_pages_and_titles() -> None:
    result = moadiff.compare(ROOT / "samples" / "old.txt", ROOT / "samples" / "new.txt")
    by_ids = {ids(c): c for c in result.changes}
    for r in read(result):
        change = by_ids[(r["old_id"], r["new_id"])]
        clause = change.new or change.old
        assert clause is not None and r["title"] == cell(clause.title)
        for side in ("old", "new"):
            c = getattr(change, side)
            want = "" if c is None else "–".join(dict.fromkeys(map(str, (c.first_page, c.last_page))))
            assert r[f"{side}_pages"] == want


def test_formula_cells_are_neutralised_and_controls_spelt_out(tmp_path: Path) -> None:
    old = {"ALPHA": FILLER + " The fee is =1+1 and the rate -5 per @day.", "BETA": FILLER}
    new = {"ALPHA": FILLER + " The fee is =HYPERLINK(\"http://x\") and the rate +7 per \u202eday.",
           "BETA": FILLER}
    result = compare(tmp_path, old, new)
    rows = check_every_change_has_its_rows(result)
    cells = [v for r in rows for v in r.values()]
    assert "'=1+1" in cells and "'-5" in cells and "'+7" in cells
    assert any(v.startswith("'=HYPERLINK") for v in cells)
    assert not any(v.startswith(FORMULA) for v in cells)
    assert not any("\u202e" in v for v in cells) and any("⟨U+202E⟩" in v for v in cells)


def test_added_and_removed_clauses_are_one_row_each(tmp_path: Path) -> None:
    old = {"ALPHA": FILLER, "BETA": "A duty that goes away entirely, with all of its words."}
    new = {"ALPHA": FILLER, "GAMMA": "An entirely different duty that is new in this version."}
    result = compare(tmp_path, old, new)
    rows = check_every_change_has_its_rows(result)
    assert [r["status"] for r in rows].count("removed") == 1
    assert [r["status"] for r in rows].count("added") == 1


def test_real_pair_round_trip(moa: Path) -> None:
    result = moadiff.compare(moa / "287gJEM_GalvestonCoTX_06-08-2020.pdf",
                             moa / "GraysonCountyDCKY_JEM_MOA_030425.pdf")
    rows = check_every_change_has_its_rows(result)
    kinds = Counter(r["kind"] for r in rows if r["status"] not in ("added", "removed") and r["op"])
    assert {k: kinds[k] for k in result.summary.edits} == result.summary.edits
    renumbered = [r for r in rows if (r["old_id"], r["new_id"]) == ("V.D", "V.C")]
    assert len(renumbered) == 1 and renumbered[0]["op"] == ""


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@x"])
def test_every_formula_start_is_neutralised(tmp_path: Path, value: str) -> None:
    old = {"ALPHA": FILLER + " Pay seven.", "BETA": FILLER}
    new = {"ALPHA": FILLER + f" Pay {value} now.", "BETA": FILLER}
    rows = read(compare(tmp_path, old, new))
    assert any(r["new_words"].startswith("'" + value[0]) for r in rows)

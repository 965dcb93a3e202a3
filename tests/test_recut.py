"""The safety net: a document whose headings were damaged (so that one clause
swallowed several) is re-cut at the other version's clause boundaries, and
every report says so (recut.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import moadiff
from moadiff.model import Comparison
from moadiff.render import render

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _damaged(tmp_path: Path, name: str) -> Path:
    """The sample with the headings of sections II-IV run into the paragraph
    before them, as a layout that joins lines does ("... its terms and
    conditions. II. PURPOSE The purpose ..."): section I swallows II-IV, and
    no reading of the labels can recover them."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    for heading in ("II. PURPOSE", "III. AUTHORITY", "IV. RESPONSIBILITIES"):
        assert f"\n\n{heading}\n\n" in text
        text = text.replace(f"\n\n{heading}\n\n", f" {heading} ")
    out = tmp_path / f"damaged-{name}"
    out.write_text(text, encoding="utf-8")
    return out


def _misread(tmp_path: Path, name: str) -> Path:
    """The sample with "I. PARTIES" read as "1. PARTIES", as OCR does."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    assert "\nI. PARTIES\n" in text
    out = tmp_path / f"misread-{name}"
    out.write_text(text.replace("\nI. PARTIES\n", "\n1. PARTIES\n"), encoding="utf-8")
    return out


def _story(result: Comparison) -> list[tuple[str, str, str]]:
    """What changed, by content: (status, old words, new words) of each substantive edit or clause."""
    out = []
    for c in result.changes:
        if c.status in ("added", "removed"):
            out.append((c.status, (c.old or c.new).title, ""))  # type: ignore[union-attr]
        out += [(e.op, e.old, e.new) for e in c.edits if e.kind == "substantive"]
    return sorted(out)


@pytest.mark.parametrize("side", ["new", "old"])
def test_a_swallowing_clause_is_recut_and_the_comparison_is_the_same(tmp_path: Path, side: str) -> None:
    old, new = SAMPLES / "old.txt", SAMPLES / "new.txt"
    clean = moadiff.compare(old, new)
    if side == "new":
        damaged = moadiff.compare(old, _damaged(tmp_path, "new.txt"))
    else:
        damaged = moadiff.compare(_damaged(tmp_path, "old.txt"), new)
    s = damaged.summary
    # Not "every section removed and one giant clause added".
    assert (s.added, s.removed) == (clean.summary.added, clean.summary.removed)
    assert _story(damaged) == _story(clean)
    info = damaged.new if side == "new" else damaged.old
    other = damaged.old if side == "new" else damaged.new
    assert [n.code for n in info.notices] == ["structure-recovered"]
    assert not other.notices


def test_every_report_says_the_structure_was_recovered(tmp_path: Path) -> None:
    result = moadiff.compare(SAMPLES / "old.txt", _damaged(tmp_path, "new.txt"))
    for fmt in ("json", "md", "html"):
        assert b"structure recovered from the other version" in render(result, fmt), fmt
    with zipfile.ZipFile(io.BytesIO(render(result, "docx"))) as docx:
        assert b"structure recovered from the other version" in docx.read("word/header1.xml")


def test_a_misread_label_is_read_by_the_segmenter_without_recut(tmp_path: Path) -> None:
    clean = moadiff.compare(SAMPLES / "old.txt", SAMPLES / "new.txt")
    result = moadiff.compare(SAMPLES / "old.txt", _misread(tmp_path, "new.txt"))
    assert _story(result) == _story(clean)
    assert not result.new.notices
    assert [c.new.id for c in result.changes if c.new] == [c.new.id for c in clean.changes if c.new]


def test_undamaged_documents_are_not_recut() -> None:
    for a, b in (("old.txt", "new.txt"), ("new.txt", "new.txt")):
        result = moadiff.compare(SAMPLES / a, SAMPLES / b)
        assert not result.old.notices and not result.new.notices


def test_pieces_keep_every_word_but_the_labels_in_order() -> None:
    from moadiff.model import Clause
    from moadiff.recut import recut

    def mk(i: int, cid: str, title: str, text: str) -> Clause:
        return Clause(cid, cid + ".", title, text, 1, 1, 1, "section", index=i)

    body = [" ".join(f"{w}{k}" for k in range(25)) for w in "pqrs"]
    other = [mk(k, cid, t, b) for k, (cid, t, b) in enumerate(zip(["I", "II", "III", "IV"],
                                                                    ["PURPOSE", "AUTHORITY", "POLICY", "TERM"], body))]
    own = "an opening paragraph of this clause's own that the other version does not have at all here"
    big = mk(0, "1", "PURPOSE", own + "\n" + "\n".join(f"{c.label} {c.title} {c.text}" for c in other))
    cut, notice = recut([big], other, "old")
    assert notice is not None
    # Every word kept, in order, but list labels that became the pieces' labels.
    words = iter(c for c in cut for c in c.full_text.split())
    dropped = []
    want = next(words, None)
    for w in big.full_text.split():
        if w == want:
            want = next(words, None)
        else:
            dropped.append(w)
    assert want is None and set(dropped) <= {c.label for c in other}
    assert [c.id for c in cut][-4:] == ["I", "II", "III", "IV"]
    assert [c.index for c in cut] == list(range(len(cut)))


def test_the_subsections_after_a_recut_clause_belong_to_its_last_piece(tmp_path: Path) -> None:
    result = moadiff.compare(SAMPLES / "old.txt", _damaged(tmp_path, "new.txt"))
    pairs = {(c.old.id, c.new.id) for c in result.changes if c.old and c.new}
    assert {("IV.A", "IV.A"), ("IV.B", "IV.B"), ("IV.C", "IV.C")} <= pairs
    assert not any(c.new.id.startswith("II.") for c in result.changes if c.new)

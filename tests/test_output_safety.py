"""Writing reports: never over an input, atomically, never through a planted link,
and in a batch, safe and unique names inside the output folder only."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from moadiff.batch import run_batch, write_batch
from moadiff.batch.run import slug
from moadiff.cli import cli
from moadiff.errors import OutputError
from moadiff.output import write_atomic
from moadiff.render.batch import summary_dict

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes((SAMPLES / "old.txt").read_bytes())
    new.write_bytes((SAMPLES / "new.txt").read_bytes())
    return old, new


def compare(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["compare", *map(str, args)])
    return result.exit_code, result.output


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


# -- never over an input -------------------------------------------------------------------


@pytest.mark.parametrize("link", ["symlink", "hardlink", "dotted"])
def test_never_overwrites_an_input_by_another_name(pair: tuple[Path, Path], tmp_path: Path, link: str) -> None:
    old, new = pair
    before = new.read_bytes()
    target = tmp_path / "report.json"
    if link == "symlink":
        target.symlink_to(new)
    elif link == "hardlink":
        os.link(new, target)
    else:
        (tmp_path / "sub").mkdir()
        target = tmp_path / "sub" / ".." / "new.txt"
    status, output = compare(old, new, "-o", target, "-f", "json")
    assert status == 2 and output.count("\n") == 1 and "refusing to overwrite an input document" in output
    assert new.read_bytes() == before


def test_an_input_that_links_to_the_target_is_protected(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = pair
    report = tmp_path / "report.json"
    report.write_text("precious")
    alias = tmp_path / "alias.txt"
    alias.symlink_to(report)
    with pytest.raises(OutputError, match="input"):
        write_atomic(report, b"{}", inputs=[str(old), str(alias)])
    assert report.read_text() == "precious"


# -- atomic replacement, links planted at the target ----------------------------------------


def test_a_symlink_planted_at_the_target_is_replaced_not_followed(pair: tuple[Path, Path], tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    target = tmp_path / "report.html"
    target.symlink_to(victim)
    status, output = compare(*pair, "-o", target)
    assert status == 1, output
    assert victim.read_text() == "do not touch"
    assert not target.is_symlink() and target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype")


def test_a_dangling_symlink_at_the_target_creates_nothing_where_it_points(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = tmp_path / "report.json"
    target.symlink_to(elsewhere / "planted.json")
    write_atomic(target, b"{}")
    assert list(elsewhere.iterdir()) == [] and not target.is_symlink() and target.read_bytes() == b"{}"


def test_an_existing_report_is_replaced_by_a_rename(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report")
    reader = target.open("rb")  # a reader holding the old report keeps it whole
    inode = target.stat().st_ino
    write_atomic(target, b"new report")
    assert target.read_bytes() == b"new report" and target.stat().st_ino != inode
    assert reader.read() == b"old report"
    reader.close()
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_a_failed_write_leaves_the_old_report_and_no_temporary_file(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"new report")
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_targets_that_cannot_be_written_are_one_line(pair: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "a folder.json"
    folder.mkdir()
    with pytest.raises(OutputError, match="is a folder"):  # the command line refuses it before (click)
        write_atomic(folder, b"{}")
    status, output = compare(*pair, "-o", tmp_path / "missing" / "r.json")
    assert status == 2 and output.count("\n") == 1 and "no such folder" in output


def test_a_report_name_as_long_as_a_name_can_be(pair: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / ("r" * 250 + ".json")
    status, output = compare(*pair, "-o", target)
    assert status == 1, output
    assert json.loads(target.read_text())["schema"] == "moadiff.comparison/1"


# -- batch: names from inputs ----------------------------------------------------------------


def test_output_names_are_safe_unique_and_never_join_two_names() -> None:
    taken: set[str] = set()
    names = [slug(n, taken) for n in ("/abs/x.pdf", "x.pdf", "X.PDF", "../../x.pdf", "x-2.pdf", "-" * 70,
                                      "a" * 59 + "-" + "b" * 10 + ".pdf", "CON.pdf", "..")]
    assert len(set(names)) == len(names)
    assert names[:5] == ["x", "x-2", "x-3", "x-4", "x-2-2"]
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names), names


def test_batch_names_from_inputs_stay_inside_the_output_folder(tmp_path: Path) -> None:
    root = tmp_path / "work"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    text = (SAMPLES / "new.txt").read_bytes()
    (root / "a" / "x.txt").write_bytes(text)
    (root / "b" / "x.txt").write_bytes(text.replace(b"Sheriff", b"Marshal", 1))
    (root / "..x.txt").write_bytes(text)  # given by name below, so read although hidden
    outside = tmp_path / "outside"
    outside.mkdir()
    before = files_under(tmp_path)
    out = root / "out"
    # Inputs named through "..", absolutely and relatively; the output inside an input folder.
    inputs = [str(root / "a" / ".." / "a"), str((root / "b").resolve()), os.path.relpath(root / "..x.txt")]
    result = run_batch(inputs, mode="baseline", baselines=[str(SAMPLES / "old.txt")], jobs=1, skip=[out])
    write_batch(result, out)
    rows = summary_dict(result)["rows"]
    assert len(rows) == 3 and {r["status"] for r in rows} == {"different"}
    reports = sorted(p.name for p in (out / "reports").iterdir())
    assert len(reports) == 6 and len(set(reports)) == 6  # a/x.txt and b/x.txt do not collide
    assert all(re.fullmatch(r"[a-z0-9-]+\.(html|json)", n) for n in reports)
    after = files_under(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("work/out/")} == before


def test_batch_refuses_a_planted_reports_link(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_bytes((SAMPLES / "new.txt").read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "reports").symlink_to(elsewhere, target_is_directory=True)
    result = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(out), "--baseline", str(SAMPLES / "old.txt"),
                                      "-j", "1", "--no-cache"])
    assert result.exit_code == 2 and "is a symbolic link" in result.output
    assert result.output.count("\n") == 1
    assert list(elsewhere.iterdir()) == []


def test_batch_replaces_links_planted_at_its_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_bytes((SAMPLES / "new.txt").read_bytes())
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    for name in ("index.html", "summary.json", "reports/x.json", "reports/x.html"):
        (out / name).symlink_to(victim)
    result = run_batch([folder], mode="baseline", baselines=[str(SAMPLES / "old.txt")], jobs=1)
    write_batch(result, out)
    assert result.exit_status == 1
    assert victim.read_text() == "do not touch"
    for name in ("index.html", "summary.json", "reports/x.json", "reports/x.html"):
        assert not (out / name).is_symlink() and (out / name).stat().st_size > 0


def test_batch_output_folder_that_is_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_bytes((SAMPLES / "new.txt").read_bytes())
    out = tmp_path / "out"
    out.write_text("a file")
    with pytest.raises(OutputError, match="exists and is not a folder"):  # the command line refuses it before
        write_batch(run_batch([folder], jobs=1), out)
    out.unlink()
    out.mkdir()
    (out / "reports").write_text("a file")
    with pytest.raises(OutputError, match="reports: exists and is not a folder"):
        write_batch(run_batch([folder], jobs=1), out)
    assert (out / "reports").read_text() == "a file"


def test_a_file_named_like_a_revision_comparison_keeps_its_own_report(tmp_path: Path) -> None:
    # Clustering compares template revisions under a name of its own, which no file name can take.
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "z.txt", "Revision 1 to 2.txt"):
        (folder / name).write_bytes((SAMPLES / "old.txt").read_bytes())
    for name in ("b.txt", "c.txt"):  # two agreements of the later revision: a revision, not an outlier
        (folder / name).write_bytes((SAMPLES / "new.txt").read_bytes())
    result = run_batch([folder], jobs=1)
    write_batch(result, tmp_path / "out")
    s = summary_dict(result)
    assert len(s["revisions"]) == 1
    links = [r["report"]["json"] for r in s["rows"]] + [r["report"]["json"] for r in s["revisions"]]
    assert len(links) == len(set(links)) == 6
    row = next(r for r in s["rows"] if r["id"] == "revision-1-to-2")
    assert row["counts"]["substantive"] == 0 and row["status"] == "same"
    assert len(list((tmp_path / "out" / "reports").iterdir())) == 12

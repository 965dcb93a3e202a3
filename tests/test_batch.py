"""moadiff batch: modes, fill-ins at corpus scale, robustness, re-runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from moadiff.batch import BatchResult, run_batch, write_batch
from moadiff.batch.run import slug
from moadiff.cli import cli
from moadiff.errors import InputError
from moadiff.model import Resources
from moadiff.render.batch import summary_dict, summary_json

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "moa"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/moa")

# The model and template revision of each shared agreement, from its README
# (not from the names, which moadiff never reads for this).
REVISION = {
    "287gJEM_PinalCoAz2020-06-09.pdf": "JEM 2020", "287gJEM_GalvestonCoTX_06-08-2020.pdf": "JEM 2020",
    "GraysonCountyDCKY_JEM_MOA_030425.pdf": "JEM 2025", "HamiltonCoIN_JEM_MOA_03.03.2025.pdf": "JEM 2025",
    "287gWSO_HernandoCoFl2019-05-06.pdf": "WSO 2019", "287gWSO_BayCoFl2019-10-15.pdf": "WSO 2019",
    "FranklinCountyAL_WSO_MOA_030625.pdf": "WSO 2025", "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf": "WSO 2025",
    "ArcadiaPDFL_TFM_MOA_030425.pdf": "TFM 2025", "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf": "TFM 2025",
    "HillsboroughCoSheriffsOffice_TFM_MOA_02.26.2025.pdf": "TFM 2025",
    # Image-only scans, read by OCR.
    "LeeCoSheriffsOffice_JEM_MOA_02.20.2025.pdf": "JEM 2025", "DeWittCo_WSO_MOA_022625.pdf": "WSO 2025",
    "KeyWestPDFL_TFM_MOA_030425.pdf": "TFM 2025",
}


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory, ocr_cache: str) -> dict:
    out = tmp_path_factory.mktemp("batch")
    # Anonymous names: clustering must not read file names.
    folder = tmp_path_factory.mktemp("anon")
    names = {}
    for k, name in enumerate(sorted(p.name for p in SHARED.glob("*.pdf"))):
        shutil.copyfile(SHARED / name, folder / f"agreement {k}.pdf")
        names[f"agreement {k}.pdf"] = name
    (folder / "truncated.pdf").write_bytes((SHARED / name).read_bytes()[:5000])
    resources = Resources(cache_dir=ocr_cache, ocr_threads=1)
    result = run_batch([folder], mode="cluster", jobs=2, resources=resources)
    write_batch(result, out, resources=resources, jobs=2)
    return {"summary": summary_dict(result), "status": result.exit_status, "out": out, "names": names}


@needs_shared
def test_clusters_recover_model_and_revision(clustered: dict) -> None:
    s, names = clustered["summary"], clustered["names"]
    groups = {frozenset(names[s["documents"][m]["name"]] for m in c["members"]) for c in s["clusters"]}
    expected: dict[str, set[str]] = {}
    for name, rev in REVISION.items():
        expected.setdefault(rev, set()).add(name)
    assert groups == {frozenset(v) for v in expected.values()}
    for c in s["clusters"]:
        models = {REVISION[names[s["documents"][m]["name"]]].split()[0] for m in c["members"]}
        assert {c["model"]} == models
    # Template revisions of one model are compared with each other.
    assert {r["label"].split(" ")[0] for r in s["revisions"]} == {"JEM", "WSO"}


@needs_shared
def test_failures_are_listed_and_the_batch_goes_on(clustered: dict) -> None:
    s = clustered["summary"]
    errors = [r for r in s["rows"] if r["status"] == "error"]
    assert len(errors) == 1 and "truncated.pdf" in errors[0]["error"]
    assert clustered["status"] == 2
    out = clustered["out"]
    index = (out / "index.html").read_text()
    for r in errors:
        assert s["documents"][r["new"]]["name"] in index
    for name in ("summary.csv", "summary.json", "matrix.csv", "matrix.html"):
        assert (out / name).stat().st_size > 0
    for row in s["rows"]:
        if row["report"]:
            assert json.loads((out / row["report"]["json"]).read_text())["schema"] == "moadiff.comparison/1"
            assert (out / row["report"]["html"]).is_file()


@needs_shared
def test_same_template_agencies_differ_mostly_in_fill_ins(clustered: dict) -> None:
    s, names = clustered["summary"], clustered["names"]
    for row in s["rows"]:
        if row["status"] == "error":
            continue
        new = names[s["documents"][row["new"]]["name"]]
        if new.startswith(("Franklin", "Arcadia")):  # born-digital 2025 agreements
            assert row["counts"]["fill-in"] >= 10
            # Outside the signature block: there, a label one revision added
            # ("Name:", "Agency:", 02/14 -> 02/15) is a real template change.
            report = json.loads((clustered["out"] / row["report"]["json"]).read_text())
            outside = [e for c in report["changes"] if (c["new"] or c["old"])["kind"] != "signature"
                       for e in c["edits"] if e["kind"] == "substantive"]
            assert len(outside) <= 2


@needs_shared
def test_baseline_mode_picks_the_baseline_of_each_model(tmp_path: Path) -> None:
    bases = [SHARED / "GraysonCountyDCKY_JEM_MOA_030425.pdf", SHARED / "UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf",
             SHARED / "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf"]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("HamiltonCoIN_JEM_MOA_03.03.2025.pdf", "FranklinCountyAL_WSO_MOA_030625.pdf",
                 "ArcadiaPDFL_TFM_MOA_030425.pdf"):
        shutil.copyfile(SHARED / name, folder / name)
    summary = summary_dict(run_batch([folder], mode="baseline", baselines=bases, jobs=1))
    docs = summary["documents"]
    pairs = {docs[r["new"]]["model"]: docs[r["old"]]["name"] for r in summary["rows"]}
    assert pairs == {"JEM": bases[0].name, "WSO": bases[1].name, "TFM": bases[2].name}
    assert [m["baseline"] for m in summary["matrix"]]


def test_pairs_mode_and_a_safe_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(ROOT / "samples" / "old.txt", folder / "Riverside MOA 2020-06-08.txt")
    shutil.copyfile(ROOT / "samples" / "new.txt", folder / "riverside moa final 2025-03-04.txt")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out, cache = tmp_path / "out", tmp_path / "cache"
    runner = CliRunner()
    first = runner.invoke(cli, ["batch", str(folder), "-o", str(out), "--pairs", "--cache-dir", str(cache), "-j", "1"])
    assert first.exit_code == 2, first.output
    s = json.loads((out / "summary.json").read_text())
    ok = [r for r in s["rows"] if r["status"] != "error"]
    assert len(ok) == 1 and s["documents"][ok[0]["old"]]["name"].startswith("Riverside MOA 2020")
    assert ok[0]["counts"]["substantive"] > 0
    assert any(r["status"] == "error" and "broken.pdf" in r["error"] for r in s["rows"])
    stamp = {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()}
    second = runner.invoke(cli, ["batch", str(folder), "-o", str(out), "--pairs", "--cache-dir", str(cache), "-j", "1"])
    assert second.exit_code == 2
    assert json.loads((out / "summary.json").read_text())["rows"] == s["rows"]
    # Unchanged reports are not rewritten; inputs are never touched.
    assert {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()} == stamp
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not list(tmp_path.glob("out/**/*.tmp"))


def test_output_names_are_safe_and_unique() -> None:
    taken: set[str] = set()
    names = [slug(n, taken) for n in ("../../etc/passwd", "A B.pdf", "a-b.docx", "<script>.pdf", "", "A B.pdf")]
    assert names == ["passwd", "a-b", "a-b-2", "script", "agreement", "a-b-3"]
    assert all("/" not in n and not n.startswith(".") for n in names)


def _pairs_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(ROOT / "samples" / "old.txt", folder / "Riverside MOA 2020-06-08.txt")
    shutil.copyfile(ROOT / "samples" / "new.txt", folder / "riverside moa final 2025-03-04.txt")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    return folder


def test_run_batch_writes_nothing_and_keeps_each_failure(tmp_path: Path) -> None:
    folder = _pairs_folder(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    result = run_batch([folder], mode="pairs", jobs=1)
    assert sorted(tmp_path.rglob("*")) == before  # no output folder, no cache, nothing
    assert isinstance(result, BatchResult) and result.return_code == result.exit_status == 2
    (failed,) = result.failed
    assert isinstance(failed.error, InputError) and failed.error.path.endswith("broken.pdf")
    assert result.documents[failed.new].error is failed.error
    (ok,) = [r for r in result.rows if r.status != "error"]
    assert ok.status == "different" and ok.counts is not None and ok.counts.substantive > 0
    assert ok.comparison is not None and ok.report is not None
    assert result.different == 1


def test_write_batch_writes_the_reports_and_summaries(tmp_path: Path) -> None:
    folder = _pairs_folder(tmp_path)
    result = run_batch([folder], mode="pairs", jobs=1)
    out = tmp_path / "out"
    write_batch(result, out)
    (ok,) = [r for r in result.rows if r.report is not None]
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == sorted([
        "index.html", "matrix.csv", "matrix.html", "reports", "summary.csv", "summary.json",
        f"reports/{ok.id}.html", f"reports/{ok.id}.json"])
    assert (out / "summary.json").read_text(encoding="utf-8") == summary_json(result)
    assert json.loads((out / "summary.json").read_text())["schema"] == "moadiff.batch/1"
    report = json.loads((out / ok.report.json).read_text())
    assert report["schema"] == "moadiff.comparison/1"
    assert (out / ok.report.html).read_text().startswith("<!DOCTYPE html>")

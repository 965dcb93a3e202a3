"""moadiff batch: modes, fill-ins at corpus scale, robustness, re-runs."""

from __future__ import annotations

import csv
import difflib
import json
import random
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from moadiff.batch import BatchResult, run_batch, write_batch
from moadiff.batch.plan import cluster, plan
from moadiff.batch.run import slug
from moadiff.cli import cli
from moadiff.errors import InputError
from moadiff.model import Clause, DocumentInfo, PageInfo, Parsed, Profile, Resources
from moadiff.render.batch import summary_dict, summary_json

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "moa"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/moa")

# The template revision of each real agreement, established by reading them
# (benchmarks/revisions_gold.csv says how for each), never by moadiff.
GOLD = {r["file"]: r["revision"] for r in csv.DictReader((ROOT / "benchmarks" / "revisions_gold.csv").open())}
REVISION = {p.name: GOLD[p.name] for p in SHARED.glob("*.pdf")} if SHARED.is_dir() else {}


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
    # Revisions of one model are compared in date order, older first.
    steps = [(r["label"].split(" → ")) for r in s["revisions"]]
    assert {a.split(" ")[0] for a, _ in steps} == {"JEM", "WSO", "TFM"}
    when = {c["label"]: c["when"] for c in s["clusters"]}
    assert all(when[a] < when[b] for a, b in steps)
    # Never "unknown model" for an agreement that could be read.
    assert all(d["model"] for d in s["documents"].values() if not d["error"])


@needs_shared
def test_every_agreement_is_a_compared_row(clustered: dict) -> None:
    s = clustered["summary"]
    readable = {d for d, doc in s["documents"].items() if not doc["error"]}
    rows = {r["new"]: r for r in s["rows"]}
    assert readable <= set(rows)
    assert all(rows[d]["status"] in ("same", "different") and rows[d]["old"] for d in readable)
    baselines = {c["baseline"] for c in s["clusters"]}
    assert {d for d, r in rows.items() if r["role"] == "baseline"} == baselines
    assert all(s["documents"][b]["baseline"] for b in baselines)


@needs_shared
def test_revision_history_and_deviations(clustered: dict) -> None:
    out = clustered["out"]
    md = (out / "revisions.md").read_text()
    assert md.startswith("# What ICE changed in the 287(g) agreements")
    # The JEM 2020 -> 2025 change every reader of the two finds (../shared/moa/README.md).
    jem = md[md.index("## Jail Enforcement Model"):].split("\n## ")[0]
    assert "### JEM" in jem and "COMMUNITY OUTREACH" in jem and "**Removed**" in jem
    html = (out / "revisions.html").read_text()
    assert "<del>" in html and "What ICE changed" in html
    lines = list(csv.DictReader((out / "deviations.csv").open(newline="")))
    s = clustered["summary"]
    compared = {r["id"] for r in s["rows"] if r["report"]}
    assert lines and {x["row_id"] for x in lines} <= compared
    assert all(x["clause"] and (x["has_not_in_template"] or x["lacks_from_template"] or x["status"] == "moved")
               for x in lines)
    ranks = [int(x["rank"]) for x in lines]
    assert ranks == sorted(ranks)


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


def test_a_comparison_that_decided_a_revision_is_not_made_again_for_its_row(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Agreements with nothing to re-read on a page image (text, born-digital
    PDFs): the comparison that confirmed one in its revision is the full one,
    and its row reuses it; no pair is compared twice."""
    from moadiff.batch import run

    text = (ROOT / "samples" / "old.txt").read_text()
    # The first is the longest (the leader of its revision) and the most
    # central (each other differs from it in one place): the baseline too.
    assert "Riverside County Sheriff's Office" in text and "in good faith" in text
    (tmp_path / "agreement 0.txt").write_text(text)
    (tmp_path / "agreement 1.txt").write_text(text.replace("Riverside County Sheriff's Office", "Dane Sheriff's Office"))
    (tmp_path / "agreement 2.txt").write_text(text.replace("in good faith", "in faith"))
    made: list[tuple[str, str, bool]] = []
    job = run._compare_job

    def counted(args: tuple) -> object:
        made.append((args[0].info.name, args[1].info.name, args[4]))
        return job(args)

    monkeypatch.setattr(run, "_compare_job", counted)
    result = run_batch([tmp_path], mode="cluster", jobs=1, resources=Resources(cache_dir=None))
    assert [result.documents[c.baseline].name for c in result.clusters] == ["agreement 0.txt"]
    assert any(deciding for *_, deciding in made)
    pairs = [(o, n) for o, n, _ in made]
    assert len(pairs) == len(set(pairs))


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


# --- clustering on made-up documents: what decides a revision ----------------

def _made(name: str, words: list[str], *, model: str | None = "WSO", revision: str | None = None,
          ocr: bool = False, signed: str | None = None) -> Parsed:
    clause = Clause("I", "I.", "TERMS", " ".join(words), 1, 1, 1, "section")
    info = DocumentInfo(name, name, "", "pdf", 1, "pdfium",
                        profile=Profile(model=model, revision=revision, signed=signed),
                        page_info=(PageInfo(1, "none" if ocr else "good", ocr=ocr, word_share=0.9 if ocr else 1.0),))
    return Parsed(info, (clause,))


def _text(seed: int, n: int = 400) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(["shall", "agency", "officer", "custody", "training", "report", "within", "notice",
                        "federal", "state", "terms", "alien", "county", "review", "complaint", "days"])
            + str(rng.randrange(50)) for _ in range(n)]


def _edit(words: list[str], at: int, n: int, tag: str) -> list[str]:
    return words[:at] + [f"{tag}{k}" for k in range(n)] + words[at + n:]


def _distances(docs: dict[str, Parsed], calls: list[int]) -> Callable[[Sequence[tuple[str, str]]], list[int]]:
    def words(d: str) -> list[str]:
        return docs[d].clauses[0].text.split()

    def distances(pairs: Sequence[tuple[str, str]]) -> list[int]:
        calls.append(len(pairs))
        out = []
        for a, b in pairs:
            ops = difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).get_opcodes()
            out.append(sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal"))
        return out
    return distances


def test_clusters_follow_revised_dates_then_content() -> None:
    v2019, v2020 = _text(1), _edit(_edit(_text(1), 50, 30, "new"), 200, 30, "more")
    docs = {
        # Two dated revisions with the same words: ICE's label decides.
        "a": _made("a", v2020, revision="2025-02-14"), "b": _made("b", v2020, revision="2025-02-15"),
        "c": _made("c", _edit(v2020, 300, 2, "x"), revision="2025-02-15", ocr=True),
        # Undated: one with the 2025 words (date lost to OCR), three of an older template.
        "d": _made("d", _edit(v2020, 10, 1, "ocr"), ocr=True),
        "e": _made("e", v2019, signed="2019-05-06", ocr=True), "f": _made("f", _edit(v2019, 90, 3, "y"), signed="2019-10-15"),
        "g": _made("g", _edit(v2019, 120, 2, "z"), model=None, signed="2020-01-22", ocr=True),
        # Another model, which nothing else resembles.
        "h": _made("h", _text(7), model="JEM", revision="2025-02-15"),
        # A WSO agreement far from every revision.
        "i": _made("i", _edit(_edit(v2019, 0, 60, "own"), 300, 60, "neg"), signed="2020-03-01"),
    }
    calls: list[int] = []
    found = cluster(docs, _distances(docs, calls))
    groups = {c.label: set(c.members) for c in found.clusters}
    assert groups == {"WSO · signed 2019-2020": {"e", "f", "g"}, "WSO · 2025-02-14": {"a"},
                      "WSO · 2025-02-15": {"b", "c", "d"}, "JEM · 2025-02-15": {"h"}}
    assert found.models["g"] == "WSO"  # no title: the model of the nearest by content
    # The cleanest member is the baseline: born-digital before a scan.
    assert {c.label: c.baseline for c in found.clusters}["WSO · signed 2019-2020"] == "f"
    # Oldest revision first, and the outlier says why.
    assert [c.label for c in found.clusters if c.model == "WSO"] == [
        "WSO · signed 2019-2020", "WSO · 2025-02-14", "WSO · 2025-02-15"]
    base, why = found.outliers["i"]
    assert base == "f" and "fits no template revision" in why
    # Full comparisons go in batches (one per round), never the same pair twice.
    assert len(calls) <= 4 and sum(calls) == len(found.separations)
    rows = plan("cluster", list(docs), docs, distance=_distances(docs, [])).rows
    assert sorted(r.new for r in rows) == sorted(docs)
    assert {r.new: r.role for r in rows if r.role != "member"} == {
        "f": "baseline", "a": "baseline", "b": "baseline", "h": "baseline", "i": "outlier"}


def test_an_agreement_between_two_revisions_is_a_revision_of_its_own() -> None:
    """ICE revised a template twice; one agreement of the middle revision is
    in the folder. It fits neither neighbour within the gap, but what
    separates it from the older one is what the newer one changed too: a
    revision of its own, not an outlier. An agreement with language of its
    own (in neither revision) the same distance away stays an outlier."""
    v2019 = _text(1)
    middle = _edit(v2019, 50, 30, "new")
    v2025 = _edit(middle, 200, 30, "more")
    docs = {
        "e": _made("e", v2019, signed="2020-03-11"), "f": _made("f", _edit(v2019, 90, 1, "y"), signed="2020-06-09"),
        "k": _made("k", middle, signed="2020-07-31"),
        "own": _made("own", _edit(v2019, 300, 30, "neg"), signed="2020-08-01"),
        "a": _made("a", v2025, revision="2025-02-15"), "b": _made("b", _edit(v2025, 10, 1, "z"), revision="2025-02-15"),
    }
    found = cluster(docs, _distances(docs, []))
    groups = {c.label: set(c.members) for c in found.clusters}
    # Two undated revisions signed in one year are told apart by month.
    assert groups == {"WSO · signed 2020-03 to 2020-06": {"e", "f"}, "WSO · signed 2020-07": {"k"},
                      "WSO · 2025-02-15": {"a", "b"}}
    assert [c.label for c in found.clusters] == [
        "WSO · signed 2020-03 to 2020-06", "WSO · signed 2020-07", "WSO · 2025-02-15"]
    assert set(found.outliers) == {"own"}
    # Its row compares it with the nearest other revision, which is no deviation to rank it by.
    rows = {r.new: r for r in plan("cluster", list(docs), docs, distance=_distances(docs, [])).rows}
    assert rows["k"].role == "baseline" and not rows["k"].ranked and "only agreement of its revision" in rows["k"].note
    assert rows["e"].ranked or rows["f"].ranked


# --- a page missing is a deviation, not another revision -----------------------

def _without_page(src: Path, page: int, dest: Path) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(src)
    try:
        pdf.del_page(page - 1)
        pdf.save(dest)
    finally:
        pdf.close()
    return dest


@needs_shared
def test_an_agreement_missing_a_page_stays_with_its_revision(tmp_path: Path) -> None:
    """Two JEM 2020 agreements (born-digital; the ADDENDUM, which adds the
    three-year review sentence to VIII, is their last page); one of them
    with its ADDENDUM page missing, as scans miss a page; and a later
    revision planted from the other: the ADDENDUM page gone and its sentence
    moved into VIII, as ICE's July 2020 text did. The agreement missing the
    page fits both revisions by volume (it lacks the ADDENDUM, as the later
    one does), but only the later one differs from it in a clause both have
    (VIII), so it belongs with its own revision; the later revision, which
    restructured the text, stays apart."""
    from dataclasses import replace

    from moadiff.batch.plan import revision_distance, separation
    from moadiff.extractors import extract
    from moadiff.model import Options
    from moadiff.pipeline import compare_parsed, parsed

    galveston, pinal = SHARED / "287gJEM_GalvestonCoTX_06-08-2020.pdf", SHARED / "287gJEM_PinalCoAz2020-06-09.pdf"

    def read(path: Path) -> Parsed:
        return parsed(extract(path, Options(), Resources(isolate=False)), Options())

    docs = {"galveston": read(galveston), "pinal": read(pinal),
            "missing": read(_without_page(galveston, 12, tmp_path / "missing.pdf"))}
    assert "ADDENDUM" in [c.id for c in docs["galveston"].clauses]
    assert "ADDENDUM" not in [c.id for c in docs["missing"].clauses]
    later = read(_without_page(pinal, 12, tmp_path / "later.pdf"))
    sentence = "ICE reserves the right to conduct an internal review of this MOA every three years."
    clauses = tuple(replace(c, text=c.text.replace("\n", f"\n{sentence} ", 1)) if c.id == "VIII" else c
                    for c in later.clauses)
    assert clauses != later.clauses
    docs["later"] = replace(later, clauses=clauses)

    def distances(pairs: Sequence[tuple[str, str]]) -> list[int]:
        return [revision_distance(compare_parsed(docs[a], docs[b], Options())) for a, b in pairs]

    found = cluster(docs, distances)
    home = {m: c.id for c in found.clusters for m in c.members}
    assert home["missing"] == home["galveston"] == home["pinal"]
    assert home.get("later") != home["pinal"]
    # With one complete agreement left, the same.
    del docs["galveston"]
    home = {m: c.id for c in cluster(docs, distances).clusters for m in c.members}
    assert home["missing"] == home["pinal"] and home.get("later") != home["pinal"]
    # The missing page is still how far it deviates (deviations.csv, the index's ranking).
    comp = compare_parsed(docs["pinal"], docs["missing"], Options())
    assert separation(comp) - revision_distance(comp) >= 150

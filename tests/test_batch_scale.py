"""A batch at scale: the same results on a Dask cluster, in shards merged
afterwards, and after an interruption; progress off a terminal."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from moadiff.batch import run_batch
from moadiff.batch.executors import make_pool
from moadiff.batch.shard import Shard
from moadiff.cli import cli
from moadiff.errors import OptionError
from moadiff.model import Resources
from moadiff.render.batch import summary_dict

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "moa"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/moa")

# Born-digital agreements of three models and four revisions (no OCR: fast).
TEXT_LAYER = [
    "287gJEM_GalvestonCoTX_06-08-2020.pdf", "287gJEM_PinalCoAz2020-06-09.pdf", "287gWSO_BayCoFl2019-10-15.pdf",
    "FranklinCountyAL_WSO_MOA_030625.pdf", "GraysonCountyDCKY_JEM_MOA_030425.pdf", "ArcadiaPDFL_TFM_MOA_030425.pdf",
    "SmithCoSheriffsOfficeTX_TFM_MOA_02.18.25.pdf",
]
BASELINES = ["UnionCoSheriffsOffice_WSO_MOA_02.20.25.pdf", "HamiltonCoIN_JEM_MOA_03.03.2025.pdf"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SHARED.is_dir():
        pytest.skip("needs ../shared/moa")
    out = tmp_path_factory.mktemp("agreements")
    for name in TEXT_LAYER:
        shutil.copyfile(SHARED / name, out / name)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "cache" not in p.parts and p.name != "shard.json"}


def _batch(*args: str) -> int:
    result = CliRunner().invoke(cli, ["batch", *args, "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code


def test_executor_and_shard_specs_are_checked() -> None:
    assert make_pool("local", 2).jobs == 2
    for bad in ("dask://", "dask://host", "dask://host:0", "tcp://host:8786", "Local"):
        with pytest.raises(OptionError, match="executor must be"):
            make_pool(bad, 1)
    assert [Shard.parse(s) for s in ("1/1", " 3 / 4 ")] == [Shard(1, 1), Shard(3, 4)]
    for bad in ("0/3", "4/3", "1", "a/b", "-1/2"):
        with pytest.raises(OptionError, match="shard must be"):
            Shard.parse(bad)
    # Every file is in exactly one share.
    digests = [f"{n:064x}" for n in range(0, 10**6, 7919)]
    assert all(sum(Shard(i, 5).owns(d) for i in range(1, 6)) == 1 for d in digests)


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "moadiff", "batch", str(tmp_path), "-o", str(tmp_path / "out"),
                        "--executor", "dask://127.0.0.1:9"], check=False, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("moadiff: ")


@needs_shared
@pytest.mark.parametrize("mode", ["baseline", "cluster"])
def test_shards_merged_are_one_unsharded_run(folder: Path, tmp_path: Path, mode: str) -> None:
    bases = [a for b in BASELINES for a in ("--baseline", str(SHARED / b))] if mode == "baseline" else []
    whole = tmp_path / "whole"
    status = _batch(str(folder), "-o", str(whole), "--cache-dir", str(tmp_path / "c-whole"), *bases)
    shards = []
    for i in (1, 2, 3):
        out = tmp_path / f"shard-{i}"
        _batch(str(folder), "-o", str(out), "--cache-dir", str(out / "cache"), "--shard", f"{i}/3", *bases)
        shards.append(str(out))
    assert sum(len(_files(Path(s) / "reports")) for s in shards) > 0
    merged = tmp_path / "merged"
    # A fresh cache for the merge: all it has is what the shards left in theirs.
    r = CliRunner().invoke(cli, ["batch-merge", *shards, "-o", str(merged), "--cache-dir", str(tmp_path / "c-m"),
                                 "-j", "1"])
    assert r.exit_code == status, r.output
    if mode == "baseline":  # every comparison was a shard's: the merge reads and compares nothing
        assert not re.search(r"\[(reading|comparing) ", r.output), r.output
    assert _files(merged) == _files(whole)


@needs_shared
def test_merge_refuses_a_missing_or_foreign_shard(folder: Path, tmp_path: Path) -> None:
    bases = ["--baseline", str(SHARED / BASELINES[0])]
    for i in (1, 2):
        _batch(str(folder), "-o", str(tmp_path / f"s{i}"), "--no-cache", "--shard", f"{i}/2", *bases)
    _batch(str(folder), "-o", str(tmp_path / "other"), "--no-cache", "--shard", "2/2")  # cluster mode
    for shards, reason in (([tmp_path / "s1"], "shard 2/2 missing"),
                           ([tmp_path / "s1", tmp_path / "s1"], "given twice"),
                           ([tmp_path / "s1", tmp_path / "other"], "another batch"),
                           ([tmp_path / "s1", folder], "not a shard")):
        r = CliRunner().invoke(cli, ["batch-merge", *map(str, shards), "-o", str(tmp_path / "m")])
        assert r.exit_code == 2 and reason in r.output, r.output


@needs_shared
def test_dask_gives_the_local_executors_results(folder: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = run_batch([folder], mode="cluster", jobs=1, resources=Resources(cache_dir=None))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        port = cluster.scheduler_address.rsplit(":", 1)[1]
        remote = run_batch([folder], mode="cluster", resources=Resources(cache_dir=None),
                           executor=f"dask://127.0.0.1:{port}")
    assert summary_dict(remote) == summary_dict(local)
    assert local.comparisons() == remote.comparisons()


def _agreements(folder: Path, n: int) -> None:
    """``n`` text agreements: the sample, each with one sentence of its own."""
    text = (ROOT / "samples" / "old.txt").read_text()
    folder.mkdir()
    for k in range(n):
        (folder / f"agreement-{k:02}.txt").write_text(text.replace("shall", f"shall (clause {k})", 1))


def test_an_interrupted_batch_resumes_where_it_stopped(tmp_path: Path) -> None:
    folder, out, cache = tmp_path / "in", tmp_path / "out", tmp_path / "cache"
    _agreements(folder, 24)
    def command(out: Path, cache: Path) -> list[str]:
        return [sys.executable, "-m", "moadiff", "batch", str(folder), "-o", str(out), "--cache-dir", str(cache),
                "--baseline", str(ROOT / "samples" / "new.txt"), "-j", "1"]

    cmd = command(out, cache)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("[comparing 5/"):
            proc.send_signal(signal.SIGKILL)  # as a machine going down: no clean-up at all
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    assert any(line.startswith("[reading 25/25]") for line in seen)

    again = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300, env=env)
    assert again.returncode == 1, again.stderr
    lines = again.stderr.splitlines()
    # Nothing is read again, and only the comparisons not finished are made.
    assert not [x for x in lines if x.startswith("[reading")]
    compared = [x for x in lines if x.startswith("[comparing")]
    assert compared and compared[0].startswith("[comparing 1/") and len(compared) <= 24 - 4
    # ... and the folder is what one uninterrupted run writes.
    fresh = tmp_path / "fresh"
    subprocess.run(command(fresh, tmp_path / "cache2"), check=False, capture_output=True, timeout=300)
    assert _files(out) == _files(fresh)


def test_progress_is_a_line_per_file_off_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _agreements(folder, 3)
    r = subprocess.run([sys.executable, "-m", "moadiff", "batch", str(folder), "-o", str(tmp_path / "out"),
                        "--no-cache", "--baseline", str(ROOT / "samples" / "new.txt"), "-j", "1"],
                       check=False, capture_output=True, text=True, timeout=300)
    lines = r.stderr.splitlines()
    reading = [x for x in lines if x.startswith("[reading")]
    assert reading == [f"[reading {k}/4] {n}" for k, n in
                       enumerate(["new.txt", "agreement-00.txt", "agreement-01.txt", "agreement-02.txt"], 1)]
    assert [x for x in lines if x.startswith("[comparing")][-1] == "[comparing 3/3] new.txt -> agreement-02.txt"
    assert lines[-1].startswith("moadiff: 3 comparisons")


def test_progress_lines_escape_hostile_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _agreements(folder, 1)
    (folder / "agreement-00.txt").rename(folder / "two\nlines\u202efdp.txt")
    r = subprocess.run([sys.executable, "-m", "moadiff", "batch", str(folder), "-o", str(tmp_path / "out"),
                        "--no-cache", "--baseline", str(ROOT / "samples" / "new.txt"), "-j", "1"],
                       check=False, capture_output=True, text=True, timeout=300)
    assert "\u202e" not in r.stderr and "[reading 2/2] two\\nlines\\u202efdp.txt" in r.stderr, r.stderr

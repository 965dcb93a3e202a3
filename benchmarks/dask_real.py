"""`moadiff batch` on the 62 real agreements with a Dask cluster and with the local pool: same output?

    .venv/bin/python -m benchmarks.dask_real --seed-cache DIR [--workers 2] [--keep DIR]

makes a folder of links to ``../shared/corpus`` and ``../shared/moa`` (as
benchmarks/batch_real.py does), starts a real Dask distributed cluster from
the shell (``dask scheduler`` and ``dask worker --nworkers N --nthreads 1``,
run as ``python -m distributed.cli.dask_scheduler`` / ``dask_worker`` by the
Python running this script, with this checkout first on ``PYTHONPATH`` so
that the workers run this moadiff), and runs

    moadiff batch FOLDER -o OUT-dask  --executor dask://HOST:PORT --cache-dir CACHE-dask
    moadiff batch FOLDER -o OUT-local --executor local -j N       --cache-dir CACHE-local

with ``SOURCE_DATE_EPOCH`` set (so the reports' dates agree). Each cache
starts as a copy of the OCR'd pages of ``--seed-cache`` (a cache folder
that has read these files, e.g. one left by a ``moadiff batch`` run over
them) and nothing else: every file is parsed and every comparison made
again, on the workers or in the pool, but no page is OCR'd twice (a fully
cold OCR of the folder takes minutes on 2 cores). Both runs use the same
seed, so they start from the same cached pages.

Then it compares the two output folders file by file, byte for byte (the
index, summary.json/csv, revisions.md/html, deviations.csv, the matrices,
every report's JSON and HTML), prints the files that differ (none is the
expected answer) and the times, and writes ``benchmarks/out/dask-real.json``.
Exit status 0 when the outputs are identical, 1 when they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.batch_real import make_folder

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1767225600"  # 2026-01-01: the reports' date, the same in both runs


def seed(source: Path, dest: Path) -> int:
    """``dest``: a cache folder holding only the OCR'd pages of ``source``;
    how many entries it has."""
    dest.mkdir(parents=True)
    for words in source.glob("words-*.marshal"):
        shutil.copyfile(words, dest / words.name)
    db = sqlite3.connect(dest / "moadiff-cache.sqlite3")
    try:
        db.execute("ATTACH DATABASE ? AS src", (f"file:{source / 'moadiff-cache.sqlite3'}?mode=ro",))
        db.execute("CREATE TABLE plain AS SELECT * FROM src.plain WHERE tab IN ('ocr', 'ocr-source')")
        db.commit()
        return int(db.execute("SELECT count(*) FROM plain").fetchone()[0])
    finally:
        db.close()


def start_cluster(where: Path, workers: int, env: dict[str, str]) -> tuple[list[subprocess.Popen[bytes]], str]:
    """A scheduler and ``workers`` single-threaded worker processes; their
    processes and the scheduler's address."""
    info = where / "scheduler.json"
    log = (where / "dask.log").open("wb")
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--scheduler-file", str(info),
                               "--port", "0", "--no-dashboard"], env=env, stdout=log, stderr=log, cwd=where)]
    deadline = time.monotonic() + 60
    while not info.exists():
        if time.monotonic() > deadline:
            raise SystemExit("dask_real: the scheduler did not start; see " + str(where / "dask.log"))
        time.sleep(0.2)
    address = json.loads(info.read_text())["address"]
    procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file", str(info),
                                   "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard",
                                   "--local-directory", str(where / "dask-workers")],
                                  env=env, stdout=log, stderr=log, cwd=where))
    from distributed import Client

    with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
        client.wait_for_workers(workers, timeout=120)
    return procs, address


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode > 1:
        print(proc.stderr[-2000:], file=sys.stderr)
    return round(time.perf_counter() - start, 2), proc.returncode


def differences(a: Path, b: Path) -> tuple[int, list[str]]:
    """Files compared, and those that differ or exist on one side only."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} | {
        p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = [str(n) for n in sorted(names)
              if not ((a / n).is_file() and (b / n).is_file() and (a / n).read_bytes() == (b / n).read_bytes())]
    return len(names), differ


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed-cache", type=Path, required=True, help="a cache folder that has OCR'd these files")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="leave the two output folders here")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(":"),
               SOURCE_DATE_EPOCH=EPOCH)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    moadiff = str(ROOT / ".venv" / "bin" / "moadiff")
    with tempfile.TemporaryDirectory(prefix="dask-real-") as tmp:
        where = Path(tmp)
        folder = make_folder(where)
        n_files = len(list(folder.iterdir()))
        entries = seed(args.seed_cache, where / "cache-dask")
        seed(args.seed_cache, where / "cache-local")
        procs, address = start_cluster(where, args.workers, env)
        try:
            dask_s, dask_exit = run([moadiff, "batch", str(folder), "-o", str(where / "out-dask"), "--executor",
                                     address.replace("tcp://", "dask://"), "--cache-dir", str(where / "cache-dask")],
                                    env)
        finally:
            for proc in reversed(procs):
                proc.terminate()
                proc.wait(timeout=60)
        local_s, local_exit = run([moadiff, "batch", str(folder), "-o", str(where / "out-local"), "--executor",
                                   "local", "-j", str(args.workers), "--cache-dir", str(where / "cache-local")], env)
        compared, differ = differences(where / "out-local", where / "out-dask")
        if args.keep:
            for name in ("out-local", "out-dask"):
                shutil.rmtree(args.keep / name, ignore_errors=True)
                shutil.copytree(where / name, args.keep / name)
    figures = {"files": n_files, "workers": args.workers,
               "seed_cache_ocr_entries": entries, "dask": {"wall_s": dask_s, "exit": dask_exit},
               "local": {"wall_s": local_s, "exit": local_exit}, "outputs_compared": compared, "differ": differ}
    print(f"dask ({args.workers} workers): {dask_s} s, exit {dask_exit}; local (-j {args.workers}): {local_s} s, "
          f"exit {local_exit}; both from a copy of the same OCR'd pages ({entries} cache entries)")
    print(f"{compared} output files compared byte for byte: "
          + ("identical" if not differ else f"{len(differ)} differ: {', '.join(differ[:20])}"))
    dest = ROOT / "benchmarks" / "out" / "dask-real.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if differ or dask_exit != local_exit else 0


if __name__ == "__main__":
    raise SystemExit(main())

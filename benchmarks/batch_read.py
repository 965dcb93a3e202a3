"""CPU time of a batch's reading phase alone: the generated corpus of
benchmarks/batch.sh (its agreements and baselines) read as ``moadiff batch``
reads it (``run_batch``'s reading step: the pool's workers, each file
isolated, parsed and cached), cold, into a fresh cache folder.

    .venv/bin/python benchmarks/batch_read.py [--corpus benchmarks/out/corpus] [--jobs 2]

Prints the CPU seconds of the whole process tree (this process and every
worker and reader it waited for) and the wall time. The phase is a third to
a half of a cold batch's CPU and is measured alone because a whole batch's
CPU time varies by several seconds from run to run on a shared machine. To
measure another checkout with the same interpreter, set
``PYTHONPATH=<checkout>`` (this file is run by its path).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parent / "out" / "corpus"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    import moadiff
    from moadiff.batch import run
    from moadiff.batch.executors import make_pool
    from moadiff.cache import Cache
    from moadiff.model import Options, Resources

    corpus = Path(args.corpus)
    cache_dir = tempfile.mkdtemp(prefix="batch-read-")
    try:
        resources = Resources(cache_dir=cache_dir)
        started = time.perf_counter()
        run._preload(resources)
        pool = make_pool("local", args.jobs)
        work = run._Work(Options(), resources, Cache(cache_dir), pool, False, run._version())
        files, n_base = run._files([corpus / "agreements"], sorted((corpus / "baselines").iterdir()), [])
        read = run._read(work, files, n_base)
        pool.close()
        work.cache.close()
        wall = time.perf_counter() - started
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
    print(f"{Path(moadiff.__file__).parents[1]}: {len(read.docs)} files read ({len(read.errors)} failed), "
          f"--jobs {args.jobs}: {cpu:.2f} CPU-s for the process tree, {wall:.2f} s wall")


if __name__ == "__main__":
    main()

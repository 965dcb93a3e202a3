"""What a worker process does with one job: the same library calls as the CLI.

The server starts ``python -m moadiff.serve.work FOLDER`` for each job.
A job's folder holds ``job.json`` (what to do), ``agreements/`` (the uploads, under server-made names) and gets
``out/`` (the reports) and ``events.jsonl`` (progress, one JSON object a
line, appended by this process and its readers). The outcome is written last,
to ``result.json``; the queue (jobs.py) treats a worker that ends without
one as crashed.

- compare: :func:`moadiff.compare`, then each format through
  :func:`moadiff.render.render`, as ``moadiff compare -o`` writes them (the
  PDF is printed later, on request, from ``comparison.data.json``, the comparison as plain data);
- batch: :func:`moadiff.batch.run_batch` and :func:`moadiff.batch.write_batch`,
  as ``moadiff batch`` does.

The process runs under the CLI's limits: address space ``memory_limit`` and
CPU time (soft limits, which the reading children set again for themselves).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from moadiff import progress
from moadiff.cache import encode
from moadiff.errors import EmptyDocument, ExtractionError, MoadiffError
from moadiff.model import Options, Resources
from moadiff.output import html_beside, one_line, write_atomic
from moadiff.serve.jobs import INPUTS

__all__ = ["COMPARE_OUTPUTS", "main", "run_job"]

#: Format -> file name in ``out/`` of a comparison (the PDF is made on request).
COMPARE_OUTPUTS = {"html": "report.html", "json": "report.json", "docx": "redline.docx", "md": "summary.md",
                   "csv": "changes.csv", "pdf": "report.pdf"}


def _sink(folder: Path) -> Any:
    """A progress sink appending a line to ``events.jsonl``: one write of
    a short line with O_APPEND, safe from several processes."""
    path = folder / "events.jsonl"

    def sink(event: progress.Event) -> None:
        data = dict(asdict(event), path=Path(event.path).name if event.path else "")
        line = (json.dumps(data) + "\n").encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)

    return sink


def _limit(resources: Resources, cpu_seconds: float) -> None:
    try:
        import resource
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    want = int(cpu_seconds) + 1
    if hard == resource.RLIM_INFINITY or want < hard:
        resource.setrlimit(resource.RLIMIT_CPU, (want, hard))
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or resources.memory_limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (resources.memory_limit, hard))


def main(argv: list[str]) -> int:
    """``python -m moadiff.serve.work FOLDER``: run the job its job.json describes."""
    root = Path(argv[0]).resolve()
    spec = json.loads((root / "job.json").read_text(encoding="utf-8"))
    # Inputs are named relative to the job's folder ("agreements/x.pdf"), so that
    # reports do not show the server's own folders.
    os.chdir(root)
    resources = Resources(**spec["resources"])
    run_job(root, spec["kind"], spec, resources)
    return 0


def run_job(root: Path, kind: str, spec: dict[str, Any], resources: Resources) -> None:
    """Run the job in the folder ``root`` and write its ``result.json``."""
    progress.set_sink(_sink(root))
    files = spec["files"]
    _limit(resources, resources.time_limit * 4 * max(2, len(files)))
    try:
        if kind == "compare":
            status = _compare(root, spec, resources)
        else:
            status = _batch(root, spec, resources)
        result: dict[str, Any] = {"ok": True, "exit_status": status, "error": None}
    except MoadiffError as exc:
        result = {"ok": False, "error": one_line(_shown(str(exc), root)), "password": _wants_password(exc)}
    except MemoryError:
        result = {"ok": False, "error": f"the comparison needed more than {resources.memory_limit // 2**20} MiB "
                                        "of memory, the limit"}
    except Exception as exc:  # noqa: BLE001 - one line for the page; the server goes on
        result = {"ok": False, "error": one_line(f"internal error: {type(exc).__name__}: {_shown(str(exc), root)}")}
    progress.report("finished")
    write_atomic(root / "result.json", json.dumps(result).encode("utf-8"))


def _shown(message: str, root: Path) -> str:
    """An error as the page shows it: the file's name without the job's
    folders, and the password asked for in the page, not with --password."""
    for sub in (INPUTS, "base"):
        message = message.replace(str(root / sub) + os.sep, "").replace(sub + os.sep, "")
    return re.sub(r"\s*\(use --password\)|;? give its password with --password", "; give it in the password field",
                  message)


def _wants_password(exc: MoadiffError) -> bool:
    return isinstance(exc, ExtractionError) and "encrypted" in exc.reason and not isinstance(exc, EmptyDocument)


def _options(spec: dict[str, Any]) -> Options:
    from moadiff.pipeline import make_options

    options = dict(spec["options"])
    options["watch"] = tuple(options.get("watch", ()))  # JSON has lists
    return make_options(**options)


def _compare(root: Path, spec: dict[str, Any], resources: Resources) -> int:
    from moadiff.pipeline import compare
    from moadiff.render import Target, render

    old, new = (os.path.join(INPUTS, name) for name in spec["files"])
    comparison = compare(old, new, options=_options(spec), resources=resources)
    out = root / "out"
    out.mkdir(mode=0o700, exist_ok=True)
    targets = [(str(out / name), fmt) for fmt, name in COMPARE_OUTPUTS.items() if fmt != "pdf"]
    for path, fmt in targets:
        progress.report("writing", path)
        href = html_beside(path, targets) if fmt == "md" else None
        write_atomic(path, render(comparison, fmt, Target(path, href)), inputs=(old, new))
    write_atomic(out / "comparison.data.json", encode(comparison))
    return comparison.exit_status


def _batch(root: Path, spec: dict[str, Any], resources: Resources) -> int:
    from moadiff.batch import output_folder, run_batch, write_batch

    folder = Path(INPUTS)
    baselines = [os.path.join("base", name) for name in spec.get("baselines", [])]
    out = root / "out"
    output_folder(out)
    result = run_batch([folder], mode="baseline" if baselines else "cluster", baselines=baselines,
                       options=_options(spec), resources=resources, jobs=1, skip=[out])
    progress.report("writing")
    write_batch(result, out, resources=resources, jobs=1)
    return result.return_code


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))

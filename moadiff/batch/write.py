"""Write a :class:`BatchResult` into an output folder.

::

    out/index.html, matrix.html            render/batch.py (pages)
    out/summary.json, summary.csv, matrix.csv
    out/revisions.md, revisions.html,      render/revisions.py (cluster mode)
        deviations.csv
    out/reports/<row>.html, <row>.json     moadiff.render.render(comparison, fmt)

Every name written is moadiff's own, so nothing lands outside the folder;
every file is written atomically and never over an input
(output.write_atomic). A report whose content did not change is not
rewritten: a re-run leaves the files people have open alone, and skips the
HTML rendering, the slow part.
"""

from __future__ import annotations

import os
from pathlib import Path

from moadiff import output
from moadiff.batch.pool import Pool, Show, progress
from moadiff.batch.result import BatchResult
from moadiff.cache import Cache, NoCache, key
from moadiff.errors import OutputError
from moadiff.model import Comparison, Resources
from moadiff.render import batch as pages
from moadiff.render import render, revisions

__all__ = ["output_folder", "write_batch"]


def output_folder(out_dir: str | os.PathLike[str]) -> Path:
    """Make ``out_dir`` and ``out_dir/reports``, or raise an OutputError.
    A symbolic link planted as ``reports`` (it could lead anywhere) is refused."""
    out = Path(out_dir)
    reports = out / "reports"
    try:
        out.mkdir(parents=True, exist_ok=True)
        if reports.is_symlink():
            raise OutputError(reports, "is a symbolic link; reports are written only inside the output folder")
        reports.mkdir(exist_ok=True)
    except FileExistsError:
        raise OutputError(out if not out.is_dir() else reports, "exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(out, exc.strerror or str(exc)) from None
    return out


def write_batch(result: BatchResult, out_dir: str | os.PathLike[str], *, resources: Resources | None = None,
                jobs: int = 1, progress: Show = False) -> None:
    """Write the reports of every comparison in ``result`` (HTML rendered in
    ``jobs`` worker processes), then the index, summaries and clause matrix.
    ``resources.cache_dir`` remembers which HTML reports are up to date."""
    out = output_folder(out_dir)
    sources = output.Inputs.of(d.path for d in result.documents.values())
    cache_dir = resources.cache_dir if resources is not None else None
    cache: Cache = Cache(cache_dir) if cache_dir is not None else NoCache()
    try:
        import moadiff.render.html
        import moadiff.render.json  # noqa: F401 - imported once here, inherited by the workers that fork
        with Pool(jobs) as pool:
            _write_reports(out / "reports", result, sources, cache, pool, progress)
    finally:
        cache.close()
    files = {
        "summary.json": pages.summary_json(result),
        "summary.csv": pages.summary_csv(result),
        "matrix.csv": pages.matrix_csv(result),
        "index.html": pages.index_html(result),
        "matrix.html": pages.matrix_html(result),
    }
    if result.mode == "cluster":
        files["revisions.md"] = revisions.revisions_md(result)
        files["revisions.html"] = revisions.revisions_html(result)
        files["deviations.csv"] = revisions.deviations_csv(result)
    for name, text in files.items():
        output.write_atomic(out / name, text.encode("utf-8"), inputs=sources)


def _unchanged(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding ``data``."""
    try:
        return (not path.is_symlink() and path.is_file() and path.stat().st_size == len(data)
                and path.read_bytes() == data)
    except OSError:
        return False


def _write_reports(reports: Path, result: BatchResult, sources: output.Inputs, cache: Cache, pool: Pool,
                   show: Show) -> None:
    """The JSON of each comparison here; its HTML, when the JSON (and so
    the comparison) or moadiff changed since it was written, in the pool.
    The cache's "output" table holds that stamp per HTML file. A report
    with no HTML yet (every report of a cold run) is rendered in the pool
    whole, JSON too: the JSON of a hundred comparisons is a second of this
    process's time, while the workers are free."""
    to_render: list[tuple[Path, Path, Comparison]] = []
    for stem, comp in result.comparisons().items():
        json_path, html_path = reports / f"{stem}.json", reports / f"{stem}.html"
        if not html_path.exists() and not html_path.is_symlink():
            to_render.append((json_path, html_path, comp))
            continue
        data = render(comp, "json")
        if not _unchanged(json_path, data):
            output.write_atomic(json_path, data, inputs=sources)
        stamp = key(data, result.version)
        if not (html_path.is_file() and not html_path.is_symlink()
                and cache.get("output", str(html_path.resolve())) == stamp):
            to_render.append((json_path, html_path, comp))
    rendered = pool.map(_both, [c for _, _, c in to_render])
    for (json_path, html_path, _), (data, html) in zip(to_render, progress(rendered, len(to_render), "writing", show)):
        if not _unchanged(json_path, data):
            output.write_atomic(json_path, data, inputs=sources)
        output.write_atomic(html_path, html, inputs=sources)
        cache.put("output", str(html_path.resolve()), key(data, result.version))


def _both(comparison: Comparison) -> tuple[bytes, bytes]:
    """A comparison's JSON and HTML reports (in a worker process)."""
    return render(comparison, "json"), render(comparison, "html")

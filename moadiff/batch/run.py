"""``moadiff batch``: many comparisons, one folder of outputs.

Data flows one way: discover files -> parse each once (cache, pool) -> plan
who is compared with whom (plan.py) -> compare (cache, pool) -> learn fill-in
slots per baseline and relabel (slots.py) -> write reports, then the index,
summaries and clause matrix (render/batch.py). A file that fails is a row
with its error; the batch goes on and exits 2.
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from moadiff import output
from moadiff.cache import Cache, NoCache, key
from moadiff.batch.plan import assign_baselines, cluster, pair_versions, separation
from moadiff.batch.slots import learn_slots
from moadiff.pipeline import compare_parsed, parsed
from moadiff.errors import InputError, MoadiffError, OutputError
from moadiff.extractors import extract, file_sha256
from moadiff.fillins import label_fillins
from moadiff.model import KINDS, Comparison, Options, Parsed
from moadiff.profile import dates_in
from moadiff.render import batch as render

__all__ = ["BatchResult", "run_batch"]

Mode = Literal["baseline", "pairs", "cluster"]
SUFFIXES = (".pdf", ".docx", ".txt")
SCHEMA = "moadiff.batch/1"


@dataclass(frozen=True)
class BatchResult:
    summary: dict[str, Any]
    exit_status: int


def _version() -> str:
    """moadiff's version and a digest of its code: a cache entry made by
    other code (an upgrade, a local edit) is never reused."""
    import hashlib

    from moadiff import __version__
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def discover(folders: Sequence[str | os.PathLike[str]], skip: Path) -> list[Path]:
    """Agreements under ``folders`` (recursively), sorted; hidden files and
    the output folder are skipped."""
    found: set[Path] = set()
    for folder in folders:
        root = Path(folder)
        if root.is_file():
            found.add(root)
            continue
        if not root.is_dir():
            raise InputError(root, "no such folder")
        for path in root.rglob("*"):
            rel = path.relative_to(root).parts
            if any(p.startswith(".") for p in rel) or skip in path.resolve().parents:
                continue
            if path.is_file() and path.suffix.lower() in SUFFIXES:
                found.add(path)
    return sorted(found, key=lambda p: (str(p).lower(), str(p)))


def slug(name: str, taken: set[str]) -> str:
    """A safe, unique file stem: lowercase letters, digits and single hyphens
    inside (never "--", which joins two stems in a row id)."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")[:60].strip("-") or "agreement"
    out, n = stem, 2
    while out in taken:
        out, n = f"{stem}-{n}", n + 1
    taken.add(out)
    return out


# Worker functions: module level so that the process pool can pickle them.
def _parse_job(job: tuple[str, Options]) -> Parsed | str:
    path, options = job
    try:
        return parsed(extract(path, options), options)
    except MoadiffError as exc:
        return output.one_line(str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return output.one_line(f"{path}: internal error: {type(exc).__name__}: {exc}")


def _compare_job(job: tuple[Parsed, Parsed, Options]) -> Comparison:
    return compare_parsed(*job)


def _html_job(comparison: Comparison) -> bytes:
    return comparison.to_html().encode("utf-8")


class _Pool:
    """map() over a process pool, or in-process with one job."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        if self._pool is None or len(items) < 2:
            return map(fn, items)
        return self._pool.map(fn, items, chunksize=max(1, len(items) // (self.jobs * 8)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()


def _progress(items: Iterable[Any], total: int, desc: str, show: bool) -> Iterable[Any]:
    if not show:
        return items
    from tqdm import tqdm
    return tqdm(items, total=total, desc=desc, unit="file", leave=False, file=sys.stderr)


def _counts(comparison: Comparison) -> dict[str, int]:
    s = comparison.summary
    out = {k: s.edits.get(k, 0) for k in KINDS}
    out.update(unchanged=s.unchanged, modified=s.modified, added=s.added, removed=s.removed, moved=s.moved)
    return out


def _changed_clauses(comparison: Comparison) -> list[str]:
    return [(c.new or c.old).id for c in comparison.changes  # type: ignore[union-attr]
            if c.is_substantive]


def _cells(comparison: Comparison | None, clause_ids: Sequence[str]) -> tuple[list[str], int]:
    """Matrix cells for the baseline's clauses, and the count of added clauses."""
    if comparison is None:
        return ["missing"] * len(clause_ids), 0
    status: dict[str, str] = {}
    added = 0
    for c in comparison.changes:
        if c.old is None:
            added += 1
            continue
        if c.status == "removed":
            cell = "removed"
        elif c.moved:
            cell = "moved"
        elif c.count("substantive"):
            cell = "modified"
        elif c.count("fill-in"):
            cell = "fill-in"
        else:
            cell = "unchanged"
        for part in c.old_parts or (c.old.id,):
            status[part] = cell
    return [status.get(cid, "unchanged") for cid in clause_ids], added


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    mode: Mode = "cluster",
    baselines: Sequence[str | os.PathLike[str]] = (),
    options: Options | None = None,
    jobs: int = 1,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool = False,
) -> BatchResult:
    """Compare every agreement under ``inputs``; write reports to ``out_dir``."""
    options = options or Options()
    out = _output_folder(Path(out_dir))
    cache: Cache = Cache(cache_dir) if cache_dir is not None else NoCache()
    pool = _Pool(max(1, jobs))
    try:
        return _run(inputs, out, mode, baselines, options, cache, pool, progress)
    finally:
        pool.close()
        cache.close()


def _output_folder(out: Path) -> Path:
    """Make ``out`` and ``out/reports``. Every name written there is moadiff's
    own (index.html, reports/<slug>.html), so nothing lands outside ``out``,
    unless a symbolic link planted as ``reports`` leads elsewhere: refused."""
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


def _unchanged(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding ``data``."""
    try:
        return (not path.is_symlink() and path.is_file() and path.stat().st_size == len(data)
                and path.read_bytes() == data)
    except OSError:
        return False


def _run(inputs: Sequence[str | os.PathLike[str]], out: Path, mode: Mode,
         baseline_paths: Sequence[str | os.PathLike[str]], options: Options, cache: Cache, pool: _Pool,
         progress: bool) -> BatchResult:
    version = _version()
    okey = options.key()
    files = discover(inputs, out.resolve())
    base_files = [Path(b) for b in baseline_paths]
    for b in base_files:
        if not b.is_file():
            raise InputError(b, "no such baseline file")
    all_files = base_files + [f for f in files if f.resolve() not in {b.resolve() for b in base_files}]
    if not all_files:
        raise InputError(Path(str(inputs[0]) if inputs else "."), "no agreements found (.pdf, .docx, .txt)")

    # 1. Parse each file once (cache by content hash).
    taken: set[str] = set()
    ids = [slug(f.name, taken) for f in all_files]
    docs: dict[str, Parsed] = {}
    errors: dict[str, str] = {}
    hashes: dict[str, str] = {}
    todo: list[tuple[str, Path]] = []
    for doc_id, path in zip(ids, all_files):
        try:
            hashes[doc_id] = file_sha256(path.read_bytes())
        except OSError as exc:
            errors[doc_id] = output.one_line(f"{path}: {exc.strerror or exc}")
            continue
        hit = cache.get("parsed", key(hashes[doc_id], okey, version))
        if hit is not None:
            docs[doc_id] = replace(hit, info=replace(hit.info, path=str(path), name=path.name))
        else:
            todo.append((doc_id, path))
    results = pool.map(_parse_job, [(str(p), options) for _, p in todo])
    for (doc_id, path), res in zip(todo, _progress(results, len(todo), "reading", progress)):
        if isinstance(res, str):
            errors[doc_id] = res
        else:
            docs[doc_id] = res
            cache.put("parsed", key(hashes[doc_id], okey, version), res)
    base_ids = ids[:len(base_files)]
    for b in base_ids:
        if b in errors:
            raise InputError(Path(str(all_files[ids.index(b)])), f"baseline unreadable: {errors[b]}")
    path_of = dict(zip(ids, all_files))

    # 2. Plan: (row id, old id, new id).
    plan: list[tuple[str, str | None, str]] = []
    clusters = []
    if mode == "baseline":
        if not base_ids:
            raise InputError(Path("."), "--baseline mode needs at least one baseline file")
        assigned = assign_baselines(docs, base_ids)
        for doc_id in ids[len(base_ids):]:
            plan.append((doc_id, assigned.get(doc_id), doc_id))
    elif mode == "pairs":
        def order(d: str) -> tuple[str, ...]:
            # Dates from the content first; a date in the file name only as a hint.
            p = docs[d].info.profile
            hint = dates_in(path_of[d].stem.replace("_", " "))
            return (p.signed or p.revision or "", hint[0][2].isoformat() if hint else "", d)
        for old_id, new_id in pair_versions(docs, order):
            plan.append((f"{old_id}--{new_id}", old_id, new_id))
        plan.extend((d, None, d) for d in ids if d in errors)
    else:
        def distance(a: str, b: str) -> int:
            return separation(_compare_cached(docs[a], docs[b], options, cache, okey, version))
        clusters = cluster(docs, distance)
        for c in clusters:
            for m in c.members:
                if m != c.baseline:
                    plan.append((m, c.baseline, m))
        plan.extend((d, None, d) for d in ids if d in errors)
    # 3. Compare (cache by both hashes).
    jobs = [(r, o, n) for r, o, n in plan if o is not None and o in docs and n in docs]
    comparisons: dict[str, Comparison] = {}
    missing = []
    for r, o, n in jobs:
        hit = cache.get("comparison", key(hashes[o], hashes[n], okey, version))
        if hit is not None:
            comparisons[r] = _relocate(hit, docs[o], docs[n])
        else:
            missing.append((r, o, n))
    results = pool.map(_compare_job, [(docs[o], docs[n], options) for _, o, n in missing])
    for (r, o, n), comp in zip(missing, _progress(results, len(missing), "comparing", progress)):
        comparisons[r] = comp
        cache.put("comparison", key(hashes[o], hashes[n], okey, version), comp)

    # 4. Fill-in slots learnt per baseline, then relabel.
    if mode in ("baseline", "cluster"):
        by_base: dict[str, list[str]] = defaultdict(list)
        for r, o, _ in jobs:
            by_base[o].append(r)  # type: ignore[index]
        for base, rows in by_base.items():
            slots = learn_slots((c for r in rows for c in comparisons[r].changes), len(rows))
            if slots:
                for r in rows:
                    comp = comparisons[r]
                    comparisons[r] = replace(comp, changes=label_fillins(
                        comp.changes, comp.old.profile, comp.new.profile, slots))

    # 5. What separates one template revision from the next (cluster mode).
    revisions: list[dict[str, Any]] = []
    if clusters:
        by_model: dict[str | None, list[Any]] = defaultdict(list)
        for c in clusters:
            by_model[c.model].append(c)
        for model_clusters in by_model.values():
            for a, b in zip(model_clusters, model_clusters[1:]):
                # "--": no agreement's own row id (a slug) can take this name.
                r = f"revision--{a.id}-to-{b.id}"
                comparisons[r] = _compare_cached(docs[a.baseline], docs[b.baseline], options, cache, okey, version)
                revisions.append({"from": a.id, "to": b.id, "label": f"{a.label} → {b.label}", "row": r})

    # 6. Reports, written only when their content changed.
    sources = [str(p) for p in all_files]
    to_render: list[tuple[str, Comparison, str]] = []
    for r, comp in comparisons.items():
        data = comp.to_json().encode("utf-8")
        json_path = out / "reports" / f"{r}.json"
        stamp = key(data, version)
        html_path = out / "reports" / f"{r}.html"
        if not _unchanged(json_path, data):
            output.write_atomic(json_path, data, inputs=sources)
        if not (html_path.is_file() and not html_path.is_symlink()
                and cache.get("output", str(html_path.resolve())) == stamp):
            to_render.append((r, comp, stamp))
    rendered = pool.map(_html_job, [c for _, c, _ in to_render])
    for (r, _, stamp), data in zip(to_render, _progress(rendered, len(to_render), "writing", progress)):
        html_path = out / "reports" / f"{r}.html"
        output.write_atomic(html_path, data, inputs=sources)
        cache.put("output", str(html_path.resolve()), stamp)

    summary = _summary(mode, inputs, ids, path_of, docs, errors, hashes, plan, comparisons, clusters,
                       revisions, base_ids, version)
    _write_outputs(out, summary, sources)
    return BatchResult(summary, summary["exit_status"])


def _relocate(comp: Comparison, old: Parsed, new: Parsed) -> Comparison:
    """A cached comparison, with this run's paths."""
    return replace(comp, old=old.info, new=new.info)


def _compare_cached(old: Parsed, new: Parsed, options: Options, cache: Cache, okey: str, version: str) -> Comparison:
    k = key(old.info.sha256, new.info.sha256, okey, version)
    hit = cache.get("comparison", k)
    if hit is not None:
        return _relocate(hit, old, new)
    comp = compare_parsed(old, new, options)
    cache.put("comparison", k, comp)
    return comp


def _report_links(r: str) -> dict[str, str]:
    return {"html": f"reports/{r}.html", "json": f"reports/{r}.json"}


def _summary(mode: Mode, inputs: Sequence[Any], ids: Sequence[str], path_of: dict[str, Path],
             docs: dict[str, Parsed], errors: dict[str, str], hashes: dict[str, str],
             plan: Sequence[tuple[str, str | None, str]], comparisons: dict[str, Comparison],
             clusters: Sequence[Any], revisions: Sequence[dict[str, Any]], base_ids: Sequence[str],
             version: str) -> dict[str, Any]:
    member_of = {m: c.id for c in clusters for m in c.members}
    documents: dict[str, Any] = {}
    for d in ids:
        doc = docs.get(d)
        p = doc.info.profile if doc else None
        documents[d] = {
            "name": path_of[d].name, "path": str(path_of[d]), "sha256": hashes.get(d),
            "pages": doc.info.pages if doc else None,
            "agency": p.agency if p else None,
            "abbreviation": p.abbreviations[0] if p and p.abbreviations else None,
            "model": p.model if p else None, "model_name": p.model_name if p else None,
            "revision": p.revision if p else None, "signed": p.signed if p else None,
            "cluster": member_of.get(d), "baseline": d in base_ids,
            "error": errors.get(d),
            "notices": [n.message for n in doc.info.notices] if doc else [],
        }
    rows: list[dict[str, Any]] = []
    for r, o, n in plan:
        comp = comparisons.get(r)
        error = errors.get(n) or (errors.get(o) if o else None)
        if comp is None and error is None and o is None:
            error = "no baseline of its model"
        rows.append({
            "id": r, "old": o, "new": n,
            "status": "error" if comp is None else ("different" if comp.exit_status else "same"),
            "error": error if comp is None else None,
            "counts": _counts(comp) if comp else None,
            "changed_clauses": _changed_clauses(comp) if comp else [],
            "report": _report_links(r) if comp else None,
        })
    matrix = []
    for base in sorted({o for _, o, _ in plan if o is not None and o in docs}):
        clause_list = [c for c in docs[base].clauses]
        columns = [r for r, o, _ in plan if o == base]
        cells_by_col = [_cells(comparisons.get(r), [c.id for c in clause_list]) for r in columns]
        matrix.append({
            "baseline": base,
            "clauses": [{"key": c.id, "title": c.title} for c in clause_list],
            "columns": columns,
            "cells": [[col[0][k] for col in cells_by_col] for k in range(len(clause_list))],
            "added": [col[1] for col in cells_by_col],
        })
    revision_rows = []
    for rev in revisions:
        comp = comparisons[rev["row"]]
        revision_rows.append({"from": rev["from"], "to": rev["to"], "label": rev["label"],
                              "counts": _counts(comp), "changed_clauses": _changed_clauses(comp),
                              "report": _report_links(rev["row"])})
    exit_status = 2 if any(row["status"] == "error" for row in rows) or errors else (
        1 if any(row["status"] == "different" for row in rows) else 0)
    return {
        "schema": SCHEMA, "moadiff": version, "mode": mode,
        "folder": ", ".join(str(i) for i in inputs),
        "exit_status": exit_status,
        "documents": documents,
        "rows": rows,
        "clusters": [{"id": c.id, "label": c.label, "model": c.model, "revision": c.revision,
                      "baseline": c.baseline, "members": list(c.members), "cohesion": c.cohesion}
                     for c in clusters],
        "revisions": revision_rows,
        "matrix": matrix,
    }


def _write_outputs(out: Path, summary: dict[str, Any], sources: Sequence[str]) -> None:
    import json
    files = {
        "summary.json": json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
        "summary.csv": render.summary_csv(summary),
        "matrix.csv": render.matrix_csv(summary),
        "index.html": render.index_html(summary),
        "matrix.html": render.matrix_html(summary),
    }
    for name, text in files.items():
        output.write_atomic(out / name, text.encode("utf-8"), inputs=sources)

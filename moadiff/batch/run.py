"""``moadiff batch``: many comparisons, one :class:`BatchResult`; nothing written.

Data flows one way: discover files -> parse each once (cache, pool) -> plan
who is compared with whom (plan.py) -> compare (cache, pool) -> learn fill-in
slots per baseline and relabel (slots.py) -> compare template revisions
(cluster mode) -> a typed result (result.py). write.py then writes the
reports, summaries and clause matrix from it. A file that fails is a row
with its error; the batch goes on, and its return code is 2.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import get_args

from moadiff.batch.executors import Executor, make_pool
from moadiff.batch.plan import Mode, Plan, Planned, plan, separation
from moadiff.batch.pool import Show, progress
from moadiff.batch.result import BatchDocument, BatchResult, BatchRow, Cell, ClauseMatrix, Revision
from moadiff.batch.slots import learn_slots
from moadiff.cache import Cache, NoCache, key
from moadiff.errors import InputError, MoadiffError, OptionError
from moadiff.extractors import extract, file_sha256
from moadiff.fillins import label_fillins
from moadiff.model import Comparison, Options, Parsed, Resources
from moadiff.output import one_line
from moadiff.pipeline import compare_parsed, parsed

__all__ = ["discover", "run_batch", "slug"]

SUFFIXES = (".pdf", ".docx", ".txt")


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


def discover(folders: Sequence[str | os.PathLike[str]], skip: Sequence[Path] = ()) -> list[Path]:
    """Agreements under ``folders`` (recursively), sorted; hidden files and
    anything under the (resolved) folders ``skip`` are left out."""
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
            if any(p.startswith(".") for p in rel) or any(s in path.resolve().parents for s in skip):
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


@dataclass(frozen=True, slots=True)
class _Failure:
    """A MoadiffError on its way back from a worker process. The errors'
    constructors take more than their message, so pickle's way (calling
    the class with ``args``) cannot rebuild them; this can."""

    cls: type[MoadiffError]
    args: tuple[object, ...]
    attrs: dict[str, object]

    @classmethod
    def of(cls, exc: MoadiffError) -> _Failure:
        return cls(type(exc), exc.args, dict(vars(exc)))

    def error(self) -> MoadiffError:
        exc = self.cls.__new__(self.cls)
        exc.args = self.args
        vars(exc).update(self.attrs)
        return exc


# Worker functions: module level so that the process pool can pickle them.
def _parse_job(job: tuple[str, Options, Resources]) -> Parsed | _Failure:
    path, options, resources = job
    try:
        return parsed(extract(path, options, resources), options)
    except MoadiffError as exc:
        return _Failure.of(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return _Failure.of(InputError(path, f"internal error: {type(exc).__name__}: {exc}"))


def _compare_job(job: tuple[Parsed, Parsed, Options]) -> Comparison:
    return compare_parsed(*job)


@dataclass(frozen=True, slots=True)
class _Work:
    """What every step of one run shares."""

    options: Options
    resources: Resources
    cache: Cache
    pool: Executor
    progress: Show
    version: str

    def key(self, *parts: str) -> str:
        return key(*parts, self.options.key(), self.version)


@dataclass(frozen=True, slots=True)
class _Read:
    """The documents of a run: every id in input order (baselines first),
    and what became of each."""

    ids: tuple[str, ...]
    paths: Mapping[str, Path]
    docs: Mapping[str, Parsed]
    errors: Mapping[str, MoadiffError]
    hashes: Mapping[str, str]


def run_batch(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    mode: Mode = "cluster",
    baselines: Sequence[str | os.PathLike[str]] = (),
    options: Options | None = None,
    resources: Resources | None = None,
    jobs: int = 1,
    progress: Show = False,
    skip: Sequence[str | os.PathLike[str]] = (),
    executor: str = "local",
) -> BatchResult:
    """Compare every agreement under ``inputs`` (files or folders) as
    ``mode`` says, in ``jobs`` worker processes (or on the Dask cluster
    ``executor`` names, executors.py); write nothing. Folders in ``skip``
    (the output folder, when it is inside an input) are not read."""
    if mode not in get_args(Mode):
        raise OptionError(f"mode must be one of {', '.join(map(repr, get_args(Mode)))}, not {mode!r}")
    resources = resources or Resources()
    cache: Cache = Cache(resources.cache_dir) if resources.cache_dir is not None else NoCache()
    pool = make_pool(executor, jobs)
    work = _Work(options or Options(), resources, cache, pool, progress, _version())
    try:
        files, n_base = _files(inputs, baselines, [Path(s).resolve() for s in skip])
        read = _read(work, files, n_base)
        base_ids = read.ids[:n_base]
        the_plan = _plan(work, mode, read, base_ids)
        comparisons = _compare_all(work, the_plan.rows, read)
        if mode != "pairs":
            comparisons = _relabel(the_plan.rows, comparisons)
        revisions = tuple(Revision.of(a, b, _compare_cached(work, read.docs[a.baseline], read.docs[b.baseline]))
                          for a, b in the_plan.revisions)
    finally:
        pool.close()
        cache.close()
    return BatchResult(
        mode, ", ".join(str(i) for i in inputs), work.version,
        documents=_documents(read, base_ids, the_plan),
        rows=tuple(_row(p, comparisons, read.errors) for p in the_plan.rows),
        clusters=the_plan.clusters, revisions=revisions,
        matrices=_matrices(the_plan.rows, read.docs, comparisons),
    )


def _files(inputs: Sequence[str | os.PathLike[str]], baselines: Sequence[str | os.PathLike[str]],
           skip: Sequence[Path]) -> tuple[list[Path], int]:
    """The files to read, baselines first, and how many baselines."""
    base_files = [Path(b) for b in baselines]
    for b in base_files:
        if not b.is_file():
            raise InputError(b, "no such baseline file")
    given = {b.resolve() for b in base_files}
    files = base_files + [f for f in discover(inputs, skip) if f.resolve() not in given]
    if not files:
        raise InputError(Path(str(inputs[0]) if inputs else "."), "no agreements found (.pdf, .docx, .txt)")
    return files, len(base_files)


def _read(work: _Work, files: Sequence[Path], n_base: int) -> _Read:
    """Parse each file once (cached by content hash, in the pool)."""
    taken: set[str] = set()
    ids = tuple(slug(f.name, taken) for f in files)
    docs: dict[str, Parsed] = {}
    errors: dict[str, MoadiffError] = {}
    hashes: dict[str, str] = {}
    todo: list[tuple[str, Path]] = []
    for doc_id, path in zip(ids, files):
        try:
            hashes[doc_id] = file_sha256(path.read_bytes())
        except OSError as exc:
            errors[doc_id] = InputError(path, exc.strerror or str(exc))
            continue
        hit = work.cache.get("parsed", work.key(hashes[doc_id]))
        if hit is not None:
            docs[doc_id] = replace(hit, info=replace(hit.info, path=str(path), name=path.name))
        else:
            todo.append((doc_id, path))
    results = work.pool.map(_parse_job, [(str(p), work.options, work.resources) for _, p in todo])
    for (doc_id, path), res in zip(todo, progress(results, len(todo), "reading", work.progress)):
        if isinstance(res, _Failure):
            errors[doc_id] = res.error()
        else:
            docs[doc_id] = res
            work.cache.put("parsed", work.key(hashes[doc_id]), res)
    for doc_id, path in zip(ids[:n_base], files):
        if doc_id in errors:
            raise InputError(path, f"baseline unreadable: {one_line(str(errors[doc_id]))}")
    return _Read(ids, dict(zip(ids, files)), docs, errors, hashes)


def _plan(work: _Work, mode: Mode, read: _Read, base_ids: Sequence[str]) -> Plan:
    def distance(a: str, b: str) -> int:
        # Only the number that decides is kept: the comparison itself is
        # made again if it becomes a row (few do), not stored for each pair.
        k = work.key(read.hashes[a], read.hashes[b])
        hit = work.cache.get("separation", k)
        if isinstance(hit, int):
            return hit
        hit = work.cache.get("comparison", k)
        words = separation(_relocate(hit, read.docs[a], read.docs[b]) if hit is not None
                           else compare_parsed(read.docs[a], read.docs[b], work.options))
        work.cache.put("separation", k, words)
        return words

    names = {d: p.name for d, p in read.paths.items()}
    return plan(mode, read.ids, read.docs, baselines=base_ids, names=names, distance=distance)


def _compare_all(work: _Work, rows: Sequence[Planned], read: _Read) -> dict[str, Comparison]:
    """Row id -> comparison, for each row whose documents were both read
    (cached by both hashes, in the pool)."""
    comparisons: dict[str, Comparison] = {}
    missing: list[tuple[str, str, str]] = []  # (row, old, new)
    for p in rows:
        if p.old is None or p.old not in read.docs or p.new not in read.docs:
            continue
        hit = work.cache.get("comparison", work.key(read.hashes[p.old], read.hashes[p.new]))
        if hit is not None:
            comparisons[p.row] = _relocate(hit, read.docs[p.old], read.docs[p.new])
        else:
            missing.append((p.row, p.old, p.new))
    results = work.pool.map(_compare_job, [(read.docs[o], read.docs[n], work.options) for _, o, n in missing])
    for (r, o, n), comp in zip(missing, progress(results, len(missing), "comparing", work.progress)):
        comparisons[r] = comp
        work.cache.put("comparison", work.key(read.hashes[o], read.hashes[n]), comp)
    return comparisons


def _relabel(rows: Sequence[Planned], comparisons: Mapping[str, Comparison]) -> dict[str, Comparison]:
    """Fill-in slots learnt from all comparisons with one baseline, then
    each of them relabelled with its baseline's slots."""
    out = dict(comparisons)
    by_base: dict[str, list[str]] = defaultdict(list)
    for p in rows:
        if p.old is not None and p.row in comparisons:
            by_base[p.old].append(p.row)
    for members in by_base.values():
        slots = learn_slots((c for r in members for c in comparisons[r].changes), len(members))
        if slots:
            for r in members:
                comp = comparisons[r]
                out[r] = replace(comp, changes=label_fillins(comp.changes, comp.old.profile, comp.new.profile,
                                                             slots))
    return out


def _relocate(comp: Comparison, old: Parsed, new: Parsed) -> Comparison:
    """A cached comparison, with this run's paths."""
    return replace(comp, old=old.info, new=new.info)


def _compare_cached(work: _Work, old: Parsed, new: Parsed) -> Comparison:
    k = work.key(old.info.sha256, new.info.sha256)
    hit = work.cache.get("comparison", k)
    if hit is not None:
        return _relocate(hit, old, new)
    comp = compare_parsed(old, new, work.options)
    work.cache.put("comparison", k, comp)
    return comp


def _documents(read: _Read, base_ids: Sequence[str], the_plan: Plan) -> dict[str, BatchDocument]:
    member_of = {m: c.id for c in the_plan.clusters for m in c.members}
    out: dict[str, BatchDocument] = {}
    for d in read.ids:
        path, doc = read.paths[d], read.docs.get(d)
        entry = BatchDocument(d, path.name, str(path), read.hashes.get(d), cluster=member_of.get(d),
                              baseline=d in base_ids, error=read.errors.get(d))
        if doc is not None:
            p = doc.info.profile
            entry = replace(entry, pages=doc.info.pages, agency=p.agency,
                            abbreviation=p.abbreviations[0] if p.abbreviations else None, model=p.model,
                            model_name=p.model_name, revision=p.revision, signed=p.signed,
                            notices=tuple(n.message for n in doc.info.notices))
        out[d] = entry
    return out


def _row(p: Planned, comparisons: Mapping[str, Comparison], errors: Mapping[str, MoadiffError]) -> BatchRow:
    comp = comparisons.get(p.row)
    if comp is not None and p.old is not None:
        return BatchRow.done(p.row, p.old, p.new, comp)
    error = errors.get(p.new) or (errors.get(p.old) if p.old else None)
    return BatchRow.failed(p.row, p.old, p.new, error or MoadiffError("no baseline of its model"))


def _cells(comparison: Comparison | None, clause_ids: Sequence[str]) -> tuple[tuple[Cell, ...], int]:
    """Matrix cells for the baseline's clauses, and the count of added clauses."""
    if comparison is None:
        missing: tuple[Cell, ...] = tuple("missing" for _ in clause_ids)
        return missing, 0
    status: dict[str, Cell] = {}
    added = 0
    for c in comparison.changes:
        if c.old is None:
            added += 1
            continue
        cell: Cell
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
    return tuple(status.get(cid, "unchanged") for cid in clause_ids), added


def _matrices(rows: Sequence[Planned], docs: Mapping[str, Parsed],
              comparisons: Mapping[str, Comparison]) -> tuple[ClauseMatrix, ...]:
    """One clause matrix per baseline, a column per agreement compared with it."""
    out: list[ClauseMatrix] = []
    for base in sorted({p.old for p in rows if p.old is not None and p.old in docs}):
        clauses = docs[base].clauses
        columns = tuple(p.row for p in rows if p.old == base)
        by_column = [_cells(comparisons.get(r), [c.id for c in clauses]) for r in columns]
        out.append(ClauseMatrix(
            base, tuple((c.id, c.title) for c in clauses), columns,
            tuple(tuple(col[0][k] for col in by_column) for k in range(len(clauses))),
            tuple(col[1] for col in by_column)))
    return tuple(out)

"""``moadiff batch``: many comparisons, one :class:`BatchResult`; nothing written.

Data flows one way: discover files -> parse each once (cache, pool; the likely longest first) -> plan
who is compared with whom (plan.py; in cluster mode its confirming
comparisons run in the pool a round at a time, and only their separations
are cached) -> compare the rows and the template revisions (cache, pool;
one call, :func:`_compare_in_pool`) -> learn fill-in slots per baseline and
relabel (slots.py) -> what one revision's baseline alone reads, by the
other members of its revision (corroborate.py) -> a typed result (result.py). write.py then writes the
reports, summaries, clause matrix and (cluster mode) the revision history
from it. A file that fails is a row with its error; the batch goes on, and
its return code is 2.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import get_args

from moadiff.batch.corroborate import contradicted, member_words
from moadiff.batch.executors import Executor, make_pool
from moadiff.batch.plan import Cluster, Mode, Plan, Planned, plan, revision_distance
from moadiff.batch.pool import Show, progress
from moadiff.batch.result import BatchDocument, BatchResult, BatchRow, Cell, ClauseMatrix, Revision
from moadiff.batch.slots import learn_slots
from moadiff.cache import Cache, NoCache, key
from moadiff.errors import InputError, MoadiffError, OptionError
from moadiff.extractors import extract, file_sha256
from moadiff.fillins import Slots, label_fillins
from moadiff.model import Comparison, Options, Parsed, Resources
from moadiff.output import one_line
from moadiff.pipeline import compare_parsed, parsed
from moadiff.profile import MODEL_NAMES, shown_agency
from moadiff.reread import Rereader, rereader, rereads

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
    from moadiff.extractors import isolate

    isolate.keep_readers()  # this worker reads file after file: one reader child for them all
    try:
        return parsed(extract(path, options, resources), options)
    except MoadiffError as exc:
        return _Failure.of(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return _Failure.of(InputError(path, f"internal error: {type(exc).__name__}: {exc}"))


def _compare_job(job: tuple[Parsed, Parsed, Options, str | None, bool]) -> Comparison:
    old, new, options, cache_dir, deciding = job
    # As one comparison does: a scan's doubtful edits read again on its page
    # images (reread.py); one that only decides a revision, only the edits
    # the decision counts.
    reader = _rereader(cache_dir)
    return compare_parsed(old, new, options, reread=replace(reader, singles=False) if deciding else reader)


@lru_cache(maxsize=4)
def _rereader(cache_dir: str | None) -> Rereader:
    """One per worker process and cache folder, so its looks at the files are kept."""
    return rereader(cache_dir)


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
    _preload(resources)
    try:
        files, n_base = _files(inputs, baselines, [Path(s).resolve() for s in skip])
        read = _read(work, files, n_base)
        base_ids = read.ids[:n_base]
        memo: dict[tuple[str, str], Comparison] = {}
        the_plan = _plan(work, mode, read, base_ids, memo)
        revision_pairs = [(a.baseline, b.baseline) for a, b in the_plan.revisions]
        row_pairs = [(p.old, p.new) for p in the_plan.rows if p.old is not None]
        done = _compare_pairs(work, read, row_pairs + revision_pairs, memo)
        memo.clear()
        comparisons = {p.row: done[(p.old, p.new)] for p in the_plan.rows
                       if p.old is not None and (p.old, p.new) in done}
        if mode != "pairs":
            comparisons, slots = _relabel(the_plan.rows, comparisons)
            # A revision's comparison has the older baseline on its old side:
            # the blanks its agreements fill in are blanks there too.
            done.update({(a, b): _with_slots(done[(a, b)], slots[a]) for a, b in revision_pairs
                         if (a, b) in done and a in slots})
        revisions = tuple(Revision.of(a, b, done[(a.baseline, b.baseline)],
                                      _contradicted(done[(a.baseline, b.baseline)], a, b, read.docs))
                          for a, b in the_plan.revisions if (a.baseline, b.baseline) in done)
    finally:
        pool.close()
        cache.close()
    return BatchResult(
        mode, ", ".join(str(i) for i in inputs), work.version,
        documents=_documents(read, base_ids, the_plan),
        rows=tuple(_row(p, comparisons, read.errors, read.docs) for p in the_plan.rows),
        clusters=the_plan.clusters, revisions=revisions,
        matrices=_matrices(the_plan.rows, read.docs, comparisons),
    )


def _preload(resources: Resources) -> None:
    """Import, once and before the pool's workers fork, what each of them
    (and each reader child they fork, isolate.py) would import for itself:
    the readers of both formats, the word list and the comparison's stages.
    A worker inherits them loaded; without this, every DOCX reader child
    imported python-docx anew (a tenth of a second a file)."""
    import moadiff.extractors.docx
    import moadiff.extractors.ocr
    import moadiff.extractors.pdf  # noqa: F401 - loaded here to be inherited
    from moadiff import lexicon
    from moadiff.pipeline import _load_stages

    lexicon.load(resources.cache_dir)
    _load_stages()


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
    todo = _longest_first(work, todo)
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


def _longest_first(work: _Work, todo: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """``todo`` with the files likely to take longest first: the pages OCR
    will read (a guess from four pages of each PDF), then the size. A long
    scan read last finishes alone: its text layer, its first and last pages
    and its parsing take one core while the other workers wait. With one
    worker, the order is kept and nothing is guessed."""
    if getattr(work.pool, "jobs", 1) < 2 or len(todo) < 2:
        return todo
    from moadiff.extractors.pdf import ocr_estimate

    def cost(path: Path) -> tuple[float, int]:
        try:
            size = path.stat().st_size
        except OSError:
            return 0.0, 0  # its worker says why
        return (ocr_estimate(str(path)) if path.suffix.lower() == ".pdf" else 0.0), size

    costs = {doc_id: cost(path) for doc_id, path in todo}
    return sorted(todo, key=lambda item: costs[item[0]], reverse=True)


def _plan(work: _Work, mode: Mode, read: _Read, base_ids: Sequence[str],
          memo: dict[tuple[str, str], Comparison]) -> Plan:
    def distances(pairs: Sequence[tuple[str, str]]) -> list[int]:
        """Revision distances, from the cache's "separation" table (what deciding
        needs, a number) or compared in the pool, re-reading only what the
        distance counts. A comparison made so that had nothing to re-read
        (no scanned page on either side) is the full one, and stays in
        ``memo`` for a row that reuses it; any other is made again in full
        for its row, if it has one (most have none: their first side is a
        leader that is no baseline in the end)."""
        out: dict[tuple[str, str], int] = {}
        todo: list[tuple[str, str]] = []
        for a, b in pairs:
            hit = work.cache.get("separation", work.key(read.hashes[a], read.hashes[b]))
            if isinstance(hit, int):
                out[(a, b)] = hit
            else:
                todo.append((a, b))
        for pair, comp in _compare_pairs(work, read, todo, memo, deciding=True).items():
            out[pair] = revision_distance(comp)
            work.cache.put("separation", work.key(read.hashes[pair[0]], read.hashes[pair[1]]), out[pair])
        return [out[p] for p in pairs]

    names = {d: p.name for d, p in read.paths.items()}
    return plan(mode, read.ids, read.docs, baselines=base_ids, names=names, distance=distances)


def _compare_pairs(work: _Work, read: _Read, pairs: Sequence[tuple[str, str]],
                   memo: dict[tuple[str, str], Comparison], deciding: bool = False
                   ) -> dict[tuple[str, str], Comparison]:
    """(old id, new id) -> comparison, for each pair whose documents were
    both read: from ``memo``, the cache, or compared in the pool (all at
    once) and cached. ``deciding``: comparisons that only decide a cluster
    (:func:`_compare_job`), which no one sees, are not cached; one that is
    the full comparison (nothing to re-read) is kept in ``memo``."""
    out: dict[tuple[str, str], Comparison] = {}
    missing: list[tuple[str, str]] = []
    for o, n in dict.fromkeys(pairs):
        if o not in read.docs or n not in read.docs:
            continue
        k = work.key(read.hashes[o], read.hashes[n])
        if (o, n) in memo:
            out[(o, n)] = memo[(o, n)]
            if not deciding:
                work.cache.put("comparison", k, out[(o, n)])
        elif (hit := work.cache.get("comparison", k)) is not None:
            out[(o, n)] = _relocate(hit, read.docs[o], read.docs[n])
        else:
            missing.append((o, n))
    made = _compare_in_pool(work, [(read.docs[o], read.docs[n]) for o, n in missing], deciding)
    for (o, n), comp in ((missing[i], comp) for i, comp in made):
        out[(o, n)] = comp
        if not deciding:
            work.cache.put("comparison", work.key(read.hashes[o], read.hashes[n]), comp)
        elif not rereads(read.docs[o].info, read.docs[n].info):
            memo[(o, n)] = comp
    return out


def _compare_in_pool(work: _Work, pairs: Sequence[tuple[Parsed, Parsed]], deciding: bool
                     ) -> Iterable[tuple[int, Comparison]]:
    """The one place a batch's comparisons go to the worker pool: (index in
    ``pairs``, comparison), each yielded as it is done, so that the caller
    caches it at once (a run stopped half-way goes on from there). The
    pairs with the most scanned pages (regions to read again) go first, so
    that no long one is left to one worker at the end."""
    where = None if work.resources.cache_dir is None else os.fspath(work.resources.cache_dir)
    order = sorted(range(len(pairs)), key=lambda i: -sum(map(_scanned_pages, pairs[i])))
    results = work.pool.map(_compare_job, [(*pairs[i], work.options, where, deciding) for i in order])
    return zip(order, progress(results, len(pairs), "comparing", work.progress), strict=True)


def _scanned_pages(doc: Parsed) -> int:
    info = doc.info
    return sum(not p.plain for p in info.page_info) if info.format == "pdf" else 0


def _relabel(rows: Sequence[Planned], comparisons: Mapping[str, Comparison]
             ) -> tuple[dict[str, Comparison], dict[str, Slots]]:
    """Fill-in slots learnt from all comparisons with one baseline, then
    each of them relabelled with its baseline's slots; and the slots, by
    baseline id."""
    out = dict(comparisons)
    by_base: dict[str, list[str]] = defaultdict(list)
    for p in rows:
        if p.old is not None and p.row in comparisons and p.role != "baseline":
            by_base[p.old].append(p.row)
    learnt: dict[str, Slots] = {}
    for base, members in by_base.items():
        slots = learn_slots((c for r in members for c in comparisons[r].changes), len(members))
        if slots:
            learnt[base] = slots
            for r in members:
                out[r] = _with_slots(comparisons[r], slots)
    return out, learnt


def _contradicted(comp: Comparison, old: Cluster, new: Cluster, docs: Mapping[str, Parsed]
                  ) -> frozenset[tuple[int, int]]:
    """Of two revisions' baselines compared, the edits that one baseline
    alone reads: its revision's other members read the other's words
    (corroborate.py)."""
    def members(c: Cluster) -> list[str]:
        return member_words([" ".join(x.full_text for x in docs[m].clauses)
                             for m in c.members if m != c.baseline and m in docs])

    return contradicted(comp, members(old), members(new))


def _with_slots(comp: Comparison, slots: Slots) -> Comparison:
    """``comp`` relabelled with fill-in slots of its old side."""
    return replace(comp, changes=label_fillins(comp.changes, comp.old.profile, comp.new.profile, slots))


def _relocate(comp: Comparison, old: Parsed, new: Parsed) -> Comparison:
    """A cached comparison, with this run's paths."""
    return replace(comp, old=old.info, new=new.info)


def _documents(read: _Read, base_ids: Sequence[str], the_plan: Plan) -> dict[str, BatchDocument]:
    member_of = {m: c.id for c in the_plan.clusters for m in c.members}
    base_ids = [*base_ids, *(c.baseline for c in the_plan.clusters)]
    out: dict[str, BatchDocument] = {}
    for d in read.ids:
        path, doc = read.paths[d], read.docs.get(d)
        entry = BatchDocument(d, path.name, str(path), read.hashes.get(d), cluster=member_of.get(d),
                              baseline=d in base_ids, error=read.errors.get(d))
        if doc is not None:
            p = doc.info.profile
            # The model read from the title, else (the title lost) the nearest by content.
            model = the_plan.models.get(d) or p.model
            entry = replace(entry, pages=doc.info.pages, agency=shown_agency(p),
                            abbreviation=p.abbreviations[0] if p.abbreviations else None, model=model,
                            model_name=MODEL_NAMES.get(model or ""), revision=p.revision, signed=p.signed,
                            notices=tuple(n.message for n in doc.info.notices))
        out[d] = entry
    return out


def _row(p: Planned, comparisons: Mapping[str, Comparison], errors: Mapping[str, MoadiffError],
         docs: Mapping[str, Parsed]) -> BatchRow:
    comp = comparisons.get(p.row)
    if comp is not None and p.old is not None:
        return BatchRow.done(p.row, p.old, p.new, comp, p.role, p.note, p.ranked)
    error = errors.get(p.new) or (errors.get(p.old) if p.old else None)
    if error is None and p.new in docs:
        return BatchRow(p.row, p.old, p.new, "alone", role=p.role, note=p.note)
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
    rows = [p for p in rows if p.role != "baseline"]  # a baseline's own row is no column of a matrix
    for base in sorted({p.old for p in rows if p.old is not None and p.old in docs}):
        clauses = docs[base].clauses
        columns = tuple(p.row for p in rows if p.old == base)
        by_column = [_cells(comparisons.get(r), [c.id for c in clauses]) for r in columns]
        out.append(ClauseMatrix(
            base, tuple((c.id, c.title) for c in clauses), columns,
            tuple(tuple(col[0][k] for col in by_column) for k in range(len(clauses))),
            tuple(col[1] for col in by_column)))
    return tuple(out)

"""Sharded batches: ``--shard I/N`` and ``moadiff batch-merge``.

A batch too large for one machine is split into N shares by the content
hash of each agreement (the file's SHA-256), so every shard of a Kubernetes
Indexed Job or a Slurm array picks the same files whatever its machine, the
order of the folder listing or the file names::

    moadiff batch IN --baseline B.pdf --shard 1/3 -o out/1 --cache-dir out/1/cache   # on machine 1
    moadiff batch IN --baseline B.pdf --shard 2/3 -o out/2 --cache-dir out/2/cache   # on machine 2 ...
    moadiff batch-merge out/1 out/2 out/3 -o out/all

A shard runs its share of the agreements (the baselines too) as a batch
of its own and writes it to its folder, with ``shard.json``, which says
what it was a share of. In baseline mode its comparisons are the whole
batch's; in cluster and pairs mode what the merge reuses is its reading
(OCR, the long part), since clusters and pairs need every agreement. ``batch-merge``
checks that the shards are the N shares of one batch, gathers the shards'
caches (``DIR/cache``) into its own, and runs that whole batch again from
the cache: every file is a parsed document already, every comparison a
shard made is a hit, and what needs every agreement at once (clusters,
pairs of one agency's versions, fill-in slots learnt across agreements)
is done there, so the merged output is exactly what one unsharded run
writes. Only the cache entries cross from a shard to the merge, and those
are plain data (cache.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from moadiff import output
from moadiff.batch.plan import Mode
from moadiff.batch.pool import Show
from moadiff.batch.result import BatchResult
from moadiff.batch.run import discover, run_batch
from moadiff.cache import Cache, decode, encode
from moadiff.errors import InputError, OptionError
from moadiff.extractors import file_sha256
from moadiff.model import Options, Resources

__all__ = ["MANIFEST", "Manifest", "Shard", "merge_shards", "run_shard"]

#: The file a shard writes beside its batch output.
MANIFEST = "shard.json"
_SCHEMA = "moadiff.shard/1"


@dataclass(frozen=True, slots=True)
class Shard:
    """Share ``index`` (1 to ``count``) of a batch split ``count`` ways.

    >>> s = Shard.parse("2/3")
    >>> s, str(s), s.owns("0" * 63 + "1"), s.owns("0" * 64)
    (Shard(index=2, count=3), '2/3', True, False)
    """

    index: int
    count: int

    @classmethod
    def parse(cls, spec: str) -> Shard:
        m = re.fullmatch(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*", spec)
        if m is None or not 1 <= int(m[1]) <= int(m[2]):
            raise OptionError(f"shard must be I/N with 1 <= I <= N (for example 2/8), not {spec!r}")
        return cls(int(m[1]), int(m[2]))

    def owns(self, sha256: str) -> bool:
        """Whether the file of this SHA-256 (hex) is in this share."""
        return int(sha256, 16) % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a shard was a share of (``shard.json``)."""

    shard: Shard
    mode: Mode
    #: The batch's inputs and baselines, as absolute paths.
    inputs: tuple[str, ...]
    baselines: tuple[str, ...]
    options: Options
    #: moadiff's version and code digest: a merge by other code would miss the cache.
    version: str
    #: The agreements this shard read (absolute paths), in order.
    files: tuple[str, ...]
    schema: str = _SCHEMA


def _share(inputs: Sequence[str], baselines: Sequence[str], skip: Sequence[Path], shard: Shard) -> list[str]:
    """The agreements under ``inputs`` (baselines aside) in ``shard``'s share.
    A file that cannot be read goes to share 1, which reports it."""
    given = {Path(b).resolve() for b in baselines}
    out: list[str] = []
    for path in discover(inputs, skip):
        if path.resolve() in given:
            continue
        try:
            mine = shard.owns(file_sha256(path.read_bytes()))
        except OSError:
            mine = shard.index == 1
        if mine:
            out.append(str(path))
    return out


def run_shard(inputs: Sequence[str | os.PathLike[str]], shard: Shard, *, mode: Mode = "cluster",
              baselines: Sequence[str | os.PathLike[str]] = (), options: Options | None = None,
              resources: Resources | None = None, jobs: int = 1, progress: Show = False,
              skip: Sequence[str | os.PathLike[str]] = (), executor: str = "local") -> tuple[BatchResult, Manifest]:
    """The batch of ``shard``'s share of the agreements under ``inputs``
    (its baselines included), and the manifest to write beside it."""
    options = options or Options()
    abs_inputs = tuple(os.path.abspath(i) for i in inputs)
    abs_baselines = tuple(os.path.abspath(b) for b in baselines)
    files = _share(abs_inputs, abs_baselines, [Path(s).resolve() for s in skip], shard)
    from moadiff.batch.run import _version

    manifest = Manifest(shard, mode, abs_inputs, abs_baselines, options, _version(), tuple(files))
    if not files and not baselines:
        return BatchResult(mode, ", ".join(abs_inputs), manifest.version), manifest
    # A share is run as a batch of its own. In baseline mode its rows are
    # the whole batch's; in cluster and pairs mode its reading (the long
    # part: OCR) is what the merge reuses, and its own clusters or pairs,
    # planned on the share alone, are only a first look.
    result = run_batch(files or list(abs_baselines), mode=mode, baselines=abs_baselines, options=options,
                       resources=resources, jobs=jobs, progress=progress, skip=skip, executor=executor)
    return result, manifest


def write_manifest(out_dir: str | os.PathLike[str], manifest: Manifest) -> None:
    output.write_atomic(Path(out_dir) / MANIFEST, encode(manifest) + b"\n")


def read_manifest(folder: str | os.PathLike[str]) -> Manifest:
    path = Path(folder) / MANIFEST
    try:
        manifest: Manifest = decode(path.read_bytes(), Manifest)
    except OSError as exc:
        raise InputError(path, f"not a shard's output folder ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise InputError(path, f"not a shard manifest: {exc}") from None
    if manifest.schema != _SCHEMA:
        raise InputError(path, f"schema {manifest.schema!r}, not {_SCHEMA!r}")
    return manifest


def _check(folders: Sequence[str | os.PathLike[str]], manifests: Sequence[Manifest]) -> Manifest:
    """The batch the shards are the shares of, or an InputError naming the odd one."""
    first = manifests[0]
    count = first.shard.count
    for folder, m in zip(folders, manifests):
        same = replace(m, shard=first.shard, files=first.files)
        if same != first:
            raise InputError(Path(folder), f"is a shard of another batch than {folders[0]} (inputs, baselines, "
                                           "mode, options or moadiff version differ)")
        if m.shard.count != count:
            raise InputError(Path(folder), f"is shard {m.shard}, of another split than {first.shard}")
    indices = sorted(m.shard.index for m in manifests)
    if indices != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(indices))
        twice = sorted({i for i in indices if indices.count(i) > 1})
        what = ([f"shard {', '.join(f'{i}/{count}' for i in missing)} missing"] if missing else []) + \
            ([f"shard {', '.join(f'{i}/{count}' for i in twice)} given twice"] if twice else [])
        raise InputError(Path(folders[0]), f"cannot merge: {'; '.join(what)}")
    return first


def merge_shards(folders: Sequence[str | os.PathLike[str]], *, resources: Resources | None = None,
                 jobs: int = 1, progress: Show = False, skip: Sequence[str | os.PathLike[str]] = (),
                 executor: str = "local") -> BatchResult:
    """The batch that ``folders`` (the N shards' output folders) are the
    shares of, as one unsharded run computes it, served from the cache
    that the shards' caches (``DIR/cache``) are gathered into."""
    if not folders:
        raise OptionError("batch-merge needs the output folders of the shards")
    batch = _check(folders, [read_manifest(f) for f in folders])
    from moadiff.batch.run import _version

    if batch.version != _version():
        raise InputError(Path(folders[0]), f"was made by moadiff {batch.version}, not {_version()}; "
                                           "merge with the moadiff that ran the shards")
    resources = resources or Resources()
    if resources.cache_dir is not None:
        cache = Cache(resources.cache_dir)
        try:
            for folder in folders:
                if (Path(folder) / "cache").is_dir():
                    cache.absorb(Path(folder) / "cache")
        finally:
            cache.close()
    return run_batch(batch.inputs, mode=batch.mode, baselines=batch.baselines, options=batch.options,
                     resources=resources, jobs=jobs, progress=progress,
                     skip=[*skip, *folders], executor=executor)

"""The ``moadiff`` command: parse options, make one library call, report.

Exit status follows diff(1): 0 no substantive differences, 1 differences,
2 trouble. Errors are one line, ``moadiff: FILE: reason``; a traceback only
with ``--debug``.
"""

from __future__ import annotations

import gc
import sys
import traceback
from collections.abc import Sequence
from typing import Any, Literal

import click

from moadiff import output
from moadiff.errors import MoadiffError
from moadiff.model import ENGINES, OCR_MODES, Comparison, Options, Resources
from moadiff.pipeline import compare, make_options, make_resources
from moadiff.render import prepare

EXIT_TROUBLE = 2
#: Where the defaults shown in --help come from. Values are checked by
#: Options and Resources, which name a bad one in one line (exit status 2).
_OPTIONS, _RESOURCES = Options(), Resources()


class _Group(click.Group):
    """Turns every failure into exit status 2 with one line on stderr."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        debug = "--debug" in sys.argv
        try:
            return super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError as exc:
            # "moadiff" alone: the usage, as --help prints it (exit status 2: nothing was compared).
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message(), err=True)
            sys.exit(EXIT_TROUBLE)
        except click.ClickException as exc:
            # One line, like every other error; the command's own --help has the usage.
            hint = ""
            if isinstance(exc, click.UsageError):
                hint = f" (see '{exc.ctx.command_path if exc.ctx else 'moadiff'} --help')"
            click.echo(f"moadiff: {_one_line(exc.format_message())}{hint}", err=True)
            sys.exit(EXIT_TROUBLE)
        except click.exceptions.Abort:
            click.echo("moadiff: interrupted", err=True)
            sys.exit(EXIT_TROUBLE)
        except MoadiffError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"moadiff: {_one_line(str(exc))}", err=True)
            sys.exit(EXIT_TROUBLE)
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(EXIT_TROUBLE)
        except Exception as exc:  # noqa: BLE001 - the promise is: never a bare traceback
            if debug:
                traceback.print_exc()
            click.echo(f"moadiff: internal error: {_one_line(f'{type(exc).__name__}: {exc}')} "
                       "(run with --debug for details)", err=True)
            sys.exit(EXIT_TROUBLE)


def _one_line(text: str) -> str:
    """A message for one line of stderr: line breaks and invisible characters
    (a file may be named with U+202E or a newline) shown escaped."""
    return output.one_line(text)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="moadiff")
def cli() -> None:
    """Compare versions of 287(g) Memoranda of Agreement clause by clause."""


def _ocr_options(fn: Any) -> Any:
    """--ocr, --cache-dir and --no-cache, shared by both commands."""
    fn = click.option("--no-cache", is_flag=True,
                      help="Neither read nor write the cache folder (the word list is built in memory).")(fn)
    fn = click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), default=None,
                      help="Cache of OCR'd pages and the word list (and, in a batch, parsed documents and "
                           "comparisons); default: ~/.cache/moadiff.")(fn)
    fn = click.option("--ocr", metavar=_choices(OCR_MODES), default=_OPTIONS.ocr, show_default=True,
                      help="OCR PDF pages: auto, those without a usable text layer; always, also pages whose "
                           "text layer looks noisy (the better reading is kept); never, none.")(fn)
    return fn


def _choices(allowed: Sequence[str]) -> str:
    return f"[{'|'.join(allowed)}]"


def _engine_option(fn: Any) -> Any:
    return click.option("--engine", metavar=_choices(ENGINES), default=_OPTIONS.engine, show_default=True,
                        help="PDF text engine.")(fn)


def _max_pages_option(fn: Any) -> Any:
    return click.option("--max-pages", type=int, default=_OPTIONS.max_pages, show_default=True,
                        help="Refuse PDFs with more pages.")(fn)


def _limit_options(fn: Any) -> Any:
    """--time-limit and --memory-limit, shared by both commands."""
    fn = click.option("--memory-limit", type=int, default=_RESOURCES.memory_limit // 2**20, show_default=True,
                      metavar="MIB", help="Memory (address space, MiB) that reading one file may use.")(fn)
    fn = click.option("--time-limit", type=float, default=_RESOURCES.time_limit, show_default=True,
                      metavar="SECONDS", help="Time that reading one file may take, plus 20 s a page for OCR.")(fn)
    return fn


def _limits(time_limit: float, memory_limit: int) -> dict[str, Any]:
    return {"time_limit": time_limit, "memory_limit": memory_limit * 2**20}


def _watch_options(fn: Any) -> Any:
    """--watch, --watch-file and --no-default-watch, shared by both commands."""
    fn = click.option("--no-default-watch", is_flag=True,
                      help="Leave out the built-in 287(g) watch list (costs, liability, training, ...).")(fn)
    fn = click.option("--watch-file", type=click.Path(dir_okay=False, path_type=str), default=None,
                      help="A file of watch-list terms, one a line (# starts a comment).")(fn)
    fn = click.option("--watch", "watch", multiple=True, metavar="TERM",
                      help="List changed clauses that mention TERM first, and highlight them; a trailing * "
                           "matches any ending. Repeatable; added to the built-in watch list.")(fn)
    return fn


def _watch(terms: tuple[str, ...], watch_file: str | None, no_defaults: bool) -> dict[str, Any]:
    extra: tuple[str, ...] = ()
    if watch_file:  # the watch stage itself loads while the files are read (pipeline.compare)
        from moadiff.watch import read_watch_file

        extra = read_watch_file(watch_file)
    return {"watch": tuple(terms) + extra, "watch_defaults": not no_defaults}


def _cache_dir(cache_dir: str | None, no_cache: bool) -> str | None:
    from moadiff.cachedir import default_dir  # not moadiff.cache: SQLite and msgspec wait for a lookup

    if no_cache:
        return None
    return cache_dir or default_dir()


@cli.command("compare")
@click.argument("old", type=click.Path(dir_okay=True, path_type=str))
@click.argument("new", type=click.Path(dir_okay=True, path_type=str))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False, path_type=str),
              help="Write the report here; the extension picks the format (.html, .json, .docx, .md, .csv, "
                   ".pdf). Repeatable. Without -o, the report goes to standard output.")
@click.option("-f", "--format", "fmt", type=click.Choice(["html", "json", "md", "csv", "docx", "pdf"]), default=None,
              help="Report format for standard output, or for -o paths with another extension.")
@_engine_option
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@_max_pages_option
@click.option("--allow-empty", is_flag=True, help="Compare documents with (almost) no text instead of failing.")
@click.option("--match-cutoff", type=float, default=_OPTIONS.match_cutoff, show_default=True,
              help="Similarity (0-100) below which two clauses are not the same clause.")
@_ocr_options
@_watch_options
@_limit_options
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def compare_cmd(old: str, new: str, outputs: tuple[str, ...], fmt: str | None, engine: str,
                password: str | None, max_pages: int, allow_empty: bool, match_cutoff: float,
                ocr: str, cache_dir: str | None, no_cache: bool, watch: tuple[str, ...], watch_file: str | None,
                no_default_watch: bool, time_limit: float, memory_limit: int, debug: bool) -> None:
    """Compare OLD and NEW (PDF, DOCX or text) and report what changed.

    Exit status: 0 no substantive differences, 1 differences, 2 trouble.
    """
    options = make_options(engine=engine, password=password, max_pages=max_pages, allow_empty=allow_empty,
                           match_cutoff=match_cutoff, ocr=ocr, **_watch(watch, watch_file, no_default_watch))
    resources = make_resources(cache_dir=_cache_dir(cache_dir, no_cache), **_limits(time_limit, memory_limit))
    targets = [(path, output.format_for(path, fmt)) for path in outputs]
    if not targets and (fmt or "json") in output.BINARY and sys.stdout.isatty():
        raise click.UsageError(f"will not write {fmt} to a terminal; use -o FILE")
    kinds = sorted({kind for _, kind in targets} or {fmt or "json"})
    result = compare(old, new, options=options, resources=resources,  # the renderers load while files are read
                     meanwhile=lambda: list(map(prepare, kinds)), apart=resources.isolate)
    if not targets:
        data = output.render(result, fmt or "json")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    for path, kind in targets:
        data = output.render(result, kind, path=path,
                             html_href=output.html_beside(path, targets) if kind == "md" else None)
        output.write_atomic(path, data, inputs=(old, new))
    for doc in (result.old, result.new):
        for notice in doc.notices:
            if notice.code in ("no-text-layer", "little-text", "poor-text-layer", "glyph-unreadable",
                               "tracked-changes", "hidden-text"):
                click.echo(f"moadiff: warning: {_one_line(f'{doc.path}: {notice.message}')}", err=True)
            elif notice.code in ("ocr", "blank", "watermark"):
                click.echo(f"moadiff: note: {_one_line(f'{doc.path}: {notice.message}')}", err=True)
    for warning in result.warnings:  # about the comparison as a whole (caveats.py)
        click.echo(f"moadiff: warning: {_one_line(warning.message)}", err=True)
    if targets:
        click.echo(f"moadiff: {_headline(result)}; wrote {', '.join(_one_line(p) for p, _ in targets)}", err=True)
    sys.exit(result.exit_status)


def _headline(result: Comparison) -> str:
    """What the comparison found, and what the exit status says, in one line."""
    clauses = sum(1 for c in result.changes if c.is_substantive)
    edits = result.summary.edits.get("substantive", 0)
    if not clauses:
        return "no substantive changes (exit status 0)"
    return (f"{clauses} clause{'s' if clauses != 1 else ''} changed in substance, "
            f"{edits} substantive edit{'s' if edits != 1 else ''} (exit status 1: different)")


def _scale_options(fn: Any) -> Any:
    """--executor and --shard: where a batch runs."""
    fn = click.option("--shard", metavar="I/N", default=None,
                      help="Run share I of N (split by the files' content hash); merge the N output folders "
                           "with 'moadiff batch-merge'.")(fn)
    fn = click.option("--executor", default="local", show_default=True, metavar="local|dask://HOST:PORT",
                      help="Run the work in local worker processes, or on the Dask cluster whose scheduler is "
                           "at HOST:PORT (pip install 'moadiff[dask]').")(fn)
    return fn


@cli.command("batch")
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Folder for index.html, reports/, summary.csv/json and the clause matrix.")
@click.option("--baseline", "baselines", multiple=True, type=click.Path(dir_okay=False, path_type=str),
              help="Compare each agreement with the baseline of its own model. Repeatable.")
@click.option("--pairs", is_flag=True, help="Compare versions of the same agency, old to new.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Worker processes (default: the number of cores).")
@_scale_options
@_engine_option
@_max_pages_option
@_ocr_options
@_watch_options
@_limit_options
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def batch_cmd(folders: tuple[str, ...], out_dir: str, baselines: tuple[str, ...], pairs: bool,
              jobs: int | None, executor: str, shard: str | None, engine: str, max_pages: int, ocr: str,
              cache_dir: str | None, no_cache: bool,
              watch: tuple[str, ...], watch_file: str | None, no_default_watch: bool, time_limit: float,
              memory_limit: int, debug: bool) -> None:
    """Compare every agreement in FOLDERS: with --baseline files, as --pairs of
    one agency's versions, or (neither) clustered by template revision.

    Exit status: 0 no substantive differences, 1 differences, 2 some file failed.
    """
    import os

    from moadiff.batch import output_folder, run_batch, write_batch

    if baselines and pairs:
        raise click.UsageError("--baseline and --pairs are different modes; give one")
    mode: Literal["baseline", "pairs", "cluster"] = "baseline" if baselines else "pairs" if pairs else "cluster"
    cache = _cache_dir(cache_dir, no_cache)
    workers = jobs or os.cpu_count() or 1
    options = make_options(engine=engine, max_pages=max_pages, ocr=ocr, **_watch(watch, watch_file, no_default_watch))
    # A thread per core in each worker, not one: a worker left alone with a
    # long scan (the others done) then reads its pages on every core.
    resources = make_resources(cache_dir=cache, ocr_threads=0,
                               **_limits(time_limit, memory_limit))
    show = _show()
    output_folder(out_dir)  # a folder that cannot be written is refused before the long work
    if shard is not None:
        from moadiff.batch.shard import Shard, run_shard, write_manifest

        result, manifest = run_shard(folders, Shard.parse(shard), mode=mode, baselines=baselines, options=options,
                                     resources=resources, jobs=workers, progress=show, skip=[out_dir],
                                     executor=executor)
    else:
        result = run_batch(folders, mode=mode, baselines=baselines, options=options, resources=resources,
                           jobs=workers, progress=show, skip=[out_dir], executor=executor)
    write_batch(result, out_dir, resources=resources, jobs=workers, progress=show)
    if shard is not None:
        write_manifest(out_dir, manifest)
    _batch_done(result, out_dir)


def _show() -> Literal["bar", "lines"]:
    """Progress as a bar on a terminal, else a line per finished file."""
    return "bar" if sys.stderr.isatty() else "lines"


def _batch_done(result: Any, out_dir: str) -> None:
    """The failures, the one-line summary, and the exit status of a batch."""
    import os

    for r in result.failed:
        click.echo(f"moadiff: {_one_line(str(r.error))}", err=True)
    click.echo(f"moadiff: {len(result.rows)} comparisons, {result.different} with substantive changes, "
               f"{len(result.failed)} failed; see {os.path.join(out_dir, 'index.html')}", err=True)
    sys.exit(result.return_code)


@cli.command("batch-merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=str))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Folder for the merged index.html, reports/, summaries and clause matrix.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--executor", default="local", show_default=True, metavar="local|dask://HOST:PORT",
              help="Where the work left to do runs (see 'moadiff batch --help').")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), default=None,
              help="The cache the shards' caches (SHARD/cache) are gathered into; default: ~/.cache/moadiff.")
@_limit_options
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def batch_merge_cmd(shards: tuple[str, ...], out_dir: str, jobs: int | None, executor: str,
                    cache_dir: str | None, time_limit: float, memory_limit: int, debug: bool) -> None:
    """Merge the output folders of the N shards of a batch (moadiff batch
    --shard I/N) into OUT, as one unsharded run would have written it.

    Exit status: as moadiff batch.
    """
    import os

    from moadiff.batch import output_folder, write_batch
    from moadiff.batch.shard import merge_shards

    workers = jobs or os.cpu_count() or 1
    resources = make_resources(cache_dir=_cache_dir(cache_dir, False), ocr_threads=0,
                               **_limits(time_limit, memory_limit))
    show = _show()
    output_folder(out_dir)
    result = merge_shards(shards, resources=resources, jobs=workers, progress=show, skip=[out_dir],
                          executor=executor)
    write_batch(result, out_dir, resources=resources, jobs=workers, progress=show)
    _batch_done(result, out_dir)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the web browser.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Folder for the jobs' uploads and reports (default: ~/.local/state/moadiff/serve).")
@click.option("--keep-hours", type=float, default=24.0, show_default=True, help="Remove finished jobs after this.")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Jobs run at once (default: the number of cores).")
@click.option("--token", default=None, help="Ask every request for this token ('generate': make one).")
@click.option("--no-cache", is_flag=True, help="Do not use the OCR cache folder.")
@_limit_options
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def serve_cmd(host: str, port: int, open_browser: bool, data_dir: str | None, keep_hours: float, jobs: int | None,
              token: str | None, no_cache: bool, time_limit: float, memory_limit: int, debug: bool) -> None:
    """Start a local web app: drop two agreements in a browser, read the report."""
    import os
    import secrets

    from moadiff.serve import Settings, run
    from moadiff.serve.settings import default_data_dir, is_loopback

    if token == "generate" or (token is None and not is_loopback(host)):
        token = secrets.token_urlsafe(24)
    settings = Settings(host=host, port=port, data_dir=data_dir or default_data_dir(), keep_hours=keep_hours,
                        jobs=jobs or os.cpu_count() or 1, token=token, cache_dir=_cache_dir(None, no_cache),
                        **_limits(time_limit, memory_limit))
    try:
        run(settings, open_browser=open_browser)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def main() -> None:
    try:
        cli(prog_name="moadiff")
    finally:
        # The process ends here: spare it the interpreter's last full garbage
        # collection over everything the command built (tens of milliseconds
        # of a comparison's run). Only in the command, never in a library call.
        gc.freeze()

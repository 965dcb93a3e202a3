"""The ``moadiff`` command: parse options, make one library call, report.

Exit status follows diff(1): 0 no substantive differences, 1 differences,
2 trouble. Errors are one line, ``moadiff: FILE: reason``; a traceback only
with ``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

from moadiff import output
from moadiff.pipeline import compare, make_options
from moadiff.errors import MoadiffError

EXIT_TROUBLE = 2


class _Group(click.Group):
    """Turns every failure into exit status 2 with one line on stderr."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        debug = "--debug" in sys.argv
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            # One line, like every other error; --help has the usage.
            hint = " (see --help)" if isinstance(exc, click.UsageError) else ""
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
    fn = click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")(fn)
    fn = click.option("--cache-dir", type=click.Path(file_okay=False, path_type=str), default=None,
                      help="Cache of OCR'd pages (and, in a batch, parsed documents and comparisons); "
                           "default: ~/.cache/moadiff.")(fn)
    fn = click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                      help="OCR PDF pages: auto, those without a usable text layer; always, also pages whose "
                           "text layer looks noisy (the better reading is kept); never, none.")(fn)
    return fn


def _limit_options(fn: Any) -> Any:
    """--time-limit and --memory-limit, shared by both commands."""
    fn = click.option("--memory-limit", type=click.IntRange(64), default=2048, show_default=True, metavar="MIB",
                      help="Memory (address space, MiB) that reading one file may use.")(fn)
    fn = click.option("--time-limit", type=click.FloatRange(1), default=30.0, show_default=True, metavar="SECONDS",
                      help="Time that reading one file may take, plus 20 s a page for OCR.")(fn)
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
    from moadiff.watch import read_watch_file

    extra = read_watch_file(watch_file) if watch_file else ()
    return {"watch": tuple(terms) + extra, "watch_defaults": not no_defaults}


def _cache_dir(cache_dir: str | None, no_cache: bool) -> str | None:
    from moadiff.cache import default_dir

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
@click.option("--engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="PDF text engine.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True,
              help="Refuse PDFs with more pages.")
@click.option("--allow-empty", is_flag=True, help="Compare documents with (almost) no text instead of failing.")
@click.option("--match-cutoff", type=click.FloatRange(0, 100), default=55.0, show_default=True,
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
                           match_cutoff=match_cutoff, ocr=ocr, cache_dir=_cache_dir(cache_dir, no_cache),
                           **_watch(watch, watch_file, no_default_watch), **_limits(time_limit, memory_limit))
    targets = [(path, output.format_for(path, fmt)) for path in outputs]
    if not targets and (fmt or "json") in output.BINARY and sys.stdout.isatty():
        raise click.UsageError(f"will not write {fmt} to a terminal; use -o FILE")
    result = compare(old, new, options=options)
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
            elif notice.code == "ocr":
                click.echo(f"moadiff: note: {_one_line(f'{doc.path}: {notice.message}')}", err=True)
    sys.exit(result.exit_status)


@cli.command("batch")
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Folder for index.html, reports/, summary.csv/json and the clause matrix.")
@click.option("--baseline", "baselines", multiple=True, type=click.Path(dir_okay=False, path_type=str),
              help="Compare each agreement with the baseline of its own model. Repeatable.")
@click.option("--pairs", is_flag=True, help="Compare versions of the same agency, old to new.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="PDF text engine.")
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True,
              help="Refuse PDFs with more pages.")
@_ocr_options
@_watch_options
@_limit_options
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def batch_cmd(folders: tuple[str, ...], out_dir: str, baselines: tuple[str, ...], pairs: bool,
              jobs: int | None, engine: str, max_pages: int, ocr: str, cache_dir: str | None, no_cache: bool,
              watch: tuple[str, ...], watch_file: str | None, no_default_watch: bool, time_limit: float,
              memory_limit: int, debug: bool) -> None:
    """Compare every agreement in FOLDERS: with --baseline files, as --pairs of
    one agency's versions, or (neither) clustered by template revision.

    Exit status: 0 no substantive differences, 1 differences, 2 some file failed.
    """
    import os

    from moadiff.batch import run_batch

    if baselines and pairs:
        raise click.UsageError("--baseline and --pairs are different modes; give one")
    mode = "baseline" if baselines else "pairs" if pairs else "cluster"
    cache = _cache_dir(cache_dir, no_cache)
    workers = jobs or os.cpu_count() or 1
    # Worker processes read files side by side: one OCR thread each.
    options = make_options(engine=engine, max_pages=max_pages, ocr=ocr, cache_dir=cache,
                           ocr_threads=1 if workers > 1 else 0, **_watch(watch, watch_file, no_default_watch),
                           **_limits(time_limit, memory_limit))
    result = run_batch(folders, out_dir, mode=mode, baselines=baselines,  # type: ignore[arg-type]
                       options=options,
                       jobs=workers, cache_dir=cache, progress=sys.stderr.isatty())
    rows = result.summary["rows"]
    failed = [r for r in rows if r["status"] == "error"]
    for r in failed:
        click.echo(f"moadiff: {r['error']}", err=True)
    changed = sum(r["status"] == "different" for r in rows)
    click.echo(f"moadiff: {len(rows)} comparisons, {changed} with substantive changes, {len(failed)} failed; "
               f"see {os.path.join(out_dir, 'index.html')}", err=True)
    sys.exit(result.exit_status)


def main() -> None:
    cli(prog_name="moadiff")

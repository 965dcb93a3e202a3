"""Options and Resources check their values when made: a bad one is an
OptionError whose message is one line naming it, what is allowed and the
value given."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import moadiff
from moadiff.errors import OptionError
from moadiff.model import ENGINES, OCR_MODES, Options, Resources
from moadiff.pipeline import configure, make_options, make_resources

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.mark.parametrize("override, message", [
    ({"engine": "foo"}, "engine must be one of 'pdfium', 'pdfplumber', not 'foo'"),
    ({"match_cutoff": 500}, "match_cutoff must be a number from 0 to 100, not 500"),
    ({"ocr": "sometimes"}, "ocr must be one of 'auto', 'always', 'never', not 'sometimes'"),
    ({"max_pages": -1}, "max_pages must be a whole number of at least 1, not -1"),
])
def test_the_issue_examples_are_refused_before_reading(override: dict[str, object], message: str) -> None:
    # The files do not exist: the options are refused before anything is read.
    with pytest.raises(OptionError) as err:
        moadiff.compare("missing-old.pdf", "missing-new.pdf", **override)
    assert str(err.value) == message


@pytest.mark.parametrize("name, value", [
    ("engine", "PDFium"), ("engine", None),
    ("max_pages", 0), ("max_pages", 2.5), ("max_pages", True), ("max_pages", "500"),
    ("password", 1234),
    ("allow_empty", "yes"),
    ("match_cutoff", -1), ("match_cutoff", 100.5), ("match_cutoff", float("nan")), ("match_cutoff", "55"),
    ("move_cutoff", 101), ("move_cutoff", float("inf")),
    ("ocr", "ALWAYS"),
    ("watch", "costs"), ("watch", ["costs"]), ("watch", ("costs", "")), ("watch", ("  ",)), ("watch", (1,)),
    ("watch_defaults", 0),
])
def test_bad_options(name: str, value: object) -> None:
    with pytest.raises(OptionError) as err:
        Options(**{name: value})  # type: ignore[arg-type]
    message = str(err.value)
    assert message.startswith(f"{name} must be ") and message.endswith(f", not {value!r}")
    assert "\n" not in message


@pytest.mark.parametrize("name, value", [
    ("cache_dir", 3), ("ocr_threads", -1), ("ocr_threads", 1.5), ("time_limit", 0), ("time_limit", -5),
    ("time_limit", float("inf")), ("memory_limit", 2**20), ("memory_limit", 2.0**31), ("isolate", None),
])
def test_bad_resources(name: str, value: object) -> None:
    with pytest.raises(OptionError) as err:
        Resources(**{name: value})  # type: ignore[arg-type]
    assert str(err.value).startswith(f"{name} must be ") and str(err.value).endswith(f", not {value!r}")


def test_good_values_are_kept() -> None:
    assert Options(engine="pdfplumber", ocr="never", match_cutoff=0, move_cutoff=100, max_pages=1,
                   watch=("body camera*",), password="x").match_cutoff == 0
    assert Resources(cache_dir=Path("x"), ocr_threads=0, time_limit=0.5, memory_limit=64 * 2**20).time_limit == 0.5
    assert ENGINES[0] == Options().engine and OCR_MODES[0] == Options().ocr


def test_variants_are_checked_too() -> None:
    with pytest.raises(OptionError):
        dataclasses.replace(Options(), engine="foo")
    with pytest.raises(OptionError):
        make_options(Options(ocr="never"), max_pages=0)


def test_the_cache_key_is_every_option_and_no_resource() -> None:
    key = Options().key()
    assert [part.split("=")[0] for part in key.split("|")] == [f.name for f in dataclasses.fields(Options)]
    # The same as before resources moved out of Options: caches stay warm.
    assert key == ("engine='pdfium'|max_pages=500|password=None|allow_empty=False|match_cutoff=55.0|"
                   "move_cutoff=80.0|ocr='auto'|watch=()|watch_defaults=True")
    assert not {f.name for f in dataclasses.fields(Options)} & {f.name for f in dataclasses.fields(Resources)}


def test_overrides_go_to_the_object_that_has_them() -> None:
    options, resources = configure(Options(ocr="never"), None, engine="pdfplumber", time_limit=5, cache_dir=None)
    assert (options.engine, options.ocr, resources.time_limit) == ("pdfplumber", "never", 5)
    with pytest.raises(OptionError, match="unknown option: colour"):
        configure(colour="red")
    with pytest.raises(OptionError, match="a resource"):
        make_options(cache_dir="x")
    with pytest.raises(OptionError, match="an option"):
        make_resources(engine="pdfium")


def test_a_comparison_keeps_options_not_resources(tmp_path: Path) -> None:
    result = moadiff.compare(SAMPLES / "old.txt", SAMPLES / "new.txt", match_cutoff=60, isolate=False,
                             cache_dir=str(tmp_path))
    assert result.options == Options(match_cutoff=60)


@pytest.mark.parametrize("isolate", [True, False])
def test_meanwhile_runs_once_while_the_files_are_read(isolate: bool) -> None:
    calls: list[str] = []
    result = moadiff.compare(SAMPLES / "old.txt", SAMPLES / "new.txt", isolate=isolate,
                             meanwhile=lambda: calls.append("called"))
    assert calls == ["called"]
    assert result.summary.modified > 0

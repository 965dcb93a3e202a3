"""Shared fixtures: the real agreements in ../shared/moa, and --regen for goldens."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "moa"
SAMPLES = ROOT / "samples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen", action="store_true", help="rewrite golden expected files (review the diff!)")


# Reports carry the date they were made (render/common.py, report_date):
# fixed here, so that golden outputs stay the same from run to run.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="session")
def moa() -> Path:
    """The folder of real agreements; the tests that matter need it."""
    if not SHARED.is_dir():
        pytest.skip("../shared/moa is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen"))


@pytest.fixture(scope="session", autouse=True)
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One cache folder for the whole session (also the CLI's default, via
    XDG_CACHE_HOME): each scan is OCR'd once per test run, never from a
    cache left by an earlier run."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    return str(folder / "moadiff")


# CI draws the same hypothesis examples on every run (.ci/run sets this), so
# that a submission's fate does not hang on a random draw; locally each run
# explores new examples. A failure found either way becomes an @example.
if os.environ.get("MOADIFF_DERANDOMIZE"):
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True)
    _hypothesis_settings.load_profile("ci")

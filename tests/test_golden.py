"""Golden cases: tests/cases/<name>/{old.*, new.*, options.json, expected.json}.

Run ``pytest tests/test_golden.py --regen`` to rewrite expected.json after an
intended change, then review the diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import moadiff
from moadiff.render.json import to_dict

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


def stable(d: dict[str, Any]) -> dict[str, Any]:
    """The JSON minus what depends on where the case lives, or on moadiff's
    release (the date is fixed by SOURCE_DATE_EPOCH, see conftest.py)."""
    for side in ("old", "new"):
        d[side]["path"] = d[side]["name"]
    d["generated"]["version"] = "(version)"
    return d


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, regen: bool) -> None:
    old = next(case.glob("old.*"))
    new = next(case.glob("new.*"))
    options = json.loads((case / "options.json").read_text())
    got = stable(to_dict(moadiff.compare(old, new, **options)))
    expected_path = case / "expected.json"
    if regen or not expected_path.exists():
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
    assert got == json.loads(expected_path.read_text())

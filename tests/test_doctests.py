"""Every example in moadiff's docstrings runs and gives what it shows: the
documentation is tested like the code."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import moadiff

# The templates' generated modules run only inside a template environment (render/_page.py).
MODULES = sorted(m.name for m in pkgutil.walk_packages(moadiff.__path__, "moadiff.")
                 if not m.name.endswith("__main__") and not m.name.startswith("moadiff.render.compiled."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_examples_cover_the_stages() -> None:
    tried = {name: doctest.testmod(importlib.import_module(name), report=False).attempted for name in MODULES}
    for stage in ("clean", "clauses", "align", "noise", "watch", "render.rows", "extractors.glyphs"):
        assert tried[f"moadiff.{stage}"] > 0, stage

import subprocess
import sys
import types

import moadiff


def test_all_is_sorted_and_complete() -> None:
    # The package imports its names when first used (PEP 562), so look
    # through dir(), which lists them, and fetch each one.
    assert moadiff.__all__ == sorted(moadiff.__all__)
    public = {name for name in dir(moadiff)
              if not name.startswith("_") and not isinstance(getattr(moadiff, name), types.ModuleType)}
    assert set(moadiff.__all__) == public


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(moadiff, "make_options")


def test_the_data_model_imports_nothing_of_the_pipeline() -> None:
    code = "import moadiff.model, sys; print(sorted(m for m in sys.modules if m.startswith('moadiff')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['moadiff', 'moadiff.model']"

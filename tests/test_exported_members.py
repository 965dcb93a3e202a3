import types

import moadiff


def test_all_is_sorted_and_complete() -> None:
    assert moadiff.__all__ == sorted(moadiff.__all__)
    public = {name for name, value in vars(moadiff).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert set(moadiff.__all__) == public

"""When a comparison was made: now, or ``SOURCE_DATE_EPOCH`` for reproducible output.

Reports give the date their comparison was made (``Comparison.made``), so a
batch run again over unchanged files writes the same reports, and every
format of one comparison gives one date.

>>> import os
>>> saved = os.environ.get("SOURCE_DATE_EPOCH")
>>> os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
>>> now_iso()
'2026-01-01T00:00:00Z'
>>> _ = os.environ.pop("SOURCE_DATE_EPOCH") if saved is None else os.environ.update(SOURCE_DATE_EPOCH=saved)
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from moadiff.errors import OptionError

__all__ = ["now_iso"]


def now_iso() -> str:
    """Now, ISO 8601 UTC to the second, or ``SOURCE_DATE_EPOCH`` when set
    (a bad value is an OptionError)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        when = datetime.now(timezone.utc)
    else:
        try:
            when = datetime.fromtimestamp(int(raw), timezone.utc)
        except (ValueError, OverflowError, OSError) as exc:
            raise OptionError(f"SOURCE_DATE_EPOCH must be a number of seconds, not {raw!r}") from exc
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")

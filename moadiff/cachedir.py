"""Where moadiff keeps its cache by default: apart from cache.py, so that
naming the folder (every run of the command line does) loads neither
SQLite nor msgspec, which only a cache lookup needs.

>>> default_dir().endswith("moadiff")
True
"""

from __future__ import annotations

import os

__all__ = ["default_dir"]


def default_dir() -> str:
    """The user's cache folder for moadiff: ``$XDG_CACHE_HOME/moadiff``
    (``~/.cache/moadiff`` by default)."""
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "moadiff")

"""Where a long comparison reports how far it has got: a sink, off by default.

The stages call :func:`report` at the points a person waiting would want to
know about (a file being read, an OCR'd page); nothing is reported unless a
caller such as the web app (``moadiff serve``) set a sink with
:func:`set_sink`. A sink set before forking is inherited by the reader
children and the batch's worker processes, so it must be safe to call from
several processes (the web app appends one line per event to a file).

>>> seen = []
>>> set_sink(seen.append)
>>> report("ocr", "scan.pdf", 7, 12)
>>> seen
[Event(stage='ocr', path='scan.pdf', done=7, total=12)]
>>> set_sink(None)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Event", "report", "set_sink"]


@dataclass(frozen=True, slots=True)
class Event:
    """One step: ``stage`` ("reading", "read", "ocr", ...), the file it
    concerns (or ""), and ``done`` of ``total`` units (pages) where counted."""

    stage: str
    path: str = ""
    done: int = 0
    total: int = 0


_sink: Callable[[Event], None] | None = None


def set_sink(sink: Callable[[Event], None] | None) -> None:
    """Send every later event to ``sink`` (None: stop reporting)."""
    global _sink
    _sink = sink


def report(stage: str, path: str = "", done: int = 0, total: int = 0) -> None:
    """Tell the sink, if any, about a step. A failing sink never stops the work."""
    if _sink is None:
        return
    try:
        _sink(Event(stage, path, done, total))
    except Exception:  # noqa: BLE001, S110 - progress is a courtesy, never a reason to fail
        pass

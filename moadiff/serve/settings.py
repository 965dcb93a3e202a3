"""What ``moadiff serve`` is allowed to do: one frozen value, checked when made.

The upload limits are the server's; the reading limits (time, memory, pages)
are the CLI's own defaults, from :class:`moadiff.model.Resources` and
:class:`moadiff.model.Options`, so a file the CLI refuses is refused here too.

>>> Settings(jobs=0)
Traceback (most recent call last):
...
moadiff.errors.OptionError: jobs must be at least 1, not 0
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from moadiff.errors import OptionError
from moadiff.model import Options, Resources

__all__ = ["Settings", "default_data_dir", "is_loopback"]

MiB = 2**20


def default_data_dir() -> str:
    """``$XDG_STATE_HOME/moadiff/serve`` (default ``~/.local/state/moadiff/serve``)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "moadiff", "serve")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or "localhost") is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Settings:
    """The server's configuration. ``token`` None: none is asked for (only
    allowed on a loopback address). ``port`` 0: any free port."""

    host: str = "127.0.0.1"
    port: int = 8765
    data_dir: str = field(default_factory=default_data_dir)
    keep_hours: float = 24.0
    jobs: int = 2
    token: str | None = None
    #: One uploaded file, all files of one request, and files in one batch.
    max_file_bytes: int = 50 * MiB
    max_total_bytes: int = 100 * MiB
    max_files: int = 200
    #: A ZIP: entries, their total uncompressed size, and the largest
    #: compression ratio of one entry (a zip bomb's is in the thousands).
    max_zip_entries: int = 500
    max_zip_bytes: int = 300 * MiB
    max_zip_ratio: float = 100.0
    #: The CLI's limits on reading one file (see Resources and Options).
    time_limit: float = Resources().time_limit
    memory_limit: int = Resources().memory_limit
    max_pages: int = Options().max_pages
    #: Cache of OCR'd pages shared by the jobs (None: no cache).
    cache_dir: str | None = None

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise OptionError(f"jobs must be at least 1, not {self.jobs}")
        if not 0 <= self.port <= 65535:
            raise OptionError(f"port must be 0-65535, not {self.port}")
        if self.keep_hours <= 0:
            raise OptionError(f"keep-hours must be more than 0, not {self.keep_hours}")
        if self.token is None and not is_loopback(self.host):
            raise OptionError(f"binding to {self.host}, which other machines can reach, needs --token")
        if self.token is not None and len(self.token) < 16:
            raise OptionError("the token must be at least 16 characters long")

    @property
    def jobs_dir(self) -> Path:
        return Path(self.data_dir) / "jobs"

    @property
    def ocr_threads(self) -> int:
        """Threads a job's OCR may use: its share of the cores when ``jobs``
        run at once (one each on 2 cores and 2 jobs; 8 each on 16)."""
        return max(1, (os.cpu_count() or 1) // self.jobs)

    @property
    def resources(self) -> Resources:
        return Resources(time_limit=self.time_limit, memory_limit=self.memory_limit, cache_dir=self.cache_dir,
                         ocr_threads=self.ocr_threads)

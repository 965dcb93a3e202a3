"""A real ``moadiff serve`` on a free port, for the tests that need one."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def server(data_dir: Path, *args: str) -> Iterator[str]:
    """Start ``moadiff serve --port 0`` with ``args``; yield its base URL
    (without a trailing slash); stop it afterwards."""
    log = data_dir.parent / f"{data_dir.name}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "moadiff", "serve", "--port", "0", "--data-dir", str(data_dir),
                                 *args], stdout=out, stderr=out, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        url = None
        while url is None:
            text = log.read_text(encoding="utf-8", errors="replace")
            found = re.search(r"serving on (http://\S+?)/(?:\?token=\S+)? ", text)
            if found:
                url = found.group(1)
            elif proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"moadiff serve did not start: {text}")
            else:
                time.sleep(0.1)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()

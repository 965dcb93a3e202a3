"""Jobs: their folders, a queue, and the worker processes that run them.

::

    data_dir/jobs/<id>/        mode 0700; <id> is 22 random URL-safe characters
        agreements/  base/     the uploads (uploads.py), and a batch's baseline
        out/                   the reports (work.py)
        events.jsonl           progress, appended by the worker and its readers
        result.json            the outcome, written last by the worker

:class:`Jobs` keeps the jobs of this server in memory (the folders of an
earlier run are removed at start-up). A dispatcher thread starts at most
``settings.jobs`` worker processes at once, the others wait in order; a
worker that dies, or reports no progress for ``stall_seconds``, is stopped
and its job fails alone with one line saying why. Finished jobs older than
``keep_hours`` are removed with their folders.

Each worker is a fresh interpreter (``python -m moadiff.serve.work FOLDER``),
not a fork of the server with its event loop and threads; it reads what to
do from the folder's ``job.json``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moadiff.serve.settings import Settings

__all__ = ["INPUTS", "Job", "Jobs", "valid_id"]

#: The folder of a job's uploads; batch reports say "from agreements".
INPUTS = "agreements"

_ID = re.compile(r"[A-Za-z0-9_-]{22}")


def valid_id(job_id: str) -> bool:
    return bool(_ID.fullmatch(job_id))


@dataclass(slots=True)
class Job:
    """One comparison or batch. Mutable: the dispatcher moves it along
    (queued -> running -> done | failed); read it under :attr:`Jobs.lock`."""

    id: str
    kind: str  # "compare" | "batch"
    folder: Path
    spec: dict[str, Any]
    names: list[str]
    created: float = field(default_factory=time.time)
    state: str = "queued"
    started: float | None = None
    finished: float | None = None
    error: str | None = None
    password: bool = False
    exit_status: int | None = None
    process: Any = None
    last_seen: float = 0.0
    events_size: int = 0

    def progress(self) -> dict[str, Any]:
        """What the job has reported so far: its stage, the file it is on,
        OCR pages, and (batch) each file's state."""
        out: dict[str, Any] = {"stage": self.state, "file": None, "done": 0, "total": 0, "files": {}}
        if self.state == "queued":
            return out
        try:
            lines = (self.folder / "events.jsonl").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line being written
            stage, name = event.get("stage", ""), event.get("path", "")
            name = self.spec.get("shown", {}).get(name, name)  # the name the user gave the file
            if stage in ("reading", "read", "ocr") and name:
                out["files"][name] = "read" if stage == "read" else stage
            if stage == "read":
                stage = "comparing" if all(v == "read" for v in out["files"].values()) else "reading"
            out.update(stage=stage, file=name or None, done=event.get("done", 0), total=event.get("total", 0))
        if self.state in ("done", "failed"):
            out["stage"] = self.state
        return out


class Jobs:
    """The server's jobs, the queue and the worker processes."""

    def __init__(self, settings: Settings, stall_seconds: float | None = None) -> None:
        self.settings = settings
        self.stall_seconds = stall_seconds or 4 * settings.time_limit + 60
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.queue: deque[str] = deque()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -------------------------------------------------------------- folders
    def prepare(self) -> None:
        """Make the data folder private, and clear jobs left by an earlier run."""
        root = self.settings.jobs_dir
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(root, 0o700)
        for entry in root.iterdir():
            _remove(entry)

    def new_folder(self) -> tuple[str, Path]:
        """A new job id and its empty folder (0700), with ``agreements/``."""
        job_id = secrets.token_urlsafe(16)[:22].ljust(22, "A")
        folder = self.settings.jobs_dir / job_id
        folder.mkdir(mode=0o700)
        (folder / INPUTS).mkdir(mode=0o700)
        return job_id, folder

    def get(self, job_id: str) -> Job | None:
        """The job with this id, if the id is well formed and the job is ours."""
        if not valid_id(job_id):
            return None
        with self.lock:
            return self.jobs.get(job_id)

    # ---------------------------------------------------------------- queue
    def submit(self, job: Job) -> None:
        with self.lock:
            self.jobs[job.id] = job
            self.queue.append(job.id)
        self._wake.set()

    def retry(self, job: Job, **options: Any) -> None:
        """Queue a failed job again with some options changed (a password)."""
        with self.lock:
            job.spec["options"].update(options)
            job.state, job.error, job.password, job.finished = "queued", None, False, None
            for name in ("result.json", "events.jsonl"):
                (job.folder / name).unlink(missing_ok=True)
            self.queue.append(job.id)
        self._wake.set()

    def delete(self, job_id: str) -> bool:
        with self.lock:
            job = self.jobs.pop(job_id, None)
            if job is None:
                return False
            if job.id in self.queue:
                self.queue.remove(job.id)
            process = job.process
        if process is not None:
            _kill(process)
        _remove(job.folder)
        return True

    def recent(self) -> list[Job]:
        with self.lock:
            return sorted(self.jobs.values(), key=lambda j: j.created, reverse=True)

    def position(self, job: Job) -> int | None:
        """How many jobs are ahead of a queued one."""
        with self.lock:
            return list(self.queue).index(job.id) if job.id in self.queue else None

    # ----------------------------------------------------------- dispatcher
    def start(self) -> None:
        self.prepare()
        self._thread = threading.Thread(target=self._run, name="moadiff-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(10)
        with self.lock:
            running = [j.process for j in self.jobs.values() if j.process is not None]
        for process in running:
            _kill(process)

    def _run(self) -> None:
        last_sweep = 0.0
        while not self._stop.is_set():
            self._wake.wait(0.2)
            self._wake.clear()
            self._reap()
            self._launch()
            if time.monotonic() - last_sweep > 60:
                self._sweep()
                last_sweep = time.monotonic()

    def _launch(self) -> None:
        with self.lock:
            running = sum(1 for j in self.jobs.values() if j.state == "running")
            while self.queue and running < self.settings.jobs:
                job = self.jobs[self.queue.popleft()]
                job.process = self._spawn(job)
                job.state, job.started, job.last_seen = "running", time.time(), time.monotonic()
                running += 1

    def _spawn(self, job: Job) -> subprocess.Popen[bytes]:
        """Start the worker of ``job``: what to do is in its folder's job.json."""
        s = self.settings
        spec = {"kind": job.kind, **job.spec, "resources": {
            "time_limit": s.time_limit, "memory_limit": s.memory_limit, "cache_dir": s.cache_dir,
            "ocr_threads": s.ocr_threads}}
        (job.folder / "job.json").write_text(json.dumps(spec), encoding="utf-8")
        with open(job.folder / "worker.log", "ab") as log:
            return subprocess.Popen([sys.executable, "-m", "moadiff.serve.work", str(job.folder)],
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=job.folder.parent,
                                    close_fds=True)

    def _reap(self) -> None:
        with self.lock:
            running = [j for j in self.jobs.values() if j.state == "running"]
        for job in running:
            self._check(job)

    def _check(self, job: Job) -> None:
        try:
            size = (job.folder / "events.jsonl").stat().st_size
        except OSError:
            size = 0
        now = time.monotonic()
        if size != job.events_size:
            job.events_size, job.last_seen = size, now
        process = job.process
        alive = process.poll() is None
        if alive and now - job.last_seen > self.stall_seconds:
            _kill(process)
            self._finish(job, f"stopped: no progress for {self.stall_seconds:.0f} s (the time limit)")
            return
        if alive:
            return
        self._finish(job, _how_it_died(process.returncode))

    def _finish(self, job: Job, crash: str) -> None:
        try:
            result = json.loads((job.folder / "result.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result = {"ok": False, "error": crash}
        with self.lock:
            job.process = None
            job.finished = time.time()
            job.state = "done" if result.get("ok") else "failed"
            job.error = result.get("error")
            job.password = bool(result.get("password"))
            job.exit_status = result.get("exit_status")

    def _sweep(self) -> None:
        """Remove finished jobs older than ``keep_hours``."""
        cutoff = time.time() - self.settings.keep_hours * 3600
        with self.lock:
            old = [j.id for j in self.jobs.values() if j.state in ("done", "failed") and (j.finished or 0) < cutoff]
        for job_id in old:
            self.delete(job_id)


def _how_it_died(code: int | None) -> str:
    import signal

    if code is not None and code < 0:
        sig = -code
        if sig == signal.SIGXCPU:
            return "stopped: the comparison used more CPU time than the limit"
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return f"the comparison crashed ({name}), possibly out of memory"
    return f"the comparison stopped without an answer (exit status {code})"


def _kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            pass


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)

"""The routes: a thin layer over the calls the CLI makes.

::

    GET    /                         home page (two drop zones; a folder of agreements)
    GET    /jobs/ID                  progress, then the result or the error
    POST   /api/compare              multipart: old, new, ocr, watch, password -> 202 {job, status, events}
    POST   /api/batch                multipart: files (or zip), baseline -> 202 {job, status, events}
    GET    /api/jobs                 recent jobs
    GET    /api/jobs/ID              {state, progress, error, outputs}
    GET    /api/jobs/ID/events       the same, pushed as server-sent events
    POST   /api/jobs/ID/retry        {"password": ...}: run a failed job again
    DELETE /api/jobs/ID              delete the job and its files
    GET    /jobs/ID/files/NAME       a comparison's report (report.html, redline.docx ...)
    GET    /jobs/ID/batch/NAME       a batch's index, matrix, summaries and reports

Files are looked up by job id and by names from a fixed list (or, for a
batch's reports, a name of ``[a-z0-9-]`` checked against the folder), never
by a path from the request. Security checks and headers are security.py's;
reading uploads is uploads.py's; running jobs is jobs.py's.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
from collections.abc import AsyncIterator
from importlib import resources as package_files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from moadiff.errors import MoadiffError
from moadiff.model import OCR_MODES
from moadiff.serve.jobs import INPUTS, Job, Jobs
from moadiff.serve.security import Guard, report_policy
from moadiff.serve.settings import Settings
from moadiff.serve.uploads import Form, UploadError, document, receive, unzip
from moadiff.serve.work import COMPARE_OUTPUTS

__all__ = ["create_app"]

_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".md": "text/markdown; charset=utf-8",
          ".csv": "text/csv; charset=utf-8", ".pdf": "application/pdf",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_BATCH_FILES = re.compile(r"(index\.html|matrix\.html|summary\.json|summary\.csv|matrix\.csv"
                          r"|reports/[a-z0-9-]{1,200}\.(?:html|json))")
_STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
           "job.js": "text/javascript; charset=utf-8"}


def _asset(name: str) -> bytes:
    return package_files.files("moadiff.serve").joinpath("static", name).read_bytes()


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class _App:
    """The routes' shared state: settings, jobs and the pages' CSRF token."""

    def __init__(self, settings: Settings, jobs: Jobs, csrf: str) -> None:
        self.settings, self.jobs, self.csrf = settings, jobs, csrf
        self.pdf_locks: dict[str, asyncio.Lock] = {}

    # ---------------------------------------------------------------- pages
    def page(self, name: str) -> Response:
        html = _asset(name).replace(b"{{csrf}}", self.csrf.encode("ascii"))
        return Response(html, media_type="text/html; charset=utf-8")

    async def home(self, request: Request) -> Response:
        return self.page("home.html")

    async def job_page(self, request: Request) -> Response:
        if self.jobs.get(request.path_params["job"]) is None:
            return Response(_asset("missing.html"), status_code=404, media_type="text/html; charset=utf-8")
        return self.page("job.html")

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return _error(404, "no such file")
        return Response(_asset(name), media_type=_STATIC[name])

    # ----------------------------------------------------------------- jobs
    async def _receive(self, request: Request) -> tuple[str, Path, Form]:
        job_id, folder = self.jobs.new_folder()
        try:
            form = await receive(dict(request.headers), request.stream(), folder / INPUTS, self.settings)
        except BaseException:
            _discard(folder)
            raise
        return job_id, folder, form

    async def compare(self, request: Request) -> Response:
        try:
            job_id, folder, form = await self._receive(request)
        except UploadError as exc:
            return _error(exc.status, str(exc))
        try:
            olds, news = form.named("old"), form.named("new")
            if len(olds) != 1 or len(news) != 1:
                raise UploadError(422, "send one file as 'old' (the earlier version) and one as 'new' (the later)")
            taken: set[str] = set()
            files = [document(u, folder / INPUTS, taken).name for u in (olds[0], news[0])]
            spec = {"files": files, "options": _options(form, password=True)}
        except (UploadError, MoadiffError) as exc:
            _discard(folder)
            return _error(getattr(exc, "status", 422), str(exc))
        names = [olds[0].filename or files[0], news[0].filename or files[1]]
        spec["shown"] = dict(zip(files, names))
        return self._accepted(Job(job_id, "compare", folder, spec, names))

    async def batch(self, request: Request) -> Response:
        try:
            job_id, folder, form = await self._receive(request)
        except UploadError as exc:
            return _error(exc.status, str(exc))
        try:
            spec, names = self._batch_spec(folder, form)
        except (UploadError, MoadiffError) as exc:
            _discard(folder)
            return _error(getattr(exc, "status", 422), str(exc))
        return self._accepted(Job(job_id, "batch", folder, spec, names))

    def _batch_spec(self, folder: Path, form: Form) -> tuple[dict[str, Any], list[str]]:
        taken: set[str] = set()
        docs = []
        for upload in form.named("files") + form.named("zip"):
            with open(upload.path, "rb") as fh:
                is_zip = fh.read(4) == b"PK\x03\x04" and (upload.field == "zip"
                                                           or upload.filename.lower().endswith(".zip"))
            if is_zip:
                docs += unzip(upload, folder / INPUTS, self.settings, taken)
                upload.path.unlink()
            else:
                docs.append(upload.__class__(upload.field, document(upload, folder / INPUTS, taken),
                                             upload.filename, upload.size))
        base = folder / "base"
        base.mkdir(mode=0o700)
        baselines = [document(u, base, set()).name for u in form.named("baseline")]
        if len(docs) > self.settings.max_files:
            raise UploadError(413, f"more than {self.settings.max_files} agreements, the limit")
        if len(docs) < (1 if baselines else 2):
            raise UploadError(422, "send at least two agreements (or one and a baseline) as 'files' or in a 'zip'")
        spec = {"files": [d.path.name for d in docs], "baselines": baselines, "options": _options(form)}
        spec["shown"] = {d.path.name: d.filename for d in docs}
        return spec, [d.filename for d in docs]

    def _accepted(self, job: Job) -> Response:
        self.jobs.submit(job)
        return JSONResponse({"job": job.id, "status": f"/api/jobs/{job.id}", "events": f"/api/jobs/{job.id}/events",
                             "page": f"/jobs/{job.id}"}, status_code=202, headers={"location": f"/api/jobs/{job.id}"})

    def status(self, job: Job) -> dict[str, Any]:
        with self.jobs.lock:
            state, error, password, exit_status = job.state, job.error, job.password, job.exit_status
        out: dict[str, Any] = {
            "job": job.id, "kind": job.kind, "state": state, "names": job.names, "created": job.created,
            "started": job.started, "finished": job.finished,
            "queue_position": self.jobs.position(job), "progress": job.progress(), "error": error,
            "password_needed": password, "exit_status": exit_status, "outputs": {}, "notes": {},
        }
        if state == "done":
            out["outputs"], out["notes"] = _outputs(job)
        return out

    async def list_jobs(self, request: Request) -> Response:
        return JSONResponse({"jobs": [{"job": j.id, "kind": j.kind, "state": j.state, "names": j.names,
                                       "created": j.created, "page": f"/jobs/{j.id}"} for j in self.jobs.recent()]})

    def _job(self, request: Request) -> Job | None:
        return self.jobs.get(request.path_params["job"])

    async def job_status(self, request: Request) -> Response:
        job = self._job(request)
        return _error(404, "no such job") if job is None else JSONResponse(self.status(job))

    async def delete(self, request: Request) -> Response:
        job = self._job(request)
        if job is None or not self.jobs.delete(job.id):
            return _error(404, "no such job")
        return Response(status_code=204)

    async def retry(self, request: Request) -> Response:
        job = self._job(request)
        if job is None:
            return _error(404, "no such job")
        body = await _small_body(request)
        try:
            password = str(json.loads(body or b"{}").get("password", ""))
        except (ValueError, AttributeError):
            return _error(400, 'send {"password": "..."} as JSON')
        if job.state != "failed" or job.kind != "compare":
            return _error(409, "only a failed comparison can be run again")
        self.jobs.retry(job, password=password or None)
        return JSONResponse({"job": job.id, "status": f"/api/jobs/{job.id}", "events": f"/api/jobs/{job.id}/events"},
                            status_code=202)

    async def events(self, request: Request) -> Response:
        job = self._job(request)
        if job is None:
            return _error(404, "no such job")
        return StreamingResponse(self._stream(job), media_type="text/event-stream",
                                 headers={"x-accel-buffering": "no"})

    async def _stream(self, job: Job) -> AsyncIterator[str]:
        last, beat, end = "", time.monotonic(), time.monotonic() + 3600
        while time.monotonic() < end:
            if self.jobs.get(job.id) is None:
                yield "event: deleted\ndata: {}\n\n"
                return
            status = self.status(job)
            data = json.dumps(status)
            if data != last:
                last, beat = data, time.monotonic()
                yield f"data: {data}\n\n"
                if status["state"] in ("done", "failed"):
                    return
            elif time.monotonic() - beat > 15:
                beat = time.monotonic()
                yield ": still here\n\n"
            await asyncio.sleep(0.25)

    # ---------------------------------------------------------------- files
    async def file(self, request: Request) -> Response:
        job, name = self._job(request), request.path_params["name"]
        if job is None or job.kind != "compare" or name not in COMPARE_OUTPUTS.values() or job.state != "done":
            return _error(404, "no such file")
        path = job.folder / "out" / name
        if name == "report.pdf" and not path.is_file():
            lock = self.pdf_locks.setdefault(job.id, asyncio.Lock())
            async with lock:
                if not path.is_file():
                    try:
                        await run_in_threadpool(_print_pdf, job.folder / "out")
                    except MoadiffError as exc:
                        return _error(503, f"the PDF cannot be made here: {exc}")
        return self._send(path, job, request)

    async def batch_file(self, request: Request) -> Response:
        job, name = self._job(request), request.path_params["name"]
        if job is None or job.kind != "batch" or job.state != "done" or not _BATCH_FILES.fullmatch(name):
            return _error(404, "no such file")
        out = job.folder / "out"
        path = out / name
        if path.is_symlink() or not path.is_file() or out.resolve() not in path.resolve().parents:
            return _error(404, "no such file")
        return self._send(path, job, request)

    def _send(self, path: Path, job: Job, request: Request) -> Response:
        suffix = path.suffix
        headers = {}
        if suffix == ".html" and "download" not in request.query_params:
            data = path.read_bytes()
            headers = {"content-security-policy": report_policy(data), "x-frame-options": "SAMEORIGIN"}
            return Response(data, media_type=_TYPES[suffix], headers=headers)
        stem = "-vs-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", Path(n).stem)[:40] for n in job.names[:2])
        filename = f"{stem}-{path.name}" if job.kind == "compare" else path.name
        return FileResponse(path, media_type=_TYPES.get(suffix, "application/octet-stream"), filename=filename)


def _print_pdf(out: Path) -> None:
    """The PDF of a finished comparison, printed by Chromium (render/pdf.py)."""
    from moadiff.cache import decode
    from moadiff.model import Comparison
    from moadiff.output import write_atomic
    from moadiff.render import Target, render

    # Plain data, as the cache holds it: reading it back cannot run code.
    comparison = decode((out / "comparison.data.json").read_bytes(), Comparison)
    write_atomic(out / "report.pdf", render(comparison, "pdf", Target(str(out / "report.pdf"))))


def _outputs(job: Job) -> tuple[dict[str, str], dict[str, str]]:
    base = f"/jobs/{job.id}"
    if job.kind == "batch":
        return ({"index": f"{base}/batch/index.html", "matrix": f"{base}/batch/matrix.html",
                 "json": f"{base}/batch/summary.json", "csv": f"{base}/batch/summary.csv",
                 "matrix_csv": f"{base}/batch/matrix.csv"}, {})
    from moadiff.render.pdf import chromium

    notes = {} if chromium() else {"pdf": "PDF output needs Chromium, which is not installed here "
                                          "(apt-get install chromium)"}
    return {fmt: f"{base}/files/{name}" for fmt, name in COMPARE_OUTPUTS.items()}, notes


def _options(form: Form, *, password: bool = False) -> dict[str, Any]:
    """The comparison options of a form, checked as the CLI checks them."""
    from moadiff.pipeline import make_options

    ocr = form.value("ocr", "auto")
    if ocr not in OCR_MODES:
        raise UploadError(422, f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr[:20]!r}")
    watch = tuple(t.strip() for t in re.split(r"[\n,;]", form.value("watch")) if t.strip())
    options: dict[str, Any] = {"ocr": ocr, "watch": watch, "watch_defaults": form.value("no_default_watch") == ""}
    if password and form.value("password"):
        options["password"] = form.value("password")
    make_options(**options)  # an OptionError names the bad value
    return options


async def _small_body(request: Request, limit: int = 65536) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            break
    return bytes(body[:limit])


def _discard(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def create_app(settings: Settings, jobs: Jobs | None = None) -> Any:
    """The ASGI app: the routes, inside the security middleware. The caller
    starts and stops ``jobs`` (:func:`moadiff.serve.run` does)."""
    app = _App(settings, jobs or Jobs(settings), secrets.token_urlsafe(32))
    routes = [
        Route("/", app.home),
        Route("/static/{name}", app.static),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/jobs/{job}", app.job_page),
        Route("/jobs/{job}/files/{name}", app.file),
        Route("/jobs/{job}/batch/{name:path}", app.batch_file),
        Route("/api/compare", app.compare, methods=["POST"]),
        Route("/api/batch", app.batch, methods=["POST"]),
        Route("/api/jobs", app.list_jobs),
        Route("/api/jobs/{job}", app.job_status),
        Route("/api/jobs/{job}", app.delete, methods=["DELETE"]),
        Route("/api/jobs/{job}/events", app.events),
        Route("/api/jobs/{job}/retry", app.retry, methods=["POST"]),
    ]
    starlette = Starlette(routes=routes)
    starlette.state.jobs = app.jobs
    return Guard(starlette, host=settings.host, token=settings.token, csrf=app.csrf)

"""``moadiff serve``: the HTTP API, and hostile requests.

The app runs in-process under Starlette's TestClient, with the real job
queue and worker processes; one test starts the real command on a free port.
Every hostile request must be refused with a one-line message and leave
nothing behind: the jobs folder is empty afterwards.
"""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hostile_pdf
import pytest
from servetools import server

from moadiff.render import render
from moadiff.serve.app import create_app
from moadiff.serve.jobs import Jobs
from moadiff.serve.settings import MiB, Settings

testclient = pytest.importorskip("starlette.testclient", reason="starlette (and httpx) are not installed")
httpx = pytest.importorskip("httpx")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
BASE = "http://127.0.0.1:8765"


class Server:
    """The app with its job queue, and the client that talks to it."""

    def __init__(self, data_dir: Path, **settings: Any) -> None:
        self.settings = Settings(data_dir=str(data_dir), jobs=settings.pop("jobs", 2), **settings)
        self.jobs = Jobs(self.settings)
        self.jobs.start()
        self.client = testclient.TestClient(create_app(self.settings, self.jobs), base_url=BASE)

    def close(self) -> None:
        self.client.close()
        self.jobs.stop()

    def folders(self) -> list[str]:
        return sorted(p.name for p in self.settings.jobs_dir.iterdir())

    def submit(self, old: Path, new: Path, **fields: str) -> dict[str, Any]:
        with open(old, "rb") as a, open(new, "rb") as b:
            res = self.client.post("/api/compare", files={"old": (old.name, a), "new": (new.name, b)}, data=fields)
        assert res.status_code == 202, res.text
        return dict(res.json())

    def wait(self, job: str, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.client.get(f"/api/jobs/{job}").json()
            if status["state"] in ("done", "failed"):
                return dict(status)
            time.sleep(0.2)
        raise AssertionError(f"job {job} did not finish in {timeout} s")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "data")
    yield s
    s.close()


# --------------------------------------------------------------------------- the API


def test_compare_runs_and_serves_every_report(app: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    accepted = app.submit(SAMPLES / "old.txt", SAMPLES / "new.txt", watch="training")
    assert accepted["status"] == f"/api/jobs/{accepted['job']}"
    assert accepted["events"] == f"/api/jobs/{accepted['job']}/events"
    status = app.wait(accepted["job"])
    assert status["state"] == "done" and status["error"] is None and status["exit_status"] == 1
    assert set(status["outputs"]) == {"html", "json", "docx", "md", "csv", "pdf"}
    # The report served is the CLI's own: the same library call on the same files gives the same bytes.
    import moadiff

    folder = app.settings.jobs_dir / accepted["job"]
    monkeypatch.chdir(folder)  # the worker names its inputs relative to the job's folder
    expected = moadiff.compare("agreements/old.txt", "agreements/new.txt", watch=("training",))
    html = app.client.get(status["outputs"]["html"])
    assert html.status_code == 200 and html.content == render(expected, "html")
    assert "frame-ancestors 'self'" in html.headers["content-security-policy"]
    assert "sha256-" in html.headers["content-security-policy"], "the report's own policy, repeated"
    report = app.client.get(status["outputs"]["json"]).json()
    assert report["schema"] == "moadiff.comparison/1" and report["summary"]["substantive"] is True
    assert "training" in report["watch"]["topics"]
    docx = app.client.get(status["outputs"]["docx"])
    assert docx.content[:2] == b"PK" and "attachment" in docx.headers["content-disposition"]
    assert app.client.get(status["outputs"]["md"]).text.startswith("#")
    if shutil.which("chromium"):  # the PDF is printed on request from the comparison kept as plain data
        pdf = app.client.get(status["outputs"]["pdf"])
        assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert app.client.get(status["outputs"]["csv"]).text.lstrip("\ufeff").startswith("old_id,")


def test_events_stream_the_job_to_its_end(app: Server) -> None:
    job = app.submit(SAMPLES / "old.txt", SAMPLES / "new.txt")["job"]
    seen = []
    with app.client.stream("GET", f"/api/jobs/{job}/events") as res:
        assert res.headers["content-type"].startswith("text/event-stream")
        for line in res.iter_lines():
            if line.startswith("data: "):
                seen.append(json.loads(line[6:])["state"])
    assert seen[-1] == "done" and len(seen) >= 1


def test_recent_list_and_delete(app: Server) -> None:
    job = app.submit(SAMPLES / "old.txt", SAMPLES / "new.txt")["job"]
    app.wait(job)
    listed = app.client.get("/api/jobs").json()["jobs"]
    assert [j["job"] for j in listed] == [job] and listed[0]["names"] == ["old.txt", "new.txt"]
    assert app.client.delete(f"/api/jobs/{job}").status_code == 204
    assert app.client.get(f"/api/jobs/{job}").status_code == 404
    assert app.client.get("/api/jobs").json()["jobs"] == []
    assert app.folders() == [], "the job's folder is removed with it"


def test_batch_of_files_gives_the_index_and_matrix(app: Server) -> None:
    files = [("files", (p.name, p.read_bytes())) for p in (SAMPLES / "old.txt", SAMPLES / "new.txt")]
    res = app.client.post("/api/batch", files=files)
    assert res.status_code == 202, res.text
    status = app.wait(res.json()["job"])
    assert status["state"] == "done", status["error"]
    index = app.client.get(status["outputs"]["index"])
    assert index.status_code == 200 and b"<table" in index.content
    assert app.client.get(status["outputs"]["matrix"]).status_code == 200
    summary = app.client.get(status["outputs"]["json"]).json()
    assert summary["schema"] == "moadiff.batch/1" and len(summary["documents"]) == 2


def test_encrypted_pdf_fails_with_a_password_prompt_and_retries(app: Server, tmp_path: Path) -> None:
    scan = tmp_path / "locked.pdf"
    scan.write_bytes(hostile_pdf.encrypted("s3cret", "owner", -4))
    job = app.submit(SAMPLES / "old.pdf", scan)["job"]
    status = app.wait(job)
    assert status["state"] == "failed" and status["password_needed"] is True
    assert status["error"] == "locked.pdf: encrypted and needs a password; give it in the password field"
    assert str(app.settings.data_dir) not in status["error"], "the error names the file, not the server's folders"
    res = app.client.post(f"/api/jobs/{job}/retry", json={"password": "s3cret"})
    assert res.status_code == 202
    status = app.wait(job)
    assert status["state"] == "done", status["error"]


def test_jobs_queue_beyond_the_limit(tmp_path: Path) -> None:
    s = Server(tmp_path / "data", jobs=1)
    try:
        ids = [s.submit(SAMPLES / "old.txt", SAMPLES / "new.txt")["job"] for _ in range(3)]
        states = [s.client.get(f"/api/jobs/{j}").json() for j in ids]
        assert sum(st["state"] == "running" for st in states) <= 1
        assert any(st["state"] == "queued" and st["queue_position"] is not None for st in states)
        assert all(s.wait(j)["state"] == "done" for j in ids)
    finally:
        s.close()


def test_a_job_over_the_memory_limit_fails_alone(tmp_path: Path) -> None:
    s = Server(tmp_path / "data", memory_limit=64 * MiB)
    try:
        status = s.wait(s.submit(SAMPLES / "old.pdf", SAMPLES / "new.pdf")["job"])
        assert status["state"] == "failed" and status["error"] and "\n" not in status["error"]
        assert s.client.get("/").status_code == 200, "the server goes on"
    finally:
        s.close()


def test_options_are_checked_like_the_cli(app: Server) -> None:
    with open(SAMPLES / "old.txt", "rb") as a, open(SAMPLES / "new.txt", "rb") as b:
        res = app.client.post("/api/compare", files={"old": ("a.txt", a), "new": ("b.txt", b)}, data={"ocr": "maybe"})
    assert res.status_code == 422 and "ocr must be one of" in res.json()["error"]
    assert app.folders() == []


def test_pages_carry_a_strict_policy(app: Server) -> None:
    res = app.client.get("/")
    policy = res.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy, "nothing from elsewhere"
    assert res.headers["x-content-type-options"] == "nosniff"
    assert 'name="csrf-token"' in res.text and "{{csrf}}" not in res.text


# --------------------------------------------------------------------------- hostile requests


def _refused(res: Any, status: int, words: str) -> None:
    assert res.status_code == status, res.text
    message = res.json()["error"]
    assert words in message and "\n" not in message


def test_a_200_mb_body_is_refused(app: Server) -> None:
    declared = app.client.post("/api/compare", content=b"x",
                               headers={"content-type": "multipart/form-data; boundary=b",
                                        "content-length": str(200 * MiB)})
    _refused(declared, 413, "larger than")

    def body() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'--b\r\nContent-Disposition: form-data; name="old"; filename="big.pdf"\r\n\r\n'
        chunk = b"%PDF-" + b"0" * (MiB - 5)
        for _ in range(200):
            yield chunk
    streamed = app.client.post("/api/compare", content=body(), headers={"content-type": "multipart/form-data; boundary=b"})
    _refused(streamed, 413, "larger than")
    assert app.folders() == []


def _zip(entries: dict[str, bytes], *, level: int = 6) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def test_a_zip_bomb_is_refused(app: Server) -> None:
    bomb = _zip({"a.txt": b"0" * (60 * MiB), "b.txt": b"1" * (60 * MiB)}, level=9)
    assert len(bomb) < MiB
    _refused(app.client.post("/api/batch", files={"zip": ("agreements.zip", bomb)}), 413, "ZIP bomb")
    assert app.folders() == []


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "C:\\evil.txt", "ok/../../evil.txt"])
def test_a_zip_escaping_its_folder_is_refused(app: Server, tmp_path: Path, name: str) -> None:
    data = _zip({"one.txt": (SAMPLES / "old.txt").read_bytes(), name: (SAMPLES / "new.txt").read_bytes()})
    _refused(app.client.post("/api/batch", files={"zip": ("agreements.zip", data)}), 422, "refused")
    assert app.folders() == []
    assert not (tmp_path / "evil.txt").exists() and not (app.settings.jobs_dir.parent / "evil.txt").exists()


def test_a_zip_with_a_symlink_is_refused(app: Server) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
        zf.writestr("one.txt", (SAMPLES / "old.txt").read_bytes())
    _refused(app.client.post("/api/batch", files={"zip": ("a.zip", buf.getvalue())}), 422, "symbolic link")
    assert app.folders() == []


def test_a_pdf_named_docx_is_refused(app: Server) -> None:
    res = app.client.post("/api/compare", files={"old": ("agreement.docx", (SAMPLES / "old.pdf").read_bytes()),
                                                 "new": ("new.pdf", (SAMPLES / "new.pdf").read_bytes())})
    _refused(res, 415, "agreement.docx: named DOCX (.docx) but its content is a PDF")
    assert app.folders() == []


def test_files_get_server_chosen_names(app: Server) -> None:
    job = app.submit(SAMPLES / "old.txt", SAMPLES / "new.txt")["job"]
    with open(SAMPLES / "old.txt", "rb") as a, open(SAMPLES / "new.txt", "rb") as b:
        res = app.client.post("/api/compare", files={"old": ("../../../x\u202e.txt", a), "new": ("/etc/passwd.txt", b)})
    assert res.status_code == 202
    names = sorted(p.name for p in (app.settings.jobs_dir / res.json()["job"] / "agreements").iterdir())
    assert names == ["passwd.txt", "x.txt"], "the last part of the name, in [A-Za-z0-9._-]"
    app.wait(job)


def test_a_wrong_host_is_refused(app: Server) -> None:
    _refused(app.client.get("/", headers={"host": "attacker.example:8765"}), 421, "attacker.example")
    _refused(app.client.get("/api/jobs", headers={"host": "localhost.attacker.example"}), 421, "host name")
    assert app.client.get("/", headers={"host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize("headers", [
    {"origin": "http://attacker.example"},
    {"sec-fetch-site": "cross-site"},
    {"origin": "null"},
    {"origin": BASE, "sec-fetch-site": "same-origin"},  # a browser, but without the page's CSRF token
    {"origin": BASE, "x-csrf-token": "guessed"},
])
def test_a_cross_origin_post_is_refused(app: Server, headers: dict[str, str]) -> None:
    files = {"old": ("a.txt", (SAMPLES / "old.txt").read_bytes()), "new": ("b.txt", (SAMPLES / "new.txt").read_bytes())}
    _refused(app.client.post("/api/compare", files=files, headers=headers), 403, "refused")
    assert app.folders() == []


def test_the_page_s_own_post_with_its_csrf_token_is_accepted(app: Server) -> None:
    import re

    token = re.search(r'name="csrf-token" content="([^"]+)"', app.client.get("/").text).group(1)  # type: ignore[union-attr]
    files = {"old": ("a.txt", (SAMPLES / "old.txt").read_bytes()), "new": ("b.txt", (SAMPLES / "new.txt").read_bytes())}
    res = app.client.post("/api/compare", files=files, headers={"origin": BASE, "sec-fetch-site": "same-origin",
                                                                 "x-csrf-token": token})
    assert res.status_code == 202
    app.wait(res.json()["job"])


def test_a_missing_or_wrong_token_is_refused(tmp_path: Path) -> None:
    s = Server(tmp_path / "data", token="a-long-enough-secret-token")
    try:
        _refused(s.client.get("/"), 401, "token")
        _refused(s.client.get("/api/jobs", headers={"authorization": "Bearer wrong-token-of-some-length"}), 401,
                 "token")
        _refused(s.client.post("/api/compare", files={"old": ("a.txt", b"x")}), 401, "token")
        assert s.client.get("/api/jobs", headers={"authorization": "Bearer a-long-enough-secret-token"}).status_code == 200
        # Once in the URL, then as a cookie, out of the address bar.
        res = s.client.get("/?token=a-long-enough-secret-token", follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"] == "/"
        assert "HttpOnly" in res.headers["set-cookie"] and "SameSite=Strict" in res.headers["set-cookie"]
        assert s.client.get("/").status_code == 200
    finally:
        s.close()
    assert s.folders() == []


def test_binding_beyond_loopback_needs_a_token(tmp_path: Path) -> None:
    from moadiff.errors import OptionError

    with pytest.raises(OptionError, match="needs --token"):
        Settings(host="0.0.0.0", data_dir=str(tmp_path))


def test_a_jobs_ocr_uses_its_share_of_the_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert [Settings(data_dir=str(tmp_path), jobs=n).resources.ocr_threads for n in (1, 2, 16, 32)] == [16, 8, 1, 1]


@pytest.mark.parametrize("job", ["nosuchjobnosuchjobnosu", "..", "..%2F..%2Fetc", "a" * 200, "%00"])
def test_an_unknown_job_is_not_found(app: Server, job: str) -> None:
    for url in (f"/api/jobs/{job}", f"/jobs/{job}/files/report.html", f"/api/jobs/{job}/events"):
        assert app.client.get(url).status_code == 404
    assert app.client.delete(f"/api/jobs/{job}").status_code in (404, 405)


def test_another_folder_in_the_data_dir_is_not_a_job(app: Server) -> None:
    # A folder shaped like a job, but not one this server made (a file planted, a restart).
    planted = app.settings.jobs_dir / "PlantedPlantedPlanted0"
    (planted / "out").mkdir(parents=True)
    (planted / "out" / "report.html").write_text("secret")
    assert app.client.get("/api/jobs/PlantedPlantedPlanted0").status_code == 404
    assert app.client.get("/jobs/PlantedPlantedPlanted0/files/report.html").status_code == 404


def test_files_are_looked_up_by_name_never_by_path(app: Server) -> None:
    status = app.wait(app.submit(SAMPLES / "old.txt", SAMPLES / "new.txt")["job"])
    base = status["outputs"]["html"].rsplit("/", 1)[0]
    for name in ("job.json", "..%2Fjob.json", "comparison.data.json", "%2E%2E/in/old.txt"):
        assert app.client.get(f"{base}/{name}").status_code == 404


def test_the_real_command_serves_on_a_free_port(tmp_path: Path) -> None:
    with server(tmp_path / "data") as url:
        home = httpx.get(url + "/")
        assert home.status_code == 200 and "Earlier version" in home.text
        assert httpx.get(url + "/", headers={"host": "rebound.example"}).status_code == 421
        with open(SAMPLES / "old.txt", "rb") as a, open(SAMPLES / "new.txt", "rb") as b:
            res = httpx.post(url + "/api/compare", files={"old": ("old.txt", a), "new": ("new.txt", b)})
        assert res.status_code == 202
        deadline = time.monotonic() + 60
        while (state := httpx.get(url + res.json()["status"]).json()["state"]) not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert state == "done"
    assert (tmp_path / "data" / "jobs").stat().st_mode & 0o777 == 0o700


def test_finished_jobs_are_removed_after_keep_hours(tmp_path: Path) -> None:
    s = Server(tmp_path / "data", keep_hours=0.5 / 3600)
    try:
        job = s.submit(SAMPLES / "old.txt", SAMPLES / "new.txt")["job"]
        assert s.wait(job)["state"] == "done"
        time.sleep(0.6)
        s.jobs._sweep()  # the dispatcher does this once a minute
        assert s.client.get(f"/api/jobs/{job}").status_code == 404
        assert s.folders() == []
    finally:
        s.close()


def test_start_up_clears_the_jobs_of_an_earlier_run(tmp_path: Path) -> None:
    left = tmp_path / "data" / "jobs" / "LeftByAnEarlierRun0000"
    (left / "agreements").mkdir(parents=True)
    (left / "agreements" / "old.pdf").write_bytes(b"%PDF-1.4")
    s = Server(tmp_path / "data")
    try:
        assert s.folders() == []
        assert s.settings.jobs_dir.stat().st_mode & 0o777 == 0o700
    finally:
        s.close()

"""``moadiff serve``: a local web app over the same calls the CLI makes.

::

    browser / script --HTTP--> security.Guard (Host, token, Origin, CSRF, headers)
                                  -> app.py routes
                                       uploads.py  body -> job folder, limits, ZIP checks, types by bytes
                                       jobs.py     queue -> worker processes (work.py: compare / batch, render)
                                  <- pages and files from static/ and the job's out/

Starlette serves the routes and uvicorn runs them; nothing else is started.
The pages are plain HTML, CSS and JavaScript from ``static/`` (no build
step, nothing loaded from elsewhere); the reports are the CLI's own files.
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable

from moadiff.serve.settings import Settings, is_loopback

__all__ = ["Settings", "run"]


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(settings: Settings, port: int) -> str:
    host = settings.host if settings.host not in ("0.0.0.0", "::") else "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    query = f"/?token={settings.token}" if settings.token else "/"
    return f"http://{host}:{port}{query}"


def run(settings: Settings, *, open_browser: bool = False,
        say: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)) -> None:
    """Serve until interrupted: bind, clear old jobs, print the URL, run."""
    import uvicorn

    from moadiff.serve.app import create_app
    from moadiff.serve.jobs import Jobs

    sock = _bind(settings.host, settings.port)
    port = sock.getsockname()[1]
    jobs = Jobs(settings)
    jobs.start()
    url = url_of(settings, port)
    if not is_loopback(settings.host):
        say(f"moadiff: warning: serving on {settings.host}, which other machines can reach; "
            "anyone with the token can read what is uploaded")
    say(f"moadiff: serving on {url} (Ctrl-C stops)")
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(create_app(settings, jobs), log_level="warning", access_log=False,
                            server_header=False, date_header=False, timeout_graceful_shutdown=2)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        jobs.stop()
        sock.close()

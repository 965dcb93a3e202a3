"""Who may talk to the server, and the headers every answer carries.

One ASGI middleware, checking each request in this order:

1. **Host** must be one this server answers to (127.0.0.1, localhost, [::1]
   and the address it is bound to): a page on another site whose name was
   re-pointed at 127.0.0.1 (DNS rebinding) is refused.
2. **Token** (``--token``): every request carries it, as
   ``Authorization: Bearer T``, or once as ``?token=T`` (the browser then
   keeps it in a same-site, HTTP-only cookie).
3. **State-changing requests** (POST, PUT, PATCH, DELETE): a browser says
   where they come from, so ``Origin`` must be this server's own and
   ``Sec-Fetch-Site`` ``same-origin`` (or ``none``); and a request with any
   browser header must also carry the page's CSRF token (``X-CSRF-Token``).
   Scripts such as curl send none of those headers and need no CSRF token.

Every answer gets a strict Content-Security-Policy (nothing loaded from
elsewhere, ``frame-ancestors 'none'``), ``nosniff``, no referrer and
``no-store``. Reports keep their own policy (:func:`report_policy`), which
the server repeats as a header, letting only this app frame them.

>>> allowed_hosts("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
True
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

from moadiff.serve.settings import is_loopback

__all__ = ["APP_POLICY", "Guard", "allowed_hosts", "report_policy"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

APP_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
              "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
COOKIE = "moadiff_token"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_BROWSER = (b"origin", b"sec-fetch-site", b"sec-fetch-mode", b"cookie")


def allowed_hosts(host: str) -> set[str]:
    """Host names (without port) a request may name for a server bound to ``host``."""
    names = {"127.0.0.1", "localhost", "::1"}
    if host not in ("0.0.0.0", "::"):
        names.add(host.strip("[]").lower())
    return names


def report_policy(html: bytes) -> str:
    """A report's own meta Content-Security-Policy, as a header that lets
    only this app frame it."""
    found = re.search(rb'http-equiv="Content-Security-Policy" content="([^"]+)"', html[:20000])
    policy = found.group(1).decode("ascii", "replace") if found else "default-src 'none'"
    return f"{policy}; frame-ancestors 'self'"


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """The middleware. ``csrf`` is the token the app's pages carry;
    ``token`` the one ``--token`` asks for (None: none)."""

    def __init__(self, app: ASGIApp, *, host: str, token: str | None, csrf: str) -> None:
        self.app, self.token, self.csrf = app, token, csrf
        self.hosts = allowed_hosts(host)
        self.any_host = host in ("0.0.0.0", "::") and token is not None
        self.loopback = is_loopback(host)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = headers.get(b"host", b"").decode("latin-1")
        refusal = self._check(scope, headers, host)
        if isinstance(refusal, tuple):
            await _refuse(send, *refusal)
            return
        if refusal == "token-in-url":
            await _redirect_without_token(scope, send, self.token or "")
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                for name, value in _headers().items():
                    if name.encode() not in present:
                        raw.append((name.encode(), value.encode()))
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, secured)

    def _check(self, scope: Scope, headers: dict[bytes, bytes], host: str) -> tuple[int, str] | str | None:
        if not self.any_host and _host_name(host) not in self.hosts:
            return 421, f"this server does not answer to the host name {host[:100]!r}"
        if self.token is not None:
            given = _given_token(scope, headers)
            if given is None or not hmac.compare_digest(given.encode(), self.token.encode()):
                return 401, "a token is needed: open the URL the server printed, or send Authorization: Bearer"
            if "token=" in scope.get("query_string", b"").decode("latin-1") and scope["method"] == "GET":
                return "token-in-url"
        if scope["method"] in _UNSAFE:
            return self._check_unsafe(headers, host)
        return None

    def _check_unsafe(self, headers: dict[bytes, bytes], host: str) -> tuple[int, str] | None:
        site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
        if site and site not in ("same-origin", "none"):
            return 403, f"refused: a request from another site ({site})"
        origin = headers.get(b"origin", b"").decode("latin-1")
        if origin and origin.lower() not in (f"http://{host}".lower(), f"https://{host}".lower()):
            return 403, f"refused: a request from another origin ({origin[:100]})"
        if any(h in headers for h in _BROWSER):
            given = headers.get(b"x-csrf-token", b"").decode("latin-1")
            if not hmac.compare_digest(given.encode(), self.csrf.encode()):
                return 403, "refused: the form's CSRF token is missing or wrong; reload the page"
        elif self.token is None and not self.loopback:
            return 403, "refused: scripts need --token on a server other machines can reach"
        return None


def _given_token(scope: Scope, headers: dict[bytes, bytes]) -> str | None:
    auth = headers.get(b"authorization", b"").decode("latin-1")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    query: dict[str, list[str]] = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("token"):
        return query["token"][-1]
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # noqa: BLE001 - a malformed cookie header is no token
        return None
    morsel = cookie.get(COOKIE)
    return str(morsel.value) if morsel is not None else None


def _headers() -> dict[str, str]:
    return {
        "content-security-policy": APP_POLICY,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        "cache-control": "no-store",
    }


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in _headers().items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _redirect_without_token(scope: Scope, send: Send, token: str) -> None:
    """Keep the token in a cookie and take it out of the address bar."""
    query = {k: v for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items() if k != "token"}
    location = scope.get("path", "/") + (f"?{urlencode(query, doseq=True)}" if query else "")
    cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    raw = [(b"location", location.encode()), (b"set-cookie", cookie.encode()), (b"content-length", b"0")]
    raw += [(k.encode(), v.encode()) for k, v in _headers().items()]
    await send({"type": "http.response.start", "status": 303, "headers": raw})
    await send({"type": "http.response.body", "body": b""})

"""Checking a Word redline from outside: what accepting or rejecting every
tracked change leaves, read two ways.

- :func:`xml_view` (and :func:`xml_paragraphs`, with paragraph styles)
  applies the change marks to ``word/document.xml`` itself (lxml): accept
  drops ``w:del``/``w:moveFrom`` content and unwraps ``w:ins``/``w:moveTo``;
  reject does the reverse (``w:delText`` is text). A paragraph whose mark is
  dropped joins the next one, as in Word.
- :class:`Office` asks LibreOffice. The venv's Python has no ``uno``, so this
  same file runs under the system Python (``/usr/bin/python3``, Debian's
  python3-uno) as a worker: it starts one headless ``soffice`` with a private
  profile, and answers one JSON request a line on stdin (a file, and "accept",
  "reject" or "open") with the text LibreOffice exports ("Text (encoded)",
  UTF-8), the number of tracked changes and comments it saw, and the number
  of tracked changes left. ``Office.close()`` ends the worker, which ends
  its soffice and removes its profile. (Debian's nogui LibreOffice aborts when
  a document window shows a comment, so accepting and rejecting happen on a
  copy without comments; see :func:`_one`.)

    with Office() as office:
        result = office.view("redline.docx", "accept")   # {"text": ..., "redlines": n, "after": 0}
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SYSTEM_PYTHON = "/usr/bin/python3"

# --------------------------------------------------------------------------- the XML view


def xml_paragraphs(docx: bytes | str | os.PathLike[str], mode: str) -> list[tuple[str, str]]:
    """(style, text) of each body paragraph after accepting ("accept") or
    rejecting ("reject") every tracked change, by transforming the XML. A
    joined paragraph takes the style of the paragraph whose mark survives."""
    import io

    from lxml import etree

    data = docx if isinstance(docx, bytes) else Path(docx).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    dropped = {W + d for d in {"accept": ("del", "moveFrom"), "reject": ("ins", "moveTo")}[mode]}
    out: list[tuple[str, str]] = []
    pending = ""
    for p in root.find(W + "body").iter(W + "p"):
        mark = p.find(f"{W}pPr/{W}rPr")
        style = p.find(f"{W}pPr/{W}pStyle")
        text = []
        for el in p.iter(W + "t", W + "delText", W + "tab"):
            if any(a.tag in dropped for a in el.iterancestors() if a.tag != W + "p"):
                continue
            if el.tag == W + "delText" and mode == "accept":
                continue  # deleted text outside a w:del would be a bug: never keep it
            text.append("\t" if el.tag == W + "tab" else el.text or "")
        if mark is not None and any(child.tag in dropped for child in mark):
            pending += "".join(text)
        else:
            out.append((style.get(W + "val") if style is not None else "Normal", pending + "".join(text)))
            pending = ""
    if pending:
        out.append(("Normal", pending))
    return out


def xml_view(docx: bytes | str | os.PathLike[str], mode: str) -> list[str]:
    """The body paragraphs' text after accepting or rejecting every change."""
    return [text for _, text in xml_paragraphs(docx, mode)]


# --------------------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    """The soffice program, if LibreOffice and python3-uno are installed."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None or not Path(SYSTEM_PYTHON).exists():
        return None
    ok = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False).returncode == 0
    return exe if ok else None


class Office:
    """One LibreOffice worker (see the module docstring)."""

    def __init__(self, timeout: float = 120.0) -> None:
        exe = soffice()
        if exe is None:
            raise RuntimeError("LibreOffice (soffice) and python3-uno are not installed")
        self.timeout = timeout
        self.proc = subprocess.Popen(
            [SYSTEM_PYTHON, __file__, "--serve", exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1,
        )
        ready = self._read()
        if not ready.get("ready"):
            self.close()
            raise RuntimeError(f"LibreOffice did not start: {ready}")

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError(f"LibreOffice worker ended: {err[-2000:]}")
        return json.loads(line)  # type: ignore[no-any-return]

    def view(self, path: str | os.PathLike[str], mode: str) -> dict[str, Any]:
        """Open ``path`` in LibreOffice, accept or reject every tracked change
        ("accept", "reject"; "open" leaves them), and export the text."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"path": os.fspath(Path(path).resolve()), "mode": mode}) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps({"quit": True}) + "\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Office:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- the worker (system Python)


def _serve(exe: str) -> int:  # pragma: no cover - runs under /usr/bin/python3
    import uno  # type: ignore[import-not-found]
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    def prop(name: str, value: Any) -> Any:
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    profile = tempfile.mkdtemp(prefix="moadiff-lo-")
    pipe = f"moadiff{os.getpid()}"
    office = subprocess.Popen(
        [exe, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation={Path(profile).as_uri()}", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                if office.poll() is not None:
                    raise RuntimeError("soffice exited at start") from None
                time.sleep(0.1)
        if ctx is None:
            raise RuntimeError("soffice did not answer")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        print(json.dumps({"ready": True}), flush=True)
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                break
            try:
                answer = _one(desktop, smgr, ctx, dispatcher, prop, request["path"], request["mode"], profile)
            except Exception as exc:  # noqa: BLE001 - reported to the caller
                import traceback

                answer = {"error": f"{type(exc).__name__}: {exc}", "where": traceback.format_exc(limit=-3)}
            print(json.dumps(answer), flush=True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001, S110 - the bridge goes away as soffice ends
            pass
        return 0
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _count(doc: Any) -> int:
    redlines = doc.getRedlines()
    n = 0
    enum = redlines.createEnumeration()
    while enum.hasMoreElements():
        enum.nextElement()
        n += 1
    return n


def _one(desktop: Any, smgr: Any, ctx: Any, dispatcher: Any, prop: Any, path: str, mode: str,
         profile: str) -> dict[str, Any]:  # pragma: no cover
    """One request. The DOCX is loaded into a model without a view: Debian's
    nogui LibreOffice aborts when a view draws a comment (its sidebar widget
    has no UI file). Accepting or rejecting needs a view, so the model, its
    comments counted and removed, goes through LibreOffice's own ODT (which
    keeps tracked changes) into a hidden window."""
    import uno  # type: ignore[import-not-found]

    work = Path(profile)
    doc = smgr.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
    doc.load((prop("URL", uno.systemPathToFileUrl(path)), prop("FilterName", "MS Word 2007 XML")))
    try:
        before = _count(doc)
        comments = []
        fields = doc.getTextFields().createEnumeration()
        while fields.hasMoreElements():
            f = fields.nextElement()
            if f.supportsService("com.sun.star.text.textfield.Annotation"):
                comments.append(f)
        answer: dict[str, Any] = {"redlines": before, "comments": len(comments)}
        if mode == "open":
            answer["text"] = _export(doc, prop, work)
            answer["after"] = before
            return answer
        for f in comments:
            f.dispose()
        odt = work / "step.odt"
        doc.storeToURL(uno.systemPathToFileUrl(str(odt)), (prop("FilterName", "writer8"),))
    finally:
        doc.close(True)
    view = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(odt)), "_blank", 0, (prop("Hidden", True),))
    if view is None:
        return {"error": "LibreOffice could not reopen the file as ODT"}
    try:
        frame = view.getCurrentController().getFrame()
        command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
        dispatcher.executeDispatch(frame, command, "", 0, ())
        answer["after"] = _count(view)
        answer["text"] = _export(view, prop, work)
        return answer
    finally:
        view.close(True)
        odt.unlink()


def _export(doc: Any, prop: Any, work: Path) -> str:  # pragma: no cover
    import uno  # type: ignore[import-not-found]

    out = work / "out.txt"
    doc.storeToURL(uno.systemPathToFileUrl(str(out)), (prop("FilterName", "Text (encoded)"),
                                                       prop("FilterOptions", "UTF8,LF")))
    text = out.read_text(encoding="utf-8-sig")
    out.unlink()
    return text


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        sys.exit(_serve(sys.argv[2]))
    print("usage: python3 lotools.py --serve SOFFICE", file=sys.stderr)
    sys.exit(2)

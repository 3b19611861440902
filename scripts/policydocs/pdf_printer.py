"""The PDF engine: one headless Chromium for one build, driven over its DevTools pipe (issue 17).

Chromium is started with ``--remote-debugging-pipe`` and spoken to in the DevTools protocol
(JSON messages ended by a NUL byte on its descriptors 3 and 4), without Playwright: its driver
(a Node.js process) doubled what starting the engine costs (1.35 s of processor against 0.6 s)
and a build that prints a few PDFs paid it in full. A build that will probably print starts the
engine beside Sphinx (:func:`policydocs.pdf_cache.likely_to_print`), one that cannot tell when
something must be printed.

Each tab prints one job at a time: the job's HTML is set as the tab's document (no network: the
tab is offline, and runs no script), and printed on A4 as the print stylesheet lays it out. Any
failure, of the launch or of a job, raises :class:`EngineError` with one line to show.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def chromium_path() -> str:
    """The Chromium to print with: ``POLICYDOCS_CHROMIUM`` as it is when a printer is made, else Debian's."""
    return os.environ.get("POLICYDOCS_CHROMIUM", "/usr/bin/chromium")


CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-software-rasterizer",  # nothing is drawn on a screen: no GPU process emulating one
    "--in-process-gpu",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-breakpad",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--disable-features=Translate,OptimizationHints,MediaRouter,NetworkTimeServiceQuerying",
)
# What the printed page looks like besides the stylesheet (part of every PDF's cache key).
PRINT = {
    "paperWidth": 8.27,  # A4, in inches, unless the stylesheet's @page says otherwise (it does)
    "paperHeight": 11.7,
    "preferCSSPageSize": True,
    "printBackground": True,
    "marginTop": 0,
    "marginBottom": 0,
    "marginLeft": 0,
    "marginRight": 0,
    "displayHeaderFooter": False,
    "generateTaggedPDF": False,  # a structure tree would not survive cutting the job into files
}
BLANK = "about:blank"  # the first tab's page (not Chromium's new-tab page, which costs time to make)
TABS = 2  # print jobs at once: Chromium renders one while Python cuts the other, on two cores
TIMEOUT = 120.0  # seconds Chromium may take over one answer


class EngineError(Exception):
    """Chromium could not be started, stopped answering, or refused a job; the message is one line."""


def one_line(error: BaseException) -> str:
    """An error as the single line a build failure shows."""
    if isinstance(error, EngineError):
        return str(error)
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


class _Pipe:
    """The DevTools protocol over Chromium's pipe: calls answered by id, events kept by session."""

    def __init__(self, chromium: socket.socket, stopped: Any) -> None:
        self._socket, self._stopped = chromium, stopped
        self._lock, self._changed = threading.Lock(), threading.Condition()
        self._answers: dict[int, dict] = {}
        self._events: list[tuple[str, str]] = []  # (session, method)
        self._next = 0
        self._closed = False
        threading.Thread(target=self._read, name="policydocs-pdf-pipe", daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while chunk := self._receive():
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._changed:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._answers[message["id"]] = message
                    elif message.get("method"):
                        self._events.append((message.get("sessionId", ""), message["method"]))
                self._changed.notify_all()
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _receive(self) -> bytes:
        try:
            return self._socket.recv(1 << 20)
        except OSError:
            return b""

    def send(self, message: dict) -> None:
        # MSG_NOSIGNAL: a Chromium that has exited is an error here, never a SIGPIPE that kills
        # this process (the command line restores SIGPIPE's default, to stop quietly in a pipe).
        self._socket.sendall(json.dumps(message).encode() + b"\0", socket.MSG_NOSIGNAL)

    def shut(self) -> None:
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()

    def call(self, method: str, params: dict | None = None, session: str = "") -> dict:
        with self._lock:
            self._next += 1
            number = self._next
            message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            try:
                self.send(message)
            except OSError:
                raise EngineError(self._stopped()) from None
        with self._changed:
            if not self._changed.wait_for(lambda: number in self._answers or self._closed, TIMEOUT):
                raise EngineError(f"Chromium did not answer {method} within {TIMEOUT:.0f} s")
            if number not in self._answers:
                raise EngineError(self._stopped())
            answer = self._answers.pop(number)
        if "error" in answer:
            raise EngineError(f"Chromium refused {method}: {answer['error'].get('message', answer['error'])}")
        return answer.get("result", {})

    @contextlib.contextmanager
    def expecting(self, session: str, method: str) -> Iterator[None]:
        """Wait, after the block, for the event ``method`` of ``session`` that the block caused."""
        with self._changed:
            self._events = [event for event in self._events if event[0] != session]
        yield
        with self._changed:
            if not self._changed.wait_for(lambda: (session, method) in self._events or self._closed, TIMEOUT):
                raise EngineError(f"Chromium did not report {method} within {TIMEOUT:.0f} s")
            if self._closed:
                raise EngineError(self._stopped())


class Printer:
    """A headless Chromium with :data:`TABS` tabs, started by :meth:`start` and stopped by :meth:`join`."""

    def __init__(self, chromium: str | None = None) -> None:
        self.chromium = chromium or chromium_path()
        self._process: subprocess.Popen[bytes] | None = None
        self._pipe: _Pipe | None = None
        self._profile: Path | None = None
        self._log: IO[bytes] | None = None
        self._tabs: list[tuple[str, str]] | None = None  # (session, frame) of each tab
        self._tabs_lock = threading.Lock()

    def start(self) -> Printer:
        """Start Chromium and return at once (its tabs open at the first job)."""
        if self._process is not None:
            return self
        self._profile = Path(tempfile.mkdtemp(prefix="policydocs-chromium-"))
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - Chromium writes to it until join()
        # One socket for both directions (Chromium reads its descriptor 3 and writes its 4): unlike a
        # pipe, it can be written without SIGPIPE when Chromium has gone.
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._process = subprocess.Popen(
                [self.chromium, *CHROMIUM_ARGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe", BLANK],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._log,
                # The socket must be Chromium's descriptors 3 (it reads) and 4 (it writes). Nothing
                # else is inherited even so: Python opens every descriptor non-inheritable (PEP 446).
                close_fds=False,
                preexec_fn=lambda: _as_3_and_4(theirs.fileno()),
            )
        except OSError as error:
            ours.close()
            raise EngineError(f"cannot start Chromium ({self.chromium}): {error.strerror}") from None
        finally:
            theirs.close()
        self._pipe = _Pipe(ours, self._stopped)
        return self

    def print_pdf(self, html: str, tab: int) -> bytes:
        """The PDF of ``html`` printed on tab number ``tab`` (one job at a time per tab)."""
        self.start()
        assert self._pipe is not None
        session, frame = self._open_tabs()[tab]
        with self._pipe.expecting(session, "Page.loadEventFired"):
            self._pipe.call("Page.setDocumentContent", {"frameId": frame, "html": html}, session)
        printed = self._pipe.call("Page.printToPDF", {**PRINT, "transferMode": "ReturnAsBase64"}, session)
        return base64.b64decode(printed["data"])

    def _open_tabs(self) -> list[tuple[str, str]]:
        with self._tabs_lock:
            if self._tabs is None:
                assert self._pipe is not None
                tabs = []
                found = self._pipe.call("Target.getTargets")["targetInfos"]
                opened = [target["targetId"] for target in found if target["type"] == "page"][:TABS]
                while len(opened) < TABS:
                    opened.append(self._pipe.call("Target.createTarget", {"url": BLANK})["targetId"])
                for target in opened:
                    attached = self._pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})
                    session = attached["sessionId"]
                    self._pipe.call("Page.enable", {}, session)
                    self._pipe.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
                    self._pipe.call("Network.enable", {}, session)
                    offline = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
                    self._pipe.call("Network.emulateNetworkConditions", offline, session)
                    frame = self._pipe.call("Page.getFrameTree", {}, session)["frameTree"]["frame"]["id"]
                    tabs.append((session, frame))
                self._tabs = tabs
            return self._tabs

    def _stopped(self) -> str:
        """Why Chromium stopped answering, from its exit code and the last line it wrote."""
        assert self._process is not None
        try:
            code = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "Chromium closed its DevTools pipe"
        said = ""
        if self._log is not None:
            self._log.seek(0)
            lines = [line.strip() for line in self._log.read().decode("utf-8", "replace").splitlines() if line.strip()]
            said = f": {lines[-1][:200]}" if lines else ""
        return f"Chromium exited with code {code}{said}"

    def close(self) -> None:
        """Ask Chromium to close, without waiting (see :meth:`join`)."""
        if self._pipe is not None and self._process is not None and self._process.poll() is None:
            with contextlib.suppress(OSError):
                self._pipe.send({"id": 0, "method": "Browser.close", "params": {}})

    def join(self) -> None:
        """Wait until Chromium has exited (killing it if it does not) and remove its profile; never raises."""
        if self._process is None:
            return
        self.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._pipe is not None:
            self._pipe.shut()
        if self._log is not None:
            self._log.close()
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
        self._process = self._pipe = self._log = self._profile = None
        self._tabs = None

    def __enter__(self) -> Printer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.join()


def _as_3_and_4(chromium: int) -> None:
    """In the child, before Chromium runs: its end of the socket as descriptors 3 and 4."""
    # Through a fresh copy first: the socket's descriptor may itself be 3 or 4.
    copy = os.dup(chromium)
    os.dup2(copy, 3)
    os.dup2(copy, 4)

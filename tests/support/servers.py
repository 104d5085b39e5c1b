"""Reusable loopback servers for delivery tests: an SMTP server (aiosmtpd) and a JSON webhook (http.server).

Both listen on 127.0.0.1 only, record what they receive, and can be stopped and started again on the same port.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """A TCP port that nothing listens on right now (on 127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    login: str | None = None  # the user name the client authenticated as (never the password)

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        """The decoded text/<subtype> part ('plain' or 'html'), or '' when the mail has none."""
        for p in self.message.walk():
            if p.get_content_type() == f"text/{subtype}":
                return p.get_content()
        return ""


class _Recorder:
    def __init__(self, owner: SmtpServer) -> None:
        self.owner = owner

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.owner.delay:
            await asyncio.sleep(self.owner.delay)
        login = session.auth_data if session.authenticated else None
        with self.owner.lock:
            self.owner.mails.append(
                Mail(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content), login)
            )
        return "250 OK"


@dataclass
class SmtpServer:
    """An SMTP server on a fixed loopback port that records every accepted message.

    With ``credentials=(user, password)`` it offers AUTH (PLAIN/LOGIN without TLS, loopback only) and
    answers a wrong login with 535;
    ``delay`` (seconds) slows every accepted message down, so concurrent senders overlap;
    ``tls_context`` offers (and requires) STARTTLS.
    """

    port: int = field(default_factory=free_port)
    credentials: tuple[str, str] | None = None
    delay: float = 0.0
    tls_context: ssl.SSLContext | None = None  # offer STARTTLS with this server context (and require it)
    mails: list[Mail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        ok = (
            isinstance(auth_data, LoginPassword)
            and self.credentials is not None
            and (auth_data.login.decode(), auth_data.password.decode()) == self.credentials
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)

    def start(self) -> SmtpServer:
        kw: dict = {}
        if self.credentials:
            kw = dict(authenticator=self._authenticate, auth_require_tls=False)
        if self.tls_context:
            kw.update(tls_context=self.tls_context, require_starttls=True)
        for _ in range(50):  # the port may linger for a moment after a stop
            try:
                self._controller = Controller(_Recorder(self), hostname="127.0.0.1", port=self.port, **kw)
                self._controller.start()
                return self
            except (OSError, RuntimeError):
                time.sleep(0.1)
        raise RuntimeError(f"SMTP test server could not bind 127.0.0.1:{self.port}")

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def to(self, address: str) -> list[Mail]:
        return [m for m in self.mails if address in m.rcpt_tos]

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Post:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class HookServer:
    """A threaded HTTP server recording every POST; ``fail_with = 500`` makes it answer that status instead,
    ``delay`` (seconds) holds every answer back."""

    def __init__(self, port: int | None = None, delay: float = 0.0) -> None:
        self.port = port or free_port()
        self.posts: list[Post] = []
        self.fail_with: int | None = None
        self.delay = delay
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's hook name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(owner.delay)
                with owner.lock:
                    owner.posts.append(Post(self.path, dict(self.headers.items()), body))
                    status = owner.fail_with or 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: object) -> None:  # keep test output clean
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    def start(self) -> HookServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> HookServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def serve(app: Any, port: int = 0) -> Iterator[str]:
    """The app on a loopback port (0: the OS picks a free one), in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)

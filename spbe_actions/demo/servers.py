"""Loopback stand-ins for the demo: an SMTP server that writes each mail to ``.eml`` and an HTTP endpoint
that records chat webhook posts. Nothing leaves this machine."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from aiosmtpd.controller import Controller

if TYPE_CHECKING:
    from aiosmtpd.smtp import SMTP, Envelope, Session


class MailDrop:
    """aiosmtpd handler: every accepted message becomes ``NNN-recipient.eml`` in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.count, self.lock = folder, 0, threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        with self.lock:
            self.count += 1
            name = f"{self.count:03d}-{envelope.rcpt_tos[0].split('@')[0]}.eml"
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)  # the controller does not decode data: after DATA both are bytes
        (self.folder / name).write_bytes(content)
        return "250 OK"


def free_port() -> int:
    """A free TCP port on loopback (aiosmtpd's readiness check cannot use port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_smtp(folder: Path) -> tuple[Controller, MailDrop]:
    drop = MailDrop(folder)
    ctl = Controller(drop, hostname="127.0.0.1", port=free_port())
    ctl.start()
    return ctl, drop


def start_webhook(folder: Path) -> tuple[ThreadingHTTPServer, list[dict]]:
    """An HTTP endpoint on a free loopback port that stores every JSON post (apprise ``json://``)."""
    folder.mkdir(parents=True, exist_ok=True)
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            payload = json.loads(body or b"{}")
            received.append(payload)
            (folder / f"{len(received):03d}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received

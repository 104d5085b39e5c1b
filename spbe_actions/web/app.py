"""The web app of signed links: focal points act on one occurrence from a reminder; coordinators decide.

``create_app(engine, settings)`` builds a small server-rendered FastAPI app (Indonesian pages; one
small script of our own, ``/aset/unggah.js``, shows upload progress and nothing depends on it):

- ``/t/<token>`` one occurrence (submit with evidence, ask for more time, "seen"), ``/saya/<token>`` a
  person's open work; tokens come from ``links`` and are the only source of ids.
- ``/koordinator`` submitted work and extension requests, behind a password login and a signed session cookie.

Every response carries a strict Content-Security-Policy and no-referrer/no-store headers (tokens live in URLs);
every POST carries an HMAC CSRF field; bodies over 64 KB are refused with 413.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spbe_actions.adapters.settings import Settings
from spbe_actions.app.evidence import MB
from spbe_actions.domain.i18n import t
from spbe_actions.domain.passwords import MIN_ITERATIONS, parse_hash
from spbe_actions.web import assets as web_assets
from spbe_actions.web import coord as web_coord
from spbe_actions.web import coord_evidence as web_coord_evidence
from spbe_actions.web import pages as web_pages
from spbe_actions.web.base import MAX_BODY, Ctx, make_env, style_hash

log = logging.getLogger("spbe_actions.web")

MIN_SECRET = 32


def _csp(style: str) -> str:
    return (
        f"default-src 'none'; style-src '{style_hash(style)}'; img-src 'self' data:; form-action 'self'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


def security_headers(style: str) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": _csp(style),
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cache-control": "no-store",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        "x-robots-tag": "noindex, nofollow",
    }
    return [(k.encode(), v.encode()) for k, v in headers.items()]


UPLOAD_PATH = re.compile(r"^/(?:t/[^/]+/kirim|koordinator/bukti/[^/]+)$")  # the forms that carry files


class BodyTooLarge(Exception):
    """An upload's body went past the upload limit while it was read."""


class Guard:
    """ASGI middleware: security headers on every response, a body-size limit, and a generic 500 page.

    Form posts are read whole (at most ``limit``); the upload form is streamed through to the page (Starlette
    spools its files to disk), counted as it comes, and cut off with 413 past ``upload_limit``."""

    def __init__(self, app: ASGIApp, ctx: Ctx, limit: int = MAX_BODY) -> None:
        self.app, self.ctx, self.limit = app, ctx, limit
        self.upload_limit = ctx.settings.evidence_max_submission_mb * MB + MB  # the files, and the form's fields
        self.headers = security_headers(ctx.style)
        self.names = {k for k, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self.names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        if self._is_upload(scope):
            inner = self._counted(scope, receive)
            if inner is None:
                await self._plain(scope, send_secured, 413)
                return
        else:
            body = await self._body(scope, receive)
            if body is None:
                await self._plain(scope, send_secured, 413)
                return
            inner = self._replayed(body, receive)
        try:
            await self.app(scope, inner, send_secured)
        except BodyTooLarge:
            if not started:
                await self._plain(scope, send_secured, 413)
        except ClientDisconnect:  # the browser went away mid-upload: nothing was recorded, nobody to answer
            log.info("web: client disconnected during %s", redact(scope.get("path", "")))
        except Exception:
            log.exception("web: unexpected error on %s %s", scope.get("method"), redact(scope.get("path", "")))
            if not started:
                await self._plain(scope, send_secured, 500)

    @staticmethod
    def _is_upload(scope: Scope) -> bool:
        """A multipart POST to the upload form (any other body there is held to the ordinary limit)."""
        kind = dict(scope.get("headers", [])).get(b"content-type", b"")
        path = scope.get("path", "")
        return (
            scope.get("method") == "POST"
            and kind.startswith(b"multipart/form-data")
            and bool(UPLOAD_PATH.match(path))
        )

    @staticmethod
    def _replayed(body: bytes, receive: Receive) -> Receive:
        replay: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive_replayed() -> Message:
            return replay.pop() if replay else await receive()

        return receive_replayed

    def _counted(self, scope: Scope, receive: Receive) -> Receive | None:
        """The upload's receive channel, raising BodyTooLarge past the limit; None when the declared length
        is already over it."""
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.upload_limit):
            return None
        size = 0

        async def receive_counted() -> Message:
            nonlocal size
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > self.upload_limit:
                    raise BodyTooLarge
            return message

        return receive_counted

    async def _body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole request body, or None when it is larger than the limit (declared or actual)."""
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or len(declared) > 12 or int(declared) > self.limit):
            return None
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return None
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    async def _plain(self, scope: Scope, send: Send, status: int) -> None:
        upload = self._is_upload(scope)
        settings = self.ctx.settings
        too_large = (
            t("w_too_large_files", file=settings.evidence_max_file_mb, total=settings.evidence_max_submission_mb)
            if upload
            else t("w_too_large_form", kb=self.limit // 1024)
        )
        title, text = {
            413: (t("w_too_large_title"), too_large),
            500: (t("w_error_title"), t("w_error")),
        }[status]
        response = self.ctx.message(status, title, text)
        if status == 413:
            response.headers["connection"] = "close"
        await response(scope, self._no_receive, send)

    @staticmethod
    async def _no_receive() -> Message:
        return {"type": "http.disconnect"}


TOKEN_PATH = re.compile(r"(/(?:t|saya)/)[^/?\s\"]+")


def redact(text: str) -> str:
    """A path or log line with the signed tokens cut out (they are credentials)."""
    return TOKEN_PATH.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    """Keeps tokens out of uvicorn's access log (its third argument is the path with the query)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def _install_redaction() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactTokens) for f in access.filters):
        access.addFilter(RedactTokens())


def _check_settings(settings: Settings) -> str:
    secret = settings.link_secret or ""
    if len(secret) < MIN_SECRET:
        raise ValueError(t("w_secret"))
    for name, stored in (
        ("SPBE_COORDINATOR_PASSWORD_HASH", settings.coordinator_password_hash),
        ("SPBE_OVERSEER_PASSWORD_HASH", settings.overseer_password_hash),
    ):
        if stored and parse_hash(stored) is None:
            raise ValueError(t("w_bad_hash", name=name, n=MIN_ITERATIONS))
    if settings.overseer_user and not settings.overseer_password_hash:
        raise ValueError(t("w_overseer_pair"))
    return secret


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_app(engine: Engine, settings: Settings, clock: Callable[[], dt.datetime] = _utcnow) -> FastAPI:
    """The web app on ``engine``; ValueError (Indonesian) when SPBE_LINK_SECRET is missing or too short."""
    secret = _check_settings(settings)
    env, style = make_env(settings.lang)
    ctx = Ctx(engine, settings, clock, secret, env, style)
    app = FastAPI(
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        telemetry={"tracing": False, "metrics": False, "logs": False},  # spans would carry token paths
    )

    async def http_error(_request: Request, exc: Exception) -> HTMLResponse:
        status = exc.status_code if isinstance(exc, HTTPException) else 400
        title, text = (
            (t(f"w_{status}_title"), t(f"w_{status}")) if status in (404, 405) else (t("w_400_title"), t("w_400"))
        )
        return ctx.message(status, title, text)

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, http_error)
    web_pages.register(app, ctx)
    web_coord.register(app, ctx)
    web_coord_evidence.register(app, ctx)
    web_assets.register(app)
    app.add_middleware(Guard, ctx=ctx)
    _install_redaction()
    return app


def from_settings() -> FastAPI:
    """The app for one ``spbe web --workers N`` process (uvicorn's factory): its own engine and pool, on the
    database the settings name (the parent process has already migrated it)."""
    from spbe_actions.adapters.settings import get_settings
    from spbe_actions.app.common import open_engine

    return create_app(open_engine(migrate=False), get_settings())

"""The login cookie of the coordinator's and overseer's pages: a random session token (its SHA-256 is the
session row, ``app.accounts``), HttpOnly, SameSite=Strict, limited to ``/koordinator``; and the login page's
pre-session cookie that its CSRF field is bound to."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from spbe_actions.app.accounts import SESSION_HOURS, Principal, session_principal
from spbe_actions.web.base import Ctx

SESSION, PRE = "spbe_sesi", "spbe_masuk"
SESSION_PATH, LOGIN_PATH = "/koordinator", "/koordinator/masuk"
# where a login may send the coordinator back to: a local path of the logged-in pages (never another host, a
# scheme, "//host", a backslash, a dot segment or a control character), at most a short query; never the login
# or logout itself
NEXT = re.compile(r"/koordinator(?:/[A-Za-z0-9_~-]+)*(?:\?[A-Za-z0-9._~%&=+-]*)?")
NOT_NEXT = (LOGIN_PATH, "/koordinator/keluar")


def _secure(ctx: Ctx, request: Request) -> bool:
    return (ctx.settings.base_url or "").startswith("https://") or request.url.scheme == "https"


def set_cookie(
    ctx: Ctx, request: Request, response: Response, name: str, value: str, path: str, hours: float
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=int(hours * 3600),
        path=path,
        secure=_secure(ctx, request),
        httponly=True,
        samesite="strict",
    )


def set_session(ctx: Ctx, request: Request, response: Response, token: str) -> None:
    set_cookie(ctx, request, response, SESSION, token, SESSION_PATH, SESSION_HOURS)
    response.delete_cookie(PRE, path=LOGIN_PATH, httponly=True, samesite="strict")


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION, path=SESSION_PATH, httponly=True, samesite="strict")


def token_of(request: Request) -> str:
    return request.cookies.get(SESSION, "")


def current(ctx: Ctx, request: Request, now: dt.datetime) -> Principal | None:
    """Who is logged in on this request (a live session of an account whose password has not changed since)."""
    return session_principal(ctx.engine, ctx.settings, token_of(request), now)


def csrf(ctx: Ctx, request: Request) -> str:
    """The CSRF field of a logged-in page: bound to its session token."""
    return ctx.mac("csrf-koordinator", hashlib.sha256(token_of(request).encode()).hexdigest())


def client_address(request: Request) -> str:
    """The client's address (behind the HTTPS proxy: the one it forwarded, see ``spbe web``)."""
    return request.client.host if request.client else "-"


def safe_next(raw: str | None) -> str | None:
    """``raw`` when it is a local path of the coordinator's pages to return to after the login; else None."""
    if not raw or len(raw) > 300 or not NEXT.fullmatch(raw) or raw.split("?", 1)[0] in NOT_NEXT:
        return None
    return raw


def login_url(request: Request) -> str:
    """The login page, with ``next`` bringing the coordinator back to the page they asked for (GET only)."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    back = safe_next(here) if request.method == "GET" else None
    return f"{LOGIN_PATH}?next={quote(back, safe='/')}" if back and back != SESSION_PATH else LOGIN_PATH

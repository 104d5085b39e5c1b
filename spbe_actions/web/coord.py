"""Coordinator pages: the login (``web.auth``), and the decisions on submitted work and extension requests.

Decisions go through ``tracking.act`` (channel ``link``) as the plan's coordinator.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from spbe_actions.app.action_page import coordinator_board, coordinator_key
from spbe_actions.app.tracking import Request as ActRequest
from spbe_actions.app.tracking import act
from spbe_actions.domain.errors import InputError
from spbe_actions.web.auth import PRE, SESSION, SESSION_HOURS, new_session, session_of
from spbe_actions.web.base import Ctx, read_form, same, text
from spbe_actions.web.forms import extension_request, reason_of

ACTIONS = {"verifikasi": "verify", "kembalikan": "return", "perpanjang": "extend", "tolak": "reject_extension"}
NOTICES = {
    "verifikasi": "Laporan diverifikasi.",
    "kembalikan": "Laporan dikembalikan ke OPD dengan alasan Anda.",
    "perpanjang": "Perpanjangan disetujui; tenggat sudah dipindah.",
    "tolak": "Permintaan perpanjangan ditolak; tenggat tetap.",
}
WRONG_LOGIN = "Nama pengguna atau kata sandi salah."


def _decision(aksi: str, form: FormData, oid: int) -> tuple[list[str], ActRequest]:
    event = ACTIONS[aksi]
    if event == "extend":
        return extension_request(form, oid, "extend")
    problems: list[str] = []
    reason = reason_of(form, problems) if event in ("return", "reject_extension") else None
    return problems, ActRequest(oid, event, reason=reason)


def apply_decision(ctx: Ctx, aksi: str, oid: int, form: FormData, nonce: str, now: dt.datetime) -> Response:
    problems, req = _decision(aksi, form, oid)
    key = coordinator_key(ctx.engine, ctx.settings.coordinator_user)
    if key is None:
        problems.append("rencana tidak memuat koordinator; tambahkan di instansi.coordinators")
    if not problems:
        try:
            act(ctx.engine, [req], key or "", "link", now)
        except InputError as exc:
            problems = [f"{p.file}: {p.message}" for p in exc.problems]
    if problems:
        return render_board(ctx, nonce, now, 400, errors=problems)
    return RedirectResponse(f"/koordinator?ok={aksi}", status_code=303)


def render_board(ctx: Ctx, nonce: str, now: dt.datetime, status: int = 200, **extra: Any) -> Response:
    context = {"notice": None, "errors": [], **extra}
    board = coordinator_board(ctx.engine, now)
    return ctx.page("koordinator.html.j2", status, csrf=ctx.mac("csrf-koordinator", nonce), board=board, **context)


def _login_page(ctx: Ctx, status: int, pre: str, error: str | None = None) -> Response:
    return ctx.page("masuk.html.j2", status, csrf=ctx.mac("csrf-masuk", pre), error=error)


def _secure(ctx: Ctx, request: Request) -> bool:
    return (ctx.settings.base_url or "").startswith("https://") or request.url.scheme == "https"


def register(app: FastAPI, ctx: Ctx, login_ok: Callable[[str, str], bool]) -> None:
    def to_login() -> Response:
        return RedirectResponse("/koordinator/masuk", status_code=303)

    def cookie(response: Response, request: Request, name: str, value: str, path: str, seconds: int) -> None:
        response.set_cookie(
            name, value, max_age=seconds, path=path, secure=_secure(ctx, request), httponly=True, samesite="strict"
        )

    @app.get("/koordinator/masuk")
    def login_page(request: Request) -> Response:
        if session_of(ctx, request, ctx.now()) is not None:
            return RedirectResponse("/koordinator", status_code=303)
        pre = secrets.token_urlsafe(16)
        response = _login_page(ctx, 200, pre)
        cookie(response, request, PRE, pre, "/koordinator/masuk", 3600)
        return response

    @app.post("/koordinator/masuk")
    async def login(request: Request) -> Response:
        form, pre = await read_form(request), request.cookies.get(PRE, "")
        if form is None or not pre or not same(text(form, "csrf"), ctx.mac("csrf-masuk", pre)):
            return ctx.denied()
        user, password = text(form, "pengguna"), text(form, "sandi")
        ok = len(user) <= 200 and len(password) <= 1000 and await run_in_threadpool(login_ok, user, password)
        if not ok:
            return _login_page(ctx, 401, pre, WRONG_LOGIN)
        response = RedirectResponse("/koordinator", status_code=303)
        cookie(response, request, SESSION, new_session(ctx, ctx.now()), "/koordinator", SESSION_HOURS * 3600)
        response.delete_cookie(PRE, path="/koordinator/masuk", httponly=True, samesite="strict")
        return response

    @app.get("/koordinator")
    def board_page(request: Request) -> Response:
        now = ctx.now()
        session = session_of(ctx, request, now)
        if session is None:
            return to_login()
        return render_board(ctx, session[0], now, notice=NOTICES.get(request.query_params.get("ok", "")))

    async def checked(request: Request) -> tuple[tuple[str, dt.datetime], dt.datetime, FormData] | Response:
        """The session, the time and the form of a coordinator POST; else the login (no session) or 403."""
        now = ctx.now()
        session = session_of(ctx, request, now)
        if session is None:
            return to_login()
        form = await read_form(request)
        if form is None or not same(text(form, "csrf"), ctx.mac("csrf-koordinator", session[0])):
            return ctx.denied()
        return session, now, form

    @app.post("/koordinator/tugas/{oid}/{aksi}")
    async def decision(oid: str, aksi: str, request: Request) -> Response:
        checked_ = await checked(request)
        if isinstance(checked_, Response):
            return checked_
        (nonce, _), now, form = checked_
        if aksi not in ACTIONS or not (oid.isascii() and oid.isdigit() and len(oid) <= 18):
            return ctx.message(404, "Halaman tidak ditemukan", "Alamat ini tidak ada.")
        return await run_in_threadpool(apply_decision, ctx, aksi, int(oid), form, nonce, now)

    @app.post("/koordinator/keluar")
    async def logout(request: Request) -> Response:
        checked_ = await checked(request)
        if isinstance(checked_, Response):
            return checked_
        (nonce, expires), now, _ = checked_
        ctx.revoked = {n: e for n, e in ctx.revoked.items() if e > now}
        ctx.revoked[nonce] = expires
        response = RedirectResponse("/koordinator/masuk", status_code=303)
        response.delete_cookie(SESSION, path="/koordinator", httponly=True, samesite="strict")
        return response

"""Coordinator pages: a password login, a signed session cookie, and the decisions on submitted work and requests.

Session cookie = base64url(json {user, expiry, nonce}) "." HMAC(link secret, "sesi:" payload + password-hash
fingerprint): HttpOnly, SameSite=Strict, limited to ``/koordinator``; changing the password or the user ends
every session, and logging out revokes the nonce (in this process). Decisions go through ``tracking.act``
(channel ``link``) as the plan's coordinator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from spbe_actions import store
from spbe_actions.app import figures
from spbe_actions.app.tracking import Request as ActRequest
from spbe_actions.app.tracking import act
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.lifecycle import COORDINATOR, EXTENSION_REQUESTED, SUBMITTED
from spbe_actions.store import engine as db
from spbe_actions.web.base import Ctx, b64, read_form, same, text, unb64
from spbe_actions.web.pages import HTTP, extension_request, reason_of

SESSION, PRE = "spbe_sesi", "spbe_masuk"
SESSION_HOURS = 8
ACTIONS = {"verifikasi": "verify", "kembalikan": "return", "perpanjang": "extend", "tolak": "reject_extension"}
NOTICES = {
    "verifikasi": "Laporan diverifikasi.",
    "kembalikan": "Laporan dikembalikan ke OPD dengan alasan Anda.",
    "perpanjang": "Perpanjangan disetujui; tenggat sudah dipindah.",
    "tolak": "Permintaan perpanjangan ditolak; tenggat tetap.",
}
WRONG_LOGIN = "Nama pengguna atau kata sandi salah."


def _fingerprint(ctx: Ctx) -> str:
    return hashlib.sha256((ctx.settings.coordinator_password_hash or "").encode()).hexdigest()[:32]


def new_session(ctx: Ctx, now: dt.datetime) -> str:
    expires = int((now + dt.timedelta(hours=SESSION_HOURS)).timestamp())
    body = {"u": ctx.settings.coordinator_user, "e": expires, "n": secrets.token_urlsafe(16)}
    payload = b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{ctx.mac('sesi', payload + '.' + _fingerprint(ctx))}"


def session_of(ctx: Ctx, request: Request, now: dt.datetime) -> tuple[str, dt.datetime] | None:
    """(nonce, expiry) of a valid session cookie: signed by us, for today's user and password, not expired."""
    value = request.cookies.get(SESSION, "")
    payload, _, mac = value.partition(".")
    if not payload or len(value) > 600 or not same(mac, ctx.mac("sesi", payload + "." + _fingerprint(ctx))):
        return None
    try:
        body = json.loads(unb64(payload))
        user, expires, nonce = str(body["u"]), dt.datetime.fromtimestamp(int(body["e"]), dt.UTC), str(body["n"])
    except (ValueError, KeyError, TypeError, OverflowError):
        return None
    if not same(user, ctx.settings.coordinator_user) or now >= expires or nonce in ctx.revoked:
        return None
    return nonce, expires


def coordinator_key(ctx: Ctx) -> str | None:
    """The person who decides: the coordinator whose key is the login user, else the first coordinator."""
    with db.session(ctx.engine) as s:
        inst = store.instansi(s)
        keys = [k for k, role, _ in store.people_roles(s, inst.id) if role == COORDINATOR] if inst else []
    return ctx.settings.coordinator_user if ctx.settings.coordinator_user in keys else next(iter(keys), None)


def board(ctx: Ctx, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """Submitted work (with its evidence) and extension requests (with the date asked for and why)."""
    views = [v for v in figures.tasks(ctx.engine, now) if v.row.status in (SUBMITTED, EXTENSION_REQUESTED)]
    submitted, requests = [], []
    with db.session(ctx.engine) as s:
        for v in views:
            r = v.row
            item = dict(id=r.id, judul=r.title, opd=r.opd_code, periode=r.period, tenggat=r.due)
            if r.status == SUBMITTED:
                evidence = [
                    dict(url=e.url, judul=e.title, tautan=bool(HTTP.match(e.url)))
                    for e in store.evidence_of(s, r.id)
                ]
                submitted.append(dict(item, dikirim=r.submitted_on, bukti=evidence))
                continue
            asked = [row for row in store.history(s, r.id) if row[3] == "request_extension"][-1:]
            until = asked[0][9].get("requested_until", "") if asked else ""
            requests.append(dict(item, diminta=until, alasan=asked[0][8] if asked else ""))
    return dict(dikirim=submitted, permintaan=requests)


def _decision(aksi: str, form: FormData, oid: int) -> tuple[list[str], ActRequest]:
    event = ACTIONS[aksi]
    if event == "extend":
        return extension_request(form, oid, "extend")
    problems: list[str] = []
    reason = reason_of(form, problems) if event in ("return", "reject_extension") else None
    return problems, ActRequest(oid, event, reason=reason)


def decide(ctx: Ctx, aksi: str, oid: int, form: FormData, nonce: str, now: dt.datetime) -> Response:
    problems, req = _decision(aksi, form, oid)
    key = coordinator_key(ctx)
    if key is None:
        problems.append("rencana tidak memuat koordinator; tambahkan di instansi.coordinators")
    if not problems:
        try:
            act(ctx.engine, [req], key or "", "link", now)
        except InputError as exc:
            problems = [f"{p.file}: {p.message}" for p in exc.problems]
    if problems:
        return render_board(ctx, nonce, now, 400, galat=problems)
    return RedirectResponse(f"/koordinator?ok={aksi}", status_code=303)


def render_board(ctx: Ctx, nonce: str, now: dt.datetime, status: int = 200, **extra: Any) -> Response:
    context = {"pesan": None, "galat": [], **extra}
    return ctx.page(
        "koordinator.html.j2", status, csrf=ctx.mac("csrf-koordinator", nonce), **board(ctx, now), **context
    )


def _login_page(ctx: Ctx, status: int, pre: str, error: str | None = None) -> Response:
    return ctx.page("masuk.html.j2", status, csrf=ctx.mac("csrf-masuk", pre), galat=error)


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
        return render_board(ctx, session[0], now, pesan=NOTICES.get(request.query_params.get("ok", "")))

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
        return await run_in_threadpool(decide, ctx, aksi, int(oid), form, nonce, now)

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

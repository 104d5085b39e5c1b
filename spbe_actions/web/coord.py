"""The coordinator's and the overseer's pages: the login (``app.accounts``: throttled, sessions in the database),
the coordinator's decisions on submitted work and extension requests of their own instansi (through
``tracking.act``, channel ``link``, as one of its plan's coordinators), and the overseer's read-only league of
every instansi."""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from spbe_actions.app.accounts import COORDINATOR, Principal, login, logout
from spbe_actions.app.action_page import coordinator_board, coordinator_download
from spbe_actions.app.bundle import build_bundle
from spbe_actions.app.overseer import league
from spbe_actions.app.tracking import Request as ActRequest
from spbe_actions.app.tracking import act
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.i18n import t
from spbe_actions.domain.ids import parse_id
from spbe_actions.web import auth
from spbe_actions.web.base import Ctx, read_form, same, text
from spbe_actions.web.coord_item import PATH as ITEM_PATH
from spbe_actions.web.coord_item import not_found, render_item
from spbe_actions.web.forms import extension_request, reason_of

ACTIONS = {"verifikasi": "verify", "kembalikan": "return", "perpanjang": "extend", "tolak": "reject_extension"}
NOTICES = {
    "verifikasi": "w_verified",
    "kembalikan": "w_returned",
    "perpanjang": "w_extended",
    "tolak": "w_refused",
}


def _notice(request: Request) -> str | None:
    """The line a redirect after a decision asks the page to show (``?ok=...``), in the reader's language."""
    key = NOTICES.get(request.query_params.get("ok", ""))
    return t(key) if key else None


def _decision(aksi: str, form: FormData, oid: int) -> tuple[list[str], ActRequest]:
    event = ACTIONS[aksi]
    if event == "extend":
        return extension_request(form, oid, "extend")
    problems: list[str] = []
    reason = reason_of(form, problems) if event in ("return", "reject_extension") else None
    return problems, ActRequest(oid, event, reason=reason)


def apply_decision(
    ctx: Ctx, who: Principal, aksi: str, oid: int, form: FormData, csrf: str, now: dt.datetime
) -> Response:
    from_item = text(form, "dari") == "tugas"  # posted from the item's own page: back to it
    problems, req = _decision(aksi, form, oid)
    if who.person_key is None:
        problems.append(t("w_no_coordinator"))
    if not problems:
        try:
            act(ctx.engine, [req], who.person_key or "", "link", now, who.instansi)
        except InputError as exc:
            problems = [f"{p.file}: {p.message}" for p in exc.problems]
    if problems and from_item:
        return render_item(ctx, who, csrf, oid, now, 400, errors=problems)
    if problems:
        return render_board(ctx, who, csrf, now, 400, errors=problems)
    back = f"/koordinator/tugas/{oid}" if from_item else "/koordinator"
    return RedirectResponse(f"{back}?ok={aksi}", status_code=303)


def bundle_response(ctx: Ctx, who: Principal, year: int | None, now: dt.datetime) -> Response:
    """The evaluation bundle built into a temporary folder, sent as a download, and the folder removed."""
    folder = Path(tempfile.mkdtemp(prefix="spbe-paket-"))
    try:
        bundle = build_bundle(ctx.engine, ctx.files(), folder / "bukti.zip", now, year, who.instansi)
    except InputError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return ctx.message(503, t("w_no_bundle_title"), exc.problems[0].message)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        folder / "bukti.zip",
        media_type="application/zip",
        filename=f"bukti-{bundle.year}.zip",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


def render_board(
    ctx: Ctx, who: Principal, csrf: str, now: dt.datetime, status: int = 200, **extra: Any
) -> Response:
    context = {"notice": None, "errors": [], "who": who, **extra}
    if who.role != COORDINATOR:
        return ctx.page("pengawas.html.j2", status, csrf=csrf, lg=league(ctx.engine, now), **context)
    board = coordinator_board(ctx.engine, now, who.instansi, who.person_key)
    return ctx.page("koordinator.html.j2", status, csrf=csrf, board=board, **context)


def _login_page(ctx: Ctx, status: int, pre: str, error: str | None = None, back: str | None = None) -> Response:
    return ctx.page("masuk.html.j2", status, csrf=ctx.mac("csrf-masuk", pre), error=error, next=back or "")


def _locked_text(until: dt.datetime, now: dt.datetime) -> str:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))  # rounded up
    return t("w_locked", minutes=minutes)


def register(app: FastAPI, ctx: Ctx) -> None:
    def to_login(request: Request | None = None) -> Response:
        """The login page; from a page the coordinator asked for, with ``next`` to come back to it."""
        return RedirectResponse(auth.login_url(request) if request else auth.LOGIN_PATH, status_code=303)

    @app.get("/koordinator/masuk")
    def login_page(request: Request) -> Response:
        back = auth.safe_next(request.query_params.get("next"))
        if auth.current(ctx, request, ctx.now()) is not None:
            return RedirectResponse(back or "/koordinator", status_code=303)
        pre = secrets.token_urlsafe(16)
        response = _login_page(ctx, 200, pre, back=back)
        auth.set_cookie(ctx, request, response, auth.PRE, pre, auth.LOGIN_PATH, 1)
        return response

    @app.post("/koordinator/masuk")
    async def login_post(request: Request) -> Response:
        form, pre = await read_form(request), request.cookies.get(auth.PRE, "")
        if form is None or not pre or not same(text(form, "csrf"), ctx.mac("csrf-masuk", pre)):
            return ctx.denied()
        user, password = text(form, "pengguna"), text(form, "sandi")
        back = auth.safe_next(text(form, "next"))  # only a local path of these pages; anything else: the board
        if len(user) > 200 or len(password) > 1000:
            return _login_page(ctx, 401, pre, t("w_wrong_login"), back)
        args = (ctx.engine, ctx.settings, user, password, auth.client_address(request), ctx.now())
        result = await run_in_threadpool(login, *args)  # PBKDF2 and the database off the event loop
        if result.locked_until is not None:
            return _login_page(ctx, 429, pre, _locked_text(result.locked_until, args[-1]), back)
        if result.principal is None or result.token is None:
            return _login_page(ctx, 401, pre, t("w_wrong_login"), back)
        response = RedirectResponse(back or "/koordinator", status_code=303)
        auth.set_session(ctx, request, response, result.token)
        return response

    @app.get("/koordinator")
    def board_page(request: Request) -> Response:
        now = ctx.now()
        who = auth.current(ctx, request, now)
        if who is None:
            return to_login()
        return render_board(ctx, who, auth.csrf(ctx, request), now, notice=_notice(request))

    @app.get(ITEM_PATH)
    def item_page(oid: str, request: Request) -> Response:
        now = ctx.now()
        who = auth.current(ctx, request, now)
        if who is None:
            return to_login(request)
        occurrence_id = parse_id(oid)
        if who.role != COORDINATOR or occurrence_id is None:  # an id the database cannot hold: no query
            return not_found(ctx)
        return render_item(ctx, who, auth.csrf(ctx, request), occurrence_id, now, notice=_notice(request))

    async def checked(request: Request) -> tuple[Principal, dt.datetime, FormData] | Response:
        """The principal, the time and the form of a logged-in POST; else the login (no session) or 403."""
        now = ctx.now()
        who = await run_in_threadpool(auth.current, ctx, request, now)
        if who is None:
            return to_login()
        form = await read_form(request)
        if form is None or not same(text(form, "csrf"), auth.csrf(ctx, request)):
            return ctx.denied()
        return who, now, form

    @app.post("/koordinator/tugas/{oid}/{aksi}")
    async def decision(oid: str, aksi: str, request: Request) -> Response:
        checked_ = await checked(request)
        if isinstance(checked_, Response):
            return checked_
        who, now, form = checked_
        if who.role != COORDINATOR:
            return ctx.denied()  # the overseer reads, never decides
        occurrence_id = parse_id(oid)
        if aksi not in ACTIONS or occurrence_id is None:  # an id the database cannot hold: not found, no query
            return ctx.message(404, t("w_404_title"), t("w_404"))
        return await run_in_threadpool(
            apply_decision, ctx, who, aksi, occurrence_id, form, auth.csrf(ctx, request), now
        )

    @app.get("/koordinator/berkas/{file_id}")
    def file_download(file_id: str, request: Request) -> Response:
        from spbe_actions.web.pages import attachment

        now = ctx.now()
        who = auth.current(ctx, request, now)
        if who is None:
            return to_login(request)
        fid = parse_id(file_id)
        if who.role != COORDINATOR or fid is None:
            return ctx.denied()
        try:
            got = coordinator_download(ctx.engine, ctx.files(), who.instansi, who.person_key, fid, now)
        except InputError as exc:
            return ctx.message(503, t("w_no_file_title"), exc.problems[0].message)
        return attachment(got) if got is not None else ctx.denied()

    @app.get("/koordinator/paket-bukti")
    def bundle_download(request: Request) -> Response:
        now = ctx.now()
        who = auth.current(ctx, request, now)
        if who is None:
            return to_login(request)
        if who.role != COORDINATOR:
            return ctx.denied()
        raw = request.query_params.get("tahun", "").strip()
        if raw and not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
            return ctx.message(400, t("w_bad_year_title"), t("w_bad_year"))
        return bundle_response(ctx, who, int(raw) if raw else None, now)

    @app.post("/koordinator/keluar")
    async def logout_post(request: Request) -> Response:
        checked_ = await checked(request)
        if isinstance(checked_, Response):
            return checked_
        await run_in_threadpool(logout, ctx.engine, auth.token_of(request), checked_[1])
        response = RedirectResponse(auth.LOGIN_PATH, status_code=303)
        auth.clear_session(response)
        return response

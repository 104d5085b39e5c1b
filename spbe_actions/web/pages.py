"""Focal-point pages of signed links: one occurrence (``/t/<token>``) and one person's open work (``/saya/<token>``).

Ids come only from verified tokens; a hidden ``tugas`` field is never trusted, only checked against the token.
Every change goes through ``tracking.act`` (channel ``link``) as the token's person; "seen" adds a trail row
whose status and due date do not change, so a replay of the trail still gives the current state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from spbe_actions.app.action_page import item_view, link_download, mark_seen, person_key, person_list
from spbe_actions.app.evidence import Download, Limits, StagedFile, UploadTooLarge, stage_files
from spbe_actions.app.tracking import act
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.i18n import t
from spbe_actions.domain.ids import parse_id
from spbe_actions.domain.links import Claims, InvalidLink, sign, verify
from spbe_actions.web.base import MAX_TOKEN, Ctx, read_form, read_upload_form, same, text
from spbe_actions.web.forms import extension_request, submit_request, uploads, values_of

NOTICES = {"kirim": "w_sent", "perpanjangan": "w_requested", "dilihat": "w_seen"}  # catalogue keys


# what the file picker offers (phones show the matching apps); the server still decides by content
ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,application/pdf,image/png,image/jpeg"


def claims_of(
    ctx: Ctx, token: str, purpose: str, now: dt.datetime, occurrence_id: int | None = None
) -> Claims | None:
    if len(token) > MAX_TOKEN:
        return None
    try:
        return verify(ctx.secret, token, purpose, now, occurrence_id)
    except InvalidLink:
        return None


def render_item(
    ctx: Ctx, token: str, claims: Claims, now: dt.datetime, status: int = 200, **extra: Any
) -> Response:
    view = item_view(ctx.engine, claims, now)
    if view is None:
        return ctx.denied()
    context = {"notice": None, "errors": [], "section": "", "values": {}, **extra}
    if context["notice"]:  # the notices name the coordinator by the framework's title
        context["notice"] = t(context["notice"], coordinator=view.vocab.coordinator)
    return ctx.page(
        "tugas.html.j2",
        status,
        accept=ACCEPT,
        max_file_mb=ctx.settings.evidence_max_file_mb,
        max_submission_mb=ctx.settings.evidence_max_submission_mb,
        token=token,
        csrf=ctx.mac("csrf", token),
        v=view,
        one_day=dt.timedelta(days=1),
        **context,
    )


def too_large(ctx: Ctx, reason: str) -> Response:
    return ctx.message(
        413, t("w_too_large_title"), t("w_nothing_saved", problem=f"{reason[:1].upper()}{reason[1:]}")
    )


def handle_submit(ctx: Ctx, token: str, claims: Claims, form: FormData, now: dt.datetime) -> Response:
    """A submission with links and/or files: the fields are checked first, then the files staged (type by
    content, size caps), then everything recorded in one transaction with the files placed before the commit."""
    key = person_key(ctx.engine, claims)
    if key is None:
        return ctx.denied()
    got = record_submission(ctx, form, claims.occurrence_id or 0, key, now)
    if isinstance(got, Response):
        return got
    problems = got
    if problems:
        return render_item(ctx, token, claims, now, 400, errors=problems, section="kirim", values=values_of(form))
    return RedirectResponse(f"/t/{token}?ok=kirim", status_code=303)


def record_submission(
    ctx: Ctx,
    form: FormData,
    oid: int,
    key: str,
    now: dt.datetime,
    instansi: str | None = None,
    problems: list[str] | None = None,
) -> list[str] | Response:
    """A submission of ``form`` (links and/or files) for occurrence ``oid`` as person ``key``: the fields checked,
    then the files staged (type by content, size caps), then everything recorded in one transaction with the files
    placed before the commit. The problems to show again (empty: recorded), or the 413 page."""
    files = uploads(form)
    found, req = submit_request(form, oid, with_files=bool(files))
    problems = [*(problems or []), *found]
    staged: tuple[StagedFile, ...] = ()
    try:
        if not problems and files:
            staged = tuple(stage_files(ctx.files(), files, Limits.of(ctx.settings)))
        if not problems:
            act(
                ctx.engine,
                [replace(req, files=staged)],
                key,
                "link",
                now,
                instansi,
                files_store=ctx.files() if staged else None,
            )
    except UploadTooLarge as exc:
        return too_large(ctx, str(exc))
    except InputError as exc:
        problems = [p.message for p in exc.problems]
    return problems


def attachment(got: Download) -> Response:
    """A stored file sent back as a download (never shown inline), with the page's security headers."""
    name = got.row.filename
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    headers = {"content-disposition": disposition, "content-length": str(got.row.size)}
    return StreamingResponse(got.chunks, media_type=got.row.media_type, headers=headers)


def handle(ctx: Ctx, token: str, claims: Claims, form: FormData, kind: str, now: dt.datetime) -> Response:
    """Apply one posted form as the token's person; 303 back to the page, or the page again with the errors."""
    if kind == "kirim":
        return handle_submit(ctx, token, claims, form, now)
    if kind == "dilihat":
        if not mark_seen(ctx.engine, claims, now):
            return ctx.denied()
    else:
        key = person_key(ctx.engine, claims)
        if key is None:
            return ctx.denied()
        oid = claims.occurrence_id or 0
        problems, req = extension_request(form, oid)
        if not problems:
            try:
                act(ctx.engine, [req], key, "link", now)
            except InputError as exc:
                problems = [p.message for p in exc.problems]
        if problems:
            return render_item(ctx, token, claims, now, 400, errors=problems, section=kind, values=values_of(form))
    return RedirectResponse(f"/t/{token}?ok={kind}", status_code=303)


def my_page(ctx: Ctx, claims: Claims, now: dt.datetime) -> Response:
    view = person_list(ctx.engine, claims, now)
    if view is None:
        return ctx.denied()
    # a fresh act link never outlives the list link it came from
    expires = min(now + dt.timedelta(days=ctx.settings.link_days), claims.expires)
    links = {
        i.occurrence_id: "/t/" + sign(ctx.secret, Claims("act", view.person_id, i.occurrence_id, expires))
        for i in view.items
    }
    return ctx.page("saya.html.j2", v=view, links=links)


def register(app: FastAPI, ctx: Ctx) -> None:
    @app.get("/")
    def home() -> Response:
        """What this site is and where to go (the focal points' links, the coordinator's login)."""
        return ctx.page("beranda.html.j2")

    @app.get("/t/{token}")
    def item_page(token: str, request: Request) -> Response:
        now = ctx.now()
        claims = claims_of(ctx, token, "act", now)
        if claims is None:
            return ctx.denied()
        return render_item(ctx, token, claims, now, notice=NOTICES.get(request.query_params.get("ok", "")))

    async def post(token: str, request: Request, kind: str) -> Response:
        now = ctx.now()
        form = await (read_upload_form(request) if kind == "kirim" else read_form(request))
        if form is None:
            return ctx.denied()
        try:
            oid = parse_id(text(form, "tugas"))
            claims = claims_of(ctx, token, "act", now, oid) if oid is not None else None
            if claims is None or not same(text(form, "csrf"), ctx.mac("csrf", token)):
                return ctx.denied()
            return await run_in_threadpool(handle, ctx, token, claims, form, kind, now)
        finally:
            await form.close()  # Starlette's spooled upload files are deleted here

    @app.post("/t/{token}/kirim")
    async def submit(token: str, request: Request) -> Response:
        return await post(token, request, "kirim")

    @app.post("/t/{token}/perpanjangan")
    async def request_extension(token: str, request: Request) -> Response:
        return await post(token, request, "perpanjangan")

    @app.post("/t/{token}/dilihat")
    async def seen(token: str, request: Request) -> Response:
        return await post(token, request, "dilihat")

    @app.get("/t/{token}/berkas/{file_id}")
    def file_download(token: str, file_id: str) -> Response:
        now = ctx.now()
        claims = claims_of(ctx, token, "act", now)
        fid = parse_id(file_id)
        if claims is None or fid is None:
            return ctx.denied()
        try:
            got = link_download(ctx.engine, ctx.files(), claims, fid, now)
        except InputError as exc:
            return ctx.message(503, t("w_no_file_title"), exc.problems[0].message)
        return attachment(got) if got is not None else ctx.denied()

    @app.get("/saya/{token}")
    def list_page(token: str) -> Response:
        now = ctx.now()
        claims = claims_of(ctx, token, "list", now)
        return my_page(ctx, claims, now) if claims is not None else ctx.denied()

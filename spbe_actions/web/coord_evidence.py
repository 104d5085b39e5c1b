"""The coordinator's upload of bukti dukung (``/koordinator/bukti/<id>``): the logged-in coordinator attaches
files and/or links to an occurrence of their instansi, with the same caps, content checks, staged-then-placed
commit and trail rows as the focal points' page (``tracking.act`` as the coordinator, channel ``link``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from spbe_actions.app.accounts import COORDINATOR, Principal
from spbe_actions.app.coord_evidence import coordinator_item
from spbe_actions.domain.i18n import t
from spbe_actions.domain.ids import parse_id
from spbe_actions.web import auth
from spbe_actions.web.base import Ctx, read_upload_form, same, text
from spbe_actions.web.forms import values_of

PATH = "/koordinator/bukti/{oid}"
NOTICE = "w_coord_saved"  # a catalogue key


def render(ctx: Ctx, who: Principal, csrf: str, oid: int, status: int = 200, **extra: Any) -> Response:
    from spbe_actions.web.pages import ACCEPT

    item = coordinator_item(ctx.engine, who.instansi, oid, who.person_key)
    if item is None:
        return ctx.denied()
    context = {"notice": None, "errors": [], "values": {}, **extra}
    return ctx.page(
        "koordinator-bukti.html.j2",
        status,
        csrf=csrf,
        who=who,
        item=item,
        accept=ACCEPT,
        max_file_mb=ctx.settings.evidence_max_file_mb,
        max_submission_mb=ctx.settings.evidence_max_submission_mb,
        **context,
    )


def submit(ctx: Ctx, who: Principal, oid: int, form: FormData, csrf: str, now: dt.datetime) -> Response:
    """Links and/or files recorded as the coordinator's submission of ``oid``: all or nothing."""
    from spbe_actions.web.pages import record_submission

    if coordinator_item(ctx.engine, who.instansi, oid) is None:
        return ctx.denied()
    missing = [] if who.person_key else [t("w_no_coordinator")]
    got = record_submission(ctx, form, oid, who.person_key or "", now, who.instansi, missing)
    if isinstance(got, Response):
        return got
    problems = got
    if problems:
        return render(ctx, who, csrf, oid, 400, errors=problems, values=values_of(form))
    return RedirectResponse(f"/koordinator/bukti/{oid}?ok=1", status_code=303)


def register(app: FastAPI, ctx: Ctx) -> None:
    @app.get(PATH)
    def evidence_page(oid: str, request: Request) -> Response:
        now = ctx.now()
        who = auth.current(ctx, request, now)
        if who is None:
            return RedirectResponse(auth.login_url(request), status_code=303)
        occurrence_id = parse_id(oid)
        if who.role != COORDINATOR or occurrence_id is None:
            return ctx.denied()
        notice = t(NOTICE) if request.query_params.get("ok") else None
        return render(ctx, who, auth.csrf(ctx, request), occurrence_id, notice=notice)

    @app.post(PATH)
    async def evidence_upload(oid: str, request: Request) -> Response:
        now = ctx.now()
        who = await run_in_threadpool(auth.current, ctx, request, now)
        occurrence_id = parse_id(oid)
        if who is None or who.role != COORDINATOR or occurrence_id is None:
            return ctx.denied()  # no session, the overseer, or an id the database cannot hold
        form = await read_upload_form(request)
        if form is None:
            return ctx.denied()
        try:
            csrf = auth.csrf(ctx, request)
            if not same(text(form, "csrf"), csrf):
                return ctx.denied()
            return await run_in_threadpool(submit, ctx, who, occurrence_id, form, csrf, now)
        finally:
            await form.close()  # Starlette's spooled upload files are deleted here

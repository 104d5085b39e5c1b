"""Focal-point pages of signed links: one occurrence (``/t/<token>``) and one person's open work (``/saya/<token>``).

Ids come only from verified tokens; a hidden ``tugas`` field is never trusted, only checked against the token.
Every change goes through ``tracking.act`` (channel ``link``) as the token's person; "seen" adds a trail row
whose status and due date do not change, so a replay of the trail still gives the current state.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from spbe_actions import store
from spbe_actions.app import figures
from spbe_actions.app.tracking import EvidenceInput, act, check_url, resolve_actor
from spbe_actions.app.tracking import Request as ActRequest
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.framework import load_framework
from spbe_actions.domain.lifecycle import EVENT_ID, LABEL_ID, RULES, Actor, can_see, is_late
from spbe_actions.domain.links import Claims, InvalidLink, sign, verify
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from spbe_actions.web.base import (
    MAX_LINKS,
    MAX_REASON,
    MAX_TITLE,
    MAX_TOKEN,
    Ctx,
    bounded,
    local_time,
    parse_date,
    read_form,
    same,
    text,
)

EVENT_LABELS = {
    **EVENT_ID,
    "create": "dibuat",
    "reschedule": "dijadwal ulang",
    "cancel": "batal",
    "seen": "dilihat",
}
NOTICES = {
    "kirim": "Terima kasih. Laporan selesai dan bukti dukung sudah terkirim ke koordinator SPBE.",
    "perpanjangan": "Permintaan perpanjangan sudah terkirim ke koordinator SPBE.",
    "dilihat": "Tercatat: tugas ini sudah Anda lihat.",
}
HTTP = re.compile(r"^https?://", re.IGNORECASE)


def _is_id(value: str) -> bool:
    return 0 < len(value) <= 18 and value.isascii() and value.isdigit()


def claims_of(
    ctx: Ctx, token: str, purpose: str, now: dt.datetime, occurrence_id: int | None = None
) -> Claims | None:
    if len(token) > MAX_TOKEN:
        return None
    try:
        return verify(ctx.secret, token, purpose, now, occurrence_id)
    except InvalidLink:
        return None


def bind_person(session, claims: Claims) -> tuple[m.Instansi, Actor, m.Person] | None:  # type: ignore[no-untyped-def]
    """The instansi, the token's person as an Actor (active, of this instansi), or None."""
    inst = store.instansi(session)
    contact = store.contacts(session, [claims.person_id]).get(claims.person_id) if inst else None
    if inst is None or contact is None:
        return None
    person = store.person(session, inst.id, contact[0])
    try:
        actor, person_id = resolve_actor(session, inst.id, contact[0])
    except InputError:
        return None
    return (inst, actor, person) if person is not None and person_id == claims.person_id else None


def bind(session, claims: Claims, lock: bool = False) -> tuple[m.Instansi, Actor, store.OccurrenceRow] | None:  # type: ignore[no-untyped-def]
    """The token's occurrence, when its person may see it (same OPD, or a coordinator); None otherwise."""
    bound = bind_person(session, claims) if claims.occurrence_id is not None else None
    if bound is None:
        return None
    inst, actor, _ = bound
    occ = store.occurrences_by_ids(session, inst.id, [claims.occurrence_id], lock=lock).get(claims.occurrence_id)  # type: ignore[list-item]
    return (inst, actor, occ) if occ is not None and can_see(actor, occ.opd_id) else None


def _indicators(inst: m.Instansi, targets: list[tuple[str, int]], current: dict[str, int]) -> list[str]:
    fw = load_framework(inst.framework)
    out = []
    for ind, level in targets:
        node = fw.indicators.get(ind)
        if node is None:
            continue
        now = current.get(ind)
        step = f"tingkat {now} → {level}" if now is not None and now < level else f"menjaga tingkat {level}"
        out.append(f"Indikator {ind} — {node.name} (bobot {node.weight}%): {step} ({fw.level_name(ind, level)})")
    return out


def _trail_rows(trail: list[tuple], zone: str) -> list[dict[str, str]]:
    rows = []
    for at, who, channel, event, frm, to, from_due, to_due, reason, detail in trail:
        notes = [f"diminta sampai {detail['requested_until']}"] if detail.get("requested_until") else []
        notes += [f"bukti: {url}" for url in detail.get("evidence", [])]
        rows.append(
            dict(
                waktu=local_time(at, zone),
                oleh=who,
                kanal=channel,
                peristiwa=EVENT_LABELS.get(event, event),
                status=LABEL_ID.get(to, to)
                if frm in (None, to)
                else f"{LABEL_ID.get(frm, frm)} → {LABEL_ID.get(to, to)}",
                tenggat=to_due.isoformat() if from_due in (None, to_due) else f"{from_due} → {to_due}",
                catatan="; ".join(([reason] if reason else []) + notes),
            )
        )
    return rows


def item_view(ctx: Ctx, claims: Claims, now: dt.datetime) -> dict[str, Any] | None:
    """Everything the occurrence page shows, or None when the token does not bind a visible occurrence."""
    with db.session(ctx.engine) as s:
        bound = bind(s, claims)
        if bound is None:
            return None
        inst, actor, occ = bound
        action, opd = store.action_and_opd(s, occ.action_id, occ.opd_id)
        trail, evidence = store.history(s, occ.id), store.evidence_of(s, occ.id)
        targets = store.action_targets(s, inst.id).get(occ.action_id, [])
        current = store.levels(s, inst.id, inst.current_year, "actual")
    today = local_today(now, inst.timezone)
    late = is_late(occ.status, occ.due, today)
    return dict(
        occ=occ,
        opd_nama=opd.name if opd else occ.opd_code,
        bukti_wajib=list(action.evidence_required or []) if action else [],
        indikator=_indicators(inst, targets, current),
        status_label=LABEL_ID.get(occ.status, occ.status),
        terlambat=(today - occ.due).days if late else 0,
        riwayat=_trail_rows(trail, inst.timezone),
        bukti=[
            dict(
                url=e.url,
                judul=e.title,
                berlaku=e.effective,
                kedaluwarsa=e.expires,
                tautan=bool(HTTP.match(e.url)),
            )
            for e in evidence
        ],
        bisa_kirim=occ.status in RULES["submit"].sources and actor.role in RULES["submit"].roles,
        bisa_minta=occ.status in RULES["request_extension"].sources
        and actor.role in RULES["request_extension"].roles,
        hari_ini=today,
        satu_hari=dt.timedelta(days=1),
    )


def render_item(
    ctx: Ctx, token: str, claims: Claims, now: dt.datetime, status: int = 200, **extra: Any
) -> Response:
    view = item_view(ctx, claims, now)
    if view is None:
        return ctx.denied()
    context = {"pesan": None, "galat": [], "bagian": "", "isian": {}, **extra}
    return ctx.page("tugas.html.j2", status, token=token, csrf=ctx.mac("csrf", token), **view, **context)


def _link_problem(url: str) -> str | None:
    problem = check_url(url)
    if problem is None and not HTTP.match(url):
        return f"'{url[:200]}' bukan tautan: tulis lengkap dengan http:// atau https://"
    return problem


def submit_request(form: FormData, oid: int) -> tuple[list[str], ActRequest]:
    problems: list[str] = []
    links = [line.strip() for line in text(form, "bukti").split("\n") if line.strip()]
    if not links:
        problems.append("isi minimal satu tautan bukti dukung (http:// atau https://)")
    elif len(links) > MAX_LINKS:
        problems.append(f"paling banyak {MAX_LINKS} tautan bukti sekaligus ({len(links)} diisi)")
    else:
        problems += [p for p in map(_link_problem, links) if p]
    title = bounded(text(form, "judul").strip(), MAX_TITLE, "judul bukti", problems)
    effective = parse_date(text(form, "berlaku"), "tanggal berlaku", problems)
    evidence = tuple(EvidenceInput(url, title or None, effective) for url in links[:MAX_LINKS])
    return problems, ActRequest(oid, "submit", evidence=evidence)


def extension_request(form: FormData, oid: int, event: str = "request_extension") -> tuple[list[str], ActRequest]:
    problems: list[str] = []
    until = parse_date(text(form, "tanggal"), "tanggal tenggat baru", problems)
    if not text(form, "tanggal").strip():
        problems.append("isi tanggal tenggat baru (TTTT-BB-HH)")
    reason = reason_of(form, problems)
    return problems, ActRequest(oid, event, reason=reason, until=until)


def reason_of(form: FormData, problems: list[str]) -> str:
    reason = bounded(text(form, "alasan").strip(), MAX_REASON, "alasan", problems)
    if not reason:
        problems.append("isi alasannya")
    return reason


def _seen(ctx: Ctx, claims: Claims, now: dt.datetime) -> bool:
    """A trail row "seen" (status and due unchanged), in one transaction with the occurrence locked."""
    with db.session(ctx.engine) as s, s.begin():
        bound = bind(s, claims, lock=True)
        if bound is None:
            return False
        _, actor, occ = bound
        row = dict(
            occurrence_id=occ.id,
            at=now,
            actor_id=actor.person_id,
            channel="link",
            event="seen",
            from_status=occ.status,
            to_status=occ.status,
            from_due=occ.due,
            to_due=occ.due,
        )
        store.add_events(s, [row])
    return True


def _person_key(ctx: Ctx, claims: Claims) -> str | None:
    with db.session(ctx.engine) as s:
        bound = bind(s, claims)
    return bound[1].key if bound else None


def handle(ctx: Ctx, token: str, claims: Claims, form: FormData, kind: str, now: dt.datetime) -> Response:
    """Apply one posted form as the token's person; 303 back to the page, or the page again with the errors."""
    if kind == "dilihat":
        if not _seen(ctx, claims, now):
            return ctx.denied()
    else:
        key = _person_key(ctx, claims)
        if key is None:
            return ctx.denied()
        oid = claims.occurrence_id or 0
        problems, req = submit_request(form, oid) if kind == "kirim" else extension_request(form, oid)
        if not problems:
            try:
                act(ctx.engine, [req], key, "link", now)
            except InputError as exc:
                problems = [p.message for p in exc.problems]
        if problems:
            values = {name: text(form, name) for name in ("bukti", "judul", "berlaku", "tanggal", "alasan")}
            return render_item(ctx, token, claims, now, 400, galat=problems, bagian=kind, isian=values)
    return RedirectResponse(f"/t/{token}?ok={kind}", status_code=303)


def my_items(ctx: Ctx, claims: Claims, now: dt.datetime) -> dict[str, Any] | None:
    with db.session(ctx.engine) as s:
        bound = bind_person(s, claims)
    if bound is None:
        return None
    inst, actor, person = bound
    today = local_today(now, inst.timezone)
    # a fresh act link never outlives the list link it came from
    expires = min(now + dt.timedelta(days=ctx.settings.link_days), claims.expires)
    items = [
        dict(
            judul=v.row.title,
            opd=v.row.opd_code,
            periode=v.row.period,
            tenggat=v.row.due,
            status=LABEL_ID.get(v.row.status, v.row.status),
            terlambat=v.late_days,
            tautan="/t/" + sign(ctx.secret, Claims("act", claims.person_id, v.row.id, expires)),
        )
        for v in figures.tasks(ctx.engine, now, actor=actor)
    ]
    return dict(nama=person.name, items=items, hari_ini=today)


def register(app: FastAPI, ctx: Ctx) -> None:
    @app.get("/t/{token}")
    def item_page(token: str, request: Request) -> Response:
        now = ctx.now()
        claims = claims_of(ctx, token, "act", now)
        if claims is None:
            return ctx.denied()
        return render_item(ctx, token, claims, now, pesan=NOTICES.get(request.query_params.get("ok", "")))

    async def post(token: str, request: Request, kind: str) -> Response:
        now = ctx.now()
        form = await read_form(request)
        if form is None:
            return ctx.denied()
        oid = text(form, "tugas").strip()
        claims = claims_of(ctx, token, "act", now, int(oid)) if _is_id(oid) else None
        if claims is None or not same(text(form, "csrf"), ctx.mac("csrf", token)):
            return ctx.denied()
        return await run_in_threadpool(handle, ctx, token, claims, form, kind, now)

    @app.post("/t/{token}/kirim")
    async def submit(token: str, request: Request) -> Response:
        return await post(token, request, "kirim")

    @app.post("/t/{token}/perpanjangan")
    async def request_extension(token: str, request: Request) -> Response:
        return await post(token, request, "perpanjangan")

    @app.post("/t/{token}/dilihat")
    async def seen(token: str, request: Request) -> Response:
        return await post(token, request, "dilihat")

    @app.get("/saya/{token}")
    def my_page(token: str) -> Response:
        now = ctx.now()
        claims = claims_of(ctx, token, "list", now)
        view = my_items(ctx, claims, now) if claims is not None else None
        return ctx.page("saya.html.j2", **view) if view is not None else ctx.denied()

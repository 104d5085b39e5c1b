"""Weekly digests through the reminder outbox: the coordinator gets the whole picture (with the HTML report
attached), each Kepala OPD gets their own agency only. One message per person per ISO week (unique key)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters import formats
from spbe_actions.adapters.render import render
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.figures import CompletionRow, Standing, completion, standing_of
from spbe_actions.app.overview import Overview, snapshot
from spbe_actions.app.overview import build as build_overview
from spbe_actions.app.reminders.messages import Linker, budget_of, fit, item_url
from spbe_actions.app.reminders.sweep import board_url, linker
from spbe_actions.app.report import write_report
from spbe_actions.domain.i18n import lang, t
from spbe_actions.domain.index import IndexResult
from spbe_actions.domain.lifecycle import COORDINATOR, HEAD
from spbe_actions.store import engine as db
from spbe_actions.store.rows import Contact

CHAT_ITEMS = 5  # late items a weekly chat lists at most


def _page_of(oid: int, opd: str | None, link: Linker | None, person: int, board: str | None) -> str | None:
    if opd:  # a Kepala OPD: their signed link to the item
        return link("act", person, oid) if link else None
    return item_url(board, oid) if board else None  # the coordinator: the item's page beside the board


def _late_items(
    ov: Overview, opd: str | None, limit: int, link: Linker | None, person: int, board: str | None = None
) -> list[dict]:
    """The late work with the most points (an OPD's own, or all), each with its page: a Kepala OPD's signed
    link, or the coordinator's item page beside their ``board`` (through their login)."""
    rows = [v for v in ov.late if opd is None or v.row.opd_code == opd][:limit]
    return [
        dict(
            title=v.row.title,
            opd=v.row.opd_code,
            period=v.row.period,
            due=v.row.due,
            days_late=v.late_days,
            points=v.points,
            link=_page_of(v.row.id, opd, link, person, board),
        )
        for v in rows
    ]


def _context(ov: Overview, standing: Standing, person: Contact, opd: str | None, link: Linker | None) -> dict:
    """One weekly message's figures: the run's ``standing`` (the same one every message of the run uses)."""
    rows = [standing.of(r.group) for r in ov.opds if opd is None or r.group == opd]
    mine = standing.of(opd)
    language = lang()
    board = None if opd else board_url()
    return dict(
        person=person.name,
        instansi=ov.instansi,
        opd=opd,
        today=ov.today,
        as_of=standing.as_of,
        kind="weekly",
        index_now=f"{formats.index_value(ov.current.value, language)} {ov.current.predicate}",
        index_projected=f"{formats.index_value(ov.projected.value, language)} {ov.projected.predicate}",
        mine=mine,
        at_risk=mine.points_at_risk,
        late=mine.late,
        still_open=mine.still_open,
        items=_late_items(ov, opd, 10, link, person.id, board),
        league=rows[:10],
        my_page=link("list", person.id, None) if link and opd else None,
        board=board,
        vocab=ov.vocab(),
    )


def _chat(ctx: dict, shown: int) -> str:
    return render("weekly.chat.j2", None, **(ctx | dict(items=ctx["items"][:shown]))).strip()


def queue_weekly(engine: Engine, now: dt.datetime, report: Path | None = None, ov: Overview | None = None) -> int:
    """Queue this week's digests (the coordinator's with ``report`` attached); returns how many are new."""
    ov = ov or build_overview(engine, now)
    standing = standing_of(ov.opds, now, ov.timezone)
    link, redirect = linker(now), get_settings().chat_redirect
    year, week, _ = ov.today.isocalendar()
    new = 0
    with db.write(engine) as session, session.begin():
        codes = store.opd_codes(session, ov.instansi_id)
        for person in store.people(session, ov.instansi_id):
            if person.role not in (COORDINATOR, HEAD):
                continue
            opd = codes.get(person.opd_id) if person.role == HEAD and person.opd_id is not None else None
            ctx = _context(ov, standing, person, opd, link)
            if person.role == HEAD and not ctx["late"] and not ctx["still_open"]:
                continue  # nothing to tell this agency this week
            parts = {p: render(f"weekly.{p}.j2", None, **ctx).strip() for p in ("txt", "html")}
            subject = render("subject.j2", None, **ctx).strip()
            chats = [redirect or u for u in person.channels]
            parts["chat"] = fit(partial(_chat, ctx), min(len(ctx["items"]), CHAT_ITEMS), budget_of(chats, subject))
            attachment = str(report) if report and person.role == COORDINATOR else None
            row = store.outbox_row(
                ov.instansi_id,
                f"weekly:{person.id}:{year}-W{week:02d}",
                person.id,
                "weekly",
                subject,
                parts["txt"],
                parts["html"],
                parts["chat"],
                now,
                attachment,
            )
            new += store.enqueue(session, row, []) is not None
    return new


# --- the weekly run: what the `report` flow publishes ------------------------------------------------------


def league_columns() -> tuple[str, ...]:
    """The league table's column names in the user's language (the artifact's keys)."""
    return tuple(t("wk_columns").split("|"))


URGENT = 5  # late items listed in the summary


@dataclass(frozen=True)
class WeeklyRun:
    """Everything one weekly run publishes, computed once for one ``now``."""

    overview: Overview
    league: list[dict[str, object]]  # the table artifact: one row per OPD, columns league_columns()
    summary: str  # the markdown artifact
    progress: Fraction  # share (0..1) of the evaluation year's work due so far that is not late
    league_title: str
    summary_title: str
    progress_title: str


def year_progress(rows: list[CompletionRow]) -> Fraction:
    """Share (0..1) of the work due so far, less waived work, that is not late.

    From the completion counts: (due so far - waived - late) / (due so far - waived). The numerator is every
    submitted or verified occurrence (on time, late or early) plus work due today that is not late yet;
    1 when nothing is due.
    """
    due = sum(r.due_so_far - r.waived for r in rows)
    return Fraction(due - sum(r.late for r in rows), due) if due > 0 else Fraction(1)


def league_rows(rows: list[CompletionRow]) -> list[dict[str, object]]:
    """One row per OPD, most index points at risk first; figures in the reader's number format (0,015; 33%)."""
    return [
        dict(
            zip(
                league_columns(),
                (
                    r.group,
                    r.due_so_far,
                    r.on_time,
                    "—" if r.on_time_rate is None else formats.percent(r.on_time_rate),
                    r.late,
                    r.still_open,
                    r.waived,
                    formats.points(r.points_at_risk),
                ),
                strict=True,
            )
        )
        for r in rows
    ]


def _index_text(r: IndexResult) -> str:
    """The published (rounded) index and predikat, and the exact value when rounding changed it."""
    exact = "" if Fraction(r.value) == r.exact else t("wk_exact", value=formats.exact(r.exact, most=6))
    return f"{formats.index_value(r.value)} {r.predicate}{exact}"


def summary_markdown(ov: Overview) -> str:
    """The index now / projected / at risk, the counts, and the most urgent late work (markdown)."""
    rate = ov.on_time_rate
    return render(
        "weekly_summary.md.j2",
        ov=ov,
        current=_index_text(ov.current),
        projected=_index_text(ov.projected),
        target=_index_text(ov.target),
        at_risk=formats.points(ov.at_risk),
        on_time="—" if rate is None else formats.percent(rate),
        urgent=[(v, formats.points(v.points)) for v in ov.late[:URGENT]],
        vocab=ov.vocab(),
    )


def prepare_weekly(engine: Engine, now: dt.datetime, instansi: str | None = None) -> WeeklyRun:
    """Every figure of the week for ``now``, with today's snapshot stored (a rerun the same day replaces it)."""
    ov = build_overview(engine, now, instansi)
    snapshot(engine, ov, now)
    share = year_progress(completion(engine, now, "opd", ov.today.year, instansi=ov.code))
    day = formats.date(ov.today)
    return WeeklyRun(
        ov,
        league_rows(ov.opds),
        summary_markdown(ov),
        share,
        t("wk_league_title", instansi=ov.instansi, day=day),
        t("wk_summary_title", program=ov.vocab().program, instansi=ov.instansi, day=day),
        t("wk_progress", year=ov.today.year, share=formats.percent(share)),
    )


def publish_weekly(engine: Engine, now: dt.datetime, run: WeeklyRun, report_dir: Path) -> int:
    """Write the HTML/XLSX report into ``report_dir`` and queue this week's digests (the coordinator's with the
    report attached); returns how many digests are new."""
    paths = write_report(engine, now, report_dir, instansi=run.overview.code)
    html = next((p for p in paths if p.suffix == ".html"), None)
    return queue_weekly(engine, now, html, run.overview)

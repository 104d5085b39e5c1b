"""What a reminder says: one digest (focal point), escalation (Kepala OPD) or summary (coordinator) rendered as
subject, plain text, HTML and chat, with the run's figures (``Standing``), short links and a chat text that fits
the person's channels (the items with the most points at stake, "dan 12 tugas lain" and the link to the rest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spbe_actions.adapters import notify
from spbe_actions.adapters.render import environment
from spbe_actions.app.figures import Standing
from spbe_actions.domain.framework import Words
from spbe_actions.domain.lifecycle import COORDINATOR, RETURNED
from spbe_actions.domain.reminder_policy import Decision, Digest

Linker = Callable[[str, int, int | None], str]  # (purpose, person id, occurrence id) -> URL
RENEWAL_PREFIX = "Perbarui bukti: "  # how domain/reminder_policy.evidence_decisions titles an expiring evidence


@dataclass
class Rendered:
    digest: Digest
    subject: str
    text: str
    html: str
    chat: str
    instansi: str = ""  # the code of the instansi it comes from
    now_local: dt.datetime | None = None  # the time it was decided, on that instansi's clock


@dataclass
class Extras:
    """What one instansi's messages of a run share: the run's figures, the reasons of returned work, the
    coordinator's board (through its login) and each person's chat URLs (their size limits shape the chat text)."""

    standing: Standing | None = None
    reasons: Mapping[int, str] = field(default_factory=dict)
    board: str | None = None
    chats: Mapping[int, list[str]] = field(default_factory=dict)


def budget_of(urls: list[str], subject: str) -> int | None:
    """The smallest body a person's chat channels take (None: email only, it keeps everything)."""
    budgets = [b for b in (notify.chat_budget(u, subject) for u in urls) if b is not None]
    return min(budgets) if budgets else None


def item_url(board: str, occurrence_id: int) -> str:
    """The coordinator's page of one item, beside their board (``board``: the board's absolute URL); the page
    asks for the coordinator's login first and brings them back to the item."""
    return f"{board.rstrip('/')}/tugas/{occurrence_id}"


def _item_link(d: Decision, link: Linker | None, board: str | None = None) -> str | None:
    """Focal points and heads open their own OPD's items through a signed link; coordinators open the item's
    page beside their board (through their login)."""
    if not d.item.occurrence_id:
        return None  # an evidence renewal: no occurrence to open
    if d.person.role == COORDINATOR:
        return item_url(board, d.item.occurrence_id) if board else None
    return link("act", d.person.id, d.item.occurrence_id) if link else None


def item_context(
    x: Decision, today: dt.date, link: Linker | None, reasons: Mapping[int, str], board: str | None = None
) -> dict[str, Any]:
    """One line of a message; figures stay values (the templates format them, adapters/formats)."""
    it = x.item
    renewal = it.domain == "evidence"
    register = renewal and it.opd_code == "register"
    return dict(
        title=it.title.removeprefix(RENEWAL_PREFIX) if renewal else it.title,
        opd=None if register else it.opd_code,
        period=None if renewal else it.period,
        action=it.period if renewal and not register else None,  # a renewal's subject: the action's title
        renewal=renewal,
        register=register,
        due=it.due,
        days_late=x.days_late,
        days_left=max((it.due - today).days, 0),
        indicators=it.indicators,
        points=it.points,
        link=_item_link(x, link, board),
        step=x.step,
        returned=it.status == RETURNED,
        reason=reasons.get(it.occurrence_id) if it.status == RETURNED else None,
    )


def _standing_rows(d: Digest, standing: Standing | None) -> tuple[Any, list[Any]]:
    """The person's own figure line (their OPD's, or the whole instansi's for a coordinator) and, for the
    coordinator, one line per OPD named in the message."""
    if standing is None:
        return None, []
    if d.person.role == COORDINATOR:
        opds = sorted({x.item.opd_code for x in d.items if x.item.domain != "evidence"})
        return standing.of(None), [standing.of(code) for code in opds]
    codes = [x.item.opd_code for x in d.items if x.item.opd_code != "register"]
    return (standing.of(codes[0]) if codes else None), []


def render_digest(
    d: Digest,
    instansi: str,
    today: dt.date,
    vocab: Words,
    language: str | None = None,
    link: Linker | None = None,
    extras: Extras | None = None,
) -> Rendered:
    """Subject, plain text, HTML and a chat text for one digest, in ``language``, with the framework's words
    (``vocab``: "[Pemdi]", "Koordinator Pemdi"). The chat text fits the person's budget (``extras.budgets``):
    the items with the most points at stake first, then "dan N tugas lain" and the link to the person's list."""
    extras = extras or Extras()
    items = [item_context(x, today, link, extras.reasons, extras.board) for x in d.items]
    mine, opd_rows = _standing_rows(d, extras.standing)
    coordinator = d.person.role == COORDINATOR
    ctx: dict[str, Any] = dict(
        person=d.person.name,
        instansi=instansi,
        opd=next((x["opd"] for x in items if x["opd"]), ""),
        items=items,
        total=len(items),
        hidden=0,
        late_here=sum(1 for x in items if x["days_late"]),
        today=today,
        as_of=extras.standing.as_of if extras.standing else None,
        mine=mine,
        opd_rows=opd_rows,
        listed_points=sum((x.item.points for x in d.items), 0),
        kind=d.kind,
        my_page=link("list", d.person.id, None) if link and not coordinator else None,
        board=extras.board if coordinator else None,
        vocab=vocab,
    )
    env = environment(language)  # once per digest: resolving it reads the settings
    part = lambda name, **over: env.get_template(f"{d.kind}.{name}.j2").render(**(ctx | over)).strip()  # noqa: E731
    subject = env.get_template("subject.j2").render(**ctx).strip()
    budget = budget_of(extras.chats.get(d.person.id, []), subject)
    chat = fit(lambda k: part("chat", items=items[:k], hidden=len(items) - k), len(items), budget)
    return Rendered(d, subject, part("txt"), part("html"), chat)


def fit(render_with: Callable[[int], str], n: int, budget: int | None) -> str:
    """The text with the most of its ``n`` items (already ranked) that fits ``budget`` characters; whole items
    only. If not even the header fits, its whole lines that do (a chat channel never gets a cut line)."""
    full = render_with(n)
    if budget is None or len(full) <= budget:
        return full
    lo, hi = 0, n - 1  # the largest k in [0, n) whose text fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(render_with(mid)) <= budget:
            lo = mid
        else:
            hi = mid - 1
    text = render_with(lo)
    if len(text) <= budget:
        return text
    lines, out = text.splitlines(), ""
    for line in lines:
        if len(out) + len(line) + 1 > budget:
            break
        out += line + "\n"
    return out.rstrip()

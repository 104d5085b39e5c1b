"""Rich renderings for the terminal (no Prefect, no database): the index table, the coordinator's status, task
lists, completion figures, a task's history and expiring evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from spbe_actions.domain.evidence import ExpiringEvidence
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import label, t
from spbe_actions.domain.index import IndexResult, Number, exact_str

if TYPE_CHECKING:  # the use cases' types only: `spbe index` must not pay for importing the database layers
    from spbe_actions.app.checklist import ChecklistView
    from spbe_actions.app.figures import CompletionRow, TaskView
    from spbe_actions.app.overview import Overview
    from spbe_actions.app.status import FailedMessages, StatusFigures
    from spbe_actions.app.tracking import History


# Figures in the reader's number format (Babel, imported on first use: ``spbe --help`` never pays for it).
def _index(value: Number) -> str:
    from spbe_actions.adapters.formats import index_value

    return index_value(value)


def _points(value: Number) -> str:
    from spbe_actions.adapters.formats import points

    return points(value)


def _percent(share: Number) -> str:
    from spbe_actions.adapters.formats import percent

    return percent(share)


def _exact(value: Number) -> str:
    from spbe_actions.adapters.formats import exact

    return exact(value)


def index_table(fw: Framework, result: IndexResult, title: str | None = None) -> Table:
    """Domains and aspects with weight and index, closing with the overall index (by the framework's own name)
    and its predikat (``index_notes`` says what goes with it)."""
    table = CliTable(title or fw.name, framed=True)
    text_column(table, t("col_group"))
    fixed_column(table, t("col_weight"), right=True)
    fixed_column(table, t("col_index"), right=True)
    for g in result.groups:
        indent = "  " if g.kind != "domain" and any(x.kind == "domain" for x in result.groups) else ""
        label = f"{indent}{g.id} {g.name}"
        table.add_row(f"[bold]{label}[/]" if g.kind == "domain" else label, f"{g.weight}", str(g.value))
    table.add_section()
    table.add_row(
        f"[bold]{fw.vocab().index_name}[/]", "100", f"[bold]{result.value}[/] ({exact_str(result.exact)})"
    )
    table.add_row(t("col_predicate"), "", f"[bold]{result.predicate}[/]")
    return table


def index_notes(fw: Framework) -> list[str]:
    """What is printed under the index table: the level names per scale, the external indicators and, for a
    provisional framework, its note (Rich markup)."""
    lines = [
        t("idx_levels", names=names) if scale is None else t(f"idx_levels_{scale}", names=names)
        for scale, names in fw.level_legend()
    ]
    if fw.external:
        items = ", ".join(f"{i} ({e.source})" for i, e in fw.external.items())
        lines.append(t("idx_external", items=items))
    note = fw.provisional_note()
    return lines + ([f"[bold yellow]{escape(note)}[/]"] if note else [])


def index_json(fw: Framework, result: IndexResult) -> dict[str, object]:
    """``spbe index --json``: the stable shape of ``IndexResult.to_json`` plus the framework's own words."""
    extra: dict[str, object] = {
        "index_name": fw.vocab().index_name,
        "provisional": fw.provisional,
        "external": list(fw.external),
    }
    if fw.provisional:
        extra["provisional_note"] = fw.provisional_note()
    return {**result.to_json(), **extra}


def _bar(value: Decimal, width: int = 20) -> str:
    filled = round(float(value) / 5 * width)  # display only: the figures themselves are exact
    return "█" * filled + "░" * (width - filled)


def status_view(s: Overview | StatusFigures) -> Group:
    words, fw = s.vocab(), s.fw()
    head = Table.grid(padding=(0, 2))
    head.add_column(no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row(
        t("st_index_now", index=words.index_short, year=s.current_year),
        f"[bold]{_index(s.current.value)}[/] {s.current.predicate} ({_exact(s.current.exact)})",
    )
    head.add_row(t("st_projected"), f"[bold]{_index(s.projected.value)}[/] {s.projected.predicate}")
    head.add_row(t("st_at_risk"), f"[bold red]{_points(s.at_risk)}[/]")
    head.add_row(t("st_tasks"), t("st_tasks_line", open=s.still_open, late=s.late_count, waived=s.waived))
    head.add_row(t("st_expiring"), str(len(s.expiring)))
    if s.items:
        still = sum(len(x.open) for x in s.items.values())
        head.add_row(t("st_items"), t("st_items_line", n=still, points=_points(s.items_open)))
    if fw.external:
        awaited = ", ".join(s.awaited) if s.awaited else "—"
        head.add_row(
            t("ex_awaited").capitalize(),
            t("st_awaited_line", n=len(s.awaited), total=len(fw.external), which=awaited),
        )
    last = s.history[-1] if s.history else None
    if last is not None and last.framework != fw.id:
        before = _index_short_of(last.framework)
        head.add_row(t("st_old_instrument"), f"{last.year}: {before} {_index(last.value)}")
    note = fw.provisional_note()
    if note:
        head.add_row(f"[yellow]{t('st_provisional')}[/]", f"[yellow]{escape(note)}[/]")
    domains = table_of(t("tt_domains"))
    text_column(domains, t("h_domain"))
    fixed_column(domains, t("h_now"), right=True)
    fixed_column(domains, "")
    fixed_column(domains, t("h_projected"), right=True)
    projected = {g.id: g for g in s.projected.groups}
    for g in s.current.groups:
        if g.kind == "domain" or not any(x.kind == "domain" for x in s.current.groups):
            domains.add_row(
                escape(f"{g.id} {g.name}"), _index(g.value), _bar(g.value), _index(projected[g.id].value)
            )
    out: list[Table | Panel] = []
    title = t("tt_status", program=words.program, instansi=s.instansi, date=s.today.isoformat())
    out.append(Panel(head, title=escape(title), title_align="left"))
    out.append(domains)
    if s.opds:
        worst = table_of(t("tt_worst"))
        fixed_column(worst, t("h_opd"))
        for key in ("h_late", "h_still_open", "h_on_time_pct", "h_points_at_risk"):
            fixed_column(worst, t(key), right=True)
        for r in s.opds[:5]:
            rate = "—" if r.on_time_rate is None else _percent(r.on_time_rate)
            worst.add_row(r.group, str(r.late), str(r.still_open), rate, _points(r.points_at_risk))
        out.append(worst)
    return Group(*out)


def failed_messages_line(failed: FailedMessages) -> str:
    """``spbe status``: how many messages wait for a retry or were given up, and the newest error in words."""
    error = failed.last_error or "—"
    return t("c2_failed_messages", waiting=failed.waiting, dead=failed.dead, person=failed.person_key, error=error)


def _index_short_of(framework_id: str) -> str:
    """The index name of another framework (a history year under the previous instrument)."""
    from spbe_actions.adapters import config

    return config.framework(framework_id).vocab().index_short


class CliTable(Table):
    """A CLI table that fits 100 columns: words wrap, while an ID, a code, a date or a figure keeps its width
    (Rich never collapses a column of fixed width; its head wraps at spaces instead: "Poin / berisiko")."""

    def __init__(self, title: str, framed: bool = False) -> None:
        if framed:
            super().__init__(title=title, title_justify="left")
        else:  # a rule under the heads, no outer frame, two spaces between columns: more room for the words
            super().__init__(
                title=title,
                title_justify="left",
                box=box.SIMPLE_HEAVY,
                show_edge=False,
                pad_edge=False,
                padding=(0, 1, 0, 0),
            )
        self.fixed: list[int] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for i in self.fixed:
            col = self.columns[i]
            cells = [Text.from_markup(c).cell_len if isinstance(c, str) else 1 for c in col._cells]
            words = [len(w) for w in str(col.header).split()]
            col.width = max([*cells, *words, 1])
        yield from super().__rich_console__(console, options)


def table_of(title: str) -> CliTable:
    return CliTable(title)


def fixed_column(table: CliTable, header: str, right: bool = False) -> None:
    """An ID, a code, a date or a figure: as wide as its widest value, never cut (the head may wrap)."""
    table.add_column(header, justify="right" if right else "left")
    table.fixed.append(len(table.columns) - 1)


def text_column(table: Table, header: str, ratio: int | None = None, max_width: int | None = None) -> None:
    """Words (a title, a name, a reason): wrapped at spaces, a long word (a URL) folded, never cut."""
    table.add_column(header, overflow="fold", ratio=ratio, max_width=max_width)


def tasks_title(n: int, late: bool = False, due_within: int | None = None, scope: str = "") -> str:
    """What a task list shows: late work, work due within N days, or the open work (and for which OPD)."""
    if late:
        title = t("tt_tasks_late", n=n)
    elif due_within is not None:
        title = t("tt_tasks_due", days=due_within, n=n)
    else:
        title = t("tt_tasks_open", n=n)
    return f"{title} — {scope}" if scope else title


def tasks_table(views: list[TaskView], title: str) -> Table:
    """One row per task; the title wraps, the ID, dates and figures are never cut (fits 100 columns)."""
    table = table_of(title)
    fixed_column(table, t("h_id"), right=True)
    fixed_column(table, t("h_opd"))
    text_column(table, t("h_action"), ratio=3)
    fixed_column(table, t("h_period"))
    fixed_column(table, t("h_due"))
    text_column(table, t("h_status"), ratio=1, max_width=12)  # "minta / perpanjangan": room for the title
    fixed_column(table, t("h_late"), right=True)
    fixed_column(table, t("h_points"), right=True)
    for v in views:
        r = v.row
        late = f"[red]{t('c_days_late', n=v.late_days)}[/]" if v.late_days else ""
        table.add_row(
            str(r.id),
            r.opd_code,
            escape(r.title),
            r.period,
            r.due.isoformat(),
            label("status", r.status),
            late,
            _points(v.points),
        )
    return table


def completion_table(rows: list[CompletionRow], by: str, names: dict[str, str] | None = None) -> Table:
    """On-time figures per OPD or per management domain (shown by its name in ``names``, never its key)."""
    title = t("tt_completion_opd") if by == "opd" else t("tt_completion_domain")
    table = table_of(title)
    if by == "opd":
        fixed_column(table, t("h_opd"))
    else:
        text_column(table, t("h_mgmt_domain"))
    for key in ("h_due_so_far", "h_on_time", "h_on_time_pct", "h_late", "h_still_open", "h_waived"):
        fixed_column(table, t(key), right=True)
    fixed_column(table, t("h_points_at_risk"), right=True)
    for r in rows:
        rate = r.on_time_rate
        table.add_row(
            r.group if by == "opd" else escape((names or {}).get(r.group, r.group)),
            str(r.due_so_far),
            str(r.on_time),
            "—" if rate is None else _percent(rate),
            f"[red]{r.late}[/]" if r.late else "0",
            str(r.still_open),
            str(r.waived),
            _points(r.points_at_risk),
        )
    return table


def history_tables(h: History) -> list[CliTable]:
    """The occurrence's trail and, when there is any, its evidence (no empty table)."""
    occ = h.occurrence
    title = t("tt_history", id=occ.id, title=occ.title, opd=occ.opd_code, period=occ.period, due=occ.due)
    head = table_of(escape(title))
    fixed_column(head, t("h_time"))
    text_column(head, t("h_by"))
    text_column(head, t("h_channel"))
    text_column(head, t("h_event"))
    text_column(head, t("h_status"))
    fixed_column(head, t("h_due"))
    text_column(head, t("h_note"), ratio=2)
    for line in h.lines:
        head.add_row(
            *(escape(x) for x in (line.at, line.who, line.channel, line.event, line.status, line.due, line.note))
        )
    tables = [head] if h.lines else []
    if not h.evidence:
        return tables
    ev = table_of(t("tt_evidence"))
    text_column(ev, t("h_link"), ratio=2)
    text_column(ev, t("h_title"), ratio=1)
    fixed_column(ev, t("h_effective"))
    fixed_column(ev, t("h_expires"))
    for e in h.evidence:
        ev.add_row(
            escape(e.url), escape(e.title), e.effective.isoformat(), e.expires.isoformat() if e.expires else "—"
        )
    return [*tables, ev]


def expiring_table(before: dt.date, items: list[ExpiringEvidence]) -> Table:
    """Evidence that goes stale before the next evaluation: work to renew it."""
    table = table_of(t("tt_expiring", date=before.isoformat(), n=len(items)))
    fixed_column(table, t("h_opd"))
    text_column(table, t("h_for"))
    text_column(table, t("h_evidence"), ratio=2)
    fixed_column(table, t("h_expires"))
    for i in items:
        table.add_row(i.opd or t("c_register"), escape(i.subject), escape(i.title), i.expires.isoformat())
    return table


def checklist_tables(v: ChecklistView, only_open: bool = False) -> list[CliTable]:
    """Per item-scored indicator its level now and reachable, every item (or the open ones) with the index
    points it holds back, and the external indicators with their value or 'menunggu nilai eksternal'.
    A section with nothing to show is left out."""
    from spbe_actions.adapters import formats  # Babel: only when printing these tables

    fw, out = v.framework, []
    if v.summary:
        head = table_of(t("tt_items_summary", points=_points(v.open_points)))
        text_column(head, t("h_indicator"), ratio=2)
        text_column(head, t("h_level_now"), ratio=1)
        text_column(head, t("h_level_all"), ratio=1)
        fixed_column(head, t("h_items_open"), right=True)
        for ind, s in v.summary.items():
            now, top = (
                f"{s.achieved} {fw.level_name(ind, s.achieved)}",
                f"{s.ceiling} {fw.level_name(ind, s.ceiling)}",
            )
            head.add_row(escape(formats.indicator(fw, ind)), now, top, str(len(s.open)))
        items = table_of(t("tt_items_open") if only_open else t("tt_items"))
        fixed_column(items, t("h_id"))
        fixed_column(items, t("h_ind_short"))
        fixed_column(items, t("h_level"), right=True)
        text_column(items, t("h_item"), ratio=3)
        fixed_column(items, t("h_opd"))
        text_column(items, t("h_status"), ratio=1)
        fixed_column(items, t("h_points"), right=True)
        text_column(items, t("h_action"), ratio=1)
        for line in v.lines:
            r = line.row
            if only_open and r.state == "diterima":
                continue
            state = label("item_state", r.state)
            items.add_row(
                r.key,
                r.indicator,
                str(r.level),
                escape(r.title),
                r.owner or "—",
                f"[red]{state}[/]" if r.state == "revisi" else state,
                _points(line.points),
                ", ".join(line.actions) or "—",
            )
        out.append(head)
        if items.row_count:
            out.append(items)
    if fw.external:
        ext = table_of(t("tt_external", year=v.year))
        text_column(ext, t("h_indicator"), ratio=2)
        text_column(ext, t("h_source"), ratio=2)
        text_column(ext, t("h_value"), ratio=1)
        fixed_column(ext, t("h_result_date"))
        text_column(ext, t("h_entered_by"), ratio=1)
        for ind, source in fw.external.items():
            got = v.external.get(ind)
            value = got.value if got else f"[yellow]{t('ex_awaited')}[/]"
            ext.add_row(
                escape(formats.indicator(fw, ind)),
                escape(f"{source.source}: {source.measure}" + (f" ({got.source})" if got else "")),
                str(value),
                got.measured_on.isoformat() if got else "—",
                got.entered_by if got else "—",
            )
        out.append(ext)
    return out

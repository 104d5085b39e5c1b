"""report: the weekly coordinator report — figures and today's snapshot, then three keyed artifacts.

Keyed artifacts keep every version, so the Prefect UI shows their history week by week:
``spbe-liga-opd`` (table), ``spbe-ringkasan`` (markdown) and ``spbe-tahun-evaluasi`` (progress).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_progress_artifact, create_table_artifact
from spbe_flows.remind import _smtp_password

from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import CompletionRow, completion
from spbe_actions.app.overview import Overview, build, snapshot
from spbe_actions.app.reminders import dispatch, smtp_from_settings
from spbe_actions.app.report import write_report
from spbe_actions.app.weekly import queue_weekly
from spbe_actions.domain.index import IndexResult, exact_str

LEAGUE_KEY = "spbe-liga-opd"
SUMMARY_KEY = "spbe-ringkasan"
PROGRESS_KEY = "spbe-tahun-evaluasi"
URGENT = 5  # late items listed in the summary


@task(name="figures-and-snapshot", retries=2, retry_delay_seconds=10)
def figures(now: dt.datetime) -> Overview:
    """Every figure for ``now``, and today's snapshot stored (one row per day: a rerun replaces it)."""
    engine = open_engine()
    try:
        ov = build(engine, now)
        snapshot(engine, ov, now)
        return ov
    finally:
        engine.dispose()


@task(name="report-and-weekly-digests", retries=1, retry_delay_seconds=30)
def report_and_digests(now: dt.datetime, ov: Overview) -> dict[str, int]:
    """Write the HTML/XLSX report, queue this week's digests (the coordinator's with the report), send them."""
    engine = open_engine()
    try:
        paths = write_report(engine, now, get_settings().report_dir)
        html = next((p for p in paths if p.suffix == ".html"), None)
        queued = queue_weekly(engine, now, html, ov)
        sent = dispatch(engine, now, smtp=smtp_from_settings(_smtp_password()))
        return {"digests": queued, "sent": sent.sent, "failed": sent.failed}
    finally:
        engine.dispose()


@flow(name="report", log_prints=True)
def report(now: dt.datetime | None = None) -> dict[str, int]:
    """Build the figures, store today's snapshot, publish the OPD league, the summary and the year's progress."""
    ov = figures(now or dt.datetime.now(dt.UTC))
    day = ov.today.isoformat()
    create_table_artifact(table=league(ov.opds), key=LEAGUE_KEY, description=f"Liga OPD {ov.instansi} — {day}")
    create_markdown_artifact(summary(ov), key=SUMMARY_KEY, description=f"Ringkasan SPBE {ov.instansi} — {day}")
    share = year_progress(this_year(now or dt.datetime.now(dt.UTC), ov))
    create_progress_artifact(
        float(share * 100),
        key=PROGRESS_KEY,
        description=f"Tahun evaluasi {ov.today.year}: {exact_str(share * 100, 0, 2)}% pekerjaan jatuh tempo "
        "tidak terlambat (dikirim/diverifikasi, atau jatuh tempo hari ini)",
    )
    digests = report_and_digests(now or dt.datetime.now(dt.UTC), ov)
    counts = ov.counts
    return {
        **digests,
        "opds": len(ov.opds),
        "late": counts["terlambat"],
        "still_open": counts["belum selesai"],
        "waived": counts["dibebaskan"],
    }


@task(name="year-figures")
def this_year(now: dt.datetime, ov: Overview) -> list[CompletionRow]:
    """Completion of the work due in the evaluation year (the calendar year of ``ov.today``)."""
    engine = open_engine()
    try:
        return completion(engine, now, "opd", ov.today.year)
    finally:
        engine.dispose()


def year_progress(rows: list[CompletionRow]) -> Fraction:
    """Share (0..1) of the work due so far, less waived work, that is not late.

    From the completion counts: (due so far - waived - late) / (due so far - waived). The numerator is every
    submitted or verified occurrence (on time, late or early) plus work due today that is not late yet;
    1 when nothing is due. The counts cover all tracked work (they do not split by calendar year).
    """
    due = sum(r.due_so_far - r.waived for r in rows)
    return Fraction(due - sum(r.late for r in rows), due) if due > 0 else Fraction(1)


def league(rows: list[CompletionRow]) -> list[dict]:
    """One row per OPD, most index points at risk first; decimals as exact strings."""
    return [
        {
            "OPD": r.group,
            "jatuh tempo": r.due_so_far,
            "tepat waktu": r.on_time,
            "% tepat waktu": "—" if r.on_time_rate is None else exact_str(r.on_time_rate * 100, 2, 4),
            "terlambat": r.late,
            "belum selesai": r.still_open,
            "dibebaskan": r.waived,
            "poin berisiko": exact_str(r.points_at_risk, 2, 6),
        }
        for r in rows
    ]


def _index(r: IndexResult) -> str:
    """The published (rounded) index and predikat, and the exact value when rounding changed it."""
    exact = "" if Fraction(r.value) == r.exact else f" (tepat {exact_str(r.exact, 2, 6)})"
    return f"{r.value} {r.predicate}{exact}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(ov: Overview) -> str:
    """Markdown: the index now / projected / at risk, the counts, and the most urgent late work."""
    rate = ov.on_time_rate
    lines = [
        f"# Ringkasan SPBE {ov.instansi} — {ov.today.isoformat()}",
        "",
        "| Angka | Nilai |",
        "|---|---|",
        f"| Indeks sekarang ({ov.current_year}) | {_index(ov.current)} |",
        f"| Proyeksi (semua aksi tepat waktu) | {_index(ov.projected)} |",
        f"| Target ({ov.target_year}) | {_index(ov.target)} |",
        f"| Poin indeks berisiko (tugas terlambat) | {exact_str(ov.at_risk, 2, 6)} |",
        *(f"| Tugas {k} | {v} |" for k, v in ov.counts.items()),
        f"| Tepat waktu | {'—' if rate is None else exact_str(rate * 100, 2, 4) + '%'} |",
        f"| Evaluasi berikutnya | {ov.next_evaluation.isoformat()} |",
        f"| Bukti kedaluwarsa sebelum evaluasi | {len(ov.expiring)} |",
        "",
        f"## {min(URGENT, len(ov.late))} tugas terlambat paling mendesak (poin terbanyak dulu)",
        "",
    ]
    if not ov.late:
        return "\n".join([*lines, "Tidak ada tugas terlambat."]) + "\n"
    lines += ["| Tugas | Periode | OPD | Jatuh tempo | Hari terlambat | Poin |", "|---|---|---|---|---|---|"]
    lines += [
        f"| {_cell(v.row.title)} | {v.row.period} | {v.row.opd_code} | {v.row.due.isoformat()} | "
        f"{v.late_days} | {exact_str(v.points, 2, 6)} |"
        for v in ov.late[:URGENT]
    ]
    return "\n".join(lines) + "\n"

"""The ``spbe`` command line. Commands that must start fast (index, validate, status) never import Prefect."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from spbe_actions.domain.errors import InputError
from spbe_actions.domain.i18n import t

app = typer.Typer(add_completion=False, no_args_is_help=True, help="spbe-actions: tindak lanjut indeks SPBE.")
# Interactive terminals keep their width; pipes and logs get room for the wide tables (Rich assumes 80).
out = Console(width=None if sys.stdout.isatty() else 140)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


class Basis(StrEnum):
    exact = "exact"
    rounded = "rounded"


def fail(exc: InputError) -> NoReturn:
    """Print every problem (one per line) on stderr and exit 2: a user mistake, never a traceback."""
    for problem in exc.problems:
        err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if len(exc.problems) > 1:
        err.print(t("cli_problems", n=len(exc.problems)), highlight=False)
    raise typer.Exit(2)


@app.command("index")
def index_cmd(
    levels: Path = typer.Option(..., "--levels", help="CSV/XLSX dengan kolom indicator,level"),
    framework: str = typer.Option("permenpanrb-59-2020", "--framework", help="id kerangka atau path YAML"),
    predicate_basis: Basis | None = typer.Option(None, "--predicate-basis", help="dasar predikat"),
    as_json: bool = typer.Option(False, "--json", help="cetak satu objek JSON"),
) -> None:
    """Hitung indeks SPBE dari tingkat tiap indikator."""
    from spbe_actions.cli.views import index_table
    from spbe_actions.domain.framework import load_framework
    from spbe_actions.domain.index import compute
    from spbe_actions.domain.levels_file import read_levels

    try:
        fw = load_framework(framework)
        result = compute(fw, read_levels(levels, fw), predicate_basis.value if predicate_basis else None)
    except InputError as exc:
        fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        out.print(index_table(fw, result))


@app.command("validate")
def validate_cmd(plan: Path = typer.Argument(..., help="berkas rencana instansi (YAML)")) -> None:
    """Periksa berkas rencana: semua masalah sekaligus, dengan baris dan jalur kolom."""
    from spbe_actions.domain.plan import load_plan

    try:
        p, _ = load_plan(plan)
    except InputError as exc:
        fail(exc)
    out.print(
        t("cli_plan_ok", name=p.instansi.name, opds=len(p.opds), actions=len(p.actions), people=len(p.people())),
        highlight=False,
    )


@app.command("init")
def init_cmd(
    plan: Path | None = typer.Option(None, "--plan", help="berkas rencana (bawaan: SPBE_PLAN atau contoh)"),
) -> None:
    """Buat/migrasikan basis data dan muat rencana (semua atau tidak sama sekali; aman diulang)."""
    from spbe_actions.app.common import init_database

    try:
        result = init_database(plan, now=_now())
    except InputError as exc:
        fail(exc)
    out.print(
        t(
            "cli_init_done",
            url=result.url,
            opds=result.counts.opds,
            people=result.counts.people,
            actions=result.counts.actions,
            name=result.name,
        ),
        highlight=False,
    )


@app.command("demo")
def demo_cmd(out_dir: Path = typer.Option(Path("demo-output"), "--out", help="folder keluaran demo")) -> None:
    """Jalankan seluruh alur pada contoh Kota Mojokerto dengan SQLite bawaan."""
    from spbe_actions.demo.run import run

    try:
        run(out_dir, console=out, now=_now())
    except InputError as exc:
        fail(exc)


def main() -> None:  # pragma: no cover - console entry point
    app()


def _now() -> dt.datetime:
    """The clock; ``SPBE_NOW`` (ISO 8601 with offset) pins it for demos and tests."""
    import os

    pinned = os.environ.get("SPBE_NOW")
    if pinned:
        try:
            value = dt.datetime.fromisoformat(pinned)
        except ValueError:
            value = None
        if value is None or value.tzinfo is None:
            err.print(
                f"SPBE_NOW '{pinned}' tidak sah: tulis waktu ISO 8601 dengan zona, mis. 2025-01-06T08:00+07:00"
            )
            raise typer.Exit(2)
        return value
    return dt.datetime.now(dt.UTC)


@app.command("schedule")
def schedule_cmd(
    domain: str | None = typer.Option(None, "--domain", help="satu domain manajemen (bawaan: semua)"),
    until: dt.datetime | None = typer.Option(None, "--until", formats=["%Y-%m-%d"], help="tenggat terakhir"),
    dry_run: bool = typer.Option(False, "--dry-run", help="tampilkan perubahan tanpa menyimpan (tanpa Prefect)"),
) -> None:
    """Bentuk kejadian tugas berulang per domain manajemen (sekali jalan, mode ephemeral Prefect)."""
    from spbe_actions.cli.schedule_views import run_schedule

    try:
        run_schedule(out, domain, until.date() if until else None, dry_run, _now())
    except InputError as exc:
        fail(exc)


@app.command("calendar")
def calendar_cmd(year: int = typer.Option(..., "--year", min=2000, max=2100, help="tahun kalender")) -> None:
    """Kalender hari kerja yang dipakai: libur nasional, cuti bersama, libur daerah, tenggat yang digeser."""
    from spbe_actions.cli.schedule_views import show_calendar

    try:
        show_calendar(out, year)
    except InputError as exc:
        fail(exc)


@app.command("serve")
def serve_cmd() -> None:
    """Layani semua deployment domain dalam satu proses jangka panjang (prefect.serve)."""
    from spbe_actions.adapters import prefect_env

    prefect_env.apply()
    from spbe_flows.deployments import serve_all

    try:
        serve_all()
    except InputError as exc:
        fail(exc)


@app.command("deploy")
def deploy_cmd(pool: str = typer.Option(..., "--pool", help="nama work pool Prefect")) -> None:
    """Daftarkan deployment tiap domain ke work pool, untuk dijalankan `prefect worker start --pool`."""
    import os

    if not os.environ.get("PREFECT_API_URL"):
        err.print("PREFECT_API_URL belum diatur: arahkan ke server Prefect, mis. http://127.0.0.1:4200/api")
        raise typer.Exit(2)
    from spbe_actions.adapters import prefect_env

    prefect_env.apply()
    from spbe_flows.deployments import deploy_to_pool

    try:
        for name in deploy_to_pool(pool):
            out.print(f"terdaftar: {name} → pool {pool}", highlight=False)
    except InputError as exc:
        fail(exc)


AS = typer.Option(..., "--as", envvar="SPBE_AS", help="id orang yang bertindak (dari rencana)")
DATE_FORMATS = ["%Y-%m-%d"]


def _act(
    occurrence_id: int,
    event: str,
    who: str,
    reason: str | None = None,
    until: dt.datetime | None = None,
    evidence: list | None = None,
) -> None:
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.tracking import Request, act

    request = Request(occurrence_id, event, reason, until.date() if until else None, tuple(evidence or ()))
    try:
        change = act(open_engine(), [request], who, "cli", _now()).changes[0]
    except InputError as exc:
        fail(exc)
    due = f", tenggat {change.to_due}" if change.to_due != change.from_due else ""
    out.print(f"#{occurrence_id}: {change.from_status} → {change.to_status}{due}", highlight=False)


@app.command("submit")
def submit_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    evidence: list[str] = typer.Option(..., "--evidence", help="tautan http(s) atau path berkas; boleh berulang"),
    title: str | None = typer.Option(None, "--title", help="judul bukti"),
    effective: dt.datetime | None = typer.Option(
        None, "--effective", formats=DATE_FORMATS, help="tanggal berlaku"
    ),
    who: str = AS,
) -> None:
    """Laporkan tugas selesai dengan bukti dukung."""
    from spbe_actions.app.tracking import EvidenceInput

    items = [EvidenceInput(url, title, effective.date() if effective else None) for url in evidence]
    _act(occurrence_id, "submit", who, evidence=items)


@app.command("verify")
def verify_cmd(occurrence_id: int = typer.Argument(..., metavar="ID"), who: str = AS) -> None:
    """Koordinator: nyatakan kiriman sah."""
    _act(occurrence_id, "verify", who)


@app.command("return")
def return_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    reason: str = typer.Option(..., "--reason", help="apa yang perlu diperbaiki"),
    who: str = AS,
) -> None:
    """Koordinator: kembalikan kiriman untuk diperbaiki."""
    _act(occurrence_id, "return", who, reason=reason)


@app.command("extend")
def extend_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    until: dt.datetime = typer.Option(..., "--until", formats=DATE_FORMATS, help="tenggat baru"),
    reason: str = typer.Option(..., "--reason"),
    who: str = AS,
) -> None:
    """Koordinator: setujui/berikan perpanjangan tenggat."""
    _act(occurrence_id, "extend", who, reason=reason, until=until)


@app.command("request-extension")
def request_extension_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    until: dt.datetime = typer.Option(..., "--until", formats=DATE_FORMATS),
    reason: str = typer.Option(..., "--reason"),
    who: str = AS,
) -> None:
    """OPD: minta perpanjangan tenggat."""
    _act(occurrence_id, "request_extension", who, reason=reason, until=until)


@app.command("waive")
def waive_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    reason: str = typer.Option(..., "--reason"),
    who: str = AS,
) -> None:
    """Koordinator: bebaskan tugas (dengan alasan)."""
    _act(occurrence_id, "waive", who, reason=reason)


def _actor(engine, who: str | None):  # type: ignore[no-untyped-def]
    from spbe_actions.app.common import require_instansi
    from spbe_actions.app.tracking import resolve_actor
    from spbe_actions.store import engine as db

    if not who:
        return None
    with db.session(engine) as session:
        return resolve_actor(session, require_instansi(session).id, who)[0]


@app.command("history")
def history_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    who: str | None = typer.Option(None, "--as", envvar="SPBE_AS"),
) -> None:
    """Riwayat lengkap satu tugas: setiap perubahan status, tenggat dan bukti."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.cli.tracking_views import history_tables

    try:
        engine = open_engine()
        for table in history_tables(engine, occurrence_id, _actor(engine, who)):
            out.print(table)
    except InputError as exc:
        fail(exc)


def _days(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().lower().removesuffix("d").removesuffix("h")
    if not text.isdigit():
        err.print(f"--due-within '{value}' tidak sah: tulis jumlah hari, mis. 14d")
        raise typer.Exit(2)
    return int(text)


@app.command("tasks")
def tasks_cmd(
    opd: str | None = typer.Option(None, "--opd", help="kode OPD"),
    domain: str | None = typer.Option(None, "--domain", help="domain manajemen"),
    late: bool = typer.Option(False, "--late", help="hanya yang terlambat"),
    due_within: str | None = typer.Option(None, "--due-within", help="jatuh tempo dalam N hari, mis. 14d"),
    who: str | None = typer.Option(None, "--as", envvar="SPBE_AS", help="tampilkan sebagai orang ini"),
) -> None:
    """Daftar tugas terbuka, diurutkan menurut poin indeks yang dipertaruhkan."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.figures import tasks
    from spbe_actions.cli.tracking_views import tasks_table

    days = _days(due_within)
    try:
        engine = open_engine()
        views = tasks(engine, _now(), _actor(engine, who), opd, domain, late, days)
    except InputError as exc:
        fail(exc)
    out.print(tasks_table(views, f"Tugas terbuka ({len(views)})"))
    if not late and due_within is None:
        from spbe_actions.app.figures import expiring_evidence
        from spbe_actions.cli.tracking_views import expiring_table

        before, items = expiring_evidence(engine, _now(), _actor(engine, who))
        if items:
            out.print(expiring_table(before, items))


@app.command("completion")
def completion_cmd(by: str = typer.Option("opd", "--by", help="opd atau domain")) -> None:
    """Angka penyelesaian: tepat waktu, terlambat, terbuka, dibebaskan, poin indeks berisiko."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.figures import completion
    from spbe_actions.cli.tracking_views import completion_table

    if by not in ("opd", "domain"):
        err.print("--by harus 'opd' atau 'domain'")
        raise typer.Exit(2)
    try:
        rows = completion(open_engine(), _now(), by)
    except InputError as exc:
        fail(exc)
    out.print(completion_table(rows, by))


@app.command("export")
def export_cmd(
    path: Path = typer.Argument(..., help="berkas .xlsx yang ditulis"),
    opd: str | None = typer.Option(None, "--opd", help="kode OPD (bawaan: semua yang boleh dilihat)"),
    who: str | None = typer.Option(None, "--as", envvar="SPBE_AS", help="ekspor sebagai orang ini"),
) -> None:
    """Tulis tugas terbuka ke Excel untuk diisi OPD (kolom Tindakan, Tautan bukti, ...)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.spreadsheet import export_tasks

    try:
        engine = open_engine()
        n = export_tasks(engine, path, _now(), opd, _actor(engine, who))
    except InputError as exc:
        fail(exc)
    out.print(f"{n} tugas ditulis ke {path}", highlight=False)


@app.command("import")
def import_cmd(path: Path = typer.Argument(..., help="berkas .xlsx yang sudah diisi"), who: str = AS) -> None:
    """Terapkan isian Excel: semua baris diperiksa dulu; satu baris salah = tidak ada yang berubah."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.spreadsheet import import_tasks

    try:
        outcome = import_tasks(open_engine(), path, who, _now())
    except InputError as exc:
        fail(exc)
    out.print(f"{len(outcome.changes)} perubahan diterapkan dari {path}", highlight=False)

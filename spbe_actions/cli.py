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

from .errors import InputError
from .i18n import t

app = typer.Typer(add_completion=False, no_args_is_help=True, help="spbe-actions: tindak lanjut indeks SPBE.")
out = Console()
err = Console(stderr=True)


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
    from .catalogue import load_framework
    from .index import compute
    from .levels_file import read_levels
    from .views import index_table

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
    from .plan import load_plan

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
    from .service import init_database

    try:
        result = init_database(plan, now=dt.datetime.now(dt.UTC))
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
    from .demo import run

    try:
        run(out_dir, console=out, now=dt.datetime.now(dt.UTC))
    except InputError as exc:
        fail(exc)


def main() -> None:  # pragma: no cover - console entry point
    app()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@app.command("schedule")
def schedule_cmd(
    domain: str | None = typer.Option(None, "--domain", help="satu domain manajemen (bawaan: semua)"),
    until: dt.datetime | None = typer.Option(None, "--until", formats=["%Y-%m-%d"], help="tenggat terakhir"),
    dry_run: bool = typer.Option(False, "--dry-run", help="tampilkan perubahan tanpa menyimpan (tanpa Prefect)"),
) -> None:
    """Bentuk kejadian tugas berulang per domain manajemen (sekali jalan, mode ephemeral Prefect)."""
    from .schedule_cli import run_schedule

    try:
        run_schedule(out, domain, until.date() if until else None, dry_run, _now())
    except InputError as exc:
        fail(exc)


@app.command("calendar")
def calendar_cmd(year: int = typer.Option(..., "--year", min=2000, max=2100, help="tahun kalender")) -> None:
    """Kalender hari kerja yang dipakai: libur nasional, cuti bersama, libur daerah, tenggat yang digeser."""
    from .schedule_cli import show_calendar

    try:
        show_calendar(out, year)
    except InputError as exc:
        fail(exc)


@app.command("serve")
def serve_cmd() -> None:
    """Layani semua deployment domain dalam satu proses jangka panjang (prefect.serve)."""
    from . import prefect_env

    prefect_env.apply()
    from flows.deployments import serve_all

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
    from . import prefect_env

    prefect_env.apply()
    from flows.deployments import deploy_to_pool

    try:
        for name in deploy_to_pool(pool):
            out.print(f"terdaftar: {name} → pool {pool}", highlight=False)
    except InputError as exc:
        fail(exc)

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

"""``spbe index``, ``spbe validate``, ``spbe init`` and ``spbe demo``: the instrument, the plan, the database."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_actions.cli.main import app, h, now, out
from spbe_actions.domain.i18n import t

if TYPE_CHECKING:  # imported lazily at run time: `spbe index` and `validate` must start fast
    from spbe_actions.app.setup import InitResult


class Basis(StrEnum):
    exact = "exact"
    rounded = "rounded"


@app.command("index")
def index_cmd(
    levels: Path = typer.Option(..., "--levels", help=h("CSV/XLSX dengan kolom indicator,level")),
    framework: str = typer.Option("permenpanrb-59-2020", "--framework", help=h("id kerangka atau path YAML")),
    predicate_basis: Basis | None = typer.Option(None, "--predicate-basis", help=h("dasar predikat")),
    as_json: bool = typer.Option(False, "--json", help=h("cetak satu objek JSON")),
) -> None:
    """Hitung indeks (menurut kerangka --framework) dari tingkat tiap indikator; desimal hanya untuk indikator
    eksternal."""
    from spbe_actions.adapters import config
    from spbe_actions.cli.views import index_json, index_notes, index_table
    from spbe_actions.domain.index import compute
    from spbe_actions.domain.levels_file import read_levels

    fw = config.framework(framework)
    result = compute(
        fw, read_levels(levels, fw, config.input_limits()), predicate_basis.value if predicate_basis else None
    )
    if as_json:
        sys.stdout.write(json.dumps(index_json(fw, result), ensure_ascii=False) + "\n")
    else:
        out.print(index_table(fw, result))
        for line in index_notes(fw):
            out.print(line, highlight=False)


@app.command("validate")
def validate_cmd(plan: Path = typer.Argument(..., help=h("berkas rencana instansi (YAML)"))) -> None:
    """Periksa berkas rencana: semua masalah sekaligus, dengan baris dan jalur kolom."""
    from spbe_actions.adapters import config

    p, _ = config.plan(plan, now())
    out.print(
        t("cli_plan_ok", name=p.instansi.name, opds=len(p.opds), actions=len(p.actions), people=len(p.people())),
        highlight=False,
    )


def print_init(result: InitResult) -> None:
    """What ``spbe init`` (and the demo) say after loading a plan."""
    counts = result.counts
    out.print(
        t(
            "cli_init_done",
            url=result.url,
            opds=counts.opds,
            people=counts.people,
            actions=counts.actions,
            name=result.name,
        ),
        highlight=False,
        soft_wrap=True,  # one line, whatever the path's length: a log or a grep reads it whole
    )


@app.command("init")
def init_cmd(
    plan: Path | None = typer.Option(None, "--plan", help=h("berkas rencana (bawaan: SPBE_PLAN atau contoh)")),
) -> None:
    """Buat/migrasikan basis data dan muat rencana (semua atau tidak sama sekali; aman diulang)."""
    from spbe_actions.app.setup import init_database

    print_init(init_database(plan, now=now()))


@app.command("demo")
def demo_cmd(out_dir: Path = typer.Option(Path("demo-output"), "--out", help=h("folder keluaran demo"))) -> None:
    """Jalankan seluruh alur pada contoh Kota Mojokerto dengan SQLite bawaan."""
    from spbe_actions.demo.run import run

    run(out_dir, console=out, now=now())

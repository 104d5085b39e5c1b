"""``spbe plan migrate``: a plan moved to the successor instrument (no database, no Prefect)."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_actions.cli.main import app, h, now, out

plan_app = typer.Typer(no_args_is_help=True, help=h("Rencana instansi: pindah ke instrumen penerus."))
app.add_typer(plan_app, name="plan")


@plan_app.command("migrate")
def migrate_cmd(
    old: Path = typer.Argument(..., metavar="OLD.yaml", help=h("rencana pada kerangka lama")),
    to: str = typer.Option(..., "--to", help=h("kerangka baru, mis. pemdi-2026")),
    output: Path = typer.Option(..., "-o", "--output", help=h("berkas rencana baru yang ditulis")),
    year: int | None = typer.Option(
        None, "--year", help=h("tahun evaluasi pertama (bawaan: tahun kerangka baru)")
    ),
    force: bool = typer.Option(False, "--force", help=h("timpa berkas keluaran yang sudah ada")),
) -> None:
    """Tulis rencana pada kerangka baru: OPD, orang, kebijakan dan bukti dibawa; pemilik dan aksi dipetakan;
    tingkat awal diperkirakan (ditandai); yang tidak terpetakan dicantumkan."""
    from spbe_actions.app.migration import migrate_plan
    from spbe_actions.domain.calendar import local_today
    from spbe_actions.domain.i18n import t

    result = migrate_plan(old, to, output, local_today(now(), "Asia/Jakarta"), year, force)
    out.print(
        t("tr_written", fw=result.framework, path=result.path, n=len(result.estimates), notes=len(result.notes)),
        highlight=False,
        markup=False,
        soft_wrap=True,  # a sentence with a path: never broken at the console's width
    )
    for note in result.notes:
        out.print(f"- {note}", highlight=False, markup=False, soft_wrap=True)

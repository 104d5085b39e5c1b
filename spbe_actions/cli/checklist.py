"""The checklist and the external values on the command line: ``spbe items`` (evidence items per level and the
points they hold back), ``spbe item-state`` (the assessors' verdict on an item) and ``spbe external list|set|
import`` (values another agency evaluated). Coordinators record; nothing here imports Prefect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from spbe_actions.cli.main import INSTANSI, app, h, now, out, usage_error
from spbe_actions.cli.tracking import AS, DATE_FORMATS
from spbe_actions.domain.i18n import t

external_app = typer.Typer(
    no_args_is_help=True, help=h("Nilai indikator eksternal (dari evaluasi instansi lain).")
)
app.add_typer(external_app, name="external")


@app.command("items")
def items_cmd(
    open_only: bool = typer.Option(False, "--open", help=h("hanya butir yang belum diterima")),
    instansi: str | None = INSTANSI,
) -> None:
    """Butir bukti dukung per tingkat: status, OPD, aksi, dan poin indeks yang ditahan butir terbuka."""
    from spbe_actions.app.checklist import checklist
    from spbe_actions.app.common import open_engine
    from spbe_actions.cli.views import checklist_tables

    view = checklist(open_engine(migrate=False), instansi)
    tables = checklist_tables(view, open_only)
    if not tables:
        out.print(t("c_no_items"), highlight=False)
    elif open_only and len(tables) == (2 if view.framework.external else 1) and view.summary:
        out.print(t("none_items_open"), highlight=False)
    for table in tables:
        out.print(table)


@app.command("item-state")
def item_state_cmd(
    key: str = typer.Argument(..., metavar="ITEM", help=h("id butir (dari rencana, `spbe items`)")),
    state: str = typer.Argument(..., metavar="STATE", help=h("belum, draf, proses, revisi atau diterima")),
    note: str | None = typer.Option(None, "--note", help=h("catatan asesor (mis. apa yang perlu direvisi)")),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Koordinator: catat status butir bukti dukung (mis. hasil penilaian asesor)."""
    from spbe_actions.app.checklist import set_item_state
    from spbe_actions.app.common import open_engine
    from spbe_actions.domain.i18n import label

    before, after = set_item_state(open_engine(), key, state, who, now(), note, instansi=instansi)
    out.print(f"{key}: {label('item_state', before)} → {label('item_state', after)}", highlight=False)


@external_app.command("list")
def external_list_cmd(instansi: str | None = INSTANSI) -> None:
    """Indikator eksternal dengan nilainya, atau 'menunggu nilai eksternal'."""
    from spbe_actions.app.checklist import checklist
    from spbe_actions.app.common import open_engine
    from spbe_actions.cli.views import checklist_tables

    view = checklist(open_engine(migrate=False), instansi)
    if not view.framework.external:
        usage_error(t("c_no_external", fw=view.framework.id))
    out.print(checklist_tables(view)[-1])


@external_app.command("set")
def external_set_cmd(
    indicator: str = typer.Argument(..., metavar="INDICATOR"),
    value: str = typer.Argument(..., metavar="VALUE", help=h("angka dalam skala, mis. 2.87 (desimal boleh)")),
    date: dt.datetime = typer.Option(..., "--date", formats=DATE_FORMATS, help=h("tanggal hasil instansi sumber")),
    source: str = typer.Option(..., "--source", help=h("sumber, mis. 'Bappenas, Evaluasi Satu Data 2026'")),
    year: int | None = typer.Option(None, "--year", help=h("tahun evaluasi (bawaan: current_year rencana)")),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Koordinator: masukkan nilai indikator eksternal (dihitung tepat, tanpa pembulatan)."""
    from spbe_actions.app.checklist import set_external
    from spbe_actions.app.common import open_engine
    from spbe_actions.domain.external import ExternalInput
    from spbe_actions.domain.levels_file import parse_decimal

    number = parse_decimal(value)
    if number is None:
        usage_error(t("c_value_bad", value=value))
    entry = ExternalInput(indicator, number, date.date(), source, year)
    set_external(open_engine(), [entry], who, now(), instansi=instansi)
    out.print(
        t("c_external_set", id=indicator, value=number, source=source, date=date.date().isoformat()),
        highlight=False,
    )


@external_app.command("import")
def external_import_cmd(
    path: Path = typer.Argument(..., help=h("CSV/XLSX dengan kolom indicator,value,date,source")),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Koordinator: masukkan nilai eksternal dari Excel/CSV; satu baris salah = tidak ada yang berubah."""
    from spbe_actions.adapters.config import input_limits
    from spbe_actions.app.checklist import set_external
    from spbe_actions.app.common import open_engine
    from spbe_actions.domain.external import read_external

    rows = read_external(path, input_limits())
    n = set_external(open_engine(), rows, who, now(), channel="import", instansi=instansi)
    out.print(t("c_external_imported", n=n, path=path), highlight=False)

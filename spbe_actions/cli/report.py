"""``spbe report`` (registered on the main Typer app): the coordinator's HTML/XLSX report, without Prefect."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_actions.cli.main import _now, app, err, fail, out
from spbe_actions.domain.errors import InputError


@app.command("report")
def report_cmd(
    out_dir: Path = typer.Option(Path("laporan"), "--out", help="folder keluaran laporan"),
    formats: str = typer.Option("html,xlsx", "--format", help="html, xlsx atau keduanya (pisahkan dengan koma)"),
) -> None:
    """Tulis laporan koordinator: HTML mandiri (grafik di dalam berkas) dan buku kerja XLSX."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.report import parse_formats, write_report

    try:
        wanted = parse_formats(formats)  # a typo fails before the database is opened
        paths = write_report(open_engine(migrate=False), _now(), out_dir, wanted)
    except InputError as exc:
        fail(exc)
    except OSError as exc:  # e.g. the output folder is not writable: the user's to fix, not a traceback
        err.print(f"{out_dir}: {exc.strerror or exc}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    for path in paths:
        out.print(str(path), highlight=False, markup=False, soft_wrap=True)

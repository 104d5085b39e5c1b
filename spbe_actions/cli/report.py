"""The coordinator's view on the command line: ``spbe status`` (one glance, no Prefect), ``spbe report`` (the
HTML/XLSX report, no Prefect) and ``spbe setup-automations`` (Prefect alerts; Prefect imported inside only)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer

from spbe_actions.cli.main import INSTANSI, app, err, h, now, out, usage_error
from spbe_actions.domain.i18n import t


@app.command("status")
def status_cmd(instansi: str | None = INSTANSI) -> None:
    """Sekilas untuk koordinator: indeks sekarang/proyeksi/berisiko, domain, OPD terburuk (tanpa Prefect)."""
    from spbe_actions.app.status import status
    from spbe_actions.cli.views import failed_messages_line, status_view

    # the lean read path: a few SQL statements on a DB-API connection, no SQLAlchemy, no ORM, no Prefect
    figures = status(None, now(), instansi)
    out.print(status_view(figures))
    if figures.failed:  # the mail server's reply, in words, where the coordinator looks first
        out.print(failed_messages_line(figures.failed), highlight=False, markup=False)


@app.command("report")
def report_cmd(
    out_dir: Path = typer.Option(Path("laporan"), "--out", help=h("folder keluaran laporan")),
    formats: str = typer.Option(
        "html,xlsx", "--format", help=h("html, xlsx atau keduanya (pisahkan dengan koma)")
    ),
    instansi: str | None = INSTANSI,
) -> None:
    """Tulis laporan koordinator: HTML mandiri (grafik di dalam berkas) dan buku kerja XLSX."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.report import parse_formats, write_report

    wanted = parse_formats(formats)  # a typo fails before the database is opened
    try:
        paths = write_report(open_engine(migrate=False), now(), out_dir, wanted, instansi=instansi)
    except OSError as exc:  # e.g. the output folder is not writable: the user's to fix, not a traceback
        usage_error(f"{out_dir}: {exc.strerror or exc}")
    for path in paths:
        out.print(str(path), highlight=False, markup=False, soft_wrap=True)


@app.command("setup-automations")
def setup_automations_cmd(
    channel: str | None = typer.Option(
        None,
        "--channel",
        help=h("URL kanal koordinator gaya apprise (bawaan: env SPBE_ALERT_URL)"),
        show_default=False,
    ),
    within_hours: int = typer.Option(
        26, "--within-hours", min=1, max=24 * 14, help=h("peringatkan bila remind tidak selesai dalam N jam")
    ),
) -> None:
    """Buat/perbarui otomasi Prefect: peringatan bila run gagal atau terhenti, atau pengingat/laporan tidak jalan."""
    if not os.environ.get("PREFECT_API_URL"):
        usage_error(t("c_prefect_api"))
    url = channel or os.environ.get("SPBE_ALERT_URL")
    if not url:
        usage_error(t("c_alert_channel"))
    from spbe_actions.adapters import prefect_env

    prefect_env.apply()
    from spbe_actions.adapters.automations import Watch, channel_block, masked, secret_parts, setup
    from spbe_actions.adapters.notify import mask
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.deployments import installation_of, names_in_both_modes, run_specs

    try:
        channel_block(url)  # a channel Prefect's server cannot use is refused before anything else
    except ValueError as exc:
        usage_error(mask(str(exc), [url, *secret_parts(url)]))
    engine = open_engine(migrate=False)
    specs, name = run_specs(engine), installation_of(engine)
    engine.dispose()
    watch = Watch(name, names_in_both_modes(specs, "remind"), names_in_both_modes(specs, "report"))
    try:
        outcomes = setup(url, watch, dt.timedelta(hours=within_hours))
    except ValueError as exc:  # an unsupported or malformed channel URL (pydantic's errors echo the input)
        usage_error(mask(str(exc), [url, *secret_parts(url)]))
    except Exception as exc:  # the Prefect API said no: show why, never the channel's secret
        detail = mask(str(exc), [url, *secret_parts(url)])
        err.print(
            t("c_automation_failed", kind=exc.__class__.__name__, detail=detail), markup=False, highlight=False
        )
        raise typer.Exit(1) from None
    out.print(t("c_alert_to", url=masked(url)), highlight=False, markup=False)
    for o in outcomes:
        verb = t("c_created") if o.created else t("c_updated")
        out.print(
            t("c_automation_line", kind=o.kind, name=o.name, verb=verb, id=o.id), highlight=False, markup=False
        )


@app.command("bundle")
def bundle_cmd(
    output: Path = typer.Option(..., "-o", "--out", help=h("berkas zip keluaran, mis. bukti-2026.zip")),
    year: int | None = typer.Option(
        None, "--year", help=h("tahun pekerjaan yang jatuh tempo (bawaan: tahun ini)")
    ),
    instansi: str | None = INSTANSI,
) -> None:
    """Paket bukti dukung untuk evaluasi: per indikator (dan tingkat), daftar-bukti.xlsx, index.html."""
    from spbe_actions.app.bundle import build_bundle
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.evidence import evidence_store

    if output.suffix.lower() != ".zip":
        usage_error(t("c2_bundle_suffix", path=output))
    if not output.parent.is_dir():
        usage_error(t("c2_bundle_folder", path=output, folder=output.parent))
    engine = open_engine(migrate=False)
    bundle = build_bundle(engine, evidence_store(), output, now(), year, instansi)
    docs, gaps, evaluation = len(bundle.entries), len(bundle.gaps), bundle.evaluation.isoformat()
    line = t(
        "c2_bundle_done",
        path=output,
        docs=docs,
        gaps=gaps,
        year=bundle.year,
        evaluation=evaluation,
        size=bundle.size,
    )
    out.print(line, highlight=False)


@app.command("clean-uploads")
def clean_uploads_cmd(
    hours: int | None = typer.Option(
        None,
        "--older-than-hours",
        min=1,
        help=h("hanya sisa yang lebih tua dari sekian jam (bawaan: SPBE_EVIDENCE_TEMP_HOURS, 24)"),
    ),
) -> None:
    """Hapus sisa unggahan yang terputus (berkas sementara, unggahan multipart yang tak selesai); berkas bukti
    yang tersimpan tidak pernah tersentuh."""
    from spbe_actions.app.evidence import sweep_temporaries

    # the real clock, never SPBE_NOW: the ages are the file system's and the object store's times
    swept = sweep_temporaries(dt.datetime.now(dt.UTC), hours)
    out.print(t("c_swept", files=swept.files, uploads=swept.uploads), highlight=False, markup=False)

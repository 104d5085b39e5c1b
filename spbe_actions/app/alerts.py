"""Alerts the coordinator can read: what failed (in Indonesian, with the run's own words), when (on the
instansi's clock, with WIB/WITA/WIT), where to look (the public address of the Prefect UI) and what to do.

``alert`` composes the text; the flows' hooks (``flows/common.py``) send it as a Prefect event that the
``spbe: peringatan`` automation (``spbe setup-automations``) turns into a notification on the coordinator's channel.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import Engine

from spbe_actions import store
from spbe_actions.adapters.settings import get_settings
from spbe_actions.domain.calendar import local_time
from spbe_actions.domain.retry import MAX_ATTEMPTS
from spbe_actions.store import engine as db

FLOWS = {
    "remind": "Pengingat harian",
    "dispatch": "Pengiriman pesan",
    "report": "Laporan mingguan",
    "schedule-domain": "Penjadwalan tugas",
    "overseer": "Liga instansi",
}
STATES = {
    "FAILED": "gagal",
    "CRASHED": "terhenti mendadak (crash)",
    "CANCELLED": "dibatalkan",
    "TIMEDOUT": "melewati batas waktu",
}
WHAT_TO_DO = {
    "remind": "Periksa server surel (SPBE_SMTP_*) dan kanal chat di `spbe outbox --failed`; pesan yang gagal dicoba "
    "lagi otomatis oleh deployment dispatch.",
    "dispatch": f"Pesan yang gagal permanen (setelah {MAX_ATTEMPTS} percobaan) tidak dikirim ulang otomatis: baca "
    "jawaban server surel di `spbe outbox --failed` dan perbaiki penyebabnya (SPBE_SMTP_*, alamat, kanal chat). "
    "Pesan dari run yang terhenti dikirim run berikutnya setelah masa klaim (10 menit).",
    "report": "Periksa log run; jalankan ulang laporan dari UI Prefect setelah penyebabnya diperbaiki.",
    "schedule-domain": "Periksa rencana dengan `spbe validate`, lalu jalankan ulang run ini dari UI Prefect.",
    "overseer": "Periksa log run; jalankan ulang dari UI Prefect setelah penyebabnya diperbaiki.",
}


@dataclass(frozen=True)
class Alert:
    subject: str
    body: str


def ui_address() -> str | None:
    """The Prefect UI as people reach it: ``SPBE_PREFECT_UI_URL``, else Prefect's own ``PREFECT_UI_URL``."""
    url = get_settings().prefect_ui_url or os.environ.get("PREFECT_UI_URL")
    return url.rstrip("/") if url else None


def _zone(engine: Engine | None, instansi: str | None) -> str:
    """The instansi's zone, else the installation's first; WIB when the database cannot be read."""
    if engine is None:
        return "Asia/Jakarta"
    with db.read(engine) as session:
        found = store.all_instansi(session)
    chosen = next((i for i in found if i.code == instansi), found[0] if found else None)
    return chosen.timezone if chosen else "Asia/Jakarta"


def alert(
    engine: Engine | None,
    flow: str,
    run_name: str,
    run_id: str,
    state: str,
    message: str | None,
    at: dt.datetime,
    instansi: str | None = None,
) -> Alert:
    """The alert for a run of ``flow`` that ended in ``state`` (a Prefect state type, e.g. FAILED); ``engine``
    None when the database itself cannot be opened (the time is then shown in WIB)."""
    label = FLOWS.get(flow, flow)
    state_text = STATES.get(state.upper(), state.lower())
    when = local_time(at, _zone(engine, instansi))
    link = ui_address()
    lines = [
        f"{label} ({run_name}) {state_text} pada {when}.",
        f"Yang terjadi: {message}" if message else "",
        WHAT_TO_DO.get(flow, ""),
        f"Buka run: {link}/runs/flow-run/{run_id}"
        if link
        else "Buka run di UI Prefect (atur SPBE_PREFECT_UI_URL agar tautannya ikut).",
    ]
    where = f" {instansi}" if instansi else ""
    return Alert(f"SPBE{where}: {label} {state_text}", "\n".join(line for line in lines if line))

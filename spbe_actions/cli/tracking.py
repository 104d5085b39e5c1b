"""Completion tracking on the command line: act on a task (submit, verify, return, extend, request an extension,
waive), its history, the task list, completion figures, and the same work as an Excel round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from spbe_actions.cli.main import INSTANSI, app, h, now, out, usage_error
from spbe_actions.domain.i18n import label, t

AS = typer.Option(..., "--as", envvar="SPBE_AS", help=h("id orang yang bertindak (dari rencana)"))
DATE_FORMATS = ["%Y-%m-%d"]


def _act(
    occurrence_id: int,
    event: str,
    who: str,
    reason: str | None = None,
    until: dt.datetime | None = None,
    evidence: list | None = None,
    instansi: str | None = None,
) -> None:
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.tracking import Request, act

    request = Request(occurrence_id, event, reason, until.date() if until else None, tuple(evidence or ()))
    change = act(open_engine(), [request], who, "cli", now(), instansi).changes[0]
    due = t("c_new_due", due=change.to_due) if change.to_due != change.from_due else ""
    before, after = label("status", change.from_status), label("status", change.to_status)
    out.print(t("c_changed", id=occurrence_id, before=before, after=after, due=due), highlight=False)


def _submit_files(
    occurrence_id: int,
    who: str,
    items: list,
    paths: list[Path],
    title: str | None,
    effective: dt.date | None,
    instansi: str | None,
) -> None:
    """Submit with files: staged (type by content, size caps), stored in the evidence store with the commit."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.evidence import stage_paths
    from spbe_actions.app.tracking import Request, act

    engine = open_engine()
    files_store, staged = stage_paths(paths)
    request = Request(
        occurrence_id,
        "submit",
        evidence=tuple(items),
        files=tuple(staged),
        file_title=title,
        file_effective=effective,
    )
    change = act(engine, [request], who, "cli", now(), instansi, files_store=files_store).changes[0]
    out.print(f"#{occurrence_id}: {change.from_status} → {change.to_status}", highlight=False)
    for f in staged:
        out.print(t("c2_file_stored", name=f.filename, size=f.size, sha=f.sha256), highlight=False)


@app.command("submit")
def submit_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    evidence: list[str] = typer.Option(
        [], "--evidence", help=h("tautan http(s) atau path berkas; boleh berulang")
    ),
    files: list[Path] = typer.Option(
        [], "--file", help=h("berkas bukti (PDF, PNG, JPEG, DOCX, XLSX, ODT) yang disimpan; boleh berulang")
    ),
    title: str | None = typer.Option(None, "--title", help=h("judul bukti")),
    effective: dt.datetime | None = typer.Option(
        None, "--effective", formats=DATE_FORMATS, help=h("tanggal berlaku")
    ),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Laporkan tugas selesai dengan bukti dukung."""
    from spbe_actions.app.tracking import EvidenceInput

    items = [EvidenceInput(url, title, effective.date() if effective else None) for url in evidence]
    if files:
        _submit_files(occurrence_id, who, items, files, title, effective.date() if effective else None, instansi)
        return
    _act(occurrence_id, "submit", who, evidence=items, instansi=instansi)


@app.command("verify")
def verify_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"), who: str = AS, instansi: str | None = INSTANSI
) -> None:
    """Koordinator: nyatakan kiriman sah."""
    _act(occurrence_id, "verify", who, instansi=instansi)


@app.command("return")
def return_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    reason: str = typer.Option(..., "--reason", help=h("apa yang perlu diperbaiki")),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Koordinator: kembalikan kiriman untuk diperbaiki."""
    _act(occurrence_id, "return", who, reason=reason, instansi=instansi)


@app.command("extend")
def extend_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    until: dt.datetime = typer.Option(..., "--until", formats=DATE_FORMATS, help=h("tenggat baru")),
    reason: str = typer.Option(..., "--reason"),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Koordinator: setujui/berikan perpanjangan tenggat."""
    _act(occurrence_id, "extend", who, reason=reason, until=until, instansi=instansi)


@app.command("request-extension")
def request_extension_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    until: dt.datetime = typer.Option(..., "--until", formats=DATE_FORMATS),
    reason: str = typer.Option(..., "--reason"),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """OPD: minta perpanjangan tenggat."""
    _act(occurrence_id, "request_extension", who, reason=reason, until=until, instansi=instansi)


@app.command("waive")
def waive_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    reason: str = typer.Option(..., "--reason"),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Koordinator: bebaskan tugas (dengan alasan)."""
    _act(occurrence_id, "waive", who, reason=reason, instansi=instansi)


@app.command("history")
def history_cmd(
    occurrence_id: int = typer.Argument(..., metavar="ID"),
    who: str | None = typer.Option(None, "--as", envvar="SPBE_AS"),
    instansi: str | None = INSTANSI,
) -> None:
    """Riwayat lengkap satu tugas: setiap perubahan status, tenggat dan bukti."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.tracking import actor_of, history
    from spbe_actions.cli.views import history_tables

    engine = open_engine()
    for table in history_tables(history(engine, occurrence_id, actor_of(engine, who, instansi), instansi)):
        out.print(table)
        out.print()


def _days(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().lower().removesuffix("d").removesuffix("h")
    if not text.isdigit():
        usage_error(t("c_due_within_bad", value=value))
    return int(text)


@app.command("tasks")
def tasks_cmd(
    opd: str | None = typer.Option(None, "--opd", help=h("kode OPD")),
    domain: str | None = typer.Option(None, "--domain", help=h("domain manajemen")),
    late: bool = typer.Option(False, "--late", help=h("hanya yang terlambat")),
    due_within: str | None = typer.Option(None, "--due-within", help=h("jatuh tempo dalam N hari, mis. 14d")),
    who: str | None = typer.Option(None, "--as", envvar="SPBE_AS", help=h("tampilkan sebagai orang ini")),
    instansi: str | None = INSTANSI,
) -> None:
    """Daftar tugas terbuka, diurutkan menurut poin indeks yang dipertaruhkan."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.figures import expiring_evidence, tasks
    from spbe_actions.app.scheduling import domains_to_schedule
    from spbe_actions.app.tracking import actor_of
    from spbe_actions.cli.views import expiring_table, tasks_table, tasks_title

    days = _days(due_within)
    engine = open_engine()
    actor = actor_of(engine, who, instansi)
    views = tasks(engine, now(), actor, opd, domain, late, days, instansi)
    scope = [t("tt_for_opd", opd=opd)] if opd else []
    if domain:
        name = dict(domains_to_schedule(engine, instansi)).get(domain, domain)
        scope.append(t("tt_for_domain", domain=name))
    if views:
        out.print(tasks_table(views, tasks_title(len(views), late, days, ", ".join(scope))))
    elif late:
        out.print(t("none_tasks_late"), highlight=False)
    elif days is not None:
        out.print(t("none_tasks_due", days=days), highlight=False)
    else:
        out.print(t("none_tasks_open"), highlight=False)
    if not late and due_within is None:
        before, items = expiring_evidence(engine, now(), actor, instansi)
        if items:
            out.print(expiring_table(before, items))


@app.command("completion")
def completion_cmd(
    by: str = typer.Option("opd", "--by", help=h("opd atau domain")), instansi: str | None = INSTANSI
) -> None:
    """Angka penyelesaian: tepat waktu, terlambat, terbuka, dibebaskan, poin indeks berisiko."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.figures import completion
    from spbe_actions.app.scheduling import domains_to_schedule
    from spbe_actions.cli.views import completion_table

    if by not in ("opd", "domain"):
        usage_error(t("c_by_bad"))
    engine = open_engine()
    rows = completion(engine, now(), by, instansi=instansi)
    if not rows:
        out.print(t("none_completion"), highlight=False)
        return
    names = dict(domains_to_schedule(engine, instansi)) if by == "domain" else None
    out.print(completion_table(rows, by, names))


@app.command("export")
def export_cmd(
    path: Path = typer.Argument(..., help=h("berkas .xlsx yang ditulis")),
    opd: str | None = typer.Option(None, "--opd", help=h("kode OPD (bawaan: semua yang boleh dilihat)")),
    who: str | None = typer.Option(None, "--as", envvar="SPBE_AS", help=h("ekspor sebagai orang ini")),
    instansi: str | None = INSTANSI,
) -> None:
    """Tulis tugas terbuka ke Excel untuk diisi OPD (kolom Tindakan, Tautan bukti, ...)."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.spreadsheet import export_tasks
    from spbe_actions.app.tracking import actor_of

    engine = open_engine()
    n = export_tasks(engine, path, now(), opd, actor_of(engine, who, instansi), instansi)
    out.print(t("c_exported", n=n, path=path), highlight=False)


@app.command("import")
def import_cmd(
    path: Path = typer.Argument(..., help=h("berkas .xlsx yang sudah diisi")),
    who: str = AS,
    instansi: str | None = INSTANSI,
) -> None:
    """Terapkan isian Excel: semua baris diperiksa dulu; satu baris salah = tidak ada yang berubah."""
    from spbe_actions.app.common import open_engine
    from spbe_actions.app.spreadsheet import import_tasks

    outcome = import_tasks(open_engine(), path, who, now(), instansi)
    out.print(t("c_imported", n=len(outcome.changes), path=path), highlight=False)

"""The evaluation bundle: every latest verified evidence file of a year, laid out per indicator (and level where
items are listed), with ``daftar-bukti.xlsx`` and ``index.html`` listing them and what is missing or expiring.

Written as a stream: each file is copied from the evidence store into the zip in chunks (never a whole file, nor
the bundle, in memory), to ``<out>.part`` first and renamed when complete. Entries carry a fixed timestamp and
come in a fixed order, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters.evidence_store import EvidenceStore, StoreUnavailable
from spbe_actions.adapters.render import environment
from spbe_actions.app.common import framework_of, require_instansi, stored_id
from spbe_actions.app.evidence import unavailable
from spbe_actions.domain.bundle import Gap, Layout, Source, layout
from spbe_actions.domain.calendar import local_today
from spbe_actions.domain.evidence import SUFFIX, next_evaluation
from spbe_actions.domain.lifecycle import Status
from spbe_actions.store import engine as db
from spbe_actions.store.rows import EvidenceFileRow
from spbe_actions.store.tracking import OccurrenceRow

STAMP = (1980, 1, 1, 0, 0, 0)  # every zip entry's time: the bundle depends on the data only
COUNTED = [s for s in Status if s not in (Status.CANCELLED, Status.WAIVED)]


@dataclass(frozen=True)
class Bundle:
    instansi: str
    framework: str
    year: int
    evaluation: dt.date
    entries: list
    gaps: list[Gap]
    path: Path | None = None
    size: int = 0


def _latest_verified(occs: list[OccurrenceRow]) -> tuple[list[OccurrenceRow], list[OccurrenceRow]]:
    """Per action and OPD: its latest verified occurrence; and one occurrence of each pair never verified."""
    best: dict[tuple[int, int], OccurrenceRow] = {}
    pending: dict[tuple[int, int], OccurrenceRow] = {}
    for o in occs:
        key = (o.action_id, o.opd_id)
        if o.status == Status.VERIFIED:
            if key not in best or (o.due, o.id) > (best[key].due, best[key].id):
                best[key] = o
        else:
            pending.setdefault(key, o)
    return list(best.values()), [o for k, o in pending.items() if k not in best]


def _latest_revision(files: list[EvidenceFileRow]) -> list[EvidenceFileRow]:
    newest: dict[int, int] = {}
    for f in files:
        newest[f.occurrence_id] = max(newest.get(f.occurrence_id, 0), f.revision)
    return [f for f in files if f.revision == newest[f.occurrence_id]]


def plan_bundle(session: Session, instansi: str | None, now: dt.datetime, year: int | None) -> Bundle:
    """What the bundle holds, from the database (no file is read)."""
    inst = require_instansi(session, instansi)
    iid, today = stored_id(inst), local_today(now, inst.timezone)
    year = year or today.year
    evaluation = next_evaluation(inst.next_evaluation, today)
    occs = [o for o in store.task_rows(session, iid, COUNTED) if o.due.year == year]
    verified, unverified = _latest_verified(occs)
    by_id = {o.id: o for o in verified}
    files = _latest_revision(store.files_of(session, list(by_id)))
    who = store.verifiers(session, list(by_id))
    targets = store.action_targets(session, iid)
    produced: dict[str, list[tuple[str, int, str]]] = {}
    items = store.items(session, iid)
    item_by_id = {i.id: i for i in items}
    for item_id, actions in store.item_actions(session, iid).items():
        row = item_by_id.get(item_id)
        for key in actions if row is not None else []:
            produced.setdefault(key, []).append((row.indicator, row.level, row.title))  # type: ignore[union-attr]
    sources = [_source(f, by_id[f.occurrence_id], targets, produced, who) for f in files]
    for oid, url, title, effective, expires in store.links_of(session, list(by_id)):
        occ = by_id[oid]
        link = Source(
            action=occ.title,
            opd=occ.opd_code,
            period=occ.period,
            targets=tuple((t.indicator, t.level) for t in targets.get(occ.action_id, [])),
            items=tuple(produced.get(occ.action_key, [])),
            title=title,
            suffix="url",
            sha256="",
            size=0,
            effective=effective,
            expires=expires,
            verifier=who.get(occ.id, ""),
            file_id=0,
            url=url,
        )
        sources.append(link)
    gaps_from = [
        (o.title, o.opd_code, tuple((t.indicator, t.level) for t in targets.get(o.action_id, [])))
        for o in unverified
    ]
    listed = [(i.indicator, i.level, i.title, i.owner or "") for i in items]
    laid: Layout = layout(sources, listed, gaps_from, evaluation)
    fw = framework_of(inst)
    return Bundle(inst.name, fw.name, year, evaluation, laid.entries, laid.gaps)


def _source(
    f: EvidenceFileRow,
    occ: OccurrenceRow,
    targets: dict,
    produced: dict[str, list[tuple[str, int, str]]],
    who: dict[int, str],
) -> Source:
    return Source(
        action=occ.title,
        opd=occ.opd_code,
        period=occ.period,
        targets=tuple((t.indicator, t.level) for t in targets.get(occ.action_id, [])),
        items=tuple(produced.get(occ.action_key, [])),
        title=f.title,
        suffix=SUFFIX.get(f.media_type, "bin"),
        sha256=f.sha256,
        size=f.size,
        effective=f.effective,
        expires=f.expires,
        verifier=who.get(occ.id, ""),
        file_id=f.id,
    )


def build_bundle(
    engine: Engine,
    files_store: EvidenceStore,
    out: Path,
    now: dt.datetime,
    year: int | None = None,
    instansi: str | None = None,
) -> Bundle:
    """Write the bundle to ``out`` (via ``out.part``); InputError when the store cannot be read."""
    with db.session(engine) as s:
        bundle = plan_bundle(s, instansi, now, year)
    part = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            _write_text(
                zf, "index.html", environment("id", "bundle").get_template("index.html.j2").render(b=bundle)
            )
            _write_bytes(zf, "daftar-bukti.xlsx", _workbook(bundle))
            for e in bundle.entries:
                info = zipfile.ZipInfo(e.path, STAMP)
                info.compress_type = zipfile.ZIP_STORED  # PDF, images and Office files are compressed already
                info.external_attr = 0o644 << 16
                if e.source.url:  # a link: an Internet shortcut that opens it
                    zf.writestr(info, f"[InternetShortcut]\r\nURL={e.source.url}\r\n".encode())
                    continue
                with zf.open(info, "w", force_zip64=e.source.size > 2**31) as dst:
                    files_store.copy_to(e.source.sha256, dst)
        part.replace(out)
    except StoreUnavailable as exc:
        part.unlink(missing_ok=True)
        raise unavailable(exc) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return Bundle(**{**bundle.__dict__, "path": out, "size": out.stat().st_size})


def _write_text(zf: zipfile.ZipFile, name: str, text: str) -> None:
    _write_bytes(zf, name, text.encode("utf-8"))


def _write_bytes(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


HEAD = [
    "Indikator",
    "Tingkat",
    "Butir",
    "Dokumen",
    "Judul",
    "OPD",
    "Pekerjaan",
    "Periode",
    "Tanggal berlaku",
    "Kedaluwarsa",
    "Kedaluwarsa sebelum evaluasi",
    "Diverifikasi oleh",
    "SHA-256",
    "Ukuran (bita)",
    "Tautan",
]
GAP_HEAD = ["Indikator", "Tingkat", "Butir / pekerjaan", "OPD", "Keterangan"]


def _workbook(bundle: Bundle) -> bytes:
    """``daftar-bukti.xlsx``: the documents and the gaps, with openpyxl; re-packed with fixed timestamps."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Daftar bukti"
    ws.append(HEAD)
    for e in bundle.entries:
        src = e.source
        ws.append(
            [
                e.indicator,
                e.level,
                e.item,
                e.path,
                src.title,
                src.opd,
                src.action,
                src.period,
                src.effective,
                src.expires,
                "ya" if e.expiring else "",
                src.verifier,
                src.sha256,
                src.size,
                src.url,
            ]
        )
    gaps = wb.create_sheet("Kekurangan")
    gaps.append(GAP_HEAD)
    for g in bundle.gaps:
        gaps.append([g.indicator, g.level, g.item, g.opd, g.what])
    for sheet in (ws, gaps):
        sheet.freeze_panes = "A2"
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.creator, wb.properties.created = "spbe-actions", fixed
    raw = io.BytesIO()
    wb.save(raw)
    return _repacked(raw.getvalue())


def _repacked(xlsx: bytes) -> bytes:
    """The workbook with a fixed modification date and fixed zip timestamps (openpyxl stamps the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(item.filename, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    return out.getvalue()

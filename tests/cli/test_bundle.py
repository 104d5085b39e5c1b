"""`spbe submit --file` and `spbe bundle` as real subprocesses on the demo's Indeks Pemdi sample: files stored
by content, the evaluation zip opens, every listed hash matches its file, the workbook opens with openpyxl,
missing and expiring items are listed, and the same data gives the same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from spbe_actions import store
from spbe_actions.adapters.settings import Settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.evidence import Limits, evidence_store, stage_files
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.tracking import Request, act
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.conftest import REPO
from tests.support.evidence_files import exe_bytes, jpeg_bytes, pdf_bytes, png_bytes, s3_server

NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # Monday 2 March 2026, 08:00 WIB
PINNED = "2026-03-02T08:00+07:00"
MB = 1024 * 1024


def spbe(*args: object, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spbe_actions", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "SPBE_NOW": PINNED, **env},
        timeout=180,
        cwd=REPO,
    )


@pytest.fixture(params=["folder", "s3"])
def demo(request, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The sample plan (the demo's default) loaded and scheduled; the store a folder or moto's S3."""
    url = f"sqlite:///{tmp_path / 'spbe.db'}"
    env = {"SPBE_DATABASE_URL": url}
    if request.param == "folder":
        env["SPBE_EVIDENCE_STORE"] = str(tmp_path / "bukti")
        ctx = None
    else:
        ctx = s3_server("bukti-paket")
        env["SPBE_EVIDENCE_STORE"] = "s3://bukti-paket/mojokerto"
        env["SPBE_EVIDENCE_STORE_OPTIONS"] = ctx.__enter__()
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    init_database(Settings().plan, NOW, url=url)
    engine = open_engine(url)
    with db.session(engine) as s:
        iid = store.all_instansi(s)[0].id
        domains = sorted(store.active_domains(s, iid))
    for d in domains:
        schedule_domain(engine, d, NOW, until=dt.date(2026, 12, 31))
    yield engine, env, tmp_path
    engine.dispose()
    if ctx is not None:
        ctx.__exit__(None, None, None)


def occurrence(engine, action: str, opd: str = "DISKOMINFO") -> int:  # type: ignore[no-untyped-def]
    o, a, p = m.Occurrence, m.Action, m.Opd
    stmt = (
        select(o.id)
        .join(a, a.id == o.action_id)
        .join(p, p.id == o.opd_id)
        .where(a.key == action, p.code == opd, o.status == "open")
        .order_by(o.due)
    )
    with engine.connect() as conn:
        return conn.execute(stmt).scalars().first()


def people(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """OPD code -> a focal point's key; "coordinator" -> a coordinator's key."""
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for key, role, code in conn.execute(
            select(m.Person.key, m.Person.role, m.Opd.code).outerjoin(m.Opd, m.Opd.id == m.Person.opd_id)
        ):
            if role == "coordinator":
                out.setdefault("coordinator", key)
            elif role == "focal_point":
                out.setdefault(code, key)
    return out


def submit_in_app(engine, oid: int, who: str, *files: tuple[str, bytes], effective: dt.date | None = None) -> None:  # type: ignore[no-untyped-def]
    staged = stage_files(evidence_store(), [(n, io.BytesIO(b)) for n, b in files], Limits(20 * MB, 100 * MB))
    req = Request(oid, "submit", files=tuple(staged), file_effective=effective)
    act(engine, [req], who, "cli", NOW, files_store=evidence_store())


def test_submit_files_then_bundle_the_verified_evidence(demo):
    engine, env, tmp = demo
    who = people(engine)
    desk, continuity, incident = (
        occurrence(engine, "svcm-laporan-service-desk"),
        occurrence(engine, "svcm-keberlangsungan-layanan"),
        occurrence(engine, "infosec-laporan-insiden-bulanan"),
    )
    report, photo = tmp / "laporan service desk.pdf", tmp / "foto papan.png"
    report.write_bytes(pdf_bytes(2))
    photo.write_bytes(png_bytes(120))
    # an executable renamed .pdf: exit 2, one Indonesian line, nothing recorded
    (tmp / "laporan.pdf").write_bytes(exe_bytes())
    bad = spbe("submit", desk, "--file", tmp / "laporan.pdf", "--as", who["DISKOMINFO"], env=env)
    assert bad.returncode == 2 and "tidak diterima" in bad.stderr and "Traceback" not in bad.stderr
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.EvidenceFile)).scalar_one() == 0
    # two files and a link beside them, from the command line
    res = spbe(
        "submit",
        desk,
        "--file",
        report,
        "--file",
        photo,
        "--evidence",
        "https://sd.example.go.id/laporan",
        "--title",
        "Laporan service desk Februari",
        "--as",
        who["DISKOMINFO"],
        env=env,
    )
    assert res.returncode == 0, res.stderr
    assert hashlib.sha256(report.read_bytes()).hexdigest() in res.stdout
    submit_in_app(engine, continuity, who["DISKOMINFO"], ("rencana keberlangsungan.docx.pdf", pdf_bytes(1)))
    # evidence effective two years before: it expires before the evaluation on 1 July 2026
    submit_in_app(
        engine, incident, who["DISKOMINFO"], ("insiden.jpg", jpeg_bytes()), effective=dt.date(2024, 5, 2)
    )
    # evidence recorded as a link only (no file): listed too, marked as a link
    with engine.connect() as conn:  # another open task, due this year
        o = m.Occurrence
        only_link = (
            conn.execute(
                select(o.id)
                .where(
                    o.status == "open", o.id.not_in([desk, continuity, incident]), o.due <= dt.date(2026, 12, 31)
                )
                .order_by(o.due, o.id)
            )
            .scalars()
            .first()
        )
    assert only_link is not None
    res = spbe(
        "submit",
        only_link,
        "--evidence",
        "https://arsip.example.go.id/notulen",
        "--title",
        "Notulen rapat",
        "--as",
        who["coordinator"],
        env=env,
    )
    assert res.returncode == 0, res.stderr
    for oid in (desk, continuity, incident, only_link):
        assert spbe("verify", oid, "--as", who["coordinator"], env=env).returncode == 0

    out = tmp / "bukti-2026.zip"
    res = spbe("bundle", "--year", 2026, "-o", out, env=env)
    assert res.returncode == 0, res.stderr
    assert "3 dokumen" not in res.stdout  # the service-desk files serve an item and an indicator: more entries
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert names[:2] == ["index.html", "daftar-bukti.xlsx"]
        wb = load_workbook(io.BytesIO(zf.read("daftar-bukti.xlsx")))
        listed = list(wb["Daftar bukti"].iter_rows(min_row=2, values_only=True))
        assert listed and len(listed) == len(names) - 2
        for row in listed:
            path, sha, url = row[3], row[12], row[14]
            if url:  # evidence recorded as a link: a shortcut that opens it, no hash
                assert str(path).endswith(".url") and not sha and f"URL={url}" in zf.read(path).decode()
                continue
            assert hashlib.sha256(zf.read(path)).hexdigest() == sha
        index = zf.read("index.html").decode()
    desk_rows = [r for r in listed if r[5] == "DISKOMINFO" and "Laporan-service-desk" in str(r[3])]
    assert desk_rows and all(
        str(r[3]).split("/")[-1].startswith(f"{r[0]}-{r[1]}-DISKOMINFO-2026-03-02-") for r in desk_rows
    )
    assert any("/level-" in str(r[3]) and r[2] for r in listed)  # an evidence item's folder per level
    expiring = [r for r in listed if r[10] == "ya"]
    assert expiring and all(r[9] < dt.datetime(2026, 7, 1) for r in expiring)
    gaps = list(wb["Kekurangan"].iter_rows(min_row=2, values_only=True))
    assert any("belum ada berkas bukti terverifikasi" in g[4] for g in gaps)
    assert any("kedaluwarsa" in g[4] and "sebelum evaluasi" in g[4] for g in gaps)
    assert "belum ada berkas bukti terverifikasi" in index and listed[0][12] in index
    links = [r for r in listed if r[14]]
    assert {r[14] for r in links} == {"https://sd.example.go.id/laporan", "https://arsip.example.go.id/notulen"}
    assert "tautan: https://arsip.example.go.id/notulen" in index
    # the same data, the same bytes
    again = tmp / "lagi.zip"
    assert spbe("bundle", "--year", 2026, "-o", again, env=env).returncode == 0
    assert again.read_bytes() == out.read_bytes()
    assert not list(tmp.glob("*.part"))


def test_bundle_refuses_a_bad_output_name(demo):
    engine, env, tmp = demo
    res = spbe("bundle", "-o", tmp / "bukti.tar", env=env)
    assert res.returncode == 2 and ".zip" in res.stderr and not (tmp / "bukti.tar").exists()

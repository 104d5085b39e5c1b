"""Bukti dukung as files, through the use cases, against a real database and a real store: a folder, and an
S3-compatible server on loopback (moto in server mode). Content-addressed, all-or-nothing, checked by content."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os

import pytest
from sqlalchemy import event, func, select

from spbe_actions.app.common import open_engine, require_instansi
from spbe_actions.app.evidence import Limits, UploadTooLarge, download, evidence_store, stage_files
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.tracking import Request, act, history, resolve_actor
from spbe_actions.domain.errors import InputError
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.support.evidence_files import (
    docx_bytes,
    exe_bytes,
    jpeg_bytes,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    s3_server,
    xlsx_bytes,
)
from tests.support.plans import small_plan
from tests.support.tracking import NAMES

D = dt.date
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
MB = 1024 * 1024


@pytest.fixture(params=["folder", "s3"])
def backend(request, monkeypatch, tmp_path):
    if request.param == "folder":
        monkeypatch.setenv("SPBE_EVIDENCE_STORE", str(tmp_path / "bukti"))
        yield "folder"
        return
    with s3_server("bukti-uji") as options:
        monkeypatch.setenv("SPBE_EVIDENCE_STORE", "s3://bukti-uji/kota-uji")
        monkeypatch.setenv("SPBE_EVIDENCE_STORE_OPTIONS", options)
        yield "s3"


@pytest.fixture
def engine(tmp_path, plan_file, backend):
    url = f"sqlite:///{tmp_path / 'spbe.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=D(2025, 4, 30))
    yield engine
    engine.dispose()


def ids(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    o = m.Occurrence
    stmt = select(o.id, m.Opd.code, o.period).join(m.Opd, m.Opd.id == o.opd_id)
    with engine.connect() as conn:
        return {NAMES[(c, p)]: i for i, c, p in conn.execute(stmt) if (c, p) in NAMES}


def stored_objects() -> list[str]:
    """Every file under the store's content folder (not the staging area)."""
    store = evidence_store()
    root = f"{store.root}/sha256"
    if not store.fs.exists(root):
        return []
    return sorted(p for p in store.fs.find(root))


def staging_left() -> list[str]:
    store = evidence_store()
    return sorted(os.listdir(store.staging)) if store.staging.exists() and store.local else []


def counts(engine) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (m.EvidenceFile, m.Evidence, m.OccurrenceEvent)
        )


def stage(*files: tuple[str, bytes], limits: Limits = Limits(20 * MB, 100 * MB)):  # type: ignore[no-untyped-def]
    return tuple(stage_files(evidence_store(), [(n, io.BytesIO(b)) for n, b in files], limits))


def submit(engine, oid: int, *files: tuple[str, bytes], who: str = "kominfo.fp1", title: str | None = None):  # type: ignore[no-untyped-def]
    staged = stage(*files)
    return act(
        engine,
        [Request(oid, "submit", files=staged, file_title=title)],
        who,
        "cli",
        NOW,
        files_store=evidence_store(),
    )


def test_files_are_kept_by_their_hash_once_with_rows_and_a_trail(engine):
    k4, k1 = ids(engine)["K4"], ids(engine)["K1"]
    report, photo = pdf_bytes(2), png_bytes()
    submit(engine, k4, ("laporan risiko.pdf", report), ("../../etc/foto\x07.PNG", photo), title="Laporan Q4")
    sha_pdf, sha_png = hashlib.sha256(report).hexdigest(), hashlib.sha256(photo).hexdigest()
    assert [p.rsplit("/", 1)[1] for p in stored_objects()] == sorted([sha_pdf, sha_png])
    with db.session(engine) as s:
        files = s.execute(select(m.EvidenceFile).order_by(m.EvidenceFile.id)).scalars().all()
        assert [(f.filename, f.media_type, f.size, f.revision) for f in files] == [
            ("laporan risiko.pdf", "application/pdf", len(report), 1),
            ("foto.png", "image/png", len(photo), 1),
        ]
        evidence = s.get(m.Evidence, files[0].evidence_id)
        assert (
            evidence is not None
            and evidence.url == f"sha256:{sha_pdf}"
            and evidence.title.startswith("Laporan Q4")
        )
    trail = history(engine, k4, None)
    assert "laporan risiko.pdf" in trail.lines[-1].note and sha_pdf[:12] in trail.lines[-1].note
    # the same photo in another task: one more row, no second copy in the store
    with db.session(engine) as s:  # K1 is still scheduled: open it as the window would
        s.execute(m.Occurrence.__table__.update().where(m.Occurrence.id == k1).values(status="open"))  # type: ignore[attr-defined]
        s.commit()
    submit(engine, k1, ("foto-lagi.png", photo))
    assert len(stored_objects()) == 2 and counts(engine)[0] == 3
    assert staging_left() == []


@pytest.mark.parametrize(
    "name,data",
    [
        ("laporan.pdf", exe_bytes()),
        ("palsu.pdf", b"%PDF-1.7\nbukan pdf sungguhan\n%%EOF"),
        ("x.pdf", b""),
        ("halaman.pdf", b"<html><script>alert(1)</script></html>"),
        ("arsip.docx", b"PK\x03\x04" + b"\x00" * 40),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(engine, name, data):
    before = counts(engine)
    with pytest.raises(InputError) as info:
        stage(("laporan-baik.pdf", pdf_bytes()), (name, data))
    assert "tidak diterima" in str(info.value) and "dilihat dari isinya" in str(info.value)
    assert counts(engine) == before and stored_objects() == [] and staging_left() == []


def test_every_allowed_type_is_read_from_its_content(engine):
    files = [
        ("a.bin", pdf_bytes()),
        ("b", png_bytes()),
        ("c.txt", jpeg_bytes()),
        ("d.zip", docx_bytes()),
        ("e.zip", xlsx_bytes()),
        ("f", odt_bytes()),
    ]
    staged = stage(*files)
    assert [(f.filename, f.media_type.rsplit("/", 1)[1]) for f in staged] == [
        ("a.pdf", "pdf"),
        ("b.png", "png"),
        ("c.jpg", "jpeg"),
        ("d.docx", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("e.xlsx", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("f.odt", "vnd.oasis.opendocument.text"),
    ]
    for f in staged:
        f.staged.discard()


def test_size_caps_per_file_and_per_submission_leave_nothing_behind(engine):
    big = pdf_bytes() + b"\n" + b"0" * (2 * MB + 100)
    with pytest.raises(UploadTooLarge) as info:
        stage(("besar.pdf", big), limits=Limits(1 * MB, 10 * MB))
    assert "lebih dari 1 MB" in str(info.value)
    with pytest.raises(UploadTooLarge) as info:
        stage(("satu.pdf", big), ("dua.pdf", big + b"1"), limits=Limits(3 * MB, 4 * MB))
    assert "melebihi 4 MB untuk satu pengiriman" in str(info.value)
    assert staging_left() == [] and stored_objects() == [] and counts(engine)[0] == 0


def test_a_failed_commit_leaves_neither_row_nor_file(engine):
    k4 = ids(engine)["K4"]
    before = counts(engine)
    staged = stage(("laporan.pdf", pdf_bytes()))

    def fail(_conn):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away at commit")

    event.listen(engine, "commit", fail)
    try:
        with pytest.raises(RuntimeError):
            act(
                engine,
                [Request(k4, "submit", files=staged)],
                "kominfo.fp1",
                "cli",
                NOW,
                files_store=evidence_store(),
            )
    finally:
        event.remove(engine, "commit", fail)
    assert counts(engine) == before and stored_objects() == [] and staging_left() == []


def test_a_resubmission_after_a_return_keeps_the_earlier_files_as_an_earlier_revision(engine):
    k4 = ids(engine)["K4"]
    first, second = pdf_bytes(1), pdf_bytes(3)
    submit(engine, k4, ("laporan.pdf", first))
    act(engine, [Request(k4, "return", reason="tanda tangan kurang")], "sekda", "cli", NOW)
    submit(engine, k4, ("laporan.pdf", second), ("lampiran.png", png_bytes()))
    with db.session(engine) as s:
        rows = s.execute(select(m.EvidenceFile.revision, m.EvidenceFile.sha256).order_by(m.EvidenceFile.id)).all()
    assert [r for r, _ in rows] == [1, 2, 2]
    assert rows[0][1] == hashlib.sha256(first).hexdigest() and len(stored_objects()) == 3


def _actor(engine, key):  # type: ignore[no-untyped-def]
    with db.session(engine) as s:
        iid = require_instansi(s).id
        return resolve_actor(s, iid, key)[0], iid


def test_downloads_go_only_to_the_opd_and_the_coordinator_and_each_is_a_trail_row(engine):
    k4 = ids(engine)["K4"]
    report = pdf_bytes(2)
    submit(engine, k4, ("laporan.pdf", report))
    with db.session(engine) as s:
        file_id = s.execute(select(m.EvidenceFile.id)).scalar_one()
    events = counts(engine)[2]
    other, iid = _actor(engine, "insp.fp1")
    assert download(engine, evidence_store(), file_id, other, iid, NOW) is None
    assert counts(engine)[2] == events
    for key in ("kominfo.fp1", "sekda"):
        who, iid = _actor(engine, key)
        got = download(engine, evidence_store(), file_id, who, iid, NOW)
        assert got is not None and b"".join(got.chunks) == report and got.row.filename == "laporan.pdf"
    trail = history(engine, k4, None).lines
    assert [line.event for line in trail[-2:]] == ["berkas diunduh", "berkas diunduh"]
    assert trail[-1].who == "Sekretaris Daerah" and "laporan.pdf" in trail[-1].note


def test_an_unreachable_store_is_a_clear_error_and_nothing_is_recorded(engine, monkeypatch, tmp_path, backend):
    k4 = ids(engine)["K4"]
    if backend == "folder":
        (tmp_path / "bukan-folder").write_text("x")
        monkeypatch.setenv("SPBE_EVIDENCE_STORE", str(tmp_path / "bukan-folder" / "bukti"))
    else:
        monkeypatch.setenv("SPBE_EVIDENCE_STORE", "s3://ember-yang-tidak-ada/kota-uji")
    before = counts(engine)
    with pytest.raises(InputError) as info:
        stage(("laporan.pdf", pdf_bytes()))
    assert "Penyimpanan berkas bukti tidak dapat dijangkau" in str(info.value) and "tidak ada yang dicatat" in str(
        info.value
    )
    assert counts(engine) == before
    with pytest.raises(InputError):
        act(engine, [Request(k4, "submit")], "kominfo.fp1", "cli", NOW)
    assert counts(engine) == before


# The pure rules behind the uploads and the bundle (no store, no database).


@pytest.mark.parametrize(
    "given,kind,expected",
    [
        ("C:\\Users\\fp\\Laporan Risiko.PDF", "application/pdf", "Laporan Risiko.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("foto.pdf", "image/png", "foto.png"),
        ("\x00\x1b[31m.hidden", "image/jpeg", "[31m.jpg"),
        (
            'a<b>:"c"|?*.docx',
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "a_b___c____.docx",
        ),
        ("", "application/pdf", "berkas.pdf"),
        ("x" * 300 + ".pdf", "application/pdf", "x" * 120 + ".pdf"),
    ],
)
def test_file_names_are_cleaned_and_take_the_suffix_of_their_content(given, kind, expected):
    from spbe_actions.domain.evidence import clean_filename

    assert clean_filename(given, kind) == expected


def test_sniffing_reads_magic_bytes_only():
    from spbe_actions.domain.evidence import JPEG, PDF, PNG, sniff

    assert sniff(pdf_bytes()[:8]) == PDF and sniff(png_bytes()[:8]) == PNG and sniff(jpeg_bytes()[:8]) == JPEG
    assert sniff(docx_bytes()[:8]) == "zip" and sniff(exe_bytes()[:8]) is None and sniff(b" %PDF-1.7") is None


def test_the_bundle_layout_is_fixed_by_the_data_alone():
    from spbe_actions.domain.bundle import Source, layout, slug

    def src(opd: str, title: str, sha: str, fid: int, expires: dt.date | None = D(2027, 1, 1)) -> Source:
        return Source(
            "Reviu kebijakan",
            opd,
            "2026",
            (("1", 3),),
            (),
            title,
            "pdf",
            sha,
            10,
            D(2026, 2, 1),
            expires,
            "Sekda",
            fid,
        )

    sources = [
        src("DISKOMINFO", "Notulen rapat", "b" * 64, 2),
        src("DISKOMINFO", "Notulen rapat", "a" * 64, 1),
        src("BAPPEDA", "Perwal Arsitektur SPBE", "c" * 64, 3, D(2026, 5, 1)),
    ]
    items = [("1", 2, "Perwal tata kelola", "DISKOMINFO")]
    one = layout(sources, items, [("Rapat tim", "ORGANISASI", (("9", 2),))], D(2026, 7, 1))
    two = layout(list(reversed(sources)), items, [("Rapat tim", "ORGANISASI", (("9", 2),))], D(2026, 7, 1))
    assert one == two
    assert [e.path for e in one.entries] == [
        "1/1-3-BAPPEDA-2026-02-01-Perwal-Arsitektur-SPBE.pdf",
        "1/1-3-DISKOMINFO-2026-02-01-Notulen-rapat-2.pdf",  # the second by hash (b... after a...)
        "1/1-3-DISKOMINFO-2026-02-01-Notulen-rapat.pdf",
    ]
    assert next(e for e in one.entries if e.path.endswith("rapat.pdf")).source.sha256 == "a" * 64
    assert [(g.indicator, g.what) for g in one.gaps] == [
        ("1", "belum ada berkas bukti terverifikasi"),
        ("1", "Perwal Arsitektur SPBE: kedaluwarsa 2026-05-01 sebelum evaluasi"),
        ("9", "pekerjaan tahun ini belum terverifikasi"),
    ]
    assert slug("Bukti — tahun 2026 (final)") == "Bukti-tahun-2026-final" and slug("…") == "bukti"


def test_files_on_postgresql_with_a_store_set(pg_url, plan_file, monkeypatch, tmp_path):
    """PostgreSQL needs SPBE_EVIDENCE_STORE set (no folder beside a server database); then the same rules."""
    from spbe_actions.adapters.settings import Settings
    from spbe_actions.app.evidence import store_url

    with pytest.raises(InputError) as info:
        store_url(Settings(_env_file=None, database_url=pg_url))  # type: ignore[call-arg]
    assert "SPBE_EVIDENCE_STORE" in str(info.value) and "belum diatur" in str(info.value)
    monkeypatch.setenv("SPBE_EVIDENCE_STORE", str(tmp_path / "bukti-pg"))
    init_database(plan_file(small_plan()), NOW, url=pg_url)
    engine = open_engine(pg_url)
    schedule_domain(engine, "risk", NOW, until=D(2025, 4, 30))
    k4 = ids(engine)["K4"]
    submit(engine, k4, ("a.pdf", pdf_bytes(1)), ("b.png", png_bytes()))
    act(engine, [Request(k4, "return", reason="ulang")], "sekda", "cli", NOW)
    submit(engine, k4, ("a.pdf", pdf_bytes(1)))  # the same bytes again: a new row, the same stored file
    with db.session(engine) as s:
        rows = s.execute(
            select(m.EvidenceFile.revision, m.EvidenceFile.evidence_id).order_by(m.EvidenceFile.id)
        ).all()
        evidence_ids = {e.id for e in s.execute(select(m.Evidence)).scalars()}
    assert (
        [r for r, _ in rows] == [1, 1, 2]
        and {e for _, e in rows} <= evidence_ids
        and len(objects_pg(tmp_path)) == 2
    )
    engine.dispose()


def objects_pg(tmp_path) -> list:  # type: ignore[no-untyped-def]
    return [p for p in (tmp_path / "bukti-pg" / "sha256").rglob("*") if p.is_file()]

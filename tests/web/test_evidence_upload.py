"""Evidence files over real HTTP (uvicorn on loopback): a phone-sized Chromium attaching a PDF and a photo,
downloads only for the link's OPD and the logged-in coordinator, 413 over the caps, content checks, revisions,
and a connection dropped mid-upload over a raw socket. The store is a folder, or moto's S3 server on loopback."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from spbe_actions.app.evidence import evidence_store
from spbe_actions.app.tracking import Request, act
from spbe_actions.store import models as m
from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
from tests.support.evidence_files import exe_bytes, pdf_bytes, png_bytes, s3_server
from tests.web.test_web import NOW, Web, assert_secured, coordinator, csrf_of, running

MB = 1024 * 1024


@pytest.fixture(params=["folder", "s3"])
def backend(request, monkeypatch, tmp_path) -> Iterator[str]:
    monkeypatch.setenv("SPBE_EVIDENCE_MAX_FILE_MB", "2")
    monkeypatch.setenv("SPBE_EVIDENCE_MAX_SUBMISSION_MB", "3")
    if request.param == "folder":
        monkeypatch.setenv("SPBE_EVIDENCE_STORE", str(tmp_path / "bukti"))
        yield "folder"
        return
    with s3_server("bukti-web") as options:
        monkeypatch.setenv("SPBE_EVIDENCE_STORE", "s3://bukti-web/uji")
        monkeypatch.setenv("SPBE_EVIDENCE_STORE_OPTIONS", options)
        yield "s3"


@pytest.fixture
def web(backend, tmp_path, plan_file) -> Iterator[Web]:  # type: ignore[no-untyped-def]
    with running(f"sqlite:///{tmp_path / 'web.db'}", plan_file()) as w:
        yield w


def objects() -> list[str]:
    s = evidence_store()
    root = f"{s.root}/sha256"
    return sorted(s.fs.find(root)) if s.fs.exists(root) else []


def staging() -> list[str]:
    s = evidence_store()
    return os.listdir(s.staging) if s.local and s.staging.exists() else []


def file_rows(web: Web) -> int:
    with web.engine.connect() as conn:  # type: ignore[attr-defined]
        return conn.execute(select(func.count()).select_from(m.EvidenceFile)).scalar_one()


def upload(web: Web, who: str, occ: str, files: list[tuple[str, bytes, str]], **fields: str) -> httpx.Response:
    token, page = web.page(who, occ)
    data = {"csrf": csrf_of(page), "tugas": str(web.ids[occ]), **fields}
    return web.client.post(f"/t/{token}/kirim", data=data, files=[("berkas", f) for f in files])


def file_ids(web: Web) -> list[int]:
    with web.engine.connect() as conn:  # type: ignore[attr-defined]
        return [r[0] for r in conn.execute(select(m.EvidenceFile.id).order_by(m.EvidenceFile.id))]


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
@pytest.mark.parametrize("backend", ["folder"], indirect=True)
def test_a_phone_attaches_a_pdf_and_a_photo_and_downloads_one_back(web, tmp_path):
    from playwright.sync_api import sync_playwright

    report, photo = pdf_bytes(2), png_bytes(400)
    (tmp_path / "laporan-risiko.pdf").write_bytes(report)
    (tmp_path / "foto-rapat.png").write_bytes(photo)
    token = web.token("act", "kominfo.fp1", "K4")
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{web.base}/t/{token}")
        assert page.get_attribute("#foto", "capture") == "environment"
        assert "application/pdf" in (page.get_attribute("#berkas", "accept") or "")
        page.set_input_files("#berkas", str(tmp_path / "laporan-risiko.pdf"))
        page.set_input_files("#foto", str(tmp_path / "foto-rapat.png"))
        page.fill("#judul", "Laporan risiko Triwulan IV")
        page.click("button:has-text('Laporkan selesai')")
        page.wait_for_url("**?ok=kirim")  # files: sent by the page's script, which then follows the redirect
        page.wait_for_load_state("networkidle")
        body = page.content()
        assert "dikirim" in body and "laporan-risiko.pdf" in body and "foto-rapat.png" in body
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        link = page.locator("a:has-text('laporan-risiko')").first
        with page.expect_download() as info:
            link.click()
        got = info.value
        assert got.suggested_filename == "laporan-risiko.pdf"
        got.save_as(tmp_path / "kembali.pdf")
        assert (tmp_path / "kembali.pdf").read_bytes() == report
        browser.close()
    assert errors == [], errors
    trail = web.history("K4")
    assert [r.event for r in trail[-2:]] == ["submit", "download"]
    assert {f["name"] for f in trail[-2].detail["files"]} == {"laporan-risiko.pdf", "foto-rapat.png"}
    # the download link answers only the link's OPD and the coordinator
    pdf_id = file_ids(web)[0]
    other = web.token("act", "insp.fp1", "I4")
    denied = web.client.get(f"/t/{other}/berkas/{pdf_id}")
    assert denied.status_code == 403 and "Tautan tidak berlaku" in denied.text and report not in denied.content
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert web.client.get(f"/t/{forged}/berkas/{pdf_id}").status_code == 403
    assert web.client.get(f"/t/{token}/berkas/{pdf_id + 99}").status_code == 403


def test_downloads_are_attachments_with_the_pages_headers_for_the_opd_and_the_coordinator(web):
    report = pdf_bytes(3)
    res = upload(web, "kominfo.fp1", "K4", [("Laporan Q4 — final.pdf", report, "application/pdf")])
    assert res.status_code == 303, res.text
    (fid,) = file_ids(web)
    token = web.token("act", "kominfo.fp1", "K1")  # another task of the same OPD: the OPD's files
    got = web.client.get(f"/t/{token}/berkas/{fid}")
    assert got.status_code == 200 and got.content == report
    assert got.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Laporan%20Q4%20%E2%80%94%20final.pdf" in got.headers["content-disposition"]
    assert got.headers["content-type"] == "application/pdf"
    assert_secured(got)
    coord = coordinator(web)
    board = coord.get("/koordinator")
    assert f"/koordinator/berkas/{fid}" in board.text
    assert coord.get(f"/koordinator/berkas/{fid}").content == report
    assert httpx.get(f"{web.base}/koordinator/berkas/{fid}").status_code == 303  # not logged in: the login
    assert hashlib.sha256(report).hexdigest() in objects()[0]


def test_an_oversized_upload_is_413_in_indonesian_and_leaves_nothing(web):
    big = pdf_bytes() + b"\n%" + b"0" * (2 * MB + 10)  # over the 2 MB file cap, under the 3 MB submission cap
    res = upload(web, "kominfo.fp1", "K4", [("besar.pdf", big, "application/pdf")])
    assert res.status_code == 413 and "lebih dari 2 MB" in res.text and "Tidak ada yang disimpan" in res.text
    huge = [("a.pdf", big[: int(1.9 * MB)], "application/pdf"), ("b.pdf", big[: int(1.9 * MB)], "application/pdf")]
    res = upload(web, "kominfo.fp1", "K4", huge)  # each file under its cap, together over the submission's
    assert res.status_code == 413 and "melebihi 3 MB untuk satu pengiriman" in res.text
    res = upload(web, "kominfo.fp1", "K4", huge * 2)  # the body is far past the cap: cut off by its length
    assert res.status_code == 413 and "3 MB per pengiriman" in res.text and "Tidak ada yang disimpan" in res.text
    assert file_rows(web) == 0 and objects() == [] and staging() == []
    assert web.status("K4")[0] == "open"


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_recorded(web):
    res = upload(web, "kominfo.fp1", "K4", [("laporan.pdf", exe_bytes(), "application/pdf")])
    assert res.status_code == 400 and "tidak diterima" in res.text and "dilihat dari isinya" in res.text
    assert file_rows(web) == 0 and objects() == [] and web.status("K4")[0] == "open"


def test_a_resubmission_keeps_the_earlier_files_and_the_coordinator_sees_both_revisions(web):
    first, second = pdf_bytes(1), pdf_bytes(4)
    assert upload(web, "kominfo.fp1", "K4", [("laporan.pdf", first, "application/pdf")]).status_code == 303
    act(web.engine, [Request(web.ids["K4"], "return", reason="lampiran kurang")], "sekda", "cli", NOW)  # type: ignore[arg-type]
    assert (
        upload(web, "kominfo.fp1", "K4", [("laporan-perbaikan.pdf", second, "application/pdf")]).status_code == 303
    )
    old, new = file_ids(web)
    board = coordinator(web).get("/koordinator").text
    latest, _, earlier = board.partition("Revisi sebelumnya")
    assert f"/koordinator/berkas/{new}" in latest and f"/koordinator/berkas/{old}" not in latest
    assert f"/koordinator/berkas/{old}" in earlier and "revisi 1" in earlier
    assert coordinator(web).get(f"/koordinator/berkas/{old}").content == first
    assert len(objects()) == 2


def test_a_connection_dropped_mid_upload_leaves_no_row_and_no_file(web):
    token, page = web.page("kominfo.fp1", "K4")
    boundary = "----batas-uji"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf_of(page)}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="tugas"\r\n\r\n{web.ids["K4"]}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="berkas"; filename="laporan.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body_start = head + pdf_bytes() + b"0" * (MB // 2)
    host, port = re.match(r"http://([\d.]+):(\d+)", web.base).groups()  # type: ignore[union-attr]
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(
            f"POST /t/{token}/kirim HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {2 * MB}\r\n\r\n".encode()
        )
        sock.sendall(body_start)  # half the declared body, then the phone loses its signal
    # the server carries on: a complete upload afterwards works, and only it is recorded
    later = upload(web, "kominfo.fp1", "K4", [("lengkap.png", png_bytes(), "image/png")])
    assert later.status_code == 303, later.text
    deadline = time.monotonic() + 20
    while staging() and time.monotonic() < deadline:  # wait for the dropped request to be cleaned up
        time.sleep(0.05)
    with web.engine.connect() as conn:  # type: ignore[attr-defined]
        names = [r[0] for r in conn.execute(select(m.EvidenceFile.filename))]
    assert names == ["lengkap.png"] and len(objects()) == 1 and staging() == []


@pytest.mark.parametrize("backend", ["folder"], indirect=True)
def test_the_coordinators_button_downloads_the_evaluation_bundle(web):
    import io
    import zipfile

    report = pdf_bytes(2)
    assert upload(web, "kominfo.fp1", "K4", [("laporan.pdf", report, "application/pdf")]).status_code == 303
    act(web.engine, [Request(web.ids["K4"], "verify")], "sekda", "cli", NOW)  # type: ignore[arg-type]
    coord = coordinator(web)
    assert 'action="/koordinator/paket-bukti"' in coord.get("/koordinator").text
    got = coord.get("/koordinator/paket-bukti", params={"tahun": "2025"})
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert (
        'filename="bukti-2025.zip"' in got.headers["content-disposition"]
        and "attachment" in got.headers["content-disposition"]
    )
    with zipfile.ZipFile(io.BytesIO(got.content)) as zf:
        docs = [n for n in zf.namelist() if n.endswith(".pdf")]
        assert docs and all(zf.read(n) == report for n in docs)
        assert docs[0].startswith("21/21-3-KOMINFO-2025-01-06-")
    assert httpx.get(f"{web.base}/koordinator/paket-bukti").status_code == 303  # not logged in: the login
    assert coord.get("/koordinator/paket-bukti", params={"tahun": "dua"}).status_code == 400

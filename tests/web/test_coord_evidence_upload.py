# ruff: noqa: F811  (the shared fixtures are imported by name, then named as test parameters)
"""The coordinator's upload of bukti dukung over real HTTP (uvicorn on loopback), on a folder and on moto's S3
server: files and links attached as the coordinator, the same caps and content checks, trail rows, and a 403
without a login or with a wrong CSRF field."""

from __future__ import annotations

import hashlib

import httpx

from spbe_actions.app.tracking import EvidenceInput, Request, act
from tests.support.evidence_files import exe_bytes, pdf_bytes, png_bytes
from tests.web.test_evidence_upload import MB, backend, file_rows, objects, staging, web  # noqa: F401 (fixtures)
from tests.web.test_web import NOW, coordinator, csrf_of


def post(client: httpx.Client, web, occ: str, files, **fields: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    page = client.get(f"/koordinator/bukti/{web.ids[occ]}")
    assert page.status_code == 200, page.text
    assert any(f"status {w}" in page.text for w in ("terbuka", "dikembalikan", "dikirim")), "its status in words"
    data = {"csrf": csrf_of(page), **fields}
    return client.post(f"/koordinator/bukti/{web.ids[occ]}", data=data, files=[("berkas", f) for f in files])


def test_the_coordinator_attaches_files_and_a_link_and_the_trail_names_them(web):
    report, photo = pdf_bytes(2), png_bytes(200)
    coord = coordinator(web)
    files = [("sk-tim.pdf", report, "application/pdf"), ("foto.png", photo, "image/png")]
    res = post(coord, web, "K4", files, bukti="https://arsip.example.go.id/sk", judul="SK Tim SPBE")
    assert res.status_code == 303, res.text
    assert res.headers["location"] == f"/koordinator/bukti/{web.ids['K4']}?ok=1"
    page = coord.get(res.headers["location"])
    assert (
        "Bukti dukung tersimpan" in page.text and "sk-tim.pdf" in page.text and "arsip.example.go.id" in page.text
    )
    assert web.status("K4")[0] == "submitted"
    last = web.history("K4")[-1]
    assert last.event == "submit" and last.actor == "sekda"
    assert {f["sha256"] for f in last.detail["files"]} == {hashlib.sha256(b).hexdigest() for b in (report, photo)}
    assert len(objects()) == 2 and staging() == []
    fid = next(int(x) for x in page.text.split("/koordinator/berkas/")[1:2] for x in [x.split('"')[0]])
    assert coord.get(f"/koordinator/berkas/{fid}").content in (report, photo)


def test_without_a_login_or_with_a_wrong_csrf_the_upload_is_403_and_nothing_is_kept(web):
    oid = web.ids["K4"]
    files = [("berkas", ("a.pdf", pdf_bytes(), "application/pdf"))]
    anonymous = httpx.post(f"{web.base}/koordinator/bukti/{oid}", data={"csrf": "x"}, files=files)
    assert anonymous.status_code == 403 and "Tautan tidak berlaku" in anonymous.text
    assert httpx.get(f"{web.base}/koordinator/bukti/{oid}").status_code == 303  # the page: to the login
    coord = coordinator(web)
    forged = coord.post(f"/koordinator/bukti/{oid}", data={"csrf": "salah"}, files=files)
    assert forged.status_code == 403
    assert coord.get("/koordinator/bukti/999999").status_code == 403  # not an occurrence of the instansi
    assert file_rows(web) == 0 and objects() == [] and web.status("K4")[0] == "open"


def test_the_coordinators_upload_has_the_same_caps_and_content_checks(web):
    coord = coordinator(web)
    big = pdf_bytes() + b"\n%" + b"0" * (2 * MB + 10)
    res = post(coord, web, "K4", [("besar.pdf", big, "application/pdf")])
    assert res.status_code == 413 and "lebih dari 2 MB" in res.text and "Tidak ada yang disimpan" in res.text
    res = post(coord, web, "K4", [("x.pdf", exe_bytes(), "application/pdf")])
    assert res.status_code == 400 and "dilihat dari isinya" in res.text
    huge = [("a.pdf", big[: int(1.9 * MB)], "application/pdf")] * 4  # past the body cap: cut off by its length
    res = post(coord, web, "K4", huge)
    assert res.status_code == 413 and "3 MB per pengiriman" in res.text
    assert file_rows(web) == 0 and objects() == [] and staging() == [] and web.status("K4")[0] == "open"


def test_a_submitted_occurrence_is_refused_with_a_message(web):
    act(
        web.engine,
        [Request(web.ids["K4"], "submit", evidence=(EvidenceInput("https://a.example/sk"),))],
        "sekda",
        "cli",
        NOW,
    )  # type: ignore[arg-type]
    res = post(coordinator(web), web, "K4", [("a.pdf", pdf_bytes(), "application/pdf")])
    assert res.status_code == 400 and "Belum tersimpan" in res.text
    assert file_rows(web) == 0 and objects() == []

"""The coordinator's page of one item (issue #14, item 3) over real HTTP: what it shows, the decisions taken from
it (back to it), its own instansi only (404 otherwise), the login that brings the coordinator back to it (local
paths only), a fixed number of SQL statements, and no sideways scroll on a 390 px phone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from spbe_actions.adapters import formats
from spbe_actions.app.accounts import set_account
from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import tasks
from spbe_actions.app.tracking import EvidenceInput, Request, act
from tests.app.test_instansi import NOW as NOW3
from tests.app.test_instansi import setup_three
from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
from tests.web.test_instansi_web import NAMES, login, site
from tests.web.test_instansi_web import PASSWORD as PASSWORD3
from tests.web.test_instansi_web import Clock as SiteClock
from tests.web.test_page_390 import LONG_URL, no_sideways_scroll
from tests.web.test_query_count import counted
from tests.web.test_web import NOW, PASSWORD, TITLE, Web, coordinator, csrf_of, running

LINK = "https://dokumen.example.go.id/kominfo/laporan-risiko-q4.pdf"


@pytest.fixture
def lite(tmp_path, plan_file) -> Iterator[Web]:  # type: ignore[no-untyped-def]
    with running(f"sqlite:///{tmp_path / 'web.db'}", plan_file()) as w:
        yield w


def _item(client: httpx.Client, oid: int) -> httpx.Response:
    return client.get(f"/koordinator/tugas/{oid}")


def _submit_k4(web: Web) -> None:
    sent = web.form_post("kominfo.fp1", "K4", "kirim", bukti=LINK, judul="Laporan risiko Q4")
    assert sent.status_code == 303


def test_the_item_page_shows_the_work_and_decides_back_to_itself(db_url, plan_file):  # type: ignore[no-untyped-def]
    with running(db_url, plan_file()) as web:
        _submit_k4(web)
        client = coordinator(web)
        page = _item(client, web.ids["K4"])
        assert page.status_code == 200, page.text
        text = page.text
        assert TITLE in text and "Dinas Komunikasi dan Informatika" in text and "KOMINFO" in text
        assert "periode Triwulan IV 2024" in text and "10 Januari 2025" in text  # period and due in words
        assert "dikirim" in text.lower() and "Poin indeks dipertaruhkan" in text
        points = next(v.points for v in tasks(web.engine, NOW) if v.row.id == web.ids["K4"])
        shown = re.search(r"Poin indeks dipertaruhkan</dt>\s*<dd>([^<]+)</dd>", text)
        assert shown and shown.group(1) == formats.points(points, "id"), (shown, points)  # the task list's figure
        assert "Laporan risiko Q4" in text and "dokumen.example.go.id" in text and f'href="{LINK}"' in text
        assert "Operator SPBE Diskominfo, melalui halaman tautan" in text  # the history in people's words
        assert f'href="/koordinator/bukti/{web.ids["K4"]}"' in text
        assert f'action="/koordinator/tugas/{web.ids["K4"]}/verifikasi"' in text
        assert f'action="/koordinator/tugas/{web.ids["K4"]}/kembalikan"' in text
        assert "/tolak" not in text  # no extension is asked for
        for internal in ("kominfo.fp1", "2024-Q4", "submitted", "risk-monitoring"):
            assert internal not in text, internal
        board = client.get("/koordinator")
        assert f'href="/koordinator/tugas/{web.ids["K4"]}"' in board.text  # the board links each item

        back = client.post(
            f"/koordinator/tugas/{web.ids['K4']}/kembalikan",
            data=dict(csrf=csrf_of(page), dari="tugas", alasan="Lampirkan tanda tangan kepala dinas"),
        )
        assert back.status_code == 303
        assert back.headers["location"] == f"/koordinator/tugas/{web.ids['K4']}?ok=kembalikan"
        assert web.status("K4")[0] == "returned"
        again = client.get(back.headers["location"])
        assert "Laporan dikembalikan ke OPD" in again.text and "Dikembalikan oleh" in again.text
        assert "Lampirkan tanda tangan kepala dinas" in again.text
        assert "/verifikasi" not in again.text and "Perpanjang tenggat" in again.text  # what is left to decide

        empty = client.post(
            f"/koordinator/tugas/{web.ids['K4']}/perpanjang", data=dict(csrf=csrf_of(page), dari="tugas")
        )
        assert empty.status_code == 400 and TITLE in empty.text and "isi alasannya" in empty.text
        client.close()


def test_an_extension_request_is_decided_on_the_item_page(lite):  # type: ignore[no-untyped-def]
    web = lite
    sent = web.form_post("kominfo.fp1", "K1", "perpanjangan", tanggal="2025-05-09", alasan="Menunggu data BPS")
    assert sent.status_code == 303
    client = coordinator(web)
    page = _item(client, web.ids["K1"])
    assert "2025-05-09" in page.text and "Menunggu data BPS" in page.text and "Setujui perpanjangan" in page.text
    no = client.post(
        f"/koordinator/tugas/{web.ids['K1']}/tolak",
        data=dict(csrf=csrf_of(page), dari="tugas", alasan="Data sudah tersedia"),
    )
    assert no.status_code == 303 and no.headers["location"].startswith(f"/koordinator/tugas/{web.ids['K1']}?")
    assert web.status("K1")[0] == "open"
    client.close()


@pytest.mark.parametrize("oid", ["999999", "0", "-1", "abc", "1e3", "99999999999999999999", "%20"])
def test_an_unknown_or_invalid_id_is_not_found_in_indonesian(lite, oid):  # type: ignore[no-untyped-def]
    client = coordinator(lite)
    with counted(lite.engine) as statements:
        page = client.get(f"/koordinator/tugas/{oid}")
    assert page.status_code == 404 and "Tugas tidak ditemukan" in page.text and TITLE not in page.text
    if oid != "999999":  # an id the database cannot hold is refused without asking it (beyond the session)
        assert not any("FROM occurrence" in s for s in statements), statements
    client.close()


def test_another_instansis_item_is_not_found(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'tiga.db'}"
    setup_three(url, plan_file)
    engine = open_engine(url)
    for code in ("kota-barat", "kota-tengah"):
        set_account(engine, f"koor-{code}", PASSWORD3, NOW3, instansi=code, iterations=200_000)
    mine = next(v.row for v in tasks(engine, NOW3, instansi="kota-tengah") if v.row.opd_code == "KOMINFO")
    theirs = next(v.row for v in tasks(engine, NOW3, instansi="kota-barat") if v.row.opd_code == "KOMINFO")
    engine.dispose()
    with site(url, SiteClock(NOW3)) as base:
        client, logged = login(base, "koor-kota-tengah")
        assert logged.status_code == 303
        ok = client.get(f"/koordinator/tugas/{mine.id}")
        assert ok.status_code == 200 and NAMES["kota-tengah"] in ok.text
        other = client.get(f"/koordinator/tugas/{theirs.id}")
        assert other.status_code == 404 and "Tugas tidak ditemukan" in other.text
        assert NAMES["kota-barat"] not in other.text
        client.close()


def test_the_login_brings_the_coordinator_back_to_the_item_and_only_to_a_local_path(lite):  # type: ignore[no-untyped-def]
    web = lite
    oid = web.ids["K4"]
    client = httpx.Client(base_url=web.base, follow_redirects=False, timeout=20)
    asked = _item(client, oid)
    assert (
        asked.status_code == 303
        and asked.headers["location"] == f"/koordinator/masuk?next=/koordinator/tugas/{oid}"
    )
    form = client.get(asked.headers["location"])
    assert f'name="next" value="/koordinator/tugas/{oid}"' in form.text
    logged = client.post(
        "/koordinator/masuk",
        data=dict(csrf=csrf_of(form), pengguna="koordinator", sandi=PASSWORD, next=f"/koordinator/tugas/{oid}"),
    )
    assert logged.status_code == 303 and logged.headers["location"] == f"/koordinator/tugas/{oid}"
    page = client.get(logged.headers["location"])
    assert page.status_code == 200 and TITLE in page.text
    client.close()
    for foreign in (
        "https://penipu.example.com/koordinator",
        "//penipu.example.com/koordinator",
        "/\\penipu.example.com",
        "/koordinator/../../x",
        "/koordinator/%2e%2e/%2e%2e/x",
        "/koordinator//penipu.example.com",
        "/koordinator/masuk",
        "/koordinator/tugas/1\n",
        "javascript:alert(1)",
        "/t/abc",
    ):
        fresh = httpx.Client(base_url=web.base, follow_redirects=False, timeout=20)
        form = fresh.get("/koordinator/masuk", params={"next": foreign})
        assert "penipu" not in form.text and 'name="next"' not in form.text, foreign
        logged = fresh.post(
            "/koordinator/masuk",
            data=dict(csrf=csrf_of(form), pengguna="koordinator", sandi=PASSWORD, next=foreign),
        )
        assert logged.status_code == 303 and logged.headers["location"] == "/koordinator", foreign
        fresh.close()


def test_the_item_page_reads_the_same_few_statements_however_much_it_holds(db_url, plan_file):  # type: ignore[no-untyped-def]
    with running(db_url, plan_file()) as web:
        client = coordinator(web)
        with counted(web.engine) as bare:
            assert _item(client, web.ids["I4"]).status_code == 200
        _submit_k4(web)
        for n in range(3):  # a longer trail and more evidence
            ev = (EvidenceInput(f"https://dokumen.example.go.id/lampiran-{n}.pdf", f"Lampiran {n}"),)
            act(web.engine, [Request(web.ids["K4"], "return", reason=f"kurang {n}")], "sekda", "cli", NOW)
            act(web.engine, [Request(web.ids["K4"], "submit", evidence=ev)], "kominfo.fp1", "cli", NOW)
        with counted(web.engine) as full:
            page = _item(client, web.ids["K4"])
        assert page.status_code == 200 and "Lampiran 2" in page.text and "kurang 1" in page.text
        assert len(full) == len(bare) and len(full) <= 8, "\n\n".join(full)
        client.close()


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_item_page_on_a_phone_through_the_login(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    """Chromium at 390 px (and 360): the item link asks for the login, the login brings the coordinator back to
    the item, and the page (long evidence URL, a return's reason, an extension form) has no sideways scroll."""
    from playwright.sync_api import sync_playwright

    with running(f"sqlite:///{tmp_path / 'web.db'}", plan_file()) as web:
        web.clock.now = NOW.replace(day=23)  # K4 (due 2025-01-10) is late
        links = f"{LONG_URL}\n{LINK}"
        assert (
            web.form_post("kominfo.fp1", "K4", "kirim", bukti=links, judul="Laporan risiko Q4").status_code == 303
        )
        returned = Request(web.ids["K4"], "return", reason="Tanda tangan belum ada")
        act(web.engine, [returned], "sekda", "cli", web.clock.now)
        with sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{web.base}/koordinator/tugas/{web.ids['K4']}")
            assert "/koordinator/masuk?next=" in page.url
            page.fill("#pengguna", "koordinator")
            page.fill("#sandi", PASSWORD)
            page.click("button:has-text('Masuk')")
            page.wait_for_load_state("networkidle")
            assert page.url.endswith(f"/koordinator/tugas/{web.ids['K4']}"), page.url
            assert TITLE in page.inner_text("h1") and "Pemerintah Kota Uji" in page.inner_text("header.atas")
            assert "Tanda tangan belum ada" in page.inner_text("#dikembalikan")
            assert "terlambat 13 hari" in page.inner_text("main") and "mis. 2025-01-24" in page.inner_text("main")
            no_sideways_scroll(page, tmp_path / "koordinator-tugas-390.png")
            page.set_viewport_size({"width": 360, "height": 740})
            no_sideways_scroll(page, tmp_path / "koordinator-tugas-360.png")
            browser.close()
        assert errors == [], errors

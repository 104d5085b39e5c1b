"""The action page on a phone (issue #14), in headless Chromium at 390 and 360 px: after a submission with a long
evidence URL there is no sideways scroll (scrollWidth <= clientWidth); two links with one title read apart (title,
host and file name); the instansi and the person are named at the top; the date field asks TTTT-BB-HH and shows
it; the trail speaks of people, not keys or channels; returned work says why at the top; `/` is a small index.
Screenshots are kept in the test's tmp folder (and in test-artifacts/)."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from spbe_actions.app.tracking import Request, act
from tests.conftest import REPO
from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
from tests.web.test_web import running

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)

ARTIFACTS = REPO / "test-artifacts"
LONG_URL = (
    "https://dokumen.example.go.id/diskominfo/manajemen-risiko/2024/triwulan-iv/"
    "laporan-pemantauan-risiko-spbe-triwulan-iv-2024-final-ditandatangani-kepala-dinas.pdf"
)
OTHER_URL = "https://dokumen.example.go.id/diskominfo/manajemen-risiko/2024/lampiran-register-risiko.pdf"
TITLE = "Laporan pemantauan risiko Triwulan IV"
NO_SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def no_sideways_scroll(page, shot) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(shot), full_page=True)
    scroll, client = page.evaluate(NO_SIDEWAYS)
    assert scroll <= client, (shot.name, scroll, client)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / shot.name)


def test_the_action_page_on_a_phone_after_a_submission(tmp_path, plan_file):
    from playwright.sync_api import sync_playwright

    with running(f"sqlite:///{tmp_path / 'web.db'}", plan_file()) as web:
        web.clock.now = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # K4 (due 2025-01-10) is late
        token = web.token("act", "kominfo.fp1", "K4")
        with sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{web.base}/t/{token}")
            head = page.inner_text("header.atas")
            assert "Pemerintah Kota Uji" in head and "Operator SPBE Diskominfo" in head
            date = page.locator("#berlaku")
            assert date.get_attribute("type") == "text" and date.get_attribute("placeholder") == "TTTT-BB-HH"
            assert "TTTT-BB-HH" in page.inner_text("#berlaku-bantuan")
            page.fill("#bukti", f"{LONG_URL}\n{OTHER_URL}")
            page.fill("#judul", TITLE)
            page.fill("#berlaku", "2025-01-20")
            page.click("button:has-text('Laporkan selesai')")
            page.wait_for_load_state("networkidle")
            assert "Terima kasih" in page.inner_text("main")
            no_sideways_scroll(page, tmp_path / "page-390-submitted.png")
            page.set_viewport_size({"width": 360, "height": 740})
            no_sideways_scroll(page, tmp_path / "page-360-submitted.png")

            attached = page.locator("h2:has-text('Bukti terlampir') + .kartu li").all_inner_texts()
            assert len(attached) == 2 and len(set(attached)) == 2, attached  # one title, still told apart
            assert all(TITLE in a and "dokumen.example.go.id" in a for a in attached)
            assert any("lampiran-register-risiko.pdf" in a for a in attached)
            trail = page.inner_text(".riwayat")
            assert "Operator SPBE Diskominfo, melalui halaman tautan" in trail and "Otomatis oleh sistem" in trail
            assert TITLE in trail and LONG_URL not in trail  # the evidence by its title, not its address
            main = page.inner_text("body")
            for internal in ("lewat", "kominfo.fp1", " flow", "oleh sistem,"):
                assert internal not in main, internal
            assert "20 Januari 2025" in main  # the effective date as people write it

            # the coordinator sends it back: the reason stands at the top of the page, before the forms
            act(web.engine, [Request(web.ids["K4"], "return", "Lampirkan tanda tangan kepala dinas")], "sekda",
                "cli", web.clock.now)  # fmt: skip
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(f"{web.base}/t/{token}")
            top = page.inner_text("#dikembalikan")
            assert "Sekretaris Daerah" in top and "Lampirkan tanda tangan kepala dinas" in top
            html = page.content()
            assert html.index('id="dikembalikan"') < html.index("Laporkan selesai") < html.index("Riwayat")
            no_sideways_scroll(page, tmp_path / "page-390-returned.png")

            page.goto(f"{web.base}/")
            assert page.locator("a[href='/koordinator']").count() == 1
            assert "tautan dari pengingat" in page.inner_text("main")
            no_sideways_scroll(page, tmp_path / "index-390.png")
            browser.close()
        assert errors == [], errors
        assert web.client.get("/").status_code == 200
    assert (tmp_path / "page-390-submitted.png").stat().st_size > 10_000


def test_every_date_field_asks_the_same_format(tmp_path, plan_file):
    """The submit form and the extension request both take TTTT-BB-HH as text, with the hint shown."""
    with running(f"sqlite:///{tmp_path / 'web.db'}", plan_file()) as web:
        html = web.page("kominfo.fp1", "K4")[1].text
    fields = re.findall(r"<input id=\"(berlaku|tanggal)\"[^>]*>", html)
    assert sorted(fields) == ["berlaku", "tanggal"], html
    assert 'type="date"' not in html
    assert html.count('placeholder="TTTT-BB-HH"') == 2 and html.count("Tulis TTTT-BB-HH") == 2

"""End to end in a real browser: a reminder mail caught by the test SMTP server, its signed link opened in
headless Chromium (Debian's package, driven by Playwright), evidence filled in and submitted, and the occurrence
`submitted` in the database and in `spbe history`. The screenshot is kept in test-artifacts/."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from spbe_actions import store
from spbe_actions.adapters.notify import Smtp
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import dispatch
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.store import engine as db
from spbe_actions.web.app import create_app
from tests.conftest import REPO
from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
from tests.support.plans import small_plan
from tests.support.servers import SmtpServer, free_port, serve

ARTIFACTS = REPO / "test-artifacts"
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # Thursday 09:00 WIB: the 2024-Q4 report is late
SECRET = "e2e-" + "k" * 40

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)


def _link_from_mail(smtp: SmtpServer, address: str) -> str:
    (mail,) = smtp.to(address)
    links = re.findall(r"http://127\.0\.0\.1:\d+/t/[\w.-]+", mail.part("plain"))
    assert links, mail.part("plain")
    return links[0]


def test_open_a_reminder_link_and_submit_evidence_in_chromium(tmp_path, plan_file, monkeypatch):
    from playwright.sync_api import sync_playwright

    port = free_port()
    monkeypatch.setenv("SPBE_BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("SPBE_LINK_SECRET", SECRET)
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    with SmtpServer() as smtp:
        sweep(engine, LATER)
        assert dispatch(engine, LATER, smtp=Smtp("127.0.0.1", smtp.port, sender="spbe@example.go.id")).sent == 2
        link = _link_from_mail(smtp, "kominfo-fp1@example.go.id")

    app = create_app(engine, get_settings(), clock=lambda: LATER)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(app, port), sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone, opened from a chat app
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(link)
        assert "Laporan pemantauan risiko SPBE triwulanan" in page.content()
        page.fill("#bukti", "https://dokumen.example.go.id/kominfo/risiko-2024-q4.pdf")
        page.fill("#judul", "Laporan pemantauan risiko Triwulan IV 2024")
        page.click("button:has-text('Laporkan selesai')")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / "web-e2e-submitted.png"), full_page=True)
        body = page.content()
        browser.close()
    assert "dikirim" in body  # the status label on the page after the redirect
    assert errors == [], errors  # no CSP violations, no script errors

    with db.session(engine) as s:
        kom = next(r for r in store.task_rows(s, 1, ["submitted"]) if r.opd_code == "KOMINFO")
    assert kom.period == "2024-Q4"
    history = subprocess.run(
        [sys.executable, "-m", "spbe_actions", "history", str(kom.id)],
        capture_output=True,
        text=True,
        env={**os.environ, "SPBE_DATABASE_URL": url},
        timeout=60,
        cwd=REPO,
    )
    flat = " ".join(history.stdout.split())
    assert history.returncode == 0 and "tautan" in flat and "Operator" in flat and "risiko-2024-q4.pdf" in flat
    assert (ARTIFACTS / "web-e2e-submitted.png").stat().st_size > 10_000
    engine.dispose()

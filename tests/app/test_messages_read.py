"""Everything people read from one morning's run, read back as they receive it (issue #14).

A demo-like flow on the Pemdi sample (120 days of simulated OPD work, today's schedule, the daily reminders and
the weekly digests at one instant) sends through a real SMTP server (aiosmtpd) and a real chat webhook; every
mail and chat payload is then read: no internal codes, Indonesian numbers, links in coordinator and Kepala OPD
mails that open on a running ``spbe web``, chat texts within their channel's limit, and one late count per OPD
across every message. Then a 40-item digest to a Telegram-sized channel, and the mail's own parts and headers.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from markupsafe import escape
from sqlalchemy import Engine

from spbe_actions.adapters import notify
from spbe_actions.adapters.settings import get_settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import dispatch
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import domains_to_schedule, schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.weekly import prepare_weekly, publish_weekly
from spbe_actions.demo.activity import record_activity
from tests.support.browser import CHROMIUM, NO_CHROMIUM, launch
from tests.support.plans import person, small_plan
from tests.support.processes import spawn, stop
from tests.support.servers import HookServer, Mail, SmtpServer

NOW = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)  # Tuesday 08:00 WIB
LOOKBACK = dt.timedelta(days=120)
SECRET = "rahasia-tautan-uji-pesan-yang-dibaca-0123456789"
BASE = "http://127.0.0.1:{port}"
TELEGRAM = 4096
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# what a reader must never see: period keys, register keys, English domain keys, person keys, subject keys
INTERNAL = re.compile(
    r"\bexp-\d{4}|\bev-[a-z]|\b(?:coordination|services|hr_competency|ict_audit|risk|evidence)\b"
    r"|\b[a-z]+\.(?:fp|kadis|kaban|kabag|kepala)\d*\b|\bocc:\d+|\bEXP-\d"
    r"|\b\d{4}-Q[1-4]\b|\b\d{4}-\d{2}-\d{2}\b"  # quarter keys and ISO dates: periods and dates read in words
)
DOT_DECIMAL = re.compile(r"(?<![\d.:/=\w-])\d+\.\d{1,4}(?![\d.])")  # 0.165, 2.58: English decimals
LATE = re.compile(r"\b([A-Z][A-Z0-9]+): (\d+) terlambat")
URL = re.compile(r"https?://\S+")


def _words(text: str) -> str:
    """The text without its URLs, e-mail addresses (tokens and hosts are not prose) and clock times (08.00 WIB)."""
    text = re.sub(r"\b\d{2}\.\d{2} (?:WIB|WITA|WIT)\b", " ", text)
    return re.sub(r"\S+@\S+", " ", URL.sub(" ", text))


def _demo_like(url: str) -> Engine:
    plan = get_settings().plan
    init_database(plan, now=NOW - LOOKBACK, url=url)
    engine = open_engine(url)
    until = dt.date(2027, 3, 31)
    for domain, _ in domains_to_schedule(engine):
        schedule_domain(engine, domain, NOW - LOOKBACK, until=until, since=(NOW - LOOKBACK).date())
    record_activity(engine, NOW)
    for domain, _ in domains_to_schedule(engine):
        schedule_domain(engine, domain, NOW, until=until)
    return engine


@pytest.fixture
def morning(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """One morning's run: the mails and chat posts it sent, and the web app its links point to."""
    port = _free_port()
    monkeypatch.setenv("SPBE_BASE_URL", BASE.format(port=port))
    monkeypatch.setenv("SPBE_LINK_SECRET", SECRET)
    monkeypatch.setenv("SPBE_LINK_DAYS", "36500")  # the links still open on the real clock of `spbe web`
    url = f"sqlite:///{tmp_path / 'pagi.db'}"
    engine = _demo_like(url)
    with SmtpServer() as smtp, HookServer() as hook:
        monkeypatch.setenv("SPBE_CHAT_REDIRECT", f"json://127.0.0.1:{hook.port}/chat?maxlen={TELEGRAM}")
        swept = sweep(engine, NOW)
        run = prepare_weekly(engine, NOW)
        publish_weekly(engine, NOW, run, tmp_path)
        sent = dispatch(engine, NOW, smtp=notify.Smtp(smtp.host, smtp.port, sender="pemdi@mojokertokota.go.id"))
    assert swept.queued > 5 and sent.failed == sent.dead == 0, sent.lines
    yield engine, list(smtp.mails), list(hook.posts), port
    engine.dispose()


def _free_port() -> int:
    from tests.support.servers import free_port

    return free_port()


def _kind(mail: Mail) -> str:
    s = mail.subject
    return (
        "weekly"
        if "mingguan" in s
        else "summary"
        if "koordinator" in s
        else "escalation"
        if "Eskalasi" in s
        else "digest"
    )


def test_every_message_of_one_morning_reads_right(morning, tmp_path):
    engine, mails, posts, port = morning
    assert len(mails) >= 8 and posts
    late: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for mail in mails:
        text, html = mail.part("plain"), mail.part("html")
        assert text and html, f"{mail.subject}: both parts expected"
        for where, body in (("subject", mail.subject), ("text", text), ("html", html)):
            prose = _words(re.sub(r"<[^>]+>", " ", body))
            assert not INTERNAL.search(prose), (mail.subject, where, INTERNAL.search(prose))
            assert not DOT_DECIMAL.search(prose), (mail.subject, where, DOT_DECIMAL.search(prose))
            assert "WIB" in body or where == "subject", (mail.subject, where)
            for opd, n in LATE.findall(prose):
                late[opd][_kind(mail)].add(int(n))
        assert "Poin indeks dipertaruhkan: 0,000" not in text  # evidence renewals carry no points
    for post in posts:
        message, title = post.json["message"], post.json["title"]
        assert len(message) <= TELEGRAM - 32, (title, len(message))
        prose = _words(message)
        assert not INTERNAL.search(prose) and not DOT_DECIMAL.search(prose), (title, prose)
        for opd, n in LATE.findall(prose):
            late[opd]["chat"].add(int(n))
    seen_in = {opd: kinds for opd, kinds in late.items() if len(kinds) > 1}
    assert seen_in, late  # some OPD is named by more than one kind of message
    for opd, kinds in late.items():
        values = set().union(*kinds.values())
        assert len(values) == 1, f"{opd} late counts differ across messages: {dict(kinds)}"
    _coordinator_and_head_links_open(engine, mails, posts, port, tmp_path)
    _mails_fit_a_phone(mails, tmp_path)


def _coordinator_and_head_links_open(
    engine: Engine, mails: list[Mail], posts: list, port: int, folder: Path
) -> None:
    """On a real ``spbe web`` process: every coordinator and Kepala OPD mail links somewhere, and every link of
    every mail and chat post opens (200, or the coordinator's login page); logged in through the login its
    ``next`` brings back, each coordinator item link opens the item's page, which names the item."""
    readers = [m for m in mails if _kind(m) in ("summary", "weekly", "escalation")]
    assert readers
    for mail in readers:
        links = re.findall(r'href="([^"]+)"', mail.part("html"))
        assert links, f"{mail.subject}: no link"
        assert all(len(text) < 40 for text in re.findall(r"<a [^>]*>([^<]*)</a>", mail.part("html")))
    bodies = [b for m in mails for b in (m.part("plain"), m.part("html"))] + [p.json["message"] for p in posts]
    urls = {u.rstrip(".,)") for body in bodies for u in re.findall(r'https?://[^\s"<>]+', body)}
    items = {u for u in urls if ITEM.search(u)}
    weekly = [m for m in mails if _kind(m) == "weekly" and "Laporan lengkap terlampir" in m.part("plain")]
    assert items and weekly, "no coordinator item link in any message"
    for mail in weekly + [m for m in mails if _kind(m) == "summary"]:  # both parts of a coordinator mail
        listed = len(re.findall(r"<li[ >]", mail.part("html")))
        for kind in ("html", "plain"):
            assert ITEM.search(mail.part(kind)) or not listed, (mail.subject, kind)
    assert any(ITEM.search(p.json["message"]) for p in posts), "no coordinator item link in a chat post"
    with spbe_web(engine, port, folder) as base, httpx.Client(timeout=20) as client:
        for url in sorted(urls):
            assert url.startswith(base), url
            answer = client.get(url, follow_redirects=True)
            assert answer.status_code == 200, (url, answer.status_code)
            if ITEM.search(url):
                assert answer.url.path == "/koordinator/masuk" and "Masuk koordinator" in answer.text, url
        _item_pages_after_login(engine, base, sorted(items))


ITEM = re.compile(r"/koordinator/tugas/(\d+)(?![\d/])")
WEB_PASSWORD = "kata-sandi-koordinator-pesan-uji"


@contextmanager
def spbe_web(engine: Engine, port: int, folder: Path) -> Iterator[str]:
    """``spbe web`` as its own process on ``port`` over the run's database (what the links point to)."""
    from spbe_actions.domain.passwords import hash_password

    env = {
        **os.environ,
        "SPBE_DATABASE_URL": str(engine.url),
        "SPBE_LINK_SECRET": SECRET,
        "SPBE_COORDINATOR_PASSWORD_HASH": hash_password(WEB_PASSWORD, iterations=200_000),
    }
    log = folder / "spbe-web.log"
    proc = spawn([sys.executable, "-m", "spbe_actions", "web", "--port", str(port)], log, env=env)
    base = BASE.format(port=port)
    try:
        with httpx.Client(base_url=base, timeout=5) as client:
            for _ in range(600):  # up to a minute to start
                try:
                    if client.get("/koordinator/masuk").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, log.read_text()
                time.sleep(0.1)
        yield base
    finally:
        stop(proc)


def _item_pages_after_login(engine: Engine, base: str, items: list[str]) -> None:
    from sqlalchemy import select

    from spbe_actions.store import models as m

    ids = [int(ITEM.search(u)[1]) for u in items]  # type: ignore[index]
    with engine.connect() as conn:
        o, a = m.Occurrence, m.Action
        titles = dict(conn.execute(select(o.id, a.title).join(a, a.id == o.action_id).where(o.id.in_(ids))).all())
    with httpx.Client(timeout=20, follow_redirects=False) as client:
        first = client.get(items[0])
        login = client.get(base + first.headers["location"])
        assert 'name="next"' in login.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)[1]  # type: ignore[index]
        back = re.search(r'name="next" value="([^"]+)"', login.text)[1]  # type: ignore[index]
        logged = client.post(
            f"{base}/koordinator/masuk",
            data=dict(csrf=csrf, pengguna="koordinator", sandi=WEB_PASSWORD, next=back),
        )
        assert logged.status_code == 303 and base + logged.headers["location"] == items[0], logged.headers
        for url, oid in zip(items, ids, strict=True):
            page = client.get(url)
            assert page.status_code == 200, (url, page.status_code)
            assert str(escape(titles[oid])) in page.text, (url, titles[oid])


def _mails_fit_a_phone(mails: list[Mail], folder: Path) -> None:
    """The longest HTML mail of each kind, at 390 px in Chromium: no sideways scroll (screenshots kept)."""
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    longest: dict[str, Mail] = {}
    for mail in mails:
        kind = _kind(mail)
        if kind not in longest or len(mail.part("html")) > len(longest[kind].part("html")):
            longest[kind] = mail
    ARTIFACTS.mkdir(exist_ok=True)
    overflow = {}
    with sync_playwright() as pw:
        browser = launch(pw)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        for kind, mail in sorted(longest.items()):
            page = folder / f"surel-{kind}.html"
            page.write_text(f"<!doctype html><meta charset=utf-8><body>{mail.part('html')}", encoding="utf-8")
            phone.goto(page.as_uri())
            overflow[kind] = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            phone.screenshot(path=str(ARTIFACTS / f"mail-{kind}-390.png"), full_page=True)
        browser.close()
    assert set(overflow) >= {"digest", "weekly"} and all(v <= 0 for v in overflow.values()), overflow


# --- a long digest on a Telegram-sized channel --------------------------------------------------------------


def _forty_item_plan() -> dict:
    data = small_plan()
    fp = data["opds"][0]["focal_points"][0]
    fp["channels"] = []  # set per test: the hook server's port
    for i in range(40):
        data["actions"].append(
            {
                "id": f"laporan-{i:02d}",
                "title": f"Laporan bulanan layanan digital nomor {i + 1:02d} dengan judul yang cukup panjang",
                "domain": "risk",
                "raises": [{"indicator": "21", "level": 3 + i % 3}],
                "owners": [data["opds"][0]["code"]],
                "recurrence": {"kind": "monthly", "day": 10},
                "evidence": ["Laporan"],
            }
        )
    data["opds"][0]["focal_points"].append(person("kominfo.fp9", "Operator Cadangan"))
    return data


def test_a_forty_item_digest_is_shortened_for_telegram_and_complete_by_email(tmp_path, plan_file, monkeypatch):
    monkeypatch.setenv("SPBE_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("SPBE_LINK_SECRET", SECRET)
    with SmtpServer() as smtp, HookServer() as hook:
        data = _forty_item_plan()
        data["opds"][0]["focal_points"][0]["channels"] = [f"json://127.0.0.1:{hook.port}/tg?maxlen={TELEGRAM}"]
        url = f"sqlite:///{tmp_path / 'empat-puluh.db'}"
        start = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
        init_database(plan_file(data), start, url=url)
        engine = open_engine(url)
        schedule_domain(engine, "risk", start, until=dt.date(2025, 1, 31))
        when = dt.datetime(2025, 1, 20, 2, 0, tzinfo=dt.UTC)  # Monday 09:00 WIB: the January reports are late
        sweep(engine, when)
        dispatch(engine, when, smtp=notify.Smtp(smtp.host, smtp.port, sender="spbe@kota-uji.go.id"))
        engine.dispose()
    fp = data["opds"][0]["focal_points"]
    (chat,) = [p for p in hook.posts if p.path.startswith("/tg")]
    message = chat.json["message"]
    assert len(message) <= TELEGRAM
    shown = re.findall(r"^\d+\. ", message, re.M)
    hidden = int(re.search(r"dan (\d+) tugas lain", message)[1])  # type: ignore[index]
    (backup,) = smtp.to(fp[1]["email"])  # the second focal point has no chat: everything by email
    body = backup.part("plain")
    listed = body.count("\n- ")
    assert listed >= 40 and "tugas lain" not in body
    assert 0 < len(shown) < listed and len(shown) + hidden == listed  # the rest counted, none lost
    assert "Lihat semua tugas Anda: http://127.0.0.1:9/saya/" in message
    assert message.rstrip().splitlines()[-1].startswith("Lihat semua tugas Anda")  # ends whole, never mid-way


def test_a_mail_has_our_text_and_html_parts_and_says_who_sends_it(tmp_path, plan_file):
    with SmtpServer() as smtp:
        url = f"sqlite:///{tmp_path / 'surel.db'}"
        start = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
        init_database(plan_file(small_plan()), start, url=url)
        engine = open_engine(url)
        schedule_domain(engine, "risk", start, until=dt.date(2025, 4, 30))
        when = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)
        sweep(engine, when)
        dispatch(engine, when, smtp=notify.Smtp(smtp.host, smtp.port, sender="spbe@kota-uji.go.id"))
        engine.dispose()
    assert smtp.mails
    for mail in smtp.mails:
        msg = mail.message
        assert msg.get_content_type() == "multipart/alternative"
        text, html = mail.part("plain"), mail.part("html")
        assert text.startswith("Yth. ") and "<p>" not in text and "Posisi per 23 Januari 2025 09.00 WIB" in text
        assert "<p>Yth. " in html
        assert re.fullmatch(r'"?Pemerintah Kota Uji"? <spbe@kota-uji\.go\.id>', str(msg["From"])), msg["From"]
        assert msg["Auto-Submitted"] == "auto-generated"
        assert re.fullmatch(r"<[^@>]+@kota-uji\.go\.id>", str(msg["Message-ID"])), msg["Message-ID"]
        assert msg["Date"].datetime == when


def test_returned_work_says_so_with_the_reason(tmp_path, plan_file):
    from spbe_actions.app.figures import tasks
    from spbe_actions.app.tracking import EvidenceInput, Request, act

    with SmtpServer() as smtp:
        url = f"sqlite:///{tmp_path / 'kembali.db'}"
        start = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
        init_database(plan_file(small_plan()), start, url=url)
        engine = open_engine(url)
        schedule_domain(engine, "risk", start, until=dt.date(2025, 4, 30))
        (occ, *_) = [v.row.id for v in tasks(engine, start) if v.row.opd_code == "KOMINFO"]
        report = EvidenceInput("https://data.kota-uji.go.id/laporan.pdf", "Laporan")
        act(engine, [Request(occ, "submit", evidence=(report,))], "kominfo.fp1", "cli", start)
        act(engine, [Request(occ, "return", reason="Lampiran belum ditandatangani")], "sekda", "cli", start)
        when = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)
        sweep(engine, when)
        dispatch(engine, when, smtp=notify.Smtp(smtp.host, smtp.port, sender="spbe@kota-uji.go.id"))
        engine.dispose()
    (mail,) = [m for m in smtp.mails if "kominfo" in m.rcpt_tos[0] and "Eskalasi" not in m.subject][:1]
    for body in (mail.part("plain"), mail.part("html")):
        assert "DIKEMBALIKAN" in body and "Lampiran belum ditandatangani" in body

"""The web app over real HTTP: uvicorn on a loopback port in a thread, httpx as the phone's browser.

The small plan scheduled on Monday 2025-01-06 08:00 WIB (see test_tracking.py) gives:
  K4, I4  risk-monitoring 2024-Q4 for KOMINFO / INSPEKTORAT, due Fri 2025-01-10, open
  K1, I1  risk-monitoring 2025-Q1 for KOMINFO / INSPEKTORAT, due Thu 2025-04-10, scheduled
  AUDIT   audit-infra for INSPEKTORAT, due Fri 2025-08-22, scheduled
The main flows run on SQLite and PostgreSQL; the refusals on SQLite only (same code path, less time).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml
from markupsafe import escape
from sqlalchemy import select

from spbe_actions import store
from spbe_actions.adapters.settings import Settings
from spbe_actions.app.common import open_engine
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.tracking import EvidenceInput, Request, act
from spbe_actions.domain import lifecycle
from spbe_actions.domain.links import Claims, sign, verify
from spbe_actions.domain.passwords import check_password, hash_password
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from spbe_actions.web.app import RedactTokens, create_app, redact
from tests.support.plans import small_plan
from tests.support.servers import serve
from tests.support.tracking import NAMES, snapshot, states, step

D = dt.date
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 2025-01-06 08:00 WIB
SECRET = "uji-rahasia-tautan-yang-panjangnya-lebih-dari-32"
PASSWORD = "kata-sandi-koordinator-uji"
HASH = hash_password(PASSWORD, iterations=200_000)  # the floor: keeps the suite fast
TITLE = "Laporan pemantauan risiko SPBE triwulanan"
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}
CSP_PARTS = (
    "default-src 'none'",
    "form-action 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Web:
    engine: object
    client: httpx.Client
    base: str
    clock: Clock
    ids: dict[str, int]  # K4, I4, K1, I1, AUDIT -> occurrence id
    people: dict[str, int]  # person key -> id

    def token(self, purpose: str, who: str, occ: str | None = None, secret: str = SECRET, days: int = 30) -> str:
        oid = self.ids[occ] if occ else None
        return sign(secret, Claims(purpose, self.people[who], oid, self.clock.now + dt.timedelta(days=days)))

    def page(self, who: str, occ: str) -> tuple[str, httpx.Response]:
        token = self.token("act", who, occ)
        response = self.client.get(f"/t/{token}")
        assert response.status_code == 200, response.text
        return token, response

    def post(self, token: str, path: str, csrf: str | None, tugas: int | None, **fields: str) -> httpx.Response:
        data = dict(fields)
        if csrf is not None:
            data["csrf"] = csrf
        if tugas is not None:
            data["tugas"] = str(tugas)
        return self.client.post(f"/t/{token}/{path}", data=data)

    def form_post(self, who: str, occ: str, path: str, **fields: str) -> httpx.Response:
        """Open the page as the phone would, then post its form."""
        token, page = self.page(who, occ)
        return self.post(token, path, csrf_of(page), self.ids[occ], **fields)

    def status(self, occ: str) -> tuple:
        return states(self.engine)[self.ids[occ]]

    def history(self, occ: str) -> list[tuple]:
        with db.session(self.engine) as session:
            return store.history(session, self.ids[occ])


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def web_csrf(token: str) -> str:
    """The CSRF field the app would put in the page of ``token`` (to show the token alone is refused)."""
    mac = hmac.new(SECRET.encode(), f"csrf:{token}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def settings_for(url: str, **changes: object) -> Settings:
    values = dict(
        database_url=url, link_secret=SECRET, coordinator_user="koordinator", coordinator_password_hash=HASH
    )
    return Settings(_env_file=None, **{**values, **changes})  # type: ignore[arg-type]


@contextmanager
def running(url: str, plan: Path) -> Iterator[Web]:
    init_database(plan, NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=D(2025, 4, 30))
    schedule_domain(engine, "ict_audit", NOW, until=D(2025, 12, 31))
    o = m.Occurrence
    with engine.connect() as conn:
        ids = {
            NAMES[(c, p)]: i
            for i, c, p in conn.execute(select(o.id, m.Opd.code, o.period).join(m.Opd, m.Opd.id == o.opd_id))
            if (c, p) in NAMES
        }
        people = {k: i for i, k in conn.execute(select(m.Person.id, m.Person.key))}
    clock = Clock(NOW)
    app = create_app(engine, settings_for(url), clock=clock)
    try:
        with serve(app) as base, httpx.Client(base_url=base, follow_redirects=False, timeout=20) as client:
            yield Web(engine, client, base, clock, ids, people)
    finally:
        engine.dispose()


@pytest.fixture
def web(db_url, plan_file) -> Iterator[Web]:  # type: ignore[no-untyped-def]
    with running(db_url, plan_file()) as w:
        yield w


@pytest.fixture
def lite(tmp_path, plan_file) -> Iterator[Web]:  # type: ignore[no-untyped-def]
    with running(f"sqlite:///{tmp_path / 'web.db'}", plan_file()) as w:
        yield w


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory) -> Iterator[Web]:
    """One server for the tests that must change nothing (each checks that it did not)."""
    folder = tmp_path_factory.mktemp("web")
    plan = folder / "plan.yaml"
    plan.write_text(yaml.safe_dump(small_plan(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    with running(f"sqlite:///{folder / 'web.db'}", plan) as w:
        yield w


def assert_secured(response: httpx.Response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.request.url.path, response.headers)
    csp = response.headers["content-security-policy"]
    assert all(part in csp for part in CSP_PARTS), csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    # the one script is our own file (upload progress); no inline script, nothing from elsewhere
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp


def assert_denied(response: httpx.Response, web: Web) -> None:
    """403 with the one generic page: no title, OPD, occurrence id, person or form."""
    assert response.status_code == 403, response.text
    body = response.text
    assert "Tautan tidak berlaku" in body
    for secret_bit in (
        TITLE,
        "Audit infrastruktur",
        "KOMINFO",
        "INSPEKTORAT",
        "Diskominfo",
        "Inspektorat",
        "kominfo.fp1",
        "tugas",
        "csrf",
        "<form",
    ):
        assert secret_bit not in body, secret_bit
    # byte for byte the page a token-less request gets: no id or other detail can be in it
    assert body == web.client.get("/t/x").text
    assert_secured(response)


# ---------------------------------------------------------------------------------------------- main flows


def test_focal_point_page_submit_extension_seen_and_list(web):
    token, page = web.page("kominfo.fp1", "K4")
    html = page.text
    assert_secured(page)
    assert TITLE in html and "Dinas Komunikasi dan Informatika" in html and "periode Triwulan IV 2024" in html
    assert "10 Januari 2025" in html and "2025-01-10" not in html and "terbuka" in html and "terlambat" not in html
    assert "Laporan pemantauan risiko" in html  # evidence required
    assert "Indikator 21" in html and "Manajemen Risiko SPBE" in html and "tingkat 2 → 3" in html
    assert "Laporkan selesai" in html and "Minta perpanjangan" in html and "Sudah dilihat" in html
    assert "INSPEKTORAT" not in html and "Inspektorat" not in html and "insp.fp1" not in html
    # the CSP allows exactly the page's one style block, by hash
    style = re.search(r"<style>(.*?)</style>", html, flags=re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in page.headers["content-security-policy"]

    # seen: a trail row, status unchanged, the trail still replays to the current state
    seen = web.post(token, "dilihat", csrf_of(page), web.ids["K4"])
    assert seen.status_code == 303 and seen.headers["location"] == f"/t/{token}?ok=dilihat"
    assert web.status("K4")[:2] == ("open", D(2025, 1, 10))
    last = web.history("K4")[-1]
    assert step(last) == ("kominfo.fp1", "link", "seen", "open", "open", D(2025, 1, 10), D(2025, 1, 10))
    assert lifecycle.replay([(r.from_status, r.to_status, r.to_due) for r in web.history("K4")]) == (
        "open",
        D(2025, 1, 10),
    )
    confirmed = web.client.get(seen.headers["location"])
    assert "Tercatat: tugas ini sudah Anda lihat." in confirmed.text and "dilihat" in confirmed.text

    # request an extension: status extension_requested, the date asked for recorded, due unchanged
    asked = web.form_post(
        "kominfo.fp1", "K4", "perpanjangan", tanggal="2025-01-24", alasan="Data triwulan IV belum lengkap"
    )
    assert asked.status_code == 303, asked.text
    assert web.status("K4")[:2] == ("extension_requested", D(2025, 1, 10))
    row = web.history("K4")[-1]
    assert step(row)[:3] == ("kominfo.fp1", "link", "request_extension")
    assert row.reason == "Data triwulan IV belum lengkap" and row.detail["requested_until"] == "2025-01-24"

    # submit early with two evidence links: submitted, evidence by the person through the link
    links = "https://spbe.example.go.id/bukti/risiko-q1.pdf\r\n\r\n  https://drive.example.go.id/q1  \r\n"
    done = web.form_post(
        "kominfo.fp1", "K1", "kirim", bukti=links, judul="Laporan risiko Q1", berlaku="2025-01-03"
    )
    assert done.status_code == 303, done.text
    assert web.status("K1") == ("submitted", D(2025, 4, 10), D(2025, 1, 6))
    row = web.history("K1")[-1]
    assert step(row)[:5] == ("kominfo.fp1", "link", "submit", "scheduled", "submitted")
    assert row.detail["evidence"] == [
        "https://spbe.example.go.id/bukti/risiko-q1.pdf",
        "https://drive.example.go.id/q1",
    ]
    with db.session(web.engine) as session:
        evidence = store.evidence_of(session, web.ids["K1"])
    assert [(e.title, e.effective, e.channel, e.added_by) for e in evidence] == [
        ("Laporan risiko Q1", D(2025, 1, 3), "link", web.people["kominfo.fp1"])
    ] * 2
    after = web.client.get(done.headers["location"])
    assert "Laporan selesai dan bukti dukung sudah terkirim" in after.text and "dikirim" in after.text
    assert 'href="https://drive.example.go.id/q1" rel="noopener noreferrer"' in after.text
    assert "Laporkan selesai</button>" not in after.text  # no second submission from the page

    # /saya: only this person's (KOMINFO's) open work, each with a working act link
    mine = web.client.get(f"/saya/{web.token('list', 'kominfo.fp1')}")
    assert mine.status_code == 200 and "Operator SPBE Diskominfo" in mine.text
    assert_secured(mine)
    assert mine.text.count(TITLE) == 2 and "KOMINFO" in mine.text and "INSPEKTORAT" not in mine.text
    assert "Audit infrastruktur" not in mine.text
    for href in re.findall(r'href="(/t/[^"]+)"', mine.text):
        opened = web.client.get(href)
        assert opened.status_code == 200 and "KOMINFO" in opened.text
    theirs = web.client.get(f"/saya/{web.token('list', 'insp.fp1')}")
    assert "Audit infrastruktur SPBE" in theirs.text and "KOMINFO" not in theirs.text


def coordinator(web: Web) -> httpx.Client:
    """A second browser, logged in as the coordinator."""
    client = httpx.Client(base_url=web.base, follow_redirects=False, timeout=20)
    form = client.get("/koordinator/masuk")
    assert form.status_code == 200
    logged = client.post(
        "/koordinator/masuk", data=dict(csrf=csrf_of(form), pengguna="koordinator", sandi=PASSWORD)
    )
    assert logged.status_code == 303 and logged.headers["location"] == "/koordinator"
    cookie = logged.headers["set-cookie"]
    assert (
        "spbe_sesi=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    )
    assert "Path=/koordinator" in cookie and "Max-Age=28800" in cookie
    return client


def test_coordinator_verifies_returns_extends_and_rejects(web):
    for who, occ in (("kominfo.fp1", "K4"), ("insp.fp1", "I4")):
        assert web.form_post(who, occ, "kirim", bukti="https://spbe.example.go.id/b.pdf").status_code == 303
    for who, occ in (("kominfo.fp1", "K1"), ("insp.fp1", "I1")):
        sent = web.form_post(who, occ, "perpanjangan", tanggal="2025-05-09", alasan="Menunggu data")
        assert sent.status_code == 303
    client = coordinator(web)
    board = client.get("/koordinator")
    assert board.status_code == 200 and board.text.count(TITLE) == 4
    assert "diminta sampai 9 Mei 2025" in board.text and "Menunggu data" in board.text
    assert_secured(board)
    csrf = csrf_of(board)

    def decide(occ: str, aksi: str, **fields: str) -> httpx.Response:
        return client.post(f"/koordinator/tugas/{web.ids[occ]}/{aksi}", data=dict(csrf=csrf, **fields))

    assert decide("K4", "verifikasi").headers["location"] == "/koordinator?ok=verifikasi"
    assert web.status("K4")[0] == "verified"
    assert step(web.history("K4")[-1])[:5] == ("sekda", "link", "verify", "submitted", "verified")
    missing = decide("I4", "kembalikan", alasan="  ")
    assert missing.status_code == 400 and "isi alasannya" in missing.text and web.status("I4")[0] == "submitted"
    assert decide("I4", "kembalikan", alasan="Lampiran tidak terbaca").status_code == 303
    assert web.status("I4")[0] == "returned" and web.history("I4")[-1].reason == "Lampiran tidak terbaca"
    assert decide("K1", "perpanjang", tanggal="2025-05-09", alasan="Disetujui").status_code == 303
    assert web.status("K1")[:2] == ("open", D(2025, 5, 9))
    assert step(web.history("K1")[-1]) == (
        "sekda",
        "link",
        "extend",
        "extension_requested",
        "open",
        D(2025, 4, 10),
        D(2025, 5, 9),
    )
    assert decide("I1", "tolak", alasan="Tenggat dari pusat").status_code == 303
    assert web.status("I1")[:2] == ("open", D(2025, 4, 10))
    shown = client.get("/koordinator?ok=tolak")
    assert "Permintaan perpanjangan ditolak" in shown.text and TITLE not in shown.text
    client.close()


# ---------------------------------------------------------------------------------------------- refusals


def test_bad_tokens_are_403_and_reveal_nothing(unchanged):
    web = unchanged
    good = web.token("act", "kominfo.fp1", "K4")
    payload, mac = good.split(".")
    flip = {"A": "B"}.get(payload[5], "A")
    expired = web.token("act", "kominfo.fp1", "K4", days=1)
    bad = {
        "forged": "eyJ1IjoiYWN0In0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "garbage": "x",
        "flipped payload": f"{payload[:5]}{flip}{payload[6:]}.{mac}",
        "flipped mac": f"{payload}.{mac[:-3]}{'A' if mac[-3] != 'A' else 'B'}{mac[-2:]}",
        "other secret": web.token("act", "kominfo.fp1", "K4", secret="x" * 40),
        "list token on /t/": web.token("list", "kominfo.fp1"),
        "another OPD's occurrence": web.token("act", "kominfo.fp1", "I4"),
        "unknown person": sign(SECRET, Claims("act", 999999, web.ids["K4"], NOW + dt.timedelta(days=1))),
        "unknown occurrence": sign(
            SECRET, Claims("act", web.people["kominfo.fp1"], 999999, NOW + dt.timedelta(days=1))
        ),
        "very long": "a" * 5000,
    }
    bad["expired"] = expired
    before = snapshot(web.engine)
    bodies = set()
    web.clock.now = NOW + dt.timedelta(days=1)  # `expired` has just expired; the others are fine
    try:
        for token in bad.values():
            got = web.client.get(f"/t/{token}")
            assert_denied(got, web)
            bodies.add(got.text)
            for path in ("kirim", "perpanjangan", "dilihat"):
                fields = dict(bukti="https://a.example/b", tanggal="2025-02-01", alasan="a")
                assert_denied(web.post(token, path, "x", web.ids["K4"], **fields), web)
                assert_denied(web.post(token, path, web_csrf(token), web.ids["K4"], **fields), web)
    finally:
        web.clock.now = NOW
    assert len(bodies) == 1, "every refusal must look the same"
    # an act token is no list token either, and a list token of a stranger is refused
    assert_denied(web.client.get(f"/saya/{good}"), web)
    assert_denied(web.client.get(f"/saya/{web.token('list', 'kominfo.fp1', secret='y' * 40)}"), web)
    assert snapshot(web.engine) == before


def test_form_of_another_occurrence_and_missing_csrf_are_refused(unchanged):
    web = unchanged
    token_a, page_a = web.page("kominfo.fp1", "K4")
    token_b, page_b = web.page("kominfo.fp1", "K1")
    a, b = web.ids["K4"], web.ids["K1"]
    before = snapshot(web.engine)
    attempts = [
        (token_a, csrf_of(page_b), b),  # B's whole form posted to A's link
        (token_a, csrf_of(page_a), b),  # A's CSRF, B's id
        (token_a, csrf_of(page_b), a),  # B's CSRF, A's id
        (token_b, csrf_of(page_a), a),
        (token_a, None, a),  # CSRF missing
        (token_a, "", a),
        (token_a, csrf_of(page_a)[:-1] + "x", a),  # CSRF wrong
        (token_a, csrf_of(page_a), None),  # id missing
        (token_a, csrf_of(page_a), 10**30),
    ]
    for token, csrf, tugas in attempts:
        for path, fields in (
            ("kirim", dict(bukti="https://spbe.example.go.id/x.pdf")),
            ("perpanjangan", dict(tanggal="2025-05-01", alasan="alasan")),
            ("dilihat", {}),
        ):
            assert_denied(web.post(token, path, csrf, tugas, **fields), web)
    assert snapshot(web.engine) == before


@pytest.mark.parametrize(
    ("path", "fields", "message"),
    [
        ("kirim", dict(bukti="ftp://files.example.go.id/bukti.pdf"), "gunakan http:// atau https://"),
        ("kirim", dict(bukti="javascript:alert(1)"), "tidak sah: gunakan http:// atau https://"),
        ("kirim", dict(bukti="https://x.example/<script>alert(1)</script>"), "tidak sah"),
        ("kirim", dict(bukti="www.example.go.id/bukti"), "tulis lengkap dengan http:// atau https://"),
        ("kirim", dict(bukti="  \n "), "isi minimal satu tautan bukti"),
        ("kirim", dict(bukti="\n".join(f"https://e.example/{i}" for i in range(11))), "paling banyak 10 tautan"),
        ("kirim", dict(bukti="https://e.example/a", judul="j" * 301), "judul bukti lebih dari 300 karakter"),
        (
            "kirim",
            dict(bukti="https://e.example/a", berlaku="2025-02-30"),
            "tanggal berlaku '2025-02-30' tidak sah",
        ),
        ("kirim", dict(bukti="https://e.example/a", berlaku="06-01-2025"), "tulis sebagai TTTT-BB-HH"),
        ("kirim", dict(bukti="https://e.example/a", berlaku="20250106"), "tulis sebagai TTTT-BB-HH"),
        ("kirim", dict(bukti="https://e.example/a", berlaku="2025-03-01"), "harus antara 2000-01-01 dan hari ini"),
        ("kirim", dict(bukti="https://e.example/a", berlaku="1999-12-31"), "di luar rentang 2000-01-01"),
        ("perpanjangan", dict(tanggal="", alasan="a"), "isi tanggal tenggat baru"),
        ("perpanjangan", dict(tanggal="besok", alasan="a"), "tanggal tenggat baru 'besok' tidak sah"),
        ("perpanjangan", dict(tanggal="2025-01-09", alasan="a"), "tenggat baru harus setelah tenggat sekarang"),
        ("perpanjangan", dict(tanggal="2026-06-01", alasan="a"), "paling lambat satu tahun"),
        ("perpanjangan", dict(tanggal="2025-02-01", alasan=""), "isi alasannya"),
        ("perpanjangan", dict(tanggal="2025-02-01", alasan="a" * 1001), "alasan lebih dari 1000 karakter"),
    ],
)
def test_bad_input_is_400_with_indonesian_messages_and_changes_nothing(unchanged, path, fields, message):
    lite = unchanged
    before = snapshot(lite.engine)
    got = lite.form_post("kominfo.fp1", "K4", path, **fields)
    assert got.status_code == 400 and "Belum tersimpan" in got.text, got.text
    assert message in got.text.replace("&#39;", "'"), got.text
    assert "<script>" not in got.text
    assert_secured(got)
    assert snapshot(lite.engine) == before
    if path == "kirim" and fields["bukti"].strip():  # what was typed comes back, escaped
        assert str(escape(fields["bukti"].strip())) in got.text


def test_illegal_transition_is_400_not_500(lite):
    act(
        lite.engine,
        [Request(lite.ids["K4"], "submit", evidence=(EvidenceInput("https://e.example/a"),))],
        "kominfo.fp1",
        "cli",
        NOW,
    )
    token = lite.token("act", "kominfo.fp1", "K4")
    page = lite.client.get(f"/t/{token}")
    assert "Minta perpanjangan</button>" not in page.text  # forms offered only where the lifecycle allows
    before = snapshot(lite.engine)
    got = lite.post(token, "perpanjangan", csrf_of(page), lite.ids["K4"], tanggal="2025-02-01", alasan="a")
    assert got.status_code == 400 and "tidak dapat minta perpanjangan" in got.text
    assert snapshot(lite.engine) == before


def test_oversized_bodies_are_413(unchanged):
    lite = unchanged
    token, page = lite.page("kominfo.fp1", "K4")
    before = snapshot(lite.engine)
    huge = lite.post(
        token, "perpanjangan", csrf_of(page), lite.ids["K4"], tanggal="2025-02-01", alasan="a" * 70_000
    )
    assert huge.status_code == 413 and "Kiriman terlalu besar" in huge.text
    assert_secured(huge)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies to what actually arrives
        yield f"csrf={csrf_of(page)}&tugas={lite.ids['K4']}&alasan=".encode()
        for _ in range(20):
            yield b"a" * 4096

    streamed = lite.client.post(
        f"/t/{token}/perpanjangan", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert streamed.status_code == 413
    assert snapshot(lite.engine) == before


def test_every_response_carries_the_security_headers(unchanged):
    lite = unchanged
    client = lite.client
    responses = [
        client.get(f"/t/{lite.token('act', 'kominfo.fp1', 'K4')}"),
        client.get("/t/nope"),
        client.get("/nirwana"),
        client.get("/docs"),
        client.get("/openapi.json"),
        client.put("/t/x/kirim"),
        client.get("/koordinator"),
        client.get("/koordinator/masuk"),
        client.post("/koordinator/masuk", data={}),
        client.post("/koordinator/tugas/1/verifikasi", data={}),
    ]
    assert [r.status_code for r in responses] == [200, 403, 404, 404, 404, 405, 303, 200, 403, 303]
    for r in responses:
        assert_secured(r)
    assert "Halaman tidak ditemukan" in responses[2].text and "text/html" in responses[2].headers["content-type"]


# ---------------------------------------------------------------------------------------------- coordinator


def test_coordinator_login_refuses_wrong_password_and_unknown_user_alike(lite):
    client = httpx.Client(base_url=lite.base, follow_redirects=False, timeout=20)
    form = client.get("/koordinator/masuk")
    csrf = csrf_of(form)
    assert "spbe_masuk=" in form.headers["set-cookie"] and "HttpOnly" in form.headers["set-cookie"]
    bodies = set()
    for user, password in (("koordinator", "salah"), ("tamu", PASSWORD), ("", ""), ("koordinator", "x" * 2000)):
        got = client.post("/koordinator/masuk", data=dict(csrf=csrf, pengguna=user, sandi=password))
        assert got.status_code == 401 and "Nama pengguna atau kata sandi salah." in got.text
        assert "set-cookie" not in got.headers
        assert_secured(got)
        bodies.add(got.text)
    assert len(bodies) == 1
    right = dict(pengguna="koordinator", sandi=PASSWORD)
    assert client.post("/koordinator/masuk", data=dict(right, csrf="palsu")).status_code == 403
    assert client.post("/koordinator/masuk", data=right).status_code == 403
    stranger = httpx.Client(base_url=lite.base, follow_redirects=False)  # the form's CSRF without its cookie
    assert stranger.post("/koordinator/masuk", data=dict(right, csrf=csrf)).status_code == 403
    stranger.close()
    assert client.get("/koordinator").headers["location"] == "/koordinator/masuk"
    client.close()


def test_session_forged_expired_logged_out_and_csrf(lite):
    act(
        lite.engine,
        [Request(lite.ids["K4"], "submit", evidence=(EvidenceInput("https://e.example/a"),))],
        "kominfo.fp1",
        "cli",
        NOW,
    )
    client = coordinator(lite)
    board = client.get("/koordinator")
    csrf = csrf_of(board)
    good = client.cookies["spbe_sesi"]  # a random token; the database keeps only its SHA-256
    before = snapshot(lite.engine)
    to_login = "/koordinator/masuk"
    for cookie in ("", "x.y", f"{good[:-1]}{'A' if good[-1] != 'A' else 'B'}", "A" * len(good), good * 9):
        other = httpx.Client(base_url=lite.base, follow_redirects=False, cookies={"spbe_sesi": cookie})
        assert other.get("/koordinator").headers["location"] == to_login
        posted = other.post(f"/koordinator/tugas/{lite.ids['K4']}/verifikasi", data=dict(csrf=csrf))
        assert posted.status_code == 303 and posted.headers["location"] == to_login
        other.close()
    for bad in ("", "palsu"):  # a valid session, but no or a wrong CSRF field
        assert (
            client.post(f"/koordinator/tugas/{lite.ids['K4']}/verifikasi", data=dict(csrf=bad)).status_code == 403
        )
    assert client.post(f"/koordinator/tugas/{lite.ids['K4']}/hapus", data=dict(csrf=csrf)).status_code == 404
    assert snapshot(lite.engine) == before
    assert client.get("/koordinator/masuk").headers["location"] == "/koordinator"  # already logged in
    lite.clock.now = NOW + dt.timedelta(hours=8)  # the session has expired
    assert client.get("/koordinator").headers["location"] == to_login
    lite.clock.now = NOW + dt.timedelta(hours=7)
    assert client.get("/koordinator").status_code == 200
    out = client.post("/koordinator/keluar", data=dict(csrf=csrf))
    assert out.status_code == 303 and out.headers["location"] == to_login
    assert 'spbe_sesi=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    replayed = httpx.Client(base_url=lite.base, follow_redirects=False, cookies={"spbe_sesi": good})
    assert replayed.get("/koordinator").headers["location"] == to_login  # a logged-out session stays out
    replayed.close()
    client.close()


# ---------------------------------------------------------------------------------------------- units


def test_hash_password_and_check_password():
    stored = hash_password("rahasia sekali")
    algorithm, iterations, salt, digest = stored.split("$")
    assert algorithm == "pbkdf2_sha256" and int(iterations) >= 200_000
    assert len(base64.b64decode(salt)) >= 16 and len(base64.b64decode(digest)) == 32
    assert check_password("rahasia sekali", stored)
    assert not check_password("rahasia sekalI", stored) and not check_password("", stored)
    assert hash_password("rahasia sekali", 200_000) != hash_password("rahasia sekali", 200_000)  # fresh salts
    assert check_password(PASSWORD, HASH) and not check_password(PASSWORD, stored)
    for broken in (
        None,
        "",
        "pbkdf2_sha256",
        "md5$600000$c2FsdA==$aGFzaA==",
        f"{algorithm}$abc${salt}${digest}",
        f"{algorithm}$1000${salt}${digest}",
        f"{algorithm}${iterations}$!!${digest}",
        stored + "$x",
    ):
        assert not check_password("rahasia sekali", broken)
    with pytest.raises(ValueError):
        hash_password("x", iterations=1000)


def test_create_app_needs_a_long_link_secret(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = open_engine(url, create=True)  # an empty database: the app only checks its settings here
    for secret in (None, "", "pendek", "x" * 31):
        with pytest.raises(ValueError, match="SPBE_LINK_SECRET"):
            create_app(engine, settings_for(url, link_secret=secret))
    with pytest.raises(ValueError, match="SPBE_COORDINATOR_PASSWORD_HASH"):
        create_app(engine, settings_for(url, coordinator_password_hash="plain-text-password"))
    assert create_app(engine, settings_for(url, link_secret="x" * 32)) is not None
    assert any(isinstance(f, RedactTokens) for f in logging.getLogger("uvicorn.access").filters)
    engine.dispose()


def test_list_links_never_outlive_the_list_token(unchanged):
    lite = unchanged
    token = lite.token("list", "insp.fp1", days=2)
    page = lite.client.get(f"/saya/{token}")
    hrefs = re.findall(r'href="/t/([^"]+)"', page.text)
    assert len(hrefs) == 3
    limit = verify(SECRET, token, "list", NOW).expires
    assert all(verify(SECRET, h, "act", NOW).expires <= limit for h in hrefs)


def test_unexpected_errors_get_a_generic_secured_page(unchanged):
    unchanged.clock.now = NOW.replace(tzinfo=None)  # a naive clock is a programming error: 500, not a traceback
    try:
        got = unchanged.client.get(f"/t/{unchanged.token('act', 'kominfo.fp1', 'K4')}")
    finally:
        unchanged.clock.now = NOW
    assert got.status_code == 500 and "Terjadi kesalahan" in got.text and "Traceback" not in got.text
    assert TITLE not in got.text
    assert_secured(got)


def test_tokens_are_cut_out_of_access_logs():
    assert redact("/t/eyJ1.abc-_?ok=kirim") == "/t/[token]?ok=kirim"
    assert redact("/saya/eyJ1.abc") == "/saya/[token]" and redact("/koordinator") == "/koordinator"
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/t/eyJ1.sig/kirim", "1.1", 303), None,
    )  # fmt: skip
    assert RedactTokens().filter(record) and "eyJ1" not in record.getMessage()

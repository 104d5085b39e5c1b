"""The pages of a three-instansi installation over real HTTP: every instansi's links open, one instansi's link
never reaches another's item, each coordinator sees and decides their own instansi only, the overseer reads all
three; logins are throttled in the database and sessions survive (and logouts hold across) a restart."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from spbe_actions.adapters.settings import Settings
from spbe_actions.app import accounts
from spbe_actions.app.accounts import set_account
from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import tasks
from spbe_actions.app.tracking import EvidenceInput, Request, act, actor_of
from spbe_actions.domain.links import Claims, sign
from spbe_actions.domain.throttle import LOCK
from spbe_actions.web.app import create_app
from tests.app.test_instansi import NOW, setup_three
from tests.support.plans import ZONES
from tests.support.servers import serve
from tests.support.tracking import states
from tests.support.visible import ISO_DATE, visible

SECRET = "rahasia-tautan-uji-tiga-instansi-panjang-sekali"
PASSWORD = "kata-sandi-uji-tiga-instansi"
NAMES = {code: f"Pemerintah {code.replace('-', ' ').title()}" for code in ZONES}


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@contextmanager
def site(url: str, clock: Clock) -> Iterator[str]:
    settings = Settings(_env_file=None, database_url=url, link_secret=SECRET)  # type: ignore[call-arg]
    engine = open_engine(url)
    try:
        with serve(create_app(engine, settings, clock)) as base:
            yield base
    finally:
        engine.dispose()


@pytest.fixture
def three(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'tiga.db'}"
    setup_three(url, plan_file)
    engine = open_engine(url)
    for code in ZONES:  # one coordinator login per instansi, and an overseer
        set_account(engine, f"koor-{code}", PASSWORD, NOW, instansi=code, iterations=200_000)
    set_account(engine, "pengawas", PASSWORD, NOW, overseer=True, iterations=200_000)
    people = {
        code: {a.key: a.person_id for a in [actor_of(engine, k, code) for k in ("kominfo.fp1", "sekda")]}
        for code in ZONES
    }
    work = {code: [v.row for v in tasks(engine, NOW, instansi=code)] for code in ZONES}
    yield url, engine, people, work
    engine.dispose()


def token(person_id: int | None, occurrence_id: int | None, purpose: str = "act") -> str:
    assert person_id is not None
    return sign(SECRET, Claims(purpose, person_id, occurrence_id, NOW + dt.timedelta(days=30)))


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def login(
    base: str, user: str, password: str = PASSWORD, address: str | None = None
) -> tuple[httpx.Client, httpx.Response]:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=20)
    form = client.get("/koordinator/masuk")
    headers = {"x-forwarded-for": address} if address else {}
    return client, client.post(
        "/koordinator/masuk", data=dict(csrf=csrf_of(form), pengguna=user, sandi=password), headers=headers
    )


def test_links_of_every_instansi_open_and_never_reach_another(three):
    url, _, people, work = three
    with site(url, Clock(NOW)) as base, httpx.Client(base_url=base) as client:
        for code in ZONES:
            mine = next(r for r in work[code] if r.opd_code == "KOMINFO")
            page = client.get(f"/t/{token(people[code]['kominfo.fp1'], mine.id)}")
            assert page.status_code == 200 and NAMES[code] in page.text
            listed = client.get(f"/saya/{token(people[code]['kominfo.fp1'], None, 'list')}")
            assert listed.status_code == 200 and NAMES[code] in listed.text
            others = [c for c in ZONES if c != code]
            assert not any(NAMES[c] in listed.text for c in others)
            for other in others:  # the same key in another instansi is another person: their item is not theirs
                theirs = next(r for r in work[other] if r.opd_code == "KOMINFO")
                assert client.get(f"/t/{token(people[code]['kominfo.fp1'], theirs.id)}").status_code == 403


def test_each_coordinator_decides_only_their_instansi_and_the_overseer_only_reads(three):
    url, engine, _, work = three
    submitted = {}
    for code in ZONES:
        row = next(r for r in work[code] if r.opd_code == "KOMINFO")
        evidence = (EvidenceInput("https://e.example.go.id/bukti.pdf"),)
        act(engine, [Request(row.id, "submit", evidence=evidence)], "kominfo.fp1", "cli", NOW, code)
        submitted[code] = row.id
    with site(url, Clock(NOW)) as base:
        client, logged = login(base, "koor-kota-tengah")
        assert logged.status_code == 303
        board = client.get("/koordinator")
        assert NAMES["kota-tengah"] in board.text and f"#{submitted['kota-tengah']} " in board.text
        assert f"#{submitted['kota-barat']} " not in board.text and NAMES["kota-barat"] not in board.text
        before = states(engine)
        wrong = client.post(
            f"/koordinator/tugas/{submitted['kota-barat']}/verifikasi", data=dict(csrf=csrf_of(board))
        )
        assert wrong.status_code == 400 and "tidak ditemukan" in wrong.text and states(engine) == before
        right = client.post(
            f"/koordinator/tugas/{submitted['kota-tengah']}/verifikasi", data=dict(csrf=csrf_of(board))
        )
        assert right.status_code == 303 and states(engine)[submitted["kota-tengah"]][0] == "verified"
        client.close()
        overseer, logged = login(base, "pengawas")
        assert logged.status_code == 303
        league = overseer.get("/koordinator")
        assert (
            league.status_code == 200
            and all(NAMES[c] in league.text for c in ZONES)
            and "hanya baca" in league.text
        )
        shown = visible(league.text)  # the names, not the codes; figures and the date in the reader's format
        assert not any(c in shown for c in ZONES) and not ISO_DATE.search(shown), shown
        assert re.search(r"indeks \d,\d\d ", shown), shown
        denied = overseer.post(
            f"/koordinator/tugas/{submitted['kota-barat']}/verifikasi", data=dict(csrf=csrf_of(league))
        )
        assert denied.status_code == 403 and states(engine)[submitted["kota-barat"]][0] == "submitted"
        overseer.close()


def test_the_eleventh_wrong_password_is_refused_unchecked_and_the_right_one_works_after_the_lockout(
    three, monkeypatch
):
    url, *_ = three
    checks: list[str] = []
    real = accounts.check_password
    monkeypatch.setattr(accounts, "check_password", lambda pw, stored: checks.append(pw) or real(pw, stored))
    clock = Clock(NOW)
    with site(url, clock) as base:
        for i in range(10):
            _, wrong = login(base, "koor-kota-barat", f"salah-{i}-sekali", address=f"10.0.0.{i}")
            assert wrong.status_code == 401, i
        assert len(checks) == 10
        _, eleventh = login(base, "koor-kota-barat", "salah-lagi-sekali", address="10.0.0.99")
        assert eleventh.status_code == 429 and "Coba lagi dalam 5 menit" in eleventh.text
        _, right_too_soon = login(base, "koor-kota-barat", address="10.0.0.98")
        assert right_too_soon.status_code == 429 and len(checks) == 10  # neither was checked
        clock.now = NOW + LOCK + dt.timedelta(seconds=1)
        client, right = login(base, "koor-kota-barat", address="10.0.0.97")
        assert right.status_code == 303 and len(checks) == 11
        client.close()


def test_a_session_and_a_logout_both_survive_a_restart(three):
    url, *_ = three
    clock = Clock(NOW)
    with site(url, clock) as base:
        kept, logged = login(base, "koor-kota-timur")
        gone, logged_too = login(base, "koor-kota-barat")
        assert logged.status_code == logged_too.status_code == 303
        board = gone.get("/koordinator")
        assert gone.post("/koordinator/keluar", data=dict(csrf=csrf_of(board))).status_code == 303
        cookies = {"kept": kept.cookies["spbe_sesi"], "gone": logged_too.cookies["spbe_sesi"]}
    with site(url, clock) as base:  # a new process: nothing of the old one's memory
        with httpx.Client(base_url=base, follow_redirects=False, cookies={"spbe_sesi": cookies["kept"]}) as c:
            assert c.get("/koordinator").status_code == 200
        with httpx.Client(base_url=base, follow_redirects=False, cookies={"spbe_sesi": cookies["gone"]}) as c:
            assert c.get("/koordinator").headers["location"] == "/koordinator/masuk"

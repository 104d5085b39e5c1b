"""Ids the database cannot hold, over real HTTP (uvicorn) on SQLite and PostgreSQL: a coordinator's POST with an
18-digit id, a link page's form id, and signed tokens whose payload (under a valid MAC: the secret is known here)
carries an out-of-range or wrongly typed field. Each answers 404 or 403, never a 500, and changes nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from spbe_actions.domain.ids import MAX_ID
from tests.support.tracking import snapshot
from tests.web.test_web import NOW, SECRET, Web, coordinator, csrf_of, running

BIG_IDS = [
    str(MAX_ID + 1),
    "99999999999",
    "9" * 18,
    str(10**30),
    "9" * 5000,
    "１２",
]  # the last: full-width digits
EXPIRES = int(NOW.timestamp()) + 86_400


@pytest.fixture
def web(db_url, plan_file):  # type: ignore[no-untyped-def]
    with running(db_url, plan_file()) as w:
        yield w


def forged(body: dict) -> str:
    """A token with a valid MAC over ``body`` exactly as given (what only a holder of the secret could make)."""
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    payload = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    mac = hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def hostile_bodies(web: Web) -> dict[str, dict]:
    person, occ = web.people["kominfo.fp1"], web.ids["K4"]
    good = {"u": "act", "p": person, "o": occ, "e": EXPIRES}
    return {
        "e=10^30": {**good, "e": 10**30},
        "e=-10^30": {**good, "e": -(10**30)},
        "e as text": {**good, "e": str(EXPIRES)},
        "e=1.5e9": {**good, "e": 1.5e9},
        'o="3"': {**good, "o": str(occ)},
        "o=10^30": {**good, "o": 10**30},
        "o=2^31": {**good, "o": MAX_ID + 1},
        "o=true": {**good, "o": True},
        'p="3"': {**good, "p": str(person)},
        "p=10^30": {**good, "p": 10**30},
        "p=-1": {**good, "p": -1},
        "p missing": {k: v for k, v in good.items() if k != "p"},
        "a list": [good],  # type: ignore[dict-item]
    }


def test_the_control_token_works(web):
    """The forging helper makes a token the app accepts: the refusals below are about the payloads."""
    good = {"u": "act", "p": web.people["kominfo.fp1"], "o": web.ids["K4"], "e": EXPIRES}
    assert web.client.get(f"/t/{forged(good)}").status_code == 200
    listing = {"u": "list", "p": web.people["kominfo.fp1"], "o": None, "e": EXPIRES}
    assert web.client.get(f"/saya/{forged(listing)}").status_code == 200


def test_hostile_token_payloads_are_refused_without_a_500(web):
    before = snapshot(web.engine)
    for name, body in hostile_bodies(web).items():
        token = forged(body)
        page = web.client.get(f"/t/{token}")
        assert page.status_code == 403, (name, page.status_code, page.text[:300])
        posted = web.client.post(f"/t/{token}/kirim", data={"tugas": str(web.ids["K4"]), "csrf": "x"})
        assert posted.status_code == 403, (name, posted.status_code)
        listing = forged({**body, "u": "list", "o": None} if isinstance(body, dict) else body)
        if name.startswith(("e", "p", "a")):
            got = web.client.get(f"/saya/{listing}")
            assert got.status_code == 403, (name, got.status_code)
    assert snapshot(web.engine) == before


def test_a_link_form_with_a_huge_occurrence_id_is_refused(web):
    token, page = web.page("kominfo.fp1", "K4")
    csrf = csrf_of(page)
    before = snapshot(web.engine)
    for oid in BIG_IDS:
        form = {"csrf": csrf, "tugas": oid, "bukti": "https://spbe.example.go.id/b.pdf"}
        posted = web.client.post(f"/t/{token}/kirim", data=form)
        assert posted.status_code == 403, (oid[:20], posted.status_code)
    assert snapshot(web.engine) == before


def test_a_coordinator_post_with_an_18_digit_id_is_not_found(web):
    client = coordinator(web)
    try:
        csrf = csrf_of(client.get("/koordinator"))
        before = snapshot(web.engine)
        for oid in BIG_IDS:
            answer = client.post(f"/koordinator/tugas/{oid}/verifikasi", data={"csrf": csrf})
            assert answer.status_code == 404, (oid[:20], answer.status_code, answer.text[:300])
            assert "tidak ditemukan" in answer.text
        # the largest id the database can hold is looked up and simply not there: a 400 page, not a 500
        edge = client.post(f"/koordinator/tugas/{MAX_ID}/verifikasi", data={"csrf": csrf})
        assert edge.status_code == 400 and "tugas tidak ditemukan" in edge.text, edge.text[:500]
        assert snapshot(web.engine) == before
    finally:
        client.close()

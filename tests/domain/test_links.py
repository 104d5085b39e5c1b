"""Signed links: only the holder of the secret can make one; each is bound to purpose, person, occurrence, time."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from spbe_actions import store
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.links import Claims, InvalidLink, make_link, sign, verify
from spbe_actions.store import engine as db
from tests.support.plans import small_plan

SECRET = "s" * 40
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
CLAIMS = Claims("act", 7, 42, NOW + dt.timedelta(days=30))


def test_a_valid_token_round_trips():
    assert verify(SECRET, sign(SECRET, CLAIMS), "act", NOW, 42) == CLAIMS


@pytest.mark.parametrize(
    "case",
    ["other secret", "flipped", "payload swapped", "truncated", "garbage", "expired", "purpose", "occurrence"],
)
def test_every_misuse_is_invalid(case):
    token = sign(SECRET, CLAIMS)
    payload, mac = token.split(".")
    other = sign(SECRET, Claims("act", 7, 43, CLAIMS.expires)).split(".")[0]
    bad = {
        "other secret": (sign("t" * 40, CLAIMS), "act", NOW, 42),
        "flipped": (payload[:-1] + ("A" if payload[-1] != "A" else "B") + "." + mac, "act", NOW, 42),
        "payload swapped": (f"{other}.{mac}", "act", NOW, 43),  # another occurrence's claims under this signature
        "truncated": (token[:-5], "act", NOW, 42),
        "garbage": ("not-a-token", "act", NOW, 42),
        "expired": (token, "act", CLAIMS.expires, 42),
        "purpose": (token, "list", NOW, None),
        "occurrence": (token, "act", NOW, 43),  # a link for #42 replayed on #43
    }[case]
    with pytest.raises(InvalidLink) as info:
        verify(SECRET, *bad)
    assert str(info.value) == ""  # nothing about why


def test_make_link_paths():
    assert re.fullmatch(
        r"https://spbe\.example\.go\.id/t/[\w-]+\.[\w-]+",
        make_link("https://spbe.example.go.id/", SECRET, "act", 7, 42, NOW, 30),
    )
    assert "/saya/" in make_link("https://spbe.example.go.id", SECRET, "list", 7, None, NOW, 30)


def test_reminders_carry_signed_links_for_the_right_person_and_item(tmp_path, plan_file, monkeypatch):
    monkeypatch.setenv("SPBE_BASE_URL", "https://spbe.example.go.id")
    monkeypatch.setenv("SPBE_LINK_SECRET", SECRET)
    url = f"sqlite:///{tmp_path / 'l.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    later = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)
    report = sweep(engine, later)
    with db.session(engine) as s:
        people = {p[1]: p[0] for p in store.people(s, 1)}
        occ = {(r.opd_code, r.period): r.id for r in store.task_rows(s, 1, ["open", "scheduled"])}
    for msg in report.messages:
        who = msg.digest.person
        tokens = re.findall(r"/t/([\w-]+\.[\w-]+)", msg.text)
        assert tokens, who.key
        claims = [verify(SECRET, t, "act", later) for t in tokens]
        assert {c.person_id for c in claims} == {people[who.key]}
        opd = "KOMINFO" if who.key.startswith("kominfo") else "INSPEKTORAT"
        assert {c.occurrence_id for c in claims} == {occ[(opd, "2024-Q4")]}
        (page,) = re.findall(r"/saya/([\w-]+\.[\w-]+)", msg.text)
        assert verify(SECRET, page, "list", later).person_id == people[who.key]
    engine.dispose()

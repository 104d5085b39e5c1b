"""Completion tracking against a real database (SQLite and PostgreSQL), on fixed clocks.

The small plan (tests/plans.py) scheduled on Monday 2025-01-06 08:00 WIB gives five occurrences:
  K4, I4  risk-monitoring 2024-Q4 for KOMINFO / INSPEKTORAT, due Fri 2025-01-10, open
  K1, I1  risk-monitoring 2025-Q1 for KOMINFO / INSPEKTORAT, due Thu 2025-04-10, scheduled (window 2025-03-11)
  AUDIT   audit-infra (before_evidence_expiry of audit-infra-2023: 2023-11-20 + 2 years - 90 days)
          for INSPEKTORAT, due Fri 2025-08-22, scheduled (window 2025-07-23)
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, delete, func, select, update

from spbe_actions import store
from spbe_actions.app import figures
from spbe_actions.app.common import open_engine, require_instansi
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.tracking import CHANNELS, EvidenceInput, Request, act, history, resolve_actor
from spbe_actions.cli.views import history_tables
from spbe_actions.domain import lifecycle
from spbe_actions.domain.errors import InputError
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.support.plans import small_plan
from tests.support.tracking import NAMES, snapshot, states, step

D = dt.date
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 2025-01-06 08:00 WIB
TODAY = D(2025, 1, 6)
# indicator 21 weighs 1.50 of 100: one level is 0.015 index points; risk-monitoring raises it 2 -> 3
RISK_POINTS = Fraction(3, 200)
LINK = EvidenceInput("https://spbe.example.go.id/bukti/laporan-risiko.pdf")
MISSING = 987654  # an occurrence id that does not exist


def at(day: dt.date, hour_utc: int = 1) -> dt.datetime:
    """A UTC instant on ``day`` (01:00 UTC is 08:00 WIB the same day)."""
    return dt.datetime.combine(day, dt.time(hour_utc), tzinfo=dt.UTC)


def setup(db_url: str, plan_file, data: dict | None = None):  # type: ignore[no-untyped-def]
    init_database(plan_file(data or small_plan()), NOW, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "risk", NOW, until=D(2025, 4, 30))
    schedule_domain(engine, "ict_audit", NOW, until=D(2025, 12, 31))
    return engine


@pytest.fixture
def engine(db_url, plan_file):
    engine = setup(db_url, plan_file)
    yield engine
    engine.dispose()


def ids(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """K4, I4, K1, I1, AUDIT -> occurrence id."""
    o = m.Occurrence
    stmt = select(o.id, m.Opd.code, o.period).join(m.Opd, m.Opd.id == o.opd_id)
    with engine.connect() as conn:
        return {NAMES[(code, period)]: i for i, code, period in conn.execute(stmt) if (code, period) in NAMES}


def event_count(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(m.OccurrenceEvent)).scalar_one()


def ok(engine, who: str, *requests: Request, now: dt.datetime = NOW, channel: str = "cli"):  # type: ignore[no-untyped-def]
    """Act, and check one trail row per request landed and each occurrence took its change."""
    before = event_count(engine)
    outcome = act(engine, list(requests), who, channel, now)
    assert event_count(engine) == before + len(requests)
    after = states(engine)
    for req, change in zip(requests, outcome.changes, strict=True):
        assert after[req.occurrence_id][:2] == (change.to_status, change.to_due)
    return outcome


def refused(engine, who: str, *requests: Request, now: dt.datetime = NOW) -> str:  # type: ignore[no-untyped-def]
    """Act expecting an InputError; nothing at all may change. Returns the message."""
    before = snapshot(engine)
    with pytest.raises(InputError) as exc:
        act(engine, list(requests), who, "cli", now)
    assert snapshot(engine) == before
    return str(exc.value)


def actor(engine, key: str) -> lifecycle.Actor:  # type: ignore[no-untyped-def]
    with db.session(engine) as session:
        return resolve_actor(session, require_instansi(session).id, key)[0]


def check_trails(engine) -> int:  # type: ignore[no-untyped-def]
    """Replaying every occurrence's trail gives its current (status, due); each row's from_due follows on."""
    checked = 0
    with db.session(engine) as session:
        rows = session.execute(select(m.Occurrence.id, m.Occurrence.status, m.Occurrence.due)).all()
        for oid, status, due in rows:
            trail = store.history(session, oid)
            assert lifecycle.replay([(r.from_status, r.to_status, r.to_due) for r in trail]) == (status, due), (
                oid,
                trail,
            )
            assert trail[0].event == "create"
            for prev, row in zip(trail, trail[1:], strict=False):
                assert row.from_due == prev.to_due, (oid, prev, row)
            checked += 1
    return checked


def evidence_rows(engine, oid: int) -> list[m.Evidence]:  # type: ignore[no-untyped-def]
    with db.session(engine) as session:
        return store.evidence_of(session, oid)


def record_effective(engine, key: str = "audit-infra-2023") -> dt.date:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(m.EvidenceRecord.effective).where(m.EvidenceRecord.key == key)).scalar_one()


# --- the acceptance property: replaying the audit trail gives the current state ---------------------


def test_a_fixed_sequence_replays_to_the_current_state(engine):
    o = ids(engine)
    K4, I4, K1, I1, AUDIT = (o[k] for k in ("K4", "I4", "K1", "I1", "AUDIT"))
    assert check_trails(engine) == 5
    ok(engine, "kominfo.fp1", Request(K4, "request_extension", "menunggu tanda tangan", D(2025, 1, 24)))
    assert states(engine)[K4][:2] == ("extension_requested", D(2025, 1, 10))  # asked for, not granted yet
    ok(engine, "sekda", Request(K4, "extend", "disetujui", D(2025, 1, 24)))
    ok(engine, "kominfo.fp1", Request(K4, "submit", evidence=(LINK,)), now=at(D(2025, 1, 20)), channel="link")
    ok(engine, "sekda", Request(K4, "return", "lampiran kurang"), now=at(D(2025, 1, 21)))
    again = EvidenceInput("/srv/spbe/bukti/risiko-q4-rev.pdf", "Laporan revisi")
    ok(engine, "kominfo.kadis", Request(K4, "submit", evidence=(again,)), now=at(D(2025, 1, 22)), channel="import")
    ok(engine, "sekda", Request(K4, "verify"), now=at(D(2025, 1, 23)))
    ok(engine, "insp.fp1", Request(I4, "request_extension", "auditor cuti", D(2025, 2, 1)))
    ok(engine, "sekda", Request(I4, "reject_extension", "tidak cukup alasan"), Request(I1, "waive", "digabung"))
    schedule_domain(engine, "risk", at(D(2025, 3, 12)), until=D(2025, 4, 30))  # opens K1 (I1 is waived)
    early = EvidenceInput("https://spbe.example.go.id/audit-2025.pdf", effective=D(2025, 3, 1))
    ok(engine, "insp.kepala", Request(AUDIT, "submit", evidence=(early,)), now=at(D(2025, 3, 12)))
    ok(engine, "sekda", Request(AUDIT, "verify"), now=at(D(2025, 3, 13)))

    assert check_trails(engine) == 5
    now = states(engine)
    assert now[K4] == ("verified", D(2025, 1, 24), D(2025, 1, 22))
    assert now[I4][:2] == ("open", D(2025, 1, 10))
    assert now[I1][:2] == ("waived", D(2025, 4, 10))
    assert now[K1][:2] == ("open", D(2025, 4, 10))
    assert now[AUDIT] == ("verified", D(2025, 8, 22), D(2025, 3, 12))
    with db.session(engine) as session:
        trail = store.history(session, K4)
    assert [step(r)[:3] for r in trail] == [
        ("sistem", "flow", "create"),
        ("kominfo.fp1", "cli", "request_extension"),
        ("sekda", "cli", "extend"),
        ("kominfo.fp1", "link", "submit"),
        ("sekda", "cli", "return"),
        ("kominfo.kadis", "import", "submit"),
        ("sekda", "cli", "verify"),
    ]
    assert trail[1].detail == {"requested_until": "2025-01-24"} and trail[1].to_due == D(2025, 1, 10)
    assert (trail[2].from_due, trail[2].to_due) == (D(2025, 1, 10), D(2025, 1, 24))
    assert trail[4].reason == "lampiran kurang"
    assert trail[5].detail == {"evidence": ["/srv/spbe/bukti/risiko-q4-rev.pdf"]}
    assert [e.url for e in evidence_rows(engine, K4)] == [LINK.url, again.url]
    assert len(history_tables(history(engine, K4, None))) == 2


PEOPLE = ("sekda", "kominfo.kadis", "kominfo.fp1", "insp.kepala", "insp.fp1", "tamu")  # tamu: not in the plan
FOCAL = {"KOMINFO": ("kominfo.fp1", "kominfo.kadis"), "INSPEKTORAT": ("insp.fp1", "insp.kepala")}
GOOD_EVIDENCE = ((LINK,), (EvidenceInput("/srv/spbe/bukti/laporan.pdf", "Laporan", D(2024, 12, 31)),))
BAD_EVIDENCE = (
    (EvidenceInput("ftp://example.go.id/bukti.pdf"),),
    (EvidenceInput("https://spbe.example.go.id/baru.pdf", effective=D(2030, 1, 1)),),
    (LINK, EvidenceInput("https://spbe.example.go.id/lampiran.xlsx", expires=D(2000, 1, 1))),
)


def plausible_events(status: str) -> list[str]:
    """Events the lifecycle accepts from ``status`` (to steer the draws; the outcome is never assumed)."""
    return [e for e, rule in lifecycle.RULES.items() if status in rule.sources and e != "open"]


def draw_request(data, current: dict[int, tuple]) -> Request:  # type: ignore[no-untyped-def]
    """A CLI-like request: most of the time one that could succeed, now and then anything at all."""
    wild = data.draw(st.integers(0, 7)) == 0  # one draw in eight ignores what makes sense
    oid = data.draw(st.sampled_from([*sorted(current), MISSING] if wild else sorted(current)))
    status = current[oid][0] if oid in current else lifecycle.OPEN
    likely = plausible_events(status)
    event = data.draw(st.sampled_from(likely if likely and not wild else [*lifecycle.EVENTS, "bogus"]))
    reason = data.draw(st.sampled_from(("alasan uji",) * 6 + (None, "", "   ")))
    until = None
    if event in ("extend", "request_extension") or wild:  # new due: days after the current due
        days = data.draw(st.sampled_from((7, 30, 7, 30, 7, -3, 0, 500)))
        until = (current[oid][1] if oid in current else TODAY) + dt.timedelta(days=days)
    if wild:
        evidence = data.draw(st.sampled_from(((),) + GOOD_EVIDENCE + BAD_EVIDENCE))
    else:
        evidence = data.draw(st.sampled_from(GOOD_EVIDENCE if event == "submit" else ((), (), GOOD_EVIDENCE[0])))
    return Request(oid, event, reason, until, evidence)


def draw_actor(data, first: Request, opds: dict[int, str]) -> str:  # type: ignore[no-untyped-def]
    """Usually someone entitled to the first request's event (the coordinator, or that OPD's people)."""
    if data.draw(st.integers(0, 5)) == 0:
        return data.draw(st.sampled_from(PEOPLE))
    code = opds.get(first.occurrence_id, "KOMINFO")
    own = FOCAL[code] if first.event in ("submit", "request_extension") else ("sekda",)
    return data.draw(st.sampled_from(own))


def occurrence_opds(engine) -> dict[int, str]:  # type: ignore[no-untyped-def]
    stmt = select(m.Occurrence.id, m.Opd.code).join(m.Opd, m.Opd.id == m.Occurrence.opd_id)
    with engine.connect() as conn:
        return dict(conn.execute(stmt).all())


BASELINES: dict[str, dict] = {}


def baseline(engine) -> dict:  # type: ignore[no-untyped-def]
    o = m.Occurrence
    with engine.connect() as conn:
        return dict(
            occ=[
                dict(b_id=i, b_status=s, b_due=d, b_sub=sub)
                for i, s, d, sub in conn.execute(select(o.id, o.status, o.due, o.submitted_on))
            ],
            max_occ=conn.execute(select(func.max(o.id))).scalar_one(),
            max_event=conn.execute(select(func.max(m.OccurrenceEvent.id))).scalar_one(),
            records=[
                dict(b_key=k, b_eff=eff)
                for k, eff in conn.execute(select(m.EvidenceRecord.key, m.EvidenceRecord.effective))
            ],
        )


def reset(engine, base: dict) -> None:  # type: ignore[no-untyped-def]
    """Back to the state right after scheduling, cheaply (no new database per example)."""
    o, ev, rec = m.Occurrence.__table__, m.OccurrenceEvent.__table__, m.EvidenceRecord.__table__
    with engine.begin() as conn:
        conn.execute(delete(m.Evidence.__table__))
        conn.execute(delete(ev).where(ev.c.id > base["max_event"]))
        conn.execute(delete(o).where(o.c.id > base["max_occ"]))
        conn.execute(
            update(o)
            .where(o.c.id == bindparam("b_id"))
            .values(status=bindparam("b_status"), due=bindparam("b_due"), submitted_on=bindparam("b_sub")),
            base["occ"],
        )
        conn.execute(
            update(rec).where(rec.c.key == bindparam("b_key")).values(effective=bindparam("b_eff")),
            base["records"],
        )


def run_steps(engine, data, steps: int) -> int:  # type: ignore[no-untyped-def]
    """Apply CLI-like batches; a refused batch changes nothing, an accepted one adds one row per request."""
    clock, accepted = NOW, 0
    for _ in range(steps):
        advance = data.draw(st.sampled_from((0, 0, 0, 0, 4, 30)), label="days the clock moves")
        if advance:
            clock += dt.timedelta(days=advance)
            for domain in ("risk", "ict_audit"):  # the scheduler opens windows, creates new periods
                schedule_domain(engine, domain, clock)
        current, opds = states(engine), occurrence_opds(engine)
        requests = [draw_request(data, current) for _ in range(data.draw(st.sampled_from((1, 1, 1, 1, 2, 3))))]
        who = draw_actor(data, requests[0], opds)
        channel = data.draw(st.sampled_from(CHANNELS))
        before = snapshot(engine)
        try:
            outcome = act(engine, requests, who, channel, clock)
        except InputError:
            assert snapshot(engine) == before
            continue
        accepted += 1
        now = states(engine)
        for req, change in zip(requests, outcome.changes, strict=True):
            assert now[req.occurrence_id][:2] == (change.to_status, change.to_due)
        after = snapshot(engine)
        assert after["events"] == before["events"] + len(requests)
        assert len(after["evidence"]) == len(before["evidence"]) + sum(len(r.evidence) for r in requests)
    return accepted


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), steps=st.integers(1, 20))
def test_replaying_the_trail_gives_the_current_state(engine, data, steps):
    # the engine (a fresh database) lives for the whole test; every example starts from its first state
    if str(engine.url) not in BASELINES:
        BASELINES[str(engine.url)] = baseline(engine)
    reset(engine, BASELINES[str(engine.url)])
    run_steps(engine, data, steps)
    assert check_trails(engine) >= 5


# --- other OPDs' work is invisible --------------------------------------------------------------------


def test_a_focal_point_cannot_touch_or_see_another_opds_task(engine):
    o = ids(engine)
    nothing = refused(engine, "kominfo.fp1", Request(MISSING, "submit", evidence=(LINK,)))
    assert nothing == f"tugas #{MISSING}: tugas tidak ditemukan"
    attempts = [
        ("kominfo.fp1", Request(o["I4"], "submit", evidence=(LINK,))),
        ("kominfo.fp1", Request(o["I4"], "request_extension", "banyak kegiatan", D(2025, 2, 1))),
        ("kominfo.fp1", Request(o["AUDIT"], "verify")),
        ("insp.fp1", Request(o["K4"], "submit", evidence=(LINK,))),
        ("insp.kepala", Request(o["K1"], "request_extension", "banyak kegiatan", D(2025, 5, 1))),
    ]
    for who, req in attempts:
        msg = refused(engine, who, req)
        # exactly what a task that does not exist gives: no title, OPD, period, due or status
        assert msg == f"tugas #{req.occurrence_id}: tugas tidak ditemukan"
    own = Request(o["K4"], "submit", evidence=(LINK,))
    msg = refused(engine, "kominfo.fp1", own, Request(o["I4"], "submit", evidence=(LINK,)))
    assert msg == f"tugas #{o['I4']}: tugas tidak ditemukan"  # the batch fails, naming only the hidden task

    fp = actor(engine, "kominfo.fp1")
    assert {v.row.id for v in figures.tasks(engine, NOW, actor=fp)} == {o["K4"], o["K1"]}
    assert {v.row.opd_code for v in figures.tasks(engine, NOW, actor=actor(engine, "insp.kepala"))} == {
        "INSPEKTORAT"
    }
    assert len(figures.tasks(engine, NOW, actor=actor(engine, "sekda"))) == 5
    with pytest.raises(InputError) as exc:
        history_tables(history(engine, o["I4"], fp))
    assert str(exc.value) == f"tugas #{o['I4']}: tugas tidak ditemukan"
    assert "INSPEKTORAT" not in str(exc.value) and "Inspektorat" not in str(exc.value)
    assert history_tables(history(engine, o["K4"], fp))[0].title.startswith(
        f"#{o['K4']} Laporan pemantauan risiko"
    )
    assert "INSPEKTORAT" in history_tables(history(engine, o["I4"], actor(engine, "sekda")))[0].title


# --- evidence -------------------------------------------------------------------------------------


def test_submit_requires_evidence(engine):
    k4 = ids(engine)["K4"]
    assert "minimal satu bukti" in refused(engine, "kominfo.fp1", Request(k4, "submit"))
    assert states(engine)[k4][0] == "open"


BAD_URLS = [
    "ftp://files.example.go.id/laporan.pdf",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "",
    "   ",
    "https://",
    "https://spbe.example.go.id/laporan final.pdf",
    "https://spbe.example.go.id/" + "a" * 2000,
]


def test_evidence_links_are_checked(engine):
    o = ids(engine)
    for url in BAD_URLS:
        msg = refused(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(EvidenceInput(url),)))
        assert f"tugas #{o['K4']}: " in msg and ("tautan" in msg or "path berkas" in msg), (url, msg)
    ok(
        engine,
        "kominfo.fp1",
        Request(o["K4"], "submit", evidence=(EvidenceInput("https://spbe.example.go.id/a.pdf"),)),
    )
    path = "/srv/spbe/bukti/laporan risiko Q4.pdf"  # a file path may carry spaces
    ok(engine, "insp.fp1", Request(o["I4"], "submit", evidence=(EvidenceInput(path),)))
    edge = "https://spbe.example.go.id/" + "b" * (2000 - len("https://spbe.example.go.id/"))
    ok(engine, "kominfo.fp1", Request(o["K1"], "submit", evidence=(EvidenceInput(edge),)))
    assert [e.url for e in evidence_rows(engine, o["I4"])] == [path]
    assert len(evidence_rows(engine, o["K1"])[0].url) == 2000


def test_evidence_script_links_are_rejected_whatever_their_case(engine):
    k4 = ids(engine)["K4"]
    for url in ("JavaScript:alert(1)", "DATA:text/html,<b>x</b>", "vbscript:msgbox(1)", "//evil.example/x"):
        refused(engine, "kominfo.fp1", Request(k4, "submit", evidence=(EvidenceInput(url),)))


def test_evidence_links_with_control_characters_or_markup_are_rejected(engine):
    k4 = ids(engine)["K4"]
    for url in ("https://spbe.example.go.id/a\nb.pdf", 'https://spbe.example.go.id/"><script>alert(1)</script>'):
        refused(engine, "kominfo.fp1", Request(k4, "submit", evidence=(EvidenceInput(url),)))


def test_evidence_dates(engine):
    o = ids(engine)
    evening = dt.datetime(2025, 1, 6, 18, 0, tzinfo=dt.UTC)  # 2025-01-07 01:00 WIB: today is the 7th locally
    tomorrow = EvidenceInput("https://spbe.example.go.id/a.pdf", effective=D(2025, 1, 8))
    msg = refused(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(tomorrow,)), now=evening)
    assert "tanggal berlaku 2025-01-08 harus antara 2000-01-01 dan hari ini" in msg
    too_old = EvidenceInput("https://spbe.example.go.id/a.pdf", effective=D(1999, 12, 31))
    assert "2000-01-01" in refused(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(too_old,)))
    backwards = EvidenceInput("https://spbe.example.go.id/a.pdf", effective=D(2024, 6, 1), expires=D(2024, 6, 1))
    msg = refused(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(backwards,)))
    assert "kedaluwarsa harus setelah tanggal berlaku" in msg

    local_today = EvidenceInput("https://spbe.example.go.id/hari-ini.pdf", effective=D(2025, 1, 7))
    default = EvidenceInput("https://spbe.example.go.id/tanpa-tanggal.pdf")
    leap = EvidenceInput("https://spbe.example.go.id/kabisat.pdf", effective=D(2024, 2, 29))
    given_expiry = EvidenceInput(
        "https://spbe.example.go.id/sk.pdf", effective=D(2024, 1, 2), expires=D(2025, 1, 2)
    )
    ok(
        engine,
        "kominfo.fp1",
        Request(o["K4"], "submit", evidence=(local_today, default, leap, given_expiry)),
        now=evening,
    )
    rows = [(e.url.rsplit("/", 1)[1], e.effective, e.expires) for e in evidence_rows(engine, o["K4"])]
    assert rows == [
        ("hari-ini.pdf", D(2025, 1, 7), D(2027, 1, 7)),
        ("tanpa-tanggal.pdf", D(2025, 1, 7), D(2027, 1, 7)),  # effective defaults to the local day of submission
        ("kabisat.pdf", D(2024, 2, 29), D(2026, 2, 28)),  # two years on; Feb 29 becomes Feb 28
        ("sk.pdf", D(2024, 1, 2), D(2025, 1, 2)),
    ]
    assert states(engine)[o["K4"]][2] == D(2025, 1, 7)  # submitted_on is the local date too


def test_verifying_an_expiry_review_renews_its_evidence_record(engine):
    audit = ids(engine)["AUDIT"]
    older = EvidenceInput("https://spbe.example.go.id/audit-draf.pdf", effective=D(2024, 12, 2))
    report = EvidenceInput("/srv/spbe/audit/laporan-audit-infra-2024.pdf", effective=D(2024, 12, 20))
    ok(engine, "insp.fp1", Request(audit, "submit", evidence=(report, older)))
    assert record_effective(engine) == D(2023, 11, 20)  # a submission alone renews nothing
    ok(engine, "sekda", Request(audit, "return", "tanda tangan belum ada"))
    assert record_effective(engine) == D(2023, 11, 20)
    signed = EvidenceInput("/srv/spbe/audit/laporan-audit-infra-2024-ttd.pdf", effective=D(2025, 1, 3))
    ok(engine, "insp.fp1", Request(audit, "submit", evidence=(signed,)), now=at(D(2025, 1, 7)))
    ok(engine, "sekda", Request(audit, "verify"), now=at(D(2025, 1, 8)))
    assert record_effective(engine) == D(2025, 1, 3)  # the newest evidence of the verified review
    # the next review follows the renewed record: 2025-01-03 + 2 years - 90 days = 2026-10-05 (a Monday)
    rep = schedule_domain(engine, "ict_audit", at(D(2025, 1, 8)), until=D(2027, 12, 31))
    assert [(x.period, x.due) for x in rep.created] == [("exp-2027-01-03", D(2026, 10, 5))]
    assert check_trails(engine) == 6


def test_verifying_other_work_renews_nothing(engine):
    k4 = ids(engine)["K4"]
    recent = EvidenceInput("https://spbe.example.go.id/risiko.pdf", effective=D(2025, 1, 2))
    ok(engine, "kominfo.fp1", Request(k4, "submit", evidence=(recent,)))
    ok(engine, "sekda", Request(k4, "verify"))
    assert record_effective(engine) == D(2023, 11, 20)


def test_reloading_the_plan_keeps_a_renewed_evidence_record(engine, db_url, plan_file):
    audit = ids(engine)["AUDIT"]
    signed = EvidenceInput("/srv/spbe/audit/laporan-audit-infra-2024.pdf", effective=D(2025, 1, 3))
    ok(engine, "insp.fp1", Request(audit, "submit", evidence=(signed,)))
    ok(engine, "sekda", Request(audit, "verify"))
    init_database(plan_file(small_plan()), at(D(2025, 1, 9)), url=db_url)
    assert record_effective(engine) == D(2025, 1, 3)


# --- all or nothing -------------------------------------------------------------------------------


def test_a_batch_with_one_bad_request_changes_nothing(engine):
    o = ids(engine)
    good = [
        Request(o["K4"], "submit", evidence=(LINK,)),
        Request(o["I4"], "extend", "menunggu rapat", D(2025, 2, 10)),
        Request(o["K1"], "waive", "digabung dengan laporan tahunan"),
    ]
    bad = Request(
        o["I1"], "submit", evidence=(EvidenceInput("ftp://files.example.go.id/q1.pdf"),), where="baris 5"
    )
    msg = refused(engine, "sekda", *good, bad)
    assert msg.startswith(f"tugas #{o['I1']}: baris 5: tautan bukti") and "\n" not in msg
    # every bad request is named, each on its own line
    msg = refused(engine, "sekda", Request(o["AUDIT"], "verify"), *good, Request(o["I1"], "return"))
    first, second = msg.splitlines()
    assert first.startswith(f"tugas #{o['AUDIT']}: tidak dapat") and "verify" in first and "scheduled" in first
    assert second.startswith(f"tugas #{o['I1']}: tidak dapat") and "return" in second and "scheduled" in second
    # the same occurrence twice is a bad batch too
    twice = refused(engine, "sekda", good[0], Request(o["K4"], "waive", "salah kirim"))
    assert "muncul dua kali" in twice
    # a due more than a year out, an over-long reason
    far = refused(engine, "sekda", Request(o["I4"], "extend", "x", D(2026, 1, 8)))
    assert "paling lambat satu tahun" in far
    assert "lebih dari 1000 karakter" in refused(engine, "sekda", Request(o["I4"], "waive", "x" * 1001))

    outcome = ok(engine, "sekda", *good)  # without the bad one, all of it goes through in one go
    assert [(c.event, c.to_status) for c in outcome.changes] == [
        ("submit", "submitted"),
        ("extend", "open"),
        ("waive", "waived"),
    ]
    assert states(engine)[o["I4"]][1] == D(2025, 2, 10)
    assert check_trails(engine) == 5


def test_an_unknown_person_or_channel_is_refused(engine):
    k4 = ids(engine)["K4"]
    msg = refused(engine, "kominfo.fp9", Request(k4, "submit", evidence=(LINK,)))
    assert "--as" in msg and "kominfo.fp9" in msg
    with pytest.raises(ValueError, match="unknown channel"):
        act(engine, [Request(k4, "submit", evidence=(LINK,))], "kominfo.fp1", "fax", NOW)


def test_a_rejected_extension_request_leaves_the_due_date(engine):
    i4 = ids(engine)["I4"]
    ok(engine, "insp.fp1", Request(i4, "request_extension", "auditor cuti", D(2025, 2, 1)))
    ok(engine, "sekda", Request(i4, "reject_extension", "tidak cukup alasan"))
    assert states(engine)[i4][:2] == ("open", D(2025, 1, 10))
    # while the request is pending the work is still due on the 10th: late from the 11th
    ok(engine, "insp.fp1", Request(i4, "request_extension", "auditor cuti", D(2025, 2, 1)))
    views = {v.row.id: v for v in figures.tasks(engine, at(D(2025, 1, 13)))}
    assert views[i4].late_days == 3
    assert check_trails(engine) == 5


# --- figures --------------------------------------------------------------------------------------


def completion_rows(engine, day: dt.date, by: str = "opd") -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    """group -> (due_so_far, on_time, late, still_open, waived, points_at_risk, on_time_rate)."""
    rows = figures.completion(engine, at(day), by)
    return {
        r.group: (r.due_so_far, r.on_time, r.late, r.still_open, r.waived, r.points_at_risk, r.on_time_rate)
        for r in rows
    }


def test_completion_figures_by_hand(engine):
    o = ids(engine)
    ok(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(LINK,)))  # Jan 6, due Jan 10: on time
    ok(engine, "sekda", Request(o["K4"], "verify"))

    # Monday Jan 13: the Q4 reports were due Friday Jan 10
    # KOMINFO: K4 verified (submitted Jan 6 <= Jan 10) -> due 1, on time 1; K1 (Apr 10) still open, not due
    # INSPEKTORAT: I4 open and past due -> due 1, late 1; I4, I1, AUDIT still open; at risk 1 x 0.015
    assert completion_rows(engine, D(2025, 1, 13)) == {
        "KOMINFO": (1, 1, 0, 1, 0, Fraction(0), Fraction(1)),
        "INSPEKTORAT": (1, 0, 1, 3, 0, RISK_POINTS, Fraction(0)),
    }
    assert [r.group for r in figures.completion(engine, at(D(2025, 1, 13)))] == ["INSPEKTORAT", "KOMINFO"]
    # the task list that day: late I4 first (same points as the rest), then by due date, then id
    order = [v.row.id for v in figures.tasks(engine, at(D(2025, 1, 13)))]
    assert order == [o["I4"], *sorted([o["K1"], o["I1"]]), o["AUDIT"]]

    ok(engine, "sekda", Request(o["I4"], "extend", "menunggu hasil rapat", D(2025, 2, 10)), now=at(D(2025, 1, 13)))
    # Jan 20: I4 is now due Feb 10 -> nothing of INSPEKTORAT is due yet; no on-time rate (0 due, 0 waived)
    assert completion_rows(engine, D(2025, 1, 20))["INSPEKTORAT"] == (0, 0, 0, 3, 0, Fraction(0), None)

    ok(engine, "insp.fp1", Request(o["I4"], "submit", evidence=(LINK,)), now=at(D(2025, 2, 10)))  # on its new due
    ok(engine, "kominfo.fp1", Request(o["K1"], "submit", evidence=(LINK,)), now=at(D(2025, 4, 15)))  # 5 days late
    ok(engine, "sekda", Request(o["AUDIT"], "waive", "diaudit BPKP tahun ini"), now=at(D(2025, 8, 1)))

    # Monday Sep 1, everything is due:
    # KOMINFO: K4 on time; K1 submitted Apr 15 > Apr 10, awaiting verification
    #   due 2, on time 1, late 0 (nothing still owed), still open 1 (K1 submitted), rate 1/2
    # INSPEKTORAT: I4 submitted Feb 10 = due Feb 10 (on time); I1 never done (late); AUDIT waived (due Aug 22)
    #   due 3, on time 1, late 1, still open 2 (I4 submitted, I1), waived 1, at risk 1 x 0.015, rate 1/(3-1)
    assert completion_rows(engine, D(2025, 9, 1)) == {
        "KOMINFO": (2, 1, 0, 1, 0, Fraction(0), Fraction(1, 2)),
        "INSPEKTORAT": (3, 1, 1, 2, 1, RISK_POINTS, Fraction(1, 2)),
    }
    # by management domain: risk has K4, K1, I4, I1; ict_audit only the waived AUDIT
    assert completion_rows(engine, D(2025, 9, 1), by="domain") == {
        "risk": (4, 2, 1, 3, 0, RISK_POINTS, Fraction(1, 2)),
        "ict_audit": (1, 0, 0, 0, 1, Fraction(0), None),
    }


def test_waiving_future_work_does_not_distort_the_on_time_rate(engine):
    o = ids(engine)
    ok(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(LINK,)))  # on time
    ok(engine, "sekda", Request(o["K1"], "waive", "digabung dengan laporan tahunan"))  # due Apr 10: future
    # Jan 20: of KOMINFO's work only K4 was due, and it came in on time: 1 of 1
    (row,) = [r for r in figures.completion(engine, at(D(2025, 1, 20))) if r.group == "KOMINFO"]
    assert row.on_time_rate == 1


def ranking_plan() -> dict:
    data = small_plan()
    data["indicators"]["29"]["current"] = 1  # audit-infra now raises 29 by two levels: 2 x 0.015 = 0.03
    return data


def test_tasks_ranking_and_filters(db_url, plan_file):
    engine = setup(db_url, plan_file, ranking_plan())
    o = ids(engine)
    ok(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(LINK,)))
    ok(engine, "sekda", Request(o["K4"], "verify"))
    ok(engine, "insp.fp1", Request(o["I4"], "submit", evidence=(LINK,)), now=at(D(2025, 2, 10)))  # late, submitted
    ok(engine, "sekda", Request(o["K1"], "extend", "pergantian pejabat", D(2025, 9, 30)), now=at(D(2025, 4, 1)))
    sep1 = at(D(2025, 9, 1))

    def view(**kw) -> list[tuple]:  # type: ignore[no-untyped-def]
        return [(v.row.id, v.late_days, v.points) for v in figures.tasks(engine, sep1, **kw)]

    # Sep 1: AUDIT (due Aug 22) late 10 days, 0.03 points; I1 (due Apr 10) late 20+31+30+31+31+1 = 144 days,
    # 0.015; I4 submitted (awaiting verification, never late); K1 extended to Sep 30
    audit, i1 = (o["AUDIT"], 10, 2 * RISK_POINTS), (o["I1"], 144, RISK_POINTS)
    i4, k1 = (o["I4"], 0, RISK_POINTS), (o["K1"], 0, RISK_POINTS)
    assert view() == [audit, i1, i4, k1]  # more points first even when less late; then earliest due
    assert view(late_only=True) == [audit, i1]
    assert view(due_within=0) == [audit, i1, i4]  # due on or before today
    assert view(due_within=28) == [audit, i1, i4]
    assert view(due_within=29) == [audit, i1, i4, k1]  # Sep 30
    assert view(actor=actor(engine, "kominfo.fp1")) == [k1]
    assert view(actor=actor(engine, "kominfo.fp1"), late_only=True) == []
    assert view(actor=actor(engine, "insp.fp1")) == [audit, i1, i4]
    assert view(opd="KOMINFO") == [k1]
    assert view(opd="TIDAK-ADA") == []
    assert view(domain="ict_audit") == [audit]
    # INSPEKTORAT has 0.015 (I1) + 0.03 (AUDIT) at risk
    assert completion_rows(engine, D(2025, 9, 1))["INSPEKTORAT"][5] == Fraction(9, 200)
    engine.dispose()


def test_is_late_agrees_with_the_task_list(db_url, plan_file):
    engine = setup(db_url, plan_file, ranking_plan())
    o = ids(engine)
    ok(engine, "kominfo.fp1", Request(o["K4"], "submit", evidence=(LINK,)), now=at(D(2025, 1, 10)))
    ok(engine, "sekda", Request(o["I1"], "extend", "x", D(2025, 4, 30)), now=at(D(2025, 1, 10)))
    ok(engine, "insp.fp1", Request(o["I4"], "request_extension", "x", D(2025, 1, 31)), now=at(D(2025, 1, 10)))
    days = [D(2025, 1, 10), D(2025, 1, 11), D(2025, 4, 10), D(2025, 4, 11), D(2025, 8, 22), D(2025, 8, 23)]
    for day in days:
        views = figures.tasks(engine, at(day))
        assert len(views) == 5  # K4 submitted, and the four others still owed
        for v in views:
            late = lifecycle.is_late(v.row.status, v.row.due, day)
            assert (v.late_days > 0) == late, (day, v)
            assert v.late_days == ((day - v.row.due).days if late else 0)
    # the due day itself is not late; the day after is
    assert {v.row.id: v.late_days for v in figures.tasks(engine, at(D(2025, 8, 22)))}[o["AUDIT"]] == 0
    assert {v.row.id: v.late_days for v in figures.tasks(engine, at(D(2025, 8, 23)))}[o["AUDIT"]] == 1
    engine.dispose()

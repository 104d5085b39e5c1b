"""Evidence that goes stale before the next evaluation shows up as work (register and verified submissions)."""

from __future__ import annotations

import datetime as dt

from spbe_actions import store
from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import expiring_evidence, next_evaluation
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.tracking import EvidenceInput, Request, act
from spbe_actions.domain.lifecycle import Actor
from spbe_actions.store import engine as db
from tests.support.plans import small_plan

D = dt.date
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)


def test_next_evaluation_defaults_to_the_next_first_of_july():
    assert next_evaluation(None, D(2025, 1, 6)) == D(2025, 7, 1)
    assert next_evaluation(None, D(2025, 7, 1)) == D(2026, 7, 1)  # on the day itself: the next one
    assert next_evaluation(D(2025, 12, 1), D(2025, 1, 6)) == D(2025, 12, 1)
    assert next_evaluation(D(2024, 12, 1), D(2025, 1, 6)) == D(2025, 7, 1)  # a past date in the plan is ignored


def _setup(db_url, plan_file, data):
    init_database(plan_file(data), NOW, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "risk", NOW, until=D(2025, 4, 30))
    with db.session(engine) as s:
        ids = {(r.opd_code, r.period): r.id for r in store.task_rows(s, 1, ["open", "scheduled"])}
    return engine, ids


def test_register_evidence_expiring_before_the_evaluation(db_url, plan_file):
    # audit-infra-2023 (2023-11-20, valid 2 years) expires 2025-11-20: after 1 July 2025, so not listed...
    engine, _ = _setup(db_url, plan_file, small_plan())
    before, items = expiring_evidence(engine, NOW)
    assert before == D(2025, 7, 1) and items == []
    # ...but listed when the plan says the next evaluation is on 1 December 2025
    data = small_plan()
    data["instansi"]["next_evaluation"] = "2025-12-01"
    init_database(plan_file(data), NOW, url=db_url)
    before, items = expiring_evidence(engine, NOW)
    assert before == D(2025, 12, 1)
    assert [(i.opd, i.subject, i.expires) for i in items] == [("", "audit-infra-2023", D(2025, 11, 20))]
    engine.dispose()


def test_latest_verified_submission_counts_and_focal_points_see_their_own(db_url, plan_file):
    engine, ids = _setup(db_url, plan_file, small_plan())
    kom, insp = ids[("KOMINFO", "2024-Q4")], ids[("INSPEKTORAT", "2024-Q4")]
    old = EvidenceInput("https://dokumen.example.go.id/lama.pdf", "Laporan lama", effective=D(2023, 6, 1))
    for occ, fp in ((kom, "kominfo.fp1"), (insp, "insp.fp1")):
        act(engine, [Request(occ, "submit", evidence=(old,))], fp, "cli", NOW)
        act(engine, [Request(occ, "verify")], "sekda", "cli", NOW)
    # both expire 2025-06-01 (effective + 2 years), before 1 July 2025
    _, items = expiring_evidence(engine, NOW)
    assert sorted((i.opd, i.expires) for i in items) == [
        ("INSPEKTORAT", D(2025, 6, 1)),
        ("KOMINFO", D(2025, 6, 1)),
    ]
    with db.session(engine) as s:
        person = store.person(s, 1, "kominfo.fp1")
        fp = Actor(person.key, person.role, person.opd_id, person.id)
    _, mine = expiring_evidence(engine, NOW, fp)
    assert [i.opd for i in mine] == ["KOMINFO"]  # no other OPD, no instansi register
    # a newer verified submission of the same action and OPD supersedes the old evidence
    new = EvidenceInput("https://dokumen.example.go.id/baru.pdf", "Laporan baru", effective=D(2025, 1, 3))
    q1 = ids[("KOMINFO", "2025-Q1")]
    act(engine, [Request(q1, "submit", evidence=(new,))], "kominfo.fp1", "cli", NOW)
    act(engine, [Request(q1, "verify")], "sekda", "cli", NOW)
    _, items = expiring_evidence(engine, NOW)
    assert [i.opd for i in items] == ["INSPEKTORAT"]
    engine.dispose()


def test_completion_can_be_bounded_to_the_evaluation_year(db_url, plan_file):
    from spbe_actions.app.figures import completion

    engine, _ = _setup(db_url, plan_file, small_plan())  # risk reports due 2025-01-10 and 2025-04-10
    later = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)
    assert completion(engine, later, "opd", 2024) == []
    all_work = completion(engine, later, "opd")
    assert completion(engine, later, "opd", 2025) == all_work and sum(r.late for r in all_work) == 2
    engine.dispose()

"""Evidence turning stale before the next evaluation is reminded once per expiry date and person."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.evidence import ExpiringEvidence
from spbe_actions.domain.reminder_policy import Recipient, evidence_decisions
from tests.support.plans import small_plan

D = dt.date
PEOPLE = [
    Recipient(1, "sekda", "Sekda", "coordinator", None),
    Recipient(2, "kom.fp", "FP Kominfo", "focal_point", 10),
    Recipient(3, "insp.fp", "FP Inspektorat", "focal_point", 20),
    Recipient(4, "kom.kadis", "Kadis", "head", 10),
]


def test_register_evidence_goes_to_coordinators_and_opd_evidence_to_that_opds_focal_points():
    expiring = [
        ExpiringEvidence(None, "", "audit-infra-2023", "Audit infrastruktur", D(2025, 11, 20)),
        ExpiringEvidence(10, "KOMINFO", "Laporan risiko", "Laporan lama", D(2025, 6, 1)),
    ]
    got = [(d.person.key, d.subject, d.step) for d in evidence_decisions(expiring, PEOPLE, D(2025, 1, 6))]
    assert got == [
        ("kom.fp", "ev:KOMINFO:Laporan risiko", "EXP-2025-06-01"),
        ("sekda", "ev:register:audit-infra-2023", "EXP-2025-11-20"),
    ]
    decision = evidence_decisions(expiring[:1], PEOPLE, D(2025, 1, 6))[0]
    assert decision.item.title == "Perbarui bukti: Audit infrastruktur" and decision.item.points == Fraction(0)


def test_the_sweep_reminds_the_coordinator_once(db_url, plan_file):
    # the register's audit-infra-2023 (2023-11-20) expires 2025-11-20, before the plan's next evaluation
    data = small_plan()
    data["instansi"]["next_evaluation"] = "2025-12-01"
    now = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)  # Monday 08:00 WIB: inside the working window
    init_database(plan_file(data), now, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "risk", now, until=D(2025, 1, 31))
    report = sweep(engine, now)
    sekda = [m for m in report.messages if m.digest.person.key == "sekda"]
    assert len(sekda) == 1 and sekda[0].digest.kind == "summary"
    text = sekda[0].text
    assert (
        "Perbarui bukti dukung: Laporan audit infrastruktur 2023 (register bukti dukung Koordinator SPBE)" in text
    )
    assert "Kedaluwarsa 20 November 2025" in text
    assert "audit-infra-2023" not in text and "Poin indeks dipertaruhkan" not in text  # no key, no "0 points"
    again = sweep(engine, now + dt.timedelta(hours=3))
    assert [m for m in again.messages if m.digest.person.key == "sekda"] == []
    engine.dispose()

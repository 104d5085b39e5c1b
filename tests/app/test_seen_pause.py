"""A "sudah dilihat" recorded on the link page pauses the repeat reminders of that item in the real sweep."""

from __future__ import annotations

import datetime as dt

from spbe_actions import store
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.store import engine as db
from tests.support.plans import small_plan

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # 9 working days after the 2024-Q4 due date


def test_seen_item_gets_no_repeat_reminder_but_still_escalates(db_url, plan_file):
    data = small_plan()
    data["actions"][0]["grace_days"] = 0
    init_database(plan_file(data), NOW, url=db_url)
    engine = open_engine(db_url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    with db.session(engine) as s, s.begin():
        kom = next(r for r in store.task_rows(s, 1, ["open"]) if r.opd_code == "KOMINFO")
        fp = store.person(s, 1, "kominfo.fp1")
        store.add_events(
            s,
            [
                dict(
                    occurrence_id=kom.id,
                    at=LATER - dt.timedelta(days=1),
                    actor_id=fp.id,
                    channel="link",
                    event="seen",
                    from_status="open",
                    to_status="open",
                    from_due=kom.due,
                    to_due=kom.due,
                )
            ],
        )
    steps = {(d.person.key, d.subject, d.step) for d in sweep(engine, LATER, dry_run=True).decisions}
    subject = f"occ:{kom.id}"
    assert ("kominfo.fp1", subject, "E7") in steps and ("kominfo.kadis", subject, "E7") in steps
    assert not any(s == subject and step.startswith("L") for _, s, step in steps)
    assert any(step == "L3" for who, _, step in steps if who == "insp.fp1")  # the other OPD's item: not seen
    engine.dispose()

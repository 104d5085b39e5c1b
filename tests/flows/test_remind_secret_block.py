"""The remind flow reads the SMTP password from a Prefect Secret block when SPBE_SMTP_PASSWORD_BLOCK names one."""

from __future__ import annotations

import datetime as dt

import pytest

from spbe_actions.app.common import open_engine
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from tests.support.plans import small_plan
from tests.support.servers import SmtpServer

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)
PASSWORD = "blok-rahasia-7781"


@pytest.mark.prefect
def test_smtp_password_from_a_secret_block(prefect_api, tmp_path, plan_file, monkeypatch, caplog):
    from prefect.blocks.system import Secret
    from spbe_flows.remind import remind

    Secret(value=PASSWORD).save("spbe-smtp-password", overwrite=True)
    url = f"sqlite:///{tmp_path / 'block.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    engine.dispose()
    with SmtpServer(credentials=("spbe", PASSWORD)) as smtp:
        for key, value in {
            "SPBE_DATABASE_URL": url,
            "SPBE_SMTP_HOST": "127.0.0.1",
            "SPBE_SMTP_PORT": str(smtp.port),
            "SPBE_SMTP_USER": "spbe",
            "SPBE_SMTP_PASSWORD_BLOCK": "spbe-smtp-password",
        }.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("SPBE_SMTP_PASSWORD", raising=False)
        counts = remind(now=LATER)
    assert counts["sent"] == 2 and counts["failed"] == 0
    assert {m.login for m in smtp.mails} == {"spbe"}  # the server accepted the block's password
    assert PASSWORD not in caplog.text

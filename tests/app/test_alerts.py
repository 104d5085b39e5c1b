"""A run's alert says when it happened in the one style of every message: the date in words and the time on the
instansi's clock ("6 Januari 2025 08.00 WIB"; en "6 January 2025 08:00 WIB"), never an ISO timestamp."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from spbe_actions.app.alerts import alert

AT = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "when"), [("id", "6 Januari 2025 08.00 WIB"), ("en", "6 January 2025 08:00 WIB")]
)
def test_the_alert_dates_the_run_in_words(monkeypatch, language, when):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SPBE_LANG", language)
    got = alert(None, "remind", "merah-putih", "run-1", "FAILED", "database tidak terjangkau", AT)
    assert when in got.body, got.body
    assert not re.search(r"\d{4}-\d{2}-\d{2}", got.body), got.body

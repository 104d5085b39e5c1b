"""`spbe web` keeps no request log by default (a line per request cost 0.1-0.2 ms of a page view's CPU; paths carry
tokens); `--access-log` turns uvicorn's one line per request on, with the tokens masked."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.plans import small_plan
from tests.support.processes import spawn, stop
from tests.support.servers import free_port
from tests.support.tracking import kominfo_link

SECRET = "uji-rahasia-tautan-yang-panjangnya-lebih-dari-32"
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def served(tmp_path, plan_file):  # type: ignore[no-untyped-def]
    folder = tmp_path
    url = f"sqlite:///{folder / 'w.db'}"
    token, _ = kominfo_link(url, plan_file(small_plan()), SECRET, NOW)
    return url, token, folder


def _log_of_one_view(url: str, token: str, log: Path, *flags: str) -> str:
    port = free_port()
    env = {**os.environ, "SPBE_DATABASE_URL": url, "SPBE_LINK_SECRET": SECRET}
    proc = spawn([sys.executable, "-m", "spbe_actions", "web", "--port", str(port), *flags], log, env=env)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for _ in range(600):
                try:
                    if client.get(f"/t/{token}").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, log.read_text()
                time.sleep(0.1)
            assert client.get(f"/t/{token}?ok=dilihat").status_code == 200
    finally:
        stop(proc)
    return log.read_text()


def test_no_request_log_by_default(served):  # type: ignore[no-untyped-def]
    url, token, folder = served
    text = _log_of_one_view(url, token, folder / "quiet.log")
    assert "Uvicorn running" in text, text  # the server's own lines are still there
    assert "GET /t/" not in text and token not in text, text


def test_access_log_on_request_masks_the_tokens(served):  # type: ignore[no-untyped-def]
    url, token, folder = served
    text = _log_of_one_view(url, token, folder / "loud.log", "--access-log")
    assert '"GET /t/[token]?ok=dilihat HTTP/1.1" 200' in text, text
    assert token not in text, text

"""`spbe web --workers N`: several uvicorn processes on PostgreSQL (each its own pool; every submit recorded
once), and on SQLite a clear refusal that says why one process is enough."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from spbe_actions.app.common import open_engine
from spbe_actions.app.setup import init_database
from spbe_actions.store import engine as db
from spbe_actions.store import models as m
from tests.cli.test_cli import spbe
from tests.support.plans import small_plan
from tests.support.processes import spawn, stop
from tests.support.servers import free_port
from tests.support.tracking import kominfo_link

SECRET = "uji-rahasia-tautan-yang-panjangnya-lebih-dari-32"
NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)


def test_sqlite_refuses_more_than_one_worker_and_says_why(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    res = spbe("web", "--workers", "2", env={"SPBE_DATABASE_URL": url, "SPBE_LINK_SECRET": SECRET})
    assert res.returncode == 2, res.stdout + res.stderr
    assert "SQLite menulis satu per satu" in res.stderr and "PostgreSQL" in res.stderr
    assert "Traceback" not in res.stderr


def _workers_of(pid: int) -> list[int]:
    """The uvicorn worker processes (multiprocessing spawn children) of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and "spawn_main" in cmd:
            found.append(int(entry.name))
    return found


def test_postgresql_serves_from_several_workers_and_records_each_submit_once(pg_url, plan_file, tmp_path):
    token, oid = kominfo_link(pg_url, plan_file(small_plan()), SECRET, NOW)
    engine = open_engine(pg_url)
    port = free_port()
    env = {**os.environ, "SPBE_DATABASE_URL": pg_url, "SPBE_LINK_SECRET": SECRET}
    proc = spawn(
        [sys.executable, "-m", "spbe_actions", "web", "--workers", "2", "--port", str(port)],
        tmp_path / "web.log",
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(600):  # up to a minute for two worker processes to start
                try:
                    if client.get(f"/t/{token}").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, (tmp_path / "web.log").read_text()
                time.sleep(0.1)
            assert len(_workers_of(proc.pid)) == 2, (tmp_path / "web.log").read_text()
            pages = [client.get(f"/t/{token}") for _ in range(20)]
            assert all(p.status_code == 200 for p in pages)
            csrf = re.search(r'name="csrf" value="([^"]+)"', pages[-1].text)
            assert csrf
            form = {"csrf": csrf.group(1), "tugas": str(oid), "bukti": "https://spbe.example.go.id/w.pdf"}
            posted = [client.post(f"/t/{token}/kirim", data=form) for _ in range(3)]
        assert posted[0].status_code == 303, posted[0].text
        assert all(p.status_code in (303, 400) for p in posted[1:])  # a second submit of submitted work refused
    finally:
        stop(proc)
    with db.read(engine) as s:
        submits = s.execute(
            select(func.count())
            .select_from(m.OccurrenceEvent)
            .where(m.OccurrenceEvent.occurrence_id == oid, m.OccurrenceEvent.event == "submit")
        ).scalar_one()
    assert submits == 1
    engine.dispose()

"""The weekly report flow (keyed artifacts, daily snapshot) and `spbe setup-automations` against a real server."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from spbe_actions import store
from spbe_actions.app.common import open_engine
from spbe_actions.app.figures import CompletionRow
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.app.tracking import EvidenceInput, Request, act
from spbe_actions.store import engine as db
from tests.conftest import REPO
from tests.support.plans import small_plan
from tests.support.servers import HookServer

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB
BIN = Path(sys.executable).parent
# `python -m spbe_actions`, with the command module registered whether or not cli.py imports it yet
CLI = [sys.executable, "-c", "from spbe_actions.cli import app; app(prog_name='spbe')"]


def _row(group, due, on_time, late, still_open, waived, points=Fraction(0)) -> CompletionRow:
    return CompletionRow(group, due, on_time, late, still_open, waived, points)


def test_year_progress_is_work_due_so_far_less_waived_that_is_not_late():
    from spbe_actions.app.weekly import year_progress

    # A: 4 due (1 waived, 1 late) -> 2 of 3; B: 2 due, 1 late -> 1 of 2; together (3 - 2 + 2) / (3 + 2) = 3/5
    rows = [_row("A", 4, 1, 1, 2, 1), _row("B", 2, 1, 1, 1, 0)]
    assert year_progress(rows) == Fraction(3, 5)
    assert year_progress([_row("A", 2, 0, 0, 0, 2)]) == 1  # everything due was waived: nothing is behind
    assert year_progress([]) == 1


def test_weekly_report_deployment_runs_monday_0700_in_the_instansi_zone(plan_file, tmp_path):
    from spbe_flows.deployments import specs

    data = small_plan()
    data["instansi"]["timezone"] = "WITA"
    url = f"sqlite:///{tmp_path / 'spec.db'}"
    init_database(plan_file(data), NOW, url=url)
    (spec,) = [s for s in specs(url) if s.flow == "report"]
    assert (spec.name, spec.tags, spec.parameters) == (
        "kota-uji",
        ("spbe", "kota-uji", "report"),
        {"instansi": "kota-uji"},
    )
    assert [(s.cron, s.timezone) for s in spec.schedules] == [("0 7 * * 1", "Asia/Makassar")]


def _plan_with_late_work(tmp_path, plan_file) -> str:
    """The small plan on 2025-01-23: both owners' 2024-Q4 risk reports (due 2025-01-10) are late, and KOMINFO
    already submitted its 2025-Q1 report (due 2025-04-10) early."""
    url = f"sqlite:///{tmp_path / 'report.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    with db.session(engine) as s:
        ids = {(r.opd_code, r.period): r.id for r in store.task_rows(s, 1, ["open", "scheduled"])}
    ev = EvidenceInput("https://dokumen.example.go.id/risiko-q1.pdf", "Laporan risiko Q1")
    act(engine, [Request(ids[("KOMINFO", "2025-Q1")], "submit", evidence=(ev,))], "kominfo.fp1", "cli", LATER)
    engine.dispose()
    return url


@pytest.mark.prefect
def test_report_publishes_league_summary_and_progress_and_one_snapshot_a_day(
    prefect_api, plan_file, tmp_path, monkeypatch
):
    from prefect.artifacts import Artifact
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from spbe_flows.report import LEAGUE_KEY, PROGRESS_KEY, SUMMARY_KEY, report

    url = _plan_with_late_work(tmp_path, plan_file)
    monkeypatch.setenv("SPBE_DATABASE_URL", url)
    counts = report(now=LATER)
    # three weekly digests queued (sekda + two heads); no SMTP is configured here, so they wait as failed
    assert counts == {"opds": 2, "late": 2, "still_open": 4, "waived": 0, "digests": 3, "sent": 0, "failed": 3}
    assert sorted(p.suffix for p in (tmp_path / "laporan").iterdir()) == [".html", ".xlsx"]

    # each late 2024-Q4 report carries 1.50/100 x (3 - 2) = 0.015 index points; ties go by OPD code.
    # KOMINFO: due so far = Q4 (late) + Q1 (submitted early, on time) = 2, on time 1 of 2 = 50 %.
    league = json.loads(Artifact.get(f"{LEAGUE_KEY}-kota-uji").data)  # keys carry the instansi
    assert league == [
        {"OPD": "INSPEKTORAT", "jatuh tempo": 1, "tepat waktu": 0, "% tepat waktu": "0%", "terlambat": 1,
         "belum selesai": 2, "dibebaskan": 0, "poin berisiko": "0,015"},
        {"OPD": "KOMINFO", "jatuh tempo": 2, "tepat waktu": 1, "% tepat waktu": "50%", "terlambat": 1,
         "belum selesai": 2, "dibebaskan": 0, "poin berisiko": "0,015"},
    ]  # fmt: skip

    md = Artifact.get(f"{SUMMARY_KEY}-kota-uji").data
    for line in (
        "| Indeks sekarang (2024) | 2,97 Baik |",
        "| Proyeksi (semua aksi tepat waktu) | 3,00 Baik |",
        "| Poin indeks berisiko (tugas terlambat) | 0,030 |",
        "| Tugas belum selesai | 4 |",
        "| Tugas terlambat | 2 |",
        "| Tepat waktu | 33% |",  # 1 on time of 3 due so far
        "## 2 tugas terlambat paling mendesak (poin terbanyak dulu)",
        "| Laporan pemantauan risiko SPBE triwulanan | Triwulan IV 2024 | INSPEKTORAT | 10 Januari 2025 | 13 | 0,015 |",
        "| Laporan pemantauan risiko SPBE triwulanan | Triwulan IV 2024 | KOMINFO | 10 Januari 2025 | 13 | 0,015 |",
    ):
        assert line in md.splitlines(), line
    assert not re.search(r"\b\d+\.\d+\b", md), md  # no decimal point in the Indonesian summary

    # (due so far 3 - waived 0 - late 2) / 3: only KOMINFO's early Q1 report is done
    progress = Artifact.get(f"{PROGRESS_KEY}-kota-uji")
    assert progress.type == "progress" and progress.data == pytest.approx(100 / 3)
    assert progress.description.startswith("Tahun evaluasi 2025: 33% ")

    report(now=LATER + dt.timedelta(hours=3))  # the same day in Jakarta: the snapshot is replaced, not added
    engine = create_engine(url)
    with engine.connect() as conn:
        snaps = conn.execute(text("select day, index_current, index_projected, at_risk, late from index_snapshot"))
        assert [tuple(r) for r in snaps] == [("2025-01-23", "2.97", "3.00", "0.03", 2)]
    engine.dispose()
    with get_client(sync_client=True) as client:  # keyed artifacts keep a version per run: the UI's history
        versions = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"{LEAGUE_KEY}-kota-uji"]))
        )
    assert len(versions) == 2


def test_setup_automations_needs_a_prefect_server_and_a_supported_channel(monkeypatch):
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "SPBE_ALERT_URL")}
    res = subprocess.run(
        [*CLI, "setup-automations", "--channel", "json://127.0.0.1:9/hook"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert res.returncode == 2 and "PREFECT_API_URL belum diatur" in res.stderr
    env["PREFECT_API_URL"] = "http://127.0.0.1:9/api"  # never contacted: the channel is refused first
    res = subprocess.run(
        [*CLI, "setup-automations", "--channel", "mailto://rahasia:S3cr3tPw@mail.example.go.id"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert res.returncode == 2 and "tidak didukung" in res.stderr, res.stderr
    assert "S3cr3tPw" not in res.stderr + res.stdout and "rahasia" not in res.stderr + res.stdout


def _setup_automations(api: str, channel: str, home: Path, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_HOME": str(home), "SPBE_DATABASE_URL": url}
    env.pop("SPBE_ALERT_URL", None)
    return subprocess.run(
        [*CLI, "setup-automations", "--channel", channel],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _client(api: str):  # type: ignore[no-untyped-def]
    from prefect.client.orchestration import SyncPrefectClient

    return SyncPrefectClient(api)


@pytest.mark.prefect
def test_setup_automations_twice_leaves_one_block_and_the_installations_automations(
    prefect_server, tmp_path, plan_file
):
    from spbe_actions.adapters.automations import ALERT_EVENT, BLOCK_NAME, WATCHED_FLOWS

    url = f"sqlite:///{tmp_path / 'auto.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    first = _setup_automations(prefect_server, "json://127.0.0.1:9/hook", tmp_path / "h", url)
    assert first.returncode == 0, first.stderr
    assert "kanal koordinator: json://127.0.0.1:9/***" in first.stdout and "9/hook" not in first.stdout
    names = [f"spbe kota-uji: {w}" for w in ("peringatan", "run terhenti", "pengingat harian tidak berjalan",
                                             "laporan mingguan tidak berjalan")]  # fmt: skip
    assert all(f"otomasi '{n}' dibuat" in first.stdout for n in names), first.stdout
    second = _setup_automations(prefect_server, "json://127.0.0.1:9/hook", tmp_path / "h", url)
    assert second.returncode == 0, second.stderr
    assert all(f"otomasi '{n}' diperbarui" in second.stdout for n in names)
    block_name = f"{BLOCK_NAME}-kota-uji"
    assert f"Custom Webhook/{block_name}" in second.stdout

    with _client(prefect_server) as client:
        block = client.read_block_document_by_name(block_name, "custom-webhook", include_secrets=True)
        assert block.data["secrets"] == {"url": "http://127.0.0.1:9/hook"}
        assert block.data["json_data"]["message"] == "{{body}}"
        hidden = client.read_block_document_by_name(block_name, "custom-webhook", include_secrets=False)
        assert "127.0.0.1:9/hook" not in json.dumps(hidden.data, default=str)
        mine = {n: client.read_automations_by_name(n) for n in names}
    assert all(len(found) == 1 for found in mine.values())
    alert, crashed, remind, report = (mine[n][0] for n in names)
    assert alert.trigger.expect == {ALERT_EVENT} and alert.trigger.posture == "Reactive"
    assert alert.trigger.match.model_dump() == {"prefect.resource.id": "spbe.kota-uji.flow-run.*"}
    assert crashed.trigger.expect == {"prefect.flow-run.Crashed"}
    assert crashed.trigger.match_related.model_dump()["prefect.resource.name"] == WATCHED_FLOWS
    assert remind.trigger.posture == "Proactive" and remind.trigger.within == dt.timedelta(hours=26)
    assert {"prefect.resource.role": "deployment", "prefect.resource.name": ["kota-uji", "kota-uji-pool"]} in [
        m.model_dump() for m in remind.trigger.match_related
    ]
    assert report.trigger.within == dt.timedelta(days=8)
    for a in (alert, crashed, remind, report):
        (action,) = a.actions
        assert action.type == "send-notification" and action.block_document_id == block.id


@pytest.mark.prefect
def test_a_silent_remind_deployment_reaches_the_coordinator_channel(prefect_server, tmp_path, plan_file):
    """The proactive automation, shortened to 10 s (Prefect's minimum): no remind run completes."""
    from spbe_actions.adapters.automations import BLOCK_NAME, Watch, silent_automation, upsert

    url = f"sqlite:///{tmp_path / 'silent.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    with HookServer() as hook:
        done = _setup_automations(prefect_server, f"json://127.0.0.1:{hook.port}/spbe", tmp_path / "h", url)
        assert done.returncode == 0, done.stderr
        watch = Watch("kota-uji", ["kota-uji", "kota-uji-pool"], ["kota-uji"])
        with _client(prefect_server) as client:
            block = client.read_block_document_by_name(f"{BLOCK_NAME}-kota-uji", "custom-webhook")
            upsert(client, silent_automation(block.id, watch, dt.timedelta(seconds=10)))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not hook.posts:
                time.sleep(0.5)
            upsert(client, silent_automation(block.id, watch, dt.timedelta(hours=26)))
        assert hook.posts, "the proactive automation did not fire within 60 s"
        assert hook.posts[0].json["title"] == "SPBE: pengingat harian tidak berjalan"
        message = hook.posts[0].json["message"]
        assert "Tidak ada run pengingat harian (kota-uji, kota-uji-pool) yang selesai dalam 10 detik" in message

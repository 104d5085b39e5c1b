"""`spbe remind --dry-run`: by default a summary per instansi and channel chain (no bodies rendered); every
message with `--full`; one person's with `--person`. Nothing is written or sent either way."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.app.test_outbox import DRY_NOW, count, sample_db  # noqa: F401  (the fixture)


def remind(url: str, *args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    skip = ("SPBE_", "FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TERM")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)} | {"SPBE_DATABASE_URL": url}
    env |= {"SPBE_LANG": lang} if lang else {}
    return subprocess.run(
        [sys.executable, "-m", "spbe_actions", "remind", *args, "--now", DRY_NOW],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_summary_counts_what_the_full_run_prints(sample_db):  # noqa: F811
    summary, full = remind(sample_db, "--dry-run"), remind(sample_db, "--dry-run", "--full")
    assert summary.returncode == 0 and summary.stderr == "", summary.stderr[-2000:]
    messages = full.stdout.count("Kepada: ")
    people = len(set(re.findall(r"^Kepada: (\S+)", full.stdout, re.M)))
    assert messages > 3
    head = summary.stdout.splitlines()[0]
    assert (
        head
        == f"UJI COBA 12 Februari 2025 09.00 WIB dalam jam kerja: {messages} pesan untuk {people} orang, 1 instansi"
    )
    assert "Kepada: " not in summary.stdout and "Subjek:" not in summary.stdout  # no bodies
    rows = [line for line in summary.stdout.splitlines() if "kota-mojokerto" in line]
    assert rows, summary.stdout
    totals = [int(cells[-1]) for cells in (re.findall(r"\d+", line) for line in rows)]
    assert sum(totals) == messages
    by_kind = {k: full.stdout.count(f"[{k}]") for k in ("pengingat", "eskalasi", "ringkasan koordinator")}
    assert all(n > 0 for n in by_kind.values()), by_kind
    assert "email" in summary.stdout and "--full" in summary.stdout
    assert count(sample_db, "outbox") == 0 and count(sample_db, "reminder") == 0


def test_one_persons_messages_in_full(sample_db):  # noqa: F811
    full = remind(sample_db, "--dry-run", "--full")
    who = re.findall(r"^Kepada: (\S+) ", full.stdout, re.M)[0]
    mine = remind(sample_db, "--dry-run", "--person", who)
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout.splitlines()[0].endswith(": 1 pesan")
    assert set(re.findall(r"^Kepada: (\S+) ", mine.stdout, re.M)) == {who}
    block = full.stdout.split(f"Kepada: {who} ", 1)[1].split("Kepada: ", 1)[0]
    assert (
        block.rstrip("─\n ").splitlines()[1:]
        == mine.stdout.split(f"Kepada: {who} ", 1)[1].rstrip("─\n ").splitlines()[1:]
    )
    nobody = remind(sample_db, "--dry-run", "--person", "tidak-ada")
    assert nobody.returncode == 0 and ": 0 pesan" in nobody.stdout


def test_full_without_dry_run_is_a_usage_error(sample_db):  # noqa: F811
    res = remind(sample_db, "--full")
    assert res.returncode == 2 and "--dry-run" in res.stderr and "Traceback" not in res.stderr
    assert count(sample_db, "outbox") == 0


def test_the_summary_in_english_with_the_time_in_words(sample_db):  # noqa: F811
    summary = remind(sample_db, "--dry-run", lang="en")
    assert summary.returncode == 0, summary.stderr[-2000:]
    head = summary.stdout.splitlines()[0]
    assert head.startswith("DRY RUN 12 February 2025 09:00 WIB within working hours: "), head
    assert "By instansi and channel" in summary.stdout and "Channels (order tried)" in summary.stdout
    for word in ("UJI COBA", "Jumlah", "Kanal", "pesan", "orang", "Setiap pesan"):
        assert word not in summary.stdout, word

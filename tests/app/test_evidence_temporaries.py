"""What crashed uploads leave behind, swept with an explicit ``now``: staging files (a folder store's `.staging/`,
object storage's local staging folder) and unfinished multipart uploads under the store's prefix (moto's S3
server on loopback) older than the threshold go; committed files, younger temporaries (an upload may still be
running) and anything that is not ours stay. `spbe clean-uploads` and `spbe web`'s start-up run the same sweep."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

import httpx
import pytest

from spbe_actions.adapters.evidence_store import EvidenceStore, Swept
from spbe_actions.app.evidence import sweep_temporaries
from spbe_actions.domain.errors import InputError
from tests.cli.test_cli import spbe
from tests.support.evidence_files import pdf_bytes, s3_server
from tests.support.plans import small_plan
from tests.support.processes import spawn, stop
from tests.support.servers import free_port

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(hours=24)


def aged(path: Path, when: dt.datetime) -> Path:
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def crashed_upload(store: EvidenceStore, when: dt.datetime) -> Path:
    """A staging file as a killed process leaves it, last written at ``when``."""
    staged = store.stage(io.BytesIO(pdf_bytes(1, when.isoformat())), "laporan.pdf", 10**7)
    return aged(staged.path, when)


def committed(store: EvidenceStore, when: dt.datetime) -> str:
    staged = store.stage(io.BytesIO(pdf_bytes(2)), "sk.pdf", 10**7)
    assert store.place(staged)
    if store.local:
        aged(Path(store.key(staged.sha256)), when)
    return staged.sha256


def test_the_folder_store_removes_only_old_staging_files(tmp_path):
    store = EvidenceStore(str(tmp_path / "bukti"))
    old = crashed_upload(store, NOW - DAY - dt.timedelta(minutes=1))
    young = crashed_upload(store, NOW - dt.timedelta(hours=23))  # may still be an upload in progress
    kept = committed(store, NOW - dt.timedelta(days=400))  # a committed file, however old, is not a temporary
    stranger = store.staging / "catatan.txt"  # not a name we give
    stranger.write_text("bukan milik spbe")
    aged(stranger, NOW - dt.timedelta(days=30))
    assert store.sweep_temporaries(NOW, DAY) == Swept(files=1, uploads=0)
    assert not old.exists() and young.exists() and stranger.exists() and store.exists(kept)
    assert store.sweep_temporaries(NOW, DAY) == Swept()  # idempotent
    assert store.sweep_temporaries(NOW + dt.timedelta(hours=2), DAY) == Swept(files=1)  # the young one, a day on
    assert store.exists(kept) and list(store.fs.find(f"{store.root}/sha256")) == [store.key(kept)]


def start_multipart(store: EvidenceStore, key: str) -> str:
    bucket, _, name = key.partition("/")
    upload = store.fs.call_s3("create_multipart_upload", Bucket=bucket, Key=name)
    store.fs.call_s3(
        "upload_part", Bucket=bucket, Key=name, UploadId=upload["UploadId"], PartNumber=1, Body=b"0" * 1024
    )
    return upload["UploadId"]


def open_uploads(store: EvidenceStore) -> dict[str, dt.datetime]:
    """The unfinished multipart uploads of the bucket: key -> when it was started (the object store's clock)."""
    bucket = store.root.split("/", 1)[0]
    page = store.fs.call_s3("list_multipart_uploads", Bucket=bucket)
    return {u["Key"]: u["Initiated"] for u in page.get("Uploads", [])}


def test_object_storage_aborts_only_old_unfinished_uploads_under_its_prefix(tmp_path):
    with s3_server("bukti-sapu") as options:
        store = EvidenceStore("s3://bukti-sapu/kota", json.loads(options), staging=tmp_path / "staging")
        kept = committed(store, NOW)
        ours = store.key("ab" * 32).split("/", 1)[1]
        start_multipart(store, store.key("ab" * 32))  # a 200 MB upload killed after its first part
        start_multipart(store, "bukti-sapu/lain/sha256/cd/" + "cd" * 32)  # another installation's prefix
        started = open_uploads(store)[ours]  # the store's own stamp (moto: a fixed date in 2010)
        old = crashed_upload(store, started - DAY - dt.timedelta(hours=1))
        young = crashed_upload(store, started)
        assert store.sweep_temporaries(started + dt.timedelta(hours=1), DAY) == Swept(files=1, uploads=0)
        assert not old.exists() and young.exists() and ours in open_uploads(store)  # an upload in progress
        later = started + DAY + dt.timedelta(minutes=5)
        assert store.sweep_temporaries(later, DAY) == Swept(files=1, uploads=1)
        assert list(open_uploads(store)) == ["lain/sha256/cd/" + "cd" * 32] and store.exists(kept)
        assert b"".join(store.read(kept)) == pdf_bytes(2)


def test_the_threshold_is_at_least_an_hour_and_an_unreachable_store_is_said_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv("SPBE_EVIDENCE_STORE", str(tmp_path / "bukti"))
    with pytest.raises(InputError) as bad:
        sweep_temporaries(NOW, hours=0)
    assert "SPBE_EVIDENCE_TEMP_HOURS" in str(bad.value) and "minimal 1 jam" in str(bad.value)
    with s3_server("ada") as options:
        port = json.loads(options)["endpoint_url"].rsplit(":", 1)[1]
    monkeypatch.setenv("SPBE_EVIDENCE_STORE", "s3://ada/x")  # the server is gone now
    monkeypatch.setenv(
        "SPBE_EVIDENCE_STORE_OPTIONS",
        json.dumps({"endpoint_url": f"http://127.0.0.1:{port}", "key": "k", "secret": "s",
                    "config_kwargs": {"connect_timeout": 1, "retries": {"max_attempts": 1}}}),
    )  # fmt: skip
    with pytest.raises(InputError) as down:
        sweep_temporaries(NOW)
    assert "tidak dapat dijangkau" in str(down.value)


def test_the_command_and_the_web_start_up_sweep(tmp_path, plan_file):
    from spbe_actions.app.setup import init_database

    url = f"sqlite:///{tmp_path / 'spbe.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    store = EvidenceStore(str(tmp_path / "bukti"))  # the default: beside the SQLite database
    real = dt.datetime.now(dt.UTC)
    old, young = crashed_upload(store, real - dt.timedelta(hours=30)), crashed_upload(store, real)
    env = {"SPBE_DATABASE_URL": url, "SPBE_NOW": "2030-01-01T00:00:00+00:00"}  # the sweep ignores a pinned clock
    res = spbe("clean-uploads", env=env)
    assert res.returncode == 0, res.stderr
    assert "1 berkas sementara, 0 unggahan multipart" in res.stdout and not old.exists() and young.exists()
    assert spbe("clean-uploads", "--older-than-hours", "0", env=env).returncode == 2
    again = crashed_upload(store, real - dt.timedelta(hours=30))
    port = free_port()
    web_env = {**os.environ, **env, "SPBE_LINK_SECRET": "r" * 40}
    proc = spawn(
        [sys.executable, "-m", "spbe_actions", "web", "--port", str(port)], tmp_path / "web.log", env=web_env
    )
    try:
        deadline = time.monotonic() + 60
        while again.exists() and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "web.log").read_text()
            time.sleep(0.1)
        assert not again.exists() and young.exists(), (tmp_path / "web.log").read_text()
        status = None
        while status is None and time.monotonic() < deadline:  # the server serves as usual
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/").status_code
            except httpx.TransportError:
                time.sleep(0.1)
        assert status == 200
    finally:
        stop(proc)

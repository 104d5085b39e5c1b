"""Evidence files (issue #15): one 200 MB upload through a real `spbe web` process, and `spbe bundle` of 2,000
files, each with the peak RSS of the process doing the work (target: under 150 MB each).

    .venv/bin/python bench/bench_evidence.py [--upload-mb 200] [--files 2000] [--file-kb 100] [--store s3]

The upload is a valid PDF (one page whose content stream is padding) streamed by httpx as multipart with a
declared length; the server's peak RSS is read from /proc/<pid>/status (VmHWM) once the 303 came back. The
bundle's data: the sample plan scheduled for 2026, 2,000 distinct PDFs submitted and verified through the use
cases over the latest verified work of each action and OPD; `spbe bundle` then runs as its own process and its
peak RSS is that process's VmHWM, read until it exits. With ``--store s3`` the store is moto's S3 server on loopback.
Prints the figures; nothing is asserted. Results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spbe_actions import store  # noqa: E402
from spbe_actions.adapters.settings import Settings  # noqa: E402
from spbe_actions.app.common import open_engine  # noqa: E402
from spbe_actions.app.evidence import Limits, evidence_store, stage_files  # noqa: E402
from spbe_actions.app.scheduling import schedule_domain  # noqa: E402
from spbe_actions.app.setup import init_database  # noqa: E402
from spbe_actions.app.tracking import Request, act  # noqa: E402
from spbe_actions.domain.links import Claims, sign  # noqa: E402
from spbe_actions.store import engine as db  # noqa: E402
from spbe_actions.store import models as m  # noqa: E402

SECRET = "bench-" + "b" * 40
NOW = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
MB = 1024 * 1024
CHUNK = 1024 * 1024


def pdf_parts(padding: int, tag: str = "") -> Iterator[bytes]:
    """A valid one-page PDF whose content stream holds ``padding`` bytes of comment lines, in chunks."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    objs = [
        b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n",
        b"2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n",
        b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>\nendobj\n",
    ]
    offsets, pos = [], len(head)
    for o in objs:
        offsets.append(pos)
        pos += len(o)
    stream_head = f"4 0 obj\n<</Length {padding}>>\nstream\n".encode()
    offsets.append(pos)
    yield head + b"".join(objs) + stream_head
    line = (f"% {tag} ".encode() + b"x" * 100)[:100] + b"\n"
    block = line * (CHUNK // len(line))
    left = padding
    while left > 0:
        piece = block[: min(left, len(block))]
        left -= len(piece)
        yield piece
    tail_start = pos + len(stream_head) + padding
    tail = b"\nendstream\nendobj\n"
    xref_at = tail_start + len(tail)
    xref = b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    yield tail + xref + b"trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref_at


def pdf_bytes(padding: int, tag: str) -> bytes:
    return b"".join(pdf_parts(padding, tag))


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def setup(work: Path, env: dict[str, str]) -> tuple[str, object]:
    os.environ.update(env)
    url = env["SPBE_DATABASE_URL"]
    init_database(Settings().plan, NOW, url=url)
    engine = open_engine(url)
    with db.session(engine) as s:
        iid = store.all_instansi(s)[0].id
        domains = sorted(store.active_domains(s, iid))
    for d in domains:
        schedule_domain(engine, d, NOW, until=dt.date(2026, 12, 31))
    return url, engine


def open_work(engine: object) -> list[tuple[int, str]]:
    """(occurrence id, focal point key) of each action and OPD's first open occurrence of 2026."""
    o, p = m.Occurrence, m.Person
    out, seen = [], set()
    with engine.connect() as conn:  # type: ignore[attr-defined]
        fps = {
            opd: key
            for key, opd in conn.execute(
                p.__table__.select().with_only_columns(p.key, p.opd_id).where(p.role == "focal_point")
            )
        }  # type: ignore[attr-defined]
        rows = conn.execute(
            o.__table__.select()
            .with_only_columns(o.id, o.action_id, o.opd_id)
            .where(o.status == "open")
            .order_by(o.due, o.id)
        )  # type: ignore[attr-defined]
        for oid, aid, opd in rows:
            if (aid, opd) not in seen and opd in fps:
                seen.add((aid, opd))
                out.append((oid, fps[opd]))
    return out


def coordinator(engine: object) -> str:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return (
            conn.execute(
                m.Person.__table__.select().with_only_columns(m.Person.key).where(m.Person.role == "coordinator")
            )
            .scalars()
            .first()
        )  # type: ignore[attr-defined]


def start_web(env: dict[str, str], port: int, work: Path) -> subprocess.Popen:
    log = (work / "web.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "spbe_actions", "web", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 300  # a loaded machine takes its time to import the web stack
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            httpx.get(f"http://127.0.0.1:{port}/koordinator/masuk", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("spbe web did not start:\n" + (work / "web.log").read_text()[-3000:])


def bench_upload(work: Path, env: dict[str, str], size_mb: int, port: int) -> dict:
    url, engine = setup(work, env)
    (oid, who), *_ = open_work(engine)
    with db.session(engine) as s:
        person = store.person(s, store.all_instansi(s)[0].id, who)
        assert person is not None and person.id is not None
    token = sign(SECRET, Claims("act", person.id, oid, dt.datetime.now(dt.UTC) + dt.timedelta(days=30)))
    web_env = {**env, "SPBE_LINK_SECRET": SECRET, "SPBE_NOW": NOW.isoformat()}
    proc = start_web(web_env, port, work)
    try:
        base = f"http://127.0.0.1:{port}"
        page = httpx.get(f"{base}/t/{token}", timeout=30).text
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        rss_idle = vm_hwm_mb(proc.pid)
        boundary = "----bench-batas"
        fields = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in (("csrf", csrf), ("tugas", str(oid)), ("judul", "Pindaian besar"))
        )
        fhead = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="berkas"; filename="pindaian.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        end = f"\r\n--{boundary}--\r\n".encode()
        padding = size_mb * MB - 600
        pdf_len = sum(len(p) for p in pdf_parts(padding))
        total = len(fields) + len(fhead) + pdf_len + len(end)

        def body() -> Iterator[bytes]:
            yield fields + fhead
            yield from pdf_parts(padding)
            yield end

        headers = {"content-type": f"multipart/form-data; boundary={boundary}", "content-length": str(total)}
        t0 = time.perf_counter()
        res = httpx.post(f"{base}/t/{token}/kirim", content=body(), headers=headers, timeout=600)
        seconds = time.perf_counter() - t0
        assert res.status_code == 303, (res.status_code, res.text[:500])
        peak = vm_hwm_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(20)
    with engine.connect() as conn:  # type: ignore[attr-defined]
        size = conn.execute(m.EvidenceFile.__table__.select().with_only_columns(m.EvidenceFile.size)).scalar_one()  # type: ignore[attr-defined]
    engine.dispose()  # type: ignore[attr-defined]
    return {
        "bytes": size,
        "seconds": round(seconds, 1),
        "rss_before_mb": round(rss_idle, 1),
        "peak_rss_mb": round(peak, 1),
    }


def bench_bundle(work: Path, env: dict[str, str], files: int, file_kb: int) -> dict:
    url, engine = setup(work, env)
    pairs = open_work(engine)
    boss = coordinator(engine)
    per = -(-files // len(pairs))
    limits = Limits(50 * MB, 10_000 * MB)
    target, made, t0 = evidence_store(), 0, time.perf_counter()
    for oid, who in pairs:
        n = min(per, files - made)
        if n <= 0:
            break
        staged = []
        for i in range(made, made + n):
            data = pdf_bytes(file_kb * 1024, f"berkas-{i}")
            staged += stage_files(target, [(f"bukti {i:04d}.pdf", io.BytesIO(data))], limits)
        act(
            engine,
            [Request(oid, "submit", files=tuple(staged), file_title="Bukti uji")],
            who,
            "cli",
            NOW,
            files_store=target,
        )  # type: ignore[arg-type]
        act(engine, [Request(oid, "verify")], boss, "cli", NOW)  # type: ignore[arg-type]
        made += n
    setup_seconds = time.perf_counter() - t0
    out = work / "bukti-2026.zip"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "spbe_actions", "bundle", "--year", "2026", "-o", str(out)],
        env={**env, "SPBE_NOW": NOW.isoformat()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # VmHWM of the process itself, read until it exits: ru_maxrss (os.wait4) would also count this parent's
    # pages, which Linux carries into the child's figure across fork and exec
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, vm_hwm_mb(proc.pid))
        except (OSError, ValueError):
            break
        time.sleep(0.05)
    status = proc.returncode
    seconds = time.perf_counter() - t0
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert status == 0, stderr
    engine.dispose()  # type: ignore[attr-defined]
    return {
        "files": made,
        "pairs": len(pairs),
        "setup_seconds": round(setup_seconds, 1),
        "seconds": round(seconds, 1),
        "zip_mb": round(out.stat().st_size / MB, 1),
        "peak_rss_mb": round(peak, 1),
        "output": stdout.strip(),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--upload-mb", type=int, default=200)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--file-kb", type=int, default=100)
    ap.add_argument("--port", type=int, default=8931)
    ap.add_argument("--store", choices=["folder", "s3"], default="folder")
    ap.add_argument("--only", choices=["upload", "bundle"], default=None)
    args = ap.parse_args()
    print(f"# {platform.node()} · {os.cpu_count()} cores · {dt.date.today()} · store {args.store}")
    s3 = None
    if args.store == "s3":
        sys.path.insert(0, str(REPO))
        from tests.support.evidence_files import s3_server

        s3 = s3_server("bench")
        options = s3.__enter__()
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("upload", "bundle"):
            if args.only not in (None, name):
                continue
            work = Path(tmp) / name
            work.mkdir()
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("SPBE_")},
                "SPBE_DATABASE_URL": f"sqlite:///{work / 'spbe.db'}",
                "SPBE_EVIDENCE_STORE": "s3://bench/" + name if s3 else str(work / "bukti"),
                "SPBE_EVIDENCE_MAX_FILE_MB": str(args.upload_mb + 10),
                "SPBE_EVIDENCE_MAX_SUBMISSION_MB": str(args.upload_mb + 10),
            }
            if s3:
                env["SPBE_EVIDENCE_STORE_OPTIONS"] = options
            if name == "upload":
                print("upload", bench_upload(work, env, args.upload_mb, args.port), flush=True)
            else:
                print("bundle", bench_bundle(work, env, args.files, args.file_kb), flush=True)
    if s3:
        s3.__exit__(None, None, None)


if __name__ == "__main__":
    main()

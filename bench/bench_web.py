"""The focal points' pages under load (issue #17): the item page (GET) and its submit (POST) on a real `spbe web`
process, side by side with two baselines on the same database: a bare FastAPI endpoint doing one SQLite SELECT,
and hello-world; then the item page while a province-size daily sweep writes.

    .venv/bin/python bench/bench_web.py --db /tmp/bench/bench-city.db [--province-db .../bench-province.db]
        [--seconds 5] [--levels 16,64] [--rounds 2] [--access-log] [--baseline-src DIR]

The databases come from ``bench/run.py --only materialise,outcomes --work DIR`` (they are copied, never
changed). Each server is its own uvicorn process (one worker); the load generator is this script (httpx, async,
one event loop) on the same machine, so the figures are for one 2-core box shared by the generator and the server.
Per run: requests, req/s, server CPU per request (the server process's user+system time from /proc over the run,
divided by the responses), p50/p99 latency, errors (transport errors or unexpected statuses). The levels are
interleaved (ours, one-SELECT, hello at 16, then at 64, ...), ``--rounds`` times. POST: each open occurrence is
submitted once through its own signed link; afterwards every 303 must be exactly one "submit" row in the trail.
``--access-log`` adds ours with `spbe web --access-log`; ``--baseline-src`` adds another checkout's `spbe web` (run
with PYTHONPATH on it, e.g. a ``git archive`` of main), each interleaved like the others.
Prints a Markdown table; nothing is asserted. Results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spbe_actions.domain.links import Claims, sign  # noqa: E402
from tests.support.servers import free_port  # noqa: E402

SECRET = secrets.token_urlsafe(32)
TICKS = os.sysconf("SC_CLK_TCK")
SWEEP_NOW = "2025-10-15T03:00:00+00:00"  # bench/run.py's clock: every instansi inside its working window


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def csrf(token: str) -> str:
    mac = hmac.new(SECRET.encode(), f"csrf:{token}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def links(db: Path, statuses: tuple[str, ...], limit: int) -> list[tuple[int, str]]:
    """(occurrence id, signed item path) for work in ``statuses``, each through a focal point of its OPD."""
    engine = create_engine(f"sqlite:///{db}")
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    marks = ", ".join(f"'{s}'" for s in statuses)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT o.id, MIN(p.id) FROM occurrence o JOIN person p ON p.opd_id = o.opd_id "
                f"AND p.role = 'focal_point' AND p.active WHERE o.status IN ({marks}) GROUP BY o.id "
                "ORDER BY o.id LIMIT :n"
            ),
            dict(n=limit),
        ).all()
    engine.dispose()
    return [(oid, "/t/" + sign(SECRET, Claims("act", pid, oid, expires))) for oid, pid in rows]


class Server:
    def __init__(self, name: str, args: list[str], env: dict[str, str], work: Path) -> None:
        self.name, self.port = name, free_port()
        self.log = work / f"{name}.log"
        with open(self.log, "w") as fh:
            self.proc = subprocess.Popen(  # cwd: not the repository, whose folder would shadow --baseline-src
                [*args, "--port", str(self.port)],
                env={**os.environ, **env},
                stdout=fh,
                stderr=subprocess.STDOUT,
                cwd=work,
            )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self, path: str) -> None:
        for _ in range(600):
            try:
                if httpx.get(self.base + path, timeout=5).status_code < 500:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text())
            time.sleep(0.1)
        raise TimeoutError(self.name)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def uvicorn_of(factory: str) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "--factory", factory, "--log-level", "warning", "--no-access-log"]


async def _load(base: str, paths: list[str], conns: int, seconds: float, until: subprocess.Popen | None) -> dict:
    """GET ``paths`` (round robin) from ``conns`` concurrent clients for ``seconds`` (or until ``until`` exits)."""
    latencies: list[float] = []
    errors = 0
    reasons: dict[str, int] = {}
    stop_at = time.perf_counter() + seconds
    counter = iter(range(10**9))

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop_at and (until is None or until.poll() is None):
            path = paths[next(counter) % len(paths)]
            t0 = time.perf_counter()
            try:
                r = await http.get(path)
                why = "" if r.status_code == 200 else f"HTTP {r.status_code}"
            except httpx.HTTPError as exc:
                why = type(exc).__name__
            latencies.append(time.perf_counter() - t0)
            if why:
                errors += 1
                reasons[why] = reasons.get(why, 0) + 1

    limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        await asyncio.gather(*(client(http) for _ in range(conns)))
    return dict(n=len(latencies), latencies=latencies, errors=errors, reasons=reasons)


async def _posts(base: str, items: list[tuple[int, str]], conns: int) -> dict:
    """Submit each item once (its own link and CSRF field), ``conns`` at a time."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue = list(items)

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            oid, path = queue.pop()
            form = {"csrf": csrf(path[3:]), "tugas": str(oid), "bukti": f"https://bukti.example.go.id/{oid}.pdf"}
            t0 = time.perf_counter()
            try:
                r = await http.post(path + "/kirim", data=form)
                statuses[oid] = r.status_code
            except httpx.HTTPError:
                statuses[oid] = 0
            latencies.append(time.perf_counter() - t0)

    limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        await asyncio.gather(*(client(http) for _ in range(conns)))
    return dict(n=len(latencies), latencies=latencies, statuses=statuses)


def measure(server: Server, run) -> dict:  # type: ignore[no-untyped-def]
    cpu0, t0 = cpu_seconds(server.proc.pid), time.perf_counter()
    out = asyncio.run(run)
    wall, cpu = time.perf_counter() - t0, cpu_seconds(server.proc.pid) - cpu0
    lat = sorted(out["latencies"])
    n = max(out["n"], 1)
    out.update(
        wall=wall,
        rps=out["n"] / wall,
        cpu_ms=1000 * cpu / n,
        p50=1000 * lat[len(lat) // 2] if lat else 0,
        p99=1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0,
    )
    return out


def row(name: str, conns: int, m: dict) -> str:
    return (
        f"| {name} | {conns} | {m['n']:,} | {m['rps']:,.0f} | {m['cpu_ms']:.2f} | {m['p50']:.1f} | {m['p99']:.1f} "
        f"| {m.get('errors', 0)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True, help="a bench/run.py SQLite database (copied)")
    parser.add_argument("--province-db", type=Path, help="a province-size one, for the run during the sweep")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--levels", default="16,64")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--access-log", action="store_true", help="also ours with `spbe web --access-log`")
    parser.add_argument(
        "--baseline-src", type=Path, help="another checkout's root (e.g. git archive of main): its item page too"
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    work = Path(tempfile.mkdtemp(prefix="spbe-bench-web-"))
    db = work / "web.db"
    shutil.copy(args.db, db)
    url = f"sqlite:///{db}"
    pages = links(db, ("open", "returned", "submitted", "verified"), 400)
    to_submit = links(db, ("open", "returned"), 100_000)
    ids = [oid for oid, _ in pages]
    env = {"SPBE_DATABASE_URL": url, "SPBE_LINK_SECRET": SECRET, "BENCH_DB_URL": url}
    servers = {
        "ours: item page": Server("ours", [sys.executable, "-m", "spbe_actions", "web"], env, work),
        "bare FastAPI, one SELECT": Server(
            "one", [*uvicorn_of("web_baselines:one_select"), "--app-dir", str(REPO / "bench")], env, work
        ),
        "hello-world": Server(
            "hello", [*uvicorn_of("web_baselines:hello"), "--app-dir", str(REPO / "bench")], env, work
        ),
    }
    if args.access_log:
        servers["ours, --access-log"] = Server(
            "ours-log", [sys.executable, "-m", "spbe_actions", "web", "--access-log"], env, work
        )
    if args.baseline_src:
        base = {**env, "PYTHONPATH": str(args.baseline_src.resolve())}
        servers["baseline checkout: item page"] = Server(
            "baseline", [sys.executable, "-m", "spbe_actions", "web"], base, work
        )
    paths = {
        "baseline checkout: item page": [p for _, p in pages],
        "ours: item page": [p for _, p in pages],
        "ours, --access-log": [p for _, p in pages],
        "bare FastAPI, one SELECT": [f"/one/{i}" for i in ids],
        "hello-world": ["/"],
    }
    results: dict[tuple[str, int], list[dict]] = {}
    try:
        for name, s in servers.items():
            s.wait(paths[name][0])
        print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
        print(f"{len(pages)} item links, {len(to_submit)} open occurrences to submit; {work}", flush=True)
        for _ in range(args.rounds):
            for conns in levels:
                for name, s in servers.items():
                    m = measure(s, _load(s.base, paths[name], conns, args.seconds, None))
                    results.setdefault((name, conns), []).append(m)
                    print(row(name, conns, m), m["reasons"] or "", flush=True)
        print("\n| server | connections | requests | req/s | server CPU ms/request | p50 ms | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for (name, conns), ms in results.items():
            best = min(ms, key=lambda m: m["cpu_ms"])  # the least disturbed round
            each = ", ".join(f"{m['cpu_ms']:.2f}" for m in ms)
            print(row(name, conns, best) + f" (CPU ms per round: {each})")
        # POST: each open occurrence submitted once, split over the levels
        ours = servers["ours: item page"]
        part = len(to_submit) // len(levels)
        for i, conns in enumerate(levels):
            chunk = to_submit[i * part : (i + 1) * part]
            m = measure(ours, _posts(ours.base, chunk, conns))
            codes = list(m["statuses"].values())
            m["errors"] = sum(1 for c in codes if c != 303)
            print(row("ours: POST submit", conns, m) + f" ({codes.count(303)} × 303)")
        engine = create_engine(url)
        with engine.connect() as conn:
            dupes = conn.execute(
                text(
                    "SELECT COUNT(*) FROM (SELECT occurrence_id FROM occurrence_event WHERE event = 'submit' "
                    "AND channel = 'link' GROUP BY occurrence_id HAVING COUNT(*) > 1) x"
                )
            ).scalar_one()
            recorded = conn.execute(
                text("SELECT COUNT(*) FROM occurrence_event WHERE event = 'submit' AND channel = 'link'")
            ).scalar_one()
        engine.dispose()
        print(f"submits recorded through links: {recorded}; occurrences submitted twice: {dupes}")
        print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    finally:
        for s in servers.values():
            s.stop()
    if args.province_db:
        during_sweep(args.province_db, work, args.seconds)


def during_sweep(source: Path, work: Path, seconds: float) -> None:
    """The item page at 16 connections while a province-size first-day sweep decides, records and queues."""
    db = work / "province.db"
    shutil.copy(source, db)
    url = f"sqlite:///{db}"
    pages = [p for _, p in links(db, ("open", "returned", "submitted", "verified"), 400)]
    env = {"SPBE_DATABASE_URL": url, "SPBE_LINK_SECRET": SECRET}
    ours = Server("ours-province", [sys.executable, "-m", "spbe_actions", "web"], env, work)
    try:
        ours.wait(pages[0])
        quiet = measure(ours, _load(ours.base, pages, 16, seconds, None))
        print(row("province, no sweep", 16, quiet), flush=True)
        code = (
            "import datetime as dt, time\n"
            "from spbe_actions.app.common import open_engine\n"
            "from spbe_actions.app.reminders.sweep import sweep\n"
            f"e = open_engine({url!r}); t = time.perf_counter()\n"
            f"r = sweep(e, dt.datetime.fromisoformat({SWEEP_NOW!r}), keep_messages=False)\n"
            "print('SWEEP', round(time.perf_counter() - t, 2), 's', r.recorded, 'decisions', r.queued, 'queued')\n"
        )
        sweeper = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, **env}, stdout=subprocess.PIPE)
        busy = measure(ours, _load(ours.base, pages, 16, 600, sweeper))
        out, _ = sweeper.communicate()
        print(row("province, during the sweep", 16, busy), busy["reasons"] or "", flush=True)
        print(out.decode().strip())
    finally:
        ours.stop()


if __name__ == "__main__":
    main()

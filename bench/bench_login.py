"""Login guessing against the focal points' pages (issue #16): the median latency of one focal point's item page
with and without four clients guessing the coordinator's password, on a real `spbe web` process.

    .venv/bin/python bench/bench_login.py [--seconds 20]

Three runs, side by side in one process of this script: no guessers; four guessers from one address (the
database throttle locks them after ten wrong passwords a minute, and a locked login is refused unchecked); four
guessers that rotate account names and forwarded client addresses on every try (the worst case: every attempt is
a real PBKDF2 at 600,000 iterations; one check runs at a time per process, so guessing takes at most one core).
Prints the figures; nothing is asserted. Results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spbe_actions.app.accounts import set_account  # noqa: E402
from spbe_actions.app.common import open_engine  # noqa: E402
from spbe_actions.app.figures import tasks  # noqa: E402
from spbe_actions.app.scheduling import domains_to_schedule, schedule_domain  # noqa: E402
from spbe_actions.app.setup import init_database  # noqa: E402
from spbe_actions.app.tracking import actor_of  # noqa: E402
from spbe_actions.domain.links import Claims, sign  # noqa: E402

SAMPLE = REPO / "config" / "instansi" / "kota-mojokerto.example.yaml"
SECRET = secrets.token_urlsafe(32)


def prepare(work: Path) -> tuple[str, str]:
    """A sample-plan database with its work scheduled, a coordinator account; one focal point's item URL."""
    url = f"sqlite:///{work / 'login.db'}"
    now = dt.datetime.now(dt.UTC)
    init_database(SAMPLE, now, url)
    engine = open_engine(url)
    for domain, _ in domains_to_schedule(engine):
        schedule_domain(engine, domain, now, since=(now - dt.timedelta(days=60)).date())
    set_account(engine, "koordinator", "kata-sandi-yang-benar-sekali", now)
    view = next(v for v in tasks(engine, now) if v.row.opd_code == "DISKOMINFO")
    fp = actor_of(engine, "kominfo.fp1")
    engine.dispose()
    assert fp is not None and fp.person_id is not None
    token = sign(SECRET, Claims("act", fp.person_id, view.row.id, now + dt.timedelta(days=30)))
    return url, f"/t/{token}"


def start_web(url: str, port: int, work: Path) -> subprocess.Popen:
    env = {**os.environ, "SPBE_DATABASE_URL": url, "SPBE_LINK_SECRET": SECRET}
    log = (work / "web.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "spbe_actions", "web", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/koordinator/masuk", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("spbe web did not start; see " + str(work / "web.log"))


def guess(base: str, stop: threading.Event, rotate: bool, counts: dict[int, int], lock: threading.Lock) -> None:
    client = httpx.Client(base_url=base, timeout=30)
    n = 0
    while not stop.is_set():
        form = client.get("/koordinator/masuk")
        csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        user = f"tebak{n % 997}" if rotate else "koordinator"
        headers = {"x-forwarded-for": f"10.{n % 250}.{(n // 250) % 250}.7"} if rotate else {}
        r = client.post(
            "/koordinator/masuk", data=dict(csrf=csrf, pengguna=user, sandi=f"salah{n}"), headers=headers
        )
        with lock:
            counts[r.status_code] = counts.get(r.status_code, 0) + 1
        n += 1
    client.close()


def measure(base: str, page: str, seconds: float, guessers: int, rotate: bool) -> dict[str, object]:
    stop, lock, counts = threading.Event(), threading.Lock(), {}
    threads = [threading.Thread(target=guess, args=(base, stop, rotate, counts, lock)) for _ in range(guessers)]
    for t in threads:
        t.start()
    latencies = []
    with httpx.Client(base_url=base, timeout=30) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            start = time.perf_counter()
            assert client.get(page).status_code == 200
            latencies.append(time.perf_counter() - start)
    stop.set()
    for t in threads:
        t.join()
    return {"median_ms": statistics.median(latencies) * 1000, "pages": len(latencies), "logins": dict(counts)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--port", type=int, default=18765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url, page = prepare(work)
        proc = start_web(url, args.port, work)
        base = f"http://127.0.0.1:{args.port}"
        try:
            measure(base, page, 2, 0, False)  # warm up
            runs = {
                "alone": measure(base, page, args.seconds, 0, False),
                "4 guessers, one address (throttled)": measure(base, page, args.seconds, 4, False),
                "4 guessers, rotating names and addresses": measure(base, page, args.seconds, 4, True),
            }
        finally:
            proc.terminate()
            proc.wait(10)
    alone = runs["alone"]["median_ms"]
    for name, r in runs.items():
        ratio = r["median_ms"] / alone  # type: ignore[operator]
        print(
            f"{name:<45} median {r['median_ms']:7.1f} ms  ({ratio:4.2f}x alone)  pages {r['pages']:5}  logins {r['logins']}"
        )


if __name__ == "__main__":
    main()

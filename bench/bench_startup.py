"""Start-up benchmark of the commands that must stay fast (no Prefect import): spbe index, validate, status.

Run: .venv/bin/python bench/bench_startup.py [--runs 7]
It loads the sample plan into a fresh SQLite database under a temporary folder, materialises its recurring
work (without Prefect), then times each command as a user runs it (a new process each time) and prints the
median and the spread. Nothing here asserts a speed: the figures go into bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spbe_actions.adapters import config  # noqa: E402
from spbe_actions.app.common import open_engine  # noqa: E402
from spbe_actions.app.scheduling import domains_to_schedule, schedule_domain  # noqa: E402
from spbe_actions.app.setup import init_database  # noqa: E402

SAMPLE = REPO / "config" / "instansi" / "kota-mojokerto.example.yaml"


def prepare(folder: Path) -> tuple[str, Path]:
    url = f"sqlite:///{folder / 'bench.db'}"
    now = dt.datetime.now(dt.UTC)
    init_database(SAMPLE, now, url=url)
    engine = open_engine(url)
    for domain, _ in domains_to_schedule(engine):
        schedule_domain(engine, domain, now, since=(now - dt.timedelta(days=120)).date())
    engine.dispose()
    plan, _ = config.plan(SAMPLE)
    levels = folder / "levels.csv"
    levels.write_text("indicator,level\n" + "".join(f"{k},{v.current}\n" for k, v in plan.indicators.items()))
    return url, levels


def time_command(args: list[str], env: dict[str, str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "spbe_actions", *args], env=env, capture_output=True, check=True)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        url, levels = prepare(Path(tmp))
        env = {**os.environ, "SPBE_DATABASE_URL": url}
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"{'command':<28} {'median s':>9} {'min s':>7} {'max s':>7}  ({runs} runs, new process each)")
        time_command(["--help"], env, 1)  # warm the page cache once; not counted
        python = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            python.append(time.perf_counter() - t)
        print(
            f"{'python -c pass (floor)':<28} {statistics.median(python):>9.3f} {min(python):>7.3f} {max(python):>7.3f}"
        )
        commands = (
            ("spbe --help", ["--help"]),
            ("spbe index --json", ["index", "--levels", str(levels), "--json"]),
            ("spbe validate (sample)", ["validate", str(SAMPLE)]),
            ("spbe status (sample)", ["status"]),
        )
        # interleaved: each round runs every command once, so a busy moment of the machine hits them all alike
        times: dict[str, list[float]] = {label: [] for label, _ in commands}
        for _ in range(runs):
            for label, args in commands:
                times[label] += time_command(args, env, 1)
        for label, t in times.items():
            print(f"{label:<28} {statistics.median(t):>9.3f} {min(t):>7.3f} {max(t):>7.3f}")
        above = [s - h for s, h in zip(times["spbe status (sample)"], times["spbe --help"], strict=True)]
        print(
            f"{'status - --help, per round':<28} {statistics.median(above):>9.3f} {min(above):>7.3f} {max(above):>7.3f}"
        )


if __name__ == "__main__":
    main()

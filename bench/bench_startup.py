"""Start-up benchmark of the commands that must stay fast (no Prefect import): spbe index, validate, status.

Run: .venv/bin/python bench/bench_startup.py [--runs 7] [--city-db CITY.db] [--province-db PROVINCE.db]
It loads the sample plan into a fresh SQLite database under a temporary folder, materialises its recurring
work (without Prefect), then times each command as a user runs it (a new process each time) and prints the
median and the spread. Nothing here asserts a speed: the figures go into bench/README.md. With ``--city-db`` (a
``bench/run.py`` city database) it times ``spbe status`` on it too; with ``--province-db`` (a province one, copied
first) ``spbe remind --dry-run`` at bench/run.py's clock. Every command runs once per round, rounds interleaved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
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


NEUTRAL = Path(tempfile.gettempdir())  # where every command runs (no .env, no checkout)
DRY_RUN_NOW = "2025-10-15T03:00:00+00:00"  # bench/run.py's sweep clock: every instansi inside its working window


CPU: dict[str, list[float]] = {}  # label -> the child's user+system CPU seconds per run (steadier than wall time)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(args: list[str], env: dict[str, str], runs: int, label: str = "") -> list[float]:
    out = []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(  # cwd: not the repository, whose folder would shadow --baseline-src on sys.path
            [sys.executable, "-m", "spbe_actions", *args], env=env, capture_output=True, check=True, cwd=NEUTRAL
        )
        out.append(time.perf_counter() - start)
        CPU.setdefault(label, []).append(_children_cpu() - cpu)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--city-db", type=Path, help="a bench/run.py city database: spbe status on it too")
    parser.add_argument("--province-db", type=Path, help="a bench/run.py province database: the dry run on a copy")
    parser.add_argument(
        "--baseline-src",
        type=Path,
        help="another checkout's root (e.g. git archive of main): --help and status "
        "run from it too (PYTHONPATH), interleaved with this one",
    )
    given = parser.parse_args()
    runs = given.runs
    with tempfile.TemporaryDirectory() as tmp:
        # as an installed package starts: with its bytecode (an editable install on a PYTHONDONTWRITEBYTECODE=1
        # machine would otherwise compile every module of ours on every start)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "spbe_actions")], check=True)
        url, levels = prepare(Path(tmp))
        env = {**os.environ, "SPBE_DATABASE_URL": url}
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print("load average at the start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(
            f"{'command':<40} {'median s':>9} {'min s':>7} {'max s':>7}  ({runs} runs, new process each; CPU: median user+system)"
        )
        time_command(["--help"], env, 1)  # warm the page cache once; not counted
        python = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            python.append(time.perf_counter() - t)
        print(
            f"{'python -c pass (floor)':<40} {statistics.median(python):>9.3f} {min(python):>7.3f} {max(python):>7.3f}"
        )
        commands = [
            ("spbe --help", ["--help"], env),
            ("spbe index --json", ["index", "--levels", str(levels), "--json"], env),
            ("spbe validate (sample)", ["validate", str(SAMPLE)], env),
            ("spbe status (sample)", ["status"], env),
        ]
        if given.city_db:
            city = {**os.environ, "SPBE_DATABASE_URL": f"sqlite:///{given.city_db.resolve()}"}
            commands.append(("spbe status (city db)", ["status"], city))
        if given.province_db:
            copy = Path(tmp) / "province.db"
            shutil.copy(given.province_db, copy)
            province = {**os.environ, "SPBE_DATABASE_URL": f"sqlite:///{copy}"}
            commands.append(
                ("remind --dry-run (province)", ["remind", "--dry-run", "--now", DRY_RUN_NOW], province)
            )
        if given.baseline_src:
            base = str(given.baseline_src.resolve())
            subprocess.run([sys.executable, "-m", "compileall", "-q", f"{base}/spbe_actions"], check=True)
            for label, args, where in list(commands):
                if label.startswith(("spbe --help", "spbe status", "remind")):
                    commands.append((f"{label} [baseline]", args, {**where, "PYTHONPATH": base}))
        # interleaved: each round runs every command once, so a busy moment of the machine hits them all alike
        times: dict[str, list[float]] = {label: [] for label, _, _ in commands}
        for _ in range(runs):
            for label, args, where in commands:
                times[label] += time_command(args, where, 1, label)
        for label, t in times.items():
            cpu = statistics.median(CPU[label])
            print(f"{label:<40} {statistics.median(t):>9.3f} {min(t):>7.3f} {max(t):>7.3f}   CPU {cpu:.3f} s")
        status = "spbe status (city db)" if given.city_db else "spbe status (sample)"
        above = [s - h for s, h in zip(times[status], times["spbe --help"], strict=True)]
        print(
            f"{'status - --help, per round':<40} {statistics.median(above):>9.3f} {min(above):>7.3f} {max(above):>7.3f}"
        )
        print("load average at the end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()

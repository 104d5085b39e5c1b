"""How fast and how big `spbe` answers hostile input (issue #16): the 342-byte alias bomb, impossible dates, a NUL
byte, a 38 MB levels table (refused by its size, and let in with SPBE_MAX_INPUT_MB so that it must stream).

Run: .venv/bin/python bench/bench_hostile.py [--runs 3]
Each case runs as a user runs it (a new process), `runs` times; it prints the median wall time, the child's peak
RSS (from wait4) and the exit code, next to `spbe validate` of the valid sample (the start-up floor). The
inputs are the ones tests/cli/test_hostile_input.py uses. Nothing here asserts a speed: the figures go into
bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.cli.test_hostile_input import big_levels, hostile_plans  # noqa: E402
from tests.conftest import SAMPLE_PLAN  # noqa: E402
from tests.support.processes import run_measured  # noqa: E402


def measure(args: list, env: dict, cwd: Path, runs: int) -> tuple[float, float, int]:
    """(median seconds, max peak RSS in MB, exit code) of ``runs`` fresh processes."""
    times, peaks, code = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        res = run_measured([sys.executable, "-m", "spbe_actions", *args], env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
        peaks.append(res.peak_rss_mb)
        code = res.returncode
    return statistics.median(times), max(peaks), code


def in_process(folder: Path, runs: int = 20) -> None:
    """The parse itself, without the process start-up that dominates the figures above: ``yamlsrc.load`` of the
    valid sample and of the alias bomb, median of ``runs``."""
    from spbe_actions.domain import yamlsrc
    from spbe_actions.domain.errors import InputError

    print("| in process: yamlsrc.load | median ms |\n|---|---|")
    for name, path in (("valid sample", SAMPLE_PLAN), ("alias bomb", folder / "bomb.yaml")):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            with contextlib.suppress(InputError):
                yamlsrc.load(path)
            times.append(time.perf_counter() - start)
        print(f"| {name} | {statistics.median(times) * 1000:.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_")}
    print(f"# {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases: list[tuple[str, list, dict]] = [("valid sample (floor)", ["validate", SAMPLE_PLAN], env)]
        for name, (content, _) in hostile_plans().items():
            path = folder / f"{name}.yaml"
            path.write_text(content, encoding="utf-8")
            cases.append((f"validate {name}", ["validate", path], env))
        cases.append(("init --plan bomb", ["init", "--plan", folder / "bomb.yaml"], env))
        levels = folder / "besar.csv"
        rows = big_levels(levels, 38)
        cases.append(("index 38 MB levels (size cap)", ["index", "--levels", levels], env))
        let_in = {**env, "SPBE_MAX_INPUT_MB": "50", "SPBE_MAX_ROWS": "1000000"}
        cases.append((f"index 38 MB levels streamed ({rows} rows)", ["index", "--levels", levels], let_in))
        print("| case | median s | peak RSS MB | exit |\n|---|---|---|---|")
        for name, args, case_env in cases:
            seconds, peak, code = measure(
                args, {**case_env, "SPBE_DATABASE_URL": f"sqlite:///{folder}/b.db"}, folder, runs
            )
            print(f"| {name} | {seconds:.2f} | {peak:.0f} | {code} |", flush=True)


if __name__ == "__main__":
    main()

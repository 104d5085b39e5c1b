"""The scale benchmark's modules (bench/run.py, bench/naive.py) for tests, and a ``city`` database built by them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` loaded as a module (its folder on the path: run.py imports its neighbours by name)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = bench_module("run")
naive = bench_module("naive")


def city(url: str, tmp_path: Path) -> dict:
    """The ``city`` plans loaded into ``url``, a year materialised and the benchmark's status mix applied; the
    phases' figures, with the plans' folder under ``plans``."""
    plans = tmp_path / "plans"
    run.generate.write_plans("city", run.SEED, plans)
    ctx = {"plans": str(plans), "work": str(tmp_path)}
    loaded = run.phase_load(url, ctx)
    made = run.phase_materialise(url, ctx)
    mixed = run.phase_outcomes(url, ctx)
    return {"loaded": loaded, "made": made, "mixed": mixed, "plans": plans}

"""The scale benchmark's synthetic generator (bench/generate.py) is deterministic and produces valid plans."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from spbe_actions.adapters import config

_PATH = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
_spec = importlib.util.spec_from_file_location("bench_generate", _PATH)
assert _spec and _spec.loader
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> list[Path]:
    return gen.write_plans("city", 1, tmp_path_factory.mktemp("city1"))


def test_sizes():
    assert gen.SIZES == {"city": (1, 30), "province": (40, 30), "national": (600, 30)}


def test_same_seed_gives_identical_bytes(city, tmp_path):
    again = gen.write_plans("city", 1, tmp_path)
    assert [p.name for p in again] == [p.name for p in city] == ["kab-00001.yaml"]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in city]


def test_different_seed_differs(city, tmp_path):
    other = gen.write_plans("city", 2, tmp_path)
    assert other[0].read_bytes() != city[0].read_bytes()


def test_instansi_are_independent():
    assert gen.generate_plan(1, 5, 30) == gen.generate_plan(1, 5, 30)
    assert gen.generate_plan(1, 5, 30) != gen.generate_plan(1, 6, 30)
    assert [gen.generate_plan(1, i, 3)["instansi"]["timezone"] for i in (1, 2, 3)] == ["WITA", "WIT", "WIB"]


def test_city_plan_loads_and_owns_every_indicator(city):
    plan, fw = config.plan(city[0])  # raises InputError listing every problem otherwise
    assert plan.instansi.code == "kab-00001"
    assert len(plan.opds) == 30
    assert sorted(plan.indicators, key=int) == [str(i) for i in range(1, 48)] == list(fw.indicators)
    codes = {o.code for o in plan.opds}
    for ind in plan.indicators.values():
        assert ind.lead in codes and set(ind.support) <= codes
        assert 1 <= ind.current <= ind.target <= 5
    domains = {d.id: set(d.indicators) for d in fw.management_domains}
    for action in plan.actions:
        assert {r.indicator for r in action.raises} <= domains[action.domain]
        assert 1 <= len(action.owners) <= 2 and set(action.owners) <= codes
    for opd in plan.opds:
        assert 1 <= len(opd.focal_points) <= 2
        assert all(p.email.endswith("@example.go.id") for p in [opd.head, *opd.focal_points])


def test_about_two_actions_per_indicator_with_mixed_cadences(city):
    plan, _ = config.plan(city[0])
    per_indicator = Counter(r.indicator for a in plan.actions for r in a.raises)
    assert set(per_indicator) == {str(i) for i in range(1, 48)}
    assert 70 <= len(plan.actions) <= 120
    kinds = Counter(a.recurrence.kind for a in plan.actions)
    assert {"monthly", "quarterly", "yearly", "every_n_years"} <= set(kinds)


def test_status_mix_is_deterministic_and_roughly_matches_the_shares():
    ids = list(range(1, 10_001))
    mix = gen.status_mix(7, ids)
    assert mix == gen.status_mix(7, ids)
    assert gen.status_mix(7, ids[::-1]) == mix  # order does not matter
    assert gen.status_mix(8, ids) != mix
    shares = Counter(mix.values())
    for name, pct in gen.STATUS_SHARES:
        assert abs(shares[name] / len(ids) * 100 - pct) < 2, (name, shares)


def test_domain_table_mirrors_the_framework(city):
    _, fw = config.plan(city[0])
    assert {d.id: list(d.indicators) for d in fw.management_domains} == gen.DOMAINS

"""SPBE index arithmetic against the regulation's worked examples, published figures and exact laws.

Expected values are worked out by hand in the comments (reference: spbe-framework.md sections 1, 2 and 6),
never taken from the code under test.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_actions.adapters import config
from spbe_actions.domain.framework import Framework, framework_path
from spbe_actions.domain.index import (
    compute,
    points_gain,
    points_per_level,
    predicate,
    projected,
    round_half_up,
    weighted_mean,
)

SPBE = "permenpanrb-59-2020"
IPD = "pemdi-2026"
FRAMEWORKS = [SPBE, IPD]
SPBE_YAML = framework_path(SPBE, config.frameworks_dir())
PROPERTY = settings(max_examples=200, deadline=None)


@pytest.fixture(scope="module")
def fw() -> Framework:
    return config.framework(SPBE)


@pytest.fixture(scope="module")
def ipd() -> Framework:
    return config.framework(IPD)


def ids(first: int, last: int) -> list[str]:
    return [str(i) for i in range(first, last + 1)]


def spread(indicators: list[str], total: int) -> dict[str, int]:
    """Levels for ``indicators`` adding up to ``total``, as even as possible (e.g. 38 over 10 -> 4x8, 3x2)."""
    q, r = divmod(total, len(indicators))
    levels = {i: q + (1 if n < r else 0) for n, i in enumerate(indicators)}
    assert sum(levels.values()) == total and all(1 <= v <= 5 for v in levels.values())
    return levels


def all_at(fw: Framework, level: int) -> dict[str, int]:
    return dict.fromkeys(fw.indicators, level)


def group(result, gid):
    return next(g for g in result.groups if g.id == gid)


# --- the regulation's worked examples ------------------------------------------------------------------


def test_aspect_example_weighted_mean():
    # Aspect 2, levels 3, 4, 3, 2 at weight 2.5 each: 30.00 / 10 = 3.00
    exact = weighted_mean((level, Decimal("2.5")) for level in (3, 4, 3, 2))
    assert exact == 3
    assert round_half_up(exact) == Decimal("3.00")


def test_aspect_example_compute(fw):
    levels = all_at(fw, 1) | {"11": 3, "12": 4, "13": 3, "14": 2}
    a2 = group(compute(fw, levels), "A2")
    assert a2.kind == "aspect"
    assert a2.exact == 3
    assert str(a2.value) == "3.00"


def test_domain_example_weighted_mean():
    # Domain 2 from aspects 3.00, 4.00, 3.00 weighing 10, 10, 5: 85.00 / 25 = 3.40
    exact = weighted_mean([(Decimal("3.00"), 10), (Decimal("4.00"), 10), (Decimal("3.00"), 5)])
    assert exact == Fraction(17, 5)
    assert str(round_half_up(exact)) == "3.40"


def test_domain_example_compute(fw):
    levels = all_at(fw, 1) | dict.fromkeys(ids(11, 14), 3) | dict.fromkeys(ids(15, 18), 4)
    levels |= dict.fromkeys(ids(19, 20), 3)
    result = compute(fw, levels)
    assert [str(group(result, a).value) for a in ("A2", "A3", "A4")] == ["3.00", "4.00", "3.00"]
    d2 = group(result, "D2")
    assert d2.kind == "domain"
    assert d2.exact == Fraction(17, 5)
    assert str(d2.value) == "3.40"


def test_overall_example():
    # Domains 3.70, 3.40, 3.00, 3.20 weighing 13, 25, 16.5, 45.5:
    # 48.1 + 85 + 49.5 + 145.6 = 328.20; / 100 = 3.282 -> 3.28
    pairs = [("3.70", "13"), ("3.40", "25"), ("3.00", "16.5"), ("3.20", "45.5")]
    exact = weighted_mean((Decimal(v), Decimal(w)) for v, w in pairs)
    assert exact == Fraction("3.282")
    assert str(round_half_up(exact)) == "3.28"


# --- a published result: Kota Mojokerto 2024 ----------------------------------------------------------


MOJOKERTO_DOMAINS = {"D1": "5.00", "D2": "3.80", "D3": "3.00", "D4": "4.88"}


def mojokerto_2024() -> dict[str, int]:
    return (
        dict.fromkeys(ids(1, 10), 5)
        | spread(ids(11, 20), 38)
        | spread(ids(21, 31), 33)
        | spread(ids(32, 41), 48)
        | dict.fromkeys(ids(42, 47), 5)
    )


def test_mojokerto_2024(fw):
    # D1 = 5 * 13 / 13 = 5.00;  D2 = 38 * 2.5 / 25 = 3.80;  D3 = 33 * 1.5 / 16.5 = 3.00
    # D4 = (48 * 2.75 + 30 * 3) / 45.5 = 222 / 45.5 = 4.8791... -> 4.88
    # index = (65 + 95 + 49.5 + 222) / 100 = 4.315 -> 4.32 (half-up), Memuaskan
    result = compute(fw, mojokerto_2024())
    domains = {g.id: g for g in result.groups if g.kind == "domain"}
    assert {d: str(g.value) for d, g in domains.items()} == MOJOKERTO_DOMAINS
    assert domains["D4"].exact == Fraction(222 * 2, 91)
    assert result.exact == Fraction("4.315")
    # (float round(4.315, 2) happens to give 4.32 too, since 4.315 is stored as 4.31500000000000039...;
    # the 4.765 case below is where floats go wrong.)
    assert isinstance(result.value, Decimal)
    assert result.value == Decimal("4.32")
    assert str(result.value) == "4.32"
    assert result.predicate == "Memuaskan"


def test_mojokerto_only_sums_matter(fw):
    # Another distribution with the same per-aspect sums gives the same figures.
    levels = mojokerto_2024() | {"11": 5, "12": 3, "21": 5, "22": 1, "33": 4, "40": 5}
    assert [sum(levels[i] for i in ids(a, b)) for a, b in ((11, 20), (21, 31), (32, 41))] == [38, 33, 48]
    result = compute(fw, levels)
    assert result.to_json()["domains"] == MOJOKERTO_DOMAINS
    assert (str(result.value), result.predicate) == ("4.32", "Memuaskan")


# --- rounding -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exact", "published"),
    [
        ("4.765", "4.77"),
        ("4.315", "4.32"),
        ("2.345", "2.35"),
        ("3.4985", "3.50"),
        ("3.282", "3.28"),
        ("3.125", "3.13"),
        ("1.005", "1.01"),
        ("4.994", "4.99"),
        ("4.995", "5.00"),
        ("2.5", "2.50"),
        ("0", "0.00"),
    ],
)
def test_round_half_up(exact, published):
    value = round_half_up(Fraction(exact))
    assert isinstance(value, Decimal)
    assert str(value) == published
    assert round_half_up(-Fraction(exact)) == -Decimal(published)


def test_round_half_up_beats_float_round():
    # The published 4.77 cannot come from float arithmetic: 4.765 is stored as 4.76499999...
    assert round(4.765, 2) == 4.76
    assert str(round_half_up(Fraction("4.765"))) == "4.77"


def test_round_half_up_places():
    assert str(round_half_up(Fraction("4.315"), 1)) == "4.3"
    assert str(round_half_up(Fraction("4.35"), 1)) == "4.4"
    assert str(round_half_up(Fraction(5, 2), 0)) == "3"
    assert str(round_half_up(Fraction(2, 3), 4)) == "0.6667"


def test_index_is_rounded_from_the_unrounded_value(fw):
    # D1-D3 all 3 (weights 13 + 25 + 16.5 = 54.5 -> 163.5); 32-41 sum 12, 42-47 all 1
    # -> D4 = (12 * 2.75 + 6 * 3) / 45.5 = 51 / 45.5 = 1.1208...
    # index = (163.5 + 51) / 100 = 2.145 -> 2.15. Rounding D4 to 1.12 first would give 2.1446 -> 2.14.
    levels = all_at(fw, 3) | spread(ids(32, 41), 12) | dict.fromkeys(ids(42, 47), 1)
    result = compute(fw, levels)
    assert result.exact == Fraction("2.145")
    assert str(group(result, "D4").value) == "1.12"
    assert str(result.value) == "2.15"
    from_rounded = weighted_mean((g.value, g.weight) for g in result.groups if g.kind == "domain")
    assert str(round_half_up(from_rounded)) == "2.14"  # the wrong way, off by 0.01


# --- predicate ----------------------------------------------------------------------------------------


def levels_3_4985() -> dict[str, int]:
    # 1.30*27 + 2.50*30 + 1.50*33 + 2.75*43 + 3.00*24 = 35.1 + 75 + 49.5 + 118.25 + 72 = 349.85 -> 3.4985
    return (
        spread(ids(1, 10), 27)
        | spread(ids(11, 20), 30)
        | spread(ids(21, 31), 33)
        | spread(ids(32, 41), 43)
        | spread(ids(42, 47), 24)
    )


def test_predicate_basis_exact_vs_rounded(fw):
    levels = levels_3_4985()
    exact = compute(fw, levels, basis="exact")
    rounded = compute(fw, levels, basis="rounded")
    assert exact.exact == rounded.exact == Fraction("3.4985")
    assert str(exact.value) == str(rounded.value) == "3.50"
    assert exact.predicate == "Baik"  # 2024: published as "3,50 Baik"
    assert rounded.predicate == "Sangat Baik"  # 2023 rule: read from the rounded 3.50
    # The shipped framework reads the unrounded value.
    assert compute(fw, levels).predicate == "Baik"


def test_predicate_basis_is_a_framework_setting(tmp_path):
    src = SPBE_YAML.read_text(encoding="utf-8")
    assert "predicate_basis: exact" in src
    path = tmp_path / "spbe-2023.yaml"
    path.write_text(src.replace("predicate_basis: exact", "predicate_basis: rounded"), encoding="utf-8")
    fw2023 = config.framework(str(path))
    assert fw2023.predicate_basis == "rounded"
    assert compute(fw2023, levels_3_4985()).predicate == "Sangat Baik"
    assert compute(fw2023, levels_3_4985(), basis="exact").predicate == "Baik"


@pytest.mark.parametrize(
    ("value", "exact_basis", "rounded_basis"),
    [
        ("5.0", "Memuaskan", "Memuaskan"),
        ("4.2", "Memuaskan", "Memuaskan"),
        ("4.195", "Sangat Baik", "Memuaskan"),
        ("4.1949", "Sangat Baik", "Sangat Baik"),
        ("3.5", "Sangat Baik", "Sangat Baik"),
        ("3.4985", "Baik", "Sangat Baik"),
        ("3.494", "Baik", "Baik"),
        ("2.6", "Baik", "Baik"),
        ("2.5999", "Cukup", "Baik"),
        ("1.8", "Cukup", "Cukup"),
        ("1.7999", "Kurang", "Cukup"),
        ("1.0", "Kurang", "Kurang"),
    ],
)
def test_predicate_bands(fw, value, exact_basis, rounded_basis):
    assert predicate(fw, Fraction(value), "exact") == exact_basis
    assert predicate(fw, Fraction(value), "rounded") == rounded_basis


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("1.0", "Kurang"),
        ("1.49", "Kurang"),
        ("1.5", "Cukup"),
        ("2.5", "Baik"),
        ("3.5", "Sangat Baik"),
        ("3.99", "Sangat Baik"),
        ("4.0", "Memuaskan"),
        ("5.0", "Memuaskan"),
    ],
)
def test_predicate_bands_ipd(ipd, value, name):
    assert predicate(ipd, Fraction(value)) == name


def test_scale_ends_through_compute(fw, ipd):
    for framework in (fw, ipd):
        low, high = compute(framework, all_at(framework, 1)), compute(framework, all_at(framework, 5))
        assert (str(low.value), low.predicate) == ("1.00", "Kurang")
        assert (str(high.value), high.predicate) == ("5.00", "Memuaskan")


# --- projection and the worth of a level --------------------------------------------------------------


def test_projected(fw):
    current = all_at(fw, 3)
    target = {"1": 5, "45": 4, "47": 2}
    result = projected(fw, current, target)
    expected = compute(fw, current | target)
    assert result == expected
    # 3 + (2 * 1.30 + 1 * 3.00 - 1 * 3.00) / 100 = 3.026
    assert result.exact == Fraction("3.026")
    assert current == all_at(fw, 3)  # inputs untouched


def test_projected_without_targets_is_current(fw):
    current = mojokerto_2024()
    assert projected(fw, current, {}) == compute(fw, current)


def test_points_per_level(fw, ipd):
    assert points_per_level(fw, "1") == Fraction(13, 1000)  # 1.30% -> 0.013 index points
    assert points_per_level(fw, "11") == Fraction(25, 1000)
    assert points_per_level(fw, "45") == Fraction(3, 100)
    assert points_per_level(ipd, "20") == Fraction(15, 100)


def test_points_gain(fw):
    assert points_gain(fw, "45", 3, 5) == Fraction(6, 100)
    assert points_gain(fw, "1", 1, 5) == Fraction(52, 1000)
    assert points_gain(fw, "45", 5, 3) == -Fraction(6, 100)
    # and it is what compute sees
    before = compute(fw, all_at(fw, 3))
    after = compute(fw, all_at(fw, 3) | {"45": 5})
    assert after.exact - before.exact == Fraction("0.06")


# --- JSON shape and errors ----------------------------------------------------------------------------

TWO_PLACES = re.compile(r"^\d\.\d\d$")


def test_to_json_shape(fw):
    data = compute(fw, mojokerto_2024()).to_json()
    assert list(data) == ["framework", "index", "index_exact", "predicate", "domains", "aspects"]
    assert data["framework"] == SPBE
    assert data["index"] == "4.32"
    assert data["index_exact"] == "4.315"
    assert data["predicate"] == "Memuaskan"
    assert list(data["domains"]) == ["D1", "D2", "D3", "D4"]
    assert list(data["aspects"]) == [f"A{i}" for i in range(1, 9)]
    for value in [data["index"], *data["domains"].values(), *data["aspects"].values()]:
        assert isinstance(value, str) and TWO_PLACES.match(value), value
    assert data["aspects"]["A8"] == "5.00"


def test_to_json_ipd_has_no_domains(ipd):
    data = compute(ipd, all_at(ipd, 4)).to_json()
    assert data["framework"] == IPD
    assert data["domains"] == {}
    assert list(data["aspects"]) == [f"A{i}" for i in range(1, 8)]
    assert set(data["aspects"].values()) == {"4.00"}
    assert (data["index"], data["index_exact"], data["predicate"]) == ("4.00", "4.00", "Memuaskan")


def test_compute_requires_every_indicator(fw):
    levels = all_at(fw, 3)
    del levels["17"]
    with pytest.raises(ValueError, match="17"):
        compute(fw, levels)
    with pytest.raises(ValueError):
        projected(fw, levels, {"17": 4})


def test_weighted_mean_of_nothing():
    with pytest.raises(ValueError):
        weighted_mean([])


# --- properties ---------------------------------------------------------------------------------------


@st.composite
def assessments(draw):
    fw = config.framework(draw(st.sampled_from(FRAMEWORKS)))
    levels = {i: draw(st.integers(fw.scale.min, fw.scale.max)) for i in fw.indicators}
    return fw, levels


@PROPERTY
@given(assessments())
def test_property_bounds(case):
    fw, levels = case
    result = compute(fw, levels)
    assert min(levels.values()) <= result.exact <= max(levels.values())
    assert 1 <= result.exact <= 5
    assert Decimal("1.00") <= result.value <= Decimal("5.00")
    for g in result.groups:
        leaves = [levels[n.id] for n in fw.groups[g.id][1]]
        assert min(leaves) <= g.exact <= max(leaves)
        assert Decimal("1.00") <= g.value <= Decimal("5.00")


@PROPERTY
@given(assessments(), st.data())
def test_property_raising_a_level(case, data):
    fw, levels = case
    indicator = data.draw(st.sampled_from(list(fw.indicators)))
    level = data.draw(st.integers(fw.scale.min, fw.scale.max - 1))
    before = compute(fw, levels | {indicator: level})
    after = compute(fw, levels | {indicator: level + 1})
    assert after.exact - before.exact == points_per_level(fw, indicator)
    assert after.value >= before.value
    for b, a in zip(before.groups, after.groups, strict=True):
        assert a.id == b.id
        if indicator in {n.id for n in fw.groups[b.id][1]}:
            assert a.exact > b.exact and a.value >= b.value
        else:
            assert a.exact == b.exact


@PROPERTY
@given(assessments())
def test_property_nested_equals_flat(case):
    fw, levels = case
    result = compute(fw, levels)
    exact = {g.id: g.exact for g in result.groups}
    # index = sum(top-level group * weight) / 100 (domains for 59/2020, aspects for IPD)
    assert result.exact == weighted_mean((exact[n.id], n.weight) for n in fw.tree)
    # and every group is the weighted mean of its children (aspects inside a domain, levels inside an aspect)
    for gid, (node, _) in fw.groups.items():
        children = [(exact[c.id] if c.is_group else levels[c.id], c.weight) for c in node.children]
        assert exact[gid] == weighted_mean(children)
    # the flat formula of the regulation: sum(level * weight) / 100
    flat = sum(Fraction(levels[i]) * Fraction(n.weight) for i, n in fw.indicators.items())
    assert result.exact == flat / 100


@PROPERTY
@given(
    st.fractions(min_value=-10, max_value=10, max_denominator=2000),
    st.integers(min_value=0, max_value=4),
)
def test_property_round_half_up_matches_decimal(value, places):
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        expected = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    got = round_half_up(value, places)
    assert got == expected
    assert got.as_tuple().exponent == -places
    assert round_half_up(-value, places) == -got


def test_display_helpers_are_exact():
    from spbe_actions.domain.index import percent_str, points_str

    assert percent_str(Fraction(1, 8)) == "13%"  # 12.5 rounds half-up; f"{12.5:.0f}" would print 12
    assert percent_str(Fraction(2, 3)) == "67%"
    assert [points_str(x) for x in (Fraction(3, 100), Fraction(0), Fraction(275, 10000))] == [
        "0.03",
        "0",
        "0.0275",
    ]

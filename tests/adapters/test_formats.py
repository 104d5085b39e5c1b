"""One style per kind of figure, in Indonesian (default) and English (adapters/formats, Babel's CLDR data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from spbe_actions.adapters import formats
from spbe_actions.adapters.render import environment

UTC_0100 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "idn", "eng"),
    [
        (Fraction(33, 200), "0,165", "0.165"),
        (0, "0,000", "0.000"),
        (Fraction(275, 10000), "0,028", "0.028"),  # 0.0275 half-up, never through a float
        (Fraction(25, 10000), "0,003", "0.003"),  # 0.0025 half-up (banker's rounding would give 0.002)
        (Decimal("1234.5"), "1.234,500", "1,234.500"),
    ],
)
def test_points_always_have_three_decimals(value, idn, eng):
    assert formats.points(value) == idn and formats.points(value, "en") == eng


def test_deltas_counts_index_values_and_shares():
    assert formats.delta(Fraction(2625, 10000)) == "+0,263"
    assert formats.delta(Fraction(-1, 100)) == "-0,010" and formats.delta(0) == "±0,000"
    assert formats.count(12345) == "12.345" and formats.count(12345, "en") == "12,345"
    assert formats.index_value(Fraction(258, 100)) == "2,58" and formats.index_value(3, "en") == "3.00"
    assert formats.percent(Fraction(2, 3)) == "67%" and formats.weight(Decimal("1.5")) == "1,50%"


def test_dates_and_instants_on_the_instansi_clock():
    assert formats.date(dt.date(2026, 12, 1)) == "1 Desember 2026"
    assert formats.date(dt.date(2026, 12, 1), "en") == "1 December 2026"
    assert formats.moment(UTC_0100, "Asia/Jakarta") == "1 Desember 2026 08.00 WIB"
    assert formats.moment(UTC_0100, "WITA") == "1 Desember 2026 09.00 WITA"
    assert formats.moment(UTC_0100, "Asia/Jayapura", "en") == "1 December 2026 10:00 WIT"
    assert formats.moment(UTC_0100.replace(tzinfo=None), "WIB") == "1 Desember 2026 08.00 WIB"  # naive: UTC


def test_period_keys_read_as_words():
    assert [formats.period(k) for k in ("2025-01", "2024-Q4", "2025", "2025-03-15")] == [
        "Januari 2025",
        "Triwulan IV 2024",
        "2025",
        "15 Maret 2025",
    ]
    assert formats.period_phrase("exp-2027-02-03") == "bukti berlaku s.d. 3 Februari 2027"
    assert formats.period_phrase("2024-Q4", "en") == "period Q4 2024"


def test_the_template_filters_speak_the_environment_language():
    template = "{{ p | points }} {{ d | date }} {{ n | number }} {{ [1, 2] | count }}"  # Jinja's count stays
    values = dict(p=Fraction(1, 8), d=dt.date(2025, 1, 6), n=1500)
    assert environment("id").from_string(template).render(**values) == "0,125 6 Januari 2025 1.500 2"
    assert environment("en").from_string(template).render(**values) == "0.125 6 January 2025 1,500 2"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_fast_path_formats_exactly_as_babel_does(language):
    from babel.numbers import format_decimal

    from spbe_actions.domain.index import round_half_up

    for value in (
        Fraction(0),
        Fraction(1234567125, 1000),
        Fraction(-1, 2),
        Fraction(999999, 1000),
        Fraction(7, 3),
    ):
        for places in (0, 2, 3):
            exact = round_half_up(value, places)
            pattern = "#,##0" + ("." + "0" * places if places else "")
            assert formats._fixed(value, places, language) == format_decimal(exact, pattern, locale=language)


def test_an_exact_figure_keeps_its_places_with_the_locales_decimal_symbol():
    from fractions import Fraction

    from spbe_actions.adapters.formats import exact

    assert exact(Fraction(863, 200), "id") == "4,315" and exact(Fraction(863, 200), "en") == "4.315"
    assert exact(Fraction(3), "id") == "3,00"  # at least two places
    assert exact(Fraction(1, 3), "id", most=4) == "0,3333"  # a recurring expansion cut at ``most``


def test_an_indicator_reads_with_its_weight_in_the_locales_format():
    from spbe_actions.adapters import config

    fw = config.framework("permenpanrb-59-2020")
    assert fw.indicator_title("21") == "21 Penerapan Manajemen Risiko SPBE"
    assert formats.indicator(fw, "21", "id") == "21 Penerapan Manajemen Risiko SPBE (bobot 1,50%)"
    assert formats.indicator(fw, "21", "en") == "21 Penerapan Manajemen Risiko SPBE (weight 1.50%)"
    assert formats.indicator(fw, "42", "id").endswith("(bobot 3,00%)")

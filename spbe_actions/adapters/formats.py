"""Every figure, date and time people read, in one place and one style per kind of figure (Babel, CLDR data).

- index points (at stake, at risk): always 3 decimals, half-up: ``0,165`` (en ``0.165``)
- signed deltas of points or index: ``+0,263`` / ``-0,010``
- counts: whole numbers with the locale's grouping: ``1.234``
- index values: 2 decimals: ``3,42``; weights and shares: ``3,00%`` / ``67%``; an indicator with its weight:
  ``21 Penerapan Manajemen Risiko SPBE (bobot 1,50%)``
- dates: ``1 Desember 2026``; instants on the instansi's clock: ``1 Desember 2026 08.00 WIB``
- period keys of recurring work: ``2025-Q4`` -> ``Triwulan IV 2025``, ``exp-2027-02-03`` -> ``3 Februari 2027``

The language is ``id`` (default) or ``en``; anything else is Indonesian. Exact values (Fraction, Decimal) are
rounded half-up before Babel formats them, never through a float.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from spbe_actions.domain.calendar import to_zone
from spbe_actions.domain.framework import Framework
from spbe_actions.domain.i18n import lang, text_in
from spbe_actions.domain.index import exact_str, round_half_up

Number = int | Fraction | Decimal
POINT_PLACES = 3
ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}  # Indonesia's three zones by their UTC offset in hours
ROMAN = ("I", "II", "III", "IV")


def _locale(language: str | None) -> str:
    return "en" if (language or lang()) == "en" else "id"


def _decimal(value: Number, places: int) -> Decimal:
    return round_half_up(Fraction(value), places)


@cache
def _symbols(locale: str) -> tuple[str, str]:
    """The locale's decimal and grouping symbols from Babel's CLDR data (id: "," and "."), read once."""
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _fixed(value: Number, places: int, language: str | None) -> str:
    """``value`` half-up to ``places`` decimals with the locale's symbols: the pattern #,##0.000 that Babel's
    format_decimal applies, at a fraction of its cost per call (a digest formats dozens of figures)."""
    decimal, group = _symbols(_locale(language))
    text = f"{_decimal(value, places):,.{places}f}"  # already exact: no further rounding happens here
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def points(value: Number, language: str | None = None) -> str:
    """Index points, always with 3 decimals: 0,165 (0 -> 0,000)."""
    return _fixed(value, POINT_PLACES, language)


def delta(value: Number, language: str | None = None, places: int = POINT_PLACES) -> str:
    """A signed change: +0,263, -0,010, ±0,000."""
    d = _decimal(value, places)
    body = _fixed(abs(d), places, language)
    return ("+" if d > 0 else "-" if d < 0 else "±") + body


def count(value: int, language: str | None = None) -> str:
    """A whole number with the locale's grouping: 1.234 (en 1,234)."""
    return _fixed(int(value), 0, language)


def index_value(value: Number, language: str | None = None) -> str:
    """An index or level value with 2 decimals: 3,42."""
    return _fixed(value, 2, language)


def weight(value: Number, language: str | None = None) -> str:
    """An indicator's weight in percent, 2 decimals: 3,00%."""
    return _fixed(value, 2, language) + "%"


def indicator(fw: Framework, indicator_id: str, language: str | None = None) -> str:
    """An indicator as people read it, its weight in their number format:
    '21 Penerapan Manajemen Risiko SPBE (bobot 1,50%)' (en: '... (weight 1.50%)')."""
    weight_text = weight(fw.indicators[indicator_id].weight, language)
    return text_in(_locale(language), "fmt_indicator", title=fw.indicator_title(indicator_id), weight=weight_text)


def percent(share: Number, language: str | None = None) -> str:
    """A share (0..1) as a whole percentage, half-up: 67%."""
    return _fixed(Fraction(share) * 100, 0, language) + "%"


def exact(value: Number, language: str | None = None, least: int = 2, most: int = 10) -> str:
    """A figure's exact decimal expansion (at least ``least`` places, cut at ``most`` if it recurs), with the
    locale's decimal symbol: 4,315 (en 4.315)."""
    text = exact_str(Fraction(value), least, most)
    return text.replace(".", _symbols(_locale(language))[0])


def date(value: dt.date, language: str | None = None) -> str:
    """1 Desember 2026 (en: 1 December 2026)."""
    return format_date(value, "d MMMM y", locale=_locale(language))


def zone_name(at: dt.datetime) -> str:
    """WIB / WITA / WIT for Indonesia's offsets, else the zone's own abbreviation."""
    offset = at.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else None
    if hours in ZONES:
        return ZONES[int(hours)]
    return at.tzname() or "UTC"


def moment(at: dt.datetime, zone: str | None = None, language: str | None = None) -> str:
    """An instant on the wall clock of ``zone`` (an IANA name or WIB/WITA/WIT; default: as given):
    1 Desember 2026 08.00 WIB (en: 1 December 2026 08:00 WIB). A naive instant is UTC."""
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    local = at.astimezone(to_zone(zone)) if zone else at
    sep = ":" if _locale(language) == "en" else "."
    return f"{date(local.date(), language)} {local.hour:02d}{sep}{local.minute:02d} {zone_name(local)}"


_MONTHLY = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTERLY = re.compile(r"^(\d{4})-Q([1-4])$")
_DAY = re.compile(r"^(?:exp-)?(\d{4}-\d{2}-\d{2})$")


def period(key: str, language: str | None = None) -> str:
    """A period key of recurring work as people say it: Januari 2025, Triwulan IV 2024, 2025, 15 Maret 2025.
    An expiry review ("exp-2027-02-03") reads as its expiry date."""
    en = _locale(language) == "en"
    if m := _MONTHLY.match(key):
        return format_date(dt.date(int(m[1]), int(m[2]), 1), "MMMM y", locale=_locale(language))
    if m := _QUARTERLY.match(key):
        return f"Q{m[2]} {m[1]}" if en else f"Triwulan {ROMAN[int(m[2]) - 1]} {m[1]}"
    if m := _DAY.match(key):
        return date(dt.date.fromisoformat(m[1]), language)
    return key


def period_phrase(key: str, language: str | None = None) -> str:
    """The period with its word: "periode Triwulan IV 2024"; an expiry review says what it is about:
    "bukti berlaku s.d. 3 Februari 2027" (en: "period Q4 2024", "evidence valid until 3 February 2027")."""
    en = _locale(language) == "en"
    if key.startswith("exp-") and _DAY.match(key):
        return ("evidence valid until " if en else "bukti berlaku s.d. ") + period(key, language)
    return ("period " if en else "periode ") + period(key, language)


def filters(language: str) -> dict[str, Callable[..., Any]]:
    """The Jinja filters of ``adapters/render.environment()`` for ``language``."""
    return {
        "points": lambda v: points(v, language),
        "delta": lambda v, places=POINT_PLACES: delta(v, language, places),
        "number": lambda v: count(v, language),  # not "count": that is Jinja's own length filter
        "index_value": lambda v: index_value(v, language),
        "exact": lambda v, least=2, most=10: exact(v, language, least, most),
        "percent": lambda v: percent(v, language),
        "date": lambda v: date(v, language),
        "moment": lambda v, zone=None: moment(v, zone, language),
        "period": lambda v: period(v, language),
        "period_phrase": lambda v: period_phrase(v, language),
    }

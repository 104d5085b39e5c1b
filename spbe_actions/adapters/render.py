"""Jinja2 rendering of messages and reports from ``config/templates/<lang>/`` (Indonesian by default)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from spbe_actions.adapters.settings import config_dir
from spbe_actions.domain.calendar import BULAN, DAYS_EN, HARI, MONTHS_EN
from spbe_actions.domain.i18n import lang


def tanggal(value: dt.date, language: str = "id") -> str:
    """A date for people: 'Kamis, 10 April 2025' (or 'Thursday, 10 April 2025')."""
    if language == "en":  # explicit names: strftime would follow the process locale
        return f"{DAYS_EN[value.weekday()]}, {value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"{HARI[value.weekday()]}, {value.day} {BULAN[value.month - 1]} {value.year}"


@cache
def _env(language: str, root: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(f"{root}/templates/{language}"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["tanggal"] = lambda d: tanggal(d, language)
    return env


def render(template: str, language: str | None = None, **context: Any) -> str:
    """Render ``template`` (e.g. ``schedule_report.md.j2``) in the user's language."""
    return _env(language or lang(), str(config_dir())).get_template(template).render(**context)

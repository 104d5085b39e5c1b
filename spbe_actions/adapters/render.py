"""Jinja2 rendering from ``config/templates/<lang>/``: one environment factory for mails, chat, reports,
artifacts and web pages. Templates named ``*.html.j2`` autoescape (names and titles are user input); text,
chat and markdown templates do not."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from spbe_actions.adapters.config import templates_dir
from spbe_actions.adapters.formats import filters
from spbe_actions.domain.calendar import tanggal
from spbe_actions.domain.i18n import lang


def environment(language: str | None = None, subdir: str = "") -> Environment:
    """The environment of ``templates/<language>/<subdir>`` (Indonesian when that language has none)."""
    return _environment(str(templates_dir()), language or lang(), subdir)


@cache
def _environment(root: str, language: str, subdir: str) -> Environment:
    folder = Path(root) / language / subdir
    if not folder.is_dir():
        language, folder = "id", Path(root) / "id" / subdir
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tanggal"] = lambda d: tanggal(d, language)
    env.filters.update(filters(language))  # points, count, delta, date, moment, period ... (adapters/formats)
    return env


def render(template: str, language: str | None = None, **context: Any) -> str:
    """Render ``template`` (e.g. ``digest.html.j2``) in ``language`` (default: the user's)."""
    return environment(language).get_template(template).render(**context)

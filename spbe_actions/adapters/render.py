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
from spbe_actions.domain.i18n_web import WEB_EN


def environment(language: str | None = None, subdir: str = "") -> Environment:
    """The environment of ``templates/<language>/<subdir>``; where that language has no such folder, the
    Indonesian templates with their ``_("...")`` texts translated (the web pages: ``domain/i18n_web.WEB_EN``)
    and the filters of ``language``."""
    return _environment(str(templates_dir()), language or lang(), subdir)


@cache
def _environment(root: str, language: str, subdir: str) -> Environment:
    folder = Path(root) / language / subdir
    if not folder.is_dir():
        folder = Path(root) / "id" / subdir
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tanggal"] = lambda d: tanggal(d, language)
    env.filters.update(filters(language))  # points, count, delta, date, moment, period ... (adapters/formats)
    words = WEB_EN if language == "en" else {}  # the i18n extension's _() (install_gettext_callables)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda text: words.get(text, text),
        lambda one, many, n: words.get(one if n == 1 else many, one if n == 1 else many),
        newstyle=True,
    )
    return env


def render(template: str, language: str | None = None, **context: Any) -> str:
    """Render ``template`` (e.g. ``digest.html.j2``) in ``language`` (default: the user's)."""
    return environment(language).get_template(template).render(**context)

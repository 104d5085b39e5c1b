"""What the web pages share: the app context, HMAC helpers, strict form fields, HTML rendering, generic pages."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy import Engine
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse

from spbe_actions.adapters.evidence_store import EvidenceStore
from spbe_actions.adapters.render import environment
from spbe_actions.adapters.settings import Settings
from spbe_actions.app.evidence import MAX_FILES, evidence_store
from spbe_actions.domain.i18n import t
from spbe_actions.domain.links import b64

MAX_BODY = 64 * 1024  # bytes of one request body
MAX_FIELDS = 40
MAX_LINKS = 10
MAX_TITLE = 300
MAX_REASON = 1000
MAX_TOKEN = 600  # characters of a path token (real ones are ~110)
STYLE_TEMPLATE = "_gaya.html.j2"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def same(given: str, expected: str) -> bool:
    """Constant-time equality of two strings (any characters)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))


@dataclass
class Ctx:
    """Everything a request handler needs; built once by ``create_app``."""

    engine: Engine
    settings: Settings
    clock: Callable[[], dt.datetime]
    secret: str
    env: Environment
    style: str
    _files: EvidenceStore | None = None

    def files(self) -> EvidenceStore:
        """The evidence store (built on first use; InputError when it is not configured for this database)."""
        if self._files is None:
            self._files = evidence_store(self.settings)
        return self._files

    def now(self) -> dt.datetime:
        now = self.clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("the web clock must return an aware datetime")
        return now

    def mac(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 of ``purpose:value`` under the link secret (purposes keep the uses apart)."""
        return b64(hmac.new(self.secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).digest())

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(style=Markup(self.style), **context)
        return HTMLResponse(html, status_code=status)

    def message(self, status: int, title: str, text: str) -> HTMLResponse:
        return self.page("pesan.html.j2", status, title=title, text=text)

    def denied(self) -> HTMLResponse:
        """The one answer to every bad token or form: it says nothing about what was asked for."""
        return self.message(403, t("w_denied_title"), t("w_denied"))


def make_env(language: str) -> tuple[Environment, str]:
    """The web pages' (autoescaping) environment, ``templates/<lang>/web``, and the page CSS (hashed into the CSP)."""
    env = environment(language, "web")
    env.auto_reload = False  # each page compiled once per process: no stat of its files on every view (restart
    # `spbe web` after editing a web template)
    assert env.loader is not None
    style = env.loader.get_source(env, STYLE_TEMPLATE)[0].strip()  # raw CSS: its hash goes into the CSP
    return env, style


def style_hash(style: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()


async def read_form(request: Request) -> FormData | None:
    """The posted form (urlencoded or multipart without files), or None when it cannot be parsed."""
    try:
        return await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=MAX_BODY)
    except Exception:  # malformed multipart, too many fields, a file: the caller answers 400
        return None


async def read_upload_form(request: Request) -> FormData | None:
    """A multipart form with files (spooled to disk by Starlette, never whole in memory); None when malformed.

    A body over the upload limit raises from the receive channel (``Guard`` answers 413); a dropped connection
    raises ``ClientDisconnect``: both pass through, so nothing is recorded."""
    from starlette.formparsers import MultiPartException

    try:
        return await request.form(max_files=MAX_FILES + 1, max_fields=MAX_FIELDS, max_part_size=MAX_BODY)
    except MultiPartException:
        return None


def text(form: FormData, name: str) -> str:
    """A text field ('' when missing or not text); CRLF normalised."""
    value = form.get(name)
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


def parse_date(raw: str, label: str, problems: list[str]) -> dt.date | None:
    """A YYYY-MM-DD date between 2000 and 2100; appends a message (the user's language) to ``problems`` otherwise."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        if not DATE.match(raw):
            raise ValueError
        value = dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(t("w_bad_date", label=label, raw=raw[:40]))
        return None
    if not FIRST_DAY <= value <= LAST_DAY:
        problems.append(t("w_date_range", label=label, value=value.isoformat()))
        return None
    return value


def bounded(value: str, limit: int, label: str, problems: list[str]) -> str:
    if len(value) > limit:
        problems.append(t("w_too_long", label=label, limit=limit, n=len(value)))
    return value

"""The apprise adapter: a person's channels in failover order (chat first, email last), secrets expanded
only at send time and masked everywhere else, one fresh apprise object per send (no built-in throttle)."""

from __future__ import annotations

import contextvars
import copy
import datetime as dt
import functools
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from spbe_actions.adapters import smtp_reply
from spbe_actions.domain.i18n import t

ENV_REF = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")
USERINFO = re.compile(r"(?i)([a-z][a-z0-9+.-]*://)([^/@\s]*)@")


class ChannelError(ValueError):
    """A channel that cannot be used as configured (the message is already masked)."""


@dataclass(frozen=True)
class Channel:
    label: str  # safe to show: "email", "tgram#1", ...
    url: str  # may hold secrets: never logged, stored or shown
    to: str | None = None  # email: the address, sent by adapters/mail through ``smtp``
    smtp: Smtp | None = None

    @property
    def is_email(self) -> bool:
        return self.url.startswith(("mailto://", "mailtos://"))


@dataclass(frozen=True)
class Smtp:
    host: str | None
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "spbe@example.go.id"
    secure: str = "none"

    def url(self, to: str) -> str:
        """An apprise mail URL for ``to``; HTML body with a plain-text alternative."""
        auth = f"{quote(self.user, safe='')}:{quote(self.password or '', safe='')}@" if self.user else ""
        scheme = "mailto" if self.secure == "none" else "mailtos"
        mode = "" if self.secure == "none" else f"&mode={self.secure}"
        query = f"from={quote(self.sender)}&to={quote(to)}&smtp={self.host}&format=html{mode}"
        return f"{scheme}://{auth}{self.host}:{self.port}?{query}"


def expand(url: str, env: Mapping[str, str] | None = None) -> str:
    """Replace ``${VAR}`` with the environment's value; a missing variable is a ChannelError naming it."""
    env = os.environ if env is None else env

    def sub(match: re.Match) -> str:
        if match.group(1) not in env:
            raise ChannelError(t("ad_env_unset", name=match.group(1)))
        return env[match.group(1)]

    return ENV_REF.sub(sub, url)


def secrets_of(urls: Iterable[str], smtp: Smtp, env: Mapping[str, str] | None = None) -> set[str]:
    """Every secret string a set of channel URLs and the SMTP settings could leak."""
    env = os.environ if env is None else env
    out = {smtp.password} if smtp.password else set()
    for url in urls:
        out |= {env[v] for v in ENV_REF.findall(url) if env.get(v)}
    return {s for s in out if s and len(s) >= 3}


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every known secret, and any URL userinfo, replaced by ***."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
    return USERINFO.sub(lambda m: m.group(1) + "***@", text)


def channels_for(email: str | None, urls: list[str], smtp: Smtp, redirect: str | None = None) -> list[Channel]:
    """Chat channels in the plan's order, then email through the instansi's SMTP: the failover order.

    ``redirect`` (staging, demos) replaces every chat URL with one test endpoint, keeping the labels.
    """
    out = []
    for i, url in enumerate(urls, start=1):
        scheme = url.split("://", 1)[0].lower()
        out.append(Channel(f"{scheme}#{i}", redirect or url))
    if email and smtp.host:
        out.append(Channel("email", smtp.url(email), email, smtp))
    return out


LIMIT_PARAM = re.compile(r"([?&])maxlen=(\d+)&?")  # our own: a declared size limit, removed before apprise
SIZE_MARGIN = 32  # room for what a service adds (escaping, a separator between title and body)
DEFAULT_LIMIT = 1000  # a service whose limit apprise computes per message (SMS gateways): stay short


def declared_limit(url: str) -> tuple[str, int | None]:
    """``url`` without our ``maxlen=N`` parameter, and N (a gateway's limit apprise does not know)."""
    m = LIMIT_PARAM.search(url)
    if m is None:
        return url, None
    rest = url[: m.start()] + (m.group(1) if m.group(0).endswith("&") else "") + url[m.end() :]
    return rest.rstrip("?&"), int(m.group(2))


def chat_budget(url: str, subject: str) -> int | None:
    """How many characters of body a chat channel takes: the ``maxlen`` declared in its URL, else the
    service's own limit as apprise knows it (Telegram 4,096, WhatsApp 1,024, ntfy 7,800), less the subject
    where the service puts title and body in one text. None for email: it keeps everything."""
    if url.startswith(("mailto://", "mailtos://")):
        return None
    from apprise.manager_plugins import NotificationManager

    url, declared = declared_limit(url)
    scheme = url.split("://", 1)[0].lower()
    plugins = NotificationManager()
    plugin = plugins[scheme] if scheme in plugins else None  # noqa: SIM401 (no .get on this mapping)
    limit = getattr(plugin, "body_maxlen", None)
    title = getattr(plugin, "title_maxlen", 1)
    limit = declared or (limit if isinstance(limit, int) else DEFAULT_LIMIT)
    own_title = isinstance(title, int) and title == 0
    return max(limit - SIZE_MARGIN - (len(subject) + 2 if own_title else 0), 0)


@dataclass(frozen=True)
class Message:
    subject: str
    html: str
    chat: str
    attachment: str | None = None  # a file path sent with email (chat gets the text only)
    text: str = ""  # the mail's plain-text alternative (our *.txt.j2); the chat text when empty
    sender_name: str | None = None  # the From display name: the instansi's name
    date: dt.datetime | None = None  # the Date header (the dispatcher's now); the clock when None


@dataclass
class Result:
    ok: bool = False
    channel: str | None = None
    attempts: list[dict] = field(default_factory=list)  # {"channel", "ok", "error"} (masked)


# apprise's DEBUG lines of the email send in progress in this context (apprise sends from its own thread, with a
# copy of the caller's context): they hold the SMTP server's reply, which apprise logs nowhere else
_CAPTURE: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("spbe_apprise_capture", default=None)


class _MaskFilter(logging.Filter):
    """Masks the secrets of every send in progress in what apprise and urllib3 log (DEBUG included), and keeps
    apprise's lines for the email send in progress (``_CAPTURE``).

    The apprise logger is set to DEBUG so that its ``Socket Exception: ...`` line exists at all; this filter then
    lets through only what the root logger's level would have shown, so nothing new reaches any log."""

    def __init__(self) -> None:
        super().__init__()
        self.active: dict[int, set[str]] = {}
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        ours = record.name == "apprise"
        shown = not ours or record.levelno >= logging.getLogger().getEffectiveLevel()
        sink = _CAPTURE.get() if ours else None
        if not shown and sink is None:
            return False  # a line nobody reads: not even masked (masking every DEBUG line cost ~3 ms a mail)
        with self.lock:
            secrets = set().union(*self.active.values()) if self.active else set()
        text = record.getMessage()
        if sink is not None and len(sink) < 50 and text.startswith(smtp_reply.WANTED):
            sink.append(mask(text, secrets) if secrets else text)
        if shown and secrets:
            record.msg, record.args = mask(text, secrets), None
        return shown


_MASK = _MaskFilter()
NOISY_LOGGERS = ("apprise", "urllib3.connectionpool", "requests")
for _name in NOISY_LOGGERS:
    logging.getLogger(_name).addFilter(_MASK)
if logging.getLogger("apprise").level == logging.NOTSET:  # nobody chose a level for it: let DEBUG lines exist
    logging.getLogger("apprise").setLevel(logging.DEBUG)


def send(
    message: Message, channels: list[Channel], secrets: set[str], throttle: Callable[[str], None] | None = None
) -> Result:
    """Try each channel in order until one accepts; apprise never raises, so its result and warnings decide."""
    result = Result()
    for ch in channels:
        ok, error = _notify(message, ch, secrets, throttle)
        result.attempts.append(
            {"channel": ch.label, "ok": ok, "error": mask(error, secrets)[:1000] if error else None}
        )
        if ok:
            result.ok, result.channel = True, ch.label
            break
    if not channels:
        result.attempts.append({"channel": "-", "ok": False, "error": t("ad_no_channel")})
    return result


@functools.lru_cache(maxsize=256)
def _url_parts(url: str) -> dict | None:
    """apprise's parse of a channel URL, once per URL (parsing took ~1.7 of ~9 ms a message); callers copy it."""
    from apprise import plugins

    return plugins.url_to_dict(url, secure_logging=True)


def _notify(
    message: Message, ch: Channel, secrets: set[str], throttle: Callable[[str], None] | None
) -> tuple[bool, str | None]:
    import apprise

    from spbe_actions.adapters.apprise_tls import install

    install()
    try:
        url = expand(ch.url)
    except ChannelError as exc:
        return False, str(exc)
    if not ch.is_email:
        budget = chat_budget(ch.url, message.subject)
        if budget is not None and len(message.chat) > budget:  # never cut mid-way: the next channel gets it
            return False, t("ad_too_long", channel=ch.label, n=len(message.chat), limit=budget)
        url = declared_limit(url)[0]
    if ch.is_email and ch.smtp is not None and ch.to:
        return _mail(message, ch, secrets)
    if throttle and not ch.is_email:  # chat services rate-limit; the instansi's own SMTP does not need it
        throttle(ch.label.split("#")[0])
    warnings: list[str] = []  # apprise reports this send's own problems here, whatever thread it sends from
    lines: list[str] = []  # and, for email, the SMTP server's reply in its DEBUG lines
    key = threading.get_ident()
    with _MASK.lock:  # from here on, whatever apprise or urllib3 log while this send runs is masked
        _MASK.active[key] = secrets | {url} | {quote(x, safe="") for x in secrets}
    token = _CAPTURE.set(lines if ch.is_email else None)
    try:
        obj = apprise.Apprise()
        parts = _url_parts(url)
        if parts is None or not obj.add(copy.deepcopy(parts)):
            return False, t("ad_bad_url", channel=ch.label)
        for server in obj:
            server.request_rate_per_sec = 0  # one object per send: apprise's own throttle would only add waiting
        body, fmt = (
            (message.html, apprise.NotifyFormat.HTML) if ch.is_email else (message.chat, apprise.NotifyFormat.TEXT)
        )
        ok = bool(
            obj.notify(
                title=message.subject,
                body=body,
                body_format=fmt,
                attach=message.attachment if ch.is_email and message.attachment else None,
                log_level=logging.WARNING,
                log_callback=lambda entry, _server: warnings.append(entry.message),
            )
        )
    finally:
        _CAPTURE.reset(token)
        with _MASK.lock:
            _MASK.active.pop(key, None)
    if ok:
        return True, None
    reply = smtp_reply.read(lines) if ch.is_email else None
    if reply is not None:
        return False, smtp_reply.describe(reply, _server_of(ch.url))
    return False, " | ".join(warnings[-3:]) or t("ad_refused", channel=ch.label)


def _server_of(url: str) -> str:
    """``host:port`` of a mail URL (no user, no password)."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def _mail(message: Message, ch: Channel, secrets: set[str]) -> tuple[bool, str | None]:
    """Email: our own multipart/alternative through smtplib (adapters/mail), the same SMTP settings."""
    from spbe_actions.adapters import mail

    assert ch.smtp is not None and ch.to is not None
    key = threading.get_ident()
    with _MASK.lock:
        _MASK.active[key] = secrets | {quote(x, safe="") for x in secrets}
    try:
        error = mail.send(mail.build(message, ch.smtp.sender, ch.to, message.sender_name), ch.smtp)
    finally:
        with _MASK.lock:
            _MASK.active.pop(key, None)
    return error is None, error

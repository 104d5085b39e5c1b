"""What the mail server answered, read back from apprise's log of one email send.

apprise never raises and reports every SMTP failure as "Connection error while submitting email"; the server's
own reply (``535 5.7.8 Authentication credentials invalid``, ``550 5.1.1 <x@y>: no such user``, a refused
connection, a TLS error) only reaches its DEBUG log line ``Socket Exception: ...``, after a line saying which step
it was in (connecting, securing the connection, logging in; a failure of those is also preceded by its "Connection
error" warning, a failure while sending the message is not). ``notify`` captures those lines for the send in
progress; ``read`` turns them into a ``Reply``: the problem (``SmtpProblem``), the SMTP code and the server's
text, with email addresses masked. ``describe`` says it in the user's words.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from spbe_actions.domain.i18n import label
from spbe_actions.domain.lifecycle import SmtpProblem

EXCEPTION = "Socket Exception: "
PHASES = {  # apprise's DEBUG lines before each step, and the step a failure right after them belongs to
    "Connecting to remote SMTP server": "connect",
    "Securing connection with SSL": "tls",
    "Securing connection with STARTTLS": "tls",
    "Applying user credentials": "login",
}
SETUP_FAILED = "Connection error while submitting email"  # logged before the exception of connect/TLS/login
WANTED = (*PHASES, SETUP_FAILED, EXCEPTION)  # the only lines ``notify`` keeps of a send
ADDRESS = re.compile(r"[\w.+'-]+@([\w-]+(?:\.[\w-]+)+)")
TLS_WORDS = ("ssl", "tls", "certificate", "handshake")
AUTH_CODES = {530, 534, 535, 538}
MAX_TEXT = 300


@dataclass(frozen=True)
class Reply:
    problem: SmtpProblem
    code: int | None  # the SMTP reply code, when the server answered one
    text: str  # the server's words (or the socket's), addresses masked


def mask_addresses(text: str) -> str:
    """``budi@dinas.go.id`` -> ``***@dinas.go.id``: the domain helps diagnose, the person stays private."""
    return ADDRESS.sub(r"***@\1", text)


def _decode(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())


def _parse(detail: str) -> tuple[str, int | None, str]:
    """smtplib's exception text -> (shape, code, text): ``(535, b'...')`` is a reply, ``(553, b'...', 'from')``
    a refused sender, ``{'to': (550, b'...')}`` refused recipients, anything else a socket or TLS error."""
    try:
        value = ast.literal_eval(detail)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return "error", None, detail
    if isinstance(value, dict) and value:
        first = next(iter(value.values()))
        if isinstance(first, tuple) and first and isinstance(first[0], int):
            return "recipients", first[0], _decode(first[1]) if len(first) > 1 else ""
    if isinstance(value, tuple) and value and isinstance(value[0], int):
        text = _decode(value[1]) if len(value) > 1 else ""
        return ("sender" if len(value) == 3 else "reply"), value[0], text
    return "error", None, detail


def _problem(shape: str, phase: str, code: int | None, text: str) -> SmtpProblem:
    lowered = text.lower()
    if shape == "recipients":
        return SmtpProblem.RECIPIENT
    if phase == "tls" or "starttls" in lowered or (code is None and any(w in lowered for w in TLS_WORDS)):
        return SmtpProblem.TLS
    if phase == "login" or code in AUTH_CODES or "auth" in lowered:
        return SmtpProblem.AUTH
    if shape == "sender":
        return SmtpProblem.SENDER
    if code is None:
        return SmtpProblem.UNREACHABLE
    return SmtpProblem.MESSAGE if code >= 500 else SmtpProblem.OTHER


def read(lines: list[str]) -> Reply | None:
    """The server's reply from apprise's log lines of one email send; None when they hold no failure."""
    phase, setup_failed, found = "", False, None
    for line in lines:
        for prefix, step in PHASES.items():
            if line.startswith(prefix):
                phase = step
        setup_failed = setup_failed or line.startswith(SETUP_FAILED)
        if line.startswith(EXCEPTION):  # without the setup warning before it, it came from sending the message
            found = (phase if setup_failed else "send", line[len(EXCEPTION) :].strip())
    if found is None:
        return None
    phase, detail = found
    shape, code, text = _parse(detail)
    if not text:
        text = "koneksi ditutup" if code is None else ""
    return Reply(_problem(shape, phase, code, text), code, mask_addresses(text)[:MAX_TEXT])


def from_exception(exc: BaseException, phase: str) -> Reply:
    """The reply from smtplib's own exception when we send the mail ourselves (adapters/mail): ``phase`` is the
    step it was raised in (connect, tls, login, send)."""
    import smtplib

    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, said = next(iter(exc.recipients.values()))
        return Reply(SmtpProblem.RECIPIENT, code, mask_addresses(_decode(said))[:MAX_TEXT])
    if isinstance(exc, smtplib.SMTPResponseException):
        shape = "sender" if isinstance(exc, smtplib.SMTPSenderRefused) else "reply"
        words = _decode(exc.smtp_error)
        return Reply(_problem(shape, phase, exc.smtp_code, words), exc.smtp_code, mask_addresses(words)[:MAX_TEXT])
    words = _decode(exc) or type(exc).__name__
    return Reply(_problem("error", phase, None, words), None, mask_addresses(words)[:MAX_TEXT])


def describe(reply: Reply, server: str, language: str | None = None) -> str:
    """One line for people: the problem in their words, the server, then its reply (code first)."""
    said = f"{reply.code} {reply.text}".strip() if reply.code is not None else reply.text
    return f"{label('smtp_problem', reply.problem, language)} — {server}: {said}"

"""Email built by us and sent with the standard library: apprise's email plugin derives the text part from the
HTML (``convert_between``) and takes no text of ours, so a mail is a ``multipart/alternative`` of our own
``*.txt.j2`` and ``*.html.j2`` renderings (plus the report as an attachment), with the instansi's name as the
From display name, ``Auto-Submitted: auto-generated`` (RFC 3834: no auto-replies) and a Message-ID on the
sender's (the instansi's) domain. Sent through the same SMTP settings (``Smtp``: host, port, login, none /
starttls / ssl); TLS verifies the server's certificate with the default context, as apprise did, and that
context is only built when TLS is used (see adapters/apprise_tls.py for why that matters)."""

from __future__ import annotations

import datetime as dt
import email.policy
import mimetypes
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from spbe_actions.adapters import smtp_reply
from spbe_actions.domain.i18n import t

if TYPE_CHECKING:
    from spbe_actions.adapters.notify import Message, Smtp

TIMEOUT = 15  # seconds, as apprise's SMTP controller
POLICY = email.policy.SMTP.clone(max_line_length=998)  # CRLF; headers folded only past RFC 5322's limit


def build(message: Message, sender: str, to: str, sender_name: str | None = None) -> EmailMessage:
    """The mail: text and HTML alternatives (mixed with the attachment when there is one)."""
    mail = EmailMessage(policy=POLICY)
    mail["Subject"] = message.subject
    mail["From"] = formataddr((sender_name, sender)) if sender_name else sender
    mail["To"] = to
    mail["Date"] = format_datetime(message.date or dt.datetime.now(dt.UTC))
    domain = sender.rpartition("@")[2] or None
    mail["Message-ID"] = make_msgid("spbe", domain=domain)
    mail["Auto-Submitted"] = "auto-generated"
    mail["X-Auto-Response-Suppress"] = "All"  # Exchange's equivalent: no out-of-office replies
    mail.set_content(message.text or message.chat, charset="utf-8")
    mail.add_alternative(message.html, subtype="html", charset="utf-8")
    if message.attachment:
        path = Path(message.attachment)
        kind = (mimetypes.guess_type(path.name)[0] or "application/octet-stream").split("/", 1)
        mail.add_attachment(path.read_bytes(), maintype=kind[0], subtype=kind[1], filename=path.name)
    return mail


def send(mail: EmailMessage, smtp: Smtp) -> str | None:
    """Deliver ``mail`` to its To address; None when the server accepted it, else the reason (no secrets)."""
    if not smtp.host:
        return t("ad_smtp_unset")
    phase = "connect"  # the step a failure belongs to: connect, tls, login, send
    try:
        context = ssl.create_default_context() if smtp.secure in ("starttls", "ssl") else None
        if smtp.secure == "ssl":
            phase = "tls"
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
        with client:
            if smtp.secure == "starttls":
                phase = "tls"
                client.starttls(context=context)
            if smtp.user and smtp.password:
                phase = "login"
                client.login(smtp.user, smtp.password)
            phase = "send"
            refused = client.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        if phase == "tls" and smtp.secure == "ssl" and not isinstance(exc, ssl.SSLError):
            phase = "connect"  # implicit TLS: a refused or unreachable port is not a TLS problem
        return smtp_reply.describe(smtp_reply.from_exception(exc, phase), f"{smtp.host}:{smtp.port}")
    if refused:
        refusal = smtplib.SMTPRecipientsRefused(refused)
        return smtp_reply.describe(smtp_reply.from_exception(refusal, "send"), f"{smtp.host}:{smtp.port}")
    return None

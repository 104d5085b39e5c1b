"""The SMTP server's reply, kept and shown in its own words: a refused login (535), a refused recipient (550), a
closed port and a TLS mismatch, each against a real aiosmtpd server (or a real closed port) on loopback; then the
same reply in the outbox row, `spbe remind`, `spbe outbox`, `spbe status` and `spbe test-channel`, with the password and the
recipient's address masked."""

from __future__ import annotations

import datetime as dt
import logging
import os
import ssl
import subprocess
import sys

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from spbe_actions.adapters import notify, smtp_reply
from spbe_actions.app.common import open_engine
from spbe_actions.app.reminders.dispatch import dispatch
from spbe_actions.app.reminders.sweep import sweep
from spbe_actions.app.scheduling import schedule_domain
from spbe_actions.app.setup import init_database
from spbe_actions.domain.lifecycle import SmtpProblem
from tests.support.plans import small_plan
from tests.support.servers import SmtpServer, free_port

NOW = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
SWEEP = dt.datetime(2025, 1, 23, 2, 0, tzinfo=dt.UTC)  # Thursday 09:00 WIB: two late reports, two digests
SENDER = "spbe@example.go.id"
PASSWORD = "Rahasia-Sekali-42"  # what we send; the server expects another one
TO = "fp.dinas@example.go.id"
AUTH = "autentikasi ditolak server surel"
RECIPIENT = "alamat penerima ditolak server surel"
UNREACHABLE = "server surel tidak terjangkau"
TLS = "gagal TLS dengan server surel"
SETUP = 'Connection error while submitting email to "127.0.0.1"'  # apprise: before a connect/TLS/login failure


class RefuseRecipients:
    """An aiosmtpd handler that refuses every recipient, as a real server does for an unknown mailbox."""

    def __init__(self) -> None:
        self.data = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in virtual mailbox table"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.data += 1
        return "250 OK"


@pytest.fixture
def refusing():
    handler = RefuseRecipients()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, handler
    finally:
        controller.stop()


def send(smtp: notify.Smtp, to: str = TO) -> str:
    """One mail through the adapter; the error it records (the send must fail)."""
    message = notify.Message("Uji", "<p>isi</p>", "isi")
    result = notify.send(message, notify.channels_for(to, [], smtp), notify.secrets_of([], smtp))
    assert not result.ok and len(result.attempts) == 1, result
    return result.attempts[0]["error"]


# --- each failure in its own words --------------------------------------------------------------------------------


def test_a_refused_login_says_so_with_the_servers_535_and_never_the_password():
    with SmtpServer(credentials=("spbe", "the-right-one")) as server:
        error = send(notify.Smtp(server.host, server.port, "spbe", PASSWORD, SENDER))
        assert server.mails == []
    assert error.startswith(AUTH), error
    assert f"127.0.0.1:{server.port}: 535 5.7.8 Authentication credentials invalid" in error
    assert PASSWORD not in error and "Connection error" not in error


def test_a_refused_recipient_says_so_with_the_servers_550_and_masks_the_address(refusing):
    port, handler = refusing
    error = send(notify.Smtp("127.0.0.1", port, sender=SENDER))
    assert error.startswith(RECIPIENT), error
    assert "550 5.1.1 <***@example.go.id>: Recipient address rejected" in error
    assert "fp.dinas" not in error and handler.data == 0


def test_a_closed_port_is_an_unreachable_server():
    port = free_port()  # nothing listens there
    error = send(notify.Smtp("127.0.0.1", port, sender=SENDER))
    assert error.startswith(UNREACHABLE), error
    assert f"127.0.0.1:{port}: " in error and "Connection refused" in error


def test_implicit_tls_against_a_plain_server_is_a_tls_failure():
    with SmtpServer() as server:
        error = send(notify.Smtp(server.host, server.port, sender=SENDER, secure="ssl"))
        assert server.mails == []
    assert error.startswith(TLS), error
    assert "WRONG_VERSION_NUMBER" in error or "wrong version" in error.lower()


def test_starttls_to_a_server_without_it_is_a_tls_failure():
    with SmtpServer() as server:
        error = send(notify.Smtp(server.host, server.port, sender=SENDER, secure="starttls"))
    assert error.startswith(TLS) and "STARTTLS extension not supported" in error, error


def test_an_untrusted_certificate_is_a_tls_failure(certificate):
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    with SmtpServer(tls_context=server_ctx) as server:
        error = send(notify.Smtp(server.host, server.port, sender=SENDER, secure="starttls"))
        assert server.mails == []
    assert error.startswith(TLS) and "certificate verify failed" in error.lower(), error


def test_the_reply_is_kept_in_the_result_and_nothing_of_it_reaches_the_logs(caplog):
    """The reply goes to the outbox row (the result), not to any log: neither the password nor the server's text."""
    caplog.set_level(logging.DEBUG)
    with SmtpServer(credentials=("spbe", "the-right-one")) as server:
        error = send(notify.Smtp(server.host, server.port, "spbe", PASSWORD, SENDER))
    assert "535" in error
    logged = [
        r.getMessage() for r in caplog.records if r.name not in ("mail.log", "asyncio")
    ]  # not the test server's
    assert not any(PASSWORD in m or "Authentication credentials invalid" in m for m in logged), logged


@pytest.mark.parametrize(
    ("lines", "problem", "code"),
    [
        (["Applying user credentials...", SETUP, "Socket Exception: (535, b'5.7.8 Bad')"], SmtpProblem.AUTH, 535),
        (["Socket Exception: (530, b'5.7.0 Authentication required', 'a@b.id')"], SmtpProblem.AUTH, 530),
        (["Socket Exception: (530, b'5.7.0 Must issue a STARTTLS command first')"], SmtpProblem.TLS, 530),
        (["Socket Exception: (553, b'5.1.8 Domain of sender address does not exist', 'a@b.id')"], "sender", 553),
        (["Socket Exception: {'x@y.id': (550, b'5.1.1 No such user')}"], SmtpProblem.RECIPIENT, 550),
        (["Socket Exception: (554, b'5.6.0 Message rejected: spam')"], SmtpProblem.MESSAGE, 554),
        (["Connecting to remote SMTP server...", SETUP, "Socket Exception: timed out"], "unreachable", None),
        (
            ["Securing connection with STARTTLS...", SETUP, "Socket Exception: Connection unexpectedly closed"],
            "tls",
            None,
        ),
        (["Applying user credentials...", "Socket Exception: (554, b'5.7.1 Rejected: spam')"], "message", 554),
        (["Applying user credentials...", SETUP, "Socket Exception: timed out"], SmtpProblem.AUTH, None),
        (
            ["Applying user credentials...", "Socket Exception: Connection unexpectedly closed"],
            "unreachable",
            None,
        ),
    ],
)
def test_replies_that_a_loopback_server_cannot_easily_give(lines, problem, code):
    reply = smtp_reply.read(lines)
    assert reply is not None and (reply.problem, reply.code) == (problem, code)
    assert smtp_reply.read(["Connecting to remote SMTP server...", "Sent Email to x"]) is None


# --- kept in the outbox and shown by every view -------------------------------------------------------------------


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spbe_actions", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_refused_login_is_kept_in_the_outbox_and_shown_by_remind_outbox_and_test_channel(tmp_path, plan_file):
    url = f"sqlite:///{tmp_path / 'spbe.db'}"
    init_database(plan_file(small_plan()), NOW, url=url)
    engine = open_engine(url)
    schedule_domain(engine, "risk", NOW, until=dt.date(2025, 4, 30))
    with SmtpServer(credentials=("spbe", "the-right-one")) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPBE_")}
        env |= dict(
            SPBE_DATABASE_URL=url,
            SPBE_SMTP_HOST="127.0.0.1",
            SPBE_SMTP_PORT=str(server.port),
            SPBE_SMTP_USER="spbe",
            SPBE_SMTP_PASSWORD=PASSWORD,
            SPBE_SMTP_FROM=SENDER,
        )
        remind = cli(["remind", "--now", SWEEP.isoformat()], env)
        outbox = cli(["outbox", "--failed"], env)
        tested = cli(["test-channel", "kominfo.fp1"], env)
        status = cli(["status"], env)
        assert server.mails == []
    assert remind.returncode == 0, remind.stderr
    assert "terkirim 0, gagal 2" in remind.stdout
    printed = " ".join(remind.stdout.split())
    assert printed.count(f"email: {AUTH}") == 2 and "535 5.7.8" in printed, remind.stdout
    with engine.connect() as conn:
        errors = [e for (e,) in conn.execute(text("select last_error from outbox order by id"))]
    assert len(errors) == 2 and all(e.startswith(f"email: {AUTH}") and "535 5.7.8" in e for e in errors), errors
    assert outbox.returncode == 0 and "Kotak keluar: gagal (2)" in outbox.stdout, outbox.stderr
    words = " ".join(outbox.stdout.split())  # the error column wraps: compare the words
    assert "autentikasi ditolak" in words and "535" in words, outbox.stdout
    said = " ".join(tested.stdout.split())
    assert tested.returncode == 1 and f"email: GAGAL — {AUTH}" in said, tested.stdout
    assert "535 5.7.8 Authentication credentials invalid" in said
    glance = " ".join(status.stdout.split())
    assert status.returncode == 0 and "Pesan gagal: 2 menunggu dicoba lagi, 0 gagal permanen" in glance, status
    assert f"email: {AUTH}" in glance and "535 5.7.8" in glance
    for shown in (remind.stdout, outbox.stdout, tested.stdout, status.stdout, remind.stderr, *errors):
        assert PASSWORD not in shown
    # a dispatch later against the right password: the reply is cleared when the mail goes out
    with SmtpServer(port=server.port, credentials=("spbe", PASSWORD)) as fixed:
        later = dispatch(
            engine,
            SWEEP + dt.timedelta(minutes=5),
            smtp=notify.Smtp("127.0.0.1", fixed.port, "spbe", PASSWORD, SENDER),
        )
        assert later.sent == 2 and len(fixed.mails) == 2
    with engine.connect() as conn:
        assert [e for (e,) in conn.execute(text("select last_error from outbox"))] == [None, None]
    assert sweep(engine, SWEEP).queued == 0
    engine.dispose()

"""apprise's per-email TLS context is deferred (spbe_actions.apprise_tls): plain SMTP no longer pays for the CA
store, and STARTTLS still verifies the server's certificate exactly as before. Real aiosmtpd servers, real TLS."""

from __future__ import annotations

import ssl

from spbe_actions.adapters import notify
from spbe_actions.adapters.apprise_tls import DeferredContext, install
from tests.support.servers import SmtpServer


def test_deferred_context_builds_the_default_context_with_what_was_set_in_order():
    plain = DeferredContext()
    assert plain.real().verify_mode == ssl.CERT_REQUIRED and plain.check_hostname is True
    relaxed = DeferredContext()
    relaxed.check_hostname = False
    relaxed.verify_mode = ssl.CERT_NONE
    assert relaxed.check_hostname is False  # still pending: no CA store loaded yet
    assert relaxed._ctx is None
    real = relaxed.real()
    assert isinstance(real, ssl.SSLContext) and real.verify_mode == ssl.CERT_NONE and not real.check_hostname


def test_install_patches_apprise_once():
    assert install() and install()
    from apprise.plugins.email import smtp as controller

    assert controller.ssl.create_default_context is DeferredContext
    assert controller.ssl.PROTOCOL_TLS_CLIENT == ssl.PROTOCOL_TLS_CLIENT  # the rest of ssl passes through


def _send(port: int) -> notify.Result:
    smtp = notify.Smtp("127.0.0.1", port, secure="starttls")
    message = notify.Message("Uji TLS", "<p>isi</p>", "isi", None)
    return notify.send(message, notify.channels_for("fp@example.go.id", [], smtp, None), set())


def test_starttls_still_verifies_the_certificate(certificate, monkeypatch):
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    with SmtpServer(tls_context=server_ctx) as server:
        untrusted = _send(server.port)  # a self-signed certificate the client does not trust: refused
        assert not untrusted.ok and server.mails == []
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now the client trusts it: delivered over TLS
        trusted = _send(server.port)
        assert trusted.ok, trusted.attempts
        assert [m.subject for m in server.mails] == ["Uji TLS"]

"""Defer the TLS context apprise builds for every email until a TLS handshake needs it.

apprise's SMTP controller calls ``ssl.create_default_context()`` for every message, even on plain SMTP, and
loading the CA store costs ~45 ms of CPU each time (measured: 40 of the 47 ms a message took on loopback). With
one fresh apprise object per send, that bound dispatch to ~20 messages/s whatever the concurrency.
``DeferredContext`` records what apprise sets on the context (``check_hostname``, ``verify_mode``) and builds
the real context, with those settings in the same order, only when smtplib uses it (STARTTLS or SSL): the
same verification as before, paid only by the sends that need TLS.
"""

from __future__ import annotations

import ssl
import types
from typing import Any


class DeferredContext:
    """Stands in for ``ssl.create_default_context(...)``; becomes the real context on first real use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        object.__setattr__(self, "_args", (args, kwargs))
        object.__setattr__(self, "_ctx", None)
        object.__setattr__(self, "_pending", {})

    def real(self) -> ssl.SSLContext:
        if self._ctx is None:
            args, kwargs = self._args
            ctx = ssl.create_default_context(*args, **kwargs)
            for name, value in self._pending.items():  # insertion order: check_hostname before verify_mode
                setattr(ctx, name, value)
            object.__setattr__(self, "_ctx", ctx)
        return self._ctx

    def __setattr__(self, name: str, value: Any) -> None:
        if self._ctx is None:
            self._pending[name] = value
        else:
            setattr(self._ctx, name, value)

    def __getattr__(self, name: str) -> Any:  # only called for names not found on the proxy itself
        pending = object.__getattribute__(self, "_pending")
        if object.__getattribute__(self, "_ctx") is None and name in pending:
            return pending[name]
        return getattr(self.real(), name)


class _SslModule(types.ModuleType):
    """The ``ssl`` module as apprise's SMTP controller sees it: everything as usual but the context factory."""

    create_default_context = DeferredContext

    def __getattr__(self, name: str) -> Any:
        return getattr(ssl, name)


def install() -> bool:
    """Patch apprise's SMTP controller (idempotent); False when this apprise has no such module attribute."""
    try:
        from apprise.plugins.email import smtp as controller
    except ImportError:
        return False
    if isinstance(getattr(controller, "ssl", None), _SslModule):
        return True
    if getattr(controller, "ssl", None) is not ssl:
        return False
    controller.ssl = _SslModule("ssl")
    return True

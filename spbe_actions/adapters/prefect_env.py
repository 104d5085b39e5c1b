"""Offline, quiet Prefect defaults, set before Prefect is first imported (it reads settings at import); and the
result of a Prefect method that runs sync or async depending on where it is called."""

from __future__ import annotations

import os
import re
from collections.abc import Coroutine
from typing import Any, TypeVar, cast

T = TypeVar("T")

DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    # a fresh PREFECT_HOME needs 20-30 s of migrations before the temporary server answers
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}


def apply(quiet: bool = False) -> None:
    """Set the defaults without overriding anything the operator set; ``quiet`` hides INFO logs."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def sync_result(value: T | Coroutine[Any, Any, T]) -> T:
    """What a Prefect ``@async_dispatch`` method (``Block.load``, ``Block.save``, ``Flow.to_deployment``, ...)
    returns when called outside an event loop, as all our callers are: its sync result. Its annotation also
    allows the coroutine it returns inside an event loop, which never happens here."""
    return cast(T, value)


def artifact_key(*parts: str) -> str:
    """A Prefect artifact key from its parts ("schedule", instansi code, domain): Prefect allows lowercase
    letters, digits and dashes only."""
    return "-".join(p for p in (re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts) if p)

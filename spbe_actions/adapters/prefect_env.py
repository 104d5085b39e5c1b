"""Offline, quiet Prefect defaults, set before Prefect is first imported (it reads settings at import)."""

from __future__ import annotations

import os

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

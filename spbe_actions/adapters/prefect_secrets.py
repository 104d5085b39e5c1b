"""Secrets the flows read from Prefect: the SMTP password of a Secret block (``SPBE_SMTP_PASSWORD_BLOCK``), and
Prefect's rate limits for chat channels. Imported by flows only (Prefect is imported on use)."""

from __future__ import annotations

from spbe_actions.adapters.prefect_env import sync_result
from spbe_actions.adapters.settings import get_settings


def smtp_password() -> str | None:
    """The password in the Secret block named by ``SPBE_SMTP_PASSWORD_BLOCK``; None when none is configured."""
    block = get_settings().smtp_password_block
    if not block:
        return None
    from prefect.blocks.system import Secret

    value = sync_result(Secret.load(block)).get()
    return str(value) if value is not None else None


def throttle(channel: str) -> None:
    """Honour a Prefect rate limit named ``spbe-<channel>`` (e.g. spbe-tgram) when an operator created one."""
    from prefect.concurrency.sync import rate_limit

    rate_limit(f"spbe-{channel}", occupy=1, strict=False)

"""The use cases' and the domain's messages (id, en): errors, run summaries, alerts, labels and artifact texts.

Part of the one catalogue: ``i18n.MESSAGES`` takes these in, so ``t(key)`` finds them like any other message.
Kept in its own module only so that the catalogue's modules stay small.
"""

from __future__ import annotations

APP_MESSAGES: dict[str, tuple[str, str]] = {}

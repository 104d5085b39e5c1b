"""Headless Chromium for tests: Debian's binary driven by Playwright, offline-safe flags."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "Debian's chromium is not installed (.ci/run installs it)"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(pw):  # type: ignore[no-untyped-def]
    """A headless browser; the flags keep Chromium from calling home on this closed network."""
    return pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)

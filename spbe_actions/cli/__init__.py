"""The ``spbe`` command line: one root Typer app (``main``); the command modules register on it."""

from spbe_actions.cli import (  # noqa: F401  (register commands)
    accounts,
    checklist,
    plan,
    reminders,
    report,
    schedule,
    setup,
    tracking,
    web,
)
from spbe_actions.cli.main import app, localise_help

localise_help(app)  # SPBE_LANG=en: the commands' descriptions in English

__all__ = ["app"]

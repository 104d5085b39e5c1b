"""The ``spbe`` command line: one root Typer app (``main``); the command modules register on it."""

from spbe_actions.cli import accounts, reminders, report, schedule, setup, tracking, web  # noqa: F401  (register)
from spbe_actions.cli.main import app

__all__ = ["app"]

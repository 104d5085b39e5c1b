"""The root of the ``spbe`` command line: the Typer app, the two consoles, the one error path and the clock.

Command modules (``setup``, ``schedule``, ``tracking``, ``reminders``, ``report``, ``web``) register on ``app``;
``spbe_actions.cli`` imports them. A user mistake (``InputError``) raised by any command is printed once here,
one problem per line on stderr, with exit code 2 and never a traceback. Commands that must start fast
(index, validate, status) import their use cases inside the command and never import Prefect.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperGroup

from spbe_actions.domain.calendar import parse_instant
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.i18n import t

if TYPE_CHECKING:
    from typer._click import Context  # the click that Typer vendors, which TyperGroup.invoke is typed with

# Interactive terminals keep their width; pipes and logs get room for the wide tables (Rich assumes 80).
out = Console(width=None if sys.stdout.isatty() else 140)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


def report_problems(exc: InputError) -> None:
    """Every problem on its own line on stderr (and how many, when more than one)."""
    for problem in exc.problems:
        err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if len(exc.problems) > 1:
        err.print(t("cli_problems", n=len(exc.problems)), highlight=False)


def usage_error(message: str) -> NoReturn:
    """A usage mistake found by a command itself (a malformed option value): one line on stderr, exit 2."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2)


class Commands(TyperGroup):
    """The root group: the single place where user mistakes become exit code 2."""

    def invoke(self, ctx: Context) -> Any:
        # settings are read once per command (a process runs one; an in-process test runner runs many, each
        # with its own environment): forget those of an earlier command, without importing them here
        loaded = sys.modules.get("spbe_actions.adapters.settings")
        if loaded is not None:
            loaded.get_settings.cache_clear()
        try:
            return super().invoke(ctx)
        except InputError as exc:
            report_problems(exc)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=Commands,
    add_completion=False,
    no_args_is_help=True,
    help="spbe-actions: tindak lanjut evaluasi pemerintahan digital (SPBE, Pemdi).",
)


INSTANSI = typer.Option(
    None,
    "--instansi",
    envvar="SPBE_INSTANSI",
    help="kode instansi (wajib bila basis data berisi beberapa instansi)",
    show_default=False,
)


def now() -> dt.datetime:
    """The clock; ``SPBE_NOW`` (ISO 8601 with offset) pins it for demos and tests."""
    pinned = os.environ.get("SPBE_NOW")
    if not pinned:
        return dt.datetime.now(dt.UTC)
    value = parse_instant(pinned)
    if value is None:
        usage_error(
            f"SPBE_NOW '{pinned}' tidak sah: tulis waktu ISO 8601 dengan zona, mis. 2025-01-06T08:00+07:00"
        )
    return value


def main() -> None:  # pragma: no cover - console entry point
    app()

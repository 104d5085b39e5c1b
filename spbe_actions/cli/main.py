"""The root of the ``spbe`` command line: the Typer app, the two consoles, the one error path and the clock.

Command modules (``setup``, ``schedule``, ``tracking``, ``reminders``, ``report``, ``web``) register on ``app``;
``spbe_actions.cli`` imports them. A user mistake (``InputError``) raised by any command is printed once here,
one problem per line on stderr, with exit code 2 and never a traceback. Commands that must start fast
(index, validate, status) import their use cases inside the command and never import Prefect.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from typer._click import exceptions as click  # Typer's vendored Click: its parser raises these
from typer.core import TyperGroup
from typer.exceptions import Abort

from spbe_actions.domain.calendar import parse_instant
from spbe_actions.domain.errors import InputError
from spbe_actions.domain.i18n import MESSAGES, lang, t
from spbe_actions.domain.i18n_help import HELP_EN

if TYPE_CHECKING:
    from typer._click import Context  # the click that Typer vendors, which TyperGroup.invoke is typed with

# Interactive terminals keep their width, as does an explicit COLUMNS; pipes and logs get 140 (Rich assumes 80).
# The tables fit 100 columns: titles and names wrap, IDs, dates and figures are never cut (cli/views.py).
_FIXED = os.environ.get("COLUMNS", "").isdigit()
out = Console(width=None if _FIXED or sys.stdout.isatty() else 140)
err = Console(stderr=True, width=None if _FIXED or sys.stderr.isatty() else 160)


def h(text: str) -> str:
    """An option's help in the user's language: written in Indonesian here, English from i18n_help."""
    return HELP_EN.get(text, text) if lang() == "en" else text


def localise_help(typer_app: typer.Typer) -> None:
    """With SPBE_LANG=en, every command's description (its docstring) from i18n_help, groups included."""
    if lang() != "en":
        return
    for command in typer_app.registered_commands:
        doc = inspect.getdoc(command.callback) if command.callback else None
        if command.help is None and doc:
            command.help = HELP_EN.get(doc, doc)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            localise_help(group.typer_instance)


def report_problems(exc: InputError) -> None:
    """Every problem on its own line on stderr (and how many, when more than one)."""
    for problem in exc.problems:
        err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if exc.more:
        err.print(t("more_problems", n=exc.more), markup=False, highlight=False)
    if len(exc.problems) + exc.more > 1:
        err.print(t("cli_problems", n=len(exc.problems) + exc.more), highlight=False)


def usage_error(message: str) -> NoReturn:
    """A usage mistake found by a command itself (a malformed option value): one line on stderr, exit 2."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _hint(exc: click.BadParameter) -> str:
    """The option or argument a Click error is about: "'--as'", "'ID'" (Click's own quoting)."""
    if exc.param_hint is not None:
        hints = exc.param_hint
        hint = hints if isinstance(hints, str) else " / ".join(repr(x) for x in hints)
    else:
        hint = exc.param.get_error_hint() if exc.param is not None else ""
    return _ENVVAR.sub(lambda m: t("ck_envvar", name=m["name"]), hint)


_ENVVAR = re.compile(r"\(env var: '(?P<name>[^']+)'\)")


# Click's own sentences (the English it builds from f-strings) -> our catalogue key and the parts kept.
_CLICK_SENTENCES = [
    (re.compile(r"^No such command '(?P<name>.+)'\.$"), "ck_no_command"),
    (re.compile(r"^Got unexpected extra argument(\(s\)|s)? \((?P<args>.*)\)$"), "ck_extra"),
    (re.compile(r"^Missing command\.$"), "ck_missing_command"),
    (re.compile(r"^Option '(?P<name>.+)' requires (an argument|\d+ arguments)\.$"), "ck_needs_value"),
    (re.compile(r"^Option '(?P<name>.+)' does not take a value\.$"), "ck_no_value"),
    (re.compile(r"^'(?P<value>.*)' does not match the formats? (?P<formats>.+)\.$"), "ck_date"),
    (re.compile(r"^'(?P<value>.*)' is not a valid (integer|int)( range)?\.$"), "ck_int"),
    (re.compile(r"^(?P<value>.+) is not in the range (?P<range>.+)\.$"), "ck_range"),
    (re.compile(r"^(?P<value>.+) is not one of (?P<choices>.+)\.$"), "ck_choice"),
    # Typer checks values with pydantic: its sentences (without the value)
    (re.compile(r"^Input should be a valid integer\b.*$"), "expect_int"),
    (re.compile(r"^Input should be a valid (number|decimal)\b.*$"), "expect_number"),
    (re.compile(r"^Input should be a valid (date|datetime)\b.*$"), "expect_date"),
    (re.compile(r"^Input should be greater than or equal to (?P<limit>\S+?)\.?$"), "too_small"),
    (re.compile(r"^Input should be greater than (?P<limit>\S+?)\.?$"), "must_exceed"),
    (re.compile(r"^Input should be less than or equal to (?P<limit>\S+?)\.?$"), "too_large"),
    (re.compile(r"^Input should be less than (?P<limit>\S+?)\.?$"), "must_be_below"),
]


def click_message(exc: click.ClickException) -> str:
    """A Click/Typer usage error in the user's language (Click's own text has no translation)."""
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        return t("ck_missing_option" if kind == "option" else "ck_missing_argument", name=_hint(exc))
    if isinstance(exc, click.NoSuchOption):
        more = t("ck_did_you_mean", names=", ".join(exc.possibilities)) if exc.possibilities else ""
        return t("ck_no_option", name=exc.option_name) + more
    message = exc.message.strip().removeprefix("Value error, ")
    for pattern, key in _CLICK_SENTENCES:
        match = pattern.match(message)
        if match:
            text = t(key, **match.groupdict())
            break
    else:
        text = message
    if isinstance(exc, click.BadParameter) and (exc.param is not None or exc.param_hint is not None):
        return t("ck_bad_value", name=_hint(exc), reason=text.rstrip("."))
    return text


def report_click(exc: click.ClickException) -> None:
    """One line on stderr (and where to read the command's help) instead of Click's English panel."""
    err.print(t("ck_error", message=click_message(exc)), markup=False, highlight=False, soft_wrap=True)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        err.print(t("ck_help", command=f"{ctx.command_path} {ctx.help_option_names[0]}"), highlight=False)


def _help_words() -> None:
    """Typer's own words in the help screens (panel titles, [default: …]) in the user's language; imported only
    when help is asked for (Typer's rich help is slow to import)."""
    from typer import rich_utils

    for name in (
        "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING", "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE",
        "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE", "ABORTED_TEXT", "DEPRECATED_STRING",
    ):  # fmt: skip
        idn, eng = MESSAGES[f"ty_{name.lower()}"]  # raw: they keep Typer's own "{}" placeholders
        setattr(rich_utils, name, eng if lang() == "en" else idn)


class Commands(TyperGroup):
    """The root group: the single place where user mistakes become exit code 2, in the user's language."""

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

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's own errors (a missing option, a bad value, an unknown command) said in Indonesian, exit 2."""
        given = sys.argv[1:] if args is None else list(args)
        if not given or "--help" in given:
            _help_words()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.NoArgsIsHelpError as exc:  # the help was printed already
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            report_click(exc)
            sys.exit(exc.exit_code)
        except Abort:
            err.print(t("ck_aborted"), highlight=False)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=Commands,
    add_completion=False,
    no_args_is_help=True,
    help=h("spbe-actions: tindak lanjut evaluasi pemerintahan digital (SPBE, Pemdi)."),
)


INSTANSI = typer.Option(
    None,
    "--instansi",
    envvar="SPBE_INSTANSI",
    help=h("kode instansi (wajib bila basis data berisi beberapa instansi)"),
    show_default=False,
)


def now() -> dt.datetime:
    """The clock; ``SPBE_NOW`` (ISO 8601 with offset) pins it for demos and tests."""
    pinned = os.environ.get("SPBE_NOW")
    if not pinned:
        return dt.datetime.now(dt.UTC)
    value = parse_instant(pinned)
    if value is None:
        usage_error(t("c_now_bad", what="SPBE_NOW", value=pinned))
    return value


def main() -> None:  # pragma: no cover - console entry point
    app()

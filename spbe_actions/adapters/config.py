"""The configuration files the engine reads: instruments (frameworks) and instansi plans, from the configured
folder (``SPBE_CONFIG_DIR``, default the repository's ``config/``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from spbe_actions.adapters import lean_settings
from spbe_actions.domain.framework import Framework, load_framework
from spbe_actions.domain.limits import DEFAULT, MB, Limits

if TYPE_CHECKING:
    from spbe_actions.domain.plan import Plan

FRAMEWORKS = "frameworks"


def _config_dir() -> Path:
    from spbe_actions.adapters.settings import get_settings  # here: `spbe status` never imports pydantic-settings

    return get_settings().config_dir  # read once per process


def frameworks_dir() -> Path:
    return _config_dir() / FRAMEWORKS


def transitions_dir() -> Path:
    """Where the transitions between instruments live (``<from>_to_<to>.yaml``)."""
    return _config_dir() / "transitions"


def templates_dir() -> Path:
    return _config_dir() / "templates"


def framework(framework_id: str) -> Framework:
    """A framework by id (a file of ``config/frameworks``) or by path, checked; InputError otherwise."""
    return load_framework(framework_id, frameworks_dir())


def lean_framework(framework_id: str) -> Framework:
    """``framework`` with the folder read by ``lean_settings`` (``spbe status``: no pydantic-settings import;
    it reads the environment on every call, so the web pages and the flows use ``framework``)."""
    return load_framework(framework_id, lean_settings.config_dir() / FRAMEWORKS)


def plan(path: str | Path, now: dt.datetime | None = None) -> tuple[Plan, Framework]:
    """A plan file, validated with every located problem (InputError), and its framework; given ``now``, a
    recurrence rule that can no longer fire is a problem too (``spbe validate``)."""
    from spbe_actions.domain.plan import load_plan  # here: reading the database never needs the plan models

    return load_plan(path, frameworks_dir(), input_limits(), now)


def input_limits() -> Limits:
    """The input limits with the settings' overrides: ``SPBE_MAX_INPUT_MB`` sets the size cap of plans, levels
    tables and workbooks at once, ``SPBE_MAX_PROBLEMS`` how many problems are listed, ``SPBE_MAX_ROWS`` how many
    rows a table or workbook may have."""
    from spbe_actions.adapters.settings import get_settings

    s = get_settings()
    limits = dataclasses.replace(DEFAULT, problems=max(1, s.max_problems), rows=max(1, s.max_rows or DEFAULT.rows))
    if s.max_input_mb is None:
        return limits
    size = max(1, int(s.max_input_mb * MB))
    return dataclasses.replace(limits, yaml_bytes=size, table_bytes=size, sheet_bytes=size)

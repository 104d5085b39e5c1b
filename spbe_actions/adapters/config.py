"""The configuration files the engine reads: instruments (frameworks) and instansi plans, from the configured
folder (``SPBE_CONFIG_DIR``, default the repository's ``config/``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spbe_actions.adapters.settings import get_settings
from spbe_actions.domain.framework import Framework, load_framework

if TYPE_CHECKING:
    from spbe_actions.domain.plan import Plan


def frameworks_dir() -> Path:
    return get_settings().config_dir / "frameworks"


def transitions_dir() -> Path:
    """Where the transitions between instruments live (``<from>_to_<to>.yaml``)."""
    return get_settings().config_dir / "transitions"


def templates_dir() -> Path:
    return get_settings().config_dir / "templates"


def framework(framework_id: str) -> Framework:
    """A framework by id (a file of ``config/frameworks``) or by path, checked; InputError otherwise."""
    return load_framework(framework_id, frameworks_dir())


def plan(path: str | Path) -> tuple[Plan, Framework]:
    """A plan file, validated with every located problem (InputError), and its framework."""
    from spbe_actions.domain.plan import load_plan  # here: reading the database never needs the plan models

    return load_plan(path, frameworks_dir())

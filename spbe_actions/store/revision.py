"""Where the migrations live and which is the newest, without importing SQLAlchemy or Alembic (``spbe status``
checks the schema's revision on its lean path)."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def head_revision() -> str:
    """The newest migration's revision id (files are named ``NNNN_description.py`` with revision ``NNNN``)."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))

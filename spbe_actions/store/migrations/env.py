"""Alembic environment: runs against the connection handed over by ``spbe_actions.store.engine.migrate``."""

import os

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from spbe_actions.store import models  # noqa: F401  (registers the tables)
from spbe_actions.store.engine import normalise_url

target_metadata = SQLModel.metadata


def run() -> None:
    conn = context.config.attributes.get("connection")
    if conn is None:  # `alembic` command line: use the configured database
        engine = create_engine(normalise_url(os.environ.get("SPBE_DATABASE_URL", "sqlite:///spbe.db")))
        with engine.begin() as conn:
            _run(conn)
    else:
        _run(conn)


def _run(conn) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=conn, target_metadata=target_metadata, render_as_batch=conn.dialect.name == "sqlite"
    )
    with context.begin_transaction():
        context.run_migrations()


run()

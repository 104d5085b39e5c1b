"""Engine, sessions and migrations. SQLite (WAL, foreign keys on) by default; PostgreSQL in production.

Two session factories: ``read(engine)`` for work that only reads (a deferred ``BEGIN`` on SQLite: under WAL a
reader never waits for a writer, and a writer never waits for readers) and ``write(engine)`` for work that writes
(``BEGIN IMMEDIATE`` on SQLite: the write lock from the first statement, so a read-check-write cannot be
overtaken). A read session that tries to write raises ``ReadOnly`` (on both backends) instead of upgrading its
lock half-way (which SQLite may refuse with "database is locked" once another writer committed).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

if TYPE_CHECKING:
    from sqlmodel import Session

from spbe_actions.store.revision import MIGRATIONS, head_revision  # noqa: F401  (re-exported)


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the driver we ship)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class MissingDatabase(LookupError):
    """An SQLite file that is not there (and may not be created here): its path."""


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for another database or an in-memory one)."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str, create: bool = False) -> Engine:
    """An engine for ``url``. An SQLite file must exist unless ``create`` (only ``spbe init`` creates one: a
    missing file is a volume not mounted or a moved file, never a reason to start an empty history);
    MissingDatabase names it. With ``create`` its folder is made when needed (OSError when it cannot be)."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None and not path.exists():
            if not create:
                raise MissingDatabase(str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
        # pysqlite would only BEGIN at the first write, leaving a read-check-write outside the transaction;
        # we BEGIN ourselves: IMMEDIATE (the write lock from the first statement) unless the session only reads.
        # the pool keeps as many connections as the web's thread pool runs at once (anyio's 40): SQLAlchemy's
        # default keeps 5, opens and closes the next 10 per use (each new one paying the PRAGMAs and the schema's
        # parse) and makes the 16th wait; the CPU it saves per page view is within the noise (bench/README)
        pool = {"pool_size": SQLITE_POOL, "max_overflow": 10} if path is not None else {}  # :memory: has its own
        engine = create_engine(url, connect_args={"timeout": 30, "isolation_level": None}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "before_cursor_execute", _refuse_writes_when_reading)
    return engine


SQLITE_POOL = 40  # connections an SQLite engine keeps open (cheap: a file handle and a page cache each)
READ_ONLY = "spbe_read_only"  # the execution option that marks a read session's connections
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


class ReadOnly(RuntimeError):
    """A write inside a read session (a use case that should have opened ``write(engine)``)."""


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def _refuse_writes_when_reading(
    conn: Connection, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
) -> None:
    if conn.get_execution_options().get(READ_ONLY) and statement.lstrip()[:7].upper().startswith(_WRITES):
        raise ReadOnly(f"a read session may not write: {statement[:60]}")


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest Alembic revision."""
    from alembic import command  # imported here: read-only commands (status, index) never pay for it
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest revision (a cheap read; Alembic is not imported)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with reader(engine).connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    except DBAPIError:
        return False


def reader(engine: Engine) -> Engine:
    """``engine`` for reading only: its transactions BEGIN deferred on SQLite and refuse writes (one per engine,
    sharing its pool)."""
    found: Engine | None = engine.__dict__.get("_spbe_reader")
    if found is None:
        found = engine.execution_options(**{READ_ONLY: True})
        engine.__dict__["_spbe_reader"] = found  # a cycle the collector frees with the engine
    return found


def read(engine: Engine) -> Session:
    """A session for work that only reads: never takes SQLite's write lock, so it never waits for a writer."""
    from sqlmodel import Session  # here: a lean reader (``spbe status``) never imports the ORM

    return Session(reader(engine), expire_on_commit=False)


def write(engine: Engine) -> Session:
    """A session for work that writes: each transaction holds SQLite's write lock from its first statement."""
    from sqlmodel import Session

    return Session(engine, expire_on_commit=False)


def session(engine: Engine) -> Session:
    """``write(engine)``: the safe default for code that has not said whether it writes."""
    return write(engine)

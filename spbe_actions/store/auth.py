"""Web logins: accounts, sessions (by the hash of their cookie) and throttling state, shared by every process."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session, col

from spbe_actions.store import models as m
from spbe_actions.store._base import _insert, upsert
from spbe_actions.store.models import table


def account(session: Session, username: str) -> m.Account | None:
    """The active account of that name (names are compared case-insensitively: they are stored lowercase)."""
    stmt = select(m.Account).where(col(m.Account.username) == username.lower(), col(m.Account.active).is_(True))
    return session.execute(stmt).scalars().first()


def accounts(session: Session) -> list[m.Account]:
    return list(session.execute(select(m.Account).order_by(col(m.Account.username))).scalars())


def save_account(session: Session, row: dict[str, Any]) -> None:
    """Insert or replace the account ``row["username"]`` (one statement)."""
    upsert(session, m.Account, [{**row, "username": row["username"].lower()}], ["username"])


def deactivate_account(session: Session, username: str, now: dt.datetime) -> bool:
    done = session.exec(
        update(m.Account)
        .where(col(m.Account.username) == username.lower(), col(m.Account.active).is_(True))
        .values(active=False, updated_at=now)
    )
    return bool(done.rowcount)


def add_session(
    session: Session, token_hash: str, username: str, fingerprint: str, now: dt.datetime, expires: dt.datetime
) -> None:
    session.add(
        m.WebSession(
            token_hash=token_hash, username=username, fingerprint=fingerprint, created_at=now, expires_at=expires
        )
    )


def live_session(session: Session, token_hash: str, now: dt.datetime) -> m.WebSession | None:
    """The session of a cookie when it is neither revoked nor expired."""
    s = m.WebSession
    stmt = select(s).where(col(s.token_hash) == token_hash, col(s.revoked_at).is_(None), col(s.expires_at) > now)
    return session.execute(stmt).scalars().first()


def revoke_session(session: Session, token_hash: str, now: dt.datetime) -> None:
    session.execute(
        update(m.WebSession)
        .where(col(m.WebSession.token_hash) == token_hash, col(m.WebSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )


def throttles(
    session: Session, keys: list[tuple[str, str]], now: dt.datetime
) -> dict[tuple[str, str], m.LoginThrottle]:
    """The throttling state of (scope, key) pairs, created when missing and locked FOR UPDATE on PostgreSQL (SQLite
    serialises writers), so two processes counting the same key never lose a failure."""
    rows = [dict(scope=s, key=k, failures=0, window_start=now, lockouts=0, updated_at=now) for s, k in keys]
    if rows:
        session.execute(_insert(session)(table(m.LoginThrottle)).values(rows).on_conflict_do_nothing())
    out: dict[tuple[str, str], m.LoginThrottle] = {}
    for scope, key in keys:
        stmt = (
            select(m.LoginThrottle)
            .where(col(m.LoginThrottle.scope) == scope, col(m.LoginThrottle.key) == key)
            .with_for_update()
        )
        row = session.execute(stmt).scalars().first()
        if row is not None:
            out[(scope, key)] = row
    return out


def save_throttle(session: Session, scope: str, key: str, state: dict[str, Any], now: dt.datetime) -> None:
    upsert(session, m.LoginThrottle, [dict(scope=scope, key=key, updated_at=now, **state)], ["scope", "key"])

"""Who may log in to the web pages, and the login itself: coordinators of one instansi, and an optional
installation-wide overseer who sees every instansi's figures read-only.

Accounts live in the database (``spbe account set``; only a PBKDF2 hash of the password, never in a plan) or in
the settings (``SPBE_COORDINATOR_USER``/``_PASSWORD_HASH`` for the coordinator of a one-instansi database, or of
``SPBE_INSTANSI``; ``SPBE_OVERSEER_USER``/``_PASSWORD_HASH`` for an overseer). A login is refused without checking
the password while its account name or client address is locked out (``domain.throttle``, state in the database:
it holds across processes and restarts); one PBKDF2 runs at a time in a process, off the event loop (callers run
``login`` in a thread), so guessing clients cannot take both cores from the focal points' pages. Sessions are rows
keyed by the SHA-256 of their cookie: a logout, or a password change, ends them in every process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Engine
from sqlmodel import Session

from spbe_actions import store
from spbe_actions.adapters.settings import Settings
from spbe_actions.app.common import every_instansi, require_instansi, stored_id
from spbe_actions.domain import throttle
from spbe_actions.domain.errors import InputError, Problem
from spbe_actions.domain.i18n import t
from spbe_actions.domain.lifecycle import Role
from spbe_actions.domain.passwords import ITERATIONS, check_password, hash_password, parse_hash
from spbe_actions.store import engine as db
from spbe_actions.store import models as m

SESSION_HOURS = 8
COORDINATOR, OVERSEER = "coordinator", "overseer"
_HASHING = threading.BoundedSemaphore(1)  # one PBKDF2 at a time in this process


@dataclass(frozen=True)
class Principal:
    """A logged-in (or logging-in) web user: a coordinator of ``instansi`` deciding as ``person_key``, or an
    overseer (``instansi`` None) who reads every instansi's figures."""

    username: str
    role: str
    instansi: str | None
    person_key: str | None
    password_hash: str

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()


def _settings_principal(session: Session, settings: Settings, username: str) -> Principal | None:
    if settings.coordinator_password_hash and hmac.compare_digest(
        username.encode("utf-8", "replace"), settings.coordinator_user.encode()
    ):
        found = store.all_instansi(session)
        code = settings.instansi or (found[0].code if len(found) == 1 else None)
        inst = next((i for i in found if i.code == code), None)
        if inst is None:
            return None  # several instansi and no SPBE_INSTANSI: this login cannot say whose coordinator it is
        return Principal(
            username,
            COORDINATOR,
            inst.code,
            _decider(session, inst.id, username),
            settings.coordinator_password_hash,
        )
    if (
        settings.overseer_user
        and settings.overseer_password_hash
        and hmac.compare_digest(username.encode("utf-8", "replace"), settings.overseer_user.encode())
    ):
        return Principal(username, OVERSEER, None, None, settings.overseer_password_hash)
    return None


def _decider(session: Session, instansi_id: int | None, wanted: str | None) -> str | None:
    """The coordinator who decides: ``wanted`` when it is a coordinator of the instansi, else the first one."""
    if instansi_id is None:
        return None
    keys = [p.key for p in store.people_roles(session, instansi_id) if p.role == Role.COORDINATOR]
    return wanted if wanted in keys else next(iter(keys), None)


def principal_in(session: Session, settings: Settings, username: str) -> Principal | None:
    """The account of ``username``: a database account first, then the settings' logins."""
    acc = store.account(session, username)
    if acc is None:
        return _settings_principal(session, settings, username)
    code = None
    if acc.instansi_id is not None:
        inst = next((i for i in store.all_instansi(session) if i.id == acc.instansi_id), None)
        code = inst.code if inst else None
    return Principal(
        acc.username, acc.role, code, _decider(session, acc.instansi_id, acc.person_key), acc.password_hash
    )


@cache
def _dummy(iterations: int) -> str:
    """A real hash to spend the same time on when the user is unknown."""
    return hash_password(secrets.token_urlsafe(24), iterations)


def _password_ok(password: str, who: Principal | None) -> bool:
    """One PBKDF2 of the same cost whether or not the account exists (constant work), one at a time."""
    parsed = parse_hash(who.password_hash) if who else None
    stored = who.password_hash if who and parsed else _dummy(parsed[0] if parsed else ITERATIONS)
    with _HASHING:
        ok = check_password(password, stored)
    return ok and who is not None and parsed is not None


@dataclass(frozen=True)
class LoginResult:
    principal: Principal | None  # None: refused
    token: str | None = None  # the session cookie's value, on success
    locked_until: dt.datetime | None = None  # set when refused without checking the password
    checked: bool = False  # whether the password was checked at all


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def login(
    engine: Engine, settings: Settings, username: str, password: str, address: str, now: dt.datetime
) -> LoginResult:
    """Check a login (throttled); on success a new session. Blocking: run it in a thread from async code."""
    keys = [("user", username.lower()[:200]), ("address", address[:200])]
    with db.write(engine) as session, session.begin():
        states = {k: _state(row) for k, row in store.throttles(session, keys, now).items()}
        locked = [u for s in states.values() if (u := throttle.refused_until(s, now))]
        if locked:
            return LoginResult(None, locked_until=max(locked))
        who = principal_in(session, settings, username)
    ok = _password_ok(password, who)  # outside the transaction: no lock is held while hashing
    with db.write(engine) as session, session.begin():
        states = {k: _state(row) for k, row in store.throttles(session, keys, now).items()}
        for (scope, key), state in states.items():
            store.save_throttle(session, scope, key, _row(_next(state, scope, ok, now)), now)
        if not ok or who is None:
            return LoginResult(None, checked=True)
        token = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(hours=SESSION_HOURS)
        store.add_session(session, _digest(token), who.username, who.fingerprint, now, expires)
    return LoginResult(who, token, checked=True)


def _state(row: m.LoginThrottle) -> throttle.Throttle:
    start = _aware(row.window_start) or dt.datetime.min.replace(tzinfo=dt.UTC)
    return throttle.Throttle(row.failures, start, _aware(row.locked_until), row.lockouts)


def _next(state: throttle.Throttle, scope: str, ok: bool, now: dt.datetime) -> throttle.Throttle:
    """A failure counts against both the account and the address; a success clears the account only."""
    if not ok:
        return throttle.after_failure(state, scope, now)
    return throttle.after_success(state, now) if scope == "user" else state


def _row(state: throttle.Throttle) -> dict[str, object]:
    return dict(
        failures=state.failures,
        window_start=state.window_start,
        locked_until=state.locked_until,
        lockouts=state.lockouts,
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_principal(engine: Engine, settings: Settings, token: str, now: dt.datetime) -> Principal | None:
    """The principal of a session cookie: live (not revoked, not expired) and its password unchanged since."""
    if not token or len(token) > 200:
        return None
    with db.read(engine) as session:
        live = store.live_session(session, _digest(token), now)
        who = principal_in(session, settings, live.username) if live else None
    if live is None or who is None or not hmac.compare_digest(live.fingerprint, who.fingerprint):
        return None
    return who


def logout(engine: Engine, token: str, now: dt.datetime) -> None:
    with db.write(engine) as session, session.begin():
        store.revoke_session(session, _digest(token), now)


# --- managing accounts (``spbe account``) -------------------------------------------------------------------


@dataclass(frozen=True)
class AccountLine:
    username: str
    role: str
    instansi: str | None
    person_key: str | None


def set_account(
    engine: Engine,
    username: str,
    password: str,
    now: dt.datetime,
    instansi: str | None = None,
    person: str | None = None,
    overseer: bool = False,
    iterations: int = ITERATIONS,
) -> AccountLine:
    """Create or replace a login: a coordinator of ``instansi`` (deciding as ``person``, one of its plan's
    coordinators; default the first) or an overseer. InputError for a bad name, password or person."""
    problems = _account_problems(username, password)
    with db.write(engine) as session, session.begin():
        inst = None if overseer else require_instansi(session, instansi)
        key = None
        if inst is not None:
            key = _decider(session, stored_id(inst), person)
            if key is None or (person and key != person):
                coordinators = [
                    p.key for p in store.people_roles(session, stored_id(inst)) if p.role == Role.COORDINATOR
                ]
                problems.append(
                    Problem(
                        "--person",
                        t("acc_not_coordinator", who=person, code=inst.code, known=", ".join(coordinators) or "-"),
                    )
                )
        if problems:
            raise InputError(problems)
        row = dict(
            username=username,
            password_hash=hash_password(password, iterations),
            role=OVERSEER if overseer else COORDINATOR,
            instansi_id=stored_id(inst) if inst else None,
            person_key=key,
            active=True,
            created_at=now,
            updated_at=now,
        )
        store.save_account(session, row)
    return AccountLine(username.lower(), OVERSEER if overseer else COORDINATOR, inst.code if inst else None, key)


def _account_problems(username: str, password: str) -> list[Problem]:
    out = []
    if not (3 <= len(username) <= 80) or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        out.append(Problem("USERNAME", t("acc_username")))
    if len(password) < 10:
        out.append(Problem(t("acc_password_field"), t("acc_password")))
    return out


def list_accounts(engine: Engine) -> list[AccountLine]:
    with db.read(engine) as session:
        codes = {stored_id(i): i.code for i in every_instansi(session)}
        return [
            AccountLine(a.username, a.role, codes.get(a.instansi_id) if a.instansi_id else None, a.person_key)
            for a in store.accounts(session)
            if a.active
        ]


def remove_account(engine: Engine, username: str, now: dt.datetime) -> None:
    with db.write(engine) as session, session.begin():
        if not store.deactivate_account(session, username, now):
            raise InputError([Problem("USERNAME", t("acc_unknown", name=username))])

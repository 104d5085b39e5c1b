"""The coordinator's login and session: one PBKDF2 check per attempt (same work for a known or unknown user),
and a signed session cookie.

Session cookie = base64url(json {user, expiry, nonce}) "." HMAC(link secret, "sesi:" payload + password-hash
fingerprint): HttpOnly, SameSite=Strict, limited to ``/koordinator``; changing the password or the user ends
every session, and logging out revokes the nonce (in this process).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from functools import cache

from starlette.requests import Request

from spbe_actions.adapters.settings import Settings
from spbe_actions.domain.links import b64, unb64
from spbe_actions.domain.passwords import ITERATIONS, check_password, hash_password, parse_hash
from spbe_actions.web.base import Ctx, same

SESSION, PRE = "spbe_sesi", "spbe_masuk"
SESSION_HOURS = 8


@cache
def _dummy(iterations: int) -> str:
    """A real hash to spend the same time on when the user is unknown or no hash is configured."""
    return hash_password(secrets.token_urlsafe(24), iterations)


def login_ok(settings: Settings, user: str, password: str) -> bool:
    """Username and password both right; the same work (one PBKDF2 of the same cost) for a known or unknown user."""
    user_ok = hmac.compare_digest(user.encode("utf-8", "replace"), settings.coordinator_user.encode())
    configured = settings.coordinator_password_hash
    parsed = parse_hash(configured or "")
    dummy = _dummy(parsed[0] if parsed else ITERATIONS)
    password_ok = check_password(password, configured if user_ok and parsed else dummy)
    return user_ok and parsed is not None and password_ok


def _fingerprint(ctx: Ctx) -> str:
    return hashlib.sha256((ctx.settings.coordinator_password_hash or "").encode()).hexdigest()[:32]


def new_session(ctx: Ctx, now: dt.datetime) -> str:
    expires = int((now + dt.timedelta(hours=SESSION_HOURS)).timestamp())
    body = {"u": ctx.settings.coordinator_user, "e": expires, "n": secrets.token_urlsafe(16)}
    payload = b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{ctx.mac('sesi', payload + '.' + _fingerprint(ctx))}"


def session_of(ctx: Ctx, request: Request, now: dt.datetime) -> tuple[str, dt.datetime] | None:
    """(nonce, expiry) of a valid session cookie: signed by us, for today's user and password, not expired."""
    value = request.cookies.get(SESSION, "")
    payload, _, mac = value.partition(".")
    if not payload or len(value) > 600 or not same(mac, ctx.mac("sesi", payload + "." + _fingerprint(ctx))):
        return None
    try:
        body = json.loads(unb64(payload))
        user, expires, nonce = str(body["u"]), dt.datetime.fromtimestamp(int(body["e"]), dt.UTC), str(body["n"])
    except (ValueError, KeyError, TypeError, OverflowError):
        return None
    if not same(user, ctx.settings.coordinator_user) or now >= expires or nonce in ctx.revoked:
        return None
    return nonce, expires

"""Signed links (pure): a token binds one purpose, one occurrence (or none) and one person, until an expiry.

    token = base64url(json payload) "." base64url(HMAC-SHA256(secret, payload))

Verification is constant-time and says nothing about *why* a token is refused: a forged, altered, expired or
misused token is simply invalid (the web page answers 403 and reveals nothing).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass

from spbe_actions.domain.ids import in_range

PURPOSES = ("act", "list")  # act on one occurrence | see one person's open items
_MAX_EXPIRY = 253402300799  # 9999-12-31T23:59:59Z, the last second a datetime holds


class InvalidLink(ValueError):
    """The token is not valid for this use (deliberately without detail)."""


@dataclass(frozen=True)
class Claims:
    purpose: str
    person_id: int
    occurrence_id: int | None
    expires: dt.datetime


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    return b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def sign(secret: str, claims: Claims) -> str:
    """A token carrying ``claims``; anyone without ``secret`` can read it but not make or change one."""
    if claims.purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {claims.purpose}")
    body = {
        "u": claims.purpose,
        "p": claims.person_id,
        "o": claims.occurrence_id,
        "e": int(claims.expires.timestamp()),
    }
    payload = b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{_mac(secret, payload)}"


def verify(secret: str, token: str, purpose: str, now: dt.datetime, occurrence_id: int | None = None) -> Claims:
    """The claims of a valid token for ``purpose`` (and ``occurrence_id`` when given); InvalidLink otherwise."""
    try:
        payload, mac = token.split(".", 1)
        if not hmac.compare_digest(mac, _mac(secret, payload)):
            raise InvalidLink()
        claims = _claims(json.loads(unb64(payload)))
    except (ValueError, KeyError, TypeError, OverflowError, json.JSONDecodeError) as exc:
        raise InvalidLink() from exc
    if claims.purpose != purpose or now >= claims.expires:
        raise InvalidLink()
    if occurrence_id is not None and claims.occurrence_id != occurrence_id:
        raise InvalidLink()
    return claims


def _claims(body: object) -> Claims:
    """The claims of a payload whose every field has its exact type and range (ids as ``domain.ids`` allows,
    an expiry within the calendar); InvalidLink for anything else, even under a valid MAC."""
    if not isinstance(body, dict):
        raise InvalidLink()
    purpose, person, occurrence, expires = body["u"], body["p"], body["o"], body["e"]
    if purpose not in PURPOSES or not in_range(person) or not (occurrence is None or in_range(occurrence)):
        raise InvalidLink()
    if not (isinstance(expires, int) and not isinstance(expires, bool) and 0 < expires <= _MAX_EXPIRY):
        raise InvalidLink()
    return Claims(purpose, person, occurrence, dt.datetime.fromtimestamp(expires, dt.UTC))


def make_link(
    base_url: str,
    secret: str,
    purpose: str,
    person_id: int,
    occurrence_id: int | None,
    now: dt.datetime,
    days: int,
) -> str:
    """The URL a reminder carries: ``/t/<token>`` to act on one item, ``/saya/<token>`` for the person's list."""
    token = sign(secret, Claims(purpose, person_id, occurrence_id, now + dt.timedelta(days=days)))
    return f"{base_url.rstrip('/')}/{'t' if purpose == 'act' else 'saya'}/{token}"

"""Coordinator passwords (pure): PBKDF2-HMAC-SHA256 hashes in the form ``pbkdf2_sha256$<iterations>$<salt>$<hash>``.

The password itself is never stored; ``spbe hash-password`` prints a hash for ``SPBE_COORDINATOR_PASSWORD_HASH``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP 2023 for PBKDF2-HMAC-SHA256
MIN_ITERATIONS, MAX_ITERATIONS = 200_000, 5_000_000


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`` for SPBE_COORDINATOR_PASSWORD_HASH."""
    if iterations < MIN_ITERATIONS:
        raise ValueError(f"at least {MIN_ITERATIONS} iterations")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def parse_hash(stored: str) -> tuple[int, bytes, bytes] | None:
    try:
        algorithm, iterations, salt, digest = stored.strip().split("$")
        parsed = int(iterations), base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except (ValueError, binascii.Error):
        return None
    ok = algorithm == ALGORITHM and MIN_ITERATIONS <= parsed[0] <= MAX_ITERATIONS and parsed[1] and parsed[2]
    return parsed if ok else None


def check_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches ``stored`` (constant-time); False for a wrong or malformed hash."""
    parsed = parse_hash(stored or "")
    if parsed is None:
        return False
    iterations, salt, digest = parsed
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "replace"), salt, iterations)
    return hmac.compare_digest(candidate, digest)

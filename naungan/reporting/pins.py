"""Tracking PINs: a keyed hash, not a password hasher.

A 6-digit PIN has a million values: key stretching (PBKDF2) cannot make that search space safe
once the hashes leak, and it costs ~0.4 s of CPU per submission and per status check, which caps
the portal at a few reports per second and lets anyone load the server from the status page.
What protects a PIN is that the hash needs a secret key that is not in the database
(NAUNGAN_PIN_KEYS, from the environment) and that online guesses are throttled (per tracking code
and per client, see `services.report_check`).

Stored form: ``hmac1$<key id>$<hex>`` where the key id is a short fingerprint of the key, so a
check finds the right key of the list without trying them all. The hash is bound to the tracking
code, so one PIN gives different hashes in different reports. Hashes made by the earlier
password hasher (``pbkdf2_sha256$...``) still verify, and are replaced on the first successful
check (`needs_rehash`)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.hashers import check_password

PREFIX = "hmac1"


def _key_id(key: str) -> str:
    return hashlib.sha256(b"naungan-pin-key-id:" + key.encode()).hexdigest()[:8]


def _digest(key: str, tracking_code: str, pin: str) -> str:
    return hmac.new(key.encode(), f"pin:{tracking_code}:{pin}".encode(), hashlib.sha256).hexdigest()


def hash_pin(tracking_code: str, pin: str) -> str:
    key = settings.PIN_KEYS[0]
    return f"{PREFIX}${_key_id(key)}${_digest(key, tracking_code, pin)}"


def check_pin(tracking_code: str, pin: str, stored: str) -> bool:
    """Constant-time comparison under the key the hash names. Unknown key ids and unusable
    hashes (e.g. an expired code's) never match."""
    pin = (pin or "").strip()
    if stored.startswith(PREFIX + "$"):
        _, kid, digest = (stored.split("$", 2) + ["", ""])[:3]
        for key in settings.PIN_KEYS:
            if hmac.compare_digest(_key_id(key), kid):
                return hmac.compare_digest(_digest(key, tracking_code, pin).encode(), digest.encode())
        return False
    if stored.startswith("!") or "$" not in stored:
        return False
    return check_password(pin, stored)  # a hash from before the keyed hash


def needs_rehash(stored: str) -> bool:
    """True for a password-hasher hash or one under a key that is no longer the first."""
    return not stored.startswith(f"{PREFIX}${_key_id(settings.PIN_KEYS[0])}$")


def dummy_check(pin: str) -> None:
    """The work of a real check, for an unknown tracking code (no timing hint that it exists)."""
    hmac.compare_digest(_digest(settings.PIN_KEYS[0], "-", pin or "").encode(), b"0" * 64)


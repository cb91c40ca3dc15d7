"""Sealed identities: encryption at rest and blind indexes for search.

Each identifying value (name, NIK, phone, street address) is encrypted with Fernet (AES-128-CBC +
HMAC-SHA256) under a key list from the environment: the first key encrypts, every key decrypts,
so keys can rotate. Search never touches plaintext: it compares keyed HMACs of normalized values
(the "blind index" design of CipherSweet)."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

SEALED_PREFIX = "f1:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _cipher() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def seal(value: str | None) -> str | None:
    if value is None or value == "":
        return value
    return SEALED_PREFIX + _cipher().encrypt(value.encode("utf-8")).decode("ascii")


def unseal(token: str | None) -> str | None:
    if token is None or token == "":
        return token
    if not token.startswith(SEALED_PREFIX):
        raise ValueError("value is not sealed")
    try:
        return _cipher().decrypt(token[len(SEALED_PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # wrong key list: fail loudly, never return ciphertext as text
        raise ValueError("sealed value cannot be opened with the configured keys") from exc


def blind_index(kind: str, normalized: str | None) -> str:
    """Keyed HMAC of a normalized value; `kind` keeps a NIK and a phone with the same digits apart."""
    if not normalized:
        return ""
    key = settings.BLIND_INDEX_KEY.encode("utf-8")
    return hmac.new(key, f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()[:32]


class PreSealed(str):
    """A value already sealed with `seal()`: stored as is. Only bulk generators use it, to encrypt
    a pool of synthetic values once instead of once per row."""


class SealedTextField(models.TextField):
    """A text column whose database value is always ciphertext. Not filterable by content:
    store a blind index beside it for search."""

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        return unseal(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(SEALED_PREFIX):
            return unseal(value)
        return value

    def get_prep_value(self, value):
        if isinstance(value, PreSealed):
            return str(value)
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return seal(str(value))

"""Sealed identities: encryption at rest and blind indexes for search.

Each identifying value (name, NIK, phone, street address) is encrypted with Fernet (AES-128-CBC +
HMAC-SHA256) under a key list from the environment: the first key encrypts, every key decrypts,
so keys can rotate. Search never touches plaintext: it compares keyed HMACs of normalized values
(the "blind index" design of CipherSweet)."""

from __future__ import annotations

import hashlib
import hmac
import json
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


def blind_index(kind: str, normalized: str | None, *, key: str | None = None) -> str:
    """Keyed HMAC of a normalized value; `kind` keeps a NIK and a phone with the same digits apart.
    Writes always use the current key (NAUNGAN_BLIND_INDEX_KEY)."""
    if not normalized:
        return ""
    secret = (key or settings.BLIND_INDEX_KEY).encode("utf-8")
    return hmac.new(secret, f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()[:32]


def blind_indexes(kind: str, normalized: str | None) -> list[str]:
    """What a search compares with: the token under the current key and, while
    `rotate_blind_index_key` runs, under the previous key(s) too (NAUNGAN_BLIND_INDEX_OLD_KEYS)."""
    if not normalized:
        return []
    keys = [settings.BLIND_INDEX_KEY, *settings.BLIND_INDEX_OLD_KEYS]
    return list(dict.fromkeys(blind_index(kind, normalized, key=k) for k in keys))


# Models that store blind indexes, with the function that recomputes them for a batch of rows
# from the sealed values (used by `manage.py rotate_blind_index_key`). An app registers its models
# in its `privacy.py`; a model with a `*_bidx` column that is not registered stops the rotation.
_REINDEXERS: dict = {}


def register_blind_index(model, reindex) -> None:
    """`reindex(rows: list[model]) -> None` recomputes every blind index of those rows (and of
    rows that hang off them, such as name tokens) under the current key."""
    _REINDEXERS[model] = reindex


def register_field_blind_index(model, *, field: str, index: str, kind: str, normalize) -> None:
    """For a model whose one blind index `index` is of one sealed `field`: `blind_index(kind,
    normalize(value))`, "" where the normalized value is empty."""

    def reindex(rows: list) -> None:
        for row in rows:
            value = normalize(getattr(row, field))
            setattr(row, index, blind_index(kind, value) if value else "")
        model.objects.bulk_update(rows, [index])

    register_blind_index(model, reindex)


def blind_index_reindexers() -> dict:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("privacy")
    return dict(_REINDEXERS)


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


def sealed_json(text: str) -> dict:
    """The dict a sealed JSON text holds (an offline draft, an unfinished dialogue): {} when it is
    empty or unreadable."""
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return {}

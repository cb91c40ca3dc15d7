"""The blind-index recipe of a person's name, in one place: what registering, editing, search, the
early-warning rules, key rotation and the case generator all compute.

Each name token is indexed as itself ("name") and by its spelling variant ("variant"); with a birth
date, the sorted variants of all tokens and the date are indexed together ("name_birth")."""

from __future__ import annotations

from naungan.core.crypto import blind_index
from naungan.core.names import name_tokens, variant_key


def name_birth_key(tokens: list[str], birth_date) -> str:
    """The text indexed as "name_birth": the sorted spelling variants of the tokens and the date (YYYY-MM-DD)."""
    return " ".join(sorted(variant_key(t) for t in tokens)) + "|" + str(birth_date)


def name_index_tokens(name: str | None, birth_date=None) -> list[tuple[str, str]]:
    """(kind, token) pairs of a name under the current blind-index key."""
    tokens = name_tokens(name)
    pairs = []
    for t in dict.fromkeys(tokens):
        pairs.append(("name", blind_index("name", t)))
        pairs.append(("variant", blind_index("name_variant", variant_key(t))))
    if tokens and birth_date:
        pairs.append(("name_birth", blind_index("name_birth", name_birth_key(tokens, birth_date))))
    return pairs

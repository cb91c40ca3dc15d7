"""Reading value sets. Small and read constantly, so cached per process after the first read."""

from __future__ import annotations

from django.utils.translation import get_language

from .models import Code

_cache: dict[str, list] = {}


def clear_cache() -> None:
    _cache.clear()


def values(kind: str, *, include_inactive: bool = False) -> list:
    key = f"{kind}:{include_inactive}"
    if key not in _cache:
        qs = Code.objects.filter(kind=kind)
        if not include_inactive:
            qs = qs.filter(active=True)
        _cache[key] = list(qs.order_by("sort_order", "code"))
    return _cache[key]


def codes(kind: str) -> set[str]:
    return {c.code for c in values(kind)}


def label(kind: str, code: str | None) -> str:
    if not code:
        return ""
    for c in values(kind, include_inactive=True):
        if c.code == code:
            return c.label_en if (get_language() or "id").startswith("en") and c.label_en else c.label
    return code


def choices(kind: str, *, blank: bool = False) -> list[tuple[str, str]]:
    en = (get_language() or "id").startswith("en")
    out = [(c.code, (c.label_en or c.label) if en else c.label) for c in values(kind)]
    return ([("", "—")] + out) if blank else out


def get(kind: str, code: str):
    for c in values(kind, include_inactive=True):
        if c.code == code:
            return c
    return None

"""The cache in front of the public figures. An anonymous request reads one cache entry; the
figures are recomputed from the aggregates when they changed (the writer drops the city's entry
when its transaction commits) or when the entry is older than PUBLIC_FIGURES_TTL seconds
(default 300), whichever comes first."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "stats:public:v:{city}"
_FIGURES_KEY = "stats:public:{city}:{year}:{lang}:{v}"


def ttl() -> int:
    return int(getattr(settings, "PUBLIC_FIGURES_TTL", 300))


def _version(city: str) -> int:
    v = cache.get(_VERSION_KEY.format(city=city))
    if v is None:
        v = 1
        cache.set(_VERSION_KEY.format(city=city), v, None)
    return v


def _bump(cities) -> None:
    for city in cities:
        try:
            cache.incr(_VERSION_KEY.format(city=city))
        except ValueError:
            cache.set(_VERSION_KEY.format(city=city), 2, None)


def figures_changed(cities: set[str] | None) -> None:
    """Drop the cached public figures of these cities (None: every city) once the writing
    transaction commits."""
    if cities is None:
        transaction.on_commit(cache.clear)
        return
    cities = set(cities)
    transaction.on_commit(lambda: _bump(cities))


def cached_figures(city: str, year: int, lang: str, compute):
    key = _FIGURES_KEY.format(city=city, year=year, lang=lang, v=_version(city))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl())
    return value

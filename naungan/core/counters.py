"""One atomic counter store for every limit (the portal's per-client and global caps, the form
and the JSON API alike).

With Redis (NAUNGAN_CACHE_URL=redis://…, the production profile) a counter is an INCR on a key
that expires with its window: atomic by construction. With the database cache (the demo, or a
production without Redis) django-ratelimit's cache counters are read-modify-write and lose
increments under concurrency, so counters go to their own table instead and are incremented by
one `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, atomic on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import time

from django.conf import settings
from django.db import connection, transaction

from .models import RateCounter


def _uses_redis() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def hit(key: str, period: int, *, now: float | None = None) -> int:
    """Counts one event under `key` in the current window of `period` seconds; returns the count
    in this window, this event included."""
    now = time.time() if now is None else now
    window = int(now // period) * period
    if _uses_redis():
        from django.core.cache import cache

        full = f"rl:{key}:{window}"
        cache.add(full, 0, timeout=period + 5)
        return int(cache.incr(full))
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {table} (bucket, window_start, count) VALUES (%s, %s, 1) "  # noqa: S608 - table name from the model
                f"ON CONFLICT (bucket, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING count",
                [key[:120], window],
            )
            count = cur.fetchone()[0]
    if random.random() < 0.01:  # noqa: S311 - housekeeping, not security
        RateCounter.objects.filter(window_start__lt=window - 86400).delete()
    return int(count)


def peek(key: str, period: int, *, now: float | None = None) -> int:
    now = time.time() if now is None else now
    window = int(now // period) * period
    if _uses_redis():
        from django.core.cache import cache

        return int(cache.get(f"rl:{key}:{window}") or 0)
    row = RateCounter.objects.filter(bucket=key[:120], window_start=window).values_list("count", flat=True).first()
    return int(row or 0)


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/10m' → (10, 600); the same notation as django-ratelimit and the settings."""
    count, _, period = rate.partition("/")
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    num = period[:-1] or "1"
    return int(count), int(num) * units[period[-1]]

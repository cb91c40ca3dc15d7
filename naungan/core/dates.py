"""Day bounds for date filters that compare with datetime columns.

A filter "from 0001-01-01" is the first instant of that day in the local time zone (UTC+7),
which lies before the first datetime Python and the database can hold: converting it to UTC for
the query raised OverflowError (found by fuzzing the API: /api/v1/cases/?date_from=0001-01-01 and
/api/v1/audit/events/?date_from=0001-01-01 answered 500). Such a bound is no bound at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.utils import timezone


def day_bound(day: date, *, end: bool = False) -> datetime | None:
    """The first (or, with end=True, the last) instant of `day` in the current time zone, aware;
    None when that instant is outside the datetimes UTC can hold (then nothing lies beyond it)."""
    moment = timezone.make_aware(datetime.combine(day, time.max if end else time.min))
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return None
    return moment

"""Day bounds for date filters that compare with datetime columns.

A filter "from 0001-01-01" is the first instant of that day in the local time zone (UTC+7),
which lies before the first datetime Python and the database can hold: converting it to UTC for
the query raised OverflowError (found by fuzzing the API: /api/v1/cases/?date_from=0001-01-01 and
/api/v1/audit/events/?date_from=0001-01-01 answered 500). Such a bound is no bound at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_noop

from naungan.core.errors import DomainError


def day_bound(day: date, *, end: bool = False) -> datetime | None:
    """The first (or, with end=True, the last) instant of `day` in the current time zone, aware;
    None when that instant is outside the datetimes UTC can hold (then nothing lies beyond it)."""
    moment = timezone.make_aware(datetime.combine(day, time.max if end else time.min))
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return None
    return moment


BAD_DATE = gettext_noop("Tanggal tidak valid (format TTTT-BB-HH).")


def parse_day(value, *, default: date | None = None) -> date | None:
    """The one parser of a calendar day given as text (ISO 8601, YYYY-MM-DD, as an HTML date input
    sends it), for input that does not come through a Django form (forms use DateField).

    Empty (None, "", whitespace) gives `default`; a date gives itself (a datetime its day); anything
    else that is not a real day raises DomainError with BAD_DATE, which pages and the API show as a
    message (never a server error)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        day = parse_date(str(value).strip())
    except ValueError:  # well-formed but not a real day, e.g. 2026-02-30
        day = None
    if day is None:
        raise DomainError(BAD_DATE)
    return day

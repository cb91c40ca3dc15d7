"""core.dates.parse_day: the one parser of a day given as text outside a Django form."""

from datetime import date, datetime

import pytest

from naungan.core.dates import BAD_DATE, parse_day
from naungan.core.errors import DomainError


@pytest.mark.parametrize("value, expected", [
    ("2026-02-03", date(2026, 2, 3)),
    (" 2026-02-03 ", date(2026, 2, 3)),
    (date(2026, 2, 3), date(2026, 2, 3)),
    (datetime(2026, 2, 3, 23, 59), date(2026, 2, 3)),
    ("0001-01-01", date(1, 1, 1)),
])
def test_a_day_is_read(value, expected):
    assert parse_day(value) == expected


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_gives_the_default(empty):
    assert parse_day(empty) is None
    assert parse_day(empty, default=date(2026, 1, 1)) == date(2026, 1, 1)


@pytest.mark.parametrize("bad", ["2026-02-30", "03/02/2026", "kemarin", "2026-13-01"])
def test_anything_else_is_a_message_not_a_crash(bad):
    with pytest.raises(DomainError) as exc:
        parse_day(bad)
    assert str(exc.value) == BAD_DATE

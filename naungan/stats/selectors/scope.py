"""Who may see which figures, the filters of a dashboard and whole-month periods."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404

from naungan.accounts.permissions import AGGREGATES, DASHBOARD, cities_with
from naungan.accounts.roles import Role
from naungan.accounts.scope import city_codes, is_national, memberships_with, organisation_ids_of, region_q
from naungan.cases.models import Case
from naungan.cases.selectors import cases_visible_to
from naungan.core.dates import day_bound
from naungan.regions.models import Level, Region

AGGREGATE_ROLES = AGGREGATES.roles  # accounts.permissions names them


def case_aggregate_scope(user) -> QuerySet[Case]:
    if is_national(user):
        return Case.objects.all()
    cities = city_codes(user, *AGGREGATE_ROLES)
    if cities:
        return Case.objects.filter(Q(city_id__in=cities) | Q(pk__in=cases_visible_to(user).values("pk")))
    if city_codes(user, Role.CASE_MANAGER, Role.PPT_OFFICER):
        return cases_visible_to(user)
    raise Http404


def dashboard_cities(user) -> list[Region]:
    codes = cities_with(user, DASHBOARD)
    qs = Region.objects.filter(level=Level.KABKOTA)
    return list(qs if is_national(user) and not codes else qs.filter(code__in=codes))


@dataclass
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    kecamatan: str = ""
    kelurahan: str = ""
    form: str = ""
    age_band: str = ""
    city: str = ""

    def period_q(self, field: str = "received_at") -> Q:
        q = Q()
        if self.date_from and (start := day_bound(self.date_from)):
            q &= Q(**{f"{field}__gte": start})
        if self.date_to and (end := day_bound(self.date_to, end=True)):
            q &= Q(**{f"{field}__lte": end})
        return q

    def whole_months(self) -> Filters:
        """The same filters with the period widened to whole months (what the aggregates count)."""
        return replace(self, date_from=month_start(self.date_from) if self.date_from else None,
                       date_to=month_end(self.date_to) if self.date_to else None)

    def previous(self) -> Filters:
        """The period of as many whole months just before this one."""
        if not (self.date_from and self.date_to):
            return self
        start, end = month_start(self.date_from), month_start(self.date_to)
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return replace(self, date_from=add_months(start, -months), date_to=month_end(add_months(start, -1)))


def fact_scope_q(user) -> Q | None:
    """The fact rows (grain m) a user may count; None means all (national operator)."""
    if is_national(user):
        return None
    cities = city_codes(user, *AGGREGATE_ROLES)
    units = organisation_ids_of(user, Role.CASE_MANAGER)
    ppt = memberships_with(user, Role.PPT_OFFICER)
    if not (cities or units or ppt):
        raise Http404
    return (Q(city__in=cities) | Q(org_id__in=units)
            | region_q("kelurahan", {m.region_id for m in ppt}) | Q(reg_org_id__in={m.organisation_id for m in ppt}))


def month_start(d: date) -> date:
    return d.replace(day=1)


def month_end(d: date) -> date:
    if (d.year, d.month) == (date.max.year, 12):
        return date.max
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def add_months(d: date, n: int) -> date:
    """The first day of the month n months from d's, kept within the calendar (years 1–9999): a
    period at its edge has no month before or after it (fuzzing finding: ValueError, 500)."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    if y < date.min.year:
        return date.min
    if y > date.max.year:
        return date.max.replace(day=1)
    return date(y, m + 1, 1)

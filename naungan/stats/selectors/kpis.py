"""Service KPIs of a city, from the aggregates, with the previous period beside them."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext_lazy

from naungan.accounts.models import User
from naungan.accounts.scope import city_codes, is_national
from naungan.regions.models import Level, Region

from ..models import Fact
from .cube import Cube, _org_names
from .scope import AGGREGATE_ROLES, Filters

KPI_ROLES = AGGREGATE_ROLES


def kpi_cities(user) -> list[Region]:
    codes = city_codes(user, *KPI_ROLES)
    qs = Region.objects.filter(level=Level.KABKOTA)
    if is_national(user) and not codes:
        return list(qs.order_by("code"))
    if not codes:
        raise Http404
    return list(qs.filter(code__in=codes).order_by("code"))


def _avg(total, n, unit: float = 1.0):
    return round(total / n / unit, 1) if n else None


def _pct(part, whole):
    return round(100 * part / whole) if whole else None


def _period_kpis(user, f: Filters) -> dict:
    c = Cube(user, replace(f, form="", age_band=""))
    t = c.total("case", "n", "resp_n", "resp_s", "close_n", "close_s", "delay_n", "delay_d", "on_time_n", "late_n")
    v = c.facts("victim").filter(child="y").aggregate(n=Sum("n"), served=Sum("served_n"))
    refs = c.by("ref", "agency_id", "status")
    agencies: dict[int, dict] = {}
    for (agency, status), n in refs.items():
        a = agencies.setdefault(agency, {"sent": 0, "accepted": 0, "declined": 0, "in_progress": 0, "completed": 0})
        a[status] = a.get(status, 0) + n
    per_agency = {}
    for agency, a in agencies.items():
        taken = a["accepted"] + a["in_progress"] + a["completed"]
        per_agency[agency] = {"total": sum(a.values()), "waiting": a["sent"], "acceptance": _pct(taken, taken + a["declined"]),
                              "completion": _pct(a["completed"], taken)}
    return {
        "cases": t["n"], "response_hours": _avg(t["resp_s"], t["resp_n"], 3600), "responded": t["resp_n"],
        "on_time": _pct(t["on_time_n"], t["on_time_n"] + t["late_n"]),
        "closure_days": _avg(t["close_s"], t["close_n"], 86400), "closed": t["close_n"],
        "delay_days": _avg(t["delay_d"], t["delay_n"]), "with_incident_date": t["delay_n"],
        "child_victims": v["n"] or 0, "child_victims_served": v["served"] or 0, "served_share": _pct(v["served"] or 0, v["n"] or 0),
        "agencies": per_agency,
    }


def service_kpis(user, f: Filters) -> dict:
    """Response, closure and reporting-delay times, referral acceptance and completion per agency
    and the share of child victims served — for the period and the one before it — and the open
    caseload now per unit and per officer."""
    now, before = _period_kpis(user, f), _period_kpis(user, f.previous())
    names = _org_names(set(now["agencies"]) | set(before["agencies"]))
    agencies = sorted(({"agency": names.get(a, "—"), "now": now["agencies"].get(a), "before": before["agencies"].get(a)}
                       for a in set(now["agencies"]) | set(before["agencies"])), key=lambda r: r["agency"])
    # the caller has checked that the user may see the city's KPIs (kpi_cities)
    load = Fact.objects.filter(grain="o", kind="load", city=f.city).order_by()
    units = dict(load.values_list("org_id").annotate(v=Sum("n")))
    officers = dict(load.values_list("officer_id").annotate(v=Sum("n")))
    unit_names = _org_names(units)
    people = {u.pk: (u.get_full_name() or u.username) for u in User.objects.filter(pk__in=[i for i in officers if i])}
    return {
        "now": now, "before": before, "agencies": agencies,
        "units": sorted(({"name": unit_names.get(o, "—"), "open": n} for o, n in units.items()), key=lambda r: -r["open"]),
        "officers": sorted(({"name": people.get(o) if o else None, "open": n} for o, n in officers.items()), key=lambda r: -r["open"]),
    }


# The KPIs a page or the API shows, in order, with their labels.
KPI_ROWS = [("cases", gettext_lazy("Kasus dilaporkan")), ("response_hours", gettext_lazy("Rata-rata jam dari laporan hingga respons pertama")),
            ("on_time", gettext_lazy("Respons pertama tepat waktu (%)")), ("closure_days", gettext_lazy("Rata-rata hari dari laporan hingga ditutup")),
            ("delay_days", gettext_lazy("Rata-rata hari dari kejadian hingga dilaporkan")),
            ("served_share", gettext_lazy("Anak korban yang menerima layanan (%)"))]

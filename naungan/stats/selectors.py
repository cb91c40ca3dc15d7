"""Figures. Every number is a sum over the maintained aggregates (`models.Fact`, kept by
`aggregates.py`), filtered on typed, indexed columns — never a scan of case rows per request.

The scope for counts: supervisors and data analysts count every case of their city (analysts
never see a row: no page or endpoint of theirs returns one); case managers count the cases of
their unit, PPT officers those of their kelurahan or registered by their post (`fact_scope_q`).
`case_aggregate_scope(user)` is the same scope on case rows, for the anonymised extract.

Periods are whole months: a dashboard period runs from the first day of the month of its start
to the last day of the month of its end (the aggregates count by month)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from naungan.accounts.roles import Role
from naungan.accounts.scope import city_codes, is_national, memberships_with, organisation_ids_of
from naungan.cases.models import Case
from naungan.cases.selectors import cases_visible_to
from naungan.catalogues.selectors import values
from naungan.core.dates import day_bound
from naungan.regions.models import Level, Region

from .models import Fact

AGGREGATE_ROLES = (Role.SUPERVISOR, Role.ANALYST)
DASHBOARD_ROLES = (Role.SUPERVISOR, Role.ANALYST, Role.CASE_MANAGER, Role.PPT_OFFICER)


def can_see_dashboard(user) -> bool:
    return is_national(user) or bool(city_codes(user, *DASHBOARD_ROLES))


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
    codes = city_codes(user, *DASHBOARD_ROLES)
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
    q = Q(pk__in=[])
    cities = city_codes(user, *AGGREGATE_ROLES)
    if cities:
        q |= Q(city__in=cities)
    units = organisation_ids_of(user, Role.CASE_MANAGER)
    if units:
        q |= Q(org_id__in=units)
    ppt = memberships_with(user, Role.PPT_OFFICER)
    if ppt:
        for m in ppt:
            q |= Q(kelurahan=m.region_id) | Q(kelurahan__startswith=m.region_id + ".")
        q |= Q(reg_org_id__in=[m.organisation_id for m in ppt])
    if not (cities or units or ppt):
        raise Http404
    return q


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


class Cube:
    """The facts a viewer may sum under a dashboard's filters."""

    def __init__(self, user, f: Filters):
        self.user, self.f = user, f
        self.scope = fact_scope_q(user)
        # PPT officers' scope is a kelurahan or their post: only the kelurahan cells can answer it
        self.coarse_ok = not f.kelurahan and (self.scope is None or not memberships_with(user, Role.PPT_OFFICER))

    def facts(self, kind: str, *, by_kelurahan: bool = False):
        f = self.f
        grain = "c" if self.coarse_ok and not by_kelurahan else "m"
        qs = Fact.objects.filter(grain=grain, kind=kind, form_f=f.form or "", band_f=f.age_band or "")
        if self.scope is not None:
            qs = qs.filter(self.scope)
        if f.city:
            qs = qs.filter(city=f.city)
        if f.kecamatan:
            qs = qs.filter(kecamatan=f.kecamatan)
        if f.kelurahan:
            qs = qs.filter(kelurahan=f.kelurahan)
        if f.date_from:
            qs = qs.filter(month__gte=month_start(f.date_from))
        if f.date_to:
            qs = qs.filter(month__lte=month_start(f.date_to))
        return qs.order_by()

    def by(self, kind: str, *fields: str, measure: str = "n", exclude: dict | None = None) -> dict:
        qs = self.facts(kind, by_kelurahan="kelurahan" in fields)
        if exclude:
            qs = qs.exclude(**exclude)
        rows = qs.values(*fields).annotate(v=Sum(measure))
        if len(fields) == 1:
            return {r[fields[0]]: r["v"] for r in rows}
        return {tuple(r[x] for x in fields): r["v"] for r in rows}

    def total(self, kind: str, *measures: str) -> dict:
        out = self.facts(kind).aggregate(**{m: Sum(m) for m in measures})
        return {m: out[m] or 0 for m in measures}

    def overdue(self, now=None) -> dict:
        """Cases past their response target without a first response, per risk."""
        now = now or timezone.now()
        return {r["risk"]: r["v"] for r in self.facts("clock").filter(due_at__lt=now).values("risk").annotate(v=Sum("n"))}


def cube(user, f: Filters) -> Cube:
    return Cube(user, f)


def over_time(c: Cube, period: str = "month") -> list[tuple[str, int]]:
    per_month = sorted(c.by("case", "month").items())
    out: dict[str, int] = {}
    for m, n in per_month:
        label = str(m.year) if period == "year" else f"{m.year}-T{(m.month - 1) // 3 + 1}" if period == "quarter" else m.strftime("%Y-%m")
        out[label] = out.get(label, 0) + n
    return list(out.items())


def response_compliance(c: Cube) -> list[dict]:
    """Per risk level: triaged cases, answered within target, answered late, still open past target."""
    overdue = c.overdue()
    rows = c.facts("risk").values("risk").annotate(
        total=Sum("n"), on_time=Sum("on_time_n"), late=Sum("late_n"), resp_n=Sum("resp_n"), resp_s=Sum("resp_s"))
    out = []
    for r in rows:
        answered = r["on_time"] + r["late"]
        r["overdue"] = overdue.get(r["risk"], 0)
        r["rate"] = round(100 * r["on_time"] / answered) if answered else None
        r["avg_hours"] = round(r["resp_s"] / r["resp_n"] / 3600, 1) if r["resp_n"] else None
        out.append(r)
    order = {"tinggi": 0, "sedang": 1, "rendah": 2}
    return sorted(out, key=lambda r: order.get(r["risk"], 9))


def _org_names(ids) -> dict[int, str]:
    from naungan.accounts.models import Organisation

    return dict(Organisation.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


def compliance_by_unit(c: Cube) -> list[dict]:
    rows = list(c.facts("risk").values("org_id").annotate(total=Sum("n"), on_time=Sum("on_time_n")))
    names = _org_names(r["org_id"] for r in rows)
    return sorted(({"unit": names.get(r["org_id"], "—"), "total": r["total"], "on_time": r["on_time"],
                    "rate": round(100 * r["on_time"] / r["total"]) if r["total"] else None} for r in rows), key=lambda r: r["unit"])


def open_work(c: Cube) -> dict:
    t = c.total("case", "open_n", "closed_n", "pending_n")
    return {"open": t["open_n"], "overdue": sum(c.overdue().values()), "closure_pending": t["pending_n"], "closed": t["closed_n"]}


def kelurahan_table(c: Cube, city_code: str) -> list[dict]:
    """Every kelurahan of the city with its count (zeros included) and a heat class 0–4."""
    counts = c.by("case", "kelurahan")
    kel = Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").select_related("parent").order_by("parent__name", "name")
    top = max((n for k, n in counts.items() if k), default=0)
    rows = []
    for k in kel:
        n = counts.get(k.code, 0)
        heat = 0 if n == 0 or top == 0 else min(4, 1 + int(3 * n / top))
        rows.append({"code": k.code, "name": k.name, "kecamatan": k.parent.name, "n": n, "heat": heat})
    return rows


def labelled(kind: str, counts: dict, *, include_zero: bool = True) -> list[tuple[str, str, int]]:
    """(code, label, count) in the value set's order."""
    out = [(v.code, v.label, counts.get(v.code, 0)) for v in values(kind)]
    return [row for row in out if include_zero or row[2]]


def service_figures(c: Cube) -> dict:
    """Services, referrals and rights of the cases counted."""
    from django.utils.translation import gettext as _

    from naungan.services.models import ReferralStatus

    by_service = c.by("service", "service")
    refs = c.by("ref", "agency_id", "status")
    names = _org_names({a for a, _s in refs})
    by_agency = sorted(((names.get(a, "—"), s, n) for (a, s), n in refs.items() if n), key=lambda r: (r[0], r[1]))
    rights = c.by("right", "right", "status")
    tables = [
        {"id": "layanan", "title": _("Layanan diberikan menurut kategori SIMFONI"), "header": [_("Layanan"), _("Jumlah")],
         "rows": [[v.label, by_service.get(v.code, 0)] for v in values("simfoni_service")], "chart": "bar"},
        {"id": "rujukan", "title": _("Rujukan menurut lembaga dan hasil"), "header": [_("Lembaga"), _("Status"), _("Jumlah")],
         "rows": [[a, str(ReferralStatus(s).label), n] for a, s, n in by_agency], "chart": None},
        {"id": "hak", "title": _("Pemenuhan hak korban"), "header": [_("Hak"), _("Dibutuhkan"), _("Dalam proses"), _("Terpenuhi"), _("Tidak dapat")],
         "rows": [[v.label, rights.get((v.code, "needed"), 0), rights.get((v.code, "in_progress"), 0), rights.get((v.code, "fulfilled"), 0),
                   rights.get((v.code, "not_possible"), 0)] for v in values("right")], "chart": None},
    ]
    return {"tables": tables, "services_by_kecamatan": c.by("service", "kecamatan")}


def year_facts(kind: str, year_from: int, year_to: int, **filters):
    """City × year cells (grain y) of one kind over a range of years."""
    return Fact.objects.filter(grain="y", kind=kind, month__gte=date(year_from, 1, 1), month__lte=date(year_to, 1, 1), **filters).order_by()


def city_year_figures(city_code: str, year: int) -> dict:
    """A city's case figures of one registration year (KLA evidence)."""
    cases = year_facts("case", year, year, city=city_code).aggregate(cases=Sum("n"), child_cases=Sum("n", filter=Q(child="y")))
    victims = year_facts("victim", year, year, city=city_code, child="y")
    child = victims.aggregate(victims=Sum("n"), served=Sum("served_n"), disability=Sum("disabled_n"))
    by_type = dict(year_facts("ctype", year, year, city=city_code).values_list("case_type").annotate(v=Sum("n")))
    by_group = dict(victims.exclude(special_protection="").values_list("special_protection").annotate(v=Sum("n")))
    return {
        "cases": cases["cases"] or 0, "child_cases": cases["child_cases"] or 0, "child_victims": child["victims"] or 0,
        "child_victims_served": child["served"] or 0, "child_victims_disability": child["disability"] or 0,
        "by_case_type": by_type, "child_victims_by_special_protection": by_group,
    }


# ---------------------------------------------------------------------------------------------
# province and national views: aggregates of many cities, never a case row or an identity

def area_scope(user) -> set[str] | None:
    """The provinces a user may compare (None: all of Indonesia). Anyone else: 404."""
    from naungan.accounts.scope import has_role, region_codes_of

    if is_national(user) or has_role(user, Role.NATIONAL_ANALYST):
        return None
    provinces = region_codes_of(user, Role.PROVINCE_ANALYST)
    if provinces:
        return provinces
    raise Http404


def area_allowed(scope: set[str] | None, code: str) -> bool:
    if scope is None:
        return True
    return bool(code) and code.split(".")[0] in scope


_CASE_SUMS = {"cases": Sum("n"), "child_cases": Sum("n", filter=Q(child="y")), "open": Sum("open_n"), "closed": Sum("closed_n"),
              "on_time": Sum("on_time_n"), "late": Sum("late_n"), "resp_n": Sum("resp_n"), "resp_s": Sum("resp_s"),
              "close_n": Sum("close_n"), "close_s": Sum("close_s"), "delay_n": Sum("delay_n"), "delay_d": Sum("delay_d")}
_VICTIM_SUMS = {"victims": Sum("n"), "child_victims": Sum("n", filter=Q(child="y")), "female_victims": Sum("n", filter=Q(sex="P")),
                "served": Sum("served_n", filter=Q(child="y"))}


def _finish(row: dict) -> dict:
    for k in list(_CASE_SUMS) + list(_VICTIM_SUMS):
        row[k] = row.get(k) or 0
    answered = row["on_time"] + row["late"]
    row["rate"] = round(100 * row["on_time"] / answered) if answered else None
    row["resp_hours"] = round(row["resp_s"] / row["resp_n"] / 3600, 1) if row["resp_n"] else None
    row["close_days"] = round(row["close_s"] / row["close_n"] / 86400, 1) if row["close_n"] else None
    row["delay_days"] = round(row["delay_d"] / row["delay_n"], 1) if row["delay_n"] else None
    row["served_share"] = round(100 * row["served"] / row["child_victims"]) if row["child_victims"] else None
    return row


def area_figures(code: str, year_from: int, year_to: int) -> dict:
    """Figures of an area (""/Indonesia, a province "35" or a kab/kota "35.75") over whole years:
    one row per sub-area (provinces, kab/kota, kecamatan) side by side, and the area's breakdowns."""
    depth = 0 if not code else len(code.split("."))
    if depth == 0:
        children = list(Region.objects.filter(level=Level.PROVINSI).order_by("code"))
        area = {}
    else:
        children = list(Region.objects.filter(parent_id=code).order_by("name" if depth == 2 else "code"))
        area = {"city": code} if depth == 2 else {"city__startswith": code + "."}

    if depth < 2:
        group = "city"
        cases = year_facts("case", year_from, year_to, **area).values("city").annotate(**_CASE_SUMS)
        victims = year_facts("victim", year_from, year_to, **area).values("city").annotate(**_VICTIM_SUMS)
        fold = (lambda c: c[:2]) if depth == 0 else (lambda c: c)
    else:  # a kab/kota: its kecamatan, from the kelurahan × month cells
        group = "kecamatan"
        m = Fact.objects.filter(grain="c", form_f="", band_f="", city=code, month__gte=date(year_from, 1, 1), month__lte=date(year_to, 12, 1)).order_by()
        cases = m.filter(kind="case").values("kecamatan").annotate(**_CASE_SUMS)
        victims = m.filter(kind="victim").values("kecamatan").annotate(**_VICTIM_SUMS)
        fold = lambda c: c  # noqa: E731
    rows: dict[str, dict] = {r.code: {"code": r.code, "name": r.name} for r in children}
    for qs in (cases, victims):
        for r in qs:
            key = fold(r[group])
            if key not in rows:
                continue
            target = rows[key]
            for k, v in r.items():
                if k != group:
                    target[k] = (target.get(k) or 0) + (v or 0)
    table = [_finish(r) for r in rows.values()]
    total = _finish({k: sum(r[k] for r in table) for k in list(_CASE_SUMS) + list(_VICTIM_SUMS)})

    forms = dict(year_facts("form", year_from, year_to, **area).values_list("form").annotate(v=Sum("n")))
    places = dict(year_facts("place", year_from, year_to, **area).values_list("place").annotate(v=Sum("n")))
    victim_cells = year_facts("victim", year_from, year_to, **area).values_list("age_band", "sex").annotate(v=Sum("n"))
    bands, sexes = {}, {}
    for band, sex, n in victim_cells:
        bands[band] = bands.get(band, 0) + n
        sexes[sex] = sexes.get(sex, 0) + n
    trend = {m.year: n for m, n in year_facts("case", year_from, year_to, **area).values_list("month").annotate(v=Sum("n"))}
    return {"rows": table, "total": total, "drill": depth < 2, "forms": forms, "places": places, "bands": bands, "sexes": sexes,
            "trend": [(y, trend.get(y, 0)) for y in range(year_from, year_to + 1)]}


# ---------------------------------------------------------------------------------------------
# service KPIs of a city, from the aggregates, with the previous period beside them

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
    from naungan.accounts.models import User

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

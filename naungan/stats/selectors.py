"""Figures. Every number is a GROUP BY on typed, indexed columns in the database, starting from a
scope function — never a Python loop over rows, never JSON.

`case_aggregate_scope(user)` is the scope for COUNTS: supervisors and data analysts count every
case of their city (analysts never see a row: no page or endpoint of theirs returns one); case
managers, PPT officers and Satgas count the cases they can open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear, TruncMonth
from django.http import Http404
from django.utils import timezone

from naungan.accounts.roles import Role
from naungan.accounts.scope import city_codes, is_national
from naungan.cases.models import Case, CaseViolenceForm, Person, PersonRole, Status
from naungan.cases.selectors import cases_visible_to, overdue_q
from naungan.catalogues.selectors import values
from naungan.regions.models import Level, Region

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
        if self.date_from:
            q &= Q(**{f"{field}__gte": timezone.make_aware(datetime.combine(self.date_from, time.min))})
        if self.date_to:
            q &= Q(**{f"{field}__lte": timezone.make_aware(datetime.combine(self.date_to, time.max))})
        return q

    def previous(self) -> Filters:
        """The period of the same length just before this one."""
        if not (self.date_from and self.date_to):
            return self
        length = self.date_to - self.date_from
        return Filters(self.date_from - length - timedelta(days=1), self.date_from - timedelta(days=1), self.kecamatan,
                       self.kelurahan, self.form, self.age_band, self.city)


def filtered_cases(user, f: Filters) -> QuerySet[Case]:
    qs = case_aggregate_scope(user).filter(f.period_q())
    if f.city:
        qs = qs.filter(city_id=f.city)
    if f.kecamatan:
        qs = qs.filter(kecamatan_id=f.kecamatan)
    if f.kelurahan:
        qs = qs.filter(kelurahan_id=f.kelurahan)
    if f.form:
        qs = qs.filter(pk__in=CaseViolenceForm.objects.filter(form=f.form).values("case_id"))
    if f.age_band:
        qs = qs.filter(pk__in=Person.objects.filter(role=PersonRole.VICTIM, age_band=f.age_band).values("case_id"))
    return qs


def victims_of(cases: QuerySet[Case]) -> QuerySet[Person]:
    return Person.objects.filter(role=PersonRole.VICTIM, case__in=cases.values("pk"))


def count_by(qs: QuerySet, field: str) -> dict:
    return {row[field]: row["n"] for row in qs.order_by().values(field).annotate(n=Count("pk"))}


def cases_by_form(cases: QuerySet[Case]) -> dict:
    return {r["form"]: r["n"] for r in CaseViolenceForm.objects.filter(case__in=cases.values("pk")).order_by().values("form").annotate(n=Count("case_id", distinct=True))}


def perpetrators_by_relation(cases: QuerySet[Case]) -> dict:
    return count_by(Person.objects.filter(role=PersonRole.PERPETRATOR, case__in=cases.values("pk")), "relation_to_victim")


def over_time(cases: QuerySet[Case], period: str = "month") -> list[tuple[str, int]]:
    if period == "year":
        rows = cases.order_by().annotate(y=ExtractYear("received_at")).values("y").annotate(n=Count("pk")).order_by("y")
        return [(str(r["y"]), r["n"]) for r in rows]
    if period == "quarter":
        rows = cases.order_by().annotate(y=ExtractYear("received_at"), q=ExtractQuarter("received_at")).values("y", "q").annotate(n=Count("pk")).order_by("y", "q")
        return [(f"{r['y']}-T{r['q']}", r["n"]) for r in rows]
    rows = cases.order_by().annotate(m=TruncMonth("received_at")).values("m").annotate(n=Count("pk")).order_by("m")
    return [(r["m"].strftime("%Y-%m"), r["n"]) for r in rows]


def response_compliance(cases: QuerySet[Case]) -> list[dict]:
    """Per risk level: triaged cases, answered within target, answered late, still open past target."""
    now = timezone.now()
    rows = cases.exclude(risk="").order_by().values("risk").annotate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(first_response_at__isnull=False, first_response_at__lte=F("respond_by"))),
        late=Count("pk", filter=Q(first_response_at__isnull=False, first_response_at__gt=F("respond_by"))),
        overdue=Count("pk", filter=Q(first_response_at__isnull=True, respond_by__lt=now) & ~Q(status=Status.CLOSED)),
        avg_response=Avg(ExpressionWrapper(F("first_response_at") - F("received_at"), output_field=DurationField())),
    )
    out = []
    for r in rows:
        answered = r["on_time"] + r["late"]
        r["rate"] = round(100 * r["on_time"] / answered) if answered else None
        r["avg_hours"] = round(r["avg_response"].total_seconds() / 3600, 1) if r["avg_response"] else None
        out.append(r)
    order = {"tinggi": 0, "sedang": 1, "rendah": 2}
    return sorted(out, key=lambda r: order.get(r["risk"], 9))


def compliance_by_unit(cases: QuerySet[Case]) -> list[dict]:
    rows = cases.exclude(risk="").order_by().values("owner_org__name").annotate(
        total=Count("pk"), on_time=Count("pk", filter=Q(first_response_at__isnull=False, first_response_at__lte=F("respond_by"))))
    return [{"unit": r["owner_org__name"], "total": r["total"], "on_time": r["on_time"],
             "rate": round(100 * r["on_time"] / r["total"]) if r["total"] else None} for r in rows]


def open_work(cases: QuerySet[Case]) -> dict:
    return cases.aggregate(
        open=Count("pk", filter=~Q(status=Status.CLOSED)),
        overdue=Count("pk", filter=overdue_q()),
        closure_pending=Count("pk", filter=Q(closure_requested_at__isnull=False) & ~Q(status=Status.CLOSED)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
    )


def kelurahan_table(cases: QuerySet[Case], city_code: str) -> list[dict]:
    """Every kelurahan of the city with its count (zeros included) and a heat class 0–4."""
    counts = count_by(cases.filter(kelurahan__isnull=False), "kelurahan_id")
    kel = Region.objects.filter(level=Level.KELURAHAN, code__startswith=city_code + ".").select_related("parent").order_by("parent__name", "name")
    top = max(counts.values(), default=0)
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


def extra_service_figures(cases: QuerySet[Case]) -> dict:
    """Services and referrals, when the services app records them."""
    try:
        from naungan.services import selectors as svc
    except ImportError:  # pragma: no cover
        return {}
    fn = getattr(svc, "aggregate_for_cases", None)
    return fn(cases) if fn else {}
